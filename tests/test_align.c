/* test_align — MFCC frames, banded DTW and the word mapping, with synthetic
 * signals: "words" are bursts of harmonics at distinct pitches (a vowel-like
 * sound each) with short noise onsets, separated by silence. A reading of the
 * same words time-stretched by a known factor, with pauses added and room
 * noise under it, must have its word starts found within a frame or two. */
#include "align.h"
#include "check.h"
#include "dtw.h"
#include "mfcc.h"
#include "vtt.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RATE 16000
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static uint32_t rng = 12345;
static float noise(void)
{
    rng = rng * 1664525u + 1013904223u;
    return (float)((rng >> 8) & 0xFFFF) / 32768.0f - 1.0f;
}

/* A word: harmonics of f0 shaped by a formant at fm, with 10 ms fades. */
static void burst(float *x, size_t n, double f0, double fm, double gain)
{
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / RATE, s = 0.0;
        for (int h = 1; h <= 12; h++) {
            double f = f0 * h;
            s += exp(-pow((f - fm) / 600.0, 2)) * sin(2 * M_PI * f * t);
        }
        double fade = fmin(1.0, fmin((double)i, (double)(n - i)) / (0.01 * RATE));
        x[i] += (float)(gain * fade * s * 0.3);
    }
}

/* A reading: word k lasts dur[k] * stretch after gap[k] * gap_stretch + extra[k]
 * seconds of silence; starts[k] get the true starts. Returns samples (malloc). */
static float *reading(int n, const double *dur, const double *gap, double stretch,
                      double gap_stretch, const double *extra, double hiss, double *starts,
                      size_t *len)
{
    static const double f0[] = { 180, 220, 150, 260, 200, 170, 240, 190 };
    static const double fm[] = { 700, 1800, 400, 2600, 1200, 3000, 900, 2200 };
    double total = 0.3;
    for (int k = 0; k < n; k++)
        total += gap[k] * gap_stretch + (extra ? extra[k] : 0) + dur[k] * stretch;
    *len = (size_t)(total * RATE);
    float *x = calloc(*len, sizeof *x);
    double t = 0.0;
    for (int k = 0; k < n; k++) {
        t += gap[k] * gap_stretch + (extra ? extra[k] : 0);
        starts[k] = t;
        size_t a = (size_t)(t * RATE), m = (size_t)(dur[k] * stretch * RATE);
        burst(x + a, m, f0[k % 8], fm[k % 8], 1.0);
        t += dur[k] * stretch;
    }
    for (size_t i = 0; i < *len; i++)
        x[i] += (float)hiss * noise();
    return x;
}

static void test_mfcc(void)
{
    size_t n = RATE;   /* one second: low tone then high tone */
    float *x = calloc(n, sizeof *x);
    burst(x, n / 2, 150, 500, 1.0);
    burst(x + n / 2, n / 2, 250, 2500, 1.0);
    Mfcc a, b, c;
    CHECK(mfcc_of(x, n, RATE, &a) == 0, "MFCC frames of one second are computed");
    CHECK(a.nframes >= 98 && a.nframes <= 101, "a 10 ms hop gives about 100 frames a second "
          "(%d)", a.nframes);
    CHECK(mfcc_distance(&a, 10, &a, 30) < mfcc_distance(&a, 10, &a, 80) * 0.3,
          "two frames of the same sound are far closer than frames of different sounds");
    /* Fed in odd-sized blocks: the same frames as all at once. */
    mfcc_begin(&b, RATE);
    for (size_t i = 0; i < n; i += 777)
        mfcc_feed(&b, x + i, n - i < 777 ? n - i : 777);
    mfcc_finish(&b);
    int same = b.nframes == a.nframes;
    for (int i = 0; same && i < a.nframes * MFCC_COEFS; i++)
        same = fabsf(a.coef[i] - b.coef[i]) < 1e-3f;
    CHECK(same, "frames computed block by block equal frames computed at once");
    /* Quieter by 20 dB: the same coefficients 1..12 (mean-normalised). */
    for (size_t i = 0; i < n; i++)
        x[i] *= 0.1f;
    mfcc_of(x, n, RATE, &c);
    float worst = 0;
    for (int i = 5; i < c.nframes - 5; i++)
        worst = fmaxf(worst, mfcc_distance(&a, i, &c, i));
    CHECK(worst < 0.5f, "loudness does not change the frames that are compared (%.3f)", worst);
    CHECK_NEAR(a.energy_db[25] - c.energy_db[25], 20.0, 0.5, "the frame energy follows "
               "loudness in dB");
    mfcc_free(&c);
    /* The same sound at 44.1 kHz: resampled to close frames. */
    size_t n44 = 44100;
    float *y = calloc(n44, sizeof *y);
    for (size_t i = 0; i < n44; i++) {
        double t = (double)i / 44100;
        y[i] = (float)(0.3 * sin(2 * M_PI * 440 * t) + 0.2 * sin(2 * M_PI * 1320 * t));
    }
    float *z = calloc(n, sizeof *z);
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / RATE;
        z[i] = (float)(0.3 * sin(2 * M_PI * 440 * t) + 0.2 * sin(2 * M_PI * 1320 * t));
    }
    Mfcc p, q;
    mfcc_of(y, n44, 44100, &p);
    mfcc_of(z, n, RATE, &q);
    CHECK(abs(p.nframes - q.nframes) <= 1, "a second at 44.1 kHz gives as many frames as at "
          "16 kHz (%d, %d)", p.nframes, q.nframes);
    CHECK(fabsf(p.energy_db[50] - q.energy_db[50]) < 1.0f, "resampling keeps the energy");
    mfcc_free(&p);
    CHECK(mfcc_begin(&p, 10) == -1, "an absurd sample rate is refused");
    mfcc_free(&q);
    mfcc_free(&a);
    mfcc_free(&b);
    free(x);
    free(y);
    free(z);
}

/* DTW over plain numbers: |a[i] - b[j]|. */
typedef struct {
    const float *a, *b;
} Seq;
static float seq_dist(const void *u, int i, int j)
{
    const Seq *s = u;
    return fabsf(s->a[i] - s->b[j]);
}

/* Holding over a column of the pause (value 1000) costs nothing. */
static float pause_hold(const void *u, int i, int j, float d, int right)
{
    const Seq *s = u;
    return right && s->b[j] >= 1000.0f ? 0.0f : d;
}

static void test_dtw(void)
{
    float a[200], b[300];
    for (int i = 0; i < 200; i++)
        a[i] = (float)i;
    for (int j = 0; j < 300; j++)
        b[j] = (float)j * 200.0f / 300.0f;   /* the same ramp, 1.5 times slower */
    Seq s = { a, b };
    DtwPath p;
    CHECK(dtw_band(200, 300, 20, seq_dist, &s, &p) == 0, "a 200 by 300 warping in a band works");
    int ok = 1;
    for (int i = 0; i < 200; i++)
        ok &= abs(p.first[i] - (int)lround(i * 1.5)) <= 2;
    CHECK(ok, "a ramp slowed by 1.5 is matched along the scaled diagonal");
    CHECK(p.first[0] == 0 && p.last[199] == 299, "the path runs corner to corner");
    ok = 1;
    for (int i = 1; i < 200; i++)
        ok &= p.first[i] >= p.last[i - 1] && p.first[i] <= p.last[i];
    CHECK(ok, "the path only moves forward");
    CHECK(p.bytes < 200 * 41 + 300 * 8 + 200 * 8 + 64, "memory is the band, not the matrix "
          "(%zu bytes)", p.bytes);
    dtw_path_free(&p);
    /* Outside the band a better match is not reachable: b holds a's ramp
     * shifted by 60 frames, but a band of 10 cannot follow it that far. */
    float c[300];
    for (int j = 0; j < 300; j++)
        c[j] = j < 60 ? 0.0f : (float)(j - 60);
    Seq t = { a, c };
    dtw_band(200, 300, 10, seq_dist, &t, &p);
    ok = 1;
    for (int i = 0; i < 200; i++)
        ok &= abs(p.first[i] - (int)((int64_t)i * 299 / 199)) <= 10 + 1;
    CHECK(ok, "the path never leaves the band around the scaled diagonal");
    dtw_path_free(&p);
    CHECK(dtw_band(0, 10, 5, seq_dist, &s, &p) == -1, "an empty sequence is refused");
    /* A pause in the second sequence that the first does not have: rows
     * 0..49 are columns 0..49, rows 50..99 columns 110..159, and the 60
     * columns between are far from every row. Waited through cheaply (hold),
     * the path crosses them on one row and the rows after start after them. */
    float e[160];
    for (int j = 0; j < 160; j++)
        e[j] = j < 50 ? (float)j : j < 110 ? 1000.0f : (float)(j - 60);
    Seq u = { a, e };
    CHECK(dtw_band_hold(100, 160, 80, seq_dist, pause_hold, &u, &p) == 0,
          "a warping with cheap holds works");
    int crossed = -1;
    for (int i = 0; i < 100; i++)
        if (p.first[i] <= 50 && p.last[i] >= 109)
            crossed = i;
    CHECK(crossed == 49, "the pause is waited through on one row, the last before it "
          "(row %d)", crossed);
    ok = 1;
    for (int i = crossed + 1; i < 100; i++)
        ok &= p.first[i] >= 110;
    CHECK(ok, "every row after the pause starts after it");
    double cheap = p.cost;
    dtw_path_free(&p);
    dtw_band(100, 160, 80, seq_dist, &u, &p);
    CHECK(cheap < p.cost - 1000.0, "without cheap holds the same pause costs its distance "
          "(%.0f against %.0f)", cheap, p.cost);
    dtw_path_free(&p);
    /* An open end: the second sequence is the first's ramp (rows 0..99 at
     * columns 0..99) and then 60 columns the first does not have, far from
     * every row (something said after the page's words). Closed, the last
     * row is dragged over them; open, the path ends where the ramp does,
     * the same as closed where nothing follows. */
    float f[160];
    for (int j = 0; j < 160; j++)
        f[j] = j < 100 ? (float)j : 500.0f;
    Seq v = { a, f };
    CHECK(dtw_band_open(100, 160, 80, seq_dist, NULL, &v, 0.0, &p) == 0 && p.end == 159 &&
              p.last[99] == 159,
          "skip 0 is a closed end: the last row reaches the last column");
    dtw_path_free(&p);
    CHECK(dtw_band_open(100, 160, 80, seq_dist, NULL, &v, 0.6, &p) == 0,
          "a warping with an open end works");
    ok = 1;
    for (int i = 0; i < 100; i++)
        ok &= abs(p.first[i] - i) <= 1;
    CHECK(ok && p.end == 99 && p.last[99] == 99,
          "open, the path ends with the ramp (column %d) and every row keeps its column", p.end);
    dtw_path_free(&p);
    /* What follows the ramp is its last value held (the room after the
     * last word): it matches the last row, so the path goes on through it. */
    for (int j = 100; j < 160; j++)
        f[j] = 99.0f;
    CHECK(dtw_band_open(100, 160, 80, seq_dist, NULL, &v, 0.6, &p) == 0 && p.end == 159,
          "columns that match the last row are not left off (end %d)", p.end);
    dtw_path_free(&p);
    Seq same = { a, a };
    CHECK(dtw_band_open(200, 200, 20, seq_dist, NULL, &same, 0.6, &p) == 0 && p.end == 199,
          "a sequence warped onto itself ends at the corner");
    dtw_path_free(&p);
    /* The band for a 20-second page and a 10-minute take stay under budget. */
    int band = dtw_band_for(2000, 2600, ALIGN_MAX_BYTES);
    CHECK(band >= 600, "a 20-second page gets a wide band (%d frames)", band);
    band = dtw_band_for(60000, 60000, ALIGN_MAX_BYTES);
    CHECK((size_t)60000 * (2 * band + 1) <= ALIGN_MAX_BYTES, "a 10-minute take's band fits "
          "the memory budget (%d frames)", band);
}

static void test_words(void)
{
    /* The synthetic reading: 8 words; the "recording": the same words 1.3
     * times slower, gaps 1.5 times longer, a 0.6 s pause before word 5, and
     * hiss. */
    enum { N = 8 };
    double dur[N] = { 0.30, 0.22, 0.40, 0.25, 0.35, 0.28, 0.32, 0.45 };
    double gap[N] = { 0.20, 0.08, 0.10, 0.06, 0.12, 0.05, 0.10, 0.08 };
    double extra[N] = { 0, 0, 0, 0, 0.6, 0, 0, 0 };
    double syn_t[N], rec_t[N];
    size_t ns, nr;
    float *syn = reading(N, dur, gap, 1.0, 1.0, NULL, 0.0, syn_t, &ns);
    float *rec = reading(N, dur, gap, 1.3, 1.5, extra, 0.003, rec_t, &nr);
    Mfcc ms, mr;
    mfcc_of(syn, ns, RATE, &ms);
    mfcc_of(rec, nr, RATE, &mr);
    AlignWord sw[N], out[N];
    for (int k = 0; k < N; k++) {
        sw[k].start = syn_t[k];
        sw[k].end = syn_t[k] + dur[k];
    }
    AlignStats st;
    double secs = (double)nr / RATE;
    CHECK(align_map(&ms, sw, N, &mr, secs, out, &st) == 0, "the stretched reading is aligned");
    double worst = 0, early = 0;
    for (int k = 0; k < N; k++) {
        worst = fmax(worst, fabs(out[k].start - rec_t[k]));
        early = fmax(early, rec_t[k] - out[k].start);
    }
    CHECK(worst <= 0.025, "every word start is found within two frames (worst %.3f s)", worst);
    CHECK(early <= 0.015, "no word is lit more than a frame before it is heard (%.3f s)", early);
    int order = 1;
    for (int k = 0; k < N; k++)
        order &= out[k].end > out[k].start && out[k].end <= secs &&
                 (k == 0 || out[k].start >= out[k - 1].end - 1e-9);
    CHECK(order, "cues are in order, inside the audio, and do not overlap");

    /* Without a synthetic voice: spread by syllables over the voiced frames.
     * The words' weights here are their true lengths in 10 ms units. */
    int w[N];
    for (int k = 0; k < N; k++)
        w[k] = (int)lround(dur[k] * 100);
    AlignWord sp[N];
    align_spread(&mr, w, N, secs, sp);
    worst = 0;
    for (int k = 0; k < N; k++) {
        worst = fmax(worst, fabs(sp[k].start - rec_t[k]));
    }
    CHECK(worst <= 0.07, "spreading by weight over the voiced frames skips the pauses "
          "(worst %.3f s)", worst);
    int first, last;
    align_voiced(&mr, &first, &last, NULL);
    CHECK(fabs(first * MFCC_FRAME_SECONDS - rec_t[0]) < 0.03, "voice is found where the first "
          "word starts");
    mfcc_free(&ms);
    mfcc_free(&mr);
    free(syn);
    free(rec);
}

static void test_pause(void)
{
    /* The synthetic voice runs words 3 and 4 together (no gap at all); the
     * parent pauses 0.5 s between them, and says everything 1.2 times slower
     * over hiss. Word 4 must be lit at the voice after the pause, never
     * before it; the others where they are heard. */
    enum { N = 6 };
    double dur[N] = { 0.30, 0.25, 0.35, 0.30, 0.28, 0.40 };
    double sgap[N] = { 0.20, 0.08, 0.10, 0.00, 0.10, 0.08 };
    double extra[N] = { 0, 0, 0, 0.5, 0, 0 };
    double syn_t[N], rec_t[N];
    size_t ns, nr;
    float *syn = reading(N, dur, sgap, 1.0, 1.0, NULL, 0.0, syn_t, &ns);
    float *rec = reading(N, dur, sgap, 1.2, 1.2, extra, 0.002, rec_t, &nr);
    Mfcc ms, mr;
    mfcc_of(syn, ns, RATE, &ms);
    mfcc_of(rec, nr, RATE, &mr);
    AlignWord sw[N], out[N];
    for (int k = 0; k < N; k++) {
        sw[k].start = syn_t[k];
        sw[k].end = syn_t[k] + dur[k];
    }
    CHECK(align_map(&ms, sw, N, &mr, (double)nr / RATE, out, NULL) == 0,
          "a reading with a pause the synthetic voice does not make is aligned");
    CHECK(out[3].start >= rec_t[3] - 0.005 && out[3].start <= rec_t[3] + 0.03,
          "the word after the unmatched pause is lit at the voice after it, not before "
          "(%.3f s, heard at %.3f s)", out[3].start, rec_t[3]);
    CHECK(out[2].start < rec_t[2] + 0.03 && out[2].start > rec_t[2] - 0.005,
          "the word before the pause keeps its own start (%.3f s, heard at %.3f s)",
          out[2].start, rec_t[2]);
    double worst = 0;
    for (int k = 0; k < N; k++)
        worst = fmax(worst, fabs(out[k].start - rec_t[k]));
    CHECK(worst <= 0.03, "every word start is within three frames (worst %.3f s)", worst);
    mfcc_free(&ms);
    mfcc_free(&mr);
    free(syn);
    free(rec);

    /* Cepstral means over the frames with voice: the same two sounds with
     * four seconds of hiss after them give the same compared frames, so a
     * take with long pauses is not shifted against a reading without. */
    size_t n = RATE, m = 5 * RATE;
    float *x = calloc(m, sizeof *x);
    burst(x, n / 2, 150, 500, 1.0);
    burst(x + n / 2, n / 2, 250, 2500, 1.0);
    for (size_t i = 0; i < m; i++)
        x[i] += 0.001f * noise();
    Mfcc a, b;
    mfcc_of(x, n, RATE, &a);
    mfcc_of(x, m, RATE, &b);
    float drift = 0;
    for (int i = 5; i < 95; i++)
        drift = fmaxf(drift, mfcc_distance(&a, i, &b, i));
    CHECK(drift < 1.0f, "long pauses do not move the frames of the voice (%.3f)", drift);
    mfcc_free(&a);
    mfcc_free(&b);
    free(x);
}

/* A take assembled from whole words: word ids[k] (a burst of its own pitch
 * and formant, len[id] seconds) after gap[k] seconds of quiet, every word on
 * the 10 ms grid so the same word said twice gives the same frames (as a
 * take repeats a copy of itself in the bench, and espeak-ng its own sound).
 * starts[k] get the starts; a cough (noise) where ids[k] is -1. */
static float *assemble(int n, const int *ids, const double *gap, const double *len,
                       double *starts, size_t *total)
{
    static const double f0[] = { 180, 220, 150, 260, 200, 170, 240 };
    static const double fm[] = { 700, 1800, 400, 2600, 1200, 3000, 900 };
    double t = 0.3;
    for (int k = 0; k < n; k++)
        t += gap[k] + (ids[k] < 0 ? 0.2 : len[ids[k]]);
    *total = (size_t)((t + 0.4) * RATE);
    float *x = calloc(*total, sizeof *x);
    size_t at = (size_t)(0.3 * RATE);
    for (int k = 0; k < n; k++) {
        at += (size_t)lround(gap[k] * 100) * MFCC_HOP;
        starts[k] = (double)at / RATE;
        size_t m = (size_t)lround((ids[k] < 0 ? 0.2 : len[ids[k]]) * 100) * MFCC_HOP;
        if (ids[k] < 0)
            for (size_t i = 0; i < m; i++)
                x[at + i] += 0.3f * noise();
        else
            burst(x + at, m, f0[ids[k]], fm[ids[k]], 1.0);
        at += m;
    }
    return x;
}

/* Align the take rids (a cough at -1) against the reading sids; the
 * reading's words are sids' entries, out[k] the cue of each. */
static int align_takes(int ns, const int *sids, const double *sgap, int nr, const int *rids,
                       const double *rgap, AlignWord *out, double *rec_t)
{
    double slen[7] = { 0.30, 0.25, 0.35, 0.30, 0.28, 0.40, 0.33 }, rlen[7];
    for (int k = 0; k < 7; k++)
        rlen[k] = slen[k] * 1.2;
    double syn_t[16];
    size_t n1, n2;
    float *syn = assemble(ns, sids, sgap, slen, syn_t, &n1);
    float *rec = assemble(nr, rids, rgap, rlen, rec_t, &n2);
    for (size_t i = 0; i < n2; i++)
        rec[i] += 0.002f * noise();
    Mfcc ms, mr;
    mfcc_of(syn, n1, RATE, &ms);
    mfcc_of(rec, n2, RATE, &mr);
    AlignWord sw[16];
    for (int k = 0; k < ns; k++) {
        sw[k].start = syn_t[k];
        sw[k].end = syn_t[k] + slen[sids[k]];
    }
    int rc = align_map(&ms, sw, ns, &mr, (double)n2 / RATE, out, NULL);
    mfcc_free(&ms);
    mfcc_free(&mr);
    free(syn);
    free(rec);
    return rc;
}

static void test_restart(void)
{
    /* The reading: words 0..6, a sentence break before word 3. The parent
     * says 0..2, coughs, says 3 and 4, stops, and says the sentence again
     * from 3 (a false start), 1.2 times slower over hiss. Word 3 must be
     * lit where it is said the second time, never at the false start. */
    int sids[7] = { 0, 1, 2, 3, 4, 5, 6 };
    double sgap[7] = { 0.08, 0.08, 0.08, 0.25, 0.08, 0.08, 0.08 };
    int rids[10] = { 0, 1, 2, -1, 3, 4, 3, 4, 5, 6 };
    double rgap[10] = { 0.1, 0.1, 0.1, 0.6, 0.5, 0.1, 0.7, 0.1, 0.1, 0.1 };
    double rec_t[16];
    AlignWord out[16];
    CHECK(align_takes(7, sids, sgap, 10, rids, rgap, out, rec_t) == 0,
          "a take with a cough and a false start is aligned");
    /* The take's words 0..2 and 6..9 are the reading's 0..6. */
    int said[7] = { 0, 1, 2, 6, 7, 8, 9 };
    CHECK(out[3].start >= rec_t[6] - 0.005 && out[3].start <= rec_t[6] + 0.03,
          "the first word said again is lit where it is said the second time, not at the "
          "false start (%.3f s; said at %.3f s and again at %.3f s)", out[3].start, rec_t[4],
          rec_t[6]);
    double worst = 0;
    for (int k = 0; k < 7; k++)
        worst = fmax(worst, fabs(out[k].start - rec_t[said[k]]));
    CHECK(worst <= 0.03, "every word start is within three frames (worst %.3f s)", worst);

    /* A book that repeats itself: the reading says 3 4 twice as well. The
     * first 3 is the text's, not a false start: lit where it is first said. */
    int tids[9] = { 0, 1, 2, 3, 4, 3, 4, 5, 6 };
    double tgap[9] = { 0.08, 0.08, 0.08, 0.25, 0.08, 0.25, 0.08, 0.08, 0.08 };
    int pids[9] = { 0, 1, 2, 3, 4, 3, 4, 5, 6 };
    double pgap[9] = { 0.1, 0.1, 0.1, 0.6, 0.1, 0.7, 0.1, 0.1, 0.1 };
    CHECK(align_takes(9, tids, tgap, 9, pids, pgap, out, rec_t) == 0,
          "a take of a text with a refrain is aligned");
    worst = 0;
    for (int k = 0; k < 9; k++)
        worst = fmax(worst, fabs(out[k].start - rec_t[k]));
    CHECK(worst <= 0.03, "a refrain the text has is not taken for a false start: every word "
          "within three frames (worst %.3f s; the first 3 at %.3f s, said at %.3f s)", worst,
          out[3].start, rec_t[3]);
}

static void test_refine(void)
{
    /* A burst at 0.50 s: a boundary guessed 40 ms early or late moves to it. */
    size_t n = RATE;
    float *x = calloc(n, sizeof *x);
    burst(x + RATE / 2, RATE / 4, 200, 1000, 1.0);
    for (size_t i = 0; i < n; i++)
        x[i] += 0.001f * noise();
    Mfcc m;
    mfcc_of(x, n, RATE, &m);
    CHECK_NEAR(align_refine(&m, 0.46), 0.50, 0.015, "a start 40 ms early moves to the onset");
    CHECK_NEAR(align_refine(&m, 0.53), 0.50, 0.015, "a start 30 ms late moves to the onset");
    CHECK_NEAR(align_refine(&m, 0.30), 0.30, 1e-9, "in steady silence a boundary stays put");
    mfcc_free(&m);
    free(x);
}

static void test_vtt(void)
{
    const char *text = "Goodnight, moon. 3 little --> bears";
    size_t st[8], ln[8];
    int n = align_split(text, strlen(text), st, ln, 8);
    CHECK(n == 6, "the text splits into its six words at white space (%d)", n);
    CHECK(align_syllables("Goodnight,", 10) == 2, "goodnight weighs two syllables");
    CHECK(align_syllables("little", 6) == 2 && align_syllables("3", 1) == 1,
          "little weighs two, a digit one");
    AlignWord w[6];
    for (int k = 0; k < 6; k++) {
        w[k].start = 0.5 + k * 0.4;
        w[k].end = w[k].start + 0.3;
    }
    char *buf;
    size_t len;
    CHECK(align_vtt(text, st, ln, w, n, &buf, &len) == 0, "the cues are written");
    CHECK(align_vtt_is_ours(buf, len), "the file says it was made by the aligner");
    CHECK(!align_vtt_is_ours("WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", 34),
          "a hand-made file is not taken for the aligner's");
    Vtt v;
    Diags d = { 0 };
    CHECK(vtt_parse(buf, len, "t.vtt", &v, &d) == 0 && v.n == 5, "the player reads five cues "
          "(the word holding --> is left out) (%d)", v.n);
    CHECK(v.n == 5 && memcmp(buf + v.cues[0].text_off, "Goodnight,", 10) == 0 &&
          fabs(v.cues[1].start - 0.9) < 1e-6, "each cue holds its word as written, at its time");
    CHECK(d.n == 0, "the written file draws no warning from the player's parser");
    vtt_free(&v);
    diag_free(&d);
    free(buf);
    /* Control characters in a page's words (an ESC, a C1 NEL, a bell) stay
     * out of the cues; a word of nothing else gets no cue. */
    const char *odd = "\x1b[31mRed \x07 moon\xc2\x85.";
    n = align_split(odd, strlen(odd), st, ln, 8);
    CHECK(n == 3, "three words, one of them a bell alone (%d)", n);
    CHECK(align_vtt(odd, st, ln, w, n, &buf, &len) == 0, "the cues are written");
    int control = 0;
    for (size_t i = 0; i < len; i++)
        control += ((unsigned char)buf[i] < 0x20 && buf[i] != '\n') || buf[i] == 0x7f ||
                   ((unsigned char)buf[i] == 0xc2 && (unsigned char)buf[i + 1] < 0xa0);
    CHECK(control == 0 && strstr(buf, "\n[31mRed\n") && strstr(buf, "\nmoon.\n"),
          "no control character reaches the file, the words' letters do:\n%s", buf);
    d = (Diags){ 0 };
    CHECK(vtt_parse(buf, len, "t.vtt", &v, &d) == 0 && v.n == 2 && d.n == 0,
          "the player reads two cues, the bell's word left out (%d)", v.n);
    vtt_free(&v);
    diag_free(&d);
    free(buf);
}

static void test_speed(void)
{
    /* A 20-second page: 40 words, read 1.25 times slower with pauses. Its
     * CPU time is printed, not checked: a test's timer measures the machine
     * (qemu-user on a busy host takes longer than 2 s); the work is bounded
     * by the warping's band, checked through its memory. */
    enum { N = 40 };
    double dur[N], gap[N], extra[N];
    for (int k = 0; k < N; k++) {
        dur[k] = 0.2 + 0.05 * (k % 5);
        gap[k] = 0.05 + 0.02 * (k % 3);
        extra[k] = k % 10 == 9 ? 0.5 : 0;
    }
    double st[N], rt[N];
    size_t ns, nr;
    float *syn = reading(N, dur, gap, 1.0, 1.0, NULL, 0.0, st, &ns);
    float *rec = reading(N, dur, gap, 1.25, 1.3, extra, 0.003, rt, &nr);
    clock_t t0 = clock();
    Mfcc ms, mr;
    mfcc_of(syn, ns, RATE, &ms);
    mfcc_of(rec, nr, RATE, &mr);
    AlignWord sw[N], out[N];
    for (int k = 0; k < N; k++) {
        sw[k].start = st[k];
        sw[k].end = st[k] + dur[k];
    }
    AlignStats s;
    align_map(&ms, sw, N, &mr, (double)nr / RATE, out, &s);
    double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("20 s page (%.1f s recording, %d + %d frames): %.3f s of CPU, band %d, "
           "warping %.1f MB\n", (double)nr / RATE, ms.nframes, mr.nframes, cpu, s.band,
           s.dtw_bytes / 1048576.0);
    CHECK(nr >= 19 * RATE, "the long page is about 20 seconds (%.1f)", (double)nr / RATE);
    CHECK(s.dtw_bytes < 16u << 20, "the warping of a 20-second page stays under 16 MB");
    double worst = 0;
    for (int k = 0; k < N; k++)
        worst = fmax(worst, fabs(out[k].start - rt[k]));
    CHECK(worst < 0.03, "every one of the 40 word starts is within 30 ms (%.3f)", worst);
    mfcc_free(&ms);
    mfcc_free(&mr);
    free(syn);
    free(rec);
}

/* Voice is found in a reading, and none in digital silence, a recording too
 * quiet to hold one, or a steady hiss. */
static void test_voiced(void)
{
    static const double dur[] = { 0.30, 0.25, 0.35 }, gap[] = { 0.3, 0.15, 0.2 };
    double starts[3];
    size_t n;
    float *x = reading(3, dur, gap, 1.0, 1.0, NULL, 0.003, starts, &n);
    Mfcc m;
    int first, last;
    mfcc_of(x, n, RATE, &m);
    align_voiced(&m, &first, &last, NULL);
    CHECK(first >= 0 && fabs(first * MFCC_FRAME_SECONDS - starts[0]) < 0.05,
          "a reading over room noise has its voice from its first word (frame %d, %.2f s)",
          first, starts[0]);
    mfcc_free(&m);
    for (size_t i = 0; i < n; i++)
        x[i] *= 0.0005f;   /* -66 dB: a recording of nothing much */
    mfcc_of(x, n, RATE, &m);
    align_voiced(&m, &first, &last, NULL);
    CHECK(first < 0 && last < 0, "a reading 66 dB down, quieter than any voice, has none");
    mfcc_free(&m);
    memset(x, 0, n * sizeof *x);
    mfcc_of(x, n, RATE, &m);
    align_voiced(&m, &first, &last, NULL);
    CHECK(first < 0 && last < 0, "digital silence has no voice");
    mfcc_free(&m);
    for (size_t i = 0; i < n; i++)
        x[i] = 0.3f * noise();
    mfcc_of(x, n, RATE, &m);
    align_voiced(&m, &first, &last, NULL);
    CHECK(first < 0 && last < 0, "loud white noise, steady, has no voice");
    mfcc_free(&m);
    for (size_t i = 0; i < n; i++)   /* a hiss that swells slowly by 4 dB */
        x[i] = (float)(0.05 * (1.0 + 0.6 * i / n)) * noise();
    mfcc_of(x, n, RATE, &m);
    align_voiced(&m, &first, &last, NULL);
    CHECK(first < 0 && last < 0, "a hiss swelling by 4 dB has no voice");
    mfcc_free(&m);
    free(x);
    /* A 50 ms beep, then 10 s of digital silence: the voice is the beep's
     * length, too little for a page of words (the tool then times none). */
    n = (size_t)(10.05 * RATE);
    x = calloc(n, sizeof *x);
    burst(x, RATE / 20, 200, 1000, 1.0);
    mfcc_of(x, n, RATE, &m);
    double v = align_voiced_seconds(&m);
    CHECK(v > 0.02 && v < 0.1 && v < 13 * ALIGN_MIN_WORD_VOICE,
          "a 50 ms beep before silence holds %.3f s of voice, too little for 13 words", v);
    mfcc_free(&m);
    free(x);
    x = reading(3, dur, gap, 1.0, 1.0, NULL, 0.003, starts, &n);
    mfcc_of(x, n, RATE, &m);
    v = align_voiced_seconds(&m);
    CHECK(v > 0.7 && v < 1.0, "a reading of 0.9 s of words holds about that of voice (%.3f)", v);
    mfcc_free(&m);
    free(x);
}

int main(void)
{
    test_voiced();
    test_mfcc();
    test_dtw();
    test_refine();
    test_words();
    test_pause();
    test_restart();
    test_vtt();
    test_speed();
    CHECK_DONE();
}
