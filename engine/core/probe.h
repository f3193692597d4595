/* probe — a picture's width and height from its header, before any decoding.
 *
 * A story folder may hold a 100000x100000 PNG of a few kilobytes that would
 * cost gigabytes to decode. The player and the checker ask the header first:
 * PNG's IHDR, JPEG's SOFn marker, WebP's VP8/VP8L/VP8X chunk, SVG's width,
 * height or viewBox. Pure and bounded: bytes in, a size out, no allocation,
 * every read checked against the length given. */
#ifndef HUSHABYE_PROBE_H
#define HUSHABYE_PROBE_H

#include <stddef.h>

#define PROBE_MAX_SIDE  8192     /* pixels a side the player decodes at most */
#define PROBE_SVG_SCAN  65536    /* bytes of an SVG searched for its <svg> tag */

typedef enum {
    PROBE_OK,          /* *w and *h set */
    PROBE_UNKNOWN,     /* not a PNG, JPEG, WebP or SVG */
    PROBE_TRUNCATED,   /* the header stops before it gives the size */
    PROBE_BAD,         /* the header is malformed (no size, zero size, out of order) */
    PROBE_NO_SIZE      /* an SVG that states no size: drawn at whatever size is asked */
} ProbeStatus;

/* Width and height of the picture in buf[0..len), for len as much of the file as
 * the caller has (a JPEG's size may come after large metadata, so the whole file
 * is best). *w and *h are set only with PROBE_OK; SVG sizes are rounded up
 * (units cm, mm, in, pt, pc converted at 96 per inch). */
ProbeStatus probe_picture(const unsigned char *buf, size_t len, int *w, int *h);

/* Is the picture too large to decode (either side over PROBE_MAX_SIDE)? */
int probe_too_large(int w, int h);

/* Plain words for a status, fitting "the picture %s". */
const char *probe_status_text(ProbeStatus st);

#endif
