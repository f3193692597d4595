/* libFuzzer target: audio_open and audio_read over arbitrary bytes through the
 * memory reader, as every format the player decodes (the first byte of the
 * input picks the format, so one corpus reaches all five decoders), with a
 * two-second cap so a run stays fast. Every sample must be a finite number in
 * -1..1 (damaged data decodes to anything; the decoder clamps it), decoding
 * must stop at the cap, and every refusal must come with words. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "audio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const SniffKind kinds[] = { SNIFF_WAV, SNIFF_OGG, SNIFF_MP3, SNIFF_FLAC };
    static float buf[1024 * 2];
    if (size < 1)
        return 0;
    SniffKind k = kinds[data[0] % 4];
    int channels = 1 + (data[0] / 4) % 2;
    AudioLimit lim = { 2.0, "a fuzzed sound" };
    AudioStatus st;
    char why[AUDIO_WHY];
    Audio *a = audio_open_mem(data + 1, size - 1, k, channels, &lim, &st, why);
    if (!a) {
        if (st == AUDIO_OK || why[0] == '\0')
            abort();
        return 0;
    }
    const AudioInfo *info = audio_info(a);
    uint64_t total = 0, cap = (uint64_t)(3.0 * info->rate) + 1024;
    size_t n;
    while ((n = audio_read(a, buf, 1024)) > 0) {
        for (size_t i = 0; i < n * (size_t)channels; i++)
            if (!isfinite(buf[i]) || fabsf(buf[i]) > 1.0f)
                abort();
        total += n;
        if (total > cap * 2)
            abort();                /* the cap (2 s + 1 s, or 5% more) did not hold */
    }
    if (audio_status(a) != AUDIO_OK && audio_why(a)[0] == '\0')
        abort();
    audio_close(a);
    return 0;
}
