/* mfcc — mel-frequency cepstral frames of a voice, computed as it streams in.
 *
 * The aligner (align.h) compares a recording with a synthetic reading of the
 * same words frame by frame; MFCCs describe what is being said and little of
 * who says it or how loudly. The samples arrive in blocks at any rate:
 * mfcc_feed() resamples them to MFCC_RATE (down: the average of the source
 * samples in each output period, enough anti-aliasing for a 26-band
 * filterbank that stops at 8 kHz; up: linear interpolation), applies
 * pre-emphasis and keeps only the last window's worth of samples, so a long
 * take is never held in memory, only its frames (56 bytes per 10 ms). Each frame: a 25 ms Hamming window every
 * 10 ms, a 512-point FFT, 26 triangular mel filters, the log of each, and a
 * DCT-II to MFCC_COEFS coefficients; beside it the frame's energy in dB of full
 * scale, for voice activity and for finding the quiet gaps between words.
 * mfcc_finish() subtracts the mean of each coefficient over the frames with
 * voice (cepstral mean normalisation), so a phone's microphone and espeak's
 * voice compare fairly however much each pauses. */
#ifndef HUSHABYE_MFCC_H
#define HUSHABYE_MFCC_H

#include <stddef.h>

#define MFCC_RATE   16000
#define MFCC_WIN    400          /* 25 ms at MFCC_RATE */
#define MFCC_HOP    160          /* 10 ms */
#define MFCC_COEFS  13
#define MFCC_FFT    512
#define MFCC_BANDS  26
#define MFCC_FRAME_SECONDS ((double)MFCC_HOP / MFCC_RATE)
#define MFCC_MAX_FRAMES 120000   /* 20 minutes: more is refused, never grown */
#define MFCC_CMN_DB 20.0f        /* frames this near the loudest set the mean */

typedef struct {
    /* results */
    float *coef;          /* nframes * MFCC_COEFS, malloc'ed */
    float *energy_db;     /* nframes: frame energy, dB of full scale (-100 for silence) */
    int nframes;
    int cap;
    int failed;           /* memory ran out or MFCC_MAX_FRAMES was passed */
    /* streaming state */
    double step;          /* source samples per output sample */
    double pos;           /* position of the next output sample, in source samples */
    double acc;           /* box average under way */
    int acc_n;
    float last_in;        /* previous box value, for interpolation */
    int have_last;
    double src_index;     /* source samples consumed so far */
    float prev;           /* for pre-emphasis */
    float win[MFCC_WIN];  /* the last MFCC_WIN resampled, pre-emphasised samples */
    int fill;             /* samples in win */
    int since;            /* samples since the last frame */
    /* tables, filled by mfcc_begin */
    float fbank[MFCC_BANDS][MFCC_FFT / 2 + 1];
    float dct[MFCC_COEFS][MFCC_BANDS];
    float hamming[MFCC_WIN];
    float twr[MFCC_FFT / 2], twi[MFCC_FFT / 2];
} Mfcc;

/* Start for samples at rate (AUDIO_MIN_RATE..AUDIO_MAX_RATE). 0, or -1 for a
 * rate out of range. */
int mfcc_begin(Mfcc *m, int rate);
/* Feed n mono samples (-1..1). Frames are added to m as windows fill. */
void mfcc_feed(Mfcc *m, const float *x, size_t n);
/* The last partial window is padded with silence into one more frame, and the
 * coefficients are mean-normalised. 0, or -1 when m->failed. */
int mfcc_finish(Mfcc *m);
void mfcc_free(Mfcc *m);

/* The frames of a whole buffer at once (tests, the synthetic voice). */
int mfcc_of(const float *x, size_t n, int rate, Mfcc *m);

/* The distance between frame i of a and frame j of b: Euclidean over
 * coefficients 1..12 (c0 follows loudness, which says nothing of the words). */
float mfcc_distance(const Mfcc *a, int i, const Mfcc *b, int j);

#endif
