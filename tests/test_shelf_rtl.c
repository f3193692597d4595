/* test_shelf_rtl — the bookshelf read right to left: for an interface in a
 * right-to-left language (lang_is_rtl: Arabic, Hebrew...) the first story
 * is on the right and the row of dots starts there, and the interface's
 * languages say which way they read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compose.h"
#include "lang.h"
#include "layout.h"

#define W 960
#define H 600

/* A cover of one colour. */
static ComposeImage cover(uint8_t r, uint8_t g, uint8_t b)
{
    ComposeImage c = { malloc(32 * 32 * 4), 32, 32 };
    for (int i = 0; c.px && i < 32 * 32; i++) {
        c.px[i * 4] = r, c.px[i * 4 + 1] = g, c.px[i * 4 + 2] = b, c.px[i * 4 + 3] = 255;
    }
    return c;
}

/* The colour in the middle of the cover drawn in place `where` of n. */
static const uint8_t *middle(const ComposeImage *img, int where, int n)
{
    LayoutTile t = layout_shelf_tile(W, H, where, n);
    int x = t.cover.x + t.cover.w / 2, y = t.cover.y + t.cover.h / 2;
    return img->px + ((size_t)y * W + x) * 4;
}

static void test_order(void)
{
    ComposeImage red = cover(220, 30, 30), blue = cover(30, 30, 220);
    ComposeTile tiles[2];
    memset(tiles, 0, sizeof tiles);
    tiles[0] = (ComposeTile){ &red, "", 0, 0 };
    tiles[1] = (ComposeTile){ &blue, "", 0, 0 };
    ComposeShelf in = { tiles, 2, -1, NULL, 2, 0, 0 };
    ComposeImage ltr, rtl;
    CHECK(compose_shelf(&in, W, H, &ltr) == 0, "a shelf of two composes left to right");
    in.rtl = 1;
    CHECK(compose_shelf(&in, W, H, &rtl) == 0, "and right to left");
    if (ltr.px && rtl.px) {
        CHECK(middle(&ltr, 0, 2)[0] > 150 && middle(&ltr, 1, 2)[2] > 150,
              "left to right: the first story (red) on the left, the second (blue) after it");
        CHECK(middle(&rtl, 1, 2)[0] > 150 && middle(&rtl, 0, 2)[2] > 150,
              "right to left: the first story (red) on the right, the second (blue) to its left");
    }
    compose_free(&ltr);
    compose_free(&rtl);
    free(red.px);
    free(blue.px);
}

static void test_dots(void)
{
    ComposeTile tiles[3];
    memset(tiles, 0, sizeof tiles);
    for (int i = 0; i < 3; i++)
        tiles[i].title = "";
    ComposeShelf in = { tiles, 3, 0, NULL, 6, 0, 0 };
    in.rtl = 1;
    ComposeImage img;
    CHECK(compose_shelf(&in, W, H, &img) == 0, "a right-to-left shelf of six with three shown");
    LayoutRect first = layout_shelf_dot(W, H, 5, 6), last = layout_shelf_dot(W, H, 0, 6);
    if (img.px) {
        const uint8_t *lit = img.px + ((size_t)first.y * W + first.x) * 4;
        const uint8_t *dim = img.px + ((size_t)last.y * W + last.x) * 4;
        CHECK(lit[0] > dim[0], "the dots of the covers on screen are lit from the right");
    }
    compose_free(&img);
}

static void test_languages(void)
{
    CHECK(lang_is_rtl("ar") && lang_is_rtl("ar_EG.UTF-8"), "Arabic reads right to left");
    CHECK(!lang_is_rtl("fr") && !lang_is_rtl("hi") && !lang_is_rtl("zh_CN") &&
              !lang_is_rtl("sw") && !lang_is_rtl("en"),
          "French, Hindi, Chinese, Swahili and English read left to right");
}

int main(void)
{
    test_order();
    test_dots();
    test_languages();
    CHECK_DONE();
}
