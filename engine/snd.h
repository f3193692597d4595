/* snd — narration and music, streamed from the story folder, at the edge.
 *
 * Recordings are never decoded whole: each sound is a decoder (audio.h, the
 * one format its bytes were sniffed as) that the audio thread reads in blocks,
 * resamples to the device's rate (resample.h) and mixes as a voice
 * (voice.h: fades, pause, end) into SDL_mixer's output through Mix_SetPostMix.
 * A narration's length comes from its header before anything plays (the
 * virtual clock needs it); what is too long for a page (10 minutes) or for the
 * closing words (2 minutes) is refused then, in plain words. The end of a
 * narration is an SDL event pushed from the audio thread, stamped with a
 * generation number so a narration stopped early is never mistaken for the
 * current one ending. An SDL_mutex guards the voices while the main thread
 * swaps decoders in and out. */
#ifndef HUSHABYE_SND_H
#define HUSHABYE_SND_H

#include <SDL.h>
#include <SDL_mixer.h>

#include "audio.h"
#include "diag.h"
#include "levels.h"
#include "loud.h"
#include "pace.h"
#include "resample.h"
#include "voice.h"

/* Narration alternates between slots 0 and 1, music 2 and 3, a hotspot's
 * sound 4 and 5 (so each can fade out while the next begins). */
#define SND_SLOTS 6
#define SND_BLOCK 2048           /* frames decoded at a time */
#define SND_MUSIC_GONE  0.8      /* the music is gone at this part of the dimming */
#define SND_CLOSING_DB  (-6.0)   /* the lullaby steps back under the closing words */

/* One sound in the mix: its decoder, its resampler and its voice. */
typedef struct SndSlot {
    Voice voice;
    Audio *dec;
    Resampler *rs;
    int loop;                /* music starts again at its end */
    uint64_t since_rewind;   /* frames decoded since the last start (a loop guard) */
    uint64_t put_since;      /* and given to the resampler since then: a pass the seam
                              * held whole (shorter than it) gives none, and ends the loop */
    int generation;          /* the narration's, for its end event */
    int reported;            /* its end event has been pushed */
    void *bytes;             /* a copy the decoder reads from memory, or NULL */
    size_t tail;             /* frames its end is faded over */
    LoudPlay norm;           /* its offset taken away and its gain (loud.h) */
    float block[SND_BLOCK * 2]; /* one decoded block */
    VoiceSeam seam;          /* music: its loop's seam crossfaded (voice.h) */
    float joined[SND_BLOCK * 2]; /* a block through the seam */
} SndSlot;

typedef struct Snd {
    int open;
    Uint32 event;            /* SDL event type for "narration finished" */
    SDL_mutex *lock;         /* guards slot contents against the audio thread */
    SndSlot *slot[SND_SLOTS];
    int channel;             /* narration slot now in use (0 or 1) */
    int music_slot;          /* music slot now in use (2 or 3) */
    int narration_scene;
    int generation;          /* of the narration now playing */
    int next_generation;
    int music_on;            /* a lullaby is playing (for the trace) */
    uint64_t music_key;      /* its content (bookkey_of), to carry it into a story with the same */
    float duck_db;           /* how far it is lowered while the narration speaks */
    int tap_slot;            /* hotspot sound slot now in use (4 or 5) */
    int rate;                /* the device's frames a second */
    float *mix;              /* the audio thread's mixing buffer */
    size_t mix_frames;
    double volume;           /* ceiling 0..1 */
    double music_rel;        /* the music's own level under the ceiling */
    int silent;              /* 1 = read lengths but never play (virtual clock) */
    Loud *loud;              /* a recording's opening measured (main thread) */
    float *measure_block;    /* its decoded blocks */
    double gain_db;          /* the last recording started: the gain it plays at */
    Levels levels;           /* levels measured on earlier nights (levels.h) */
    int levels_read, levels_measured; /* recordings read back and measured, since the program began */
    AudioPace pace;          /* the audio thread's: were its blocks asked for on time */
    SDL_atomic_t late;       /* pace.late, for the main thread */
} Snd;

/* Open the audio device. Failure is not fatal: the story plays without sound
 * (each page then holds for reading time). 0 or -1 with a diagnostic. */
int snd_open(Snd *s, double volume, int silent, Diags *d);
/* Blocks the device asked for late since it was opened (pace.h): the
 * machine kept the audio thread waiting. */
int snd_late_blocks(Snd *s);
/* Stop everything, close the device and the audio subsystem: no audio thread
 * is left running (the dark costs nothing). */
void snd_close(Snd *s);

/* Every recording is measured before it plays (its first LOUD_SECONDS,
 * loud.h) and played at the gain that brings it to the loudness of a studio
 * take, its DC offset taken away: a narration or the closing words raised or
 * cut, music and a hotspot's sound only cut. The virtual clock measures too,
 * so the trace can tell the gain: snd_gain_db() is the last narration's or
 * hotspot sound's. A recording measured once is read back on the nights
 * after (levels.h, in the user's cache folder; HUSHABYE_LEVEL_CACHE=off
 * measures every time and keeps nothing). */
double snd_gain_db(const Snd *s);

/* Start narration of scene from folder/name. Returns its length in seconds,
 * or -1 when it cannot play (diagnostic given). */
double snd_narrate(Snd *s, int scene, const char *folder, const char *name,
                   const char *display, Diags *d);
/* The same from bytes in memory (a take to listen to); they are copied, so the
 * caller may free them at once. */
double snd_narrate_bytes(Snd *s, int scene, const void *bytes, size_t len,
                         const char *display, Diags *d);
/* Fade out and drop any narration. */
void snd_stop_narration(Snd *s, int fade_ms);
/* Pause (1) or resume (0) the narration. */
void snd_pause(Snd *s, int pause);
/* Is this SDL event the end of the current narration? Sets *scene. */
int snd_is_narration_end(const Snd *s, const SDL_Event *e, int *scene);

/* Background music, looping softly under the narration, streamed from the
 * file. The same music as the one playing (the same content, by its size and
 * first and last 64 KB, wherever it lies) plays on without a break, as in a
 * night of stories that share a lullaby. Otherwise whatever music was playing
 * fades out and is freed first, also when name is NULL (a story without music
 * plays none). While a narration speaks the music is ducked on the audio
 * thread, VOICE_DUCK_BELOW dB under it, in a VOICE_DUCK_RAMP ramp down and
 * back up (voice.h). Returns SND_MUSIC_STARTED, SND_MUSIC_SAME (it carries
 * on), or SND_MUSIC_NONE (no name, silent, or it cannot: diagnostic). */
enum { SND_MUSIC_NONE, SND_MUSIC_STARTED, SND_MUSIC_SAME };
int snd_music(Snd *s, const char *folder, const char *name, double volume,
              const char *display, Diags *d);
/* The music's level relative to the narration, in dB, while it speaks
 * (speaking = 1) or not; 0 when no music plays (then *db is untouched). */
int snd_music_db(const Snd *s, int speaking, double *db);
/* The closing scene begins: the lullaby steps back SND_CLOSING_DB over
 * SND_CLOSING_RAMP seconds, on its way out (snd_fade_all ends it in the
 * dimming). */
#define SND_CLOSING_RAMP 4.0
void snd_music_closing(Snd *s);
/* A hotspot's sound from folder/name at level (a fraction of the narration's,
 * hotspot.h: never above 1), over any earlier hotspot sound, which fades.
 * Returns its length in seconds (from its header, also when silent), or -1
 * when it cannot play (diagnostic: over AUDIO_TAP_SECONDS, missing, not a
 * sound). */
double snd_tap(Snd *s, const char *folder, const char *name, double level,
               const char *display, Diags *d);
/* Is a lullaby playing (started and not stopped since)? */
int snd_music_playing(const Snd *s);
/* A parent changed the loudness: the ceiling becomes volume (0..1) for
 * what plays now and what starts later. The narration and the music move
 * to it in a SND_VOLUME_RAMP ramp, never a jump; a sound fading out or
 * paused keeps doing so. Returns the ceiling now in force. */
#define SND_VOLUME_RAMP 0.5
double snd_set_volume(Snd *s, double volume);
/* Fade every sound to silence over seconds (the dimming): the music is gone
 * by SND_MUSIC_GONE of it, before the dark. */
void snd_fade_all(Snd *s, double seconds);

#endif
