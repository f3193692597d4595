/* motion — living pictures that stay calm: pan-zoom, layer effects, a warmer night.
 *
 * Everything here is a pure function of the clock, so a late frame shows
 * where the picture should be at that moment and never "catches up", and the
 * frame loop can ask, before drawing, whether a frame would change a pixel.
 *
 * Pan-zoom (Ken Burns). A page's motion (story.h: gentle, the named moves,
 * two rectangles) becomes a MotionPlan: a rectangle of the picture at the
 * start and one at the end, both of the picture's own shape, so the picture
 * keeps its place and size on screen (the rectangle it is drawn into never
 * changes; only the part of the picture drawn into it does). Between them the
 * rectangle moves with cosine easing (still at both ends). The calm limits:
 * a zoom of at most MOTION_MAX_ZOOM over a page (gentle and the named moves;
 * two rectangles are the parent's choice), and no edge of the rectangle ever
 * faster than MOTION_MAX_SPEED of the picture a second at the easing's
 * steepest: a move that would be faster on a short page goes only part of
 * the way. Frames come on a grid of at most MOTION_FPS a second
 * (MOTION_LOW_FPS at the parents' "low", which also halves the travel; "off"
 * keeps pictures still, as WCAG 2.2.2 asks), and a grid time whose rectangle
 * moved less than a screen pixel since the last frame drawn is skipped.
 *
 * Layer effects (twinkle, drift, sway, breathe) are slow periodic changes of
 * an overlay's alpha, offset, angle or scale (drift a slow crossing that
 * wraps round, the others swings there and back); periods of several seconds, at
 * most MOTION_LAYER_FPS frames a second, never a cycle a second or faster,
 * and no alpha change of more than MOTION_MAX_BRIGHT_STEP between two frames
 * even at the lowest frame rate the loop may fall to (MOTION_MIN_FPS).
 *
 * The warmer night is a colour modulation from how far the night has gone
 * (story by story, then the closing scene): it changes only
 * when a new scene is shown (so it draws no frame of its own) and grows
 * warmer and a little dimmer, mostly by taking blue away. The dimming's own
 * warm shift (player_dim_colour) continues from where this one ends. */
#ifndef HUSHABYE_MOTION_H
#define HUSHABYE_MOTION_H

#include "caps.h"

#include <stdint.h>

#include "story.h"

#define MOTION_NEVER           LIMIT_NEVER
#define MOTION_MAX_ZOOM        1.10   /* over a whole page */
#define MOTION_GENTLE_ZOOM     1.08   /* what gentle uses, under the cap */
#define MOTION_MAX_SPEED       0.02   /* fraction of the picture a second, at the steepest */
#define MOTION_FPS             30.0
#define MOTION_LOW_FPS         12.0
#define MOTION_LAYER_FPS       15.0
#define MOTION_LAYER_LOW_FPS   8.0
#define MOTION_MIN_FPS         8.0    /* the lowest rate a struggling loop may fall to */
#define MOTION_MAX_BRIGHT_STEP 0.05   /* of full scale, between two frames */
#define MOTION_MIN_PERIOD      1.0    /* seconds: no effect cycles faster */
#define MOTION_DEFAULT_PAGE    20.0   /* seconds assumed when a page's length is unknown */
#define MOTION_MAX_PAGE        600.0  /* a longer page's move is spread over this */

/* The parents' setting (settings.ini "motion"). */
typedef enum { MOTION_SETTING_ON, MOTION_SETTING_LOW, MOTION_SETTING_OFF } MotionSetting;

/* A rectangle of the picture, in fractions of its width and height. */
typedef struct { double x, y, w, h; } MotionRect;

typedef struct {
    MotionRect from, to;   /* at the page's start and end (equal: still) */
    double duration;       /* seconds the move takes */
    double fps;            /* frame grid; 0 = still, no frames. The caller may
                              lower it (a slow machine), never raise it */
    double screen_w, screen_h;  /* pixels the picture is drawn into */
} MotionPlan;

/* The plan of one page. motion: the page's (story default applied); page:
 * its index in the story (gentle alternates direction with it); pic_w/pic_h:
 * the picture's pixels (its shape); screen_w/screen_h: the rectangle it is
 * drawn into on screen; duration: seconds from the page appearing to it
 * leaving (<= 0 or not finite: MOTION_DEFAULT_PAGE); setting: the parents'.
 * Bad sizes give a still plan (the whole picture). */
void motion_plan(MotionPlan *m, const StoryMotion *motion, int page, int pic_w, int pic_h,
                 int screen_w, int screen_h, double duration, MotionSetting setting);
/* Is anything moving in this plan? */
int motion_moves(const MotionPlan *m);
/* The part of the picture to draw at t seconds since the page appeared
 * (clamped: before 0 the start, after the duration the end). */
MotionRect motion_at(const MotionPlan *m, double t);
/* The same in picture pixels, rounded outwards to whole pixels and kept
 * inside the picture, for a renderer's source rectangle. */
void motion_source_px(const MotionPlan *m, double t, int pic_w, int pic_h, int *x, int *y,
                      int *w, int *h);
/* How far (screen pixels) the picture's content moves between t0 and t1:
 * the largest move of any edge of the rectangle, as drawn on screen. */
double motion_shift_px(const MotionPlan *m, double t0, double t1);
/* Would a frame at t1 differ visibly (by a screen pixel or more) from one
 * drawn at t0? */
int motion_visible(const MotionPlan *m, double t0, double t1);
/* The next frame time after now, given the last frame was drawn at drawn:
 * the first time on the plan's frame grid that is later than now and whose
 * rectangle moved visibly since drawn; MOTION_NEVER when none comes (still,
 * or the move is over). */
double motion_next_frame(const MotionPlan *m, double drawn, double now);

/* A layer's look at a moment: multiply its alpha, move it by (dx, dy)
 * fractions of the picture (wrap: dx wraps around the picture's width, the
 * part carried out at the right coming in at the left), turn it by angle
 * degrees (clockwise on screen) about (px, py) and scale it about its
 * centre; (px, py) and the centre are fractions of the layer's content, the
 * box of its pixels that are not fully transparent, so a lantern hangs from
 * its own top and a moon breathes about its own middle. */
typedef struct {
    double alpha, dx, dy, angle, px, py, scale;
    int wrap;
} MotionLayerLook;

/* A box of pixels, x0 <= x < x1, y0 <= y < y1 (empty when x1 <= x0). */
typedef struct { int x0, y0, x1, y1; } MotionBox;

/* Effect e at t seconds since the page appeared; index (the layer's place on
 * the page) shifts its phase, so two layers do not breathe in step.
 * MOTION_SETTING_LOW halves every amplitude; OFF gives the layer at rest. */
MotionLayerLook motion_layer_at(StoryEffect e, int index, double t, MotionSetting setting);
/* The effect's period in seconds (always > MOTION_MIN_PERIOD). */
double motion_layer_period(StoryEffect e);
/* Frames a second for layer effects at this setting (0 when off). */
double motion_layer_fps(MotionSetting setting);
/* Does look l draw its layer as it is (no move, turn or scale; any alpha)? */
int motion_layer_still(const MotionLayerLook *l);
/* The map of look l for a layer of w x h pixels drawn into the picture's box
 * of the same size, content its content box (layer pixels; empty: the whole
 * layer): inverse, box point (x, y) shows layer point (m[0] x + m[1] y +
 * m[2], m[3] x + m[4] y + m[5]) (x taken modulo w when l->wrap); forward,
 * the layer point (x, y) is drawn at box point (the same form). */
void motion_layer_inverse(const MotionLayerLook *l, int w, int h, MotionBox content,
                          double m[6]);
void motion_layer_forward(const MotionLayerLook *l, int w, int h, MotionBox content,
                          double m[6]);
/* The box pixels that content (layer pixels) covers under look l, grown by
 * a pixel each way for the bilinear sampling's reach and clipped to the
 * w x h box; whole rows when a wrapping layer crosses the box's edge. Empty
 * when content is. */
MotionBox motion_layer_footprint(const MotionLayerLook *l, int w, int h, MotionBox content);
/* How far (pixels) any point of the content moves on screen from look a to
 * look b (a wrapping move counted the short way round). */
double motion_layer_shift_px(const MotionLayerLook *a, const MotionLayerLook *b, int w, int h,
                             MotionBox content);
/* The next layer frame after now on a grid of fps a second: pass
 * motion_layer_fps(setting), or less on a machine that cannot keep up (a
 * lower rate for the night, never a stutter). MOTION_NEVER when fps <= 0. */
double motion_layer_next_frame(double now, double fps);

/* How far the night has gone, 0..1, for the warm shift, constant through a
 * story: story `story` (0-based) of `nstories`, or the closing scene
 * (closing = 1: the end, 1). */
double motion_night_progress(int story, int nstories, int closing);
/* The warm night's colour modulation at progress p (0..1); all 255 when off. */
void motion_night_tint(double p, int on, uint8_t *r, uint8_t *g, uint8_t *b);
/* Multiply one channel of a colour modulation by a tint channel (rounded). */
uint8_t motion_tint_mul(uint8_t v, uint8_t tint);

#endif
