/* finish — what record and import share: process a take, save it, say so.
 *
 * rec_process() trims and levels the samples, take_save() (engine/core/take.c)
 * puts them in place of the old narration safely, and the parent is told in
 * plain words what was done. */
#include "take.h"
#include "tool.h"

#include "escape.h"
#include "rec.h"
#include "story.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Warn when story.ini names another narration for the page: it would win. */
static void take_warn_ini(const TakeTarget *t, const char *new_name)
{
    if (t->page == 0)
        return;
    Story s;
    Diags d = { 0 };
    char shown[ESC_NAME_MAX];
    memset(&s, 0, sizeof s);
    story_load(t->folder, &s, &d);
    for (int i = 0; i < s.npages; i++)
        if (s.pages[i].number == t->page && s.pages[i].narration &&
            strcasecmp(s.pages[i].narration, new_name) != 0)
            fprintf(stderr, "hushabye-story: warning: story.ini says page %d plays '%s'; "
                    "remove that line to hear the new recording\n", t->page,
                    esc_str(s.pages[i].narration, shown, sizeof shown));
    story_free(&s);
    diag_free(&d);
}

static void take_print(FILE *out, const char *label, const RecReport *r, const char *file)
{
    fprintf(out, "%s: your voice at %.1f dBFS (room %.1f dBFS), levelled to %.1f dBFS, "
            "peak %.1f dBFS\n", label, r->speech_db, r->noise_db, r->out_speech_db,
            r->out_peak_db);
    fprintf(out, "%s: kept %.1f s of %.1f s (silence trimmed), saved as %s\n", label,
            r->out_seconds, r->in_seconds, file);
}

int take_finish(const TakeTarget *t, const int16_t *s, size_t n, FILE *out)
{
    char label[32], name[64];
    take_label(t, label, sizeof label);
    int16_t *y = NULL;
    size_t m = 0;
    RecReport r;
    RecStatus st = rec_process(s, n, &y, &m, &r);
    if (st != REC_OK) {
        fprintf(stderr, "hushabye-story: %s: %s; nothing was changed\n", label,
                rec_status_text(st));
        return TOOL_FAIL;
    }
    int rc = take_save(t, y, m, name, sizeof name);
    free(y);
    if (rc != 0) {
        char shown[ESC_NAME_MAX];
        int e = errno;
        fprintf(stderr, "hushabye-story: %s: could not save %s/%s (%s); the old recording "
                "is unchanged\n", label, esc_str(t->folder, shown, sizeof shown), name,
                strerror(e));
        return TOOL_FAIL;
    }
    take_print(out, label, &r, name);
    if (take_retire_timings(t) > 0)
        fprintf(out, "%s: the old timed words (.vtt) no longer match; set aside as a hidden "
                "file\n", label);
    take_warn_ini(t, name);
    return TOOL_OK;
}
