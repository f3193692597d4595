/* test_panelplan — which ways put the panel out in the dark, in which order,
 * given what the system offers; the trace's word; the level a backlight
 * wakes at. */
#include "check.h"
#include "panelplan.h"

typedef struct {
    const char *what;
    PanelAvail avail;
    PanelMethod want[PANEL_METHODS];
    int n;
    const char *word_if_none_works;
} Case;

static const Case cases[] = {
    { "the dummy driver with nothing set: nothing to try, unavailable",
      { PANEL_VIDEO_NONE, 0, 0, 0, 0, 0 }, { PANEL_NONE }, 0, "unavailable" },
    { "the dummy driver never touches a backlight, even on a kiosk",
      { PANEL_VIDEO_NONE, 0, 1, 1, 0, 0 }, { PANEL_NONE }, 0, "unavailable" },
    { "the dummy driver still runs the family's hook",
      { PANEL_VIDEO_NONE, 0, 0, 0, 1, 0 }, { PANEL_HOOK }, 1, "unavailable" },
    { "X11 with DPMS: DPMS alone",
      { PANEL_VIDEO_X11, 1, 0, 0, 0, 1 }, { PANEL_DPMS }, 1, "blank-allowed" },
    { "X11 without DPMS (Xvfb): the screen saver is allowed, nothing forced",
      { PANEL_VIDEO_X11, 0, 0, 0, 0, 1 }, { PANEL_NONE }, 0, "blank-allowed" },
    { "X11 kiosk with DPMS, a backlight and a hook: DPMS, then the backlight, then the hook",
      { PANEL_VIDEO_X11, 1, 1, 1, 1, 1 }, { PANEL_DPMS, PANEL_BACKLIGHT, PANEL_HOOK }, 3,
      "blank-allowed" },
    { "a parent's own X11 laptop (no kiosk): DPMS but never its backlight",
      { PANEL_VIDEO_X11, 1, 1, 0, 0, 1 }, { PANEL_DPMS }, 1, "blank-allowed" },
    { "Wayland has no DPMS of Hushabye's: a kiosk's backlight",
      { PANEL_VIDEO_WAYLAND, 1, 1, 1, 0, 0 }, { PANEL_BACKLIGHT }, 1, "unavailable" },
    { "Wayland kiosk with a backlight and a hook: the backlight first, the hook if it fails",
      { PANEL_VIDEO_WAYLAND, 0, 1, 1, 1, 0 }, { PANEL_BACKLIGHT, PANEL_HOOK }, 2, "unavailable" },
    { "Wayland without a backlight: the hook",
      { PANEL_VIDEO_WAYLAND, 0, 0, 1, 1, 0 }, { PANEL_HOOK }, 1, "unavailable" },
    { "Wayland with nothing, the idle inhibitor held (SDL 2.26): unavailable",
      { PANEL_VIDEO_WAYLAND, 0, 0, 1, 0, 0 }, { PANEL_NONE }, 0, "unavailable" },
    { "Wayland with nothing, the inhibitor released: blanking is the compositor's",
      { PANEL_VIDEO_WAYLAND, 0, 0, 1, 0, 1 }, { PANEL_NONE }, 0, "blank-allowed" },
    { "the dummy driver has no screen to blank, whatever it claims",
      { PANEL_VIDEO_NONE, 0, 0, 0, 0, 1 }, { PANEL_NONE }, 0, "unavailable" },
    { "another driver (KMSDRM) on a kiosk: the backlight",
      { PANEL_VIDEO_OTHER, 0, 1, 1, 0, 0 }, { PANEL_BACKLIGHT }, 1, "unavailable" },
};

static void test_methods(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const Case *c = &cases[i];
        PanelMethod got[PANEL_METHODS] = { PANEL_NONE, PANEL_NONE, PANEL_NONE };
        int n = panelplan_methods(&c->avail, got);
        int same = n == c->n;
        for (int k = 0; same && k < n; k++)
            same = got[k] == c->want[k];
        CHECK(same, "%s (got %d ways, first %s)", c->what, n, panelplan_method_name(got[0]));
        CHECK_STR(panelplan_word(&c->avail, PANEL_NONE), c->word_if_none_works,
                  "%s: the trace's word when no way worked", c->what);
        for (int k = 0; k < n; k++)
            CHECK_STR(panelplan_word(&c->avail, got[k]), "off",
                      "%s: 'off' once way %s worked", c->what, panelplan_method_name(got[k]));
    }
}

static void test_names(void)
{
    CHECK_STR(panelplan_method_name(PANEL_DPMS), "dpms", "DPMS is named dpms in the trace");
    CHECK_STR(panelplan_method_name(PANEL_BACKLIGHT), "backlight", "the backlight is named");
    CHECK_STR(panelplan_method_name(PANEL_HOOK), "hook", "the hook is named");
    CHECK_STR(panelplan_method_name(PANEL_NONE), "none", "no way is 'none'");
}

static void test_wake_level(void)
{
    CHECK(panelplan_wake_level(100, 100) == 20, "a full backlight wakes at a fifth");
    CHECK(panelplan_wake_level(4000, 96000) == 800, "a fifth of what it was, not of the maximum");
    CHECK(panelplan_wake_level(3, 255) == 1, "a very dim panel wakes at 1, never at 0 (dark)");
    CHECK(panelplan_wake_level(0, 255) == 51, "an unknown level wakes at a fifth of the range");
    CHECK(panelplan_wake_level(900, 255) == 51, "a level above the maximum counts as the maximum");
    CHECK(panelplan_wake_level(50, 0) == 0, "a device with no range is left alone");
    for (int before = 1; before <= 1000; before++)
        if (panelplan_wake_level(before, 1000) > before) {
            CHECK(0, "waking never brightens past the level before the dark (%d)", before);
            return;
        }
    CHECK(1, "waking never brightens past the level before the dark");
}

int main(void)
{
    test_methods();
    test_names();
    test_wake_level();
    CHECK_DONE();
}
