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

#define FILES_MAX_PICTURE   (64u * 1024u * 1024u)   /* 64 MiB */
#define FILES_MAX_AUDIO     (256u * 1024u * 1024u)  /* 256 MiB */
#define FILES_MAX_TEXT      (1u * 1024u * 1024u)    /* story.ini, .txt, .vtt */

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

/* Plain-words description of a status, for messages ("is a link that leads elsewhere"). */
const char *files_status_text(FilesStatus st);

/* List the regular files and links directly inside folder (not recursive), names
 * malloc'ed into *names (array malloc'ed too). Returns count, or -1 when the folder
 * cannot be opened. Order is unspecified. */
int files_list(const char *folder, char ***names);
void files_list_free(char **names, int n);

/* Write data to path atomically (temp file in the same folder, fsync, rename,
 * fsync folder). Returns 0 on success, -1 with errno set on failure, in which
 * case the previous file at path is untouched and no temporary file remains. */
int files_write_atomic(const char *path, const void *data, size_t len);

/* mkdir -p with mode 0700 for the family's own folders. 0 on success. */
int files_mkdirs(const char *path);

/* Last path component of path, pointer into path (trailing slashes ignored by copying
 * into buf when needed). */
const char *files_basename(const char *path, char *buf, size_t len);

#endif
