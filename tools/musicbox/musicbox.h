/* musicbox.h — a small music-box synthesiser for the bundled lullaby.
 *
 * Pure: notes in, float samples out; no file, no clock, no global state. A
 * note is a plucked steel tine: a sine at its pitch with two quieter
 * overtones, each dying away on its own (the higher ones sooner), so a held
 * tune sounds like a music box and never like an organ. The start of every
 * note is a raised-cosine swell of MB_ATTACK_MIN_S or more, so no note
 * clicks: the lullaby plays under a sleepy child's narration, and a sharp
 * transient is exactly what would make them look up. The end of every note is
 * a short fade to silence, so nothing is cut off with a step either.
 *
 * The tunes are public-domain melodies (Brahms' Wiegenlied, 1868; "Twinkle,
 * Twinkle, Little Star", an 18th-century French air) written here as note
 * numbers and beats; tools/make-lullaby.sh renders one with the tiny program
 * in main.c and encodes it for the stories' `music`. */
#ifndef HUSHABYE_MUSICBOX_H
#define HUSHABYE_MUSICBOX_H

#include <stddef.h>

#define MB_ATTACK_MIN_S 0.010   /* the softest start the renderer allows */
#define MB_MAX_SECONDS  600.0   /* a render is refused beyond this length */

typedef struct {
    double start_s;     /* when the tine is plucked, seconds from the start */
    double length_s;    /* how long it rings before its release */
    double freq_hz;     /* its pitch */
    double velocity;    /* 0..1: how hard it is plucked */
} MbNote;

typedef struct {
    int rate;           /* samples a second */
    double attack_s;    /* the swell at the start of each note (>= MB_ATTACK_MIN_S) */
    double release_s;   /* the fade at the end of each note */
    double decay_s;     /* the fundamental's time to fall to 1/e */
    double peak;        /* the loudest sample of the whole render, 0..1 */
    double tail_s;      /* silence-to-be after the last note, for a seamless loop */
} MbParams;

/* A tune: note numbers (MIDI, 60 = middle C; 0 a rest) with their beats. */
typedef struct {
    int note;
    double beats;
} MbStep;

typedef struct {
    const char *name;       /* "brahms", "twinkle", "chime" */
    const char *title;
    const MbStep *steps;
    size_t count;
    double bpm;             /* beats a minute it is meant to be played at */
} MbTune;

/* The defaults the bundled lullaby is rendered with: 24000 Hz, a 15 ms
 * attack, an 80 ms release, 0.9 s decay, peaks at 0.5 (-6 dBFS), 0.5 s tail. */
void mb_params_default(MbParams *p);

/* The frequency of a MIDI note number in equal temperament (69 = A4 = 440 Hz). */
double mb_midi_hz(int note);

/* The tune called name, or NULL when there is none. */
const MbTune *mb_tune(const char *name);

/* The i-th built-in tune (for listing them), NULL past the last. */
const MbTune *mb_tune_at(size_t i);

/* Turn tune into notes played at bpm (the tune's own when bpm <= 0), repeated
 * `repeats` times (>= 1) with velocities that rise and fall a little along each
 * phrase. Writes at most max notes into out; returns how many the tune has
 * (more than max means out was too small and holds the first max). */
size_t mb_arrange(const MbTune *tune, double bpm, int repeats, MbNote *out, size_t max);

/* How many samples mb_render writes for these notes: to the end of the last
 * note's release, plus the tail. 0 when the parameters are out of range (rate
 * outside 8000..192000, attack under MB_ATTACK_MIN_S, release or decay not
 * positive, peak outside (0, 1]) or the render would pass MB_MAX_SECONDS. */
size_t mb_length(const MbNote *notes, size_t n, const MbParams *p);

/* Render the notes into out (len samples, mono float, at most 1.0 in
 * magnitude), then scale the whole so its loudest sample is p->peak. Returns
 * 0, or -1 when the parameters are out of range (as mb_length) or len is not
 * mb_length(notes, n, p). Notes with a frequency at or above half the rate, or
 * none at all, are left out silently. */
int mb_render(const MbNote *notes, size_t n, const MbParams *p, float *out, size_t len);

#endif
