/* snd — narration and music streamed through SDL_mixer's post-mix hook (see snd.h).
 *
 * SDL_mixer only opens the device and calls snd_postmix on the audio thread;
 * every sound is one of four slots (two narration voices so one can fade out
 * while the next begins, two music voices likewise). The main thread opens a
 * decoder (files_open_fd: story-folder rules, size cap; sniffed, never guessed)
 * and its resampler outside the lock, then swaps it into a slot under the
 * lock; the old decoder is freed after the lock is released, so the audio
 * thread never sees a freed one. The audio thread decodes a block at a time as
 * the voices need it: memory stays a few hundred KB whatever the files' length.
 * Every start is a short fade-in and every stop a fade-out: nothing in
 * Hushabye may start or stop with a click. The audio thread also ducks the
 * lullaby while a narration voice is sounding, and lets it back up when the
 * narration ends, pauses or is stopped: it knows the moment exactly, so the
 * main thread never has to chase the narration's end to do it. */
#include "snd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bookkey.h"
#include "files.h"
#include "i18n.h"
#include "mixer.h"
#include "scene.h"
#include "player.h"
#include "sniff.h"

#define FADE_IN_MS 40
#define MUSIC_FADE_IN_MS 3000   /* a lullaby creeps in, never starts */
#define MUSIC_CHANGE_MS 1000    /* the last story's lullaby makes way */
#define SEAM_MS 10              /* a looping lullaby's end crossfaded into its start */
#define AUDIO_RATE 48000
#define AUDIO_CHUNK 4096        /* a large buffer: fewer wake-ups of the audio thread */

static size_t ms_frames(const Snd *s, double ms)
{
    return ms > 0 ? (size_t)(ms * s->rate / 1000.0) : 0;
}

/* ---- the audio thread ---- */

/* Decode into the resampler until it can give want frames, or the sound
 * has ended. Music starts again at its end. */
static void slot_fill(SndSlot *sl, size_t want)
{
    size_t room;
    while (resample_ready(sl->rs) < want && (room = resample_room(sl->rs)) > 0) {
        size_t n = audio_read(sl->dec, sl->block, room < SND_BLOCK ? room : SND_BLOCK);
        if (n > 0) {
            loud_apply(&sl->norm, sl->block, n);   /* at the source rate: fewer samples */
            sl->since_rewind += n;
            size_t put = n;
            if (sl->loop)              /* its last frames held back for the seam */
                resample_put(sl->rs, sl->joined,
                             put = seam_feed(&sl->seam, sl->block, n, sl->joined));
            else
                resample_put(sl->rs, sl->block, n);
            sl->put_since += put;
        } else if (sl->loop && sl->since_rewind > 0 && sl->put_since > 0 &&
                   audio_status(sl->dec) == AUDIO_OK && audio_rewind(sl->dec) == 0) {
            /* A rewind that gives nothing, or a pass the seam held whole (a
             * loop no longer than the seam, which would spin here for ever
             * with the lock held), ends the loop. */
            sl->since_rewind = 0;
            sl->put_since = 0;
            seam_end(&sl->seam);       /* the end crossfaded into the start */
        } else {
            if (sl->loop && sl->seam.held > room)
                break;                 /* the held end goes in when it fits, next time */
            if (sl->loop)
                resample_put(sl->rs, sl->joined, seam_flush(&sl->seam, sl->joined));
            resample_end(sl->rs);      /* what is left comes out, then the end */
        }
    }
}

/* The voice's source: decoded blocks through the resampler. Each pull
 * decodes what it mixes and the length of the tail beyond, no more (an
 * even share of work every block, which the slow tablet needs), so a
 * sound's end is known before its last VOICE_TAIL_MS are heard, and those
 * are faded (voice_tail). */
static size_t slot_pull(void *user, float *out, size_t frames)
{
    SndSlot *sl = user;
    size_t done = 0;
    while (done < frames) {
        slot_fill(sl, frames - done + sl->tail);
        size_t left = resample_left(sl->rs);
        size_t got = resample_get(sl->rs, out + 2 * done, frames - done);
        voice_tail(out + 2 * done, got, left, sl->tail);
        done += got;
        if (got == 0)
            break;                     /* ended: everything is out */
    }
    return done;
}

static void push_end(const Snd *s, int generation)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = s->event;
    e.user.code = generation;
    SDL_PushEvent(&e);
}

/* Is a narration voice sounding (playing, not paused)? Under the lock. */
static int narration_speaking(const Snd *s)
{
    for (int i = 0; i < 2; i++) {
        const SndSlot *sl = s->slot[i];
        if (sl->dec && sl->voice.state == VOICE_PLAYING && !sl->voice.paused)
            return 1;
    }
    return 0;
}

/* Has the slot a voice still to mix (playing, paused or fading)? */
static int slot_live(const SndSlot *sl)
{
    return sl->dec && !voice_done(&sl->voice);
}

/* SDL_mixer's post-mix hook: add every sounding voice into the stream. */
static void snd_postmix(void *udata, Uint8 *stream, int len)
{
    Snd *s = udata;
    Sint16 *out = (Sint16 *)(void *)stream;
    size_t frames = len > 0 ? (size_t)len / (2 * sizeof(Sint16)) : 0;
    double now = (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
    if (pace_block(&s->pace, now, (double)frames / s->rate))
        SDL_AtomicAdd(&s->late, 1);
    SDL_LockMutex(s->lock);
    /* Once a block (~85 ms): the ramp, not the block, sets how fast it moves. */
    float duck = narration_speaking(s) ? s->duck_db : 0.0f;
    for (int i = 2; i < 4; i++)
        voice_duck(&s->slot[i]->voice, duck, ms_frames(s, VOICE_DUCK_RAMP * 1000.0));
    int live = 0; /* between narrations with no lullaby: nothing to add */
    for (int i = 0; i < SND_SLOTS; i++)
        live |= slot_live(s->slot[i]);
    while (live && frames > 0) {
        size_t n = frames < s->mix_frames ? frames : s->mix_frames;
        SDL_memset(s->mix, 0, n * 2 * sizeof(float));
        for (int i = 0; i < SND_SLOTS; i++) {
            SndSlot *sl = s->slot[i];
            if (!slot_live(sl))
                continue;
            voice_mix(&sl->voice, s->mix, n);
            if (i < 2 && voice_ended(&sl->voice) && !sl->reported) {
                sl->reported = 1;
                push_end(s, sl->generation);
            }
        }
        voice_add_s16(out, s->mix, n * 2);
        out += n * 2;
        frames -= n;
    }
    SDL_UnlockMutex(s->lock);
}

/* ---- opening and closing ---- */

/* What a slot held, taken out under the lock and freed outside it. */
typedef struct {
    Audio *dec;
    Resampler *rs;
    void *bytes;
} SlotContent;

static SlotContent slot_take(SndSlot *sl)
{
    SlotContent c = { sl->dec, sl->rs, sl->bytes };
    sl->dec = NULL;
    sl->rs = NULL;
    sl->bytes = NULL;
    return c;
}

static void content_free(SlotContent c)
{
    audio_close(c.dec);
    resample_free(c.rs);
    free(c.bytes);
}

static void slot_free_content(SndSlot *sl)
{
    content_free(slot_take(sl));
}

/* Free the decoders of voices that have finished (a lullaby faded out, a
 * narration ended): an idle slot holds no file and no memory. */
static void snd_tidy(Snd *s)
{
    for (int i = 0; i < SND_SLOTS; i++) {
        SlotContent c = { NULL, NULL, NULL };
        SDL_LockMutex(s->lock);
        if (s->slot[i]->dec && voice_done(&s->slot[i]->voice))
            c = slot_take(s->slot[i]);
        SDL_UnlockMutex(s->lock);
        content_free(c);
    }
}

static void snd_free_all(Snd *s)
{
    for (int i = 0; i < SND_SLOTS; i++) {
        if (s->slot[i])
            slot_free_content(s->slot[i]);
        free(s->slot[i]);
        s->slot[i] = NULL;
    }
    free(s->mix);
    s->mix = NULL;
    free(s->loud);
    s->loud = NULL;
    free(s->measure_block);
    s->measure_block = NULL;
    levels_save(&s->levels);           /* what tonight measured, for the next night */
    levels_free(&s->levels);
    if (s->lock)
        SDL_DestroyMutex(s->lock);
    s->lock = NULL;
}

/* The slots, the mixing buffer and the lock; 0 ok. */
static int snd_alloc(Snd *s)
{
    s->lock = SDL_CreateMutex();
    s->mix_frames = AUDIO_CHUNK;
    s->mix = malloc(s->mix_frames * 2 * sizeof(float));
    s->loud = malloc(sizeof *s->loud);
    s->measure_block = malloc(SND_BLOCK * 2 * sizeof(float));
    int ok = s->lock && s->mix && s->loud && s->measure_block;
    for (int i = 0; i < SND_SLOTS; i++)
        ok = (s->slot[i] = calloc(1, sizeof *s->slot[i])) != NULL && ok;
    return ok ? 0 : -1;
}

int snd_open(Snd *s, double volume, int silent, Diags *d)
{
    Uint32 event = s->event; /* registered once per program */
    int read = s->levels_read, measured = s->levels_measured;
    SDL_zero(*s);
    s->levels_read = read;
    s->levels_measured = measured;
    s->narration_scene = SCENE_NONE;
    s->volume = volume;
    s->silent = silent;
    s->music_slot = 2;
    s->tap_slot = 4;
    s->generation = -1;
    s->event = event ? event : SDL_RegisterEvents(1);
    const char *lc = getenv("HUSHABYE_LEVEL_CACHE");
    char path[sizeof s->levels.path];
    int keep = !(lc && strcmp(lc, "off") == 0) && levels_default_path(path, sizeof path) == 0;
    levels_open(&s->levels, keep ? path : NULL);
    if (snd_alloc(s) != 0) {
        snd_free_all(s);
        diag_add(d, DIAG_WARNING, "audio", 0, _("no sound: not enough memory"));
        return -1;
    }
    char why[256];
    if (mixer_open(AUDIO_RATE, AUDIO_CHUNK, 0, why, sizeof why) < 0) {
        diag_add(d, DIAG_WARNING, "audio", 0, _("no sound: %s"), why);
        snd_free_all(s);
        return -1;
    }
    int freq = AUDIO_RATE, channels = 2;
    Uint16 format = AUDIO_S16SYS;
    Mix_QuerySpec(&freq, &format, &channels);
    s->rate = freq > 0 ? freq : AUDIO_RATE;
    pace_reset(&s->pace);
    Mix_SetPostMix(snd_postmix, s);
    s->open = 1;
    return 0;
}

int snd_late_blocks(Snd *s)
{
    return s->open ? SDL_AtomicGet(&s->late) : 0;
}

void snd_close(Snd *s)
{
    if (s->open) {
        Mix_SetPostMix(NULL, NULL);     /* takes the device lock: the hook is done */
        Mix_HaltChannel(-1);
        mixer_close();
    }
    snd_free_all(s);
    s->open = 0;
    s->music_on = 0;
    s->music_key = 0;
    s->narration_scene = SCENE_NONE;
}

/* ---- starting sounds ---- */

/* Open folder/name through the story-folder rules as a decoder; NULL with a
 * diagnostic (prefixed by role, _("narration skipped")) when it cannot be. */
static Audio *open_file(const char *folder, const char *name, int out_channels,
                        const AudioLimit *lim, const char *role, const char *display, Diags *d)
{
    int fd = -1;
    size_t size = 0;
    FilesStatus fs = files_open_fd(folder, name, FILES_MAX_AUDIO, &fd, &size);
    if (fs != FILES_OK) {
        char why[200];
        files_status_say(folder, name, fs, FILES_MAX_AUDIO, why, sizeof why);
        diag_add(d, DIAG_WARNING, display, 0, "%s: %s", role, why);
        return NULL;
    }
    unsigned char head[SNIFF_HEAD];
    ssize_t got = pread(fd, head, sizeof head, 0);
    SniffKind k = sniff_bytes(head, got > 0 ? (size_t)got : 0);
    AudioStatus st;
    char why[AUDIO_WHY];
    Audio *a = audio_open_fd(fd, k, out_channels, lim, &st, why);
    if (!a)
        diag_add(d, DIAG_WARNING, display, 0, "%s: %s", role, why);
    return a;
}

/* Seconds of a, from its header, or by counting when the header has none. */
static double length_of(Audio *a, const char *role, const char *display, Diags *d)
{
    double seconds = audio_seconds(a);
    if (seconds <= 0)
        seconds = audio_count_seconds(a);
    if (seconds <= 0)
        diag_add(d, DIAG_WARNING, display, 0, "%s: %s", role,
                 audio_status(a) != AUDIO_OK ? audio_why(a) : "it holds no sound");
    return seconds;
}

/* The content key of folder/name (bookkey_of: its size, first and last
 * 64 KB), through the story-folder rules; 0 ok. */
static int content_key(const char *folder, const char *name, uint64_t *key)
{
    int fd = -1;
    size_t size = 0;
    if (files_open_fd(folder, name, FILES_MAX_AUDIO, &fd, &size) != FILES_OK)
        return -1;
    unsigned char *buf = malloc(2 * (size_t)BOOKKEY_SPAN);
    size_t span = size < BOOKKEY_SPAN ? size : BOOKKEY_SPAN;
    ssize_t h = buf ? pread(fd, buf, span, 0) : -1;
    ssize_t t = buf ? pread(fd, buf + BOOKKEY_SPAN, span, (off_t)(size - span)) : -1;
    close(fd);
    int ok = h == (ssize_t)span && t == (ssize_t)span;
    if (ok)
        *key = bookkey_of(size, buf, span, buf + BOOKKEY_SPAN, span);
    free(buf);
    return ok ? 0 : -1;
}

/* Where a sound's bytes are, so its decoder can be opened again: a file of
 * the story folder, or bytes in memory the caller keeps. */
typedef struct {
    const char *folder, *name;
    const void *bytes;
    size_t len;
    int channels;
    AudioLimit lim;
    const char *role, *display;
    uint64_t key;            /* its content_key, when keyed */
    int keyed;               /* -1: not looked for yet; 0: none (bytes, or unreadable) */
} SndSource;

static Audio *source_open(const SndSource *src, Diags *d)
{
    if (!src->bytes)
        return open_file(src->folder, src->name, src->channels, &src->lim, src->role,
                         src->display, d);
    AudioStatus st;
    char why[AUDIO_WHY];
    Audio *a = audio_open_mem_sniffed(src->bytes, src->len, src->channels, &src->lim, &st, why);
    if (!a)
        diag_add(d, DIAG_WARNING, src->display, 0, "%s: %s", src->role, why);
    return a;
}

/* Measure a's opening (loud.h) into *lv and have it ready to play from its
 * first sample: rewound, or, when measuring met damage it cannot be read
 * past again (or it cannot rewind), opened anew from src, so it plays as far
 * as it did before it was measured. Returns the decoder to play (a, or a new
 * one with a closed), or NULL with a diagnostic. */
static Audio *measure(Snd *s, Audio *a, SndSource *src, LoudUse use, LoudLevel *lv,
                      Diags *d)
{
    if (src->keyed < 0)
        src->keyed = !src->bytes && content_key(src->folder, src->name, &src->key) == 0;
    const AudioInfo *info = audio_info(a);
    if (src->keyed && levels_find(&s->levels, src->key, use, info->out_channels, lv)) {
        s->levels_read++;
        return a;                      /* measured on an earlier night: a is at its start */
    }
    loud_start(s->loud, info->rate, info->out_channels);
    size_t n;
    while (!loud_full(s->loud) && (n = audio_read(a, s->measure_block, SND_BLOCK)) > 0)
        loud_feed(s->loud, s->measure_block, n);
    *lv = loud_level(s->loud, use);
    levels_round(lv);                  /* as a level read back is */
    s->levels_measured++;
    const char *note = audio_note(a);
    if (note)
        /* TRANSLATORS: %s is what is wrong, worded after a file's name
           ("is damaged in places, ..."). */
        diag_add(d, DIAG_WARNING, src->display, 0, _("this recording %s"), note);
    /* Kept only when measured from the start: damage in the opening is
     * measured again, and told again, on the next night. */
    if (src->keyed && audio_status(a) == AUDIO_OK && !note)
        levels_add(&s->levels, src->key, use, info->out_channels, lv);
    if (audio_status(a) == AUDIO_OK && audio_rewind(a) == 0)
        return a;
    audio_close(a);
    return source_open(src, d);
}

/* Put decoder a (and the bytes it reads, when it reads memory: both owned from
 * now on) into slot i as a voice at level; the old content is freed outside
 * the lock. 0 ok. */
static int slot_start(Snd *s, int i, Audio *a, void *bytes, const LoudLevel *lv, float level,
                      double fade_ms, int loop, int generation)
{
    const AudioInfo *info = audio_info(a);
    Resampler *rs = resample_new(info->rate, s->rate, info->out_channels);
    if (!rs) {
        content_free((SlotContent){ a, NULL, bytes });
        return -1;
    }
    SndSlot *sl = s->slot[i];
    SDL_LockMutex(s->lock);
    SlotContent old = slot_take(sl);
    sl->dec = a;
    sl->rs = rs;
    sl->bytes = bytes;
    sl->loop = loop;
    sl->since_rewind = 0;
    sl->put_since = 0;
    seam_init(&sl->seam, info->out_channels, (size_t)info->rate * SEAM_MS / 1000);
    sl->tail = ms_frames(s, VOICE_TAIL_MS);
    sl->generation = generation;
    sl->reported = 0;
    loud_play_init(&sl->norm, lv, info->out_channels, info->rate);
    voice_start(&sl->voice, slot_pull, sl, level, ms_frames(s, fade_ms));
    SDL_UnlockMutex(s->lock);
    content_free(old);
    return 0;
}

void snd_stop_narration(Snd *s, int fade_ms)
{
    if (!s->open || s->narration_scene == SCENE_NONE)
        return;
    s->narration_scene = SCENE_NONE;
    s->generation = -1;
    SDL_LockMutex(s->lock);
    voice_stop(&s->slot[s->channel]->voice, ms_frames(s, fade_ms));
    SDL_UnlockMutex(s->lock);
}

/* Play src as scene's narration on the free slot; bytes (or NULL) is the
 * copy src reads, owned from now on. */
static double play(Snd *s, int scene, SndSource *src, void *bytes, Diags *d)
{
    Audio *a = source_open(src, d);
    double seconds = a ? length_of(a, src->role, src->display, d) : -1;
    LoudLevel lv;
    if (seconds > 0)
        a = measure(s, a, src, LOUD_VOICE, &lv, d);
    if (seconds <= 0 || !a) {
        content_free((SlotContent){ a, NULL, bytes });
        return -1;
    }
    /* A recording shorter than its measured opening ended there: that is
     * its length, whatever its header said (an MP3 cut short still claims
     * its whole length). The virtual clock then ends it where the real one
     * hears it end. */
    if (lv.seconds + 0.001 < LOUD_SECONDS && lv.seconds > 0 && lv.seconds < seconds - 0.05) {
        /* past an MP3 estimate's error, and not already told (audio_note) */
        if (seconds - lv.seconds > 0.5 + 0.1 * seconds && !audio_note(a))
            diag_add(d, DIAG_WARNING, src->display, 0, _("this recording is cut short: it says "
                     "it is %1$.1f s long but holds %2$.1f s; copy or export it again"),
                     seconds, lv.seconds);
        seconds = lv.seconds;
    }
    /* A page that holds silence for its narration's length: the parent hears
     * nothing and cannot tell why (a file of zeros, or of one steady offset,
     * which plays as zeros once the offset is taken away). */
    char silent[300];
    if (loud_silence_say(lv.peak_db, lv.seconds + 0.001 < LOUD_SECONDS, silent, sizeof silent))
        diag_add(d, DIAG_WARNING, src->display, 0, "%s", silent);
    s->gain_db = lv.gain_db;
    snd_stop_narration(s, 250);
    snd_tidy(s);
    if (s->silent) {
        content_free((SlotContent){ a, NULL, bytes });          /* the virtual clock needs only the length */
        s->narration_scene = scene;
        s->generation = ++s->next_generation;
        return seconds;
    }
    /* The other slot: whatever still fades there is long done or is cut now. */
    int ch = 1 - s->channel;
    int generation = ++s->next_generation;
    if (slot_start(s, ch, a, bytes, &lv, (float)s->volume, FADE_IN_MS, 0, generation) != 0) {
        diag_add(d, DIAG_WARNING, src->display, 0, _("narration skipped: %s"), SDL_GetError());
        return -1;
    }
    s->channel = ch;
    s->narration_scene = scene;
    s->generation = generation;
    return seconds;
}

double snd_narrate(Snd *s, int scene, const char *folder, const char *name,
                   const char *display, Diags *d)
{
    if (!s->open)
        return -1;
    SndSource src = { .folder = folder, .name = name, .channels = 1,
                      .role = _("narration skipped"), .display = display, .keyed = -1 };
    src.lim = scene == SCENE_REASSURANCE
            ? (AudioLimit){ AUDIO_CLOSING_SECONDS, _("the closing words") }
            : (AudioLimit){ AUDIO_NARRATION_SECONDS, "a page's narration" };
    return play(s, scene, &src, NULL, d);
}

double snd_narrate_bytes(Snd *s, int scene, const void *bytes, size_t len,
                         const char *display, Diags *d)
{
    if (!s->open)
        return -1;
    /* The caller frees its bytes at once (a take written for listening), so the
     * decoder reads a copy the slot owns. */
    void *copy = len > 0 ? malloc(len) : NULL;
    if (!copy) {
        diag_add(d, DIAG_WARNING, display, 0, _("narration skipped: %s"),
                 len ? "not enough memory" : "it is empty");
        return -1;
    }
    memcpy(copy, bytes, len);
    SndSource src = { .bytes = copy, .len = len, .channels = 1,
                      .lim = { AUDIO_NARRATION_SECONDS, "a page's narration" },
                      .role = _("narration skipped"), .display = display, .keyed = 0 };
    return play(s, scene, &src, copy, d);
}

double snd_gain_db(const Snd *s)
{
    return s->gain_db;
}

int snd_is_narration_end(const Snd *s, const SDL_Event *e, int *scene)
{
    if (!s->open || e->type != s->event || e->user.code != s->generation ||
        s->generation < 0)
        return 0;
    *scene = s->narration_scene;
    return 1;
}

/* Fade out whatever music plays; its decoder is freed when the slot is next
 * used or at snd_close. */
static void stop_music(Snd *s, double fade_ms)
{
    SDL_LockMutex(s->lock);
    voice_stop(&s->slot[s->music_slot]->voice, ms_frames(s, fade_ms));
    SDL_UnlockMutex(s->lock);
    s->music_on = 0;
    s->music_key = 0;
}

/* The same lullaby again: keep it playing, at the new story's level. */
static void music_carry_on(Snd *s, double volume)
{
    SDL_LockMutex(s->lock);
    s->duck_db = (float)voice_duck_db(volume);
    /* The next story's own music volume, reached as slowly as a lullaby
     * starts, and slower the further it is: the ramp is even in amplitude,
     * so its first moments are its steepest in loudness (from 10 % to 100 %
     * in half a second was a 20 dB swell; over 10 s its first second rises
     * under 6 dB). */
    double was = s->music_rel > 0 ? s->music_rel : volume;
    double db = fabs(20.0 * log10((volume > 1e-3 ? volume : 1e-3) / (was > 1e-3 ? was : 1e-3)));
    double ms = MUSIC_FADE_IN_MS * (db > 6.0 ? db / 6.0 : 1.0);
    s->music_rel = volume;
    voice_set_level(&s->slot[s->music_slot]->voice, (float)(s->volume * volume),
                    ms_frames(s, ms));
    SDL_UnlockMutex(s->lock);
}

int snd_music(Snd *s, const char *folder, const char *name, double volume,
              const char *display, Diags *d)
{
    if (!s->open)
        return SND_MUSIC_NONE;
    uint64_t key = 0;
    int keyed = name && content_key(folder, name, &key) == 0;
    if (s->silent && (!name || (keyed && key == s->music_key)))
        return SND_MUSIC_NONE;
    if (!s->silent && s->music_on && keyed && key == s->music_key) {
        music_carry_on(s, volume);
        return SND_MUSIC_SAME;
    }
    if (s->music_on)
        stop_music(s, MUSIC_CHANGE_MS);
    snd_tidy(s);             /* whatever faded out earlier is freed now */
    int next = s->music_slot == 2 ? 3 : 2;
    if (!name)
        return SND_MUSIC_NONE;
    SndSource src = { .folder = folder, .name = name, .channels = 2, .lim = { 0, "music" },
                      .role = _("music skipped"), .display = display, .key = key,
                      .keyed = keyed };
    Audio *a = source_open(&src, d);
    LoudLevel lv;
    if (a)
        a = measure(s, a, &src, LOUD_SOUND, &lv, d);
    if (a && lv.seconds + 0.001 < LOUD_SECONDS && lv.seconds < AUDIO_MUSIC_MIN_SECONDS) {
        diag_add(d, DIAG_WARNING, display, 0, _("music skipped: it lasts only %.2f s, too short "
                 "to play as a lullaby (it would repeat many times a second)"), lv.seconds);
        audio_close(a);
        a = NULL;
    }
    if (s->silent) {
        /* Nothing is heard under the virtual clock, but what is wrong with
         * the music is told as in real time (once a lullaby, not a page). */
        if (a)
            audio_close(a);
        s->music_key = keyed ? key : 0;
        return SND_MUSIC_NONE;
    }
    if (!a)
        return SND_MUSIC_NONE;
    float level = (float)(s->volume * volume);
    s->music_rel = volume;
    if (slot_start(s, next, a, NULL, &lv, level, MUSIC_FADE_IN_MS, 1, -1) != 0) {
        diag_add(d, DIAG_WARNING, display, 0, _("music skipped: %s"), SDL_GetError());
        return SND_MUSIC_NONE;
    }
    SDL_LockMutex(s->lock);
    s->duck_db = (float)voice_duck_db(volume);
    SDL_UnlockMutex(s->lock);
    s->music_slot = next;
    s->music_on = 1;
    s->music_key = keyed ? key : 0;
    return SND_MUSIC_STARTED;
}

int snd_music_db(const Snd *s, int speaking, double *db)
{
    if (!snd_music_playing(s))
        return 0;
    *db = voice_music_db(s->music_rel, speaking);
    return 1;
}

void snd_music_closing(Snd *s)
{
    if (!snd_music_playing(s) || s->silent)
        return;
    double level = s->volume * s->music_rel * pow(10.0, SND_CLOSING_DB / 20.0);
    SDL_LockMutex(s->lock);
    voice_set_level(&s->slot[s->music_slot]->voice, (float)level,
                    ms_frames(s, SND_CLOSING_RAMP * 1000.0));
    SDL_UnlockMutex(s->lock);
}

double snd_tap(Snd *s, const char *folder, const char *name, double level,
               const char *display, Diags *d)
{
    if (!s->open || !name)
        return -1;
    SndSource src = { .folder = folder, .name = name, .channels = 1,
                      .lim = { AUDIO_TAP_SECONDS, "a tap's sound" },
                      .role = _("tap sound skipped"), .display = display, .keyed = -1 };
    Audio *a = source_open(&src, d);
    if (!a)
        return -1;
    double seconds = length_of(a, src.role, display, d);
    LoudLevel lv;
    if (seconds > 0 && !(a = measure(s, a, &src, LOUD_SOUND, &lv, d)))
        return -1;
    if (seconds > 0)
        s->gain_db = lv.gain_db;
    if (seconds <= 0 || s->silent) {
        audio_close(a);      /* the virtual clock needs only the length */
        return seconds > 0 ? seconds : -1;
    }
    level = level < 0 ? 0 : level > 1 ? 1 : level;   /* never above the narration */
    SDL_LockMutex(s->lock);
    voice_stop(&s->slot[s->tap_slot]->voice, ms_frames(s, 100));
    SDL_UnlockMutex(s->lock);
    snd_tidy(s);
    int next = s->tap_slot == 4 ? 5 : 4;
    if (slot_start(s, next, a, NULL, &lv, (float)(s->volume * level), FADE_IN_MS, 0, -1) != 0) {
        diag_add(d, DIAG_WARNING, display, 0, _("tap sound skipped: %s"), SDL_GetError());
        return -1;
    }
    s->tap_slot = next;
    return seconds;
}

int snd_music_playing(const Snd *s)
{
    return s->open && s->music_on;
}

double snd_set_volume(Snd *s, double volume)
{
    s->volume = volume < 0 ? 0 : volume > 1 ? 1 : volume;
    if (!s->open || s->silent)
        return s->volume; /* read by the next narration and music */
    size_t ramp = ms_frames(s, SND_VOLUME_RAMP * 1000.0);
    SDL_LockMutex(s->lock);
    /* voice_set_level moves only a voice that is playing; a stopping or
     * paused one keeps its fade and comes back at the new level. */
    if (s->narration_scene != SCENE_NONE)
        voice_set_level(&s->slot[s->channel]->voice, (float)s->volume, ramp);
    if (s->music_on)
        voice_set_level(&s->slot[s->music_slot]->voice, (float)(s->volume * s->music_rel),
                        ramp);
    SDL_UnlockMutex(s->lock);
    return s->volume;
}

void snd_fade_all(Snd *s, double seconds)
{
    if (!s->open)
        return;
    size_t frames = ms_frames(s, seconds * 1000.0);
    size_t music = ms_frames(s, seconds * SND_MUSIC_GONE * 1000.0);
    SDL_LockMutex(s->lock);
    for (int i = 0; i < SND_SLOTS; i++)
        voice_stop(&s->slot[i]->voice, i == 2 || i == 3 ? music : frames);
    SDL_UnlockMutex(s->lock);
}

void snd_pause(Snd *s, int pause)
{
    if (!s->open || s->narration_scene == SCENE_NONE || s->silent)
        return;
    SDL_LockMutex(s->lock);
    voice_pause(&s->slot[s->channel]->voice, pause, ms_frames(s, FADE_IN_MS));
    SDL_UnlockMutex(s->lock);
}
