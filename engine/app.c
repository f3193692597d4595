/* app — the main loop at the edge (see app.h and screen.h).
 *
 * The loop never spins, and it holds no screen's logic: each turn it brings
 * the overlay (the parents' gate or menu, when open) and the current screen
 * up to the clock, asks the one on top for its scene, draws a frame only if
 * that scene differs from the one on screen (after the screen has prepared
 * it: decoded and composed outside drawing), then sleeps until the earliest
 * next change the screens report, the next replayed input or an event. Under
 * the virtual clock the sleep is a jump of the clock, so a whole night runs
 * in a fraction of a second with the same events and the same frames as in
 * real time. */
#include "app.h"

#include "i18n.h"
#include "mem.h"
#include "picture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* On drivers whose SDL_WaitEvent polls (dummy, KMSDRM, Android in SDL2) the
 * loop sleeps itself, in slices this long when nothing at all is scheduled
 * (the dark): a few wake-ups a second instead of a thousand. */
#define IDLE_SLICE_MS 500
#define BUSY_SLICE_MS 50

/* The screen whose scene is drawn: the overlay when open. */
static const Screen *on_top(const App *a)
{
    return a->overlay ? a->overlay : a->screen;
}

/* ---- frames ---- */

/* The snapshot is the first frame showing the chosen scene whole (and, with
 * --snapshot-highlight, with a read-along cue lit). */
static int wants_snapshot(const App *a, const PlayerScene *s, PlayerPhase phase, double t)
{
    const PlayerLayer *l = &s->layer[0];
    if (a->opt.snapshot_path && a->opt.snapshot_transition >= 0) {
        const Player *p = &a->play.player;
        return phase == PHASE_TRANSITION &&
               p->to == a->opt.snapshot_scene && p->tlen > 0 &&
               t - p->tstart >= a->opt.snapshot_transition * p->tlen - 1e-9;
    }
    if (a->opt.snapshot_paused && a->gfx.pause_alpha < 255)
        return 0;
    if (a->opt.snapshot_after > 0 && (phase != PHASE_PAGE ||
                                      t - a->play.player.shown_at < a->opt.snapshot_after - 1e-9))
        return 0;
    if (!a->opt.snapshot_path || s->nlayers != 1 || l->alpha != 255 ||
        l->scene != a->opt.snapshot_scene)
        return 0;
    if (l->scene == SCENE_PANEL || l->scene == SCENE_STUDIO) /* in its latest state */
        return replay_next_time(&a->replay) >= PLAYER_NEVER;
    if ((l->r & l->g & l->b) != player_brightness_scale(255, app_brightness(a)))
        return 0;
    return !a->opt.snapshot_highlight || l->cue >= 0;
}

/* Draw if the scene changed; count the frame against the phase. */
static void frame(App *a, PlayerScene *shown, int *have_shown, double t)
{
    PlayerScene s;
    PlayerPhase phase = a->screen->phase(a);
    /* The screen's scene first (its paused sign), then the overlay's over it. */
    int sign = a->screen->scene(a, t, &s);
    if (a->overlay)
        sign = a->overlay->scene(a, t, &s);
    if (sign != a->gfx.pause_alpha) { /* only its own frames: the page is not recomposed */
        a->gfx.pause_alpha = sign;
        a->redraw = 1;
    }
    if (*have_shown && !a->redraw && player_scene_equal(&s, shown))
        return;
    on_top(a)->prepare(a, &s);
    const char *snap = wants_snapshot(a, &s, phase, t) ? a->opt.snapshot_path : NULL;
    if (gfx_draw(&a->gfx, &s, snap) < 0)
        diag_add(&a->diags, DIAG_WARNING, a->opt.snapshot_path, 0, _("cannot save the snapshot"));
    if (snap) {
        trace_event(&a->trace, t, "snapshot", "file=%s", snap);
        a->opt.snapshot_path = NULL;
    }
    a->frames[phase]++;
    a->presented[phase] += gfx_take_presented(&a->gfx);
    *shown = s;
    *have_shown = 1;
    a->redraw = 0;
    app_flush_diags(a);
}

/* ---- waiting ---- */

static void on_sdl_event(App *a, const SDL_Event *e)
{
    int scene;
    if (app_books_is_event(a, e))
        return; /* a book's import ended: app_books_poll, at the loop's turn */
    if (a->signal_event && e->type == a->signal_event) {
        trace_event(&a->trace, app_now(a), "signal", "number=%d", e->user.code);
        a->quit = 1; /* the system asks: always obeyed, kiosk or not */
        return;
    }
    switch (e->type) {
    case SDL_QUIT:
        if (a->opt.kiosk)
            trace_event(&a->trace, app_now(a), "close-refused", NULL);
        else
            a->quit = 1;
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            int ow = a->gfx.w, oh = a->gfx.h;
            gfx_output_size(&a->gfx); /* the renderer's, or a new window surface */
            if (a->gfx.w != ow || a->gfx.h != oh) {
                gfx_release_all(&a->gfx); /* composed for the old size */
                app_readalong_release(a);
                app_shelf_forget(a, 1);
            } else {
                /* The size it had (a window manager's first event, a
                 * fullscreen switch that kept it): what is composed stands,
                 * and is not opened and told about a second time; only the
                 * whole window is drawn again. */
                a->play.ra.drawn_cue = -2;
            }
            a->redraw = 1;
        } else if (e->window.event == SDL_WINDOWEVENT_EXPOSED) {
            a->redraw = 1;
        }
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        gfx_release_all(&a->gfx);
        a->play.ra.drawn_cue = -2;
        app_shelf_forget(a, 0);
        a->redraw = 1;
        break;
    default:
        if (snd_is_narration_end(&a->snd, e, &scene))
            a->screen->sound_end(a, scene, app_now(a));
        else
            app_sdl_input(a, e);
        break;
    }
}

static void poll_events(App *a)
{
    SDL_Event e;
    while (SDL_PollEvent(&e))
        on_sdl_event(a, &e);
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Real clock: block until an event or until the time next (PLAYER_NEVER = no
 * timeout). */
static void wait_real(App *a, double next)
{
    SDL_Event e;
    double now = app_now(a);
    if (a->polling_driver) {
        /* In the dark nothing needs a finer clock than the idle slice (not
         * even --exit-when-dark). */
        int slice = next >= PLAYER_NEVER || a->dark_at < PLAYER_NEVER ? IDLE_SLICE_MS
                                                                       : BUSY_SLICE_MS;
        double left_ms = (next - now) * 1000.0;
        if (left_ms < slice)
            slice = left_ms < 1 ? 1 : (int)ceil(left_ms);
        sleep_ms(slice);
        poll_events(a);
        return;
    }
    int got;
    if (next >= PLAYER_NEVER)
        got = SDL_WaitEvent(&e);
    else
        got = SDL_WaitEventTimeout(&e, (int)fmax(1.0, ceil((next - now) * 1000.0)));
    if (got) {
        on_sdl_event(a, &e);
        poll_events(a);
    }
}

/* Virtual clock: input is handled, then time jumps to the next change (or
 * the end of the narration, whichever is first). */
static void wait_virtual(App *a, double next)
{
    poll_events(a);
    if (a->quit)
        return;
    /* The same events every run: a book's import ends at a point the
     * screen chooses (the shelf: once faded in whole), before time goes on. */
    if (app_books_busy(a) && (!a->screen->settled || a->screen->settled(a))) {
        app_books_wait(a);
        return;
    }
    if (a->screen->virtual_due && a->screen->virtual_due(a, next))
        return;
    if (next >= PLAYER_NEVER) {
        wait_real(a, next); /* nothing scheduled: only input can matter */
        return;
    }
    if (a->real_press) {
        /* A person's finger is down: its release comes in real time, so the
         * clock goes no faster than that (a jump to the long-press time
         * would turn a tap into a hold before the release arrives). */
        Uint64 from = SDL_GetTicks64();
        wait_real(a, next);
        a->now = fmin(next, a->now + (double)(SDL_GetTicks64() - from) / 1000.0);
        return;
    }
    if (next > a->now)
        a->now = next;
}

static double next_change(App *a, double t)
{
    double next = a->screen->next_change(a, t);
    next = fmin(next, replay_next_time(&a->replay));
    if (a->overlay)
        next = fmin(next, a->overlay->next_change(a, t));
    next = fmin(next, input_next_tick(&a->ptr));
    if (a->dark_at < PLAYER_NEVER && a->opt.exit_when_dark >= 0)
        next = fmin(next, a->dark_at + a->opt.exit_when_dark);
    double picture = gfx_next_deadline(&a->gfx); /* a page's budget running out */
    if (picture >= 0 && !a->opt.virtual_clock)
        next = fmin(next, t + picture);
    return next;
}

static void step_time(App *a, double t)
{
    InputEvent ie;
    if (a->overlay)
        a->overlay->step(a, t);
    app_replay_due(a, t);
    if (input_tick(&a->ptr, t, &ie))
        app_input(a, &ie);
    a->screen->step(a, t);
}

/* Real clock only: when animation frames keep waking late, or the sound
 * device had to wait for a block while a page turned or the light dimmed,
 * the machine cannot keep 30 frames a second (a cheap tablet, a CPU quota)
 * and drawing them all starves the audio thread. The budget then drops to 15
 * for the rest of the night: transitions as long, half the frames. A late
 * block is acted on at once: the child has already heard it. */
#define LATE_SECONDS 0.015
#define LATE_LIMIT 12

static void watch_budget(App *a, double woke, double wanted)
{
    PlayerPhase ph = a->screen->phase(a); /* animation phases are the player's alone */
    int animating = ph == PHASE_TRANSITION || ph == PHASE_DIM;
    int late_blocks = snd_late_blocks(&a->snd);
    /* Counted from the device's opening: a new device starts again at 0. */
    int new_blocks = late_blocks > a->late_blocks ? late_blocks - a->late_blocks : 0;
    a->late_blocks = late_blocks;
    if (a->opt.virtual_clock || !animating || a->play.player.cfg.fps <= 15)
        return;
    const char *why = NULL;
    if (new_blocks > 0)
        why = "audio";
    if (wanted < PLAYER_NEVER) {
        a->anim_frames++;
        if (woke - wanted > LATE_SECONDS)
            a->late_frames++;
        /* A quarter of the frames late, over enough of them to be sure. */
        if (!why && a->anim_frames >= LATE_LIMIT && a->late_frames * 4 >= a->anim_frames)
            why = "frames";
    }
    if (why) {
        a->play.player.cfg.fps = 15;
        trace_event(&a->trace, woke, "frame-budget", "fps=15 why=%s", why);
    }
}

int app_run(App *a)
{
    PlayerScene shown;
    int have_shown = 0;
    a->menu.composed = -1;
    SDL_DisableScreenSaver();
    double wanted = PLAYER_NEVER;
    while (!a->quit) {
        double t = app_now(a);
        watch_budget(a, t, wanted);
        app_collect(a);
        app_books_poll(a);
        step_time(a, t);
        if (a->quit)
            break;
        frame(a, &shown, &have_shown, t);
        if (a->dark_at < PLAYER_NEVER && a->opt.exit_when_dark >= 0 &&
            t >= a->dark_at + a->opt.exit_when_dark)
            break;
        double next = next_change(a, t);
        if (a->dark_at < PLAYER_NEVER)
            a->wakeups_dark++;
        wanted = next;
        if (a->opt.virtual_clock)
            wait_virtual(a, next);
        else
            wait_real(a, next);
    }
    app_books_close(a);
    app_diags_unsaid(a);
    double t = app_now(a);
    app_readalong_release(a);
    app_shelf_forget(a, 1);
    trace_event(&a->trace, t, "quit", NULL);
    int hits, stores, photo_hits, photo_stores;
    picture_cache_counts(&hits, &stores, &photo_hits, &photo_stores);
    trace_event(&a->trace, t, "summary",
                "frames_shelf=%d frames_page=%d frames_transition=%d frames_reassurance=%d "
                "frames_dim=%d frames_dark=%d problems=%d wakeups_dark=%d max_pages_held=%d "
                "drawings_cached=%d drawings_stored=%d photos_cached=%d photos_stored=%d "
                "presented_page=%.2f "
                "presented_transition=%.2f presented_dim=%.2f buffers_reused=%ld "
                "levels_read=%d levels_measured=%d",
                a->frames[PHASE_SHELF], a->frames[PHASE_PAGE], a->frames[PHASE_TRANSITION],
                a->frames[PHASE_REASSURANCE], a->frames[PHASE_DIM], a->frames[PHASE_DARK],
                a->diags.n, a->wakeups_dark, a->max_pages_held, hits, stores, photo_hits,
                photo_stores,
                a->presented[PHASE_PAGE], a->presented[PHASE_TRANSITION],
                a->presented[PHASE_DIM], hb_big_stats().reused, a->snd.levels_read,
                a->snd.levels_measured);
    return 0;
}
