/* align — when each word of a page is spoken in its recording.
 *
 * The method is aeneas's: a synthetic voice reads the same words and says
 * where each of its words starts (the caller gets those from espeak-ng, see
 * engine/sys/synth.h); both signals become MFCC frames (mfcc.h); dynamic time
 * warping inside a band (dtw.h) pairs the synthetic frames with the
 * recording's; each synthetic word start is carried through the warping path.
 * The warping's local cost adds to the MFCC distance the difference in how
 * much voice the two frames hold (each against its own noise floor), so a
 * pause pairs with a pause or a stop's closure; and waiting on one frame
 * while the other signal goes through a quiet stretch is cheap, so a pause one
 * reader makes and the other does not costs little wherever it falls and the
 * words either side decide the path by their sound. Where the path stays on a
 * word's first synthetic frame for many recording frames (the parent paused,
 * or drew a sound out), the word is placed after the last pause among them:
 * the highlight a toddler sees must never run ahead of the voice, so when
 * unsure, late; each cue is lit a hop after its frame for the same reason.
 * A false start (a stretch of voice the voice after the next pause repeats
 * from its start, where the reading does not repeat itself) is taken as
 * nothing said and the page warped again, so the words pair with the repeat.
 *
 * Without a synthetic voice (a language espeak-ng has none for), the words are
 * spread by syllable weight over the frames where the recording has voice
 * (energy above the room's noise), so pauses get no words, and each start
 * is refined to the onset within +-60 ms.
 *
 * Cues come out in order, inside the audio, one per word, never two at the
 * same moment; align_vtt() writes them as WebVTT with a NOTE line that marks
 * the file as made here (align_vtt_is_ours()), so a hand-made timing file is
 * never overwritten unasked. No SDL, no I/O. */
#ifndef HUSHABYE_ALIGN_H
#define HUSHABYE_ALIGN_H

#include <stddef.h>

#include "dtw.h"
#include "mfcc.h"

#define ALIGN_MAX_WORDS   2000
#define ALIGN_REFINE_S    0.060        /* boundaries move at most this far */
#define ALIGN_MAX_BYTES   (12u << 20)  /* the warping's memory budget */
#define ALIGN_NOTE        "NOTE made by hushabye-story align"

typedef struct {
    double start, end;    /* seconds; start < 0 in a synthetic word: no sound of its own */
} AlignWord;

typedef struct {
    int band;             /* frames either side of the diagonal */
    size_t dtw_bytes;     /* memory the warping used */
    int spread;           /* 1: words spread by syllables (no synthetic voice or warping) */
} AlignStats;

/* The words of a page's text: split at white space, as the player lights
 * them. Fills starts/lens (byte ranges of text) up to max; returns the count. */
int align_split(const char *text, size_t len, size_t *starts, size_t *lens, int max);

/* Syllable weight of a word (groups of vowels, at least 1): for spreading. */
int align_syllables(const char *w, size_t len);

/* Map the synthetic words' starts (syn_words[k].start, seconds in the
 * synthetic audio whose frames are syn) onto the recording (frames rec,
 * rec_seconds long). out[k] gets each word's start and end in the recording.
 * 0, or -1 when warping was impossible (memory); then use align_spread(). */
int align_map(const Mfcc *syn, const AlignWord *syn_words, int n, const Mfcc *rec,
              double rec_seconds, AlignWord *out, AlignStats *stats);

/* Spread n words with the given syllable weights over the recording's voiced
 * frames, refined to onsets, in order and inside the audio. */
void align_spread(const Mfcc *rec, const int *weights, int n, double rec_seconds,
                  AlignWord *out);

/* The first and last frame with voice (energy above the noise), -1 when none:
 * none also when the recording is digital silence, quieter than -60 dB of
 * full scale at its loudest, or a steady sound (white noise, hiss) whose
 * loudest frame is within 6 dB of its quiet ones. */
void align_voiced(const Mfcc *rec, int *first, int *last, float *threshold_db);
/* How long the voice is, in seconds: the frames over align_voiced's
 * threshold between its first and last (0 when there is none). */
double align_voiced_seconds(const Mfcc *rec);
/* Seconds of voice a word needs, at least: a recording with less than this
 * for each word of the page (a beep, then silence) is not timed. */
#define ALIGN_MIN_WORD_VOICE 0.08

/* Move t (seconds) to the onset within +-ALIGN_REFINE_S: just after the
 * latest frame there whose energy is within 3 dB of the window's quietest.
 * For spreading (align_spread), where a start is only a guess; a warped start
 * is better left where the path put it (it was measured: the refinement moved
 * good starts past weak first sounds, an s, an h, a th). */
double align_refine(const Mfcc *rec, double t);

/* The cues as WebVTT: the ALIGN_NOTE line, then one cue per word with the
 * word exactly as written (words holding "-->", which WebVTT cannot carry, are
 * left out). *out malloc'ed, NUL-terminated; 0, or -1 when memory ran out. */
int align_vtt(const char *text, const size_t *starts, const size_t *lens,
              const AlignWord *w, int n, char **out, size_t *len);

/* 1 when buf[0..len) is a .vtt this aligner wrote (its NOTE line), else 0. */
int align_vtt_is_ours(const char *buf, size_t len);

#endif
