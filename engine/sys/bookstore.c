/* bookstore — a free picture book written out as a story folder (see bookstore.h).
 *
 * Moved here from the tool so that hushabye-story import-book and the
 * player's shelf (a book dropped into a stories folder) write a book the same
 * way. Every file is created with O_EXCL | O_NOFOLLOW and fsync'ed before the
 * hidden folder is renamed into place, so a power cut leaves either nothing
 * or the whole story (a stale hidden folder is never shown: the shelf skips
 * hidden folders). The hidden folder's name carries the importer's PID, so
 * one left by an import that was killed (hundreds of MB of pictures and
 * narration) is known as such and removed by the next import into the same
 * folder (bookstore_sweep): only folders of exactly that name, whose process
 * is gone, opened without following a link, emptied through their own
 * descriptor. The finished story is moved into place by files_rename_new
 * (renameat2 with RENAME_NOREPLACE), so a story that appeared meanwhile is
 * never replaced. */
#include "bookstore.h"

#include "ascii.h"
#include "bookkey.h"
#include "files.h"
#include "i18n.h"
#include "ini.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A hidden folder this long untouched, its process gone, is an import that
 * will never finish. Both are asked: a process in another PID namespace (a
 * sandboxed player sharing the folder) looks gone from here, but its import
 * makes a file every few seconds at most while it writes. */
#define BOOKSTORE_STALE 300

/* Read the book whole (it is capped at BOOK_MAX_BYTES). 0 ok. */
int bookstore_load(const char *path, unsigned char **data, size_t *len, char *why)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(why, BOOK_WHY, _("it cannot be opened (%s)"), strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > (off_t)BOOK_MAX_BYTES) {
        snprintf(why, BOOK_WHY, S_ISREG(st.st_mode) ? "it is larger than %u MB" :
                 "it is not a file (a folder, a named pipe or a device)",
                 BOOK_MAX_BYTES / (1024 * 1024));
        close(fd);
        return -1;
    }
    size_t n = (size_t)st.st_size, got = 0;
    unsigned char *buf = malloc(n ? n : 1);
    while (buf && got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (!buf || got != n) {
        snprintf(why, BOOK_WHY, _("it could not be read whole"));
        free(buf);
        return -1;
    }
    *data = buf, *len = n;
    return 0;
}

static int bookstore_write(const char *dir, const char *name, const void *data, size_t len)
{
    char path[BOOKSTORE_PATH];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
        return -1;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    const unsigned char *p = data;
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, p + done, len - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    int ok = done == len && fsync(fd) == 0;
    return close(fd) == 0 && ok ? 0 : -1;
}

/* One story.ini line "key = value", the value on one line and quoted where
 * story.ini would otherwise cut it ("Moon Stories #2": ini_quote). */
static void bookstore_ini(FILE *f, const char *key, const char *value)
{
    char *q = value && *value ? ini_quote(value) : NULL;
    if (q)
        fprintf(f, "%s = %s\n", key, q);
    free(q);
}

static char *bookstore_story_ini(const Book *b, const char *book_name, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f)
        return NULL;
    fputs("# Imported by hushabye-story import-book from ", f);
    for (const char *p = book_name; *p; p++)   /* a file name may hold any byte */
        fputc((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p, f);
    fputs("\n# Keep the credits and the licence with the story when you share it.\n[story]\n", f);
    bookstore_ini(f, "title", b->title);
    bookstore_ini(f, "language", b->language);
    bookstore_ini(f, "author", b->authors);
    char *credits = NULL;
    size_t clen;
    FILE *c = open_memstream(&credits, &clen);
    if (c) {
        if (b->credits)
            fputs(b->credits, c);
        if (b->illustrators && !(b->credits && strstr(b->credits, b->illustrators)))
            fprintf(c, "%sPictures: %s", b->credits ? ". " : "", b->illustrators);
        if (b->publisher)
            fprintf(c, "%sPublisher: %s", clen || b->credits ? ". " : "", b->publisher);
        fclose(c);
        bookstore_ini(f, "credits", credits);
        free(credits);
    }
    bookstore_ini(f, "licence", b->licence);
    if (b->cover)
        fprintf(f, "cover = cover.%s\n", b->cover_ext);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Every file of the story into dir. 0 ok. */
static int bookstore_fill(const char *dir, Book *b, const char *book_name)
{
    char name[64];
    if (b->cover && b->cover_ext) {
        snprintf(name, sizeof name, "cover.%s", b->cover_ext);
        if (bookstore_write(dir, name, b->cover, b->cover_len) != 0)
            return -1;
    }
    for (int i = 0; i < b->npages; i++) {
        /* the page's narration is made now and freed once written: one
         * page's at a time, however long the book's recordings */
        book_narrate(b, i);
        const BookPage *p = &b->pages[i];
        struct { const char *ext; const void *d; size_t n; } parts[] = {
            { p->picture_ext, p->picture, p->picture_len },
            { "txt", p->text, p->text ? strlen(p->text) : 0 },
            { "wav", p->wav, p->wav_len },
            { "vtt", p->vtt, p->vtt ? strlen(p->vtt) : 0 },
        };
        for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
            if (!parts[k].d || !parts[k].ext)
                continue;
            snprintf(name, sizeof name, "%02d.%s", i + 1, parts[k].ext);
            if (bookstore_write(dir, name, parts[k].d, parts[k].n) != 0) {
                book_narration_free(b, i);
                return -1;
            }
        }
        book_narration_free(b, i);
    }
    size_t len;
    char *ini = bookstore_story_ini(b, book_name, &len);
    int rc = ini && bookstore_write(dir, "story.ini", ini, len) == 0 ? 0 : -1;
    free(ini);
    return rc;
}

/* Empty the folder name in dfd and remove it. Only what is directly inside
 * goes, through the folder's own descriptor (opened O_NOFOLLOW: a link named
 * like the folder is left alone): a file or a link is unlinked (a link itself,
 * never what it points to); a folder inside is never one of ours, so the
 * folder holding it is left whole, every file in it too. 0 when the folder
 * is gone. */
static int bookstore_unmake(int dfd, const char *name)
{
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    struct dirent *e;
    struct stat st;
    /* An import writes files only: a folder (or a device, a pipe) inside
     * says the folder is not one of ours, and then nothing in it is removed;
     * this is looked at whole before the first unlink. A link is removed
     * itself, never what it points to. */
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
             !(S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))) {
            closedir(d);
            errno = ENOTEMPTY;
            return -1;
        }
    rewinddir(d);
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlinkat(dirfd(d), e->d_name, 0);
    closedir(d);
    return unlinkat(dfd, name, AT_REMOVEDIR);
}

int bookstore_temp_name(const char *name, long *pid)
{
    size_t n = strlen(name);
    if (n < 18 || name[0] != '.')                    /* ".N.import-P-XXXXXX" at least */
        return 0;
    const char *x = name + n - 6;
    for (int i = 0; i < 6; i++)
        if (!ascii_isalnum(x[i]))
            return 0;
    const char *digits = x - 1;
    while (digits > name && ascii_isdigit(digits[-1]))
        digits--;
    size_t nd = (size_t)(x - 1 - digits);
    if (x[-1] != '-' || nd == 0 || nd > 9 || *digits == '0' ||
        (size_t)(digits - name) < 10 || memcmp(digits - 8, ".import-", 8) != 0)
        return 0;                                    /* and a name before ".import-" */
    long v = 0;
    for (const char *p = digits; p < x - 1; p++)
        v = v * 10 + (*p - '0');
    *pid = v;
    return 1;
}

/* Is the hidden folder (its stat st) one an import killed half-way left? */
static int bookstore_is_stale(long pid, const struct stat *st)
{
    time_t now = time(NULL);
    if (st->st_uid != geteuid() || pid == (long)getpid())
        return 0;
    if (now - st->st_mtime < BOOKSTORE_STALE && st->st_mtime - now < BOOKSTORE_STALE)
        return 0;                                    /* recent (a skewed clock counts as old) */
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

int bookstore_sweep(const char *dir)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int lfd = dfd >= 0 ? dup(dfd) : -1;
    DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
    int removed = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        long pid;
        struct stat st;
        if (!bookstore_temp_name(e->d_name, &pid) ||
            fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode) ||
            !bookstore_is_stale(pid, &st))
            continue;
        removed += bookstore_unmake(dfd, e->d_name) == 0;
    }
    if (d)
        closedir(d);
    else if (lfd >= 0)
        close(lfd);
    if (dfd >= 0)
        close(dfd);
    return removed;
}


/* The folder of target into parent (BOOKSTORE_PATH bytes): "." or "/" when
 * target has no other. */
static void bookstore_parent(const char *target, char *parent)
{
    snprintf(parent, BOOKSTORE_PATH, "%s", target);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent)
        *slash = '\0';
    else
        snprintf(parent, BOOKSTORE_PATH, slash ? "/" : ".");
}

/* Fill the hidden folder dir (inside parent) and move it to target. 0 ok;
 * -1 with why, the hidden folder removed. */
static int bookstore_finish(const char *parent, const char *dir, const char *target,
                            Book *b, const char *book_name, const char *marker, char *why)
{
    chmod(dir, 0755);
    int exists = 0;
    if (bookstore_fill(dir, b, book_name) == 0 &&
        (!marker || bookstore_write(dir, BOOKKEY_MARKER, marker, strlen(marker)) == 0)) {
        if (files_rename_new(dir, target) == 0)
            return 0;
        exists = errno == EEXIST || errno == ENOTEMPTY; /* made while the story was written */
    }
    if (exists)
        snprintf(why, BOOK_WHY, _("the folder already exists; give another folder name, or "
                 "remove it first"));
    else
        snprintf(why, BOOK_WHY, _("the story could not be written (%s); nothing was left behind"),
                 strerror(errno));
    int dfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        char base[BOOKSTORE_PATH];
        bookstore_unmake(dfd, files_basename(dir, base, sizeof base));
        close(dfd);
    }
    return -1;
}

/* Build in a hidden folder beside target, then rename into place. 0 ok. */
int bookstore_save(const char *target, Book *b, const char *book_name,
                   const char *marker, char *why)
{
    char parent[BOOKSTORE_PATH], base[BOOKSTORE_PATH], tmp[BOOKSTORE_PATH];
    bookstore_parent(target, parent);
    /* files_basename may point into target rather than fill base: use what it returns. */
    const char *name = files_basename(target, base, sizeof base);
    /* The name is cut so the hidden one stays within a file name's 255 bytes. */
    if (snprintf(tmp, sizeof tmp, "%s/.%.200s.import-%ld-XXXXXX", parent, name,
                 (long)getpid()) >= (int)sizeof tmp) {
        snprintf(why, BOOK_WHY, _("the folder's name is too long"));
        return -1;
    }
    struct stat st;
    if (lstat(target, &st) == 0) {
        snprintf(why, BOOK_WHY, _("the folder already exists; give another folder name, or "
                 "remove it first"));
        return -1;
    }
    bookstore_sweep(parent);
    if (!mkdtemp(tmp)) {
        snprintf(why, BOOK_WHY, _("a folder cannot be made there (%s)"), strerror(errno));
        return -1;
    }
    return bookstore_finish(parent, tmp, target, b, book_name, marker, why);
}

int bookstore_import(const char *path, const char *target, const BookOptions *o,
                     const char *marker, Diags *notes, char *why)
{
    unsigned char *data = NULL;
    size_t len = 0;
    Book b;
    BookOptions none = { .language = NULL };
    char base[BOOKSTORE_PATH];
    memset(&b, 0, sizeof b);
    int rc = -1;
    if (bookstore_load(path, &data, &len, why) == 0 &&
        book_import(data, len, o ? o : &none, &b, why) == 0)
        rc = bookstore_save(target, &b, files_basename(path, base, sizeof base), marker, why) == 0
                 ? 0 : -2;
    if (notes)
        for (int i = 0; i < b.notes.n; i++)
            diag_add(notes, b.notes.items[i].level, b.notes.items[i].path,
                     b.notes.items[i].line, "%s", b.notes.items[i].msg);
    free(data);
    book_free(&b);
    return rc;
}
