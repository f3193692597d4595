/* take — what record and import share: process a take and put it in place.
 *
 * A take is 48 kHz mono samples. take_finish() trims and levels it (rec.h),
 * prints what was done in plain words, and saves it as a WAV where the player
 * finds it: NN.wav for a page of a story folder, reassurance.wav in the
 * family's data folder. The previous narration is replaced so that, whatever
 * moment the program is killed, the page has exactly one playable narration. */
#ifndef HUSHABYE_TAKE_H
#define HUSHABYE_TAKE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
    const char *folder;   /* the story folder, or the family's data folder */
    int page;             /* 1..999, or 0 for the reassurance */
} TakeTarget;

/* Trim, level and save. Prints a report on out, problems on stderr.
 * Returns TOOL_OK, or TOOL_FAIL (silence, too long, a write that failed:
 * nothing is changed then). */
int take_finish(const TakeTarget *t, const int16_t *s, size_t n, FILE *out);

/* The target's display name ("page 3", "the reassurance"). */
const char *take_label(const TakeTarget *t, char *buf, size_t len);

/* Is path an existing folder? */
int take_is_folder(const char *path);

#endif
