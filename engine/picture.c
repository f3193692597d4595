/* picture — format-specific decoding within the memory caps (see picture.h).
 *
 * Each decoder writes straight into the RGBA output (no surface, no second
 * full-size copy) and checks the cancel flag once a row. libjpeg and libpng
 * report errors by longjmp from their own error handlers (libjpeg's default
 * would call exit()); everything a decoder allocates is reachable from a
 * struct that outlives the setjmp, so the error path frees it all. Nothing
 * here is global: each call has its own decoder state, so the player's
 * worker thread and the main thread can decode at the same time. */
#include "picture.h"

#include "i18n.h"

#include <SDL_image.h>
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h> /* after stdio.h: it needs FILE and size_t */
#include <png.h>
#include <webp/decode.h>
#include <webp/demux.h>

#include "layout.h"
#include "mem.h"
#include "piccache.h"
#include "probe.h"
#include "sniff.h"
#include "svgcheck.h"

/* libjpeg's own allocations (beyond the coefficients counted before) at most. */
#define PICTURE_JPEG_MEMORY (PROBE_MAX_PROGRESSIVE_BYTES + 16L * 1024 * 1024)

static int cancelled(SDL_atomic_t *cancel)
{
    return cancel && SDL_AtomicGet(cancel) != 0;
}

static int alloc_image(ComposeImage *out, int w, int h)
{
    out->w = w;
    out->h = h;
    out->px = hb_big_alloc((size_t)w * (size_t)h * 4);
    return out->px ? 0 : -1;
}

static PictureStatus too_many(PictureInfo *info, int w, int h)
{
    snprintf(info->why, sizeof info->why,
             _("this picture is %1$dx%2$d pixels (%3$.1f megapixels); pictures can be at most "
               "%4$.1f megapixels: make it smaller"), w, h, (double)w * h / 1e6, probe_max_megapixels());
    return PICTURE_TOO_MANY_PIXELS;
}

static PictureStatus damaged(PictureInfo *info, const char *lib, const char *msg)
{
    /* TRANSLATORS: %1$s is the decoding library's name (libpng, libjpeg),
       %2$s its own words or one of ours, as "the file ends early". */
    snprintf(info->why, sizeof info->why, _("it is damaged or cut short (%1$s: %2$s)"), lib,
             msg && msg[0] ? msg : _("cannot decode it"));
    return PICTURE_DAMAGED;
}

/* ---------------------------------------------------------------- JPEG */

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char first_warning[JMSG_LENGTH_MAX];
} JpegErr;

static void jpeg_fail(j_common_ptr c)
{
    longjmp(((JpegErr *)c->err)->jump, 1);
}

/* Warnings (corrupt data libjpeg works around) are kept, never printed. */
static void jpeg_note(j_common_ptr c, int level)
{
    JpegErr *e = (JpegErr *)c->err;
    if (level < 0 && e->first_warning[0] == '\0')
        c->err->format_message(c, e->first_warning);
    if (level < 0)
        e->pub.num_warnings++;
}

/* Where stored pixel (x, y) of a w x h JPEG goes, for EXIF orientation o. */
static size_t oriented(int o, int x, int y, int w, int h)
{
    int ow = probe_orientation_swaps(o) ? h : w, dx = x, dy = y;
    switch (o) {
    case 2: dx = w - 1 - x; break;
    case 3: dx = w - 1 - x; dy = h - 1 - y; break;
    case 4: dy = h - 1 - y; break;
    case 5: dx = y; dy = x; break;
    case 6: dx = h - 1 - y; dy = x; break;
    case 7: dx = h - 1 - y; dy = w - 1 - x; break;
    case 8: dx = y; dy = w - 1 - x; break;
    default: break;
    }
    return ((size_t)dy * ow + dx) * 4;
}

/* Bytes of coefficients a progressive JPEG keeps for its whole frame. */
static size_t jpeg_coef_bytes(const struct jpeg_decompress_struct *c)
{
    size_t total = 0;
    for (int i = 0; i < c->num_components; i++) {
        const jpeg_component_info *ci = &c->comp_info[i];
        size_t bw = ((size_t)c->image_width * ci->h_samp_factor +
                     (size_t)c->max_h_samp_factor * 8 - 1) / ((size_t)c->max_h_samp_factor * 8);
        size_t bh = ((size_t)c->image_height * ci->v_samp_factor +
                     (size_t)c->max_v_samp_factor * 8 - 1) / ((size_t)c->max_v_samp_factor * 8);
        total += (bw + ci->h_samp_factor) * (bh + ci->v_samp_factor) * DCTSIZE2 * 2;
    }
    return total;
}

/* One decoded scanline (RGBA, or inverted CMYK from Adobe) into the output. */
static void jpeg_put_row(const unsigned char *row, int cmyk, int o, int y, int w, int h,
                         ComposeImage *out)
{
    for (int x = 0; x < w; x++) {
        const unsigned char *s = row + (size_t)x * 4;
        uint8_t *d = out->px + oriented(o, x, y, w, h);
        if (cmyk) {
            d[0] = (uint8_t)(s[0] * s[3] / 255);
            d[1] = (uint8_t)(s[1] * s[3] / 255);
            d[2] = (uint8_t)(s[2] * s[3] / 255);
        } else {
            d[0] = s[0];
            d[1] = s[1];
            d[2] = s[2];
        }
        d[3] = 255;
    }
}

typedef struct {
    struct jpeg_decompress_struct c;
    JpegErr err;
    struct jpeg_progress_mgr progress;
    SDL_atomic_t *cancel;
    int stopped;              /* 1: cancelled, 2: too many scans (the progress monitor) */
    unsigned char *row;
} JpegJob;

/* A progressive JPEG is read scan by scan into its whole frame before a
 * row comes out, and each scan may sweep the frame: a few real ones have a
 * dozen, a made one thousands (minutes of work). libjpeg calls this as it
 * reads them: there the decode stops when it has been given up (cancel),
 * or when the scans are past any real picture's. */
#define PICTURE_JPEG_MAX_SCANS 200

static void jpeg_progress(j_common_ptr c)
{
    JpegJob *j = (JpegJob *)(void *)c;   /* c is the job's first member */
    if (cancelled(j->cancel))
        j->stopped = 1;
    else if (c->is_decompressor && ((j_decompress_ptr)c)->input_scan_number >
                                       PICTURE_JPEG_MAX_SCANS)
        j->stopped = 2;
    if (j->stopped)
        longjmp(j->err.jump, 1);
}

static PictureStatus jpeg_run(JpegJob *j, const unsigned char *data, size_t len, int fit_w,
                              int fit_h, SDL_atomic_t *cancel, ComposeImage *out,
                              PictureInfo *info)
{
    struct jpeg_decompress_struct *c = &j->c;
    jpeg_mem_src(c, data, (unsigned long)len);
    jpeg_read_header(c, TRUE);
    int o = probe_jpeg_orientation(data, len), swap = probe_orientation_swaps(o);
    int w = (int)c->image_width, h = (int)c->image_height;
    info->w = swap ? h : w;
    info->h = swap ? w : h;
    info->orientation = o;
    if (w > PROBE_MAX_SIDE || h > PROBE_MAX_SIDE)
        return PICTURE_TOO_LARGE;
    if (c->progressive_mode && jpeg_coef_bytes(c) > PROBE_MAX_PROGRESSIVE_BYTES) {
        double mp = (double)PROBE_MAX_PROGRESSIVE_BYTES / jpeg_coef_bytes(c) * w * h / 1e6;
        snprintf(info->why, sizeof info->why,
                 _("this picture is a progressive JPEG of %1$dx%2$d pixels (%3$.1f "
                   "megapixels); progressive JPEGs like it can be at most %4$.1f megapixels: "
                   "make it smaller or save it as a standard (baseline) JPEG"), info->w, info->h,
                 (double)w * h / 1e6, mp);
        return PICTURE_TOO_MANY_PIXELS;
    }
    int cmyk = c->jpeg_color_space == JCS_CMYK || c->jpeg_color_space == JCS_YCCK;
    c->out_color_space = cmyk ? JCS_CMYK : JCS_EXT_RGBA;
    c->scale_num = (unsigned)probe_jpeg_scale(w, h, swap, fit_w, fit_h);
    c->scale_denom = 8;
    c->dct_method = JDCT_ISLOW;
    jpeg_calc_output_dimensions(c);
    int ow = (int)c->output_width, oh = (int)c->output_height;
    if (probe_too_many_pixels(ow, oh))
        return too_many(info, info->w, info->h);
    info->reduced = ow < w;
    jpeg_start_decompress(c);
    j->row = malloc((size_t)ow * 4);
    if (!j->row || alloc_image(out, swap ? oh : ow, swap ? ow : oh) != 0)
        return PICTURE_NO_MEMORY;
    while (c->output_scanline < c->output_height) {
        if (cancelled(cancel))
            return PICTURE_CANCELLED;
        JSAMPROW r = j->row;
        int y = (int)c->output_scanline;
        if (jpeg_read_scanlines(c, &r, 1) != 1)
            return damaged(info, "libjpeg", _("no more lines"));
        jpeg_put_row(j->row, cmyk, o, y, ow, oh, out);
    }
    jpeg_finish_decompress(c);
    if (j->err.first_warning[0])
        snprintf(info->note, sizeof info->note, _("it is damaged in places (%s)"),
                 j->err.first_warning);
    return PICTURE_OK;
}

static PictureStatus decode_jpeg(const unsigned char *data, size_t len, int fit_w, int fit_h,
                                 SDL_atomic_t *cancel, ComposeImage *out, PictureInfo *info)
{
    JpegJob *j = calloc(1, sizeof *j);
    if (!j)
        return PICTURE_NO_MEMORY;
    PictureStatus st;
    j->c.err = jpeg_std_error(&j->err.pub);
    j->err.pub.error_exit = jpeg_fail;
    j->err.pub.emit_message = jpeg_note;
    j->cancel = cancel;
    j->progress.progress_monitor = jpeg_progress;
    if (setjmp(j->err.jump) == 0) {
        jpeg_create_decompress(&j->c);
        /* A backstop: a JPEG asking libjpeg for more than this fails. */
        j->c.mem->max_memory_to_use = PICTURE_JPEG_MEMORY;
        j->c.progress = &j->progress;
        st = jpeg_run(j, data, len, fit_w, fit_h, cancel, out, info);
    } else if (j->stopped == 1) {
        st = PICTURE_CANCELLED;
    } else if (j->stopped == 2) {
        st = damaged(info, "libjpeg", _("it has more progressive scans than any picture"));
    } else {
        char msg[JMSG_LENGTH_MAX];
        j->err.pub.format_message((j_common_ptr)&j->c, msg);
        st = damaged(info, "libjpeg", msg);
    }
    jpeg_destroy_decompress(&j->c);
    free(j->row);
    free(j);
    return st;
}

/* ---------------------------------------------------------------- PNG */

typedef struct {
    const unsigned char *data;
    size_t len, pos;
    char error[200];
    png_structp png;
    png_infop info;
    unsigned char *row;       /* one input row, RGBA */
    unsigned char **rows;     /* interlaced: the whole picture's rows */
    uint64_t *sums;           /* box filter: premultiplied sums for one output row */
    int read_all;             /* every row is in: damage after them costs no pixel */
} PngJob;

static void png_read_mem(png_structp png, png_bytep dst, png_size_t n)
{
    PngJob *j = png_get_io_ptr(png);
    if (n > j->len - j->pos)
        png_error(png, _("the file ends before the picture does"));
    memcpy(dst, j->data + j->pos, n);
    j->pos += n;
}

static void png_fail(png_structp png, png_const_charp msg)
{
    PngJob *j = png_get_error_ptr(png);
    snprintf(j->error, sizeof j->error, "%s", msg);
    png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* Any PNG as 8-bit RGBA rows. */
static void png_to_rgba(png_structp png, png_infop info)
{
    int type = png_get_color_type(png, info);
    if (png_get_bit_depth(png, info) == 16)
        png_set_strip_16(png);
    if (type == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(png);
    if (type == PNG_COLOR_TYPE_GRAY || type == PNG_COLOR_TYPE_GRAY_ALPHA)
        png_set_gray_to_rgb(png);
    if (png_get_bit_depth(png, info) < 8)
        png_set_expand(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_tRNS_to_alpha(png);
    else if (!(type & PNG_COLOR_MASK_ALPHA))
        png_set_filler(png, 0xFF, PNG_FILLER_AFTER);
}

/* Fold the sums of one band of rows (rows_in of them) into output row oy. */
static void box_emit(const uint64_t *sums, int ow, int k, int w, int rows_in, uint8_t *dst)
{
    for (int x = 0; x < ow; x++) {
        const uint64_t *s = sums + (size_t)x * 4;
        int cols = w - x * k < k ? w - x * k : k;
        uint64_t n = (uint64_t)cols * rows_in, a = s[3];
        for (int ch = 0; ch < 3; ch++)   /* sum(colour x alpha) / sum(alpha) */
            dst[x * 4 + ch] = (uint8_t)(a ? (s[ch] + a / 2) / a : 0);
        dst[x * 4 + 3] = (uint8_t)((a + n / 2) / n);
    }
}

/* Add one RGBA row, premultiplied by alpha, to the band's sums. */
static void box_add(uint64_t *sums, const unsigned char *row, int w, int k)
{
    for (int x = 0; x < w; x++) {
        const unsigned char *p = row + (size_t)x * 4;
        uint64_t *s = sums + (size_t)(x / k) * 4;
        s[0] += (uint64_t)p[0] * p[3];
        s[1] += (uint64_t)p[1] * p[3];
        s[2] += (uint64_t)p[2] * p[3];
        s[3] += p[3];
    }
}

/* Non-interlaced: read row by row, shrinking by k on the fly. */
static PictureStatus png_rows(PngJob *j, int w, int h, int k, SDL_atomic_t *cancel,
                              ComposeImage *out)
{
    int ow = (w + k - 1) / k, oh = (h + k - 1) / k;
    if (alloc_image(out, ow, oh) != 0)
        return PICTURE_NO_MEMORY;
    j->row = malloc((size_t)w * 4);
    j->sums = k > 1 ? calloc((size_t)ow * 4, sizeof *j->sums) : NULL;
    if (!j->row || (k > 1 && !j->sums))
        return PICTURE_NO_MEMORY;
    for (int y = 0; y < h; y++) {
        if (cancelled(cancel))
            return PICTURE_CANCELLED;
        if (k == 1) {
            png_read_row(j->png, out->px + (size_t)y * w * 4, NULL);
            continue;
        }
        png_read_row(j->png, j->row, NULL);
        box_add(j->sums, j->row, w, k);
        if (y % k == k - 1 || y == h - 1) {
            box_emit(j->sums, ow, k, w, y % k + 1, out->px + (size_t)(y / k) * ow * 4);
            memset(j->sums, 0, (size_t)ow * 4 * sizeof *j->sums);
        }
    }
    return PICTURE_OK;
}

/* Interlaced: whole only after the last pass, so decoded whole (within the cap). */
static PictureStatus png_whole(PngJob *j, int w, int h, ComposeImage *out, PictureInfo *info)
{
    if (probe_too_many_pixels(w, h)) {
        PictureStatus st = too_many(info, w, h);
        snprintf(info->why + strlen(info->why), sizeof info->why - strlen(info->why),
                 "%s", _(" (or save it without interlacing)"));
        return st;
    }
    if (alloc_image(out, w, h) != 0 || !(j->rows = malloc((size_t)h * sizeof *j->rows)))
        return PICTURE_NO_MEMORY;
    for (int y = 0; y < h; y++)
        j->rows[y] = out->px + (size_t)y * w * 4;
    png_read_image(j->png, j->rows);
    return PICTURE_OK;
}

static PictureStatus png_run(PngJob *j, int fit_w, int fit_h, SDL_atomic_t *cancel,
                             ComposeImage *out, PictureInfo *info)
{
    png_set_read_fn(j->png, j, png_read_mem);
    png_set_user_limits(j->png, PROBE_MAX_SIDE, PROBE_MAX_SIDE);
    png_read_info(j->png, j->info);
    int w = (int)png_get_image_width(j->png, j->info);
    int h = (int)png_get_image_height(j->png, j->info);
    info->w = w;
    info->h = h;
    png_to_rgba(j->png, j->info);
    int passes = png_set_interlace_handling(j->png);
    png_read_update_info(j->png, j->info);
    if (png_get_rowbytes(j->png, j->info) != (size_t)w * 4)
        return damaged(info, "libpng", _("an unexpected pixel layout"));
    if (passes > 1)
        return png_whole(j, w, h, out, info);
    int k = probe_box_factor(w, h, fit_w, fit_h);
    info->reduced = k > 1;
    PictureStatus st = png_rows(j, w, h, k, cancel, out);
    if (st == PICTURE_OK) {
        j->read_all = 1;
        png_read_end(j->png, NULL);
    }
    return st;
}

static PictureStatus decode_png(const unsigned char *data, size_t len, int fit_w, int fit_h,
                                SDL_atomic_t *cancel, ComposeImage *out, PictureInfo *info)
{
    PngJob *j = calloc(1, sizeof *j);
    if (!j)
        return PICTURE_NO_MEMORY;
    PictureStatus st = PICTURE_NO_MEMORY;
    j->data = data;
    j->len = len;
    j->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, j, png_fail, png_quiet);
    j->info = j->png ? png_create_info_struct(j->png) : NULL;
    if (j->info) {
        if (setjmp(png_jmpbuf(j->png)) == 0) {
            st = png_run(j, fit_w, fit_h, cancel, out, info);
        } else if (j->read_all) {
            /* A copy cut just short of its end marker (IEND), or with
             * damage after the pixels: the whole picture is there. */
            st = PICTURE_OK;
            snprintf(info->note, sizeof info->note, "%s", _("its end is missing or damaged, but "
                     "the whole picture is there; copy or save it again"));
        } else {
            st = damaged(info, "libpng", j->error);
        }
    }
    png_destroy_read_struct(j->png ? &j->png : NULL, j->info ? &j->info : NULL, NULL);
    free(j->row);
    free(j->rows);
    free(j->sums);
    free(j);
    return st;
}

/* ---------------------------------------------------------------- WebP */

/* An animation: its first frame, the whole canvas (within the cap). */
static PictureStatus webp_first_frame(const unsigned char *data, size_t len,
                                      ComposeImage *out, PictureInfo *info)
{
    WebPAnimDecoderOptions opt;
    WebPData wd = { data, len };
    WebPAnimInfo ai;
    uint8_t *frame = NULL;
    int ts = 0;
    if (!WebPAnimDecoderOptionsInit(&opt))
        return PICTURE_NO_MEMORY;
    opt.color_mode = MODE_RGBA;
    opt.use_threads = 0;
    WebPAnimDecoder *dec = WebPAnimDecoderNew(&wd, &opt);
    if (!dec)
        return damaged(info, "libwebp", _("its animation cannot be read"));
    PictureStatus st = PICTURE_OK;
    if (!WebPAnimDecoderGetInfo(dec, &ai) || !WebPAnimDecoderGetNext(dec, &frame, &ts))
        st = damaged(info, "libwebp", _("its first frame cannot be decoded"));
    else if (alloc_image(out, (int)ai.canvas_width, (int)ai.canvas_height) != 0)
        st = PICTURE_NO_MEMORY;
    else
        memcpy(out->px, frame, (size_t)out->w * out->h * 4);
    WebPAnimDecoderDelete(dec);
    if (st == PICTURE_OK) {
        info->animated = 1;
        snprintf(info->note, sizeof info->note, "%s",
                 _("it is an animated WebP: only its first frame is shown (save it as a still "
                   "picture to choose the frame)"));
    }
    return st;
}

static PictureStatus decode_webp(const unsigned char *data, size_t len, int fit_w, int fit_h,
                                 ComposeImage *out, PictureInfo *info)
{
    WebPDecoderConfig cfg;
    if (!WebPInitDecoderConfig(&cfg))
        return PICTURE_NO_MEMORY;
    if (WebPGetFeatures(data, len, &cfg.input) != VP8_STATUS_OK)
        return damaged(info, "libwebp", _("its header cannot be read"));
    int w = cfg.input.width, h = cfg.input.height;
    info->w = w;
    info->h = h;
    if (w > PROBE_MAX_SIDE || h > PROBE_MAX_SIDE)
        return PICTURE_TOO_LARGE;
    if (cfg.input.has_animation) {
        /* The demuxer holds the canvas twice (the frame and the one before). */
        if ((int64_t)w * h * 2 > PROBE_MAX_PIXELS)
            return too_many(info, w, h);
        return webp_first_frame(data, len, out, info);
    }
    LayoutRect lb = layout_letterbox(w, h, fit_w, fit_h);
    int ow = w, oh = h;
    if (fit_w > 0 && fit_h > 0 && lb.w > 0 && lb.w < w) {
        ow = lb.w;
        oh = lb.h;
    }
    while (probe_too_many_pixels(ow, oh) && ow > 1 && oh > 1) {
        ow = ow * 3 / 4 > 0 ? ow * 3 / 4 : 1;
        oh = oh * 3 / 4 > 0 ? oh * 3 / 4 : 1;
    }
    if (alloc_image(out, ow, oh) != 0)
        return PICTURE_NO_MEMORY;
    cfg.options.use_scaling = ow != w || oh != h;
    cfg.options.scaled_width = ow;
    cfg.options.scaled_height = oh;
    cfg.output.colorspace = MODE_RGBA;
    cfg.output.is_external_memory = 1;
    cfg.output.u.RGBA.rgba = out->px;
    cfg.output.u.RGBA.stride = ow * 4;
    cfg.output.u.RGBA.size = (size_t)ow * oh * 4;
    info->reduced = cfg.options.use_scaling;
    VP8StatusCode vs = WebPDecode(data, len, &cfg);
    WebPFreeDecBuffer(&cfg.output);
    if (vs == VP8_STATUS_OK)
        return PICTURE_OK;
    return damaged(info, "libwebp", vs == VP8_STATUS_NOT_ENOUGH_DATA ? _("the file ends early")
                                    : vs == VP8_STATUS_UNSUPPORTED_FEATURE
                                        ? _("a feature it does not support") : _("bad data"));
}

/* ---------------------------------------------------------------- SVG */

/* The cache of drawings: set once before any decode, only read afterwards. */
static char cache_dir[4096], cache_drawer[64];
static SDL_atomic_t cache_hits, cache_stores, photo_hits, photo_stores;

void picture_set_cache(const char *dir)
{
    const SDL_version *v = IMG_Linked_Version();
    snprintf(cache_dir, sizeof cache_dir, "%s", dir ? dir : "");
    /* The drawer's version is part of every entry: a newer SDL_image draws
     * again. "svg 1" is this file's own way (the size asked, the column cut). */
    snprintf(cache_drawer, sizeof cache_drawer, "SDL_image %d.%d.%d svg 1", v->major, v->minor,
             v->patch);
}

void picture_cache_counts(int *hits, int *stores, int *photo_hits_out, int *photo_stores_out)
{
    *hits = SDL_AtomicGet(&cache_hits);
    *stores = SDL_AtomicGet(&cache_stores);
    *photo_hits_out = SDL_AtomicGet(&photo_hits);
    *photo_stores_out = SDL_AtomicGet(&photo_stores);
}

/* The top-left w x h of a surface as tightly packed RGBA; palette surfaces
 * go through a conversion. */
static int surface_to_image(SDL_Surface *s, int w, int h, ComposeImage *out)
{
    if (alloc_image(out, w, h) != 0)
        return -1;
    if (SDL_ConvertPixels(w, h, s->format->format, s->pixels, s->pitch,
                          SDL_PIXELFORMAT_RGBA32, out->px, w * 4) == 0)
        return 0;
    compose_free(out);
    return -1;
}

/* svgcheck's verdict in a picture's words. */
static PictureStatus svg_refused(SvgCheckStatus sc, const SvgCheckCounts *counts,
                                 PictureInfo *info)
{
    char words[200];
    svgcheck_describe(sc, counts, words, sizeof words);
    /* TRANSLATORS: %s says what the drawing has too much of, as "it has
       more than 20000 elements; ..." (svgcheck's words). */
    snprintf(info->why, sizeof info->why, _("this drawing is too complex to draw: %s"), words);
    if (sc == SVGCHECK_BAD_SIZE || sc == SVGCHECK_NO_SIZE || sc == SVGCHECK_TOO_BIG)
        snprintf(info->why, sizeof info->why, _("this drawing cannot be drawn: %s"), words);
    return PICTURE_TOO_COMPLEX;
}

static PictureStatus decode_svg_checked(const unsigned char *source,
                                        const unsigned char *draw, size_t len, int fit_w,
                                        int fit_h, ComposeImage *out, PictureInfo *info);

static PictureStatus decode_svg(const unsigned char *data, size_t len, int fit_w, int fit_h,
                                ComposeImage *out, PictureInfo *info)
{
    SvgCheckCounts counts;
    SvgCheckStatus sc = svgcheck_scan(data, len, &counts);
    unsigned char *plain = NULL; /* the drawing with its dashes made plain lines */
    if (sc == SVGCHECK_TOO_DASHED && (plain = malloc(len)) != NULL) {
        memcpy(plain, data, len);
        svgcheck_undash(plain, len);
        sc = svgcheck_scan(plain, len, &counts);
        /* TRANSLATORS: a note on a drawing that is still shown. */
        snprintf(info->note, sizeof info->note, "%s", _("its dashed lines are drawn as plain "
                 "lines: the dashes are too fine to draw"));
    }
    if (sc != SVGCHECK_OK) {
        free(plain);
        return svg_refused(sc, &counts, info);
    }
    if (counts.cut && !info->note[0])
        /* nanosvg draws what it read: a copy stopped short shows in part */
        snprintf(info->note, sizeof info->note, "%s", _("this drawing is cut short: its end is "
                 "missing, so part of it may not show; copy or save it again"));
    PictureStatus st = decode_svg_checked(data, plain ? plain : data, len, fit_w, fit_h, out,
                                          info);
    free(plain);
    return st;
}

/* decode_svg's drawing, once svgcheck has passed it: source (the file's
 * bytes) names it in the cache, draw is what nanosvg gets. */
static PictureStatus decode_svg_checked(const unsigned char *source,
                                        const unsigned char *draw, size_t len, int fit_w,
                                        int fit_h, ComposeImage *out, PictureInfo *info)
{
    const unsigned char *data = source;
    if (len > INT_MAX)
        return PICTURE_TOO_LARGE;
    /* The screen's size, but never more pixels than the cap. */
    while (probe_too_many_pixels(fit_w, fit_h) && fit_w > 1 && fit_h > 1)
        fit_w /= 2, fit_h /= 2;
    PicCache cache = { cache_dir[0] ? cache_dir : NULL, cache_drawer, 0 };
    PicSource key = { 0, { 0 } };
    if (cache.dir) /* the bytes are hashed once, for the look and the keeping */
        piccache_source(data, len, &key);
    int cw, ch;
    uint8_t *cpx;
    if (piccache_load_source(&cache, &key, fit_w, fit_h, &cw, &ch, &cpx, NULL) == 1) {
        /* drawn on an earlier night from exactly these bytes at this size */
        out->px = cpx;
        out->w = info->w = cw;
        out->h = info->h = ch;
        SDL_AtomicIncRef(&cache_hits);
        return PICTURE_OK;
    }
    SDL_RWops *rw = SDL_RWFromConstMem(draw, (int)len);
    if (!rw)
        return PICTURE_NO_MEMORY;
    SDL_Surface *s = IMG_LoadSizedSVG_RW(rw, fit_w, fit_h);
    SDL_RWclose(rw);
    if (!s)
        return damaged(info, "SDL_image", IMG_GetError());
    PictureStatus st = PICTURE_OK;
    /* SDL_image rounds the size it draws up: a 1600 x 1000 drawing asked at
     * 1920 x 1200 comes 1921 wide (1600 x 1.2f is a hair over 1920). That
     * column lies past the drawing's edge at the scale asked, so it is left
     * out, and the picture fits the screen as it is instead of being
     * resampled whole for one column (at 1920 x 1200, twice the drawing's
     * own time). */
    int w = s->w == fit_w + 1 ? fit_w : s->w, h = s->h == fit_h + 1 ? fit_h : s->h;
    if (w <= 0 || h <= 0 || probe_too_many_pixels(w, h))
        st = damaged(info, "SDL_image", _("it drew nothing"));
    else if (surface_to_image(s, w, h, out) != 0)
        st = PICTURE_NO_MEMORY;
    info->w = w;
    info->h = h;
    SDL_FreeSurface(s);
    if (st == PICTURE_OK && cache.dir &&
        piccache_store_source(&cache, &key, fit_w, fit_h, out->w, out->h, out->px, NULL) == 0)
        SDL_AtomicIncRef(&cache_stores);
    return st;
}

/* ---------------------------------------------------------------- kept photographs */

/* A photograph is kept from night to night where decoding it again costs
 * several times reading its pixels back (docs/cheap.md measures both): any
 * JPEG, PNG or WebP of a quarter of the screen's pixels or more, decoded
 * (reduced by libjpeg or libpng where it is larger) and then fitted to its
 * letterbox by stb_image_resize, which alone costs more than the read-back.
 * A JPEG that is already its letterbox's size is shown as decoded, in about
 * the time reading it back would take, and is not written to the flash for
 * nothing. */
static int photo_worth_keeping(SniffKind kind, int pw, int ph, int fit_w, int fit_h)
{
    if (!cache_dir[0] || fit_w <= 0 || fit_h <= 0 || pw <= 0 || ph <= 0)
        return 0;
    if ((double)pw * ph < (double)fit_w * fit_h / 4.0)
        return 0;
    if (kind != SNIFF_JPEG)
        return 1;
    /* either way up: the header's size is as stored, before its EXIF turn */
    LayoutRect as = layout_letterbox(pw, ph, fit_w, fit_h);
    LayoutRect turned = layout_letterbox(ph, pw, fit_w, fit_h);
    return !((as.w == pw && as.h == ph) || (turned.w == ph && turned.h == pw));
}

/* The decoder's name and version for a photograph's entry: a newer library
 * decodes again. "photo 1" is this file's own way (the reductions of
 * probe_jpeg_scale and probe_box_factor, the orientation, the RGBA rows),
 * "stbir" compose_scale's (the libstb it is built with is fixed per build,
 * as its filters are): change them when they change. */
static void photo_drawer(SniffKind kind, char *out, size_t len)
{
    if (kind == SNIFF_JPEG) {
#ifdef LIBJPEG_TURBO_VERSION_NUMBER
        snprintf(out, len, "libjpeg-turbo %d photo 1 stbir", LIBJPEG_TURBO_VERSION_NUMBER);
#else
        snprintf(out, len, "libjpeg %d photo 1 stbir", JPEG_LIB_VERSION);
#endif
    } else if (kind == SNIFF_PNG) {
        snprintf(out, len, "libpng %lu photo 1 stbir", (unsigned long)png_access_version_number());
    } else {
        snprintf(out, len, "libwebp %d photo 1 stbir", WebPGetDecoderVersion());
    }
}

/* img turned upright by EXIF orientation o (a JPEG's is turned as it is
 * decoded, row by row). 0, or -1 without memory (img as it was). */
static int turn_upright(ComposeImage *img, int o)
{
    if (o <= 1 || o > 8 || !img->px)
        return 0;
    ComposeImage up;
    int swap = probe_orientation_swaps(o);
    if (alloc_image(&up, swap ? img->h : img->w, swap ? img->w : img->h) != 0)
        return -1;
    for (int y = 0; y < img->h; y++)
        for (int x = 0; x < img->w; x++)
            memcpy(up.px + oriented(o, x, y, img->w, img->h),
                   img->px + ((size_t)y * img->w + x) * 4, 4);
    compose_free(img);
    *img = up;
    return 0;
}

static PictureStatus decode_kind(SniffKind kind, const unsigned char *data, size_t len,
                                 int fit_w, int fit_h, SDL_atomic_t *cancel, ComposeImage *out,
                                 PictureInfo *info)
{
    if (kind == SNIFF_JPEG)
        return decode_jpeg(data, len, fit_w, fit_h, cancel, out, info);
    int o = kind == SNIFF_PNG ? probe_png_orientation(data, len)
                              : probe_webp_orientation(data, len);
    /* Decoded for the box the picture fits once turned. */
    int swap = probe_orientation_swaps(o);
    PictureStatus st = kind == SNIFF_PNG
        ? decode_png(data, len, swap ? fit_h : fit_w, swap ? fit_w : fit_h, cancel, out, info)
        : decode_webp(data, len, swap ? fit_h : fit_w, swap ? fit_w : fit_h, out, info);
    if (st != PICTURE_OK || o == 1)
        return st;
    if (turn_upright(out, o) != 0)
        return PICTURE_NO_MEMORY;
    info->orientation = o;
    if (swap) {
        int t = info->w;
        info->w = info->h;
        info->h = t;
    }
    return PICTURE_OK;
}

/* A JPEG, PNG or WebP of pw x ph (its header's size). For a page (page
 * set) one worth keeping is read back from the cache when an earlier night
 * decoded these bytes for this screen, or else decoded, fitted to its
 * letterbox as compose would fit it (so the nights after skip the scaling
 * too, and the entry holds only the pixels shown) and, when whole (a damaged
 * picture's or an animated one's note is for the parent every night), kept.
 * Any other is decoded as it is. */
static PictureStatus decode_photo(SniffKind kind, const unsigned char *data, size_t len,
                                  int pw, int ph, int fit_w, int fit_h, int page,
                                  SDL_atomic_t *cancel, ComposeImage *out, PictureInfo *info)
{
    if (!page || !photo_worth_keeping(kind, pw, ph, fit_w, fit_h))
        return decode_kind(kind, data, len, fit_w, fit_h, cancel, out, info);
    char drawer[64];
    photo_drawer(kind, drawer, sizeof drawer);
    PicCache cache = { cache_dir, drawer, 0 };
    PicSource key;
    piccache_source(data, len, &key);
    uint32_t facts[PICCACHE_FACTS];
    int cw, ch;
    uint8_t *cpx;
    if (piccache_load_source(&cache, &key, fit_w, fit_h, &cw, &ch, &cpx, facts) == 1) {
        out->px = cpx;
        out->w = cw;
        out->h = ch;
        info->w = (int)facts[0];
        info->h = (int)facts[1];
        info->orientation = (int)facts[2];
        info->reduced = facts[3] != 0;
        SDL_AtomicIncRef(&photo_hits);
        return PICTURE_OK;
    }
    PictureStatus st = decode_kind(kind, data, len, fit_w, fit_h, cancel, out, info);
    if (st != PICTURE_OK)
        return st;
    LayoutRect fit = layout_letterbox(out->w, out->h, fit_w, fit_h);
    if (fit.w > 0 && fit.h > 0 && (fit.w != out->w || fit.h != out->h)) {
        ComposeImage fitted;
        if (compose_scale(out, fit.w, fit.h, &fitted) != 0)
            return PICTURE_NO_MEMORY; /* the caller frees out */
        compose_free(out);
        *out = fitted;
    }
    if (info->note[0] || info->animated)
        return st;
    facts[0] = (uint32_t)info->w;
    facts[1] = (uint32_t)info->h;
    facts[2] = (uint32_t)info->orientation;
    facts[3] = (uint32_t)(info->reduced != 0);
    if (piccache_store_source(&cache, &key, fit_w, fit_h, out->w, out->h, out->px, facts) == 0)
        SDL_AtomicIncRef(&photo_stores);
    return st;
}

/* ---------------------------------------------------------------- public */

static PictureStatus not_a_picture(SniffKind kind, PictureInfo *info)
{
    snprintf(info->why, sizeof info->why,
             _("not a picture this player can open (it looks like %s)"), sniff_name(kind));
    return PICTURE_NOT_A_PICTURE;
}

PictureStatus picture_precheck(const unsigned char *head, size_t got, size_t file_len,
                               PictureInfo *info)
{
    memset(info, 0, sizeof *info);
    info->orientation = 1;
    SniffKind kind = sniff_bytes(head, got < SNIFF_HEAD ? got : SNIFF_HEAD);
    if (!head || !sniff_is_picture(kind))
        return not_a_picture(kind, info);
    if (kind == SNIFF_SVG && file_len > SVGCHECK_MAX_BYTES) {
        SvgCheckCounts counts;
        memset(&counts, 0, sizeof counts);
        counts.bytes = file_len;
        return svg_refused(SVGCHECK_TOO_BIG, &counts, info);
    }
    return PICTURE_OK;
}

static PictureStatus decode_any(const unsigned char *data, size_t len, int fit_w, int fit_h,
                                int page, SDL_atomic_t *cancel, ComposeImage *out,
                                PictureInfo *info)
{
    memset(out, 0, sizeof *out);
    memset(info, 0, sizeof *info);
    info->orientation = 1;
    SniffKind kind = sniff_bytes(data, len < SNIFF_HEAD ? len : SNIFF_HEAD);
    if (!data || !sniff_is_picture(kind))
        return not_a_picture(kind, info);
    /* The header's size first: a side over the limit is refused unread. */
    int pw = 0, ph = 0;
    PictureStatus st;
    if (kind != SNIFF_SVG && probe_picture(data, len, &pw, &ph) == PROBE_OK &&
        probe_too_large(pw, ph)) {
        info->w = pw;
        info->h = ph;
        st = PICTURE_TOO_LARGE;
    } else if (kind == SNIFF_JPEG || kind == SNIFF_PNG || kind == SNIFF_WEBP) {
        st = decode_photo(kind, data, len, pw, ph, fit_w, fit_h, page, cancel, out, info);
    } else {
        st = decode_svg(data, len, fit_w, fit_h, out, info);
    }
    if (st == PICTURE_TOO_LARGE)
        snprintf(info->why, sizeof info->why,
                 _("this picture is %1$dx%2$d pixels, larger than %3$dx%4$d: make it smaller "
                   "(2048 pixels wide is plenty)"), info->w, info->h, PROBE_MAX_SIDE, PROBE_MAX_SIDE);
    if (st == PICTURE_NO_MEMORY)
        snprintf(info->why, sizeof info->why, "%s", _("there was not enough memory to open it"));
    if (st == PICTURE_CANCELLED)
        snprintf(info->why, sizeof info->why, "%s", _("it was given up"));
    if (st != PICTURE_OK)
        compose_free(out);
    return st;
}

PictureStatus picture_decode(const unsigned char *data, size_t len, int fit_w, int fit_h,
                             SDL_atomic_t *cancel, ComposeImage *out, PictureInfo *info)
{
    return decode_any(data, len, fit_w, fit_h, 0, cancel, out, info);
}

PictureStatus picture_decode_page(const unsigned char *data, size_t len, int fit_w, int fit_h,
                                  SDL_atomic_t *cancel, ComposeImage *out, PictureInfo *info)
{
    return decode_any(data, len, fit_w, fit_h, 1, cancel, out, info);
}
