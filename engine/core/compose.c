/* compose — one page's picture and words composed into one RGBA image, once.
 *
 * The page is built in layers on an opaque canvas: the night colour, the
 * picture (scaled once to its letterbox with stb_image_resize, sRGB- and
 * alpha-aware so small drawings enlarge smoothly, photos shrink without
 * aliasing and cut-outs keep no dark fringe) alpha-blended on top, then a soft
 * band and the words. The background is the flat night colour, not a
 * gradient, so the composed texture meets the renderer's clear colour with no
 * seam during transitions and dimming. With no picture a calm placeholder is
 * drawn: a faint crescent moon with a soft halo, far below full brightness.
 *
 * Words are laid out by text.c into 8-bit coverage buffers (one for all the
 * words, one for the read-along highlight) and tinted here. All blending is
 * integer arithmetic on straight alpha; every buffer size is checked before
 * allocation and every write is clipped to the canvas.
 *
 * The bookshelf is drawn by compose_shelf.c and the parents' panels by
 * compose_panel.c; the drawing steps all three share are declared in
 * compose_draw.h and defined here. */
#include "compose.h"
#include "compose_draw.h"

#include <limits.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <stb_image_resize.h>

#include "layout.h"
#include "mem.h"

enum {
    BAND_ALPHA = 178,     /* ~70% night colour behind the words */
    MOON_ALPHA = 200,
    HALO_ALPHA = 22
};

/* Allocate img as w x h, uninitialised. 0, or -1 (img zeroed). */
int compose_alloc(ComposeImage *img, int w, int h)
{
    size_t n = image_bytes(w, h);
    img->px = n ? hb_big_alloc(n) : NULL; /* a page: kept for the next (mem.h) */
    img->w = img->px ? w : 0;
    img->h = img->px ? h : 0;
    return img->px ? 0 : -1;
}

void compose_free(ComposeImage *img)
{
    if (!img)
        return;
    hb_big_free(img->px);
    img->px = NULL;
    img->w = img->h = 0;
}

void compose_fill(ComposeImage *img, Rgb c)
{
    /* One row by hand, the others copied from it. */
    size_t row = (size_t)img->w * 4;
    uint8_t *p = img->px;
    for (int i = 0; i < img->w; i++, p += 4) {
        p[0] = c.r;
        p[1] = c.g;
        p[2] = c.b;
        p[3] = 255;
    }
    for (int y = 1; y < img->h; y++)
        memcpy(img->px + (size_t)y * row, img->px, row);
}

/* Alpha-blend the straight-alpha image src over dst with its top-left at (x, y). */
void compose_blend_image(ComposeImage *dst, const ComposeImage *src, int x, int y)
{
    Clip c;
    if (!clip_rect(dst, x, y, src->w, src->h, &c))
        return;
    for (int j = 0; j < c.h; j++) {
        const uint8_t *s = src->px + ((size_t)(c.sy + j) * src->w + c.sx) * 4;
        uint8_t *d = dst->px + ((size_t)(c.dy + j) * dst->w + c.dx) * 4;
        /* A row opaque from end to end (most rows of a drawing or a photo)
         * over an opaque row (every page) is copied whole, alpha and all: the
         * same bytes as the loop below. The test is an AND of every alpha
         * byte, which vectorises. */
        unsigned all = 255;
        for (int i = 0; i < c.w; i++)
            all &= (unsigned)s[(size_t)i * 4 + 3] & d[(size_t)i * 4 + 3];
        if (all == 255) {
            memcpy(d, s, (size_t)c.w * 4);
            continue;
        }
        for (int i = 0; i < c.w; i++, s += 4, d += 4) {
            if (s[3] == 255) { /* most pixels of most pictures: a plain copy */
                d[0] = s[0];
                d[1] = s[1];
                d[2] = s[2];
                continue;
            }
            Rgb col = {s[0], s[1], s[2]};
            blend_px(d, col, s[3]);
        }
    }
}

/* The filter for one axis. Enlarging uses the cubic B-spline: smooth and,
 * unlike the interpolating Catmull-Rom that stb picks by default, without
 * negative lobes, which in linear light ring as dark outlines round bright
 * shapes in a drawing. Shrinking keeps stb's Mitchell filter (no aliasing). */
static stbir_filter axis_filter(int from, int to)
{
    return to > from ? STBIR_FILTER_CUBICBSPLINE : STBIR_FILTER_MITCHELL;
}

int compose_scale(const ComposeImage *src, int w, int h, ComposeImage *out)
{
    out->px = NULL;
    out->w = out->h = 0;
    if (!image_valid(src) || compose_alloc(out, w, h) != 0)
        return -1;
    if (src->w == w && src->h == h) {
        memcpy(out->px, src->px, image_bytes(w, h));
        return 0;
    }
    /* Flags 0: straight alpha, so stb weights colours by alpha while filtering
     * (transparent pixels lend no colour: no dark fringes round cut-outs);
     * alpha itself stays linear, colours are filtered in linear light. */
    if (!stbir_resize(src->px, src->w, src->h, 0, out->px, w, h, 0, STBIR_TYPE_UINT8,
                      4, 3, 0, STBIR_EDGE_CLAMP, STBIR_EDGE_CLAMP,
                      axis_filter(src->w, w), axis_filter(src->h, h),
                      STBIR_COLORSPACE_SRGB, NULL)) {
        compose_free(out);
        return -1;
    }
    return 0;
}

/* Coverage (0..255) of a pixel's centre by a rounded rect: one pixel of
 * soft edge, so the sign has no hard corner to catch the eye. */
static int round_rect_cover(int x, int y, LayoutRect r, double radius)
{
    double px = x + 0.5, py = y + 0.5;
    double cx = r.x + r.w / 2.0, cy = r.y + r.h / 2.0;
    double qx = fabs(px - cx) - (r.w / 2.0 - radius), qy = fabs(py - cy) - (r.h / 2.0 - radius);
    double ox = qx > 0 ? qx : 0, oy = qy > 0 ? qy : 0;
    double d = sqrt(ox * ox + oy * oy) + fmin(fmax(qx, qy), 0.0) - radius;
    double c = 0.5 - d;
    return c <= 0 ? 0 : c >= 1 ? 255 : (int)lround(c * 255.0);
}

int compose_pause_sign(int size, ComposeImage *out)
{
    if (size <= 0 || size > 4096 || compose_alloc(out, size, size) != 0)
        return -1;
    LayoutRect sq = { 0, 0, size, size };
    LayoutRect b0 = layout_pause_bar(size, 0), b1 = layout_pause_bar(size, 1);
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            int bg = round_rect_cover(x, y, sq, size / 4.0) * COMPOSE_PAUSE_BG_ALPHA / 255;
            int bar = round_rect_cover(x, y, b0, b0.w / 2.0);
            int bar1 = round_rect_cover(x, y, b1, b1.w / 2.0);
            bar = (bar > bar1 ? bar : bar1) * 200 / 255;
            /* The bars over the square, straight alpha: the square's night blue
             * where there is no bar, a soft grey where there is. */
            int a = bar + bg * (255 - bar) / 255;
            int mix = a > 0 ? bar * 255 / a : 0; /* the bar's share of the colour */
            uint8_t *p = out->px + ((size_t)y * size + x) * 4;
            p[0] = (uint8_t)((0x3a * (255 - mix) + (COMPOSE_PAUSE_BAR_LEVEL - 8) * mix) / 255);
            p[1] = (uint8_t)((0x40 * (255 - mix) + (COMPOSE_PAUSE_BAR_LEVEL - 4) * mix) / 255);
            p[2] = (uint8_t)((0x5c * (255 - mix) + COMPOSE_PAUSE_BAR_LEVEL * mix) / 255);
            p[3] = (uint8_t)a;
        }
    }
    return 0;
}

double compose_difference(const ComposeImage *a, const ComposeImage *b)
{
    size_t n;
    uint64_t sum = 0;
    if (!a || !b || a->w != b->w || a->h != b->h)
        return -1.0;
    n = image_bytes(a->w, a->h);
    if (n == 0)
        return (a->w == 0 && a->h == 0) ? 0.0 : -1.0;
    if (!a->px || !b->px)
        return -1.0;
    for (size_t i = 0; i < n; i++)
        sum += (uint64_t)abs((int)a->px[i] - (int)b->px[i]);
    return (double)sum / (double)n;
}

typedef struct { int64_t cx, cy, r, sx, sy; } Moon;  /* all in 1/16 px */

/* Crescent coverage at pixel (x, y): the moon disc minus a shifted disc,
 * plus a faint halo fading out to twice the radius. Outside both the halo
 * and the disc's soft edge nothing is drawn, which the squared distance
 * says without a square root; the shifted disc matters only over the moon. */
static int moon_alpha(const Moon *m, int x, int y)
{
    int64_t dx = (int64_t)x * 16 + 8 - m->cx, dy = (int64_t)y * 16 + 8 - m->cy;
    int64_t reach = 2 * m->r > m->r + 8 ? 2 * m->r : m->r + 8;
    uint64_t d2 = (uint64_t)(dx * dx + dy * dy);
    if (d2 >= (uint64_t)(reach * reach))
        return 0;
    int64_t d = isqrt64(d2);
    int disc = disc_cover(d, m->r);
    int shade = disc ? disc_cover(dist16(x, y, m->cx + m->sx, m->cy + m->sy), m->r) : 0;
    int crescent = disc * (255 - shade) / 255;
    int halo = 0;
    if (d < 2 * m->r) {
        int64_t t = 2 * m->r - d;  /* 0 at the halo's rim, r at the moon's edge */
        if (t > m->r)
            t = m->r;  /* flat inside the disc: the shaded part stays faint */
        /* In doubles, which divide several times faster than 64-bit integers
         * and give the same: both sides are exact under 2^53 and the quotient
         * is under 256, so its rounding never reaches the next integer. */
        halo = (int)((double)(HALO_ALPHA * t * t) / (double)(m->r * m->r + 1));
    }
    int a = crescent * MOON_ALPHA / 255;
    return a > halo ? a : halo;
}

/* Calm stand-in for a missing picture: a dim crescent over the night colour. */
void compose_placeholder(ComposeImage *img)
{
    int side = img->w < img->h ? img->w : img->h;
    Moon m;
    int64_t r;
    Clip c;
    m.r = (int64_t)side * 16 * 16 / 100;
    m.cx = (int64_t)img->w * 8;
    m.cy = (int64_t)img->h * 16 * 42 / 100;
    m.sx = m.r * 45 / 100;
    m.sy = -m.r * 20 / 100;
    if (m.r < 16)
        return;
    r = 2 * m.r / 16 + 2;
    if (!clip_rect(img, (int)(m.cx / 16 - r), (int)(m.cy / 16 - r), (int)(2 * r),
                   (int)(2 * r), &c))
        return;
    for (int y = c.dy; y < c.dy + c.h; y++) {
        uint8_t *p = img->px + ((size_t)y * img->w + c.dx) * 4;
        for (int x = c.dx; x < c.dx + c.w; x++, p += 4)
            blend_px(p, MOON, moon_alpha(&m, x, y));
    }
}

/* Place the picture: scaled to its letterbox, or centred as given when it is
 * already at that size. Writes where it went into *where. */
static int draw_picture(ComposeImage *img, const ComposeInput *in, LayoutRect *where)
{
    const ComposeImage *pic = in->picture;
    if (in->picture_prescaled) {
        where->w = pic->w;
        where->h = pic->h;
        where->x = (img->w - pic->w) / 2;
        where->y = (img->h - pic->h) / 2;
        compose_blend_image(img, pic, where->x, where->y);
        return 0;
    }
    *where = layout_letterbox(pic->w, pic->h, img->w, img->h);
    if (where->w <= 0 || where->h <= 0)
        return 0;
    /* Scaled straight into the page (the letterbox lies inside it), then put
     * over the night colour in place: no screen-sized scratch image, which
     * matters on a tablet with little memory. */
    uint8_t *dst = img->px + ((size_t)where->y * img->w + where->x) * 4;
    if (!stbir_resize(pic->px, pic->w, pic->h, 0, dst, where->w, where->h, img->w * 4,
                      STBIR_TYPE_UINT8, 4, 3, 0, STBIR_EDGE_CLAMP, STBIR_EDGE_CLAMP,
                      axis_filter(pic->w, where->w), axis_filter(pic->h, where->h),
                      STBIR_COLORSPACE_SRGB, NULL)) {
        return -1;
    }
    for (int j = 0; j < where->h; j++) {
        uint8_t *p = dst + (size_t)j * img->w * 4;
        for (int i = 0; i < where->w; i++, p += 4) {
            int a = p[3];
            if (a == 255)
                continue;
            p[0] = mix8(NIGHT.r, p[0], a);
            p[1] = mix8(NIGHT.g, p[1], a);
            p[2] = mix8(NIGHT.b, p[2], a);
            p[3] = 255;
        }
    }
    return 0;
}

/* Smoothstep of i over 0..n, as 0..255. */
static int ease255(int i, int n)
{
    int64_t t, s;
    if (n <= 0 || i >= n)
        return 255;
    if (i <= 0)
        return 0;
    t = (int64_t)i * 1024 / n;                   /* 0..1024 */
    s = t * t * (3 * 1024 - 2 * t) / (1024 * 1024);  /* 0..1024 */
    return (int)(s * 255 / 1024);
}

/* The soft band behind the words: night colour at ~70%, its top edge fading
 * in over a quarter of its height so it reads as a mist, not a box. */
static void draw_band(ComposeImage *img, LayoutRect band)
{
    Clip c;
    int feather = band.h / 4;
    if (!clip_rect(img, band.x, band.y, band.w, band.h, &c))
        return;
    for (int j = 0; j < c.h; j++) {
        int a = ease255(c.sy + j, feather) * BAND_ALPHA / 255;
        uint8_t *p = img->px + ((size_t)(c.dy + j) * img->w + c.dx) * 4;
        for (int i = 0; i < c.w; i++, p += 4)
            blend_px(p, NIGHT, a);
    }
}

/* Tint the coverage buffers into the canvas at (x, y): words in the warm
 * off-white, the highlighted part in amber (hi is at most cov per pixel).
 * cov and hi are w x h with rows of cov_stride and hi_stride bytes. */
static void tint_words(ComposeImage *img, const uint8_t *cov, size_t cov_stride,
                       const uint8_t *hi, size_t hi_stride, int w, int h, int x, int y)
{
    Clip c;
    if (!clip_rect(img, x, y, w, h, &c))
        return;
    for (int j = 0; j < c.h; j++) {
        const uint8_t *crow = cov + (size_t)(c.sy + j) * cov_stride + c.sx;
        const uint8_t *hrow = hi ? hi + (size_t)(c.sy + j) * hi_stride + c.sx : NULL;
        uint8_t *p = img->px + ((size_t)(c.dy + j) * img->w + c.dx) * 4;
        for (int i = 0; i < c.w; i++, p += 4) {
            int a = crow[i], k = hrow ? hrow[i] : 0;
            Rgb col = WORDS;
            if (a == 0)
                continue;
            if (k > 0) {
                int t = k >= a ? 255 : k * 255 / a;
                col.r = mix8(WORDS.r, HIGHLIGHT.r, t);
                col.g = mix8(WORDS.g, HIGHLIGHT.g, t);
                col.b = mix8(WORDS.b, HIGHLIGHT.b, t);
            }
            blend_px(p, col, a);
        }
    }
}

/* Render the layout's coverage (and the highlight's) for a w x h box and
 * tint it in. 0, or -1 on allocation failure. */
static int draw_layout(ComposeImage *img, const ComposeInput *in, const TextLayout *l,
                       LayoutRect box)
{
    size_t n = image_bytes(box.w, box.h) / 4;
    int ox = (box.w - l->width) / 2, oy = (box.h - l->height) / 2;
    int lit = in->highlight_from < in->highlight_to;
    uint8_t *cov, *hi = NULL;
    if (n == 0)
        return 0;
    cov = calloc(n, 1);
    if (lit)
        hi = calloc(n, 1);
    if (!cov || (lit && !hi)) {
        free(cov);
        free(hi);
        return -1;
    }
    text_render(in->font, l, cov, box.w, box.h, box.w, ox, oy);
    if (lit)
        text_render_range(in->font, l, hi, box.w, box.h, box.w, ox, oy,
                          in->highlight_from, in->highlight_to);
    tint_words(img, cov, (size_t)box.w, hi, (size_t)box.w, box.w, box.h, box.x, box.y);
    free(cov);
    free(hi);
    return 0;
}

/* Fit the words in the caption's text box in at most cap->max_lines lines:
 * text_fit fills the box's height, so while it takes too many lines the height
 * allowed shrinks in proportion (at the smallest size text_fit then cuts the
 * words with an ellipsis). 0, or -1 on allocation failure. */
static int fit_caption(const ComposeInput *in, const LayoutCaption *cap, TextLayout *l)
{
    size_t len = strlen(in->text);
    int height = cap->text.h;
    for (int tries = 0;; tries++) {
        int fewer;
        if (text_fit_lang(in->font, in->language, in->text, len, cap->min_px, cap->max_px,
                          cap->text.w, height, l) != 0)
            return -1;
        if (l->nlines <= cap->max_lines || tries == 8 || height <= 1) {
            if (in->cut && l->truncated)
                *in->cut = 1;
            return 0;
        }
        fewer = (int)((int64_t)height * cap->max_lines / l->nlines);
        height = fewer < height ? fewer : height - 1;
        text_layout_free(l);
    }
}

/* The caption: fit the words in the text box, draw the band, then the words. */
static int draw_caption(ComposeImage *img, const ComposeInput *in, LayoutRect picture)
{
    LayoutCaption cap = layout_caption(img->w, img->h, picture);
    TextLayout l;
    int rc;
    if (cap.text.w <= 0 || cap.text.h <= 0)
        return 0;
    draw_band(img, cap.band);
    if (in->band_only)
        return 0;
    if (fit_caption(in, &cap, &l) != 0)
        return -1;
    rc = l.nglyphs > 0 ? draw_layout(img, in, &l, cap.text) : 0;
    text_layout_free(&l);
    return rc;
}

/* Where the picture lies on a screen_w x screen_h page (as compose_page_into
 * places it), for the caption's layout. */
LayoutRect compose_picture_rect(const ComposeInput *in, int screen_w, int screen_h)
{
    LayoutRect r = { 0, 0, screen_w, screen_h };
    const ComposeImage *pic = in->picture;
    if (!image_valid(pic))
        return r;
    if (in->picture_prescaled)
        return (LayoutRect){ (screen_w - pic->w) / 2, (screen_h - pic->h) / 2, pic->w, pic->h };
    return layout_letterbox(pic->w, pic->h, screen_w, screen_h);
}

int compose_words_top(int screen_w, int screen_h, LayoutRect picture)
{
    LayoutCaption cap = layout_caption(screen_w, screen_h, picture);
    return cap.band.y > 0 ? cap.band.y : 0;
}

int compose_words_strip(const ComposeInput *in, int screen_w, int screen_h, LayoutRect picture,
                        ComposeImage *strip, int y0)
{
    LayoutCaption cap = layout_caption(screen_w, screen_h, picture);
    TextLayout l;
    if (!image_valid(strip) || !in->font || !in->text || !in->text[0] || cap.text.w <= 0 ||
        cap.text.h <= 0)
        return 0;
    if (fit_caption(in, &cap, &l) != 0)
        return -1;
    LayoutRect box = cap.text;
    box.y -= y0; /* the strip's first row is the page's row y0 */
    int rc = l.nglyphs > 0 ? draw_layout(strip, in, &l, box) : 0;
    text_layout_free(&l);
    return rc;
}

int compose_words_prepare(const ComposeInput *in, int screen_w, int screen_h,
                          LayoutRect picture, ComposeWords *out)
{
    LayoutCaption cap = layout_caption(screen_w, screen_h, picture);
    memset(out, 0, sizeof *out);
    if (!in->font || !in->text || !in->text[0] || cap.text.w <= 0 || cap.text.h <= 0)
        return 0;
    size_t n = image_bytes(cap.text.w, cap.text.h) / 4;
    if (n == 0)
        return 0;
    if (fit_caption(in, &cap, &out->layout) != 0)
        return -1;
    if (!(out->cov = calloc(n, 1))) {
        text_layout_free(&out->layout);
        return -1;
    }
    out->font = in->font;
    out->box = cap.text;
    /* as draw_layout places the layout in its box */
    out->ox = (cap.text.w - out->layout.width) / 2;
    out->oy = (cap.text.h - out->layout.height) / 2;
    text_render(in->font, &out->layout, out->cov, cap.text.w, cap.text.h, cap.text.w, out->ox,
                out->oy);
    return 1;
}

void compose_words_free(ComposeWords *w)
{
    if (w->cov)
        text_layout_free(&w->layout);
    free(w->cov);
    memset(w, 0, sizeof *w);
}

LayoutRect compose_words_box(const ComposeWords *w, int from, int to)
{
    LayoutRect r = { 0, 0, 0, 0 };
    int b[4];
    if (!w->cov || !text_range_box(w->font, &w->layout, w->ox, w->oy, from, to, b))
        return r;
    /* only the text box holds coverage: outside it nothing is drawn */
    if (b[0] < 0) b[0] = 0;
    if (b[1] < 0) b[1] = 0;
    if (b[2] > w->box.w) b[2] = w->box.w;
    if (b[3] > w->box.h) b[3] = w->box.h;
    if (b[2] <= b[0] || b[3] <= b[1])
        return r;
    return (LayoutRect){ w->box.x + b[0], w->box.y + b[1], b[2] - b[0], b[3] - b[1] };
}

int compose_words_redraw(const ComposeWords *w, const ComposeImage *base, int base_y, int from,
                         int to, LayoutRect r, ComposeImage *strip, int y0)
{
    if (!w->cov || !image_valid(base) || !image_valid(strip) || strip->w != base->w)
        return 0;
    /* r within the text box, the base and the strip (whose row 0 is page row y0) */
    int x0 = r.x > w->box.x ? r.x : w->box.x, x1 = r.x + r.w, ya = r.y > w->box.y ? r.y : w->box.y;
    int yb = r.y + r.h;
    if (x1 > w->box.x + w->box.w) x1 = w->box.x + w->box.w;
    if (yb > w->box.y + w->box.h) yb = w->box.y + w->box.h;
    if (x0 < 0) x0 = 0;
    if (ya < y0) ya = y0;
    if (ya < base_y) ya = base_y;
    if (x1 > base->w) x1 = base->w;
    if (yb > base_y + base->h) yb = base_y + base->h;
    if (yb > y0 + strip->h) yb = y0 + strip->h;
    if (x1 <= x0 || yb <= ya)
        return 0;
    int rw = x1 - x0, rh = yb - ya;
    for (int y = ya; y < yb; y++)
        memcpy(strip->px + ((size_t)(y - y0) * strip->w + x0) * 4,
               base->px + ((size_t)(y - base_y) * base->w + x0) * 4, (size_t)rw * 4);
    uint8_t *hi = NULL;
    if (from < to) {
        if (!(hi = calloc((size_t)rw * rh, 1)))
            return -1;
        text_render_range(w->font, &w->layout, hi, rw, rh, rw, w->ox + w->box.x - x0,
                          w->oy + w->box.y - ya, from, to);
    }
    const uint8_t *cov = w->cov + (size_t)(ya - w->box.y) * w->box.w + (x0 - w->box.x);
    ComposeImage view = { strip->px + (size_t)(ya - y0) * strip->w * 4, strip->w, rh };
    tint_words(&view, cov, (size_t)w->box.w, hi, (size_t)rw, rw, rh, x0, 0);
    free(hi);
    return 0;
}

/* The replay control: a dim ring open at the top right with a small arrow
 * head, drawn at about a quarter of the words' brightness so it is there for
 * a parent without calling to a child. */
static void draw_replay_mark(ComposeImage *img, LayoutRect r)
{
    if (r.w < 8)
        return;
    int64_t cx = (int64_t)(r.x * 2 + r.w) * 8, cy = (int64_t)(r.y * 2 + r.h) * 8;
    int64_t ro = (int64_t)r.w * 16 * 40 / 100, ri = ro * 70 / 100;
    Rgb c = { 0x6a, 0x6e, 0x86 };
    for (int y = r.y; y < r.y + r.h; y++) {
        for (int x = r.x; x < r.x + r.w; x++) {
            if (x < 0 || y < 0 || x >= img->w || y >= img->h)
                continue;
            int64_t d = dist16(x, y, cx, cy);
            int64_t dx = (int64_t)x * 16 + 8 - cx, dy = (int64_t)y * 16 + 8 - cy;
            int a = disc_cover(d, ro) * (255 - disc_cover(d, ri)) / 255;
            if (dx > 0 && dy < 0 && -dy > dx / 2)
                a = 0; /* the opening, between twelve and two o'clock */
            /* the arrow head: a triangle pointing right at twelve o'clock */
            int64_t ty = dy + (ro + ri) / 2, tx = dx;
            int64_t half = (ro - ri) * 12 / 10;
            if (tx >= -half / 2 && tx <= half && ty > -(half - tx) && ty < (half - tx))
                a = 255;
            blend_px(img->px + ((size_t)y * img->w + x) * 4, c, a);
        }
    }
}

int compose_page_into(const ComposeInput *in, ComposeImage *out)
{
    LayoutRect picture = {0, 0, out->w, out->h};
    if (!in || !image_valid(out))
        return -1;
    compose_fill(out, NIGHT);
    if (image_valid(in->picture)) {
        if (draw_picture(out, in, &picture) != 0)
            return -1;
    } else {
        compose_placeholder(out);
    }
    if (in->font && in->text && in->text[0] && draw_caption(out, in, picture) != 0)
        return -1;
    if (in->replay_mark)
        draw_replay_mark(out, layout_replay_mark(out->w, out->h));
    return 0;
}

int compose_page(const ComposeInput *in, int screen_w, int screen_h, ComposeImage *out)
{
    out->px = NULL;
    out->w = out->h = 0;
    if (!in || compose_alloc(out, screen_w, screen_h) != 0)
        return -1;
    if (compose_page_into(in, out) != 0) {
        compose_free(out);
        return -1;
    }
    return 0;
}

/* ---- shared with the shelf and the panels ---- */

/* A soft outline just outside r in the warm tone: the selected book. */
void compose_outline(ComposeImage *img, LayoutRect r, int width)
{
    for (int k = 1; k <= width; k++) {
        int a = 150 * (width - k + 1) / width;
        LayoutRect o = { r.x - k, r.y - k, r.w + 2 * k, r.h + 2 * k };
        for (int i = 0; i < o.w; i++) {
            int xs[2] = { o.x + i, o.x + i }, ys[2] = { o.y, o.y + o.h - 1 };
            for (int e = 0; e < 2; e++)
                if (xs[e] >= 0 && xs[e] < img->w && ys[e] >= 0 && ys[e] < img->h)
                    blend_px(img->px + ((size_t)ys[e] * img->w + xs[e]) * 4, HIGHLIGHT, a);
        }
        for (int j = 1; j < o.h - 1; j++) {
            int xs[2] = { o.x, o.x + o.w - 1 }, y = o.y + j;
            for (int e = 0; e < 2; e++)
                if (xs[e] >= 0 && xs[e] < img->w && y >= 0 && y < img->h)
                    blend_px(img->px + ((size_t)y * img->w + xs[e]) * 4, HIGHLIGHT, a);
        }
    }
}

/* Words fitted into box, centred: from max_frac of the box's height down to
 * min_frac (never under 10 px), as many lines as fit. Titles, labels, the
 * studio's page words. */
int compose_words_in(ComposeImage *img, const TextFont *font, const char *text,
                     LayoutRect box, float max_frac, float min_frac)
{
    ComposeInput in;
    TextLayout l;
    memset(&in, 0, sizeof in);
    in.font = font;
    if (!font || !text || !text[0] || box.w <= 0 || box.h <= 0)
        return 0;
    float max_px = box.h * max_frac, min_px = box.h * min_frac;
    if (min_px < 10)
        min_px = 10;
    if (max_px < min_px)
        max_px = min_px;
    if (text_fit(font, text, strlen(text), min_px, max_px, box.w, box.h, &l) != 0)
        return -1;
    int rc = l.nglyphs > 0 ? draw_layout(img, &in, &l, box) : 0;
    text_layout_free(&l);
    return rc;
}
