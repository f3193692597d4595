/* test_files — safe names, reads inside a story folder, links refused, size caps,
 * listings without hidden files, listings that name folders and FIFOs, atomic
 * writes and mkdir -p, stale temporary files of interrupted saves removed (and
 * a live save's kept), the room for a take checked before recording, and files,
 * takes and folders made with the umask's modes (0644 / 0755 under 022). */
#include "check.h"
#include "files.h"
#include "take.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROOT TEST_TMP "/files"

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_names(void)
{
    static const struct { const char *name; int safe; } cases[] = {
        { "01.png", 1 }, { "pics/01.png", 1 }, { "a b.ogg", 1 }, { "..x", 1 },
        { "", 0 }, { "/etc/passwd", 0 }, { "..", 0 }, { "../x.png", 0 }, { "a/../b", 0 },
        { "a//b", 0 }, { "a/", 0 }, { ".", 0 }, { "./a", 0 }, { "a/.", 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK(files_name_is_safe(cases[i].name) == cases[i].safe,
              "files_name_is_safe('%s') is %d", cases[i].name, cases[i].safe);
    CHECK(!files_name_is_safe(NULL), "a NULL name is not safe");
}

static void test_read(void)
{
    CHECK(files_mkdirs(ROOT "/story/sub") == 0, "mkdirs makes nested folders");
    CHECK(files_mkdirs(ROOT "/story/sub") == 0, "mkdirs accepts folders that exist");
    put(ROOT "/story/01.txt", "Goodnight moon.");
    put(ROOT "/story/sub/a.txt", "inside");
    put(ROOT "/secret.txt", "outside");
    unlink(ROOT "/story/link.txt");
    unlink(ROOT "/story/linkdir");
    CHECK(symlink("../secret.txt", ROOT "/story/link.txt") == 0, "a test link is made");
    CHECK(symlink("sub", ROOT "/story/linkdir") == 0, "a test folder link is made");

    unsigned char *data = NULL;
    size_t len = 0;
    CHECK(files_read(ROOT "/story", "01.txt", 100, &data, &len) == FILES_OK && len == 15 &&
          memcmp(data, "Goodnight moon.", 15) == 0 && data[15] == '\0',
          "a plain file is read whole and NUL-terminated");
    free(data);
    CHECK(files_read(ROOT "/story", "sub/a.txt", 100, &data, &len) == FILES_OK && len == 6,
          "a file in a sub-folder is read");
    free(data);
    static const struct { const char *name; size_t cap; FilesStatus want; const char *what; }
    cases[] = {
        { "missing.txt", 100, FILES_ENOENT, "a missing file is ENOENT" },
        { "01.txt", 10, FILES_ETOOBIG, "a file over the cap is ETOOBIG" },
        { "01.txt", 15, FILES_OK, "a file exactly at the cap is read" },
        { "link.txt", 100, FILES_EUNSAFE, "a link leading out is refused" },
        { "linkdir/a.txt", 100, FILES_EUNSAFE, "a folder link inside the path is refused" },
        { "../secret.txt", 100, FILES_EUNSAFE, "'..' is refused" },
        { "sub", 100, FILES_EUNSAFE, "a folder is not a regular file" },
        { "/etc/hostname", 100, FILES_EUNSAFE, "an absolute path is refused" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        data = (unsigned char *)"x";
        FilesStatus st = files_read(ROOT "/story", cases[i].name, cases[i].cap, &data, &len);
        CHECK(st == cases[i].want, "%s (got %d)", cases[i].what, (int)st);
        CHECK(st == FILES_OK || data == NULL, "%s: no buffer on failure", cases[i].what);
        free(st == FILES_OK ? data : NULL);
    }
    size_t size = 0;
    CHECK(files_size(ROOT "/story", "01.txt", &size) == FILES_OK && size == 15,
          "files_size gives the size without reading");
    CHECK(files_size(ROOT "/story", "link.txt", &size) == FILES_EUNSAFE,
          "files_size refuses links too");
    CHECK(files_read(ROOT "/nope", "01.txt", 100, &data, &len) == FILES_ENOENT,
          "a missing folder is ENOENT");
    CHECK(strlen(files_status_text(FILES_EUNSAFE)) > 0, "every status has words");
}

/* files_open_fd: the same rules as files_read, a descriptor instead of bytes,
 * and a FIFO refused without hanging (run after test_read made the story). */
static void test_open_fd(void)
{
    int fd = -1;
    size_t size = 0;
    char buf[32] = { 0 };
    CHECK(files_open_fd(ROOT "/story", "01.txt", 100, &fd, &size) == FILES_OK && fd >= 0 &&
          size == 15, "files_open_fd gives a descriptor and the size");
    CHECK(fd >= 0 && read(fd, buf, sizeof buf) == 15 && memcmp(buf, "Goodnight", 9) == 0,
          "the descriptor reads the file from its start");
    CHECK(fd >= 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK) == 0,
          "the descriptor blocks normally (O_NONBLOCK was only for opening)");
    if (fd >= 0)
        close(fd);
    static const struct { const char *name; size_t cap; FilesStatus want; const char *what; }
    cases[] = {
        { "01.txt", 14, FILES_ETOOBIG, "files_open_fd refuses a file over the cap" },
        { "link.txt", 100, FILES_EUNSAFE, "files_open_fd refuses a link leading out" },
        { "linkdir/a.txt", 100, FILES_EUNSAFE, "files_open_fd refuses a folder link" },
        { "../secret.txt", 100, FILES_EUNSAFE, "files_open_fd refuses '..'" },
        { "missing.ogg", 100, FILES_ENOENT, "files_open_fd says a missing file is not there" },
        { "fifo.ogg", 100, FILES_EUNSAFE, "files_open_fd refuses a FIFO without waiting" },
    };
    unlink(ROOT "/story/fifo.ogg");
    mkfifo(ROOT "/story/fifo.ogg", 0600);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fd = 123456;
        FilesStatus st = files_open_fd(ROOT "/story", cases[i].name, cases[i].cap, &fd, &size);
        CHECK(st == cases[i].want && fd == -1, "%s (got %d)", cases[i].what, (int)st);
    }
    unlink(ROOT "/story/fifo.ogg");
}

static void test_list(void)
{
    put(ROOT "/story/.hidden.png", "x");
    put(ROOT "/story/._01.png", "x");
    char **names = NULL;
    int n = files_list(ROOT "/story", &names);
    int saw_txt = 0, saw_hidden = 0, saw_sub = 0, saw_link = 0;
    for (int i = 0; i < n; i++) {
        saw_txt += strcmp(names[i], "01.txt") == 0;
        saw_hidden += names[i][0] == '.';
        saw_sub += strcmp(names[i], "sub") == 0;
        saw_link += strcmp(names[i], "link.txt") == 0;
    }
    CHECK(n == 3, "the listing has 01.txt and the two links (got %d)", n);
    CHECK(saw_txt == 1 && saw_link == 1, "regular files and links are listed");
    CHECK(saw_hidden == 0, "'.', '..' and hidden files are skipped");
    CHECK(saw_sub == 0, "folders are not listed");
    files_list_free(names, n);
    CHECK(files_list(ROOT "/nope", &names) == -1, "an unreadable folder gives -1");
}

static void test_write(void)
{
    const char *path = ROOT "/settings.ini";
    CHECK(files_write_atomic(path, "one", 3) == 0, "an atomic write succeeds");
    CHECK(files_write_atomic(path, "second", 6) == 0, "an atomic write replaces a file");
    unsigned char *data = NULL;
    size_t len = 0;
    CHECK(files_read(ROOT, "settings.ini", 100, &data, &len) == FILES_OK && len == 6 &&
          memcmp(data, "second", 6) == 0, "the new content is in place");
    free(data);
    CHECK(files_write_atomic(ROOT "/no/such/dir/x", "a", 1) == -1 && errno == ENOENT,
          "writing into a missing folder fails with errno set");
    char **names = NULL;
    int n = files_list(ROOT, &names);
    int temps = 0;
    for (int i = 0; i < n; i++)
        temps += strstr(names[i], FILES_TEMP_MARK) != NULL;
    files_list_free(names, n);
    CHECK(temps == 0, "no temporary file is left behind");
    char buf[64];
    static const struct { const char *in, *want; } bases[] = {
        { "a/b/sleepy-moon", "sleepy-moon" }, { "sleepy-moon/", "sleepy-moon" },
        { "x", "x" }, { "/", "/" }, { "a/b//", "b" },
    };
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++)
        CHECK_STR(files_basename(bases[i].in, buf, sizeof buf), bases[i].want,
                  "basename of '%s'", bases[i].in);
}

static void test_kinds(void)
{
    files_mkdirs(ROOT "/kinds/03.png");
    put(ROOT "/kinds/01.png", "x");
    unlink(ROOT "/kinds/02.ogg");
    CHECK(mkfifo(ROOT "/kinds/02.ogg", 0600) == 0, "a FIFO can be made for the test");
    char **names = NULL;
    unsigned char *kinds = NULL;
    int err = -1;
    int n = files_list_kinds(ROOT "/kinds", &names, &kinds, &err);
    int file = 0, folder = 0, fifo = 0;
    for (int i = 0; i < n; i++) {
        file += !strcmp(names[i], "01.png") && kinds[i] == FILES_KIND_FILE;
        fifo += !strcmp(names[i], "02.ogg") && kinds[i] == FILES_KIND_FIFO;
        folder += !strcmp(names[i], "03.png") && kinds[i] == FILES_KIND_FOLDER;
    }
    CHECK(n == 3 && file && fifo && folder,
          "files_list_kinds names a file, a FIFO and a folder for what they are (%d)", n);
    CHECK(err == 0, "nothing went wrong asking what each entry is");
    CHECK_STR(files_status_why(ROOT "/kinds", "02.ogg", FILES_EUNSAFE),
              "is a named pipe (FIFO), not a file", "a FIFO refused is told for what it is");
    CHECK_STR(files_status_why(ROOT "/kinds", "03.png", FILES_EUNSAFE),
              "is a folder, not a file", "a folder refused is told for what it is");
    CHECK_STR(files_status_why(ROOT "/kinds", "../kinds/02.ogg", FILES_EUNSAFE),
              files_status_text(FILES_EUNSAFE), "an unsafe name gets the plain words");
    files_list_free(names, n);
    free(kinds);
    n = files_list(ROOT "/kinds", &names);
    CHECK(n == 1 && !strcmp(names[0], "01.png"), "files_list still lists files and links only");
    files_list_free(names, n);
    CHECK(files_list_kinds(ROOT "/nope", &names, &kinds, &err) == -1 && errno == ENOENT,
          "a missing folder gives -1 with errno set");
}

/* A pid that is surely not running: a child that has exited and been reaped. */
static long dead_pid(void)
{
    pid_t p = fork();
    if (p == 0)
        _exit(0);
    waitpid(p, NULL, 0);
    return (long)p;
}

static void test_temps(void)
{
    long pid;
    static const struct { const char *name; int temp; long pid; } names[] = {
        { ".01.wav.hushabye-tmp-1234-aB9xYz", 1, 1234 },
        { "01.wav.hushabye-tmp-1234-aB9xYz", 0, 0 }, { ".01.vtt.before-recording", 0, 0 },
        { ".hushabye-tmp-1234-aB9xYz", 0, 0 }, { ".01.wav.hushabye-tmp-1234-aB9x", 0, 0 },
        { ".01.wav.hushabye-tmp-12x4-aB9xYz", 0, 0 },
        { ".a.hushabye-tmp-b.hushabye-tmp-77-zzzzzz", 1, 77 },
        /* a family's own hidden files, however much they look like one */
        { ".settings.ini.tmp-Ab12cd", 0, 0 }, { ".grandma-letter.tmp-backup", 0, 0 },
        { ".song.tmp-4000000-v2copy", 0, 0 }, { ".01.wav.tmp-1234-aB9xYz", 0, 0 },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        CHECK(files_is_temp(names[i].name, &pid) == names[i].temp && pid == names[i].pid,
              "files_is_temp('%s') is %d with pid %ld", names[i].name, names[i].temp,
              names[i].pid);

    char t[128], dead[256], live[256], old_live[256], legacy[256], fresh_legacy[256],
        kept[256], saved[256];
    snprintf(t, sizeof t, ROOT "/temps-%ld", (long)getpid());   /* fresh each run */
    files_mkdirs(t);
    snprintf(dead, sizeof dead, "%s/.01.wav.hushabye-tmp-%ld-AbCdEf", t, dead_pid());
    snprintf(live, sizeof live, "%s/.02.wav.hushabye-tmp-%ld-AbCdEf", t, (long)getppid());
    snprintf(old_live, sizeof old_live, "%s/.03.wav.hushabye-tmp-%ld-AbCdEf", t,
             (long)getppid());
    snprintf(legacy, sizeof legacy, "%s/.grandma-letter.tmp-backup", t);
    snprintf(fresh_legacy, sizeof fresh_legacy, "%s/.song.tmp-%ld-v2copy", t, dead_pid());
    snprintf(kept, sizeof kept, "%s/01.wav", t);
    snprintf(saved, sizeof saved, "%s/x.ini", t);
    const char *all[] = { dead, live, old_live, legacy, fresh_legacy };
    for (int i = 0; i < 5; i++)
        put(all[i], "RIFF a take cut short");
    put(kept, "RIFF the kept take");
    struct timeval old[2] = { { time(NULL) - 3600, 0 }, { time(NULL) - 3600, 0 } };
    utimes(old_live, old);
    utimes(legacy, old);
    CHECK(files_clean_temps(t) == 2, "the two stale temporary files are removed");
    CHECK(access(dead, F_OK) != 0, "the temporary file of a process that is gone is removed");
    CHECK(access(live, F_OK) == 0, "a fresh temporary file of a live process stays");
    CHECK(access(old_live, F_OK) != 0, "one older than any save is removed even if its pid "
          "is running (pids are reused)");
    CHECK(access(legacy, F_OK) == 0 && access(fresh_legacy, F_OK) == 0,
          "a family's own hidden files named like temporary ones stay, an hour old or new");
    CHECK(access(kept, F_OK) == 0, "the page's real narration is untouched");
    CHECK(files_clean_temps(ROOT "/no/such") == 0, "a missing folder removes nothing");
    CHECK(files_write_atomic(saved, "a", 1) == 0 && files_clean_temps(t) == 0,
          "a save leaves no temporary file to clean");
    unlink(live);
}

static void test_room(void)
{
    char why[256] = "";
    CHECK(take_check_room(ROOT, 120, why, sizeof why) == 0,
          "a writable folder with room can record two minutes (%s)", why);
    CHECK(take_check_room(ROOT, 1e12, why, sizeof why) != 0 && strstr(why, "disk is full"),
          "a take bigger than the free space is refused before recording: '%s'", why);
    CHECK(take_check_room(ROOT "/no/such", 120, why, sizeof why) != 0 &&
              strstr(why, "not there"), "a missing folder is named: '%s'", why);
    char **names = NULL;
    int n = files_list(ROOT, &names), temps = 0;
    for (int i = 0; i < n; i++)
        temps += strstr(names[i], FILES_TEMP_MARK) != NULL;
    files_list_free(names, n);
    CHECK(temps == 0, "the write test leaves no file behind");
    /* Root writes through any permission bits; a folder it cannot write either
     * is a sysfs one. */
    const char *ro = ROOT "/readonly";
    if (geteuid() == 0) {
        ro = "/sys";
    } else {
        files_mkdirs(ro);
        chmod(ro, 0500);
    }
    CHECK(take_check_room(ro, 120, why, sizeof why) != 0 && strstr(why, "cannot record here"),
          "a folder that cannot be written is refused before recording: '%s'", why);
    if (geteuid() != 0)
        chmod(ro, 0700);
}

/* Permission bits of path, or -1. */
static int mode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

/* Files and folders the family makes follow the umask, as any program's do:
 * a kiosk account in the family's group reads them under 022 (and 027). */
static void test_modes(void)
{
    static const struct { mode_t mask; int file, folder; } cases[] = {
        { 022, 0644, 0755 }, { 077, 0600, 0700 }, { 027, 0640, 0750 },
    };
    mode_t was = umask(022);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char dir[200], deep[240], file[280], take_dir[240];
        umask(cases[i].mask);
        CHECK((int)files_umask() == (int)cases[i].mask,
              "files_umask reads the umask %03o without changing it", (unsigned)cases[i].mask);
        CHECK((int)umask(cases[i].mask) == (int)cases[i].mask,
              "(the umask is still %03o after reading it)", (unsigned)cases[i].mask);
        snprintf(dir, sizeof dir, ROOT "/modes-%03o", (unsigned)cases[i].mask);
        snprintf(deep, sizeof deep, "%s/family/stories", dir);
        CHECK(files_mkdirs(deep) == 0, "mkdir -p makes %s", deep);
        CHECK(mode_of(dir) == cases[i].folder && mode_of(deep) == cases[i].folder,
              "folders made under umask %03o are %04o (got %04o and %04o)",
              (unsigned)cases[i].mask, cases[i].folder, mode_of(dir), mode_of(deep));
        snprintf(file, sizeof file, "%s/settings.ini", deep);
        CHECK(files_write_atomic(file, "volume = 50%\n", 13) == 0 &&
              mode_of(file) == cases[i].file,
              "a file saved under umask %03o is %04o (got %04o)", (unsigned)cases[i].mask,
              cases[i].file, mode_of(file));
        chmod(file, 0600);
        CHECK(files_write_atomic(file, "volume = 60%\n", 13) == 0 &&
              mode_of(file) == cases[i].file,
              "a file saved as 0600 by an older version is %04o after the next save",
              cases[i].file);
        snprintf(take_dir, sizeof take_dir, "%s/family", dir);
        int16_t samples[480] = { 0 };
        char name[64], take_path[400];
        TakeTarget t = { take_dir, 2 };
        CHECK(take_save(&t, samples, 480, name, sizeof name) == 0, "a take is saved");
        snprintf(take_path, sizeof take_path, "%s/%s", take_dir, name);
        CHECK(mode_of(take_path) == cases[i].file,
              "a new take under umask %03o is %04o, so another account can play it (got %04o)",
              (unsigned)cases[i].mask, cases[i].file, mode_of(take_path));
    }
    umask(was);
}

/* The cache folder by the XDG rules: an absolute XDG_CACHE_HOME, else
 * HOME/.cache, else none (a relative path is not a place to keep things). */
static void test_cache_path(void)
{
    char out[64], home[4096] = "";
    if (getenv("HOME"))
        snprintf(home, sizeof home, "%s", getenv("HOME"));
    setenv("XDG_CACHE_HOME", "/x/cache", 1);
    setenv("HOME", "/home/fam", 1);
    CHECK(files_cache_path("levels", out, sizeof out) == 0 &&
              strcmp(out, "/x/cache/hushabye/levels") == 0,
          "XDG_CACHE_HOME is the cache's home (%s)", out);
    setenv("XDG_CACHE_HOME", "relative", 1);
    CHECK(files_cache_path("pictures", out, sizeof out) == 0 &&
              strcmp(out, "/home/fam/.cache/hushabye/pictures") == 0,
          "a relative XDG_CACHE_HOME is passed over for HOME/.cache (%s)", out);
    setenv("HOME", "also-relative", 1);
    CHECK(files_cache_path("levels", out, sizeof out) == -1, "no absolute home: no cache");
    setenv("HOME", "/home/a-very-long-name-for-a-home-folder-indeed", 1);
    CHECK(files_cache_path("levels", out, 20) == -1, "a path that does not fit is none");
    unsetenv("XDG_CACHE_HOME");
    if (home[0])
        setenv("HOME", home, 1);
    else
        unsetenv("HOME");
}

int main(void)
{
    test_cache_path();
    test_names();
    test_read();
    test_open_fd();
    test_list();
    test_write();
    test_kinds();
    test_temps();
    test_room();
    test_modes();
    CHECK_DONE();
}
