/* audio — one decoder per format, in blocks, with a length cap (see audio.h).
 *
 * Every format fills the same small pending buffer (AUDIO_BLOCK frames, or one
 * FLAC frame) with frames already downmixed to the output's channels, and
 * audio_read() drains it; so the only memory that grows with the file is none.
 * The cap is checked twice: against the header's length at open, before any
 * sample is decoded, and against the frames actually produced, because a
 * header can lie (an Ogg's last granule, an MP3 without a Xing frame).
 * Downmix: stereo stays stereo; more than two channels are averaged to mono
 * (narration is a voice; a surround mix has nothing a bedside speaker needs),
 * and mono is copied to both sides when stereo is asked for. Stereo read as
 * mono is the mean of its channels, unless they cancel: a phone or a cheap
 * recorder with one microphone wired backwards gives a voice on the left and
 * the same voice turned over on the right, which sounds whole in headphones
 * and averages to nothing. So when a stereo recording is opened as mono, its
 * first AUDIO_FOLD_SECONDS are decoded ahead in stereo: when their
 * difference (L - R) is AUDIO_FOLD_RATIO or more the power of their sum, the
 * whole recording is read as half the difference instead. An ordinary stereo
 * recording's channels agree (the sum wins), and unrelated channels (one of
 * them silent, or two voices) are as loud either way and stay the mean. */
#include "audio.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <FLAC/stream_decoder.h>
#include <mpg123.h>
#include <opus/opusfile.h>
#include <vorbis/vorbisfile.h>

#include "files.h"
#include "i18n.h"
#include "wav.h"

#define AUDIO_BLOCK        2048     /* frames decoded per step */
#define AUDIO_FLAC_MAX_BLOCK 16384  /* the FLAC subset's largest block */
#define AUDIO_MP3_RESYNC   4096     /* bytes of junk mpg123 may skip looking for a frame */
#define AUDIO_HOLES_MAX    64       /* recoverable gaps tolerated in an Ogg stream */
#define AUDIO_ESTIMATE_SLACK 1.05   /* an MP3 estimate may be this far off */
#define AUDIO_FLOAT_LOUDEST 1000.0f /* a float sample louder (60 dB over full scale) is damage */
#define AUDIO_FOLD_SECONDS 2        /* stereo sound read ahead to choose how it folds to mono */
#define AUDIO_FOLD_LONGEST 8        /* seconds read ahead at most, past an opening's silence */
#define AUDIO_FOLD_MAX_FRAMES 393216 /* and frames (3 MB of stereo floats, freed to mono) */
#define AUDIO_FOLD_RATIO   4.0      /* the difference's power over the sum's (6 dB) */
#define AUDIO_FOLD_QUIET   1e-6     /* and it is sound: over -60 dBFS */

typedef struct {
    const unsigned char *data;
    size_t len, pos;
} AudioMem;

struct Audio {
    AudioReader r;
    AudioInfo info;
    AudioStatus status;
    char why[AUDIO_WHY];
    double max_seconds;
    char what[64];
    uint64_t stop_at;        /* frames produced at most (0 = no cap) */
    uint64_t pos;            /* frames given out by audio_read */
    uint64_t decoded;        /* frames the decoder has put (more than pos when read ahead) */
    int fd;                  /* owned, or -1 */
    AudioMem mem;
    OggVorbis_File *vf;
    OggOpusFile *of;
    mpg123_handle *mh;
    int64_t mp3_base;        /* bytes of ID3v2 tags before an MP3's first frame */
    FLAC__StreamDecoder *flac;
    WavInfo wav;
    unsigned char *raw;      /* WAV and MP3 bytes of one block */
    unsigned char head[SNIFF_HEAD]; /* an Ogg's first bytes, when they cannot be re-read */
    size_t head_len;
    float *pending;          /* oc interleaved */
    size_t pending_cap, pending_len, pending_pos;
    int oc;                  /* channels the decoders put: out_channels, or 2 reading ahead */
    float over;              /* a float WAV's scale, past full scale (wav_floats) */
    int fold;                /* stereo to mono: 0 the mean, 1 half the difference */
    float *ahead;            /* the opening read ahead to choose the fold, folded */
    size_t ahead_len, ahead_pos;
    AudioStatus late;        /* damage met reading ahead, told once the frames before it are read */
    int ended;
    unsigned holes;          /* stretches the decoder could not read and passed over */
    int cut_end;             /* an Ogg whose last page is not its stream's end */
    int rate_changed;        /* a second part at another rate: ended there */
};

/* ---- readers ---- */

static size_t mem_read(void *user, void *buf, size_t n)
{
    AudioMem *m = user;
    size_t left = m->len - m->pos;
    n = n < left ? n : left;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return n;
}

static int mem_seek(void *user, int64_t off, int whence)
{
    AudioMem *m = user;
    int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)m->pos
                 : (int64_t)m->len;
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
        return -1;
    if (off < -base || off > (int64_t)m->len - base)
        return -1;
    m->pos = (size_t)(base + off);
    return 0;
}

static int64_t mem_tell(void *user)
{
    return (int64_t)((AudioMem *)user)->pos;
}

static size_t fd_read(void *user, void *buf, size_t n)
{
    long got = files_read_fd(*(int *)user, buf, n);
    return got > 0 ? (size_t)got : 0;
}

static int fd_seek(void *user, int64_t off, int whence)
{
    return lseek(*(int *)user, (off_t)off, whence) < 0 ? -1 : 0;
}

static int64_t fd_tell(void *user)
{
    return (int64_t)lseek(*(int *)user, 0, SEEK_CUR);
}

static int64_t reader_tell(const Audio *a)
{
    return a->r.tell ? a->r.tell(a->r.user) : -1;
}

static int reader_seek(const Audio *a, int64_t off, int whence)
{
    return a->r.seek ? a->r.seek(a->r.user, off, whence) : -1;
}

/* Length of the source in bytes (-1 when it cannot seek); position kept. */
static int64_t reader_length(const Audio *a)
{
    int64_t here = reader_tell(a);
    if (here < 0 || reader_seek(a, 0, SEEK_END) != 0)
        return -1;
    int64_t end = reader_tell(a);
    return reader_seek(a, here, SEEK_SET) == 0 ? end : -1;
}

/* ---- words ---- */

const char *audio_status_text(AudioStatus st)
{
    switch (st) {
    case AUDIO_OK:          return _("is fine");
    case AUDIO_NOT_AUDIO:   return _("is not a recording this player can play");
    case AUDIO_DAMAGED:     return _("is damaged or cut short");
    case AUDIO_UNSUPPORTED: return _("is a kind of recording this player cannot play");
    case AUDIO_RATE:        return _("is recorded at a number of samples a second this "
                                   "player cannot play");
    case AUDIO_CHANNELS:    return _("has more separate sound tracks than this player can play");
    case AUDIO_TOO_LONG:    return _("is too long");
    case AUDIO_EMPTY:       return _("holds no sound");
    case AUDIO_NO_MEMORY:   return _("could not be read (not enough memory)");
    case AUDIO_IO:          return _("could not be read");
    }
    return _("could not be read");
}

/* Record why the decoder stopped or could not open; the first reason stays. */
static AudioStatus fail(Audio *a, AudioStatus st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static AudioStatus fail(Audio *a, AudioStatus st, const char *fmt, ...)
{
    if (a->status != AUDIO_OK)
        return a->status;
    a->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->why, sizeof a->why, fmt, ap);
    va_end(ap);
    return st;
}

/* "10 minutes", "2 minutes", "90 seconds". */
static void duration_words(double seconds, char *buf, size_t len)
{
    long s = (long)(seconds + 0.5);
    if (s >= 60 && s % 60 == 0)
        snprintf(buf, len, ngettext("%ld minute", "%ld minutes", (unsigned long)(s / 60)),
                 s / 60);
    else
        snprintf(buf, len, ngettext("%ld second", "%ld seconds", (unsigned long)s), s);
}

static AudioStatus fail_too_long(Audio *a)
{
    char cap[32];
    duration_words(a->max_seconds, cap, sizeof cap);
    return fail(a, AUDIO_TOO_LONG, _("it is longer than %1$s; %2$s can be at most %3$s"), cap,
                a->what, cap);
}

static const char *format_name(const Audio *a)
{
    switch (a->info.kind) {
    case SNIFF_WAV:  return "WAV";
    case SNIFF_OGG:  return a->info.opus ? "Ogg Opus" : "Ogg Vorbis";
    case SNIFF_MP3:  return "MP3";
    case SNIFF_FLAC: return "FLAC";
    default:         return "sound";
    }
}

static AudioStatus fail_damaged(Audio *a)
{
    return fail(a, AUDIO_DAMAGED, _("it is not a whole %s file: it may be damaged or cut short"),
                format_name(a));
}

/* Rate, channels and length from a header: refused here, before decoding. */
static AudioStatus check_header(Audio *a)
{
    AudioInfo *i = &a->info;
    /* The tracks first: a header with none is damaged whatever its rate says. */
    if (i->channels < 1)
        return fail(a, AUDIO_CHANNELS, _("its header says it has no sound tracks: it may be "
                    "damaged"));
    if (i->channels > AUDIO_MAX_CHANNELS)
        return fail(a, AUDIO_CHANNELS, _("it has %1$d separate sound tracks; this player plays "
                    "up to %2$d"), i->channels, AUDIO_MAX_CHANNELS);
    if (i->rate == INT_MAX) /* a header's rate past what an int holds, clamped */
        return fail(a, AUDIO_RATE, _("its header gives more samples a second than any recording "
                    "has: it may be damaged"));
    if (i->rate > AUDIO_MAX_RATE)
        return fail(a, AUDIO_RATE, _("it is recorded at %1$d samples a second; this player plays "
                    "up to %2$d"), i->rate, AUDIO_MAX_RATE);
    if (i->rate < AUDIO_MIN_RATE)
        return fail(a, AUDIO_RATE, _("it is recorded at %1$d samples a second; this player needs "
                    "at least %2$d"), i->rate, AUDIO_MIN_RATE);
    if (i->exact && i->frames == 0)
        return fail(a, AUDIO_EMPTY, _("it holds no sound (its length is zero; a file cut short "
                    "looks like this too: copy or export it again)"));
    if (a->max_seconds > 0) {
        double cap = a->max_seconds * i->rate;
        double limit = i->exact || i->frames == 0 ? cap : cap * AUDIO_ESTIMATE_SLACK;
        if ((double)i->frames > limit)
            return fail_too_long(a);
        /* Decoding stops a second past the cap whatever the header said. */
        a->stop_at = (uint64_t)(limit + i->rate);
    }
    return AUDIO_OK;
}

/* ---- one frame, downmixed ---- */

/* A decoder's sample made safe (wav_safe: clipped, or silent where it is
 * damage), so no damaged file reaches the mix as a burst. */
static float safe(float v)
{
    return wav_safe(v);
}

static void put_frame(Audio *a, const float *in, int n)
{
    float ch[AUDIO_MAX_CHANNELS];
    for (int c = 0; c < n; c++)
        ch[c] = safe(in[c]);
    float *out = a->pending + a->pending_len * (size_t)a->oc;
    if (a->oc == 2 && n == 2) {
        out[0] = ch[0];
        out[1] = ch[1];
    } else if (n == 2 && a->fold) {
        out[0] = (ch[0] - ch[1]) * 0.5f;
    } else {
        float sum = 0.0f;
        for (int c = 0; c < n; c++)
            sum += ch[c];
        out[0] = sum / (float)n;
        if (a->oc == 2)
            out[1] = out[0];
    }
    a->pending_len++;
}

/* The usual shapes of a block, mono or stereo in and out, as straight loops
 * the compiler vectorises: they run for every sample of the night on the
 * audio thread. Blocks of 8 give the loops a trip count the vectoriser takes
 * at -O2 (as blend.c); audio.c is built with -fno-trapping-math, so safe()'s
 * tests become selects (CMakeLists.txt). */
static void safe_copy(float *restrict out, const float *restrict in, size_t n)
{
    for (; n >= 8; n -= 8, out += 8, in += 8) {
#pragma GCC unroll 1
        for (int i = 0; i < 8; i++)
            out[i] = safe(in[i]);
    }
    for (size_t i = 0; i < n; i++)
        out[i] = safe(in[i]);
}

/* Mono into both channels. */
static void safe_dup(float *restrict out, const float *restrict in, size_t n)
{
    for (; n >= 8; n -= 8, out += 16, in += 8) {
#pragma GCC unroll 1
        for (int i = 0; i < 8; i++)
            out[2 * i] = out[2 * i + 1] = safe(in[i]);
    }
    for (size_t i = 0; i < n; i++)
        out[2 * i] = out[2 * i + 1] = safe(in[i]);
}

/* Stereo, left and right side by side, down to mono: the mean (side 1), or
 * half the difference (side -1: the channels cancel). */
static void safe_down(float *restrict out, const float *restrict in, size_t n, float side)
{
    for (; n >= 8; n -= 8, out += 8, in += 16) {
#pragma GCC unroll 1
        for (int i = 0; i < 8; i++)
            out[i] = (safe(in[2 * i]) + side * safe(in[2 * i + 1])) * 0.5f;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = (safe(in[2 * i]) + side * safe(in[2 * i + 1])) * 0.5f;
}

/* Stereo in two planes, side by side. */
static void safe_weave(float *restrict out, const float *restrict l, const float *restrict r,
                       size_t n)
{
    for (; n >= 8; n -= 8, out += 16, l += 8, r += 8) {
#pragma GCC unroll 1
        for (int i = 0; i < 8; i++) {
            out[2 * i] = safe(l[i]);
            out[2 * i + 1] = safe(r[i]);
        }
    }
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = safe(l[i]);
        out[2 * i + 1] = safe(r[i]);
    }
}

/* n frames of ch channels, one after another (in) or a plane a channel
 * (planes), as put_frame would put them one by one. */
static void put_frames(Audio *a, const float *in, const float *const *planes, size_t n, int ch)
{
    float *out = a->pending + a->pending_len * (size_t)a->oc;
    int oc = a->oc;
    if (ch == 1) {
        const float *m = planes ? planes[0] : in;
        if (oc == 1)
            safe_copy(out, m, n);
        else
            safe_dup(out, m, n);
    } else if (ch == 2 && !planes && oc == 2) {
        safe_copy(out, in, 2 * n);
    } else if (ch == 2 && !planes) {
        safe_down(out, in, n, a->fold ? -1.0f : 1.0f);
    } else if (ch == 2 && oc == 2) {
        safe_weave(out, planes[0], planes[1], n);
    } else {
        float f[AUDIO_MAX_CHANNELS];
        for (size_t i = 0; i < n; i++) {
            for (int c = 0; c < ch; c++)
                f[c] = planes ? planes[c][i] : in[i * (size_t)ch + (size_t)c];
            put_frame(a, f, ch);
        }
        return;
    }
    a->pending_len += n;
}

/* ---- WAV ---- */

static size_t wav_read_at(void *user, uint64_t offset, unsigned char *buf, size_t n)
{
    Audio *a = user;
    if (offset > INT64_MAX || reader_seek(a, (int64_t)offset, SEEK_SET) != 0)
        return 0;
    return a->r.read(a->r.user, buf, n);
}

static AudioStatus wav_open(Audio *a)
{
    int64_t total = reader_length(a);
    if (total < 0)
        return fail(a, AUDIO_IO, _("it could not be read"));
    WavStatus ws = wav_parse_from(wav_read_at, a, (uint64_t)total, &a->wav);
    a->info.rate = a->wav.rate;
    a->info.channels = a->wav.channels;
    if (ws == WAV_RATE)
        return check_header(a);
    if (ws == WAV_UNSUPPORTED && (a->wav.channels < 1 || a->wav.channels > AUDIO_MAX_CHANNELS))
        return check_header(a);
    if (ws == WAV_NOT_WAV || ws == WAV_BAD)
        return fail_damaged(a);
    if (ws != WAV_OK)
        return fail(a, AUDIO_UNSUPPORTED, _("it %s"), wav_status_text(ws));
    a->info.frames = a->wav.frames;
    a->info.exact = 1;
    AudioStatus st = check_header(a);
    if (st != AUDIO_OK)
        return st;
    a->raw = malloc((size_t)AUDIO_BLOCK * (size_t)a->wav.channels * (size_t)(a->wav.bits / 8));
    if (!a->raw)
        return fail(a, AUDIO_NO_MEMORY, _("there was not enough memory to read it"));
    return reader_seek(a, (int64_t)a->wav.data_offset, SEEK_SET) == 0 ? AUDIO_OK
         : fail(a, AUDIO_IO, _("it could not be read"));
}

/* 16-bit little-endian samples as floats, as wav_sample_float gives them,
 * in blocks of 8 the vectoriser takes (see safe_copy). */
static float s16le_one(const unsigned char *p)
{
    return (float)(int16_t)(uint16_t)(p[0] | (unsigned)p[1] << 8) / 32768.0f;
}

static void s16le_to_float(float *restrict out, const unsigned char *restrict p, size_t n)
{
    for (; n >= 8; n -= 8, out += 8, p += 16) {
#pragma GCC unroll 1
        for (int i = 0; i < 8; i++)
            out[i] = s16le_one(p + 2 * i);
    }
    for (size_t i = 0; i < n; i++)
        out[i] = s16le_one(p + 2 * i);
}

/* 32-bit float samples, which may go past full scale by right: a program's
 * export of a loud mix. Clipped (or, past WAV_DAMAGED, silenced as damage)
 * a sine at 50 times full scale became a buzz of spikes at its zero
 * crossings. So from the loudest sample met so far, block by block, that is
 * a sample and not damage (at most AUDIO_FLOAT_LOUDEST), the recording is
 * scaled down to full scale, and stays so: its watch (loud.h) then levels it
 * as any other. This sets the scale from the count samples at p. */
static float wav_float_at(const unsigned char *q)
{
    uint32_t u = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
                 (uint32_t)q[3] << 24;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static void wav_float_scale(Audio *a, const unsigned char *p, size_t count)
{
    float most = 0.0f;
    for (size_t i = 0; i < count; i++) {
        float m = fabsf(wav_float_at(p + 4 * i));
        most = m > most && m <= AUDIO_FLOAT_LOUDEST ? m : most;   /* NaN fails both */
    }
    if (most * a->over > 1.0f)
        a->over = 1.0f / most;
}

static void wav_floats(const Audio *a, float *buf, const unsigned char *p, size_t count)
{
    for (size_t i = 0; i < count; i++)
        buf[i] = wav_float_at(p + 4 * i) * a->over;
}

static void wav_fill(Audio *a)
{
    size_t step = (size_t)(a->wav.bits / 8), frame = step * (size_t)a->wav.channels;
    uint64_t left = a->wav.frames - a->decoded;
    size_t want = left < AUDIO_BLOCK ? (size_t)left : AUDIO_BLOCK;
    size_t got = want ? a->r.read(a->r.user, a->raw, want * frame) / frame : 0;
    /* A block at a time, in pieces a stack buffer holds. */
    float buf[1024];
    size_t per = sizeof buf / sizeof buf[0] / (size_t)a->wav.channels;
    int floats = a->wav.bits == 32 && a->wav.format == 3;   /* IEEE float */
    if (floats)
        wav_float_scale(a, a->raw, got * (size_t)a->wav.channels);
    for (size_t f = 0; f < got; f += per) {
        size_t n = got - f < per ? got - f : per, count = n * (size_t)a->wav.channels;
        const unsigned char *p = a->raw + f * frame;
        if (a->wav.bits == 16) {
            s16le_to_float(buf, p, count);   /* the recorder's own format */
        } else if (floats) {
            wav_floats(a, buf, p, count);
        } else {
            for (size_t i = 0; i < count; i++)
                buf[i] = wav_sample_float(p + i * step, &a->wav);
        }
        put_frames(a, buf, NULL, n, a->wav.channels);
    }
    if (got < want)
        fail_damaged(a);
    if (got == 0)
        a->ended = 1;
}

/* ---- Ogg: which codec, from the first packet ---- */

static int ogg_is_opus(Audio *a, int *opus)
{
    unsigned char *h = a->head;
    size_t n = a->r.read(a->r.user, h, sizeof a->head);
    /* A reader that cannot go back hands these bytes to the decoder instead. */
    a->head_len = reader_seek(a, 0, SEEK_SET) == 0 ? 0 : n;
    if (n < 28 || memcmp(h, "OggS", 4) != 0)
        return -1;
    size_t body = 27 + (size_t)h[26];
    if (body + 8 > n)
        return -1;
    if (memcmp(h + body, "\x01vorbis", 7) == 0)
        *opus = 0;
    else if (memcmp(h + body, "OpusHead", 8) == 0)
        *opus = 1;
    else
        return 0;
    return 1;
}

/* Does the Ogg end as a stream ends: its last page whole, and marked the
 * end of its stream? A copy stopped part way (a download, a recorder
 * killed) ends anywhere else, and the decoder, which reads what pages are
 * whole, plays its start as if it were all. Read from its last 64 KB; the
 * position is left at the start. 1 whole, 0 cut, -1 cannot tell. */
static int ogg_ends_whole(Audio *a)
{
    int64_t len = reader_length(a);
    if (len < 28 || !a->r.seek)
        return -1;
    size_t tail = len < 65536 ? (size_t)len : 65536;
    unsigned char *b = malloc(tail);
    int whole = -1;
    if (b && reader_seek(a, len - (int64_t)tail, SEEK_SET) == 0 &&
        a->r.read(a->r.user, b, tail) == tail) {
        for (size_t i = tail - 27; i-- > 0 && whole < 0;) {
            if (memcmp(b + i, "OggS", 4) != 0 || b[i + 4] != 0)
                continue;
            size_t segs = b[i + 26], body = 0;
            if (i + 27 + segs > tail)
                continue;                    /* cut inside its own header */
            for (size_t k = 0; k < segs; k++)
                body += b[i + 27 + k];
            /* the last page found: whole to the file's end, and the end */
            whole = i + 27 + segs + body == tail && (b[i + 5] & 0x04) ? 1 : 0;
        }
    }
    free(b);
    reader_seek(a, 0, SEEK_SET);
    return whole;
}

/* ---- Vorbis ---- */

static size_t vorbis_read(void *ptr, size_t size, size_t nmemb, void *user)
{
    Audio *a = user;
    if (size == 0 || nmemb > SIZE_MAX / size)
        return 0;
    return a->r.read(a->r.user, ptr, size * nmemb) / size;
}

static int vorbis_seek(void *user, ogg_int64_t off, int whence)
{
    return reader_seek(user, off, whence);
}

static long vorbis_tell(void *user)
{
    return (long)reader_tell(user);
}

static AudioStatus vorbis_open(Audio *a)
{
    ov_callbacks cb = { vorbis_read, a->r.seek ? vorbis_seek : NULL, NULL,
                        a->r.tell ? vorbis_tell : NULL };
    a->vf = calloc(1, sizeof *a->vf);
    if (!a->vf)
        return fail(a, AUDIO_NO_MEMORY, _("there was not enough memory to read it"));
    if (ov_open_callbacks(a, a->vf, a->head_len ? (const char *)a->head : NULL,
                          (long)a->head_len, cb) != 0) {
        free(a->vf);
        a->vf = NULL;
        return fail_damaged(a);
    }
    /* A chained file (recordings joined with cat) is left by libvorbisfile's
     * opening scan at its last part: read from its first. */
    if (ov_seekable(a->vf) && ov_streams(a->vf) > 1 && ov_raw_seek(a->vf, 0) != 0) {
        ov_clear(a->vf);
        free(a->vf);
        a->vf = NULL;
        return fail_damaged(a);
    }
    vorbis_info *vi = ov_info(a->vf, 0);
    /* past what an int holds: INT_MAX, which check_header says is damage */
    a->info.rate = !vi || vi->rate <= 0 ? 0 : vi->rate > 0x7fffffffL ? INT_MAX : (int)vi->rate;
    a->info.channels = vi ? vi->channels : 0;
    ogg_int64_t total = ov_pcm_total(a->vf, -1);
    a->info.frames = total > 0 ? (uint64_t)total : 0;
    a->info.exact = total >= 0;
    return check_header(a);
}

static void vorbis_fill(Audio *a)
{
    for (int holes = 0; holes < AUDIO_HOLES_MAX; holes++) {
        float **pcm = NULL;
        int link = 0;
        long n = ov_read_float(a->vf, &pcm, AUDIO_BLOCK, &link);
        if (n == OV_HOLE) {
            a->holes++;
            continue;
        }
        if (n < 0) {
            fail_damaged(a);
            a->ended = 1;
            return;
        }
        if (n == 0) {
            a->ended = 1;
            return;
        }
        vorbis_info *vi = ov_info(a->vf, link);
        if (vi && vi->rate != (long)a->info.rate) {
            /* Two recordings chained (joined with cat): the second at its
             * own rate would play at the first's, too high and too fast. */
            a->rate_changed = 1;
            a->ended = 1;
            return;
        }
        int ch = vi ? vi->channels : 0;
        if (ch < 1 || ch > AUDIO_MAX_CHANNELS) {
            fail(a, AUDIO_CHANNELS, _("part of it has %1$d separate sound tracks; this player "
                 "plays up to %2$d"), ch, AUDIO_MAX_CHANNELS);
            a->ended = 1;
            return;
        }
        put_frames(a, NULL, (const float *const *)pcm, (size_t)n, ch);
        return;
    }
    fail_damaged(a);
    a->ended = 1;
}

/* ---- Opus ---- */

static int opus_read(void *user, unsigned char *ptr, int n)
{
    Audio *a = user;
    return n > 0 ? (int)a->r.read(a->r.user, ptr, (size_t)n) : 0;
}

static int opus_seek(void *user, opus_int64 off, int whence)
{
    return reader_seek(user, off, whence);
}

static opus_int64 opus_tell(void *user)
{
    return reader_tell(user);
}

static AudioStatus opus_open(Audio *a)
{
    OpusFileCallbacks cb = { opus_read, a->r.seek ? opus_seek : NULL,
                             a->r.tell ? opus_tell : NULL, NULL };
    int err = 0;
    a->of = op_open_callbacks(a, &cb, a->head_len ? a->head : NULL, a->head_len, &err);
    if (!a->of)
        return err == OP_EIMPL || err == OP_EVERSION
             ? fail(a, AUDIO_UNSUPPORTED, _("it is an Ogg Opus variant this player cannot play"))
             : fail_damaged(a);
    const OpusHead *h = op_head(a->of, -1);
    a->info.rate = 48000;                /* Opus always decodes at 48 kHz */
    a->info.channels = h ? h->channel_count : 0;
    ogg_int64_t total = op_pcm_total(a->of, -1);
    a->info.frames = total > 0 ? (uint64_t)total : 0;
    a->info.exact = total >= 0;
    return check_header(a);
}

static void opus_fill(Audio *a)
{
    float buf[AUDIO_BLOCK * 2];
    for (int holes = 0; holes < AUDIO_HOLES_MAX; holes++) {
        int n = op_read_float_stereo(a->of, buf, AUDIO_BLOCK * 2);
        if (n == OP_HOLE) {
            a->holes++;
            continue;
        }
        if (n <= 0) {
            if (n < 0)
                fail_damaged(a);
            a->ended = 1;
            return;
        }
        put_frames(a, buf, NULL, (size_t)n, 2);
        return;
    }
    fail_damaged(a);
    a->ended = 1;
}

/* ---- MP3 ---- */

static mpg123_ssize_t mp3_read(void *user, void *buf, size_t n)
{
    Audio *a = user;
    return (mpg123_ssize_t)a->r.read(a->r.user, buf, n);
}

/* mpg123 sees the file from its first frame on: its ID3v2 tags (a phone's
 * cover art can be megabytes) are neither read nor counted in the length it
 * estimates from the file's size (1 MB of picture made a 3 s recording
 * "2 minutes"). */
static off_t mp3_seek(void *user, off_t off, int whence)
{
    Audio *a = user;
    int64_t to = whence == SEEK_SET ? (int64_t)off + a->mp3_base : (int64_t)off;
    if (reader_seek(a, to, whence) != 0)
        return -1;
    int64_t at = reader_tell(a);
    if (at < a->mp3_base) {   /* back into the tags: to the first frame */
        if (reader_seek(a, a->mp3_base, SEEK_SET) != 0)
            return -1;
        at = a->mp3_base;
    }
    return (off_t)(at - a->mp3_base);
}

/* Step past the ID3v2 tags at the start of a seekable MP3: "ID3", version,
 * flags, a size in four 7-bit bytes (and 10 more bytes for a footer); one
 * after another, as some tools write them. a->mp3_base says where the
 * frames begin. */
static void mp3_skip_tags(Audio *a)
{
    int64_t at = reader_tell(a), len = reader_length(a);
    if (at < 0 || len < 0)
        return;
    for (;;) {
        unsigned char h[10];
        if (at + 10 > len || reader_seek(a, at, SEEK_SET) != 0 ||
            a->r.read(a->r.user, h, sizeof h) != sizeof h || memcmp(h, "ID3", 3) != 0 ||
            h[3] == 0xFF || h[4] == 0xFF || ((h[6] | h[7] | h[8] | h[9]) & 0x80))
            break;
        int64_t size = (int64_t)h[6] << 21 | (int64_t)h[7] << 14 | (int64_t)h[8] << 7 | h[9];
        int64_t next = at + 10 + size + ((h[5] & 0x10) ? 10 : 0);
        if (next > len)
            break;   /* a tag longer than the file: mpg123 says what is wrong */
        at = next;
    }
    a->mp3_base = at;
    reader_seek(a, at, SEEK_SET);
}

static AudioStatus mp3_open(Audio *a)
{
    int err = MPG123_OK;
    a->mh = mpg123_new(NULL, &err);
    if (!a->mh)
        return fail(a, AUDIO_NO_MEMORY, _("the MP3 decoder could not start"));
    /* Quiet, float output, and a short resync so junk is not searched far;
     * a tag met later is skipped, never kept. */
    mpg123_param(a->mh, MPG123_FLAGS, MPG123_QUIET | MPG123_FORCE_FLOAT | MPG123_GAPLESS |
                 MPG123_SKIP_ID3V2, 0);
    mpg123_param(a->mh, MPG123_RESYNC_LIMIT, AUDIO_MP3_RESYNC, 0);
    mpg123_format_none(a->mh);
    const long *rates = NULL;
    size_t nrates = 0;
    mpg123_rates(&rates, &nrates);
    /* Always stereo out: a stream switching between mono and stereo frames
     * then never changes the layout under the downmix. */
    for (size_t i = 0; i < nrates; i++)
        mpg123_format(a->mh, rates[i], MPG123_STEREO, MPG123_ENC_FLOAT_32);
    if (a->r.seek)
        mp3_skip_tags(a);
    if (mpg123_replace_reader_handle(a->mh, mp3_read, a->r.seek ? mp3_seek : NULL, NULL)
            != MPG123_OK || mpg123_open_handle(a->mh, a) != MPG123_OK)
        return fail_damaged(a);
    long rate = 0;
    int channels = 0, enc = 0;
    if (mpg123_getformat(a->mh, &rate, &channels, &enc) != MPG123_OK)
        return fail_damaged(a);
    struct mpg123_frameinfo fi;
    memset(&fi, 0, sizeof fi);
    mpg123_info(a->mh, &fi);
    a->info.rate = (int)rate;
    a->info.channels = fi.mode == MPG123_M_MONO ? 1 : 2;
    off_t len = mpg123_length(a->mh);
    a->info.frames = len > 0 ? (uint64_t)len : 0;
    a->info.exact = 0;       /* even a Xing count is only as good as its encoder */
    a->raw = malloc((size_t)AUDIO_BLOCK * 2 * sizeof(float));
    if (!a->raw)
        return fail(a, AUDIO_NO_MEMORY, _("there was not enough memory to read it"));
    return check_header(a);
}

static void mp3_fill(Audio *a)
{
    for (int tries = 0; tries < 4; tries++) {
        size_t done = 0;
        int r = mpg123_read(a->mh, a->raw, (size_t)AUDIO_BLOCK * 2 * sizeof(float), &done);
        size_t frames = done / (2 * sizeof(float));
        put_frames(a, (const float *)(const void *)a->raw, NULL, frames, 2);
        if (r == MPG123_DONE) {
            a->ended = frames == 0;
            return;
        }
        if (r == MPG123_NEW_FORMAT) {
            long rate = 0;
            int channels = 0, enc = 0;
            if (mpg123_getformat(a->mh, &rate, &channels, &enc) == MPG123_OK &&
                a->decoded > 0 && rate != (long)a->info.rate) {
                a->rate_changed = 1;     /* MP3s joined with cat, at two rates */
                a->ended = 1;
                return;
            }
        }
        if (r != MPG123_OK && r != MPG123_NEW_FORMAT) {
            if (frames == 0) {
                if (a->decoded == 0)
                    fail_damaged(a);
                a->ended = 1;       /* a cut-short MP3 plays what it has */
            }
            return;
        }
        if (frames > 0)
            return;
    }
}

/* ---- FLAC ---- */

static FLAC__StreamDecoderReadStatus flac_read(const FLAC__StreamDecoder *d, FLAC__byte buf[],
                                               size_t *n, void *user)
{
    Audio *a = user;
    *n = *n ? a->r.read(a->r.user, buf, *n) : 0;
    return *n ? FLAC__STREAM_DECODER_READ_STATUS_CONTINUE
              : FLAC__STREAM_DECODER_READ_STATUS_END_OF_STREAM;
}

static FLAC__StreamDecoderSeekStatus flac_seek(const FLAC__StreamDecoder *d, FLAC__uint64 off,
                                               void *user)
{
    return off <= INT64_MAX && reader_seek(user, (int64_t)off, SEEK_SET) == 0
         ? FLAC__STREAM_DECODER_SEEK_STATUS_OK : FLAC__STREAM_DECODER_SEEK_STATUS_ERROR;
}

static FLAC__StreamDecoderTellStatus flac_tell(const FLAC__StreamDecoder *d, FLAC__uint64 *off,
                                               void *user)
{
    int64_t t = reader_tell(user);
    *off = t < 0 ? 0 : (FLAC__uint64)t;
    return t < 0 ? FLAC__STREAM_DECODER_TELL_STATUS_ERROR : FLAC__STREAM_DECODER_TELL_STATUS_OK;
}

static FLAC__StreamDecoderLengthStatus flac_length(const FLAC__StreamDecoder *d,
                                                   FLAC__uint64 *len, void *user)
{
    int64_t l = reader_length(user);
    *len = l < 0 ? 0 : (FLAC__uint64)l;
    return l < 0 ? FLAC__STREAM_DECODER_LENGTH_STATUS_ERROR
                 : FLAC__STREAM_DECODER_LENGTH_STATUS_OK;
}

static FLAC__bool flac_eof(const FLAC__StreamDecoder *d, void *user)
{
    Audio *a = user;
    int64_t t = reader_tell(a), l = reader_length(a);
    return t >= 0 && l >= 0 && t >= l;
}

static FLAC__StreamDecoderWriteStatus flac_write(const FLAC__StreamDecoder *d,
                                                 const FLAC__Frame *frame,
                                                 const FLAC__int32 *const buf[], void *user)
{
    Audio *a = user;
    unsigned n = frame->header.blocksize, ch = frame->header.channels;
    unsigned bits = frame->header.bits_per_sample;
    if (n > AUDIO_FLAC_MAX_BLOCK || ch < 1 || ch > AUDIO_MAX_CHANNELS || bits < 4 || bits > 32) {
        fail(a, AUDIO_UNSUPPORTED, _("it is an unusual kind of FLAC this player cannot play "
             "(blocks of %1$u samples, %2$u separate sound tracks, %3$u bits); export it again "
             "as ordinary FLAC, WAV or Ogg"), n, ch, bits);
        return FLAC__STREAM_DECODER_WRITE_STATUS_ABORT;
    }
    if (a->pending_len + n > a->pending_cap)
        return FLAC__STREAM_DECODER_WRITE_STATUS_ABORT;   /* cannot happen: drained first */
    double scale = 1.0 / (double)(1ull << (bits - 1));
    float f[AUDIO_MAX_CHANNELS];
    for (unsigned i = 0; i < n; i++) {
        for (unsigned c = 0; c < ch; c++)
            f[c] = (float)((double)buf[c][i] * scale);
        put_frame(a, f, (int)ch);
    }
    return FLAC__STREAM_DECODER_WRITE_STATUS_CONTINUE;
}

static void flac_metadata(const FLAC__StreamDecoder *d, const FLAC__StreamMetadata *m,
                          void *user)
{
    Audio *a = user;
    if (m->type != FLAC__METADATA_TYPE_STREAMINFO)
        return;
    const FLAC__StreamMetadata_StreamInfo *si = &m->data.stream_info;
    a->info.rate = si->sample_rate > 0x7fffffffu ? 0x7fffffff : (int)si->sample_rate;
    a->info.channels = (int)si->channels;
    a->info.frames = si->total_samples;
    a->info.exact = si->total_samples > 0;
}

static void flac_error(const FLAC__StreamDecoder *d, FLAC__StreamDecoderErrorStatus st,
                       void *user)
{
    /* Lost sync and bad frames are skipped by libFLAC; the file plays on, and a
     * file with no good frame at all ends with nothing decoded. Counted, so
     * the damage is told. */
    (void)d;
    (void)st;
    ((Audio *)user)->holes++;
}

static AudioStatus flac_open(Audio *a)
{
    a->flac = FLAC__stream_decoder_new();
    a->pending_cap = AUDIO_FLAC_MAX_BLOCK;
    free(a->pending);
    a->pending = malloc(a->pending_cap * 2 * sizeof(float));
    if (!a->flac || !a->pending)
        return fail(a, AUDIO_NO_MEMORY, _("there was not enough memory to read it"));
    FLAC__stream_decoder_set_md5_checking(a->flac, false);
    int seekable = a->r.seek && a->r.tell;
    if (FLAC__stream_decoder_init_stream(a->flac, flac_read, seekable ? flac_seek : NULL,
                                         seekable ? flac_tell : NULL,
                                         seekable ? flac_length : NULL,
                                         seekable ? flac_eof : NULL, flac_write,
                                         flac_metadata, flac_error, a)
            != FLAC__STREAM_DECODER_INIT_STATUS_OK)
        return fail(a, AUDIO_NO_MEMORY, _("the FLAC decoder could not start"));
    if (!FLAC__stream_decoder_process_until_end_of_metadata(a->flac) || a->info.rate == 0)
        return a->status != AUDIO_OK ? a->status : fail_damaged(a);
    return check_header(a);
}

static void flac_fill(Audio *a)
{
    /* One frame per call; bounded because every call consumes input. */
    while (a->pending_len == 0 && a->status == AUDIO_OK) {
        FLAC__StreamDecoderState s = FLAC__stream_decoder_get_state(a->flac);
        if (s == FLAC__STREAM_DECODER_END_OF_STREAM || s == FLAC__STREAM_DECODER_ABORTED ||
            s > FLAC__STREAM_DECODER_END_OF_STREAM)
            break;
        if (!FLAC__stream_decoder_process_single(a->flac))
            break;
    }
    if (a->pending_len == 0) {
        if (a->decoded == 0)
            fail_damaged(a);
        a->ended = 1;
    }
}

/* ---- opening, reading, closing ---- */

static AudioStatus open_kind(Audio *a)
{
    switch (a->info.kind) {
    case SNIFF_WAV:  return wav_open(a);
    case SNIFF_MP3:  return mp3_open(a);
    case SNIFF_FLAC: return flac_open(a);
    case SNIFF_OGG: {
        a->cut_end = ogg_ends_whole(a) == 0;
        int opus = 0, r = ogg_is_opus(a, &opus);
        if (r < 0)
            return fail_damaged(a);
        if (r == 0)
            return fail(a, AUDIO_UNSUPPORTED, _("it is an Ogg file that holds neither Vorbis "
                        "nor Opus sound"));
        a->info.opus = opus;
        return opus ? opus_open(a) : vorbis_open(a);
    }
    default:
        return fail(a, AUDIO_NOT_AUDIO, _("it is not a recording this player can play (it looks "
                    "like %s)"), sniff_name(a->info.kind));
    }
}

static Audio *audio_new(SniffKind kind, int out_channels, const AudioLimit *lim)
{
    Audio *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->fd = -1;
    a->info.kind = kind;
    a->info.out_channels = out_channels == 2 ? 2 : 1;
    a->oc = a->info.out_channels;
    a->over = 1.0f;
    a->max_seconds = lim && lim->max_seconds > 0 ? lim->max_seconds : 0;
    snprintf(a->what, sizeof a->what, "%s", lim && lim->what ? lim->what : "a recording");
    a->pending_cap = AUDIO_BLOCK;
    a->pending = malloc(a->pending_cap * 2 * sizeof(float));
    if (!a->pending) {
        free(a);
        return NULL;
    }
    return a;
}

static void fill(Audio *a);

/* A stereo recording opened as mono: its opening decoded ahead in stereo,
 * the fold chosen from it (see the top), and kept folded in a->ahead for
 * audio_read to give first. AUDIO_FOLD_SECONDS of sound are read, or up to
 * AUDIO_FOLD_LONGEST when it opens in silence (a pause before the first
 * words). Damage met on the way is held in a->late, so the frames before it
 * are read as they would have been without the look ahead. Without the
 * memory for it, the channels are averaged, as ever. */
static void fold_ahead(Audio *a)
{
    size_t enough = (size_t)a->info.rate * AUDIO_FOLD_SECONDS;
    size_t most = (size_t)a->info.rate * AUDIO_FOLD_LONGEST;
    most = most < AUDIO_FOLD_MAX_FRAMES ? most : AUDIO_FOLD_MAX_FRAMES;
    float *buf = malloc((most + a->pending_cap) * 2 * sizeof *buf);   /* a block may overrun */
    if (!buf)
        return;
    /* Sums of the channels, and of the squares of their sum and difference. */
    double sl = 0, sr = 0, ss = 0, sd = 0, sum = 0, diff = 0;
    size_t n = 0;
    a->oc = 2;
    while (n < most && !a->ended) {
        fill(a);
        if (a->status != AUDIO_OK)
            break;                     /* that block is lost, as audio_read would lose it */
        const float *p = a->pending;
        for (size_t i = 0; i < a->pending_len; i++) {
            double l = p[2 * i], r = p[2 * i + 1];
            sl += l;
            sr += r;
            ss += (l + r) * (l + r);
            sd += (l - r) * (l - r);
        }
        memcpy(buf + 2 * n, p, a->pending_len * 2 * sizeof *buf);
        n += a->pending_len;
        /* Their powers, each mean (an offset) taken away. */
        double m = n ? (double)n : 1.0;
        sum = ss / m - (sl + sr) * (sl + sr) / (m * m);
        diff = sd / m - (sl - sr) * (sl - sr) / (m * m);
        if (n >= enough && (sum + diff) * 0.25 > AUDIO_FOLD_QUIET)
            break;
    }
    a->oc = 1;
    a->pending_len = a->pending_pos = 0;
    if (a->status != AUDIO_OK) {
        a->late = a->status;
        a->status = AUDIO_OK;
        a->ended = 1;
    }
    a->fold = diff > AUDIO_FOLD_RATIO * sum && diff * 0.25 > AUDIO_FOLD_QUIET;
    float side = a->fold ? -1.0f : 1.0f;
    for (size_t i = 0; i < n; i++)     /* in place: frame i is written after it is read */
        buf[i] = (buf[2 * i] + side * buf[2 * i + 1]) * 0.5f;
    float *mono = n ? realloc(buf, n * sizeof *buf) : NULL;
    if (!mono)
        free(buf);
    a->ahead = mono;
    a->ahead_len = mono ? n : 0;
    a->ahead_pos = 0;
    if (!mono && n) {                  /* cannot happen (a shrink); read from the start again */
        a->late = AUDIO_OK;
        a->ended = 0;
        if (audio_rewind(a) != 0)
            fail(a, AUDIO_NO_MEMORY, _("there was not enough memory to read it"));
    }
}

/* Open a, or close it and report why. */
static Audio *audio_start(Audio *a, AudioStatus *st, char *why)
{
    AudioStatus s = reader_seek(a, 0, SEEK_SET) == 0 || !a->r.seek ? open_kind(a)
                  : fail(a, AUDIO_IO, _("it could not be read"));
    if (s == AUDIO_OK && a->info.channels == 2 && a->info.out_channels == 1)
        fold_ahead(a);
    if (st)
        *st = s;
    if (why)
        snprintf(why, AUDIO_WHY, "%s", s == AUDIO_OK ? "" : a->why);
    if (s != AUDIO_OK) {
        audio_close(a);
        return NULL;
    }
    return a;
}

static Audio *audio_no_memory(AudioStatus *st, char *why)
{
    if (st)
        *st = AUDIO_NO_MEMORY;
    if (why)
        snprintf(why, AUDIO_WHY, _("there was not enough memory to read it"));
    return NULL;
}

Audio *audio_open(const AudioReader *r, SniffKind kind, int out_channels,
                  const AudioLimit *lim, AudioStatus *st, char *why)
{
    Audio *a = audio_new(kind, out_channels, lim);
    if (!a)
        return audio_no_memory(st, why);
    a->r = *r;
    return audio_start(a, st, why);
}

Audio *audio_open_mem(const void *data, size_t len, SniffKind kind, int out_channels,
                      const AudioLimit *lim, AudioStatus *st, char *why)
{
    Audio *a = audio_new(kind, out_channels, lim);
    if (!a)
        return audio_no_memory(st, why);
    a->mem = (AudioMem){ data, data ? len : 0, 0 };
    a->r = (AudioReader){ mem_read, mem_seek, mem_tell, &a->mem };
    return audio_start(a, st, why);
}

Audio *audio_open_mem_sniffed(const void *data, size_t len, int out_channels,
                              const AudioLimit *lim, AudioStatus *st, char *why)
{
    SniffKind k = sniff_bytes(data, len < SNIFF_HEAD ? len : SNIFF_HEAD);
    return audio_open_mem(data, len, k, out_channels, lim, st, why);
}

Audio *audio_open_fd(int fd, SniffKind kind, int out_channels, const AudioLimit *lim,
                     AudioStatus *st, char *why)
{
    Audio *a = audio_new(kind, out_channels, lim);
    if (!a) {
        close(fd);
        return audio_no_memory(st, why);
    }
    a->fd = fd;
    a->r = (AudioReader){ fd_read, fd_seek, fd_tell, &a->fd };
    return audio_start(a, st, why);
}

const AudioInfo *audio_info(const Audio *a)
{
    return &a->info;
}

double audio_seconds(const Audio *a)
{
    return a->info.rate > 0 ? (double)a->info.frames / a->info.rate : 0.0;
}

static void fill(Audio *a)
{
    a->pending_len = a->pending_pos = 0;
    switch (a->info.kind) {
    case SNIFF_WAV:  wav_fill(a); break;
    case SNIFF_MP3:  mp3_fill(a); break;
    case SNIFF_FLAC: flac_fill(a); break;
    case SNIFF_OGG:  a->info.opus ? opus_fill(a) : vorbis_fill(a); break;
    default:         a->ended = 1; break;
    }
    a->decoded += a->pending_len;
    if (a->pending_len == 0)
        a->ended = 1;
}

size_t audio_read(Audio *a, float *out, size_t frames)
{
    size_t done = 0, oc = (size_t)a->info.out_channels;
    while (done < frames && a->status == AUDIO_OK) {
        /* What was read ahead first, then block by block. */
        int ahead = a->ahead_pos < a->ahead_len;
        const float *from = ahead ? a->ahead + a->ahead_pos * oc
                                  : a->pending + a->pending_pos * oc;
        size_t n = ahead ? a->ahead_len - a->ahead_pos : a->pending_len - a->pending_pos;
        if (n == 0) {
            if (a->ended) {
                a->status = a->late;   /* damage read ahead is met here */
                break;
            }
            fill(a);
            continue;
        }
        n = n < frames - done ? n : frames - done;
        if (a->stop_at && a->pos + n > a->stop_at) {
            fail_too_long(a);
            break;
        }
        memcpy(out + done * oc, from, n * oc * sizeof *out);
        if (ahead)
            a->ahead_pos += n;
        else
            a->pending_pos += n;
        a->pos += n;
        done += n;
    }
    return done;
}

int audio_folded(const Audio *a)
{
    return a->fold;
}

AudioStatus audio_status(const Audio *a)
{
    return a->status;
}

const char *audio_why(const Audio *a)
{
    return a->status == AUDIO_OK ? "" : a->why;
}

const char *audio_note(const Audio *a)
{
    if (a->rate_changed)
        return _("is two recordings joined, the second at another sample rate, so only the "
                 "first plays; export each on its own");
    if (a->holes)
        return _("is damaged in places, which are passed over; copy or export it again");
    if (a->cut_end)
        return _("is cut short: its end is missing, so it stops part way; copy or export it "
                 "again");
    return NULL;
}

uint64_t audio_position(const Audio *a)
{
    return a->pos;
}

double audio_count_seconds(Audio *a)
{
    float block[AUDIO_BLOCK * 2];
    while (audio_read(a, block, AUDIO_BLOCK) > 0)
        ;
    double seconds = a->info.rate > 0 ? (double)a->pos / a->info.rate : 0.0;
    if (a->status != AUDIO_OK || audio_rewind(a) != 0)
        return -1;
    return seconds;
}

int audio_rewind(Audio *a)
{
    int ok = -1;
    /* Emptied first: a FLAC seek decodes the frame it lands on into it. The
     * fold chosen at the open stays; what was read ahead is read again. */
    a->pending_len = a->pending_pos = 0;
    a->ahead_len = a->ahead_pos = 0;
    a->late = AUDIO_OK;
    switch (a->info.kind) {
    case SNIFF_WAV:
        ok = reader_seek(a, (int64_t)a->wav.data_offset, SEEK_SET);
        break;
    case SNIFF_MP3:
        ok = mpg123_seek(a->mh, 0, SEEK_SET) >= 0 ? 0 : -1;
        break;
    case SNIFF_FLAC:
        ok = FLAC__stream_decoder_seek_absolute(a->flac, 0) ? 0 : -1;
        if (ok != 0 && FLAC__stream_decoder_get_state(a->flac) == FLAC__STREAM_DECODER_SEEK_ERROR)
            FLAC__stream_decoder_flush(a->flac);
        break;
    case SNIFF_OGG:
        ok = a->info.opus ? (op_raw_seek(a->of, 0) == 0 ? 0 : -1)
                          : (ov_raw_seek(a->vf, 0) == 0 ? 0 : -1);
        break;
    default:
        break;
    }
    if (ok == 0) {
        a->pos = a->decoded = 0;
        a->ended = 0;
    }
    return ok;
}

void audio_close(Audio *a)
{
    if (!a)
        return;
    if (a->vf) {
        ov_clear(a->vf);
        free(a->vf);
    }
    if (a->of)
        op_free(a->of);
    if (a->mh) {
        mpg123_close(a->mh);
        mpg123_delete(a->mh);
    }
    if (a->flac)
        FLAC__stream_decoder_delete(a->flac);
    if (a->fd >= 0)
        close(a->fd);
    free(a->raw);
    free(a->pending);
    free(a->ahead);
    free(a);
}
