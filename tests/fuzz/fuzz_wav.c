/* libFuzzer target: the WAV chunk walk (over a buffer and through a read-at
 * callback, which must agree) and a bounded decode of what parses. Nothing may
 * be read past the input, and the data found must lie inside it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wav.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct { const uint8_t *b; size_t len; } Mem;

static size_t read_at(void *user, uint64_t off, unsigned char *buf, size_t n)
{
    const Mem *m = user;
    if (off >= m->len)
        return 0;
    size_t left = m->len - (size_t)off;
    n = n < left ? n : left;
    memcpy(buf, m->b + off, n);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    WavInfo w, v;
    Mem m = { data, size };
    WavStatus a = wav_parse(data, size, &w);
    WavStatus b = wav_parse_from(read_at, &m, size, &v);
    if (a != b || (a == WAV_OK && (w.data_offset != v.data_offset || w.frames != v.frames)))
        abort();
    if (a != WAV_OK)
        return 0;
    if (w.data_offset > size || w.data_len > size - w.data_offset)
        abort();
    /* At most 4096 frames, so a run stays fast; every sample converted. */
    WavInfo small = w;
    small.frames = w.frames < 4096 ? w.frames : 4096;
    int16_t *pcm = NULL;
    if (small.frames > 0 && wav_decode(data, &small, &pcm) == WAV_OK) {
        size_t step = (size_t)(w.bits / 8);
        for (size_t i = 0; i < small.frames * (size_t)w.channels; i++) {
            float f = wav_sample_float(data + w.data_offset + i * step, &w);
            if (!(f >= -1.0f && f <= 1.0f))
                abort();
        }
    }
    free(pcm);
    return 0;
}
