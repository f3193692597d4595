/* Picture-header probe: sizes from PNG, JPEG, WebP and SVG headers, and every
 * kind of truncated or malformed header refused without reading past the end;
 * the EXIF orientation of JPEGs; the pixel cap and the reduced scales chosen
 * for decoding large pictures. */
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


/* An APP1 Exif payload (after the segment length) with one IFD0 entry: the
 * orientation, in big-endian ("MM") order. */
static const unsigned char exif_mm[] = {
    'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8,
    0, 2,                                      /* two entries */
    0x01, 0x0F, 0, 2, 0, 0, 0, 4, 'A', 'c', 'm', 0,   /* Make, ASCII */
    0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0,  /* Orientation = 6 */
    0, 0, 0, 0
};

/* The same in little-endian ("II") order, orientation 8. */
static const unsigned char exif_ii[] = {
    'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0,
    1, 0,
    0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0,
    0, 0, 0, 0
};

/* A JPEG: SOI, APP1 (exif_mm), SOF0 of 400 wide x 300 high. */
static size_t jpeg_with_exif(unsigned char *out, size_t cap)
{
    size_t n = 0, seg = sizeof exif_mm + 2;
    const unsigned char sof[] = { 0xFF, 0xC0, 0, 11, 8, 0x01, 0x2C, 0x01, 0x90, 1, 1, 0x11, 0 };
    if (cap < 4 + seg + sizeof sof)
        return 0;
    out[n++] = 0xFF, out[n++] = 0xD8, out[n++] = 0xFF, out[n++] = 0xE1;
    out[n++] = (unsigned char)(seg >> 8), out[n++] = (unsigned char)seg;
    memcpy(out + n, exif_mm, sizeof exif_mm);
    n += sizeof exif_mm;
    memcpy(out + n, sof, sizeof sof);
    return n + sizeof sof;
}

static void test_exif(void)
{
    CHECK(probe_exif_orientation(exif_mm, sizeof exif_mm) == 6,
          "a big-endian Exif block's orientation 6 is found after another entry");
    CHECK(probe_exif_orientation(exif_ii, sizeof exif_ii) == 8,
          "a little-endian Exif block's orientation 8 is found");
    int bad = 0;
    const size_t entry_end = 14 + 2 + 24; /* the orientation entry's last byte */
    for (size_t k = 0; k < sizeof exif_mm; k++) {
        unsigned char *copy = malloc(k ? k : 1);
        memcpy(copy, exif_mm, k);
        bad += probe_exif_orientation(copy, k) != (k < entry_end ? 1 : 6);
        free(copy);
    }
    CHECK(bad == 0, "an Exif block cut before its orientation entry ends reads as upright, "
          "one cut after it as 6; never read past its end");
    unsigned char e[sizeof exif_mm];
    memcpy(e, exif_mm, sizeof e);
    e[37] = 9;
    CHECK(probe_exif_orientation(e, sizeof e) == 1, "an orientation outside 1..8 is ignored");
    memcpy(e, exif_mm, sizeof e);
    e[31] = 4;   /* type LONG instead of SHORT */
    CHECK(probe_exif_orientation(e, sizeof e) == 1, "an orientation of the wrong type is ignored");
    memcpy(e, exif_mm, sizeof e);
    e[13] = 0xF0;  /* IFD0 offset past the end */
    CHECK(probe_exif_orientation(e, sizeof e) == 1, "an IFD offset past the block is ignored");
    memcpy(e, exif_mm, sizeof e);
    e[14] = 0xFF, e[15] = 0xFF;  /* 65535 entries claimed */
    CHECK(probe_exif_orientation(e, sizeof e) == 6,
          "an entry count larger than the block reads only the entries present");
    memcpy(e, exif_mm, sizeof e);
    memcpy(e, "XMP\0", 4);
    CHECK(probe_exif_orientation(e, sizeof e) == 1, "an APP1 that is not Exif is not read");

    unsigned char jpg[128];
    size_t n = jpeg_with_exif(jpg, sizeof jpg);
    int w = 0, h = 0;
    CHECK(probe_jpeg_orientation(jpg, n) == 6, "a JPEG's orientation comes from its APP1");
    CHECK(probe_picture(jpg, n, &w, &h) == PROBE_OK && w == 300 && h == 400,
          "a JPEG stored 400x300 and turned a quarter reports 300x400 (got %dx%d)", w, h);
    CHECK(probe_jpeg_orientation(jpeg_hdr, sizeof jpeg_hdr) == 1,
          "a JPEG without Exif is upright");
    test_prefixes(jpg, n, 59, "Exif JPEG");  /* 59: the frame's height and width read */
    bad = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char *copy = malloc(k ? k : 1);
        memcpy(copy, jpg, k);
        int o = probe_jpeg_orientation(copy, k);
        bad += o < 1 || o > 8;
        free(copy);
    }
    CHECK(bad == 0, "every prefix of a JPEG gives an orientation in 1..8, read in bounds");
    CHECK(probe_orientation_swaps(6) && probe_orientation_swaps(8) && probe_orientation_swaps(5)
          && !probe_orientation_swaps(3) && !probe_orientation_swaps(1),
          "orientations 5 to 8 turn a quarter, 1 to 4 do not");
}

/* A PNG's eXIf chunk and a WebP's EXIF chunk (with and without "Exif\0\0")
 * hold the orientation too; one cut short or lying about its length is 1. */
static void test_exif_png_webp(void)
{
    unsigned char b[256];
    size_t t = sizeof exif_mm - 6, n = 0;   /* the TIFF structure alone */
    memcpy(b, "\x89PNG\r\n\x1a\n", 8);
    n = 8;
    const unsigned char ihdr[] = { 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0x90, 0, 0, 1, 0x2C,
                                   8, 6, 0, 0, 0, 0, 0, 0, 0 };
    memcpy(b + n, ihdr, sizeof ihdr);
    n += sizeof ihdr;
    b[n++] = 0, b[n++] = 0, b[n++] = 0, b[n++] = (unsigned char)t;
    memcpy(b + n, "eXIf", 4);
    n += 4;
    memcpy(b + n, exif_mm + 6, t);
    n += t;
    memset(b + n, 0, 4);   /* its CRC */
    n += 4;
    CHECK(probe_png_orientation(b, n) == 6, "a PNG's eXIf chunk gives orientation 6");
    CHECK(probe_png_orientation(b, n - 6) == 1, "cut inside it, 1");
    b[8 + sizeof ihdr + 3] = 0xFF;
    CHECK(probe_png_orientation(b, n) == 1, "a chunk longer than the file: 1");
    CHECK(probe_png_orientation(png_hdr, sizeof png_hdr) == 1, "a PNG without eXIf: 1");

    for (int prefixed = 0; prefixed < 2; prefixed++) {
        const unsigned char *body = prefixed ? exif_ii : exif_ii + 6;
        size_t bn = prefixed ? sizeof exif_ii : sizeof exif_ii - 6;
        n = 0;
        memcpy(b, "RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\x08\0\0\0\0\0\0\0\0\0", 30);
        n = 30;
        memcpy(b + n, "EXIF", 4);
        b[n + 4] = (unsigned char)bn, b[n + 5] = b[n + 6] = b[n + 7] = 0;
        n += 8;
        memcpy(b + n, body, bn);
        n += bn;
        CHECK(probe_webp_orientation(b, n) == 8, "a WebP's EXIF chunk gives orientation 8 (%s)",
              prefixed ? "after Exif\\0\\0" : "bare");
    }
    CHECK(probe_webp_orientation(webp_vp8, sizeof webp_vp8) == 1, "a WebP without EXIF: 1");
}

static void test_pixel_cap(void)
{
    CHECK(!probe_too_many_pixels(4096, 3072), "4096x3072 is exactly at the pixel cap");
    CHECK(probe_too_many_pixels(4096, 3073), "one row more is over the cap");
    CHECK(probe_too_many_pixels(8192, 8192), "8192x8192 (67 megapixels) is over the cap");
    CHECK(probe_too_many_pixels(0, 10) && probe_too_many_pixels(10, -1),
          "no pixels is never a usable size");
    CHECK_NEAR(probe_max_megapixels(), 12.58, 0.01, "the cap is 12.6 megapixels in words");
    CHECK((long)PROBE_MAX_PIXELS * 4 <= 48L * 1024 * 1024,
          "a picture at the cap costs at most 48 MiB as RGBA");

    /* libjpeg's sizes round up: 8000 at 2/8 is 2000, at 1/8 is 1000. */
    CHECK(probe_jpeg_scale(8000, 8000, 0, 1280, 800) == 1,
          "an 8000x8000 JPEG for a 1280x800 screen (800x800 letterbox) decodes at 1/8");
    CHECK(probe_jpeg_scale(8000, 6000, 0, 1920, 1200) == 2,
          "8000x6000 for 1920x1200 (1600x1200 needed) decodes at 2/8 (2000x1500)");
    CHECK(probe_jpeg_scale(1000, 800, 0, 1920, 1200) == 8,
          "a JPEG smaller than the screen decodes at full size");
    CHECK(probe_jpeg_scale(6000, 4000, 1, 1280, 800) == 2,
          "a 6000x4000 photo shown turned (4000x6000, letterbox 533x800) needs 1500x1000: "
          "2/8 (got %d)", probe_jpeg_scale(6000, 4000, 1, 1280, 800));
    CHECK(probe_jpeg_scale(8192, 8192, 0, 0, 0) == 3,
          "with no screen given, the scale is the largest within the cap (3/8 of 8192: "
          "3072x3072) (got %d)", probe_jpeg_scale(8192, 8192, 0, 0, 0));
    CHECK(probe_jpeg_scale(8192, 8192, 0, 16000, 16000) == 3,
          "a huge screen cannot lift the pixel cap");

    CHECK(probe_box_factor(8000, 8000, 1280, 800) == 10,
          "an 8000x8000 PNG for 800x800 shrinks by 10 (got %d)",
          probe_box_factor(8000, 8000, 1280, 800));
    CHECK(probe_box_factor(8192, 8192, 256, 256) == 32, "for a 256 check, by 32");
    CHECK(probe_box_factor(1000, 700, 1920, 1200) == 1, "a small PNG is not shrunk");
    int k = probe_box_factor(8192, 8192, 0, 0);
    CHECK(k == 3 && !probe_too_many_pixels((8192 + k - 1) / k, (8192 + k - 1) / k),
          "with no screen given, the factor is the smallest within the cap (got %d)", k);
    k = probe_box_factor(7999, 4001, 1920, 1200);
    CHECK((7999 + k - 1) / k >= 1920 && (4001 + k - 1) / k >= 961,
          "the shrunk picture still covers its letterbox (factor %d)", k);
}

int main(void)
{
    test_exif_png_webp();
    test_raster();
    test_exif();
    test_pixel_cap();
    test_damaged();
    test_svg();
    CHECK_DONE();
}
