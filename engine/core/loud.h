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
 *   - a stereo sound's level is the mean of its channels' powers, as it is
 *     heard (the mean of the channels would cancel one turned over);
 *   - a voice may be raised at most LOUD_RAISE_DB and cut at most LOUD_CUT_DB;
 *     music and a hotspot's sound are only ever cut (LOUD_SOUND), never made
 *     louder than they were made;
 *   - a raise never takes the measured peak over LOUD_CEILING_DB;
 *   - what plays after the measured opening is watched as it plays
 *     (loud_apply): a block LOUD_SUDDEN over the target is lowered at once
 *     (to LOUD_BLOCK_TO over it), and when the recent level (a second to
 *     grow, two to fade; silence leaves it as it is) is LOUD_STEADY over the
 *     target, the gain brings it back to the target and holds it there while
 *     the level still climbs. A studio take's stressed words never reach
 *     that (no bundled narration moves its gain at all); a page that changes
 *     its loudness does: a narration whispered for 15 s and then spoken up,
 *     music or a hotspot's sound that begins in silence. A new gain is
 *     reached over a few milliseconds, never a step. When the sound is
 *     LOUD_LOW under the target again the gain creeps back
 *     (LOUD_RECOVER_DB a second), never past what was measured. A peak a
 *     raise would take over the ceiling is rounded off under full scale, not
 *     clipped, and lowers nothing;
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
#define LOUD_SILENT_DB   (-50.0)         /* a recording never louder than this, its offset
                                          * taken away, is silence to a listener */
#define LOUD_GUARD_FRAMES 64             /* a new gain is reached over this many frames */
#define LOUD_SUDDEN      15.85           /* a block this much over the target (12 dB, power) ... */
#define LOUD_BLOCK_TO    2.0             /* ... is lowered to this much over it (3 dB) */
#define LOUD_STEADY      2.51            /* the recent level this much over (4 dB): to the target */
#define LOUD_LOW         0.5             /* under the target by this (3 dB): the gain may rise */
#define LOUD_ATTACK_SECONDS  1.0         /* how fast the recent level follows a louder sound */
#define LOUD_RELEASE_SECONDS 2.0         /* and a quieter one */
#define LOUD_RECOVER_DB  3.0             /* dB a second back towards the measured gain */

typedef enum {
    LOUD_VOICE,   /* narration, the closing words: raised or cut to the target */
    LOUD_SOUND    /* music, a hotspot's sound: only ever cut */
} LoudUse;

typedef struct {
    int rate, channels;       /* as fed */
    size_t frame_len;         /* samples of a 10 ms frame at rate */
    size_t nframes;           /* whole frames measured */
    size_t in_frame;          /* samples in the frame being filled */
    double fsum[2], fsq[2];   /* its sums and sums of squares, per channel */
    double sum[2][LOUD_FRAMES]; /* each frame's, per channel */
    double sq[2][LOUD_FRAMES];
    double total[2];          /* every sample measured, per channel (the DC) */
    double lag[2];            /* and the sum of x[i] x[i - 1] (hiss) */
    float prev[2];
    uint64_t count;           /* frames of samples measured */
    float hi[2], lo[2];       /* the highest and lowest sample, per channel */
} Loud;

typedef struct {
    float dc[2];              /* the offset, per channel (taken away) */
    double level_db;          /* speech or sound RMS, DC removed; LOUD_NONE_DB when silent */
    double peak_db;           /* highest |sample - dc| */
    double gain_db;           /* what it plays at */
    double seconds;           /* how much was measured */
    int speech;               /* 1: level_db is the speech's; 0: the sounding frames';
                               * LOUD_HISS: a voice that is only hiss (loud_hiss_gain) */
} LoudLevel;

/* A narration whose opening is only hiss (each sample no more like the one
 * before than LOUD_HISS_LIKE of its power: a file of random bytes, a white
 * noise where a voice should be) is damage, not a voice: played
 * LOUD_HISS_UNDER dB under the voice's target (at most LOUD_CUT_DB cut), so
 * a page of it is a faint hiss, not a burst of noise as loud as the voices.
 * Music and a hotspot's sound are left to be white noise if they are: it is
 * a lullaby some families choose. */
#define LOUD_HISS        2
#define LOUD_HISS_LIKE   0.2
#define LOUD_HISS_UNDER  30.0           /* (recordings at 16 kHz and over) */
double loud_hiss_gain(double level_db);

/* Begin measuring a recording of channels (1 or 2) at rate samples a second. */
void loud_start(Loud *l, int rate, int channels);
/* Measure up to frames interleaved frames of x; returns how many were taken
 * (fewer once LOUD_SECONDS are measured: then loud_full is 1). */
size_t loud_feed(Loud *l, const float *x, size_t frames);
int loud_full(const Loud *l);
/* The level, and the gain it is played at, for its use. */
LoudLevel loud_level(const Loud *l, LoudUse use);

/* What a parent is told of a recording whose loudest moment (its offset
 * taken away) is peak_db, measured over all of it (whole) or over its
 * opening LOUD_SECONDS only: written into out, a whole sentence, and 1; 0
 * when it can be heard. The player and check say it in the same words. */
int loud_silence_say(double peak_db, int whole, char *out, size_t n);
/* That gain from a level and a peak (dBFS): levels.h checks a kept one. */
double loud_gain(double level_db, double peak_db, LoudUse use);

/* A recording as it plays: its offsets, its gain, and the watch over what
 * comes after the measured opening. */
typedef struct {
    float dc[2];
    float gain;               /* now (a factor) */
    float nominal;            /* as measured: the watch never goes past it */
    float ceiling;            /* full scale at LOUD_CEILING_DB */
    float least;              /* LOUD_CUT_DB down: the watch goes no lower */
    double avg;               /* the sound's mean square over about the last second */
    int watching;             /* avg holds something heard */
    int tracking;             /* grown loud: held at the target while avg climbs */
    int channels, rate;
    float prev[2];            /* the last sample given out, per channel (loud_unbuzz) */
    int muted;                /* the last window was a buzz, muted */
    float muted_last[2];      /* its last samples as decoded */
    unsigned long buzzed;     /* windows muted so far */
} LoudPlay;

/* Damaged data (a broken MP3 frame, bytes of junk) can decode to a buzz:
 * samples swinging across zero at every step, loud. No recording has its
 * sound there: each sample less like the one before than unlike it
 * (LOUD_BUZZ_RATIO of its mean size) means energy near the top of the band.
 * Such a window of LOUD_BUZZ_MS is muted, with a fade either side: at any
 * rate when it swings by more than LOUD_BUZZ_STEP a sample; at 32 kHz and
 * over (where the top of the band is above 12 kHz, past any voice's
 * sibilants) also when it is LOUD_BUZZ_OVER dB over the last second. */
#define LOUD_BUZZ_MS     2.0
#define LOUD_BUZZ_RATIO  1.85
#define LOUD_BUZZ_STEP   1.0
#define LOUD_BUZZ_OVER   10.0

/* lv NULL: played as it is (and still watched). */
void loud_play_init(LoudPlay *p, const LoudLevel *lv, int channels, int rate);
/* In place on frames interleaved frames: x = (x - dc) * gain, the gain
 * watched as the block goes by (see the top). */
void loud_apply(LoudPlay *p, float *x, size_t frames);

#endif
