/* libFuzzer target: a picture cache entry of any bytes. The input is written
 * as the entry a fixed drawing would have, then read back: a bad entry must
 * be a miss (nothing allocated) and a hit must give the size its header and
 * frame say, within the limits; nothing may crash, leak or read past the
 * file. A well-formed entry (stored first when the input asks) must hit. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "piccache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char src[] = "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='2'/>";
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/fuzz-piccache-%ld", (long)getpid());
        mkdir(dir, 0700);
    }
    PicCache c = { dir, "fuzz 1", 0 };
    char name[32], path[128];
    piccache_name(&c, src, sizeof src, 4, 2, name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (size > 0 && data[0] == 'S') {
        /* the rest as the pixels of a real entry, then its bytes bent by one */
        uint8_t px[4 * 2 * 4] = { 0 };
        memcpy(px, data + 1, size - 1 < sizeof px ? size - 1 : sizeof px);
        int w, h;
        uint8_t *out;
        if (piccache_store(&c, src, sizeof src, 4, 2, 4, 2, px, NULL) != 0 ||
            piccache_load(&c, src, sizeof src, 4, 2, &w, &h, &out, NULL) != 1 || w != 4 || h != 2 ||
            memcmp(out, px, sizeof px) != 0)
            abort();
        free(out);
        return 0;
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    int w = -1, h = -1;
    uint8_t *px = (uint8_t *)1;
    int hit = piccache_load(&c, src, sizeof src, 4, 2, &w, &h, &px, NULL);
    if (hit == 1) {
        if (!px || w <= 0 || h <= 0 || (size_t)w * (size_t)h > PICCACHE_MAX_PIXELS)
            abort();
        /* touch every byte: the size said must be the size given */
        volatile uint8_t sum = 0;
        for (size_t i = 0; i < (size_t)w * (size_t)h * 4; i++)
            sum = (uint8_t)(sum + px[i]);
        free(px);
    } else if (hit != 0 || px != NULL || w != 0 || h != 0) {
        abort();
    }
    unlink(path);
    return 0;
}
