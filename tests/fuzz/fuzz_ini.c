/* libFuzzer target: the INI reader, then story.ini's meaning laid over a story.
 * Any bytes must parse without a crash, a leak or undefined behaviour. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "ini.h"
#include "story.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touch every string handed over, so a bad pointer is found here. */
static int fuzz_handler(void *ud, IniKind kind, const char *section, const char *key,
                        const char *value, int line)
{
    size_t *sum = ud;
    *sum += strlen(section) + strlen(key) + (value ? strlen(value) : 0) + (size_t)line +
            (size_t)kind;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t sum = 0;
    ini_parse((const char *)data, size, fuzz_handler, &sum);
    /* story_apply_ini expects text without NUL bytes, as story_load gives it. */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    Story s;
    Diags d = { 0 };
    memset(&s, 0, sizeof s);
    story_init(&s);
    story_apply_ini(&s, "fuzz", text, strlen(text), &d);
    story_finish(&s, "fuzz", &d);
    story_free(&s);
    diag_free(&d);
    free(text);
    return 0;
}
