/* input — taps, swipes, holds and keys from raw pointer events, and --replay.
 *
 * The edge turns SDL's mouse and touch events into pointer down/move/up in
 * fractions of the window (touch-synthesised mouse events and mouse-synthesised
 * touches are dropped there, so one finger is one pointer). The recogniser here
 * decides what a person meant; it is pure and driven by the caller's clock, so
 * replayed input and real input go through exactly the same code.
 *
 * Replay files (docs/architecture.md): one event a line, seconds first,
 * positions as fractions of the window:
 *     1.5 tap 0.2 0.5
 *     3 swipe 0.8 0.5 0.2 0.5
 *     4 hold 0.02 0.02 3.5
 *     6 key Escape
 *     7 text Mama is here.
 * '#' starts a comment line. */
#ifndef HUSHABYE_INPUT_H
#define HUSHABYE_INPUT_H

#include "caps.h"

#include <stddef.h>

#define INPUT_TAP_MAX_MOVE   0.04   /* fraction of the window */
#define INPUT_TAP_MAX_TIME   0.8    /* seconds */
#define INPUT_SWIPE_MIN      0.12   /* horizontal travel, fraction of the width */
#define INPUT_LONG_PRESS     3.0    /* seconds held still: the parents' gesture */
#define INPUT_KEYNAME        24

typedef enum {
    IN_NONE,
    IN_TAP,         /* x, y */
    IN_SWIPE,       /* x, y -> x2, y2 */
    IN_LONG_PRESS,  /* x, y: held still INPUT_LONG_PRESS seconds (fires while held) */
    IN_RELEASE,     /* x, y, seconds: a press that was neither tap nor swipe ended */
    IN_KEY,         /* key: SDL-style key name ("Escape", "Left", "Space", "F4") */
    IN_TEXT         /* text: typed characters, UTF-8 (a keyboard's text input) */
} InputKind;

#define INPUT_TEXT 128

typedef struct {
    InputKind kind;
    double time;
    float x, y, x2, y2;
    double seconds;
    char key[INPUT_KEYNAME];
    int mods;       /* INPUT_MOD_* for keys */
    char text[INPUT_TEXT];
} InputEvent;

#define INPUT_MOD_CTRL  1
#define INPUT_MOD_ALT   2
#define INPUT_MOD_SHIFT 4
#define INPUT_MOD_GUI   8

typedef struct {
    int down;
    double t0;
    float x0, y0, x, y;
    int moved;          /* left the tap radius */
    int long_fired;
} InputPointer;

void input_reset(InputPointer *p);
/* Feed the pointer. Each returns 1 and fills out when a gesture completes. */
int input_down(InputPointer *p, float x, float y, double t, InputEvent *out);
int input_move(InputPointer *p, float x, float y, double t, InputEvent *out);
int input_up(InputPointer *p, float x, float y, double t, InputEvent *out);
/* Time passing with the pointer down: fires IN_LONG_PRESS once. */
int input_tick(InputPointer *p, double t, InputEvent *out);
/* When input_tick next needs calling (a long press could fire), or LIMIT_NEVER. */
double input_next_tick(const InputPointer *p);
/* Is e the key of that name (SDL's names: "Left", "Return", "R"), in any case? */
int input_key_is(const InputEvent *e, const char *name);

/* A side of the screen (-1 the left, +1 the right) as a way through a book:
 * +1 the next page, -1 the previous. The next page lies on the right in a
 * left-to-right book and on the left in a right-to-left one (rtl = 1: Arabic,
 * Hebrew...), so an edge tap on the left turns forward there. 0: 0. */
int input_side_dir(int side, int rtl);
/* Which way a swipe or a key turns the page: +1 next, -1 back, 0 neither. A
 * swipe pulls in the page on the side it comes from (to the left: the right
 * one), the arrow keys point at a side (Left is the next page in a
 * right-to-left book), PageDown is always next and PageUp back. */
int input_turn_dir(const InputEvent *e, int rtl);
/* A replay script: raw pointer steps and keys at their times. */
typedef enum { RP_DOWN, RP_MOVE, RP_UP, RP_KEY, RP_TEXT } ReplayStepKind;
typedef struct {
    ReplayStepKind kind;
    double time;
    float x, y;
    char key[INPUT_KEYNAME];
    int mods;
    char text[INPUT_TEXT];
    int seq;        /* order in the file, to keep sorting stable */
} ReplayStep;

typedef struct {
    ReplayStep *steps;
    int n, next;
} Replay;

/* Parse a replay file's bytes. Bad lines are reported as "name:line: ..." into
 * err (first one only) and make the parse fail: a test must not half-run.
 * Keys may carry modifiers: "key Ctrl+Q", "key Alt+F4". 0 ok, -1 bad. */
int replay_parse(const char *buf, size_t len, const char *name, Replay *r, char *err,
                 size_t errlen);
void replay_free(Replay *r);
/* Time of the next step, or LIMIT_NEVER when done. */
double replay_next_time(const Replay *r);

#endif
