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

typedef struct TextGlyph {
    uint32_t cp;      /* code point */
    int glyph;        /* stbtt glyph index (0 = missing) */
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
    int width, height; /* the box: widest line, nlines * line_height */
    int truncated;     /* 1 if max_lines cut the text (an ellipsis ends the last line) */
} TextLayout;

/* Find a font file: the preferred family (SIL Andika) from the system or assets_dir,
 * else a fallback (DejaVu Sans, Liberation Sans, FreeSans, Noto Sans, any .ttf in
 * assets_dir). Writes the path into out. Returns 1 when the preferred font was found,
 * 0 when a fallback was used, -1 when no font at all (text is then not drawn). */
int text_find_font(const char *assets_dir, char *out, size_t outlen);

/* Load a TrueType/OpenType file. NULL with a message in err on failure. */
TextFont *text_font_load(const char *path, char *err, size_t errlen);
/* Take ownership of malloc'ed bytes. NULL (and data freed) when not a usable font. */
TextFont *text_font_from_memory(unsigned char *data, size_t len);
void text_font_free(TextFont *f);
/* Does the font have a glyph for cp? */
int text_font_has(const TextFont *f, uint32_t cp);

/* Lay out utf8[0..len) at pixel height px, lines no wider than max_width, at most
 * max_lines lines (0 = no limit). Newlines in the text start new lines. Returns 0,
 * or -1 on allocation failure (out zeroed). */
int text_layout(const TextFont *f, const char *utf8, size_t len, float px,
                int max_width, int max_lines, TextLayout *out);
void text_layout_free(TextLayout *l);

/* Draw the layout's coverage (0..255) into a w x h buffer at (ox, oy) = top-left
 * of the layout box, clipping at the buffer's edges; pixels are max'ed, not
 * overwritten. */
void text_render(const TextFont *f, const TextLayout *l, uint8_t *alpha,
                 int w, int h, int stride, int ox, int oy);
/* The same for the glyphs whose source byte lies in [byte_from, byte_to) only
 * (a read-along highlight is drawn as a second coverage buffer). */
void text_render_range(const TextFont *f, const TextLayout *l, uint8_t *alpha,
                       int w, int h, int stride, int ox, int oy,
                       int byte_from, int byte_to);

/* Choose the largest pixel height in [min_px, max_px] at which the text fits in
 * max_width x max_height; fills out with that layout. Returns 0 or -1. */
int text_fit(const TextFont *f, const char *utf8, size_t len, float min_px,
             float max_px, int max_width, int max_height, TextLayout *out);

#endif
