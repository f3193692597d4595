/* trace — event lines written as they happen (see trace.h).
 *
 * Field values include folder and file names from story folders, so the
 * fields are formatted into a buffer and escaped (escape.h) before they are
 * written: a name with a newline cannot forge a trace line, and one with an
 * escape sequence cannot reach a terminal reading the trace. */
#include "trace.h"

#include <stdarg.h>
#include <string.h>

#include "escape.h"

#define TRACE_FIELDS_MAX 4096

int trace_open(Trace *t, const char *path)
{
    t->f = NULL;
    t->owned = 0;
    if (!path)
        return -1;
    if (strcmp(path, "-") == 0) {
        t->f = stdout;
        return 0;
    }
    t->f = fopen(path, "w");
    if (!t->f)
        return -1;
    t->owned = 1;
    return 0;
}

void trace_close(Trace *t)
{
    if (t->f && t->owned)
        fclose(t->f);
    else if (t->f)
        fflush(t->f);
    t->f = NULL;
    t->owned = 0;
}

void trace_event(Trace *t, double seconds, const char *event, const char *fmt, ...)
{
    if (!t || !t->f)
        return;
    fprintf(t->f, "%.3f %s", seconds, event);
    if (fmt && *fmt) {
        char raw[TRACE_FIELDS_MAX], safe[TRACE_FIELDS_MAX * ESC_GROWTH + 1];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(raw, sizeof raw, fmt, ap);
        va_end(ap);
        esc_text(safe, sizeof safe, raw, strlen(raw));
        fputc(' ', t->f);
        fputs(safe, t->f);
    }
    fputc('\n', t->f);
    fflush(t->f);
}
