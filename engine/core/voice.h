/* voice — one sound being mixed: gain ramps, pause, stop and the end, in plain buffers.
 *
 * The player's audio thread adds every voice (the two narration voices, the
 * lullaby) into the device's buffer. What a voice does there is pure
 * arithmetic, kept here so it is tested without a sound card: it pulls stereo
 * float frames at the device rate from its source (the edge decodes and
 * resamples), multiplies them by a gain that moves in a straight ramp towards
 * its target (every start a short fade-in, every stop a fade-out, pausing and
 * ducking too: nothing starts or stops with a click), and adds them into the
 * mix. A voice ends when its source runs dry (voice_ended: the narration
 * finished) or when a stop's fade reaches silence (voice_done). A paused voice
 * fades to silence and then stops pulling, so it resumes where it paused. */
#ifndef HUSHABYE_VOICE_H
#define HUSHABYE_VOICE_H

#include <stddef.h>
#include <stdint.h>

/* Fill out with up to frames stereo frames (2 floats each); fewer means the
 * source has ended. */
typedef size_t (*VoicePull)(void *user, float *out, size_t frames);

typedef enum { VOICE_IDLE, VOICE_PLAYING, VOICE_STOPPING, VOICE_DONE } VoiceState;

#define VOICE_SCRATCH 1024   /* frames pulled per step */

typedef struct {
    VoicePull pull;
    void *user;
    VoiceState state;
    float gain;          /* now */
    float level;         /* wanted while playing (0..1) */
    float step;          /* gain change per frame while ramping (> 0) */
    int paused;
    int ended;           /* the source ran dry (not stopped) */
    float duck_db;       /* ducking now, dB (<= 0), on top of the gain */
    float duck_target;   /* where the ducking is heading, dB */
    float duck_step;     /* dB per frame while the ducking ramps (> 0) */
    float duck_gain;     /* duck_db as a factor */
    float scratch[VOICE_SCRATCH * 2];
} Voice;

/* Start v from silence towards level over fade_frames (at least 1). */
void voice_start(Voice *v, VoicePull pull, void *user, float level, size_t fade_frames);
/* Fade to silence over fade_frames, then done (0 frames: at once). */
void voice_stop(Voice *v, size_t fade_frames);
/* Pause (fade to silence and hold the place) or resume (fade back in). */
void voice_pause(Voice *v, int pause, size_t fade_frames);
/* Move the level (ducking, volume) over fade_frames. */
void voice_set_level(Voice *v, float level, size_t fade_frames);
/* Add up to frames of v into mix (stereo float, 2 per frame). Returns the
 * frames the source gave (less than frames when it ended or v is not sounding). */
size_t voice_mix(Voice *v, float *mix, size_t frames);
/* Finished, by its source running dry or a stop's fade: nothing more to mix. */
int voice_done(const Voice *v);
/* Finished because the source ran dry (the narration's natural end). */
int voice_ended(const Voice *v);

/* Ducking: the lullaby under the narration. While the narration speaks the
 * music sits VOICE_DUCK_BELOW dB under it (WCAG 1.4.7 asks 20 dB of a
 * background under speech); the ducking moves in a ramp straight in
 * decibels (each step sounds the same size) over VOICE_DUCK_RAMP seconds,
 * down and back up, never switched. It multiplies the voice's own gain, so
 * a fade-in, a fade-out or a volume change go on underneath it. */
#define VOICE_DUCK_BELOW 20.0
#define VOICE_DUCK_RAMP  0.75

/* Move v's ducking to db (<= 0; above 0 counts as 0) over fade_frames (0:
 * at once). The same target again leaves a ramp under way as it is. */
void voice_duck(Voice *v, float db, size_t fade_frames);
/* The ducking (dB, <= 0) that puts a lullaby whose own level is music_rel
 * of the narration's (0..1) VOICE_DUCK_BELOW dB under the narration; 0 when
 * it is that quiet already. */
double voice_duck_db(double music_rel);
/* The lullaby's level relative to the narration's, in dB, while the
 * narration speaks (speaking = 1) or between pages (0). For the trace. */
double voice_music_db(double music_rel, int speaking);

/* A sound's natural end, softened: out holds n stereo frames of a source
 * that has left frames still to give, out[0]'s included; those among the
 * last fade frames are scaled down in a straight line to the last at
 * 1 / fade. A recording that stops mid-sound (an import cut short, a
 * damaged file) then ends without a click; one that ends in silence is
 * unchanged to the ear. */
#define VOICE_TAIL_MS 12
void voice_tail(float *out, size_t n, size_t left, size_t fade);

/* Add the mix (n floats) into 16-bit samples, saturating instead of wrapping. */
void voice_add_s16(int16_t *restrict dst, const float *restrict mix, size_t n);

/* A looping sound's seam. Music starts again at its end, and a lullaby cut
 * from a longer song does not end where it begins: joined as they are, the
 * two ends made a click at every loop all night. So the last
 * frames of each pass are held back (seam_feed gives all but them), and at
 * the end (seam_end) they are crossfaded with the first frames of the next
 * pass as those come: the loop is that much shorter, and never steps. At
 * the source's rate and channels (1 or 2), before resampling. */
#define VOICE_SEAM_MAX 1920   /* frames held: 10 ms at 192 kHz */

typedef struct {
    int channels;
    size_t frames;            /* held back at the end of a pass (at most VOICE_SEAM_MAX) */
    size_t held;              /* frames in hold now */
    size_t ending, joined;    /* the last pass's end, and how much of it is crossfaded */
    float hold[VOICE_SEAM_MAX * 2];
    float end[VOICE_SEAM_MAX * 2];
} VoiceSeam;

/* Crossfade frames (clamped to VOICE_SEAM_MAX; 0: none) of channels. */
void seam_init(VoiceSeam *s, int channels, size_t frames);
/* A block of n frames decoded (x is changed: the start of a pass is
 * crossfaded into); out gets the frames to play now, at most n. Returns
 * how many. */
size_t seam_feed(VoiceSeam *s, float *x, size_t n, float *out);
/* The pass has ended and the sound starts again: what was held back is
 * crossfaded into the next pass's first frames. */
void seam_end(VoiceSeam *s);
/* The sound ends for good: what was held back, into out (at most
 * s->frames). Returns how many. */
size_t seam_flush(VoiceSeam *s, float *out);

#endif
