/* test_utf8 — the strict decoder against a table of edge cases, plus exhaustive
 * sweeps: every scalar value round-trips, and every two-byte input is judged
 * exactly as RFC 3629 says. */
#include "check.h"

#include <stdlib.h>
#include <string.h>
#include "utf8.h"

typedef struct DecodeCase {
    const char *what;
    const char *bytes;
    size_t len;
    uint32_t cp;
    int used;
} DecodeCase;

static const DecodeCase decode_cases[] = {
    {"ASCII letter", "A", 1, 0x41, 1},
    {"NUL byte", "\0", 1, 0, 1},
    {"two-byte e acute", "\xC3\xA9", 2, 0xE9, 2},
    {"smallest two-byte U+0080", "\xC2\x80", 2, 0x80, 2},
    {"three-byte euro sign", "\xE2\x82\xAC", 3, 0x20AC, 3},
    {"smallest three-byte U+0800", "\xE0\xA0\x80", 3, 0x800, 3},
    {"U+D7FF just below the surrogates", "\xED\x9F\xBF", 3, 0xD7FF, 3},
    {"U+E000 just above the surrogates", "\xEE\x80\x80", 3, 0xE000, 3},
    {"encoded U+FFFD itself", "\xEF\xBF\xBD", 3, 0xFFFD, 3},
    {"four-byte emoji", "\xF0\x9F\x98\x80", 4, 0x1F600, 4},
    {"largest scalar U+10FFFF", "\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4},
    {"only the first code point is decoded", "ab", 2, 0x61, 1},
    {"overlong NUL C0 80", "\xC0\x80", 2, UTF8_REPLACEMENT, 1},
    {"overlong C1 BF", "\xC1\xBF", 2, UTF8_REPLACEMENT, 1},
    {"overlong three-byte E0 80 80", "\xE0\x80\x80", 3, UTF8_REPLACEMENT, 1},
    {"overlong three-byte E0 9F BF", "\xE0\x9F\xBF", 3, UTF8_REPLACEMENT, 1},
    {"overlong four-byte F0 8F BF BF", "\xF0\x8F\xBF\xBF", 4, UTF8_REPLACEMENT, 1},
    {"high surrogate ED A0 80", "\xED\xA0\x80", 3, UTF8_REPLACEMENT, 1},
    {"low surrogate ED BF BF", "\xED\xBF\xBF", 3, UTF8_REPLACEMENT, 1},
    {"U+110000 above the range", "\xF4\x90\x80\x80", 4, UTF8_REPLACEMENT, 1},
    {"lead byte F5", "\xF5\x80\x80\x80", 4, UTF8_REPLACEMENT, 1},
    {"byte FF", "\xFF", 1, UTF8_REPLACEMENT, 1},
    {"lone continuation byte", "\x80", 1, UTF8_REPLACEMENT, 1},
    {"two-byte lead then ASCII", "\xC3\x41", 2, UTF8_REPLACEMENT, 1},
    {"three-byte cut after two bytes", "\xE2\x82", 2, UTF8_REPLACEMENT, 1},
    {"four-byte cut after three bytes", "\xF0\x9F\x98", 3, UTF8_REPLACEMENT, 1},
    {"len shorter than the bytes present", "\xE2\x82\xAC", 2, UTF8_REPLACEMENT, 1},
    {"bad third byte", "\xE2\x82\x41", 3, UTF8_REPLACEMENT, 1},
    {"bad fourth byte", "\xF0\x9F\x98\xC0", 4, UTF8_REPLACEMENT, 1},
};

static void test_decode_table(void)
{
    size_t i;
    for (i = 0; i < sizeof decode_cases / sizeof decode_cases[0]; i++) {
        const DecodeCase *c = &decode_cases[i];
        uint32_t cp = 0x12345;
        int used = utf8_decode(c->bytes, c->len, &cp);
        CHECK(used == c->used && cp == c->cp,
              "decode %s gives U+%04X in %d bytes (got U+%04X in %d)", c->what,
              (unsigned)c->cp, c->used, (unsigned)cp, used);
    }
}

static void test_decode_edges(void)
{
    uint32_t cp = 0;
    CHECK(utf8_decode("A", 0, &cp) == 0 && cp == UTF8_REPLACEMENT,
          "decode with len 0 uses no bytes and yields U+FFFD");
    CHECK(utf8_decode(NULL, 3, &cp) == 0, "decode of NULL uses no bytes");
    CHECK(utf8_decode("\xC3\xA9", 2, NULL) == 2, "decode accepts a NULL cp");
}

static int encode(uint32_t cp, unsigned char *b)
{
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | (cp >> 18));
    b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

static void test_roundtrip_all_scalars(void)
{
    uint32_t cp, bad = 0, got = 0;
    unsigned char b[4];
    for (cp = 0; cp <= 0x10FFFF; cp++) {
        int n;
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        n = encode(cp, b);
        if (utf8_decode((const char *)b, (size_t)n, &got) != n || got != cp) {
            bad = cp ? cp : 0xFFFFFFFFu;
            break;
        }
    }
    CHECK(bad == 0, "every scalar value U+0000..U+10FFFF round-trips (first bad U+%04X)",
          (unsigned)bad);
    for (cp = 0xD800; cp <= 0xDFFF; cp++) {
        encode(cp, b);
        if (utf8_decode((const char *)b, 3, &got) != 1 || got != UTF8_REPLACEMENT)
            break;
    }
    CHECK(cp == 0xE000, "every encoded surrogate is rejected with a 1-byte U+FFFD");
}

/* The rule for two bytes, written independently of the decoder's table. */
static int two_bytes_valid(unsigned a, unsigned b)
{
    if (a < 0x80)
        return 1;
    return a >= 0xC2 && a <= 0xDF && b >= 0x80 && b <= 0xBF;
}

static void test_all_two_byte_inputs(void)
{
    unsigned a, b, mismatches = 0;
    for (a = 0; a < 256; a++)
        for (b = 0; b < 256; b++) {
            unsigned char s[2] = {(unsigned char)a, (unsigned char)b};
            int used = utf8_decode((const char *)s, 2, NULL);
            int want = a < 0x80 ? 1 : two_bytes_valid(a, b) ? 2 : 1;
            if (a >= 0xE0 && used != 1)
                mismatches++; /* a longer lead cut at 2 bytes is truncated */
            else if (a < 0xE0 && used != want)
                mismatches++;
        }
    CHECK(mismatches == 0, "all 65536 two-byte inputs are judged by the RFC 3629 rule"
          " (%u mismatches)", mismatches);
}

typedef struct ValidCase {
    const char *what;
    const char *bytes;
    size_t len;
    int valid;
    size_t bad_offset;
    size_t length;
} ValidCase;

static const ValidCase valid_cases[] = {
    {"empty buffer", "", 0, 1, 0, 0},
    {"plain ASCII", "Good night", 10, 1, 10, 10},
    {"German", "Gute Nacht, kleiner B\xC3\xA4r", 23, 1, 23, 22},
    {"Russian", "\xD0\xA1\xD0\xBF\xD0\xBE\xD0\xBA", 8, 1, 8, 4},
    {"Greek", "\xCE\x9A\xCE\xB1\xCE\xBB\xCE\xB7", 8, 1, 8, 4},
    {"emoji between letters", "a\xF0\x9F\x8C\x99z", 6, 1, 6, 3},
    {"bad byte in the middle", "ab\xFF" "cd", 5, 0, 2, 5},
    {"truncated sequence at the end", "moon\xE2\x82", 6, 0, 4, 6},
    {"overlong after a valid letter", "\xC3\xA9\xC0\xAF", 4, 0, 2, 3},
    {"surrogate at the start", "\xED\xA0\x80x", 4, 0, 0, 4},
};

static void test_valid_and_length(void)
{
    size_t i;
    for (i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++) {
        const ValidCase *c = &valid_cases[i];
        size_t off = 999;
        int v = utf8_valid(c->bytes, c->len, &off);
        CHECK(v == c->valid, "utf8_valid judges %s as %s", c->what,
              c->valid ? "valid" : "invalid");
        CHECK(off == c->bad_offset, "utf8_valid reports offset %zu for %s (got %zu)",
              c->bad_offset, c->what, off);
        CHECK(utf8_length(c->bytes, c->len) == c->length,
              "utf8_length counts %zu code points in %s (got %zu)", c->length, c->what,
              utf8_length(c->bytes, c->len));
    }
    CHECK(utf8_valid("\xFF", 1, NULL) == 0, "utf8_valid accepts a NULL bad_offset");
    CHECK(utf8_length(NULL, 5) == 0, "utf8_length of NULL is 0");
    CHECK(utf8_valid(NULL, 0, NULL) == 1, "an empty NULL buffer is valid");
}

/* UTF-16 text with its mark, as Notepad's "Unicode" saves it: both byte
 * orders, a pair for a letter past U+FFFF, and damage (a lone surrogate, an
 * odd last byte, a NUL) as U+FFFD or a space; without a mark it is not
 * taken for UTF-16. Every scalar value through both orders comes back as
 * its own UTF-8. */
static void test_utf16(void)
{
    static const unsigned char le[] = { 0xFF, 0xFE, 'H', 0, 0xE9, 0, 0x3D, 0xD8, 0x19, 0xDE,
                                        0, 0, 0x00, 0xD8, 'x', 0, 'y' };
    static const unsigned char be[] = { 0xFE, 0xFF, 0, 'H', 0, 0xE9, 0xD8, 0x3D, 0xDE, 0x19 };
    CHECK(utf8_is_utf16(le, sizeof le) && utf8_is_utf16(be, sizeof be) &&
              !utf8_is_utf16((const unsigned char *)"Hi", 2) &&
              !utf8_is_utf16((const unsigned char *)"\xff", 1),
          "UTF-16 is known by its mark, either way round, and only by it");
    char *a = utf8_from_utf16(le, sizeof le), *b = utf8_from_utf16(be, sizeof be);
    CHECK(a && strcmp(a, "H\xc3\xa9\xf0\x9f\x98\x99 \xef\xbf\xbdx\xef\xbf\xbd") == 0,
          "little-endian: letters, a pair, a NUL as a space, a lone surrogate and an odd byte "
          "as U+FFFD ('%s')", a ? a : "");
    CHECK(b && strcmp(b, "H\xc3\xa9\xf0\x9f\x98\x99") == 0, "big-endian the same ('%s')",
          b ? b : "");
    free(a), free(b);
    int all = 1;
    for (uint32_t cp = 1; cp <= 0x10FFFF && all; cp++) {
        if (cp >= 0xD800 && cp < 0xE000)
            continue;
        unsigned char u[6] = { 0xFF, 0xFE };
        size_t n = 2;
        if (cp < 0x10000) {
            u[n++] = (unsigned char)cp, u[n++] = (unsigned char)(cp >> 8);
        } else {
            uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            u[n++] = (unsigned char)hi, u[n++] = (unsigned char)(hi >> 8);
            u[n++] = (unsigned char)lo, u[n++] = (unsigned char)(lo >> 8);
        }
        char *o = utf8_from_utf16(u, n);
        uint32_t got = 0;
        all = o && utf8_decode(o, strlen(o), &got) == (int)strlen(o) && got == cp;
        free(o);
    }
    CHECK(all, "every scalar value from UTF-16 is its own UTF-8");
}

int main(void)
{
    test_decode_table();
    test_decode_edges();
    test_roundtrip_all_scalars();
    test_all_two_byte_inputs();
    test_valid_and_length();
    test_utf16();
    CHECK_DONE();
}
