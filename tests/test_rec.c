/* Tests for rec: trimming and levelling synthetic takes whose levels and
 * silences are known, the limiter's ceiling, silence reported, resampling. */
#include "check.h"
#include "rec.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SR REC_RATE
#define PI 3.14159265358979323846
#define CEILING_SAMPLE 29205.0   /* 32768 * 10^(-1/20), rounded up */

static uint32_t seed = 12345;

/* Uniform noise in [-1, 1), deterministic. */
static double noise(void)
{
    seed = seed * 1664525u + 1013904223u;
    return (double)(seed >> 8) / 8388608.0 - 1.0;
}

static double amp_of_db(double db) { return 32768.0 * pow(10.0, db / 20.0); }

/* A take of len seconds: white noise at noise_db RMS everywhere. */
static int16_t *take(double len, double noise_db, size_t *n)
{
    *n = (size_t)(len * SR);
    int16_t *s = malloc(*n * sizeof *s);
    double a = amp_of_db(noise_db) * sqrt(3.0);   /* uniform noise: RMS = a / sqrt 3 */
    for (size_t i = 0; s && i < *n; i++)
        s[i] = (int16_t)lrint(noise_db < -119 ? 0 : a * noise());
    return s;
}

/* Add a sine of rms_db from t0 to t1 seconds. */
static void add_tone(int16_t *s, size_t n, double t0, double t1, double hz, double rms_db)
{
    double a = amp_of_db(rms_db) * sqrt(2.0);
    for (size_t i = (size_t)(t0 * SR); i < (size_t)(t1 * SR) && i < n; i++) {
        double v = s[i] + a * sin(2 * PI * hz * (double)i / SR);
        s[i] = (int16_t)fmax(-32768, fmin(32767, lrint(v)));
    }
}

/* Speech-like: a 140 Hz voice with harmonics, syllables at 4 Hz, words of
 * t1 - t0 seconds; average RMS about rms_db. */
static void add_words(int16_t *s, size_t n, double t0, double t1, double rms_db)
{
    double a = amp_of_db(rms_db) * 1.9;
    for (size_t i = (size_t)(t0 * SR); i < (size_t)(t1 * SR) && i < n; i++) {
        double t = (double)i / SR;
        double env = 0.55 + 0.45 * sin(2 * PI * 4.0 * (t - t0) - PI / 2);
        double v = sin(2 * PI * 140 * t) + 0.5 * sin(2 * PI * 280 * t + 1) +
                   0.3 * sin(2 * PI * 420 * t + 2) + 0.15 * noise();
        s[i] = (int16_t)fmax(-32768, fmin(32767, lrint(s[i] + a * env * v * 0.6)));
    }
}

static double sec(size_t samples) { return (double)samples / SR; }

/* RMS in dBFS of out between t0 and t1 seconds. */
static double rms_between(const int16_t *s, size_t n, double t0, double t1)
{
    size_t a = (size_t)(t0 * SR), b = (size_t)(t1 * SR);
    if (b > n)
        b = n;
    return a < b ? rec_rms_db(s + a, b - a) : -200;
}

static int peak_ok(const int16_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fabs((double)s[i]) > CEILING_SAMPLE)
            return 0;
    return 1;
}

static void test_silence(void)
{
    static const struct { const char *what; double noise_db; double hum_db; } cases[] = {
        { "digital silence", -200, -200 },
        { "quiet room hiss", -60, -200 },
        { "loud hiss (a fan)", -30, -200 },
        { "mains hum over hiss", -65, -40 },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t n;
        int16_t *s = take(4.0, cases[k].noise_db, &n), *out = (int16_t *)1;
        if (cases[k].hum_db > -199)
            add_tone(s, n, 0, 4.0, 50, cases[k].hum_db);
        size_t len = 99;
        RecReport r;
        RecStatus st = rec_process(s, n, &out, &len, &r);
        CHECK(st == REC_SILENT, "%s is reported as silent (status %d)", cases[k].what, st);
        CHECK(out == NULL && len == 0, "%s gives no output to amplify", cases[k].what);
        free(s);
    }
    int16_t *out;
    size_t len;
    CHECK(rec_process(NULL, 0, &out, &len, NULL) == REC_SILENT, "an empty take is silent");
    CHECK(rec_status_text(REC_SILENT)[0] != '\0', "silence has words for the parent");
}

/* 2 s of quiet, a 1 s tone, 3 s of quiet: trimmed to about 0.4 s a side. */
static void test_trim_tone(void)
{
    size_t n, len;
    int16_t *s = take(6.0, -70, &n), *out = NULL;
    add_tone(s, n, 2.0, 3.0, 440, -40);
    RecReport r;
    CHECK(rec_process(s, n, &out, &len, &r) == REC_OK, "a tone in quiet is heard");
    CHECK_NEAR(sec(r.speech_start), 2.0, 0.011, "speech starts at 2.0 s (%.3f)",
               sec(r.speech_start));
    CHECK(sec(r.speech_end) >= 3.0 && sec(r.speech_end) <= 3.17,
          "speech ends at 3.0 s plus at most the hangover (%.3f)", sec(r.speech_end));
    CHECK_NEAR(sec(r.keep_start), 1.6, 0.011, "0.4 s kept before the words (%.3f)",
               sec(r.keep_start));
    CHECK_NEAR(sec(r.keep_end) - sec(r.speech_end), 0.4, 0.001, "0.4 s kept after the words");
    CHECK(sec(len) >= 1.8 && sec(len) <= 1.97, "the take is 1.8..1.97 s long (%.3f)", sec(len));
    CHECK_NEAR(r.noise_db, -70.0, 2.0, "the noise floor is found (%.1f dBFS)", r.noise_db);
    double lvl = rms_between(out, len, 0.5, 1.3);
    CHECK_NEAR(lvl, -18.0, 1.0, "a -40 dBFS tone comes out at -18 dBFS RMS (%.2f)", lvl);
    CHECK_NEAR(r.out_speech_db, -18.0, 1.0, "the report says -18 dBFS (%.2f)", r.out_speech_db);
    CHECK_NEAR(r.gain_db, 22.0, 1.0, "the gain raises it about 22 dB (%.2f)", r.gain_db);
    CHECK(peak_ok(out, len), "no sample above -1 dBFS");
    CHECK(abs(out[0]) < 50 && abs(out[len - 1]) < 50, "the cut edges are faded, no click");
    free(s);
    free(out);
}

/* A take with no silence to cut at the start: nothing is lost. */
static void test_trim_edges(void)
{
    size_t n, len;
    int16_t *s = take(3.0, -70, &n), *out = NULL;
    add_tone(s, n, 0.2, 2.9, 300, -20);             /* 10% of the take is quiet */
    RecReport r;
    CHECK(rec_process(s, n, &out, &len, &r) == REC_OK, "a take that starts at once is heard");
    CHECK(r.keep_start == 0 && r.keep_end == n, "padding never reaches past the take");
    CHECK(len == n, "the whole take is kept (%zu of %zu)", len, n);
    free(s);
    free(out);
}

/* Words with pauses, a soft tail and a click: nothing cut into a word. */
static void test_words(void)
{
    size_t n, len;
    int16_t *s = take(8.0, -62, &n), *out = NULL;
    add_tone(s, n, 0.5, 0.504, 1000, -12);          /* a click: the Enter key */
    add_words(s, n, 2.0, 2.8, -38);
    add_words(s, n, 3.1, 4.0, -38);                  /* a 0.3 s pause between words */
    /* A soft tail ("...niiight"), fading 1 dB every 20 ms from -42 dBFS. */
    for (int k = 0; k < 10; k++)
        add_tone(s, n, 4.0 + k * 0.02, 4.02 + k * 0.02, 200, -42 - k);
    RecReport r;
    CHECK(rec_process(s, n, &out, &len, &r) == REC_OK, "quiet words are heard");
    /* The syllable envelope starts softly: the first 40 ms are under the threshold
     * and inside the padding. */
    CHECK(sec(r.speech_start) >= 2.0 && sec(r.speech_start) <= 2.06, "the click at 0.5 s is "
          "not taken for a word (start %.3f)", sec(r.speech_start));
    CHECK(sec(r.speech_end) >= 4.2, "the soft tail to 4.2 s is kept (end %.3f)",
          sec(r.speech_end));
    CHECK(sec(r.keep_start) <= 1.66 && sec(r.keep_end) >= 4.6, "0.4 s of padding around");
    CHECK(sec(len) < 3.3, "long silences are trimmed (%.2f s kept of 8)", sec(len));
    double pause = rms_between(out, len, sec(3.0 * SR - r.keep_start) + 0.05,
                               sec(3.1 * SR - r.keep_start) - 0.0);
    CHECK(pause < -30, "the pause between words stays a pause (%.1f dBFS)", pause);
    CHECK_NEAR(r.out_speech_db, -18.0, 1.0, "the words come out at -18 dBFS RMS (%.2f)",
               r.out_speech_db);
    double word = rms_between(out, len, sec(2.0 * SR - r.keep_start),
                              sec(2.8 * SR - r.keep_start));
    CHECK_NEAR(word, -18.0, 1.5, "the first word alone is near -18 dBFS (%.2f)", word);
    CHECK(peak_ok(out, len), "no sample above -1 dBFS");
    free(s);
    free(out);
}

/* A microphone waking up: 0.4 s of zeros, or of a hush far under the room
 * (a converter's dither at -96 dBFS), before the room and the words. Neither
 * is the room's floor: the room's hiss around the words is trimmed as in a
 * take without them. */
/* A take that runs on in the room after the voice and ends in a device's
 * zeros: the zeros come after the last sound, so the input is not gated and
 * the floor is the room's; its hiss is not speech, is trimmed, and is not
 * raised with the voice. A gated input (zeros between the words as well)
 * still has silence for its floor, and its words are still heard. */
static void test_zeros_after(void)
{
    size_t n, len;
    int16_t *s = take(12.0, -50, &n), *out = NULL;
    add_words(s, n, 0.5, 5.5, -20);
    memset(s + (size_t)(11.0 * SR), 0, (n - (size_t)(11.0 * SR)) * sizeof *s);
    RecReport r;
    CHECK(rec_process(s, n, &out, &len, &r) == REC_OK, "words, 5.5 s of the room, 1 s of zeros");
    CHECK_NEAR(r.noise_db, -50.0, 3.0, "the floor is the room's (%.1f dBFS), not silence",
               r.noise_db);
    CHECK(sec(r.speech_end) < 6.0, "the room after the voice is not speech (speech ends %.2f s)",
          sec(r.speech_end));
    CHECK(sec(len) < 5.0 + 2 * REC_PAD_SECONDS + 0.3, "and is trimmed (%.2f s kept of 12)",
          sec(len));
    CHECK(r.gain_db < 10.0, "the voice sets the gain, not the hiss (%+.1f dB; +27.8 when the "
          "hiss was speech)", r.gain_db);
    free(s);
    free(out);

    /* The same take opened and closed by a device's hush (a dither of one
     * step, -96 dBFS) instead: 0.5 s before the words and 1 s after the room. */
    s = take(12.0, -50, &n);
    out = NULL;
    add_words(s, n, 0.5, 5.5, -20);
    for (size_t i = 0; i < n; i++)
        if (i < (size_t)(0.5 * SR) || i >= (size_t)(11.0 * SR))
            s[i] = (int16_t)(i % 2 ? 1 : -1);
    CHECK(rec_process(s, n, &out, &len, &r) == REC_OK, "words, the room, a device's hush "
          "either side");
    CHECK_NEAR(r.noise_db, -50.0, 3.0, "the floor is the room's (%.1f dBFS), not the hush",
               r.noise_db);
    CHECK(sec(r.speech_end) < 6.0 && sec(len) < 5.0 + 2 * REC_PAD_SECONDS + 0.3,
          "the room after the voice is trimmed (speech ends %.2f s, %.2f s kept)",
          sec(r.speech_end), sec(len));
    free(s);
    free(out);

    s = take(8.0, -120, &n);
    out = NULL;
    add_words(s, n, 1.0, 2.5, -25);
    add_words(s, n, 3.5, 5.0, -25);
    CHECK(rec_process(s, n, &out, &len, &r) == REC_OK, "gated words (zeros between and after) "
          "are heard");
    CHECK(sec(r.speech_start) < 1.1 && sec(r.speech_end) > 4.9,
          "from the first word to the last (%.2f to %.2f s)", sec(r.speech_start),
          sec(r.speech_end));
    free(s);
    free(out);
}

static void test_wake(void)
{
    for (int kind = 0; kind < 2; kind++) {
        size_t n, len;
        int16_t *s = take(6.0, -55, &n), *out = NULL;
        for (size_t i = 0; i < (size_t)(0.4 * SR); i++)
            s[i] = kind == 0 ? 0 : (int16_t)(i % 3 == 0 ? 1 : i % 3 == 1 ? -1 : 0);
        add_words(s, n, 1.5, 4.5, -30);
        RecReport r;
        CHECK(rec_process(s, n, &out, &len, &r) == REC_OK, "words after a microphone's %s are "
              "heard", kind ? "hush" : "zeros");
        CHECK_NEAR(r.noise_db, -55.0, 3.0, "the room's floor is the room's (%.1f dBFS), not the "
                   "%s", r.noise_db, kind ? "hush" : "zeros");
        CHECK(sec(len) < 3.0 + 2 * REC_PAD_SECONDS + 0.3, "the room around the words is trimmed "
              "(%.2f s kept of 6)", sec(len));
        free(s);
        free(out);
    }
}

/* A door slam after the words (0.25 s, 30 dB over them): not the voice's
 * level, not kept to, and held down where it would be played. And a cough
 * between two sentences, kept (it is inside the take) but held down. */
static void test_bang(void)
{
    size_t n, len;
    int16_t *s = take(10.0, -62, &n), *out = NULL;
    add_words(s, n, 1.0, 4.0, -40);
    for (size_t i = (size_t)(5.0 * SR); i < (size_t)(5.25 * SR); i++)
        s[i] = (int16_t)fmax(-32768, fmin(32767, s[i] + amp_of_db(-10) * sqrt(3.0) * noise()));
    RecReport r;
    CHECK(rec_process(s, n, &out, &len, &r) == REC_OK, "quiet words and a door slam");
    CHECK_NEAR(r.out_speech_db, -18.0, 1.0, "the words are levelled as without it (%.2f)",
               r.out_speech_db);
    CHECK(sec(r.speech_end) < 4.3 && sec(len) < 3.0 + 2 * REC_PAD_SECONDS + 0.3,
          "the take is not kept out to the slam (speech ends %.2f s, %.2f s kept)",
          sec(r.speech_end), sec(len));
    free(s);
    free(out);

    s = take(8.0, -62, &n);
    add_words(s, n, 1.0, 3.0, -40);
    add_words(s, n, 3.6, 5.6, -40);
    for (size_t i = (size_t)(3.2 * SR); i < (size_t)(3.45 * SR); i++)
        s[i] = (int16_t)fmax(-32768, fmin(32767, s[i] + amp_of_db(-10) * sqrt(3.0) * noise()));
    CHECK(rec_process(s, n, &out, &len, &r) == REC_OK, "two sentences with a cough between");
    CHECK_NEAR(r.out_speech_db, -18.0, 1.0, "the words are levelled as without it (%.2f)",
               r.out_speech_db);
    double at = 3.2 - sec(r.keep_start), cough = -200;
    for (double t = at; t < at + 0.25; t += 0.01) {
        double v = rms_between(out, len, t, t + 0.01);
        cough = v > cough ? v : cough;
    }
    CHECK(cough < REC_TARGET_DB + 9.5, "the cough is held at most 9 dB over the voice (%.2f "
          "dBFS at its loudest; 30 dB over the words as it was made)", cough);
    double after = rms_between(out, len, 3.6 - sec(r.keep_start) + 0.2,
                               5.6 - sec(r.keep_start));
    CHECK_NEAR(after, -18.0, 1.5, "and the sentence after it is not ducked (%.2f)", after);
    CHECK(r.held_seconds > 0.2 && r.held_seconds < 0.35, "the report says how much was held "
          "(%.2f s)", r.held_seconds);
    CHECK(peak_ok(out, len), "no sample above -1 dBFS");
    free(s);
    free(out);
}

/* A loud take is lowered, and spikes never pass the ceiling. */
static void test_loud_and_limiter(void)
{
    size_t n, len;
    int16_t *s = take(3.0, -60, &n), *out = NULL;
    add_tone(s, n, 1.0, 2.0, 220, -4);
    RecReport r;
    CHECK(rec_process(s, n, &out, &len, &r) == REC_OK, "a loud tone is heard");
    CHECK(r.gain_db < -13, "a loud take is lowered (%.1f dB)", r.gain_db);
    CHECK_NEAR(r.out_speech_db, -18.0, 1.0, "and lands at -18 dBFS (%.2f)", r.out_speech_db);
    free(out);
    free(s);

    /* Quiet tone with 10 ms bursts 28 dB above it: the gain would push them over. */
    s = take(3.0, -70, &n);
    add_tone(s, n, 0.5, 2.5, 330, -34);
    for (int k = 0; k < 12; k++)
        add_tone(s, n, 0.6 + k * 0.15, 0.61 + k * 0.15, 1000, -6);
    CHECK(rec_process(s, n, &out, &len, &r) == REC_OK, "a spiky take is processed");
    CHECK(peak_ok(out, len), "the limiter keeps every sample at or below -1 dBFS");
    CHECK(r.out_peak_db <= -1.0 + 1e-3, "the reported peak is at most -1 dBFS (%.3f)",
          r.out_peak_db);
    CHECK_NEAR(r.out_speech_db, -18.0, 1.0, "the tone, not its bursts, sets the level (%.2f)",
               r.out_speech_db);
    /* 28 dB over the tone is a bang (REC_BURST_DB): held at most REC_HOLD_DB
     * (9 dB) over the target, not played at the ceiling 17 dB over the voice. */
    double loudest = -200;
    for (int k = 0; k < 12; k++) {
        double at = 0.6 + k * 0.15 - r.keep_start / (double)SR;
        double b = rms_between(out, len, at, at + 0.01);
        loudest = b > loudest ? b : loudest;
    }
    CHECK(loudest < -18.0 + 9.5 && loudest > -18.0 + 3.0, "the bursts are held 3 to 9.5 dB over "
          "the voice (the loudest at %.2f dBFS)", loudest);
    CHECK(r.held_seconds > 0.08 && r.held_seconds < 0.2, "and the report says how much was held "
          "(%.3f s)", r.held_seconds);
    int run = 0, longest = 0;
    for (size_t i = 0; i < len; i++) {
        run = abs(out[i]) >= 29200 ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    CHECK(longest < 3, "no flat-topped clipping: at most %d samples in a row at the ceiling",
          longest);
    CHECK(r.clipped < REC_CLIPPED_SHARE, "a take that was never at full scale is not called "
          "clipped (%.4f)", r.clipped);
    free(out);
    free(s);

    /* A voice recorded too loud: its peaks flattened at full scale. */
    s = take(3.0, -60, &n);
    add_tone(s, n, 1.0, 2.0, 220, 6);   /* 6 dB over full scale, clipped by add_tone */
    CHECK(rec_process(s, n, &out, &len, &r) == REC_OK && r.clipped > 0.05,
          "a clipped take is told as such (%.3f of its speech at full scale)", r.clipped);
    free(out);
    free(s);
}

static void test_dc_and_cap(void)
{
    size_t n, len;
    int16_t *s = take(3.0, -70, &n), *out = NULL;
    for (size_t i = 0; i < n; i++)
        s[i] = (int16_t)(s[i] + 3000);                /* a cheap microphone's offset */
    add_tone(s, n, 1.0, 2.0, 440, -30);
    RecReport r;
    CHECK(rec_process(s, n, &out, &len, &r) == REC_OK, "a take with DC offset is heard");
    CHECK_NEAR(r.out_speech_db, -18.0, 1.0, "the offset does not spoil the level (%.2f)",
               r.out_speech_db);
    CHECK_NEAR(r.noise_db, -70.0, 3.0, "nor the noise floor (%.1f)", r.noise_db);
    free(out);
    free(s);

    s = take(3.0, -200, &n);
    add_tone(s, n, 1.0, 2.0, 440, -58);
    CHECK(rec_process(s, n, &out, &len, &r) == REC_OK, "a whisper at -58 dBFS is heard");
    CHECK_NEAR(r.gain_db, REC_MAX_GAIN_DB, 1e-9, "its gain is capped at 36 dB");
    CHECK_NEAR(r.out_speech_db, -22.0, 1.0, "so it comes out at -22 dBFS (%.2f)",
               r.out_speech_db);
    CHECK(r.out_speech_db < REC_TARGET_DB - REC_SHORT_DB,
          "which the report can tell is short of the other pages");
    free(out);
    free(s);

    int16_t one = 0;
    CHECK(rec_process(&one, REC_MAX_SAMPLES + 1, &out, &len, &r) == REC_TOO_LONG &&
          out == NULL, "a take over 5 minutes is refused before it is read");
}

static void test_resample(void)
{
    size_t frames = 44100, len = 0;
    int16_t *st = malloc(frames * 2 * sizeof *st);
    for (size_t i = 0; i < frames; i++) {
        st[2 * i] = (int16_t)lrint(8000 * sin(2 * PI * 500 * (double)i / 44100));
        st[2 * i + 1] = st[2 * i];
    }
    int too_long = 0;
    int16_t *m = rec_to_mono48k(st, frames, 44100, 2, &len, &too_long);
    CHECK(m != NULL && len == 48000, "one second at 44.1 kHz becomes 48000 samples (%zu)", len);
    double want = 20 * log10(8000 / sqrt(2.0) / 32768);
    CHECK(m && fabs(rec_rms_db(m, len) - want) < 0.2, "the level is kept (%.2f, want %.2f)",
          m ? rec_rms_db(m, len) : 0, want);
    free(m);
    for (size_t i = 0; i < frames; i++)
        st[2 * i + 1] = (int16_t)-st[2 * i];
    m = rec_to_mono48k(st, frames, 44100, 2, &len, &too_long);
    CHECK(m && rec_peak_db(m, len) < -80, "opposite channels average to silence");
    free(m);
    CHECK(rec_to_mono48k(st, frames, 4000, 2, &len, &too_long) == NULL, "4 kHz is refused");
    CHECK(rec_to_mono48k(st, frames, 44100, 9, &len, &too_long) == NULL, "9 channels refused");
    CHECK(rec_to_mono48k(st, (size_t)8000 * 400, 8000, 1, &len, &too_long) == NULL &&
          too_long == 1, "more than 5 minutes is refused as too long, before reading");
    free(st);
}

int main(void)
{
    test_silence();
    test_trim_tone();
    test_trim_edges();
    test_wake();
    test_zeros_after();
    test_bang();
    test_words();
    test_loud_and_limiter();
    test_dc_and_cap();
    test_resample();
    CHECK_DONE();
}
