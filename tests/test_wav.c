/* Tests for wav: writing and reading back, hostile headers, every sample
 * format decoded, and the atomic write leaving exactly one file behind. */
#include "check.h"
#include "files.h"
#include "wav.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void test_roundtrip(void)
{
    int16_t s[5] = { 0, 1, -1, 32767, -32768 };
    unsigned char *b = NULL;
    size_t len = 0;
    CHECK(wav_write(s, 5, 48000, 1, &b, &len) == 0 && len == WAV_HEADER + 10,
          "five samples make a 54-byte file (%zu)", len);
    CHECK(b && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WAVEfmt ", 8) == 0 &&
          memcmp(b + 36, "data", 4) == 0, "the header is canonical RIFF/WAVE");
    CHECK(b && b[44] == 0 && b[46] == 1 && b[48] == 0xff && b[49] == 0xff,
          "samples are little-endian");
    WavInfo w;
    CHECK(wav_parse(b, len, &w) == WAV_OK, "the written file parses");
    CHECK(w.rate == 48000 && w.channels == 1 && w.bits == 16 && w.format == 1 &&
          w.frames == 5 && w.data_offset == 44, "rate, channels, bits and frames read back");
    int16_t *d = NULL;
    CHECK(wav_decode(b, &w, &d) == WAV_OK && d && memcmp(d, s, sizeof s) == 0,
          "the samples read back exactly");
    free(d);
    CHECK(wav_parse(b, len - 3, &w) == WAV_OK && w.frames == 3,
          "a cut-off file keeps its whole frames (%zu)", w.frames);
    free(b);
    CHECK(wav_write(s, 5, 48000, 0, &b, &len) == -1 && b == NULL, "zero channels refused");
}

/* A WAV of given format/bits with one extra chunk before data. */
static size_t make(unsigned char *b, unsigned fmt, unsigned ch, unsigned bits,
                   const void *data, uint32_t dlen)
{
    memcpy(b, "RIFF\0\0\0\0WAVE", 12);
    memcpy(b + 12, "LIST", 4);
    put32(b + 16, 3);                           /* odd: padded to 4 */
    memcpy(b + 20, "abc\0", 4);
    memcpy(b + 24, "fmt ", 4);
    put32(b + 28, 16);
    b[32] = (unsigned char)fmt; b[33] = (unsigned char)(fmt >> 8);
    b[34] = (unsigned char)ch; b[35] = 0;
    put32(b + 36, 44100);
    put32(b + 40, 44100 * ch * bits / 8);
    b[44] = (unsigned char)(ch * bits / 8); b[45] = 0;
    b[46] = (unsigned char)bits; b[47] = 0;
    memcpy(b + 48, "data", 4);
    put32(b + 52, dlen);
    memcpy(b + 56, data, dlen);
    return 56 + dlen;
}

static void test_formats(void)
{
    unsigned char b[256];
    WavInfo w;
    int16_t *d = NULL;
    const unsigned char s24[] = { 0x00, 0x00, 0x40, 0x00, 0x00, 0xc0 };
    size_t n = make(b, 1, 1, 24, s24, sizeof s24);
    CHECK(wav_parse(b, n, &w) == WAV_OK && w.frames == 2, "24-bit after an odd chunk parses");
    CHECK(wav_decode(b, &w, &d) == WAV_OK && d[0] == 16384 && d[1] == -16384,
          "24-bit samples become 16-bit");
    free(d);
    float f[2] = { 0.5f, -2.0f };
    n = make(b, 3, 2, 32, f, sizeof f);
    CHECK(wav_parse(b, n, &w) == WAV_OK && w.channels == 2 && w.frames == 1,
          "32-bit float stereo parses");
    CHECK(wav_decode(b, &w, &d) == WAV_OK && d[0] == 16383 && d[1] == -32767,
          "float samples are scaled and clamped (%d %d)", d ? d[0] : 0, d ? d[1] : 0);
    free(d);
    const unsigned char s8[] = { 128, 255 };
    n = make(b, 1, 1, 8, s8, sizeof s8);
    CHECK(wav_parse(b, n, &w) == WAV_OK && wav_decode(b, &w, &d) == WAV_OK && d[0] == 0 &&
          d[1] == 127 * 256, "8-bit unsigned samples are centred");
    free(d);
}

static void test_hostile(void)
{
    unsigned char b[256];
    WavInfo w;
    const unsigned char two[4] = { 1, 2, 3, 4 };
    size_t n = make(b, 0x55, 1, 16, two, 4);
    CHECK(wav_parse(b, n, &w) == WAV_UNSUPPORTED, "MP3-in-WAV is unsupported, not misread");
    n = make(b, 1, 1, 12, two, 4);
    CHECK(wav_parse(b, n, &w) == WAV_UNSUPPORTED, "12-bit samples are unsupported");
    n = make(b, 1, 9, 16, two, 4);
    CHECK(wav_parse(b, n, &w) == WAV_UNSUPPORTED, "nine channels are unsupported");
    n = make(b, 1, 1, 16, two, 4);
    put32(b + 16, 0xfffffff0u);
    CHECK(wav_parse(b, n, &w) == WAV_BAD, "a chunk longer than the file is refused");
    n = make(b, 1, 1, 16, two, 4);
    memcpy(b + 24, "junk", 4);
    CHECK(wav_parse(b, n, &w) == WAV_BAD, "data without fmt is refused");
    n = make(b, 1, 1, 16, two, 4);
    put32(b + 52, 0xffffffffu);
    CHECK(wav_parse(b, n, &w) == WAV_OK && w.frames == 2, "a huge data size is clamped");
    CHECK(wav_parse((const unsigned char *)"RIFX", 4, &w) == WAV_NOT_WAV, "not a WAV");
    CHECK(wav_parse(NULL, 0, &w) == WAV_NOT_WAV, "no bytes is not a WAV");
    n = make(b, 1, 1, 16, two, 4);
    int all_safe = 1;
    for (size_t cut = 0; cut < n; cut++) {
        WavStatus st = wav_parse(b, cut, &w);
        if (st == WAV_OK && w.data_offset + w.data_len > cut)
            all_safe = 0;
    }
    CHECK(all_safe, "every truncation parses without reading past the end");
    unsigned char many[12 + 8 * 100];
    memcpy(many, "RIFF\0\0\0\0WAVE", 12);
    for (int i = 0; i < 100; i++) {
        memcpy(many + 12 + 8 * i, "junk", 4);
        put32(many + 16 + 8 * i, 0);
    }
    CHECK(wav_parse(many, sizeof many, &w) == WAV_BAD, "an endless chunk walk is cut short");
    CHECK(wav_status_text(WAV_UNSUPPORTED)[0] != '\0', "statuses have words");
}

/* Random damage to a valid file: parsing and decoding never read past the end
 * (the sanitizer build watches) and never report more data than there is. */
static void test_mutations(void)
{
    unsigned char good[256], b[256];
    const unsigned char four[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    size_t n = make(good, 1, 2, 16, four, 8);
    uint32_t r = 99;
    int sane = 1;
    for (int round = 0; round < 20000; round++) {
        memcpy(b, good, n);
        for (int k = 0; k < 4; k++) {
            r = r * 1664525u + 1013904223u;
            b[(r >> 8) % n] = (unsigned char)(r >> 24);
        }
        r = r * 1664525u + 1013904223u;
        size_t len = n - (r >> 8) % 8;
        WavInfo w;
        int16_t *d = NULL;
        if (wav_parse(b, len, &w) == WAV_OK) {
            sane &= w.data_offset + w.data_len <= len;
            if (w.frames && wav_decode(b, &w, &d) == WAV_OK)
                free(d);
        }
    }
    CHECK(sane, "20000 damaged files never claim data past their end");
}

/* files_write_atomic leaves the file and nothing else, hidden or not. */
static void test_atomic(void)
{
    mkdir(TEST_TMP, 0700);
    const char *dir = TEST_TMP "/wav-atomic";
    mkdir(dir, 0700);
    int16_t s[480] = { 0 };
    unsigned char *b = NULL;
    size_t len = 0;
    CHECK(wav_write(s, 480, 48000, 1, &b, &len) == 0, "a WAV is built");
    CHECK(files_write_atomic(TEST_TMP "/wav-atomic/01.wav", b, len) == 0, "written once");
    CHECK(files_write_atomic(TEST_TMP "/wav-atomic/01.wav", b, len) == 0, "and replaced");
    free(b);
    DIR *d = opendir(dir);
    int entries = 0, page = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        entries++;
        page += strcmp(e->d_name, "01.wav") == 0;
    }
    if (d)
        closedir(d);
    CHECK(entries == 1 && page == 1, "only 01.wav is there, no temporary file (%d)", entries);
    remove(TEST_TMP "/wav-atomic/01.wav");
    rmdir(dir);
}

/* The mark a take carries: found whole in a marked WAV, not in a plain one,
 * not as a prefix, and never read past the bytes given (every cut). */
static void test_mark(void)
{
    int16_t s[100] = { 0 };
    unsigned char *m = NULL, *p = NULL;
    size_t mlen = 0, plen = 0;
    CHECK(wav_write_marked(s, 100, 48000, 1, "Hushabye take", &m, &mlen) == 0 &&
              wav_write(s, 100, 48000, 1, &p, &plen) == 0,
          "a marked and a plain WAV are made");
    WavInfo w;
    CHECK(wav_parse(m, mlen, &w) == WAV_OK && w.frames == 100 && w.rate == 48000,
          "the marked one reads as the same 100 frames");
    CHECK(wav_marked(m, mlen, "Hushabye take") && !wav_marked(p, plen, "Hushabye take"),
          "the mark is found in the marked one only");
    CHECK(!wav_marked(m, mlen, "Hushabye") && !wav_marked(m, mlen, "Hushabye takes"),
          "a part of the mark, or more than it, is not it");
    int wrong = 0;
    for (size_t k = 0; k < mlen; k++) {
        unsigned char *cut = malloc(k ? k : 1);
        memcpy(cut, m, k);
        /* the mark and its NUL end at byte 70 */
        wrong += wav_marked(cut, k, "Hushabye take") != (k >= 12 + 24 + 34);
        free(cut);
    }
    CHECK(wrong == 0, "every cut of the file: found once its chunk is whole, within the bytes");
    m[36 + 4] = 0xff, m[36 + 5] = 0xff, m[36 + 6] = 0xff, m[36 + 7] = 0xff; /* LIST size */
    CHECK(wav_marked(m, mlen, "Hushabye take") == 1,
          "a LIST chunk claiming 4 GB is read within the file (its mark still whole there)");
    memset(m + 36 + 16, 0xff, 4); /* the ISFT's size */
    CHECK(wav_marked(m, mlen, "Hushabye take") == 1,
          "an ISFT claiming 4 GB is read within the file (its words still there)");
    memset(m + 36 + 12, 'x', 4); /* no ISFT at all */
    CHECK(wav_marked(m, mlen, "Hushabye take") == 0, "a LIST without an ISFT holds no mark");
    free(m);
    free(p);
}

int main(void)
{
    test_mark();
    test_roundtrip();
    test_formats();
    test_hostile();
    test_mutations();
    test_atomic();
    CHECK_DONE();
}
