/* hushabye — the player: a story folder to its reassurance and into the dark.
 *
 * main() reads the command line, finds the program's data (bundled assets and
 * stories, from the build tree or the install prefix), loads the story and
 * the family's settings, opens only the SDL subsystems it uses (video and
 * audio: never joystick or sensor, which would wake the loop), and runs
 * app_run(). exit() is used only before a window exists. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL.h>

#include "app.h"
#include "files.h"

static void usage(FILE *f)
{
    fputs("Usage: hushabye [options] [STORY_FOLDER]\n"
          "Plays a picture-book story with its narration, then the closing words\n"
          "\"Mom and Dad are always here.\", then dims slowly to dark.\n"
          "With no folder, the first bundled story is played.\n"
          "\n"
          "Options:\n"
          "  --windowed            play in a 1280x800 window instead of fullscreen\n"
          "  --size WxH            play in a window of this size\n"
          "  --dim SECONDS         how long the dimming to dark lasts (default: setting, 45)\n"
          "  --trace FILE          write one line per event to FILE ('-' = standard output)\n"
          "  --clock real|virtual  virtual: time jumps to the next change (tests)\n"
          "  --exit-when-dark S    quit after being dark for S seconds\n"
          "  --snapshot FILE       save a PNG of the screen when a page is first shown\n"
          "  --snapshot-page N     which page (1-based, or 'reassurance'); default 1\n"
          "  --help, --version\n"
          "Escape or closing the window quits.\n",
          f);
}

static int parse_size(const char *s, int *w, int *h)
{
    char x;
    return sscanf(s, "%d%c%d", w, &x, h) == 3 && (x == 'x' || x == 'X') && *w >= 64 &&
                   *h >= 64 && *w <= 16384 && *h <= 16384
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

/* Parse argv into o. Returns -1 on bad usage (message printed), 1 for
 * --help/--version (printed), 0 to play. */
static int parse_args(int argc, char **argv, AppOptions *o)
{
    memset(o, 0, sizeof *o);
    o->w = 1280;
    o->h = 800;
    o->exit_when_dark = -1;
    o->dim_seconds = -1;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            usage(stdout);
            return 1;
        } else if (!strcmp(arg, "--version")) {
            printf("hushabye %s\n", HUSHABYE_VERSION);
            return 1;
        } else if (!strcmp(arg, "--windowed")) {
            o->windowed = 1;
            takes = 0;
        } else if (!strcmp(arg, "--size") && val) {
            if (parse_size(val, &o->w, &o->h) < 0)
                goto bad;
            o->windowed = 1;
        } else if (!strcmp(arg, "--trace") && val) {
            o->trace_path = val;
        } else if (!strcmp(arg, "--clock") && val) {
            if (strcmp(val, "virtual") && strcmp(val, "real"))
                goto bad;
            o->virtual_clock = !strcmp(val, "virtual");
        } else if (!strcmp(arg, "--exit-when-dark") && val) {
            if (parse_seconds(val, &o->exit_when_dark) < 0)
                goto bad;
        } else if (!strcmp(arg, "--dim") && val) {
            if (parse_seconds(val, &o->dim_seconds) < 0)
                goto bad;
        } else if (!strcmp(arg, "--snapshot") && val) {
            o->snapshot_path = val;
        } else if (!strcmp(arg, "--snapshot-page") && val) {
            o->snapshot_scene = !strcmp(val, "reassurance") ? SCENE_REASSURANCE : atoi(val) - 1;
            if (o->snapshot_scene < SCENE_REASSURANCE || o->snapshot_scene == SCENE_NONE)
                goto bad;
        } else if (arg[0] == '-' && arg[1]) {
            fprintf(stderr, "hushabye: unknown option '%s' (try --help)\n", arg);
            return -1;
        } else if (!o->story_dir) {
            o->story_dir = arg;
            takes = 0;
        } else {
            fprintf(stderr, "hushabye: one story folder at a time for now ('%s')\n", arg);
            return -1;
        }
        i += takes;
        continue;
    bad:
        fprintf(stderr, "hushabye: bad value for %s: '%s' (try --help)\n", arg, val);
        return -1;
    }
    return 0;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Use dir as the data folder if it holds the bundled assets. 1 if it does. */
static int try_data(App *a, const char *dir)
{
    char probe[USERDATA_PATH + 32];
    if (snprintf(probe, sizeof probe, "%s/assets/reassurance", dir) >= (int)sizeof probe ||
        !is_dir(probe))
        return 0;
    if (snprintf(a->data_dir, sizeof a->data_dir, "%s", dir) >= (int)sizeof a->data_dir ||
        snprintf(a->assets_dir, sizeof a->assets_dir, "%s/assets", dir) >=
            (int)sizeof a->assets_dir)
        return 0;
    return 1;
}

/* The folder holding assets/ and stories/: $HUSHABYE_DATA, then the install
 * prefix relative to the program, then the source tree the build came from
 * (the build folder sits inside it), then the configured install prefix. */
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
    if (found || try_data(a, HUSHABYE_SOURCE_DATA) || try_data(a, HUSHABYE_INSTALL_DATA))
        return 0;
    return -1;
}

/* The first bundled story folder, by name. */
static int first_bundled(const App *a, char *out, size_t len)
{
    char dir[USERDATA_PATH + 16];
    snprintf(dir, sizeof dir, "%s/stories", a->data_dir);
    struct dirent **list = NULL;
    int n = scandir(dir, &list, NULL, alphasort);
    int found = -1;
    for (int i = 0; i < n; i++) {
        char path[sizeof dir + 260];
        snprintf(path, sizeof path, "%s/%s", dir, list[i]->d_name);
        if (found < 0 && list[i]->d_name[0] != '.' && is_dir(path)) {
            snprintf(out, len, "%s", path);
            found = 0;
        }
        free(list[i]);
    }
    free(list);
    return found;
}

static void load_font(App *a)
{
    char path[USERDATA_PATH], err[256];
    int kind = text_find_font(a->assets_dir, path, sizeof path);
    if (kind < 0) {
        diag_add(&a->diags, DIAG_WARNING, "fonts", 0,
                 "no font found: words are not shown (install fonts-sil-andika)");
        return;
    }
    if (kind == 0)
        diag_add(&a->diags, DIAG_WARNING, path, 0,
                 "SIL Andika not found, using this font instead (install fonts-sil-andika)");
    a->gfx.font = text_font_load(path, err, sizeof err);
    if (!a->gfx.font)
        diag_add(&a->diags, DIAG_WARNING, path, 0, "cannot use this font: %s", err);
}

/* Everything before the window: data, the family's files, the story. */
static int setup(App *a)
{
    static char story_path[USERDATA_PATH + 300];
    if (find_data(a) < 0) {
        fprintf(stderr, "hushabye: cannot find the program's data (assets/); set HUSHABYE_DATA\n");
        return -1;
    }
    if (userdata_paths(&a->paths) < 0)
        diag_add(&a->diags, DIAG_WARNING, "HOME", 0, "no home folder: family files not read");
    settings_defaults(&a->settings);
    if (a->paths.config_dir[0])
        settings_load(&a->paths, &a->settings, &a->diags);
    userdata_reassurance(&a->paths, a->assets_dir, &a->reassure, &a->diags);
    if (!a->opt.story_dir) {
        if (first_bundled(a, story_path, sizeof story_path) < 0) {
            fprintf(stderr, "hushabye: no story folder given and no bundled story found\n");
            return -1;
        }
        a->opt.story_dir = story_path;
    }
    if (story_load(a->opt.story_dir, &a->story, &a->diags) < 0) {
        app_flush_diags(a);
        fprintf(stderr, "hushabye: %s cannot be played; the closing words play instead\n",
                a->opt.story_dir);
    }
    app_flush_diags(a);
    return 0;
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
    int rc = parse_args(argc, argv, &a->opt);
    if (rc != 0)
        return rc < 0 ? 2 : 0;
    if (a->opt.trace_path && trace_open(&a->trace, a->opt.trace_path) < 0) {
        fprintf(stderr, "hushabye: cannot write the trace to %s\n", a->opt.trace_path);
        return 2;
    }
    if (setup(a) < 0)
        return 1;
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) < 0) {
        fprintf(stderr, "hushabye: cannot start the display: %s\n", SDL_GetError());
        return 1;
    }
    a->t0 = SDL_GetPerformanceCounter();
    a->polling_driver = driver_polls();
    int fullscreen = !a->opt.windowed;
    if (gfx_open(&a->gfx, a->story.title ? a->story.title : "Hushabye", a->opt.w, a->opt.h,
                 fullscreen, &a->diags) < 0) {
        app_flush_diags(a);
        SDL_Quit();
        return 1;
    }
    load_font(a); /* owned by gfx from here on */
    a->gfx.captions = a->settings.captions;
    snd_open(&a->snd, a->settings.volume, a->opt.virtual_clock, &a->diags);
    app_flush_diags(a);
    app_run(a);
    snd_close(&a->snd);
    gfx_close(&a->gfx);
    story_free(&a->story);
    diag_free(&a->diags);
    trace_close(&a->trace);
    SDL_Quit();
    return 0;
}
