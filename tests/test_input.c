/* test_input — gestures from raw pointer steps, and replay scripts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "input.h"

static InputEvent press(float x0, float y0, float x1, float y1, double t0, double t1, int *got)
{
    InputPointer p;
    InputEvent e;
    memset(&e, 0, sizeof e);
    input_reset(&p);
    *got = input_down(&p, x0, y0, t0, &e);
    *got += input_move(&p, (x0 + x1) / 2, (y0 + y1) / 2, (t0 + t1) / 2, &e);
    *got += input_up(&p, x1, y1, t1, &e);
    return e;
}

static void test_gestures(void)
{
    int got;
    InputEvent e = press(0.5f, 0.5f, 0.51f, 0.5f, 1.0, 1.1, &got);
    CHECK(got == 1 && e.kind == IN_TAP && e.x == 0.5f, "a short still press is a tap");
    e = press(0.8f, 0.5f, 0.2f, 0.52f, 1.0, 1.3, &got);
    CHECK(got == 1 && e.kind == IN_SWIPE && e.x2 < e.x, "a quick sideways drag is a swipe");
    e = press(0.5f, 0.2f, 0.5f, 0.8f, 1.0, 1.3, &got);
    CHECK(got == 1 && e.kind == IN_RELEASE, "a vertical drag is neither tap nor swipe");
    e = press(0.5f, 0.5f, 0.5f, 0.5f, 1.0, 2.5, &got);
    CHECK(got == 1 && e.kind == IN_RELEASE && e.seconds > 1.4,
          "a long still press that ends before the long-press time is a release");

    InputPointer p;
    input_reset(&p);
    input_down(&p, 0.02f, 0.02f, 10, &e);
    CHECK(input_next_tick(&p) == 10 + INPUT_LONG_PRESS, "a long press is due 3 s after the press");
    CHECK(!input_tick(&p, 12.9, &e), "no long press before its time");
    CHECK(input_tick(&p, 13.0, &e) && e.kind == IN_LONG_PRESS, "a long press fires while held");
    CHECK(!input_tick(&p, 14.0, &e), "and fires only once");
    CHECK(!input_up(&p, 0.02f, 0.02f, 14.0, &e), "its release is not a second gesture");
    /* The virtual clock jumps exactly to the time next_tick gives, and the
     * press must fire then: 16.9 - 13.9 is a hair under 3 in doubles. */
    int all = 1;
    for (int k = 0; k < 4000; k++) {
        double t0 = k * 0.01 + 0.05;
        input_reset(&p);
        input_down(&p, 0.02f, 0.02f, t0, &e);
        all &= input_tick(&p, input_next_tick(&p), &e) && e.kind == IN_LONG_PRESS;
    }
    CHECK(all, "a long press fires at the very time it is due, for presses at every 10 ms");
    input_down(&p, 0.5f, 0.5f, 20, &e);
    input_move(&p, 0.7f, 0.5f, 20.5, &e);
    CHECK(!input_tick(&p, 24, &e) && input_next_tick(&p) >= 1e300,
          "a press that moved never becomes a long press");
}

static void test_replay(void)
{
    const char *script = "# a comment\n"
                         "1.5 tap 0.2 0.5\n"
                         "\n"
                         "3 swipe 0.8 0.5 0.2 0.5\n"
                         "4 hold 0.02 0.02 3.5\n"
                         "6 key Ctrl+Shift+P\n"
                         "7 text Mama is here.\n"
                         "1.5 key Escape\n";
    Replay r;
    char err[200];
    CHECK(replay_parse(script, strlen(script), "t.replay", &r, err, sizeof err) == 0,
          "a valid script parses");
    CHECK(r.n == 2 + 6 + 2 + 1 + 1 + 1, "taps, swipes and holds become pointer steps (%d)", r.n);
    int sorted = 1;
    for (int i = 1; i < r.n; i++)
        sorted &= r.steps[i].time >= r.steps[i - 1].time;
    CHECK(sorted, "steps are in time order");
    CHECK(r.steps[0].kind == RP_DOWN && r.steps[1].kind == RP_KEY,
          "steps at the same time keep the file's order");
    int keys = 0, text = 0;
    for (int i = 0; i < r.n; i++) {
        if (r.steps[i].kind == RP_KEY && !strcmp(r.steps[i].key, "P"))
            keys += r.steps[i].mods == (INPUT_MOD_CTRL | INPUT_MOD_SHIFT);
        if (r.steps[i].kind == RP_TEXT)
            text += !strcmp(r.steps[i].text, "Mama is here.");
    }
    CHECK(keys == 1, "modifiers are read from Ctrl+Shift+P");
    CHECK(text == 1, "a text line keeps its words");
    CHECK(replay_next_time(&r) == 1.5, "the first step is at 1.5 s");
    replay_free(&r);

    static const char *const bad[] = { "1 tap 2 0.5\n", "x tap 0.1 0.1\n", "1 wave 0.1\n",
                                       "1 key\n", "1 hold 0.1 0.1 -3\n", "1 swipe 0.1 0.2\n" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECK(replay_parse(bad[i], strlen(bad[i]), "bad.replay", &r, err, sizeof err) < 0 &&
                  strncmp(err, "bad.replay:1:", 13) == 0,
              "a bad line is refused with its place (%s)", bad[i]);
    }
}

/* Page turns in both directions of writing: the same gesture or key turns
 * the other way in a right-to-left book, PageDown and PageUp never change. */
static void test_turn_dir(void)
{
    static const struct {
        InputKind kind;
        float x, x2;
        const char *key;
        int ltr, rtl;
        const char *what;
    } cases[] = {
        {IN_SWIPE, 0.8f, 0.2f, "", +1, -1, "a swipe to the left"},
        {IN_SWIPE, 0.2f, 0.8f, "", -1, +1, "a swipe to the right"},
        {IN_SWIPE, 0.5f, 0.5f, "", 0, 0, "a swipe that went nowhere"},
        {IN_KEY, 0, 0, "Right", +1, -1, "the Right key"},
        {IN_KEY, 0, 0, "left", -1, +1, "the Left key (any case)"},
        {IN_KEY, 0, 0, "PageDown", +1, +1, "PageDown"},
        {IN_KEY, 0, 0, "PageUp", -1, -1, "PageUp"},
        {IN_KEY, 0, 0, "Space", 0, 0, "Space (pauses, turns nothing)"},
        {IN_TAP, 0.9f, 0, "", 0, 0, "a tap (edge taps are input_side_dir's)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        InputEvent e;
        memset(&e, 0, sizeof e);
        e.kind = cases[i].kind;
        e.x = cases[i].x;
        e.x2 = cases[i].x2;
        snprintf(e.key, sizeof e.key, "%s", cases[i].key);
        CHECK(input_turn_dir(&e, 0) == cases[i].ltr, "%s in a left-to-right book turns %d",
              cases[i].what, cases[i].ltr);
        CHECK(input_turn_dir(&e, 1) == cases[i].rtl, "%s in a right-to-left book turns %d",
              cases[i].what, cases[i].rtl);
    }
    CHECK(input_turn_dir(NULL, 0) == 0, "no event turns nothing");
    CHECK(input_side_dir(+1, 0) == +1 && input_side_dir(-1, 0) == -1,
          "in a left-to-right book the right edge is the next page, the left the previous");
    CHECK(input_side_dir(-1, 1) == +1 && input_side_dir(+1, 1) == -1,
          "in a right-to-left book the left edge is the next page, the right the previous");
    CHECK(input_side_dir(0, 1) == 0, "no side turns nothing");
}

int main(void)
{
    test_gestures();
    test_replay();
    test_turn_dir();
    CHECK_DONE();
}
