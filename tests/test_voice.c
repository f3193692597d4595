/* Unit tests for voice: fades without clicks, pause holding its place, stop
 * and end told apart, levels, and the 16-bit mix saturating, all on plain
 * buffers with a counting source. */
#include "check.h"

#include <math.h>
#include <stdlib.h>

#include "voice.h"

/* A source of len frames of constant 1.0 (left) and -1.0 (right), counting. */
typedef struct { size_t len, pos; } Source;

static size_t source_pull(void *user, float *out, size_t frames)
{
    Source *s = user;
    size_t n = frames < s->len - s->pos ? frames : s->len - s->pos;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = 1.0f;
        out[2 * i + 1] = -1.0f;
    }
    s->pos += n;
    return n;
}

static float mix[8192 * 2];

static size_t run(Voice *v, size_t frames)
{
    for (size_t i = 0; i < frames * 2; i++)
        mix[i] = 0.0f;
    return voice_mix(v, mix, frames);
}

/* Largest step between neighbouring left samples, the first from the level
 * before: a click is a big one. */
static float largest_step(size_t frames, float before)
{
    float worst = fabsf(mix[0] - before);
    for (size_t i = 1; i < frames; i++)
        worst = fmaxf(worst, fabsf(mix[2 * i] - mix[2 * (i - 1)]));
    return worst;
}

static void test_fade_in(void)
{
    Source src = { 48000, 0 };
    Voice *v = calloc(1, sizeof *v);
    voice_start(v, source_pull, &src, 0.8f, 480);
    CHECK(run(v, 1000) == 1000, "a playing voice gives what was asked");
    CHECK(mix[0] > 0.0f && mix[0] < 0.01f, "the first sample is near silence (%f)", (double)mix[0]);
    CHECK(fabsf(mix[2 * 479] - 0.8f) < 1e-3f && fabsf(mix[2 * 999] - 0.8f) < 1e-6f,
          "after the fade-in the level holds at 0.8");
    CHECK(largest_step(1000, 0) < 0.01f, "the fade-in has no step larger than 1/100 (%f)",
          (double)largest_step(1000, 0));
    CHECK(fabsf(mix[1] + mix[0]) < 1e-6f, "left and right keep their own signs");
    free(v);
}

static void test_stop_and_end(void)
{
    Source src = { 48000, 0 };
    Voice *v = calloc(1, sizeof *v);
    voice_start(v, source_pull, &src, 1.0f, 10);
    run(v, 100);
    voice_stop(v, 200);
    size_t n = run(v, 1000);
    CHECK(n >= 199 && n <= 201, "a stop fades out over its 200 frames (%zu)", n);
    CHECK(largest_step(n, 1.0f) < 0.01f, "the fade-out has no click");
    CHECK(voice_done(v) && !voice_ended(v), "a stopped voice is done, not ended");
    CHECK(run(v, 100) == 0, "a done voice adds nothing");

    Source shortsrc = { 300, 0 };
    voice_start(v, source_pull, &shortsrc, 1.0f, 10);
    n = run(v, 1000);
    CHECK(n == 300 && voice_ended(v), "a source running dry ends the voice after 300 frames");
    voice_start(v, source_pull, &src, 1.0f, 10);
    voice_stop(v, 0);
    CHECK(voice_done(v) && run(v, 10) == 0, "a stop without fade is at once");
    free(v);
}

static void test_pause(void)
{
    Source src = { 48000, 0 };
    Voice *v = calloc(1, sizeof *v);
    voice_start(v, source_pull, &src, 1.0f, 10);
    run(v, 100);
    voice_pause(v, 1, 100);
    size_t n = run(v, 1000);
    CHECK(n >= 99 && n <= 101 && largest_step(n, 1.0f) < 0.02f, "a pause fades out (%zu frames)", n);
    size_t held = src.pos;
    CHECK(run(v, 1000) == 0 && src.pos == held, "a paused voice pulls nothing: its place holds");
    CHECK(!voice_done(v), "a paused voice is not done");
    voice_pause(v, 0, 100);
    n = run(v, 1000);
    CHECK(n == 1000 && mix[0] < 0.02f && fabsf(mix[2 * 999] - 1.0f) < 1e-6f,
          "resuming fades back in from where it paused");
    free(v);
}

static void test_level(void)
{
    Source src = { 48000, 0 };
    Voice *v = calloc(1, sizeof *v);
    voice_start(v, source_pull, &src, 1.0f, 1);
    run(v, 10);
    voice_set_level(v, 0.25f, 100);
    run(v, 1000);
    CHECK(fabsf(mix[2 * 999] - 0.25f) < 1e-6f && largest_step(1000, 1.0f) < 0.02f,
          "ducking moves the level smoothly to 0.25");
    free(v);
}

static void test_s16(void)
{
    int16_t out[4] = { 30000, -30000, 100, 0 };
    float m[4] = { 0.5f, -0.5f, 0.0f, NAN };
    voice_add_s16(out, m, 4);
    CHECK(out[0] == 32767 && out[1] == -32768, "a loud sum saturates instead of wrapping");
    CHECK(out[2] == 100 && out[3] == 0, "silence adds nothing and NaN is made safe");
}

int main(void)
{
    test_fade_in();
    test_stop_and_end();
    test_pause();
    test_level();
    test_s16();
    CHECK_DONE();
}
