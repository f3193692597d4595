/* story — a story folder turned into plain data (see docs/story-format.md).
 *
 * story_load() lists the folder, groups files by their leading page number,
 * reads story.ini and the page .txt files, and fills a Story. It never decodes
 * pictures or audio (that is the player's edge, or the checker's); it only
 * records which relative file plays which role, plus the words. Every problem
 * becomes a diagnostic with the file and line; a story with at least one page
 * left is playable.
 *
 * The pure halves (story_scan over a given listing, story_apply_ini over given
 * bytes) are separate so tests and fuzzers can feed plain data. */
#ifndef HUSHABYE_STORY_H
#define HUSHABYE_STORY_H

#include "diag.h"
#include "caps.h"

#define STORY_MAX_PAGES   LIMIT_STORY_PAGES
#define STORY_MAX_LAYERS  4
#define STORY_MAX_TAPS    8
#define STORY_MAX_TEXT    2000   /* characters a page before the checker warns */

#define STORY_DEFAULT_HOLD        1.5
#define STORY_DEFAULT_TRANSITION  1.2
#define STORY_WORD_SECONDS        0.45
#define STORY_READ_MIN            4.0
#define STORY_READ_MAX            20.0
#define STORY_PICTURE_ONLY_HOLD   6.0

typedef enum { TRANSITION_CROSSFADE, TRANSITION_FADE_BLACK, TRANSITION_NONE } StoryTransition;

typedef enum {
    MOTION_NONE, MOTION_GENTLE, MOTION_ZOOM_IN, MOTION_ZOOM_OUT, MOTION_PAN_LEFT,
    MOTION_PAN_RIGHT, MOTION_PAN_UP, MOTION_PAN_DOWN, MOTION_RECTS
} StoryMotionKind;

typedef enum { EFFECT_TWINKLE, EFFECT_DRIFT, EFFECT_SWAY, EFFECT_BREATHE } StoryEffect;

typedef struct { float x, y, w, h; } StoryRect;   /* fractions of the picture */

typedef struct {
    StoryMotionKind kind;
    StoryRect from, to;   /* for MOTION_RECTS */
} StoryMotion;

/* line: the story.ini line that named the file, for messages about it (0: none). */
typedef struct { char *image; StoryEffect effect; int line; } StoryLayer;
typedef struct { StoryRect area; char *sound; int line; } StoryTap;

typedef enum { MEDIA_NONE, MEDIA_PICTURE, MEDIA_AUDIO, MEDIA_TEXT, MEDIA_VTT } StoryMedia;

typedef struct StoryPage {
    int number;           /* from the file name or [page N], 1..999 */
    char *image;          /* relative to the folder, or NULL */
    char *narration;      /* relative, or NULL */
    char *text;           /* the words, UTF-8, owned, or NULL */
    char *vtt;            /* relative, or NULL */
    double hold;          /* seconds after narration ends; < 0 = story default */
    double read_hold;     /* seconds for a page without narration (rule or ini) */
    StoryMotion motion;   /* kind MOTION_NONE unless set (story default applied) */
    StoryLayer layers[STORY_MAX_LAYERS];
    int nlayers;
    StoryTap taps[STORY_MAX_TAPS];
    int ntaps;
    char *words_file;     /* relative .txt the words come from, or NULL */
    int motion_set;       /* story.ini gave this page a motion (even "none") */
    /* The story.ini line that named image, narration and vtt (0: the file's own
     * name made it the page's), so a missing file is told with the line that
     * asked for it. */
    int image_line, narration_line, vtt_line;
    int text_line;        /* the story.ini line whose text = gave the words, 0: none */
    size_t text_chars;    /* characters the words had before STORY_MAX_TEXT cut them, or 0 */
} StoryPage;

typedef struct Story {
    char *folder;          /* path as given */
    char *name;            /* folder's last component, for messages and the trace */
    char *title, *author, *language;
    char *credits, *licence;   /* kept from an imported book: shown, never dropped */
    char *cover, *music;   /* relative, or NULL */
    double music_volume;   /* 0..1, default 0.25 */
    double hold;           /* default STORY_DEFAULT_HOLD */
    StoryTransition transition;
    double transition_time;
    StoryMotion motion;    /* story-wide default */
    StoryPage *pages;      /* sorted by number */
    int npages;
    int cover_line, music_line;   /* story.ini lines naming them, 0: none */
} Story;

/* A file story.ini names at line and that is not in the folder, told against
 * that line, in the player's and check's words alike: the line is what to
 * mend (a typo, a file not copied yet). role: the key that named it
 * ("image", "layer", "tap"...); page: its page's number, 0 for the story's. */
void story_tell_missing(const Story *s, const char *name, const char *role, int page, int line,
                        DiagLevel level, Diags *d);
/* Is the file story.ini named at line there to be read? 0 when it is not in
 * the folder (told, with story_tell_missing); 1 otherwise, and always for a
 * name no line gave (line 0) or a file there but unreadable, whose reader
 * tells why in its own words. */
int story_named_there(const Story *s, const char *name, const char *role, int page, int line,
                      Diags *d);

/* Load the folder. Returns 0 when the story can be played (>= 1 page), -1 when it
 * cannot (reason in d). s is always valid to story_free() afterwards. */
int story_load(const char *folder, Story *s, Diags *d);
void story_free(Story *s);
/* Set the story-wide defaults (hold, transition, music volume) on a zeroed Story;
 * story_scan() calls it, so only callers building a Story by hand need it. */
void story_init(Story *s);

/* Pure pieces, exposed for tests and fuzzers. */

/* What a file name is for a page: returns the media kind and sets *page (1..999)
 * when the name starts with 1-3 digits followed by '.', '-', '_', ' ' or the end
 * of the stem; returns MEDIA_NONE for files that are not page files. Extensions
 * are matched case-insensitively. */
StoryMedia story_classify(const char *name, int *page);
/* Media kind of an extension alone (for ini overrides and the checker). */
StoryMedia story_media_of(const char *name);

/* Build pages from a listing of names (no file access; .txt contents are not read).
 * display is the folder's display name for messages. */
int story_scan(Story *s, const char *display, char *const *names, int n, Diags *d);

/* Apply story.ini bytes to a scanned story (may add pages with text = only). */
void story_apply_ini(Story *s, const char *display, const char *buf, size_t len, Diags *d);

/* Fill read_hold of every page and sort; called last by story_load. */
void story_finish(Story *s, const char *display, Diags *d);

/* "sleepy-moon" -> "Sleepy moon" (malloc'ed). */
char *story_title_from_folder(const char *name);

/* Reading time for a page without narration: 0.45 s a word within [4, 20] s, or
 * 6 s for a picture alone. */
double story_reading_hold(const char *text);

/* Seconds to linger after narration on this page. */
double story_page_hold(const Story *s, const StoryPage *p);

/* Parse a motion value ("zoom-in", "0,0,1,1 > 0.2,0.1,0.6,0.6"). 0 ok, -1 bad. */
int story_parse_motion(const char *value, StoryMotion *out);
/* Known story.ini keys for [story] and [page N] (NULL-terminated), for did-you-mean. */
extern const char *const story_story_keys[];
extern const char *const story_page_keys[];
/* The closest known key within a small edit distance, or NULL. */
const char *story_suggest(const char *key, const char *const *known);

#endif
