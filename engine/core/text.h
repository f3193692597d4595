/* text — words on the screen, shaped with HarfBuzz, ordered with FriBidi and
 * rasterised with stb_truetype, no SDL.
 *
 * A TextFont owns the font file's bytes, the stbtt_fontinfo and a HarfBuzz font
 * made from the same bytes, and, once a caption needs them, the fonts of the
 * scripts it lacks (text_find_script_font: Arabic, Hebrew, Devanagari, Bengali,
 * Thai, Han ...). text_layout() cuts UTF-8 text into runs of one script, one
 * bidi level and one font, shapes each run, breaks lines only where UAX #14
 * (ICU, with a dictionary for Thai) allows and never inside a
 * cluster, puts each line in visual order (right-to-left runs reversed),
 * centres each line, and returns glyph positions in pixels; text_render() draws
 * a layout as 8-bit coverage, which the compositor tints. Fonts come only from
 * the project's assets or the system, never from a story folder (stb_truetype
 * trusts its input).
 *
 * Each glyph keeps the byte offset of its cluster in the source text, so a
 * read-along highlight can colour a byte range without laying out again: the
 * glyphs of a word are the ones whose byte lies in the word, wherever the line's
 * order put them (right to left in Arabic). */
#ifndef HUSHABYE_TEXT_H
#define HUSHABYE_TEXT_H

#include <stddef.h>
#include <stdint.h>

typedef struct TextFont TextFont;

/* One drawn character. Spaces and newlines are not glyphs (they only move the
 * pen); a character the font lacks is drawn as its U+FFFD or '?' glyph. An
 * ellipsis added by truncation has the byte of the first character it hides. */
typedef struct TextGlyph {
    uint32_t cp;      /* code point (the first of the glyph's cluster) */
    int glyph;        /* glyph index in its font (0 = missing: not even U+FFFD or '?') */
    float x;          /* glyph origin, pixels from the box's left (HarfBuzz's offset in) */
    float y;          /* glyph origin below the line's baseline, pixels (marks move up: < 0) */
    int line;         /* 0-based line */
    int byte;         /* offset of the glyph's cluster in the source text */
    const TextFont *font; /* the font it is drawn with: the layout's, or one of the
                             fonts it holds for other scripts; NULL = the layout's */
} TextGlyph;

typedef struct TextLayout {
    TextGlyph *glyphs;
    int nglyphs;
    int nlines;
    float px;          /* pixel height the layout was made for */
    int line_height;   /* pixels from one baseline to the next */
    int ascent;        /* pixels from the top of a line to its baseline */
    int width, height; /* the box: widest line (advance widths, rounded up; never
                          more than max_width unless one character alone is
                          wider), nlines * line_height. Each line is centred in
                          this box, not in max_width; the caller centres the box.
                          Ink may overhang the box by a pixel or two (bearings). */
    int truncated;     /* 1 if max_lines cut the text (an ellipsis ends the last line) */
    float em;          /* pixels per em of every font in the layout (the layout's font
                          sized to px, the others to the same em) */
    int rtl;           /* 1 when the first paragraph runs right to left */
} TextLayout;

/* Find a font file: the preferred family (SIL Andika: Andika-Regular.ttf, then any
 * upright regular Andika*.ttf/.otf under /usr/share/fonts, then one in
 * <assets_dir>/fonts), else a fallback: the first .ttf/.otf in <assets_dir>/fonts
 * (by name), then DejaVu Sans, Liberation Sans, FreeSans, Noto Sans from the
 * system. No fontconfig. assets_dir may be NULL. Writes the path into out (a path
 * that does not fit in outlen is skipped). Returns 1 when the preferred font was
 * found, 0 when a fallback was used, -1 when no font at all (out = ""; text is then
 * not drawn). Prints nothing: the caller logs the warning. */
int text_find_font(const char *assets_dir, char *out, size_t outlen);
/* The same search with fonts_root in place of /usr/share/fonts (for tests and
 * unusual systems). */
int text_find_font_under(const char *fonts_root, const char *assets_dir, char *out,
                         size_t outlen);

/* A system font covering more scripts than Andika (which lacks much of
 * Greek): the first of the fallbacks found. 0, or -1 when none. */
int text_find_wide_font(char *out, size_t outlen);

/* The font for an ISO 15924 script (and the language subtag lang, or NULL)
 * under /usr/share/fonts: Noto (fonts-noto-core) for Arabic (Nastaliq for
 * Urdu), Hebrew, the Indic scripts, Thai and others, WenQuanYi Micro Hei
 * (fonts-wqy-microhei) for Han, kana and hangul. 0 with the path in out, or -1
 * (out = "") when the script has no font of its own or it is not installed
 * (Latin, Cyrillic and Greek are the main and wide fonts' job). */
int text_find_script_font(const char *script, const char *lang, char *out, size_t outlen);
/* The same under fonts_root. */
int text_find_script_font_under(const char *fonts_root, const char *script, const char *lang,
                                char *out, size_t outlen);

/* Load a TrueType/OpenType file (the first font of a collection), at most 32 MiB.
 * NULL with "path: reason" in err on failure. */
TextFont *text_font_load(const char *path, char *err, size_t errlen);
/* Take ownership of malloc'ed bytes. NULL (and data freed) when not a usable font. */
TextFont *text_font_from_memory(unsigned char *data, size_t len);
/* Free the font and the fonts for other scripts it loaded (safe on NULL). Every
 * layout made with it is then unusable. */
void text_font_free(TextFont *f);
/* Where the fonts for other scripts are looked for: fonts_root in place of
 * /usr/share/fonts, or NULL for none at all (the font alone, as before
 * shaping had any other). Call before the first layout. f NULL: nothing. */
void text_font_set_script_fonts(TextFont *f, const char *fonts_root);
/* Units per em of the font's design (0 for NULL). */
int text_font_units_per_em(const TextFont *f);
/* Does the font have a glyph of its own for cp? (f NULL: 0) */
int text_font_has(const TextFont *f, uint32_t cp);
/* How many drawn characters of utf8[0..len) neither the font nor the font of
 * the character's script (text_find_script_font) has (they would show as U+FFFD
 * or '?'); spaces, control and format characters are not counted. Lets a caller
 * warn, or pick a fallback font, for a caption in a script no font covers
 * (SIL Andika has Latin and Cyrillic but only a few Greek letters). */
size_t text_font_missing(const TextFont *f, const char *utf8, size_t len);
/* The same, and the first such character in *first (when there is one). */
size_t text_font_missing_first(const TextFont *f, const char *utf8, size_t len,
                               uint32_t *first);

/* Lay out utf8[0..len) at pixel height px, lines no wider than max_width (<= 0:
 * no wrapping), at most max_lines lines (0 = no limit). Lines break at UAX #14's
 * opportunities (spaces, between ideographs, between Thai words; runs of spaces
 * and tabs collapse to one; none start or end a line), never inside a cluster;
 * a word wider than a line is broken between clusters. Each line is in visual
 * order: a paragraph's direction is its first strong letter's (the language's
 * when it has none), right-to-left runs read from the right. Each newline ends a line, and
 * a newline with no line open is an empty line ("a\n\nb" is 3 lines, "a\n" is 1).
 * Carriage returns and other control characters are ignored; invalid UTF-8 shows
 * as U+FFFD. Past max_lines the text is cut and the last line ends with U+2026
 * (or "..." when the font lacks it), shortened until that fits; truncated = 1.
 * Empty text gives 0 lines and a 0 x 0 box. Returns 0, or -1 on bad arguments
 * (f NULL, px outside (0, 4096]) or allocation failure (out zeroed). */
int text_layout(const TextFont *f, const char *utf8, size_t len, float px,
                int max_width, int max_lines, TextLayout *out);
/* The same for text in the language lang (BCP 47, story.ini's `language`; NULL
 * or "" = unknown): it gives a paragraph without strong letters its direction,
 * chooses a script's font where the language has its own (Urdu), tells
 * HarfBuzz the language (its local letter forms) and ICU its line-break rules. */
int text_layout_lang(const TextFont *f, const char *lang, const char *utf8, size_t len,
                     float px, int max_width, int max_lines, TextLayout *out);
void text_layout_free(TextLayout *l);

/* Draw the layout's coverage (0..255) into a w x h buffer (row pitch stride >= w)
 * at (ox, oy) = top-left of the layout box, clipping at the buffer's edges; pixels
 * are max'ed, not overwritten. Line n's baseline is at oy + n * line_height +
 * ascent. Never writes outside the buffer, whatever the offsets; does nothing when
 * an argument is NULL or a size is not positive. f must be the layout's font. */
void text_render(const TextFont *f, const TextLayout *l, uint8_t *alpha,
                 int w, int h, int stride, int ox, int oy);
/* The same for the glyphs whose source byte lies in [byte_from, byte_to) only
 * (a read-along highlight is drawn as a second coverage buffer). */
void text_render_range(const TextFont *f, const TextLayout *l, uint8_t *alpha,
                       int w, int h, int stride, int ox, int oy,
                       int byte_from, int byte_to);

/* The box, {x0, y0, x1, y1} with x0 <= x < x1, in the same buffer coordinates,
 * that text_render_range(..., ox, oy, byte_from, byte_to) can touch: the union
 * of those glyphs' bitmaps. 1, or 0 (box all zero) when they draw nothing. */
int text_range_box(const TextFont *f, const TextLayout *l, int ox, int oy, int byte_from,
                   int byte_to, int box[4]);

/* Choose the largest whole pixel height in [min_px, max_px] at which the text fits
 * in max_width x max_height untruncated (a bisection, so it assumes fitting is
 * monotonic in px); fills out with that layout. When even min_px does not fit, out
 * is the min_px layout cut to the lines that fit in max_height (at least one), with
 * an ellipsis and truncated = 1. max_height <= 0: no height limit. Returns 0 or -1
 * (as text_layout). */
int text_fit(const TextFont *f, const char *utf8, size_t len, float min_px,
             float max_px, int max_width, int max_height, TextLayout *out);
/* The same in the language lang (as text_layout_lang). The text is shaped once
 * for the whole search, not once a size. */
int text_fit_lang(const TextFont *f, const char *lang, const char *utf8, size_t len,
                  float min_px, float max_px, int max_width, int max_height, TextLayout *out);

/* Width in pixels of the widest line of the text laid out without wrapping
 * (shaped advances, unrounded). -1 on bad arguments or allocation failure. */
float text_measure(const TextFont *f, const char *utf8, size_t len, float px);

#endif
