/* text_find — where the captions' font comes from (see text.h).
 *
 * The project's own font first (assets/fonts), then the system's
 * (/usr/share/fonts): Andika, made for children learning to read, where
 * installed, else the first of a few common sans fonts, else any font file
 * found within a few folders' depth; and a wide font (for letters the main
 * one lacks) the same way. Only paths are found here; loading and checking
 * the font is text.c's. Fonts never come from a story folder: stb_truetype
 * trusts the font bytes.
 *
 * A script Andika lacks (Arabic, Hebrew, the Indic scripts, Thai, Chinese)
 * has a font of its own, from Debian's fonts-noto-core and, for Han,
 * fonts-wqy-microhei: one file a script, sometimes a language's own (Urdu's
 * Nastaliq), each with a few alternatives where Debian packages several. */
#include "text.h"

#include "ascii.h"
#include "files.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define TEXT_SEARCH_DEPTH 4
#define TEXT_PATH_MAX 4096
#define TEXT_SYSTEM_FONTS "/usr/share/fonts"


typedef int (*TextNamePred)(const char *name);

static const char *const text_fallback_fonts[] = {
    "truetype/dejavu/DejaVuSans.ttf",
    "truetype/liberation/LiberationSans-Regular.ttf",
    "truetype/liberation2/LiberationSans-Regular.ttf",
    "truetype/freefont/FreeSans.ttf",
    "opentype/freefont/FreeSans.otf",
    "truetype/noto/NotoSans-Regular.ttf",
    "opentype/noto/NotoSans-Regular.ttf",
};

static int text_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}


static int text_join(char *out, size_t outlen, const char *a, const char *b)
{
    int n = snprintf(out, outlen, "%s/%s", a, b);
    return n >= 0 && (size_t)n < outlen;
}

/* Lower-cased copy of a file name; 0 when it does not fit. */
static int text_lower(const char *name, char *out, size_t outlen)
{
    size_t i, n = strlen(name);
    if (n >= outlen)
        return 0;
    for (i = 0; i <= n; i++)
        out[i] = (char)ascii_tolower((unsigned char)name[i]);
    return 1;
}

static int text_has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int text_is_font_name(const char *name)
{
    char low[256];
    return text_lower(name, low, sizeof low) &&
           (text_has_suffix(low, ".ttf") || text_has_suffix(low, ".otf"));
}

/* An upright, regular-weight Andika: Andika-Regular.ttf, Andika-R.ttf,
 * AndikaNewBasic-R.ttf, Andika.ttf ... but no bold or italic. */
static int text_is_andika_name(const char *name)
{
    static const char *const styled[] = {"bold", "italic", "-b.", "-i.", "-bi."};
    char low[256];
    size_t i;

    if (!text_is_font_name(name) || !text_lower(name, low, sizeof low))
        return 0;
    if (strncmp(low, "andika", 6) != 0)
        return 0;
    for (i = 0; i < sizeof styled / sizeof styled[0]; i++)
        if (strstr(low, styled[i]))
            return 0;
    return 1;
}

/* Keep in best the smallest matching path under dir (readdir order is
 * arbitrary; the smallest makes the choice repeatable). */
static void text_search_dir(const char *dir, TextNamePred pred, int depth, char *best,
                            size_t bestlen)
{
    char path[TEXT_PATH_MAX];
    struct dirent *e;
    DIR *d = opendir(dir);

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !text_join(path, sizeof path, dir, e->d_name))
            continue;
        if (pred(e->d_name) && text_is_file(path)) {
            if ((!best[0] || strcmp(path, best) < 0) && strlen(path) < bestlen)
                memcpy(best, path, strlen(path) + 1);
        } else if (depth > 0 && files_is_dir(path)) {
            text_search_dir(path, pred, depth - 1, best, bestlen);
        }
    }
    closedir(d);
}

static int text_try_path(const char *root, const char *rel, char *out, size_t outlen)
{
    return root && text_join(out, outlen, root, rel) && text_is_file(out);
}

static int text_try_search(const char *dir, TextNamePred pred, int depth, char *out,
                           size_t outlen)
{
    out[0] = '\0';
    if (dir)
        text_search_dir(dir, pred, depth, out, outlen);
    return out[0] != '\0';
}

int text_find_font_under(const char *fonts_root, const char *assets_dir, char *out,
                         size_t outlen)
{
    char assets_fonts[TEXT_PATH_MAX];
    const char *af = NULL;
    size_t i;

    if (!out || outlen == 0)
        return -1;
    if (assets_dir && text_join(assets_fonts, sizeof assets_fonts, assets_dir, "fonts"))
        af = assets_fonts;
    if (text_try_path(fonts_root, "truetype/andika/Andika-Regular.ttf", out, outlen) ||
        text_try_search(fonts_root, text_is_andika_name, TEXT_SEARCH_DEPTH, out, outlen) ||
        text_try_search(af, text_is_andika_name, 0, out, outlen))
        return 1;
    if (text_try_search(af, text_is_font_name, 0, out, outlen))
        return 0;
    for (i = 0; i < sizeof text_fallback_fonts / sizeof text_fallback_fonts[0]; i++)
        if (text_try_path(fonts_root, text_fallback_fonts[i], out, outlen))
            return 0;
    out[0] = '\0';
    return -1;
}

int text_find_wide_font(char *out, size_t outlen)
{
    for (size_t i = 0; i < sizeof text_fallback_fonts / sizeof text_fallback_fonts[0]; i++)
        if (text_try_path(TEXT_SYSTEM_FONTS, text_fallback_fonts[i], out, outlen))
            return 0;
    if (out && outlen)
        out[0] = '\0';
    return -1;
}

int text_find_font(const char *assets_dir, char *out, size_t outlen)
{
    return text_find_font_under(TEXT_SYSTEM_FONTS, assets_dir, out, outlen);
}

typedef struct TextScriptFont {
    const char *script; /* ISO 15924 */
    const char *lang;   /* only for this language subtag, or NULL for any */
    const char *path;   /* under the fonts root */
} TextScriptFont;

/* In order of preference: the first one found is used. Naskh is the book
 * hand of Arabic, and Looped Thai the one children learn to read from. */
static const TextScriptFont text_script_fonts[] = {
    {"Arab", "ur", "truetype/noto/NotoNastaliqUrdu-Regular.ttf"},
    {"Arab", NULL, "truetype/noto/NotoNaskhArabic-Regular.ttf"},
    {"Arab", NULL, "truetype/noto/NotoSansArabic-Regular.ttf"},
    {"Hebr", NULL, "truetype/noto/NotoSansHebrew-Regular.ttf"},
    {"Hebr", NULL, "truetype/noto/NotoSerifHebrew-Regular.ttf"},
    {"Deva", NULL, "truetype/noto/NotoSansDevanagari-Regular.ttf"},
    {"Beng", NULL, "truetype/noto/NotoSansBengali-Regular.ttf"},
    {"Guru", NULL, "truetype/noto/NotoSansGurmukhi-Regular.ttf"},
    {"Gujr", NULL, "truetype/noto/NotoSansGujarati-Regular.ttf"},
    {"Orya", NULL, "truetype/noto/NotoSansOriya-Regular.ttf"},
    {"Taml", NULL, "truetype/noto/NotoSansTamil-Regular.ttf"},
    {"Telu", NULL, "truetype/noto/NotoSansTelugu-Regular.ttf"},
    {"Knda", NULL, "truetype/noto/NotoSansKannada-Regular.ttf"},
    {"Mlym", NULL, "truetype/noto/NotoSansMalayalam-Regular.ttf"},
    {"Sinh", NULL, "truetype/noto/NotoSansSinhala-Regular.ttf"},
    {"Thai", NULL, "truetype/noto/NotoLoopedThai-Regular.ttf"},
    {"Thai", NULL, "truetype/noto/NotoSansThai-Regular.ttf"},
    {"Laoo", NULL, "truetype/noto/NotoSansLao-Regular.ttf"},
    {"Khmr", NULL, "truetype/noto/NotoSansKhmer-Regular.ttf"},
    {"Mymr", NULL, "truetype/noto/NotoSansMyanmar-Regular.ttf"},
    {"Geor", NULL, "truetype/noto/NotoSansGeorgian-Regular.ttf"},
    {"Armn", NULL, "truetype/noto/NotoSansArmenian-Regular.ttf"},
    {"Ethi", NULL, "truetype/noto/NotoSansEthiopic-Regular.ttf"},
    {"Syrc", NULL, "truetype/noto/NotoSansSyriac-Regular.ttf"},
    {"Thaa", NULL, "truetype/noto/NotoSansThaana-Regular.ttf"},
    {"Nkoo", NULL, "truetype/noto/NotoSansNKo-Regular.ttf"},
    {"Adlm", NULL, "truetype/noto/NotoSansAdlam-Regular.ttf"},
    {"Tibt", NULL, "truetype/noto/NotoSerifTibetan-Regular.ttf"},
    {"Cher", NULL, "truetype/noto/NotoSansCherokee-Regular.ttf"},
    {"Cans", NULL, "truetype/noto/NotoSansCanadianAboriginal-Regular.ttf"},
    {"Olck", NULL, "truetype/noto/NotoSansOlChiki-Regular.ttf"},
    {"Hans", NULL, "truetype/wqy/wqy-microhei.ttc"},
    {"Hans", NULL, "opentype/noto/NotoSansCJK-Regular.ttc"},
    {"Hans", NULL, "truetype/arphic/uming.ttc"},
};

/* Han in every form (and Japanese, Korean) is drawn with the Chinese font:
 * WenQuanYi Micro Hei covers the kana and hangul as well. */
static const char *text_script_key(const char *script)
{
    static const char *const han[] = {"Hant", "Hani", "Jpan", "Hira", "Kana", "Kore", "Hang",
                                      "Bopo"};
    for (size_t i = 0; i < sizeof han / sizeof han[0]; i++)
        if (strcmp(script, han[i]) == 0)
            return "Hans";
    return script;
}

int text_find_script_font_under(const char *fonts_root, const char *script, const char *lang,
                                char *out, size_t outlen)
{
    if (!out || outlen == 0)
        return -1;
    out[0] = '\0';
    if (!fonts_root || !script)
        return -1;
    const char *key = text_script_key(script);
    for (size_t i = 0; i < sizeof text_script_fonts / sizeof text_script_fonts[0]; i++) {
        const TextScriptFont *e = &text_script_fonts[i];
        if (strcmp(e->script, key) != 0 || (e->lang && (!lang || strcmp(e->lang, lang) != 0)))
            continue;
        if (text_try_path(fonts_root, e->path, out, outlen))
            return 0;
    }
    out[0] = '\0';
    return -1;
}

int text_find_script_font(const char *script, const char *lang, char *out, size_t outlen)
{
    return text_find_script_font_under(TEXT_SYSTEM_FONTS, script, lang, out, outlen);
}
