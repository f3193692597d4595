/* lang — language tags read into script, direction and line-breaking rules.
 *
 * The tag is cut into subtags at '-' or '_' and stops at a locale's '.' (the
 * codeset) or '@' (the modifier, which may name a script). Then three small
 * tables answer: the usual script of a language (a few depend on the region),
 * which scripts run right to left, and which break lines without spaces. A
 * language missing from the first table is taken to be written in Latin, which
 * is true of most of the world's languages with a written form in Latin letters
 * and is at worst harmless: the layout also looks at the text's own script. */
#include "lang.h"

#include <string.h>

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static char upper(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

typedef struct LangScript {
    const char *lang;
    const char *script;
} LangScript;

/* The usual script of languages not written in Latin letters (CLDR's likely
 * subtags, shortened to the language alone). */
static const LangScript lang_scripts[] = {
    {"ar", "Arab"},  {"fa", "Arab"},  {"ur", "Arab"},  {"ps", "Arab"},  {"sd", "Arab"},
    {"ug", "Arab"},  {"ckb", "Arab"}, {"ks", "Arab"},  {"prs", "Arab"}, {"arz", "Arab"},
    {"ary", "Arab"}, {"apc", "Arab"}, {"bal", "Arab"}, {"lrc", "Arab"}, {"mzn", "Arab"},
    {"glk", "Arab"}, {"skr", "Arab"}, {"he", "Hebr"},  {"iw", "Hebr"},  {"yi", "Hebr"},
    {"ji", "Hebr"},  {"lad", "Hebr"}, {"dv", "Thaa"},  {"syr", "Syrc"}, {"nqo", "Nkoo"},
    {"hi", "Deva"},  {"mr", "Deva"},  {"ne", "Deva"},  {"sa", "Deva"},  {"kok", "Deva"},
    {"mai", "Deva"}, {"bho", "Deva"}, {"doi", "Deva"}, {"brx", "Deva"}, {"new", "Deva"},
    {"awa", "Deva"}, {"mag", "Deva"}, {"hne", "Deva"}, {"raj", "Deva"}, {"bn", "Beng"},
    {"as", "Beng"},  {"mni", "Beng"}, {"pa", "Guru"},  {"gu", "Gujr"},  {"or", "Orya"},
    {"ta", "Taml"},  {"te", "Telu"},  {"kn", "Knda"},  {"ml", "Mlym"},  {"si", "Sinh"},
    {"sat", "Olck"}, {"th", "Thai"},  {"lo", "Laoo"},  {"km", "Khmr"},  {"my", "Mymr"},
    {"shn", "Mymr"}, {"bo", "Tibt"},  {"dz", "Tibt"},  {"ka", "Geor"},  {"hy", "Armn"},
    {"am", "Ethi"},  {"ti", "Ethi"},  {"tig", "Ethi"}, {"el", "Grek"},  {"ru", "Cyrl"},
    {"uk", "Cyrl"},  {"be", "Cyrl"},  {"bg", "Cyrl"},  {"mk", "Cyrl"},  {"sr", "Cyrl"},
    {"kk", "Cyrl"},  {"ky", "Cyrl"},  {"tg", "Cyrl"},  {"mn", "Cyrl"},  {"ba", "Cyrl"},
    {"tt", "Cyrl"},  {"cv", "Cyrl"},  {"ce", "Cyrl"},  {"os", "Cyrl"},  {"sah", "Cyrl"},
    {"ja", "Jpan"},  {"ko", "Kore"},  {"zh", "Hans"},  {"yue", "Hant"}, {"ii", "Yiii"},
    {"chr", "Cher"}, {"iu", "Cans"},  {"cr", "Cans"},  {"vai", "Vaii"},
};

/* Where the region changes the script (CLDR's likely subtags again). */
typedef struct LangRegionScript {
    const char *lang;
    const char *region;
    const char *script;
} LangRegionScript;

static const LangRegionScript region_scripts[] = {
    {"zh", "TW", "Hant"}, {"zh", "HK", "Hant"}, {"zh", "MO", "Hant"}, {"yue", "CN", "Hans"},
    {"pa", "PK", "Arab"}, {"sd", "IN", "Arab"}, {"uz", "AF", "Arab"}, {"ku", "IQ", "Arab"},
    {"ku", "IR", "Arab"}, {"az", "IR", "Arab"}, {"ms", "BN", "Latn"}, {"mn", "CN", "Mong"},
    {"ff", "GN", "Latn"},
};

/* Right-to-left scripts (Unicode's, those in use). */
static const char *const rtl_scripts[] = {
    "Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Mand", "Samr", "Rohg", "Yezi",
    "Mend", "Avst", "Phnx", "Armi", "Nbat", "Palm", "Sogd", "Hung", "Khar", "Cprt",
};

/* Scripts written without spaces between words. */
static const char *const dictionary_scripts[] = {"Thai", "Laoo", "Khmr", "Mymr"};
static const char *const ideograph_scripts[] = {"Hans", "Hant", "Hani", "Jpan", "Hira",
                                                "Kana", "Yiii"};

/* Compare a script code in any case with a table's title-case one. */
static int script_eq(const char *a, const char *b)
{
    for (int i = 0; i < 4; i++)
        if (lower(a[i]) != lower(b[i]) || a[i] == '\0')
            return 0;
    return a[4] == '\0';
}

int lang_script_is_rtl(const char *script)
{
    if (!script)
        return 0;
    for (size_t i = 0; i < sizeof rtl_scripts / sizeof rtl_scripts[0]; i++)
        if (script_eq(script, rtl_scripts[i]))
            return 1;
    return 0;
}

LangBreak lang_script_breaks(const char *script)
{
    if (!script)
        return LANG_BREAK_SPACES;
    for (size_t i = 0; i < sizeof dictionary_scripts / sizeof dictionary_scripts[0]; i++)
        if (script_eq(script, dictionary_scripts[i]))
            return LANG_BREAK_DICTIONARY;
    for (size_t i = 0; i < sizeof ideograph_scripts / sizeof ideograph_scripts[0]; i++)
        if (script_eq(script, ideograph_scripts[i]))
            return LANG_BREAK_IDEOGRAPHS;
    return LANG_BREAK_SPACES;
}

static void set_none(LangInfo *out)
{
    memset(out, 0, sizeof *out);
    memcpy(out->script, "Latn", 5);
}

static const char *default_script(const char *lang, const char *region)
{
    for (size_t i = 0; i < sizeof region_scripts / sizeof region_scripts[0]; i++)
        if (strcmp(lang, region_scripts[i].lang) == 0 &&
            strcmp(region, region_scripts[i].region) == 0)
            return region_scripts[i].script;
    for (size_t i = 0; i < sizeof lang_scripts / sizeof lang_scripts[0]; i++)
        if (strcmp(lang, lang_scripts[i].lang) == 0)
            return lang_scripts[i].script;
    return "Latn";
}

/* A locale modifier that names a script ("sr_RS@latin"), or NULL. */
static const char *modifier_script(const char *mod, size_t n)
{
    static const LangScript mods[] = {
        {"latin", "Latn"}, {"cyrillic", "Cyrl"}, {"devanagari", "Deva"}, {"iqtelif", "Latn"},
    };
    for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++) {
        size_t k = strlen(mods[i].lang);
        if (k != n)
            continue;
        size_t j = 0;
        while (j < n && lower(mod[j]) == mods[i].lang[j])
            j++;
        if (j == n)
            return mods[i].script;
    }
    return NULL;
}

/* The subtags before '.', '@' or the end: language, then an extended language
 * (skipped), script, region. 0, or -1 when a subtag has a bad character or the
 * language subtag is not 2 to 8 letters. */
static int read_subtags(const char *tag, size_t end, LangInfo *out)
{
    size_t pos = 0;
    int index = 0;
    while (pos < end) {
        size_t start = pos;
        while (pos < end && tag[pos] != '-' && tag[pos] != '_')
            pos++;
        size_t n = pos - start;
        const char *s = tag + start;
        if (n == 0)
            return -1; /* "ar--EG", "-ar" */
        for (size_t i = 0; i < n; i++)
            if (!is_alpha(s[i]) && !is_digit(s[i]))
                return -1;
        if (index == 0) {
            if (n < 2 || n > 8)
                return -1;
            for (size_t i = 0; i < n; i++) {
                if (!is_alpha(s[i]))
                    return -1;
                out->lang[i] = lower(s[i]);
            }
        } else if (n == 4 && is_alpha(s[0]) && !out->script[0] && !out->region[0]) {
            out->script[0] = upper(s[0]);
            for (int i = 1; i < 4; i++)
                out->script[i] = lower(s[i]);
        } else if (((n == 2 && is_alpha(s[0]) && is_alpha(s[1])) ||
                    (n == 3 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]))) &&
                   !out->region[0]) {
            for (size_t i = 0; i < n; i++)
                out->region[i] = upper(s[i]);
        } else if (!(index == 1 && n == 3 && is_alpha(s[0]))) {
            break; /* a variant or an extension: the rest says nothing of the script */
        }
        index++;
        if (pos < end)
            pos++; /* the separator */
    }
    return 0;
}

int lang_parse(const char *tag, LangInfo *out)
{
    set_none(out);
    if (!tag || !tag[0] || strcmp(tag, "C") == 0 || strcmp(tag, "POSIX") == 0 ||
        strncmp(tag, "C.", 2) == 0)
        return 0;
    size_t len = strnlen(tag, 256);
    if (len == 256)
        return -1;
    size_t end = strcspn(tag, ".@");
    out->script[0] = '\0';
    if (end == 0 || tag[end - 1] == '-' || tag[end - 1] == '_') {
        set_none(out);
        return -1;
    }
    if (read_subtags(tag, end, out) != 0) {
        set_none(out);
        return -1;
    }
    const char *at = strchr(tag, '@');
    if (at && !out->script[0]) {
        const char *mod = modifier_script(at + 1, strcspn(at + 1, "."));
        if (mod)
            memcpy(out->script, mod, 5);
    }
    int explicit_script = out->script[0] != '\0';
    if (!explicit_script)
        memcpy(out->script, default_script(out->lang, out->region), 5);
    /* The BCP 47 form keeps a script only when the tag gave one: "zh_CN" is
     * "zh-CN", as the world writes it, not "zh-Hans-CN". */
    size_t n = strlen(out->lang);
    memcpy(out->bcp47, out->lang, n);
    if (explicit_script) {
        out->bcp47[n++] = '-';
        memcpy(out->bcp47 + n, out->script, 4);
        n += 4;
    }
    if (out->region[0]) {
        out->bcp47[n++] = '-';
        size_t r = strlen(out->region);
        memcpy(out->bcp47 + n, out->region, r);
        n += r;
    }
    out->bcp47[n] = '\0';
    out->rtl = lang_script_is_rtl(out->script);
    out->breaks = lang_script_breaks(out->script);
    return 0;
}

int lang_is_rtl(const char *tag)
{
    LangInfo info;
    lang_parse(tag, &info);
    return info.rtl;
}

const char *lang_script(const char *tag, char out[5])
{
    LangInfo info;
    lang_parse(tag, &info);
    memcpy(out, info.script, 5);
    return out;
}
