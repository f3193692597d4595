/* text — captions laid out in lines and rasterised, no SDL.
 *
 * Layout runs in three steps. text_shape (text_shape.c) decodes the UTF-8
 * once, resolves its bidi levels, scripts and fonts, shapes it with HarfBuzz
 * and marks where a line may start; everything it gives is in the layout
 * font's units, so it does not depend on the size. A greedy builder then cuts
 * each paragraph into lines: a line takes the pieces between break
 * opportunities while they fit (a piece's trailing spaces hang past the edge),
 * and a piece too wide for a line of its own is cut between clusters. When
 * max_lines would be exceeded the builder stops and the last line is shortened,
 * a cluster at a time, until an ellipsis fits at its end (its left end in a
 * right-to-left paragraph). Finally FriBidi puts each line in visual order, the
 * glyphs are placed at HarfBuzz's advances and offsets, and each line is
 * centred in the box, whose width is the widest line (the compositor centres
 * the box itself).
 *
 * Rendering rasterises each glyph by index from its own font at its fractional
 * pen position (subpixel placement keeps letter spacing even) into a scratch
 * bitmap and max-combines it into the caller's coverage buffer, clipped to the
 * buffer on every side; glyph positions are checked in 64-bit arithmetic before
 * anything is indexed, so no layout or offset can make it write outside the
 * buffer. Nothing is cached between calls: the scratch bitmap lives for one
 * call.
 *
 * Fonts: the layout's own (Andika, found by text_find.c) draws what it has;
 * a script's own font (text_find_script_font) draws the scripts it lacks,
 * loaded the first time a caption needs it and kept with the font, every one at
 * the same em size so a line's letters match. stb_truetype and HarfBuzz trust
 * the font bytes, so fonts come only from the system or the project's assets;
 * loading still checks that the table directory lies inside the file, a cheap
 * guard against a truncated download. */
#include "text.h"
#include "text_parts.h"

#include "ascii.h"
#include "utf8.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_FONT_MAX_BYTES (32u * 1024u * 1024u)
#define TEXT_MAX_PX 4096.0f
#define TEXT_GLYPH_MAX_SIDE 8192
#define TEXT_ELLIPSIS 0x2026u

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

/* The HarfBuzz font over the same bytes, in font units, and the table of
 * script fonts. 0, or -1 for a font whose units per em make no sense. */
static int text_font_shaper(TextFont *f)
{
    float unit = stbtt_ScaleForMappingEmToPixels(&f->info, 1.0f);
    if (!(unit > 1.0f / 16385.0f && unit <= 1.0f / 16.0f))
        return -1;
    f->upem = (int)lroundf(1.0f / unit);
    hb_blob_t *blob = hb_blob_create((const char *)f->data, (unsigned int)f->len,
                                     HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    f->hb = hb_font_create(face);
    hb_face_destroy(face);
    hb_font_set_scale(f->hb, f->upem, f->upem);
    /* Shared by the compose threads: nothing may change it from now on. */
    hb_font_make_immutable(f->hb);
    f->scripts = calloc(1, sizeof *f->scripts);
    if (!f->scripts || pthread_mutex_init(&f->scripts->lock, NULL) != 0) {
        free(f->scripts);
        f->scripts = NULL;
        return -1;
    }
    f->scripts->enabled = 1;
    memcpy(f->scripts->root, "/usr/share/fonts", sizeof "/usr/share/fonts");
    return 0;
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
    if (f->ascent - f->descent <= 0 || text_font_shaper(f) != 0) {
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
    if (f->scripts) {
        for (int i = 0; i < f->scripts->nslots; i++)
            if (f->scripts->slot[i].owner)
                text_font_free(f->scripts->slot[i].font);
        pthread_mutex_destroy(&f->scripts->lock);
        free(f->scripts);
    }
    hb_font_destroy(f->hb);
    free(f->data);
    free(f);
}

void text_font_set_script_fonts(TextFont *f, const char *fonts_root)
{
    if (!f || !f->scripts)
        return;
    pthread_mutex_lock(&f->scripts->lock);
    f->scripts->enabled = fonts_root && strlen(fonts_root) < sizeof f->scripts->root;
    if (f->scripts->enabled)
        memcpy(f->scripts->root, fonts_root, strlen(fonts_root) + 1);
    pthread_mutex_unlock(&f->scripts->lock);
}

int text_font_units_per_em(const TextFont *f)
{
    return f ? f->upem : 0;
}

/* Load the script's font into a slot, sharing one already loaded from the
 * same file (Han and kana are one font). Called with the lock held. */
static void text_fill_slot(TextScripts *ts, TextScriptSlot *slot)
{
    char path[1024], err[256];
    if (text_find_script_font_under(ts->root, slot->script, slot->lang, path, sizeof path) != 0)
        return;
    for (int i = 0; i < ts->nslots; i++) {
        TextScriptSlot *o = &ts->slot[i];
        if (o != slot && o->font && o->owner) {
            char other[1024];
            if (text_find_script_font_under(ts->root, o->script, o->lang, other,
                                            sizeof other) == 0 &&
                strcmp(other, path) == 0) {
                slot->font = o->font;
                return;
            }
        }
    }
    slot->font = text_font_load(path, err, sizeof err);
    if (slot->font) {
        slot->owner = 1;
        /* A script's font draws its own letters: it looks for no others. */
        pthread_mutex_destroy(&slot->font->scripts->lock);
        free(slot->font->scripts);
        slot->font->scripts = NULL;
    }
}

const TextFont *text_script_font(const TextFont *f, const char *script, const char *lang)
{
    static const char *const own[] = {"Latn", "Cyrl", "Grek", "Zyyy", "Zinh", "Zzzz"};
    const TextFont *found = NULL;
    if (!f || !f->scripts || !script || strlen(script) != 4)
        return NULL;
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        if (strcmp(script, own[i]) == 0)
            return NULL; /* the layout's font and the wide font's job */
    const char *lg = lang && strlen(lang) < sizeof f->scripts->slot[0].lang ? lang : "";
    /* Only Arabic has a language's own font (Urdu's): other scripts share one slot. */
    if (strcmp(script, "Arab") != 0)
        lg = "";
    TextScripts *ts = f->scripts;
    pthread_mutex_lock(&ts->lock);
    int i = 0;
    while (i < ts->nslots && (strcmp(ts->slot[i].script, script) != 0 ||
                              strcmp(ts->slot[i].lang, lg) != 0))
        i++;
    if (i < ts->nslots) {
        found = ts->slot[i].font;
    } else if (ts->enabled && ts->nslots < TEXT_SCRIPT_SLOTS) {
        TextScriptSlot *slot = &ts->slot[ts->nslots++];
        memcpy(slot->script, script, 5);
        memcpy(slot->lang, lg, strlen(lg) + 1);
        text_fill_slot(ts, slot);
        found = slot->font;
    }
    pthread_mutex_unlock(&ts->lock);
    return found;
}

int text_font_has(const TextFont *f, uint32_t cp)
{
    return f && cp <= 0x10FFFF && stbtt_FindGlyphIndex(&f->info, (int)cp) != 0;
}

/* ------------------------------------------------------------------------ */
/* Layout                                                                   */

static void *text_alloc_array(size_t count, size_t size)
{
    if (count == 0)
        count = 1;
    if (count > SIZE_MAX / size)
        return NULL;
    return calloc(count, size);
}

int text_glyph_for(const TextFont *f, uint32_t cp)
{
    int g = cp <= 0x10FFFF ? stbtt_FindGlyphIndex(&f->info, (int)cp) : 0;
    if (g == 0)
        g = stbtt_FindGlyphIndex(&f->info, (int)UTF8_REPLACEMENT);
    if (g == 0)
        g = stbtt_FindGlyphIndex(&f->info, '?');
    return g;
}

int text_kind(uint32_t cp)
{
    if (cp == '\n')
        return TEXT_CH_BREAK;
    if (ascii_isblank((int)cp))
        return TEXT_CH_SPACE;
    /* Carriage returns, other controls and the BOM draw nothing. Format
     * characters (ZWJ, ZWNJ, the bidi marks, ZWSP) go on to FriBidi,
     * ICU and HarfBuzz, which need them and draw none of them. */
    if (cp < 0x20 || cp == 0x7F || cp == 0xFEFF)
        return -1;
    return TEXT_CH_GLYPH;
}

const TextFont *text_font_among(const TextFont *f, const hb_script_t *scripts, int n,
                                hb_script_t skip, const char *lang, uint32_t cp)
{
    hb_script_t tried[TEXT_TRY_SCRIPTS];
    int ntried = 0;
    for (int j = 0; j < n && ntried < TEXT_TRY_SCRIPTS; j++) {
        hb_script_t s = scripts[j];
        int seen = s == skip;
        for (int k = 0; k < ntried && !seen; k++)
            seen = tried[k] == s;
        if (seen)
            continue;
        tried[ntried++] = s;
        char tag[5] = {0};
        hb_tag_to_string(hb_script_to_iso15924_tag(s), tag);
        const TextFont *sf = text_script_font(f, tag, lang);
        if (sf && text_font_has(sf, cp))
            return sf;
    }
    return NULL;
}

int text_script_is_real(hb_script_t s)
{
    return s != HB_SCRIPT_COMMON && s != HB_SCRIPT_INHERITED && s != HB_SCRIPT_UNKNOWN;
}

size_t text_font_missing(const TextFont *f, const char *utf8, size_t len)
{
    return text_font_missing_first(f, utf8, len, NULL);
}

size_t text_font_missing_first(const TextFont *f, const char *utf8, size_t len,
                               uint32_t *first)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    hb_script_t last = HB_SCRIPT_COMMON, scripts[TEXT_TRY_SCRIPTS];
    size_t i = 0, missing = 0;
    int nscripts = 0;
    if (!f || !utf8)
        return 0;
    /* The text's scripts, for what the script before a character lacks. */
    while (i < len && nscripts < TEXT_TRY_SCRIPTS) {
        uint32_t cp;
        i += (size_t)utf8_decode(utf8 + i, len - i, &cp);
        hb_script_t s = hb_unicode_script(uf, cp);
        int seen = !text_script_is_real(s);
        for (int k = 0; k < nscripts && !seen; k++)
            seen = scripts[k] == s;
        if (!seen)
            scripts[nscripts++] = s;
    }
    i = 0;
    while (i < len) {
        uint32_t cp;
        int n = utf8_decode(utf8 + i, len - i, &cp);
        i += (size_t)n;
        /* Punctuation takes the script before it, as in the layout (a Chinese
         * full stop is drawn with the Chinese font). */
        hb_script_t script = hb_unicode_script(uf, cp);
        if (text_script_is_real(script))
            last = script;
        if (text_kind(cp) != TEXT_CH_GLYPH || text_font_has(f, cp) ||
            hb_unicode_general_category(uf, cp) == HB_UNICODE_GENERAL_CATEGORY_FORMAT)
            continue;
        char tag[5] = {0};
        hb_tag_to_string(hb_script_to_iso15924_tag(last), tag);
        const TextFont *sf = text_script_font(f, tag, NULL);
        if (!(sf && text_font_has(sf, cp)) && !text_font_among(f, scripts, nscripts, last, NULL,
                                                              cp)) {
            if (missing++ == 0 && first)
                *first = cp;
        }
    }
    return missing;
}

typedef struct TextLine {
    int para, from, to;  /* the characters shown, trailing spaces left out */
    double w;            /* layout units, with the ellipsis */
    int ellipsis;        /* the cut line: an ellipsis ends it */
} TextLine;

typedef struct TextLines {
    const TextShaped *sh;
    double *pre;         /* pre[i]: advances of the characters before i */
    float scale;         /* pixels per layout unit */
    int max_width;       /* <= 0: no wrapping */
    int max_lines;       /* 0: no limit */
    TextLine *lines;
    int nlines;
    int stopped;         /* max_lines reached: the text is cut */
    int stop_byte;       /* source byte of the first character not shown */
    int ell_glyph, ell_n; /* the ellipsis: one U+2026 or three full stops */
    double ell_w;
} TextLines;

static double text_width(const TextLines *L, int from, int to)
{
    return L->pre[to] - L->pre[from];
}

static int text_fits(const TextLines *L, double w)
{
    /* A thousandth of a pixel absorbs float rounding in the scale. */
    return L->max_width <= 0 || w * L->scale <= L->max_width + 1e-3;
}

static int text_visible_end(const TextShaped *sh, int from, int to)
{
    while (to > from && sh->ch[to - 1].kind == TEXT_CH_SPACE)
        to--;
    return to;
}

/* The next character after i a line may start at (or to). */
static int text_next_break(const TextShaped *sh, int i, int to)
{
    int k = i + 1;
    while (k < to && !sh->ch[k].brk)
        k++;
    return k;
}

static int text_next_cluster(const TextShaped *sh, int i, int to)
{
    int k = i + 1;
    while (k < to && !sh->ch[k].start)
        k++;
    return k;
}

/* Add a line; 0 (and the text is cut) past max_lines. */
static int text_add_line(TextLines *L, int para, int from, int to)
{
    if (L->max_lines > 0 && L->nlines >= L->max_lines) {
        L->stopped = 1;
        L->stop_byte = from < L->sh->nch ? L->sh->ch[from].byte : 0;
        return 0;
    }
    TextLine *line = &L->lines[L->nlines++];
    line->para = para;
    line->from = from;
    line->to = to;
    line->w = text_width(L, from, to);
    line->ellipsis = 0;
    return 1;
}

/* The end of a line starting at i whose first piece is too wide: as many
 * clusters as fit, at least one. */
static int text_cut_piece(const TextLines *L, int i, int to)
{
    int c = i;
    while (c < to) {
        int nc = text_next_cluster(L->sh, c, to);
        if (c > i && !text_fits(L, text_width(L, i, nc)))
            break;
        c = nc;
    }
    return c;
}

/* Lines of one paragraph; 0 once the text is cut. */
static int text_break_para(TextLines *L, int para)
{
    const TextShaped *sh = L->sh;
    const TextPara *p = &sh->paras[para];
    int i = p->from;
    if (p->from == p->to)
        return text_add_line(L, para, p->from, p->from); /* "a\n\nb": an empty line */
    while (i < p->to) {
        while (i < p->to && sh->ch[i].kind == TEXT_CH_SPACE)
            i++;
        if (i >= p->to)
            break;
        int end = i, j = i;
        while (j < p->to) {
            int k = text_next_break(sh, j, p->to);
            int ve = text_visible_end(sh, j, k);
            if (text_fits(L, text_width(L, i, ve > end ? ve : end))) {
                end = ve > end ? ve : end;
                j = k;
                continue;
            }
            if (end == i)
                end = j = text_cut_piece(L, i, ve);
            break;
        }
        if (!text_add_line(L, para, i, end))
            return 0;
        i = j;
    }
    return 1;
}

/* The text was cut: shorten the last line a cluster at a time until the
 * ellipsis fits after it. */
static void text_cut_last_line(TextLines *L)
{
    const TextShaped *sh = L->sh;
    TextLine *line = &L->lines[L->nlines - 1];
    for (;;) {
        line->to = text_visible_end(sh, line->from, line->to);
        if (line->to == line->from ||
            text_fits(L, text_width(L, line->from, line->to) + L->ell_w))
            break;
        int c = line->to - 1;
        while (c > line->from && !sh->ch[c].start)
            c--;
        L->stop_byte = sh->ch[c].byte;
        line->to = c;
    }
    line->w = text_width(L, line->from, line->to) + L->ell_w;
    line->ellipsis = 1;
}

static void text_lines_free(TextLines *L)
{
    free(L->pre);
    free(L->lines);
}

/* Break the shaped text into lines at px. 0, or -1 on allocation failure. */
static int text_break_lines(TextLines *L, const TextShaped *sh, float px, int max_width,
                            int max_lines)
{
    const TextFont *f = sh->fonts[0];
    memset(L, 0, sizeof *L);
    L->sh = sh;
    L->scale = stbtt_ScaleForPixelHeight(&f->info, px);
    L->max_width = max_width;
    L->max_lines = max_lines > 0 ? max_lines : 0;
    L->pre = text_alloc_array((size_t)sh->nch + 1, sizeof *L->pre);
    L->lines = text_alloc_array((size_t)sh->nch + (size_t)sh->npara + 1, sizeof *L->lines);
    if (!L->pre || !L->lines) {
        text_lines_free(L);
        return -1;
    }
    for (int i = 0; i < sh->nch; i++)
        L->pre[i + 1] = L->pre[i] + (sh->ch[i].start ? sh->ch[i].adv : 0.0);
    int adv, lsb;
    L->ell_n = text_font_has(f, TEXT_ELLIPSIS) ? 1 : 3;
    L->ell_glyph = text_glyph_for(f, L->ell_n == 1 ? TEXT_ELLIPSIS : '.');
    stbtt_GetGlyphHMetrics(&f->info, L->ell_glyph, &adv, &lsb);
    L->ell_w = (double)adv * L->ell_n;
    for (int k = 0; k < sh->npara; k++)
        if (!text_break_para(L, k))
            break;
    if (L->stopped && L->nlines > 0)
        text_cut_last_line(L);
    return 0;
}

static int text_round(float v)
{
    return (int)floorf(v + 0.5f);
}

typedef struct TextEmit {
    const TextLines *L;
    TextLayout *out;
    FriBidiLevel *levels; /* a copy FriBidi may change, line by line */
    FriBidiStrIndex *map;
    unsigned char *done;  /* clusters placed */
    int used[TEXT_MAX_FONTS];
} TextEmit;

static void text_put_glyph(TextEmit *e, const TextFont *font, int glyph, int fi, double x,
                           double y, int line, int byte, uint32_t cp)
{
    TextGlyph *g = &e->out->glyphs[e->out->nglyphs++];
    g->cp = cp;
    g->glyph = glyph;
    g->x = (float)x;
    g->y = (float)y;
    g->line = line;
    g->byte = byte;
    g->font = font;
    e->used[fi] = 1;
}

static double text_put_ellipsis(TextEmit *e, double pen, float offset, int line)
{
    const TextLines *L = e->L;
    double one = L->ell_w / L->ell_n;
    for (int i = 0; i < L->ell_n; i++) {
        text_put_glyph(e, L->sh->fonts[0], L->ell_glyph, 0, offset + pen * L->scale, 0.0, line,
                       L->stop_byte, L->ell_n == 1 ? TEXT_ELLIPSIS : '.');
        pen += one;
    }
    return pen;
}

/* Place one cluster's glyphs at pen; returns the pen after them. */
static double text_put_cluster(TextEmit *e, int cs, double pen, float offset, int line)
{
    const TextShaped *sh = e->L->sh;
    const TextCh *c = &sh->ch[cs];
    float scale = e->L->scale;
    for (int k = c->g0; k < c->g0 + c->ng; k++) {
        const TextGl *gl = &sh->gl[k];
        if (c->kind != TEXT_CH_SPACE)
            text_put_glyph(e, sh->fonts[gl->font], gl->glyph, gl->font,
                           offset + (pen + gl->dx) * scale, -gl->dy * scale, line, c->byte,
                           c->cp);
        pen += gl->adv;
    }
    return pen;
}

/* One line in visual order: FriBidi reorders its characters (rules L1 to L3),
 * and each cluster's glyphs, already in visual order from HarfBuzz, are placed
 * where its first character is met. */
static void text_emit_line(TextEmit *e, int li)
{
    const TextLines *L = e->L;
    const TextShaped *sh = L->sh;
    const TextLine *line = &L->lines[li];
    const TextPara *p = &sh->paras[line->para];
    float offset = (float)text_round((e->out->width - (float)(line->w * L->scale)) / 2.0f);
    int n = line->to - line->from;
    double pen = 0.0;
    if (line->ellipsis && p->rtl)
        pen = text_put_ellipsis(e, pen, offset, li);
    if (n > 0) {
        memcpy(e->levels + line->from, sh->levels + line->from, (size_t)n * sizeof *e->levels);
        for (int i = line->from; i < line->to; i++)
            e->map[i] = i;
        /* On failure (memory) the line stays in logical order, still drawn. */
        if (fribidi_reorder_line(FRIBIDI_FLAGS_DEFAULT & ~FRIBIDI_FLAG_REORDER_NSM,
                                 sh->types + p->from, n, line->from - p->from,
                                 p->rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR,
                                 e->levels + p->from, NULL, e->map + p->from) == 0)
            for (int i = line->from; i < line->to; i++)
                e->map[i] = i;
    }
    for (int v = line->from; v < line->to; v++) {
        int cs = e->map[v];
        if (cs < line->from || cs >= line->to)
            continue;
        while (cs > line->from && !sh->ch[cs].start)
            cs--;
        if (e->done[cs])
            continue;
        e->done[cs] = 1;
        pen = text_put_cluster(e, cs, pen, offset, li);
    }
    if (line->ellipsis && !p->rtl)
        text_put_ellipsis(e, pen, offset, li);
}

static int text_line_height(const TextFont *f, float scale)
{
    int lh = text_round(scale * (float)(f->ascent - f->descent + f->line_gap));
    return lh > 0 ? lh : 1;
}

/* The line's height and ascent: the layout font's, or, when other fonts are
 * used, the tallest ascent and deepest descent among them all. */
static void text_metrics(const TextEmit *e, TextLayout *out)
{
    const TextShaped *sh = e->L->sh;
    const TextFont *f = sh->fonts[0];
    float scale = e->L->scale, asc = scale * (float)f->ascent, desc = scale * (float)f->descent;
    int others = 0;
    for (int i = 1; i < sh->nfonts; i++) {
        if (!e->used[i])
            continue;
        float s = scale * (float)sh->ratio[i];
        asc = fmaxf(asc, s * (float)sh->fonts[i]->ascent);
        desc = fminf(desc, s * (float)sh->fonts[i]->descent);
        others = 1;
    }
    if (!others) {
        out->line_height = text_line_height(f, scale);
        out->ascent = text_round(asc);
        return;
    }
    int lh = text_round(asc - desc + scale * (float)f->line_gap);
    out->line_height = lh > 0 ? lh : 1;
    out->ascent = text_round(asc);
}

static int text_emit(const TextLines *L, TextLayout *out)
{
    const TextShaped *sh = L->sh;
    TextEmit e = {L, out, NULL, NULL, NULL, {0}};
    double widest = 0.0;
    int rc = -1;
    for (int i = 0; i < L->nlines; i++)
        widest = L->lines[i].w > widest ? L->lines[i].w : widest;
    out->width = (int)ceil(widest * L->scale - 1e-3);
    out->glyphs = text_alloc_array((size_t)sh->ngl + 3, sizeof *out->glyphs);
    e.levels = text_alloc_array((size_t)sh->nch, sizeof *e.levels);
    e.map = text_alloc_array((size_t)sh->nch, sizeof *e.map);
    e.done = text_alloc_array((size_t)sh->nch, 1);
    if (out->glyphs && e.levels && e.map && e.done) {
        for (int i = 0; i < L->nlines; i++)
            text_emit_line(&e, i);
        text_metrics(&e, out);
        rc = 0;
    }
    free(e.levels);
    free(e.map);
    free(e.done);
    return rc;
}

/* Lay out the shaped text at px. 0, or -1 (out zeroed). */
static int text_layout_shaped(const TextShaped *sh, float px, int max_width, int max_lines,
                              TextLayout *out)
{
    TextLines L;
    int rc = -1;
    memset(out, 0, sizeof *out);
    if (!(px > 0.0f && px <= TEXT_MAX_PX) || text_break_lines(&L, sh, px, max_width, max_lines) != 0)
        return -1;
    out->px = px;
    out->em = L.scale * (float)sh->fonts[0]->upem;
    out->nlines = L.nlines;
    out->truncated = L.stopped;
    out->rtl = sh->npara > 0 && sh->paras[0].rtl;
    if (text_emit(&L, out) == 0 && L.nlines <= INT_MAX / out->line_height) {
        out->height = L.nlines * out->line_height;
        rc = 0;
    }
    text_lines_free(&L);
    if (rc != 0) {
        text_layout_free(out);
        memset(out, 0, sizeof *out);
    }
    return rc;
}

int text_layout_lang(const TextFont *f, const char *lang, const char *utf8, size_t len,
                     float px, int max_width, int max_lines, TextLayout *out)
{
    TextShaped sh;
    if (!out)
        return -1;
    memset(out, 0, sizeof *out);
    if (!f || !(px > 0.0f && px <= TEXT_MAX_PX) || text_shape(f, lang, utf8, len, &sh) != 0)
        return -1;
    int rc = text_layout_shaped(&sh, px, max_width, max_lines, out);
    text_shaped_free(&sh);
    return rc;
}

int text_layout(const TextFont *f, const char *utf8, size_t len, float px, int max_width,
                int max_lines, TextLayout *out)
{
    return text_layout_lang(f, NULL, utf8, len, px, max_width, max_lines, out);
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
    TextShaped sh;
    TextLines L;
    double widest = 0.0;
    if (!f || !(px > 0.0f && px <= TEXT_MAX_PX) || text_shape(f, NULL, utf8, len, &sh) != 0)
        return -1.0f;
    int rc = text_break_lines(&L, &sh, px, 0, 0);
    for (int i = 0; rc == 0 && i < L.nlines; i++)
        widest = L.lines[i].w > widest ? L.lines[i].w : widest;
    float scale = L.scale;
    if (rc == 0)
        text_lines_free(&L);
    text_shaped_free(&sh);
    return rc == 0 ? (float)(widest * scale) : -1.0f;
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
        /* The row's start, then left + x >= 0 within it: a pointer left of
         * the buffer is never formed, even for a glyph overhanging its edge. */
        uint8_t *row = c->alpha + (size_t)(top + y) * (size_t)c->stride;
        for (x = sx0; x < sx1; x++) {
            uint8_t *d = row + (size_t)(left + x);
            if (s[x] > *d)
                *d = s[x];
        }
    }
}

/* Where glyph g lands for a layout box at (ox, oy): its sub-pixel shifts and
 * its bitmap's box (left, top, bw x bh) in the canvas's pixels. 0 when it
 * draws nothing (no glyph, an absurd position or size). One computation for
 * drawing and for text_range_box, so a box always holds what is drawn. */
typedef struct TextGlyphBox {
    float shift, shift_y;
    long long left, top;
    int bw, bh;
} TextGlyphBox;

static int text_glyph_box(const TextFont *f, const TextLayout *l, const TextGlyph *g,
                          double ox, long long oy, float scale, TextGlyphBox *b)
{
    double gx = ox + (double)g->x, fx, gy = (double)g->y, fy;
    long long base = oy + (long long)g->line * l->line_height + l->ascent;
    int x0, y0, x1, y1;

    if (!(gx > -1e9 && gx < 1e9) || !(gy > -1e6 && gy < 1e6) || base < -1000000000LL ||
        base > 1000000000LL || g->glyph <= 0 || g->glyph >= f->info.numGlyphs)
        return 0;
    fx = floor(gx);
    b->shift = (float)(gx - fx);
    fy = floor(gy);
    b->shift_y = (float)(gy - fy);
    base += (long long)fy;
    stbtt_GetGlyphBitmapBoxSubpixel(&f->info, g->glyph, scale, scale, b->shift, b->shift_y,
                                    &x0, &y0, &x1, &y1);
    b->bw = x1 - x0;
    b->bh = y1 - y0;
    if (b->bw <= 0 || b->bh <= 0 || b->bw > TEXT_GLYPH_MAX_SIDE || b->bh > TEXT_GLYPH_MAX_SIDE)
        return 0;
    b->left = (long long)fx + x0;
    b->top = base + y0;
    return 1;
}

static void text_draw_glyph(const TextFont *f, const TextLayout *l, const TextGlyph *g,
                            TextCanvas *c, double ox, long long oy, float scale)
{
    TextGlyphBox b;
    if (!text_glyph_box(f, l, g, ox, oy, scale, &b))
        return;
    if (b.left >= c->w || b.top >= c->h || b.left + b.bw <= 0 || b.top + b.bh <= 0)
        return;
    if (!text_scratch(c, (size_t)b.bw * (size_t)b.bh))
        return;
    stbtt_MakeGlyphBitmapSubpixel(&f->info, c->scratch, b.bw, b.bh, b.bw, scale, scale,
                                  b.shift, b.shift_y, g->glyph);
    text_blit_max(c, b.bw, b.bh, b.left, b.top);
}

/* The scale glyph g is drawn at, 0 when none is usable. A script's font is
 * drawn at the layout's em, not at its own height. */
static float text_glyph_scale(const TextFont *f, const TextLayout *l, const TextGlyph *g,
                              float scale, const TextFont **gf)
{
    *gf = g->font ? g->font : f;
    float gs = *gf == f ? scale : stbtt_ScaleForMappingEmToPixels(&(*gf)->info, l->em);
    return gs > 0.0f && gs < 1e3f ? gs : 0.0f;
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
        const TextFont *gf;
        float gs;
        if (!all && !(g->byte >= from && g->byte < to))
            continue;
        if ((gs = text_glyph_scale(f, l, g, scale, &gf)) > 0.0f)
            text_draw_glyph(gf, l, g, &c, (double)ox, (long long)oy, gs);
    }
    free(c.scratch);
}

int text_range_box(const TextFont *f, const TextLayout *l, int ox, int oy, int byte_from,
                   int byte_to, int box[4])
{
    long long x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    int any = 0;
    box[0] = box[1] = box[2] = box[3] = 0;
    if (!f || !l || !l->glyphs || l->nglyphs <= 0 || byte_from >= byte_to ||
        !(l->px > 0.0f && l->px <= TEXT_MAX_PX))
        return 0;
    float scale = stbtt_ScaleForPixelHeight(&f->info, l->px);
    for (int i = 0; i < l->nglyphs; i++) {
        const TextGlyph *g = &l->glyphs[i];
        const TextFont *gf;
        TextGlyphBox b;
        float gs;
        if (g->byte < byte_from || g->byte >= byte_to ||
            (gs = text_glyph_scale(f, l, g, scale, &gf)) <= 0.0f ||
            !text_glyph_box(gf, l, g, (double)ox, (long long)oy, gs, &b))
            continue;
        if (!any || b.left < x0) x0 = b.left;
        if (!any || b.top < y0) y0 = b.top;
        if (!any || b.left + b.bw > x1) x1 = b.left + b.bw;
        if (!any || b.top + b.bh > y1) y1 = b.top + b.bh;
        any = 1;
    }
    if (!any || x0 < INT_MIN / 2 || y0 < INT_MIN / 2 || x1 > INT_MAX / 2 || y1 > INT_MAX / 2)
        return 0;
    box[0] = (int)x0, box[1] = (int)y0, box[2] = (int)x1, box[3] = (int)y1;
    return 1;
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
static int text_try_px(const TextShaped *sh, float px, int max_width, int max_height)
{
    TextLayout l;
    int fits;
    if (text_layout_shaped(sh, px, max_width, 0, &l) != 0)
        return -1;
    fits = text_layout_fits(&l, max_width, max_height);
    text_layout_free(&l);
    return fits;
}

/* The largest whole px in [lo, hi] that fits, found by bisection; 0 when none
 * does, -1 on failure. */
static int text_search_px(const TextShaped *sh, int lo, int hi, int max_width, int max_height)
{
    int best = 0;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int fits = text_try_px(sh, (float)mid, max_width, max_height);
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

/* text_fit on text already shaped. */
static int text_fit_shaped(const TextShaped *sh, float min_px, float max_px, int max_width,
                           int max_height, TextLayout *out)
{
    TextLayout probe;
    int best = text_search_px(sh, (int)ceilf(min_px), (int)floorf(max_px), max_width,
                              max_height);
    if (best < 0)
        return -1;
    if (best > 0)
        return text_layout_shaped(sh, (float)best, max_width, 0, out);
    if (text_layout_shaped(sh, min_px, max_width, 0, &probe) != 0)
        return -1;
    int fits = text_layout_fits(&probe, max_width, max_height), lines = 0;
    if (!fits && max_height > 0) {
        lines = max_height / probe.line_height;
        lines = lines > 0 ? lines : 1;
    }
    text_layout_free(&probe);
    return text_layout_shaped(sh, min_px, max_width, lines, out);
}

int text_fit_lang(const TextFont *f, const char *lang, const char *utf8, size_t len,
                  float min_px, float max_px, int max_width, int max_height, TextLayout *out)
{
    TextShaped sh;
    if (!out)
        return -1;
    memset(out, 0, sizeof *out);
    if (!f || !(min_px > 0.0f && min_px <= TEXT_MAX_PX))
        return -1;
    if (!(max_px >= min_px))
        max_px = min_px;
    if (max_px > TEXT_MAX_PX)
        max_px = TEXT_MAX_PX;
    if (text_shape(f, lang, utf8, len, &sh) != 0)
        return -1;
    int rc = text_fit_shaped(&sh, min_px, max_px, max_width, max_height, out);
    text_shaped_free(&sh);
    return rc;
}

int text_fit(const TextFont *f, const char *utf8, size_t len, float min_px, float max_px,
             int max_width, int max_height, TextLayout *out)
{
    return text_fit_lang(f, NULL, utf8, len, min_px, max_px, max_width, max_height, out);
}
