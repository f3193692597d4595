/* test_escape — untrusted text shown safely: every control, C1 control, bidi
 * control and bad byte escaped visibly, every real letter left alone, and no
 * escape or letter ever cut in half when the buffer is short. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "escape.h"
#include "utf8.h"

static const struct {
    const char *in;
    size_t len;        /* 0: strlen */
    const char *out;
    const char *what;
} cases[] = {
    { "sleepy-moon/01.png", 0, "sleepy-moon/01.png", "plain ASCII passes unchanged" },
    { "Caf\xC3\xA9 \xCE\xBA\xCE\xB1\xCE\xBB\xCE\xB7\xCE\xBD\xCF\x8D\xCF\x87\xCF\x84\xCE\xB1", 0,
      "Caf\xC3\xA9 \xCE\xBA\xCE\xB1\xCE\xBB\xCE\xB7\xCE\xBD\xCF\x8D\xCF\x87\xCF\x84\xCE\xB1",
      "accents and Greek pass unchanged" },
    { "\xD8\xAA\xD8\xB5\xD8\xA8\xD8\xAD \xF0\x9F\x8C\x99", 0,
      "\xD8\xAA\xD8\xB5\xD8\xA8\xD8\xAD \xF0\x9F\x8C\x99", "Arabic and emoji pass unchanged" },
    { "a\\b", 0, "a\\b", "a backslash is left as it is" },
    { "\x1b[2J\x1b[H2 pages, no problems", 0, "\\e[2J\\e[H2 pages, no problems",
      "ESC is shown as \\e (a screen clear becomes visible text)" },
    { "bell\x07", 0, "bell\\x07", "BEL is shown as \\x07" },
    { "a\rb\nc\td", 0, "a\\rb\\nc\\td", "CR, LF and TAB are shown as \\r \\n \\t" },
    { "del\x7f", 0, "del\\x7f", "DEL is shown as \\x7f" },
    { "x\x01y\x1fz", 0, "x\\x01y\\x1fz", "other C0 controls are shown as \\xNN" },
    { "nul\0after", 9, "nul\\x00after", "a NUL inside the bytes is shown as \\x00" },
    { "csi\xC2\x9B" "31m", 0, "csi\\u{009b}31m", "a C1 control (U+009B CSI) is shown as \\u{009b}" },
    { "\xC2\x85next", 0, "\\u{0085}next", "U+0085 NEL is shown escaped" },
    { "evil\xE2\x80\xAEgnp.exe", 0, "evil\\u{202e}gnp.exe",
      "the right-to-left override U+202E is shown as \\u{202e}" },
    { "\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD", 0,
      "\\u{202a}\\u{202b}\\u{202c}\\u{202d}", "U+202A..U+202D are shown escaped" },
    { "\xE2\x81\xA6x\xE2\x81\xA7y\xE2\x81\xA8z\xE2\x81\xA9", 0,
      "\\u{2066}x\\u{2067}y\\u{2068}z\\u{2069}", "the isolates U+2066..U+2069 are shown escaped" },
    { "\xE2\x80\x8F\xE2\x80\xA9", 0, "\xE2\x80\x8F\xE2\x80\xA9",
      "neighbouring harmless characters (U+200F, U+2029) are not touched" },
    { "bad\xFF\xFE", 0, "bad\\xff\\xfe", "bytes that are not UTF-8 are shown as \\xNN" },
    { "raw\x9b" "31m", 0, "raw\\x9b31m", "a lone 8-bit CSI byte is shown as \\x9b" },
    { "cut\xE2\x80", 0, "cut\\xe2\\x80", "a cut-off sequence shows each byte" },
    { "\xC0\xAF", 0, "\\xc0\\xaf", "an overlong '/' shows as two bad bytes" },
    { "\xEF\xBF\xBD", 0, "\xEF\xBF\xBD", "an encoded U+FFFD is a real character and passes" },
};

static void test_cases(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[256];
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
        size_t n = esc_text(out, sizeof out, cases[i].in, len);
        CHECK_STR(out, cases[i].out, "%s (got '%s')", cases[i].what, out);
        CHECK(n == strlen(cases[i].out), "%s: the length returned is the length written",
              cases[i].what);
    }
}

/* Every byte value, alone and after a lead byte: the output never holds a raw
 * control byte and is always valid UTF-8. */
static void test_every_byte(void)
{
    int raw = 0, invalid = 0;
    for (int b = 0; b < 256; b++) {
        for (int lead = 0; lead < 4; lead++) {
            static const char leads[] = { 'a', (char)0xC2, (char)0xE2, (char)0xF0 };
            char in[3] = { leads[lead], (char)b, (char)0x80 };
            char out[64];
            size_t n = esc_text(out, sizeof out, in, 3);
            for (size_t k = 0; k < n; k++)
                raw += (unsigned char)out[k] < 0x20 || (unsigned char)out[k] == 0x7F;
            invalid += !utf8_valid(out, n, NULL);
        }
    }
    CHECK(raw == 0, "no raw control byte survives escaping, for any byte (%d found)", raw);
    CHECK(invalid == 0, "the escaped text is always valid UTF-8 (%d cases not)", invalid);
}

static void test_short_buffer(void)
{
    char out[8];
    esc_text(out, sizeof out, "ab\x1b[c", 5);
    CHECK_STR(out, "ab\\e[c", "a buffer just big enough holds the whole escape");
    esc_text(out, 6, "abc\x01", 4);
    CHECK_STR(out, "abc", "an escape that does not fit is left out whole, not cut ('%s')", out);
    esc_text(out, 5, "ab\xC3\xA9\xC3\xA9", 6);
    CHECK_STR(out, "ab\xC3\xA9", "a letter that does not fit is left out whole");
    CHECK(esc_text(out, 1, "abc", 3) == 0 && out[0] == '\0', "a one-byte buffer holds the NUL");
    char big[16];
    CHECK_STR(esc_str(NULL, big, sizeof big), "", "NULL is shown as nothing");
    CHECK(esc_unsafe(0x1B) && esc_unsafe(0x9F) && esc_unsafe(0x202E) && !esc_unsafe(0xE9) &&
              !esc_unsafe(' '), "esc_unsafe marks controls and bidi controls only");
}

/* esc_fputs handles text longer than any internal slice, and never splits a
 * letter between slices. */
static void test_fputs(void)
{
    size_t n = 5000;
    char *in = malloc(n * 2 + 2);
    for (size_t i = 0; i < n; i++)
        memcpy(in + 2 * i, i % 97 == 0 ? "\x1b[" : "\xC3\xA9", 2);
    in[2 * n] = '\0';
    char *got = NULL;
    size_t got_len = 0;
    FILE *f = open_memstream(&got, &got_len);
    esc_fputs(in, f);
    fclose(f);
    size_t escs = 0, letters = 0;
    for (size_t i = 0; i + 1 < got_len; i++) {
        escs += got[i] == '\\' && got[i + 1] == 'e';
        letters += memcmp(got + i, "\xC3\xA9", 2) == 0;
    }
    size_t want_escs = (n + 96) / 97;
    CHECK(escs == want_escs && letters == n - want_escs,
          "esc_fputs writes every piece of a long text once (%zu escapes, %zu letters)", escs,
          letters);
    CHECK(utf8_valid(got, got_len, NULL), "esc_fputs never splits a letter");
    free(got);
    free(in);
}

int main(void)
{
    test_cases();
    test_every_byte();
    test_short_buffer();
    test_fputs();
    CHECK_DONE();
}
