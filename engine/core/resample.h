/* resample — a sound's samples at the device's rate, in plain float buffers.
 *
 * A narration recorded at 24 kHz, an imported 44.1 kHz take or a 96 kHz
 * lullaby all play on a 48 kHz device. The audio thread changes their rate
 * here, with a polyphase windowed-sinc filter: every output frame is a dot
 * product of RESAMPLE_TAPS input frames (more when going down, so the cut
 * stays at the lower rate's edge) with one of L precomputed phases of a
 * Kaiser-windowed sinc, where out/in = L/M in lowest terms. The phases step
 * by whole numbers, so nothing drifts and no division runs per frame; each
 * phase sums to exactly 1, so silence and steady levels pass unchanged.
 *
 * Why not SDL_AudioStream: SDL2's resampler costs three integer divisions
 * and a scalar ten-tap loop per sample; it was a quarter of the audio
 * thread's time on a night of 24 kHz narration (docs/cheap.md). This one's
 * dot products are plain loops the compiler vectorises.
 *
 * Put decoded frames in (1 or 2 channels, interleaved), get stereo frames
 * out (a mono source sounds in both ears). Output frame n is the sound at
 * input time n * M / L exactly: no delay is added. After resample_end() the
 * last frames come out, ceil(frames in * L / M) in all. No SDL here. */
#ifndef HUSHABYE_RESAMPLE_H
#define HUSHABYE_RESAMPLE_H

#include <stddef.h>
#include <stdint.h>

#define RESAMPLE_TAPS      48     /* taps a phase when going up (a multiple of 8) */
#define RESAMPLE_MAX_TAPS  512    /* going down from a high rate: at most these */
#define RESAMPLE_MAX_PHASES 1024  /* L above this: the nearest ratio with L below */
#define RESAMPLE_BLOCK     4096   /* input frames it holds beside the taps */

typedef struct Resampler Resampler;

/* From in_rate to out_rate (both 1000..400000 samples a second), channels 1
 * or 2 in. NULL when a rate or the channels are out of range, or no memory. */
Resampler *resample_new(int in_rate, int out_rate, int channels);
void resample_free(Resampler *r);

/* Input frames that resample_put would take now (at least RESAMPLE_BLOCK
 * less what is waiting to be read out; 0 once ended). */
size_t resample_room(const Resampler *r);
/* Take up to frames input frames (channels floats each); returns how many. */
size_t resample_put(Resampler *r, const float *in, size_t frames);
/* The input has ended: what is left of it comes out, then nothing. */
void resample_end(Resampler *r);
/* Up to frames stereo frames (2 floats each) into out; returns how many.
 * Fewer means more input is needed (or, once ended, that all is out). */
size_t resample_get(Resampler *r, float *out, size_t frames);
/* Everything put in has come out, after resample_end. */
int resample_done(const Resampler *r);
/* The frames resample_get would give now, with no more input. */
size_t resample_ready(const Resampler *r);
/* Once ended: the frames still to come out, exactly (so a sound's last
 * milliseconds can be faded before they are mixed). Before: SIZE_MAX. */
size_t resample_left(const Resampler *r);

/* The ratio it uses, out/in = l/m (lowest terms; the nearest with l at most
 * RESAMPLE_MAX_PHASES when the exact one is larger), and its taps a phase. */
void resample_ratio(const Resampler *r, unsigned *l, unsigned *m, unsigned *taps);

#endif
