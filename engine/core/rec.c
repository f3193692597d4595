/* rec — trim and level a spoken take (see rec.h for the chain).
 *
 * The analysis works on 10 ms frames. The noise floor is the 5th percentile
 * of the frame levels: in a take where someone speaks, far more than a
 * twentieth of the frames are pauses, breaths or the silence before the first
 * word, so this is the room, not the voice (a take of unbroken sound with no
 * pause at all is therefore not taken for speech). Speech starts REC_ON_DB above the floor and continues
 * down to REC_OFF_DB above it, plus a REC_HANG_MS hangover; these three keep a
 * trailing "...night" or a soft consonant in, and the 0.4 s of padding each side
 * covers a breathy onset quieter than the thresholds. A take whose frames all
 * sit near the floor (silence, hum, hiss) has no speech and is reported, not
 * amplified: raising it would only make noise loud.
 *
 * The limiter is a look-ahead peak limiter that cannot overshoot: the gain a
 * sample needs (ceiling / |x|) is turned into a running minimum over the next
 * REC_LOOKAHEAD_MS, given a slow release, and smoothed by a box filter of the
 * same length. Every value averaged at a peak is at most that peak's own
 * need, so the peak lands at or under the ceiling; the gain moves over
 * milliseconds rather than from one sample to the next, so there is no
 * clipping distortion. */
#include "rec.h"

#include "i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define REC_FRAME       (REC_RATE * REC_FRAME_MS / 1000)   /* samples per frame */
#define REC_ON_DB       12.0       /* above the floor: speech starts */
#define REC_OFF_DB      6.0        /* above the floor: speech continues */
#define REC_HANG_MS     150        /* speech lasts this long after it falls below */
#define REC_ABS_ON_DB   (-62.0)    /* never call anything quieter than this speech */
#define REC_FADE_MS     10         /* fade at the cut, so the cut never clicks */
#define REC_RELEASE_MS  80.0       /* limiter release time constant */
#define REC_DC_POLE     0.9985     /* DC blocker pole: about 11 Hz at 48 kHz */
#define REC_SILENCE_DB  (-120.0)
#define REC_DIGITAL_ZERO_DB (-100.0) /* frames below: the device, not the room */
#define REC_FLOOR_PERCENT 5        /* the noise floor is this percentile of frames */
#define REC_ROOM_DB     6.0        /* frames this near that percentile are the room */
#define REC_HOLD_DB     9.0        /* no frame played more than this over the target */
#define REC_WAKE_MS     500        /* a microphone's start, left out of the noise floor ... */
#define REC_WAKE_DB     10.0       /* ... when this much under the quietest frame after it */
#define REC_CLOSE_MS    1000       /* and a device's closing, the same at the end */
#define REC_FULL        32768.0

const char *rec_status_text(RecStatus st)
{
    switch (st) {
    case REC_OK:        return _("recorded");
    case REC_SILENT:    return _("no speech was heard (only silence or room noise)");
    case REC_TOO_LONG:  return _("the recording is too long (at most 5 minutes)");
    case REC_NO_MEMORY: return _("there was not enough memory");
    }
    return _("failed");
}

static double rec_db_of_mean_square(double ms)
{
    return ms > 0.0 ? 10.0 * log10(ms / (REC_FULL * REC_FULL)) : REC_SILENCE_DB;
}

double rec_rms_db(const int16_t *s, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += (double)s[i] * s[i];
    double db = n ? rec_db_of_mean_square(sum / (double)n) : REC_SILENCE_DB;
    return db < REC_SILENCE_DB ? REC_SILENCE_DB : db;
}

double rec_peak_db(const int16_t *s, size_t n)
{
    int peak = 0;
    for (size_t i = 0; i < n; i++) {
        int a = s[i] < 0 ? -(int)s[i] : s[i];
        if (a > peak)
            peak = a;
    }
    return peak ? 20.0 * log10(peak / REC_FULL) : REC_SILENCE_DB;
}

/* ------------------------------------------------------------ analysis */

typedef struct {
    const int16_t *in;
    size_t n;
    float *x;               /* DC-blocked input */
    float *frame_db;        /* level of each frame */
    unsigned char *active;  /* 1 = speech frame */
    size_t nframes;
    double noise_db;
    double burst_db;        /* frames louder than this are bangs, not the voice */
} RecTake;

/* Remove DC and rumble; starts from the first sample so an offset is no step. */
static void rec_dc_block(RecTake *t)
{
    double prev_in = t->in[0], prev_out = 0.0;
    for (size_t i = 0; i < t->n; i++) {
        double y = t->in[i] - prev_in + REC_DC_POLE * prev_out;
        prev_in = t->in[i];
        prev_out = y;
        t->x[i] = (float)y;
    }
}

static void rec_frame_levels(RecTake *t)
{
    for (size_t f = 0; f < t->nframes; f++) {
        size_t a = f * REC_FRAME, b = a + REC_FRAME < t->n ? a + REC_FRAME : t->n;
        double sum = 0.0;
        for (size_t i = a; i < b; i++)
            sum += (double)t->x[i] * t->x[i];
        t->frame_db[f] = (float)rec_db_of_mean_square(sum / (double)(b - a));
    }
}

static int rec_cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* How many of the first frames are a microphone waking up: within the
 * first REC_WAKE_MS, each more than REC_WAKE_DB quieter than any frame of
 * the take's middle (zeros, or a hush far under the room). 0.4 s of them made
 * a 6 s take's floor -96 dBFS, so its room hiss was speech and nothing was
 * trimmed. And how many of the last are a device closing, the same within
 * the last REC_CLOSE_MS: 1 s of a hush at -96 dBFS after a take that ran on
 * in the room made its floor the hush, and the room's hiss was levelled up
 * as speech. Frames as quiet as the room in the middle are the room. */
static void rec_edge_frames(const float *frame_db, size_t nframes, size_t *head, size_t *tail)
{
    const size_t wake = REC_WAKE_MS / REC_FRAME_MS, close = REC_CLOSE_MS / REC_FRAME_MS;
    *head = *tail = 0;
    if (nframes <= 4 * wake)
        return;
    size_t end = nframes > 2 * (wake + close) ? nframes - close : nframes;
    float quietest = 1e9f;
    for (size_t f = wake; f < end; f++)
        if (frame_db[f] > REC_DIGITAL_ZERO_DB && frame_db[f] < quietest)
            quietest = frame_db[f];
    while (*head < wake && frame_db[*head] < quietest - REC_WAKE_DB)
        (*head)++;
    while (end < nframes && *tail < close && frame_db[nframes - 1 - *tail] < quietest - REC_WAKE_DB)
        (*tail)++;
}

/* The REC_FLOOR_PERCENT percentile of the frame levels, after a
 * microphone's waking and before its closing (rec_edge_frames). Frames of
 * digital silence are left out too; when more than a few of them come
 * between the first sound and the last, the input really is gated to zero
 * between words and the floor is silence. Zeros after the last sound are a
 * gate too, unless the sound before them holds a room of its own: then they
 * are a device that went quiet when the take ended. Counted as a gate, the
 * room's hiss of a take that ran on after the voice (5.5 s of it, then 1 s
 * of zeros) was taken for speech and levelled up with the voice, to 10 dB
 * under it. 0 ok, -1 out of memory. */
static int rec_noise_floor(const float *frame_db, size_t nframes, double *noise_db)
{
    float *sorted = malloc((nframes ? nframes : 1) * sizeof *sorted);
    if (!sorted)
        return -1;
    size_t k = 0, first = nframes, last = 0, head, tail;
    rec_edge_frames(frame_db, nframes, &head, &tail);
    for (size_t f = head; f < nframes - tail; f++)
        if (frame_db[f] > REC_DIGITAL_ZERO_DB) {
            sorted[k++] = frame_db[f];
            first = first < f ? first : f;
            last = f;
        }
    qsort(sorted, k, sizeof *sorted, rec_cmp_float);
    size_t inside = k ? last - first + 1 : 0;  /* from the first sound to the last */
    size_t after = k ? nframes - tail - first : 0;   /* from the first sound to the end */
    int gated = k && (inside - k) * 100 >= inside * REC_FLOOR_PERCENT;
    if (k && !gated && (after - k) * 100 >= after * REC_FLOOR_PERCENT) {
        /* Zeros after the last sound only. The sound between holds the room
         * when a second or more of it lies within REC_ROOM_DB of its quietest
         * twentieth, REC_ON_DB or more under its loudest: hiss the device
         * went on hearing after the voice. Otherwise (a whisper between
         * zeros) the zeros are the room and the input gated. */
        float quiet = sorted[k * REC_FLOOR_PERCENT / 100];
        size_t near = 0;
        while (near < k && sorted[near] <= quiet + REC_ROOM_DB)
            near++;
        gated = !(sorted[k - 1] - quiet >= REC_ON_DB && near * REC_FRAME_MS >= 1000);
    }
    *noise_db = k && !gated ? sorted[k * REC_FLOOR_PERCENT / 100] : REC_SILENCE_DB;
    free(sorted);
    return 0;
}

/* Mark speech frames: hysteresis between the on and off levels, then hangover. */
static void rec_mark_speech(const float *frame_db, size_t nframes, double noise_db,
                            unsigned char *active)
{
    double on = fmax(noise_db + REC_ON_DB, REC_ABS_ON_DB);
    double off = fmax(noise_db + REC_OFF_DB, REC_ABS_ON_DB - (REC_ON_DB - REC_OFF_DB));
    int speaking = 0, hang = 0;
    for (size_t f = 0; f < nframes; f++) {
        double db = frame_db[f];
        if (db > on || (speaking && db > off)) {
            speaking = 1;
            hang = REC_HANG_MS / REC_FRAME_MS;
            active[f] = 2;                      /* 2 = heard, 1 = hangover */
        } else if (speaking && hang-- > 0) {
            active[f] = 1;
        } else {
            speaking = 0;
            active[f] = 0;
        }
    }
}

/* Forget runs of speech with fewer than REC_MIN_BURST_MS heard: clicks, taps. */
static void rec_drop_bursts(unsigned char *active, size_t nframes)
{
    size_t f = 0;
    while (f < nframes) {
        if (!active[f]) {
            f++;
            continue;
        }
        size_t start = f, heard = 0;
        for (; f < nframes && active[f]; f++)
            heard += active[f] == 2;
        if (heard * REC_FRAME_MS < REC_MIN_BURST_MS)
            memset(active + start, 0, f - start);
    }
}

int rec_speech_frames(const float *frame_db, size_t nframes, unsigned char *active,
                      double *noise_db)
{
    if (rec_noise_floor(frame_db, nframes, noise_db) != 0)
        return -1;
    rec_mark_speech(frame_db, nframes, *noise_db, active);
    rec_drop_bursts(active, nframes);
    return 0;
}

/* Find the speech; 0 when there is none. Fills the speech and kept ranges. */
static int rec_find_speech(const RecTake *t, RecReport *rep)
{
    size_t first = t->nframes, last = 0;
    for (size_t f = 0; f < t->nframes; f++) {
        if (t->active[f]) {
            if (first == t->nframes)
                first = f;
            last = f;
        }
    }
    if (first == t->nframes)
        return 0;
    size_t pad = (size_t)(REC_PAD_SECONDS * REC_RATE);
    rep->speech_start = first * REC_FRAME;
    rep->speech_end = (last + 1) * REC_FRAME < t->n ? (last + 1) * REC_FRAME : t->n;
    rep->keep_start = rep->speech_start > pad ? rep->speech_start - pad : 0;
    rep->keep_end = t->n - rep->speech_end > pad ? rep->speech_end + pad : t->n;
    return 1;
}

double rec_bang_db(const float *frame_db, const unsigned char *active, size_t nframes)
{
    float *heard = malloc((nframes ? nframes : 1) * sizeof *heard);
    if (!heard)
        return 1e9;
    size_t k = 0;
    for (size_t f = 0; f < nframes; f++)
        if (active[f] == 2)
            heard[k++] = frame_db[f];
    qsort(heard, k, sizeof *heard, rec_cmp_float);
    double bound = k ? heard[k / 2] + REC_BURST_DB : 1e9;
    free(heard);
    return bound;
}

/* Mean square of the speech frames (bangs left out: rec_bang_db) of a
 * signal given as floats xf or as samples xi (the other NULL); offset is
 * where the signal starts in the take. */
static double rec_speech_mean_square(const RecTake *t, const float *xf, const int16_t *xi,
                                     size_t offset, size_t len)
{
    double sum = 0.0;
    size_t count = 0;
    for (size_t f = 0; f < t->nframes; f++) {
        if (!t->active[f] || t->frame_db[f] > t->burst_db)
            continue;
        size_t a = f * REC_FRAME, b = a + REC_FRAME;
        for (size_t i = a < offset ? offset : a; i < b && i < offset + len; i++) {
            double v = xf ? xf[i - offset] : xi[i - offset];
            sum += v * v;
            count++;
        }
    }
    return count ? sum / (double)count : 0.0;
}

/* ------------------------------------------------------------- limiter */

typedef struct { size_t i; float v; } RecSlot;

/* g[i] := min(g[i .. i+look-1]), in place, with a monotonic queue of (index, value). */
static int rec_running_min(float *g, size_t m, size_t look)
{
    RecSlot *q = malloc((look + 1) * sizeof *q);
    if (!q)
        return -1;
    size_t head = 0, count = 0, next = 0, cap = look + 1;
    for (size_t i = 0; i < m; i++) {
        size_t want = i + look - 1 < m ? i + look - 1 : m - 1;
        for (; next <= want; next++) {
            while (count && q[(head + count - 1) % cap].v >= g[next])
                count--;
            q[(head + count) % cap] = (RecSlot){ next, g[next] };
            count++;
        }
        while (q[head].i < i) {
            head = (head + 1) % cap;
            count--;
        }
        g[i] = q[head].v;
    }
    free(q);
    return 0;
}

/* g[i] := the mean of g[i - look + 1 .. i] (1 before the start): a ramp of
 * look samples at each step. 0 ok, -1 out of memory. */
static int rec_box(float *g, size_t m, size_t look)
{
    float *ring = malloc(look * sizeof *ring);
    if (!ring)
        return -1;
    for (size_t k = 0; k < look; k++)
        ring[k] = 1.0f;
    double sum = (double)look;
    for (size_t i = 0; i < m; i++) {
        sum += g[i] - ring[i % look];
        ring[i % look] = g[i];
        g[i] = (float)(sum / (double)look);
    }
    free(ring);
    return 0;
}

/* Slow release, then a box filter of length look over the past (see top). */
static int rec_smooth_gain(float *g, size_t m, size_t look)
{
    double a = 1.0 - exp(-1.0 / (REC_RELEASE_MS * 0.001 * REC_RATE));
    double r = 1.0;
    for (size_t i = 0; i < m; i++) {
        r = fmin(g[i], r + (1.0 - r) * a);
        g[i] = (float)r;
    }
    return rec_box(g, m, look);
}

/* Fade-in and fade-out factor at position i of m. */
static double rec_fade(size_t i, size_t m)
{
    size_t fade = REC_RATE * REC_FADE_MS / 1000;
    size_t edge = i < m - 1 - i ? i : m - 1 - i;
    return edge >= fade ? 1.0 : (double)edge / (double)fade;
}

/* y = x * gain * fade, limited to the ceiling, and no frame louder than
 * REC_HOLD_DB over the target (a bang is held down with the voice's words
 * around it left as they are); frame_db gives the levels of the frames x
 * begins within at frame offset f0 (x starts at sample f0 * REC_FRAME).
 * 0 ok, -1 out of memory. */
static int rec_limit(const float *x, size_t m, double gain, const float *frame_db,
                     size_t nframes, size_t f0, int16_t *y, double *held)
{
    const double ceiling = REC_FULL * pow(10.0, REC_CEILING_DB / 20.0);
    const size_t look = REC_RATE * REC_LOOKAHEAD_MS / 1000;
    const double gain_db = 20.0 * log10(gain), hold = REC_TARGET_DB + REC_HOLD_DB;
    float *g = malloc(m * sizeof *g);
    float *h = malloc(m * sizeof *h);
    if (!g || !h) {
        free(g);
        free(h);
        return -1;
    }
    size_t over = 0;
    for (size_t i = 0; i < m; i++) {
        size_t f = f0 + i / REC_FRAME;
        double loud = f < nframes ? frame_db[f] + gain_db : REC_SILENCE_DB;
        h[i] = loud > hold ? (float)pow(10.0, (hold - loud) / 20.0) : 1.0f;
        over += loud > hold;
    }
    *held = (double)over / REC_RATE;
    /* A bang's hold is its frames' own, reached and left within look either
     * side, so the words after it are not ducked; the peaks of what is held
     * are then limited, with a slow release (no pumping on a voice). */
    int rc = rec_running_min(h, m, 2 * look) | rec_box(h, m, look);
    for (size_t i = 0; rc == 0 && i < m; i++) {
        double v = fabs(x[i] * gain * rec_fade(i, m) * h[i]);
        g[i] = v > ceiling ? (float)(ceiling / v) : 1.0f;
    }
    rc = rc || rec_running_min(g, m, look) || rec_smooth_gain(g, m, look);
    for (size_t i = 0; rc == 0 && i < m; i++)
        g[i] *= h[i];
    free(h);
    if (rc != 0) {
        free(g);
        return -1;
    }
    const double bound = floor(ceiling);
    for (size_t i = 0; i < m; i++) {
        double v = nearbyint(x[i] * gain * rec_fade(i, m) * g[i]);
        /* Float rounding may leave a peak a fraction of a step over; never more. */
        y[i] = (int16_t)fmax(-bound, fmin(bound, v));
    }
    free(g);
    return 0;
}

/* ------------------------------------------------------------- process */

static void rec_free_take(RecTake *t)
{
    free(t->x);
    free(t->frame_db);
    free(t->active);
}

/* A run of speech that is mostly a bang (at least half its heard frames
 * over t->burst_db: a door, a cough alone) is no speech, when the take has
 * speech besides: the take is not kept out to it. Its frames are still held
 * down (rec_limit) wherever they fall. */
static void rec_drop_bangs(RecTake *t)
{
    size_t f = 0, runs = 0, dropped = 0;
    while (f < t->nframes) {
        if (!t->active[f]) {
            f++;
            continue;
        }
        size_t start = f, heard = 0, bangs = 0;
        for (; f < t->nframes && t->active[f]; f++) {
            heard += t->active[f] == 2;
            bangs += t->active[f] == 2 && t->frame_db[f] > t->burst_db;
        }
        runs++;
        if (bangs * 2 >= heard && bangs > 0) {
            memset(t->active + start, 3, f - start);    /* marked, undone below if alone */
            dropped++;
        }
    }
    for (f = 0; f < t->nframes; f++)
        if (t->active[f] == 3)
            t->active[f] = dropped < runs ? 0 : 2;
}

/* DC block, frame levels, floor, speech marks. 0 ok, -1 out of memory. */
static int rec_analyse(RecTake *t)
{
    t->nframes = (t->n + REC_FRAME - 1) / REC_FRAME;
    t->x = malloc(t->n * sizeof *t->x);
    t->frame_db = malloc(t->nframes * sizeof *t->frame_db);
    t->active = malloc(t->nframes);
    if (!t->x || !t->frame_db || !t->active)
        return -1;
    rec_dc_block(t);
    rec_frame_levels(t);
    if (rec_speech_frames(t->frame_db, t->nframes, t->active, &t->noise_db) != 0)
        return -1;
    t->burst_db = rec_bang_db(t->frame_db, t->active, t->nframes);
    rec_drop_bangs(t);
    return 0;
}

/* Cut, level and limit the kept range into a new buffer. */
static RecStatus rec_render(const RecTake *t, RecReport *rep, int16_t **out, size_t *out_len)
{
    size_t m = rep->keep_end - rep->keep_start;
    double ms = rec_speech_mean_square(t, t->x, NULL, 0, t->n);
    rep->speech_db = rec_db_of_mean_square(ms);
    rep->gain_db = fmax(-REC_MAX_GAIN_DB, fmin(REC_MAX_GAIN_DB, REC_TARGET_DB - rep->speech_db));
    int16_t *y = malloc(m * sizeof *y);
    /* keep_start is a whole number of frames (rec_find_speech: frames less
     * whole-frame padding, or 0), so x's frames are the take's from f0. */
    size_t f0 = rep->keep_start / REC_FRAME;
    if (!y || rec_limit(t->x + rep->keep_start, m, pow(10.0, rep->gain_db / 20.0), t->frame_db,
                        t->nframes, f0, y, &rep->held_seconds) != 0) {
        free(y);
        return REC_NO_MEMORY;
    }
    rep->out_speech_db = rec_db_of_mean_square(
        rec_speech_mean_square(t, NULL, y, rep->keep_start, m));
    rep->out_peak_db = rec_peak_db(y, m);
    rep->out_seconds = (double)m / REC_RATE;
    *out = y;
    *out_len = m;
    return REC_OK;
}

RecStatus rec_process(const int16_t *in, size_t n, int16_t **out, size_t *out_len,
                      RecReport *rep)
{
    RecReport local;
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    rep->noise_db = rep->speech_db = rep->out_speech_db = rep->out_peak_db = REC_SILENCE_DB;
    rep->in_seconds = (double)n / REC_RATE;
    *out = NULL;
    *out_len = 0;
    if (n > REC_MAX_SAMPLES)
        return REC_TOO_LONG;
    if (!in || n == 0)
        return REC_SILENT;
    RecTake t = { .in = in, .n = n };
    RecStatus st = REC_NO_MEMORY;
    if (rec_analyse(&t) == 0) {
        rep->noise_db = t.noise_db;
        st = rec_find_speech(&t, rep) ? rec_render(&t, rep, out, out_len) : REC_SILENT;
    }
    if (st == REC_OK && rep->speech_end > rep->speech_start) {
        size_t at_top = 0;
        for (size_t i = rep->speech_start; i < rep->speech_end && i < n; i++)
            at_top += in[i] >= 32700 || in[i] <= -32700;
        rep->clipped = (double)at_top / (double)(rep->speech_end - rep->speech_start);
    }
    rec_free_take(&t);
    return st;
}

/* ----------------------------------------------------------- resample */

int16_t *rec_to_mono48k(const int16_t *in, size_t frames, int rate, int channels,
                        size_t *out_len, int *too_long)
{
    *out_len = 0;
    if (too_long)
        *too_long = 0;
    if (!in || frames == 0 || rate < 8000 || rate > 192000 || channels < 1 || channels > 8)
        return NULL;
    double len = ceil((double)frames * REC_RATE / rate);
    if (len > (double)REC_MAX_SAMPLES) {
        if (too_long)
            *too_long = 1;
        return NULL;
    }
    size_t m = (size_t)len;
    int16_t *out = malloc(m * sizeof *out);
    if (!out)
        return NULL;
    double step = (double)rate / REC_RATE;
    for (size_t i = 0; i < m; i++) {
        double pos = (double)i * step;
        size_t k = (size_t)pos;
        size_t k1 = k + 1 < frames ? k + 1 : frames - 1;
        double frac = pos - (double)k, a = 0.0, b = 0.0;
        for (int c = 0; c < channels; c++) {
            a += in[k * (size_t)channels + (size_t)c];
            b += in[k1 * (size_t)channels + (size_t)c];
        }
        out[i] = (int16_t)lrint((a + (b - a) * frac) / channels);
    }
    *out_len = m;
    return out;
}
