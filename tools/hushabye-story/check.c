/* check — look over story folders before bedtime.
 *
 * Each folder is loaded exactly as the player loads it (story_load), which
 * already names unknown keys, pages without a picture or words, two pictures
 * for one page, words that are not UTF-8 or too long, paths leaving the folder
 * and page numbers over 999. The checker then opens every file the story
 * names, through the same safe file layer: is it there and inside the folder,
 * within its size cap, and is it what its name says (sniffed)? A picture's size
 * is read from its header before it is decoded; it is then decoded as the
 * player decodes it (picture.c, within the same limits), reduced. Recordings are
 * decoded in blocks to find damaged, silent or too long ones; timed words are
 * parsed.
 * Every finding is a diagnostic "folder/file:line: level: message" naming the
 * file and the fix; --json gives the same findings for other tools. */
#include "tool.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio.h"
#include "escape.h"
#include "files.h"
#include "loud.h"
#include "probe.h"
#include "story.h"
#include "vtt.h"

#define CHECKED_MAX   4096    /* distinct files checked per story; more are not re-checked */
#define VTT_SLACK     1.0     /* seconds timed words may run past the recording */

typedef struct {
    const Story *s;
    Diags *d;
    const char *seen[CHECKED_MAX];
    int nseen;
    int audio_ok;             /* the sound system could be started */
    double narration;         /* length of the page's narration just checked, or -1 */
    double narration_says;    /* and the length its header gives (the player's refusal) */
    int page;                 /* the page whose files are being checked, 0: the story's */
    int line;                 /* the story.ini line that named the file, 0: none */
    const char *role;         /* what the file is for: "image", "narration", ... */
    const char *name;         /* the file being checked, as the story names it */
    const char *text;         /* the words of the page being checked, or NULL */
} Checker;

typedef struct {
    int json;
    int errors, warnings;
    int folders;              /* folders reported so far (for JSON commas) */
} CheckRun;

/* Has this file already been checked (cover = page 1's picture, shared sounds)? */
static int already_checked(Checker *c, const char *name)
{
    for (int i = 0; i < c->nseen; i++)
        if (strcmp(c->seen[i], name) == 0)
            return 1;
    if (c->nseen < CHECKED_MAX)
        c->seen[c->nseen++] = name;
    return 0;
}

static size_t cap_of(StoryMedia media)
{
    return media == MEDIA_PICTURE ? FILES_MAX_PICTURE : media == MEDIA_AUDIO ? FILES_MAX_AUDIO
                                                                             : FILES_MAX_TEXT;
}

/* The cap a file is over, in words, into buf. */
static const char *cap_words(StoryMedia media, char *buf, size_t len)
{
    if (media == MEDIA_PICTURE)
        snprintf(buf, len, _(" (pictures can be at most %d MiB; save it smaller)"),
                 LIMIT_PICTURE_MIB);
    else if (media == MEDIA_AUDIO)
        snprintf(buf, len, _(" (recordings can be at most %d MiB)"), LIMIT_AUDIO_MIB);
    else
        snprintf(buf, len, _(" (at most %d MiB)"), LIMIT_TEXT_MIB);
    return buf;
}

/* Why a named file cannot be read, as the parent should hear it. A file that
 * story.ini named and that is not there is told against the line that asked
 * for it ("sleepy/story.ini:7: error: 'owl.png' (image of page 2) is not in the
 * folder"): that line is what to mend, a typo or a file not copied yet. */
static void named_error(Checker *c, const char *path, const char *name, StoryMedia media,
                        FilesStatus st)
{
    if (st == FILES_ENOENT && c->line > 0) {
        story_tell_missing(c->s, name, c->role, c->page, c->line, DIAG_ERROR, c->d);
        return;
    }
    char cap[128];
    diag_add(c->d, DIAG_ERROR, path, 0, _("this file %1$s%2$s"),
             files_status_why(c->s->folder, name, st),
             st == FILES_ETOOBIG ? cap_words(media, cap, sizeof cap)
             : st == FILES_EUNSAFE ? _("; copy the real file into the story folder") : "");
}

/* Read a named file whole; NULL with an error when it cannot be. */
static unsigned char *read_named(Checker *c, const char *path, const char *name,
                                 StoryMedia media, size_t *len)
{
    unsigned char *data = NULL;
    FilesStatus st = files_read(c->s->folder, name, cap_of(media), &data, len);
    if (st == FILES_OK)
        return data;
    named_error(c, path, name, media, st);
    return NULL;
}

static SniffKind sniff_all(const unsigned char *data, size_t len)
{
    return sniff_bytes(data, len < SNIFF_HEAD ? len : SNIFF_HEAD);
}

/* The command that converts a page's file (name) with import, quoted to be
 * pasted from where the checker was run: the folder as given, --page when the
 * file's name does not say the page, and the story.ini line to delete when
 * story.ini named it (import sets the original aside, so that line would name
 * a file no longer there). Empty when import cannot convert it for this use. */
static void convert_advice(const Checker *c, const char *name, char *buf, size_t len)
{
    buf[0] = '\0';
    if (c->page <= 0 || (strcmp(c->role, "image") != 0 && strcmp(c->role, "narration") != 0))
        return;
    char file[4400], qf[ESC_NAME_MAX], qfile[ESC_NAME_MAX], page[32] = "";
    snprintf(file, sizeof file, "%s/%s", c->s->folder, name);
    if (c->line > 0 || atoi(name) != c->page || strchr(name, '/'))
        snprintf(page, sizeof page, "--page %d ", c->page);
    int n = snprintf(buf, len, _("; convert it with: hushabye-story import %s %s%s"),
                     tool_shell_arg(c->s->folder, qf, sizeof qf), page,
                     tool_shell_arg(file, qfile, sizeof qfile));
    if (c->line > 0 && n > 0 && (size_t)n < len)
        snprintf(buf + n, len - (size_t)n, _(", then delete line %d of %s/story.ini ('%s = %s')"),
                 c->line, c->s->name, c->role, name);
}

/* A recording the player cannot play: a phone's formats, which import converts. */
static int phone_recording(SniffKind k)
{
    return k == SNIFF_M4A || k == SNIFF_3GP || k == SNIFF_AMR || k == SNIFF_AAC ||
           k == SNIFF_MP4 || k == SNIFF_WMA || k == SNIFF_CAF || k == SNIFF_RF64;
}

/* Size from the header, then a real decode when the size is sane. */
static void check_picture(Checker *c, const char *path, const unsigned char *data, size_t len)
{
    SniffKind k = sniff_all(data, len);
    if (!sniff_is_picture(k)) {
        char advice[10000] = "";
        if (k == SNIFF_HEIC)
            convert_advice(c, c->name, advice, sizeof advice);
        diag_add(c->d, DIAG_ERROR, path, 0, _("not a picture this player can open (it looks "
                 "like %1$s)%2$s"), k == SNIFF_HEIC && advice[0] ? "an iPhone HEIC photo" :
                 sniff_name(k), advice);
        return;
    }
    int w = 0, h = 0;
    ProbeStatus ps = probe_picture(data, len, &w, &h);
    /* An SVG of zero or negative size is not damaged: svgcheck says what it is. */
    if (ps == PROBE_BAD && k == SNIFF_SVG)
        ps = PROBE_NO_SIZE;
    if (ps == PROBE_TRUNCATED || ps == PROBE_BAD || ps == PROBE_UNKNOWN) {
        diag_add(c->d, DIAG_ERROR, path, 0, _("this picture %s; copy or save it again"),
                 probe_status_text(ps));
        return;
    }
    /* The player's own decoder and limits: too large, too many megapixels,
     * too complex to draw, damaged; an animation is a warning. */
    char msg[400];
    int r = media_picture(data, len, msg, sizeof msg);
    if (r != 0)
        diag_add(c->d, r < 0 ? DIAG_ERROR : DIAG_WARNING, path, 0, "%s", msg);
}

/* A recording is streamed from its descriptor (fd, owned here): a 200 MB
 * recording is measured in blocks, never held whole. */
static void check_audio(Checker *c, const char *path, int fd)
{
    unsigned char head[SNIFF_HEAD];
    ssize_t got = pread(fd, head, sizeof head, 0);
    SniffKind k = sniff_all(head, got > 0 ? (size_t)got : 0);
    if (!sniff_is_audio(k)) {
        char advice[10000] = "";
        if (phone_recording(k))
            convert_advice(c, c->name, advice, sizeof advice);
        diag_add(c->d, DIAG_ERROR, path, 0, _("not a recording this player can play (it looks "
                 "like %1$s)%2$s"), sniff_name(k), advice);
        close(fd);
        return;
    }
    if (!c->audio_ok) {
        close(fd);
        return;
    }
    const char *why = NULL;
    ToolAudio a = media_audio_fd(fd, k, &why);
    if (!a.ok && a.damaged) {
        diag_add(c->d, DIAG_ERROR, path, 0, _("this recording cannot be played (%s); copy or "
                 "export it again"), why ? why : _("unknown reason"));
        return;
    }
    if (!a.ok) {
        diag_add(c->d, DIAG_ERROR, path, 0, _("this recording cannot be played: %s"),
                 why ? why : _("unknown reason"));
        return;
    }

    c->narration = a.seconds;
    c->narration_says = a.holds >= 0 ? a.claims : a.seconds;
    if (a.note)
        diag_add(c->d, DIAG_WARNING, path, 0, _("this recording %s"), a.note);
    if (c->s->music && strcmp(c->name, c->s->music) == 0 && a.seconds < AUDIO_MUSIC_MIN_SECONDS)
        diag_add(c->d, DIAG_WARNING, path, 0, _("music skipped: it lasts only %.2f s, too short "
                 "to play as a lullaby (it would repeat many times a second)"), a.seconds);
    if (a.holds >= 0 && !a.note)
        diag_add(c->d, DIAG_WARNING, path, 0, _("this recording is cut short: it says it is "
                 "%1$.1f s long but holds %2$.1f s; copy or export it again"), a.claims, a.holds);
    char silent[300];
    if (loud_silence_say(a.peak_db, 1, silent, sizeof silent))
        diag_add(c->d, DIAG_WARNING, path, 0, "%s", silent);
    else if (a.hiss && !(c->s->music && strcmp(c->name, c->s->music) == 0))
        /* White noise is a lullaby some families choose; as a page's voice it is damage. */
        diag_add(c->d, DIAG_WARNING, path, 0, _("this recording is only hiss, like random "
                 "noise, with no voice in it (a damaged or wrongly saved file?); record it "
                 "again"));
}

static void check_vtt(Checker *c, const char *path, const unsigned char *data, size_t len)
{
    Vtt v;
    if (vtt_parse((const char *)data, len, path, &v, c->d) == 0 && v.n > 0) {
        if (c->narration >= 0 && v.cues[v.n - 1].end > c->narration + VTT_SLACK)
            diag_add(c->d, DIAG_WARNING, path, v.cues[v.n - 1].line, _("the timed words go "
                     "on until %1$.1f s but the recording is only %2$.1f s long"),
                     v.cues[v.n - 1].end, c->narration);
        if (!c->text) {
            diag_add(c->d, DIAG_WARNING, path, 0, _("these timed words are not used: the page "
                     "has no words to light (give it a .txt or a text line in story.ini)"));
        } else {
            int *range = malloc((size_t)v.n * 2 * sizeof *range);
            if (range)
                vtt_locate(c->text, (const char *)data, &v, range, range + v.n, v.n, path, c->d);
            free(range);
        }
    }
    vtt_free(&v);
}

/* Check one named file: present, safe, within its cap, and what its name says. */
static void check_file(Checker *c, const char *name, StoryMedia media)
{
    if (!name || already_checked(c, name))
        return;
    c->name = name;
    char path[1200];
    size_t len = 0;
    snprintf(path, sizeof path, "%s/%s", c->s->name, name);
    if (media == MEDIA_AUDIO) {
        int fd = -1;
        FilesStatus st = files_open_fd(c->s->folder, name, cap_of(media), &fd, &len);
        if (st == FILES_OK)
            check_audio(c, path, fd);
        else
            named_error(c, path, name, media, st);
        return;
    }
    unsigned char *data = read_named(c, path, name, media, &len);
    if (!data)
        return;
    if (media == MEDIA_PICTURE)
        check_picture(c, path, data, len);
    else if (media == MEDIA_VTT)
        check_vtt(c, path, data, len);
    free(data);
}

/* check_file() for a file with a role ("image of page 2") and the story.ini
 * line that named it (0: its own name made it the page's). */
static void check_named(Checker *c, const char *name, StoryMedia media, const char *role,
                        int line)
{
    c->role = role;
    c->line = line;
    check_file(c, name, media);
    c->line = 0;
}

static void check_page(Checker *c, const StoryPage *p)
{
    c->page = p->number;
    check_named(c, p->image, MEDIA_PICTURE, "image", p->image_line);
    c->narration = c->narration_says = -1;
    check_named(c, p->narration, MEDIA_AUDIO, "narration", p->narration_line);
    /* The player refuses by the header's length, before a sample is read. */
    if (c->narration_says > AUDIO_NARRATION_SECONDS) {
        /* The player refuses it by its header: say so here, in its words. */
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", c->s->name, p->narration);
        diag_add(c->d, DIAG_ERROR, path, 0, _("this recording is longer than %1$.0f minutes "
                 "(%2$.1f minutes); a page's narration can be at most %3$.0f minutes: split it "
                 "over several pages"), AUDIO_NARRATION_SECONDS / 60.0, c->narration_says / 60.0,
                 AUDIO_NARRATION_SECONDS / 60.0);
    }
    c->text = p->text;
    check_named(c, p->vtt, MEDIA_VTT, "vtt", p->vtt_line);
    c->text = NULL;
    for (int k = 0; k < p->nlayers; k++)
        check_named(c, p->layers[k].image, MEDIA_PICTURE, "layer", p->layers[k].line);
    for (int k = 0; k < p->ntaps; k++) {
        c->narration = -1;
        check_named(c, p->taps[k].sound, MEDIA_AUDIO, "tap", p->taps[k].line);
        if (c->narration > AUDIO_TAP_SECONDS) { /* the player skips it, by its header */
            char ini[1200];
            snprintf(ini, sizeof ini, "%s/story.ini", c->s->name);
            diag_add(c->d, DIAG_WARNING, ini, p->taps[k].line, _("'%1$s' is %2$.0f seconds long; a "
                     "tap's sound can be at most %3$.0f seconds, so this hotspot stays silent"),
                     p->taps[k].sound, c->narration, AUDIO_TAP_SECONDS);
        }
    }
}

static void check_media(Checker *c)
{
    c->audio_ok = media_open() == 0;
    if (!c->audio_ok)
        diag_add(c->d, DIAG_WARNING, c->s->name, 0, _("recordings were only checked by their "
                 "first bytes: the sound system could not be started"));
    /* The pages first: a cover taken from a page's picture is then told as
     * that page's, with the story.ini line that named it. */
    for (int i = 0; i < c->s->npages; i++)
        check_page(c, &c->s->pages[i]);
    c->page = 0;
    check_named(c, c->s->cover, MEDIA_PICTURE, "cover", c->s->cover_line);
    check_named(c, c->s->music, MEDIA_AUDIO, "music", c->s->music_line);
}

static int count_level(const Diags *d, DiagLevel level)
{
    int n = 0;
    for (int i = 0; i < d->n; i++)
        n += d->items[i].level == level;
    return n;
}

static void summary_text(const Story *s, const char *folder, int playable, const Diags *d)
{
    int errors = count_level(d, DIAG_ERROR), warnings = count_level(d, DIAG_WARNING);
    char safe[ESC_NAME_MAX];
    const char *name = esc_str(s->name ? s->name : folder, safe, sizeof safe);
    if (!playable)
        printf(_("%s: cannot be played"), name);
    else
        printf(ngettext("%1$s: %2$d page", "%1$s: %2$d pages", (unsigned long)s->npages), name,
               s->npages);
    if (errors == 0 && warnings == 0)
        printf(_(", no problems\n"));
    else {
        printf(ngettext(", %d error", ", %d errors", (unsigned long)errors), errors);
        printf(ngettext(", %d warning\n", ", %d warnings\n", (unsigned long)warnings), warnings);
    }
}

static void summary_json(CheckRun *run, const Story *s, const char *folder, int playable,
                         const Diags *d)
{
    fputs(run->folders++ ? ",\n  {\"folder\": " : "\n  {\"folder\": ", stdout);
    json_string(stdout, folder);
    fputs(", \"name\": ", stdout);
    json_string(stdout, s->name);
    fputs(", \"title\": ", stdout);
    json_string(stdout, s->title);
    printf(", \"playable\": %s, \"pages\": %d, \"errors\": %d, \"warnings\": %d,\n"
           "   \"problems\": ", playable ? "true" : "false", playable ? s->npages : 0,
           count_level(d, DIAG_ERROR), count_level(d, DIAG_WARNING));
    json_diags(stdout, d);
    fputc('}', stdout);
}

/* Check one folder and report it. */
static void check_folder(CheckRun *run, const char *folder)
{
    Story s;
    Diags d = { 0 };
    int playable = story_load(folder, &s, &d) == 0;
    if (playable) {
        Checker *c = calloc(1, sizeof *c);
        if (c) {
            c->s = &s;
            c->d = &d;
            check_media(c);
            free(c);
        } else {
            diag_add(&d, DIAG_ERROR, s.name ? s.name : folder, 0, _("not enough memory to "
                     "check the files"));
        }
    }
    if (run->json) {
        summary_json(run, &s, folder, playable, &d);
    } else {
        diag_print(&d, stdout, NULL);
        summary_text(&s, folder, playable, &d);
    }
    run->errors += count_level(&d, DIAG_ERROR);
    run->warnings += count_level(&d, DIAG_WARNING);
    story_free(&s);
    diag_free(&d);
}

int cmd_check(int argc, char **argv)
{
    CheckRun run = { 0 };
    int folders = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            run.json = 1;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            char shown[ESC_NAME_MAX];
            fprintf(stderr, _("hushabye-story check: unknown option '%s'\n"),
                    esc_str(argv[i], shown, sizeof shown));
            return TOOL_USAGE;
        } else {
            folders++;
        }
    }
    if (folders == 0) {
        fputs(_("usage: hushabye-story check [--json] FOLDER...\n"), stderr);
        return TOOL_USAGE;
    }
    if (run.json)
        fputs("{\"folders\": [", stdout);
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--json") != 0)
            check_folder(&run, argv[i]);
    if (run.json)
        printf("\n], \"errors\": %d, \"warnings\": %d}\n", run.errors, run.warnings);
    media_close();
    return run.errors ? TOOL_FAIL : TOOL_OK;
}
