/* app_books — books dropped into a stories folder, made ready in the background.
 *
 * A parent with no terminal copies an EPUB or a Bloom book (.bloompub,
 * .bloomd) into the family's stories folder, a --stories folder or a USB
 * stick mounted there. Each time the shelf is scanned, app_books_find() looks
 * at the book files directly inside those folders and asks, by content key
 * (bookkey.h: FNV-1a 64 of the size and the first and last 64 KB, so a
 * renamed or re-dated copy is the same book and a 300 MB book costs 128 KB to
 * recognise), what the family's data folder holds for it:
 *  - books/<key>/ with its marker: the story is ready; it goes on the shelf;
 *  - books/.<key>.refused: the book could not be used; nothing on the shelf,
 *    and its reason in the parents' list of problems (once a run);
 *  - nothing: it is shown as a calm "getting the book ready" tile, and
 *    imported on a thread (bookstore_import: built in a hidden folder, renamed
 *    into place, nothing half-made ever appears), one book at a time.
 * When the import ends, the thread pushes an SDL event that wakes the loop;
 * app_books_poll() then joins it and, if the shelf is on screen, rescans it:
 * one more frame, with the story in place of the tile. Under the virtual
 * clock the loop waits for the thread before jumping time (app_books_wait),
 * so tests see the same events every run.
 *
 * The dark stays idle: an import is started only when a shelf is shown (the
 * only caller scans the shelf, which is never done in the dark). One
 * running when the dark comes is left to finish (stopping it half-way would
 * only mean doing it again); its end wakes the loop once, is traced, and
 * draws nothing and sets no timer. At quit the loop waits for it, so a
 * story is not cut off half-written (one cut off by a power cut stays a
 * hidden folder, never shown, and the book is simply imported again). */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bookkey.h"
#include "bookstore.h"
#include "files.h"
#include "i18n.h"

#define BOOKS_SEEN_MAX 1024   /* books told about (traced, problems) in one run */

typedef struct {
    char path[BOOKSTORE_PATH];
    char name[256];
    char target[BOOKSTORE_PATH];
    char refused[BOOKSTORE_PATH];
    char marker[BOOKKEY_TEXT];
    char why[BOOK_WHY];
    uint64_t key;
    int rc;
    Uint32 event;
    SDL_atomic_t done;
    SDL_Thread *thread;
} BookJob;

typedef struct AppBooks {
    char dir[USERDATA_PATH + 16];          /* the family's data folder's books/ */
    Uint32 event;
    BookJob job;
    int busy;                              /* job.thread is running or not joined */
    uint64_t seen[BOOKS_SEEN_MAX];         /* told about in this run */
    int nseen;
    /* The last scan's extras, handed to shelf_scan_extras. */
    char *ready[SHELF_MAX];
    int nready;
    char *pending[SHELF_PENDING_MAX];
    int npending;
} AppBooks;

static int seen(AppBooks *b, uint64_t key, int add)
{
    for (int i = 0; i < b->nseen; i++)
        if (b->seen[i] == key)
            return 1;
    if (add && b->nseen < BOOKS_SEEN_MAX)
        b->seen[b->nseen++] = key;
    return 0;
}

static AppBooks *books_of(App *a)
{
    if (!a->books && a->paths.data_dir[0]) {
        a->books = calloc(1, sizeof *a->books);
        if (a->books) {
            snprintf(a->books->dir, sizeof a->books->dir, "%s/books", a->paths.data_dir);
            a->books->event = SDL_RegisterEvents(1);
        }
    }
    return a->books;
}

static int job_run(void *arg)
{
    BookJob *j = arg;
    char parent[BOOKSTORE_PATH];
    snprintf(parent, sizeof parent, "%s", j->target);
    char *slash = strrchr(parent, '/');
    if (slash)
        *slash = '\0';
    if (files_mkdirs(parent) != 0) {
        snprintf(j->why, sizeof j->why, "the family's books folder cannot be made");
        j->rc = -2; /* not the book's fault: tried again at the next start */
    } else {
        j->rc = bookstore_import(j->path, j->target, NULL, j->marker, NULL, j->why);
    }
    if (j->rc == -1) { /* remembered, so a hostile book is not read at every start */
        char note[BOOKKEY_TEXT];
        int n = bookkey_marker(j->key, j->name, j->why, note, sizeof note);
        if (n > 0)
            files_write_atomic(j->refused, note, (size_t)n);
    }
    SDL_AtomicSet(&j->done, 1);
    if (j->event != (Uint32)-1) {
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = j->event;
        SDL_PushEvent(&e); /* wakes the loop: app_books_poll */
    }
    return 0;
}

/* Read a small marker or refusal note; 0 with its key and reason. */
static int read_note(const char *path, uint64_t *key, char *why, size_t wcap)
{
    char text[BOOKKEY_TEXT];
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t n = fread(text, 1, sizeof text, f);
    fclose(f);
    return bookkey_marker_read(text, n, key, NULL, 0, why, wcap);
}

static void say_refused(App *a, const char *path, const char *name, const char *why, double now)
{
    trace_event(&a->trace, now, "book-refused", "file=%s", name);
    diag_add(&a->diags, DIAG_ERROR, path, 0, _("this book cannot be used: %s"), why);
}

static void start_job(App *a, AppBooks *b, const char *path, const char *name, uint64_t key,
                      const char *hex, double now)
{
    BookJob *j = &b->job;
    memset(j, 0, sizeof *j);
    snprintf(j->path, sizeof j->path, "%s", path);
    snprintf(j->name, sizeof j->name, "%s", name);
    snprintf(j->target, sizeof j->target, "%s/%s", b->dir, hex);
    snprintf(j->refused, sizeof j->refused, "%s/.%s.refused", b->dir, hex);
    j->key = key;
    j->event = b->event;
    if (bookkey_marker(key, name, NULL, j->marker, sizeof j->marker) < 0)
        return;
    SDL_AtomicSet(&j->done, 0);
    j->thread = SDL_CreateThread(job_run, "hushabye-book", j);
    if (!j->thread)
        return;
    b->busy = 1;
    trace_event(&a->trace, now, "book-importing", "file=%s", name);
}

/* One book file found in a stories folder: ready, refused, or to be made. */
static void find_one(App *a, AppBooks *b, const char *dir, const char *name, double now)
{
    char path[BOOKSTORE_PATH], folder[BOOKSTORE_PATH], note[BOOKSTORE_PATH], hex[BOOKKEY_HEX];
    char why[BOOK_WHY];
    uint64_t key, got;
    struct stat st;
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path ||
        bookkey_file(path, &key) != 0)
        return;
    bookkey_hex(key, hex);
    snprintf(folder, sizeof folder, "%s/%s", b->dir, hex);
    if (snprintf(note, sizeof note, "%s/%s", b->dir, hex) < 0 ||
        strlen(note) + sizeof BOOKKEY_MARKER + 1 > sizeof note)
        return;
    strcat(note, "/" BOOKKEY_MARKER);
    for (int i = 0; i < b->nready; i++)  /* two copies of one book: one story */
        if (strcmp(b->ready[i], folder) == 0)
            return;
    if (b->busy && b->job.key == key && !SDL_AtomicGet(&b->job.done)) {
        /* being made now: a tile, below */
    } else if (read_note(note, &got, why, sizeof why) == 0 && got == key) {
        if (!seen(b, key, 1))
            trace_event(&a->trace, now, "book-known", "file=%s folder=%s", name, hex);
        if (b->nready < SHELF_MAX && (b->ready[b->nready] = strdup(folder)) != NULL)
            b->nready++;
        return;
    } else {
        snprintf(note, sizeof note, "%s/.%s.refused", b->dir, hex);
        if (read_note(note, &got, why, sizeof why) == 0 && got == key) {
            if (!seen(b, key, 1))
                say_refused(a, path, name, why, now);
            return;
        }
        if (seen(b, key, 0))
            return; /* tried in this run and not written: again at the next start */
        if (lstat(folder, &st) == 0) { /* not ours (no marker): it keeps its name */
            seen(b, key, 1);
            diag_add(&a->diags, DIAG_WARNING, folder, 0, _("the book %s cannot be made ready: "
                     "a folder without its marker is in the way; remove it"), name);
            return;
        }
        if (!b->busy)
            start_job(a, b, path, name, key, hex, now); /* else it waits its turn */
    }
    if (b->npending < SHELF_PENDING_MAX) {
        char title[256];
        snprintf(title, sizeof title, "%s", name);
        char *dot = strrchr(title, '.');
        if (dot && dot != title)
            *dot = '\0'; /* "The Moon.epub" is "The Moon" on its tile */
        if ((b->pending[b->npending] = strdup(title)) != NULL)
            b->npending++;
    }
}

static int by_bytes(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

void app_books_find(App *a, const char *const *dirs, int ndirs, double now, ShelfExtras *x)
{
    memset(x, 0, sizeof *x);
    AppBooks *b = books_of(a);
    if (!b)
        return;
    for (int i = 0; i < b->nready; i++)
        free(b->ready[i]);
    for (int i = 0; i < b->npending; i++)
        free(b->pending[i]);
    b->nready = b->npending = 0;
    int found = 0;
    for (int d = 0; d < ndirs; d++) {
        char **names;
        int n = dirs[d] && dirs[d][0] ? files_list(dirs[d], &names) : -1;
        if (n <= 0)
            continue;
        qsort(names, (size_t)n, sizeof *names, by_bytes); /* the same order every time */
        for (int i = 0; i < n; i++)
            if (bookkey_is_book(names[i])) {
                find_one(a, b, dirs[d], names[i], now);
                found++;
            }
        files_list_free(names, n);
    }
    if (found > 0)
        trace_event(&a->trace, now, "books", "found=%d ready=%d pending=%d", found, b->nready,
                    b->npending);
    x->after = ndirs;
    x->stories = (const char *const *)b->ready;
    x->nstories = b->nready;
    x->pending = (const char *const *)b->pending;
    x->npending = b->npending;
}

int app_books_poll(App *a)
{
    AppBooks *b = a->books;
    /* Under the virtual clock only an import waited for counts (busy 2), so
     * it ends at the same point of every run however fast the machine. */
    if (!b || !b->busy || !SDL_AtomicGet(&b->job.done) || (a->opt.virtual_clock && b->busy != 2))
        return 0;
    BookJob *j = &b->job;
    SDL_WaitThread(j->thread, NULL);
    j->thread = NULL;
    b->busy = 0;
    char hex[BOOKKEY_HEX];
    double now = app_now(a);
    seen(b, j->key, 1);
    if (j->rc == 0)
        trace_event(&a->trace, now, "book-ready", "file=%s folder=%s", j->name,
                    bookkey_hex(j->key, hex));
    else
        say_refused(a, j->path, j->name, j->why, now);
    app_flush_diags(a);
    if (app_shelf_showing(a))
        app_shelf_rescan(a, now); /* the story in place of its tile, the next book begun */
    return 1;
}

void app_books_wait(App *a)
{
    if (a->books && a->books->busy) {
        SDL_WaitThread(a->books->job.thread, NULL);
        a->books->job.thread = NULL;
        SDL_AtomicSet(&a->books->job.done, 1);
        a->books->busy = 2; /* joined: app_books_poll tells what came of it */
    }
}

int app_books_busy(const App *a)
{
    return a->books && a->books->busy;
}

int app_books_is_event(const App *a, const SDL_Event *e)
{
    return a->books && a->books->event != (Uint32)-1 && e->type == a->books->event;
}

void app_books_close(App *a)
{
    AppBooks *b = a->books;
    if (!b)
        return;
    app_books_wait(a);
    for (int i = 0; i < b->nready; i++)
        free(b->ready[i]);
    for (int i = 0; i < b->npending; i++)
        free(b->pending[i]);
    free(b);
    a->books = NULL;
}
