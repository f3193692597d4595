/* Tests for book: the pure rules (names, SMIL clock values, references,
 * decorations, timestamps, slugs, tidy words) held to their examples, and
 * whole books made in memory with libarchive's zip writer: the page split of
 * a reflowable EPUB, a fixed layout with a media overlay timed to the sample,
 * a Bloom book in two languages, and hostile zips refused with their reason. */
#include "book.h"
#include "check.h"
#include "wav.h"

#include <archive.h>
#include <archive_entry.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_clock(void)
{
    static const struct { const char *s; double v; } good[] = {
        { "npt=1.5s", 1.5 }, { "0:00:01.500", 1.5 }, { "1.5s", 1.5 }, { "1500ms", 1.5 },
        { "01:02.5", 62.5 }, { "2min", 120 }, { "0.5h", 1800 }, { "3", 3 },
        { "1:00:00", 3600 }, { " 4.25s", 4.25 }, { "0:00:02,000", 2 }, { "4.0 s", 4 },
        { "6sec", 6 }, { "250 msec", 0.25 }, { "1,5s", 1.5 },
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        double v = -1;
        CHECK(book_clock(good[i].s, &v) == 0 && fabs(v - good[i].v) < 1e-9,
              "'%s' is %g seconds (got %g)", good[i].s, good[i].v, v);
    }
    static const char *const bad[] = { "", "s", "-1s", "1.5x", "1:75", "abc", "1..5s",
                                       "1:2:3:4", "1,s", ",5s", "1 s s", "5 seconds ago",
                                       "2ss", NULL };
    for (int i = 0; bad[i]; i++) {
        double v;
        CHECK(book_clock(bad[i], &v) != 0, "'%s' is not a clock value", bad[i]);
    }
}

static void test_names(void)
{
    static const char *const ok[] = { "OEBPS/content.opf", "a/b c/d.png", "..x/y", "x..", NULL };
    static const char *const bad[] = { "../x", "a/../../x", "/etc/passwd", "a\\b", "C:x",
                                       "a/\x1b[2Jx", "..", "", NULL };
    for (int i = 0; ok[i]; i++)
        CHECK(book_name_ok(ok[i], strlen(ok[i])), "'%s' is a name inside the book", ok[i]);
    for (int i = 0; bad[i]; i++)
        CHECK(!book_name_ok(bad[i], strlen(bad[i])), "entry name %d leads outside or is odd", i);
    CHECK(!book_name_ok("a\0b", 3), "a name with a NUL is refused");
}

static void test_resolve(void)
{
    static const struct { const char *base, *href, *want, *frag; } t[] = {
        { "OEBPS/text/p1.xhtml", "../images/owl%201.png", "OEBPS/images/owl 1.png", NULL },
        { "OEBPS/text/p1.xhtml", "p2.xhtml#w3", "OEBPS/text/p2.xhtml", "w3" },
        { "book.htm", "./audio/s1.mp3", "audio/s1.mp3", NULL },
        { "OEBPS/smil/p.smil", "../p1.xhtml#par", "OEBPS/p1.xhtml", "par" },
        { "OEBPS/p1.xhtml", " img/spaced.png\t", "OEBPS/img/spaced.png", NULL },
        { "OEBPS/p1.xhtml", "img/p.png?v=2", "OEBPS/img/p.png", NULL },
        { "OEBPS/p1.xhtml", "p2.xhtml?x=1#w4 ", "OEBPS/p2.xhtml", "w4" },
        { "OEBPS/p1.xhtml", "what%3F.png", "OEBPS/what?.png", NULL },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char *frag = NULL;
        char *got = book_resolve(t[i].base, t[i].href, &frag);
        CHECK_STR(got, t[i].want, "'%s' from '%s' is '%s'", t[i].href, t[i].base, t[i].want);
        CHECK(t[i].frag ? frag && strcmp(frag, t[i].frag) == 0 : frag == NULL,
              "the fragment of '%s' is kept apart", t[i].href);
        free(got), free(frag);
    }
    static const char *const out[] = { "../../x.png", "/etc/passwd", "http://x/y.png",
                                       "file:///etc/passwd", "data:image/png;base64,AA", NULL };
    for (int i = 0; out[i]; i++) {
        char *got = book_resolve("OEBPS/p1.xhtml", out[i], NULL);
        CHECK(got == NULL, "'%s' names nothing inside the book", out[i]);
        free(got);
    }
}

static void test_small_rules(void)
{
    CHECK(book_is_decoration("img/star.png", 16, 16, 1, 10), "a 16x16 picture is a decoration");
    CHECK(book_is_decoration("img/Publisher_Logo.jpg", 400, 200, 1, 10),
          "a picture named as a logo is left out");
    CHECK(book_is_decoration("img/border.png", 400, 60, 8, 10),
          "a picture on 8 of 10 pages is a decoration");
    CHECK(!book_is_decoration("img/owl.png", 400, 300, 1, 10), "a page's picture is kept");
    CHECK(!book_is_decoration("img/owl.png", 400, 300, 2, 2),
          "the same picture on both pages of a two-page book is kept");
    char buf[32];
    book_vtt_time(3723.4567, buf);
    CHECK_STR(buf, "01:02:03.457", "3723.4567 s is 01:02:03.457");
    book_vtt_time(-1, buf);
    CHECK_STR(buf, "00:00:00.000", "a negative time is shown as zero");
    char slug[64];
    CHECK_STR(book_slug("The Sleepy Owl!", slug, sizeof slug), "the-sleepy-owl",
              "a title becomes a folder name");
    CHECK_STR(book_slug("Ĉiu ŝafo", slug, sizeof slug), "iu-afo",
              "letters outside ASCII are left out of a folder name");
    CHECK_STR(book_slug("", slug, sizeof slug), "book", "an empty title gives 'book'");
    char t[] = "  The owl \t yawns.\n\n\n  Her  eyes.\x01 \n";
    book_tidy_text(t);
    CHECK_STR(t, "The owl yawns.\nHer eyes.", "white space is tidied, paragraphs kept");
    char u[] = "\xff Owl\xc2\x85 \x1b[1m\xe2\x82 sleeps \xc3\xa9t\xc3\xa9 \xef\xbf\xbd.";
    book_tidy_text(u);
    CHECK_STR(u, "Owl [1m sleeps \xc3\xa9t\xc3\xa9 \xef\xbf\xbd.",
              "bytes of no UTF-8, a cut sequence, C1 (U+0085) and ESC are dropped; real "
              "letters and U+FFFD kept");
}

/* ---- books made in memory */

typedef struct {
    struct archive *a;
    unsigned char *buf;
    size_t cap, used;
} Zip;

static void zip_open(Zip *z)
{
    z->cap = 64u * 1024u * 1024u;
    z->buf = malloc(z->cap);
    z->a = archive_write_new();
    archive_write_set_format_zip(z->a);
    archive_write_open_memory(z->a, z->buf, z->cap, &z->used);
}

static void zip_add(Zip *z, const char *name, const void *data, size_t len)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)len);
    archive_write_header(z->a, e);
    archive_write_data(z->a, data, len);
    archive_entry_free(e);
}

static void zip_str(Zip *z, const char *name, const char *s)
{
    zip_add(z, name, s, strlen(s));
}

static void zip_close(Zip *z)
{
    archive_write_close(z->a);
    archive_write_free(z->a);
}

/* A PNG header that claims w x h (probe reads no further). */
static void zip_png(Zip *z, const char *name, int w, int h)
{
    unsigned char p[33] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                            'I', 'H', 'D', 'R' };
    for (int i = 0; i < 4; i++)
        p[16 + i] = (unsigned char)(w >> (24 - 8 * i)), p[20 + i] = (unsigned char)(h >> (24 - 8 * i));
    p[24] = 8, p[25] = 6;
    zip_add(z, name, p, sizeof p);
}

static const char *const CONTAINER =
    "<?xml version=\"1.0\"?><container version=\"1.0\" "
    "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>"
    "<rootfile full-path=\"OEBPS/content.opf\" "
    "media-type=\"application/oebps-package+xml\"/></rootfiles></container>";

/* 1 s of a 100 Hz sawtooth at 8 kHz, as a WAV (malloc'ed): a narration with
 * sound in every block. */
static void saw_wav(unsigned char **wav, size_t *len)
{
    int16_t s[8000];
    for (int i = 0; i < 8000; i++)
        s[i] = (int16_t)(i % 80 * 300 - 12000);
    wav_write(s, 8000, 8000, 1, wav, len);
}

/* Open z as an EPUB 3 of one document, OEBPS/a.xhtml, told by the media
 * overlay OEBPS/a.smil; the test adds those two and what they name. */
static void overlay_book(Zip *z)
{
    zip_open(z);
    zip_str(z, "META-INF/container.xml", CONTAINER);
    zip_str(z, "OEBPS/content.opf",
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata/><manifest>"
        "<item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\" media-overlay=\"m\"/>"
        "<item id=\"m\" href=\"a.smil\" media-type=\"application/smil+xml\"/></manifest>"
        "<spine><itemref idref=\"a\"/></spine></package>");
}

static int import(Zip *z, const char *lang, Book *b, char *why)
{
    BookOptions o = { .language = lang };
    int rc = book_import(z->buf, z->used, &o, b, why);
    for (int i = 0; rc == 0 && i < b->npages; i++)   /* as the pages are written */
        book_narrate(b, i);
    return rc;
}

static void test_reflow(void)
{
    Zip z;
    zip_open(&z);
    zip_str(&z, "META-INF/container.xml", CONTAINER);
    zip_str(&z, "OEBPS/content.opf",
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\"><metadata "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:opf=\"http://www.idpf.org/2007/opf\">"
        "<dc:title>Owl</dc:title><dc:language>en</dc:language>"
        "<dc:creator opf:role=\"aut\">Ana</dc:creator><dc:creator opf:role=\"ill\">Ben</dc:creator>"
        "<dc:contributor opf:role=\"bkp\">calibre (5.37.0) [https://calibre-ebook.com]"
        "</dc:contributor>"
        "<dc:rights>CC BY 4.0</dc:rights><meta name=\"cover\" content=\"cv\"/></metadata>"
        "<manifest><item id=\"cv\" href=\"i/cover.png\" media-type=\"image/png\"/>"
        "<item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
        "<spine><itemref idref=\"a\"/></spine></package>");
    /* Not well-formed (an unclosed <br>): read by the HTML parser instead. */
    zip_str(&z, "OEBPS/a.xhtml",
        "<html><body><img src=\"i/cover.png\"/><p>Title words.</p><img src=\"i/p1.png\"/>"
        "<p>One.</p><p>Two<br>lines.</p><img src=\"i/dot.png\"/><img src=\"i/p2.png\"/>"
        "<p>Three.</p><img src=\"i/huge.png\"/><p>Four.</p></body></html>");
    zip_png(&z, "OEBPS/i/cover.png", 300, 300);
    zip_png(&z, "OEBPS/i/p1.png", 320, 240);
    zip_png(&z, "OEBPS/i/p2.png", 320, 240);
    zip_png(&z, "OEBPS/i/dot.png", 8, 8);
    zip_png(&z, "OEBPS/i/huge.png", 100000, 100000);
    zip_close(&z);
    Book b;
    char why[BOOK_WHY];
    int rc = import(&z, NULL, &b, why);
    CHECK(rc == 0, "a reflowable EPUB 2 is read (%s)", why);
    CHECK(b.npages == 3, "words before the first page picture, then a page a picture: 3 (%d)",
          b.npages);
    if (b.npages == 3) {
        CHECK(!b.pages[0].picture && b.pages[0].text && strcmp(b.pages[0].text, "Title words.") == 0,
              "the words after the cover are a page of words alone");
        CHECK(b.pages[1].picture && b.pages[1].text &&
              strcmp(b.pages[1].text, "One.\nTwo\nlines.") == 0,
              "a page holds the words up to the next picture (%s)", b.pages[1].text);
        CHECK(b.pages[2].text && strcmp(b.pages[2].text, "Three.\nFour.") == 0,
              "a tiny dot and a picture too large are passed over, their words kept (%s)",
              b.pages[2].text);
    }
    CHECK(b.cover && strcmp(b.cover_ext, "png") == 0, "the cover is kept as the story's cover");
    CHECK_STR(b.title, "Owl", "the title comes from dc:title");
    CHECK_STR(b.licence, "CC BY 4.0", "the licence comes from dc:rights");
    CHECK(b.credits && strstr(b.credits, "Words: Ana") && strstr(b.credits, "Pictures: Ben"),
          "the credits name the author and the illustrator (%s)", b.credits);
    CHECK(b.credits && !strstr(b.credits, "calibre"),
          "the program that made the file (role bkp) is no maker of the book (%s)", b.credits);
    CHECK(b.notes.n >= 1, "the picture left out is told (%d notes)", b.notes.n);
    book_free(&b);
    free(z.buf);
}

static void test_overlay(void)
{
    /* 2 s of a rising ramp at 8000 Hz: a sample's value says where it was. */
    int16_t *s = malloc(16000 * sizeof *s);
    for (int i = 0; i < 16000; i++)
        s[i] = (int16_t)(i * 2 - 16000);
    unsigned char *wav;
    size_t wav_len;
    wav_write(s, 16000, 8000, 1, &wav, &wav_len);
    free(s);
    Zip z;
    zip_open(&z);
    zip_str(&z, "META-INF/container.xml", CONTAINER);
    zip_str(&z, "OEBPS/content.opf",
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Moon</dc:title>"
        "<dc:language>fr</dc:language><meta property=\"rendition:layout\">pre-paginated</meta>"
        "</metadata><manifest><item id=\"p\" href=\"p.xhtml\" media-type=\"application/xhtml+xml\""
        " media-overlay=\"m\"/><item id=\"m\" href=\"p.smil\" media-type=\"application/smil+xml\"/>"
        "</manifest><spine><itemref idref=\"p\"/></spine></package>");
    zip_str(&z, "OEBPS/p.xhtml",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><img src=\"s.png\"/><img src=\"b.png\"/>"
        "<p><span id=\"a\">La lune</span> <span id=\"b\">dort.</span></p></body></html>");
    zip_str(&z, "OEBPS/p.smil",
        "<smil xmlns=\"http://www.w3.org/ns/SMIL\"><body><seq>"
        "<par><text src=\"p.xhtml#a\"/><audio src=\"n.wav\" clipBegin=\"npt=0.25s\" clipEnd=\"0:00:00.750\"/></par>"
        "<par><text src=\"p.xhtml#b\"/><audio src=\"n.wav\" clipBegin=\"1000ms\" clipEnd=\"1.8s\"/></par>"
        "</seq></body></smil>");
    zip_add(&z, "OEBPS/n.wav", wav, wav_len);
    zip_png(&z, "OEBPS/s.png", 100, 100);
    zip_png(&z, "OEBPS/b.png", 800, 600);
    zip_close(&z);
    free(wav);
    Book b;
    char why[BOOK_WHY];
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == 1 && b.fixed_layout,
          "a fixed-layout EPUB 3 gives one page per spine item (%s)", why);
    if (b.npages == 1) {
        BookPage *p = &b.pages[0];
        CHECK(p->picture_len == 33 && p->picture[19] == (800 & 0xff),
              "the page's picture is its largest");
        CHECK_NEAR(p->narration_seconds, 1.3, 0.000125,
                   "the clips (0.5 s and 0.8 s) are cut and joined: %g s", p->narration_seconds);
        CHECK(p->vtt && strstr(p->vtt, "00:00:00.000 --> 00:00:00.500\nLa lune\n") &&
              strstr(p->vtt, "00:00:00.500 --> 00:00:01.300\ndort.\n"),
              "each fragment is a cue at its place in the joined narration:\n%s", p->vtt);
        WavInfo w;
        int16_t *pcm = NULL;
        if (p->wav && wav_parse(p->wav, p->wav_len, &w) == WAV_OK &&
            wav_decode(p->wav, &w, &pcm) == WAV_OK) {
            CHECK(w.rate == 8000 && w.frames == 10400, "the narration is 10400 frames at 8 kHz");
            CHECK(abs(pcm[0] - (2000 * 2 - 16000)) <= 1 && abs(pcm[4000] - (8000 * 2 - 16000)) <= 1,
                  "the first clip starts at its clipBegin sample and the second at its own "
                  "(%d, %d)", pcm[0], pcm[4000]);
        } else {
            CHECK(0, "the narration is a readable WAV");
        }
        free(pcm);
    }
    CHECK_STR(b.language, "fr", "the language comes from dc:language");
    CHECK(b.licence == NULL, "a book that states no licence has none made up");
    book_free(&b);
    CHECK(import(&z, "en", &b, why) != 0 && strstr(why, "no words in 'en'"),
          "a language the book does not have is refused (%s)", why);
    book_free(&b);
    free(z.buf);
}

/* A reflowable EPUB 3 with a media overlay: each fragment's clip goes to the
 * page its element is on, so the pages split at pictures keep their voices. */
static void test_reflow_overlay(void)
{
    int16_t s[8000];
    for (int i = 0; i < 8000; i++)
        s[i] = (int16_t)(i - 4000);
    unsigned char *wav;
    size_t wav_len;
    wav_write(s, 8000, 8000, 1, &wav, &wav_len);   /* 1 s */
    Zip z;
    overlay_book(&z);
    zip_str(&z, "OEBPS/a.xhtml",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><img src=\"p1.png\"/>"
        "<p id=\"x\">One.</p><p id=\"y\">More.</p><img src=\"p2.png\"/><p id=\"z\">Two.</p>"
        "</body></html>");
    zip_str(&z, "OEBPS/a.smil",
        "<smil><body><par><text src=\"a.xhtml#x\"/><audio src=\"n.wav\" clipBegin=\"0s\" "
        "clipEnd=\"0.25s\"/></par><par><text src=\"a.xhtml#y\"/><audio src=\"n.wav\" "
        "clipBegin=\"0.25s\" clipEnd=\"0.5s\"/></par><par><text src=\"a.xhtml#z\"/><audio "
        "src=\"n.wav\" clipBegin=\"0.5s\" clipEnd=\"1s\"/></par></body></smil>");
    zip_add(&z, "OEBPS/n.wav", wav, wav_len);
    zip_png(&z, "OEBPS/p1.png", 200, 200);
    zip_png(&z, "OEBPS/p2.png", 200, 200);
    zip_close(&z);
    free(wav);
    Book b;
    char why[BOOK_WHY];
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == 2, "two pictures, two pages (%s)", why);
    if (b.npages == 2) {
        CHECK_NEAR(b.pages[0].narration_seconds, 0.5, 1e-6,
                   "page 1 is told by the clips of its two paragraphs");
        CHECK_NEAR(b.pages[1].narration_seconds, 0.5, 1e-6, "page 2 by the clip of its own");
        CHECK(b.pages[0].cues == 2 && b.pages[1].cues == 1 && b.pages[1].vtt &&
              strstr(b.pages[1].vtt, "00:00:00.000 --> 00:00:00.500\nTwo."),
              "each page's cues start from its own narration");
    }
    book_free(&b);
    free(z.buf);
}

static void test_bloom(void)
{
    int16_t s[4000] = { 0 };
    for (int i = 0; i < 4000; i++)
        s[i] = (int16_t)(i % 100 * 100);
    unsigned char *wav;
    size_t wav_len;
    wav_write(s, 4000, 16000, 1, &wav, &wav_len);   /* 0.25 s */
    Zip z;
    zip_open(&z);
    zip_str(&z, "b/b.htm",
        "<html><body><div id=\"bloomDataDiv\"><div data-book=\"bookTitle\" lang=\"en\">Goat</div>"
        "<div data-book=\"bookTitle\" lang=\"fr\">Chèvre</div>"
        "<div data-book=\"licenseUrl\" lang=\"*\">http://creativecommons.org/licenses/by/4.0/</div>"
        "<div data-book=\"originalAcknowledgments\" lang=\"en\">Story by Eve.</div></div>"
        "<div class=\"bloom-page bloom-frontMatter cover\"><img src=\"c.png\"></div>"
        "<div class=\"bloom-page\"><div class=\"bloom-imageContainer\"><img src=\"g.png\"></div>"
        "<div class=\"bloom-translationGroup\"><div class=\"bloom-editable\" lang=\"en\">"
        "<span id=\"x1\" class=\"audio-sentence\">Hi.</span> <span id=\"x2\" "
        "class=\"audio-sentence\">Bye.</span></div><div class=\"bloom-editable\" lang=\"fr\">"
        "Salut.</div></div></div></body></html>");
    zip_png(&z, "b/c.png", 200, 200);
    zip_png(&z, "b/g.png", 200, 200);
    zip_add(&z, "b/audio/x1.wav", wav, wav_len);
    zip_add(&z, "b/audio/x2.wav", wav, wav_len);
    zip_close(&z);
    free(wav);
    Book b;
    char why[BOOK_WHY];
    CHECK(import(&z, NULL, &b, why) == 0 && b.format == BOOK_BLOOM && b.npages == 1,
          "a Bloom book's content pages are read, front matter left out (%s)", why);
    CHECK_STR(b.languages, "en, fr", "the book's languages are listed");
    if (b.npages == 1) {
        CHECK_STR(b.pages[0].text, "Hi. Bye.", "the words are the first language's");
        CHECK(b.pages[0].vtt && strstr(b.pages[0].vtt, "00:00:00.250 --> 00:00:00.500\nBye."),
              "each recorded sentence is a cue: %s", b.pages[0].vtt);
        CHECK_NEAR(b.pages[0].narration_seconds, 0.5, 1e-6, "the sentences are joined");
    }
    CHECK(b.cover != NULL, "the cover page's picture is the cover");
    book_free(&b);
    CHECK(import(&z, "fr", &b, why) == 0 && b.npages == 1 && b.pages[0].wav == NULL &&
          b.pages[0].text && strcmp(b.pages[0].text, "Salut.") == 0 && strcmp(b.title, "Chèvre") == 0,
          "--language fr gives the French words and title, with no English voice");
    CHECK(b.credits && strstr(b.credits, "Story by Eve.") && b.licence,
          "the credits and licence are kept whatever the language (%s)", b.credits);
    book_free(&b);
    free(z.buf);

    /* A Swahili book whose data lists the English title first, and
     * acknowledgements in paragraphs. */
    zip_open(&z);
    zip_str(&z, "b/b.htm",
        "<html><body><div id=\"bloomDataDiv\"><div data-book=\"bookTitle\" lang=\"en\">"
        "<p>Little Goat</p></div><div data-book=\"bookTitle\" lang=\"sw\"><p>Mbuzi Mdogo</p>"
        "</div><div data-book=\"contentLanguage1\" lang=\"*\">sw</div>"
        "<div data-book=\"originalAcknowledgments\" lang=\"en\"><p>Story: Eve</p>\n"
        "<p>Illustrations: Fay</p></div></div>"
        "<div class=\"bloom-page\"><div class=\"bloom-imageContainer\"><img src=\"g.png\"></div>"
        "<div class=\"bloom-translationGroup\"><div class=\"bloom-editable\" lang=\"en\">"
        "Goat.</div><div class=\"bloom-editable\" lang=\"sw\">Mbuzi.</div></div></div>"
        "</body></html>");
    zip_png(&z, "b/g.png", 200, 200);
    zip_close(&z);
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == 1, "the Swahili book is read (%s)", why);
    CHECK_STR(b.language, "sw", "its language is its first content language");
    CHECK_STR(b.title, "Mbuzi Mdogo", "and its title is the one in that language");
    CHECK_STR(b.credits, "Story: Eve. Illustrations: Fay",
              "acknowledgements in paragraphs are sentences of one line");
    book_free(&b);
    free(z.buf);
}

static void test_hostile(void)
{
    Book b;
    char why[BOOK_WHY];
    CHECK(book_import((const unsigned char *)"hello", 5, NULL, &b, why) != 0 &&
          strstr(why, "not a zip"), "bytes that are not a zip are refused (%s)", why);
    book_free(&b);
    Zip z;
    zip_open(&z);
    zip_str(&z, "../evil.txt", "x");
    zip_close(&z);
    CHECK(import(&z, NULL, &b, why) != 0 && strstr(why, "outside"),
          "a zip-slip name refuses the book (%s)", why);
    book_free(&b);
    free(z.buf);
    zip_open(&z);
    zip_str(&z, "META-INF/container.xml",
            "<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
            "\"&a;&a;&a;&a;&a;&a;&a;&a;\">]><container>&b;</container>");
    zip_close(&z);
    CHECK(import(&z, NULL, &b, why) != 0 && strstr(why, "entities"),
          "a document declaring entities is refused (%s)", why);
    book_free(&b);
    free(z.buf);
    zip_open(&z);
    unsigned char *zeros = calloc(1, 12u * 1024u * 1024u);
    zip_add(&z, "META-INF/container.xml", zeros, 12u * 1024u * 1024u);
    free(zeros);
    zip_close(&z);
    CHECK(import(&z, NULL, &b, why) != 0 && strstr(why, "zip bomb"),
          "12 MB of zeros from a few kilobytes is a zip bomb (%zu bytes: %s)", z.used, why);
    book_free(&b);
    free(z.buf);
    zip_open(&z);
    zip_str(&z, "META-INF/container.xml", CONTAINER);
    zip_close(&z);
    CHECK(import(&z, NULL, &b, why) != 0 && strstr(why, "is missing"),
          "a missing OPF is named (%s)", why);
    book_free(&b);
    free(z.buf);
}

/* A page of 30000 picture references and a thousand pars per fragment: the
 * importer's work stays bounded (the budgets in bookread.c), the words kept. */
static void test_busy(void)
{
    Zip z;
    overlay_book(&z);
    size_t cap = 4u * 1024u * 1024u, n = 0;
    char *doc = malloc(cap), *smil = malloc(cap);
    n += (size_t)snprintf(doc + n, cap - n, "<html><body><p id=\"w\">Words.</p>");
    for (int i = 0; i < 30000; i++)
        n += (size_t)snprintf(doc + n, cap - n, "<img src=\"i%d.png\"/>", i);
    snprintf(doc + n, cap - n, "</body></html>");
    n = (size_t)snprintf(smil, cap, "<smil><body>");
    for (int i = 0; i < 30000; i++)
        n += (size_t)snprintf(smil + n, cap - n, "<par><text src=\"a.xhtml#w%d\"/><audio "
                              "src=\"none.wav\" clipBegin=\"%ds\" clipEnd=\"%ds\"/></par>", i, i, i + 1);
    snprintf(smil + n, cap - n, "</body></smil>");
    zip_str(&z, "OEBPS/a.xhtml", doc);
    zip_str(&z, "OEBPS/a.smil", smil);
    free(doc), free(smil);
    zip_close(&z);
    Book b;
    char why[BOOK_WHY];
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == 1 && b.pages[0].wav == NULL,
          "a page of 30000 missing pictures and clips still gives its words (%s)", why);
    int told = 0;
    for (int i = 0; i < b.notes.n; i++)
        told |= strstr(b.notes.items[i].msg, "more than 5000 pictures") != NULL;
    CHECK(told, "the budget of picture references is told");
    CHECK(b.notes.n <= 3, "a recording missing 4000 times is told once (%d notes)", b.notes.n);
    book_free(&b);
    free(z.buf);
}

/* A Bloom book of n pages, each told by the same recording "long" (a
 * small book naming one long recording everywhere). */
static void bloom_pages(Zip *z, int n, const unsigned char *wav, size_t wav_len)
{
    size_t cap = 4096 + (size_t)n * 300, k = 0;
    char *h = malloc(cap);
    k += (size_t)snprintf(h + k, cap - k, "<html><body>");
    for (int i = 0; i < n; i++)
        k += (size_t)snprintf(h + k, cap - k, "<div class=\"bloom-page\"><div "
                              "class=\"bloom-translationGroup\"><div class=\"bloom-editable\" "
                              "lang=\"en\"><span id=\"long\" class=\"audio-sentence\">Page %d."
                              "</span></div></div></div>", i + 1);
    snprintf(h + k, cap - k, "</body></html>");
    zip_str(z, "b/b.htm", h);
    free(h);
    zip_add(z, "b/audio/long.wav", wav, wav_len);
}

/* The narration's caps: an hour in all, 48 kHz at most, one page's held at
 * a time. */
static void test_narration_caps(void)
{
    /* 10 minutes at 8 kHz of quiet noise (it does not deflate to a zip bomb). */
    size_t frames = 600 * 8000;
    int16_t *s = malloc(frames * sizeof *s);
    uint32_t seed = 1;
    for (size_t i = 0; i < frames; i++)
        s[i] = (int16_t)((int)((seed = seed * 1664525u + 1013904223u) >> 20) - 2048);
    unsigned char *wav;
    size_t wav_len;
    wav_write(s, frames, 8000, 1, &wav, &wav_len);
    free(s);
    Zip z;
    zip_open(&z);
    bloom_pages(&z, 8, wav, wav_len);
    zip_close(&z);
    free(wav);
    Book b;
    char why[BOOK_WHY];
    BookOptions o = { .language = NULL };
    CHECK(book_import(z.buf, z.used, &o, &b, why) == 0 && b.npages == 8,
          "8 pages each told by the same 10-minute recording are read (%s)", why);
    int none_yet = 1;
    for (int i = 0; i < b.npages; i++)
        none_yet &= b.pages[i].wav == NULL;
    CHECK(none_yet && b.has_narration, "no narration is made until a page is written");
    double total = 0;
    int held = 0, told = 0;
    for (int i = 0; i < b.npages; i++) {
        book_narrate(&b, i);
        total += b.pages[i].narration_seconds;
        if (i < 6)
            CHECK_NEAR(b.pages[i].narration_seconds, 600, 1e-6, "page %d has its 10 minutes",
                       i + 1);
        else
            CHECK(b.pages[i].wav == NULL && b.pages[i].narration_seconds == 0,
                  "page %d, past the book's hour, has no narration", i + 1);
        book_narration_free(&b, i);
        for (int j = 0; j <= i; j++)
            held += b.pages[j].wav != NULL;
    }
    CHECK_NEAR(total, 3600, 1e-6, "the book's narration stops at an hour in all (%g s)", total);
    CHECK(held == 0, "a page's narration is freed once written, its length kept");
    for (int i = 0; i < b.notes.n; i++)
        told += strstr(b.notes.items[i].msg, "more than 60 minutes in all") != NULL;
    CHECK(told == 1, "the cut is told once, naming the page it falls on (%d)", told);
    CHECK(book_narrate(&b, 0) == 0 && b.pages[0].wav == NULL,
          "a page is narrated once: asking again makes nothing");
    book_free(&b);
    free(z.buf);

    /* 0.5 s at 96 kHz: written at 48 kHz. */
    frames = 48000;
    s = malloc(frames * sizeof *s);
    for (size_t i = 0; i < frames; i++)
        s[i] = (int16_t)((int)(i % 96) * 300 - 14000);
    wav_write(s, frames, 96000, 1, &wav, &wav_len);
    free(s);
    zip_open(&z);
    bloom_pages(&z, 1, wav, wav_len);
    zip_close(&z);
    free(wav);
    WavInfo w;
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == 1 && b.pages[0].wav &&
          wav_parse(b.pages[0].wav, b.pages[0].wav_len, &w) == WAV_OK && w.rate == 48000 &&
          (w.frames == 24000 || w.frames == 24001),
          "a 96 kHz recording is written at 48 kHz, its length kept (%s)", why);
    book_free(&b);
    free(z.buf);
}

static int checks_made;
/* The edge's decoder, stood in for: a picture whose 25th byte is 0 is damaged. */
static int fake_check(const unsigned char *data, size_t len, char *why, size_t n)
{
    checks_made++;
    if (len > 24 && data[24] == 0) {
        snprintf(why, n, "this picture cannot be opened: the file is damaged");
        return -1;
    }
    return 0;
}

/* The table of contents and manifest's caps, a document named twice read
 * once, whole items in lists, pictures judged once (with the edge's check),
 * a drawing with no size left out. */
static void test_contents(void)
{
    size_t cap = 16u * 1024u * 1024u, k = 0;
    char *opf = malloc(cap);
    k += (size_t)snprintf(opf + k, cap - k,
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Owl</dc:title>"
        "<dc:language>en-GB</dc:language><dc:language>en</dc:language>"
        "<dc:language>en-GB</dc:language><dc:creator>Anna</dc:creator>"
        "<dc:creator>Ann</dc:creator>");
    for (int i = 0; i < 20000; i++)
        k += (size_t)snprintf(opf + k, cap - k, "<dc:language>x%d</dc:language>", i);
    k += (size_t)snprintf(opf + k, cap - k, "</metadata><manifest>"
        "<item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/>"
        "<item id=\"a2\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/>");
    for (int i = 0; i < 6000; i++)
        k += (size_t)snprintf(opf + k, cap - k, "<item id=\"n%d\" href=\"n%d.xhtml\" "
                              "media-type=\"application/xhtml+xml\"/>", i, i);
    k += (size_t)snprintf(opf + k, cap - k, "</manifest><spine>");
    for (int i = 0; i < 5000; i++)
        k += (size_t)snprintf(opf + k, cap - k, "<itemref idref=\"%s\"/>", i % 2 ? "a" : "a2");
    snprintf(opf + k, cap - k, "</spine></package>");
    Zip z;
    zip_open(&z);
    zip_str(&z, "META-INF/container.xml", CONTAINER);
    zip_str(&z, "OEBPS/content.opf", opf);
    free(opf);
    zip_str(&z, "OEBPS/a.xhtml",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><img src=\"p1.png\"/><p>One.</p>"
        "<img src=\"bad.png\"/><p>Two.</p><img src=\"bad.png\"/><p>Three.</p>"
        "<img src=\"d.svg\"/><p>Four.</p><img src=\"p2.png\"/><p>Five.</p></body></html>");
    zip_png(&z, "OEBPS/p1.png", 200, 200);
    zip_png(&z, "OEBPS/p2.png", 200, 200);
    unsigned char bad[33] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                              'I', 'H', 'D', 'R', 0, 0, 0, 200, 0, 0, 0, 200, 0, 6 };
    zip_add(&z, "OEBPS/bad.png", bad, sizeof bad);
    zip_str(&z, "OEBPS/d.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"5\" "
            "height=\"5\"/></svg>");
    zip_close(&z);
    Book b;
    char why[BOOK_WHY];
    BookOptions o = { .language = NULL, .picture_check = fake_check };
    checks_made = 0;
    int rc = book_import(z.buf, z.used, &o, &b, why);
    CHECK(rc == 0, "a book of 5000 spine entries and 6000 manifest items is read (%s)", why);
    CHECK(b.npages == 2, "the document named 5000 times (by two ids) gives its pages once: 2 "
          "(%d)", b.npages);
    if (b.npages == 2)
        CHECK_STR(b.pages[0].text, "One.\nTwo.\nThree.\nFour.",
                  "a damaged picture and a drawing of no size begin no page, their words kept");
    CHECK(checks_made == 3, "each picture is judged by the edge's check once: p1, bad (named "
          "twice), p2; the drawing is refused before (%d calls)", checks_made);
    int repeats = 0, manifest = 0, damaged = 0, nosize = 0;
    for (int i = 0; i < b.notes.n; i++) {
        const char *m = b.notes.items[i].msg;
        /* 5000 entries, read up to 4096: 4095 of them name it again */
        repeats += strstr(m, "names 4095 documents again") != NULL;
        manifest += strstr(m, "manifest lists more files") != NULL;
        damaged += strstr(m, "file is damaged; left out") != NULL;
        nosize += strstr(m, "does not say its width") != NULL;
    }
    CHECK(repeats == 1, "the repeats are told once");
    CHECK(manifest == 1, "the manifest's cap is told once");
    CHECK(damaged == 1, "the damaged picture, named twice, is told once (%d)", damaged);
    CHECK(nosize == 1, "the drawing of no size is told");
    CHECK(b.languages && strncmp(b.languages, "en-GB, en, x0, x1", 17) == 0,
          "'en' is listed after 'en-GB' (whole items compared), repeats are not (%.40s)",
          b.languages);
    CHECK(b.languages && strlen(b.languages) <= 4000,
          "20000 languages stop at a few thousand bytes (%zu)", strlen(b.languages));
    CHECK_STR(b.credits, "Words: Anna. Words: Ann", "'Ann' is credited after 'Anna'");
    CHECK_STR(b.authors, "Anna, Ann", "and listed as an author after her");
    book_free(&b);
    free(z.buf);
}

/* A page in UTF-16 with a byte-order mark, not well-formed: read by the
 * HTML parser as UTF-16, its words whole. */
static void test_utf16(void)
{
    const char *html = "<html><body><img src=\"p.png\"><p>Moon \xe9t\xe9.</p></body></html>";
    size_t n = strlen(html);
    unsigned char *u = malloc(2 + 2 * n);
    u[0] = 0xFF, u[1] = 0xFE;
    for (size_t i = 0; i < n; i++)   /* Latin-1 to UTF-16LE */
        u[2 + 2 * i] = (unsigned char)html[i], u[3 + 2 * i] = 0;
    Zip z;
    zip_open(&z);
    zip_str(&z, "META-INF/container.xml", CONTAINER);
    zip_str(&z, "OEBPS/content.opf",
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata/><manifest>"
        "<item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
        "<spine><itemref idref=\"a\"/></spine></package>");
    zip_add(&z, "OEBPS/a.xhtml", u, 2 + 2 * n);
    zip_png(&z, "OEBPS/p.png", 200, 200);
    zip_close(&z);
    free(u);
    Book b;
    char why[BOOK_WHY];
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == 1, "a UTF-16 page is read (%s)", why);
    if (b.npages == 1)
        CHECK_STR(b.pages[0].text, "Moon \xc3\xa9t\xc3\xa9.", "its words come out as UTF-8");
    book_free(&b);
    free(z.buf);

    /* A lone surrogate in a UTF-16 page: libxml2 would write its own lines,
     * naming neither book nor file, to the terminal; nothing is written. */
    static const unsigned char bad[] = { 0xFF, 0xFE, '<', 0, 'p', 0, '>', 0, 'H', 0, 'i', 0,
                                         0x00, 0xD8, ' ', 0, '<', 0, '/', 0, 'p', 0, '>', 0 };
    zip_open(&z);
    zip_str(&z, "META-INF/container.xml", CONTAINER);
    zip_str(&z, "OEBPS/content.opf",
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata/><manifest>"
        "<item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
        "<spine><itemref idref=\"a\"/></spine></package>");
    zip_add(&z, "OEBPS/a.xhtml", bad, sizeof bad);
    zip_close(&z);
    fflush(stderr);
    int saved = dup(2);
    FILE *err = tmpfile();
    dup2(fileno(err), 2);
    import(&z, NULL, &b, why);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    long written = ftell(err) >= 0 ? (fseek(err, 0, SEEK_END), ftell(err)) : -1;
    fclose(err);
    CHECK(written == 0, "libxml2 writes nothing of its own to the terminal (%ld bytes)", written);
    book_free(&b);
    free(z.buf);
}

/* A package document over the size parsed (a manifest of 100000 items): the
 * book is refused by its size, unparsed; a page over it is left out. */
static void test_big_documents(void)
{
    size_t cap = 8u * 1024u * 1024u, k = 0;
    char *opf = malloc(cap);
    k += (size_t)snprintf(opf + k, cap - k, "<package xmlns=\"http://www.idpf.org/2007/opf\" "
                          "version=\"3.0\"><metadata/><manifest>");
    for (int i = 0; i < 100000; i++)
        k += (size_t)snprintf(opf + k, cap - k, "<item id=\"x%d\" href=\"x%d.xhtml\" "
                              "media-type=\"application/xhtml+xml\"/>", i, i);
    snprintf(opf + k, cap - k, "</manifest><spine><itemref idref=\"x0\"/></spine></package>");
    Zip z;
    zip_open(&z);
    zip_str(&z, "META-INF/container.xml", CONTAINER);
    zip_str(&z, "OEBPS/content.opf", opf);
    zip_close(&z);
    Book b;
    char why[BOOK_WHY];
    CHECK(import(&z, NULL, &b, why) != 0 && strstr(why, "content.opf' is 7.0 MB") &&
              strstr(why, "at most 4 MB"),
          "a package of %.1f MB is refused by its size, unparsed (%s)", k / 1048576.0, why);
    book_free(&b);
    free(z.buf);
    /* a page of 5 MB beside a small one: left out, the book still read */
    memset(opf, ' ', 5u * 1024u * 1024u);
    memcpy(opf, "<html><body><p>", 15);
    strcpy(opf + 5u * 1024u * 1024u - 20, "</p></body></html>");
    zip_open(&z);
    zip_str(&z, "META-INF/container.xml", CONTAINER);
    zip_str(&z, "OEBPS/content.opf",
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata/><manifest>"
        "<item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/>"
        "<item id=\"b\" href=\"b.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
        "<spine><itemref idref=\"a\"/><itemref idref=\"b\"/></spine></package>");
    zip_str(&z, "OEBPS/a.xhtml", opf);
    zip_str(&z, "OEBPS/b.xhtml", "<html><body><p>Goodnight.</p></body></html>");
    zip_close(&z);
    free(opf);
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == 1 && b.pages[0].text &&
              !strcmp(b.pages[0].text, "Goodnight."),
          "a page of 5 MB is left out, the small one read (%s)", why);
    int told = 0;
    for (int i = 0; i < b.notes.n; i++)
        told += strstr(b.notes.items[i].msg, "is 5.0 MB") != NULL;
    CHECK(told == 1, "and the parent is told which, and why");
    book_free(&b);
    free(z.buf);
}

/* A clip that ends before it begins is left out, and told once. */
static void test_backwards_clip(void)
{
    unsigned char *wav;
    size_t wav_len;
    saw_wav(&wav, &wav_len);
    Zip z;
    overlay_book(&z);
    zip_str(&z, "OEBPS/a.xhtml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><img "
            "src=\"p.png\"/><p id=\"x\">One.</p><p id=\"y\">Two.</p></body></html>");
    zip_str(&z, "OEBPS/a.smil",
        "<smil><body><par><text src=\"a.xhtml#x\"/><audio src=\"n.wav\" clipBegin=\"0.8s\" "
        "clipEnd=\"0.2s\"/></par><par><text src=\"a.xhtml#y\"/><audio src=\"n.wav\" "
        "clipBegin=\"0.9s\" clipEnd=\"0.1s\"/></par><par><text src=\"a.xhtml#y\"/><audio "
        "src=\"n.wav\" clipBegin=\"0s\" clipEnd=\"0.5s\"/></par></body></smil>");
    zip_add(&z, "OEBPS/n.wav", wav, wav_len);
    zip_png(&z, "OEBPS/p.png", 200, 200);
    zip_close(&z);
    free(wav);
    Book b;
    char why[BOOK_WHY];
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == 1, "the book is read (%s)", why);
    if (b.npages == 1)
        CHECK_NEAR(b.pages[0].narration_seconds, 0.5, 1e-6, "only the forward clip is told");
    int told = 0;
    for (int i = 0; i < b.notes.n; i++)
        told += strstr(b.notes.items[i].msg, "ends before it begins (clipBegin 0.8s, clipEnd 0.2s)")
                != NULL;
    CHECK(told == 1, "the backward clips are told once (%d)", told);
    book_free(&b);
    free(z.buf);
}

/* A clip time that cannot be read leaves its clip out, with a note naming
 * the timings file and the value: taken as the recording's start, a page
 * was given the whole recording from 0 s. Times as tools in other locales
 * write them are read. */
static void test_unread_clip(void)
{
    unsigned char *wav;
    size_t wav_len;
    saw_wav(&wav, &wav_len);
    Zip z;
    overlay_book(&z);
    zip_str(&z, "OEBPS/a.xhtml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><img "
            "src=\"p.png\"/><p id=\"x\">One.</p><p id=\"y\">Two.</p></body></html>");
    zip_str(&z, "OEBPS/a.smil",
        "<smil><body><par><text src=\"a.xhtml#x\"/><audio src=\"n.wav\" clipBegin=\"about 2\" "
        "clipEnd=\"0.4s\"/></par><par><text src=\"a.xhtml#y\"/><audio src=\"n.wav\" "
        "clipBegin=\"0:00:00,500\" clipEnd=\"0.75 s\"/></par></body></smil>");
    zip_add(&z, "OEBPS/n.wav", wav, wav_len);
    zip_png(&z, "OEBPS/p.png", 200, 200);
    zip_close(&z);
    free(wav);
    Book b;
    char why[BOOK_WHY];
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == 1, "the book is read (%s)", why);
    if (b.npages == 1)
        CHECK_NEAR(b.pages[0].narration_seconds, 0.25, 1e-6, "only the clip with readable "
                   "times is told, its decimal comma and spaced unit read (%.3f s)",
                   b.pages[0].narration_seconds);
    int told = 0;
    for (int i = 0; i < b.notes.n; i++)
        told += b.notes.items[i].path && strcmp(b.notes.items[i].path, "OEBPS/a.smil") == 0 &&
                strstr(b.notes.items[i].msg, "cannot be read ('about 2')") != NULL;
    CHECK(told == 1, "the unreadable time is told, naming the file and the value (%d)", told);
    book_free(&b);
    free(z.buf);
}

/* Fixed layout said the other ways books say it: Apple's display options
 * (EPUB 2), each spine item's rendition:layout-pre-paginated (EPUB 3), and
 * Kindle's <meta name="fixed-layout">. Each document of a background and a
 * character is one page (read as reflowable it was two: the background
 * alone, then the character with the words). */
static void test_fixed_said(void)
{
    for (int way = 0; way < 3; way++) {
        Zip z;
        zip_open(&z);
        zip_str(&z, "META-INF/container.xml", CONTAINER);
        if (way == 0)
            zip_str(&z, "META-INF/com.apple.ibooks.display-options.xml",
                    "<?xml version=\"1.0\"?><display_options><platform name=\"*\"><option "
                    "name=\"fixed-layout\">true</option></platform></display_options>");
        const char *prop = way == 1 ? " properties=\"rendition:layout-pre-paginated\"" : "";
        char opf[2048];
        snprintf(opf, sizeof opf,
            "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"%s\"><metadata>%s"
            "</metadata><manifest>"
            "<item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/>"
            "<item id=\"b\" href=\"b.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
            "<spine><itemref idref=\"a\"%s/><itemref idref=\"b\"%s/></spine></package>",
            way == 0 ? "2.0" : "3.0", way == 2 ? "<meta name=\"fixed-layout\" content=\"true\"/>" : "",
            prop, prop);
        zip_str(&z, "OEBPS/content.opf", opf);
        for (int d = 0; d < 2; d++) {
            char name[64], doc[512];
            snprintf(name, sizeof name, "OEBPS/%c.xhtml", 'a' + d);
            snprintf(doc, sizeof doc, "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
                     "<img src=\"bg%d.png\"/><img src=\"c%d.png\"/><p>Page %d.</p></body></html>",
                     d, d, d + 1);
            zip_str(&z, name, doc);
            snprintf(name, sizeof name, "OEBPS/bg%d.png", d);
            zip_png(&z, name, 400, 300 + d);
            snprintf(name, sizeof name, "OEBPS/c%d.png", d);
            zip_png(&z, name, 100, 120 + d);
        }
        zip_close(&z);
        Book b;
        char why[BOOK_WHY];
        static const char *const ways[] = { "Apple's display options", "each spine item's "
                                             "properties", "Kindle's meta" };
        CHECK(import(&z, NULL, &b, why) == 0 && b.fixed_layout && b.npages == 2 &&
                  b.pages[0].picture && b.pages[0].picture[23] == 300 - 256,
              "fixed layout by %s: one page a document, with its largest picture (%d pages)",
              ways[way], b.npages);
        book_free(&b);
        free(z.buf);
    }
}

/* An EPUB in two languages, each paragraph marked with its lang: the words
 * of the language asked for are read (the first listed when none is), the
 * other's left out, in reflowable and fixed layouts alike. */
static void test_two_languages(void)
{
    for (int fixed = 0; fixed < 2; fixed++) {
        for (int ask = 0; ask < 3; ask++) {
            Zip z;
            zip_open(&z);
            zip_str(&z, "META-INF/container.xml", CONTAINER);
            char opf[1024];
            snprintf(opf, sizeof opf,
                "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata "
                "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:language>sw</dc:language>"
                "<dc:language>en</dc:language>%s</metadata><manifest><item id=\"a\" "
                "href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/></manifest><spine>"
                "<itemref idref=\"a\"/></spine></package>",
                fixed ? "<meta property=\"rendition:layout\">pre-paginated</meta>" : "");
            zip_str(&z, "OEBPS/content.opf", opf);
            zip_str(&z, "OEBPS/a.xhtml", "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                    "xml:lang=\"sw\"><body><img src=\"p.png\"/><p>Mwezi.</p><p xml:lang=\"en\">"
                    "The moon.</p><div lang=\"en-GB\"><p>Goodnight.</p><p lang=\"sw\">Usiku "
                    "mwema.</p></div></body></html>");
            zip_png(&z, "OEBPS/p.png", 200, 200);
            zip_close(&z);
            static const char *const langs[] = { NULL, "sw", "en" };
            Book b;
            char why[BOOK_WHY];
            const char *want = ask == 2 ? "The moon.\nGoodnight." : "Mwezi.\nUsiku mwema.";
            CHECK(import(&z, langs[ask], &b, why) == 0 && b.npages == 1 && b.pages[0].text &&
                      strcmp(b.pages[0].text, want) == 0,
                  "%s, asked for %s: the words of that language only ('%s')",
                  fixed ? "fixed layout" : "reflowable", langs[ask] ? langs[ask] : "none",
                  b.npages ? b.pages[0].text : "");
            book_free(&b);
            free(z.buf);
        }
    }
}

/* A picture a page names that the book does not have is told, once, and
 * the page keeps its words. */
static void test_missing_picture(void)
{
    Zip z;
    overlay_book(&z);
    zip_str(&z, "OEBPS/a.xhtml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
            "<img src=\"p.png\"/><p>One.</p><img src=\"gone.png\"/><p>Two.</p>"
            "<img src=\"gone.png\"/><p>Three.</p></body></html>");
    zip_str(&z, "OEBPS/a.smil", "<smil/>");
    zip_png(&z, "OEBPS/p.png", 200, 200);
    zip_close(&z);
    Book b;
    char why[BOOK_WHY];
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages >= 1, "the book is read (%s)", why);
    int told = 0;
    for (int i = 0; i < b.notes.n; i++)
        told += b.notes.items[i].path && strcmp(b.notes.items[i].path, "OEBPS/gone.png") == 0 &&
                strstr(b.notes.items[i].msg, "not in it") != NULL;
    CHECK(told == 1, "the missing picture is told once, by its name (%d)", told);
    int words = 0;
    for (int i = 0; i < b.npages; i++)
        words += b.pages[i].text && strstr(b.pages[i].text, "Three.") != NULL;
    CHECK(words == 1, "and the words after it are kept");
    book_free(&b);
    free(z.buf);
}

/* A page nested past libxml2's 256 levels keeps the words it can reach and
 * says that the deeper ones are left out. */
static void test_too_deep(void)
{
    Zip z;
    overlay_book(&z);
    char *page = malloc(20000);
    int n = sprintf(page, "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
                    "<img src=\"p.png\"/><p>Shallow words.</p>");
    for (int i = 0; i < 300; i++)
        n += sprintf(page + n, "<div>");
    n += sprintf(page + n, "<p>Deep words.</p>");
    for (int i = 0; i < 300; i++)
        n += sprintf(page + n, "</div>");
    sprintf(page + n, "</body></html>");
    zip_str(&z, "OEBPS/a.xhtml", page);
    zip_str(&z, "OEBPS/a.smil", "<smil/>");
    zip_png(&z, "OEBPS/p.png", 200, 200);
    zip_close(&z);
    free(page);
    Book b;
    char why[BOOK_WHY];
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages >= 1, "the deep book is read (%s)", why);
    int told = 0, shallow = 0;
    for (int i = 0; i < b.notes.n; i++)
        told += b.notes.items[i].path && strcmp(b.notes.items[i].path, "OEBPS/a.xhtml") == 0 &&
                strstr(b.notes.items[i].msg, "nested more than 256 deep") != NULL;
    for (int i = 0; i < b.npages; i++)
        shallow += b.pages[i].text && strstr(b.pages[i].text, "Shallow words.") != NULL;
    CHECK(told == 1, "the page too deep is told once, by its name (%d)", told);
    CHECK(shallow == 1, "and its words within reach are kept");
    book_free(&b);
    free(z.buf);
}

/* A book locked with DRM (META-INF/encryption.xml naming its pages under
 * AES) is refused, naming the lock; one whose fonts alone are obfuscated
 * (the IDPF's method) reads. */
static void test_locked(void)
{
    static const char *const methods[] = { "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
                                           "http://www.idpf.org/2008/embedding" };
    for (int k = 0; k < 2; k++) {
        char enc[1024];
        snprintf(enc, sizeof enc,
            "<encryption xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\" "
            "xmlns:enc=\"http://www.w3.org/2001/04/xmlenc#\"><enc:EncryptedData>"
            "<enc:EncryptionMethod Algorithm=\"%s\"/><enc:CipherData><enc:CipherReference "
            "URI=\"OEBPS/%s\"/></enc:CipherData></enc:EncryptedData></encryption>", methods[k],
            k ? "font.otf" : "a.xhtml");
        Zip z;
        overlay_book(&z);
        zip_str(&z, "META-INF/encryption.xml", enc);
        zip_str(&z, "OEBPS/a.xhtml", k ? "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
                "<p>One.</p></body></html>" : "b-Oh2g G1M-\x8f\x01 ciphertext");
        zip_str(&z, "OEBPS/a.smil", "<smil/>");
        zip_close(&z);
        Book b;
        char why[BOOK_WHY];
        int rc = import(&z, NULL, &b, why);
        if (k == 0)
            CHECK(rc != 0 && strstr(why, "DRM") && strstr(why, "encryption.xml"),
                  "a book locked with DRM is refused, saying so (%s)", why);
        else
            CHECK(rc == 0 && b.npages == 1 && b.pages[0].text &&
                      strcmp(b.pages[0].text, "One.") == 0,
                  "a book whose fonts alone are obfuscated reads (%s)", rc ? why : "");
        book_free(&b);
        free(z.buf);
    }
}

/* Books as real tools write them: source lines wrapped inside a paragraph,
 * XHTML 1.1's named entities (its DTD is never loaded), ruby readings,
 * words after a heading or in table cells, words above the picture, a page
 * read by the HTML parser with its picture in an SVG <image xlink:href>, and
 * an overlay naming the page's own <div id>, before its picture. */
static void test_real_pages(void)
{
    unsigned char *wav;
    size_t wav_len;
    saw_wav(&wav, &wav_len);
    Zip z;
    zip_open(&z);
    zip_str(&z, "META-INF/container.xml", CONTAINER);
    zip_str(&z, "OEBPS/content.opf",
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata/><manifest>"
        "<item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/>"
        "<item id=\"b\" href=\"b.xhtml\" media-type=\"application/xhtml+xml\"/>"
        "<item id=\"c\" href=\"c.xhtml\" media-type=\"application/xhtml+xml\" media-overlay=\"m\"/>"
        "<item id=\"m\" href=\"c.smil\" media-type=\"application/smil+xml\"/></manifest>"
        "<spine><itemref idref=\"a\"/><itemref idref=\"b\"/><itemref idref=\"c\"/></spine>"
        "</package>");
    zip_str(&z, "OEBPS/a.xhtml",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML "
        "1.1//EN\" \"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd\">\n<html xmlns=\"http://www"
        ".w3.org/1999/xhtml\"><body>\n<div class=\"text\"><h2>Chapter One</h2>Once upon\n"
        "    a time, said Mama&nbsp;Bear&rsquo;s <ruby>\xe6\x9c\x88<rt>yu\xc3\xa8</rt></ruby> "
        "owl.<table><tr><td>Sleep well,</td><td>little owl.</td></tr></table></div>\n"
        "<div class=\"picture\"><img src=\"p1.png\"/></div></body></html>");
    zip_str(&z, "OEBPS/b.xhtml",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
        "<body><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 202\"><image "
        "xlink:href=\"p2.png\" width=\"200\" height=\"202\"/></svg><p>Two&nbsp;moons.</p>"
        "</body></html>");
    zip_str(&z, "OEBPS/c.xhtml",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>\n<div class=\"page\" id=\"page3\">\n"
        "  <img src=\"p3.png\"/>\n  <p>Three.</p>\n</div></body></html>");
    zip_str(&z, "OEBPS/c.smil",
        "<smil><body><par><text src=\"c.xhtml#page3\"/><audio src=\"n.wav\" clipBegin=\"0s\" "
        "clipEnd=\"0.5s\"/></par></body></smil>");
    zip_add(&z, "OEBPS/n.wav", wav, wav_len);
    zip_png(&z, "OEBPS/p1.png", 200, 201);
    zip_png(&z, "OEBPS/p2.png", 200, 202);
    zip_png(&z, "OEBPS/p3.png", 200, 203);
    zip_close(&z);
    free(wav);
    Book b;
    char why[BOOK_WHY];
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == 3,
          "three documents of one picture each are three pages, words above a picture "
          "included (%d pages, %s)", b.npages, why);
    if (b.npages == 3) {
        CHECK(b.pages[0].picture && b.pages[0].picture[23] == 201 &&
                  b.pages[1].picture && b.pages[1].picture[23] == 202 &&
                  b.pages[2].picture && b.pages[2].picture[23] == 203,
              "each page has its own document's picture, the SVG <image> one too");
        CHECK_STR(b.pages[0].text, "Chapter One\nOnce upon a time, said Mama\xc2\xa0"
                  "Bear\xe2\x80\x99s \xe6\x9c\x88 owl.\nSleep well, little owl.",
                  "one line a block: a wrapped line is a space, entities are their "
                  "characters, ruby's reading is left out, cells are apart");
        CHECK_STR(b.pages[1].text, "Two\xc2\xa0moons.", "the HTML parser's page keeps its words");
        CHECK_STR(b.pages[2].text, "Three.", "the page named by its <div> has its words");
        CHECK_NEAR(b.pages[2].narration_seconds, 0.5, 1e-6,
                   "the clip naming the page's <div id> tells that page");
        CHECK(b.pages[0].wav == NULL && b.pages[1].wav == NULL, "and no other page");
    }
    book_free(&b);
    free(z.buf);
}

/* Pictures set as a page's background in its style attribute, as
 * fixed-layout tools and older Bloom books write them: quoted or not, in the
 * background shorthand, after a data: URL (whose ';' is not the
 * declaration's end); "none" and a gradient are no picture. */
static void test_css_backgrounds(void)
{
    Zip z;
    zip_open(&z);
    zip_str(&z, "META-INF/container.xml", CONTAINER);
    zip_str(&z, "OEBPS/content.opf",
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata>"
        "<meta property=\"rendition:layout\">pre-paginated</meta></metadata><manifest>"
        "<item id=\"a\" href=\"text/a.xhtml\" media-type=\"application/xhtml+xml\"/>"
        "<item id=\"b\" href=\"text/b.xhtml\" media-type=\"application/xhtml+xml\"/>"
        "<item id=\"c\" href=\"text/c.xhtml\" media-type=\"application/xhtml+xml\"/>"
        "<item id=\"d\" href=\"text/d.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
        "<spine><itemref idref=\"a\"/><itemref idref=\"b\"/><itemref idref=\"c\"/>"
        "<itemref idref=\"d\"/></spine></package>");
    zip_str(&z, "OEBPS/text/a.xhtml",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><div class=\"page\" "
        "style=\"width:600px; background-image: url('../images/p1.png');\"><p>One.</p></div>"
        "</body></html>");
    zip_str(&z, "OEBPS/text/b.xhtml",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body style=\"margin:0;BACKGROUND : #fff "
        "url( &quot;../images/p2.png&quot; ) no-repeat center\"><p>Two.</p></body></html>");
    zip_str(&z, "OEBPS/text/c.xhtml",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><div style=\"background-image:"
        "url(data:image/png;base64,AAAA); color: red\"></div><div style=\"background:"
        "linear-gradient(red, blue)\"></div><div style=\"background-image:none\"></div>"
        "<div style=\"background-image:url(../images/p3.png)\"><p>Three.</p></div></body></html>");
    zip_str(&z, "OEBPS/text/d.xhtml",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><div style=\"background-image:url(\">"
        "</div><div style=\"background:url('../images/p4.png)\"></div><div style=\":;;:url(x)"
        "\"></div><p>Four.</p></body></html>");
    zip_png(&z, "OEBPS/images/p1.png", 300, 301);
    zip_png(&z, "OEBPS/images/p2.png", 300, 302);
    zip_png(&z, "OEBPS/images/p3.png", 300, 303);
    zip_png(&z, "OEBPS/images/p4.png", 300, 304);
    zip_close(&z);
    Book b;
    char why[BOOK_WHY];
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == 4,
          "four fixed-layout pages (%d, %s)", b.npages, why);
    if (b.npages == 4) {
        CHECK(b.pages[0].picture && b.pages[0].picture[23] == 301 - 256,
              "a quoted background-image url is the page's picture");
        CHECK(b.pages[1].picture && b.pages[1].picture[23] == 302 - 256,
              "so is one in the background shorthand, spaced, in any case");
        CHECK(b.pages[2].picture && b.pages[2].picture[23] == 303 - 256,
              "a data: URL, a gradient and none before it are passed over");
        CHECK(b.pages[3].picture == NULL && b.pages[3].text &&
                  strcmp(b.pages[3].text, "Four.") == 0,
              "an unclosed url( or quote is no picture, and the page keeps its words");
    }
    book_free(&b);
    free(z.buf);

    /* An older Bloom book: its image container's picture is a background. */
    zip_open(&z);
    zip_str(&z, "b/b.htm",
        "<html><body><div class=\"bloom-page\"><div class=\"bloom-imageContainer "
        "bloom-backgroundImage\" style=\"background-image:url('g.png')\"></div>"
        "<div class=\"bloom-translationGroup\"><div class=\"bloom-editable\" lang=\"en\">"
        "Goat.</div></div></div></body></html>");
    zip_png(&z, "b/g.png", 300, 305);
    zip_close(&z);
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == 1 && b.pages[0].picture &&
              b.pages[0].picture[23] == 305 - 256,
          "a Bloom page's background picture is its picture (%s)", why);
    book_free(&b);
    free(z.buf);

    /* Reflowable: a page begins at a background picture as at an <img>. */
    zip_open(&z);
    zip_str(&z, "META-INF/container.xml", CONTAINER);
    zip_str(&z, "OEBPS/content.opf",
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata/><manifest>"
        "<item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
        "<spine><itemref idref=\"a\"/></spine></package>");
    zip_str(&z, "OEBPS/a.xhtml",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
        "<div style=\"background-image:url(p1.png)\"><p>One.</p></div>"
        "<div style=\"background-image:url(p2.png)\"><p>Two.</p></div></body></html>");
    zip_png(&z, "OEBPS/p1.png", 300, 306);
    zip_png(&z, "OEBPS/p2.png", 300, 307);
    zip_close(&z);
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == 2 && b.pages[0].picture &&
              b.pages[1].picture && b.pages[1].text && strcmp(b.pages[1].text, "Two.") == 0,
          "a reflowable book's background pictures begin its pages (%d, %s)", b.npages, why);
    book_free(&b);
    free(z.buf);
}

/* Pictures set as backgrounds by a stylesheet (a class, an id, a tag), as
 * fixed-layout tools write them: url()s relative to the stylesheet, not the
 * page; @media read inside; comments, pseudo-classes and attribute
 * selectors passed over; the last rule that matches wins; a page's own
 * <style> is read too. */
static void test_css_stylesheets(void)
{
    Zip z;
    zip_open(&z);
    zip_str(&z, "META-INF/container.xml", CONTAINER);
    const char *docs = "abcdef";
    char opf[4096];
    int at = snprintf(opf, sizeof opf,
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata>"
        "<meta property=\"rendition:layout\">pre-paginated</meta></metadata><manifest>"
        "<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>");
    for (const char *d = docs; *d; d++)
        at += snprintf(opf + at, sizeof opf - (size_t)at, "<item id=\"%c\" href=\"text/%c.xhtml\" "
                       "media-type=\"application/xhtml+xml\"/>", *d, *d);
    at += snprintf(opf + at, sizeof opf - (size_t)at, "</manifest><spine>");
    for (const char *d = docs; *d; d++)
        at += snprintf(opf + at, sizeof opf - (size_t)at, "<itemref idref=\"%c\"/>", *d);
    snprintf(opf + at, sizeof opf - (size_t)at, "</spine></package>");
    zip_str(&z, "OEBPS/content.opf", opf);
    zip_str(&z, "OEBPS/style.css",
        "@charset \"utf-8\";\n@import url(other.css);\n"
        "/* .p4 { background-image: url(images/p9.png) } */\n"
        "body { margin: 0 }\n"
        ".p1 { background-image: url(\"images/p1.png\"); }\n"
        "section > div.page.p2, .unused { background: #fff url(images/p2.png) no-repeat }\n"
        "@media screen and (min-width: 10px) { #third { background-image: url('images/p3.png') } }\n"
        "@font-face { font-family: x; src: url(font.ttf) }\n"
        ".p4:hover, .p4[title] { background-image: url(images/p9.png) }\n"
        ".p4 { background-image: url(images/p9.png) }\n"
        ".p4 { background-image: url(images/p4.png) }\n"
        ".p5 { background-image: url(data:image/png;base64,AA;AA) }\n");
    static const char *const body[] = {
        "<div class=\"page p1\"><p>One.</p></div>",
        "<section><div class=\"p2 page\"><p>Two.</p></div></section>",
        "<div id=\"third\"><p>Three.</p></div>",
        "<div class=\"p4\" title=\"t\"><p>Four.</p></div>",
        "<div class=\"p5\"><p>Five.</p></div>",
        "<p>Six.</p>",
    };
    for (int i = 0; i < 6; i++) {
        char name[64], doc[1024];
        snprintf(name, sizeof name, "OEBPS/text/%c.xhtml", docs[i]);
        snprintf(doc, sizeof doc,
            "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><link rel=\"Stylesheet alternate\" "
            "type=\"text/css\" href=\"../style.css\"/>%s</head><body>%s</body></html>",
            i == 5 ? "<style>body { background-image: url(../images/p6.png) }</style>" : "",
            body[i]);
        zip_str(&z, name, doc);
    }
    for (int i = 1; i <= 6; i++) {
        char name[64];
        snprintf(name, sizeof name, "OEBPS/images/p%d.png", i);
        zip_png(&z, name, 300, 310 + i);
    }
    zip_png(&z, "OEBPS/images/p9.png", 300, 319);
    zip_close(&z);
    Book b;
    char why[BOOK_WHY];
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == 6,
          "six fixed-layout pages (%d, %s)", b.npages, why);
    static const char *const what[] = {
        "a class's background, its url written from the stylesheet's folder",
        "two classes on an element within a section, in the background shorthand",
        "an id's, inside @media",
        "the last rule for a class wins; a pseudo-class and an attribute are passed over",
        "",
        "a page's own <style>, its url written from the page",
    };
    for (int i = 0; i < 6 && b.npages == 6; i++) {
        if (i == 4) {
            CHECK(b.pages[4].picture == NULL && b.pages[4].text &&
                      strcmp(b.pages[4].text, "Five.") == 0,
                  "a data: URL's background is no picture, and the page keeps its words");
            continue;
        }
        CHECK(b.pages[i].picture && b.pages[i].picture[23] == 311 + i - 256, "page %d: %s",
              i + 1, what[i]);
    }
    book_free(&b);
    free(z.buf);
}

/* One recording telling the whole book, page after page (a common shape):
 * decoded once from start to end, so forty pages of a ten-minute recording
 * all keep their narration (decoded again from its start for every page, it
 * came to 3.4 hours, past the book's budget, and the last pages had none). */
static void test_one_recording(int overlap_ms)
{
    enum { PAGES = 40, RATE = 8000, CLIP = 15 };
    size_t frames = (size_t)PAGES * CLIP * RATE;
    int16_t *s = malloc(frames * sizeof *s);
    unsigned seed = 7;   /* noise: it does not compress into a zip bomb */
    for (size_t i = 0; s && i < frames; i++)
        s[i] = (int16_t)(rand_r(&seed) % 8000 - 4000);
    unsigned char *wav = NULL;
    size_t wav_len = 0;
    if (s)
        wav_write(s, frames, RATE, 1, &wav, &wav_len);
    free(s);
    size_t cap = 64 * 1024, n = 0, m = 0;
    char *doc = malloc(cap), *smil = malloc(cap);
    n += (size_t)snprintf(doc + n, cap - n, "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>");
    m += (size_t)snprintf(smil + m, cap - m, "<smil><body>");
    for (int i = 0; i < PAGES; i++) {
        n += (size_t)snprintf(doc + n, cap - n, "<img src=\"p%d.png\"/><p id=\"t%d\">Page %d.</p>",
                              i, i, i + 1);
        /* Each clip from overlap_ms before the last one's end, as aligners write them. */
        m += (size_t)snprintf(smil + m, cap - m, "<par><text src=\"a.xhtml#t%d\"/><audio "
                              "src=\"book.wav\" clipBegin=\"%dms\" clipEnd=\"%ds\"/></par>", i,
                              i ? i * CLIP * 1000 - overlap_ms : 0, (i + 1) * CLIP);
    }
    snprintf(doc + n, cap - n, "</body></html>");
    snprintf(smil + m, cap - m, "</body></smil>");
    Zip z;
    overlay_book(&z);
    zip_str(&z, "OEBPS/a.xhtml", doc);
    zip_str(&z, "OEBPS/a.smil", smil);
    if (wav)
        zip_add(&z, "OEBPS/book.wav", wav, wav_len);
    for (int i = 0; i < PAGES; i++) {
        char name[32];
        snprintf(name, sizeof name, "OEBPS/p%d.png", i);
        zip_png(&z, name, 200, 200 + i);
    }
    zip_close(&z);
    free(doc), free(smil), free(wav);
    Book b;
    char why[BOOK_WHY];
    CHECK(import(&z, NULL, &b, why) == 0 && b.npages == PAGES, "the book's %d pages (%d, %s)",
          PAGES, b.npages, why);
    int told = 0;
    for (int i = 0; i < b.npages; i++)
        told += fabs(b.pages[i].narration_seconds - CLIP) < 1e-6;
    CHECK(told == PAGES, "every page has its %d s of the one recording (%d of %d; clips "
          "overlapping by %d ms)", CLIP, told, PAGES, overlap_ms);
    CHECK(b.notes.n == 0, "and nothing is said to have taken too long (%d notes: %s)", b.notes.n,
          b.notes.n ? b.notes.items[0].msg : "");
    book_free(&b);
    free(z.buf);
}

int main(void)
{
    test_clock();
    test_names();
    test_resolve();
    test_small_rules();
    test_reflow();
    test_overlay();
    test_reflow_overlay();
    test_real_pages();
    test_css_backgrounds();
    test_css_stylesheets();
    test_one_recording(0);
    test_one_recording(10);     /* decoded again from the start for each, half were lost */
    test_bloom();
    test_hostile();
    test_busy();
    test_narration_caps();
    test_contents();
    test_utf16();
    test_big_documents();
    test_backwards_clip();
    test_unread_clip();
    test_locked();
    test_fixed_said();
    test_missing_picture();
    test_too_deep();
    test_two_languages();
    CHECK_DONE();
}
