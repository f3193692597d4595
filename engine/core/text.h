/* text — words on the screen with stb_truetype, no SDL.
 *
 * A TextFont owns the font file's bytes and the stbtt_fontinfo. text_layout()
 * breaks UTF-8 words into lines that fit a width (at spaces, or anywhere in a
 * word too long for a line), applies kerning, centres each line, and returns
 * glyph positions in pixels; text_render() draws a layout as 8-bit coverage,
 * which the compositor tints. Fonts come only from the project's assets or the
 * system, never from a story folder (stb_truetype trusts its input).
 *
 * Each glyph keeps the byte offset of its character in the source text, so a
 * read-along highlight can colour a byte range without laying out again. */
#ifndef HUSHABYE_TEXT_H
#define HUSHABYE_TEXT_H

#include <stddef.h>
#include <stdint.h>

typedef struct TextFont TextFont;

/* One drawn character. Spaces and newlines are not glyphs (they only move the
 * pen); a character the font lacks is drawn as its U+FFFD or '?' glyph. An
 * ellipsis added by truncation has the byte of the first character it hides. */
typedef struct TextGlyph {
    uint32_t cp;      /* code point */
    int glyph;        /* stbtt glyph index (0 = missing: not even U+FFFD or '?') */
    float x;          /* pen position of the glyph origin, pixels from the box's left */
    int line;         /* 0-based line */
    int byte;         /* offset of the character in the source text */
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

/* Load a TrueType/OpenType file (the first font of a collection), at most 32 MiB.
 * NULL with "path: reason" in err on failure. */
TextFont *text_font_load(const char *path, char *err, size_t errlen);
/* Take ownership of malloc'ed bytes. NULL (and data freed) when not a usable font. */
TextFont *text_font_from_memory(unsigned char *data, size_t len);
void text_font_free(TextFont *f);
/* Does the font have a glyph of its own for cp? (f NULL: 0) */
int text_font_has(const TextFont *f, uint32_t cp);
/* How many drawn characters of utf8[0..len) the font lacks (they would show as
 * U+FFFD or '?'); spaces and control characters are not counted. Lets a caller
 * warn, or pick a fallback font, for a caption in a script the font does not
 * cover (SIL Andika has Latin and Cyrillic but only a few Greek letters). */
size_t text_font_missing(const TextFont *f, const char *utf8, size_t len);

/* Lay out utf8[0..len) at pixel height px, lines no wider than max_width (<= 0:
 * no wrapping), at most max_lines lines (0 = no limit). Lines break at spaces
 * (runs of spaces and tabs collapse to one; none start or end a line); a word
 * wider than a line is broken between characters. Each newline ends a line, and
 * a newline with no line open is an empty line ("a\n\nb" is 3 lines, "a\n" is 1).
 * Carriage returns and other control characters are ignored; invalid UTF-8 shows
 * as U+FFFD. Past max_lines the text is cut and the last line ends with U+2026
 * (or "..." when the font lacks it), shortened until that fits; truncated = 1.
 * Empty text gives 0 lines and a 0 x 0 box. Returns 0, or -1 on bad arguments
 * (f NULL, px outside (0, 4096]) or allocation failure (out zeroed). */
int text_layout(const TextFont *f, const char *utf8, size_t len, float px,
                int max_width, int max_lines, TextLayout *out);
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

/* Choose the largest whole pixel height in [min_px, max_px] at which the text fits
 * in max_width x max_height untruncated (a bisection, so it assumes fitting is
 * monotonic in px); fills out with that layout. When even min_px does not fit, out
 * is the min_px layout cut to the lines that fit in max_height (at least one), with
 * an ellipsis and truncated = 1. max_height <= 0: no height limit. Returns 0 or -1
 * (as text_layout). */
int text_fit(const TextFont *f, const char *utf8, size_t len, float min_px,
             float max_px, int max_width, int max_height, TextLayout *out);

/* Width in pixels of the widest line of the text laid out without wrapping
 * (advances and kerning, unrounded). -1 on bad arguments or allocation failure. */
float text_measure(const TextFont *f, const char *utf8, size_t len, float px);

#endif
