/* finish — what record and import share: process a take, save it, say so.
 *
 * rec_process() trims and levels the samples, take_save_report()
 * (engine/core/take.c) puts them in place of the old narration safely, and
 * the parent is told in plain words what was done: which recording undo
 * brings back (only when there was one) and where any other recording of the
 * page was set aside. A page's take then has its words timed (align.c), so it
 * reads along in the parent's voice. */
#include "take.h"
#include "tool.h"

#include "escape.h"
#include "rec.h"
#include "story.h"
#include "userdata.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What story.ini names for the page that a new take does not replace:
 * another narration (it would still be the one played: 1, its name in
 * narr) and timed words of its own (vtt, and the line naming them). */
static int take_ini_names(const TakeTarget *t, const char *new_name, char *narr, size_t nl,
                          char *vtt, size_t vl, int *vtt_line)
{
    narr[0] = vtt[0] = '\0';
    *vtt_line = 0;
    if (t->page == 0)
        return 0;
    Story s;
    Diags d = { 0 };
    int other = 0;
    memset(&s, 0, sizeof s);
    story_load(t->folder, &s, &d);
    for (int i = 0; i < s.npages; i++) {
        const StoryPage *p = &s.pages[i];
        if (p->number != t->page)
            continue;
        if (p->narration && p->narration_line > 0 && strcasecmp(p->narration, new_name) != 0) {
            snprintf(narr, nl, "%s", p->narration);
            other = 1;
        }
        if (p->vtt && p->vtt_line > 0) {
            snprintf(vtt, vl, "%s", p->vtt);
            *vtt_line = p->vtt_line;
        }
    }
    story_free(&s);
    diag_free(&d);
    return other;
}

/* How loud the voice came in, in a parent's words (levels in dB below full
 * scale: speech near -18 is what the levelling aims for). */
static const char *take_voice_words(double speech_db)
{
    return speech_db < -40   ? _("very quiet (next time, hold the device a little closer)"
           ): speech_db < -28 ? _("a little quiet"
           ): speech_db < -10 ? _("just right"
                             ): _("loud");
}

static const char *take_room_words(double noise_db)
{
    return noise_db < -55   ? _("the room was quiet"
           ): noise_db < -42 ? _("there was a little background noise"
                            ): _("there was a lot of background noise (a quieter room will "
                              "sound better)");
}

static void take_print(FILE *out, const char *label, const RecReport *r, const char *file)
{
    if (r->out_speech_db < REC_TARGET_DB - REC_SHORT_DB)
        fprintf(out, _("%1$s: your voice was very quiet; it has been made as loud as it "
                "safely can be, and is still quieter than the other pages (next time, hold "
                "the device closer); %2$s\n"), label,
                take_room_words(r->noise_db));
    else
        fprintf(out, _("%1$s: your voice was %2$s and has been evened out to the same loudness "
                "as the other pages; %3$s\n"), label, take_voice_words(r->speech_db),
                take_room_words(r->noise_db));
    if (r->clipped > REC_CLIPPED_SHARE)
        fprintf(out, _("%s: parts of it were too loud for the microphone and sound rough; "
                "recording it again a little further away will sound better\n"), label);
    if (r->held_seconds >= 0.05)
        fprintf(out, _("%s: a sudden loud sound in it (a door, a cough, a bump) is kept quieter, "
                "so it does not startle\n"), label);
    if (r->out_seconds < r->in_seconds - 0.05)
        fprintf(out, _("%1$s: kept %2$.1f s of %3$.1f s (the silence before and after was "
                "trimmed), saved as %4$s\n"), label, r->out_seconds, r->in_seconds, file);
    else
        fprintf(out, _("%1$s: kept all %2$.1f s (there was no silence to trim), saved as %3$s\n"),
                label, r->out_seconds, file);
}

/* The closing words' recording says the words in use now: noted beside it,
 * so words changed later are never played under this voice. */
static void take_note_words(const TakeTarget *t)
{
    UserPaths u;
    Reassurance r;
    Diags quiet = { 0 };
    if (t->page != 0 || userdata_paths(&u) != 0 || strcmp(u.data_dir, t->folder) != 0)
        return;
    userdata_reassurance(&u, NULL, &r, &quiet);
    if (userdata_voice_words_save(&u, r.words) != 0)
        fprintf(stderr, _("hushabye-story: warning: could not note which words the recording "
                "says (%s)\n"), strerror(errno));
    diag_free(&quiet);
}

/* What became of the recordings the take replaced: the one undo brings back,
 * said only when there was one, and each one set aside, with its hidden name. */
void take_print_kept(FILE *out, const TakeTarget *t, const char *label, const TakeReport *rep)
{
    char arg[ESC_NAME_MAX * 2], name[ESC_NAME_MAX], hidden[ESC_NAME_MAX];
    if (rep->replaced[0] && t->page)
        fprintf(out, _("%1$s: the recording it replaced is kept; to bring it back: "
                "hushabye-story record %2$s --page %3$d --undo\n"), label,
                tool_shell_arg(t->folder, arg, sizeof arg), t->page);
    else if (rep->replaced[0])
        fprintf(out, _("%s: the recording it replaced is kept; to bring it back: "
                "hushabye-story record --reassurance --undo\n"), label);
    for (int i = 0; i < rep->naside; i++) {
        esc_str(rep->aside[i].name, name, sizeof name);
        esc_str(rep->aside[i].hidden, hidden, sizeof hidden);
        if (rep->aside[i].was_previous)
            fprintf(out, _("%1$s: the recording before that, %2$s, is set aside, not deleted, "
                    "as the hidden file %3$s in the same folder (--undo brings back only the "
                    "one just replaced)\n"), label, name, hidden);
        else
            fprintf(out, _("%1$s: there was another recording, %2$s; it is set aside, not "
                    "deleted, as the hidden file %3$s in the same folder (to use it instead, "
                    "give it back its name)\n"), label, name, hidden);
    }
}

int take_finish(const TakeTarget *t, const int16_t *s, size_t n, FILE *out)
{
    char label[TAKE_LABEL_MAX], name[64];
    take_label(t, label, sizeof label);
    int16_t *y = NULL;
    size_t m = 0;
    RecReport r;
    RecStatus st = rec_process(s, n, &y, &m, &r);
    if (st != REC_OK) {
        fprintf(stderr, _("hushabye-story: %1$s: %2$s; nothing was changed\n"), label,
                rec_status_text(st));
        return TOOL_FAIL;
    }
    /* The save and the timing of its words, one piece: another save of the
     * page waits (take.h), so these timings are this take's. */
    take_lock(t->folder);
    TakeReport kept;
    int rc = take_save_report(t, y, m, name, sizeof name, &kept);
    free(y);
    if (rc != 0) {
        take_unlock();
        char shown[ESC_NAME_MAX];
        int e = errno;
        fprintf(stderr, _("hushabye-story: %1$s: could not save %2$s/%3$s (%4$s); the old recording "
                "is unchanged\n"), label, esc_str(t->folder, shown, sizeof shown), name,
                strerror(e));
        return TOOL_FAIL;
    }
    take_print(out, label, &r, name);
    take_note_words(t);
    take_print_kept(out, t, label, &kept);
    if (kept.retired > 0)
        fprintf(out, _("%s: the old timed words (.vtt) no longer match; set aside as a hidden "
                "file\n"), label);
    /* The new take's words are timed at once, so the page reads along in this
     * voice; not while story.ini has the page play another recording, whose
     * timing it would be. */
    char narr[256], vtt[256], shown[ESC_NAME_MAX], arg[ESC_NAME_MAX * 2];
    int vtt_line, timed = -1;
    int other = take_ini_names(t, name, narr, sizeof narr, vtt, sizeof vtt, &vtt_line);
    if (t->page && !other)
        timed = tool_align_page(t->folder, t->page, 0, out);
    if (other) {
        fprintf(stderr, _("hushabye-story: warning: story.ini says page %1$d plays '%2$s'; "
                "remove that line to hear the new recording\n"), t->page,
                esc_str(narr, shown, sizeof shown));
        fprintf(out, _("%1$s: its words are not timed yet (they would be timed to '%2$s'); once "
                "that line is gone: hushabye-story align %3$s --page %4$d\n"), label,
                esc_str(narr, shown, sizeof shown), tool_shell_arg(t->folder, arg, sizeof arg),
                t->page);
    } else if (timed == 2 && vtt[0]) {
        /* TRANSLATORS: %2$d is a line of story.ini. */
        fprintf(stderr, _("hushabye-story: warning: story.ini (line %2$d) names '%1$s' for page "
                "%3$d's timed words, made by hand for the recording before: the page will light "
                "them over this one; remove that line, or time the new recording into it with "
                "hushabye-story align %4$s --page %3$d --force (the old file is set aside, not "
                "deleted)\n"), esc_str(vtt, shown, sizeof shown), vtt_line, t->page,
                tool_shell_arg(t->folder, arg, sizeof arg));
    }
    take_unlock();
    return TOOL_OK;
}
