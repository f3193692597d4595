/* test_take — saving a take over the old narration keeps the old one once,
 * and take_undo() brings it back (with its timed words), as often as asked. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "take.h"

static char dir[512];

static void put(const char *name, const char *bytes)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    files_write_atomic(path, bytes, strlen(bytes));
}

static int exists(const char *name)
{
    char path[700];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

/* The file's bytes start with want. */
static int holds(const char *name, const char *want)
{
    unsigned char *data = NULL;
    size_t len = 0;
    int ok = files_read(dir, name, 1 << 20, &data, &len) == FILES_OK &&
             len >= strlen(want) && memcmp(data, want, strlen(want)) == 0;
    free(data);
    return ok;
}

static int count_previous(void)
{
    char **names = NULL;
    int n = 0, k = files_list(dir, &names);
    (void)k;
    /* files_list hides dot files, so look by name. */
    static const char *const candidates[] = { ".previous-03.ogg", ".previous-03.wav",
                                              ".previous-03.mp3" };
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        n += exists(candidates[i]);
    files_list_free(names, k > 0 ? k : 0);
    return n;
}

static void test_page(void)
{
    int16_t samples[4800] = { 0 };
    char name[64];
    TakeTarget t = { dir, 3 };
    for (int i = 0; i < 4800; i++)
        samples[i] = (int16_t)((i % 48) * 200 - 4800);
    put("03.ogg", "OggS the parent's first reading");
    put("03.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nOld\n");
    CHECK(take_has_previous(&t) == 0, "a page never recorded over has no previous take");
    errno = 0;
    CHECK(take_undo(&t, name, sizeof name) < 0 && errno == ENOENT,
          "undo with nothing to bring back says so and changes nothing");
    CHECK(exists("03.ogg"), "(the narration is still there)");

    CHECK(take_save(&t, samples, 4800, name, sizeof name) == 0 && !strcmp(name, "03.wav"),
          "a new take is saved as 03.wav");
    take_retire_timings(&t);
    CHECK(exists("03.wav") && !exists("03.ogg"), "the page has one narration, the new one");
    CHECK(holds(".previous-03.ogg", "OggS the parent's first"),
          "the take it replaced is kept, hidden, byte for byte");
    CHECK(take_has_previous(&t), "so there is a take to bring back");

    CHECK(take_undo(&t, name, sizeof name) == 0 && !strcmp(name, "03.ogg"),
          "undo brings back 03.ogg");
    CHECK(exists("03.ogg") && !exists("03.wav") && holds("03.ogg", "OggS the parent's first"),
          "the old reading plays again, alone");
    CHECK(holds(".previous-03.wav", "RIFF"), "and the new take is kept in its turn");
    CHECK(holds("03.vtt", "WEBVTT") && !exists(".03.vtt.before-recording"),
          "the old reading's timed words come back with it");

    CHECK(take_undo(&t, name, sizeof name) == 0 && !strcmp(name, "03.wav") &&
              exists("03.wav") && !exists("03.ogg"),
          "undo again gives the new take back: nothing is ever lost");
    CHECK(!exists("03.vtt") && exists(".03.vtt.before-recording"),
          "and its page has no timed words that would light the wrong ones");

    CHECK(take_save(&t, samples, 2400, name, sizeof name) == 0, "a third take is saved");
    CHECK(count_previous() == 1 && holds(".previous-03.wav", "RIFF"),
          "only one previous take is kept: the one just replaced");

    /* An undo cut short after its first step: the next undo finishes it. */
    char from[700], to[700];
    snprintf(from, sizeof from, "%s/.previous-03.wav", dir);
    snprintf(to, sizeof to, "%s/.undoing-03.wav", dir);
    rename(from, to);
    snprintf(from, sizeof from, "%s/03.wav", dir);
    snprintf(to, sizeof to, "%s/.previous-03.wav", dir);
    rename(from, to); /* cut short after step 2: the page has no narration */
    CHECK(take_has_previous(&t), "a take left half-way through an undo is found");
    CHECK(take_undo(&t, name, sizeof name) == 0 && exists("03.wav"),
          "and the next undo puts it back, so the page is never left silent");
}

static void test_reassurance(void)
{
    int16_t samples[4800] = { 0 };
    char name[64];
    TakeTarget t = { dir, 0 };
    samples[100] = 1000;
    put("reassurance.ogg", "OggS grandma's voice");
    CHECK(take_save(&t, samples, 4800, name, sizeof name) == 0 &&
              !strcmp(name, "reassurance.wav"),
          "the closing words' take is saved");
    CHECK(holds(".previous-reassurance.ogg", "OggS grandma"),
          "and the recording it replaced is kept");
    CHECK(take_undo(&t, name, sizeof name) == 0 && !strcmp(name, "reassurance.ogg") &&
              !exists("reassurance.wav"),
          "undo brings grandma's voice back");
}

int main(void)
{
    snprintf(dir, sizeof dir, "%s/take-%d", TEST_TMP, (int)getpid());
    files_mkdirs(dir);
    test_page();
    test_reassurance();
    CHECK_DONE();
}
