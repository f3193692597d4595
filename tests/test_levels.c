/* Tests for levels: a recording's measured loudness written and read back
 * exactly, the file read strictly (another version, a damaged line, a
 * number out of loud.h's limits, a line cut short: each left out), the
 * entries used longest ago making way past LEVELS_MAX, and nothing kept
 * without a path. */
#include "check.h"
#include "levels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static LoudLevel level(double gain, float dc)
{
    LoudLevel lv = { .dc = { dc, -dc }, .level_db = -6.123, .peak_db = -0.5, .gain_db = gain,
                     .seconds = 15.0, .speech = 1 };
    return lv;
}

static void test_round_trip(void)
{
    Levels l;
    levels_open(&l, NULL);
    LoudLevel a = level(-12.3456, 0.0123456f), b = level(-5.5, 0.0f), got;
    levels_add(&l, 0x0123456789abcdefULL, LOUD_VOICE, &a);
    levels_add(&l, 0x0123456789abcdefULL, LOUD_SOUND, &b);
    CHECK(levels_find(&l, 0x0123456789abcdefULL, LOUD_VOICE, &got) &&
              got.gain_db == -12.35 && got.dc[0] == 0.012346f,
          "an entry comes back rounded as the file keeps it (%.4f, %.6f)", got.gain_db, got.dc[0]);
    LoudLevel r = a;
    levels_round(&r);
    CHECK(r.gain_db == got.gain_db && r.dc[1] == got.dc[1] && r.level_db == got.level_db,
          "a fresh measurement rounded is the same as one read back");
    CHECK(!levels_find(&l, 0x0123456789abcdeeULL, LOUD_VOICE, &got), "another key is a miss");
    size_t len;
    char *text = levels_format(&l, &len);
    CHECK(text && strncmp(text, "hushabye-levels 1\n", 18) == 0, "the file begins with its version");
    Levels m;
    levels_open(&m, NULL);
    CHECK(levels_parse(&m, text, len) == 2, "both entries are read back");
    CHECK(levels_find(&m, 0x0123456789abcdefULL, LOUD_SOUND, &got) && got.gain_db == -5.5 &&
              got.speech == 1 && got.seconds == 15.0 && got.peak_db == -0.5,
          "a sound is kept apart from a voice of the same key (%.2f)", got.gain_db);
    CHECK(levels_find(&m, 0x0123456789abcdefULL, LOUD_VOICE, &got) && got.gain_db == -12.35 &&
              got.dc[0] == 0.012346f && got.dc[1] == -0.012346f && got.level_db == -6.12,
          "every number comes back as it was written");
    levels_free(&m);
    free(text);
    levels_free(&l);
}

static void test_strict(void)
{
    Levels l;
    levels_open(&l, NULL);
    const char *other = "hushabye-levels 2\n0000000000000001 v -100 0 0 -1500 -300 5000 1\n";
    CHECK(levels_parse(&l, other, strlen(other)) == 0, "another version's file is not read");
    const char *text =
        "hushabye-levels 1\n"
        "0000000000000001 v -100 0 0 -1500 -300 5000 1\n"      /* good */
        "0000000000000002 v 9900 0 0 -1500 -300 5000 1\n"      /* a raise of 99 dB */
        "0000000000000003 s 100 0 0 -1500 -300 5000 1\n"       /* a sound raised */
        "0000000000000004 v -100 0 0 -1500 -300 5000 2\n"      /* speech neither 0 nor 1 */
        "000000000000000G v -100 0 0 -1500 -300 5000 1\n"      /* not hex */
        "0000000000000005 v -100 0 0 -1500 -300 5000 1 7\n"    /* a number too many */
        "0000000000000006 v -100 0 0 -1500 -300 5000\n"        /* one too few */
        "0000000000000007 x -100 0 0 -1500 -300 5000 1\n"      /* no such use */
        "0000000000000008 v -1e2 0 0 -1500 -300 5000 1\n"      /* not an integer */
        "0000000000000009 v -100 2000000 0 -1500 -300 5000 1\n" /* an offset past full scale */
        "000000000000000a v -100 0 0 -1500 -300 99000 1\n"     /* more seconds than measured */
        "000000000000000b v -100  0 0 -1500 -300 5000 1\n"     /* two spaces */
        "0000000000000001 v -200 0 0 -1500 -300 5000 1\n"      /* the same key again */
        "000000000000000c v -100 0 0 -1500 -300 5000 1";       /* cut short: no line end */
    CHECK(levels_parse(&l, text, strlen(text)) == 1,
          "only the good line is taken (%d entries)", l.n);
    LoudLevel got;
    CHECK(levels_find(&l, 1, LOUD_VOICE, &got) && got.gain_db == -1.0,
          "the first of a key counts, later ones are left out");
    for (uint64_t k = 2; k <= 12; k++)
        CHECK(!levels_find(&l, k, LOUD_VOICE, &got) && !levels_find(&l, k, LOUD_SOUND, &got),
              "bad line %d is left out", (int)k);
    levels_free(&l);
}

static void test_evict(void)
{
    Levels l;
    levels_open(&l, NULL);
    LoudLevel a = level(-1.0, 0.0f), got;
    for (uint64_t k = 1; k <= LEVELS_MAX; k++)
        levels_add(&l, k, LOUD_VOICE, &a);
    CHECK(levels_find(&l, 1, LOUD_VOICE, &got), "the first entry is there while there is room");
    levels_add(&l, LEVELS_MAX + 1, LOUD_VOICE, &a);
    CHECK(l.n == LEVELS_MAX, "the cache holds at most %d entries (%d)", LEVELS_MAX, l.n);
    CHECK(levels_find(&l, 1, LOUD_VOICE, &got), "the entry just used is kept");
    CHECK(!levels_find(&l, 2, LOUD_VOICE, &got), "the one used longest ago made way");
    CHECK(levels_find(&l, LEVELS_MAX + 1, LOUD_VOICE, &got), "and the new one is in");
    size_t len;
    char *text = levels_format(&l, &len);
    Levels m;
    levels_open(&m, NULL);
    CHECK(text && levels_parse(&m, text, len) == LEVELS_MAX && len < LEVELS_MAX_FILE,
          "a full cache is written whole and read back whole (%zu bytes)", len);
    /* The file's order is the order of use: the one used last is read last,
     * so it outlives the others when the next night makes way. */
    levels_add(&m, LEVELS_MAX + 2, LOUD_VOICE, &a);
    CHECK(levels_find(&m, LEVELS_MAX + 1, LOUD_VOICE, &got) && levels_find(&m, 1, LOUD_VOICE, &got),
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
    Levels l;
    levels_open(&l, path);
    CHECK(l.n == 0, "no file yet: an empty cache");
    CHECK(levels_save(&l) == 0 && access(path, F_OK) != 0, "nothing new: nothing written");
    LoudLevel a = level(-3.0, 0.0f), got;
    levels_add(&l, 42, LOUD_VOICE, &a);
    CHECK(levels_save(&l) == 0 && access(path, F_OK) == 0,
          "a new entry is written, its folders made");
    levels_free(&l);
    levels_open(&l, path);
    CHECK(levels_find(&l, 42, LOUD_VOICE, &got) && got.gain_db == -3.0,
          "and read back on the next night");
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
    levels_add(&l, 42, LOUD_VOICE, &a);
    CHECK(l.n == 1 && levels_save(&l) != 0, "a folder where the file should be: not written, "
          "and the night goes on");
    levels_free(&l);
    rmdir(path);

    levels_open(&l, "");
    levels_add(&l, 42, LOUD_VOICE, &a);
    CHECK(levels_save(&l) == 0, "no path: kept for the night, nothing written");
    levels_free(&l);
}

int main(void)
{
    test_round_trip();
    test_strict();
    test_evict();
    test_files();
    CHECK_DONE();
}
