/* shelf — the bookshelf as plain data (see shelf.h). */
#include "shelf.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SHELF_NAME_MAX 256

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sub-folder names of dir (hidden ones skipped), sorted; count or -1. */
static int list_folders(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    int n = 0, cap = 0;
    char **names = NULL;
    *out = NULL;
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < SHELF_MAX) {
        char path[2048];
        struct stat st;
        if (e->d_name[0] == '.' ||
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path ||
            stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nn = realloc(names, (size_t)cap * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
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
}

/* Add the playable stories of one folder. */
static void scan_dir(Shelf *s, const char *dir, Diags *d)
{
    char **names;
    int n = list_folders(dir, &names);
    for (int i = 0; i < n; i++) {
        if (s->n < SHELF_MAX) {
            Diags local = { 0 };
            Story *st = &s->stories[s->n];
            if (story_load(names[i], st, &local) == 0) {
                s->n++;
            } else {
                diag_add(d, DIAG_WARNING, names[i], 0,
                         "left off the shelf: it has no page that can be shown");
                story_free(st);
            }
            diag_free(&local);
        }
        free(names[i]);
    }
    free(names);
}

void shelf_scan(Shelf *s, const char *const *dirs, int ndirs, Diags *d)
{
    char keep[SHELF_NAME_MAX] = "";
    int was_night = s->n > 0 && shelf_is_night(s, s->selected);
    if (s->n > 0 && s->selected < s->n && s->stories[s->selected].folder)
        snprintf(keep, sizeof keep, "%s", s->stories[s->selected].folder);
    shelf_free(s);
    for (int i = 0; i < ndirs; i++)
        if (dirs[i] && dirs[i][0])
            scan_dir(s, dirs[i], d);
    s->selected = 0;
    for (int i = 0; keep[0] && i < s->n; i++)
        if (strcmp(s->stories[i].folder, keep) == 0)
            s->selected = i;
    if (was_night && shelf_tiles(s) > s->n)
        s->selected = s->n;
    s->first = 0;
    s->version++;
}

int shelf_tiles(const Shelf *s)
{
    return s->n >= 2 ? s->n + 1 : s->n;
}

int shelf_is_night(const Shelf *s, int tile)
{
    return s->n >= 2 && tile == s->n;
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
