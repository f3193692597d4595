/* compose_panel — the parents' panels composed into one RGBA image
 * (compose.h): the gate, the menu and the studio (its level meter), and the
 * kiosk's corner mark where the parents' hold begins.
 *
 * All of it is calm on purpose: the night background, nothing brighter than
 * a story's words, a meter that goes green to amber and never red. The
 * drawing steps are compose_draw.h's. */
#include "compose.h"
#include "compose_draw.h"

#include <stdint.h>

#include "layout.h"

static const Rgb BUTTON = {0x2a, 0x33, 0x56};

static void fill_rect(ComposeImage *img, LayoutRect r, Rgb c)
{
    Clip k;
    if (!clip_rect(img, r.x, r.y, r.w, r.h, &k))
        return;
    for (int j = 0; j < k.h; j++) {
        uint8_t *p = img->px + ((size_t)(k.dy + j) * img->w + k.dx) * 4;
        for (int i = 0; i < k.w; i++, p += 4)
            blend_px(p, c, 255);
    }
}

/* A level meter: a dim track and a soft green-to-amber fill, never red. */
static void draw_meter(ComposeImage *img, LayoutRect r, int level)
{
    static const Rgb track = {0x2a, 0x33, 0x56}, low = {0x6f, 0xa8, 0x8a};
    if (level > 1000)
        level = 1000;
    fill_rect(img, r, track);
    LayoutRect f = r;
    f.w = (int)((int64_t)r.w * (level < 0 ? 0 : level) / 1000);
    fill_rect(img, f, level > 850 ? HIGHLIGHT : low);
}

int compose_panel(const ComposePanel *in, int screen_w, int screen_h, ComposeImage *out)
{
    out->px = NULL;
    out->w = out->h = 0;
    if (!in || compose_alloc(out, screen_w, screen_h) != 0)
        return -1;
    compose_fill(out, NIGHT);
    int rc = compose_words_in(out, in->font, in->title, in->title_box, 0.5f, 0.25f);
    if (rc == 0 && in->status)
        rc = compose_words_in(out, in->font, in->status, in->status_box, 0.5f, 0.25f);
    if (in->meter >= 0)
        draw_meter(out, in->meter_box, in->meter);
    for (int i = 0; rc == 0 && in->lines && i < in->nlines; i++) {
        int row = in->lines_box.h / (in->nlines < 5 ? 5 : in->nlines); /* calm, not huge */
        LayoutRect r = { in->lines_box.x, in->lines_box.y + i * row, in->lines_box.w,
                         row * 90 / 100 };
        rc = compose_words_in(out, in->font, in->lines[i], r, 0.45f, 0.3f);
    }
    for (int i = 0; rc == 0 && i < in->nbuttons; i++) {
        const ComposeButton *b = &in->buttons[i];
        fill_rect(out, b->r, BUTTON);
        if (b->selected)
            compose_outline(out, b->r, (screen_w < screen_h ? screen_w : screen_h) / 200 + 2);
        LayoutRect inner = { b->r.x + b->r.w / 20, b->r.y + b->r.h / 8, b->r.w - b->r.w / 10,
                             b->r.h - b->r.h / 4 };
        rc = compose_words_in(out, in->font, b->label, inner, 0.5f, 0.25f);
    }
    if (rc != 0)
        compose_free(out);
    return rc;
}

int compose_corner_mark(int size, ComposeImage *out)
{
    if (compose_alloc(out, size, size) != 0)
        return -1;
    int64_t c16 = (int64_t)size * 8, ro = (int64_t)size * 16 * 45 / 100, ri = ro * 60 / 100;
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            int64_t d = dist16(x, y, c16, c16);
            int a = disc_cover(d, ro) * (255 - disc_cover(d, ri)) / 255;
            uint8_t *p = out->px + ((size_t)y * size + x) * 4;
            p[0] = 0x5a;
            p[1] = 0x60;
            p[2] = 0x7a;
            p[3] = (uint8_t)(a * 70 / 255); /* dim: there for a parent who knows */
        }
    }
    return 0;
}
