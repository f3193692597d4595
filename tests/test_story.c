/* test_story — file naming, story.ini settings, timings and whole-folder loads,
 * messages that say what is true, and odd entries (folders, FIFOs, a story.ini
 * that is not text, unreadable folders) named rather than passed over. */
#include "check.h"
#include "files.h"
#include "story.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROOT TEST_TMP "/story"

/* Does any diagnostic contain this text (at this level, line when > 0)? */
static int has_diag(const Diags *d, DiagLevel level, int line, const char *text)
{
    char buf[2048];
    for (int i = 0; i < d->n; i++) {
        diag_format(&d->items[i], buf, sizeof buf);
        if (d->items[i].level == level && (line == 0 || d->items[i].line == line) &&
            strstr(buf, text))
            return 1;
    }
    return 0;
}

static void test_classify(void)
{
    static const struct { const char *name; StoryMedia media; int page; } cases[] = {
        { "01.png", MEDIA_PICTURE, 1 }, { "1.jpg", MEDIA_PICTURE, 1 },
        { "001.jpeg", MEDIA_PICTURE, 1 }, { "02-owl.jpg", MEDIA_PICTURE, 2 },
        { "12_x.webp", MEDIA_PICTURE, 12 }, { "999 end.svg", MEDIA_PICTURE, 999 },
        { "01.PNG", MEDIA_PICTURE, 1 }, { "03.ogg", MEDIA_AUDIO, 3 },
        { "3.opus", MEDIA_AUDIO, 3 }, { "4.wav", MEDIA_AUDIO, 4 }, { "5.MP3", MEDIA_AUDIO, 5 },
        { "6.flac", MEDIA_AUDIO, 6 }, { "07.txt", MEDIA_TEXT, 7 }, { "07.vtt", MEDIA_VTT, 7 },
        { "08.part.png", MEDIA_PICTURE, 8 },
        { "1000.png", MEDIA_NONE, 0 }, { "0.png", MEDIA_NONE, 0 }, { "000.png", MEDIA_NONE, 0 },
        { "1a.png", MEDIA_NONE, 0 }, { "owl.png", MEDIA_NONE, 0 }, { "01.gif", MEDIA_NONE, 0 },
        { "01", MEDIA_NONE, 0 }, { "cover.png", MEDIA_NONE, 0 }, { "01.m4a", MEDIA_NONE, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int page = 0;
        StoryMedia m = story_classify(cases[i].name, &page);
        CHECK(m == cases[i].media, "'%s' is classified as media %d (got %d)", cases[i].name,
              cases[i].media, m);
        if (m != MEDIA_NONE)
            CHECK(page == cases[i].page, "'%s' is page %d (got %d)", cases[i].name,
                  cases[i].page, page);
    }
}

static void test_scan(void)
{
    char *names[] = { "02-owl.jpg", "01.png", "01.ogg", "01.txt", "02-b.png", "cover.JPG",
                      "music.ogg", "story.ini", "1000.png", "05.ogg", "7x.png", "notes.doc",
                      "03.m4a" };
    Story s = { 0 };
    Diags d = { 0 };
    story_scan(&s, "moon", names, (int)(sizeof names / sizeof names[0]), &d);
    CHECK(s.npages == 3, "pages 1, 2 and 5 are found (got %d)", s.npages);
    story_finish(&s, "moon", &d);
    CHECK(s.npages == 2, "page 5 (a recording alone) is dropped");
    CHECK(has_diag(&d, DIAG_ERROR, 0, "moon/05.ogg: error: page 5 has no picture and no words"),
          "a page with neither picture nor words is an error naming its file");
    CHECK(has_diag(&d, DIAG_WARNING, 0, "page 2 has two pictures, '02-b.png' and '02-owl.jpg';"
                   " using '02-b.png'"), "two pictures for a page: both named, first kept");
    CHECK(has_diag(&d, DIAG_ERROR, 0, "moon/1000.png: error: page numbers go from 1 to 999"),
          "a four-digit page number is an error");
    CHECK(has_diag(&d, DIAG_WARNING, 0, "moon/7x.png"), "a name starting with a digit but "
          "not a page number is warned about");
    CHECK(!has_diag(&d, DIAG_WARNING, 0, "notes.doc"), "other files are left alone quietly");
    CHECK(has_diag(&d, DIAG_WARNING, 0, "moon/03.m4a: warning: this is a phone recording") &&
          has_diag(&d, DIAG_WARNING, 0, "convert it with: hushabye-story import . ./03.m4a"),
          "a phone recording is named with the import command that converts it");
    CHECK(s.npages == 2 && s.pages[0].number == 1 && s.pages[1].number == 2,
          "pages are sorted by number");
    CHECK_STR(s.pages[0].image, "01.png", "page 1's picture");
    CHECK_STR(s.pages[0].narration, "01.ogg", "page 1's narration");
    CHECK_STR(s.pages[0].words_file, "01.txt", "page 1's words file");
    CHECK_STR(s.pages[1].image, "02-b.png", "page 2 keeps the first picture by name");
    CHECK_STR(s.cover, "cover.JPG", "cover.* is the cover, case-insensitively");
    CHECK_STR(s.music, "music.ogg", "music.* is the music");
    CHECK_STR(s.title, "Moon", "the title comes from the folder name");
    CHECK_NEAR(s.pages[1].read_hold, 6.0, 1e-9, "a picture alone holds 6 s");
    story_free(&s);
    diag_free(&d);
}

static void test_helpers(void)
{
    static const struct { const char *in, *want; } titles[] = {
        { "sleepy-moon", "Sleepy moon" }, { "the_owl_and-cat", "The owl and cat" },
        { "éclair", "éclair" }, { "Big", "Big" }, { "", "" }, { "-x-", "X" },
        { "ni\xf1o", "Niño" }, { "a\x1b[31mb", "A [31mb" }, { "caf\xc3\xa9", "Café" },
        { "\xc3", "Ã" }, { "x\x85y", "X y" },
    };
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        char *t = story_title_from_folder(titles[i].in);
        CHECK_STR(t, titles[i].want, "title from folder '%s'", titles[i].in);
        free(t);
    }
    static const struct { const char *text; double want; } holds[] = {
        { NULL, 6.0 }, { "", 6.0 }, { "Goodnight.", 4.0 },
        { "one two three four five six seven eight nine ten", 4.5 },
        { "w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w", 20.0 },
    };
    for (size_t i = 0; i < sizeof holds / sizeof holds[0]; i++)
        CHECK_NEAR(story_reading_hold(holds[i].text), holds[i].want, 1e-9,
                   "reading hold of '%s'", holds[i].text ? holds[i].text : "(none)");
    static const struct { const char *key, *want; } hints[] = {
        { "hodl", "hold" }, { "tittle", "title" }, { "narraton", "narration" },
        { "music_volume", "music-volume" }, { "zzzzzz", NULL },
    };
    for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
        const char *got = story_suggest(hints[i].key, i == 2 ? story_page_keys
                                                             : story_story_keys);
        CHECK(hints[i].want ? got && strcmp(got, hints[i].want) == 0 : got == NULL,
              "'%s' suggests '%s'", hints[i].key, hints[i].want ? hints[i].want : "nothing");
    }
    static const struct { const char *in; int ok; StoryMotionKind kind; } motions[] = {
        { "none", 0, MOTION_NONE }, { "gentle", 0, MOTION_GENTLE }, { "Zoom-In", 0, MOTION_ZOOM_IN },
        { "pan-down", 0, MOTION_PAN_DOWN }, { "0,0,1,1 > 0.2,0.1,0.6,0.6", 0, MOTION_RECTS },
        { "0,0,1,1>0.5,0.5,0.5,0.5", 0, MOTION_RECTS }, { "0,0,1,1 > 0.5,0.5,0.6,0.5", -1, 0 },
        { "0,0,1,1", -1, 0 }, { "0,0,1 > 0,0,1,1", -1, 0 }, { "wobble", -1, 0 },
        { "0,0,1,1 > 0,0,1,1 > 0,0,1,1", -1, 0 }, { "-0.1,0,1,1 > 0,0,1,1", -1, 0 },
    };
    for (size_t i = 0; i < sizeof motions / sizeof motions[0]; i++) {
        StoryMotion m = { 0 };
        int rc = story_parse_motion(motions[i].in, &m);
        CHECK(rc == motions[i].ok && (rc != 0 || m.kind == motions[i].kind),
              "motion '%s' parses as expected", motions[i].in);
    }
}

/* A two-rectangle move the player cannot show as written is told, with what
 * it shows instead; one it can is not. */
static void test_motion_notes(void)
{
    static const struct { const char *ini; const char *want; } cases[] = {
        { "[page 1]\nmotion = 0,0,1,1 > 0.2,0.1,0.6,0.6\n", NULL },
        { "[page 1]\nmotion = 0,0,1,0.5 > 0.2,0.1,0.6,0.6\n",
          "story.ini:2: warning: the first rectangle 0,0,1,0.5 is not the picture's shape "
          "(its width and height differ), so 1 by 1 around the same middle is shown" },
        { "[story]\nmotion = 0,0,1,1 > 0.45,0.45,0.1,0.1\n",
          "story.ini:2: warning: the second rectangle 0.45,0.45,0.1,0.1 is smaller than a "
          "quarter of the picture, so the move stops at a quarter (4 times closer)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Story s = { 0 };
        Diags d = { 0 };
        char *names[] = { "01.png" };
        story_scan(&s, "moon", names, 1, &d);
        story_apply_ini(&s, "moon", cases[i].ini, strlen(cases[i].ini), &d);
        if (cases[i].want)
            CHECK(d.n == 1 && has_diag(&d, DIAG_WARNING, 2, cases[i].want),
                  "motion note %zu: '%s'", i, cases[i].want);
        else
            CHECK(d.n == 0, "a move of the picture's shape is not remarked on");
        const StoryMotion *m = cases[i].ini[1] == 'p' ? &s.pages[0].motion : &s.motion;
        CHECK(m->kind == MOTION_RECTS, "the move is kept all the same (%zu)", i);
        story_free(&s);
        diag_free(&d);
    }
}

static const char ini_text[] =
    "[story]\n"                                   /* 1 */
    "title = The Sleepy Moon\n"                   /* 2 */
    "author = Mom\n"                              /* 3 */
    "music-volume = 30%\n"                        /* 4 */
    "hold = 2s ; linger\n"                        /* 5 */
    "transition = fade-through-black\n"           /* 6 */
    "hodl = 3\n"                                  /* 7 */
    "motion = gentle\n"                           /* 8 */
    "cover = ../evil.png\n"                       /* 9 */
    "transition-time = soon\n"                    /* 10 */
    "[page 2]\n"                                  /* 11 */
    "text = The owl says hoo; goodnight.\n"       /* 12 */
    "hold = 3\n"                                  /* 13 */
    "motion = none\n"                             /* 14 */
    "layer = stars.png twinkle\n"                 /* 15 */
    "tap = 0.62,0.30,0.12,0.15 hoot.ogg\n"        /* 16 */
    "tap = 0.9,0.9,0.2,0.2 hoot.ogg\n"            /* 17 */
    "narration = /etc/passwd.ogg\n"               /* 18 */
    "title = nope\n"                              /* 19 */
    "[page 3]\n"                                  /* 20 */
    "text = Only words here.\n"                   /* 21 */
    "[stroy]\n"                                   /* 22 */
    "what is this\n"                              /* 23 */
    "[page 1000]\n"                               /* 24 */
    "[page 4]\n"                                  /* 25 */
    "layer = moon.png wobble\n"                   /* 26 */
    "image = 04.gif\n";                           /* 27 */

static void test_ini(void)
{
    char *names[] = { "01.png", "02.png", "02.txt" };
    Story s = { 0 };
    Diags d = { 0 };
    story_scan(&s, "moon", names, 3, &d);
    story_apply_ini(&s, "moon", ini_text, strlen(ini_text), &d);
    story_finish(&s, "moon", &d);
    CHECK_STR(s.title, "The Sleepy Moon", "the title from story.ini");
    CHECK_STR(s.author, "Mom", "the author");
    CHECK_NEAR(s.music_volume, 0.30, 1e-9, "music volume 30%%");
    CHECK_NEAR(s.hold, 2.0, 1e-9, "story hold with a trailing comment");
    CHECK(s.transition == TRANSITION_FADE_BLACK, "the transition");
    CHECK_NEAR(s.transition_time, STORY_DEFAULT_TRANSITION, 1e-9, "a bad time keeps the default");
    CHECK(s.motion.kind == MOTION_GENTLE, "story motion");
    CHECK_STR(s.cover, "01.png", "an unsafe cover is ignored; page 1's picture is the cover");
    CHECK(has_diag(&d, DIAG_WARNING, 7, "moon/story.ini:7: warning: unknown key 'hodl' "
                   "(did you mean 'hold'?)"), "unknown key with did-you-mean and line");
    CHECK(has_diag(&d, DIAG_ERROR, 9, "'../evil.png' is not a file inside the story folder"),
          "an unsafe file name is an error");
    CHECK(has_diag(&d, DIAG_WARNING, 10, "transition-time = soon"), "a bad value is warned");
    CHECK(s.npages == 3, "pages 1, 2 and 3 (3 has words only); page 4 has nothing (got %d)",
          s.npages);
    CHECK(has_diag(&d, DIAG_ERROR, 0, "page 4 has no picture and no words"), "page 4 dropped");
    StoryPage *p2 = s.npages >= 2 ? &s.pages[1] : NULL;
    CHECK(p2 && p2->number == 2, "page 2 is second");
    if (p2) {
        CHECK_STR(p2->text, "The owl says hoo; goodnight.", "text = keeps its ';'");
        CHECK_NEAR(p2->hold, 3.0, 1e-9, "page hold");
        CHECK_NEAR(p2->read_hold, 3.0, 1e-9, "page hold sets the reading hold too");
        CHECK_NEAR(story_page_hold(&s, p2), 3.0, 1e-9, "story_page_hold uses the page's");
        CHECK(p2->motion.kind == MOTION_NONE && p2->motion_set, "page motion none is kept");
        CHECK(p2->nlayers == 1 && strcmp(p2->layers[0].image, "stars.png") == 0 &&
              p2->layers[0].effect == EFFECT_TWINKLE, "the layer and its effect");
        CHECK(p2->ntaps == 1 && strcmp(p2->taps[0].sound, "hoot.ogg") == 0 &&
              p2->taps[0].area.x > 0.61f && p2->taps[0].area.h > 0.14f, "the tap hotspot");
        CHECK(p2->narration == NULL, "an absolute narration is ignored");
    }
    CHECK(has_diag(&d, DIAG_WARNING, 17, "tap"), "a hotspot outside the picture is warned");
    CHECK(has_diag(&d, DIAG_ERROR, 18, "'/etc/passwd.ogg' is not a file inside"),
          "absolute names are errors");
    CHECK(has_diag(&d, DIAG_WARNING, 19, "'title' belongs in [story]"), "story key in a page");
    CHECK(has_diag(&d, DIAG_WARNING, 22, "unknown section '[stroy]' (did you mean '[story]'?)"),
          "unknown section with did-you-mean");
    CHECK(has_diag(&d, DIAG_WARNING, 23, "not a setting"), "a bad line is warned");
    CHECK(has_diag(&d, DIAG_ERROR, 24, "'[page 1000]' is not a page section: page sections "
                   "are [page N] with N a number from 1 to 999"), "page 1000 is refused");
    CHECK(has_diag(&d, DIAG_WARNING, 26, "'wobble' is not an effect"), "a bad effect");
    CHECK(has_diag(&d, DIAG_WARNING, 27, "should be a picture"), "a GIF image is refused");
    if (s.npages == 3) {
        CHECK(s.pages[0].motion.kind == MOTION_GENTLE, "story motion applies to page 1");
        CHECK_NEAR(s.pages[2].read_hold, 4.0, 1e-9, "three words hold the 4 s minimum");
        CHECK_NEAR(story_page_hold(&s, &s.pages[0]), 2.0, 1e-9, "page 1 uses the story hold");
    }
    story_free(&s);
    diag_free(&d);
}

/* A key set twice for one story or page, in one section or in a section
 * written twice, is told with both lines; the later one is used. Layers and
 * taps add up and may repeat. */
static void test_ini_twice(void)
{
    const char *ini = "[story]\nhold = 2\ntitle = One\n"          /* lines 1-3 */
                      "[page 1]\nhold = 3\nlayer = a.png\nlayer = b.png\n"  /* 4-7 */
                      "[story]\nhold = 4\n"                        /* 8-9 */
                      "[page 1]\nhold = 5\n[page 2]\nhold = 6\n"; /* 10-13 */
    char *names[] = { "01.png", "02.png", "a.png", "b.png" };
    Story s = { 0 };
    Diags d = { 0 };
    story_scan(&s, "moon", names, 4, &d);
    story_apply_ini(&s, "moon", ini, strlen(ini), &d);
    story_finish(&s, "moon", &d);
    CHECK_NEAR(s.hold, 4.0, 1e-9, "the story's hold set again later is the later one");
    CHECK(has_diag(&d, DIAG_WARNING, 9, "'hold' is set again here (it was set on line 2 too)"),
          "the story's second hold is told with the first one's line");
    CHECK(s.npages == 2 && s.pages[0].nlayers == 2, "a page's two layers are both kept");
    if (s.npages == 2) {
        CHECK_NEAR(s.pages[0].hold, 5.0, 1e-9, "page 1's hold from its second section");
        CHECK_NEAR(s.pages[1].hold, 6.0, 1e-9, "page 2's own hold is not page 1's");
    }
    CHECK(has_diag(&d, DIAG_WARNING, 11, "(it was set on line 5 too)"),
          "page 1's hold in a second [page 1] is told");
    CHECK(d.n == 2, "nothing else is told: layers repeat, page 2 is its own (%d messages)", d.n);
    story_free(&s);
    diag_free(&d);
}

/* story.ini's language: a code is kept quietly, anything else is kept and
 * warned with its line. */
static void test_language(void)
{
    static const struct {
        const char *ini, *language;
        int warned;
        const char *what;
    } cases[] = {
        {"[story]\nlanguage = ar\n", "ar", 0, "Arabic"},
        {"[story]\nlanguage = zh-Hans\n", "zh-Hans", 0, "Chinese with its script"},
        {"[story]\nlanguage = pt_BR\n", "pt_BR", 0, "a locale's spelling"},
        {"[story]\nlanguage = \xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\n", "\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a", 1,
         "the word Arabic in Arabic letters"},
        {"[story]\nlanguage = english please\n", "english please", 1, "words, not a code"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *names[] = { "01.png" };
        Story s = { 0 };
        Diags d = { 0 };
        story_scan(&s, "moon", names, 1, &d);
        story_apply_ini(&s, "moon", cases[i].ini, strlen(cases[i].ini), &d);
        CHECK_STR(s.language, cases[i].language, "%s: the language is kept", cases[i].what);
        CHECK(has_diag(&d, DIAG_WARNING, 2, "is not a language code") == cases[i].warned,
              "%s: %s", cases[i].what,
              cases[i].warned ? "warned on its line as no language code" : "no warning");
        story_free(&s);
        diag_free(&d);
    }
}

static void put(const char *dir, const char *name, const char *data, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(data, 1, len, f);
        fclose(f);
    }
}

static void test_load(void)
{
    const char *dir = ROOT "/sleepy-moon";
    files_mkdirs(dir);
    put(dir, "01.png", "\x89PNG\r\n\x1a\n", 8);
    static const char words1[] = "\xEF\xBB\xBFGoodnight, moon.\r\nGoodnight, stars.\r"
                                 "Goodnight, air.\r\n";
    put(dir, "01.txt", words1, sizeof words1 - 1);
    put(dir, "02.PNG", "\x89PNG\r\n\x1a\n", 8);
    put(dir, "02.txt", "Caf\xE9 words\n", 11);
    put(dir, "03.txt", "Text page.", 10);
    put(dir, "04.ogg", "OggS", 4);
    put(dir, "Story.ini", "[page 3]\ntext = From the settings\n", 34);
    Story s;
    Diags d = { 0 };
    CHECK(story_load(dir, &s, &d) == 0, "the folder loads");
    CHECK(s.npages == 3, "three pages remain (got %d)", s.npages);
    CHECK_STR(s.title, "Sleepy moon", "title from the folder");
    CHECK_STR(s.name, "sleepy-moon", "name is the folder's last part");
    if (s.npages == 3) {
        CHECK_STR(s.pages[0].text, "Goodnight, moon.\nGoodnight, stars.\nGoodnight, air.",
                  "BOM and trailing space go; CRLF and a CR alone are line ends");
        CHECK_STR(s.pages[1].text, "Caf\xEF\xBF\xBD words", "bad UTF-8 becomes U+FFFD");
        CHECK_STR(s.pages[2].text, "From the settings", "story.ini text overrides the .txt");
    }
    CHECK(has_diag(&d, DIAG_WARNING, 0, "sleepy-moon/02.txt: warning: the words are not "
                   "saved as UTF-8"), "non-UTF-8 words are warned");
    CHECK(has_diag(&d, DIAG_ERROR, 0, "sleepy-moon/04.ogg: error: page 4 has no picture"),
          "a narration alone is an error");
    story_free(&s);
    diag_free(&d);

    char big[2100];
    memset(big, 'a', sizeof big);
    files_mkdirs(ROOT "/long");
    put(ROOT "/long", "1.txt", big, sizeof big);
    CHECK(story_load(ROOT "/long", &s, &d) == 0, "a story of words only loads");
    CHECK(has_diag(&d, DIAG_WARNING, 0, "long/1.txt: warning: the words for page 1 are very "
                   "long (2100 characters); only the first 2000 are shown"),
          "text over 2000 characters is cut, with a warning naming the file");
    CHECK(s.npages == 1 && strlen(s.pages[0].text) == 2003 &&
              !strcmp(s.pages[0].text + 2000, "\xE2\x80\xA6"),
          "one long word is cut at 2000 characters with an ellipsis");
    story_free(&s);
    diag_free(&d);
    /* The same words given by story.ini over a short 1.txt: its line is named. */
    char ini[2200] = "[story]\n\n[page 1]\ntext = ";
    size_t at = strlen(ini);
    memset(ini + at, 'b', 2100);
    ini[at + 2100] = '\n';
    put(ROOT "/long", "1.txt", "Short.", 6);
    put(ROOT "/long", "story.ini", ini, at + 2101);
    CHECK(story_load(ROOT "/long", &s, &d) == 0 &&
              has_diag(&d, DIAG_WARNING, 0, "long/story.ini:4: warning: the words for page 1 "
                       "are very long (2100 characters); only the first 2000 are shown"),
          "words from story.ini's text = are told at its line, not as the .txt's");
    story_free(&s);
    diag_free(&d);
    unlink(ROOT "/long/story.ini"); /* the next run's first load has none */

    files_mkdirs(ROOT "/empty");
    CHECK(story_load(ROOT "/empty", &s, &d) == -1, "a folder with no pages is not playable");
    CHECK(has_diag(&d, DIAG_ERROR, 0, "no pages"), "and says so");
    story_free(&s);
    diag_free(&d);
    CHECK(story_load(ROOT "/missing", &s, &d) == -1, "a missing folder is not playable");
    CHECK(diag_errors(&d) == 1, "with one error");
    story_free(&s);
    diag_free(&d);
}

/* Messages that say what is true: page numbers with too many digits, names
 * that do not start with a number, page sections that name no page. */
static void test_wording(void)
{
    char *names[] = { "0001.png", "1000.png", "00.png", "01.svg", "007-owl.png" };
    Story s = { 0 };
    Diags d = { 0 };
    story_scan(&s, "w", names, 5, &d);
    CHECK(has_diag(&d, DIAG_ERROR, 0, "w/0001.png: error: page numbers have 1 to 3 digits, "
                   "and '0001' has 4"), "0001.png is told it has 4 digits, not that it is "
          "over 999");
    CHECK(has_diag(&d, DIAG_ERROR, 0, "w/1000.png: error: page numbers go from 1 to 999"),
          "1000.png is told it is over 999");
    CHECK(has_diag(&d, DIAG_ERROR, 0, "w/00.png: error: there is no page 0"),
          "00.png is told there is no page 0");
    CHECK(s.npages == 2, "pages 1 and 7 are found (%d)", s.npages);
    static const char ini[] = "[page -1]\ntext = a\n[page 0]\ntext = b\n[page abc]\n"
                              "[page]\n[page1]\n[page 007]\ntext = seven\n[pages]\n"
                              "[story extra]\n";
    story_apply_ini(&s, "w", ini, sizeof ini - 1, &d);
    static const struct { int line; const char *section; } bad[] = {
        { 1, "[page -1]" }, { 3, "[page 0]" }, { 5, "[page abc]" }, { 6, "[page]" },
        { 7, "[page1]" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char want[128];
        snprintf(want, sizeof want, "'%s' is not a page section: page sections are [page N] "
                 "with N a number from 1 to 999", bad[i].section);
        CHECK(has_diag(&d, DIAG_ERROR, bad[i].line, want), "%s is told what a page section "
              "is, with no did-you-mean of itself", bad[i].section);
    }
    CHECK(!has_diag(&d, DIAG_WARNING, 0, "did you mean '[page -1]'"),
          "no suggestion repeats the mistake");
    StoryPage *p7 = NULL;
    for (int i = 0; i < s.npages; i++)
        if (s.pages[i].number == 7)
            p7 = &s.pages[i];
    CHECK(p7 && p7->text && !strcmp(p7->text, "seven"), "[page 007] is page 7");
    CHECK(has_diag(&d, DIAG_WARNING, 10, "unknown section '[pages]' (did you mean '[page]'? "
                   "page sections are [page N]"), "[pages] gets a suggestion that explains");
    CHECK(has_diag(&d, DIAG_WARNING, 11, "unknown section '[story extra]' (did you mean "
                   "'[story]'?)"), "[story extra] is pointed to [story], not to itself");
    story_free(&s);
    diag_free(&d);
}

/* What story_load sees in a real folder: folders and FIFOs with page names, a
 * story.ini that is not text, names that do not start with a number, an
 * unreadable folder. */
static void test_load_odd(void)
{
    const char *dir = ROOT "/odd";
    files_mkdirs(ROOT "/odd/03.png");
    put(dir, "01.txt", "Goodnight.", 10);
    put(dir, "-1.png", "\x89PNG\r\n\x1a\n", 8);
    put(dir, "-2.png", "\x89PNG\r\n\x1a\n", 8);
    put(dir, "\xd9\xa0\xd9\xa4.png", "\x89PNG\r\n\x1a\n", 8);   /* Arabic-Indic 04 */
    unlink(ROOT "/odd/02.ogg");
    mkfifo(ROOT "/odd/02.ogg", 0600);
    put(dir, "story.ini", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR[page 1]\nx\n", 27);
    put(dir, "notes", "x", 1);
    files_mkdirs(ROOT "/odd/extras");
    Story s;
    Diags d = { 0 };
    CHECK(story_load(dir, &s, &d) == 0, "a folder with odd entries still loads");
    CHECK(has_diag(&d, DIAG_WARNING, 0, "odd/03.png: warning: is a folder, not a picture"),
          "a folder named like a picture is named");
    CHECK(has_diag(&d, DIAG_WARNING, 0, "odd/02.ogg: warning: is a named pipe (FIFO), not a "
                   "recording"), "a FIFO named like a recording is named");
    CHECK(!has_diag(&d, DIAG_WARNING, 0, "extras"), "a folder with another name is not");
    CHECK(has_diag(&d, DIAG_ERROR, 0, "odd/story.ini: error: story.ini is not text (it looks "
                   "like a PNG picture)"), "a picture saved as story.ini is one clear error");
    int ini_diags = 0;
    for (int i = 0; i < d.n; i++)
        ini_diags += strstr(d.items[i].path, "story.ini") != NULL;
    CHECK(ini_diags == 1, "and only one message about it (%d)", ini_diags);
    CHECK(has_diag(&d, DIAG_WARNING, 0, "odd/-1.png: warning: this file is not used as a "
                   "page, because its name does not start with a number"),
          "-1.png is told why it is not a page");
    CHECK(has_diag(&d, DIAG_WARNING, 0, "odd/\xd9\xa0\xd9\xa4.png: warning: this file is not "
                   "used as a page, because its number is not written with the digits 0 to 9"),
          "a page numbered in Arabic-Indic digits is told to use 0 to 9");
    story_free(&s);
    diag_free(&d);

    put(dir, "story.ini", "[page 1]\nimage = -2.png\ntitle = A\0B\n", 36);
    story_load(dir, &s, &d);
    CHECK(has_diag(&d, DIAG_ERROR, 0, "story.ini is not text (it holds NUL bytes"),
          "NUL bytes in story.ini make it not text");
    story_free(&s);
    diag_free(&d);
    put(dir, "story.ini", "[page 1]\nimage = -2.png\n", 24);
    story_load(dir, &s, &d);
    CHECK(!has_diag(&d, DIAG_WARNING, 0, "odd/-2.png"), "a name story.ini uses is not warned");
    story_free(&s);
    diag_free(&d);

    char noise[3000];
    for (size_t i = 0; i < sizeof noise; i++)
        noise[i] = (char)(0x80 + (i * 37) % 64);          /* stray continuation bytes */
    put(dir, "story.ini", noise, sizeof noise);
    story_load(dir, &s, &d);
    CHECK(has_diag(&d, DIAG_ERROR, 0, "story.ini is not text") && d.n < 10,
          "random bytes in story.ini are one error, not a page of warnings (%d)", d.n);
    story_free(&s);
    diag_free(&d);

    if (geteuid() != 0) {
        files_mkdirs(ROOT "/locked");
        put(ROOT "/locked", "01.txt", "Hidden.", 7);
        chmod(ROOT "/locked", 0);
        CHECK(story_load(ROOT "/locked", &s, &d) == -1 &&
                  has_diag(&d, DIAG_ERROR, 0, "cannot be read (permission denied)"),
              "an unreadable folder says so and why, not 'no pages'");
        story_free(&s);
        diag_free(&d);
        chmod(ROOT "/locked", 0444);     /* listed, but nothing in it can be looked at */
        CHECK(story_load(ROOT "/locked", &s, &d) == -1 &&
                  has_diag(&d, DIAG_ERROR, 0, "cannot be read (permission denied)") &&
                  !has_diag(&d, DIAG_ERROR, 0, "no pages"),
              "a folder that lists but cannot be looked into says so too");
        story_free(&s);
        diag_free(&d);
        chmod(ROOT "/locked", 0755);
    } else {
        printf("note: running as root, which reads any folder: the unreadable-folder "
               "checks are skipped\n");
    }
    unlink(ROOT "/loop");
    symlink("loop", ROOT "/loop");
    CHECK(story_load(ROOT "/loop", &s, &d) == -1 &&
              has_diag(&d, DIAG_ERROR, 0, "cannot be read (too many levels of symbolic links)"),
          "a folder that cannot be opened says why, even for root");
    story_free(&s);
    diag_free(&d);
}

/* Hostile story.ini bytes: nothing may crash or leak (run under the sanitizers). */
static void test_hostile(void)
{
    unsigned char buf[4096];
    unsigned seed = 12345;
    static const char alphabet[] = "[]=;# \n\r\tpage 12stoylmxhdn.,>0.5/\xff\xc3";
    for (int round = 0; round < 300; round++) {
        size_t len = (size_t)(round * 13 % (int)sizeof buf);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (unsigned char)alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        Story s = { 0 };
        Diags d = { 0 };
        char *names[] = { "01.png" };
        story_scan(&s, "x", names, 1, &d);
        story_apply_ini(&s, "x", (const char *)buf, len, &d);
        story_finish(&s, "x", &d);
        story_free(&s);
        diag_free(&d);
    }
    CHECK(1, "300 random story.ini files are survived");
}

/* Each file story.ini names keeps the line that named it, so the checker can
 * tell a missing file against that line; a file given by its own name has 0. */
static void test_lines(void)
{
    static const char ini[] =
        "[story]\n"                        /* 1 */
        "title = Owl\n"                    /* 2 */
        "music = lullaby.ogg\n"            /* 3 */
        "\n"                               /* 4 */
        "[page 2]\n"                       /* 5 */
        "# the owl\n"                      /* 6 */
        "image = owl.png\n"                /* 7 */
        "narration = hoo.ogg\n"            /* 8 */
        "vtt = hoo.vtt\n"                  /* 9 */
        "layer = stars.png twinkle\n"      /* 10 */
        "tap = 0.1,0.1,0.2,0.2 hoot.ogg\n" /* 11 */
        "[page 3]\n"                       /* 12 */
        "narration = memo.m4a\n";          /* 13 */
    char *names[] = { "01.png", "03.png", "cover.png" };
    Story s = { 0 };
    Diags d = { 0 };
    s.folder = strdup("Grandma's owl");   /* story_free frees it */
    story_scan(&s, "owl", names, 3, &d);
    story_apply_ini(&s, "owl", ini, sizeof ini - 1, &d);
    story_finish(&s, "owl", &d);
    const StoryPage *p1 = s.npages > 0 ? &s.pages[0] : NULL;
    const StoryPage *p2 = s.npages > 1 ? &s.pages[1] : NULL;
    CHECK(p1 && p1->image_line == 0, "a picture given by its own name has no story.ini line");
    CHECK(p2 && p2->number == 2 && p2->image_line == 7, "page 2's image is from line 7 (got %d)",
          p2 ? p2->image_line : -1);
    CHECK(p2 && p2->narration_line == 8 && p2->vtt_line == 9,
          "its narration and timed words are from lines 8 and 9");
    CHECK(p2 && p2->nlayers == 1 && p2->layers[0].line == 10, "its layer is from line 10");
    CHECK(p2 && p2->ntaps == 1 && p2->taps[0].line == 11, "its tap sound is from line 11");
    CHECK(s.music_line == 3 && s.cover_line == 0, "the music is from line 3, the cover by name");
    CHECK(has_diag(&d, DIAG_WARNING, 0, "owl/story.ini:13: warning: 'memo.m4a' for 'narration' "
                   "is a phone recording, which the player cannot play; convert it with: "
                   "hushabye-story import 'Grandma'\\''s owl' --page 3 'Grandma'\\''s "
                   "owl/memo.m4a', then delete line 13 of owl/story.ini"),
          "a phone recording named in story.ini is told with the command, quoted, and the "
          "line to delete");
    story_free(&s);
    diag_free(&d);
}

int main(void)
{
    test_classify();
    test_scan();
    test_helpers();
    test_ini();
    test_ini_twice();
    test_language();
    test_load();
    test_wording();
    test_load_odd();
    test_hostile();
    test_lines();
    test_motion_notes();
    CHECK_DONE();
}
