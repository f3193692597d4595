/* files — the one way into a story folder, and safe writes for the family's files.
 *
 * Story folders are untrusted (USB sticks, downloads). Every file a story names
 * is opened through files_read(): the name must be a plain relative path with no
 * "..", no leading "/", no empty component; each component is opened with
 * openat(O_NOFOLLOW) relative to the story folder so a symbolic link cannot lead
 * out; the size is checked against a cap before anything is read.
 *
 * files_write_atomic() is how recordings and settings reach the disk: a temporary
 * file in the same folder, written, fsync'ed, renamed into place, folder fsync'ed.
 * At any moment of a crash the old file or the new one is there, never half. */
#ifndef HUSHABYE_FILES_H
#define HUSHABYE_FILES_H

#include <stddef.h>
#include <sys/types.h>

#include "caps.h"

#define FILES_MAX_PICTURE   LIMIT_MIB(LIMIT_PICTURE_MIB)
#define FILES_MAX_AUDIO     LIMIT_MIB(LIMIT_AUDIO_MIB)
#define FILES_MAX_TEXT      LIMIT_MIB(LIMIT_TEXT_MIB)   /* story.ini, .txt, .vtt */

typedef enum {
    FILES_OK = 0,
    FILES_ENOENT,      /* no such file */
    FILES_EUNSAFE,     /* "..", absolute, link, not a regular file */
    FILES_ETOOBIG,     /* over the cap */
    FILES_EIO          /* unreadable, out of memory */
} FilesStatus;

/* Is name a safe relative path (no "..", not absolute, no empty or "." parts, no NUL)? */
int files_name_is_safe(const char *name);

/* Read folder/name whole into a malloc'ed buffer (NUL-terminated for convenience,
 * the terminator not counted in *len). Refuses unsafe names and files over cap. */
FilesStatus files_read(const char *folder, const char *name, size_t cap,
                       unsigned char **data, size_t *len);

/* Size of folder/name without reading it (same safety rules). */
FilesStatus files_size(const char *folder, const char *name, size_t *size);

/* Read at most want bytes from the start of folder/name into buf (same safety rules),
 * for sniffing a file's format without reading all of it. *got = bytes read. */
FilesStatus files_head(const char *folder, const char *name, unsigned char *buf,
                       size_t want, size_t *got);

/* Open folder/name for reading (same safety rules and cap as files_read) and
 * hand back the descriptor, for a reader that streams (a long recording is
 * never read whole). *fd is the caller's to close; *size is its size. */
FilesStatus files_open_fd(const char *folder, const char *name, size_t cap, int *fd,
                          size_t *size);

/* Read up to want bytes from fd at its position, through interruptions:
 * how many were read (fewer only at the end), or -1 on a read error. */
long files_read_fd(int fd, void *into, size_t want);

/* Plain-words description of a status, for messages ("is a link that leads elsewhere"). */
const char *files_status_text(FilesStatus st);
/* files_status_text(), told more precisely where it can be: a name refused as
 * not a regular file says what it is instead ("is a named pipe (FIFO), not a
 * file", "is a folder, not a file"). Only for messages: it looks at the entry
 * without opening it. */
const char *files_status_why(const char *folder, const char *name, FilesStatus st);
/* Plain words for why a file cannot be written in a folder (errno e), or
 * NULL for an errno a parent could do nothing about. */
const char *files_write_reason(int e);

/* A whole clause for a status, as a message's reason: "the file is not
 * there", "the file is too big (at most 64 MB)" (cap: the limit that
 * applied, 0 when unknown), into out. */
void files_status_say(const char *folder, const char *name, FilesStatus st, size_t cap,
                      char *out, size_t n);

/* List the regular files and links directly inside folder (not recursive), names
 * malloc'ed into *names (array malloc'ed too). Returns count, or -1 (errno set)
 * when the folder cannot be opened. Order is unspecified. */
int files_list(const char *folder, char ***names);
void files_list_free(char **names, int n);

/* What a listed entry is (lstat, so a link is a link, never followed). */
typedef enum {
    FILES_KIND_FILE, FILES_KIND_LINK, FILES_KIND_FOLDER, FILES_KIND_FIFO,
    FILES_KIND_OTHER,        /* a socket or a device */
    FILES_KIND_UNREADABLE    /* listed, but what it is cannot be asked (permission) */
} FilesKind;

/* List every entry directly inside folder except hidden ones (".name"), with what
 * each is in *kinds (malloc'ed, one per name), so a loader can name a folder or
 * a named pipe given a picture's name instead of passing over it in silence.
 * *err is the first errno met asking an entry what it is (0 when none), so a
 * folder that can be listed but not looked into can be told apart from an
 * empty one. Returns count, or -1 (errno set) when the folder cannot be opened. */
int files_list_kinds(const char *folder, char ***names, unsigned char **kinds, int *err);

/* The mark in the name of every temporary file Hushabye writes: a family's
 * own hidden files (".grandma-letter.tmp-backup") never carry it, so the
 * clean-up below never takes one of theirs. */
#define FILES_TEMP_MARK ".hushabye-tmp-"
/* Is name one of the temporary files files_write_atomic() makes
 * (".<name>.hushabye-tmp-<pid>-XXXXXX")? Sets *pid. */
int files_is_temp(const char *name, long *pid);

/* Remove from folder the temporary files of saves that were interrupted (a
 * kill or a power cut between writing and renaming): only names of
 * files_is_temp()'s pattern, and only when the process that made them is gone
 * or they are older than FILES_TEMP_STALE seconds (no save takes that long).
 * A temporary file of a save still going on is left alone. Returns how many
 * were removed (0 when the folder cannot be read). */
#define FILES_TEMP_STALE 60
int files_clean_temps(const char *folder);

/* What Hushabye keeps for the nights after, under the user's cache folder:
 * "$XDG_CACHE_HOME/hushabye/LEAF" (an absolute XDG_CACHE_HOME), else
 * "$HOME/.cache/hushabye/LEAF" (an absolute HOME), into out. 0, or -1
 * when no home is known or out is short (then nothing is kept). */
int files_cache_path(const char *leaf, char *out, size_t outlen);

/* Write data to path atomically (temp file in the same folder, fsync, rename,
 * fsync folder). The file gets mode 0666 less the umask, like any program's new
 * file (0644 under the usual 022). Returns 0 on success, -1 with errno set on
 * failure, in which case the previous file at path is untouched and no
 * temporary file remains. */
int files_write_atomic(const char *path, const void *data, size_t len);
/* The same without the syncs: the old file or the new one is at path at any
 * moment the system runs, but a power cut may leave neither written out. For
 * files whose loss costs nothing but time (a cache), sparing a tablet's flash
 * the flushes. */
int files_write_unsynced(const char *path, const void *data, size_t len);

/* files_write_atomic() in two steps, for a save that must know the new bytes
 * are safe on the disk before it changes anything else (a take: take.c).
 * files_write_temp writes them to a hidden temporary file beside path, its
 * name into tmp (tmp_len bytes), synced when sync is set: 0, or -1 with errno
 * and nothing left (a full disk fails here). files_commit_temp renames tmp
 * to path (and syncs the folder): 0, or -1 with errno and tmp removed. */
int files_write_temp(const char *path, const void *data, size_t len, int sync, char *tmp,
                     size_t tmp_len);
int files_commit_temp(const char *tmp, const char *path, int sync);

/* Rename from to to, never over anything already at to (then -1, EEXIST):
 * nothing a family made is replaced by a move. renameat2's RENAME_NOREPLACE
 * does it in one step; where the kernel or the file system has no such flag
 * a hard link does for a file (it fails on an existing name), and where
 * neither works (FAT, a folder) the name is looked at first, which only
 * another writer in the same folder could race. 0, or -1 with errno and
 * nothing moved. */
int files_rename_new(const char *from, const char *to);

/* Move folder/name out of the loader's sight, to folder/PREFIX+bare, or
 * PREFIX+STEM.N.EXT (N from 2 to 999) when that is taken, never over another
 * file (files_rename_new); name may be bare itself or another name of the
 * same recording. The hidden name in hidden (len bytes). 0, or -1 with errno
 * and the file where it was. */
int files_set_aside(const char *folder, const char *name, const char *bare, const char *prefix,
                    char *hidden, size_t len);

/* The process's umask, read without changing it where the system allows
 * (/proc/self/status), so a thread making a file meanwhile is not affected. */
mode_t files_umask(void);

/* mkdir -p for the family's own folders, mode 0777 less the umask (0755 under
 * the usual 022). 0 on success. */
int files_mkdirs(const char *path);
/* The same with the folders' mode (less the umask): 0700 for folders of the
 * family's alone. */
int files_mkdirs_mode(const char *path, mode_t mode);

/* Is path a folder (following links)? 1 or 0. */
int files_is_dir(const char *path);

/* fsync the folder dir, so a rename or a new name inside it is on the disk.
 * Best effort: a folder that cannot be opened is left as it is. */
void files_sync_dir(const char *dir);

/* Last path component of path, pointer into path (trailing slashes ignored by copying
 * into buf when needed). */
const char *files_basename(const char *path, char *buf, size_t len);

#endif
