/* app — the player program's one context, passed by pointer (no globals).
 *
 * main.c reads the command line and sets the app up; app.c runs the loop:
 * ask the player what to show, draw only when that changed, then sleep until
 * the player's next change or an event. */
#ifndef HUSHABYE_APP_H
#define HUSHABYE_APP_H

#include "diag.h"
#include "gfx.h"
#include "player.h"
#include "snd.h"
#include "story.h"
#include "trace.h"
#include "userdata.h"

typedef struct {
    const char *story_dir;      /* NULL = the first bundled story */
    int windowed, w, h;
    int virtual_clock;
    const char *trace_path;
    double exit_when_dark;      /* < 0 = stay */
    double dim_seconds;         /* < 0 = the setting */
    const char *snapshot_path;
    int snapshot_scene;         /* page index, or SCENE_REASSURANCE */
} AppOptions;

typedef struct App {
    AppOptions opt;
    char data_dir[USERDATA_PATH];   /* holds assets/ and stories/ */
    char assets_dir[USERDATA_PATH + 16];
    UserPaths paths;
    Settings settings;
    Reassurance reassure;
    Story story;
    Diags diags;
    int diags_printed;
    Trace trace;
    Gfx gfx;
    Snd snd;
    Player player;
    double now;                 /* the clock, seconds since start */
    Uint64 t0;                  /* real clock origin */
    double vnarration_end;      /* virtual clock: when the narration ends */
    int vnarration_scene;
    double dark_at;             /* PLAYER_NEVER until dark */
    int frames[PHASE_COUNT];
    int redraw;                 /* the window needs a frame (exposed, resized) */
    int quit;
    int polling_driver;         /* SDL's wait polls on this video driver */
} App;

/* Play the story night until quit or the dark has lasted exit_when_dark. */
int app_run(App *a);
/* Print diagnostics not yet printed to stderr. */
void app_flush_diags(App *a);

#endif
