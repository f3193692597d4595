/* compose_draw — the drawing steps the parts of compose share (compose.c,
 * compose_shelf.c, compose_panel.c); not part of compose.h's interface.
 *
 * The small per-pixel helpers are static inline here so each part's loops
 * inline them as they did when compose was one file (the pages', shelf's and
 * panel's costs stay the same); the larger steps are defined once in compose.c.
 * Pixels are straight-alpha RGBA, blended in integer arithmetic, every write
 * clipped to the canvas (see compose.c). */
#ifndef HUSHABYE_COMPOSE_DRAW_H
#define HUSHABYE_COMPOSE_DRAW_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "compose.h"
#include "layout.h"
#include "text.h"

typedef struct { uint8_t r, g, b; } Rgb;

static const Rgb NIGHT = {COMPOSE_NIGHT_R, COMPOSE_NIGHT_G, COMPOSE_NIGHT_B};
static const Rgb WORDS = {0xef, 0xe6, 0xd2};      /* warm off-white */
static const Rgb HIGHLIGHT = {0xff, 0xcf, 0x7a};  /* warm amber */
static const Rgb MOON = {0x3a, 0x42, 0x60};       /* placeholder crescent, dim */

enum {
    MAX_SIDE = 16384      /* larger images are refused, not allocated */
};

/* Bytes for a w x h RGBA image, or 0 when the size is invalid or too large. */
static inline size_t image_bytes(int w, int h)
{
    if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE)
        return 0;
    if ((size_t)w > SIZE_MAX / 4 / (size_t)h)
        return 0;
    return (size_t)w * (size_t)h * 4;
}

static inline int image_valid(const ComposeImage *img)
{
    return img && img->px && image_bytes(img->w, img->h) != 0;
}

/* (a * (255 - t) + b * t) / 255, rounded; t in 0..255. */
static inline uint8_t mix8(int a, int b, int t)
{
    return (uint8_t)((a * (255 - t) + b * t + 127) / 255);
}

/* Blend colour c over the opaque pixel p with alpha t. */
static inline void blend_px(uint8_t *p, Rgb c, int t)
{
    if (t <= 0)
        return;
    if (t > 255)
        t = 255;
    p[0] = mix8(p[0], c.r, t);
    p[1] = mix8(p[1], c.g, t);
    p[2] = mix8(p[2], c.b, t);
}

/* The part of a w x h rect at (x, y) inside the canvas, in its own and the
 * canvas' coordinates. Returns 0 when nothing is visible. */
typedef struct { int sx, sy, dx, dy, w, h; } Clip;

static inline int clip_rect(const ComposeImage *dst, int x, int y, int w, int h, Clip *c)
{
    int x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
    int64_t x1 = (int64_t)x + w, y1 = (int64_t)y + h;
    if (x1 > dst->w)
        x1 = dst->w;
    if (y1 > dst->h)
        y1 = dst->h;
    if (x1 <= x0 || y1 <= y0)
        return 0;
    c->sx = x0 - x;
    c->sy = y0 - y;
    c->dx = x0;
    c->dy = y0;
    c->w = (int)(x1 - x0);
    c->h = (int)(y1 - y0);
    return 1;
}

/* Integer square root (floor) of v, exact for every v. The hardware's
 * square root gives it to within one (a double holds v to 53 bits), and the
 * two loops correct that: a digit-by-digit root cost 32 steps a pixel, and
 * the placeholder's moon takes two a pixel over a quarter of the screen, so
 * every page without a picture cost 20 ms before its first frame. */
static inline uint32_t isqrt64(uint64_t v)
{
    uint64_t r = (uint64_t)sqrt((double)v);
    if (r > UINT32_MAX)
        r = UINT32_MAX;           /* (2^32 - 1)^2 still fits in 64 bits */
    while (r * r > v)
        r--;
    while (r < UINT32_MAX && (r + 1) * (r + 1) <= v)
        r++;
    return (uint32_t)r;
}

/* Coverage 0..255 of a disc of radius r16 (1/16 px) at distance d16 (1/16 px),
 * with a one-pixel soft edge. */
static inline int disc_cover(int64_t d16, int64_t r16)
{
    int64_t e = r16 - d16 + 8;
    if (e <= 0)
        return 0;
    if (e >= 16)
        return 255;
    return (int)(e * 255 / 16);
}

/* Distance in 1/16 px from the pixel centre (x, y) to the point (cx16, cy16). */
static inline int64_t dist16(int x, int y, int64_t cx16, int64_t cy16)
{
    int64_t dx = (int64_t)x * 16 + 8 - cx16, dy = (int64_t)y * 16 + 8 - cy16;
    return isqrt64((uint64_t)(dx * dx + dy * dy));
}

/* Allocate img as w x h, uninitialised. 0, or -1 (img zeroed). */
int compose_alloc(ComposeImage *img, int w, int h);
/* Fill the whole of img with the opaque colour c. */
void compose_fill(ComposeImage *img, Rgb c);
/* Alpha-blend the straight-alpha image src over dst with its top-left at (x, y). */
void compose_blend_image(ComposeImage *dst, const ComposeImage *src, int x, int y);
/* Calm stand-in for a missing picture: a dim crescent over the night colour. */
void compose_placeholder(ComposeImage *img);
/* A soft outline just outside r in the warm tone: the selected book or button. */
void compose_outline(ComposeImage *img, LayoutRect r, int width);
/* Words fitted into box, centred: from max_frac of the box's height down to
 * min_frac (never under 10 px), as many lines as fit. Titles, labels, the
 * studio's page words. 0, or -1 on allocation failure. */
int compose_words_in(ComposeImage *img, const TextFont *font, const char *text,
                     LayoutRect box, float max_frac, float min_frac);

#endif
