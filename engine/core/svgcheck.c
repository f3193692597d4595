/* svgcheck — a bounded pass over an SVG's bytes (see svgcheck.h).
 *
 * Not an XML parser: it only needs to find start tags, their names and their
 * quoted attributes, skipping comments, CDATA and declarations. Every loop
 * moves forward through the buffer, so the whole pass is linear in the
 * length; malformed markup simply ends the scan (nanosvg would then draw
 * little or nothing, which is cheap). */
#include "svgcheck.h"
#include "ascii.h"
#include "i18n.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct { const unsigned char *p; size_t n; } SvgSpan;

static int svg_name_char(unsigned char c)
{
    return ascii_isalnum(c) || c == '-' || c == '_' || c == ':' || c == '.';
}


static int svg_is(SvgSpan s, const char *word)
{
    size_t n = strlen(word);
    return s.n == n && memcmp(s.p, word, n) == 0;
}

/* Index of the first occurrence of needle at or after i, or len. */
static size_t svg_find(const unsigned char *b, size_t len, size_t i, const char *needle)
{
    size_t n = strlen(needle);
    for (; i + n <= len; i++)
        if (b[i] == (unsigned char)needle[0] && memcmp(b + i, needle, n) == 0)
            return i;
    return len;
}

/* A number (sign, digits, fraction, exponent) at the start of s, after white
 * space and commas; advances s. -1 when there is none. Large values are
 * clamped rather than overflowed. */
static int svg_number(SvgSpan *s, double *out)
{
    size_t i = 0;
    int digits = 0, neg = 0, ex = 0, exneg = 0;
    double v = 0, scale = 1;
    while (i < s->n && (ascii_isxmlspace(s->p[i]) || s->p[i] == ','))
        i++;
    if (i < s->n && (s->p[i] == '-' || s->p[i] == '+'))
        neg = s->p[i++] == '-';
    for (; i < s->n && ascii_isdigit(s->p[i]); i++, digits++)
        v = v < 1e300 / 10 ? v * 10 + (s->p[i] - '0') : v;
    if (i < s->n && s->p[i] == '.')
        for (i++; i < s->n && ascii_isdigit(s->p[i]); i++, digits++)
            v += (s->p[i] - '0') * (scale /= 10);
    if (digits == 0)
        return -1;
    if (i + 1 < s->n && (s->p[i] == 'e' || s->p[i] == 'E') &&
        (ascii_isdigit(s->p[i + 1]) || s->p[i + 1] == '-' || s->p[i + 1] == '+')) {
        i++;
        if (s->p[i] == '-' || s->p[i] == '+')
            exneg = s->p[i++] == '-';
        for (; i < s->n && ascii_isdigit(s->p[i]); i++)
            ex = ex < 400 ? ex * 10 + (s->p[i] - '0') : ex;
        for (int k = 0; k < ex && v != 0 && v < 1e300; k++)
            v = exneg ? v / 10 : v * 10;
    }
    *out = neg ? -v : v;
    s->p += i;
    s->n -= i;
    return 0;
}

/* How many numbers path data or a point list holds. */
static long svg_count_numbers(SvgSpan s)
{
    long n = 0;
    double v;
    while (s.n > 0) {
        if (ascii_isdigit(s.p[0]) || s.p[0] == '-' || s.p[0] == '+' || s.p[0] == '.') {
            SvgSpan before = s;
            if (svg_number(&s, &v) == 0) {
                n++;
                continue;
            }
            s = before;
        }
        s.p++;
        s.n--;
    }
    return n;
}

/* width/height on the root tag: a length whose number must be positive and
 * not absurd; percentages and words are left to the drawing's own rules.
 * Returns 0 when acceptable, -1 when not, -2 when too small to draw; *px
 * gets the size (0 if none). */
static int svg_check_length(SvgSpan v, double *px)
{
    double n;
    *px = 0;
    if (svg_number(&v, &n) != 0)
        return 0;
    while (v.n > 0 && ascii_isxmlspace(v.p[0]))
        v.p++, v.n--;
    if (v.n > 0 && v.p[0] == '%')
        return n > 0 ? 0 : -1;
    if (n <= 0 || n > SVGCHECK_MAX_SIZE)
        return -1;
    *px = n;
    return n < SVGCHECK_MIN_SIZE ? -2 : 0;
}

/* viewBox: four numbers, the last two positive and not absurd (-1), nor too
 * small to draw (-2). */
static int svg_check_viewbox(SvgSpan v, double *side)
{
    double box[4];
    for (int k = 0; k < 4; k++)
        if (svg_number(&v, &box[k]) != 0)
            return -1;
    if (box[2] <= 0 || box[3] <= 0 || box[2] > SVGCHECK_MAX_SIZE || box[3] > SVGCHECK_MAX_SIZE)
        return -1;
    *side = box[2] > box[3] ? box[2] : box[3];
    return box[2] < SVGCHECK_MIN_SIZE || box[3] < SVGCHECK_MIN_SIZE ? -2 : 0;
}

/* A property's value in a style attribute ("fill:red;stroke-width:40"):
 * what follows "name:" up to the next ';'. 0, or -1 when it is not there. */
static int svg_style_value(SvgSpan v, const char *name, SvgSpan *out)
{
    size_t n = strlen(name), at = svg_find(v.p, v.n, 0, name);
    if (at >= v.n)
        return -1;
    SvgSpan rest = { v.p + at + n, v.n - at - n };
    while (rest.n > 0 && (ascii_isxmlspace(rest.p[0]) || rest.p[0] == ':'))
        rest.p++, rest.n--;
    size_t end = 0;
    while (end < rest.n && rest.p[end] != ';')
        end++;
    *out = (SvgSpan){ rest.p, end };
    return 0;
}

/* A dash pattern's period as nanosvg draws it: the first 8 lengths (their
 * size; units left as numbers), twice over when there is an odd number of
 * them. 0 when there is no dashing ("none", or lengths of nothing). */
static double svg_dash_period(SvgSpan v)
{
    double sum = 0, x;
    int count = 0;
    while (count < 8 && v.n > 0) {
        SvgSpan before = v;
        if (svg_number(&v, &x) == 0) {
            sum += x < 0 ? -x : x;
            count++;
            while (v.n > 0 && v.p[0] != ',' && !ascii_isxmlspace(v.p[0]))
                v.p++, v.n--; /* its unit */
            continue;
        }
        v = before;
        v.p++, v.n--;
    }
    if (count & 1)
        sum *= 2;
    return sum > 1e-6 ? sum : 0;
}

typedef struct {
    SvgCheckCounts *c;
    int root_seen;          /* the first <svg> tag has been checked */
    int in_root;            /* the tag being read is that first <svg> */
    double box_side, size_side;
    int has_width, has_height, has_box; /* on the root tag, each positive */
    long open_svg;          /* <svg> elements open (not yet closed) */
    SvgCheckStatus st;
} SvgScan;

/* why: -1 zero, negative or absurdly large; -2 too small. */
static void svg_bad(SvgScan *sc, const char *attr, int why)
{
    if (sc->st != SVGCHECK_OK)
        return; /* the first bad attribute is the one named */
    sc->st = SVGCHECK_BAD_SIZE;
    sc->c->too_small = why == -2;
    snprintf(sc->c->bad_attr, sizeof sc->c->bad_attr, "%s", attr);
}

static void svg_attribute(SvgScan *sc, SvgSpan name, SvgSpan value)
{
    double px;
    int why;
    if (sc->in_root && (svg_is(name, "width") || svg_is(name, "height"))) {
        if ((why = svg_check_length(value, &px)) != 0)
            svg_bad(sc, svg_is(name, "width") ? "width" : "height", why);
        else if (px > 0)
            /* a percentage is of nothing yet (px 0): no size of its own */
            *(svg_is(name, "width") ? &sc->has_width : &sc->has_height) = 1;
        if (px > sc->size_side)
            sc->size_side = px;
    } else if (sc->in_root && svg_is(name, "viewBox")) {
        if ((why = svg_check_viewbox(value, &sc->box_side)) != 0)
            svg_bad(sc, "viewBox", why);
        else
            sc->has_box = 1;
    } else if (svg_is(name, "d") || svg_is(name, "points")) {
        sc->c->points += (svg_count_numbers(value) + 1) / 2;
    } else {
        SvgSpan width = value, dash = value;
        int style = svg_is(name, "style");
        double w, period;
        if ((style ? svg_style_value(value, "stroke-width", &width) == 0
                   : svg_is(name, "stroke-width")) &&
            svg_number(&width, &w) == 0 && w > sc->c->stroke_max)
            sc->c->stroke_max = w;
        if ((style ? svg_style_value(value, "stroke-dasharray", &dash) == 0
                   : svg_is(name, "stroke-dasharray")) &&
            (period = svg_dash_period(dash)) > 0 &&
            (sc->c->dash_min == 0 || period < sc->c->dash_min))
            sc->c->dash_min = period;
    }
}

static int svg_is_shape(SvgSpan n)
{
    static const char *const shapes[] = { "path", "rect", "circle", "ellipse", "line",
                                          "polyline", "polygon", "use" };
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++)
        if (svg_is(n, shapes[k]))
            return 1;
    return 0;
}

/* One start tag, as nanosvg reads it: its name from b[i] (after the '<' and
 * any spaces) to a space, its attributes up to b[end], the tag's '>'. */
static void svg_tag(SvgScan *sc, const unsigned char *b, size_t end, size_t i)
{
    size_t s = i;
    while (i < end && svg_name_char(b[i]))
        i++;
    SvgSpan name = { b + s, i - s };
    if (name.n > 4 && memcmp(name.p, "svg:", 4) == 0)
        name.p += 4, name.n -= 4;
    sc->c->elements++;
    sc->c->shapes += svg_is_shape(name);
    int is_svg = svg_is(name, "svg");
    sc->in_root = !sc->root_seen && is_svg;
    sc->root_seen |= sc->in_root;
    while (i < end) {
        if (!svg_name_char(b[i])) {
            i++;
            continue;
        }
        size_t ns = i;
        while (i < end && svg_name_char(b[i]))
            i++;
        SvgSpan an = { b + ns, i - ns };
        while (i < end && ascii_isxmlspace(b[i]))
            i++;
        if (i >= end || b[i] != '=')
            continue;
        for (i++; i < end && ascii_isxmlspace(b[i]); i++)
            ;
        if (i >= end || (b[i] != '"' && b[i] != '\''))
            continue;
        unsigned char q = b[i++];
        size_t vs = i;
        while (i < end && b[i] != q)
            i++;
        svg_attribute(sc, an, (SvgSpan){ b + vs, i - vs });
        if (i < end)
            i++;
    }
    sc->in_root = 0;
    if (is_svg && b[end - 1] != '/')
        sc->open_svg++;                     /* <svg ...>, not <svg .../> */
}

/* An end tag from b[i] == '/' to b[end] == '>': an </svg> closes one. */
static void svg_end_tag(SvgScan *sc, const unsigned char *b, size_t end, size_t i)
{
    size_t s = i + 1, e = s;
    while (e < end && svg_name_char(b[e]))
        e++;
    SvgSpan name = { b + s, e - s };
    if (name.n > 4 && memcmp(name.p, "svg:", 4) == 0)
        name.p += 4, name.n -= 4;
    if (svg_is(name, "svg") && sc->open_svg > 0)
        sc->open_svg--;
}

/* Dashes and stroke widths written as CSS anywhere ("stroke-dasharray:
 * 0.001" in a <style> block's class, or in a style attribute): SDL_image's
 * nanosvg applies a stylesheet's classes, so every such rule is taken as if
 * some line were drawn with it. */
static void svg_css_strokes(SvgScan *sc, const unsigned char *b, size_t len)
{
    static const char *const props[] = { "stroke-dasharray", "stroke-width" };
    for (int k = 0; k < 2; k++) {
        size_t n = strlen(props[k]);
        for (size_t at = svg_find(b, len, 0, props[k]); at < len;
             at = svg_find(b, len, at + n, props[k])) {
            size_t v = at + n;
            while (v < len && ascii_isxmlspace(b[v]))
                v++;
            if (v >= len || b[v] != ':')
                continue;                   /* an attribute: svg_attribute's */
            size_t e = ++v;
            while (e < len && b[e] != ';' && b[e] != '}' && b[e] != '"' && b[e] != '\'' &&
                   b[e] != '<' && e - v < 200)
                e++;
            SvgSpan value = { b + v, e - v };
            double x;
            if (k == 0) {
                double period = svg_dash_period(value);
                if (period > 0 && (sc->c->dash_min == 0 || period < sc->c->dash_min))
                    sc->c->dash_min = period;
            } else if (svg_number(&value, &x) == 0 && x > sc->c->stroke_max) {
                sc->c->stroke_max = x;
            }
        }
    }
}

/* Has the scan passed a limit? Sets the verdict. */
static int svg_over(SvgScan *sc)
{
    const SvgCheckCounts *c = sc->c;
    if (sc->st == SVGCHECK_OK &&
        (c->elements > SVGCHECK_MAX_ELEMENTS ||
         c->shapes + c->points / SVGCHECK_POINTS_PER_SHAPE > SVGCHECK_MAX_SHAPES))
        sc->st = SVGCHECK_TOO_COMPLEX;
    return sc->st != SVGCHECK_OK;
}

SvgCheckStatus svgcheck_scan(const unsigned char *b, size_t len, SvgCheckCounts *c)
{
    SvgScan sc = { .c = c, .st = SVGCHECK_OK };
    memset(c, 0, sizeof *c);
    if (len > SVGCHECK_MAX_BYTES) {
        c->bytes = len;
        return SVGCHECK_TOO_BIG;
    }
    /* Tags as nanosvg finds them: from a '<' to the first '>' after it,
     * quotes or not; one starting '?' or '!' (after spaces) is skipped whole,
     * so "<!-- > ... -->" ends at its first '>' and what follows is drawn,
     * and "< polyline" is a polyline. The scan must see what will be drawn. */
    size_t i = 0;
    while (b && i < len) {
        if (b[i] != '<') {
            i++;
            continue;
        }
        const unsigned char *gt = memchr(b + i, '>', len - i);
        if (!gt) {
            c->cut = 1;                     /* nanosvg never reads a tag left open */
            break;
        }
        size_t end = (size_t)(gt - b), s = i + 1;
        while (s < end && ascii_isxmlspace(b[s]))
            s++;
        if (s < end && b[s] == '/')
            svg_end_tag(&sc, b, end, s);
        else if (s < end && b[s] != '?' && b[s] != '!')
            svg_tag(&sc, b, end, s);
        i = end + 1;
    }
    if (b)
        svg_css_strokes(&sc, b, len);
    svg_over(&sc);
    c->cut |= sc.open_svg > 0;
    if (sc.st == SVGCHECK_OK && !sc.has_box && (!sc.has_width || !sc.has_height)) {
        sc.st = SVGCHECK_NO_SIZE;
        snprintf(c->bad_attr, sizeof c->bad_attr, "%s", sc.has_width ? "height" : "width");
    }
    c->canvas = sc.box_side > 0 ? sc.box_side : sc.size_side;
    if (sc.st == SVGCHECK_OK && c->canvas > 0 && c->stroke_max > SVGCHECK_THICK * c->canvas)
        sc.st = SVGCHECK_TOO_THICK;
    /* Dashes: nanosvg cuts every stroke into them, one piece a period, with
     * no end; the strokes' length is at most a diagonal of the canvas for
     * each of their segments (a point, or four for a shape), so a pattern
     * finer than that allows is refused. */
    if (sc.st == SVGCHECK_OK && c->dash_min > 0 && c->canvas > 0) {
        c->dashes = (double)(c->points + 4 * c->shapes) * c->canvas * 1.415 / c->dash_min;
        if (c->dashes > SVGCHECK_MAX_DASHES)
            sc.st = SVGCHECK_TOO_DASHED;
    }
    return sc.st;
}

void svgcheck_describe(SvgCheckStatus st, const SvgCheckCounts *c, char *out, size_t n)
{
    if (n == 0)
        return;
    switch (st) {
    case SVGCHECK_OK:
        snprintf(out, n, "%s", _("it can be drawn"));
        break;
    case SVGCHECK_BAD_SIZE:
        /* TRANSLATORS: %s is an SVG attribute's name (width, height, viewBox),
           left as it is written in the file. */
        if (c->too_small)
            /* TRANSLATORS: %1$s is an SVG attribute's name, %2$g the least size. */
            snprintf(out, n, _("it has a %1$s too small to draw (under %2$g)"), c->bad_attr,
                     SVGCHECK_MIN_SIZE);
        else
            snprintf(out, n, _("it has a %s that is zero, negative or absurdly large"),
                     c->bad_attr[0] ? c->bad_attr : "size");
        break;
    case SVGCHECK_NO_SIZE:
        /* TRANSLATORS: %s is "width" or "height", as written in SVG. */
        snprintf(out, n, _("it does not say its %s: the <svg> tag needs a width and a height, "
                           "or a viewBox"), c->bad_attr);
        break;
    case SVGCHECK_TOO_COMPLEX:
        if (c->elements > SVGCHECK_MAX_ELEMENTS)
            snprintf(out, n, _("it has more than %1$d elements; drawings can have at most %2$d"),
                     SVGCHECK_MAX_ELEMENTS, SVGCHECK_MAX_ELEMENTS);
        else
            /* TRANSLATORS: %1$ld shapes, %2$ld points, then the limits: %3$d
               shapes, %4$d points, %5$d points counting as one shape. */
            snprintf(out, n,
                     ngettext("it has %1$ld shape and %2$ld points; a drawing can have at most "
                              "%3$d shapes, or %4$d points, or a mix (%5$d points count as one "
                              "shape)",
                              "it has %1$ld shapes and %2$ld points; a drawing can have at most "
                              "%3$d shapes, or %4$d points, or a mix (%5$d points count as one "
                              "shape)",
                              (unsigned long)c->shapes),
                     c->shapes, c->points, SVGCHECK_MAX_SHAPES, SVGCHECK_MAX_POINTS,
                     SVGCHECK_POINTS_PER_SHAPE);
        break;
    case SVGCHECK_TOO_BIG:
        /* TRANSLATORS: %1$.1f the file's size in MiB, %2$d the cap in MiB. */
        snprintf(out, n, _("the file is %1$.1f MB; a drawing can be at most %2$d MB (a drawing "
                           "program's plain SVG is far smaller)"),
                 /* rounded up: a byte over is "8.1 MB", never "8.0 ... at most 8" */
                 ceil((double)c->bytes / (1024.0 * 1024.0) * 10.0) / 10.0, LIMIT_DRAWING_MIB);
        break;
    case SVGCHECK_TOO_DASHED:
        /* TRANSLATORS: %1$g the dash pattern's length, %2$.0f the drawing's width. */
        snprintf(out, n, _("its lines are dashed %1$g long on a drawing %2$.0f wide, too fine to "
                           "draw (make the dashes longer, or the lines plain)"),
                 c->dash_min, c->canvas);
        break;
    case SVGCHECK_TOO_THICK:
        snprintf(out, n, _("it has a line %1$.0f wide on a drawing %2$.0f wide"), c->stroke_max,
                 c->canvas);
        break;
    }
}

int svgcheck_undash(unsigned char *b, size_t len)
{
    static const char from[] = "stroke-dasharray", to[] = "stroke-nodashing";
    int n = 0;
    for (size_t i = svg_find(b, len, 0, from); i < len; i = svg_find(b, len, i + 1, from)) {
        memcpy(b + i, to, sizeof to - 1);
        n++;
    }
    return n;
}
