/* diag — a growing list of diagnostics, each with its own copies of the path
 * and the message.
 *
 * Nothing here prints on its own except diag_print(); the loader and the
 * checker record, the caller decides. Allocation failures drop the message
 * quietly: losing one diagnostic is better than losing bedtime. Messages are
 * formatted into a bounded buffer so a hostile file name cannot make one
 * unbounded. Paths and messages carry untrusted names and settings, so they
 * are escaped (escape.h) whenever a diagnostic is formatted for a person; the
 * recorded text stays as it was for tests and JSON, which escape on their own. */
#include "diag.h"

#include "escape.h"
#include "i18n.h"
#include "mem.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define DIAG_MSG_MAX 1024

/* Make room for one more item; 0 on success. */
static int diag_grow(Diags *d)
{
    return hb_grow(&d->items, &d->cap, d->n + 1, sizeof *d->items, 16, 1 << 20);
}

void diag_add(Diags *d, DiagLevel level, const char *path, int line,
              const char *fmt, ...)
{
    char msg[DIAG_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!d || diag_grow(d) != 0)
        return;
    char *p = hb_strdup(path ? path : "");
    char *m = hb_strdup(msg);
    if (!p || !m) {
        free(p);
        free(m);
        return;
    }
    d->items[d->n++] = (Diag){ level, p, line > 0 ? line : 0, m };
}

int diag_errors(const Diags *d)
{
    int errors = 0;
    for (int i = 0; d && i < d->n; i++)
        errors += d->items[i].level == DIAG_ERROR;
    return errors;
}

void diag_format(const Diag *g, char *buf, size_t len)
{
    if (!buf || len == 0)
        return;
    /* TRANSLATORS: the level of a problem, as in "story.ini:3: warning: ...". */
    const char *level = g->level == DIAG_ERROR ? C_("diagnostic", "error")
                                               : C_("diagnostic", "warning");
    char path[ESC_NAME_MAX], msg[DIAG_MSG_MAX * ESC_GROWTH + 1];
    esc_str(g->path, path, sizeof path);
    esc_str(g->msg, msg, sizeof msg);
    if (g->line > 0)
        snprintf(buf, len, "%s:%d: %s: %s", path, g->line, level, msg);
    else
        snprintf(buf, len, "%s: %s: %s", path, level, msg);
}

void diag_print(const Diags *d, FILE *f, const char *prefix)
{
    char line[DIAG_LINE_MAX];
    for (int i = 0; d && i < d->n; i++) {
        diag_format(&d->items[i], line, sizeof line);
        fprintf(f, "%s%s\n", prefix ? prefix : "", line);
    }
}

void diag_free(Diags *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->n; i++) {
        free(d->items[i].path);
        free(d->items[i].msg);
    }
    free(d->items);
    d->items = NULL;
    d->n = d->cap = 0;
}
