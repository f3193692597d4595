/* picture — the one way a picture is decoded, by the player and the checker.
 *
 * The bytes are sniffed first and go to the one decoder for that format:
 * never IMG_Load's auto-detection, which also reaches decoders (XCF, PCX,
 * TGA...) with a history of security bugs that have no business reading a
 * story folder. Memory is bounded by the limits in probe.h: a side, and the
 * pixels held at once. Where the format allows, a picture larger than the
 * screen needs is decoded reduced instead of refused:
 *   JPEG  libjpeg directly, scaled decoding (1/8..8/8) to the smallest scale
 *         that still covers the screen, scanline by scanline, upright by its
 *         EXIF orientation; progressive JPEGs (held whole inside libjpeg)
 *         within PROBE_MAX_PROGRESSIVE_BYTES of coefficients;
 *   PNG   libpng row by row, box-filtered on the fly into the smaller image
 *         (one row plus the output in memory); interlaced PNGs must be
 *         within the pixel cap, as they are only whole after the last pass;
 *   WebP  libwebp with its own scaling; an animation shows its first frame;
 *   SVG   checked by svgcheck (size, elements, points) before nanosvg (in
 *         SDL_image) rasterises it at the screen's size.
 * The result is tightly packed RGBA, the compositor's format. */
#ifndef HUSHABYE_PICTURE_H
#define HUSHABYE_PICTURE_H

#include <SDL.h>
#include <stddef.h>

#include "compose.h"

typedef enum {
    PICTURE_OK,
    PICTURE_NOT_A_PICTURE,    /* the bytes are something else (why names it) */
    PICTURE_DAMAGED,          /* the decoder gave up: damaged or cut short */
    PICTURE_TOO_LARGE,        /* a side over PROBE_MAX_SIDE */
    PICTURE_TOO_MANY_PIXELS,  /* over the pixel cap and not reducible */
    PICTURE_TOO_COMPLEX,      /* an SVG over the drawing limits or of no real size */
    PICTURE_NO_MEMORY,
    PICTURE_CANCELLED         /* *cancel was set while decoding */
} PictureStatus;

typedef struct {
    int w, h;                 /* the picture's own size, upright (0 = unknown) */
    int orientation;          /* the EXIF orientation applied (1 = as stored) */
    int reduced;              /* decoded smaller than its own size */
    int animated;             /* an animated WebP: only its first frame */
    char why[320];            /* not OK: plain words fitting "picture not shown: %s" */
    char note[320];           /* OK: what a parent should still know ("" = nothing) */
} PictureInfo;

/* Decode data[0..len) as a picture for a fit_w x fit_h screen (<= 0: its
 * own size, within the caps). out gets RGBA pixels at most PROBE_MAX_PIXELS
 * (free with compose_free); SVG is rasterised to fit, keeping its aspect
 * ratio; other pictures come at their own size or reduced, never enlarged.
 * cancel (may be NULL) is read between rows: once non-zero the decode stops
 * with PICTURE_CANCELLED. info is always filled. Safe to call from any
 * thread, and from several at once. */
PictureStatus picture_decode(const unsigned char *data, size_t len, int fit_w, int fit_h,
                             SDL_atomic_t *cancel, ComposeImage *out, PictureInfo *info);

/* The same for a page's picture, shown letterboxed in fit_w x fit_h: a
 * photograph worth keeping (a JPEG, PNG or WebP of a quarter of the screen's
 * pixels or more, but not a JPEG already of its letterbox's size, which is
 * shown as decoded) comes already fitted to its
 * letterbox (layout_letterbox, scaled by compose_scale: the pixels compose
 * would make of it), from the cache when an earlier night kept it; any
 * other picture as picture_decode gives it. */
PictureStatus picture_decode_page(const unsigned char *data, size_t len, int fit_w, int fit_h,
                                  SDL_atomic_t *cancel, ComposeImage *out, PictureInfo *info);

/* Before a picture file is read whole: head[0..got) its first bytes
 * (SNIFF_HEAD is enough), file_len its length. PICTURE_OK when it is worth
 * reading; else info->why says why not, as picture_decode would have, so a
 * 60 MB file that is no picture, or a drawing over its cap, is never read. */
PictureStatus picture_precheck(const unsigned char *head, size_t got, size_t file_len,
                               PictureInfo *info);

/* Keep SVG drawings rasterised, and large photographs decoded, in dir from
 * night to night (piccache.h), or not (dir NULL or ""). Called once, before
 * any picture is decoded: the player calls it; hushabye-story does not, so
 * checking a folder leaves no trace of it. */
void picture_set_cache(const char *dir);
/* Drawings read from the cache and stored in it since the start, and the
 * same for photographs. */
void picture_cache_counts(int *hits, int *stores, int *photo_hits, int *photo_stores);

#endif
