/* blend — the pixel work of the CPU drawing path: crossfade, dimming, overlay.
 *
 * On a tablet without a GPU, SDL's software renderer spends most of a
 * transition in generic per-pixel blitters. These kernels do the same work in
 * one pass each over rows of 32-bit pixels in the window's own format, with
 * exact integer arithmetic (every result is the correctly rounded value of
 * the formula below it), in plain C the compiler vectorises at -O2: the rows
 * are taken in fixed blocks copied into local arrays, so the inner loop has a
 * known trip count and no aliasing to check, which even GCC's cheapest
 * vectoriser cost model accepts (x86-64 SSE2, aarch64 NEON).
 *
 * Colour modulation is given per byte of a pixel in memory order (BlendMod),
 * so one kernel serves XRGB8888, XBGR8888 and the rest: blend_mod() puts the
 * red, green and blue factors where the format keeps those channels. A
 * factor m maps a byte v to round(v * m / 255): the lookup table of the
 * dimming (brightness times the night-light colour), computed rather than
 * looked up because a table lookup per byte does not vectorise.
 *
 * On x86-64 processors with AVX2, the crossfade, the dimmings and the fade
 * give their whole 32-byte blocks to blend_wide.c, the same formulas twice as
 * wide (chosen at run time: blend_wide, blend_kernels); every byte is the
 * same as the 16-byte kernels'.
 *
 * Pure: no SDL, no allocation; dst may be the same array as a source (never
 * a partly overlapping one; blend_scale's and blend_warp_over's never the
 * same). */
#ifndef HUSHABYE_BLEND_H
#define HUSHABYE_BLEND_H

#include <stddef.h>
#include <stdint.h>

/* Where each channel of a 32-bit pixel lies in memory: byte index 0..3, and
 * a = -1 when the format has no alpha (the byte is padding). */
typedef struct {
    int r, g, b, a;
} BlendFormat;

/* A colour modulation: byte k of every pixel is scaled by k[k] / 255. */
typedef struct {
    uint8_t k[4];
} BlendMod;

/* 1 when m changes nothing (every byte scaled by 255 / 255). */
static inline int blend_mod_is_one(BlendMod m)
{
    return (m.k[0] & m.k[1] & m.k[2] & m.k[3]) == 255;
}

/* An axis-aligned box of pixels, x0 <= x < x1, y0 <= y < y1 (empty when
 * x1 <= x0 or y1 <= y0). */
typedef struct {
    int x0, y0, x1, y1;
} BlendBox;

/* Which kernels do the crossfades and dimmings: want = 1 (the default) the
 * wide ones, 32 bytes a step, where the processor has them (x86-64 with
 * AVX2); want = 0 the 16-byte ones every x86-64 and aarch64 processor runs.
 * Returns 1 when the wide ones are now in use. The bytes are the same either
 * way: this is for measuring and for the tests. */
int blend_wide(int want);
/* The kernels in use, for the trace: "avx2", "sse2", "neon" or "c". */
const char *blend_kernels(void);

/* The format of a 32-bit pixel whose channels sit at these bit shifts of the
 * native 32-bit word (ashift < 0: no alpha), on this machine's byte order. */
BlendFormat blend_format(int rshift, int gshift, int bshift, int ashift);
/* The modulation that scales red, green and blue by r, g, b (of 255) and
 * leaves the fourth byte (alpha or padding) as it is. */
BlendMod blend_mod(const BlendFormat *f, uint8_t r, uint8_t g, uint8_t b);

/* dst = a + (b - a) * t / 255, rounded, per byte, for n pixels: t = 0 is a,
 * t = 255 is b. */
void blend_crossfade(uint32_t *dst, const uint32_t *a, const uint32_t *b, size_t n,
                     unsigned t);
/* dst = src scaled by m (round(v * m / 255) per byte), for n pixels. */
void blend_dim(uint32_t *dst, const uint32_t *src, size_t n, BlendMod m);
/* Two pages each dimmed, then crossfaded: with A = a dimmed by ma and B = b
 * by mb (rounded as blend_dim), dst = A + (B - A) * t / 255, rounded. This is
 * what the renderer draws for a page over another at alpha t, both with the
 * brightness of the room. */
void blend_mix(uint32_t *dst, const uint32_t *a, BlendMod ma, const uint32_t *b, BlendMod mb,
               size_t n, unsigned t);
/* Two pages of one modulation m crossfaded: dst = round(lerp(a, b, t) * m
 * / 255) per byte, lerp rounded as blend_crossfade. Within one of
 * blend_mix(a, m, b, m) in every byte, for two passes' work instead of three:
 * a page turn at less than full brightness, or inside a warmed story. */
void blend_crossfade_dim(uint32_t *dst, const uint32_t *a, const uint32_t *b, size_t n,
                         unsigned t, BlendMod m);
/* A page dimmed by m and drawn at alpha t over black: round(S * t / 255) per
 * byte with S = src dimmed by m (rounded). */
void blend_fade(uint32_t *dst, const uint32_t *src, BlendMod m, size_t n, unsigned t);
/* A small image with its own alpha (byte f->a of src) drawn over dst at
 * alpha, its colour scaled by m: with A = round(src alpha * alpha / 255) and
 * C = a colour byte of src scaled by m, dst = dst + (C - dst) * A / 255,
 * rounded; dst's fourth byte is left as it was. Without alpha in the format,
 * src is taken as opaque. */
void blend_over(uint32_t *dst, const uint32_t *src, size_t n, const BlendFormat *f, BlendMod m,
                unsigned alpha);

/* A part of an image scaled into a box, bilinear (the CPU path's pan and
 * zoom). src: the image, sw x sh pixels in rows of sstride; (cx, cy, cw, ch):
 * the part shown, in its pixels (clipped to it); dst: the box, dw x dh
 * pixels in rows of dstride. Box pixel x samples the image at
 * U = floor(256 cx + 128 (2x + 1) cw / dw) - 128 in 1/256 of a pixel
 * (likewise V for rows), i.e. at pixel i = U >> 8 with weight f = U & 255
 * towards i + 1 (U < 0 is pixel 0, and the last pixel stands for any beyond
 * it, both with f = 0). Per byte, with P(i, j) the image's:
 * H(j) = (P(i, j) (256 - fx) + P(i + 1, j) fx + 128) >> 8, then
 * out = (H(j) (256 - fy) + H(j + 1) fy + 128) >> 8. Every byte is treated
 * alike (alpha or padding too). Only the box's first rows (at most dh) are
 * drawn: a box partly hidden (under a page's words) keeps its scale. Nothing
 * is drawn for an empty box or part. */
void blend_scale(uint32_t *dst, size_t dstride, int dw, int dh, int rows, const uint32_t *src,
                 size_t sstride, int sw, int sh, int cx, int cy, int cw, int ch);

/* An affine map from a box's pixels to an image's, in 1/65536 of a pixel:
 * the centre of box pixel (x, y) samples the image at U = u0 + x ux + y uy,
 * V = v0 + x vx + y vy, where image pixel i covers [65536 i, 65536 (i + 1)). */
typedef struct {
    int64_t u0, v0;
    int64_t ux, uy, vx, vy;
} BlendWarp;

/* The warp of a map given in pixels: box point (x, y) shows image point
 * (m[0] x + m[1] y + m[2], m[3] x + m[4] y + m[5]) (each rounded to 1/65536
 * of a pixel; a map that is not finite gives the identity). */
BlendWarp blend_warp(const double m[6]);

/* A transparent image turned, scaled or moved (warp w) and drawn over the
 * box dst (rows of dstride pixels, box pixel (0, 0) first), in the box's
 * pixels clip only, bilinear: with S = U - 32768, i = floor(S / 65536) and
 * fx = (S - 65536 i) >> 8 (likewise j, fy from V), the four pixels (i, j),
 * (i + 1, j), (i, j + 1), (i + 1, j + 1) weigh (256 - fx) or fx times
 * (256 - fy) or fy; a pixel outside the image is fully transparent, except
 * that with wrap, column i is taken modulo sw. With a_k the pixels' alphas
 * (byte f->a of src; none: 255) and c_k a colour byte, A = sum w_k a_k and
 * P = sum w_k a_k c_k; then a = round(A alpha / (255 65536)), p =
 * round(P alpha / (255 255 65536)), and each colour byte d of dst becomes
 * min(255, p + round(d (255 - a) / 255)); dst's fourth byte is left as it
 * was, and a pixel with A = 0 is not touched. */
void blend_warp_over(uint32_t *dst, size_t dstride, BlendBox clip, const uint32_t *src,
                     size_t sstride, int sw, int sh, const BlendWarp *w, int wrap,
                     const BlendFormat *f, unsigned alpha);

/* What lies over a moving picture (its page's band and words) laid on it
 * again: each byte v of pixel i becomes min(255, round(v * k[i] / 255) +
 * the same byte of add[i]), k[i] being how much of the picture shows there
 * (255: all of it, 0: none) and add[i] what the cover puts there. */
void blend_cover(uint32_t *dst, const uint8_t *k, const uint32_t *add, size_t n);

/* Convert n pixels of RGBA bytes (compose.h's images) to format f, padding
 * set to 255; and back (alpha 255 when f has none). */
void blend_from_rgba(uint32_t *dst, const uint8_t *rgba, size_t n, const BlendFormat *f);
void blend_to_rgba(uint8_t *rgba, const uint32_t *src, size_t n, const BlendFormat *f);

/* The smallest box holding every pixel where two w x h images (rows of
 * stride pixels) differ; empty ({0,0,0,0}) when they are the same. */
BlendBox blend_diff_box(const uint32_t *a, const uint32_t *b, int w, int h, size_t stride);

/* Where two w x h images differ, more closely than one box: the rows are cut
 * into `bands` bands of equal height (the last shorter), and each band gets
 * at most `spans` boxes, side by side, that hold every pixel of the band
 * where the images differ (to 16 pixels across: columns go in runs of 16,
 * more for a window wider than 16384). Where a band's differing runs are
 * more than `spans`, the narrowest gaps between them are filled first. A
 * box's rows are the first to the last that differ inside it. Writes at most
 * bands * spans boxes to out, in band order, and returns how many; 0 when
 * the images are the same. Two pictures of one night share their sky, their
 * ground and their frame here and there: a crossfade between them then
 * redraws and presents a third less of the window. */
int blend_diff_bands(const uint32_t *a, const uint32_t *b, int w, int h, size_t stride,
                     int bands, int spans, BlendBox *out);

#endif
