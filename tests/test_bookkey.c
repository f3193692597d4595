/* test_bookkey — a dropped book's content key, and the marker of its import. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bookkey.h"
#include "check.h"
#include "files.h"

static void test_fnv(void)
{
    /* The published FNV-1a 64 test vectors. */
    CHECK(bookkey_fnv(BOOKKEY_FNV_INIT, "", 0) == 0xcbf29ce484222325ull,
          "FNV-1a of nothing is the offset basis");
    CHECK(bookkey_fnv(BOOKKEY_FNV_INIT, "a", 1) == 0xaf63dc4c8601ec8cull,
          "FNV-1a of \"a\" is the published value");
    CHECK(bookkey_fnv(BOOKKEY_FNV_INIT, "foobar", 6) == 0x85944171f73967e8ull,
          "FNV-1a of \"foobar\" is the published value");
    char hex[BOOKKEY_HEX];
    CHECK_STR(bookkey_hex(0xaf63dc4c8601ec8cull, hex), "af63dc4c8601ec8c",
              "the key is written as 16 lower-case hex digits");
    CHECK_STR(bookkey_hex(1, hex), "0000000000000001", "a small key keeps its leading zeros");
}

static void write_file(const char *path, const unsigned char *d, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(d, 1, n, f);
        fclose(f);
    }
}

static void test_file_key(void)
{
    char dir[512], p1[600], p2[600], p3[600], p4[600];
    snprintf(dir, sizeof dir, "%s/bookkey-%d", TEST_TMP, (int)getpid());
    files_mkdirs(dir);
    size_t n = 3 * BOOKKEY_SPAN + 17;
    unsigned char *d = malloc(n);
    if (!d)
        return;
    for (size_t i = 0; i < n; i++)
        d[i] = (unsigned char)(i * 131 + (i >> 9));
    snprintf(p1, sizeof p1, "%s/a.epub", dir);
    snprintf(p2, sizeof p2, "%s/copy with another name.epub", dir);
    snprintf(p3, sizeof p3, "%s/last-byte.epub", dir);
    snprintf(p4, sizeof p4, "%s/small.epub", dir);
    write_file(p1, d, n);
    write_file(p2, d, n);
    d[n - 1] ^= 1;
    write_file(p3, d, n);
    write_file(p4, d, 10);
    uint64_t k1 = 0, k2 = 1, k3 = 0, k4 = 0, k5 = 0;
    CHECK(bookkey_file(p1, &k1) == 0 && bookkey_file(p2, &k2) == 0,
          "the key of a regular file is read");
    CHECK(k1 == k2, "the same bytes under another name give the same key");
    CHECK(bookkey_file(p3, &k3) == 0 && k3 != k1, "a change in the last byte (the zip's "
          "central directory) gives another key");
    d[n - 1] ^= 1;
    CHECK(k1 == bookkey_of(n, d, BOOKKEY_SPAN, d + n - BOOKKEY_SPAN, BOOKKEY_SPAN),
          "the key is the size, the first 64 KB and the last 64 KB");
    CHECK(bookkey_file(p4, &k4) == 0 && k4 == bookkey_of(10, d, 10, d, 10),
          "a file shorter than 64 KB is hashed whole, as head and tail");
    d[0] ^= 1;
    write_file(p4, d, 10);
    CHECK(bookkey_file(p4, &k5) == 0 && k5 != k4, "a change in the first byte gives another key");
    CHECK(bookkey_file(dir, &k5) == -1, "a folder has no key");
    char missing[700];
    snprintf(missing, sizeof missing, "%s/not-there.epub", dir);
    CHECK(bookkey_file(missing, &k5) == -1, "a missing file has no key");
    free(d);
}

static void test_names(void)
{
    static const struct { const char *name; int book; } cases[] = {
        { "bear.epub", 1 }, { "BEAR.EPUB", 1 }, { "sun.bloompub", 1 }, { "sun.BloomD", 1 },
        { ".hidden.epub", 0 }, { "epub", 0 }, { ".epub", 0 }, { "bear.epub.txt", 0 },
        { "bear.zip", 0 }, { "story-folder", 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK(bookkey_is_book(cases[i].name) == cases[i].book, "\"%s\" is %sa book to import",
              cases[i].name, cases[i].book ? "" : "not ");
}

static void test_marker(void)
{
    char text[BOOKKEY_TEXT], source[256], why[256];
    uint64_t key = 0;
    int n = bookkey_marker(0x0123456789abcdefull, "Bear\ngoes.epub", NULL, text, sizeof text);
    CHECK(n > 0 && strstr(text, "key = 0123456789abcdef\n") != NULL,
          "the marker holds the key in hex");
    CHECK(strstr(text, "source = Bear?goes.epub\n") != NULL,
          "a line break in the source name becomes '?' so the marker stays lines");
    CHECK(bookkey_marker_read(text, (size_t)n, &key, source, sizeof source, why, sizeof why) == 0 &&
          key == 0x0123456789abcdefull, "the marker reads back its key");
    CHECK_STR(source, "Bear?goes.epub", "the marker reads back its source");
    CHECK_STR(why, "", "an imported book's marker has no reason for refusal");
    n = bookkey_marker(7, "bad.epub", "one of its files is named '../x', outside the book",
                       text, sizeof text);
    CHECK(n > 0 && bookkey_marker_read(text, (size_t)n, &key, NULL, 0, why, sizeof why) == 0 &&
          key == 7, "a refusal note reads back its key");
    CHECK_STR(why, "one of its files is named '../x', outside the book",
              "a refusal note reads back its reason");
    CHECK(bookkey_marker(7, "x.epub", NULL, text, 20) == -1, "a marker that does not fit is refused");
    static const char *const bad[] = {
        "", "hushabye-book 1\n", "hushabye-book 2\nkey = 0123456789abcdef\n",
        "hushabye-book 1\nkey = 0123456789abcdeg\n", "hushabye-book 1\nkey = 12\n",
        "hushabye-book 1\nkey=0123456789abcdef\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(bookkey_marker_read(bad[i], strlen(bad[i]), &key, source, sizeof source, NULL, 0)
              == -1, "a damaged marker (case %zu) counts as no marker", i);
    const char cut[] = "hushabye-book 1\nkey = 0123456789abcdef";
    CHECK(bookkey_marker_read(cut, sizeof cut - 1, &key, NULL, 0, NULL, 0) == 0,
          "a marker without its last line break still reads");
}

int main(void)
{
    test_fnv();
    test_file_key();
    test_names();
    test_marker();
    CHECK_DONE();
}
