/* record — a page's narration, or the reassurance, from the microphone.
 *
 *   hushabye-story record FOLDER --page N [--seconds S]
 *   hushabye-story record --reassurance [--seconds S]
 *   hushabye-story record FOLDER --page N --undo     (or --reassurance --undo)
 *
 * --undo brings back the recording the last one replaced (kept hidden by
 * take.c); undoing again gives the newer one back. A page the story does not
 * have is refused before anything else: a recording for "page 9" of a 6-page
 * story would play nowhere.
 *
 * Everything is checked before the microphone is opened (the folder, the page
 * number, the length), and the microphone is opened before anything else
 * happens, so "no microphone" is said at once and nothing is touched. Whether
 * the take can be saved at all (the folder writable, room on the disk for S
 * seconds) is asked even before that (take_check_room). On a
 * terminal a short countdown comes first and a level meter runs while
 * recording; Enter stops, or S seconds of sound (counted in samples heard, not
 * in wall-clock time, so a slow device still gives S seconds). Nothing is
 * written until the take is trimmed, levelled and complete (take.c): a
 * recording killed half-way leaves the old narration exactly as it was. */
#include "capture.h"
#include "escape.h"
#include "files.h"
#include "rec.h"
#include "story.h"
#include "take.h"
#include "tool.h"
#include "userdata.h"

#include <SDL.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RECORD_POLL_MS 20
#define RECORD_METER   30      /* characters in the meter bar */

typedef struct {
    const char *folder;
    int page;                  /* 0 = the reassurance */
    double seconds;
    int undo;                  /* --undo: bring back the recording before */
    char data_dir[USERDATA_PATH];
} RecordArgs;

static void record_usage(void)
{
    fputs(_("usage: hushabye-story record FOLDER --page N [--seconds S]\n"
          "       hushabye-story record --reassurance [--seconds S]\n"
          "       hushabye-story record FOLDER --page N --undo\n"
          "       hushabye-story record --reassurance --undo\n"
          "Records until you press Enter (or S seconds, at most 120), then trims the\n"
          "silence, evens out the level and saves NN.wav in the folder (or the closing\n"
          "words' recording), replacing the old one, which is kept: --undo brings it\n"
          "back (and undoing again, the newer one).\n"), stderr);
}

/* A whole number 1..999 or a length 0.5..120 s; -1 when it is not. */
static double record_number(const char *s, double lo, double hi)
{
    char *end = NULL;
    errno = 0;
    double v = s ? strtod(s, &end) : -1;
    return errno || !end || end == s || *end || !(v >= lo && v <= hi) ? -1 : v;
}

/* Parse the arguments; 0 ok, else a message was printed. */
static int record_parse(int argc, char **argv, RecordArgs *a)
{
    int reassurance = 0;
    a->seconds = REC_PAGE_SECONDS;
    for (int i = 0; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--reassurance") == 0) {
            reassurance = 1;
        } else if (strcmp(argv[i], "--page") == 0) {
            double p = record_number(v, 1, 999);
            a->page = p == (int)p ? (int)p : -1;
            i++;
        } else if (strcmp(argv[i], "--undo") == 0) {
            a->undo = 1;
        } else if (strcmp(argv[i], "--seconds") == 0) {
            a->seconds = record_number(v, 0.5, REC_PAGE_SECONDS);
            i++;
        } else if (argv[i][0] != '-' && !a->folder) {
            a->folder = argv[i];
        } else {
            char shown[ESC_NAME_MAX];
            fprintf(stderr, _("hushabye-story record: unexpected '%s'\n"),
                    esc_str(argv[i], shown, sizeof shown));
            return -1;
        }
    }
    if (a->seconds < 0 || (!reassurance && a->page <= 0) || reassurance == !!a->folder ||
        (reassurance && a->page)) {
        fputs(a->seconds < 0 ? _("hushabye-story record: --seconds takes 0.5 to 120\n")
              : _("hushabye-story record: give a story FOLDER and --page N (1 to 999), "
                  "or --reassurance\n"), stderr);
        return -1;
    }
    return 0;
}

/* Where the take goes: the story folder, or the family's data folder (made). */
static int record_target(RecordArgs *a, TakeTarget *t)
{
    t->page = a->page;
    if (a->folder) {
        t->folder = a->folder;
        if (take_is_folder(a->folder))
            return 0;
        char shown[ESC_NAME_MAX];
        fprintf(stderr, _("hushabye-story record: '%s' is not a folder\n"),
                esc_str(a->folder, shown, sizeof shown));
        return -1;
    }
    UserPaths u;
    if (userdata_paths(&u) != 0 || files_mkdirs(u.data_dir) != 0) {
        fputs(_("hushabye-story record: the family's data folder cannot be made "
              "(is HOME set?)\n"), stderr);
        return -1;
    }
    snprintf(a->data_dir, sizeof a->data_dir, "%s", u.data_dir);
    t->folder = a->data_dir;
    return 0;
}

/* Has Enter been pressed? Standard input that ends (a file, /dev/null) is
 * ignored from then on. */
static int record_enter(int *stdin_open)
{
    struct pollfd p = { .fd = 0, .events = POLLIN };
    if (!*stdin_open || poll(&p, 1, 0) <= 0)
        return 0;
    char buf[64];
    ssize_t r = read(0, buf, sizeof buf);
    if (r <= 0) {
        *stdin_open = 0;
        return 0;
    }
    return memchr(buf, '\n', (size_t)r) != NULL;
}

static void record_meter(const Capture *c, size_t n, int tty)
{
    if (!tty)
        return;
    double db = capture_level_db(c);
    int bars = db <= -60 ? 0 : (int)((db + 60) / 60 * RECORD_METER);
    char bar[RECORD_METER + 1];
    for (int i = 0; i < RECORD_METER; i++)
        bar[i] = i < bars ? '#' : ' ';
    bar[RECORD_METER] = '\0';
    /* The bar is the loudness; a parent needs no number for it. */
    fputc('\r', stderr); /* over the line before */
    /* TRANSLATORS: the recording's meter: %1$s the bar, %2$s quiet, good or
       loud, %3$5.1f the seconds so far. */
    fprintf(stderr, _("  [%1$s] %2$-10s %3$5.1f s  (Enter stops) "), bar,
            db < -45 ? _("quiet") : db < -12 ? _("good") : _("loud"), (double)n / REC_RATE);
}

static void record_countdown(const char *label, int tty)
{
    if (!tty)
        return;
    fprintf(stderr, _("Recording %s in"), label);
    for (int i = 3; i > 0; i--) {
        fprintf(stderr, " %d...", i);
        SDL_Delay(1000);
    }
    fputs(_(" now.\n"), stderr);
}

/* Listen until Enter, the length or a failure. 0 ok (samples in c). */
static int record_listen(Capture *c, int tty)
{
    int stdin_open = 1, rc = 0;
    size_t n = 0;
    if (capture_start(c) != 0) {
        fprintf(stderr, _("hushabye-story record: the microphone could not be opened: %s\n"),
                SDL_GetError());
        return -1;
    }
    while (rc == 0) {
        SDL_Delay(RECORD_POLL_MS);
        rc = capture_poll(c);
        capture_samples(c, &n);
        record_meter(c, n, tty);
        if (record_enter(&stdin_open))
            break;
    }
    capture_stop(c);
    if (tty)
        fputc('\n', stderr);
    return rc < 0 ? -1 : 0;
}

/* Is page a page of the story in folder? If not, say which pages it has. */
static int record_page_exists(const char *folder, int page)
{
    Story s;
    Diags quiet = { 0 };
    int found = 0, first = 0, last = 0;
    memset(&s, 0, sizeof s);
    story_load(folder, &s, &quiet);
    for (int i = 0; i < s.npages; i++) {
        found |= s.pages[i].number == page;
        first = i == 0 ? s.pages[i].number : first;
        last = s.pages[i].number;
    }
    if (!found && s.npages > 0)
        /* TRANSLATORS: %1$d the page asked for, %2$d the story's pages, numbered
           from %3$d to %4$d. */
        fprintf(stderr, ngettext("hushabye-story record: this story has no page %1$d (its %2$d "
                                 "page is numbered %3$d to %4$d); record one of those, or add "
                                 "page %1$d's picture or words first\n",
                                 "hushabye-story record: this story has no page %1$d (its %2$d "
                                 "pages are numbered %3$d to %4$d); record one of those, or add "
                                 "page %1$d's picture or words first\n",
                                 (unsigned long)s.npages),
                page, s.npages, first, last);
    else if (!found)
        fprintf(stderr, _("hushabye-story record: this folder has no pages yet: add the "
                "pictures (01.png, 02.png, ...) first\n"));
    story_free(&s);
    diag_free(&quiet);
    return found;
}

/* --undo: the recording before is back, or there is none. */
static int record_undo(const TakeTarget *t)
{
    char name[300], label[TAKE_LABEL_MAX];
    TakeReport rep;
    take_label(t, label, sizeof label);
    if (take_undo_report(t, name, sizeof name, &rep) != 0) {
        if (errno == ENOENT)
            fprintf(stderr, _("hushabye-story record: %s: there is no earlier recording to "
                    "bring back\n"), label);
        else if (errno == EILSEQ)
            fprintf(stderr, _("hushabye-story record: %s: the file kept as the earlier "
                    "recording is not a recording (or not a plain file); nothing was "
                    "changed\n"), label);
        else
            fprintf(stderr, _("hushabye-story record: %1$s: the earlier recording could not be "
                    "brought back (%2$s); nothing was changed\n"), label, strerror(errno));
        return TOOL_FAIL;
    }
    if (t->page == 0) {
        UserPaths u;
        if (userdata_paths(&u) == 0)
            userdata_voice_words_swap(&u);
    }
    char shown[ESC_NAME_MAX];
    printf(_("%1$s: the recording from before is back (%2$s); the one it replaced is kept, so "
           "--undo again brings that back\n"), label, esc_str(name, shown, sizeof shown));
    take_print_kept(stdout, t, label, &rep); /* recordings put there since: set aside */
    return TOOL_OK;
}

int cmd_record(int argc, char **argv)
{
    RecordArgs a = { 0 };
    TakeTarget t = { 0 };
    if (record_parse(argc, argv, &a) != 0) {
        record_usage();
        return TOOL_USAGE;
    }
    if (record_target(&a, &t) != 0)
        return TOOL_FAIL;
    if (a.page && !record_page_exists(t.folder, a.page))
        return TOOL_FAIL;
    if (a.undo)
        return record_undo(&t);
    /* Before the microphone and the countdown: a full or read-only folder is
     * said now, not after a parent has read the page aloud. */
    char room[200];
    files_clean_temps(t.folder);
    if (take_check_room(t.folder, a.seconds, room, sizeof room) != 0) {
        fprintf(stderr, _("hushabye-story record: %s; nothing was recorded\n"), room);
        return TOOL_FAIL;
    }
    if (SDL_Init(SDL_INIT_AUDIO) != 0) {
        fprintf(stderr, _("hushabye-story record: sound does not work here: %s\n"),
                SDL_GetError());
        return TOOL_FAIL;
    }
    char why[256], label[TAKE_LABEL_MAX];
    size_t want = (size_t)(a.seconds * REC_RATE);
    Capture *c = capture_open(want, why, sizeof why);
    if (!c) {
        fprintf(stderr, _("hushabye-story record: %s; nothing was changed\n"), why);
        SDL_Quit();
        return TOOL_FAIL;
    }
    int tty = isatty(0) && isatty(2);
    record_countdown(take_label(&t, label, sizeof label), tty);
    int rc = record_listen(c, tty);
    size_t n = 0;
    const int16_t *s = capture_samples(c, &n);
    if (rc != 0)
        fputs(_("hushabye-story record: out of memory; nothing was changed\n"), stderr);
    else
        rc = take_finish(&t, s, n, stdout);
    capture_close(c);
    SDL_Quit();
    return rc == 0 ? TOOL_OK : TOOL_FAIL;
}
