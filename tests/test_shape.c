/* test_shape — captions in six scripts shaped as HarfBuzz shapes them, in
 * visual order, broken where the script allows, and drawn as the golden images.
 *
 * Each caption is laid out with the captions' own font (Andika) as the layout's
 * font, so the script's font must be found and used for it as in the player.
 * The layout's glyphs are then checked against `hb-shape` (libharfbuzz-bin) run
 * on the script's font file with the same text and language: the same glyph
 * ids, in the same order, at the same positions (to a hundredth of a pixel).
 * So the golden image (tests/data/golden/shape-*.png) is known to be right,
 * not merely unchanged. HUSHABYE_UPDATE_GOLDEN=1 writes the images again (look
 * at them). Without the fonts or hb-shape the parts that need them are skipped.
 *
 * Then bidi order (Hebrew with digits, Arabic with an English word), line
 * breaks (never inside a cluster; Chinese between ideographs and never before
 * its full stop; Thai between words), a lit word of a right-to-left caption,
 * and hostile text and fonts. */
#include "check.h"
#include "lang.h"
#include "text.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <stb_image.h>
#include <stb_image_write.h>

#ifndef TEST_TMP
#define TEST_TMP "/tmp"
#endif
#define GOLDEN_DIR TEST_DATA "/golden"
#define PX 40.0f

typedef struct Caption {
    const char *name, *lang, *script, *text;
} Caption;

static const Caption captions[] = {
    {"arabic", "ar", "Arab",
     "\xd8\xaa\xd8\xb5\xd8\xa8\xd8\xad \xd8\xb9\xd9\x84\xd9\x89 \xd8\xae\xd9\x8a\xd8\xb1 "
     "\xd9\x8a\xd8\xa7 \xd9\x82\xd9\x85\xd8\xb1"}, /* تصبح على خير يا قمر */
    {"hebrew", "he", "Hebr",
     "\xd7\x9c\xd7\x99\xd7\x9c\xd7\x94 \xd7\x98\xd7\x95\xd7\x91 \xd7\x99\xd7\xa8\xd7\x97"},
    /* לילה טוב ירח */
    {"hindi", "hi", "Deva",
     "\xe0\xa4\xb6\xe0\xa5\x81\xe0\xa4\xad \xe0\xa4\xb0\xe0\xa4\xbe\xe0\xa4\xa4\xe0\xa5\x8d"
     "\xe0\xa4\xb0\xe0\xa4\xbf \xe0\xa4\x9a\xe0\xa4\x82\xe0\xa4\xa6\xe0\xa4\xbe"},
    /* शुभ रात्रि चंदा */
    {"bengali", "bn", "Beng",
     "\xe0\xa6\xb6\xe0\xa7\x81\xe0\xa6\xad \xe0\xa6\xb0\xe0\xa6\xbe\xe0\xa6\xa4\xe0\xa7\x8d"
     "\xe0\xa6\xb0\xe0\xa6\xbf \xe0\xa6\x9a\xe0\xa6\xbe\xe0\xa6\x81\xe0\xa6\xa6"},
    /* শুভ রাত্রি চাঁদ */
    {"thai", "th", "Thai",
     "\xe0\xb8\xa3\xe0\xb8\xb2\xe0\xb8\x95\xe0\xb8\xa3\xe0\xb8\xb5\xe0\xb8\xaa\xe0\xb8\xa7"
     "\xe0\xb8\xb1\xe0\xb8\xaa\xe0\xb8\x94\xe0\xb8\xb4\xe0\xb9\x8c"},
    /* ราตรีสวัสดิ์ */
    {"chinese", "zh-Hans", "Hans",
     "\xe6\x99\x9a\xe5\xae\x89\xef\xbc\x8c\xe6\x9c\x88\xe4\xba\xae\xe3\x80\x82"},
    /* 晚安，月亮。 */
};
#define NCAPTIONS (int)(sizeof captions / sizeof captions[0])

static TextFont *main_font(void)
{
    char path[1024], err[256];
    if (text_find_font(NULL, path, sizeof path) < 0)
        return NULL;
    return text_font_load(path, err, sizeof err);
}

/* ---- HarfBuzz's own answer ------------------------------------------------ */

typedef struct HbGlyph {
    int g, cl, dx, dy, ax;
} HbGlyph;

/* Run hb-shape on the text (written to a file: no quoting of UTF-8 in a
 * shell); fills up to max glyphs. Returns the count, or -1 when hb-shape
 * cannot run. */
static int hb_shape_glyphs(const char *font, const char *lang, const char *text, HbGlyph *out,
                           int max)
{
    char path[512], cmd[2048];
    snprintf(path, sizeof path, "%s/shape-text.txt", TEST_TMP);
    mkdir(TEST_TMP, 0755);
    FILE *t = fopen(path, "wb");
    if (!t)
        return -1;
    fputs(text, t);
    fclose(t);
    snprintf(cmd, sizeof cmd,
             "hb-shape --font-funcs=ot --no-glyph-names --utf8-clusters --bot --eot "
             "--language=%s -O json --text-file='%s' '%s' 2>/dev/null",
             lang, path, font);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, p);
    buf[n] = '\0';
    if (pclose(p) != 0 || n == 0)
        return -1;
    int count = 0;
    const char *s = buf;
    while (count < max && (s = strstr(s, "{\"g\":")) != NULL) {
        HbGlyph *g = &out[count];
        int ay;
        if (sscanf(s, "{\"g\":%d,\"cl\":%d,\"dx\":%d,\"dy\":%d,\"ax\":%d,\"ay\":%d", &g->g,
                   &g->cl, &g->dx, &g->dy, &g->ax, &ay) != 6)
            return -1;
        count++;
        s++;
    }
    return count;
}

/* The layout's glyphs against hb-shape's, spaces (which the layout does not
 * list) left out but their advances counted. */
static void check_against_hb(const Caption *c, const TextLayout *l, const char *font_path)
{
    HbGlyph hb[256];
    int n = hb_shape_glyphs(font_path, c->lang, c->text, hb, 256);
    if (n < 0) {
        CHECK_SKIP("%s: hb-shape cannot run (libharfbuzz-bin): the glyphs are not checked",
                   c->name);
        return;
    }
    TextFont *sf = text_font_load(font_path, NULL, 0);
    CHECK(sf != NULL, "%s: the script's font loads", c->name);
    if (!sf)
        return;
    double scale = l->em / (double)text_font_units_per_em(sf);
    double pen = 0.0, origin = 0.0;
    int k = 0, same = 1, first = 1;
    for (int i = 0; i < n; i++) {
        if (c->text[hb[i].cl] == ' ') {
            pen += hb[i].ax;
            continue;
        }
        if (k >= l->nglyphs) {
            same = 0;
            break;
        }
        const TextGlyph *g = &l->glyphs[k++];
        double x = (pen + hb[i].dx) * scale, y = -hb[i].dy * scale;
        if (first) {
            origin = g->x - x;
            first = 0;
        }
        if (g->glyph != hb[i].g || g->byte != hb[i].cl || fabs(g->x - (origin + x)) > 0.01 ||
            fabs(g->y - y) > 0.01 || g->line != 0) {
            fprintf(stderr, "%s: glyph %d: layout %d at byte %d (%.3f, %.3f), hb-shape %d at "
                    "byte %d (%.3f, %.3f)\n", c->name, k - 1, g->glyph, g->byte, g->x, g->y,
                    hb[i].g, hb[i].cl, origin + x, y);
            same = 0;
        }
        pen += hb[i].ax;
    }
    CHECK(same && k == l->nglyphs,
          "%s: the layout has hb-shape's glyphs, order and positions (%d glyphs of %d)",
          c->name, k, l->nglyphs);
    text_font_free(sf);
}

/* ---- golden images -------------------------------------------------------- */

static void check_golden(const Caption *c, const TextFont *f, const TextLayout *l)
{
    int w = l->width + 16, h = l->height + 16;
    uint8_t *cov = calloc((size_t)w * (size_t)h, 1);
    char golden[512];
    if (!cov)
        return;
    text_render(f, l, cov, w, h, w, 8, 8);
    long inked = 0;
    for (int i = 0; i < w * h; i++)
        inked += cov[i] > 128;
    CHECK(inked > 200, "%s: the caption draws ink (%ld pixels)", c->name, inked);
    snprintf(golden, sizeof golden, "%s/shape-%s.png", GOLDEN_DIR, c->name);
    if (getenv("HUSHABYE_UPDATE_GOLDEN")) {
        mkdir(GOLDEN_DIR, 0755);
        CHECK(stbi_write_png(golden, w, h, 1, cov, w) != 0, "write %s", golden);
    }
    int gw = 0, gh = 0, gn = 0;
    unsigned char *gold = stbi_load(golden, &gw, &gh, &gn, 1);
    CHECK(gold != NULL, "%s: load the golden image %s", c->name, golden);
    if (gold) {
        double diff = 0.0;
        if (gw == w && gh == h) {
            for (int i = 0; i < w * h; i++)
                diff += abs((int)gold[i] - (int)cov[i]);
            diff /= (double)w * h;
        }
        CHECK(gw == w && gh == h && diff < 0.5,
              "%s: the caption matches its golden image (%dx%d vs %dx%d, diff %.3f)", c->name,
              w, h, gw, gh, diff);
        if (gw != w || gh != h || diff >= 0.5) {
            char got[512];
            snprintf(got, sizeof got, "%s/shape-%s.png", TEST_TMP, c->name);
            stbi_write_png(got, w, h, 1, cov, w);
        }
    }
    stbi_image_free(gold);
    free(cov);
}

static void test_scripts(const TextFont *f)
{
    for (int i = 0; i < NCAPTIONS; i++) {
        const Caption *c = &captions[i];
        char path[1024];
        if (text_find_script_font(c->script, c->lang, path, sizeof path) != 0) {
            CHECK_SKIP("%s: no font for %s (fonts-noto-core, fonts-wqy-microhei)", c->name,
                       c->script);
            continue;
        }
        TextLayout l;
        CHECK(text_layout_lang(f, c->lang, c->text, strlen(c->text), PX, 0, 0, &l) == 0,
              "%s: the caption is laid out", c->name);
        CHECK(l.nlines == 1 && l.nglyphs > 0, "%s: one line of glyphs", c->name);
        CHECK(text_font_missing(f, c->text, strlen(c->text)) == 0,
              "%s: no letter is missing with the script's font", c->name);
        int others = 1;
        for (int k = 0; k < l.nglyphs; k++)
            others &= l.glyphs[k].font != NULL && l.glyphs[k].font != f;
        CHECK(others, "%s: every glyph is drawn with the script's font, not Andika", c->name);
        CHECK(l.rtl == lang_is_rtl(c->lang), "%s: the paragraph's direction", c->name);
        check_against_hb(c, &l, path);
        check_golden(c, f, &l);
        text_layout_free(&l);
    }
}

/* ---- bidi order ----------------------------------------------------------- */

/* x of the first glyph whose cluster starts at byte b, or NAN. */
static float x_at(const TextLayout *l, int b)
{
    for (int i = 0; i < l->nglyphs; i++)
        if (l->glyphs[i].byte == b)
            return l->glyphs[i].x;
    return NAN;
}

static void test_bidi(const TextFont *f)
{
    /* שלום 123 עולם: "hello 123 world", the digits left to right inside. */
    const char *he = "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d 123 \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d";
    TextLayout l;
    CHECK(text_layout_lang(f, "he", he, strlen(he), 30.0f, 0, 0, &l) == 0,
          "lay out Hebrew with digits");
    float shin = x_at(&l, 0), one = x_at(&l, 9), two = x_at(&l, 10), three = x_at(&l, 11);
    float ayin = x_at(&l, 13);
    CHECK(l.rtl == 1, "Hebrew with digits is a right-to-left paragraph");
    CHECK(shin > three && three > two && two > one && one > ayin,
          "Hebrew reads from the right, its digits left to right in the middle "
          "(ש %.1f > 3 %.1f > 2 %.1f > 1 %.1f > ע %.1f)", shin, three, two, one, ayin);
    text_layout_free(&l);

    /* اقرأ Moon الآن: "read Moon now". */
    const char *ar = "\xd8\xa7\xd9\x82\xd8\xb1\xd8\xa3 Moon \xd8\xa7\xd9\x84\xd8\xa2\xd9\x86";
    CHECK(text_layout_lang(f, "ar", ar, strlen(ar), 30.0f, 0, 0, &l) == 0,
          "lay out Arabic with an English word");
    float alef = x_at(&l, 0), m = x_at(&l, 9), o = x_at(&l, 10), n = x_at(&l, 12);
    float last = x_at(&l, 14);
    CHECK(alef > n && n > o && o > m && m > last,
          "the first Arabic word is rightmost, Moon reads left to right, the last word "
          "is leftmost (%.1f > n %.1f > o %.1f > M %.1f > %.1f)", alef, n, o, m, last);
    text_layout_free(&l);

    CHECK(text_layout_lang(f, "en", "Moon", 4, 30.0f, 0, 0, &l) == 0 && l.rtl == 0 &&
              x_at(&l, 0) < x_at(&l, 3),
          "English stays left to right");
    text_layout_free(&l);
    CHECK(text_layout_lang(f, "ar", "123", 3, 30.0f, 0, 0, &l) == 0 && l.rtl == 1 &&
              x_at(&l, 0) < x_at(&l, 2),
          "digits alone take an Arabic story's direction, and still read left to right");
    text_layout_free(&l);
    CHECK(text_fit_lang(f, "ar", "123", 3, 10.0f, 40.0f, 200, 100, &l) == 0 && l.rtl == 1 &&
              l.px > 10.0f,
          "text_fit_lang passes the language on to every size it tries");
    text_layout_free(&l);
    CHECK(text_fit_lang(f, NULL, "123", 3, 10.0f, 40.0f, 200, 100, &l) == 0 && l.rtl == 0,
          "without a language, digits alone run left to right");
    text_layout_free(&l);
}

/* ---- line breaks ---------------------------------------------------------- */

static int is_mark_start(const char *s, int b)
{
    /* Devanagari signs U+0900-0903, U+093A-094F, U+0951-0957, U+0962-0963. */
    const unsigned char *u = (const unsigned char *)s + b;
    if (u[0] != 0xE0 || (u[1] != 0xA4 && u[1] != 0xA5))
        return 0;
    unsigned cp = 0x900 + ((u[1] - 0xA4u) << 6) + (u[2] & 0x3Fu);
    return cp <= 0x903 || (cp >= 0x93A && cp <= 0x94F && cp != 0x93D) ||
           (cp >= 0x951 && cp <= 0x957) || cp == 0x962 || cp == 0x963;
}

static void test_breaks_clusters(const TextFont *f)
{
    /* One long Hindi "word" (no spaces) forced into narrow lines. */
    const char *hi = "\xe0\xa4\xb0\xe0\xa4\xbe\xe0\xa4\xa4\xe0\xa5\x8d\xe0\xa4\xb0\xe0\xa4"
                     "\xbf\xe0\xa4\xb6\xe0\xa5\x81\xe0\xa4\xad\xe0\xa4\x95\xe0\xa5\x8d\xe0"
                     "\xa4\xb7\xe0\xa4\xbf\xe0\xa4\xa4\xe0\xa4\xbf"; /* रात्रिशुभक्षिति */
    TextLayout l;
    CHECK(text_layout_lang(f, "hi", hi, strlen(hi), 40.0f, 40, 0, &l) == 0 && l.nlines > 2,
          "a long Hindi word in a narrow box takes several lines (%d)", l.nlines);
    int ok = 1;
    for (int i = 0; i < l.nglyphs; i++) {
        for (int k = 0; k < l.nglyphs; k++)
            ok &= l.glyphs[i].byte != l.glyphs[k].byte || l.glyphs[i].line == l.glyphs[k].line;
        ok &= !is_mark_start(hi, l.glyphs[i].byte);
    }
    CHECK(ok, "no cluster is split between lines and no line starts with a vowel sign "
              "or virama");
    text_layout_free(&l);
}

static int first_byte_of_line(const TextLayout *l, int line)
{
    int b = -1;
    for (int i = 0; i < l->nglyphs; i++)
        if (l->glyphs[i].line == line && (b < 0 || l->glyphs[i].byte < b))
            b = l->glyphs[i].byte;
    return b;
}

static void test_breaks_chinese(const TextFont *f)
{
    const char *zh = "\xe6\x99\x9a\xe5\xae\x89\xe6\x9c\x88\xe4\xba\xae\xe6\x99\x9a\xe5\xae"
                     "\x89\xe6\x98\x9f\xe6\x98\x9f"; /* 晚安月亮晚安星星 */
    float one = text_measure(f, "\xe6\x99\x9a", 3, 40.0f);
    TextLayout l;
    CHECK(one > 0 && text_layout_lang(f, "zh", zh, strlen(zh), 40.0f,
                                      (int)ceilf(3 * one) + 1, 0, &l) == 0,
          "lay out eight ideographs, three to a line");
    CHECK(l.nlines == 3 && first_byte_of_line(&l, 1) == 9 && first_byte_of_line(&l, 2) == 18,
          "Chinese breaks between ideographs without spaces (%d lines, lines at bytes %d, %d)",
          l.nlines, first_byte_of_line(&l, 1), first_byte_of_line(&l, 2));
    text_layout_free(&l);
    /* 晚安。月亮。 two to a line: the full stop never starts a line. */
    const char *stop = "\xe6\x99\x9a\xe5\xae\x89\xe3\x80\x82\xe6\x9c\x88\xe4\xba\xae\xe3\x80\x82";
    CHECK(text_layout_lang(f, "zh", stop, strlen(stop), 40.0f, (int)ceilf(2 * one) + 1, 0, &l) == 0,
          "lay out Chinese with full stops, two to a line");
    int ok = l.nlines >= 3;
    for (int k = 0; k < l.nlines; k++) {
        int b = first_byte_of_line(&l, k);
        ok &= b >= 0 && !(stop[b] == '\xe3' && stop[b + 1] == '\x80' && stop[b + 2] == '\x82');
    }
    CHECK(ok, "no line of Chinese starts with its full stop (%d lines)", l.nlines);
    text_layout_free(&l);
    /* "Moon：第一页": the full-width colon follows Latin letters, so it takes
     * their script, whose font (the layout's) has no glyph for it; it is
     * drawn with the Chinese font of the same sentence, not as a box. */
    const char *mixed = "Moon\xef\xbc\x9a\xe7\xac\xac\xe4\xb8\x80\xe9\xa1\xb5";
    CHECK(text_layout_lang(f, "zh", mixed, strlen(mixed), 40.0f, 0, 0, &l) == 0,
          "lay out a Latin title, a full-width colon and Chinese");
    const TextGlyph *colon = NULL;
    for (int k = 0; k < l.nglyphs; k++)
        if (l.glyphs[k].cp == 0xFF1A)
            colon = &l.glyphs[k];
    CHECK(colon && colon->glyph != 0 && colon->font && colon->font != f &&
              text_font_missing(f, mixed, strlen(mixed)) == 0,
          "a full-width colon after Latin letters is drawn with the sentence's Chinese font "
          "(glyph %d), and no letter counts as missing (%zu)", colon ? colon->glyph : -1,
          text_font_missing(f, mixed, strlen(mixed)));
    text_layout_free(&l);
}

static void test_breaks_thai(const TextFont *f)
{
    /* ราตรี|สวัสดิ์|พระจันทร์: "good night, moon", no spaces. */
    const char *th = "\xe0\xb8\xa3\xe0\xb8\xb2\xe0\xb8\x95\xe0\xb8\xa3\xe0\xb8\xb5\xe0\xb8"
                     "\xaa\xe0\xb8\xa7\xe0\xb8\xb1\xe0\xb8\xaa\xe0\xb8\x94\xe0\xb8\xb4\xe0"
                     "\xb9\x8c\xe0\xb8\x9e\xe0\xb8\xa3\xe0\xb8\xb0\xe0\xb8\x88\xe0\xb8\xb1"
                     "\xe0\xb8\x99\xe0\xb8\x97\xe0\xb8\xa3\xe0\xb9\x8c";
    size_t two_words = 36; /* ราตรีสวัสดิ์ */
    float w = text_measure(f, th, two_words, 40.0f);
    TextLayout l;
    CHECK(w > 0 && text_layout_lang(f, "th", th, strlen(th), 40.0f, (int)w + 2, 0, &l) == 0,
          "lay out a Thai sentence without spaces");
    CHECK(l.nlines == 2 && first_byte_of_line(&l, 1) == (int)two_words,
          "Thai breaks between its words, found by the dictionary (%d lines, second at "
          "byte %d)", l.nlines, first_byte_of_line(&l, 1));
    text_layout_free(&l);
}

/* ---- read-along in a right-to-left caption --------------------------------- */

static void test_lit_word_rtl(const TextFont *f)
{
    const char *ar = captions[0].text;
    TextLayout l;
    if (text_layout_lang(f, "ar", ar, strlen(ar), 30.0f, 0, 0, &l) != 0 || l.nglyphs == 0) {
        CHECK(0, "lay out the Arabic caption for the read-along");
        return;
    }
    int w = l.width + 8, h = l.height + 8;
    uint8_t *first = calloc((size_t)w * h, 1), *last = calloc((size_t)w * h, 1);
    if (first && last) {
        text_render_range(f, &l, first, w, h, w, 4, 4, 0, 8);   /* تصبح */
        text_render_range(f, &l, last, w, h, w, 4, 4, 27, 33);  /* قمر */
        double sx1 = 0, n1 = 0, sx2 = 0, n2 = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                sx1 += (double)first[y * w + x] * x;
                n1 += first[y * w + x];
                sx2 += (double)last[y * w + x] * x;
                n2 += last[y * w + x];
            }
        CHECK(n1 > 0 && n2 > 0 && sx1 / n1 > w * 0.7 && sx2 / n2 < w * 0.3,
              "the first word lights at the right, the last at the left (%.0f, %.0f of %d)",
              n1 > 0 ? sx1 / n1 : -1, n2 > 0 ? sx2 / n2 : -1, w);
    }
    free(first);
    free(last);
    text_layout_free(&l);
}

/* ---- hostile text ---------------------------------------------------------- */

static void test_hostile(const TextFont *f)
{
    static const char *const bad[] = {
        "\xd9\x8b\xd9\x8b\xd9\x8b\xd9\x8b", /* Arabic marks with no letter */
        "\xe2\x80\xae\xe2\x80\xae\xe2\x80\xae abc \xe2\x80\xac", /* bidi overrides, unclosed */
        "\xe2\x81\xa7\xe2\x81\xa7\xe2\x81\xa7", /* isolates, unclosed */
        "\xff\xfe\xd8\xe0\xa4", /* broken UTF-8 */
        "\xe0\xa5\x8d\xe0\xa5\x8d\xe0\xa5\x8d\xe0\xa5\x8d", /* viramas alone */
        "a\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b b", /* zero-width spaces */
        "\xe0\xb8\xb4\xe0\xb8\xb4\xe0\xb8\xb4\xe0\xb8\xb4", /* Thai vowels alone */
        "\n\n\n", "   ", "",
    };
    int ok = 1;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        for (int w = 0; w <= 30; w += 10) {
            TextLayout l;
            uint8_t cov[64 * 64];
            if (text_layout_lang(f, "ar", bad[i], strlen(bad[i]), 20.0f, w, 2, &l) != 0) {
                ok = 0;
                continue;
            }
            text_render(f, &l, cov, 64, 64, 64, 0, 0);
            text_layout_free(&l);
        }
    }
    CHECK(ok, "hostile text (lone marks, unclosed overrides, broken UTF-8) lays out and draws");
    /* Many paragraphs and runs: every level of nesting FriBidi allows. */
    size_t n = 125 * 3 * 2 + 1;
    char *deep = malloc(n);
    if (deep) {
        size_t k = 0;
        for (int i = 0; i < 125; i++) {
            memcpy(deep + k, i % 2 ? "\xe2\x80\xab" : "\xe2\x80\xaa", 3); /* RLE, LRE */
            k += 3;
            memcpy(deep + k, "\xd7\x90", 2);
            k += 2;
            deep[k++] = 'a';
        }
        deep[k] = '\0';
        TextLayout l;
        CHECK(text_layout_lang(f, NULL, deep, k, 20.0f, 100, 0, &l) == 0 && l.nglyphs > 0,
              "125 nested embeddings lay out");
        text_layout_free(&l);
        free(deep);
    }
}

/* Many short paragraphs, some Thai: each paragraph's breaks cost its own
 * length, not the whole text's. */
static void test_many_paragraphs(const TextFont *f)
{
    const char *piece = "\xe0\xb8\xa3\xe0\xb8\xb2\xe0\xb8\x95\xe0\xb8\xa3\xe0\xb8\xb5 a\n";
    size_t n = strlen(piece), count = 1500;
    char *text = malloc(n * count + 1);
    if (!text)
        return;
    for (size_t i = 0; i < count; i++)
        memcpy(text + i * n, piece, n);
    text[n * count] = '\0';
    TextLayout l;
    CHECK(text_layout_lang(f, "th", text, n * count, 12.0f, 200, 0, &l) == 0 &&
              l.nlines == (int)count,
          "1500 paragraphs of Thai and Latin lay out, one line each (%d)", l.nlines);
    text_layout_free(&l);
    free(text);
}

/* A font told to look for no script fonts draws Arabic alone, as the
 * replacement glyph, and says the letters are missing. */
static void test_no_script_fonts(void)
{
    TextFont *alone = main_font();
    const char *ar = captions[0].text;
    TextLayout l;
    if (!alone)
        return;
    text_font_set_script_fonts(alone, NULL);
    CHECK(text_font_missing(alone, ar, strlen(ar)) == 15,
          "without script fonts Andika lacks the 15 Arabic letters (%zu)",
          text_font_missing(alone, ar, strlen(ar)));
    CHECK(text_layout_lang(alone, "ar", ar, strlen(ar), 20.0f, 0, 0, &l) == 0 && l.nglyphs == 15,
          "the caption still lays out, a glyph a letter");
    int own = 1;
    for (int i = 0; i < l.nglyphs; i++)
        own &= l.glyphs[i].font == alone;
    CHECK(own, "every glyph is the layout font's own");
    text_layout_free(&l);
    text_font_set_script_fonts(alone, "/usr/share/fonts");
    CHECK(text_font_missing(alone, ar, strlen(ar)) == 0,
          "with the system's fonts again none is missing");
    text_font_free(alone);
}

static void test_script_font_search(void)
{
    char out[256];
    CHECK(text_find_script_font_under(TEST_TMP "/no-such-fonts", "Arab", "ar", out,
                                      sizeof out) == -1 && out[0] == '\0',
          "no script font is found under a folder without fonts");
    CHECK(text_find_script_font("Latn", NULL, out, sizeof out) == -1,
          "Latin has no script font of its own (Andika's job)");
    CHECK(text_find_script_font(NULL, NULL, out, sizeof out) == -1, "a NULL script finds none");
    if (text_find_script_font("Arab", "ur", out, sizeof out) == 0)
        CHECK(strstr(out, "Nastaliq") != NULL, "Urdu gets its Nastaliq font (%s)", out);
    if (text_find_script_font("Jpan", "ja", out, sizeof out) == 0)
        CHECK(strstr(out, "wqy") || strstr(out, "CJK") || strstr(out, "arphic"),
              "Japanese is drawn with the Han font (%s)", out);
}

int main(void)
{
    TextFont *f = main_font();
    test_script_font_search();
    if (!f) {
        CHECK_SKIP("no system font: the shaping tests need fonts-sil-andika");
        CHECK_DONE();
    }
    char probe[1024];
    if (text_find_script_font("Arab", "ar", probe, sizeof probe) != 0 ||
        text_find_script_font("Hebr", "he", probe, sizeof probe) != 0 ||
        text_find_script_font("Deva", "hi", probe, sizeof probe) != 0 ||
        text_find_script_font("Hans", "zh", probe, sizeof probe) != 0 ||
        text_find_script_font("Thai", "th", probe, sizeof probe) != 0) {
        CHECK_SKIP("fonts-noto-core or fonts-wqy-microhei missing: the scripts are not tested");
        text_font_free(f);
        CHECK_DONE();
    }
    test_scripts(f);
    test_bidi(f);
    test_breaks_clusters(f);
    test_breaks_chinese(f);
    test_breaks_thai(f);
    test_lit_word_rtl(f);
    test_hostile(f);
    test_many_paragraphs(f);
    test_no_script_fonts();
    text_font_free(f);
    CHECK_DONE();
}
