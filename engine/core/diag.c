/* diag — a growing list of diagnostics, each with its own copies of the path
 * and the message.
 *
 * Nothing here prints on its own except diag_print() and diag_print_capped()
 * (the player's: a story's first problems and a count of the rest); the
 * loader and the checker record, the caller decides. Allocation failures drop the message
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

int diag_print_capped(const Diags *d, int from, int max, const char *where, const char *folder,
                      FILE *f, const char *prefix)
{
    char line[DIAG_LINE_MAX];
    int shown = 0, more = 0;
    const char *pre = prefix ? prefix : "";
    where = where ? where : "";
    folder = folder ? folder : where;
    for (int i = from < 0 ? 0 : from; d && i < d->n; i++) {
        const Diag *g = &d->items[i];
        int whole = strcmp(g->path, where) == 0 || strcmp(g->path, folder) == 0;
        if (!whole && shown >= max) {
            more++;
            continue;
        }
        shown += !whole;
        diag_format(g, line, sizeof line);
        fprintf(f, "%s%s\n", pre, line);
    }
    if (more > 0) {
        char name[ESC_NAME_MAX], arg[ESC_NAME_MAX];
        esc_str(where, name, sizeof name);
        esc_shell_arg(folder, arg, sizeof arg);
        fprintf(f, "%s%s: \xE2\x80\xA6 ", pre, name);   /* "…" */
        /* TRANSLATORS: after the first problems of a story folder, the count of
           the rest; %2$s is the folder's name, %3$s the folder to check. */
        fprintf(f, ngettext("and %1$d more problem in %2$s (hushabye-story check %3$s tells "
                            "them all)",
                            "and %1$d more problems in %2$s (hushabye-story check %3$s tells "
                            "them all)", (unsigned long)more), more, name, arg);
        fputc('\n', f);
    }
    return more;
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
