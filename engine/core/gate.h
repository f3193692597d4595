/* gate — the parents' gate and menu, as a pure state machine.
 *
 * A toddler cannot pass it by accident and an adult passes in seconds:
 * press and hold the small dim mark in the top-left corner for three seconds
 * (or press Ctrl+Shift+P), then tap the numbers that are named in words, in
 * order ("Tap three, then one, then four."). Reading is the lock. A wrong
 * answer closes the gate quietly; so does leaving it untouched. A toddler
 * tapping at random passes one try in 125, so the tries are rationed: after
 * GATE_FREE_MISSES wrong answers in a row the gate rests, a minute at first
 * and twice as long after each miss more (at most GATE_REST_MAX), and when
 * summoned meanwhile it only says when it opens again. A right answer, or
 * GATE_FORGET without a miss, starts the count again. Behind it,
 * the parents' menu: back to the story, settings a family sets once, leave
 * kiosk mode, quit. The menu closes itself after a minute untouched.
 *
 * Everything here is arithmetic on window fractions and a clock, so replayed
 * input can test every path headlessly. */
#ifndef HUSHABYE_GATE_H
#define HUSHABYE_GATE_H

#include "caps.h"

#include <stddef.h>

#include "layout.h"

#define GATE_DIGITS       5      /* number tiles 1..5 */
#define GATE_ASK          3      /* how many to tap in order */
#define GATE_ASK_TIMEOUT  20.0   /* seconds untouched before the gate closes */
#define GATE_MENU_TIMEOUT 60.0
#define GATE_MENU_MAX     16     /* items at most; more than 7 go in two columns */
#define GATE_FREE_MISSES  3      /* wrong answers in a row before the gate rests */
#define GATE_REST         60.0   /* its first rest, in seconds; doubled at each miss more */
#define GATE_REST_MAX     900.0  /* ... up to this */
#define GATE_REST_SHOWN   6.0    /* "opens again in ..." shows this long */
#define GATE_FORGET       1800.0 /* misses this long ago no longer count */

typedef enum { GATE_CLOSED, GATE_ASKING, GATE_MENU, GATE_RESTING } GateState;

typedef enum {
    GATE_NOTHING,     /* nothing happened (a tap between the tiles) */
    GATE_PROGRESS,    /* a right number, more to come */
    GATE_WRONG,       /* a wrong number: the gate closed */
    GATE_UNLOCKED,    /* the menu is open */
    GATE_ITEM,        /* a menu item was chosen (see *item) */
    GATE_CLOSED_NOW   /* the menu or gate closed (timeout, back) */
} GateResult;

typedef struct {
    GateState state;
    int answer[GATE_ASK];
    int got;                 /* right numbers tapped so far */
    double touched;          /* last interaction, for the timeouts */
    int nitems;              /* menu items on show */
    int selected;            /* keyboard selection in the menu */
    int version;             /* bumped on every visible change */
    int rtl;                 /* the interface reads right to left: tiles and menu
                                columns mirrored (1 on the right) */
    int misses;              /* wrong answers in a row */
    double missed;           /* the last one's time */
    double rest_until;       /* no question is asked before this */
} Gate;

void gate_init(Gate *g);
/* Is this point (window fractions) on the corner mark's hold area? */
int gate_corner_hit(int w, int h, float fx, float fy);
/* The corner mark's rectangle in pixels (drawn small and dim). */
LayoutRect gate_corner_mark(int w, int h);

/* Show the question. seed picks the numbers (any value; the same seed asks the
 * same question, which keeps replays deterministic). While the gate rests it
 * shows no question: GATE_RESTING, which any tap or key closes. */
void gate_open(Gate *g, double now, unsigned seed);
/* Seconds until the gate asks again (0: it asks now). */
double gate_rest_left(const Gate *g, double now);
/* "Too many wrong answers. Ask again in 2 minutes." for a resting gate. */
void gate_rest_prompt(const Gate *g, double now, char *buf, size_t len);
void gate_close(Gate *g);
/* "Tap three, then one, then four." */
void gate_prompt(const Gate *g, char *buf, size_t len);

/* A number tile's rectangle (digit 1..5) and a menu item's (0..n-1), left to
 * right; gate_place puts one where this gate shows it (mirrored across the
 * window when g->rtl), as its taps are tested. */
LayoutRect gate_digit_rect(int w, int h, int digit);
LayoutRect gate_item_rect(int w, int h, int item, int nitems);
LayoutRect gate_place(const Gate *g, LayoutRect r, int w);

/* Input while the gate is open. In the menu, Escape (or a tablet's Back)
 * closes it: GATE_CLOSED_NOW. nitems is the menu's size (the caller knows
 * which items are on show). */
GateResult gate_tap(Gate *g, int w, int h, float fx, float fy, double now, int *item);
GateResult gate_key(Gate *g, const char *key, double now, int *item);
/* Open the menu directly (after the right answer). */
void gate_unlock(Gate *g, int nitems, double now);
/* When the gate closes itself; LIMIT_NEVER when closed. */
double gate_deadline(const Gate *g);
/* Apply the timeout: GATE_CLOSED_NOW when it closed. */
GateResult gate_update(Gate *g, double now);

#endif
