/* snd — narration and music through SDL_mixer (see snd.h).
 *
 * Files come through files_read (story-folder rules, size caps) and are
 * decoded from memory. Every start is a short fade-in and every stop a fade
 * out: nothing in Hushabye may start or stop with a click. */
#include "snd.h"

#include <stdlib.h>

#include "files.h"

#define FADE_IN_MS 40
#define AUDIO_RATE 48000
#define AUDIO_CHUNK 4096   /* a large buffer: fewer wake-ups of the audio thread */

/* SDL_mixer's channel-finished callback takes no user data, so the generation
 * of the narration on each of the two narration channels is the one piece of
 * state it can see: file-static and atomic, read on the audio thread. A
 * narration fading out on one channel reports its own, stale, generation. */
static SDL_atomic_t channel_generation[2];
static SDL_atomic_t last_generation;
static Uint32 narration_event_type;

static void channel_finished(int channel)
{
    if (channel < 0 || channel > 1)
        return;
    SDL_Event e;
    SDL_zero(e);
    e.type = narration_event_type;
    e.user.code = SDL_AtomicGet(&channel_generation[channel]);
    SDL_PushEvent(&e);
}

int snd_open(Snd *s, double volume, int silent, Diags *d)
{
    Uint32 event = s->event; /* registered once per program */
    SDL_zero(*s);
    s->narration_scene = -1000;
    s->volume = volume;
    s->silent = silent;
    s->event = event ? event : SDL_RegisterEvents(1);
    narration_event_type = s->event;
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
        diag_add(d, DIAG_WARNING, "audio", 0, "no sound: %s", SDL_GetError());
        return -1;
    }
    Mix_Init(MIX_INIT_OGG | MIX_INIT_MP3 | MIX_INIT_FLAC | MIX_INIT_OPUS);
    if (Mix_OpenAudio(AUDIO_RATE, AUDIO_S16SYS, 2, AUDIO_CHUNK) < 0) {
        diag_add(d, DIAG_WARNING, "audio", 0, "no sound: %s", Mix_GetError());
        Mix_Quit();
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return -1;
    }
    Mix_AllocateChannels(4);
    Mix_ChannelFinished(channel_finished);
    s->open = 1;
    return 0;
}

void snd_close(Snd *s)
{
    if (s->open) {
        Mix_ChannelFinished(NULL);
        Mix_HaltChannel(-1);
        Mix_HaltMusic();
    }
    for (int i = 0; i < 2; i++) {
        if (s->chunk[i])
            Mix_FreeChunk(s->chunk[i]);
        s->chunk[i] = NULL;
    }
    if (s->music)
        Mix_FreeMusic(s->music);
    free(s->music_data);
    s->music = NULL;
    s->music_data = NULL;
    if (s->open) {
        Mix_CloseAudio();
        Mix_Quit();
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
    s->open = 0;
}

/* Seconds of audio in a decoded chunk, from the device's format. */
static double chunk_seconds(const Mix_Chunk *c)
{
    int freq = 0, channels = 0;
    Uint16 format = 0;
    if (!Mix_QuerySpec(&freq, &format, &channels) || freq <= 0 || channels <= 0)
        return -1;
    int bytes = (int)(SDL_AUDIO_BITSIZE(format) / 8) * channels;
    return bytes > 0 ? (double)c->alen / bytes / freq : -1;
}

void snd_stop_narration(Snd *s, int fade_ms)
{
    if (!s->open || s->narration_scene == -1000)
        return;
    s->narration_scene = -1000;
    s->generation = -1;
    if (fade_ms > 0 && Mix_Playing(s->channel))
        Mix_FadeOutChannel(s->channel, fade_ms);
    else
        Mix_HaltChannel(s->channel);
}

/* Decode bytes; NULL with a diagnostic when they cannot be. */
static Mix_Chunk *decode_chunk(const void *bytes, size_t len, const char *display, Diags *d)
{
    SDL_RWops *rw = SDL_RWFromConstMem(bytes, (int)len);
    Mix_Chunk *c = rw ? Mix_LoadWAV_RW(rw, 1) : NULL;
    if (!c)
        diag_add(d, DIAG_WARNING, display, 0, "narration skipped: cannot decode it (%s)",
                 Mix_GetError());
    return c;
}

/* Play chunk c (owned from now on) as scene's narration on the free channel. */
static double play_chunk(Snd *s, int scene, Mix_Chunk *c, const char *display, Diags *d)
{
    snd_stop_narration(s, 250);
    /* Use the other channel; whatever still fades there is long done or is
     * halted now, its callback carrying its own old generation. */
    int ch = 1 - s->channel;
    Mix_HaltChannel(ch);
    if (s->chunk[ch])
        Mix_FreeChunk(s->chunk[ch]);
    s->chunk[ch] = c;
    s->channel = ch;
    s->narration_scene = scene;
    s->generation = SDL_AtomicAdd(&last_generation, 1) + 1;
    SDL_AtomicSet(&channel_generation[ch], s->generation);
    if (!s->silent) {
        Mix_VolumeChunk(c, (int)(MIX_MAX_VOLUME * s->volume));
        if (Mix_FadeInChannel(ch, c, 0, FADE_IN_MS) < 0) {
            diag_add(d, DIAG_WARNING, display, 0, "narration skipped: %s", Mix_GetError());
            s->narration_scene = -1000;
            return -1;
        }
    }
    return chunk_seconds(c);
}

double snd_narrate(Snd *s, int scene, const char *folder, const char *name,
                   const char *display, Diags *d)
{
    unsigned char *data = NULL;
    size_t len = 0;
    if (!s->open)
        return -1;
    FilesStatus st = files_read(folder, name, FILES_MAX_AUDIO, &data, &len);
    if (st != FILES_OK) {
        diag_add(d, DIAG_WARNING, display, 0, "narration skipped: %s", files_status_text(st));
        return -1;
    }
    Mix_Chunk *c = decode_chunk(data, len, display, d);
    free(data);
    return c ? play_chunk(s, scene, c, display, d) : -1;
}

double snd_narrate_bytes(Snd *s, int scene, const void *bytes, size_t len,
                         const char *display, Diags *d)
{
    if (!s->open)
        return -1;
    Mix_Chunk *c = decode_chunk(bytes, len, display, d);
    return c ? play_chunk(s, scene, c, display, d) : -1;
}

int snd_is_narration_end(const Snd *s, const SDL_Event *e, int *scene)
{
    if (!s->open || e->type != s->event || e->user.code != s->generation)
        return 0;
    *scene = s->narration_scene;
    return 1;
}

void snd_music(Snd *s, const char *folder, const char *name, double volume,
               const char *display, Diags *d)
{
    if (!s->open || s->silent || !name)
        return;
    size_t len = 0;
    FilesStatus st = files_read(folder, name, FILES_MAX_AUDIO, &s->music_data, &len);
    if (st != FILES_OK) {
        diag_add(d, DIAG_WARNING, display, 0, "music skipped: %s", files_status_text(st));
        return;
    }
    SDL_RWops *rw = SDL_RWFromConstMem(s->music_data, (int)len);
    s->music = rw ? Mix_LoadMUS_RW(rw, 1) : NULL;
    if (!s->music) {
        diag_add(d, DIAG_WARNING, display, 0, "music skipped: cannot decode it (%s)",
                 Mix_GetError());
        free(s->music_data);
        s->music_data = NULL;
        return;
    }
    Mix_VolumeMusic((int)(MIX_MAX_VOLUME * s->volume * volume));
    Mix_FadeInMusic(s->music, -1, 3000); /* a lullaby creeps in, never starts */
}

void snd_fade_all(Snd *s, double seconds)
{
    if (!s->open)
        return;
    int ms = (int)(seconds * 1000);
    if (Mix_PlayingMusic())
        Mix_FadeOutMusic(ms);
    if (Mix_Playing(-1))
        Mix_FadeOutChannel(-1, ms);
}

void snd_pause(Snd *s, int pause)
{
    if (!s->open || s->narration_scene == -1000)
        return;
    if (pause)
        Mix_Pause(s->channel);
    else
        Mix_Resume(s->channel);
}
