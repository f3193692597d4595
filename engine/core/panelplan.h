/* panelplan — how the screen is put out in the dark, decided from what the
 * system offers (pure: plain flags in, an ordered list out).
 *
 * A backlit panel showing black still glows in a dark room, and the backlight
 * is a tablet's largest power draw, so once the night is dark the panel is
 * turned off where the system lets Hushabye do it. The ways, in the order
 * they are tried (the edge, engine/sys/panel.c, stops at the first that
 * works):
 *   1. DPMS on X11: the X server puts the monitor to sleep (on most laptops
 *      and tablets this also turns the backlight off);
 *   2. the backlight through logind (Session.SetBrightness), on a kiosk only:
 *      a parent's own laptop keeps the brightness its owner chose;
 *   3. the family's panel-hook command, for hardware neither can reach.
 * When none of them can, the screen saver is still allowed again in the dark,
 * and where that truly lets the system blank the screen on idle (X11's screen
 * saver) the word is "blank-allowed"; otherwise ("unavailable") nothing can
 * be done: the dummy driver has no screen, and SDL 2.26 on Wayland keeps its
 * idle inhibitor until the window closes (see engine/sys/panel.c). */
#ifndef HUSHABYE_PANELPLAN_H
#define HUSHABYE_PANELPLAN_H

typedef enum { PANEL_VIDEO_NONE, PANEL_VIDEO_X11, PANEL_VIDEO_WAYLAND, PANEL_VIDEO_OTHER } PanelVideo;

typedef enum { PANEL_NONE, PANEL_DPMS, PANEL_BACKLIGHT, PANEL_HOOK } PanelMethod;

#define PANEL_METHODS 3

/* What the system offers, as the edge found it. */
typedef struct {
    PanelVideo video;   /* NONE: the dummy driver, no screen at all */
    int dpms;           /* X11: the DPMS extension is there and the monitor capable */
    int backlight;      /* a /sys/class/backlight device and the system bus */
    int kiosk;          /* running as a kiosk (the backlight is a kiosk's only) */
    int hook;           /* a panel-hook command is set */
    int idle_blanks;    /* with the screen saver allowed, the system blanks on idle */
} PanelAvail;

/* The ways to try, best first, into out[PANEL_METHODS]; returns how many
 * (0: none can turn the panel off here). */
int panelplan_methods(const PanelAvail *a, PanelMethod out[PANEL_METHODS]);

/* The trace's word for the dark: "off" when method (the one that worked, or
 * PANEL_NONE) turned the panel off, else "blank-allowed" when the system may
 * blank the screen itself on idle (idle_blanks), else "unavailable". */
const char *panelplan_word(const PanelAvail *a, PanelMethod method);

/* A method's name for the trace: "dpms", "backlight", "hook" or "none". */
const char *panelplan_method_name(PanelMethod m);

/* The backlight's level on the first touch after the dark, from the level
 * it had before (max its device's maximum): a fifth of it, at least 1, so
 * the panel wakes dim and never jumps to full. */
int panelplan_wake_level(int before, int max);

#endif
