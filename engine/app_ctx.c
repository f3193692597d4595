/* app_ctx — the small services every screen and the loop use (see app.h).
 *
 * The clock, the problems printed as they come, the night's brightness and
 * volume, the trace's name of a scene, installing what the background
 * decoding finished, and the dark itself. Kept apart from the loop (app.c)
 * so that the screens depend on these and never on the loop, and the loop
 * reaches the screens only through their tables: no call circle. */
#include <stdio.h>

#include "app.h"
#include "i18n.h"
#include "mem.h"

double app_now(const App *a)
{
    if (a->opt.virtual_clock)
        return a->now;
    return (double)(SDL_GetPerformanceCounter() - a->t0) / (double)SDL_GetPerformanceFrequency();
}

void app_flush_diags(App *a)
{
    char line[DIAG_LINE_MAX];
    for (; a->diags_printed < a->diags.n; a->diags_printed++) {
        /* A night of many bad files (999 pages of pictures that do not
         * open) tells the first ones as they come and counts the rest, told
         * in one line at the end (app_diags_unsaid): every one is still in
         * the menu's list and the trace's count. */
        if (a->diags_said >= APP_DIAGS_SAID_MAX) {
            a->diags_unsaid++;
            continue;
        }
        diag_format(&a->diags.items[a->diags_printed], line, sizeof line);
        fprintf(stderr, "hushabye: %s\n", line);
        a->diags_said++;
    }
}

void app_diags_unsaid(App *a)
{
    app_flush_diags(a);
    if (a->diags_unsaid > 0)
        fprintf(stderr, ngettext("hushabye: … and %d more problem met while playing "
                                 "(hushabye-story check tells a folder's problems)\n",
                                 "hushabye: … and %d more problems met while playing "
                                 "(hushabye-story check tells a folder's problems)\n",
                                 (unsigned long)a->diags_unsaid),
                a->diags_unsaid);
    a->diags_unsaid = 0;
}

void app_flush_story_diags(App *a, const char *folder, const Story *st)
{
    const char *where = st && st->name ? st->name : folder;
    diag_print_capped(&a->diags, a->diags_printed, DIAG_SHOWN_MAX, where, folder, stderr,
                      "hushabye: ");
    a->diags_printed = a->diags.n;
}

double app_brightness(const App *a)
{
    double b = a->settings.brightness;
    return a->sh.night && b > APP_NIGHT_BRIGHTNESS ? APP_NIGHT_BRIGHTNESS : b;
}

double app_volume(const App *a)
{
    return a->settings.volume * (a->sh.night ? APP_NIGHT_VOLUME : 1.0);
}

void app_scene_name(SceneId scene, char *buf, size_t len)
{
    if (scene_kind(scene) == SCENE_KIND_REASSURANCE)
        snprintf(buf, len, "reassurance");
    else if (!scene_is_page(scene))
        snprintf(buf, len, "none");
    else
        snprintf(buf, len, "%d", scene_page_index(scene) + 1);
}

int app_showing(App *a, SceneId scene)
{
    PlayerScene s;
    a->screen->scene(a, app_now(a), &s);
    for (int i = 0; i < s.nlayers; i++)
        if (s.layer[i].scene == scene)
            return 1;
    return 0;
}

/* A page that arrives while it is on screen is drawn at once; covers go to
 * the shelf. */
void app_collect(App *a)
{
    GfxCollected c;
    char n[32];
    gfx_collect(&a->gfx, &a->diags, &c);
    for (int i = 0; i < c.nlate; i++) {
        app_scene_name(c.late[i], n, sizeof n);
        trace_event(&a->trace, app_now(a), "picture-late", "n=%s", n);
    }
    for (int i = 0; i < c.ninstalled; i++)
        if (app_showing(a, c.installed[i]))
            a->redraw = 1;
    for (int i = 0; i < c.npictures; i++)
        app_shelf_cover(a, &c.pictures[i]);
    if (gfx_pages_held(&a->gfx) > a->max_pages_held)
        a->max_pages_held = gfx_pages_held(&a->gfx);
    app_flush_diags(a);
}

void app_go_dark(App *a, double t)
{
    if (snd_music_playing(&a->snd))
        trace_event(&a->trace, t, "music-stop", NULL);
    snd_close(&a->snd);            /* no audio thread in the dark */
    gfx_release_all(&a->gfx);      /* the black screen needs no texture */
    app_readalong_release(a);
    hb_big_trim();                 /* and the pages' buffers kept for reuse */
    SDL_EnableScreenSaver();       /* the tablet may sleep now */
    a->dark_at = t;
    /* What the dark holds, as facts the tests can check. */
    trace_event(&a->trace, t, "dark", "audio=%s timers=%s screensaver=%s textures=%d buffers=%d",
                SDL_WasInit(SDL_INIT_AUDIO) ? "open" : "closed",
                SDL_WasInit(SDL_INIT_TIMER) ? "on" : "off",
                SDL_IsScreenSaverEnabled() ? "allowed" : "held",
                gfx_pages_held(&a->gfx), hb_big_stats().blocks);
    panel_dark(&a->panel, &a->trace, t, &a->diags); /* and the panel off, where it can be */
}

void app_screen_leave(App *a, double now)
{
    if (a->screen && a->screen->leave)
        a->screen->leave(a, now);
}

void app_screen_enter(App *a, const Screen *s, double now)
{
    a->screen = s;
    a->dark_at = PLAYER_NEVER;
    SDL_DisableScreenSaver();
    /* Whatever leaves the dark lights the panel again (dimly): a backlight
     * left at 0 would hide the screen just entered. Nothing when it is on. */
    panel_wake(&a->panel, &a->trace, now, &a->diags);
    s->enter(a, now);
}
