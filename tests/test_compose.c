/* test_compose — composed pages: letterboxing, transparency over the night
 * colour, smooth scaling, the placeholder, words and the read-along highlight,
 * and a golden image of a fixed synthetic scene.
 *
 * Set HUSHABYE_UPDATE_GOLDEN=1 to rewrite the golden image (then look at it). */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <stb_image.h>
#include <stb_image_write.h>

#include "check.h"
#include "compose.h"
#include "compose_draw.h"   /* isqrt64, which the round shapes measure with */
#include "layout.h"

#define GOLDEN TEST_DATA "/golden/compose-320x200.png"

static const uint8_t *px_at(const ComposeImage *img, int x, int y)
{
    return img->px + ((size_t)y * img->w + x) * 4;
}

static int near_rgb(const uint8_t *p, int r, int g, int b, int tol)
{
    return abs(p[0] - r) <= tol && abs(p[1] - g) <= tol && abs(p[2] - b) <= tol;
}

static int is_night(const uint8_t *p, int tol)
{
    return near_rgb(p, COMPOSE_NIGHT_R, COMPOSE_NIGHT_G, COMPOSE_NIGHT_B, tol);
}

static int all_opaque(const ComposeImage *img)
{
    for (size_t i = 0; i < (size_t)img->w * img->h; i++)
        if (img->px[i * 4 + 3] != 255)
            return 0;
    return 1;
}

/* A w x h picture filled with one RGBA colour. */
static int solid(ComposeImage *img, int w, int h, int r, int g, int b, int a)
{
    img->w = w;
    img->h = h;
    img->px = malloc((size_t)w * h * 4);
    if (!img->px)
        return -1;
    for (size_t i = 0; i < (size_t)w * h; i++) {
        img->px[i * 4 + 0] = (uint8_t)r;
        img->px[i * 4 + 1] = (uint8_t)g;
        img->px[i * 4 + 2] = (uint8_t)b;
        img->px[i * 4 + 3] = (uint8_t)a;
    }
    return 0;
}

static void set_px(ComposeImage *img, int x, int y, int r, int g, int b, int a)
{
    uint8_t *p = img->px + ((size_t)y * img->w + x) * 4;
    p[0] = (uint8_t)r;
    p[1] = (uint8_t)g;
    p[2] = (uint8_t)b;
    p[3] = (uint8_t)a;
}

static ComposeInput input_for(const ComposeImage *pic)
{
    ComposeInput in;
    memset(&in, 0, sizeof in);
    in.picture = pic;
    return in;
}

static void test_red_letterbox(void)
{
    ComposeImage pic, out;
    ComposeInput in;
    if (solid(&pic, 100, 50, 255, 0, 0, 255) != 0)
        return;
    in = input_for(&pic);
    CHECK(compose_page(&in, 400, 300, &out) == 0, "compose a red 100x50 picture at 400x300");
    if (out.px) {
        CHECK(out.w == 400 && out.h == 300, "the page is the screen size");
        CHECK(near_rgb(px_at(&out, 200, 150), 255, 0, 0, 1)
                  && near_rgb(px_at(&out, 1, 51), 255, 0, 0, 1)
                  && near_rgb(px_at(&out, 398, 248), 255, 0, 0, 1),
              "red inside the letterbox (0,50 400x200), corners included");
        CHECK(is_night(px_at(&out, 200, 10), 0) && is_night(px_at(&out, 0, 0), 0)
                  && is_night(px_at(&out, 399, 299), 0) && is_night(px_at(&out, 200, 49), 0)
                  && is_night(px_at(&out, 200, 250), 0),
              "night colour above and below the letterbox");
        CHECK(all_opaque(&out), "the composed page is opaque");
    }
    compose_free(&out);
    compose_free(&pic);
}

static void test_transparency(void)
{
    ComposeImage pic, out;
    ComposeInput in;
    int darkest = 255;
    if (solid(&pic, 100, 50, 255, 255, 255, 255) != 0)
        return;
    /* Left half a cut-out whose hidden colour is black: no trace may show. */
    for (int y = 0; y < 50; y++)
        for (int x = 0; x < 50; x++)
            set_px(&pic, x, y, 0, 0, 0, 0);
    in = input_for(&pic);
    CHECK(compose_page(&in, 400, 300, &out) == 0, "compose a half-transparent picture");
    if (out.px) {
        CHECK(is_night(px_at(&out, 50, 150), 1) && is_night(px_at(&out, 190, 100), 1),
              "transparent pixels show the night colour");
        CHECK(near_rgb(px_at(&out, 350, 150), 255, 255, 255, 1),
              "opaque pixels show the picture");
        for (int x = 180; x < 220; x++) {
            const uint8_t *p = px_at(&out, x, 150);
            for (int k = 0; k < 3; k++) {
                int night = k == 0 ? COMPOSE_NIGHT_R : k == 1 ? COMPOSE_NIGHT_G : COMPOSE_NIGHT_B;
                if (p[k] - night < darkest)
                    darkest = p[k] - night;
            }
        }
        CHECK(darkest >= -2, "no dark fringe at a cut-out's edge (darkest %d below night)",
              -darkest);
        CHECK(all_opaque(&out), "a page with a transparent picture is opaque");
    }
    compose_free(&out);
    compose_free(&pic);
}

static void test_smooth_enlarge(void)
{
    ComposeImage pic, big;
    int levels = 0, max_step = 0, seen[256] = {0};
    if (solid(&pic, 8, 8, 0, 0, 0, 255) != 0)
        return;
    for (int y = 0; y < 8; y++)
        for (int x = 4; x < 8; x++)
            set_px(&pic, x, y, 255, 255, 255, 255);
    CHECK(compose_scale(&pic, 256, 256, &big) == 0, "scale an 8x8 drawing to 256x256");
    if (big.px) {
        for (int x = 0; x < 256; x++) {
            int v = px_at(&big, x, 128)[0];
            if (!seen[v]++)
                levels++;
            if (x > 0 && abs(v - px_at(&big, x - 1, 128)[0]) > max_step)
                max_step = abs(v - px_at(&big, x - 1, 128)[0]);
        }
        CHECK(levels >= 10, "enlarging gives intermediate values (%d levels)", levels);
        CHECK(max_step < 96, "enlarging has no blocky step (largest %d)", max_step);
    }
    compose_free(&big);
    compose_free(&pic);
}

static void test_no_aliasing(void)
{
    ComposeImage pic, small;
    int lo = 255, hi = 0;
    if (solid(&pic, 400, 400, 0, 0, 0, 255) != 0)
        return;
    for (int y = 0; y < 400; y++)
        for (int x = 0; x < 400; x += 2)
            set_px(&pic, x, y, 255, 255, 255, 255);
    CHECK(compose_scale(&pic, 100, 100, &small) == 0, "shrink fine stripes 4x");
    if (small.px) {
        for (int y = 0; y < 100; y++)
            for (int x = 0; x < 100; x++) {
                int v = px_at(&small, x, y)[1];
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
        /* Half white in linear light is about 188 in sRGB. */
        CHECK(lo >= 165 && hi <= 210,
              "shrinking stripes gives an even sRGB grey, no aliasing (%d..%d)", lo, hi);
    }
    compose_free(&small);
    compose_free(&pic);
}

static void test_placeholder(void)
{
    ComposeInput in = input_for(NULL);
    ComposeImage out;
    int brightest = 0, differs = 0;
    CHECK(compose_page(&in, 400, 300, &out) == 0, "compose a page without a picture");
    if (out.px) {
        for (size_t i = 0; i < (size_t)out.w * out.h; i++) {
            const uint8_t *p = out.px + i * 4;
            for (int k = 0; k < 3; k++)
                brightest = p[k] > brightest ? p[k] : brightest;
            differs += !is_night(p, 0);
        }
        CHECK(brightest < 100, "the placeholder is dim (brightest channel %d)", brightest);
        CHECK(differs > 400 * 300 / 50, "the placeholder shows a faint shape (%d pixels)",
              differs);
        CHECK(is_night(px_at(&out, 2, 2), 0) && is_night(px_at(&out, 397, 297), 0),
              "the placeholder's corners are the night colour");
        CHECK(all_opaque(&out), "the placeholder page is opaque");
    }
    compose_free(&out);
    ComposeImage empty = {NULL, 0, 0};
    in = input_for(&empty);
    CHECK(compose_page(&in, 64, 48, &out) == 0 && out.px != NULL,
          "an empty picture composes as the placeholder");
    compose_free(&out);
}

/* isqrt64 against its definition at the edges a double's square root could
 * miss by one: around perfect squares, large values, the largest. */
static void test_isqrt(void)
{
    static const uint64_t roots[] = { 0, 1, 2, 3, 15, 16, 255, 4095, 65535, 131071, 1000003,
                                      94906265, 94906266, 4294967295u, 3037000499u };
    int bad = 0;
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
        uint64_t r = roots[i], sq = r * r;
        bad += isqrt64(sq) != r;
        bad += sq > 0 && isqrt64(sq - 1) != r - 1;
        bad += r < 4294967295u && isqrt64(sq + 2 * r) != r;   /* (r + 1)^2 - 1 */
    }
    CHECK(bad == 0, "isqrt64 is the floor of the square root around perfect squares (%d wrong)",
          bad);
    CHECK(isqrt64(UINT64_MAX) == 4294967295u, "isqrt64 of the largest value is 2^32 - 1");
    for (uint64_t v = 0, step = 1; v < (uint64_t)1 << 62; v += step, step += step / 3 + 1) {
        uint64_t r = isqrt64(v);
        if (r * r > v || (r + 1) * (r + 1) <= v)
            bad++;
    }
    CHECK(bad == 0, "isqrt64 is exact on values spread up to 2^62 (%d wrong)", bad);
}

/* FNV-1a of an image's bytes. */
static uint64_t image_hash(const ComposeImage *img)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < (size_t)img->w * img->h * 4; i++)
        h = (h ^ img->px[i]) * 1099511628211ull;
    return h;
}

/* The placeholder's pixels, pinned: the hashes are of the pages the
 * digit-by-digit square root and integer division drew, so the faster
 * arithmetic draws every pixel the same. */
static void test_placeholder_pixels(void)
{
    static const struct { int w, h; uint64_t hash; } sizes[] = {
        { 1280, 800, 0x5d2b63e3b3b17e3eull }, { 320, 200, 0x8b39144650594f7full },
        { 1920, 1200, 0x755e08be998dd68cull }, { 33, 500, 0x9fe316c9815c6869ull },
        { 7, 9, 0x3080183b459209cdull },
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        ComposeInput in = input_for(NULL);
        ComposeImage out;
        CHECK(compose_page(&in, sizes[i].w, sizes[i].h, &out) == 0 && out.px,
              "compose the placeholder at %dx%d", sizes[i].w, sizes[i].h);
        if (out.px)
            CHECK(image_hash(&out) == sizes[i].hash,
                  "the placeholder at %dx%d has the pixels it always had", sizes[i].w,
                  sizes[i].h);
        compose_free(&out);
    }
}

static void test_prescaled(void)
{
    ComposeImage pic, out;
    ComposeInput in;
    if (solid(&pic, 200, 100, 10, 200, 30, 255) != 0)
        return;
    in = input_for(&pic);
    in.picture_prescaled = 1;
    CHECK(compose_page(&in, 400, 300, &out) == 0, "compose a prescaled picture");
    if (out.px) {
        CHECK(near_rgb(px_at(&out, 100, 100), 10, 200, 30, 0)
                  && near_rgb(px_at(&out, 299, 199), 10, 200, 30, 0),
              "a prescaled picture is centred unscaled");
        CHECK(is_night(px_at(&out, 99, 150), 0) && is_night(px_at(&out, 300, 150), 0)
                  && is_night(px_at(&out, 200, 99), 0),
              "around a prescaled picture is the night colour");
    }
    compose_free(&out);
    /* Larger than the screen: clipped, never written out of bounds. */
    in.picture_prescaled = 1;
    CHECK(compose_page(&in, 50, 40, &out) == 0 && near_rgb(px_at(&out, 0, 0), 10, 200, 30, 0),
          "a prescaled picture larger than the screen is clipped");
    compose_free(&out);
    compose_free(&pic);
}

static void test_edges(void)
{
    ComposeImage out, pic, a, b;
    ComposeInput in = input_for(NULL);
    CHECK(compose_page(&in, 0, 0, &out) == -1 && out.px == NULL, "a 0x0 page is refused");
    CHECK(compose_page(&in, 100000, 100000, &out) == -1 && out.px == NULL,
          "a page too large to allocate safely is refused");
    CHECK(compose_page(&in, 1, 1, &out) == 0 && is_night(out.px, 0), "a 1x1 page composes");
    compose_free(&out);
    if (solid(&pic, 3000, 2, 200, 100, 50, 255) == 0) {
        in = input_for(&pic);
        CHECK(compose_page(&in, 64, 48, &out) == 0, "a very wide picture on a tiny screen");
        compose_free(&out);
        CHECK(compose_scale(&pic, 0, 10, &out) == -1 && out.px == NULL,
              "scaling to zero width is refused");
        compose_free(&pic);
    }
    if (solid(&a, 2, 2, 10, 10, 10, 255) == 0 && solid(&b, 2, 2, 10, 10, 10, 255) == 0) {
        CHECK(compose_difference(&a, &b) == 0.0, "identical images differ by 0");
        b.px[5] = 50;
        CHECK_NEAR(compose_difference(&a, &b), 40.0 / 16.0, 1e-9,
                   "difference is the mean over all channels");
        b.w = 1;
        b.h = 4;
        CHECK(compose_difference(&a, &b) < 0, "images of different sizes give -1");
    }
    compose_free(&a);
    compose_free(&b);
}

/* The golden scene: a 120x90 dusk picture with a moon, a hill and a
 * transparent cut-out corner, letterboxed at 320x200. */
static int golden_picture(ComposeImage *pic)
{
    if (solid(pic, 120, 90, 0, 0, 0, 255) != 0)
        return -1;
    for (int y = 0; y < 90; y++)
        for (int x = 0; x < 120; x++) {
            int r = 40 + y, g = 30 + y / 2, b = 120 - y / 2, a = 255;
            int dx = x - 80, dy = y - 25, hill = 70 - (x - 40) * (x - 40) / 60;
            if (dx * dx + dy * dy < 12 * 12)
                r = 250, g = 220, b = 140;
            if (y > hill)
                r = 40, g = 110, b = 60;
            if (x + y < 30)
                a = 0, r = g = b = 0;
            else if (x + y < 34)
                a = (x + y - 30) * 64;
            set_px(pic, x, y, r, g, b, a > 255 ? 255 : a);
        }
    return 0;
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        fprintf(stderr, "cannot create %s\n", path);
}

static void test_golden(void)
{
    ComposeImage pic, out, gold = {NULL, 0, 0};
    ComposeInput in;
    int n = 0;
    if (golden_picture(&pic) != 0)
        return;
    in = input_for(&pic);
    CHECK(compose_page(&in, 320, 200, &out) == 0, "compose the golden scene");
    if (out.px && getenv("HUSHABYE_UPDATE_GOLDEN")) {
        make_dir(TEST_DATA "/golden");
        CHECK(stbi_write_png(GOLDEN, 320, 200, 4, out.px, 320 * 4) != 0,
              "write the golden image");
    }
    gold.px = stbi_load(GOLDEN, &gold.w, &gold.h, &n, 4);
    CHECK(gold.px != NULL, "load %s", GOLDEN);
    if (out.px && gold.px) {
        double d = compose_difference(&out, &gold);
        CHECK(d >= 0 && d < 0.5, "the golden scene matches the golden image (diff %.3f)", d);
        if (d < 0 || d >= 0.5) {
            make_dir(TEST_TMP);
            stbi_write_png(TEST_TMP "/compose-320x200.png", 320, 200, 4, out.px, 320 * 4);
        }
    }
    stbi_image_free(gold.px);
    compose_free(&out);
    compose_free(&pic);
}

/* Words need a system font; without one they are skipped (and reported as
 * skipped), not failed. */
static TextFont *load_font(void)
{
    char path[1024], err[256];
    TextFont *f;
    if (text_find_font(NULL, path, sizeof path) < 0) {
        CHECK_SKIP("no system font found: the caption tests need fonts-sil-andika or "
                   "fonts-dejavu-core");
        return NULL;
    }
    f = text_font_load(path, err, sizeof err);
    CHECK(f != NULL, "load the system font %s (%s)", path, f ? "" : err);
    return f;
}

/* Amber pixels in rows [y0, h): the highlight's tone, not the words' white. */
static int count_amber(const ComposeImage *img, int y0)
{
    int n = 0;
    for (size_t i = (size_t)y0 * img->w; i < (size_t)img->w * img->h; i++) {
        const uint8_t *p = img->px + i * 4;
        n += p[0] > 170 && p[0] - p[2] > 70 && p[1] > 120 && p[1] < p[0] - 20;
    }
    return n;
}

/* Sum of differences over rows [y0, y1). */
static long row_diff(const ComposeImage *a, const ComposeImage *b, int y0, int y1)
{
    long d = 0;
    for (int y = y0; y < y1; y++)
        for (int x = 0; x < a->w * 4; x++)
            d += abs(a->px[(size_t)y * a->w * 4 + x] - b->px[(size_t)y * b->w * 4 + x]);
    return d;
}

static void test_words(void)
{
    static const char words[] = "The little owl said goodnight to the moon.";
    TextFont *font = load_font();
    ComposeImage pic, plain = {NULL, 0, 0}, said = {NULL, 0, 0}, lit = {NULL, 0, 0};
    ComposeInput in;
    LayoutCaption cap;
    if (!font || golden_picture(&pic) != 0) {
        text_font_free(font);
        return;
    }
    in = input_for(&pic);
    compose_page(&in, 1024, 600, &plain);
    in.font = font;
    in.text = words;
    CHECK(compose_page(&in, 1024, 600, &said) == 0, "compose a page with words");
    in.highlight_from = 4;
    in.highlight_to = 10;  /* "little" */
    CHECK(compose_page(&in, 1024, 600, &lit) == 0, "compose a page with a highlighted word");
    if (plain.px && said.px && lit.px) {
        cap = layout_caption(1024, 600, layout_letterbox(120, 90, 1024, 600));
        CHECK(row_diff(&plain, &said, cap.band.y, 600) > 0,
              "words change the caption band");
        CHECK(row_diff(&plain, &said, 0, cap.band.y) == 0,
              "words leave everything above the band unchanged");
        CHECK(row_diff(&plain, &said, 600 * 40 / 100, 600 * 60 / 100) == 0,
              "the middle of the picture stays clear of words");
        CHECK(count_amber(&said, cap.band.y) == 0, "no highlight colour without a range");
        CHECK(count_amber(&lit, cap.band.y) > 30, "the highlight colour appears with a range (%d px)",
              count_amber(&lit, cap.band.y));
        CHECK(row_diff(&said, &lit, 0, cap.band.y) == 0,
              "the highlight changes nothing above the band");
        CHECK(all_opaque(&said) && all_opaque(&lit), "pages with words are opaque");
        make_dir(TEST_TMP);
        stbi_write_png(TEST_TMP "/compose-words.png", 1024, 600, 4, lit.px, 1024 * 4);
    }
    compose_free(&plain);
    compose_free(&said);
    compose_free(&lit);
    compose_free(&pic);
    text_font_free(font);
}

static void test_words_everywhere(void)
{
    static const int sizes[][2] = {{1024, 600}, {800, 1280}, {64, 48}, {1, 1}};
    static const char *texts[] = {
        "Goodnight.", "",
        "A very long sentence that goes on and on, far beyond what three lines can hold "
        "on a small screen, so the layout must shrink the words or cut them off politely.",
    };
    TextFont *font = load_font();
    ComposeInput in = input_for(NULL);
    LayoutRect screen;
    if (!font)
        return;
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        ComposeImage bare;
        in.font = NULL;
        if (compose_page(&in, sizes[s][0], sizes[s][1], &bare) != 0)
            continue;
        in.font = font;
        screen = (LayoutRect){0, 0, sizes[s][0], sizes[s][1]};
        for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
            ComposeImage out;
            int top = layout_caption(sizes[s][0], sizes[s][1], screen).band.y;
            in.text = texts[t];
            in.highlight_from = 0;
            in.highlight_to = 1000;
            CHECK(compose_page(&in, sizes[s][0], sizes[s][1], &out) == 0 && all_opaque(&out),
                  "words compose on the placeholder at %dx%d (text %zu)", sizes[s][0],
                  sizes[s][1], t);
            CHECK(out.px && row_diff(&bare, &out, 0, top) == 0,
                  "words at %dx%d (text %zu) stay inside the band", sizes[s][0], sizes[s][1], t);
            compose_free(&out);
        }
        compose_free(&bare);
    }
    text_font_free(font);
}

/* A strip of the words' rows for a read-along: base rows y0.. copied. */
static int strip_of(const ComposeImage *base, int y0, ComposeImage *strip)
{
    strip->w = base->w;
    strip->h = base->h - y0;
    strip->px = malloc((size_t)strip->w * strip->h * 4);
    if (!strip->px)
        return -1;
    memcpy(strip->px, base->px + (size_t)y0 * base->w * 4, (size_t)strip->w * strip->h * 4);
    return 0;
}

/* The read-along's lit word redrawn in its own boxes (compose_words_box,
 * compose_words_redraw) must give, pixel for pixel, what drawing every word
 * of the strip again gives (compose_words_strip): for each word lit in turn,
 * several at once across lines, all, none again; in Latin and Arabic letters,
 * on three screen sizes. And the boxes must be small: that is the point. */
static void test_words_redraw(void)
{
    static const int sizes[][2] = {{1024, 600}, {1920, 1200}, {96, 64}};
    static const struct { const char *text, *lang; } texts[] = {
        { "The little owl said goodnight to the moon, and the moon, far off and fluffy "
          "with fog, said goodnight to the sleepy little owl in the tall old tree.", "en" },
        { "\xd9\x82\xd8\xa7\xd9\x84 \xd8\xa7\xd9\x84\xd9\x82\xd9\x85\xd8\xb1 "
          "\xd8\xaa\xd8\xb5\xd8\xa8\xd8\xad \xd8\xb9\xd9\x84\xd9\x89 "
          "\xd8\xae\xd9\x8a\xd8\xb1 (moon) 2026.", "ar" },
        { "Goodnight.", "en" },
    };
    TextFont *font = load_font();
    ComposeImage pic;
    if (!font || golden_picture(&pic) != 0) {
        text_font_free(font);
        return;
    }
    text_font_set_script_fonts(font, "/usr/share/fonts");
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        int W = sizes[s][0], H = sizes[s][1];
        for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
            ComposeInput in = input_for(&pic);
            ComposeImage base = {NULL, 0, 0}, strip = {NULL, 0, 0}, ref = {NULL, 0, 0};
            ComposeWords words;
            in.font = font;
            in.text = texts[t].text;
            in.language = texts[t].lang;
            in.band_only = 1;
            LayoutRect picture = compose_picture_rect(&in, W, H);
            int top = compose_words_top(W, H, picture);
            int rc = compose_words_prepare(&in, W, H, picture, &words);
            CHECK(rc == 1, "lay out the words once at %dx%d (text %zu)", W, H, t);
            if (rc != 1 || compose_page(&in, W, H, &base) != 0 || strip_of(&base, top, &strip)) {
                compose_words_free(&words);
                compose_free(&base);
                continue;
            }
            CHECK(compose_words_redraw(&words, &base, 0, 0, 0, words.box, &strip, top) == 0,
                  "draw every word unlit into the strip");
            /* the ranges lit in turn: each word, a run across lines, all, none */
            int from[64], to[64], n = 0;
            size_t len = strlen(in.text);
            for (size_t i = 0; i < len && n < 60;) {
                while (i < len && in.text[i] == ' ')
                    i++;
                size_t j = i;
                while (j < len && in.text[j] != ' ')
                    j++;
                if (j > i)
                    from[n] = (int)i, to[n++] = (int)j;
                i = j;
            }
            from[n] = 4, to[n++] = (int)len - 4;
            from[n] = 0, to[n++] = (int)len;
            from[n] = 0, to[n++] = 0;
            LayoutRect lit = {0, 0, 0, 0};
            long area = 0, exact = 0, steps = 0;
            for (int k = 0; k < n; k++) {
                LayoutRect now = compose_words_box(&words, from[k], to[k]);
                compose_words_redraw(&words, &base, 0, from[k], to[k], lit, &strip, top);
                compose_words_redraw(&words, &base, 0, from[k], to[k], now, &strip, top);
                lit = now;
                in.highlight_from = from[k];
                in.highlight_to = to[k];
                compose_free(&ref);
                if (strip_of(&base, top, &ref) != 0 ||
                    compose_words_strip(&in, W, H, picture, &ref, top) != 0)
                    continue;
                steps++;
                exact += memcmp(ref.px, strip.px, (size_t)ref.w * ref.h * 4) == 0;
                if (k < n - 3)
                    area += (long)now.w * now.h;
            }
            CHECK(steps == n && exact == steps,
                  "each lit word redrawn in its own boxes at %dx%d (text %zu) is the strip drawn "
                  "whole, byte for byte (%ld of %ld steps)", W, H, t, exact, steps);
            if (n > 4 && W >= 1024)
                CHECK(area / (n - 3) * 8 < (long)strip.w * strip.h,
                      "a lit word's box is under an eighth of the words' rows at %dx%d (text "
                      "%zu: %ld px of %d)", W, H, t, area / (n - 3), strip.w * strip.h);
            compose_free(&ref);
            compose_free(&strip);
            compose_free(&base);
            compose_words_free(&words);
        }
    }
    ComposeWords none;
    ComposeInput empty = input_for(&pic);
    empty.font = font;
    empty.text = "";
    CHECK(compose_words_prepare(&empty, 1024, 600, compose_picture_rect(&empty, 1024, 600),
                                &none) == 0 && !none.cov && compose_words_box(&none, 0, 9).w == 0,
          "no words: nothing laid out, and every box empty");
    compose_words_free(&none);
    compose_free(&pic);
    text_font_free(font);
}

/* The shelf says when there are more covers than fit: a row of dots. */
static void test_shelf_dots(void)
{
    const int W = 640, H = 400;
    ComposeTile tiles[3];
    memset(tiles, 0, sizeof tiles);
    for (int i = 0; i < 3; i++)
        tiles[i].title = "";
    ComposeShelf in = { tiles, 3, 0, NULL, 6, 0, 0 };
    ComposeImage img;
    LayoutRect d0 = layout_shelf_dot(W, H, 0, 6), d5 = layout_shelf_dot(W, H, 5, 6);
    CHECK(compose_shelf(&in, W, H, &img) == 0, "a shelf of six with three on screen composes");
    const uint8_t *lit = img.px ? img.px + ((size_t)d0.y * W + d0.x) * 4 : NULL;
    const uint8_t *dim = img.px ? img.px + ((size_t)d5.y * W + d5.x) * 4 : NULL;
    CHECK(lit && dim && lit[0] > dim[0] && dim[0] > COMPOSE_NIGHT_R,
          "a dot for each cover: those on screen brighter, the others fainter but there");
    CHECK(lit && lit[0] < 0xef, "and no dot is brighter than the words");
    compose_free(&img);
    in.total = 3;
    CHECK(compose_shelf(&in, W, H, &img) == 0 && img.px &&
              img.px[((size_t)d0.y * W + d0.x) * 4] == COMPOSE_NIGHT_R,
          "a shelf whose covers all fit has no dots");
    compose_free(&img);
}

/* The paused sign: dim, soft-edged, its bars brighter than the square but
 * far under the words; transparent at its corners. */
static void test_pause_sign(void)
{
    ComposeImage img;
    int size = 54;
    CHECK(compose_pause_sign(size, &img) == 0 && img.w == size && img.h == size,
          "the paused sign composes at its size");
    if (!img.px)
        return;
    const uint8_t *corner = img.px;
    CHECK(corner[3] == 0, "its corner is outside the rounded square (alpha %d)", corner[3]);
    LayoutRect b = layout_pause_bar(size, 0);
    const uint8_t *bar = img.px + ((size_t)(b.y + b.h / 2) * size + b.x + b.w / 2) * 4;
    const uint8_t *mid = img.px + ((size_t)(size / 2) * size + size / 2) * 4;
    const uint8_t *edge = img.px + ((size_t)(size / 2) * size + 3) * 4;
    CHECK(mid[3] == COMPOSE_PAUSE_BG_ALPHA && edge[3] == COMPOSE_PAUSE_BG_ALPHA,
          "between the bars and at the side the square is dim (alpha %d, %d)", mid[3], edge[3]);
    CHECK(bar[3] > mid[3] && bar[2] > mid[2] + 50, "the bars stand out of the square");
    int maxc = 0;
    for (int i = 0; i < size * size; i++)
        for (int c = 0; c < 3; c++)
            if (img.px[i * 4 + 3] > 0 && img.px[i * 4 + c] > maxc)
                maxc = img.px[i * 4 + c];
    CHECK(maxc <= COMPOSE_PAUSE_BAR_LEVEL && maxc < 0xef * 3 / 4,
          "nothing in it is near the words' brightness (brightest %d)", maxc);
    int soft = 0;
    for (int i = 0; i < size * size; i++) {
        int a = img.px[i * 4 + 3];
        soft += a != 0 && a != COMPOSE_PAUSE_BG_ALPHA && a != bar[3];
    }
    CHECK(soft >= 16, "the corners and the bars' ends are soft, not stepped (%d partial pixels)",
          soft);
    compose_free(&img);
    CHECK(compose_pause_sign(0, &img) == -1 && compose_pause_sign(5000, &img) == -1,
          "a size out of range is refused");
}

int main(void)
{
    test_pause_sign();
    test_shelf_dots();
    test_red_letterbox();
    test_transparency();
    test_smooth_enlarge();
    test_no_aliasing();
    test_placeholder();
    test_isqrt();
    test_placeholder_pixels();
    test_prescaled();
    test_edges();
    test_golden();
    test_words();
    test_words_everywhere();
    test_words_redraw();
    CHECK_DONE();
}
