/* utf8 — strict UTF-8 decoding shared by text layout, the loader and the checker. */
#ifndef HUSHABYE_UTF8_H
#define HUSHABYE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* Decode one code point at s[0..len). Sets *cp and returns the bytes used (1..4).
 * Invalid, overlong or surrogate sequences yield UTF8_REPLACEMENT and consume 1 byte.
 * len must be > 0. */
int utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Is the whole buffer valid UTF-8? On failure *bad_offset = first bad byte. */
int utf8_valid(const char *s, size_t len, size_t *bad_offset);
/* Number of code points (invalid bytes count one each). */
size_t utf8_length(const char *s, size_t len);

#endif
