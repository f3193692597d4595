/* utf8 — strict UTF-8 decoding.
 *
 * Captions, story files and folder names arrive as bytes from parents' editors,
 * so the decoder is strict in the way RFC 3629 asks: overlong forms, UTF-16
 * surrogates (U+D800..U+DFFF), code points above U+10FFFF, stray continuation
 * bytes and sequences cut short are all invalid. An invalid sequence becomes one
 * U+FFFD that consumes exactly one byte, so decoding always moves forward and
 * resynchronises on the next byte — a bad byte costs one box, never the page.
 *
 * The valid ranges of the second byte depend on the lead byte (that is where
 * overlongs, surrogates and > U+10FFFF are excluded); one small table says so. */
#include "utf8.h"

#include <stdlib.h>

/* What a lead byte promises: how many continuation bytes follow, the bits it
 * contributes, and the allowed range of the first continuation byte. */
typedef struct Utf8Lead {
    unsigned char lo, hi;          /* lead byte range */
    unsigned char need;            /* continuation bytes that follow */
    unsigned char mask;            /* payload bits of the lead byte */
    unsigned char second_lo, second_hi;
} Utf8Lead;

static const Utf8Lead utf8_leads[] = {
    {0xC2, 0xDF, 1, 0x1F, 0x80, 0xBF},
    {0xE0, 0xE0, 2, 0x0F, 0xA0, 0xBF}, /* no overlongs below U+0800 */
    {0xE1, 0xEC, 2, 0x0F, 0x80, 0xBF},
    {0xED, 0xED, 2, 0x0F, 0x80, 0x9F}, /* no surrogates */
    {0xEE, 0xEF, 2, 0x0F, 0x80, 0xBF},
    {0xF0, 0xF0, 3, 0x07, 0x90, 0xBF}, /* no overlongs below U+10000 */
    {0xF1, 0xF3, 3, 0x07, 0x80, 0xBF},
    {0xF4, 0xF4, 3, 0x07, 0x80, 0x8F}, /* nothing above U+10FFFF */
};

static const Utf8Lead *utf8_find_lead(unsigned char b)
{
    size_t i;
    for (i = 0; i < sizeof utf8_leads / sizeof utf8_leads[0]; i++)
        if (b >= utf8_leads[i].lo && b <= utf8_leads[i].hi)
            return &utf8_leads[i];
    return NULL;
}

/* Decode one valid sequence: the bytes used (1..4), or 0 when s does not start
 * with a complete, valid sequence. */
static int utf8_decode_strict(const unsigned char *s, size_t len, uint32_t *cp)
{
    const Utf8Lead *lead;
    uint32_t c;
    size_t i;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    lead = utf8_find_lead(s[0]);
    if (!lead || len < (size_t)lead->need + 1)
        return 0;
    if (s[1] < lead->second_lo || s[1] > lead->second_hi)
        return 0;
    c = s[0] & lead->mask;
    for (i = 1; i <= lead->need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    *cp = c;
    return lead->need + 1;
}

int utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    uint32_t c = UTF8_REPLACEMENT;
    int n;

    if (!s || len == 0) {
        if (cp)
            *cp = UTF8_REPLACEMENT;
        return 0;
    }
    n = utf8_decode_strict((const unsigned char *)s, len, &c);
    if (n == 0) {
        c = UTF8_REPLACEMENT;
        n = 1;
    }
    if (cp)
        *cp = c;
    return n;
}

int utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    size_t i = 0;
    uint32_t c;

    if (!s && len > 0) {
        if (bad_offset)
            *bad_offset = 0;
        return 0;
    }
    while (i < len) {
        int n = utf8_decode_strict((const unsigned char *)s + i, len - i, &c);
        if (n == 0) {
            if (bad_offset)
                *bad_offset = i;
            return 0;
        }
        i += (size_t)n;
    }
    if (bad_offset)
        *bad_offset = len;
    return 1;
}

size_t utf8_length(const char *s, size_t len)
{
    size_t i = 0, count = 0;

    if (!s)
        return 0;
    while (i < len) {
        i += (size_t)utf8_decode(s + i, len - i, NULL);
        count++;
    }
    return count;
}

size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    /* back over continuation bytes to the start of the letter they belong to */
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80 && max - n < 3)
        n--;
    return n;
}

int utf8_is_utf16(const unsigned char *b, size_t len)
{
    return len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
}

size_t utf8_encode(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

char *utf8_from_utf16(const unsigned char *b, size_t len)
{
    int big = len >= 2 && b[0] == 0xFE;
    size_t units = len >= 2 ? (len - 2) / 2 : 0, o = 0;
    char *out = malloc(units * 3 + 4 + 1);   /* a unit is at most 3 bytes; a pair 4 for 2 */
    if (!out)
        return NULL;
    const unsigned char *p = b + 2;
    for (size_t i = 0; i < units; i++) {
        uint32_t u = big ? (uint32_t)p[2 * i] << 8 | p[2 * i + 1]
                         : (uint32_t)p[2 * i + 1] << 8 | p[2 * i];
        if (u >= 0xD800 && u < 0xDC00 && i + 1 < units) {
            uint32_t v = big ? (uint32_t)p[2 * i + 2] << 8 | p[2 * i + 3]
                             : (uint32_t)p[2 * i + 3] << 8 | p[2 * i + 2];
            if (v >= 0xDC00 && v < 0xE000) {
                o += utf8_encode(out + o, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
                i++;
                continue;
            }
        }
        if (u >= 0xD800 && u < 0xE000)
            u = UTF8_REPLACEMENT;
        o += utf8_encode(out + o, u ? u : ' ');
    }
    if (len > 2 && (len - 2) % 2)
        o += utf8_encode(out + o, UTF8_REPLACEMENT);
    out[o] = '\0';
    return out;
}
