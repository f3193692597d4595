/* media — the checker's SDL edge: does a picture decode, how long and how loud
 * is a recording?
 *
 * Pictures go through the player's own decoder (picture.c): the one decoder
 * their first bytes call for (never IMG_Load's guessing, which reaches
 * decoders with a history of security bugs), within the player's limits,
 * reduced to a small size. Recordings go through the core decoder (audio.h) for the
 * one format their bytes were sniffed as, in blocks: the length comes from the
 * header, and one streaming pass finds the loudest sample, so memory stays
 * small however long the recording is. The audio device is opened with the
 * dummy driver unless one is chosen, so a check runs the same on a server, in
 * CI and on a laptop with sound. */
#include "tool.h"
#include "audio.h"
#include "loud.h"
#include "mixer.h"
#include "picture.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_mixer.h>
#include <limits.h>
#include <math.h>

#define MEDIA_RATE        44100
#define MEDIA_FIT_SIDE    256     /* pictures are decoded this small just to see they do */
#define MEDIA_SILENT_DB   -200.0
#define MEDIA_BLOCK       4096    /* frames decoded per step */
/* The loudest sample is looked for in the first this many seconds: enough for
 * any narration (a page's is at most 10 minutes), and a long lullaby is not
 * decoded to its end just to see that it makes a sound. */
#define MEDIA_SCAN_SECONDS 660.0

static int media_state;   /* 0 closed, 1 open, -1 could not open */

int media_open(void)
{
    if (media_state)
        return media_state > 0 ? 0 : -1;
    /* The dummy driver unless the user chose one: no sound is ever played. */
    SDL_setenv("SDL_AUDIODRIVER", "dummy", 0);
    media_state = -1;
    char why[256];
    if (mixer_open(MEDIA_RATE, 1024, MIX_INIT_OGG | MIX_INIT_MP3 | MIX_INIT_FLAC | MIX_INIT_OPUS,
                   why, sizeof why) != 0) {
        SDL_Quit();
        return -1;
    }
    media_state = 1;
    return 0;
}

void media_close(void)
{
    if (media_state > 0) {
        mixer_close();
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

/* Decode in blocks: length from the header (counted when it has none), the
 * loudest sample of the first MEDIA_SCAN_SECONDS. *why points to a buffer of
 * this file, valid until the next call (the tool is single-threaded). */
/* Measure an open decoder in one streaming pass: its length and loudest
 * sample (the first MEDIA_SCAN_SECONDS), then close it. */
static ToolAudio media_measure(Audio *dec, AudioStatus st, char *reason, const char **why)
{
    static float block[MEDIA_BLOCK];
    ToolAudio a = { 0, 0, MEDIA_SILENT_DB, 0, 0, -1, 0, NULL };
    *why = reason;
    if (!dec) {
        a.damaged = st == AUDIO_DAMAGED;
        return a;
    }
    const AudioInfo *info = audio_info(dec);
    double scan = MEDIA_SCAN_SECONDS * info->rate;
    float hi = -INFINITY, lo = INFINITY;
    size_t n;
    /* Its opening measured as the player measures a narration's (loud.h),
     * so check calls hiss exactly what the player plays faint as hiss. */
    static Loud loud;
    loud_start(&loud, info->rate, 1);
    while ((double)audio_position(dec) < scan && (n = audio_read(dec, block, MEDIA_BLOCK)) > 0) {
        for (size_t i = 0; i < n; i++) {
            hi = block[i] > hi ? block[i] : hi;
            lo = block[i] < lo ? block[i] : lo;
        }
        loud_feed(&loud, block, n);
    }
    LoudLevel lv = loud_level(&loud, LOUD_VOICE);
    a.note = audio_note(dec);
    a.hiss = lv.speech == LOUD_HISS;
    if (audio_status(dec) != AUDIO_OK) {
        snprintf(reason, AUDIO_WHY, "%s", audio_why(dec));
        a.damaged = audio_status(dec) == AUDIO_DAMAGED;
        audio_close(dec);
        return a;
    }
    a.ok = 1;
    a.seconds = info->exact || info->frames > 0 ? audio_seconds(dec)
              : (double)audio_position(dec) / info->rate;
    /* Decoded to its end: what it holds, when its header claims more (an
     * MP3 cut short keeps its Xing frame's whole length). */
    double held = (double)audio_position(dec) / info->rate;
    a.holds = (double)audio_position(dec) < scan && held < a.seconds * 0.9 - 0.5 ? held : -1;
    if (a.holds >= 0) {
        a.claims = a.seconds;
        a.seconds = held;
    }
    /* Its loudest moment away from its offset, as the player takes the
     * offset away: a file of one steady value plays as silence. */
    double peak = hi >= lo ? fmax(hi - lv.dc[0], lv.dc[0] - lo) : 0.0;
    a.peak_db = peak > 0.0 ? 20.0 * log10(peak) : MEDIA_SILENT_DB;
    *why = NULL;
    audio_close(dec);
    return a;
}

ToolAudio media_audio(const unsigned char *data, size_t len, const char **why)
{
    static char reason[AUDIO_WHY];
    AudioStatus st = AUDIO_OK;
    AudioLimit none = { 0, NULL };
    Audio *dec = audio_open_mem_sniffed(data, len, 1, &none, &st, reason);
    return media_measure(dec, st, reason, why);
}

ToolAudio media_audio_fd(int fd, SniffKind kind, const char **why)
{
    static char reason[AUDIO_WHY];
    AudioStatus st = AUDIO_OK;
    AudioLimit none = { 0, NULL };
    Audio *dec = audio_open_fd(fd, kind, 1, &none, &st, reason);
    return media_measure(dec, st, reason, why);
}
