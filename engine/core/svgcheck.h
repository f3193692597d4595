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
#define SVGCHECK_MIN_SIZE     1e-3     /* and at least: nanosvg's floats fail under it */
#define SVGCHECK_THICK        2.0      /* a stroke wider than this many canvases is absurd */
#define SVGCHECK_MAX_BYTES    LIMIT_MIB(LIMIT_DRAWING_MIB)
/* Dashes the strokes could be cut into, at most: nanosvg's dashing has no
 * end (a 157-byte drawing dashed 0.0001 on 8000 ran for hours), and costs
 * about 50 us a dash here (1960 canvas-long strokes cut into 20000 dashes:
 * 0.37 s; into 200000: 11 s). The estimate takes every segment as long as
 * the canvas's diagonal, so a drawing over it is drawn with its lines plain
 * (svgcheck_undash) rather than refused. */
#define SVGCHECK_MAX_DASHES   20000.0

typedef enum {
    SVGCHECK_OK,
    SVGCHECK_BAD_SIZE,      /* width, height or viewBox zero, negative or absurd */
    SVGCHECK_NO_SIZE,       /* the root <svg> gives no width or no height and no viewBox */
    SVGCHECK_TOO_COMPLEX,   /* over the element limit or the work limit */
    SVGCHECK_TOO_THICK,     /* a stroke many times wider than the whole drawing */
    SVGCHECK_TOO_BIG,       /* over LIMIT_DRAWING_MIB: refused before it is scanned */
    SVGCHECK_TOO_DASHED     /* dashes so fine that drawing them might not end:
                               svgcheck_undash, then draw */
} SvgCheckStatus;

typedef struct {
    long elements;          /* every start tag */
    long shapes;            /* drawn elements */
    long points;            /* coordinate pairs (numbers / 2, rounded up) */
    double stroke_max;      /* widest stroke-width seen (0 = none) */
    double canvas;          /* the larger side of viewBox, or of width/height (0 = unknown) */
    size_t bytes;           /* TOO_BIG: the file's length */
    double dash_min;        /* the shortest stroke-dasharray period (0 = no dashes) */
    double dashes;          /* at most how many dashes the strokes could be cut into */
    char bad_attr[16];      /* BAD_SIZE: which attribute ("width", "viewBox"...);
                               NO_SIZE: which side is missing ("width", "height") */
    int too_small;          /* BAD_SIZE: that attribute is under SVGCHECK_MIN_SIZE */
    int cut;                /* the file ends before its drawing does (inside a tag,
                               or with an <svg> not closed): drawn, but part of it
                               may be missing */
} SvgCheckCounts;

/* Scan the SVG in buf[0..len) and give its counts and verdict. *c is always
 * filled (zeroed first) with the counts of the whole drawing (none when it
 * is over SVGCHECK_MAX_BYTES, which is refused unread). */
SvgCheckStatus svgcheck_scan(const unsigned char *buf, size_t len, SvgCheckCounts *c);

/* Make every dash pattern of buf[0..len) (stroke-dasharray, as an
 * attribute or in a style) one nanosvg does not know, in place and at the
 * same length, so its lines are drawn plain. Returns how many. */
int svgcheck_undash(unsigned char *buf, size_t len);

/* Plain words for a verdict, in the interface's language, into out (always
 * NUL-terminated): "it has 5000 points; drawings can have at most 2000". */
void svgcheck_describe(SvgCheckStatus st, const SvgCheckCounts *c, char *out, size_t n);

#endif
