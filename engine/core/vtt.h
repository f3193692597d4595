/* vtt — WebVTT timed words for read-along highlighting.
 *
 * A page's .vtt says when each phrase of the narration is spoken. vtt_parse()
 * takes the file's bytes and a length, and gives the cues in order: start and
 * end in seconds and the cue's text as a byte range of the input (tags like
 * <c> or <00:01.500> are left in; the caller decides what to show). Every
 * mistake becomes a diagnostic with the file's display path and the line
 * number, in a parent's words; a cue with a malformed timing line is left out,
 * the others are kept. Bounded: at most VTT_MAX_CUES cues, no recursion. */
#ifndef HUSHABYE_VTT_H
#define HUSHABYE_VTT_H

#include <stddef.h>

#include "diag.h"

#define VTT_MAX_CUES  10000

typedef struct {
    double start, end;     /* seconds, end > start */
    size_t text_off;       /* the cue's text: input[text_off .. text_off + text_len) */
    size_t text_len;       /* lines joined by the input's own line breaks */
    int line;              /* line of the timing line, 1-based */
} VttCue;

typedef struct {
    VttCue *cues;          /* malloc'ed, in file order */
    int n;
} Vtt;

/* Parse buf[0..len). display names the file in messages ("moon/01.vtt").
 * Returns 0 when the file is usable WebVTT (even with some cues left out),
 * -1 when it is not WebVTT at all or memory ran out (a diagnostic says why).
 * *out is always valid to vtt_free() afterwards. */
int vtt_parse(const char *buf, size_t len, const char *display, Vtt *out, Diags *d);
void vtt_free(Vtt *v);

/* Where each cue's words are in the page's words: from[i]..to[i] are byte
 * offsets into text for cue i (both 0 when cue i's words are not there), for
 * the first max cues. A cue's tags (<c>, <v Mom>, <00:01.500>) are left out
 * and its entities (&amp;, &#233;...) read; letters are matched without
 * regard to ASCII case, spaces or punctuation, so "goodnight moon" lights
 * "Goodnight, moon." Cues are searched in order from the end of the one
 * before, so a repeated word lights in the right place. Words that are not
 * the page's are named in a warning on display (the .vtt) at the first such
 * cue's line. Returns how many cues were found. */
int vtt_locate(const char *text, const char *vbuf, const Vtt *v, int *from, int *to, int max,
               const char *display, Diags *d);

/* Parse one timestamp "mm:ss.ttt" or "hh:mm:ss.ttt" from s[0..len); returns the
 * bytes used, or 0 when s does not start with one. */
size_t vtt_timestamp(const char *s, size_t len, double *seconds);

#endif
