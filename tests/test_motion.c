/* test_motion — living pictures that stay calm, on a fake clock: the
 * pan-zoom's ends, easing, speed cap, frame grid and skipped frames, the
 * parents' low and off, the layer effects' limits, and the warmer night. */
#include "check.h"

#include <math.h>

#include "motion.h"
#include "player.h"

#define PI 3.14159265358979323846

static StoryMotion kind(StoryMotionKind k)
{
    return (StoryMotion){ .kind = k };
}

static int rect_near(MotionRect a, MotionRect b, double eps)
{
    return fabs(a.x - b.x) <= eps && fabs(a.y - b.y) <= eps && fabs(a.w - b.w) <= eps &&
           fabs(a.h - b.h) <= eps;
}

/* The fastest any edge moves (fraction of the picture a second) sampled
 * every millisecond over the plan, and the largest zoom seen. */
static double fastest(const MotionPlan *m, double *zoom)
{
    double worst = 0, dt = 0.001, smallest = 1;
    for (double t = 0; t < m->duration + 0.1; t += dt) {
        MotionRect a = motion_at(m, t), b = motion_at(m, t + dt);
        double e[4] = { fabs(b.x - a.x), fabs(b.y - a.y), fabs(b.x + b.w - a.x - a.w),
                        fabs(b.y + b.h - a.y - a.h) };
        for (int i = 0; i < 4; i++)
            worst = fmax(worst, e[i] / dt);
        smallest = fmin(smallest, fmin(a.w, b.w));
    }
    if (zoom)
        *zoom = 1 / smallest;
    return worst;
}

static void test_ends_and_easing(void)
{
    MotionPlan m;
    StoryMotion zin = kind(MOTION_ZOOM_IN);
    motion_plan(&m, &zin, 0, 1600, 1000, 1280, 800, 12, MOTION_SETTING_ON);
    CHECK(motion_moves(&m) && m.fps == MOTION_FPS, "a zoom-in on a 12 s page moves at 30 fps");
    CHECK(rect_near(motion_at(&m, 0), (MotionRect){ 0, 0, 1, 1 }, 1e-12),
          "a zoom-in starts on the whole picture");
    MotionRect end = motion_at(&m, 12);
    CHECK(fabs(1 / end.w - MOTION_MAX_ZOOM) < 1e-9 && fabs(end.x - (1 - end.w) / 2) < 1e-9,
          "and ends zoomed 1.10 on the middle (zoom %.4f)", 1 / end.w);
    CHECK(rect_near(motion_at(&m, -3), motion_at(&m, 0), 0) &&
              rect_near(motion_at(&m, 40), end, 0),
          "before the page and after its end the picture holds still");
    /* Cosine easing: still at both ends (a tiny step for a tiny time). */
    double w0 = motion_at(&m, 0.01).w, w1 = motion_at(&m, 11.99).w;
    CHECK(1 - w0 < 1e-5 && w1 - end.w < 1e-5,
          "the move starts and ends at rest (%.2g, %.2g in the first and last 10 ms)",
          1 - w0, w1 - end.w);
    CHECK(fabs(motion_at(&m, 6).w - (1 + end.w) / 2) < 1e-9, "half way in time is half way");
    for (double t = 0; t <= 12; t += 0.5)
        CHECK(fabs(motion_at(&m, t).w - motion_at(&m, t).h) < 1e-12,
              "the rectangle keeps the picture's shape at %.1f s", t);

    StoryMotion pans[] = { kind(MOTION_PAN_LEFT), kind(MOTION_PAN_RIGHT), kind(MOTION_PAN_UP),
                           kind(MOTION_PAN_DOWN), kind(MOTION_ZOOM_OUT) };
    double dirs[][2] = { { -1, 0 }, { 1, 0 }, { 0, -1 }, { 0, 1 }, { 0, 0 } };
    for (int i = 0; i < 5; i++) {
        motion_plan(&m, &pans[i], 0, 1000, 1000, 800, 800, 20, MOTION_SETTING_ON);
        MotionRect a = motion_at(&m, 0), b = motion_at(&m, 20);
        CHECK((b.x - a.x) * dirs[i][0] >= 0 && (b.y - a.y) * dirs[i][1] >= 0 &&
                  fabs(b.x - a.x) + fabs(b.y - a.y) + fabs(b.w - a.w) > 0.05,
              "named move %d goes its way (dx %.3f dy %.3f)", i, b.x - a.x, b.y - a.y);
        CHECK(a.x >= 0 && a.y >= 0 && a.x + a.w <= 1 + 1e-12 && b.x + b.w <= 1 + 1e-12 &&
                  b.y + b.h <= 1 + 1e-12, "named move %d stays inside the picture", i);
    }
    motion_plan(&m, &pans[4], 0, 1000, 1000, 800, 800, 20, MOTION_SETTING_ON);
    CHECK(rect_near(motion_at(&m, 20), (MotionRect){ 0, 0, 1, 1 }, 1e-12),
          "a zoom-out ends on the whole picture");
}

static void test_gentle(void)
{
    MotionPlan even, odd;
    StoryMotion g = kind(MOTION_GENTLE);
    motion_plan(&even, &g, 0, 1600, 1200, 1067, 800, 15, MOTION_SETTING_ON);
    motion_plan(&odd, &g, 1, 1600, 1200, 1067, 800, 15, MOTION_SETTING_ON);
    MotionRect e0 = motion_at(&even, 0), e1 = motion_at(&even, 15);
    MotionRect o0 = motion_at(&odd, 0), o1 = motion_at(&odd, 15);
    CHECK(e0.w == 1 && e1.w < 1 && o0.w < 1 && o1.w == 1,
          "gentle alternates: page 1 leans in, page 2 opens out");
    CHECK((e1.x + e1.w / 2) > 0.5 && (o0.x + o0.w / 2) < 0.5,
          "and they drift opposite ways (centres %.3f, %.3f)", e1.x + e1.w / 2, o0.x + o0.w / 2);
    double zoom;
    for (int page = 0; page < 4; page++) {
        for (double len = 1; len <= 120; len *= 2) {
            MotionPlan m;
            motion_plan(&m, &g, page, 1600, 1200, 1067, 800, len, MOTION_SETTING_ON);
            double v = fastest(&m, &zoom);
            CHECK(v <= MOTION_MAX_SPEED * 1.001 && zoom <= MOTION_MAX_ZOOM + 1e-9,
                  "gentle, page %d of %.0f s: at most 2 %%/s (%.4f) and zoom 1.10 (%.3f)",
                  page + 1, len, v, zoom);
        }
    }
}

/* Two rectangles, the speed cap, low and off. */
static void test_limits(void)
{
    MotionPlan m;
    StoryMotion r = { .kind = MOTION_RECTS, .from = { 0, 0, 1, 1 },
                      .to = { 0.2f, 0.1f, 0.6f, 0.6f } };
    motion_plan(&m, &r, 0, 1600, 1000, 1280, 800, 60, MOTION_SETTING_ON);
    MotionRect b = motion_at(&m, 60);
    CHECK(fabs(b.w - 0.6) < 1e-6 && fabs(b.x - 0.2) < 1e-6 && fabs(b.y - 0.1) < 1e-6,
          "the format's own example (1 > 0.6) goes all the way on a minute's page");
    CHECK(fastest(&m, NULL) <= MOTION_MAX_SPEED * 1.001, "and never faster than 2 %%/s");
    motion_plan(&m, &r, 0, 1600, 1000, 1280, 800, 5, MOTION_SETTING_ON);
    b = motion_at(&m, 5);
    double v = fastest(&m, NULL);
    CHECK(v <= MOTION_MAX_SPEED * 1.001 && v >= MOTION_MAX_SPEED * 0.99 && b.w > 0.9,
          "on a 5 s page it goes only part of the way, at the cap (%.4f/s, to %.3f)", v, b.w);
    StoryMotion lop = { .kind = MOTION_RECTS, .from = { 0, 0, 1, 0.5f },
                        .to = { 0.5f, 0.5f, 0.01f, 0.01f } };
    motion_plan(&m, &lop, 0, 800, 600, 800, 600, 600, MOTION_SETTING_ON);
    MotionRect a = motion_at(&m, 0);
    b = motion_at(&m, 600);
    CHECK(a.w == a.h && a.w == 1 && b.w >= 0.25 && b.x + b.w <= 1 && b.y + b.h <= 1,
          "rectangles of another shape are made the picture's, at most 4x, inside it");

    StoryMotion zin = kind(MOTION_ZOOM_IN);
    MotionPlan on, low, off;
    motion_plan(&on, &zin, 0, 1600, 1000, 1280, 800, 20, MOTION_SETTING_ON);
    motion_plan(&low, &zin, 0, 1600, 1000, 1280, 800, 20, MOTION_SETTING_LOW);
    motion_plan(&off, &zin, 0, 1600, 1000, 1280, 800, 20, MOTION_SETTING_OFF);
    double travel_on = 1 - motion_at(&on, 20).w, travel_low = 1 - motion_at(&low, 20).w;
    CHECK(low.fps == MOTION_LOW_FPS && fabs(travel_low - travel_on / 2) < 1e-9,
          "low: 12 frames a second and half the travel (%.4f of %.4f)", travel_low, travel_on);
    CHECK(!motion_moves(&off) && motion_next_frame(&off, 0, 0) == MOTION_NEVER &&
              rect_near(motion_at(&off, 10), (MotionRect){ 0, 0, 1, 1 }, 0),
          "off: the whole picture, still, and no frame ever");
    StoryMotion none = kind(MOTION_NONE);
    motion_plan(&m, &none, 0, 1600, 1000, 1280, 800, 20, MOTION_SETTING_ON);
    CHECK(!motion_moves(&m) && motion_next_frame(&m, 0, 0) == MOTION_NEVER,
          "no motion asks for no frame");
    motion_plan(&m, &zin, 0, 0, 1000, 1280, 800, 20, MOTION_SETTING_ON);
    CHECK(!motion_moves(&m), "a picture with no size stays still");
    motion_plan(&m, &zin, 0, 1600, 1000, 1280, 800, NAN, MOTION_SETTING_ON);
    CHECK(m.duration == MOTION_DEFAULT_PAGE, "an unknown page length is taken as %g s",
          MOTION_DEFAULT_PAGE);
    motion_plan(&m, &zin, 0, 1600, 1000, 1280, 800, 1e9, MOTION_SETTING_ON);
    CHECK(m.duration == MOTION_MAX_PAGE, "an endless page spreads its move over %g s",
          MOTION_MAX_PAGE);
}

/* The frame loop driven by the plan alone: frames on the grid, none closer
 * than the cap, none that would move less than a pixel, no jumps. */
static void test_schedule(void)
{
    StoryMotion g = kind(MOTION_GENTLE);
    MotionSetting settings[] = { MOTION_SETTING_ON, MOTION_SETTING_LOW };
    for (int k = 0; k < 2; k++) {
        MotionPlan m;
        motion_plan(&m, &g, 0, 1600, 1000, 1280, 800, 30, settings[k]);
        double drawn = 0, now = 0, closest = 1e9, largest = 0;
        int frames = 0, small = 0;
        while (frames < 100000) {
            double next = motion_next_frame(&m, drawn, now);
            if (next == MOTION_NEVER)
                break;
            double grid = next * m.fps;
            CHECK(fabs(grid - round(grid)) < 1e-6, "frame %d is on the grid (%.4f)", frames, next);
            closest = fmin(closest, next - drawn);
            double px = motion_shift_px(&m, drawn, next);
            small += px < 1.0;
            largest = fmax(largest, px);
            drawn = now = next;
            frames++;
        }
        const char *name = k ? "low" : "on";
        CHECK(closest >= 1 / m.fps - 1e-9, "%s: frames at most %.0f a second (closest %.4f s)",
              name, m.fps, closest);
        CHECK(small == 0, "%s: no frame moves the picture less than a pixel", name);
        CHECK(largest < 3.0, "%s: no frame moves it more than 3 pixels (%.2f): no jump", name,
              largest);
        CHECK(frames > 0 && frames < m.duration * m.fps,
              "%s: %d frames in a %.0f s page, fewer than the grid's %.0f: still ends skipped",
              name, frames, m.duration, m.duration * m.fps);
        CHECK(drawn <= m.duration + 1 / m.fps && motion_shift_px(&m, drawn, m.duration) < 1.0,
              "%s: the last frame is within a pixel of the move's end", name);
    }
    /* A machine that cannot keep up lowers the rate for the night; a rate
     * set above the cap is held to it. */
    double rates[] = { 8, 120 }, want[] = { 1 / 8.0, 1 / MOTION_FPS };
    for (int i = 0; i < 2; i++) {
        MotionPlan m;
        motion_plan(&m, &g, 0, 1600, 1000, 1280, 800, 10, MOTION_SETTING_ON);
        m.fps = rates[i];
        double drawn = 0, now = 0, closest = 1e9;
        for (int n = 0; n < 1000; n++) {
            double next = motion_next_frame(&m, drawn, now);
            if (next == MOTION_NEVER)
                break;
            closest = fmin(closest, next - drawn);
            drawn = now = next;
        }
        CHECK(closest >= want[i] - 1e-9, "a plan set to %.0f fps draws at most %.0f a second "
              "(closest %.4f s)", rates[i], 1 / want[i], closest);
    }
    /* A late frame shows where the picture is at that moment, no further:
     * the picture never catches up faster than it moves. */
    MotionPlan m;
    motion_plan(&m, &g, 0, 1600, 1000, 1280, 800, 30, MOTION_SETTING_ON);
    double late = motion_shift_px(&m, 10, 10.5), steady = 0;
    for (double t = 10; t < 10.5 - 1e-9; t += 1 / 30.0)
        steady += motion_shift_px(&m, t, t + 1 / 30.0);
    CHECK(late <= steady * 1.01, "a frame half a second late moves as far as the frames it "
          "missed together (%.2f <= %.2f px), not more", late, steady);
    CHECK(rect_near(motion_at(&m, 10.5), motion_at(&m, 10.5), 0) &&
              motion_visible(&m, 10, 10.5) && !motion_visible(&m, 0, 0.001),
          "visibility: half a second moves the picture, a millisecond at the start does not");
    /* The first frame after a long wait at the start is the first that shows. */
    double first = motion_next_frame(&m, 0, 0);
    CHECK(first > 1 / 30.0 && motion_visible(&m, 0, first) &&
              !motion_visible(&m, 0, first - 1 / 30.0),
          "the eased start skips frames until a pixel moves (first at %.3f s)", first);
}

/* Where the layer point (x, y) is drawn under look l (content c of a w x h
 * layer), and back. */
static void map_point(const double m[6], double x, double y, double *ox, double *oy)
{
    *ox = m[0] * x + m[1] * y + m[2];
    *oy = m[3] * x + m[4] * y + m[5];
}

/* Drift crosses and wraps, sway turns about the content's top middle,
 * breathe grows about its middle; the maps, footprints and shifts the
 * drawing relies on. */
static void test_layer_moves(void)
{
    enum { W = 1000, H = 600 };
    MotionBox cloud = { 100, 50, 400, 200 };
    /* Drift: always the same way, at most 2 % of the picture a second,
     * half the speed at low, and round again after its period. */
    double fastest = 0, slowest = 1, back = 0;
    for (double t = 0; t < 120; t += 1 / MOTION_LAYER_FPS) {
        MotionLayerLook a = motion_layer_at(EFFECT_DRIFT, 0, t, MOTION_SETTING_ON);
        MotionLayerLook b = motion_layer_at(EFFECT_DRIFT, 0, t + 1 / MOTION_LAYER_FPS,
                                            MOTION_SETTING_ON);
        double d = motion_layer_shift_px(&a, &b, W, H, cloud) * MOTION_LAYER_FPS / W;
        fastest = fmax(fastest, d), slowest = fmin(slowest, d);
        double step = b.dx - a.dx;
        back = fmin(back, step - floor(step + 0.5));
        CHECK(a.wrap && a.dx >= 0 && a.dx < 1, "a drift's offset wraps within the picture");
    }
    CHECK(fastest <= MOTION_MAX_SPEED && slowest > 0.01 && back >= 0,
          "a drift crosses steadily one way at 1-2 %% of the picture a second (%.4f..%.4f)",
          slowest, fastest);
    MotionLayerLook l0 = motion_layer_at(EFFECT_DRIFT, 0, 0, MOTION_SETTING_ON);
    MotionLayerLook l1 = motion_layer_at(EFFECT_DRIFT, 0, 10, MOTION_SETTING_ON);
    MotionLayerLook lo = motion_layer_at(EFFECT_DRIFT, 0, 10, MOTION_SETTING_LOW);
    CHECK(l0.dx == 0 && fabs(lo.dx - l1.dx / 2) < 1e-9,
          "a drift starts where the layer was drawn and goes half as fast at low");
    /* Near the end of a crossing the short way round is a small move. */
    MotionLayerLook e0 = l0, e1 = l0;
    e0.dx = 0.999, e1.dx = 0.001;
    CHECK(fabs(motion_layer_shift_px(&e0, &e1, W, H, cloud) - 2) < 1e-6,
          "a wrapping drift moves the short way round (%.3f px)",
          motion_layer_shift_px(&e0, &e1, W, H, cloud));
    e1.dx = 0.002; /* 2 px on */
    MotionBox f = motion_layer_footprint(&e1, W, H, cloud);
    CHECK(f.x0 == 101 && f.x1 == 403 && f.y0 == 49 && f.y1 == 201,
          "a drifted cloud's footprint is its box moved, a pixel round (%d %d %d %d)", f.x0,
          f.y0, f.x1, f.y1);
    e0.dx = 0.8;
    f = motion_layer_footprint(&e0, W, H, cloud);
    CHECK(f.x0 == 0 && f.x1 == W && f.y0 == 49 && f.y1 == 201,
          "a cloud carried over the edge takes whole rows (%d %d %d %d)", f.x0, f.y0, f.x1, f.y1);
    /* Sway: the content's top middle stays put, its bottom swings a few
     * pixels, and the inverse map undoes the forward one. */
    MotionLayerLook s = motion_layer_at(EFFECT_SWAY, 0, 1.25, MOTION_SETTING_ON);
    double fw[6], iv[6], x, y, bx, by;
    motion_layer_forward(&s, W, H, cloud, fw);
    motion_layer_inverse(&s, W, H, cloud, iv);
    map_point(fw, 250, 50, &x, &y);
    CHECK(fabs(x - 250) < 1e-9 && fabs(y - 50) < 1e-9 && fabs(s.angle) > 1.9,
          "a sway turns about the top middle of what the layer draws (%.1f degrees)", s.angle);
    map_point(fw, 250, 200, &x, &y);
    CHECK(x < 250 - 4 && x > 250 - 6, "its foot swings a few pixels (%.2f)", x - 250);
    map_point(iv, x, y, &bx, &by);
    CHECK(fabs(bx - 250) < 1e-9 && fabs(by - 200) < 1e-9, "the inverse map undoes the forward");
    f = motion_layer_footprint(&s, W, H, cloud);
    CHECK(f.x0 < 99 && f.x1 >= 401 && f.y0 <= 49 && f.y1 > 201 && f.x1 < 420,
          "a swaying layer's footprint holds its turned corners (%d %d %d %d)", f.x0, f.y0,
          f.x1, f.y1);
    /* Breathe: about the content's middle, 1.5 % at most. */
    MotionLayerLook br = motion_layer_at(EFFECT_BREATHE, 0, 3.5, MOTION_SETTING_ON);
    motion_layer_forward(&br, W, H, cloud, fw);
    map_point(fw, 250, 125, &x, &y);
    double x2, y2;
    map_point(fw, 400, 125, &x2, &y2);
    CHECK(fabs(x - 250) < 1e-9 && fabs(y - 125) < 1e-9 && fabs(x2 - 250 - 150 * 1.015) < 1e-6,
          "a breath grows 1.5 %% about the middle of what the layer draws (edge at %.2f)", x2);
    MotionLayerLook rest = motion_layer_at(EFFECT_BREATHE, 0, 0, MOTION_SETTING_ON);
    CHECK(motion_layer_still(&rest) && !motion_layer_still(&br) &&
              motion_layer_shift_px(&rest, &br, W, H, cloud) > 2,
          "a layer at rest draws as it is; a breath moves its edges");
    MotionBox none = { 0, 0, 0, 0 };
    f = motion_layer_footprint(&br, W, H, none);
    CHECK(f.x1 <= f.x0, "a layer with nothing drawn has no footprint");
}

static void test_layers(void)
{
    StoryEffect all[] = { EFFECT_TWINKLE, EFFECT_DRIFT, EFFECT_SWAY, EFFECT_BREATHE };
    const char *names[] = { "twinkle", "drift", "sway", "breathe" };
    for (int i = 0; i < 4; i++) {
        double period = motion_layer_period(all[i]);
        CHECK(period >= 3 && period > MOTION_MIN_PERIOD,
              "%s has a period of several seconds (%.0f)", names[i], period);
        double worst_alpha = 0, min_alpha = 1, max_angle = 0, max_dx = 0, max_scale = 1;
        for (double t = 0; t < 2 * period; t += 1 / MOTION_MIN_FPS) {
            MotionLayerLook a = motion_layer_at(all[i], 1, t, MOTION_SETTING_ON);
            MotionLayerLook b = motion_layer_at(all[i], 1, t + 1 / MOTION_MIN_FPS,
                                                MOTION_SETTING_ON);
            worst_alpha = fmax(worst_alpha, fabs(b.alpha - a.alpha));
            min_alpha = fmin(min_alpha, a.alpha);
            max_angle = fmax(max_angle, fabs(a.angle));
            max_dx = fmax(max_dx, fabs(a.dx));
            max_scale = fmax(max_scale, a.scale);
        }
        CHECK(worst_alpha <= MOTION_MAX_BRIGHT_STEP,
              "%s: no brightness step over 5 %% between frames even at %.0f fps (%.4f)",
              names[i], MOTION_MIN_FPS, worst_alpha);
        CHECK(max_angle <= 3 && max_dx < 1 && max_scale <= 1.02 && min_alpha >= 0.4,
              "%s stays small (angle %.1f, offset %.3f, scale %.3f, alpha down to %.2f)",
              names[i], max_angle, max_dx, max_scale, min_alpha);
        MotionLayerLook p0 = motion_layer_at(all[i], 0, 1.0, MOTION_SETTING_ON);
        MotionLayerLook p1 = motion_layer_at(all[i], 0, 1.0 + period, MOTION_SETTING_ON);
        CHECK(fabs(p0.alpha - p1.alpha) + fabs(p0.dx - p1.dx) + fabs(p0.angle - p1.angle) +
                  fabs(p0.scale - p1.scale) < 1e-9, "%s repeats after its period", names[i]);
        MotionLayerLook off = motion_layer_at(all[i], 0, 2.0, MOTION_SETTING_OFF);
        CHECK(off.alpha == 1 && off.dx == 0 && off.angle == 0 && off.scale == 1,
              "%s is at rest when motion is off", names[i]);
    }
    /* Low halves the effect: the twinkle's dip at its deepest. */
    double deepest_on = 1, deepest_low = 1;
    for (double t = 0; t < 6; t += 0.01) {
        deepest_on = fmin(deepest_on, motion_layer_at(EFFECT_TWINKLE, 0, t, MOTION_SETTING_ON).alpha);
        deepest_low = fmin(deepest_low,
                           motion_layer_at(EFFECT_TWINKLE, 0, t, MOTION_SETTING_LOW).alpha);
    }
    CHECK(fabs((1 - deepest_low) - (1 - deepest_on) / 2) < 1e-3,
          "low: the twinkle dips half as deep (%.3f vs %.3f)", 1 - deepest_low, 1 - deepest_on);
    MotionLayerLook a = motion_layer_at(EFFECT_TWINKLE, 0, 1.5, MOTION_SETTING_ON);
    MotionLayerLook b = motion_layer_at(EFFECT_TWINKLE, 1, 1.5, MOTION_SETTING_ON);
    CHECK(fabs(a.alpha - b.alpha) > 0.01, "two layers of a page do not breathe in step");
    test_layer_moves();
    /* The layer frame grid: at most 15 a second, 8 at low, none off. */
    double t = 0, closest = 1;
    for (int n = 0; n < 100; n++) {
        double next = motion_layer_next_frame(t, motion_layer_fps(MOTION_SETTING_ON));
        closest = fmin(closest, next - t);
        t = next;
    }
    CHECK(closest >= 1 / MOTION_LAYER_FPS - 1e-9 && fabs(t - 100 / MOTION_LAYER_FPS) < 1e-6,
          "layer frames come 15 a second, no faster (closest %.4f s)", closest);
    CHECK(fabs(motion_layer_next_frame(0.01, motion_layer_fps(MOTION_SETTING_LOW)) -
               1 / MOTION_LAYER_LOW_FPS) < 1e-9 &&
              motion_layer_next_frame(1, motion_layer_fps(MOTION_SETTING_OFF)) == MOTION_NEVER,
          "at low 8 a second, and none when off");
    CHECK(motion_layer_next_frame(0.2, MOTION_LAYER_FPS) > 0.2,
          "the next layer frame is always later than now, even on the grid");
    CHECK(fabs(motion_layer_next_frame(0.0, 60) - 1 / MOTION_LAYER_FPS) < 1e-9 &&
              fabs(motion_layer_next_frame(0.0, 10) - 0.1) < 1e-9,
          "a faster rate asked for is held to 15 a second; a slower one is kept");
}

/* Rec. 709 light of a colour modulation, 0..1. */
static double light(uint8_t r, uint8_t g, uint8_t b)
{
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255.0;
}

static void test_night(void)
{
    uint8_t r, g, b, r0, g0, b0;
    motion_night_tint(0, 1, &r0, &g0, &b0);
    CHECK(r0 == 255 && g0 == 255 && b0 == 255, "the night starts with the colours unchanged");
    double prev_light = 1, prev_blue = 255;
    int warmer = 1, small = 1;
    /* Three stories, then the closing scene. */
    for (int s = 0; s <= 3; s++) {
        double u = s < 3 ? motion_night_progress(s, 3, 0) : motion_night_progress(0, 3, 1);
        motion_night_tint(u, 1, &r, &g, &b);
        warmer &= (s == 0 ? b == 255 : b < prev_blue) && r == 255;
        small &= prev_light - light(r, g, b) <= MOTION_MAX_BRIGHT_STEP;
        prev_light = light(r, g, b);
        prev_blue = b;
    }
    motion_night_tint(1, 1, &r, &g, &b);
    CHECK(warmer && b < g && g < r, "story by story the night grows warmer (less blue): "
          "%d,%d,%d at the end", r, g, b);
    CHECK(small && 1 - light(r, g, b) <= MOTION_MAX_BRIGHT_STEP &&
              1 - light(r, g, b) > 0.02,
          "and a little dimmer, by %.1f %% in all, never more than 5 %% at once",
          100 * (1 - light(r, g, b)));
    CHECK(motion_night_progress(0, 3, 0) == 0 &&
              motion_night_progress(2, 3, 0) > motion_night_progress(1, 3, 0) &&
              motion_night_progress(0, 3, 1) == 1,
          "progress starts at nothing, grows story by story (one tint a story, so a page "
          "turn inside it crossfades two pages of one tint) and is full at the closing scene");
    CHECK(motion_night_progress(-1, 0, 0) == 0 && motion_night_progress(9, 3, 0) == 1,
          "progress stays within 0..1 for nonsense counts");
    /* Through the dimming the night's end tint times the dimming's own warm
     * colour, frame by frame: from the closing scene's look on, ever warmer
     * (blue falling against red), never brighter, no channel stepping more
     * than 5 % of full scale between two frames. */
    uint8_t tr, tg, tb;
    motion_night_tint(1, 1, &tr, &tg, &tb);
    int pr = tr, pg = tg, pb = tb, dim_warmer = 1, dim_small = 1, lit = 0;
    double ratio = (double)tb / tr;
    for (double u = 0; u < 1; u += 1.0 / 600) { /* a 20 s dimming at 30 frames a second */
        uint8_t dr, dg, db;
        int level = player_dim_level(u);
        player_dim_colour(level, 1, &dr, &dg, &db);
        int cr = motion_tint_mul(dr, tr), cg = motion_tint_mul(dg, tg), cb = motion_tint_mul(db, tb);
        if (cr < 8)
            break; /* too dark for a ratio to mean anything */
        /* (within two levels of rounding: blue holds a level while red falls) */
        dim_warmer &= (double)cb / cr <= ratio + 2.0 / cr && cr <= pr && cg <= pg && cb <= pb;
        dim_small &= pr - cr <= 13 && pg - cg <= 13 && pb - cb <= 13;
        ratio = fmin(ratio, (double)cb / cr);
        pr = cr, pg = cg, pb = cb;
        lit++;
    }
    CHECK(dim_warmer && ratio < (double)tb / tr - 0.05,
          "the dimming goes on from the night's warmth, warmer still (blue/red %.3f -> %.3f)",
          (double)tb / tr, ratio);
    CHECK(dim_small && lit > 100, "no step of the dimming over 5 %% of full scale (%d frames)",
          lit);
    motion_night_tint(1, 0, &r, &g, &b);
    CHECK(r == 255 && g == 255 && b == 255, "with the setting off nothing changes");
    CHECK(motion_tint_mul(200, 255) == 200 && motion_tint_mul(255, 204) == 204 &&
              motion_tint_mul(0, 100) == 0, "a tint multiplies a modulation channel");
}

int main(void)
{
    test_ends_and_easing();
    test_gentle();
    test_limits();
    test_schedule();
    test_layers();
    test_night();
    CHECK_DONE();
}
