/* test_take — saving a take over the old narration keeps the old one once,
 * and take_undo() brings it back (with its timed words), as often as asked.
 * Nothing a family made is ever deleted: a page's other recordings are set
 * aside as hidden files, byte for byte, through takes and undos, and the
 * loader still sees one narration a page. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "files.h"
#include "story.h"
#include "take.h"
#include "wav.h"

/* A take's WAV header: 44 bytes and the LIST/INFO chunk marking it a take
 * ("Hushabye take" as ISFT: 8 + 4 + 8 + 14). */
#define TAKE_HEAD (WAV_HEADER + 34)

static char dir[512];

/* Each case in a folder of its own, so one's hidden files are not another's. */
static void use_folder(const char *name)
{
    snprintf(dir, sizeof dir, "%s/take-%d-%s", TEST_TMP, (int)getpid(), name);
    files_mkdirs(dir);
}

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

/* The file holds exactly these bytes. */
static int same(const char *name, const char *want)
{
    unsigned char *data = NULL;
    size_t len = 0;
    int ok = files_read(dir, name, 1 << 20, &data, &len) == FILES_OK && len == strlen(want) &&
             memcmp(data, want, len) == 0;
    free(data);
    return ok;
}

/* How many files of the folder, hidden or not, hold exactly these bytes. */
static int copies_of(const char *want)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n += same(e->d_name, want);
    if (d)
        closedir(d);
    return n;
}

/* How many files of the folder, hidden or not. */
static int count_files(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

/* What the story loader makes of the folder for page: its narration's name
 * (copied to out, "" when none), and whether it warned of two recordings. */
static int loader_sees(int page, char *out, size_t len)
{
    Story s;
    Diags d = { 0 };
    int two = 0;
    memset(&s, 0, sizeof s);
    story_load(dir, &s, &d);
    out[0] = '\0';
    for (int i = 0; i < s.npages; i++)
        if (s.pages[i].number == page && s.pages[i].narration)
            snprintf(out, len, "%s", s.pages[i].narration);
    for (int i = 0; i < d.n; i++)
        two += strstr(d.items[i].msg, "two recordings") != NULL;
    story_free(&s);
    diag_free(&d);
    return two;
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

    TakeReport rep;
    CHECK(take_save_report(&t, samples, 4800, name, sizeof name, &rep) == 0 &&
              !strcmp(name, "03.wav"), "a new take is saved as 03.wav");
    CHECK(rep.retired == 1 && !exists("03.vtt") && exists(".03.vtt.before-recording"),
          "and the save itself sets the old reading's timed words aside (%d)", rep.retired);
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
    CHECK(same(".set-aside-03.ogg", "OggS the parent's first reading"),
          "the first reading, no take of the tool's, is set aside byte for byte, not deleted");

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

static long size_of(const char *name)
{
    char path[700];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

#define MUM "RIFF mum's reading of page 1"
#define DAD "OggS dad's reading of page 1"
#define GRAN "ID3 grandma's reading of page 1"

/* A page with two recordings (the loader plays the first by name, 01-dad.ogg):
 * a new take keeps both, one for undo and one set aside. */
static void test_two_recordings(void)
{
    int16_t samples[4800] = { 0 };
    char name[64], seen[300];
    TakeTarget t = { dir, 1 };
    TakeReport rep;
    use_folder("two");
    put("01.txt", "The moon is up.\n");
    put("01-mum.wav", MUM);
    put("01-dad.ogg", DAD);
    CHECK(loader_sees(1, seen, sizeof seen) == 1 && !strcmp(seen, "01-dad.ogg"),
          "(before: the loader warns of two recordings and plays 01-dad.ogg)");

    CHECK(take_save_report(&t, samples, 4800, name, sizeof name, &rep) == 0 &&
              !strcmp(name, "01.wav"),
          "a take for a page with two recordings is saved as 01.wav");
    CHECK(copies_of(MUM) == 1 && copies_of(DAD) == 1,
          "both old recordings are still in the folder, byte for byte, once each");
    CHECK(same(".previous-01-dad.ogg", DAD),
          "the one that was playing (01-dad.ogg) is the previous take, for undo");
    CHECK(same(".set-aside-01-mum.wav", MUM) && !exists("01-mum.wav"),
          "the other (01-mum.wav) is set aside as the hidden .set-aside-01-mum.wav");
    CHECK(!strcmp(rep.replaced, "01-dad.ogg"), "the report names the recording replaced");
    CHECK(rep.naside == 1 && !strcmp(rep.aside[0].name, "01-mum.wav") &&
              !strcmp(rep.aside[0].hidden, ".set-aside-01-mum.wav") && !rep.aside[0].was_previous,
          "and the one set aside, with its hidden name");
    CHECK(loader_sees(1, seen, sizeof seen) == 0 && !strcmp(seen, "01.wav"),
          "the loader sees exactly one recording for page 1, the new take (got '%s')", seen);

    CHECK(take_undo(&t, name, sizeof name) == 0 && !strcmp(name, "01-dad.ogg") &&
              same("01-dad.ogg", DAD) && !exists("01.wav"),
          "undo brings back the recording that was playing, byte for byte");
    CHECK(holds(".previous-01.wav", "RIFF") && same(".set-aside-01-mum.wav", MUM),
          "the take is kept for a second undo, and 01-mum.wav stays set aside");
    CHECK(loader_sees(1, seen, sizeof seen) == 0 && !strcmp(seen, "01-dad.ogg"),
          "after undo the loader sees one recording for page 1, 01-dad.ogg (got '%s')", seen);

    TakeReport none;
    CHECK(take_undo_report(&t, name, sizeof name, &none) == 0 && !strcmp(name, "01.wav") &&
              same(".previous-01-dad.ogg", DAD) && copies_of(MUM) == 1 && none.naside == 0,
          "a second undo gives the take back; dad's and mum's recordings are both kept");

    put("01-gran.mp3", GRAN); /* copied in by hand after the take; played first by name */
    long take = size_of("01.wav");
    CHECK(take_undo_report(&t, name, sizeof name, &rep) == 0 && !strcmp(name, "01-dad.ogg") &&
              same(".previous-01-gran.mp3", GRAN) && !exists("01-gran.mp3"),
          "undo makes the recording playing (01-gran.mp3, put there since) the previous one");
    CHECK(holds(".set-aside-01.wav", "RIFF") && size_of(".set-aside-01.wav") == take &&
              !exists("01.wav"),
          "and sets the take beside it aside, never deletes it");
    CHECK(rep.naside == 1 && !strcmp(rep.aside[0].name, "01.wav") &&
              !strcmp(rep.aside[0].hidden, ".set-aside-01.wav") && !rep.aside[0].was_previous &&
              rep.replaced[0] == '\0',
          "the undo's report names the take it set aside and its hidden name (%d)", rep.naside);
    CHECK(loader_sees(1, seen, sizeof seen) == 0 && !strcmp(seen, "01-dad.ogg") &&
              copies_of(MUM) == 1 && copies_of(DAD) == 1 && copies_of(GRAN) == 1,
          "the page has one voice again with every recording still in the folder");
}

/* A take after an undo: the undone take may go (undo reaches one back), the
 * narration that came with the story may not. */
static void test_take_after_undo(void)
{
    int16_t a[4800] = { 0 }, b[2400] = { 0 }, c[1200] = { 0 };
    char name[64], seen[300];
    TakeTarget t = { dir, 2 };
    use_folder("after-undo");
    put("02.txt", "The owl says goodnight.\n");
    put("02.ogg", "OggS the story's own voice");
    CHECK(take_save(&t, a, 4800, name, sizeof name) == 0 &&
              take_undo(&t, name, sizeof name) == 0 && same("02.ogg", "OggS the story's own voice"),
          "a take, then undo: the story's own voice plays");
    CHECK(take_save(&t, b, 2400, name, sizeof name) == 0 && size_of("02.wav") == TAKE_HEAD + 4800,
          "a take after undo is saved as 02.wav");
    CHECK(same(".previous-02.ogg", "OggS the story's own voice") && count_previous() == 0 &&
              !exists(".previous-02.wav"),
          "the story's voice is its previous take; the undone take was the one let go");
    CHECK(take_save(&t, c, 1200, name, sizeof name) == 0 &&
              size_of(".previous-02.wav") == TAKE_HEAD + 4800,
          "another take keeps the last one for undo");
    CHECK(same(".set-aside-02.ogg", "OggS the story's own voice") && !exists(".previous-02.ogg"),
          "and the story's voice, no longer undo's, is set aside, not deleted");
    CHECK(loader_sees(2, seen, sizeof seen) == 0 && !strcmp(seen, "02.wav"),
          "the loader sees one recording for page 2 (got '%s')", seen);
}

/* Many takes and undos in a row: nothing the family put there is lost, and the
 * hidden files do not pile up. */
static void test_many_takes(void)
{
    int16_t samples[960] = { 0 };
    char name[64], seen[300];
    TakeTarget t = { dir, 4 };
    int lost = 0, piled = 0, voices = 0;
    use_folder("many");
    put("04.txt", "Sleep tight.\n");
    put("04.ogg", "OggS page four as bundled");
    put("04-dad.ogg", DAD);
    for (int i = 0; i < 30; i++) {
        if (i % 4 == 3)
            take_undo(&t, name, sizeof name);
        else
            take_save(&t, samples, (size_t)(96 + i), name, sizeof name);
        lost += copies_of("OggS page four as bundled") != 1 || copies_of(DAD) != 1;
        piled += count_files() > 5; /* words, narration, previous, two set aside */
        voices += loader_sees(4, seen, sizeof seen) != 0 || !seen[0];
    }
    CHECK(lost == 0, "through 30 takes and undos both recordings from before stay, once each");
    CHECK(piled == 0, "and the folder never holds more than 5 files (got %d)", count_files());
    CHECK(voices == 0, "and the loader always sees exactly one recording for page 4");
}

/* Hidden names already taken: a number is added, nothing is written over. */
static void test_collision(void)
{
    int16_t samples[480] = { 0 };
    char name[64];
    TakeTarget t = { dir, 5 };
    TakeReport rep;
    int page = 0;
    use_folder("collision");
    put("05-mum.wav", MUM);
    put("05-dad.ogg", DAD);
    put(".set-aside-05-mum.wav", "something else hidden");
    put(".set-aside-05-mum.2.wav", "another hidden file");
    put(".previous-05-dad.ogg", "OggS dad's first try, kept by an older version");
    CHECK(take_save_report(&t, samples, 480, name, sizeof name, &rep) == 0,
          "a take is saved beside hidden names already taken");
    CHECK(same(".set-aside-05-mum.wav", "something else hidden") &&
              same(".set-aside-05-mum.2.wav", "another hidden file"),
          "the hidden files already there are left as they were");
    CHECK(same(".set-aside-05-mum.3.wav", MUM), "05-mum.wav is set aside under the next number");
    CHECK(story_classify(".set-aside-05-mum.3.wav" + strlen(".set-aside-"), &page) ==
              MEDIA_AUDIO && page == 5,
          "and without its hidden prefix it would be page 5's recording again");
    CHECK(same(".previous-05-dad.ogg", DAD) &&
              same(".set-aside-05-dad.ogg", "OggS dad's first try, kept by an older version"),
          "a hidden previous that is no take of the tool's is set aside, not written over");
    int told = 0;
    for (int i = 0; i < rep.naside; i++) {
        const char *hidden = rep.aside[i].hidden;
        int was = rep.aside[i].was_previous;
        told += (!strcmp(hidden, ".set-aside-05-mum.3.wav") && !was) ||
                (!strcmp(hidden, ".set-aside-05-dad.ogg") && was);
    }
    CHECK(rep.naside == 2 && told == 2, "the report names both, and which was the previous take");
}

/* A page's first take replaces nothing, and the report says so. */
static void test_first_take(void)
{
    int16_t samples[480] = { 0 };
    char name[64];
    TakeTarget t = { dir, 6 };
    TakeReport rep;
    use_folder("first");
    CHECK(take_save_report(&t, samples, 480, name, sizeof name, &rep) == 0 &&
              !strcmp(name, "06.wav"),
          "a page's first take is saved");
    CHECK(rep.replaced[0] == '\0' && rep.naside == 0 && !take_has_previous(&t),
          "it replaced nothing and there is nothing to bring back");
    CHECK(count_files() == 1, "and the folder holds the take alone");
}

/* A page's timed words set aside twice: the newest has the plain hidden name
 * (undo's), the older one is numbered, neither is lost. */
static void test_timings_kept(void)
{
    TakeTarget t = { dir, 7 };
    use_folder("timings");
    put("07.vtt", "WEBVTT\n\nmade by hand\n");
    CHECK(take_retire_timings(&t) == 1 && same(".07.vtt.before-recording",
                                               "WEBVTT\n\nmade by hand\n"),
          "a page's hand-made timings are set aside");
    put("07.vtt", "WEBVTT\n\ntimed by the tool\n");
    CHECK(take_retire_timings(&t) == 1 && !exists("07.vtt"), "the next ones are set aside too");
    CHECK(same(".07.vtt.before-recording", "WEBVTT\n\ntimed by the tool\n") &&
              same(".07.vtt.before-recording.2", "WEBVTT\n\nmade by hand\n"),
          "the newest under the plain hidden name, the hand-made ones numbered, not written over");
    put(".07.vtt.before-recording", "WEBVTT\n\nNOTE made by hushabye-story align\n");
    put("07.vtt", "WEBVTT\n\nNOTE made by hushabye-story align\n\nnewer\n");
    CHECK(take_retire_timings(&t) == 1 &&
              same(".07.vtt.before-recording", "WEBVTT\n\nNOTE made by hushabye-story align\n\nnewer\n") &&
              !exists(".07.vtt.before-recording.3") &&
              same(".07.vtt.before-recording.2", "WEBVTT\n\nmade by hand\n"),
          "older timings the aligner made are not kept piling up; the hand-made ones stay");
}

/* An imported file set aside twice under the same name (import's
 * ".imported-"): the second is numbered, the first kept. */
static void test_set_aside_names(void)
{
    char hidden[300], from[700], to[700];
    use_folder("aside");
    put("owl.m4a", "first phone recording");
    CHECK(files_set_aside(dir, "owl.m4a", "owl.m4a", ".imported-", hidden, sizeof hidden) == 0 &&
              !strcmp(hidden, ".imported-owl.m4a") && same(".imported-owl.m4a",
                                                          "first phone recording"),
          "a file is set aside under the prefix");
    put("owl.m4a", "second phone recording");
    CHECK(files_set_aside(dir, "owl.m4a", "owl.m4a", ".imported-", hidden, sizeof hidden) == 0 &&
              !strcmp(hidden, ".imported-owl.2.m4a") &&
              same(".imported-owl.m4a", "first phone recording") &&
              same(".imported-owl.2.m4a", "second phone recording"),
          "the same name again is numbered (%s), the first kept", hidden);
    snprintf(from, sizeof from, "%s/.imported-owl.m4a", dir);
    snprintf(to, sizeof to, "%s/.imported-owl.2.m4a", dir);
    CHECK(files_rename_new(from, to) == -1 && errno == EEXIST &&
              same(".imported-owl.m4a", "first phone recording"),
          "a move onto a name already there is refused, both kept");
}

/* A family's own recording named as the tool names its takes (01.wav, the
 * name the story format gives page 1's narration), then two takes: the
 * first keeps it as the previous, the second must set it aside, not drop
 * it as if it were a take (it has no take's mark). */
static void test_family_take_name(void)
{
    int16_t a[480] = { 0 }, b[960] = { 0 };
    char name[64], seen[300];
    TakeTarget t = { dir, 1 };
    use_folder("family-01wav");
    put("01.txt", "The moon is up.\n");
    put("01.wav", "RIFF mum's own recording of page one");
    CHECK(take_save(&t, a, 480, name, sizeof name) == 0 &&
              same(".previous-01.wav", "RIFF mum's own recording of page one"),
          "a first take keeps mum's 01.wav as the previous");
    CHECK(take_save(&t, b, 960, name, sizeof name) == 0 && size_of("01.wav") == TAKE_HEAD + 1920,
          "a second take is saved");
    CHECK(copies_of("RIFF mum's own recording of page one") == 1,
          "mum's own 01.wav is still in the folder (got %d copies)",
          copies_of("RIFF mum's own recording of page one"));
    CHECK(size_of(".previous-01.wav") == TAKE_HEAD + 960, "the first take is undo's previous");
    CHECK(loader_sees(1, seen, sizeof seen) == 0 && !strcmp(seen, "01.wav"),
          "the loader sees one recording for page 1 (got '%s')", seen);
    unsigned char *wav = NULL;
    size_t got = 0;
    CHECK(files_read(dir, "01.wav", 1 << 20, &wav, &got) == FILES_OK &&
              wav_marked(wav, got, "Hushabye take") && !wav_marked(wav, got, "Hushabye"),
          "a take carries its mark, whole");
    WavInfo w;
    CHECK(wav && wav_parse(wav, got, &w) == WAV_OK && w.rate == 48000 && w.channels == 1 &&
              w.frames == 960,
          "and is still a plain WAV to its readers");
    free(wav);
}

/* Eleven recordings of one page (more than one scan holds), then a take:
 * every other one is set aside, so the take is what plays. A folder planted
 * under a previous take's hidden name is set aside by a save, and stops an
 * undo, moving nothing. */
static int take_is_dir_at(const char *folder, const char *name)
{
    char path[1000];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", folder, name);
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void test_crowded_and_planted(void)
{
    int16_t a[480] = { 0 };
    char name[64], seen[300], file[32], what[64], path[700];
    TakeTarget t = { dir, 1 };
    use_folder("crowded");
    put("01.txt", "Moon.\n");
    for (char c = 'a'; c <= 'k'; c++) {
        snprintf(file, sizeof file, "01-%c.wav", c);
        snprintf(what, sizeof what, "RIFF recording %c", c);
        put(file, what);
    }
    CHECK(take_save(&t, a, 480, name, sizeof name) == 0, "a take of a page of 11 recordings");
    CHECK(loader_sees(1, seen, sizeof seen) == 0 && !strcmp(seen, "01.wav"),
          "the take is the page's one recording (got '%s')", seen);
    int kept = 0;
    for (char c = 'a'; c <= 'k'; c++) {
        snprintf(what, sizeof what, "RIFF recording %c", c);
        kept += copies_of(what) == 1;
    }
    CHECK(kept == 11, "all 11 are still in the folder, hidden (%d)", kept);

    use_folder("planted");
    put("01.txt", "Moon.\n");
    put("01.wav", "RIFF mum");
    snprintf(path, sizeof path, "%s/.previous-01.wav", dir);
    mkdir(path, 0755);
    CHECK(take_save(&t, a, 480, name, sizeof name) == 0 && same(".previous-01.wav", "RIFF mum"),
          "a folder planted as .previous-01.wav does not stop the save: mum's 01.wav is kept "
          "under that name");
    int aside = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        if (strstr(e->d_name, ".previous-01.wav") && strcmp(e->d_name, ".previous-01.wav") != 0)
            aside += take_is_dir_at(dir, e->d_name);
    if (d)
        closedir(d);
    CHECK(aside == 1, "and the folder is set aside beside it, not deleted (%d)", aside);

    use_folder("planted-undo-way");
    put("01.txt", "Moon.\n");
    put("01.wav", "RIFF mum");
    put(".previous-01-dad.ogg", "OggS dad");
    snprintf(path, sizeof path, "%s/.previous-01.wav", dir);
    mkdir(path, 0755);
    errno = 0;
    CHECK(take_undo(&t, name, sizeof name) == -1 && errno == EEXIST && same("01.wav", "RIFF mum") &&
              same(".previous-01-dad.ogg", "OggS dad"),
          "a folder where the take playing would go stops an undo before it moves anything");
}

/* A save that cannot finish (the disk full: a file size limit makes the
 * write fail as ENOSPC would) changes nothing: not the take playing, not
 * the one undo would bring back, not the timed words. */
static void test_save_fails(void)
{
    use_folder("full");
    TakeTarget t = { dir, 4 };
    int16_t small[100] = { 0 }, big[48000];
    char name[64];
    for (int i = 0; i < 48000; i++)
        big[i] = (int16_t)((i % 96) * 100 - 4800);
    CHECK(take_save(&t, small, 100, name, sizeof name) == 0, "take A is saved");
    CHECK(take_save(&t, small, 50, name, sizeof name) == 0, "take B is saved over it");
    put("04.vtt", "WEBVTT\n\ntake B's words\n");
    unsigned char *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0;
    files_read(dir, ".previous-04.wav", 1 << 20, &a, &alen);
    files_read(dir, "04.wav", 1 << 20, &b, &blen);
    struct rlimit was, tight = { 4096, 4096 };
    getrlimit(RLIMIT_FSIZE, &was);
    tight.rlim_max = was.rlim_max;
    void (*old)(int) = signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &tight);
    int rc = take_save(&t, big, 48000, name, sizeof name);
    setrlimit(RLIMIT_FSIZE, &was);
    signal(SIGXFSZ, old);
    CHECK(rc != 0, "take C, too big for the room left, is not saved");
    unsigned char *a2 = NULL, *b2 = NULL;
    size_t a2len = 0, b2len = 0;
    files_read(dir, ".previous-04.wav", 1 << 20, &a2, &a2len);
    files_read(dir, "04.wav", 1 << 20, &b2, &b2len);
    CHECK(a && b && a2 && b2 && alen == a2len && blen == b2len && !memcmp(a, a2, alen) &&
              !memcmp(b, b2, blen) && alen != blen,
          "take B still plays and take A is still the one undo brings back, byte for byte");
    CHECK(same("04.vtt", "WEBVTT\n\ntake B's words\n") && !exists(".04.vtt.before-recording"),
          "and take B's timed words are where they were");
    CHECK(count_files() == 3, "no temporary file is left (%d files)", count_files());
    free(a), free(b), free(a2), free(b2);
}

/* Two saves of one page at once: the second waits for the first (take_lock),
 * so the page ends with one narration, the second take, and the first kept
 * for undo. A save while another process holds the folder does not finish
 * until it lets go. */
static void test_one_at_a_time(void)
{
    use_folder("lock");
    TakeTarget t = { dir, 5 };
    int16_t first[100], second[200];
    char name[64];
    for (int i = 0; i < 200; i++) {
        second[i] = (int16_t)(i * 7);
        if (i < 100)
            first[i] = (int16_t)(i * 3);
    }
    put("05.ogg", "OggS the family's reading");
    put("05.txt", "Five.");
    int pipefd[2];
    CHECK(pipe(pipefd) == 0, "a pipe to hear from the other process");
    pid_t child = fork();
    if (child == 0) {
        close(pipefd[0]);
        take_lock(dir);              /* another process saving the page */
        if (write(pipefd[1], "l", 1) != 1)
            _exit(3);
        struct timespec pause = { 0, 300 * 1000 * 1000 };
        nanosleep(&pause, NULL);
        int rc = take_save(&t, first, 100, name, sizeof name);
        /* Said while the folder is still held: once it lets go, this
         * process may not be scheduled again before the other one saves. */
        if (rc == 0 && write(pipefd[1], "s", 1) != 1)
            _exit(3);
        take_unlock();
        _exit(rc == 0 ? 0 : 1);
    }
    close(pipefd[1]);
    char c;
    CHECK(read(pipefd[0], &c, 1) == 1, "the other process holds the folder");
    CHECK(take_save(&t, second, 200, name, sizeof name) == 0, "this save waits for it, then saves");
    int flags = fcntl(pipefd[0], F_GETFL);
    fcntl(pipefd[0], F_SETFL, flags | O_NONBLOCK);
    CHECK(read(pipefd[0], &c, 1) == 1 && c == 's',
          "by then the other process's save was done (the lock was waited for)");
    close(pipefd[0]);
    int status = -1;
    CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "and the other process's save succeeded");
    char playing[64];
    loader_sees(5, playing, sizeof playing);
    unsigned char *now = NULL, *prev = NULL;
    size_t nlen = 0, plen = 0;
    files_read(dir, "05.wav", 1 << 20, &now, &nlen);
    files_read(dir, ".previous-05.wav", 1 << 20, &prev, &plen);
    CHECK(!strcmp(playing, "05.wav") && now && nlen == TAKE_HEAD + 400,
          "the page plays one narration, the second take (%s, %zu bytes)", playing, nlen);
    CHECK(prev && plen == TAKE_HEAD + 200, "the first take is the one undo brings back (%zu)",
          plen);
    CHECK(same(".set-aside-05.ogg", "OggS the family's reading"),
          "and the family's reading is set aside, byte for byte");
    free(now), free(prev);
}

/* A file planted under the previous take's hidden name that is no recording
 * (a note, a picture) is not brought back: undo says so and changes nothing. */
static void test_undo_not_a_recording(void)
{
    char name[64];
    TakeTarget t = { dir, 2 };
    put("02.ogg", "OggS the reading playing now");
    put(".previous-02.wav", "a shopping list, not a recording");
    errno = 0;
    CHECK(take_undo(&t, name, sizeof name) < 0 && errno == EILSEQ,
          "undo refuses a previous take that is no recording (errno %d)", errno);
    CHECK(holds("02.ogg", "OggS the reading playing now") &&
              holds(".previous-02.wav", "a shopping list") && !exists("02.wav"),
          "and changes nothing");
}

int main(void)
{
    test_crowded_and_planted();
    test_family_take_name();
    test_timings_kept();
    test_set_aside_names();
    use_folder("page");
    test_page();
    test_reassurance();
    use_folder("planted-undo");
    test_undo_not_a_recording();
    test_two_recordings();
    test_take_after_undo();
    test_many_takes();
    test_collision();
    test_first_take();
    test_save_fails();
    test_one_at_a_time();
    CHECK_DONE();
}
