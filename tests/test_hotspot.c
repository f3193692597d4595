/* test_hotspot — what a tap on a page means: a hotspot before anything else
 * (never a page turn), its sound never over itself, quieter under the
 * narration and never louder than it, and the wiggle's shape and frames, on
 * a fake clock. */
#include "check.h"

#include <math.h>

#include "hotspot.h"

/* A page with an owl at the right edge (in the turning fifth) and a moon in
 * the middle, and a narration. */
static StoryPage page(void)
{
    StoryPage p = { 0 };
    p.narration = "02.ogg";
    p.ntaps = 2;
    p.taps[0] = (StoryTap){ { 0.85f, 0.30f, 0.12f, 0.15f }, "hoot.ogg", 7 };
    p.taps[1] = (StoryTap){ { 0.40f, 0.10f, 0.20f, 0.20f }, "moon.ogg", 8 };
    return p;
}

/* A 1000x600 window with the picture letterboxed at 100..900 x 0..600 and
 * the replay mark in the lower left. */
static HotspotView view(void)
{
    return (HotspotView){ 1000, 600, { 100, 0, 800, 600 }, { 10, 540, 50, 50 } };
}

/* The window fraction of a point given in picture fractions. */
static double wx(double px) { return (100 + px * 800) / 1000.0; }
static double wy(double py) { return py; }

static void test_hits(void)
{
    StoryPage p = page();
    HotspotView v = view();
    HotspotBox pic = v.picture;
    CHECK(hotspot_hit(&p, &pic, 100 + 0.9 * 800, 0.35 * 600) == 0, "a tap on the owl is the owl's");
    CHECK(hotspot_hit(&p, &pic, 100 + 0.5 * 800, 0.2 * 600) == 1, "a tap on the moon is the moon's");
    CHECK(hotspot_hit(&p, &pic, 100 + 0.5 * 800, (0.30 + 0.02) * 600) == 1,
          "a tap just outside the moon (a small finger) still finds it");
    CHECK(hotspot_hit(&p, &pic, 100 + 0.5 * 800, 0.5 * 600) == -1,
          "a tap well away from both finds nothing");
    CHECK(hotspot_hit(NULL, &pic, 500, 100) == -1 && hotspot_hit(&p, NULL, 500, 100) == -1,
          "no page or no picture: no hotspot");
    /* Overlapping areas: the one the finger is inside, then the smaller. */
    StoryPage q = { 0 };
    q.ntaps = 2;
    q.taps[0] = (StoryTap){ { 0.0f, 0.0f, 1.0f, 1.0f }, "sky.ogg", 1 };
    q.taps[1] = (StoryTap){ { 0.4f, 0.4f, 0.2f, 0.2f }, "star.ogg", 2 };
    CHECK(hotspot_hit(&q, &pic, 100 + 0.5 * 800, 300) == 1,
          "inside two areas, the smaller one (the star in the sky) answers");
    CHECK(hotspot_hit(&q, &pic, 100 + 0.1 * 800, 60) == 0, "elsewhere the sky answers");
}

static void test_rules(void)
{
    StoryPage p = page();
    HotspotView v = view();
    HotspotState h;
    hotspot_reset(&h, 3);
    PageTap t = hotspot_page_tap(&h, &p, &v, wx(0.9), wy(0.35), 10.0, 0);
    CHECK(t.kind == PAGE_TAP_HOTSPOT && t.hotspot == 0 && t.sound == 1,
          "a tap on the owl in the page's right fifth plays the owl, it does not turn the page");
    CHECK(wx(0.9) > 1 - HOTSPOT_EDGE, "(that tap is inside the turning fifth: %.2f)", wx(0.9));
    CHECK(t.level == HOTSPOT_LEVEL && t.level < 1.0, "softly, at %.2f of the narration's level",
          t.level);
    PageTap again = hotspot_page_tap(&h, &p, &v, wx(0.9), wy(0.35), 10.1, 0);
    CHECK(again.kind == PAGE_TAP_HOTSPOT && again.sound == 0,
          "a second tap before the sound's length is known starts nothing (and turns nothing)");
    hotspot_sound_started(&h, 0, 10.0, 1.5);
    again = hotspot_page_tap(&h, &p, &v, wx(0.9), wy(0.35), 11.0, 0);
    CHECK(again.kind == PAGE_TAP_HOTSPOT && again.sound == 0,
          "while the hoot sounds, another tap on the owl gives no second hoot");
    CHECK(hotspot_wiggle(&h, 0, 11.0).angle == 0, "nor a restarted wiggle");
    again = hotspot_page_tap(&h, &p, &v, wx(0.9), wy(0.35), 11.6, 0);
    CHECK(again.sound == 1, "once the hoot is over, a tap hoots again");
    hotspot_sound_started(&h, 0, 11.6, 1.5);
    PageTap moon = hotspot_page_tap(&h, &p, &v, wx(0.5), wy(0.2), 12.0, 1);
    CHECK(moon.kind == PAGE_TAP_HOTSPOT && moon.hotspot == 1 && moon.sound == 1,
          "another hotspot answers while the first still sounds");
    CHECK(moon.level == HOTSPOT_QUIET_LEVEL && moon.level < HOTSPOT_LEVEL,
          "during the narration it is answered more quietly (%.2f)", moon.level);
    hotspot_sound_started(&h, 1, 12.0, 2.0);
    again = hotspot_page_tap(&h, &p, &v, wx(0.9), wy(0.35), 12.5, 1);
    CHECK(again.sound == 1, "the moon's sound replaced the hoot, so the owl may hoot again");
    hotspot_sound_started(&h, 0, 12.5, -1);
    again = hotspot_page_tap(&h, &p, &v, wx(0.9), wy(0.35), 12.6, 1);
    CHECK(again.sound == 1, "a sound that could not play leaves the hotspot free");

    HotspotState fresh;
    hotspot_reset(&fresh, 3);
    t = hotspot_page_tap(&fresh, &p, &v, 0.05, 0.5, 1, 0);
    CHECK(t.kind == PAGE_TAP_BACK, "away from hotspots, the left fifth turns back");
    t = hotspot_page_tap(&fresh, &p, &v, 0.95, 0.9, 1, 0);
    CHECK(t.kind == PAGE_TAP_NEXT, "and the right fifth turns on");
    t = hotspot_page_tap(&fresh, &p, &v, 0.5, 0.6, 1, 0);
    CHECK(t.kind == PAGE_TAP_PAUSE, "the middle pauses");
    t = hotspot_page_tap(&fresh, &p, &v, 0.03, 0.95, 1, 0);
    CHECK(t.kind == PAGE_TAP_REPLAY, "the replay mark replays a narrated page");
    p.narration = NULL;
    t = hotspot_page_tap(&fresh, &p, &v, 0.03, 0.95, 1, 0);
    CHECK(t.kind == PAGE_TAP_BACK, "on a page without narration the mark's place turns back");
    t = hotspot_page_tap(&fresh, NULL, &v, 0.5, 0.5, 1, 0);
    CHECK(t.kind == PAGE_TAP_PAUSE, "no page: the plain meaning of a tap");
}

static void test_wiggle(void)
{
    StoryPage p = page();
    HotspotView v = view();
    HotspotState h;
    hotspot_reset(&h, 0);
    CHECK(!hotspot_wiggling(&h, 0) && hotspot_next_frame(&h, 0) == HOTSPOT_NEVER,
          "nothing tapped: no wiggle, no frame");
    hotspot_page_tap(&h, &p, &v, wx(0.5), wy(0.2), 5.0, 0);
    hotspot_sound_started(&h, 1, 5.0, 0.4);
    double lean = 0, grow = 0;
    for (double s = 5.0; s <= 5.0 + HOTSPOT_WIGGLE; s += 0.001) {
        HotspotWiggle w = hotspot_wiggle(&h, 1, s);
        lean = fmax(lean, fabs(w.angle));
        grow = fmax(grow, w.scale - 1);
    }
    CHECK(lean <= HOTSPOT_WIGGLE_DEG + 1e-6 && lean > HOTSPOT_WIGGLE_DEG - 0.01 &&
              fabs(grow - HOTSPOT_WIGGLE_GROW) < 1e-6 && HOTSPOT_WIGGLE_DEG <= 2 &&
              HOTSPOT_WIGGLE_GROW <= 0.02,
          "at its furthest the region leans %.2f degrees and grows %.1f %%, no more than 2",
          lean, 100 * grow);
    HotspotWiggle start = hotspot_wiggle(&h, 1, 5.0);
    HotspotWiggle end = hotspot_wiggle(&h, 1, 5.0 + HOTSPOT_WIGGLE);
    CHECK(start.angle == 0 && start.scale == 1 && end.angle == 0 && end.scale == 1,
          "it starts and ends at rest");
    CHECK(hotspot_wiggle(&h, 0, 5.3).angle == 0, "only the tapped hotspot wiggles");
    double t = 5.0, closest = 1, last = 0, biggest = 0;
    int frames = 0;
    for (;;) {
        double next = hotspot_next_frame(&h, t);
        if (next == HOTSPOT_NEVER)
            break;
        closest = fmin(closest, next - t);
        biggest = fmax(biggest, fabs(hotspot_wiggle(&h, 1, next).angle -
                                     hotspot_wiggle(&h, 1, t).angle));
        t = last = next;
        frames++;
    }
    CHECK(frames == 15 && closest >= 1 / HOTSPOT_FPS - 1e-9 && HOTSPOT_FPS <= 15,
          "the wiggle draws 15 frames at 15 a second (%d, closest %.4f s)", frames, closest);
    CHECK(fabs(last - (5.0 + HOTSPOT_WIGGLE)) < 1e-9 && !hotspot_wiggling(&h, last),
          "its last frame is where it comes to rest");
    CHECK(biggest < 1, "no frame turns it more than a degree (%.2f)", biggest);
    /* Its swings' far points at least half a second apart: no faster than a
     * cycle a second, the calm limit. */
    int turns = 0;
    double prev = 0, prev_d = 0, turn_at = -1, apart = 1;
    for (double s = 5.0; s <= 5.0 + HOTSPOT_WIGGLE; s += 0.001) {
        double a = hotspot_wiggle(&h, 1, s).angle, d = a - prev;
        if ((d < 0 && prev_d > 0) || (d > 0 && prev_d < 0)) {
            turns++;
            if (turn_at >= 0)
                apart = fmin(apart, s - turn_at);
            turn_at = s;
        }
        prev = a;
        prev_d = d != 0 ? d : prev_d;
    }
    CHECK(turns == 2 && apart >= 0.5,
          "the wiggle swings out, back a little past upright, and rests (%d turns, %.3f s "
          "apart), no faster shaking", turns, apart);
    /* Another hotspot tapped while one still moves: its sound, but the
     * moving one finishes alone; a sound that could not play moves
     * nothing. */
    HotspotState o;
    hotspot_reset(&o, 0);
    hotspot_page_tap(&o, &p, &v, wx(0.5), wy(0.2), 5.0, 0);
    hotspot_sound_started(&o, 1, 5.0, 0.3);
    PageTap other = hotspot_page_tap(&o, &p, &v, wx(0.9), wy(0.35), 5.4, 0);
    hotspot_sound_started(&o, other.hotspot, 5.4, 0.3);
    CHECK(other.kind == PAGE_TAP_HOTSPOT && other.hotspot != 1 && other.sound &&
              hotspot_wiggle(&o, other.hotspot, 5.6).angle == 0 &&
              hotspot_wiggle(&o, 1, 5.6).angle != 0,
          "a second hotspot tapped during a wiggle sounds, and the first wiggle goes on alone");
    hotspot_reset(&o, 0);
    hotspot_page_tap(&o, &p, &v, wx(0.5), wy(0.2), 5.0, 0);
    hotspot_sound_started(&o, 1, 5.0, -1);
    CHECK(!hotspot_wiggling(&o, 5.3) && hotspot_next_frame(&o, 5.0) == HOTSPOT_NEVER,
          "a hotspot whose sound could not play does not wiggle");
    hotspot_reset(&h, 1);
    CHECK(h.scene == 1 && !hotspot_wiggling(&h, 5.3), "a new page forgets the wiggle");
}

int main(void)
{
    test_hits();
    test_rules();
    test_wiggle();
    CHECK_DONE();
}
