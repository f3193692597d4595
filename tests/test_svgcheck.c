/* SVG scanner: drawings with a zero, negative or absurd size are refused,
 * elements, shapes and points are counted (comments and CDATA skipped), the
 * limits hold at their edges, absurdly thick strokes are refused, the
 * bundled story's drawings are accepted, and no input is read past its end. */
#include "check.h"
#include "svgcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static SvgCheckStatus scan(const char *s, SvgCheckCounts *c)
{
    return svgcheck_scan((const unsigned char *)s, strlen(s), c);
}

static void test_sizes(void)
{
    static const struct { const char *svg; SvgCheckStatus want; const char *what; } cases[] = {
        { "<svg width='-5' height='10'/>", SVGCHECK_BAD_SIZE, "a negative width" },
        { "<svg width='0' height='10'/>", SVGCHECK_BAD_SIZE, "a zero width" },
        { "<svg width='10' height='0px'/>", SVGCHECK_BAD_SIZE, "a zero height in px" },
        { "<svg viewBox='0 0 0 0'/>", SVGCHECK_BAD_SIZE, "a viewBox of no size" },
        { "<svg viewBox='0 0 -100 50'/>", SVGCHECK_BAD_SIZE, "a viewBox of negative width" },
        { "<svg viewBox='0,0,100'/>", SVGCHECK_BAD_SIZE, "a viewBox of three numbers" },
        { "<svg width='1e9' height='10'/>", SVGCHECK_BAD_SIZE, "an absurd width (1e9)" },
        { "<svg width='0%' height='10'/>", SVGCHECK_BAD_SIZE, "a width of 0%" },
        { "<svg width='100%' height='100%' viewBox='0 0 800 600'/>", SVGCHECK_OK,
          "percentages with a good viewBox" },
        /* nanosvg would size these from what they draw, which can be
           nothing, and SDL_image 2.6 then leaks the parsed drawing */
        { "<svg xmlns='http://www.w3.org/2000/svg'/>", SVGCHECK_NO_SIZE, "no size at all" },
        { "<svg width='10'/>", SVGCHECK_NO_SIZE, "a width without a height" },
        { "<svg height='10'><rect width='5' height='5'/></svg>", SVGCHECK_NO_SIZE,
          "a height without a width, even with a shape" },
        { "<svg width='50%' height='50%'/>", SVGCHECK_NO_SIZE,
          "percentages without a viewBox (a percentage of nothing)" },
        { "<svg><path d='M0 0'/></svg>", SVGCHECK_NO_SIZE, "a path of one point and no size" },
        { "hello, this text mentions <svg and is not a drawing", SVGCHECK_NO_SIZE,
          "text that only mentions <svg" },
        { "", SVGCHECK_NO_SIZE, "nothing at all" },
        { "<svg width='10' height='10'/>", SVGCHECK_OK, "a width and a height" },
        { "<svg viewBox='0 0 10 10'/>", SVGCHECK_OK, "a viewBox alone" },
        { "<svg width='3in' viewBox='0 0 10 20'/>", SVGCHECK_OK,
          "a width with a viewBox (the height comes from it)" },
        { "<svg width='8em' height='2em'/>", SVGCHECK_OK, "sizes in em" },
        { "<svg width='8cm' height='6cm'><svg width='0'/></svg>", SVGCHECK_OK,
          "a zero-sized inner <svg> (only the root's size matters)" },
        { "<svg:svg width='-1' height='2'/>", SVGCHECK_BAD_SIZE, "a prefixed root tag" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SvgCheckCounts c;
        SvgCheckStatus st = scan(cases[i].svg, &c);
        CHECK(st == cases[i].want, "%s gives verdict %d (got %d)", cases[i].what,
              (int)cases[i].want, (int)st);
    }
    SvgCheckCounts c;
    char words[200];
    scan("<svg width='-5' height='10'/>", &c);
    svgcheck_describe(SVGCHECK_BAD_SIZE, &c, words, sizeof words);
    CHECK(strstr(words, "width") != NULL, "the refusal names the attribute (%s)", words);
    scan("<svg width='10'/>", &c);
    svgcheck_describe(SVGCHECK_NO_SIZE, &c, words, sizeof words);
    CHECK(strstr(words, "height") != NULL && strstr(words, "viewBox") != NULL,
          "a missing size names the side and says how to give it (%s)", words);
    scan("<svg width='0' height='0'/>", &c);
    CHECK(strcmp(c.bad_attr, "width") == 0, "the first bad attribute is named (%s)",
          c.bad_attr);
}

static void test_counts(void)
{
    SvgCheckCounts c;
    const char *svg =
        "<?xml version='1.0'?><!-- <path d='1 2 3 4 5 6'/> not drawn -->"
        "<svg viewBox='0 0 100 50'><g><path d='M1,2 L3-4 .5.5 1e2 3'/>"
        "<polyline points='0,0 10,10 20,0'/><![CDATA[ <circle/> ]]>"
        "<rect width='5' height='5' style='fill:red;stroke-width: 7'/>"
        "<circle r='3' stroke-width='9'/><text>hello</text></g></svg>";
    CHECK(scan(svg, &c) == SVGCHECK_OK, "an ordinary drawing is accepted");
    CHECK(c.elements == 7, "elements counted outside comments and CDATA: 7 (got %ld)",
          c.elements);
    CHECK(c.shapes == 4, "shapes: path, polyline, rect, circle (got %ld)", c.shapes);
    /* path: 1 2 3 -4 .5 .5 1e2 3 = 8 numbers = 4 points; polyline 6 numbers = 3 */
    CHECK(c.points == 7, "points from d= (signs and dots split numbers) and points= (got %ld)",
          c.points);
    CHECK_NEAR(c.stroke_max, 9, 1e-9, "the widest stroke, from attribute or style (got %g)",
               c.stroke_max);
    CHECK_NEAR(c.canvas, 100, 1e-9, "the canvas is the viewBox's larger side");
}

/* The scan reads tags as nanosvg does, so nothing drawn hides from it: a
 * comment or CDATA ends (for nanosvg) at its first '>', a space may follow
 * the '<', and a stylesheet's class rules are strokes too. */
static void test_as_drawn(void)
{
    SvgCheckCounts c;
    char *big = malloc(200000);
    int n = sprintf(big, "<svg width='100' height='100'><!-- > ");
    for (int i = 0; i < 200; i++)
        n += sprintf(big + n, "<circle r='50' cx='50' cy='50'/>");
    sprintf(big + n, " --></svg>");
    CHECK(scan(big, &c) == SVGCHECK_TOO_COMPLEX && c.shapes == 200,
          "shapes after a comment's first '>' are drawn, and counted (%ld)", c.shapes);
    n = sprintf(big, "<svg width='100' height='100'><![CDATA[ > ");
    for (int i = 0; i < 200; i++)
        n += sprintf(big + n, "<rect width='9' height='9'/>");
    sprintf(big + n, " ]]></svg>");
    CHECK(scan(big, &c) == SVGCHECK_TOO_COMPLEX, "and after CDATA's first '>' (%ld)", c.shapes);
    n = sprintf(big, "<svg width='100' height='100'>< polyline points='");
    for (int i = 0; i < 3000; i++)
        n += sprintf(big + n, "%d,%d ", i % 100, (i * 7) % 100);
    sprintf(big + n, "'/></svg>");
    CHECK(scan(big, &c) == SVGCHECK_TOO_COMPLEX && c.points >= 3000,
          "a space after '<' still makes a polyline of 3000 points (%ld)", c.points);
    free(big);
    CHECK(scan("<svg width='100' height='100'><style>.k{stroke:#fff; stroke-dasharray :0.001}"
               "</style><polyline class='k' points='0,0 100,100 0,100 100,0'/></svg>", &c) ==
              SVGCHECK_TOO_DASHED && c.dash_min > 0 && c.dash_min < 0.01,
          "a stylesheet's dash is seen (%g)", c.dash_min);
    CHECK(scan("<svg width='100' height='100'><style>.w { stroke-width: 100000 }</style>"
               "<rect class='w' width='5' height='5'/></svg>", &c) == SVGCHECK_TOO_THICK,
          "a stylesheet's stroke width is seen (%g)", c.stroke_max);
    CHECK(scan("<svg width='100' height='100'><rect width='5' height='5' "
               "stroke-dasharray='4 2'/></svg>", &c) == SVGCHECK_OK && c.dash_min == 6,
          "an attribute's dash is read as before (%g)", c.dash_min);
}

/* A drawing of n shapes each with a path of pts points. */
static char *drawing(int n, int pts, const char *stroke)
{
    size_t cap = 200 + (size_t)n * (80 + (size_t)pts * 8);
    char *s = malloc(cap);
    size_t k = (size_t)snprintf(s, cap, "<svg width='800' height='600'>");
    for (int i = 0; i < n; i++) {
        k += (size_t)snprintf(s + k, cap - k, "<path stroke-width='%s' d='M0 0", stroke);
        for (int p = 1; p < pts; p++)
            k += (size_t)snprintf(s + k, cap - k, " %d %d", p % 800, p % 600);
        k += (size_t)snprintf(s + k, cap - k, "'/>");
    }
    snprintf(s + k, cap - k, "</svg>");
    return s;
}

/* A drawing of n circles. */
static char *circles(int n)
{
    size_t cap = 64 + (size_t)n * 40;
    char *s = malloc(cap);
    size_t k = (size_t)snprintf(s, cap, "<svg width='800' height='600'>");
    for (int i = 0; i < n; i++)
        k += (size_t)snprintf(s + k, cap - k, "<circle r='%d'/>", i);
    snprintf(s + k, cap - k, "</svg>");
    return s;
}

static void test_limits(void)
{
    SvgCheckCounts c;
    char words[200];
    /* One path: one shape plus its points' share of the work. */
    int one_path = SVGCHECK_MAX_POINTS - SVGCHECK_POINTS_PER_SHAPE;
    char *s = drawing(1, one_path + SVGCHECK_POINTS_PER_SHAPE - 1, "10");
    CHECK(scan(s, &c) == SVGCHECK_OK, "one path of %ld points is accepted", c.points);
    free(s);
    s = drawing(1, one_path + SVGCHECK_POINTS_PER_SHAPE, "10");
    CHECK(scan(s, &c) == SVGCHECK_TOO_COMPLEX, "%d more points are too complex",
          SVGCHECK_POINTS_PER_SHAPE);
    svgcheck_describe(SVGCHECK_TOO_COMPLEX, &c, words, sizeof words);
    CHECK(strstr(words, "points") != NULL, "and the words say points (%s)", words);
    free(s);
    s = circles(SVGCHECK_MAX_SHAPES);
    CHECK(scan(s, &c) == SVGCHECK_OK, "%d circles are accepted", SVGCHECK_MAX_SHAPES);
    free(s);
    s = circles(SVGCHECK_MAX_SHAPES + 1);
    CHECK(scan(s, &c) == SVGCHECK_TOO_COMPLEX, "one shape more is too complex");
    svgcheck_describe(SVGCHECK_TOO_COMPLEX, &c, words, sizeof words);
    CHECK(strstr(words, "shapes") != NULL, "and the words say shapes (%s)", words);
    free(s);
    s = drawing(SVGCHECK_MAX_SHAPES / 2, SVGCHECK_MAX_POINTS / 2 / (SVGCHECK_MAX_SHAPES / 2) + 1,
                "10");
    CHECK(scan(s, &c) == SVGCHECK_TOO_COMPLEX,
          "half the shapes holding over half the points is too much in all (%ld shapes, "
          "%ld points)", c.shapes, c.points);
    free(s);
    s = drawing(1, 100, "1600");
    CHECK(scan(s, &c) == SVGCHECK_OK, "a stroke twice the canvas is still drawn");
    free(s);
    s = drawing(1, 100, "1e6");
    CHECK(scan(s, &c) == SVGCHECK_TOO_THICK, "a stroke a million wide on 800 is refused");
    free(s);
    size_t n = (SVGCHECK_MAX_ELEMENTS + 1) * 4 + 64;
    s = malloc(n);
    size_t k = (size_t)snprintf(s, n, "<svg>");
    for (int i = 0; i < SVGCHECK_MAX_ELEMENTS; i++)
        k += (size_t)snprintf(s + k, n - k, "<g>");
    CHECK(scan(s, &c) == SVGCHECK_TOO_COMPLEX, "more than %d elements are too complex",
          SVGCHECK_MAX_ELEMENTS);
    free(s);
}

/* A drawing over the size cap is refused unread; one just under is scanned. */
static void test_big(void)
{
    size_t n = SVGCHECK_MAX_BYTES + 1;
    char *s = malloc(n);
    const char *head = "<svg width='10' height='10'><!--", *tail = "--></svg>";
    memset(s, ' ', n);
    memcpy(s, head, strlen(head));
    memcpy(s + n - strlen(tail), tail, strlen(tail));
    SvgCheckCounts c;
    char words[200];
    CHECK(svgcheck_scan((const unsigned char *)s, n, &c) == SVGCHECK_TOO_BIG,
          "a drawing of %zu bytes (one over %d MiB) is refused", n, LIMIT_DRAWING_MIB);
    svgcheck_describe(SVGCHECK_TOO_BIG, &c, words, sizeof words);
    CHECK(strstr(words, "8.1 MB") && strstr(words, "at most 8 MB"),
          "the refusal gives its size, rounded up, and the cap (%s)", words);
    memcpy(s + n - 1 - strlen(tail), tail, strlen(tail));
    CHECK(svgcheck_scan((const unsigned char *)s, n - 1, &c) == SVGCHECK_OK,
          "one byte less, a drawing of mostly a comment is scanned and accepted");
    free(s);
}

/* Dashes: a pattern too fine to draw is found (as an attribute or in a
 * style), one of ordinary size is not, and undash makes them plain lines
 * at the same length. */
static void test_dashes(void)
{
    SvgCheckCounts c;
    char fine[] = "<svg width='8000' height='8000'><path stroke-dasharray='0.0001' "
                  "d='M0 0 L8000 8000 L0 8000 L8000 0'/></svg>";
    CHECK(scan(fine, &c) == SVGCHECK_TOO_DASHED && c.dash_min == 0.0002,
          "a dash of 0.0001 (period 0.0002: an odd list is doubled) on 8000 is too fine "
          "(%g, %g dashes)", c.dash_min, c.dashes);
    CHECK(svgcheck_undash((unsigned char *)fine, strlen(fine)) == 1 &&
              scan(fine, &c) == SVGCHECK_OK && strstr(fine, "stroke-nodashing='0.0001'"),
          "undashed, the same drawing is drawn with plain lines");
    char styled[] = "<svg viewBox='0 0 800 600'><rect width='5' height='5' "
                    "style='fill:none;stroke-dasharray: 0.01px, 0.01px;stroke-width:2'/></svg>";
    CHECK(scan(styled, &c) == SVGCHECK_TOO_DASHED && c.stroke_max == 2,
          "a fine dash in a style is found, and the stroke's width beside it still read");
    CHECK(svgcheck_undash((unsigned char *)styled, strlen(styled)) == 1 &&
              scan(styled, &c) == SVGCHECK_OK,
          "and undashed the same way");
    CHECK(scan("<svg width='800' height='600'><path stroke-dasharray='8 4' d='M0 0 L800 600'/>"
               "</svg>", &c) == SVGCHECK_OK && c.dash_min == 12,
          "an ordinary dashed line is drawn dashed (period %g)", c.dash_min);
    CHECK(scan("<svg width='800' height='600'><path stroke-dasharray='none' d='M0 0 L8 6'/>"
               "</svg>", &c) == SVGCHECK_OK && c.dash_min == 0,
          "'none' is no dashing");
}

/* Every prefix of a drawing, in a heap buffer of exactly its size. */
static void test_prefixes(void)
{
    const char *svg = "<svg width='80' viewBox='0 0 80 60'><!-- c --><path d='M1 2 3 4' "
                      "style='stroke-width:3'/><![CDATA[x]]><polygon points='1,2'/></svg>";
    size_t n = strlen(svg);
    int odd = 0;
    for (size_t k = 0; k <= n; k++) {
        unsigned char *copy = malloc(k ? k : 1);
        memcpy(copy, svg, k);
        SvgCheckCounts c;
        SvgCheckStatus st = svgcheck_scan(copy, k, &c);
        odd += st != SVGCHECK_OK && st != SVGCHECK_BAD_SIZE && st != SVGCHECK_NO_SIZE;
        free(copy);
    }
    CHECK(odd == 0, "every prefix scans within its bytes (a cut viewBox may read as bad, a "
                    "cut root tag as having no size)");
    SvgCheckCounts c;
    CHECK(svgcheck_scan(NULL, 0, &c) == SVGCHECK_NO_SIZE && c.elements == 0,
          "no bytes: nothing counted, and no size");
}

/* The drawings the project ships must stay accepted. */
/* A copy stopped short is drawn in part, and said: the file ends inside a
 * tag, a comment or CDATA, or with its <svg> still open. A drawing that ends
 * properly is not cut (a self-closed root, nested <svg>s, a comment after). */
static void test_cut(void)
{
    static const struct { const char *svg; int cut; const char *what; } cases[] = {
        { "<svg width='9' height='9'><rect width='5' height='5'/></svg>", 0, "a whole drawing" },
        { "<svg width='9' height='9'/>", 0, "a self-closed root" },
        { "<svg:svg width='9' height='9'><svg:rect width='5' height='5'/></svg:svg>\n", 0,
          "a prefixed root, closed" },
        { "<svg width='9' height='9'><svg width='2' height='2'></svg></svg><!-- end -->", 0,
          "a nested <svg>, both closed, a comment after" },
        { "<svg width='9' height='9'><rect width='5' height='5'/><circle cx='5' cy", 1,
          "ends inside a tag" },
        { "<svg width='9' height='9'><rect width='5' height='5'/>", 1, "its <svg> never closed" },
        { "<svg width='9' height='9'><svg width='2' height='2'></svg>", 1,
          "a nested <svg> closed, the root not" },
        { "<svg width='9' height='9'><!-- a note", 1, "ends inside a comment" },
        { "<svg width='9' height='9'><style><![CDATA[ rect {", 1, "ends inside CDATA" },
        { "<svg width='9' height='9'></sv", 1, "ends inside its end tag" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        SvgCheckCounts c;
        SvgCheckStatus st = scan(cases[i].svg, &c);
        CHECK(st == SVGCHECK_OK && c.cut == cases[i].cut, "%s: %s (status %d, cut %d)",
              cases[i].what, cases[i].cut ? "cut short" : "whole", (int)st, c.cut);
    }
    /* Too small to draw: nanosvg's floats give up under SVGCHECK_MIN_SIZE. */
    static const char *small[] = { "<svg viewBox='0 0 1e-30 1e-30'/>",
                                   "<svg viewBox='0 0 100 0.0001'/>",
                                   "<svg width='1e-40' height='10'/>" };
    for (size_t i = 0; i < sizeof small / sizeof *small; i++) {
        SvgCheckCounts c;
        char words[200];
        CHECK(scan(small[i], &c) == SVGCHECK_BAD_SIZE && c.too_small,
              "%s is too small to draw", small[i]);
        svgcheck_describe(SVGCHECK_BAD_SIZE, &c, words, sizeof words);
        CHECK(strstr(words, "too small to draw"), "and is said to be: %s", words);
    }
    SvgCheckCounts c;
    CHECK(scan("<svg viewBox='0 0 0.01 0.01'/>", &c) == SVGCHECK_OK,
          "a viewBox of 0.01 is small but drawn");
}

static void test_bundled(void)
{
    static const char *const files[] = {
        "stories/moon-says-goodnight/01-moon-rises.svg",
        "stories/moon-says-goodnight/02-hills-and-trees.svg",
        "stories/moon-says-goodnight/03-owl.svg",
        "stories/moon-says-goodnight/04-boat.svg",
        "stories/moon-says-goodnight/05-bunny-in-bed.svg",
        "stories/moon-says-goodnight/06-sleep.svg",
        "assets/reassurance/picture.svg",
        "assets/placeholder.svg",
        "assets/icon.svg",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/../../%s", TEST_DATA, files[i]);
        FILE *f = fopen(path, "rb");
        CHECK(f != NULL, "the bundled %s can be read", files[i]);
        if (!f)
            continue;
        static unsigned char buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        SvgCheckCounts c;
        CHECK(svgcheck_scan(buf, n, &c) == SVGCHECK_OK,
              "the bundled %s is accepted (%ld shapes, %ld points)", files[i], c.shapes,
              c.points);
    }
}

int main(void)
{
    test_cut();
    test_as_drawn();
    test_sizes();
    test_counts();
    test_limits();
    test_prefixes();
    test_big();
    test_dashes();
    test_bundled();
    CHECK_DONE();
}
