/* new — a ready-to-fill story folder.
 *
 * Makes the folder (or takes an empty one), writes a story.ini with the title
 * and every other setting shown as a note to un-comment, and a short guide in
 * plain words for parents: how to name the pictures, recordings and words, what
 * story.ini can say, the limits, and how to check the result. The guide and
 * the notes name only settings the player acts on today (tests/e2e_newguide.sh
 * holds the list): a key is added here when the player starts using it. Both files go
 * through files_write_atomic(), so an interrupted run leaves no half file. The
 * guide's name starts with a letter, so the player ignores it. */
#include "tool.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "escape.h"
#include "files.h"
#include "ini.h"
#include "story.h"
#include "utf8.h"

#define NEW_TITLE_MAX  200
#define NEW_GUIDE_NAME "HOW-TO-FILL-THIS-STORY.txt"

/* The guide, in the interface's language: four parts, so a translator has
 * whole paragraphs to work with and the limits come from caps.h. The keys of
 * story.ini, file names and commands stay as they are typed. */
static char *new_guide(void)
{
    /* TRANSLATORS: the start of the guide a new story folder gets
       (HOW-TO-FILL-THIS-STORY.txt). Keep the file names, extensions and the
       commands (hushabye-story import, check) as they are; keep the lines
       under 80 characters. */
    const char *files = _(
        "How to fill this story\n"
        "======================\n\n"
        "This folder is a story for Hushabye. Copy pictures and recordings into it;\n"
        "nothing else is needed. Each file's name starts with its page number.\n\n"
        "  01.png        page 1's picture (png, jpg, jpeg, webp or svg)\n"
        "  01.ogg        page 1 read aloud (ogg, opus, wav, mp3 or flac), optional\n"
        "  01.txt        page 1's words, shown under the picture, optional\n"
        "  01.vtt        page 1's words with times, to light them up as they are read\n"
        "  02-owl.jpg    page 2's picture: after the number, the rest of the name is free\n"
        "  cover.png     the cover (otherwise page 1's picture is used)\n"
        "  music.ogg     a soft lullaby played under the whole story\n\n"
        "Pages go in the order of their numbers (1 to 999; 01 and 1 are the same, gaps\n"
        "are fine). Every page needs a picture or words. A page with a recording turns\n"
        "when the recording ends; a page without one stays long enough to read it.\n\n"
        "Recordings from a phone (.m4a, .3gp, .aac, .amr) and iPhone photos (.heic)\n"
        "cannot be used as they are. Bring them in with hushabye-story import, which\n"
        "converts them and files each as the page its name starts with, like:\n"
        "  hushabye-story import FOLDER 01.m4a 01.heic 02.m4a 02.heic\n"
        "(FOLDER is this folder's name; hushabye-story check gives the exact command).\n\n"
        "Words files (.txt) must be saved as UTF-8 text (most editors offer it under\n"
        "\"Save as\"), at most about 2000 letters a page.\n\n");
    /* TRANSLATORS: the guide's part on story.ini. The heading "story.ini", the
       section names [story] and [page 2] and each key at the start of a line
       (title, language, cover, music, music-volume, hold, transition,
       transition-time, motion, image, narration, text, vtt, layer, tap) and
       the values after "like" stay exactly as they are: they are typed into
       story.ini. Keep the two spaces before each key. */
    const char *ini = _(
        "story.ini\n"
        "---------\n"
        "Optional settings. A line starting with # is a note and does nothing; remove\n"
        "the # to use a setting. Under [story], for the whole story:\n"
        "  title            the story's name on the shelf\n"
        "  language         the language the words are written in (like en, fr, ar or hi):\n"
        "                   its letters and, for Arabic or Hebrew, pages turning right to left\n"
        "  cover            the picture for the shelf (like cover = moon.png)\n"
        "  music            a soft lullaby under the whole story (like music = lullaby.ogg)\n"
        "  music-volume     how loud the lullaby is (like 25%)\n"
        "  hold             seconds to wait after a recording ends before the page turns\n"
        "  transition       how pages change: crossfade, fade-through-black or none\n"
        "  transition-time  seconds the change takes (like 1.2)\n"
        "  motion           gentle: every picture moves slowly (a soft pan and zoom)\n"
        "Under [page 2], for page 2 only:\n"
        "  image            the picture, when its name does not start with 02\n"
        "  narration        the recording, likewise\n"
        "  text             the words, written here instead of in 02.txt\n"
        "  vtt              the words with times, likewise\n"
        "  hold             seconds to wait on this page\n"
        "  motion           this page's move: gentle, zoom-in, zoom-out, pan-left, none...\n"
        "  layer            a see-through picture over it that moves softly\n"
        "                   (like layer = stars.png twinkle; or drift, sway, breathe)\n"
        "  tap              a place a child can tap for a sound\n"
        "                   (like tap = 0.1,0.5,0.3,0.3 owl.ogg: left, top, width, height)\n"
        "See story-format.md (in Hushabye's documentation) for every choice.\n\n");
    /* TRANSLATORS: the guide's last part; keep the command as it is. */
    const char *checking = _(
        "Checking\n"
        "--------\n"
        "When the files are in, run:  hushabye-story check FOLDER\n"
        "It names every file the player cannot use and says how to fix it.\n");
    size_t cap = strlen(files) + strlen(ini) + strlen(checking) + 1024;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    size_t n = (size_t)snprintf(out, cap, "%s", files);
    /* TRANSLATORS: the guide's limits: %1$d x %1$d pixels, %2$d and %3$d
       megabytes. */
    int k = snprintf(out + n, cap - n,
                     _("Limits: pictures up to %1$d x %1$d pixels and %2$d MB, recordings up "
                       "to %3$d MB.\n"
                       "Every file must really be inside this folder (no shortcuts or links to\n"
                       "files elsewhere).\n\n"),
                     LIMIT_PICTURE_SIDE, LIMIT_PICTURE_MIB, LIMIT_AUDIO_MIB);
    n += k > 0 && (size_t)k < cap - n ? (size_t)k : 0;
    snprintf(out + n, cap - n, "%s%s", ini, checking);
    return out;
}

static const char new_ini_rest[] =
    "# language = en\n"
    "# motion = gentle\n"
    "# music = lullaby.ogg\n"
    "# music-volume = 25%\n"
    "# hold = 1.5\n"
    "# transition = crossfade\n"
    "# transition-time = 1.2\n"
    "\n"
    "# [page 1]\n"
    "# text = The moon rises over the hill.\n"
    "# hold = 3\n";

/* A title fit for story.ini: UTF-8, one line, not too long. */
static int new_title_ok(const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n > NEW_TITLE_MAX || !utf8_valid(t, n, NULL))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)t[i] < 0x20 || t[i] == 0x7F)
            return 0;
    return 1;
}

/* Make the folder, or accept it when it exists and is empty. 0 ok. */
static int new_folder(const char *folder)
{
    char shown[ESC_NAME_MAX];   /* a name may hold any byte: shown escaped */
    if (mkdir(folder, 0777) == 0)        /* the umask narrows it: 0755 under 022 */
        return 0;
    esc_str(folder, shown, sizeof shown);
    if (errno != EEXIST) {
        fprintf(stderr, _("%1$s: error: the folder cannot be made (%2$s)\n"), shown, strerror(errno));
        return -1;
    }
    DIR *dir = opendir(folder);
    if (!dir) {
        fprintf(stderr, _("%s: error: this exists and is not a folder\n"), shown);
        return -1;
    }
    struct dirent *e;
    int used = 0;
    while (!used && (e = readdir(dir)))
        used = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(dir);
    if (used)
        fprintf(stderr, _("%s: error: this folder already has files in it; choose a new "
                "name\n"), shown);
    return used ? -1 : 0;
}

static int new_write(const char *folder, const char *name, const char *text)
{
    char path[4200];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", folder, name) >= sizeof path ||
        files_write_atomic(path, text, strlen(text)) != 0) {
        char shown[ESC_NAME_MAX];
        fprintf(stderr, _("%1$s/%2$s: error: cannot be written (%3$s)\n"),
                esc_str(folder, shown, sizeof shown), name, strerror(errno));
        return -1;
    }
    return 0;
}

static int new_ini(const char *folder, const char *raw_title)
{
    char *title = ini_quote(raw_title); /* "Moon #2" is not cut at its '#' */
    size_t cap = title ? strlen(title) + sizeof new_ini_rest + 160 : 0;
    char *ini = title ? malloc(cap) : NULL;
    if (!ini) {
        free(title);
        fputs(_("hushabye-story new: not enough memory\n"), stderr);
        return -1;
    }
    snprintf(ini, cap, "# Settings for this story; see " NEW_GUIDE_NAME ".\n"
             "# A line starting with # is a note: remove the # to use it.\n"
             "[story]\ntitle = %s\n%s", title, new_ini_rest);
    int rc = new_write(folder, "story.ini", ini);
    free(ini);
    free(title);
    return rc;
}

int cmd_new(int argc, char **argv)
{
    const char *folder = NULL, *title = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--title") == 0 && i + 1 < argc)
            title = argv[++i];
        else if (argv[i][0] != '-' && !folder)
            folder = argv[i];
        else
            folder = NULL, i = argc;
    }
    if (!folder || (title && !new_title_ok(title))) {
        fputs(_("usage: hushabye-story new FOLDER [--title T]\n"
              "       (the title is one line of text, at most 200 bytes)\n"), stderr);
        return TOOL_USAGE;
    }
    char base[1100];
    char *made = title ? NULL : story_title_from_folder(files_basename(folder, base,
                                                                         sizeof base));
    if (!title && !made)
        return TOOL_FAIL;
    char *guide = new_guide();
    int rc = guide && new_folder(folder) == 0 && new_ini(folder, title ? title : made) == 0 &&
             new_write(folder, NEW_GUIDE_NAME, guide) == 0;
    if (!guide)
        fputs(_("hushabye-story new: not enough memory\n"), stderr);
    free(guide);
    char shown[ESC_NAME_MAX];
    if (rc)
        printf(_("made %1$s: copy pictures into it named 01.png, 02.png, ...; %2$s tells how\n"),
               esc_str(folder, shown, sizeof shown), NEW_GUIDE_NAME);
    free(made);
    return rc ? TOOL_OK : TOOL_FAIL;
}
