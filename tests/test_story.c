/* test_story — file naming, story.ini settings, timings and whole-folder loads. */
#include "check.h"
#include "files.h"
#include "story.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
          has_diag(&d, DIAG_WARNING, 0, "ffmpeg -i '03.m4a' '03.ogg'"),
          "a phone recording is named with how to convert it");
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
    CHECK(has_diag(&d, DIAG_ERROR, 24, "not a page from 1 to 999"), "page 1000 is refused");
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
    put(dir, "01.txt", "\xEF\xBB\xBFGoodnight, moon.\r\n", 21);
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
        CHECK_STR(s.pages[0].text, "Goodnight, moon.", "BOM, CRLF and trailing space go");
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
    CHECK(has_diag(&d, DIAG_WARNING, 0, "long/1.txt: warning: the words for page 1 are 2100 "
                   "characters long"), "text over 2000 characters is warned");
    story_free(&s);
    diag_free(&d);

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

int main(void)
{
    test_classify();
    test_scan();
    test_helpers();
    test_ini();
    test_load();
    test_hostile();
    CHECK_DONE();
}
