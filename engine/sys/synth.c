/* synth — see synth.h. espeak-ng gives its audio and its events through one
 * callback, in blocks; the samples are gathered into a growing buffer (a page
 * of words is a few seconds: a few hundred KB) and the word events into the
 * page's words. */
#include "synth.h"

#include "i18n.h"

#include <errno.h>
#include <espeak-ng/speak_lib.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SYNTH_MAX_SECONDS 1200   /* 2000 words said slowly: never more */
/* How long a reading may take in its own process (2000 words take espeak-ng
 * about 10 s on a slow machine; under an emulator ten times that). */
#define SYNTH_WAIT_SECONDS 300.0
/* Silence around the reading, so a recording's own silence before the first
 * word and after the last has something to be matched with. */
#define SYNTH_PAD_SECONDS 0.3
/* espeak-ng's pauses are digital silence; a recording's hold the room. A
 * whisper of noise (about -66 dB) gives the pauses a spectrum like a room's,
 * so pauses match pauses rather than the quietest sounds of a word. */
#define SYNTH_DITHER 0.0005f

typedef struct {
    short *pcm;
    size_t n, cap;
    int rate;
    int failed;
    const size_t *cstart, *clen;   /* the words' character ranges */
    int nwords;
    AlignWord *words;
} SynthRun;

static pthread_mutex_t synth_lock = PTHREAD_MUTEX_INITIALIZER;
static int synth_rate;   /* espeak-ng's sample rate, 0 before it is set up */

/* The word holding character position pos (0-based), or the next one after
 * it (an event on the space before a word); -1 past the end. */
static int synth_word_at(const SynthRun *r, int pos)
{
    for (int k = 0; k < r->nwords; k++)
        if ((size_t)pos < r->cstart[k] + r->clen[k])
            return k;
    return -1;
}

static int synth_callback(short *wav, int numsamples, espeak_EVENT *ev)
{
    SynthRun *r = ev ? ev->user_data : NULL;
    if (!r)
        return 0;
    for (; ev->type != espeakEVENT_LIST_TERMINATED; ev++)
        if (ev->type == espeakEVENT_WORD) {
            int k = synth_word_at(r, ev->text_position - 1);
            double t = ev->audio_position / 1000.0;
            if (k >= 0 && (r->words[k].start < 0 || t < r->words[k].start))
                r->words[k].start = t;
        }
    if (numsamples > 0 && wav && !r->failed) {
        if (r->n + (size_t)numsamples > (size_t)SYNTH_MAX_SECONDS * (size_t)r->rate) {
            r->failed = 1;
            return 1;   /* stop: far longer than any page's words can take */
        }
        if (r->n + (size_t)numsamples > r->cap) {
            size_t cap = (r->cap ? r->cap * 2 : 65536) + (size_t)numsamples;
            short *p = realloc(r->pcm, cap * sizeof *p);
            if (!p) {
                r->failed = 1;
                return 1;
            }
            r->pcm = p;
            r->cap = cap;
        }
        memcpy(r->pcm + r->n, wav, (size_t)numsamples * sizeof *wav);
        r->n += (size_t)numsamples;
    }
    return 0;
}

/* Set espeak-ng up once per process. Called with the lock held. */
static int synth_setup(void)
{
    if (synth_rate > 0)
        return 0;
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, 0);
    if (rate <= 0)
        return -1;
    espeak_SetSynthCallback(synth_callback);
    synth_rate = rate;
    return 0;
}

/* A language code as espeak-ng names its voices ("en", "pt-br", "cmn"):
 * letters, digits and '-' only. story.ini is untrusted and espeak-ng looks a
 * voice name up as a file under its data folder, so "../x" never reaches it. */
static int synth_lang_ok(const char *lang)
{
    size_t n = 0;
    for (; lang[n]; n++)
        if (!((lang[n] >= 'a' && lang[n] <= 'z') || (lang[n] >= 'A' && lang[n] <= 'Z') ||
              (lang[n] >= '0' && lang[n] <= '9') || lang[n] == '-') || n >= 15)
            return 0;
    return n > 0;
}

static int synth_voice(const char *lang)
{
    if (!synth_lang_ok(lang))
        return -1;
    if (espeak_SetVoiceByName(lang) == EE_OK)
        return 0;
    espeak_VOICE want;
    memset(&want, 0, sizeof want);
    want.languages = lang;
    return espeak_SetVoiceByProperties(&want) == EE_OK ? 0 : -1;
}

/* Character ranges of the words (UTF-8: count lead bytes). */
static void synth_chars(const char *text, const size_t *starts, const size_t *lens, int n,
                        size_t *cstart, size_t *clen)
{
    size_t b = 0, c = 0;
    for (int k = 0; k < n; k++) {
        for (; b < starts[k]; b++)
            c += ((unsigned char)text[b] & 0xC0) != 0x80;
        cstart[k] = c;
        size_t l = 0;
        for (size_t i = 0; i < lens[k]; i++)
            l += ((unsigned char)text[starts[k] + i] & 0xC0) != 0x80;
        clen[k] = l;
    }
}

/* 1 when the word has a letter or a digit (any non-ASCII byte counts as a
 * letter): something espeak-ng says, unlike "-" or "...". */
static int synth_sayable(const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            return 1;
    }
    return 0;
}

/* espeak-ng now and then says a word without reporting it (Czech "mesic."
 * at a sentence's end, with its accents): the word would then be given the
 * next word's time, a whole pause late. A sayable word without an event
 * shares the time from the word before it to the next word with an event by
 * the characters of each, so it starts inside what espeak said (the aligner
 * moves it on to the voice). Words with nothing to say keep no time. */
static void synth_fill(AlignWord *w, const size_t *clen, const char *text, const size_t *starts,
                       const size_t *lens, int n, const short *pcm, size_t npcm, int rate)
{
    double seconds = (double)npcm / rate;
    for (int k = 0; k < n; k++) {
        if (w[k].start >= 0 || !synth_sayable(text + starts[k], lens[k]))
            continue;
        int p = k - 1;
        while (p >= 0 && w[p].start < 0)
            p--;
        int q = k + 1;
        while (q < n && w[q].start < 0)
            q++;
        double from = p >= 0 ? w[p].start : 0.0, to = q < n ? w[q].start : seconds;
        /* Not over the pause before the next word: to where the sound ends
         * (the last 10 ms with a sample above -40 dB). */
        size_t a = (size_t)(from * rate), b = (size_t)(to * rate), blk = (size_t)rate / 100;
        while (b > a + blk && b <= npcm) {
            int loud = 0;
            for (size_t i = b - blk; i < b && !loud; i++)
                loud = pcm[i] > 327 || pcm[i] < -327;
            if (loud)
                break;
            b -= blk;
        }
        to = (double)b / rate;
        size_t before = 0, all = 0;
        for (int j = p >= 0 ? p : 0; j < q; j++) {
            if (j < k)
                before += clen[j];
            all += clen[j];
        }
        if (all > 0 && to > from)
            w[k].start = from + (to - from) * (double)before / (double)all;
    }
}

/* Each word ends where the next one with sound starts; the last at the end. */
static void synth_ends(AlignWord *w, int n, double seconds)
{
    double next = seconds;
    for (int k = n - 1; k >= 0; k--) {
        w[k].end = w[k].start >= 0 ? next : -1.0;
        if (w[k].start >= 0)
            next = w[k].start;
    }
}

/* How a reading went (the parent's words for each are in synth_words). */
enum { SAY_OK, SAY_NO_START, SAY_NO_VOICE, SAY_UNREAD };

/* espeak-ng reads the words into r, in this process. lock: 0 only in a child
 * of fork, which has one thread and must not wait on a copy of a lock some
 * other thread of its parent held at the fork. */
static int synth_say(const char *copy, size_t len, const char *lang, SynthRun *r, int lock)
{
    int rc = SAY_OK;
    if (lock)
        pthread_mutex_lock(&synth_lock);
    if (synth_setup() != 0) {
        rc = SAY_NO_START;
    } else if (synth_voice(lang) != 0) {
        rc = SAY_NO_VOICE;
    } else {
        r->rate = synth_rate;
        espeak_ERROR e = espeak_Synth(copy, len + 1, 0, POS_CHARACTER, 0,
                                      espeakCHARS_UTF8, NULL, r);
        if (e != EE_OK || r->failed || r->n == 0)
            rc = SAY_UNREAD;
    }
    if (lock)
        pthread_mutex_unlock(&synth_lock);
    return rc;
}

static int put_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* n bytes from fd before the deadline (CLOCK_MONOTONIC seconds). */
static int get_all(int fd, void *buf, size_t n, double deadline)
{
    char *p = buf;
    while (n > 0) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        double left = deadline - (ts.tv_sec + ts.tv_nsec / 1e9);
        if (left <= 0)
            return -1;
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        int ready = poll(&pfd, 1, left > 1e6 ? 1000000000 : (int)(left * 1000.0) + 1);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return -1;
        ssize_t k = read(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* The reading done in a child process, each time from espeak-ng's state as it
 * is before any reading. espeak-ng 1.51 keeps its voice generator's phase
 * from one reading to the next (re-initialising does not reset it), so in
 * one process a page's synthetic voice, and with it its timings (up to 50 ms
 * on the bundled stories), depended on the pages read before it. Apart, a
 * page is timed the same alone or in a run. And the words are a story
 * folder's, untrusted: should espeak-ng crash or spin on them, the child goes
 * (SYNTH_WAIT_SECONDS at most) and the words are spread by syllables; the
 * tool and the studio go on. Where no child can be made, it reads here. */
static int synth_say_apart(const char *copy, size_t len, const char *lang, SynthRun *r)
{
    int fd[2];
    if (pipe(fd) != 0)
        return synth_say(copy, len, lang, r, 1);
    fcntl(fd[0], F_SETFD, FD_CLOEXEC);   /* not into a program another thread starts */
    fcntl(fd[1], F_SETFD, FD_CLOEXEC);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return synth_say(copy, len, lang, r, 1);
    }
    if (pid == 0) {
        close(fd[0]);
        /* Its parent's signals are not its own: a parent that went away
         * ends it (a write to the closed pipe), as a signal to it does. */
        const int sigs[] = { SIGPIPE, SIGTERM, SIGINT, SIGHUP };
        for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
            signal(sigs[i], SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        pthread_sigmask(SIG_SETMASK, &none, NULL);
        /* espeak-ng talks to stderr on its own ("No envelope" for each of a
         * Chinese page's characters, MBROLA's pipe errors): the parent says
         * what matters, in a parent's words. */
        int quiet = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (quiet >= 0) {
            dup2(quiet, 2);
            close(quiet);
        }
        /* Tests stand in for espeak-ng failing on a story's words. */
        const char *fault = getenv("HUSHABYE_SYNTH_FAULT");
        if (fault && strcmp(fault, "crash") == 0)
            raise(SIGSEGV);
        while (fault && strcmp(fault, "hang") == 0)
            pause();
        int32_t head[2] = { synth_say(copy, len, lang, r, 0), r->rate };
        uint64_t n = head[0] == SAY_OK ? r->n : 0;
        int bad = put_all(fd[1], head, sizeof head) || put_all(fd[1], &n, sizeof n);
        for (int k = 0; k < r->nwords && !bad && n; k++)
            bad = put_all(fd[1], &r->words[k].start, sizeof r->words[k].start);
        if (!bad && n)
            bad = put_all(fd[1], r->pcm, n * sizeof *r->pcm);
        _exit(bad ? 1 : 0);   /* not exit(): nothing of the parent's is run or flushed */
    }
    close(fd[1]);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    const char *fault = getenv("HUSHABYE_SYNTH_FAULT");
    double deadline = ts.tv_sec + ts.tv_nsec / 1e9 +
                      (fault && strcmp(fault, "hang") == 0 ? 1.0 : SYNTH_WAIT_SECONDS);
    int32_t head[2] = { SAY_UNREAD, 0 };
    uint64_t n = 0;
    int rc = SAY_UNREAD;
    if (get_all(fd[0], head, sizeof head, deadline) == 0 &&
        get_all(fd[0], &n, sizeof n, deadline) == 0 && head[0] >= SAY_OK &&
        head[0] <= SAY_UNREAD) {
        rc = head[0];
        if (rc == SAY_OK && (n == 0 || head[1] <= 0 || head[1] > 384000 ||
                             n > (uint64_t)SYNTH_MAX_SECONDS * (uint64_t)head[1]))
            rc = SAY_UNREAD;
        for (int k = 0; k < r->nwords && rc == SAY_OK; k++)
            if (get_all(fd[0], &r->words[k].start, sizeof r->words[k].start, deadline) != 0)
                rc = SAY_UNREAD;
        if (rc == SAY_OK) {
            r->pcm = malloc((size_t)n * sizeof *r->pcm);
            if (!r->pcm || get_all(fd[0], r->pcm, (size_t)n * sizeof *r->pcm, deadline) != 0) {
                free(r->pcm);
                r->pcm = NULL;
                rc = SAY_UNREAD;
            } else {
                r->n = (size_t)n;
                r->rate = head[1];
            }
        }
    }
    close(fd[0]);
    if (rc != SAY_OK)
        for (int k = 0; k < r->nwords; k++)
            r->words[k].start = -1.0;
    /* Done or not, the child is ended and reaped (one that spun past the
     * deadline is killed). */
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
    return rc;
}

int synth_words(const char *text, size_t len, const char *lang, const size_t *starts,
                const size_t *lens, int n, float **pcm, size_t *npcm, int *rate,
                AlignWord *words, char *why, size_t whylen)
{
    *pcm = NULL;
    *npcm = 0;
    if (!lang || !*lang)
        lang = "en";
    size_t *cs = malloc(((size_t)n + 1) * 2 * sizeof *cs);
    char *copy = malloc(len + 1);
    if (!cs || !copy) {
        free(cs);
        free(copy);
        snprintf(why, whylen, _("there was not enough memory"));
        return SYNTH_FAILED;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    synth_chars(text, starts, lens, n, cs, cs + n + 1);
    SynthRun r = { .cstart = cs, .clen = cs + n + 1, .nwords = n, .words = words };
    for (int k = 0; k < n; k++)
        words[k].start = words[k].end = -1.0;
    int said = synth_say_apart(copy, len, lang, &r);
    int rc = said == SAY_OK ? SYNTH_OK : said == SAY_NO_VOICE ? SYNTH_NO_VOICE : SYNTH_FAILED;
    if (said == SAY_NO_START)
        snprintf(why, whylen, _("the synthetic voice (espeak-ng) could not start"));
    else if (said == SAY_NO_VOICE)
        snprintf(why, whylen, _("espeak-ng has no voice for the language '%s'"),
                 synth_lang_ok(lang) ? lang : "(not a language code)");
    else if (said != SAY_OK)
        snprintf(why, whylen, _("the synthetic voice could not read the words"));
    if (rc == SYNTH_OK) {
        float *f = malloc((r.n + 2 * (size_t)(SYNTH_PAD_SECONDS * r.rate)) * sizeof *f);
        if (!f) {
            snprintf(why, whylen, _("there was not enough memory"));
            rc = SYNTH_FAILED;
        } else {
            size_t pad = (size_t)(SYNTH_PAD_SECONDS * r.rate);
            uint32_t seed = 22222;
            for (size_t i = 0; i < r.n + 2 * pad; i++) {
                seed = seed * 1664525u + 1013904223u;
                float d = ((float)(seed >> 9) / 4194304.0f - 1.0f) * SYNTH_DITHER;
                f[i] = (i >= pad && i < pad + r.n ? r.pcm[i - pad] / 32768.0f : 0.0f) + d;
            }
            *pcm = f;
            *npcm = r.n + 2 * pad;
            *rate = r.rate;
            synth_fill(words, cs + n + 1, text, starts, lens, n, r.pcm, r.n, r.rate);
            for (int k = 0; k < n; k++)
                if (words[k].start >= 0)
                    words[k].start += (double)pad / r.rate;
            synth_ends(words, n, (double)(r.n + pad) / r.rate);
        }
    }
    free(r.pcm);
    free(cs);
    free(copy);
    return rc;
}
