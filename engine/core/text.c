/* text — captions laid out and rasterised with stb_truetype, no SDL.
 *
 * Layout runs in three steps. The UTF-8 is decoded once into an array of
 * characters, each with its glyph, advance and source byte (spaces and newlines
 * are kept as markers). A greedy builder then places words on lines: a word goes
 * on the current line if it fits after one space (runs of spaces collapse),
 * otherwise it starts a new line; a word too wide for a line of its own is cut
 * between characters. Widths are summed in integer font units (advance plus the
 * pair kerning) and scaled only for comparison, so measuring is exact and cheap.
 * When max_lines would be exceeded the builder stops and the last line is
 * shortened until an ellipsis fits. Finally each line is centred in the box,
 * whose width is the widest line (the compositor centres the box itself).
 *
 * Rendering rasterises each glyph at its fractional pen position (subpixel
 * placement keeps letter spacing even) into a scratch bitmap and max-combines it
 * into the caller's coverage buffer, clipped to the buffer on every side; glyph
 * positions are checked in 64-bit arithmetic before anything is indexed, so no
 * layout or offset can make it write outside the buffer. Nothing is cached
 * between calls: the scratch bitmap lives for one call.
 *
 * stb_truetype trusts the font bytes, so fonts come only from the system or the
 * project's assets (found by text_find.c); loading still checks that the table directory lies inside
 * the file, a cheap guard against a truncated download. */
#include "text.h"
#include "ascii.h"

#include "utf8.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb_truetype.h>

#define TEXT_FONT_MAX_BYTES (32u * 1024u * 1024u)
#define TEXT_MAX_PX 4096.0f
#define TEXT_GLYPH_MAX_SIDE 8192
#define TEXT_ELLIPSIS 0x2026u

struct TextFont {
    unsigned char *data;
    size_t len;
    stbtt_fontinfo info;
    int ascent, descent, line_gap; /* font units, descent negative */
};

/* ------------------------------------------------------------------------ */
/* Loading                                                                  */

static void text_set_err(char *err, size_t errlen, const char *path, const char *msg)
{
    if (err && errlen > 0)
        snprintf(err, errlen, "%s: %s", path ? path : "(font)", msg);
}

static uint32_t text_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Does the table directory at off, and every table it lists, lie inside the file? */
static int text_tables_in_bounds(const unsigned char *d, size_t len, size_t off)
{
    size_t n, i;

    if (off > len || len - off < 12)
        return 0;
    n = (size_t)d[off + 4] << 8 | d[off + 5];
    if ((len - off - 12) / 16 < n)
        return 0;
    for (i = 0; i < n; i++) {
        const unsigned char *rec = d + off + 12 + 16 * i;
        uint32_t toff = text_be32(rec + 8), tlen = text_be32(rec + 12);
        if (toff > len || tlen > len - toff)
            return 0;
    }
    return 1;
}

TextFont *text_font_from_memory(unsigned char *data, size_t len)
{
    TextFont *f;
    int off;

    if (!data)
        return NULL;
    off = len >= 16 && len <= INT_MAX ? stbtt_GetFontOffsetForIndex(data, 0) : -1;
    if (off < 0 || !text_tables_in_bounds(data, len, (size_t)off)) {
        free(data);
        return NULL;
    }
    f = calloc(1, sizeof *f);
    if (!f || !stbtt_InitFont(&f->info, data, off)) {
        free(f);
        free(data);
        return NULL;
    }
    f->data = data;
    f->len = len;
    stbtt_GetFontVMetrics(&f->info, &f->ascent, &f->descent, &f->line_gap);
    if (f->ascent - f->descent <= 0) {
        text_font_free(f);
        return NULL;
    }
    return f;
}

/* Read a whole file of at most TEXT_FONT_MAX_BYTES; NULL with err set otherwise. */
static unsigned char *text_read_file(const char *path, size_t *len, char *err,
                                     size_t errlen)
{
    size_t cap = 64 * 1024, n = 0;
    unsigned char *buf = NULL;
    FILE *fp = fopen(path, "rb");

    if (!fp) {
        text_set_err(err, errlen, path, strerror(errno));
        return NULL;
    }
    for (;;) {
        unsigned char *nb = realloc(buf, cap);
        if (!nb) {
            text_set_err(err, errlen, path, "out of memory");
            break;
        }
        buf = nb;
        n += fread(buf + n, 1, cap - n, fp);
        if (n < cap) {
            if (ferror(fp)) {
                text_set_err(err, errlen, path, "read error");
                break;
            }
            fclose(fp);
            *len = n;
            return buf;
        }
        if (cap > TEXT_FONT_MAX_BYTES) {
            text_set_err(err, errlen, path, "font file larger than 32 MiB");
            break;
        }
        cap = cap * 2 > TEXT_FONT_MAX_BYTES ? TEXT_FONT_MAX_BYTES + 1 : cap * 2;
    }
    free(buf);
    fclose(fp);
    return NULL;
}

TextFont *text_font_load(const char *path, char *err, size_t errlen)
{
    size_t len = 0;
    unsigned char *data;
    TextFont *f;

    if (err && errlen > 0)
        err[0] = '\0';
    if (!path) {
        text_set_err(err, errlen, NULL, "no font path");
        return NULL;
    }
    data = text_read_file(path, &len, err, errlen);
    if (!data)
        return NULL;
    f = text_font_from_memory(data, len);
    if (!f)
        text_set_err(err, errlen, path, "not a usable TrueType/OpenType font");
    return f;
}

void text_font_free(TextFont *f)
{
    if (!f)
        return;
    free(f->data);
    free(f);
}

int text_font_has(const TextFont *f, uint32_t cp)
{
    return f && cp <= 0x10FFFF && stbtt_FindGlyphIndex(&f->info, (int)cp) != 0;
}

/* ------------------------------------------------------------------------ */
/* Layout                                                                   */

enum { TEXT_CH_GLYPH, TEXT_CH_SPACE, TEXT_CH_BREAK };

typedef struct TextChar {
    uint32_t cp;
    int glyph;
    int byte;
    int adv;   /* advance in font units */
    int kind;  /* TEXT_CH_* */
} TextChar;

typedef struct TextPlaced {
    int ci;    /* index into chars */
    int line;
} TextPlaced;

typedef struct TextBuilder {
    const TextFont *f;
    float scale;
    int max_width;      /* <= 0: no wrapping */
    int max_lines;      /* 0: no limit */
    TextChar *chars;    /* nchars decoded + room for an ellipsis of 3 */
    int nchars;
    TextPlaced *placed;
    int nplaced;
    int nlines;
    int open;           /* is the current line still taking words? */
    int line_start;     /* first placed item of the last line */
    long long line_w;   /* width of the last line in font units */
    int last_glyph;     /* for kerning; -1 at a line start */
    int stopped;        /* max_lines reached: the text is cut */
    int stop_byte;      /* source byte of the first character not shown */
} TextBuilder;

static void *text_alloc_array(size_t count, size_t size)
{
    if (count == 0)
        count = 1;
    if (count > SIZE_MAX / size)
        return NULL;
    return calloc(count, size);
}

/* The glyph drawn for cp: its own, else U+FFFD, else '?', else 0 (.notdef). */
static int text_glyph_for(const TextFont *f, uint32_t cp)
{
    int g = cp <= 0x10FFFF ? stbtt_FindGlyphIndex(&f->info, (int)cp) : 0;
    if (g == 0)
        g = stbtt_FindGlyphIndex(&f->info, (int)UTF8_REPLACEMENT);
    if (g == 0)
        g = stbtt_FindGlyphIndex(&f->info, '?');
    return g;
}

static int text_kind(uint32_t cp)
{
    if (cp == '\n')
        return TEXT_CH_BREAK;
    if (ascii_isblank((int)cp))
        return TEXT_CH_SPACE;
    /* Carriage returns, other controls, BOM and zero-width space draw nothing. */
    if (cp < 0x20 || cp == 0x7F || cp == 0xFEFF || cp == 0x200B)
        return -1;
    return TEXT_CH_GLYPH;
}

size_t text_font_missing(const TextFont *f, const char *utf8, size_t len)
{
    size_t i = 0, missing = 0;
    if (!f || !utf8)
        return 0;
    while (i < len) {
        uint32_t cp;
        int n = utf8_decode(utf8 + i, len - i, &cp);
        missing += text_kind(cp) == TEXT_CH_GLYPH && !text_font_has(f, cp);
        i += (size_t)n;
    }
    return missing;
}

static void text_set_char(const TextFont *f, TextChar *c, uint32_t cp, int kind, int byte)
{
    int lsb;
    c->cp = cp;
    c->kind = kind;
    c->byte = byte;
    c->glyph = text_glyph_for(f, kind == TEXT_CH_SPACE ? ' ' : cp);
    stbtt_GetGlyphHMetrics(&f->info, c->glyph, &c->adv, &lsb);
}

static void text_decode(TextBuilder *b, const char *utf8, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int n = utf8_decode(utf8 + i, len - i, &cp);
        int kind = text_kind(cp);
        if (kind >= 0)
            text_set_char(b->f, &b->chars[b->nchars++], cp, kind, (int)i);
        i += (size_t)n;
    }
}

static int text_kern(const TextFont *f, int a, int b)
{
    return a < 0 ? 0 : stbtt_GetGlyphKernAdvance(&f->info, a, b);
}

static long long text_width_after(const TextBuilder *b, long long w, int last, int ci)
{
    const TextChar *c = &b->chars[ci];
    return w + text_kern(b->f, last, c->glyph) + c->adv;
}

static int text_fits(const TextBuilder *b, long long w)
{
    /* A thousandth of a pixel absorbs float rounding in the scale. */
    return b->max_width <= 0 || (double)w * b->scale <= b->max_width + 1e-3;
}

static void text_place(TextBuilder *b, int ci)
{
    b->line_w = text_width_after(b, b->line_w, b->last_glyph, ci);
    b->last_glyph = b->chars[ci].glyph;
    b->placed[b->nplaced].ci = ci;
    b->placed[b->nplaced].line = b->nlines - 1;
    b->nplaced++;
}

/* Start a line for the character ci; 0 (and the text is cut) past max_lines. */
static int text_open_line(TextBuilder *b, int ci)
{
    if (b->max_lines > 0 && b->nlines >= b->max_lines) {
        b->stopped = 1;
        b->stop_byte = b->chars[ci].byte;
        return 0;
    }
    b->nlines++;
    b->open = 1;
    b->line_start = b->nplaced;
    b->line_w = 0;
    b->last_glyph = -1;
    return 1;
}

/* Width of the current line if a space and chars[from, to) were added. */
static long long text_word_width(const TextBuilder *b, int space, int from, int to)
{
    long long w = text_width_after(b, b->line_w, b->last_glyph, space);
    int last = b->chars[space].glyph, i;
    for (i = from; i < to; i++) {
        w = text_width_after(b, w, last, i);
        last = b->chars[i].glyph;
    }
    return w;
}

static void text_place_word(TextBuilder *b, int from, int to, int space)
{
    int i;
    if (b->open && b->nplaced > b->line_start) {
        if (space >= 0 && text_fits(b, text_word_width(b, space, from, to))) {
            text_place(b, space);
            for (i = from; i < to; i++)
                text_place(b, i);
            return;
        }
        b->open = 0;
    }
    /* On a fresh line: character by character, breaking where a line is full. */
    for (i = from; i < to; i++) {
        if (!b->open && !text_open_line(b, i))
            return;
        if (b->nplaced > b->line_start &&
            !text_fits(b, text_width_after(b, b->line_w, b->last_glyph, i))) {
            b->open = 0;
            if (!text_open_line(b, i))
                return;
        }
        text_place(b, i);
    }
}

static void text_build_lines(TextBuilder *b)
{
    int i = 0, space = -1;
    while (i < b->nchars && !b->stopped) {
        int kind = b->chars[i].kind, end = i;
        if (kind == TEXT_CH_BREAK) {
            /* A newline with no line open is an empty line of its own. */
            if (!b->open && !text_open_line(b, i))
                break;
            b->open = 0;
            space = -1;
            end = i + 1;
        } else if (kind == TEXT_CH_SPACE) {
            if (space < 0)
                space = i;
            end = i + 1;
        } else {
            while (end < b->nchars && b->chars[end].kind == TEXT_CH_GLYPH)
                end++;
            text_place_word(b, i, end, space);
            space = -1;
        }
        i = end;
    }
}

/* Recompute line_w and last_glyph of the last line from its placed items. */
static void text_replay_line(TextBuilder *b)
{
    int i;
    b->line_w = 0;
    b->last_glyph = -1;
    for (i = b->line_start; i < b->nplaced; i++) {
        int ci = b->placed[i].ci;
        b->line_w = text_width_after(b, b->line_w, b->last_glyph, ci);
        b->last_glyph = b->chars[ci].glyph;
    }
}

/* Append the ellipsis characters (U+2026, or three full stops) after the
 * decoded text; returns how many. */
static int text_make_ellipsis(TextBuilder *b)
{
    int n = text_font_has(b->f, TEXT_ELLIPSIS) ? 1 : 3, i;
    for (i = 0; i < n; i++)
        text_set_char(b->f, &b->chars[b->nchars + i], n == 1 ? TEXT_ELLIPSIS : '.',
                      TEXT_CH_GLYPH, b->stop_byte);
    return n;
}

static int text_ellipsis_fits(const TextBuilder *b, int first, int n)
{
    long long w = b->line_w;
    int last = b->last_glyph, i;
    for (i = first; i < first + n; i++) {
        w = text_width_after(b, w, last, i);
        last = b->chars[i].glyph;
    }
    return text_fits(b, w);
}

/* The text was cut: shorten the last line until an ellipsis fits after it. */
static void text_add_ellipsis(TextBuilder *b)
{
    int first = b->nchars, n = text_make_ellipsis(b), i;
    for (;;) {
        while (b->nplaced > b->line_start &&
               b->chars[b->placed[b->nplaced - 1].ci].kind == TEXT_CH_SPACE)
            b->nplaced--;
        text_replay_line(b);
        if (b->nplaced == b->line_start || text_ellipsis_fits(b, first, n))
            break;
        b->stop_byte = b->chars[b->placed[--b->nplaced].ci].byte;
    }
    for (i = 0; i < n; i++) {
        b->chars[first + i].byte = b->stop_byte;
        text_place(b, first + i);
    }
}

static void text_builder_free(TextBuilder *b)
{
    free(b->chars);
    free(b->placed);
}

/* Decode and break into lines. 0, or -1 on bad arguments or allocation failure. */
static int text_build(TextBuilder *b, const TextFont *f, const char *utf8, size_t len,
                      float px, int max_width, int max_lines)
{
    memset(b, 0, sizeof *b);
    if (!f || !(px > 0.0f && px <= TEXT_MAX_PX) || (!utf8 && len > 0) ||
        len >= (size_t)INT_MAX - 3)
        return -1;
    b->f = f;
    b->scale = stbtt_ScaleForPixelHeight(&f->info, px);
    b->max_width = max_width;
    b->max_lines = max_lines > 0 ? max_lines : 0;
    b->chars = text_alloc_array(len + 3, sizeof *b->chars);
    b->placed = text_alloc_array(len + 3, sizeof *b->placed);
    if (!b->chars || !b->placed) {
        text_builder_free(b);
        return -1;
    }
    text_decode(b, utf8, len);
    text_build_lines(b);
    if (b->stopped)
        text_add_ellipsis(b);
    return 0;
}

/* Width of every line in font units; NULL on allocation failure. */
static long long *text_line_widths(const TextBuilder *b)
{
    long long *w = text_alloc_array((size_t)b->nlines, sizeof *w);
    int i, last = -1, line = -1;
    if (!w)
        return NULL;
    for (i = 0; i < b->nplaced; i++) {
        int ci = b->placed[i].ci;
        if (b->placed[i].line != line) {
            line = b->placed[i].line;
            last = -1;
        }
        w[line] = text_width_after(b, w[line], last, ci);
        last = b->chars[ci].glyph;
    }
    return w;
}

static int text_round(float v)
{
    return (int)floorf(v + 0.5f);
}

/* Fill out->glyphs with centred positions; 0 or -1. */
static int text_emit(TextBuilder *b, const long long *lw, TextLayout *out)
{
    long long widest = 0, pen = 0;
    int i, n = 0, line = -1, last = -1;
    float offset = 0.0f;

    for (i = 0; i < b->nlines; i++)
        widest = lw[i] > widest ? lw[i] : widest;
    out->width = (int)ceil((double)widest * b->scale - 1e-3);
    out->glyphs = text_alloc_array((size_t)b->nplaced, sizeof *out->glyphs);
    if (!out->glyphs)
        return -1;
    for (i = 0; i < b->nplaced; i++) {
        const TextChar *c = &b->chars[b->placed[i].ci];
        if (b->placed[i].line != line) {
            line = b->placed[i].line;
            pen = 0;
            last = -1;
            offset = (float)text_round((out->width - (float)(lw[line] * b->scale)) / 2.0f);
        }
        pen += text_kern(b->f, last, c->glyph);
        last = c->glyph;
        if (c->kind == TEXT_CH_GLYPH) {
            TextGlyph *g = &out->glyphs[n++];
            g->cp = c->cp;
            g->glyph = c->glyph;
            g->x = offset + (float)pen * b->scale;
            g->line = line;
            g->byte = c->byte;
        }
        pen += c->adv;
    }
    out->nglyphs = n;
    return 0;
}

static int text_line_height(const TextFont *f, float scale)
{
    int lh = text_round(scale * (float)(f->ascent - f->descent + f->line_gap));
    return lh > 0 ? lh : 1;
}

int text_layout(const TextFont *f, const char *utf8, size_t len, float px, int max_width,
                int max_lines, TextLayout *out)
{
    TextBuilder b;
    long long *lw;
    int rc = -1;

    if (!out)
        return -1;
    memset(out, 0, sizeof *out);
    if (text_build(&b, f, utf8, len, px, max_width, max_lines) != 0)
        return -1;
    out->px = px;
    out->line_height = text_line_height(f, b.scale);
    out->ascent = text_round(b.scale * (float)f->ascent);
    out->nlines = b.nlines;
    out->truncated = b.stopped;
    lw = text_line_widths(&b);
    if (lw && b.nlines <= INT_MAX / out->line_height && text_emit(&b, lw, out) == 0) {
        out->height = b.nlines * out->line_height;
        rc = 0;
    }
    free(lw);
    text_builder_free(&b);
    if (rc != 0) {
        text_layout_free(out);
        memset(out, 0, sizeof *out);
    }
    return rc;
}

void text_layout_free(TextLayout *l)
{
    if (!l)
        return;
    free(l->glyphs);
    l->glyphs = NULL;
    l->nglyphs = 0;
}

float text_measure(const TextFont *f, const char *utf8, size_t len, float px)
{
    TextBuilder b;
    long long *lw, widest = 0;
    int i;

    if (text_build(&b, f, utf8, len, px, 0, 0) != 0)
        return -1.0f;
    lw = text_line_widths(&b);
    for (i = 0; lw && i < b.nlines; i++)
        widest = lw[i] > widest ? lw[i] : widest;
    text_builder_free(&b);
    if (!lw)
        return -1.0f;
    free(lw);
    return (float)((double)widest * b.scale);
}

/* ------------------------------------------------------------------------ */
/* Rendering                                                                */

typedef struct TextCanvas {
    uint8_t *alpha;
    int w, h, stride;
    unsigned char *scratch; /* one glyph's bitmap */
    size_t scratch_size;
} TextCanvas;

static int text_scratch(TextCanvas *c, size_t need)
{
    unsigned char *p;
    if (need <= c->scratch_size)
        return 1;
    p = realloc(c->scratch, need);
    if (!p)
        return 0;
    c->scratch = p;
    c->scratch_size = need;
    return 1;
}

/* Max-combine a bw x bh bitmap whose top-left lands at (left, top), clipped. */
static void text_blit_max(TextCanvas *c, int bw, int bh, long long left, long long top)
{
    int sx0 = left < 0 ? (int)-left : 0, sy0 = top < 0 ? (int)-top : 0;
    int sx1 = left + bw > c->w ? (int)(c->w - left) : bw;
    int sy1 = top + bh > c->h ? (int)(c->h - top) : bh;
    int x, y;

    for (y = sy0; y < sy1; y++) {
        const unsigned char *s = c->scratch + (size_t)y * (size_t)bw;
        uint8_t *d = c->alpha + (size_t)(top + y) * (size_t)c->stride + (size_t)left;
        for (x = sx0; x < sx1; x++)
            if (s[x] > d[x])
                d[x] = s[x];
    }
}

static void text_draw_glyph(const TextFont *f, const TextLayout *l, const TextGlyph *g,
                            TextCanvas *c, double ox, long long oy, float scale)
{
    double gx = ox + (double)g->x, fx;
    long long base = oy + (long long)g->line * l->line_height + l->ascent, left, top;
    int x0, y0, x1, y1, bw, bh;
    float shift;

    if (!(gx > -1e9 && gx < 1e9) || base < -1000000000LL || base > 1000000000LL ||
        g->glyph <= 0 || g->glyph >= f->info.numGlyphs)
        return;
    fx = floor(gx);
    shift = (float)(gx - fx);
    stbtt_GetGlyphBitmapBoxSubpixel(&f->info, g->glyph, scale, scale, shift, 0.0f, &x0, &y0,
                                    &x1, &y1);
    bw = x1 - x0;
    bh = y1 - y0;
    if (bw <= 0 || bh <= 0 || bw > TEXT_GLYPH_MAX_SIDE || bh > TEXT_GLYPH_MAX_SIDE)
        return;
    left = (long long)fx + x0;
    top = base + y0;
    if (left >= c->w || top >= c->h || left + bw <= 0 || top + bh <= 0)
        return;
    if (!text_scratch(c, (size_t)bw * (size_t)bh))
        return;
    stbtt_MakeGlyphBitmapSubpixel(&f->info, c->scratch, bw, bh, bw, scale, scale, shift,
                                  0.0f, g->glyph);
    text_blit_max(c, bw, bh, left, top);
}

static void text_render_some(const TextFont *f, const TextLayout *l, uint8_t *alpha,
                             int w, int h, int stride, int ox, int oy, int all, int from,
                             int to)
{
    TextCanvas c = {alpha, w, h, stride, NULL, 0};
    float scale;
    int i;

    if (!f || !l || !l->glyphs || l->nglyphs <= 0 || !alpha || w <= 0 || h <= 0 ||
        stride < w || !(l->px > 0.0f && l->px <= TEXT_MAX_PX))
        return;
    scale = stbtt_ScaleForPixelHeight(&f->info, l->px);
    for (i = 0; i < l->nglyphs; i++) {
        const TextGlyph *g = &l->glyphs[i];
        if (all || (g->byte >= from && g->byte < to))
            text_draw_glyph(f, l, g, &c, (double)ox, (long long)oy, scale);
    }
    free(c.scratch);
}

void text_render(const TextFont *f, const TextLayout *l, uint8_t *alpha, int w, int h,
                 int stride, int ox, int oy)
{
    text_render_some(f, l, alpha, w, h, stride, ox, oy, 1, 0, 0);
}

void text_render_range(const TextFont *f, const TextLayout *l, uint8_t *alpha, int w,
                       int h, int stride, int ox, int oy, int byte_from, int byte_to)
{
    text_render_some(f, l, alpha, w, h, stride, ox, oy, 0, byte_from, byte_to);
}

/* ------------------------------------------------------------------------ */
/* Fitting                                                                  */

static int text_layout_fits(const TextLayout *l, int max_width, int max_height)
{
    return !l->truncated && (max_width <= 0 || l->width <= max_width) &&
           (max_height <= 0 || l->height <= max_height);
}

/* 1 if the text fits at px, 0 if not, -1 on failure. */
static int text_try_px(const TextFont *f, const char *utf8, size_t len, float px,
                       int max_width, int max_height)
{
    TextLayout l;
    int fits;
    if (text_layout(f, utf8, len, px, max_width, 0, &l) != 0)
        return -1;
    fits = text_layout_fits(&l, max_width, max_height);
    text_layout_free(&l);
    return fits;
}

/* The largest whole px in [lo, hi] that fits, found by bisection; 0 when none
 * does, -1 on failure. */
static int text_search_px(const TextFont *f, const char *utf8, size_t len, int lo, int hi,
                          int max_width, int max_height)
{
    int best = 0;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int fits = text_try_px(f, utf8, len, (float)mid, max_width, max_height);
        if (fits < 0)
            return -1;
        if (fits) {
            best = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return best;
}

int text_fit(const TextFont *f, const char *utf8, size_t len, float min_px, float max_px,
             int max_width, int max_height, TextLayout *out)
{
    int best, fits, lines;

    if (!out)
        return -1;
    memset(out, 0, sizeof *out);
    if (!f || !(min_px > 0.0f && min_px <= TEXT_MAX_PX))
        return -1;
    if (!(max_px >= min_px))
        max_px = min_px;
    if (max_px > TEXT_MAX_PX)
        max_px = TEXT_MAX_PX;
    best = text_search_px(f, utf8, len, (int)ceilf(min_px), (int)floorf(max_px), max_width,
                          max_height);
    if (best < 0)
        return -1;
    if (best > 0)
        return text_layout(f, utf8, len, (float)best, max_width, 0, out);
    fits = text_try_px(f, utf8, len, min_px, max_width, max_height);
    if (fits < 0)
        return -1;
    lines = 0;
    if (!fits && max_height > 0) {
        lines = max_height / text_line_height(f, stbtt_ScaleForPixelHeight(&f->info, min_px));
        lines = lines > 0 ? lines : 1;
    }
    return text_layout(f, utf8, len, min_px, max_width, lines, out);
}
