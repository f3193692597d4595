/* snd — narration and music through SDL_mixer, at the edge.
 *
 * Narration plays as a chunk on its own channel, so its length is known
 * exactly from the decoded audio (the virtual clock needs it) and the
 * lullaby can play underneath as music. SDL_mixer's callbacks run on the audio
 * thread; they only push an SDL event, stamped with a generation number so a
 * narration stopped early is never mistaken for the current one ending. */
#ifndef HUSHABYE_SND_H
#define HUSHABYE_SND_H

#include <SDL.h>
#include <SDL_mixer.h>

#include "diag.h"

typedef struct Snd {
    int open;
    Uint32 event;            /* SDL event type for "narration finished" */
    Mix_Chunk *chunk[2];     /* narration alternates between two channels so */
    int channel;             /* one can fade out while the next begins */
    int narration_scene;
    int generation;          /* of the narration now playing */
    Mix_Music *music;
    unsigned char *music_data;
    double volume;           /* ceiling 0..1 */
    int silent;              /* 1 = decode for lengths but never play (virtual clock) */
} Snd;

/* Open the audio device. Failure is not fatal: the story plays without sound
 * (each page then holds for reading time). 0 or -1 with a diagnostic. */
int snd_open(Snd *s, double volume, int silent, Diags *d);
/* Stop everything, close the device and the audio subsystem: no audio thread
 * is left running (the dark costs nothing). */
void snd_close(Snd *s);

/* Start narration of scene from folder/name. Returns its length in seconds,
 * or -1 when it cannot play (diagnostic given). */
double snd_narrate(Snd *s, int scene, const char *folder, const char *name,
                   const char *display, Diags *d);
/* The same from bytes in memory (a take to listen to). */
double snd_narrate_bytes(Snd *s, int scene, const void *bytes, size_t len,
                         const char *display, Diags *d);
/* Fade out and drop any narration. */
void snd_stop_narration(Snd *s, int fade_ms);
/* Pause (1) or resume (0) the narration. */
void snd_pause(Snd *s, int pause);
/* Is this SDL event the end of the current narration? Sets *scene. */
int snd_is_narration_end(const Snd *s, const SDL_Event *e, int *scene);

/* Background music, looping softly under the narration. */
void snd_music(Snd *s, const char *folder, const char *name, double volume,
               const char *display, Diags *d);
/* Fade every sound to silence over seconds. */
void snd_fade_all(Snd *s, double seconds);

#endif
