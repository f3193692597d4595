/* blend — pixel kernels of the CPU drawing path (see blend.h).
 *
 * Every kernel works on bytes: a 32-bit pixel is four independent channels,
 * so the same loop serves any channel order. Rows go through in blocks of
 * BLEND_BLOCK bytes, each copied into a local array, worked on by a loop of
 * constant length and copied out: the compiler then knows the trip count and
 * that nothing aliases, and turns the inner loop into 16-byte vector code
 * (8 lanes of 16 bits after widening). A block is one vector, so its copies
 * stay in registers; blocks of 64 bytes went through the stack and cost a
 * quarter more. "GCC unroll 1" keeps -O3 from unrolling that short loop
 * before the vectoriser sees it: unrolled, its bytes were left to the
 * basic-block vectoriser, which gave up on the widening and ran them one
 * at a time, ten times slower. The tail that does not fill a block runs the
 * same formula one byte at a time.
 *
 * The byte arithmetic (div255, scale, lerp) is in blend_px.h, shared with
 * the wide kernels of blend_wide.c. */
#include "blend.h"
#include "blend_px.h"
#include "blend_wide.h"

#include <math.h>
#include <stdatomic.h>
#include <string.h>

#define BLEND_BLOCK 16 /* bytes: 4 pixels, one vector of 16 bytes */

/* The modulation repeated over a block, so the kernel multiplies two arrays. */
static void mod_block(BlendMod m, uint8_t out[BLEND_BLOCK])
{
    for (int i = 0; i < BLEND_BLOCK; i++)
        out[i] = m.k[i & 3];
}

/* ---- the wide kernels (blend_wide.c), where the processor has them ----
 *
 * Chosen once, at the first kernel called, unless blend_wide() chose first;
 * atomic because any thread may be the first. Each kernel below gives the
 * whole 32-byte blocks to its wide form and finishes the rest itself: the
 * results are the same bytes either way (test_blend checks both). */

static atomic_int wide_state = -1; /* -1: not yet known; 0: 16-byte kernels; 1: wide */

static int wide(void)
{
    int w = atomic_load_explicit(&wide_state, memory_order_relaxed);
    if (w < 0) {
#if BLEND_WIDE
        w = blend_wide_available();
#else
        w = 0;
#endif
        atomic_store_explicit(&wide_state, w, memory_order_relaxed);
    }
    return w;
}

int blend_wide(int want)
{
#if BLEND_WIDE
    int w = want && blend_wide_available();
#else
    int w = 0;
    (void)want;
#endif
    atomic_store_explicit(&wide_state, w, memory_order_relaxed);
    return w;
}

const char *blend_kernels(void)
{
    if (wide())
        return "avx2";
#if defined(__x86_64__)
    return "sse2";
#elif defined(__aarch64__)
    return "neon";
#else
    return "c";
#endif
}

#if BLEND_WIDE
static void mod_wide(BlendMod m, uint8_t out[BLEND_WIDE_BLOCK])
{
    for (int i = 0; i < BLEND_WIDE_BLOCK; i++)
        out[i] = m.k[i & 3];
}
#endif

static int byte_of(int shift)
{
    const uint32_t probe = 1;
    uint8_t first;
    memcpy(&first, &probe, 1);
    int k = (shift / 8) & 3;
    return first == 1 ? k : 3 - k; /* little- or big-endian */
}

BlendFormat blend_format(int rshift, int gshift, int bshift, int ashift)
{
    BlendFormat f = { byte_of(rshift), byte_of(gshift), byte_of(bshift), -1 };
    if (ashift >= 0)
        f.a = byte_of(ashift);
    return f;
}

BlendMod blend_mod(const BlendFormat *f, uint8_t r, uint8_t g, uint8_t b)
{
    BlendMod m = { { 255, 255, 255, 255 } };
    m.k[f->r] = r;
    m.k[f->g] = g;
    m.k[f->b] = b;
    return m;
}

void blend_crossfade(uint32_t *dst, const uint32_t *a, const uint32_t *b, size_t n, unsigned t)
{
    uint8_t *d = (uint8_t *)dst;
    const uint8_t *pa = (const uint8_t *)a, *pb = (const uint8_t *)b;
    uint16_t u = (uint16_t)(t > 255 ? 255 : t);
    size_t len = n * 4;
#if BLEND_WIDE
    if (wide() && !(d == pa && d == pb)) {
        /* lerp(a, b, t) is lerp(b, a, 255 - t): over b, b is the one pointer. */
        size_t k = d == pa   ? blend_wide_lerp_into(d, pb, len, u)
                   : d == pb ? blend_wide_lerp_into(d, pa, len, (uint16_t)(255 - u))
                             : blend_wide_lerp(d, pa, pb, len, u);
        d += k, pa += k, pb += k, len -= k;
    }
#endif
    for (; len >= BLEND_BLOCK; len -= BLEND_BLOCK, d += BLEND_BLOCK, pa += BLEND_BLOCK,
                               pb += BLEND_BLOCK) {
        uint8_t x[BLEND_BLOCK], y[BLEND_BLOCK], o[BLEND_BLOCK];
        memcpy(x, pa, BLEND_BLOCK);
        memcpy(y, pb, BLEND_BLOCK);
#pragma GCC unroll 1
        for (int i = 0; i < BLEND_BLOCK; i++)
            o[i] = lerp(x[i], y[i], u);
        memcpy(d, o, BLEND_BLOCK);
    }
    for (size_t i = 0; i < len; i++)
        d[i] = lerp(pa[i], pb[i], u);
}

void blend_dim(uint32_t *dst, const uint32_t *src, size_t n, BlendMod m)
{
    uint8_t *d = (uint8_t *)dst, mm[BLEND_BLOCK];
    const uint8_t *s = (const uint8_t *)src;
    size_t len = n * 4;
    mod_block(m, mm);
#if BLEND_WIDE
    if (wide() && d != s) {
        uint8_t mw[BLEND_WIDE_BLOCK];
        mod_wide(m, mw);
        size_t k = blend_wide_scale(d, s, len, mw);
        d += k, s += k, len -= k;
    }
#endif
    for (; len >= BLEND_BLOCK; len -= BLEND_BLOCK, d += BLEND_BLOCK, s += BLEND_BLOCK) {
        uint8_t x[BLEND_BLOCK], o[BLEND_BLOCK];
        memcpy(x, s, BLEND_BLOCK);
#pragma GCC unroll 1
        for (int i = 0; i < BLEND_BLOCK; i++)
            o[i] = scale(x[i], mm[i]);
        memcpy(d, o, BLEND_BLOCK);
    }
    for (size_t i = 0; i < len; i++)
        d[i] = scale(s[i], mm[i & 3]);
}

void blend_crossfade_dim(uint32_t *dst, const uint32_t *a, const uint32_t *b, size_t n,
                         unsigned t, BlendMod m)
{
    uint8_t *d = (uint8_t *)dst, mm[BLEND_BLOCK];
    const uint8_t *pa = (const uint8_t *)a, *pb = (const uint8_t *)b;
    uint16_t u = (uint16_t)(t > 255 ? 255 : t);
    size_t len = n * 4;
    mod_block(m, mm);
#if BLEND_WIDE
    if (wide() && d != pa && d != pb) {
        uint8_t mw[BLEND_WIDE_BLOCK];
        mod_wide(m, mw);
        size_t k = blend_wide_lerp_scale(d, pa, pb, len, u, mw);
        d += k, pa += k, pb += k, len -= k;
    }
#endif
    for (; len >= BLEND_BLOCK; len -= BLEND_BLOCK, d += BLEND_BLOCK, pa += BLEND_BLOCK,
                               pb += BLEND_BLOCK) {
        uint8_t x[BLEND_BLOCK], y[BLEND_BLOCK], o[BLEND_BLOCK];
        memcpy(x, pa, BLEND_BLOCK);
        memcpy(y, pb, BLEND_BLOCK);
#pragma GCC unroll 1
        for (int i = 0; i < BLEND_BLOCK; i++)
            o[i] = scale(lerp(x[i], y[i], u), mm[i]);
        memcpy(d, o, BLEND_BLOCK);
    }
    for (size_t i = 0; i < len; i++)
        d[i] = scale(lerp(pa[i], pb[i], u), mm[i & 3]);
}

void blend_mix(uint32_t *dst, const uint32_t *a, BlendMod ma, const uint32_t *b, BlendMod mb,
               size_t n, unsigned t)
{
    uint8_t *d = (uint8_t *)dst, qa[BLEND_BLOCK], qb[BLEND_BLOCK];
    const uint8_t *pa = (const uint8_t *)a, *pb = (const uint8_t *)b;
    uint16_t u = (uint16_t)(t > 255 ? 255 : t);
    size_t len = n * 4;
    mod_block(ma, qa);
    mod_block(mb, qb);
#if BLEND_WIDE
    if (wide()) {
        uint8_t wa[BLEND_WIDE_BLOCK], wb[BLEND_WIDE_BLOCK];
        int a_one = blend_mod_is_one(ma), b_one = blend_mod_is_one(mb);
        size_t k = 0;
        mod_wide(ma, wa);
        mod_wide(mb, wb);
        /* Over a source that is not dimmed, that source is the one pointer
         * (scale(v, 255) is v); lerp(x, y, t) is lerp(y, x, 255 - t). */
        if (d == pa && d == pb)
            k = 0;
        else if (d == pa)
            k = a_one ? blend_wide_mix_into(d, pb, wb, len, u) : 0;
        else if (d == pb)
            k = b_one ? blend_wide_mix_into(d, pa, wa, len, (uint16_t)(255 - u)) : 0;
        else
            k = blend_wide_mix(d, pa, wa, pb, wb, len, u);
        d += k, pa += k, pb += k, len -= k;
    }
#endif
    for (; len >= BLEND_BLOCK; len -= BLEND_BLOCK, d += BLEND_BLOCK, pa += BLEND_BLOCK,
                               pb += BLEND_BLOCK) {
        uint8_t x[BLEND_BLOCK], y[BLEND_BLOCK], o[BLEND_BLOCK];
        memcpy(x, pa, BLEND_BLOCK);
        memcpy(y, pb, BLEND_BLOCK);
#pragma GCC unroll 1
        for (int i = 0; i < BLEND_BLOCK; i++)
            o[i] = lerp(scale(x[i], qa[i]), scale(y[i], qb[i]), u);
        memcpy(d, o, BLEND_BLOCK);
    }
    for (size_t i = 0; i < len; i++)
        d[i] = lerp(scale(pa[i], qa[i & 3]), scale(pb[i], qb[i & 3]), u);
}

void blend_fade(uint32_t *dst, const uint32_t *src, BlendMod m, size_t n, unsigned t)
{
    uint8_t *d = (uint8_t *)dst, mm[BLEND_BLOCK];
    const uint8_t *s = (const uint8_t *)src;
    uint8_t u = (uint8_t)(t > 255 ? 255 : t);
    size_t len = n * 4;
    if (blend_mod_is_one(m)) {
        /* Undimmed (a story's first fade in from black): scale(v, 255) is v,
         * so this is the dimming by u alone, every byte, in one product. */
        blend_dim(dst, src, n, (BlendMod){ { u, u, u, u } });
        return;
    }
    mod_block(m, mm);
#if BLEND_WIDE
    if (wide() && d != s) {
        uint8_t mw[BLEND_WIDE_BLOCK];
        mod_wide(m, mw);
        size_t k = blend_wide_fade(d, s, mw, len, u);
        d += k, s += k, len -= k;
    }
#endif
    for (; len >= BLEND_BLOCK; len -= BLEND_BLOCK, d += BLEND_BLOCK, s += BLEND_BLOCK) {
        uint8_t x[BLEND_BLOCK], o[BLEND_BLOCK];
        memcpy(x, s, BLEND_BLOCK);
#pragma GCC unroll 1
        for (int i = 0; i < BLEND_BLOCK; i++)
            o[i] = scale(scale(x[i], mm[i]), u);
        memcpy(d, o, BLEND_BLOCK);
    }
    for (size_t i = 0; i < len; i++)
        d[i] = scale(scale(s[i], mm[i & 3]), u);
}

void blend_over(uint32_t *dst, const uint32_t *src, size_t n, const BlendFormat *f, BlendMod m,
                unsigned alpha)
{
    /* Small images only (the corner mark, the paused sign): one pixel at a
     * time, its alpha taken from its own byte. */
    uint8_t al = (uint8_t)(alpha > 255 ? 255 : alpha);
    int pad = f->a >= 0 ? f->a : 6 - f->r - f->g - f->b; /* the fourth byte */
    for (size_t i = 0; i < n; i++) {
        uint8_t s[4], d[4];
        memcpy(s, &src[i], 4);
        memcpy(d, &dst[i], 4);
        uint16_t a = scale(f->a >= 0 ? s[f->a] : 255, al);
        if (a == 0)
            continue;
        for (int k = 0; k < 4; k++)
            if (k != pad)
                d[k] = lerp(d[k], scale(s[k], m.k[k]), a);
        memcpy(&dst[i], d, 4);
    }
}

/* The shift, in a native 32-bit word, of byte k of its memory. */
static unsigned shift_of(int k)
{
    const uint32_t probe = 1;
    uint8_t first;
    memcpy(&first, &probe, 1);
    return (unsigned)(first == 1 ? k : 3 - k) * 8;
}

void blend_from_rgba(uint32_t *dst, const uint8_t *rgba, size_t n, const BlendFormat *f)
{
    /* Whole words moved by shifts fixed for the row (the read-along converts
     * a strip at every lit word): each channel from its byte of the RGBA word
     * to its byte of the window's. */
    int pad = f->a >= 0 ? f->a : 6 - f->r - f->g - f->b;
    unsigned sr = shift_of(0), sg = shift_of(1), sb = shift_of(2), sa = shift_of(3);
    unsigned dr = shift_of(f->r), dg = shift_of(f->g), db = shift_of(f->b), da = shift_of(pad);
    uint32_t fill = f->a >= 0 ? 0 : (uint32_t)0xff << da, amask = f->a >= 0 ? 0xff : 0;
    enum { W = BLEND_BLOCK / 4 };
    size_t i = 0;
    for (; i + W <= n; i += W) {
        uint32_t x[W], o[W];
        memcpy(x, rgba + 4 * i, sizeof x);
        for (int k = 0; k < W; k++)
            o[k] = ((x[k] >> sr) & 0xff) << dr | ((x[k] >> sg) & 0xff) << dg |
                   ((x[k] >> sb) & 0xff) << db | (((x[k] >> sa) & amask) << da | fill);
        memcpy(dst + i, o, sizeof o);
    }
    for (; i < n; i++) {
        uint8_t p[4];
        p[f->r] = rgba[4 * i];
        p[f->g] = rgba[4 * i + 1];
        p[f->b] = rgba[4 * i + 2];
        p[pad] = f->a >= 0 ? rgba[4 * i + 3] : 255;
        memcpy(&dst[i], p, 4);
    }
}

void blend_to_rgba(uint8_t *rgba, const uint32_t *src, size_t n, const BlendFormat *f)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t p[4];
        memcpy(p, &src[i], 4);
        rgba[4 * i] = p[f->r];
        rgba[4 * i + 1] = p[f->g];
        rgba[4 * i + 2] = p[f->b];
        rgba[4 * i + 3] = f->a >= 0 ? p[f->a] : 255;
    }
}

BlendBox blend_diff_box(const uint32_t *a, const uint32_t *b, int w, int h, size_t stride)
{
    BlendBox box = { w, h, 0, 0 };
    for (int y = 0; y < h; y++) {
        const uint32_t *ra = a + (size_t)y * stride, *rb = b + (size_t)y * stride;
        if (memcmp(ra, rb, (size_t)w * 4) == 0)
            continue;
        int x0 = 0, x1 = w;
        while (ra[x0] == rb[x0])
            x0++;
        while (ra[x1 - 1] == rb[x1 - 1])
            x1--;
        box.x0 = x0 < box.x0 ? x0 : box.x0;
        box.x1 = x1 > box.x1 ? x1 : box.x1;
        box.y0 = y < box.y0 ? y : box.y0;
        box.y1 = y + 1;
    }
    if (box.x1 <= box.x0)
        box = (BlendBox){ 0, 0, 0, 0 };
    return box;
}

#define BAND_RUNS 1024 /* column runs across a band, at most */

int blend_diff_bands(const uint32_t *a, const uint32_t *b, int w, int h, size_t stride,
                     int bands, int spans, BlendBox *out)
{
    if (w <= 0 || h <= 0 || bands <= 0 || spans <= 0)
        return 0;
    int run = 16;
    while ((w + run - 1) / run > BAND_RUNS)
        run *= 2;
    int nruns = (w + run - 1) / run, bh = (h + bands - 1) / bands, n = 0;
    for (int y0 = 0; y0 < h; y0 += bh) {
        int y1 = y0 + bh < h ? y0 + bh : h;
        int top[BAND_RUNS], bottom[BAND_RUNS]; /* per run of columns: rows that differ */
        for (int k = 0; k < nruns; k++)
            top[k] = -1;
        for (int y = y0; y < y1; y++) {
            const uint32_t *ra = a + (size_t)y * stride, *rb = b + (size_t)y * stride;
            if (memcmp(ra, rb, (size_t)w * 4) == 0)
                continue;
            for (int k = 0; k < nruns; k++) {
                int x = k * run, len = x + run <= w ? run : w - x;
                if (memcmp(ra + x, rb + x, (size_t)len * 4) != 0) {
                    top[k] = top[k] < 0 ? y : top[k];
                    bottom[k] = y;
                }
            }
        }
        /* The band's runs of differing columns, [r0, r1) in runs (none: the
         * band is the same in both). */
        int r0[BAND_RUNS / 2 + 1], r1[BAND_RUNS / 2 + 1], m = 0;
        for (int k = 0; k < nruns; k++) {
            if (top[k] < 0)
                continue;
            if (m > 0 && r1[m - 1] == k) {
                r1[m - 1] = k + 1;
            } else {
                r0[m] = k;
                r1[m++] = k + 1;
            }
        }
        while (m > spans) { /* fill the narrowest gap */
            int g = 0;
            for (int i = 1; i + 1 < m; i++)
                if (r0[i + 1] - r1[i] < r0[g + 1] - r1[g])
                    g = i;
            r1[g] = r1[g + 1];
            for (int i = g + 1; i + 1 < m; i++) {
                r0[i] = r0[i + 1];
                r1[i] = r1[i + 1];
            }
            m--;
        }
        for (int i = 0; i < m; i++) {
            int t = y1, u = y0;
            for (int k = r0[i]; k < r1[i]; k++)
                if (top[k] >= 0) {
                    t = top[k] < t ? top[k] : t;
                    u = bottom[k] > u ? bottom[k] : u;
                }
            int x1 = r1[i] * run;
            out[n++] = (BlendBox){ r0[i] * run, t, x1 < w ? x1 : w, u + 1 };
        }
    }
    return n;
}

/* ---- the scaled copy (blend_scale) ----
 *
 * The four bytes of a pixel are spread into four 16-bit lanes of a 64-bit
 * word, so one multiplication weighs all of them: a byte times a weight of
 * at most 256, plus the other byte's share and the rounding, stays under
 * 65536 and never reaches the next lane. Sampling positions step along a
 * row by whole divisions done once (quotient and remainder carried), so the
 * per-pixel work is two spreads, two multiplications and a pack. */

#define LANES 0x00ff00ff00ff00ffull

static inline uint64_t spread(uint32_t p)
{
    uint64_t v = p;
    v = (v | (v << 16)) & 0x0000ffff0000ffffull;
    return (v | (v << 8)) & LANES;
}

static inline uint32_t pack(uint64_t v)
{
    v = (v | (v >> 8)) & 0x0000ffff0000ffffull;
    return (uint32_t)(v | (v >> 16));
}

/* (a (256 - f) + b f + 128) >> 8 in every lane. */
static inline uint64_t weigh(uint64_t a, uint64_t b, unsigned f)
{
    return ((a * (256u - f) + b * f + 0x0080008000800080ull) >> 8) & LANES;
}

/* Where a sample falls in an image of size pixels whose part starts at c,
 * given q = floor(128 (2k + 1) len / n): pixel *i, weight *f towards the
 * next, as blend_scale says. */
static void sample_at(int64_t q, int c, int size, int *i, unsigned *f)
{
    int64_t u = (int64_t)c * 256 + q - 128;
    if (u < 0)
        u = 0;
    *i = (int)(u >> 8);
    *f = (unsigned)(u & 255);
    if (*i >= size - 1) {
        *i = size - 1;
        *f = 0;
    }
}

static void scale_row(uint32_t *out, int dw, const uint32_t *r0, const uint32_t *r1,
                      unsigned fy, int sw, int cx, int cw)
{
    /* 128 (2x + 1) cw / dw: its quotient and remainder, carried along. */
    int64_t step = 256 * (int64_t)cw, q = (128 * (int64_t)cw) / dw, r = (128 * (int64_t)cw) % dw;
    int64_t dq = step / dw, dr = step % dw;
    for (int x = 0; x < dw; x++) {
        int i;
        unsigned fx;
        sample_at(q, cx, sw, &i, &fx);
        int j = i + 1 < sw ? i + 1 : i;
        uint64_t top = weigh(spread(r0[i]), spread(r0[j]), fx);
        uint64_t bottom = weigh(spread(r1[i]), spread(r1[j]), fx);
        out[x] = pack(weigh(top, bottom, fy));
        q += dq;
        r += dr;
        if (r >= dw) {
            r -= dw;
            q++;
        }
    }
}

void blend_scale(uint32_t *dst, size_t dstride, int dw, int dh, int rows, const uint32_t *src,
                 size_t sstride, int sw, int sh, int cx, int cy, int cw, int ch)
{
    if (dw <= 0 || dh <= 0 || sw <= 0 || sh <= 0)
        return;
    cx = cx < 0 ? 0 : cx > sw - 1 ? sw - 1 : cx;
    cy = cy < 0 ? 0 : cy > sh - 1 ? sh - 1 : cy;
    cw = cw > sw - cx ? sw - cx : cw;
    ch = ch > sh - cy ? sh - cy : ch;
    if (cw <= 0 || ch <= 0)
        return;
    rows = rows < dh ? rows : dh;
    for (int y = 0; y < rows; y++) {
        int j;
        unsigned fy;
        sample_at(128 * (int64_t)ch * (2 * y + 1) / dh, cy, sh, &j, &fy);
        int j1 = j + 1 < sh ? j + 1 : j;
        scale_row(dst + (size_t)y * dstride, dw, src + (size_t)j * sstride,
                  src + (size_t)j1 * sstride, fy, sw, cx, cw);
    }
}

/* ---- blend_warp_over: a layer turned, scaled or moved ----
 *
 * Each box pixel is mapped back into the image and the four pixels around
 * that point weighed as in blend_scale, but with the image's own alpha:
 * colours are weighed by their alpha (premultiplied), so a transparent
 * pixel next to an opaque one never darkens the edge. The sums stay in 32
 * bits (a weight is at most 65536, alpha times colour at most 65025, and
 * the weights add up to 65536); the last scaling by the layer's alpha takes
 * 64. A pixel none of whose four samples shows anything is skipped, which
 * is most of a layer of stars or a cloud. */

BlendWarp blend_warp(const double m[6])
{
    BlendWarp w = { 32768, 32768, 65536, 0, 0, 65536 };
    double v[6] = { (0.5 * m[0] + 0.5 * m[1] + m[2]) * 65536, (0.5 * m[3] + 0.5 * m[4] + m[5]) * 65536,
                    m[0] * 65536, m[1] * 65536, m[3] * 65536, m[4] * 65536 };
    for (int k = 0; k < 6; k++)
        if (!isfinite(v[k]) || fabs(v[k]) > 1e12) /* no overflow over any box */
            return w;
    w.u0 = llround(v[0]), w.v0 = llround(v[1]);
    w.ux = llround(v[2]), w.uy = llround(v[3]), w.vx = llround(v[4]), w.vy = llround(v[5]);
    return w;
}

/* floor(v / 65536), for negative v too. */
static inline int64_t floor16(int64_t v)
{
    return v >= 0 ? v / 65536 : -((-v + 65535) / 65536);
}

/* The weighed sums of one box pixel's four samples: A (alpha) and P[4]
 * (alpha times each byte); 0 when nothing shows there. */
static uint32_t warp_sample(const uint32_t *src, size_t sstride, int sw, int sh, int64_t u,
                            int64_t v, int wrap, int ai, uint32_t P[4])
{
    int64_t i = floor16(u), j = floor16(v);
    if (j < -1 || j >= sh || (!wrap && (i < -1 || i >= sw)))
        return 0;
    unsigned fx = (unsigned)((u - i * 65536) >> 8), fy = (unsigned)((v - j * 65536) >> 8);
    uint32_t A = 0;
    P[0] = P[1] = P[2] = P[3] = 0;
    if (i >= 0 && i + 1 < sw && j >= 0 && j + 1 < sh) { /* inside: the same sums, unrolled */
        const uint8_t *p0 = (const uint8_t *)(src + (size_t)j * sstride + (size_t)i);
        const uint8_t *p1 = p0 + 4 * sstride;
        uint32_t a00 = ai >= 0 ? p0[ai] : 255, a01 = ai >= 0 ? p0[4 + ai] : 255;
        uint32_t a10 = ai >= 0 ? p1[ai] : 255, a11 = ai >= 0 ? p1[4 + ai] : 255;
        if (!(a00 | a01 | a10 | a11))
            return 0;
        uint32_t w00 = (256 - fx) * (256 - fy) * a00, w01 = fx * (256 - fy) * a01;
        uint32_t w10 = (256 - fx) * fy * a10, w11 = fx * fy * a11;
        for (int c = 0; c < 4; c++)
            P[c] = w00 * p0[c] + w01 * p0[4 + c] + w10 * p1[c] + w11 * p1[4 + c];
        return w00 + w01 + w10 + w11;
    }
    for (int k = 0; k < 4; k++) {
        int64_t ii = i + (k & 1), jj = j + (k >> 1);
        if (jj < 0 || jj >= sh)
            continue;
        if (ii < 0 || ii >= sw) {
            if (!wrap)
                continue;
            ii = ((ii % sw) + sw) % sw; /* only at and beyond the seam: a division is slow */
        }
        const uint8_t *p = (const uint8_t *)(src + (size_t)jj * sstride + (size_t)ii);
        uint32_t pa = ai >= 0 ? p[ai] : 255;
        if (!pa)
            continue;
        uint32_t wk = (k & 1 ? fx : 256 - fx) * (k >> 1 ? fy : 256 - fy) * pa;
        A += wk;
        for (int c = 0; c < 4; c++)
            P[c] += wk * p[c];
    }
    return A;
}

void blend_warp_over(uint32_t *dst, size_t dstride, BlendBox clip, const uint32_t *src,
                     size_t sstride, int sw, int sh, const BlendWarp *w, int wrap,
                     const BlendFormat *f, unsigned alpha)
{
    if (!w || !f || sw <= 0 || sh <= 0 || clip.x1 <= clip.x0 || clip.y1 <= clip.y0 || !alpha)
        return;
    uint64_t ga = alpha > 255 ? 255 : alpha;
    int ch[3] = { f->r, f->g, f->b };
    for (int y = clip.y0; y < clip.y1; y++) {
        int64_t u = w->u0 + clip.x0 * w->ux + y * w->uy - 32768;
        int64_t v = w->v0 + clip.x0 * w->vx + y * w->vy - 32768;
        uint8_t *d = (uint8_t *)(dst + (size_t)y * dstride);
        for (int x = clip.x0; x < clip.x1; x++, u += w->ux, v += w->vx) {
            uint32_t P[4];
            uint32_t A = warp_sample(src, sstride, sw, sh, u, v, wrap, f->a, P);
            if (!A)
                continue;
            /* At full alpha the 255s cancel: the same rounding in 32 bits. */
            unsigned a = ga == 255 ? (A + 32768) >> 16
                                   : (unsigned)((A * ga + 8355840) / 16711680);
            uint8_t *q = d + 4 * (size_t)x;
            for (int c = 0; c < 3; c++) {
                unsigned p = ga == 255 ? (P[ch[c]] + 8355840u) / 16711680u
                                       : (unsigned)((P[ch[c]] * ga + 2130739200u) / 4261478400u);
                unsigned o = p + (q[ch[c]] * (255 - a) + 127) / 255;
                q[ch[c]] = (uint8_t)(o > 255 ? 255 : o);
            }
        }
    }
}

void blend_cover(uint32_t *dst, const uint8_t *k, const uint32_t *add, size_t n)
{
    uint8_t *d = (uint8_t *)dst;
    const uint8_t *a = (const uint8_t *)add;
    for (size_t i = 0; i < n * 4; i++) {
        unsigned v = scale(d[i], k[i >> 2]) + a[i];
        d[i] = (uint8_t)(v > 255 ? 255 : v);
    }
}
