/* utf8 — strict UTF-8 decoding shared by text layout, the loader and the checker. */
#ifndef HUSHABYE_UTF8_H
#define HUSHABYE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* Decode one code point at s[0..len). Sets *cp (when cp is not NULL) and returns
 * the bytes used (1..4). Invalid, overlong, surrogate, above-U+10FFFF or truncated
 * sequences yield UTF8_REPLACEMENT and consume 1 byte. len must be > 0: with
 * len == 0 (or s NULL) it returns 0 and sets UTF8_REPLACEMENT. */
int utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Is the whole buffer valid UTF-8? Returns 1 or 0. On failure *bad_offset = the
 * offset of the first byte that starts no valid sequence; on success = len.
 * bad_offset may be NULL. An encoded U+FFFD (EF BF BD) is valid. */
int utf8_valid(const char *s, size_t len, size_t *bad_offset);
/* Number of code points as utf8_decode() steps through them (each invalid byte
 * counts as one). */
size_t utf8_length(const char *s, size_t len);
/* How many of s's first len bytes to show when at most max may be: max, or
 * less so that the cut never falls inside a letter (a quoted line of words
 * cut at 60 bytes would end in half a 'é', shown as \xc3). */
size_t utf8_cut(const char *s, size_t len, size_t max);

/* cp (at most U+10FFFF) as UTF-8 at out (room for 4); the bytes written. */
size_t utf8_encode(char *out, uint32_t cp);

/* Text saved as UTF-16 with its byte-order mark (Windows Notepad's
 * "Unicode"): 1 when b[0..len) starts with one (FF FE little-endian, FE FF
 * big-endian). */
int utf8_is_utf16(const unsigned char *b, size_t len);
/* Such text as UTF-8, malloc'ed and NUL-terminated, the mark left out; a lone
 * surrogate or a last odd byte is U+FFFD, a NUL a space. NULL when out of
 * memory. */
char *utf8_from_utf16(const unsigned char *b, size_t len);

#endif
