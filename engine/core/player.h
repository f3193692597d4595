/* player — the story night as a pure state machine, driven by a clock.
 *
 *   Page ⇄ Transition → Reassurance → Dimming → Dark
 *
 * The player never draws or plays anything. It is told the time and what
 * happened (narration started with a length, narration ended, narration
 * missing), and it answers with events to act on and log (player_next_event),
 * what the screen should show now (player_scene), and WHEN the picture next
 * changes (player_next_change) so the main loop can sleep until then. Frames
 * are budgeted here: transitions advance on a 30 Hz grid, the dimming changes
 * only when its quantised level does, a page that waits for its narration asks
 * for no frame at all, and Dark asks for nothing, ever.
 *
 * Times are seconds on the caller's clock (real or virtual). */
#ifndef HUSHABYE_PLAYER_H
#define HUSHABYE_PLAYER_H

#include <stdint.h>
#include "caps.h"
#include "scene.h"
#include "story.h"

#define PLAYER_NEVER          LIMIT_NEVER   /* "no change scheduled" */
#define PLAYER_FPS            30.0    /* the frame budget of any animation */
#define PLAYER_DIM_LEVELS     100     /* steps of CIE lightness in the dimming */
#define PLAYER_DEFAULT_DIM    45.0    /* seconds from reassurance to dark */
#define PLAYER_REASSURE_HOLD  2.5     /* seconds to linger on the reassurance */
#define PLAYER_FADE_IN        1.5     /* the first page fades in from black */
#define PLAYER_MAX_EVENTS     32
#define PLAYER_CUE_BRIDGE     0.35    /* a pause shorter than this keeps a word lit */
#define PLAYER_TURN_SETTLE    0.4     /* a page stays at least this long after a turn */
/* The quickest change of page: `transition = none`, or a transition-time
 * shorter than this, is a crossfade this long, never a cut (a cut from a dark
 * page to a bright one is a flash in a dark room). */
#define PLAYER_MIN_TURN       0.5
#define PLAYER_PAUSE_LIMIT    180.0   /* a pause untouched this long ends the night */

typedef enum {
    PHASE_SHELF, PHASE_PAGE, PHASE_TRANSITION, PHASE_REASSURANCE, PHASE_DIM,
    PHASE_DARK, PHASE_COUNT
} PlayerPhase;

/* Scene ids (scene.h): a page of a story in the night's list, or the
 * reassurance; the player names no other scene. */
#define PLAYER_MAX_STORIES 64
#define PLAYER_SCENE(story, page) scene_page((story), (page))
#define PLAYER_SCENE_STORY(s)     scene_story(s)
#define PLAYER_SCENE_PAGE(s)      scene_page_index(s)

typedef enum {
    PEV_STORY_START,       /* a = story index in the night's list */
    PEV_TRANSITION_START,  /* a = from scene, b = to scene */
    PEV_TRANSITION_END,
    PEV_PAGE,              /* a = page index now on screen */
    PEV_WANT_NARRATION,    /* a = scene: start its narration, then call
                              player_narration_started() or _missing() */
    PEV_NARRATION_END,     /* a = scene */
    PEV_PREPARE,           /* a = scene worth decoding ahead (the next one) */
    PEV_RELEASE,           /* a = scene no longer needed */
    PEV_REASSURANCE,
    PEV_DIM_START,         /* x = seconds the dimming lasts (fade audio with it) */
    PEV_DARK,              /* stop audio, close the device, allow the screen saver */
    PEV_PAUSE,             /* a = scene: pause its narration */
    PEV_RESUME,            /* a = scene: resume it */
    PEV_PAUSE_TIMEOUT      /* a = scene: paused too long; the reassurance comes next */
} PlayerEventKind;

typedef struct {
    PlayerEventKind kind;
    int a, b;
    double x;
    double time;
} PlayerEvent;

/* What to draw: up to two layers, each a composed scene drawn over the night
 * background with an alpha and a colour modulation. */
typedef struct {
    SceneId scene;      /* SCENE_NONE = nothing */
    uint8_t alpha;      /* 255 = opaque */
    uint8_t r, g, b;    /* colour modulation (255 = unchanged) */
    int cue;            /* read-along cue highlighted, -1 = none */
    int version;        /* the edge's content version (the shelf); 0 otherwise */
} PlayerLayer;

typedef struct {
    PlayerLayer layer[2];
    int nlayers;
} PlayerScene;

typedef struct {
    double dim_seconds;       /* PLAYER_DEFAULT_DIM unless set */
    double reassure_hold;     /* PLAYER_REASSURE_HOLD */
    double reassure_read;     /* hold when the reassurance has no voice */
    int warm;                 /* 1 = shift warmer as the dimming goes (night light) */
    double fps;               /* animation frame budget, PLAYER_FPS unless lowered */
} PlayerConfig;

/* Timed words of the scene showing (read-along), in seconds of narration. */
typedef struct {
    const double *start, *end;   /* owned by the caller, valid while shown */
    int n;
} PlayerCues;

typedef struct Player {
    const Story *stories[PLAYER_MAX_STORIES];  /* the night's list, in order */
    int nstories;
    PlayerConfig cfg;
    PlayerPhase phase;
    SceneId current;          /* scene on screen (page index or SCENE_REASSURANCE) */
    SceneId from, to;         /* during a transition */
    StoryTransition tkind;
    double tstart, tlen;      /* transition start and length */
    double shown_at;          /* when the current scene became fully shown */
    int narrating;            /* 1 while narration plays */
    int narration_known;      /* 1 once started/missing was reported */
    double turn_at;           /* when the current scene moves on (PLAYER_NEVER = wait) */
    double dim_start;
    int paused;
    double paused_at, pause_total;  /* narration position = now - t0 - pause_total;
                                       pause_total: this page's pauses so far */
    double remaining;         /* of turn_at while paused */
    double narration_t0;
    PlayerCues cues;
    SceneId cue_scene;
    PlayerEvent ev[PLAYER_MAX_EVENTS];
    int nev, evhead;
} Player;

void player_config_defaults(PlayerConfig *c);

/* Start the night at time now with n stories (1 for a single story; more for
 * --night): the first page fades in from black, the stories follow each other,
 * and one reassurance closes the night. */
void player_begin(Player *p, const Story *const *stories, int n, const PlayerConfig *cfg,
                  double now);
/* The page a scene id names, NULL for the reassurance or none. */
const StoryPage *player_page(const Player *p, SceneId scene);
/* The story a scene belongs to (NULL for the reassurance or none). */
const Story *player_story(const Player *p, SceneId scene);

/* Reading together. A turn (+1 next, -1 previous) while a page shows starts its
 * transition; during a transition, within PLAYER_TURN_SETTLE of a page being
 * shown, or anywhere else, it is ignored, so double taps never skip two pages,
 * whatever the transition (even `none`). Returns 1 if it turned. */
int player_turn(Player *p, int dir, double now);
/* Pause or resume the page: its narration and its countdown. Returns 1 if done.
 * A toddler's tap must not keep a lit screen on all night: a pause untouched
 * for PLAYER_PAUSE_LIMIT goes on to the night's ending by itself
 * (PEV_PAUSE_TIMEOUT, then the reassurance, as every night ends, its dimming
 * and the dark; the pages and stories between are left out). */
int player_toggle_pause(Player *p, double now);
/* The parents' menu holds the night where it is (on = 1) and lets it go on
 * (on = 0): a page or the closing words pause as player_toggle_pause does,
 * and the dimming stops at its level, so the dark (the panel off, the sound
 * closed) never comes under a menu a parent is using. Returns 1 if done: 0
 * when there is nothing to hold yet (a transition, a narration not yet
 * answered) or it is already as asked (a page the child paused). A hold
 * untouched for PLAYER_PAUSE_LIMIT goes on by itself, as a pause does. */
int player_hold(Player *p, int on, double now);
/* Start the page's narration again from the beginning. */
int player_replay(Player *p, double now);
/* Give the read-along cues of the scene showing (after its narration started). */
void player_set_cues(Player *p, SceneId scene, const PlayerCues *cues);

/* Advance to time now: finish transitions, turn pages whose time has come,
 * step the dimming. Queues events. Call before player_scene(). */
void player_update(Player *p, double now);

/* The edge reports on a PEV_WANT_NARRATION: narration of scene started at now
 * and lasts seconds (<= 0 if unknown); or there is none / it failed. */
void player_narration_started(Player *p, SceneId scene, double now, double seconds);
void player_narration_missing(Player *p, SceneId scene, double now);
/* The narration of scene ended (from the mixer's finished event, or the virtual
 * clock). Ignored if scene is not the one narrating. */
void player_narration_ended(Player *p, SceneId scene, double now);

/* Pop the next queued event; 0 when none. */
int player_next_event(Player *p, PlayerEvent *out);

/* The scene to show at now (call after player_update). */
void player_scene(const Player *p, double now, PlayerScene *out);
/* A scene of one opaque layer (the shelf, the parents' panels) at brightness
 * bright, whose content is at version. */
void player_scene_single(PlayerScene *s, SceneId scene, uint8_t bright, int version);
/* The family's brightness setting (0..1) applied to a scene: every layer's
 * colour modulation scaled, so a dim room gets a dim page at no extra frame
 * or pixel pass (the renderer's colour modulation does it). */
void player_scene_brightness(PlayerScene *s, double brightness);
/* One channel of a colour modulation at that brightness (rounded). */
uint8_t player_brightness_scale(uint8_t v, double brightness);
/* Two scenes look the same (no frame needed)? */
int player_scene_equal(const PlayerScene *a, const PlayerScene *b);

/* The time the player next needs player_update(): a frame, a turn, the dark.
 * PLAYER_NEVER when only an outside event (narration end, input) can change
 * anything. Always > now once player_update(now) has run. */
double player_next_change(const Player *p, double now);

const char *player_phase_name(PlayerPhase ph);

/* A fade that starts at t0 and lasts len seconds, stepped on the 30 Hz frame
 * grid and eased: progress 0..1 at now, and the time of its next step
 * (PLAYER_NEVER once complete). For fades outside a story (the shelf). */
double player_fade_progress(double t0, double len, double now);
double player_fade_next(double t0, double len, double now);

/* The dimming's curve: brightness 0..255 (sRGB-encoded pixel scale) at a
 * fraction u in [0,1] of the dimming. Lightness (CIE L*) falls in
 * PLAYER_DIM_LEVELS equal steps, so every step looks the same size. */
int player_dim_level(double u);
/* Colour modulation for a brightness, warmer as it falls when warm is set. */
void player_dim_colour(int level, int warm, uint8_t *r, uint8_t *g, uint8_t *b);

#endif
