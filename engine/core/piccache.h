/* piccache — a picture drawn or decoded once is kept for the next night.
 *
 * On a tablet without a GPU the dearest thing a page does is making its
 * picture: drawing its SVG (SDL_image's rasteriser, tens of milliseconds a
 * page) or decoding a phone's photograph (a 12-megapixel JPEG is about 0.1 s
 * of a fast core, a PNG of that size three times as much, and a cheap
 * tablet's core is several times slower), all on the CPU, in one piece. A
 * family plays the same few books night after night at the same screen size,
 * so each picture's pixels are kept, compressed with zstd (the bundled
 * drawings come to 70-120 KB from 4 MB, a photograph to half or less), in the
 * user's cache folder ($XDG_CACHE_HOME/hushabye/pictures, by default
 * ~/.cache/hushabye/pictures), and read back in a few milliseconds.
 *
 * An entry is found by a 64-bit hash of what made it (the drawer's name and
 * version, the size asked for, the SHA-256 of the source's bytes) and holds
 * that SHA-256 itself: a hit is a match of the whole source by a hash no one
 * can make two files share, never a 64-bit hash's say-so, so no folder can
 * make another's page show its picture. The file is read strictly (magic,
 * sizes within limits, zstd's own checksum, the exact pixel count); anything
 * else is a miss and the picture is made again. Entries are written to a
 * temporary file and renamed into place, not synced: a cache lost to a power
 * cut costs one picture, and an SD card is spared the writes. The folder is
 * kept under a size cap, the entries used longest ago removed first.
 *
 * Pure C (zstd, nettle's SHA-256, POSIX files); no SDL. */
#ifndef HUSHABYE_PICCACHE_H
#define HUSHABYE_PICCACHE_H

#include <stddef.h>
#include <stdint.h>

/* The folder's size cap by default: a few hundred drawn pages, or a few
 * photograph books (a photograph at 1280 x 800 is 1-3 MB), at tablet sizes. */
#define PICCACHE_DEFAULT_CAP ((size_t)256 * 1024 * 1024)
/* What the caller keeps beside the pixels (the picture's own size, its
 * orientation...): numbers piccache stores and gives back, never reads. */
#define PICCACHE_FACTS 4
/* The largest picture an entry may hold (as picture.c's own cap). */
#define PICCACHE_MAX_PIXELS ((size_t)40 * 1000 * 1000)

typedef struct {
    const char *dir;     /* the cache folder (made when first written); NULL = none */
    const char *drawer;  /* what draws: name and version, e.g. "SDL_image 2.6.3" */
    size_t cap;          /* bytes the folder may hold; 0 = PICCACHE_DEFAULT_CAP */
} PicCache;

/* The cache folder under the XDG cache home (or HOME/.cache) into out:
 * ".../hushabye/pictures". 0, or -1 when no home is known or out is short. */
int piccache_default_dir(char *out, size_t outlen);

/* What names a source: its length and SHA-256. A picture looked for and,
 * on a miss, made and kept reads its source's bytes once this way instead
 * of once for each call (a photograph's 5 MB cost a few milliseconds a
 * time, several times that on a tablet's core without SHA instructions). */
typedef struct {
    size_t len;
    uint8_t sha256[32];
} PicSource;

/* The name of src (len bytes), for the _source calls below. */
void piccache_source(const void *src, size_t len, PicSource *out);

/* Look for the picture src (len bytes) made for fit_w x fit_h. 1 on a hit:
 * *px (malloc'ed RGBA, *w x *h) and facts (may be NULL) are what
 * piccache_store was given; 0 on a miss (nothing allocated, facts zero).
 * Never fails otherwise: a bad entry is a miss. */
int piccache_load(const PicCache *c, const void *src, size_t len, int fit_w, int fit_h,
                  int *w, int *h, uint8_t **px, uint32_t facts[PICCACHE_FACTS]);

/* Keep the w x h RGBA pixels made from src for fit_w x fit_h, and facts
 * (NULL: zeros). Makes the folder (0700) when missing, writes atomically,
 * then trims the folder to its cap. 0, or -1 (nothing is left half-written). */
int piccache_store(const PicCache *c, const void *src, size_t len, int fit_w, int fit_h,
                   int w, int h, const uint8_t *px, const uint32_t facts[PICCACHE_FACTS]);

/* The same two, for a source named by piccache_source. */
int piccache_load_source(const PicCache *c, const PicSource *src, int fit_w, int fit_h,
                         int *w, int *h, uint8_t **px, uint32_t facts[PICCACHE_FACTS]);
int piccache_store_source(const PicCache *c, const PicSource *src, int fit_w, int fit_h,
                          int w, int h, const uint8_t *px, const uint32_t facts[PICCACHE_FACTS]);

/* The entry's file name for src (hex of the hash + ".hpc") into out. */
void piccache_name(const PicCache *c, const void *src, size_t len, int fit_w, int fit_h,
                   char out[32]);

#endif
