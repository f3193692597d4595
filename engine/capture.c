/* capture — microphone samples through SDL's queue (see capture.h).
 *
 * Polling rather than a callback keeps every sample on the caller's thread:
 * the recorder and the player's studio call capture_poll() from their loops
 * (every few tens of milliseconds), each call drains SDL's queue in blocks of
 * CAPTURE_BLOCK samples and appends them. The buffer doubles as it fills, up
 * to the cap; past the cap new audio is drained and dropped so SDL's queue
 * cannot grow either. The level for the meter is the peak of the latest
 * drained audio, computed by rec_peak_db (the pure core).
 *
 * capture_open() opens the microphone once to learn that there is one (so
 * "no microphone" is said at once) and closes it again; capture_start()
 * opens it for real and starts it straight away. A device left open but
 * paused through a countdown is not idle everywhere: SDL keeps reading and
 * throwing away what a paused capture device hears, and a fast source (SDL's
 * disk driver in the tests) can be read to its end before the take begins. */
#include "capture.h"
#include "i18n.h"

#include "rec.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>

#define CAPTURE_BLOCK 4096          /* samples drained per SDL_DequeueAudio call */
#define CAPTURE_FIRST (REC_RATE * 4) /* first allocation: four seconds */

struct Capture {
    SDL_AudioDeviceID dev;      /* 0 until capture_start */
    SDL_AudioSpec want;
    int16_t *buf;
    size_t n, cap, max;
    double level_db;
    int16_t block[CAPTURE_BLOCK];
};

/* Say why no device could be opened. */
static void capture_why(char *why, size_t len, const char *msg, const char *detail)
{
    if (why && len)
        snprintf(why, len, "%s%s%s", msg, detail && *detail ? ": " : "", detail ? detail : "");
}

Capture *capture_open(size_t max_samples, char *why, size_t why_len)
{
    if (SDL_GetNumAudioDevices(1) <= 0) {
        capture_why(why, why_len, _("no microphone was found (plug one in, or allow this "
                                    "program to use it, and try again)"), NULL);
        return NULL;
    }
    Capture *c = calloc(1, sizeof *c);
    if (!c) {
        capture_why(why, why_len, _("out of memory"), NULL);
        return NULL;
    }
    SDL_AudioSpec have;
    SDL_zero(c->want);
    c->want.freq = REC_RATE;
    c->want.format = AUDIO_S16SYS;
    c->want.channels = 1;
    c->want.samples = 1024;
    SDL_AudioDeviceID probe = SDL_OpenAudioDevice(NULL, 1, &c->want, &have, 0);
    if (probe == 0) {
        capture_why(why, why_len, _("the microphone could not be opened"), SDL_GetError());
        free(c);
        return NULL;
    }
    SDL_CloseAudioDevice(probe);
    c->max = max_samples;
    c->level_db = -120.0;
    return c;
}

int capture_start(Capture *c)
{
    SDL_AudioSpec have;
    if (!c)
        return -1;
    if (c->dev)
        SDL_CloseAudioDevice(c->dev);
    c->dev = SDL_OpenAudioDevice(NULL, 1, &c->want, &have, 0);
    if (c->dev)
        SDL_PauseAudioDevice(c->dev, 0);
    return c->dev ? 0 : -1;
}

void capture_stop(Capture *c)
{
    if (c && c->dev)
        SDL_PauseAudioDevice(c->dev, 1);
}

/* Make room for more samples, doubling up to the cap. 0 ok, -1 out of memory. */
static int capture_grow(Capture *c, size_t need)
{
    if (need <= c->cap)
        return 0;
    size_t cap = c->cap ? c->cap : CAPTURE_FIRST;
    while (cap < need)
        cap *= 2;
    if (cap > c->max)
        cap = c->max;
    int16_t *grown = realloc(c->buf, cap * sizeof *grown);
    if (!grown)
        return -1;
    c->buf = grown;
    c->cap = cap;
    return 0;
}

int capture_poll(Capture *c)
{
    if (!c)
        return -1;
    Uint32 got;
    int status = c->n >= c->max;
    while (c->dev && (got = SDL_DequeueAudio(c->dev, c->block, sizeof c->block)) > 0) {
        size_t k = got / sizeof c->block[0];
        c->level_db = rec_peak_db(c->block, k);
        size_t room = c->max - c->n;
        if (k > room)
            k = room;
        if (k == 0)
            continue;                       /* full: drain and drop */
        if (capture_grow(c, c->n + k) != 0)
            return -1;
        SDL_memcpy(c->buf + c->n, c->block, k * sizeof c->block[0]);
        c->n += k;
        status = c->n >= c->max;
    }
    return status;
}

const int16_t *capture_samples(const Capture *c, size_t *n)
{
    *n = c ? c->n : 0;
    return c ? c->buf : NULL;
}

double capture_level_db(const Capture *c)
{
    return c ? c->level_db : -120.0;
}

void capture_close(Capture *c)
{
    if (!c)
        return;
    if (c->dev)
        SDL_CloseAudioDevice(c->dev);
    free(c->buf);
    free(c);
}
