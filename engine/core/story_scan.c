/* story_scan — a story folder's file names grouped into pages (story.h).
 *
 * Each name is classified by its extension (picture, narration, words,
 * timings) and its leading page number ("3-owl.png" is page 3's picture);
 * names that fit nowhere become a diagnostic in a parent's words: a phone's
 * recording or photo is told how to convert or rename it, a number too long
 * is named, and the rest is left out. Works over a given listing, so tests
 * and the fuzzer call it without a folder. */
#include "story.h"
#include "i18n.h"
#include "story_parts.h"
#include "mem.h"

#include "ascii.h"
#include "escape.h"
#include "files.h"
#include "ini.h"
#include "sniff.h"
#include "utf8.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------- names */

StoryMedia story_media_of(const char *name)
{
    static const struct { const char *ext; StoryMedia media; } exts[] = {
        { "png", MEDIA_PICTURE }, { "jpg", MEDIA_PICTURE }, { "jpeg", MEDIA_PICTURE },
        { "webp", MEDIA_PICTURE }, { "svg", MEDIA_PICTURE },
        { "ogg", MEDIA_AUDIO }, { "opus", MEDIA_AUDIO }, { "wav", MEDIA_AUDIO },
        { "mp3", MEDIA_AUDIO }, { "flac", MEDIA_AUDIO },
        { "txt", MEDIA_TEXT }, { "vtt", MEDIA_VTT },
    };
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (!dot || dot == name || strchr(dot, '/'))
        return MEDIA_NONE;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (story_casecmp(dot + 1, exts[i].ext) == 0)
            return exts[i].media;
    return MEDIA_NONE;
}

/* Number of leading digits of name (stops counting at 4). */
static int story_leading_digits(const char *name)
{
    int n = 0;
    while (n < 4 && ascii_isdigit(name[n]))
        n++;
    return n;
}

StoryMedia story_classify(const char *name, int *page)
{
    StoryMedia media = story_media_of(name);
    int digits = story_leading_digits(name);
    if (media == MEDIA_NONE || digits == 0 || digits > 3)
        return MEDIA_NONE;
    size_t stem = (size_t)(strrchr(name, '.') - name);
    char after = name[digits];
    if ((size_t)digits != stem && !strchr(".-_ ", after))
        return MEDIA_NONE;
    int number = 0;
    for (int i = 0; i < digits; i++)
        number = number * 10 + (name[i] - '0');
    if (number < 1 || number > STORY_MAX_PAGES)
        return MEDIA_NONE;
    *page = number;
    return media;
}

/* Is name "<stem>.<ext>" with the given stem (case-insensitive)? */
int story_stem_is(const char *name, const char *stem)
{
    size_t n = strlen(stem);
    for (size_t i = 0; i < n; i++)
        if (ascii_tolower(name[i]) != stem[i])
            return 0;
    return name[n] == '.' && strchr(name + n + 1, '.') == NULL;
}

/* ---------------------------------------------------------------- scan */

static int story_name_cmp(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    int c = story_casecmp(x, y);
    return c ? c : strcmp(x, y);
}

/* Which field of a page holds a file of this kind, and its plural for messages. */
static char **story_slot(StoryPage *p, StoryMedia m, const char **plural)
{
    switch (m) {
    case MEDIA_PICTURE: *plural = "pictures"; return &p->image;
    case MEDIA_AUDIO:   *plural = "recordings"; return &p->narration;
    case MEDIA_TEXT:    *plural = "word files"; return &p->words_file;
    case MEDIA_VTT:     *plural = "timed-word files"; return &p->vtt;
    default:            *plural = "files"; return NULL;
    }
}

/* Does the name start like a page file ("03.m4a", "2-owl.gif") whatever its extension? */
static int story_page_like(const char *name)
{
    int digits = story_leading_digits(name);
    return digits >= 1 && digits <= 3 && strchr(".-_ ", name[digits]) && name[digits] &&
           strrchr(name, '.') > name + digits - 1;
}

/* Is this a phone's recording format (by its extension), which the player cannot play? */
int story_phone_recording(const char *name)
{
    static const char *const exts[] = { "m4a", "3gp", "aac", "amr", NULL };
    const char *dot = strrchr(name, '.');
    return dot && dot != name && story_lookup(dot + 1, exts) >= 0;
}

/* Is this a phone's photo format (by its extension), which the player cannot show? */
int story_phone_photo(const char *name)
{
    static const char *const exts[] = { "heic", "heif", NULL };
    const char *dot = strrchr(name, '.');
    return dot && dot != name && story_lookup(dot + 1, exts) >= 0;
}

/* A phone recording or an iPhone photo in the folder: the exact command that
 * converts it, as the folder was given and quoted for a shell, so it works
 * when pasted from where the checker was run. import files it as the page of
 * its leading number and sets the original aside, so the warning goes. */
static void story_convert_advice(Story *s, const char *path, const char *name, Diags *d)
{
    char file[4400], qfolder[ESC_NAME_MAX], qfile[ESC_NAME_MAX];
    const char *folder = s->folder ? s->folder : ".";
    int photo = story_phone_photo(name);
    const char *what = photo ? "an iPhone photo (HEIC), which the player cannot show"
                             : "a phone recording, which the player cannot play";
    if (!story_page_like(name)) {
        /* import would not know its page: a command with a made-up page would
         * file it wrongly, so the name is what changes first. */
        diag_add(d, DIAG_WARNING, path, 0, _("this is %1$s; to use it, put its page number at "
                 "the start of its name (like 03-%2$s) and check again for the command that "
                 "converts it"), what, name);
        return;
    }
    snprintf(file, sizeof file, "%s%s%s", folder,
             folder[0] && folder[strlen(folder) - 1] == '/' ? "" : "/", name);
    diag_add(d, DIAG_WARNING, path, 0, _("this is %1$s; convert it with: hushabye-story import "
             "%2$s %3$s"), what, esc_shell_arg(folder, qfolder, sizeof qfolder),
             esc_shell_arg(file, qfile, sizeof qfile));
}

/* A page file whose number has more than 3 digits: "0001.png" is not over 999,
 * so say what is true of it (too many digits), and of "1000.png" (over 999). */
static void story_too_many_digits(const char *path, const char *name, Diags *d)
{
    size_t digits = strspn(name, "0123456789"), zeros = strspn(name, "0");
    if (digits == zeros)
        diag_add(d, DIAG_ERROR, path, 0, _("there is no page 0: page numbers go from 1 to "
                 "999, so this file is left out"));
    else if (digits - zeros <= 3)
        diag_add(d, DIAG_ERROR, path, 0, _("page numbers have 1 to 3 digits, and '%.*s' has "
                 "%zu, so this file is left out; name it like %03d%s"), (int)digits, name,
                 digits, atoi(name + zeros), name + digits);
    else
        diag_add(d, DIAG_ERROR, path, 0, _("page numbers go from 1 to %1$d (1 to 3 digits; a "
                 "story can have at most %1$d pages), and '%2$.*3$s' has %4$zu digits, so this "
                 "file is left out"), LIMIT_STORY_PAGES, name, digits > 20 ? 20 : (int)digits,
                 digits);
}

/* cover.*, music.*, phone recordings and names that look like pages but are not. */
static void story_scan_other(Story *s, const char *display, const char *name, Diags *d)
{
    char path[STORY_PATH_MAX];
    StoryMedia m = story_media_of(name);
    story_path(path, display, name);
    if (story_phone_recording(name) || story_phone_photo(name)) {
        story_convert_advice(s, path, name, d);
    } else if (m == MEDIA_PICTURE && story_stem_is(name, "cover")) {
        if (s->cover)
            diag_add(d, DIAG_WARNING, path, 0, _("there are two covers, '%1$s' and '%2$s'; "
                     "using '%3$s'"), s->cover, name, s->cover);
        else
            story_set(&s->cover, name);
    } else if (m == MEDIA_AUDIO && story_stem_is(name, "music")) {
        if (s->music)
            diag_add(d, DIAG_WARNING, path, 0, _("there are two music files, '%1$s' and "
                     "'%2$s'; using '%3$s'"), s->music, name, s->music);
        else
            story_set(&s->music, name);
    } else if (m != MEDIA_NONE && story_leading_digits(name) > 3) {
        story_too_many_digits(path, name, d);
    } else if (m == MEDIA_NONE && story_page_like(name)) {
        diag_add(d, DIAG_WARNING, path, 0, _("this file is not used: a page's files are "
                 "pictures (png, jpg, webp, svg), recordings (ogg, opus, wav, mp3, flac), "
                 "words (.txt) or timed words (.vtt)"));
    } else if (m != MEDIA_NONE && story_leading_digits(name) > 0 &&
               (size_t)story_leading_digits(name) == strspn(name, "0") &&
               strchr(".-_ ", name[story_leading_digits(name)])) {
        diag_add(d, DIAG_ERROR, path, 0, _("there is no page 0: page numbers go from 1 to "
                 "999, so this file is left out"));
    } else if (m != MEDIA_NONE && ascii_isdigit(name[0])) {
        diag_add(d, DIAG_WARNING, path, 0, _("this file is not used: a page file's name is "
                 "its page number (1 to 999) followed by '-', '_', '.' or a space"));
    }
}

static void story_scan_one(Story *s, const char *display, const char *name, Diags *d)
{
    int number = 0;
    StoryMedia m = story_classify(name, &number);
    if (m == MEDIA_NONE) {
        story_scan_other(s, display, name, d);
        return;
    }
    StoryPage *p = story_page(s, number);
    const char *plural;
    char **slot = p ? story_slot(p, m, &plural) : NULL;
    if (!slot)
        return;
    if (*slot) {
        char path[STORY_PATH_MAX];
        story_path(path, display, name);
        diag_add(d, DIAG_WARNING, path, 0, _("page %1$d has two %2$s, '%3$s' and '%4$s'; using '%5$s'"),
                 number, plural, *slot, name, *slot);
        return;
    }
    story_set(slot, name);
}

int story_scan(Story *s, const char *display, char *const *names, int n, Diags *d)
{
    story_init(s);
    if (n <= 0)
        return 0;
    const char **sorted = hb_malloc((size_t)n * sizeof *sorted);
    if (!sorted)
        return -1;
    memcpy(sorted, names, (size_t)n * sizeof *sorted);
    /* Sorted by name so that "the first by name is kept" holds whatever readdir gave. */
    qsort(sorted, (size_t)n, sizeof *sorted, story_name_cmp);
    for (int i = 0; i < n; i++)
        story_scan_one(s, display, sorted[i], d);
    free(sorted);
    return 0;
}
