/* timing — a page's recording timed word by word and its .vtt written: what
 * `hushabye-story align`, record, import and the studio's Keep share.
 *
 * timing_page() loads the story, finds the page's words and narration,
 * streams the narration through the core decoder (the one format its bytes
 * were sniffed as) into MFCC frames, has espeak-ng (synth.h) read the words
 * in the story's language, aligns (align.h) or, without a voice, spreads the
 * words by syllables, and writes NN.vtt (or the .vtt story.ini names)
 * atomically. A .vtt without the aligner's NOTE line is hand-made and kept
 * unless force. No SDL: it does I/O and calls espeak-ng, so it lives beside
 * the pure core, not in it; safe to call from a thread of its own (espeak-ng
 * calls are serialised in synth.c). */
#ifndef HUSHABYE_TIMING_H
#define HUSHABYE_TIMING_H

#include <stddef.h>

#define TIMING_WRITTEN   0
#define TIMING_NOTHING   1    /* no words or no recording on the page */
#define TIMING_KEPT      2    /* a hand-made .vtt was left as it is */
#define TIMING_FAILED   -1    /* the recording could not be read, or a write failed */

typedef struct {
    int words;              /* cues written */
    double seconds;         /* the recording's length */
    int spread;             /* 1: spread by syllables (no voice, or no match) */
    char vtt[64];           /* the file written or kept */
    char kept[300];         /* a hand-made one replaced (force): its hidden name now, or "" */
    char narration[256];    /* the recording's name, for messages */
    char why[300];          /* on TIMING_FAILED: what went wrong, in plain words;
                             * when spread: why (no voice for the language...) */
} TimingResult;

/* Time page's words in folder (see above). Returns a TIMING_* value, with *r
 * filled for the messages. */
int timing_page(const char *folder, int page, int force, TimingResult *r);

#endif
