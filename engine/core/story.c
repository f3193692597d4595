/* story — from a folder of pictures and recordings to a Story.
 *
 * Loading runs in four plain steps, each usable alone by tests and fuzzers:
 * story_scan() groups the folder's file names by their leading page number
 * (story_scan.c); story_apply_ini() lays story.ini's settings over that
 * (story_ini.c, its table of keys); story_load() then reads the words of every
 * page that story.ini did not already give words; story_finish() drops pages
 * that have nothing to show, sorts the pages and works out the timings, the
 * title and the cover. This file holds the last two, a Story's pages and the
 * helpers the parts share (story_parts.h).
 *
 * Nothing a story folder holds can stop loading: every surprise becomes a
 * diagnostic naming the file (and the story.ini line) in a parent's words, the
 * offending piece is left out, and the rest of the story carries on. Sizes are
 * bounded (the listing and the text files by files.h, page numbers by 999,
 * layers and hotspots by their arrays) and no parsing recurses. */
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
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------- helpers */

/* ASCII-only case-insensitive comparison (locale-independent on purpose). */
int story_casecmp(const char *a, const char *b)
{
    while (*a && ascii_tolower(*a) == ascii_tolower(*b))
        a++, b++;
    return (unsigned char)ascii_tolower(*a) - (unsigned char)ascii_tolower(*b);
}

/* Index of a word in a NULL-terminated table (case-insensitive), or -1. */
int story_lookup(const char *word, const char *const *table)
{
    for (int i = 0; table[i]; i++)
        if (story_casecmp(word, table[i]) == 0)
            return i;
    return -1;
}

void story_path(char *buf, const char *display, const char *file)
{
    snprintf(buf, STORY_PATH_MAX, "%s/%s", display, file);
}

/* Replace *dst by a copy of value (kept as it was if out of memory). */
void story_set(char **dst, const char *value)
{
    char *copy = hb_strdup(value);
    if (!copy)
        return;
    free(*dst);
    *dst = copy;
}

/* ---------------------------------------------------------------- pages */

void story_init(Story *s)
{
    s->music_volume = 0.25;
    s->hold = STORY_DEFAULT_HOLD;
    s->transition = TRANSITION_CROSSFADE;
    s->transition_time = STORY_DEFAULT_TRANSITION;
    s->motion.kind = MOTION_NONE;
}

static StoryPage *story_find_page(Story *s, int number)
{
    for (int i = 0; i < s->npages; i++)
        if (s->pages[i].number == number)
            return &s->pages[i];
    return NULL;
}

/* The page with this number, created empty when missing; NULL if out of memory. */
StoryPage *story_page(Story *s, int number)
{
    StoryPage *p = story_find_page(s, number);
    if (p || number < 1 || number > STORY_MAX_PAGES)
        return p;
    /* Capacity is implicit: 8, then doubling whenever npages reaches a power of two. */
    int n = s->npages;
    if (n == 0 || (n >= 8 && (n & (n - 1)) == 0)) {
        StoryPage *grown = hb_realloc(s->pages, (size_t)(n ? n * 2 : 8) * sizeof *grown);
        if (!grown)
            return NULL;
        s->pages = grown;
    }
    p = &s->pages[s->npages++];
    memset(p, 0, sizeof *p);
    p->number = number;
    p->hold = -1;
    p->motion.kind = MOTION_NONE;
    return p;
}

static void story_page_free(StoryPage *p)
{
    free(p->image);
    free(p->narration);
    free(p->text);
    free(p->vtt);
    free(p->words_file);
    for (int i = 0; i < p->nlayers; i++)
        free(p->layers[i].image);
    for (int i = 0; i < p->ntaps; i++)
        free(p->taps[i].sound);
    memset(p, 0, sizeof *p);
}

void story_free(Story *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->npages; i++)
        story_page_free(&s->pages[i]);
    free(s->pages);
    free(s->folder);
    free(s->name);
    free(s->title);
    free(s->author);
    free(s->language);
    free(s->credits);
    free(s->licence);
    free(s->cover);
    free(s->music);
    memset(s, 0, sizeof *s);
}

/* ---------------------------------------------------------------- words */

/* Copy of buf[0..len) as valid UTF-8: each bad byte becomes U+FFFD, NUL and
 * carriage returns are dropped (CRLF -> LF), and a leading byte-order mark goes. */
static char *story_clean_text(const char *buf, size_t len)
{
    if (len > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = hb_malloc(len * 3 + 1), *o = out;
    if (!out)
        return NULL;
    size_t i = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len) {
        uint32_t cp;
        int used = utf8_decode(buf + i, len - i, &cp);
        if (used <= 0)
            break;
        int bad = cp == UTF8_REPLACEMENT &&
                  !(used == 3 && memcmp(buf + i, "\xEF\xBF\xBD", 3) == 0);
        if (bad) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
        } else if (buf[i] == '\r') {
            if (i + 1 >= len || buf[i + 1] != '\n')
                *o++ = '\n';   /* an old Mac's line end (CR alone) is a line end */
        } else if (buf[i] != '\0') {
            memcpy(o, buf + i, (size_t)used);
            o += used;
        }
        i += (size_t)used;
    }
    *o = '\0';
    return out;
}

/* Trim surrounding white space in place; frees and returns NULL when nothing is left. */
static char *story_trim_words(char *text)
{
    if (!text)
        return NULL;
    char *start = text;
    while (ascii_isspace(*start))
        start++;
    size_t n = strlen(start);
    while (n > 0 && ascii_isspace(start[n - 1]))
        n--;
    memmove(text, start, n);
    text[n] = '\0';
    if (n == 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* A file that cannot be read is a warning, unless it is a link leading out of the
 * story (or not a file at all): that is a folder that is not safe as it is. */
static DiagLevel story_unreadable_level(FilesStatus st)
{
    return st == FILES_EUNSAFE ? DIAG_ERROR : DIAG_WARNING;
}

/* Read a page's .txt into its text. */
static void story_read_words(Story *s, StoryPage *p, const char *display, Diags *d)
{
    char path[STORY_PATH_MAX];
    unsigned char *data = NULL;
    size_t len = 0;
    story_path(path, display, p->words_file);
    FilesStatus st = files_read(s->folder, p->words_file, FILES_MAX_TEXT, &data, &len);
    if (st != FILES_OK) {
        diag_add(d, story_unreadable_level(st), path, 0, _("the words for page %1$d cannot be "
                 "read: the file %2$s"), p->number, files_status_text(st));
        return;
    }
    size_t bad = 0;
    char what[160];
    if (utf8_is_utf16(data, len)) {
        /* Notepad's "Unicode": read as what it is, not as bytes. */
        char *u = utf8_from_utf16(data, len);
        free(data);
        if (!u)
            return;
        diag_add(d, DIAG_WARNING, path, 0, _("the words are saved as UTF-16 text (Notepad's "
                 "\"Unicode\"); they are shown, but save the file as UTF-8"));
        p->text = story_trim_words(story_clean_text(u, strlen(u)));
        free(u);
        return;
    }
    /* A picture or a recording saved as .txt: not words. (Text in another
     * encoding is words, shown as well as it can be, below.) */
    SniffKind k = sniff_bytes(data, len < SNIFF_HEAD ? len : SNIFF_HEAD);
    if (k != SNIFF_UNKNOWN && k != SNIFF_EMPTY && k != SNIFF_TEXT &&
        sniff_not_text(data, len, what, sizeof what)) {
        diag_add(d, DIAG_WARNING, path, 0, _("the words for page %1$d are not text (%2$s); the "
                 "page is shown without them"), p->number, what);
        free(data);
        return;
    }
    if (!utf8_valid((const char *)data, len, &bad))
        diag_add(d, DIAG_WARNING, path, 0, _("the words are not saved as UTF-8 text (byte %zu), "
                 "so some letters will show as \xEF\xBF\xBD; save the file as UTF-8"), bad);
    p->text = story_trim_words(story_clean_text((const char *)data, len));
    free(data);
}

/* ---------------------------------------------------------------- finish */

/* name as UTF-8: a byte that is not part of a UTF-8 character is read as
 * Latin-1 (a folder named on an old system: "Ni\xf1o" is "Niño"), and a
 * control character is a space. malloc'ed. */
static char *story_utf8_name(const char *name)
{
    size_t len = strlen(name), o = 0;
    char *t = malloc(len * 2 + 1);
    if (!t)
        return NULL;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int n = utf8_decode(name + i, len - i, &cp);
        unsigned char c = (unsigned char)name[i];
        int invalid = n == 1 && c >= 0x80;     /* decoded as U+FFFD from one byte */
        if (!invalid && cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0)) {
            memcpy(t + o, name + i, (size_t)n);
            o += (size_t)n, i += (size_t)n;
        } else if (invalid && c >= 0xa0) {
            o += utf8_encode(t + o, c);        /* the Latin-1 letter it is */
            i++;
        } else {
            t[o++] = ' ';
            i += (size_t)n;
        }
    }
    t[o] = '\0';
    return t;
}

char *story_title_from_folder(const char *name)
{
    char *t = story_utf8_name(name ? name : "");
    if (!t)
        return NULL;
    for (char *c = t; *c; c++)
        if (*c == '-' || *c == '_')
            *c = ' ';
    t = story_trim_words(t);
    if (!t)
        return hb_strdup("");
    /* Only ASCII is capitalised: changing case of other scripts needs tables. */
    if (t[0] >= 'a' && t[0] <= 'z')
        t[0] = (char)(t[0] - 'a' + 'A');
    return t;
}

double story_reading_hold(const char *text)
{
    int words = 0;
    for (const char *c = text; c && *c; c++)
        if (!ascii_isspace(*c) && (c == text || ascii_isspace(c[-1])))
            words++;
    if (words == 0)
        return STORY_PICTURE_ONLY_HOLD;
    double t = words * STORY_WORD_SECONDS;
    return t < STORY_READ_MIN ? STORY_READ_MIN : t > STORY_READ_MAX ? STORY_READ_MAX : t;
}

double story_page_hold(const Story *s, const StoryPage *p)
{
    return p->hold >= 0 ? p->hold : s->hold;
}

static int story_page_cmp(const void *a, const void *b)
{
    return ((const StoryPage *)a)->number - ((const StoryPage *)b)->number;
}

/* The file most telling of a page, for messages about it. */
static const char *story_page_file(const StoryPage *p)
{
    return p->image ? p->image : p->narration ? p->narration : p->words_file ? p->words_file
         : p->vtt ? p->vtt : "story.ini";
}

/* Drop pages with neither picture nor words, each with an error. */
static void story_drop_empty(Story *s, const char *display, Diags *d)
{
    int kept = 0;
    for (int i = 0; i < s->npages; i++) {
        StoryPage *p = &s->pages[i];
        p->text = story_trim_words(p->text);
        if (p->image || p->text) {
            s->pages[kept++] = *p;
            continue;
        }
        char path[STORY_PATH_MAX];
        story_path(path, display, story_page_file(p));
        diag_add(d, DIAG_ERROR, path, 0, _("page %d has no picture and no words, so it is left "
                 "out"), p->number);
        story_page_free(p);
    }
    s->npages = kept;
}

/* Cut words longer than STORY_MAX_TEXT characters at a word boundary, with an
 * ellipsis, before anything lays them out: a megabyte of words for one page
 * would cost seconds and memory for a page nobody can read. */
static void story_cut_words(StoryPage *p, const char *display, Diags *d)
{
    size_t len = p->text ? strlen(p->text) : 0;
    size_t chars = p->text ? utf8_length(p->text, len) : 0;
    if (chars <= STORY_MAX_TEXT)
        return;
    size_t at = 0;
    for (size_t c = 0; c < STORY_MAX_TEXT && at < len; c++)
        at += (size_t)utf8_decode(p->text + at, len - at, NULL);
    size_t cut = at;
    while (cut > at / 2 && !ascii_isspace(p->text[cut]))
        cut--;                              /* back to the last word's end, if not too far */
    if (cut <= at / 2)
        cut = at;
    while (cut > 0 && ascii_isspace(p->text[cut - 1]))
        cut--;
    char *shown = hb_malloc(cut + 4);         /* a fresh copy also gives the megabyte back */
    if (!shown)
        return;
    memcpy(shown, p->text, cut);
    memcpy(shown + cut, "\xE2\x80\xA6", 4);  /* "…" and the NUL */
    free(p->text);
    p->text = shown;
    p->text_chars = chars;
    char path[STORY_PATH_MAX];
    int from_ini = p->text_line > 0 || !p->words_file; /* story.ini's text = wins */
    story_path(path, display, from_ini ? "story.ini" : p->words_file);
    diag_add(d, DIAG_WARNING, path, from_ini ? p->text_line : 0, _("the words for page %1$d are very long (%2$zu characters); "
             "only the first %3$d are shown"), p->number, chars, STORY_MAX_TEXT);
}

static void story_finish_page(Story *s, StoryPage *p, const char *display, Diags *d)
{
    story_cut_words(p, display, d);
    p->read_hold = p->hold >= 0 ? p->hold : story_reading_hold(p->text);
    if (!p->motion_set)
        p->motion = s->motion;
}

void story_finish(Story *s, const char *display, Diags *d)
{
    story_drop_empty(s, display, d);
    if (s->npages > 1)
        qsort(s->pages, (size_t)s->npages, sizeof *s->pages, story_page_cmp);
    for (int i = 0; i < s->npages; i++)
        story_finish_page(s, &s->pages[i], display, d);
    if (!s->title)
        s->title = story_title_from_folder(s->name ? s->name : display);
    for (int i = 0; !s->cover && i < s->npages; i++)
        if (s->pages[i].image)
            story_set(&s->cover, s->pages[i].image);
}

/* ---------------------------------------------------------------- load */

/* The folder's own name, for messages and titles ("." becomes the real name). */
static char *story_folder_name(const char *folder)
{
    char buf[1100];
    const char *base = files_basename(folder, buf, sizeof buf);
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || !*base) {
        char cwd[4096];
        if (strcmp(base, ".") == 0 && getcwd(cwd, sizeof cwd))
            return hb_strdup(files_basename(cwd, buf, sizeof buf));
        return hb_strdup(folder);
    }
    return hb_strdup(base);
}


static void story_read_ini(Story *s, const char *display, char **names, int n, Diags *d)
{
    for (int i = 0; i < n; i++) {
        if (story_casecmp(names[i], "story.ini") != 0)
            continue;
        char path[STORY_PATH_MAX];
        unsigned char *data = NULL;
        size_t len = 0;
        story_path(path, display, names[i]);
        FilesStatus st = files_read(s->folder, names[i], FILES_MAX_TEXT, &data, &len);
        if (st != FILES_OK) {
            diag_add(d, story_unreadable_level(st), path, 0, _("the settings cannot be read: "
                     "the file %s"), files_status_text(st));
            return;
        }
        char what[160];
        if (sniff_not_text(data, len, what, sizeof what)) {
            diag_add(d, DIAG_ERROR, path, 0, _("story.ini is not text (%s), so none of it is "
                     "used; the story plays with the usual settings"), what);
            free(data);
            return;
        }
        char *clean = story_clean_text((const char *)data, len);
        if (clean && !utf8_valid((const char *)data, len, NULL))
            diag_add(d, DIAG_WARNING, path, 0, _("the settings are not saved as UTF-8 text, so "
                     "some letters will show wrongly; save the file as UTF-8"));
        if (clean)
            story_apply_ini(s, display, clean, strlen(clean), d);
        free(clean);
        free(data);
        return;
    }
}

/* Words for a listed entry that is not a file ("is a folder, not a picture"). */
static const char *story_kind_text(FilesKind kind)
{
    switch (kind) {
    case FILES_KIND_FOLDER:     return _("is a folder");
    case FILES_KIND_FIFO:       return _("is a named pipe (FIFO)");
    case FILES_KIND_OTHER:      return _("is a device or a socket");
    case FILES_KIND_UNREADABLE: return _("cannot be looked at (permission denied)");
    default:                    return NULL;
    }
}

/* What a name is meant to be in a story ("a picture"), or NULL when a name
 * like it means nothing to the player (an "extras" folder is nobody's business). */
static const char *story_meant_as(const char *name)
{
    int page = 0;
    StoryMedia m = story_classify(name, &page);
    if (m == MEDIA_NONE && story_casecmp(name, "story.ini") == 0)
        return _("the settings file");
    if (m == MEDIA_NONE && !story_stem_is(name, "cover") && !story_stem_is(name, "music"))
        return NULL;
    switch (story_media_of(name)) {
    /* TRANSLATORS: what a file's name says it is meant to be, in "a folder,
       not a picture, so it is not used". */
    case MEDIA_PICTURE: return _("a picture");
    case MEDIA_AUDIO:   return _("a recording");
    case MEDIA_TEXT:    return _("a words file");
    case MEDIA_VTT:     return _("a timed-words file");
    default:            return NULL;
    }
}

/* Entries that are not files but carry a page file's, story.ini's, cover's or
 * music's name: named, instead of passed over in silence. */
static void story_scan_odd(const char *display, char **names, const unsigned char *kinds,
                           int n, Diags *d)
{
    for (int i = 0; i < n; i++) {
        const char *kind = story_kind_text((FilesKind)kinds[i]);
        const char *meant = kind ? story_meant_as(names[i]) : NULL;
        if (!meant)
            continue;
        char path[STORY_PATH_MAX];
        story_path(path, display, names[i]);
        if (kinds[i] == FILES_KIND_UNREADABLE)
            diag_add(d, DIAG_WARNING, path, 0, _("this file %s, so it is not used"), kind);
        else
            diag_add(d, DIAG_WARNING, path, 0, _("%1$s, not %2$s, so it is not used"), kind, meant);
    }
}

/* Does the story use this file anywhere (a page, a layer, a tap, cover, music)? */
static int story_uses(const Story *s, const char *name)
{
    if ((s->cover && !strcmp(s->cover, name)) || (s->music && !strcmp(s->music, name)))
        return 1;
    for (int i = 0; i < s->npages; i++) {
        const StoryPage *p = &s->pages[i];
        const char *files[] = { p->image, p->narration, p->vtt, p->words_file };
        for (int k = 0; k < 4; k++)
            if (files[k] && !strcmp(files[k], name))
                return 1;
        for (int k = 0; k < p->nlayers; k++)
            if (!strcmp(p->layers[k].image, name))
                return 1;
        for (int k = 0; k < p->ntaps; k++)
            if (!strcmp(p->taps[k].sound, name))
                return 1;
    }
    return 0;
}

/* Does name start with a digit of another script ("٠٢.png" typed on an
 * Arabic keyboard, "०३.png" on a Hindi one, fullwidth "０４.png")? */
static int story_foreign_digit(const char *name)
{
    static const uint32_t zeros[] = { 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6,
                                      0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50,
                                      0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0xFF10 };
    uint32_t cp;
    size_t len = strlen(name);
    if (!len || utf8_decode(name, len, &cp) < 2)
        return 0;
    for (size_t i = 0; i < sizeof zeros / sizeof zeros[0]; i++)
        if (cp >= zeros[i] && cp <= zeros[i] + 9)
            return 1;
    return 0;
}

/* "-1.png", "+2.png", " 3.png", "٠٢.png": meant as pages, but a page file's
 * name starts with its number in the digits 0 to 9; said once story.ini has
 * had its chance to name them. */
static void story_unused_numbers(const Story *s, const char *display, char **names,
                                 const unsigned char *kinds, int n, Diags *d)
{
    for (int i = 0; i < n; i++) {
        const char *name = names[i];
        size_t lead = strspn(name, "-+# ");
        int foreign = story_foreign_digit(name);
        if (kinds[i] > FILES_KIND_LINK || (!foreign && (lead == 0 || !ascii_isdigit(name[lead]))) ||
            story_media_of(name) == MEDIA_NONE || story_uses(s, name))
            continue;
        char path[STORY_PATH_MAX];
        story_path(path, display, name);
        if (foreign)
            diag_add(d, DIAG_WARNING, path, 0, _("this file is not used as a page, because its "
                     "number is not written with the digits 0 to 9: name it with those, like "
                     "01.png"));
        else
            diag_add(d, DIAG_WARNING, path, 0, _("this file is not used as a page, because its "
                     "name does not start with a number: page files are named by their page "
                     "number from 1 to 999, like 01.png"));
    }
}

/* Say why a folder cannot be opened or read, in words ("permission denied"). */
static void story_unreadable_folder(const char *display, int e, Diags *d)
{
    char why[128];
    snprintf(why, sizeof why, "%s", strerror(e ? e : EIO));
    if (why[0] >= 'A' && why[0] <= 'Z' && (why[1] < 'A' || why[1] > 'Z'))
        why[0] = (char)(why[0] - 'A' + 'a');   /* "Permission denied" -> "permission denied" */
    diag_add(d, DIAG_ERROR, display, 0, _("this story folder cannot be read (%s), so it "
             "cannot be played"), why);
}

int story_load(const char *folder, Story *s, Diags *d)
{
    long short_before = hb_mem_failures();
    memset(s, 0, sizeof *s);
    story_init(s);
    s->folder = hb_strdup(folder);
    s->name = story_folder_name(folder);
    if (!s->folder || !s->name) {
        diag_add(d, DIAG_ERROR, folder, 0, _("not enough memory to load this story"));
        return -1;
    }
    const char *display = s->name;
    char **names = NULL;
    unsigned char *kinds = NULL;
    int err = 0;
    int all = files_list_kinds(folder, &names, &kinds, &err);
    if (all < 0) {
        story_unreadable_folder(folder, errno, d);
        return -1;
    }
    /* Only files and links are a story's files; the rest is named, then set aside. */
    int n = 0, unreadable = 0;
    for (int i = 0; i < all; i++)
        unreadable += kinds[i] == FILES_KIND_UNREADABLE;
    if (unreadable < all)                  /* else one error below says it all */
        story_scan_odd(display, names, kinds, all, d);
    for (int i = 0; i < all; i++) {
        if (kinds[i] == FILES_KIND_FILE || kinds[i] == FILES_KIND_LINK) {
            char *keep = names[i];
            names[i] = names[n];
            names[n] = keep;
            kinds[i] = kinds[n];
            kinds[n++] = FILES_KIND_FILE;
        }
    }
    story_scan(s, display, names, n, d);
    story_read_ini(s, display, names, n, d);
    for (int i = 0; i < s->npages; i++)
        if (s->pages[i].words_file && !s->pages[i].text)
            story_read_words(s, &s->pages[i], display, d);
    story_finish(s, display, d);
    story_unused_numbers(s, display, names, kinds, n, d);
    files_list_free(names, all);
    free(kinds);
    /* A full memory drops what it must on the way (a page's words, a
     * setting) and goes on; the parents are told the story may not be whole. */
    if (hb_mem_failures() != short_before)
        diag_add(d, DIAG_WARNING, display, 0,
                 _("not enough memory to read all of this story; some of it may be missing"));
    if (s->npages == 0 && unreadable > 0 && unreadable == all) {
        story_unreadable_folder(display, err, d);
        return -1;
    }
    if (s->npages == 0) {
        diag_add(d, DIAG_ERROR, display, 0, _("this story has no pages: name the pictures by "
                 "their page number, like 01.png, 02.png"));
        return -1;
    }
    return 0;
}

void story_tell_missing(const Story *s, const char *name, const char *role, int page, int line,
                        DiagLevel level, Diags *d)
{
    char ini[1200], of[40] = "";
    snprintf(ini, sizeof ini, "%s/story.ini", s->name ? s->name : "");
    if (page > 0)
        snprintf(of, sizeof of, _(" of page %d"), page);
    diag_add(d, level, ini, line, _("'%1$s' (%2$s%3$s) is not in the folder"), name, role, of);
}

int story_named_there(const Story *s, const char *name, const char *role, int page, int line,
                      Diags *d)
{
    size_t size;
    if (!name || line <= 0 || !s->folder || files_size(s->folder, name, &size) != FILES_ENOENT)
        return 1;
    story_tell_missing(s, name, role, page, line, DIAG_WARNING, d);
    return 0;
}
