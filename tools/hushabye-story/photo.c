/* photo — an iPhone's HEIC photo turned into a JPEG the player can show.
 *
 * iPhones save photos as HEIC by default; the player opens PNG, JPEG, WebP and
 * SVG only, so `hushabye-story import` converts a HEIC picture once, here,
 * instead of teaching the player (and its memory ceiling) a video codec. The
 * bytes were sniffed as HEIC by the caller before they reach this file, and
 * only libheif's HEIC decoder is called on them: nothing guesses the format.
 * The size is read from the container (libheif's handle) and checked against
 * the player's own picture limits (probe.h) before a pixel is decoded, and
 * libheif's own size limit is set to the same side, so a file that lies about
 * its size is refused inside the library too. libheif applies the photo's
 * rotation and mirroring (irot/imir) while decoding, so the JPEG is upright.
 * A photo of more pixels than the player decodes at once (PROBE_MAX_PIXELS:
 * recent iPhones take 24 megapixels) is shrunk by a whole factor, each
 * output pixel the mean of a k x k box, in place in libheif's plane, so what
 * the player gets is as sharp as the screen can show and no more. libheif
 * has no scaled decoding, so the photo is decoded whole first: up to
 * PHOTO_MAX_DECODE pixels, about 200 MB for a moment in this tool (measured
 * for 24 megapixels), never in the player; a 48-megapixel photo is refused
 * with the advice to save it smaller.
 * The JPEG is written to memory with libjpeg (quality 92, the pixels of a
 * photo are kept; nothing about the place or the camera is carried over). */
#include "tool.h"

#include "probe.h"

#include <libheif/heif.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#define PHOTO_QUALITY 92
#define PHOTO_MAX_DECODE (25L * 1000L * 1000L) /* pixels: a 24-megapixel iPhone photo */

typedef struct {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
} PhotoJpegError;

static void photo_jpeg_fail(j_common_ptr cinfo)
{
    longjmp(((PhotoJpegError *)cinfo->err)->jump, 1);
}

/* Compress w x h interleaved RGB rows (stride bytes apart) to a JPEG in memory.
 * 0 ok, -1 when libjpeg fails (out of memory). */
static int photo_jpeg(const unsigned char *rgb, int stride, int w, int h,
                      unsigned char **out, size_t *len)
{
    struct jpeg_compress_struct c;
    PhotoJpegError err;
    unsigned char *buf = NULL;
    unsigned long size = 0;
    c.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = photo_jpeg_fail;
    if (setjmp(err.jump)) {
        jpeg_destroy_compress(&c);
        free(buf);
        return -1;
    }
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &buf, &size);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, PHOTO_QUALITY, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = (JSAMPROW)(rgb + (size_t)c.next_scanline * (size_t)stride);
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    *out = buf;
    *len = size;
    return 0;
}

/* The primary photo's size from the container, checked against the player's
 * limits before decoding. 0 ok, -1 with why. */
static int photo_size_ok(const struct heif_image_handle *h, char *why, size_t wlen)
{
    int w = heif_image_handle_get_width(h), hh = heif_image_handle_get_height(h);
    if (w <= 0 || hh <= 0) {
        snprintf(why, wlen, _("this photo says it has no size; it may be damaged"));
        return -1;
    }
    if (w > PROBE_MAX_SIDE || hh > PROBE_MAX_SIDE || (int64_t)w * hh > PHOTO_MAX_DECODE) {
        snprintf(why, wlen, _("this photo is %1$d x %2$d pixels (%3$.0f megapixels), larger than "
                 "the player shows (at most %4$d pixels a side and %5$.0f megapixels); save it "
                 "smaller on the phone or computer first"), w, hh, (double)w * hh / 1e6,
                 PROBE_MAX_SIDE, (double)PHOTO_MAX_DECODE / 1e6);
        return -1;
    }
    return 0;
}

/* Shrink w x h RGB rows (stride bytes apart) in place by the smallest whole
 * factor k that brings them within PROBE_MAX_PIXELS (probe_box_factor, asked
 * to cover the photo at its own size): each output pixel the mean of its
 * k x k box. Output row y is written over input row y, which its own box
 * (rows k*y and on) has been read from already, so no second buffer is
 * needed. The new size in *ow x *oh. */
static void photo_shrink(uint8_t *rgb, int stride, int w, int h, int *ow, int *oh)
{
    int k = probe_box_factor(w, h, w, h);
    *ow = w, *oh = h;
    if (k == 1)
        return;
    int nw = w / k, nh = h / k; /* whole boxes only: an edge of under k pixels goes */
    for (int y = 0; y < nh; y++) {
        uint8_t *out = rgb + (size_t)y * (size_t)stride;
        for (int x = 0; x < nw; x++) {
            unsigned sum[3] = { 0, 0, 0 };
            for (int j = 0; j < k; j++) {
                const uint8_t *in = rgb + (size_t)(y * k + j) * (size_t)stride + (size_t)x * k * 3;
                for (int i = 0; i < k; i++)
                    sum[0] += in[3 * i], sum[1] += in[3 * i + 1], sum[2] += in[3 * i + 2];
            }
            unsigned n = (unsigned)(k * k);
            for (int c = 0; c < 3; c++)
                out[3 * x + c] = (uint8_t)((sum[c] + n / 2) / n);
        }
    }
    *ow = nw, *oh = nh;
}

int photo_heic_to_jpeg(const unsigned char *data, size_t len, unsigned char **jpeg,
                       size_t *jpeg_len, char *why, size_t wlen)
{
    struct heif_context *ctx = heif_context_alloc();
    struct heif_image_handle *h = NULL;
    struct heif_image *img = NULL;
    int rc = -1;
    *jpeg = NULL;
    if (!ctx) {
        snprintf(why, wlen, _("not enough memory to open the photo"));
        return -1;
    }
    heif_context_set_maximum_image_size_limit(ctx, PROBE_MAX_SIDE);
    struct heif_error e = heif_context_read_from_memory_without_copy(ctx, data, len, NULL);
    if (e.code == heif_error_Ok)
        e = heif_context_get_primary_image_handle(ctx, &h);
    if (e.code != heif_error_Ok) {
        snprintf(why, wlen, _("this photo cannot be opened; it may be damaged or cut short "
                 "(copy it from the phone again)"));
    } else if (photo_size_ok(h, why, wlen) == 0) {
        e = heif_decode_image(h, &img, heif_colorspace_RGB, heif_chroma_interleaved_RGB,
                              NULL);
        int stride = 0;
        uint8_t *rgb = e.code == heif_error_Ok
            ? heif_image_get_plane(img, heif_channel_interleaved, &stride) : NULL;
        int w = img ? heif_image_get_width(img, heif_channel_interleaved) : 0;
        int hh = img ? heif_image_get_height(img, heif_channel_interleaved) : 0;
        if (!rgb || w <= 0 || hh <= 0 || w > PROBE_MAX_SIDE || hh > PROBE_MAX_SIDE ||
            (int64_t)w * hh > PHOTO_MAX_DECODE)
            snprintf(why, wlen, _("this photo cannot be decoded; it may be damaged (copy it "
                     "from the phone again, or save it as JPEG there)"));
        else {
            photo_shrink(rgb, stride, w, hh, &w, &hh);
            if (photo_jpeg(rgb, stride, w, hh, jpeg, jpeg_len) != 0)
                snprintf(why, wlen, _("not enough memory to save the photo as JPEG"));
            else
                rc = 0;
        }
    }
    if (img)
        heif_image_release(img);
    if (h)
        heif_image_handle_release(h);
    heif_context_free(ctx);
    return rc;
}
