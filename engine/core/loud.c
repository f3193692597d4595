/* loud — a recording's level from its opening seconds (see loud.h).
 *
 * Frames of REC_FRAME_MS keep only their sum and sum of squares (of the
 * channels' mean), so the DC offset, known only at the end, is taken out of
 * every frame's level afterwards: the mean square of (x - m) over a frame of
 * n samples is (sq - 2 m sum) / n + m^2. */
#include "loud.h"
#include "i18n.h"

#include <math.h>
#include <stdio.h>
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
        for (int c = 0; c < ch; c++) {
            float v = x[done * (size_t)ch + (size_t)c];
            v = v == v ? v : 0.0f;          /* NaN is silence here as in the mix */
            if (l->count == 0 || v > l->hi[c])
                l->hi[c] = v;
            if (l->count == 0 || v < l->lo[c])
                l->lo[c] = v;
            l->total[c] += v;
            l->fsum[c] += v;
            l->fsq[c] += (double)v * v;
            l->lag[c] += (double)v * l->prev[c];
            l->prev[c] = v;
        }
        l->count++;
        if (++l->in_frame == l->frame_len) {
            for (int c = 0; c < ch; c++) {
                l->sum[c][l->nframes] = l->fsum[c];
                l->sq[c][l->nframes] = l->fsq[c];
                l->fsum[c] = l->fsq[c] = 0.0;
            }
            l->nframes++;
            l->in_frame = 0;
        }
    }
    return done;
}

/* Frame f's mean square, each channel's offset dc[c] taken away, the mean of
 * the channels' powers: what is heard of a stereo sound, whatever the phase
 * between its channels (their mean would cancel a channel turned over). */
static double frame_ms(const Loud *l, size_t f, const float *dc)
{
    double n = (double)l->frame_len, ms = 0.0;
    for (int c = 0; c < l->channels; c++) {
        double m = dc[c];
        ms += (l->sq[c][f] - 2.0 * m * l->sum[c][f]) / n + m * m;
    }
    ms /= l->channels;
    return ms > 0.0 ? ms : 0.0;
}

/* The mean square over the frames keep[] marks (or all sounding frames when
 * keep is NULL: above LOUD_QUIET_DB and within LOUD_RANGE_DB of the
 * loudest); 0 when none. */
static double level_ms(const Loud *l, const float *m, const unsigned char *keep)
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
    double peak = 0.0;
    for (int c = 0; c < l->channels; c++) {
        lv.dc[c] = (float)(l->total[c] / (double)l->count);
        peak = fmax(peak, fmax((double)l->hi[c] - lv.dc[c], lv.dc[c] - (double)l->lo[c]));
    }
    if (l->channels == 1)
        lv.dc[1] = lv.dc[0];
    const float *m = lv.dc;
    lv.peak_db = peak > 0.0 ? 20.0 * log10(peak) : LOUD_NONE_DB;

    double ms = 0.0;
    if (use == LOUD_VOICE && l->nframes > 0) {
        float frame_db[LOUD_FRAMES];
        unsigned char active[LOUD_FRAMES];
        double noise;
        for (size_t f = 0; f < l->nframes; f++)
            frame_db[f] = (float)db_of_ms(frame_ms(l, f, m));
        if (rec_speech_frames(frame_db, l->nframes, active, &noise) == 0) {
            double bang = rec_bang_db(frame_db, active, l->nframes);
            for (size_t f = 0; f < l->nframes; f++)   /* as a take is levelled */
                active[f] = frame_db[f] > bang ? 0 : active[f];
            ms = level_ms(l, m, active);
            lv.speech = ms > 0.0;
        }
    }
    if (ms <= 0.0)
        ms = level_ms(l, m, NULL);
    lv.level_db = db_of_ms(ms);
    lv.gain_db = loud_gain(lv.level_db, lv.peak_db, use);
    /* Hiss: the lag-one products of its samples, offsets taken away. */
    double power = 0.0, lag = 0.0, n = (double)l->count;
    for (int c = 0; c < l->channels; c++) {
        double sq = l->fsq[c];            /* every sample's square: the frames' and the last part's */
        for (size_t f = 0; f < l->nframes; f++)
            sq += l->sq[c][f];
        power += sq - n * (double)m[c] * m[c];
        lag += l->lag[c] - n * (double)m[c] * m[c];
    }
    /* At 16 kHz and over: nearer half the rate, a whisper's own sound is as
     * unlike its neighbours. */
    if (use == LOUD_VOICE && l->rate >= 16000 && lv.level_db > LOUD_QUIET_DB &&
        lag < LOUD_HISS_LIKE * power) {
        lv.speech = LOUD_HISS;
        lv.gain_db = loud_hiss_gain(lv.level_db);
    }
    return lv;
}

double loud_hiss_gain(double level_db)
{
    double gain = LOUD_TARGET_DB - LOUD_HISS_UNDER - level_db;
    return fmax(-LOUD_CUT_DB, fmin(0.0, gain));
}

double loud_gain(double level_db, double peak_db, LoudUse use)
{
    if (!(level_db > LOUD_QUIET_DB))
        return 0.0;                    /* nothing heard: played as it is */
    double gain = LOUD_TARGET_DB - level_db;
    gain = fmax(-LOUD_CUT_DB, fmin(use == LOUD_VOICE ? LOUD_RAISE_DB : 0.0, gain));
    if (gain > 0.0)
        gain = fmin(gain, fmax(0.0, LOUD_CEILING_DB - peak_db));
    return gain;
}

void loud_play_init(LoudPlay *p, const LoudLevel *lv, int channels, int rate)
{
    memset(p, 0, sizeof *p);
    p->channels = channels == 2 ? 2 : 1;
    p->rate = rate > 0 ? rate : 48000;
    p->dc[0] = lv ? lv->dc[0] : 0.0f;
    p->dc[1] = lv ? lv->dc[p->channels == 2 ? 1 : 0] : 0.0f;
    p->gain = p->nominal = lv ? (float)pow(10.0, lv->gain_db / 20.0) : 1.0f;
    p->ceiling = (float)pow(10.0, LOUD_CEILING_DB / 20.0);
    p->least = (float)pow(10.0, -LOUD_CUT_DB / 20.0);
    /* The watch starts from the level measured: the opening is known. */
    if (lv && lv->level_db > LOUD_QUIET_DB) {
        p->avg = pow(10.0, lv->level_db / 10.0);
        p->watching = 1;
    }
}

/* A block's mean square (the channels' powers' mean, offsets taken away) and
 * its highest |x - dc|. Blocks of 8 for the vectoriser, as loud_apply's. */
static void block_stats(const LoudPlay *p, const float *x, size_t n, double *ms, float *peak)
{
    const float d0 = p->dc[0], d1 = p->channels == 2 ? p->dc[1] : p->dc[0];
    const float d[8] = { d0, d1, d0, d1, d0, d1, d0, d1 };
    float acc[8] = { 0 }, top[8] = { 0 };
    size_t i = 0, whole = n / 8 * 8;
    double sum = 0.0;
    while (i < whole) {
        /* Summed in floats 1024 samples at a time, then into the double. */
        size_t end = whole - i > 1024 ? i + 1024 : whole;
        for (; i < end; i += 8) {
#pragma GCC unroll 1
            for (int k = 0; k < 8; k++) {
                float v = x[i + (size_t)k] - d[k];
                acc[k] += v * v;
                float a = fabsf(v);
                top[k] = a > top[k] ? a : top[k];
            }
        }
        for (int k = 0; k < 8; k++) {
            sum += acc[k];
            acc[k] = 0.0f;
        }
    }
    for (size_t k = 0; i + k < n; k++) {
        float v = x[i + k] - d[k];
        acc[k] += v * v;
        top[k] = fabsf(v) > top[k] ? fabsf(v) : top[k];
    }
    float t = 0.0f;
    for (int k = 0; k < 8; k++) {
        sum += acc[k];
        t = top[k] > t ? top[k] : t;
    }
    *ms = n ? sum / (double)n : 0.0;
    *peak = t;
}

/* The gain a block should have, from what the watch has heard: lowered when
 * the sound has grown loud (its own level, or its level over the last
 * second), raised back slowly towards the measured gain when it is quiet
 * again, never past it. */
static float watch(LoudPlay *p, double ms, size_t frames)
{
    const double quiet = pow(10.0, LOUD_QUIET_DB / 10.0);
    const double target = pow(10.0, LOUD_TARGET_DB / 10.0);
    const double seconds = (double)frames / p->rate;
    float want = p->gain;
    if (!(ms > quiet))
        return want;             /* silence tells nothing: the gain holds */
    if (!p->watching) {
        p->avg = ms;
        p->watching = 1;
    } else {
        /* Quick to hear a sound grow loud, slow to forget it. */
        double tau = ms > p->avg ? LOUD_ATTACK_SECONDS : LOUD_RELEASE_SECONDS;
        p->avg += (1.0 - exp(-seconds / tau)) * (ms - p->avg);
    }
    double g2 = (double)p->gain * p->gain;
    double block_over = ms * g2 / target, avg_over = p->avg * g2 / target;
    if (block_over > LOUD_SUDDEN) {
        /* A sudden loud sound: this block is lowered, and the recent level
         * is the sound's now, not the quiet before it (which would take a
         * second or more to forget), so the rule below follows it. */
        want = (float)fmin(want, sqrt(LOUD_BLOCK_TO * target / ms));
        p->avg = fmax(p->avg, ms);
        avg_over = p->avg * g2 / target;
    }
    /* Grown loud: back to the target, and kept there while the recent level
     * still climbs (it lags the sound by design), until it falls under. */
    if (avg_over > LOUD_STEADY)
        p->tracking = 1;
    else if (avg_over < 1.0)
        p->tracking = 0;
    if (p->tracking && avg_over > 1.0)
        want = (float)fmin(want, sqrt(target / p->avg));
    if (want == p->gain && avg_over < LOUD_LOW && p->gain < p->nominal)
        want = (float)fmin(p->nominal, p->gain * pow(10.0, LOUD_RECOVER_DB * seconds / 20.0));
    return want < p->least ? p->least : want;
}

/* A peak over the ceiling, bent softly under full scale: a click in a
 * raised recording is rounded off, the rest of the page keeps its gain. */
static float soft(float v, float c)
{
    float a = fabsf(v);
    if (a <= c)
        return v;
    float room = 1.0f - c, over = (a - c) / room;
    float y = c + room * over / (1.0f + over);
    return v < 0 ? -y : y;
}

/* Is a window a buzz, from its sums for one channel (w frames): diff of
 * |x - the sample before|, size of |x - dc|, sq of (x - dc)^2? avg_in is
 * the last second's mean square (0: not known), g the gain it will play
 * at. See LOUD_BUZZ_RATIO. */
static int buzz(double diff, double size, double sq, size_t w, double avg_in, float g, int rate)
{
    diff /= (double)w;
    if (diff <= LOUD_BUZZ_RATIO * size / (double)w)
        return 0;
    return diff * g > LOUD_BUZZ_STEP ||
           (rate >= 32000 && avg_in > 0.0 && diff * g > 0.1 &&
            sq / (double)w > pow(10.0, LOUD_BUZZ_OVER / 10.0) * avg_in);
}

/* The window's sums, per channel, in one pass the vectoriser takes at -O2:
 * eight lanes, which alternate with the channels in stereo as in
 * loud_apply (the sample before x[i] is x[i - ch]; before the first,
 * prev). */
static void window_sums(const float *x, size_t n, int ch, const float *prev, const float *dc,
                        double *diff, double *size, double *sq)
{
    float ad[8] = { 0 }, as[8] = { 0 }, aq[8] = { 0 };
    const float d[8] = { dc[0], dc[ch - 1], dc[0], dc[ch - 1], dc[0], dc[ch - 1], dc[0],
                         dc[ch - 1] };
    size_t i = 0;
    for (int c = 0; c < ch; c++, i++) {          /* the first frame, against prev */
        ad[c] += fabsf(x[c] - prev[c]);
        as[c] += fabsf(x[c] - d[c]);
        aq[c] += (x[c] - d[c]) * (x[c] - d[c]);
    }
    /* from i = ch, lanes line up with 8-sample blocks only after a few */
    for (; i < n && i % 8; i++) {
        ad[i % 8] += fabsf(x[i] - x[i - (size_t)ch]);
        as[i % 8] += fabsf(x[i] - d[i % 8]);
        aq[i % 8] += (x[i] - d[i % 8]) * (x[i] - d[i % 8]);
    }
    for (; i + 8 <= n; i += 8) {
#pragma GCC unroll 1
        for (int k = 0; k < 8; k++) {
            float v = x[i + (size_t)k] - d[k];
            ad[k] += fabsf(x[i + (size_t)k] - x[i + (size_t)k - (size_t)ch]);
            as[k] += fabsf(v);
            aq[k] += v * v;
        }
    }
    for (; i < n; i++) {
        ad[i % 8] += fabsf(x[i] - x[i - (size_t)ch]);
        as[i % 8] += fabsf(x[i] - d[i % 8]);
        aq[i % 8] += (x[i] - d[i % 8]) * (x[i] - d[i % 8]);
    }
    for (int c = 0; c < ch; c++)
        diff[c] = size[c] = sq[c] = 0.0;
    for (int k = 0; k < 8; k++) {
        diff[k % ch] += ad[k];
        size[k % ch] += as[k];
        sq[k % ch] += aq[k];
    }
}

/* Mute the buzz in x (frames as decoded, before the gain), window by
 * window, to its offset, fading out into it and in after it so the muting
 * makes no click; before the watch, which would otherwise duck the voice
 * after it for the buzz's loudness. */
static void loud_unbuzz(LoudPlay *p, float *x, size_t frames)
{
    const int ch = p->channels;
    const double avg_in = p->watching ? p->avg : 0.0;
    size_t w = (size_t)(p->rate * LOUD_BUZZ_MS / 1000.0);
    if (w < 8)
        w = 8;
    for (size_t at = 0; at < frames; at += w) {
        size_t n = frames - at < w ? frames - at : w;
        float *y = x + at * (size_t)ch;
        double diff[2], size[2], sq[2];
        window_sums(y, n * (size_t)ch, ch, p->prev, p->dc, diff, size, sq);
        int bad = 0;
        for (int c = 0; c < ch && !bad; c++)
            bad = buzz(diff[c], size[c], sq[c], n, avg_in, p->gain, p->rate);
        for (int c = 0; c < ch; c++)
            p->prev[c] = y[(n - 1) * (size_t)ch + (size_t)c];
        if (bad) {
            for (int c = 0; c < ch; c++)
                p->muted_last[c] = p->prev[c];   /* as decoded: the steps go on from it */
            /* out over the window's first half from the sound before it */
            size_t fade = p->muted ? 0 : n / 2;
            for (size_t f = 0; f < n; f++) {
                float k = f < fade ? 1.0f - (float)(f + 1) / (float)fade : 0.0f;
                for (int c = 0; c < ch; c++) {
                    float *v = &y[f * (size_t)ch + (size_t)c];
                    *v = p->dc[c] + (*v - p->dc[c]) * k;
                }
            }
            p->muted = 1;
            p->buzzed++;
        } else if (p->muted) {
            /* The buzz may run into this window: muted up to where its
             * steps end (two frames in a row stepping less than a tenth of
             * full scale as they will play), then faded in from there. */
            size_t from = 0;
            for (int calm = 0; from < n && calm < 2; from++) {
                int big = 0;
                for (int c = 0; c < ch; c++) {
                    size_t i = from * (size_t)ch + (size_t)c;
                    float before = from ? y[i - (size_t)ch] : p->muted_last[c];
                    big |= fabsf(y[i] - before) * p->gain > 0.1f;
                }
                calm = big ? 0 : calm + 1;
            }
            from = from >= 2 ? from - 2 : 0;
            for (size_t f = 0; f < n; f++) {
                float k = f < from ? 0.0f : f - from < n / 2 ? (float)(f - from + 1) /
                                                               (float)(n / 2 + 1) : 1.0f;
                for (int c = 0; c < ch; c++) {
                    float *v = &y[f * (size_t)ch + (size_t)c];
                    *v = p->dc[c] + (*v - p->dc[c]) * k;
                }
            }
            p->muted = 0;
        }
    }
}

void loud_apply(LoudPlay *p, float *x, size_t frames)
{
    loud_unbuzz(p, x, frames);
    const size_t n = frames * (size_t)p->channels;
    const float d0 = p->dc[0], d1 = p->channels == 2 ? p->dc[1] : p->dc[0];
    double ms;
    float peak;
    block_stats(p, x, n, &ms, &peak);
    float to = watch(p, ms, frames), from = p->gain;
    size_t i = 0;
    if (to != from) {
        /* A new gain is reached over the block's first frames, never a step;
         * going down, by the first loud sound in the block (a shout, the
         * music after a silent opening) or within a few frames of it. */
        size_t ramp = frames < LOUD_GUARD_FRAMES ? frames : LOUD_GUARD_FRAMES;
        if (to < from) {
            const float loud = (float)sqrt(2.0 * LOUD_STEADY * pow(10.0, LOUD_TARGET_DB / 10.0));
            size_t onset = 0;
            while (onset < ramp && fabsf(x[onset * (size_t)p->channels] - d0) * from <= loud &&
                   fabsf(x[onset * (size_t)p->channels + (size_t)(p->channels - 1)] - d1) *
                           from <= loud)
                onset++;
            ramp = onset < 8 ? (frames < 8 ? frames : 8) : onset;
        }
        for (size_t f = 0; f < ramp; f++) {
            float g = from + (to - from) * (float)(f + 1) / (float)ramp;
            for (int c = 0; c < p->channels; c++, i++)
                x[i] = (x[i] - p->dc[c]) * g;
        }
        p->gain = to;
    }
    /* Every sample the night plays comes through here, on the audio thread:
     * blocks of 8 (4 stereo frames) give the loop a trip count the
     * vectoriser takes at -O2, as in voice.c. The offsets alternate with
     * the channels, so one pattern of 8 serves mono (d0 = d1) and stereo. */
    const float g = p->gain;
    if (g != 1.0f || d0 != 0.0f || d1 != 0.0f) {
        const float d[8] = { d0, d1, d0, d1, d0, d1, d0, d1 };
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
    /* Raised past the ceiling by a peak the opening did not have. */
    if (peak * (from > to ? from : to) > p->ceiling && (from > 1.0f || to > 1.0f))
        for (size_t k = 0; k < n; k++)
            x[k] = soft(x[k], p->ceiling);
}

int loud_silence_say(double peak_db, int whole, char *out, size_t n)
{
    if (peak_db >= LOUD_SILENT_DB)
        return 0;
    if (peak_db <= LOUD_NONE_DB && whole)
        snprintf(out, n, "%s", _("this recording is silent (it holds no sound at all); record "
                 "it again"));
    else if (whole)
        snprintf(out, n, "%s", _("this recording is almost silent (even its loudest moment is "
                 "too quiet to hear); record it again, closer to the microphone"));
    else
        snprintf(out, n, _("the first %.0f s of this recording are silent; the voice should "
                 "start within a second or two"), LOUD_SECONDS);
    return 1;
}
