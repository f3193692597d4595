/* rec — a parent's take made ready for bedtime: trimmed, levelled, never clipped.
 *
 * Input and output are 48 kHz mono signed 16-bit samples (REC_RATE). One call,
 * rec_process(), does the whole chain:
 *   1. a DC/rumble blocker (cheap microphones often carry an offset);
 *   2. 10 ms frames, their RMS in dBFS, and a noise floor (a low percentile of
 *      the frame levels, so room hum is not mistaken for speech);
 *   3. speech detection with hysteresis (a higher level to start, a lower one
 *      to continue) and a hangover, so the soft end of a word is kept; bursts
 *      shorter than REC_MIN_BURST_MS (a click, the Enter key) are ignored;
 *   4. the take cut to the speech plus REC_PAD_SECONDS of room tone a side,
 *      with short fades at the cut so nothing clicks;
 *   5. a gain that brings the speech (active frames only, bangs left out: a
 *      frame 15 dB over the speech's median is a door or a cough) to
 *      REC_TARGET_DB RMS, within +/- REC_MAX_GAIN_DB;
 *   6. a look-ahead limiter (window REC_LOOKAHEAD_MS, slow release) that keeps
 *      every peak at or below REC_CEILING_DB without ever clipping, and every
 *      10 ms at most 9 dB over the target, so a bang is held under a startle.
 * A take with no speech in it is reported (REC_SILENT) and never amplified. */
#ifndef HUSHABYE_REC_H
#define HUSHABYE_REC_H

#include <stddef.h>
#include <stdint.h>

#define REC_RATE            48000
#define REC_MAX_SECONDS     300          /* longest take processed (5 minutes) */
#define REC_MAX_SAMPLES     ((size_t)REC_RATE * REC_MAX_SECONDS)
#define REC_PAGE_SECONDS    120          /* the recorder stops a page after 2 minutes */
#define REC_TARGET_DB       (-18.0)      /* RMS of the speech after levelling */
#define REC_CEILING_DB      (-1.0)       /* no sample above this */
#define REC_PAD_SECONDS     0.4          /* room tone kept before and after the words */
#define REC_MAX_GAIN_DB     36.0         /* a whisper is raised at most this much */
#define REC_FRAME_MS        10
#define REC_MIN_BURST_MS    60
#define REC_LOOKAHEAD_MS    5

typedef enum {
    REC_OK = 0,
    REC_SILENT,      /* no speech found: nothing written to *out */
    REC_TOO_LONG,    /* more than REC_MAX_SAMPLES */
    REC_NO_MEMORY
} RecStatus;

typedef struct {
    double noise_db;        /* estimated noise floor of the take, dBFS */
    double speech_db;       /* RMS of the speech as recorded, dBFS */
    double gain_db;         /* gain applied before the limiter */
    double out_speech_db;   /* RMS of the speech in the result, dBFS */
    double out_peak_db;     /* highest sample of the result, dBFS */
    size_t speech_start;    /* first speech sample in the input */
    size_t speech_end;      /* one past the last speech sample in the input */
    size_t keep_start;      /* the kept range of the input (speech plus padding) */
    size_t keep_end;
    double in_seconds, out_seconds;
    double clipped;         /* share of the speech's samples at full scale in the input */
    double held_seconds;    /* how much of the result was held down as a bang (rec.c) */
} RecReport;

/* A voice this much quieter than REC_TARGET_DB after levelling was too quiet
 * to be raised all the way (REC_MAX_GAIN_DB): the report says so. */
#define REC_SHORT_DB        3.0
/* A take with more of its speech at full scale than this was too loud for
 * the microphone (flattened peaks sound rough whatever the levelling does). */
#define REC_CLIPPED_SHARE   0.005

/* Trim and level n samples. On REC_OK *out is a malloc'ed buffer of *out_len
 * samples (the caller frees it). On any other status *out is NULL. rep is
 * always filled as far as the analysis got (may be NULL). */
RecStatus rec_process(const int16_t *in, size_t n, int16_t **out, size_t *out_len,
                      RecReport *rep);

/* Level in dBFS of a block, for a meter: RMS and peak (-120 for digital silence). */
double rec_rms_db(const int16_t *s, size_t n);
double rec_peak_db(const int16_t *s, size_t n);

/* Steps 2 and 3 of the chain on levels already measured: frame_db holds the
 * RMS of nframes REC_FRAME_MS frames in dBFS; *noise_db gets the floor and
 * active[f] is nonzero for each frame of speech (2 heard, 1 its hangover).
 * loud.h measures a stored recording's speech with the same rule, so a
 * studio take is played at the level it was levelled to. 0 ok, -1 out of
 * memory. */
/* A bang in a take (a door, a cough, a knock on the microphone) is no part
 * of the voice's level: the frames more than REC_BURST_DB over the median
 * of the frames heard as speech (active 2). With a 0.25 s door slam counted,
 * a quiet voice was left at -35 dBFS and the slam played 22 dB over it. The
 * bound in dBFS (1e9 when nothing was heard); the frames over it are still
 * speech for trimming, never for the level. */
#define REC_BURST_DB        15.0
double rec_bang_db(const float *frame_db, const unsigned char *active, size_t nframes);

int rec_speech_frames(const float *frame_db, size_t nframes, unsigned char *active,
                      double *noise_db);

/* Plain words for a status ("no speech was heard"). */
const char *rec_status_text(RecStatus st);

/* Convert interleaved signed 16-bit audio (any rate 8000..192000, 1..8 channels)
 * to 48 kHz mono by averaging the channels and interpolating linearly. Returns a
 * malloc'ed buffer and its length in *out_len, or NULL (out of memory, bad
 * arguments, or the result longer than REC_MAX_SAMPLES: *too_long set then). */
int16_t *rec_to_mono48k(const int16_t *in, size_t frames, int rate, int channels,
                        size_t *out_len, int *too_long);

#endif
