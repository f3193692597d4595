/* test_ini — the INI reader and its value helpers, table-driven. */
#include "check.h"
#include "ini.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char log[2048];
} Log;

/* Record every callback as "kind section key=value@line;" for comparison. */
static int record(void *ud, IniKind kind, const char *section, const char *key,
                  const char *value, int line)
{
    Log *l = ud;
    size_t n = strlen(l->log);
    const char *k = kind == INI_ENTRY ? "E" : kind == INI_SECTION ? "S" : "B";
    snprintf(l->log + n, sizeof l->log - n, "%s[%s]%s=%s@%d;", k, section, key,
             value ? value : "-", line);
    return 0;
}

static int stop_at_second(void *ud, IniKind kind, const char *section, const char *key,
                          const char *value, int line)
{
    int *count = ud;
    return ++*count == 2 ? 7 : 0;
}

static void test_parse(void)
{
    static const struct { const char *in, *want, *what; } cases[] = {
        { "", "", "an empty file gives no callbacks" },
        { "a = 1\n", "E[]a=1@1;", "a key before any section has the empty section" },
        { "[Story]\nTitle = The Moon\n", "S[story]story=-@1;E[story]title=The Moon@2;",
          "section names and keys are lower-cased, values keep their case" },
        { "# c\n; c\n  \n[page 2]\n", "S[page 2]page 2=-@4;",
          "comment and blank lines are skipped and still counted" },
        { "hold = 1.5   ; seconds\n", "E[]hold=1.5@1;", "a trailing ' ; comment' is cut" },
        { "text = Hi; there ; friend\n", "E[]text=Hi; there ; friend@1;",
          "the text key keeps its ';' and everything after" },
        { "title = A;B\n", "E[]title=A;B@1;", "a ';' not preceded by a space stays" },
        { "a=1\r\nb=2\r\n", "E[]a=1@1;E[]b=2@2;", "CRLF line ends are accepted" },
        { "[story]\rtitle = Moon\r\rhold = 2\r", "S[story]story=-@1;E[story]title=Moon@2;"
          "E[story]hold=2@4;", "a CR alone ends a line too (an old Mac's file)" },
        { "a=1\r\n\r\nb=2", "E[]a=1@1;E[]b=2@3;", "CRLF blank lines count once each" },
        { "\xEF\xBB\xBFx = y\n", "E[]x=y@1;", "a byte-order mark is skipped" },
        { "just words\n", "B[]just words=-@1;", "a line without '=' is a bad line" },
        { "[open\n", "B[][open=-@1;", "an unclosed section is a bad line" },
        { " = v\n", "B[]= v=-@1;", "a key cannot be empty" },
        { "k =\n", "E[]k=@1;", "an empty value is an entry with an empty value" },
        { "k = a = b\n", "E[]k=a = b@1;", "only the first '=' splits" },
        { "k = v", "E[]k=v@1;", "the last line needs no newline" },
        { "title = \"Moon Stories #2\"\n", "E[]title=Moon Stories #2@1;",
          "a value in quotes keeps its ' #'" },
        { "licence = \"CC BY ; and more\"   ; a note\n", "E[]licence=CC BY ; and more@1;",
          "a quoted value may be followed by a comment" },
        { "title = \"The \"\"Sleepy\"\" Moon\"\n", "E[]title=The \"Sleepy\" Moon@1;",
          "a quote inside a quoted value is written twice" },
        { "title = \"Goodnight,\" said the moon\n", "E[]title=\"Goodnight,\" said the moon@1;",
          "a value that only starts with a quote is taken as written" },
        { "title = \"open\n", "E[]title=\"open@1;", "a quote never closed is taken as written" },
        { "k = ; only a note\n", "E[]k=@1;", "a value that is a comment is empty" },
        { "text = \"quoted\" words\n", "E[]text=\"quoted\" words@1;",
          "the text key keeps its quotes" },
        { "k = v\0w\n", "E[]k=v@1;", "a NUL byte ends the line's value, nothing worse" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Log l = { "" };
        size_t len = strlen(cases[i].in);
        if (i == sizeof cases / sizeof cases[0] - 1)
            len = 8;
        int rc = ini_parse(cases[i].in, len, record, &l);
        CHECK(rc == 0, "parse returns 0: %s", cases[i].what);
        CHECK_STR(l.log, cases[i].want, "%s (got %s)", cases[i].what, l.log);
    }
    int count = 0;
    CHECK(ini_parse("a=1\nb=2\nc=3\n", 12, stop_at_second, &count) == 7 && count == 2,
          "a non-zero handler return stops parsing and is returned");
}

static void test_values(void)
{
    static const struct { const char *in; int ok; double want; } secs[] = {
        { "2.5", 0, 2.5 }, { "2.5s", 0, 2.5 }, { "3 s", 0, 3 }, { " 4 ", 0, 4 },
        { ".5", 0, 0.5 }, { "0", 0, 0 }, { "2 seconds", 0, 2 }, { "-1", -1, 0 },
        { "abc", -1, 0 }, { "", -1, 0 }, { "2,5", -1, 0 }, { "inf", -1, 0 },
        { "nan", -1, 0 }, { "1e3", -1, 0 }, { "99999999999999999", -1, 0 }, { "2x", -1, 0 },
    };
    for (size_t i = 0; i < sizeof secs / sizeof secs[0]; i++) {
        double v = -7;
        int rc = ini_seconds(secs[i].in, &v);
        CHECK(rc == secs[i].ok, "ini_seconds('%s') accepts or refuses", secs[i].in);
        if (rc == 0)
            CHECK_NEAR(v, secs[i].want, 1e-9, "ini_seconds('%s') value", secs[i].in);
        else
            CHECK(v == -7, "ini_seconds('%s') leaves out untouched when refused", secs[i].in);
    }
    static const struct { const char *in; int ok; double want; } pct[] = {
        { "30%", 0, 0.30 }, { "30", 0, 0.30 }, { "100 %", 0, 1 }, { "0%", 0, 0 },
        { "101%", -1, 0 }, { "-5%", -1, 0 }, { "loud", -1, 0 }, { "30%%", -1, 0 },
    };
    for (size_t i = 0; i < sizeof pct / sizeof pct[0]; i++) {
        double v = -7;
        int rc = ini_percent(pct[i].in, &v);
        CHECK(rc == pct[i].ok, "ini_percent('%s') accepts or refuses", pct[i].in);
        if (rc == 0)
            CHECK_NEAR(v, pct[i].want, 1e-9, "ini_percent('%s') value", pct[i].in);
    }
    static const struct { const char *in; int ok, want; } bools[] = {
        { "on", 0, 1 }, { "Yes", 0, 1 }, { "TRUE", 0, 1 }, { "1", 0, 1 },
        { "off", 0, 0 }, { "no", 0, 0 }, { "false", 0, 0 }, { "0", 0, 0 },
        { "maybe", -1, 0 }, { "", -1, 0 }, { "onn", -1, 0 },
    };
    for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++) {
        int v = -7;
        int rc = ini_bool(bools[i].in, &v);
        CHECK(rc == bools[i].ok, "ini_bool('%s') accepts or refuses", bools[i].in);
        if (rc == 0)
            CHECK(v == bools[i].want, "ini_bool('%s') value", bools[i].in);
    }
    double v = 0;
    CHECK(ini_decimal("0.62", &v) == 0 && v > 0.619 && v < 0.621, "ini_decimal reads 0.62");
    CHECK(ini_decimal("1s", &v) != 0, "ini_decimal refuses a unit");
}

/* Whatever a book's title or licence holds, ini_quote writes it so that it
 * is read back the same. */
static int read_back(void *ud, IniKind kind, const char *section, const char *key,
                     const char *value, int line)
{
    (void)section, (void)key, (void)line;
    if (kind == INI_ENTRY)
        snprintf(ud, 256, "%s", value);
    return 0;
}

static void test_quote(void)
{
    static const char *const values[] = {
        "The Sleepy Moon", "Moon Stories #2", "Text CC BY 4.0 ; pictures CC BY-SA 4.0",
        "#1 Bedtime", "; odd", "\"Goodnight,\" said the moon", "The \"Sleepy\" Moon",
        " spaces at both ends ", "A;B#C", "\"", "x\t#tab", "ends with a quote\"",
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char *q = ini_quote(values[i]), line[300], got[256] = "(nothing)";
        snprintf(line, sizeof line, "title = %s\n", q ? q : "");
        ini_parse(line, strlen(line), read_back, got);
        CHECK_STR(got, values[i], "'%s' is written as %s and read back whole", values[i], q);
        free(q);
    }
    char *q = ini_quote("two\nlines");
    CHECK_STR(q, "two lines", "a line break is a space (a value is one line)");
    free(q);
    q = ini_quote("Words: Ana. Pictures: Bo");
    CHECK_STR(q, "Words: Ana. Pictures: Bo", "an ordinary value is written as it is");
    free(q);
}

int main(void)
{
    test_parse();
    test_quote();
    test_values();
    CHECK_DONE();
}
