/* voice — gain ramps, pause, stop and end detection for one mixed sound (see voice.h).
 *
 * The gain moves by a fixed step each frame towards where it should be: the
 * level while playing, 0 while paused or stopping. A stop whose ramp reaches 0
 * is done; a pause whose ramp reaches 0 stops pulling, so the source holds its
 * place. The ramp is per frame, not per block, so a fade has no steps in it. */
#include "voice.h"

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
            float g = voice_ramp(v, target);
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

void voice_add_s16(int16_t *dst, const float *mix, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float f = (float)dst[i] + mix[i] * 32767.0f;
        if (!(f == f))
            f = 0.0f;
        dst[i] = (int16_t)(f > 32767.0f ? 32767 : f < -32768.0f ? -32768 : lrintf(f));
    }
}
