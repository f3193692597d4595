/* Tests for loud: the level of a recording's opening measured from synthetic
 * voices and sounds whose levels are known, the gain each use is given, the
 * DC offset found and taken away, and the guard that keeps a raised
 * recording under the ceiling after its measured part. */
#include "check.h"
#include "loud.h"
#include "rec.h"

#include <math.h>
#include <string.h>
#include <stdint.h>
#include <stdlib.h>

#define PI 3.14159265358979323846

static uint32_t seed = 4242;

static double noise(void)
{
    seed = seed * 1664525u + 1013904223u;
    return (double)(seed >> 8) / 8388608.0 - 1.0;
}

static double amp(double db) { return pow(10.0, db / 20.0); }

/* len seconds of room noise at noise_db RMS (digital silence below -119). */
static float *room(int rate, double len, double noise_db, size_t *n)
{
    *n = (size_t)(len * rate);
    float *x = malloc(*n * sizeof *x);
    double a = amp(noise_db) * sqrt(3.0);
    for (size_t i = 0; x && i < *n; i++)
        x[i] = noise_db < -119 ? 0.0f : (float)(a * noise());
    return x;
}

/* Speech-like words from t0 to t1 with an RMS of about rms_db (a 140 Hz
 * voice with harmonics, syllables at 4 Hz), as test_rec makes them. */
static void words(float *x, size_t n, int rate, double t0, double t1, double rms_db)
{
    double a = amp(rms_db) * 1.9 * 0.6;
    for (size_t i = (size_t)(t0 * rate); i < (size_t)(t1 * rate) && i < n; i++) {
        double t = (double)i / rate;
        double env = 0.55 + 0.45 * sin(2 * PI * 4.0 * (t - t0) - PI / 2);
        double v = sin(2 * PI * 140 * t) + 0.5 * sin(2 * PI * 280 * t + 1) +
                   0.3 * sin(2 * PI * 420 * t + 2) + 0.15 * noise();
        x[i] += (float)(a * env * v);
    }
}

/* A page's narration: sentences with pauses between them. */
static float *narration(int rate, double len, double speech_db, double noise_db, size_t *n)
{
    float *x = room(rate, len, noise_db, n);
    for (double t = 0.5; t + 2.0 < len; t += 2.6)
        words(x, *n, rate, t, t + 2.0, speech_db);
    return x;
}

/* The RMS in dBFS of a narration's words themselves (its spans of speech,
 * within the measured opening): the reference a measurement is held to. */
static double words_db(const float *x, size_t n, int rate, double len)
{
    double sum = 0.0;
    size_t count = 0;
    for (double t = 0.5; t + 2.0 < len && t < LOUD_SECONDS; t += 2.6)
        for (size_t i = (size_t)(t * rate); i < (size_t)((t + 2.0) * rate) && i < n; i++) {
            sum += (double)x[i] * x[i];
            count++;
        }
    return 10.0 * log10(sum / (double)count);
}

static LoudLevel measure(const float *x, size_t n, int rate, int channels, LoudUse use)
{
    static Loud l;      /* 50 KB: not on the stack */
    loud_start(&l, rate, channels);
    for (size_t at = 0; at < n && !loud_full(&l); ) {
        size_t block = n - at < 1000 ? n - at : 1000;
        at += loud_feed(&l, x + at * (size_t)channels, block);
    }
    return loud_level(&l, use);
}

/* The RMS of the speech a studio take was levelled to, measured the same way. */
static void test_studio_take_plays_as_it_is(void)
{
    size_t n;
    float *x = narration(REC_RATE, 12.0, -30.0, -58.0, &n);
    int16_t *in = malloc(n * sizeof *in), *out = NULL;
    for (size_t i = 0; i < n; i++)
        in[i] = (int16_t)lrint(fmax(-32768, fmin(32767, x[i] * 32768.0)));
    size_t m = 0;
    RecReport rep;
    CHECK(rec_process(in, n, &out, &m, &rep) == REC_OK, "a synthetic take is levelled");
    float *y = malloc(m * sizeof *y);
    for (size_t i = 0; i < m; i++)
        y[i] = out[i] / 32768.0f;
    LoudLevel lv = measure(y, m, REC_RATE, 1, LOUD_VOICE);
    CHECK(lv.speech, "a studio take's level is its speech's");
    CHECK_NEAR(lv.level_db, rep.out_speech_db, 0.3,
               "a studio take measures at the level rec gave it (%.2f against %.2f dBFS)",
               lv.level_db, rep.out_speech_db);
    CHECK(fabs(lv.gain_db) < 0.5, "a studio take is played as it was levelled (%.2f dB)",
          lv.gain_db);
    free(x); free(in); free(out); free(y);
}

static void test_loud_voice_is_cut(void)
{
    size_t n;
    float *x = narration(44100, 20.0, -6.0, -50.0, &n);
    LoudLevel lv = measure(x, n, 44100, 1, LOUD_VOICE);
    CHECK(lv.speech, "a phone's loud narration has speech frames");
    double ref = words_db(x, n, 44100, 20.0);
    CHECK(ref > -12.0 && fabs(lv.level_db - ref) < 1.0,
          "its speech measures at the words' own RMS (%.2f against %.2f dBFS)", lv.level_db, ref);
    CHECK_NEAR(lv.gain_db, LOUD_TARGET_DB - lv.level_db, 1e-9,
               "it is cut to the target: gain %.2f dB", lv.gain_db);
    CHECK_NEAR(lv.seconds, LOUD_SECONDS, 1e-9, "only the opening %.0f s were measured (%.2f)",
               LOUD_SECONDS, lv.seconds);
    free(x);
}

static void test_quiet_voice_raised_within_limits(void)
{
    size_t n;
    float *x = narration(48000, 10.0, -22.0, -70.0, &n);
    LoudLevel lv = measure(x, n, 48000, 1, LOUD_VOICE);
    CHECK(fabs(lv.gain_db - (LOUD_TARGET_DB - lv.level_db)) < 1e-9 && lv.gain_db > 7.0,
          "a quiet voice (%.1f dBFS) is raised to the target (%.2f dB)", lv.level_db, lv.gain_db);
    free(x);

    x = narration(48000, 10.0, -45.0, -80.0, &n);
    lv = measure(x, n, 48000, 1, LOUD_VOICE);
    CHECK_NEAR(lv.gain_db, LOUD_RAISE_DB, 1e-9, "a whisper is raised at most %.0f dB (%.2f)",
               LOUD_RAISE_DB, lv.gain_db);
    free(x);

    /* Quiet speech with a loud click: the raise stops where the click meets
     * the ceiling. */
    x = narration(48000, 10.0, -30.0, -70.0, &n);
    x[48000 * 3] = 0.5f;
    lv = measure(x, n, 48000, 1, LOUD_VOICE);
    CHECK(lv.gain_db + lv.peak_db <= LOUD_CEILING_DB + 1e-9,
          "a raise never lifts the measured peak over the ceiling (peak %.2f, gain %.2f)",
          lv.peak_db, lv.gain_db);
    CHECK(lv.gain_db > 0.0 && lv.gain_db < LOUD_TARGET_DB - lv.level_db,
          "so it is raised less than the speech alone would ask (%.2f dB)", lv.gain_db);
    free(x);
}

static void test_silence_and_noise_played_as_they_are(void)
{
    size_t n;
    float *x = room(48000, 5.0, -140.0, &n);
    LoudLevel lv = measure(x, n, 48000, 1, LOUD_VOICE);
    CHECK(lv.gain_db == 0.0 && lv.level_db == LOUD_NONE_DB,
          "digital silence is played as it is (gain %.2f, level %.1f)", lv.gain_db, lv.level_db);
    free(x);
    x = room(48000, 5.0, -75.0, &n);
    lv = measure(x, n, 48000, 1, LOUD_VOICE);
    CHECK(lv.gain_db == 0.0, "hiss under %.0f dBFS is never raised (%.2f dB)", LOUD_QUIET_DB,
          lv.gain_db);
    free(x);
    lv = measure(NULL, 0, 48000, 1, LOUD_VOICE);
    CHECK(lv.gain_db == 0.0 && lv.seconds == 0.0, "nothing fed: no gain");
}

static void test_sounds_only_cut(void)
{
    /* A lullaby mastered loud: a steady tone with no pauses. */
    size_t n = 48000 * 8;
    float *x = calloc(n, sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(amp(-8.0) * sqrt(2.0) * sin(2 * PI * 330 * (double)i / 48000));
    LoudLevel lv = measure(x, n, 48000, 1, LOUD_SOUND);
    CHECK(!lv.speech, "music's level is that of its sounding frames");
    CHECK_NEAR(lv.level_db, -8.0, 0.05, "a -8 dB tone measures at -8 (%.3f)", lv.level_db);
    CHECK_NEAR(lv.gain_db, LOUD_TARGET_DB + 8.0, 0.05, "and is cut to the target (%.2f dB)",
               lv.gain_db);
    LoudLevel voice = measure(x, n, 48000, 1, LOUD_VOICE);
    CHECK_NEAR(voice.level_db, -8.0, 0.05,
               "a voice with no pause falls back to its sounding frames (%.3f)", voice.level_db);
    for (size_t i = 0; i < n; i++)
        x[i] *= (float)amp(-22.0);
    lv = measure(x, n, 48000, 1, LOUD_SOUND);
    CHECK(lv.gain_db == 0.0, "a quiet sound (%.1f dBFS) is never made louder", lv.level_db);
    lv = measure(x, n, 48000, 1, LOUD_VOICE);
    CHECK(lv.gain_db > 0.0, "the same quiet level as a voice is raised (%.2f dB)", lv.gain_db);
    free(x);

    /* A short sound with quiet around it: its level is the sound's, not the
     * silence's. */
    n = 48000 * 3;
    x = calloc(n, sizeof *x);
    for (size_t i = 48000; i < 48000 + 24000; i++)
        x[i] = (float)(amp(-10.0) * sqrt(2.0) * sin(2 * PI * 500 * (double)i / 48000));
    lv = measure(x, n, 48000, 1, LOUD_SOUND);
    CHECK_NEAR(lv.level_db, -10.0, 0.2, "a moo amid silence measures at the moo (%.2f)",
               lv.level_db);
    free(x);
}

static void test_dc_offset(void)
{
    size_t n;
    float *x = narration(48000, 10.0, -20.0, -60.0, &n);
    LoudLevel clean = measure(x, n, 48000, 1, LOUD_VOICE);
    for (size_t i = 0; i < n; i++)
        x[i] += 0.4f;
    LoudLevel off = measure(x, n, 48000, 1, LOUD_VOICE);
    CHECK_NEAR(off.dc[0], 0.4, 0.002, "an offset of 0.4 is found (%.4f)", off.dc[0]);
    CHECK_NEAR(off.level_db, clean.level_db, 0.05,
               "the offset does not count as loudness (%.2f against %.2f)", off.level_db,
               clean.level_db);
    CHECK_NEAR(off.peak_db, clean.peak_db, 0.1, "nor as the peak (%.2f against %.2f)",
               off.peak_db, clean.peak_db);
    LoudPlay p;
    loud_play_init(&p, &off, 1, 48000);
    float head[4] = { x[0], x[1], x[2], x[3] };
    loud_apply(&p, head, 4);
    float g = (float)pow(10.0, off.gain_db / 20.0);
    CHECK(head[0] == (x[0] - off.dc[0]) * g && head[3] == (x[3] - off.dc[0]) * g,
          "playing takes the offset away and applies the gain, exactly");
    CHECK(fabsf(head[0]) < 0.05f, "so the first sample starts near silence (%.4f), not at 0.4",
          head[0]);
    free(x);

    /* Stereo: each channel its own offset. */
    n = 48000 * 4;
    float *st = malloc(2 * n * sizeof *st);
    for (size_t i = 0; i < n; i++) {
        double v = amp(-20.0) * sqrt(2.0) * sin(2 * PI * 220 * (double)i / 48000);
        st[2 * i] = (float)(v + 0.1);
        st[2 * i + 1] = (float)(v - 0.2);
    }
    LoudLevel s2 = measure(st, n, 48000, 2, LOUD_SOUND);
    CHECK(fabs(s2.dc[0] - 0.1) < 1e-3 && fabs(s2.dc[1] + 0.2) < 1e-3,
          "a stereo sound's offsets are per channel (%.4f, %.4f)", s2.dc[0], s2.dc[1]);
    CHECK_NEAR(s2.level_db, -20.0, 0.05, "and its level is its channels' mean (%.3f)",
               s2.level_db);
    loud_play_init(&p, &s2, 2, 48000);
    float frame[2] = { st[0], st[1] };
    loud_apply(&p, frame, 1);
    CHECK(frame[0] == (st[0] - s2.dc[0]) * p.gain && frame[1] == (st[1] - s2.dc[1]) * p.gain,
          "each channel's offset is taken from its own samples");
    free(st);
}

static void test_rates_and_feeding(void)
{
    static Loud l;
    int rates[] = { 8000, 11025, 22050, 24000, 44100, 96000, 192000 };
    for (size_t r = 0; r < sizeof rates / sizeof *rates; r++) {
        size_t n;
        float *x = narration(rates[r], 8.0, -12.0, -60.0, &n);
        LoudLevel lv = measure(x, n, rates[r], 1, LOUD_VOICE);
        double ref = words_db(x, n, rates[r], 8.0);
        CHECK(lv.speech && fabs(lv.level_db - ref) < 1.0,
              "at %d Hz the speech measures at the words' RMS (%.2f against %.2f dBFS)", rates[r],
              lv.level_db, ref);
        free(x);
    }
    size_t n;
    float *x = room(48000, 20.0, -40.0, &n);
    loud_start(&l, 48000, 1);
    size_t took = loud_feed(&l, x, n);
    CHECK(took == (size_t)(LOUD_SECONDS * 48000) && loud_full(&l),
          "feeding stops after %.0f s (%zu frames taken)", LOUD_SECONDS, took);
    CHECK(loud_feed(&l, x, 100) == 0, "and takes nothing more");
    x[0] = NAN;
    loud_start(&l, 48000, 1);
    loud_feed(&l, x, 48000);
    LoudLevel lv = loud_level(&l, LOUD_VOICE);
    CHECK(lv.level_db == lv.level_db && lv.gain_db == lv.gain_db && lv.dc[0] == lv.dc[0],
          "a NaN sample is measured as silence, not as NaN");
    free(x);
}

/* Blocks of 2048 frames at 48 kHz of a 200 Hz tone at rms_db (mono) through p,
 * for seconds; the RMS of the last block played and the highest sample. */
static double play_tone(LoudPlay *p, double rms_db, double seconds, float *top)
{
    static float x[2048];
    double a = amp(rms_db) * sqrt(2.0), out_ms = 0.0;
    static size_t t;
    for (int b = 0; b < (int)(seconds * 48000 / 2048); b++) {
        for (size_t i = 0; i < 2048; i++, t++)
            x[i] = rms_db < -119 ? 0.0f : (float)(a * sin(2 * PI * 200 * (double)t / 48000));
        loud_apply(p, x, 2048);
        out_ms = 0.0;
        for (size_t i = 0; i < 2048; i++) {
            out_ms += (double)x[i] * x[i];
            if (top)
                *top = fmaxf(*top, fabsf(x[i]));
        }
        out_ms /= 2048;
    }
    return 10 * log10(out_ms + 1e-30);
}

static void test_watch(void)
{
    LoudPlay p;
    float top = 0.0f;
    /* A whisper raised 12 dB, spoken up after its opening: 24 dB louder. */
    LoudLevel lv = { .gain_db = 12.0, .level_db = -36.0 };
    loud_play_init(&p, &lv, 1, 48000);
    double out = play_tone(&p, -36.0, 2.0, &top);
    CHECK_NEAR(out, -24.0, 0.1, "the whisper plays raised 12 dB (%.2f dBFS)", out);
    top = 0.0f;
    out = play_tone(&p, -12.0, 3.0, &top);
    CHECK(out <= LOUD_TARGET_DB + 1.0 && out >= LOUD_TARGET_DB - 1.0,
          "spoken up, it is brought back to the target (%.2f dBFS, target %.0f), not "
          "left 12 dB over what it was made at", out, LOUD_TARGET_DB);
    CHECK(top < 1.0f, "and nothing reaches full scale on the way (%.3f)", top);

    /* The first loud block is lowered itself: a block far over the target. */
    loud_play_init(&p, &lv, 1, 48000);
    play_tone(&p, -36.0, 1.0, NULL);
    out = play_tone(&p, -6.0, 2048.0 / 48000, NULL);
    CHECK(out <= LOUD_TARGET_DB + 6.5, "a sudden loud sound is lowered in its first block "
          "(%.2f dBFS)", out);

    /* Music that began in silence (nothing measured, played as made), then
     * loud: cut as it comes. */
    LoudLevel none = { .gain_db = 0.0, .level_db = LOUD_NONE_DB };
    loud_play_init(&p, &none, 1, 48000);
    play_tone(&p, -140.0, 2.0, NULL);
    out = play_tone(&p, -3.0, 2048.0 / 48000, NULL);
    CHECK(out <= LOUD_TARGET_DB + 6.5, "a sound that begins in silence is lowered as soon "
          "as it is loud (%.2f dBFS, made at -3)", out);
    out = play_tone(&p, -3.0, 3.0, NULL);
    CHECK(out <= LOUD_TARGET_DB + 1.0, "and kept at the target while it goes on (%.2f)", out);

    /* At the target, nothing moves: a cut plays exactly (x - dc) * gain. */
    LoudLevel cut = { .gain_db = -6.0, .level_db = -12.0 };
    loud_play_init(&p, &cut, 1, 48000);
    float g = p.gain;
    play_tone(&p, -12.0, 3.0, NULL);
    CHECK(p.gain == g, "a recording at its measured level keeps its gain (%.4f, %.4f)", p.gain, g);

    /* Recovery: after a loud stretch, quiet again, the gain creeps back up
     * at most LOUD_RECOVER_DB a second, never past what was measured. */
    loud_play_init(&p, &lv, 1, 48000);
    play_tone(&p, -36.0, 1.0, NULL);
    play_tone(&p, -12.0, 2.0, NULL);
    float low = p.gain;
    play_tone(&p, -36.0, 3.0, NULL);
    double rose = 20 * log10(p.gain / low);
    CHECK(rose > 0.5 && rose <= 3.0 * LOUD_RECOVER_DB + 0.3,
          "quiet again, the gain rises slowly (%.2f dB in 3 s, at most %.0f a second)", rose,
          LOUD_RECOVER_DB);
    play_tone(&p, -36.0, 60.0, NULL);
    CHECK(p.gain == p.nominal, "and comes back to the measured gain, no further (%.3f, %.3f)",
          p.gain, p.nominal);
}

static void test_click(void)
{
    /* A raised whisper with one click at 0.9 in a pause: the click is
     * rounded off under full scale, and the whisper after it keeps its gain. */
    LoudLevel lv = { .gain_db = 12.0, .level_db = -36.0 };
    LoudPlay p;
    loud_play_init(&p, &lv, 1, 48000);
    play_tone(&p, -36.0, 1.0, NULL);
    float g = p.gain, x[2048] = { 0 };
    x[1000] = 0.9f;
    x[1001] = -0.9f;
    loud_apply(&p, x, 2048);
    /* Two samples across zero at 48 kHz, 10 dB over the whisper: a buzz's
     * window, faded down (loud_unbuzz) rather than only rounded off. */
    CHECK(fabsf(x[1000]) < p.ceiling && fabsf(x[1001]) < p.ceiling && p.buzzed == 1,
          "a click raised past the ceiling is faded down under it (%.4f)", x[1000]);
    CHECK(x[10] == 0.0f, "silence around it stays silence");
    play_tone(&p, -36.0, 0.5, NULL);
    CHECK(20 * log10(g / p.gain) < 1.0, "the whisper after the click keeps its gain (%.2f dB "
          "lower)", 20 * log10(g / p.gain));
}

static void test_phase(void)
{
    /* A stereo sound whose right channel is turned over: heard as loud as
     * in phase, so measured so. */
    size_t n = 48000 * 4;
    float *st = malloc(2 * n * sizeof *st);
    for (size_t i = 0; i < n; i++) {
        float v = (float)(amp(-6.0) * sqrt(2.0) * sin(2 * PI * 220 * (double)i / 48000));
        st[2 * i] = v;
        st[2 * i + 1] = -v;
    }
    LoudLevel lv = measure(st, n, 48000, 2, LOUD_SOUND);
    CHECK_NEAR(lv.level_db, -6.0, 0.05, "opposite-phase stereo measures as loud as it is heard "
               "(%.2f dBFS)", lv.level_db);
    CHECK_NEAR(lv.gain_db, -12.0, 0.05, "and is cut as much (%.2f dB)", lv.gain_db);
    free(st);
}

/* A narration that is only hiss (random bytes read as samples, white noise
 * where the voice should be) plays faint, LOUD_HISS_UNDER under the voice's
 * target; a voice over a loud room, music of white noise, and a recording
 * at 8 kHz (where a whisper is as unlike its neighbours) play as ever. */
static void test_hiss(void)
{
    size_t n;
    float *x = room(48000, 5.0, -20.0, &n);   /* random samples */
    LoudLevel lv = measure(x, n, 48000, 1, LOUD_VOICE);
    CHECK(lv.speech == LOUD_HISS && fabs(lv.gain_db - (LOUD_TARGET_DB - LOUD_HISS_UNDER -
                                                       lv.level_db)) < 1e-9,
          "a voice of random samples at %.1f dBFS is hiss, played at %.1f dBFS (gain %.1f)",
          lv.level_db, lv.level_db + lv.gain_db, lv.gain_db);
    CHECK_NEAR(lv.gain_db, loud_hiss_gain(lv.level_db), 1e-12, "loud_hiss_gain gives it");
    lv = measure(x, n, 48000, 1, LOUD_SOUND);
    CHECK(lv.speech != LOUD_HISS && lv.gain_db == loud_gain(lv.level_db, lv.peak_db, LOUD_SOUND),
          "the same as music is white noise, a lullaby: only cut as any sound (%.1f)",
          lv.gain_db);
    lv = measure(x, n, 8000, 1, LOUD_VOICE);
    CHECK(lv.speech != LOUD_HISS, "at 8 kHz it is not taken for hiss");
    free(x);
    x = narration(48000, 12.0, -30.0, -40.0, &n);  /* a voice 10 dB over a loud room */
    lv = measure(x, n, 48000, 1, LOUD_VOICE);
    CHECK(lv.speech != LOUD_HISS && lv.gain_db == loud_gain(lv.level_db, lv.peak_db, LOUD_VOICE),
          "a voice over a loud room is a voice (gain %.1f)", lv.gain_db);
    free(x);
    CHECK(loud_hiss_gain(-5.0) == -LOUD_CUT_DB && loud_hiss_gain(-60.0) == 0.0,
          "hiss is cut at most %.0f dB and never raised", LOUD_CUT_DB);
}

/* The largest step between neighbouring samples in x[from..to). */
static float max_step(const float *x, size_t from, size_t to)
{
    float m = 0.0f;
    for (size_t i = from + 1; i < to; i++)
        m = fmaxf(m, fabsf(x[i] - x[i - 1]));
    return m;
}

/* A damaged MP3 frame's buzz, 10 ms of samples swinging +-0.8 in a voice's
 * pause, is muted with fades; a voice, a whisper's sibilant at 16 kHz, white
 * noise and a click are played as they are. */
static void test_buzz(void)
{
    const int rate = 44100;
    size_t n = (size_t)rate;
    float *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++)   /* a vowel, a pause, a vowel */
        x[i] = (i < n / 3 || i > 2 * n / 3) ? (float)(0.2 * sin(2 * PI * 220 * i / rate) +
                                                      0.05 * sin(2 * PI * 1800 * i / rate)) : 0.0f;
    size_t b0 = n / 2, b1 = b0 + (size_t)(0.010 * rate);
    for (size_t i = b0; i < b1; i++)
        x[i] = (i & 1) ? 0.8f : -0.8f;
    LoudLevel lv = { .gain_db = 0.0, .level_db = -17.0 };
    LoudPlay p;
    loud_play_init(&p, &lv, 1, rate);
    memcpy(y, x, n * sizeof *x);
    for (size_t at = 0; at < n; at += 1024)
        loud_apply(&p, y + at, n - at < 1024 ? n - at : 1024);
    float left = 0.0f;
    for (size_t i = b0 + 88; i < b1; i++)
        left = fmaxf(left, fabsf(y[i]));
    CHECK(left == 0.0f, "the buzz is muted past its first 2 ms (%.3f left)", left);
    CHECK(max_step(y, b0 - 200, b1 + 200) < 1.0f,
          "and what is left of its start fades (largest step %.2f, the buzz's own 1.6)",
          max_step(y, b0 - 200, b1 + 200));
    CHECK(p.buzzed > 0 && p.buzzed < 8, "a few windows are muted (%lu)", p.buzzed);
    /* The same page without the buzz, as the watch plays it. */
    for (size_t i = b0; i < b1; i++)
        x[i] = 0.0f;
    loud_play_init(&p, &lv, 1, rate);
    for (size_t at = 0; at < n; at += 1024)
        loud_apply(&p, x + at, n - at < 1024 ? n - at : 1024);
    int same = 1;
    for (size_t i = 0; i < b0 - 200; i++)
        same &= y[i] == x[i];
    for (size_t i = b1 + 200; i < n; i++)
        same &= fabsf(y[i] - x[i]) < 1e-6f;
    CHECK(same && p.buzzed == 0, "the voice either side is as it plays without the buzz");

    /* Stereo: a buzz on the left side alone mutes the frame on both sides;
     * a tone on both plays as it is. */
    size_t sm = 4800;
    float *st = calloc(sm * 2, sizeof *st);
    for (size_t f = 0; f < sm; f++)
        st[2 * f] = st[2 * f + 1] = (float)(0.2 * sin(2 * PI * 300 * f / 48000.0));
    for (size_t f = 2400; f < 2880; f++)
        st[2 * f] = (f & 1) ? 0.8f : -0.8f;
    LoudLevel lv2 = { .gain_db = 0.0, .level_db = -17.0 };
    loud_play_init(&p, &lv2, 2, 48000);
    for (size_t at = 0; at < sm; at += 512)
        loud_apply(&p, st + 2 * at, sm - at < 512 ? sm - at : 512);
    float in_buzz = 0.0f;
    for (size_t f = 2500; f < 2880; f++)
        in_buzz = fmaxf(in_buzz, fmaxf(fabsf(st[2 * f]), fabsf(st[2 * f + 1])));
    CHECK(p.buzzed > 0 && in_buzz == 0.0f, "a stereo buzz on one side is muted on both (%lu "
          "windows, %.3f left)", p.buzzed, in_buzz);
    free(st);

    /* What must play as it is: loud white noise at 48 kHz, a loud hiss-like
     * sibilant near the top of a 16 kHz recording's band, a click. */
    static const struct { int rate; const char *what; } cases[] = {
        { 48000, "white noise at -6 dBFS" }, { 16000, "a sibilant at 6-7.5 kHz of 16 kHz" },
        { 8000, "a sibilant at 3.4 kHz of 8 kHz" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        int r = cases[k].rate;
        size_t m = (size_t)r / 2;
        float *z = malloc(m * sizeof *z), *w = malloc(m * sizeof *w);
        for (size_t i = 0; i < m; i++)
            z[i] = k == 0 ? (float)(0.5 * noise())
                 : k == 1 ? (float)(0.3 * sin(2 * PI * (6000 + 1500 * noise()) * i / r))
                          : (float)(0.4 * sin(2 * PI * 3400 * i / r));
        memcpy(w, z, m * sizeof *z);
        loud_play_init(&p, NULL, 1, r);
        for (size_t at = 0; at < m; at += 512)
            loud_apply(&p, w + at, m - at < 512 ? m - at : 512);
        CHECK(p.buzzed == 0, "%s plays as it is (%lu windows muted)", cases[k].what, p.buzzed);
        free(z);
        free(w);
    }
    free(x);
    free(y);
}

/* The words a parent is told of a silent recording: the player's and check's. */
static void test_silence_said(void)
{
    char out[300] = "";
    CHECK(loud_silence_say(-30.0, 1, out, sizeof out) == 0 && out[0] == 0,
          "a recording that can be heard is told nothing");
    CHECK(loud_silence_say(LOUD_SILENT_DB, 1, out, sizeof out) == 0,
          "a peak at the threshold itself is heard");
    CHECK(loud_silence_say(LOUD_NONE_DB, 1, out, sizeof out) == 1 && strstr(out, "no sound at all"),
          "all of a file of nothing: silent, no sound at all (%s)", out);
    CHECK(loud_silence_say(-70.0, 1, out, sizeof out) == 1 && strstr(out, "almost silent"),
          "all of a file too quiet to hear: almost silent (%s)", out);
    CHECK(loud_silence_say(LOUD_NONE_DB, 0, out, sizeof out) == 1 &&
          strstr(out, "the first 15 s of this recording are silent"),
          "a silent opening of a longer file is told as its opening only (%s)", out);
    char tiny[8];
    CHECK(loud_silence_say(-70.0, 1, tiny, sizeof tiny) == 1 && strlen(tiny) == 7,
          "a small buffer is filled and ended, not overrun");
}

int main(void)
{
    test_buzz();
    test_studio_take_plays_as_it_is();
    test_loud_voice_is_cut();
    test_quiet_voice_raised_within_limits();
    test_silence_and_noise_played_as_they_are();
    test_sounds_only_cut();
    test_dc_offset();
    test_rates_and_feeding();
    test_watch();
    test_click();
    test_phase();
    test_hiss();
    test_silence_said();
    CHECK_DONE();
}
