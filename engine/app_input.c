/* app_input — what a tap, a swipe or a key means, here and now.
 *
 * SDL's mouse and touch events become one pointer: a touch also arrives as a
 * synthetic mouse event (SDL_TOUCH_MOUSEID) and a mouse click may arrive as a
 * synthetic touch (SDL_MOUSE_TOUCHID); the copies are dropped, so one finger
 * is one press and a tap can never turn two pages. The gesture recogniser
 * (input.c) then says what the press was, and replayed input takes the very
 * same path.
 *
 * Reading together: the left or right edge of a page (or a swipe, or the
 * arrow keys) turns; the middle pauses and resumes; the small mark in the
 * lower left corner replays the page. On the shelf: swipes and arrows move,
 * a tap opens. In the dimming and the dark nothing brightens the screen,
 * except that a story started from the shelf wakes a dim shelf in the dark. */
#include <strings.h>

#include "app.h"
#include "layout.h"

#define EDGE 0.2f  /* the page's left and right fifth turn pages */

/* Keys by SDL's names ("Left", "Return", "Escape", "R"). */
static int key_is(const InputEvent *e, const char *name)
{
    return strcasecmp(e->key, name) == 0;
}

static void trace_turn(App *a, double t, int dir)
{
    trace_event(&a->trace, t, "turn", "dir=%s", dir > 0 ? "next" : "back");
}

static int in_rect(LayoutRect r, float fx, float fy, int w, int h)
{
    float x = fx * w, y = fy * h;
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

static void page_tap(App *a, const InputEvent *e)
{
    Player *p = &a->player;
    const StoryPage *pg = player_page(p, p->current);
    LayoutRect mark = layout_replay_mark(a->gfx.w, a->gfx.h);
    if (pg && pg->narration && in_rect(mark, e->x, e->y, a->gfx.w, a->gfx.h)) {
        if (player_replay(p, e->time))
            trace_event(&a->trace, e->time, "replay", NULL);
    } else if (e->x < EDGE || e->x > 1 - EDGE) {
        int dir = e->x < EDGE ? -1 : +1;
        if (player_turn(p, dir, e->time))
            trace_turn(a, e->time, dir);
    } else {
        player_toggle_pause(p, e->time);
    }
}

static void play_input(App *a, const InputEvent *e)
{
    Player *p = &a->player;
    int dir = 0;
    if (p->phase == PHASE_DARK && a->has_shelf) {
        if (e->kind == IN_TAP || e->kind == IN_KEY || e->kind == IN_SWIPE)
            app_wake_night(a, e->time); /* dim, slowly: it is night */
        return;
    }
    if (e->kind == IN_TAP && p->phase == PHASE_PAGE) {
        page_tap(a, e);
        return;
    }
    if (e->kind == IN_SWIPE)
        dir = e->x2 < e->x ? +1 : -1; /* the finger pulls the next page in */
    else if (e->kind == IN_KEY && (key_is(e, "Right") || key_is(e, "PageDown")))
        dir = +1;
    else if (e->kind == IN_KEY && (key_is(e, "Left") || key_is(e, "PageUp")))
        dir = -1;
    else if (e->kind == IN_KEY && (key_is(e, "Space") || key_is(e, "Return")))
        player_toggle_pause(p, e->time);
    else if (e->kind == IN_KEY && key_is(e, "R") && player_replay(p, e->time))
        trace_event(&a->trace, e->time, "replay", NULL);
    if (dir && player_turn(p, dir, e->time))
        trace_turn(a, e->time, dir);
}

static void shelf_input(App *a, const InputEvent *e)
{
    int cols = layout_shelf_columns(a->gfx.w, a->gfx.h);
    if (a->dark_at < PLAYER_NEVER) { /* the woken shelf went back to the dark */
        if (e->kind == IN_TAP || e->kind == IN_KEY || e->kind == IN_SWIPE)
            app_wake_night(a, e->time);
        return;
    }
    if (a->night && a->shelf_target == 0) { /* falling asleep: a touch wakes it again */
        app_night_touch(a, e->time);
        return;
    }
    a->shelf_touched = e->time;
    if (e->kind == IN_TAP) {
        int shown = shelf_tiles(&a->shelf) - a->shelf.first;
        int slot = layout_shelf_hit(a->gfx.w, a->gfx.h, shown < cols ? shown : cols, e->x, e->y);
        int tile = shelf_tile_at_slot(&a->shelf, slot, cols);
        if (tile >= 0)
            app_open_tile(a, tile, e->time);
    } else if (e->kind == IN_SWIPE) {
        shelf_move(&a->shelf, e->x2 < e->x ? +1 : -1, cols);
    } else if (e->kind == IN_KEY) {
        if (key_is(e, "Right") || key_is(e, "Down"))
            shelf_move(&a->shelf, +1, cols);
        else if (key_is(e, "Left") || key_is(e, "Up"))
            shelf_move(&a->shelf, -1, cols);
        else if (key_is(e, "Return") || key_is(e, "Space"))
            app_open_tile(a, a->shelf.selected, e->time);
    }

}

void app_input(App *a, const InputEvent *e)
{
    if (e->kind == IN_TAP)
        trace_event(&a->trace, e->time, "tap", "x=%.3f y=%.3f", e->x, e->y);
    if (app_gate_input(a, e))
        return;
    if (a->mode == MODE_STUDIO) { /* behind the gate already */
        app_studio_input(a, e);
        return;
    }
    if ((e->kind == IN_LONG_PRESS && gate_corner_hit(a->gfx.w, a->gfx.h, e->x, e->y)) ||
        (e->kind == IN_KEY && key_is(e, "P") &&
         (e->mods & (INPUT_MOD_CTRL | INPUT_MOD_SHIFT)) == (INPUT_MOD_CTRL | INPUT_MOD_SHIFT))) {
        app_gate_open(a, e->time);
        return;
    }
    if (e->kind == IN_KEY && key_is(e, "Escape") && !a->opt.kiosk) {
        a->quit = 1;
        return;
    }
    if (a->opt.kiosk && e->kind == IN_KEY && e->mods & (INPUT_MOD_ALT | INPUT_MOD_GUI | INPUT_MOD_CTRL))
        return; /* no combination does anything in kiosk mode */
    if (a->mode == MODE_SHELF)
        shelf_input(a, e);
    else
        play_input(a, e);
}

static int key_mods(Uint16 m)
{
    return ((m & KMOD_CTRL) ? INPUT_MOD_CTRL : 0) | ((m & KMOD_ALT) ? INPUT_MOD_ALT : 0) |
           ((m & KMOD_SHIFT) ? INPUT_MOD_SHIFT : 0) | ((m & KMOD_GUI) ? INPUT_MOD_GUI : 0);
}

/* A pointer step in window fractions, through the recogniser. */
static void pointer(App *a, int kind, float x, float y, double t)
{
    InputEvent e;
    int got = kind == 0 ? input_down(&a->ptr, x, y, t, &e)
            : kind == 1 ? input_move(&a->ptr, x, y, t, &e)
                        : input_up(&a->ptr, x, y, t, &e);
    if (got)
        app_input(a, &e);
}

static void key(App *a, const char *name, int mods, double t)
{
    InputEvent e;
    memset(&e, 0, sizeof e);
    e.kind = IN_KEY;
    e.time = t;
    e.mods = mods;
    snprintf(e.key, sizeof e.key, "%s", name);
    app_input(a, &e);
}

static void text(App *a, const char *typed, double t)
{
    InputEvent e;
    memset(&e, 0, sizeof e);
    e.kind = IN_TEXT;
    e.time = t;
    snprintf(e.text, sizeof e.text, "%s", typed);
    app_input(a, &e);
}

void app_sdl_input(App *a, const SDL_Event *e)
{
    double t = app_now(a);
    int ww = 1, wh = 1;
    SDL_GetWindowSize(a->gfx.win, &ww, &wh);
    switch (e->type) {
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
            break;
        pointer(a, e->type == SDL_MOUSEBUTTONDOWN ? 0 : 2, (float)e->button.x / ww,
                (float)e->button.y / wh, t);
        break;
    case SDL_MOUSEMOTION:
        if (e->motion.which != SDL_TOUCH_MOUSEID && (e->motion.state & SDL_BUTTON_LMASK))
            pointer(a, 1, (float)e->motion.x / ww, (float)e->motion.y / wh, t);
        break;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION:
        if (e->tfinger.touchId == SDL_MOUSE_TOUCHID)
            break;
        pointer(a, e->type == SDL_FINGERDOWN ? 0 : e->type == SDL_FINGERMOTION ? 1 : 2,
                e->tfinger.x, e->tfinger.y, t);
        break;
    case SDL_KEYDOWN:
        if (!e->key.repeat)
            key(a, SDL_GetKeyName(e->key.keysym.sym), key_mods(e->key.keysym.mod), t);
        break;
    case SDL_TEXTINPUT:
        text(a, e->text.text, t);
        break;
    default:
        break;
    }
}

void app_replay_due(App *a, double now)
{
    while (a->replay.next < a->replay.n && a->replay.steps[a->replay.next].time <= now) {
        const ReplayStep *s = &a->replay.steps[a->replay.next++];
        if (s->kind == RP_KEY)
            key(a, s->key, s->mods, s->time);
        else if (s->kind == RP_TEXT)
            text(a, s->text, s->time);
        else
            pointer(a, s->kind == RP_DOWN ? 0 : s->kind == RP_MOVE ? 1 : 2, s->x, s->y, s->time);
    }
}

int app_night_list(const App *a, int first, const Story **list)
{
    int n = 0, per = a->settings.stories_per_night, count = a->shelf.n;
    if (count <= 0)
        return 0;
    if (first < 0 || first >= count)
        first = 0;
    for (int i = 0; i < count && n < per && n < PLAYER_MAX_STORIES; i++)
        list[n++] = &a->shelf.stories[(first + i) % count];
    return n;
}

void app_open_tile(App *a, int tile, double now)
{
    const Story *list[PLAYER_MAX_STORIES];
    int n = 0;
    if (tile < 0 || tile >= shelf_tiles(&a->shelf) || shelf_is_pending(&a->shelf, tile))
        return; /* a book still being made ready opens nothing */
    if (shelf_is_night(&a->shelf, tile)) {
        n = app_night_list(a, a->shelf_story, list);
        trace_event(&a->trace, now, "night", "stories=%d first=%s", n,
                    n > 0 && list[0]->name ? list[0]->name : "");
    } else {
        a->shelf_story = tile;
        list[n++] = &a->shelf.stories[tile];
    }
    gfx_release(&a->gfx, SCENE_SHELF);
    for (int i = 0; i < SHELF_MAX; i++)
        compose_free(&a->covers[i]);
    app_play(a, list, n, now);
}

void app_play(App *a, const Story *const *list, int n, double now)
{
    PlayerConfig cfg;
    player_config_defaults(&cfg);
    cfg.dim_seconds = a->opt.dim_seconds >= 0 ? a->opt.dim_seconds : a->settings.dim_seconds;
    cfg.warm = a->settings.night_light;
    if (a->player.cfg.fps > 0 && a->player.cfg.fps < PLAYER_FPS)
        cfg.fps = a->player.cfg.fps; /* a slow machine stays slow */
    a->mode = MODE_PLAY;
    a->dark_at = PLAYER_NEVER;
    SDL_DisableScreenSaver();
    player_begin(&a->player, list, n, &cfg, now);
}
