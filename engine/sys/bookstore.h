/* bookstore — a free picture book written out as a story folder, shared by
 * hushabye-story import-book and the player's shelf.
 *
 * The reading is the core's (book.h), all in memory; this writes it out.
 * Nothing half-made ever appears: the story is built in a hidden folder
 * beside the target (".NAME.import-PID-XXXXXX", PID the importer's), with
 * names made up here (NN.png, NN.txt, NN.wav, NN.vtt, cover.*, story.ini),
 * never a name from the book, and renamed into place at the end; on any
 * failure the hidden folder is removed, and one left by an import that was
 * killed is removed by the next import into the same folder. An existing
 * target is never overwritten, not even one that appears while the story is
 * written. */
#ifndef HUSHABYE_BOOKSTORE_H
#define HUSHABYE_BOOKSTORE_H

#include <stddef.h>

#include "book.h"

#define BOOKSTORE_PATH 4200

/* Read the book at path whole (capped at BOOK_MAX_BYTES; opened non-blocking,
 * and it must be a regular file, so a named pipe never blocks). 0 with a
 * malloc'ed *data; -1 with why (BOOK_WHY bytes) in plain words. */
int bookstore_load(const char *path, unsigned char **data, size_t *len, char *why);

/* Write b as the story folder target (which must not exist), book_name (the
 * book's file name) noted in story.ini; marker, when not NULL, is written
 * as the hidden file BOOKKEY_MARKER inside before the rename. Each page's
 * narration is made (book_narrate) as the page is written and freed after
 * it. 0 ok; -1 with why, and nothing left behind. */
int bookstore_save(const char *target, Book *b, const char *book_name,
                   const char *marker, char *why);

/* Is name one of the hidden folders bookstore_save builds in,
 * ".NAME.import-PID-XXXXXX" (NAME not empty, PID in decimal with no leading
 * zero, XXXXXX six ASCII letters or digits as mkdtemp makes them)? 1 with
 * *pid set, else 0. */
int bookstore_temp_name(const char *name, long *pid);

/* Remove from dir the hidden folders of imports that were killed: only
 * entries named as bookstore_temp_name() says that are folders (a link is
 * never followed), owned by this user, untouched for five minutes, whose
 * process is gone (kill(pid, 0) fails with ESRCH); only the files and links
 * directly inside them are unlinked (a folder inside, never one of ours,
 * keeps them). bookstore_save() calls it on the target's folder. Returns how
 * many went. */
int bookstore_sweep(const char *dir);

/* The whole import of the book at path into target: load, read (o may be
 * NULL), save. 0 ok; -1 with why when the book cannot be used (the book's
 * fault: trying again will not help); -2 with why when it could not be
 * written (a full disk, a folder in the way: it may work another time). The
 * book's notes (what was left out) are added to notes when it is not NULL. */
int bookstore_import(const char *path, const char *target, const BookOptions *o,
                     const char *marker, Diags *notes, char *why);

#endif
