/* libFuzzer target: the WebVTT reader. Every cue it keeps must lie inside the
 * input and end after it starts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "vtt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Vtt v;
    Diags d = { 0 };
    vtt_parse((const char *)data, size, "fuzz/01.vtt", &v, &d);
    for (int i = 0; i < v.n; i++)
        if (v.cues[i].text_off + v.cues[i].text_len > size || v.cues[i].end <= v.cues[i].start)
            abort();
    vtt_free(&v);
    diag_free(&d);
    return 0;
}
