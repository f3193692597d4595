/* test_settings — the settings table: parsing, the menu's choices, and saving
 * over a parent's own settings.ini without losing a word of it. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "motion.h"
#include "settings.h"

static void parse(Settings *s, const char *text, Diags *d)
{
    settings_parse(s, "settings.ini", text, strlen(text), d);
}

static void test_parse(void)
{
    Settings s;
    Diags d = { 0 };
    settings_defaults(&s);
    CHECK(s.dim_seconds == 45 && s.night_light && s.volume == 0.8 && s.brightness == 1 &&
              s.captions && !s.kiosk && s.stories_per_night == 3 && s.bundled_stories,
          "the defaults are the documented ones");

    static const struct { const char *text; double want; } volumes[] = {
        { "volume = 50%\n", 0.5 }, { "volume = 50\n", 0.5 }, { "volume = 0.5\n", 0.5 },
        { "volume = 1\n", 1.0 },   { "volume = 100 %\n", 1.0 }, { "volume = 0\n", 0.0 },
        { "volume = 0.25\n", 0.25 },
    };
    for (size_t i = 0; i < sizeof volumes / sizeof volumes[0]; i++) {
        settings_defaults(&s);
        parse(&s, volumes[i].text, &d);
        CHECK(d.n == 0 && s.volume == volumes[i].want,
              "'%.*s' is a volume of %g (a bare number up to 1 is a fraction)",
              (int)strlen(volumes[i].text) - 1, volumes[i].text, volumes[i].want);
        diag_free(&d);
    }
    static const char *const bad[] = {
        "volume = 150%\n", "volume = loud\n", "brightness = 5%\n", "dim-time = 3 hours\n",
        "dim-time = 5s\n", "stories-per-night = 2.5\n", "stories-per-night = 21\n",
        "captions = maybe\n", "bundled-stories = 2\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        settings_defaults(&s);
        Settings before = s;
        parse(&s, bad[i], &d);
        CHECK(d.n == 1 && d.items[0].line == 1 && memcmp(&s, &before, sizeof s) == 0,
              "'%.*s' is refused with a warning on its line and changes nothing",
              (int)strlen(bad[i]) - 1, bad[i]);
        diag_free(&d);
    }
    settings_defaults(&s);
    parse(&s, "[hushabye]\nbrightness = 40%\nbundled-stories = off\nkiosk = yes\ncolour = blue\n",
          &d);
    CHECK(s.brightness == 0.4 && !s.bundled_stories && s.kiosk, "new settings are read");
    CHECK(d.n == 1 && d.items[0].line == 5 && strstr(d.items[0].msg, "colour"),
          "an unknown key is a warning naming it, with its line");
    diag_free(&d);
}

static void test_menu(void)
{
    Settings s;
    char label[SETTINGS_LINE];
    settings_defaults(&s);
    settings_label(&s, SETTING_DIM_TIME, label, sizeof label);
    CHECK_STR(label, "Dimming to dark: 45 seconds", "a time's label");
    settings_label(&s, SETTING_VOLUME, label, sizeof label);
    CHECK_STR(label, "Loudness: 80%", "a percentage's label");
    settings_cycle(&s, SETTING_VOLUME);
    CHECK(s.volume == 1.0, "the volume steps up to the next choice");
    settings_cycle(&s, SETTING_VOLUME);
    CHECK(s.volume == 0.2, "and wraps round to the quietest");
    settings_cycle(&s, SETTING_CAPTIONS);
    CHECK(!s.captions, "an on/off setting toggles");
    s.dim_seconds = 100; /* a value a parent typed, between the menu's choices */
    settings_cycle(&s, SETTING_DIM_TIME);
    CHECK(s.dim_seconds == 120, "a typed value steps to the next choice above it");
    for (int i = 0; i < SETTING_COUNT; i++)
        CHECK(settings_key((SettingId)i)[0] != '\0', "setting %d has a key", i);
}

/* Render s over old and parse the result back. */
static char *render(const char *old, const Settings *s, Settings *back)
{
    char *out = NULL;
    size_t len = 0;
    Diags d = { 0 };
    CHECK(settings_render(old, old ? strlen(old) : 0, s, &out, &len) == 0, "rendering works");
    if (!out)
        return NULL;
    CHECK(strlen(out) == len, "the length given is the text's");
    settings_defaults(back);
    settings_parse(back, "settings.ini", out, len, &d);
    CHECK(d.n == 0 || old, "a file written from nothing reads back without a warning");
    diag_free(&d);
    return out;
}

static void test_render(void)
{
    Settings s, back;
    settings_defaults(&s);
    s.volume = 0.4;
    s.brightness = 0.5;
    s.kiosk = 1;
    char *out = render(NULL, &s, &back);
    CHECK(out && memcmp(&s, &back, sizeof s) == 0, "a new file reads back as saved");
    CHECK(out && strstr(out, "volume = 40%\n") && strstr(out, "# Hushabye settings"),
          "a new file lists every setting under a comment");
    free(out);

    const char *mine = "# Grandma's tablet\r\n"
                       "\r\n"
                       "[hushabye]\r\n"
                       "  volume   =  50%   \r\n"
                       "; she likes it slow\r\n"
                       "dim-time = 90s\r\n"
                       "colour = blue\r\n"
                       "volume = 60%\r\n"
                       "captions = off";
    settings_defaults(&s);
    Diags d = { 0 };
    settings_parse(&s, "settings.ini", mine, strlen(mine), &d);
    diag_free(&d);
    CHECK(s.volume == 0.6 && s.dim_seconds == 90 && !s.captions, "the parent's file is read");
    out = render(mine, &s, &back);
    CHECK_STR(out, mine, "saving unchanged settings leaves the file byte for byte");
    free(out);

    s.volume = 0.8;  /* the last volume line is the one that counts */
    s.night_light = 0; /* not in the file: added at its end */
    out = render(mine, &s, &back);
    const char *want = "# Grandma's tablet\r\n"
                       "\r\n"
                       "[hushabye]\r\n"
                       "  volume   =  50%   \r\n"
                       "; she likes it slow\r\n"
                       "dim-time = 90s\r\n"
                       "colour = blue\r\n"
                       "volume = 80%\r\n"
                       "captions = off\n"
                       "night-light = off\n";
    CHECK_STR(out, want, "only the changed line is rewritten; comments, unknown lines, "
                         "spacing and line ends are kept; a new setting is added at the end");
    CHECK(memcmp(&s, &back, sizeof s) == 0, "and it reads back as saved");
    free(out);

    const char *broken = "volume = very loud\n";
    settings_defaults(&s);
    s.volume = 0.2;
    out = render(broken, &s, &back);
    CHECK_STR(out, "volume = 20%\n", "a line with a bad value is replaced by the saved one");
    free(out);
}

/* The moving pictures setting: on, low or off, in the file and the menu. */
static void test_motion(void)
{
    Settings s;
    Diags d = { 0 };
    char text[SETTINGS_LINE];
    settings_defaults(&s);
    CHECK(s.motion == MOTION_SETTING_ON, "moving pictures are on by default");
    static const struct { const char *line; int want; } good[] = {
        { "motion = low\n", MOTION_SETTING_LOW }, { "motion = off\n", MOTION_SETTING_OFF },
        { "motion = OFF\n", MOTION_SETTING_OFF }, { "motion = on\n", MOTION_SETTING_ON },
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        settings_defaults(&s);
        s.motion = good[i].want == MOTION_SETTING_ON ? MOTION_SETTING_OFF : MOTION_SETTING_ON;
        parse(&s, good[i].line, &d);
        CHECK(d.n == 0 && s.motion == good[i].want, "'%.*s' is read without a warning",
              (int)strlen(good[i].line) - 1, good[i].line);
        diag_free(&d);
    }
    settings_defaults(&s);
    s.motion = MOTION_SETTING_LOW;
    parse(&s, "motion = fast\n", &d);
    CHECK(d.n == 1 && s.motion == MOTION_SETTING_LOW &&
              strstr(d.items[0].msg, "'motion = fast' is not on, low or off"),
          "a word that is not a choice is a warning naming the choices, and the value stays");
    diag_free(&d);
    s.motion = MOTION_SETTING_LOW;
    settings_value_text(&s, SETTING_MOTION, text, sizeof text);
    CHECK_STR(text, "low", "settings.ini writes the word");
    settings_label(&s, SETTING_MOTION, text, sizeof text);
    CHECK_STR(text, "Moving pictures: low", "the menu's label says the word");
    CHECK(settings_in_menu(SETTING_MOTION), "the parents' menu offers it");
    settings_defaults(&s);
    settings_cycle(&s, SETTING_MOTION);
    CHECK(s.motion == MOTION_SETTING_LOW, "the menu steps on to low");
    settings_cycle(&s, SETTING_MOTION);
    CHECK(s.motion == MOTION_SETTING_OFF, "then off");
    settings_cycle(&s, SETTING_MOTION);
    CHECK(s.motion == MOTION_SETTING_ON, "then back to on");
    char *out = NULL;
    size_t len = 0;
    s.motion = MOTION_SETTING_OFF;
    const char *old = "[hushabye]\nvolume = 60%\n";
    CHECK(settings_render(old, strlen(old), &s, &out, &len) == 0 && out &&
              strstr(out, "motion = off\n"), "a saved off is written into the file");
    free(out);
}

/* panel-hook: a command as written, kept through a save, never in the menu. */
static void test_panel_hook(void)
{
    Settings s, back;
    Diags d = { 0 };
    settings_defaults(&s);
    CHECK_STR(s.panel_hook, "", "by default there is no panel hook");
    CHECK(!settings_in_menu(SETTING_PANEL_HOOK), "the hook is the parents' file's, not the menu's");
    const char *file = "[hushabye]\npanel-hook = /usr/local/bin/tv-power --hdmi 1\n";
    settings_parse(&s, "settings.ini", file, strlen(file), &d);
    CHECK(d.n == 0, "a panel-hook line reads without a warning");
    CHECK_STR(s.panel_hook, "/usr/local/bin/tv-power --hdmi 1", "the command is kept as written");
    char *out = render(file, &s, &back);
    CHECK_STR(out, file, "saving leaves the hook's line byte for byte");
    free(out);
    s.volume = 0.5;
    out = render(file, &s, &back);
    CHECK(out && strstr(out, "panel-hook = /usr/local/bin/tv-power --hdmi 1\n") &&
              strcmp(back.panel_hook, s.panel_hook) == 0,
          "another setting's change keeps the hook");
    free(out);
    snprintf(s.panel_hook, sizeof s.panel_hook, "%s", "dim-panel");
    out = render(file, &s, &back);
    CHECK(out && strstr(out, "panel-hook = dim-panel\n") && !strstr(out, "tv-power"),
          "a changed hook is written over its line");
    free(out);

    settings_defaults(&s);
    out = render(NULL, &s, &back);
    CHECK(out && !strstr(out, "panel-hook"), "a new file has no empty panel-hook line");
    free(out);
    snprintf(s.panel_hook, sizeof s.panel_hook, "%s", "hook");
    out = render("[hushabye]\n", &s, &back);
    CHECK_STR(out, "[hushabye]\npanel-hook = hook\n", "a hook not in the file yet is added");
    free(out);

    char longline[400] = "panel-hook = ";
    memset(longline + 13, 'x', 300);
    longline[313] = '\0';
    settings_defaults(&s);
    settings_parse(&s, "settings.ini", longline, strlen(longline), &d);
    CHECK(d.n == 1 && s.panel_hook[0] == '\0',
          "a command of 256 characters or more is a warning and no hook");
    diag_free(&d);
}

/* drawing: auto by default, cpu or gpu to force a path, never in the menu. */
static void test_drawing(void)
{
    Settings s;
    Diags d = { 0 };
    char text[SETTINGS_LINE];
    settings_defaults(&s);
    CHECK(s.drawing == DRAWING_AUTO, "by default the player chooses its drawing path");
    CHECK(!settings_in_menu(SETTING_DRAWING), "the drawing path is the parents' file's, not the menu's");
    static const struct { const char *line; int want; } good[] = {
        { "drawing = cpu\n", DRAWING_CPU },
        { "drawing = GPU\n", DRAWING_GPU },
        { "drawing = auto\n", DRAWING_AUTO },
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        s.drawing = good[i].want == DRAWING_CPU ? DRAWING_GPU : DRAWING_CPU;
        parse(&s, good[i].line, &d);
        CHECK(d.n == 0 && s.drawing == good[i].want, "'%.*s' is read without a warning",
              (int)strlen(good[i].line) - 1, good[i].line);
        diag_free(&d);
    }
    s.drawing = DRAWING_CPU;
    parse(&s, "drawing = vulkan\n", &d);
    CHECK(d.n == 1 && s.drawing == DRAWING_CPU &&
              strstr(d.items[0].msg, "'drawing = vulkan' is not auto, cpu or gpu"),
          "a path that is not a choice is a warning naming the choices, and the value stays");
    diag_free(&d);
    settings_value_text(&s, SETTING_DRAWING, text, sizeof text);
    CHECK_STR(text, "cpu", "settings.ini writes the word");
    char *out = NULL;
    size_t len = 0;
    const char *old = "[hushabye]\nvolume = 60%\n";
    CHECK(settings_render(old, strlen(old), &s, &out, &len) == 0 && out &&
              strstr(out, "[hushabye]\n") && strstr(out, "drawing = cpu\n"),
          "a forced path is written into the file's section");
    free(out);
}

/* A picture saved as settings.ini is one warning, not its bytes quoted line
 * by line; CR-only lines are lines; a quoted hook keeps its ' #'. */
static void test_odd_files(void)
{
    static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0,
                                         13, 'I', 'H', 'D', 'R', 0, 0, 1, 0, 0, 0, 1, 0, 8, 6,
                                         '\n', 0xfc, 0x06, ']', '\n', 0x08, 0xfc, 0x01, '\n' };
    Settings s;
    Diags d = { 0 };
    settings_defaults(&s);
    settings_parse(&s, "settings.ini", (const char *)png, sizeof png, &d);
    CHECK(d.n == 1 && strstr(d.items[0].msg, "is not text (it looks like a PNG picture)") &&
              s.dim_seconds == 45,
          "a picture saved as settings.ini is one warning and the usual settings (%d: %s)", d.n,
          d.n ? d.items[0].msg : "");
    diag_free(&d);
    settings_defaults(&s);
    parse(&s, "volume = 50%\rdim-time = 30\r", &d);
    CHECK(d.n == 0 && s.volume == 0.5 && s.dim_seconds == 30,
          "a settings file of CR-only lines sets every line (%d notes)", d.n);
    diag_free(&d);
}

int main(void)
{
    test_parse();
    test_odd_files();
    test_menu();
    test_render();
    test_motion();
    test_panel_hook();
    test_drawing();
    CHECK_DONE();
}
