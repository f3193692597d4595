/* userdata — the family's own files: where they live, how they are read.
 *
 *   $XDG_DATA_HOME/hushabye/          (default ~/.local/share/hushabye)
 *       reassurance.txt               the closing words, one line, UTF-8
 *       reassurance.ogg|.wav|...      the closing words in the family's voice
 *       stories/                      the family's own story folders
 *   $XDG_DATA_DIRS/hushabye/stories/  shared story folders (read only)
 *   $XDG_CONFIG_HOME/hushabye/        (default ~/.config/hushabye)
 *       settings.ini                  settings a family sets once
 *
 * Everything here is optional; a missing or bad file falls back to the
 * bundled default with a diagnostic, never an error that stops bedtime. */
#ifndef HUSHABYE_USERDATA_H
#define HUSHABYE_USERDATA_H

#include "diag.h"
#include "settings.h"

#define USERDATA_PATH 1024
#define USERDATA_WORDS 512
#define USERDATA_DEFAULT_WORDS "Mom and Dad are always here."
/* Beside the family's recording of the closing words: the words it says. */
#define USERDATA_RECORDED_WORDS ".reassurance-recorded-words.txt"

typedef struct {
    char data_dir[USERDATA_PATH];    /* .../hushabye under XDG data home */
    char config_dir[USERDATA_PATH];  /* .../hushabye under XDG config home */
} UserPaths;

/* Resolve the folders from XDG_DATA_HOME / XDG_CONFIG_HOME / HOME (relative XDG
 * values are ignored, as the XDG spec says). 0 ok, -1 when no home is known. */
int userdata_paths(UserPaths *u);

typedef struct {
    char words[USERDATA_WORDS];       /* what the closing scene says */
    char picture_dir[USERDATA_PATH];  /* folder holding the picture */
    char picture[64];                 /* file name inside picture_dir */
    char voice_dir[USERDATA_PATH];    /* folder holding the voice, "" = none */
    char voice[64];                   /* file name inside voice_dir */
    int family_words, family_voice;   /* 1 when the family's own */
    int voice_stale;                  /* the family's recording says other words:
                                         not played until they are recorded again */
} Reassurance;

/* Work out the closing scene: the family's words and recording when present,
 * else the bundled ones in assets_dir/reassurance/. The bundled voice is used
 * only with the bundled words (it would say something else), and the family's
 * only with the words it was recorded for (USERDATA_RECORDED_WORDS): words
 * changed afterwards are shown alone, with a warning, never under a voice
 * saying something else. */
void userdata_reassurance(const UserPaths *u, const char *assets_dir, Reassurance *r,
                          Diags *d);

/* Note that the family's recording of the closing words says words (after
 * a take is kept). Written atomically. 0 ok, -1 (errno). */
int userdata_voice_words_save(const UserPaths *u, const char *words);
/* After the closing words' take is undone (take_undo): the note of the take
 * brought back becomes the note again, and the newer one is kept beside it. */
void userdata_voice_words_swap(const UserPaths *u);

#define USERDATA_MAX_DIRS 8

/* The hushabye folders under an XDG search path (var, e.g. "XDG_DATA_DIRS",
 * or fallback when unset): "/usr/share/hushabye", ... in the order given,
 * relative entries left out. Returns how many (at most max). */
int userdata_system_dirs(const char *var, const char *fallback, char dirs[][USERDATA_PATH],
                         int max);

/* The shared stories folders a system image or another package provides:
 * hushabye/stories under each XDG_DATA_DIRS entry (default
 * /usr/local/share:/usr/share), in that order, only those that are folders,
 * leaving out bundled (the program's own stories folder, however it is
 * named: /usr/share/hushabye/stories for a package). Returns how many (at
 * most max). */
int userdata_shared_stories(const char *bundled, char dirs[][USERDATA_PATH], int max);

/* Read the settings: the system's presets (XDG_CONFIG_DIRS, default
 * /etc/xdg: hushabye/settings.ini), then config_dir/settings.ini over them.
 * Saving writes the family's file only. */
void settings_load(const UserPaths *u, Settings *s, Diags *d);
/* Write config_dir/settings.ini atomically, changing only the lines of the
 * settings that changed (the parent's comments and layout are kept).
 * 0 ok, -1 (errno) on failure. */
int settings_save(const UserPaths *u, const Settings *s);

#endif
