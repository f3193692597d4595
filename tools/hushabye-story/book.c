/* book — hushabye-story import-book: a free picture book becomes a story folder.
 *
 *   hushabye-story import-book [--language CODE] BOOK [FOLDER]
 *
 * BOOK is an EPUB (2 or 3, reflowable or fixed layout, with or without media
 * overlays) or a Bloom book (.bloompub, .bloomd). The reading is the core's
 * (engine/core/book.h), which holds everything in memory; this file only
 * writes it out and tells the parent what came of it. FOLDER defaults to the
 * family's stories folder, named after the book's title.
 *
 * Nothing half-made ever appears: the story is built in a hidden folder
 * beside the target (".NAME.import-XXXXXX"), with names this file makes up
 * (NN.png, NN.txt, NN.wav, NN.vtt, cover.*, story.ini), never a name from the
 * book, and renamed into place at the end; on any failure the hidden folder
 * is removed. An existing FOLDER is never overwritten. The book is opened
 * non-blocking and must be a regular file (a named pipe would block). */
#include "book.h"
#include "escape.h"
#include "files.h"
#include "tool.h"
#include "userdata.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BOOKTOOL_PATH 4200

/* Read the book whole (it is capped at BOOK_MAX_BYTES). 0 ok. */
static int booktool_load(const char *path, unsigned char **data, size_t *len, char *why)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(why, BOOK_WHY, "it cannot be opened (%s)", strerror(errno));
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
        snprintf(why, BOOK_WHY, "it could not be read whole");
        free(buf);
        return -1;
    }
    *data = buf, *len = n;
    return 0;
}

static int booktool_write(const char *dir, const char *name, const void *data, size_t len)
{
    char path[BOOKTOOL_PATH];
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

/* One story.ini line "key = value", the value on one line. */
static void booktool_ini(FILE *f, const char *key, const char *value)
{
    if (!value || !*value)
        return;
    fprintf(f, "%s = ", key);
    for (const char *p = value; *p; p++)
        fputc(*p == '\n' || *p == '\r' ? ' ' : *p, f);
    fputc('\n', f);
}

static char *booktool_story_ini(const Book *b, const char *book_name, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f)
        return NULL;
    fputs("# Imported by hushabye-story import-book from ", f);
    for (const char *p = book_name; *p; p++)   /* a file name may hold any byte */
        fputc((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p, f);
    fputs("\n# Keep the credits and the licence with the story when you share it.\n[story]\n", f);
    booktool_ini(f, "title", b->title);
    booktool_ini(f, "language", b->language);
    booktool_ini(f, "author", b->authors);
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
        booktool_ini(f, "credits", credits);
        free(credits);
    }
    booktool_ini(f, "licence", b->licence);
    if (b->cover)
        fprintf(f, "cover = cover.%s\n", b->cover_ext);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Every file of the story into dir. 0 ok. */
static int booktool_fill(const char *dir, const Book *b, const char *book_name)
{
    char name[64];
    if (b->cover && b->cover_ext) {
        snprintf(name, sizeof name, "cover.%s", b->cover_ext);
        if (booktool_write(dir, name, b->cover, b->cover_len) != 0)
            return -1;
    }
    for (int i = 0; i < b->npages; i++) {
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
            if (booktool_write(dir, name, parts[k].d, parts[k].n) != 0)
                return -1;
        }
    }
    size_t len;
    char *ini = booktool_story_ini(b, book_name, &len);
    int rc = ini && booktool_write(dir, "story.ini", ini, len) == 0 ? 0 : -1;
    free(ini);
    return rc;
}

static void booktool_remove(const char *dir)
{
    char **names;
    int n = files_list(dir, &names);
    for (int i = 0; i < n; i++) {
        char path[BOOKTOOL_PATH];
        if (snprintf(path, sizeof path, "%s/%s", dir, names[i]) < (int)sizeof path)
            unlink(path);
    }
    if (n >= 0)
        files_list_free(names, n);
    rmdir(dir);
}

/* Build in a hidden folder beside target, then rename into place. 0 ok. */
static int booktool_save(const char *target, const Book *b, const char *book_name,
                         char *why)
{
    char parent[BOOKTOOL_PATH], base[BOOKTOOL_PATH], tmp[BOOKTOOL_PATH];
    snprintf(parent, sizeof parent, "%s", target);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent)
        *slash = '\0';
    else
        snprintf(parent, sizeof parent, slash ? "/" : ".");
    files_basename(target, base, sizeof base);
    if (snprintf(tmp, sizeof tmp, "%s/.%s.import-XXXXXX", parent, base) >= (int)sizeof tmp) {
        snprintf(why, BOOK_WHY, "the folder's name is too long");
        return -1;
    }
    struct stat st;
    if (lstat(target, &st) == 0) {
        snprintf(why, BOOK_WHY, "the folder already exists; give another folder name, or "
                 "remove it first");
        return -1;
    }
    if (!mkdtemp(tmp)) {
        snprintf(why, BOOK_WHY, "a folder cannot be made there (%s)", strerror(errno));
        return -1;
    }
    chmod(tmp, 0755);
    if (booktool_fill(tmp, b, book_name) != 0 || rename(tmp, target) != 0) {
        snprintf(why, BOOK_WHY, "the story could not be written (%s); nothing was left behind",
                 strerror(errno));
        booktool_remove(tmp);
        return -1;
    }
    return 0;
}

static void booktool_report(const char *target, const Book *b)
{
    int words = 0, narrated = 0, timed = 0;
    double seconds = 0;
    for (int i = 0; i < b->npages; i++) {
        const char *t = b->pages[i].text;
        for (int in = 0; t && *t; t++) {
            int sp = *t == ' ' || *t == '\n';
            words += !sp && !in;
            in = !sp;
        }
        narrated += b->pages[i].wav != NULL;
        timed += b->pages[i].vtt != NULL;
        seconds += b->pages[i].narration_seconds;
    }
    static const char *const formats[] = { "EPUB 2", "EPUB 3", "Bloom book" };
    char s1[ESC_NAME_MAX], s2[ESC_NAME_MAX];
    printf("made %s from %s%s: \"%s\"\n", esc_str(target, s1, sizeof s1), formats[b->format],
           b->fixed_layout ? " (fixed layout)" : "", esc_str(b->title ? b->title : "", s2, sizeof s2));
    printf("  pages: %d, words: %d%s\n", b->npages, words, b->cover ? ", with its cover" : "");
    printf("  narration: %d page%s, %.1f s; timed words: %d page%s\n", narrated,
           narrated == 1 ? "" : "s", seconds, timed, timed == 1 ? "" : "s");
    printf("  language: %s", esc_str(b->language ? b->language : "not stated", s1, sizeof s1));
    printf(" (the book has: %s)\n", esc_str(b->languages ? b->languages : "none stated", s1,
                                           sizeof s1));
    if (b->authors)
        printf("  words by: %s\n", esc_str(b->authors, s1, sizeof s1));
    if (b->illustrators)
        printf("  pictures by: %s\n", esc_str(b->illustrators, s1, sizeof s1));
    if (b->publisher)
        printf("  publisher: %s\n", esc_str(b->publisher, s1, sizeof s1));
    if (b->credits)
        printf("  credits: %s\n", esc_str(b->credits, s1, sizeof s1));
    printf("  licence: %s\n", b->licence ? esc_str(b->licence, s1, sizeof s1) :
           "the book states none; keep to the terms of the library it came from");
}

static int booktool_usage(void)
{
    fputs("usage: hushabye-story import-book [--language CODE] BOOK [FOLDER]\n", stderr);
    return TOOL_USAGE;
}

/* The default target: the family's stories folder, named after the title
 * ("-2", "-3"... when a story of that name is there already). */
static int booktool_default(const Book *b, char *target, size_t cap)
{
    UserPaths u;
    char dir[BOOKTOOL_PATH], slug[64];
    struct stat st;
    if (userdata_paths(&u) != 0)
        return -1;
    snprintf(dir, sizeof dir, "%s/stories", u.data_dir);
    if (files_mkdirs(dir) != 0)
        return -1;
    book_slug(b->title, slug, sizeof slug);
    for (int i = 1; i < 100; i++) {
        int n = i == 1 ? snprintf(target, cap, "%s/%s", dir, slug)
                       : snprintf(target, cap, "%s/%s-%d", dir, slug, i);
        if (n >= (int)cap)
            return -1;
        if (lstat(target, &st) != 0)
            return 0;
    }
    return -1;
}

int cmd_import_book(int argc, char **argv)
{
    const char *path = NULL, *folder = NULL;
    BookOptions o = { NULL };
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--language") == 0 && i + 1 < argc && argv[i + 1][0])
            o.language = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return booktool_usage();
        else if (!path)
            path = argv[i];
        else if (!folder)
            folder = argv[i];
        else
            return booktool_usage();
    }
    if (!path || (folder && !*folder))
        return booktool_usage();
    char why[BOOK_WHY], shown[ESC_NAME_MAX], target[BOOKTOOL_PATH];
    unsigned char *data = NULL;
    size_t len = 0;
    Book b;
    memset(&b, 0, sizeof b);
    int rc = TOOL_FAIL;
    if (booktool_load(path, &data, &len, why) != 0 || book_import(data, len, &o, &b, why) != 0)
        goto fail;
    if (folder)
        snprintf(target, sizeof target, "%s", folder);
    else if (booktool_default(&b, target, sizeof target) != 0) {
        snprintf(why, BOOK_WHY, "the family's stories folder cannot be made; give a FOLDER");
        goto fail;
    }
    while (strlen(target) > 1 && target[strlen(target) - 1] == '/')
        target[strlen(target) - 1] = '\0';
    char base[BOOKTOOL_PATH];
    if (booktool_save(target, &b, files_basename(path, base, sizeof base), why) != 0) {
        fprintf(stderr, "hushabye-story: %s: %s\n", esc_str(target, shown, sizeof shown),
                esc_str(why, base, sizeof base));
        goto done;
    }
    diag_print(&b.notes, stderr, "hushabye-story: note: ");
    booktool_report(target, &b);
    rc = TOOL_OK;
    goto done;
fail:
    diag_print(&b.notes, stderr, "hushabye-story: note: ");
    fprintf(stderr, "hushabye-story: %s: this book cannot be used: ",
            esc_str(path, shown, sizeof shown));
    fprintf(stderr, "%s\n", esc_str(why, target, sizeof target));
done:
    free(data);
    book_free(&b);
    return rc;
}
