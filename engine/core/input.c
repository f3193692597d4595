/* input — gesture recognition and replay scripts (see input.h).
 *
 * A press becomes a tap if it is short and stays within a small radius, a
 * swipe if it travels far enough sideways, a long press if it stays still
 * long enough (reported while still held, so a parent feels it work), and a
 * plain release otherwise. Replay lines are expanded into the same raw
 * pointer steps a finger would make, so replays test the recogniser too. */
#include "input.h"
#include "mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TAP_PRESS_TIME   0.08   /* a replayed tap: down, then up this much later */
#define SWIPE_TIME       0.25
#define SWIPE_STEPS      5

int input_key_is(const InputEvent *e, const char *name)
{
    return e->kind == IN_KEY && strcasecmp(e->key, name) == 0;
}

int input_side_dir(int side, int rtl)
{
    if (side == 0)
        return 0;
    side = side > 0 ? +1 : -1;
    return rtl ? -side : side;
}

int input_turn_dir(const InputEvent *e, int rtl)
{
    if (!e)
        return 0;
    if (e->kind == IN_SWIPE) {
        /* The finger pulls in the page from the side it comes from: a swipe
         * to the left brings in the page on the right. */
        if (e->x2 == e->x)
            return 0;
        return input_side_dir(e->x2 < e->x ? +1 : -1, rtl);
    }
    if (input_key_is(e, "PageDown"))
        return +1;
    if (input_key_is(e, "PageUp"))
        return -1;
    if (input_key_is(e, "Right"))
        return input_side_dir(+1, rtl);
    if (input_key_is(e, "Left"))
        return input_side_dir(-1, rtl);
    return 0;
}

void input_reset(InputPointer *p)
{
    memset(p, 0, sizeof *p);
}

static void event(InputEvent *out, InputKind k, double t, float x, float y)
{
    memset(out, 0, sizeof *out);
    out->kind = k;
    out->time = t;
    out->x = x;
    out->y = y;
}

int input_down(InputPointer *p, float x, float y, double t, InputEvent *out)
{
    (void)out;
    p->down = 1;
    p->t0 = t;
    p->x0 = p->x = x;
    p->y0 = p->y = y;
    p->moved = 0;
    p->long_fired = 0;
    return 0;
}

int input_move(InputPointer *p, float x, float y, double t, InputEvent *out)
{
    (void)t;
    (void)out;
    if (!p->down)
        return 0;
    p->x = x;
    p->y = y;
    if (fabsf(x - p->x0) > INPUT_TAP_MAX_MOVE || fabsf(y - p->y0) > INPUT_TAP_MAX_MOVE)
        p->moved = 1;
    return 0;
}

int input_up(InputPointer *p, float x, float y, double t, InputEvent *out)
{
    if (!p->down)
        return 0;
    input_move(p, x, y, t, out);
    p->down = 0;
    if (p->long_fired)
        return 0; /* the long press was the gesture */
    float dx = x - p->x0, dy = y - p->y0;
    if (fabsf(dx) >= INPUT_SWIPE_MIN && fabsf(dx) > 2 * fabsf(dy)) {
        event(out, IN_SWIPE, t, p->x0, p->y0);
        out->x2 = x;
        out->y2 = y;
        return 1;
    }
    if (!p->moved && t - p->t0 <= INPUT_TAP_MAX_TIME) {
        event(out, IN_TAP, t, p->x0, p->y0);
        return 1;
    }
    event(out, IN_RELEASE, t, x, y);
    out->seconds = t - p->t0;
    return 1;
}

int input_tick(InputPointer *p, double t, InputEvent *out)
{
    /* the same sum input_next_tick gives: t - t0 can fall a hair short of it */
    if (!p->down || p->moved || p->long_fired || t < p->t0 + INPUT_LONG_PRESS)
        return 0;
    p->long_fired = 1;
    event(out, IN_LONG_PRESS, t, p->x0, p->y0);
    out->seconds = t - p->t0;
    return 1;
}

double input_next_tick(const InputPointer *p)
{
    if (!p->down || p->moved || p->long_fired)
        return LIMIT_NEVER;
    return p->t0 + INPUT_LONG_PRESS;
}

/* ---- replay scripts ---- */

static int add_step(Replay *r, int *cap, ReplayStep s)
{
    if (hb_grow(&r->steps, cap, r->n + 1, sizeof *r->steps, 32, 1000000))
        return -1;
    s.seq = r->n;
    r->steps[r->n++] = s;
    return 0;
}

static int pointer(Replay *r, int *cap, ReplayStepKind k, double t, float x, float y)
{
    ReplayStep s;
    memset(&s, 0, sizeof s);
    s.kind = k;
    s.time = t;
    s.x = x;
    s.y = y;
    return add_step(r, cap, s);
}

static int frac_ok(float v)
{
    return v >= 0.0f && v <= 1.0f;
}

/* "Ctrl+Alt+F4" -> mods and "F4". */
static int parse_key(const char *spec, ReplayStep *s)
{
    static const struct { const char *name; int mod; } mods[] = {
        { "ctrl+", INPUT_MOD_CTRL }, { "alt+", INPUT_MOD_ALT },
        { "shift+", INPUT_MOD_SHIFT }, { "super+", INPUT_MOD_GUI }, { "gui+", INPUT_MOD_GUI }
    };
    for (;;) {
        int hit = 0;
        for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++) {
            size_t n = strlen(mods[i].name);
            if (strncasecmp(spec, mods[i].name, n) == 0 && spec[n]) {
                s->mods |= mods[i].mod;
                spec += n;
                hit = 1;
            }
        }
        if (!hit)
            break;
    }
    if (!*spec || strlen(spec) >= INPUT_KEYNAME)
        return -1;
    snprintf(s->key, sizeof s->key, "%s", spec);
    return 0;
}

static int parse_line(Replay *r, int *cap, char *line, char *why, size_t whylen)
{
    char verb[16], rest[64];
    double t;
    float a, b, c, d;
    int n = sscanf(line, "%lf %15s", &t, verb);
    if (n < 2 || !(t >= 0) || t > 1e7) {
        snprintf(why, whylen, "expected 'SECONDS EVENT ...'");
        return -1;
    }
    if (!strcmp(verb, "tap")) {
        if (sscanf(line, "%*f %*s %f %f", &a, &b) != 2 || !frac_ok(a) || !frac_ok(b))
            goto bad;
        return pointer(r, cap, RP_DOWN, t, a, b) | pointer(r, cap, RP_UP, t + TAP_PRESS_TIME, a, b);
    }
    if (!strcmp(verb, "swipe")) {
        if (sscanf(line, "%*f %*s %f %f %f %f", &a, &b, &c, &d) != 4 || !frac_ok(a) ||
            !frac_ok(b) || !frac_ok(c) || !frac_ok(d))
            goto bad;
        int rc = pointer(r, cap, RP_DOWN, t, a, b);
        for (int i = 1; i <= SWIPE_STEPS; i++) {
            float f = (float)i / SWIPE_STEPS;
            rc |= pointer(r, cap, i == SWIPE_STEPS ? RP_UP : RP_MOVE,
                          t + SWIPE_TIME * f, a + (c - a) * f, b + (d - b) * f);
        }
        return rc;
    }
    if (!strcmp(verb, "hold")) {
        if (sscanf(line, "%*f %*s %f %f %f", &a, &b, &c) != 3 || !frac_ok(a) || !frac_ok(b) ||
            !(c >= 0) || c > 3600)
            goto bad;
        return pointer(r, cap, RP_DOWN, t, a, b) | pointer(r, cap, RP_UP, t + c, a, b);
    }
    if (!strcmp(verb, "key")) {
        ReplayStep s;
        memset(&s, 0, sizeof s);
        s.kind = RP_KEY;
        s.time = t;
        if (sscanf(line, "%*f %*s %63s", rest) != 1 || parse_key(rest, &s) < 0)
            goto bad;
        return add_step(r, cap, s);
    }
    if (!strcmp(verb, "text")) {
        ReplayStep s;
        const char *rest_of_line = strstr(line, "text") + 4;
        memset(&s, 0, sizeof s);
        s.kind = RP_TEXT;
        s.time = t;
        rest_of_line += strspn(rest_of_line, " \t");
        size_t len = strcspn(rest_of_line, "\r");
        if (len == 0 || len >= sizeof s.text)
            goto bad;
        memcpy(s.text, rest_of_line, len);
        s.text[len] = '\0';
        return add_step(r, cap, s);
    }
    snprintf(why, whylen, "unknown event '%s' (tap, swipe, hold, key or text)", verb);
    return -1;
bad:
    snprintf(why, whylen, "bad values for '%s' (positions are fractions 0..1)", verb);
    return -1;
}

static int by_time(const void *a, const void *b)
{
    const ReplayStep *x = a, *y = b;
    if (x->time != y->time)
        return (x->time > y->time) - (x->time < y->time);
    return (x->seq > y->seq) - (x->seq < y->seq);
}

int replay_parse(const char *buf, size_t len, const char *name, Replay *r, char *err,
                 size_t errlen)
{
    int cap = 0, lineno = 0;
    memset(r, 0, sizeof *r);
    size_t i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && buf[e] != '\n')
            e++;
        char line[256], why[160];
        size_t n = e - i < sizeof line - 1 ? e - i : sizeof line - 1;
        memcpy(line, buf + i, n);
        line[n] = '\0';
        lineno++;
        i = e + 1;
        char *s = line + strspn(line, " \t\r");
        if (!*s || *s == '#')
            continue;
        if (parse_line(r, &cap, s, why, sizeof why) < 0) {
            snprintf(err, errlen, "%s:%d: %s", name, lineno, why);
            replay_free(r);
            return -1;
        }
    }
    /* By time; steps at the same time keep the file's order (seq). */
    if (r->n > 1)
        qsort(r->steps, (size_t)r->n, sizeof *r->steps, by_time);
    return 0;
}

void replay_free(Replay *r)
{
    free(r->steps);
    memset(r, 0, sizeof *r);
}

double replay_next_time(const Replay *r)
{
    return r->next < r->n ? r->steps[r->next].time : LIMIT_NEVER;
}
