/* Unit tests for resample: tones come out at the new rate as the same tones,
 * images and aliases stay far below them, the output does not depend on how
 * the input is cut into pieces, the right number of frames comes out, and
 * the same rate passes every sample unchanged. */
#include "check.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "resample.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Run in (frames of ch channels) through r in pieces of at most piece input
 * frames and get pieces of at most outpiece frames; returns the frames out
 * (stereo, into *out, malloc'd). */
static int left_wrong; /* resample_left that did not count down with the frames got */
static int ready_wrong; /* resample_ready that was not what a get then gave */

static size_t run(Resampler *r, const float *in, size_t frames, int ch, size_t piece,
                  size_t outpiece, float **out, unsigned *seed)
{
    size_t cap = 1024, n = 0, at = 0;
    float *o = malloc(cap * 2 * sizeof *o);
    for (;;) {
        if (n + outpiece > cap) {
            cap = (n + outpiece) * 2;
            o = realloc(o, cap * 2 * sizeof *o);
        }
        size_t want = seed ? 1 + (size_t)rand_r(seed) % outpiece : outpiece;
        size_t left = resample_left(r), ready = resample_ready(r);
        size_t got = resample_get(r, o + 2 * n, want);
        if (got != (ready < want ? ready : want))
            ready_wrong++;
        if (left != SIZE_MAX && resample_left(r) != left - got)
            left_wrong++;
        n += got;
        if (got == want)
            continue;
        if (resample_done(r))
            break;
        if (at == frames) {
            resample_end(r);
            continue;
        }
        size_t p = seed ? 1 + (size_t)rand_r(seed) % piece : piece;
        if (p > frames - at)
            p = frames - at;
        size_t room = resample_room(r);
        if (p > room)
            p = room;
        at += resample_put(r, in + at * (size_t)ch, p);
    }
    *out = o;
    return n;
}

static float *tone(double f, int rate, size_t frames, double amp)
{
    float *x = malloc(frames * sizeof *x);
    for (size_t i = 0; i < frames; i++)
        x[i] = (float)(amp * sin(2 * M_PI * f * (double)i / rate));
    return x;
}

/* The amplitude of frequency f (Hz) in the left channel of y[from..to) at
 * rate, by projecting a Hann-windowed stretch onto a sine and a cosine. */
static double amplitude(const float *y, size_t from, size_t to, double f, double rate)
{
    double s = 0, c = 0, wsum = 0;
    for (size_t i = from; i < to; i++) {
        double w = 0.5 - 0.5 * cos(2 * M_PI * (double)(i - from) / (double)(to - from));
        double ph = 2 * M_PI * f * (double)i / rate;
        s += w * y[2 * i] * sin(ph);
        c += w * y[2 * i] * cos(ph);
        wsum += w;
    }
    return 2 * sqrt(s * s + c * c) / wsum;
}

/* The largest difference between y's left channel and amp * sin at the
 * output's times n * m / l input frames (the middle, away from the edges). */
static double worst_error(const float *y, size_t n, double f, int in_rate, unsigned l,
                          unsigned m, double amp)
{
    double worst = 0;
    for (size_t i = 200; i + 200 < n; i++) {
        double t = (double)i * m / l;   /* in input frames */
        double want = amp * sin(2 * M_PI * f * t / in_rate);
        double e = fabs(y[2 * i] - want);
        if (e > worst)
            worst = e;
    }
    return worst;
}

static double db(double a, double ref)
{
    return 20 * log10(a / ref + 1e-30);
}

/* A tone through in_rate -> out_rate: the same tone, every frame within
 * -max_db of it, the count exact. */
static void check_tone(int in_rate, int out_rate, double f, double max_db)
{
    size_t frames = (size_t)in_rate / 2;   /* half a second */
    float *x = tone(f, in_rate, frames, 0.5), *y;
    Resampler *r = resample_new(in_rate, out_rate, 1);
    CHECK(r != NULL, "a resampler from %d to %d Hz is made", in_rate, out_rate);
    if (!r) {
        free(x);
        return;
    }
    unsigned l, m, taps;
    resample_ratio(r, &l, &m, &taps);
    size_t n = run(r, x, frames, 1, 3000, 2000, &y, NULL);
    uint64_t want = ((uint64_t)frames * l + m - 1) / m;
    CHECK(n == want, "%d -> %d Hz: %zu frames in give ceil(%zu * %u / %u) = %llu out (got %zu)",
          in_rate, out_rate, frames, frames, l, m, (unsigned long long)want, n);
    double e = worst_error(y, n, f, in_rate, l, m, 0.5);
    CHECK(db(e, 0.5) < max_db,
          "%d -> %d Hz: a %.0f Hz tone comes out as itself, every frame within %.0f dB "
          "(worst %.1f dB)", in_rate, out_rate, f, max_db, db(e, 0.5));
    int same = 1;
    for (size_t i = 0; i < n; i++)
        same &= y[2 * i] == y[2 * i + 1];
    CHECK(same, "%d -> %d Hz: a mono source sounds the same in both ears", in_rate, out_rate);
    resample_free(r);
    free(x);
    free(y);
}

/* A tone at f in: the amplitude at g out (an image or an alias) is at least
 * min_db under the tone's, and the tone itself (when it should pass) keeps
 * its level within 0.1 dB. */
static void check_rejects(int in_rate, int out_rate, double f, double g, int passes,
                          double min_db)
{
    size_t frames = (size_t)in_rate;
    float *x = tone(f, in_rate, frames, 0.5), *y;
    Resampler *r = resample_new(in_rate, out_rate, 1);
    size_t n = run(r, x, frames, 1, 4096, 4096, &y, NULL);
    size_t from = n / 8, to = n - n / 8;
    double at_g = amplitude(y, from, to, g, out_rate);
    CHECK(db(at_g, 0.5) < -min_db,
          "%d -> %d Hz: a %.0f Hz tone leaves %.0f Hz at least %.0f dB under it (%.1f dB)",
          in_rate, out_rate, f, g, min_db, db(at_g, 0.5));
    if (passes) {
        double at_f = amplitude(y, from, to, f, out_rate);
        CHECK(fabs(db(at_f, 0.5)) < 0.1,
              "%d -> %d Hz: a %.0f Hz tone keeps its level within 0.1 dB (%.3f dB)", in_rate,
              out_rate, f, db(at_f, 0.5));
    }
    resample_free(r);
    free(x);
    free(y);
}

int main(void)
{
    /* The tones: up by whole and by odd ratios, down, and tones high in the band. */
    check_tone(24000, 48000, 1000, -80);
    check_tone(24000, 48000, 7000, -70);
    check_tone(44100, 48000, 1000, -75);
    check_tone(44100, 48000, 15000, -60);
    check_tone(22050, 48000, 440, -75);
    check_tone(11025, 48000, 440, -80);
    check_tone(8000, 48000, 300, -80);
    check_tone(16000, 44100, 2000, -80);
    check_tone(96000, 48000, 1000, -80);
    check_tone(48000, 44100, 1000, -80);
    check_tone(192000, 48000, 5000, -80);
    check_tone(192000, 22050, 1000, -80);
    check_tone(384000, 8000, 1000, -75);   /* the widest filter, 512 taps */

    /* Up: the image of a high tone (mirrored at the source's half-rate) is gone. */
    check_rejects(24000, 48000, 10000, 14000, 0, 70);
    check_rejects(24000, 48000, 8000, 16000, 1, 75);
    check_rejects(44100, 48000, 16000, 19900, 1, 70);
    /* Down: a tone above the new half-rate does not fold back into the band. */
    check_rejects(96000, 48000, 30000, 18000, 0, 70);
    check_rejects(96000, 48000, 40000, 8000, 0, 75);
    check_rejects(48000, 44100, 23000, 21100, 0, 60);

    /* The same rate: every sample as it was, both channels kept apart. */
    {
        float in[2000], *y;
        unsigned seed = 7;
        for (int i = 0; i < 2000; i++)
            in[i] = (float)((rand_r(&seed) % 20001) - 10000) / 10000.0f;
        Resampler *r = resample_new(48000, 48000, 2);
        size_t n = run(r, in, 1000, 2, 333, 250, &y, NULL);
        int same = n == 1000;
        for (size_t i = 0; same && i < 2000; i++)
            same = y[i] == in[i];
        CHECK(same, "48 -> 48 kHz: every sample of both channels comes out unchanged");
        resample_free(r);
        free(y);
    }

    /* Stereo: what is in one channel stays out of the other. */
    {
        size_t frames = 24000;
        float *in = calloc(frames * 2, sizeof *in), *y;
        for (size_t i = 0; i < frames; i++)
            in[2 * i] = (float)(0.5 * sin(2 * M_PI * 1000.0 * (double)i / 24000));
        Resampler *r = resample_new(24000, 48000, 2);
        size_t n = run(r, in, frames, 2, 4096, 4096, &y, NULL);
        int quiet = 1;
        double left = 0;
        for (size_t i = 0; i < n; i++) {
            quiet &= y[2 * i + 1] == 0.0f;
            left += fabs(y[2 * i]);
        }
        CHECK(n == 48000 && quiet && left > 1000,
              "24 -> 48 kHz stereo: a tone in the left leaves the right silent (%zu frames)", n);
        resample_free(r);
        free(in);
        free(y);
    }

    /* Pieces: any cutting of the input and output gives the same samples. */
    {
        int rates[][2] = { { 24000, 48000 }, { 44100, 48000 }, { 96000, 48000 },
                           { 48000, 44100 }, { 11025, 48000 } };
        for (size_t k = 0; k < sizeof rates / sizeof rates[0]; k++) {
            size_t frames = 30011;
            float *x = tone(523.25, rates[k][0], frames, 0.7), *a, *b;
            Resampler *r1 = resample_new(rates[k][0], rates[k][1], 1);
            Resampler *r2 = resample_new(rates[k][0], rates[k][1], 1);
            size_t na = run(r1, x, frames, 1, 1 << 20, 1 << 20, &a, NULL);
            unsigned seed = (unsigned)k + 1;
            size_t nb = run(r2, x, frames, 1, 5000, 3000, &b, &seed);
            int same = na == nb;
            for (size_t i = 0; same && i < 2 * na; i++)
                same = a[i] == b[i];
            CHECK(same, "%d -> %d Hz: random pieces in and out give the very same %zu frames "
                  "as one piece (%zu)", rates[k][0], rates[k][1], na, nb);
            CHECK(ready_wrong == 0, "%d -> %d Hz: resample_ready said each time exactly what "
                  "the next get gave (%d wrong)", rates[k][0], rates[k][1], ready_wrong);
            ready_wrong = 0;
            resample_free(r1);
            resample_free(r2);
            free(x);
            free(a);
            free(b);
        }
    }

    /* Steady levels pass unchanged once the start is behind (each phase sums to 1). */
    {
        float x[20000], *y;
        for (int i = 0; i < 20000; i++)
            x[i] = 0.25f;
        Resampler *r = resample_new(44100, 48000, 1);
        size_t n = run(r, x, 20000, 1, 4096, 4096, &y, NULL);
        double worst = 0;
        for (size_t i = 100; i + 100 < n; i++)
            worst = fmax(worst, fabs(y[2 * i] - 0.25));
        CHECK(worst < 1e-6, "44.1 -> 48 kHz: a steady level stays that level (off by %.2g)",
              worst);
        resample_free(r);
        free(y);
    }

    /* A rate with no small ratio: the nearest with few phases, a tone still itself. */
    {
        Resampler *r = resample_new(44056, 48000, 1);
        unsigned l, m, taps;
        resample_ratio(r, &l, &m, &taps);
        double off = fabs((double)l / m / (48000.0 / 44056.0) - 1);
        CHECK(l <= RESAMPLE_MAX_PHASES && off < 2e-6,
              "44056 -> 48000 Hz: %u/%u phases, the ratio off by %.2g (under 2e-6)", l, m, off);
        size_t frames = 22028;
        float *x = tone(1000, 44056, frames, 0.5), *y;
        size_t n = run(r, x, frames, 1, 4096, 4096, &y, NULL);
        double e = worst_error(y, n, 1000, 44056, l, m, 0.5);
        CHECK(db(e, 0.5) < -80, "44056 -> 48000 Hz: a 1 kHz tone within -80 dB (%.1f dB)",
              db(e, 0.5));
        resample_free(r);
        free(x);
        free(y);
    }

    /* Once ended, what is left counts down exactly to the last frame. */
    {
        size_t frames = 7919;
        float *x = tone(300, 44100, frames, 0.5), *y;
        Resampler *r = resample_new(44100, 48000, 1);
        unsigned seed = 3;
        left_wrong = 0;
        size_t n = run(r, x, frames, 1, 700, 50, &y, &seed);
        CHECK(left_wrong == 0 && resample_left(r) == 0 && n == (frames * 160 + 146) / 147,
              "44.1 -> 48 kHz: after the end, the frames left count down to 0 with each get");
        resample_free(r);
        free(x);
        free(y);
    }

    /* Every pair of rates at the edges and in between, in random pieces: the
     * count its ratio promises, every frame finite and within the filter's
     * overshoot for input within -1..1, nothing read or written outside
     * (the sanitizer build runs this too). */
    {
        static const int grid[] = { 1000, 7999, 8000, 11025, 22050, 44056, 48000, 96001,
                                    192000, 400000 };
        size_t n_grid = sizeof grid / sizeof grid[0];
        int bad = 0, pairs = 0;
        float in[2 * 1500];
        unsigned seed = 99;
        for (size_t i = 0; i < 2 * 1500; i++)
            in[i] = (float)(rand_r(&seed) % 20001 - 10000) / 10000.0f;
        for (size_t a = 0; a < n_grid; a++) {
            for (size_t b = 0; b < n_grid; b++) {
                for (int ch = 1; ch <= 2; ch++) {
                    Resampler *r = resample_new(grid[a], grid[b], ch);
                    if (!r) {
                        bad++;
                        continue;
                    }
                    unsigned l, m, taps;
                    resample_ratio(r, &l, &m, &taps);
                    float *y;
                    size_t n = run(r, in, 1500, ch, 977, 4096, &y, &seed);
                    uint64_t want = ((uint64_t)1500 * l + m - 1) / m;
                    int ok = n == want && l <= RESAMPLE_MAX_PHASES && taps <= RESAMPLE_MAX_TAPS;
                    for (size_t k = 0; ok && k < 2 * n; k++)
                        ok = y[k] == y[k] && fabsf(y[k]) < 2.5f;
                    if (!ok) {
                        bad++;
                        fprintf(stderr, "  %d -> %d Hz, %d channel(s): %zu frames (%llu wanted)\n",
                                grid[a], grid[b], ch, n, (unsigned long long)want);
                    }
                    pairs++;
                    resample_free(r);
                    free(y);
                }
            }
        }
        CHECK(bad == 0, "all %d pairs of rates from 1 to 400 kHz, mono and stereo: the frames "
              "promised, finite and bounded (%d wrong)", pairs, bad);
    }

    /* The edges of the contract. */
    {
        CHECK(resample_new(0, 48000, 1) == NULL && resample_new(48000, 999, 1) == NULL &&
              resample_new(500000, 48000, 1) == NULL && resample_new(48000, 48000, 3) == NULL &&
              resample_new(48000, 48000, 0) == NULL,
              "rates outside 1000..400000 Hz and channels other than 1 or 2 are refused");
        Resampler *r = resample_new(24000, 48000, 1);
        float x[RESAMPLE_BLOCK * 2] = { 0 }, y[16];
        CHECK(resample_room(r) >= RESAMPLE_BLOCK, "a new resampler has room for a block");
        size_t took = resample_put(r, x, RESAMPLE_BLOCK * 2);
        CHECK(took >= RESAMPLE_BLOCK && took < RESAMPLE_BLOCK * 2 && resample_room(r) == 0,
              "it takes what it has room for and no more (%zu)", took);
        CHECK(resample_get(r, y, 0) == 0, "asking for no frames gives none");
        CHECK(resample_left(r) == SIZE_MAX, "before the end, what is left is not known");
        resample_end(r);
        CHECK(resample_left(r) == took * 2, "once ended, exactly what is left is known (%zu)",
              resample_left(r));
        CHECK(resample_room(r) == 0 && resample_put(r, x, 10) == 0,
              "once ended it takes nothing more");
        size_t total = 0, got;
        float big[4096 * 2];
        while ((got = resample_get(r, big, 4096)) > 0)
            total += got;
        CHECK(total == took * 2 && resample_done(r),
              "what it took comes out, twice as many frames (%zu of %zu)", total, took * 2);
        resample_free(r);
        resample_free(NULL);

        /* Nothing in at all: done at once, no frames. */
        r = resample_new(44100, 48000, 2);
        resample_end(r);
        CHECK(resample_get(r, y, 8) == 0 && resample_done(r), "an empty sound gives no frames");
        resample_free(r);

        /* Not-a-number in (a broken decoder): frames still come out, nothing breaks. */
        r = resample_new(22050, 48000, 1);
        float bad[512];
        for (int i = 0; i < 512; i++)
            bad[i] = i % 7 ? NAN : INFINITY;
        resample_put(r, bad, 512);
        resample_end(r);
        total = 0;
        while ((got = resample_get(r, big, 4096)) > 0)
            total += got;
        CHECK(total == (512 * 320 + 146) / 147, "broken samples still give their frames (%zu)",
              total);
        resample_free(r);
    }
    CHECK_DONE();
}
