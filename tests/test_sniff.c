/* test_sniff — file formats recognised from their first bytes. */
#include "check.h"
#include "sniff.h"

#include <string.h>

int main(void)
{
    static const struct { const char *bytes; size_t len; SniffKind want; } cases[] = {
        { "\x89PNG\r\n\x1a\n\0\0", 10, SNIFF_PNG }, { "\xFF\xD8\xFF\xE0", 4, SNIFF_JPEG },
        { "RIFF\0\0\0\0WEBPVP8 ", 16, SNIFF_WEBP }, { "RIFF\0\0\0\0WAVEfmt ", 16, SNIFF_WAV },
        { "  <?xml version='1.0'?>\n<svg xmlns=", 36, SNIFF_SVG },
        { "OggS\0\2", 6, SNIFF_OGG }, { "fLaC", 4, SNIFF_FLAC }, { "ID3\4", 4, SNIFF_MP3 },
        { "\xFF\xFB\x90\x64", 4, SNIFF_MP3 }, { "\xFF\xF1\x50\x80", 4, SNIFF_AAC },
        { "\xFF\xFE<\0s\0v\0g\0", 10, SNIFF_UTF16 }, { "\xFE\xFF\0<\0s", 6, SNIFF_UTF16 },
        { "\xFF\xFE\x90\x64", 4, SNIFF_MP3 },
        { "%PDF-1.7", 8, SNIFF_PDF }, { "PK\3\4", 4, SNIFF_ZIP }, { "GIF89a", 6, SNIFF_GIF },
        { "BM\0\0", 4, SNIFF_BMP }, { "<!DOCTYPE html><html>", 21, SNIFF_HTML },
        { "\0\0\0\x1c" "ftypM4A \0\0", 14, SNIFF_M4A }, { "\0\0\0\x18" "ftypisom", 12, SNIFF_MP4 },
        { "\0\0\0\x18" "ftyp3gp4", 12, SNIFF_3GP }, { "\0\0\0\x18" "ftypheic", 12, SNIFF_HEIC },
        { "#!AMR\n", 6, SNIFF_AMR }, { "Hello there", 11, SNIFF_TEXT }, { "", 0, SNIFF_EMPTY },
        { "\x01\x02\x03", 3, SNIFF_UNKNOWN }, { "RIFF\0\0\0\0XXXX", 12, SNIFF_UNKNOWN },
        { "\0\0\0\x18" "ftyp", 8, SNIFF_UNKNOWN },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SniffKind k = sniff_bytes((const unsigned char *)cases[i].bytes, cases[i].len);
        CHECK(k == cases[i].want, "case %zu is %s (got %s)", i, sniff_name(cases[i].want),
              sniff_name(k));
    }
    CHECK(sniff_is_picture(SNIFF_SVG) && !sniff_is_picture(SNIFF_GIF), "pictures the player opens");
    CHECK(sniff_is_audio(SNIFF_FLAC) && !sniff_is_audio(SNIFF_M4A), "sounds the player plays");
    CHECK(strcmp(sniff_name(SNIFF_PDF), "a PDF") == 0, "a PDF is named plainly");
    CHECK(strstr(sniff_name(SNIFF_M4A), "M4A/AAC") != NULL, "M4A is named as a phone recording");
    CHECK(sniff_bytes(NULL, 0) == SNIFF_EMPTY, "no bytes is empty");
    CHECK(sniff_bytes((const unsigned char *)"RF64\xff\xff\xff\xffWAVEds64", 16) == SNIFF_RF64 &&
          strstr(sniff_name(SNIFF_RF64), "ordinary WAV"), "an RF64 WAV is named, with what to do");
    /* Adobe Illustrator opens its SVG with some 760 bytes of XML declaration,
     * generator comment and DOCTYPE: the <svg> comes after. */
    char ai[SNIFF_HEAD];
    int n = snprintf(ai, sizeof ai, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- Generator: "
                     "Adobe Illustrator 27.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->\n"
                     "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" ");
    while (n < 1500)
        ai[n++] = ' ';
    n += snprintf(ai + n, sizeof ai - (size_t)n, "<svg version=\"1.1\" width=\"10\">");
    CHECK(sniff_bytes((const unsigned char *)ai, (size_t)n) == SNIFF_SVG,
          "an SVG whose <svg> comes 1500 bytes in is an SVG");
    CHECK_DONE();
}
