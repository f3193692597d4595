/* test_i18n — the interface's language: chosen from the setting and the
 * environment, spoken from the real catalogues the build made (TEST_LOCALE),
 * changed at once, and its digits. */
#include <stdlib.h>

#include "check.h"
#include "i18n.h"
#include "settings.h"

static void test_pick(void)
{
    static const struct {
        const char *setting, *language, *lc_all, *lc_messages, *lang, *want, *why;
    } cases[] = {
        { "fr", "de", "es_ES.UTF-8", NULL, "pt_BR", "fr", "the family's setting wins" },
        { "", "de:fr", "es_ES.UTF-8", NULL, NULL, "de:fr", "then LANGUAGE, as a list" },
        { "", "", "es_ES.UTF-8", "ru_RU", "pt", "es_ES", "then LC_ALL, without its codeset" },
        { NULL, NULL, NULL, "ru_RU.UTF-8@latin", "pt", "ru_RU", "then LC_MESSAGES" },
        { NULL, NULL, NULL, NULL, "zh_CN.UTF-8", "zh_CN", "then LANG" },
        { NULL, NULL, NULL, NULL, NULL, "en", "nothing set is English" },
        { NULL, NULL, "C", NULL, "fr_FR", "en", "LC_ALL=C is English" },
        { NULL, NULL, NULL, NULL, "POSIX", "en", "POSIX is English" },
        { NULL, NULL, "C.UTF-8", NULL, NULL, "en", "C.UTF-8 is English" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[I18N_LANG_MAX];
        i18n_pick(cases[i].setting, cases[i].language, cases[i].lc_all, cases[i].lc_messages,
                  cases[i].lang, out, sizeof out);
        CHECK_STR(out, cases[i].want, "%s: '%s'", cases[i].why, out);
    }
}

static void test_tags(void)
{
    CHECK(i18n_tag_ok("") && i18n_tag_ok("fr") && i18n_tag_ok("zh_CN") && i18n_tag_ok("pt-BR"),
          "empty, fr, zh_CN and pt-BR may be set");
    CHECK(!i18n_tag_ok("../fr") && !i18n_tag_ok("fr/x") && !i18n_tag_ok("1fr") &&
              !i18n_tag_ok("averyveryverylongtag") && !i18n_tag_ok("fr fr"),
          "a path, a leading digit, a long word or a space is no language");
}

static void test_digits(void)
{
    char d[8];
    i18n_digit("ar", 3, d, sizeof d);
    CHECK_STR(d, "\u0663", "Arabic writes three as ARABIC-INDIC DIGIT THREE");
    i18n_digit("ar_MA", 3, d, sizeof d);
    CHECK_STR(d, "3", "Moroccan Arabic writes Latin digits");
    i18n_digit("fa", 5, d, sizeof d);
    CHECK_STR(d, "\u06f5", "Persian writes the extended Arabic-Indic digits");
    i18n_digit("bn", 1, d, sizeof d);
    CHECK_STR(d, "\u09e7", "Bengali writes Bengali digits");
    i18n_digit("hi", 4, d, sizeof d);
    CHECK_STR(d, "4", "Hindi screens write Latin digits (CLDR's default)");
    i18n_digit("fr", 2, d, sizeof d);
    CHECK_STR(d, "2", "French writes Latin digits");
    i18n_digit(NULL, 12, d, sizeof d);
    CHECK_STR(d, "9", "no language and a digit out of range stay safe");
}

static void test_catalogues(void)
{
    char dir[1024];
    setenv("HUSHABYE_LOCALEDIR", TEST_LOCALE, 1);
    CHECK(i18n_find_localedir(NULL, dir, sizeof dir) == 0, "the build's catalogues are found");
    CHECK_STR(dir, TEST_LOCALE, "... in the build folder's locale/");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    setenv("LANGUAGE", "en", 1);
    i18n_init(dir, "fr");
    CHECK_STR(i18n_language(), "fr", "the setting fr speaks French over LANGUAGE=en");
    CHECK_STR(_("Goodnight"), "Bonne nuit", "the shelf's Goodnight is French");
    CHECK_STR(C_("gate", "three"), "trois", "a word with a context is found in its context");
    CHECK_STR(ngettext("%g second", "%g seconds", 1), "%g seconde", "French singular");
    CHECK_STR(ngettext("%g second", "%g seconds", 2), "%g secondes", "French plural");
    CHECK_STR(i18n_set_language(""), "en", "back to the system's (LANGUAGE=en): English");
    CHECK_STR(_("Goodnight"), "Goodnight", "... at once");
    CHECK_STR(i18n_set_language("fr_CA"), "fr", "fr_CA finds the French catalogue");
    CHECK_STR(_("Back"), "Retour", "... and speaks French");
    CHECK_STR(i18n_set_language("xx"), "en", "a language with no catalogue is English");
    CHECK_STR(_("Back"), "Back", "... in the words");
    i18n_set_language("fr");
    CHECK_STR(i18n_set_language(""), "en",
              "the system's is the environment's LANGUAGE=en, not the choice before");
    const char *codes[I18N_MAX_LANGS];
    int n = i18n_languages(codes, I18N_MAX_LANGS), has_fr = 0;
    for (int i = 0; i < n; i++)
        has_fr |= !strcmp(codes[i], "fr");
    CHECK(n >= 2 && !strcmp(codes[0], "en") && has_fr, "the menu offers English first, and French");
    CHECK_STR(i18n_next_language(""), "en", "after the system's comes English");
    CHECK_STR(i18n_next_language(codes[n - 1]), "", "after the last, the system's again");
    CHECK_STR(i18n_endonym("fr"), "Français", "French is named in French");
    CHECK_STR(i18n_endonym("ar"), "العربية", "Arabic is named in Arabic");
    CHECK_STR(i18n_endonym("tlh"), "tlh", "an unknown language shows its code");
}

/* settings.ini's `language =`: read, refused when it is not a tag, written
 * back, stepped through in the menu, and labelled in the language. */
static void test_setting(void)
{
    Settings s;
    Diags d = { 0 };
    settings_defaults(&s);
    CHECK_STR(s.language, "", "by default the interface speaks the system's language");
    const char *ini = "[hushabye]\nlanguage = fr\n";
    settings_parse(&s, "settings.ini", ini, strlen(ini), &d);
    CHECK(d.n == 0 && !strcmp(s.language, "fr"), "language = fr is read");
    ini = "language = ../../etc\n";
    settings_parse(&s, "settings.ini", ini, strlen(ini), &d);
    CHECK(d.n == 1 && d.items[0].line == 1 && !strcmp(s.language, "fr"),
          "a path is no language: a warning with its line, the setting kept");
    char *out = NULL;
    size_t len = 0;
    const char *old = "[hushabye]\nvolume = 80%\n";
    CHECK(settings_render(old, strlen(old), &s, &out, &len) == 0 && out &&
              strstr(out, "language = fr\n"),
          "the language chosen is written to settings.ini");
    free(out);
    i18n_init(TEST_LOCALE, s.language);
    char label[256];
    settings_label(&s, SETTING_LANGUAGE, label, sizeof label);
    CHECK_STR(label, "Langue : Français", "the menu names it in French, the language by its own name");
    CHECK(settings_in_menu(SETTING_LANGUAGE), "the parents' menu offers the language");
    const char *codes[I18N_MAX_LANGS];
    int n = i18n_languages(codes, I18N_MAX_LANGS);
    snprintf(s.language, sizeof s.language, "%s", "");
    for (int i = 0; i < n; i++) {
        settings_cycle(&s, SETTING_LANGUAGE);
        CHECK_STR(s.language, codes[i], "the menu steps to the next language, %s", codes[i]);
    }
    settings_cycle(&s, SETTING_LANGUAGE);
    CHECK_STR(s.language, "", "after the last language comes the system's again");
    i18n_set_language("");
    settings_defaults(&s);
    settings_label(&s, SETTING_LANGUAGE, label, sizeof label);
    CHECK_STR(label, "Language: the system's (English)", "the system's, named as what it is now");
    diag_free(&d);
}

int main(void)
{
    test_pick();
    test_tags();
    test_digits();
    test_catalogues();
    test_setting();
    CHECK_DONE();
}
