/* probe — a picture's width and height from its header, before any decoding.
 *
 * A story folder may hold a 100000x100000 PNG of a few kilobytes that would
 * cost gigabytes to decode. The player and the checker ask the header first:
 * PNG's IHDR, JPEG's SOFn marker, WebP's VP8/VP8L/VP8X chunk, SVG's width,
 * height or viewBox. Pure and bounded: bytes in, a size out, no allocation,
 * every read checked against the length given.
 *
 * The limits on what is decoded live here, once, for the player and the
 * checker: a side, and the pixels held at once. A picture over the pixel cap
 * is decoded at a reduced scale where its format allows (JPEG by libjpeg's
 * scaled decoding, PNG read row by row into a box-filtered smaller image,
 * WebP by libwebp's scaling): probe_jpeg_scale and probe_box_factor choose
 * the scale from what the screen needs. A JPEG's EXIF orientation is read
 * here too, so a phone photo is shown upright and its size reported turned. */
#ifndef HUSHABYE_PROBE_H
#define HUSHABYE_PROBE_H

#include <stddef.h>

#include "caps.h"

#define PROBE_MAX_SIDE  LIMIT_PICTURE_SIDE  /* pixels a side the player decodes at most */
/* Pixels decoded at once, at most: 12.6 megapixels (48 MiB as RGBA). With the
 * player's three screen-sized pages and its own ~35 MB, a picture at the cap,
 * its scaled copy and a 1920x1200 page stay under the 150 MB ceiling. */
#define PROBE_MAX_PIXELS (4096L * 3072L)
/* A progressive JPEG is held whole inside libjpeg as coefficients, 2 bytes
 * each, at any output scale: 3 bytes a pixel with colour at half resolution
 * (the usual 4:2:0), 6 at full. Such JPEGs are refused when they would need
 * more than this: about 14 megapixels at 4:2:0, 7 at 4:4:4. */
#define PROBE_MAX_PROGRESSIVE_BYTES (40L * 1024L * 1024L)
#define PROBE_SVG_SCAN  65536    /* bytes of an SVG searched for its <svg> tag */

typedef enum {
    PROBE_OK,          /* *w and *h set */
    PROBE_UNKNOWN,     /* not a PNG, JPEG, WebP or SVG */
    PROBE_TRUNCATED,   /* the header stops before it gives the size */
    PROBE_BAD,         /* the header is malformed (no size, zero size, out of order) */
    PROBE_NO_SIZE      /* an SVG that states no size: drawn at whatever size is asked */
} ProbeStatus;

/* Width and height of the picture in buf[0..len), for len as much of the file as
 * the caller has (a JPEG's size may come after large metadata, so the whole file
 * is best). *w and *h are set only with PROBE_OK; SVG sizes are rounded up
 * (units cm, mm, in, pt, pc converted at 96 per inch). */
ProbeStatus probe_picture(const unsigned char *buf, size_t len, int *w, int *h);

/* Is the picture too large to decode (either side over PROBE_MAX_SIDE)? */
int probe_too_large(int w, int h);
/* Does w x h hold more than PROBE_MAX_PIXELS (or is either side <= 0)? */
int probe_too_many_pixels(int w, int h);
/* The cap in megapixels, for messages ("at most 12.6 megapixels"). */
double probe_max_megapixels(void);

/* The EXIF orientation (1..8, 1 = upright) of the JPEG in buf[0..len): the
 * tag 0x0112 of IFD0 in its APP1 "Exif" block, found before the image data.
 * 1 when there is none or it cannot be read; never reads past len. */
int probe_jpeg_orientation(const unsigned char *buf, size_t len);
/* The same from one APP1 segment's payload (after its length field). */
int probe_exif_orientation(const unsigned char *app1, size_t len);
/* The same for a PNG's eXIf chunk and a WebP's EXIF chunk (phones and
 * galleries write them too): 1..8, 1 when there is none or it is damaged. */
int probe_png_orientation(const unsigned char *buf, size_t len);
int probe_webp_orientation(const unsigned char *buf, size_t len);
/* Does orientation o (1..8) turn the picture a quarter (width and height swap)? */
int probe_orientation_swaps(int o);

/* The scale (numerator over 8, 1..8) at which libjpeg should decode a w x h
 * JPEG for a fit_w x fit_h screen: the smallest whose size (rounded up as
 * libjpeg does) still covers the picture's letterbox on that screen, made
 * smaller again while it holds more than PROBE_MAX_PIXELS. w and h are the
 * stored (unturned) size; swap says the picture is shown turned a quarter. */
int probe_jpeg_scale(int w, int h, int swap, int fit_w, int fit_h);
/* The box factor k >= 1 by which a w x h picture read row by row is shrunk
 * (output ceil(w/k) x ceil(h/k)): the largest whose result still covers the
 * letterbox on fit_w x fit_h, made larger while it holds more than
 * PROBE_MAX_PIXELS. */
int probe_box_factor(int w, int h, int fit_w, int fit_h);

/* Plain words for a status, fitting "the picture %s". */
const char *probe_status_text(ProbeStatus st);

#endif
