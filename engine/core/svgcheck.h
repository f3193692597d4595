/* svgcheck — is an SVG safe and quick to draw, before it is drawn?
 *
 * SVG is rasterised by nanosvg (inside SDL_image), which has no time limit:
 * a few hundred kilobytes of one path with many points and a thick
 * round-joined stroke take it minutes, and a drawing whose size comes out
 * zero or negative leaks inside SDL_image (2.6 returns without freeing the
 * parsed image). nanosvg takes the size from width and height, else from the
 * viewBox, else from the bounds of what is drawn, which can be zero (an
 * empty file, a path of one point, "<svg" in a text file); so a drawing must
 * say its size: width and height, or a viewBox. Before an SVG is handed
 * over, one bounded pass over its bytes checks the root <svg> tag's size
 * (there, positive and not absurd) and counts what makes drawing slow:
 * elements, shapes (each is filled and stroked over up to the whole canvas)
 * and the coordinates of path data and point lists (nanosvg's edge list grows
 * with them, and its cost faster than linearly). The limits were measured on
 * the project's machine so that every accepted SVG draws in about a second
 * at 1920x1200 (docs/story-format.md gives the figures).
 *
 * Pure: bytes in, counts and a verdict out; no allocation, no recursion,
 * every byte looked at a bounded number of times. */
#ifndef HUSHABYE_SVGCHECK_H
#define HUSHABYE_SVGCHECK_H

#include "caps.h"

#include <stddef.h>

#define SVGCHECK_MAX_ELEMENTS 5000     /* tags of any kind */
/* The drawing's work: each shape (path, rect, circle, ellipse, line, poly*,
 * use) counts one, and every SVGCHECK_POINTS_PER_SHAPE coordinate pairs of
 * d= and points= one more; at most SVGCHECK_MAX_SHAPES in all. Measured at
 * 1920x1200: 100 stroked circles each covering the canvas take 1.1 s, one
 * path of 2000 random points with a wide round-joined stroke 0.6 s; the
 * bundled pictures come to at most 90. */
#define SVGCHECK_MAX_SHAPES   100
#define SVGCHECK_POINTS_PER_SHAPE 20
#define SVGCHECK_MAX_POINTS   (SVGCHECK_MAX_SHAPES * SVGCHECK_POINTS_PER_SHAPE)
#define SVGCHECK_MAX_SIZE     1e6      /* width, height, viewBox sides at most */
#define SVGCHECK_THICK        2.0      /* a stroke wider than this many canvases is absurd */
#define SVGCHECK_MAX_BYTES    LIMIT_MIB(LIMIT_DRAWING_MIB)

typedef enum {
    SVGCHECK_OK,
    SVGCHECK_BAD_SIZE,      /* width, height or viewBox zero, negative or absurd */
    SVGCHECK_NO_SIZE,       /* the root <svg> gives no width or no height and no viewBox */
    SVGCHECK_TOO_COMPLEX,   /* over the element limit or the work limit */
    SVGCHECK_TOO_THICK,     /* a stroke many times wider than the whole drawing */
    SVGCHECK_TOO_BIG        /* over LIMIT_DRAWING_MIB: refused before it is scanned */
} SvgCheckStatus;

typedef struct {
    long elements;          /* every start tag */
    long shapes;            /* drawn elements */
    long points;            /* coordinate pairs (numbers / 2, rounded up) */
    double stroke_max;      /* widest stroke-width seen (0 = none) */
    double canvas;          /* the larger side of viewBox, or of width/height (0 = unknown) */
    size_t bytes;           /* TOO_BIG: the file's length */
    char bad_attr[16];      /* BAD_SIZE: which attribute ("width", "viewBox"...);
                               NO_SIZE: which side is missing ("width", "height") */
} SvgCheckCounts;

/* Scan the SVG in buf[0..len) and give its counts and verdict. *c is always
 * filled (zeroed first) with the counts of the whole drawing (none when it
 * is over SVGCHECK_MAX_BYTES, which is refused unread). */
SvgCheckStatus svgcheck_scan(const unsigned char *buf, size_t len, SvgCheckCounts *c);

/* Plain words for a verdict, in the interface's language, into out (always
 * NUL-terminated): "it has 5000 points; drawings can have at most 2000". */
void svgcheck_describe(SvgCheckStatus st, const SvgCheckCounts *c, char *out, size_t n);

#endif
