/* settings — the family's settings as one table (see settings.h).
 *
 * A row says where the value lives in Settings (offsetof), what kind of value
 * it is, its range and default, and the choices the parents' menu steps
 * through. Percentages are stored as fractions; settings.ini writes them as
 * "80%" and also accepts "80" and "0.8" (a bare number up to 1 is a fraction:
 * "volume = 0.5" means half, never one half of a percent). */
#include "settings.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "i18n.h"
#include "ini.h"
#include "motion.h"
#include "sniff.h"
#include "utf8.h"

/* KIND_WORDS: one of a few words (names), stored as the word's index.
 * KIND_TEXT: the value as written (a char[SETTINGS_TEXT]), never in the menu.
 * KIND_LANG: a language tag or "" (a char[SETTINGS_TEXT] too), which the
 * menu steps through the languages the interface can speak (i18n.h). */
typedef enum { KIND_SECONDS, KIND_BOOL, KIND_PERCENT, KIND_COUNT, KIND_WORDS, KIND_TEXT,
               KIND_LANG } Kind;

#define MAX_CHOICES 6

typedef struct {
    const char *key;
    Kind kind;
    size_t offset;            /* of a double (seconds, percent) or an int */
    double min, max, def;     /* percent: as fractions */
    const char *want;         /* "is not %s" for a bad value */
    const char *label;        /* the menu's label, before ": value" */
    double choices[MAX_CHOICES]; /* what the menu steps through (percent: in %), 0-ended */
    int menu;
    const char *const *names;    /* KIND_WORDS: the words, in the order of their values */
} Row;

/* In the order of MotionSetting. */
static const char *const motion_words[] = { N_("on"), N_("low"), N_("off"), NULL };
/* In the order of DrawingSetting. */
static const char *const drawing_words[] = { "auto", "cpu", "gpu", NULL };

static const Row rows[SETTING_COUNT] = {
    [SETTING_DIM_TIME] = { "dim-time", KIND_SECONDS, offsetof(Settings, dim_seconds), 10, 600,
                           45, N_("a time between 10 and 600 seconds"), N_("Dimming to dark"),
                           { 30, 45, 60, 90, 120 }, 1, NULL },
    [SETTING_NIGHT_LIGHT] = { "night-light", KIND_BOOL, offsetof(Settings, night_light), 0, 1, 1,
                              N_("on or off"), N_("Warmer colours at night"), { 0 }, 1, NULL },
    [SETTING_VOLUME] = { "volume", KIND_PERCENT, offsetof(Settings, volume), 0, 1, 0.8,
                         N_("a volume from 0% to 100%"), N_("Loudness"), { 20, 40, 60, 80, 100 },
                         1, NULL },
    [SETTING_BRIGHTNESS] = { "brightness", KIND_PERCENT, offsetof(Settings, brightness), 0.1, 1,
                             1, N_("a brightness from 10% to 100%"), N_("Brightness"),
                             { 30, 50, 70, 100 }, 1, NULL },
    [SETTING_CAPTIONS] = { "captions", KIND_BOOL, offsetof(Settings, captions), 0, 1, 1,
                           N_("on or off"), N_("Words on screen"), { 0 }, 1, NULL },
    [SETTING_KIOSK] = { "kiosk", KIND_BOOL, offsetof(Settings, kiosk), 0, 1, 0, N_("on or off"),
                        N_("Start locked (kiosk)"), { 0 }, 1, NULL },
    [SETTING_STORIES_PER_NIGHT] = { "stories-per-night", KIND_COUNT,
                                    offsetof(Settings, stories_per_night), 1, 20, 3,
                                    N_("a whole number from 1 to 20"), N_("Stories in a night"),
                                    { 1, 2, 3, 5 }, 1, NULL },
    [SETTING_BUNDLED] = { "bundled-stories", KIND_BOOL, offsetof(Settings, bundled_stories), 0,
                          1, 1, N_("on or off"), N_("Stories that came with Hushabye"), { 0 }, 1,
                          NULL },
    /* Moving pictures can be calmed or stopped (WCAG 2.2.2): low is fewer
     * frames and half the travel, off is still pictures. */
    [SETTING_MOTION] = { "motion", KIND_WORDS, offsetof(Settings, motion), MOTION_SETTING_ON,
                         MOTION_SETTING_OFF, MOTION_SETTING_ON, N_("on, low or off"),
                         N_("Moving pictures"), { 0 }, 1, motion_words },
    /* For a panel neither DPMS nor logind can turn off (engine/sys/panel.c):
     * a program and its arguments, run without a shell, "off" or "on" added. */
    [SETTING_PANEL_HOOK] = { "panel-hook", KIND_TEXT, offsetof(Settings, panel_hook), 0, 0, 0,
                             N_("a command shorter than 256 characters"), N_("Panel hook"), { 0 },
                             0, NULL },
    /* The interface's language, for a tablet whose system speaks another
     * than the family: "" is the system's (LANGUAGE, LC_ALL, LANG...). */
    [SETTING_LANGUAGE] = { "language", KIND_LANG, offsetof(Settings, language), 0, 0, 0,
                           N_("a language code such as fr or zh_CN, or nothing"),
                           N_("Language"), { 0 }, 1, NULL },
    /* For a machine whose path the player would choose wrongly (a GPU that
     * draws badly, a GL that hides being the CPU): never in the menu. */
    [SETTING_DRAWING] = { "drawing", KIND_WORDS, offsetof(Settings, drawing), DRAWING_AUTO,
                          DRAWING_GPU, DRAWING_AUTO, N_("auto, cpu or gpu"), N_("Drawing"), { 0 },
                          0,
                          drawing_words },
};

/* The index of word among names (any case), or -1. */
static int word_index(const char *const *names, const char *word)
{
    for (int i = 0; names && names[i]; i++)
        if (strcasecmp(names[i], word) == 0)
            return i;
    return -1;
}

static int word_count(const char *const *names)
{
    int n = 0;
    while (names && names[n])
        n++;
    return n;
}


/* Is the value text (held as written) rather than a number? */
static int is_text(const Row *r) { return r->kind == KIND_TEXT || r->kind == KIND_LANG; }

static double *real_of(Settings *s, const Row *r) { return (double *)((char *)s + r->offset); }
static int *int_of(Settings *s, const Row *r) { return (int *)((char *)s + r->offset); }
static const char *text_of(const Settings *s, const Row *r)
{
    return (const char *)s + r->offset;
}

/* Text settings have no number: get() gives 0 for them, same() compares. */
static double get(const Settings *s, const Row *r)
{
    const char *p = (const char *)s + r->offset;
    return r->kind == KIND_SECONDS || r->kind == KIND_PERCENT ? *(const double *)p
                                                              : (double)*(const int *)p;
}

static void set(Settings *s, const Row *r, double v)
{
    if (is_text(r))
        return;
    if (r->kind == KIND_SECONDS || r->kind == KIND_PERCENT)
        *real_of(s, r) = v;
    else
        *int_of(s, r) = (int)v;
}

/* Do a and b hold the same value for row r? */
static int same(const Settings *a, const Settings *b, const Row *r)
{
    if (is_text(r))
        return strcmp(text_of(a, r), text_of(b, r)) == 0;
    return get(a, r) == get(b, r);
}

void settings_defaults(Settings *s)
{
    memset(s, 0, sizeof *s);
    for (int i = 0; i < SETTING_COUNT; i++)
        set(s, &rows[i], rows[i].def);
}

/* "80%", "80" or "0.8" as a fraction. 0 ok, -1 not a percentage. */
static int parse_percent(const char *value, double *out)
{
    double v;
    if (ini_decimal(value, &v) == 0) {
        *out = v <= 1.0 ? v : v / 100.0;
        return v <= 100.0 ? 0 : -1;
    }
    return ini_percent(value, out);
}

/* The value text of row r parsed; 0 ok, -1 bad or out of range. */
static int parse_value(const Row *r, const char *value, double *out)
{
    double x;
    int b;
    switch (r->kind) {
    case KIND_SECONDS:
        if (ini_seconds(value, &x) < 0)
            return -1;
        break;
    case KIND_BOOL:
        if (ini_bool(value, &b) < 0)
            return -1;
        x = b;
        break;
    case KIND_PERCENT:
        if (parse_percent(value, &x) < 0)
            return -1;
        break;
    case KIND_COUNT:
        if (ini_decimal(value, &x) < 0 || x != (double)(int)x)
            return -1;
        break;
    case KIND_WORDS:
        if ((b = word_index(r->names, value)) < 0)
            return -1;
        x = b;
        break;
    case KIND_TEXT: /* any text that fits */
        if (strlen(value) >= SETTINGS_TEXT)
            return -1;
        x = 0;
        break;
    case KIND_LANG: /* a tag, never a path: it names a catalogue's folder */
        if (!i18n_tag_ok(value))
            return -1;
        x = 0;
        break;
    default:
        return -1;
    }
    if (x < r->min || x > r->max)
        return -1;
    *out = x;
    return 0;
}

static const Row *row_of(const char *key)
{
    for (int i = 0; i < SETTING_COUNT; i++)
        if (strcmp(rows[i].key, key) == 0)
            return &rows[i];
    return NULL;
}

typedef struct {
    Settings *s;
    const char *display;
    Diags *d;
} ParseCtx;

static int parse_entry(void *ud, IniKind kind, const char *section, const char *key,
                       const char *value, int line)
{
    ParseCtx *c = ud;
    (void)section; /* settings mean the same in any section */
    if (kind == INI_SECTION)
        return 0;
    if (kind == INI_BAD_LINE) {
        diag_add(c->d, DIAG_WARNING, c->display, line, _("cannot read this line: '%.*s'"),
                 (int)utf8_cut(key, strlen(key), 60), key);
        return 0;
    }
    const Row *r = row_of(key);
    double v;
    if (!r)
        diag_add(c->d, DIAG_WARNING, c->display, line, _("unknown setting '%s'"), key);
    else if (parse_value(r, value, &v) < 0)
        diag_add(c->d, DIAG_WARNING, c->display, line,
                 /* TRANSLATORS: %1$s = %2$s is the line as written, %3$s what
                    the value should be ("on or off"). */
                 _("'%1$s = %2$s' is not %3$s; the setting is left as it was"), key, value,
                 _(r->want));
    else if (is_text(r))
        snprintf((char *)c->s + r->offset, SETTINGS_TEXT, "%s", value);
    else
        set(c->s, r, v);
    return 0;
}

void settings_parse(Settings *s, const char *display, const char *buf, size_t len, Diags *d)
{
    char what[160];
    if (sniff_not_text((const unsigned char *)buf, len, what, sizeof what)) {
        /* one line, not a screenful of the picture's bytes quoted */
        diag_add(d, DIAG_WARNING, display, 0, _("the settings file is not text (%s), so none "
                 "of it is used; the usual settings stay"), what);
        return;
    }
    ParseCtx c = { s, display, d };
    ini_parse(buf, len, parse_entry, &c);
}

const char *settings_key(SettingId id)
{
    return id >= 0 && id < SETTING_COUNT ? rows[id].key : "";
}

void settings_value_text(const Settings *s, SettingId id, char *buf, size_t len)
{
    if (id < 0 || id >= SETTING_COUNT) {
        snprintf(buf, len, "%s", "");
        return;
    }
    const Row *r = &rows[id];
    double v = get(s, r);
    switch (r->kind) {
    case KIND_SECONDS: snprintf(buf, len, "%gs", v); break;
    case KIND_BOOL: snprintf(buf, len, "%s", v != 0 ? "on" : "off"); break;
    case KIND_PERCENT: snprintf(buf, len, "%g%%", v * 100.0); break;
    case KIND_WORDS:
        snprintf(buf, len, "%s", v >= 0 && v < word_count(r->names) ? r->names[(int)v] : "");
        break;
    case KIND_TEXT:
    case KIND_LANG: snprintf(buf, len, "%s", text_of(s, r)); break;
    default: snprintf(buf, len, "%d", (int)v); break;
    }
}

void settings_label(const Settings *s, SettingId id, char *buf, size_t len)
{
    char value[SETTINGS_LINE];
    if (id < 0 || id >= SETTING_COUNT) {
        snprintf(buf, len, "%s", "");
        return;
    }
    const Row *r = &rows[id];
    double v = get(s, r);
    /* The menu speaks the family's language; the file and the trace keep
     * settings_value_text's words. */
    if (r->kind == KIND_SECONDS) /* "45 seconds" reads better than the file's "45s" */
        snprintf(value, sizeof value, ngettext("%g second", "%g seconds", (unsigned long)v), v);
    else if (r->kind == KIND_BOOL)
        snprintf(value, sizeof value, "%s", v != 0 ? _("on") : _("off"));
    else if (r->kind == KIND_LANG && text_of(s, r)[0])
        snprintf(value, sizeof value, "%s", i18n_endonym(text_of(s, r)));
    else if (r->kind == KIND_LANG) /* the system's: say which it is now */
        /* TRANSLATORS: the language setting when the family chose none: %s is
           the system's language, named in its own language ("Français"). */
        snprintf(value, sizeof value, _("the system's (%s)"), i18n_endonym(i18n_language()));
    else if (r->kind == KIND_WORDS && v >= 0 && v < word_count(r->names))
        snprintf(value, sizeof value, "%s", _(r->names[(int)v]));
    else
        settings_value_text(s, id, value, sizeof value);
    /* TRANSLATORS: a setting in the parents' menu: its name, then its value. */
    snprintf(buf, len, _("%1$s: %2$s"), _(r->label), value);
}

void settings_cycle(Settings *s, SettingId id)
{
    if (id < 0 || id >= SETTING_COUNT)
        return;
    const Row *r = &rows[id];
    double v = get(s, r);
    if (r->kind == KIND_LANG) {
        char *text = (char *)s + r->offset, next[I18N_LANG_MAX];
        snprintf(next, sizeof next, "%s", i18n_next_language(text));
        snprintf(text, SETTINGS_TEXT, "%s", next);
        return;
    }
    if (r->kind == KIND_TEXT)
        return;
    if (r->kind == KIND_BOOL) {
        set(s, r, v != 0 ? 0 : 1);
        return;
    }
    if (r->kind == KIND_WORDS) {
        int n = word_count(r->names);
        set(s, r, n > 0 ? ((int)v + 1) % n : 0);
        return;
    }
    /* The first choice above the value now, else back to the first. */
    double scale = r->kind == KIND_PERCENT ? 100.0 : 1.0;
    int k = 0;
    while (k < MAX_CHOICES && r->choices[k] > 0 && r->choices[k] / scale <= v + 1e-9)
        k++;
    if (k >= MAX_CHOICES || r->choices[k] <= 0)
        k = 0;
    set(s, r, r->choices[k] / scale);
}

int settings_in_menu(SettingId id)
{
    return id >= 0 && id < SETTING_COUNT && rows[id].menu;
}

/* ---- saving over the parent's own file ---- */

typedef struct {
    char *p;
    size_t n, cap;
    int failed;
} Buf;

static void put(Buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void puts_(Buf *b, const char *s) { put(b, s, strlen(s)); }

static void put_setting(Buf *b, const Settings *s, SettingId id)
{
    char value[SETTINGS_TEXT];
    settings_value_text(s, id, value, sizeof value);
    puts_(b, rows[id].key);
    puts_(b, " = ");
    char *q = is_text(&rows[id]) ? ini_quote(value) : NULL; /* read back whole */
    puts_(b, q ? q : value);
    free(q);
}

/* One line of the old file: where its key and value are, if it sets one. */
typedef struct {
    const char *start, *end;  /* the line without its terminator */
    SettingId id;             /* SETTING_COUNT when it sets nothing known */
    double value;             /* what it sets, when valid */
    int valid;
    Settings as_set;          /* a text setting's value, at its offset */
} Line;

static void read_line(Line *l)
{
    const char *p = l->start, *e = l->end;
    l->id = SETTING_COUNT;
    l->valid = 0;
    while (p < e && ascii_islinespace(*p))
        p++;
    if (p >= e || *p == '#' || *p == ';' || *p == '[')
        return;
    const char *eq = memchr(p, '=', (size_t)(e - p));
    if (!eq)
        return;
    const char *k_end = eq;
    while (k_end > p && ascii_islinespace(k_end[-1]))
        k_end--;
    char key[64], value[SETTINGS_TEXT];
    size_t kn = (size_t)(k_end - p), vn;
    const char *v = eq + 1, *v_end = e;
    while (v < v_end && ascii_islinespace(*v))
        v++;
    while (v_end > v && ascii_islinespace(v_end[-1]))
        v_end--;
    vn = (size_t)(v_end - v);
    if (kn == 0 || kn >= sizeof key || vn >= sizeof value)
        return;
    memcpy(key, p, kn);
    key[kn] = '\0';
    memcpy(value, v, vn);
    value[vn] = '\0';
    const Row *r = row_of(key);
    if (!r)
        return;
    l->id = (SettingId)(r - rows);
    l->valid = parse_value(r, value, &l->value) == 0;
    if (l->valid && is_text(r))
        snprintf((char *)&l->as_set + r->offset, SETTINGS_TEXT, "%s", value);
}

/* Does line l already say what s holds for its setting? */
static int line_says(const Line *l, const Settings *s)
{
    const Row *r = &rows[l->id];
    if (!l->valid)
        return 0;
    return is_text(r) ? same(&l->as_set, s, r) : l->value == get(s, r);
}

/* The fresh file a family gets the first time a setting is saved. */
static void render_new(Buf *b, const Settings *s)
{
    puts_(b, "# Hushabye settings. Edit freely: a line you change is kept as you wrote it,\n"
             "# and unknown lines are ignored. See the README for what each one does.\n"
             "[hushabye]\n");
    for (int i = 0; i < SETTING_COUNT; i++) {
        if (is_text(&rows[i]) && !text_of(s, &rows[i])[0])
            continue; /* an empty command is no line at all */
        put_setting(b, s, (SettingId)i);
        puts_(b, "\n");
    }
}

int settings_render(const char *old, size_t len, const Settings *s, char **out, size_t *outlen)
{
    Buf b = { 0 };
    if (!old) {
        render_new(&b, s);
    } else {
        /* Which line has the last word on each setting (the parser's "last wins"). */
        const char *last[SETTING_COUNT] = { 0 };
        for (const char *p = old; p < old + len;) {
            const char *e = memchr(p, '\n', (size_t)(old + len - p));
            Line l = { .start = p, .end = e ? e : old + len, .id = SETTING_COUNT };
            read_line(&l);
            if (l.id < SETTING_COUNT)
                last[l.id] = p;
            p = e ? e + 1 : old + len;
        }
        Settings def;
        settings_defaults(&def);
        for (const char *p = old; p < old + len;) {
            const char *e = memchr(p, '\n', (size_t)(old + len - p));
            Line l = { .start = p, .end = e ? e : old + len, .id = SETTING_COUNT };
            read_line(&l);
            const char *stop = l.end;
            if (stop > p && stop[-1] == '\r')
                stop--; /* keep a CRLF file's line ends */
            if (l.id < SETTING_COUNT && last[l.id] == p && !line_says(&l, s)) {
                put_setting(&b, s, l.id);
                put(&b, stop, (size_t)((e ? e + 1 : old + len) - stop)); /* its line end */
            } else {
                put(&b, p, (size_t)((e ? e + 1 : old + len) - p));
            }
            p = e ? e + 1 : old + len;
        }
        /* Settings the file never mentions: written only when they differ
         * from what the file means now (the default). */
        int ended = len == 0 || old[len - 1] == '\n';
        for (int i = 0; i < SETTING_COUNT; i++) {
            if (last[i] || same(s, &def, &rows[i]))
                continue;
            if (!ended)
                puts_(&b, "\n");
            ended = 1;
            put_setting(&b, s, (SettingId)i);
            puts_(&b, "\n");
        }
        if (!b.p)
            put(&b, "", 0);
    }
    if (b.failed) {
        free(b.p);
        return -1;
    }
    *out = b.p;
    *outlen = b.n;
    return 0;
}
