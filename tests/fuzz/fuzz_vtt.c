/* libFuzzer target: the WebVTT reader, and finding its cues in a page's
 * words. Every cue it keeps must lie inside the input and end after it
 * starts; every cue found must lie inside the words, in order of its bytes.
 * The words are the input's own text up to its first NUL (or a fixed page
 * when there is none), so the fuzzer reaches cues that match. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vtt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Vtt v;
    Diags d = { 0 };
    const char *nul = memchr(data, 0, size);
    size_t tn = nul ? (size_t)(nul - (const char *)data) : 0;
    const char *vbuf = nul ? nul + 1 : (const char *)data;
    size_t vn = nul ? size - tn - 1 : size;
    char *text = malloc(tn + 1);
    if (!text)
        return 0;
    if (nul)
        memcpy(text, data, tn);
    text[tn] = '\0';
    const char *page = nul ? text : "Goodnight, moon. Goodnight, stars & caf\xc3\xa9.";
    vtt_parse(vbuf, vn, "fuzz/01.vtt", &v, &d);
    for (int i = 0; i < v.n; i++)
        if (v.cues[i].text_off + v.cues[i].text_len > vn || v.cues[i].end <= v.cues[i].start)
            abort();
    if (v.n > 0) {
        int *from = malloc((size_t)v.n * sizeof *from), *to = malloc((size_t)v.n * sizeof *to);
        if (from && to) {
            int found = vtt_locate(page, vbuf, &v, from, to, v.n, "fuzz/01.vtt", &d);
            size_t plen = strlen(page);
            int lit = 0;
            for (int i = 0; i < v.n; i++) {
                if (from[i] < 0 || to[i] < from[i] || (size_t)to[i] > plen)
                    abort();
                lit += to[i] > from[i];
            }
            if (lit != found)
                abort();
        }
        free(from);
        free(to);
    }
    vtt_free(&v);
    diag_free(&d);
    free(text);
    return 0;
}
