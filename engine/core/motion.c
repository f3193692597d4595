/* motion — pan-zoom plans, layer effects and the warm night (see motion.h).
 *
 * A rectangle of the picture in fractions has the picture's own shape exactly
 * when its width and height fractions are equal, so every plan keeps w == h:
 * the two ends are made square in fractions (grown about their centre, kept
 * inside the picture), and a straight interpolation between two such
 * rectangles stays so. The easing is (1 - cos(pi u)) / 2, whose steepest
 * slope is pi/2 times the mean: that is what the speed cap is measured
 * against, so the cap holds at every instant, not just on average. */
#include "motion.h"

#include <math.h>

#define PI 3.14159265358979323846
#define MOTION_MIN_SIDE 0.25      /* a two-rectangle move zooms at most 4x */
#define MOTION_MIN_PAGE 1.0

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static MotionRect whole(void)
{
    return (MotionRect){ 0, 0, 1, 1 };
}

/* A rectangle of side s (fractions) at (fx, fy) of the room left around it. */
static MotionRect placed(double s, double fx, double fy)
{
    return (MotionRect){ (1 - s) * fx, (1 - s) * fy, s, s };
}

/* r made the picture's shape: grown about its centre to a square in
 * fractions, at least MOTION_MIN_SIDE, and moved back inside the picture. */
static MotionRect conform(StoryRect r)
{
    double s = clampd(r.w > r.h ? r.w : r.h, MOTION_MIN_SIDE, 1);
    double cx = r.x + r.w / 2, cy = r.y + r.h / 2;
    return (MotionRect){ clampd(cx - s / 2, 0, 1 - s), clampd(cy - s / 2, 0, 1 - s), s, s };
}

/* The two ends of a move, before the calm limits. */
static void move_ends(const StoryMotion *mo, int page, MotionRect *from, MotionRect *to)
{
    double s = 1.0 / MOTION_MAX_ZOOM;
    *from = *to = whole();
    switch (mo->kind) {
    case MOTION_GENTLE:
        /* Alternating so a story does not keep drifting one way: even pages
         * lean in towards the right, odd ones open out from the left. */
        if (page % 2 == 0)
            *to = placed(1.0 / MOTION_GENTLE_ZOOM, 0.8, 0.4);
        else
            *from = placed(1.0 / MOTION_GENTLE_ZOOM, 0.2, 0.4);
        break;
    case MOTION_ZOOM_IN: *to = placed(s, 0.5, 0.5); break;
    case MOTION_ZOOM_OUT: *from = placed(s, 0.5, 0.5); break;
    case MOTION_PAN_LEFT: *from = placed(s, 1, 0.5); *to = placed(s, 0, 0.5); break;
    case MOTION_PAN_RIGHT: *from = placed(s, 0, 0.5); *to = placed(s, 1, 0.5); break;
    case MOTION_PAN_UP: *from = placed(s, 0.5, 1); *to = placed(s, 0.5, 0); break;
    case MOTION_PAN_DOWN: *from = placed(s, 0.5, 0); *to = placed(s, 0.5, 1); break;
    case MOTION_RECTS: *from = conform(mo->from); *to = conform(mo->to); break;
    default: break;
    }
}

/* The largest move of any edge from a to b, in fractions of the picture. */
static double travel(MotionRect a, MotionRect b)
{
    double d[4] = { fabs(b.x - a.x), fabs(b.y - a.y), fabs(b.x + b.w - a.x - a.w),
                    fabs(b.y + b.h - a.y - a.h) };
    double m = 0;
    for (int i = 0; i < 4; i++)
        m = d[i] > m ? d[i] : m;
    return m;
}

static MotionRect lerp(MotionRect a, MotionRect b, double u)
{
    return (MotionRect){ a.x + (b.x - a.x) * u, a.y + (b.y - a.y) * u, a.w + (b.w - a.w) * u,
                         a.h + (b.h - a.h) * u };
}

void motion_plan(MotionPlan *m, const StoryMotion *motion, int page, int pic_w, int pic_h,
                 int screen_w, int screen_h, double duration, MotionSetting setting)
{
    m->from = m->to = whole();
    m->fps = 0;
    m->screen_w = screen_w > 0 ? screen_w : 1;
    m->screen_h = screen_h > 0 ? screen_h : 1;
    if (!(duration > 0) || !isfinite(duration))
        duration = MOTION_DEFAULT_PAGE;
    m->duration = clampd(duration, MOTION_MIN_PAGE, MOTION_MAX_PAGE);
    if (!motion || setting == MOTION_SETTING_OFF || pic_w <= 0 || pic_h <= 0 ||
        screen_w <= 0 || screen_h <= 0)
        return;
    MotionRect from, to;
    move_ends(motion, page < 0 ? 0 : page, &from, &to);
    double d = travel(from, to);
    if (d <= 0)
        return;
    /* How much of the way it may go: all of it if the steepest moment stays
     * under the speed cap, else as far as the cap allows; "low" half. */
    double part = MOTION_MAX_SPEED * 2.0 * m->duration / (PI * d);
    part = part < 1 ? part : 1;
    if (setting == MOTION_SETTING_LOW && part > 0.5)
        part = 0.5;
    m->from = from;
    m->to = lerp(from, to, part);
    m->fps = setting == MOTION_SETTING_LOW ? MOTION_LOW_FPS : MOTION_FPS;
}

int motion_moves(const MotionPlan *m)
{
    return m->fps > 0 && travel(m->from, m->to) > 0;
}

MotionRect motion_at(const MotionPlan *m, double t)
{
    double u = m->duration > 0 ? clampd(t / m->duration, 0, 1) : 1;
    if (!(u == u))
        u = 0;
    return lerp(m->from, m->to, (1 - cos(PI * u)) / 2);
}

void motion_source_px(const MotionPlan *m, double t, int pic_w, int pic_h, int *x, int *y,
                      int *w, int *h)
{
    MotionRect r = motion_at(m, t);
    double x0 = floor(r.x * pic_w), y0 = floor(r.y * pic_h);
    double x1 = ceil((r.x + r.w) * pic_w), y1 = ceil((r.y + r.h) * pic_h);
    x0 = clampd(x0, 0, pic_w > 0 ? pic_w - 1 : 0);
    y0 = clampd(y0, 0, pic_h > 0 ? pic_h - 1 : 0);
    x1 = clampd(x1, x0 + 1, pic_w > 0 ? pic_w : 1);
    y1 = clampd(y1, y0 + 1, pic_h > 0 ? pic_h : 1);
    *x = (int)x0;
    *y = (int)y0;
    *w = (int)(x1 - x0);
    *h = (int)(y1 - y0);
}

double motion_shift_px(const MotionPlan *m, double t0, double t1)
{
    MotionRect a = motion_at(m, t0), b = motion_at(m, t1);
    /* Where the content at each screen edge at t0 is drawn at t1. */
    double sx = m->screen_w / b.w, sy = m->screen_h / b.h;
    double d[4] = { fabs(a.x - b.x) * sx, fabs(a.x + a.w - b.x - b.w) * sx,
                    fabs(a.y - b.y) * sy, fabs(a.y + a.h - b.y - b.h) * sy };
    double worst = 0;
    for (int i = 0; i < 4; i++)
        worst = d[i] > worst ? d[i] : worst;
    return worst;
}

int motion_visible(const MotionPlan *m, double t0, double t1)
{
    return motion_shift_px(m, t0, t1) >= 1.0;
}

/* The first time on a grid of fps a second strictly after now. */
static double grid_after(double now, double fps)
{
    double k = floor(now * fps) + 1;
    while (k / fps <= now)
        k += 1;
    return k / fps;
}

double motion_next_frame(const MotionPlan *m, double drawn, double now)
{
    if (!motion_moves(m) || !isfinite(now) || !isfinite(drawn))
        return MOTION_NEVER;
    double fps = m->fps < MOTION_FPS ? m->fps : MOTION_FPS;   /* the cap holds whatever is set */
    double end = m->duration + 1.0 / fps;
    /* The move only goes forward, so a rectangle too close to the last one
     * drawn at every grid time up to the end means no frame is ever due. */
    if (!motion_visible(m, drawn, m->duration))
        return MOTION_NEVER;
    /* Counted in whole grid steps, so the frame times do not drift. */
    for (double k = floor(grid_after(now < 0 ? 0 : now, fps) * fps + 0.5); k / fps <= end;
         k += 1)
        if (motion_visible(m, drawn, k / fps))
            return k / fps;
    return MOTION_NEVER;
}

/* ---- layer effects ---- */

typedef struct {
    double period;   /* seconds */
    double amount;   /* alpha dip, offset, degrees or scale, by effect */
} Effect;

/* Twinkle dips alpha by half over 6 s (at most 0.26 of full scale a second,
 * under 0.05 a frame even at 8 frames a second); drift crosses the whole
 * picture once a minute, always the same way, coming back round at the left
 * (1.7 % of the picture a second, under the pan and zoom's MOTION_MAX_SPEED);
 * sway turns 2 degrees each way over 5 s; breathe grows 1.5 % over 7 s. */
static const Effect effects[] = {
    [EFFECT_TWINKLE] = { 6.0, 0.5 },
    [EFFECT_DRIFT] = { 60.0, 1.0 },
    [EFFECT_SWAY] = { 5.0, 2.0 },
    [EFFECT_BREATHE] = { 7.0, 0.015 },
};

double motion_layer_period(StoryEffect e)
{
    return e >= EFFECT_TWINKLE && e <= EFFECT_BREATHE ? effects[e].period : effects[0].period;
}

MotionLayerLook motion_layer_at(StoryEffect e, int index, double t, MotionSetting setting)
{
    MotionLayerLook look = { 1, 0, 0, 0, 0.5, 0, 1, 0 };
    if (setting == MOTION_SETTING_OFF || !isfinite(t))
        return look;
    if (!(e >= EFFECT_TWINKLE && e <= EFFECT_BREATHE))
        e = EFFECT_TWINKLE;
    double half = setting == MOTION_SETTING_LOW ? 0.5 : 1.0;
    double amount = effects[e].amount * half;
    /* The golden ratio's fraction spreads layers' phases evenly apart. */
    double cycles = t / effects[e].period + 0.618034 * (index < 0 ? 0 : index);
    double phase = 2 * PI * cycles;
    double rise = (1 - cos(phase)) / 2;   /* 0 at rest, 1 at the far point */
    switch (e) {
    case EFFECT_TWINKLE: look.alpha = 1 - amount * rise; break;
    /* A crossing, not a swing: "low" goes at half the speed. */
    case EFFECT_DRIFT: {
        double c = t / effects[e].period * half + 0.618034 * (index < 0 ? 0 : index);
        look.dx = c - floor(c);
        look.wrap = 1;
        break;
    }
    /* A sway hangs from the top middle of what is drawn, as a mobile or a
     * lantern does. */
    case EFFECT_SWAY: look.angle = amount * sin(phase); break;
    case EFFECT_BREATHE: look.scale = 1 + amount * rise; break;
    }
    return look;
}

int motion_layer_still(const MotionLayerLook *l)
{
    return l->dx == 0 && l->dy == 0 && l->angle == 0 && l->scale == 1;
}

/* The content box, or the whole layer when it is empty. */
static MotionBox content_or_all(MotionBox c, int w, int h)
{
    if (c.x1 <= c.x0 || c.y1 <= c.y0)
        return (MotionBox){ 0, 0, w, h };
    return c;
}

void motion_layer_forward(const MotionLayerLook *l, int w, int h, MotionBox content,
                          double m[6])
{
    MotionBox c = content_or_all(content, w, h);
    double s = l->scale > 0 && isfinite(l->scale) ? l->scale : 1;
    double th = isfinite(l->angle) ? l->angle * PI / 180 : 0;
    double cs = cos(th), sn = sin(th);
    /* Scaled about the content's middle, turned about its pivot, moved. */
    double cx = (c.x0 + c.x1) / 2.0, cy = (c.y0 + c.y1) / 2.0;
    double qx = c.x0 + l->px * (c.x1 - c.x0), qy = c.y0 + l->py * (c.y1 - c.y0);
    double ox = l->dx * w, oy = l->dy * h;
    /* p -> C + s (p - C) =: p'; p' -> Q + R (p' - Q) + O. */
    m[0] = cs * s, m[1] = -sn * s, m[3] = sn * s, m[4] = cs * s;
    double tx = cx * (1 - s) - qx, ty = cy * (1 - s) - qy;  /* p' - Q at p = 0 */
    m[2] = qx + cs * tx - sn * ty + ox;
    m[5] = qy + sn * tx + cs * ty + oy;
}

void motion_layer_inverse(const MotionLayerLook *l, int w, int h, MotionBox content,
                          double m[6])
{
    double f[6];
    motion_layer_forward(l, w, h, content, f);
    double det = f[0] * f[4] - f[1] * f[3];
    if (!(fabs(det) > 1e-12))
        det = 1;
    m[0] = f[4] / det, m[1] = -f[1] / det, m[3] = -f[3] / det, m[4] = f[0] / det;
    m[2] = -(m[0] * f[2] + m[1] * f[5]);
    m[5] = -(m[3] * f[2] + m[4] * f[5]);
}

MotionBox motion_layer_footprint(const MotionLayerLook *l, int w, int h, MotionBox content)
{
    MotionBox none = { 0, 0, 0, 0 };
    if (w <= 0 || h <= 0 || content.x1 <= content.x0 || content.y1 <= content.y0)
        return none;
    double f[6], x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    motion_layer_forward(l, w, h, content, f);
    for (int k = 0; k < 4; k++) {
        double px = k & 1 ? content.x1 : content.x0, py = k & 2 ? content.y1 : content.y0;
        double x = f[0] * px + f[1] * py + f[2], y = f[3] * px + f[4] * py + f[5];
        x0 = fmin(x0, x), x1 = fmax(x1, x), y0 = fmin(y0, y), y1 = fmax(y1, y);
    }
    if (l->wrap && (x1 > w || x0 < 0))
        x0 = 0, x1 = w;   /* the part carried over comes in at the other side */
    MotionBox b = { (int)clampd(floor(x0) - 1, 0, w), (int)clampd(floor(y0) - 1, 0, h),
                    (int)clampd(ceil(x1) + 1, 0, w), (int)clampd(ceil(y1) + 1, 0, h) };
    return b.x1 > b.x0 && b.y1 > b.y0 ? b : none;
}

double motion_layer_shift_px(const MotionLayerLook *a, const MotionLayerLook *b, int w, int h,
                             MotionBox content)
{
    MotionLayerLook bb = *b;
    if (a->wrap && b->wrap) /* the short way round */
        bb.dx -= floor(bb.dx - a->dx + 0.5);
    MotionBox c = content_or_all(content, w, h);
    double fa[6], fb[6], worst = 0;
    motion_layer_forward(a, w, h, c, fa);
    motion_layer_forward(&bb, w, h, c, fb);
    for (int k = 0; k < 4; k++) {
        double px = k & 1 ? c.x1 : c.x0, py = k & 2 ? c.y1 : c.y0;
        double dx = (fb[0] - fa[0]) * px + (fb[1] - fa[1]) * py + fb[2] - fa[2];
        double dy = (fb[3] - fa[3]) * px + (fb[4] - fa[4]) * py + fb[5] - fa[5];
        worst = fmax(worst, sqrt(dx * dx + dy * dy));
    }
    return worst;
}

double motion_layer_fps(MotionSetting setting)
{
    return setting == MOTION_SETTING_OFF ? 0
         : setting == MOTION_SETTING_LOW ? MOTION_LAYER_LOW_FPS : MOTION_LAYER_FPS;
}

double motion_layer_next_frame(double now, double fps)
{
    fps = fps < MOTION_LAYER_FPS ? fps : MOTION_LAYER_FPS;   /* the cap holds whatever is asked */
    if (!(fps > 0) || !isfinite(now))
        return MOTION_NEVER;
    return grid_after(now < 0 ? 0 : now, fps);
}

/* ---- the warmer night ---- */

double motion_night_progress(int story, int nstories, int closing)
{
    if (closing)
        return 1;
    if (nstories <= 0 || story < 0)
        return 0;
    return clampd((double)story / nstories, 0, 1);
}

/* At the end of the night blue is 20 % down and green 4.5 %: 4.7 % of the
 * light (Rec. 709 weights), so even a night of one page shown without a
 * transition never changes brightness by more than the 5 % calm limit at
 * once. */
#define TINT_GREEN 0.045
#define TINT_BLUE  0.20

void motion_night_tint(double p, int on, uint8_t *r, uint8_t *g, uint8_t *b)
{
    double w = on && p == p ? clampd(p, 0, 1) : 0;
    *r = 255;
    *g = (uint8_t)lround(255 * (1 - TINT_GREEN * w));
    *b = (uint8_t)lround(255 * (1 - TINT_BLUE * w));
}

uint8_t motion_tint_mul(uint8_t v, uint8_t tint)
{
    return (uint8_t)((v * tint + 127) / 255);
}
