/* storycopy — the family's own copy of a story (see storycopy.h).
 *
 * The walk goes by folder descriptors (openat, fstatat with
 * AT_SYMLINK_NOFOLLOW), so what is checked is what is copied: a link is seen
 * as a link and refused, never followed, and a file swapped for a link
 * between the look and the open fails the O_NOFOLLOW open. The hidden
 * folder is made with mkdtemp beside the destination, so the final rename is
 * on one file system and atomic; a failure removes what was made. */
#include "storycopy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "i18n.h"

typedef struct {
    double total;       /* bytes copied so far */
    int files;          /* entries copied so far */
    char *why;
    size_t whylen;
} Copy;

/* Say why the copy stopped (the first reason wins); always -1. */
__attribute__((format(printf, 2, 3))) static int fail(Copy *c, const char *fmt, ...)
{
    if (c->why && c->whylen && !c->why[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->why, c->whylen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Copy the regular file name (size bytes, as looked at) from sfd into dfd. */
static int copy_file(int sfd, int dfd, const char *name, off_t size, const char *shown, Copy *c)
{
    if ((double)size > FILES_MAX_AUDIO)
        return fail(c, _("%1$s: %2$s (a story's files are at most %3$d MiB each)"), shown,
                    _("too big to copy"), LIMIT_AUDIO_MIB);
    if (c->total + (double)size > STORYCOPY_MAX_TOTAL)
        return fail(c, _("%1$s: %2$s (a story is copied only up to 1 GiB)"), shown, _("too big to copy"));
    int in = openat(sfd, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (in < 0 || fstat(in, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != size) {
        if (in >= 0)
            close(in);
        return fail(c, "%s: %s", shown, _("changed or became a link while it was being copied"));
    }
    int out = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (out < 0) {
        close(in);
        return fail(c, _("%1$s: cannot be copied (%2$s)"), shown, strerror(errno));
    }
    unsigned char buf[65536];
    off_t left = size;
    int rc = 0;
    while (left > 0 && rc == 0) {
        ssize_t r = read(in, buf, left < (off_t)sizeof buf ? (size_t)left : sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || write_all(out, buf, (size_t)r) < 0)
            rc = -1;
        else
            left -= r;
    }
    int err = errno;
    if (rc == 0 && fsync(out) != 0) {
        rc = -1;
        err = errno;
    }
    close(in);
    if (close(out) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    if (rc < 0)
        return fail(c, _("%1$s: cannot be copied (%2$s)"), shown, strerror(err ? err : EIO));
    c->total += (double)size;
    return 0;
}

static int copy_tree(int sfd, int dfd, const char *shown, int depth, Copy *c);

/* Copy one entry of sfd (looked at, never followed) into dfd. */
static int copy_entry(int sfd, int dfd, const char *name, const char *folder_shown, int depth,
                      Copy *c)
{
    char shown[PATH_MAX];
    struct stat st;
    snprintf(shown, sizeof shown, "%s/%s", folder_shown, name);
    if (++c->files > STORYCOPY_MAX_FILES)
        return fail(c, _("%1$s: %2$s (a story is copied only up to 4096 files)"), folder_shown,
                    _("too many files"));
    if (fstatat(sfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return fail(c, _("%1$s: cannot be looked at (%2$s)"), shown, strerror(errno));
    if (S_ISLNK(st.st_mode))
        return fail(c, "%s: %s", shown, _("is a link; a story with links is not copied"));
    if (S_ISREG(st.st_mode))
        return copy_file(sfd, dfd, name, st.st_size, shown, c);
    if (!S_ISDIR(st.st_mode))
        return fail(c, "%s: %s", shown, _("is not a plain file or folder"));
    if (depth >= STORYCOPY_MAX_DEPTH)
        return fail(c, "%s: %s", shown, _("folders go too deep to copy"));
    if (mkdirat(dfd, name, 0777) != 0)
        return fail(c, _("%1$s: cannot be copied (%2$s)"), shown, strerror(errno));
    int sub = openat(sfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int dsub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int rc = sub >= 0 && dsub >= 0 ? copy_tree(sub, dsub, shown, depth + 1, c)
                                   : fail(c, _("%1$s: cannot be opened (%2$s)"), shown, strerror(errno));
    if (sub >= 0)
        close(sub);
    if (dsub >= 0)
        close(dsub);
    return rc;
}

/* Copy every entry but the hidden ones from sfd into dfd, then sync dfd. */
static int copy_tree(int sfd, int dfd, const char *shown, int depth, Copy *c)
{
    int lfd = dup(sfd);
    DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
    if (!d) {
        if (lfd >= 0)
            close(lfd);
        return fail(c, _("%1$s: cannot be read (%2$s)"), shown, strerror(errno));
    }
    rewinddir(d);
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            rc = copy_entry(sfd, dfd, e->d_name, shown, depth, c);
    closedir(d);
    if (rc == 0 && fsync(dfd) != 0)
        return fail(c, _("%1$s: cannot be copied (%2$s)"), shown, strerror(errno));
    return rc;
}

/* Remove name inside dirfd and all it holds (what a failed copy made). */
static void remove_tree(int dirfd, const char *name, int depth)
{
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && depth <= STORYCOPY_MAX_DEPTH + 1) {
        int lfd = dup(fd);
        DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            if (unlinkat(fd, e->d_name, 0) != 0 && errno == EISDIR)
                remove_tree(fd, e->d_name, depth + 1);
        }
        if (d)
            closedir(d);
        else if (lfd >= 0)
            close(lfd);
    }
    if (fd >= 0)
        close(fd);
    unlinkat(dirfd, name, AT_REMOVEDIR);
}


int storycopy_into(const char *src, const char *parent, char *out, size_t outlen, char *why,
                   size_t whylen)
{
    Copy c = { 0, 0, why, whylen };
    char namebuf[PATH_MAX], tmp[PATH_MAX];
    struct stat st;
    if (why && whylen)
        why[0] = '\0';
    const char *name = files_basename(src, namebuf, sizeof namebuf);
    if (!name[0] || name[0] == '.' || strchr(name, '/'))
        return fail(&c, "%s: %s", src, _("is not a story folder that can be copied"));
    if (snprintf(out, outlen, "%s/%s", parent, name) >= (int)outlen ||
        snprintf(tmp, sizeof tmp, "%s/.%s.copy-%ld-XXXXXX", parent, name, (long)getpid()) >=
            (int)sizeof tmp)
        return fail(&c, "%s: %s", parent, _("the path is too long"));
    if (lstat(out, &st) == 0)
        return S_ISDIR(st.st_mode) ? 0 : fail(&c, "%s: %s", out, _("is in the way (not a folder)"));
    if (files_mkdirs(parent) != 0)
        return fail(&c, _("%1$s: cannot be made (%2$s)"), parent, strerror(errno));
    int sfd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (sfd < 0)
        return fail(&c, _("%1$s: cannot be opened (%2$s)"), src, strerror(errno));
    if (!mkdtemp(tmp)) {
        close(sfd);
        return fail(&c, _("%1$s: cannot make a folder there (%2$s)"), parent, strerror(errno));
    }
    /* mkdtemp makes it 0700; the copy is a family folder like any other. */
    chmod(tmp, 0777 & ~files_umask());
    int dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int rc = dfd >= 0 ? copy_tree(sfd, dfd, src, 0, &c)
                      : fail(&c, _("%1$s: cannot be opened (%2$s)"), tmp, strerror(errno));
    if (dfd >= 0)
        close(dfd);
    close(sfd);
    if (rc == 0 && rename(tmp, out) != 0) {
        /* Another copy (another program's) got there first: that one is used. */
        int raced = errno == EEXIST || errno == ENOTEMPTY;
        rc = raced ? 1 : fail(&c, _("%1$s: cannot be put in place (%2$s)"), out, strerror(errno));
        if (raced) {
            int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (pfd >= 0) {
                remove_tree(pfd, files_basename(tmp, namebuf, sizeof namebuf), 0);
                close(pfd);
            }
            return 0;
        }
    }
    if (rc < 0) {
        int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (pfd >= 0) {
            remove_tree(pfd, files_basename(tmp, namebuf, sizeof namebuf), 0);
            close(pfd);
        }
        return -1;
    }
    files_sync_dir(parent);
    return 1;
}

/* Is path inside folder (or folder itself)? Asked of the folders themselves,
 * by walking up from path through "..", so links and "//" in either path do
 * not matter. */
static int is_inside(const char *path, const char *folder)
{
    struct stat f, st;
    if (!folder || !folder[0] || stat(folder, &f) != 0)
        return 0;
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), inside = 0;
    for (int up = 0; fd >= 0 && up < 256 && !inside; up++) {
        if (fstat(fd, &st) != 0)
            break;
        inside = st.st_dev == f.st_dev && st.st_ino == f.st_ino;
        int parent = openat(fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        struct stat ps;
        int top = parent < 0 || fstat(parent, &ps) != 0 ||
                  (ps.st_dev == st.st_dev && ps.st_ino == st.st_ino);
        close(fd);
        fd = parent;
        if (top)
            break;
    }
    if (fd >= 0)
        close(fd);
    return inside;
}

int storycopy_own(Story *s, const char *bundled, const char *family_stories, char *why,
                  size_t whylen)
{
    char copy[PATH_MAX];
    if (why && whylen)
        why[0] = '\0';
    if (!s || !s->folder)
        return 0;
    /* Only the program's own stories: any other folder that cannot be
     * written (a read-only USB stick) is the parent's, and is said so before
     * recording (take_check_room), not copied behind their back. */
    if (!is_inside(s->folder, bundled))
        return 0;
    if (!family_stories || !family_stories[0]) {
        if (why && whylen)
            snprintf(why, whylen, _("cannot record here: this story cannot be changed and "
                     "there is no family folder to copy it into"));
        return -1;
    }
    if (storycopy_into(s->folder, family_stories, copy, sizeof copy, why, whylen) < 0)
        return -1;
    char *folder = strdup(copy);
    if (!folder) {
        if (why && whylen)
            snprintf(why, whylen, _("cannot record here: out of memory"));
        return -1;
    }
    free(s->folder);
    s->folder = folder;
    return 1;
}
