/* quote — a file name as a shell argument a parent can paste.
 *
 * Every command a message suggests must work when pasted into a terminal,
 * whatever the folder is called ("Grandma's stories", "ночь", a name with
 * an escape character in it). Plain names are left alone; names with spaces
 * or quotes are put in single quotes; names with control characters or bytes
 * that are not UTF-8 become bash's $'...' form, with the same visible
 * escapes as every other message (escape.h), so nothing raw reaches the
 * terminal and the pasted command still names the very same file. */
#include "tool.h"

#include "escape.h"

#include <string.h>

static int quote_plain(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("_./-+,:@%=", c) != NULL;
}

/* Append s[0..n) to buf at *at, if it fits. */
static void quote_put(char *buf, size_t len, size_t *at, const char *s, size_t n)
{
    if (*at + n + 1 > len)
        return;
    memcpy(buf + *at, s, n);
    *at += n;
    buf[*at] = '\0';
}

const char *tool_shell_arg(const char *s, char *buf, size_t len)
{
    size_t at = 0, n = s ? strlen(s) : 0;
    int plain = n > 0, raw = 1;
    char esc[ESC_NAME_MAX];
    if (len == 0)
        return "";
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        plain &= quote_plain((unsigned char)s[i]);
    if (plain) {
        quote_put(buf, len, &at, s, n);
        return buf;
    }
    esc_text(esc, sizeof esc, s ? s : "", n);
    raw = strcmp(esc, s ? s : "") == 0;
    quote_put(buf, len, &at, raw ? "'" : "$'", raw ? 1 : 2);
    const char *from = raw ? s : esc;
    for (const char *p = from; p && *p; p++) {
        if (*p == '\'')
            quote_put(buf, len, &at, raw ? "'\\''" : "\\'", raw ? 4 : 2);
        else if (!raw && *p == '\\' && p[1] == 'u' && p[2] == '{') {
            /* \u{202e} is shown as bash's \u202e */
            const char *end = strchr(p, '}');
            quote_put(buf, len, &at, "\\u", 2);
            if (end) {
                quote_put(buf, len, &at, p + 3, (size_t)(end - p - 3));
                p = end;
            }
        } else
            quote_put(buf, len, &at, p, 1);
    }
    quote_put(buf, len, &at, "'", 1);
    return buf;
}
