/* import — recordings and pictures made elsewhere (a phone, a computer) filed as pages.
 *
 *   hushabye-story import FOLDER [--page N] FILE [[--page N] FILE...]
 *
 * A recording becomes a page's narration, a picture the page's picture: the
 * page is --page N when given, else the file name's leading number ("03
 * owl.m4a" is page 3), else the page after the previous file of the same kind
 * (the first recording or picture without a number is page 1), so a photo and
 * a recording for each page can be given in one go. What a file is comes from
 * its first bytes (sniff.h), never its name.
 * Recordings are decoded to 48 kHz mono, then trimmed, levelled and saved
 * exactly like a take recorded here (take.c).
 * Decoding: WAV, Ogg (Vorbis, Opus), MP3 and FLAC, which the player plays, by
 * the core decoder for the format the bytes were sniffed as, in blocks and
 * straight to 48 kHz mono (refused by the header when longer than five
 * minutes, never after decoding it all); phone formats (M4A/AAC, 3GP, AMR,
 * WMA, CAF...) by Debian's ffmpeg when installed, run directly (no shell)
 * with its output read through a pipe and capped at five minutes. Without
 * ffmpeg the parent is told how to install it; the other files still import.
 * Pictures the player shows (PNG, JPEG, WebP, SVG) are copied in as NN.ext; an
 * iPhone's HEIC photo is converted to NN.jpg (photo.c); other pictures are
 * named with what to do. A page that already has another picture is left as
 * it is (nothing a parent made is overwritten).
 * A file given from inside the story folder (a phone recording or a HEIC photo
 * the checker named) is set aside once converted, renamed ".imported-NAME"
 * beside it: hidden from the player and the checker, never deleted. */
#include "ascii.h"
#include "audio.h"
#include "escape.h"
#include "files.h"
#include "rec.h"
#include "sniff.h"
#include "story.h"
#include "take.h"
#include "tool.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define IMPORT_BLOCK 65536

/* What a non-regular file is, in words that fit "is %s, not a file". */
static const char *import_kind(mode_t mode)
{
    return S_ISDIR(mode) ? _("a folder" ): S_ISFIFO(mode) ? _("a named pipe (FIFO)"
         ): S_ISSOCK(mode) ? _("a socket" ): S_ISCHR(mode) || S_ISBLK(mode) ? _("a device"
         ): _("not a regular file");
}

/* Read fd whole (size bytes at most); bytes read, or -1 on a read error. */
/* Open a file to import, at most FILES_MAX_AUDIO bytes: its descriptor, or -1
 * with a message printed. It is opened non-blocking and checked to be a
 * regular file before a byte is read: opening a named pipe (FIFO) the
 * ordinary way would wait for a writer for ever, and a device could be read
 * without end. The recording is then streamed from it, never read whole. */
static int import_open(const char *path, const char *shown)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        fprintf(stderr, _("hushabye-story import: %1$s: cannot be read (%2$s)\n"), shown,
                strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, _("hushabye-story import: %1$s: is %2$s, not a recording or a picture; "
                "skipped\n"), shown, import_kind(st.st_mode));
        close(fd);
        return -1;
    }
    if ((unsigned long long)st.st_size > FILES_MAX_AUDIO) {
        fprintf(stderr, _("hushabye-story import: %1$s: too big (at most %2$d MiB)\n"), shown,
                LIMIT_AUDIO_MIB);
        close(fd);
        return -1;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK); /* a regular file: plain reads now */
    return fd;
}

/* A linear resampler to 48 kHz fed block by block (the same interpolation as
 * rec_to_mono48k, without holding the source): output i sits at source frame
 * i * rate / 48000, between frames k and k + 1; the last frame of a block is
 * kept for the first output of the next. */
typedef struct {
    double step;          /* source frames per output sample */
    uint64_t base;        /* source index of the block's first frame */
    float hist;           /* source frame base - 1 */
    int16_t *out;
    size_t n, room;
    int over;             /* more than REC_MAX_SAMPLES */
} ImportResampler;

static int16_t import_s16(float v)
{
    double x = lrint((double)v * 32768.0);
    return (int16_t)(x > 32767 ? 32767 : x < -32768 ? -32768 : x);
}

/* Append one output sample; 0 ok, -1 when over the cap or out of memory. */
static int import_put(ImportResampler *r, float v)
{
    if (r->n >= REC_MAX_SAMPLES) {
        r->over = 1;
        return -1;
    }
    if (r->n == r->room) {
        size_t room = r->room ? r->room * 2 : 65536;
        room = room < REC_MAX_SAMPLES ? room : REC_MAX_SAMPLES;
        int16_t *grown = realloc(r->out, room * sizeof *grown);
        if (!grown)
            return -1;
        r->out = grown;
        r->room = room;
    }
    r->out[r->n++] = import_s16(v);
    return 0;
}

/* Feed n source frames x (n = 0 with last: the end). 0 ok, -1 stop. */
static int import_feed(ImportResampler *r, const float *x, size_t n, int last)
{
    uint64_t end = r->base + n;           /* frames known so far */
    for (;;) {
        double pos = (double)r->n * r->step;
        uint64_t k = (uint64_t)pos;
        if (last ? k >= end : k + 1 >= end)
            break;
        uint64_t k1 = k + 1 < end ? k + 1 : end - 1;
        float a = k >= r->base ? x[k - r->base] : r->hist;
        float b = k1 >= r->base ? x[k1 - r->base] : r->hist;
        if (import_put(r, a + (b - a) * (float)(pos - (double)k)) != 0)
            return -1;
    }
    if (n > 0)
        r->hist = x[n - 1];
    r->base = end;
    return 0;
}

/* WAV, Ogg, MP3 and FLAC through the core decoder for the format the bytes
 * were sniffed as, in blocks, straight to 48 kHz mono: refused by the header
 * when too long, and stopped at the cap while decoding if the header lied. */
/* Decode the recording on fd (owned from now on) to 48 kHz mono, in blocks. */
static int16_t *import_audio(const char *shown, int fd, SniffKind k, size_t *n)
{
    static float block[4096];
    AudioLimit lim = { REC_MAX_SECONDS, _("a recording to import") };
    AudioStatus st;
    char why[AUDIO_WHY];
    Audio *a = audio_open_fd(fd, k, 1, &lim, &st, why);
    if (!a) {
        fprintf(stderr, _("hushabye-story import: %1$s: %2$s\n"), shown, why);
        return NULL;
    }
    ImportResampler r = { (double)audio_info(a)->rate / REC_RATE, 0, 0.0f, NULL, 0, 0, 0 };
    size_t got;
    int ok = 0;
    while ((got = audio_read(a, block, 4096)) > 0 && (ok = import_feed(&r, block, got, 0)) == 0)
        ;
    if (ok == 0 && audio_status(a) == AUDIO_OK)
        ok = import_feed(&r, block, 0, 1);
    if (ok != 0 || audio_status(a) != AUDIO_OK || r.n == 0) {
        fprintf(stderr, _("hushabye-story import: %1$s: %2$s\n"), shown,
                audio_status(a) != AUDIO_OK ? audio_why(a)
                : r.over ? rec_status_text(REC_TOO_LONG)
                : r.n == 0 && ok == 0 ? "it holds no sound" : "out of memory");
        free(r.out);
        audio_close(a);
        return NULL;
    }
    audio_close(a);
    *n = r.n;
    return r.out;
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

/* How long ffmpeg may take over one recording: five minutes of a phone's
 * AAC decode in a second or two, so this is only ever reached by a file that
 * keeps it waiting (a live playlist dressed as a recording). Tests shorten
 * it with HUSHABYE_FFMPEG_SECONDS. */
#define IMPORT_FFMPEG_SECONDS 120

static double import_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Read the child's output, at most cap bytes, until the deadline (monotonic
 * seconds); *over set when there was more, *late when the deadline came. */
static unsigned char *import_drain(int fd, size_t cap, double deadline, size_t *got, int *over,
                                   int *late)
{
    size_t size = 0, room = IMPORT_BLOCK;
    unsigned char *buf = malloc(room);
    *over = *late = 0;
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
        double left = deadline - import_now();
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        int ready = left > 0 ? poll(&pfd, 1, (int)(left * 1000.0) + 1) : 0;
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready == 0) {
            *late = 1;
            break;
        }
        ssize_t r = ready > 0 ? read(fd, buf + size, room - size) : -1;
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

/* ffmpeg's demuxer for a format sniffed here: it is told which one, never
 * left to guess (a playlist named .m4a would have it read other files, or
 * wait on a live stream forever). NULL: not a format to hand it. */
static const char *import_ffmpeg_format(SniffKind k)
{
    switch (k) {
    case SNIFF_M4A: case SNIFF_MP4: case SNIFF_3GP: return "mov";
    case SNIFF_AMR:  return "amr";
    case SNIFF_AAC:  return "aac";
    case SNIFF_WMA:  return "asf";
    case SNIFF_CAF:  return "caf";
    case SNIFF_AVI:  return "avi";
    case SNIFF_RF64: return "wav";
    default:         return NULL;
    }
}

/* Phone formats through ffmpeg: raw 48 kHz mono s16le read from a pipe. The
 * demuxer is the sniffed format's, only local files may be opened (no other
 * protocol), it is killed past IMPORT_FFMPEG_SECONDS and when this tool dies. */
static int16_t *import_ffmpeg(const char *path, const char *ffmpeg, const char *format,
                              size_t *n)
{
    char input[PATH_MAX + 8];
    snprintf(input, sizeof input, "file:%s", path);    /* no protocol tricks in names */
    /* ffmpeg stops by itself a second past the longest take, so a recording
     * too long is told as such, without ffmpeg's "Broken pipe" before it */
    char most[32];
    snprintf(most, sizeof most, "%d", REC_MAX_SECONDS + 1);
    const char *limit = getenv("HUSHABYE_FFMPEG_SECONDS");
    double seconds = limit && atof(limit) > 0 ? atof(limit) : IMPORT_FFMPEG_SECONDS;
    int fds[2];
    if (pipe(fds) != 0)
        return NULL;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        /* Ended with this tool: an import killed or timed out leaves no
         * ffmpeg running on. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(127);
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execl(ffmpeg, "ffmpeg", "-nostdin", "-v", "error", "-protocol_whitelist", "file",
              "-f", format, "-i", input, "-t", most, "-ac", "1", "-ar", "48000", "-f", "s16le",
              "-", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    size_t got = 0;
    int over = 0, late = 0, status = 0;
    double deadline = import_now() + seconds;
    unsigned char *raw = pid > 0 ? import_drain(fds[0], REC_MAX_SAMPLES * 2, deadline, &got,
                                                &over, &late) : NULL;
    char rest[4096]; /* the second past the cap, read to its end, so ffmpeg ends by itself */
    while (pid > 0 && over && !late && import_now() < deadline) {
        struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
        if (poll(&pfd, 1, 1000) <= 0 || read(fds[0], rest, sizeof rest) <= 0)
            break;
    }
    close(fds[0]);
    if (pid > 0 && late)
        kill(pid, SIGKILL);
    if (pid > 0)
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    if (!raw || over || late || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || got < 2) {
        char why[160];
        if (late)
            /* TRANSLATORS: %.0f is seconds. */
            snprintf(why, sizeof why, _("ffmpeg was still converting it after %.0f seconds, "
                     "so it was stopped"), seconds);
        fprintf(stderr, _("hushabye-story import: %1$s: %2$s\n"), path, late ? why : over
                ? rec_status_text(REC_TOO_LONG) : _("ffmpeg could not convert it"));
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

/* Is k a picture of any kind (one the player shows, or one it does not)? */
static int import_is_picture(SniffKind k)
{
    return sniff_is_picture(k) || k == SNIFF_GIF || k == SNIFF_BMP || k == SNIFF_TIFF ||
           k == SNIFF_HEIC || k == SNIFF_AVIF;
}

/* Decode a recording (fd, owned here, sniffed as k) to 48 kHz mono. */
static int16_t *import_decode(const char *path, const char *shown, int fd, SniffKind k,
                              size_t *n)
{
    char ffmpeg[PATH_MAX];
    int16_t *s = NULL;
    /* ffmpeg is for a sound or video the player does not play (a phone's
     * formats, or one not known here), not for a text or a picture named .wav */
    const char *format = import_ffmpeg_format(k);
    if (sniff_is_audio(k)) {
        s = import_audio(shown, fd, k, n); /* fd is the decoder's now */
        fd = -1;
    } else if (k == SNIFF_UNKNOWN) {
        fprintf(stderr, _("hushabye-story import: %s: this is not a recording this tool knows "
                "(WAV, Ogg, MP3 or FLAC, or a phone's M4A, 3GP, AMR, AAC, WMA or CAF); export "
                "it as one of those and import it again\n"), shown);
    } else if (!format) {
        const char *kind = sniff_name(k);
        fprintf(stderr, _("hushabye-story import: %1$s: this is %3$.*2$s, not a recording; "
                "import a recording (WAV, Ogg, MP3 or FLAC, or a phone's own)\n"), shown,
                sniff_name_kind_len(kind), kind);
    } else if (import_find_ffmpeg(ffmpeg, sizeof ffmpeg))
        s = import_ffmpeg(path, ffmpeg, format, n);
    else
        fprintf(stderr, _("hushabye-story import: %1$s: this looks like %2$s; to convert it, "
                "install ffmpeg (sudo apt-get install ffmpeg) and import it again\n"),
                shown, sniff_name(k));
    if (fd >= 0)
        close(fd);
    return s;
}

/* Are a and b the same file or folder (by device and inode, whatever the
 * spelling of the path)? */
static int import_same(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* Is path a file inside folder (in it or a few folders down)? Then *aside is
 * where it is set aside once imported: ".imported-NAME" beside it. */
static int import_inside(const char *folder, const char *path, char *aside, size_t len)
{
    const char *slash = strrchr(path, '/');
    int dir = slash ? (int)(slash - path + 1) : 0;
    char up[PATH_MAX];
    int n = snprintf(up, sizeof up, "%.*s.", dir, path);
    for (int depth = 0; depth < 8 && n > 0 && (size_t)n + 3 < sizeof up; depth++) {
        if (import_same(up, folder))
            return snprintf(aside, len, "%.*s.imported-%s", dir, path, path + dir) < (int)len;
        n += snprintf(up + n, sizeof up - (size_t)n, "/..");
    }
    return 0;
}

/* Move path aside beside it as ".imported-NAME" (".imported-STEM.2.EXT" when
 * an earlier import's is there: never over it). Its new path in aside. */
static int import_move_aside(const char *path, char *aside, size_t len)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX], hidden[NAME_MAX + 1];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    const char *bare = slash ? slash + 1 : path;
    if (files_set_aside(dir, bare, bare, ".imported-", hidden, sizeof hidden) != 0)
        return -1;
    if (snprintf(aside, len, "%s/%s", dir, hidden) >= (int)len)
        snprintf(aside, len, "%s", hidden); /* only its name is shown */
    return 0;
}

/* Set an imported file aside (see the top); the original is never deleted. */
static void import_set_aside(const char *path, char *aside, size_t len, const char *shown)
{
    if (access(path, F_OK) != 0)
        return;                        /* already kept as the previous take (take.c) */
    if (import_move_aside(path, aside, len) == 0)
        printf(_("%1$s: set aside as %2$s (the player and the checker pass over it)\n"), shown,
               strrchr(aside, '/') ? strrchr(aside, '/') + 1 : aside);
    else
        fprintf(stderr, _("hushabye-story import: %1$s: could not be set aside (%2$s); remove it "
                "from the story folder by hand\n"), shown, strerror(errno));
}

/* The picture already filed as page in folder, other than the source (same
 * file): its name in buf, or 0 when the page has none. */
static int import_page_picture(const char *folder, int page, const char *source, char *buf,
                               size_t len)
{
    char **names = NULL;
    int n = files_list(folder, &names), found = 0;
    for (int i = 0; i < n && !found; i++) {
        int number = 0;
        char full[PATH_MAX + 300];
        if (story_classify(names[i], &number) != MEDIA_PICTURE || number != page)
            continue;
        snprintf(full, sizeof full, "%s/%s", folder, names[i]);
        if (import_same(full, source))
            continue;
        snprintf(buf, len, "%s", names[i]);
        found = 1;
    }
    files_list_free(names, n);
    return found;
}

/* The file's bytes, at most FILES_MAX_PICTURE (fd owned here). */
static unsigned char *import_slurp(int fd, const char *shown, size_t *len)
{
    struct stat st;
    unsigned char *data = NULL;
    if (fstat(fd, &st) != 0 || (unsigned long long)st.st_size > FILES_MAX_PICTURE) {
        fprintf(stderr, _("hushabye-story import: %1$s: too big for a picture (at most %2$d "
                          "MiB); save it smaller\n"), shown, LIMIT_PICTURE_MIB);
    } else if ((data = malloc((size_t)st.st_size + 1)) != NULL) {
        size_t got = 0;
        ssize_t r = 1;
        while (got < (size_t)st.st_size &&
               ((r = pread(fd, data + got, (size_t)st.st_size - got, (off_t)got)) > 0 ||
                (r < 0 && errno == EINTR)))
            got += r > 0 ? (size_t)r : 0;
        if (got != (size_t)st.st_size) {
            fprintf(stderr, _("hushabye-story import: %1$s: cannot be read (%2$s)\n"), shown,
                    r < 0 ? strerror(errno) : _("it changed while being read"));
            free(data);
            data = NULL;
        }
        *len = got;
    }
    close(fd);
    return data;
}

/* The picture on fd (owned here), sniffed as k, filed as page's picture:
 * copied as it is when the player shows it, a HEIC photo converted to JPEG.
 * TOOL_OK or TOOL_FAIL (with a message). */
static int import_picture(const char *folder, const char *path, const char *shown, int fd,
                          SniffKind k, int page)
{
    static const char *const exts[] = { [SNIFF_PNG] = "png", [SNIFF_JPEG] = "jpg",
                                        [SNIFF_WEBP] = "webp", [SNIFF_SVG] = "svg",
                                        [SNIFF_HEIC] = "jpg" };
    char other[300], dest[PATH_MAX], aside[PATH_MAX], why[400];
    if (!sniff_is_picture(k) && k != SNIFF_HEIC) {
        close(fd);
        const char *kind = sniff_name(k);
        fprintf(stderr, _("hushabye-story import: %1$s: this is %3$.*2$s, which the player "
                "cannot show and import cannot convert; save it as JPEG or PNG and import "
                "that\n"), shown, sniff_name_kind_len(kind), kind);
        return TOOL_FAIL;
    }
    if (import_page_picture(folder, page, path, other, sizeof other)) {
        close(fd);
        fprintf(stderr, _("hushabye-story import: %1$s: page %2$d already has a picture (%3$s); "
                "move that one out of the story folder first if this one should replace it\n"),
                shown, page, other);
        return TOOL_FAIL;
    }
    size_t len = 0, out_len = 0;
    unsigned char *data = import_slurp(fd, shown, &len), *out = data;
    if (!data)
        return TOOL_FAIL;
    if (k == SNIFF_HEIC && photo_heic_to_jpeg(data, len, &out, &out_len, why, sizeof why) != 0) {
        fprintf(stderr, _("hushabye-story import: %1$s: %2$s\n"), shown, why);
        free(data);
        return TOOL_FAIL;
    }
    /* Decoded as the player and the checker decode it (picture.c, the same
     * limits): a damaged or oversized picture is not filed as a page. */
    if (k != SNIFF_HEIC && media_picture(data, len, why, sizeof why) < 0) {
        fprintf(stderr, _("hushabye-story import: %1$s: %2$s\n"), shown, why);
        free(data);
        return TOOL_FAIL;
    }
    if (k != SNIFF_HEIC)
        out_len = len;
    int inside = import_inside(folder, path, aside, sizeof aside);
    snprintf(dest, sizeof dest, "%s/%02d.%s", folder, page, exts[k]);
    int same = import_same(dest, path);
    /* A HEIC photo named 02.jpg becomes 02.jpg: its original is set aside first. */
    if (same && k == SNIFF_HEIC && inside && import_move_aside(path, aside, sizeof aside) != 0)
        same = -1;
    int rc = same == 1 && k != SNIFF_HEIC ? 0 : same < 0 ? -1
           : files_write_atomic(dest, out, out_len);
    if (rc != 0)
        fprintf(stderr, _("hushabye-story import: %1$s: cannot be written (%2$s)\n"), dest,
                strerror(errno));
    else
        printf(_("page %1$d: picture %2$02d.%3$s%4$s\n"), page, page, exts[k],
               k == SNIFF_HEIC ? _(" (converted from an iPhone HEIC photo)") : "");
    if (rc == 0 && inside && !same)
        import_set_aside(path, aside, sizeof aside, shown);
    if (out != data)
        free(out);
    free(data);
    return rc == 0 ? TOOL_OK : TOOL_FAIL;
}

/* Page from the file name's leading number (1-3 digits), else after the last. */
static int import_page(const char *path, int last)
{
    char buf[256];
    const char *base = files_basename(path, buf, sizeof buf);
    int digits = 0, page = 0;
    while (digits < 4 && ascii_isdigit(base[digits]))
        page = page * 10 + (base[digits++] - '0');
    return digits >= 1 && digits <= 3 && page >= 1 ? page : last + 1;
}

/* "--page N": N, or -1 when it is not a page number. */
static int import_page_arg(const char *s)
{
    char *end;
    long v = s ? strtol(s, &end, 10) : -1;
    return s && *s && *end == '\0' && v >= 1 && v <= 999 ? (int)v : -1;
}

/* Import one file as page (forced > 0) or by its name. 0 ok, 1 failed. The
 * last pages and the pages done are per kind: [0] recordings, [1] pictures. */
static int import_one(const char *folder, const char *path, int forced, int last[2],
                      unsigned char done[2][1000])
{
    unsigned char head[SNIFF_HEAD];
    char shown[ESC_NAME_MAX], aside[PATH_MAX];
    esc_str(path, shown, sizeof shown);
    int fd = import_open(path, shown);
    if (fd < 0)
        return 1;
    ssize_t got = pread(fd, head, sizeof head, 0);
    SniffKind k = sniff_bytes(head, got > 0 ? (size_t)got : 0);
    int pic = import_is_picture(k);
    int page = forced > 0 ? forced : import_page(path, last[pic]);
    if (page > 999 || done[pic][page]) {
        fprintf(stderr, _("hushabye-story import: %1$s: page %2$d %3$s; skipped\n"), shown, page,
                page > 999 ? _("is past the last page (999)")
                : pic ? _("was already given a picture") : _("was already given a recording"));
        close(fd);
        return 1;
    }
    last[pic] = page;
    if (pic) {
        if (import_picture(folder, path, shown, fd, k, page) != TOOL_OK)
            return 1;
        done[pic][page] = 1;
        return 0;
    }
    int inside = import_inside(folder, path, aside, sizeof aside);
    struct stat before, after;
    if (inside && stat(path, &before) != 0)
        inside = 0;
    size_t n = 0;
    int16_t *s = import_decode(path, shown, fd, k, &n);
    TakeTarget t = { folder, page };
    int failed = !s || take_finish(&t, s, n, stdout) != TOOL_OK;
    free(s);
    if (failed)
        return 1;
    done[pic][page] = 1;
    /* The file imported may have been the page's own narration (01.wav
     * imported as page 1): the take then kept it as the previous one and
     * now holds its name, and it is not the take that is set aside. */
    if (inside && stat(path, &after) == 0 && after.st_dev == before.st_dev &&
        after.st_ino == before.st_ino)
        import_set_aside(path, aside, sizeof aside, shown);
    return 0;
}

int cmd_import(int argc, char **argv)
{
    if (argc < 2 || argv[0][0] == '-') {
        fputs(_("usage: hushabye-story import FOLDER [--page N] FILE [[--page N] FILE...]\n"
              "Each recording becomes a page's narration and each picture a page's picture\n"
              "(an iPhone's HEIC photo is converted to JPEG): the page is N, or the number\n"
              "at the start of its name, or the next page in the order given.\n"), stderr);
        return TOOL_USAGE;
    }
    if (!take_is_folder(argv[0])) {
        char shown[ESC_NAME_MAX];
        fprintf(stderr, _("hushabye-story import: '%s' is not a folder\n"),
                esc_str(argv[0], shown, sizeof shown));
        return TOOL_FAIL;
    }
    files_clean_temps(argv[0]);     /* left by a save that was cut short */
    int last[2] = { 0, 0 }, failed = 0, forced = 0;
    static unsigned char done[2][1000];
    memset(done, 0, sizeof done);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--page") == 0) {
            forced = i + 1 < argc - 1 ? import_page_arg(argv[i + 1]) : -1;
            if (forced < 0) {
                fputs(_("hushabye-story import: --page takes a page number (1 to 999) and "
                      "is followed by a file\n"), stderr);
                return TOOL_USAGE;
            }
            i++;
            continue;
        }
        failed |= import_one(argv[0], argv[i], forced, last, done);
        forced = 0;
    }
    return failed ? TOOL_FAIL : TOOL_OK;
}
