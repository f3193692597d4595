/* text_shape — a caption's characters itemised, ordered and shaped.
 *
 * The text is decoded and cleaned once (controls and BOMs dropped, runs of
 * spaces and tabs made one space, none kept at a paragraph's start), then cut
 * into paragraphs at newlines. Each paragraph goes through four passes:
 *   1. FriBidi resolves every character's bidi level (UAX #9) from the first
 *      strong letter, or from the language when there is none;
 *   2. every character gets a script (HarfBuzz's Unicode script property;
 *      punctuation, digits and spaces take their neighbours') and a font: the
 *      script's own (text_script_font) when it has the letter, else the
 *      layout's font;
 *   3. runs of one level, script and font are shaped with hb_shape, each with
 *      the whole paragraph as context (Arabic joins across a run's edge); a
 *      glyph's cluster tells which characters it draws;
 *   4. ICU's line-break iterator (UAX #14, with its dictionaries for Thai,
 *      Lao, Khmer and Myanmar, which have no spaces between words) marks
 *      where a line may start, kept only at a cluster's start.
 * Advances are in the layout font's units: another font's are scaled by the
 * ratio of the units per em, as every font is drawn at the same em.
 *
 * ICU and not libunibreak: Debian 12's libunibreak is version 1.1, with
 * Unicode 6's tables and no dictionary, and cannot be installed for arm64
 * beside the machine's own (the cross build needs both); ICU is already
 * there, a dependency of libxml2 and of HarfBuzz's own -dev package, and is
 * the reference implementation of the rules. One iterator is opened for each
 * text (ICU caches its rules, thread-safely), so compose threads and the
 * main thread never share one. */
#include "text_parts.h"

#include "lang.h"
#include "utf8.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utf16.h>

/* ---- cleaning ---------------------------------------------------------- */

static void *text_calloc(size_t count, size_t size)
{
    if (count == 0)
        count = 1;
    if (count > SIZE_MAX / size)
        return NULL;
    return calloc(count, size);
}

/* Decode into sh->ch; returns the count. */
static int text_clean(TextShaped *sh, const char *utf8, size_t len)
{
    size_t i = 0;
    int n = 0;
    while (i < len) {
        uint32_t cp;
        int used = utf8_decode(utf8 + i, len - i, &cp);
        int kind = text_kind(cp);
        int prev = n > 0 ? sh->ch[n - 1].kind : TEXT_CH_BREAK;
        if (kind >= 0 && !(kind == TEXT_CH_SPACE && prev != TEXT_CH_GLYPH)) {
            TextCh *c = &sh->ch[n++];
            c->cp = kind == TEXT_CH_SPACE ? ' ' : cp;
            c->byte = (int)i;
            c->kind = kind;
        }
        i += (size_t)used;
    }
    return n;
}

/* Paragraphs between newlines: the last one only when it has characters. */
static int text_paragraphs(TextShaped *sh)
{
    int from = 0;
    sh->paras = text_calloc((size_t)sh->nch + 1, sizeof *sh->paras);
    if (!sh->paras)
        return -1;
    for (int i = 0; i <= sh->nch; i++) {
        if (i < sh->nch && sh->ch[i].kind != TEXT_CH_BREAK)
            continue;
        if (i < sh->nch || i > from) {
            TextPara *p = &sh->paras[sh->npara++];
            p->from = from;
            p->to = i;
            p->ends_in_break = i < sh->nch;
        }
        from = i + 1;
    }
    return 0;
}

/* ---- bidi -------------------------------------------------------------- */

static int text_bidi(TextShaped *sh, TextPara *p, const FriBidiChar *cps,
                     FriBidiParType base)
{
    int n = p->to - p->from;
    FriBidiBracketType *brackets = text_calloc((size_t)n, sizeof *brackets);
    FriBidiParType dir = base;
    int ok = brackets != NULL;
    if (ok && n > 0) {
        fribidi_get_bidi_types(cps + p->from, n, sh->types + p->from);
        fribidi_get_bracket_types(cps + p->from, n, sh->types + p->from, brackets);
        ok = fribidi_get_par_embedding_levels_ex(sh->types + p->from, brackets, n, &dir,
                                                 sh->levels + p->from) != 0;
    }
    p->rtl = FRIBIDI_IS_RTL(dir) ? 1 : 0;
    free(brackets);
    return ok ? 0 : -1;
}

/* ---- scripts and fonts ------------------------------------------------- */

/* Each character's script; the neutral ones take the script before them, or
 * the first after them at a paragraph's start, or fallback. */
static void text_scripts(const TextShaped *sh, const TextPara *p, hb_script_t *scr,
                         hb_script_t fallback)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    hb_script_t last = HB_SCRIPT_INVALID;
    for (int i = p->from; i < p->to; i++) {
        scr[i] = hb_unicode_script(uf, sh->ch[i].cp);
        if (text_script_is_real(scr[i]))
            last = scr[i];
        else if (last != HB_SCRIPT_INVALID)
            scr[i] = last;
    }
    last = fallback;
    for (int i = p->to - 1; i >= p->from; i--) {
        if (text_script_is_real(scr[i]))
            last = scr[i];
        else
            scr[i] = last;
    }
}

static int text_font_index(TextShaped *sh, const TextFont *font)
{
    for (int i = 0; i < sh->nfonts; i++)
        if (sh->fonts[i] == font)
            return i;
    if (sh->nfonts == TEXT_MAX_FONTS)
        return 0;
    sh->fonts[sh->nfonts] = font;
    sh->ratio[sh->nfonts] = (double)sh->fonts[0]->upem / font->upem;
    return sh->nfonts++;
}

/* The script's font when it has the character, else the layout's font when
 * it has it, else the font of another script of the paragraph that has it,
 * else the layout's (its replacement glyph). */
static void text_fonts(TextShaped *sh, const TextPara *p, const hb_script_t *scr,
                       const char *lang_sub)
{
    const TextFont *main_font = sh->fonts[0];
    for (int i = p->from; i < p->to; i++) {
        char tag[5] = {0};
        hb_tag_to_string(hb_script_to_iso15924_tag(scr[i]), tag);
        const TextFont *sf = text_script_font(main_font, tag, lang_sub);
        uint32_t cp = sh->ch[i].cp;
        /* A space between two words of the script is the script's too (its
         * neutral characters took it), so it stays in their run. */
        if (sf && stbtt_FindGlyphIndex(&sf->info, (int)cp) != 0) {
            sh->ch[i].font = text_font_index(sh, sf);
        } else if (stbtt_FindGlyphIndex(&main_font->info, (int)cp) != 0) {
            sh->ch[i].font = 0;
        } else {
            const TextFont *of = text_font_among(main_font, scr + p->from, p->to - p->from,
                                                 scr[i], lang_sub, cp);
            sh->ch[i].font = of ? text_font_index(sh, of) : 0;
        }
    }
}

/* ---- shaping ----------------------------------------------------------- */

/* A glyph the font lacks (hb gives 0) is drawn as U+FFFD or '?', with that
 * glyph's advance. */
static void text_missing_glyph(const TextFont *font, TextGl *g, uint32_t cp, double ratio)
{
    int adv, lsb;
    g->glyph = text_glyph_for(font, cp);
    if (g->glyph == 0)
        return;
    stbtt_GetGlyphHMetrics(&font->info, g->glyph, &adv, &lsb);
    g->adv = adv * ratio;
    g->dx = g->dy = 0.0;
}

static int text_grow_glyphs(TextShaped *sh, int *cap, int more)
{
    if (sh->ngl + more <= *cap)
        return 0;
    if (more > INT_MAX / 2 - sh->ngl)
        return -1;
    int ncap = (sh->ngl + more) * 2;
    TextGl *ng = realloc(sh->gl, (size_t)ncap * sizeof *ng);
    if (!ng)
        return -1;
    sh->gl = ng;
    *cap = ncap;
    return 0;
}

/* Shape chars [from, to) of paragraph p, one level, script and font. */
static int text_shape_run(TextShaped *sh, hb_buffer_t *buf, const TextPara *p,
                          const hb_codepoint_t *cps, int from, int to, hb_script_t script,
                          hb_language_t language, int *cap)
{
    int fi = sh->ch[from].font;
    const TextFont *font = sh->fonts[fi];
    unsigned int flags = HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES;
    if (from == p->from)
        flags |= HB_BUFFER_FLAG_BOT;
    if (to == p->to)
        flags |= HB_BUFFER_FLAG_EOT;
    hb_buffer_clear_contents(buf);
    hb_buffer_add_codepoints(buf, cps + p->from, p->to - p->from, (unsigned)(from - p->from),
                             to - from);
    hb_buffer_set_direction(buf, (sh->levels[from] & 1) ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, script);
    hb_buffer_set_language(buf, language);
    hb_buffer_set_flags(buf, (hb_buffer_flags_t)flags);
    hb_shape(font->hb, buf, NULL, 0);
    if (!hb_buffer_allocation_successful(buf))
        return -1;
    unsigned int n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    if (n > (unsigned)INT_MAX / 4 || text_grow_glyphs(sh, cap, (int)n) != 0)
        return -1;
    double r = sh->ratio[fi];
    for (unsigned int k = 0; k < n; k++) {
        int c = p->from + (int)info[k].cluster;
        TextGl *g = &sh->gl[sh->ngl];
        if (c < from || c >= to)
            continue; /* cannot happen: clusters stay in their item */
        g->glyph = (int)info[k].codepoint;
        g->font = fi;
        g->adv = pos[k].x_advance * r;
        g->dx = pos[k].x_offset * r;
        g->dy = pos[k].y_offset * r;
        if (g->glyph == 0)
            text_missing_glyph(font, g, sh->ch[c].cp, r);
        TextCh *ch = &sh->ch[c];
        if (!ch->start) {
            ch->start = 1;
            ch->g0 = sh->ngl;
        }
        ch->ng++;
        ch->adv += g->adv;
        sh->ngl++;
    }
    return 0;
}

/* Runs of one level, script and font, shaped in logical order. */
static int text_shape_para(TextShaped *sh, hb_buffer_t *buf, const TextPara *p,
                           const hb_codepoint_t *cps, const hb_script_t *scr,
                           hb_language_t language, int *cap)
{
    int from = p->from;
    while (from < p->to) {
        int to = from + 1;
        while (to < p->to && sh->levels[to] == sh->levels[from] && scr[to] == scr[from] &&
               sh->ch[to].font == sh->ch[from].font)
            to++;
        if (text_shape_run(sh, buf, p, cps, from, to, scr[from], language, cap) != 0)
            return -1;
        from = to;
    }
    /* A glyph's cluster may start after characters that drew nothing (an
     * ignorable removed): the paragraph's first character starts one anyway. */
    if (p->to > p->from)
        sh->ch[p->from].start = 1;
    return 0;
}

/* ---- line-break opportunities ------------------------------------------- */

/* brk = a line may start at the character: ICU's iterator says so, it starts
 * a cluster, and it is not the paragraph's first. Without an iterator (ICU
 * failed to open one) lines break after spaces only. */
static int text_breaks(TextShaped *sh, const TextPara *p, UBreakIterator *bi)
{
    int n = p->to - p->from;
    UChar *u = text_calloc((size_t)n * 2 + 1, sizeof *u);
    int *at = text_calloc((size_t)n * 2 + 1, sizeof *at);  /* UTF-16 index -> character */
    char *allow = text_calloc((size_t)n + 1, 1);           /* from the paragraph's start */
    int rc = u && at && allow ? 0 : -1;
    int32_t len = 0;
    for (int i = 0; rc == 0 && i < n; i++) {
        UChar32 cp = (UChar32)sh->ch[p->from + i].cp;
        at[len] = i;
        if (cp > 0xFFFF) {
            u[len++] = U16_LEAD(cp);
            at[len] = i;
            u[len++] = U16_TRAIL(cp);
        } else {
            u[len++] = (UChar)cp;
        }
    }
    UErrorCode status = U_ZERO_ERROR;
    if (rc == 0 && bi && n > 0)
        ubrk_setText(bi, u, len, &status);
    if (rc == 0 && bi && n > 0 && U_SUCCESS(status)) {
        for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
            if (b > 0 && b < len)
                allow[at[b]] = 1;
    } else if (rc == 0) {
        for (int i = 1; i < n; i++)
            allow[i] = sh->ch[p->from + i - 1].kind == TEXT_CH_SPACE;
    }
    for (int i = p->from + 1; rc == 0 && i < p->to; i++)
        sh->ch[i].brk = allow[i - p->from] && sh->ch[i].start;
    if (bi && n > 0 && U_SUCCESS(status))
        ubrk_setText(bi, NULL, 0, &status); /* u is freed: let go of it */
    free(u);
    free(at);
    free(allow);
    return rc;
}

/* ---- the whole text ------------------------------------------------------ */

void text_shaped_free(TextShaped *sh)
{
    if (!sh)
        return;
    free(sh->ch);
    free(sh->types);
    free(sh->levels);
    free(sh->gl);
    free(sh->paras);
    memset(sh, 0, sizeof *sh);
}

static FriBidiParType text_base_dir(const LangInfo *li)
{
    if (!li->lang[0])
        return FRIBIDI_PAR_ON;
    return li->rtl ? FRIBIDI_PAR_WRTL : FRIBIDI_PAR_WLTR;
}

static int text_shape_all(TextShaped *sh, const LangInfo *li, hb_codepoint_t *cps,
                          hb_script_t *scr)
{
    hb_language_t language = hb_language_from_string(li->bcp47[0] ? li->bcp47 : "und", -1);
    hb_script_t fallback = hb_script_from_string(li->script, -1);
    hb_buffer_t *buf = hb_buffer_create();
    int cap = 0, rc = hb_buffer_allocation_successful(buf) ? 0 : -1;
    /* The language's rules where ICU has them (Japanese, Chinese), the root's
     * otherwise; NULL (breaks after spaces only) if ICU cannot open one. */
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_LINE, li->lang[0] ? li->lang : "", NULL, 0, &status);
    if (U_FAILURE(status))
        bi = NULL;
    for (int i = 0; i < sh->nch; i++)
        cps[i] = sh->ch[i].cp;
    for (int k = 0; rc == 0 && k < sh->npara; k++) {
        TextPara *p = &sh->paras[k];
        if (text_bidi(sh, p, (const FriBidiChar *)cps, text_base_dir(li)) != 0)
            rc = -1;
        if (rc == 0) {
            text_scripts(sh, p, scr, fallback);
            text_fonts(sh, p, scr, li->lang);
            rc = text_shape_para(sh, buf, p, cps, scr, language, &cap);
        }
        if (rc == 0)
            rc = text_breaks(sh, p, bi);
    }
    if (bi)
        ubrk_close(bi);
    hb_buffer_destroy(buf);
    return rc;
}

int text_shape(const TextFont *f, const char *lang, const char *utf8, size_t len,
               TextShaped *sh)
{
    LangInfo li;
    memset(sh, 0, sizeof *sh);
    if (!f || (!utf8 && len > 0) || len >= (size_t)INT_MAX / 4)
        return -1;
    lang_parse(lang, &li);
    sh->fonts[0] = f;
    sh->ratio[0] = 1.0;
    sh->nfonts = 1;
    sh->ch = text_calloc(len + 1, sizeof *sh->ch);
    if (!sh->ch)
        return -1;
    sh->nch = text_clean(sh, utf8 ? utf8 : "", len);
    sh->types = text_calloc((size_t)sh->nch, sizeof *sh->types);
    sh->levels = text_calloc((size_t)sh->nch, sizeof *sh->levels);
    hb_codepoint_t *cps = text_calloc((size_t)sh->nch, sizeof *cps);
    hb_script_t *scr = text_calloc((size_t)sh->nch, sizeof *scr);
    int rc = sh->types && sh->levels && cps && scr ? text_paragraphs(sh) : -1;
    if (rc == 0)
        rc = text_shape_all(sh, &li, cps, scr);
    free(cps);
    free(scr);
    if (rc != 0)
        text_shaped_free(sh);
    return rc;
}
