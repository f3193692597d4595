/* panel — the screen truly off in the dark, and back on, dim, at a touch.
 *
 * When the night goes dark the player has already allowed the screen saver
 * again; panel_dark then turns the panel off with the first way the system
 * allows (engine/core/panelplan.h: DPMS on X11, a kiosk's backlight through
 * logind's Session.SetBrightness, the family's panel-hook command), and
 * panel_wake undoes what was done when a touch wakes the night: DPMS on, the
 * backlight at a fifth of what it was (the shelf then fades in as slowly as
 * ever, so nothing startles), the hook run with "on". panel_close puts the
 * backlight back as it was before the first dark. What happened is traced at
 * the moment it happens: "panel panel=off method=dpms", "panel=blank-allowed"
 * (only the system's own idle blanking is left: X without DPMS),
 * "panel=unavailable" (nothing can: the dummy driver; Wayland, where SDL 2.26
 * holds its idle inhibitor, without a backlight or hook), and "panel
 * panel=on method=..." on waking. Nothing here is ever fatal: a way that
 * fails is a warning and the next way is tried. */
#ifndef HUSHABYE_PANEL_H
#define HUSHABYE_PANEL_H

#include <SDL.h>

#include "diag.h"
#include "panelplan.h"
#include "settings.h"
#include "trace.h"

#define PANEL_HOOK_SECONDS 3.0   /* a hook still running after this is stopped */

typedef struct Panel {
    PanelAvail avail;
    PanelMethod off;            /* the way that turned the panel off, PANEL_NONE if on */
    int dark;                   /* between panel_dark and panel_wake */
    void *x11;                  /* the X Display (SDL's own connection), or NULL */
    int dpms_was_enabled;       /* DPMS as the X server had it before the dark */
    char backlight[64];         /* the device's name under /sys/class/backlight */
    int bl_max;                 /* its max_brightness */
    int bl_saved;               /* its level before the first dark, -1 = untouched */
    struct sd_bus *bus;         /* the system bus, opened when the backlight is first set */
    char hook[SETTINGS_TEXT];   /* the panel-hook command, "" = none */
} Panel;

/* Find what this system offers for win (SDL's video driver, the DPMS
 * extension, a backlight device) and keep the hook command (may be ""). The
 * backlight is used only when kiosk is set. */
void panel_open(Panel *p, SDL_Window *win, const char *hook, int kiosk);
/* The night is dark: turn the panel off the first way that works, and trace
 * it at t. Calling it again while dark does nothing. */
void panel_dark(Panel *p, Trace *tr, double t, Diags *d);
/* A touch woke the night: undo what panel_dark did, dimly, and trace it.
 * Does nothing when the panel is not dark. */
void panel_wake(Panel *p, Trace *tr, double t, Diags *d);
/* At exit: the panel on, the backlight at its level before the first dark. */
void panel_close(Panel *p);

#endif
