/* screen_shelf — the bookshelf screen (see screen.h).
 *
 * The covers of every story found, a Goodnight tile and the tiles of books
 * being made ready, composed into one picture when the shelf changes; covers
 * are decoded off the main loop at the tile's size and the shelf composed
 * again as each arrives. The shelf fades in; woken from the dark at night it
 * is dim and quiet, and left alone it fades back to the dark by itself. A
 * tap opens a story (or the night from the Goodnight tile), swipes and
 * arrows move along it. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "lang.h"
#include "layout.h"

/* A cover decoded in the background: kept if the shelf still shows that
 * story there (a rescan may have moved it), and the shelf composed again. */
void app_shelf_cover(App *a, GfxPictureDone *p)
{
    int i = scene_cover_index(p->key);
    char display[USERDATA_PATH + 80] = "";
    if (i >= 0 && i < a->sh.shelf.n && i < SHELF_MAX && a->sh.shelf.stories[i].cover)
        snprintf(display, sizeof display, "%s/%s", a->sh.shelf.stories[i].name,
                 a->sh.shelf.stories[i].cover);
    if (!display[0] || strcmp(display, p->display) != 0 || a->sh.covers[i].px ||
        a->sh.covers[i].w < 0) {
        compose_free(&p->img);
        return;
    }
    a->sh.covers[i] = p->img;
    if (!p->img.px)
        a->sh.covers[i].w = -1; /* failed: not tried again until a rescan */
    a->sh.composed = -1;
    if (a->screen == &screen_shelf)
        a->redraw = 1;
}


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
        compose_free(&a->sh.covers[i]);
    app_books_find(a, dirs, n, now, &x);
    /* The bundled stories can be hidden (a setting), but an empty shelf at
     * bedtime helps nobody: with nothing else to show, they come back. */
    if (a->settings.bundled_stories)
        dirs[n++] = a->bundled_dir;
    shelf_scan_extras(&a->sh.shelf, dirs, n, &x, &a->diags);
    if (a->sh.shelf.n == 0 && !a->settings.bundled_stories) {
        dirs[n++] = a->bundled_dir;
        shelf_scan_extras(&a->sh.shelf, dirs, n, &x, &a->diags);
    }
    /* The cover kept selected (the story just read) must be on screen, and a
     * Goodnight starts from it (moving to the Goodnight tile passes other
     * covers, which must not change where the night begins). */
    shelf_move(&a->sh.shelf, 0, layout_shelf_columns(a->gfx.w, a->gfx.h));
}

void app_shelf_rescan(App *a, double now)
{
    scan_shelf(a, now);
    a->sh.composed = -1;
    a->redraw = 1; /* one frame: the shelf as it is now */
    trace_event(&a->trace, now, "shelf-rescan", "stories=%d pending=%d", a->sh.shelf.n,
                a->sh.shelf.npending);
    app_flush_diags(a);
}

void app_show_shelf(App *a, double now, int target, double seconds)
{
    app_screen_leave(a, now);
    scan_shelf(a, now);
    a->sh.story = a->sh.shelf.selected < a->sh.shelf.n ? a->sh.shelf.selected : 0;
    a->sh.t0 = now;
    a->sh.fade = seconds;
    a->sh.from = 0;
    a->sh.target = target;
    a->sh.touched = now;
    a->sh.composed = -1;
    app_screen_enter(a, &screen_shelf, now);
}

static void shelf_enter(App *a, double now)
{
    trace_event(&a->trace, now, "shelf", "stories=%d", a->sh.shelf.n);
    app_flush_diags(a);
}

/* A cover at the shelf's tile size, decoded once, off the main loop (the
 * shelf is composed again when it arrives; the virtual clock waits for it).
 * A cover that failed is marked by w < 0 with no pixels, so it is not
 * decoded again and again; compose_free, at a rescan or resize, clears it. */
static const ComposeImage *cover_of(App *a, int i)
{
    const Story *st = &a->sh.shelf.stories[i];
    if (!a->sh.covers[i].px && a->sh.covers[i].w >= 0 && st->cover &&
        !story_named_there(st, st->cover, "cover", 0, st->cover_line, &a->diags))
        a->sh.covers[i].w = -1; /* told against its line once; the tile shows the title */
    if (!a->sh.covers[i].px && a->sh.covers[i].w >= 0 && st->cover) {
        char display[USERDATA_PATH + 80];
        LayoutTile t = layout_shelf_tile(a->gfx.w, a->gfx.h, 0, 0);
        snprintf(display, sizeof display, "%s/%s", st->name, st->cover);
        gfx_request_picture(&a->gfx, scene_cover(i), st->folder, st->cover, display,
                            t.cover.w * 2, t.cover.h * 2);
        if (a->opt.virtual_clock) {
            gfx_wait(&a->gfx, scene_cover(i));
            app_collect(a);
        }
    }
    return a->sh.covers[i].px ? &a->sh.covers[i] : NULL;
}

static void compose_shelf_now(App *a)
{
    ComposeTile tiles[4];
    int cols = layout_shelf_columns(a->gfx.w, a->gfx.h), n = 0;
    for (int s = 0; s < cols && s < 4; s++) {
        int tile = shelf_tile_at_slot(&a->sh.shelf, s, cols);
        if (tile < 0)
            break;
        memset(&tiles[n], 0, sizeof tiles[n]);
        if (shelf_is_night(&a->sh.shelf, tile)) {
            tiles[n].is_night = 1;
            tiles[n].title = _("Goodnight");
            app_trace_ui(a, tiles[n].title); /* the others are the stories' own titles */
        } else if (shelf_is_pending(&a->sh.shelf, tile)) {
            tiles[n].is_pending = 1;
            tiles[n].title = a->sh.shelf.pending[tile - a->sh.shelf.n];
        } else {
            tiles[n].cover = cover_of(a, tile);
            tiles[n].title = a->sh.shelf.stories[tile].title;
        }
        n++;
    }
    /* The shelf reads the interface's way: right to left, the first on the right. */
    ComposeShelf in = { tiles, n, a->sh.shelf.selected - a->sh.shelf.first, a->gfx.font,
                        shelf_tiles(&a->sh.shelf), a->sh.shelf.first,
                        lang_is_rtl(i18n_language()) };
    ComposeImage img;
    if (compose_shelf(&in, a->gfx.w, a->gfx.h, &img) == 0) {
        gfx_upload_scene(&a->gfx, SCENE_SHELF, &img);
        compose_free(&img);
        a->sh.composed = a->sh.shelf.version;
    }
    app_flush_diags(a);
}

void app_wake_night(App *a, double now)
{
    a->sh.night = 1;
    /* Entering the shelf lights the panel again (app_screen_enter), dimly. */
    app_show_shelf(a, now, 255, APP_NIGHT_FADE); /* dimmed by app_brightness */
    trace_event(&a->trace, now, "night-wake", "brightness=%.0f%% volume=%.0f%%",
                app_brightness(a) * 100.0, app_volume(a) * 100.0);
}

static int shelf_level(const App *a, double t)
{
    double p = player_fade_progress(a->sh.t0, a->sh.fade, t);
    return a->sh.shelf.n > 0 ? (int)lround(a->sh.from + (a->sh.target - a->sh.from) * p)
                          : 0;
}

static void night_touch(App *a, double now)
{
    a->sh.from = shelf_level(a, now);
    a->sh.target = 255;
    a->sh.t0 = now;
    a->sh.fade = APP_NIGHT_FADE;
    a->sh.touched = now;
}

/* A woken shelf left alone: it fades slowly back to black, and then the dark
 * is the dark again (no texture, the screen saver allowed, no timer). */
static void shelf_step(App *a, double t)
{
    if (!a->sh.night || a->dark_at < PLAYER_NEVER)
        return;
    if (a->sh.target > 0 && t >= a->sh.touched + APP_NIGHT_IDLE) {
        a->sh.from = shelf_level(a, t);
        a->sh.target = 0;
        a->sh.t0 = t;
        a->sh.fade = APP_NIGHT_FADE;
        trace_event(&a->trace, t, "shelf-sleep", NULL);
    } else if (a->sh.target == 0 && t >= a->sh.t0 + a->sh.fade) {
        app_go_dark(a, t);
    }
}

static int shelf_scene(App *a, double t, PlayerScene *s)
{
    int level = shelf_level(a, t);
    player_scene_single(s, SCENE_SHELF, (uint8_t)(level < 0 ? 0 : level), a->sh.shelf.version);
    player_scene_brightness(s, app_brightness(a));
    return 0;
}

static void shelf_input(App *a, const InputEvent *e)
{
    int cols = layout_shelf_columns(a->gfx.w, a->gfx.h);
    if (app_gate_summon(a, e))
        return;
    if (a->dark_at < PLAYER_NEVER) { /* the woken shelf went back to the dark */
        if (e->kind == IN_TAP || e->kind == IN_KEY || e->kind == IN_SWIPE)
            app_wake_night(a, e->time);
        return;
    }
    if (a->sh.night && a->sh.target == 0) { /* falling asleep: a touch wakes it again */
        night_touch(a, e->time);
        return;
    }
    a->sh.touched = e->time;
    /* Right to left the row is mirrored (compose_shelf): the next story is to
     * the left, so a tap's place, a swipe and the arrow keys are mirrored too. */
    int rtl = lang_is_rtl(i18n_language()), ahead = rtl ? -1 : +1;
    if (e->kind == IN_TAP) {
        int shown = shelf_tiles(&a->sh.shelf) - a->sh.shelf.first;
        int visible = shown < cols ? shown : cols;
        int slot = layout_shelf_hit(a->gfx.w, a->gfx.h, visible, e->x, e->y);
        if (rtl && slot >= 0)
            slot = visible - 1 - slot;
        int tile = shelf_tile_at_slot(&a->sh.shelf, slot, cols);
        if (tile >= 0)
            app_open_tile(a, tile, e->time);
    } else if (e->kind == IN_SWIPE) {
        shelf_move(&a->sh.shelf, e->x2 < e->x ? ahead : -ahead, cols);
    } else if (e->kind == IN_KEY) {
        if (input_key_is(e, "Right"))
            shelf_move(&a->sh.shelf, ahead, cols);
        else if (input_key_is(e, "Left"))
            shelf_move(&a->sh.shelf, -ahead, cols);
        else if (input_key_is(e, "Down"))
            shelf_move(&a->sh.shelf, +1, cols);
        else if (input_key_is(e, "Up"))
            shelf_move(&a->sh.shelf, -1, cols);
        else if (input_key_is(e, "Return") || input_key_is(e, "Space"))
            app_open_tile(a, a->sh.shelf.selected, e->time);
    }
}

int app_night_list(const App *a, int first, const Story **list)
{
    int n = 0, per = a->settings.stories_per_night, count = a->sh.shelf.n;
    if (count <= 0)
        return 0;
    if (first < 0 || first >= count)
        first = 0;
    for (int i = 0; i < count && n < per && n < PLAYER_MAX_STORIES; i++)
        list[n++] = &a->sh.shelf.stories[(first + i) % count];
    return n;
}

void app_open_tile(App *a, int tile, double now)
{
    const Story *list[PLAYER_MAX_STORIES];
    int n = 0;
    if (tile < 0 || tile >= shelf_tiles(&a->sh.shelf) || shelf_is_pending(&a->sh.shelf, tile))
        return; /* a book still being made ready opens nothing */
    if (shelf_is_night(&a->sh.shelf, tile)) {
        n = app_night_list(a, a->sh.story, list);
        trace_event(&a->trace, now, "night", "stories=%d first=%s", n,
                    n > 0 && list[0]->name ? list[0]->name : "");
    } else {
        a->sh.story = tile;
        list[n++] = &a->sh.shelf.stories[tile];
    }
    gfx_release(&a->gfx, SCENE_SHELF);
    for (int i = 0; i < SHELF_MAX; i++)
        compose_free(&a->sh.covers[i]);
    app_play(a, list, n, now);
}

int app_shelf_showing(const App *a)
{
    return a->screen == &screen_shelf && a->dark_at >= PLAYER_NEVER;
}

void app_shelf_forget(App *a, int free_covers)
{
    if (free_covers)
        for (int i = 0; i < SHELF_MAX; i++)
            compose_free(&a->sh.covers[i]);
    a->sh.composed = -1;
}

static double shelf_next_change(App *a, double t)
{
    if (a->dark_at < PLAYER_NEVER)
        return PLAYER_NEVER; /* a shelf gone dark waits for a touch */
    double next = player_fade_next(a->sh.t0, a->sh.fade, t);
    if (a->sh.night && a->sh.target > 0)
        next = fmin(next, a->sh.touched + APP_NIGHT_IDLE);
    else if (a->sh.night)
        next = fmin(next, a->sh.t0 + a->sh.fade);
    return next;
}

static PlayerPhase shelf_phase(const App *a)
{
    return PHASE_SHELF;
}

static void shelf_prepare(App *a, const PlayerScene *s)
{
    if (a->sh.composed != a->sh.shelf.version || !gfx_has(&a->gfx, SCENE_SHELF))
        compose_shelf_now(a);
}

/* A narration that ends after its story was left (real clock): the player
 * is told, as it would be on its own screen. */
static void shelf_sound_end(App *a, SceneId scene, double now)
{
    if (!a->opt.virtual_clock)
        player_narration_ended(&a->play.player, scene, now);
}

/* The same events every run: a book's import ends once the shelf has faded
 * in whole (its "getting ready" tile seen). */
static int shelf_settled(const App *a)
{
    return a->now >= a->sh.t0 + a->sh.fade;
}

/* The story a parent would record from the shelf: the one selected (the
 * first, on the Goodnight tile). */
static const Story *shelf_story(const App *a)
{
    if (a->sh.shelf.n <= 0)
        return NULL;
    return &a->sh.shelf.stories[a->sh.shelf.selected < a->sh.shelf.n ? a->sh.shelf.selected : 0];
}

const Screen screen_shelf = {
    .name = "shelf",
    .enter = shelf_enter,
    .input = shelf_input,
    .step = shelf_step,
    .next_change = shelf_next_change,
    .phase = shelf_phase,
    .scene = shelf_scene,
    .prepare = shelf_prepare,
    .sound_end = shelf_sound_end,
    .settled = shelf_settled,
    .story = shelf_story,
    .back_label = N_("Back to the shelf"),
};
