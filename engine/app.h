/* app — the player program's one context, passed by pointer (no globals).
 *
 * main.c reads the command line and sets the app up; app.c runs the loop:
 * bring the shelf or the player up to the clock, draw only when what they
 * show changed, then sleep until their next change, the next replayed input,
 * or an event. input.c (in app_input.c) turns taps, swipes and keys into
 * page turns, pauses and shelf moves. */
#ifndef HUSHABYE_APP_H
#define HUSHABYE_APP_H

#include "diag.h"
#include "gate.h"
#include "gfx.h"
#include "input.h"
#include "player.h"
#include "scene.h"
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
    int snapshot_scene;         /* a page of the first story, SCENE_REASSURANCE or SCENE_SHELF */
    int snapshot_highlight;     /* wait for a read-along highlight */
    int snapshot_paused;        /* ... for the page paused, its sign shown whole */
    double snapshot_transition; /* >= 0: that far into the transition to the page */
    int kiosk;
} AppOptions;

typedef enum { MODE_SHELF, MODE_PLAY, MODE_STUDIO } AppMode;

/* The read-along of the page now narrating: cue times and their words' byte
 * ranges in the page text, and the page composed without its words, so a cue
 * change redraws only the rows of the words (compose_words_strip). */
typedef struct {
    int scene;                  /* SCENE_NONE when inactive */
    double start[APP_MAX_CUES], end[APP_MAX_CUES];
    int from[APP_MAX_CUES], to[APP_MAX_CUES];
    int n;
    ComposeImage base;          /* the page with its band but no words */
    LayoutRect picture;         /* where its picture lies, for the caption's layout */
    int top;                    /* first row the words can touch */
    int drawn_cue;              /* the cue the uploaded texture shows */
} AppReadAlong;

/* The recording studio at the edge: the microphone, the take waiting for
 * Listen or Keep, and the story being recorded. */
typedef struct {
    Studio st;
    Story *story;               /* the story recorded (owned elsewhere) */
    struct Capture *cap;
    int16_t *take;              /* processed, 48 kHz mono */
    size_t ntake;
    double level_db;            /* the meter, while recording */
    char message[160];          /* what happened last, for the status line */
    char typed[USERDATA_WORDS]; /* closing words being typed */
    int composed;               /* picture in the texture, -1 = none */
    int picture;                /* the studio's picture: a new one at each state or tick */
    int pic_version, pic_ticks; /* ... the state version and clock tick it shows */
    AppMode back;               /* where Done returns */
    struct AppAligner *aligner; /* timing a kept take's words on a thread, or NULL */
} AppStudio;

typedef struct App {
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
    Shelf shelf;
    ComposeImage covers[SHELF_MAX];   /* decoded covers of the shelf, lazily */
    Diags diags;
    int diags_printed;
    Trace trace;
    Gfx gfx;
    Snd snd;
    Player player;
    AppMode mode;
    int has_shelf;              /* started without folders: the shelf is home */
    double shelf_t0;            /* when the shelf began to fade in */
    double shelf_fade;          /* its fade length */
    int shelf_target;           /* brightness it fades to (0: back to the dark) */
    int shelf_from;             /* ... and from */
    int night;                  /* woken from the dark: dim, quiet, and back to the
                                   dark by itself when left alone (APP_NIGHT_IDLE) */
    double shelf_touched;       /* last input on the shelf */
    int shelf_story;            /* the cover selected when the shelf opened, or the
                                   story opened last: a Goodnight starts there */
    int shelf_composed;         /* shelf version in the texture, -1 = none */
    Gate gate;
    int gate_paused;            /* the gate paused the page; resume on close */
    int panel_composed;         /* gate version in the panel texture, -1 = none */
    int problems_open;          /* the menu shows its list of problems found */
    Uint32 signal_event;        /* SIGTERM/SIGINT arrive as this SDL event */
    AppStudio studio;
    InputPointer ptr;
    Replay replay;
    AppReadAlong ra;
    double now;                 /* the clock, seconds since start */
    Uint64 t0;                  /* real clock origin */
    double vnarration_end;      /* virtual clock: when the narration ends */
    double vnarration_left;     /* ... and how much was left when paused */
    int vnarration_scene;
    double dark_at;             /* PLAYER_NEVER until dark */
    int frames[PHASE_COUNT];
    int late_frames;            /* animation frames woken late (a slow machine) */
    int anim_frames;            /* ... out of this many */
    int wakeups_dark;           /* loop turns while dark (a polling driver's sleeps) */
    int max_pages_held;         /* most page textures held at once */
    int redraw;                 /* the window needs a frame (exposed, resized) */
    int quit;
    int polling_driver;         /* SDL's wait polls on this video driver */
    struct AppBooks *books;     /* books dropped into the stories folders, or NULL */
} App;

/* The brightness (0..1) and volume ceiling (0..1) now: the family's
 * settings, dimmer and quieter once a tap has woken the night. */
double app_brightness(const App *a);
double app_volume(const App *a);
/* A tap in the dark: a dim shelf fades in slowly (never a story at once). */
void app_wake_night(App *a, double now);
/* A touch on a woken shelf that is fading back to the dark: it brightens
 * again from where it is (no jump), and stays for another APP_NIGHT_IDLE. */
void app_night_touch(App *a, double now);

/* The night the shelf plays: stories-per-night stories from the shelf,
 * starting at story index first and going round. Returns how many. */
int app_night_list(const App *a, int first, const Story **list);

/* Run until quit or the dark has lasted exit_when_dark. */
int app_run(App *a);
/* Print diagnostics not yet printed to stderr. */
void app_flush_diags(App *a);
/* The clock now (real or virtual). */
double app_now(const App *a);

/* app_input.c: what a person's gesture or key means here and now. */
void app_input(App *a, const InputEvent *e);
/* Feed SDL's mouse/touch/key events to the recogniser (and on to app_input). */
void app_sdl_input(App *a, const SDL_Event *e);
/* Feed due replay steps (time <= now). */
void app_replay_due(App *a, double now);
/* Open the shelf's tile, or start the night from it. */
void app_open_tile(App *a, int tile, double now);
/* Play these stories back to back (one reassurance at the end), from now. */
void app_play(App *a, const Story *const *list, int n, double now);
/* The parents' gate: open it (pausing a page), and close it. */
void app_gate_open(App *a, double now);
void app_gate_closed(App *a, double now, const char *event);
/* Input while the gate or menu is open; 1 when it took the event. */
int app_gate_input(App *a, const InputEvent *e);
/* Compose the gate or menu panel for the gate's current state. */
void app_compose_panel(App *a);
/* Kiosk on or off: cursor, keyboard grab. */
void app_set_kiosk(App *a, int on);
/* The words shown on scene: the page's, and on a story's last page its
 * credits and licence on a line of their own (an imported book's, which must
 * be shown). Returns the page's text, or buf holding both; NULL for none. */
#define APP_PAGE_TEXT 16384
const char *app_page_text(App *a, int scene, char *buf, size_t len);
/* app_readalong.c: the read-along of the page narrating. */
void app_readalong_start(App *a, int scene);
void app_readalong_stop(App *a);
/* Show cue lit (-1 none) on scene's texture, if it is not already. */
void app_readalong_draw(App *a, int scene, int cue);
/* app_studio.c: the recording studio. */
void app_studio_enter(App *a, Story *story, double now);
void app_studio_input(App *a, const InputEvent *e);
void app_studio_step(App *a, double now);
double app_studio_next(const App *a, double now);
void app_studio_scene(App *a, PlayerScene *s);
void app_studio_compose(App *a);
/* A narration-finished event while in the studio (the take played out). */
void app_studio_listen_end(App *a, double now);
/* Show the shelf, fading in to brightness target (0..255) over seconds. */
void app_show_shelf(App *a, double now, int target, double seconds);
/* Scan the shelf again where it is (no new fade): a book made ready. */
void app_shelf_rescan(App *a, double now);

/* app_books.c: books (EPUB, Bloom) dropped into a stories folder. */
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
