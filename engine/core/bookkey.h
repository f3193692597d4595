/* bookkey — which book file is which: a content key, and the marker of an import.
 *
 * A book copied into a stories folder is imported once, on first sight, into
 * the family's data folder under a name made from its content (books/<key>/),
 * so the same book found again (another start, another copy on a USB stick,
 * a new file name or a new date) is known and not imported again, and a
 * different book under an old name is not taken for the old one.
 *
 * The key is FNV-1a 64 over the file's size (8 bytes, little-endian), its
 * first BOOKKEY_SPAN bytes and its last BOOKKEY_SPAN bytes. Not the whole
 * file: the shelf is scanned each time it is shown and a book may be hundreds
 * of megabytes, so reading it all would make the shelf slow on a tablet; and
 * not the date, which a copy changes. A book is a zip, whose end holds the
 * central directory with the CRC-32 and size of every file in it, so two
 * different books of the same size share a key only if their first and last
 * 64 KB match too. FNV-1a is not a defence against someone forging a key; it
 * does not need to be: a forged key only hides a book the same person added.
 *
 * The marker (BOOKKEY_MARKER, a hidden file in the imported folder) says which
 * key and which source file the folder came from; a folder without one is not
 * an import (it is half-made, or someone else's) and is not shown. A refused
 * book leaves a note of the same form with the reason, so a hostile book is
 * not read again at every start. */
#ifndef HUSHABYE_BOOKKEY_H
#define HUSHABYE_BOOKKEY_H

#include <stddef.h>
#include <stdint.h>

#define BOOKKEY_SPAN    (64u * 1024u)
#define BOOKKEY_HEX     17                  /* 16 hex digits and a NUL */
#define BOOKKEY_MARKER  ".hushabye-book"
#define BOOKKEY_TEXT    1024                /* room for a marker's text */

#define BOOKKEY_FNV_INIT 0xcbf29ce484222325ull

/* FNV-1a 64 of n bytes at p, continuing from h (BOOKKEY_FNV_INIT to start). */
uint64_t bookkey_fnv(uint64_t h, const void *p, size_t n);

/* The key of a file of size bytes whose first bytes are head[0..hlen) and
 * whose last are tail[0..tlen) (each at most BOOKKEY_SPAN; a file shorter
 * than two spans gives overlapping or equal head and tail, which is fine). */
uint64_t bookkey_of(uint64_t size, const unsigned char *head, size_t hlen,
                    const unsigned char *tail, size_t tlen);

/* The key of the file at path: 0, or -1 when it is not a regular file or
 * cannot be read (opened non-blocking: a named pipe never hangs the shelf). */
int bookkey_file(const char *path, uint64_t *key);

/* The key as 16 lower-case hex digits (buf of BOOKKEY_HEX bytes). */
char *bookkey_hex(uint64_t key, char *buf);

/* Is name a book the shelf imports: ends in ".epub", ".bloompub" or ".bloomd"
 * (any case), and is not hidden? */
int bookkey_is_book(const char *name);

/* The marker's text into buf (cap bytes): "hushabye-book 1", "key = HEX",
 * "source = NAME", and "refused = WHY" when why is not NULL. Control
 * characters in the names become '?', so the text stays lines. Returns its
 * length, or -1 when it does not fit. */
int bookkey_marker(uint64_t key, const char *source, const char *why, char *buf, size_t cap);

/* Read a marker's text (len bytes, need not be NUL-terminated): 0 with *key,
 * source (scap bytes) and why (wcap bytes; empty when the book was not
 * refused), or -1 when it is not a marker. source and why may be NULL. */
int bookkey_marker_read(const char *text, size_t len, uint64_t *key, char *source, size_t scap,
                        char *why, size_t wcap);

#endif
