/* userdata — the family's files (see userdata.h).
 *
 * Paths follow the XDG base directory spec; each file is read through
 * files_read with a size cap, and each is optional. The reassurance words are
 * the first non-empty line of reassurance.txt, trimmed, valid UTF-8, short. */
#include "userdata.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "ini.h"
#include "utf8.h"

static const char *const voice_exts[] = { "ogg", "opus", "wav", "flac", "mp3", NULL };

static int join(char *out, size_t len, const char *a, const char *b)
{
    int n = snprintf(out, len, "%s/%s", a, b);
    return (n < 0 || (size_t)n >= len) ? -1 : 0;
}

/* An XDG variable if set to an absolute path, else HOME/fallback. */
static int xdg_dir(const char *var, const char *fallback, char *out, size_t len)
{
    const char *v = getenv(var);
    char base[USERDATA_PATH];
    if (v && v[0] == '/') {
        if (snprintf(base, sizeof base, "%s", v) >= (int)sizeof base)
            return -1;
    } else {
        const char *home = getenv("HOME");
        if (!home || home[0] != '/')
            return -1;
        if (join(base, sizeof base, home, fallback) < 0)
            return -1;
    }
    return join(out, len, base, "hushabye");
}

int userdata_paths(UserPaths *u)
{
    memset(u, 0, sizeof *u);
    int a = xdg_dir("XDG_DATA_HOME", ".local/share", u->data_dir, sizeof u->data_dir);
    int b = xdg_dir("XDG_CONFIG_HOME", ".config", u->config_dir, sizeof u->config_dir);
    return (a < 0 || b < 0) ? -1 : 0;
}

/* First non-empty line of buf, trimmed, into out. 0 ok, -1 none. */
static int first_line(const char *buf, size_t len, char *out, size_t outlen)
{
    size_t i = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len) {
        size_t e = i;
        while (e < len && buf[e] != '\n')
            e++;
        size_t s = i, t = e;
        while (s < t && (buf[s] == ' ' || buf[s] == '\t' || buf[s] == '\r'))
            s++;
        while (t > s && (buf[t - 1] == ' ' || buf[t - 1] == '\t' || buf[t - 1] == '\r'))
            t--;
        if (t > s) {
            if (t - s >= outlen)
                return -1;
            memcpy(out, buf + s, t - s);
            out[t - s] = '\0';
            return 0;
        }
        i = e + 1;
    }
    return -1;
}

/* Words from dir/name; 1 when read, 0 when absent or bad (diagnostic given). */
static int read_words(const char *dir, const char *name, const char *display, char *out,
                      size_t outlen, Diags *d)
{
    unsigned char *data = NULL;
    size_t len = 0;
    FilesStatus st = files_read(dir, name, 64 * 1024, &data, &len);
    if (st == FILES_ENOENT)
        return 0;
    if (st != FILES_OK) {
        diag_add(d, DIAG_WARNING, display, 0, "cannot read the closing words: %s",
                 files_status_text(st));
        return 0;
    }
    size_t bad;
    int ok = 0;
    if (!utf8_valid((const char *)data, len, &bad))
        diag_add(d, DIAG_WARNING, display, 0,
                 "the closing words are not UTF-8 text (save the file as UTF-8)");
    else if (first_line((const char *)data, len, out, outlen) < 0)
        diag_add(d, DIAG_WARNING, display, 0,
                 "the closing words are empty or longer than %zu bytes", outlen - 1);
    else
        ok = 1;
    free(data);
    return ok;
}

/* The first reassurance.<ext> in dir; 1 found (name written), 0 none. */
static int find_voice(const char *dir, const char *stem, char *name, size_t len)
{
    for (int i = 0; voice_exts[i]; i++) {
        size_t size;
        snprintf(name, len, "%s.%s", stem, voice_exts[i]);
        if (files_size(dir, name, &size) == FILES_OK && size > 0)
            return 1;
    }
    name[0] = '\0';
    return 0;
}

void userdata_reassurance(const UserPaths *u, const char *assets_dir, Reassurance *r,
                          Diags *d)
{
    char bundled[USERDATA_PATH], display[USERDATA_PATH + 32];
    memset(r, 0, sizeof *r);
    snprintf(r->words, sizeof r->words, "%s", USERDATA_DEFAULT_WORDS);
    if (join(bundled, sizeof bundled, assets_dir ? assets_dir : ".", "reassurance") < 0)
        bundled[0] = '\0';
    snprintf(r->picture_dir, sizeof r->picture_dir, "%s", bundled);
    snprintf(r->picture, sizeof r->picture, "picture.svg");

    if (u && u->data_dir[0]) {
        snprintf(display, sizeof display, "%s/reassurance.txt", u->data_dir);
        r->family_words = read_words(u->data_dir, "reassurance.txt", display, r->words,
                                     sizeof r->words, d);
        if (find_voice(u->data_dir, "reassurance", r->voice, sizeof r->voice)) {
            r->family_voice = 1;
            snprintf(r->voice_dir, sizeof r->voice_dir, "%s", u->data_dir);
            return;
        }
    }
    if (!r->family_words || strcmp(r->words, USERDATA_DEFAULT_WORDS) == 0) {
        if (find_voice(bundled, "voice", r->voice, sizeof r->voice))
            snprintf(r->voice_dir, sizeof r->voice_dir, "%s", bundled);
    }
}

void settings_defaults(Settings *s)
{
    s->dim_seconds = 45.0;
    s->night_light = 1;
    s->volume = 0.8;
    s->captions = 1;
    s->kiosk = 0;
    s->stories_per_night = 3;
}

typedef struct {
    Settings *s;
    const char *display;
    Diags *d;
} SettingsCtx;

static void bad_value(SettingsCtx *c, int line, const char *key, const char *value,
                      const char *want)
{
    diag_add(c->d, DIAG_WARNING, c->display, line,
             "'%s = %s' is not %s; the default is used", key, value, want);
}

static int settings_entry(void *ud, IniKind kind, const char *section, const char *key,
                          const char *value, int line)
{
    SettingsCtx *c = ud;
    double x;
    int b;
    if (kind == INI_SECTION)
        return 0;
    if (kind == INI_BAD_LINE) {
        diag_add(c->d, DIAG_WARNING, c->display, line, "cannot read this line: '%s'", key);
        return 0;
    }
    if (strcmp(key, "dim-time") == 0) {
        if (ini_seconds(value, &x) == 0 && x >= 10 && x <= 600)
            c->s->dim_seconds = x;
        else
            bad_value(c, line, key, value, "a time between 10 and 600 seconds");
    } else if (strcmp(key, "stories-per-night") == 0) {
        if (ini_decimal(value, &x) == 0 && x >= 1 && x <= 20 && x == (int)x)
            c->s->stories_per_night = (int)x;
        else
            bad_value(c, line, key, value, "a whole number from 1 to 20");
    } else if (strcmp(key, "volume") == 0) {
        if (ini_percent(value, &x) == 0)
            c->s->volume = x;
        else
            bad_value(c, line, key, value, "a percentage");
    } else if (strcmp(key, "night-light") == 0 || strcmp(key, "captions") == 0 ||
               strcmp(key, "kiosk") == 0) {
        if (ini_bool(value, &b) < 0)
            bad_value(c, line, key, value, "on or off");
        else if (key[0] == 'n')
            c->s->night_light = b;
        else if (key[0] == 'c')
            c->s->captions = b;
        else
            c->s->kiosk = b;
    } else {
        diag_add(c->d, DIAG_WARNING, c->display, line, "unknown setting '%s'", key);
    }
    (void)section;
    return 0;
}

void settings_parse(Settings *s, const char *display, const char *buf, size_t len, Diags *d)
{
    SettingsCtx c = { s, display, d };
    ini_parse(buf, len, settings_entry, &c);
}

void settings_load(const UserPaths *u, Settings *s, Diags *d)
{
    unsigned char *data = NULL;
    size_t len = 0;
    char display[USERDATA_PATH + 16];
    snprintf(display, sizeof display, "%s/settings.ini", u->config_dir);
    FilesStatus st = files_read(u->config_dir, "settings.ini", 64 * 1024, &data, &len);
    if (st == FILES_OK)
        settings_parse(s, display, (const char *)data, len, d);
    else if (st != FILES_ENOENT)
        diag_add(d, DIAG_WARNING, display, 0, "cannot read the settings: %s",
                 files_status_text(st));
    free(data);
}

int settings_save(const UserPaths *u, const Settings *s)
{
    char path[USERDATA_PATH + 16], text[512];
    if (files_mkdirs(u->config_dir) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/settings.ini", u->config_dir);
    int n = snprintf(text, sizeof text,
                     "# Hushabye settings. Edit freely; unknown lines are ignored.\n"
                     "[hushabye]\n"
                     "dim-time = %.0fs\n"
                     "night-light = %s\n"
                     "volume = %.0f%%\n"
                     "captions = %s\n"
                     "kiosk = %s\n"
                     "stories-per-night = %d\n",
                     s->dim_seconds, s->night_light ? "on" : "off", s->volume * 100.0,
                     s->captions ? "on" : "off", s->kiosk ? "on" : "off",
                     s->stories_per_night);
    if (n < 0 || (size_t)n >= sizeof text) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return files_write_atomic(path, text, (size_t)n);
}
