/* align — see align.h. Times and frames: frame k covers the samples from
 * k * MFCC_HOP for MFCC_WIN samples, so it stands for the moment at its
 * centre, k * hop + win / 2; the same offset on both sides cancels out. */
#include "align.h"
#include "ascii.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN_HALF_WIN ((double)MFCC_WIN / 2.0 / MFCC_RATE)
#define ALIGN_MIN_CUE 0.02     /* shortest cue: 20 ms, so every word has one */

static int frame_of(const Mfcc *m, double t)
{
    int f = (int)lround((t - ALIGN_HALF_WIN) / MFCC_FRAME_SECONDS);
    if (f < 0)
        f = 0;
    if (f > m->nframes - 1)
        f = m->nframes - 1;
    return f;
}

static double time_of(int f)
{
    return f * MFCC_FRAME_SECONDS + ALIGN_HALF_WIN;
}

int align_split(const char *text, size_t len, size_t *starts, size_t *lens, int max)
{
    int n = 0;
    size_t i = 0;
    while (i < len && n < max) {
        while (i < len && ascii_isspace((unsigned char)text[i]))
            i++;
        size_t s = i;
        while (i < len && !ascii_isspace((unsigned char)text[i]) && text[i] != '\0')
            i++;
        if (i > s) {
            starts[n] = s;
            lens[n] = i - s;
            n++;
        }
        if (i < len && text[i] == '\0')
            break;
    }
    return n;
}

static int is_vowel(unsigned char c)
{
    /* Non-ASCII letters in Latin scripts are mostly accented vowels (é, à, ü);
     * in other scripts each character counts, which is near enough for weight. */
    return strchr("aeiouyAEIOUY", c) != NULL || c >= 0xC0;
}

int align_syllables(const char *w, size_t len)
{
    int n = 0, in = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c == 0)
            break;
        if ((c & 0xC0) == 0x80)
            continue;   /* UTF-8 continuation: part of the character before */
        int digit = ascii_isdigit(c);   /* a digit is said as a word of its own */
        int wide = c >= 0xE0;                /* scripts without Latin vowels: a character each */
        int v = is_vowel(c) || digit;
        if (v && (!in || digit || wide))
            n++;
        in = v;
    }
    return n < 1 ? 1 : n > 20 ? 20 : n;
}

void align_voiced(const Mfcc *rec, int *first, int *last, float *threshold_db)
{
    *first = *last = -1;
    if (rec->nframes <= 0)
        return;
    /* The room's noise: the 10th percentile of frame energy (a histogram in
     * 1 dB steps, so no copy of the frames is sorted). */
    int hist[101] = { 0 };
    float peak = -100.0f;
    for (int i = 0; i < rec->nframes; i++) {
        float e = rec->energy_db[i];
        int b = (int)(e + 100.0f);
        hist[b < 0 ? 0 : b > 100 ? 100 : b]++;
        if (e > peak)
            peak = e;
    }
    int want = rec->nframes / 10, seen = 0, floor_b = 0;
    for (; floor_b < 100 && seen + hist[floor_b] <= want; floor_b++)
        seen += hist[floor_b];
    float noise = (float)floor_b - 100.0f;
    float thr = noise + 12.0f;
    if (thr < peak - 40.0f)
        thr = peak - 40.0f;
    if (thr > peak - 6.0f)
        thr = peak - 6.0f;
    if (threshold_db)
        *threshold_db = thr;
    for (int i = 0; i < rec->nframes; i++)
        if (rec->energy_db[i] > thr) {
            if (*first < 0)
                *first = i;
            *last = i;
        }
}

double align_refine(const Mfcc *rec, double t)
{
    if (rec->nframes <= 0)
        return t;
    int reach = (int)lround(ALIGN_REFINE_S / MFCC_FRAME_SECONDS);
    int c = frame_of(rec, t);
    int lo = c - reach < 0 ? 0 : c - reach;
    int hi = c + reach > rec->nframes - 1 ? rec->nframes - 1 : c + reach;
    float quiet = 1e9f;
    for (int i = lo; i <= hi; i++)
        if (rec->energy_db[i] < quiet)
            quiet = rec->energy_db[i];
    int onset = -1;
    for (int i = hi; i >= lo && onset < 0; i--)
        if (rec->energy_db[i] <= quiet + 3.0f)
            onset = i;
    /* Steady sound across the window (no gap): the mapped moment stands. */
    float loud = -1e9f;
    for (int i = lo; i <= hi; i++)
        if (rec->energy_db[i] > loud)
            loud = rec->energy_db[i];
    if (loud - quiet < 6.0f || onset < 0)
        return t;
    /* The quiet frame's window ends before the sound; the sound begins within
     * the next hop: half of it on (never early by more than half a hop). */
    return onset * MFCC_FRAME_SECONDS + (double)MFCC_WIN / MFCC_RATE + MFCC_FRAME_SECONDS / 2;
}

/* Starts in order and at least ALIGN_MIN_CUE apart, inside the audio; each
 * word ends where the next starts (the last at its own end or the audio's). */
static void align_settle(AlignWord *w, int n, double seconds)
{
    for (int k = 0; k < n; k++) {
        if (w[k].start < 0)
            w[k].start = 0;
        if (k > 0 && w[k].start < w[k - 1].start + ALIGN_MIN_CUE)
            w[k].start = w[k - 1].start + ALIGN_MIN_CUE;
    }
    for (int k = n - 1; k >= 0; k--) {
        double room = seconds - ALIGN_MIN_CUE * (n - k);
        if (w[k].start > room)
            w[k].start = room > 0 ? room : 0;
    }
    for (int k = 0; k < n; k++) {
        double end = k + 1 < n ? w[k + 1].start : w[k].end;
        if (k + 1 == n && (end <= w[k].start + ALIGN_MIN_CUE || end > seconds))
            end = seconds;
        if (end < w[k].start + ALIGN_MIN_CUE * 0.5)
            end = w[k].start + ALIGN_MIN_CUE * 0.5;
        w[k].end = end;
    }
}

typedef struct {
    const Mfcc *a, *b;
} AlignPair;

/* A word's first synthetic frame matched recording frames first..last: a
 * run, when the parent paused or drew the sound out. A pause inside the run
 * (voice after a quiet frame) means the word starts after it: the latest
 * such rise. Without one the sound was drawn out, and the word starts with
 * the run. */
static int align_run_onset(const Mfcc *rec, float thr, int first, int last)
{
    for (int f = last; f > first; f--)
        if (rec->energy_db[f] > thr && rec->energy_db[f - 1] <= thr)
            return f;
    return first;
}

static float align_dist(const void *user, int i, int j)
{
    const AlignPair *p = user;
    return mfcc_distance(p->a, i, p->b, j);
}

/* espeak-ng's word event comes where the word's data begins, which for the
 * first word of a sentence is before the pause that precedes it: the word's
 * sound starts at the first voiced frame from there (before the next word). */
static int align_syn_onset(const Mfcc *syn, float thr, int f, int limit)
{
    for (int g = f; g < limit && g < syn->nframes; g++)
        if (syn->energy_db[g] > thr)
            return g;
    return f;
}

/* A word is not spoken in silence, nor does it begin just before a pause: a
 * start the path put in a pause, or within 100 ms before one (a phrase break
 * the parent made and the synthetic voice did not, where the end of one word
 * matched the start of the next), moves on to where the voice comes back, but
 * not past where the next word was mapped. Late rather than early. */
#define ALIGN_PAUSE_FRAMES 8    /* 80 ms of quiet is a pause */
#define ALIGN_PAUSE_AHEAD 10    /* looked for up to 100 ms after the start */
static int align_voice_after(const Mfcc *rec, float thr, int j, int limit)
{
    for (int q = j; q <= j + ALIGN_PAUSE_AHEAD && q < limit && q < rec->nframes; q++) {
        if (rec->energy_db[q] > thr)
            continue;
        int g = q;
        while (g < rec->nframes && rec->energy_db[g] <= thr)
            g++;
        if (g - q >= ALIGN_PAUSE_FRAMES && g < limit && g < rec->nframes)
            return g;
        q = g;
    }
    return j;
}

/* The synthetic frame where the next word with a time of its own starts. */
static int align_next_start(const AlignWord *w, int n, int k)
{
    for (int j = k + 1; j < n; j++)
        if (w[j].start >= 0 && w[j].start > w[k].start)
            return (int)lround((w[j].start - ALIGN_HALF_WIN) / MFCC_FRAME_SECONDS);
    return 1 << 30;
}

int align_map(const Mfcc *syn, const AlignWord *syn_words, int n, const Mfcc *rec,
              double rec_seconds, AlignWord *out, AlignStats *stats)
{
    AlignStats st = { 0 };
    if (syn->nframes <= 0 || rec->nframes <= 0 || n <= 0)
        return -1;
    st.band = dtw_band_for(syn->nframes, rec->nframes, ALIGN_MAX_BYTES);
    AlignPair pair = { syn, rec };
    DtwPath path;
    if (dtw_band(syn->nframes, rec->nframes, st.band, align_dist, &pair, &path) != 0)
        return -1;
    st.dtw_bytes = path.bytes;
    int vf, vl;
    float thr = 0.0f, sthr = 0.0f;
    align_voiced(rec, &vf, &vl, &thr);
    align_voiced(syn, &vf, &vl, &sthr);
    double prev_end = 0.0;
    for (int k = 0; k < n; k++) {
        double s = syn_words[k].start;
        if (s < 0) {
            /* A word with no sound of its own ("-"): it follows the one before. */
            out[k].start = prev_end;
        } else {
            int i = align_syn_onset(syn, sthr, frame_of(syn, s),
                                    align_next_start(syn_words, n, k));
            int j = align_run_onset(rec, thr, path.first[i], path.last[i]);
            int limit = k + 1 < n && syn_words[k + 1].start >= 0
                            ? path.last[frame_of(syn, syn_words[k + 1].start)]
                            : rec->nframes - 1;
            out[k].start = align_refine(rec, time_of(align_voice_after(rec, thr, j, limit)));
        }
        double e = syn_words[k].end;
        out[k].end = e > 0 ? time_of(path.first[frame_of(syn, e)]) : out[k].start;
        prev_end = out[k].end > out[k].start ? out[k].end : out[k].start;
    }
    dtw_path_free(&path);
    align_settle(out, n, rec_seconds);
    if (stats)
        *stats = st;
    return 0;
}

/* A share that ends a few voiced frames before a pause belongs after it:
 * words do not start at the tail of a sound (the count of voiced frames is
 * only near a word's true length). The next rise after a quiet gap of 50 ms
 * or more, if within ALIGN_SNAP voiced frames. */
#define ALIGN_SNAP 12
static int align_snap(const Mfcc *rec, float thr, int f, int last)
{
    int voiced = 0, quiet = 0;
    for (int g = f; g <= last && voiced <= ALIGN_SNAP; g++) {
        if (rec->energy_db[g] > thr) {
            if (quiet >= 5)
                return g;
            voiced++;
            quiet = 0;
        } else {
            quiet++;
        }
    }
    return f;
}

void align_spread(const Mfcc *rec, const int *weights, int n, double rec_seconds,
                  AlignWord *out)
{
    int first, last;
    float thr = 0.0f;
    align_voiced(rec, &first, &last, &thr);
    long voiced = 0, total = 0;
    for (int i = first; first >= 0 && i <= last; i++)
        voiced += rec->energy_db[i] > thr;
    for (int k = 0; k < n; k++)
        total += weights[k] > 0 ? weights[k] : 1;
    long cum = 0;
    int f = first;
    long seen = 0;
    for (int k = 0; k < n; k++) {
        /* The frame where this word's share of the voiced frames begins. */
        long target = total ? voiced * cum / total : 0;
        while (f >= 0 && f < last && (seen < target || rec->energy_db[f] <= thr)) {
            seen += rec->energy_db[f] > thr;
            f++;
        }
        if (f >= 0)
            f = align_snap(rec, thr, f, last);
        if (first < 0)
            out[k].start = rec_seconds * (double)cum / (double)(total ? total : 1);
        else
            out[k].start = align_refine(rec, f * MFCC_FRAME_SECONDS);
        out[k].end = first < 0 ? out[k].start : time_of(last);
        cum += weights[k] > 0 ? weights[k] : 1;
    }
    align_settle(out, n, rec_seconds);
}

/* "mm:ss.ttt" (or "hh:mm:ss.ttt" past an hour) into buf. */
static void stamp(double t, char *buf, size_t len)
{
    long ms = lround(t * 1000.0);
    if (ms < 0)
        ms = 0;
    if (ms >= 3600000L)
        snprintf(buf, len, "%02ld:%02ld:%02ld.%03ld", ms / 3600000L, ms / 60000 % 60,
                 ms / 1000 % 60, ms % 1000);
    else
        snprintf(buf, len, "%02ld:%02ld.%03ld", ms / 60000, ms / 1000 % 60, ms % 1000);
}

static int has_arrow(const char *w, size_t len)
{
    for (size_t i = 0; i + 3 <= len; i++)
        if (memcmp(w + i, "-->", 3) == 0)
            return 1;
    return 0;
}

int align_vtt(const char *text, const size_t *starts, const size_t *lens,
              const AlignWord *w, int n, char **out, size_t *len)
{
    size_t cap = 64 + strlen(ALIGN_NOTE);
    for (int k = 0; k < n; k++)
        cap += lens[k] + 64;
    char *buf = malloc(cap);
    *out = NULL;
    *len = 0;
    if (!buf)
        return -1;
    size_t at = (size_t)snprintf(buf, cap, "WEBVTT\n\n%s\n", ALIGN_NOTE);
    for (int k = 0; k < n; k++) {
        if (has_arrow(text + starts[k], lens[k]))
            continue;
        char a[24], b[24];
        stamp(w[k].start, a, sizeof a);
        stamp(w[k].end, b, sizeof b);
        at += (size_t)snprintf(buf + at, cap - at, "\n%s --> %s\n%.*s\n", a, b,
                               (int)lens[k], text + starts[k]);
    }
    *out = buf;
    *len = at;
    return 0;
}

int align_vtt_is_ours(const char *buf, size_t len)
{
    size_t note = strlen(ALIGN_NOTE);
    /* Within the first few lines: the header, a blank line, the NOTE. */
    for (size_t i = 0; i + note <= len && i < 256; i++)
        if ((i == 0 || buf[i - 1] == '\n') && memcmp(buf + i, ALIGN_NOTE, note) == 0)
            return 1;
    return 0;
}
