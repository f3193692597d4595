/* libFuzzer target: the levels cache file of any bytes. Whatever it holds,
 * every entry taken must lie within loud.h's limits (no gain a recording
 * could not have been given), and writing the cache out and reading it back
 * must give the same entries: nothing may crash, leak or read past the text. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "levels.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Levels l, m;
    levels_open(&l, NULL);
    int n = levels_parse(&l, (const char *)data, size);
    if (n != l.n || n > LEVELS_MAX)
        abort();
    for (int i = 0; i < l.n; i++) {
        const LoudLevel *v = &l.e[i].lv;
        double top = l.e[i].use == LOUD_VOICE ? LOUD_RAISE_DB : 0.0;
        if (!(v->gain_db >= -LOUD_CUT_DB && v->gain_db <= top) || fabsf(v->dc[0]) > 1.0f ||
            fabsf(v->dc[1]) > 1.0f ||
            fabs(v->gain_db - (v->speech == LOUD_HISS ? loud_hiss_gain(v->level_db) : loud_gain(v->level_db, v->peak_db, (LoudUse)l.e[i].use))) > 0.011 || !(v->seconds >= 0 && v->seconds <= LOUD_SECONDS))
            abort();
    }
    size_t len;
    char *text = levels_format(&l, &len);
    if (!text)
        abort();
    levels_open(&m, NULL);
    if (levels_parse(&m, text, len) != l.n)
        abort();
    for (int i = 0; i < l.n; i++) {
        LoudLevel got;
        if (!levels_find(&m, l.e[i].key, (LoudUse)l.e[i].use, l.e[i].channels, &got) ||
            got.gain_db != l.e[i].lv.gain_db || got.dc[0] != l.e[i].lv.dc[0])
            abort();
    }
    free(text);
    levels_free(&m);
    levels_free(&l);
    return 0;
}
