/* Picture-header probe: sizes from PNG, JPEG, WebP and SVG headers, and every
 * kind of truncated or malformed header refused without reading past the end. */
#include "check.h"
#include "probe.h"

#include <stdlib.h>
#include <string.h>

static const unsigned char png_hdr[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0x02, 0x80, 0, 0, 0x01, 0x90, 8, 6, 0, 0, 0
};  /* 640 x 400 */

static const unsigned char jpeg_hdr[] = {
    0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
    0xFF, 0xFF, 0xC2, 0, 17, 8, 0x01, 0x2C, 0x03, 0x20, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1
};  /* progressive, 800 x 300, with a fill byte before the SOF2 */

static const unsigned char webp_vp8[] = {
    'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ', 0, 0, 0, 0,
    0, 0, 0, 0x9D, 0x01, 0x2A, 0x40, 0x01, 0xF0, 0x00, 0, 0
};  /* 320 x 240 */

static const unsigned char webp_vp8l[] = {
    'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L', 0, 0, 0, 0,
    0x2F, 0x63, 0xC0, 0x31, 0x00, 0, 0, 0, 0, 0
};  /* 100 x 200: w-1 = 99 (0x63), h-1 = 199 (0xC7) << 14 */

static const unsigned char webp_vp8x[] = {
    'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X', 10, 0, 0, 0,
    0, 0, 0, 0, 0x3F, 0x9C, 0x00, 0x1F, 0x4E, 0x00
};  /* 40000 x 20000 */

static ProbeStatus probe_str(const char *s, int *w, int *h)
{
    return probe_picture((const unsigned char *)s, strlen(s), w, h);
}

static void test_raster(void)
{
    int w = 0, h = 0;
    CHECK(probe_picture(png_hdr, sizeof png_hdr, &w, &h) == PROBE_OK && w == 640 && h == 400,
          "a PNG's IHDR gives 640x400 (got %dx%d)", w, h);
    CHECK(probe_picture(jpeg_hdr, sizeof jpeg_hdr, &w, &h) == PROBE_OK && w == 800 && h == 300,
          "a JPEG's SOF2 after an APP0 segment and a fill byte gives 800x300 (got %dx%d)", w, h);
    CHECK(probe_picture(webp_vp8, sizeof webp_vp8, &w, &h) == PROBE_OK && w == 320 && h == 240,
          "a lossy WebP gives 320x240 (got %dx%d)", w, h);
    CHECK(probe_picture(webp_vp8l, sizeof webp_vp8l, &w, &h) == PROBE_OK && w == 100 &&
          h == 200, "a lossless WebP gives 100x200 (got %dx%d)", w, h);
    CHECK(probe_picture(webp_vp8x, sizeof webp_vp8x, &w, &h) == PROBE_OK && w == 40000 &&
          h == 20000, "an extended WebP gives its canvas 40000x20000 (got %dx%d)", w, h);
    CHECK(probe_too_large(w, h), "40000x20000 is too large to decode");
    CHECK(!probe_too_large(8192, 8192), "8192x8192 is just allowed");
    CHECK(probe_too_large(8193, 10), "8193 pixels wide is too large");
}

/* Every prefix of a good header is truncated (or at least never OK with a wrong
 * size); each is copied to a heap buffer of exactly that size so the sanitizer
 * catches any read past the end. */
static void test_prefixes(const unsigned char *hdr, size_t n, size_t need, const char *what)
{
    int bad = 0;
    for (size_t k = 0; k < need && k < n; k++) {
        unsigned char *copy = malloc(k ? k : 1);
        if (!copy)
            continue;
        memcpy(copy, hdr, k);
        int w = -1, h = -1;
        ProbeStatus st = probe_picture(copy, k, &w, &h);
        bad += st == PROBE_OK;
        free(copy);
    }
    CHECK(bad == 0, "no prefix of the %s header shorter than %zu bytes yields a size", what,
          need);
}

static void test_damaged(void)
{
    int w = 7, h = 7;
    test_prefixes(png_hdr, sizeof png_hdr, 24, "PNG");
    test_prefixes(jpeg_hdr, sizeof jpeg_hdr, 30, "JPEG");
    test_prefixes(webp_vp8, sizeof webp_vp8, 30, "WebP");
    CHECK(probe_picture(png_hdr, 20, &w, &h) == PROBE_TRUNCATED,
          "a PNG cut inside IHDR is truncated");
    unsigned char zero[sizeof png_hdr];
    memcpy(zero, png_hdr, sizeof zero);
    memset(zero + 16, 0, 4);
    CHECK(probe_picture(zero, sizeof zero, &w, &h) == PROBE_BAD, "a PNG 0 pixels wide is bad");
    memcpy(zero, png_hdr, sizeof zero);
    memcpy(zero + 12, "tEXt", 4);
    CHECK(probe_picture(zero, sizeof zero, &w, &h) == PROBE_BAD,
          "a PNG whose first chunk is not IHDR is bad");
    const unsigned char sos_first[] = { 0xFF, 0xD8, 0xFF, 0xDA, 0, 4, 0, 0 };
    CHECK(probe_picture(sos_first, sizeof sos_first, &w, &h) == PROBE_BAD,
          "a JPEG whose image data comes before its frame header is bad");
    const unsigned char short_seg[] = { 0xFF, 0xD8, 0xFF, 0xE1, 0, 1, 0, 0 };
    CHECK(probe_picture(short_seg, sizeof short_seg, &w, &h) == PROBE_BAD,
          "a JPEG segment length below 2 is bad (no endless loop)");
    const unsigned char long_seg[] = { 0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xF0, 0, 0 };
    CHECK(probe_picture(long_seg, sizeof long_seg, &w, &h) == PROBE_TRUNCATED,
          "a JPEG segment longer than the file is truncated");
    CHECK(w == 7 && h == 7, "failed probes leave the size untouched");
    CHECK(probe_str("%PDF-1.4", &w, &h) == PROBE_UNKNOWN, "a PDF is not a picture");
    CHECK(probe_picture(NULL, 0, &w, &h) == PROBE_UNKNOWN, "no bytes is not a picture");
}

static void test_svg(void)
{
    int w = 0, h = 0;
    CHECK(probe_str("<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg' "
                    "width=\"640\" height='480px'>", &w, &h) == PROBE_OK && w == 640 &&
          h == 480, "an SVG's width and height attributes give 640x480 (got %dx%d)", w, h);
    CHECK(probe_str("<svg viewBox=\"0 0 1600 900\" stroke-width=\"99\">", &w, &h) == PROBE_OK
          && w == 1600 && h == 900, "without width/height the viewBox gives 1600x900 "
          "(stroke-width is not width) (got %dx%d)", w, h);
    CHECK(probe_str("<svg width='1in' height='72pt'/>", &w, &h) == PROBE_OK && w == 96 &&
          h == 96, "inches and points are converted at 96 per inch (got %dx%d)", w, h);
    CHECK(probe_str("<svg width='100%' height='100%' viewBox='0,0,30.5,20'>", &w, &h) ==
          PROBE_OK && w == 31 && h == 20, "percentages fall back to the viewBox, rounded up "
          "(got %dx%d)", w, h);
    CHECK(probe_str("<svg xmlns='x'>", &w, &h) == PROBE_NO_SIZE, "an SVG with no size says so");
    CHECK(probe_str("<svg width='0' height='10'>", &w, &h) == PROBE_BAD,
          "an SVG 0 wide is bad");
    CHECK(probe_str("<svg width='99999999999999' height='10'>", &w, &h) == PROBE_OK &&
          probe_too_large(w, h), "an absurd SVG width is clamped, not overflowed");
    CHECK(probe_str("<svg width='10", &w, &h) == PROBE_TRUNCATED,
          "an SVG cut inside its tag is truncated");
    CHECK(probe_str("<html><body>not a drawing</body></html>", &w, &h) == PROBE_TRUNCATED,
          "markup with no <svg> tag in a short file is reported as cut short");
}

int main(void)
{
    test_raster();
    test_damaged();
    test_svg();
    CHECK_DONE();
}
