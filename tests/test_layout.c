/* test_layout — letterbox maths and caption band limits on real screen sizes. */
#include "check.h"
#include "layout.h"

typedef struct { int w, h; } Size;

static const Size screens[] = {
    {1024, 600}, {1280, 800}, {1920, 1200}, {800, 1280}, {64, 48}, {400, 300},
    {10, 5}, {3, 7}, {1, 1},
};
static const Size pictures[] = {
    {1600, 1200}, {1920, 1080}, {100, 50}, {600, 800}, {1, 1}, {3000, 1000},
    {8, 8}, {10000, 1}, {1, 10000},
};
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int iabs(int v) { return v < 0 ? -v : v; }

static void test_letterbox_exact(void)
{
    static const struct { int pw, ph, sw, sh, x, y, w, h; } cases[] = {
        {100, 50, 400, 300, 0, 50, 400, 200},
        {1600, 1200, 1024, 600, 112, 0, 800, 600},
        {1920, 1080, 1280, 800, 0, 40, 1280, 720},
        {600, 800, 1920, 1200, 510, 0, 900, 1200},
        {1, 1, 800, 1280, 0, 240, 800, 800},
        {1600, 1200, 800, 1280, 0, 340, 800, 600},
        {1024, 600, 1024, 600, 0, 0, 1024, 600},
    };
    for (int i = 0; i < COUNT(cases); i++) {
        LayoutRect r = layout_letterbox(cases[i].pw, cases[i].ph, cases[i].sw, cases[i].sh);
        CHECK(r.x == cases[i].x && r.y == cases[i].y && r.w == cases[i].w && r.h == cases[i].h,
              "letterbox %dx%d in %dx%d is %d,%d %dx%d (got %d,%d %dx%d)",
              cases[i].pw, cases[i].ph, cases[i].sw, cases[i].sh, cases[i].x, cases[i].y,
              cases[i].w, cases[i].h, r.x, r.y, r.w, r.h);
    }
}

/* Properties for every picture on every screen. */
static void check_letterbox_props(Size p, Size s)
{
    LayoutRect r = layout_letterbox(p.w, p.h, s.w, s.h);
    long long cross = (long long)r.w * p.h - (long long)r.h * p.w;
    long long tol = (long long)(p.w > p.h ? p.w : p.h);
    CHECK(r.x >= 0 && r.y >= 0 && r.x + r.w <= s.w && r.y + r.h <= s.h,
          "letterbox of %dx%d lies inside %dx%d", p.w, p.h, s.w, s.h);
    CHECK(r.w == s.w || r.h == s.h,
          "letterbox of %dx%d fills one dimension of %dx%d", p.w, p.h, s.w, s.h);
    CHECK(iabs(2 * r.x + r.w - s.w) <= 1 && iabs(2 * r.y + r.h - s.h) <= 1,
          "letterbox of %dx%d is centred in %dx%d", p.w, p.h, s.w, s.h);
    /* |w/h - pw/ph| within a pixel: |w*ph - h*pw| <= max(pw, ph). */
    CHECK(cross <= tol && -cross <= tol,
          "letterbox of %dx%d in %dx%d keeps the aspect ratio within a pixel (%dx%d)",
          p.w, p.h, s.w, s.h, r.w, r.h);
    CHECK(r.w >= 1 && r.h >= 1, "letterbox of %dx%d in %dx%d is never empty",
          p.w, p.h, s.w, s.h);
}

static void test_letterbox_props(void)
{
    for (int i = 0; i < COUNT(screens); i++)
        for (int j = 0; j < COUNT(pictures); j++)
            check_letterbox_props(pictures[j], screens[i]);
}

static void test_letterbox_zero(void)
{
    LayoutRect a = layout_letterbox(0, 10, 640, 480);
    LayoutRect b = layout_letterbox(10, 10, 0, 0);
    LayoutRect c = layout_letterbox(-5, 10, 640, 480);
    LayoutRect d = layout_letterbox(10, 10, 640, -1);
    CHECK(a.w == 0 && a.h == 0, "a zero-width picture gives a zero rect");
    CHECK(b.w == 0 && b.h == 0 && b.x == 0 && b.y == 0, "a 0x0 screen gives a zero rect");
    CHECK(c.w == 0 && c.h == 0, "a negative picture size gives a zero rect");
    CHECK(d.w == 0 && d.h == 0, "a negative screen size gives a zero rect");
}

static void check_caption_props(Size s, LayoutRect pic, const char *what)
{
    LayoutCaption c = layout_caption(s.w, s.h, pic);
    CHECK(c.band.h * 100 <= s.h * 30, "%dx%d %s: band at most 30%% of the height (%d)",
          s.w, s.h, what, c.band.h);
    CHECK(c.band.y * 100 >= s.h * 62, "%dx%d %s: band top not above 62%% (%d)",
          s.w, s.h, what, c.band.y);
    CHECK(c.band.y + c.band.h == s.h && c.band.x == 0 && c.band.w == s.w,
          "%dx%d %s: band spans the bottom of the screen", s.w, s.h, what);
    CHECK(c.text.x >= c.band.x && c.text.y >= c.band.y && c.text.w >= 0 && c.text.h >= 0
              && c.text.x + c.text.w <= c.band.x + c.band.w
              && c.text.y + c.text.h <= c.band.y + c.band.h,
          "%dx%d %s: text box lies inside the band", s.w, s.h, what);
    CHECK(c.min_px >= 14.0f && c.max_px >= c.min_px,
          "%dx%d %s: font sizes at least 14 px, min <= max (%.1f..%.1f)",
          s.w, s.h, what, c.min_px, c.max_px);
    CHECK(c.max_lines >= 1 && c.max_lines <= 3, "%dx%d %s: 1..3 lines (%d)",
          s.w, s.h, what, c.max_lines);
    if (s.h >= 15 * 14)
        CHECK_NEAR(c.max_px, (float)s.h / 15.0f, 1.0f, "%dx%d: max font about h/15", s.w, s.h);
    if (s.h >= 28 * 14)
        CHECK_NEAR(c.min_px, (float)s.h / 28.0f, 1.0f, "%dx%d: min font about h/28", s.w, s.h);
}

static void test_caption_props(void)
{
    for (int i = 0; i < COUNT(screens); i++) {
        Size s = screens[i];
        LayoutRect full = {0, 0, s.w, s.h};
        check_caption_props(s, full, "full-screen picture");
        for (int j = 0; j < COUNT(pictures); j++)
            check_caption_props(s, layout_letterbox(pictures[j].w, pictures[j].h, s.w, s.h),
                                "letterboxed picture");
    }
}

static void test_caption_margins(void)
{
    LayoutCaption c = layout_caption(1024, 600, layout_letterbox(4, 3, 1024, 600));
    CHECK(c.text.x >= 1024 * 3 / 100 && c.text.x <= 1024 * 5 / 100,
          "side margin is about 4%% of the width (%d)", c.text.x);
    CHECK(c.text.y - c.band.y >= 6 && c.text.y - c.band.y <= 12,
          "top margin is about 1.5%% of the height (%d)", c.text.y - c.band.y);
    CHECK(c.max_lines == 3, "a 1024x600 band over the picture holds three lines (%d)",
          c.max_lines);
    CHECK(c.text.h >= 2 * 40, "the text box holds at least two lines at the largest size");
}

static void test_caption_bar(void)
{
    /* Portrait tablet, landscape picture: a 340 px bar (26%) below the picture. */
    LayoutRect pic = layout_letterbox(1600, 1200, 800, 1280);
    LayoutCaption c = layout_caption(800, 1280, pic);
    CHECK(c.band.y >= pic.y + pic.h, "portrait: the band sits in the bar below the picture");
    CHECK(c.band.h == 1280 - (pic.y + pic.h), "portrait: the band fills that bar (%d)",
          c.band.h);

    /* A 16:9 picture on a 16:10 screen leaves a 5% bar: too small for words. */
    pic = layout_letterbox(1920, 1080, 1280, 800);
    c = layout_caption(1280, 800, pic);
    CHECK(c.band.y < pic.y + pic.h, "a thin bar: the band lies over the picture");
    CHECK(c.band.h > 1280 / 10, "a thin bar: the band is tall enough for words");

    /* A very wide picture on a portrait screen: the bar is 40%, the band still 30%. */
    pic = layout_letterbox(3000, 1000, 800, 1280);
    c = layout_caption(800, 1280, pic);
    CHECK(c.band.y >= pic.y + pic.h && c.band.h == 1280 * 30 / 100,
          "a tall bar: the band covers nothing and is capped at 30%% (%d)", c.band.h);

    /* A picture filling the screen: the band is over it. */
    pic = layout_letterbox(1024, 600, 1024, 600);
    c = layout_caption(1024, 600, pic);
    CHECK(c.band.h > 0 && c.band.y > 600 / 2, "no bar: a band over the lower picture");
}

static void test_caption_degenerate(void)
{
    LayoutRect none = {0, 0, 0, 0};
    LayoutCaption c = layout_caption(0, 0, none);
    CHECK(c.band.w == 0 && c.band.h == 0 && c.text.w == 0 && c.text.h == 0,
          "0x0 screen: empty band and text box");
    CHECK(c.min_px >= 14.0f && c.max_px >= c.min_px && c.max_lines >= 1,
          "0x0 screen: sane font sizes and line count");
    c = layout_caption(64, 48, none);
    CHECK(c.band.h >= 1 && c.band.y + c.band.h == 48 && c.text.w > 0,
          "64x48 with no picture: a small band at the bottom");
    c = layout_caption(-3, 100, none);
    CHECK(c.band.w == 0 && c.band.h == 0, "negative screen width: empty band");
}

/* The shelf: fewer tiles than columns are centred; hits agree with drawing. */
static void test_shelf_tiles(void)
{
    static const int sizes[][2] = { { 1024, 600 }, { 1280, 800 }, { 800, 1280 }, { 1920, 1200 } };
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        int w = sizes[k][0], h = sizes[k][1], cols = layout_shelf_columns(w, h);
        LayoutTile one = layout_shelf_tile(w, h, 0, 1);
        int mid = one.cover.x + one.cover.w / 2;
        CHECK(mid >= w / 2 - 1 && mid <= w / 2 + 1, "%dx%d: a lone story is centred (%d)", w, h,
              mid);
        LayoutTile a = layout_shelf_tile(w, h, 0, 2), b = layout_shelf_tile(w, h, 1, 2);
        int left = a.cover.x, right = w - (b.cover.x + b.cover.w);
        CHECK(left - right >= -1 && left - right <= 1 && a.cover.x + a.cover.w < b.cover.x,
              "%dx%d: two stories sit side by side, centred (%d, %d)", w, h, left, right);
        for (int shown = 1; shown <= cols; shown++)
            for (int s = 0; s < shown; s++) {
                LayoutTile t = layout_shelf_tile(w, h, s, shown);
                float fx = (t.cover.x + t.cover.w / 2.0f) / w, fy = (t.cover.y + 5.0f) / h;
                CHECK(layout_shelf_hit(w, h, shown, fx, fy) == s,
                      "%dx%d: a tap on slot %d of %d hits it", w, h, s, shown);
                CHECK(t.cover.x >= 0 && t.cover.x + t.cover.w <= w, "%dx%d: slot %d on screen",
                      w, h, s);
            }
        CHECK(layout_shelf_hit(w, h, 1, 0.05f, 0.5f) == -1,
              "%dx%d: beside a lone story is no story", w, h);
        LayoutRect d0 = layout_shelf_dot(w, h, 0, 5), d4 = layout_shelf_dot(w, h, 4, 5);
        LayoutTile t = layout_shelf_tile(w, h, 0, 0);
        CHECK(d0.y - d0.h > t.title.y + t.title.h && d0.y + d0.h < h &&
                  (d0.x + d4.x) / 2 >= w / 2 - 2 && (d0.x + d4.x) / 2 <= w / 2 + 2,
              "%dx%d: the dots sit centred below the titles, on screen", w, h);
    }
}

/* The paused sign: small, centred at the top, clear of the words' band, the
 * replay mark and the corner mark; its bars inside it and apart. */
static void test_pause_sign(void)
{
    static const int sizes[][2] = { { 1024, 600 }, { 1280, 800 }, { 600, 1024 }, { 320, 200 },
                                    { 3840, 2160 } };
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        int w = sizes[i][0], h = sizes[i][1], side = w < h ? w : h;
        LayoutRect r = layout_pause_sign(w, h);
        CHECK(r.w == r.h && r.w >= 16 && r.w <= side / 10 + 16,
              "%dx%d: the paused sign is a small square (%d px)", w, h, r.w);
        CHECK(r.x >= 0 && r.y > 0 && r.x + r.w <= w && r.y + r.h <= h,
              "%dx%d: the paused sign is on screen", w, h);
        int cx = r.x + r.w / 2;
        CHECK(cx >= w / 2 - 1 && cx <= w / 2 + 1, "%dx%d: it is centred across (%d)", w, h, cx);
        LayoutCaption c = layout_caption(w, h, layout_letterbox(4, 3, w, h));
        CHECK(r.y + r.h < c.band.y, "%dx%d: it never reaches the words' band", w, h);
        LayoutRect m = layout_replay_mark(w, h);
        CHECK(r.y + r.h < m.y || r.x > m.x + m.w, "%dx%d: it is clear of the replay mark", w, h);
        CHECK(r.x > side * 12 / 100, "%dx%d: it is clear of the parents' corner", w, h);
        LayoutRect b0 = layout_pause_bar(r.w, 0), b1 = layout_pause_bar(r.w, 1);
        CHECK(b0.w >= 1 && b0.h > b0.w && b1.x > b0.x + b0.w && b0.x > 0 &&
                  b1.x + b1.w < r.w && b0.y > 0 && b0.y + b0.h < r.h && b0.w == b1.w,
              "%dx%d: two upright bars, apart, inside the sign", w, h);
        int left = b0.x, right = r.w - (b1.x + b1.w);
        CHECK(left - right >= -1 && left - right <= 1, "%dx%d: the bars are centred", w, h);
    }
    LayoutRect tiny = layout_pause_sign(10, 10);
    CHECK(tiny.w == 0 && tiny.h == 0, "a screen too small for the sign gets none");
}

int main(void)
{
    test_pause_sign();
    test_shelf_tiles();
    test_letterbox_exact();
    test_letterbox_props();
    test_letterbox_zero();
    test_caption_props();
    test_caption_margins();
    test_caption_bar();
    test_caption_degenerate();
    CHECK_DONE();
}
