/* take — save a processed take in place of the old narration.
 *
 * Replacing NN.ogg by NN.wav cannot be one rename, and two steps done the
 * obvious way (write NN.wav, then delete NN.ogg) leave two narrations for one
 * page if the program dies in between. So the new WAV is first written
 * atomically over the OLD name (a temporary file, fsync, rename): the page
 * still has one narration, now the new take, which the player plays because
 * it recognises recordings by their first bytes, not their names. Then that
 * file is renamed to NN.wav, which moves the name in one step. Catchable
 * signals are held off during the renames; a kill -9 or a power cut at any
 * moment leaves either the old take or the new one, under one name. The
 * temporary file is hidden (".NN.wav.hushabye-tmp-PID-XXXXXX"), so even one left by a
 * power cut is never taken for a page; the next start of the player or the
 * tool, or the next save, removes it once its writer is gone (files.h).
 *
 * No recording the family put in the folder is ever deleted, and the one a
 * new take replaces is kept for undo. The policy, file by file:
 * - The narration the new take replaces (the one the loader plays: the first
 *   of the page's recordings by the loader's order) is kept as a hidden
 *   ".previous-NAME": linked, or on a stick whose file system has no links
 *   copied, or if even that fails renamed there before the new take is
 *   written. take_undo() swaps it back by renames, with the page's timed
 *   words, so Keep is never a step without return and two undos give the new
 *   take back.
 * - The page's other recordings (01-dad.ogg beside 01-mum.wav) are moved
 *   aside, never deleted: renamed to a hidden ".set-aside-NAME" in the same
 *   folder, which the loader passes over like every dot-file (files_list).
 *   A name already taken gets a number before the extension
 *   (".set-aside-01-dad.2.ogg"), and no rename ever lands on an existing
 *   file (RENAME_NOREPLACE, or link and unlink, or look then rename where
 *   neither is there). Dropping the leading ".set-aside-" brings one back.
 * - One previous a page: a newer one takes its place. When the one it
 *   displaces is one of this module's takes — the name it gives them (NN.wav,
 *   reassurance.wav) and the mark it writes in them (a LIST/INFO chunk whose
 *   ISFT is "Hushabye take"; a family's own 01.wav has the name but not the
 *   mark) — it goes: that is undo's depth of one. Any other recording (03.ogg that came with the story,
 *   01-dad.ogg) is set aside as above instead, so it is never lost, however
 *   many takes follow.
 * So the hidden files stay bounded: one ".previous-" a page, and one
 * ".set-aside-" for each recording the family put in the folder by hand. An
 * undo that finds more than one narration for the page sets the others aside
 * the same way.
 *
 * take_check_room() is asked before a recording starts, so a full or
 * read-only folder is said before the parent reads a page aloud, not after:
 * it makes and removes a real temporary file there (the only sure test of
 * writing) and asks statvfs for room for the longest take plus a margin. */
#include "take.h"

#include "align.h"
#include "ascii.h"
#include "files.h"
#include "i18n.h"
#include "rec.h"
#include "sniff.h"
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
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define TAKE_OLD_MAX 8      /* narrations of one page looked at (more is a mess already) */
#define TAKE_HIDDEN_MAX 16  /* hidden previous takes of one page looked at */

#define TAKE_PREVIOUS ".previous-"
#define TAKE_UNDOING ".undoing-"
#define TAKE_ASIDE ".set-aside-"
#define TAKE_MARK "Hushabye take" /* the ISFT of every take this module writes */
#define RETIRED ".before-recording" /* a page's timed words, set aside by a new take */

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

/* The name take_save() gives the target's takes: NN.wav, reassurance.wav. */
static void take_own_name(const TakeTarget *t, char *name, size_t len)
{
    if (t->page == 0)
        snprintf(name, len, "reassurance.wav");
    else
        snprintf(name, len, "%02d.wav", t->page);
}

/* Was the file (name in the folder, bare its recording's name) written by
 * take_save() (so a newer previous take may replace it), rather than put in
 * the folder by the family? Both must say so: the name this module gives its
 * takes, and the mark it writes in them (TAKE_MARK), since a family's own
 * 01.wav has the same name. */
static int take_is_own(const TakeTarget *t, const char *name, const char *bare)
{
    char own[32];
    unsigned char head[256];
    size_t got = 0;
    take_own_name(t, own, sizeof own);
    return strcmp(bare, own) == 0 &&
           files_head(t->folder, name, head, sizeof head, &got) == FILES_OK &&
           wav_marked(head, got, TAKE_MARK);
}

/* The loader's order (story_scan): ASCII case ignored, then bytes. */
static int take_cmp_name(const void *a, const void *b)
{
    const char *x = a, *y = b;
    size_t i = 0;
    while (x[i] && ascii_tolower(x[i]) == ascii_tolower(y[i]))
        i++;
    int c = (unsigned char)ascii_tolower(x[i]) - (unsigned char)ascii_tolower(y[i]);
    return c ? c : strcmp(x, y);
}

/* Collect the target's narrations (sorted, so old[0] is the one the loader
 * plays) and remove temporary files of interrupted saves. Returns how many
 * were found. */
/* Is name in the open folder d a regular file (not a folder, a link, a
 * device planted under a recording's name)? */
static int take_is_file(DIR *d, const char *name)
{
    struct stat st;
    return fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

static int take_scan(const TakeTarget *t, char old[][256], int max)
{
    files_clean_temps(t->folder);
    DIR *d = opendir(t->folder);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strlen(e->d_name) >= 256 || !take_is_narration(t, e->d_name) ||
            !take_is_file(d, e->d_name))
            continue;
        /* The first max by the loader's order, whatever readdir's: old[0]
         * is then the one playing, however many the page has. */
        int at = n;
        while (at > 0 && take_cmp_name(e->d_name, old[at - 1]) < 0)
            at--;
        if (at >= max)
            continue;
        memmove(old[at + 1], old[at], (size_t)((n < max ? n : max - 1) - at) * 256);
        snprintf(old[at], 256, "%s", e->d_name);
        if (n < max)
            n++;
    }
    if (d)
        closedir(d);
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

/* Rename folder/from to folder/to, never over a file already there (EEXIST;
 * files_rename_new). 0, or -1 with errno (the file is then still at from). */
static int take_move(const char *folder, const char *from, const char *to)
{
    char src[PATH_MAX], dst[PATH_MAX];
    take_path(src, sizeof src, folder, from);
    take_path(dst, sizeof dst, folder, to);
    return files_rename_new(src, dst);
}

/* Note in the save's report a recording moved aside. */
static void take_note_aside(TakeReport *rep, const char *name, const char *hidden,
                            int was_previous)
{
    if (!rep || rep->naside >= TAKE_ASIDE_MAX)
        return;
    /* names are under 256 bytes; the precision says so to the compiler */
    snprintf(rep->aside[rep->naside].name, TAKE_NAME_MAX, "%.*s", TAKE_NAME_MAX - 1, name);
    snprintf(rep->aside[rep->naside].hidden, TAKE_NAME_MAX, "%.*s", TAKE_NAME_MAX - 1, hidden);
    rep->aside[rep->naside++].was_previous = was_previous;
}

/* Move the file name (a recording called bare, or a hidden copy of it) out of
 * the loader's sight to ".set-aside-bare", or ".set-aside-STEM.N.EXT" when
 * that is taken, never over another file. 0 (noted in rep), or -1 with errno
 * and the file where it was. */
static int take_set_aside(const TakeTarget *t, const char *name, const char *bare,
                          int was_previous, TakeReport *rep)
{
    char hidden[TAKE_NAME_MAX];
    if (files_set_aside(t->folder, name, bare, TAKE_ASIDE, hidden, sizeof hidden) != 0)
        return -1;
    take_note_aside(rep, bare, hidden, was_previous);
    return 0;
}

/* The target's hidden files named prefix + one of its narrations' names, in
 * readdir's order. Returns how many (at most max). */
static int take_list_hidden(const TakeTarget *t, const char *prefix, char names[][TAKE_NAME_MAX],
                            int max)
{
    DIR *d = opendir(t->folder);
    struct dirent *e;
    int n = 0;
    size_t pl = strlen(prefix);
    while (d && n < max && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, pl) == 0 && take_is_narration(t, e->d_name + pl) &&
            strlen(e->d_name) < TAKE_NAME_MAX && take_is_file(d, e->d_name))
            snprintf(names[n++], TAKE_NAME_MAX, "%s", e->d_name);
    }
    if (d)
        closedir(d);
    return n;
}

/* The hidden copy of the target's previous take in folder (name written),
 * or 0 when there is none. An undo cut short (".undoing-...") counts too. */
static int take_find_previous(const TakeTarget *t, const char *prefix, char *name, size_t len)
{
    char found[1][TAKE_NAME_MAX];
    if (take_list_hidden(t, prefix, found, 1) == 0 || strlen(found[0]) >= len)
        return 0;
    snprintf(name, len, "%s", found[0]);
    return 1;
}

/* Before a new previous take is made: every hidden previous of the target
 * that is not one of this module's takes is set aside, so the new one never
 * replaces it (the top says why). 0, or -1 with errno when the one named
 * keep, which the new previous would replace, could not be moved. */
static int take_make_way(const TakeTarget *t, const char *keep, TakeReport *rep)
{
    char prev[TAKE_HIDDEN_MAX][TAKE_NAME_MAX];
    int n = take_list_hidden(t, TAKE_PREVIOUS, prev, TAKE_HIDDEN_MAX), rc = 0;
    for (int i = 0; i < n; i++) {
        const char *bare = prev[i] + strlen(TAKE_PREVIOUS);
        if (!take_is_own(t, prev[i], bare) && take_set_aside(t, prev[i], bare, 1, rep) != 0 &&
            strcmp(prev[i], keep) == 0)
            rc = -1;
    }
    return rc;
}

/* Keep the narration name as the target's previous take, ".previous-name".
 * A hard link costs nothing; where links are not allowed (FAT, exFAT) the
 * bytes are copied; where even that fails (no room for a copy) the narration
 * itself is renamed there and *moved says so: the page then has no narration
 * until the new take is written under its name. 0, or -1 with errno
 * (nothing changed: the save must not go on). */
static int take_keep_previous(const TakeTarget *t, const char *name, int *moved,
                              TakeReport *rep)
{
    char src[PATH_MAX], prev[PATH_MAX], tmp[PATH_MAX], keep[TAKE_NAME_MAX];
    struct stat st;
    *moved = 0;
    snprintf(keep, sizeof keep, "%s%s", TAKE_PREVIOUS, name);
    take_path(src, sizeof src, t->folder, name);
    take_path(prev, sizeof prev, t->folder, keep);
    /* A folder or a link planted under that name is not ours to keep the
     * take in: it is set aside (renamed, the link itself, not what it leads
     * to) and the save goes on. Before, every take of the page failed with
     * "File exists", and only once it had been recorded. */
    if (lstat(prev, &st) == 0 && !S_ISREG(st.st_mode) &&
        take_set_aside(t, keep, keep, 0, rep) != 0) {
        errno = EEXIST; /* it could not be moved: nothing is */
        return -1;
    }
    if (take_make_way(t, keep, rep) != 0)
        return -1;
    /* Named as files_write_atomic's temporary files are, so one left by a
     * kill is removed by the next start or save (files_clean_temps). */
    snprintf(tmp, sizeof tmp, "%s/.hushabye-previous" FILES_TEMP_MARK "%ld-linked", t->folder,
             (long)getpid());
    unlink(tmp); /* a link of this process's own, left by a save cut short */
    if (link(src, tmp) == 0) {
        int rc = rename(tmp, prev);
        /* Gone after the rename, or still there when prev was already a name
         * of the same file (rename then does nothing): a second name either
         * way, never the only one. */
        unlink(tmp);
        if (rc == 0)
            return 0;
    }
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = -1;
    if (files_read(t->folder, name, FILES_MAX_AUDIO, &data, &len) == FILES_OK)
        rc = files_write_atomic(prev, data, len);
    free(data);
    if (rc != 0 && rename(src, prev) == 0)
        *moved = 1, rc = 0;
    return rc;
}

/* A page of more recordings than one scan holds (TAKE_OLD_MAX): the rest,
 * but the one now playing (keep), are set aside as well, a scan at a time,
 * so no other recording is left to play instead of the take. */
static void take_clear_others(const TakeTarget *t, const char *keep, TakeReport *rep)
{
    char old[TAKE_OLD_MAX][256];
    for (int pass = 0; pass < 1000; pass++) {
        int n = take_scan(t, old, TAKE_OLD_MAX), moved = 0;
        for (int i = 0; i < n; i++)
            if (strcmp(old[i], keep) != 0 && take_set_aside(t, old[i], old[i], 0, rep) == 0)
                moved++;
        if (moved == 0)
            return;
    }
}

/* Set the page's timed words aside (take.h: take_retire_timings), their
 * names into names (at most max of them). Returns how many. */
static int take_retire(const TakeTarget *t, char names[][256], int max)
{
    DIR *d = t->page ? opendir(t->folder) : NULL;
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)) != NULL) {
        int page = 0;
        char from[PATH_MAX], to[PATH_MAX];
        if (story_classify(e->d_name, &page) != MEDIA_VTT || page != t->page ||
            strlen(e->d_name) >= 256)
            continue;
        take_path(from, sizeof from, t->folder, e->d_name);
        /* The newest kept timings have the plain hidden name (undo brings
         * them back); older ones kept there before are numbered, not lost:
         * a hand-made 03.vtt may be among them. Older ones the aligner made
         * go (align makes them again from their take): kept, every take of a
         * page left one more hidden file. */
        char older[PATH_MAX], hidden[300];
        if (snprintf(to, sizeof to, "%s/.%s" RETIRED, t->folder, e->d_name) >= (int)sizeof to)
            continue;
        snprintf(hidden, sizeof hidden, ".%s" RETIRED, e->d_name);
        unsigned char *was = NULL;
        size_t waslen = 0;
        if (files_read(t->folder, hidden, FILES_MAX_TEXT, &was, &waslen) == FILES_OK &&
            align_vtt_is_ours((const char *)was, waslen))
            unlink(to);
        free(was);
        for (int k = 2; k <= 999 && access(to, F_OK) == 0; k++)
            if (snprintf(older, sizeof older, "%s.%d", to, k) < (int)sizeof older &&
                files_rename_new(to, older) == 0)
                break;
        if (files_rename_new(from, to) == 0) {
            if (n < max)
                snprintf(names[n], 256, "%s", e->d_name);
            n++;
        }
    }
    if (d)
        closedir(d);
    return n;
}

/* A save that failed after take_retire: the timings back under their names. */
static void take_unretire(const TakeTarget *t, char names[][256], int n)
{
    for (int i = 0; i < n; i++) {
        char from[PATH_MAX], to[PATH_MAX];
        if (snprintf(from, sizeof from, "%s/.%s" RETIRED, t->folder, names[i]) <
            (int)sizeof from) {
            take_path(to, sizeof to, t->folder, names[i]);
            files_rename_new(from, to);
        }
    }
}

/* Put the WAV bytes in place of the old narrations (see the top); name is
 * NN.wav on the way in and the name the take has on the way out. 0 ok. */
static int take_replace(const TakeTarget *t, char *name, size_t name_len,
                        const unsigned char *wav, size_t len, TakeReport *rep)
{
    char old[TAKE_OLD_MAX][256], path[PATH_MAX], keep[TAKE_NAME_MAX], own[32], tmp[PATH_MAX];
    char retired[TAKE_OLD_MAX][256];
    int n = take_scan(t, old, TAKE_OLD_MAX), moved = 0;
    const char *via = n ? old[0] : name; /* the narration playing now */
    sigset_t was;
    take_hold_signals(&was);
    take_own_name(t, own, sizeof own);
    take_path(path, sizeof path, t->folder, via);
    /* 1: the new take whole on the disk before anything else changes: a full
     * disk stops the save here, with the old take and its previous as they were. */
    if (files_write_temp(path, wav, len, 1, tmp, sizeof tmp) != 0) {
        take_release_signals(&was);
        return -1;
    }
    /* 2: the old timed words go before the new take plays: a kill from here
     * on leaves the old take without them, never the new one lighting the
     * old take's words. */
    int nretired = take_retire(t, retired, TAKE_OLD_MAX);
    nretired = nretired < TAKE_OLD_MAX ? nretired : TAKE_OLD_MAX;
    /* 3: the narration playing now kept for undo; 4: the new take in its place. */
    int rc = n ? take_keep_previous(t, via, &moved, rep) : 0;
    if (rc != 0)
        unlink(tmp);
    else if ((rc = files_commit_temp(tmp, path, 1)) != 0 && moved) {
        snprintf(keep, sizeof keep, "%s%s", TAKE_PREVIOUS, via);
        take_move(t->folder, keep, via);   /* the old narration back under its name */
    }
    if (rc != 0) {
        take_unretire(t, retired, nretired);
        take_release_signals(&was);
        return -1;
    }
    if (rep)
        rep->retired = nretired;
    for (int i = 1; i < n; i++) /* one page, one voice: the others aside */
        take_set_aside(t, old[i], old[i], 0, rep);
    if (strcmp(via, own) != 0 && take_move(t->folder, via, own) != 0)
        snprintf(name, name_len, "%s", via); /* saved, playing, under the old name */
    take_clear_others(t, name, rep);
    if (n) { /* the previous take it displaced, if one of ours (the top) */
        snprintf(keep, sizeof keep, "%s%s", TAKE_PREVIOUS, own);
        if (strcmp(via, own) != 0) {
            take_path(path, sizeof path, t->folder, keep);
            struct stat st;
            if (take_is_own(t, keep, own))
                unlink(path);
            else if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
                take_set_aside(t, keep, own, 1, rep); /* a family's 01.wav, kept */
        }
        if (rep)
            snprintf(rep->replaced, sizeof rep->replaced, "%s", via);
    }
    files_sync_dir(t->folder);
    take_release_signals(&was);
    return 0;
}

/* The lock take_lock() holds (the folder, open), and how deep: only the
 * outermost takes and releases it. The player saves on one thread, the tool
 * has one. */
static int take_lock_fd = -1, take_lock_depth;

void take_lock(const char *folder)
{
    if (take_lock_depth++ > 0)
        return;
    take_lock_fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    while (take_lock_fd >= 0 && flock(take_lock_fd, LOCK_EX) != 0 && errno == EINTR)
        ;
}

void take_unlock(void)
{
    if (take_lock_depth == 0 || --take_lock_depth > 0)
        return;
    if (take_lock_fd >= 0) {
        int e = errno;
        close(take_lock_fd);     /* the lock goes with it */
        errno = e;
    }
    take_lock_fd = -1;
}

int take_save_report(const TakeTarget *t, const int16_t *y, size_t n, char *name,
                     size_t name_len, TakeReport *rep)
{
    unsigned char *wav = NULL;
    size_t len = 0;
    if (rep)
        memset(rep, 0, sizeof *rep);
    take_own_name(t, name, name_len);
    if (wav_write_marked(y, n, REC_RATE, 1, TAKE_MARK, &wav, &len) != 0) {
        errno = ENOMEM;
        return -1;
    }
    take_lock(t->folder);
    int rc = take_replace(t, name, name_len, wav, len, rep);
    take_unlock();
    int e = errno;
    free(wav);
    errno = e;
    return rc;
}

int take_save(const TakeTarget *t, const int16_t *y, size_t n, char *name, size_t name_len)
{
    return take_save_report(t, y, n, name, name_len, NULL);
}

int take_retire_timings(const TakeTarget *t)
{
    char names[1][256];
    return take_retire(t, names, 0);
}

int take_check_room(const char *folder, double seconds, char *why, size_t len)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/.hushabye-write-test" FILES_TEMP_MARK "%ld-XXXXXX", folder,
                 (long)getpid()) >= (int)sizeof path) {
        snprintf(why, len, _("cannot record here: the folder's name is too long"));
        return -1;
    }
    int fd = mkstemp(path);
    if (fd < 0) {
        const char *r = files_write_reason(errno);
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

/* Undo's step 2: the narrations playing now leave the page. The first (the
 * one the loader plays) becomes the previous take; any others, put there
 * since the take was kept, are set aside. 0, or -1 with errno. */
static int take_undo_clear(const TakeTarget *t, TakeReport *rep)
{
    char cur[TAKE_OLD_MAX][256], keep[TAKE_NAME_MAX], path[PATH_MAX], dest[PATH_MAX];
    int n = take_scan(t, cur, TAKE_OLD_MAX);
    if (n == 0)
        return 0;
    snprintf(keep, sizeof keep, "%s%s", TAKE_PREVIOUS, cur[0]);
    if (take_make_way(t, keep, rep) != 0)
        return -1;
    take_path(path, sizeof path, t->folder, cur[0]);
    take_path(dest, sizeof dest, t->folder, keep);
    if (rename(path, dest) != 0) /* over nothing, or over a take of ours */
        return -1;
    for (int i = 1; i < n; i++)
        take_set_aside(t, cur[i], cur[i], 0, rep);
    take_clear_others(t, "", rep); /* past the first TAKE_OLD_MAX */
    return 0;
}

int take_undo(const TakeTarget *t, char *name, size_t name_len)
{
    return take_undo_report(t, name, name_len, NULL);
}

static int take_undo_locked(const TakeTarget *t, char *name, size_t name_len, TakeReport *rep);

int take_undo_report(const TakeTarget *t, char *name, size_t name_len, TakeReport *rep)
{
    take_lock(t->folder);
    int rc = take_undo_locked(t, name, name_len, rep);
    take_unlock();
    return rc;
}

static int take_undo_locked(const TakeTarget *t, char *name, size_t name_len, TakeReport *rep)
{
    if (rep)
        memset(rep, 0, sizeof *rep);
    char prev[TAKE_NAME_MAX], undoing[TAKE_NAME_MAX];
    int recovering = take_find_previous(t, TAKE_UNDOING, undoing, sizeof undoing);
    if (!recovering && !take_find_previous(t, TAKE_PREVIOUS, prev, sizeof prev)) {
        errno = ENOENT;
        return -1;
    }
    /* Where the take playing now will go must be free for a file: a folder
     * or a link planted under its hidden name stops the undo before step 1. */
    char cur[1][256], path[PATH_MAX], keep[TAKE_NAME_MAX];
    struct stat st;
    if (take_scan(t, cur, 1) == 1) {
        snprintf(keep, sizeof keep, "%s%s", TAKE_PREVIOUS, cur[0]);
        take_path(path, sizeof path, t->folder, keep);
        if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
            errno = EEXIST;
            return -1;
        }
    }
    /* What comes back must be a recording: a file planted under the hidden
     * name (a text, a picture) would otherwise become the page's narration
     * and be said to be "the recording from before". */
    if (!recovering) {
        unsigned char head[SNIFF_HEAD];
        size_t got = 0;
        if (files_head(t->folder, prev, head, sizeof head, &got) != FILES_OK ||
            !sniff_is_audio(sniff_bytes(head, got))) {
            errno = EILSEQ;
            return -1;
        }
    }
    sigset_t was;
    take_hold_signals(&was);
    int rc = 0;
    if (!recovering) { /* 1: the previous take under a name of its own */
        snprintf(undoing, sizeof undoing, "%s%s", TAKE_UNDOING, prev + strlen(TAKE_PREVIOUS));
        rc = take_move(t->folder, prev, undoing);
    }
    if (rc == 0) /* 2: the take now playing becomes the previous one */
        rc = take_undo_clear(t, rep);
    if (rc == 0) { /* 3: the old take back in its place */
        const char *back = undoing + strlen(TAKE_UNDOING);
        rc = take_move(t->folder, undoing, back);
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
    char name[TAKE_NAME_MAX];
    return take_find_previous(t, TAKE_PREVIOUS, name, sizeof name) ||
           take_find_previous(t, TAKE_UNDOING, name, sizeof name);
}
