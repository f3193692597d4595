/* json — the few JSON writers --json output needs.
 *
 * Output is written straight to a FILE, hand-made and small: strings escape
 * quotes, backslashes and every control character (\u00XX), and, as in the
 * checker's plain messages (escape.h), C1 controls and the bidirectional
 * controls as \uXXXX, so the JSON itself is safe to show on a terminal. A byte
 * that is not valid UTF-8 is written as the text \xNN (a JSON "\\xNN"), the
 * same as the plain messages show it, so the result is always valid UTF-8 and
 * parses, whatever names a story folder holds. */
#include "tool.h"

#include <stdint.h>
#include <string.h>

#include "escape.h"
#include "utf8.h"

static void json_char(FILE *f, const char *s, int used, uint32_t cp)
{
    switch (cp) {
    case '"':  fputs("\\\"", f); return;
    case '\\': fputs("\\\\", f); return;
    case '\n': fputs("\\n", f); return;
    case '\r': fputs("\\r", f); return;
    case '\t': fputs("\\t", f); return;
    default: break;
    }
    if (esc_unsafe(cp))
        fprintf(f, "\\u%04x", (unsigned)cp);
    else
        fwrite(s, 1, (size_t)used, f);
}

void json_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    size_t len = strlen(s), i = 0;
    fputc('"', f);
    while (i < len) {
        uint32_t cp;
        int used = utf8_decode(s + i, len - i, &cp);
        int bad = cp == UTF8_REPLACEMENT && !(used == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0);
        if (bad)
            fprintf(f, "\\\\x%02x", (unsigned char)s[i]);
        else
            json_char(f, s + i, used, cp);
        i += (size_t)(used > 0 ? used : 1);
    }
    fputc('"', f);
}

void json_diags(FILE *f, const Diags *d)
{
    fputc('[', f);
    for (int i = 0; d && i < d->n; i++) {
        const Diag *g = &d->items[i];
        fputs(i ? ",\n    {\"path\": " : "\n    {\"path\": ", f);
        json_string(f, g->path);
        if (g->line > 0)
            fprintf(f, ", \"line\": %d", g->line);
        else
            fputs(", \"line\": null", f);
        fprintf(f, ", \"level\": \"%s\", \"message\": ", g->level == DIAG_ERROR ? "error"
                                                                             : "warning");
        json_string(f, g->msg);
        fputc('}', f);
    }
    fputs(d && d->n ? "\n  ]" : "]", f);
}
