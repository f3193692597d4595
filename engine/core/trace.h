/* trace — one line per event, for tests, benchmarks and curious parents.
 *
 * Format (docs/architecture.md): seconds since start with millisecond
 * precision, then the event name, then key=value pairs; flushed as written so
 * a benchmark reading the pipe sees each event when it happens. A NULL or
 * closed trace ignores every call, so callers need no checks. */
#ifndef HUSHABYE_TRACE_H
#define HUSHABYE_TRACE_H

#include <stdio.h>

typedef struct {
    FILE *f;
    int owned;   /* 1 if trace_open opened a file that trace_close must close */
} Trace;

/* Open path for writing ("-" = standard output). 0 on success, -1 if it cannot
 * be created (t is left closed). */
int trace_open(Trace *t, const char *path);
void trace_close(Trace *t);
/* Write "<t> <event> <fmt...>\n". fmt may be NULL or "" for no fields. The
 * formatted fields (at most 4 KiB) are escaped (escape.h), so a value from a
 * story folder can hold no control character, newline or bidi control. */
void trace_event(Trace *t, double seconds, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
