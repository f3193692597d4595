/* test_diag — diagnostics formatted for a person, and a story's many problems
 * printed as its first few and a count of the rest (diag_print_capped). */
#include "check.h"
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What diag_print_capped writes, into buf; returns what it returned. */
static int capped(const Diags *d, int from, int max, const char *where, const char *folder,
                  char *buf, size_t len)
{
    FILE *f = tmpfile();
    if (!f)
        return -1;
    int more = diag_print_capped(d, from, max, where, folder, f, "hushabye: ");
    rewind(f);
    size_t n = fread(buf, 1, len - 1, f);
    buf[n] = '\0';
    fclose(f);
    return more;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* A folder of many misnamed files, the folder's own error last. */
static void many(Diags *d, int files)
{
    char path[64];
    for (int i = 1; i <= files; i++) {
        snprintf(path, sizeof path, "many/%05d.txt", i);
        diag_add(d, DIAG_ERROR, path, 0, "page numbers have 1 to 3 digits");
    }
    diag_add(d, DIAG_ERROR, "many", 0, "this story has no pages");
}

static void test_capped(void)
{
    static char out[1 << 16];
    Diags d = { 0 };
    diag_add(&d, DIAG_WARNING, "settings.ini", 2, "before the story");
    many(&d, 10000);
    int more = capped(&d, 1, 20, "many", "/tmp/x/many", out, sizeof out);
    CHECK(more == 9980, "10000 problems with 20 shown leave 9980 (%d)", more);
    CHECK(count_lines(out) == 22, "20 lines, the folder's own and the count (%d lines)",
          count_lines(out));
    CHECK(strstr(out, "hushabye: many/00001.txt: error: page numbers") == out,
          "the first problem comes first, as diag_print writes it");
    CHECK(strstr(out, "many/00020.txt") && !strstr(out, "many/00021.txt"),
          "the 20th is shown and the 21st is not");
    CHECK(!strstr(out, "settings.ini"), "what came before from is not printed again");
    CHECK(strstr(out, "hushabye: many: error: this story has no pages\n") != NULL,
          "a problem of the folder itself is shown past the cap");
    CHECK(strstr(out, "hushabye: many: \xE2\x80\xA6 and 9980 more problems in many "
                      "(hushabye-story check /tmp/x/many tells them all)\n") != NULL,
          "the last line counts the rest and names the folder to check");
    CHECK(d.n == 10002, "every problem is still recorded (%d)", d.n);
    diag_free(&d);
}

static void test_few(void)
{
    char out[4096], expect[4096] = "";
    Diags d = { 0 };
    many(&d, 3);
    int more = capped(&d, 0, 20, "many", "many", out, sizeof out);
    FILE *f = tmpfile();
    if (f) {
        diag_print(&d, f, "hushabye: ");
        rewind(f);
        expect[fread(expect, 1, sizeof expect - 1, f)] = '\0';
        fclose(f);
    }
    CHECK(more == 0 && strcmp(out, expect) == 0,
          "a few problems are printed as diag_print prints them, and no count");
    more = capped(&d, 0, 2, "many", "many", out, sizeof out);
    CHECK(more == 1 && strstr(out, "and 1 more problem in many (") != NULL,
          "one left over is said in the singular");
    more = capped(&d, 4, 20, "many", "many", out, sizeof out);
    CHECK(more == 0 && out[0] == '\0', "nothing past the end is printed");
    diag_free(&d);
}

/* The folder's name and path come from anywhere: escaped in the count line. */
static void test_hostile_folder(void)
{
    char out[8192];
    Diags d = { 0 };
    const char *name = "evil\x1b[2J";
    for (int i = 0; i < 3; i++)
        diag_add(&d, DIAG_WARNING, "evil\x1b[2J/x.txt", 0, "not used");
    int more = capped(&d, 0, 1, name, "/tmp/evil\x1b[2J", out, sizeof out);
    CHECK(more == 2, "two left over (%d)", more);
    CHECK(strchr(out, '\x1b') == NULL, "no escape character reaches the terminal");
    CHECK(strstr(out, "evil\\e[2J: \xE2\x80\xA6 and 2 more") != NULL,
          "the folder's name is shown with its escape made visible");
    diag_free(&d);
}

int main(void)
{
    test_capped();
    test_few();
    test_hostile_folder();
    CHECK_DONE();
}
