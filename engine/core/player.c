/* player — the story night as a pure state machine (see player.h).
 *
 * Every phase keeps one deadline, turn_at, and everything else is derived
 * from the time: a transition's frame is the 30 Hz grid step since it began,
 * the dimming's brightness is a function of the time since it began. That is
 * what makes the frame counts of a night the same under the real and the
 * virtual clock: the loop asks player_next_change() when to come back, and
 * both clocks come back at exactly those times. */
#include "player.h"

#include <math.h>
#include <string.h>

/* Grace after a narration's known length before the page turns anyway: if the
 * mixer's "finished" event never arrives (a broken device), bedtime goes on. */
#define NARRATION_GRACE 5.0

static double dim_black_at(const Player *p);

/* The animation budget: PLAYER_FPS unless the edge lowered it (a machine too
 * slow to keep it, where the audio thread must keep its share of the CPU). */
static double fps_of(const Player *p)
{
    return p->cfg.fps > 0 ? p->cfg.fps : PLAYER_FPS;
}

static const char *const phase_names[PHASE_COUNT] = {
    "shelf", "page", "transition", "reassurance", "dim", "dark"
};

const char *player_phase_name(PlayerPhase ph)
{
    return (ph >= 0 && ph < PHASE_COUNT) ? phase_names[ph] : "?";
}

void player_config_defaults(PlayerConfig *c)
{
    c->dim_seconds = PLAYER_DEFAULT_DIM;
    c->reassure_hold = PLAYER_REASSURE_HOLD;
    c->reassure_read = STORY_READ_MIN + 2.0;
    c->warm = 1;
    c->fps = PLAYER_FPS;
}

static void emit(Player *p, PlayerEventKind kind, int a, int b, double x, double now)
{
    if (p->nev >= PLAYER_MAX_EVENTS)
        return; /* cannot happen with the few events a step queues */
    int slot = (p->evhead + p->nev) % PLAYER_MAX_EVENTS;
    p->ev[slot] = (PlayerEvent){ kind, a, b, x, now };
    p->nev++;
}

int player_next_event(Player *p, PlayerEvent *out)
{
    if (p->nev == 0)
        return 0;
    *out = p->ev[p->evhead];
    p->evhead = (p->evhead + 1) % PLAYER_MAX_EVENTS;
    p->nev--;
    return 1;
}

const Story *player_story(const Player *p, int scene)
{
    if (scene < 0)
        return NULL;
    int k = PLAYER_SCENE_STORY(scene);
    return k < p->nstories ? p->stories[k] : NULL;
}

const StoryPage *player_page(const Player *p, int scene)
{
    const Story *st = player_story(p, scene);
    int page = scene >= 0 ? PLAYER_SCENE_PAGE(scene) : -1;
    return st && page < st->npages ? &st->pages[page] : NULL;
}

/* The first page of story k or after it that has pages; the reassurance when
 * none is left. */
static int first_page_from(const Player *p, int k)
{
    for (; k < p->nstories; k++)
        if (p->stories[k] && p->stories[k]->npages > 0)
            return PLAYER_SCENE(k, 0);
    return SCENE_REASSURANCE;
}

/* The scene after s: the next page, the next story, the reassurance. */
static int scene_after(const Player *p, int s)
{
    if (s == SCENE_NONE)
        return first_page_from(p, 0);
    if (s < 0)
        return SCENE_REASSURANCE;
    const Story *st = player_story(p, s);
    if (st && PLAYER_SCENE_PAGE(s) + 1 < st->npages)
        return PLAYER_SCENE(PLAYER_SCENE_STORY(s), PLAYER_SCENE_PAGE(s) + 1);
    return first_page_from(p, PLAYER_SCENE_STORY(s) + 1);
}

static void start_transition(Player *p, int from, int to, double now)
{
    p->phase = PHASE_TRANSITION;
    p->from = from;
    p->to = to;
    p->tstart = now;
    p->narrating = 0;
    if (from == SCENE_NONE) {
        p->tkind = TRANSITION_CROSSFADE;
        p->tlen = PLAYER_FADE_IN;
    } else {
        const Story *st = player_story(p, from >= 0 ? from : to);
        p->tkind = st ? st->transition : TRANSITION_CROSSFADE;
        p->tlen = !st ? STORY_DEFAULT_TRANSITION : st->transition_time;
        if (p->tkind == TRANSITION_NONE)
            p->tkind = TRANSITION_CROSSFADE, p->tlen = PLAYER_MIN_TURN;
        else if (p->tlen < PLAYER_MIN_TURN)
            p->tlen = PLAYER_MIN_TURN;
    }
    p->turn_at = now + p->tlen;
    p->paused = 0;
    p->cues.n = 0;
    if (to >= 0 && PLAYER_SCENE_PAGE(to) == 0 &&
        (from < 0 || PLAYER_SCENE_STORY(from) != PLAYER_SCENE_STORY(to)))
        emit(p, PEV_STORY_START, PLAYER_SCENE_STORY(to), 0, 0, now);
    emit(p, PEV_PREPARE, to, 0, 0, now);
    emit(p, PEV_TRANSITION_START, from, to, p->tlen, now);
}

/* A scene is fully on screen: ask for its narration; its deadline waits for the
 * answer (player_narration_started/_missing). */
static void show_scene(Player *p, int scene, double now)
{
    p->current = scene;
    p->shown_at = now;
    p->narrating = 0;
    p->narration_known = 0;
    p->turn_at = PLAYER_NEVER;
    if (scene == SCENE_REASSURANCE) {
        p->phase = PHASE_REASSURANCE;
        emit(p, PEV_REASSURANCE, 0, 0, 0, now);
    } else {
        p->phase = PHASE_PAGE;
        emit(p, PEV_PAGE, scene, 0, 0, now);
    }
    emit(p, PEV_WANT_NARRATION, scene, 0, 0, now);
    if (scene != SCENE_REASSURANCE)
        emit(p, PEV_PREPARE, scene_after(p, scene), 0, 0, now);
}

void player_begin(Player *p, const Story *const *stories, int n, const PlayerConfig *cfg,
                  double now)
{
    memset(p, 0, sizeof *p);
    if (n > PLAYER_MAX_STORIES)
        n = PLAYER_MAX_STORIES;
    for (int i = 0; i < n; i++)
        p->stories[i] = stories[i];
    p->nstories = n;
    if (cfg)
        p->cfg = *cfg;
    else
        player_config_defaults(&p->cfg);
    p->current = SCENE_NONE;
    p->cue_scene = SCENE_NONE;
    start_transition(p, SCENE_NONE, scene_after(p, SCENE_NONE), now);
}

static double hold_after_narration(const Player *p, int scene)
{
    const StoryPage *pg = player_page(p, scene);
    if (!pg)
        return p->cfg.reassure_hold;
    return story_page_hold(player_story(p, scene), pg);
}

void player_narration_started(Player *p, int scene, double now, double seconds)
{
    if (scene != p->current || p->narration_known)
        return;
    p->narration_known = 1;
    p->narrating = 1;
    p->narration_t0 = now;
    p->pause_total = 0;
    p->turn_at = seconds > 0 ? now + seconds + hold_after_narration(p, scene) + NARRATION_GRACE
                             : PLAYER_NEVER;
}

void player_narration_missing(Player *p, int scene, double now)
{
    if (scene != p->current || p->narration_known)
        return;
    p->narration_known = 1;
    p->narrating = 0;
    p->pause_total = 0; /* the pauses of this page only, as with a narration */
    const StoryPage *pg = player_page(p, scene);
    double hold = pg ? pg->read_hold : p->cfg.reassure_read;
    p->turn_at = fmax(p->shown_at + hold, now);
}

void player_narration_ended(Player *p, int scene, double now)
{
    if (scene != p->current || !p->narrating)
        return;
    p->narrating = 0;
    emit(p, PEV_NARRATION_END, scene, 0, 0, now);
    p->turn_at = now + hold_after_narration(p, scene);
    if (p->paused) { /* ended as it was paused: the hold waits for the resume */
        p->remaining = p->turn_at - now;
        p->turn_at = p->paused_at + PLAYER_PAUSE_LIMIT;
    }
}

int player_turn(Player *p, int dir, double now)
{
    if (p->phase != PHASE_PAGE || now - p->shown_at < PLAYER_TURN_SETTLE - 1e-9)
        return 0;
    int to;
    if (dir > 0) {
        to = scene_after(p, p->current);
    } else {
        if (PLAYER_SCENE_PAGE(p->current) == 0)
            return 0;
        to = PLAYER_SCENE(PLAYER_SCENE_STORY(p->current), PLAYER_SCENE_PAGE(p->current) - 1);
    }
    if (p->narrating)
        emit(p, PEV_NARRATION_END, p->current, 0, 0, now);
    start_transition(p, p->current, to, now);
    return 1;
}

/* Pause what shows (a page, the closing words, the dimming): its narration,
 * its countdown and, while dimming, its level. Untouched for
 * PLAYER_PAUSE_LIMIT, step() goes on by itself. */
static void pause_at(Player *p, double now)
{
    p->paused = 1;
    p->paused_at = now;
    p->remaining = p->turn_at >= PLAYER_NEVER ? PLAYER_NEVER : p->turn_at - now;
    p->turn_at = now + PLAYER_PAUSE_LIMIT;
    emit(p, PEV_PAUSE, p->current, 0, 0, now);
}

/* Go on from where pause_at stopped: the time paused is left out of the
 * narration's position and of the dimming, which picks up at its level. */
static void resume_at(Player *p, double now, PlayerEventKind kind)
{
    p->paused = 0;
    p->pause_total += now - p->paused_at;
    if (p->phase == PHASE_DIM)
        p->dim_start += now - p->paused_at;
    p->turn_at = p->remaining >= PLAYER_NEVER ? PLAYER_NEVER : now + p->remaining;
    emit(p, kind, p->current, 0, 0, now);
}

int player_toggle_pause(Player *p, double now)
{
    if (p->phase != PHASE_PAGE || !p->narration_known)
        return 0;
    if (!p->paused)
        pause_at(p, now);
    else
        resume_at(p, now, PEV_RESUME);
    return 1;
}

int player_hold(Player *p, int on, double now)
{
    if (!on == !p->paused)
        return 0; /* already as asked (a page the child paused stays paused) */
    if (p->phase != PHASE_DIM &&
        !((p->phase == PHASE_PAGE || p->phase == PHASE_REASSURANCE) && p->narration_known))
        return 0;
    if (on)
        pause_at(p, now);
    else
        resume_at(p, now, PEV_RESUME);
    return 1;
}

int player_replay(Player *p, double now)
{
    if (p->phase != PHASE_PAGE || !p->narration_known)
        return 0;
    if (p->narrating)
        emit(p, PEV_NARRATION_END, p->current, 0, 0, now);
    p->narrating = 0;
    p->narration_known = 0;
    p->paused = 0;
    p->cues.n = 0;
    p->shown_at = now;
    p->turn_at = PLAYER_NEVER;
    emit(p, PEV_WANT_NARRATION, p->current, 0, 0, now);
    return 1;
}

void player_set_cues(Player *p, int scene, const PlayerCues *cues)
{
    if (scene != p->current)
        return;
    p->cues = *cues;
    p->cue_scene = scene;
}

/* Seconds into the narration at now (frozen while paused). */
static double narration_pos(const Player *p, double now)
{
    double t = p->paused ? p->paused_at : now;
    return t - p->narration_t0 - p->pause_total;
}

/* Where cue i's highlight really ends: a short pause before the next cue
 * (a breath between words) keeps the word lit, so the highlight glides from
 * word to word instead of blinking off and on; it costs a frame less too. */
static double cue_end(const Player *p, int i)
{
    if (i + 1 < p->cues.n && p->cues.start[i + 1] - p->cues.end[i] < PLAYER_CUE_BRIDGE &&
        p->cues.start[i + 1] >= p->cues.end[i])
        return p->cues.start[i + 1];
    return p->cues.end[i];
}

/* The cue being spoken, or -1. */
static int current_cue(const Player *p, double now)
{
    if (!p->narrating || p->cues.n <= 0 || p->cue_scene != p->current)
        return -1;
    double pos = narration_pos(p, now);
    for (int i = p->cues.n - 1; i >= 0; i--)
        if (pos >= p->cues.start[i] - 1e-9)
            return pos < cue_end(p, i) - 1e-9 ? i : -1;
    return -1;
}

/* The next cue boundary after now, on the caller's clock. */
static double next_cue_change(const Player *p, double now)
{
    if (!p->narrating || p->paused || p->cues.n <= 0 || p->cue_scene != p->current)
        return PLAYER_NEVER;
    double pos = narration_pos(p, now), best = PLAYER_NEVER;
    for (int i = 0; i < p->cues.n; i++) {
        if (p->cues.start[i] > pos + 1e-9 && p->cues.start[i] < best)
            best = p->cues.start[i];
        if (cue_end(p, i) > pos + 1e-9 && cue_end(p, i) < best)
            best = cue_end(p, i);
    }
    return best >= PLAYER_NEVER ? best : p->narration_t0 + p->pause_total + best;
}

static void start_dim(Player *p, double now)
{
    p->phase = PHASE_DIM;
    p->dim_start = now;
    p->turn_at = now + p->cfg.dim_seconds;
    emit(p, PEV_DIM_START, 0, 0, p->cfg.dim_seconds, now);
}

/* One deadline passed: move to what comes next. */
static void step(Player *p, double now)
{
    double at = p->turn_at;
    switch (p->phase) {
    case PHASE_TRANSITION:
        emit(p, PEV_TRANSITION_END, p->from, p->to, 0, at);
        if (p->from != SCENE_NONE)
            emit(p, PEV_RELEASE, p->from, 0, 0, at);
        show_scene(p, p->to, at);
        break;
    case PHASE_PAGE:
    case PHASE_REASSURANCE:
        if (p->narrating) /* the finished event never came: go on regardless */
            emit(p, PEV_NARRATION_END, p->current, 0, 0, at);
        if (p->paused) { /* nobody came back: the night ends, with its reassurance */
            p->paused = 0;
            p->narrating = 0;
            emit(p, PEV_PAUSE_TIMEOUT, p->current, 0, 0, at);
            if (p->phase == PHASE_REASSURANCE)
                start_dim(p, at);
            else
                start_transition(p, p->current, SCENE_REASSURANCE, at);
            break;
        }
        if (p->phase == PHASE_REASSURANCE)
            start_dim(p, at);
        else
            start_transition(p, p->current, scene_after(p, p->current), at);
        break;
    case PHASE_DIM:
        if (p->paused) { /* held too long: the dimming goes on to the dark */
            resume_at(p, at, PEV_PAUSE_TIMEOUT);
            break;
        }
        p->phase = PHASE_DARK;
        p->turn_at = PLAYER_NEVER;
        emit(p, PEV_DARK, 0, 0, 0, at);
        break;
    default:
        p->turn_at = PLAYER_NEVER;
        break;
    }
    (void)now;
}

void player_update(Player *p, double now)
{
    /* Deadlines are processed at their own time, not at now, so a late wake-up
     * (a slow machine, a jump of the virtual clock) keeps the schedule. A page
     * whose narration answer is pending has turn_at = NEVER and stops the loop. */
    for (int guard = 0; guard < 4096 && p->turn_at <= now; guard++)
        step(p, now);
}

/* Smooth start and end of a fade: nothing on screen begins or stops abruptly. */
static double ease(double t)
{
    if (t <= 0)
        return 0;
    if (t >= 1)
        return 1;
    return t * t * (3 - 2 * t);
}

/* The transition's progress on the 30 Hz frame grid. */
static double transition_progress(const Player *p, double now)
{
    if (p->tlen <= 0)
        return 1;
    double frames = floor((now - p->tstart) * fps_of(p) + 1e-9);
    double total = p->tlen * fps_of(p);
    return frames >= total ? 1.0 : frames / total;
}

static uint8_t to_byte(double v)
{
    if (v <= 0)
        return 0;
    if (v >= 1)
        return 255;
    return (uint8_t)lround(v * 255.0);
}

static void set_layer(PlayerLayer *l, int scene, double alpha, double bright)
{
    l->scene = scene;
    l->cue = -1;
    l->version = 0;
    l->alpha = to_byte(alpha);
    l->r = l->g = l->b = to_byte(bright);
}

static void transition_scene(const Player *p, double now, PlayerScene *out)
{
    double t = ease(transition_progress(p, now));
    if (p->tkind == TRANSITION_FADE_BLACK) {
        out->nlayers = 1;
        if (t < 0.5)
            set_layer(&out->layer[0], p->from, 1, 1 - 2 * t);
        else
            set_layer(&out->layer[0], p->to, 1, 2 * t - 1);
        return;
    }
    if (p->from == SCENE_NONE) {
        out->nlayers = 1;
        set_layer(&out->layer[0], p->to, 1, t);
        return;
    }
    out->nlayers = 2;
    set_layer(&out->layer[0], p->from, 1, 1);
    set_layer(&out->layer[1], p->to, t, 1);
}

void player_scene(const Player *p, double now, PlayerScene *out)
{
    memset(out, 0, sizeof *out);
    out->layer[0].scene = out->layer[1].scene = SCENE_NONE;
    out->layer[0].cue = out->layer[1].cue = -1;
    switch (p->phase) {
    case PHASE_TRANSITION:
        transition_scene(p, now, out);
        break;
    case PHASE_PAGE:
    case PHASE_REASSURANCE:
        out->nlayers = 1;
        set_layer(&out->layer[0], p->current, 1, 1);
        out->layer[0].cue = current_cue(p, now);
        break;
    case PHASE_DIM: {
        double t = p->paused ? p->paused_at : now; /* held at its level */
        double u = p->cfg.dim_seconds > 0 ? (t - p->dim_start) / p->cfg.dim_seconds : 1;
        int level = t >= dim_black_at(p) - 1e-9 ? 0 : player_dim_level(u);
        out->nlayers = 1;
        set_layer(&out->layer[0], p->current, 1, 1);
        player_dim_colour(level, p->cfg.warm, &out->layer[0].r, &out->layer[0].g,
                          &out->layer[0].b);
        break;
    }
    default:
        out->nlayers = 0; /* dark, shelf not drawn by the player */
        break;
    }
    /* A layer that is fully black or transparent draws nothing: drop it, so
     * "black" compares equal however it was reached. */
    int n = 0;
    for (int i = 0; i < out->nlayers; i++) {
        PlayerLayer l = out->layer[i];
        if (l.scene == SCENE_NONE || l.alpha == 0 || (l.r | l.g | l.b) == 0)
            continue;
        out->layer[n++] = l;
    }
    for (int i = n; i < 2; i++)
        out->layer[i] = (PlayerLayer){ SCENE_NONE, 0, 0, 0, 0, -1, 0 };
    out->nlayers = n;
}

void player_scene_single(PlayerScene *s, int scene, uint8_t bright, int version)
{
    memset(s, 0, sizeof *s);
    s->layer[0].cue = s->layer[1].cue = -1;
    s->layer[1].scene = SCENE_NONE;
    s->layer[0].scene = bright ? scene : SCENE_NONE; /* black: nothing to draw */
    if (bright == 0)
        return;
    s->nlayers = 1;
    s->layer[0].alpha = 255;
    s->layer[0].r = s->layer[0].g = s->layer[0].b = bright;
    s->layer[0].version = version;
}

uint8_t player_brightness_scale(uint8_t v, double brightness)
{
    if (brightness >= 1.0)
        return v;
    if (brightness <= 0.0)
        return 0;
    return (uint8_t)(v * brightness + 0.5);
}

void player_scene_brightness(PlayerScene *s, double brightness)
{
    for (int i = 0; i < s->nlayers && i < 2; i++) {
        PlayerLayer *l = &s->layer[i];
        l->r = player_brightness_scale(l->r, brightness);
        l->g = player_brightness_scale(l->g, brightness);
        l->b = player_brightness_scale(l->b, brightness);
    }
}

int player_scene_equal(const PlayerScene *a, const PlayerScene *b)
{
    if (a->nlayers != b->nlayers)
        return 0;
    for (int i = 0; i < a->nlayers; i++) {
        const PlayerLayer *x = &a->layer[i], *y = &b->layer[i];
        if (x->scene != y->scene || x->alpha != y->alpha || x->r != y->r ||
            x->g != y->g || x->b != y->b || x->cue != y->cue || x->version != y->version)
            return 0;
    }
    return 1;
}

/* sRGB encoding of a linear luminance in [0,1]. */
static double srgb_encode(double y)
{
    return y <= 0.0031308 ? 12.92 * y : 1.055 * pow(y, 1 / 2.4) - 0.055;
}

/* CIE 1976 lightness L* (0..100) to relative luminance. */
static double lightness_to_luminance(double L)
{
    double f = (L + 16.0) / 116.0;
    return L > 8.0 ? f * f * f : L / 903.3;
}

/* The dimming is cut into PLAYER_DIM_LEVELS + 1 equal spans of time: the
 * first at full brightness, the last already black, so the black frame is
 * drawn while dimming and the dark itself never needs one. */
static int dim_step(double u)
{
    int k = (int)floor(u * (PLAYER_DIM_LEVELS + 1) + 1e-9);
    return k < 0 ? 0 : k > PLAYER_DIM_LEVELS ? PLAYER_DIM_LEVELS : k;
}

int player_dim_level(double u)
{
    if (u <= 0)
        return 255;
    if (u >= 1)
        return 0;
    int k = dim_step(u);
    double L = 100.0 * (1.0 - (double)k / PLAYER_DIM_LEVELS);
    return (int)lround(255.0 * srgb_encode(lightness_to_luminance(L)));
}

void player_dim_colour(int level, int warm, uint8_t *r, uint8_t *g, uint8_t *b)
{
    /* A night light is warm: as the screen dims, blue falls faster than red,
     * a function of the level alone so it costs no extra frame. */
    double w = warm ? (255 - level) / 255.0 : 0;
    *r = (uint8_t)level;
    *g = (uint8_t)lround(level * (1.0 - 0.12 * w));
    *b = (uint8_t)lround(level * (1.0 - 0.35 * w));
}

/* When the dimming reaches black: its last step, and at the latest one frame
 * before the dark (a very short dimming), so the dark never draws a frame. */
static double dim_black_at(const Player *p)
{
    double D = p->cfg.dim_seconds;
    double last = p->dim_start + D * PLAYER_DIM_LEVELS / (PLAYER_DIM_LEVELS + 1);
    double frame_before = p->dim_start + D - 1.0 / fps_of(p);
    double t = fmin(last, frame_before);
    return t > p->dim_start ? t : p->dim_start;
}

/* The first time after now at which the dim level differs from now's. */
static double next_dim_change(const Player *p, double now)
{
    double D = p->cfg.dim_seconds;
    if (D <= 0 || p->paused) /* held: nothing changes till it goes on */
        return p->turn_at;
    if (now >= dim_black_at(p) - 1e-9)
        return p->turn_at;
    double u = (now - p->dim_start) / D;
    int level = player_dim_level(u);
    /* Never faster than the animation budget, however short the dimming. */
    double grid = p->dim_start +
                  (floor((now - p->dim_start) * fps_of(p) + 1e-9) + 1) / fps_of(p);
    for (int j = dim_step(u) + 1; j <= PLAYER_DIM_LEVELS; j++) {
        double uj = (double)j / (PLAYER_DIM_LEVELS + 1);
        if (player_dim_level(uj) != level)
            return fmin(fmax(p->dim_start + uj * D, grid), dim_black_at(p));
    }
    return dim_black_at(p);
}

double player_next_change(const Player *p, double now)
{
    double next = p->turn_at;
    if (p->phase == PHASE_TRANSITION && p->tlen > 0) {
        double f = floor((now - p->tstart) * fps_of(p) + 1e-9) + 1;
        double frame = p->tstart + f / fps_of(p);
        if (frame < next)
            next = frame;
    } else if (p->phase == PHASE_DIM) {
        double d = next_dim_change(p, now);
        if (d < next)
            next = d;
    } else if (p->phase == PHASE_PAGE) {
        double c = next_cue_change(p, now);
        if (c < next)
            next = c;
    }
    return next;
}

double player_fade_progress(double t0, double len, double now)
{
    if (len <= 0 || now >= t0 + len)
        return 1;
    double f = floor((now - t0) * PLAYER_FPS + 1e-9);
    return f <= 0 ? 0 : ease(f / (len * PLAYER_FPS));
}

double player_fade_next(double t0, double len, double now)
{
    if (len <= 0 || now >= t0 + len)
        return PLAYER_NEVER;
    double next = t0 + (floor((now - t0) * PLAYER_FPS + 1e-9) + 1) / PLAYER_FPS;
    return next < t0 + len ? next : t0 + len;
}
