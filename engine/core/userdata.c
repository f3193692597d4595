/* userdata — the family's files (see userdata.h).
 *
 * Paths follow the XDG base directory spec; each file is read through
 * files_read with a size cap, and each is optional. The reassurance words are
 * the first non-empty line of reassurance.txt, trimmed, valid UTF-8, short. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "userdata.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "files.h"
#include "i18n.h"
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
        while (s < t && ascii_islinespace(buf[s]))
            s++;
        while (t > s && ascii_islinespace(buf[t - 1]))
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

#define USERDATA_NAME_MAX 255   /* a file name's bytes at most (NAME_MAX) */

/* The family's own file dir/name with its link followed. Story folders are
 * untrusted and their links refused (files.c), but these folders are the
 * family's: settings kept in a dotfiles folder, or a kiosk image's data on
 * another partition, are links. Only the name itself may be a link, to a
 * regular file; rdir and rname (at least USERDATA_PATH and USERDATA_NAME_MAX + 1
 * bytes) get where it really is, else dir and name as they are. */
static void own_file(const char *dir, const char *name, char *rdir, char *rname)
{
    char path[USERDATA_PATH + USERDATA_NAME_MAX + 2], *real = NULL;
    struct stat st;
    snprintf(rdir, USERDATA_PATH, "%s", dir);
    snprintf(rname, USERDATA_NAME_MAX + 1, "%s", name);
    if (join(path, sizeof path, dir, name) < 0 || lstat(path, &st) != 0 || !S_ISLNK(st.st_mode) ||
        stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !(real = realpath(path, NULL)))
        return;
    const char *slash = strrchr(real, '/');
    size_t n = slash ? (size_t)(slash - real) : 0;
    if (slash && n < USERDATA_PATH && strlen(slash + 1) <= USERDATA_NAME_MAX && slash[1]) {
        snprintf(rdir, USERDATA_PATH, "%.*s", n ? (int)n : 1, n ? real : "/");
        snprintf(rname, USERDATA_NAME_MAX + 1, "%s", slash + 1);
    }
    free(real);
}

/* Words from dir/name; 1 when read, 0 when absent or bad (diagnostic given). */
static int read_words(const char *dir, const char *name, const char *display, char *out,
                      size_t outlen, Diags *d)
{
    unsigned char *data = NULL;
    size_t len = 0;
    char rdir[USERDATA_PATH], rname[USERDATA_NAME_MAX + 1];
    own_file(dir, name, rdir, rname);
    dir = rdir;
    name = rname;
    FilesStatus st = files_read(dir, name, 64 * 1024, &data, &len);
    if (st == FILES_ENOENT)
        return 0;
    if (st != FILES_OK) {
        diag_add(d, DIAG_WARNING, display, 0, _("cannot read the closing words: %s"),
                 files_status_why(dir, name, st));
        return 0;
    }
    size_t bad;
    int ok = 0;
    if (memchr(data, '\0', len))
        /* the words would end at the first one, cut with no word said */
        diag_add(d, DIAG_WARNING, display, 0, _("the closing words are not text (the file "
                 "holds NUL bytes: save it again as plain UTF-8 text)"));
    else if (!utf8_valid((const char *)data, len, &bad))
        diag_add(d, DIAG_WARNING, display, 0,
                 _("the closing words are not UTF-8 text (save the file as UTF-8)"));
    else if (first_line((const char *)data, len, out, outlen) < 0)
        diag_add(d, DIAG_WARNING, display, 0,
                 _("the closing words are empty or longer than %zu bytes"), outlen - 1);
    else
        ok = 1;
    free(data);
    return ok;
}

/* The first stem.<ext> in dir; 1 found (its folder in vdir, USERDATA_PATH
 * bytes, and its name in name: where a link leads, for the family's), 0
 * none. With d, one that is there but cannot be used (a pipe, empty, a link
 * to no file) is told, so a family knows why the bundled voice speaks
 * instead. */
static int find_voice(const char *dir, const char *stem, char *vdir, char *name, size_t len,
                      Diags *d)
{
    for (int i = 0; voice_exts[i]; i++) {
        size_t size = 0;
        char rdir[USERDATA_PATH], rname[USERDATA_NAME_MAX + 1];
        snprintf(name, len, "%s.%s", stem, voice_exts[i]);
        /* the family's recording may be a link too (own_file) */
        own_file(dir, name, rdir, rname);
        FilesStatus st = strlen(rname) < len ? files_size(rdir, rname, &size) : FILES_EUNSAFE;
        if (st == FILES_OK && size > 0) {
            snprintf(vdir, USERDATA_PATH, "%s", rdir);
            snprintf(name, len, "%s", rname);
            return 1;
        }
        if (d && st != FILES_ENOENT)
            /* TRANSLATORS: %1$s is a recording's file name, %2$s what is wrong with
               it, worded as after a file's name ("is empty", "is a link, ..."). */
            diag_add(d, DIAG_WARNING, dir, 0, _("%1$s %2$s, so it is not played"), name,
                     /* TRANSLATORS: a file's state, after its name. */
                     st == FILES_OK ? _("is empty") : files_status_why(dir, name, st));
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
        if (find_voice(u->data_dir, "reassurance", r->voice_dir, r->voice, sizeof r->voice, d)) {
            char said[USERDATA_WORDS];
            Diags quiet = { 0 };
            /* No note (a recording from before notes were kept): it is trusted. */
            if (read_words(u->data_dir, USERDATA_RECORDED_WORDS, USERDATA_RECORDED_WORDS, said,
                           sizeof said, &quiet) &&
                strcmp(said, r->words) != 0) {
                r->voice_stale = 1;
                r->voice[0] = r->voice_dir[0] = '\0';
                diag_add(d, DIAG_WARNING, display, 0,
                         _("the closing words were changed after they were recorded; they are "
                         "shown without the voice until they are recorded again"));
                diag_free(&quiet); /* the bundled voice may still say the default words */
            } else {
                r->family_voice = 1;
                diag_free(&quiet);
                return;
            }
        }
    }
    if (!r->family_words || strcmp(r->words, USERDATA_DEFAULT_WORDS) == 0) {
        find_voice(bundled, "voice", r->voice_dir, r->voice, sizeof r->voice, NULL);
    }
}

int userdata_voice_words_save(const UserPaths *u, const char *words)
{
    char path[USERDATA_PATH + 64], line[USERDATA_WORDS + 2];
    int n = snprintf(line, sizeof line, "%s\n", words);
    if (n <= 1 || n >= (int)sizeof line) {
        errno = EINVAL;
        return -1;
    }
    char prev[USERDATA_PATH + 80];
    snprintf(path, sizeof path, "%s/%s", u->data_dir, USERDATA_RECORDED_WORDS);
    snprintf(prev, sizeof prev, "%s.previous", path);
    /* The take kept in reserve (take.c) keeps its note too. */
    if (link(path, prev) != 0 && errno == EEXIST) {
        char tmp[USERDATA_PATH + 96];
        snprintf(tmp, sizeof tmp, "%s.tmp-link", path);
        unlink(tmp);
        if (link(path, tmp) == 0 && rename(tmp, prev) != 0)
            unlink(tmp);
    }
    return files_write_atomic(path, line, (size_t)n);
}

void userdata_voice_words_swap(const UserPaths *u)
{
    char path[USERDATA_PATH + 64], prev[USERDATA_PATH + 80], tmp[USERDATA_PATH + 96];
    snprintf(path, sizeof path, "%s/%s", u->data_dir, USERDATA_RECORDED_WORDS);
    snprintf(prev, sizeof prev, "%s.previous", path);
    snprintf(tmp, sizeof tmp, "%s.swap", path);
    int had_note = rename(path, tmp) == 0;
    if (rename(prev, path) != 0 && !had_note)
        return;
    if (had_note)
        rename(tmp, prev);
}

/* One settings.ini over s, if it is there. */
static void settings_load_from(const char *dir, Settings *s, Diags *d)
{
    unsigned char *data = NULL;
    size_t len = 0;
    char display[USERDATA_PATH + 16], rdir[USERDATA_PATH], rname[USERDATA_NAME_MAX + 1];
    snprintf(display, sizeof display, "%s/settings.ini", dir);
    own_file(dir, "settings.ini", rdir, rname);
    FilesStatus st = files_read(rdir, rname, 64 * 1024, &data, &len);
    if (st == FILES_OK)
        settings_parse(s, display, (const char *)data, len, d);
    else if (st != FILES_ENOENT)
        diag_add(d, DIAG_WARNING, display, 0, _("cannot read the settings: %s"),
                 files_status_why(rdir, rname, st));
    free(data);
}

int userdata_system_dirs(const char *var, const char *fallback, char dirs[][USERDATA_PATH],
                         int max)
{
    const char *v = getenv(var);
    if (!v || !*v)
        v = fallback;
    int n = 0;
    while (*v && n < max) {
        size_t len = strcspn(v, ":");
        /* Relative entries are ignored, as the XDG spec says. */
        if (len > 0 && v[0] == '/' && len + sizeof "/hushabye" < USERDATA_PATH) {
            memcpy(dirs[n], v, len);
            snprintf(dirs[n] + len, USERDATA_PATH - len, "/hushabye");
            n++;
        }
        v += len;
        if (*v == ':')
            v++;
    }
    return n;
}

int userdata_shared_stories(const char *bundled, char dirs[][USERDATA_PATH], int max)
{
    char base[USERDATA_MAX_DIRS][USERDATA_PATH];
    struct stat b, st;
    int have_b = bundled && bundled[0] && stat(bundled, &b) == 0;
    int nb = userdata_system_dirs("XDG_DATA_DIRS", "/usr/local/share:/usr/share", base,
                                  USERDATA_MAX_DIRS);
    int n = 0;
    for (int i = 0; i < nb && n < max; i++) {
        if (join(dirs[n], USERDATA_PATH, base[i], "stories") < 0 || stat(dirs[n], &st) != 0 ||
            !S_ISDIR(st.st_mode))
            continue;
        /* The package's bundled stories are /usr/share/hushabye/stories, in
         * the default path: shown once, as the bundled ones. */
        if (have_b && st.st_dev == b.st_dev && st.st_ino == b.st_ino)
            continue;
        int dup = 0;
        for (int k = 0; k < n && !dup; k++)
            dup = strcmp(dirs[k], dirs[n]) == 0;
        n += !dup;
    }
    return n;
}

void settings_load(const UserPaths *u, Settings *s, Diags *d)
{
    /* A kiosk image presets settings in /etc/xdg/hushabye/settings.ini (or
     * XDG_CONFIG_DIRS); the first directory listed matters most, so they are
     * read from the last to the first, and the family's own file last of all. */
    char dirs[USERDATA_MAX_DIRS][USERDATA_PATH];
    int n = userdata_system_dirs("XDG_CONFIG_DIRS", "/etc/xdg", dirs, USERDATA_MAX_DIRS);
    for (int i = n - 1; i >= 0; i--)
        if (strcmp(dirs[i], u->config_dir) != 0)
            settings_load_from(dirs[i], s, d);
    settings_load_from(u->config_dir, s, d);
}

int settings_save(const UserPaths *u, const Settings *s)
{
    char path[USERDATA_PATH + USERDATA_NAME_MAX + 2], rdir[USERDATA_PATH], rname[USERDATA_NAME_MAX + 1];
    unsigned char *old = NULL;
    size_t oldlen = 0, len = 0;
    char *text = NULL;
    if (files_mkdirs(u->config_dir) < 0)
        return -1;
    /* A linked settings.ini is written where it really is, so the link stays. */
    own_file(u->config_dir, "settings.ini", rdir, rname);
    if (join(path, sizeof path, rdir, rname) < 0) {
        errno = ENAMETOOLONG;
        return -1;
    }
    FilesStatus st = files_read(rdir, rname, 64 * 1024, &old, &oldlen);
    if (st != FILES_OK && st != FILES_ENOENT) {
        /* Never write over a file we could not read: the parent's words in it
         * would be lost. */
        errno = st == FILES_ETOOBIG ? EFBIG : EIO;
        return -1;
    }
    int rc = settings_render(st == FILES_OK ? (const char *)old : NULL, oldlen, s, &text, &len);
    free(old);
    if (rc < 0) {
        errno = ENOMEM;
        return -1;
    }
    rc = files_write_atomic(path, text, len);
    free(text);
    return rc;
}
