/* app_studio — recording the parent's voice in the player (see studio.h).
 *
 * The microphone is opened when the studio opens (48 kHz mono, exactly what
 * rec.c expects) and polled while recording, which also feeds the meter. On
 * Stop the take is trimmed and levelled at once, so Listen plays what Keep
 * would save. Keep writes the page's narration through take_save(): a
 * temporary file, synced, renamed into place, never two narrations for one
 * page. With no microphone the studio says so and nothing changes. After
 * Keep, a thread of its own times the page's words in the new voice
 * (engine/sys/timing.c: espeak-ng and the aligner, a fraction of a second for
 * a page here, longer on a cheap tablet), so the studio stays responsive; the
 * loop looks every 50 ms until it is done, then traces `aligned page=N
 * words=K`, and the page reads along as soon as the story is read again. */
#include <SDL_atomic.h>
#include <SDL_thread.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "capture.h"
#include "escape.h"
#include "files.h"
#include "i18n.h"
#include "rec.h"
#include "storycopy.h"
#include "take.h"
#include "timing.h"
#include "utf8.h"
#include "wav.h"

static const char *const closing_words[] = {
    /* TRANSLATORS: closing words a parent may choose in the studio, read and
       heard at the end of every night; the family records them in its voice. */
    N_("Mom and Dad are always here."), N_("Mommy and Daddy are always here."),
    N_("Mama and Papa are always here."), N_("Mom is always here."), N_("Dad is always here."),
    N_("Grandma and Grandpa are always here."),
};
#define NWORDS ((int)(sizeof closing_words / sizeof closing_words[0]))

/* The words of a kept take being timed: the thread's inputs and its result. */
struct AppAligner {
    SDL_Thread *thread;
    SDL_atomic_t done;
    char folder[USERDATA_PATH];
    int page;
    int rc;
    TimingResult result;
};

static int aligner_run(void *data)
{
    struct AppAligner *al = data;
    al->rc = timing_page(al->folder, al->page, 0, &al->result);
    SDL_AtomicSet(&al->done, 1);
    return 0;
}

/* Wait for the timing under way (if any), trace it and free it. */
static void aligner_finish(App *a, double now)
{
    struct AppAligner *al = a->studio.aligner;
    if (!al)
        return;
    SDL_WaitThread(al->thread, NULL);
    if (al->rc == TIMING_WRITTEN)
        trace_event(&a->trace, now, "aligned", "page=%d words=%d%s", al->page,
                    al->result.words, al->result.spread ? " spread=1" : "");
    else if (al->rc == TIMING_FAILED)
        diag_add(&a->diags, DIAG_WARNING, al->result.narration, 0,
                 _("the words could not be timed: %s"), al->result.why);
    free(al);
    a->studio.aligner = NULL;
}

/* Time page's words in folder on a thread; a timing still under way is
 * finished first (one espeak-ng reading at a time). */
static void aligner_start(App *a, const char *folder, int page, double now)
{
    aligner_finish(a, now);
    struct AppAligner *al = calloc(1, sizeof *al);
    if (!al)
        return;
    snprintf(al->folder, sizeof al->folder, "%s", folder);
    al->page = page;
    al->thread = SDL_CreateThread(aligner_run, "aligner", al);
    if (!al->thread) {
        aligner_run(al);   /* no thread: time the words here, it is short */
        al->thread = NULL;
    }
    a->studio.aligner = al;
    if (!al->thread)
        aligner_finish(a, now);
}

static void drop_take(AppStudio *s)
{
    free(s->take);
    s->take = NULL;
    s->ntake = 0;
}

/* A fresh microphone buffer for the next take. */
static int open_mic(App *a)
{
    char why[sizeof a->studio.message] = ""; /* as much as the status line holds */
    capture_close(a->studio.cap);
    a->studio.cap = capture_open((size_t)(STUDIO_LIMIT_S * REC_RATE), why, sizeof why);
    if (!a->studio.cap)
        snprintf(a->studio.message, sizeof a->studio.message, "%s", why);
    return a->studio.cap != NULL;
}

static TakeTarget target_of(App *a);

/* Is there a take from before to bring back on the target shown? */
static void refresh_previous(App *a)
{
    TakeTarget t = target_of(a);
    int had = a->studio.st.has_previous;
    a->studio.st.has_previous = take_has_previous(&t);
    if (had != a->studio.st.has_previous)
        a->studio.st.version++;
}

void app_studio_enter(App *a, const Story *story, double now)
{
    AppStudio *s = &a->studio;
    app_screen_leave(a, now);
    s->story = story;
    s->message[0] = '\0';
    s->composed = -1;
    snd_stop_narration(&a->snd, 300);
    if (!a->snd.open)
        snd_open(&a->snd, a->settings.volume, 0, &a->diags); /* for Listen */
    SDL_InitSubSystem(SDL_INIT_AUDIO);
    int mic = open_mic(a);
    studio_begin(&s->st, story ? story->npages : 0, mic, now);
    refresh_previous(a);
    s->open = 1;
    app_screen_enter(a, &screen_studio, now);
}

static void studio_enter(App *a, double now)
{
    const Story *story = a->studio.story;
    trace_event(&a->trace, now, "studio", "folder=%s microphone=%s",
                story && story->name ? story->name : "-", a->studio.st.has_mic ? "yes" : "no");
}

static TakeTarget target_of(App *a)
{
    TakeTarget t = { a->paths.data_dir, 0 };
    if (!studio_is_reassurance(&a->studio.st) && a->studio.story) {
        t.folder = a->studio.story->folder;
        t.page = a->studio.story->pages[a->studio.st.index].number;
    }
    return t;
}

static void stop_capture(App *a, double now)
{
    AppStudio *s = &a->studio;
    size_t n = 0;
    TakeTarget t = target_of(a);
    capture_poll(s->cap);
    capture_stop(s->cap);
    const int16_t *x = capture_samples(s->cap, &n);
    RecReport r;
    drop_take(s);
    RecStatus st = rec_process(x, n, &s->take, &s->ntake, &r);
    double seconds = st == REC_OK ? (double)s->ntake / REC_RATE : 0;
    trace_event(&a->trace, now, "record-stop", "page=%d heard=%.2f kept=%.2f", t.page,
                (double)n / REC_RATE, seconds);
    if (st == REC_OK)
        snprintf(s->message, sizeof s->message,
                 _("Your take: %.1f seconds. Listen, Keep it, or Record again."), seconds);
    else {
        snprintf(s->message, sizeof s->message, _("%s. Nothing was changed."), rec_status_text(st));
        drop_take(s);
    }
    studio_take_ready(&s->st, seconds, now);
    open_mic(a);
}

static void listen(App *a, double now)
{
    unsigned char *wav = NULL;
    size_t len = 0;
    if (!a->studio.take || wav_write(a->studio.take, a->studio.ntake, REC_RATE, 1, &wav, &len))
        return;
    double secs = snd_narrate_bytes(&a->snd, SCENE_STUDIO, wav, len, _("the take"), &a->diags);
    free(wav);
    trace_event(&a->trace, now, "listen", "seconds=%.2f", secs);
    if (secs <= 0)
        studio_listen_done(&a->studio.st, now);
}

/* Another recording of the page (a father's, when a mother records) is never
 * deleted by a save or an undo: it is set aside, hidden, and the trace says
 * where. Returns how many of those were not the hidden take before. */
static int trace_aside(App *a, const TakeTarget *t, const TakeReport *rep, double now)
{
    int others = 0;
    for (int i = 0; i < rep->naside; i++) {
        char n1[ESC_NAME_MAX], n2[ESC_NAME_MAX]; /* a family's names may hold any byte */
        others += !rep->aside[i].was_previous;
        trace_event(&a->trace, now, "record-set-aside", "page=%d file=%s hidden=%s", t->page,
                    esc_str(rep->aside[i].name, n1, sizeof n1),
                    esc_str(rep->aside[i].hidden, n2, sizeof n2));
    }
    return others;
}

static void keep(App *a, double now)
{
    AppStudio *s = &a->studio;
    TakeTarget t = target_of(a);
    char name[64];
    if (!s->take)
        return;
    snd_stop_narration(&a->snd, 100);
    if (t.page == 0 && files_mkdirs(t.folder) < 0) {
        snprintf(s->message, sizeof s->message, "%s",
                 _("Cannot make the family folder; nothing changed."));
        return;
    }
    TakeReport rep;
    if (take_save_report(&t, s->take, s->ntake, name, sizeof name, &rep) < 0) {
        snprintf(s->message, sizeof s->message, _("Could not save (%s); the old recording stays."),
                 strerror(errno));
        return;
    }
    int retired = rep.retired;
    if (t.page == 0 && userdata_voice_words_save(&a->paths, a->reassure.words) == 0)
        userdata_reassurance(&a->paths, a->assets_dir, &a->reassure, &a->diags);
    trace_event(&a->trace, now, "record-saved", "page=%d file=%s", t.page, name);
    int others = trace_aside(a, &t, &rep, now);
    snprintf(s->message, sizeof s->message, "%s%s%s",
             t.page ? _("Kept: this page now plays your voice.")
                    : _("Kept: the closing scene now plays your voice."),
             others ? _(" The other recording is kept, set aside.") : "",
             retired ? _(" (Its old word timings were set aside.)") : "");
    if (t.page)
        aligner_start(a, t.folder, t.page, now);
    drop_take(s);
    studio_kept(&s->st, now);
    refresh_previous(a);
}

/* Bring back the take that Keep replaced. */
static void undo(App *a, double now)
{
    AppStudio *s = &a->studio;
    TakeTarget t = target_of(a);
    char name[300];
    TakeReport rep;
    snd_stop_narration(&a->snd, 100);
    if (take_undo_report(&t, name, sizeof name, &rep) != 0) {
        snprintf(s->message, sizeof s->message, "%s",
                 errno == ENOENT ? _("There is no recording from before to bring back.")
                                 : _("The recording before could not be brought back."));
        s->st.version++;
        return;
    }
    if (t.page == 0) {
        userdata_voice_words_swap(&a->paths);
        userdata_reassurance(&a->paths, a->assets_dir, &a->reassure, &a->diags);
    }
    trace_event(&a->trace, now, "record-undone", "page=%d file=%s", t.page, name);
    int others = trace_aside(a, &t, &rep, now);
    snprintf(s->message, sizeof s->message, "%s%s",
             _("The recording from before is back. (Undo again for the new one.)"),
             others ? _(" The other recording is kept, set aside.") : "");
    studio_undone(&s->st, now);
    refresh_previous(a);
}

/* Save the closing words (atomically) and use them from now on. 0 or -1. */
static int save_words(App *a, const char *words, const char *how, double now)
{
    char path[USERDATA_PATH + 32], line[USERDATA_WORDS + 2];
    snprintf(path, sizeof path, "%s/reassurance.txt", a->paths.data_dir);
    int n = snprintf(line, sizeof line, "%s\n", words);
    if (n <= 1 || n >= (int)sizeof line || files_mkdirs(a->paths.data_dir) != 0 ||
        files_write_atomic(path, line, (size_t)n) != 0)
        return -1;
    userdata_reassurance(&a->paths, a->assets_dir, &a->reassure, &a->diags);
    trace_event(&a->trace, now, "reassurance-words", "%s", how);
    snprintf(a->studio.message, sizeof a->studio.message,
             "%s", _("Saved. Record these words in your voice."));
    return 0;
}

/* The reassurance: the next words from the list, saved at once. */
static void next_words(App *a, double now)
{
    int k = 0;
    char how[32];
    for (int i = 0; i < NWORDS; i++)
        if (strcmp(a->reassure.words, _(closing_words[i])) == 0)
            k = (i + 1) % NWORDS;
    snprintf(how, sizeof how, "index=%d", k);
    save_words(a, _(closing_words[k]), how, now);
}

/* Typing the closing words: start from the words in use. */
static void start_typing(App *a)
{
    snprintf(a->studio.typed, sizeof a->studio.typed, "%s", a->reassure.words);
    a->studio.message[0] = '\0';
    SDL_StartTextInput();
}

static void stop_typing(App *a, int save, double now)
{
    const char *w = a->studio.typed;
    w += strspn(w, " ");
    if (save && (!*w || save_words(a, w, "typed=1", now) < 0))
        snprintf(a->studio.message, sizeof a->studio.message,
                 "%s", _("Those words could not be saved; the old ones stay."));
    SDL_StopTextInput();
    studio_typing_done(&a->studio.st);
}

/* Typed characters, Backspace, Return and Escape while typing. */
static void typing_input(App *a, const InputEvent *e)
{
    char *t = a->studio.typed;
    size_t n = strlen(t);
    if (e->kind == IN_TEXT) {
        size_t add = strlen(e->text), bad;
        if (utf8_valid(e->text, add, &bad) && n + add < sizeof a->studio.typed)
            memcpy(t + n, e->text, add + 1);
    } else if (e->kind == IN_KEY && !strcmp(e->key, "Backspace")) {
        while (n > 0 && ((unsigned char)t[n - 1] & 0xC0) == 0x80)
            n--; /* continuation bytes of the last letter */
        if (n > 0)
            n--;
        t[n] = '\0';
    } else if (e->kind == IN_KEY && !strcmp(e->key, "Return")) {
        stop_typing(a, 1, e->time);
    } else if (e->kind == IN_KEY && !strcmp(e->key, "Escape")) {
        stop_typing(a, 0, e->time);
    } else if (e->kind == IN_TAP &&
               studio_hit(&a->studio.st, a->gfx.w, a->gfx.h, e->x, e->y) == SB_TYPE) {
        stop_typing(a, 1, e->time);
    } else {
        return;
    }
    a->studio.st.version++;
}

/* The story's own copy, held by whoever loaded it (the stories given on the
 * command line, or the shelf): the studio only reads st; changing the story
 * (its folder moved to the family's copy, its narrations read again) is done
 * on the owner's copy, so the player's pointers to it stay good. NULL when
 * nobody holds it. */
static Story *story_owner(App *a, const Story *st)
{
    for (int i = 0; i < a->ngiven; i++)
        if (&a->given[i] == st)
            return &a->given[i];
    for (int i = 0; i < a->sh.shelf.n && i < SHELF_MAX; i++)
        if (&a->sh.shelf.stories[i] == st)
            return &a->sh.shelf.stories[i];
    return NULL;
}

/* The story read again in place: its narrations changed. */
static void reload_story(App *a, const Story *st)
{
    Story *own = story_owner(a, st);
    if (!own)
        return;
    char folder[USERDATA_PATH];
    snprintf(folder, sizeof folder, "%s", own->folder);
    story_free(own);
    app_flush_diags(a);
    story_load(folder, own, &a->diags);
    app_flush_story_diags(a, folder, own);
}

/* Left for another screen: the microphone closed, the story read again. */
static void studio_leave(App *a, double now)
{
    AppStudio *s = &a->studio;
    s->open = 0;
    aligner_finish(a, now);   /* the story is read again below: with its new timings */
    capture_close(s->cap);
    s->cap = NULL;
    drop_take(s);
    snd_stop_narration(&a->snd, 100);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    gfx_release(&a->gfx, SCENE_STUDIO);
    trace_event(&a->trace, now, "studio-closed", NULL);
    userdata_reassurance(&a->paths, a->assets_dir, &a->reassure, &a->diags);
    if (s->story)
        reload_story(a, s->story);
}

/* Done: back to the shelf when there is one (the studio is only ever opened
 * from the shelf when there is), else to the stories given, from the start. */
static void done(App *a, double now)
{
    if (a->has_shelf) {
        app_show_shelf(a, now, 255, PLAYER_FADE_IN);
    } else {
        const Story *list[PLAYER_MAX_STORIES];
        for (int i = 0; i < a->ngiven; i++)
            list[i] = &a->given[i];
        app_play(a, list, a->ngiven, now);
    }
}

static void act(App *a, StudioAction x, double now)
{
    AppStudio *s = &a->studio;
    TakeTarget t = target_of(a);
    switch (x) {
    case SA_START_CAPTURE:
        if (capture_start(s->cap) != 0) { /* unplugged since the studio opened */
            trace_event(&a->trace, now, "record-refused", "page=%d why=microphone", t.page);
            act(a, studio_press(&s->st, SB_RECORD, now), now);
            snprintf(s->message, sizeof s->message,
                     "%s", _("The microphone could not be opened: plug it in and try again."));
            s->st.version++;
            break;
        }
        trace_event(&a->trace, now, "record-start", "page=%d", t.page);
        break;
    case SA_STOP_CAPTURE: stop_capture(a, now); break;
    case SA_PLAY_TAKE: listen(a, now); break;
    case SA_STOP_PLAYING: snd_stop_narration(&a->snd, 100); break;
    case SA_KEEP: keep(a, now); break;
    case SA_UNDO: undo(a, now); break;
    case SA_DROP_TAKE:
        drop_take(s);
        s->message[0] = '\0';
        break;
    case SA_NEXT_WORDS: next_words(a, now); break;
    case SA_START_TYPING: start_typing(a); break;
    case SA_SAVE_TYPED: stop_typing(a, 1, now); break;
    case SA_DONE: done(a, now); return;
    case SA_NONE: break;
    }
    app_flush_diags(a);
}

/* Before a countdown starts: can a take be saved where it goes? A full or
 * read-only folder is said now, in the status line, not after a parent has
 * read the page aloud for two minutes. 1 when recording may start. */
static int room_to_record(App *a, double now)
{
    AppStudio *s = &a->studio;
    int starts = s->st.has_mic && (s->st.state == STUDIO_IDLE || s->st.state == STUDIO_TAKE ||
                                   s->st.state == STUDIO_KEPT);
    if (!starts)
        return 1;
    TakeTarget t = target_of(a);
    char why[sizeof s->message];
    /* A bundled story (read-only once installed) is recorded in the family's
     * copy of it, made now, on the first take: the story (the shelf's or a
     * given one, the app's own) then points at the copy. */
    Story *owner = t.page ? story_owner(a, s->story) : NULL;
    int own = owner ? storycopy_own(owner, a->bundled_dir, a->family_dir, why, sizeof why) : 0;
    if (t.page == 0)
        files_mkdirs(t.folder);          /* the family's folder is made on first use */
    if (own > 0) {
        trace_event(&a->trace, now, "story-copied", "folder=%s", s->story->name);
        t = target_of(a);
    }
    if (own >= 0 && take_check_room(t.folder, STUDIO_LIMIT_S, why, sizeof why) == 0)
        return 1;
    snprintf(s->message, sizeof s->message, "%s", why);
    s->message[0] = (char)(s->message[0] >= 'a' && s->message[0] <= 'z' ? s->message[0] - 32
                                                                         : s->message[0]);
    s->st.version++;                     /* the status line changed: redraw */
    trace_event(&a->trace, now, "record-refused", "page=%d why=%s", t.page, why);
    return 0;
}

/* Behind the gate already: the studio's own buttons and keys only. */
static void studio_input(App *a, const InputEvent *e)
{
    int b = -1;
    if (a->studio.st.typing) {
        typing_input(a, e);
        return;
    }
    if (e->kind == IN_TAP)
        b = studio_hit(&a->studio.st, a->gfx.w, a->gfx.h, e->x, e->y);
    else if (e->kind == IN_KEY)
        b = studio_key(e->key);
    if (b < 0 || (b == SB_RECORD && !room_to_record(a, e->time)))
        return;
    int before = a->studio.st.index;
    act(a, studio_press(&a->studio.st, (StudioButton)b, e->time), e->time);
    if (a->studio.open && a->studio.st.index != before) {
        a->studio.message[0] = '\0';
        refresh_previous(a);
    }
}

static void studio_step(App *a, double now)
{
    AppStudio *s = &a->studio;
    if (s->st.state == STUDIO_RECORDING && s->cap) {
        if (capture_poll(s->cap) != 0)
            act(a, studio_press(&s->st, SB_RECORD, now), now); /* the limit, or memory */
        s->level_db = capture_level_db(s->cap);
    }
    act(a, studio_update(&s->st, now), now);
    if (s->aligner && SDL_AtomicGet(&s->aligner->done))
        aligner_finish(a, now);
}

static double studio_next(App *a, double now)
{
    double next = studio_next_change(&a->studio.st, now);
    if (a->studio.aligner && (next < 0 || next > now + 0.05))
        next = now + 0.05;   /* look again soon: the words are being timed */
    return next;
}

/* The take played out (Listen). */
static void studio_sound_end(App *a, SceneId scene, double now)
{
    studio_listen_done(&a->studio.st, now);
}

/* The status line: where we are and what to do next. */
static void status_text(App *a, char *buf, size_t len, double now)
{
    const Studio *st = &a->studio.st;
    int secs = (int)(now - st->t0);
    if (st->typing)
        snprintf(buf, len, "%s",
                 _("Type the closing words, then Return to save them (Escape: cancel)."));
    else if (!st->has_mic)
        snprintf(buf, len, "%s", a->studio.message);
    else if (st->state == STUDIO_COUNTDOWN)
        snprintf(buf, len, _("Get ready... %d"), (int)(STUDIO_COUNTDOWN_S - (now - st->t0)) + 1);
    else if (st->state == STUDIO_RECORDING)
        /* TRANSLATORS: %1$d minutes and %2$02d seconds recorded so far. */
        snprintf(buf, len, _("Recording %1$d:%2$02d. Press Stop when you are done."),
                 secs / 60, secs % 60);
    else if (st->state == STUDIO_LISTENING)
        snprintf(buf, len, "%s", _("Listening..."));
    else if (a->studio.message[0])
        snprintf(buf, len, "%s", a->studio.message);
    else if (studio_is_reassurance(st))
        snprintf(buf, len, "%s",
                 a->reassure.voice_stale
                     ? _("The closing words changed: record them again in your voice.")
                     : _("The closing words. Press Record, then say them."));
    else
        /* TRANSLATORS: %1$s is the story's title, %2$d the page, %3$d the pages. */
        snprintf(buf, len, _("%1$s: page %2$d of %3$d. Press Record, then read the words."),
                 a->studio.story && a->studio.story->title ? a->studio.story->title
                                                           : _("This story"),
                 st->index + 1, st->ntargets - 1);
}

static void studio_compose(App *a)
{
    const Studio *st = &a->studio.st;
    int w = a->gfx.w, h = a->gfx.h, n = 0;
    double now = app_now(a);
    char status[1024];   /* a title and a sentence, three bytes a letter in Hindi */
    ComposeButton b[SB_COUNT];
    ComposePanel p;
    memset(&p, 0, sizeof p);
    const char *words = a->reassure.words;
    char typing[USERDATA_WORDS + 8];
    if (st->typing) {
        snprintf(typing, sizeof typing, "%s|", a->studio.typed); /* the caret */
        words = typing;
    } else if (!studio_is_reassurance(st) && a->studio.story) {
        words = a->studio.story->pages[st->index].text;
        if (!words)
            words = _("(This page has no words: say what you like.)");
    }
    status_text(a, status, sizeof status, now);
    for (int i = 0; i < SB_COUNT; i++)
        if (studio_button_shown(st, (StudioButton)i))
            b[n++] = (ComposeButton){ studio_button_rect(w, h, (StudioButton)i),
                                      studio_label(st, (StudioButton)i), 0 };
    p.title = words;
    p.title_box = studio_words_rect(w, h);
    p.status = status;
    p.status_box = studio_status_rect(w, h);
    p.meter = st->state == STUDIO_RECORDING
                  ? (int)((a->studio.level_db + 60.0) / 60.0 * 1000.0) : -1;
    if (p.meter < -1)
        p.meter = 0;
    p.meter_box = studio_meter_rect(w, h);
    p.buttons = b;
    p.nbuttons = n;
    p.font = gfx_font_for(&a->gfx, words);
    /* The page's words are the story's; the interface is the rest. */
    app_trace_ui(a, p.status);
    for (int i = 0; i < n; i++)
        app_trace_ui(a, b[i].label);
    ComposeImage img;
    if (compose_panel(&p, w, h, &img) == 0) {
        gfx_upload_scene(&a->gfx, SCENE_STUDIO, &img);
        compose_free(&img);
    }
}

static int studio_scene(App *a, double t, PlayerScene *s)
{
    double now = app_now(a); /* the clock as the panel is composed, not the turn's */
    /* The picture changes with the state, and while counting down or
     * recording with each tick of the clock and the meter. */
    AppStudio *st = &a->studio;
    double tick = studio_next_change(&st->st, now);
    int ticks = tick < PLAYER_NEVER ? (int)((now - st->st.t0) * STUDIO_METER_HZ) : 0;
    if (st->st.version != st->pic_version || ticks != st->pic_ticks) {
        st->pic_version = st->st.version;
        st->pic_ticks = ticks;
        st->picture++;
    }
    player_scene_single(s, SCENE_STUDIO, 230, st->picture);
    return 0;
}

static void studio_prepare(App *a, const PlayerScene *s)
{
    int version = s->layer[0].version;
    if (a->studio.composed != version || !gfx_has(&a->gfx, SCENE_STUDIO))
        studio_compose(a);
    a->studio.composed = version;
}

/* The shelf and the parents' studio count as the shelf's frames. */
static PlayerPhase studio_phase(const App *a)
{
    return PHASE_SHELF;
}

const Screen screen_studio = {
    .name = "studio",
    .enter = studio_enter,
    .leave = studio_leave,
    .input = studio_input,
    .step = studio_step,
    .next_change = studio_next,
    .phase = studio_phase,
    .scene = studio_scene,
    .prepare = studio_prepare,
    .sound_end = studio_sound_end,
    .back_label = N_("Back to the story"),
};
