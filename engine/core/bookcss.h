/* bookcss — the pictures a book's CSS sets as backgrounds.
 *
 * Fixed-layout tools and older Bloom books put a page's picture on it as an
 * element's CSS background, not an <img>: inline (style="background-image:
 * url(p1.jpg)"), or in a stylesheet, by class or id:
 *
 *   .page3 { background: #fff url("../images/p3.jpg") no-repeat; }
 *   <div class="page page3">...</div>
 *
 * Only what a picture book needs is read: rules whose declarations give a
 * background url(...), under selectors whose last part is a tag, classes and
 * an id (".page3", "div.page.p3", "#cover", "body"); what comes before it
 * ("section .page3") is not checked, so such a rule matches a little more
 * often than a browser would. A selector with a pseudo-class or an attribute
 * (":hover", "[lang]") is left out, @media and @supports blocks are read
 * inside, other at-rules are skipped, comments are space. Where several
 * rules match, the last one written wins, as the cascade mostly has it.
 * A stylesheet is untrusted: at most BOOKCSS_MAX_RULES rules are kept from
 * BOOKCSS_MAX_BYTES of it. Pure C; no libxml2, no SDL. */
#ifndef HUSHABYE_BOOKCSS_H
#define HUSHABYE_BOOKCSS_H

#include <stddef.h>

#define BOOKCSS_MAX_BYTES (1024u * 1024u)   /* of one stylesheet read */
#define BOOKCSS_MAX_RULES 512                /* background rules kept from one */
#define BOOKCSS_URL       1024               /* longest url(...) looked at */
#define BOOKCSS_NAME      64                 /* longest tag, class or id kept */
#define BOOKCSS_CLASSES   4                  /* classes one selector may need */

typedef struct {
    char tag[BOOKCSS_NAME];                  /* "" for any */
    char id[BOOKCSS_NAME];                   /* "" for any */
    char cls[BOOKCSS_CLASSES][BOOKCSS_NAME];
    int ncls;
    char *url;                               /* as written, unquoted (malloc'ed) */
} BookCssRule;

typedef struct {
    BookCssRule *rules;
    int n, cap;
} BookCss;

/* The url a style attribute's (or a declaration block's) background or
 * background-image gives, unquoted, into out (cap bytes); NULL for none
 * (no such declaration, "none", a gradient, an unclosed url( or quote). A
 * ';' inside quotes or parentheses (a data: URL's) does not end a value. */
const char *bookcss_background(const char *style, char *out, size_t cap);

/* Read the stylesheet text[0..len) (need not end in a NUL) into c, adding
 * its background rules after those already there. Returns how many were
 * added. */
int bookcss_parse(BookCss *c, const char *text, size_t len);

/* The last rule of c that an element of this tag, class attribute (classes
 * apart by spaces, or NULL) and id (or NULL) matches; NULL for none. */
const BookCssRule *bookcss_match(const BookCss *c, const char *tag, const char *classes,
                                 const char *id);

void bookcss_free(BookCss *c);

#endif
