/* align — hushabye-story align FOLDER [--page N] [--force]: time the words of
 * recordings already in a story folder, so pages read along in the parent's
 * voice.
 *
 * For each page with words and a narration: the narration is streamed through
 * the core decoder (the one format its bytes were sniffed as) into MFCC
 * frames at 16 kHz, never held whole; espeak-ng reads the same words in the
 * story's language (engine/sys/synth.c) and the aligner (engine/core/align.c)
 * carries its word starts onto the recording. Where espeak-ng has no voice
 * for the language, the words are spread by syllables over the voice, and
 * the parent is told. The result is NN.vtt (or the page's .vtt named in
 * story.ini), written atomically; a .vtt not made by the aligner (no NOTE
 * line of ours) is hand-made and left alone unless --force. The pipeline is
 * engine/sys/timing.c, shared with the studio; this file says what happened
 * in a parent's words. record and import call tool_align_page() after saving
 * a take. */
#include "tool.h"

#include "escape.h"
#include "story.h"
#include "take.h"
#include "timing.h"

#include <stdlib.h>
#include <string.h>

int tool_align_page(const char *folder, int page, int force, FILE *out)
{
    TimingResult r;
    char shown[ESC_NAME_MAX];
    take_lock(folder);          /* a save of the page meanwhile would pair these with its take */
    memset(&r, 0, sizeof r);
    int rc = timing_page(folder, page, force, &r);
    take_unlock();
    if (rc == TIMING_WRITTEN && r.kept[0]) {
        char hidden[ESC_NAME_MAX];
        fprintf(out, _("page %1$d: your own %2$s is kept, set aside as the hidden file %3$s\n"),
                page, esc_str(r.vtt, shown, sizeof shown), esc_str(r.kept, hidden, sizeof hidden));
    }
    if (rc == TIMING_WRITTEN)
        fprintf(out, _("page %d: timed %d words of %.1f s in %s%s%s%s\n"), page, r.words,
                r.seconds, esc_str(r.vtt, shown, sizeof shown), r.spread ? "; " : "",
                r.spread ? r.why : "", r.spread ? _(", so the words were spread over the voice "
                             "by their syllables (the highlight may be a little off)") : "");
    else if (rc == TIMING_KEPT)
        fprintf(out, _("page %d: %s was made by hand; left as it is (--force replaces it)\n"),
                page, esc_str(r.vtt, shown, sizeof shown));
    else if (rc == TIMING_FAILED)
        fprintf(stderr, _("hushabye-story: page %1$d: %2$s: cannot time its words: %3$s\n"), page,
                esc_str(r.narration, shown, sizeof shown), r.why);
    return rc == TIMING_WRITTEN ? 0 : rc == TIMING_FAILED ? -1 : rc == TIMING_KEPT ? 2 : 1;
}

int cmd_align(int argc, char **argv)
{
    const char *folder = NULL;
    int page = 0, force = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--force") == 0) {
            force = 1;
        } else if (strcmp(argv[i], "--page") == 0 && i + 1 < argc) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 1 || v > 999) {
                fprintf(stderr, _("hushabye-story: align: --page takes a page number, 1 to 999\n"));
                return TOOL_USAGE;
            }
            page = (int)v;
        } else if (!folder && argv[i][0] != '-') {
            folder = argv[i];
        } else {
            fprintf(stderr, _("usage: hushabye-story align FOLDER [--page N] [--force]\n"));
            return TOOL_USAGE;
        }
    }
    if (!folder) {
        fprintf(stderr, _("usage: hushabye-story align FOLDER [--page N] [--force]\n"));
        return TOOL_USAGE;
    }
    char shown[ESC_NAME_MAX];
    if (!take_is_folder(folder)) {
        fprintf(stderr, _("hushabye-story: %s: not a story folder (it cannot be read as one)\n"),
                esc_str(folder, shown, sizeof shown));
        return TOOL_FAIL;
    }
    Story s;
    Diags d = { 0 };
    memset(&s, 0, sizeof s);
    story_load(folder, &s, &d);
    int failed = 0, timed = 0, found = 0, kept = 0;
    for (int i = 0; i < s.npages; i++) {
        const StoryPage *p = &s.pages[i];
        if (page && p->number != page)
            continue;
        found |= p->number == page;
        if (!p->text || !p->narration)
            continue;
        int rc = tool_align_page(folder, p->number, force, stdout);
        failed += rc < 0;
        timed += rc == 0;
        kept += rc == 2;
    }
    if (page && !found) {
        fprintf(stderr, _("hushabye-story: %1$s has no page %2$d\n"),
                esc_str(folder, shown, sizeof shown), page);
        failed++;
    } else if (!timed && !failed && !kept) {
        printf(_("%s: no page has both words and a recording to time\n"),
               esc_str(folder, shown, sizeof shown));
    }
    story_free(&s);
    diag_free(&d);
    return failed ? TOOL_FAIL : TOOL_OK;
}
