/* app — the main loop at the edge (see app.h).
 *
 * The loop never spins. Each turn: bring the player up to the clock, act on
 * its events (decode ahead, start narration, close the audio at dark), draw a
 * frame only if the scene differs from the one on screen, then sleep until the
 * player's next change or an event. Under the virtual clock the sleep is a
 * jump of the clock, so a whole night runs in a fraction of a second with the
 * same events and the same frames as in real time. */
#include "app.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

/* On drivers whose SDL_WaitEvent polls (dummy, KMSDRM, Android in SDL2) the
 * loop sleeps itself, in slices this long when nothing at all is scheduled
 * (the dark): a few wake-ups a second instead of a thousand. */
#define IDLE_SLICE_MS 500
#define BUSY_SLICE_MS 50

static double clock_real(const App *a)
{
    return (double)(SDL_GetPerformanceCounter() - a->t0) / (double)SDL_GetPerformanceFrequency();
}

static double clock_now(const App *a)
{
    return a->opt.virtual_clock ? a->now : clock_real(a);
}

void app_flush_diags(App *a)
{
    char line[1536];
    for (; a->diags_printed < a->diags.n; a->diags_printed++) {
        diag_format(&a->diags.items[a->diags_printed], line, sizeof line);
        fprintf(stderr, "hushabye: %s\n", line);
    }
}

/* What scene s is made of. */
static GfxSource source_of(App *a, int s, char *display, size_t len)
{
    GfxSource src = { 0 };
    if (s == SCENE_REASSURANCE) {
        src.folder = a->reassure.picture_dir;
        src.picture = a->reassure.picture;
        src.text = a->reassure.words;
        snprintf(display, len, "%s/%s", a->reassure.picture_dir, a->reassure.picture);
    } else if (s >= 0 && s < a->story.npages) {
        const StoryPage *p = &a->story.pages[s];
        src.folder = a->story.folder;
        src.picture = p->image;
        src.text = p->text;
        snprintf(display, len, "%s/%s", a->story.name, p->image ? p->image : "(no picture)");
    }
    src.display = display;
    return src;
}

static void prepare(App *a, int scene)
{
    char display[USERDATA_PATH + 80];
    if (scene == SCENE_NONE || gfx_has(&a->gfx, scene))
        return;
    GfxSource src = source_of(a, scene, display, sizeof display);
    gfx_prepare(&a->gfx, scene, &src, &a->diags);
}

/* "n=3" for a page, "n=reassurance" for the closing scene. */
static void scene_name(int scene, char *buf, size_t len)
{
    if (scene == SCENE_REASSURANCE)
        snprintf(buf, len, "reassurance");
    else if (scene == SCENE_NONE)
        snprintf(buf, len, "none");
    else
        snprintf(buf, len, "%d", scene + 1);
}

static void start_narration(App *a, int scene, double t)
{
    const char *folder = NULL, *name = NULL;
    char display[USERDATA_PATH + 80], n[32];
    if (scene == SCENE_REASSURANCE && a->reassure.voice[0]) {
        folder = a->reassure.voice_dir;
        name = a->reassure.voice;
        snprintf(display, sizeof display, "%s/%s", folder, name);
    } else if (scene >= 0 && a->story.pages[scene].narration) {
        folder = a->story.folder;
        name = a->story.pages[scene].narration;
        snprintf(display, sizeof display, "%s/%s", a->story.name, name);
    }
    double seconds = name ? snd_narrate(&a->snd, scene, folder, name, display, &a->diags) : -1;
    if (seconds <= 0) {
        player_narration_missing(&a->player, scene, t);
        return;
    }
    scene_name(scene, n, sizeof n);
    trace_event(&a->trace, t, "narration-start", "n=%s seconds=%.3f", n, seconds);
    player_narration_started(&a->player, scene, t, seconds);
    if (a->opt.virtual_clock) {
        a->vnarration_end = t + seconds;
        a->vnarration_scene = scene;
    }
}

static void go_dark(App *a, double t)
{
    trace_event(&a->trace, t, "dark", NULL);
    snd_close(&a->snd);            /* no audio thread in the dark */
    gfx_release_all(&a->gfx);      /* the black screen needs no texture */
    SDL_EnableScreenSaver();       /* the tablet may sleep now */
    a->dark_at = t;
}

static void on_event(App *a, const PlayerEvent *e)
{
    char n[32];
    double t = e->time;
    scene_name(e->a, n, sizeof n);
    switch (e->kind) {
    case PEV_STORY_START:
        trace_event(&a->trace, t, "story-start", "folder=%s", a->story.name);
        snd_music(&a->snd, a->story.folder, a->story.music, a->story.music_volume,
                  a->story.name, &a->diags);
        break;
    case PEV_TRANSITION_START:
        a->vnarration_end = PLAYER_NEVER;
        snd_stop_narration(&a->snd, 400);
        prepare(a, e->b);
        scene_name(e->b, n, sizeof n);
        trace_event(&a->trace, t, "transition-start", "to=%s", n);
        break;
    case PEV_TRANSITION_END: trace_event(&a->trace, t, "transition-end", NULL); break;
    case PEV_PAGE: trace_event(&a->trace, t, "page", "n=%s", n); break;
    case PEV_WANT_NARRATION: start_narration(a, e->a, t); break;
    case PEV_NARRATION_END:
        a->vnarration_end = PLAYER_NEVER;
        trace_event(&a->trace, t, "narration-end", "n=%s", n);
        break;
    case PEV_PREPARE: prepare(a, e->a); break;
    case PEV_RELEASE: gfx_release(&a->gfx, e->a); break;
    case PEV_REASSURANCE: trace_event(&a->trace, t, "reassurance", NULL); break;
    case PEV_DIM_START:
        trace_event(&a->trace, t, "dim-start", "seconds=%.1f", e->x);
        snd_fade_all(&a->snd, e->x);
        break;
    case PEV_DARK: go_dark(a, t); break;
    }
}

static void drain_player(App *a)
{
    PlayerEvent e;
    while (player_next_event(&a->player, &e))
        on_event(a, &e);
    app_flush_diags(a);
}

static void on_sdl_event(App *a, const SDL_Event *e)
{
    int scene;
    switch (e->type) {
    case SDL_QUIT:
        a->quit = 1;
        break;
    case SDL_KEYDOWN:
        if (e->key.keysym.sym == SDLK_ESCAPE)
            a->quit = 1;
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            SDL_GetRendererOutputSize(a->gfx.ren, &a->gfx.w, &a->gfx.h);
            gfx_release_all(&a->gfx); /* composed for the old size */
            a->redraw = 1;
        } else if (e->window.event == SDL_WINDOWEVENT_EXPOSED) {
            a->redraw = 1;
        }
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        gfx_release_all(&a->gfx);
        a->redraw = 1;
        break;
    default:
        if (!a->opt.virtual_clock && snd_is_narration_end(&a->snd, e, &scene))
            player_narration_ended(&a->player, scene, clock_now(a));
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
    double now = clock_real(a);
    if (a->polling_driver) {
        int slice = next >= PLAYER_NEVER ? IDLE_SLICE_MS : BUSY_SLICE_MS;
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
    if (a->vnarration_end < next) {
        a->now = a->vnarration_end;
        a->vnarration_end = PLAYER_NEVER;
        player_narration_ended(&a->player, a->vnarration_scene, a->now);
        return;
    }
    if (next >= PLAYER_NEVER) {
        wait_real(a, next); /* nothing scheduled: only input can matter */
        return;
    }
    if (next > a->now)
        a->now = next;
}

/* Draw if the scene changed; count the frame against the phase. */
static void frame(App *a, PlayerScene *shown, int *have_shown, double t)
{
    PlayerScene s;
    player_scene(&a->player, t, &s);
    if (*have_shown && !a->redraw && player_scene_equal(&s, shown))
        return;
    for (int i = 0; i < s.nlayers; i++)
        prepare(a, s.layer[i].scene); /* after a resize or a device reset */
    const char *snap = NULL;
    /* The snapshot is the first frame showing the chosen scene whole. */
    const PlayerLayer *l0 = &s.layer[0];
    if (a->opt.snapshot_path && s.nlayers == 1 && l0->scene == a->opt.snapshot_scene &&
        l0->alpha == 255 && (l0->r & l0->g & l0->b) == 255)
        snap = a->opt.snapshot_path;
    if (gfx_draw(&a->gfx, &s, snap) < 0)
        diag_add(&a->diags, DIAG_WARNING, a->opt.snapshot_path, 0, "cannot save the snapshot");
    if (snap) {
        trace_event(&a->trace, t, "snapshot", "file=%s", snap);
        a->opt.snapshot_path = NULL;
    }
    a->frames[a->player.phase]++;
    *shown = s;
    *have_shown = 1;
    a->redraw = 0;
    app_flush_diags(a);
}

int app_run(App *a)
{
    PlayerConfig cfg;
    PlayerScene shown;
    int have_shown = 0;
    player_config_defaults(&cfg);
    cfg.dim_seconds = a->opt.dim_seconds >= 0 ? a->opt.dim_seconds : a->settings.dim_seconds;
    cfg.warm = a->settings.night_light;
    a->vnarration_end = PLAYER_NEVER;
    a->dark_at = PLAYER_NEVER;
    SDL_DisableScreenSaver();
    player_begin(&a->player, &a->story, &cfg, clock_now(a));
    while (!a->quit) {
        double t = clock_now(a);
        player_update(&a->player, t);
        drain_player(a);
        frame(a, &shown, &have_shown, t);
        double next = player_next_change(&a->player, t);
        if (a->dark_at < PLAYER_NEVER && a->opt.exit_when_dark >= 0) {
            double leave = a->dark_at + a->opt.exit_when_dark;
            if (t >= leave)
                break;
            next = fmin(next, leave);
        }
        if (a->opt.virtual_clock)
            wait_virtual(a, next);
        else
            wait_real(a, next);
    }
    double t = clock_now(a);
    trace_event(&a->trace, t, "quit", NULL);
    trace_event(&a->trace, t, "summary",
                "frames_shelf=%d frames_page=%d frames_transition=%d frames_reassurance=%d "
                "frames_dim=%d frames_dark=%d problems=%d",
                a->frames[PHASE_SHELF], a->frames[PHASE_PAGE], a->frames[PHASE_TRANSITION],
                a->frames[PHASE_REASSURANCE], a->frames[PHASE_DIM], a->frames[PHASE_DARK],
                a->diags.n);
    return 0;
}
