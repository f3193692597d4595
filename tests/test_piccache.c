/* test_piccache: pictures kept from night to night. A stored picture comes
 * back exactly, with the facts stored beside it; a photograph's entry holds
 * its SHA-256, not its bytes; anything that is not exactly its entry (another drawing,
 * another size or drawer, a bent, cut or swapped file, a link) is a miss and
 * nothing is allocated; the folder is made when missing and kept under its
 * cap, the entries used longest ago going first; an unwritable folder only
 * means no cache. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"
#include "piccache.h"

static char root[512];

static void rm_tree(const char *dir)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

/* A w x h picture: gradients as a drawing has, and noise as a photo has
 * (noisy), seeded by s. */
static uint8_t *pattern_of(int w, int h, unsigned s, int noisy)
{
    uint8_t *px = malloc((size_t)w * h * 4);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t *p = px + ((size_t)y * w + x) * 4;
            s = s * 1103515245u + 12345u;
            p[0] = (uint8_t)(x * 255 / (w > 1 ? w - 1 : 1));
            p[1] = (uint8_t)(y * 255 / (h > 1 ? h - 1 : 1));
            p[2] = (uint8_t)(noisy ? (s >> 24) : 40);
            p[3] = 255;
        }
    return px;
}

static uint8_t *pattern(int w, int h, unsigned s)
{
    return pattern_of(w, h, s, 1);
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void entry_path(const PicCache *c, const char *src, size_t len, int fw, int fh,
                       char *out, size_t outlen)
{
    char name[32];
    piccache_name(c, src, len, fw, fh, name);
    snprintf(out, outlen, "%s/%s", c->dir, name);
}

static int loads(const PicCache *c, const char *src, size_t len, int fw, int fh,
                 const uint8_t *want, int ww, int wh)
{
    int w = -1, h = -1;
    uint8_t *px = (uint8_t *)1;
    int hit = piccache_load(c, src, len, fw, fh, &w, &h, &px, NULL);
    if (hit != 1) {
        /* a miss allocates nothing and says nothing */
        return hit == 0 && px == NULL && w == 0 && h == 0 ? 0 : -1;
    }
    int same = want && w == ww && h == wh && memcmp(px, want, (size_t)w * h * 4) == 0;
    free(px);
    return same ? 1 : -1;
}

static void test_round_trip(void)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s/a/b/pictures", root);
    PicCache c = { dir, "SDL_image 2.6.3", 0 };
    static const char svg[] = "<svg width='1600' height='1000'><rect width='9' height='9'/></svg>";
    uint8_t *px = pattern_of(640, 400, 1, 0);
    CHECK(loads(&c, svg, sizeof svg, 640, 400, px, 640, 400) == 0,
          "an empty cache (its folder not even there) is a miss");
    CHECK(piccache_store(&c, svg, sizeof svg, 640, 400, 640, 400, px, NULL) == 0,
          "a picture is stored, its folders made");
    struct stat st;
    CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700,
          "the cache folder is the family's alone (0700)");
    CHECK(loads(&c, svg, sizeof svg, 640, 400, px, 640, 400) == 1,
          "the stored picture comes back byte for byte");
    char path[700];
    entry_path(&c, svg, sizeof svg, 640, 400, path, sizeof path);
    long sz = file_size(path);
    CHECK(sz > 0 && sz < 640L * 400 * 4 / 4, "the entry is packed (%ld bytes for %ld)", sz,
          640L * 400 * 4);
    /* a 641-wide drawing for a 640 fit: the size drawn is kept, not the size asked */
    uint8_t *wide = pattern(641, 400, 2);
    CHECK(piccache_store(&c, svg, sizeof svg, 640, 401, 641, 400, wide, NULL) == 0 &&
              loads(&c, svg, sizeof svg, 640, 401, wide, 641, 400) == 1,
          "the size drawn comes back with the picture");
    CHECK(loads(&c, svg, sizeof svg, 640, 400, px, 640, 400) == 1,
          "each size asked for is an entry of its own");
    char other[sizeof svg];
    memcpy(other, svg, sizeof svg);
    other[sizeof svg - 8] = '8';
    CHECK(loads(&c, other, sizeof other, 640, 400, px, 640, 400) == 0,
          "a drawing one byte different is a miss");
    CHECK(loads(&c, svg, sizeof svg - 1, 640, 400, px, 640, 400) == 0,
          "a drawing one byte shorter is a miss");
    CHECK(loads(&c, svg, sizeof svg, 320, 200, px, 640, 400) == 0,
          "another size is a miss");
    PicCache newer = { dir, "SDL_image 2.8.0", 0 };
    CHECK(loads(&newer, svg, sizeof svg, 640, 400, px, 640, 400) == 0,
          "another drawer (a newer SDL_image) is a miss");
    PicCache none = { NULL, "x", 0 }, relative = { "pictures", "x", 0 };
    CHECK(loads(&none, svg, sizeof svg, 640, 400, px, 640, 400) == 0 &&
              piccache_store(&none, svg, sizeof svg, 640, 400, 640, 400, px, NULL) == -1 &&
              piccache_store(&relative, svg, sizeof svg, 640, 400, 640, 400, px, NULL) == -1,
          "no folder, or a relative one, means no cache");
    free(px);
    free(wide);
}

/* Write bytes as the entry of src. */
static void put_file(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(data, 1, len, f);
        fclose(f);
    }
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    *len = 0;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (n > 0 && (buf = malloc((size_t)n)) && fread(buf, 1, (size_t)n, f) == (size_t)n)
        *len = (size_t)n;
    fclose(f);
    return buf;
}

static void test_bad_entries(void)
{
    char dir[600], path[700], path2[700];
    snprintf(dir, sizeof dir, "%s/bad", root);
    PicCache c = { dir, "SDL_image 2.6.3", 0 };
    static const char a[] = "<svg id='a'/>", b[] = "<svg id='b'/>";
    uint8_t *pa = pattern(64, 32, 3), *pb = pattern(64, 32, 4);
    CHECK(piccache_store(&c, a, sizeof a, 64, 32, 64, 32, pa, NULL) == 0 &&
              piccache_store(&c, b, sizeof b, 64, 32, 64, 32, pb, NULL) == 0,
          "two pictures stored");
    entry_path(&c, a, sizeof a, 64, 32, path, sizeof path);
    entry_path(&c, b, sizeof b, 64, 32, path2, sizeof path2);
    size_t len, len2;
    uint8_t *good = slurp(path, &len), *good2 = slurp(path2, &len2);
    CHECK(good && good2 && len > 60, "their entries are files");
    if (!good || !good2) {
        free(good);
        free(good2);
        free(pa);
        free(pb);
        return;
    }
    /* b's entry under a's name: it holds b's drawing, so it is not a's */
    put_file(path, good2, len2);
    CHECK(loads(&c, a, sizeof a, 64, 32, pa, 64, 32) == 0,
          "another drawing's entry under this one's name is a miss, never its picture");
    int bent = 0, cut = 0, misses = 0, wrong = 0;
    for (size_t i = 0; i < len; i++) {
        /* every byte bent: the header, the drawing, the frame, its checksum */
        uint8_t *copy = malloc(len);
        memcpy(copy, good, len);
        copy[i] ^= (uint8_t)(1u << (i % 8));
        put_file(path, copy, len);
        int r = loads(&c, a, sizeof a, 64, 32, pa, 64, 32);
        bent++;
        misses += r == 0;
        wrong += r < 0;
        free(copy);
    }
    /* Bits zstd does not use (such as a frame header's reserved ones) may be
     * bent and the picture still come out whole and checked; never another. */
    CHECK(wrong == 0, "no bent byte anywhere in the entry gives a wrong picture");
    CHECK(misses >= bent - 4, "a bent byte is a miss (%d of %d)", misses, bent);
    misses = 0;
    for (size_t n = 0; n < len; n += (n < 64 ? 1 : 97)) {
        put_file(path, good, n);
        misses += loads(&c, a, sizeof a, 64, 32, pa, 64, 32) == 0;
        cut++;
    }
    CHECK(misses == cut, "an entry cut short anywhere is a miss (%d of %d)", misses, cut);
    uint8_t *longer = malloc(len + 5);
    memcpy(longer, good, len);
    memcpy(longer + len, "extra", 5);
    put_file(path, longer, len + 5);
    CHECK(loads(&c, a, sizeof a, 64, 32, pa, 64, 32) == 0, "bytes after the frame: a miss");
    free(longer);
    /* a header that claims a huge picture is refused before anything is allocated */
    uint8_t *huge = malloc(len);
    memcpy(huge, good, len);
    huge[16] = huge[17] = 0xff;
    huge[20] = huge[21] = 0xff;
    put_file(path, huge, len);
    CHECK(loads(&c, a, sizeof a, 64, 32, pa, 64, 32) == 0, "a header of 65535 x 65535: a miss");
    free(huge);
    unlink(path);
    CHECK(mkdir(path, 0700) == 0 && loads(&c, a, sizeof a, 64, 32, pa, 64, 32) == 0,
          "a folder where the entry should be: a miss");
    rmdir(path);
    CHECK(symlink(path2, path) == 0 && loads(&c, a, sizeof a, 64, 32, pa, 64, 32) == 0,
          "a link where the entry should be is not followed");
    unlink(path);
    put_file(path, good, len);
    CHECK(loads(&c, a, sizeof a, 64, 32, pa, 64, 32) == 1, "the good entry back: a hit");
    CHECK(piccache_store(&c, a, sizeof a, 64, 32, 64, 32, pb, NULL) == 0 &&
              loads(&c, a, sizeof a, 64, 32, pb, 64, 32) == 1,
          "storing again replaces the entry");
    free(good);
    free(good2);
    free(pa);
    free(pb);
}

static int count_entries(const char *dir)
{
    char cmd[700];
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -c '\\.hpc$'", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

static void set_age(const char *path, int seconds_ago)
{
    struct timeval tv[2];
    gettimeofday(&tv[0], NULL);
    tv[0].tv_sec -= seconds_ago;
    tv[1] = tv[0];
    utimes(path, tv);
}

static void test_cap(void)
{
    char dir[600], p[4][700];
    snprintf(dir, sizeof dir, "%s/cap", root);
    static const char *src[4] = { "<svg id='0'/>", "<svg id='1'/>", "<svg id='2'/>",
                                  "<svg id='3'/>" };
    uint8_t *px[4];
    PicCache big = { dir, "d", 1 << 30 };
    for (int i = 0; i < 4; i++) {
        px[i] = pattern(256, 256, 100u + (unsigned)i);
        piccache_store(&big, src[i], strlen(src[i]), 256, 256, 256, 256, px[i], NULL);
        entry_path(&big, src[i], strlen(src[i]), 256, 256, p[i], sizeof p[i]);
    }
    long one = file_size(p[0]);
    CHECK(count_entries(dir) == 4 && one > 0, "four entries under a large cap");
    /* ages: 0 oldest ... 3 newest; then 0 is used, so 1 becomes the oldest */
    for (int i = 0; i < 4; i++)
        set_age(p[i], 400 - 100 * i);
    CHECK(loads(&big, src[0], strlen(src[0]), 256, 256, px[0], 256, 256) == 1,
          "the oldest entry is used again");
    PicCache small = { dir, "d", (size_t)(one * 3 + one / 2) };
    uint8_t *fifth = pattern(256, 256, 7);
    CHECK(piccache_store(&small, "<svg id='4'/>", 13, 256, 256, 256, 256, fifth, NULL) == 0,
          "a fifth entry stored under a cap of three and a half");
    CHECK(count_entries(dir) == 3, "the folder is trimmed to its cap (%d entries)",
          count_entries(dir));
    CHECK(file_size(p[1]) < 0 && file_size(p[2]) < 0,
          "the entries used longest ago went first");
    CHECK(file_size(p[0]) > 0 && file_size(p[3]) > 0,
          "the entry used just now and the newest stay");
    CHECK(loads(&small, "<svg id='4'/>", 13, 256, 256, fifth, 256, 256) == 1,
          "the entry just written is never the one trimmed");
    PicCache tiny = { dir, "d", 1000 };
    CHECK(piccache_store(&tiny, src[1], strlen(src[1]), 256, 256, 256, 256, px[1], NULL) == -1,
          "a picture larger than the whole cap is not kept");
    /* a temporary file left by a write cut short, an hour old, is removed */
    char tmp[700];
    snprintf(tmp, sizeof tmp, "%s/.0123456789abcdef.hpc.hushabye-tmp-999999-abcdef", dir);
    put_file(tmp, (const uint8_t *)"half", 4);
    set_age(tmp, 7200);
    piccache_store(&big, src[2], strlen(src[2]), 256, 256, 256, 256, px[2], NULL);
    CHECK(file_size(tmp) < 0, "a write cut short long ago is cleared away");
    for (int i = 0; i < 4; i++)
        free(px[i]);
    free(fifth);
}

static void test_unwritable(void)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s/file-not-folder", root);
    put_file(dir, (const uint8_t *)"x", 1);
    char under[700];
    snprintf(under, sizeof under, "%s/pictures", dir);
    PicCache c = { under, "d", 0 };
    uint8_t *px = pattern(8, 8, 9);
    CHECK(piccache_store(&c, "<svg/>", 6, 8, 8, 8, 8, px, NULL) == -1 &&
              loads(&c, "<svg/>", 6, 8, 8, px, 8, 8) == 0,
          "a cache folder that cannot be made: nothing stored, every load a miss");
    CHECK(piccache_store(&c, "<svg/>", 6, 8, 8, 0, 8, px, NULL) == -1 &&
              piccache_store(&c, "<svg/>", 6, 8, 8, 20000, 8, px, NULL) == -1 &&
              piccache_store(&c, "<svg/>", 0, 8, 8, 8, 8, px, NULL) == -1,
          "no size, an absurd size or no drawing: refused");
    free(px);
}

/* A photograph: megabytes of source, its decoder's facts kept with it. */
static void test_photo(void)
{
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s/photos", root);
    PicCache c = { dir, "libjpeg-turbo 2001005 photo 1", 0 };
    size_t len = 5u << 20;
    char *src = malloc(len);
    unsigned s = 7;
    for (size_t i = 0; i < len; i++) {
        s = s * 1103515245u + 12345u;
        src[i] = (char)(s >> 24);
    }
    uint8_t *px = pattern(1067, 800, 5);
    const uint32_t facts[PICCACHE_FACTS] = { 3024, 4032, 6, 1 };
    CHECK(piccache_store(&c, src, len, 1280, 800, 1067, 800, px, facts) == 0,
          "a 5 MB photograph's pixels are stored");
    entry_path(&c, src, len, 1280, 800, path, sizeof path);
    long sz = file_size(path);
    CHECK(sz > 0 && sz < 1067L * 800 * 4 + 4096,
          "the entry holds the pixels and the source's SHA-256, not its 5 MB (%ld bytes)", sz);
    uint32_t got[PICCACHE_FACTS] = { 9, 9, 9, 9 };
    int w = 0, h = 0;
    uint8_t *back = NULL;
    int hit = piccache_load(&c, src, len, 1280, 800, &w, &h, &back, got);
    CHECK(hit == 1 && w == 1067 && h == 800 && back &&
              memcmp(back, px, (size_t)w * h * 4) == 0,
          "the photograph's pixels come back exactly");
    CHECK(got[0] == 3024 && got[1] == 4032 && got[2] == 6 && got[3] == 1,
          "and the facts stored with them (%u %u %u %u)", got[0], got[1], got[2], got[3]);
    free(back);
    src[len / 2] ^= 1;
    got[0] = 9;
    back = (uint8_t *)1;
    CHECK(piccache_load(&c, src, len, 1280, 800, &w, &h, &back, got) == 0 && back == NULL &&
              got[0] == 0,
          "one bit changed in the middle of 5 MB: a miss, facts zero, nothing allocated");
    src[len / 2] ^= 1;
    CHECK(loads(&c, src, len, 1280, 800, px, 1067, 800) == 1 &&
              loads(&c, src, len - 1, 1280, 800, px, 1067, 800) == 0,
          "the same bytes again hit; one byte fewer is a miss");
    CHECK(piccache_store(&c, src, len, 1280, 800, 1067, 800, px, NULL) == 0 &&
              piccache_load(&c, src, len, 1280, 800, &w, &h, &back, got) == 1 &&
              got[0] == 0 && got[3] == 0,
          "facts not given are stored as zeros");
    free(back);

    /* named once: the same entry as by the bytes, either way round */
    PicSource key, other;
    piccache_source(src, len, &key);
    piccache_source(src, len - 1, &other);
    CHECK(key.len == len && memcmp(key.sha256, other.sha256, sizeof key.sha256) != 0,
          "a source's name is its length and SHA-256; one byte fewer names another");
    CHECK(piccache_store_source(&c, &key, 1280, 800, 1067, 800, px, facts) == 0 &&
              piccache_load(&c, src, len, 1280, 800, &w, &h, &back, got) == 1 &&
              memcmp(back, px, (size_t)w * h * 4) == 0 && got[2] == 6,
          "kept by its name, found by its bytes");
    free(back);
    CHECK(piccache_store(&c, src, len, 1280, 800, 1067, 800, px, facts) == 0 &&
              piccache_load_source(&c, &key, 1280, 800, &w, &h, &back, got) == 1 &&
              memcmp(back, px, (size_t)w * h * 4) == 0 && got[0] == 3024,
          "kept by its bytes, found by its name");
    free(back);
    back = (uint8_t *)1;
    CHECK(piccache_load_source(&c, &other, 1280, 800, &w, &h, &back, got) == 0 && back == NULL,
          "another source's name is a miss");
    PicSource empty = { 0, { 0 } };
    CHECK(piccache_load_source(&c, &empty, 1280, 800, &w, &h, &back, got) == 0 &&
              piccache_store_source(&c, &empty, 1280, 800, 1067, 800, px, facts) == -1,
          "a source of no bytes is never kept nor found");
    free(px);
    free(src);
}

static void test_default_dir(void)
{
    char out[600];
    setenv("XDG_CACHE_HOME", "/var/cache/x", 1);
    CHECK(piccache_default_dir(out, sizeof out) == 0 &&
              strcmp(out, "/var/cache/x/hushabye/pictures") == 0,
          "XDG_CACHE_HOME says where the cache is (%s)", out);
    setenv("XDG_CACHE_HOME", "relative", 1);
    setenv("HOME", "/home/kid", 1);
    CHECK(piccache_default_dir(out, sizeof out) == 0 &&
              strcmp(out, "/home/kid/.cache/hushabye/pictures") == 0,
          "a relative XDG_CACHE_HOME is ignored: HOME/.cache (%s)", out);
    unsetenv("XDG_CACHE_HOME");
    setenv("HOME", "", 1);
    CHECK(piccache_default_dir(out, sizeof out) == -1, "no home: no cache");
    setenv("HOME", "/home/kid", 1);
    CHECK(piccache_default_dir(out, 8) == -1, "a buffer too short for the path is refused");
}

int main(void)
{
    snprintf(root, sizeof root, "%s/piccache-%ld", TEST_TMP, (long)getpid());
    rm_tree(root);
    mkdir(TEST_TMP, 0700);
    mkdir(root, 0700);
    test_round_trip();
    test_bad_entries();
    test_cap();
    test_unwritable();
    test_photo();
    test_default_dir();
    rm_tree(root);
    CHECK_DONE();
}
