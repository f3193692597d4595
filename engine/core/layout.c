/* layout — where things go on the screen, as plain arithmetic.
 *
 * Everything here is integer rectangles computed from the screen size, so the
 * same numbers come out on a 1024x600 tablet, a portrait phone and a tiny test
 * window. The letterbox uses 64-bit products so no picture or screen size can
 * overflow, and rounds to the nearest pixel so the aspect ratio is kept to
 * within one pixel while one dimension is filled exactly.
 *
 * The caption band is anchored to the bottom edge. Over the picture it takes a
 * fixed share of the screen height (enough for three lines at the largest font
 * size), capped at 30% and never reaching above 62% of the height, so a
 * toddler always sees the middle of the picture. When the letterbox leaves a
 * bar below the picture that is tall enough for words, the band lives in that
 * bar instead and covers nothing. Font sizes follow the screen height, with a
 * floor so words stay readable on small windows. */
#include "layout.h"

#include <string.h>

#include <stdint.h>

/* Shares of the screen height, in per mille, and the font limits. */
enum {
    BAND_OVER_PICTURE = 260,  /* band height when it lies over the picture */
    BAND_MAX = 300,           /* never taller than this */
    BAND_TOP_MIN = 620,       /* its top never above this */
    BAR_MIN = 140,            /* a bar below the picture this tall takes the band */
    MARGIN_SIDE = 40,         /* of the width */
    MARGIN_TOP = 15,          /* of the height, above and below the words */
    FONT_FLOOR_PX = 14,
    MAX_LINES = 3
};

/* Line height as a multiple of the pixel height (a font's ascent + descent +
 * line gap is usually about 1.2 em). */
#define LINE_FACTOR 1.25f

int layout_contains(LayoutRect r, float x, float y)
{
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

static LayoutRect rect_zero(void)
{
    LayoutRect r = {0, 0, 0, 0};
    return r;
}

/* v * permille / 1000, rounded to nearest, without overflow. */
static int share(int v, int permille)
{
    return (int)(((int64_t)v * permille + 500) / 1000);
}

/* a * b / c rounded to nearest, for non-negative a, b and positive c. */
static int64_t muldiv_round(int64_t a, int64_t b, int64_t c)
{
    return (a * b + c / 2) / c;
}

static int clamp_int(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

LayoutRect layout_letterbox(int pic_w, int pic_h, int screen_w, int screen_h)
{
    LayoutRect r;
    if (pic_w <= 0 || pic_h <= 0 || screen_w <= 0 || screen_h <= 0)
        return rect_zero();
    /* Compare aspect ratios by cross-multiplying: pic_w/pic_h >= sw/sh. */
    if ((int64_t)pic_w * screen_h >= (int64_t)screen_w * pic_h) {
        r.w = screen_w;
        r.h = (int)muldiv_round(screen_w, pic_h, pic_w);
        r.h = clamp_int(r.h, 1, screen_h);
    } else {
        r.h = screen_h;
        r.w = (int)muldiv_round(screen_h, pic_w, pic_h);
        r.w = clamp_int(r.w, 1, screen_w);
    }
    r.x = (screen_w - r.w) / 2;
    r.y = (screen_h - r.h) / 2;
    return r;
}

/* The band: bottom-anchored, in the bar below the picture when that bar is
 * tall enough, else over the picture's lower part. */
static LayoutRect caption_band(int screen_w, int screen_h, LayoutRect picture)
{
    LayoutRect band;
    /* Round the limits inwards so they hold exactly, even on tiny screens. */
    int limit = (int)((int64_t)screen_h * BAND_MAX / 1000);
    int top_min = (int)(((int64_t)screen_h * BAND_TOP_MIN + 999) / 1000);
    int bar = screen_h - (picture.y + picture.h);
    int h = share(screen_h, BAND_OVER_PICTURE);

    if (picture.w > 0 && picture.h > 0 && bar >= share(screen_h, BAR_MIN)
        && bar <= screen_h)
        h = bar;
    if (h > limit)
        h = limit;
    if (screen_h - h < top_min)
        h = screen_h - top_min;
    band.x = 0;
    band.w = screen_w;
    band.h = h > 0 ? h : 0;
    band.y = screen_h - band.h;
    return band;
}

/* The band inset by the margins; never negative in size. */
static LayoutRect caption_text_box(LayoutRect band, int screen_w, int screen_h)
{
    LayoutRect t;
    int mx = share(screen_w, MARGIN_SIDE);
    int my = share(screen_h, MARGIN_TOP);
    t.x = band.x + mx;
    t.y = band.y + my;
    t.w = band.w - 2 * mx;
    t.h = band.h - 2 * my;
    if (t.w < 0) {
        t.x = band.x + band.w / 2;
        t.w = 0;
    }
    if (t.h < 0) {
        t.y = band.y + band.h / 2;
        t.h = 0;
    }
    return t;
}

LayoutCaption layout_caption(int screen_w, int screen_h, LayoutRect picture)
{
    LayoutCaption c;
    float lines;
    c.min_px = c.max_px = (float)FONT_FLOOR_PX;
    c.max_lines = 1;
    if (screen_w <= 0 || screen_h <= 0) {
        c.band = c.text = rect_zero();
        return c;
    }
    c.band = caption_band(screen_w, screen_h, picture);
    c.text = caption_text_box(c.band, screen_w, screen_h);
    c.max_px = (float)screen_h / 15.0f;
    c.min_px = (float)screen_h / 28.0f;
    if (c.max_px < FONT_FLOOR_PX)
        c.max_px = FONT_FLOOR_PX;
    if (c.min_px < FONT_FLOOR_PX)
        c.min_px = FONT_FLOOR_PX;
    /* As many lines as fit at the smallest size, but always one and at most
     * three: a short bar below the picture holds fewer lines. */
    lines = (float)c.text.h / (c.min_px * LINE_FACTOR);
    c.max_lines = clamp_int((int)lines, 1, MAX_LINES);
    return c;
}

LayoutRect layout_replay_mark(int screen_w, int screen_h)
{
    int side = screen_w < screen_h ? screen_w : screen_h;
    int size = side * 8 / 100, margin = side * 3 / 100;
    LayoutRect r = { margin, screen_h - margin - size, size, size };
    if (size < 1)
        r.w = r.h = 0;
    return r;
}

LayoutRect layout_pause_sign(int screen_w, int screen_h)
{
    int side = screen_w < screen_h ? screen_w : screen_h;
    int size = side * 9 / 100, margin = side * 4 / 100;
    if (size < 16)
        size = 16;
    if (screen_w < size + 2 * margin || screen_h < size + 2 * margin || size > 4096)
        return (LayoutRect){ 0, 0, 0, 0 };
    return (LayoutRect){ (screen_w - size) / 2, margin, size, size };
}

LayoutRect layout_pause_bar(int size, int which)
{
    /* Two upright bars, each a sixth of the sign wide, half its height, with a
     * sixth between them: the shape a parent knows from every player. */
    int bw = size / 6 > 1 ? size / 6 : 1, bh = size / 2, gap = size / 6;
    int x0 = (size - 2 * bw - gap) / 2;
    return (LayoutRect){ x0 + (which ? bw + gap : 0), (size - bh) / 2, bw, bh };
}

int layout_shelf_columns(int screen_w, int screen_h)
{
    return screen_w >= screen_h ? 3 : 2;
}

/* Big tiles a two-year-old can hit: the row fills the width less small gaps,
 * and the covers are limited to 55% of the height so the titles fit below. */
LayoutTile layout_shelf_tile(int screen_w, int screen_h, int slot, int shown)
{
    LayoutTile t;
    int cols = layout_shelf_columns(screen_w, screen_h);
    if (shown < 1 || shown > cols)
        shown = cols;
    int gap = screen_w * 4 / 100;
    int tile_w = (screen_w - gap * (cols + 1)) / cols;
    int cover_h = tile_w * 3 / 4, limit = screen_h * 55 / 100;
    if (cover_h > limit) {
        cover_h = limit;
        tile_w = cover_h * 4 / 3;
    }
    int title_h = screen_h * 14 / 100;
    int row_w = shown * tile_w + (shown - 1) * gap;
    int x0 = (screen_w - row_w) / 2, y0 = (screen_h - cover_h - title_h) / 2;
    memset(&t, 0, sizeof t);
    if (tile_w <= 0 || cover_h <= 0 || slot < 0 || slot >= shown)
        return t;
    t.cover = (LayoutRect){ x0 + slot * (tile_w + gap), y0, tile_w, cover_h };
    t.title = (LayoutRect){ t.cover.x, y0 + cover_h, tile_w, title_h };
    return t;
}

int layout_shelf_hit(int screen_w, int screen_h, int shown, float fx, float fy)
{
    int x = (int)(fx * screen_w), y = (int)(fy * screen_h);
    int cols = layout_shelf_columns(screen_w, screen_h);
    if (shown < 1 || shown > cols)
        shown = cols;
    for (int i = 0; i < shown; i++) {
        LayoutTile t = layout_shelf_tile(screen_w, screen_h, i, shown);
        /* The title belongs to the tile too: small fingers land anywhere. */
        if (x >= t.cover.x && x < t.cover.x + t.cover.w && y >= t.cover.y &&
            y < t.title.y + t.title.h)
            return i;
    }
    return -1;
}

LayoutRect layout_shelf_dot(int screen_w, int screen_h, int i, int n)
{
    LayoutTile t = layout_shelf_tile(screen_w, screen_h, 0, 0);
    int r = (screen_w < screen_h ? screen_w : screen_h) / 110 + 2;
    int pitch = r * 4, y = t.title.y + t.title.h + r * 3;
    int x0 = screen_w / 2 - (n - 1) * pitch / 2;
    if (y + r > screen_h)
        y = screen_h - r - 1;
    return (LayoutRect){ x0 + i * pitch, y, r, r };
}
