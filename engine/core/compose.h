/* compose — one page's picture and words composed into one RGBA image, once.
 *
 * The renderer uploads the result as a single texture and afterwards only
 * draws it with alpha and colour modulation (transitions, dimming), so no
 * scaling or text layout ever happens per frame. This module is pure C:
 * tests compose pages and compare them to golden images.
 *
 * Pixels are 8-bit RGBA in memory order R,G,B,A, rows of w*4 bytes, with
 * straight (not premultiplied) alpha on input; the output is opaque. */
#ifndef HUSHABYE_COMPOSE_H
#define HUSHABYE_COMPOSE_H

#include <stdint.h>
#include "layout.h"
#include "text.h"

typedef struct {
    uint8_t *px;   /* w*h*4 bytes, malloc'ed */
    int w, h;
} ComposeImage;

/* The night colour pictures with transparency sit on, and the placeholder's. */
#define COMPOSE_NIGHT_R 0x1b
#define COMPOSE_NIGHT_G 0x22
#define COMPOSE_NIGHT_B 0x3d

typedef struct {
    const ComposeImage *picture;   /* decoded picture, any size; NULL = placeholder */
    int picture_prescaled;         /* 1 if picture is already at its letterbox size */
    const TextFont *font;          /* NULL = no words drawn */
    const char *text;              /* UTF-8 words or NULL */
    const char *language;          /* the story's language (BCP 47) or NULL: the words'
                                      direction when they have no letters, their fonts
                                      and line breaks (text_fit_lang) */
    int highlight_from, highlight_to; /* byte range drawn in the warm tone; from >= to = none */
    int replay_mark;               /* 1 = draw the small replay control (layout_replay_mark) */
    int band_only;                 /* 1 = the caption's band but not its words */
    int *cut;                      /* when not NULL, set to 1 if the words did not fit
                                    * and were cut with an ellipsis */
} ComposeInput;

/* Compose a screen_w x screen_h page. Returns 0, or -1 on allocation failure
 * or a screen size out of range (<= 0 or above 16384 a side); out is then
 * zeroed. out->px is malloc'ed; free with compose_free() (safe on a zeroed
 * image). A picture with no pixels composes as the placeholder. */
int compose_page(const ComposeInput *in, int screen_w, int screen_h, ComposeImage *out);
void compose_free(ComposeImage *img);
/* Read-along without recomposing the page: compose the page once with
 * band_only set, then for each lit word copy its rows from compose_words_top()
 * down into a strip (an image of those rows, full width) and draw the words
 * there with compose_words_strip(); only the strip changes on screen.
 * picture is where the page's picture lies (compose_picture_rect). */
LayoutRect compose_picture_rect(const ComposeInput *in, int screen_w, int screen_h);
int compose_words_top(int screen_w, int screen_h, LayoutRect picture);
int compose_words_strip(const ComposeInput *in, int screen_w, int screen_h, LayoutRect picture,
                        ComposeImage *strip, int y0);
/* The caption's words laid out and drawn once, for a read-along whose lit
 * word changes a dozen times a page: compose_words_box says which part of the
 * page a cue's glyphs touch, and compose_words_redraw draws just such a box
 * again, each pixel exactly as compose_words_strip draws it. A lit word then
 * costs the boxes of the word going out and the word coming in, not a layout
 * and every glyph of the caption. */
typedef struct {
    TextLayout layout;
    const TextFont *font;
    LayoutRect box;     /* the caption's text box on the page */
    int ox, oy;         /* the layout's top-left within box */
    uint8_t *cov;       /* box.w x box.h coverage of every glyph; NULL = no words */
} ComposeWords;

/* Lay out and draw in's words as compose_words_strip would (highlight
 * ignored). 1 with words, 0 with none (out zeroed), -1 on allocation failure
 * (out zeroed). Free with compose_words_free (safe on a zeroed one). */
int compose_words_prepare(const ComposeInput *in, int screen_w, int screen_h,
                          LayoutRect picture, ComposeWords *out);
void compose_words_free(ComposeWords *w);
/* The part of the page (in page pixels) the glyphs of bytes [from, to) draw
 * on, within the text box; w = 0 when they draw nothing. */
LayoutRect compose_words_box(const ComposeWords *w, int from, int to);
/* Redraw the part r of the page (page pixels) into strip, whose row 0 is page
 * row y0: base's pixels (the page without its words, as wide as the strip;
 * its row 0 is page row base_y), then the words with bytes [from, to) lit.
 * Only r (cut to the text box, the base and the strip) is written. 0, or -1
 * on allocation failure. */
int compose_words_redraw(const ComposeWords *w, const ComposeImage *base, int base_y, int from,
                         int to, LayoutRect r, ComposeImage *strip, int y0);
/* The same into pixels the caller owns (a locked texture): out->px, w and h
 * set, rows of exactly w*4 bytes. 0, or -1 (the pixels are then undefined). */
int compose_page_into(const ComposeInput *in, ComposeImage *out);

/* Scale src to exactly w x h with a proper filter (sRGB-aware, alpha-aware):
 * smooth when enlarging small drawings, no aliasing when shrinking photos.
 * Returns 0, or -1 (out zeroed) for an invalid size or allocation failure. */
int compose_scale(const ComposeImage *src, int w, int h, ComposeImage *out);

/* The bookshelf: a row of covers with titles; the selected one full and
 * softly outlined, the others a little dimmer. A tile without a cover shows
 * the night placeholder; the night tile ("Goodnight") shows a crescent; a
 * book being made ready shows a dim tile with three soft dots. */
typedef struct {
    const ComposeImage *cover;     /* any size, or NULL */
    const char *title;
    int is_night;
    int is_pending;                /* a dropped book, still being imported */
} ComposeTile;

typedef struct {
    const ComposeTile *tiles;      /* the visible ones, slot 0.. */
    int ntiles;
    int selected;                  /* slot of the selected tile, -1 = none */
    const TextFont *font;
    int total;                     /* tiles on the whole shelf: more than fit */
    int first;                     /* ... get a row of dots, this one the first lit */
    int rtl;                       /* 1: slot 0 (and the first dot) on the right, for an
                                      interface read right to left */
} ComposeShelf;

int compose_shelf(const ComposeShelf *in, int screen_w, int screen_h, ComposeImage *out);

/* A calm panel for the parents' gate and menu: night background, a line of
 * words at the top, buttons with centred labels (the selected one outlined).
 * Nothing on it is brighter than the story's words. */
typedef struct {
    LayoutRect r;
    const char *label;
    int selected;
} ComposeButton;

typedef struct {
    const char *title;
    LayoutRect title_box;
    const ComposeButton *buttons;
    int nbuttons;
    const TextFont *font;
    const char *status;            /* a line under the title, or NULL */
    LayoutRect status_box;
    int meter;                     /* 0..1000 a level bar, -1 none */
    LayoutRect meter_box;
    const char *const *lines;      /* a list (the problems found), one a row, or NULL */
    int nlines;
    LayoutRect lines_box;          /* ... cut into nlines rows; a line too long for
                                      its row is cut with an ellipsis */
} ComposePanel;

int compose_panel(const ComposePanel *in, int screen_w, int screen_h, ComposeImage *out);

/* The kiosk's corner mark: a size x size straight-alpha image of a small,
 * dim ring (drawn over every frame, where the parents' hold begins). */
int compose_corner_mark(int size, ComposeImage *out);

/* The sign that a page is paused: a size x size straight-alpha image of a
 * dim rounded square with two soft bars (layout_pause_bar), both far under
 * the words' brightness; the renderer fades it in with its own alpha. */
#define COMPOSE_PAUSE_BG_ALPHA  110   /* the square's alpha */
#define COMPOSE_PAUSE_BAR_LEVEL 0xa0  /* the bars' brightest channel */
int compose_pause_sign(int size, ComposeImage *out);

/* Mean absolute difference per channel between two images of the same size
 * (for golden-image tests); -1 if sizes differ. */
double compose_difference(const ComposeImage *a, const ComposeImage *b);

#endif
