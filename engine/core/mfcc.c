/* mfcc — see mfcc.h. The FFT is a plain iterative radix-2 over MFCC_FFT
 * points (a 10-minute take is 60,000 of them: a fraction of a second), the
 * filterbank and DCT tables are computed once per Mfcc from the same formulas,
 * so nothing here is global. */
#include "mfcc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define MFCC_PREEMPH 0.97f

static double mel(double hz) { return 2595.0 * log10(1.0 + hz / 700.0); }
static double mel_hz(double m) { return 700.0 * (pow(10.0, m / 2595.0) - 1.0); }

/* In-place complex FFT of n (a power of two) points. */
static void fft(const Mfcc *m, float *re, float *im, int n)
{
    for (int i = 1, j = 0; i < n; i++) {
        int bit = n >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j) {
            float t = re[i]; re[i] = re[j]; re[j] = t;
            t = im[i]; im[i] = im[j]; im[j] = t;
        }
    }
    for (int len = 2; len <= n; len <<= 1) {
        int stride = MFCC_FFT / len;
        for (int i = 0; i < n; i += len)
            for (int k = 0; k < len / 2; k++) {
                float wr = m->twr[k * stride], wi = m->twi[k * stride];
                int p = i + k, q = i + k + len / 2;
                float xr = re[q] * wr - im[q] * wi, xi = re[q] * wi + im[q] * wr;
                re[q] = re[p] - xr; im[q] = im[p] - xi;
                re[p] += xr; im[p] += xi;
            }
    }
}

/* The weight of FFT bin k in mel band b (triangles from 0 to Nyquist). */
static float band_weight(int b, int k)
{
    double lo = mel(0.0), hi = mel(MFCC_RATE / 2.0);
    double step = (hi - lo) / (MFCC_BANDS + 1);
    double f0 = mel_hz(lo + step * b), f1 = mel_hz(lo + step * (b + 1)),
           f2 = mel_hz(lo + step * (b + 2));
    double f = (double)k * MFCC_RATE / MFCC_FFT;
    if (f <= f0 || f >= f2)
        return 0.0f;
    return (float)(f < f1 ? (f - f0) / (f1 - f0) : (f2 - f) / (f2 - f1));
}

int mfcc_begin(Mfcc *m, int rate)
{
    memset(m, 0, sizeof *m);
    if (rate < 1000 || rate > 400000)
        return -1;
    m->step = (double)rate / MFCC_RATE;
    m->pos = m->step >= 1.0 ? m->step : 0.0;
    for (int b = 0; b < MFCC_BANDS; b++)
        for (int k = 0; k <= MFCC_FFT / 2; k++)
            m->fbank[b][k] = band_weight(b, k);
    for (int j = 0; j < MFCC_COEFS; j++)
        for (int b = 0; b < MFCC_BANDS; b++)
            m->dct[j][b] = (float)cos(M_PI * j * (b + 0.5) / MFCC_BANDS);
    for (int i = 0; i < MFCC_WIN; i++)
        m->hamming[i] = (float)(0.54 - 0.46 * cos(2.0 * M_PI * i / (MFCC_WIN - 1)));
    for (int k = 0; k < MFCC_FFT / 2; k++) {
        m->twr[k] = (float)cos(-2.0 * M_PI * k / MFCC_FFT);
        m->twi[k] = (float)sin(-2.0 * M_PI * k / MFCC_FFT);
    }
    return 0;
}

static int grow(Mfcc *m)
{
    if (m->nframes < m->cap)
        return 0;
    if (m->cap >= MFCC_MAX_FRAMES)
        return -1;
    int cap = m->cap ? m->cap * 2 : 1024;
    if (cap > MFCC_MAX_FRAMES)
        cap = MFCC_MAX_FRAMES;
    float *c = realloc(m->coef, (size_t)cap * MFCC_COEFS * sizeof *c);
    if (!c)
        return -1;
    m->coef = c;
    float *e = realloc(m->energy_db, (size_t)cap * sizeof *e);
    if (!e)
        return -1;
    m->energy_db = e;
    m->cap = cap;
    return 0;
}

/* One frame from the window (oldest sample first at win[0]). */
static void frame(Mfcc *m)
{
    if (m->failed)
        return;
    if (grow(m) != 0) {
        m->failed = 1;
        return;
    }
    float re[MFCC_FFT], im[MFCC_FFT];
    double energy = 0.0;
    memset(re, 0, sizeof re);
    memset(im, 0, sizeof im);
    for (int i = 0; i < MFCC_WIN; i++) {
        float x = i < m->fill ? m->win[i] : 0.0f;
        energy += (double)x * x;
        re[i] = x * m->hamming[i];
    }
    fft(m, re, im, MFCC_FFT);
    double logmel[MFCC_BANDS];
    for (int b = 0; b < MFCC_BANDS; b++) {
        double s = 0.0;
        for (int k = 0; k <= MFCC_FFT / 2; k++) {
            float w = m->fbank[b][k];
            if (w > 0.0f)
                s += w * ((double)re[k] * re[k] + (double)im[k] * im[k]);
        }
        logmel[b] = log(s + 1e-10);
    }
    float *c = m->coef + (size_t)m->nframes * MFCC_COEFS;
    for (int j = 0; j < MFCC_COEFS; j++) {
        double s = 0.0;
        for (int b = 0; b < MFCC_BANDS; b++)
            s += logmel[b] * m->dct[j][b];
        c[j] = (float)s;
    }
    double db = 10.0 * log10(energy / MFCC_WIN + 1e-10);
    m->energy_db[m->nframes] = (float)(db < -100.0 ? -100.0 : db);
    m->nframes++;
}

/* One sample at MFCC_RATE: pre-emphasis, into the window, a frame each hop. */
static void push(Mfcc *m, float x)
{
    float y = x - MFCC_PREEMPH * m->prev;
    m->prev = x;
    if (m->fill < MFCC_WIN) {
        m->win[m->fill++] = y;
    } else {
        memmove(m->win, m->win + 1, (MFCC_WIN - 1) * sizeof m->win[0]);
        m->win[MFCC_WIN - 1] = y;
    }
    if (++m->since >= MFCC_HOP && m->fill == MFCC_WIN) {
        frame(m);
        m->since = 0;
    } else if (m->fill < MFCC_WIN && m->since >= MFCC_HOP) {
        m->since = MFCC_HOP;   /* the first frame waits for a full window */
    }
}

void mfcc_feed(Mfcc *m, const float *x, size_t n)
{
    for (size_t i = 0; i < n && !m->failed; i++) {
        float v = x[i];
        if (!(v > -4.0f && v < 4.0f))
            v = 0.0f;   /* NaN or absurd values from a broken decoder count as silence */
        if (m->step >= 1.0) {
            /* Downsampling: average the source samples of each output period. */
            m->acc += v;
            m->acc_n++;
            m->src_index += 1.0;
            if (m->src_index >= m->pos) {
                push(m, (float)(m->acc / m->acc_n));
                m->acc = 0.0;
                m->acc_n = 0;
                m->pos += m->step;
            }
        } else {
            /* Upsampling: interpolate between the previous sample and this one. */
            if (!m->have_last) {
                m->last_in = v;
                m->have_last = 1;
            }
            while (m->pos <= m->src_index) {
                double frac = 1.0 - (m->src_index - m->pos);
                push(m, m->last_in + (float)frac * (v - m->last_in));
                m->pos += m->step;
            }
            m->last_in = v;
            m->src_index += 1.0;
        }
    }
}

int mfcc_finish(Mfcc *m)
{
    if (!m->failed && m->since > 0) {
        /* The tail: slide silence in until the last samples are in a frame. */
        int left = m->fill < MFCC_WIN ? 0 : MFCC_HOP - m->since;
        for (int i = 0; i < left; i++)
            push(m, 0.0f);
        if (m->nframes == 0 && m->fill > 0)
            frame(m);
    }
    if (m->failed)
        return -1;
    /* The mean of each coefficient over the frames with voice (within
     * MFCC_CMN_DB of the loudest), not over all: a take with long pauses
     * would otherwise have its mean pulled toward the room's hiss, and its
     * speech frames shifted against a synthetic reading that pauses little. */
    float peak = -100.0f;
    for (int i = 0; i < m->nframes; i++)
        if (m->energy_db[i] > peak)
            peak = m->energy_db[i];
    for (int j = 0; j < MFCC_COEFS && m->nframes > 0; j++) {
        double mean = 0.0;
        int cnt = 0;
        for (int i = 0; i < m->nframes; i++)
            if (m->energy_db[i] >= peak - MFCC_CMN_DB) {
                mean += m->coef[(size_t)i * MFCC_COEFS + j];
                cnt++;
            }
        mean /= cnt;   /* the loudest frame always counts: cnt >= 1 */
        for (int i = 0; i < m->nframes; i++)
            m->coef[(size_t)i * MFCC_COEFS + j] -= (float)mean;
    }
    return 0;
}

void mfcc_free(Mfcc *m)
{
    free(m->coef);
    free(m->energy_db);
    m->coef = NULL;
    m->energy_db = NULL;
    m->nframes = m->cap = 0;
}

int mfcc_of(const float *x, size_t n, int rate, Mfcc *m)
{
    if (mfcc_begin(m, rate) != 0)
        return -1;
    mfcc_feed(m, x, n);
    if (mfcc_finish(m) != 0) {
        mfcc_free(m);
        return -1;
    }
    return 0;
}

float mfcc_distance(const Mfcc *a, int i, const Mfcc *b, int j)
{
    const float *p = a->coef + (size_t)i * MFCC_COEFS, *q = b->coef + (size_t)j * MFCC_COEFS;
    float s = 0.0f;
    for (int k = 1; k < MFCC_COEFS; k++) {
        float d = p[k] - q[k];
        s += d * d;
    }
    return sqrtf(s);
}
