/* test_userdata — the family's settings and closing words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "userdata.h"

static void test_settings(void)
{
    Settings s;
    Diags d = { 0 };
    settings_defaults(&s);
    const char *text = "[hushabye]\n"
                       "dim-time = 60s\n"
                       "night-light = off\n"
                       "volume = 50%\n"
                       "captions = no\n"
                       "kiosk = on\n"
                       "stories-per-night = 2\n"
                       "dim-time = 3 hours\n"
                       "colour = blue\n";
    settings_parse(&s, "settings.ini", text, strlen(text), &d);
    CHECK(s.dim_seconds == 60 && !s.night_light && s.volume == 0.5 && !s.captions && s.kiosk &&
              s.stories_per_night == 2, "every setting is read");
    CHECK(d.n == 2 && d.items[0].line == 8 && d.items[1].line == 9,
          "a bad value and an unknown key are warnings with their lines");
    diag_free(&d);

    UserPaths u;
    memset(&u, 0, sizeof u);
    snprintf(u.config_dir, sizeof u.config_dir, "%s/userdata/config", TEST_TMP);
    CHECK(settings_save(&u, &s) == 0, "settings are saved");
    Settings back;
    settings_defaults(&back);
    settings_load(&u, &back, &d);
    CHECK(d.n == 0 && back.dim_seconds == 60 && !back.night_light && back.volume == 0.5 &&
              !back.captions && back.kiosk && back.stories_per_night == 2,
          "what is saved reads back the same");
    diag_free(&d);
}

/* A kiosk image presets settings system-wide; the family's file wins. */
static void test_system_settings(void)
{
    char sys1[512], sys2[512], mine[512], path[600], dirs[USERDATA_MAX_DIRS][USERDATA_PATH];
    snprintf(sys1, sizeof sys1, "%s/xdg-%d/first", TEST_TMP, (int)getpid());
    snprintf(sys2, sizeof sys2, "%s/xdg-%d/second", TEST_TMP, (int)getpid());
    snprintf(mine, sizeof mine, "%s/xdg-%d/home/hushabye", TEST_TMP, (int)getpid());
    for (int i = 0; i < 3; i++) {
        const char *base = i == 0 ? sys1 : i == 1 ? sys2 : NULL;
        snprintf(path, sizeof path, "%s%s", base ? base : mine, base ? "/hushabye" : "");
        files_mkdirs(path);
    }
    snprintf(path, sizeof path, "%s/hushabye/settings.ini", sys1);
    files_write_atomic(path, "kiosk = on\nvolume = 30%\n", 24);
    snprintf(path, sizeof path, "%s/hushabye/settings.ini", sys2);
    files_write_atomic(path, "kiosk = off\ndim-time = 90s\ncaptions = off\n", 41);
    snprintf(path, sizeof path, "%s/settings.ini", mine);
    files_write_atomic(path, "captions = on\n", 14);
    char var[1200];
    snprintf(var, sizeof var, "%s:relative/ignored:%s", sys1, sys2);
    setenv("XDG_CONFIG_DIRS", var, 1);
    CHECK(userdata_system_dirs("XDG_CONFIG_DIRS", "/etc/xdg", dirs, USERDATA_MAX_DIRS) == 2,
          "relative entries of an XDG path are left out");
    UserPaths u;
    memset(&u, 0, sizeof u);
    snprintf(u.config_dir, sizeof u.config_dir, "%s", mine);
    Settings s;
    Diags d = { 0 };
    settings_defaults(&s);
    settings_load(&u, &s, &d);
    CHECK(s.kiosk && s.volume == 0.3, "the first system folder matters most (kiosk = on)");
    CHECK(s.dim_seconds == 90, "a later one still gives what the first does not");
    CHECK(s.captions, "and the family's own file wins over both");
    CHECK(d.n == 0, "no warnings");
    unsetenv("XDG_CONFIG_DIRS");
    CHECK(userdata_system_dirs("XDG_DATA_DIRS", "/usr/local/share:/usr/share", dirs,
                               USERDATA_MAX_DIRS) == 2 &&
              !strcmp(dirs[1], "/usr/share/hushabye"),
          "the XDG default is used when the variable is unset");
    diag_free(&d);
}

static void test_reassurance(void)
{
    char assets[512], data[512], path[600];
    UserPaths u;
    Reassurance r;
    Diags d = { 0 };
    snprintf(assets, sizeof assets, "%s/userdata-%d/assets", TEST_TMP, (int)getpid());
    snprintf(data, sizeof data, "%s/userdata-%d/data", TEST_TMP, (int)getpid());
    snprintf(path, sizeof path, "%s/reassurance", assets);
    files_mkdirs(path);
    files_mkdirs(data);
    snprintf(path, sizeof path, "%s/reassurance/voice.ogg", assets);
    files_write_atomic(path, "OggS", 4);
    memset(&u, 0, sizeof u);
    snprintf(u.data_dir, sizeof u.data_dir, "%s", data);

    userdata_reassurance(&u, assets, &r, &d);
    CHECK_STR(r.words, USERDATA_DEFAULT_WORDS, "the default words without a family file");
    CHECK_STR(r.voice, "voice.ogg", "and the bundled voice");

    snprintf(path, sizeof path, "%s/reassurance.txt", data);
    files_write_atomic(path, "\n  Grandma is always here.  \n", 29);
    userdata_reassurance(&u, assets, &r, &d);
    CHECK_STR(r.words, "Grandma is always here.", "the family's words, trimmed");
    CHECK(r.voice[0] == '\0', "changed words are not spoken by the bundled voice");

    snprintf(path, sizeof path, "%s/reassurance.wav", data);
    files_write_atomic(path, "RIFF", 4);
    userdata_reassurance(&u, assets, &r, &d);
    CHECK(r.family_voice && !strcmp(r.voice, "reassurance.wav"),
          "the family's recording is the voice");
    CHECK(d.n == 0, "no problem reported for good files");
    diag_free(&d);

    /* The recording was made for these words; then the words change. */
    CHECK(userdata_voice_words_save(&u, "Grandma is always here.") == 0,
          "the words a recording says are noted");
    userdata_reassurance(&u, assets, &r, &d);
    CHECK(r.family_voice && !r.voice_stale && d.n == 0,
          "words and recording that match: the family's voice plays");
    snprintf(path, sizeof path, "%s/reassurance.txt", data);
    files_write_atomic(path, "Grandpa is always here.\n", 24);
    userdata_reassurance(&u, assets, &r, &d);
    CHECK(r.voice_stale && !r.family_voice && r.voice[0] == '\0' &&
              !strcmp(r.words, "Grandpa is always here."),
          "changed words are shown alone: never under a voice saying something else");
    CHECK(d.n == 1 && strstr(d.items[0].msg, "recorded again"),
          "and the parent is told to record them again");
    diag_free(&d);
    CHECK(userdata_voice_words_save(&u, "Grandpa is always here.") == 0,
          "a new recording of the new words is noted");
    userdata_reassurance(&u, assets, &r, &d);
    CHECK(r.family_voice && !r.voice_stale && d.n == 0, "and the voice plays again");
    diag_free(&d);

    /* A recording that is a link (to /dev/urandom, say) is not played, and
     * the family is told why; the next one that can be used plays. */
    char link[600];
    snprintf(link, sizeof link, "%s/reassurance.ogg", data);
    unlink(link);
    CHECK(symlink("/dev/urandom", link) == 0, "a link is made");
    userdata_reassurance(&u, assets, &r, &d);
    CHECK(!strcmp(r.voice, "reassurance.wav") && d.n == 1 &&
              strstr(d.items[0].msg, "reassurance.ogg is a link") &&
              strstr(d.items[0].msg, "so it is not played"),
          "a link named reassurance.ogg is told, not played silently over (%s)",
          d.n ? d.items[0].msg : "nothing said");
    unlink(link);
    diag_free(&d);
}

/* Shared stories from XDG_DATA_DIRS: the folders that are there, in order,
 * the bundled one (in the default path for a package) left out. */
static void test_shared_stories(void)
{
    char one[512], two[512], missing[512], bundled[512], path[600], var[2400];
    char dirs[USERDATA_MAX_DIRS][USERDATA_PATH];
    snprintf(one, sizeof one, "%s/shared-%d/one", TEST_TMP, (int)getpid());
    snprintf(two, sizeof two, "%s/shared-%d/two", TEST_TMP, (int)getpid());
    snprintf(missing, sizeof missing, "%s/shared-%d/missing", TEST_TMP, (int)getpid());
    snprintf(bundled, sizeof bundled, "%s/shared-%d/two/hushabye/stories", TEST_TMP,
             (int)getpid());
    snprintf(path, sizeof path, "%s/hushabye/stories", one);
    files_mkdirs(path);
    files_mkdirs(bundled);
    snprintf(var, sizeof var, "%s:%s:relative:%s:%s", missing, one, two, one);
    setenv("XDG_DATA_DIRS", var, 1);
    int n = userdata_shared_stories(NULL, dirs, USERDATA_MAX_DIRS);
    CHECK(n == 2 && !strcmp(dirs[0], path) && !strcmp(dirs[1], bundled),
          "each XDG_DATA_DIRS entry's hushabye/stories that exists, once, in order (%d)", n);
    /* The bundled folder named another way (a "//" and a "."): still left out. */
    snprintf(path, sizeof path, "%s/shared-%d//two/./hushabye/stories", TEST_TMP, (int)getpid());
    n = userdata_shared_stories(path, dirs, USERDATA_MAX_DIRS);
    CHECK(n == 1 && strstr(dirs[0], "/one/"), "the bundled stories folder is not shared again");
    CHECK(userdata_shared_stories(NULL, dirs, 1) == 1, "at most max folders are given");
    unsetenv("XDG_DATA_DIRS");
    n = userdata_shared_stories(NULL, dirs, USERDATA_MAX_DIRS);
    int under_default = 1;
    for (int i = 0; i < n; i++)
        under_default &= !strncmp(dirs[i], "/usr/local/share/", 17) ||
                         !strncmp(dirs[i], "/usr/share/", 11);
    CHECK(under_default, "unset, the XDG default /usr/local/share:/usr/share is searched");
}

int main(void)
{
    files_mkdirs(TEST_TMP);
    test_settings();
    test_reassurance();
    test_system_settings();
    test_shared_stories();
    CHECK_DONE();
}
