/* trace — event lines written as they happen (see trace.h). */
#include "trace.h"

#include <stdarg.h>
#include <string.h>

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
        va_list ap;
        va_start(ap, fmt);
        fputc(' ', t->f);
        vfprintf(t->f, fmt, ap);
        va_end(ap);
    }
    fputc('\n', t->f);
    fflush(t->f);
}
