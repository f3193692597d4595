/* info — what a story holds: title, pages, how long it is read, picture sizes.
 *
 * The story is loaded as the player loads it; each page's picture size comes
 * from its header (probe, no decoding) and each narration's length from
 * decoding it, as the player's virtual clock does. The result is printed for
 * people, or with --json for other tools. Problems are not listed here (that is
 * check's job), except that a story that cannot be played at all is an error. */
#include "tool.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "files.h"
#include "probe.h"
#include "story.h"

typedef struct {
    int w, h;           /* 0 when unknown */
    double seconds;     /* narration length, -1 when none or unreadable */
    int words;
} InfoPage;

static int info_words(const char *text)
{
    int words = 0;
    for (const char *c = text; c && *c; c++)
        if (!strchr(" \t\n\r", *c) && (c == text || strchr(" \t\n\r", c[-1])))
            words++;
    return words;
}

static void info_picture(const Story *s, const char *name, InfoPage *ip)
{
    unsigned char *data = NULL;
    size_t len = 0;
    if (!name || files_read(s->folder, name, FILES_MAX_PICTURE, &data, &len) != FILES_OK)
        return;
    if (probe_picture(data, len, &ip->w, &ip->h) != PROBE_OK)
        ip->w = ip->h = 0;
    free(data);
}

/* Streamed from its descriptor: a long recording is never read whole. */
static void info_narration(const Story *s, const char *name, InfoPage *ip)
{
    unsigned char head[SNIFF_HEAD];
    size_t len = 0;
    int fd = -1;
    const char *why;
    if (!name || files_open_fd(s->folder, name, FILES_MAX_AUDIO, &fd, &len) != FILES_OK)
        return;
    ssize_t got = pread(fd, head, sizeof head, 0);
    SniffKind k = sniff_bytes(head, got > 0 ? (size_t)got : 0);
    if (!sniff_is_audio(k)) {
        close(fd);
        return;
    }
    ToolAudio a = media_audio_fd(fd, k, &why);
    if (a.ok)
        ip->seconds = a.seconds;
}

static void info_measure(const Story *s, InfoPage *pages)
{
    for (int i = 0; i < s->npages; i++) {
        const StoryPage *p = &s->pages[i];
        pages[i] = (InfoPage){ 0, 0, -1, info_words(p->text) };
        info_picture(s, p->image, &pages[i]);
        info_narration(s, p->narration, &pages[i]);
    }
}

static double info_total(const Story *s, const InfoPage *pages)
{
    double total = 0;
    for (int i = 0; i < s->npages; i++)
        total += pages[i].seconds > 0 ? pages[i].seconds : 0;
    return total;
}

static void info_text(const Story *s, const InfoPage *pages)
{
    double total = info_total(s, pages);
    char e1[ESC_NAME_MAX], e2[ESC_NAME_MAX];   /* names from the folder, shown escaped */
    printf(_("title: %s\n"), esc_str(s->title, e1, sizeof e1));
    tool_print_field(stdout, _("author: "), s->author);
    tool_print_field(stdout, _("credits: "), s->credits);
    tool_print_field(stdout, _("licence: "), s->licence);
    printf(_("folder: %1$s\npages: %2$d\n"), esc_str(s->name, e1, sizeof e1), s->npages);
    for (int i = 0; i < s->npages; i++) {
        const StoryPage *p = &s->pages[i];
        const InfoPage *ip = &pages[i];
        /* The page's parts: the picture after a space, the others each
         * after ", "; a page with no picture starts with its narration or
         * its words, without the comma. */
        char parts[3 * ESC_NAME_MAX + 200];
        size_t k = 0;
        parts[0] = '\0';
#define INFO_PART(...) \
    (k += (size_t)snprintf(parts + k, k < sizeof parts ? sizeof parts - k : 0, __VA_ARGS__), \
     k = k < sizeof parts ? k : sizeof parts - 1)
        if (p->image && ip->w > 0)
            INFO_PART(_(" picture %1$s (%2$dx%3$d)"), esc_str(p->image, e1, sizeof e1), ip->w,
                      ip->h);
        else if (p->image)
            INFO_PART(_(" picture %s (size unknown)"), esc_str(p->image, e1, sizeof e1));
        if (p->narration && ip->seconds >= 0)
            INFO_PART(_(", narration %1$s %2$.1f s"), esc_str(p->narration, e2, sizeof e2),
                      ip->seconds);
        else if (p->narration)
            INFO_PART(_(", narration %s (cannot be played)"), esc_str(p->narration, e2, sizeof e2));
        if (ip->words)
            INFO_PART(ngettext(", %d word", ", %d words", (unsigned long)ip->words), ip->words);
#undef INFO_PART
        const char *rest = parts;
        if (rest[0] == ',')   /* ", " in most languages; "、" or "،" is left as it is */
            rest += rest[1] == ' ' ? 2 : 1;
        else if (rest[0] == ' ')
            rest++;
        printf(_("  page %d:"), p->number);
        printf("%s%s\n", rest[0] ? " " : "", rest);
    }
    printf(_("narration in all: %1$.1f s (%2$d:%3$02d)\n"), total, (int)(total / 60),
           (int)total % 60);
}

static void info_json_page(const StoryPage *p, const InfoPage *ip, int first)
{
    printf("%s    {\"number\": %d, \"picture\": ", first ? "\n" : ",\n", p->number);
    json_string(stdout, p->image);
    if (ip->w > 0)
        printf(", \"width\": %d, \"height\": %d", ip->w, ip->h);
    else
        fputs(", \"width\": null, \"height\": null", stdout);
    fputs(", \"narration\": ", stdout);
    json_string(stdout, p->narration);
    if (ip->seconds >= 0)
        printf(", \"seconds\": %.3f", ip->seconds);
    else
        fputs(", \"seconds\": null", stdout);
    printf(", \"words\": %d}", ip->words);
}

static void info_json(const Story *s, const char *folder, const InfoPage *pages)
{
    fputs("{\"folder\": ", stdout);
    json_string(stdout, folder);
    fputs(", \"name\": ", stdout);
    json_string(stdout, s->name);
    fputs(", \"title\": ", stdout);
    json_string(stdout, s->title);
    fputs(", \"author\": ", stdout);
    json_string(stdout, s->author);
    fputs(", \"cover\": ", stdout);
    json_string(stdout, s->cover);
    printf(", \"narration_seconds\": %.3f,\n  \"pages\": [", info_total(s, pages));
    for (int i = 0; i < s->npages; i++)
        info_json_page(&s->pages[i], &pages[i], i == 0);
    fputs(s->npages ? "\n  ]}\n" : "]}\n", stdout);
}

int cmd_info(int argc, char **argv)
{
    const char *folder = NULL;
    int json = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (argv[i][0] == '-' || folder)
            folder = "", i = argc;
        else
            folder = argv[i];
    }
    if (!folder || !*folder) {
        fputs(_("usage: hushabye-story info [--json] FOLDER\n"), stderr);
        return TOOL_USAGE;
    }
    Story s;
    Diags d = { 0 };
    int rc = TOOL_FAIL;
    if (story_load(folder, &s, &d) != 0) {
        diag_print(&d, stderr, NULL);
        if (json) {   /* still JSON on stdout: what could not be read, and why */
            fputs("{\"folder\": ", stdout);
            json_string(stdout, folder);
            fputs(", \"pages\": null, \"problems\": ", stdout);
            json_diags(stdout, &d);
            fputs("}\n", stdout);
        }
    } else {
        InfoPage *pages = calloc((size_t)s.npages, sizeof *pages);
        if (pages) {
            media_open();
            info_measure(&s, pages);
            json ? info_json(&s, folder, pages) : info_text(&s, pages);
            free(pages);
            rc = TOOL_OK;
        }
    }
    story_free(&s);
    diag_free(&d);
    media_close();
    return rc;
}
