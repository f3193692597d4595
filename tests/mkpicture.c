/* mkpicture — hostile and large pictures for the end-to-end tests, made on
 * the spot so no large file is ever committed.
 *
 *   mkpicture claim OUT.png W H          a PNG of ~145 bytes whose header claims W x H
 *   mkpicture png OUT.png W H [noise]    a real W x H PNG, written row by row
 *   mkpicture interlaced OUT.png W H     the same, Adam7-interlaced
 *   mkpicture jpeg OUT.jpg W H [progressive] [orientation N] [noise]
 *   mkpicture webp-anim OUT.webp W H     a two-frame animated WebP
 *
 * The picture is a soft gradient with a red square in its top-left quarter
 * and a white bar along its top, so a snapshot shows which way up it was
 * drawn. With an orientation, W x H is the stored size and the pattern is
 * stored turned so that a viewer honouring the EXIF tag sees it upright:
 * the same as a plain picture of the turned size.
 * "noise" adds pseudo-random grain, which makes the file large and slow to
 * decode the way a real photograph is. Rows are produced one at a time, so
 * even 8000 x 8000 costs this program one row of memory (the WebP aside,
 * which is small). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h> /* after stdio.h: it needs FILE and size_t */
#include <png.h>
#include <webp/encode.h>
#include <webp/mux.h>
#include <zlib.h>

/* Pixel (x, y) of the w x h test pattern, as it should be seen. */
static void pattern_px(unsigned char *p, int x, int y, int w, int h)
{
    p[0] = (unsigned char)(40 + 120 * (size_t)x / (size_t)w);
    p[1] = (unsigned char)(60 + 100 * (size_t)y / (size_t)h);
    p[2] = 160;
    if (x < w / 2 && y < h / 2 && x > w / 8 && y > h / 8) {
        p[0] = 220;
        p[1] = 30;
        p[2] = 30;
    }
    if (y < h / 16)
        p[0] = p[1] = p[2] = 240;
}

/* Where stored pixel (x, y) of a w x h picture is seen under EXIF orientation
 * o (the standard's table, as a viewer applies it). */
static void seen_at(int o, int x, int y, int w, int h, int *sx, int *sy)
{
    switch (o) {
    case 2: *sx = w - 1 - x; *sy = y; break;
    case 3: *sx = w - 1 - x; *sy = h - 1 - y; break;
    case 4: *sx = x; *sy = h - 1 - y; break;
    case 5: *sx = y; *sy = x; break;
    case 6: *sx = h - 1 - y; *sy = x; break;
    case 7: *sx = h - 1 - y; *sy = w - 1 - x; break;
    case 8: *sx = y; *sy = w - 1 - x; break;
    default: *sx = x; *sy = y; break;
    }
}

/* One stored RGB row of a w x h picture: the pattern stored so that a viewer
 * honouring orientation o sees it upright. */
static void pattern_row_oriented(unsigned char *row, int w, int h, int y, int o)
{
    int swap = o >= 5 && o <= 8, sw = swap ? h : w, sh = swap ? w : h;
    for (int x = 0; x < w; x++) {
        int sx, sy;
        seen_at(o, x, y, w, h, &sx, &sy);
        pattern_px(row + (size_t)x * 3, sx, sy, sw, sh);
    }
}

/* One RGB row of the test pattern. */
static void pattern_row(unsigned char *row, int w, int h, int y, int noise, uint32_t *seed)
{
    for (int x = 0; x < w; x++) {
        unsigned char *p = row + (size_t)x * 3;
        pattern_px(p, x, y, w, h);
        if (noise) {
            *seed = *seed * 1103515245u + 12345u;
            int n = (int)((*seed >> 16) & 63) - 32;
            for (int c = 0; c < 3; c++) {
                int v = p[c] + n;
                p[c] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
            }
        }
    }
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Write one PNG chunk with its CRC. */
static void chunk(FILE *f, const char *type, const unsigned char *data, uint32_t n)
{
    unsigned char hdr[8], crc[4];
    put32(hdr, n);
    memcpy(hdr + 4, type, 4);
    uLong c = crc32(0, hdr + 4, 4);
    if (n)
        c = crc32(c, data, n);
    put32(crc, (uint32_t)c);
    fwrite(hdr, 1, 8, f);
    if (n)
        fwrite(data, 1, n, f);
    fwrite(crc, 1, 4, f);
}

/* A valid signature and IHDR claiming w x h, then a few rows' worth of
 * compressed data and the end: what a decoder believes before it reads. */
static int make_claim(const char *out, int w, int h)
{
    FILE *f = fopen(out, "wb");
    if (!f)
        return 1;
    unsigned char ihdr[13] = { 0 }, raw[64] = { 0 }, z[128];
    put32(ihdr, (uint32_t)w);
    put32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8;  /* 8 bits */
    ihdr[9] = 6;  /* RGBA */
    uLongf zn = sizeof z;
    compress2(z, &zn, raw, sizeof raw, 9);
    fwrite("\x89PNG\r\n\x1a\n", 1, 8, f);
    chunk(f, "IHDR", ihdr, 13);
    chunk(f, "IDAT", z, (uint32_t)zn);
    chunk(f, "IEND", NULL, 0);
    return fclose(f) != 0;
}

static int make_png(const char *out, int w, int h, int noise, int interlaced)
{
    FILE *f = fopen(out, "wb");
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    unsigned char *row = malloc((size_t)w * 3);
    uint32_t seed = 1;
    if (!f || !info || !row || setjmp(png_jmpbuf(png)))
        return 1;
    png_init_io(png, f);
    png_set_compression_level(png, 1);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    int passes = interlaced ? png_set_interlace_handling(png) : 1;
    for (int p = 0; p < passes; p++) {
        seed = 1;
        for (int y = 0; y < h; y++) {
            pattern_row(row, w, h, y, noise, &seed);
            png_write_row(png, row);
        }
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    return fclose(f) != 0;
}

/* An APP1 Exif block holding just the orientation tag (big-endian TIFF). */
static void write_exif(j_compress_ptr c, int orientation)
{
    unsigned char e[] = {
        'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8,
        0, 1,                                  /* one IFD entry */
        0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (unsigned char)orientation, 0, 0,
        0, 0, 0, 0                             /* no next IFD */
    };
    jpeg_write_marker(c, JPEG_APP0 + 1, e, sizeof e);
}

static int make_jpeg(const char *out, int w, int h, int progressive, int orientation, int noise)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    FILE *f = fopen(out, "wb");
    unsigned char *row = malloc((size_t)w * 3);
    uint32_t seed = 1;
    if (!f || !row)
        return 1;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_stdio_dest(&c, f);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 85, TRUE);
    if (progressive)
        jpeg_simple_progression(&c);
    jpeg_start_compress(&c, TRUE);
    if (orientation)
        write_exif(&c, orientation);
    for (int y = 0; y < h; y++) {
        if (orientation > 1)
            pattern_row_oriented(row, w, h, y, orientation);
        else
            pattern_row(row, w, h, y, noise, &seed);
        JSAMPROW r = row;
        jpeg_write_scanlines(&c, &r, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    free(row);
    return fclose(f) != 0;
}

static int make_webp_anim(const char *out, int w, int h)
{
    WebPAnimEncoderOptions opt;
    WebPConfig cfg;
    WebPPicture pic;
    WebPData data;
    uint32_t seed = 1;
    if (!WebPAnimEncoderOptionsInit(&opt) || !WebPConfigInit(&cfg) || !WebPPictureInit(&pic))
        return 1;
    WebPAnimEncoder *enc = WebPAnimEncoderNew(w, h, &opt);
    unsigned char *rgb = malloc((size_t)w * h * 3);
    if (!enc || !rgb)
        return 1;
    pic.width = w;
    pic.height = h;
    for (int frame = 0; frame < 2; frame++) {
        for (int y = 0; y < h; y++)
            pattern_row(rgb + (size_t)y * w * 3, w, h, frame ? h - 1 - y : y, 0, &seed);
        if (!WebPPictureImportRGB(&pic, rgb, w * 3) ||
            !WebPAnimEncoderAdd(enc, &pic, frame * 500, &cfg))
            return 1;
    }
    WebPAnimEncoderAdd(enc, NULL, 1000, NULL);
    WebPDataInit(&data);
    if (!WebPAnimEncoderAssemble(enc, &data))
        return 1;
    FILE *f = fopen(out, "wb");
    if (!f || fwrite(data.bytes, 1, data.size, f) != data.size)
        return 1;
    WebPDataClear(&data);
    WebPPictureFree(&pic);
    WebPAnimEncoderDelete(enc);
    free(rgb);
    return fclose(f) != 0;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: mkpicture claim|png|interlaced|jpeg|webp-anim OUT W H [...]\n");
        return 2;
    }
    const char *kind = argv[1], *out = argv[2];
    int w = atoi(argv[3]), h = atoi(argv[4]), progressive = 0, orientation = 0, noise = 0;
    for (int i = 5; i < argc; i++) {
        if (!strcmp(argv[i], "progressive"))
            progressive = 1;
        else if (!strcmp(argv[i], "noise"))
            noise = 1;
        else if (!strcmp(argv[i], "orientation") && i + 1 < argc)
            orientation = atoi(argv[++i]);
    }
    if (w <= 0 || h <= 0)
        return 2;
    int rc = 2;
    if (!strcmp(kind, "claim"))
        rc = make_claim(out, w, h);
    else if (!strcmp(kind, "png"))
        rc = make_png(out, w, h, noise, 0);
    else if (!strcmp(kind, "interlaced"))
        rc = make_png(out, w, h, noise, 1);
    else if (!strcmp(kind, "jpeg"))
        rc = make_jpeg(out, w, h, progressive, orientation, noise);
    else if (!strcmp(kind, "webp-anim"))
        rc = make_webp_anim(out, w, h);
    if (rc)
        fprintf(stderr, "mkpicture: cannot make %s\n", out);
    return rc;
}
