/* files — opening story files safely, and writing the family's files atomically.
 *
 * A story folder is untrusted, so a name from it is never handed to open() as a
 * path. The name is first checked to be a plain relative path, then walked one
 * component at a time with openat(O_NOFOLLOW) from a descriptor of the folder:
 * a symbolic link anywhere inside the story is refused instead of followed, and
 * ".." cannot appear. The final descriptor must be a regular file (fstat), and
 * its size is compared with the caller's cap before a single byte is read.
 * The last component is opened O_NONBLOCK so a FIFO planted in a story cannot
 * hang the player; it is then refused as "not a regular file".
 *
 * files_write_atomic() writes beside the target (".name.hushabye-tmp-PID-XXXXXX":
 * hidden, never starting with digits, so no loader takes it for a page, and
 * marked as Hushabye's, so no family's own ".notes.tmp-backup" is ever taken
 * for one), fsyncs,
 * renames over the target and fsyncs the folder, so a power cut leaves either
 * the old file or the new one. Any failure before the rename removes the
 * temporary file and leaves the old file alone. A kill -9 or a power cut
 * cannot run that cleanup, so the writer's pid is part of the name:
 * files_clean_temps() at the next start removes a temporary file whose writer
 * is gone (or that is older than any save takes), and only those. */
#define _GNU_SOURCE /* renameat2 and RENAME_NOREPLACE, where the C library has them */
#include "files.h"
#include "ascii.h"
#include "i18n.h"
#include "mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define FILES_NAME_MAX   1024     /* longest relative name accepted from a story */
#define FILES_LIST_MAX   65536    /* entries listed from one folder at most */

int files_name_is_safe(const char *name)
{
    if (!name || !*name || name[0] == '/' || strlen(name) > FILES_NAME_MAX)
        return 0;
    const char *p = name;
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 0)
            return 0;                                  /* "a//b" or "a/" */
        if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return 0;
        if (!slash)
            return 1;
        p = slash + 1;
    }
}

/* Map an openat() errno to a status. */
static FilesStatus files_status_of_errno(int e)
{
    switch (e) {
    case ENOENT: case ENOTDIR: return FILES_ENOENT;
    case ELOOP: case EMLINK:   return FILES_EUNSAFE;
    case ENOMEM:               return FILES_EIO;
    default:                   return FILES_EIO;
    }
}

/* Why a component failed to open: a link met with O_DIRECTORY gives ENOTDIR, not
 * ELOOP, so ask the folder what the entry is. */
static FilesStatus files_status_of_component(int dir, const char *part, int e)
{
    struct stat st;
    if (e == ENOTDIR && fstatat(dir, part, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
        return FILES_EUNSAFE;
    return files_status_of_errno(e);
}

/* Open folder/name without following any link inside the story; the result is a
 * regular file's descriptor in *fd and its size in *size. */
static FilesStatus files_open(const char *folder, const char *name, int *fd, size_t *size)
{
    if (!files_name_is_safe(name))
        return FILES_EUNSAFE;
    int dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return files_status_of_errno(errno);
    char part[FILES_NAME_MAX + 1];
    const char *p = name;
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        memcpy(part, p, n);
        part[n] = '\0';
        int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (slash ? O_DIRECTORY : O_NONBLOCK);
        int next = openat(dir, part, flags);
        FilesStatus st = next < 0 ? files_status_of_component(dir, part, errno) : FILES_OK;
        close(dir);
        if (next < 0)
            return st;
        dir = next;
        if (!slash)
            break;
        p = slash + 1;
    }
    struct stat st;
    if (fstat(dir, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(dir);
        return FILES_EUNSAFE;
    }
    *fd = dir;
    *size = (size_t)st.st_size;
    return FILES_OK;
}

FilesStatus files_size(const char *folder, const char *name, size_t *size)
{
    int fd;
    size_t n = 0;
    FilesStatus st = files_open(folder, name, &fd, &n);
    if (st != FILES_OK)
        return st;
    close(fd);
    if (size)
        *size = n;
    return FILES_OK;
}

long files_read_fd(int fd, void *into, size_t want)
{
    unsigned char *buf = into;
    size_t got = 0;
    while (got < want) {
        ssize_t r = read(fd, buf + got, want - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (long)got;
}

FilesStatus files_read(const char *folder, const char *name, size_t cap,
                       unsigned char **data, size_t *len)
{
    int fd;
    size_t size = 0;
    *data = NULL;
    *len = 0;
    FilesStatus st = files_open(folder, name, &fd, &size);
    if (st != FILES_OK)
        return st;
    if (size > cap) {
        close(fd);
        return FILES_ETOOBIG;
    }
    unsigned char *buf = hb_malloc(size + 1);
    if (!buf) {
        close(fd);
        return FILES_EIO;
    }
    /* Only st_size bytes are read even if the file grows meanwhile: the cap holds. */
    long got = files_read_fd(fd, buf, size);
    close(fd);
    if (got < 0) {
        free(buf);
        return FILES_EIO;
    }
    buf[got] = '\0';
    *data = buf;
    *len = (size_t)got;
    return FILES_OK;
}

FilesStatus files_head(const char *folder, const char *name, unsigned char *buf,
                       size_t want, size_t *got)
{
    int fd;
    size_t size = 0;
    *got = 0;
    FilesStatus st = files_open(folder, name, &fd, &size);
    if (st != FILES_OK)
        return st;
    long n = files_read_fd(fd, buf, want < size ? want : size);
    close(fd);
    if (n < 0)
        return FILES_EIO;
    *got = (size_t)n;
    return FILES_OK;
}

FilesStatus files_open_fd(const char *folder, const char *name, size_t cap, int *fd,
                          size_t *size)
{
    size_t n = 0;
    *fd = -1;
    FilesStatus st = files_open(folder, name, fd, &n);
    if (st != FILES_OK)
        return st;
    if (n > cap) {
        close(*fd);
        *fd = -1;
        return FILES_ETOOBIG;
    }
    /* Opened O_NONBLOCK so a FIFO could not hang the open; a regular file reads
     * the same either way, but a streaming reader should block normally. */
    int flags = fcntl(*fd, F_GETFL);
    if (flags >= 0)
        fcntl(*fd, F_SETFL, flags & ~O_NONBLOCK);
    if (size)
        *size = n;
    return FILES_OK;
}

const char *files_status_text(FilesStatus st)
{
    switch (st) {
    /* TRANSLATORS: what is wrong with a story's file, after its name or
       "the file" ("01.png is too big"). */
    case FILES_OK:      return _("is fine");
    case FILES_ENOENT:  return _("is not there");
    case FILES_EUNSAFE: return _("is a link, a folder or a name that leads outside the story folder");
    case FILES_ETOOBIG: return _("is too big");
    case FILES_EIO:     return _("could not be read");
    }
    return _("could not be read");
}

const char *files_status_why(const char *folder, const char *name, FilesStatus st)
{
    char path[PATH_MAX];
    struct stat sb;
    if (st != FILES_EUNSAFE || !files_name_is_safe(name) ||
        snprintf(path, sizeof path, "%s/%s", folder, name) >= (int)sizeof path ||
        lstat(path, &sb) != 0)
        return files_status_text(st);
    return S_ISDIR(sb.st_mode) ? _("is a folder, not a file")
         : S_ISFIFO(sb.st_mode) ? _("is a named pipe (FIFO), not a file")
         : S_ISSOCK(sb.st_mode) || S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode)
             ? _("is a device or a socket, not a file")
         : files_status_text(st);
}

const char *files_write_reason(int e)
{
    switch (e) {
    case EROFS:  return _("the folder is read-only");
    case EACCES: case EPERM: return _("the folder cannot be written (permission denied)");
    case ENOSPC: case EDQUOT: return _("the disk is full");
    case ENOENT: case ENOTDIR: return _("the folder is not there");
    default:     return NULL;
    }
}

void files_status_say(const char *folder, const char *name, FilesStatus st, size_t cap,
                      char *out, size_t n)
{
    if (st == FILES_ETOOBIG && cap > 0)
        /* TRANSLATORS: %.0f is the limit in MB. */
        snprintf(out, n, _("the file is too big (at most %.0f MB)"),
                 (double)cap / (1024.0 * 1024.0));
    else
        /* TRANSLATORS: %s is what is wrong with the file ("is not there"). */
        snprintf(out, n, _("the file %s"), files_status_why(folder, name, st));
}

/* What a directory entry is; *err gets the errno when it cannot be asked. */
static FilesKind files_entry_kind(DIR *dir, const struct dirent *e, int *err)
{
    struct stat st;
    if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        *err = errno;
        return FILES_KIND_UNREADABLE;
    }
    return S_ISREG(st.st_mode) ? FILES_KIND_FILE : S_ISLNK(st.st_mode) ? FILES_KIND_LINK
         : S_ISDIR(st.st_mode) ? FILES_KIND_FOLDER : S_ISFIFO(st.st_mode) ? FILES_KIND_FIFO
         : FILES_KIND_OTHER;
}

/* Append a copy of name (and its kind) to the growing list; 0 on success. */
static int files_list_push(char ***names, unsigned char **kinds, int *n, int *cap,
                           const char *name, FilesKind kind)
{
    if (*n == *cap) {
        int nc = *cap, kc = *cap; /* the two lists keep one capacity */
        if (hb_grow(names, &nc, *n + 1, sizeof **names, 32, INT_MAX) ||
            (kinds && hb_grow(kinds, &kc, *n + 1, 1, 32, INT_MAX)))
            return -1;
        *cap = nc;
    }
    char *copy = hb_strdup(name);
    if (!copy)
        return -1;
    if (kinds)
        (*kinds)[*n] = (unsigned char)kind;
    (*names)[(*n)++] = copy;
    return 0;
}

/* The listing behind files_list() and files_list_kinds(): with kinds NULL only
 * regular files and links are kept (links are refused later, on open). */
static int files_list_any(const char *folder, char ***names, unsigned char **kinds, int *err)
{
    *names = NULL;
    if (kinds)
        *kinds = NULL;
    *err = 0;
    DIR *dir = opendir(folder);
    if (!dir)
        return -1;
    int n = 0, cap = 0, e_first = 0;
    struct dirent *e;
    errno = 0;
    while (n < FILES_LIST_MAX && (e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;                    /* ".", ".." and hidden files (._01.png, .DS_Store) */
        int e_kind = 0;
        FilesKind kind = files_entry_kind(dir, e, &e_kind);
        if (e_kind && !e_first)
            e_first = e_kind;
        if (!kinds && kind != FILES_KIND_FILE && kind != FILES_KIND_LINK)
            continue;
        if (files_list_push(names, kinds, &n, &cap, e->d_name, kind) != 0)
            break;                       /* out of memory: keep what was listed */
        errno = 0;
    }
    if (!e_first && errno && n < FILES_LIST_MAX)
        e_first = errno;                 /* readdir itself failed part way */
    closedir(dir);
    *err = e_first;
    return n;
}

int files_list(const char *folder, char ***names)
{
    int err;
    return files_list_any(folder, names, NULL, &err);
}

int files_list_kinds(const char *folder, char ***names, unsigned char **kinds, int *err)
{
    int ignored;
    return files_list_any(folder, names, kinds, err ? err : &ignored);
}

void files_list_free(char **names, int n)
{
    for (int i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

/* Write all of data to fd; 0 on success. */
static int files_write_all(int fd, const unsigned char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

/* fsync the folder holding path so the rename itself is on disk. Best effort:
 * after the rename the new file is in place whatever happens here. */
static void files_sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    if (!slash)
        strcpy(dir, ".");
    else if (slash == path)
        strcpy(dir, "/");
    else if ((size_t)(slash - path) < sizeof dir) {
        memcpy(dir, path, (size_t)(slash - path));
        dir[slash - path] = '\0';
    } else {
        return;
    }
    files_sync_dir(dir);
}

void files_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int files_is_dir(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The temporary name beside path: ".<name>.hushabye-tmp-<pid>-XXXXXX". The leading dot
 * hides it from story listings, and a name that does not start with digits can
 * never be taken for a page ("01.wav.hushabye-tmp-..." would look like page 1); the pid
 * tells files_clean_temps() whether its writer is still alive. 0 ok, -1 too long. */
static int files_temp_name(const char *path, char *tmp, size_t len)
{
    if (!path || !*path || path[strlen(path) - 1] == '/')
        return -1;
    const char *slash = strrchr(path, '/');
    int dir = slash ? (int)(slash - path + 1) : 0;
    int n = snprintf(tmp, len, "%.*s.%s" FILES_TEMP_MARK "%ld-XXXXXX", dir, path, path + dir,
                     (long)getpid());
    return n < 0 || (size_t)n >= len ? -1 : 0;
}

mode_t files_umask(void)
{
    /* umask() can only be read by setting it, and the player has threads: a
     * file made by another thread between the two calls would get the value
     * set in between. Linux shows it in /proc/self/status (since 4.7), which
     * reads it without changing it; it is read at each save, not once for
     * good, because a program may change its umask as it runs. */
    FILE *f = fopen("/proc/self/status", "re");
    char line[128];
    while (f && fgets(line, sizeof line, f)) {
        unsigned v;
        if (sscanf(line, "Umask: %o", &v) == 1) {
            fclose(f);
            return (mode_t)(v & 0777);
        }
    }
    if (f)
        fclose(f);
    /* No /proc: set and restore. 077 in between errs on the private side for
     * anything made meanwhile. */
    mode_t m = umask(077);
    umask(m);
    return m & 0777;
}

/* The permission bits a saved file gets: 0666 less the umask, as any program's
 * new file (0644 under the usual 022, so a kiosk account in the family's group
 * can read the pages and takes). Not those of the file it replaces: a take or
 * a settings.ini saved by an older version as 0600 is then mended by the next
 * save, and nothing the player saves is secret (settings.ini holds times,
 * volumes and switches; a parent who wants it private sets a umask). */
static mode_t files_new_mode(void)
{
    return 0666 & ~files_umask();
}

int files_write_temp(const char *path, const void *data, size_t len, int sync, char *tmp,
                     size_t tmp_len)
{
    if (files_temp_name(path, tmp, tmp_len) != 0) {
        errno = ENAMETOOLONG;
        return -1;
    }
    mode_t mode = files_new_mode();
    int fd = mkstemp(tmp);               /* always 0600: widened below, before the rename */
    if (fd < 0)
        return -1;
    int failed = fchmod(fd, mode) != 0 || files_write_all(fd, data, len) != 0 ||
                 (sync && fsync(fd) != 0);
    int e = errno;
    if (close(fd) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    if (failed) {
        unlink(tmp);
        errno = e;
        return -1;
    }
    return 0;
}

int files_commit_temp(const char *tmp, const char *path, int sync)
{
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        errno = e;
        return -1;
    }
    if (sync)
        files_sync_parent(path);
    return 0;
}

/* Write data to path through a temporary file renamed into place, synced
 * (the file before the rename, its folder after) when sync is set. */
static int files_write_replace(const char *path, const void *data, size_t len, int sync)
{
    char tmp[PATH_MAX];
    if (files_write_temp(path, data, len, sync, tmp, sizeof tmp) != 0)
        return -1;
    return files_commit_temp(tmp, path, sync);
}

int files_write_atomic(const char *path, const void *data, size_t len)
{
    return files_write_replace(path, data, len, 1);
}

int files_write_unsynced(const char *path, const void *data, size_t len)
{
    return files_write_replace(path, data, len, 0);
}

/* Are the n bytes at s all from mkstemp()'s alphabet (letters and digits)? */
static int files_temp_suffix(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!ascii_isalnum(s[i]))
            return 0;
    return s[n] == '\0';
}

int files_is_temp(const char *name, long *pid)
{
    static const char mark_s[] = FILES_TEMP_MARK;
    *pid = 0;
    const char *mark = name && name[0] == '.' ? strstr(name, mark_s) : NULL;
    while (mark && strstr(mark + 1, mark_s))
        mark = strstr(mark + 1, mark_s);            /* the last one: names may hold it */
    if (!mark || mark < name + 2)
        return 0;                                   /* no name inside */
    const char *rest = mark + sizeof mark_s - 1;
    long v = 0;
    const char *p = rest;
    while (ascii_isdigit(*p) && v < 100000000)
        v = v * 10 + (*p++ - '0');
    if (p == rest || *p != '-' || !files_temp_suffix(p + 1, 6))
        return 0;
    *pid = v;
    return 1;
}

/* Is a temporary file with this writer and age left over from a save that
 * can no longer finish? */
static int files_temp_is_stale(long pid, const struct stat *st)
{
    time_t now = time(NULL);
    if (now - st->st_mtime > FILES_TEMP_STALE || st->st_mtime - now > FILES_TEMP_STALE)
        return 1;                                   /* older than any save (or clock skew) */
    if (pid == (long)getpid())
        return 0;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

int files_clean_temps(const char *folder)
{
    DIR *dir = folder && *folder ? opendir(folder) : NULL;
    int removed = 0, seen = 0;
    struct dirent *e;
    while (dir && seen++ < FILES_LIST_MAX && (e = readdir(dir)) != NULL) {
        long pid;
        struct stat st;
        if (!files_is_temp(e->d_name, &pid) ||
            fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(st.st_mode) || !files_temp_is_stale(pid, &st))
            continue;
        if (unlinkat(dirfd(dir), e->d_name, 0) == 0)
            removed++;
    }
    if (dir)
        closedir(dir);
    return removed;
}

/* mkdir one level; an existing folder is fine. */
static int files_mkdir_one(const char *path, mode_t mode)
{
    struct stat st;
    if (mkdir(path, mode) == 0)          /* the umask narrows it, as for any program */
        return 0;
    if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    if (errno == EEXIST)
        errno = ENOTDIR;
    return -1;
}

int files_mkdirs(const char *path)
{
    return files_mkdirs_mode(path, 0777);
}

int files_mkdirs_mode(const char *path, mode_t mode)
{
    char buf[PATH_MAX];
    size_t n = path ? strlen(path) : 0;
    if (n == 0 || n >= sizeof buf) {
        errno = n ? ENAMETOOLONG : ENOENT;
        return -1;
    }
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i < n; i++) {
        if (buf[i] != '/' || buf[i - 1] == '/')
            continue;
        buf[i] = '\0';
        int r = files_mkdir_one(buf, mode);
        buf[i] = '/';
        if (r != 0)
            return -1;
    }
    return files_mkdir_one(buf, mode);
}

const char *files_basename(const char *path, char *buf, size_t len)
{
    if (!path || !*path)
        return "";
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/')
        end--;
    if (end == 1 && path[0] == '/')
        return "/";                       /* the root, however many slashes */
    size_t start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    if (end == strlen(path))
        return path + start;              /* no trailing slash: point into path */
    if (!buf || len == 0)
        return "";
    size_t n = end - start < len - 1 ? end - start : len - 1;
    memcpy(buf, path + start, n);
    buf[n] = '\0';
    return buf;
}

int files_rename_new(const char *from, const char *to)
{
    struct stat st;
#ifdef RENAME_NOREPLACE
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return -1;
#endif
    if (lstat(from, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode) && link(from, to) == 0) {
        if (unlink(from) == 0)
            return 0;
        int e = errno;
        unlink(to); /* the second name of the same file, not a copy */
        errno = e;
        return -1;
    }
    if (!S_ISDIR(st.st_mode) && errno == EEXIST)
        return -1;
    if (lstat(to, &st) == 0) {
        errno = EEXIST;
        return -1;
    }
    return rename(from, to);
}

int files_set_aside(const char *folder, const char *name, const char *bare, const char *prefix,
                    char *hidden, size_t len)
{
    char from[PATH_MAX], to[PATH_MAX];
    const char *dot = strrchr(bare, '.');
    int stem = dot ? (int)(dot - bare) : (int)strlen(bare);
    if (snprintf(from, sizeof from, "%s/%s", folder, name) >= (int)sizeof from) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (int k = 1; k <= 999; k++) {
        int w = k == 1 ? snprintf(hidden, len, "%s%s", prefix, bare)
                       : snprintf(hidden, len, "%s%.*s.%d%s", prefix, stem, bare, k,
                                  dot ? dot : "");
        if (w < 0 || (size_t)w >= len || w > NAME_MAX ||
            snprintf(to, sizeof to, "%s/%s", folder, hidden) >= (int)sizeof to) {
            errno = ENAMETOOLONG;
            return -1;
        }
        if (files_rename_new(from, to) == 0)
            return 0;
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

int files_cache_path(const char *leaf, char *out, size_t outlen)
{
    const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int n;
    if (x && x[0] == '/')
        n = snprintf(out, outlen, "%s/hushabye/%s", x, leaf);
    else if (home && home[0] == '/')
        n = snprintf(out, outlen, "%s/.cache/hushabye/%s", home, leaf);
    else
        return -1;
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}
