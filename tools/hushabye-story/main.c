/* hushabye-story — the parents' tool: check a story folder before bedtime.
 *
 * "check" loads each folder exactly as the player does (story_load), then looks
 * at every file the story names: is it there, inside the folder, within the size
 * caps, and do its first bytes say it is a picture or a recording the player can
 * open? Every finding is a diagnostic in the one format ("folder/file: level:
 * message"), printed in order, followed by one summary line per folder. Media is
 * only sniffed here, never decoded, so a check of a large story is instant. */
#include "diag.h"
#include "files.h"
#include "sniff.h"
#include "story.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HUSHABYE_VERSION
#define HUSHABYE_VERSION "unknown"
#endif

#define CHECKED_MAX 4096   /* distinct files checked per story; more are not re-listed */

typedef struct {
    const Story *s;
    Diags *d;
    const char *seen[CHECKED_MAX];
    int nseen;
} Checker;

static void usage(FILE *f)
{
    fputs("usage: hushabye-story check FOLDER...\n"
          "       hushabye-story --help | --version\n\n"
          "check   look over story folders and report anything the player cannot use,\n"
          "        one line per problem: folder/file:line: level: message\n"
          "exit status: 0 no errors, 1 errors found, 2 wrong usage\n", f);
}

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

/* Check one named file: present, safe, within the cap, and of a kind the player opens. */
static void check_file(Checker *c, const char *name, StoryMedia media)
{
    if (!name || already_checked(c, name))
        return;
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", c->s->name, name);
    size_t size = 0, got = 0, cap = media == MEDIA_PICTURE ? FILES_MAX_PICTURE
                                  : media == MEDIA_AUDIO ? FILES_MAX_AUDIO : FILES_MAX_TEXT;
    FilesStatus st = files_size(c->s->folder, name, &size);
    if (st == FILES_OK && size > cap)
        st = FILES_ETOOBIG;
    if (st != FILES_OK) {
        diag_add(c->d, DIAG_ERROR, path, 0, "this file %s%s", files_status_text(st),
                 st == FILES_ETOOBIG ? (media == MEDIA_PICTURE ? " (pictures can be at most "
                 "64 MiB)" : media == MEDIA_AUDIO ? " (recordings can be at most 256 MiB)"
                 : " (at most 1 MiB)") : "");
        return;
    }
    unsigned char head[SNIFF_HEAD];
    if (media == MEDIA_TEXT || media == MEDIA_VTT ||
        files_head(c->s->folder, name, head, sizeof head, &got) != FILES_OK)
        return;
    SniffKind k = sniff_bytes(head, got);
    if (media == MEDIA_PICTURE && !sniff_is_picture(k))
        diag_add(c->d, DIAG_ERROR, path, 0, "not a picture this player can open (it looks "
                 "like %s)", sniff_name(k));
    else if (media == MEDIA_AUDIO && !sniff_is_audio(k))
        diag_add(c->d, DIAG_ERROR, path, 0, "not a recording this player can play (it looks "
                 "like %s)", sniff_name(k));
}

static void check_media(Checker *c)
{
    const Story *s = c->s;
    check_file(c, s->cover, MEDIA_PICTURE);
    check_file(c, s->music, MEDIA_AUDIO);
    for (int i = 0; i < s->npages; i++) {
        const StoryPage *p = &s->pages[i];
        check_file(c, p->image, MEDIA_PICTURE);
        check_file(c, p->narration, MEDIA_AUDIO);
        check_file(c, p->vtt, MEDIA_VTT);
        for (int k = 0; k < p->nlayers; k++)
            check_file(c, p->layers[k].image, MEDIA_PICTURE);
        for (int k = 0; k < p->ntaps; k++)
            check_file(c, p->taps[k].sound, MEDIA_AUDIO);
    }
}

static int count_level(const Diags *d, DiagLevel level)
{
    int n = 0;
    for (int i = 0; i < d->n; i++)
        n += d->items[i].level == level;
    return n;
}

static void summary(const Story *s, const char *folder, int playable, const Diags *d)
{
    int errors = count_level(d, DIAG_ERROR), warnings = count_level(d, DIAG_WARNING);
    const char *name = s->name ? s->name : folder;
    if (!playable)
        printf("%s: cannot be played", name);
    else
        printf("%s: %d page%s", name, s->npages, s->npages == 1 ? "" : "s");
    if (errors == 0 && warnings == 0)
        printf(", no problems\n");
    else
        printf(", %d error%s, %d warning%s\n", errors, errors == 1 ? "" : "s",
               warnings, warnings == 1 ? "" : "s");
}

/* Check one folder; returns the number of errors. */
static int check_folder(const char *folder)
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
        }
    }
    diag_print(&d, stdout, NULL);
    summary(&s, folder, playable, &d);
    int errors = diag_errors(&d);
    story_free(&s);
    diag_free(&d);
    return errors;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("hushabye-story %s\n", HUSHABYE_VERSION);
        return 0;
    }
    if (argc < 3 || strcmp(argv[1], "check") != 0) {
        usage(stderr);
        return 2;
    }
    int errors = 0;
    for (int i = 2; i < argc; i++)
        errors += check_folder(argv[i]);
    fflush(stdout);
    return errors ? 1 : 0;
}
