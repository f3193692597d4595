/* escape — untrusted text made safe to show on a terminal or in a log.
 *
 * File names, story.ini keys and values, titles and words come from a story
 * folder, which may come from anywhere. Printed raw, an escape sequence in a
 * file name can clear the screen, move the cursor over the real errors or
 * retitle the window, and a bidirectional override can reorder a line so it
 * says something else. Everything untrusted that reaches a message therefore
 * goes through esc_text() first, which shows every such character as visible
 * text instead:
 *   ESC -> \e, CR -> \r, LF -> \n, TAB -> \t, other C0 controls and DEL -> \xNN,
 *   C1 controls (U+0080..U+009F) and the bidirectional embedding, override and
 *   isolate characters (U+202A..U+202E, U+2066..U+2069) -> \u{XXXX},
 *   bytes that are not valid UTF-8 -> \xNN.
 * Everything else (accents, Greek, Arabic, emoji, the backslash itself) passes
 * unchanged, so a family's names read as they were typed. Pure: no I/O except
 * esc_fputs(), which writes to a given stream. */
#ifndef HUSHABYE_ESCAPE_H
#define HUSHABYE_ESCAPE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The most bytes one input byte can grow to ("\xNN" for a bad byte). A buffer
 * of len * ESC_GROWTH + 1 always holds the whole escaped text. */
#define ESC_GROWTH 4

/* A buffer size for esc_str() that fits any file name a story can hold. */
#define ESC_NAME_MAX 4200

/* Must code point cp be shown escaped (a control, C1 control or bidi control)? */
int esc_unsafe(uint32_t cp);

/* Escape s[0..len) into out (cap bytes, always NUL-terminated when cap > 0).
 * Never cuts an escape or a UTF-8 sequence in half: when out is too small the
 * text stops at the last whole piece that fits. Returns the bytes written
 * (without the NUL). */
size_t esc_text(char *out, size_t cap, const char *s, size_t len);

/* esc_text() of a NUL-terminated string into buf; returns buf ("" for NULL),
 * so it can be an argument of printf directly. */
const char *esc_str(const char *s, char *buf, size_t cap);

/* Write s escaped to f, however long it is. */
void esc_fputs(const char *s, FILE *f);

/* s as one shell argument a parent can paste, into buf (cap len): plain names
 * as they are, others in single quotes, names with control characters or bytes
 * that are not UTF-8 in bash's $'...' form with the visible escapes above, so
 * nothing raw reaches the terminal and the command still names the same
 * file. Returns buf (cut short, never overflowed, when len is too small). */
const char *esc_shell_arg(const char *s, char *buf, size_t len);

#endif
