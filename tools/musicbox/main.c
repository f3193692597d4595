/* main.c — hushabye-musicbox: render a built-in tune to a WAV file.
 *
 * The lullaby the bundled stories play is made by this program and
 * tools/make-lullaby.sh (which levels and encodes it); nothing here runs on
 * the player. All the sound is made by musicbox.c; this file only reads the
 * options, turns the float samples into 16-bit ones and writes them with the
 * core's WAV writer. */
#include "musicbox.h"
#include "wav.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *to)
{
    fprintf(to, "Usage: hushabye-musicbox [--tune NAME] [--bpm N] [--repeats N] [--rate HZ]\n"
                "                         [--tail SECONDS] OUT.wav\n"
                "Renders a music-box tune (mono, 16-bit, peaks at -6 dBFS) to OUT.wav.\n"
                "Tunes:\n");
    for (size_t i = 0; mb_tune_at(i); i++)
        fprintf(to, "  %-8s %s\n", mb_tune_at(i)->name, mb_tune_at(i)->title);
}

/* A number option's value, or exit with a message when it is not one in [lo, hi]. */
static double number(const char *opt, const char *v, double lo, double hi)
{
    char *end;
    double d = v ? strtod(v, &end) : NAN;
    if (!v || *end || !(d >= lo && d <= hi)) {
        fprintf(stderr, "hushabye-musicbox: %s needs a number from %g to %g\n", opt, lo, hi);
        exit(2);
    }
    return d;
}

static int write_file(const char *path, const float *s, size_t n, int rate)
{
    int16_t *pcm = malloc(n * sizeof *pcm);
    if (!pcm)
        return -1;
    for (size_t i = 0; i < n; i++) {
        long v = lrintf(s[i] * 32767.0f);
        pcm[i] = (int16_t)(v > 32767 ? 32767 : v < -32767 ? -32767 : v);
    }
    unsigned char *wav = NULL;
    size_t len = 0;
    int rc = wav_write(pcm, n, rate, 1, &wav, &len);
    free(pcm);
    if (rc != 0)
        return -1;
    FILE *f = fopen(path, "wb");
    rc = f && fwrite(wav, 1, len, f) == len ? 0 : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    free(wav);
    return rc;
}

int main(int argc, char **argv)
{
    const char *name = "brahms", *out = NULL;
    double bpm = 0;
    int repeats = 1;
    MbParams p;
    mb_params_default(&p);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--tune") == 0 && v) {
            name = v, i++;
        } else if (strcmp(a, "--bpm") == 0) {
            bpm = number(a, v, 20, 300), i++;
        } else if (strcmp(a, "--repeats") == 0) {
            repeats = (int)number(a, v, 1, 20), i++;
        } else if (strcmp(a, "--rate") == 0) {
            p.rate = (int)number(a, v, 8000, 192000), i++;
        } else if (strcmp(a, "--tail") == 0) {
            p.tail_s = number(a, v, 0, 30), i++;
        } else if (a[0] != '-' && !out) {
            out = a;
        } else {
            usage(stderr);
            return 2;
        }
    }
    const MbTune *tune = mb_tune(name);
    if (!out || !tune) {
        if (!tune)
            fprintf(stderr, "hushabye-musicbox: no tune called '%s'\n", name);
        usage(stderr);
        return 2;
    }
    size_t count = mb_arrange(tune, bpm, repeats, NULL, 0);
    MbNote *notes = malloc(count * sizeof *notes);
    size_t len = notes ? mb_length(notes, mb_arrange(tune, bpm, repeats, notes, count), &p) : 0;
    float *samples = len ? malloc(len * sizeof *samples) : NULL;
    int rc = samples && mb_render(notes, count, &p, samples, len) == 0 &&
             write_file(out, samples, len, p.rate) == 0 ? 0 : 1;
    if (rc)
        fprintf(stderr, "hushabye-musicbox: could not write %s\n", out);
    else
        printf("%s: %s, %.1f s\n", out, tune->title, (double)len / p.rate);
    free(samples);
    free(notes);
    return rc;
}
