/* levels — a recording's measured loudness kept for the next night.
 *
 * Before a recording plays, loud.h measures its opening: decoding up to 15
 * seconds a second time costs about a millisecond of a fast core for each
 * second of Vorbis, several times that on a cheap tablet, on every page of
 * every night. A family plays the same few books night after night, so each
 * recording's level is kept in one small text file in the user's cache folder
 * ($XDG_CACHE_HOME/hushabye/levels, by default ~/.cache/hushabye/levels),
 * found by the recording's content key (bookkey.h: its size and its first and
 * last 64 KB, what the player already reads to carry a lullaby into the next
 * story) and what it is for (a voice or a sound), and read back with no
 * decoding at all.
 *
 * The file is read strictly and is never trusted further than a gain can
 * reach: a line that does not parse or fails its check, a number out of
 * loud.h's limits, a gain that is not the one its level gives, or a version
 * other than this one is left out (that recording is measured again). Even
 * a wrong entry could only move a recording within loud.h's limits, under
 * the watch that lowers a sound grown loud as it plays. Two players
 * closing at once keep each other's entries (the file is read again and
 * merged before it is written). It is written when the audio closes (the dark),
 * if the night measured or used anything, to a temporary file renamed into
 * place, not synced: a cache lost to a power cut costs a few milliseconds.
 * It keeps the LEVELS_MAX entries used last. Pure C, POSIX files; no SDL. */
#ifndef HUSHABYE_LEVELS_H
#define HUSHABYE_LEVELS_H

#include <stddef.h>
#include <stdint.h>

#include "loud.h"

#define LEVELS_MAX      2048           /* entries kept (about 100 bytes each) */
#define LEVELS_MAX_FILE (512 * 1024)   /* a longer file is not read */
#define LEVELS_VERSION  2              /* of loud.h's measure: another is measured again */

typedef struct {
    uint64_t key;
    int use;                /* LoudUse */
    int channels;           /* it was measured in (1 or 2) */
    LoudLevel lv;
    unsigned stamp;         /* when last used, in this night's order */
} LevelEntry;

typedef struct {
    char path[4096];        /* the file, or "" for none (nothing kept) */
    LevelEntry *e;
    int n, cap;
    unsigned clock;         /* stamps handed out */
    int changed;            /* something new to write */
} Levels;

/* The file under the XDG cache home (or HOME/.cache) into out:
 * ".../hushabye/levels". 0, or -1 when no home is known or out is short. */
int levels_default_path(char *out, size_t outlen);

/* lv as the file keeps it (hundredths of a dB, millionths of full scale):
 * a fresh measurement is rounded so before it is used, so a recording plays
 * exactly alike measured tonight or read back. */
void levels_round(LoudLevel *lv);

/* Read the file at path (NULL or "": keep nothing). A missing or unreadable
 * file is an empty cache. */
void levels_open(Levels *l, const char *path);
/* The entry for key, use and channels into *lv: 1 found, 0 not. */
int levels_find(Levels *l, uint64_t key, LoudUse use, int channels, LoudLevel *lv);
/* Keep lv for key, use and channels (replacing an older one). */
void levels_add(Levels *l, uint64_t key, LoudUse use, int channels, const LoudLevel *lv);
/* Write the file if anything was added or used (its folder made as needed). 0, or -1
 * when it could not be written (the cache is then as it was). */
int levels_save(Levels *l);
void levels_free(Levels *l);

/* The text of the file (the format, for levels_save and the tests): one
 * header line, then one line for each entry. A malloc'ed string and its length
 * in *len, or NULL. */
char *levels_format(const Levels *l, size_t *len);
/* Read entries from text (len bytes) into l, strictly: the number taken. */
int levels_parse(Levels *l, const char *text, size_t len);

#endif
