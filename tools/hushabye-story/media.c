/* media — the checker's SDL edge: does a picture decode, how long and how loud
 * is a recording?
 *
 * Pictures go through the one format-specific SDL_image loader their first
 * bytes call for (never IMG_Load's guessing, which reaches decoders with a
 * history of security bugs), and only after the caller has read their size
 * from the header. Recordings are decoded whole by SDL_mixer into the opened
 * device's format (16-bit), which gives their exact length and loudest sample.
 * The audio device is opened with the dummy driver unless one is chosen, so a
 * check runs the same on a server, in CI and on a laptop with sound. */
#include "tool.h"
#include "picture.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_mixer.h>
#include <limits.h>
#include <math.h>

#define MEDIA_RATE        44100
#define MEDIA_FIT_SIDE    256     /* pictures are decoded this small just to see they do */
#define MEDIA_SILENT_DB   -200.0

static int media_state;   /* 0 closed, 1 open, -1 could not open */

int media_open(void)
{
    if (media_state)
        return media_state > 0 ? 0 : -1;
    /* The dummy driver unless the user chose one: no sound is ever played. */
    SDL_setenv("SDL_AUDIODRIVER", "dummy", 0);
    media_state = -1;
    if (SDL_Init(SDL_INIT_AUDIO) != 0)
        return -1;
    Mix_Init(MIX_INIT_OGG | MIX_INIT_MP3 | MIX_INIT_FLAC | MIX_INIT_OPUS);
    if (Mix_OpenAudio(MEDIA_RATE, AUDIO_S16SYS, 2, 1024) != 0) {
        Mix_Quit();
        SDL_Quit();
        return -1;
    }
    media_state = 1;
    return 0;
}

void media_close(void)
{
    if (media_state > 0) {
        Mix_CloseAudio();
        Mix_Quit();
        SDL_Quit();
    }
    IMG_Quit();
    media_state = 0;
}

int media_picture(const unsigned char *data, size_t len, char *msg, size_t n)
{
    ComposeImage img;
    PictureInfo info;
    /* Decoded for a small screen: big JPEGs, PNGs and WebPs come reduced, so
     * the check costs little memory, yet every byte of them is still read and
     * the player's limits apply. */
    PictureStatus st = picture_decode(data, len, MEDIA_FIT_SIDE, MEDIA_FIT_SIDE, NULL, &img,
                                      &info);
    compose_free(&img);
    switch (st) {
    case PICTURE_OK:
        snprintf(msg, n, "%s", info.note);
        return info.note[0] ? 1 : 0;
    case PICTURE_DAMAGED:
        snprintf(msg, n, "this picture cannot be opened: %s; copy or save it again", info.why);
        return -1;
    case PICTURE_NO_MEMORY:
        snprintf(msg, n, "this picture cannot be opened: %s", info.why);
        return -1;
    default:
        snprintf(msg, n, "%s", info.why);
        return -1;
    }
}

/* Loudest 16-bit sample of the chunk, in dBFS. */
static double media_peak_db(const Mix_Chunk *c)
{
    const Sint16 *s = (const Sint16 *)c->abuf;
    size_t n = c->alen / sizeof *s;
    int peak = 0;
    for (size_t i = 0; i < n; i++) {
        int v = s[i] < 0 ? -(int)s[i] : s[i];
        if (v > peak)
            peak = v;
    }
    return peak ? 20.0 * log10(peak / 32768.0) : MEDIA_SILENT_DB;
}

ToolAudio media_audio(const unsigned char *data, size_t len, const char **why)
{
    ToolAudio a = { 0, 0, MEDIA_SILENT_DB };
    int freq = 0, channels = 0;
    Uint16 format = 0;
    *why = "the sound system could not be started to listen to it";
    if (media_open() != 0 || !Mix_QuerySpec(&freq, &format, &channels) || len > INT_MAX)
        return a;
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
    Mix_Chunk *c = rw ? Mix_LoadWAV_RW(rw, 1) : NULL;
    if (!c) {
        *why = Mix_GetError();
        return a;
    }
    int frame = channels * (int)(SDL_AUDIO_BITSIZE(format) / 8);
    a.ok = 1;
    a.seconds = frame > 0 && freq > 0 ? (double)c->alen / frame / freq : 0;
    a.peak_db = format == AUDIO_S16SYS ? media_peak_db(c) : 0;
    *why = NULL;
    Mix_FreeChunk(c);
    return a;
}
