/* audio — recordings decoded in blocks, one format at a time, with a length cap.
 *
 * Story folders are untrusted, and a recording's decoded size is what costs
 * memory, not its file size: a few megabytes of Ogg can hold hours of silence.
 * So nothing here decodes a file whole. audio_open() is told the ONE format
 * the bytes were sniffed as (never a loader that guesses: a tracker module
 * renamed 01.ogg must not reach a module player) and reads only the header:
 * sample rate, channels and the length in frames (ov_pcm_total, op_pcm_total,
 * FLAC STREAMINFO, the WAV data size, MP3's Xing/Info frame or mpg123's
 * estimate). What is too long for its use (the caller passes the cap and the
 * words for it) is refused before a sample is decoded. audio_read() then
 * decodes a block at a time into the caller's buffer as mono or stereo float at
 * the source rate, downmixing as it goes (stereo whose channels cancel is
 * read from their difference: audio.c), and stops at the cap even when the
 * header lied about the length. An open decoder holds a few hundred KB at most,
 * whatever the file's length.
 *
 * Each format goes through its own Debian library: libvorbisfile (Vorbis),
 * libopusfile (Opus; Ogg holds either, told apart by the first packet's magic),
 * libmpg123 (MP3, with its resync limited so garbage is not searched), libFLAC
 * (stream decoder) and the project's own WAV parser (wav.h). Bytes come
 * through a reader (read/seek/tell and a user pointer): memory and file
 * descriptors are provided. No SDL here; the player resamples at the edge. */
#ifndef HUSHABYE_AUDIO_H
#define HUSHABYE_AUDIO_H

#include <stddef.h>
#include <stdint.h>

#include "sniff.h"

#define AUDIO_MIN_RATE      8000
#define AUDIO_MAX_RATE      192000
#define AUDIO_MAX_CHANNELS  8
#define AUDIO_NARRATION_SECONDS 600.0   /* a page's narration: 10 minutes */
#define AUDIO_MUSIC_MIN_SECONDS 0.5     /* a lullaby shorter than this is no lullaby (a
                                         * click, a damaged copy): not looped */
#define AUDIO_CLOSING_SECONDS   120.0   /* the closing words: 2 minutes */
#define AUDIO_TAP_SECONDS       30.0    /* a hotspot's sound is short */
#define AUDIO_WHY 200                   /* room for a plain-words reason */

/* Where the bytes come from. read returns bytes read (0 at the end or on an
 * error); seek (whence as lseek) returns 0 or -1; tell returns the position or
 * -1. A reader that cannot seek may leave seek and tell NULL (then lengths
 * come from what can be read in order, and Ogg/FLAC lengths may be unknown). */
typedef struct {
    size_t (*read)(void *user, void *buf, size_t n);
    int (*seek)(void *user, int64_t offset, int whence);
    int64_t (*tell)(void *user);
    void *user;
} AudioReader;

typedef enum {
    AUDIO_OK = 0,
    AUDIO_NOT_AUDIO,    /* not a format this player plays (kind not audio) */
    AUDIO_DAMAGED,      /* the decoder found broken or cut-short data */
    AUDIO_UNSUPPORTED,  /* a variant of the format this player cannot play */
    AUDIO_RATE,         /* sample rate outside AUDIO_MIN_RATE..AUDIO_MAX_RATE */
    AUDIO_CHANNELS,     /* no channels or more than AUDIO_MAX_CHANNELS */
    AUDIO_TOO_LONG,     /* longer than the cap (from the header, or found decoding) */
    AUDIO_EMPTY,        /* holds no sound at all */
    AUDIO_NO_MEMORY,
    AUDIO_IO            /* the file could not be read */
} AudioStatus;

/* What is allowed: the cap in seconds (0 = none) and, for the message, what
 * the recording is for: "a page's narration", "the closing words". */
typedef struct {
    double max_seconds;
    const char *what;
} AudioLimit;

typedef struct {
    SniffKind kind;      /* as opened */
    int opus;            /* 1 for Ogg Opus, 0 for Ogg Vorbis */
    int rate;            /* source samples a second */
    int channels;        /* in the file (1..8) */
    int out_channels;    /* what audio_read gives (1 or 2) */
    uint64_t frames;     /* length from the header; 0 when it gives none */
    int exact;           /* 1 when frames is exact (not an MP3 estimate) */
} AudioInfo;

typedef struct Audio Audio;

/* Open a decoder for kind (SNIFF_WAV, SNIFF_OGG, SNIFF_MP3, SNIFF_FLAC) over r
 * (copied; its user pointer must outlive the decoder), giving out_channels (1
 * or 2) from audio_read. Reads the header only, and refuses what breaks lim
 * before decoding. NULL on failure with *st and a plain-words reason in why
 * (AUDIO_WHY bytes, may be NULL): "it is longer than 10 minutes; a page's
 * narration can be at most 10 minutes". */
Audio *audio_open(const AudioReader *r, SniffKind kind, int out_channels,
                  const AudioLimit *lim, AudioStatus *st, char *why);
/* The same over bytes in memory (not copied: they must outlive the decoder). */
Audio *audio_open_mem(const void *data, size_t len, SniffKind kind, int out_channels,
                      const AudioLimit *lim, AudioStatus *st, char *why);
/* The same over a file descriptor positioned anywhere (it is read from the
 * start); the decoder owns fd from now on and closes it, even on failure. */
Audio *audio_open_fd(int fd, SniffKind kind, int out_channels, const AudioLimit *lim,
                     AudioStatus *st, char *why);

/* The header's facts. */
const AudioInfo *audio_info(const Audio *a);
/* The header's length in seconds (0 when unknown). */
double audio_seconds(const Audio *a);

/* Decode up to frames frames into out (frames * out_channels floats, -1..1).
 * Returns frames written; 0 at the end, on an error or at the cap, and then
 * audio_status() says which (AUDIO_OK for a plain end). */
size_t audio_read(Audio *a, float *out, size_t frames);
/* AUDIO_OK, or why decoding stopped; audio_why() gives the words. */
AudioStatus audio_status(const Audio *a);
const char *audio_why(const Audio *a);
/* What is wrong with a recording that still plays, in words after its
 * name ("is damaged in places, ..."), from what was decoded so far: a
 * stretch the decoder passed over, or a second part at another sample rate
 * (where it ends). NULL when nothing is. */
const char *audio_note(const Audio *a);
/* 1 when a stereo recording opened as mono is read as half the difference
 * of its channels, because their mean cancels (one wired backwards). */
int audio_folded(const Audio *a);
/* Frames decoded so far. */
uint64_t audio_position(const Audio *a);
/* The length when the header gives none: decode to the end (or the cap)
 * counting frames, then rewind. Seconds, or -1 when the file is refused on the
 * way (audio_status() says why) or cannot be rewound. */
double audio_count_seconds(Audio *a);
/* Back to the first sample (for looping music). 0 ok, -1 when it cannot. */
int audio_rewind(Audio *a);
void audio_close(Audio *a);

/* Plain words for a status, without the details audio_why() adds. */
const char *audio_status_text(AudioStatus st);

/* Sniff then open: the kind from the first SNIFF_HEAD bytes of data. */
Audio *audio_open_mem_sniffed(const void *data, size_t len, int out_channels,
                              const AudioLimit *lim, AudioStatus *st, char *why);

#endif
