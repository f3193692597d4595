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
#include "story.h"

#define PLAYER_NEVER          1e300   /* "no change scheduled" */
#define PLAYER_FPS            30.0    /* the frame budget of any animation */
#define PLAYER_DIM_LEVELS     100     /* steps of CIE lightness in the dimming */
#define PLAYER_DEFAULT_DIM    45.0    /* seconds from reassurance to dark */
#define PLAYER_REASSURE_HOLD  2.5     /* seconds to linger on the reassurance */
#define PLAYER_FADE_IN        1.5     /* the first page fades in from black */
#define PLAYER_MAX_EVENTS     32

typedef enum {
    PHASE_SHELF, PHASE_PAGE, PHASE_TRANSITION, PHASE_REASSURANCE, PHASE_DIM,
    PHASE_DARK, PHASE_COUNT
} PlayerPhase;

/* Scene ids: a page index 0..npages-1, or one of these. */
#define SCENE_NONE        (-1)
#define SCENE_REASSURANCE (-2)

typedef enum {
    PEV_STORY_START,       /* a = story index */
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
    PEV_DARK               /* stop audio, close the device, allow the screen saver */
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
    int scene;          /* SCENE_NONE = nothing */
    uint8_t alpha;      /* 255 = opaque */
    uint8_t r, g, b;    /* colour modulation (255 = unchanged) */
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
} PlayerConfig;

typedef struct Player {
    const Story *story;
    PlayerConfig cfg;
    PlayerPhase phase;
    int current;              /* scene on screen (page index or SCENE_REASSURANCE) */
    int from, to;             /* during a transition */
    StoryTransition tkind;
    double tstart, tlen;      /* transition start and length */
    double shown_at;          /* when the current scene became fully shown */
    int narrating;            /* 1 while narration plays */
    int narration_known;      /* 1 once started/missing was reported */
    double turn_at;           /* when the current scene moves on (PLAYER_NEVER = wait) */
    double dim_start;
    PlayerEvent ev[PLAYER_MAX_EVENTS];
    int nev, evhead;
} Player;

void player_config_defaults(PlayerConfig *c);

/* Start the story at time now: the first page fades in from black. */
void player_begin(Player *p, const Story *story, const PlayerConfig *cfg, double now);

/* Advance to time now: finish transitions, turn pages whose time has come,
 * step the dimming. Queues events. Call before player_scene(). */
void player_update(Player *p, double now);

/* The edge reports on a PEV_WANT_NARRATION: narration of scene started at now
 * and lasts seconds (<= 0 if unknown); or there is none / it failed. */
void player_narration_started(Player *p, int scene, double now, double seconds);
void player_narration_missing(Player *p, int scene, double now);
/* The narration of scene ended (from the mixer's finished event, or the virtual
 * clock). Ignored if scene is not the one narrating. */
void player_narration_ended(Player *p, int scene, double now);

/* Pop the next queued event; 0 when none. */
int player_next_event(Player *p, PlayerEvent *out);

/* The scene to show at now (call after player_update). */
void player_scene(const Player *p, double now, PlayerScene *out);
/* Two scenes look the same (no frame needed)? */
int player_scene_equal(const PlayerScene *a, const PlayerScene *b);

/* The time the player next needs player_update(): a frame, a turn, the dark.
 * PLAYER_NEVER when only an outside event (narration end, input) can change
 * anything. Always > now once player_update(now) has run. */
double player_next_change(const Player *p, double now);

const char *player_phase_name(PlayerPhase ph);

/* The dimming's curve: brightness 0..255 (sRGB-encoded pixel scale) at a
 * fraction u in [0,1] of the dimming. Lightness (CIE L*) falls in
 * PLAYER_DIM_LEVELS equal steps, so every step looks the same size. */
int player_dim_level(double u);
/* Colour modulation for a brightness, warmer as it falls when warm is set. */
void player_dim_colour(int level, int warm, uint8_t *r, uint8_t *g, uint8_t *b);

#endif
