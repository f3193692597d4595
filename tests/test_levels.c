/* Tests for levels: a recording's measured loudness written and read back
 * exactly, the file read strictly (another version, a line whose check
 * fails, a gain its level does not give, a number out of loud.h's limits,
 * a line cut short: each left out), the channels kept apart, the entries
 * used longest ago making way past LEVELS_MAX, two players' files merged,
 * and nothing kept without a path. */
#include "check.h"
#include "levels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A level as loud_level gives it: the gain is its level's. */
static LoudLevel level(double level_db, float dc, LoudUse use)
{
    LoudLevel lv = { .dc = { dc, dc }, .level_db = level_db, .peak_db = -0.5,
                     .seconds = 15.0, .speech = 1 };
    lv.gain_db = loud_gain(level_db, lv.peak_db, use);
    return lv;
}

/* The format's check of a line: FNV-1a 64 of what comes before it. */
static unsigned long long fnv(const char *s)
{
    unsigned long long h = 14695981039346656037ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* body + its check + '\n' appended to text. */
static void line(char *text, size_t cap, const char *body)
{
    size_t at = strlen(text);
    snprintf(text + at, cap - at, "%s %016llx\n", body, fnv(body));
}

static void test_round_trip(void)
{
    Levels l;
    levels_open(&l, NULL);
    LoudLevel a = level(-5.6544, 0.0123456f, LOUD_VOICE), b = level(-12.5, 0.0f, LOUD_SOUND), got;
    a.dc[1] = -0.0123456f;
    levels_add(&l, 0x0123456789abcdefULL, LOUD_VOICE, 1, &a);
    levels_add(&l, 0x0123456789abcdefULL, LOUD_SOUND, 2, &b);
    CHECK(levels_find(&l, 0x0123456789abcdefULL, LOUD_VOICE, 1, &got) &&
              got.gain_db == -12.35 && got.dc[0] == 0.012346f,
          "an entry comes back rounded as the file keeps it (%.4f, %.6f)", got.gain_db, got.dc[0]);
    LoudLevel r = a;
    levels_round(&r);
    CHECK(r.gain_db == got.gain_db && r.dc[0] == got.dc[0] && r.level_db == got.level_db,
          "a fresh measurement rounded is the same as one read back");
    CHECK(!levels_find(&l, 0x0123456789abcdeeULL, LOUD_VOICE, 1, &got), "another key is a miss");
    CHECK(!levels_find(&l, 0x0123456789abcdefULL, LOUD_SOUND, 1, &got),
          "a stereo sound's entry is not a mono one's (the same file as a hotspot sound)");
    size_t len;
    char *text = levels_format(&l, &len);
    CHECK(text && strncmp(text, "hushabye-levels 2\n", 18) == 0, "the file begins with its version");
    Levels m;
    levels_open(&m, NULL);
    CHECK(levels_parse(&m, text, len) == 2, "both entries are read back:\n%s", text);
    CHECK(levels_find(&m, 0x0123456789abcdefULL, LOUD_SOUND, 2, &got) && got.gain_db == -5.5 &&
              got.speech == 1 && got.seconds == 15.0 && got.peak_db == -0.5,
          "a sound is kept apart from a voice of the same key (%.2f)", got.gain_db);
    CHECK(levels_find(&m, 0x0123456789abcdefULL, LOUD_VOICE, 1, &got) && got.gain_db == -12.35 &&
              got.dc[0] == 0.012346f && got.dc[1] == 0.012346f && got.level_db == -5.65,
          "every number comes back as it was written (a mono entry has one offset)");
    levels_free(&m);
    free(text);
    levels_free(&l);
}

static void test_strict(void)
{
    Levels l;
    levels_open(&l, NULL);
    char text[4096] = "hushabye-levels 1\n";
    line(text, sizeof text, "0000000000000001 v1 -100 0 0 -1700 -300 5000 1");
    CHECK(levels_parse(&l, text, strlen(text)) == 0, "another version's file is not read");
    snprintf(text, sizeof text, "hushabye-levels 2\n");
    line(text, sizeof text, "0000000000000001 v1 -100 0 0 -1700 -300 5000 1");     /* good */
    line(text, sizeof text, "0000000000000002 v1 1200 0 0 -300 0 5000 1");         /* gain not its level's */
    line(text, sizeof text, "0000000000000003 s1 100 0 0 -1900 -300 5000 1");      /* a sound raised */
    line(text, sizeof text, "0000000000000004 v1 -100 0 0 -1700 -300 5000 2");     /* speech 2 */
    line(text, sizeof text, "000000000000000G v1 -100 0 0 -1700 -300 5000 1");     /* not hex */
    line(text, sizeof text, "0000000000000005 v1 -100 0 0 -1700 -300 5000 1 7");   /* one too many */
    line(text, sizeof text, "0000000000000006 v1 -100 0 0 -1700 -300 5000");       /* one too few */
    line(text, sizeof text, "0000000000000007 x1 -100 0 0 -1700 -300 5000 1");     /* no such use */
    line(text, sizeof text, "0000000000000008 v1 -1e2 0 0 -1700 -300 5000 1");     /* not an integer */
    line(text, sizeof text, "0000000000000009 v2 -100 600000 0 -1700 -300 5000 1"); /* offset 0.6 */
    line(text, sizeof text, "000000000000000a v1 -100 0 0 -1700 -300 99000 1");    /* seconds */
    line(text, sizeof text, "000000000000000b v1 -100  0 0 -1700 -300 5000 1");    /* two spaces */
    line(text, sizeof text, "000000000000000c v1 -100 5 6 -1700 -300 5000 1");     /* mono, two offsets */
    line(text, sizeof text, "000000000000000d v3 -100 0 0 -1700 -300 5000 1");     /* 3 channels */
    line(text, sizeof text, "0000000000000001 v1 -200 0 0 -1600 -300 5000 1");     /* the key again */
    /* a good line with one digit damaged after its check was made */
    size_t at = strlen(text);
    line(text, sizeof text, "000000000000000e v1 -100 0 0 -1700 -300 5000 1");
    text[at + 22] = '9';
    strcat(text, "000000000000000f v1 -100 0 0 -1700 -300 5000 1 0000000000000000");  /* cut short */
    CHECK(levels_parse(&l, text, strlen(text)) == 1,
          "only the good line is taken (%d entries)", l.n);
    LoudLevel got;
    CHECK(levels_find(&l, 1, LOUD_VOICE, 1, &got) && got.gain_db == -1.0,
          "the first of a key counts, later ones are left out");
    for (uint64_t k = 2; k <= 15; k++)
        CHECK(!levels_find(&l, k, LOUD_VOICE, 1, &got) && !levels_find(&l, k, LOUD_SOUND, 1, &got) &&
                  !levels_find(&l, k, LOUD_VOICE, 2, &got),
              "bad line %d is left out", (int)k);
    levels_free(&l);
}

static void test_evict(void)
{
    Levels l;
    levels_open(&l, NULL);
    LoudLevel a = level(-17.0, 0.0f, LOUD_VOICE), got;
    for (uint64_t k = 1; k <= LEVELS_MAX; k++)
        levels_add(&l, k, LOUD_VOICE, 1, &a);
    CHECK(levels_find(&l, 1, LOUD_VOICE, 1, &got), "the first entry is there while there is room");
    levels_add(&l, LEVELS_MAX + 1, LOUD_VOICE, 1, &a);
    CHECK(l.n == LEVELS_MAX, "the cache holds at most %d entries (%d)", LEVELS_MAX, l.n);
    CHECK(levels_find(&l, 1, LOUD_VOICE, 1, &got), "the entry just used is kept");
    CHECK(!levels_find(&l, 2, LOUD_VOICE, 1, &got), "the one used longest ago made way");
    CHECK(levels_find(&l, LEVELS_MAX + 1, LOUD_VOICE, 1, &got), "and the new one is in");
    size_t len;
    char *text = levels_format(&l, &len);
    Levels m;
    levels_open(&m, NULL);
    CHECK(text && levels_parse(&m, text, len) == LEVELS_MAX && len < LEVELS_MAX_FILE,
          "a full cache is written whole and read back whole (%zu bytes)", len);
    /* The file's order is the order of use: the one used last is read last,
     * so it outlives the others when the next night makes way. */
    levels_add(&m, LEVELS_MAX + 2, LOUD_VOICE, 1, &a);
    CHECK(levels_find(&m, LEVELS_MAX + 1, LOUD_VOICE, 1, &got) &&
              levels_find(&m, 1, LOUD_VOICE, 1, &got),
          "read back, the ones used last are still kept after another is added");
    free(text);
    levels_free(&m);
    levels_free(&l);
}

static void test_files(void)
{
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/levels-%ld", TEST_TMP, (long)getpid());
    snprintf(path, sizeof path, "%s/cache/hushabye/levels", dir);
    mkdir(TEST_TMP, 0755);
    mkdir(dir, 0755);
    Levels l, other;
    levels_open(&l, path);
    CHECK(l.n == 0, "no file yet: an empty cache");
    CHECK(levels_save(&l) == 0 && access(path, F_OK) != 0, "nothing new: nothing written");
    LoudLevel a = level(-15.0, 0.0f, LOUD_VOICE), got;
    levels_add(&l, 42, LOUD_VOICE, 1, &a);
    CHECK(levels_save(&l) == 0 && access(path, F_OK) == 0,
          "a new entry is written, its folders made");
    levels_free(&l);

    /* Two players at once: each read the file with 42 in it, each measured
     * one more; both are kept, whichever closes last. */
    levels_open(&l, path);
    levels_open(&other, path);
    levels_add(&l, 43, LOUD_VOICE, 1, &a);
    levels_add(&other, 44, LOUD_VOICE, 1, &a);
    CHECK(levels_save(&l) == 0 && levels_save(&other) == 0, "two players write the cache");
    levels_free(&l);
    levels_free(&other);
    levels_open(&l, path);
    CHECK(levels_find(&l, 42, LOUD_VOICE, 1, &got) && got.gain_db == -3.0 &&
              levels_find(&l, 43, LOUD_VOICE, 1, &got) && levels_find(&l, 44, LOUD_VOICE, 1, &got),
          "and the next night reads all three back (%d entries)", l.n);
    levels_free(&l);

    FILE *f = fopen(path, "w");
    fputs("\x89PNG garbage\n", f);
    fclose(f);
    levels_open(&l, path);
    CHECK(l.n == 0, "a file that is not the cache is an empty cache");
    levels_free(&l);
    unlink(path);
    mkdir(path, 0755);
    levels_open(&l, path);
    levels_add(&l, 42, LOUD_VOICE, 1, &a);
    CHECK(l.n == 1 && levels_save(&l) != 0, "a folder where the file should be: not written, "
          "and the night goes on");
    levels_free(&l);
    rmdir(path);

    levels_open(&l, "");
    levels_add(&l, 42, LOUD_VOICE, 1, &a);
    CHECK(levels_save(&l) == 0, "no path: kept for the night, nothing written");
    levels_free(&l);
}

/* A voice of hiss (loud.h) is kept with its own gain, read back the same,
 * and a line calling a sound hiss, or hiss with a voice's gain, is left out. */
static void test_hiss(void)
{
    Levels l, back;
    levels_open(&l, NULL);
    LoudLevel h = level(-20.0, 0.0f, LOUD_VOICE), got;
    h.speech = LOUD_HISS;
    h.gain_db = loud_hiss_gain(h.level_db);
    levels_add(&l, 7, LOUD_VOICE, 1, &h);
    size_t len;
    char *text = levels_format(&l, &len);
    levels_open(&back, NULL);
    CHECK(text && levels_parse(&back, text, len) == 1 && levels_find(&back, 7, LOUD_VOICE, 1, &got) &&
              got.speech == LOUD_HISS && got.gain_db == -28.0,
          "a voice of hiss comes back as hiss, at its gain (%.2f)", got.gain_db);
    free(text);
    levels_free(&back);
    char bad[512] = "hushabye-levels 2\n";
    line(bad, sizeof bad, "0000000000000008 s1 -2800 0 0 -2000 -50 15000 2");
    line(bad, sizeof bad, "0000000000000009 v1 200 0 0 -2000 -50 15000 2");
    levels_open(&back, NULL);
    CHECK(levels_parse(&back, bad, strlen(bad)) == 0, "a sound called hiss, and hiss at a "
          "voice's gain, are left out");
    levels_free(&back);
    levels_free(&l);
}

int main(void)
{
    test_round_trip();
    test_strict();
    test_evict();
    test_files();
    test_hiss();
    CHECK_DONE();
}
