/* test_gate — the parents' gate: only reading the question opens it. */
#include <stdlib.h>

#include "check.h"
#include "gate.h"
#include "i18n.h"

#define W 960
#define H 600

static float cx(LayoutRect r) { return (r.x + r.w / 2.0f) / W; }
static float cy(LayoutRect r) { return (r.y + r.h / 2.0f) / H; }

static void test_question(void)
{
    int seen_first[GATE_DIGITS + 1] = { 0 };
    for (unsigned seed = 0; seed < 200; seed++) {
        Gate g;
        gate_init(&g);
        gate_open(&g, 0, seed * 7919u);
        int ok = 1, used[GATE_DIGITS + 1] = { 0 };
        for (int i = 0; i < GATE_ASK; i++) {
            ok &= g.answer[i] >= 1 && g.answer[i] <= GATE_DIGITS && !used[g.answer[i]];
            used[g.answer[i] % (GATE_DIGITS + 1)] = 1;
        }
        CHECK(ok, "seed %u asks three different numbers from 1 to 5", seed);
        seen_first[g.answer[0]]++;
    }
    int all = 1;
    for (int d = 1; d <= GATE_DIGITS; d++)
        all &= seen_first[d] > 10;
    CHECK(all, "every number is sometimes asked first: the question varies");
    Gate g;
    gate_init(&g);
    gate_open(&g, 0, 1);
    char buf[128];
    g.answer[0] = 3, g.answer[1] = 1, g.answer[2] = 4;
    gate_prompt(&g, buf, sizeof buf);
    CHECK_STR(buf, "Tap three, then one, then four.", "the question names the numbers in words");
}

static void test_answers(void)
{
    Gate g;
    int item;
    gate_init(&g);
    gate_open(&g, 10, 42);
    int a0 = g.answer[0], a1 = g.answer[1], a2 = g.answer[2];
    CHECK(gate_tap(&g, W, H, cx(gate_digit_rect(W, H, a0)), cy(gate_digit_rect(W, H, a0)), 11,
                   &item) == GATE_PROGRESS, "the first right number is progress");
    CHECK(gate_tap(&g, W, H, cx(gate_digit_rect(W, H, a1)), cy(gate_digit_rect(W, H, a1)), 12,
                   &item) == GATE_PROGRESS, "the second right number is progress");
    CHECK(gate_tap(&g, W, H, cx(gate_digit_rect(W, H, a2)), cy(gate_digit_rect(W, H, a2)), 13,
                   &item) == GATE_UNLOCKED, "the third right number unlocks");

    gate_open(&g, 20, 42);
    int wrong = g.answer[0] == 5 ? 4 : 5;
    while (wrong == g.answer[0])
        wrong--;
    CHECK(gate_tap(&g, W, H, cx(gate_digit_rect(W, H, wrong)), cy(gate_digit_rect(W, H, wrong)),
                   21, &item) == GATE_WRONG && g.state == GATE_CLOSED,
          "a wrong number closes the gate at once");
    gate_open(&g, 30, 42);
    CHECK(gate_tap(&g, W, H, 0.5f, 0.05f, 31, &item) == GATE_WRONG,
          "a tap beside the numbers closes the gate");
    gate_open(&g, 40, 42);
    char k[2] = { (char)('0' + g.answer[0]), 0 };
    CHECK(gate_key(&g, k, 41, &item) == GATE_PROGRESS, "number keys answer too");
    CHECK(gate_key(&g, "Escape", 42, &item) == GATE_WRONG, "any other key closes the gate");
    gate_init(&g);   /* three wrong answers above: a fresh gate, not a resting one */
    gate_open(&g, 50, 42);
    CHECK(gate_update(&g, 50 + GATE_ASK_TIMEOUT - 0.1) == GATE_NOTHING, "the gate waits a while");
    CHECK(gate_update(&g, 50 + GATE_ASK_TIMEOUT) == GATE_CLOSED_NOW,
          "left untouched, the gate closes by itself");
}

/* A toddler: random taps everywhere, many times over. The chance to pass is
 * (1/5)^3 per opened gate even when every tap lands on a number; and the
 * gate only opens after a still three-second hold in the corner. */
static void test_mashing(void)
{
    srand(7);
    int unlocked = 0, opened = 0;
    for (int round = 0; round < 2000; round++) {
        Gate g;
        int item;
        gate_init(&g);
        gate_open(&g, round, (unsigned)rand());
        opened++;
        for (int t = 0; t < 3 && g.state == GATE_ASKING; t++) {
            float x = (float)rand() / RAND_MAX, y = (float)rand() / RAND_MAX;
            unlocked += gate_tap(&g, W, H, x, y, round + t * 0.1, &item) == GATE_UNLOCKED;
        }
    }
    CHECK(unlocked <= opened / 100, "random taps almost never pass an open gate (%d of %d)",
          unlocked, opened);
}

/* Miss the question at time t (a tap beside the numbers). */
static void miss(Gate *g, double t)
{
    int item;
    gate_open(g, t, 9);
    gate_tap(g, W, H, 0.5f, 0.05f, t + 0.5, &item);
}

/* Tries are rationed: after three misses in a row the gate rests, twice as
 * long after each miss more, and a resting gate asks nothing. */
static void test_rest(void)
{
    Gate g;
    int item;
    char buf[160];
    gate_init(&g);
    miss(&g, 0);
    miss(&g, 5);
    gate_open(&g, 10, 9);
    CHECK(g.state == GATE_ASKING, "after two misses the gate still asks");
    gate_tap(&g, W, H, 0.5f, 0.05f, 10.5, &item);
    CHECK(gate_rest_left(&g, 10.5) == GATE_REST, "after the third it rests %g s (%g)", GATE_REST,
          gate_rest_left(&g, 10.5));
    gate_open(&g, 20, 9);
    CHECK(g.state == GATE_RESTING, "summoned while resting, it asks nothing");
    gate_rest_prompt(&g, 20, buf, sizeof buf);
    CHECK_STR(buf, "Too many wrong answers. The menu opens again in 51 seconds.",
              "and says when it opens again");
    CHECK(gate_tap(&g, W, H, cx(gate_digit_rect(W, H, 1)), cy(gate_digit_rect(W, H, 1)), 21,
                   &item) == GATE_CLOSED_NOW && g.state == GATE_CLOSED,
          "a tap where a number was closes the notice");
    CHECK(g.misses == 3, "and is no miss (%d)", g.misses);
    gate_open(&g, 30, 9);
    CHECK(gate_key(&g, "3", 31, &item) == GATE_CLOSED_NOW, "a key closes the notice too");
    gate_open(&g, 40, 9);
    CHECK(gate_update(&g, 40 + GATE_REST_SHOWN) == GATE_CLOSED_NOW,
          "left alone, the notice goes after %g s", GATE_REST_SHOWN);
    double t = 10.5 + GATE_REST;
    gate_open(&g, t, 9);
    CHECK(g.state == GATE_ASKING, "once rested, it asks again");
    gate_tap(&g, W, H, 0.5f, 0.05f, t, &item);
    CHECK(gate_rest_left(&g, t) == 2 * GATE_REST, "a miss more rests twice as long");
    gate_rest_prompt(&g, t, buf, sizeof buf);
    CHECK_STR(buf, "Too many wrong answers. The menu opens again in 2 minutes.",
              "said in minutes");
    for (int k = 0; k < 8; k++) {
        t += gate_rest_left(&g, t);
        miss(&g, t);
        t += 0.5;
    }
    CHECK(gate_rest_left(&g, t) == GATE_REST_MAX, "the rest is at most %g s (%g)", GATE_REST_MAX,
          gate_rest_left(&g, t));
    /* Rested, then the right answer: the count starts again. */
    t += GATE_REST_MAX;
    gate_open(&g, t, 9);
    for (int i = 0; i < GATE_ASK; i++) {
        LayoutRect r = gate_digit_rect(W, H, g.answer[i]);
        gate_tap(&g, W, H, cx(r), cy(r), t + i, &item);
    }
    CHECK(g.state == GATE_CLOSED || g.misses == 0, "the right answer after a rest unlocks");
    CHECK(g.misses == 0 && gate_rest_left(&g, t + 3) == 0, "and forgets the misses");
    miss(&g, t + 10);
    gate_open(&g, t + 20, 9);
    CHECK(g.state == GATE_ASKING, "one miss after that does not rest it");
    /* Misses long ago are forgotten. */
    gate_init(&g);
    miss(&g, 0);
    miss(&g, 10);
    miss(&g, 20 + GATE_FORGET);
    gate_open(&g, 30 + GATE_FORGET, 9);
    CHECK(g.state == GATE_ASKING && g.misses == 1,
          "two misses half an hour before the third do not count (%d)", g.misses);
}

/* A toddler at the gate all night: every five seconds a still hold in the
 * corner (the gate opens or rests), then three random taps. Without the
 * rests, about one night in a few minutes would pass it. */
static void test_toddler_night(void)
{
    srand(11);
    int unlocked = 0, asked = 0;
    Gate g;
    gate_init(&g);
    for (double t = 0; t < 10 * 3600.0; t += 5.0) {
        int item;
        gate_open(&g, t, (unsigned)rand());
        if (g.state == GATE_RESTING) {
            gate_tap(&g, W, H, 0.5f, 0.5f, t + 1, &item);
            continue;
        }
        asked++;
        for (int k = 0; k < GATE_ASK && g.state == GATE_ASKING; k++) {
            LayoutRect r = gate_digit_rect(W, H, 1 + rand() % GATE_DIGITS);
            if (gate_tap(&g, W, H, cx(r), cy(r), t + 1 + k, &item) == GATE_UNLOCKED) {
                unlocked++;
                gate_close(&g);
            }
        }
    }
    CHECK(asked < 100, "over ten hours the gate asks a tapping toddler under 100 times (%d, "
          "where 7200 holds were made)", asked);
    CHECK(unlocked <= 1, "and is passed at most once (%d)", unlocked);
}

static void test_menu(void)
{
    Gate g;
    int item = -1;
    gate_init(&g);
    gate_unlock(&g, 6, 100);
    CHECK(g.state == GATE_MENU, "unlocking opens the menu");
    LayoutRect r = gate_item_rect(W, H, 3, 6);
    CHECK(gate_tap(&g, W, H, cx(r), cy(r), 101, &item) == GATE_ITEM && item == 3,
          "a tap on an item chooses it");
    gate_key(&g, "Down", 102, &item);
    CHECK(gate_key(&g, "Return", 103, &item) == GATE_ITEM && item == 4,
          "Down and Return choose the next item");
    CHECK(gate_update(&g, 103 + GATE_MENU_TIMEOUT) == GATE_CLOSED_NOW,
          "the menu closes itself after a minute untouched");
    CHECK(gate_corner_hit(W, H, 0.02f, 0.03f) && !gate_corner_hit(W, H, 0.5f, 0.5f) &&
              !gate_corner_hit(W, H, 0.98f, 0.02f),
          "only the top-left corner starts the parents' hold");
    gate_unlock(&g, 12, 200);
    CHECK(gate_key(&g, "Escape", 201, &item) == GATE_CLOSED_NOW && g.state == GATE_CLOSED,
          "Escape closes the parents' menu");
    gate_unlock(&g, 12, 300);
    gate_key(&g, "Right", 301, &item);
    CHECK(gate_key(&g, "Return", 302, &item) == GATE_ITEM && item == 6,
          "in two columns, Right jumps to the item beside");
    for (int i = 0; i < 12; i++) {
        LayoutRect x = gate_item_rect(W, H, i, 12);
        CHECK(x.h > H / 20 && x.x >= 0 && x.x + x.w <= W && x.y + x.h <= H,
              "twelve items fit on screen, each a finger's height (%d)", i);
        for (int j = 0; j < i; j++) {
            LayoutRect y = gate_item_rect(W, H, j, 12);
            CHECK(x.x >= y.x + y.w || y.x >= x.x + x.w || x.y >= y.y + y.h || y.y >= x.y + x.h,
                  "items %d and %d do not overlap", i, j);
        }
    }
    for (int i = 0; i + 1 < 6; i++) {
        LayoutRect x = gate_item_rect(W, H, i, 6), y = gate_item_rect(W, H, i + 1, 6);
        CHECK(x.y + x.h <= y.y && x.h > H / 20, "menu items are big and do not overlap (%d)", i);
    }
}

/* A gate asking 3, 1, 4. */
static void ask_314(Gate *g)
{
    gate_init(g);
    gate_open(g, 0, 1);
    g->answer[0] = 3, g->answer[1] = 1, g->answer[2] = 4;
}

/* Does any byte of s spell an ASCII letter? (the English words would) */
static int has_latin_letter(const char *s)
{
    for (; *s; s++)
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
            return 1;
    return 0;
}

/* The question in the interface's language: its sentence and each number
 * word from the catalogue, the tiles in the language's digits. */
static void test_languages(void)
{
    Gate g;
    char buf[256], digit[8];
    ask_314(&g);
    gate_prompt(&g, buf, sizeof buf);
    CHECK_STR(buf, "Tap three, then one, then four.", "before any language is set: English");

    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    setenv("LANGUAGE", "en", 1);
    i18n_init(TEST_LOCALE, "fr");
    gate_prompt(&g, buf, sizeof buf);
    CHECK_STR(buf, "Touchez trois, puis un, puis quatre.",
              "French, from the build's fr catalogue: '%s'", buf);
    i18n_digit(i18n_language(), 3, digit, sizeof digit);
    CHECK_STR(digit, "3", "French tiles show 3");

    i18n_init(TEST_LOCALE_INJECTED, "ar");
    CHECK_STR(i18n_language(), "ar", "the injected Arabic catalogue is in use");
    gate_prompt(&g, buf, sizeof buf);
    CHECK_STR(buf, "اضغط ثلاثة، ثم واحد، ثم أربعة.",
              "Arabic: the sentence and its three words, in order: '%s'", buf);
    i18n_digit(i18n_language(), 3, digit, sizeof digit);
    CHECK_STR(digit, "\u0663", "Arabic tiles show the Arabic-Indic three");

    /* The project's own Arabic, once po/ar.po is built: every word Arabic. */
    i18n_init(TEST_LOCALE, "ar");
    if (strcmp(i18n_language(), "ar") != 0) {
        /* Not a skip: the rest of this program ran and counts. */
        printf("note: po/ar.po is not built yet: the project's Arabic gate is not checked\n");
    } else {
        gate_prompt(&g, buf, sizeof buf);
        CHECK(!has_latin_letter(buf) && strstr(buf, C_("gate", "three")) &&
                  strstr(buf, C_("gate", "one")) && strstr(buf, C_("gate", "four")) &&
                  strstr(buf, C_("gate", "three")) < strstr(buf, C_("gate", "one")),
              "po/ar.po's gate asks in Arabic words, three before one: '%s'", buf);
    }
    i18n_set_language("en");
    gate_prompt(&g, buf, sizeof buf);
    CHECK_STR(buf, "Tap three, then one, then four.", "English again at once");
}

/* A right-to-left interface: 1 is on the right, the menu's first column too,
 * and taps are tested where the tiles are shown. */
static void test_rtl(void)
{
    Gate g;
    int item;
    gate_init(&g);
    gate_open(&g, 10, 42);
    g.rtl = 1;
    LayoutRect one = gate_place(&g, gate_digit_rect(W, H, 1), W);
    LayoutRect five = gate_place(&g, gate_digit_rect(W, H, 5), W);
    CHECK(one.x > five.x && one.x == gate_digit_rect(W, H, 5).x,
          "right to left, the tile of 1 is on the right, where 5 is left to right");
    int a0 = g.answer[0], a1 = g.answer[1], a2 = g.answer[2];
    int ok = 1;
    int ds[3] = { a0, a1, a2 };
    for (int i = 0; i < 3; i++) {
        LayoutRect r = gate_place(&g, gate_digit_rect(W, H, ds[i]), W);
        ok &= gate_tap(&g, W, H, (r.x + r.w / 2.0f) / W, (r.y + r.h / 2.0f) / H, 11 + i, &item) ==
              (i < 2 ? GATE_PROGRESS : GATE_UNLOCKED);
    }
    CHECK(ok, "tapping the mirrored tiles in order unlocks");
    gate_open(&g, 20, 42);
    g.rtl = 1;
    int d = g.answer[0];
    LayoutRect plain = gate_digit_rect(W, H, 6 - d);
    CHECK(gate_tap(&g, W, H, cx(plain), cy(plain), 21, &item) == GATE_PROGRESS,
          "the place of %d left to right answers %d right to left", 6 - d, d);
    gate_unlock(&g, 12, 30);
    LayoutRect first = gate_place(&g, gate_item_rect(W, H, 0, 12), W);
    LayoutRect last = gate_place(&g, gate_item_rect(W, H, 11, 12), W);
    CHECK(first.x > last.x, "the menu's first column is on the right");
    CHECK(gate_tap(&g, W, H, (first.x + first.w / 2.0f) / W, (first.y + first.h / 2.0f) / H, 31,
                   &item) == GATE_ITEM && item == 0,
          "and a tap there chooses the first item");
}

int main(void)
{
    test_question();
    test_answers();
    test_rtl();
    test_mashing();
    test_rest();
    test_toddler_night();
    test_menu();
    test_languages();
    CHECK_DONE();
}
