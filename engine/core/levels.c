/* levels — measured loudness kept from night to night (see levels.h).
 *
 * The file is plain text, numbers as integers so no locale can change how
 * they read (hundredths of a dB, millionths of full scale, milliseconds):
 *
 *   hushabye-levels 2
 *   0123456789abcdef v1 -1468 12 12 -332 -250 5520 1 3f2a9c0d11e4b7a5
 *
 * key, use (v voice, s sound) and the channels it was measured in (a stereo
 * lullaby and the same file as a mono hotspot sound are two entries), gain,
 * dc left, dc right, level, peak, seconds measured, level from speech (1),
 * sounding frames (0) or a voice of hiss (2, loud.h), and a check of the line (FNV-1a 64 of everything
 * before it), so a digit damaged on the disk is a miss, not a page 15 dB too
 * loud. The gain must be the one loud_gain gives for the level and peak, and
 * a mono entry's offsets are one. A fresh measurement is rounded the same
 * way before it is used (levels_round), so a recording plays exactly alike
 * whether it was measured tonight or read back. Before writing, the file is
 * read again and what another player kept meanwhile is merged in. */
#include "levels.h"

#include "ascii.h"
#include "bookkey.h"
#include "files.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LEVELS_MAGIC "hushabye-levels"

int levels_default_path(char *out, size_t outlen)
{
    return files_cache_path("levels", out, outlen);
}

void levels_round(LoudLevel *lv)
{
    lv->gain_db = nearbyint(lv->gain_db * 100.0) / 100.0;
    lv->level_db = nearbyint(lv->level_db * 100.0) / 100.0;
    lv->peak_db = nearbyint(lv->peak_db * 100.0) / 100.0;
    lv->seconds = nearbyint(lv->seconds * 1000.0) / 1000.0;
    for (int c = 0; c < 2; c++)
        lv->dc[c] = (float)(nearbyint(lv->dc[c] * 1e6) / 1e6);
}

static LevelEntry *find(Levels *l, uint64_t key, LoudUse use, int channels)
{
    for (int i = 0; i < l->n; i++)
        if (l->e[i].key == key && l->e[i].use == (int)use && l->e[i].channels == channels)
            return &l->e[i];
    return NULL;
}

/* A line's check: FNV-1a 64, as the content keys are made. */
static uint64_t fnv(const char *s, size_t n)
{
    return bookkey_fnv(BOOKKEY_FNV_INIT, s, n);
}

/* Room for one more entry: the array grows up to LEVELS_MAX, then the
 * entry used longest ago makes way. */
static LevelEntry *slot(Levels *l)
{
    if (l->n < l->cap)
        return &l->e[l->n++];
    if (l->cap < LEVELS_MAX) {
        int cap = l->cap ? l->cap * 2 : 64;
        cap = cap > LEVELS_MAX ? LEVELS_MAX : cap;
        LevelEntry *e = realloc(l->e, (size_t)cap * sizeof *e);
        if (e) {
            l->e = e;
            l->cap = cap;
            return &l->e[l->n++];
        }
        if (l->n == 0)
            return NULL;
    }
    int old = 0;
    for (int i = 1; i < l->n; i++)
        if (l->e[i].stamp < l->e[old].stamp)
            old = i;
    return &l->e[old];
}

void levels_add(Levels *l, uint64_t key, LoudUse use, int channels, const LoudLevel *lv)
{
    LevelEntry *e = find(l, key, use, channels);
    if (!e && !(e = slot(l)))
        return;
    e->key = key;
    e->use = (int)use;
    e->channels = channels;
    e->lv = *lv;
    levels_round(&e->lv);
    e->stamp = ++l->clock;
    l->changed = 1;
}

int levels_find(Levels *l, uint64_t key, LoudUse use, int channels, LoudLevel *lv)
{
    LevelEntry *e = find(l, key, use, channels);
    if (!e)
        return 0;
    *lv = e->lv;
    e->stamp = ++l->clock;
    l->changed = 1;          /* its place in the order moved: the file keeps it */
    return 1;
}

/* A signed decimal integer of at most 9 digits at *p, then one space or the
 * line's end; 0 ok. */
static int take_int(const char **p, const char *end, long *v)
{
    const char *s = *p;
    int neg = s < end && *s == '-';
    s += neg;
    const char *digits = s;
    long x = 0;
    while (s < end && ascii_isdigit((unsigned char)*s) && s - digits < 9)
        x = x * 10 + (*s++ - '0');
    if (s == digits || (s < end && *s != ' '))
        return -1;
    *v = neg ? -x : x;
    *p = s < end ? s + 1 : s;
    return 0;
}

/* 16 lowercase hex digits at s; 0 ok. */
static int take_hex(const char *s, uint64_t *v)
{
    uint64_t x = 0;
    for (int i = 0; i < 16; i++) {
        int c = (unsigned char)s[i], d = ascii_isdigit(c) ? c - '0'
                                       : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0)
            return -1;
        x = x << 4 | (uint64_t)d;
    }
    *v = x;
    return 0;
}

/* One entry's line (without its '\n'); 0 ok. */
static int parse_line(const char *s, const char *end, LevelEntry *e)
{
    /* key, a space, the use and channels, a space ... a space, the check */
    if (end - s < 21 + 17 || s[16] != ' ' || (s[17] != 'v' && s[17] != 's') ||
        (s[18] != '1' && s[18] != '2') || s[19] != ' ' || end[-17] != ' ')
        return -1;
    uint64_t key, check;
    if (take_hex(s, &key) != 0 || take_hex(end - 16, &check) != 0 ||
        check != fnv(s, (size_t)(end - 17 - s)))
        return -1;
    const char *p = s + 20, *stop = end - 17;
    long v[7];
    for (int i = 0; i < 7; i++)
        if (take_int(&p, stop, &v[i]) != 0)
            return -1;
    if (p != stop)
        return -1;
    LoudUse use = s[17] == 'v' ? LOUD_VOICE : LOUD_SOUND;
    int channels = s[18] - '0';
    /* Within what loud.h could have given, and consistent with itself, or left out. */
    if (labs(v[1]) > 500000 || labs(v[2]) > 500000 || (channels == 1 && v[1] != v[2]) ||
        v[3] < LOUD_NONE_DB * 100 || v[3] > 100 * 20 || v[4] < LOUD_NONE_DB * 100 ||
        v[4] > 100 * 20 || v[5] < 0 || v[5] > LOUD_SECONDS * 1000 || v[6] < 0 ||
        v[6] > LOUD_HISS || (v[6] == LOUD_HISS && use != LOUD_VOICE))
        return -1;
    double gain = nearbyint((v[6] == LOUD_HISS ? loud_hiss_gain(v[3] / 100.0)
                             : loud_gain(v[3] / 100.0, v[4] / 100.0, use)) * 100.0);
    if (fabs(gain - (double)v[0]) > 1.0)
        return -1;
    memset(e, 0, sizeof *e);
    e->key = key;
    e->use = (int)use;
    e->channels = channels;
    e->lv.gain_db = v[0] / 100.0;
    e->lv.dc[0] = (float)(v[1] / 1e6);
    e->lv.dc[1] = (float)(v[2] / 1e6);
    e->lv.level_db = v[3] / 100.0;
    e->lv.peak_db = v[4] / 100.0;
    e->lv.seconds = v[5] / 1000.0;
    e->lv.speech = (int)v[6];
    return 0;
}

int levels_parse(Levels *l, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    const char *nl = memchr(p, '\n', len);
    char head[32];
    snprintf(head, sizeof head, "%s %d", LEVELS_MAGIC, LEVELS_VERSION);
    if (!nl || (size_t)(nl - p) != strlen(head) || memcmp(p, head, strlen(head)) != 0)
        return 0;                      /* another version, or not this file */
    int taken = 0;
    for (p = nl + 1; p < end; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;                     /* a last line cut short is left out */
        LevelEntry e;
        if (parse_line(p, nl, &e) != 0 || find(l, e.key, (LoudUse)e.use, e.channels))
            continue;
        LevelEntry *d = slot(l);
        if (!d)
            break;
        *d = e;
        d->stamp = ++l->clock;         /* the file's order is the order of use */
        taken++;
    }
    return taken;
}

void levels_open(Levels *l, const char *path)
{
    memset(l, 0, sizeof *l);
    if (!path || !path[0] || strlen(path) >= sizeof l->path)
        return;
    snprintf(l->path, sizeof l->path, "%s", path);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    struct stat st;
    if (fd < 0)
        return;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        st.st_size <= LEVELS_MAX_FILE) {
        char *buf = malloc((size_t)st.st_size);
        long got = buf ? files_read_fd(fd, buf, (size_t)st.st_size) : -1;
        if (got == (long)st.st_size)
            levels_parse(l, buf, (size_t)got);
        free(buf);
    }
    close(fd);
}

static int by_stamp(const void *a, const void *b)
{
    unsigned x = ((const LevelEntry *)a)->stamp, y = ((const LevelEntry *)b)->stamp;
    return (x > y) - (x < y);
}

char *levels_format(const Levels *l, size_t *len)
{
    LevelEntry *e = malloc(((size_t)l->n + 1) * sizeof *e);
    size_t cap = 64 + (size_t)l->n * 128;
    char *out = malloc(cap);
    if (!e || !out) {
        free(e);
        free(out);
        return NULL;
    }
    if (l->n > 0) {
        memcpy(e, l->e, (size_t)l->n * sizeof *e);
        qsort(e, (size_t)l->n, sizeof *e, by_stamp);
    }
    size_t at = (size_t)snprintf(out, cap, "%s %d\n", LEVELS_MAGIC, LEVELS_VERSION);
    for (int i = 0; i < l->n; i++) {
        const LoudLevel *v = &e[i].lv;
        int w = snprintf(out + at, cap - at, "%016llx %c%d %ld %ld %ld %ld %ld %ld %d",
                         (unsigned long long)e[i].key, e[i].use == LOUD_VOICE ? 'v' : 's',
                         e[i].channels == 2 ? 2 : 1, lrint(v->gain_db * 100),
                         lrint(v->dc[0] * 1e6), lrint(v->dc[e[i].channels == 2 ? 1 : 0] * 1e6),
                         lrint(v->level_db * 100), lrint(v->peak_db * 100),
                         lrint(v->seconds * 1000),
                         v->speech == LOUD_HISS ? LOUD_HISS : v->speech ? 1 : 0);
        if (w < 0 || (size_t)w + 18 >= cap - at)
            break;
        uint64_t h = fnv(out + at, (size_t)w);
        at += (size_t)w;
        at += (size_t)snprintf(out + at, cap - at, " %016llx\n", (unsigned long long)h);
    }
    free(e);
    *len = at;
    return out;
}

/* Make the folders above path (mode 0700: a cache is the user's own). */
static void make_parents(const char *path)
{
    char dir[sizeof ((Levels *)0)->path];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        files_mkdirs_mode(dir, 0700);    /* a failure is the write's to tell */
    }
}

int levels_save(Levels *l)
{
    if (!l->path[0] || !l->changed)
        return 0;
    /* Another player may have kept levels since this one read the file:
     * merged in, as used before anything of this night's. */
    Levels disk;
    levels_open(&disk, l->path);
    for (int i = 0; i < disk.n; i++) {
        const LevelEntry *d = &disk.e[i];
        if (find(l, d->key, (LoudUse)d->use, d->channels))
            continue;
        LevelEntry *e = l->n < LEVELS_MAX ? slot(l) : NULL;
        if (!e)
            break;
        *e = *d;
        e->stamp = 0;                  /* older than anything this night used */
    }
    levels_free(&disk);
    size_t len;
    char *text = levels_format(l, &len);
    if (!text)
        return -1;
    make_parents(l->path);
    int r = files_write_unsynced(l->path, text, len);
    free(text);
    if (r == 0)
        l->changed = 0;
    return r;
}

void levels_free(Levels *l)
{
    free(l->e);
    l->e = NULL;
    l->n = l->cap = 0;
}
