/* i18n — the interface in the family's language, through gettext.
 *
 * Every sentence a parent or a child reads is written in English in the
 * source, wrapped in _() (or N_() where it sits in a table and is translated
 * where it is used, ngettext() where a number decides its form, C_() where the
 * same English word needs a context), and looked up in the "hushabye" text
 * domain: po/LANG.po compiled to LOCALEDIR/LANG/LC_MESSAGES/hushabye.mo.
 *
 * The language is the family's setting (settings.ini `language =`, the
 * parents' menu) when there is one, else the first of LANGUAGE, LC_ALL,
 * LC_MESSAGES and LANG that is set. It is handed to gettext as LANGUAGE, with
 * LC_MESSAGES set to a locale that exists (the system's, else C.UTF-8): a
 * kiosk tablet rarely has the family's locale generated, and gettext needs
 * only its catalogue, not the locale. Translations come out in UTF-8 whatever
 * the locale's character set. LC_NUMERIC is never touched, so strtod() and
 * the parsers of story.ini, settings.ini and WebVTT read "0.5" everywhere.
 *
 * gettext's state is the process's own, so this module keeps the little it
 * adds (the catalogue folder, the language in use) beside it; the player sets
 * it up before any thread starts, and changes it from the main loop only. */
#ifndef HUSHABYE_I18N_H
#define HUSHABYE_I18N_H

#include <libintl.h>
#include <stddef.h>

#define I18N_DOMAIN "hushabye"
#define I18N_LANG_MAX 64    /* a language list as LANGUAGE holds it, with its NUL */
#define I18N_MAX_LANGS 32   /* languages the menu can offer */

/* Translated text (a literal: xgettext finds it, the compiler checks the
 * format against the English). */
#define _(s) gettext(s)
/* Marked for translation, translated later where it is used. */
#define N_(s) (s)
/* Translated with a context: the same English in two places can be two
 * translations ("one" the number word of the gate). */
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)

/* The translation of the context-and-message key, or msgid when there is none
 * (what pgettext does; glibc's libintl has no pgettext of its own). */
const char *i18n_pgettext(const char *key, const char *msgid) __attribute__((format_arg(2)));

/* Bind the text domain to localedir (a folder of LANG/LC_MESSAGES/hushabye.mo;
 * NULL or "" keeps gettext's default) and choose the language: language is
 * the family's setting, "" for the system's. Call once, before threads. */
void i18n_init(const char *localedir, const char *language);

/* Change the language at once ("" = the system's again): later _() calls
 * translate into it. Returns i18n_language(). */
const char *i18n_set_language(const char *language);

/* The language the interface speaks now: the first of the chosen list that
 * has a catalogue ("fr", "zh_CN"), "en" when none has. */
const char *i18n_language(void);

/* Pure: the language list to use from the setting and the environment's
 * LANGUAGE, LC_ALL, LC_MESSAGES and LANG (each may be NULL): the setting when
 * it is not empty, else the first variable that is set and not empty. A
 * locale name loses its codeset and modifier ("fr_FR.UTF-8" is "fr_FR");
 * "C" and "POSIX" mean English ("en"). Always writes out (NUL-terminated). */
void i18n_pick(const char *setting, const char *language, const char *lc_all,
               const char *lc_messages, const char *lang, char *out, size_t len);

/* Is this a language tag a setting may hold: 1 to 15 ASCII letters, digits,
 * '_' or '-', starting with a letter (or empty, the system's)? */
int i18n_tag_ok(const char *tag);

/* The folder of the catalogues beside a program in exe_dir (its own folder,
 * ending in '/'): $HUSHABYE_LOCALEDIR, then exe_dir/locale (a build folder),
 * then exe_dir/../share/locale (an installed copy), then the configured
 * install prefix's. 0 and out filled, or -1 when none holds a catalogue. */
int i18n_find_localedir(const char *exe_dir, char *out, size_t len);

/* i18n_init with the catalogues found beside a program in exe_dir (as
 * i18n_find_localedir; NULL: the configured ones only) and the language of
 * the environment: how each program starts. Call once, before threads. */
void i18n_init_beside(const char *exe_dir);

/* The languages the interface can speak: "en" first, then each with a
 * catalogue in the folder given to i18n_init, in the table's order. Returns
 * how many were written to codes[0..max). */
int i18n_languages(const char **codes, int max);

/* The language after cur in i18n_languages(), "" (the system's) after the
 * last, and the first after "". The parents' menu steps through these. */
const char *i18n_next_language(const char *cur);

/* A language's name in its own language ("Français", "العربية"); the code
 * itself for one not in the table. */
const char *i18n_endonym(const char *code);

/* The digit d (0..9) as the language lang writes numbers on screens, UTF-8,
 * into out (at least 5 bytes): Arabic-Indic for Arabic, Extended
 * Arabic-Indic for Persian and Urdu's neighbours, Bengali for Bengali, the
 * Latin digits for every other language (and for Hindi: see i18n.c). */
void i18n_digit(const char *lang, int d, char *out, size_t len);

#endif
