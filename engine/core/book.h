/* book — a free picture book (EPUB 2, EPUB 3, Bloom) turned into a story's pages.
 *
 * Free libraries hold many thousands of openly licensed picture books as EPUB
 * (StoryWeaver, African Storybook, Global Digital Library) or Bloom's
 * .bloompub. book_import() takes such a book's bytes and gives, in memory, what
 * a story folder needs: per page a picture (the book's own bytes, never
 * decoded here), its words; the cover; the title, language and every credit
 * and licence the book states. Each page's joined narration (16-bit WAV) and
 * its timings (WebVTT) are made by book_narrate() as that page is written and
 * freed after it, so a book of long recordings never holds more than one
 * page's narration. The tool (tools/hushabye-story/book.c) writes them out.
 *
 * A book is untrusted input, like a story folder:
 *  - the zip is read by libarchive told it is a zip (after sniffing), never
 *    guessing; entries are only held in memory, under caps on their count,
 *    their total size and the ratio of that size to the book's (zip bombs),
 *    checked from the headers before decompressing and again while doing it;
 *    names with "..", a leading "/", a backslash, a control character, and
 *    links or devices, refuse the whole book (nothing is ever written under an
 *    entry's name anyway);
 *  - XML goes through libxml2 with no network, no DTD loading and no entity
 *    substitution, and a document that declares entities of its own (the
 *    "billion laughs", external entities) is refused; XHTML that is not
 *    well-formed is read by libxml2's HTML parser instead;
 *  - pictures are measured with probe.h before anything would decode them:
 *    one over the player's limits is left out with a note;
 *  - narration is decoded by audio.h (the format sniffed first), in blocks;
 *    a page's is capped at AUDIO_NARRATION_SECONDS, the book's at an hour,
 *    its rate at 48 kHz, and the recordings gone through at three hours;
 *  - the manifest and the spine are read up to BOOK_MAX_ENTRIES items, a
 *    document the spine names twice is read once, and lists of languages and
 *    credits stop at a few thousand bytes.
 *
 * The reading rules (book.c holds the pure ones, exposed below for tests):
 * a reflowable EPUB's page begins at each picture and holds the words up to
 * the next picture; a fixed-layout EPUB has one page per spine item with its
 * largest picture; decorations (pictures under BOOK_TINY pixels a side, a
 * name with "logo", the same picture on most pages) are left out; media
 * overlays (SMIL) give each page its clips, cut at clipBegin/clipEnd and
 * joined, and a cue per text fragment; a Bloom book gives its bloom-page
 * divs, the text in the chosen language and the per-sentence recordings. */
#ifndef HUSHABYE_BOOK_H
#define HUSHABYE_BOOK_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Every file of a book is held in memory at once (bookread.c reads them in any
 * order), so BOOK_MAX_TOTAL is what a hostile book can make the importer hold:
 * a picture book with its narration is a few tens of MB. The book file itself
 * is read whole too, and a zip larger than all it may unpack to is no book. */
#define BOOK_MAX_BYTES    (192u * 1024u * 1024u)  /* the book file itself */
#define BOOK_MAX_ENTRIES  4096                    /* files in the zip */
#define BOOK_MAX_ENTRY    (64u * 1024u * 1024u)   /* one file, uncompressed */
#define BOOK_MAX_TOTAL    (192u * 1024u * 1024u)  /* all files, uncompressed */
#define BOOK_MAX_RATIO    100                     /* uncompressed / book size */
#define BOOK_RATIO_FLOOR  (8u * 1024u * 1024u)    /* the ratio applies above this */
#define BOOK_MAX_PAGES    999
#define BOOK_TINY         48                      /* a picture this small is a decoration */
#define BOOK_WHY          512                     /* room for a plain-words reason */

typedef enum { BOOK_EPUB2, BOOK_EPUB3, BOOK_BLOOM } BookFormat;

typedef struct {
    unsigned char *picture;   /* the book's bytes, or NULL (words alone) */
    size_t picture_len;
    const char *picture_ext;  /* "png", "jpg", "webp", "svg" */
    char *text;               /* words, UTF-8, paragraphs on lines of their own; or NULL */
    unsigned char *wav;       /* joined narration, 16-bit mono WAV; or NULL */
    size_t wav_len;
    double narration_seconds;
    char *vtt;                /* WebVTT of the narration's fragments; or NULL */
    int cues;
} BookPage;

typedef struct {
    BookFormat format;
    int fixed_layout;
    char *title, *language;   /* language: the one imported */
    char *languages;          /* every language the book has words in, "en, fr" */
    char *authors, *illustrators, *publisher;
    char *licence;            /* as the book states it, or NULL when it states none */
    char *credits;            /* one line: words, pictures, publisher, rights, thanks */
    unsigned char *cover;
    size_t cover_len;
    const char *cover_ext;
    BookPage *pages;
    int npages;
    int has_narration;        /* some page has clips for book_narrate */
    Diags notes;              /* what was left out, and why (warnings) */
    struct BookReader *reader; /* what book_narrate needs (the zip); owned */
} Book;

typedef struct {
    const char *language;     /* --language CODE, or NULL for the book's first */
    /* Can the player show this picture? 0 yes; 1 yes, with a note in why (a
     * JPEG damaged in places: shown, and the parent told); -1 no, why in
     * plain words in why[0..n). The decoders live at the edge (the tool
     * passes the player's own check); NULL checks the kind and the stated
     * size only. */
    int (*picture_check)(const unsigned char *data, size_t len, char *why, size_t n);
} BookOptions;

/* Read the book in data[0..len) (a zip: EPUB or Bloom). Returns 0 with *b
 * filled when at least one page came of it; -1 with why (BOOK_WHY bytes) in
 * plain words when the book cannot be used ("it is not a zip", "one of its
 * files is named '../x', outside the book"). *b is always valid to
 * book_free() afterwards. */
int book_import(const unsigned char *data, size_t len, const BookOptions *o, Book *b,
                char *why);
/* Make page i's narration (pages[i].wav, .vtt, .cues, .narration_seconds),
 * once: a second call does nothing. Returns 1 when the page has narration.
 * Notes on what was cut or left out are added to b->notes. */
int book_narrate(Book *b, int i);
/* Free page i's WAV and WebVTT (narration_seconds and cues are kept). */
void book_narration_free(Book *b, int i);
void book_free(Book *b);

/* ---- the container (bookzip.c) */

typedef struct {
    char *name;
    unsigned char *data;      /* NUL-terminated, the NUL not counted */
    size_t len;
} BookFile;

typedef struct {
    BookFile *files;
    int n;
} BookZip;

/* Read every file of the zip in data[0..len) into memory under the caps
 * above. 0 ok; -1 with why when the zip is damaged, hostile or too big. */
int bookzip_read(const unsigned char *data, size_t len, BookZip *z, char *why);
/* The file of that exact name, else of that name in another case; or NULL. */
const BookFile *bookzip_find(const BookZip *z, const char *name);
void bookzip_free(BookZip *z);

/* ---- pure pieces (book.c) */

/* May an entry of the zip have this name (len bytes)? Not empty, no NUL, no
 * control character, no backslash, not absolute, no ".." component, no
 * drive letter ("C:"). */
int book_name_ok(const char *name, size_t len);

/* A SMIL clock value in seconds: "npt=1.5s", "0:00:01.500", "01:02.5",
 * "1.5s", "1500ms", "2min", "0.5h", "3" (seconds), and as tools also write
 * them: a decimal comma ("0:00:02,000"), a space before the unit ("4.0 s"),
 * "sec" and "msec". 0 ok, -1 when it is not one (negative, empty, garbage). */
int book_clock(const char *s, double *seconds);

/* The zip name that href (relative, as written in a document: "%20" escapes
 * and a "#fragment" allowed) names from the document named base ("OEBPS/
 * text/p1.xhtml"), malloc'ed; the fragment, when wanted, in *frag (malloc'ed,
 * or NULL). NULL when href leaves the book ("../../x"), is absolute or a URL. */
char *book_resolve(const char *base, const char *href, char **frag);

/* Is the picture named name, w x h pixels (w or h 0 when unknown), found on
 * pages of npages pages, a decoration to leave out? */
int book_is_decoration(const char *name, int w, int h, int pages, int npages);

/* Seconds as a WebVTT timestamp "hh:mm:ss.ttt" into buf (at least 32 bytes). */
void book_vtt_time(double seconds, char *buf);

/* The slug of a title for a folder name: ASCII letters and digits lowercased,
 * everything else one '-', at most 60 bytes, "book" when nothing is left.
 * Writes buf (cap bytes) and returns it. */
char *book_slug(const char *title, char *buf, size_t cap);

/* Collapse white space in s (in place): runs become one space, none at the
 * start or end of a line, at most one blank-free line break between
 * paragraphs ('\n' kept as the paragraph mark), control characters (C0, DEL,
 * C1) and bytes of no valid UTF-8 dropped: the result is always UTF-8. */
void book_tidy_text(char *s);

#endif
