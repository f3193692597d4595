/* test_musicbox.c — the music-box synthesiser: a soft attack, no clicks, the
 * right pitch, the asked-for peak and length, and tunes that arrange whole.
 *
 * A note is rendered alone with the bundled lullaby's parameters and looked at
 * sample by sample: the first milliseconds must swell (no step a listener
 * would hear as a click), the ringing must be at the note's pitch (measured by
 * zero crossings over a stretch of the sustain), and the render must stop at
 * the length mb_length promised. */
#include "check.h"
#include "musicbox.h"

#include <math.h>
#include <stdlib.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* The loudest sample of s[from..to). */
static float peak_of(const float *s, size_t from, size_t to)
{
    float m = 0;
    for (size_t i = from; i < to; i++)
        if (fabsf(s[i]) > m)
            m = fabsf(s[i]);
    return m;
}

/* Render one note of freq at velocity 1, lasting length seconds, into a fresh buffer. */
static float *render_one(double freq, double length, const MbParams *p, size_t *len)
{
    MbNote n = { 0.0, length, freq, 1.0 };
    *len = mb_length(&n, 1, p);
    float *s = *len ? malloc(*len * sizeof *s) : NULL;
    if (s && mb_render(&n, 1, p, s, *len) != 0) {
        free(s);
        s = NULL;
    }
    return s;
}

static void test_attack_is_soft(void)
{
    MbParams p;
    mb_params_default(&p);
    size_t len;
    float *s = render_one(440.0, 1.0, &p, &len);
    CHECK(s != NULL, "one A4 note renders");
    if (!s)
        return;
    float top = peak_of(s, 0, len);
    /* The envelope, as the loudest sample of each millisecond: it must take at least
     * 10 ms to reach 90% of the note's peak, and start under a tenth of it. */
    size_t ms = (size_t)p.rate / 1000, reached = 0;
    for (size_t w = 0; (w + 1) * ms <= len; w++)
        if (peak_of(s, w * ms, (w + 1) * ms) >= 0.9f * top) {
            reached = w;
            break;
        }
    CHECK(reached >= 10, "the note takes at least 10 ms to swell to 90%% of its peak (took %zu ms)",
          reached);
    CHECK(peak_of(s, 0, ms) < 0.1f * top, "the first millisecond is under a tenth of the peak");
    CHECK(fabsf(s[0]) < 1e-3f, "the note starts from silence (first sample %g)", (double)s[0]);

    /* No step between samples above what the note's own partials can make: a 440 Hz
     * sine at the peak moves at most 2*pi*440/rate*peak a sample; its overtones add a
     * little. A click (a note started at full level) would be a step near the peak. */
    float step = 0;
    for (size_t i = 1; i < len; i++)
        if (fabsf(s[i] - s[i - 1]) > step)
            step = fabsf(s[i] - s[i - 1]);
    double sine_step = 2 * M_PI * 440.0 / p.rate * top;
    CHECK(step <= 2.0 * sine_step, "no sample step above twice a pure A4's at the peak "
          "(largest %.4f, bound %.4f)", (double)step, 2.0 * sine_step);
    float start_step = 0;
    for (size_t i = 1; i < 2 * ms; i++)
        if (fabsf(s[i] - s[i - 1]) > start_step)
            start_step = fabsf(s[i] - s[i - 1]);
    CHECK(start_step < 0.02f * top, "in its first 2 ms the note moves by under 2%% of its peak a "
          "sample (a click would jump by nearly all of it; largest %.4f)", (double)(start_step / top));
    CHECK(fabsf(s[len - 1]) < 1e-4f, "the render ends in silence, with no step at its end");
    free(s);
}

static void test_pitch(void)
{
    MbParams p;
    mb_params_default(&p);
    size_t len;
    float *s = render_one(mb_midi_hz(69), 1.5, &p, &len);
    CHECK(s != NULL, "a 1.5 s A4 renders");
    if (!s)
        return;
    /* Rising zero crossings over 0.1..1.1 s, interpolated between samples. */
    size_t from = (size_t)(0.1 * p.rate), to = (size_t)(1.1 * p.rate);
    double first = -1, last = -1;
    int crossings = 0;
    for (size_t i = from + 1; i < to; i++)
        if (s[i - 1] < 0 && s[i] >= 0) {
            double t = (double)(i - 1) + s[i - 1] / (double)(s[i - 1] - s[i]);
            if (first < 0)
                first = t;
            last = t;
            crossings++;
        }
    double hz = crossings > 1 ? (crossings - 1) / ((last - first) / p.rate) : 0;
    CHECK_NEAR(hz, 440.0, 2.0, "a rendered A4 rings at 440 Hz by its zero crossings (got %.2f Hz)",
               hz);
    CHECK_NEAR(mb_midi_hz(60), 261.63, 0.01, "middle C is 261.63 Hz");
    free(s);
}

static void test_peak_and_length(void)
{
    MbParams p;
    mb_params_default(&p);
    p.peak = 0.3;
    MbNote notes[3] = {
        { 0.0, 0.5, 523.25, 0.8 }, { 0.25, 0.5, 659.26, 0.6 }, { 0.5, 1.0, 783.99, 1.0 },
    };
    size_t len = mb_length(notes, 3, &p);
    size_t want = (size_t)ceil((0.5 + 1.0 + p.release_s + p.tail_s) * p.rate);
    CHECK(len == want, "the length runs to the last note's release plus the tail (%zu, want %zu)",
          len, want);
    float *s = malloc(len * sizeof *s);
    CHECK(s && mb_render(notes, 3, &p, s, len) == 0, "three overlapping notes render");
    if (s) {
        CHECK_NEAR(peak_of(s, 0, len), 0.3f, 1e-4, "the loudest sample is the peak asked for (%.4f)",
                   (double)peak_of(s, 0, len));
        size_t tail = (size_t)((0.5 + 1.0 + p.release_s) * p.rate) + 1;
        CHECK(peak_of(s, tail, len) == 0.0f, "the tail after the last release is silent");
    }
    CHECK(mb_render(notes, 3, &p, s, len - 1) == -1, "a buffer of the wrong length is refused");
    free(s);

    MbParams hard = p;
    hard.attack_s = 0.002;
    CHECK(mb_length(notes, 3, &hard) == 0, "an attack under 10 ms is refused");
    MbParams loud = p;
    loud.peak = 1.5;
    CHECK(mb_length(notes, 3, &loud) == 0, "a peak over full scale is refused");
    MbNote endless = { 0.0, 1e9, 440, 1 };
    CHECK(mb_length(&endless, 1, &p) == 0, "a render longer than the limit is refused");
}

static void test_tunes(void)
{
    const MbTune *b = mb_tune("brahms");
    CHECK(b != NULL, "Brahms' Lullaby is a built-in tune");
    CHECK(mb_tune("twinkle") != NULL && mb_tune("chime") != NULL,
          "Twinkle and the chime are built in");
    CHECK(mb_tune("nope") == NULL, "an unknown tune is NULL");
    if (!b)
        return;
    double beats = 0;
    for (size_t i = 0; i < b->count; i++)
        beats += b->steps[i].beats;
    CHECK_NEAR(fmod(beats, 3.0), 0.0, 1e-9, "the lullaby is whole bars of 3/4, so it loops "
               "seamlessly (%.1f beats)", beats);
    size_t count = mb_arrange(b, 0, 2, NULL, 0);
    CHECK(count == 2 * b->count, "two repeats arrange twice the steps");
    MbNote *n = malloc(count * sizeof *n);
    CHECK(n && mb_arrange(b, 60, 2, n, count) == count, "the arrangement fills its notes");
    if (n) {
        CHECK_NEAR(n[b->count].start_s, beats, 1e-9,
                   "at 60 bpm the second time round starts after as many seconds as beats");
        int ok = 1;
        for (size_t i = 0; i < count; i++)
            if (!(n[i].velocity > 0.3 && n[i].velocity <= 1.0) || n[i].freq_hz < 200)
                ok = 0;
        CHECK(ok, "every note is played moderately and in the music box's range");
    }
    free(n);
}

int main(void)
{
    test_attack_is_soft();
    test_pitch();
    test_peak_and_length();
    test_tunes();
    CHECK_DONE();
}
