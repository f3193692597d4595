/* voice — gain ramps, pause, stop and end detection for one mixed sound (see voice.h).
 *
 * The gain moves by a fixed step each frame towards where it should be: the
 * level while playing, 0 while paused or stopping. A stop whose ramp reaches 0
 * is done; a pause whose ramp reaches 0 stops pulling, so the source holds its
 * place. The ramp is per frame, not per block, so a fade has no steps in it. */
#include "voice.h"

#include <float.h>
#include <math.h>
#include <string.h>

static float voice_step(float span, size_t frames)
{
    return frames > 0 ? span / (float)frames : 1.0f;
}

void voice_start(Voice *v, VoicePull pull, void *user, float level, size_t fade_frames)
{
    v->pull = pull;
    v->user = user;
    v->state = VOICE_PLAYING;
    v->gain = 0.0f;
    v->level = level < 0 ? 0 : level > 1 ? 1 : level;
    v->step = voice_step(v->level > 0 ? v->level : 1.0f, fade_frames ? fade_frames : 1);
    v->paused = 0;
    v->ended = 0;
    v->duck_db = v->duck_target = 0.0f;
    v->duck_step = 0.0f;
    v->duck_gain = 1.0f;
}

void voice_stop(Voice *v, size_t fade_frames)
{
    if (v->state != VOICE_PLAYING)
        return;
    if (fade_frames == 0 || v->gain <= 0.0f || v->paused) {
        v->gain = 0.0f;
        v->state = VOICE_DONE;
        return;
    }
    v->state = VOICE_STOPPING;
    v->step = voice_step(v->gain, fade_frames);
}

void voice_pause(Voice *v, int pause, size_t fade_frames)
{
    if (v->state != VOICE_PLAYING || v->paused == !!pause)
        return;
    v->paused = !!pause;
    v->step = voice_step(v->level > 0 ? v->level : 1.0f, fade_frames ? fade_frames : 1);
}

void voice_set_level(Voice *v, float level, size_t fade_frames)
{
    level = level < 0 ? 0 : level > 1 ? 1 : level;
    float span = fabsf(level - v->gain);
    v->level = level;
    if (v->state == VOICE_PLAYING && !v->paused && span > 0)
        v->step = voice_step(span, fade_frames ? fade_frames : 1);
}

void voice_duck(Voice *v, float db, size_t fade_frames)
{
    db = db < 0 ? db : 0.0f;
    if (!(db == db) || db == v->duck_target)
        return;
    v->duck_target = db;
    if (fade_frames == 0) {
        v->duck_db = db;
        v->duck_gain = powf(10.0f, db / 20.0f);
        v->duck_step = 0.0f;
        return;
    }
    v->duck_step = fabsf(db - v->duck_db) / (float)fade_frames;
}

double voice_duck_db(double music_rel)
{
    if (!(music_rel > 0))
        return 0;
    double db = -VOICE_DUCK_BELOW - 20.0 * log10(music_rel > 1 ? 1 : music_rel);
    return db < 0 ? db : 0;
}

double voice_music_db(double music_rel, int speaking)
{
    double rel = music_rel > 1 ? 1 : music_rel;
    if (!(rel > 0))
        return -120.0;   /* silent: as far under as a 16-bit mix can tell */
    return 20.0 * log10(rel) + (speaking ? voice_duck_db(rel) : 0);
}

/* The ducking's factor for the next frame, one ramp step on. */
static float voice_duck_next(Voice *v)
{
    if (v->duck_db != v->duck_target) {
        if (v->duck_db < v->duck_target)
            v->duck_db = v->duck_db + v->duck_step < v->duck_target ? v->duck_db + v->duck_step
                                                                    : v->duck_target;
        else
            v->duck_db = v->duck_db - v->duck_step > v->duck_target ? v->duck_db - v->duck_step
                                                                    : v->duck_target;
        v->duck_gain = powf(10.0f, v->duck_db / 20.0f);
    }
    return v->duck_gain;
}

/* Where the gain is heading now. */
static float voice_target(const Voice *v)
{
    return v->state == VOICE_PLAYING && !v->paused ? v->level : 0.0f;
}

static float voice_ramp(Voice *v, float target)
{
    if (v->gain < target)
        v->gain = v->gain + v->step < target ? v->gain + v->step : target;
    else if (v->gain > target)
        v->gain = v->gain - v->step > target ? v->gain - v->step : target;
    return v->gain;
}

size_t voice_mix(Voice *v, float *mix, size_t frames)
{
    size_t done = 0;
    while (done < frames && (v->state == VOICE_PLAYING || v->state == VOICE_STOPPING)) {
        if (v->paused && v->gain <= 0.0f)
            break;                                      /* silent and holding its place */
        size_t want = frames - done < VOICE_SCRATCH ? frames - done : VOICE_SCRATCH;
        float target = voice_target(v);
        if (target <= 0.0f && v->step > 0.0f) {
            /* Fading to silence: pull no further than the fade reaches, so a
             * pause resumes exactly where it went quiet. */
            float need = ceilf(v->gain / v->step);
            if (need < (float)want)
                want = need < 1.0f ? 1 : (size_t)need;
        }
        size_t got = v->pull(v->user, v->scratch, want);
        for (size_t i = 0; i < got; i++) {
            float g = voice_ramp(v, target) * voice_duck_next(v);
            mix[2 * (done + i)] += v->scratch[2 * i] * g;
            mix[2 * (done + i) + 1] += v->scratch[2 * i + 1] * g;
        }
        done += got;
        if (v->state == VOICE_STOPPING && v->gain <= 0.0f) {
            v->state = VOICE_DONE;
            break;
        }
        if (got < want) {
            v->ended = v->state == VOICE_PLAYING;
            v->state = VOICE_DONE;
            break;
        }
    }
    return done;
}

int voice_done(const Voice *v)
{
    return v->state == VOICE_DONE;
}

int voice_ended(const Voice *v)
{
    return v->state == VOICE_DONE && v->ended;
}

/* One sample of voice_add_s16: the sum, clamped, NaN made silence, then
 * rounded to the nearest integer, ties to even, as lrintf does
 * in the default rounding mode. Adding and taking away 1.5 * 2^23 rounds a
 * float of magnitude under 2^22 that way, exactly, where float arithmetic is
 * done in float (FLT_EVAL_METHOD 0: x86-64, aarch64); the clamp keeps it in
 * range. lrintf itself is a call the default -fmath-errno keeps out of
 * vector code, and the clamps become selects because voice.c is built with
 * -fno-trapping-math (CMakeLists.txt). */
static inline int16_t add_s16(int16_t d, float m)
{
    float f = (float)d + m * 32767.0f;
    f = f > 32767.0f ? 32767.0f : f;
    f = f < -32768.0f ? -32768.0f : f;
    f = f == f ? f : 0.0f; /* NaN: silence, not a click */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
    const float round_magic = 12582912.0f;
    return (int16_t)(int32_t)((f + round_magic) - round_magic);
#else
    return (int16_t)lrintf(f);
#endif
}

void voice_tail(float *out, size_t n, size_t left, size_t fade)
{
    if (fade == 0 || left > n + fade)
        return;                        /* the tail is not in this block */
    for (size_t i = 0; i < n && i < left; i++) {
        size_t rem = left - i;         /* frames from this one to the end */
        if (rem < fade) {
            float g = (float)rem / (float)fade;
            out[2 * i] *= g;
            out[2 * i + 1] *= g;
        }
    }
}

void voice_add_s16(int16_t *restrict dst, const float *restrict mix, size_t n)
{
    /* This runs on the audio thread for every sample of the night. Blocks of
     * 8 give the loop a trip count the vectoriser takes at -O2 (as blend.c). */
    for (; n >= 8; n -= 8, dst += 8, mix += 8) {
#pragma GCC unroll 1
        for (int i = 0; i < 8; i++)
            dst[i] = add_s16(dst[i], mix[i]);
    }
    for (size_t i = 0; i < n; i++)
        dst[i] = add_s16(dst[i], mix[i]);
}

/* ---- a loop's seam ---- */

void seam_init(VoiceSeam *s, int channels, size_t frames)
{
    s->channels = channels == 2 ? 2 : 1;
    s->frames = frames < VOICE_SEAM_MAX ? frames : VOICE_SEAM_MAX;
    s->held = s->ending = s->joined = 0;
}

size_t seam_feed(VoiceSeam *s, float *x, size_t n, float *out)
{
    const size_t c = (size_t)s->channels;
    /* The pass before's end, fading out, over this pass's start, fading in. */
    for (size_t i = 0; i < n && s->joined < s->ending; i++, s->joined++) {
        float g = ((float)s->joined + 0.5f) / (float)s->ending;
        for (size_t k = 0; k < c; k++)
            x[i * c + k] = s->end[s->joined * c + k] * (1.0f - g) + x[i * c + k] * g;
    }
    /* Out: what was held, then x, less the last s->frames, which are held. */
    size_t total = s->held + n, give = total > s->frames ? total - s->frames : 0;
    size_t from_hold = give < s->held ? give : s->held;
    memcpy(out, s->hold, from_hold * c * sizeof *out);
    memcpy(out + from_hold * c, x, (give - from_hold) * c * sizeof *out);
    size_t keep_old = s->held - from_hold;          /* held frames still held */
    memmove(s->hold, s->hold + from_hold * c, keep_old * c * sizeof *out);
    size_t keep_new = total - give - keep_old;      /* x's last frames */
    memcpy(s->hold + keep_old * c, x + (n - keep_new) * c, keep_new * c * sizeof *out);
    s->held = keep_old + keep_new;
    return give;
}

void seam_end(VoiceSeam *s)
{
    memcpy(s->end, s->hold, s->held * (size_t)s->channels * sizeof *s->end);
    s->ending = s->held;
    s->joined = 0;
    s->held = 0;
}

size_t seam_flush(VoiceSeam *s, float *out)
{
    size_t n = s->held;
    memcpy(out, s->hold, n * (size_t)s->channels * sizeof *out);
    s->held = 0;
    return n;
}
