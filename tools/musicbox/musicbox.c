/* musicbox.c — the music-box synthesiser and its tunes (see musicbox.h).
 *
 * Each note is added into the output on its own: three partials of a steel
 * tine (the fundamental, the octave and the tine's inharmonic bending mode at
 * 5.4 times the pitch, as on a real comb), each an exponentially decaying
 * sine, all under one envelope that swells in with a raised cosine and fades
 * out with one. Notes overlap freely, as a comb's tines ring on together; the
 * sum is then scaled once so the loudest sample is the peak asked for, which
 * keeps the level of a render independent of how many notes meet. */
#include "musicbox.h"

#include <math.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* The tine's partials: frequency ratio, level, and how much sooner it dies. */
static const struct { double ratio, level, decay_div; } partials[] = {
    { 1.0, 1.00, 1.0 },
    { 2.0, 0.25, 2.0 },
    { 5.4, 0.06, 6.0 },
};

/* Brahms, Wiegenlied op. 49 no. 4 (1868), in C with the tune an octave and a
 * half above middle C, where a music box plays. The two-quaver upbeat comes
 * first and the last bar is short by it, so the tune loops seamlessly. */
static const MbStep brahms[] = {
    { 76, .5 }, { 76, .5 },
    { 79, 2 }, { 76, .5 }, { 76, .5 },
    { 79, 2 }, { 76, .5 }, { 79, .5 },
    { 84, 1 }, { 83, 1.5 }, { 81, .5 },
    { 81, 1 }, { 79, 1 }, { 74, .5 }, { 76, .5 },
    { 77, 1 }, { 74, 1 }, { 74, .5 }, { 76, .5 },
    { 77, 2 }, { 74, .5 }, { 77, .5 },
    { 83, .5 }, { 81, .5 }, { 79, 1 }, { 83, 1 },
    { 84, 2 }, { 72, .5 }, { 72, .5 },
    { 84, 2 }, { 81, .5 }, { 77, .5 },
    { 79, 2 }, { 76, .5 }, { 72, .5 },
    { 77, 1 }, { 79, 1 }, { 81, 1 },
    { 79, 2 }, { 72, .5 }, { 72, .5 },
    { 84, 2 }, { 81, .5 }, { 77, .5 },
    { 79, 2 }, { 76, .5 }, { 72, .5 },
    { 77, 1 }, { 76, 1 }, { 74, 1 },
    { 72, 2 },
};

/* "Twinkle, Twinkle, Little Star" (the French air "Ah! vous dirai-je, maman"). */
static const MbStep twinkle[] = {
    { 72, 1 }, { 72, 1 }, { 79, 1 }, { 79, 1 }, { 81, 1 }, { 81, 1 }, { 79, 2 },
    { 77, 1 }, { 77, 1 }, { 76, 1 }, { 76, 1 }, { 74, 1 }, { 74, 1 }, { 72, 2 },
    { 79, 1 }, { 79, 1 }, { 77, 1 }, { 77, 1 }, { 76, 1 }, { 76, 1 }, { 74, 2 },
    { 79, 1 }, { 79, 1 }, { 77, 1 }, { 77, 1 }, { 76, 1 }, { 76, 1 }, { 74, 2 },
    { 72, 1 }, { 72, 1 }, { 79, 1 }, { 79, 1 }, { 81, 1 }, { 81, 1 }, { 79, 2 },
    { 77, 1 }, { 77, 1 }, { 76, 1 }, { 76, 1 }, { 74, 1 }, { 74, 1 }, { 72, 4 },
};

/* Three rising notes: a soft "hello" for a tap on a picture. */
static const MbStep chime[] = {
    { 84, .5 }, { 88, .5 }, { 91, 2 },
};

static const MbTune tunes[] = {
    { "brahms", "Brahms' Lullaby (Wiegenlied)", brahms, sizeof brahms / sizeof brahms[0], 72 },
    { "twinkle", "Twinkle, Twinkle, Little Star", twinkle, sizeof twinkle / sizeof twinkle[0], 76 },
    { "chime", "A three-note chime", chime, sizeof chime / sizeof chime[0], 96 },
};

void mb_params_default(MbParams *p)
{
    p->rate = 24000;
    p->attack_s = 0.015;
    p->release_s = 0.08;
    p->decay_s = 0.9;
    p->peak = 0.5;
    p->tail_s = 0.5;
}

double mb_midi_hz(int note)
{
    return 440.0 * pow(2.0, (note - 69) / 12.0);
}

const MbTune *mb_tune(const char *name)
{
    for (size_t i = 0; i < sizeof tunes / sizeof tunes[0]; i++)
        if (strcmp(tunes[i].name, name) == 0)
            return &tunes[i];
    return NULL;
}

const MbTune *mb_tune_at(size_t i)
{
    return i < sizeof tunes / sizeof tunes[0] ? &tunes[i] : NULL;
}

size_t mb_arrange(const MbTune *tune, double bpm, int repeats, MbNote *out, size_t max)
{
    if (bpm <= 0)
        bpm = tune->bpm;
    if (repeats < 1)
        repeats = 1;
    double beat = 60.0 / bpm, total = 0;
    for (size_t i = 0; i < tune->count; i++)
        total += tune->steps[i].beats;
    size_t n = 0;
    double t = 0;
    for (int r = 0; r < repeats; r++) {
        double at = 0;
        for (size_t i = 0; i < tune->count; i++, n++) {
            const MbStep *s = &tune->steps[i];
            if (n < max) {
                /* A phrase swells a little towards its middle and settles at its end,
                 * as a hand-wound box slows and softens; the last time round is softer. */
                double phase = fmod(at, total / 4) / (total / 4);
                double v = 0.72 + 0.18 * sin(M_PI * phase);
                if (r == repeats - 1 && repeats > 1)
                    v *= 0.85;
                out[n].start_s = t;
                /* A tine rings past its beat; the next pluck does not stop it. */
                out[n].length_s = s->beats * beat + 0.6;
                out[n].freq_hz = s->note > 0 ? mb_midi_hz(s->note) : 0;
                out[n].velocity = s->note > 0 ? v : 0;
            }
            at += s->beats;
            t += s->beats * beat;
        }
    }
    return n;
}

static int params_ok(const MbParams *p)
{
    return p->rate >= 8000 && p->rate <= 192000 && p->attack_s >= MB_ATTACK_MIN_S &&
           p->attack_s < 10 && p->release_s > 0 && p->release_s < 10 && p->decay_s > 0 &&
           p->peak > 0 && p->peak <= 1.0 && p->tail_s >= 0 && p->tail_s < 60;
}

size_t mb_length(const MbNote *notes, size_t n, const MbParams *p)
{
    if (!params_ok(p))
        return 0;
    double end = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(notes[i].start_s >= 0) || !(notes[i].length_s >= 0))
            return 0;
        double e = notes[i].start_s + notes[i].length_s + p->release_s;
        if (e > end)
            end = e;
    }
    end += p->tail_s;
    if (end > MB_MAX_SECONDS)
        return 0;
    return (size_t)ceil(end * p->rate);
}

/* The envelope of a note t seconds after its pluck: the swell, the ring, the fade. */
static double envelope(double t, double length, const MbParams *p)
{
    double g = 1.0;
    if (t < p->attack_s)
        g = 0.5 - 0.5 * cos(M_PI * t / p->attack_s);
    if (t > length)
        g *= t >= length + p->release_s ? 0.0
                                        : 0.5 + 0.5 * cos(M_PI * (t - length) / p->release_s);
    return g;
}

/* Add one note into out[0..len). */
static void add_note(const MbNote *note, const MbParams *p, float *out, size_t len)
{
    size_t first = (size_t)ceil(note->start_s * p->rate);
    size_t count = (size_t)ceil((note->length_s + p->release_s) * p->rate);
    for (size_t k = 0; k < count && first + k < len; k++) {
        double t = (double)(first + k) / p->rate - note->start_s;
        double s = 0;
        for (size_t j = 0; j < sizeof partials / sizeof partials[0]; j++) {
            double f = note->freq_hz * partials[j].ratio;
            if (f >= p->rate / 2.0)
                continue;
            s += partials[j].level * exp(-t * partials[j].decay_div / p->decay_s) *
                 sin(2 * M_PI * f * t);
        }
        out[first + k] += (float)(note->velocity * envelope(t, note->length_s, p) * s);
    }
}

int mb_render(const MbNote *notes, size_t n, const MbParams *p, float *out, size_t len)
{
    size_t want = mb_length(notes, n, p);
    if (want == 0 || len != want)
        return -1;
    memset(out, 0, len * sizeof *out);
    for (size_t i = 0; i < n; i++)
        if (notes[i].freq_hz > 0 && notes[i].freq_hz < p->rate / 2.0 && notes[i].velocity > 0)
            add_note(&notes[i], p, out, len);
    float top = 0;
    for (size_t i = 0; i < len; i++)
        if (fabsf(out[i]) > top)
            top = fabsf(out[i]);
    if (top > 0) {
        float k = (float)(p->peak / top);
        for (size_t i = 0; i < len; i++)
            out[i] *= k;
    }
    return 0;
}
