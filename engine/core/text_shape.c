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
 *   4. libunibreak marks where UAX #14 lets a line start (libthai's dictionary
 *      inside Thai, which has no spaces), kept only at a cluster's start.
 * Advances are in the layout font's units: another font's are scaled by the
 * ratio of the units per em, as every font is drawn at the same em.
 *
 * libunibreak's tables and libthai's dictionary are set up once a process
 * (pthread_once) and the dictionary is used under a lock: compose threads lay
 * out captions while the main thread lays out the shelf. */
#include "text_parts.h"

#include "lang.h"
#include "utf8.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <linebreak.h>
#include <thai/thbrk.h>
#include <thai/thwbrk.h>

/* ---- once a process ---------------------------------------------------- */

static pthread_once_t text_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t text_thai_lock = PTHREAD_MUTEX_INITIALIZER;
static ThBrk *text_thai; /* the system's dictionary; NULL when libthai has none */

static void text_init_once(void)
{
    init_linebreak();
    text_thai = th_brk_new(NULL);
}

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

static int text_is_real_script(hb_script_t s)
{
    return s != HB_SCRIPT_COMMON && s != HB_SCRIPT_INHERITED && s != HB_SCRIPT_UNKNOWN;
}

/* Each character's script; the neutral ones take the script before them, or
 * the first after them at a paragraph's start, or fallback. */
static void text_scripts(const TextShaped *sh, const TextPara *p, hb_script_t *scr,
                         hb_script_t fallback)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    hb_script_t last = HB_SCRIPT_INVALID;
    for (int i = p->from; i < p->to; i++) {
        scr[i] = hb_unicode_script(uf, sh->ch[i].cp);
        if (text_is_real_script(scr[i]))
            last = scr[i];
        else if (last != HB_SCRIPT_INVALID)
            scr[i] = last;
    }
    last = fallback;
    for (int i = p->to - 1; i >= p->from; i--) {
        if (text_is_real_script(scr[i]))
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

/* The script's font when it has the character, else the layout's font. */
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
        int use_script = sf && stbtt_FindGlyphIndex(&sf->info, (int)cp) != 0;
        sh->ch[i].font = use_script ? text_font_index(sh, sf) : 0;
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

/* Where libthai's dictionary puts word breaks in a run of Thai letters. */
static void text_thai_breaks(TextShaped *sh, const hb_script_t *scr, int from, int to,
                             char *allow)
{
    int n = to - from;
    wchar_t *w = text_calloc((size_t)n + 1, sizeof *w);
    int *pos = text_calloc((size_t)n + 1, sizeof *pos);
    (void)scr;
    if (w && pos && text_thai) {
        for (int i = 0; i < n; i++)
            w[i] = (wchar_t)sh->ch[from + i].cp;
        pthread_mutex_lock(&text_thai_lock);
        int nb = th_brk_wc_find_breaks(text_thai, w, pos, (size_t)n);
        pthread_mutex_unlock(&text_thai_lock);
        for (int k = 0; k < nb; k++)
            if (pos[k] > 0 && pos[k] < n)
                allow[from + pos[k]] = 1;
    }
    free(w);
    free(pos);
}

/* brk = a line may start at the character: UAX #14 says so (the dictionary
 * too in Thai), it starts a cluster, and it is not the paragraph's first. */
static int text_breaks(TextShaped *sh, const TextPara *p, const hb_script_t *scr,
                       const char *lang_sub)
{
    int n = p->to - p->from;
    char *brks = text_calloc((size_t)n, 1);
    char *allow = text_calloc((size_t)sh->nch + 1, 1);
    utf32_t *u = text_calloc((size_t)n, sizeof *u);
    if (!brks || !allow || !u) {
        free(brks);
        free(allow);
        free(u);
        return -1;
    }
    for (int i = 0; i < n; i++)
        u[i] = sh->ch[p->from + i].cp;
    if (n > 0)
        set_linebreaks_utf32(u, (size_t)n, lang_sub && lang_sub[0] ? lang_sub : NULL, brks);
    for (int i = 0; i + 1 < n; i++)
        allow[p->from + i + 1] = brks[i] == LINEBREAK_ALLOWBREAK || brks[i] == LINEBREAK_MUSTBREAK;
    for (int i = p->from; i < p->to;) {
        int j = i;
        while (j < p->to && scr[j] == HB_SCRIPT_THAI && sh->ch[j].kind == TEXT_CH_GLYPH)
            j++;
        if (j - i > 1)
            text_thai_breaks(sh, scr, i, j, allow);
        i = j > i ? j : i + 1;
    }
    for (int i = p->from + 1; i < p->to; i++)
        sh->ch[i].brk = allow[i] && sh->ch[i].start;
    free(brks);
    free(allow);
    free(u);
    return 0;
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
    for (int i = 0; i < sh->nch; i++)
        cps[i] = sh->ch[i].cp;
    for (int k = 0; rc == 0 && k < sh->npara; k++) {
        TextPara *p = &sh->paras[k];
        for (int i = p->from; i < p->to; i++)
            sh->ch[i].para = k;
        if (text_bidi(sh, p, (const FriBidiChar *)cps, text_base_dir(li)) != 0)
            rc = -1;
        if (rc == 0) {
            text_scripts(sh, p, scr, fallback);
            text_fonts(sh, p, scr, li->lang);
            rc = text_shape_para(sh, buf, p, cps, scr, language, &cap);
        }
        if (rc == 0)
            rc = text_breaks(sh, p, scr, li->lang);
    }
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
    pthread_once(&text_once, text_init_once);
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
