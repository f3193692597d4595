/* shelf — the bookshelf as plain data (see shelf.h).
 *
 * A stories folder may hold more story folders than the shelf has room for
 * (SHELF_MAX). Which ones are shown must not depend on the order the file
 * system happens to list them in, or a family's own stories could vanish
 * behind a download of five hundred: every folder is listed first, the
 * folders are sorted (the stories folders in the order given, which puts the
 * family's before the bundled ones; by name, ignoring case, within each), and
 * only then are stories loaded until the shelf is full. What is left off is
 * said in the log. Each story folder's leftover temporary files from an
 * interrupted save are removed as it is scanned (files_clean_temps).
 * Books imported from the stories folders are given by the caller as single
 * story folders (ShelfExtras): which book is ready is the edge's to know.
 * A story folder with the name of one already shown from an earlier stories
 * folder is not shown again: the family's copy of a bundled story (made when
 * a parent records over it) hides the bundled one. */
#include "shelf.h"
#include "ascii.h"
#include "i18n.h"
#include "mem.h"

#include <limits.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"

#define SHELF_NAME_MAX   256
#define SHELF_LIST_MAX   65536   /* folders looked at in one stories folder */

/* ASCII-only case-insensitive order (locale-independent), exact order on ties. */
static int by_name(const void *a, const void *b)
{
    const unsigned char *x = *(const unsigned char *const *)a;
    const unsigned char *y = *(const unsigned char *const *)b;
    for (size_t i = 0;; i++) {
        int cx = ascii_tolower(x[i]);
        int cy = ascii_tolower(y[i]);
        if (cx != cy)
            return cx - cy;
        if (!x[i])
            return strcmp((const char *)x, (const char *)y);
    }
}

/* Sub-folder paths of dir (hidden ones skipped), sorted by name; count or -1. */
static int list_folders(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    int n = 0, cap = 0;
    char **names = NULL;
    *out = NULL;
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < SHELF_LIST_MAX) {
        char path[2048];
        if (e->d_name[0] == '.' ||
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path ||
            !files_is_dir(path))
            continue;
        if (hb_grow(&names, &cap, n + 1, sizeof *names, 16, INT_MAX))
            break;
        if ((names[n] = strdup(path)) != NULL)
            n++;
    }
    closedir(d);
    if (n > 1)
        qsort(names, (size_t)n, sizeof *names, by_name);
    *out = names;
    return n;
}

void shelf_free(Shelf *s)
{
    for (int i = 0; i < s->n; i++)
        story_free(&s->stories[i]);
    s->n = 0;
    for (int i = 0; i < s->npending; i++)
        free(s->pending[i]);
    s->npending = 0;
}

/* Load one story folder onto the shelf if it can be played. */
static void scan_story(Shelf *s, const char *path, Diags *d)
{
    int cleaned = files_clean_temps(path);
    if (cleaned > 0)
        diag_add(d, DIAG_WARNING, path, 0,
                 ngettext("removed %d hidden temporary file left by a recording whose saving "
                          "was cut short",
                          "removed %d hidden temporary files left by a recording whose saving "
                          "was cut short", (unsigned long)cleaned), cleaned);
    Diags local = { 0 };
    Story *st = &s->stories[s->n];
    if (story_load(path, st, &local) == 0) {
        s->n++;
    } else {
        diag_add(d, DIAG_WARNING, path, 0,
                 _("left off the shelf: it has no page that can be shown"));
        story_free(st);
    }
    diag_free(&local);
}

/* Add the playable stories of one folder, in order, while there is room.
 * Returns how many story folders it holds; *left counts those not looked at
 * because the shelf was full, and *first_left is the first of them. */
/* Is a story of this folder name already on the shelf, from an earlier
 * stories folder (the first `before` stories)? */
static int shown_before(const Shelf *s, int before, const char *path)
{
    char buf[SHELF_NAME_MAX];
    const char *name = files_basename(path, buf, sizeof buf);
    for (int k = 0; k < before; k++)
        if (s->stories[k].name && strcmp(s->stories[k].name, name) == 0)
            return 1;
    return 0;
}

static int scan_dir(Shelf *s, const char *dir, Diags *d, int *left, char *first_left,
                    size_t first_len)
{
    char **names;
    int n = list_folders(dir, &names), before = s->n;
    for (int i = 0; i < n; i++) {
        if (shown_before(s, before, names[i])) {
            /* The family's copy of a bundled story (made to record over it)
             * stands in for it: one cover, the family's. */
        } else if (s->n < SHELF_MAX) {
            scan_story(s, names[i], d);
        } else {
            if (*left == 0)
                snprintf(first_left, first_len, "%s", names[i]);
            (*left)++;
        }
        free(names[i]);
    }
    free(names);
    return n > 0 ? n : 0;
}

void shelf_scan(Shelf *s, const char *const *dirs, int ndirs, Diags *d)
{
    shelf_scan_extras(s, dirs, ndirs, NULL, d);
}

/* The extras after the folders' stories: imported books, then pending ones. */
static void scan_extras(Shelf *s, const ShelfExtras *x, Diags *d)
{
    for (int i = 0; x && i < x->nstories && s->n < SHELF_MAX; i++)
        if (x->stories[i])
            scan_story(s, x->stories[i], d);
    for (int i = 0; x && i < x->npending && s->npending < SHELF_PENDING_MAX; i++)
        if (x->pending[i] && (s->pending[s->npending] = strdup(x->pending[i])) != NULL)
            s->npending++;
}

void shelf_scan_extras(Shelf *s, const char *const *dirs, int ndirs, const ShelfExtras *x,
                       Diags *d)
{
    char keep[SHELF_NAME_MAX] = "";
    int was_night = s->n > 0 && shelf_is_night(s, s->selected);
    if (s->n > 0 && s->selected < s->n && s->stories[s->selected].folder)
        snprintf(keep, sizeof keep, "%s", s->stories[s->selected].folder);
    shelf_free(s);
    int folders = 0, left = 0;
    char first_left[2048] = "";
    for (int i = 0; i < ndirs; i++) {
        if (x && i == x->after)
            scan_extras(s, x, d);
        if (dirs[i] && dirs[i][0])
            folders += scan_dir(s, dirs[i], d, &left, first_left, sizeof first_left);
    }
    if (x && x->after >= ndirs)
        scan_extras(s, x, d);
    if (left > 0)
        diag_add(d, DIAG_WARNING, first_left, 0, _("the shelf shows the first %1$d of %2$d story "
                 "folders (the family's first, then by name); this one and %3$d more are left "
                 "off"), SHELF_MAX, folders, left - 1);
    s->selected = 0;
    for (int i = 0; keep[0] && i < s->n; i++)
        if (strcmp(s->stories[i].folder, keep) == 0)
            s->selected = i;
    if (was_night && s->n >= 2)
        s->selected = s->n + s->npending;
    s->first = 0;
    s->version++;
}

int shelf_tiles(const Shelf *s)
{
    return s->n + s->npending + (s->n >= 2);
}

int shelf_is_night(const Shelf *s, int tile)
{
    return s->n >= 2 && tile == s->n + s->npending;
}

int shelf_is_pending(const Shelf *s, int tile)
{
    return tile >= s->n && tile < s->n + s->npending;
}

int shelf_move(Shelf *s, int delta, int cols)
{
    int tiles = shelf_tiles(s), sel = s->selected + delta, first = s->first;
    if (tiles <= 0)
        return 0;
    if (sel < 0)
        sel = 0;
    if (sel >= tiles)
        sel = tiles - 1;
    if (cols < 1)
        cols = 1;
    if (sel < first)
        first = sel;
    if (sel >= first + cols)
        first = sel - cols + 1;
    if (first > tiles - cols)
        first = tiles - cols > 0 ? tiles - cols : 0;
    if (sel == s->selected && first == s->first)
        return 0;
    s->selected = sel;
    s->first = first;
    s->version++;
    return 1;
}

int shelf_tile_at_slot(const Shelf *s, int slot, int cols)
{
    int tile = s->first + slot;
    if (slot < 0 || slot >= cols || tile >= shelf_tiles(s))
        return -1;
    return tile;
}
