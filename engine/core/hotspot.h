/* hotspot — what a tap on a page means, and the hotspots' sounds and wiggles.
 *
 * A page's `tap X,Y,W,H SOUND` lines (story.h: StoryTap, fractions of the
 * picture) are places a toddler can find. A tap is looked up against the
 * picture's rectangle on screen, grown by a small margin (a small finger is
 * not precise); where margins overlap, the nearest area wins, then the
 * smallest. The rules, decided here so the edge only acts on the answer:
 *  - a tap on a hotspot is the hotspot's, whatever else is under it: it never
 *    turns the page, pauses or replays, even at the page's edges;
 *  - the hotspot's sound never overlaps itself: a tap while it still sounds
 *    is answered by nothing new (no second sound, no restarted wiggle);
 *  - one tap sound at a time: a new hotspot's sound takes the last one's
 *    place (the edge fades it out);
 *  - the sound is soft, HOTSPOT_LEVEL of the narration's level, and quieter,
 *    HOTSPOT_QUIET_LEVEL, while the narration speaks: never louder than it;
 *  - its region gives a small wiggle over HOTSPOT_WIGGLE seconds (one at a
 *    time, and none when its sound could not play): it leans
 *    2 degrees one way, swings back a little past upright and comes to rest,
 *    the swings at least half a second apart (the calm limit of one cycle a
 *    second), while it grows 2 % and back; at most HOTSPOT_FPS frames a
 *    second, and no change of brightness at all.
 * Pure: the edge reports when the sound started and how long it lasts. */
#ifndef HUSHABYE_HOTSPOT_H
#define HUSHABYE_HOTSPOT_H

#include "caps.h"

#include "story.h"

#define HOTSPOT_WIGGLE       1.0    /* seconds */
#define HOTSPOT_WIGGLE_DEG   2.0    /* the lean at its furthest */
#define HOTSPOT_WIGGLE_GROW  0.02   /* the growth at its furthest */
#define HOTSPOT_FPS          15.0
#define HOTSPOT_MARGIN       0.03   /* of the picture's shorter side, around each area */
#define HOTSPOT_LEVEL        0.5    /* of the narration's level */
#define HOTSPOT_QUIET_LEVEL  0.25   /* while the narration speaks */
#define HOTSPOT_EDGE         0.2    /* a page's left and right fifth turn it */
#define HOTSPOT_NEVER        LIMIT_NEVER

/* A rectangle in pixels (the window's). */
typedef struct { double x, y, w, h; } HotspotBox;

/* Where things are on screen: the window's size, the picture's rectangle and
 * the replay mark's (w or h <= 0: not shown), all in pixels. */
typedef struct {
    double win_w, win_h;
    HotspotBox picture;
    HotspotBox replay;
} HotspotView;

typedef struct {
    int scene;                          /* the page these belong to */
    double busy_until[STORY_MAX_TAPS];  /* its sound is heard until then */
    double wiggle_at[STORY_MAX_TAPS];   /* its wiggle began (< 0: none) */
} HotspotState;

typedef enum {
    PAGE_TAP_HOTSPOT,   /* a hotspot's (see sound) */
    PAGE_TAP_REPLAY,    /* the replay mark: the page's narration again */
    PAGE_TAP_BACK,      /* the left fifth */
    PAGE_TAP_NEXT,      /* the right fifth */
    PAGE_TAP_PAUSE      /* the middle: pause or resume */
} PageTapKind;

typedef struct {
    PageTapKind kind;
    int hotspot;        /* PAGE_TAP_HOTSPOT: which of the page's taps */
    int sound;          /* 1: play taps[hotspot].sound now; 0: it still sounds */
    double level;       /* its level, as a fraction of the narration's */
} PageTap;

/* Forget every sound and wiggle: a new page (scene) is shown. */
void hotspot_reset(HotspotState *h, int scene);
/* The hotspot of page p under the point (x, y) in window pixels, or -1. */
int hotspot_hit(const StoryPage *p, const HotspotBox *picture, double x, double y);
/* What a tap at (x, y), fractions of the window, means on page p at now
 * (narrating: the narration is speaking). A hotspot tap that sounds starts
 * its wiggle here; the edge then plays the sound and reports its length with
 * hotspot_sound_started(). p may be NULL (no hotspots). */
PageTap hotspot_page_tap(HotspotState *h, const StoryPage *p, const HotspotView *v,
                         double x, double y, double now, int narrating);
/* The sound of hotspot i started at now and lasts seconds (<= 0: it could
 * not play; the hotspot is free again at once). Any other hotspot's sound
 * was replaced by it. */
void hotspot_sound_started(HotspotState *h, int i, double now, double seconds);

/* A hotspot's region at now: turned by angle degrees and scaled about its
 * centre (0 and 1 when still). */
typedef struct { double angle, scale; } HotspotWiggle;
HotspotWiggle hotspot_wiggle(const HotspotState *h, int i, double now);
/* Is any wiggle under way at now? */
int hotspot_wiggling(const HotspotState *h, double now);
/* The next wiggle frame after now (a HOTSPOT_FPS grid from the tap, the
 * last one where the wiggle ends, so it comes to rest exactly);
 * HOTSPOT_NEVER when none. */
double hotspot_next_frame(const HotspotState *h, double now);

#endif
