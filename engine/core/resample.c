/* resample — polyphase windowed-sinc rate change (see resample.h). */
#include "resample.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define KAISER_BETA 8.0   /* about 80 dB down outside the band */
/* The filter's half-gain point, in cycles a sample of the lower rate: a
 * little under half, so the band's edge (its 48-tap transition is about
 * 0.11 wide) ends where the images and aliases begin. */
#define CUTOFF 0.45

struct Resampler {
    int channels;
    unsigned l, m;          /* out/in = l/m */
    unsigned step_i, step_p; /* m = step_i * l + step_p: the move a frame out */
    unsigned taps, half;    /* a phase's taps; those left of the output's time */
    float *h;               /* l phases of taps, phase after phase */
    float *x[2];            /* the input, a channel each */
    size_t cap;             /* frames x holds */
    size_t have;            /* frames in x */
    int64_t origin;         /* the input frame x[c][0] is (before the start: zeros) */
    int64_t pos;            /* the input frame at or before the next output's time */
    unsigned phase;         /* ... and how far past it, in l-ths */
    int64_t total;          /* input frames put */
    int ended;
};

static unsigned gcd(unsigned a, unsigned b)
{
    while (b) {
        unsigned t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* l/m = out/in in lowest terms, or its last continued-fraction convergent
 * with l <= RESAMPLE_MAX_PHASES (an error of parts in a million at most for
 * rates in range: a minute's voice off by well under a millisecond). */
static void ratio(unsigned out, unsigned in, unsigned *l, unsigned *m)
{
    unsigned g = gcd(out, in);
    *l = out / g;
    *m = in / g;
    if (*l <= RESAMPLE_MAX_PHASES)
        return;
    uint64_t a = out, b = in;
    uint64_t h1 = 1, h2 = 0, k1 = 0, k2 = 1;  /* the last two convergents */
    while (b) {
        uint64_t q = a / b, h = q * h1 + h2, k = q * k1 + k2;
        if (h > RESAMPLE_MAX_PHASES)
            break;
        h2 = h1, h1 = h, k2 = k1, k1 = k;
        uint64_t t = a - q * b;
        a = b, b = t;
    }
    *l = (unsigned)h1;
    *m = (unsigned)(k1 ? k1 : 1);
}

/* The modified Bessel function I0, by its series (converges fast for x <= 10). */
static double bessel_i0(double x)
{
    double sum = 1, term = 1, q = x * x / 4;
    for (int k = 1; k < 60 && term > 1e-17 * sum; k++) {
        term *= q / ((double)k * k);
        sum += term;
    }
    return sum;
}

/* Phase p's taps: the sinc cut at fc (cycles an input frame) under a Kaiser
 * window of half-width w, at the taps' distances from the output's time,
 * then scaled to sum to exactly 1 (within a float's rounding). */
static void make_phase(float *h, unsigned taps, unsigned half, double frac, double fc, double w)
{
    double v[RESAMPLE_MAX_TAPS], sum = 0;
    double norm = bessel_i0(KAISER_BETA);
    for (unsigned k = 0; k < taps; k++) {
        double t = (double)k - half - frac;
        double s = t == 0 ? 1 : sin(M_PI * 2 * fc * t) / (M_PI * 2 * fc * t);
        double r = t / w;
        double win = r * r < 1 ? bessel_i0(KAISER_BETA * sqrt(1 - r * r)) / norm : 0;
        v[k] = s * win;
        sum += v[k];
    }
    for (unsigned k = 0; k < taps; k++)
        h[k] = (float)(v[k] / sum);
}

Resampler *resample_new(int in_rate, int out_rate, int channels)
{
    if (in_rate < 1000 || in_rate > 400000 || out_rate < 1000 || out_rate > 400000 ||
        channels < 1 || channels > 2)
        return NULL;
    Resampler *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->channels = channels;
    ratio((unsigned)out_rate, (unsigned)in_rate, &r->l, &r->m);
    r->step_i = r->m / r->l;
    r->step_p = r->m % r->l;
    double fc = CUTOFF;
    if (r->l == r->m) {
        r->taps = 1;           /* the same rate: each frame as it is */
    } else if (r->l > r->m) {
        r->taps = RESAMPLE_TAPS;
    } else {
        /* Down: the cut moves to the lower rate's edge, and the filter
         * widens with it so its transition stays as narrow there. */
        fc = CUTOFF * r->l / r->m;
        uint64_t t = ((uint64_t)RESAMPLE_TAPS * r->m + r->l - 1) / r->l;
        t = (t + 7) / 8 * 8;
        r->taps = t > RESAMPLE_MAX_TAPS ? RESAMPLE_MAX_TAPS : (unsigned)t;
    }
    r->half = (r->taps - 1) / 2;
    r->h = malloc((size_t)r->l * r->taps * sizeof *r->h);
    r->cap = RESAMPLE_BLOCK + 2 * (size_t)r->taps;
    for (int c = 0; c < channels; c++)
        r->x[c] = calloc(r->cap, sizeof *r->x[c]);
    if (!r->h || !r->x[0] || (channels == 2 && !r->x[1])) {
        resample_free(r);
        return NULL;
    }
    if (r->taps == 1) {
        r->h[0] = 1;
    } else {
        for (unsigned p = 0; p < r->l; p++)
            make_phase(r->h + (size_t)p * r->taps, r->taps, r->half, (double)p / r->l, fc,
                       r->taps / 2.0);
    }
    /* Silence before the start, so the first frame out has its taps. */
    r->have = r->half;
    r->origin = -(int64_t)r->half;
    return r;
}

void resample_free(Resampler *r)
{
    if (!r)
        return;
    free(r->h);
    free(r->x[0]);
    free(r->x[1]);
    free(r);
}

/* Where the next output's first tap is in x. */
static int64_t first_tap(const Resampler *r)
{
    return r->pos - r->half - r->origin;
}

/* Input frames at the front of x that no output needs any more. */
static size_t droppable(const Resampler *r)
{
    int64_t f = first_tap(r);
    return f <= 0 ? 0 : (size_t)f < r->have ? (size_t)f : r->have;
}

/* Let go of them. */
static void compact(Resampler *r)
{
    size_t drop = droppable(r);
    if (drop == 0)
        return;
    for (int c = 0; c < r->channels; c++)
        memmove(r->x[c], r->x[c] + drop, (r->have - drop) * sizeof *r->x[c]);
    r->have -= drop;
    r->origin += (int64_t)drop;
}

/* What put may fill: the buffer less the taps' worth kept for the end. */
static size_t input_cap(const Resampler *r)
{
    return r->cap - r->taps;
}

size_t resample_room(const Resampler *r)
{
    if (r->ended)
        return 0;
    return input_cap(r) - (r->have - droppable(r));
}

size_t resample_put(Resampler *r, const float *in, size_t frames)
{
    if (r->ended || frames == 0)
        return 0;
    if (r->have + frames > input_cap(r))
        compact(r);
    size_t n = input_cap(r) - r->have;
    if (n > frames)
        n = frames;
    if (r->channels == 1) {
        memcpy(r->x[0] + r->have, in, n * sizeof *in);
    } else {
        float *a = r->x[0] + r->have, *b = r->x[1] + r->have;
        for (size_t i = 0; i < n; i++) {
            a[i] = in[2 * i];
            b[i] = in[2 * i + 1];
        }
    }
    r->have += n;
    r->total += (int64_t)n;
    return n;
}

void resample_end(Resampler *r)
{
    if (r->ended)
        return;
    r->ended = 1;
    /* Silence after the end, for the last frames' right-hand taps (the
     * taps' worth input_cap keeps free). */
    size_t pad = r->taps - 1 - r->half;
    for (int c = 0; c < r->channels; c++)
        memset(r->x[c] + r->have, 0, pad * sizeof *r->x[c]);
    r->have += pad;
}

int resample_done(const Resampler *r)
{
    return r->ended && r->pos >= r->total;
}

size_t resample_ready(const Resampler *r)
{
    /* Output n has its taps while its frame, pos + (phase + n m) / l rounded
     * down, is at most the last whose taps are all in x. */
    int64_t last = (int64_t)r->have - (int64_t)r->taps + (int64_t)r->half + r->origin;
    int64_t d = last - r->pos;
    size_t n = 0;
    if (d >= 0) {
        int64_t span = (d + 1) * (int64_t)r->l - (int64_t)r->phase;
        n = (size_t)((span + r->m - 1) / r->m);
    }
    if (r->ended) {
        size_t left = resample_left(r);
        n = n < left ? n : left;
    }
    return n;
}

size_t resample_left(const Resampler *r)
{
    if (!r->ended)
        return SIZE_MAX;
    /* Outputs come while pos + phase / l < total, a step of m / l each. */
    int64_t ahead = (r->total - r->pos) * (int64_t)r->l - (int64_t)r->phase;
    return ahead <= 0 ? 0 : (size_t)((ahead + r->m - 1) / r->m);
}

/* One output sample: eight sums side by side, so the compiler keeps them in
 * two vector registers (a single running sum would pin it to one lane), added
 * in a fixed order at the end. Pointers that move and a size_t count: with
 * unsigned indices GCC 12 gives up on aarch64 (their wrap-around). n is a
 * multiple of 8. */
static float dot(const float *restrict h, const float *restrict x, size_t n)
{
    float acc[8] = { 0 };
    for (size_t j = 0; j < n; j += 8, h += 8, x += 8)
        for (size_t k = 0; k < 8; k++)
            acc[k] += h[k] * x[k];
    return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}

size_t resample_get(Resampler *r, float *out, size_t frames)
{
    size_t n = 0;
    const unsigned taps = r->taps;
    while (n < frames) {
        if (resample_done(r))
            break;
        int64_t f = first_tap(r);
        if (f + (int64_t)taps > (int64_t)r->have)
            break;
        float a, b;
        if (taps == 1) {
            a = r->x[0][f];
            b = r->channels == 2 ? r->x[1][f] : a;
        } else {
            const float *h = r->h + (size_t)r->phase * taps;
            a = dot(h, r->x[0] + f, taps);
            b = r->channels == 2 ? dot(h, r->x[1] + f, taps) : a;
        }
        out[2 * n] = a;
        out[2 * n + 1] = b;
        n++;
        r->pos += r->step_i;
        r->phase += r->step_p;
        if (r->phase >= r->l) {
            r->phase -= r->l;
            r->pos++;
        }
    }
    return n;
}

void resample_ratio(const Resampler *r, unsigned *l, unsigned *m, unsigned *taps)
{
    *l = r->l;
    *m = r->m;
    *taps = r->taps;
}
