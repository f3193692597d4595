/* libFuzzer target: a book's stylesheet (bookcss.h), as a downloaded EPUB
 * carries it. Whatever the bytes, the background rules read must hold
 * together: a url that is a terminated string within BOOKCSS_URL, names
 * within BOOKCSS_NAME, at most BOOKCSS_MAX_RULES of them; and matching an
 * element against them, or reading the bytes as a style attribute, must end
 * without reading past what was given. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bookcss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    BookCss c = { 0 };
    int added = bookcss_parse(&c, (const char *)data, size);
    if (added != c.n || added < 0 || added > BOOKCSS_MAX_RULES)
        abort();
    for (int i = 0; i < c.n; i++) {
        const BookCssRule *r = &c.rules[i];
        if (!r->url || strlen(r->url) == 0 || strlen(r->url) >= BOOKCSS_URL ||
            memchr(r->tag, '\0', sizeof r->tag) == NULL ||
            memchr(r->id, '\0', sizeof r->id) == NULL || r->ncls < 0 ||
            r->ncls > BOOKCSS_CLASSES || (!r->tag[0] && !r->id[0] && r->ncls == 0))
            abort();
        /* Each rule matches an element made of its own parts. */
        char classes[BOOKCSS_CLASSES * (BOOKCSS_NAME + 1) + 1] = "";
        for (int k = 0; k < r->ncls; k++) {
            strcat(classes, r->cls[k]);
            strcat(classes, " ");
        }
        if (!bookcss_match(&c, r->tag[0] ? r->tag : "div", classes, r->id))
            abort();
    }
    bookcss_match(&c, "div", "page p1", "cover");
    bookcss_free(&c);
    /* The same bytes as a style attribute. */
    char *style = malloc(size + 1);
    if (style) {
        memcpy(style, data, size);
        style[size] = '\0';
        char url[BOOKCSS_URL];
        const char *u = bookcss_background(style, url, sizeof url);
        if (u && (u != url || strlen(url) == 0))
            abort();
        free(style);
    }
    return 0;
}
