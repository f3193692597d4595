/* timing — see timing.h. */
#include "timing.h"

#include "align.h"
#include "audio.h"
#include "files.h"
#include "i18n.h"
#include "mfcc.h"
#include "sniff.h"
#include "story.h"
#include "synth.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The narration's frames, streamed. 0, or -1 with why. */
static int timing_decode(const char *folder, const char *name, Mfcc *m, double *seconds,
                        char *why, size_t n)
{
    unsigned char head[SNIFF_HEAD];
    size_t got = 0, size = 0;
    int fd = -1;
    FilesStatus fs = files_head(folder, name, head, sizeof head, &got);
    if (fs == FILES_OK)
        fs = files_open_fd(folder, name, FILES_MAX_AUDIO, &fd, &size);
    if (fs != FILES_OK) {
        snprintf(why, n, "%s", files_status_why(folder, name, fs));
        return -1;
    }
    SniffKind kind = sniff_bytes(head, got);
    AudioStatus st = AUDIO_OK;
    char reason[AUDIO_WHY] = "";
    AudioLimit lim = { AUDIO_NARRATION_SECONDS, "a page's narration" };
    Audio *a = sniff_is_audio(kind) ? audio_open_fd(fd, kind, 1, &lim, &st, reason) : NULL;
    if (!a) {
        if (!sniff_is_audio(kind))
            close(fd);
        snprintf(why, n, "%s", reason[0] ? reason : "it is not a recording this player plays");
        return -1;
    }
    mfcc_begin(m, audio_info(a)->rate);
    float block[4096];
    size_t k;
    uint64_t frames = 0;
    while ((k = audio_read(a, block, sizeof block / sizeof block[0])) > 0) {
        mfcc_feed(m, block, k);
        frames += k;
    }
    *seconds = (double)frames / audio_info(a)->rate;
    int rc = 0;
    if (audio_status(a) != AUDIO_OK) {
        snprintf(why, n, "%s", audio_why(a));
        rc = -1;
    } else if (mfcc_finish(m) != 0 || *seconds < 0.25) {
        snprintf(why, n, _("it holds too little sound to time words in"));
        rc = -1;
    } else {
        int first, last;
        align_voiced(m, &first, &last, NULL);
        if (first < 0) {
            snprintf(why, n, _("no voice was heard in it"));
            rc = -1;
        }
    }
    audio_close(a);
    if (rc != 0)
        mfcc_free(m);
    return rc;
}

/* Time the words: by the synthetic voice, or spread by syllables. */
static int timing_words(const char *text, const char *lang, const size_t *st,
                      const size_t *ln, int n, const Mfcc *rec, double seconds,
                      AlignWord *out, int *spread, char *note, size_t notelen)
{
    AlignWord *syn = malloc((size_t)n * sizeof *syn);
    if (!syn)
        return -1;
    float *pcm = NULL;
    size_t npcm = 0;
    int rate = 0, done = 0;
    char why[160] = "";
    int rc = synth_words(text, strlen(text), lang, st, ln, n, &pcm, &npcm, &rate, syn, why,
                         sizeof why);
    if (rc == SYNTH_OK) {
        Mfcc m;
        AlignStats s;
        if (mfcc_of(pcm, npcm, rate, &m) == 0) {
            done = align_map(&m, syn, n, rec, seconds, out, &s) == 0;
            mfcc_free(&m);
        }
        if (!done)
            snprintf(why, sizeof why, _("the recording could not be matched with the words"));
    }
    free(pcm);
    free(syn);
    if (!done) {
        *spread = 1;
        int *w = malloc((size_t)n * sizeof *w);
        if (!w)
            return -1;
        for (int k = 0; k < n; k++)
            w[k] = align_syllables(text + st[k], ln[k]);
        align_spread(rec, w, n, seconds, out);
        free(w);
        snprintf(note, notelen, "%s", why);
    }
    return 0;
}

/* Write the cues to folder/name, unless a hand-made file is there. A name
 * the story's own reading refuses (a link, in its path or at its end: one
 * leading out of the folder) is not written either: written through, a
 * parent's file elsewhere was replaced. A file there that cannot be read
 * (too big, unreadable by this user) is not known to be ours, so it is
 * hand-made: kept, or set aside with force, never replaced unread. */
static int timing_write(const char *folder, const char *name, const char *buf, size_t len,
                        int force, TimingResult *r)
{
    unsigned char *old = NULL;
    size_t oldlen = 0;
    FilesStatus there = files_read(folder, name, FILES_MAX_TEXT, &old, &oldlen);
    if (there == FILES_EUNSAFE) {
        /* TRANSLATORS: %s is a file name. */
        snprintf(r->why, sizeof r->why, _("%s is a link or not a plain file in the story "
                 "folder, so the timings are not written there"), name);
        return TIMING_FAILED;
    }
    if (there == FILES_OK || there == FILES_ETOOBIG || there == FILES_EIO) {
        int ours = there == FILES_OK && align_vtt_is_ours((const char *)old, oldlen);
        free(old);
        if (!ours && !force)
            return TIMING_KEPT;
        /* Replaced as asked, but kept: hours of a parent's hand work are
         * not deleted by one command (files.h: set aside, never over
         * another file). */
        if (!ours && files_set_aside(folder, name, name, ".set-aside-", r->kept,
                                     sizeof r->kept) != 0) {
            snprintf(r->why, sizeof r->why, _("could not set %1$s aside to replace it (%2$s)"),
                     name, strerror(errno));
            return TIMING_FAILED;
        }
    }
    size_t plen = strlen(folder) + strlen(name) + 2;
    char *path = malloc(plen);
    if (!path)
        return TIMING_FAILED;
    snprintf(path, plen, "%s/%s", folder, name);
    int rc = files_write_atomic(path, buf, len) == 0 ? TIMING_WRITTEN : TIMING_FAILED;
    if (rc != TIMING_WRITTEN)
        snprintf(r->why, sizeof r->why, _("could not write %1$s (%2$s)"), name, strerror(errno));
    free(path);
    return rc;
}

/* The page's words, timed and written. */
static int timing_run(const char *folder, const Story *s, const StoryPage *p, int force,
                      TimingResult *r)
{
    size_t *st = malloc(ALIGN_MAX_WORDS * 2 * sizeof *st);
    AlignWord *w = malloc(ALIGN_MAX_WORDS * sizeof *w);
    int n = st ? align_split(p->text, strlen(p->text), st, st + ALIGN_MAX_WORDS,
                             ALIGN_MAX_WORDS) : 0;
    int rc = TIMING_FAILED;
    Mfcc m;
    if (!st || !w) {
        snprintf(r->why, sizeof r->why, _("there was not enough memory to time the words"));
    } else if (n == 0) {
        rc = TIMING_NOTHING;
    } else if (p->text_chars > 0) {
        /* The recording reads all the words and only the first part is
         * shown: timed, those would be stretched over all of it. */
        /* TRANSLATORS: %1$zu and %2$d are counts of characters. */
        snprintf(r->why, sizeof r->why, _("its words are %1$zu characters long and only the "
                 "first %2$d are shown, so they cannot be matched with the whole recording; "
                 "split the page in two"), p->text_chars, STORY_MAX_TEXT);
    } else if (timing_decode(folder, p->narration, &m, &r->seconds, r->why,
                             sizeof r->why) == 0) {
        double voice = align_voiced_seconds(&m);
        if (voice < n * ALIGN_MIN_WORD_VOICE)
            /* TRANSLATORS: %1$.2f seconds of voice, %2$d words. */
            snprintf(r->why, sizeof r->why, ngettext("it holds %1$.2f s of voice, too little for "
                     "its %2$d word", "it holds %1$.2f s of voice, too little for its %2$d words",
                     (unsigned long)n), voice, n);
        else if (timing_words(p->text, s->language, st, st + ALIGN_MAX_WORDS, n, &m, r->seconds,
                         w, &r->spread, r->why, sizeof r->why) == 0) {
            char *buf;
            size_t len;
            if (p->vtt)
                snprintf(r->vtt, sizeof r->vtt, "%s", p->vtt);
            else
                snprintf(r->vtt, sizeof r->vtt, "%02d.vtt", p->number);
            if (align_vtt(p->text, st, st + ALIGN_MAX_WORDS, w, n, &buf, &len) == 0) {
                rc = timing_write(folder, r->vtt, buf, len, force, r);
                free(buf);
                r->words = n;
            }
        }
        mfcc_free(&m);
    }
    free(st);
    free(w);
    return rc;
}

int timing_page(const char *folder, int page, int force, TimingResult *r)
{
    Story s;
    Diags d = { 0 };
    memset(r, 0, sizeof *r);
    memset(&s, 0, sizeof s);
    story_load(folder, &s, &d);
    int rc = TIMING_NOTHING;
    for (int i = 0; i < s.npages; i++) {
        const StoryPage *p = &s.pages[i];
        if (p->number != page || !p->text || !p->narration)
            continue;
        snprintf(r->narration, sizeof r->narration, "%s", p->narration);
        rc = timing_run(folder, &s, p, force, r);
        break;
    }
    story_free(&s);
    diag_free(&d);
    return rc;
}
