/* book — hushabye-story import-book: a free picture book becomes a story folder.
 *
 *   hushabye-story import-book [--language CODE] BOOK [FOLDER]
 *
 * BOOK is an EPUB (2 or 3, reflowable or fixed layout, with or without media
 * overlays) or a Bloom book (.bloompub, .bloomd). The reading is the core's
 * (engine/core/book.h), which holds everything in memory; this file only
 * is written out by engine/sys/bookstore.c (shared with the player's shelf,
 * which imports a book dropped into a stories folder); this file tells the
 * parent what came of it. FOLDER defaults to the family's stories folder,
 * named after the book's title. Nothing half-made ever appears, and an
 * existing FOLDER is never overwritten (bookstore.h says how). */
#include "ascii.h"
#include "book.h"
#include "bookstore.h"
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

static void booktool_report(const char *target, const Book *b)
{
    int words = 0, narrated = 0, timed = 0;
    double seconds = 0;
    for (int i = 0; i < b->npages; i++) {
        const char *t = b->pages[i].text;
        for (int in = 0; t && *t; t++) {
            int sp = ascii_isspace(*t);
            words += !sp && !in;
            in = !sp;
        }
        /* counted from what stays once a page's narration is written */
        narrated += b->pages[i].narration_seconds > 0;
        timed += b->pages[i].cues > 0;
        seconds += b->pages[i].narration_seconds;
    }
    static const char *const formats[] = { "EPUB 2", "EPUB 3", "Bloom book" };
    char s1[ESC_NAME_MAX], s2[ESC_NAME_MAX];
    /* TRANSLATORS: %1$s the story folder made, %2$s the book's format (EPUB 3,
       Bloom book), %3$s " (fixed layout)" or nothing, %4$s the book's title. */
    printf(_("made %1$s from %2$s%3$s: \"%4$s\"\n"), esc_str(target, s1, sizeof s1), formats[b->format],
           b->fixed_layout ? _(" (fixed layout)") : "", esc_str(b->title ? b->title : "", s2, sizeof s2));
    printf(_("  pages: %1$d, words: %2$d%3$s\n"), b->npages, words, b->cover ? _(", with its cover") : "");
    printf(ngettext("  narration: %1$d page, %2$.1f s", "  narration: %1$d pages, %2$.1f s",
                    (unsigned long)narrated), narrated, seconds);
    printf(ngettext("; timed words: %d page\n", "; timed words: %d pages\n", (unsigned long)timed),
           timed);
    printf(_("  language: %s"), esc_str(b->language ? b->language : _("not stated"), s1, sizeof s1));
    printf(_(" (the book has: %s)\n"), esc_str(b->languages ? b->languages : _("none stated"), s1,
                                           sizeof s1));
    tool_print_field(stdout, _("  words by: "), b->authors);
    tool_print_field(stdout, _("  pictures by: "), b->illustrators);
    tool_print_field(stdout, "  publisher: ", b->publisher);
    tool_print_field(stdout, "  credits: ", b->credits);
    printf(_("  licence: %s\n"), b->licence ? esc_str(b->licence, s1, sizeof s1) :
           _("the book states none; keep to the terms of the library it came from"));
}

static int booktool_usage(void)
{
    fputs(_("usage: hushabye-story import-book [--language CODE] BOOK [FOLDER]\n"), stderr);
    return TOOL_USAGE;
}

/* The default target: the family's stories folder, named after the title
 * ("-2", "-3"... when a story of that name is there already). */
static int booktool_default(const Book *b, char *target, size_t cap)
{
    UserPaths u;
    char dir[BOOKSTORE_PATH], slug[64];
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

/* The notes on what was left out, each naming the book and the file in it
 * ("hushabye-story: note: moon.epub: OEBPS/a.png: warning: ..."). */
static void booktool_notes(const Book *b, const char *path)
{
    char base[BOOKSTORE_PATH], shown[ESC_NAME_MAX], prefix[ESC_NAME_MAX + 40];
    snprintf(prefix, sizeof prefix, "hushabye-story: note: %s: ",
             esc_str(files_basename(path, base, sizeof base), shown, sizeof shown));
    diag_print(&b->notes, stderr, prefix);
}

/* A book's picture is copied in only when the player can open it: its own
 * decoder and limits, as the checker uses them. */
static int booktool_picture(const unsigned char *data, size_t len, char *why, size_t n)
{
    int r = media_picture(data, len, why, n);
    return r < 0 ? -1 : r > 0 ? 1 : 0;
}

int cmd_import_book(int argc, char **argv)
{
    const char *path = NULL, *folder = NULL;
    BookOptions o = { .language = NULL, .picture_check = booktool_picture };
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
    char why[BOOK_WHY], shown[ESC_NAME_MAX], target[BOOKSTORE_PATH];
    unsigned char *data = NULL;
    size_t len = 0;
    Book b;
    memset(&b, 0, sizeof b);
    int rc = TOOL_FAIL;
    if (bookstore_load(path, &data, &len, why) != 0 || book_import(data, len, &o, &b, why) != 0)
        goto fail;
    if (folder)
        snprintf(target, sizeof target, "%s", folder);
    else if (booktool_default(&b, target, sizeof target) != 0) {
        snprintf(why, BOOK_WHY, _("the family's stories folder cannot be made; give a FOLDER"));
        goto fail;
    }
    while (strlen(target) > 1 && target[strlen(target) - 1] == '/')
        target[strlen(target) - 1] = '\0';
    char base[BOOKSTORE_PATH];
    if (bookstore_save(target, &b, files_basename(path, base, sizeof base), NULL, why) != 0) {
        fprintf(stderr, _("hushabye-story: %1$s: %2$s\n"), esc_str(target, shown, sizeof shown),
                esc_str(why, base, sizeof base));
        goto done;
    }
    booktool_notes(&b, path);
    booktool_report(target, &b);
    rc = TOOL_OK;
    goto done;
fail:
    booktool_notes(&b, path);
    fprintf(stderr, _("hushabye-story: %s: this book cannot be used: "),
            esc_str(path, shown, sizeof shown));
    fprintf(stderr, "%s\n", esc_str(why, target, sizeof target));
done:
    free(data);
    book_free(&b);
    return rc;
}
