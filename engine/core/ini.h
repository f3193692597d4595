/* ini — a tiny INI reader for story.ini and the family's settings files.
 *
 * Takes bytes and a length, never a path (the caller reads files through files.h).
 * Grammar: "[section]" lines, "key = value" lines, blank lines, and comments that
 * start with '#' or ';' *at the start of a line* only, so page text may contain ';'.
 * A trailing " ; comment" after a value IS stripped when the ';' or '#' is preceded
 * by whitespace and the key is not "text" (story.ini's example uses such comments),
 * unless the value is in double quotes ("Moon #2", "" for a quote inside).
 * Keys and section names are lower-cased and trimmed; values are trimmed.
 * A UTF-8 byte-order mark at the start is skipped. CRLF line ends are accepted. */
#ifndef HUSHABYE_INI_H
#define HUSHABYE_INI_H

#include <stddef.h>

typedef enum { INI_ENTRY, INI_SECTION, INI_BAD_LINE } IniKind;

/* Called once per meaningful line. For INI_SECTION, key = section name, value = NULL.
 * For INI_BAD_LINE, key = the raw trimmed line, value = NULL (e.g. missing '=').
 * section is the current section name ("" before the first header).
 * Return non-zero to stop parsing. Strings are valid only during the call. */
typedef int (*IniHandler)(void *ud, IniKind kind, const char *section,
                          const char *key, const char *value, int line);

/* Parse buf[0..len). Returns 0, or the handler's non-zero value if it stopped. */
int ini_parse(const char *buf, size_t len, IniHandler fn, void *ud);

/* value as it must follow "key = " on one line to be read back as it is (for
 * any key but "text"): line breaks become spaces, and a value that holds a
 * " ;" or " #" (or starts with one), starts with a quote, or starts or ends
 * with a space is put in double quotes, a quote inside written twice. A
 * value in quotes is taken whole by ini_parse. malloc'ed, or NULL. */
char *ini_quote(const char *value);

/* Value helpers shared by story.ini and settings. Each returns 0 on success,
 * -1 if the text is not of that form (out untouched). */
int ini_seconds(const char *value, double *out);     /* "2.5", "2.5s", "3 s"; >= 0 */
int ini_percent(const char *value, double *out);     /* "30%", "30" -> 0.30; 0..100 */
int ini_bool(const char *value, int *out);           /* on/off yes/no true/false 1/0 */
int ini_decimal(const char *value, double *out);     /* "0.25", ".5", "3": no unit, >= 0 */

#endif
