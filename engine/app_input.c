/* app_input — from SDL's events and the replay to the screen's gestures.
 *
 * SDL's mouse and touch events become one pointer: a touch also arrives as a
 * synthetic mouse event (SDL_TOUCH_MOUSEID) and a mouse click may arrive as a
 * synthetic touch (SDL_MOUSE_TOUCHID); the copies are dropped, so one finger
 * is one press and a tap can never turn two pages. The gesture recogniser
 * (input.c) then says what the press was, and replayed input takes the very
 * same path. What a gesture means belongs to the screen it lands on (see
 * screen.h): the overlay when the parents' gate or menu is open, else the
 * current screen. */
#include <stdio.h>
#include <string.h>

#include "app.h"

void app_input(App *a, const InputEvent *e)
{
    if (e->kind == IN_TAP)
        trace_event(&a->trace, e->time, "tap", "x=%.3f y=%.3f", e->x, e->y);
    if (a->overlay)
        a->overlay->input(a, e);
    else
        a->screen->input(a, e);
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
        a->real_press = e->type == SDL_MOUSEBUTTONDOWN;
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
        if (e->type != SDL_FINGERMOTION)
            a->real_press = e->type == SDL_FINGERDOWN;
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
