/* story — from a folder of pictures and recordings to a Story.
 *
 * Loading runs in four plain steps, each usable alone by tests and fuzzers:
 * story_scan() groups the folder's file names by their leading page number;
 * story_apply_ini() lays story.ini's settings over that; story_load() then
 * reads the words of every page that story.ini did not already give words;
 * story_finish() drops pages that have nothing to show, sorts the pages and
 * works out the timings, the title and the cover.
 *
 * Nothing a story folder holds can stop loading: every surprise becomes a
 * diagnostic naming the file (and the story.ini line) in a parent's words, the
 * offending piece is left out, and the rest of the story carries on. Sizes are
 * bounded (the listing and the text files by files.h, page numbers by 999,
 * layers and hotspots by their arrays) and no parsing recurses. */
#include "story.h"
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

#define STORY_PATH_MAX   1200   /* "folder/file" for messages (names are <= 1024) */
#define STORY_KEY_MAX    64     /* longer keys get no suggestion */
#define STORY_HOLD_MAX   600.0  /* seconds; more is surely a typing mistake */
#define STORY_TRANS_MAX  10.0

const char *const story_story_keys[] = {
    "title", "author", "language", "cover", "music", "music-volume", "hold",
    "transition", "transition-time", "motion", "credits", "licence", NULL
};
const char *const story_page_keys[] = {
    "image", "narration", "text", "vtt", "hold", "motion", "layer", "tap", NULL
};

static const char *const story_motion_names[] = {
    "none", "gentle", "zoom-in", "zoom-out", "pan-left", "pan-right", "pan-up",
    "pan-down", NULL
};
static const char *const story_effect_names[] = {
    "twinkle", "drift", "sway", "breathe", NULL
};
static const char *const story_transition_names[] = {
    "crossfade", "fade-through-black", "none", NULL
};

/* ---------------------------------------------------------------- helpers */

/* ASCII-only case-insensitive comparison (locale-independent on purpose). */
static int story_casecmp(const char *a, const char *b)
{
    while (*a && ascii_tolower(*a) == ascii_tolower(*b))
        a++, b++;
    return (unsigned char)ascii_tolower(*a) - (unsigned char)ascii_tolower(*b);
}

/* Index of a word in a NULL-terminated table (case-insensitive), or -1. */
static int story_lookup(const char *word, const char *const *table)
{
    for (int i = 0; table[i]; i++)
        if (story_casecmp(word, table[i]) == 0)
            return i;
    return -1;
}

static void story_path(char *buf, const char *display, const char *file)
{
    snprintf(buf, STORY_PATH_MAX, "%s/%s", display, file);
}

/* Replace *dst by a copy of value (kept as it was if out of memory). */
static void story_set(char **dst, const char *value)
{
    char *copy = hb_strdup(value);
    if (!copy)
        return;
    free(*dst);
    *dst = copy;
}

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
static int story_stem_is(const char *name, const char *stem)
{
    size_t n = strlen(stem);
    for (size_t i = 0; i < n; i++)
        if (ascii_tolower(name[i]) != stem[i])
            return 0;
    return name[n] == '.' && strchr(name + n + 1, '.') == NULL;
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
static StoryPage *story_page(Story *s, int number)
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
static int story_phone_recording(const char *name)
{
    static const char *const exts[] = { "m4a", "3gp", "aac", "amr", NULL };
    const char *dot = strrchr(name, '.');
    return dot && dot != name && story_lookup(dot + 1, exts) >= 0;
}

/* Is this a phone's photo format (by its extension), which the player cannot show? */
static int story_phone_photo(const char *name)
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
        diag_add(d, DIAG_WARNING, path, 0, "this is %s; to use it, put its page number at "
                 "the start of its name (like 03-%s) and check again for the command that "
                 "converts it", what, name);
        return;
    }
    snprintf(file, sizeof file, "%s%s%s", folder,
             folder[0] && folder[strlen(folder) - 1] == '/' ? "" : "/", name);
    diag_add(d, DIAG_WARNING, path, 0, "this is %s; convert it with: hushabye-story import "
             "%s %s", what, esc_shell_arg(folder, qfolder, sizeof qfolder),
             esc_shell_arg(file, qfile, sizeof qfile));
}

/* A page file whose number has more than 3 digits: "0001.png" is not over 999,
 * so say what is true of it (too many digits), and of "1000.png" (over 999). */
static void story_too_many_digits(const char *path, const char *name, Diags *d)
{
    size_t digits = strspn(name, "0123456789"), zeros = strspn(name, "0");
    if (digits == zeros)
        diag_add(d, DIAG_ERROR, path, 0, "there is no page 0: page numbers go from 1 to "
                 "999, so this file is left out");
    else if (digits - zeros <= 3)
        diag_add(d, DIAG_ERROR, path, 0, "page numbers have 1 to 3 digits, and '%.*s' has "
                 "%zu, so this file is left out; name it like %03d%s", (int)digits, name,
                 digits, atoi(name + zeros), name + digits);
    else
        diag_add(d, DIAG_ERROR, path, 0, "page numbers go from 1 to " LIMIT_STR(LIMIT_STORY_PAGES)
                 " (1 to 3 digits; a story can have at most " LIMIT_STR(LIMIT_STORY_PAGES)
                 " pages), and '%.*s' has %zu digits, so this file is left out",
                 digits > 20 ? 20 : (int)digits, name, digits);
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
            diag_add(d, DIAG_WARNING, path, 0, "there are two covers, '%s' and '%s'; "
                     "using '%s'", s->cover, name, s->cover);
        else
            story_set(&s->cover, name);
    } else if (m == MEDIA_AUDIO && story_stem_is(name, "music")) {
        if (s->music)
            diag_add(d, DIAG_WARNING, path, 0, "there are two music files, '%s' and "
                     "'%s'; using '%s'", s->music, name, s->music);
        else
            story_set(&s->music, name);
    } else if (m != MEDIA_NONE && story_leading_digits(name) > 3) {
        story_too_many_digits(path, name, d);
    } else if (m == MEDIA_NONE && story_page_like(name)) {
        diag_add(d, DIAG_WARNING, path, 0, "this file is not used: a page's files are "
                 "pictures (png, jpg, webp, svg), recordings (ogg, opus, wav, mp3, flac), "
                 "words (.txt) or timed words (.vtt)");
    } else if (m != MEDIA_NONE && story_leading_digits(name) > 0 &&
               (size_t)story_leading_digits(name) == strspn(name, "0") &&
               strchr(".-_ ", name[story_leading_digits(name)])) {
        diag_add(d, DIAG_ERROR, path, 0, "there is no page 0: page numbers go from 1 to "
                 "999, so this file is left out");
    } else if (m != MEDIA_NONE && ascii_isdigit(name[0])) {
        diag_add(d, DIAG_WARNING, path, 0, "this file is not used: a page file's name is "
                 "its page number (1 to 999) followed by '-', '_', '.' or a space");
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
        diag_add(d, DIAG_WARNING, path, 0, "page %d has two %s, '%s' and '%s'; using '%s'",
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

/* ---------------------------------------------------------------- values */

/* Parse "x,y,w,h" (picture fractions) from text[0..len); the rectangle must lie
 * inside the picture and have a size. */
static int story_parse_rect(const char *text, size_t len, StoryRect *r)
{
    char buf[128];
    double v[4];
    if (len >= sizeof buf)
        return -1;
    memcpy(buf, text, len);
    buf[len] = '\0';
    char *p = buf;
    for (int i = 0; i < 4; i++) {
        char *comma = strchr(p, ',');
        if ((i < 3) != (comma != NULL))
            return -1;
        if (comma)
            *comma = '\0';
        if (ini_decimal(p, &v[i]) != 0)
            return -1;
        p = comma ? comma + 1 : p;
    }
    const double eps = 1e-6;
    if (v[0] > 1 || v[1] > 1 || v[2] <= 0 || v[3] <= 0 ||
        v[0] + v[2] > 1 + eps || v[1] + v[3] > 1 + eps)
        return -1;
    *r = (StoryRect){ (float)v[0], (float)v[1], (float)v[2], (float)v[3] };
    return 0;
}

int story_parse_motion(const char *value, StoryMotion *out)
{
    char word[32];
    size_t n = strlen(value);
    while (n > 0 && ascii_isspace(value[n - 1]))
        n--;
    while (n > 0 && ascii_isspace(*value))
        value++, n--;
    if (n < sizeof word) {
        memcpy(word, value, n);
        word[n] = '\0';
        int k = story_lookup(word, story_motion_names);
        if (k >= 0) {
            *out = (StoryMotion){ .kind = (StoryMotionKind)k };
            return 0;
        }
    }
    const char *arrow = memchr(value, '>', n);
    StoryMotion m = { .kind = MOTION_RECTS };
    if (!arrow || memchr(arrow + 1, '>', n - (size_t)(arrow - value) - 1) ||
        story_parse_rect(value, (size_t)(arrow - value), &m.from) != 0 ||
        story_parse_rect(arrow + 1, n - (size_t)(arrow - value) - 1, &m.to) != 0)
        return -1;
    *out = m;
    return 0;
}

/* Optimal string alignment distance (edits, counting a swap of neighbours as one). */
static int story_distance(const char *a, const char *b)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    int dist[STORY_KEY_MAX + 1][STORY_KEY_MAX + 1];
    for (int i = 0; i <= la; i++)
        dist[i][0] = i;
    for (int j = 0; j <= lb; j++)
        dist[0][j] = j;
    for (int i = 1; i <= la; i++) {
        for (int j = 1; j <= lb; j++) {
            int cost = ascii_tolower(a[i - 1]) != ascii_tolower(b[j - 1]);
            int best = dist[i - 1][j - 1] + cost;
            if (dist[i - 1][j] + 1 < best)
                best = dist[i - 1][j] + 1;
            if (dist[i][j - 1] + 1 < best)
                best = dist[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                dist[i - 2][j - 2] + 1 < best)
                best = dist[i - 2][j - 2] + 1;
            dist[i][j] = best;
        }
    }
    return dist[la][lb];
}

const char *story_suggest(const char *key, const char *const *known)
{
    size_t len = key ? strlen(key) : 0;
    if (len == 0 || len > STORY_KEY_MAX)
        return NULL;
    int limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    const char *best = NULL;
    int best_d = limit + 1;
    for (int i = 0; known[i]; i++) {
        if (strlen(known[i]) > STORY_KEY_MAX)
            continue;
        int dd = story_distance(key, known[i]);
        if (dd < best_d) {
            best_d = dd;
            best = known[i];
        }
    }
    return best;
}

/* ---------------------------------------------------------------- story.ini */

enum { INI_IN_STORY, INI_IN_PAGE, INI_IN_SKIP };

typedef struct {
    Story *s;
    Diags *d;
    char path[STORY_PATH_MAX];   /* "folder/story.ini" */
    int where;                   /* INI_IN_* */
    int page;                    /* page number when INI_IN_PAGE */
} IniCtx;

typedef void (*StoryKeyFn)(IniCtx *c, StoryPage *p, const char *key, const char *value,
                           int line);

typedef struct {
    const char *key;
    StoryKeyFn fn;
} StoryKey;

static void ini_warn_value(IniCtx *c, int line, const char *key, const char *value,
                           const char *expected, const char *fallback)
{
    diag_add(c->d, DIAG_WARNING, c->path, line, "'%s = %s' is not %s; %s", key, value,
             expected, fallback);
}

/* A file name from story.ini: safe, and of the expected kind. 0 and *dst set if good. */
/* story.ini names a phone recording or an iPhone photo for a page: the command
 * that converts it into the page's own file, then the line to delete (it
 * would name a file set aside), both as a parent can paste and follow them. */
static void ini_convert_advice(IniCtx *c, const char *key, const char *value, int line)
{
    char file[4400], qfolder[ESC_NAME_MAX], qfile[ESC_NAME_MAX];
    const char *folder = c->s->folder ? c->s->folder : ".";
    snprintf(file, sizeof file, "%s%s%s", folder,
             folder[0] && folder[strlen(folder) - 1] == '/' ? "" : "/", value);
    diag_add(c->d, DIAG_WARNING, c->path, line, "'%s' for '%s' is %s; convert it with: "
             "hushabye-story import %s --page %d %s, then delete line %d of %s", value, key,
             strcmp(key, "image") == 0 ? "an iPhone photo (HEIC), which the player cannot show"
             : "a phone recording, which the player cannot play",
             esc_shell_arg(folder, qfolder, sizeof qfolder), c->page,
             esc_shell_arg(file, qfile, sizeof qfile), line, c->path);
}

static int ini_file(IniCtx *c, const char *key, const char *value, int line,
                    StoryMedia want, char **dst)
{
    static const char *const kinds[] = {
        "", "a picture (png, jpg, webp or svg)", "a recording (ogg, opus, wav, mp3 or flac)",
        "a words file (.txt)", "a timed-words file (.vtt)"
    };
    if (!files_name_is_safe(value)) {
        diag_add(c->d, DIAG_ERROR, c->path, line, "'%s' is not a file inside the story "
                 "folder, so '%s' is ignored", value, key);
        return -1;
    }
    if (story_media_of(value) != want && c->where == INI_IN_PAGE &&
        ((want == MEDIA_AUDIO && story_phone_recording(value)) ||
         (want == MEDIA_PICTURE && story_phone_photo(value)))) {
        ini_convert_advice(c, key, value, line);
        return -1;
    }
    if (story_media_of(value) != want) {
        diag_add(c->d, DIAG_WARNING, c->path, line, "'%s' for '%s' should be %s, so it is "
                 "ignored", value, key, kinds[want]);
        return -1;
    }
    if (dst)
        story_set(dst, value);
    return 0;
}

/* Seconds within [0, max]; *out untouched and a warning when not. */
static void ini_time(IniCtx *c, const char *key, const char *value, int line, double max,
                     double *out, const char *fallback)
{
    double v;
    if (ini_seconds(value, &v) != 0)
        ini_warn_value(c, line, key, value, "a number of seconds (like 1.5 or 2s)", fallback);
    else if (v > max)
        diag_add(c->d, DIAG_WARNING, c->path, line, "'%s = %s' is too long (at most %g "
                 "seconds); %s", key, value, max, fallback);
    else
        *out = v;
}

static void key_title(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    char **dst = strcmp(key, "title") == 0 ? &c->s->title
               : strcmp(key, "author") == 0 ? &c->s->author
               : strcmp(key, "credits") == 0 ? &c->s->credits
               : strcmp(key, "licence") == 0 ? &c->s->licence : &c->s->language;
    story_set(dst, v);
}

static void key_cover(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    if (strcmp(key, "cover") == 0) {
        if (ini_file(c, key, v, line, MEDIA_PICTURE, &c->s->cover) == 0)
            c->s->cover_line = line;
    } else if (ini_file(c, key, v, line, MEDIA_AUDIO, &c->s->music) == 0) {
        c->s->music_line = line;
    }
}

static void key_volume(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    if (ini_percent(v, &c->s->music_volume) != 0)
        ini_warn_value(c, line, key, v, "a volume from 0% to 100%", "using 25%");
}

static void key_hold(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    if (p)
        ini_time(c, key, v, line, STORY_HOLD_MAX, &p->hold, "using the usual timing");
    else
        ini_time(c, key, v, line, STORY_HOLD_MAX, &c->s->hold, "using 1.5 seconds");
}

static void key_transition(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    int k = story_lookup(v, story_transition_names);
    if (k >= 0) {
        c->s->transition = (StoryTransition)k;
        return;
    }
    const char *hint = story_suggest(v, story_transition_names);
    diag_add(c->d, DIAG_WARNING, c->path, line, "'transition = %s' is not one of crossfade, "
             "fade-through-black or none%s%s%s; using crossfade", v,
             hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
}

static void key_transition_time(IniCtx *c, StoryPage *p, const char *key, const char *v,
                                int line)
{
    ini_time(c, key, v, line, STORY_TRANS_MAX, &c->s->transition_time, "using 1.2 seconds");
}

/* What the player makes of a move's rectangle, told when it is not what was
 * written: it keeps the picture's shape (a rectangle whose width and height
 * fractions are equal), and zooms in at most 4 times (motion.c). */
static void motion_rect_note(IniCtx *c, int line, const char *which, StoryRect r)
{
    double side = r.w > r.h ? r.w : r.h, differ = (double)r.w - (double)r.h;
    if (side < 0.25)
        diag_add(c->d, DIAG_WARNING, c->path, line, "the %s rectangle %g,%g,%g,%g is "
                 "smaller than a quarter of the picture, so the move stops at a quarter "
                 "(4 times closer), around the same middle", which, (double)r.x,
                 (double)r.y, (double)r.w, (double)r.h);
    else if (differ > 0.01 || differ < -0.01)
        diag_add(c->d, DIAG_WARNING, c->path, line, "the %s rectangle %g,%g,%g,%g is not "
                 "the picture's shape (its width and height differ), so %g by %g around "
                 "the same middle is shown", which, (double)r.x, (double)r.y, (double)r.w,
                 (double)r.h, side, side);
}

static void key_motion(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    StoryMotion m;
    if (story_parse_motion(v, &m) != 0) {
        ini_warn_value(c, line, key, v, "a motion (none, gentle, zoom-in, zoom-out, "
                       "pan-left, pan-right, pan-up, pan-down, or two rectangles "
                       "like 0,0,1,1 > 0.2,0.1,0.6,0.6)", "no motion is used");
        return;
    }
    if (m.kind == MOTION_RECTS) {
        motion_rect_note(c, line, "first", m.from);
        motion_rect_note(c, line, "second", m.to);
    }
    if (p) {
        p->motion = m;
        p->motion_set = 1;
    } else {
        c->s->motion = m;
    }
}

static void key_page_file(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    /* The line is kept with the name: a missing file is told with its line. */
    if (strcmp(key, "image") == 0) {
        if (ini_file(c, key, v, line, MEDIA_PICTURE, &p->image) == 0)
            p->image_line = line;
    } else if (strcmp(key, "narration") == 0) {
        if (ini_file(c, key, v, line, MEDIA_AUDIO, &p->narration) == 0)
            p->narration_line = line;
    } else if (ini_file(c, key, v, line, MEDIA_VTT, &p->vtt) == 0) {
        p->vtt_line = line;
    }
}

static void key_text(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    story_set(&p->text, v);
}

/* "stars.png twinkle": a picture and an effect (twinkle when left out). */
static void key_layer(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    char file[1100];
    int effect = 0;
    const char *sp = strrchr(v, ' ');
    const char *tab = strrchr(v, '\t');
    sp = tab > sp ? tab : sp;
    if (strlen(v) >= sizeof file) {
        ini_warn_value(c, line, key, v, "a picture and an effect", "it is ignored");
        return;
    }
    strcpy(file, v);
    if (sp && (effect = story_lookup(sp + 1, story_effect_names)) >= 0) {
        file[sp - v] = '\0';
        while (file[0] && ascii_isspace(file[strlen(file) - 1]))
            file[strlen(file) - 1] = '\0';
    } else if (story_media_of(v) == MEDIA_PICTURE || !sp) {
        effect = 0;
    } else {
        const char *hint = story_suggest(sp + 1, story_effect_names);
        diag_add(c->d, DIAG_WARNING, c->path, line, "'%s' is not an effect (twinkle, drift, "
                 "sway or breathe)%s%s%s, so this layer is ignored", sp + 1,
                 hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
        return;
    }
    if (p->nlayers >= STORY_MAX_LAYERS) {
        diag_add(c->d, DIAG_WARNING, c->path, line, "a page can have at most %d layers, so "
                 "this one is ignored", STORY_MAX_LAYERS);
        return;
    }
    char *image = NULL;
    if (ini_file(c, key, file, line, MEDIA_PICTURE, &image) != 0)
        return;
    p->layers[p->nlayers++] = (StoryLayer){ image, (StoryEffect)effect, line };
}

/* "0.62,0.30,0.12,0.15 hoot.ogg": a hotspot and the sound it makes. */
static void key_tap(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    StoryTap t = { { 0, 0, 0, 0 }, NULL, 0 };
    size_t rect_len = strcspn(v, " \t");
    const char *file = v + rect_len;
    while (ascii_isspace(*file))
        file++;
    if (story_parse_rect(v, rect_len, &t.area) != 0 || !*file) {
        ini_warn_value(c, line, key, v, "a place on the picture and a sound (like "
                       "0.62,0.30,0.12,0.15 hoot.ogg, fractions from 0 to 1)", "it is ignored");
        return;
    }
    if (p->ntaps >= STORY_MAX_TAPS) {
        diag_add(c->d, DIAG_WARNING, c->path, line, "a page can have at most %d tap "
                 "sounds, so this one is ignored", STORY_MAX_TAPS);
        return;
    }
    if (ini_file(c, key, file, line, MEDIA_AUDIO, &t.sound) != 0)
        return;
    t.line = line;
    p->taps[p->ntaps++] = t;
}

static const StoryKey story_keys_story[] = {
    { "title", key_title }, { "author", key_title }, { "language", key_title },
    { "credits", key_title }, { "licence", key_title },
    { "cover", key_cover }, { "music", key_cover }, { "music-volume", key_volume },
    { "hold", key_hold }, { "transition", key_transition },
    { "transition-time", key_transition_time }, { "motion", key_motion }, { NULL, NULL }
};

static const StoryKey story_keys_page[] = {
    { "image", key_page_file }, { "narration", key_page_file }, { "vtt", key_page_file },
    { "text", key_text }, { "hold", key_hold }, { "motion", key_motion },
    { "layer", key_layer }, { "tap", key_tap }, { NULL, NULL }
};

static StoryKeyFn story_key_fn(const StoryKey *table, const char *key)
{
    for (int i = 0; table[i].key; i++)
        if (strcmp(table[i].key, key) == 0)
            return table[i].fn;
    return NULL;
}

static void ini_unknown_key(IniCtx *c, const char *key, int line)
{
    int in_page = c->where == INI_IN_PAGE;
    const char *const *known = in_page ? story_page_keys : story_story_keys;
    const char *const *other = in_page ? story_story_keys : story_page_keys;
    if (story_lookup(key, other) >= 0) {
        diag_add(c->d, DIAG_WARNING, c->path, line, "'%s' belongs in %s, not here, so it "
                 "is ignored", key, in_page ? "[story]" : "a [page N] section");
        return;
    }
    const char *hint = story_suggest(key, known);
    if (hint)
        diag_add(c->d, DIAG_WARNING, c->path, line, "unknown key '%s' (did you mean '%s'?)",
                 key, hint);
    else
        diag_add(c->d, DIAG_WARNING, c->path, line, "unknown key '%s'", key);
}

static void ini_entry(IniCtx *c, const char *key, const char *value, int line)
{
    if (c->where == INI_IN_SKIP)
        return;
    StoryPage *p = NULL;
    StoryKeyFn fn = story_key_fn(c->where == INI_IN_PAGE ? story_keys_page
                                                         : story_keys_story, key);
    if (!fn) {
        ini_unknown_key(c, key, line);
        return;
    }
    if (!*value) {
        diag_add(c->d, DIAG_WARNING, c->path, line, "'%s' has no value, so it is ignored",
                 key);
        return;
    }
    if (c->where == INI_IN_PAGE && !(p = story_page(c->s, c->page)))
        return;
    fn(c, p, key, value, line);
}

/* "page 12" -> 12; 0 when it is meant as a page section but names no page from
 * 1 to 999 ("page -1", "page 0", "page 1000", "page abc", "page", "page1"), -1
 * when it is no page section at all. */
static int ini_page_number(const char *section)
{
    if (strncmp(section, "page", 4) != 0)
        return -1;
    const char *p = section + 4;
    if (*p && !ascii_isspace(*p) && !ascii_isdigit(*p) && !strchr("-+#=:", *p))
        return -1;                         /* "pages", "pagex": some other word */
    if (!ascii_isspace(*p))
        return 0;                          /* "page", "page1", "page-1": not [page N] */
    while (ascii_isspace(*p))
        p++;
    int n = 0, digits = 0;
    for (; ascii_isdigit(*p); p++, digits++)
        if (n < 10000)                     /* leading zeros are fine: "page 007" */
            n = n * 10 + (*p - '0');
    if (digits == 0 || *p)
        return 0;
    return n < 1 || n > STORY_MAX_PAGES ? 0 : n;
}

static void ini_section(IniCtx *c, const char *name, int line)
{
    int page = ini_page_number(name);
    c->where = INI_IN_SKIP;
    if (strcmp(name, "story") == 0) {
        c->where = INI_IN_STORY;
    } else if (page > 0) {
        c->where = INI_IN_PAGE;
        c->page = page;
    } else if (page == 0) {
        diag_add(c->d, DIAG_ERROR, c->path, line, "'[%s]' is not a page section: page "
                 "sections are [page N] with N a number from 1 to 999, so its settings are "
                 "ignored", name);
    } else {
        static const char *const sections[] = { "story", "page", NULL };
        char first[STORY_KEY_MAX + 1];
        size_t n = strcspn(name, " \t");
        snprintf(first, sizeof first, "%.*s", (int)(n < STORY_KEY_MAX ? n : STORY_KEY_MAX),
                 name);
        const char *hint = story_suggest(first, sections);
        if (hint && strcmp(hint, "story") == 0 && strcmp(first, "story") == 0)
            diag_add(c->d, DIAG_WARNING, c->path, line, "unknown section '[%s]' (did you "
                     "mean '[story]'?), so its settings are ignored", name);
        else if (hint && strcmp(hint, "page") == 0)
            diag_add(c->d, DIAG_WARNING, c->path, line, "unknown section '[%s]' (did you "
                     "mean '[page%s]'? page sections are [page N] with N from 1 to 999), so "
                     "its settings are ignored", name, name + n);
        else if (hint)
            diag_add(c->d, DIAG_WARNING, c->path, line, "unknown section '[%s]' (did you "
                     "mean '[%s%s]'?), so its settings are ignored", name, hint, name + n);
        else
            diag_add(c->d, DIAG_WARNING, c->path, line, "unknown section '[%s]', so its "
                     "settings are ignored", name);
    }
}

static int ini_story_handler(void *ud, IniKind kind, const char *section, const char *key,
                             const char *value, int line)
{
    IniCtx *c = ud;
    if (kind == INI_SECTION)
        ini_section(c, key, line);
    else if (kind == INI_ENTRY)
        ini_entry(c, key, value, line);
    else
        diag_add(c->d, DIAG_WARNING, c->path, line, "'%.60s' is not a setting (key = value) "
                 "or a [section], so it is ignored", key);
    return 0;
}

void story_apply_ini(Story *s, const char *display, const char *buf, size_t len, Diags *d)
{
    IniCtx *c = hb_calloc(1, sizeof *c);
    if (!c)
        return;
    c->s = s;
    c->d = d;
    c->where = INI_IN_STORY;   /* settings before any [section] count as [story] */
    story_path(c->path, display, "story.ini");
    if (ini_parse(buf, len, ini_story_handler, c) < 0)
        diag_add(d, DIAG_WARNING, c->path, 0, "not enough memory to read the settings");
    free(c);
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
        } else if (buf[i] != '\0' && buf[i] != '\r') {
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
        diag_add(d, story_unreadable_level(st), path, 0, "the words for page %d cannot be "
                 "read: the file %s", p->number, files_status_text(st));
        return;
    }
    size_t bad = 0;
    if (!utf8_valid((const char *)data, len, &bad))
        diag_add(d, DIAG_WARNING, path, 0, "the words are not saved as UTF-8 text (byte %zu), "
                 "so some letters will show as \xEF\xBF\xBD; save the file as UTF-8", bad);
    p->text = story_trim_words(story_clean_text((const char *)data, len));
    free(data);
}

/* ---------------------------------------------------------------- finish */

char *story_title_from_folder(const char *name)
{
    char *t = hb_strdup(name ? name : "");
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
        diag_add(d, DIAG_ERROR, path, 0, "page %d has no picture and no words, so it is left "
                 "out", p->number);
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
    char path[STORY_PATH_MAX];
    story_path(path, display, p->words_file ? p->words_file : "story.ini");
    diag_add(d, DIAG_WARNING, path, 0, "the words for page %d are very long (%zu characters); "
             "only the first %d are shown", p->number, chars, STORY_MAX_TEXT);
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

/* Is buf (a story.ini) not text at all: a known binary format by its first
 * bytes, NUL bytes, or mostly bytes that are neither UTF-8 nor ordinary text?
 * Then *what says what it looks like, and the file is one error rather than a
 * page of warnings about lines that were never settings. */
static int story_ini_binary(const unsigned char *buf, size_t len, char *what, size_t wlen)
{
    SniffKind k = sniff_bytes(buf, len < SNIFF_HEAD ? len : SNIFF_HEAD);
    if (k != SNIFF_UNKNOWN && k != SNIFF_EMPTY && k != SNIFF_TEXT) {
        const char *name = sniff_name(k);
        snprintf(what, wlen, "it looks like %.*s", (int)strcspn(name, ";,"), name);
        return 1;
    }
    size_t odd = 0, look = len < 65536 ? len : 65536, i = 0;
    while (i < look) {
        uint32_t cp;
        int used = utf8_decode((const char *)buf + i, look - i, &cp);
        if (buf[i] == '\0') {
            snprintf(what, wlen, "it holds NUL bytes, so it is not a text file");
            return 1;
        }
        int bad = cp == UTF8_REPLACEMENT && used == 1;
        odd += bad || (cp < 0x20 && !strchr("\t\r\n\f", (int)cp)) || cp == 0x7F;
        i += (size_t)(used > 0 ? used : 1);
    }
    if (look >= 16 && odd * 10 > look) {
        snprintf(what, wlen, "%zu of its first %zu bytes are not letters", odd, look);
        return 1;
    }
    return 0;
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
            diag_add(d, story_unreadable_level(st), path, 0, "the settings cannot be read: "
                     "the file %s", files_status_text(st));
            return;
        }
        char what[160];
        if (story_ini_binary(data, len, what, sizeof what)) {
            diag_add(d, DIAG_ERROR, path, 0, "story.ini is not text (%s), so none of it is "
                     "used; the story plays with the usual settings", what);
            free(data);
            return;
        }
        char *clean = story_clean_text((const char *)data, len);
        if (clean && !utf8_valid((const char *)data, len, NULL))
            diag_add(d, DIAG_WARNING, path, 0, "the settings are not saved as UTF-8 text, so "
                     "some letters will show wrongly; save the file as UTF-8");
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
    case FILES_KIND_FOLDER:     return "is a folder";
    case FILES_KIND_FIFO:       return "is a named pipe (FIFO)";
    case FILES_KIND_OTHER:      return "is a device or a socket";
    case FILES_KIND_UNREADABLE: return "cannot be looked at (permission denied)";
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
        return "the settings file";
    if (m == MEDIA_NONE && !story_stem_is(name, "cover") && !story_stem_is(name, "music"))
        return NULL;
    switch (story_media_of(name)) {
    case MEDIA_PICTURE: return "a picture";
    case MEDIA_AUDIO:   return "a recording";
    case MEDIA_TEXT:    return "a words file";
    case MEDIA_VTT:     return "a timed-words file";
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
            diag_add(d, DIAG_WARNING, path, 0, "this file %s, so it is not used", kind);
        else
            diag_add(d, DIAG_WARNING, path, 0, "%s, not %s, so it is not used", kind, meant);
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

/* "-1.png", "+2.png", " 3.png": meant as pages, but a page file's name starts
 * with its number; said once story.ini has had its chance to name them. */
static void story_unused_numbers(const Story *s, const char *display, char **names,
                                 const unsigned char *kinds, int n, Diags *d)
{
    for (int i = 0; i < n; i++) {
        const char *name = names[i];
        size_t lead = strspn(name, "-+# ");
        if (kinds[i] > FILES_KIND_LINK || lead == 0 || !ascii_isdigit(name[lead]) ||
            story_media_of(name) == MEDIA_NONE || story_uses(s, name))
            continue;
        char path[STORY_PATH_MAX];
        story_path(path, display, name);
        diag_add(d, DIAG_WARNING, path, 0, "this file is not used as a page, because its "
                 "name does not start with a number: page files are named by their page "
                 "number from 1 to 999, like 01.png");
    }
}

/* Say why a folder cannot be opened or read, in words ("permission denied"). */
static void story_unreadable_folder(const char *display, int e, Diags *d)
{
    char why[128];
    snprintf(why, sizeof why, "%s", strerror(e ? e : EIO));
    if (why[0] >= 'A' && why[0] <= 'Z' && (why[1] < 'A' || why[1] > 'Z'))
        why[0] = (char)(why[0] - 'A' + 'a');   /* "Permission denied" -> "permission denied" */
    diag_add(d, DIAG_ERROR, display, 0, "this story folder cannot be read (%s), so it "
             "cannot be played", why);
}

int story_load(const char *folder, Story *s, Diags *d)
{
    long short_before = hb_mem_failures();
    memset(s, 0, sizeof *s);
    story_init(s);
    s->folder = hb_strdup(folder);
    s->name = story_folder_name(folder);
    if (!s->folder || !s->name) {
        diag_add(d, DIAG_ERROR, folder, 0, "not enough memory to load this story");
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
                 "not enough memory to read all of this story; some of it may be missing");
    if (s->npages == 0 && unreadable > 0 && unreadable == all) {
        story_unreadable_folder(display, err, d);
        return -1;
    }
    if (s->npages == 0) {
        diag_add(d, DIAG_ERROR, display, 0, "this story has no pages: name the pictures by "
                 "their page number, like 01.png, 02.png");
        return -1;
    }
    return 0;
}
