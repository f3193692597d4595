/* bookcss — background pictures from a book's CSS (see bookcss.h). */
#include "bookcss.h"

#include "ascii.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- one declaration block ---- */

/* The end of a CSS declaration's value starting at p: its ';' or the end,
 * past any in quotes or parentheses (a data: URL holds one). */
static const char *value_end(const char *p)
{
    int depth = 0;
    char quote = 0;
    for (; *p; p++) {
        if (quote) {
            quote = *p == quote ? 0 : quote;
        } else if (*p == '"' || *p == '\'') {
            quote = *p;
        } else if (*p == '(') {
            depth++;
        } else if (*p == ')') {
            depth -= depth > 0;
        } else if (*p == ';' && depth == 0) {
            break;
        }
    }
    return p;
}

/* The first url(...) in [p, end), unquoted and trimmed, into out (cap
 * bytes); NULL when there is none or it does not fit. */
static const char *first_url(const char *p, const char *end, char *out, size_t cap)
{
    for (; p + 4 <= end; p++) {
        if (strncasecmp(p, "url(", 4) != 0)
            continue;
        const char *a = p + 4, *b;
        while (a < end && ascii_isspace((unsigned char)*a))
            a++;
        if (a < end && (*a == '"' || *a == '\'')) {
            char quote = *a++;
            for (b = a; b < end && *b != quote; b++)
                ;
        } else {
            for (b = a; b < end && *b != ')'; b++)
                ;
            while (b > a && ascii_isspace((unsigned char)b[-1]))
                b--;
        }
        size_t n = (size_t)(b - a);
        if (n == 0 || n >= cap || b >= end)
            return NULL;
        memcpy(out, a, n);
        out[n] = '\0';
        return out;
    }
    return NULL;
}

const char *bookcss_background(const char *style, char *out, size_t cap)
{
    const char *p = style;
    while (p && *p) {
        while (*p == ';' || ascii_isspace((unsigned char)*p))
            p++;
        const char *name = p;
        while (*p && *p != ':' && *p != ';')
            p++;
        if (*p != ':')
            continue;
        const char *name_end = p;
        while (name_end > name && ascii_isspace((unsigned char)name_end[-1]))
            name_end--;
        size_t len = (size_t)(name_end - name);
        const char *value = p + 1, *end = value_end(value);
        if ((len == 10 && strncasecmp(name, "background", 10) == 0) ||
            (len == 16 && strncasecmp(name, "background-image", 16) == 0)) {
            const char *url = first_url(value, end, out, cap);
            if (url)
                return url;
        }
        p = end;
    }
    return NULL;
}

/* ---- selectors ---- */

static int name_char(int c)
{
    return ascii_isalnum(c) || c == '-' || c == '_' || c >= 0x80;
}

/* A name at *p into out (BOOKCSS_NAME bytes): 0 ok, -1 when empty or too long. */
static int take_name(const char **p, const char *end, char *out)
{
    const char *s = *p;
    while (s < end && name_char((unsigned char)*s))
        s++;
    size_t n = (size_t)(s - *p);
    if (n == 0 || n >= BOOKCSS_NAME)
        return -1;
    memcpy(out, *p, n);
    out[n] = '\0';
    *p = s;
    return 0;
}

/* The selector [s, end) (one of a list) as a rule: its last compound part,
 * a tag, classes and an id. 0 ok; -1 when it is not one this reads. */
static int selector(const char *s, const char *end, BookCssRule *r)
{
    while (s < end && ascii_isspace((unsigned char)*s))
        s++;
    while (end > s && ascii_isspace((unsigned char)end[-1]))
        end--;
    const char *last = end;
    while (last > s && !ascii_isspace((unsigned char)last[-1]) && last[-1] != '>' &&
           last[-1] != '+' && last[-1] != '~')
        last--;
    memset(r, 0, sizeof *r);
    const char *p = last;
    if (p < end && *p == '*')
        p++;
    else if (p < end && name_char((unsigned char)*p) && take_name(&p, end, r->tag) != 0)
        return -1;
    while (p < end) {
        char c = *p++;
        if (c == '.' && r->ncls < BOOKCSS_CLASSES) {
            if (take_name(&p, end, r->cls[r->ncls++]) != 0)
                return -1;
        } else if (c == '#' && !r->id[0]) {
            if (take_name(&p, end, r->id) != 0)
                return -1;
        } else {
            return -1;       /* a pseudo-class, an attribute, an escape, too many classes */
        }
    }
    /* "*" alone would make every element a picture. */
    return r->tag[0] || r->id[0] || r->ncls > 0 ? 0 : -1;
}

static int add_rule(BookCss *c, const BookCssRule *r, const char *url)
{
    if (c->n == c->cap) {
        int cap = c->cap ? c->cap * 2 : 16;
        BookCssRule *g = realloc(c->rules, (size_t)cap * sizeof *g);
        if (!g)
            return -1;
        c->rules = g;
        c->cap = cap;
    }
    char *u = strdup(url);
    if (!u)
        return -1;
    c->rules[c->n] = *r;
    c->rules[c->n++].url = u;
    return 0;
}

/* Each selector of the list [s, end) (apart by commas outside parentheses)
 * with url. */
static void add_selectors(BookCss *c, const char *s, const char *end, const char *url,
                          int *added)
{
    int depth = 0;
    for (const char *a = s, *p = s; p <= end && *added < BOOKCSS_MAX_RULES; p++) {
        if (p < end && *p == '(')
            depth++;
        else if (p < end && *p == ')')
            depth -= depth > 0;
        if (p < end && (*p != ',' || depth > 0))
            continue;
        BookCssRule r;
        if (selector(a, p, &r) == 0 && add_rule(c, &r, url) == 0)
            (*added)++;
        a = p + 1;
    }
}

/* ---- the stylesheet ---- */

/* The '}' closing the block opened at p ('{'), or end: nested blocks and
 * quotes passed over. */
static char *block_end(char *p, char *end)
{
    int depth = 0;
    char quote = 0;
    for (; p < end; p++) {
        if (quote)
            quote = *p == quote ? 0 : quote;
        else if (*p == '"' || *p == '\'')
            quote = *p;
        else if (*p == '{')
            depth++;
        else if (*p == '}' && --depth == 0)
            return p;
    }
    return end;
}

/* The first of ';' or '{' at or after p outside quotes, or end. */
static char *stop_at(char *p, char *end)
{
    char quote = 0;
    for (; p < end; p++) {
        if (quote)
            quote = *p == quote ? 0 : quote;
        else if (*p == '"' || *p == '\'')
            quote = *p;
        else if (*p == ';' || *p == '{')
            return p;
    }
    return end;
}

static void rules(BookCss *c, char *p, char *end, int depth, int *added)
{
    while (p < end && *added < BOOKCSS_MAX_RULES) {
        while (p < end && (ascii_isspace((unsigned char)*p) || *p == '}'))
            p++;
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            p += 4;
            continue;
        }
        if (end - p >= 3 && memcmp(p, "-->", 3) == 0) {
            p += 3;
            continue;
        }
        if (p >= end)
            break;
        char *stop = stop_at(p, end);
        if (stop == end)
            break;
        if (*p == '@') {
            if (*stop == ';') {          /* @import, @charset, @namespace */
                p = stop + 1;
                continue;
            }
            char *close = block_end(stop, end);
            int inside = (strncasecmp(p, "@media", 6) == 0 ||
                          strncasecmp(p, "@supports", 9) == 0) && depth < 4;
            if (inside)
                rules(c, stop + 1, close, depth + 1, added);
            p = close < end ? close + 1 : end;
            continue;
        }
        if (*stop == ';') {              /* not a rule: passed over */
            p = stop + 1;
            continue;
        }
        char *close = block_end(stop, end);
        char keep = close < end ? *close : '\0';
        if (close < end)
            *close = '\0';
        char url[BOOKCSS_URL];
        if (bookcss_background(stop + 1, url, sizeof url))
            add_selectors(c, p, stop, url, added);
        if (close < end)
            *close = keep;
        p = close < end ? close + 1 : end;
    }
}

int bookcss_parse(BookCss *c, const char *text, size_t len)
{
    len = len < BOOKCSS_MAX_BYTES ? len : BOOKCSS_MAX_BYTES;
    char *s = malloc(len + 1);
    if (!s)
        return 0;
    memcpy(s, text, len);
    s[len] = '\0';
    /* Comments, and NULs, are space. */
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\0') {
            s[i] = ' ';
        } else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
            size_t j = i + 2;
            while (j + 1 < len && !(s[j] == '*' && s[j + 1] == '/'))
                j++;
            j = j + 1 < len ? j + 2 : len;
            memset(s + i, ' ', j - i);
            i = j - 1;
        }
    }
    int added = 0;
    rules(c, s, s + len, 0, &added);
    free(s);
    return added;
}

/* Is cls one of the space-apart classes? */
static int has_class(const char *classes, const char *cls)
{
    size_t l = strlen(cls);
    for (const char *p = classes; p && *p;) {
        p += strspn(p, " \t\r\n\f");
        size_t w = strcspn(p, " \t\r\n\f");
        if (w == l && strncmp(p, cls, l) == 0)
            return 1;
        p += w;
    }
    return 0;
}

const BookCssRule *bookcss_match(const BookCss *c, const char *tag, const char *classes,
                                 const char *id)
{
    for (int i = c->n - 1; i >= 0; i--) {
        const BookCssRule *r = &c->rules[i];
        if (r->tag[0] && (!tag || strcasecmp(r->tag, tag) != 0))
            continue;
        if (r->id[0] && (!id || strcmp(r->id, id) != 0))
            continue;
        int k = 0;
        while (k < r->ncls && has_class(classes, r->cls[k]))
            k++;
        if (k == r->ncls)
            return r;
    }
    return NULL;
}

void bookcss_free(BookCss *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->rules[i].url);
    free(c->rules);
    memset(c, 0, sizeof *c);
}
