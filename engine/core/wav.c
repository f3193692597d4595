/* wav — RIFF/WAVE writing and careful reading (see wav.h).
 *
 * All multi-byte fields are assembled byte by byte in little-endian order, so
 * the code is the same on any host and never reads an unaligned word. The
 * reader trusts no size in the file: a chunk is accepted only when its header
 * and body fit in what remains, and the walk stops after WAV_MAX_CHUNKS so a
 * file of a million empty chunks costs nothing. */
#include "wav.h"

#include "i18n.h"

#include <stdlib.h>
#include <string.h>

#define WAV_FMT_PCM        1
#define WAV_FMT_FLOAT      3
#define WAV_FMT_EXTENSIBLE 0xFFFE

const char *wav_status_text(WavStatus st)
{
    switch (st) {
    case WAV_OK:          return _("is fine");
    case WAV_NOT_WAV:     return _("is not a WAV file");
    case WAV_BAD:         return _("is a damaged WAV file");
    case WAV_UNSUPPORTED: return _("is a kind of WAV this player cannot read (a compressed WAV, "
                                 "an unusual sample size or more than 8 separate sound tracks)");
    case WAV_NO_MEMORY:   return _("could not be read (out of memory)");
    case WAV_RATE:        return _("is recorded at a number of samples a second this "
                                 "player cannot play "
                                 "(it plays 8000 to 192000 samples a second)");
    }
    return _("could not be read");
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)((v >> 8) & 0xff);
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xffff);
    put16(p + 2, (v >> 16) & 0xffff);
}

static unsigned get16(const unsigned char *p)
{
    return (unsigned)p[0] | ((unsigned)p[1] << 8);
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)get16(p) | ((uint32_t)get16(p + 2) << 16);
}

int wav_write_marked(const int16_t *samples, size_t n, int rate, int channels,
                     const char *mark, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    /* LIST chunk: "INFO", then "ISFT", its size, the mark and its NUL, padded
     * to an even length */
    size_t m = mark ? strlen(mark) + 1 : 0, isft = m + (m & 1),
           list = mark ? 8 + 4 + 8 + isft : 0, head = WAV_HEADER + list;
    if (channels < 1 || channels > 8 || rate < 1 || m > 200 ||
        n > (0xFFFFFFFFu - head) / 2)
        return -1;
    size_t data = n * 2;
    unsigned char *b = malloc(head + data);
    if (!b)
        return -1;
    memcpy(b, "RIFF", 4);
    put32(b + 4, (uint32_t)(head - 8 + data));
    memcpy(b + 8, "WAVEfmt ", 8);
    put32(b + 16, 16);
    put16(b + 20, WAV_FMT_PCM);
    put16(b + 22, (unsigned)channels);
    put32(b + 24, (uint32_t)rate);
    put32(b + 28, (uint32_t)rate * (uint32_t)channels * 2);
    put16(b + 32, (unsigned)channels * 2);
    put16(b + 34, 16);
    unsigned char *c = b + 36;
    if (mark) {
        memcpy(c, "LIST", 4);
        put32(c + 4, (uint32_t)(list - 8));
        memcpy(c + 8, "INFOISFT", 8);
        put32(c + 16, (uint32_t)m);
        memset(c + 20, 0, isft);
        memcpy(c + 20, mark, m - 1);
        c += list;
    }
    memcpy(c, "data", 4);
    put32(c + 4, (uint32_t)data);
    for (size_t i = 0; i < n; i++)
        put16(b + head + 2 * i, (unsigned)(uint16_t)samples[i]);
    *out = b;
    *len = head + data;
    return 0;
}

int wav_write(const int16_t *samples, size_t n, int rate, int channels,
              unsigned char **out, size_t *len)
{
    return wav_write_marked(samples, n, rate, channels, NULL, out, len);
}

int wav_marked(const unsigned char *b, size_t len, const char *mark)
{
    size_t m = strlen(mark);
    if (len < 12 || memcmp(b, "RIFF", 4) != 0 || memcmp(b + 8, "WAVE", 4) != 0)
        return 0;
    for (size_t at = 12; at + 8 <= len;) {
        uint32_t size = get32(b + at + 4);
        if (memcmp(b + at, "data", 4) == 0)
            return 0;
        if (memcmp(b + at, "LIST", 4) == 0 && size >= 4 && at + 12 <= len &&
            memcmp(b + at + 8, "INFO", 4) == 0) {
            size_t end = at + 8 + size < len ? at + 8 + size : len;
            for (size_t k = at + 12; k + 8 <= end;) {
                uint32_t ks = get32(b + k + 4);
                if (memcmp(b + k, "ISFT", 4) == 0 && ks >= m &&
                    k + 8 + m + (ks > m) <= end && memcmp(b + k + 8, mark, m) == 0 &&
                    (ks == m || b[k + 8 + m] == '\0'))
                    return 1;
                if (ks > end - k - 8)
                    break;
                k += 8 + ks + (ks & 1);
            }
        }
        if (size > len - at - 8)
            return 0;
        at += 8 + size + (size & 1);
    }
    return 0;
}

/* Read a fmt chunk body of size len into info. */
static WavStatus wav_read_fmt(const unsigned char *p, size_t len, WavInfo *info)
{
    if (len < 16)
        return WAV_BAD;
    unsigned format = get16(p);
    if (format == WAV_FMT_EXTENSIBLE && len >= 26)
        format = get16(p + 24);          /* the sub-format GUID starts with the tag */
    info->format = (int)format;
    info->channels = (int)get16(p + 2);
    uint32_t rate = get32(p + 4);
    info->bits = (int)get16(p + 14);
    /* the rate is kept before any refusal, so a message about the tracks is
     * not told as one about a rate of 0 */
    info->rate = rate > 0x7fffffffu ? 0x7fffffff : (int)rate;
    if (format != WAV_FMT_PCM && format != WAV_FMT_FLOAT)
        return WAV_UNSUPPORTED;
    if (info->channels < 1 || info->channels > 8)
        return WAV_UNSUPPORTED;
    if (rate < 8000 || rate > 192000)
        return WAV_RATE;
    int ok = format == WAV_FMT_FLOAT ? info->bits == 32
           : (info->bits == 8 || info->bits == 16 || info->bits == 24 || info->bits == 32);
    return ok ? WAV_OK : WAV_UNSUPPORTED;
}

/* The chunk walk over a buffer: read_at over memory. */
typedef struct {
    const unsigned char *buf;
    size_t len;
} WavMem;

static size_t wav_mem_read_at(void *user, uint64_t offset, unsigned char *out, size_t n)
{
    const WavMem *m = user;
    if (offset >= m->len)
        return 0;
    size_t left = m->len - (size_t)offset;
    n = n < left ? n : left;
    memcpy(out, m->buf + offset, n);
    return n;
}

WavStatus wav_parse(const unsigned char *buf, size_t len, WavInfo *info)
{
    WavMem m = { buf, buf ? len : 0 };
    return wav_parse_from(wav_mem_read_at, &m, m.len, info);
}

#define WAV_FMT_READ 40    /* bytes of a fmt body looked at (extensible needs 26) */

WavStatus wav_parse_from(WavReadAt read_at, void *user, uint64_t total, WavInfo *info)
{
    unsigned char h[12];
    memset(info, 0, sizeof *info);
    if (total < 12 || read_at(user, 0, h, 12) != 12 || memcmp(h, "RIFF", 4) != 0 ||
        memcmp(h + 8, "WAVE", 4) != 0)
        return WAV_NOT_WAV;
    uint64_t pos = 12;
    int have_fmt = 0;
    for (int k = 0; k < WAV_MAX_CHUNKS && total - pos >= 8; k++) {
        unsigned char c[8];
        if (read_at(user, pos, c, 8) != 8)
            return WAV_BAD;
        uint64_t size = get32(c + 4), left = total - pos - 8;
        if (memcmp(c, "fmt ", 4) == 0) {
            unsigned char body[WAV_FMT_READ];
            size_t want = size < WAV_FMT_READ ? (size_t)size : WAV_FMT_READ;
            if (size > left || read_at(user, pos + 8, body, want) != want)
                return WAV_BAD;
            WavStatus st = wav_read_fmt(body, want, info);
            if (st != WAV_OK)
                return st;
            have_fmt = 1;
        } else if (memcmp(c, "data", 4) == 0) {
            if (!have_fmt)
                return WAV_BAD;
            size_t frame = (size_t)info->channels * (size_t)(info->bits / 8);
            info->data_offset = (size_t)(pos + 8);
            info->frames = (size_t)((size < left ? size : left) / frame);
            info->data_len = info->frames * frame;
            return WAV_OK;
        }
        if (size > left)
            return WAV_BAD;
        pos += 8 + size + (size & 1);
        if (pos > total)
            return WAV_BAD;
    }
    return WAV_BAD;
}

float wav_sample_float(const unsigned char *p, const WavInfo *info)
{
    switch (info->bits) {
    case 8:  return ((float)p[0] - 128.0f) / 128.0f;
    case 16: return (float)(int16_t)get16(p) / 32768.0f;
    case 24: {
        int32_t v = (int32_t)(((uint32_t)p[0] << 8) | ((uint32_t)p[1] << 16) |
                              ((uint32_t)p[2] << 24));
        return (float)(v / 256) / 8388608.0f;
    }
    default: break;
    }
    uint32_t u = get32(p);
    if (info->format == WAV_FMT_PCM)
        return (float)((double)(int32_t)u / 2147483648.0);
    float f;
    memcpy(&f, &u, sizeof f);
    return wav_safe(f);
}

/* One sample at p in the file's format, as a signed 16-bit value. */
static int16_t wav_sample(const unsigned char *p, const WavInfo *info)
{
    switch (info->bits) {
    case 8:  return (int16_t)(((int)p[0] - 128) * 256);
    case 16: return (int16_t)get16(p);
    case 24: return (int16_t)get16(p + 1);
    default: break;
    }
    uint32_t u = get32(p);
    if (info->format == WAV_FMT_PCM)
        return (int16_t)(u >> 16);
    float f;
    memcpy(&f, &u, sizeof f);
    return (int16_t)(wav_safe(f) * 32767.0f);
}

WavStatus wav_decode(const unsigned char *buf, const WavInfo *info, int16_t **out)
{
    *out = NULL;
    size_t n = info->frames * (size_t)info->channels;
    if (n == 0)
        return WAV_BAD;
    int16_t *s = malloc(n * sizeof *s);
    if (!s)
        return WAV_NO_MEMORY;
    size_t step = (size_t)(info->bits / 8);
    const unsigned char *p = buf + info->data_offset;
    for (size_t i = 0; i < n; i++)
        s[i] = wav_sample(p + i * step, info);
    *out = s;
    return WAV_OK;
}
