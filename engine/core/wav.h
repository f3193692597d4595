/* wav — RIFF/WAVE in memory: writing 16-bit PCM, reading headers safely.
 *
 * wav_write() builds a canonical 44-byte-header WAV of signed 16-bit PCM in a
 * malloc'ed buffer, ready for files_write_atomic(). wav_parse() walks the
 * chunks of bytes that may come from anywhere (a phone, a download): every
 * chunk size is checked against what is left of the buffer, odd chunks are
 * padded as RIFF requires, the chunk walk is bounded, and the format must be
 * one this module can decode (PCM 8/16/24/32-bit or 32-bit float, including
 * WAVE_FORMAT_EXTENSIBLE). A data chunk longer than the file (a recorder that
 * was cut off) is clamped to what is there. wav_decode() turns the data into
 * interleaved signed 16-bit samples.
 *
 * wav_parse_from() is the same chunk walk over a file that is not in memory:
 * it asks a read-at callback for the few bytes it needs (chunk headers, the
 * fmt body), so a player can find the data chunk of a long recording and then
 * stream it in blocks; wav_parse() is that walk over a buffer. wav_sample_float()
 * converts one sample in the file's format, for decoders that stream. */
#ifndef HUSHABYE_WAV_H
#define HUSHABYE_WAV_H

#include <stddef.h>
#include <stdint.h>

#define WAV_HEADER 44
#define WAV_MAX_CHUNKS 64          /* chunks looked at before giving up */

typedef struct {
    int format;          /* 1 = integer PCM, 3 = IEEE float */
    int channels;        /* 1..8 */
    int rate;            /* 8000..192000 */
    int bits;            /* 8, 16, 24, 32 */
    size_t data_offset;  /* where the samples start in the buffer */
    size_t data_len;     /* bytes of samples (whole frames only) */
    size_t frames;       /* data_len / (channels * bits / 8) */
} WavInfo;

typedef enum {
    WAV_OK = 0,
    WAV_NOT_WAV,         /* no RIFF/WAVE header */
    WAV_BAD,             /* broken chunks, missing fmt or data */
    WAV_UNSUPPORTED,     /* compressed, odd sample size, too many channels */
    WAV_NO_MEMORY,
    WAV_RATE             /* a sample rate outside 8000..192000 (info->rate holds it) */
} WavStatus;

/* Build a WAV file of n mono or interleaved samples. 0 ok (*out malloc'ed,
 * *len bytes), -1 when too big for a WAV (4 GiB) or out of memory. */
int wav_write(const int16_t *samples, size_t n, int rate, int channels,
              unsigned char **out, size_t *len);

/* The same with a LIST/INFO chunk naming the software that made it (ISFT,
 * mark: "Hushabye take"), before the samples: players pass over it, and
 * wav_marked() finds it again, so a file can say it is the program's own
 * (a family's recording of the same name does not). */
int wav_write_marked(const int16_t *samples, size_t n, int rate, int channels,
                     const char *mark, unsigned char **out, size_t *len);
/* Does the WAV whose first len bytes are buf carry mark as its ISFT (in a
 * LIST/INFO chunk before its data)? 1 or 0; never reads past len. */
int wav_marked(const unsigned char *buf, size_t len, const char *mark);

/* Read the header of len bytes into *info. */
WavStatus wav_parse(const unsigned char *buf, size_t len, WavInfo *info);

/* Read up to n bytes at offset into buf; returns how many were read (fewer at
 * the end of the file or on an error). */
typedef size_t (*WavReadAt)(void *user, uint64_t offset, unsigned char *buf, size_t n);

/* The chunk walk of wav_parse() over a file of total bytes reached through
 * read_at: only chunk headers and the fmt body are read. *info as wav_parse
 * gives it (data_offset and data_len are offsets in the file). */
WavStatus wav_parse_from(WavReadAt read_at, void *user, uint64_t total, WavInfo *info);

/* One sample at p in the parsed file's format, as a float in -1..1 (NaN and
 * out-of-range floats are made safe). */
float wav_sample_float(const unsigned char *p, const WavInfo *info);

/* A float sample made safe for the mix: damaged MP3 and Vorbis data, or a
 * float WAV written wrong, decode to huge values, infinities or NaN. A little
 * over full scale is a loud recording and is clipped to -1..1; past
 * WAV_DAMAGED (four times full scale, 12 dB over) it is damage and is silent:
 * clipped, a stretch of infinities would be a full-scale burst in the middle
 * of a quiet voice. NaN fails both comparisons and is silent too. Plain
 * selects, so the audio thread's loops over it vectorise. */
#define WAV_DAMAGED 4.0f
static inline float wav_safe(float v)
{
    float c = v > 1.0f ? 1.0f : v < -1.0f ? -1.0f : v;
    return v >= -WAV_DAMAGED && v <= WAV_DAMAGED ? c : 0.0f;
}

/* Decode the data of a parsed WAV to interleaved int16 (malloc'ed, info->frames
 * * info->channels samples). */
WavStatus wav_decode(const unsigned char *buf, const WavInfo *info, int16_t **out);

/* Plain words for a status. */
const char *wav_status_text(WavStatus st);

#endif
