/* screen_play — reading a story together (see screen.h).
 *
 * The player (player.c) decides what shows and when; this screen acts on its
 * events (decode the next page ahead, start and pause narration, the music,
 * the dark), hands the loop its scene with the family's brightness and the
 * paused sign, and says what a gesture means here: the left or right edge of
 * a page (or a swipe, or the arrow keys) turns; the middle pauses and
 * resumes; the small mark in the lower left corner replays the page. In the
 * dimming and the dark nothing brightens the screen, except that with a
 * shelf a tap in the dark wakes a dim shelf. Under the virtual clock the
 * narration's end is this screen's own event, due at a known time. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "lang.h"
#include "layout.h"

#define PAUSE_SIGN_FADE 0.5   /* seconds the paused sign takes to appear */

const char *app_page_text(App *a, SceneId scene, char *buf, size_t len)
{
    const StoryPage *p = player_page(&a->play.player, scene);
    const Story *st = player_story(&a->play.player, scene);
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
static GfxSource source_of(App *a, SceneId s, char *display, size_t len, char *text_buf,
                           char *words, size_t words_len)
{
    GfxSource src = { 0 };
    const StoryPage *p = player_page(&a->play.player, s);
    const Story *st = player_story(&a->play.player, s);
    if (s == SCENE_REASSURANCE) {
        src.folder = a->reassure.picture_dir;
        src.picture = a->reassure.picture;
        src.text = a->reassure.words;
        snprintf(display, len, "%s/%s", a->reassure.picture_dir, a->reassure.picture);
        if (a->reassure.family_words) {
            snprintf(words, words_len, "%s/reassurance.txt", a->paths.data_dir);
            src.words_display = words;
        }
    } else if (p && st) {
        src.folder = st->folder;
        src.picture = p->image;
        src.text = app_page_text(a, s, text_buf, APP_PAGE_TEXT);
        src.language = st->language;
        src.replay_mark = p->narration != NULL;
        snprintf(display, len, "%s/%s", st->name, p->image ? p->image : "(no picture)");
        snprintf(words, words_len, "%s/%s", st->name, p->text_line ? "story.ini"
                 : p->words_file ? p->words_file : "(words)");
        src.words_display = words;
        src.words_line = p->text_line;
    }
    src.display = display;
    return src;
}


/* Compose scene off the main loop. Under the virtual clock the loop waits
 * for it (within the budget), so a night has the same events and frames
 * whatever the machine's speed; in real time the loop goes on answering
 * input and draws the page when it arrives. */
void app_prepare_page(App *a, SceneId scene)
{
    char display[USERDATA_PATH + 80];
    char text[APP_PAGE_TEXT];   /* the words; gfx_request copies them */
    char words[USERDATA_PATH + 80];
    SceneKind kind = scene_kind(scene);
    if ((kind != SCENE_KIND_PAGE && kind != SCENE_KIND_REASSURANCE) || gfx_has(&a->gfx, scene))
        return;
    if (!gfx_pending(&a->gfx, scene)) {
        GfxSource src = source_of(a, scene, display, sizeof display, text, words, sizeof words);
        const StoryPage *p = player_page(&a->play.player, scene);
        /* Kept for the read-along, and for where a page's hotspots lie. */
        /* ... and for its pan and zoom. */
        src.moving = scene_is_page(scene) && p && p->motion.kind != MOTION_NONE &&
                     a->settings.motion != MOTION_SETTING_OFF;
        src.keep_picture = scene_is_page(scene) && p &&
                           ((p->vtt && p->text) || p->ntaps > 0 || src.moving ||
                            p->nlayers > 0);
        /* A file story.ini names that is not there is told against its line
         * (what to mend), and the page shows without it. */
        const Story *st = player_story(&a->play.player, scene);
        if (scene_is_page(scene) && p && st &&
            !story_named_there(st, p->image, "image", p->number, p->image_line, &a->diags))
            src.picture = NULL;
        for (int i = 0; scene_is_page(scene) && p && st && i < p->nlayers && i < GFX_LAYERS; i++)
            if (story_named_there(st, p->layers[i].image, "layer", p->number, p->layers[i].line,
                                  &a->diags))
                src.layers[src.nlayers++] = p->layers[i].image;
        gfx_request(&a->gfx, scene, &src, &a->diags);
    }
    if (a->opt.virtual_clock)
        gfx_wait(&a->gfx, scene);
    app_collect(a);
}

/* ---- the pictures' pan and zoom (motion.h, drawn by gfx_motion) ---- */

static AppMotion *motion_of(App *a, SceneId scene)
{
    for (int i = 0; i < 2; i++)
        if (scene_is_page(scene) && a->play.motion[i].scene == scene)
            return &a->play.motion[i];
    return NULL;
}

/* Scene comes on screen (a transition to it starts, or it is the first): the
 * page showing until now keeps the part it showed last, so leaving draws
 * no frame of its own. */
static void motion_begin(App *a, SceneId scene)
{
    AppMotion *cur = &a->play.motion[0], *prev = &a->play.motion[1];
    if (cur->scene == scene && scene_is_page(scene))
        return;
    *prev = *cur;
    if (prev->left < 0)
        prev->left = prev->t0 < PLAYER_NEVER && prev->w > 0 ? prev->drawn : 0;
    memset(cur, 0, sizeof *cur);
    cur->scene = scene;
    cur->t0 = PLAYER_NEVER;
    cur->left = -1;
    cur->version = prev->version + 1; /* never the same layer version as the last page's */
}

/* Plan m once its picture is held (its size) and again once the page's
 * length is known (the narration's and the hold after it; without one, when
 * the player means to turn; a page waiting for a tap: MOTION_DEFAULT_PAGE),
 * so the move comes to rest as the page turns by itself: the start of
 * the move is the same either way, so a page shown before its length is
 * known does not jump. A slow machine's lowered frame rate holds here too. */
static void motion_ready(App *a, AppMotion *m, double t)
{
    const Player *p = &a->play.player;
    const StoryPage *pg = player_page(p, m->scene);
    const ComposeImage *pic = NULL;
    int known = m->scene == p->current && m->t0 < PLAYER_NEVER && p->narration_known;
    if (!pg || m->planned == 2 || (m->planned == 1 && !known) ||
        gfx_page_picture(&a->gfx, m->scene, &pic) != 1 || !pic)
        return;
    double len = m->length > 0 ? m->length
               : known && p->turn_at < PLAYER_NEVER ? p->turn_at - p->shown_at : 0;
    motion_plan(&m->plan, &pg->motion, scene_page_index(m->scene), pic->w, pic->h, pic->w,
                pic->h, len, (MotionSetting)a->settings.motion);
    if (p->cfg.fps > 0 && m->plan.fps > p->cfg.fps)
        m->plan.fps = p->cfg.fps;
    m->planned = known ? 2 : 1;
    if (known && motion_moves(&m->plan)) {
        char n[32];
        app_scene_name(m->scene, n, sizeof n);
        trace_event(&a->trace, t, "motion", "n=%s seconds=%.3f fps=%.0f", n, m->plan.duration,
                    m->plan.fps);
    }
}

/* m's time at t: since it was shown, held where it was when it began to
 * leave, 0 while it comes in. */
static double motion_time(const AppMotion *m, double t)
{
    if (m->left >= 0)
        return m->left;
    return m->t0 < PLAYER_NEVER ? t - m->t0 : 0;
}

/* The move's time at t: motion_time, less the time the page now showing
 * was paused. A paused page holds its picture still (motion that can be
 * stopped, as WCAG 2.2.2 asks) and goes on from there when it resumes. */
static double pan_time(const App *a, const AppMotion *m, double t)
{
    const Player *p = &a->play.player;
    if (m->left >= 0 || m->t0 >= PLAYER_NEVER || m->scene != p->current || !p->narration_known)
        return motion_time(m, t);
    double u = (p->paused ? p->paused_at : t) - m->t0 - p->pause_total;
    return u > 0 ? u : 0;
}

/* The part of the picture a page shows at t: a new layer version when it
 * differs from the last part shown, so the loop draws a frame. */
static int motion_part(App *a, SceneId scene, double t)
{
    AppMotion *m = motion_of(a, scene);
    const ComposeImage *pic = NULL;
    if (!m)
        return 0;
    motion_ready(a, m, t);
    if (!m->planned || !motion_moves(&m->plan) ||
        gfx_page_picture(&a->gfx, scene, &pic) != 1 || !pic)
        return 0;
    int x, y, w, h;
    /* A nanosecond on: a frame due on the grid, reached through the clock's
     * rounding just before it, draws its own part, never the last one again. */
    double u = pan_time(a, m, t) + 1e-9;
    motion_source_px(&m->plan, u, pic->w, pic->h, &x, &y, &w, &h);
    if (x != m->x || y != m->y || w != m->w || h != m->h) {
        m->x = x, m->y = y, m->w = w, m->h = h;
        m->drawn = u;
        m->version++;
    }
    return m->version;
}

/* The next frame of the page showing: on the plan's grid, only when the
 * part shown would move by a screen pixel. */
static double motion_next(App *a, double t)
{
    AppMotion *m = &a->play.motion[0];
    if (!scene_is_page(m->scene) || m->t0 >= PLAYER_NEVER || m->left >= 0 || !m->planned ||
        !motion_moves(&m->plan))
        return PLAYER_NEVER;
    const Player *p = &a->play.player;
    if (m->scene == p->current && p->paused)
        return PLAYER_NEVER; /* held still until the resume */
    double u = pan_time(a, m, t);
    double next = motion_next_frame(&m->plan, m->drawn, u);
    if (next >= MOTION_NEVER)
        return PLAYER_NEVER;
    double at = t + (next - u);
    return at > t ? at : nextafter(t, PLAYER_NEVER); /* the clock always moves on */
}

/* ---- the pictures' layers (motion_layer_at, drawn by gfx_layers) ---- */

/* Layer frames a second on this machine: the setting's, or less when the
 * loop was lowered for the night (0: the layers stay at rest). */
static double layer_fps(const App *a)
{
    double fps = motion_layer_fps((MotionSetting)a->settings.motion);
    double cap = a->play.player.cfg.fps;
    return cap > 0 && fps > cap ? cap : fps;
}

/* A layer moved by less than this (screen pixels) since it was last drawn
 * is not drawn again: the frame would look the same. */
#define LAYER_MIN_SHIFT 0.25

/* The looks of a page's layers at t, taken on the layer frame grid so a
 * frame drawn for any other reason (a lit word, the paused sign) shows
 * what the grid's last frame showed. A layer's look is taken up only when
 * it differs visibly from the one last shown (another alpha step, or a move
 * of LAYER_MIN_SHIFT), so a sway slowing at its far point draws no frames
 * that change nothing. 1 when any did (a new layer version), 0 when none
 * did, the page has none or it is leaving. */
static int layer_part(App *a, SceneId scene, double t)
{
    AppMotion *m = motion_of(a, scene);
    const StoryPage *pg = player_page(&a->play.player, scene);
    const ComposeImage *pic = NULL;
    if (!m || !pg || pg->nlayers <= 0)
        return 0;
    if (m->left >= 0 && m->lshown) /* leaving: the look it last showed, no frame of its own */
        return 0;
    int w = 1, h = 1;
    if (gfx_page_picture(&a->gfx, scene, &pic) == 1 && pic)
        w = pic->w, h = pic->h;
    double fps = layer_fps(a), u = motion_time(m, t);
    u = fps > 0 ? floor(u * fps + 1e-9) / fps : 0;
    int changed = 0, first = !m->lshown;
    for (int i = 0; i < pg->nlayers && i < GFX_LAYERS; i++) {
        MotionLayerLook l = motion_layer_at(pg->layers[i].effect, i, u,
                                            (MotionSetting)a->settings.motion);
        MotionLayerLook *o = &m->llook[i];
        int visible = !m->lshown ||
                      lround(255.0 * l.alpha) != lround(255.0 * o->alpha) ||
                      motion_layer_shift_px(o, &l, w, h, gfx_layer_content(&a->gfx, scene, i)) >=
                          LAYER_MIN_SHIFT;
        if (visible) {
            *o = l;
            changed = 1;
        }
    }
    m->lshown = 1;
    /* No layer is drawn (none could be read): a new look changes no pixel,
     * and a frame for it would depend on when the loop happens to wake. */
    if (!first && m->lheld <= 0)
        changed = 0;
    if (changed)
        m->version++;
    return changed;
}

/* The next layer frame of the page showing, on the layer grid, only for a
 * page that shows layers and while it is not leaving. */
static double layer_next(App *a, double t)
{
    AppMotion *m = &a->play.motion[0];
    double fps = layer_fps(a);
    if (!scene_is_page(m->scene) || m->t0 >= PLAYER_NEVER || m->left >= 0 || m->lheld <= 0 ||
        fps <= 0)
        return PLAYER_NEVER;
    double next = motion_layer_next_frame(t - m->t0, fps);
    /* Later than t in the loop's time too, which t0 + next may not be once
     * rounded: the virtual clock would stand still. */
    while (next < MOTION_NEVER && m->t0 + next <= t)
        next = motion_layer_next_frame(next, fps);
    return next >= MOTION_NEVER ? PLAYER_NEVER : m->t0 + next;
}

/* ---- a hotspot's wiggle (hotspot_wiggle, drawn by gfx_wiggle) ---- */

static HotspotView page_view(App *a, SceneId scene);

/* The hotspot of the page showing that wiggles at t, the latest tapped
 * (-1: none; none either when the page is not being read, so a page that
 * leaves keeps no wiggle). */
static int wiggling_hotspot(const App *a, double t)
{
    const Player *p = &a->play.player;
    const StoryPage *pg = player_page(p, p->current);
    int best = -1;
    if (p->phase != PHASE_PAGE || !pg || a->play.hot.scene != p->current)
        return -1;
    for (int i = 0; i < pg->ntaps && i < STORY_MAX_TAPS; i++) {
        double at = a->play.hot.wiggle_at[i];
        if (at >= 0 && t >= at && t <= at + HOTSPOT_WIGGLE &&
            (best < 0 || at > a->play.hot.wiggle_at[best]))
            best = i;
    }
    return best;
}

/* The wiggle of scene's page at t: a new layer version when it looks
 * different from the last shown (traced: wiggle n=N angle=DEG scale=S), so
 * the loop draws a frame; its frames come on hotspot_next_frame's grid. */
static void wiggle_part(App *a, SceneId scene, double t)
{
    AppMotion *m = motion_of(a, scene);
    if (!m)
        return;
    int i = scene == a->play.player.current ? wiggling_hotspot(a, t) : -1;
    /* Taken on the wiggle's frame grid from its tap, so a frame drawn for
     * any other reason shows what the grid's last frame showed. */
    double at = i >= 0 ? a->play.hot.wiggle_at[i] : 0;
    double u = i >= 0 ? at + floor((t - at) * HOTSPOT_FPS + 1e-9) / HOTSPOT_FPS : t;
    if (i >= 0 && t >= at + HOTSPOT_WIGGLE - 1e-9)
        u = at + HOTSPOT_WIGGLE; /* its last frame: at rest */
    HotspotWiggle w = hotspot_wiggle(&a->play.hot, i, u);
    int hot = i >= 0 && (w.angle != 0 || w.scale != 1) ? i + 1 : 0; /* 0: at rest */
    double angle = hot ? w.angle : 0, scale = hot ? w.scale : 1;
    /* wscale 0: the page never wiggled (its AppMotion starts zeroed). */
    if (hot == m->whot && (!hot || (angle == m->wangle && scale == m->wscale)))
        return;
    m->whot = hot;
    m->wangle = angle;
    m->wscale = scale;
    m->version++;
    char n[32];
    app_scene_name(scene, n, sizeof n);
    trace_event(&a->trace, t, "wiggle", "n=%s angle=%.2f scale=%.3f", n, angle, scale);
}

/* The wiggle as the page shows it now, handed to the drawing. */
static void wiggle_draw(App *a, const AppMotion *m)
{
    const StoryPage *pg = player_page(&a->play.player, m->scene);
    int i = m->whot - 1;
    if (!pg || i < 0 || i >= pg->ntaps) {
        gfx_wiggle(&a->gfx, m->scene, 0, 0, 0, 0, 0, 1);
        return;
    }
    HotspotView v = page_view(a, m->scene);
    StoryRect r = pg->taps[i].area;
    double x = v.picture.x + r.x * v.picture.w, y = v.picture.y + r.y * v.picture.h;
    int x0 = (int)lround(x), y0 = (int)lround(y);
    gfx_wiggle(&a->gfx, m->scene, x0, y0, (int)lround(x + r.w * v.picture.w) - x0,
               (int)lround(y + r.h * v.picture.h) - y0, m->wangle, m->wscale);
}

/* ---- the warmer night (motion_night_tint) ---- */

/* How far the night has gone at scene: its story of the night's, the
 * closing scene the end. The tint holds through a story, so a page turn
 * inside one is two pages of one tint: the CPU path's crossfade of them is
 * the plain one (or one modulation after it), not two modulations before
 * it, which cost a third more of a transition's time at 1280x800. */
static double night_progress(const App *a, SceneId scene)
{
    const Player *p = &a->play.player;
    if (scene == SCENE_REASSURANCE)
        return motion_night_progress(0, 0, 1);
    if (!scene_is_page(scene) || !player_story(p, scene))
        return 0;
    return motion_night_progress(scene_story(scene), p->nstories, 0);
}

/* Each layer of the frame warmed by its own scene's place in the night:
 * constant through a scene, so the tint changes only in frames drawn
 * anyway (a page turn's crossfade carries it from one page's to the
 * next's), and the dimming's warm shift continues from the closing scene's.
 * The parents' night-light setting turns it off, and so does --snapshot,
 * so pictures saved for tests are exact. The trace says the tint of the
 * frame's top layer when it changes (tint warm=P blue=B; nothing when the
 * tint is off). */
static void night_tint(App *a, PlayerScene *s, double t)
{
    int on = a->settings.night_light && !a->play.untinted;
    for (int i = 0; i < s->nlayers; i++) {
        PlayerLayer *l = &s->layer[i];
        if (!scene_is_page(l->scene) && l->scene != SCENE_REASSURANCE)
            continue;
        double u = night_progress(a, l->scene);
        uint8_t r, g, b;
        motion_night_tint(u, on, &r, &g, &b);
        l->r = motion_tint_mul(l->r, r);
        l->g = motion_tint_mul(l->g, g);
        l->b = motion_tint_mul(l->b, b);
        if (on && i == s->nlayers - 1 && b + 1 != a->play.tint_b) {
            a->play.tint_b = b + 1;
            trace_event(&a->trace, t, "tint", "warm=%.3f blue=%d", u, b);
        }
    }
}

/* ---- the player's events ---- */

/* The lullaby's level under the narration (speaking) or back up after it,
 * as the audio thread ducks it: music-duck / music-unduck level=DB. */
static void trace_music_level(App *a, double t, int speaking)
{
    double db;
    if (snd_music_db(&a->snd, speaking, &db))
        trace_event(&a->trace, t, speaking ? "music-duck" : "music-unduck", "level=%.1f", db);
}

static void start_narration(App *a, SceneId scene, double t)
{
    const char *folder = NULL, *name = NULL;
    char display[USERDATA_PATH + 80], n[32];
    const StoryPage *p = player_page(&a->play.player, scene);
    const Story *st = player_story(&a->play.player, scene);
    if (scene == SCENE_REASSURANCE && a->reassure.voice[0]) {
        folder = a->reassure.voice_dir;
        name = a->reassure.voice;
        snprintf(display, sizeof display, "%s/%s", folder, name);
    } else if (p && st && p->narration &&
               story_named_there(st, p->narration, "narration", p->number, p->narration_line,
                                 &a->diags)) {
        folder = st->folder;
        name = p->narration;
        snprintf(display, sizeof display, "%s/%s", st->name, name);
    }
    a->play.vend = PLAYER_NEVER;
    double seconds = name ? snd_narrate(&a->snd, scene, folder, name, display, &a->diags) : -1;
    if (seconds <= 0) {
        player_narration_missing(&a->play.player, scene, t);
        return;
    }
    app_scene_name(scene, n, sizeof n);
    trace_event(&a->trace, t, "narration-start", "n=%s seconds=%.3f gain=%.1f", n, seconds,
                snd_gain_db(&a->snd));
    trace_music_level(a, t, 1);
    player_narration_started(&a->play.player, scene, t, seconds);
    AppMotion *m = motion_of(a, scene);
    if (m && p && st && !m->length)
        m->length = seconds + story_page_hold(st, p);
    if (a->opt.virtual_clock) {
        a->play.vend = t + seconds;
        a->play.vscene = scene;
    }
    if (scene_is_page(scene))
        app_readalong_start(a, scene);
}


static void pause_narration(App *a, int pause, double t)
{
    snd_pause(&a->snd, pause);
    if (!a->opt.virtual_clock)
        return;
    if (pause && a->play.vend < PLAYER_NEVER) {
        a->play.vleft = a->play.vend - t;
        a->play.vend = PLAYER_NEVER;
    } else if (!pause && a->play.vleft > 0) {
        a->play.vend = t + a->play.vleft;
        a->play.vleft = 0;
    }
}

static void on_story_start(App *a, int k, double t)
{
    const Story *st = a->play.player.stories[k];
    trace_event(&a->trace, t, "story-start", "folder=%s", st->name);
    if (!a->snd.open) /* closed in the dark of an earlier night */
        snd_open(&a->snd, app_volume(a), a->opt.virtual_clock, &a->diags);
    /* The last story's lullaby stops, even when this story has none. */
    int had_music = snd_music_playing(&a->snd);
    char shown[1100]; /* the music's own name in its messages, as the checker's */
    snprintf(shown, sizeof shown, "%s/%s", st->name, st->music ? st->music : "");
    const char *lullaby = story_named_there(st, st->music, "music", 0, st->music_line, &a->diags)
                        ? st->music : NULL;
    int music = snd_music(&a->snd, st->folder, lullaby, st->music_volume, shown, &a->diags);
    if (had_music && music != SND_MUSIC_SAME)
        trace_event(&a->trace, t, "music-stop", NULL);
    if (music != SND_MUSIC_NONE) /* the same lullaby as the last story's plays on */
        trace_event(&a->trace, t, "music", "file=%s%s", st->music,
                    music == SND_MUSIC_SAME ? " carried=yes" : "");
}

static void on_event(App *a, const PlayerEvent *e)
{
    char n[32];
    double t = e->time;
    app_scene_name(e->a, n, sizeof n);
    switch (e->kind) {
    case PEV_STORY_START: on_story_start(a, e->a, t); break;
    case PEV_TRANSITION_START:
        a->play.vend = PLAYER_NEVER;
        a->play.vleft = 0;
        snd_stop_narration(&a->snd, 400);
        app_readalong_stop(a);
        app_prepare_page(a, e->b);
        motion_begin(a, e->b);
        app_scene_name(e->b, n, sizeof n);
        trace_event(&a->trace, t, "transition-start", "to=%s", n);
        break;
    case PEV_TRANSITION_END: trace_event(&a->trace, t, "transition-end", NULL); break;
    case PEV_PAGE:
        trace_event(&a->trace, t, "page", "n=%s", n);
        hotspot_reset(&a->play.hot, e->a);
        motion_begin(a, e->a);
        if (a->play.motion[0].t0 >= PLAYER_NEVER)
            a->play.motion[0].t0 = t;
        break;
    case PEV_WANT_NARRATION: start_narration(a, e->a, t); break;
    case PEV_NARRATION_END:
        a->play.vend = PLAYER_NEVER;
        trace_event(&a->trace, t, "narration-end", "n=%s", n);
        trace_music_level(a, t, 0);
        break;
    case PEV_PREPARE:
        app_prepare_page(a, e->a);
        if (gfx_pages_held(&a->gfx) > a->max_pages_held)
            a->max_pages_held = gfx_pages_held(&a->gfx);
        break;
    case PEV_RELEASE: gfx_release(&a->gfx, e->a); break;
    case PEV_REASSURANCE:
        trace_event(&a->trace, t, "reassurance", NULL);
        snd_music_closing(&a->snd);
        break;
    case PEV_DIM_START:
        trace_event(&a->trace, t, "dim-start", "seconds=%.1f", e->x);
        snd_fade_all(&a->snd, e->x);
        break;
    case PEV_DARK: app_go_dark(a, t); break;
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
    while (player_next_event(&a->play.player, &e))
        on_event(a, &e);
    app_flush_diags(a);
}

static void trace_turn(App *a, double t, int dir)
{
    trace_event(&a->trace, t, "turn", "dir=%s", dir > 0 ? "next" : "back");
}

/* Where the page's picture and the replay mark are on screen. The picture's
 * place is known once the page is composed (it was kept for its hotspots);
 * until then no hotspot can be hit. */
static HotspotView page_view(App *a, SceneId scene)
{
    LayoutRect mark = layout_replay_mark(a->gfx.w, a->gfx.h);
    HotspotView v = { a->gfx.w, a->gfx.h, { 0, 0, 0, 0 }, { mark.x, mark.y, mark.w, mark.h } };
    const ComposeImage *pic = NULL;
    if (gfx_page_picture(&a->gfx, scene, &pic) == 1 && pic)   /* centred, at its letterbox size */
        v.picture = (HotspotBox){ (a->gfx.w - pic->w) / 2, (a->gfx.h - pic->h) / 2, pic->w,
                                  pic->h };
    return v;
}

/* A hotspot answers: its sound, softly, over no other tap sound. */
static void hotspot_sound(App *a, const StoryPage *pg, const PageTap *tap, double t)
{
    const Story *st = player_story(&a->play.player, a->play.player.current);
    const char *sound = pg->taps[tap->hotspot].sound;
    char display[USERDATA_PATH + 80], n[32];
    snprintf(display, sizeof display, "%s/%s", st ? st->name : "", sound);
    double seconds = st && story_named_there(st, sound, "tap", pg->number,
                                             pg->taps[tap->hotspot].line, &a->diags)
                   ? snd_tap(&a->snd, st->folder, sound, tap->level, display, &a->diags)
                        : -1;
    hotspot_sound_started(&a->play.hot, tap->hotspot, t, seconds);
    app_scene_name(a->play.player.current, n, sizeof n);
    if (seconds > 0)
        trace_event(&a->trace, t, "hotspot", "page=%s sound=%s level=%.2f gain=%.1f", n, sound,
                    tap->level, snd_gain_db(&a->snd));
}

/* Is the story on screen written right to left (story.ini's language)? Its
 * next page lies on the left: edge taps, swipes and arrow keys mirror. */
static int book_rtl(const Player *p)
{
    const Story *st = player_story(p, p->current);
    return st && lang_is_rtl(st->language);
}

/* What a tap means on a page is hotspot.c's to say (a hotspot first: it
 * never turns the page); this acts on it. */
static void page_tap(App *a, const InputEvent *e)
{
    Player *p = &a->play.player;
    const StoryPage *pg = player_page(p, p->current);
    HotspotView view = page_view(a, p->current);
    PageTap tap = hotspot_page_tap(&a->play.hot, pg, &view, e->x, e->y, e->time,
                                   p->narrating && !p->paused);
    switch (tap.kind) {
    case PAGE_TAP_HOTSPOT:
        if (tap.sound)
            hotspot_sound(a, pg, &tap, e->time);
        break;
    case PAGE_TAP_REPLAY:
        if (player_replay(p, e->time))
            trace_event(&a->trace, e->time, "replay", NULL);
        break;
    case PAGE_TAP_BACK:
    case PAGE_TAP_NEXT: {
        /* hotspot.c names the edges as in a left-to-right book. */
        int dir = input_side_dir(tap.kind == PAGE_TAP_BACK ? -1 : +1, book_rtl(p));
        if (player_turn(p, dir, e->time))
            trace_turn(a, e->time, dir);
        break;
    }
    case PAGE_TAP_PAUSE:
        player_toggle_pause(p, e->time);
        break;
    }
}

static void play_input(App *a, const InputEvent *e)
{
    Player *p = &a->play.player;
    int dir = 0;
    if (app_gate_summon(a, e))
        return;
    if (p->phase == PHASE_DARK && a->has_shelf) {
        if (e->kind == IN_TAP || e->kind == IN_KEY || e->kind == IN_SWIPE)
            app_wake_night(a, e->time); /* dim, slowly: it is night */
        return;
    }
    if (e->kind == IN_TAP && p->phase == PHASE_PAGE) {
        page_tap(a, e);
        return;
    }
    dir = input_turn_dir(e, book_rtl(p)); /* the finger pulls the next page in */
    if (dir == 0 && (input_key_is(e, "Space") || input_key_is(e, "Return")))
        player_toggle_pause(p, e->time);
    else if (input_key_is(e, "R") && player_replay(p, e->time))
        trace_event(&a->trace, e->time, "replay", NULL);
    if (dir && player_turn(p, dir, e->time))
        trace_turn(a, e->time, dir);
}

void app_play(App *a, const Story *const *list, int n, double now)
{
    PlayerConfig cfg;
    app_screen_leave(a, now);
    player_config_defaults(&cfg);
    cfg.dim_seconds = a->opt.dim_seconds >= 0 ? a->opt.dim_seconds : a->settings.dim_seconds;
    cfg.warm = a->settings.night_light;
    if (a->play.player.cfg.fps > 0 && a->play.player.cfg.fps < PLAYER_FPS)
        cfg.fps = a->play.player.cfg.fps; /* a slow machine stays slow */
    if (a->opt.snapshot_path) /* for the rest of the run: one night's pictures alike */
        a->play.untinted = 1;
    app_screen_enter(a, &screen_play, now);
    for (int i = 0; i < 2; i++) { /* no page moving yet */
        memset(&a->play.motion[i], 0, sizeof a->play.motion[i]);
        a->play.motion[i].scene = SCENE_NONE;
        a->play.motion[i].left = -1;
    }
    player_begin(&a->play.player, list, n, &cfg, now);
}

/* The player begins in app_play, which has the night's list. */
static void play_enter(App *a, double now)
{
}

static void play_step(App *a, double now)
{
    Player *p = &a->play.player;
    player_update(p, now);
    drain_player(a);
    /* The menu came up during a page turn: the page it lands on waits for
     * the parent, as one shown when the menu came up does. */
    if (a->play.menu_pause_due && a->overlay && player_hold(p, 1, now)) {
        a->play.menu_pause_due = 0;
        a->play.menu_paused = 1;
        drain_player(a);
    }
}

/* Is a page paused on screen now (the parents' menu is not over it)? */
static int page_paused(const App *a)
{
    return !a->overlay && a->play.player.phase == PHASE_PAGE && a->play.player.paused;
}

static double play_next_change(App *a, double t)
{
    double next = player_next_change(&a->play.player, t);
    if (page_paused(a)) /* the paused sign's fade in, then nothing */
        next = fmin(next, player_fade_next(a->play.player.paused_at, PAUSE_SIGN_FADE, t));
    if (a->play.player.phase == PHASE_PAGE && a->play.hot.scene == a->play.player.current)
        next = fmin(next, hotspot_next_frame(&a->play.hot, t)); /* a wiggle's frames */
    return fmin(fmin(next, motion_next(a, t)), layer_next(a, t));
}

static PlayerPhase play_phase(const App *a)
{
    return a->play.player.phase;
}

/* The page and, while it is paused, the paused sign's alpha at t: it fades
 * in on the 30 fps grid, gone the moment the page goes on (the narration's
 * own fade carries the resume). */
static int play_scene(App *a, double t, PlayerScene *s)
{
    player_scene(&a->play.player, t, s);
    player_scene_brightness(s, app_brightness(a));
    night_tint(a, s, t);
    for (int i = 0; i < s->nlayers; i++)
        if (scene_is_page(s->layer[i].scene)) {
            int v = motion_part(a, s->layer[i].scene, t);
            const AppMotion *m = motion_of(a, s->layer[i].scene);
            layer_part(a, s->layer[i].scene, t);
            wiggle_part(a, s->layer[i].scene, t);
            s->layer[i].version = m && (m->lshown || m->whot || m->wscale) ? m->version : v;
        }
    if (!page_paused(a))
        return 0;
    return (int)lround(255.0 * player_fade_progress(a->play.player.paused_at, PAUSE_SIGN_FADE, t));
}

/* The pages shown, composed again if they were lost (a resize, a device
 * reset), and the read-along's lit word. */
static void play_prepare(App *a, const PlayerScene *s)
{
    for (int i = 0; i < s->nlayers; i++) {
        app_prepare_page(a, s->layer[i].scene);
        if (gfx_pages_held(&a->gfx) > a->max_pages_held)
            a->max_pages_held = gfx_pages_held(&a->gfx);
        if (s->layer[i].scene == a->play.ra.scene)
            app_readalong_draw(a, s->layer[i].scene, s->layer[i].cue);
        const AppMotion *m = motion_of(a, s->layer[i].scene);
        if (m && m->w > 0)
            gfx_motion(&a->gfx, m->scene, m->x, m->y, m->w, m->h);
        AppMotion *lm = motion_of(a, s->layer[i].scene);
        if (lm && lm->lshown)
            lm->lheld = gfx_layers(&a->gfx, lm->scene, lm->llook, GFX_LAYERS);
        if (lm)
            wiggle_draw(a, lm);
    }
}

static void play_sound_end(App *a, SceneId scene, double now)
{
    if (!a->opt.virtual_clock) /* the virtual clock knows when it ends (play_virtual_due) */
        player_narration_ended(&a->play.player, scene, now);
}

/* Virtual clock: the narration ends before the next change; time jumps to
 * its end instead. */
static int play_virtual_due(App *a, double next)
{
    if (a->play.vend >= next)
        return 0;
    a->now = a->play.vend;
    a->play.vend = PLAYER_NEVER;
    player_narration_ended(&a->play.player, a->play.vscene, a->now);
    return 1;
}

/* The story a parent would record from here: the one playing. */
static const Story *play_story(const App *a)
{
    const Player *p = &a->play.player;
    int k = scene_is_page(p->current) ? scene_story(p->current) : 0;
    return k < p->nstories && p->stories[k] && p->stories[k]->npages ? p->stories[k] : NULL;
}

/* The parents' menu holds the night: a page being read or the closing words
 * pause, the dimming stops at its level (never the dark, the panel off, under
 * a parent's hand). Closed, it goes on, only if it was the menu that held it.
 * Summoned during a turn or before a narration is answered, the hold waits
 * for what comes next (play_step). */
static void play_cover(App *a, int covered, double now)
{
    Player *p = &a->play.player;
    if (covered) {
        a->play.menu_paused = player_hold(p, 1, now);
        a->play.menu_pause_due = !a->play.menu_paused && !p->paused &&
                                 p->phase >= PHASE_PAGE && p->phase <= PHASE_DIM;
        return;
    }
    if (a->play.menu_paused && p->paused)
        player_hold(p, 0, now);
    a->play.menu_paused = 0;
    a->play.menu_pause_due = 0;
}

const Screen screen_play = {
    .name = "play",
    .enter = play_enter,
    .input = play_input,
    .step = play_step,
    .next_change = play_next_change,
    .phase = play_phase,
    .scene = play_scene,
    .prepare = play_prepare,
    .sound_end = play_sound_end,
    .virtual_due = play_virtual_due,
    .story = play_story,
    .cover = play_cover,
    .back_label = N_("Back to the story"),
};
