/* piccache — a drawing rasterised once is kept for the next night.
 *
 * On a tablet without a GPU the dearest thing a page does is drawing its SVG
 * (SDL_image's rasteriser, tens of milliseconds a page, all on the CPU, in one
 * piece). A family plays the same few books night after night at the same
 * screen size, so each drawing's pixels are kept, compressed with zstd (the
 * bundled pages come to 70-120 KB from 4 MB), in the user's cache folder
 * ($XDG_CACHE_HOME/hushabye/pictures, by default ~/.cache/hushabye/pictures),
 * and read back in about a millisecond.
 *
 * An entry is found by a 64-bit hash of what made it (the drawer's name and
 * version, the size asked for, the drawing's bytes) and holds those bytes
 * itself: a hit is a byte-for-byte match of the whole drawing, never a
 * hash's say-so, so no folder can make another's page show its picture. The
 * file is read strictly (magic, sizes within limits, zstd's own checksum, the
 * exact pixel count); anything else is a miss and the drawing is drawn
 * again. Entries are written to a temporary file and renamed into place, not
 * synced: a cache lost to a power cut costs one drawing, and an SD card is
 * spared the writes. The folder is kept under a size cap, the entries used
 * longest ago removed first.
 *
 * Pure C (zstd, POSIX files); no SDL. */
#ifndef HUSHABYE_PICCACHE_H
#define HUSHABYE_PICCACHE_H

#include <stddef.h>
#include <stdint.h>

/* The folder's size cap by default: a few hundred pages at tablet sizes. */
#define PICCACHE_DEFAULT_CAP ((size_t)64 * 1024 * 1024)
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

/* Look for the drawing src (len bytes) drawn for fit_w x fit_h. 1 on a hit:
 * *px (malloc'ed RGBA, *w x *h) is what piccache_store was given; 0 on a miss
 * (nothing allocated). Never fails otherwise: a bad entry is a miss. */
int piccache_load(const PicCache *c, const void *src, size_t len, int fit_w, int fit_h,
                  int *w, int *h, uint8_t **px);

/* Keep the w x h RGBA pixels drawn from src for fit_w x fit_h. Makes the
 * folder (0700) when missing, writes atomically, then trims the folder to its
 * cap. 0, or -1 (nothing is left half-written). */
int piccache_store(const PicCache *c, const void *src, size_t len, int fit_w, int fit_h,
                   int w, int h, const uint8_t *px);

/* The entry's file name for src (hex of the hash + ".hpc") into out. */
void piccache_name(const PicCache *c, const void *src, size_t len, int fit_w, int fit_h,
                   char out[32]);

#endif
