/* hushabye-story — the parents' tool: make, check and describe story folders.
 *
 * main() only dispatches: the first argument names a subcommand in the table
 * below, and the subcommand gets the arguments after its name. Adding one is a
 * new file with a cmd_* function and one line in the table (its arguments
 * and what it does, for the help). Exit statuses are shared by all: 0 fine, 1 problems, 2 wrong usage.
 *
 * SDL is told to leave SIGINT and SIGTERM alone before any subcommand can
 * initialise it: SDL's own handlers turn them into quit events that nothing
 * here reads, so Ctrl-C or a service stop would be ignored while a long check
 * decodes. With the default actions the tool ends at once with the usual
 * signal status; saves hold the signals off only around their renames. */
#include "tool.h"

#include <SDL_filesystem.h>
#include <SDL_hints.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

#ifndef HUSHABYE_VERSION
#define HUSHABYE_VERSION "unknown"
#endif

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *args;    /* what follows the name */
    const char *what;    /* one line for the help */
} ToolCommand;

static const ToolCommand tool_commands[] = {
    { "new", cmd_new, "FOLDER [--title T]", N_("make a ready-to-fill story folder with a guide") },
    { "check", cmd_check, "[--json] FOLDER...",
      N_("report anything the player cannot use, one line a problem") },
    { "info", cmd_info, "[--json] FOLDER", N_("title, pages, narration lengths, picture sizes") },
    { "record", cmd_record, "FOLDER --page N [--seconds S]",
      N_("record a page in your voice (Enter stops)") },
    { "record", cmd_record, "--reassurance [--seconds S]", N_("record the closing words") },
    { "record", cmd_record, "FOLDER --page N --undo", N_("bring back the recording before") },
    { "import", cmd_import, "FOLDER [--page N] FILES...",
      N_("bring in recordings and photos made elsewhere") },
    { "import-book", cmd_import_book, "[--language CODE] BOOK [FOLDER]",
      N_("an EPUB or Bloom book as a story") },
    { "align", cmd_align, "FOLDER [--page N] [--force]", N_("time the words of the recordings") },
};
#define NCOMMANDS (sizeof tool_commands / sizeof tool_commands[0])

/* The commands (all, or only those named name): each one's arguments, and
 * what it does indented below, so the lines stay short on any terminal. */
static void usage_lines(FILE *f, const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const ToolCommand *c = &tool_commands[i];
        if (!name || strcmp(name, c->name) == 0)
            fprintf(f, "  %s %s\n      %s\n", c->name, c->args, _(c->what));
    }
}

static void usage(FILE *f)
{
    /* TRANSLATORS: the commands and options stay as they are. */
    fputs(_("usage: hushabye-story COMMAND [ARGS...]\n"
            "       hushabye-story COMMAND --help\n"
            "       hushabye-story --help | --version\n\ncommands:\n"), f);
    usage_lines(f, NULL);
    fputs(_("\nAn option's value may follow an equals sign (--page=3); after --, every\n"
            "argument is a file or folder, even one whose name starts with '-'.\n"
            "exit status: 0 fine, 1 problems found, 2 wrong usage\n"), f);
}

/* The subcommands read "--opt value" and names: "--opt=value" is split in
 * two, and after "--" a name that starts with '-' gets "./" before it, the
 * same file or folder, so no subcommand mistakes it for an option. Returns
 * the new argument count (args has room for twice argc). */
static int normalise_args(int argc, char **argv, char **args, char *store, size_t room)
{
    int n = 0, names_only = 0;
    size_t used = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *eq = strchr(a, '=');
        if (!names_only && strcmp(a, "--") == 0) {
            names_only = 1;
        } else if (!names_only && a[0] == '-' && a[1] == '-' && eq && used + strlen(a) + 4 < room) {
            size_t k = (size_t)(eq - a);
            memcpy(store + used, a, k);
            store[used + k] = '\0';
            args[n++] = store + used;
            used += k + 1;
            args[n++] = (char *)eq + 1;
        } else if (names_only && a[0] == '-' && used + strlen(a) + 4 < room) {
            snprintf(store + used, room - used, "./%s", a);
            args[n++] = store + used;
            used += strlen(a) + 3;
        } else {
            args[n++] = (char *)a;
        }
    }
    args[n] = NULL;
    return n;
}

/* The tool speaks the language of the environment (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG), with the catalogues found beside it as the player's. */
static void init_language(void)
{
    char *base = SDL_GetBasePath();
    i18n_init_beside(base);
    SDL_free(base);
}

int main(int argc, char **argv)
{
    init_language();
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return TOOL_OK;
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("hushabye-story %s\n", HUSHABYE_VERSION);
        return TOOL_OK;
    }
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    for (size_t i = 0; argc >= 2 && i < NCOMMANDS; i++) {
        if (strcmp(argv[1], tool_commands[i].name) != 0)
            continue;
        if (argc >= 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
            printf(_("usage:\n"));
            usage_lines(stdout, argv[1]);
            return TOOL_OK;
        }
        static char store[65536];
        char **args = calloc((size_t)argc * 2 + 1, sizeof *args);
        if (!args) {
            fputs(_("hushabye-story: out of memory\n"), stderr);
            return TOOL_FAIL;
        }
        int n = normalise_args(argc - 2, argv + 2, args, store, sizeof store);
        int rc = tool_commands[i].run(n, args);
        free(args);
        /* What was printed must have reached its reader: a script reading
         * info --json from a full disk must not take nothing for the answer. */
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, _("hushabye-story: the output could not be written (%s)\n"),
                    strerror(errno ? errno : EIO));
            return TOOL_FAIL;
        }
        return rc;
    }
    char shown[256];
    if (argc >= 2)
        fprintf(stderr, _("hushabye-story: unknown command '%s'\n"),
                esc_str(argv[1], shown, sizeof shown));
    usage(stderr);
    return TOOL_USAGE;
}
