/* test_files — safe names, reads inside a story folder, links refused, size caps,
 * listings without hidden files, atomic writes and mkdir -p. */
#include "check.h"
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
        temps += strstr(names[i], ".tmp-") != NULL;
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

int main(void)
{
    test_names();
    test_read();
    test_open_fd();
    test_list();
    test_write();
    CHECK_DONE();
}
