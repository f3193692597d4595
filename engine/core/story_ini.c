/* story_ini — what story.ini's keys mean (story.h).
 *
 * story.ini is parsed by ini.c; here each [story] and [page N] key is one row
 * of a table (story_keys_story, story_keys_page) naming the function that
 * reads its value: titles, files (inside the folder, of the right kind),
 * times within their caps, motions, layers and taps as picture fractions.
 * A value that cannot be used is a warning on its line and the key keeps its
 * default; a key not known gets the nearest known one suggested. */
#include "story.h"
#include "i18n.h"
#include "story_parts.h"
#include "mem.h"

#include "ascii.h"
#include "escape.h"
#include "files.h"
#include "ini.h"
#include "lang.h"
#include "sniff.h"
#include "utf8.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

#define STORY_HINT_MAX 200 /* " (did you mean '...'?)" in any language */

/* The hint after a mistyped value, translated, or "" when there is none. */
static void story_hint(const char *word, char *out, size_t len)
{
    if (!word) {
        if (len)
            out[0] = '\0';
        return;
    }
    /* TRANSLATORS: added to a message about a mistyped value; %s is the
       value meant, as it is typed into story.ini. */
    snprintf(out, len, _(" (did you mean '%s'?)"), word);
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
    /* The line each key was last set on, by its place in story_keys_story or
     * story_keys_page (0: not yet), so a key set twice is told. */
    int story_line[16];
    int page_line[STORY_MAX_PAGES + 1][8];
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
    diag_add(c->d, DIAG_WARNING, c->path, line, _("'%1$s = %2$s' is not %3$s; %4$s"), key, value,
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
    diag_add(c->d, DIAG_WARNING, c->path, line, _("'%1$s' for '%2$s' is %3$s; convert it with: "
             "hushabye-story import %4$s --page %5$d %6$s, then delete line %7$d of %8$s"), value, key,
             strcmp(key, "image") == 0 ? _("an iPhone photo (HEIC), which the player cannot show")
             : _("a phone recording, which the player cannot play"),
             esc_shell_arg(folder, qfolder, sizeof qfolder), c->page,
             esc_shell_arg(file, qfile, sizeof qfile), line, c->path);
}

static int ini_file(IniCtx *c, const char *key, const char *value, int line,
                    StoryMedia want, char **dst)
{
    static const char *const kinds[] = {
        "", N_("a picture (png, jpg, webp or svg)"), N_("a recording (ogg, opus, wav, mp3 or flac)"),
        N_("a words file (.txt)"), N_("a timed-words file (.vtt)")
    };
    if (!files_name_is_safe(value)) {
        diag_add(c->d, DIAG_ERROR, c->path, line, _("'%1$s' is not a file inside the story "
                 "folder, so '%2$s' is ignored"), value, key);
        return -1;
    }
    if (story_media_of(value) != want && c->where == INI_IN_PAGE &&
        ((want == MEDIA_AUDIO && story_phone_recording(value)) ||
         (want == MEDIA_PICTURE && story_phone_photo(value)))) {
        ini_convert_advice(c, key, value, line);
        return -1;
    }
    if (story_media_of(value) != want) {
        diag_add(c->d, DIAG_WARNING, c->path, line, _("'%1$s' for '%2$s' should be %3$s, so it is "
                 "ignored"), value, key, kinds[want][0] ? _(kinds[want]) : "");
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
        ini_warn_value(c, line, key, value, _("a number of seconds (like 1.5 or 2s)"), fallback);
    else if (v > max)
        diag_add(c->d, DIAG_WARNING, c->path, line, _("'%1$s = %2$s' is too long (at most %3$g "
                 "seconds); %4$s"), key, value, max, fallback);
    else
        *out = v;
}

static void key_title(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    char **dst = strcmp(key, "title") == 0 ? &c->s->title
               : strcmp(key, "author") == 0 ? &c->s->author
               : strcmp(key, "credits") == 0 ? &c->s->credits : &c->s->licence;
    story_set(dst, v);
}

/* The language gives the words their direction, fonts and line breaks, and
 * the book its way of turning (lang.h); one that is no language code is kept
 * (the aligner's voice may still know it) but said. */
static void key_language(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    LangInfo li;
    if (lang_parse(v, &li) != 0)
        ini_warn_value(c, line, key, v, _("a language code (like en, ar or zh-Hans)"),
                       _("the words are shown as their letters say, left to right when "
                         "they have none"));
    story_set(&c->s->language, v);
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
        ini_warn_value(c, line, key, v, _("a volume from 0% to 100%"), _("using 25%"));
}

static void key_hold(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    if (p)
        ini_time(c, key, v, line, STORY_HOLD_MAX, &p->hold, _("using the usual timing"));
    else
        ini_time(c, key, v, line, STORY_HOLD_MAX, &c->s->hold, _("using 1.5 seconds"));
}

static void key_transition(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    int k = story_lookup(v, story_transition_names);
    if (k >= 0) {
        c->s->transition = (StoryTransition)k;
        return;
    }
    char hint[STORY_HINT_MAX];
    story_hint(story_suggest(v, story_transition_names), hint, sizeof hint);
    diag_add(c->d, DIAG_WARNING, c->path, line, _("'transition = %1$s' is not one of crossfade, "
             "fade-through-black or none%2$s; using crossfade"), v, hint);
}

static void key_transition_time(IniCtx *c, StoryPage *p, const char *key, const char *v,
                                int line)
{
    ini_time(c, key, v, line, STORY_TRANS_MAX, &c->s->transition_time, _("using 1.2 seconds"));
}

/* What the player makes of a move's rectangle, told when it is not what was
 * written: it keeps the picture's shape (a rectangle whose width and height
 * fractions are equal), and zooms in at most 4 times (motion.c). */
static void motion_rect_note(IniCtx *c, int line, const char *which, StoryRect r)
{
    double side = r.w > r.h ? r.w : r.h, differ = (double)r.w - (double)r.h;
    if (side < 0.25)
        diag_add(c->d, DIAG_WARNING, c->path, line, _("the %1$s rectangle %2$g,%3$g,%4$g,%5$g is "
                 "smaller than a quarter of the picture, so the move stops at a quarter "
                 "(4 times closer), around the same middle"), which, (double)r.x,
                 (double)r.y, (double)r.w, (double)r.h);
    else if (differ > 0.01 || differ < -0.01)
        diag_add(c->d, DIAG_WARNING, c->path, line, _("the %1$s rectangle %2$g,%3$g,%4$g,%5$g is not "
                 "the picture's shape (its width and height differ), so %6$g by %7$g around "
                 "the same middle is shown"), which, (double)r.x, (double)r.y, (double)r.w,
                 (double)r.h, side, side);
}

static void key_motion(IniCtx *c, StoryPage *p, const char *key, const char *v, int line)
{
    StoryMotion m;
    if (story_parse_motion(v, &m) != 0) {
        ini_warn_value(c, line, key, v, _("a motion (none, gentle, zoom-in, zoom-out, "
                       "pan-left, pan-right, pan-up, pan-down, or two rectangles "
                       "like 0,0,1,1 > 0.2,0.1,0.6,0.6)"), _("no motion is used"));
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
    p->text_line = line;
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
        ini_warn_value(c, line, key, v, _("a picture and an effect"), _("it is ignored"));
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
        char hint[STORY_HINT_MAX];
        story_hint(story_suggest(sp + 1, story_effect_names), hint, sizeof hint);
        diag_add(c->d, DIAG_WARNING, c->path, line, _("'%1$s' is not an effect (twinkle, drift, "
                 "sway or breathe)%2$s, so this layer is ignored"), sp + 1, hint);
        return;
    }
    if (p->nlayers >= STORY_MAX_LAYERS) {
        diag_add(c->d, DIAG_WARNING, c->path, line, _("a page can have at most %d layers, so "
                 "this one is ignored"), STORY_MAX_LAYERS);
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
        ini_warn_value(c, line, key, v, _("a place on the picture and a sound (like "
                       "0.62,0.30,0.12,0.15 hoot.ogg, fractions from 0 to 1)"), _("it is ignored"));
        return;
    }
    if (p->ntaps >= STORY_MAX_TAPS) {
        diag_add(c->d, DIAG_WARNING, c->path, line, _("a page can have at most %d tap "
                 "sounds, so this one is ignored"), STORY_MAX_TAPS);
        return;
    }
    if (ini_file(c, key, file, line, MEDIA_AUDIO, &t.sound) != 0)
        return;
    t.line = line;
    p->taps[p->ntaps++] = t;
}

static const StoryKey story_keys_story[] = {
    { "title", key_title }, { "author", key_title }, { "language", key_language },
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

_Static_assert(sizeof story_keys_story / sizeof *story_keys_story - 1 <=
               sizeof ((IniCtx *)0)->story_line / sizeof (int), "a line for every story key");
_Static_assert(sizeof story_keys_page / sizeof *story_keys_page - 1 <=
               sizeof ((IniCtx *)0)->page_line[0] / sizeof (int), "a line for every page key");

static int story_key_index(const StoryKey *table, const char *key)
{
    for (int i = 0; table[i].key; i++)
        if (strcmp(table[i].key, key) == 0)
            return i;
    return -1;
}

/* A key set a second time for the same story or page (in one section or in
 * a section written twice) is told: the later line wins, which a parent
 * editing the earlier one would not guess. A page's layers and taps add up,
 * so they may repeat. */
static void ini_once(IniCtx *c, const StoryKey *table, int k, int line)
{
    int *seen = c->where == INI_IN_PAGE ? &c->page_line[c->page][k] : &c->story_line[k];
    const char *key = table[k].key;
    if (strcmp(key, "layer") == 0 || strcmp(key, "tap") == 0)
        return;
    if (*seen)
        diag_add(c->d, DIAG_WARNING, c->path, line, _("'%1$s' is set again here (it was set on "
                 "line %2$d too); the one here is used"), key, *seen);
    *seen = line;
}

static void ini_unknown_key(IniCtx *c, const char *key, int line)
{
    int in_page = c->where == INI_IN_PAGE;
    const char *const *known = in_page ? story_page_keys : story_story_keys;
    const char *const *other = in_page ? story_story_keys : story_page_keys;
    if (story_lookup(key, other) >= 0) {
        diag_add(c->d, DIAG_WARNING, c->path, line, _("'%1$s' belongs in %2$s, not here, so it "
                 "is ignored"), key, in_page ? "[story]" : _("a [page N] section"));
        return;
    }
    const char *hint = story_suggest(key, known);
    if (hint)
        diag_add(c->d, DIAG_WARNING, c->path, line, _("unknown key '%1$s' (did you mean '%2$s'?)"),
                 key, hint);
    else
        diag_add(c->d, DIAG_WARNING, c->path, line, _("unknown key '%s'"), key);
}

static void ini_entry(IniCtx *c, const char *key, const char *value, int line)
{
    if (c->where == INI_IN_SKIP)
        return;
    StoryPage *p = NULL;
    const StoryKey *table = c->where == INI_IN_PAGE ? story_keys_page : story_keys_story;
    int k = story_key_index(table, key);
    if (k < 0) {
        ini_unknown_key(c, key, line);
        return;
    }
    if (!*value) {
        diag_add(c->d, DIAG_WARNING, c->path, line, _("'%s' has no value, so it is ignored"),
                 key);
        return;
    }
    if (c->where == INI_IN_PAGE && !(p = story_page(c->s, c->page)))
        return;
    ini_once(c, table, k, line);
    table[k].fn(c, p, key, value, line);
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
        diag_add(c->d, DIAG_ERROR, c->path, line, _("'[%s]' is not a page section: page "
                 "sections are [page N] with N a number from 1 to 999, so its settings are "
                 "ignored"), name);
    } else {
        static const char *const sections[] = { "story", "page", NULL };
        char first[STORY_KEY_MAX + 1];
        size_t n = strcspn(name, " \t");
        snprintf(first, sizeof first, "%.*s", (int)(n < STORY_KEY_MAX ? n : STORY_KEY_MAX),
                 name);
        const char *hint = story_suggest(first, sections);
        if (hint && strcmp(hint, "story") == 0 && strcmp(first, "story") == 0)
            diag_add(c->d, DIAG_WARNING, c->path, line, _("unknown section '[%s]' (did you "
                     "mean '[story]'?), so its settings are ignored"), name);
        else if (hint && strcmp(hint, "page") == 0)
            diag_add(c->d, DIAG_WARNING, c->path, line, _("unknown section '[%1$s]' (did you "
                     "mean '[page%2$s]'? page sections are [page N] with N from 1 to 999), so "
                     "its settings are ignored"), name, name + n);
        else if (hint)
            diag_add(c->d, DIAG_WARNING, c->path, line, _("unknown section '[%1$s]' (did you "
                     "mean '[%2$s%3$s]'?), so its settings are ignored"), name, hint, name + n);
        else
            diag_add(c->d, DIAG_WARNING, c->path, line, _("unknown section '[%s]', so its "
                     "settings are ignored"), name);
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
        diag_add(c->d, DIAG_WARNING, c->path, line, _("'%.*s' is not a setting (key = value) "
                 "or a [section], so it is ignored"), (int)utf8_cut(key, strlen(key), 60), key);
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
        diag_add(d, DIAG_WARNING, c->path, 0, _("not enough memory to read the settings"));
    free(c);
}
