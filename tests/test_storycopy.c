/* test_storycopy — a bundled story copied into the family's folder before recording.
 *
 * Each case makes its folders under TEST_TMP/storycopy-PID: a story with a
 * page, words, a sub-folder and hidden files; then the hostile kinds (a
 * link, a named pipe, a file over the cap) that must stop the copy and leave
 * nothing behind, neither the story's name nor a hidden half-copy. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "storycopy.h"

static char root[512];

static void put(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    files_write_atomic(path, text, strlen(text));
}

/* Do the files at paths a and b hold the same bytes? */
static int same_file(const char *a, const char *b)
{
    char da[1024], db[1024];
    unsigned char *x = NULL, *y = NULL;
    size_t nx = 0, ny = 0;
    snprintf(da, sizeof da, "%s", a);
    snprintf(db, sizeof db, "%s", b);
    char *sa = strrchr(da, '/'), *sb = strrchr(db, '/');
    *sa++ = '\0';
    *sb++ = '\0';
    int same = files_read(da, sa, 1 << 20, &x, &nx) == FILES_OK &&
               files_read(db, sb, 1 << 20, &y, &ny) == FILES_OK && nx == ny &&
               memcmp(x, y, nx) == 0;
    free(x);
    free(y);
    return same;
}

static int exists(const char *dir, const char *name)
{
    char path[1024];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return lstat(path, &st) == 0;
}

/* How many hidden entries (a half-made copy would be one) are in dir. */
static int hidden_in(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    if (d)
        closedir(d);
    return n;
}

/* A story folder "name" under root/src with a page, a sub-folder and hidden files. */
static void make_story(const char *name, char *out, size_t len)
{
    char sub[1024];
    snprintf(out, len, "%s/src/%s", root, name);
    snprintf(sub, sizeof sub, "%s/pictures", out);
    files_mkdirs(sub);
    put(out, "01.txt", "The moon says goodnight.");
    put(out, "story.ini", "[page 1]\nimage = pictures/moon.svg\n");
    put(sub, "moon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
    put(out, ".previous-01.wav", "an earlier take");
}

static void test_copy(void)
{
    char src[1024], family[1024], out[1024], why[256], a[1200], b[1200];
    make_story("moon", src, sizeof src);
    snprintf(family, sizeof family, "%s/family/stories", root);
    CHECK(storycopy_into(src, family, out, sizeof out, why, sizeof why) == 1,
          "a story folder is copied into a family folder not yet made (%s)", why);
    snprintf(a, sizeof a, "%s/moon", family);
    CHECK_STR(out, a, "the copy is the family folder's <story name>");
    snprintf(a, sizeof a, "%s/01.txt", src);
    snprintf(b, sizeof b, "%s/01.txt", out);
    CHECK(same_file(a, b), "the page's words are copied byte for byte");
    snprintf(a, sizeof a, "%s/pictures/moon.svg", src);
    snprintf(b, sizeof b, "%s/pictures/moon.svg", out);
    CHECK(same_file(a, b), "a file in a sub-folder the story names is copied too");
    CHECK(!exists(out, ".previous-01.wav"), "hidden files (earlier takes) are not copied");
    CHECK(hidden_in(family) == 0, "no hidden half-copy is left beside the copy");
    put(out, "02.txt", "Mine now.");
    CHECK(storycopy_into(src, family, out, sizeof out, why, sizeof why) == 0 &&
              exists(out, "02.txt"),
          "a second copy finds the family's copy there and leaves it as it is");
}

static void test_refused(const char *what, const char *name, void (*spoil)(const char *),
                         const char *said)
{
    char src[1024], family[1024], out[1024], why[256];
    make_story(name, src, sizeof src);
    spoil(src);
    snprintf(family, sizeof family, "%s/refused", root);
    CHECK(storycopy_into(src, family, out, sizeof out, why, sizeof why) == -1,
          "a story with %s is not copied", what);
    CHECK(strstr(why, said) != NULL && strstr(why, src) != NULL,
          "the reason names the file and says it %s: '%s'", said, why);
    CHECK(!exists(family, name), "nothing of the story with %s is left in the family folder",
          what);
    CHECK(hidden_in(family) == 0, "the half-copy of the story with %s is removed", what);
}

static void add_link(const char *src)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/02.txt", src);
    symlink("/etc/passwd", path);
}

static void add_fifo(const char *src)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/02.ogg", src);
    mkfifo(path, 0600);
}

static void add_huge(const char *src)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/02.wav", src);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    /* Sparse: the size is over the cap, the disk holds almost nothing. */
    if (fd >= 0) {
        if (ftruncate(fd, (off_t)FILES_MAX_AUDIO + 1) != 0)
            perror("ftruncate");
        close(fd);
    }
}

static void add_deep(const char *src)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/a/b/c/d/e", src);
    files_mkdirs(path);
}

static void test_own(void)
{
    char bundled[1024], src[1024], family[1024], why[256];
    Story s;
    memset(&s, 0, sizeof s);
    snprintf(bundled, sizeof bundled, "%s/src", root);
    snprintf(family, sizeof family, "%s/own/stories", root);
    make_story("owl", src, sizeof src);
    s.folder = strdup(src);
    CHECK(storycopy_own(&s, bundled, family, why, sizeof why) == 1,
          "a bundled story is copied before it is recorded (%s)", why);
    CHECK(strncmp(s.folder, family, strlen(family)) == 0 && exists(s.folder, "01.txt"),
          "the story now points at the family's copy: %s", s.folder);
    char *was = strdup(s.folder);
    CHECK(storycopy_own(&s, bundled, family, why, sizeof why) == 0 && !strcmp(s.folder, was),
          "the family's copy is recorded where it is, not copied again");
    free(was);
    free(s.folder);
    s.folder = strdup(src);
    CHECK(storycopy_own(&s, bundled, "", why, sizeof why) == -1 && !strcmp(s.folder, src) &&
              why[0],
          "with no family folder a bundled story is not recorded, and it says why: '%s'", why);
    free(s.folder);
    char mine[1024];
    snprintf(mine, sizeof mine, "%s/mine", root);
    files_mkdirs(mine);
    s.folder = strdup(mine);
    CHECK(storycopy_own(&s, bundled, family, why, sizeof why) == 0 && !strcmp(s.folder, mine),
          "a story of the family's own, outside the bundled folder, is recorded in place");
    free(s.folder);
}

int main(void)
{
    snprintf(root, sizeof root, "%s/storycopy-%d", TEST_TMP, (int)getpid());
    files_mkdirs(root);
    test_copy();
    test_refused("a link", "linked", add_link, "is a link");
    test_refused("a named pipe", "piped", add_fifo, "not a plain file");
    test_refused("a file over 256 MiB", "huge", add_huge, "too big");
    test_refused("folders five deep", "deep", add_deep, "too deep");
    test_own();
    CHECK_DONE();
}
