/* bookkey — a book file's content key and the marker of its import (see bookkey.h).
 *
 * The marker is a few "key = value" lines, read here by hand rather than by
 * ini.c: it is tiny, written only by us, and a damaged one must simply count
 * as no marker (the book is then imported again, into a fresh folder). */
#include "bookkey.h"
#include "ascii.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

uint64_t bookkey_fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

uint64_t bookkey_of(uint64_t size, const unsigned char *head, size_t hlen,
                    const unsigned char *tail, size_t tlen)
{
    unsigned char le[8];
    for (int i = 0; i < 8; i++)
        le[i] = (unsigned char)(size >> (8 * i));
    uint64_t h = bookkey_fnv(BOOKKEY_FNV_INIT, le, sizeof le);
    h = bookkey_fnv(h, head, hlen);
    return bookkey_fnv(h, tail, tlen);
}

/* Read exactly n bytes at offset off; 0 ok. */
static int read_at(int fd, unsigned char *buf, size_t n, off_t off)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, buf + got, n - got, off + (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

int bookkey_file(const char *path, uint64_t *key)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0) {
        close(fd);
        return -1;
    }
    uint64_t size = (uint64_t)st.st_size;
    size_t span = size < BOOKKEY_SPAN ? (size_t)size : BOOKKEY_SPAN;
    unsigned char *head = malloc(span ? span : 1), *tail = malloc(span ? span : 1);
    int rc = -1;
    if (head && tail && read_at(fd, head, span, 0) == 0 &&
        read_at(fd, tail, span, (off_t)(size - span)) == 0) {
        *key = bookkey_of(size, head, span, tail, span);
        rc = 0;
    }
    free(head);
    free(tail);
    close(fd);
    return rc;
}

char *bookkey_hex(uint64_t key, char *buf)
{
    snprintf(buf, BOOKKEY_HEX, "%016llx", (unsigned long long)key);
    return buf;
}

static int ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), m = strlen(end);
    if (n <= m)
        return 0;
    for (size_t i = 0; i < m; i++) {
        char c = s[n - m + i];
        if (ascii_tolower(c) != end[i])
            return 0;
    }
    return 1;
}

int bookkey_is_book(const char *name)
{
    return name && name[0] != '.' &&
           (ends_with(name, ".epub") || ends_with(name, ".bloompub") || ends_with(name, ".bloomd"));
}

/* s with control characters as '?' (one line), appended to buf at *at. */
static int put_line(char *buf, size_t cap, size_t *at, const char *key, const char *s)
{
    int n = snprintf(buf + *at, cap - *at, "%s = ", key);
    if (n < 0 || (size_t)n >= cap - *at)
        return -1;
    *at += (size_t)n;
    for (; *s; s++) {
        if (*at + 2 >= cap)
            return -1;
        buf[(*at)++] = (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s;
    }
    buf[(*at)++] = '\n';
    buf[*at] = '\0';
    return 0;
}

int bookkey_marker(uint64_t key, const char *source, const char *why, char *buf, size_t cap)
{
    char hex[BOOKKEY_HEX];
    int n = snprintf(buf, cap, "hushabye-book 1\n");
    if (n < 0 || (size_t)n >= cap)
        return -1;
    size_t at = (size_t)n;
    if (put_line(buf, cap, &at, "key", bookkey_hex(key, hex)) != 0 ||
        put_line(buf, cap, &at, "source", source ? source : "") != 0 ||
        (why && put_line(buf, cap, &at, "refused", why) != 0))
        return -1;
    return (int)at;
}

/* Copy the value of "name = value" (line of n bytes) to out when it is that key. */
static int value_of(const char *line, size_t n, const char *name, char *out, size_t cap)
{
    size_t k = strlen(name);
    if (n < k + 3 || memcmp(line, name, k) != 0 || memcmp(line + k, " = ", 3) != 0)
        return 0;
    if (out && cap) {
        size_t v = n - k - 3 < cap - 1 ? n - k - 3 : cap - 1;
        memcpy(out, line + k + 3, v);
        out[v] = '\0';
    }
    return 1;
}

int bookkey_marker_read(const char *text, size_t len, uint64_t *key, char *source, size_t scap,
                        char *why, size_t wcap)
{
    static const char magic[] = "hushabye-book 1\n";
    char hex[64] = "";
    if (source && scap)
        source[0] = '\0';
    if (why && wcap)
        why[0] = '\0';
    if (len < sizeof magic - 1 || memcmp(text, magic, sizeof magic - 1) != 0)
        return -1;
    int have_key = 0;
    for (size_t at = sizeof magic - 1; at < len;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        const char *line = text + at;
        if (value_of(line, n, "key", hex, sizeof hex))
            have_key = 1;
        else if (!value_of(line, n, "source", source, scap))
            value_of(line, n, "refused", why, wcap);
        at += n + 1;
    }
    if (!have_key || strlen(hex) != 16 || strspn(hex, "0123456789abcdef") != 16)
        return -1;
    *key = strtoull(hex, NULL, 16);
    return 0;
}
