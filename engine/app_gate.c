/* app_gate — the parents' gate and menu: the overlay (see screen.h), and
 * kiosk mode.
 *
 * gate.c decides; this file shows it (one composed panel, redrawn only when
 * the gate's version changes) over whichever screen is current, lets that
 * screen pause under it (the page being read), applies the settings a parent
 * changes (saved atomically, at once) and switches kiosk mode: fullscreen,
 * cursor hidden, keyboard grabbed so Alt+Tab and Alt+F4 never reach the
 * window manager, window-close requests refused. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "escape.h"
#include "files.h"
#include "i18n.h"
#include "lang.h"
#include "layout.h"

/* Menu items: a few actions, and one item per setting the table offers
 * (ITEM_SETTING + its SettingId), in the table's order. */
enum { ITEM_BACK, ITEM_STUDIO, ITEM_LEAVE_KIOSK, ITEM_PROBLEMS, ITEM_QUIT, ITEM_SETTING };

static const char *const action_names[] = { "back", "studio", "leave-kiosk", "problems",
                                            "quit" };

/* A menu label's bytes: a translation in a script of three bytes a letter
 * (Devanagari, CJK) is three times the English. */
#define MENU_LABEL 192

#define PROBLEMS_SHOWN 6        /* lines on the problems page; the rest are counted */

void app_trace_ui(App *a, const char *text)
{
    const char *on = getenv("HUSHABYE_TRACE_UI");
    if (on && !strcmp(on, "1") && text && text[0])
        trace_event(&a->trace, app_now(a), "ui-text", "\"%s\"", text);
}

/* The interface's words on a panel, each traced (app_trace_ui). */
static void trace_panel(App *a, const ComposePanel *p)
{
    app_trace_ui(a, p->title);
    app_trace_ui(a, p->status);
    for (int i = 0; i < p->nlines; i++)
        app_trace_ui(a, p->lines[i]);
    for (int i = 0; i < p->nbuttons; i++)
        app_trace_ui(a, p->buttons[i].label);
}

/* The trace's name of an item: the action, or the setting's key. */
static const char *item_name(int id)
{
    if (id >= ITEM_SETTING)
        return id - ITEM_SETTING == SETTING_KIOSK ? "kiosk-at-start"
                                                  : settings_key((SettingId)(id - ITEM_SETTING));
    return action_names[id];
}

/* The story a parent would record from here (the screen under the menu
 * says which), or NULL. */
static const Story *studio_story(const App *a)
{
    return a->screen->story ? a->screen->story(a) : NULL;
}

/* The menu's items now: their ids and labels. */
static int menu_items(const App *a, int *ids, char labels[][MENU_LABEL])
{
    int n = 0;
    ids[n] = ITEM_BACK;
    snprintf(labels[n++], MENU_LABEL, "%s",
             a->screen->back_label[0] ? _(a->screen->back_label) : ""); /* _("") is the header */
    if (studio_story(a)) {
        ids[n] = ITEM_STUDIO;
        snprintf(labels[n++], MENU_LABEL, "%s", _("Record this story in your voice"));
    }
    for (int i = 0; i < SETTING_COUNT && n < GATE_MENU_MAX - 3; i++) {
        if (!settings_in_menu((SettingId)i))
            continue;
        ids[n] = ITEM_SETTING + i;
        if (i == SETTING_KIOSK) /* the setting alone hid whether it is locked now */
            /* TRANSLATORS: the kiosk setting: %1$s is on or off (at start),
               %2$s whether the player is locked now. */
            snprintf(labels[n++], MENU_LABEL, _("Start locked: %1$s (now: %2$s)"),
                     a->settings.kiosk ? _("on") : _("off"),
                     a->opt.kiosk ? _("locked") : _("unlocked"));
        else
            settings_label(&a->settings, (SettingId)i, labels[n++], MENU_LABEL);
    }
    if (a->opt.kiosk) {
        ids[n] = ITEM_LEAVE_KIOSK;
        snprintf(labels[n++], MENU_LABEL, "%s", _("Locked now (kiosk): on \u2014 unlock"));
    }
    if (a->diags.n > 0) { /* warnings a tablet's terminal would have swallowed */
        ids[n] = ITEM_PROBLEMS;
        snprintf(labels[n++], MENU_LABEL, _("Problems found: %d"), a->diags.n);
    }
    ids[n] = ITEM_QUIT;
    snprintf(labels[n++], MENU_LABEL, "%s", _("Quit Hushabye"));
    return n;
}

/* One problem as a parent reads it: the file's own name (not the whole
 * path) and the message, escaped, cut to a line's worth. */
static void problem_line(const Diag *g, char *buf, size_t len)
{
    char name[ESC_NAME_MAX], msg[512];
    const char *path = g->path ? g->path : "";
    const char *slash = strrchr(path, '/');
    esc_str(slash && slash[1] ? slash + 1 : path, name, sizeof name);
    esc_str(g->msg ? g->msg : "", msg, sizeof msg);
    if (name[0] && g->line > 0)
        /* TRANSLATORS: one problem on the parents' problems page: the file's
           name, its line, and the message. */
        snprintf(buf, len, _("%1$s, line %2$d: %3$s"), name, g->line, msg);
    else if (name[0])
        snprintf(buf, len, "%s: %s", name, msg);
    else
        snprintf(buf, len, "%s", msg);
}

/* The Back button of the problems page, low in the middle. */
static LayoutRect problems_back_rect(int w, int h)
{
    return (LayoutRect){ w * 30 / 100, h * 82 / 100, w * 40 / 100, h * 13 / 100 };
}

/* The problems page: a title, the first problems one a line (each fitted
 * to its line, cut with an ellipsis), how many more, and Back. */
static int compose_problems(App *a, ComposeImage *img)
{
    int w = a->gfx.w, h = a->gfx.h;
    char lines[PROBLEMS_SHOWN + 1][ESC_NAME_MAX + 600], title[MENU_LABEL];
    const char *shown[PROBLEMS_SHOWN + 1];
    int n = 0;
    for (; n < a->diags.n && n < PROBLEMS_SHOWN; n++) {
        problem_line(&a->diags.items[n], lines[n], sizeof lines[n]);
        shown[n] = lines[n];
    }
    if (a->diags.n > n) {
        snprintf(lines[n], sizeof lines[n],
                 ngettext("and %d more (hushabye-story check tells them all)",
                          "and %d more (hushabye-story check tells them all)", a->diags.n - n),
                 a->diags.n - n);
        shown[n] = lines[n];
        n++;
    }
    snprintf(title, sizeof title, _("Problems found: %d"), a->diags.n);
    ComposeButton back = { problems_back_rect(w, h), _("Back"), 1 };
    ComposePanel panel;
    memset(&panel, 0, sizeof panel);
    panel.meter = -1;
    panel.title = title;
    panel.title_box = (LayoutRect){ w / 10, h * 2 / 100, w * 8 / 10, h * 12 / 100 };
    panel.lines = shown;
    panel.nlines = n;
    panel.lines_box = (LayoutRect){ w * 5 / 100, h * 16 / 100, w * 90 / 100, h * 62 / 100 };
    panel.buttons = &back;
    panel.nbuttons = 1;
    panel.font = a->gfx.font;
    trace_panel(a, &panel);
    return compose_panel(&panel, w, h, img);
}

/* Input on the problems page: Back (a tap on it, Escape, Return, a
 * tablet's Back) returns to the menu; anything else only keeps it open. */
static void problems_input(App *a, const InputEvent *e)
{
    int w = a->gfx.w, h = a->gfx.h, back = 0;
    LayoutRect r = problems_back_rect(w, h);
    a->menu.gate.touched = e->time; /* the menu's own timeout counts from here */
    if (e->kind == IN_TAP) {
        back = layout_contains(r, e->x * (float)w, e->y * (float)h);
    } else if (e->kind == IN_KEY) {
        back = strcmp(e->key, "Escape") == 0 || strcmp(e->key, "Return") == 0 ||
               strcmp(e->key, "AC Back") == 0 || strcmp(e->key, "BackSpace") == 0;
    }
    if (!back)
        return;
    a->menu.problems_open = 0;
    trace_event(&a->trace, e->time, "problems-closed", NULL);
    a->menu.gate.version++;
}

static void compose_menu_panel(App *a)
{
    int w = a->gfx.w, h = a->gfx.h, n = 0;
    char title[256], labels[GATE_MENU_MAX][MENU_LABEL], digits[GATE_DIGITS][8];
    int ids[GATE_MENU_MAX];
    ComposeButton b[GATE_MENU_MAX];
    ComposePanel panel;
    memset(&panel, 0, sizeof panel);
    panel.meter = -1;
    /* Laid out, and its taps tested, in the interface's direction. */
    a->menu.gate.rtl = lang_is_rtl(i18n_language());
    if (a->menu.gate.state == GATE_RESTING) {
        /* no tiles to tap: only when it asks again */
        gate_rest_prompt(&a->menu.gate, a->menu.gate.touched, title, sizeof title);
        panel.title_box = (LayoutRect){ w / 10, h * 35 / 100, w * 8 / 10, h * 30 / 100 };
    } else if (a->menu.gate.state == GATE_ASKING) {
        gate_prompt(&a->menu.gate, title, sizeof title);
        for (int d = 1; d <= GATE_DIGITS; d++, n++) {
            i18n_digit(i18n_language(), d, digits[n], sizeof digits[n]);
            b[n] = (ComposeButton){ gate_place(&a->menu.gate, gate_digit_rect(w, h, d), w),
                                    digits[n], 0 };
        }
        panel.title_box = (LayoutRect){ w / 10, h * 18 / 100, w * 8 / 10, h * 20 / 100 };
    } else {
        snprintf(title, sizeof title, "%s", _("For grown-ups"));
        int count = menu_items(a, ids, labels);
        for (; n < count; n++)
            b[n] = (ComposeButton){ gate_place(&a->menu.gate, gate_item_rect(w, h, n, count), w),
                                    labels[n], n == a->menu.gate.selected };
        panel.title_box = (LayoutRect){ w / 10, h * 2 / 100, w * 8 / 10, h * 12 / 100 };
    }
    panel.title = title;
    panel.buttons = b;
    panel.nbuttons = n;
    panel.font = a->gfx.font;
    ComposeImage img;
    int problems = a->menu.problems_open && a->menu.gate.state == GATE_MENU;
    if (!problems)
        trace_panel(a, &panel);
    int rc = problems ? compose_problems(a, &img) : compose_panel(&panel, w, h, &img);
    if (rc == 0) {
        gfx_upload_scene(&a->gfx, SCENE_PANEL, &img);
        compose_free(&img);
        a->menu.composed = a->menu.gate.version;
    }
}

static void gate_open_over(App *a, double now)
{
    /* The question depends on the moment only: replays ask it again alike. */
    gate_open(&a->menu.gate, now, (unsigned)(now * 1000.0) ^ 0x5bd1e995u);
    a->menu.gate.rtl = lang_is_rtl(i18n_language());
    if (a->menu.gate.state == GATE_RESTING)
        trace_event(&a->trace, now, "gate-resting", "seconds=%.0f",
                    ceil(gate_rest_left(&a->menu.gate, now)));
    else
        trace_event(&a->trace, now, "gate-shown", "answer=%d,%d,%d", a->menu.gate.answer[0],
                    a->menu.gate.answer[1], a->menu.gate.answer[2]);
    PlayerPhase under = a->screen->phase(a);
    a->menu.opened = now;
    a->menu.from_dark = under == PHASE_DARK || under == PHASE_DIM;
    a->overlay = &screen_gate;
    panel_wake(&a->panel, &a->trace, now, &a->diags); /* summoned in the dark: seen */
    if (a->screen->cover)
        a->screen->cover(a, 1, now);
}

static void gate_closed(App *a, double now, const char *event)
{
    trace_event(&a->trace, now, event, NULL);
    a->menu.problems_open = 0;
    gfx_release(&a->gfx, SCENE_PANEL);
    a->menu.composed = -1;
    a->overlay = NULL;
    if (a->screen->cover)
        a->screen->cover(a, 0, now);
    a->redraw = 1;
    /* Closed over the dark: the panel goes off again, as it was (a hand that
     * summoned the gate at night must not leave the screen lit till morning). */
    if (a->screen->phase(a) == PHASE_DARK)
        panel_dark(&a->panel, &a->trace, now, &a->diags);
}

void app_set_kiosk(App *a, int on)
{
    a->opt.kiosk = on;
    SDL_ShowCursor(on ? SDL_DISABLE : SDL_ENABLE);
    SDL_SetWindowKeyboardGrab(a->gfx.win, on ? SDL_TRUE : SDL_FALSE);
    a->gfx.corner_mark = on;
}

static void save_settings(App *a)
{
    if (!a->paths.config_dir[0] || settings_save(&a->paths, &a->settings) == 0)
        return;
    /* Told on the problems page, where a parent looks: the menu shows the
     * new value, and it does hold, but only until the player quits. */
    const char *why = files_write_reason(errno);
    char path[USERDATA_PATH + 16];
    snprintf(path, sizeof path, "%s/settings.ini", a->paths.config_dir);
    diag_add(&a->diags, DIAG_WARNING, path, 0, _("the change holds tonight only: the settings "
             "cannot be saved (%s)"), why ? why : strerror(errno));
}

/* A setting changed in the menu: make it take effect now. */
static void apply_setting(App *a, SettingId id)
{
    switch (id) {
    case SETTING_DIM_TIME:
        /* The night being read dims after the new time; any other night
         * takes it from the settings when it begins. */
        if (a->play.player.phase < PHASE_DIM)
            a->play.player.cfg.dim_seconds = a->settings.dim_seconds;
        break;
    case SETTING_NIGHT_LIGHT:
        a->play.player.cfg.warm = a->settings.night_light;
        break;
    case SETTING_CAPTIONS:
        a->gfx.captions = a->settings.captions;
        gfx_release_all(&a->gfx); /* pages recompose with or without words */
        break;
    case SETTING_BRIGHTNESS:
        a->redraw = 1;
        break;
    case SETTING_LANGUAGE: /* spoken at once: the menu and the shelf composed again */
        trace_event(&a->trace, app_now(a), "language", "ui=%s",
                    i18n_set_language(a->settings.language));
        a->sh.composed = -1;
        break;
    case SETTING_VOLUME: /* heard at once, in a short ramp (the night's cap kept) */
        trace_event(&a->trace, app_now(a), "volume", "level=%.2f ramp=%.1f",
                    snd_set_volume(&a->snd, app_volume(a)), SND_VOLUME_RAMP);
        break;
    default:
        break; /* read where it is used: the next narration, the next shelf */
    }
}

/* Apply a chosen menu item. */
static void menu_choose(App *a, int item, double now)
{
    int ids[GATE_MENU_MAX];
    char labels[GATE_MENU_MAX][MENU_LABEL];
    int n = menu_items(a, ids, labels);
    if (item < 0 || item >= n)
        return;
    trace_event(&a->trace, now, "parent-menu", "item=%s", item_name(ids[item]));
    switch (ids[item]) {
    case ITEM_BACK:
        gate_close(&a->menu.gate);
        gate_closed(a, now, "parent-menu-closed");
        return;
    case ITEM_STUDIO: {
        const Story *st = studio_story(a);
        gate_close(&a->menu.gate);
        gate_closed(a, now, "parent-menu-closed");
        app_studio_enter(a, st, now);
        return;
    }
    case ITEM_LEAVE_KIOSK:
        app_set_kiosk(a, 0);
        gate_close(&a->menu.gate);
        gate_closed(a, now, "parent-menu-closed");
        return;
    case ITEM_PROBLEMS:
        a->menu.problems_open = 1;
        a->menu.gate.version++;
        return;
    case ITEM_QUIT:
        a->quit = 1;
        return;
    default: {
        SettingId id = (SettingId)(ids[item] - ITEM_SETTING);
        char value[SETTINGS_LINE];
        settings_cycle(&a->settings, id);
        settings_value_text(&a->settings, id, value, sizeof value);
        trace_event(&a->trace, now, "setting", "%s=%s", settings_key(id), value);
        apply_setting(a, id);
        break;
    }
    }
    save_settings(a);
    a->menu.gate.version++;
}

/* While the gate or menu is open it takes every gesture and key. */
static void gate_input(App *a, const InputEvent *e)
{
    int item = -1, w = a->gfx.w, h = a->gfx.h;
    GateState before = a->menu.gate.state;
    GateResult r = GATE_NOTHING;
    if (before == GATE_CLOSED)
        return;
    if (a->menu.problems_open && before == GATE_MENU) {
        if (e->kind == IN_TAP || e->kind == IN_KEY)
            problems_input(a, e);
        return;
    }
    if (e->kind == IN_TAP)
        r = gate_tap(&a->menu.gate, w, h, e->x, e->y, e->time, &item);
    else if (e->kind == IN_KEY)
        r = gate_key(&a->menu.gate, e->key, e->time, &item);
    else
        return; /* swipes and long presses do nothing here */
    if (r == GATE_WRONG)
        gate_closed(a, e->time, "gate-closed");
    else if (r == GATE_UNLOCKED) {
        int ids[GATE_MENU_MAX];
        char labels[GATE_MENU_MAX][MENU_LABEL];
        gate_unlock(&a->menu.gate, menu_items(a, ids, labels), e->time);
        trace_event(&a->trace, e->time, "parent-unlocked", NULL);
    } else if (r == GATE_ITEM)
        menu_choose(a, item, e->time);
    else if (r == GATE_CLOSED_NOW)
        gate_closed(a, e->time, before == GATE_MENU ? "parent-menu-closed" : "gate-closed");
}

int app_gate_summon(App *a, const InputEvent *e)
{
    if ((e->kind == IN_LONG_PRESS && gate_corner_hit(a->gfx.w, a->gfx.h, e->x, e->y)) ||
        (input_key_is(e, "P") &&
         (e->mods & (INPUT_MOD_CTRL | INPUT_MOD_SHIFT)) == (INPUT_MOD_CTRL | INPUT_MOD_SHIFT))) {
        gate_open_over(a, e->time);
        return 1;
    }
    if (input_key_is(e, "Escape") && !a->opt.kiosk) {
        a->quit = 1;
        return 1;
    }
    /* No combination does anything in kiosk mode. */
    return a->opt.kiosk && e->kind == IN_KEY &&
           (e->mods & (INPUT_MOD_ALT | INPUT_MOD_GUI | INPUT_MOD_CTRL));
}

/* The menu times out by itself (gate.c), closing as a parent would. */
static void gate_step(App *a, double now)
{
    GateState gs = a->menu.gate.state;
    if (gate_update(&a->menu.gate, now) == GATE_CLOSED_NOW)
        gate_closed(a, now, gs == GATE_MENU ? "parent-menu-closed" : "gate-closed");
}

/* Summoned over the dark, the panel rises over APP_GATE_FADE seconds, never
 * in one frame from black. */
#define APP_GATE_FADE 1.0
#define APP_GATE_FRAME (1.0 / PLAYER_FPS)   /* the frame budget of any animation */

static double gate_next_change(App *a, double now)
{
    double d = gate_deadline(&a->menu.gate);
    if (a->menu.from_dark && now < a->menu.opened + APP_GATE_FADE && now + APP_GATE_FRAME < d)
        return now + APP_GATE_FRAME;
    return d;
}

/* The screen under the overlay goes on counting its frames. */
static PlayerPhase gate_phase(const App *a)
{
    return a->screen->phase(a);
}

/* One opaque panel, a little dimmer than full. The family's brightness dims
 * it at night, but never below half, so the parents' own screens stay
 * readable; summoned over the dark it rises from black (APP_GATE_FADE). */
static int gate_scene(App *a, double now, PlayerScene *s)
{
    double b = app_brightness(a);
    double level = 230.0 * (b > 0.5 ? b : 0.5);
    if (a->menu.from_dark) {
        double t = (now - a->menu.opened) / APP_GATE_FADE;
        level *= t < 0 ? 0 : t > 1 ? 1 : t;
    }
    player_scene_single(s, SCENE_PANEL, (uint8_t)lround(level), a->menu.gate.version);
    return 0;
}

static void gate_prepare(App *a, const PlayerScene *s)
{
    if (a->menu.composed != a->menu.gate.version || !gfx_has(&a->gfx, SCENE_PANEL))
        compose_menu_panel(a);
}

/* The gate is opened by app_gate_summon (gate_open_over), never entered. */
static void gate_enter(App *a, double now)
{
}

const Screen screen_gate = {
    .name = "gate",
    .enter = gate_enter,
    .input = gate_input,
    .step = gate_step,
    .next_change = gate_next_change,
    .phase = gate_phase,
    .scene = gate_scene,
    .prepare = gate_prepare,
    .back_label = "",
};
