/* test_lang — language tags and locale names read into script, direction and
 * line-breaking rules, from a table of the tags stories and systems use, plus
 * hostile text that must read as no language. */
#include "check.h"
#include "lang.h"

typedef struct TagCase {
    const char *tag;
    const char *script;
    int rtl;
    LangBreak breaks;
    const char *bcp47;
    const char *what;
} TagCase;

static const TagCase tag_cases[] = {
    {"ar", "Arab", 1, LANG_BREAK_SPACES, "ar", "Arabic is Arabic script, right to left"},
    {"he-IL", "Hebr", 1, LANG_BREAK_SPACES, "he-IL", "Hebrew of Israel is right to left"},
    {"iw", "Hebr", 1, LANG_BREAK_SPACES, "iw", "the old code for Hebrew still reads as Hebrew"},
    {"fa", "Arab", 1, LANG_BREAK_SPACES, "fa", "Persian is written in Arabic script"},
    {"ur", "Arab", 1, LANG_BREAK_SPACES, "ur", "Urdu is written in Arabic script"},
    {"yi", "Hebr", 1, LANG_BREAK_SPACES, "yi", "Yiddish is written in Hebrew script"},
    {"dv", "Thaa", 1, LANG_BREAK_SPACES, "dv", "Dhivehi's Thaana runs right to left"},
    {"hi", "Deva", 0, LANG_BREAK_SPACES, "hi", "Hindi is Devanagari, left to right"},
    {"mr-IN", "Deva", 0, LANG_BREAK_SPACES, "mr-IN", "Marathi is Devanagari"},
    {"bn", "Beng", 0, LANG_BREAK_SPACES, "bn", "Bengali is Bengali script"},
    {"as", "Beng", 0, LANG_BREAK_SPACES, "as", "Assamese is written in Bengali script"},
    {"th", "Thai", 0, LANG_BREAK_DICTIONARY, "th", "Thai breaks by dictionary"},
    {"lo", "Laoo", 0, LANG_BREAK_DICTIONARY, "lo", "Lao breaks by dictionary"},
    {"zh-Hans", "Hans", 0, LANG_BREAK_IDEOGRAPHS, "zh-Hans", "simplified Chinese breaks between ideographs"},
    {"zh_CN.UTF-8", "Hans", 0, LANG_BREAK_IDEOGRAPHS, "zh-CN", "a Chinese locale name is simplified Chinese"},
    {"zh_TW.UTF-8", "Hant", 0, LANG_BREAK_IDEOGRAPHS, "zh-TW", "Chinese of Taiwan is traditional"},
    {"zh-Hant-HK", "Hant", 0, LANG_BREAK_IDEOGRAPHS, "zh-Hant-HK", "an explicit script is kept"},
    {"zh", "Hans", 0, LANG_BREAK_IDEOGRAPHS, "zh", "plain Chinese is simplified"},
    {"ja", "Jpan", 0, LANG_BREAK_IDEOGRAPHS, "ja", "Japanese breaks between ideographs"},
    {"pt_BR", "Latn", 0, LANG_BREAK_SPACES, "pt-BR", "Brazilian Portuguese locale is Latin"},
    {"en", "Latn", 0, LANG_BREAK_SPACES, "en", "English is Latin"},
    {"EN-gb", "Latn", 0, LANG_BREAK_SPACES, "en-GB", "case is normalised"},
    {"es-419", "Latn", 0, LANG_BREAK_SPACES, "es-419", "a numeric region is a region"},
    {"ru_RU.KOI8-R", "Cyrl", 0, LANG_BREAK_SPACES, "ru-RU", "Russian is Cyrillic, codeset ignored"},
    {"sr", "Cyrl", 0, LANG_BREAK_SPACES, "sr", "Serbian is Cyrillic by default"},
    {"sr-Latn", "Latn", 0, LANG_BREAK_SPACES, "sr-Latn", "Serbian in Latin when the tag says so"},
    {"sr_RS@latin", "Latn", 0, LANG_BREAK_SPACES, "sr-Latn-RS", "a locale's @latin modifier is a script"},
    {"az-Arab", "Arab", 1, LANG_BREAK_SPACES, "az-Arab", "direction follows an explicit script"},
    {"pa-PK", "Arab", 1, LANG_BREAK_SPACES, "pa-PK", "Punjabi of Pakistan is Shahmukhi, right to left"},
    {"pa", "Guru", 0, LANG_BREAK_SPACES, "pa", "Punjabi is Gurmukhi by default"},
    {"ckb", "Arab", 1, LANG_BREAK_SPACES, "ckb", "Central Kurdish is Arabic script"},
    {"ku", "Latn", 0, LANG_BREAK_SPACES, "ku", "Kurmanji is Latin, left to right"},
    {"sw", "Latn", 0, LANG_BREAK_SPACES, "sw", "Swahili (not in the table) is Latin"},
    {"el", "Grek", 0, LANG_BREAK_SPACES, "el", "Greek is Greek script"},
    {"de-DE-1996", "Latn", 0, LANG_BREAK_SPACES, "de-DE", "a variant is ignored"},
    {"ar-u-nu-latn", "Arab", 1, LANG_BREAK_SPACES, "ar", "an extension is ignored"},
    {"zh-yue-HK", "Hant", 0, LANG_BREAK_IDEOGRAPHS, "zh-HK", "an extended language subtag is skipped (Chinese of Hong Kong is traditional)"},
    {"C", "Latn", 0, LANG_BREAK_SPACES, "", "the C locale is no language"},
    {"C.UTF-8", "Latn", 0, LANG_BREAK_SPACES, "", "C.UTF-8 is no language"},
    {"POSIX", "Latn", 0, LANG_BREAK_SPACES, "", "POSIX is no language"},
    {"", "Latn", 0, LANG_BREAK_SPACES, "", "an empty tag is no language"},
};

static const struct {
    const char *tag;
    const char *what;
} bad_tags[] = {
    {"a", "a one-letter language is not a tag"},
    {"abcdefghi", "a nine-letter language is not a tag"},
    {"ar-", "a trailing separator is not a tag"},
    {"-ar", "a leading separator is not a tag"},
    {"ar--EG", "an empty subtag is not a tag"},
    {"ar EG", "a space is not part of a tag"},
    {"\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A", "the word Arabic in Arabic letters is not a tag"},
    {"12", "digits are not a language"},
    {"ar\n", "a newline is not part of a tag"},
};

int main(void)
{
    for (size_t i = 0; i < sizeof tag_cases / sizeof tag_cases[0]; i++) {
        const TagCase *c = &tag_cases[i];
        LangInfo info;
        int rc = lang_parse(c->tag, &info);
        CHECK(rc == 0, "%s: '%s' is read", c->what, c->tag);
        CHECK_STR(info.script, c->script, "%s: '%s' has script %s (got %s)", c->what, c->tag,
                  c->script, info.script);
        CHECK(info.rtl == c->rtl, "%s: '%s' direction", c->what, c->tag);
        CHECK(info.breaks == c->breaks, "%s: '%s' line-breaking rules", c->what, c->tag);
        CHECK_STR(info.bcp47, c->bcp47, "%s: '%s' in BCP 47 is %s (got %s)", c->what, c->tag,
                  c->bcp47, info.bcp47);
        CHECK(lang_is_rtl(c->tag) == c->rtl, "%s: lang_is_rtl('%s')", c->what, c->tag);
        char script[5];
        CHECK_STR(lang_script(c->tag, script), c->script, "%s: lang_script('%s')", c->what,
                  c->tag);
    }
    LangInfo info;
    CHECK(lang_parse(NULL, &info) == 0 && info.rtl == 0 && strcmp(info.script, "Latn") == 0 &&
              info.lang[0] == '\0',
          "a NULL tag is no language, Latin, left to right");
    for (size_t i = 0; i < sizeof bad_tags / sizeof bad_tags[0]; i++) {
        int rc = lang_parse(bad_tags[i].tag, &info);
        CHECK(rc == -1, "%s ('%s' is refused)", bad_tags[i].what, bad_tags[i].tag);
        CHECK(info.lang[0] == '\0' && strcmp(info.script, "Latn") == 0 && !info.rtl &&
                  info.bcp47[0] == '\0',
              "%s: a refused tag leaves no language, Latin, left to right", bad_tags[i].what);
    }
    char longtag[400];
    memset(longtag, 'a', sizeof longtag - 1);
    longtag[sizeof longtag - 1] = '\0';
    CHECK(lang_parse(longtag, &info) == -1, "a 399-letter tag is refused, not read past");
    CHECK(lang_script_is_rtl("arab") && lang_script_is_rtl("HEBR") && lang_script_is_rtl("Adlm"),
          "script codes in any case are known right to left");
    CHECK(!lang_script_is_rtl("Latn") && !lang_script_is_rtl("Ara") && !lang_script_is_rtl("Arabx") &&
              !lang_script_is_rtl(NULL),
          "Latin, partial codes, longer codes and NULL are not right to left");
    CHECK(lang_script_breaks("thai") == LANG_BREAK_DICTIONARY &&
              lang_script_breaks("Hani") == LANG_BREAK_IDEOGRAPHS &&
              lang_script_breaks("Deva") == LANG_BREAK_SPACES && lang_script_breaks(NULL) == LANG_BREAK_SPACES,
          "each script's line-breaking rules: Thai by dictionary, Han between ideographs, Devanagari at spaces");
    CHECK_DONE();
}
