/* hotspot — a page's taps: hits, the rules for their sounds, and the wiggle
 * (see hotspot.h).
 *
 * The order a tap is read in is the order of what a child means most: a
 * hotspot first (it is a thing on the picture), then the replay mark, then
 * the page's edges (turn), and the middle last (pause). Times are on the
 * caller's clock; nothing here reads one. */
#include "hotspot.h"

#include <math.h>

#define PI 3.14159265358979323846
#define WIGGLE_PEAK 0.71508  /* the largest of sin(1.6 pi u) (1 - u) on 0..1 */

void hotspot_reset(HotspotState *h, int scene)
{
    h->scene = scene;
    for (int i = 0; i < STORY_MAX_TAPS; i++) {
        h->busy_until[i] = -HOTSPOT_NEVER;
        h->wiggle_at[i] = -1;
    }
}

/* How far (pixels) the point is outside the box, 0 inside. */
static double distance_to(HotspotBox b, double x, double y)
{
    double dx = x < b.x ? b.x - x : x > b.x + b.w ? x - b.x - b.w : 0;
    double dy = y < b.y ? b.y - y : y > b.y + b.h ? y - b.y - b.h : 0;
    return sqrt(dx * dx + dy * dy);
}

int hotspot_hit(const StoryPage *p, const HotspotBox *pic, double x, double y)
{
    if (!p || !pic || pic->w <= 0 || pic->h <= 0)
        return -1;
    double margin = HOTSPOT_MARGIN * (pic->w < pic->h ? pic->w : pic->h);
    int best = -1;
    double best_d = 0, best_area = 0;
    for (int i = 0; i < p->ntaps && i < STORY_MAX_TAPS; i++) {
        StoryRect a = p->taps[i].area;
        HotspotBox b = { pic->x + a.x * pic->w, pic->y + a.y * pic->h, a.w * pic->w,
                         a.h * pic->h };
        double d = distance_to(b, x, y), area = b.w * b.h;
        if (d > margin)
            continue;
        if (best < 0 || d < best_d || (d == best_d && area < best_area)) {
            best = i;
            best_d = d;
            best_area = area;
        }
    }
    return best;
}

static int in_box(HotspotBox b, double x, double y)
{
    return b.w > 0 && b.h > 0 && x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h;
}

PageTap hotspot_page_tap(HotspotState *h, const StoryPage *p, const HotspotView *v,
                         double x, double y, double now, int narrating)
{
    PageTap t = { PAGE_TAP_PAUSE, -1, 0, 0 };
    double px = x * v->win_w, py = y * v->win_h;
    int i = hotspot_hit(p, &v->picture, px, py);
    if (i >= 0) {
        t.kind = PAGE_TAP_HOTSPOT;
        t.hotspot = i;
        if (now >= h->busy_until[i]) {
            t.sound = 1;
            t.level = narrating ? HOTSPOT_QUIET_LEVEL : HOTSPOT_LEVEL;
            /* One wiggle at a time: another region still moving comes to
             * rest in its own time rather than jump there. */
            if (!hotspot_wiggling(h, now))
                h->wiggle_at[i] = now;
            /* Busy from the tap on: a second tap before the edge has said
             * how long the sound is must not start it twice. */
            h->busy_until[i] = HOTSPOT_NEVER;
        }
    } else if (p && p->narration && in_box(v->replay, px, py)) {
        t.kind = PAGE_TAP_REPLAY;
    } else if (x < HOTSPOT_EDGE || x > 1 - HOTSPOT_EDGE) {
        t.kind = x < HOTSPOT_EDGE ? PAGE_TAP_BACK : PAGE_TAP_NEXT;
    }
    return t;
}

void hotspot_sound_started(HotspotState *h, int i, double now, double seconds)
{
    if (i < 0 || i >= STORY_MAX_TAPS)
        return;
    for (int k = 0; k < STORY_MAX_TAPS; k++)
        if (k != i)
            h->busy_until[k] = -HOTSPOT_NEVER;   /* its sound was replaced */
    h->busy_until[i] = seconds > 0 && isfinite(seconds) ? now + seconds : -HOTSPOT_NEVER;
    if (!(seconds > 0 && isfinite(seconds)) && h->wiggle_at[i] == now)
        h->wiggle_at[i] = -1; /* nothing answered: nothing moves either */
}

HotspotWiggle hotspot_wiggle(const HotspotState *h, int i, double now)
{
    HotspotWiggle w = { 0, 1 };
    if (i < 0 || i >= STORY_MAX_TAPS || h->wiggle_at[i] < 0)
        return w;
    /* Compared in time first: the end is exactly at rest, however the
     * division rounds. */
    if (!(now > h->wiggle_at[i] && now < h->wiggle_at[i] + HOTSPOT_WIGGLE))
        return w;
    double u = (now - h->wiggle_at[i]) / HOTSPOT_WIGGLE;
    /* A swing of 0.8 of a cycle dying away: out 2 degrees at 0.26, back a
     * third as far the other way at 0.79, at rest at 1; WIGGLE_PEAK is the
     * shape's furthest point, so the lean is HOTSPOT_WIGGLE_DEG at most. */
    w.angle = HOTSPOT_WIGGLE_DEG / WIGGLE_PEAK * sin(1.6 * PI * u) * (1 - u);
    w.scale = 1 + HOTSPOT_WIGGLE_GROW * sin(PI * u);   /* out and back once */
    return w;
}

int hotspot_wiggling(const HotspotState *h, double now)
{
    for (int i = 0; i < STORY_MAX_TAPS; i++)
        if (h->wiggle_at[i] >= 0 && now >= h->wiggle_at[i] &&
            now < h->wiggle_at[i] + HOTSPOT_WIGGLE)
            return 1;
    return 0;
}

double hotspot_next_frame(const HotspotState *h, double now)
{
    double next = HOTSPOT_NEVER;
    for (int i = 0; i < STORY_MAX_TAPS; i++) {
        double t0 = h->wiggle_at[i], end = t0 + HOTSPOT_WIGGLE;
        if (t0 < 0 || now >= end)
            continue;
        /* On the wiggle's own grid from its start, and its end. */
        double k = floor((now - t0) * HOTSPOT_FPS) + 1;
        double t = t0 + k / HOTSPOT_FPS;
        if (t <= now)
            t = t0 + (k + 1) / HOTSPOT_FPS;
        if (t > end)
            t = end;
        next = t < next ? t : next;
    }
    return next;
}
