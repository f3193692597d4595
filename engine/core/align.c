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

#define ALIGN_SILENT_DB (-60.0f)   /* frame energy, dB of full scale */
#define ALIGN_STEADY_DB 6.0f

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
    /* No voice at all: digital silence or a recording too quiet to hold one
     * (below ALIGN_SILENT_DB at its loudest), or a steady sound (hiss, white
     * noise, a fan: its loudest frame within ALIGN_STEADY_DB of its quiet
     * ones, where speech, with its pauses and consonants, spans 20 dB or
     * more). Words timed over either would light at random. */
    if (peak < ALIGN_SILENT_DB || peak - noise < ALIGN_STEADY_DB)
        return;
    for (int i = 0; i < rec->nframes; i++)
        if (rec->energy_db[i] > thr) {
            if (*first < 0)
                *first = i;
            *last = i;
        }
}

double align_voiced_seconds(const Mfcc *rec)
{
    int first, last;
    float thr = 0.0f;
    align_voiced(rec, &first, &last, &thr);
    long n = 0;
    for (int i = first; first >= 0 && i <= last; i++)
        n += rec->energy_db[i] > thr;
    return n * MFCC_FRAME_SECONDS;
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

/* How much voice each frame holds: 0 at the room's noise (6 dB over the
 * floor align_voiced finds, or less), rising to 1 at 26 dB over it. Both
 * signals are measured against their own floor, so espeak's digital silence
 * and a room's hiss are both 0. */
static void align_activity(const Mfcc *m, float *act)
{
    int f, l;
    float thr = 0.0f;
    align_voiced(m, &f, &l, &thr);
    float base = thr - 12.0f + 6.0f;
    for (int i = 0; i < m->nframes; i++) {
        float a = (m->energy_db[i] - base) / 20.0f;
        act[i] = a < 0.0f ? 0.0f : a > 1.0f ? 1.0f : a;
    }
}

#define ALIGN_QUIET 0.05f   /* a frame with no more activity than this is quiet */
/* A cue is lit one hop after the moment of the frame the path gave its word:
 * the frame stands for 25 ms of sound and the word's first sound may begin
 * anywhere in it, and a highlight a little late is better than one early
 * (measured: 5 ms more median error, a quarter fewer cues 50 ms early). */
#define ALIGN_LAG MFCC_FRAME_SECONDS

/* The local cost of the warping: the MFCC distance (what is said) plus
 * ALIGN_W_ACT times the difference in activity, so that a pause is matched
 * with a pause or a stop's closure rather than with the quietest sound of a
 * word whose spectrum happens to be near the room's hiss. A held step (one
 * signal waits while the other goes on) over a quiet frame costs at most
 * ALIGN_HOLD_QUIET: a pause one reader makes and the other does not is
 * cheap to wait through wherever it falls, so the words either side decide
 * where the path goes, by their sound. */
#define ALIGN_W_ACT 10.0f
#define ALIGN_HOLD_QUIET 25.0f
#define ALIGN_FALSE_START 40.0f   /* about the distance of two unrelated frames */
typedef struct {
    const Mfcc *a, *b;
    const float *act_a, *act_b;
} AlignPair;

static float align_dist(const void *user, int i, int j)
{
    const AlignPair *p = user;
    if (p->act_b[j] < 0.0f)   /* a false start (align_restarts): like nothing said */
        return ALIGN_FALSE_START + ALIGN_W_ACT * p->act_a[i];
    return mfcc_distance(p->a, i, p->b, j) + ALIGN_W_ACT * fabsf(p->act_a[i] - p->act_b[j]);
}

static float align_hold(const void *user, int i, int j, float d, int right)
{
    const AlignPair *p = user;
    if (right && p->act_b[j] < 0.0f)   /* a false start: cheapest on the reading's pause */
        return ALIGN_HOLD_QUIET + ALIGN_W_ACT * p->act_a[i];
    float a = right ? p->act_b[j] : p->act_a[i];
    return a <= ALIGN_QUIET && d > ALIGN_HOLD_QUIET ? ALIGN_HOLD_QUIET : d;
}

/* How well the recording's frames a0..a1-1 match its frames from b0 on: the
 * mean cost a step of the best warping of them onto a stretch starting at b0
 * (any length up to twice theirs). The same voice saying the same words
 * twice matches far better than two different phrases. */
static float align_self_match(const Mfcc *rec, const float *act, int a0, int a1, int b0)
{
    int na = a1 - a0, nb = 2 * na + 20;
    if (b0 + nb > rec->nframes)
        nb = rec->nframes - b0;
    if (na <= 0 || nb <= 0)
        return 1e9f;
    float *row = malloc(2 * (size_t)nb * sizeof *row);
    if (!row)
        return 1e9f;
    float *prev = row, *cur = row + nb, best = 1e9f;
    for (int i = 0; i < na; i++) {
        for (int j = 0; j < nb; j++) {
            /* Two quiet frames are alike whatever the hiss's spectrum. */
            float d = act[a0 + i] <= ALIGN_QUIET && act[b0 + j] <= ALIGN_QUIET
                          ? 0.0f
                          : mfcc_distance(rec, a0 + i, rec, b0 + j) +
                                ALIGN_W_ACT * fabsf(act[a0 + i] - act[b0 + j]);
            float m = i == 0 && j == 0 ? 0.0f : 1e30f;
            if (i > 0 && prev[j] < m)
                m = prev[j];
            if (i > 0 && j > 0 && prev[j - 1] < m)
                m = prev[j - 1];
            if (j > 0 && cur[j - 1] < m)
                m = cur[j - 1];
            cur[j] = m + d;
        }
        float *t = prev;
        prev = cur;
        cur = t;
    }
    for (int j = 0; j < nb; j++)
        if (prev[j] / (float)(na + j + 1) < best)
            best = prev[j] / (float)(na + j + 1);
    free(row);
    return best;
}

/* A false start: the parent said the first words, paused, and began again.
 * A stretch of voice between two pauses (ALIGN_RESTART_GAP frames or more)
 * that the voice after the second pause repeats from its start (a mean step
 * cost under ALIGN_RESTART_MATCH) may be one. But books repeat themselves
 * ("Goodnight, moon. Goodnight, moon."): with a first warping (path), the
 * stretch of the reading paired with it is looked at, and when the reading
 * repeats that too (under ALIGN_RESTART_TEXT), the repeat is the text's. Otherwise (or with path NULL,
 * to count the candidates) the stretch is a false start, marked in act when
 * mark (-1: quiet, and like nothing said to the warping's cost, so the
 * reading's words pair with the repeat and the false start is waited
 * through like a pause), with a short sound just before it (a cough, an
 * "um": under ALIGN_RESTART_NOISE frames). Late rather than early. Returns
 * how many were found. */
#define ALIGN_RESTART_GAP 25
#define ALIGN_RESTART_MATCH 6.0f
#define ALIGN_RESTART_TEXT 9.0f   /* the reading repeats itself: wider, to be safe */
#define ALIGN_RESTART_NOISE 40
static int align_restarts(const Mfcc *rec, float *act, const Mfcc *syn, const float *sact,
                          const DtwPath *path, int mark)
{
    int found = 0;
    int prev_end = 0, prev_start = -1;   /* where the last pause ended, the one before began */
    int before = -1;                     /* where the voice before that pause began */
    for (int f = 0; f < rec->nframes;) {
        if (act[f] > ALIGN_QUIET) {
            f++;
            continue;
        }
        int g = f;
        while (g < rec->nframes && act[g] <= ALIGN_QUIET)
            g++;
        if (g - f >= ALIGN_RESTART_GAP) {
            int a0 = prev_end;
            while (a0 < f && act[a0] <= ALIGN_QUIET)
                a0++;
            int repeat = f - a0 >= 15 && f - a0 <= 300 && g < rec->nframes &&
                         align_self_match(rec, act, a0, f, g) < ALIGN_RESTART_MATCH;
            if (repeat && path) {
                /* The reading's frames paired with the stretch, and whether
                 * the reading says them again after them. */
                int i0 = 0, i1;
                while (i0 < path->n - 1 && path->last[i0] < a0)
                    i0++;
                i1 = i0;
                while (i1 < path->n - 1 && path->last[i1] < f)
                    i1++;
                /* The reading's repeat would follow its own pause, which
                 * the path may have paired a few frames off. */
                int s0 = i1;
                while (s0 < syn->nframes && s0 < i1 + 10 && sact[s0] > ALIGN_QUIET)
                    s0++;
                if (s0 < syn->nframes && sact[s0] > ALIGN_QUIET)
                    s0 = i1;
                while (s0 < syn->nframes && sact[s0] <= ALIGN_QUIET)
                    s0++;
                if (i1 - i0 >= 5 && s0 < syn->nframes &&
                    align_self_match(syn, sact, i0, i1, s0) < ALIGN_RESTART_TEXT)
                    repeat = 0;
            }
            if (repeat) {
                found++;
                if (before >= 0 && prev_start - before <= ALIGN_RESTART_NOISE)
                    a0 = before;
                for (int q = a0; mark && q < f; q++)
                    act[q] = -1.0f;
            }
            before = a0;
            prev_start = f;
            prev_end = g;
        }
        f = g;
    }
    return found;
}

/* No word starts in a false start, nor in the quiet just before one: a start
 * there moves on to the voice after it. */
static int align_past_false_start(const float *act, int nframes, int j)
{
    int g = j;
    while (g < nframes && act[g] >= 0.0f && act[g] <= ALIGN_QUIET)
        g++;
    if (g >= nframes || act[g] >= 0.0f)
        return j;
    while (g < nframes && act[g] <= ALIGN_QUIET)
        g++;
    return g < nframes ? g : j;
}

/* A word's first synthetic frame matched recording frames first..last: a
 * run, when the parent paused or drew the sound out. A pause inside the run
 * (voice after a quiet frame) means the word starts after it: the latest
 * such rise. Without one the sound was drawn out, and the word starts with
 * the run. */
static int align_run_onset(const float *act, int first, int last)
{
    for (int f = last; f > first; f--)
        if (act[f] > ALIGN_QUIET && act[f - 1] <= ALIGN_QUIET)
            return f;
    return first;
}

/* A start the path put on the first frame of a pause in the recording (the
 * parent paused where espeak does not, and the path waited on the word before
 * instead of this one): the word is said after the pause, so it is lit at the
 * voice after it, never through the pause. Only a quiet stretch of
 * ALIGN_PAUSE_FRAMES or more moves a start: a stop's closure or a weak first
 * sound (an h, an s) is shorter, and a start there stands. The voice must
 * come back before the recording ends. */
#define ALIGN_PAUSE_FRAMES 25   /* 250 ms */
#define ALIGN_PAUSE_TAIL 3      /* frames of the word before's fading end, at most */
static int align_out_of_pause(const float *act, int nframes, int j)
{
    if (j < 0)
        return j;
    int q = j;   /* the pause may begin a few frames on: the sound before fading out */
    while (q < nframes && q - j <= ALIGN_PAUSE_TAIL && act[q] > ALIGN_QUIET)
        q++;
    if (q >= nframes || act[q] > ALIGN_QUIET)
        return j;
    int e = q;
    while (e < nframes && act[e] <= ALIGN_QUIET)
        e++;
    return e - q >= ALIGN_PAUSE_FRAMES && e < nframes ? e : j;
}

/* espeak-ng's word event comes where the word's data begins, which for the
 * first word of a sentence is before the pause that precedes it: the word's
 * sound starts at the first frame with voice from there (before the next
 * word). */
static int align_syn_onset(const float *act, int nframes, int f, int limit)
{
    for (int g = f; g < limit && g < nframes; g++)
        if (act[g] > ALIGN_QUIET)
            return g;
    return f;
}

/* The synthetic frame where the next word with a time of its own starts. */
static int align_next_start(const AlignWord *w, int n, int k)
{
    for (int j = k + 1; j < n; j++)
        if (w[j].start >= 0 && w[j].start > w[k].start)
            return (int)lround((w[j].start - ALIGN_HALF_WIN) / MFCC_FRAME_SECONDS);
    return 1 << 30;
}

/* The warping's open end (dtw_band_open): a parent who says a sentence the
 * page does not have at its end ("Goodnight, my love.") would otherwise pull
 * the page's last words over it, lit 2 to 6 s late. The path may stop where
 * the reading ends when each frame left after it would cost more than this
 * share of the path's mean step. On bench/align_eval.py's "extra" pages (the
 * same takes with such a sentence after them) 0.5 to 0.8 all put every word
 * within 150 ms (95th percentile 74 ms against 3.2 s), with the other pages'
 * figures unchanged; 0.3 ended some pages early (the last words lit seconds
 * early) and 1.0 left some pages late. */
#define ALIGN_OPEN_SKIP 0.6

/* The recording is warped from a little before its voice starts to a little
 * after it ends (ALIGN_VOICE_MARGIN either side), not over all of it: the
 * band keeps the path near the diagonal, and a take that runs on in the
 * room's noise after the voice (a parent reaching for the button) drew the
 * diagonal, and with it the last words, into that noise: after a quick
 * reading with 5 s of noise after it the page's last four words were lit
 * 0.3 to 1.3 s after the voice had ended. */
#define ALIGN_VOICE_MARGIN 0.5

int align_map(const Mfcc *syn, const AlignWord *syn_words, int n, const Mfcc *whole,
              double rec_seconds, AlignWord *out, AlignStats *stats)
{
    AlignStats st = { 0 };
    if (syn->nframes <= 0 || whole->nframes <= 0 || n <= 0)
        return -1;
    float *act = malloc(((size_t)syn->nframes + (size_t)whole->nframes) * sizeof *act);
    Mfcc *rec = malloc(sizeof *rec);
    if (!act || !rec) {
        free(act);
        free(rec);
        return -1;
    }
    float *sa = act, *ra = act + syn->nframes;
    align_activity(syn, sa);
    align_activity(whole, ra);   /* against the whole take's noise floor */
    /* The voiced span, as a view of the take's frames from lo. */
    int first, last, lo = 0;
    align_voiced(whole, &first, &last, NULL);
    *rec = *whole;
    if (first >= 0) {
        int margin = (int)lround(ALIGN_VOICE_MARGIN / MFCC_FRAME_SECONDS);
        lo = first - margin < 0 ? 0 : first - margin;
        int hi = last + margin > whole->nframes - 1 ? whole->nframes - 1 : last + margin;
        rec->coef += (size_t)lo * MFCC_COEFS;
        rec->energy_db += lo;
        rec->nframes = hi - lo + 1;
        ra += lo;
    }
    st.band = dtw_band_for(syn->nframes, rec->nframes, ALIGN_MAX_BYTES);
    AlignPair pair = { syn, rec, sa, ra };
    DtwPath path;
    int rc = dtw_band_open(syn->nframes, rec->nframes, st.band, align_dist, align_hold, &pair,
                           ALIGN_OPEN_SKIP, &path);
    /* A take with a false start is warped again with it marked. */
    if (rc == 0 && align_restarts(rec, ra, NULL, NULL, NULL, 0) > 0 &&
        align_restarts(rec, ra, syn, sa, &path, 1) > 0) {
        dtw_path_free(&path);
        rc = dtw_band_open(syn->nframes, rec->nframes, st.band, align_dist, align_hold, &pair,
                           ALIGN_OPEN_SKIP, &path);
    }
    if (rc != 0) {
        free(act);
        free(rec);
        return -1;
    }
    st.dtw_bytes = path.bytes + ((size_t)syn->nframes + (size_t)whole->nframes) * sizeof *act;
    double prev_end = 0.0;
    for (int k = 0; k < n; k++) {
        if (syn_words[k].start < 0) {
            /* A word with no sound of its own ("-"): it follows the one before. */
            out[k].start = prev_end;
        } else {
            /* Its first synthetic frame with voice, and where the path took it:
             * after a pause the path waited through there. */
            int i = align_syn_onset(sa, syn->nframes, frame_of(syn, syn_words[k].start),
                                    align_next_start(syn_words, n, k));
            int j = align_past_false_start(ra, rec->nframes,
                                           align_run_onset(ra, path.first[i], path.last[i]));
            j = align_out_of_pause(ra, rec->nframes, j);
            out[k].start = time_of(lo + j) + ALIGN_LAG;
        }
        double e = syn_words[k].end;
        out[k].end = e > 0 ? time_of(lo + path.first[frame_of(syn, e)]) : out[k].start;
        prev_end = out[k].end > out[k].start ? out[k].end : out[k].start;
    }
    dtw_path_free(&path);
    free(act);
    free(rec);
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
        size_t cue = at + (size_t)snprintf(buf + at, cap - at, "\n%s --> %s\n", a, b), o = cue;
        /* The word's bytes without control characters (C0, DEL, C1): an ESC
         * from a pasted text would be a terminal's command in the file. */
        const unsigned char *p = (const unsigned char *)text + starts[k];
        for (size_t i = 0; i < lens[k]; i++) {
            if (p[i] < 0x20 || p[i] == 0x7f)
                continue;
            if (p[i] == 0xc2 && i + 1 < lens[k] && p[i + 1] >= 0x80 && p[i + 1] < 0xa0) {
                i++;
                continue;
            }
            buf[o++] = (char)p[i];
        }
        if (o == cue)
            continue;   /* nothing of the word is left to show */
        buf[o++] = '\n';
        buf[o] = '\0';
        at = o;
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
