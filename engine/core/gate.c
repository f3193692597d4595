/* gate — the parents' gate and menu (see gate.h). */
#include "gate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"

/* A number as a word, each translated on its own (with the gate as its
 * context), so a language whose sentence needs another order still gets all
 * three from its catalogue. */
static const char *number_word(int d)
{
    /* TRANSLATORS: the number words of the parents' gate, as in "Tap three,
       then one, then four.": in words, never as digits, since reading is
       what keeps a toddler out. */
    switch (d) {
    case 1: return C_("gate", "one");
    case 2: return C_("gate", "two");
    case 3: return C_("gate", "three");
    case 4: return C_("gate", "four");
    case 5: return C_("gate", "five");
    default: return C_("gate", "zero");
    }
}

void gate_init(Gate *g)
{
    memset(g, 0, sizeof *g);
}

LayoutRect gate_corner_mark(int w, int h)
{
    int side = w < h ? w : h;
    int size = side * 3 / 100 + 4, margin = side * 2 / 100;
    return (LayoutRect){ margin, margin, size, size };
}

int gate_corner_hit(int w, int h, float fx, float fy)
{
    /* A generous area around the mark: an adult's thumb, not a pixel. */
    int side = w < h ? w : h;
    float x = fx * w, y = fy * h, reach = side * 0.10f;
    return x >= 0 && y >= 0 && x < reach && y < reach;
}

/* A small linear congruential step: enough to vary the question. */
static unsigned next_rand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

double gate_rest_left(const Gate *g, double now)
{
    return g->rest_until > now ? g->rest_until - now : 0.0;
}

void gate_rest_prompt(const Gate *g, double now, char *buf, size_t len)
{
    double left = gate_rest_left(g, now);
    if (left >= 60.0) {
        int minutes = (int)ceil(left / 60.0);
        snprintf(buf, len, ngettext("Too many wrong answers. The menu opens again in %d minute.",
                                    "Too many wrong answers. The menu opens again in %d minutes.",
                                    (unsigned long)minutes), minutes);
    } else {
        int seconds = (int)ceil(left);
        snprintf(buf, len, ngettext("Too many wrong answers. The menu opens again in %d second.",
                                    "Too many wrong answers. The menu opens again in %d seconds.",
                                    (unsigned long)seconds), seconds);
    }
}

void gate_open(Gate *g, double now, unsigned seed)
{
    if (g->misses && now - g->missed >= GATE_FORGET)
        g->misses = 0;
    if (gate_rest_left(g, now) > 0) {
        g->state = GATE_RESTING;
        g->got = 0;
        g->touched = now;
        g->version++;
        return;
    }
    int pool[GATE_DIGITS];
    for (int i = 0; i < GATE_DIGITS; i++)
        pool[i] = i + 1;
    for (int i = GATE_DIGITS - 1; i > 0; i--) {
        int j = (int)(next_rand(&seed) % (unsigned)(i + 1)), t = pool[i];
        pool[i] = pool[j];
        pool[j] = t;
    }
    for (int i = 0; i < GATE_ASK; i++)
        g->answer[i] = pool[i];
    g->state = GATE_ASKING;
    g->got = 0;
    g->touched = now;
    g->version++;
}

void gate_close(Gate *g)
{
    g->state = GATE_CLOSED;
    g->got = 0;
    g->version++;
}

void gate_prompt(const Gate *g, char *buf, size_t len)
{
    /* TRANSLATORS: the parents' gate: the three number words, in the order
       they are to be tapped (%1$s first, then %2$s, then %3$s). The tiles
       show 1 to 5 in the digits your language writes. */
    snprintf(buf, len, _("Tap %1$s, then %2$s, then %3$s."), number_word(g->answer[0]),
             number_word(g->answer[1]), number_word(g->answer[2]));
}

LayoutRect gate_digit_rect(int w, int h, int digit)
{
    int gap = w * 3 / 100;
    int size = (w - gap * (GATE_DIGITS + 1)) / GATE_DIGITS;
    if (size > h * 22 / 100)
        size = h * 22 / 100;
    int row = GATE_DIGITS * size + (GATE_DIGITS - 1) * gap;
    int x0 = (w - row) / 2, y = h * 50 / 100;
    return (LayoutRect){ x0 + (digit - 1) * (size + gap), y, size, size };
}

LayoutRect gate_item_rect(int w, int h, int item, int nitems)
{
    int top = h * 16 / 100, bottom = h * 96 / 100;
    if (nitems <= 7) {
        int pitch = nitems > 0 ? (bottom - top) / nitems : 0;
        int height = pitch * 82 / 100;
        int width = w * 70 / 100;
        return (LayoutRect){ (w - width) / 2, top + item * pitch, width, height };
    }
    /* Two columns, filled top to bottom, so every item stays a finger's
     * height even on a small screen; Down walks the left column, then the right. */
    int rows = (nitems + 1) / 2, col = item / rows, row = item % rows;
    int pitch = (bottom - top) / rows;
    int width = w * 43 / 100, gap = w * 4 / 100;
    int x = (w - 2 * width - gap) / 2 + col * (width + gap);
    return (LayoutRect){ x, top + row * pitch, width, pitch * 82 / 100 };
}

LayoutRect gate_place(const Gate *g, LayoutRect r, int w)
{
    if (g->rtl)
        r.x = w - r.x - r.w;
    return r;
}

static int hit(LayoutRect r, int w, int h, float fx, float fy)
{
    return layout_contains(r, fx * w, fy * h);
}

/* A wrong answer: the gate closes quietly (no sound, no red, just gone), and
 * past GATE_FREE_MISSES in a row it rests. */
static GateResult wrong(Gate *g, double now)
{
    gate_close(g);
    g->misses++;
    g->missed = now;
    if (g->misses >= GATE_FREE_MISSES) {
        int more = g->misses - GATE_FREE_MISSES;
        double rest = GATE_REST * pow(2.0, more < 10 ? more : 10);
        g->rest_until = now + (rest < GATE_REST_MAX ? rest : GATE_REST_MAX);
    }
    return GATE_WRONG;
}

/* One number answered (by tap or key). */
static GateResult answer(Gate *g, int digit, double now)
{
    g->touched = now;
    if (digit != g->answer[g->got])
        return wrong(g, now);
    g->got++;
    g->version++;
    if (g->got < GATE_ASK)
        return GATE_PROGRESS;
    g->misses = 0;
    g->rest_until = 0;
    return GATE_UNLOCKED;
}

void gate_unlock(Gate *g, int nitems, double now)
{
    g->state = GATE_MENU;
    g->nitems = nitems < GATE_MENU_MAX ? nitems : GATE_MENU_MAX;
    g->selected = 0;
    g->touched = now;
    g->version++;
}

GateResult gate_tap(Gate *g, int w, int h, float fx, float fy, double now, int *item)
{
    if (g->state == GATE_ASKING) {
        for (int d = 1; d <= GATE_DIGITS; d++)
            if (hit(gate_place(g, gate_digit_rect(w, h, d), w), w, h, fx, fy))
                return answer(g, d, now);
        /* Anywhere else: a toddler's tap on the background closes the gate. */
        return wrong(g, now);
    }
    if (g->state == GATE_RESTING) {
        gate_close(g);
        return GATE_CLOSED_NOW;
    }
    if (g->state == GATE_MENU) {
        g->touched = now;
        for (int i = 0; i < g->nitems; i++) {
            if (hit(gate_place(g, gate_item_rect(w, h, i, g->nitems), w), w, h, fx, fy)) {
                *item = i;
                g->selected = i;
                g->version++;
                return GATE_ITEM;
            }
        }
    }
    return GATE_NOTHING;
}

GateResult gate_key(Gate *g, const char *key, double now, int *item)
{
    if (g->state == GATE_ASKING) {
        if (key[0] >= '1' && key[0] <= '0' + GATE_DIGITS && key[1] == '\0')
            return answer(g, key[0] - '0', now);
        return wrong(g, now);
    }
    if (g->state == GATE_RESTING) {
        gate_close(g);
        return GATE_CLOSED_NOW;
    }
    if (g->state != GATE_MENU)
        return GATE_NOTHING;
    g->touched = now;
    /* In two columns, Left and Right jump between them. */
    int rows = g->nitems > 7 ? (g->nitems + 1) / 2 : g->nitems;
    if (!strcasecmp(key, "Escape") || !strcasecmp(key, "AC Back")) {
        gate_close(g);
        return GATE_CLOSED_NOW;
    } else if (!strcasecmp(key, "Down") && g->selected + 1 < g->nitems)
        g->selected++;
    else if (!strcasecmp(key, "Up") && g->selected > 0)
        g->selected--;
    else if (!strcasecmp(key, "Right") && g->selected + rows < g->nitems)
        g->selected += rows;
    else if (!strcasecmp(key, "Left") && g->selected - rows >= 0)
        g->selected -= rows;
    else if (!strcasecmp(key, "Return") || !strcasecmp(key, "Space")) {
        *item = g->selected;
        return GATE_ITEM;
    } else
        return GATE_NOTHING;
    g->version++;
    return GATE_NOTHING;
}

double gate_deadline(const Gate *g)
{
    if (g->state == GATE_ASKING)
        return g->touched + GATE_ASK_TIMEOUT;
    if (g->state == GATE_MENU)
        return g->touched + GATE_MENU_TIMEOUT;
    if (g->state == GATE_RESTING)
        return g->touched + GATE_REST_SHOWN;
    return LIMIT_NEVER;
}

GateResult gate_update(Gate *g, double now)
{
    if (g->state != GATE_CLOSED && now >= gate_deadline(g)) {
        gate_close(g);
        return GATE_CLOSED_NOW;
    }
    return GATE_NOTHING;
}
