/* panel — the screen off in the dark, on at a touch (see panel.h).
 *
 * DPMS goes through SDL's own X connection (SDL_GetWindowWMInfo), on the main
 * thread like every other use of it. DPMS must be enabled for a forced level
 * to take, and SDL_DisableScreenSaver suspends it, so the dark enables it
 * when the server had it off (an "xset -dpms" in the session's start) and
 * the wake puts that back.
 *
 * The backlight is set through logind, which lets the user of the active
 * session on a seat set its own backlight without root (Session.SetBrightness
 * on /org/freedesktop/login1/session/auto); its level is read from sysfs,
 * which anyone may read. The level before the first dark is kept and put back
 * at exit; a wake sets a fifth of it, so a story read after a wake is dim, as
 * the night's brightness is.
 *
 * The hook is the family's program for anything else (a TV over HDMI-CEC, a
 * relay): its words split at blanks into an argument list, "off" or "on"
 * added, started with posix_spawnp (no shell, so nothing in the setting is
 * interpreted), its signals unblocked (the player blocks SIGTERM for its
 * signal thread), and waited for at most PANEL_HOOK_SECONDS. */
#include "panel.h"

#include "i18n.h"

#include <SDL_syswm.h>
#include <X11/Xlib.h>
#include <X11/extensions/dpms.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <systemd/sd-bus.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define BACKLIGHT_DIR "/sys/class/backlight"
#define HOOK_ARGS 16

static PanelVideo video_of(SDL_Window *win, void **x11)
{
    const char *name = SDL_GetCurrentVideoDriver();
    SDL_SysWMinfo info;
    *x11 = NULL;
    if (!name || !strcmp(name, "dummy") || !strcmp(name, "offscreen"))
        return PANEL_VIDEO_NONE;
    if (!strcmp(name, "wayland"))
        return PANEL_VIDEO_WAYLAND;
    if (strcmp(name, "x11") != 0)
        return PANEL_VIDEO_OTHER;
    SDL_VERSION(&info.version);
    if (win && SDL_GetWindowWMInfo(win, &info) && info.subsystem == SDL_SYSWM_X11)
        *x11 = info.info.x11.display;
    return PANEL_VIDEO_X11;
}

static int dpms_capable(Display *x)
{
    int event, error;
    return x && DPMSQueryExtension(x, &event, &error) && DPMSCapable(x);
}

/* An integer from a sysfs file, or -1. */
static int read_level(const char *dev, const char *file)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s/%s", BACKLIGHT_DIR, dev, file);
    FILE *f = fopen(path, "r");
    int v = -1;
    if (f) {
        if (fscanf(f, "%d", &v) != 1)
            v = -1;
        fclose(f);
    }
    return v;
}

/* The first backlight device by name (the order is the kernel's otherwise). */
static int find_backlight(Panel *p)
{
    DIR *dir = opendir(BACKLIGHT_DIR);
    struct dirent *e;
    p->backlight[0] = '\0';
    if (!dir)
        return 0;
    while ((e = readdir(dir)) != NULL) {
        size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.' || n >= sizeof p->backlight)
            continue;
        if (!p->backlight[0] || strcmp(e->d_name, p->backlight) < 0)
            memcpy(p->backlight, e->d_name, n + 1); /* fits: n < sizeof p->backlight */
    }
    closedir(dir);
    p->bl_max = p->backlight[0] ? read_level(p->backlight, "max_brightness") : -1;
    if (p->bl_max <= 0)
        p->backlight[0] = '\0';
    return p->backlight[0] != '\0';
}

void panel_open(Panel *p, SDL_Window *win, const char *hook, int kiosk)
{
    memset(p, 0, sizeof *p);
    p->off = PANEL_NONE;
    p->bl_saved = -1;
    p->avail.video = video_of(win, &p->x11);
    p->avail.dpms = p->avail.video == PANEL_VIDEO_X11 && dpms_capable(p->x11);
    p->avail.kiosk = kiosk;
    /* Only a kiosk looks for a backlight: nothing of a laptop's is touched. */
    p->avail.backlight = kiosk && p->avail.video != PANEL_VIDEO_NONE && find_backlight(p);
    /* X11's screen saver blanks once allowed. SDL 2.26 on Wayland does not
     * release its idle inhibitor when the screen saver is allowed again: its
     * D-Bus path answers "already uninhibited" (no org.freedesktop.ScreenSaver
     * cookie was ever taken, as under cage or labwc) and returns before the
     * Wayland inhibitor is destroyed, so it is held until the window closes
     * (seen under cage with WAYLAND_DEBUG). A compositor cannot blank then. */
    p->avail.idle_blanks = p->avail.video == PANEL_VIDEO_X11;
    snprintf(p->hook, sizeof p->hook, "%s", hook ? hook : "");
    p->avail.hook = strspn(p->hook, " \t") < strlen(p->hook);
}

/* ---- DPMS ---- */

static int dpms_set(Panel *p, int off)
{
    Display *x = p->x11;
    CARD16 level;
    BOOL enabled;
    if (!DPMSInfo(x, &level, &enabled))
        return -1;
    if (off) {
        p->dpms_was_enabled = enabled;
        if (!enabled)
            DPMSEnable(x);
        DPMSForceLevel(x, DPMSModeOff);
    } else {
        DPMSForceLevel(x, DPMSModeOn);
        if (!p->dpms_was_enabled)
            DPMSDisable(x);
    }
    XSync(x, False);
    return 0;
}

/* ---- the backlight through logind ---- */

static int backlight_set(Panel *p, int level, Diags *d)
{
    sd_bus_error err = SD_BUS_ERROR_NULL;
    if (!p->bus && sd_bus_open_system(&p->bus) < 0) {
        p->bus = NULL;
        diag_add(d, DIAG_WARNING, "panel", 0, _("the backlight cannot be set: no system bus"));
        return -1;
    }
    int r = sd_bus_call_method(p->bus, "org.freedesktop.login1",
                               "/org/freedesktop/login1/session/auto",
                               "org.freedesktop.login1.Session", "SetBrightness", &err, NULL,
                               "ssu", "backlight", p->backlight, (uint32_t)level);
    if (r < 0)
        diag_add(d, DIAG_WARNING, "panel", 0, _("logind did not set the backlight %1$s: %2$s"),
                 p->backlight, err.message ? err.message : strerror(-r));
    sd_bus_error_free(&err);
    return r < 0 ? -1 : 0;
}

static int backlight_off(Panel *p, Diags *d)
{
    int now = read_level(p->backlight, "brightness");
    if (p->bl_saved < 0 && now > 0)
        p->bl_saved = now; /* only the family's own level, never one we set */
    return backlight_set(p, 0, d);
}

/* ---- the family's hook ---- */

/* Split the hook's words into argv (blanks separate; no quoting, no shell). */
static int hook_argv(char *buf, const char *word, char *argv[HOOK_ARGS + 2])
{
    int n = 0;
    for (char *save = NULL, *s = strtok_r(buf, " \t", &save); s && n < HOOK_ARGS;
         s = strtok_r(NULL, " \t", &save))
        argv[n++] = s;
    argv[n++] = (char *)word;
    argv[n] = NULL;
    return n;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { 0, ms * 1000000L };
    nanosleep(&ts, NULL);
}

/* Run the hook with word ("off" or "on"): 0 when it ended with status 0. */
static int hook_run(Panel *p, const char *word, Diags *d)
{
    char buf[SETTINGS_TEXT];
    char *argv[HOOK_ARGS + 2];
    snprintf(buf, sizeof buf, "%s", p->hook);
    hook_argv(buf, word, argv);
    posix_spawnattr_t attr;
    posix_spawn_file_actions_t fa;
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        diag_add(d, DIAG_WARNING, "panel-hook", 0, _("cannot run '%1$s': %2$s"), argv[0], strerror(rc));
        return -1;
    }
    int status = 0;
    long waited = 0;
    pid_t got;
    while ((got = waitpid(pid, &status, WNOHANG)) == 0 && waited < PANEL_HOOK_SECONDS * 1000) {
        sleep_ms(10);
        waited += 10;
    }
    if (got == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        diag_add(d, DIAG_WARNING, "panel-hook", 0, _("'%1$s %2$s' took over %3$.0f s and was stopped"),
                 argv[0], word, PANEL_HOOK_SECONDS);
        return -1;
    }
    if (got < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        diag_add(d, DIAG_WARNING, "panel-hook", 0, _("'%1$s %2$s' failed (status %3$d)"), argv[0], word,
                 got < 0 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        return -1;
    }
    return 0;
}

/* ---- dark and wake ---- */

static int method_off(Panel *p, PanelMethod m, Diags *d)
{
    switch (m) {
    case PANEL_DPMS: return dpms_set(p, 1);
    case PANEL_BACKLIGHT: return backlight_off(p, d);
    case PANEL_HOOK: return hook_run(p, "off", d);
    default: return -1;
    }
}

void panel_dark(Panel *p, Trace *tr, double t, Diags *d)
{
    PanelMethod ways[PANEL_METHODS];
    if (p->dark)
        return;
    p->dark = 1;
    p->off = PANEL_NONE;
    int n = panelplan_methods(&p->avail, ways);
    for (int i = 0; i < n && p->off == PANEL_NONE; i++)
        if (method_off(p, ways[i], d) == 0)
            p->off = ways[i];
    trace_event(tr, t, "panel", "panel=%s method=%s", panelplan_word(&p->avail, p->off),
                panelplan_method_name(p->off));
}

void panel_wake(Panel *p, Trace *tr, double t, Diags *d)
{
    if (!p->dark)
        return;
    p->dark = 0;
    PanelMethod was = p->off;
    if (was == PANEL_DPMS)
        dpms_set(p, 0);
    else if (was == PANEL_BACKLIGHT)
        backlight_set(p, panelplan_wake_level(p->bl_saved, p->bl_max), d);
    else if (was == PANEL_HOOK)
        hook_run(p, "on", d);
    p->off = PANEL_NONE;
    trace_event(tr, t, "panel", "panel=on method=%s", panelplan_method_name(was));
}

void panel_close(Panel *p)
{
    Diags quiet = { 0 }; /* at exit there is nobody to tell */
    if (p->dark && p->off == PANEL_DPMS)
        dpms_set(p, 0);
    if (p->dark && p->off == PANEL_HOOK)
        hook_run(p, "on", &quiet);
    if (p->bl_saved > 0)
        backlight_set(p, p->bl_saved, &quiet);
    diag_free(&quiet);
    if (p->bus)
        sd_bus_flush_close_unref(p->bus);
    p->bus = NULL;
    p->dark = 0;
    p->off = PANEL_NONE;
}
