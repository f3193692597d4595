/* quote — a file name as a shell argument a parent can paste.
 *
 * Every command a message suggests must work when pasted into a terminal,
 * whatever the folder is called ("Grandma's stories", "ночь", a name with
 * an escape character in it). Plain names are left alone; names with spaces
 * or quotes are put in single quotes; names with control characters or bytes
 * that are not UTF-8 become bash's $'...' form, with the same visible
 * escapes as every other message (escape.h), so nothing raw reaches the
 * terminal and the pasted command still names the very same file. */
#include "tool.h"

#include "escape.h"

const char *tool_shell_arg(const char *s, char *buf, size_t len)
{
    return esc_shell_arg(s, buf, len);   /* in the core, so the loader's advice can use it */
}

void tool_print_field(FILE *f, const char *label, const char *value)
{
    if (!value)
        return;
    fputs(label, f);
    esc_fputs(value, f);
    fputc('\n', f);
}
