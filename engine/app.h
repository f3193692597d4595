/* app — the player program's one context, passed by pointer (no globals).
 *
 * main.c reads the command line and sets the app up; app.c runs the loop:
 * bring the current screen (screen.h: the shelf, the story, the studio) and
 * the overlay (the parents' gate and menu) up to the clock, draw only when
 * what they show changed, then sleep until their next change, the next
 * replayed input, or an event. App holds what the screens share, the loop's
 * own state, and each screen's state in a struct of its own. */
#ifndef HUSHABYE_APP_H
#define HUSHABYE_APP_H

#include "diag.h"
#include "gate.h"
#include "gfx.h"
#include "panel.h"
#include "hotspot.h"
#include "input.h"
#include "motion.h"
#include "player.h"
#include "scene.h"
#include "screen.h"
#include "shelf.h"
#include "snd.h"
#include "studio.h"
#include "story.h"
#include "trace.h"
#include "userdata.h"
#include "vtt.h"

#define APP_MAX_DIRS 8
#define APP_MAX_CUES 512
#define APP_NIGHT_IDLE 30.0          /* a woken shelf left alone goes dark again */
#define APP_NIGHT_FADE 3.0           /* how slowly it wakes, and falls asleep again */
#define APP_NIGHT_BRIGHTNESS 0.43    /* at most this bright once woken at night */
#define APP_NIGHT_VOLUME 0.5         /* and this much of the family's volume */

typedef struct {
    const char *folders[PLAYER_MAX_STORIES];   /* story folders given */
    int nfolders;
    const char *stories_dirs[APP_MAX_DIRS];    /* --stories */
    int nstories_dirs;
    int night;                  /* --night: the folders (or the shelf) back to back */
    int windowed, w, h;
    int virtual_clock;
    const char *trace_path;
    const char *replay_path;
    double exit_when_dark;      /* < 0 = stay */
    double dim_seconds;         /* < 0 = the setting */
    int studio;                 /* --studio: open the recording studio at once */
    const char *snapshot_path;
    SceneId snapshot_scene;     /* a page of the first story, SCENE_REASSURANCE or SCENE_SHELF */
    int snapshot_highlight;     /* wait for a read-along highlight */
    int snapshot_paused;        /* ... for the page paused, its sign shown whole */
    double snapshot_transition; /* >= 0: that far into the transition to the page */
    double snapshot_after;      /* > 0: a frame at least this long after the page was shown */
    int kiosk;
} AppOptions;

/* The read-along of the page now narrating: cue times and their words' byte
 * ranges in the page text, the page composed without its words, and its words
 * laid out once, so a cue change redraws only the boxes of the word going out
 * and the word coming in (compose_words_redraw). */
typedef struct {
    SceneId scene;              /* SCENE_NONE when inactive */
    double start[APP_MAX_CUES], end[APP_MAX_CUES];
    int from[APP_MAX_CUES], to[APP_MAX_CUES];
    int n;
    ComposeImage base;          /* the page's rows from top down, with its band but
                                   no words */
    LayoutRect picture;         /* where its picture lies, for the caption's layout */
    int top;                    /* first row the words can touch */
    int drawn_cue;              /* the cue the uploaded texture shows */
    ComposeImage strip;         /* the words' rows as on screen, from row top down:
                                   each lit word redraws its own box in it */
    ComposeWords words;         /* the words laid out and drawn once */
    LayoutRect lit;             /* the box of drawn_cue's glyphs (w = 0: none) */
} AppReadAlong;

/* The shelf screen's state (screen_shelf.c). */
typedef struct {
    Shelf shelf;
    ComposeImage covers[SHELF_MAX];   /* decoded covers of the shelf, lazily */
    double t0;                  /* when the shelf began to fade in */
    double fade;                /* its fade length */
    int target;                 /* brightness it fades to (0: back to the dark) */
    int from;                   /* ... and from */
    int night;                  /* woken from the dark: dim, quiet, and back to the
                                   dark by itself when left alone (APP_NIGHT_IDLE) */
    double touched;             /* last input on the shelf */
    int story;                  /* the cover selected when the shelf opened, or the
                                   story opened last: a Goodnight starts there */
    int composed;               /* shelf version in the texture, -1 = none */
} AppShelf;

/* A page's pan and zoom as it is drawn (screen_play.c): planned once its
 * picture is held and its length known, then a pure function of its clock;
 * a page leaving keeps the part it showed when it began to leave. */
typedef struct {
    SceneId scene;              /* SCENE_NONE: none */
    MotionPlan plan;
    int planned;                /* 1: planned with the picture's size, 2: and its length */
    double t0;                  /* when it was shown (PLAYER_NEVER: not yet) */
    double left;                /* its time when it began to leave (< 0: it has not) */
    double drawn;               /* its time at the last part shown */
    double length;              /* its narration and the hold after it (0: not known) */
    int x, y, w, h;             /* that part, in the kept picture's pixels (w = 0: none) */
    int version;                /* counts the parts shown: the frame's layer version */
    MotionLayerLook llook[GFX_LAYERS]; /* its layers' looks as last shown (gfx_layers) */
    int lshown;                 /* 1: llook holds the looks; 0: none yet */
    int lheld;                  /* layers the page shows (0: none, no layer frames) */
    int whot;                   /* the hotspot wiggling as last shown, plus 1 (0: none) */
    double wangle, wscale;      /* ... its look then (gfx_wiggle); wscale 0: never */
} AppMotion;

/* The reading screen's state (screen_play.c): the player, the virtual
 * clock's narration, the read-along. */
typedef struct {
    Player player;
    double vend;                /* virtual clock: when the narration ends */
    double vleft;               /* ... and how much was left when paused */
    SceneId vscene;
    AppReadAlong ra;
    int menu_paused;            /* the parents' menu paused the page: resume on close */
    int menu_pause_due;         /* the menu came up while no page could pause (a page
                                 * turn, a narration not yet begun): pause the page
                                 * as soon as it can, if the menu is still up */
    HotspotState hot;           /* the page's hotspots: their sounds and wiggles */
    AppMotion motion[2];        /* the page showing or coming in, the one leaving */
    int untinted;               /* --snapshot: no warm night's tint, the pictures exact */
    int tint_b;                 /* the warm night's blue as last traced (0: not yet) */
} AppPlay;

/* The parents' gate and menu, the overlay (app_gate.c). */
typedef struct {
    Gate gate;
    int composed;               /* gate version in the panel texture, -1 = none */
    int problems_open;          /* the menu shows its list of problems found */
    double opened;              /* when the gate was summoned */
    int from_dark;              /* it was summoned over the dark or the dimming: fades in */
} AppMenu;

/* The recording studio's state (app_studio.c): the microphone, the take
 * waiting for Listen or Keep, and the story being recorded. */
typedef struct {
    Studio st;
    const Story *story;         /* the story recorded (the player's or the shelf's) */
    int open;                   /* the studio is the screen now */
    struct Capture *cap;
    int16_t *take;              /* processed, 48 kHz mono */
    size_t ntake;
    double level_db;            /* the meter, while recording */
    char message[160];          /* what happened last, for the status line */
    char typed[USERDATA_WORDS]; /* closing words being typed */
    int composed;               /* picture in the texture, -1 = none */
    int picture;                /* the studio's picture: a new one at each state or tick */
    int pic_version, pic_ticks; /* ... the state version and clock tick it shows */
    struct AppAligner *aligner; /* timing a kept take's words on a thread, or NULL */
} AppStudio;

typedef struct App {
    /* What every screen shares: the options, the family's files and
     * settings, the stories given, problems, trace, window and sound. */
    AppOptions opt;
    char data_dir[USERDATA_PATH];   /* holds assets/ and stories/ */
    char assets_dir[USERDATA_PATH + 16];
    char bundled_dir[USERDATA_PATH + 16];
    char family_dir[USERDATA_PATH + 16];
    UserPaths paths;
    Settings settings;
    Reassurance reassure;
    Story given[PLAYER_MAX_STORIES];  /* stories from the command line */
    int ngiven;
    int has_shelf;              /* started without folders: the shelf is home */
    Diags diags;
    int diags_printed;
    int diags_said, diags_unsaid; /* lines app_flush_diags wrote, and those it held back */
    Trace trace;
    Gfx gfx;
    Snd snd;
    Panel panel;                /* the screen off in the dark (engine/sys/panel.h) */
    struct AppBooks *books;     /* books dropped into the stories folders, or NULL */
    InputPointer ptr;
    Replay replay;
    /* The loop's own state. */
    const Screen *screen;       /* the current screen */
    const Screen *overlay;      /* the parents' gate or menu over it, or NULL */
    Uint32 signal_event;        /* SIGTERM/SIGINT arrive as this SDL event */
    double now;                 /* the clock, seconds since start */
    Uint64 t0;                  /* real clock origin */
    double dark_at;             /* PLAYER_NEVER until dark */
    int frames[PHASE_COUNT];
    double presented[PHASE_COUNT]; /* windows' worth of pixels presented (gfx_take_presented) */
    int wakeups_dark;           /* loop turns while dark (a polling driver's sleeps) */
    int late_frames;            /* animation frames woken late (a slow machine) */
    int anim_frames;            /* ... out of this many */
    int late_blocks;            /* the sound device's late blocks already seen */
    int max_pages_held;         /* most page textures held at once */
    int redraw;                 /* the window needs a frame (exposed, resized) */
    int quit;
    int polling_driver;         /* SDL's wait polls on this video driver */
    int real_press;             /* a press from SDL (not a replay) not yet let go:
                                   the virtual clock follows the real one until
                                   it is, so a person's tap stays a tap */
    /* Each screen's own state, touched by that screen alone. */
    AppShelf sh;
    AppPlay play;
    AppStudio studio;
    AppMenu menu;
} App;

/* ---- app.c: the loop ---- */
/* Run until quit or the dark has lasted exit_when_dark. */
int app_run(App *a);

/* ---- app_ctx.c: services every screen uses ---- */
/* The clock now (real or virtual). */
double app_now(const App *a);
/* Print diagnostics not yet printed to stderr. */
void app_flush_diags(App *a);
/* At the end: the problems app_flush_diags held back, in one line. */
void app_diags_unsaid(App *a);
/* Lines of problems written while playing, at most; the rest are counted. */
#define APP_DIAGS_SAID_MAX 100
/* The same just after story_load() of folder into st: the story's problems,
 * at most DIAG_SHOWN_MAX of them and a count of the rest (diag_print_capped);
 * every one stays in a->diags, for the trace's count and the parents' menu. */
void app_flush_story_diags(App *a, const char *folder, const Story *st);
/* With HUSHABYE_TRACE_UI=1 in the environment, trace one sentence of the
 * interface as it is composed for the screen (ui-text "..."): the tests that
 * no English reaches a translated screen read these (app_gate.c). */
void app_trace_ui(App *a, const char *text);
/* The brightness (0..1) and volume ceiling (0..1) now: the family's
 * settings, dimmer and quieter once a tap has woken the night. */
double app_brightness(const App *a);
double app_volume(const App *a);
/* "3" for a page (its position in its story), "reassurance", or "none",
 * as the trace names a scene. */
void app_scene_name(SceneId scene, char *buf, size_t len);
/* Install what the background decoding finished (pages, covers); a page
 * given up for time is traced (picture-late). */
void app_collect(App *a);
/* The dark: audio closed, textures released, the screen saver allowed. */
void app_go_dark(App *a, double t);
/* Is scene one of the layers the current screen shows now? */
int app_showing(App *a, SceneId scene);

/* ---- app_input.c: gestures and keys ---- */
/* What a person's gesture or key means here and now: to the overlay when
 * it is open, else to the screen. */
void app_input(App *a, const InputEvent *e);
/* Feed SDL's mouse/touch/key events to the recogniser (and on to app_input). */
void app_sdl_input(App *a, const SDL_Event *e);
/* Feed due replay steps (time <= now). */
void app_replay_due(App *a, double now);

/* ---- screen_shelf.c ---- */
/* Show the shelf, fading in to brightness target (0..255) over seconds. */
void app_show_shelf(App *a, double now, int target, double seconds);
/* Scan the shelf again where it is (no new fade): a book made ready. */
void app_shelf_rescan(App *a, double now);
/* Is the shelf on screen and lit (not gone back to the dark)? */
int app_shelf_showing(const App *a);
/* A cover decoded in the background arrived (from app_collect). */
void app_shelf_cover(App *a, GfxPictureDone *p);
/* The window's size changed or its textures were lost: compose again;
 * free_covers also drops the decoded covers (made for the old size). */
void app_shelf_forget(App *a, int free_covers);
/* A tap in the dark: a dim shelf fades in slowly (never a story at once). */
void app_wake_night(App *a, double now);
/* The night the shelf plays: stories-per-night stories from the shelf,
 * starting at story index first and going round. Returns how many. */
int app_night_list(const App *a, int first, const Story **list);
/* Open the shelf's tile, or start the night from it. */
void app_open_tile(App *a, int tile, double now);

/* ---- screen_play.c ---- */
/* Play these stories back to back (one reassurance at the end), from now. */
void app_play(App *a, const Story *const *list, int n, double now);
/* Compose scene off the main loop (the virtual clock waits for it). */
void app_prepare_page(App *a, SceneId scene);
/* The words shown on scene: the page's, and on a story's last page its
 * credits and licence on a line of their own (an imported book's, which must
 * be shown). Returns the page's text, or buf holding both; NULL for none. */
#define APP_PAGE_TEXT 16384
const char *app_page_text(App *a, SceneId scene, char *buf, size_t len);
/* app_readalong.c: the read-along of the page narrating. */
void app_readalong_start(App *a, SceneId scene);
/* The read-along ends (its page leaves); release also frees its buffers (the
 * dark, a new window size, the end). */
void app_readalong_stop(App *a);
void app_readalong_release(App *a);
/* Show cue lit (-1 none) on scene's texture, if it is not already. */
void app_readalong_draw(App *a, SceneId scene, int cue);

/* ---- app_gate.c: the overlay ---- */
/* The gate's gesture (a long press in the corner, Ctrl+Shift+P) opens it;
 * Escape quits when not locked; in kiosk mode no key combination does
 * anything. 1 when e was one of these (the screen then ignores it). */
int app_gate_summon(App *a, const InputEvent *e);
/* Kiosk on or off: cursor, keyboard grab. */
void app_set_kiosk(App *a, int on);

/* ---- app_studio.c ---- */
void app_studio_enter(App *a, const Story *story, double now);

/* ---- app_books.c: books (EPUB, Bloom) dropped into a stories folder ---- */
/* Look at the book files in dirs: x gets the folders of the ready ones and
 * the titles of those being made ready (valid until the next call); a new
 * book's import is begun on a thread (only a shelf being shown calls this,
 * so no import ever starts in the dark). */
void app_books_find(App *a, const char *const *dirs, int ndirs, double now, ShelfExtras *x);
/* An import finished: join it, trace it, rescan a shelf on screen. 1 if so. */
int app_books_poll(App *a);
/* Virtual clock: wait for a running import (app_books_poll then tells). */
void app_books_wait(App *a);
int app_books_busy(const App *a);
/* Is e the event an import's end pushes (it only wakes the loop)? */
int app_books_is_event(const App *a, const SDL_Event *e);
/* At quit: wait for a running import, free everything. */
void app_books_close(App *a);

#endif
