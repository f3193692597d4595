/* test_blend — the CPU path's pixel kernels against a plain reference, exactly.
 *
 * The reference is the formula written the slow way: integer division with
 * rounding to nearest ((2x + 255) / 510 is round(x / 255); x / 255 is never
 * exactly half-way, 255 being odd) and, for the dimming, a lookup table per
 * factor. Every crossfade level is checked over every pair of byte values,
 * every dimming factor over every byte value, with lengths that leave a tail
 * after the kernels' blocks and with the result written over a source. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blend.h"
#include "check.h"

#define PAIRS 16384 /* pixels holding every (a, b) pair of bytes once */

static uint8_t ref_div(unsigned x) { return (uint8_t)((2 * x + 255) / 510); }
static uint8_t ref_scale(uint8_t v, uint8_t m) { return ref_div((unsigned)v * m); }
static uint8_t ref_lerp(uint8_t a, uint8_t b, unsigned t)
{
    return ref_div(a * (255u - t) + b * t);
}

static uint8_t byte_at(const uint32_t *px, size_t i)
{
    return ((const uint8_t *)px)[i];
}

/* a and b together hold every pair of byte values: byte i of a is i & 255,
 * of b i >> 8. */
static void fill_pairs(uint32_t *a, uint32_t *b)
{
    uint8_t *pa = (uint8_t *)a, *pb = (uint8_t *)b;
    for (unsigned i = 0; i < PAIRS * 4; i++) {
        pa[i] = (uint8_t)(i & 255);
        pb[i] = (uint8_t)(i >> 8);
    }
}

static void test_crossfade_every_level(uint32_t *a, uint32_t *b, uint32_t *d)
{
    int bad_levels = 0, bad_tail = 0, bad_inplace = 0;
    for (unsigned t = 0; t <= 255; t++) {
        blend_crossfade(d, a, b, PAIRS, t);
        int bad = 0;
        for (size_t i = 0; i < PAIRS * 4 && !bad; i++)
            bad = byte_at(d, i) != ref_lerp(byte_at(a, i), byte_at(b, i), t);
        bad_levels += bad;
        /* From pixel 1, 5 short of a block: the scalar tail does the end. */
        memset(d, 0, PAIRS * 4);
        blend_crossfade(d + 1, a + 1, b + 1, PAIRS - 6, t);
        for (size_t i = 4; i < (PAIRS - 5) * 4 && !bad; i++)
            bad = byte_at(d, i) != ref_lerp(byte_at(a, i), byte_at(b, i), t);
        bad_tail += bad || d[0] != 0 || d[PAIRS - 5] != 0;
    }
    CHECK(bad_levels == 0, "the crossfade is a + (b - a) * t / 255 rounded for every level "
                           "and every pair of bytes (%d levels wrong)", bad_levels);
    CHECK(bad_tail == 0, "the crossfade is exact in the tail after its blocks and writes "
                         "nothing past n pixels (%d levels wrong)", bad_tail);
    uint32_t *c = malloc(PAIRS * 4);
    for (unsigned t = 0; c && t <= 255; t += 15) {
        memcpy(c, a, PAIRS * 4);
        blend_crossfade(c, c, b, PAIRS, t);
        blend_crossfade(d, a, b, PAIRS, t);
        bad_inplace += memcmp(c, d, PAIRS * 4) != 0;
        memcpy(c, b, PAIRS * 4);
        blend_crossfade(c, a, c, PAIRS, t);
        bad_inplace += memcmp(c, d, PAIRS * 4) != 0;
    }
    CHECK(c && bad_inplace == 0, "a crossfade written over either of its pages gives the "
                                 "same pixels (%d wrong)", bad_inplace);
    free(c);
    blend_crossfade(d, a, b, PAIRS, 0);
    CHECK(memcmp(d, a, PAIRS * 4) == 0, "level 0 of the crossfade is the first page exactly");
    blend_crossfade(d, a, b, PAIRS, 255);
    CHECK(memcmp(d, b, PAIRS * 4) == 0, "level 255 of the crossfade is the second page exactly");
}

/* A modulation that differs per byte, from one level m. */
static BlendMod mod_of(unsigned m)
{
    BlendMod k = { { (uint8_t)m, (uint8_t)(255 - m), (uint8_t)(m * 7), (uint8_t)(m / 2 + 1) } };
    return k;
}

static void test_dim_every_level(uint32_t *a, uint32_t *d)
{
    static uint8_t lut[256][256]; /* lut[m][v]: the dimming's table, the plain way */
    uint8_t *pa = (uint8_t *)a;
    for (unsigned p = 0; p < 1021; p++) /* byte k of pixel p: every value in every byte */
        for (unsigned k = 0; k < 4; k++)
            pa[4 * p + k] = (uint8_t)(p + 64 * k);
    for (unsigned m = 0; m < 256; m++)
        for (unsigned v = 0; v < 256; v++)
            lut[m][v] = (uint8_t)((v * m + 127) / 255);
    int bad_levels = 0;
    for (unsigned m = 0; m <= 255; m++) {
        BlendMod k = mod_of(m);
        blend_dim(d, a, 1021, k); /* 1021 pixels: every byte value in each byte, a tail */
        int bad = 0;
        for (size_t i = 0; i < 1021 * 4 && !bad; i++)
            bad = byte_at(d, i) != lut[k.k[i & 3]][byte_at(a, i)];
        bad_levels += bad;
    }
    CHECK(bad_levels == 0, "the dimming equals its lookup table (round(v * m / 255)) for "
                           "every factor and every byte, each byte of a pixel with its own "
                           "factor (%d levels wrong)", bad_levels);
    BlendMod one = { { 255, 255, 255, 255 } };
    blend_dim(d, a, PAIRS, one);
    CHECK(memcmp(d, a, PAIRS * 4) == 0, "a factor of 255 leaves every byte as it was");
}

static int mix_wrong(const uint32_t *a, BlendMod ma, const uint32_t *b, BlendMod mb,
                     const uint32_t *d, size_t n, unsigned t)
{
    for (size_t i = 0; i < n * 4; i++) {
        uint8_t x = ref_scale(byte_at(a, i), ma.k[i & 3]);
        uint8_t y = ref_scale(byte_at(b, i), mb.k[i & 3]);
        if (byte_at(d, i) != ref_lerp(x, y, t))
            return 1;
    }
    return 0;
}

static void test_mix_every_level(uint32_t *a, uint32_t *b, uint32_t *d)
{
    int bad_t = 0, bad_m = 0;
    for (unsigned t = 0; t <= 255; t++) {
        BlendMod ma = mod_of(t * 3), mb = mod_of(255 - t);
        blend_mix(d, a, ma, b, mb, PAIRS - 3, t);
        bad_t += mix_wrong(a, ma, b, mb, d, PAIRS - 3, t);
    }
    for (unsigned m = 0; m <= 255; m++) {
        BlendMod ma = mod_of(m), mb = mod_of(m ^ 0x5a);
        blend_mix(d, a, ma, b, mb, 4093, (m * 37) & 255);
        bad_m += mix_wrong(a, ma, b, mb, d, 4093, (m * 37) & 255);
    }
    CHECK(bad_t == 0, "two dimmed pages crossfaded are exact for every level (%d wrong)", bad_t);
    CHECK(bad_m == 0, "and for every dimming factor (%d wrong)", bad_m);
    /* Two pages of one dimming: the crossfade, then the dimming, each rounded;
     * never more than one from dimming each page first. */
    int bad_same = 0, far = 0;
    uint32_t *e = malloc(4093 * 4);
    for (unsigned m = 0; e && m <= 255; m++) {
        unsigned t = (m * 91) & 255;
        BlendMod k = mod_of(m);
        blend_crossfade_dim(d, a, b, 4093, t, k);
        blend_mix(e, a, k, b, k, 4093, t);
        for (size_t i = 0; i < 4093 * 4; i++) {
            uint8_t want = ref_scale(ref_lerp(byte_at(a, i), byte_at(b, i), t), k.k[i & 3]);
            bad_same += byte_at(d, i) != want;
            far += abs((int)byte_at(d, i) - (int)byte_at(e, i)) > 1;
        }
    }
    CHECK(e && bad_same == 0, "two pages of one dimming crossfaded then dimmed are exact for "
                              "every factor and level (%d bytes wrong)", bad_same);
    CHECK(e && far == 0, "and within one of dimming each page first (%d bytes further)", far);
    /* Written over one of its pages, as the words' rows of a page turn are
     * drawn: over an undimmed page, over a dimmed one, from either side. */
    int bad_over = 0;
    BlendMod one = { { 255, 255, 255, 255 } };
    for (unsigned t = 0; e && t <= 255; t += 17) {
        BlendMod k = mod_of(t);
        BlendMod sides[2][2] = { { one, k }, { k, one } };
        for (int s = 0; s < 2; s++)
            for (int over = 0; over < 2; over++) {
                BlendMod ma = sides[s][0], mb = sides[s][1];
                blend_mix(d, a, ma, b, mb, 4093, t);
                memcpy(e, over ? b : a, 4093 * 4);
                blend_mix(e, over ? a : e, ma, over ? e : b, mb, 4093, t);
                bad_over += memcmp(d, e, 4093 * 4) != 0;
            }
    }
    CHECK(e && bad_over == 0, "two pages mixed over either of them, dimmed or not, give the "
                              "same pixels (%d wrong)", bad_over);
    free(e);
}

/* a holds every byte value in every byte (test_dim_every_level filled it). */
static void test_fade_every_level(uint32_t *a, uint32_t *d)
{
    int bad_fade = 0;
    for (unsigned t = 0; t <= 255; t++) {
        BlendMod m = mod_of(t ^ 0xa5);
        blend_fade(d, a, m, 1021, t);
        int bad = 0;
        for (size_t i = 0; i < 1021 * 4 && !bad; i++)
            bad = byte_at(d, i) != ref_scale(ref_scale(byte_at(a, i), m.k[i & 3]), t);
        bad_fade += bad;
    }
    CHECK(bad_fade == 0, "a dimmed page drawn at every alpha over black is exact (%d wrong)",
          bad_fade);
    int bad_plain = 0;
    for (unsigned t = 0; t <= 255; t++) {
        BlendMod one = { { 255, 255, 255, 255 } };
        blend_fade(d, a, one, 1021, t);
        int bad = 0;
        for (size_t i = 0; i < 1021 * 4 && !bad; i++)
            bad = byte_at(d, i) != ref_scale(byte_at(a, i), t);
        bad_plain += bad;
    }
    CHECK(bad_plain == 0, "an undimmed page faded in from black is exact at every alpha, all "
          "four bytes (%d wrong)", bad_plain);
}

static void test_over(void)
{
    BlendFormat f = blend_format(0, 8, 16, 24); /* RGBA in a native word */
    uint32_t src[256], dst[256], want[256];
    BlendMod m = blend_mod(&f, 200, 100, 255);
    int bad = 0;
    for (unsigned alpha = 0; alpha <= 255; alpha += 51) {
        for (int i = 0; i < 256; i++) {
            uint8_t s[4] = { (uint8_t)i, (uint8_t)(255 - i), (uint8_t)(i * 3), (uint8_t)i };
            uint8_t d[4] = { (uint8_t)(i * 5), 17, (uint8_t)(255 - i), 99 }, w[4];
            memcpy(&src[i], s, 4);
            memcpy(&dst[i], d, 4);
            uint8_t sa = s[f.a], A = ref_scale(sa, (uint8_t)alpha);
            for (int k = 0; k < 4; k++)
                w[k] = k == f.a ? d[k] : ref_lerp(d[k], ref_scale(s[k], m.k[k]), A);
            memcpy(&want[i], w, 4);
        }
        blend_over(dst, src, 256, &f, m, alpha);
        bad += memcmp(dst, want, sizeof dst) != 0;
    }
    CHECK(bad == 0, "an image with its own alpha drawn over a page at an alpha, its colour "
                    "modulated, is exact and keeps the page's alpha byte (%d wrong)", bad);
}

static void test_formats(void)
{
    const uint32_t probe = 0x11223344u;
    uint8_t first;
    memcpy(&first, &probe, 1);
    BlendFormat x = blend_format(16, 8, 0, -1); /* SDL's RGB888, the X server's own */
    if (first == 0x44)
        CHECK(x.r == 2 && x.g == 1 && x.b == 0 && x.a == -1,
              "XRGB8888 keeps blue in byte 0 and red in byte 2 on a little-endian machine");
    else
        CHECK(x.r == 1 && x.g == 2 && x.b == 3 && x.a == -1,
              "XRGB8888 keeps red in byte 1 on a big-endian machine");
    BlendMod m = blend_mod(&x, 10, 20, 30);
    CHECK(m.k[x.r] == 10 && m.k[x.g] == 20 && m.k[x.b] == 30 && m.k[6 - x.r - x.g - x.b] == 255,
          "a modulation puts red, green and blue where the format keeps them, padding kept");
    int ones = 0;
    for (int k = 0; k < 4; k++) {
        BlendMod q = blend_mod(&x, 255, 255, 255);
        ones += blend_mod_is_one(q);
        q.k[k] = 254;
        ones += blend_mod_is_one(q);
    }
    CHECK(ones == 4 && !blend_mod_is_one(m),
          "a modulation changes nothing only when every byte is 255 (%d of 4)", ones);
    uint8_t rgba[4 * 64], back[4 * 64];
    uint32_t px[64];
    for (int i = 0; i < 4 * 64; i++)
        rgba[i] = (uint8_t)(i * 13 + 7);
    blend_from_rgba(px, rgba, 64, &x);
    uint32_t word;
    memcpy(&word, &px[1], 4);
    CHECK(word == (0xffu << 24 | (uint32_t)rgba[4] << 16 | (uint32_t)rgba[5] << 8 | rgba[6]),
          "an RGBA pixel becomes 0xFFRRGGBB in an XRGB8888 word");
    blend_to_rgba(back, px, 64, &x);
    int same = 1;
    for (int i = 0; i < 64; i++)
        same &= !memcmp(&back[4 * i], &rgba[4 * i], 3) && back[4 * i + 3] == 255;
    CHECK(same, "and back to RGBA, the same colours, opaque");
    static const int shifts[][4] = { { 16, 8, 0, -1 }, { 0, 8, 16, -1 }, { 16, 8, 0, 24 },
                                     { 0, 8, 16, 24 }, { 24, 16, 8, -1 }, { 8, 16, 24, 0 } };
    int wrong = 0;
    for (int k = 0; k < 6; k++) {
        BlendFormat q = blend_format(shifts[k][0], shifts[k][1], shifts[k][2], shifts[k][3]);
        int pad = q.a >= 0 ? q.a : 6 - q.r - q.g - q.b;
        blend_from_rgba(px, rgba, 61, &q); /* 61: three blocks and a tail */
        for (int i = 0; i < 61; i++) {
            uint8_t p[4];
            memcpy(p, &px[i], 4);
            wrong += p[q.r] != rgba[4 * i] || p[q.g] != rgba[4 * i + 1] ||
                     p[q.b] != rgba[4 * i + 2] ||
                     p[pad] != (q.a >= 0 ? rgba[4 * i + 3] : 255);
        }
    }
    CHECK(wrong == 0, "RGBA bytes land in the right bytes of six pixel formats, with and without "
                      "alpha, in whole blocks and in the tail (%d pixels wrong)", wrong);
    BlendFormat y = blend_format(0, 8, 16, 24);
    blend_from_rgba(px, rgba, 64, &y);
    blend_to_rgba(back, px, 64, &y);
    CHECK(memcmp(back, rgba, sizeof rgba) == 0, "a format with alpha keeps it both ways");
}

static void test_diff_box(void)
{
    enum { W = 40, H = 30, S = 48 };
    static uint32_t a[S * H], b[S * H];
    for (int i = 0; i < S * H; i++)
        a[i] = b[i] = (uint32_t)i * 2654435761u;
    BlendBox e = blend_diff_box(a, b, W, H, S);
    CHECK(e.x1 <= e.x0 && e.y1 <= e.y0, "two equal images differ nowhere (an empty box)");
    b[5 * S + 7] ^= 1;
    b[20 * S + 31] ^= 0x100;
    b[9 * S + W + 3] ^= 1; /* past the width, in the stride's padding: not looked at */
    BlendBox r = blend_diff_box(a, b, W, H, S);
    CHECK(r.x0 == 7 && r.y0 == 5 && r.x1 == 32 && r.y1 == 21,
          "the box holds exactly the pixels that differ (%d,%d)-(%d,%d)", r.x0, r.y0, r.x1, r.y1);
    b[0] ^= 1;
    b[H * S - S + W - 1] ^= 1;
    r = blend_diff_box(a, b, W, H, S);
    CHECK(r.x0 == 0 && r.y0 == 0 && r.x1 == W && r.y1 == H,
          "pixels in two corners make the box the whole image");
}

/* blend_diff_bands on images made to differ in scattered dots, blobs and
 * whole rows, checked by its contract: every differing pixel inside a box of
 * its band, no more than `spans` boxes a band, boxes apart, each box's ends
 * (first and last rows, first and last 16 columns) holding a difference, and
 * runs of 16 columns. */
static int bands_hold(const uint32_t *a, const uint32_t *b, int w, int h, int s, int bands,
                      int spans, const BlendBox *r, int n)
{
    int bh = (h + bands - 1) / bands, bad = 0;
    for (int i = 0; i < n; i++) {
        int band = r[i].y0 / bh;
        bad += r[i].x0 % 16 != 0 || (r[i].x1 % 16 != 0 && r[i].x1 != w) || r[i].x0 < 0 ||
               r[i].x1 > w || r[i].x1 <= r[i].x0 || r[i].y1 <= r[i].y0 ||
               (r[i].y1 - 1) / bh != band;
        int same_band = 0;
        for (int j = 0; j < n; j++)
            if (j != i && r[j].y0 / bh == band) {
                same_band++;
                bad += r[j].x0 < r[i].x1 && r[i].x0 < r[j].x1; /* overlap */
            }
        bad += same_band + 1 > spans;
        /* The ends hold a difference: first row, last row, first run, last run. */
        int row0 = 0, row1 = 0, col0 = 0, col1 = 0;
        for (int y = r[i].y0; y < r[i].y1; y++)
            for (int x = r[i].x0; x < r[i].x1; x++) {
                size_t k = (size_t)y * (size_t)s + (size_t)x;
                if (a[k] == b[k])
                    continue;
                row0 |= y == r[i].y0;
                row1 |= y == r[i].y1 - 1;
                col0 |= x < r[i].x0 + 16;
                col1 |= x >= ((r[i].x1 - 1) / 16) * 16;
            }
        bad += !(row0 && row1 && col0 && col1);
    }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            size_t k = (size_t)y * (size_t)s + (size_t)x;
            if (a[k] == b[k])
                continue;
            int in = 0;
            for (int i = 0; i < n; i++)
                in |= x >= r[i].x0 && x < r[i].x1 && y >= r[i].y0 && y < r[i].y1;
            bad += !in;
        }
    return bad;
}

static void test_diff_bands(void)
{
    enum { W = 300, H = 97, S = 320 };
    static uint32_t a[S * H], b[S * H];
    BlendBox r[64];
    for (int i = 0; i < S * H; i++)
        a[i] = b[i] = (uint32_t)i * 2654435761u;
    CHECK(blend_diff_bands(a, b, W, H, S, 8, 2, r) == 0,
          "two equal images differ in no band");
    uint32_t seed = 7;
    int bad = 0, most = 0, total = 0;
    for (int round = 0; round < 60; round++) {
        memcpy(b, a, sizeof b);
        int kind = round % 3;
        for (int k = 0; k < 1 + round % 9; k++) {
            seed = seed * 1103515245u + 12345u;
            int x = (int)(seed >> 8) % W, y = (int)(seed >> 20) % H;
            int bw = kind == 0 ? 1 : kind == 1 ? 1 + (int)(seed % 40) : W - x;
            int hh = kind == 0 ? 1 : 1 + (int)(seed >> 4) % 12;
            for (int yy = y; yy < y + hh && yy < H; yy++)
                for (int xx = x; xx < x + bw && xx < W; xx++)
                    b[(size_t)yy * S + (size_t)xx] ^= 0x010101u << (round % 8);
        }
        b[(size_t)(round % H) * S + W + 5] ^= 1; /* in the stride's padding: not looked at */
        int bands = 1 + round % 8, spans = 1 + round % 3;
        int n = blend_diff_bands(a, b, W, H, S, bands, spans, r);
        bad += n > bands * spans || bands_hold(a, b, W, H, S, bands, spans, r, n);
        most = n > most ? n : most;
        total += n;
    }
    CHECK(bad == 0, "in 60 images, every differing pixel is inside a box of its band, a band "
          "has at most its boxes, apart, each with a difference at its four ends (%d wrong)",
          bad);
    CHECK(total > 60 && most > 4, "the boxes are many, not one per image (%d in all, %d at most)",
          total, most);

    /* Three runs of difference in one band, two boxes: the narrowest gap goes. */
    memcpy(b, a, sizeof b);
    b[3 * S + 2] ^= 1;   /* run 0 */
    b[3 * S + 40] ^= 1;  /* run 2: one run of gap */
    b[4 * S + 200] ^= 1; /* run 12 */
    int n = blend_diff_bands(a, b, W, H, S, 1, 2, r);
    CHECK(n == 2 && r[0].x0 == 0 && r[0].x1 == 48 && r[1].x0 == 192 && r[1].x1 == 208 &&
          r[0].y0 == 3 && r[0].y1 == 4 && r[1].y0 == 4 && r[1].y1 == 5,
          "with three runs and two boxes, the narrowest gap is filled: (%d..%d) (%d..%d)",
          n > 0 ? r[0].x0 : -1, n > 0 ? r[0].x1 : -1, n > 1 ? r[1].x0 : -1,
          n > 1 ? r[1].x1 : -1);
    b[(H - 1) * S + W - 1] ^= 1; /* the last, shorter band, at the right edge */
    n = blend_diff_bands(a, b, W, H, S, 10, 1, r);
    CHECK(n == 2 && r[1].x1 == W && r[1].y1 == H && r[1].x0 == 288,
          "a box at the image's edge stops at its width");
}

/* blend_scale's formula the slow way: one division per sample, byte by
 * byte, clamped as its contract says. */
static void ref_sample(int k, int n, int c, int len, int size, int *i, unsigned *f)
{
    long long u = 256LL * c + (128LL * (2 * k + 1) * len) / n - 128;
    if (u < 0)
        u = 0;
    *i = (int)(u / 256);
    *f = (unsigned)(u % 256);
    if (*i >= size - 1) {
        *i = size - 1;
        *f = 0;
    }
}

static uint8_t ref_weigh(unsigned a, unsigned b, unsigned f)
{
    return (uint8_t)((a * (256 - f) + b * f + 128) / 256);
}

static void ref_scale_part(uint32_t *dst, int dw, int dh, const uint32_t *src, int sw, int sh,
                           int cx, int cy, int cw, int ch)
{
    for (int y = 0; y < dh; y++) {
        int j, i;
        unsigned fy, fx;
        ref_sample(y, dh, cy, ch, sh, &j, &fy);
        int j1 = j + 1 < sh ? j + 1 : j;
        for (int x = 0; x < dw; x++) {
            ref_sample(x, dw, cx, cw, sw, &i, &fx);
            int i1 = i + 1 < sw ? i + 1 : i;
            uint8_t out[4];
            for (int k = 0; k < 4; k++) {
                unsigned top = ref_weigh(byte_at(src, 4 * ((size_t)j * sw + i) + k),
                                         byte_at(src, 4 * ((size_t)j * sw + i1) + k), fx);
                unsigned bot = ref_weigh(byte_at(src, 4 * ((size_t)j1 * sw + i) + k),
                                         byte_at(src, 4 * ((size_t)j1 * sw + i1) + k), fx);
                out[k] = ref_weigh(top, bot, fy);
            }
            memcpy(&dst[(size_t)y * dw + x], out, 4);
        }
    }
}

/* Parts of an image (zoomed in, zoomed out, the whole, at the edges, odd
 * sizes) scaled into boxes: exact against the slow reference, every byte. */
static void test_scale(void)
{
    enum { SW = 37, SH = 23, DW = 61, DH = 29 };
    static uint32_t src[SW * SH], got[DW * DH], want[DW * DH];
    uint8_t *p = (uint8_t *)src;
    for (int i = 0; i < SW * SH * 4; i++)
        p[i] = (uint8_t)((i * 97 + (i >> 3) * 31) & 255);
    static const int parts[][6] = {
        /* dw, dh, cx, cy, cw, ch */
        { DW, DH, 0, 0, SW, SH },   { DW, DH, 3, 2, 30, 18 },  { 17, 11, 0, 0, SW, SH },
        { DW, DH, 30, 19, 7, 4 },   { 1, 1, 5, 5, 1, 1 },      { DW, 5, 36, 22, 1, 1 },
        { SW, SH, 0, 0, SW, SH },   { DW, DH, 4, 1, 33, 21 },
    };
    int bad = 0;
    for (size_t t = 0; t < sizeof parts / sizeof parts[0]; t++) {
        const int *q = parts[t];
        memset(got, 0, sizeof got);
        memset(want, 0, sizeof want);
        blend_scale(got, (size_t)q[0], q[0], q[1], q[1], src, SW, SW, SH, q[2], q[3], q[4], q[5]);
        ref_scale_part(want, q[0], q[1], src, SW, SH, q[2], q[3], q[4], q[5]);
        bad += memcmp(got, want, (size_t)q[0] * (size_t)q[1] * 4) != 0;
    }
    CHECK(bad == 0, "a part of an image scaled into a box is the bilinear formula exactly "
                    "(%d of the cases wrong)", bad);
    /* The whole image into a box of its own size is the image itself. */
    blend_scale(got, SW, SW, SH, SH, src, SW, SW, SH, 0, 0, SW, SH);
    CHECK(memcmp(got, src, sizeof src) == 0, "the whole image scaled to its own size is "
                                             "unchanged");
    uint32_t keep = got[0];
    blend_scale(got, SW, 0, SH, SH, src, SW, SW, SH, 0, 0, SW, SH);
    blend_scale(got, SW, SW, SH, SH, src, SW, SW, SH, 0, 0, 0, SH);
    blend_scale(got, SW, SW, SH, 0, src, SW, SW, SH, 0, 0, SW, SH);
    CHECK(got[0] == keep, "an empty box, an empty part or no rows draws nothing");
    /* The first rows of a box are those of the whole box, and no more. */
    memset(got, 0, sizeof got);
    blend_scale(got, DW, DW, DH, 10, src, SW, SW, SH, 3, 2, 30, 18);
    ref_scale_part(want, DW, DH, src, SW, SH, 3, 2, 30, 18);
    int rest = 0;
    for (size_t i = (size_t)DW * 10; i < (size_t)DW * DH; i++)
        rest += got[i] != 0;
    CHECK(memcmp(got, want, (size_t)DW * 10 * 4) == 0 && rest == 0,
          "a box drawn only in its first rows has them as the whole box would, and no other");
}

/* A cover laid on pixels: every weight over every byte value, and sums
 * that pass 255 held at 255. */
static void test_cover(uint32_t *a, uint32_t *b, uint32_t *d)
{
    static uint8_t k[PAIRS];
    int bad = 0;
    for (size_t i = 0; i < PAIRS; i++)
        k[i] = (uint8_t)(i * 7 + (i >> 8));
    memcpy(d, a, PAIRS * 4);
    blend_cover(d, k, b, PAIRS);
    for (size_t i = 0; i < PAIRS * 4; i++) {
        unsigned want = ref_scale(byte_at(a, i), k[i / 4]) + byte_at(b, i);
        bad += byte_at(d, i) != (want > 255 ? 255 : want);
    }
    CHECK(bad == 0, "a cover laid on a picture is round(v * k / 255) + add per byte, at most "
                    "255 (%d bytes wrong)", bad);
}

/* blend_warp_over the slow way: every pixel's point computed afresh (no
 * stepping), floor by floating division, the sums in 64 bits, each rounding
 * as (2x + d) / 2d. */
static void ref_warp(uint32_t *dst, size_t dstride, BlendBox clip, const uint32_t *src,
                     size_t sstride, int sw, int sh, const BlendWarp *w, int wrap,
                     const BlendFormat *f, unsigned alpha)
{
    for (int y = clip.y0; y < clip.y1; y++)
        for (int x = clip.x0; x < clip.x1; x++) {
            int64_t U = w->u0 + x * w->ux + y * w->uy - 32768;
            int64_t V = w->v0 + x * w->vx + y * w->vy - 32768;
            int64_t i = (int64_t)floor((double)U / 65536), j = (int64_t)floor((double)V / 65536);
            uint64_t fx = (uint64_t)((U - i * 65536) / 256), fy = (uint64_t)((V - j * 65536) / 256);
            uint64_t A = 0, P[4] = { 0, 0, 0, 0 };
            for (int dy = 0; dy < 2; dy++)
                for (int dx = 0; dx < 2; dx++) {
                    int64_t ii = i + dx, jj = j + dy;
                    if (wrap)
                        ii = ((ii % sw) + sw) % sw;
                    if (ii < 0 || ii >= sw || jj < 0 || jj >= sh)
                        continue;
                    const uint8_t *p = (const uint8_t *)&src[(size_t)jj * sstride + (size_t)ii];
                    uint64_t a = f->a >= 0 ? p[f->a] : 255;
                    uint64_t wk = (dx ? fx : 256 - fx) * (dy ? fy : 256 - fy);
                    A += wk * a;
                    for (int c = 0; c < 4; c++)
                        P[c] += wk * a * p[c];
                }
            if (!A)
                continue;
            uint64_t a = (2 * A * alpha + 255 * 65536ull) / (2 * 255 * 65536ull);
            uint8_t *q = (uint8_t *)&dst[(size_t)y * dstride + (size_t)x];
            int ch[3] = { f->r, f->g, f->b };
            for (int c = 0; c < 3; c++) {
                uint64_t pc = (2 * P[ch[c]] * alpha + 255 * 255 * 65536ull) /
                              (2 * 255 * 255 * 65536ull);
                uint64_t o = pc + (2 * q[ch[c]] * (255 - a) + 255) / 510;
                q[ch[c]] = (uint8_t)(o > 255 ? 255 : o);
            }
        }
}

/* A layer turned, scaled, moved and wrapped over a page: exact against the
 * slow reference, for layers with and without alpha, clipped or whole. */
static void test_warp(void)
{
    enum { SW = 41, SH = 27, DW = 45, DH = 31 };
    static uint32_t src[SW * SH], base[DW * DH], got[DW * DH], want[DW * DH];
    uint8_t *p = (uint8_t *)src, *q = (uint8_t *)base;
    for (int i = 0; i < SW * SH * 4; i++)
        p[i] = (uint8_t)((i * 89 + (i >> 2) * 13) & 255);
    for (int i = 0; i < SW * SH; i++) /* clear holes and soft edges, as a layer has */
        p[4 * i + 3] = (uint8_t)(i % 7 == 0 ? 0 : i % 5 == 0 ? 255 : p[4 * i + 3]);
    for (int i = 0; i < DW * DH * 4; i++)
        q[i] = (uint8_t)((i * 53 + 7) & 255);
    BlendFormat rgba = blend_format(0, 8, 16, 24), rgbx = blend_format(0, 8, 16, -1);
    const double deg = 3.14159265358979 / 180;
    struct { double m[6]; int wrap; BlendBox clip; unsigned alpha; const BlendFormat *f; } t[] = {
        { { 1, 0, 0, 0, 1, 0 }, 0, { 0, 0, DW, DH }, 255, &rgba },
        { { 1, 0, -7.3, 0, 1, 0.4 }, 0, { 0, 0, DW, DH }, 200, &rgba },
        { { 1, 0, -30.6, 0, 1, 0 }, 1, { 0, 0, DW, DH }, 255, &rgba },
        { { cos(2 * deg), sin(2 * deg), -0.8, -sin(2 * deg), cos(2 * deg), 0.6 }, 0,
          { 3, 2, 40, 29 }, 255, &rgba },
        { { 1 / 1.015, 0, 0.3, 0, 1 / 1.015, 0.2 }, 0, { 0, 0, DW, DH }, 128, &rgba },
        { { cos(-3 * deg), sin(-3 * deg), 2, -sin(-3 * deg), cos(-3 * deg), -1 }, 0,
          { 5, 4, 30, 20 }, 255, &rgbx },
        { { 0.5, 0.1, 60, 0, 0.5, 3 }, 1, { 0, 0, DW, DH }, 77, &rgba },
    };
    int bad = 0, kept = 1;
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        BlendWarp w = blend_warp(t[k].m);
        memcpy(got, base, sizeof base);
        memcpy(want, base, sizeof base);
        blend_warp_over(got, DW, t[k].clip, src, SW, SW, SH, &w, t[k].wrap, t[k].f, t[k].alpha);
        ref_warp(want, DW, t[k].clip, src, SW, SW, SH, &w, t[k].wrap, t[k].f, t[k].alpha);
        bad += memcmp(got, want, sizeof got) != 0;
        for (int i = 0; i < DW * DH; i++)
            kept &= ((uint8_t *)got)[4 * i + 3] == q[4 * i + 3];
    }
    CHECK(bad == 0, "a layer turned, scaled, moved or wrapped is the bilinear formula over "
                    "the page exactly (%d of the cases wrong)", bad);
    CHECK(kept, "the page's fourth byte is left as it was");
    /* The identity over the page: each pixel the layer's own over it. */
    double id[6] = { 1, 0, 0, 0, 1, 0 };
    BlendWarp w = blend_warp(id);
    CHECK(w.u0 == 32768 && w.v0 == 32768 && w.ux == 65536 && w.uy == 0 && w.vx == 0 &&
              w.vy == 65536, "the identity map samples each pixel at its own centre");
    memcpy(got, base, sizeof base);
    blend_warp_over(got, DW, (BlendBox){ 0, 0, SW, SH }, src, SW, SW, SH, &w, 0, &rgbx, 255);
    int same = 1;
    for (int y = 0; y < SH; y++)
        for (int x = 0; x < SW; x++)
            for (int c = 0; c < 3; c++)
                same &= ((uint8_t *)got)[4 * (y * DW + x) + c] == p[4 * (y * SW + x) + c];
    CHECK(same, "an opaque layer drawn as it is covers the page with its own pixels");
    memcpy(got, base, sizeof base);
    double far[6] = { 1, 0, 500, 0, 1, 500 };
    w = blend_warp(far);
    blend_warp_over(got, DW, (BlendBox){ 0, 0, DW, DH }, src, SW, SW, SH, &w, 0, &rgba, 255);
    blend_warp_over(got, DW, (BlendBox){ 0, 0, 0, DH }, src, SW, SW, SH, &w, 0, &rgba, 255);
    double bad_m[6] = { NAN, 0, 0, 0, 1, 0 };
    BlendWarp nw = blend_warp(bad_m);
    CHECK(memcmp(got, base, sizeof base) == 0 && nw.ux == 65536 && nw.u0 == 32768,
          "a layer moved out of the box or an empty clip draws nothing; a map that is not "
          "finite is the identity");
}

int main(void)
{
    uint32_t *a = malloc(PAIRS * 4), *b = malloc(PAIRS * 4), *d = malloc(PAIRS * 4);
    CHECK(a && b && d, "memory for the test pages");
    /* Every kernel with the 16-byte blocks every processor runs, then with
     * the wide ones where this processor has them: the same bytes both ways. */
    for (int want = 0; want <= 1 && a && b && d; want++) {
        int w = blend_wide(want);
        CHECK(w == 0 || want, "the 16-byte kernels can always be chosen (%s)", blend_kernels());
        if (want && !w) {
            printf("# no wide kernels on this processor (%s): checked once\n", blend_kernels());
            break;
        }
        printf("# kernels: %s\n", blend_kernels());
        fill_pairs(a, b);
        test_crossfade_every_level(a, b, d);
        test_mix_every_level(a, b, d);
        test_dim_every_level(a, d);
        test_fade_every_level(a, d);
        test_cover(a, b, d);
    }
    blend_wide(1);
    free(a);
    free(b);
    free(d);
    test_over();
    test_formats();
    test_diff_box();
    test_diff_bands();
    test_scale();
    test_warp();
    CHECK_DONE();
}
