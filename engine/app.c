/* app — the main loop at the edge (see app.h).
 *
 * The loop never spins. Each turn: bring the player (or the shelf) up to the
 * clock, act on the player's events (decode ahead, start narration, close the
 * audio at dark), draw a frame only if the scene differs from the one on
 * screen, then sleep until the next change, the next replayed input or an
 * event. Under the virtual clock the sleep is a jump of the clock, so a whole
 * night runs in a fraction of a second with the same events and the same
 * frames as in real time. */
#include "app.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "files.h"
#include "layout.h"

/* On drivers whose SDL_WaitEvent polls (dummy, KMSDRM, Android in SDL2) the
 * loop sleeps itself, in slices this long when nothing at all is scheduled
 * (the dark): a few wake-ups a second instead of a thousand. */
#define IDLE_SLICE_MS 500
#define BUSY_SLICE_MS 50

static double clock_real(const App *a)
{
    return (double)(SDL_GetPerformanceCounter() - a->t0) / (double)SDL_GetPerformanceFrequency();
}

double app_now(const App *a)
{
    return a->opt.virtual_clock ? a->now : clock_real(a);
}

void app_flush_diags(App *a)
{
    char line[DIAG_LINE_MAX];
    for (; a->diags_printed < a->diags.n; a->diags_printed++) {
        diag_format(&a->diags.items[a->diags_printed], line, sizeof line);
        fprintf(stderr, "hushabye: %s\n", line);
    }
}

/* "n=3" for a page (its position in its story), "n=reassurance" for the end. */
static void scene_name(int scene, char *buf, size_t len)
{
    if (scene == SCENE_REASSURANCE)
        snprintf(buf, len, "reassurance");
    else if (!scene_is_page(scene))
        snprintf(buf, len, "none");
    else
        snprintf(buf, len, "%d", scene_page_index(scene) + 1);
}

const char *app_page_text(App *a, int scene, char *buf, size_t len)
{
    const StoryPage *p = player_page(&a->player, scene);
    const Story *st = player_story(&a->player, scene);
    if (!p || !st || st->npages < 1 || p != &st->pages[st->npages - 1] ||
        (!st->credits && !st->licence))
        return p ? p->text : NULL;
    /* After the page's words, so the read-along's byte ranges stay the same. */
    int n = snprintf(buf, len, "%s%s%s%s%s", p->text ? p->text : "", p->text ? "\n" : "",
                     st->credits ? st->credits : "", st->credits && st->licence ? ". " : "",
                     st->licence ? st->licence : "");
    return n >= 0 && (size_t)n < len ? buf : p->text;
}

/* What scene s is made of; text_buf (APP_PAGE_TEXT bytes) holds the words
 * when they are more than the page's own (app_page_text). */
static GfxSource source_of(App *a, int s, char *display, size_t len, char *text_buf)
{
    GfxSource src = { 0 };
    const StoryPage *p = player_page(&a->player, s);
    const Story *st = player_story(&a->player, s);
    if (s == SCENE_REASSURANCE) {
        src.folder = a->reassure.picture_dir;
        src.picture = a->reassure.picture;
        src.text = a->reassure.words;
        snprintf(display, len, "%s/%s", a->reassure.picture_dir, a->reassure.picture);
    } else if (p && st) {
        src.folder = st->folder;
        src.picture = p->image;
        src.text = app_page_text(a, s, text_buf, APP_PAGE_TEXT);
        src.replay_mark = p->narration != NULL;
        snprintf(display, len, "%s/%s", st->name, p->image ? p->image : "(no picture)");
    }
    src.display = display;
    return src;
}

/* A cover decoded in the background: kept if the shelf still shows that
 * story there (a rescan may have moved it), and the shelf composed again. */
static void cover_arrived(App *a, GfxPictureDone *p)
{
    int i = scene_cover_index(p->key);
    char display[USERDATA_PATH + 80] = "";
    if (i >= 0 && i < a->shelf.n && i < SHELF_MAX && a->shelf.stories[i].cover)
        snprintf(display, sizeof display, "%s/%s", a->shelf.stories[i].name,
                 a->shelf.stories[i].cover);
    if (!display[0] || strcmp(display, p->display) != 0 || a->covers[i].px ||
        a->covers[i].w < 0) {
        compose_free(&p->img);
        return;
    }
    a->covers[i] = p->img;
    if (!p->img.px)
        a->covers[i].w = -1; /* failed: not tried again until a rescan */
    a->shelf_composed = -1;
    if (a->mode == MODE_SHELF)
        a->redraw = 1;
}

/* Is scene one of the layers the player shows now? */
static int on_screen(const App *a, int scene)
{
    PlayerScene s;
    if (a->mode != MODE_PLAY)
        return 0;
    player_scene(&a->player, app_now(a), &s);
    for (int i = 0; i < s.nlayers; i++)
        if (s.layer[i].scene == scene)
            return 1;
    return 0;
}

/* Install the pages composed in the background; a page given up for time
 * is traced (picture-late) and shows the placeholder. A page that arrives
 * while it is on screen is drawn at once. */
static void collect_pages(App *a)
{
    GfxCollected c;
    char n[32];
    gfx_collect(&a->gfx, &a->diags, &c);
    for (int i = 0; i < c.nlate; i++) {
        scene_name(c.late[i], n, sizeof n);
        trace_event(&a->trace, app_now(a), "picture-late", "n=%s", n);
    }
    for (int i = 0; i < c.ninstalled; i++)
        if (on_screen(a, c.installed[i]))
            a->redraw = 1;
    for (int i = 0; i < c.npictures; i++)
        cover_arrived(a, &c.pictures[i]);
    if (gfx_pages_held(&a->gfx) > a->max_pages_held)
        a->max_pages_held = gfx_pages_held(&a->gfx);
    app_flush_diags(a);
}

/* Compose scene off the main loop. Under the virtual clock the loop waits
 * for it (within the budget), so a night has the same events and frames
 * whatever the machine's speed; in real time the loop goes on answering
 * input and draws the page when it arrives. */
static void prepare(App *a, int scene)
{
    char display[USERDATA_PATH + 80];
    char text[APP_PAGE_TEXT];   /* the words; gfx_request copies them */
    if (scene == SCENE_NONE || scene == SCENE_SHELF || gfx_has(&a->gfx, scene))
        return;
    if (!gfx_pending(&a->gfx, scene)) {
        GfxSource src = source_of(a, scene, display, sizeof display, text);
        const StoryPage *p = player_page(&a->player, scene);
        src.keep_picture = scene_is_page(scene) && p && p->vtt && p->text; /* for the read-along */
        gfx_request(&a->gfx, scene, &src, &a->diags);
    }
    if (a->opt.virtual_clock)
        gfx_wait(&a->gfx, scene);
    collect_pages(a);
}

/* ---- the player's events ---- */

static void start_narration(App *a, int scene, double t)
{
    const char *folder = NULL, *name = NULL;
    char display[USERDATA_PATH + 80], n[32];
    const StoryPage *p = player_page(&a->player, scene);
    const Story *st = player_story(&a->player, scene);
    if (scene == SCENE_REASSURANCE && a->reassure.voice[0]) {
        folder = a->reassure.voice_dir;
        name = a->reassure.voice;
        snprintf(display, sizeof display, "%s/%s", folder, name);
    } else if (p && st && p->narration) {
        folder = st->folder;
        name = p->narration;
        snprintf(display, sizeof display, "%s/%s", st->name, name);
    }
    a->vnarration_end = PLAYER_NEVER;
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
    if (scene_is_page(scene))
        app_readalong_start(a, scene);
}

double app_brightness(const App *a)
{
    double b = a->settings.brightness;
    return a->night && b > APP_NIGHT_BRIGHTNESS ? APP_NIGHT_BRIGHTNESS : b;
}

double app_volume(const App *a)
{
    return a->settings.volume * (a->night ? APP_NIGHT_VOLUME : 1.0);
}

static void go_dark(App *a, double t)
{
    if (snd_music_playing(&a->snd))
        trace_event(&a->trace, t, "music-stop", NULL);
    snd_close(&a->snd);            /* no audio thread in the dark */
    gfx_release_all(&a->gfx);      /* the black screen needs no texture */
    app_readalong_stop(a);
    SDL_EnableScreenSaver();       /* the tablet may sleep now */
    a->dark_at = t;
    /* What the dark holds, as facts the tests can check. */
    trace_event(&a->trace, t, "dark", "audio=%s timers=%s screensaver=%s textures=%d",
                SDL_WasInit(SDL_INIT_AUDIO) ? "open" : "closed",
                SDL_WasInit(SDL_INIT_TIMER) ? "on" : "off",
                SDL_IsScreenSaverEnabled() ? "allowed" : "held",
                gfx_pages_held(&a->gfx));
}

static void pause_narration(App *a, int pause, double t)
{
    snd_pause(&a->snd, pause);
    if (!a->opt.virtual_clock)
        return;
    if (pause && a->vnarration_end < PLAYER_NEVER) {
        a->vnarration_left = a->vnarration_end - t;
        a->vnarration_end = PLAYER_NEVER;
    } else if (!pause && a->vnarration_left > 0) {
        a->vnarration_end = t + a->vnarration_left;
        a->vnarration_left = 0;
    }
}

static void on_story_start(App *a, int k, double t)
{
    const Story *st = a->player.stories[k];
    trace_event(&a->trace, t, "story-start", "folder=%s", st->name);
    if (!a->snd.open) /* closed in the dark of an earlier night */
        snd_open(&a->snd, app_volume(a), a->opt.virtual_clock, &a->diags);
    /* The last story's lullaby stops, even when this story has none. */
    int had_music = snd_music_playing(&a->snd);
    int music = snd_music(&a->snd, st->folder, st->music, st->music_volume, st->name,
                          &a->diags);
    if (had_music)
        trace_event(&a->trace, t, "music-stop", NULL);
    if (music)
        trace_event(&a->trace, t, "music", "file=%s", st->music);
}

static void on_event(App *a, const PlayerEvent *e)
{
    char n[32];
    double t = e->time;
    scene_name(e->a, n, sizeof n);
    switch (e->kind) {
    case PEV_STORY_START: on_story_start(a, e->a, t); break;
    case PEV_TRANSITION_START:
        a->vnarration_end = PLAYER_NEVER;
        a->vnarration_left = 0;
        snd_stop_narration(&a->snd, 400);
        app_readalong_stop(a);
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
    case PEV_PREPARE:
        prepare(a, e->a);
        if (gfx_pages_held(&a->gfx) > a->max_pages_held)
            a->max_pages_held = gfx_pages_held(&a->gfx);
        break;
    case PEV_RELEASE: gfx_release(&a->gfx, e->a); break;
    case PEV_REASSURANCE: trace_event(&a->trace, t, "reassurance", NULL); break;
    case PEV_DIM_START:
        trace_event(&a->trace, t, "dim-start", "seconds=%.1f", e->x);
        snd_fade_all(&a->snd, e->x);
        break;
    case PEV_DARK: go_dark(a, t); break;
    case PEV_PAUSE:
        trace_event(&a->trace, t, "pause", "n=%s", n);
        pause_narration(a, 1, t);
        break;
    case PEV_RESUME:
        trace_event(&a->trace, t, "resume", "n=%s", n);
        pause_narration(a, 0, t);
        break;
    case PEV_PAUSE_TIMEOUT:
        trace_event(&a->trace, t, "pause-timeout", "n=%s", n);
        break;
    }
}

static void drain_player(App *a)
{
    PlayerEvent e;
    while (player_next_event(&a->player, &e))
        on_event(a, &e);
    app_flush_diags(a);
}

/* ---- the shelf ---- */

/* Scan the stories folders and the books dropped into them (not the bundled
 * folder's: those are ours), with the covers to be decoded afresh. */
static void scan_shelf(App *a, double now)
{
    const char *dirs[APP_MAX_DIRS + 2];
    int n = 0;
    ShelfExtras x;
    dirs[n++] = a->family_dir;
    for (int i = 0; i < a->opt.nstories_dirs && n < APP_MAX_DIRS + 1; i++)
        dirs[n++] = a->opt.stories_dirs[i];
    for (int i = 0; i < SHELF_MAX; i++)
        compose_free(&a->covers[i]);
    app_books_find(a, dirs, n, now, &x);
    /* The bundled stories can be hidden (a setting), but an empty shelf at
     * bedtime helps nobody: with nothing else to show, they come back. */
    if (a->settings.bundled_stories)
        dirs[n++] = a->bundled_dir;
    shelf_scan_extras(&a->shelf, dirs, n, &x, &a->diags);
    if (a->shelf.n == 0 && !a->settings.bundled_stories) {
        dirs[n++] = a->bundled_dir;
        shelf_scan_extras(&a->shelf, dirs, n, &x, &a->diags);
    }
    /* The cover kept selected (the story just read) must be on screen, and a
     * Goodnight starts from it (moving to the Goodnight tile passes other
     * covers, which must not change where the night begins). */
    shelf_move(&a->shelf, 0, layout_shelf_columns(a->gfx.w, a->gfx.h));
}

void app_shelf_rescan(App *a, double now)
{
    scan_shelf(a, now);
    a->shelf_composed = -1;
    a->redraw = 1; /* one frame: the shelf as it is now */
    trace_event(&a->trace, now, "shelf-rescan", "stories=%d pending=%d", a->shelf.n,
                a->shelf.npending);
    app_flush_diags(a);
}

void app_show_shelf(App *a, double now, int target, double seconds)
{
    scan_shelf(a, now);
    a->shelf_story = a->shelf.selected < a->shelf.n ? a->shelf.selected : 0;
    a->mode = MODE_SHELF;
    a->shelf_t0 = now;
    a->shelf_fade = seconds;
    a->shelf_from = 0;
    a->shelf_target = target;
    a->shelf_touched = now;
    a->shelf_composed = -1;
    a->dark_at = PLAYER_NEVER;
    SDL_DisableScreenSaver();
    trace_event(&a->trace, now, "shelf", "stories=%d", a->shelf.n);
    app_flush_diags(a);
}

/* A cover at the shelf's tile size, decoded once, off the main loop (the
 * shelf is composed again when it arrives; the virtual clock waits for it).
 * A cover that failed is marked by w < 0 with no pixels, so it is not
 * decoded again and again; compose_free, at a rescan or resize, clears it. */
static const ComposeImage *cover_of(App *a, int i)
{
    const Story *st = &a->shelf.stories[i];
    if (!a->covers[i].px && a->covers[i].w >= 0 && st->cover) {
        char display[USERDATA_PATH + 80];
        LayoutTile t = layout_shelf_tile(a->gfx.w, a->gfx.h, 0, 0);
        snprintf(display, sizeof display, "%s/%s", st->name, st->cover);
        gfx_request_picture(&a->gfx, scene_cover(i), st->folder, st->cover, display,
                            t.cover.w * 2, t.cover.h * 2);
        if (a->opt.virtual_clock) {
            gfx_wait(&a->gfx, scene_cover(i));
            collect_pages(a);
        }
    }
    return a->covers[i].px ? &a->covers[i] : NULL;
}

static void compose_shelf_now(App *a)
{
    ComposeTile tiles[4];
    int cols = layout_shelf_columns(a->gfx.w, a->gfx.h), n = 0;
    for (int s = 0; s < cols && s < 4; s++) {
        int tile = shelf_tile_at_slot(&a->shelf, s, cols);
        if (tile < 0)
            break;
        memset(&tiles[n], 0, sizeof tiles[n]);
        if (shelf_is_night(&a->shelf, tile)) {
            tiles[n].is_night = 1;
            tiles[n].title = "Goodnight";
        } else if (shelf_is_pending(&a->shelf, tile)) {
            tiles[n].is_pending = 1;
            tiles[n].title = a->shelf.pending[tile - a->shelf.n];
        } else {
            tiles[n].cover = cover_of(a, tile);
            tiles[n].title = a->shelf.stories[tile].title;
        }
        n++;
    }
    ComposeShelf in = { tiles, n, a->shelf.selected - a->shelf.first, a->gfx.font,
                        shelf_tiles(&a->shelf), a->shelf.first };
    ComposeImage img;
    if (compose_shelf(&in, a->gfx.w, a->gfx.h, &img) == 0) {
        gfx_upload_scene(&a->gfx, SCENE_SHELF, &img);
        compose_free(&img);
        a->shelf_composed = a->shelf.version;
    }
    app_flush_diags(a);
}

void app_wake_night(App *a, double now)
{
    a->night = 1;
    app_show_shelf(a, now, 255, APP_NIGHT_FADE); /* dimmed by app_brightness */
    trace_event(&a->trace, now, "night-wake", "brightness=%.0f%% volume=%.0f%%",
                app_brightness(a) * 100.0, app_volume(a) * 100.0);
}

static int shelf_level(const App *a, double t)
{
    double p = player_fade_progress(a->shelf_t0, a->shelf_fade, t);
    return a->shelf.n > 0 ? (int)lround(a->shelf_from + (a->shelf_target - a->shelf_from) * p)
                          : 0;
}

void app_night_touch(App *a, double now)
{
    a->shelf_from = shelf_level(a, now);
    a->shelf_target = 255;
    a->shelf_t0 = now;
    a->shelf_fade = APP_NIGHT_FADE;
    a->shelf_touched = now;
}

/* A woken shelf left alone: it fades slowly back to black, and then the dark
 * is the dark again (no texture, the screen saver allowed, no timer). */
static void night_shelf_step(App *a, double t)
{
    if (a->mode != MODE_SHELF || !a->night || a->dark_at < PLAYER_NEVER)
        return;
    if (a->shelf_target > 0 && t >= a->shelf_touched + APP_NIGHT_IDLE) {
        a->shelf_from = shelf_level(a, t);
        a->shelf_target = 0;
        a->shelf_t0 = t;
        a->shelf_fade = APP_NIGHT_FADE;
        trace_event(&a->trace, t, "shelf-sleep", NULL);
    } else if (a->shelf_target == 0 && t >= a->shelf_t0 + a->shelf_fade) {
        go_dark(a, t);
    }
}

static void shelf_scene(App *a, double t, PlayerScene *s)
{
    int level = shelf_level(a, t);
    player_scene_single(s, SCENE_SHELF, (uint8_t)(level < 0 ? 0 : level), a->shelf.version);
}

/* The parents' gate or menu: one opaque panel, a little dimmer than full. */
static void panel_scene(App *a, PlayerScene *s)
{
    player_scene_single(s, SCENE_PANEL, 230, a->gate.version);
}

/* ---- frames ---- */

#define PAUSE_SIGN_FADE 0.5   /* seconds the paused sign takes to appear */

/* Is a page paused on screen now (the parents' menu is not over it)? */
static int page_paused(const App *a)
{
    return a->mode == MODE_PLAY && a->gate.state == GATE_CLOSED &&
           a->player.phase == PHASE_PAGE && a->player.paused;
}

/* The paused sign's alpha at t: it fades in on the 30 fps grid, gone the
 * moment the page goes on (the narration's own fade carries the resume). */
static int pause_sign_alpha(const App *a, double t)
{
    if (!page_paused(a))
        return 0;
    return (int)lround(255.0 * player_fade_progress(a->player.paused_at, PAUSE_SIGN_FADE, t));
}

/* The snapshot is the first frame showing the chosen scene whole (and, with
 * --snapshot-highlight, with a read-along cue lit). */
static int wants_snapshot(const App *a, const PlayerScene *s, double t)
{
    const PlayerLayer *l = &s->layer[0];
    if (a->opt.snapshot_path && a->opt.snapshot_transition >= 0) {
        const Player *p = &a->player;
        return a->mode == MODE_PLAY && p->phase == PHASE_TRANSITION &&
               p->to == a->opt.snapshot_scene && p->tlen > 0 &&
               t - p->tstart >= a->opt.snapshot_transition * p->tlen - 1e-9;
    }
    if (a->opt.snapshot_paused && a->gfx.pause_alpha < 255)
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
    /* The shelf and the parents' studio count as the shelf's frames. */
    PlayerPhase phase = a->mode == MODE_PLAY ? a->player.phase : PHASE_SHELF;
    if (a->gate.state != GATE_CLOSED)
        panel_scene(a, &s);
    else if (a->mode == MODE_STUDIO)
        app_studio_scene(a, &s);
    else if (a->mode == MODE_SHELF)
        shelf_scene(a, t, &s);
    else
        player_scene(&a->player, t, &s);
    /* The family's brightness dims pictures and the shelf, never the parents'
     * own screens, which must stay readable. */
    if (a->gate.state == GATE_CLOSED && a->mode != MODE_STUDIO)
        player_scene_brightness(&s, app_brightness(a));
    int sign = pause_sign_alpha(a, t);
    if (sign != a->gfx.pause_alpha) { /* only its own frames: the page is not recomposed */
        a->gfx.pause_alpha = sign;
        a->redraw = 1;
    }
    if (*have_shown && !a->redraw && player_scene_equal(&s, shown))
        return;
    for (int i = 0; i < s.nlayers; i++) {
        if (s.layer[i].scene == SCENE_STUDIO) {
            if (a->studio.composed != s.layer[i].version || !gfx_has(&a->gfx, SCENE_STUDIO))
                app_studio_compose(a);
            a->studio.composed = s.layer[i].version;
        } else if (s.layer[i].scene == SCENE_PANEL) {
            if (a->panel_composed != a->gate.version || !gfx_has(&a->gfx, SCENE_PANEL))
                app_compose_panel(a);
        } else if (s.layer[i].scene == SCENE_SHELF) {
            if (a->shelf_composed != a->shelf.version || !gfx_has(&a->gfx, SCENE_SHELF))
                compose_shelf_now(a);
        } else {
            prepare(a, s.layer[i].scene); /* after a resize or a device reset */
            if (gfx_pages_held(&a->gfx) > a->max_pages_held)
                a->max_pages_held = gfx_pages_held(&a->gfx);
            if (s.layer[i].scene == a->ra.scene)
                app_readalong_draw(a, s.layer[i].scene, s.layer[i].cue);
        }
    }
    const char *snap = wants_snapshot(a, &s, t) ? a->opt.snapshot_path : NULL;
    if (gfx_draw(&a->gfx, &s, snap) < 0)
        diag_add(&a->diags, DIAG_WARNING, a->opt.snapshot_path, 0, "cannot save the snapshot");
    if (snap) {
        trace_event(&a->trace, t, "snapshot", "file=%s", snap);
        a->opt.snapshot_path = NULL;
    }
    a->frames[phase]++;
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
            SDL_GetRendererOutputSize(a->gfx.ren, &a->gfx.w, &a->gfx.h);
            gfx_release_all(&a->gfx); /* composed for the old size */
            app_readalong_stop(a);
            for (int i = 0; i < SHELF_MAX; i++)
                compose_free(&a->covers[i]);
            a->shelf_composed = -1;
            a->redraw = 1;
        } else if (e->window.event == SDL_WINDOWEVENT_EXPOSED) {
            a->redraw = 1;
        }
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        gfx_release_all(&a->gfx);
        a->ra.drawn_cue = -2;
        a->shelf_composed = -1;
        a->redraw = 1;
        break;
    default:
        if (a->mode == MODE_STUDIO && snd_is_narration_end(&a->snd, e, &scene))
            app_studio_listen_end(a, app_now(a));
        else if (!a->opt.virtual_clock && snd_is_narration_end(&a->snd, e, &scene))
            player_narration_ended(&a->player, scene, app_now(a));
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
    double now = clock_real(a);
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
    /* The same events every run: a book's import ends once the shelf has
     * faded in whole (its "getting ready" tile seen), before time goes on. */
    if (app_books_busy(a) && (a->mode != MODE_SHELF || a->now >= a->shelf_t0 + a->shelf_fade)) {
        app_books_wait(a);
        return;
    }
    if (a->vnarration_end < next && a->mode == MODE_PLAY) {
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

static double next_change(App *a, double t)
{
    double next;
    if (a->mode == MODE_SHELF && a->dark_at < PLAYER_NEVER)
        next = PLAYER_NEVER; /* a shelf gone dark waits for a touch */
    else if (a->mode == MODE_SHELF) {
        next = player_fade_next(a->shelf_t0, a->shelf_fade, t);
        if (a->night && a->shelf_target > 0)
            next = fmin(next, a->shelf_touched + APP_NIGHT_IDLE);
        else if (a->night)
            next = fmin(next, a->shelf_t0 + a->shelf_fade);
    }
    else if (a->mode == MODE_STUDIO)
        next = app_studio_next(a, t);
    else
        next = player_next_change(&a->player, t);
    if (page_paused(a)) /* the paused sign's fade in, then nothing */
        next = fmin(next, player_fade_next(a->player.paused_at, PAUSE_SIGN_FADE, t));
    next = fmin(next, replay_next_time(&a->replay));
    next = fmin(next, gate_deadline(&a->gate));
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
    GateState gs = a->gate.state;
    if (gate_update(&a->gate, t) == GATE_CLOSED_NOW)
        app_gate_closed(a, t, gs == GATE_MENU ? "parent-menu-closed" : "gate-closed");
    app_replay_due(a, t);
    if (input_tick(&a->ptr, t, &ie))
        app_input(a, &ie);
    if (a->mode == MODE_PLAY) {
        player_update(&a->player, t);
        drain_player(a);
    } else if (a->mode == MODE_STUDIO) {
        app_studio_step(a, t);
    }
    night_shelf_step(a, t);
}

/* Real clock only: when animation frames keep waking late, the machine
 * cannot keep 30 frames a second (a cheap tablet, a CPU quota) and drawing
 * them all would starve the audio thread. The budget then drops to 15 for
 * the rest of the night: transitions as long, half the frames. */
#define LATE_SECONDS 0.015
#define LATE_LIMIT 12

static void watch_budget(App *a, double woke, double wanted)
{
    PlayerPhase ph = a->player.phase;
    if (a->opt.virtual_clock || a->mode != MODE_PLAY || wanted >= PLAYER_NEVER ||
        (ph != PHASE_TRANSITION && ph != PHASE_DIM) || a->player.cfg.fps <= 15)
        return;
    a->anim_frames++;
    if (woke - wanted > LATE_SECONDS)
        a->late_frames++;
    /* A quarter of the frames late, over enough of them to be sure. */
    if (a->anim_frames >= LATE_LIMIT && a->late_frames * 4 >= a->anim_frames) {
        a->player.cfg.fps = 15;
        trace_event(&a->trace, woke, "frame-budget", "fps=15");
    }
}

int app_run(App *a)
{
    PlayerScene shown;
    int have_shown = 0;
    a->vnarration_end = PLAYER_NEVER;
    a->ra.scene = SCENE_NONE;
    a->panel_composed = -1;
    SDL_DisableScreenSaver();
    double wanted = PLAYER_NEVER;
    while (!a->quit) {
        double t = app_now(a);
        watch_budget(a, t, wanted);
        collect_pages(a);
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
    double t = app_now(a);
    app_readalong_stop(a);
    for (int i = 0; i < SHELF_MAX; i++)
        compose_free(&a->covers[i]);
    trace_event(&a->trace, t, "quit", NULL);
    trace_event(&a->trace, t, "summary",
                "frames_shelf=%d frames_page=%d frames_transition=%d frames_reassurance=%d "
                "frames_dim=%d frames_dark=%d problems=%d wakeups_dark=%d max_pages_held=%d",
                a->frames[PHASE_SHELF], a->frames[PHASE_PAGE], a->frames[PHASE_TRANSITION],
                a->frames[PHASE_REASSURANCE], a->frames[PHASE_DIM], a->frames[PHASE_DARK],
                a->diags.n, a->wakeups_dark, a->max_pages_held);
    return 0;
}
