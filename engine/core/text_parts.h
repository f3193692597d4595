/* text_parts — what text.c (fonts, lines, drawing) and text_shape.c (runs,
 * bidi, shaping, break opportunities) share; private to the two.
 *
 * text_shape() turns UTF-8 into a TextShaped: the cleaned characters (spaces
 * collapsed, controls dropped) cut into paragraphs at newlines, each character
 * with its bidi level, whether a line may start at it and the advance of the
 * cluster it starts, and the shaped glyphs of every run, all in the layout
 * font's units. Nothing in it depends on the pixel size, so text_fit shapes
 * once and breaks lines at as many sizes as its search tries. */
#ifndef HUSHABYE_TEXT_PARTS_H
#define HUSHABYE_TEXT_PARTS_H

#include "text.h"

#include <pthread.h>

#include <fribidi.h>
#include <hb.h>
#include <stb_truetype.h>

#define TEXT_SCRIPT_SLOTS 24
#define TEXT_MAX_FONTS 8       /* fonts one layout may use, its own first */

/* One script's font, found and loaded the first time a caption needs it. */
typedef struct TextScriptSlot {
    char script[5];
    char lang[9];
    TextFont *font;    /* NULL: looked for and not found (or not usable) */
    int owner;         /* 1 when this slot frees font (another may share it) */
} TextScriptSlot;

typedef struct TextScripts {
    pthread_mutex_t lock; /* layouts run on the compose threads as well */
    int enabled;
    char root[512];
    TextScriptSlot slot[TEXT_SCRIPT_SLOTS];
    int nslots;
} TextScripts;

struct TextFont {
    unsigned char *data;
    size_t len;
    stbtt_fontinfo info;
    int ascent, descent, line_gap; /* font units, descent negative */
    int upem;
    hb_font_t *hb;                 /* the same bytes, scaled to upem */
    TextScripts *scripts;          /* NULL in a script's own font */
};

enum { TEXT_CH_GLYPH, TEXT_CH_SPACE, TEXT_CH_BREAK };

typedef struct TextCh {
    uint32_t cp;
    int byte;            /* offset in the source text */
    int kind;            /* TEXT_CH_* */
    int font;            /* index into TextShaped.fonts */
    int g0, ng;          /* its cluster's glyphs (for a cluster's first character) */
    double adv;          /* the cluster's advance (first character), layout units */
    unsigned char start; /* 1: the first character of a cluster */
    unsigned char brk;   /* 1: a line may start here (UAX #14 and a cluster start) */
} TextCh;

typedef struct TextGl {
    int glyph, font;
    double adv, dx, dy;  /* layout units; dy upwards, as in the font */
} TextGl;

typedef struct TextPara {
    int from, to;        /* characters, '\n' excluded */
    int rtl;             /* the resolved direction */
    int ends_in_break;   /* a newline follows it */
} TextPara;

typedef struct TextShaped {
    const TextFont *fonts[TEXT_MAX_FONTS];
    double ratio[TEXT_MAX_FONTS]; /* layout units per unit of each font (same em) */
    int nfonts;
    TextCh *ch;
    int nch;
    FriBidiCharType *types;       /* per character, for reordering lines */
    FriBidiLevel *levels;
    TextGl *gl;
    int ngl;
    TextPara *paras;
    int npara;
} TextShaped;

/* Shape utf8[0..len) for the font f (and the fonts of the scripts it lacks) in
 * language lang (NULL: unknown). 0, or -1 on allocation failure (sh zeroed). */
int text_shape(const TextFont *f, const char *lang, const char *utf8, size_t len,
               TextShaped *sh);
void text_shaped_free(TextShaped *sh);

/* The font f keeps for an ISO 15924 script (and language subtag, "" for
 * none), loading it the first time; NULL when the script has none. */
const TextFont *text_script_font(const TextFont *f, const char *script, const char *lang);

/* A script of its own: not Common, Inherited or Unknown (punctuation,
 * digits and marks take the script around them). */
int text_script_is_real(hb_script_t s);

#define TEXT_TRY_SCRIPTS 8 /* scripts of a text looked at for a neutral character */

/* The font f keeps for one of scripts[0..n) other than skip that has a glyph
 * for cp (the first TEXT_TRY_SCRIPTS different scripts looked at), or NULL:
 * for a neutral character the script before it left without one, as a
 * full-width colon after a Latin title in a Chinese sentence. */
const TextFont *text_font_among(const TextFont *f, const hb_script_t *scripts, int n,
                                hb_script_t skip, const char *lang, uint32_t cp);

/* The glyph drawn for cp: its own, else U+FFFD, else '?', else 0 (.notdef). */
int text_glyph_for(const TextFont *f, uint32_t cp);

/* Characters that draw nothing and are dropped before shaping (-1), spaces
 * and tabs, newlines, and the rest (glyphs). */
int text_kind(uint32_t cp);

#endif
