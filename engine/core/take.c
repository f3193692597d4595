/* take — save a processed take in place of the old narration.
 *
 * Replacing NN.ogg by NN.wav cannot be one rename, and two steps done the
 * obvious way (write NN.wav, then delete NN.ogg) leave two narrations for one
 * page if the program dies in between. So the new WAV is first written
 * atomically over the OLD name (a temporary file, fsync, rename): the page
 * still has one narration, now the new take, which the player plays because
 * it recognises recordings by their first bytes, not their names. Then that
 * file is renamed to NN.wav, which moves the name in one step. Catchable
 * signals are held off during the two renames; a kill -9 or a power cut at any
 * moment leaves either the old take or the new one, under one name. The
 * temporary file is hidden (".NN.wav.tmp-PID-XXXXXX"), so even one left by a
 * power cut is never taken for a page; the next start of the player or the
 * tool, or the next save, removes it once its writer is gone (files.h).
 *
 * The take a new one replaces is kept, once: before the new take is written,
 * the old narration is linked (or, on a stick whose file system has no
 * links, copied) to a hidden ".previous-NN.ogg", replacing the one before.
 * take_undo() swaps the two back by renames, with the page's timed words, so
 * Keep is never a step without return and two undos give the new take back.
 *
 * take_check_room() is asked before a recording starts, so a full or
 * read-only folder is said before the parent reads a page aloud, not after:
 * it makes and removes a real temporary file there (the only sure test of
 * writing) and asks statvfs for room for the longest take plus a margin. */
#include "take.h"

#include "files.h"
#include "i18n.h"
#include "rec.h"
#include "story.h"
#include "wav.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define TAKE_OLD_MAX 8    /* narrations of one page looked at (more is a mess already) */

const char *take_label(const TakeTarget *t, char *buf, size_t len)
{
    if (t->page == 0)
        snprintf(buf, len, "%s", _("the closing words"));
    else
        /* TRANSLATORS: which page a recording is for, in the recorder's lines. */
        snprintf(buf, len, _("page %d"), t->page);
    return buf;
}

int take_is_folder(const char *path)
{
    return files_is_dir(path);
}

/* Is name a narration of the target (page NN's audio, or reassurance.<audio>)? */
static int take_is_narration(const TakeTarget *t, const char *name)
{
    if (t->page == 0) {
        const char *dot = strrchr(name, '.');
        return dot && (size_t)(dot - name) == 11 && strncasecmp(name, "reassurance", 11) == 0 &&
               story_media_of(name) == MEDIA_AUDIO;
    }
    int page = 0;
    return story_classify(name, &page) == MEDIA_AUDIO && page == t->page;
}

static int take_cmp_name(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* Collect the target's narrations (sorted, so the choice is the loader's) and
 * remove temporary files of interrupted saves. Returns how many were found. */
static int take_scan(const TakeTarget *t, char old[][256], int max)
{
    files_clean_temps(t->folder);
    DIR *d = opendir(t->folder);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (n < max && strlen(e->d_name) < 256 && take_is_narration(t, e->d_name))
            snprintf(old[n++], 256, "%s", e->d_name);
    }
    if (d)
        closedir(d);
    qsort(old, (size_t)n, 256, take_cmp_name);
    return n;
}

/* Catchable signals wait while a take's files are renamed: a Ctrl-C or a
 * service stop then lands between saves, never inside one. */
static void take_hold_signals(sigset_t *was)
{
    sigset_t hold;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    sigaddset(&hold, SIGHUP);
    sigprocmask(SIG_BLOCK, &hold, was);
}

/* The signals held back come now; errno is the save's, kept across. */
static void take_release_signals(const sigset_t *was)
{
    int e = errno;
    sigprocmask(SIG_SETMASK, was, NULL);
    errno = e;
}

static void take_path(char *buf, size_t len, const char *folder, const char *name)
{
    snprintf(buf, len, "%s/%s", folder, name);
}

#define TAKE_PREVIOUS ".previous-"
#define TAKE_UNDOING ".undoing-"

/* The hidden copy of the target's previous take in folder (name written),
 * or 0 when there is none. An undo cut short (".undoing-...") counts too. */
static int take_find_previous(const TakeTarget *t, const char *prefix, char *name, size_t len)
{
    DIR *d = opendir(t->folder);
    struct dirent *e;
    int found = 0;
    size_t pl = strlen(prefix);
    while (d && !found && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, pl) == 0 && take_is_narration(t, e->d_name + pl) &&
            strlen(e->d_name) < len) {
            snprintf(name, len, "%s", e->d_name);
            found = 1;
        }
    }
    if (d)
        closedir(d);
    return found;
}

/* Remove the target's hidden previous takes other than keep (NULL: all). */
static void take_drop_previous(const TakeTarget *t, const char *keep)
{
    char name[300], path[PATH_MAX];
    for (int guard = 0; guard < TAKE_OLD_MAX; guard++) {
        DIR *d = opendir(t->folder);
        struct dirent *e;
        int gone = 0;
        while (d && !gone && (e = readdir(d)) != NULL) {
            if (strncmp(e->d_name, TAKE_PREVIOUS, strlen(TAKE_PREVIOUS)) == 0 &&
                take_is_narration(t, e->d_name + strlen(TAKE_PREVIOUS)) &&
                (!keep || strcmp(e->d_name, keep) != 0)) {
                snprintf(name, sizeof name, "%s", e->d_name);
                gone = 1;
            }
        }
        if (d)
            closedir(d);
        if (!gone)
            return;
        take_path(path, sizeof path, t->folder, name);
        if (unlink(path) != 0)
            return;
    }
}

/* Keep a copy of the narration name as the target's previous take. A hard
 * link costs nothing; where links are not allowed (FAT, exFAT) the bytes are
 * copied. Best effort: a take that cannot be kept never stops the save. */
static void take_keep_previous(const TakeTarget *t, const char *name)
{
    char src[PATH_MAX], prev[PATH_MAX], tmp[PATH_MAX], keep[300];
    snprintf(keep, sizeof keep, "%s%s", TAKE_PREVIOUS, name);
    take_path(src, sizeof src, t->folder, name);
    take_path(prev, sizeof prev, t->folder, keep);
    snprintf(tmp, sizeof tmp, "%s/.hushabye-previous.tmp-%ld-link", t->folder, (long)getpid());
    unlink(tmp);
    if (link(src, tmp) == 0) {
        if (rename(tmp, prev) != 0)
            unlink(tmp);
    } else {
        unsigned char *data = NULL;
        size_t len = 0;
        if (files_read(t->folder, name, FILES_MAX_AUDIO, &data, &len) == FILES_OK)
            files_write_atomic(prev, data, len);
        free(data);
    }
    take_drop_previous(t, keep);
}

/* Put the WAV bytes in place of the old narrations (see the top). 0 ok. */
static int take_replace(const TakeTarget *t, const char *new_name, const unsigned char *wav,
                        size_t len)
{
    char old[TAKE_OLD_MAX][256], path[PATH_MAX], dest[PATH_MAX];
    int n = take_scan(t, old, TAKE_OLD_MAX), keep = 0;
    for (int i = 0; i < n; i++)
        if (strcmp(old[i], new_name) == 0)
            keep = i;                     /* NN.wav already there: write over it */
    const char *via = n ? old[keep] : new_name;
    if (n)
        take_keep_previous(t, old[keep]);
    take_path(path, sizeof path, t->folder, via);
    take_path(dest, sizeof dest, t->folder, new_name);
    sigset_t was;
    take_hold_signals(&was);
    int rc = files_write_atomic(path, wav, len);
    if (rc == 0 && strcmp(via, new_name) != 0)
        rc = rename(path, dest);
    for (int i = 0; rc == 0 && i < n; i++) {
        if (i != keep) {                  /* duplicates from before: one page, one voice */
            take_path(path, sizeof path, t->folder, old[i]);
            unlink(path);
        }
    }
    if (rc == 0)
        files_sync_dir(t->folder);
    take_release_signals(&was);
    return rc;
}

int take_save(const TakeTarget *t, const int16_t *y, size_t n, char *name, size_t name_len)
{
    unsigned char *wav = NULL;
    size_t len = 0;
    if (t->page == 0)
        snprintf(name, name_len, "reassurance.wav");
    else
        snprintf(name, name_len, "%02d.wav", t->page);
    if (wav_write(y, n, REC_RATE, 1, &wav, &len) != 0) {
        errno = ENOMEM;
        return -1;
    }
    int rc = take_replace(t, name, wav, len);
    int e = errno;
    free(wav);
    errno = e;
    return rc;
}

int take_retire_timings(const TakeTarget *t)
{
    DIR *d = t->page ? opendir(t->folder) : NULL;
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)) != NULL) {
        int page = 0;
        char hidden[300];
        if (story_classify(e->d_name, &page) != MEDIA_VTT || page != t->page ||
            snprintf(hidden, sizeof hidden, ".%s.before-recording", e->d_name) >=
                (int)sizeof hidden)
            continue;
        if (renameat(dirfd(d), e->d_name, dirfd(d), hidden) == 0)
            n++;
    }
    if (d)
        closedir(d);
    return n;
}

/* Plain words for why a file cannot be made in a folder. */
static const char *take_write_reason(int e)
{
    switch (e) {
    case EROFS:  return "the folder is read-only";
    case EACCES: case EPERM: return "the folder cannot be written (permission denied)";
    case ENOSPC: case EDQUOT: return "the disk is full";
    case ENOENT: case ENOTDIR: return "the folder is not there";
    default:     return NULL;
    }
}

int take_check_room(const char *folder, double seconds, char *why, size_t len)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/.hushabye-write-test.tmp-%ld-XXXXXX", folder,
                 (long)getpid()) >= (int)sizeof path) {
        snprintf(why, len, _("cannot record here: the folder's name is too long"));
        return -1;
    }
    int fd = mkstemp(path);
    if (fd < 0) {
        const char *r = take_write_reason(errno);
        snprintf(why, len, _("cannot record here: %s"), r ? r : strerror(errno));
        return -1;
    }
    close(fd);
    unlink(path);
    struct statvfs vfs;
    double need = (seconds > 0 ? seconds : 0) * REC_RATE * 2.0 + TAKE_ROOM_MARGIN;
    if (statvfs(folder, &vfs) == 0) {
        double room = (double)vfs.f_bavail * (double)(vfs.f_frsize ? vfs.f_frsize : vfs.f_bsize);
        if (room < need) {
            snprintf(why, len, _("cannot record here: the disk is full (%1$.1f MB free, a "
                     "recording of %2$.0f seconds needs %3$.1f MB)"), room / 1e6, seconds,
                     need / 1e6);
            return -1;
        }
    }
    return 0;
}

#define RETIRED ".before-recording"

/* Swap a page's timed words with the ones set aside with its old take. */
static void take_swap_timings(const TakeTarget *t)
{
    DIR *d = t->page ? opendir(t->folder) : NULL;
    struct dirent *e;
    char shown[300] = "", hidden[300] = "", path[PATH_MAX], other[PATH_MAX], tmp[PATH_MAX];
    while (d && (e = readdir(d)) != NULL) {
        int page = 0;
        size_t n = strlen(e->d_name);
        if (story_classify(e->d_name, &page) == MEDIA_VTT && page == t->page && n < 200)
            snprintf(shown, sizeof shown, "%s", e->d_name);
        else if (e->d_name[0] == '.' && n > sizeof RETIRED && n < 200 &&
                 strcmp(e->d_name + n - (sizeof RETIRED - 1), RETIRED) == 0) {
            char bare[200]; /* ".03.vtt.before-recording" is 03.vtt's */
            snprintf(bare, sizeof bare, "%.*s", (int)(n - sizeof RETIRED), e->d_name + 1);
            if (story_classify(bare, &page) == MEDIA_VTT && page == t->page)
                snprintf(hidden, sizeof hidden, "%s", e->d_name);
        }
    }
    if (d)
        closedir(d);
    if (!shown[0] && !hidden[0])
        return;
    if (shown[0]) {
        take_path(path, sizeof path, t->folder, shown);
        snprintf(tmp, sizeof tmp, "%s/.%s.undoing", t->folder, shown);
        rename(path, tmp);
    }
    if (hidden[0]) { /* ".03.vtt.before-recording" back to "03.vtt" */
        char name[300];
        snprintf(name, sizeof name, "%.*s", (int)(strlen(hidden) - sizeof RETIRED), hidden + 1);
        take_path(path, sizeof path, t->folder, hidden);
        take_path(other, sizeof other, t->folder, name);
        rename(path, other);
    }
    if (shown[0]) {
        snprintf(other, sizeof other, "%s/.%s" RETIRED, t->folder, shown);
        rename(tmp, other);
    }
}

int take_undo(const TakeTarget *t, char *name, size_t name_len)
{
    char prev[300], undoing[300], path[PATH_MAX], dest[PATH_MAX], cur[TAKE_OLD_MAX][256];
    int recovering = take_find_previous(t, TAKE_UNDOING, undoing, sizeof undoing);
    if (!recovering && !take_find_previous(t, TAKE_PREVIOUS, prev, sizeof prev)) {
        errno = ENOENT;
        return -1;
    }
    sigset_t was;
    take_hold_signals(&was);
    int rc = 0;
    if (!recovering) { /* 1: the previous take under a name of its own */
        snprintf(undoing, sizeof undoing, "%s%s", TAKE_UNDOING, prev + strlen(TAKE_PREVIOUS));
        take_path(path, sizeof path, t->folder, prev);
        take_path(dest, sizeof dest, t->folder, undoing);
        rc = rename(path, dest);
    }
    int n = rc == 0 ? take_scan(t, cur, TAKE_OLD_MAX) : 0;
    if (rc == 0 && n > 0) { /* 2: the take now playing becomes the previous one */
        char keep[300];
        snprintf(keep, sizeof keep, "%s%s", TAKE_PREVIOUS, cur[0]);
        take_path(path, sizeof path, t->folder, cur[0]);
        take_path(dest, sizeof dest, t->folder, keep);
        rc = rename(path, dest);
        for (int i = 1; rc == 0 && i < n; i++) { /* a page has one voice */
            take_path(path, sizeof path, t->folder, cur[i]);
            unlink(path);
        }
    }
    if (rc == 0) { /* 3: the old take back in its place */
        const char *back = undoing + strlen(TAKE_UNDOING);
        take_path(path, sizeof path, t->folder, undoing);
        take_path(dest, sizeof dest, t->folder, back);
        rc = rename(path, dest);
        if (rc == 0) {
            snprintf(name, name_len, "%s", back);
            take_swap_timings(t);
            files_sync_dir(t->folder);
        }
    }
    take_release_signals(&was);
    return rc;
}

int take_has_previous(const TakeTarget *t)
{
    char name[300];
    return take_find_previous(t, TAKE_PREVIOUS, name, sizeof name) ||
           take_find_previous(t, TAKE_UNDOING, name, sizeof name);
}
