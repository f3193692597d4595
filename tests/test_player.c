/* test_player — the story night's state machine under a fake clock.
 *
 * The simulation below is the main loop in miniature: update, count a frame
 * when the scene changed, jump to the next change or to the narration's end.
 * It checks the event order, the page timing rules, the frame budget of each
 * phase and that the dark asks for nothing. */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "player.h"

typedef struct {
    int frames[PHASE_COUNT];
    PlayerEventKind kinds[256];
    double times[256];
    int nev;
    double narration_end;   /* fake mixer: when the narration ends */
    int narration_scene;
    double page_shown[16];
    double dark_at;
    int dim_levels[300];
    int ndim;
    int wakeups_in_dark;
} Sim;

/* Narration lengths by scene; <= 0 = none. */
static double narration_of(int scene, const double *lengths, int n)
{
    if (scene == SCENE_REASSURANCE)
        return lengths[n];
    return scene >= 0 && scene < n ? lengths[scene] : -1;
}

static void sim_events(Player *p, Sim *s, const double *lengths, int n)
{
    PlayerEvent e;
    while (player_next_event(p, &e)) {
        if (s->nev < 256) {
            s->kinds[s->nev] = e.kind;
            s->times[s->nev++] = e.time;
        }
        if (e.kind == PEV_PAGE && e.a >= 0 && e.a < 16)
            s->page_shown[e.a] = e.time;
        if (e.kind == PEV_DARK)
            s->dark_at = e.time;
        if (e.kind == PEV_WANT_NARRATION) {
            double len = narration_of(e.a, lengths, n);
            if (len > 0) {
                player_narration_started(p, e.a, e.time, len);
                s->narration_end = e.time + len;
                s->narration_scene = e.a;
            } else {
                player_narration_missing(p, e.a, e.time);
            }
        }
    }
}

/* Run a whole night; lengths[i] for page i, lengths[npages] for the reassurance. */
static void simulate(const Story *st, const PlayerConfig *cfg, const double *lengths, Sim *s)
{
    Player p;
    PlayerScene shown = { 0 }, now_scene;
    int have = 0;
    double t = 0;
    memset(s, 0, sizeof *s);
    s->narration_end = PLAYER_NEVER;
    s->dark_at = -1;
    player_begin(&p, &st, 1, cfg, 0);
    for (int guard = 0; guard < 100000; guard++) {
        player_update(&p, t);
        sim_events(&p, s, lengths, st->npages);
        player_scene(&p, t, &now_scene);
        if (!have || !player_scene_equal(&now_scene, &shown)) {
            s->frames[p.phase]++;
            shown = now_scene;
            have = 1;
            if (p.phase == PHASE_DIM && s->ndim < 300)
                s->dim_levels[s->ndim++] = now_scene.nlayers ? now_scene.layer[0].r : 0;
        }
        double next = player_next_change(&p, t);
        if (p.phase == PHASE_DARK) {
            if (next < PLAYER_NEVER)
                s->wakeups_in_dark++;
            break;
        }
        if (s->narration_end < next) {
            t = s->narration_end;
            s->narration_end = PLAYER_NEVER;
            player_narration_ended(&p, s->narration_scene, t);
            continue;
        }
        CHECK(next > t, "the next change (%.4f) lies after now (%.4f)", next, t);
        if (next >= PLAYER_NEVER)
            break;
        t = next;
    }
}

static StoryPage page(int number, const char *image, const char *text, double read_hold)
{
    StoryPage pg;
    memset(&pg, 0, sizeof pg);
    pg.number = number;
    pg.image = (char *)image;
    pg.text = (char *)text;
    pg.hold = -1;
    pg.read_hold = read_hold;
    return pg;
}

static Story three_pages(StoryPage *pages, StoryTransition tr)
{
    Story st;
    memset(&st, 0, sizeof st);
    pages[0] = page(1, "01.png", "Hello moon.", 4);
    pages[1] = page(2, "02.png", "one two three four five six seven eight nine ten", 4.5);
    pages[2] = page(3, "03.png", NULL, 6);
    st.pages = pages;
    st.npages = 3;
    st.hold = 1.5;
    st.transition = tr;
    st.transition_time = 1.2;
    return st;
}

static int count_kind(const Sim *s, PlayerEventKind k)
{
    int n = 0;
    for (int i = 0; i < s->nev; i++)
        n += s->kinds[i] == k;
    return n;
}

static void test_timing(void)
{
    StoryPage pages[3];
    Story st = three_pages(pages, TRANSITION_CROSSFADE);
    PlayerConfig cfg;
    player_config_defaults(&cfg);
    double lengths[4] = { 3.0, -1, -1, 2.0 };
    Sim s;
    simulate(&st, &cfg, lengths, &s);

    CHECK_NEAR(s.page_shown[0], PLAYER_FADE_IN, 1e-9, "page 1 is fully shown after the fade-in");
    CHECK_NEAR(s.page_shown[1], s.page_shown[0] + 3.0 + 1.5 + 1.2, 1e-9,
               "a narrated page turns at narration end + hold, then the transition");
    CHECK_NEAR(s.page_shown[2], s.page_shown[1] + 4.5 + 1.2, 1e-9,
               "a page without narration holds for its reading time");
    CHECK(count_kind(&s, PEV_PAGE) == 3, "three page events");
    CHECK(count_kind(&s, PEV_REASSURANCE) == 1, "one reassurance");
    CHECK(count_kind(&s, PEV_DIM_START) == 1, "one dim-start");
    CHECK(count_kind(&s, PEV_DARK) == 1, "the night reaches dark");
    CHECK(count_kind(&s, PEV_NARRATION_END) == 2, "narration ends for page 1 and the reassurance");
    double reassure_at = 0, dim_at = 0;
    for (int i = 0; i < s.nev; i++) {
        if (s.kinds[i] == PEV_REASSURANCE)
            reassure_at = s.times[i];
        if (s.kinds[i] == PEV_DIM_START)
            dim_at = s.times[i];
    }
    CHECK_NEAR(reassure_at, s.page_shown[2] + 6.0 + 1.2, 1e-9,
               "a picture alone holds 6 s, then the reassurance follows its transition");
    CHECK_NEAR(dim_at, reassure_at + 2.0 + PLAYER_REASSURE_HOLD, 1e-9,
               "the dimming starts after the reassurance's voice and hold");
    CHECK_NEAR(s.dark_at, dim_at + cfg.dim_seconds, 1e-9, "dark comes when the dimming ends");

    /* A page's own frame is needed only when the transition's last frame
     * differed from it; never more than one, never one while it waits. */
    CHECK(s.frames[PHASE_PAGE] >= 2 && s.frames[PHASE_PAGE] <= 3,
          "at most one frame per static page, none while it waits (got %d)",
          s.frames[PHASE_PAGE]);
    CHECK(s.frames[PHASE_REASSURANCE] == 1, "one frame for the static reassurance (got %d)",
          s.frames[PHASE_REASSURANCE]);
    int budget = (int)ceil(PLAYER_FADE_IN * PLAYER_FPS) + 3 * (int)ceil(1.2 * PLAYER_FPS);
    CHECK(s.frames[PHASE_TRANSITION] <= budget && s.frames[PHASE_TRANSITION] >= budget - 8,
          "transitions draw on the 30 Hz grid: %d frames, budget %d", s.frames[PHASE_TRANSITION],
          budget);
    CHECK(s.frames[PHASE_DIM] <= 256 && s.frames[PHASE_DIM] >= 40,
          "the dimming draws only when its level changes: %d frames", s.frames[PHASE_DIM]);
    CHECK(s.frames[PHASE_DARK] == 0, "no frame in the dark");
    CHECK(s.wakeups_in_dark == 0, "the dark schedules no wake-up at all");
    int monotonic = 1;
    for (int i = 1; i < s.ndim; i++)
        monotonic &= s.dim_levels[i] < s.dim_levels[i - 1];
    CHECK(monotonic, "every dim frame is darker than the one before");
    CHECK(s.ndim > 0 && s.dim_levels[s.ndim - 1] == 0, "the dimming ends black");
}

static void test_short_dim(void)
{
    StoryPage pages[3];
    Story st = three_pages(pages, TRANSITION_CROSSFADE);
    PlayerConfig cfg;
    player_config_defaults(&cfg);
    cfg.dim_seconds = 1.0;
    double lengths[4] = { 1.0, -1, -1, 1.0 };
    Sim s;
    simulate(&st, &cfg, lengths, &s);
    CHECK(s.frames[PHASE_DIM] <= 31 && s.frames[PHASE_DIM] >= 20,
          "a 1 s dimming keeps to 30 frames a second (%d frames)", s.frames[PHASE_DIM]);
    CHECK(s.ndim > 0 && s.dim_levels[s.ndim - 1] == 0, "a short dimming still ends black");
}

static void test_lower_budget(void)
{
    StoryPage pages[3];
    Story st = three_pages(pages, TRANSITION_CROSSFADE);
    PlayerConfig cfg;
    player_config_defaults(&cfg);
    cfg.fps = 15;
    double lengths[4] = { 1.0, -1, -1, 1.0 };
    Sim s;
    simulate(&st, &cfg, lengths, &s);
    int budget = (int)ceil(PLAYER_FADE_IN * 15) + 3 * (int)ceil(1.2 * 15);
    CHECK(s.frames[PHASE_TRANSITION] <= budget && s.frames[PHASE_TRANSITION] >= budget - 8,
          "a lowered budget of 15 fps halves the transition frames (%d, budget %d)",
          s.frames[PHASE_TRANSITION], budget);
    CHECK(count_kind(&s, PEV_DARK) == 1 && s.frames[PHASE_DARK] == 0,
          "the night still reaches a dark that draws nothing");
}

static void test_first_event_order(void)
{
    StoryPage pages[3];
    Story st = three_pages(pages, TRANSITION_CROSSFADE);
    double lengths[4] = { 3.0, -1, -1, -1 };
    Sim s;
    simulate(&st, NULL, lengths, &s);
    static const PlayerEventKind want[] = { PEV_STORY_START, PEV_PREPARE, PEV_TRANSITION_START,
                                            PEV_TRANSITION_END, PEV_PAGE, PEV_WANT_NARRATION,
                                            PEV_PREPARE, PEV_NARRATION_END, PEV_PREPARE,
                                            PEV_TRANSITION_START };
    int ok = s.nev >= 10;
    for (int i = 0; ok && i < 10; i++)
        ok = s.kinds[i] == want[i];
    CHECK(ok, "the night opens: story-start, fade-in, page 1, its narration, the next page");
    CHECK(count_kind(&s, PEV_RELEASE) == 3, "each page left behind is released (3 of them)");
    CHECK(count_kind(&s, PEV_DARK) == 1, "without any voice the reassurance still leads to dark");
}

static void test_fade_black_and_none(void)
{
    StoryPage pages[3];
    Story st = three_pages(pages, TRANSITION_FADE_BLACK);
    Player p;
    PlayerScene sc;
    player_begin(&p, (const Story *const[]){ &st }, 1, NULL, 0);
    player_update(&p, PLAYER_FADE_IN);
    PlayerEvent e;
    while (player_next_event(&p, &e))
        if (e.kind == PEV_WANT_NARRATION)
            player_narration_missing(&p, e.a, e.time);
    double turn = PLAYER_FADE_IN + 4.0;
    player_update(&p, turn + 0.6);
    player_scene(&p, turn + 0.6, &sc);
    CHECK(p.phase == PHASE_TRANSITION && sc.nlayers == 0,
          "fade-through-black is black in its middle");
    player_update(&p, turn + 0.3);
    player_scene(&p, turn + 0.3, &sc);
    CHECK(sc.nlayers == 1 && sc.layer[0].scene == 0 && sc.layer[0].r < 255 && sc.layer[0].r > 0,
          "fade-through-black first darkens the old page");

    st.transition = TRANSITION_NONE;
    double lengths[4] = { -1, -1, -1, -1 };
    Sim s;
    simulate(&st, NULL, lengths, &s);
    /* the opening fade-in, then three turns (two pages and the reassurance)
     * of PLAYER_MIN_TURN each */
    int most = (int)ceil(PLAYER_FADE_IN * PLAYER_FPS) + 3 * (int)ceil(PLAYER_MIN_TURN * PLAYER_FPS);
    CHECK(s.frames[PHASE_TRANSITION] > (int)ceil(PLAYER_FADE_IN * PLAYER_FPS) &&
              s.frames[PHASE_TRANSITION] <= most,
          "with transition none each turn is a short crossfade (%d frames, at most %d)",
          s.frames[PHASE_TRANSITION], most);
    CHECK_NEAR(s.page_shown[1], s.page_shown[0] + 4.0 + PLAYER_MIN_TURN, 1e-9,
               "transition none is the quickest crossfade, never a cut");
}

static void test_narration_safety(void)
{
    StoryPage pages[3];
    Story st = three_pages(pages, TRANSITION_CROSSFADE);
    Player p;
    player_begin(&p, (const Story *const[]){ &st }, 1, NULL, 0);
    player_update(&p, PLAYER_FADE_IN);
    PlayerEvent e;
    while (player_next_event(&p, &e))
        if (e.kind == PEV_WANT_NARRATION)
            player_narration_started(&p, e.a, e.time, 3.0);
    CHECK(p.phase == PHASE_PAGE, "page 1 is showing");
    double next = player_next_change(&p, PLAYER_FADE_IN);
    CHECK(next > PLAYER_FADE_IN + 3.0 + 1.5 && next < PLAYER_NEVER,
          "a narrated page waits for the finished event, with a deadline if it never comes");
    player_narration_ended(&p, 2, PLAYER_FADE_IN + 1);
    CHECK(p.narrating, "the end of another scene's narration is ignored");
    player_update(&p, next);
    CHECK(p.phase == PHASE_TRANSITION, "a lost finished event does not stop the story");
}

static void test_empty_story(void)
{
    Story st;
    memset(&st, 0, sizeof st);
    st.hold = 1.5;
    st.transition_time = 1.2;
    double lengths[1] = { 2.0 };
    Sim s;
    simulate(&st, NULL, lengths, &s);
    CHECK(count_kind(&s, PEV_REASSURANCE) == 1 && count_kind(&s, PEV_DARK) == 1,
          "a story with no playable page still reaches the reassurance and dark");
}

static void test_dim_curve(void)
{
    CHECK(player_dim_level(0) == 255, "the dimming starts at full brightness");
    CHECK(player_dim_level(1) == 0, "the dimming ends black");
    int distinct = 1, prev = 255, mono = 1;
    for (int i = 1; i <= 1000; i++) {
        int l = player_dim_level(i / 1000.0);
        mono &= l <= prev;
        distinct += l != prev;
        prev = l;
    }
    CHECK(mono, "brightness never rises while dimming");
    CHECK(distinct <= PLAYER_DIM_LEVELS + 1, "at most %d levels (%d)", PLAYER_DIM_LEVELS, distinct);
    CHECK(player_dim_level(0.5) > 70 && player_dim_level(0.5) < 150,
          "half way in lightness is a mid grey, not linear luminance (%d)", player_dim_level(0.5));
    uint8_t r, g, b;
    player_dim_colour(100, 1, &r, &g, &b);
    CHECK(r == 100 && g < r && b < g, "the night light makes dim pages warmer");
    player_dim_colour(100, 0, &r, &g, &b);
    CHECK(r == 100 && g == 100 && b == 100, "without the night light the dimming is neutral");
    player_dim_colour(255, 1, &r, &g, &b);
    CHECK(r == 255 && g == 255 && b == 255, "no colour shift before the dimming begins");
}

/* Bring a fresh player to page 1 fully shown, its narration started (len > 0)
 * or missing. */
static void open_page1(Player *p, const Story *st, double len)
{
    player_begin(p, (const Story *const[]){ st }, 1, NULL, 0);
    player_update(p, PLAYER_FADE_IN);
    PlayerEvent e;
    while (player_next_event(p, &e))
        if (e.kind == PEV_WANT_NARRATION) {
            if (len > 0)
                player_narration_started(p, e.a, e.time, len);
            else
                player_narration_missing(p, e.a, e.time);
        }
}

static int drain_count(Player *p, PlayerEventKind k)
{
    PlayerEvent e;
    int n = 0;
    while (player_next_event(p, &e))
        n += e.kind == k;
    return n;
}

static void test_turns(void)
{
    StoryPage pages[3];
    Story st = three_pages(pages, TRANSITION_CROSSFADE);
    Player p;
    open_page1(&p, &st, 3.0);
    double t = PLAYER_FADE_IN + 0.5;
    CHECK(player_turn(&p, -1, t) == 0, "no page before the first: a back turn does nothing");
    CHECK(player_turn(&p, +1, t) == 1 && p.phase == PHASE_TRANSITION && p.to == 1,
          "a forward turn on page 1 starts the transition to page 2");
    CHECK(player_turn(&p, +1, t + 0.05) == 0, "a second tap during the transition is ignored");
    player_update(&p, t + 1.2);
    CHECK(p.phase == PHASE_PAGE && p.current == 1, "one page turned, not two (double tap)");
    drain_count(&p, PEV_PAGE);
    player_narration_missing(&p, 1, t + 1.2);
    CHECK(player_turn(&p, -1, t + 1.3) == 0, "a turn just after a page appeared is ignored");
    CHECK(player_turn(&p, -1, t + 1.7) == 1 && p.to == 0, "a back turn goes to page 1");
    player_update(&p, t + 2.95);
    CHECK(p.current == 0, "back on page 1");
    drain_count(&p, PEV_PAGE);
    player_narration_missing(&p, 0, t + 2.9);
    player_turn(&p, +1, t + 3.4);
    player_update(&p, t + 4.65);
    player_narration_missing(&p, 1, t + 4.6);
    player_turn(&p, +1, t + 5.1);
    player_update(&p, t + 6.35);
    player_narration_missing(&p, 2, t + 6.3);
    CHECK(player_turn(&p, +1, t + 6.8) == 1 && p.to == SCENE_REASSURANCE,
          "turning past the last page goes to the reassurance");
}

/* Two taps 150 ms apart turn one page, even with no transition to hide in. */
static void test_double_tap_without_transition(void)
{
    StoryPage pages[3];
    Story st = three_pages(pages, TRANSITION_NONE);
    Player p;
    open_page1(&p, &st, 3.0);
    double t = PLAYER_FADE_IN + 1.0;
    CHECK(player_turn(&p, +1, t) == 1, "the first tap turns the page");
    player_update(&p, t);
    CHECK(p.phase == PHASE_TRANSITION, "with transition = none the quickest crossfade begins");
    CHECK(player_turn(&p, +1, t + 0.15) == 0, "the second tap of a double tap does nothing");
    t += PLAYER_MIN_TURN;
    player_update(&p, t);
    CHECK(p.phase == PHASE_PAGE && p.current == 1, "page 2 is there half a second later");
    player_narration_missing(&p, 1, t);
    CHECK(player_turn(&p, +1, t + 0.15) == 0, "a tap just after it shows does nothing");
    player_update(&p, t + 0.15);
    CHECK(p.current == 1, "still page 2, not page 3");
    CHECK(player_turn(&p, +1, t + PLAYER_TURN_SETTLE) == 1,
          "a deliberate tap a moment later turns again");
}

static void test_pause(void)
{
    StoryPage pages[3];
    Story st = three_pages(pages, TRANSITION_CROSSFADE);
    Player p;
    open_page1(&p, &st, -1); /* page 1 holds 4 s for reading */
    double t0 = PLAYER_FADE_IN;
    CHECK_NEAR(p.turn_at, t0 + 4.0, 1e-9, "page 1 would turn after its reading time");
    CHECK(player_toggle_pause(&p, t0 + 1) == 1 && drain_count(&p, PEV_PAUSE) == 1,
          "a tap in the middle pauses the page");
    CHECK_NEAR(player_next_change(&p, t0 + 1), t0 + 1 + PLAYER_PAUSE_LIMIT, 1e-9,
               "a paused page schedules nothing but the end of its patience");
    player_update(&p, t0 + 100);
    CHECK(p.phase == PHASE_PAGE, "a paused page does not turn");
    CHECK(player_toggle_pause(&p, t0 + 100) == 1 && drain_count(&p, PEV_RESUME) == 1,
          "a second tap resumes it");
    CHECK_NEAR(p.turn_at, t0 + 103.0, 1e-9, "the countdown goes on from where it stopped");

    open_page1(&p, &st, 3.0);
    player_toggle_pause(&p, t0 + 1);
    player_toggle_pause(&p, t0 + 11);
    player_narration_ended(&p, 0, t0 + 13);
    CHECK_NEAR(p.turn_at, t0 + 13 + 1.5, 1e-9, "after a pause the page turns at the real end");
    CHECK(player_replay(&p, t0 + 13.5) == 1 && drain_count(&p, PEV_WANT_NARRATION) == 1,
          "the replay control asks for the narration again");
    CHECK(p.turn_at >= PLAYER_NEVER, "a replayed page waits for its narration again");

    /* A tap in the middle at bedtime, and nobody comes back. */
    open_page1(&p, &st, 3.0);
    player_toggle_pause(&p, t0 + 1);
    player_narration_ended(&p, 0, t0 + 2); /* the mixer's last buffer, say */
    drain_count(&p, PEV_NARRATION_END);
    player_update(&p, t0 + 1 + PLAYER_PAUSE_LIMIT - 0.01);
    CHECK(p.phase == PHASE_PAGE && p.paused, "the page waits, paused, almost three minutes");
    double out = t0 + 1 + PLAYER_PAUSE_LIMIT;
    player_update(&p, out);
    CHECK(p.phase == PHASE_TRANSITION && p.to == SCENE_REASSURANCE && !p.paused,
          "then the night goes on to its reassurance, the pages between left out");
    CHECK(drain_count(&p, PEV_PAUSE_TIMEOUT) == 1, "and says so (the trace's pause-timeout)");
    double at = out;
    for (int i = 0; i < 1000 && p.phase == PHASE_TRANSITION; i++) { /* frame by frame */
        at = player_next_change(&p, at);
        player_update(&p, at);
    }
    CHECK(p.phase == PHASE_REASSURANCE && p.current == SCENE_REASSURANCE,
          "the closing words are shown, as every night ends");
    CHECK(drain_count(&p, PEV_WANT_NARRATION) == 1, "and spoken, in the parent's voice");
    player_narration_started(&p, SCENE_REASSURANCE, at, 3.0);
    player_narration_ended(&p, SCENE_REASSURANCE, at + 3);
    for (int i = 0; i < 1000 && p.phase == PHASE_REASSURANCE; i++) {
        at = player_next_change(&p, at + 3);
        player_update(&p, at);
    }
    CHECK(p.phase == PHASE_DIM, "then the dimming");
    player_update(&p, at + p.cfg.dim_seconds);
    CHECK(p.phase == PHASE_DARK, "and the night ends in the dark");
}

/* Step frame by frame while the phase is ph; returns the time it left it. */
static double run_out(Player *p, PlayerPhase ph, double at)
{
    for (int i = 0; i < 100000 && p->phase == ph; i++) {
        at = player_next_change(p, at);
        player_update(p, at);
    }
    return at;
}

/* The night at its closing words (reached by a pause left alone), their
 * narration of 3 s started; returns when they began. */
static double at_closing(Player *p, const Story *st)
{
    double t0 = PLAYER_FADE_IN;
    open_page1(p, st, 3.0);
    player_toggle_pause(p, t0 + 1);
    player_update(p, t0 + 1 + PLAYER_PAUSE_LIMIT);
    double at = run_out(p, PHASE_TRANSITION, t0 + 1 + PLAYER_PAUSE_LIMIT);
    drain_count(p, PEV_PAGE);
    player_narration_started(p, SCENE_REASSURANCE, at, 3.0);
    return at;
}

static int dim_level_at(const Player *p, double t)
{
    PlayerScene sc;
    player_scene(p, t, &sc);
    return sc.nlayers ? sc.layer[0].r : 0;
}

/* The parents' menu holds the night where it is: never the dark (the panel
 * off, the sound closed) under a grown-up's hand. */
static void test_hold(void)
{
    StoryPage pages[3];
    Story st = three_pages(pages, TRANSITION_CROSSFADE);
    Player p;
    double t0 = PLAYER_FADE_IN;

    /* A page: as a pause, and a page the child paused is the child's. */
    open_page1(&p, &st, 3.0);
    CHECK(player_hold(&p, 1, t0 + 1) == 1 && p.paused && drain_count(&p, PEV_PAUSE) == 1,
          "the menu holds a page being read, as a pause does");
    CHECK(player_hold(&p, 1, t0 + 2) == 0, "holding what is held does nothing");
    CHECK(player_hold(&p, 0, t0 + 11) == 1 && !p.paused && drain_count(&p, PEV_RESUME) == 1,
          "and lets it go on");
    open_page1(&p, &st, 3.0);
    player_toggle_pause(&p, t0 + 1);
    CHECK(player_hold(&p, 1, t0 + 2) == 0 && p.paused,
          "a page the child paused is not the menu's to resume later");
    player_begin(&p, (const Story *const[]){ &st }, 1, NULL, 0);
    CHECK(player_hold(&p, 1, 0.1) == 0 && !p.paused,
          "a page turn has nothing to hold yet (the page it lands on is held)");

    /* The closing words. */
    double at = at_closing(&p, &st);
    CHECK(p.phase == PHASE_REASSURANCE, "the night is at its closing words");
    CHECK(player_toggle_pause(&p, at + 0.5) == 0 && !p.paused,
          "a child's tap does not pause the closing words");
    CHECK(player_hold(&p, 1, at + 1) == 1 && drain_count(&p, PEV_PAUSE) == 1,
          "the menu holds the closing words");
    player_narration_ended(&p, SCENE_REASSURANCE, at + 1.1); /* the mixer's last block */
    player_update(&p, at + 100);
    CHECK(p.phase == PHASE_REASSURANCE, "held, the closing scene does not go on to the dimming");
    player_hold(&p, 0, at + 100);
    CHECK_NEAR(p.turn_at, at + 100 + p.cfg.reassure_hold, 1e-9,
               "let go, it dims after the closing scene's own hold");
    at = run_out(&p, PHASE_REASSURANCE, at + 100);
    CHECK(p.phase == PHASE_DIM, "then the dimming begins");

    /* The dimming: its level held, no frame asked, the dark put off. */
    double D = p.cfg.dim_seconds, d0 = at;
    drain_count(&p, PEV_DIM_START);
    int level = dim_level_at(&p, d0 + D / 3);
    CHECK(level > 0 && level < 255, "a third into the dimming the screen is part dim (%d)", level);
    CHECK(player_hold(&p, 1, d0 + D / 3) == 1 && drain_count(&p, PEV_PAUSE) == 1,
          "the menu holds the dimming");
    CHECK(dim_level_at(&p, d0 + D / 3 + 50) == level && dim_level_at(&p, d0 + D + 50) == level,
          "held, the level stays where it was (%d, %d)", dim_level_at(&p, d0 + D + 50), level);
    CHECK_NEAR(player_next_change(&p, d0 + D / 3), d0 + D / 3 + PLAYER_PAUSE_LIMIT, 1e-9,
               "a held dimming asks for no frame before the end of its patience");
    player_update(&p, d0 + D + 50);
    CHECK(p.phase == PHASE_DIM && drain_count(&p, PEV_DARK) == 0,
          "and no dark comes while the menu is open");
    double back = d0 + D + 60;
    CHECK(player_hold(&p, 0, back) == 1 && drain_count(&p, PEV_RESUME) == 1,
          "closed, the dimming goes on");
    CHECK(dim_level_at(&p, back) == level, "from the level it held, with no jump");
    CHECK_NEAR(p.turn_at, back + D * 2 / 3, 1e-9, "and the dark comes after the two thirds left");
    double next = player_next_change(&p, back);
    CHECK(next > back && dim_level_at(&p, next) < level, "the next frame is a step darker");
    player_update(&p, back + D * 2 / 3);
    CHECK(p.phase == PHASE_DARK, "then the dark, as every night ends");

    /* A hold forgotten (the menu would have closed itself long before). */
    at = at_closing(&p, &st);
    player_narration_ended(&p, SCENE_REASSURANCE, at + 3);
    at = run_out(&p, PHASE_REASSURANCE, at + 3);
    drain_count(&p, PEV_DIM_START);
    player_hold(&p, 1, at + 1);
    drain_count(&p, PEV_PAUSE);
    player_update(&p, at + 1 + PLAYER_PAUSE_LIMIT);
    CHECK(p.phase == PHASE_DIM && !p.paused && drain_count(&p, PEV_PAUSE_TIMEOUT) == 1,
          "a hold left alone three minutes lets the dimming go on, and says so");
    CHECK_NEAR(p.turn_at, at + PLAYER_PAUSE_LIMIT + p.cfg.dim_seconds, 1e-9,
               "the dark comes the rest of the dimming later");
    CHECK(player_hold(&p, 0, at + 300) == 0, "a late release finds nothing to let go");
    player_update(&p, at + PLAYER_PAUSE_LIMIT + p.cfg.dim_seconds);
    CHECK(p.phase == PHASE_DARK, "and the night reaches its dark");
    CHECK(player_hold(&p, 1, at + 1000) == 0 && !p.paused, "the dark has nothing to hold");
}

static void test_cues(void)
{
    StoryPage pages[3];
    Story st = three_pages(pages, TRANSITION_CROSSFADE);
    Player p;
    PlayerScene sc;
    static const double start[] = { 0.5, 1.0, 2.4 }, end[] = { 1.0, 1.8, 2.9 };
    PlayerCues cues = { start, end, 3 };
    double t0 = PLAYER_FADE_IN;
    open_page1(&p, &st, 3.0);
    player_set_cues(&p, 0, &cues);
    player_scene(&p, t0 + 0.2, &sc);
    CHECK(sc.layer[0].cue == -1, "no highlight before the first cue");
    CHECK_NEAR(player_next_change(&p, t0 + 0.2), t0 + 0.5, 1e-9, "next change at the first cue");
    player_scene(&p, t0 + 0.7, &sc);
    CHECK(sc.layer[0].cue == 0, "the first cue is highlighted while spoken");
    player_scene(&p, t0 + 1.9, &sc);
    CHECK(sc.layer[0].cue == -1, "a gap between cues highlights nothing");
    CHECK_NEAR(player_next_change(&p, t0 + 1.9), t0 + 2.4, 1e-9, "next change at cue 3");
    player_toggle_pause(&p, t0 + 2.5);
    player_scene(&p, t0 + 5, &sc);
    CHECK(sc.layer[0].cue == 2, "a pause keeps the highlight where the voice stopped");
    player_toggle_pause(&p, t0 + 10);
    player_scene(&p, t0 + 10.3, &sc);
    CHECK(sc.layer[0].cue == 2, "after resuming, timing follows the narration position");
    CHECK_NEAR(player_next_change(&p, t0 + 10.3), t0 + 10.4, 1e-9,
               "cue 3 ends 0.4 s of narration after the resume");

    /* Frames: one per cue change and none between. */
    open_page1(&p, &st, 3.0);
    player_set_cues(&p, 0, &cues);
    PlayerScene shown;
    int frames = 0;
    double t = t0;
    player_scene(&p, t, &shown);
    for (int i = 0; i < 50 && p.phase == PHASE_PAGE; i++) {
        double next = player_next_change(&p, t);
        if (next > t0 + 3.0)
            break;
        t = next;
        player_update(&p, t);
        player_scene(&p, t, &sc);
        frames += !player_scene_equal(&sc, &shown);
        shown = sc;
    }
    CHECK(frames == 5, "a narrated page with 3 cues (one long gap) draws 5 frames (%d)", frames);

    /* Words with breaths shorter than PLAYER_CUE_BRIDGE between them: the
     * highlight moves from word to word without going out in between. */
    static const double ws[] = { 0.5, 0.9, 1.3 }, we[] = { 0.8, 1.2, 1.6 };
    PlayerCues words = { ws, we, 3 };
    open_page1(&p, &st, 3.0);
    player_set_cues(&p, 0, &words);
    player_scene(&p, t0 + 0.85, &sc);
    CHECK(sc.layer[0].cue == 0, "a breath between words keeps the last word lit");
    CHECK_NEAR(player_next_change(&p, t0 + 0.85), t0 + 0.9, 1e-9,
               "the next change is the next word, not the end of the last");
    player_scene(&p, t0 + 1.7, &sc);
    CHECK(sc.layer[0].cue == -1, "after the last word nothing is lit");
}

static void test_night(void)
{
    StoryPage a[3], b[3];
    Story s1 = three_pages(a, TRANSITION_CROSSFADE), s2 = three_pages(b, TRANSITION_NONE);
    Story empty;
    memset(&empty, 0, sizeof empty);
    const Story *list[] = { &s1, &empty, &s2 };
    Player p;
    player_begin(&p, list, 3, NULL, 0);
    int starts = 0, pages = 0, reassure = 0, dark = 0;
    double t = 0;
    for (int i = 0; i < 20000 && !dark; i++) {
        player_update(&p, t);
        PlayerEvent e;
        while (player_next_event(&p, &e)) {
            starts += e.kind == PEV_STORY_START;
            pages += e.kind == PEV_PAGE;
            reassure += e.kind == PEV_REASSURANCE;
            dark += e.kind == PEV_DARK;
            if (e.kind == PEV_WANT_NARRATION)
                player_narration_missing(&p, e.a, e.time);
        }
        t = player_next_change(&p, t);
    }
    CHECK(starts == 2, "two playable stories give two story-starts (%d)", starts);
    CHECK(pages == 6, "all six pages of the night are shown (%d)", pages);
    CHECK(reassure == 1 && dark == 1, "one reassurance closes the night, then dark");
}

static void test_brightness(void)
{
    PlayerScene s;
    player_scene_single(&s, 7, 255, 0);
    player_scene_brightness(&s, 1.0);
    CHECK(s.layer[0].r == 255 && s.layer[0].g == 255 && s.layer[0].b == 255,
          "full brightness leaves the colour alone");
    player_scene_brightness(&s, 0.5);
    CHECK(s.layer[0].r == 128 && s.layer[0].g == 128 && s.layer[0].b == 128 &&
              s.layer[0].alpha == 255,
          "half brightness halves the colour modulation, not the opacity");
    s.layer[0].r = 200;
    s.layer[0].g = 150;
    s.layer[0].b = 100;
    player_scene_brightness(&s, 0.3);
    CHECK(s.layer[0].r == 60 && s.layer[0].g == 45 && s.layer[0].b == 30,
          "a warm dimming colour keeps its hue at a lower brightness");
    CHECK(player_brightness_scale(255, 0.0) == 0 && player_brightness_scale(255, 2.0) == 255,
          "brightness is clamped to 0..1");
}

int main(void)
{
    test_brightness();
    test_timing();
    test_first_event_order();
    test_short_dim();
    test_lower_budget();
    test_fade_black_and_none();
    test_narration_safety();
    test_empty_story();
    test_dim_curve();
    test_turns();
    test_pause();
    test_hold();
    test_double_tap_without_transition();
    test_cues();
    test_night();
    CHECK_DONE();
}
