/* libFuzzer target: the SVG scanner and the JPEG orientation reader. The
 * verdict must be one of the four, the counts never negative, the words
 * always a terminated string, the orientation in 1..8, and nothing may be
 * read past the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"
#include "svgcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    SvgCheckCounts c;
    char words[200];
    SvgCheckStatus st = svgcheck_scan(data, size, &c);
    if (st < SVGCHECK_OK || st > SVGCHECK_TOO_DASHED || c.elements < 0 || c.shapes < 0 ||
        c.points < 0 || c.shapes > c.elements)
        abort();
    svgcheck_describe(st, &c, words, sizeof words);
    if (memchr(words, '\0', sizeof words) == NULL)
        abort();
    int o = probe_jpeg_orientation(data, size);
    if (o < 1 || o > 8 || probe_exif_orientation(data, size) < 1)
        abort();
    return 0;
}
