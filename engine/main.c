/* hushabye — the player: a story folder to its reassurance and into the dark.
 *
 * main() reads the command line, finds the program's data (bundled assets and
 * stories, from the build tree or the install prefix), loads the story and
 * the family's settings, opens only the SDL subsystems it uses (video and
 * audio: never joystick or sensor, which would wake the loop), and runs
 * app_run(). exit() is used only before a window exists. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

#include <SDL.h>

#include "app.h"
#include "escape.h"
#include "files.h"
#include "i18n.h"
#include "mem.h"
#include "piccache.h"
#include "picture.h"

static void usage(FILE *f)
{
    /* TRANSLATORS: --help. Keep the option names (--night, --trace...) as
       they are, and the columns lined up. */
    fputs(_("Usage: hushabye [options] [STORY_FOLDER...]\n"
          "Plays picture-book stories with their narration, then the closing words\n"
          "\"Mom and Dad are always here.\", then dims slowly to dark.\n"
          "With no folder, the bookshelf of every story found opens.\n"
          "Several folders play back to back, with one closing scene at the end.\n"
          "\n"
          "Options:\n"
          "  --night               play the folders given (or every story on the shelf)\n"
          "                        back to back, then the closing scene, then dark\n"
          "  --stories DIR         also put the stories in DIR on the shelf\n"
          "  --studio              open the recording studio for the story given\n"
          "  --kiosk               fullscreen and locked: no key, click or close request\n"
          "                        leaves it; parents hold the top-left corner 3 s\n"
          "  --no-kiosk            not locked, even when the settings say kiosk = on\n"
          "  --windowed            play in a 1280x800 window instead of fullscreen\n"
          "  --size WxH            play in a window of this size (64x64 to 7680x4320)\n"
          "  --dim SECONDS         how long the dimming to dark lasts (default: setting, 45)\n"
          "  --trace FILE          write one line per event to FILE ('-' = standard output)\n"
          "  --clock real|virtual  virtual: time jumps to the next change (tests)\n"
          "  --exit-when-dark S    quit after being dark for S seconds\n"
          "  --replay FILE         feed recorded input (taps, swipes, holds, keys)\n"
          "  --snapshot FILE       save a PNG of the first frame showing a scene whole\n"
          "  --snapshot-page N     which: a page of the first story (1-based),\n"
          "                        'reassurance', 'shelf', 'panel' (the parents' gate\n"
          "                        or menu) or 'studio'; default 1\n"
          "  --snapshot-highlight  wait until a read-along word is lit\n"
          "  --snapshot-paused     wait until the page is paused and shows its sign\n"
          "  --snapshot-transition F  the frame F (0..1) of the way through the\n"
          "                        transition into the page (0.5: a crossfade's middle)\n"
          "  --snapshot-after S    the first frame of the page at least S seconds after\n"
          "                        it was shown (a moving picture's middle or end)\n"
          "  --help, --version\n"
          "An option's value may also follow an equals sign (--dim=30); after --,\n"
          "every argument is a story folder. Escape or closing the window quits.\n"),
          f);
}

/* A window from 64x64 up to an 8K screen's pixels (7680x4320), a side at
 * most 8192: every page is composed at the window's size, and past that a
 * night's pages and page turns would take gigabytes and minutes. */
#define MAIN_MAX_SIDE   8192
#define MAIN_MAX_PIXELS (7680L * 4320L)

static int parse_size(const char *s, int *w, int *h)
{
    char x;
    return sscanf(s, "%d%c%d", w, &x, h) == 3 && (x == 'x' || x == 'X') && *w >= 64 &&
                   *h >= 64 && *w <= MAIN_MAX_SIDE && *h <= MAIN_MAX_SIDE &&
                   (long)*w * *h <= MAIN_MAX_PIXELS
               ? 0
               : -1;
}

static int parse_seconds(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= 0) || v > 1e6)
        return -1;
    *out = v;
    return 0;
}

static int parse_snapshot_scene(const char *v, int *scene)
{
    if (!strcmp(v, "reassurance"))
        *scene = SCENE_REASSURANCE;
    else if (!strcmp(v, "shelf"))
        *scene = SCENE_SHELF;
    else if (!strcmp(v, "panel"))
        *scene = SCENE_PANEL;
    else if (!strcmp(v, "studio"))
        *scene = SCENE_STUDIO;
    else if (atoi(v) >= 1 && atoi(v) <= STORY_MAX_PAGES)
        *scene = scene_page(0, atoi(v) - 1);
    else
        return -1;
    return 0;
}

/* One option that takes a value; -1 when its value is bad. */
static int option_value(AppOptions *o, const char *arg, const char *val)
{
    if (!strcmp(arg, "--size"))
        return o->windowed = 1, parse_size(val, &o->w, &o->h);
    if (!strcmp(arg, "--trace"))
        return o->trace_path = val, 0;
    if (!strcmp(arg, "--replay"))
        return o->replay_path = val, 0;
    if (!strcmp(arg, "--clock")) {
        o->virtual_clock = !strcmp(val, "virtual");
        return strcmp(val, "virtual") && strcmp(val, "real") ? -1 : 0;
    }
    if (!strcmp(arg, "--exit-when-dark"))
        return parse_seconds(val, &o->exit_when_dark);
    if (!strcmp(arg, "--dim"))
        return parse_seconds(val, &o->dim_seconds);
    if (!strcmp(arg, "--snapshot"))
        return o->snapshot_path = val, 0;
    if (!strcmp(arg, "--snapshot-page"))
        return parse_snapshot_scene(val, &o->snapshot_scene);
    if (!strcmp(arg, "--snapshot-after"))
        return parse_seconds(val, &o->snapshot_after);
    if (!strcmp(arg, "--snapshot-transition")) {
        char *end;
        o->snapshot_transition = strtod(val, &end);
        return *end || end == val || !(o->snapshot_transition >= 0 &&
                                      o->snapshot_transition <= 1) ? -1 : 0;
    }
    if (!strcmp(arg, "--stories")) {
        if (o->nstories_dirs >= APP_MAX_DIRS)
            return -1;
        o->stories_dirs[o->nstories_dirs++] = val;
        return 0;
    }
    return -2; /* not an option with a value */
}

/* An option with a value, "--dim 30" or "--dim=30", at argv[*i]; *i is left
 * on the last argument used. 0, or -1 with a message that says what is wrong. */
static int value_option(AppOptions *o, int argc, char **argv, int *i)
{
    char name[64];
    const char *arg = argv[*i], *eq = strchr(arg, '='), *val = NULL;
    size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
    if (n >= sizeof name) {
        fprintf(stderr, _("hushabye: unknown option '%s' (try --help)\n"), arg);
        return -1;
    }
    memcpy(name, arg, n);
    name[n] = '\0';
    if (eq)
        val = eq + 1;
    else if (*i + 1 < argc)
        val = argv[*i + 1];
    int rc = option_value(o, name, val ? val : "");
    if (rc == -2) {
        fprintf(stderr, _("hushabye: unknown option '%s' (try --help)\n"), name);
        return -1;
    }
    if (!val) {
        fprintf(stderr, _("hushabye: %s needs a value (try --help)\n"), name);
        return -1;
    }
    if (rc < 0) {
        fprintf(stderr, _("hushabye: bad value for %1$s: '%2$s' (try --help)\n"), name, val);
        return -1;
    }
    if (!eq)
        (*i)++;
    return 0;
}

/* Parse argv into o. Returns -1 on bad usage (message printed), 1 for
 * --help/--version (printed), 0 to play. */
static int parse_args(int argc, char **argv, AppOptions *o)
{
    memset(o, 0, sizeof *o);
    o->w = 1280;
    o->h = 800;
    o->exit_when_dark = -1;
    o->dim_seconds = -1;
    o->snapshot_scene = scene_page(0, 0);
    o->snapshot_transition = -1;
    int only_folders = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            usage(stdout);
            return 1;
        } else if (!strcmp(arg, "--version")) {
            printf("hushabye %s\n", HUSHABYE_VERSION);
            return 1;
        } else if (!strcmp(arg, "--windowed")) {
            o->windowed = 1;
        } else if (!strcmp(arg, "--kiosk")) {
            o->kiosk = 1;
        } else if (!strcmp(arg, "--no-kiosk")) {
            o->kiosk = -1;
        } else if (!strcmp(arg, "--studio")) {
            o->studio = 1;
        } else if (!strcmp(arg, "--night")) {
            o->night = 1;
        } else if (!strcmp(arg, "--snapshot-highlight")) {
            o->snapshot_highlight = 1;
        } else if (!strcmp(arg, "--snapshot-paused")) {
            o->snapshot_paused = 1;
        } else if (!strcmp(arg, "--") && !only_folders) {
            only_folders = 1; /* what follows is folders, even "-named" ones */
        } else if (arg[0] == '-' && arg[1] && !only_folders) {
            if (value_option(o, argc, argv, &i) < 0)
                return -1;
        } else if (o->nfolders < PLAYER_MAX_STORIES) {
            o->folders[o->nfolders++] = arg;
        } else {
            fprintf(stderr, _("hushabye: at most %d stories at once\n"), PLAYER_MAX_STORIES);
            return -1;
        }
    }
    return 0;
}

/* Use dir as the data folder if it holds the bundled assets. 1 if it does. */
static int try_data(App *a, const char *dir)
{
    char probe[USERDATA_PATH + 32];
    if (snprintf(probe, sizeof probe, "%s/assets/reassurance", dir) >= (int)sizeof probe ||
        !files_is_dir(probe))
        return 0;
    if (snprintf(a->data_dir, sizeof a->data_dir, "%s", dir) >= (int)sizeof a->data_dir ||
        snprintf(a->assets_dir, sizeof a->assets_dir, "%s/assets", dir) >=
            (int)sizeof a->assets_dir)
        return 0;
    return 1;
}

/* The folder holding assets/ and stories/: $HUSHABYE_DATA, then the install
 * prefix relative to the program, then the source tree the build came from
 * (the build folder sits inside it; not in a package), then the configured
 * install prefix. */
static int find_data(App *a)
{
    char rel[USERDATA_PATH];
    const char *env = getenv("HUSHABYE_DATA");
    if (env && *env && try_data(a, env))
        return 0;
    char *base = SDL_GetBasePath();
    int found = 0;
    if (base && snprintf(rel, sizeof rel, "%s../share/hushabye", base) < (int)sizeof rel)
        found = try_data(a, rel);
    SDL_free(base);
#ifdef HUSHABYE_SOURCE_DATA
    /* Only a build from source knows its tree; a package is built without it. */
    found = found || try_data(a, HUSHABYE_SOURCE_DATA);
#endif
    if (found || try_data(a, HUSHABYE_INSTALL_DATA))
        return 0;
    return -1;
}

static void load_font(App *a)
{
    char path[USERDATA_PATH], err[256];
    int kind = text_find_font(a->assets_dir, path, sizeof path);
    if (kind < 0) {
        diag_add(&a->diags, DIAG_WARNING, "fonts", 0,
                 "%s", _("no font found: words are not shown (install fonts-sil-andika)"));
        return;
    }
    if (kind == 0)
        diag_add(&a->diags, DIAG_WARNING, path, 0,
                 "%s", _("SIL Andika not found, using this font instead (install fonts-sil-andika)"));
    a->gfx.font = text_font_load(path, err, sizeof err);
    if (!a->gfx.font)
        diag_add(&a->diags, DIAG_WARNING, path, 0, _("cannot use this font: %s"), err);
}

/* The interface's language from the environment, with the catalogues found
 * beside the program as its data is; the family's setting, read with the
 * settings, may change it in setup(). */
static void init_language(void)
{
    char *base = SDL_GetBasePath();
    i18n_init_beside(base);
    SDL_free(base);
}

/* Read the --replay file; -1 (message printed) when it is unusable. */
static int load_replay(App *a)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    char err[512];
    FILE *f = fopen(a->opt.replay_path, "rb");
    if (f) {
        buf = malloc(1 << 20);
        len = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
        fclose(f);
    }
    if (!buf) {
        fprintf(stderr, _("hushabye: cannot read the replay file %s\n"), a->opt.replay_path);
        return -1;
    }
    int rc = replay_parse((const char *)buf, len, a->opt.replay_path, &a->replay, err,
                          sizeof err);
    free(buf);
    if (rc < 0)
        fprintf(stderr, "hushabye: %s\n", err);
    return rc;
}

/* The shared stories folders (XDG_DATA_DIRS: a kiosk image's or another
 * package's) go on the shelf after those given with --stories, before the
 * bundled ones. Their paths live as long as the program, like argv's. */
static void add_shared_stories(App *a)
{
    static char shared[USERDATA_MAX_DIRS][USERDATA_PATH];
    int n = userdata_shared_stories(a->bundled_dir, shared, USERDATA_MAX_DIRS);
    for (int i = 0; i < n && a->opt.nstories_dirs < APP_MAX_DIRS; i++)
        a->opt.stories_dirs[a->opt.nstories_dirs++] = shared[i];
}

/* Everything before the window: data, the family's files, the stories. */
static int setup(App *a)
{
    if (find_data(a) < 0) {
        fprintf(stderr, _("hushabye: cannot find the program's data (assets/); set HUSHABYE_DATA\n"));
        return -1;
    }
    if (a->opt.replay_path && load_replay(a) < 0)
        return -1;
    if (userdata_paths(&a->paths) < 0)
        diag_add(&a->diags, DIAG_WARNING, "HOME", 0, "%s",
                 _("no home folder: family files not read"));
    settings_defaults(&a->settings);
    if (a->paths.config_dir[0])
        settings_load(&a->paths, &a->settings, &a->diags);
    if (a->settings.language[0]) /* the family's choice over the system's */
        i18n_set_language(a->settings.language);
    userdata_reassurance(&a->paths, a->assets_dir, &a->reassure, &a->diags);
    /* Drawings kept rasterised from night to night (piccache.h);
     * HUSHABYE_PICTURE_CACHE=off draws every one each time (a benchmark's
     * first night). */
    const char *pc = getenv("HUSHABYE_PICTURE_CACHE");
    char cache[USERDATA_PATH];
    if (!(pc && strcmp(pc, "off") == 0) && piccache_default_dir(cache, sizeof cache) == 0)
        picture_set_cache(cache);
    snprintf(a->bundled_dir, sizeof a->bundled_dir, "%s/stories", a->data_dir);
    if (a->paths.data_dir[0])
        snprintf(a->family_dir, sizeof a->family_dir, "%s/stories", a->paths.data_dir);
    add_shared_stories(a);
    /* A save cut short by a kill or a power cut leaves a hidden temporary file;
     * the family's folder and the stories given are where the player saves. */
    files_clean_temps(a->paths.data_dir);
    files_clean_temps(a->paths.config_dir);     /* settings.ini's */
    app_flush_diags(a);
    for (int i = 0; i < a->opt.nfolders; i++) {
        files_clean_temps(a->opt.folders[i]);
        if (story_load(a->opt.folders[i], &a->given[a->ngiven], &a->diags) < 0)
            diag_add(&a->diags, DIAG_WARNING, a->opt.folders[i], 0, "%s",
                     _("this story cannot be played; it is left out"));
        /* A folder of thousands of misnamed files says its first few and the count. */
        app_flush_story_diags(a, a->opt.folders[i], &a->given[a->ngiven]);
        a->ngiven++; /* kept even when empty: the night still closes properly */
    }
    app_flush_diags(a);
    return 0;
}

/* What plays first: the stories given, the whole shelf (--night), or the shelf. */
static void begin(App *a)
{
    const Story *list[PLAYER_MAX_STORIES];
    int n = 0;
    double now = app_now(a);
    if (a->ngiven > 0) {
        for (int i = 0; i < a->ngiven; i++)
            list[n++] = &a->given[i];
        app_play(a, list, n, now);
        if (a->opt.studio)
            app_studio_enter(a, &a->given[0], now);
        return;
    }
    a->has_shelf = 1;
    app_show_shelf(a, now, 255, PLAYER_FADE_IN);
    if (a->opt.night) { /* the shelf's night: stories-per-night of them */
        n = app_night_list(a, 0, list);
        app_play(a, list, n, now);
    }
}

/* SIGTERM, SIGINT and SIGHUP (a service stop, a shutdown, the terminal or
 * SSH session that started it closing) must end the program even
 * in kiosk mode, while a window-close request must not. SDL's own handlers
 * would turn both into SDL_QUIT; instead the signals are blocked in every
 * thread and one thread waits for them with sigwait() and posts an event of
 * our own: no work in a signal handler, and the two are told apart. */
static void *signal_thread(void *arg)
{
    Uint32 type = *(Uint32 *)arg;
    sigset_t set;
    int sig = 0;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    if (sigwait(&set, &sig) == 0) {
        SDL_Event e;
        SDL_zero(e);
        e.type = type;
        e.user.code = sig;
        SDL_PushEvent(&e);
    }
    return NULL;
}

static void block_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    /* A trace or log read through a pipe whose reader went away must not
     * end bedtime: the write fails (EPIPE) and the night goes on. */
    signal(SIGPIPE, SIG_IGN);
}

static void start_signal_thread(App *a)
{
    static Uint32 type;
    pthread_t t;
    type = a->signal_event = SDL_RegisterEvents(1);
    if (type != (Uint32)-1 && pthread_create(&t, NULL, signal_thread, &type) == 0)
        pthread_detach(t);
}

/* Kiosk: the hints must be set before the window exists. */
static void kiosk_hints(void)
{
    SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
    SDL_SetHint(SDL_HINT_ALLOW_ALT_TAB_WHILE_GRABBED, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
}

/* Drivers whose SDL_WaitEvent cannot block (SDL2 polls every millisecond). */
static int driver_polls(void)
{
    const char *d = SDL_GetCurrentVideoDriver();
    return !d || !(strcmp(d, "x11") == 0 || strcmp(d, "wayland") == 0 ||
                   strcmp(d, "windows") == 0 || strcmp(d, "cocoa") == 0);
}

int main(int argc, char **argv)
{
    static App app; /* large; one per program, handed on by pointer */
    App *a = &app;
#ifdef M_MMAP_THRESHOLD
    /* Pictures and pages are large, short-lived buffers: keep them in their
     * own mappings, returned to the system when freed, instead of letting
     * glibc raise its threshold and keep them in a heap that only grows.
     * The few a page turn frees and asks for again are kept by hb_big_free
     * until the dark (mem.h). */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
    init_language(); /* before --help, which is translated */
    int rc = parse_args(argc, argv, &a->opt);
    if (rc != 0)
        return rc < 0 ? 2 : 0;
    /* A folder that is not there is said before any window opens. When no
     * folder given is there, the command was mistyped and nothing plays; when
     * some are (a night of three stories, one on a USB stick left out), the
     * night goes on with those: one missing folder never cancels bedtime. A
     * folder that is there but broken still plays to the closing scene. */
    int kept = 0, given = a->opt.nfolders;
    for (int i = 0; i < given; i++) {
        struct stat st;
        int missing = stat(a->opt.folders[i], &st) != 0;
        if (!missing && S_ISDIR(st.st_mode)) {
            a->opt.folders[kept++] = a->opt.folders[i];
            continue;
        }
        char shown[ESC_NAME_MAX];
        /* TRANSLATORS: %1$s is a folder given on the command line, %2$s why. */
        fprintf(stderr, _("hushabye: %1$s: there is no story folder there (%2$s)\n"),
                esc_str(a->opt.folders[i], shown, sizeof shown),
                !missing ? _("it is a file, not a folder")
                : errno == ENOENT ? _("nothing has that name")
                : errno == ELOOP ? _("it is a link that leads round in a circle")
                : errno == EACCES ? _("permission denied") : strerror(errno));
    }
    if (given > 0 && kept == 0)
        return 1;
    if (kept < given)
        fprintf(stderr, _("hushabye: the night goes on with the other stories\n"));
    a->opt.nfolders = kept;
    if (a->opt.trace_path && trace_open(&a->trace, a->opt.trace_path) < 0) {
        fprintf(stderr, _("hushabye: cannot write the trace to %s\n"), a->opt.trace_path);
        return 2;
    }
    if (setup(a) < 0)
        return 1;
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    block_signals(); /* before SDL starts threads, so they inherit the mask */
    /* A sound server (PulseAudio, or PipeWire's PulseAudio side) is asked by
     * SDL2 to hold one block, 85 ms. A slow tablet, or a CPU quota that has
     * run out, keeps every thread of the player waiting up to 75 ms at a
     * time, and the card then plays silence in the middle of a word. Held at
     * 200 ms, a block and such a wait are in hand (docs/cheap.md: no underrun
     * on the slow tablet, against one a night). A voice starts about 40 ms
     * later on average, and the studio's level meter moves five times a
     * second. libpulse reads this when a stream connects: set before any
     * thread starts, and never over the family's own value. */
    setenv("PULSE_LATENCY_MSEC", "200", 0);
    a->opt.kiosk = a->opt.kiosk > 0 || (a->opt.kiosk == 0 && a->settings.kiosk);
    if (a->opt.kiosk) {
        a->opt.windowed = 0;
        kiosk_hints();
    }
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) < 0) {
        fprintf(stderr, _("hushabye: cannot start the display: %s\n"), SDL_GetError());
        return 1;
    }
    a->t0 = SDL_GetPerformanceCounter();
    start_signal_thread(a);
    a->polling_driver = driver_polls();
    int fullscreen = !a->opt.windowed;
    const char *title = a->ngiven == 1 && a->given[0].title ? a->given[0].title : "Hushabye";
    if (gfx_open(&a->gfx, title, a->opt.w, a->opt.h, fullscreen, a->settings.drawing,
                 &a->diags) < 0) {
        app_flush_diags(a);
        SDL_Quit();
        return 1;
    }
    if (a->gfx.cpu)
        trace_event(&a->trace, app_now(a), "video", "renderer=cpu name=%s kernels=%s",
                    a->gfx.renderer, blend_kernels());
    else
        trace_event(&a->trace, app_now(a), "video", "renderer=gpu name=%s", a->gfx.renderer);
    gfx_take_presented(&a->gfx); /* the new window's black is no frame of a phase */
    panel_open(&a->panel, a->gfx.win, a->settings.panel_hook, a->opt.kiosk);
    /* Text input only while a parent types the closing words: otherwise
     * every key would also arrive as text (and a toddler's keys as words). */
    SDL_StopTextInput();
    load_font(a); /* owned by gfx from here on */
    if (a->opt.kiosk)
        app_set_kiosk(a, 1);
    a->gfx.captions = a->settings.captions;
    /* The audio device opens when a story starts and closes in the dark. */
    app_flush_diags(a);
    a->play.vend = PLAYER_NEVER;   /* no narration yet, nothing read along */
    a->play.ra.scene = SCENE_NONE;
    begin(a);
    app_run(a);
    if (a->snd.open) {
        /* Quit in the middle of a sound: a tenth of a second's fade, mixed
         * and played before the device closes, not a click. */
        snd_fade_all(&a->snd, 0.1);
        SDL_Delay(200);
    }
    snd_close(&a->snd);
    panel_close(&a->panel); /* the backlight as it was, while the display is still open */
    gfx_close(&a->gfx);
    hb_big_trim();
    for (int i = 0; i < a->ngiven; i++)
        story_free(&a->given[i]);
    shelf_free(&a->sh.shelf);
    replay_free(&a->replay);
    diag_free(&a->diags);
    trace_close(&a->trace);
    SDL_Quit();
    return 0;
}
