/* test_text — font finding, loading, layout and rasterising with real system
 * fonts (SIL Andika and DejaVu Sans are installed here and in CI).
 *
 * Layout is checked against the library's own measurements (text_measure) and,
 * for kerning, against stb_truetype directly; rendering is checked by counting
 * coverage inside and outside the layout box, and by guard bytes around the
 * buffer. Run under AddressSanitizer to catch any write out of bounds. */
#include "check.h"
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stb_truetype.h>

#ifndef TEST_TMP
#define TEST_TMP "/tmp"
#endif

#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static const char *const tales[] = {
    "Gute Nacht, kleiner B\xC3\xA4r",
    "\xD0\xA1\xD0\xBF\xD0\xBE\xD0\xBA\xD0\xBE\xD0\xB9\xD0\xBD\xD0\xBE\xD0\xB9 "
    "\xD0\xBD\xD0\xBE\xD1\x87\xD0\xB8", /* Спокойной ночи */
    "\xCE\x9A\xCE\xB1\xCE\xBB\xCE\xB7\xCE\xBD\xCF\x8D\xCF\x87\xCF\x84\xCE\xB1", /* Καληνύχτα */
    "The moon looks down on the sleepy little town, and every light goes out one by one.",
};
#define NTALES (int)(sizeof tales / sizeof tales[0])

/* ---- helpers ----------------------------------------------------------- */

static int utf8_char_len(unsigned char b)
{
    return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/* Measured width of line `line` (from its first to its last glyph's character). */
static float line_width(const TextFont *f, const TextLayout *l, const char *text, int line)
{
    int i, first = -1, last = -1;
    for (i = 0; i < l->nglyphs; i++)
        if (l->glyphs[i].line == line) {
            if (first < 0)
                first = i;
            last = i;
        }
    if (first < 0)
        return 0.0f;
    {
        int from = l->glyphs[first].byte;
        int to = l->glyphs[last].byte + utf8_char_len((unsigned char)text[l->glyphs[last].byte]);
        return text_measure(f, text + from, (size_t)(to - from), l->px);
    }
}

static float first_x(const TextLayout *l, int line)
{
    int i;
    for (i = 0; i < l->nglyphs; i++)
        if (l->glyphs[i].line == line)
            return l->glyphs[i].x;
    return -1.0f;
}

static int glyphs_on_line(const TextLayout *l, int line)
{
    int i, n = 0;
    for (i = 0; i < l->nglyphs; i++)
        n += l->glyphs[i].line == line;
    return n;
}

static long coverage(const uint8_t *a, int stride, int x0, int y0, int x1, int y1)
{
    long sum = 0;
    int x, y;
    for (y = y0; y < y1; y++)
        for (x = x0; x < x1; x++)
            sum += a[(size_t)y * (size_t)stride + (size_t)x];
    return sum;
}

static int layout_str(const TextFont *f, const char *s, float px, int maxw, int maxl,
                      TextLayout *l)
{
    return text_layout(f, s, strlen(s), px, maxw, maxl, l);
}

/* ---- font finding and loading ----------------------------------------- */

static void touch(const char *path)
{
    FILE *fp = fopen(path, "wb");
    if (fp) {
        fputs("font", fp);
        fclose(fp);
    }
}

static void mkdirs(const char *root, const char *const *dirs, int n)
{
    char p[1024];
    int i;
    mkdir(root, 0755);
    for (i = 0; i < n; i++) {
        snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
        mkdir(p, 0755);
    }
}

static void test_find_font_order(void)
{
    static const char *const dirs[] = {"sys", "sys/truetype", "sys/truetype/dejavu",
                                       "sys/truetype/andika-new", "assets",
                                       "assets/fonts"};
    char root[512], sys[600], assets[600], p[1024], out[1024];
    int rc;

    snprintf(root, sizeof root, "%s/text_fonts_%ld", TEST_TMP, (long)getpid());
    mkdir(TEST_TMP, 0755);
    mkdirs(root, dirs, 6);
    snprintf(sys, sizeof sys, "%s/sys", root);
    snprintf(assets, sizeof assets, "%s/assets", root);

    CHECK(text_find_font_under(sys, assets, out, sizeof out) == -1 && out[0] == '\0',
          "with no font anywhere text_find_font reports -1 and an empty path");
    snprintf(p, sizeof p, "%s/truetype/dejavu/DejaVuSans.ttf", sys);
    touch(p);
    rc = text_find_font_under(sys, assets, out, sizeof out);
    CHECK(rc == 0 && strcmp(out, p) == 0, "DejaVu Sans is found as a fallback (got %d %s)",
          rc, out);
    snprintf(p, sizeof p, "%s/fonts/Zzz.ttf", assets);
    touch(p);
    rc = text_find_font_under(sys, assets, out, sizeof out);
    CHECK(rc == 0 && strcmp(out, p) == 0, "a .ttf in assets/fonts beats the system "
          "fallbacks (got %d %s)", rc, out);
    snprintf(p, sizeof p, "%s/fonts/Andika-Regular.ttf", assets);
    touch(p);
    rc = text_find_font_under(sys, assets, out, sizeof out);
    CHECK(rc == 1 && strcmp(out, p) == 0, "an Andika in assets/fonts is the preferred "
          "font (got %d %s)", rc, out);
    snprintf(p, sizeof p, "%s/truetype/andika-new/AndikaNewBasic-B.ttf", sys);
    touch(p);
    snprintf(p, sizeof p, "%s/truetype/andika-new/AndikaNewBasic-R.ttf", sys);
    touch(p);
    rc = text_find_font_under(sys, assets, out, sizeof out);
    CHECK(rc == 1 && strcmp(out, p) == 0, "a system Andika under another name beats "
          "assets, and bold is passed over (got %d %s)", rc, out);
    CHECK(text_find_font_under(sys, assets, out, 8) != 1 || strlen(out) < 8,
          "a path longer than the output buffer is never written truncated");
    CHECK(text_find_font_under(sys, NULL, NULL, 0) == -1, "no output buffer gives -1");
}

static void test_find_system_font(char *path, size_t n)
{
    int rc = text_find_font(NULL, path, n);
    CHECK(rc >= 0, "a system font is found (fonts-sil-andika or fonts-dejavu-core)");
    if (rc == 1)
        CHECK(strstr(path, "ndika") != NULL, "the preferred font is an Andika (%s)", path);
    else
        printf("note: SIL Andika not installed, using fallback %s\n", path);
}

static void test_font_load_errors(void)
{
    char err[256];
    char notfont[600];
    unsigned char *junk = malloc(64);
    TextFont *f;

    f = text_font_load(TEST_TMP "/no/such/font.ttf", err, sizeof err);
    CHECK(f == NULL && strstr(err, "font.ttf") != NULL,
          "a missing font file fails with a message naming it (%s)", err);
    snprintf(notfont, sizeof notfont, "%s/text_notfont_%ld.ttf", TEST_TMP, (long)getpid());
    touch(notfont);
    f = text_font_load(notfont, err, sizeof err);
    CHECK(f == NULL && strstr(err, "not a usable") != NULL,
          "a file that is not a font fails with a message (%s)", err);
    remove(notfont);
    if (junk) {
        memset(junk, 0x5A, 64);
        CHECK(text_font_from_memory(junk, 64) == NULL,
              "garbage bytes are refused (and freed: ASan reports a leak otherwise)");
    }
    CHECK(text_font_from_memory(NULL, 10) == NULL, "NULL bytes are refused");
    CHECK(text_font_load(NULL, err, sizeof err) == NULL, "a NULL path is refused");
}

/* ---- layout ------------------------------------------------------------ */

static void test_scripts(const TextFont *f, const char *name)
{
    int t, i;
    for (t = 0; t < 3; t++) {
        TextLayout l;
        int zero = 0, greek = t == 2;
        size_t missing = text_font_missing(f, tales[t], strlen(tales[t]));
        CHECK(layout_str(f, tales[t], 32.0f, 0, 0, &l) == 0, "%s lays out '%s'", name,
              tales[t]);
        for (i = 0; i < l.nglyphs; i++)
            zero += l.glyphs[i].glyph == 0;
        CHECK(l.nglyphs > 0 && zero == 0, "every character of '%s' gets a glyph (own or "
              "U+FFFD) in %s (%d without)", tales[t], name, zero);
        if (greek && missing > 0 && strstr(name, "ndika"))
            printf("note: %s lacks %zu letters of the Greek '%s' (shown as U+FFFD)\n",
                   name, missing, tales[t]);
        else
            CHECK(missing == 0, "%s has its own glyph for every letter of '%s' (%zu "
                  "missing)", name, tales[t], missing);
        CHECK(l.nlines == 1 && l.height == l.line_height, "'%s' is one line without a "
              "width limit", tales[t]);
        text_layout_free(&l);
    }
    CHECK(text_font_missing(f, "a\xEA\xAF\x8D b", 6) == 1 && text_font_missing(f, " \n", 2) == 0,
          "text_font_missing counts a Meetei Mayek letter and not spaces");
}

static void test_metrics(const TextFont *f)
{
    TextLayout l;
    CHECK(layout_str(f, "Moon", 40.0f, 0, 0, &l) == 0, "a word lays out");
    CHECK(l.px == 40.0f && l.ascent > 20 && l.ascent < 60,
          "ascent is a plausible share of 40 px (%d)", l.ascent);
    CHECK(l.line_height >= 40 && l.line_height < 80, "line height is at least px (%d)",
          l.line_height);
    CHECK(l.width > 0 && l.width == (int)(text_measure(f, "Moon", 4, 40.0f) + 0.999f),
          "the box is as wide as the measured line, rounded up (%d)", l.width);
    text_layout_free(&l);
}

static void test_wrap_count(const TextFont *f)
{
    const char *text = "moon moon moon moon moon moon";
    float two = text_measure(f, "moon moon", 9, 30.0f);
    TextLayout l;
    int i, ok = 1;

    CHECK(layout_str(f, text, 30.0f, (int)two + 1, 0, &l) == 0, "six words lay out");
    CHECK(l.nlines == 3 && l.nglyphs == 24, "two words a line make 3 lines of 24 glyphs "
          "(%d lines, %d glyphs)", l.nlines, l.nglyphs);
    for (i = 0; i < 3; i++)
        ok &= glyphs_on_line(&l, i) == 8;
    CHECK(ok, "each line holds exactly two words");
    CHECK(l.height == 3 * l.line_height, "the box is three lines high");
    text_layout_free(&l);
    CHECK(layout_str(f, text, 30.0f, (int)two - 1, 0, &l) == 0 && l.nlines == 6,
          "one pixel less than two words makes 6 lines (%d)", l.nlines);
    text_layout_free(&l);
    CHECK(layout_str(f, "moon    moon\t moon", 30.0f, 0, 0, &l) == 0 &&
          l.width == (int)(text_measure(f, "moon moon moon", 14, 30.0f) + 0.999f),
          "runs of spaces and tabs collapse to one space");
    text_layout_free(&l);
}

/* Every line of every tale at several widths: within max_width and centred. */
static void test_width_and_centring(const TextFont *f)
{
    static const int widths[] = {120, 200, 333, 640};
    int t, w, line, too_wide = 0, off_centre = 0, box_wide = 0, layouts = 0;
    for (t = 0; t < NTALES; t++)
        for (w = 0; w < 4; w++) {
            TextLayout l;
            if (layout_str(f, tales[t], 28.0f, widths[w], 0, &l) != 0)
                continue;
            layouts++;
            box_wide += l.width > widths[w];
            for (line = 0; line < l.nlines; line++) {
                float lw = line_width(f, &l, tales[t], line);
                float x0 = first_x(&l, line);
                too_wide += lw > (float)widths[w] + 0.01f;
                off_centre += x0 < ((float)l.width - lw) / 2.0f - 0.51f ||
                              x0 > ((float)l.width - lw) / 2.0f + 0.51f;
            }
            text_layout_free(&l);
        }
    CHECK(layouts == NTALES * 4, "all tales lay out at all widths");
    CHECK(too_wide == 0, "no line is wider than max_width (%d are)", too_wide);
    CHECK(box_wide == 0, "no box is wider than max_width (%d are)", box_wide);
    CHECK(off_centre == 0, "every line is centred in the box (%d are not)", off_centre);
}

static void test_newlines(const TextFont *f)
{
    TextLayout l;
    CHECK(layout_str(f, "Good night\nmoon", 30.0f, 1000, 0, &l) == 0 && l.nlines == 2 &&
          l.glyphs[9].line == 1 && l.glyphs[9].cp == 'm' && l.glyphs[8].line == 0,
          "a newline starts a second line with 'moon'");
    text_layout_free(&l);
    CHECK(layout_str(f, "a\n\nb", 30.0f, 1000, 0, &l) == 0 && l.nlines == 3 &&
          l.nglyphs == 2 && l.glyphs[1].line == 2, "a blank line between is kept");
    text_layout_free(&l);
    CHECK(layout_str(f, "a\n", 30.0f, 1000, 0, &l) == 0 && l.nlines == 1,
          "a trailing newline adds no line");
    text_layout_free(&l);
    CHECK(layout_str(f, "a\r\nb", 30.0f, 1000, 0, &l) == 0 && l.nlines == 2 &&
          l.nglyphs == 2, "CRLF is one line break and draws nothing");
    text_layout_free(&l);
    CHECK(layout_str(f, "", 30.0f, 1000, 0, &l) == 0 && l.nlines == 0 && l.nglyphs == 0 &&
          l.width == 0 && l.height == 0, "empty text gives an empty box");
    text_layout_free(&l);
    CHECK(layout_str(f, "   ", 30.0f, 1000, 0, &l) == 0 && l.nlines == 0,
          "only spaces give no line");
    text_layout_free(&l);
}

static void test_long_word(const TextFont *f)
{
    const char *word = "Supercalifragilistic";
    int maxw = (int)text_measure(f, "Super", 5, 30.0f) + 1;
    TextLayout l;
    int i, in_order = 1, line, too_wide = 0;

    CHECK(layout_str(f, word, 30.0f, maxw, 0, &l) == 0, "a long word lays out");
    CHECK(l.nlines >= 3 && l.nglyphs == 20, "the word is broken over several lines and "
          "keeps all 20 letters (%d lines, %d glyphs)", l.nlines, l.nglyphs);
    for (i = 0; i < l.nglyphs; i++)
        in_order &= l.glyphs[i].byte == i && (i == 0 || l.glyphs[i].line >= l.glyphs[i - 1].line);
    CHECK(in_order, "the broken word's letters stay in order");
    CHECK(l.glyphs[0].line == 0 && glyphs_on_line(&l, 0) == 5,
          "the first line is exactly 'Super' (%d glyphs)", glyphs_on_line(&l, 0));
    for (line = 0; line < l.nlines; line++)
        too_wide += line_width(f, &l, word, line) > (float)maxw + 0.01f;
    CHECK(too_wide == 0, "no piece of the word is wider than the line");
    text_layout_free(&l);
    CHECK(layout_str(f, "Hi Supercalifragilistic", 30.0f, maxw, 0, &l) == 0 &&
          glyphs_on_line(&l, 0) == 2, "a long word after a short one starts a new line");
    text_layout_free(&l);
}

static void test_kerning(void)
{
    TextFont *f = text_font_load(DEJAVU, NULL, 0);
    stbtt_fontinfo info;
    unsigned char *data;
    long size;
    FILE *fp;
    TextLayout l;

    if (!f) {
        CHECK_SKIP("%s missing: the kerning test needs fonts-dejavu-core", DEJAVU);
        return;
    }
    fp = fopen(DEJAVU, "rb");
    fseek(fp, 0, SEEK_END);
    size = ftell(fp);
    rewind(fp);
    data = malloc((size_t)size);
    if (data && fread(data, 1, (size_t)size, fp) == (size_t)size &&
        stbtt_InitFont(&info, data, 0) && stbtt_GetCodepointKernAdvance(&info, 'A', 'V') < 0) {
        float av = text_measure(f, "AV", 2, 60.0f);
        float a = text_measure(f, "A", 1, 60.0f), v = text_measure(f, "V", 1, 60.0f);
        CHECK(av < a + v - 1.0f, "kerning pulls 'AV' together (%.2f < %.2f + %.2f)", av, a, v);
        CHECK(layout_str(f, "AV", 60.0f, 0, 0, &l) == 0 &&
              l.glyphs[1].x - l.glyphs[0].x < a - 1.0f,
              "the V of a laid-out 'AV' is placed closer than A's advance");
        text_layout_free(&l);
    } else {
        CHECK_SKIP("DejaVu Sans has no A-V kerning here: the kerning test cannot run");
    }
    free(data);
    fclose(fp);
    text_font_free(f);
}

static void test_byte_offsets(const TextFont *f)
{
    /* "Bär ночи": B ä r, space, н о ч и */
    static const int bytes[] = {0, 1, 3, 5, 7, 9, 11};
    static const uint32_t cps[] = {'B', 0xE4, 'r', 0x43D, 0x43E, 0x447, 0x438};
    TextLayout l;
    int i, ok = 1;
    CHECK(layout_str(f, "B\xC3\xA4r \xD0\xBD\xD0\xBE\xD1\x87\xD0\xB8", 30.0f, 0, 0, &l) == 0 &&
          l.nglyphs == 7, "'Bär ночи' gives 7 glyphs (spaces are not glyphs)");
    for (i = 0; i < l.nglyphs && i < 7; i++)
        ok &= l.glyphs[i].byte == bytes[i] && l.glyphs[i].cp == cps[i];
    CHECK(ok, "each glyph keeps its code point and the byte offset of its character");
    for (i = 1; i < l.nglyphs; i++)
        ok &= l.glyphs[i].x > l.glyphs[i - 1].x;
    CHECK(ok, "pen positions increase along the line");
    text_layout_free(&l);
}

static void test_ellipsis(const TextFont *f)
{
    const char *text = tales[3];
    TextLayout l;
    const TextGlyph *last;
    int too_wide = 1;

    CHECK(layout_str(f, text, 28.0f, 200, 2, &l) == 0, "a long tale lays out in 2 lines");
    last = l.nglyphs ? &l.glyphs[l.nglyphs - 1] : NULL;
    CHECK(l.nlines == 2 && l.truncated == 1 && l.height == 2 * l.line_height,
          "the tale is cut to 2 lines and marked truncated");
    CHECK(last && last->line == 1 &&
          (last->cp == 0x2026 || (last->cp == '.' && !text_font_has(f, 0x2026))),
          "the last line ends with an ellipsis");
    CHECK(last && last->byte > 0 && last->byte < (int)strlen(text) &&
          last->byte > l.glyphs[l.nglyphs - 2].byte,
          "the ellipsis carries the byte of the first hidden character");
    if (last) {
        const char *ell = last->cp == 0x2026 ? "\xE2\x80\xA6" : ".";
        float end = last->x + text_measure(f, ell, strlen(ell), l.px);
        too_wide = end > (float)l.width + 0.01f;
    }
    CHECK(l.width <= 200 && too_wide == 0, "the ellipsis line still fits in max_width");
    text_layout_free(&l);
    CHECK(layout_str(f, "Sleep", 28.0f, 200, 2, &l) == 0 && l.truncated == 0 &&
          l.nglyphs == 5, "text that fits is not truncated");
    text_layout_free(&l);
    CHECK(layout_str(f, "one\ntwo\nthree", 28.0f, 0, 2, &l) == 0 && l.truncated == 1 &&
          l.nlines == 2, "max_lines also cuts at newlines");
    text_layout_free(&l);
}

static void test_bad_input(const TextFont *f)
{
    const char bad[] = "\xFF\xFE ab \xC0\x80 \xED\xA0\x80 z\xF4\x90";
    TextLayout l;
    int i, repl = 0;

    CHECK(text_layout(f, bad, sizeof bad - 1, 30.0f, 100, 0, &l) == 0,
          "invalid UTF-8 lays out without failing");
    for (i = 0; i < l.nglyphs; i++)
        repl += l.glyphs[i].cp == 0xFFFD;
    CHECK(repl == 9 && l.nglyphs == 12, "each bad byte becomes one U+FFFD (%d of %d)", repl,
          l.nglyphs);
    text_layout_free(&l);
    CHECK(text_layout(NULL, "a", 1, 30.0f, 0, 0, &l) == -1 && l.glyphs == NULL,
          "no font gives -1 and a zeroed layout");
    CHECK(text_layout(f, "a", 1, 0.0f, 0, 0, &l) == -1, "px 0 is refused");
    CHECK(text_layout(f, "a", 1, 1e9f, 0, 0, &l) == -1, "absurd px is refused");
    CHECK(text_layout(f, NULL, 0, 30.0f, 0, 0, &l) == 0 && l.nglyphs == 0,
          "NULL text of length 0 is empty");
    text_layout_free(&l);
    CHECK(layout_str(f, "abc", 30.0f, 1, 0, &l) == 0 && l.nlines == 3,
          "a 1-pixel width puts one character on each line");
    text_layout_free(&l);
}

static void test_fit(const TextFont *f)
{
    const char *text = tales[3];
    TextLayout l, bigger;
    int lines_fit;

    CHECK(text_fit(f, text, strlen(text), 10.0f, 80.0f, 300, 120, &l) == 0, "fit succeeds");
    CHECK(l.width <= 300 && l.height <= 120 && !l.truncated && l.px >= 10.0f,
          "the fitted layout fits in 300 x 120 (%d x %d at %.0f px)", l.width, l.height, l.px);
    CHECK(layout_str(f, text, l.px + 1.0f, 300, 0, &bigger) == 0 &&
          (bigger.height > 120 || bigger.width > 300), "one pixel larger no longer fits");
    text_layout_free(&bigger);
    text_layout_free(&l);
    CHECK(text_fit(f, "Hush", 4, 10.0f, 50.0f, 1000, 1000, &l) == 0 && l.px == 50.0f,
          "a short word gets max_px when there is room");
    text_layout_free(&l);
    CHECK(text_fit(f, text, strlen(text), 40.0f, 80.0f, 200, 100, &l) == 0, "fit of an "
          "impossible box still succeeds");
    lines_fit = 100 / l.line_height;
    CHECK(l.px == 40.0f && l.truncated && l.nlines == (lines_fit > 0 ? lines_fit : 1),
          "it gives the min_px layout cut to the lines that fit (%d lines)", l.nlines);
    text_layout_free(&l);
}

/* ---- rendering --------------------------------------------------------- */

static void test_render_box(const TextFont *f)
{
    const char *text = "Gute Nacht";
    TextLayout l;
    int w, h, m = 30;
    uint8_t *a;
    long inside, outside;

    if (layout_str(f, text, 40.0f, 0, 0, &l) != 0)
        return;
    w = l.width + 2 * m;
    h = l.height + 2 * m;
    a = calloc((size_t)w * (size_t)h, 1);
    if (!a)
        return;
    text_render(f, &l, a, w, h, w, m, m);
    inside = coverage(a, w, m, m, m + l.width, m + l.height);
    outside = coverage(a, w, 0, 0, w, h) - coverage(a, w, m - 2, m - 2, m + l.width + 2,
                                                     m + l.height + 2);
    CHECK(inside > 255 * 100, "the text puts plenty of ink inside its box (%ld)", inside);
    CHECK(outside == 0, "nothing is drawn more than 2 px outside the box (%ld)", outside);
    CHECK(coverage(a, w, m, m, m + l.width, m + l.ascent / 4) <
              coverage(a, w, m, m + l.ascent / 2, m + l.width, m + l.ascent),
          "ink sits on the baseline: more just above the baseline than at the very top");
    {
        uint8_t *b = malloc((size_t)w * (size_t)h);
        if (b) {
            memcpy(b, a, (size_t)w * (size_t)h);
            text_render(f, &l, a, w, h, w, m, m);
            CHECK(memcmp(a, b, (size_t)w * (size_t)h) == 0,
                  "drawing twice changes nothing: coverage is max'ed, not added");
            free(b);
        }
    }
    memset(a, 255, (size_t)w * (size_t)h);
    text_render(f, &l, a, w, h, w, m, m);
    CHECK(coverage(a, w, 0, 0, w, h) == 255L * w * h, "a full buffer stays full");
    free(a);
    text_layout_free(&l);
}

static void test_render_range(const TextFont *f)
{
    const char *text = "Gute Nacht";
    TextLayout l;
    int w, h, split;
    uint8_t *a, *b;

    if (layout_str(f, text, 40.0f, 0, 0, &l) != 0)
        return;
    w = l.width + 20;
    h = l.height + 20;
    a = calloc((size_t)w * (size_t)h, 1);
    b = calloc((size_t)w * (size_t)h, 1);
    if (a && b) {
        split = 10 + (int)l.glyphs[4].x; /* left edge of 'N' */
        text_render_range(f, &l, a, w, h, w, 10, 10, 5, 10);
        CHECK(coverage(a, w, 0, 0, split - 2, h) == 0,
              "highlighting 'Nacht' draws nothing over 'Gute'");
        CHECK(coverage(a, w, split, 0, w, h) > 255 * 50, "highlighting 'Nacht' draws it");
        text_render_range(f, &l, b, w, h, w, 10, 10, 0, 4);
        CHECK(coverage(b, w, split + 2, 0, w, h) == 0 && coverage(b, w, 0, 0, split, h) > 0,
              "highlighting 'Gute' draws only 'Gute'");
        text_render_range(f, &l, b, w, h, w, 10, 10, 5, 10);
        memset(a, 0, (size_t)w * (size_t)h);
        text_render(f, &l, a, w, h, w, 10, 10);
        CHECK(memcmp(a, b, (size_t)w * (size_t)h) == 0,
              "the two halves together draw exactly the whole text");
        memset(b, 0, (size_t)w * (size_t)h);
        text_render_range(f, &l, b, w, h, w, 10, 10, 3, 3);
        CHECK(coverage(b, w, 0, 0, w, h) == 0, "an empty range draws nothing");
    }
    free(a);
    free(b);
    text_layout_free(&l);
}

/* Offsets and sizes from the absurd to the ordinary, with guard bytes in the
 * row padding and around the buffer. */
static void test_render_bounds(const TextFont *f)
{
    static const int sizes[][2] = {{1, 1}, {3, 2}, {17, 5}, {64, 64}, {300, 90}};
    static const int offs[][2] = {{0, 0}, {-5, -5}, {-10000, 3}, {2, -10000},
                                  {5, 40}, {250, 60}, {-2147483647 - 1, -2147483647 - 1},
                                  {2147483647, 2147483647}, {-30, 10}, {1, 1}};
    TextLayout l;
    int s, o, guard_hits = 0;

    if (layout_str(f, "Gute Nacht,\nkleiner B\xC3\xA4r", 48.0f, 0, 0, &l) != 0)
        return;
    for (s = 0; s < 5; s++)
        for (o = 0; o < 10; o++) {
            int w = sizes[s][0], h = sizes[s][1], stride = w + 3, pad = 64, x, y;
            size_t total = (size_t)stride * (size_t)h + 2 * (size_t)pad;
            uint8_t *mem = calloc(total, 1), *a;
            if (!mem)
                continue;
            a = mem + pad;
            text_render(f, &l, a, w, h, stride, offs[o][0], offs[o][1]);
            text_render_range(f, &l, a, w, h, stride, offs[o][0], offs[o][1], 0, 100);
            for (x = 0; x < pad; x++)
                guard_hits += mem[x] != 0 || mem[total - 1 - (size_t)x] != 0;
            for (y = 0; y < h; y++)
                for (x = w; x < stride; x++)
                    guard_hits += a[(size_t)y * (size_t)stride + (size_t)x] != 0;
            free(mem);
        }
    CHECK(guard_hits == 0, "no size or offset writes outside the w x h area (%d bytes)",
          guard_hits);
    {
        uint8_t one = 0;
        text_render(f, &l, NULL, 10, 10, 10, 0, 0);
        text_render(f, &l, &one, 0, 0, 0, 0, 0);
        text_render(f, &l, &one, 1, 1, 0, 0, 0);
        text_render(NULL, &l, &one, 1, 1, 1, 0, 0);
        text_render(f, NULL, &one, 1, 1, 1, 0, 0);
        CHECK(one == 0, "NULL or empty arguments and a stride below w draw nothing");
    }
    text_layout_free(&l);
}

static void run_font_tests(const char *path)
{
    char err[512];
    TextFont *f = text_font_load(path, err, sizeof err);
    CHECK(f != NULL, "the font %s loads (%s)", path, f ? "ok" : err);
    if (!f)
        return;
    printf("font: %s\n", path);
    test_scripts(f, path);
    test_metrics(f);
    test_wrap_count(f);
    test_width_and_centring(f);
    test_newlines(f);
    test_long_word(f);
    test_byte_offsets(f);
    test_ellipsis(f);
    test_bad_input(f);
    test_fit(f);
    test_render_box(f);
    test_render_range(f);
    test_render_bounds(f);
    text_font_free(f);
}

int main(void)
{
    char path[1024];
    test_find_font_order();
    test_font_load_errors();
    test_find_system_font(path, sizeof path);
    if (path[0])
        run_font_tests(path);
    if (strcmp(path, DEJAVU) != 0 && access(DEJAVU, R_OK) == 0)
        run_font_tests(DEJAVU);
    test_kerning();
    CHECK_DONE();
}
