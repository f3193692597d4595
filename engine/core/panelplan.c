/* panelplan — the order of the ways to put the panel out (see panelplan.h).
 *
 * DPMS comes first because it is the X server's own and undone by any input
 * (a touch in the dark brings the monitor back even if Hushabye did not);
 * the backlight next, because logind restores nothing by itself and a level
 * left at 0 would leave a tablet dark after Hushabye ends; the hook last, as
 * it runs a program the family chose. */
#include "panelplan.h"

int panelplan_methods(const PanelAvail *a, PanelMethod out[PANEL_METHODS])
{
    int n = 0;
    if (a->video == PANEL_VIDEO_X11 && a->dpms)
        out[n++] = PANEL_DPMS;
    if (a->backlight && a->kiosk && a->video != PANEL_VIDEO_NONE)
        out[n++] = PANEL_BACKLIGHT;
    if (a->hook)
        out[n++] = PANEL_HOOK;
    return n;
}

const char *panelplan_word(const PanelAvail *a, PanelMethod method)
{
    if (method != PANEL_NONE)
        return "off";
    return a->video != PANEL_VIDEO_NONE && a->idle_blanks ? "blank-allowed" : "unavailable";
}

const char *panelplan_method_name(PanelMethod m)
{
    switch (m) {
    case PANEL_DPMS: return "dpms";
    case PANEL_BACKLIGHT: return "backlight";
    case PANEL_HOOK: return "hook";
    default: return "none";
    }
}

int panelplan_wake_level(int before, int max)
{
    if (max <= 0)
        return 0;
    if (before <= 0 || before > max)
        before = max; /* unknown or odd: a fifth of the panel's range */
    int level = before / 5;
    return level < 1 ? 1 : level;
}
