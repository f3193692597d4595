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
 * line of ours) is hand-made and left alone unless --force. record and import
 * call tool_align_page() after saving a take. */
#include "tool.h"

#include "align.h"
#include "audio.h"
#include "escape.h"
#include "files.h"
#include "mfcc.h"
#include "sniff.h"
#include "story.h"
#include "synth.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The narration's frames, streamed. 0, or -1 with why. */
static int align_decode(const char *folder, const char *name, Mfcc *m, double *seconds,
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
        snprintf(why, n, "it holds too little sound to time words in");
        rc = -1;
    } else {
        int first, last;
        align_voiced(m, &first, &last, NULL);
        if (first < 0) {
            snprintf(why, n, "no voice was heard in it");
            rc = -1;
        }
    }
    audio_close(a);
    if (rc != 0)
        mfcc_free(m);
    return rc;
}

/* Time the words: by the synthetic voice, or spread by syllables. */
static int align_time(const char *text, const char *lang, const size_t *st,
                      const size_t *ln, int n, const Mfcc *rec, double seconds,
                      AlignWord *out, char *note, size_t notelen)
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
            snprintf(why, sizeof why, "the recording could not be matched with the words");
    }
    free(pcm);
    free(syn);
    if (!done) {
        int *w = malloc((size_t)n * sizeof *w);
        if (!w)
            return -1;
        for (int k = 0; k < n; k++)
            w[k] = align_syllables(text + st[k], ln[k]);
        align_spread(rec, w, n, seconds, out);
        free(w);
        snprintf(note, notelen, "%s, so the words were spread over the voice by their "
                 "syllables (the highlight may be a little off)", why);
    }
    return 0;
}

/* Write the cues to folder/name, unless a hand-made file is there. */
static int align_write(const char *folder, const char *name, const char *buf, size_t len,
                       int force, const char *label, FILE *out)
{
    unsigned char *old = NULL;
    size_t oldlen = 0;
    char shown[ESC_NAME_MAX];
    if (!force && files_read(folder, name, FILES_MAX_TEXT, &old, &oldlen) == FILES_OK) {
        int ours = align_vtt_is_ours((const char *)old, oldlen);
        free(old);
        if (!ours) {
            fprintf(out, "%s: %s was made by hand; left as it is (--force replaces it)\n",
                    label, esc_str(name, shown, sizeof shown));
            return 1;
        }
    }
    size_t plen = strlen(folder) + strlen(name) + 2;
    char *path = malloc(plen);
    if (!path)
        return -1;
    snprintf(path, plen, "%s/%s", folder, name);
    int rc = files_write_atomic(path, buf, len);
    if (rc != 0)
        fprintf(stderr, "hushabye-story: %s: could not write %s (%s)\n", label,
                esc_str(path, shown, sizeof shown), strerror(errno));
    free(path);
    return rc;
}

int tool_align_page(const char *folder, int page, int force, FILE *out)
{
    Story s;
    Diags d = { 0 };
    memset(&s, 0, sizeof s);
    story_load(folder, &s, &d);
    int rc = 1;
    for (int i = 0; i < s.npages; i++) {
        const StoryPage *p = &s.pages[i];
        if (p->number != page || !p->text || !p->narration)
            continue;
        char label[32], why[AUDIO_WHY + 64] = "", note[300] = "", name[64];
        snprintf(label, sizeof label, "page %d", page);
        size_t *st = malloc(ALIGN_MAX_WORDS * 2 * sizeof *st);
        AlignWord *w = malloc(ALIGN_MAX_WORDS * sizeof *w);
        int n = st ? align_split(p->text, strlen(p->text), st, st + ALIGN_MAX_WORDS,
                                 ALIGN_MAX_WORDS) : 0;
        Mfcc m;
        double secs = 0;
        char shown[ESC_NAME_MAX];
        rc = -1;
        if (!st || !w) {
            fprintf(stderr, "hushabye-story: %s: not enough memory to time the words\n", label);
        } else if (n == 0) {
            rc = 1;
        } else if (align_decode(folder, p->narration, &m, &secs, why, sizeof why) != 0) {
            fprintf(stderr, "hushabye-story: %s: %s: cannot time its words: %s\n", label,
                    esc_str(p->narration, shown, sizeof shown), why);
        } else {
            if (align_time(p->text, s.language, st, st + ALIGN_MAX_WORDS, n, &m, secs, w,
                           note, sizeof note) == 0) {
                char *buf;
                size_t len;
                if (p->vtt)
                    snprintf(name, sizeof name, "%s", p->vtt);
                else
                    snprintf(name, sizeof name, "%02d.vtt", page);
                if (align_vtt(p->text, st, st + ALIGN_MAX_WORDS, w, n, &buf, &len) == 0) {
                    rc = align_write(folder, name, buf, len, force, label, out);
                    free(buf);
                }
                if (rc == 0)
                    fprintf(out, "%s: timed %d words of %.1f s in %s%s%s\n", label, n, secs,
                            esc_str(name, shown, sizeof shown), note[0] ? "; " : "", note);
            }
            mfcc_free(&m);
        }
        free(st);
        free(w);
        break;
    }
    story_free(&s);
    diag_free(&d);
    return rc;
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
                fprintf(stderr, "hushabye-story: align: --page takes a page number, 1 to 999\n");
                return TOOL_USAGE;
            }
            page = (int)v;
        } else if (!folder && argv[i][0] != '-') {
            folder = argv[i];
        } else {
            fprintf(stderr, "usage: hushabye-story align FOLDER [--page N] [--force]\n");
            return TOOL_USAGE;
        }
    }
    if (!folder) {
        fprintf(stderr, "usage: hushabye-story align FOLDER [--page N] [--force]\n");
        return TOOL_USAGE;
    }
    Story s;
    Diags d = { 0 };
    memset(&s, 0, sizeof s);
    story_load(folder, &s, &d);
    int failed = 0, timed = 0, found = 0;
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
    }
    char shown[ESC_NAME_MAX];
    if (page && !found) {
        fprintf(stderr, "hushabye-story: %s has no page %d\n",
                esc_str(folder, shown, sizeof shown), page);
        failed++;
    } else if (!timed && !failed) {
        printf("%s: no page has both words and a recording to time\n",
               esc_str(folder, shown, sizeof shown));
    }
    story_free(&s);
    diag_free(&d);
    return failed ? TOOL_FAIL : TOOL_OK;
}
