/* libFuzzer target: the picture-header probe and the format sniffer. A size
 * given must be positive, and nothing may be read past the input. */
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
    return 0;
}
