/* WebVTT reader: cues with their times and words, every kind of mistake named
 * with its line, line endings of every platform, and hostile input bounded. */
#include "check.h"
#include "vtt.h"

#include <stdlib.h>
#include <string.h>

static int parse(const char *text, Vtt *v, Diags *d)
{
    return vtt_parse(text, strlen(text), "moon/01.vtt", v, d);
}

/* Does some diagnostic have this line, level and a message containing word? */
static int has_diag(const Diags *d, int line, DiagLevel level, const char *word)
{
    for (int i = 0; i < d->n; i++)
        if (d->items[i].line == line && d->items[i].level == level &&
            strstr(d->items[i].msg, word) && strcmp(d->items[i].path, "moon/01.vtt") == 0)
            return 1;
    return 0;
}

static int cue_is(const char *text, const VttCue *c, const char *words)
{
    return c->text_len == strlen(words) && memcmp(text + c->text_off, words, c->text_len) == 0;
}

static void test_good(void)
{
    const char *text = "\xEF\xBB\xBFWEBVTT - the moon\nKind: captions\n\n"
                       "NOTE read slowly\nvery slowly\n\n"
                       "1\n00:00.500 --> 00:02.000 align:center\nThe moon\nrises.\n\n"
                       "01:00:01.250 --> 01:00:03.000\n<c.big>Goodnight</c>\n";
    Vtt v;
    Diags d = { 0 };
    CHECK(parse(text, &v, &d) == 0, "a good file parses");
    CHECK(d.n == 0, "a good file has no diagnostics (got %d)", d.n);
    CHECK(v.n == 2, "two cues are found, the NOTE is skipped (got %d)", v.n);
    if (v.n == 2) {
        CHECK_NEAR(v.cues[0].start, 0.5, 1e-9, "the first cue starts at 0.5 s");
        CHECK_NEAR(v.cues[0].end, 2.0, 1e-9, "the first cue ends at 2 s, settings ignored");
        CHECK(cue_is(text, &v.cues[0], "The moon\nrises."),
              "the first cue's words span both its lines");
        CHECK(v.cues[0].line == 8, "the first cue's timing line is line 8 (got %d)",
              v.cues[0].line);
        CHECK_NEAR(v.cues[1].start, 3601.25, 1e-9, "hours are read: 01:00:01.250 = 3601.25 s");
        CHECK(cue_is(text, &v.cues[1], "<c.big>Goodnight</c>"), "tags are left in the words");
    }
    vtt_free(&v);
    diag_free(&d);
}

static void test_line_endings(void)
{
    const char *ends[] = { "\r\n", "\r", "\n" };
    for (int i = 0; i < 3; i++) {
        char text[256];
        snprintf(text, sizeof text, "WEBVTT%s%s00:01.000 --> 00:02.000%sHoo%s%s"
                 "00:03.000 --> 00:04.000%sbad --> 1%s", ends[i], ends[i], ends[i], ends[i],
                 ends[i], ends[i], ends[i]);
        Vtt v;
        Diags d = { 0 };
        parse(text, &v, &d);
        CHECK(v.n == 2 && cue_is(text, &v.cues[0], "Hoo"),
              "line ending %d: cues and words are found", i);
        CHECK(d.n == 0, "line ending %d: a line containing --> inside the words is words", i);
        vtt_free(&v);
        diag_free(&d);
    }
}

static void test_mistakes(void)
{
    const char *text = "WEBVTT\n\n"                          /* 1-2 */
                       "00:01.000 -> 00:02.000\nHoo\n\n"     /* 3-5 */
                       "00:05.000 --> 00:04.000\nBackwards\n\n"   /* 6-8 */
                       "00:03.000 --> 00:04.000\nFine\n\n"  /* 9-11 */
                       "00:02.000 --> 00:03.000\nEarly\n\n" /* 12-14 */
                       "just some words\nwith no timing\n\n" /* 15-17 */
                       "00:61.000 --> 00:62.000\nSixty-one seconds\n\n"  /* 18-20 */
                       "00:07.000 --> 00:08.000\n";          /* 21 */
    Vtt v;
    Diags d = { 0 };
    CHECK(parse(text, &v, &d) == 0, "a file with bad cues is still WebVTT");
    CHECK(has_diag(&d, 3, DIAG_ERROR, "is not a timing line"),
          "a '->' line is named as a broken timing line: line 3");
    CHECK(has_diag(&d, 6, DIAG_ERROR, "ends before it starts"), "a backwards cue: line 6");
    CHECK(has_diag(&d, 12, DIAG_WARNING, "order"), "a cue out of order is a warning: line 12");
    CHECK(has_diag(&d, 15, DIAG_ERROR, "not a cue"), "words without timing: line 15");
    CHECK(has_diag(&d, 18, DIAG_ERROR, "timing line"), "61 seconds is no timestamp: line 18");
    CHECK(has_diag(&d, 21, DIAG_WARNING, "no words"), "a cue without words: line 21");
    CHECK(v.n == 3, "the three usable cues are kept (got %d)", v.n);
    vtt_free(&v);
    diag_free(&d);

    CHECK(parse("WEBVTTX\n\n00:01.000 --> 00:02.000\nHi\n", &v, &d) == -1 &&
          has_diag(&d, 1, DIAG_ERROR, "WEBVTT"), "a first line other than WEBVTT is refused");
    vtt_free(&v);
    diag_free(&d);
    CHECK(parse("WEBVTT\n00:01.000 --> 00:02.000\nHi\n", &v, &d) == 0 &&
          has_diag(&d, 2, DIAG_ERROR, "empty line"), "a cue glued to the header is named");
    vtt_free(&v);
    diag_free(&d);
    CHECK(vtt_parse(NULL, 0, "moon/01.vtt", &v, &d) == -1 && v.n == 0,
          "no bytes at all is not WebVTT");
    vtt_free(&v);
    diag_free(&d);
}

static void test_timestamps(void)
{
    static const struct { const char *s; size_t used; double t; } cases[] = {
        { "00:00.000", 9, 0 }, { "12:34.567", 9, 754.567 }, { "1:02:03.004", 11, 3723.004 },
        { "123:00:00.000", 13, 442800 }, { "0:00.000", 0, 0 }, { "00:00.00", 0, 0 },
        { "00:60.000", 0, 0 }, { "00:00:60.000", 0, 0 }, { "aa:00.000", 0, 0 },
        { "00:00", 0, 0 }, { "", 0, 0 }, { "9999999999:00:00.000", 0, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double t = -1;
        size_t used = vtt_timestamp(cases[i].s, strlen(cases[i].s), &t);
        CHECK(used == cases[i].used, "'%s' uses %zu bytes (got %zu)", cases[i].s,
              cases[i].used, used);
        if (used)
            CHECK_NEAR(t, cases[i].t, 1e-6, "'%s' is %g s (got %g)", cases[i].s, cases[i].t, t);
    }
}

/* Garbage in bulk: bounded messages and cues, no crash. */
static void test_hostile(void)
{
    size_t n = 400000;
    char *text = malloc(n + 1);
    if (!text)
        return;
    memcpy(text, "WEBVTT\n\n", 8);
    for (size_t i = 8; i < n; i++)
        text[i] = (i % 7 == 0) ? '\n' : (char)('a' + i % 26);
    text[n] = '\0';
    Vtt v;
    Diags d = { 0 };
    CHECK(vtt_parse(text, n, "moon/01.vtt", &v, &d) == 0, "a big file of garbage is read");
    CHECK(d.n <= 21, "messages about one file are capped (got %d)", d.n);
    vtt_free(&v);
    diag_free(&d);
    size_t k = 0;
    memcpy(text, "WEBVTT\n\n", 8);
    static const char cue[] = "00:01.000 --> 00:02.000\nw\n\n";
    for (k = 8; k + sizeof cue < n; k += sizeof cue - 1)
        memcpy(text + k, cue, sizeof cue - 1);
    CHECK(vtt_parse(text, k, "moon/01.vtt", &v, &d) == 0 && v.n == VTT_MAX_CUES,
          "cues are capped at %d (got %d)", VTT_MAX_CUES, v.n);
    vtt_free(&v);
    diag_free(&d);
    free(text);
}

/* Where each cue lights in the page's words: tags and entities of a
 * hand-made file, another case or punctuation, repeated words in order. */
static void test_locate(void)
{
    const char *page = "Goodnight, moon. Goodnight, stars. The moonlight says caf\xc3\xa9 & tea.";
    const char *file = "WEBVTT\n\n"
                       "00:00.000 --> 00:01.000\n<v Mom>goodnight moon</v>\n\n"
                       "00:01.000 --> 00:02.000\n<c.soft>Goodnight</c>\n\n"
                       "00:02.000 --> 00:03.000\n<00:02.500>STARS!\n\n"
                       "00:03.000 --> 00:04.000\nmoonlight\n\n"
                       "00:04.000 --> 00:05.000\ncaf&#xE9; &amp;\ntea\n";
    Vtt v;
    Diags d = { 0 };
    int from[8], to[8];
    CHECK(parse(file, &v, &d) == 0 && v.n == 5, "five cues to place");
    int found = vtt_locate(page, file, &v, from, to, 8, "moon/01.vtt", &d);
    CHECK(found == 5 && d.n == 0, "every cue is found in the page's words, with no warning "
          "(found %d, %d messages)", found, d.n);
    const char *want[] = { "Goodnight, moon", "Goodnight", "stars", "moonlight",
                           "caf\xc3\xa9 & tea" };
    for (int i = 0; i < 5 && i < v.n; i++)
        CHECK(to[i] - from[i] == (int)strlen(want[i]) &&
              memcmp(page + from[i], want[i], strlen(want[i])) == 0,
              "cue %d lights '%s' (lit '%.*s')", i + 1, want[i], to[i] - from[i], page + from[i]);
    CHECK(from[1] > from[0], "the second 'Goodnight' is the one after the first cue");
    vtt_free(&v);
    diag_free(&d);

    /* Another page's words: nothing lights, and the warning says so with the line. */
    const char *other = "WEBVTT\n\n00:00.000 --> 00:01.000\nThe owl says hoo\n\n"
                        "00:01.000 --> 00:02.000\n\n";
    d = (Diags){ 0 };
    CHECK(parse(other, &v, &d) == 0 && v.n == 2, "a file of another page's words parses");
    int before = d.n;
    found = vtt_locate(page, other, &v, from, to, 8, "moon/01.vtt", &d);
    CHECK(found == 0 && from[0] == 0 && to[0] == 0, "none of another page's words light");
    CHECK(d.n == before + 1 && has_diag(&d, 3, DIAG_WARNING, "The owl says hoo") &&
          strstr(d.items[d.n - 1].msg, "no word is lit"),
          "one warning names the first cue's words and its line");
    vtt_free(&v);
    diag_free(&d);

    /* Some cues not the page's: counted, and the others still light. */
    const char *some = "WEBVTT\n\n00:00.000 --> 00:01.000\nGoodnight\n\n"
                       "00:01.000 --> 00:02.000\nbananas\n\n00:02.000 --> 00:03.000\napples\n\n"
                       "00:03.000 --> 00:04.000\nmoon\n";
    d = (Diags){ 0 };
    CHECK(parse(some, &v, &d) == 0 && v.n == 4, "four cues, two not the page's");
    found = vtt_locate(page, some, &v, from, to, 8, "moon/01.vtt", &d);
    CHECK(found == 2 && to[3] - from[3] == 4 && memcmp(page + from[3], "moon", 4) == 0,
          "the page's cues light: 'moon' as a whole word, not inside 'moonlight'");
    CHECK(d.n == 1 && has_diag(&d, 6, DIAG_WARNING, "2 of the timed words") &&
          strstr(d.items[0].msg, "bananas"), "one warning counts the two and names the first");
    vtt_free(&v);
    diag_free(&d);

    /* Hostile: a tag never closed, a broken entity, a cue of only tags. */
    const char *odd = "WEBVTT\n\n00:00.000 --> 00:01.000\n<b\n\n"
                      "00:01.000 --> 00:02.000\n&#xD800; &#99999999; &amp\n";
    d = (Diags){ 0 };
    CHECK(parse(odd, &v, &d) == 0 && v.n == 2, "odd cues parse");
    found = vtt_locate("tea", odd, &v, from, to, 8, "moon/01.vtt", &d);
    CHECK(found == 0 && from[0] == 0 && to[0] == 0 && from[1] == 0,
          "a cue of only a tag and one of broken entities light nothing");
    vtt_free(&v);
    diag_free(&d);
}

int main(void)
{
    test_locate();
    test_good();
    test_line_endings();
    test_mistakes();
    test_timestamps();
    test_hostile();
    CHECK_DONE();
}
