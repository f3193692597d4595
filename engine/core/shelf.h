/* shelf — the bookshelf of every story found, as plain data.
 *
 * shelf_scan() looks in each stories folder (the bundled one, the family's
 * own, any given with --stories) for story folders, loads each (words and
 * settings only; no picture is decoded here) and keeps the playable ones in
 * order: folder by folder, by name (ignoring case) within each. The folders
 * are sorted before any is loaded, so when there are more than SHELF_MAX the
 * ones shown do not depend on the file system's order, and the log says how
 * many were left off. A story that cannot be played is left off with a
 * logged reason. Scanning again picks up a folder added while the program
 * runs: nothing is registered anywhere.
 *
 * Books dropped into a stories folder (an EPUB or a Bloom book) come as
 * extras: the story folders they were imported into, after the rest, and the
 * books still being made ready, each a tile that opens nothing.
 *
 * The shelf's screen is a row of big tiles: every story, then the books being
 * made ready, then the "Goodnight" tile (several stories back to back) when
 * there are two or more stories.
 * Selection moves with swipes and arrow keys; the visible row follows it. */
#ifndef HUSHABYE_SHELF_H
#define HUSHABYE_SHELF_H

#include "diag.h"
#include "story.h"

#define SHELF_MAX 256
#define SHELF_PENDING_MAX 8   /* "getting the book ready" tiles shown at once */

typedef struct {
    Story stories[SHELF_MAX];
    int n;
    char *pending[SHELF_PENDING_MAX];  /* titles of books being made ready */
    int npending;
    int selected;     /* tile index: 0..n-1 a story, then the pending ones,
                         then the night tile */
    int first;        /* first visible tile */
    int version;      /* bumped on every visible change: the edge recomposes */
} Shelf;

/* Scan the folders (NULL entries and missing folders are skipped quietly), in
 * the order given: the caller puts the family's stories folder first. A story
 * folder named as one found in an earlier folder is left out (the family's
 * copy of a bundled story hides it: one cover, not two). At most
 * SHELF_MAX stories; when there are more story folders a warning in d says
 * "the shelf shows the first 256 of N story folders". Stale temporary files
 * of interrupted saves are removed from each story folder scanned.
 * Replaces what the shelf held; keeps the selection on the same folder name
 * when it is still there. */
void shelf_scan(Shelf *s, const char *const *dirs, int ndirs, Diags *d);

/* What a scan adds to the stories folders: single story folders (books
 * imported from the stories folders, in the order given) and the titles of
 * books still being made ready (at most SHELF_PENDING_MAX are kept). The
 * extra stories come after those of the first `after` folders (the family's
 * and --stories ones), before the rest (the bundled ones). */
typedef struct {
    int after;
    const char *const *stories;
    int nstories;
    const char *const *pending;
    int npending;
} ShelfExtras;

/* shelf_scan with the extras (x may be NULL) among the folders' stories,
 * while there is room; the selection kept as shelf_scan does. */
void shelf_scan_extras(Shelf *s, const char *const *dirs, int ndirs, const ShelfExtras *x,
                       Diags *d);
void shelf_free(Shelf *s);

/* Tiles on the shelf: the stories, the pending books, plus the night tile
 * when n >= 2. */
int shelf_tiles(const Shelf *s);
int shelf_is_night(const Shelf *s, int tile);
/* Is tile a book being made ready (shown, but it opens nothing)? */
int shelf_is_pending(const Shelf *s, int tile);

/* Move the selection by delta tiles (clamped); keeps it visible with cols
 * tiles on screen. Returns 1 if anything changed. */
int shelf_move(Shelf *s, int delta, int cols);
/* Select a visible slot (from a tap); returns the tile or -1. */
int shelf_tile_at_slot(const Shelf *s, int slot, int cols);

#endif
