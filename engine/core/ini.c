/* ini — the story.ini and settings reader: bytes in, one callback per line out.
 *
 * The buffer is copied once so lines can be cut in place (the caller's bytes
 * stay untouched and no line length limit is needed); the copy is bounded by
 * the caller, who read the file through files.h with a cap. Parsing is a single
 * loop over lines with no recursion and no state beyond the current section.
 *
 * Comments start only at the beginning of a line, so page words may contain ';'
 * and '#'. For convenience (the format's own example does it) a trailing
 * " ; comment" or " # comment" is cut from every value except "text", whose
 * words are taken exactly as written. A value in double quotes is taken as
 * it is ("Moon Stories #2"; a quote inside is written twice): how a title or
 * a licence that holds " #" or " ;" is kept whole (ini_quote writes it).
 *
 * Numbers are parsed by hand rather than with strtod(): strtod follows the
 * locale (a German desktop would read "2,5") and accepts "inf", "nan" and hex. */
#include "ini.h"
#include "mem.h"
#include "ascii.h"

#include <stdlib.h>
#include <string.h>

#define INI_MAX_KEY 64   /* longer section names and keys are cut (they are unknown anyway) */

/* Trim s in place and return its first non-space character. (Lines are
 * split at '\n' before they get here, so C's white space is the line's.) */
static char *ini_trim(char *s)
{
    while (ascii_isspace(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && ascii_isspace(s[n - 1]))
        s[--n] = '\0';
    return s;
}

static void ini_lower(char *s)
{
    for (; *s; s++)
        *s = (char)ascii_tolower((unsigned char)*s);
}

/* Cut a trailing " ; comment" / " # comment" from a value. */
static void ini_cut_comment(char *value)
{
    for (char *p = value + 1; *value && *p; p++) {
        if ((*p == ';' || *p == '#') && ascii_isspace(p[-1])) {
            *p = '\0';
            return;
        }
    }
}

/* A value (trimmed) that is a whole quoted string, with at most spaces or a
 * comment after its closing quote: v becomes what is inside, "" as ".
 * 0 when it is not one (v untouched). */
static int ini_unquote(char *v)
{
    if (*v != '"')
        return 0;
    char *p = v + 1;
    for (; *p && !(*p == '"' && p[1] != '"'); p++)
        if (*p == '"')
            p++; /* "" */
    if (!*p)
        return 0;
    const char *after = p + 1;
    size_t sp = strspn(after, " \t\r");
    if (after[sp] && !(sp > 0 && (after[sp] == ';' || after[sp] == '#')))
        return 0;
    char *w = v;
    for (char *q = v + 1; q < p; q++) {
        *w++ = *q;
        if (*q == '"')
            q++;
    }
    *w = '\0';
    return 1;
}

char *ini_quote(const char *value)
{
    size_t n = strlen(value), quotes = 0;
    int need = n > 0 && (ascii_isspace((unsigned char)value[0]) || value[0] == '"' ||
                         ascii_isspace((unsigned char)value[n - 1]));
    for (size_t i = 0; i < n; i++) {
        quotes += value[i] == '"';
        if ((value[i] == ';' || value[i] == '#') &&
            (i == 0 || ascii_isspace((unsigned char)value[i - 1])))
            need = 1;
    }
    char *out = hb_malloc(n + quotes + 3), *w = out;
    if (!out)
        return NULL;
    if (need)
        *w++ = '"';
    for (size_t i = 0; i < n; i++) {
        char c = value[i] == '\n' || value[i] == '\r' ? ' ' : value[i];
        *w++ = c;
        if (need && c == '"')
            *w++ = '"';
    }
    if (need)
        *w++ = '"';
    *w = '\0';
    return out;
}

/* One trimmed, non-empty, non-comment line. */
static int ini_line(char *line, char *section, IniHandler fn, void *ud, int lineno)
{
    if (line[0] == '[') {
        char *close = strrchr(line, ']');
        if (!close || close[1] != '\0')
            return fn(ud, INI_BAD_LINE, section, line, NULL, lineno);
        *close = '\0';
        char *name = ini_trim(line + 1);
        ini_lower(name);
        strncpy(section, name, INI_MAX_KEY);
        section[INI_MAX_KEY] = '\0';
        return fn(ud, INI_SECTION, section, section, NULL, lineno);
    }
    char *eq = strchr(line, '=');
    if (!eq || eq == line)
        return fn(ud, INI_BAD_LINE, section, line, NULL, lineno);
    *eq = '\0';
    char *key = ini_trim(line);
    char *value = eq + 1;
    if (!*key) {
        *eq = '=';
        return fn(ud, INI_BAD_LINE, section, line, NULL, lineno);
    }
    ini_lower(key);
    if (strcmp(key, "text") == 0)
        return fn(ud, INI_ENTRY, section, key, ini_trim(value), lineno);
    char *v = ini_trim(value);
    if (ini_unquote(v))
        return fn(ud, INI_ENTRY, section, key, v, lineno);
    ini_cut_comment(value); /* from just after '=': "key = ; note" is empty */
    return fn(ud, INI_ENTRY, section, key, ini_trim(value), lineno);
}

int ini_parse(const char *buf, size_t len, IniHandler fn, void *ud)
{
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    char *copy = hb_malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, buf, len);
    copy[len] = '\0';
    char section[INI_MAX_KEY + 1] = "";
    int rc = 0, lineno = 0;
    char *p = copy, *end = copy + len;
    while (rc == 0 && p < end) {
        /* A line ends at LF, CRLF or a CR alone (an old Mac's, or an
         * editor's that keeps them): a file of CR-only lines is not one line. */
        char *nl = p;
        while (nl < end && *nl != '\n' && *nl != '\r')
            nl++;
        char *next = nl < end ? nl + 1 : end;
        if (nl < end && *nl == '\r' && next < end && *next == '\n')
            next++;
        if (nl < end)
            *nl = '\0';
        lineno++;
        char *line = ini_trim(p);
        if (*line && *line != '#' && *line != ';')
            rc = ini_line(line, section, fn, ud, lineno);
        p = next;
    }
    free(copy);
    return rc;
}

/* Parse an unsigned decimal number ("2", "2.5", ".5") at *s; advances *s. */
static int ini_number(const char **s, double *out)
{
    const char *p = *s;
    double v = 0, scale = 1;
    int digits = 0;
    for (; ascii_isdigit((unsigned char)*p); p++, digits++) {
        if (digits >= 12)
            return -1;                                /* absurdly large */
        v = v * 10 + (*p - '0');
    }
    if (*p == '.') {
        /* Digits past the ninth decimal are read but cannot change anything. */
        for (p++; ascii_isdigit((unsigned char)*p); p++, digits++) {
            scale /= 10;
            v += (*p - '0') * scale;
        }
    }
    if (digits == 0)
        return -1;
    *s = p;
    *out = v;
    return 0;
}

/* Skip spaces, return p. */
static const char *ini_skip(const char *p)
{
    while (ascii_isspace(*p))
        p++;
    return p;
}

static int ini_word_is(const char *p, const char *word)
{
    for (; *word; p++, word++)
        if (ascii_tolower((unsigned char)*p) != *word)
            return 0;
    return *ini_skip(p) == '\0';
}

int ini_seconds(const char *value, double *out)
{
    static const char *const units[] = { "", "s", "sec", "secs", "second", "seconds" };
    double v;
    const char *p = ini_skip(value);
    if (ini_number(&p, &v) != 0)
        return -1;
    p = ini_skip(p);
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (ini_word_is(p, units[i])) {
            *out = v;
            return 0;
        }
    }
    return -1;
}

int ini_decimal(const char *value, double *out)
{
    double v;
    const char *p = ini_skip(value);
    if (ini_number(&p, &v) != 0 || *ini_skip(p) != '\0')
        return -1;
    *out = v;
    return 0;
}

int ini_percent(const char *value, double *out)
{
    double v;
    const char *p = ini_skip(value);
    if (ini_number(&p, &v) != 0)
        return -1;
    p = ini_skip(p);
    if (*p == '%')
        p++;
    if (*ini_skip(p) != '\0' || v > 100)
        return -1;
    *out = v / 100.0;
    return 0;
}

int ini_bool(const char *value, int *out)
{
    static const char *const yes[] = { "on", "yes", "true", "1" };
    static const char *const no[] = { "off", "no", "false", "0" };
    const char *p = ini_skip(value);
    for (size_t i = 0; i < 4; i++) {
        if (ini_word_is(p, yes[i]) && *p) {
            *out = 1;
            return 0;
        }
        if (ini_word_is(p, no[i]) && *p) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}
