/* i18n — the interface in the family's language (see i18n.h).
 *
 * gettext chooses the catalogue from LANGUAGE, but only while LC_MESSAGES is
 * not "C", and it caches what it found until the locale is set again. So the
 * language is chosen here (the setting, else the usual variables), put in
 * LANGUAGE, and LC_MESSAGES set again (to the system's locale, else C.UTF-8,
 * which glibc always has): setting a locale is what tells gettext to forget
 * its cache, so a language chosen in the parents' menu speaks at once.
 *
 * Which language is "in use" (for the gate's digits and the shelf's
 * direction) is the first of the list with a catalogue in the folder, or its
 * language without the region (fr_CA finds fr), as gettext itself looks. */
#include "i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ascii.h"

/* The languages a catalogue may exist for, each named as its speakers name
 * it: the menu shows these names, so a parent who does not read the language
 * the tablet speaks now can still find their own. */
static const struct {
    const char *code, *name;
} languages[] = {
    { "en", "English" },      { "es", "Español" },    { "fr", "Français" },
    { "de", "Deutsch" },      { "pt", "Português" },  { "ru", "Русский" },
    { "ar", "العربية" },      { "hi", "हिन्दी" },       { "zh_CN", "中文" },
    { "sw", "Kiswahili" },
};
#define NLANGUAGES (sizeof languages / sizeof languages[0])

static char localedir[1024];         /* where the catalogues are, "" = gettext's default */
static char in_use[I18N_LANG_MAX] = "en";
/* The environment's own LANGUAGE, kept at i18n_init: LANGUAGE is then set to
 * the language chosen, and "the system's" must still mean the family's
 * system, not the last choice. */
static char env_language[I18N_LANG_MAX];

const char *i18n_pgettext(const char *key, const char *msgid)
{
    const char *t = dgettext(I18N_DOMAIN, key);
    return t == key ? msgid : t;
}

/* Is a catalogue for lang in the folder? */
static int has_catalogue(const char *dir, const char *lang, size_t n)
{
    char path[1200];
    struct stat st;
    if (!dir[0] || snprintf(path, sizeof path, "%s/%.*s/LC_MESSAGES/" I18N_DOMAIN ".mo", dir,
                            (int)n, lang) >= (int)sizeof path)
        return 0;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The first of the colon-separated list with a catalogue, as gettext looks
 * (the whole name, then the language alone), into in_use; "en" when none. */
static void find_in_use(const char *list)
{
    snprintf(in_use, sizeof in_use, "en");
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ":");
        size_t base = strcspn(p, "_-:");
        if (n > 0 && n < sizeof in_use && has_catalogue(localedir, p, n)) {
            snprintf(in_use, sizeof in_use, "%.*s", (int)n, p);
            return;
        }
        if (base > 0 && base < n && has_catalogue(localedir, p, base)) {
            snprintf(in_use, sizeof in_use, "%.*s", (int)base, p);
            return;
        }
        if (n >= 2 && p[0] == 'e' && p[1] == 'n' && (n == 2 || p[2] == '_'))
            return; /* English asked for before any catalogue: English it is */
        p += n + (p[n] == ':');
    }
}

/* A variable's value as a language: "" when unset or empty. */
static const char *or_empty(const char *s) { return s ? s : ""; }

void i18n_pick(const char *setting, const char *language, const char *lc_all,
               const char *lc_messages, const char *lang, char *out, size_t len)
{
    const char *from[] = { or_empty(setting), or_empty(language), or_empty(lc_all),
                           or_empty(lc_messages), or_empty(lang) };
    const char *v = "";
    for (size_t i = 0; i < sizeof from / sizeof from[0] && !v[0]; i++)
        v = from[i];
    if (len == 0)
        return;
    /* A locale name's codeset and modifier mean nothing to a catalogue's name. */
    size_t n = strcspn(v, ".@");
    if (n == 0 || (n == 1 && v[0] == 'C') || (n == 5 && !strncmp(v, "POSIX", 5)))
        v = "en", n = 2;
    snprintf(out, len, "%.*s", (int)n, v);
}

int i18n_tag_ok(const char *tag)
{
    size_t n = strlen(tag);
    if (n == 0)
        return 1;
    if (n > 15 || !ascii_isalpha(tag[0]))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!ascii_isalpha(tag[i]) && !ascii_isdigit(tag[i]) && tag[i] != '_' && tag[i] != '-')
            return 0;
    return 1;
}

/* LC_MESSAGES set (again) to a locale that exists: the system's, or C.UTF-8
 * when the system's is missing or is "C" (where gettext ignores LANGUAGE). */
static void set_messages_locale(void)
{
    const char *got = setlocale(LC_MESSAGES, "");
    if (!got || !strcmp(got, "C") || !strcmp(got, "POSIX"))
        setlocale(LC_MESSAGES, "C.UTF-8");
}

const char *i18n_set_language(const char *language)
{
    char list[I18N_LANG_MAX];
    i18n_pick(language, env_language, getenv("LC_ALL"), getenv("LC_MESSAGES"),
              getenv("LANG"), list, sizeof list);
    /* Before any thread reads the environment at start-up; from the menu, in
     * the main loop, where no other thread of the player calls getenv. */
    setenv("LANGUAGE", list, 1);
    set_messages_locale();
    find_in_use(list);
    return in_use;
}

void i18n_init(const char *dir, const char *language)
{
    const char *env = getenv("LANGUAGE");
    snprintf(localedir, sizeof localedir, "%s", dir ? dir : "");
    snprintf(env_language, sizeof env_language, "%s", env ? env : "");
    /* Character classes follow the system (the parsers use ascii.h, never
     * <ctype.h>); numbers do not: LC_NUMERIC stays "C". */
    setlocale(LC_CTYPE, "");
    if (localedir[0])
        bindtextdomain(I18N_DOMAIN, localedir);
    bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
    textdomain(I18N_DOMAIN);
    i18n_set_language(language);
}

const char *i18n_language(void) { return in_use; }

/* Does dir hold at least one of the table's catalogues? */
static int dir_has_any(const char *dir)
{
    for (size_t i = 1; i < NLANGUAGES; i++)
        if (has_catalogue(dir, languages[i].code, strlen(languages[i].code)))
            return 1;
    return 0;
}

static int try_dir(const char *dir, char *out, size_t len)
{
    if (!dir_has_any(dir) || snprintf(out, len, "%s", dir) >= (int)len)
        return 0;
    return 1;
}

int i18n_find_localedir(const char *exe_dir, char *out, size_t len)
{
    char dir[1024];
    const char *env = getenv("HUSHABYE_LOCALEDIR");
    if (env && *env && try_dir(env, out, len))
        return 0;
    if (exe_dir && snprintf(dir, sizeof dir, "%slocale", exe_dir) < (int)sizeof dir &&
        try_dir(dir, out, len))
        return 0;
    if (exe_dir && snprintf(dir, sizeof dir, "%s../share/locale", exe_dir) < (int)sizeof dir &&
        try_dir(dir, out, len))
        return 0;
#ifdef HUSHABYE_INSTALL_LOCALE
    if (try_dir(HUSHABYE_INSTALL_LOCALE, out, len))
        return 0;
#endif
    if (len)
        out[0] = '\0';
    return -1;
}

void i18n_init_beside(const char *exe_dir)
{
    char dir[1024];
    i18n_find_localedir(exe_dir, dir, sizeof dir);
    i18n_init(dir, "");
}

int i18n_languages(const char **codes, int max)
{
    int n = 0;
    for (size_t i = 0; i < NLANGUAGES && n < max; i++)
        if (i == 0 || has_catalogue(localedir, languages[i].code, strlen(languages[i].code)))
            codes[n++] = languages[i].code;
    return n;
}

const char *i18n_next_language(const char *cur)
{
    const char *codes[I18N_MAX_LANGS];
    int n = i18n_languages(codes, I18N_MAX_LANGS);
    if (!cur || !cur[0])
        return codes[0];
    for (int i = 0; i < n; i++)
        if (!strcmp(codes[i], cur))
            return i + 1 < n ? codes[i + 1] : "";
    return ""; /* a language with no catalogue (written by hand): back to the system's */
}

const char *i18n_endonym(const char *code)
{
    for (size_t i = 0; i < NLANGUAGES; i++)
        if (!strcmp(languages[i].code, code))
            return languages[i].name;
    return code;
}

/* The first code point of a language's digits: CLDR's default numbering
 * system for the language (and region). Arabic is "arab" except in the
 * Maghreb, where Latin digits are written; Persian, Pashto and Urdu in India
 * "arabext"; Bengali "beng"; Marathi and Nepali "deva"; Burmese "mymr".
 * Hindi's default is "latn": Indian screens, forms and money write 0-9, and
 * a parent reads them at a glance, while Devanagari digits are mostly seen
 * in print. Everything else: Latin. */
static unsigned digit_zero(const char *lang)
{
    static const struct {
        const char *lang, *region;
        unsigned zero;
    } table[] = {
        { "ar", "DZ", '0' }, { "ar", "MA", '0' }, { "ar", "TN", '0' }, { "ar", "LY", '0' },
        { "ar", "EH", '0' }, { "ar", NULL, 0x660 }, { "fa", NULL, 0x6F0 },
        { "ps", NULL, 0x6F0 }, { "ur", "IN", 0x6F0 }, { "bn", NULL, 0x9E6 },
        { "mr", NULL, 0x966 }, { "ne", NULL, 0x966 }, { "my", NULL, 0x1040 },
    };
    size_t n = strcspn(lang, "_-.@");
    const char *region = lang[n] == '_' || lang[n] == '-' ? lang + n + 1 : "";
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strlen(table[i].lang) != n || strncmp(table[i].lang, lang, n))
            continue;
        if (!table[i].region || !strncmp(table[i].region, region, 2))
            return table[i].zero;
    }
    return '0';
}

void i18n_digit(const char *lang, int d, char *out, size_t len)
{
    unsigned c = digit_zero(lang ? lang : "") + (unsigned)(d < 0 ? 0 : d > 9 ? 9 : d);
    if (c < 0x80)
        snprintf(out, len, "%c", (char)c);
    else if (c < 0x800)
        snprintf(out, len, "%c%c", (char)(0xC0 | (c >> 6)), (char)(0x80 | (c & 0x3F)));
    else
        snprintf(out, len, "%c%c%c", (char)(0xE0 | (c >> 12)), (char)(0x80 | ((c >> 6) & 0x3F)),
                 (char)(0x80 | (c & 0x3F)));
}
