/* escape — showing untrusted text safely (see escape.h).
 *
 * One pass over the bytes with the project's strict UTF-8 decoder: each
 * piece is either copied as it is (a whole, valid, harmless character) or
 * replaced by its visible escape. Pieces are written whole or not at all, so
 * a cut-off message still never ends inside "\x1" or half a letter, and the
 * output is always valid UTF-8 whatever the input was. */
#include "escape.h"
#include "ascii.h"

#include <string.h>

#include "utf8.h"

int esc_unsafe(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The escape for one piece into piece[16]; returns its length, or 0 when the
 * piece is harmless and is to be copied as it is. */
static int esc_piece(const char *s, int used, uint32_t cp, char piece[16])
{
    int bad = cp == UTF8_REPLACEMENT && !(used == 3 && memcmp(s, "\xEF\xBF\xBD", 3) == 0);
    if (bad)
        return snprintf(piece, 16, "\\x%02x", (unsigned char)s[0]);
    if (!esc_unsafe(cp))
        return 0;
    switch (cp) {
    case 0x1B: return snprintf(piece, 16, "\\e");
    case '\r': return snprintf(piece, 16, "\\r");
    case '\n': return snprintf(piece, 16, "\\n");
    case '\t': return snprintf(piece, 16, "\\t");
    default: break;
    }
    if (cp < 0x80)
        return snprintf(piece, 16, "\\x%02x", (unsigned)cp);
    return snprintf(piece, 16, "\\u{%04x}", (unsigned)cp);
}

size_t esc_text(char *out, size_t cap, const char *s, size_t len)
{
    size_t o = 0, i = 0;
    if (!out || cap == 0)
        return 0;
    while (s && i < len) {
        uint32_t cp;
        char piece[16];
        int used = utf8_decode(s + i, len - i, &cp);
        if (used <= 0)
            break;
        int n = esc_piece(s + i, used, cp, piece);
        const char *from = n ? piece : s + i;
        size_t take = n ? (size_t)n : (size_t)used;
        if (o + take >= cap)
            break;                           /* whole pieces only */
        memcpy(out + o, from, take);
        o += take;
        i += (size_t)used;
    }
    out[o] = '\0';
    return o;
}

const char *esc_str(const char *s, char *buf, size_t cap)
{
    if (!buf || cap == 0)
        return "";
    esc_text(buf, cap, s, s ? strlen(s) : 0);
    return buf;
}

void esc_fputs(const char *s, FILE *f)
{
    char chunk[1024];
    size_t len = s ? strlen(s) : 0, i = 0;
    while (i < len) {
        /* Escape a slice short enough to always fit, ending on a whole letter
         * (a UTF-8 continuation byte never starts the next slice). */
        size_t n = len - i < 200 ? len - i : 200;
        while (n < len - i && n > 0 && ((unsigned char)s[i + n] & 0xC0) == 0x80)
            n--;
        if (n == 0)
            n = len - i < 200 ? len - i : 200;
        esc_text(chunk, sizeof chunk, s + i, n);
        fputs(chunk, f);
        i += n;
    }
}

/* ---------------------------------------------------------------- shell
 * A file name as one shell argument a parent can paste: every command a
 * message suggests must work when pasted, whatever the folder is called
 * ("Grandma's stories", "ночь", a name with an escape character in it). */

static int quote_plain(unsigned char c)
{
    return ascii_isalnum(c) || strchr("_./-+,:@%=", c) != NULL;
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

const char *esc_shell_arg(const char *s, char *buf, size_t len)
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
