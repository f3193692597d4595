/* book — the pure rules of reading a picture book: names, clock values,
 * references, decorations, timestamps, folder names and tidy words.
 *
 * Everything here takes strings and gives strings or numbers, with no file,
 * zip or XML library, so tests can hold every rule to its examples. The
 * reading itself (bookread.c) and the container (bookzip.c) call these. */
#include "book.h"
#include "ascii.h"
#include "utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int book_name_ok(const char *name, size_t len)
{
    if (!name || len == 0 || len > 1024 || name[0] == '/')
        return 0;
    if (len >= 2 && name[1] == ':')
        return 0;   /* a drive letter: "C:..." */
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        unsigned char c = i < len ? (unsigned char)name[i] : '/';
        if (i < len && (c < 0x20 || c == 0x7f || c == '\\'))
            return 0;
        if (c == '/') {
            if (i - start == 2 && name[start] == '.' && name[start + 1] == '.')
                return 0;
            start = i + 1;
        }
    }
    return 1;
}

/* A decimal number at *p (digits, optional fraction after a point, or a
 * comma as tools in many locales write it: "0:00:02,000"); advances *p. -1
 * when none. */
static int book_number(const char **p, double *v)
{
    const char *s = *p;
    double x = 0, scale = 1;
    int digits = 0;
    while (ascii_isdigit(*s) && digits < 12)
        x = x * 10 + (*s++ - '0'), digits++;
    if (*s == '.' || (*s == ',' && digits > 0 && ascii_isdigit(s[1]))) {
        s++;
        while (ascii_isdigit(*s)) {
            if (scale > 1e-9)
                scale /= 10, x += (*s - '0') * scale;
            s++, digits++;
        }
    }
    if (digits == 0 || ascii_isdigit(*s))
        return -1;
    *p = s, *v = x;
    return 0;
}

int book_clock(const char *s, double *seconds)
{
    if (!s)
        return -1;
    while (ascii_isblank(*s))
        s++;
    if (strncmp(s, "npt=", 4) == 0)
        s += 4;
    double parts[3];
    int n = 0;
    const char *p = s;
    while (n < 3) {
        if (book_number(&p, &parts[n]) != 0)
            return -1;
        n++;
        if (*p != ':')
            break;
        p++;
    }
    double v;
    if (n > 1) {   /* a full or partial clock: [h:]mm:ss[.fff] */
        for (int i = 1; i < n; i++)
            if (parts[i] >= 60)
                return -1;
        v = n == 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : parts[0] * 60 + parts[1];
    } else {       /* a timecount with an optional metric, spaced or not ("4.0 s", "6sec") */
        static const struct { const char *unit; double mult; } units[] = {
            { "h", 3600 }, { "min", 60 }, { "ms", 0.001 }, { "s", 1 }, { "sec", 1 },
            { "secs", 1 }, { "msec", 0.001 },
        };
        while (ascii_isblank(*p))
            p++;
        double mult = 1;
        for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
            size_t l = strlen(units[i].unit);
            if (strncmp(p, units[i].unit, l) == 0 && (p[l] == '\0' || ascii_isblank(p[l]))) {
                mult = units[i].mult, p += l;
                break;
            }
        }
        v = parts[0] * mult;
    }
    while (ascii_isblank(*p))
        p++;
    if (*p != '\0' || !isfinite(v))
        return -1;
    *seconds = v;
    return 0;
}

static int book_hex(int c)
{
    return ascii_isdigit(c) ? c - '0' : (c = ascii_tolower(c)) >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *book_resolve(const char *base, const char *href, char **frag)
{
    if (frag)
        *frag = NULL;
    /* Spaces around a link are not part of it (HTML trims them), and what
     * follows a '?' is a query, not the file's name ("p1.png?v=2"). */
    while (href && ascii_isspace((unsigned char)*href))
        href++;
    if (!href || !base || href[0] == '/' || strchr(href, ':') != NULL)
        return NULL;   /* absolute, or a URL ("http:", "data:", "file:") */
    size_t hl = strcspn(href, "#?");
    while (hl > 0 && ascii_isspace((unsigned char)href[hl - 1]))
        hl--;
    size_t bl = strlen(base);
    while (bl > 0 && base[bl - 1] != '/')
        bl--;
    char *out = malloc(bl + hl + 2);
    if (!out)
        return NULL;
    memcpy(out, base, bl);
    size_t o = bl;
    for (size_t i = 0; i < hl; i++) {
        int a, b;
        if (href[i] == '%' && i + 2 < hl + 1 && (a = book_hex(href[i + 1])) >= 0 &&
            (b = book_hex(href[i + 2])) >= 0 && (a || b))
            out[o++] = (char)(a * 16 + b), i += 2;
        else
            out[o++] = href[i];
    }
    out[o] = '\0';
    /* Fold "." and ".." components into a second buffer; a ".." above the top
     * leaves the book. */
    char *path = malloc(o + 2);
    if (!path) {
        free(out);
        return NULL;
    }
    size_t w = 0, r = 0;
    while (r < o) {
        size_t len = strcspn(out + r, "/");
        if (len == 0 || (len == 1 && out[r] == '.')) {
            /* an empty or "." component says nothing */
        } else if (len == 2 && out[r] == '.' && out[r + 1] == '.') {
            if (w == 0) {
                free(out), free(path);
                return NULL;
            }
            w--;
            while (w > 0 && path[w - 1] != '/')
                w--;
        } else {
            memcpy(path + w, out + r, len);
            w += len;
            path[w++] = '/';
        }
        r += len + 1;
    }
    free(out);
    if (w == 0 || !book_name_ok(path, w - 1)) {
        free(path);
        return NULL;
    }
    path[w - 1] = '\0';
    out = path;
    const char *hash = strchr(href, '#');
    size_t fl = hash ? strlen(hash + 1) : 0;
    while (fl > 0 && ascii_isspace((unsigned char)hash[fl]))
        fl--;
    if (frag && fl > 0)
        *frag = strndup(hash + 1, fl);
    return out;
}

int book_is_decoration(const char *name, int w, int h, int pages, int npages)
{
    if (w > 0 && h > 0 && (w < BOOK_TINY || h < BOOK_TINY))
        return 1;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    for (const char *p = base; *p; p++)
        if (ascii_tolower(p[0]) == 'l' && p[1] && ascii_tolower(p[1]) == 'o' && p[2] &&
            ascii_tolower(p[2]) == 'g' && p[3] && ascii_tolower(p[3]) == 'o')
            return 1;
    /* The same picture on most of at least three pages: a border or a badge. */
    return npages >= 3 && pages >= 3 && pages * 2 > npages;
}

void book_vtt_time(double seconds, char *buf)
{
    if (!(seconds > 0))
        seconds = 0;
    long ms = lround(seconds * 1000.0);
    if (ms > 99L * 3600000L)
        ms = 99L * 3600000L;
    snprintf(buf, 32, "%02ld:%02ld:%02ld.%03ld", ms / 3600000, ms / 60000 % 60,
             ms / 1000 % 60, ms % 1000);
}

char *book_slug(const char *title, char *buf, size_t cap)
{
    size_t o = 0, max = cap > 61 ? 60 : cap - 1;
    for (const char *p = title ? title : ""; *p && o < max; p++) {
        int c = ascii_tolower((unsigned char)*p);
        if (ascii_isalnum(c))
            buf[o++] = (char)c;
        else if (o > 0 && buf[o - 1] != '-')
            buf[o++] = '-';
    }
    while (o > 0 && buf[o - 1] == '-')
        o--;
    buf[o] = '\0';
    if (o == 0)
        snprintf(buf, cap, "book");
    return buf;
}

void book_tidy_text(char *s)
{
    size_t w = 0, len = strlen(s);
    int space = 0, breaks = 0;
    for (size_t r = 0; r < len;) {
        unsigned char c = (unsigned char)s[r];
        uint32_t cp;
        int n = utf8_decode(s + r, len - r, &cp);
        if (cp == UTF8_REPLACEMENT && !(n == 3 && memcmp(s + r, "\xEF\xBF\xBD", 3) == 0)) {
            /* a byte of no real UTF-8 (a book in another encoding, or cut):
             * dropped, so the story's words are always valid UTF-8 */
            r++;
            continue;
        }
        r += (size_t)n;
        if (c == '\n') {
            breaks = 1, space = 0;
        } else if (ascii_isspace(c)) {
            space = 1;
        } else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
            /* a control character (C0, DEL or C1) means nothing to a child,
             * and ESC could move a terminal's cursor when the words are shown */
        } else {
            if (w > 0 && breaks)
                s[w++] = '\n';
            else if (w > 0 && space)
                s[w++] = ' ';
            breaks = space = 0;
            memmove(s + w, s + r - (size_t)n, (size_t)n);
            w += (size_t)n;
        }
    }
    s[w] = '\0';
}
