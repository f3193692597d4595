/* compose_shelf — the bookshelf composed into one RGBA image (compose.h).
 *
 * A row of covers, each scaled once to fill its tile (cropped like a book's
 * cover) and blended in, the selected one at full brightness and softly
 * outlined, the others a little dimmer; the night tile a crescent, a book
 * still being made ready three still dots; titles under the covers, and a
 * row of dots when there are more books than fit. Tile places come from
 * layout.c; the drawing steps are compose_draw.h's. */
#include "compose.h"
#include "compose_draw.h"

#include <math.h>
#include <stdint.h>

#include "layout.h"

/* Scale a cover to fill r (cropping the longer side, as a book cover does)
 * and blend it in at brightness bright/255. */
static int draw_cover(ComposeImage *img, const ComposeImage *cover, LayoutRect r, int bright)
{
    ComposeImage scaled;
    if (!image_valid(cover) || r.w <= 0 || r.h <= 0)
        return 0;
    int64_t sw = (int64_t)r.w, sh = (int64_t)cover->h * r.w / cover->w;
    if (sh < r.h) {
        sh = r.h;
        sw = (int64_t)cover->w * r.h / cover->h;
    }
    if (sw < 1 || sh < 1 || compose_scale(cover, (int)sw, (int)sh, &scaled) != 0)
        return -1;
    int ox = (int)((sw - r.w) / 2), oy = (int)((sh - r.h) / 2);
    for (int j = 0; j < r.h; j++) {
        int y = r.y + j;
        if (y < 0 || y >= img->h)
            continue;
        for (int i = 0; i < r.w; i++) {
            int x = r.x + i;
            if (x < 0 || x >= img->w)
                continue;
            const uint8_t *sp = scaled.px + ((size_t)(j + oy) * scaled.w + (i + ox)) * 4;
            uint8_t *d = img->px + ((size_t)y * img->w + x) * 4;
            Rgb c = { (uint8_t)(sp[0] * bright / 255), (uint8_t)(sp[1] * bright / 255),
                      (uint8_t)(sp[2] * bright / 255) };
            blend_px(d, c, sp[3]);
        }
    }
    compose_free(&scaled);
    return 0;
}

/* The night tile: a calm crescent in the cover's place. */
static int draw_night_tile(ComposeImage *img, LayoutRect r)
{
    ComposeImage moon;
    if (r.w <= 0 || r.h <= 0 || compose_alloc(&moon, r.w, r.h) != 0)
        return -1;
    compose_fill(&moon, NIGHT);
    compose_placeholder(&moon);
    compose_blend_image(img, &moon, r.x, r.y);
    compose_free(&moon);
    return 0;
}

static void draw_dot(ComposeImage *img, LayoutRect d, Rgb c, uint8_t alpha);

/* A book being made ready: the night colour, and three soft dots across the
 * middle, still (a calm "in a moment", never a spinner: nothing animates). */
static int draw_pending_tile(ComposeImage *img, LayoutRect r)
{
    ComposeImage t;
    if (r.w <= 0 || r.h <= 0 || compose_alloc(&t, r.w, r.h) != 0)
        return -1;
    /* A shade lighter than the night, so the tile's place shows, no more. */
    Rgb lift = { (uint8_t)(NIGHT.r + (MOON.r - NIGHT.r) / 3), (uint8_t)(NIGHT.g + (MOON.g - NIGHT.g) / 3),
                 (uint8_t)(NIGHT.b + (MOON.b - NIGHT.b) / 3) };
    compose_fill(&t, lift);
    int rad = (r.w < r.h ? r.w : r.h) / 28 + 2, gap = rad * 4;
    for (int i = -1; i <= 1; i++) {
        LayoutRect d = { r.w / 2 + i * gap, r.h / 2, rad, rad };
        draw_dot(&t, d, WORDS, (uint8_t)(i == -1 ? 90 : i == 0 ? 65 : 40));
    }
    compose_blend_image(img, &t, r.x, r.y);
    compose_free(&t);
    return 0;
}

static int draw_tile(ComposeImage *img, const ComposeShelf *in, int slot, int w, int h)
{
    const ComposeTile *t = &in->tiles[slot];
    /* Right to left, the row is read from the right: slot 0 is the last place. */
    LayoutTile where = layout_shelf_tile(w, h, in->rtl ? in->ntiles - 1 - slot : slot, in->ntiles);
    int selected = slot == in->selected;
    int rc = 0;
    if (t->is_pending)
        rc = draw_pending_tile(img, where.cover);
    else if (t->is_night || !image_valid(t->cover))
        rc = draw_night_tile(img, where.cover);
    else
        rc = draw_cover(img, t->cover, where.cover, selected ? 255 : 190);
    if (rc == 0 && selected)
        compose_outline(img, where.cover, (w < h ? w : h) / 150 + 2);
    if (rc == 0)
        rc = compose_words_in(img, in->font, t->title, where.title, 0.42f, 0.22f);
    return rc;
}

/* A soft round dot (the shelf's "there are more" row), anti-aliased. */
static void draw_dot(ComposeImage *img, LayoutRect d, Rgb c, uint8_t alpha)
{
    int r = d.w;
    for (int y = -r - 1; y <= r + 1; y++) {
        for (int x = -r - 1; x <= r + 1; x++) {
            int px = d.x + x, py = d.y + y;
            if (px < 0 || py < 0 || px >= img->w || py >= img->h)
                continue;
            double dist = sqrt((double)(x * x + y * y));
            double cover = r + 0.5 - dist; /* 1 inside, 0 outside, a pixel's ramp */
            if (cover <= 0)
                continue;
            int a = (int)(alpha * (cover > 1 ? 1 : cover));
            blend_px(img->px + ((size_t)py * img->w + px) * 4, c, a);
        }
    }
}

/* One dot a tile, the ones on screen brighter: a shelf with more covers than
 * fit says so, calmly. */
static void draw_more_dots(ComposeImage *img, const ComposeShelf *in, int w, int h)
{
    for (int i = 0; i < in->total; i++) {
        int shown = i >= in->first && i < in->first + in->ntiles;
        draw_dot(img, layout_shelf_dot(w, h, in->rtl ? in->total - 1 - i : i, in->total), WORDS,
                 shown ? 170 : 60);
    }
}

int compose_shelf(const ComposeShelf *in, int screen_w, int screen_h, ComposeImage *out)
{
    out->px = NULL;
    out->w = out->h = 0;
    if (!in || compose_alloc(out, screen_w, screen_h) != 0)
        return -1;
    compose_fill(out, NIGHT);
    int cols = layout_shelf_columns(screen_w, screen_h);
    for (int i = 0; i < in->ntiles && i < cols; i++) {
        if (draw_tile(out, in, i, screen_w, screen_h) != 0) {
            compose_free(out);
            return -1;
        }
    }
    if (in->total > in->ntiles && in->total <= 64)
        draw_more_dots(out, in, screen_w, screen_h);
    return 0;
}
