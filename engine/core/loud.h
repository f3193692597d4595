/* loud — every recording played at one loudness, measured from its opening.
 *
 * A studio take is levelled when it is made (rec.h: its speech at
 * REC_TARGET_DB). A story's own recordings come from anywhere: a phone at
 * full scale, a quiet laptop microphone, a sound effect mastered loud. Played
 * as they were made, one page could come 20 dB above the last; at bedtime
 * that is a startle. So before a recording plays, its first LOUD_SECONDS are
 * decoded and measured here, and the player plays the whole recording at the
 * gain that brings that level to the target:
 *   - the level of a voice is the RMS of its speech frames, found by the same
 *     rule that levels a studio take (rec_speech_frames), so a take measures
 *     at the target and is played as it is;
 *   - a sound with no pauses to tell speech from the room (music, a steady
 *     effect) is the RMS of its sounding frames (above LOUD_QUIET_DB, and
 *     within LOUD_RANGE_DB of its loudest);
 *   - a voice may be raised at most LOUD_RAISE_DB and cut at most LOUD_CUT_DB;
 *     music and a hotspot's sound are only ever cut (LOUD_SOUND), never made
 *     louder than they were made;
 *   - a raise never takes the measured peak over LOUD_CEILING_DB, and what
 *     plays later is guarded too (loud_apply lowers the gain, never raises it);
 *   - the mean of the measured samples is the recording's DC offset (a cheap
 *     microphone's), taken away from every sample, so its fades do not thump.
 * Nothing heard at all (digital silence) leaves the gain at 0 dB.
 *
 * Plain arithmetic on float samples, no SDL, no allocation: the caller owns
 * the Loud (about 50 KB) and feeds it decoded blocks. */
#ifndef HUSHABYE_LOUD_H
#define HUSHABYE_LOUD_H

#include <stddef.h>
#include <stdint.h>

#include "rec.h"

#define LOUD_FRAMES      1500            /* frames of REC_FRAME_MS measured ... */
#define LOUD_SECONDS     (LOUD_FRAMES * REC_FRAME_MS / 1000.0)   /* ... from the opening: 15 s */
#define LOUD_TARGET_DB   REC_TARGET_DB   /* as a studio take */
#define LOUD_RAISE_DB    12.0
#define LOUD_CUT_DB      30.0
#define LOUD_CEILING_DB  REC_CEILING_DB
#define LOUD_QUIET_DB    (-60.0)         /* frames below this are not sound */
#define LOUD_RANGE_DB    30.0
#define LOUD_NONE_DB     (-120.0)        /* a level when nothing was heard */
#define LOUD_GUARD_FRAMES 64             /* a lowered guard is reached over this */

typedef enum {
    LOUD_VOICE,   /* narration, the closing words: raised or cut to the target */
    LOUD_SOUND    /* music, a hotspot's sound: only ever cut */
} LoudUse;

typedef struct {
    int rate, channels;       /* as fed */
    size_t frame_len;         /* samples of a 10 ms frame at rate */
    size_t nframes;           /* whole frames measured */
    size_t in_frame;          /* samples in the frame being filled */
    double fsum, fsq;         /* its sum and sum of squares (the channels' mean) */
    double sum[LOUD_FRAMES];  /* each frame's sum and sum of squares */
    double sq[LOUD_FRAMES];
    double total[2];          /* every sample measured, per channel (the DC) */
    uint64_t count;           /* frames of samples measured */
    float hi[2], lo[2];       /* the highest and lowest sample, per channel */
} Loud;

typedef struct {
    float dc[2];              /* the offset, per channel (taken away) */
    double level_db;          /* speech or sound RMS, DC removed; LOUD_NONE_DB when silent */
    double peak_db;           /* highest |sample - dc| */
    double gain_db;           /* what it plays at */
    double seconds;           /* how much was measured */
    int speech;               /* 1: level_db is the speech's; 0: the sounding frames' */
} LoudLevel;

/* Begin measuring a recording of channels (1 or 2) at rate samples a second. */
void loud_start(Loud *l, int rate, int channels);
/* Measure up to frames interleaved frames of x; returns how many were taken
 * (fewer once LOUD_SECONDS are measured: then loud_full is 1). */
size_t loud_feed(Loud *l, const float *x, size_t frames);
int loud_full(const Loud *l);
/* The level, and the gain it is played at, for its use. */
LoudLevel loud_level(const Loud *l, LoudUse use);

/* The gain as a factor, and the guard that keeps what plays under the
 * ceiling after the measured part. */
typedef struct {
    float dc[2];
    float gain;               /* now (a factor) */
    float ceiling;            /* full scale at LOUD_CEILING_DB */
    int channels;
} LoudPlay;

void loud_play_init(LoudPlay *p, const LoudLevel *lv, int channels);
/* In place on frames interleaved frames: x = (x - dc) * gain. When a raised
 * block would pass the ceiling, the gain is lowered to what fits, reached over
 * its first LOUD_GUARD_FRAMES (never a step), and stays lowered. */
void loud_apply(LoudPlay *p, float *x, size_t frames);

#endif
