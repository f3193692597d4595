/* piccache — pictures kept from night to night (see piccache.h).
 *
 * An entry, all integers little-endian:
 *
 *   "HBPICC2\n"                       8 bytes, the format
 *   fit_w fit_h w h                   4 x u32: the size asked for, the size made
 *   drawer_len                        u32 (at most 255)
 *   src_len                           u64
 *   facts                             PICCACHE_FACTS x u32, the caller's own
 *   src_sha256                        32 bytes: SHA-256 of the source's bytes
 *   head_check                        u64: FNV-1a of all the above and the drawer
 *   drawer                            the drawer's name
 *   one zstd frame                    w * h * 4 bytes of RGBA, with its checksum
 *
 * The frame must fill the rest of the file exactly and give exactly w * h * 4
 * bytes; the frame's checksum covers the pixels and head_check the rest, so
 * a fact bent on the disk is a miss too. The name is a 64-bit hash of the
 * format, the drawer, the size asked for and the source's SHA-256, so the
 * source is read once, by SHA-256. The first format (HBPICC1) held the
 * source's bytes themselves; a photograph's would have doubled its entry,
 * and those entries are now plain misses. */
#include "piccache.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>
#include <zstd.h>

#include "files.h"
#include "mem.h"

#define MAGIC "HBPICC2\n"
#define DIGEST SHA256_DIGEST_SIZE
#define AT_FACTS (8 + 4 * 4 + 4 + 8)
#define AT_DIGEST (AT_FACTS + 4 * PICCACHE_FACTS)
#define AT_CHECK (AT_DIGEST + DIGEST)
#define HEAD (AT_CHECK + 8)
#define MAX_DRAWER 255
#define MAX_SIDE 16384
#define LEVEL 1 /* zstd's fastest but one: 4 MB in about a millisecond, 35-50x smaller */

static size_t cap_of(const PicCache *c)
{
    return c->cap ? c->cap : PICCACHE_DEFAULT_CAP;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

/* The header's check: everything before it, then the drawer. */
static uint64_t head_check(const uint8_t *f, const char *drawer, size_t dlen)
{
    return fnv(fnv(0xcbf29ce484222325ULL, f, AT_CHECK), drawer, dlen);
}

static const char *drawer_of(const PicCache *c)
{
    return c->drawer ? c->drawer : "";
}

void piccache_source(const void *src, size_t len, PicSource *out)
{
    struct sha256_ctx ctx;
    _Static_assert(sizeof out->sha256 == DIGEST, "a source is named by SHA-256");
    out->len = len;
    sha256_init(&ctx);
    sha256_update(&ctx, src ? len : 0, src);
    sha256_digest(&ctx, DIGEST, out->sha256);
}

static void name_of(const PicCache *c, const uint8_t digest[DIGEST], int fit_w, int fit_h,
                    char out[32])
{
    uint8_t sz[8];
    const char *d = drawer_of(c);
    uint64_t h = fnv(0xcbf29ce484222325ULL, MAGIC, 8);
    h = fnv(h, d, strlen(d) + 1);
    put32(sz, (uint32_t)fit_w);
    put32(sz + 4, (uint32_t)fit_h);
    h = fnv(h, sz, sizeof sz);
    h = fnv(h, digest, DIGEST);
    snprintf(out, 32, "%016llx.hpc", (unsigned long long)h);
}

void piccache_name(const PicCache *c, const void *src, size_t len, int fit_w, int fit_h,
                   char out[32])
{
    PicSource s;
    piccache_source(src, len, &s);
    name_of(c, s.sha256, fit_w, fit_h, out);
}

static int path_of(const PicCache *c, const char *name, char *out, size_t outlen)
{
    int n = snprintf(out, outlen, "%s/%s", c->dir, name);
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

static int usable(const PicCache *c, const PicSource *src, int fit_w, int fit_h)
{
    return c && c->dir && c->dir[0] == '/' && src && src->len > 0 && fit_w > 0 && fit_h > 0 &&
           fit_w <= MAX_SIDE && fit_h <= MAX_SIDE && strlen(drawer_of(c)) <= MAX_DRAWER;
}

int piccache_default_dir(char *out, size_t outlen)
{
    return files_cache_path("pictures", out, outlen);
}

/* n bytes at the descriptor's position: the count read (short at the end
 * or on an error, which is a miss either way). */
static size_t read_full(int fd, void *buf, size_t n)
{
    long got = files_read_fd(fd, buf, n);
    return got > 0 ? (size_t)got : 0;
}

/* The entry's zstd frame, read from fd in pieces straight into the picture:
 * the file is never held whole beside the pixels (a photograph's entry is
 * megabytes). It must be one frame with its checksum, of exactly n bytes,
 * ending at the file's end. 1 when out holds them, verified. */
static int unpack(int fd, uint8_t *out, size_t n)
{
    size_t cap = ZSTD_DStreamInSize();
    uint8_t *in = malloc(cap);
    ZSTD_DCtx *z = ZSTD_createDCtx();
    int ok = 0, first = 1;
    /* a window of at most 8 MB: what level 1 makes is far less, and a
     * hostile entry cannot ask for more memory than that */
    if (!in || !z || ZSTD_isError(ZSTD_DCtx_setParameter(z, ZSTD_d_windowLogMax, 23)))
        goto out;
    uint8_t extra;
    ZSTD_outBuffer ob = { out, n, 0 }, spill = { &extra, 1, 0 };
    for (;;) {
        size_t got = read_full(fd, in, cap);
        if (got == 0)
            break; /* the file ended inside the frame */
        if (first) {
            /* One frame with its checksum (bit 2 of the frame header's
             * descriptor, after the 4-byte magic), of exactly n bytes. */
            if (got < 6 || get32(in) != 0xFD2FB528u || !(in[4] & 0x04) ||
                ZSTD_getFrameContentSize(in, got) != (unsigned long long)n)
                goto out;
            first = 0;
        }
        ZSTD_inBuffer ib = { in, got, 0 };
        while (ib.pos < ib.size) {
            /* Once the n bytes are out, the frame may only end (its checksum):
             * one more byte of room tells a longer frame from that. */
            ZSTD_outBuffer *o = ob.pos < n ? &ob : &spill;
            size_t before = ib.pos;
            size_t r = ZSTD_decompressStream(z, o, &ib);
            if (ZSTD_isError(r) || spill.pos > 0)
                goto out; /* bad data, a checksum that does not match, or too long */
            if (r == 0) {
                /* the frame is whole: nothing may follow it */
                uint8_t more;
                ok = ib.pos == ib.size && ob.pos == n && read_full(fd, &more, 1) == 0;
                goto out;
            }
            if (o == &spill && ib.pos == before)
                goto out; /* full, and no way on */
        }
    }
out:
    ZSTD_freeDCtx(z);
    free(in);
    return ok;
}

int piccache_load(const PicCache *c, const void *src, size_t len, int fit_w, int fit_h,
                  int *w, int *h, uint8_t **px, uint32_t facts[PICCACHE_FACTS])
{
    PicSource s = { src ? len : 0, { 0 } };
    if (usable(c, &s, fit_w, fit_h)) /* the bytes are read only when they can matter */
        piccache_source(src, len, &s);
    return piccache_load_source(c, &s, fit_w, fit_h, w, h, px, facts);
}

int piccache_load_source(const PicCache *c, const PicSource *src, int fit_w, int fit_h,
                         int *w, int *h, uint8_t **px, uint32_t facts[PICCACHE_FACTS])
{
    char name[32], path[4096];
    uint8_t head[HEAD + MAX_DRAWER];
    *px = NULL;
    *w = *h = 0;
    if (facts)
        memset(facts, 0, PICCACHE_FACTS * sizeof *facts);
    if (!usable(c, src, fit_w, fit_h))
        return 0;
    const char *d = drawer_of(c);
    size_t dlen = strlen(d), at = HEAD + dlen, flen = 0;
    size_t max = at + ZSTD_compressBound(PICCACHE_MAX_PIXELS * 4);
    int fd = -1;
    name_of(c, src->sha256, fit_w, fit_h, name);
    /* a regular file, no link followed, of at most max bytes */
    if (path_of(c, name, path, sizeof path) != 0 ||
        files_open_fd(c->dir, name, max, &fd, &flen) != FILES_OK)
        return 0;
    int hit = 0;
    if (flen > at && read_full(fd, head, at) == at) {
        uint32_t ew = get32(head + 16), eh = get32(head + 20);
        if (memcmp(head, MAGIC, 8) == 0 && get32(head + 8) == (uint32_t)fit_w &&
            get32(head + 12) == (uint32_t)fit_h && ew > 0 && eh > 0 && ew <= MAX_SIDE &&
            eh <= MAX_SIDE && (size_t)ew * eh <= PICCACHE_MAX_PIXELS &&
            get32(head + 24) == dlen && get64(head + 28) == (uint64_t)src->len &&
            memcmp(head + AT_DIGEST, src->sha256, DIGEST) == 0 && memcmp(head + HEAD, d, dlen) == 0 &&
            get64(head + AT_CHECK) == head_check(head, d, dlen)) {
            size_t n = (size_t)ew * eh * 4;
            uint8_t *out = hb_big_alloc(n);
            if (out && unpack(fd, out, n)) {
                *px = out;
                *w = (int)ew;
                *h = (int)eh;
                for (int i = 0; facts && i < PICCACHE_FACTS; i++)
                    facts[i] = get32(head + AT_FACTS + 4 * i);
                hit = 1;
            } else {
                free(out);
            }
        }
    }
    close(fd);
    if (hit) /* used now: the last to go when the folder is trimmed */
        utimensat(AT_FDCWD, path, NULL, 0);
    return hit;
}

typedef struct {
    char name[32];
    time_t mtime;
    long nsec;
    size_t size;
} Entry;

static int older_first(const void *a, const void *b)
{
    const Entry *x = a, *y = b;
    if (x->mtime != y->mtime)
        return x->mtime < y->mtime ? -1 : 1;
    if (x->nsec != y->nsec)
        return x->nsec < y->nsec ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* An entry's name: 16 hex digits and ".hpc". */
static int is_entry(const char *n)
{
    if (strlen(n) != 20 || strcmp(n + 16, ".hpc") != 0)
        return 0;
    for (int i = 0; i < 16; i++)
        if (!((n[i] >= '0' && n[i] <= '9') || (n[i] >= 'a' && n[i] <= 'f')))
            return 0;
    return 1;
}

/* Remove the entries used longest ago until the folder holds at most cap
 * bytes of them (keep: the one just written, never removed). */
static void trim(const PicCache *c, const char *keep)
{
    files_clean_temps(c->dir); /* writes cut short by a crash or a power cut */
    DIR *dir = opendir(c->dir);
    Entry *e = NULL;
    size_t n = 0, alloc = 0, total = 0;
    struct dirent *de;
    if (!dir)
        return;
    int dfd = dirfd(dir);
    while ((de = readdir(dir)) != NULL) {
        struct stat st;
        if (!is_entry(de->d_name) || fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(st.st_mode))
            continue;
        if (n == alloc) {
            size_t na = alloc ? alloc * 2 : 64;
            Entry *ne = na < SIZE_MAX / sizeof *e ? realloc(e, na * sizeof *e) : NULL;
            if (!ne)
                break;
            e = ne;
            alloc = na;
        }
        memcpy(e[n].name, de->d_name, 21);
        e[n].mtime = st.st_mtim.tv_sec;
        e[n].nsec = st.st_mtim.tv_nsec;
        e[n].size = (size_t)st.st_size;
        total += e[n].size;
        n++;
    }
    if (total > cap_of(c) && n > 0) {
        qsort(e, n, sizeof *e, older_first);
        for (size_t i = 0; i < n && total > cap_of(c); i++) {
            if (strcmp(e[i].name, keep) == 0)
                continue;
            if (unlinkat(dfd, e[i].name, 0) == 0)
                total -= e[i].size;
        }
    }
    closedir(dir);
    free(e);
}

int piccache_store(const PicCache *c, const void *src, size_t len, int fit_w, int fit_h,
                   int w, int h, const uint8_t *px, const uint32_t facts[PICCACHE_FACTS])
{
    PicSource s = { src ? len : 0, { 0 } };
    if (usable(c, &s, fit_w, fit_h))
        piccache_source(src, len, &s);
    return piccache_store_source(c, &s, fit_w, fit_h, w, h, px, facts);
}

int piccache_store_source(const PicCache *c, const PicSource *src, int fit_w, int fit_h,
                          int w, int h, const uint8_t *px, const uint32_t facts[PICCACHE_FACTS])
{
    char name[32], path[4096];
    if (!usable(c, src, fit_w, fit_h) || !px || w <= 0 || h <= 0 || w > MAX_SIDE ||
        h > MAX_SIDE || (size_t)w * (size_t)h > PICCACHE_MAX_PIXELS)
        return -1;
    const char *d = drawer_of(c);
    size_t dlen = strlen(d), n = (size_t)w * (size_t)h * 4;
    size_t bound = ZSTD_compressBound(n), at = HEAD + dlen;
    if (at + bound > cap_of(c))
        return -1; /* an entry larger than the whole cache is not kept */
    uint8_t *buf = malloc(at + bound);
    ZSTD_CCtx *z = ZSTD_createCCtx();
    int rc = -1;
    if (!buf || !z)
        goto out;
    memcpy(buf, MAGIC, 8);
    put32(buf + 8, (uint32_t)fit_w);
    put32(buf + 12, (uint32_t)fit_h);
    put32(buf + 16, (uint32_t)w);
    put32(buf + 20, (uint32_t)h);
    put32(buf + 24, (uint32_t)dlen);
    put64(buf + 28, (uint64_t)src->len);
    for (int i = 0; i < PICCACHE_FACTS; i++)
        put32(buf + AT_FACTS + 4 * i, facts ? facts[i] : 0);
    memcpy(buf + AT_DIGEST, src->sha256, DIGEST);
    put64(buf + AT_CHECK, head_check(buf, d, dlen));
    memcpy(buf + HEAD, d, dlen);
    if (ZSTD_isError(ZSTD_CCtx_setParameter(z, ZSTD_c_compressionLevel, LEVEL)) ||
        ZSTD_isError(ZSTD_CCtx_setParameter(z, ZSTD_c_checksumFlag, 1)) ||
        ZSTD_isError(ZSTD_CCtx_setParameter(z, ZSTD_c_contentSizeFlag, 1)))
        goto out;
    size_t zlen = ZSTD_compress2(z, buf + at, bound, px, n);
    if (ZSTD_isError(zlen))
        goto out;
    name_of(c, src->sha256, fit_w, fit_h, name);
    /* not synced: a lost entry costs one drawing, and the flash is spared */
    if (files_mkdirs_mode(c->dir, 0700) != 0 || path_of(c, name, path, sizeof path) != 0 ||
        files_write_unsynced(path, buf, at + zlen) != 0)
        goto out;
    rc = 0;
    trim(c, name);
out:
    ZSTD_freeCCtx(z);
    free(buf);
    return rc;
}
