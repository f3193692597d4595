/* Unit tests for audio: every format opened as the kind it was sniffed as,
 * lengths from the header checked exactly, caps refused before decoding,
 * downmixing, hostile bytes, and memory that stays small for a long file.
 * Files are made here: WAV and FLAC headers by hand, Opus with libopus (sox
 * cannot write it), Vorbis, FLAC and MP3 with sox (a test package). */
#include "check.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ogg/ogg.h>
#include <opus/opus.h>

#include "audio.h"
#include "sniff.h"
#include "wav.h"

#define DIR TEST_TMP "/audio"

static const AudioLimit no_cap = { 0, NULL };
static const AudioLimit narration = { AUDIO_NARRATION_SECONDS, "a page's narration" };

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = n > 0 ? malloc((size_t)n) : NULL;
    *len = b ? fread(b, 1, (size_t)n, f) : 0;
    fclose(f);
    return b;
}

static int sox(const char *args)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "sox -q %s 2>/dev/null", args);
    return system(cmd) == 0;
}

/* Decode everything; frames read (bounded by limit). */
static uint64_t drain(Audio *a, float *peak)
{
    float buf[4096 * 2];
    uint64_t total = 0;
    size_t n;
    *peak = 0;
    while ((n = audio_read(a, buf, 4096)) > 0) {
        for (size_t i = 0; i < n * (size_t)audio_info(a)->out_channels; i++)
            *peak = fabsf(buf[i]) > *peak ? fabsf(buf[i]) : *peak;
        total += n;
    }
    return total;
}

/* Open a file by its sniffed kind through the fd reader. */
static Audio *open_path(const char *path, const AudioLimit *lim, AudioStatus *st, char *why)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    unsigned char head[SNIFF_HEAD];
    ssize_t got = pread(fd, head, sizeof head, 0);
    return audio_open_fd(fd, sniff_bytes(head, got > 0 ? (size_t)got : 0), 1, lim, st, why);
}

/* ---- an Ogg Opus file made with libopus ---- */

static void ogg_out(ogg_stream_state *os, FILE *f, int flush)
{
    ogg_page pg;
    while (flush ? ogg_stream_flush(os, &pg) : ogg_stream_pageout(os, &pg)) {
        fwrite(pg.header, 1, (size_t)pg.header_len, f);
        fwrite(pg.body, 1, (size_t)pg.body_len, f);
    }
}

static void put_le(unsigned char *p, uint32_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* frames of a 440 Hz tone at 48 kHz, channels 1 or 2. 0 ok. */
static int make_opus(const char *path, int frames, int channels)
{
    int err = 0;
    OpusEncoder *enc = opus_encoder_create(48000, channels, OPUS_APPLICATION_AUDIO, &err);
    FILE *f = fopen(path, "wb");
    if (!enc || !f)
        return -1;
    int preskip = 0;
    opus_encoder_ctl(enc, OPUS_GET_LOOKAHEAD(&preskip));
    ogg_stream_state os;
    ogg_stream_init(&os, 1);
    unsigned char head[19] = "OpusHead";
    head[8] = 1;
    head[9] = (unsigned char)channels;
    put_le(head + 10, (uint32_t)preskip, 2);
    put_le(head + 12, 48000, 4);
    put_le(head + 16, 0, 3);
    ogg_packet op = { head, 19, 1, 0, 0, 0 };
    ogg_stream_packetin(&os, &op);
    ogg_out(&os, f, 1);
    unsigned char tags[16] = "OpusTags";
    put_le(tags + 8, 0, 4);
    put_le(tags + 12, 0, 4);
    op = (ogg_packet){ tags, 16, 0, 0, 0, 1 };
    ogg_stream_packetin(&os, &op);
    ogg_out(&os, f, 1);
    /* Whole 20 ms packets, the last padded; the end granule says where it stops. */
    float pcm[960 * 2];
    unsigned char pkt[4000];
    int64_t done = 0, packetno = 2;
    while (done < frames + preskip) {
        for (int i = 0; i < 960; i++)
            for (int c = 0; c < channels; c++)
                pcm[i * channels + c] = 0.5f * sinf((float)(done + i) * 440.0f * 6.2831853f / 48000.0f);
        int n = opus_encode_float(enc, pcm, 960, pkt, sizeof pkt);
        done += 960;
        int last = done >= frames + preskip;
        op = (ogg_packet){ pkt, n, 0, last, last ? frames + preskip : done, packetno++ };
        ogg_stream_packetin(&os, &op);
        ogg_out(&os, f, last);
    }
    ogg_stream_clear(&os);
    opus_encoder_destroy(enc);
    return fclose(f) == 0 ? 0 : -1;
}

/* ---- the tests ---- */

static void test_lengths(void)
{
    static const struct { const char *make, *file; SniffKind kind; uint64_t frames; int exact; } t[] = {
        { "-n -r 16000 -c 1 " DIR "/tone.wav synth 2 sine 440 vol 0.5", DIR "/tone.wav",
          SNIFF_WAV, 32000, 1 },
        { "-n -r 16000 -c 1 " DIR "/tone.ogg synth 2 sine 440 vol 0.5", DIR "/tone.ogg",
          SNIFF_OGG, 32000, 1 },
        { "-n -r 44100 -c 2 " DIR "/tone.flac synth 2 sine 440 vol 0.5", DIR "/tone.flac",
          SNIFF_FLAC, 88200, 1 },
        { "-n -r 22050 -c 1 " DIR "/tone.mp3 synth 2 sine 440 vol 0.5", DIR "/tone.mp3",
          SNIFF_MP3, 44100, 0 },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        CHECK(sox(t[i].make), "sox makes %s", t[i].file);
        AudioStatus st;
        char why[AUDIO_WHY];
        Audio *a = open_path(t[i].file, &narration, &st, why);
        CHECK(a != NULL, "%s opens (%s)", t[i].file, why);
        if (!a)
            continue;
        const AudioInfo *info = audio_info(a);
        CHECK(info->kind == t[i].kind, "%s is opened as the kind it was sniffed as", t[i].file);
        if (t[i].exact)
            CHECK(info->frames == t[i].frames && info->exact,
                  "%s: the header gives exactly %llu frames (got %llu)", t[i].file,
                  (unsigned long long)t[i].frames, (unsigned long long)info->frames);
        else
            CHECK(info->frames > t[i].frames * 95 / 100 && info->frames < t[i].frames * 110 / 100,
                  "%s: the MP3 length is within a few per cent (got %llu)", t[i].file,
                  (unsigned long long)info->frames);
        float peak = 0;
        uint64_t n = drain(a, &peak);
        CHECK(audio_status(a) == AUDIO_OK, "%s decodes to the end (%s)", t[i].file, audio_why(a));
        CHECK(t[i].exact ? n == t[i].frames : n + 4000 > t[i].frames && n < t[i].frames + 4000,
              "%s: the frames decoded match the header (%llu)", t[i].file,
              (unsigned long long)n);
        CHECK(peak > 0.4f && peak < 0.6f, "%s: the tone's peak is about half scale (%f)",
              t[i].file, (double)peak);
        CHECK(audio_rewind(a) == 0 && drain(a, &peak) == n, "%s plays again after a rewind",
              t[i].file);
        audio_close(a);
    }
}

/* An MP3 from a phone carries its cover art in ID3v2 tags before the first
 * frame: its length is that of its sound, not of its picture, and the tags
 * are never held in memory. Two tags one after the other, 2 MB in all, in
 * front of tone.mp3 (2 s, made by test_lengths). */
static void test_mp3_tags(void)
{
    size_t len = 0;
    unsigned char *mp3 = slurp(DIR "/tone.mp3", &len);
    CHECK(mp3 != NULL, "tone.mp3 is there");
    if (!mp3)
        return;
    size_t skip = 0;   /* sox's own tag, if it wrote one */
    if (len > 10 && memcmp(mp3, "ID3", 3) == 0)
        skip = 10 + ((size_t)(mp3[6] & 0x7f) << 21 | (size_t)(mp3[7] & 0x7f) << 14 |
                     (size_t)(mp3[8] & 0x7f) << 7 | (mp3[9] & 0x7f));
    size_t tag = 1u << 20, n = 2 * (10 + tag) + len - skip;
    unsigned char *b = calloc(1, n);
    for (int k = 0; b && k < 2; k++) {
        unsigned char *h = b + (size_t)k * (10 + tag);
        memcpy(h, "ID3\x03\x00\x00", 6);
        h[6] = (unsigned char)(tag >> 21 & 0x7f), h[7] = (unsigned char)(tag >> 14 & 0x7f);
        h[8] = (unsigned char)(tag >> 7 & 0x7f), h[9] = (unsigned char)(tag & 0x7f);
        memcpy(h + 10, "APIC", 4);   /* a picture frame's name, then noise-free bytes */
    }
    if (b)
        memcpy(b + 2 * (10 + tag), mp3 + skip, len - skip);
    AudioStatus st;
    char why[AUDIO_WHY] = "";
    Audio *a = b ? audio_open_mem(b, n, SNIFF_MP3, 1, &narration, &st, why) : NULL;
    CHECK(a != NULL, "an MP3 behind 2 MB of tags opens (%s)", why);
    if (a) {
        uint64_t f = audio_info(a)->frames;
        CHECK(f > 44100 * 95 / 100 && f < 44100 * 110 / 100,
              "its length is its 2 s of sound, not its tags' megabytes (%llu frames)",
              (unsigned long long)f);
        float peak = 0;
        uint64_t got = drain(a, &peak);
        CHECK(got + 4000 > 44100 && got < 44100 + 4000 && peak > 0.4f,
              "and it plays its sound (%llu frames)", (unsigned long long)got);
        CHECK(audio_rewind(a) == 0 && drain(a, &peak) == got, "and again after a rewind");
        audio_close(a);
    }
    free(b);
    free(mp3);
}

static void test_opus(void)
{
    CHECK(make_opus(DIR "/tone.opus", 24000, 2) == 0, "libopus makes an Ogg Opus file");
    AudioStatus st;
    char why[AUDIO_WHY];
    Audio *a = open_path(DIR "/tone.opus", &narration, &st, why);
    CHECK(a != NULL, "an Ogg Opus file opens (%s)", why);
    if (!a)
        return;
    CHECK(audio_info(a)->opus && audio_info(a)->rate == 48000 && audio_info(a)->channels == 2,
          "the Ogg is told to be Opus by its first packet, 48 kHz stereo");
    CHECK(audio_info(a)->frames == 24000, "op_pcm_total gives the exact length (%llu)",
          (unsigned long long)audio_info(a)->frames);
    float peak = 0;
    CHECK(drain(a, &peak) == 24000 && peak > 0.3f, "Opus decodes all 24000 frames with sound");
    audio_close(a);
}

/* A WAV of 8 channels, channel c holding the constant (c + 1) / 16. */
static void test_downmix(void)
{
    int16_t s[100 * 8];
    for (int f = 0; f < 100; f++)
        for (int c = 0; c < 8; c++)
            s[f * 8 + c] = (int16_t)((c + 1) * 2048);
    unsigned char *w = NULL;
    size_t len = 0;
    CHECK(wav_write(s, 800, 48000, 8, &w, &len) == 0, "an 8-channel WAV is written");
    AudioStatus st;
    Audio *a = audio_open_mem(w, len, SNIFF_WAV, 1, &no_cap, &st, NULL);
    float out[200];
    CHECK(a && audio_read(a, out, 100) == 100, "8 channels decode as 100 mono frames");
    CHECK(a && fabsf(out[50] - 4.5f * 2048 / 32768) < 1e-4f,
          "8 channels are averaged into one (%f)", a ? (double)out[50] : 0.0);
    audio_close(a);
    a = audio_open_mem(w, len, SNIFF_WAV, 2, &no_cap, &st, NULL);
    CHECK(a && audio_read(a, out, 100) == 100 && out[0] == out[1] &&
          fabsf(out[0] - 4.5f * 2048 / 32768) < 1e-4f,
          "8 channels to stereo: the same mono mix on both sides");
    audio_close(a);
    free(w);
    int16_t st2[4] = { 1000, -1000, 2000, -2000 };
    CHECK(wav_write(st2, 4, 8000, 2, &w, &len) == 0, "a stereo WAV is written");
    a = audio_open_mem(w, len, SNIFF_WAV, 2, &no_cap, &st, NULL);
    CHECK(a && audio_read(a, out, 4) == 2 && out[0] > 0 && out[1] < 0,
          "stereo stays stereo, left and right apart");
    audio_close(a);
    free(w);
    int16_t st3[4] = { 1000, 3000, 2000, 0 };
    CHECK(wav_write(st3, 4, 8000, 2, &w, &len) == 0, "a stereo WAV is written");
    a = audio_open_mem(w, len, SNIFF_WAV, 1, &no_cap, &st, NULL);
    CHECK(a && audio_read(a, out, 4) == 2 && fabsf(out[0] - 2000.0f / 32768) < 1e-6f &&
          fabsf(out[1] - 1000.0f / 32768) < 1e-6f && !audio_folded(a),
          "stereo to mono is the mean of both sides");
    audio_close(a);
    free(w);
}

/* A WAV's 44-byte header: format 1 (integer) or 3 (float), data bytes of
 * samples after it. */
static void wav_header(unsigned char *h, int format, int bits, int channels, uint32_t rate,
                       uint32_t data)
{
    memcpy(h, "RIFF", 4);
    put_le(h + 4, 36 + data, 4);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_le(h + 16, 16, 4);
    put_le(h + 20, (uint32_t)format, 2);
    put_le(h + 22, (uint32_t)channels, 2);
    put_le(h + 24, rate, 4);
    put_le(h + 28, rate * (uint32_t)(channels * bits / 8), 4);
    put_le(h + 32, (uint32_t)(channels * bits / 8), 2);
    put_le(h + 34, (uint32_t)bits, 2);
    memcpy(h + 36, "data", 4);
    put_le(h + 40, data, 4);
}

/* A 48 kHz WAV by hand: frames of the samples given (bits / 8 bytes each,
 * little-endian). */
static unsigned char *wav_by_hand(int format, int bits, int channels, const void *samples,
                                  size_t frames, size_t *len)
{
    size_t data = frames * (size_t)channels * (size_t)(bits / 8);
    unsigned char *b = malloc(44 + data);
    wav_header(b, format, bits, channels, 48000, (uint32_t)data);
    memcpy(b + 44, samples, data);
    *len = 44 + data;
    return b;
}

/* What one sample must become: clamped to -1..1 up to four times full scale;
 * beyond (damage: infinities, 1e30) and not-a-number, silent. */
static float safe_ref(float v)
{
    if (!(v == v) || fabsf(v) > 4.0f)
        return 0.0f;
    return v > 1.0f ? 1.0f : v < -1.0f ? -1.0f : v;
}

/* Every shape the decoders fill in blocks (mono or stereo in, mono or stereo
 * out), with lengths that are not whole blocks, against the frame-by-frame
 * rule: each sample made safe, stereo to mono the mean, mono to stereo on
 * both sides. */
static void test_shapes(void)
{
    enum { FRAMES = 1037 };   /* over one stack block of stereo, not a multiple of 8 */
    static float fs[FRAMES * 2];
    static int16_t is[FRAMES * 2];
    unsigned seed = 11;
    for (int i = 0; i < FRAMES * 2; i++) {
        int r = rand_r(&seed) % 16;
        fs[i] = r == 0 ? NAN : r == 1 ? INFINITY : r == 2 ? -INFINITY : r == 3 ? 1.5f
              : r == 4 ? -2.25f : r == 5 ? 1e30f : r == 6 ? -4.5f : r == 7 ? 4.0f
              : (float)(rand_r(&seed) % 20001 - 10000) / 10000.0f;
        is[i] = (int16_t)(rand_r(&seed) % 65536 - 32768);
    }
    is[0] = -32768;
    is[1] = 32767;
    for (int fmt = 0; fmt < 2; fmt++) {
        for (int ch = 1; ch <= 2; ch++) {
            size_t len;
            unsigned char *w = fmt ? wav_by_hand(3, 32, ch, fs, FRAMES, &len)
                                   : wav_by_hand(1, 16, ch, is, FRAMES, &len);
            /* A float file past full scale is scaled down by its loudest
             * sample that is not damage (audio.c: here one block, the whole
             * file), then made safe. */
            float over = 1.0f;
            for (int i = 0; fmt && i < FRAMES * ch; i++)
                if (fabsf(fs[i]) <= 1000.0f && fabsf(fs[i]) * over > 1.0f)
                    over = 1.0f / fabsf(fs[i]);
            for (int oc = 1; oc <= 2; oc++) {
                AudioStatus st;
                Audio *a = audio_open_mem(w, len, SNIFF_WAV, oc, &no_cap, &st, NULL);
                static float out[FRAMES * 2 + 16];
                size_t got = a ? audio_read(a, out, FRAMES + 8) : 0;
                int same = got == FRAMES;
                for (size_t f = 0; same && f < FRAMES; f++) {
                    float in[2];
                    for (int c = 0; c < ch; c++)
                        in[c] = safe_ref(fmt ? fs[f * (size_t)ch + (size_t)c] * over
                                             : (float)is[f * (size_t)ch + (size_t)c] / 32768.0f);
                    float m = ch == 2 ? (in[0] + in[1]) / 2.0f : in[0];
                    if (oc == 1)
                        same = out[f] == m;
                    else
                        same = out[2 * f] == (ch == 2 ? in[0] : m) &&
                               out[2 * f + 1] == (ch == 2 ? in[1] : m);
                }
                CHECK(same, "a %s WAV of %d channel%s read as %d: every one of %d frames as "
                      "the frame-by-frame rule gives it (%zu read)", fmt ? "float" : "16-bit",
                      ch, ch == 2 ? "s" : "", oc, FRAMES, got);
                audio_close(a);
            }
            free(w);
        }
    }
    /* Vorbis gives its samples a plane a channel: stereo read as mono is the
     * mean of the same file read as stereo; mono read as stereo, both sides. */
    const char *files[][2] = { { "-n -r 22050 -c 2 " DIR "/shape2.ogg synth 1.3 sine 300 sine 500",
                                 DIR "/shape2.ogg" },
                               { "-n -r 22050 -c 1 " DIR "/shape1.ogg synth 1.3 sine 300",
                                 DIR "/shape1.ogg" } };
    for (int k = 0; k < 2; k++) {
        CHECK(sox(files[k][0]), "sox makes %s", files[k][1]);
        size_t len;
        unsigned char *b = slurp(files[k][1], &len);
        if (!b)
            continue;
        AudioStatus st;
        Audio *a1 = audio_open_mem(b, len, SNIFF_OGG, 1, &no_cap, &st, NULL);
        Audio *a2 = audio_open_mem(b, len, SNIFF_OGG, 2, &no_cap, &st, NULL);
        static float m[40000], s2[80000];
        size_t n1 = a1 ? audio_read(a1, m, 40000) : 0, n2 = a2 ? audio_read(a2, s2, 40000) : 0;
        int same = n1 == n2 && n1 > 28000;
        double differ = 0;
        for (size_t f = 0; same && f < n1; f++) {
            same = k == 0 ? m[f] == (s2[2 * f] + s2[2 * f + 1]) * 0.5f
                          : s2[2 * f] == m[f] && s2[2 * f + 1] == m[f];
            differ += fabsf(s2[2 * f] - s2[2 * f + 1]);
        }
        CHECK(same && (k == 1 || differ > 100),
              "Vorbis %s: read as mono and as stereo, the same samples (%zu, %zu frames)",
              k == 0 ? "stereo (two tones)" : "mono", n1, n2);
        audio_close(a1);
        audio_close(a2);
        free(b);
    }
}

/* A voice-like sound at 48 kHz: 0.4 s syllables of a 220 Hz tone with
 * harmonics, 0.15 s apart, after lead seconds of silence. */
static float voice_at(size_t i, double lead)
{
    double t = (double)i / 48000.0 - lead;
    if (t < 0 || fmod(t, 0.55) > 0.4)
        return 0.0f;
    double w = 6.283185307 * 220.0 * t;
    return (float)(0.25 * sin(w) + 0.1 * sin(2 * w) + 0.05 * sin(3 * w));
}

/* One case of test_fold: frames of stereo made by left and right from the
 * voice v, written as 16-bit WAV (or 32-bit float when fl), read as mono;
 * the frames read are compared with want(v) and the fold with folded. */
typedef struct {
    const char *what;
    double lead;              /* silence before the voice */
    float l, r, dc;           /* left = l v + dc, right = r v + dc */
    float want;               /* mono = want v (the offset aside) */
    int folded;
} FoldCase;

static void fold_case(const FoldCase *c, int fl)
{
    enum { SECONDS = 12 };
    size_t frames = 48000u * SECONDS;
    void *samples = malloc(frames * 2 * (fl ? sizeof(float) : sizeof(int16_t)));
    for (size_t i = 0; i < frames; i++) {
        float v = voice_at(i, c->lead), l = c->l * v + c->dc, r = c->r * v + c->dc;
        if (fl) {
            ((float *)samples)[2 * i] = l;
            ((float *)samples)[2 * i + 1] = r;
        } else {
            ((int16_t *)samples)[2 * i] = (int16_t)lrintf(l * 32767.0f);
            ((int16_t *)samples)[2 * i + 1] = (int16_t)lrintf(r * 32767.0f);
        }
    }
    size_t len;
    unsigned char *w = wav_by_hand(fl ? 3 : 1, fl ? 32 : 16, 2, samples, frames, &len);
    free(samples);
    AudioStatus st;
    Audio *a = audio_open_mem(w, len, SNIFF_WAV, 1, &no_cap, &st, NULL);
    static float out[48000 * SECONDS];
    size_t got = 0, n;
    /* In odd-sized reads, so the look ahead is given out across calls. */
    while (a && got < frames && (n = audio_read(a, out + got, got % 2 ? 777 : 5000)) > 0)
        got += n;
    double err = 0;
    float dc = c->want != 0 && c->folded ? 0.0f : c->dc;   /* half the difference has none */
    for (size_t i = 0; i < got; i++) {
        double e = fabs(out[i] - (c->want * voice_at(i, c->lead) + dc));
        err = e > err ? e : err;
    }
    CHECK(a && got == frames && err < 2.5 / 32768 && audio_folded(a) == c->folded,
          "%s (%s): read as mono it is %s (%zu of %zu frames, largest error %.1e)", c->what,
          fl ? "float" : "16-bit", c->folded ? "half the difference" : "the mean", got, frames,
          err);
    /* After a rewind, the same again: the fold is kept. */
    got = 0;
    int again = a && audio_rewind(a) == 0;
    while (again && got < frames && (n = audio_read(a, out + got, 4096)) > 0)
        got += n;
    double err2 = 0;
    for (size_t i = 0; i < got; i++) {
        double e = fabs(out[i] - (c->want * voice_at(i, c->lead) + dc));
        err2 = e > err2 ? e : err2;
    }
    CHECK(again && got == frames && err2 == err, "%s (%s): the same after a rewind", c->what,
          fl ? "float" : "16-bit");
    audio_close(a);
    free(w);
}

/* A stereo recording with one channel turned over (a microphone wired
 * backwards) averages to nothing; read as mono it must be the voice. An
 * ordinary one must stay the mean, and so must one with a channel silent,
 * one whose channels differ only by a little, or one with an offset. */
static void test_fold(void)
{
    static const FoldCase cases[] = {
        { "the same voice on both sides", 0.3, 1, 1, 0, 1, 0 },
        { "one side turned over", 0.3, 1, -1, 0, 1, 1 },
        { "one side turned over and quieter", 0.3, 1, -0.6f, 0, 0.8f, 1 },
        { "one side turned over, after 5 s of silence", 5.0, 1, -1, 0, 1, 1 },
        { "one side turned over, with an offset", 0.3, 0.8f, -0.8f, 0.2f, 0.8f, 1 },
        { "one side silent", 0.3, 1, 0, 0, 0.5f, 0 },
        { "the sides a little apart", 0.3, 1, 0.3f, 0, 0.65f, 0 },
        { "one side turned over and much quieter", 0.3, 1, -0.25f, 0, 0.375f, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (int fl = 0; fl < 2; fl++)
            fold_case(&cases[i], fl);
    /* Stereo shorter than the look ahead, read as mono: whole, and no
     * damage at its end (the decoders' own positions are their own, not
     * what was given out). */
    const char *shorts[][2] = {
        { "-n -r 44100 -c 2 " DIR "/short2.wav synth 0.7 sine 300 vol 0.3", DIR "/short2.wav" },
        { "-n -r 44100 -c 2 " DIR "/short2.flac synth 0.7 sine 300 vol 0.3", DIR "/short2.flac" },
        { "-n -r 44100 -c 2 " DIR "/short2.mp3 synth 0.7 sine 300 vol 0.3", DIR "/short2.mp3" },
        { "-n -r 44100 -c 2 " DIR "/short2.ogg synth 0.7 sine 300 vol 0.3", DIR "/short2.ogg" },
    };
    for (int k = 0; k < 4; k++) {
        CHECK(sox(shorts[k][0]), "sox makes %s", shorts[k][1]);
        AudioStatus st;
        char why[AUDIO_WHY];
        Audio *a = open_path(shorts[k][1], &narration, &st, why);
        float peak = 0;
        uint64_t n = a ? drain(a, &peak) : 0;
        CHECK(a && audio_status(a) == AUDIO_OK && n > 44100 * 0.65 && n < 44100 * 0.8,
              "%s, 0.7 s of stereo read as mono: whole and not called damaged (%llu frames: %s)",
              shorts[k][1], (unsigned long long)n, a ? audio_why(a) : why);
        CHECK(a && audio_rewind(a) == 0 && drain(a, &peak) == n && audio_status(a) == AUDIO_OK,
              "%s: the same again after a rewind", shorts[k][1]);
        audio_close(a);
    }
    /* Other decoders: FLAC (a frame at a time) and Vorbis (a plane a channel). */
    const char *made[][2] = {
        { "-n -r 44100 -c 2 " DIR "/turned.flac synth 3 sine 300 vol 0.3 remix 1 1v-1",
          DIR "/turned.flac" },
        { "-n -r 44100 -c 2 " DIR "/turned.ogg synth 3 sine 300 vol 0.3 remix 1 1v-1",
          DIR "/turned.ogg" },
    };
    for (int k = 0; k < 2; k++) {
        CHECK(sox(made[k][0]), "sox makes %s", made[k][1]);
        AudioStatus st;
        char why[AUDIO_WHY];
        Audio *a = open_path(made[k][1], &narration, &st, why);
        float peak = 0;
        uint64_t n = a ? drain(a, &peak) : 0;
        CHECK(a && audio_folded(a) && n > 44100 * 2 && peak > 0.25f && peak < 0.35f,
              "%s, one side turned over: read as mono at the tone's peak (%f)", made[k][1],
              (double)peak);
        audio_close(a);
    }
}

/* A float WAV may go past full scale by right (a program's export): a sine
 * at 50 times full scale after one at half scale is scaled down as it is
 * met, a sine still, not clipped into a buzz or silenced as damage. */
static void test_float_over(void)
{
    enum { N = 48000 };
    static float f[N];
    for (int i = 0; i < N; i++)
        f[i] = (float)((i < N / 2 ? 0.5 : 50.0) * sin(2 * 3.14159265 * 440.0 * i / 48000.0));
    size_t len;
    unsigned char *w = wav_by_hand(3, 32, 1, f, N, &len);
    AudioStatus st;
    Audio *a = audio_open_mem(w, len, SNIFF_WAV, 1, &no_cap, &st, NULL);
    static float out[N];
    size_t got = a ? audio_read(a, out, N) : 0;
    float step = 0, peak = 0, own = (float)(2 * 3.14159265 * 440.0 / 48000.0);
    for (size_t i = N / 2 + 2048; i < got; i++) {   /* past the block where it grows */
        step = fmaxf(step, fabsf(out[i] - out[i - 1]));
        peak = fmaxf(peak, fabsf(out[i]));
    }
    CHECK(got == N && peak > 0.9f && peak <= 1.0f && step < own * 1.05f,
          "a float sine at 50 times full scale is a sine at full scale (peak %.3f, largest "
          "step %.4f, the sine's own %.4f)", (double)peak, (double)step, (double)own);
    audio_close(a);
    free(w);
}

static void test_refusals(void)
{
    AudioStatus st = AUDIO_OK;
    char why[AUDIO_WHY];
    int16_t s[16] = { 0 };
    unsigned char *w = NULL;
    size_t len = 0;
    /* 384 kHz: said plainly, not "compressed?". */
    wav_write(s, 16, 384000, 1, &w, &len);
    Audio *a = audio_open_mem(w, len, SNIFF_WAV, 1, &narration, &st, why);
    CHECK(!a && st == AUDIO_RATE && strstr(why, "384000 samples a second") &&
          strstr(why, "up to 192000"), "a 384 kHz WAV is refused for its rate: %s", why);
    free(w);
    /* A header's rate of 4 000 000 000: not told as the 2147483647 it is held as. */
    wav_write(s, 16, 44100, 1, &w, &len);
    w[24] = 0x00, w[25] = 0x28, w[26] = 0x6B, w[27] = 0xEE; /* 4000000000 */
    a = audio_open_mem(w, len, SNIFF_WAV, 1, &narration, &st, why);
    CHECK(!a && st == AUDIO_RATE && strstr(why, "more samples a second than any") &&
              !strstr(why, "2147483647"),
          "an impossible rate is said to be impossible: %s", why);
    free(w);
    /* A header of 0 or 65535 tracks: said as tracks, never as a rate of 0. */
    static const struct { unsigned channels; const char *words; } tracks[] = {
        { 0, "has no sound tracks" }, { 65535, "65535 separate sound tracks" }, { 9, "9 sep" },
    };
    for (size_t k = 0; k < sizeof tracks / sizeof tracks[0]; k++) {
        wav_write(s, 16, 44100, 1, &w, &len);
        w[22] = (unsigned char)(tracks[k].channels & 0xFF);
        w[23] = (unsigned char)(tracks[k].channels >> 8);
        a = audio_open_mem(w, len, SNIFF_WAV, 1, &narration, &st, why);
        CHECK(!a && st == AUDIO_CHANNELS && strstr(why, tracks[k].words) &&
              !strstr(why, "samples a second"),
              "a WAV header of %u tracks is refused for its tracks: %s", tracks[k].channels, why);
        free(w);
    }
    /* A tracker module named .ogg reaches no decoder. */
    unsigned char xm[600];
    memset(xm, 0, sizeof xm);
    memcpy(xm, "Extended Module: lullaby", 24);
    a = audio_open_mem(xm, sizeof xm, SNIFF_OGG, 1, &narration, &st, why);
    CHECK(!a && st == AUDIO_DAMAGED, "a tracker module opened as Ogg is refused: %s", why);
    a = audio_open_mem_sniffed(xm, sizeof xm, 1, &narration, &st, why);
    CHECK(!a && st == AUDIO_NOT_AUDIO, "a tracker module is not audio by its bytes: %s", why);
    /* A FLAC header claiming hours: refused before one frame is decoded. */
    unsigned char fl[42] = "fLaC";
    fl[4] = 0x80;                                   /* last block, STREAMINFO */
    fl[7] = 34;
    fl[8] = 0x10; fl[10] = 0x10;                    /* blocksizes 4096 */
    /* 8000 Hz (20 bits), 1 channel, 16 bits, 2^35 samples. */
    fl[18] = 0x01; fl[19] = 0xF4; fl[20] = 0x00 | (0 << 1) | 0;
    fl[21] = (unsigned char)(15 << 4) | 0x08;
    a = audio_open_mem(fl, sizeof fl, SNIFF_FLAC, 1, &narration, &st, why);
    CHECK(!a && st == AUDIO_TOO_LONG && strstr(why, "longer than 10 minutes") &&
          strstr(why, "a page's narration can be at most 10 minutes"),
          "a FLAC header claiming hours is refused by its length: %s", why);
    /* The closing words' own cap and words. */
    int16_t *three = calloc(8000 * 180, sizeof *three);
    wav_write(three, 8000 * 180, 8000, 1, &w, &len);
    AudioLimit closing = { AUDIO_CLOSING_SECONDS, "the closing words" };
    a = audio_open_mem(w, len, SNIFF_WAV, 1, &closing, &st, why);
    CHECK(!a && st == AUDIO_TOO_LONG && strstr(why, "the closing words can be at most 2 minutes"),
          "three minutes of closing words are refused: %s", why);
    a = audio_open_mem(w, len, SNIFF_WAV, 1, &narration, &st, why);
    CHECK(a != NULL, "three minutes are fine for a page");
    audio_close(a);
    free(w);
    free(three);
    a = audio_open_mem(s, sizeof s, SNIFF_PNG, 1, &narration, &st, why);
    CHECK(!a && st == AUDIO_NOT_AUDIO, "a picture kind is not opened as sound: %s", why);
    wav_write(s, 0, 8000, 1, &w, &len);
    a = audio_open_mem(w, len, SNIFF_WAV, 1, &narration, &st, why);
    CHECK(!a && st == AUDIO_EMPTY, "a WAV with no samples holds no sound: %s", why);
    free(w);
}

/* A reader over memory that cannot seek: Ogg then gives no length, and the
 * cap must stop the decoding instead. */
typedef struct { const unsigned char *b; size_t len, pos; } Plain;
static size_t plain_read(void *user, void *buf, size_t n)
{
    Plain *p = user;
    n = n < p->len - p->pos ? n : p->len - p->pos;
    memcpy(buf, p->b + p->pos, n);
    p->pos += n;
    return n;
}

static void test_silence(void)
{
    /* 30 minutes of silence at 8 kHz: megabytes of Ogg, hours would be gigabytes decoded. */
    CHECK(sox("-n -r 8000 -c 1 " DIR "/silence.ogg trim 0 1800"), "sox makes 30 min of silence");
    AudioStatus st;
    char why[AUDIO_WHY];
    Audio *a = open_path(DIR "/silence.ogg", &narration, &st, why);
    CHECK(!a && st == AUDIO_TOO_LONG, "30 minutes of silent Ogg are refused by the header: %s",
          why);
    a = open_path(DIR "/silence.ogg", &no_cap, &st, why);
    CHECK(a && audio_info(a)->frames == 8000u * 1800u, "with no cap its length is 30 min exactly");
    audio_close(a);
    size_t len = 0;
    unsigned char *b = slurp(DIR "/silence.ogg", &len);
    Plain p = { b, len, 0 };
    AudioReader r = { plain_read, NULL, NULL, &p };
    AudioLimit minute = { 60, "a test" };
    a = audio_open(&r, SNIFF_OGG, 1, &minute, &st, why);
    CHECK(a && audio_info(a)->frames == 0, "without seeking the Ogg length is unknown");
    float peak;
    uint64_t n = a ? drain(a, &peak) : 0;
    CHECK(a && audio_status(a) == AUDIO_TOO_LONG && n <= 8000u * 61u,
          "decoding stops at the cap when the header gave no length (%llu frames)",
          (unsigned long long)n);
    audio_close(a);
    free(b);
}

/* Truncations and damage of every format: never a crash, a plain status. */
static void test_damage(void)
{
    const char *files[] = { DIR "/tone.wav", DIR "/tone.ogg", DIR "/tone.flac", DIR "/tone.mp3",
                            DIR "/tone.opus" };
    int opened = 0, runs = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t len = 0;
        unsigned char *b = slurp(files[i], &len);
        if (!b)
            continue;
        for (size_t cut = 0; cut < len; cut += len / 23 + 1) {
            for (int flip = 0; flip < 2; flip++) {
                unsigned char *c = malloc(len);
                memcpy(c, b, len);
                if (flip)
                    for (size_t k = 40; k < cut; k += 97)
                        c[k] ^= 0x5a;
                AudioStatus st;
                char why[AUDIO_WHY];
                Audio *a = audio_open_mem_sniffed(c, flip ? len : cut, 1, &narration, &st, why);
                float peak;
                if (a) {
                    opened++;
                    drain(a, &peak);
                    CHECK(audio_why(a) != NULL, "a status is given");
                } else {
                    CHECK(why[0] != '\0', "%s cut at %zu: refused with words", files[i], cut);
                }
                audio_close(a);
                free(c);
                runs++;
            }
        }
        free(b);
    }
    CHECK(runs > 100 && opened > 0, "damaged files were tried (%d, %d opened)", runs, opened);
}

/* 45 MB of 8-bit 8 kHz WAV (94 minutes): decoded in blocks, memory flat. */
static void test_long_wav_memory(void)
{
    const char *path = DIR "/long8.wav";
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL, "the long WAV can be written");
    if (!f)
        return;
    const uint32_t data = 45u * 1000u * 1000u;
    unsigned char h[44];
    wav_header(h, 1, 8, 1, 8000, data);
    fwrite(h, 1, 44, f);
    unsigned char block[65536];
    for (size_t i = 0; i < sizeof block; i++)
        block[i] = (unsigned char)(128 + (i % 64) - 32);
    for (uint32_t left = data; left > 0;) {
        size_t n = left < sizeof block ? left : sizeof block;
        fwrite(block, 1, n, f);
        left -= (uint32_t)n;
    }
    fclose(f);
    struct rusage before, after;
    getrusage(RUSAGE_SELF, &before);
    AudioStatus st;
    char why[AUDIO_WHY];
    Audio *a = open_path(path, &narration, &st, why);
    CHECK(!a && st == AUDIO_TOO_LONG, "94 minutes are refused for a page: %s", why);
    a = open_path(path, &no_cap, &st, why);
    CHECK(a && audio_info(a)->frames == data, "the long WAV's length is its data size");
    float peak = 0;
    uint64_t n = a ? drain(a, &peak) : 0;
    getrusage(RUSAGE_SELF, &after);
    CHECK(n == data, "all 45 million frames decode in blocks (%llu)", (unsigned long long)n);
    long grew = after.ru_maxrss - before.ru_maxrss;
    CHECK(grew < 8 * 1024, "peak memory grew by %ld KB decoding 45 MB (at most 8 MB)", grew);
    audio_close(a);
    unlink(path);
}

int main(void)
{
    mkdir(TEST_TMP, 0700);
    mkdir(DIR, 0700);
    test_lengths();
    test_mp3_tags();   /* reads the tone.mp3 test_lengths made */
    test_opus();
    test_downmix();
    test_fold();
    test_float_over();
    test_shapes();
    test_refusals();
    test_silence();
    test_damage();
    test_long_wav_memory();
    CHECK_DONE();
}
