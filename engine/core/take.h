/* take — a processed take saved where the player finds it.
 *
 * A take is 48 kHz mono samples, already trimmed and levelled (rec.h).
 * take_save() writes it as a WAV: NN.wav for a page of a story folder,
 * reassurance.wav in the family's data folder. The previous narration is
 * replaced so that, whatever moment the program is killed, the page has
 * exactly one playable narration, and nothing is deleted: the narration
 * replaced is kept hidden for undo, the page's other recordings are set aside
 * as hidden files (take.c's top says which, and for how long). Used by the
 * parents' tool and by the player's recording studio alike. */
#ifndef HUSHABYE_TAKE_H
#define HUSHABYE_TAKE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
    const char *folder;   /* the story folder, or the family's data folder */
    int page;             /* 1..999, or 0 for the reassurance */
} TakeTarget;

/* Save processed samples for the target, replacing its old narration. The
 * file's name is written to name. 0, or -1 with errno (nothing changed). */
int take_save(const TakeTarget *t, const int16_t *samples, size_t n, char *name,
              size_t name_len);

#define TAKE_NAME_MAX 300 /* a file name (up to 255 bytes) with a hidden prefix */
#define TAKE_ASIDE_MAX 16 /* recordings set aside that one report names */

/* What a save did with the recordings the target had. */
typedef struct {
    /* The narration the take replaced, now kept hidden as ".previous-" it for
     * take_undo(); "" when the target had no narration. */
    char replaced[TAKE_NAME_MAX];
    int naside; /* recordings moved out of the loader's sight (never deleted) */
    int retired; /* the page's timed words set aside (take_retire_timings), in the save */
    struct {
        char name[TAKE_NAME_MAX];   /* its name in the folder ("01-dad.ogg") */
        char hidden[TAKE_NAME_MAX]; /* its hidden name now (".set-aside-01-dad.ogg") */
        int was_previous;           /* 1: it was the hidden take before the last */
    } aside[TAKE_ASIDE_MAX];
} TakeReport;

/* take_save(), saying in rep what became of the target's old recordings. */
int take_save_report(const TakeTarget *t, const int16_t *samples, size_t n, char *name,
                     size_t name_len, TakeReport *rep);

/* Bring back the take the last save replaced (kept hidden as
 * ".previous-NN.ext"); the take it replaces becomes the previous one in turn,
 * so undoing twice gives the newer take back. Any other narration the page
 * has by then is set aside, not deleted. The page's timed words swap with
 * it. The name now playing is written to name. 0, or -1 with errno (ENOENT:
 * there is no take to bring back; EILSEQ: the file kept as the take before is
 * not a recording, or not a plain file). */
int take_undo(const TakeTarget *t, char *name, size_t name_len);
/* take_undo(), saying in rep which recordings it set aside (replaced stays
 * ""; the take undone is the previous one now, as the top says). */
int take_undo_report(const TakeTarget *t, char *name, size_t name_len, TakeReport *rep);
/* Is there a previous take to bring back? */
int take_has_previous(const TakeTarget *t);

/* A page's timed words (NN.vtt) were made for the old narration: once a new
 * take is kept they would light the wrong words. take_save() does this
 * itself, before the new take is in place, and counts them in rep->retired;
 * a kill between leaves the old take without timings, never the new one
 * with the old take's. They are renamed to a hidden
 * ".NN.vtt.before-recording" (kept, never deleted, never used; undo brings
 * them back); timings set aside there before are numbered
 * ".NN.vtt.before-recording.2", never overwritten. Returns how many were set
 * aside. */
int take_retire_timings(const TakeTarget *t);

/* One save at a time in a folder: take_save() and take_undo() hold an
 * exclusive lock on the folder itself (flock on the folder, so no lock file
 * is left in it) while they work, and a second process saving the same page
 * waits for the first, whose take then becomes the previous one. Without
 * it, each save set the other's take aside and the page was left with none.
 * A caller whose work on the page goes on after the save (timing the new
 * take's words) holds it around the whole: take_lock() waits for the
 * folder, take_unlock() lets it go; within, the saves do not lock again.
 * Where a folder cannot be locked (opened), the work goes on unlocked. */
void take_lock(const char *folder);
void take_unlock(void);

#define TAKE_LABEL_MAX 128 /* a label in any language, with its NUL */

/* The target's display name in the interface's language ("page 3", "the
 * closing words"). */
const char *take_label(const TakeTarget *t, char *buf, size_t len);

/* Bytes kept free beyond the take itself: the WAV header, the folder's entry
 * and the old narration, which stays until the new one is in place. */
#define TAKE_ROOM_MARGIN (1024.0 * 1024.0)

/* Can a take of up to seconds be saved in folder? Asked before recording
 * starts. Makes and removes a temporary file there and checks the free space
 * for seconds of 48 kHz 16-bit mono plus TAKE_ROOM_MARGIN. 0 when it can; -1
 * with the reason in plain words in why ("cannot record here: the folder is
 * read-only", "... the disk is full (...)"). */
int take_check_room(const char *folder, double seconds, char *why, size_t len);

/* Is path an existing folder? */
int take_is_folder(const char *path);

#endif
