/* libFuzzer target: the picture-header probe, the EXIF orientations of
 * JPEG, PNG and WebP, and the format sniffer. A size given must be positive,
 * an orientation 1 to 8, and nothing may be read past the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "probe.h"
#include "sniff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int w = 0, h = 0;
    if (probe_picture(data, size, &w, &h) == PROBE_OK && (w <= 0 || h <= 0))
        abort();
    sniff_name(sniff_bytes(data, size < SNIFF_HEAD ? size : SNIFF_HEAD));
    int o[3] = { probe_jpeg_orientation(data, size), probe_png_orientation(data, size),
                 probe_webp_orientation(data, size) };
    for (int i = 0; i < 3; i++)
        if (o[i] < 1 || o[i] > 8)
            abort();
    return 0;
}
