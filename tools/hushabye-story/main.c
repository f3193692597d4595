/* hushabye-story — the parents' tool: make, check and describe story folders.
 *
 * main() only dispatches: the first argument names a subcommand in the table
 * below, and the subcommand gets the arguments after its name. Adding one is a
 * new file with a cmd_* function and one line in the table (plus its usage
 * lines). Exit statuses are shared by all: 0 fine, 1 problems, 2 wrong usage.
 *
 * SDL is told to leave SIGINT and SIGTERM alone before any subcommand can
 * initialise it: SDL's own handlers turn them into quit events that nothing
 * here reads, so Ctrl-C or a service stop would be ignored while a long check
 * decodes. With the default actions the tool ends at once with the usual
 * signal status; saves hold the signals off only around their renames. */
#include "tool.h"

#include <SDL_hints.h>
#include <string.h>

#include "escape.h"

#ifndef HUSHABYE_VERSION
#define HUSHABYE_VERSION "unknown"
#endif

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;   /* lines for the help, already indented */
} ToolCommand;

static const ToolCommand tool_commands[] = {
    { "new", cmd_new,
      "new FOLDER [--title T]     make a ready-to-fill story folder with a guide inside\n" },
    { "check", cmd_check,
      "check [--json] FOLDER...   report anything the player cannot use, one line per\n"
      "                           problem: folder/file:line: level: message\n" },
    { "info", cmd_info,
      "info [--json] FOLDER       title, pages, narration lengths and picture sizes\n" },
    { "record", cmd_record,
      "record FOLDER --page N [--seconds S]   record a page in your voice (Enter stops)\n"
      "record --reassurance [--seconds S]     record the closing words\n" },
    { "import", cmd_import,
      "import FOLDER FILES...     bring in recordings made elsewhere (phone, computer)\n" },
    { "import-book", cmd_import_book, "import-book [--language CODE] BOOK [FOLDER]   an EPUB or Bloom book as a story\n" },
    { "align", cmd_align, "align FOLDER [--page N] [--force]   time the words of the recordings\n" },
};

static void usage(FILE *f)
{
    fputs("usage: hushabye-story COMMAND [ARGS...]\n"
          "       hushabye-story --help | --version\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof tool_commands / sizeof tool_commands[0]; i++)
        fprintf(f, "  %s", tool_commands[i].usage);
    fputs("\nexit status: 0 fine, 1 problems found, 2 wrong usage\n", f);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return TOOL_OK;
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("hushabye-story %s\n", HUSHABYE_VERSION);
        return TOOL_OK;
    }
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    for (size_t i = 0; argc >= 2 && i < sizeof tool_commands / sizeof tool_commands[0]; i++)
        if (strcmp(argv[1], tool_commands[i].name) == 0) {
            int rc = tool_commands[i].run(argc - 2, argv + 2);
            fflush(stdout);
            return rc;
        }
    char shown[256];
    if (argc >= 2)
        fprintf(stderr, "hushabye-story: unknown command '%s'\n",
                esc_str(argv[1], shown, sizeof shown));
    usage(stderr);
    return TOOL_USAGE;
}
