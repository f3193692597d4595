/* libFuzzer target: the folder scanner fed a fake listing. The input is split
 * at newlines into file names (as a hostile folder could name its files), and
 * the pages are built and finished without touching the disk. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "story.h"

#define FUZZ_NAMES_MAX 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    char **names = malloc(FUZZ_NAMES_MAX * sizeof *names);
    if (!text || !names) {
        free(text);
        free(names);
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    int n = 0;
    for (char *p = text; n < FUZZ_NAMES_MAX;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (*p)   /* a folder never lists an empty name */
            names[n++] = p;
        if (!nl)
            break;
        p = nl + 1;
    }
    Story s;
    Diags d = { 0 };
    memset(&s, 0, sizeof s);
    story_scan(&s, "fuzz", names, n, &d);
    story_finish(&s, "fuzz", &d);
    for (int i = 1; i < s.npages; i++)
        if (s.pages[i - 1].number >= s.pages[i].number || s.pages[i].number > STORY_MAX_PAGES)
            abort();
    story_free(&s);
    diag_free(&d);
    free(names);
    free(text);
    return 0;
}
