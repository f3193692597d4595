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

    /* The vectorised loop against the plain formula: lrintf of the clamped
     * sum, on blocks and tails of every length, with halves (ties go to the
     * even integer), the clamp's edges, infinities and NaN among the values. */
    enum { N = 4099 };
    static int16_t got[N], want[N];
    static float m2[N];
    uint32_t seed = 12345;
    int bad = 0;
    for (int round = 0; round < 64; round++) {
        for (int i = 0; i < N; i++) {
            seed = seed * 1664525u + 1013904223u;
            int16_t d = (int16_t)(seed >> 16);
            float v;
            switch ((seed >> 8) % 8) {
            case 0: v = ((float)((int)(seed % 2001) - 1000) + 0.5f) / 32767.0f; break;
            case 1: v = (32767.0f - (float)d + (float)((int)(seed % 5) - 2)) / 32767.0f; break;
            case 2: v = (-32768.0f - (float)d + (float)((int)(seed % 5) - 2)) / 32767.0f; break;
            case 3: v = (seed & 1) ? INFINITY : -INFINITY; break;
            case 4: v = NAN; break;
            case 5: v = (float)(seed % 100000) / 1000.0f - 50.0f; break;
            default: v = (float)((int)(seed % 65536) - 32768) / 32767.0f / 3.0f; break;
            }
            got[i] = want[i] = d;
            m2[i] = v;
            float f = (float)d + v * 32767.0f;
            f = f != f ? 0.0f : f > 32767.0f ? 32767.0f : f < -32768.0f ? -32768.0f : f;
            want[i] = (int16_t)lrintf(f);
        }
        size_t off = (size_t)round % 8, n = N - (size_t)round * 7;
        voice_add_s16(got + off, m2 + off, n - off);
        for (size_t i = off; i < n; i++)
            bad += got[i] != want[i];
    }
    CHECK(bad == 0, "each sample is the clamped sum rounded as lrintf rounds it "
          "(%d of 64 rounds' samples differ)", bad);
}

/* Run frames in blocks, following the left sample (the gain, from a source
 * of 1.0): the largest step between neighbours (from before), the first
 * frame at which it is within 1e-7 of want, and where it ends. */
typedef struct { float max_step, last; long reached; } Ramp;

static Ramp follow(Voice *v, size_t frames, float before, float want)
{
    Ramp r = { 0, before, -1 };
    for (size_t done = 0; done < frames;) {
        size_t n = frames - done < 4096 ? frames - done : 4096;
        run(v, n);
        for (size_t i = 0; i < n; i++) {
            float g = mix[2 * i];
            r.max_step = fmaxf(r.max_step, fabsf(g - r.last));
            if (r.reached < 0 && fabsf(g - want) < 1e-7f)
                r.reached = (long)(done + i);
            r.last = g;
        }
        done += n;
    }
    return r;
}

static void test_duck_levels(void)
{
    CHECK(VOICE_DUCK_RAMP >= 0.5 && VOICE_DUCK_RAMP <= 1.0,
          "the ducking ramps over 0.5 to 1 s (%.2f s)", VOICE_DUCK_RAMP);
    CHECK(fabs(voice_music_db(0.25, 1) + 20.0) < 1e-9 && fabs(voice_music_db(1.0, 1) + 20.0) < 1e-9,
          "under the narration a lullaby at 25 %% or 100 %% sits 20 dB below it");
    CHECK(fabs(voice_duck_db(0.25) + 7.96) < 0.01, "a 25 %% lullaby is lowered 8 dB (%.2f)",
          voice_duck_db(0.25));
    CHECK(voice_duck_db(0.05) == 0 && fabs(voice_music_db(0.05, 1) + 26.02) < 0.01,
          "a lullaby quieter than that already is left alone (%.1f dB)", voice_music_db(0.05, 1));
    CHECK(fabs(voice_music_db(0.25, 0) + 12.04) < 0.01,
          "between pages it is back at its own level (%.1f dB)", voice_music_db(0.25, 0));
    CHECK(voice_duck_db(0) == 0 && voice_music_db(0, 1) <= -100 && voice_duck_db(NAN) == 0,
          "a silent or nonsense level does not make the ducking nonsense");
}

static void test_duck_ramp(void)
{
    const size_t rate = 48000, ramp = (size_t)(VOICE_DUCK_RAMP * rate);
    Source src = { 10 * rate, 0 };
    Voice *v = calloc(1, sizeof *v);
    voice_start(v, source_pull, &src, 0.25f, 1);
    run(v, 100);
    float under = (float)(0.25 * pow(10.0, voice_duck_db(0.25) / 20.0));
    voice_duck(v, (float)voice_duck_db(0.25), ramp);
    Ramp down = follow(v, ramp + 1000, 0.25f, under);
    CHECK(fabsf(down.last - 0.1f) < 1e-4f,
          "ducked, the lullaby's gain is a tenth of the narration's full level (%.4f)",
          (double)down.last);
    CHECK(down.reached >= (long)(ramp * 0.99) && down.reached <= (long)ramp + 2,
          "it gets there in the ramp's %zu frames, not sooner (%ld)", ramp, down.reached);
    CHECK(down.max_step < 1e-5f, "no step of the ducking is above 1e-5 (%.2g): no click",
          (double)down.max_step);
    voice_duck(v, (float)voice_duck_db(0.25), ramp);
    CHECK(fabsf(follow(v, 10, under, under).last - under) < 1e-7f,
          "ducking again to the same level changes nothing");

    voice_duck(v, 0, ramp);
    Ramp half = follow(v, ramp / 2, under, 0.25f);
    voice_duck(v, 0, ramp);   /* the same target while ramping: the ramp goes on as it was */
    Ramp up = follow(v, ramp, half.last, 0.25f);
    CHECK(fabsf(up.last - 0.25f) < 1e-6f, "after the narration it comes back to 0.25");
    CHECK(half.reached < 0 && up.reached >= (long)(ramp / 2 * 0.99) &&
              up.reached <= (long)(ramp / 2) + 2,
          "back up in the same ramp, not switched (%ld frames into its second half)",
          up.reached);
    CHECK(fmaxf(half.max_step, up.max_step) < 1e-5f, "and without a click on the way up");
    CHECK(half.last > under * 1.5f && half.last < 0.25f * 0.9f,
          "half way up in time is well between, as the ear hears it (%.4f)", (double)half.last);

    /* A fade-out and a volume change go on underneath the ducking. */
    voice_duck(v, -20.0f, ramp);
    follow(v, ramp, 0.25f, 0.025f);
    voice_stop(v, rate);
    Ramp gone = follow(v, rate + 10, 0.025f, 0.0f);
    CHECK(voice_done(v) && gone.max_step < 1e-4f,
          "a ducked lullaby fades out from where it is, smoothly, and is done");
    free(v);

    Voice *w = calloc(1, sizeof *w);
    Source src2 = { rate, 0 };
    voice_start(w, source_pull, &src2, 0.5f, 1);
    voice_duck(w, -6.0f, 0);
    run(w, 10);
    CHECK(fabsf(mix[2 * 9] - 0.5f * powf(10.0f, -0.3f)) < 1e-5f,
          "a ducking of no length applies at once (for music starting under a narration)");
    voice_start(w, source_pull, &src2, 0.5f, 1);
    run(w, 10);
    CHECK(fabsf(mix[2 * 9] - 0.5f) < 1e-6f, "a new start begins without the old ducking");
    free(w);
}

/* The natural end's fade: cut into blocks anywhere, the last frames fall in a
 * straight line to 1 / fade; nothing before them changes. */
static void test_tail(void)
{
    enum { LEN = 1000, FADE = 96 };
    size_t cuts[] = { 1, 7, 64, 95, 96, 97, 333, 1000 };
    for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
        static float buf[LEN * 2];
        for (size_t i = 0; i < LEN * 2; i++)
            buf[i] = i % 2 ? -0.5f : 0.5f;
        for (size_t at = 0; at < LEN; at += cuts[c]) {
            size_t n = LEN - at < cuts[c] ? LEN - at : cuts[c];
            voice_tail(buf + 2 * at, n, LEN - at, FADE);
        }
        int before = 1, line = 1;
        for (size_t i = 0; i < LEN; i++) {
            size_t rem = LEN - i;
            float want = rem < FADE ? 0.5f * (float)rem / FADE : 0.5f;
            if (rem >= FADE)
                before &= buf[2 * i] == 0.5f && buf[2 * i + 1] == -0.5f;
            else
                line &= fabsf(buf[2 * i] - want) < 1e-6f && fabsf(buf[2 * i + 1] + want) < 1e-6f;
        }
        CHECK(before && line, "in blocks of %zu: the last %d frames fade in a straight line to "
              "1/%d and the frames before are untouched", cuts[c], FADE - 1, FADE);
    }
    float one[2] = { 1.0f, 1.0f };
    voice_tail(one, 1, 5000, 96);
    CHECK(one[0] == 1.0f, "a block far from the end is left alone");
    voice_tail(one, 1, 1, 0);
    CHECK(one[0] == 1.0f, "no fade asked: nothing changes");
    voice_tail(one, 1, 1, 96);
    CHECK(fabsf(one[0] - 1.0f / 96) < 1e-7f, "the very last frame is at 1/96");
}

/* A loop's seam: a 300 Hz tone of 1.31 s at 48 kHz (it ends mid-cycle,
 * as a lullaby cut from a song does) looped three times, in blocks of odd
 * sizes. Joined as it is, the seam is a step of about 0.9 of full scale;
 * through the seam no step is more than the tone's own largest, every frame
 * away from the seams is the tone's own, and each seam takes one crossfade
 * (480 frames) off the loop. Mono and stereo. */
static void test_seam(void)
{
    enum { RATE = 48000, LEN = 62900, F = 480, PASSES = 3 };
    static float tone[LEN * 2], out[(LEN * PASSES + F) * 2], x[4096 * 2];
    static VoiceSeam seam;
    const double w = 2 * 3.14159265358979 * 300.0 / RATE;
    float own = 0;   /* the tone's largest step */
    for (size_t i = 0; i < LEN; i++) {
        tone[2 * i] = (float)(0.9 * sin(w * (double)i));
        tone[2 * i + 1] = -tone[2 * i];
        if (i)
            own = fmaxf(own, fabsf(tone[2 * i] - tone[2 * i - 2]));
    }
    CHECK(fabsf(tone[2 * (LEN - 1)] - tone[0]) > 10 * own, "the tone's ends do not meet (%.3f "
          "apart, its own steps at most %.4f)", (double)fabsf(tone[2 * (LEN - 1)] - tone[0]),
          (double)own);
    for (int ch = 1; ch <= 2; ch++) {
        seam_init(&seam, ch, F);
        size_t got = 0, sizes[] = { 1, 777, 4096, 3, 2048, 479, 481 };
        for (int pass = 0; pass < PASSES; pass++) {
            for (size_t at = 0, k = 0; at < LEN; k++) {
                size_t n = sizes[k % 7] < LEN - at ? sizes[k % 7] : LEN - at;
                for (size_t i = 0; i < n; i++)
                    for (int c = 0; c < ch; c++)
                        x[i * (size_t)ch + (size_t)c] = tone[2 * (at + i) + (size_t)c];
                got += seam_feed(&seam, x, n, out + got * (size_t)ch);
                at += n;
            }
            if (pass < PASSES - 1)
                seam_end(&seam);
        }
        got += seam_flush(&seam, out + got * (size_t)ch);
        float worst = 0;
        for (size_t i = 1; i < got; i++)
            for (int c = 0; c < ch; c++)
                worst = fmaxf(worst, fabsf(out[i * (size_t)ch + (size_t)c] -
                                           out[(i - 1) * (size_t)ch + (size_t)c]));
        int same = 1;   /* frames away from the seams: the tone's own */
        for (size_t p = 0; p < PASSES; p++)
            for (size_t i = F; i < LEN - F; i++) {
                size_t o = p * (LEN - F) + i;
                for (int c = 0; c < ch; c++)
                    same &= out[o * (size_t)ch + (size_t)c] == tone[2 * i + (size_t)c];
            }
        CHECK(got == PASSES * LEN - (PASSES - 1) * F, "%s: three passes give %zu frames, a "
              "crossfade shorter at each seam (%zu)", ch == 1 ? "mono" : "stereo",
              (size_t)(PASSES * LEN - (PASSES - 1) * F), got);
        CHECK(worst <= own * 1.5f, "%s: no step at the seams is a click (largest %.4f, the "
              "tone's own %.4f)", ch == 1 ? "mono" : "stereo", (double)worst, (double)own);
        CHECK(same, "%s: away from the seams every frame is the tone's own",
              ch == 1 ? "mono" : "stereo");
    }
}

int main(void)
{
    test_fade_in();
    test_stop_and_end();
    test_tail();
    test_pause();
    test_level();
    test_s16();
    test_duck_levels();
    test_duck_ramp();
    test_seam();
    CHECK_DONE();
}
