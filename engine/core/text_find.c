/* text_find — where the captions' font comes from (see text.h).
 *
 * The project's own font first (assets/fonts), then the system's
 * (/usr/share/fonts): Andika, made for children learning to read, where
 * installed, else the first of a few common sans fonts, else any font file
 * found within a few folders' depth; and a wide font (for letters the main
 * one lacks) the same way. Only paths are found here; loading and checking
 * the font is text.c's. Fonts never come from a story folder: stb_truetype
 * trusts the font bytes. */
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
