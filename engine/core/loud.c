/* loud — a recording's level from its opening seconds (see loud.h).
 *
 * Frames of REC_FRAME_MS keep only their sum and sum of squares (of the
 * channels' mean), so the DC offset, known only at the end, is taken out of
 * every frame's level afterwards: the mean square of (x - m) over a frame of
 * n samples is (sq - 2 m sum) / n + m^2. */
#include "loud.h"

#include <math.h>
#include <string.h>

static double db_of_ms(double ms)
{
    return ms > 0.0 ? fmax(10.0 * log10(ms), LOUD_NONE_DB) : LOUD_NONE_DB;
}

void loud_start(Loud *l, int rate, int channels)
{
    memset(l, 0, sizeof *l);
    l->rate = rate > 0 ? rate : 1;
    l->channels = channels == 2 ? 2 : 1;
    l->frame_len = (size_t)l->rate * REC_FRAME_MS / 1000;
    if (l->frame_len == 0)
        l->frame_len = 1;
}

int loud_full(const Loud *l)
{
    return l->nframes >= LOUD_FRAMES;
}

size_t loud_feed(Loud *l, const float *x, size_t frames)
{
    size_t done = 0;
    const int ch = l->channels;
    for (; done < frames && !loud_full(l); done++) {
        double mix = 0.0;
        for (int c = 0; c < ch; c++) {
            float v = x[done * (size_t)ch + (size_t)c];
            v = v == v ? v : 0.0f;          /* NaN is silence here as in the mix */
            if (l->count == 0 || v > l->hi[c])
                l->hi[c] = v;
            if (l->count == 0 || v < l->lo[c])
                l->lo[c] = v;
            l->total[c] += v;
            mix += v;
        }
        mix /= ch;
        l->count++;
        l->fsum += mix;
        l->fsq += mix * mix;
        if (++l->in_frame == l->frame_len) {
            l->sum[l->nframes] = l->fsum;
            l->sq[l->nframes] = l->fsq;
            l->nframes++;
            l->in_frame = 0;
            l->fsum = l->fsq = 0.0;
        }
    }
    return done;
}

/* Frame f's mean square with the mix's offset m taken away. */
static double frame_ms(const Loud *l, size_t f, double m)
{
    double n = (double)l->frame_len;
    double ms = (l->sq[f] - 2.0 * m * l->sum[f]) / n + m * m;
    return ms > 0.0 ? ms : 0.0;
}

/* The mean square over the frames keep[] marks (or all sounding frames when
 * keep is NULL: above LOUD_QUIET_DB and within LOUD_RANGE_DB of the
 * loudest); 0 when none. */
static double level_ms(const Loud *l, double m, const unsigned char *keep)
{
    double loudest = LOUD_NONE_DB;
    if (!keep)
        for (size_t f = 0; f < l->nframes; f++)
            loudest = fmax(loudest, db_of_ms(frame_ms(l, f, m)));
    double gate = fmax(LOUD_QUIET_DB, loudest - LOUD_RANGE_DB), sum = 0.0;
    size_t count = 0;
    for (size_t f = 0; f < l->nframes; f++) {
        double ms = frame_ms(l, f, m);
        if (keep ? keep[f] != 0 : db_of_ms(ms) > gate) {
            sum += ms;
            count++;
        }
    }
    return count ? sum / (double)count : 0.0;
}

LoudLevel loud_level(const Loud *l, LoudUse use)
{
    LoudLevel lv;
    memset(&lv, 0, sizeof lv);
    lv.level_db = lv.peak_db = LOUD_NONE_DB;
    lv.seconds = (double)l->count / l->rate;
    if (l->count == 0)
        return lv;
    double m = 0.0, peak = 0.0;
    for (int c = 0; c < l->channels; c++) {
        lv.dc[c] = (float)(l->total[c] / (double)l->count);
        m += lv.dc[c];
        peak = fmax(peak, fmax((double)l->hi[c] - lv.dc[c], lv.dc[c] - (double)l->lo[c]));
    }
    m /= l->channels;
    if (l->channels == 1)
        lv.dc[1] = lv.dc[0];
    lv.peak_db = peak > 0.0 ? 20.0 * log10(peak) : LOUD_NONE_DB;

    double ms = 0.0;
    if (use == LOUD_VOICE && l->nframes > 0) {
        float frame_db[LOUD_FRAMES];
        unsigned char active[LOUD_FRAMES];
        double noise;
        for (size_t f = 0; f < l->nframes; f++)
            frame_db[f] = (float)db_of_ms(frame_ms(l, f, m));
        if (rec_speech_frames(frame_db, l->nframes, active, &noise) == 0) {
            ms = level_ms(l, m, active);
            lv.speech = ms > 0.0;
        }
    }
    if (ms <= 0.0)
        ms = level_ms(l, m, NULL);
    lv.level_db = db_of_ms(ms);
    if (ms <= 0.0 || lv.level_db <= LOUD_QUIET_DB)
        return lv;                     /* nothing heard: played as it is */
    double gain = LOUD_TARGET_DB - lv.level_db;
    gain = fmax(-LOUD_CUT_DB, fmin(use == LOUD_VOICE ? LOUD_RAISE_DB : 0.0, gain));
    if (gain > 0.0)
        gain = fmin(gain, fmax(0.0, LOUD_CEILING_DB - lv.peak_db));
    lv.gain_db = gain;
    return lv;
}

void loud_play_init(LoudPlay *p, const LoudLevel *lv, int channels)
{
    p->channels = channels == 2 ? 2 : 1;
    p->dc[0] = lv ? lv->dc[0] : 0.0f;
    p->dc[1] = lv ? lv->dc[p->channels == 2 ? 1 : 0] : 0.0f;
    p->gain = lv ? (float)pow(10.0, lv->gain_db / 20.0) : 1.0f;
    p->ceiling = (float)pow(10.0, LOUD_CEILING_DB / 20.0);
}

/* Highest |x - dc| of a block. */
static float block_peak(const LoudPlay *p, const float *x, size_t n)
{
    float peak = 0.0f;
    for (size_t i = 0; i < n; i++) {
        float v = fabsf(x[i] - p->dc[i & (size_t)(p->channels - 1)]);
        peak = v > peak ? v : peak;
    }
    return peak;
}

void loud_apply(LoudPlay *p, float *x, size_t frames)
{
    const size_t n = frames * (size_t)p->channels;
    const float d0 = p->dc[0], d1 = p->dc[1];
    if (p->gain == 1.0f && d0 == 0.0f && d1 == 0.0f)
        return;
    size_t i = 0;
    if (p->gain > 1.0f) {
        /* Raised: what comes after the measured opening may be louder. */
        float peak = block_peak(p, x, n);
        if (peak * p->gain > p->ceiling) {
            /* Never under the gain it was made at: then it is as it was made. */
            float to = fmaxf(p->ceiling / peak, 1.0f), from = p->gain;
            float bound = fmaxf(p->ceiling, peak);
            size_t ramp = frames < LOUD_GUARD_FRAMES ? frames : LOUD_GUARD_FRAMES;
            for (size_t f = 0; f < ramp; f++) {
                float g = from + (to - from) * (float)(f + 1) / (float)ramp;
                for (int c = 0; c < p->channels; c++, i++) {
                    float v = (x[i] - p->dc[c]) * g;
                    x[i] = fmaxf(-bound, fminf(bound, v));   /* the ramp's few frames */
                }
            }
            p->gain = to;
        }
    }
    /* Every sample the night plays comes through here, on the audio thread:
     * blocks of 8 (4 stereo frames) give the loop a trip count the
     * vectoriser takes at -O2, as in voice.c. The offsets alternate with
     * the channels, so one pattern of 8 serves mono (d0 = d1) and stereo. */
    const float g = p->gain;
    const float d[8] = { d0, p->channels == 2 ? d1 : d0, d0, p->channels == 2 ? d1 : d0,
                         d0, p->channels == 2 ? d1 : d0, d0, p->channels == 2 ? d1 : d0 };
    float *y = x + i;
    size_t left = n - i;
    for (; left >= 8; left -= 8, y += 8) {
#pragma GCC unroll 1
        for (int k = 0; k < 8; k++)
            y[k] = (y[k] - d[k]) * g;
    }
    for (size_t k = 0; k < left; k++)
        y[k] = (y[k] - d[k]) * g;
}
