/* bookzip — a book's zip read into memory, under caps, by libarchive.
 *
 * libarchive is told the one format a book is (zip) and no compression
 * filter, after the bytes were sniffed as a zip: it never guesses. Its
 * seekable zip reader takes names and sizes from the central directory, so
 * an entry that claims more than BOOK_MAX_ENTRY, or would take the total past
 * BOOK_MAX_TOTAL, is refused before a byte of it is inflated; the same caps,
 * and the ratio of what has come out to the book's size (a zip bomb inflates
 * a few kilobytes into gigabytes), are checked again block by block while
 * inflating, because headers may lie. Each entry's buffer is sized from the
 * size its header states, but never past what the caps still allow (a header
 * that claims more than it holds costs address space, not memory, for the
 * moment it is read), grown by doubling when the header claimed less, and
 * cut to the entry's true length once read: thousands of one-byte entries
 * cost a few bytes each, not a block each. Names are checked with
 * book_name_ok() and anything but a regular file or a folder (a link, a
 * device) refuses the book: nothing is ever written under an entry's name,
 * but a book that tries is not one to trust. */
#include "book.h"

#include "i18n.h"
#include "sniff.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BOOKZIP_BLOCK 65536

static int bookzip_add(BookZip *z, const char *name, unsigned char *data, size_t len)
{
    BookFile *f = realloc(z->files, (size_t)(z->n + 1) * sizeof *f);
    if (!f)
        return -1;
    z->files = f;
    f[z->n].name = strdup(name);
    if (!f[z->n].name)
        return -1;
    f[z->n].data = data;
    f[z->n].len = len;
    z->n++;
    return 0;
}

/* How many bytes may still come out of the book: the least of what the total
 * cap and the ratio to the book's size leave, given *total so far. */
static uint64_t bookzip_room(size_t book_len, uint64_t total)
{
    uint64_t ratio = (uint64_t)book_len * BOOK_MAX_RATIO + (BOOK_MAX_RATIO - 1);
    uint64_t most = ratio > BOOK_RATIO_FLOOR ? ratio : BOOK_RATIO_FLOOR;
    if (most > BOOK_MAX_TOTAL)
        most = BOOK_MAX_TOTAL;
    return most > total ? most - total : 0;
}

/* The first size of an entry's buffer, its NUL included: what the header
 * says (BOOKZIP_BLOCK when it says nothing), but no more than one entry or
 * the room left may hold, since a header may lie. */
static size_t bookzip_first_cap(struct archive_entry *e, size_t book_len, uint64_t total)
{
    uint64_t want = BOOKZIP_BLOCK;
    if (archive_entry_size_is_set(e) && archive_entry_size(e) >= 0)
        want = (uint64_t)archive_entry_size(e);
    uint64_t room = bookzip_room(book_len, total);
    if (want > room)
        want = room;
    if (want > BOOK_MAX_ENTRY)
        want = BOOK_MAX_ENTRY;
    return (size_t)want + 1;
}

/* Make buf hold need bytes (need <= BOOK_MAX_ENTRY + 1), doubling. 0 ok. */
static int bookzip_grow(unsigned char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 1;
    while (ncap < need)
        ncap *= 2;
    if (ncap > (size_t)BOOK_MAX_ENTRY + 1)
        ncap = (size_t)BOOK_MAX_ENTRY + 1;
    unsigned char *nb = realloc(*buf, ncap);
    if (!nb)
        return -1;
    *buf = nb, *cap = ncap;
    return 0;
}

/* Inflate the current entry into a new buffer under the caps, first sized
 * cap bytes, then cut to its length. *total counts every byte that came out
 * of the book so far. */
static int bookzip_inflate(struct archive *a, size_t book_len, uint64_t *total, size_t cap,
                           unsigned char **out, size_t *out_len, const char *shown, char *why)
{
    size_t len = 0;
    unsigned char *buf = malloc(cap);
    if (!buf)
        goto nomem;
    for (;;) {
        unsigned char block[BOOKZIP_BLOCK];
        la_ssize_t got = archive_read_data(a, block, sizeof block);
        if (got < 0) {
            snprintf(why, BOOK_WHY, _("its file '%1$s' is damaged (%2$s)"), shown,
                     archive_error_string(a) ? archive_error_string(a) : "unreadable");
            goto fail;
        }
        if (got == 0)
            break;
        *total += (uint64_t)got;
        if (len + (size_t)got > BOOK_MAX_ENTRY || *total > BOOK_MAX_TOTAL ||
            (*total > BOOK_RATIO_FLOOR && *total / BOOK_MAX_RATIO > book_len)) {
            snprintf(why, BOOK_WHY, _("it unpacks to far more than it holds (its file '%1$s' "
                     "grows past %2$u MB); it looks like a zip bomb, made to fill the disk"),
                     shown, (unsigned)(*total / (1024 * 1024)));
            goto fail;
        }
        if (bookzip_grow(&buf, &cap, len + (size_t)got + 1) != 0)
            goto nomem;
        memcpy(buf + len, block, (size_t)got);
        len += (size_t)got;
    }
    buf[len] = '\0';
    if (cap > len + 1) {
        /* The header claimed more than came out: give the rest back. */
        unsigned char *nb = realloc(buf, len + 1);
        if (nb)
            buf = nb;
    }
    *out = buf, *out_len = len;
    return 0;
nomem:
    snprintf(why, BOOK_WHY, _("there was not enough memory to unpack it"));
fail:
    free(buf);
    return -1;
}

/* The entry's name made safe to show in a message. */
static void bookzip_shown(const char *name, char *buf, size_t cap)
{
    size_t o = 0;
    for (const char *p = name; *p && o + 5 < cap; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7f)
            o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", c);
        else
            buf[o++] = (char)c;
    }
    buf[o] = '\0';
}

static int bookzip_entry(struct archive *a, struct archive_entry *e, size_t book_len,
                         uint64_t *total, BookZip *z, char *why)
{
    const char *raw = archive_entry_pathname(e);
    char shown[300], name[1025];
    size_t n = raw ? strlen(raw) : 0;
    bookzip_shown(raw ? raw : "", shown, sizeof shown);
    /* Some zip tools on Windows write "OEBPS\\img\\a.jpg": the same path. A
     * name with a control character can be no page's, and leads nowhere:
     * it is passed over, not taken as a book that cannot be trusted. */
    int control = 0;
    for (size_t i = 0; i < n && i < sizeof name - 1; i++) {
        unsigned char c = (unsigned char)raw[i];
        control |= c < 0x20 || c == 0x7f;
        name[i] = c == '\\' ? '/' : (char)c;
    }
    name[n < sizeof name - 1 ? n : sizeof name - 1] = '\0';
    if (raw && n < sizeof name && control && archive_entry_filetype(e) == AE_IFREG)
        return 0;
    if (!raw || n >= sizeof name || !book_name_ok(name, n)) {
        snprintf(why, BOOK_WHY, _("one of its files is named '%s', which would lead outside "
                 "the book; it is refused so nothing is written where it should not be"), shown);
        return -1;
    }
    mode_t type = archive_entry_filetype(e);
    if (type == AE_IFDIR)
        return 0;
    if (type != AE_IFREG || archive_entry_hardlink(e) || archive_entry_symlink(e)) {
        snprintf(why, BOOK_WHY, _("its entry '%s' is a link or a device, not a file; such a "
                 "book is refused"), shown);
        return -1;
    }
    if (archive_entry_size_is_set(e) &&
        ((uint64_t)archive_entry_size(e) > BOOK_MAX_ENTRY ||
         *total + (uint64_t)archive_entry_size(e) > BOOK_MAX_TOTAL)) {
        snprintf(why, BOOK_WHY, _("its file '%1$s' would unpack to %2$lld MB, more than a picture "
                 "book needs (at most %3$u MB a file, %4$u MB in all)"), shown,
                 (long long)(archive_entry_size(e) / (1024 * 1024)),
                 BOOK_MAX_ENTRY / (1024 * 1024), BOOK_MAX_TOTAL / (1024 * 1024));
        return -1;
    }
    if (z->n >= BOOK_MAX_ENTRIES) {
        snprintf(why, BOOK_WHY, _("it holds more than %d files, far more than a picture book"),
                 BOOK_MAX_ENTRIES);
        return -1;
    }
    unsigned char *data;
    size_t len;
    if (bookzip_inflate(a, book_len, total, bookzip_first_cap(e, book_len, *total), &data, &len,
                        shown, why) != 0)
        return -1;
    if (bookzip_add(z, name, data, len) != 0) {
        free(data);
        snprintf(why, BOOK_WHY, _("there was not enough memory to unpack it"));
        return -1;
    }
    return 0;
}

int bookzip_read(const unsigned char *data, size_t len, BookZip *z, char *why)
{
    memset(z, 0, sizeof *z);
    if (sniff_bytes(data, len < SNIFF_HEAD ? len : SNIFF_HEAD) != SNIFF_ZIP) {
        snprintf(why, BOOK_WHY, _("it is not a zip file, as EPUB and Bloom books are"));
        return -1;
    }
    if (len > BOOK_MAX_BYTES) {
        snprintf(why, BOOK_WHY, _("it is larger than %u MB"), BOOK_MAX_BYTES / (1024 * 1024));
        return -1;
    }
    struct archive *a = archive_read_new();
    if (!a) {
        snprintf(why, BOOK_WHY, _("there was not enough memory to open it"));
        return -1;
    }
    archive_read_support_format_zip(a);
    int rc = -1;
    if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
        snprintf(why, BOOK_WHY, _("it is a damaged zip (%s)"),
                 archive_error_string(a) ? archive_error_string(a) : "unreadable");
        goto done;
    }
    uint64_t total = 0;
    struct archive_entry *e;
    for (;;) {
        int r = archive_read_next_header(a, &e);
        if (r == ARCHIVE_EOF)
            break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
            snprintf(why, BOOK_WHY, _("it is a damaged zip (%s)"),
                     archive_error_string(a) ? archive_error_string(a) : "unreadable");
            goto done;
        }
        if (bookzip_entry(a, e, len, &total, z, why) != 0)
            goto done;
    }
    rc = 0;
done:
    archive_read_free(a);
    if (rc != 0)
        bookzip_free(z);
    return rc;
}

const BookFile *bookzip_find(const BookZip *z, const char *name)
{
    if (!name)
        return NULL;
    for (int i = 0; i < z->n; i++)
        if (strcmp(z->files[i].name, name) == 0)
            return &z->files[i];
    for (int i = 0; i < z->n; i++)
        if (strcasecmp(z->files[i].name, name) == 0)
            return &z->files[i];
    return NULL;
}

void bookzip_free(BookZip *z)
{
    for (int i = 0; i < z->n; i++) {
        free(z->files[i].name);
        free(z->files[i].data);
    }
    free(z->files);
    z->files = NULL;
    z->n = 0;
}
