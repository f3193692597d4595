/* diag — diagnostics with a place: "folder/file:line: level: message".
 *
 * Every problem the loader, the checker or the player meets is recorded here
 * rather than printed on the spot, so the checker can print them all, the
 * player can log them and carry on, and tests can look at them one by one.
 * The path is the display path ("sleepy-moon/story.ini"), line 0 means
 * "no line" and is left out when printed. */
#ifndef HUSHABYE_DIAG_H
#define HUSHABYE_DIAG_H

#include <stdio.h>

#define DIAG_LINE_MAX 8400

typedef enum { DIAG_WARNING, DIAG_ERROR } DiagLevel;

typedef struct Diag {
    DiagLevel level;
    char *path;   /* display path, owned */
    int line;     /* 1-based, 0 = none */
    char *msg;    /* owned, no trailing newline */
} Diag;

typedef struct Diags {
    Diag *items;
    int n, cap;
} Diags;

/* Record one diagnostic. Never fails visibly: on allocation failure the
 * message is dropped (bedtime goes on). */
void diag_add(Diags *d, DiagLevel level, const char *path, int line,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Number of errors (warnings not counted). */
int diag_errors(const Diags *d);
/* Format one diagnostic as "path:line: level: msg" into buf (always NUL-terminated),
 * the path and the message escaped for a terminal (escape.h): no control
 * character or bidi control from a file name or a setting reaches the output.
 * A buffer of DIAG_LINE_MAX bytes holds any diagnostic whole. */
void diag_format(const Diag *g, char *buf, size_t len);
/* Print each diagnostic on its own line, optionally prefixed ("hushabye: "). */
void diag_print(const Diags *d, FILE *f, const char *prefix);
/* Problems of one story folder written to a terminal at once; the rest are
 * counted (a folder of ten thousand misnamed files is one screenful, not ten
 * thousand lines, and still every one of them in the count). */
#define DIAG_SHOWN_MAX 20

/* Print d->items[from..n) as diag_print() does, but at most max of them, and
 * then one line for the rest: "WHERE: ... and N more problems in WHERE
 * (hushabye-story check FOLDER tells them all)". A diagnostic about the
 * folder itself (its path is where or folder: it cannot be read, it has no
 * pages) is always printed, and not counted against max. where is the
 * folder's display name, folder the folder as given (shell-quoted in the
 * line); both escaped. Returns how many were left unprinted. */
int diag_print_capped(const Diags *d, int from, int max, const char *where, const char *folder,
                      FILE *f, const char *prefix);
/* Free every message; d is left empty and reusable. */
void diag_free(Diags *d);

#endif
