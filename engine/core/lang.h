/* lang — what a language tag says about writing: direction, script, breaking.
 *
 * A story's `language` (BCP 47: "ar", "he-IL", "zh-Hans", "sr-Latn") and the
 * interface's locale name ("zh_CN.UTF-8", "pt_BR", "sr_RS@latin", "C") are read
 * the same way: the language subtag, an explicit script subtag (or locale
 * modifier), and the region. The main script (ISO 15924) is the explicit one,
 * else the language's usual script, which may depend on the region (zh-TW is
 * Hant, pa-PK is Arab); unknown languages and "C" are Latn. Direction follows
 * the script, so "az-Arab" is right to left and "ku" is not.
 *
 * Pure and table-driven: no locale calls, no allocation, safe for any bytes
 * (a tag from a story folder is untrusted). Nothing here needs HarfBuzz; the
 * layout turns the script code into its own (hb_script_from_string). */
#ifndef HUSHABYE_LANG_H
#define HUSHABYE_LANG_H

#include <stddef.h>

/* How a script's text is cut into lines (the layout's rules for a caption). */
typedef enum LangBreak {
    LANG_BREAK_SPACES = 0, /* at spaces and UAX #14's other opportunities */
    LANG_BREAK_IDEOGRAPHS, /* also between ideographs and kana (Hans, Hant, Jpan) */
    LANG_BREAK_DICTIONARY  /* no spaces between words: a dictionary finds them
                              (Thai, Lao, Khmer, Myanmar) */
} LangBreak;

typedef struct LangInfo {
    char lang[9];    /* language subtag, lower case ("ar", "zh", "ckb"); "" when none */
    char script[5];  /* ISO 15924, title case ("Arab", "Hans", "Latn"): never empty */
    char region[4];  /* region subtag, upper case ("BR", "419" as digits); "" when none */
    char bcp47[24];  /* the tag in BCP 47 form, "lang[-Script][-REGION]" ("zh-Hans-CN",
                        "pt-BR"); "" when there is no language */
    int rtl;         /* 1 when the script is written right to left */
    LangBreak breaks;
} LangInfo;

/* Read a BCP 47 tag or a POSIX locale name (NULL, "", "C" and "POSIX" give no
 * language, Latn, left to right). Case and '_' / '-' are accepted either way; a
 * locale's ".codeset" is ignored and its "@latin" / "@cyrillic" modifier is a
 * script. Subtags after the region (variants, extensions) are ignored. Returns 0,
 * or -1 when the text is not a tag (bad characters, a language subtag that is not
 * 2 to 8 letters): out is then filled as for no language. out must not be NULL. */
int lang_parse(const char *tag, LangInfo *out);

/* Is the tag's main script written right to left? (Arab, Hebr, Syrc, Thaa, Nkoo,
 * Adlm, ...; anything that is not a tag: 0.) */
int lang_is_rtl(const char *tag);

/* The tag's main script, ISO 15924 in title case, written into out (5 bytes with
 * the NUL). Returns out; "Latn" when the tag is not one or names no language. */
const char *lang_script(const char *tag, char out[5]);

/* Is this ISO 15924 code (any case) a right-to-left script? NULL or unknown: 0. */
int lang_script_is_rtl(const char *script);

/* How lines break in this ISO 15924 script (any case). NULL or unknown: spaces. */
LangBreak lang_script_breaks(const char *script);

#endif
