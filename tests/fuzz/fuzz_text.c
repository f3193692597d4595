/* libFuzzer target: caption layout (itemising, bidi, shaping, line breaks) and
 * drawing, on any bytes as words. The first byte picks the story's language,
 * the second the box's width; the rest is the text. Every glyph must lie on a
 * line of the layout and draw inside the buffer (ASan watches the writes). The
 * system's fonts are loaded once: fonts never come from a story folder. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static TextFont *fuzz_font(void)
{
    static TextFont *font;
    static int tried;
    if (!tried) {
        char path[1024];
        tried = 1;
        if (text_find_font(NULL, path, sizeof path) >= 0)
            font = text_font_load(path, NULL, 0);
    }
    return font;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {NULL, "ar", "he", "hi", "bn", "th", "zh-Hans", "ur",
                                        "en", "ja", "x-bad-", "fa"};
    static uint8_t cov[96 * 64];
    TextFont *f = fuzz_font();
    TextLayout l;
    if (!f || size < 2)
        return 0;
    const char *lang = langs[data[0] % (sizeof langs / sizeof langs[0])];
    int width = data[1] % 97;
    const char *text = (const char *)data + 2;
    size_t len = size - 2;
    if (text_layout_lang(f, lang, text, len, 14.0f, width, data[0] >> 6, &l) == 0) {
        for (int i = 0; i < l.nglyphs; i++)
            if (l.glyphs[i].line < 0 || l.glyphs[i].line >= l.nlines ||
                l.glyphs[i].byte < 0 || (size_t)l.glyphs[i].byte > len)
                abort();
        memset(cov, 0, sizeof cov);
        text_render(f, &l, cov, 96, 64, 96, 0, 0);
        text_render_range(f, &l, cov, 96, 64, 96, -3, 5, 0, (int)len / 2);
        text_layout_free(&l);
    }
    if (text_fit_lang(f, lang, text, len, 8.0f, 24.0f, width, 40, &l) == 0)
        text_layout_free(&l);
    return 0;
}
