/* import — recordings made elsewhere (a phone, a computer) filed as pages.
 *
 *   hushabye-story import FOLDER FILES...
 *
 * Each file becomes one page's narration: the page is the file name's leading
 * number ("03 owl.m4a" is page 3), or else the page after the previous file's
 * (the first file without a number is page 1). Each is decoded to 48 kHz mono,
 * then trimmed, levelled and saved exactly like a take recorded here (take.c).
 * Decoding: WAV by wav.c (any PCM or float WAV); Ogg, MP3 and FLAC, which the
 * player plays, by SDL_mixer on the dummy driver; phone formats (M4A/AAC, 3GP,
 * AMR, WMA, CAF...) by Debian's ffmpeg when installed, run directly (no shell)
 * with its output read through a pipe and capped at five minutes. Without
 * ffmpeg the parent is told how to install it; the other files still import. */
#include "escape.h"
#include "files.h"
#include "rec.h"
#include "sniff.h"
#include "take.h"
#include "tool.h"
#include "wav.h"

#include <SDL.h>
#include <SDL_mixer.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define IMPORT_BLOCK 65536

/* What a non-regular file is, in words that fit "is %s, not a file". */
static const char *import_kind(mode_t mode)
{
    return S_ISDIR(mode) ? "a folder" : S_ISFIFO(mode) ? "a named pipe (FIFO)"
         : S_ISSOCK(mode) ? "a socket" : S_ISCHR(mode) || S_ISBLK(mode) ? "a device"
         : "not a regular file";
}

/* Read fd whole (size bytes at most); bytes read, or -1 on a read error. */
static long import_read_fd(int fd, unsigned char *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (long)got;
}

/* Read a whole file, at most FILES_MAX_AUDIO bytes. 0 ok, else a message printed.
 * The file is opened non-blocking and checked to be a regular file before a
 * byte is read: opening a named pipe (FIFO) the ordinary way would wait for a
 * writer for ever, and a device could be read without end. */
static int import_read(const char *path, unsigned char **data, size_t *len)
{
    char shown[ESC_NAME_MAX];
    esc_str(path, shown, sizeof shown);
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        fprintf(stderr, "hushabye-story import: %s: cannot be read (%s)\n", shown,
                strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, "hushabye-story import: %s: is %s, not a recording; skipped\n", shown,
                import_kind(st.st_mode));
        close(fd);
        return -1;
    }
    if ((unsigned long long)st.st_size > FILES_MAX_AUDIO) {
        fprintf(stderr, "hushabye-story import: %s: too big (at most 256 MiB)\n", shown);
        close(fd);
        return -1;
    }
    *data = malloc((size_t)st.st_size + 1);
    long got = *data ? import_read_fd(fd, *data, (size_t)st.st_size) : 0;
    close(fd);
    if (!*data || got < 0) {
        fprintf(stderr, "hushabye-story import: %s: %s\n", shown,
                *data ? "cannot be read" : "out of memory");
        free(*data);
        *data = NULL;
        return -1;
    }
    *len = (size_t)got;
    return 0;
}

/* WAV through wav.c, then to 48 kHz mono. */
static int16_t *import_wav(const char *path, const unsigned char *b, size_t len, size_t *n)
{
    WavInfo w;
    int16_t *pcm = NULL, *out = NULL;
    WavStatus st = wav_parse(b, len, &w);
    if (st == WAV_OK)
        st = wav_decode(b, &w, &pcm);
    if (st != WAV_OK) {
        fprintf(stderr, "hushabye-story import: %s: %s\n", path, wav_status_text(st));
        return NULL;
    }
    int too_long = 0;
    out = rec_to_mono48k(pcm, w.frames, w.rate, w.channels, n, &too_long);
    free(pcm);
    if (!out)
        fprintf(stderr, "hushabye-story import: %s: %s\n", path,
                too_long ? rec_status_text(REC_TOO_LONG) : "could not be converted");
    return out;
}

/* Ogg, MP3, FLAC through SDL_mixer, opened at exactly 48 kHz mono 16-bit. */
static int16_t *import_mixer(const char *path, const unsigned char *b, size_t len, size_t *n)
{
    static int opened;
    if (!opened) {
        SDL_setenv("SDL_AUDIODRIVER", "dummy", 1);     /* decode only, play nothing */
        if (SDL_Init(SDL_INIT_AUDIO) != 0 ||
            Mix_OpenAudioDevice(REC_RATE, AUDIO_S16SYS, 1, 1024, NULL, 0) != 0) {
            fprintf(stderr, "hushabye-story import: %s: the decoder cannot start: %s\n",
                    path, SDL_GetError());
            return NULL;
        }
        opened = 1;
    }
    SDL_RWops *rw = len <= INT_MAX ? SDL_RWFromConstMem(b, (int)len) : NULL;
    Mix_Chunk *c = rw ? Mix_LoadWAV_RW(rw, 1) : NULL;
    int16_t *out = NULL;
    if (c && c->alen / 2 <= REC_MAX_SAMPLES && (out = malloc(c->alen + 2)) != NULL) {
        memcpy(out, c->abuf, c->alen);
        *n = c->alen / 2;
    }
    if (!out)
        fprintf(stderr, "hushabye-story import: %s: %s\n", path,
                !c ? Mix_GetError() : c->alen / 2 > REC_MAX_SAMPLES
                ? rec_status_text(REC_TOO_LONG) : "out of memory");
    if (c)
        Mix_FreeChunk(c);
    return out;
}

/* The full path of ffmpeg on PATH, or 0 when it is not installed. */
static int import_find_ffmpeg(char *buf, size_t len)
{
    const char *path = getenv("PATH");
    while (path && *path) {
        const char *colon = strchr(path, ':');
        int n = colon ? (int)(colon - path) : (int)strlen(path);
        if (n > 0 && snprintf(buf, len, "%.*s/ffmpeg", n, path) < (int)len &&
            access(buf, X_OK) == 0)
            return 1;
        path = colon ? colon + 1 : NULL;
    }
    return 0;
}

/* Read the child's output, at most cap bytes; *over set when there was more. */
static unsigned char *import_drain(int fd, size_t cap, size_t *got, int *over)
{
    size_t size = 0, room = IMPORT_BLOCK;
    unsigned char *buf = malloc(room);
    *over = 0;
    while (buf) {
        if (size == room) {
            unsigned char *grown = room < cap + 2 ? realloc(buf, room * 2) : NULL;
            if (!grown) {
                *over = room >= cap + 2;
                break;
            }
            buf = grown;
            room *= 2;
        }
        ssize_t r = read(fd, buf + size, room - size);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        size += (size_t)r;
        if (size > cap) {
            *over = 1;
            break;
        }
    }
    *got = size;
    return buf;
}

/* Phone formats through ffmpeg: raw 48 kHz mono s16le read from a pipe. */
static int16_t *import_ffmpeg(const char *path, const char *ffmpeg, size_t *n)
{
    char input[PATH_MAX + 8];
    snprintf(input, sizeof input, "file:%s", path);    /* no protocol tricks in names */
    int fds[2];
    if (pipe(fds) != 0)
        return NULL;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execl(ffmpeg, "ffmpeg", "-nostdin", "-v", "error", "-i", input, "-ac", "1", "-ar",
              "48000", "-f", "s16le", "-", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    size_t got = 0;
    int over = 0, status = 0;
    unsigned char *raw = pid > 0 ? import_drain(fds[0], REC_MAX_SAMPLES * 2, &got, &over) : NULL;
    close(fds[0]);
    if (pid > 0 && over)
        kill(pid, SIGTERM);
    if (pid > 0)
        waitpid(pid, &status, 0);
    if (!raw || over || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || got < 2) {
        fprintf(stderr, "hushabye-story import: %s: %s\n", path, over
                ? rec_status_text(REC_TOO_LONG) : "ffmpeg could not convert it");
        free(raw);
        return NULL;
    }
    *n = got / 2;
    int16_t *s = malloc(*n * sizeof *s);
    for (size_t i = 0; s && i < *n; i++)
        s[i] = (int16_t)(uint16_t)(raw[2 * i] | (raw[2 * i + 1] << 8));
    free(raw);
    return s;
}

/* Decode one file to 48 kHz mono by its first bytes. */
static int16_t *import_decode(const char *path, size_t *n)
{
    unsigned char *b = NULL;
    size_t len = 0;
    if (import_read(path, &b, &len) != 0)
        return NULL;
    SniffKind k = sniff_bytes(b, len);
    int16_t *s = NULL;
    char ffmpeg[PATH_MAX];
    if (k == SNIFF_WAV)
        s = import_wav(path, b, len, n);
    else if (k == SNIFF_OGG || k == SNIFF_MP3 || k == SNIFF_FLAC)
        s = import_mixer(path, b, len, n);
    else if (import_find_ffmpeg(ffmpeg, sizeof ffmpeg))
        s = import_ffmpeg(path, ffmpeg, n);
    else
        fprintf(stderr, "hushabye-story import: %s: this looks like %s; to convert it, "
                "install ffmpeg (sudo apt-get install ffmpeg) and import it again\n",
                path, sniff_name(k));
    free(b);
    return s;
}

/* Page from the file name's leading number (1-3 digits), else after the last. */
static int import_page(const char *path, int last)
{
    char buf[256];
    const char *base = files_basename(path, buf, sizeof buf);
    int digits = 0, page = 0;
    while (digits < 4 && base[digits] >= '0' && base[digits] <= '9')
        page = page * 10 + (base[digits++] - '0');
    return digits >= 1 && digits <= 3 && page >= 1 ? page : last + 1;
}

int cmd_import(int argc, char **argv)
{
    if (argc < 2 || argv[0][0] == '-') {
        fputs("usage: hushabye-story import FOLDER FILES...\n"
              "Each file becomes a page's narration: the page is the number at the start\n"
              "of its name, or the next page in the order given.\n", stderr);
        return TOOL_USAGE;
    }
    if (!take_is_folder(argv[0])) {
        char shown[ESC_NAME_MAX];
        fprintf(stderr, "hushabye-story import: '%s' is not a folder\n",
                esc_str(argv[0], shown, sizeof shown));
        return TOOL_FAIL;
    }
    files_clean_temps(argv[0]);     /* left by a save that was cut short */
    int last = 0, failed = 0;
    unsigned char done[1000] = { 0 };
    for (int i = 1; i < argc; i++) {
        int page = import_page(argv[i], last);
        if (page > 999 || done[page]) {
            char shown[ESC_NAME_MAX];
            fprintf(stderr, "hushabye-story import: %s: page %d %s; skipped\n",
                    esc_str(argv[i], shown, sizeof shown), page,
                    page > 999 ? "is past the last page (999)" : "was already given a file");
            failed = 1;
            continue;
        }
        last = page;
        size_t n = 0;
        int16_t *s = import_decode(argv[i], &n);
        TakeTarget t = { argv[0], page };
        if (!s || take_finish(&t, s, n, stdout) != TOOL_OK)
            failed = 1;
        else
            done[page] = 1;
        free(s);
    }
    Mix_CloseAudio();
    SDL_Quit();
    return failed ? TOOL_FAIL : TOOL_OK;
}
