/* layout — where things go on the screen, as plain arithmetic.
 *
 * A picture is letterboxed: scaled to fit the screen without distortion and
 * centred. The caption band sits at the bottom and never covers the middle
 * of the picture: its height is limited so it stays within the lowest part of
 * the screen, and when the letterbox leaves a bar below the picture that is
 * tall enough, the words go there instead of over the picture. */
#ifndef HUSHABYE_LAYOUT_H
#define HUSHABYE_LAYOUT_H

typedef struct { int x, y, w, h; } LayoutRect;

/* Is the point (x, y), in pixels, inside r (its right and bottom edges
 * excluded)? The one hit test of buttons, marks and panels. */
int layout_contains(LayoutRect r, float x, float y);

/* Largest rect with the picture's aspect ratio that fits in screen_w x screen_h,
 * centred. Zero-size pictures or screens give a zero rect. */
LayoutRect layout_letterbox(int pic_w, int pic_h, int screen_w, int screen_h);

typedef struct {
    LayoutRect band;     /* the soft band behind the words (may be empty) */
    LayoutRect text;     /* the box the words are laid out in (inside band) */
    float min_px, max_px;/* font pixel heights to try, largest first */
    int max_lines;       /* lines allowed */
} LayoutCaption;

/* The caption area for a screen and the picture's letterbox rect. The band is at
 * most 30% of the screen height and never reaches above 62% of it, so the middle
 * of the picture stays clear. */
LayoutCaption layout_caption(int screen_w, int screen_h, LayoutRect picture);

/* The small, quiet replay control: a square in the lower left corner. */
LayoutRect layout_replay_mark(int screen_w, int screen_h);

/* The sign that a page is paused: a small square centred at the top of the
 * screen, where it never covers the words (they sit low), the replay mark
 * (lower left) or the kiosk's corner mark (upper left). 9% of the shorter
 * side, at least 16 px; a zero rect for a screen too small for it. */
LayoutRect layout_pause_sign(int screen_w, int screen_h);
/* Its two soft bars inside a sign of side size (x, y relative to the sign). */
LayoutRect layout_pause_bar(int size, int which);

/* The bookshelf: covers in one row, layout_shelf_columns() of them on screen. */
typedef struct {
    LayoutRect cover;   /* 4:3 */
    LayoutRect title;   /* below the cover */
} LayoutTile;

int layout_shelf_columns(int screen_w, int screen_h);
/* The tile in visible slot 0..shown-1, where shown tiles are on screen (at
 * most the columns): fewer than the columns are centred, so a lone story sits
 * in the middle, not in the left third. */
LayoutTile layout_shelf_tile(int screen_w, int screen_h, int slot, int shown);
/* Which visible slot (0..shown-1) the point in window fractions hits, or -1. */
int layout_shelf_hit(int screen_w, int screen_h, int shown, float fx, float fy);
/* The row of dots under the tiles that says there are more than fit: the
 * centre of dot i of n, and its radius. */
LayoutRect layout_shelf_dot(int screen_w, int screen_h, int i, int n);

#endif
