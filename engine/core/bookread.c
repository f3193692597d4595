/* bookread — reading an EPUB or a Bloom book into pages (book_import).
 *
 * The zip is unpacked into memory first (bookzip.c, under its caps). An EPUB
 * is then read as the specification lays it out: META-INF/container.xml names
 * the package (OPF); its metadata gives the title, languages, creators with
 * their roles, publisher and rights; its manifest the files; its spine the
 * order. Each spine document is walked once to count its pictures (so a
 * picture on most pages is known as a decoration) and once to make pages:
 * reflowable, a page begins at each picture; fixed layout, one page per
 * document with its largest picture. Elements with an id are remembered with
 * their page and words, so a media overlay's <par> (text fragment + audio
 * clip) lands on the right page. A Bloom book is one HTML file of bloom-page
 * divs with per-sentence recordings in audio/.
 *
 * Pages are built as picture + words + clips, then each page's clips are
 * decoded (audio.h, in blocks, only up to where the clip ends), cut at the
 * exact sample of clipBegin/clipEnd, resampled to the first clip's rate when
 * they differ and joined; each clip with words becomes one cue at its place
 * in the joined narration, so the timings line up to the sample.
 *
 * libxml2 gets no network, no DTD loading and no entity substitution (no
 * XML_PARSE_NOENT), and a document that declares entities is refused before
 * it is parsed; the tree is walked without recursion and only text nodes are
 * read (never an entity reference's expansion: an XHTML page's &nbsp; is
 * looked up in libxml2's table of HTML's own entities). */
#include "book.h"
#include "bookcss.h"

#include "ascii.h"
#include "audio.h"
#include "i18n.h"
#include "probe.h"
#include "sniff.h"
#include "svgcheck.h"
#include "wav.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RD_MAX_CLIPS   4000    /* clips on one page */
#define RD_MAX_IDS     20000   /* remembered ids, in all */
#define RD_MAX_PARS    20000   /* media overlay <par>s read, in all */
#define RD_CSSREF BOOKCSS_URL  /* longest background url(...) looked at */
#define RD_MAX_SHEETS  64      /* stylesheets of a book read */
#define RD_MAX_STYLES  16      /* stylesheets one document uses */
#define RD_MAX_MISSING 16      /* missing pictures told */
#define RD_MAX_PICREFS 5000    /* picture references looked at, in all */
#define RD_ID_TEXT     400     /* bytes of words kept for one fragment's cue */
#define RD_MAX_ITEMS   BOOK_MAX_ENTRIES  /* manifest items, and spine entries */
/* An XML or HTML document of the book (its package, a page, a media overlay,
 * a Bloom book's one page of pages) is parsed only up to this size: a
 * picture book's are kilobytes, an hour of word-by-word overlay about two
 * megabytes; libxml2's tree of a document takes some 15 times its bytes. */
#define RD_MAX_DOC_MB  4
#define RD_MAX_DOC     ((size_t)RD_MAX_DOC_MB * 1024u * 1024u)
/* Seconds of a book's recordings decoded, in all (clips skipped over count
 * too), so a book whose clips jump back and forth cannot decode for hours.
 * A recording stays open from page to page, so one long recording telling
 * the whole book in order is decoded once. */
#define RD_MAX_DECODED (3.0 * 3600.0)
#define RD_BLOCK       4096    /* frames decoded at a time */
#define RD_OVERLAP     0.5     /* seconds a clip may begin before the last one's end */
/* The narration written, in all: a small book naming one long recording on
 * every page cannot become a gigabyte of WAV. An hour is many times a
 * picture book's reading. */
#define RD_MAX_TOLD    3600.0
/* Narration is written at the recording's own rate up to this one; a 96 or
 * 192 kHz recording is brought down to it (a voice needs no more). */
#define RD_MAX_RATE    48000

/* ---------------------------------------------------------------- strings */

typedef struct {
    char *s;
    size_t n, cap;
} Str;

static void str_add(Str *b, const char *s, size_t len)
{
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + len + 1)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns)
            return;   /* words lost to a full memory; the page still comes */
        b->s = ns, b->cap = cap;
    }
    memcpy(b->s + b->n, s, len);
    b->n += len;
    b->s[b->n] = '\0';
}

static void str_cat(Str *b, const char *s)
{
    if (s)
        str_add(b, s, strlen(s));
}

/* A list of the book's languages, creators or credits stops growing here:
 * a book naming 100000 of them is not read into one line of story.ini. */
#define RD_LIST_MAX 4000

/* Is s already an item of list (items joined by sep)? Whole items only:
 * "en" is not in "en-GB", nor "Words: Ann" in "Words: Anna". */
static int list_has(const char *list, const char *s, const char *sep)
{
    size_t l = strlen(s), k = strlen(sep);
    for (const char *p = list; p && (p = strstr(p, s)) != NULL; p++) {
        int starts = p == list || ((size_t)(p - list) >= k && memcmp(p - k, sep, k) == 0);
        int ends = p[l] == '\0' || strncmp(p + l, sep, k) == 0;
        if (starts && ends)
            return 1;
    }
    return 0;
}

/* Append "sep" then s to a list held in *dst (malloc'ed), skipping repeats. */
static void list_add(char **dst, const char *s, const char *sep)
{
    if (!s || !*s || list_has(*dst, s, sep))
        return;
    size_t a = *dst ? strlen(*dst) : 0, l = strlen(s), k = a ? strlen(sep) : 0;
    if (a == 0 && l > RD_LIST_MAX) {
        /* one long statement (a licence's whole text) is kept up to the
         * cap, cut between characters */
        l = RD_LIST_MAX;
        while (l > 0 && ((unsigned char)s[l] & 0xC0) == 0x80)
            l--;
    }
    if (a + k + l > RD_LIST_MAX)
        return;
    char *n = realloc(*dst, a + k + l + 1);
    if (!n)
        return;
    memcpy(n + a, sep, k);
    memcpy(n + a + k, s, l);
    n[a + k + l] = '\0';
    *dst = n;
}

/* ---------------------------------------------------------------- XML helpers */

static int xeq(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

/* An attribute's value by local name (any namespace), from its text nodes
 * only. The HTML parser, which reads a page that is not well-formed XML,
 * keeps a prefix in the name ("xlink:href"), so the part after it counts. */
static const char *xattr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next) {
        const char *an = (const char *)a->name, *colon = strrchr(an, ':');
        if ((strcasecmp(an, name) == 0 || (colon && strcasecmp(colon + 1, name) == 0)) &&
            a->children && a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
    }
    return NULL;
}

static int xclass(const xmlNode *n, const char *cls)
{
    const char *c = xattr(n, "class");
    size_t l = strlen(cls);
    while (c && *c) {
        c += strspn(c, " \t\n");
        size_t w = strcspn(c, " \t\n");
        if (w == l && strncmp(c, cls, l) == 0)
            return 1;
        c += w;
    }
    return 0;
}

static int xblock(const xmlNode *n)
{
    static const char *const blocks[] = { "p", "div", "br", "li", "h1", "h2", "h3", "h4",
                                          "h5", "h6", "section", "blockquote", "tr", "dd",
                                          "dt", "figcaption", "ul", "ol", "table", "figure",
                                          "article", "aside", "header", "footer", "hr", NULL };
    for (int i = 0; blocks[i]; i++)
        if (xeq(n, blocks[i]))
            return 1;
    return 0;
}

/* What a walk stepped out of: the end of a block ends its line (words after
 * a heading are not glued to it), the end of a table cell is a space. */
enum { XOUT_NONE, XOUT_CELL, XOUT_BLOCK };

/* The next node of a depth-first walk under root; descend = enter n's
 * children. *out (may be NULL) says what the step left (XOUT_...). */
static xmlNode *xnext_out(const xmlNode *root, xmlNode *n, int descend, int *out)
{
    int o = XOUT_NONE;
    if (out)
        *out = o;
    if (descend && n->children)
        return n->children;
    while (n && n != root) {
        if (xblock(n))
            o = XOUT_BLOCK;
        else if (o == XOUT_NONE && (xeq(n, "td") || xeq(n, "th")))
            o = XOUT_CELL;
        if (out)
            *out = o;
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

static xmlNode *xnext(const xmlNode *root, xmlNode *n, int descend)
{
    return xnext_out(root, n, descend, NULL);
}

/* Not words of the page: the head, scripts, styles, navigation, and ruby's
 * readings (pinyin, furigana: the player draws no ruby, and "月yuè" is not
 * what the page says). */
static int xskip(const xmlNode *n)
{
    return xeq(n, "head") || xeq(n, "script") || xeq(n, "style") || xeq(n, "title") ||
           xeq(n, "nav") || xeq(n, "rt") || xeq(n, "rp");
}

/* The words a node holds: a text node's, or the character an HTML entity
 * names (an XHTML 1.1 page's &nbsp; or &rsquo;, left unexpanded because its
 * DTD is never loaded: looked up in libxml2's table of HTML's entities, so
 * nothing is read from anywhere). NULL for any other node. */
static const char *xwords(const xmlNode *n, char buf[8])
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return (const char *)n->content;
    if (n->type != XML_ENTITY_REF_NODE || !n->name)
        return NULL;
    const htmlEntityDesc *e = htmlEntityLookup(n->name);
    if (!e || e->value == 0 || e->value > 0x10FFFF)
        return NULL;
    int k = xmlCopyCharMultiByte((xmlChar *)buf, (int)e->value); /* as UTF-8 */
    if (k <= 0 || k > 4)
        return NULL;
    buf[k] = '\0';
    return buf;
}

/* Append a text node's words: a line break in the source is a space, as in
 * HTML (a paragraph written over several lines is one paragraph); lines
 * break only at blocks and <br>. */
static void str_words(Str *b, const char *t)
{
    while (*t) {
        size_t k = strcspn(t, "\n\r\t");
        str_add(b, t, k);
        t += k;
        if (*t)
            str_add(b, " ", 1), t++;
    }
}

/* After a step of the walk that left a block or a cell (xnext_out). */
static void str_out(Str *b, int out)
{
    if (out == XOUT_BLOCK)
        str_add(b, "\n", 1);
    else if (out == XOUT_CELL)
        str_add(b, " ", 1);
}

/* The words under n, paragraphs on lines of their own, up to about max
 * bytes; malloc'ed and tidied. */
/* Is the text node n in a language other than keep's (its nearest
 * element's lang or xml:lang, primary subtags compared: "en-GB" is "en")?
 * 0 when keep is NULL or nothing says. */
static int xlang_other(const xmlNode *n, const char *keep)
{
    if (!keep)
        return 0;
    for (const xmlNode *e = n->parent; e && e->type == XML_ELEMENT_NODE; e = e->parent) {
        const char *l = xattr(e, "lang");
        if (!l)
            continue;
        size_t a = strcspn(l, "-_"), b = strcspn(keep, "-_, ");
        return !(a == b && strncasecmp(l, keep, a) == 0) && *l;
    }
    return 0;
}

/* The words under n, at most max bytes; those in another language than
 * keep (a bilingual book's other one: xlang_other) left out. */
static char *xtext_lang(xmlNode *n, size_t max, const char *keep)
{
    Str b = { 0 };
    char ent[8];
    int out = XOUT_NONE;
    for (xmlNode *c = n; c && b.n < max; c = xnext_out(n, c, c == n || !xskip(c), &out)) {
        str_out(&b, out);
        const char *w = xlang_other(c, keep) ? NULL : xwords(c, ent);
        if (w)
            str_words(&b, w);
        else if (xblock(c))
            str_add(&b, "\n", 1);
    }
    if (!b.s)
        return strdup("");
    book_tidy_text(b.s);
    return b.s;
}

static char *xtext_max(xmlNode *n, size_t max)
{
    return xtext_lang(n, max, NULL);
}

static char *xtext(xmlNode *n)
{
    return xtext_max(n, SIZE_MAX);
}

/* Does the document declare entities of its own? Looked for in the bytes, so
 * not even the parser meets a billion laughs or an external entity. */
static int rd_declares_entities(const BookFile *f)
{
    static const char mark[] = "<!ENTITY";
    for (size_t i = 0; i + sizeof mark - 1 <= f->len; i++)
        if (f->data[i] == '<' && memcmp(f->data + i, mark, sizeof mark - 1) == 0)
            return 1;
    return 0;
}

/* ---------------------------------------------------------------- the reader */

typedef struct {
    char *audio;        /* zip name */
    double begin, end;  /* seconds; end < 0: to the end of the file */
    char *text;         /* the fragment's words, or NULL */
} Clip;

typedef struct {
    const char *picture;     /* zip name, or NULL */
    Str text;
    Clip *clips;
    int nclips;
} PageBuild;

typedef struct {
    char *doc, *id;
    int page;
    char *text;
} IdRef;

typedef struct {
    int judged, ok, w, h;   /* rd_picture_ok's verdict on one file of the zip */
} PicSeen;

/* A recording being decoded: kept open from page to page, so a book told by
 * one long recording is decoded once from start to end, not from its start
 * again for every page. */
typedef struct {
    Audio *a;
    const char *name;   /* the zip's name of it */
    int rate;
} Source;

/* A stylesheet, by its zip name, and the background rules read from it. */
typedef struct {
    char *name;
    BookCss css;
} Sheet;

/* One of a document's stylesheets: its rules, and the name its url()s are
 * written from (NULL: the document's own <style>). */
typedef struct {
    const BookCss *css;
    const char *base;
} Style;

typedef struct BookReader {
    BookZip zip;              /* the book's files, kept for the narration */
    const BookZip *z;         /* &zip */
    Book *b;
    char *why;
    char own_why[BOOK_WHY];   /* why, once book_import has returned */
    const BookOptions *o;
    PageBuild *pages;
    int npages;
    IdRef *ids;
    int nids;
    const char *cover;        /* zip name of the cover picture */
    char **pics;              /* pictures counted across documents */
    int *pic_docs, npics;
    int ndocs;
    int id_hint;              /* where the last fragment was found */
    int npars, npicrefs;      /* work done, against RD_MAX_PARS and RD_MAX_PICREFS */
    double decoded;           /* seconds of recordings decoded */
    int audio_notes;          /* recordings told as unusable (a few are named) */
    int pages_full;           /* pages refused past BOOK_MAX_PAGES */
    int bad_clips;            /* media overlay clips ending before they begin */
    int bad_times;            /* and clips with a time that cannot be read */
    PicSeen *pic_seen;        /* one for each file of the zip, once judged */
    int *built;               /* the Book's page i is pages[built[i]] */
    unsigned char *narrated;  /* book_narrate has made page i's */
    double told;              /* seconds of narration made, in all */
    Source src;               /* the recording the last page's narration ended in */
    int told_full;            /* the book's narration reached RD_MAX_TOLD */
    char cssref[RD_CSSREF];   /* a style attribute's background url, unquoted */
    Sheet *sheets;            /* the book's stylesheets read so far (RD_MAX_SHEETS) */
    int nsheets;
    Style styles[RD_MAX_STYLES];  /* the document's, in the order it names them */
    int nstyles;
    BookCss own;              /* its own <style> elements' rules */
    const char *refbase;      /* what rd_pic_ref1's last reference is relative to */
    const char *keep_lang;    /* a book of several languages: the one whose words are read */
    char *missing[RD_MAX_MISSING];  /* pictures named but not in the book, told once */
    int nmissing;
} Reader;

static void rd_note(Reader *r, const char *name, const char *what)
{
    diag_add(&r->b->notes, DIAG_WARNING, name, 0, "%s", what);
}

/* rd_note, unless this very note on this file was given already (a file
 * read twice, for its pictures and for its words). */
static void rd_note_once(Reader *r, const char *name, const char *what)
{
    const Diags *d = &r->b->notes;
    for (int i = 0; i < d->n; i++)
        if (d->items[i].path && strcmp(d->items[i].path, name) == 0 &&
            strcmp(d->items[i].msg, what) == 0)
            return;
    rd_note(r, name, what);
}

static xmlDoc *rd_parse(Reader *r, const BookFile *f, int html)
{
    if (rd_declares_entities(f)) {
        snprintf(r->why, BOOK_WHY, _("its file '%s' declares entities of its own, a trick "
                 "used to fill memory or to read other files, so it is not read"), f->name);
        return NULL;
    }
    if (f->len > RD_MAX_DOC) {
        /* libxml2 builds a tree of several times a document's bytes: a
         * manifest of 800000 items in 60 MB took the importer to 880 MB */
        snprintf(r->why, BOOK_WHY, _("its file '%1$s' is %2$.1f MB; a picture book's documents "
                 "are far smaller (at most %3$d MB)"), f->name, (double)f->len / (1024.0 * 1024.0),
                 RD_MAX_DOC_MB);
        return NULL;
    }
    xmlDoc *d = NULL;   /* html: 0 XML, else HTML; 1 HTML only; 2 XML only */
    xmlResetLastError();
    if (html != 1)
        d = xmlReadMemory((const char *)f->data, (int)f->len, f->name, NULL,
                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    /* The HTML parser is told the encoding: UTF-8, as EPUB requires, unless
     * a byte-order mark says UTF-16 (read as UTF-8, its words would be
     * every other byte a NUL). */
    const char *enc = f->len >= 2 && f->data[0] == 0xFF && f->data[1] == 0xFE ? "UTF-16LE"
                    : f->len >= 2 && f->data[0] == 0xFE && f->data[1] == 0xFF ? "UTF-16BE"
                    : "UTF-8";
    if (!d && html != 2) {
        xmlResetLastError();
        d = htmlReadMemory((const char *)f->data, (int)f->len, f->name, enc,
                           HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                           HTML_PARSE_NOIMPLIED);
        /* libxml2 stops descending 256 elements deep (deeper only with
         * XML_PARSE_HUGE, which also lifts its other limits): what lies
         * deeper is lost, and said. */
        const xmlError *e = xmlGetLastError();
        if (d && e && e->code == XML_ERR_INTERNAL_ERROR && e->message &&
            strstr(e->message, "depth"))
            rd_note_once(r, f->name, _("its elements are nested more than 256 deep; the words "
                    "deeper than that are left out"));
    }
    if (d && d->intSubset && d->intSubset->entities) {
        xmlFreeDoc(d);
        snprintf(r->why, BOOK_WHY, _("its file '%s' declares entities of its own, so it is not "
                 "read"), f->name);
        return NULL;
    }
    if (!d)
        snprintf(r->why, BOOK_WHY, _("its file '%s' is not readable XML"), f->name);
    return d;
}

/* rd_parse for a file whose failure is not the book's: why (BOOK_WHY bytes)
 * gets the reason, and the book's own stays as it was. */
static xmlDoc *rd_parse_aside(Reader *r, const BookFile *f, int html, char *why)
{
    char *keep = r->why;
    r->why = why;
    why[0] = '\0';
    xmlDoc *d = rd_parse(r, f, html);
    r->why = keep;
    return d;
}

static PageBuild *rd_new_page(Reader *r, const char *picture)
{
    if (r->npages >= BOOK_MAX_PAGES) {
        if (!r->pages_full++)
            diag_add(&r->b->notes, DIAG_WARNING, "pages", 0, _("the book has more than %d "
                     "pages, as many as a story can have; the rest are left out"),
                     BOOK_MAX_PAGES);
        return NULL;
    }
    PageBuild *p = realloc(r->pages, (size_t)(r->npages + 1) * sizeof *p);
    if (!p)
        return NULL;
    r->pages = p;
    memset(&p[r->npages], 0, sizeof *p);
    p[r->npages].picture = picture;
    return &p[r->npages++];
}

static void rd_add_id(Reader *r, const char *doc, const char *id, int page, xmlNode *n)
{
    if (r->nids >= RD_MAX_IDS || page < 0)
        return;
    IdRef *ids = realloc(r->ids, (size_t)(r->nids + 1) * sizeof *ids);
    if (!ids)
        return;
    r->ids = ids;
    IdRef *e = &ids[r->nids];
    e->doc = strdup(doc), e->id = strdup(id), e->page = page, e->text = xtext_max(n, RD_ID_TEXT);
    if (!e->doc || !e->id || !e->text) {
        free(e->doc), free(e->id), free(e->text);
        return;
    }
    r->nids++;
}

/* Overlays name fragments in document order, so the search starts after the
 * last one found and the usual book costs one comparison a fragment. */
static const IdRef *rd_find_id(Reader *r, const char *doc, const char *id)
{
    for (int k = 0; k < r->nids; k++) {
        int i = (r->id_hint + k) % r->nids;
        if (strcmp(r->ids[i].id, id) == 0 && strcmp(r->ids[i].doc, doc) == 0) {
            r->id_hint = i + 1;
            return &r->ids[i];
        }
    }
    return NULL;
}

static void rd_add_clip(Reader *r, int page, const char *audio, double begin, double end,
                        const char *text)
{
    if (page < 0 || page >= r->npages)
        return;
    PageBuild *p = &r->pages[page];
    if (p->nclips >= RD_MAX_CLIPS)
        return;
    Clip *c = realloc(p->clips, (size_t)(p->nclips + 1) * sizeof *c);
    if (!c)
        return;
    p->clips = c;
    c[p->nclips] = (Clip){ strdup(audio), begin, end, text && *text ? strdup(text) : NULL };
    if (c[p->nclips].audio)
        p->nclips++;
}

/* Is the picture usable: a kind the player shows, within its limits? Its size
 * in *w x *h (0 when unknown). Notes why not, once per picture. */
static int rd_picture_judge(Reader *r, const BookFile *f, const char *name, int *w, int *h,
                            int note)
{
    SniffKind k = sniff_bytes(f->data, f->len < SNIFF_HEAD ? f->len : SNIFF_HEAD);
    if (!sniff_is_picture(k)) {
        if (note)
            diag_add(&r->b->notes, DIAG_WARNING, name, 0, _("not a picture this player can "
                     "show (it looks like %s); left out"), sniff_name(k));
        return 0;
    }
    ProbeStatus st = probe_picture(f->data, f->len, w, h);
    if (st == PROBE_OK && probe_too_large(*w, *h)) {
        if (note)
            diag_add(&r->b->notes, DIAG_WARNING, name, 0, _("the picture says it is %1$dx%2$d "
                     "pixels, more than the %3$d a side the player shows; left out"), *w, *h,
                     PROBE_MAX_SIDE);
        return 0;
    }
    if (st != PROBE_OK && st != PROBE_NO_SIZE) {
        if (note)
            diag_add(&r->b->notes, DIAG_WARNING, name, 0, _("the picture %s; left out"),
                     probe_status_text(st));
        return 0;
    }
    if (st != PROBE_OK)
        *w = *h = 0;
    char why[BOOK_WHY];
    SvgCheckCounts counts;
    SvgCheckStatus sc = k == SNIFF_SVG ? svgcheck_scan(f->data, f->len, &counts) : SVGCHECK_OK;
    if (sc != SVGCHECK_OK) {
        svgcheck_describe(sc, &counts, why, sizeof why);
        if (note)
            diag_add(&r->b->notes, DIAG_WARNING, name, 0, _("the drawing cannot be shown: %s; "
                     "left out"), why);
        return 0;
    }
    /* The player's own decoder, when the edge gave it: a damaged PNG has a
     * good header, and would only be found out at bedtime. */
    why[0] = '\0';
    int seen = r->o->picture_check ? r->o->picture_check(f->data, f->len, why, sizeof why) : 0;
    if (seen < 0) {
        if (note)
            diag_add(&r->b->notes, DIAG_WARNING, name, 0, _("%s; left out"),
                     why[0] ? why : _("the picture cannot be shown"));
        return 0;
    }
    if (seen > 0 && why[0] && note) /* shown, with what the parent should know */
        diag_add(&r->b->notes, DIAG_WARNING, name, 0, "%s", why);
    return 1;
}

/* Is the picture usable: a kind the player shows, within its limits, and
 * (when the edge can tell) one that opens? Its size in *w x *h (0 when
 * unknown). Each file is judged once, and a refusal noted once. */
static int rd_picture_ok(Reader *r, const char *name, int *w, int *h, int note)
{
    *w = *h = 0;
    const BookFile *f = bookzip_find(r->z, name);
    if (!f) {
        int told = 0;
        for (int i = 0; i < r->nmissing && !told; i++)
            told = strcmp(r->missing[i], name) == 0;
        if (note && !told && r->nmissing < RD_MAX_MISSING) {
            char *copy = strdup(name);
            if (copy)
                r->missing[r->nmissing++] = copy;
            diag_add(&r->b->notes, DIAG_WARNING, name, 0, "%s",
                     _("a picture the book names is not in it; its page has its words only"));
        }
        return 0;
    }
    if (!r->pic_seen && r->z->n > 0) {
        r->pic_seen = calloc((size_t)r->z->n, sizeof *r->pic_seen);
        if (!r->pic_seen)
            return rd_picture_judge(r, f, name, w, h, note);
    }
    PicSeen *seen = &r->pic_seen[f - r->z->files];
    if (!seen->judged) {
        seen->judged = 1;
        seen->ok = rd_picture_judge(r, f, name, &seen->w, &seen->h, note);
    }
    *w = seen->w, *h = seen->h;
    return seen->ok;
}

static const char *rd_ext(const BookFile *f)
{
    switch (sniff_bytes(f->data, f->len < SNIFF_HEAD ? f->len : SNIFF_HEAD)) {
    case SNIFF_PNG: return "png";
    case SNIFF_JPEG: return "jpg";
    case SNIFF_WEBP: return "webp";
    case SNIFF_SVG: return "svg";
    default: return NULL;
    }
}

/* The picture an element shows: <img src>, SVG <image href>, <object data>,
 * or a background in its style attribute (written into r->cssref) or in
 * the document's stylesheets (bookcss.h). r->refbase is set to what the
 * reference is written from: the stylesheet's name, or NULL for the
 * document (rd_resolve). */
static const char *rd_pic_ref1(Reader *r, const xmlNode *n)
{
    r->refbase = NULL;
    if (xeq(n, "img"))
        return xattr(n, "src");
    if (xeq(n, "image"))
        return xattr(n, "href");
    if (xeq(n, "object") && xattr(n, "type") && strncmp(xattr(n, "type"), "image/", 6) == 0)
        return xattr(n, "data");
    const char *style = xattr(n, "style");
    const char *ref = style ? bookcss_background(style, r->cssref, sizeof r->cssref) : NULL;
    if (ref || n->type != XML_ELEMENT_NODE)
        return ref;
    for (int i = r->nstyles - 1; i >= 0; i--) {
        const BookCssRule *rule = bookcss_match(r->styles[i].css, (const char *)n->name,
                                                xattr(n, "class"), xattr(n, "id"));
        if (rule) {
            r->refbase = r->styles[i].base;
            return rule->url;
        }
    }
    return NULL;
}

/* The zip name of ref, which rd_pic_ref1 just gave for an element of doc. */
static char *rd_resolve(const Reader *r, const char *doc, const char *ref)
{
    return book_resolve(r->refbase ? r->refbase : doc, ref, NULL);
}

/* A stylesheet of the book, read once (NULL when it is not in the book or
 * too many were). */
static const Sheet *rd_sheet(Reader *r, const char *name)
{
    for (int i = 0; i < r->nsheets; i++)
        if (strcmp(r->sheets[i].name, name) == 0)
            return &r->sheets[i];
    const BookFile *f = bookzip_find(r->z, name);
    if (!f || !f->data || r->nsheets == RD_MAX_SHEETS)
        return NULL;
    if (r->nsheets == 0 && !(r->sheets = calloc(RD_MAX_SHEETS, sizeof *r->sheets)))
        return NULL;
    Sheet *s = &r->sheets[r->nsheets];
    if (!(s->name = strdup(f->name)))
        return NULL;
    r->nsheets++;
    bookcss_parse(&s->css, (const char *)f->data, f->len);
    return s;
}

/* Is rel's list of link types one with "stylesheet"? */
static int rd_is_stylesheet(const char *rel)
{
    for (const char *p = rel; p && *p;) {
        p += strspn(p, " \t\r\n");
        size_t w = strcspn(p, " \t\r\n");
        if (w == 10 && strncasecmp(p, "stylesheet", 10) == 0)
            return 1;
        p += w;
    }
    return 0;
}

/* The stylesheets document doc uses, in order: each <link rel=stylesheet>
 * and, at its first <style>, all its <style> elements' rules (r->own). Only
 * sheets with a background rule are kept. */
static void rd_styles(Reader *r, const char *doc, xmlNode *root)
{
    r->nstyles = 0;
    bookcss_free(&r->own);
    int own = 0;
    for (xmlNode *n = root; n && r->nstyles < RD_MAX_STYLES; n = xnext(root, n, 1)) {
        if (xeq(n, "link") && rd_is_stylesheet(xattr(n, "rel")) && xattr(n, "href")) {
            char *name = book_resolve(doc, xattr(n, "href"), NULL);
            const Sheet *sheet = name ? rd_sheet(r, name) : NULL;
            free(name);
            if (sheet && sheet->css.n > 0)
                r->styles[r->nstyles++] = (Style){ &sheet->css, sheet->name };
        } else if (xeq(n, "style")) {
            xmlChar *t = xmlNodeGetContent(n);
            if (t)
                bookcss_parse(&r->own, (const char *)t, strlen((const char *)t));
            xmlFree(t);
            if (!own && r->own.n > 0) {
                own = 1;
                r->styles[r->nstyles++] = (Style){ &r->own, NULL };
            }
        }
    }
}

/* rd_pic_ref1 within the book's budget of picture references (a page of
 * 100000 <img> tags is not a picture book; past the budget none is looked at). */
static const char *rd_pic_ref(Reader *r, const xmlNode *n)
{
    const char *ref = n->type == XML_ELEMENT_NODE ? rd_pic_ref1(r, n) : NULL;
    if (!ref)
        return NULL;
    if (++r->npicrefs == RD_MAX_PICREFS)
        diag_add(&r->b->notes, DIAG_WARNING, "pictures", 0, _("the book names more than %d "
                 "pictures; the rest are left out"), RD_MAX_PICREFS);
    return r->npicrefs < RD_MAX_PICREFS ? ref : NULL;
}

/* How many documents show this picture (counted by rd_count_pics). */
static int rd_pic_docs(const Reader *r, const char *name)
{
    for (int i = 0; i < r->npics; i++)
        if (strcmp(r->pics[i], name) == 0)
            return r->pic_docs[i];
    return 0;
}

static void rd_count_pics(Reader *r, const char *doc, xmlNode *root)
{
    int first = r->npics;
    for (xmlNode *n = root; n; n = xnext(root, n, 1)) {
        const char *ref = rd_pic_ref(r, n);
        char *name = ref ? rd_resolve(r, doc, ref) : NULL;
        if (!name)
            continue;
        int i;
        for (i = 0; i < r->npics && strcmp(r->pics[i], name) != 0; i++)
            ;
        if (i < r->npics) {
            if (i < first)   /* counted once a document */
                r->pic_docs[i]++;
            free(name);
            continue;
        }
        char **p = realloc(r->pics, (size_t)(r->npics + 1) * sizeof *p);
        int *d = p ? realloc(r->pic_docs, (size_t)(r->npics + 1) * sizeof *d) : NULL;
        if (p)
            r->pics = p;
        if (!d) {
            free(name);
            return;
        }
        r->pic_docs = d;
        r->pics[r->npics] = name;
        r->pic_docs[r->npics++] = 1;
    }
}

/* A picture of the document worth a page (not the cover again, not a
 * decoration, usable); notes decorations only once. */
static const char *rd_page_picture(Reader *r, const char *name, int *area)
{
    int w, h;
    if (!rd_picture_ok(r, name, &w, &h, 1))
        return NULL;
    const BookFile *f = bookzip_find(r->z, name);
    if (book_is_decoration(f->name, w, h, rd_pic_docs(r, f->name), r->ndocs))
        return NULL;
    *area = w * h;
    return f->name;
}

/* The picture that element n shows, if it is worth a page of the book: not
 * a decoration, and not the cover again before any page has a picture (the
 * cover is the story's cover, not its first page). */
static const char *rd_reflow_picture(Reader *r, const char *doc, const xmlNode *n, int count)
{
    const char *ref = count ? rd_pic_ref(r, n) : rd_pic_ref1(r, n);
    char *name = ref ? rd_resolve(r, doc, ref) : NULL;
    int area;
    const char *pic = name ? rd_page_picture(r, name, &area) : NULL;
    free(name);
    if (pic && r->cover && strcmp(pic, r->cover) == 0) {
        int pictured = 0;
        for (int i = 0; i < r->npages && !pictured; i++)
            pictured = r->pages[i].picture != NULL;
        if (!pictured)
            return NULL;
    }
    return pic;
}

#define RD_PENDING 64   /* elements with an id met before any of their words */
#define RD_ONE_PICTURE_REFS 64   /* picture references a page of one picture may make */

/* Reflowable: a page begins at each picture and holds the words up to the
 * next. Two things keep a page whole:
 * - an element with an id belongs to the page its first picture or words
 *   land on, not to the page before: a media overlay naming the page's own
 *   <div id="page2"> (its picture, then its words) tells page 2, not the end
 *   of page 1 or a page of nothing;
 * - a document of one picture is one page, whatever comes first: a book laid
 *   out words above the picture does not become a page of words alone and
 *   then a page of the picture alone. */
static void rd_reflow(Reader *r, const char *doc, xmlNode *root)
{
    int pics = 0, refs = 0;   /* the document's pictures worth a page: 0, 1 or more */
    const char *only = NULL;
    for (xmlNode *n = root; n && pics < 2; n = xnext(root, n, !xskip(n))) {
        if (n->type != XML_ELEMENT_NODE || !rd_pic_ref1(r, n))
            continue;
        if (++refs > RD_ONE_PICTURE_REFS || r->npicrefs >= RD_MAX_PICREFS) {
            pics = 2;   /* not a page of one picture: looked at no further */
            break;
        }
        const char *pic = rd_reflow_picture(r, doc, n, 0);
        if (pic && (!only || strcmp(pic, only) != 0))
            pics++, only = pic;
    }
    int cur = -1, words_first = -1;   /* pages[] indices (pages[] moves as it grows) */
    xmlNode *pending[RD_PENDING];
    int npending = 0, out = XOUT_NONE;
    char ent[8];
    for (xmlNode *n = root; n; n = xnext_out(root, n, !xskip(n), &out)) {
        if (cur >= 0)
            str_out(&r->pages[cur].text, out);
        int land = 0;   /* a picture or words came: the pending ids are this page's */
        if (n->type == XML_ELEMENT_NODE && rd_pic_ref1(r, n)) {
            const char *pic = rd_reflow_picture(r, doc, n, 1);
            if (!pic)
                continue;
            if (pics == 1 && words_first >= 0 && !r->pages[words_first].picture) {
                r->pages[words_first].picture = pic;
                cur = words_first;
            } else {
                PageBuild *p = rd_new_page(r, pic);
                if (!p)
                    return;
                cur = (int)(p - r->pages);
            }
            land = 1;
        } else if (n->type == XML_ELEMENT_NODE && xattr(n, "id")) {
            if (npending < RD_PENDING)
                pending[npending++] = n;
            else if (cur >= 0)
                rd_add_id(r, doc, xattr(n, "id"), cur, n);
        }
        const char *t = xlang_other(n, r->keep_lang) ? NULL : xwords(n, ent);
        if (t && strspn(t, " \t\r\n") < strlen(t)) {
            if (cur < 0) {
                PageBuild *p = rd_new_page(r, NULL);
                if (!p)
                    return;
                cur = words_first = (int)(p - r->pages);
            }
            land = 1;
        }
        if (t && cur >= 0)
            str_words(&r->pages[cur].text, t);
        else if (!t && xblock(n) && cur >= 0)
            str_add(&r->pages[cur].text, "\n", 1);
        if (land) {
            for (int i = 0; i < npending; i++)
                rd_add_id(r, doc, xattr(pending[i], "id"), cur, pending[i]);
            npending = 0;
        }
    }
    for (int i = 0; i < npending && cur >= 0; i++)   /* ids after the last words */
        rd_add_id(r, doc, xattr(pending[i], "id"), cur, pending[i]);
}

/* Fixed layout: one page per document, its largest picture and all its words. */
static void rd_fixed(Reader *r, const char *doc, xmlNode *root)
{
    const char *best = NULL;
    int best_area = -1;
    for (xmlNode *n = root; n; n = xnext(root, n, 1)) {
        const char *ref = rd_pic_ref(r, n);
        char *name = ref ? rd_resolve(r, doc, ref) : NULL;
        int area = 0;
        const char *pic = name ? rd_page_picture(r, name, &area) : NULL;
        free(name);
        if (pic && area > best_area)
            best = pic, best_area = area;
    }
    PageBuild *p = rd_new_page(r, best);
    if (!p)
        return;
    char *t = xtext_lang(root, SIZE_MAX, r->keep_lang);
    str_cat(&p->text, t);
    free(t);
    for (xmlNode *n = root; n; n = xnext(root, n, !xskip(n)))
        if (n->type == XML_ELEMENT_NODE && xattr(n, "id"))
            rd_add_id(r, doc, xattr(n, "id"), r->npages - 1, n);
}

/* ---------------------------------------------------------------- narration */

typedef struct {
    int16_t *s;
    size_t n, cap;
} Pcm;

static int pcm_add(Pcm *p, const float *f, size_t n)
{
    if (p->n + n > p->cap) {
        size_t cap = p->cap ? p->cap : 65536;
        while (cap < p->n + n)
            cap *= 2;
        int16_t *ns = realloc(p->s, cap * sizeof *ns);
        if (!ns)
            return -1;
        p->s = ns, p->cap = cap;
    }
    for (size_t i = 0; i < n; i++) {
        float v = f[i] > 1.0f ? 1.0f : f[i] < -1.0f ? -1.0f : f[i];
        p->s[p->n++] = (int16_t)lrintf(v * 32767.0f);
    }
    return 0;
}

/* Open (or keep open) the clip's recording, positioned at or before begin. */
static int rd_source(Reader *r, Source *src, const Clip *c, int page)
{
    /* A clip that begins a little before where the last one ended (aligners
     * often overlap them by a few milliseconds) goes on from there: decoded
     * again from the recording's start for each, half of a 200-page book's
     * narration ran past the budget. */
    if (src->a && strcmp(src->name, c->audio) == 0 &&
        audio_position(src->a) <= (uint64_t)llround((c->begin + RD_OVERLAP) * src->rate))
        return 0;
    audio_close(src->a);
    src->a = NULL;
    const BookFile *f = bookzip_find(r->z, c->audio);
    if (!f) {
        if (r->audio_notes++ < 5)
            diag_add(&r->b->notes, DIAG_WARNING, c->audio, 0, _("a recording page %d's "
                     "narration names is missing; its narration leaves it out"), page + 1);
        return -1;
    }
    SniffKind k = sniff_bytes(f->data, f->len < SNIFF_HEAD ? f->len : SNIFF_HEAD);
    AudioStatus st;
    char why[AUDIO_WHY];
    AudioLimit lim = { 0, "a book's recording" };
    src->a = sniff_is_audio(k) ? audio_open_mem(f->data, f->len, k, 1, &lim, &st, why) : NULL;
    if (!src->a) {
        if (r->audio_notes++ < 5)
            diag_add(&r->b->notes, DIAG_WARNING, f->name, 0, _("a recording of page %1$d's "
                     "narration cannot be played (%2$s); its narration leaves it out"), page + 1,
                     sniff_is_audio(k) ? why : sniff_name(k));
        return -1;
    }
    src->name = f->name;
    src->rate = audio_info(src->a)->rate;
    return 0;
}

/* Decode one clip onto out at out_rate (resampled linearly when the rates
 * differ). Returns 0, or -1 when the page's cap was reached. */
static int rd_clip(Source *src, const Clip *c, Pcm *out, int out_rate, size_t cap,
                   double *decoded)
{
    uint64_t begin = (uint64_t)llround(c->begin * src->rate);
    uint64_t end = c->end < 0 ? UINT64_MAX : (uint64_t)llround(c->end * src->rate);
    float buf[RD_BLOCK];
    double step = (double)src->rate / out_rate, at = 0;   /* resampling position */
    float last = 0;
    int have_last = 0;
    for (;;) {
        uint64_t pos = audio_position(src->a);
        if (pos >= end)
            return 0;
        size_t want = RD_BLOCK;
        if (pos < begin && begin - pos < want)
            want = (size_t)(begin - pos);
        else if (pos >= begin && end - pos < want)
            want = (size_t)(end - pos);
        if (*decoded > RD_MAX_DECODED)
            return -1;
        size_t got = audio_read(src->a, buf, want);
        if (got == 0)
            return 0;
        *decoded += (double)got / src->rate;
        if (pos + got <= begin)
            continue;
        size_t skip = pos < begin ? (size_t)(begin - pos) : 0;
        if (src->rate == out_rate) {
            size_t n = got - skip;
            if (out->n + n > cap)
                n = cap - out->n;
            if (pcm_add(out, buf + skip, n) != 0 || out->n >= cap)
                return -1;
            continue;
        }
        for (size_t i = skip; i < got; i++) {
            /* Output samples between the previous input sample and this one. */
            while (have_last && at <= 1.0) {
                float v = (float)(last + (buf[i] - last) * at);
                if (out->n >= cap || pcm_add(out, &v, 1) != 0)
                    return -1;
                at += step;
            }
            if (have_last)
                at -= 1.0;
            last = buf[i], have_last = 1;
        }
    }
}

static void rd_cue(Str *vtt, double a, double b, const char *text)
{
    char ta[32], tb[32];
    if (!text || !*text || b <= a)
        return;
    book_vtt_time(a, ta);
    book_vtt_time(b, tb);
    if (strcmp(ta, tb) == 0)
        return;
    char line[80];
    snprintf(line, sizeof line, "%s --> %s\n", ta, tb);
    str_cat(vtt, line);
    char *t = strdup(text);
    if (!t)
        return;
    for (char *p = t; *p; p++)   /* a cue is one line; "-->" would end it */
        if (*p == '\n' || (p[0] == '-' && p[1] == '-' && p[2] == '>'))
            *p = ' ';
    str_cat(vtt, t);
    str_cat(vtt, "\n\n");
    free(t);
}

/* Join page i's clips into one narration and its cues. */
static void rd_narrate(Reader *r, int i, BookPage *out)
{
    PageBuild *p = &r->pages[i];
    if (p->nclips == 0 || r->decoded > RD_MAX_DECODED || r->told_full)
        return;
    Source *src = &r->src;
    Pcm pcm = { 0 };
    Str vtt = { 0 };
    int rate = 0, cues = 0, capped = 0;
    size_t cap = 0;
    double left = RD_MAX_TOLD - r->told, page_max = AUDIO_NARRATION_SECONDS;
    int whole_book = left < page_max;   /* the book's cap comes first */
    if (whole_book)
        page_max = left;
    str_cat(&vtt, "WEBVTT\n\n");
    const char *bad = NULL;   /* a recording that failed: its other clips are passed over */
    for (int c = 0; c < p->nclips && !capped; c++) {
        if (bad && strcmp(bad, p->clips[c].audio) == 0)
            continue;
        if (rd_source(r, src, &p->clips[c], i) != 0) {
            bad = p->clips[c].audio;
            continue;
        }
        if (!rate) {
            rate = src->rate < RD_MAX_RATE ? src->rate : RD_MAX_RATE;
            cap = (size_t)(page_max * rate);
        }
        double start = (double)pcm.n / rate;
        capped = rd_clip(src, &p->clips[c], &pcm, rate, cap, &r->decoded) != 0;
        double end = (double)pcm.n / rate;
        if (p->clips[c].text && end > start)
            rd_cue(&vtt, start, end, p->clips[c].text), cues++;
    }
    if (capped && r->decoded > RD_MAX_DECODED)
        diag_add(&r->b->notes, DIAG_WARNING, "narration", 0, _("the book's recordings took "
                 "more than %1$g hours to go through; page %2$d's narration stops there and "
                 "the pages after it have none"), RD_MAX_DECODED / 3600, i + 1);
    else if (capped && whole_book) {
        r->told_full = 1;
        diag_add(&r->b->notes, DIAG_WARNING, "narration", 0, _("the book's narration comes to "
                 "more than %1$g minutes in all; page %2$d's narration stops there and the "
                 "pages after it have none"), RD_MAX_TOLD / 60, i + 1);
    } else if (capped)
        diag_add(&r->b->notes, DIAG_WARNING, "narration", 0, _("page %1$d's narration is longer "
                 "than %2$g minutes; it is cut there"), i + 1, AUDIO_NARRATION_SECONDS / 60);
    if (pcm.n > 0 && wav_write(pcm.s, pcm.n, rate, 1, &out->wav, &out->wav_len) == 0) {
        out->narration_seconds = (double)pcm.n / rate;
        r->told += out->narration_seconds;
        if (cues > 0) {
            out->vtt = vtt.s, out->cues = cues;
            vtt.s = NULL;
        }
    }
    free(pcm.s);
    free(vtt.s);
}

/* ---------------------------------------------------------------- EPUB */

typedef struct {
    char *id, *href, *type, *props, *overlay;
} Item;

typedef struct {
    Item *items;
    int n;
    char **spine;   /* item ids, in order */
    int nspine;
    char *cover_id;
} Opf;

static const Item *opf_item(const Opf *o, const char *id)
{
    for (int i = 0; id && i < o->n; i++)
        if (strcmp(o->items[i].id, id) == 0)
            return &o->items[i];
    return NULL;
}

static int has_token(const char *list, const char *tok)
{
    size_t l = strlen(tok);
    while (list && *list) {
        list += strspn(list, " \t\n");
        size_t w = strcspn(list, " \t\n");
        if (w == l && strncmp(list, tok, l) == 0)
            return 1;
        list += w;
    }
    return 0;
}

static char *xdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* dc:creator / dc:contributor with its role: opf:role (EPUB 2) or a <meta
 * refines="#id" property="role"> (EPUB 3). */
static void opf_person(Reader *r, xmlNode *meta, xmlNode *n)
{
    char *who = xtext(n);
    const char *role = xattr(n, "role");
    const char *id = xattr(n, "id");
    for (xmlNode *m = meta->children; !role && id && m; m = m->next) {
        const char *ref = xattr(m, "refines"), *prop = xattr(m, "property");
        if (xeq(m, "meta") && ref && ref[0] == '#' && strcmp(ref + 1, id) == 0 && prop &&
            strcmp(prop, "role") == 0 && m->children && m->children->type == XML_TEXT_NODE)
            role = (const char *)m->children->content;
    }
    char line[600];
    if (!role && xeq(n, "creator"))
        role = "aut";
    if (role && strcmp(role, "bkp") == 0) {
        /* the book producer: the program that made the file ("calibre
         * (5.37.0) [https://calibre-ebook.com]"), not one of the book's makers */
        free(who);
        return;
    }
    if (role && strcmp(role, "aut") == 0) {
        list_add(&r->b->authors, who, ", ");
        snprintf(line, sizeof line, "Words: %s", who);
    } else if (role && strcmp(role, "ill") == 0) {
        list_add(&r->b->illustrators, who, ", ");
        snprintf(line, sizeof line, "Pictures: %s", who);
    } else if (role && strcmp(role, "trl") == 0) {
        snprintf(line, sizeof line, "Translation: %s", who);
    } else {
        snprintf(line, sizeof line, "With: %s", who);
    }
    if (*who)
        list_add(&r->b->credits, line, ". ");
    free(who);
}

static void opf_metadata(Reader *r, xmlNode *meta, Opf *o)
{
    for (xmlNode *n = meta->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        char *t = xtext(n);
        const char *prop = xattr(n, "property"), *name = xattr(n, "name");
        if (xeq(n, "title") && !r->b->title && *t)
            r->b->title = strdup(t);
        else if (xeq(n, "language"))
            list_add(&r->b->languages, t, ", ");
        else if (xeq(n, "creator") || xeq(n, "contributor"))
            opf_person(r, meta, n);
        else if (xeq(n, "publisher") && !r->b->publisher && *t)
            r->b->publisher = strdup(t);
        else if (xeq(n, "rights") || (xeq(n, "meta") && prop &&
                 (strcmp(prop, "dcterms:rights") == 0 || strcmp(prop, "dcterms:license") == 0)))
            list_add(&r->b->licence, t, " ");
        else if (xeq(n, "meta") && name && strcmp(name, "cover") == 0 && !o->cover_id)
            o->cover_id = xdup(xattr(n, "content"));
        else if (xeq(n, "meta") && prop && strcmp(prop, "rendition:layout") == 0)
            r->b->fixed_layout = strcmp(t, "pre-paginated") == 0;
        else if (xeq(n, "meta") && name && strcmp(name, "fixed-layout") == 0 && xattr(n, "content"))
            r->b->fixed_layout = strcmp(xattr(n, "content"), "true") == 0;   /* Kindle's */
        free(t);
    }
}

static int opf_read(Reader *r, xmlNode *root, const char *opf_name, Opf *o)
{
    const char *ver = xattr(root, "version");
    int fixed_refs = 0;
    r->b->format = ver && ver[0] >= '3' ? BOOK_EPUB3 : BOOK_EPUB2;
    for (xmlNode *sec = root->children; sec; sec = sec->next) {
        if (xeq(sec, "metadata"))
            opf_metadata(r, sec, o);
        for (xmlNode *n = sec->children; xeq(sec, "manifest") && n; n = n->next) {
            const char *id = xattr(n, "id"), *href = xattr(n, "href");
            if (o->n >= RD_MAX_ITEMS) {
                /* each item names one of the zip's files: more than it can
                 * hold are names of nothing, and each would be searched */
                rd_note(r, opf_name, _("the book's manifest lists more files than a book can "
                        "hold; the rest are left out"));
                break;
            }
            char *name = href ? book_resolve(opf_name, href, NULL) : NULL;
            Item *it = xeq(n, "item") && id && name ?
                       realloc(o->items, (size_t)(o->n + 1) * sizeof *it) : NULL;
            if (!it) {
                free(name);
                continue;
            }
            o->items = it;
            it[o->n++] = (Item){ strdup(id), name, xdup(xattr(n, "media-type")),
                                 xdup(xattr(n, "properties")), xdup(xattr(n, "media-overlay")) };
        }
        for (xmlNode *n = sec->children; xeq(sec, "spine") && n; n = n->next) {
            const char *idref = xattr(n, "idref"), *lin = xattr(n, "linear");
            if (!xeq(n, "itemref") || !idref || (lin && strcmp(lin, "no") == 0))
                continue;
            if (o->nspine >= RD_MAX_ITEMS) {
                rd_note(r, opf_name, _("the book's table of contents lists more documents "
                        "than a book can hold; the rest are left out"));
                break;
            }
            char **s = realloc(o->spine, (size_t)(o->nspine + 1) * sizeof *s);
            if (!s)
                continue;
            o->spine = s;
            s[o->nspine++] = strdup(idref);
            fixed_refs += has_token(xattr(n, "properties"), "rendition:layout-pre-paginated");
        }
    }
    /* Fixed layout said page by page (EPUB 3's spine properties) rather than
     * for the book: every page so is the book so. */
    if (o->nspine > 0 && fixed_refs == o->nspine)
        r->b->fixed_layout = 1;
    if (o->nspine == 0) {
        snprintf(r->why, BOOK_WHY, _("its table of contents '%s' lists no pages"), opf_name);
        return -1;
    }
    return 0;
}

static void opf_free(Opf *o)
{
    for (int i = 0; i < o->n; i++) {
        Item *it = &o->items[i];
        free(it->id), free(it->href), free(it->type), free(it->props), free(it->overlay);
    }
    for (int i = 0; i < o->nspine; i++)
        free(o->spine[i]);
    free(o->items), free(o->spine), free(o->cover_id);
}

/* The cover: the manifest's cover-image (EPUB 3) or <meta name="cover"> (EPUB 2). */
static void epub_cover(Reader *r, const Opf *o)
{
    const Item *c = NULL;
    for (int i = 0; i < o->n && !c; i++)
        if (has_token(o->items[i].props, "cover-image"))
            c = &o->items[i];
    if (!c)
        c = opf_item(o, o->cover_id);
    int w, h;
    const BookFile *f = c ? bookzip_find(r->z, c->href) : NULL;
    if (f && rd_picture_ok(r, f->name, &w, &h, 1))
        r->cover = f->name;
}

/* A media overlay: each <par> puts its clip on the page of its text fragment. */
static void epub_overlay(Reader *r, const Item *smil, const char *doc, int doc_page)
{
    const BookFile *f = bookzip_find(r->z, smil->href);
    if (!f) {
        rd_note(r, smil->href, "the narration's timings file is missing; the pages "
                "are told without narration");
        return;
    }
    char why[BOOK_WHY];
    xmlDoc *d = rd_parse_aside(r, f, 2, why);
    if (!d) {
        rd_note(r, f->name, "the narration's timings cannot be read; left out");
        return;
    }
    xmlNode *root = xmlDocGetRootElement(d);
    int last_page = doc_page;
    for (xmlNode *n = root; n; n = xnext(root, n, !xeq(n, "par"))) {
        if (!xeq(n, "par"))
            continue;
        if (++r->npars > RD_MAX_PARS)
            break;
        const char *tsrc = NULL, *asrc = NULL, *cb = NULL, *ce = NULL;
        for (xmlNode *c = n->children; c; c = c->next) {
            if (xeq(c, "text"))
                tsrc = xattr(c, "src");
            else if (xeq(c, "audio"))
                asrc = xattr(c, "src"), cb = xattr(c, "clipBegin"), ce = xattr(c, "clipEnd");
        }
        char *frag = NULL;
        char *tdoc = tsrc ? book_resolve(f->name, tsrc, &frag) : NULL;
        char *audio = asrc ? book_resolve(f->name, asrc, NULL) : NULL;
        const IdRef *id = tdoc && frag ? rd_find_id(r, tdoc, frag) : NULL;
        double b = 0, e = -1;
        int page = id ? id->page : last_page;
        /* A time that cannot be read leaves the clip out: taken as the
         * recording's start or end, it gave a page the whole book's recording. */
        const char *unread = cb && book_clock(cb, &b) != 0 ? cb
                           : ce && book_clock(ce, &e) != 0 ? ce : NULL;
        if (audio && unread) {
            if (r->bad_times++ == 0)
                diag_add(&r->b->notes, DIAG_WARNING, f->name, 0, _("a clip of the narration "
                         "has a time that cannot be read ('%s'); such clips are left out"),
                         unread);
        } else if (audio && (e < 0 || e > b))
            rd_add_clip(r, page, audio, b, e, id ? id->text : NULL);
        else if (audio && r->bad_clips++ == 0)
            diag_add(&r->b->notes, DIAG_WARNING, f->name, 0, _("a clip of the narration ends "
                     "before it begins (clipBegin %1$s, clipEnd %2$s); such clips are left out"),
                     cb ? cb : "0", ce ? ce : "");
        last_page = page;
        free(frag), free(tdoc), free(audio);
    }
    xmlFreeDoc(d);
}

static int epub_container(Reader *r, char **opf_name)
{
    const BookFile *c = bookzip_find(r->z, "META-INF/container.xml");
    xmlDoc *d = c ? rd_parse(r, c, 2) : NULL;
    if (!d)
        return -1;
    xmlNode *root = xmlDocGetRootElement(d);
    for (xmlNode *n = root; n && !*opf_name; n = xnext(root, n, 1))
        if (xeq(n, "rootfile") && xattr(n, "full-path"))
            *opf_name = strdup(xattr(n, "full-path"));
    xmlFreeDoc(d);
    if (!*opf_name) {
        snprintf(r->why, BOOK_WHY, _("its META-INF/container.xml names no table of contents"));
        return -1;
    }
    return 0;
}

static void epub_spine_doc(Reader *r, const Opf *o, const Item *it, int pass)
{
    const BookFile *f = bookzip_find(r->z, it->href);
    if (!f)
        return;
    int before = r->npages;
    if (pass == 1 && it->type && strncmp(it->type, "image/", 6) == 0) {
        int w, h;
        if (rd_picture_ok(r, f->name, &w, &h, 1))
            rd_new_page(r, f->name);
        return;
    }
    if (it->type && strcmp(it->type, "application/xhtml+xml") != 0 &&
        strcmp(it->type, "text/html") != 0)
        return;
    char why[BOOK_WHY];
    xmlDoc *d = rd_parse_aside(r, f, 0, why);
    if (!d) {
        if (pass == 1)
            diag_add(&r->b->notes, DIAG_WARNING, f->name, 0, _("this page of the book cannot "
                     "be read (%s); left out"), why);
        return;
    }
    xmlNode *root = xmlDocGetRootElement(d);
    rd_styles(r, f->name, root);
    if (pass == 0)
        rd_count_pics(r, f->name, root);
    else if (r->b->fixed_layout)
        rd_fixed(r, f->name, root);
    else
        rd_reflow(r, f->name, root);
    xmlFreeDoc(d);
    r->nstyles = 0;
    const Item *smil = pass == 1 ? opf_item(o, it->overlay) : NULL;
    if (smil)
        epub_overlay(r, smil, f->name, r->npages > before ? before : r->npages - 1);
}

/* Fixed layout as Apple's books say it, for EPUB 2: META-INF/com.apple.
 * ibooks.display-options.xml, <option name="fixed-layout">true</option>. */
static void epub_apple_layout(Reader *r)
{
    const BookFile *f = bookzip_find(r->z, "META-INF/com.apple.ibooks.display-options.xml");
    char why[BOOK_WHY];
    xmlDoc *d = f ? rd_parse_aside(r, f, 2, why) : NULL;
    xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
    for (xmlNode *n = root; n; n = xnext(root, n, 1)) {
        if (!xeq(n, "option") || !xattr(n, "name") || strcmp(xattr(n, "name"), "fixed-layout") != 0)
            continue;
        char *t = xtext(n);
        if (t && strcmp(t, "true") == 0)
            r->b->fixed_layout = 1;
        free(t);
    }
    if (d)
        xmlFreeDoc(d);
}

/* Is the book locked (DRM)? META-INF/encryption.xml names its encrypted
 * files: fonts obfuscated by the IDPF's or Adobe's method are no lock (the
 * book reads), anything else is, and its pages are ciphertext that would be
 * imported as pages of random characters. 0 readable; -1 locked (r->why). */
static int epub_unlocked(Reader *r)
{
    static const char *const fonts[] = { "http://www.idpf.org/2008/embedding",
                                         "http://ns.adobe.com/pdf/enc#RC" };
    const BookFile *f = bookzip_find(r->z, "META-INF/encryption.xml");
    if (!f)
        return 0;
    char why[BOOK_WHY];
    xmlDoc *d = rd_parse_aside(r, f, 2, why);
    if (!d) {
        snprintf(r->why, BOOK_WHY, _("it is locked (its file META-INF/encryption.xml says its "
                 "pages are encrypted, and cannot be read); only books without DRM can be "
                 "imported"));
        return -1;
    }
    xmlNode *root = xmlDocGetRootElement(d);
    const char *locked = NULL;
    for (xmlNode *n = root; n && !locked; n = xnext(root, n, 1)) {
        if (!xeq(n, "EncryptionMethod"))
            continue;
        const char *alg = xattr(n, "Algorithm");
        int font = 0;
        for (size_t i = 0; alg && i < sizeof fonts / sizeof fonts[0]; i++)
            font |= strcmp(alg, fonts[i]) == 0;
        if (!font)
            locked = alg ? alg : "?";
    }
    if (locked)
        snprintf(r->why, BOOK_WHY, _("it is locked with DRM (META-INF/encryption.xml: its pages "
                 "are encrypted); only books without DRM can be imported, such as those of "
                 "Global Digital Library, Bloom or StoryWeaver"));
    xmlFreeDoc(d);
    return locked ? -1 : 0;
}

static int epub_read(Reader *r)
{
    char *opf_name = NULL;
    Opf o = { 0 };
    int rc = -1;
    if (epub_unlocked(r) != 0 || epub_container(r, &opf_name) != 0)
        goto done;
    const BookFile *f = bookzip_find(r->z, opf_name);
    if (!f) {
        snprintf(r->why, BOOK_WHY, _("its table of contents '%s', named in "
                 "META-INF/container.xml, is missing"), opf_name);
        goto done;
    }
    xmlDoc *d = rd_parse(r, f, 2);
    if (!d)
        goto done;
    int ok = opf_read(r, xmlDocGetRootElement(d), f->name, &o);
    xmlFreeDoc(d);
    if (ok != 0)
        goto done;
    epub_apple_layout(r);
    /* A book in several languages marks its words with lang: the one asked
     * for (or the first) is read, the others' words left out, as a Bloom
     * book's are. */
    if (r->b->languages && strchr(r->b->languages, ','))
        r->keep_lang = r->o->language ? r->o->language : r->b->languages;
    epub_cover(r, &o);
    /* Each document is read once a pass, however often the spine names it
     * (or names another item of the same file): a spine naming one large
     * document thousands of times is not parsed thousands of times. */
    const Item **docs = calloc((size_t)o.nspine, sizeof *docs);
    if (!docs) {
        snprintf(r->why, BOOK_WHY, _("there was not enough memory to read it"));
        goto done;
    }
    int ndocs = 0, repeats = 0;
    for (int i = 0; i < o.nspine; i++) {
        const Item *it = opf_item(&o, o.spine[i]);
        int seen = 0;
        for (int j = 0; it && j < ndocs && !seen; j++)
            seen = docs[j] == it || strcmp(docs[j]->href, it->href) == 0;
        if (it && !seen)
            docs[ndocs++] = it;
        repeats += seen;
    }
    if (repeats)
        diag_add(&r->b->notes, DIAG_WARNING, f->name, 0, ngettext("the book's table of contents "
                 "names %d document again; it is read once", "the book's table of contents "
                 "names %d documents again; each is read once", (unsigned long)repeats),
                 repeats);
    r->ndocs = ndocs;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < ndocs && r->pages_full == 0; i++)
            epub_spine_doc(r, &o, docs[i], pass);
    free(docs);
    rc = 0;
done:
    free(opf_name);
    opf_free(&o);
    return rc;
}

/* ---------------------------------------------------------------- Bloom */

/* Is n inside an element of class cls (up to stop)? */
static int inside_class(const xmlNode *n, const xmlNode *stop, const char *cls)
{
    for (; n && n != stop; n = n->parent)
        if (n->type == XML_ELEMENT_NODE && xclass(n, cls))
            return 1;
    return 0;
}

static int usable_lang(const char *l)
{
    return l && *l && strcmp(l, "*") != 0 && strcmp(l, "z") != 0;
}

/* The recording of a sentence: audio/ID with the extension Bloom gave it. */
static const BookFile *bloom_audio(const Reader *r, const char *dir, const char *id)
{
    static const char *const exts[] = { ".mp3", ".wav", ".ogg", ".flac", NULL };
    char name[700];
    for (int i = 0; exts[i]; i++) {
        snprintf(name, sizeof name, "%saudio/%s%s", dir, id, exts[i]);
        const BookFile *f = bookzip_find(r->z, name);
        if (f)
            return f;
    }
    return NULL;
}

/* One text box: its words, and its clips (one a sentence, or one recording
 * with the end times of its highlight segments). */
static void bloom_box(Reader *r, const char *dir, xmlNode *box, int page)
{
    PageBuild *p = &r->pages[page];
    char *t = xtext(box);
    if (p->text.n && *t)
        str_add(&p->text, "\n", 1);
    str_cat(&p->text, t);
    free(t);
    const char *ends = xattr(box, "data-audiorecordingendtimes");
    const BookFile *whole = xclass(box, "audio-sentence") && xattr(box, "id") ?
                            bloom_audio(r, dir, xattr(box, "id")) : NULL;
    if (whole && ends) {
        double at = 0;
        char *e = NULL;
        const char *s = ends;
        for (xmlNode *n = box; n; n = xnext(box, n, 1)) {
            if (!xclass(n, "bloom-highlightSegment"))
                continue;
            double end = strtod(s, &e);
            if (e == s || !(end > at))
                break;
            char *words = xtext(n);
            rd_add_clip(r, page, whole->name, at, end, words);
            free(words);
            at = end, s = e;
        }
        return;
    }
    if (whole) {
        char *words = xtext(box);
        rd_add_clip(r, page, whole->name, 0, -1, words);
        free(words);
        return;
    }
    for (xmlNode *n = box; n; n = xnext(box, n, 1)) {
        const BookFile *f = xclass(n, "audio-sentence") && xattr(n, "id") ?
                            bloom_audio(r, dir, xattr(n, "id")) : NULL;
        if (!f)
            continue;
        char *words = xtext(n);
        rd_add_clip(r, page, f->name, 0, -1, words);
        free(words);
    }
}

/* The book's title in the language its words are read in (Bloom lists a
 * title a language, in no order), else the first title. */
static void bloom_title(Reader *r, xmlNode *root, const char *lang)
{
    char *first = NULL, *match = NULL;
    for (xmlNode *n = root; n && !match; n = xnext(root, n, 1)) {
        const char *key = xattr(n, "data-book"), *l = xattr(n, "lang");
        if (!key || n->type != XML_ELEMENT_NODE || strcmp(key, "bookTitle") != 0)
            continue;
        char *t = xtext(n);
        if (*t && lang && l && strcmp(l, lang) == 0)
            match = t;
        else if (*t && !first)
            first = t;
        else
            free(t);
    }
    free(r->b->title);
    r->b->title = match ? match : first;
    if (match)
        free(first);
}

/* Lines of words (a Bloom acknowledgement's paragraphs) as one line of
 * sentences: "Story: Eve\nPictures: Fay" is "Story: Eve. Pictures: Fay". */
static char *rd_sentences(const char *t)
{
    Str b = { 0 };
    for (const char *p = t; *p; p++) {
        if (*p != '\n') {
            str_add(&b, p, 1);
            continue;
        }
        char last = b.n ? b.s[b.n - 1] : '.';
        str_cat(&b, strchr(".!?:;,", last) ? " " : ". ");
    }
    return b.s ? b.s : strdup("");
}

/* The bloomDataDiv: licence and credits, the first content language. */
static void bloom_data(Reader *r, xmlNode *root, char **lang1)
{
    static const char *const credit_keys[] = { "copyright", "originalCopyright",
        "originalAcknowledgments", "originalContributions", "versionAcknowledgments",
        "smallCoverCredits", "funding", NULL };
    for (xmlNode *n = root; n; n = xnext(root, n, 1)) {
        const char *key = xattr(n, "data-book");
        if (!key || n->type != XML_ELEMENT_NODE)
            continue;
        char *t = xtext(n);
        if (strcmp(key, "contentLanguage1") == 0 && !*lang1 && *t)
            *lang1 = strdup(t);
        else if ((strcmp(key, "licenseUrl") == 0 || strcmp(key, "licenseDescription") == 0 ||
                    strcmp(key, "licenseNotes") == 0))
            list_add(&r->b->licence, t, " ");
        /* Credits and licences in every language: none is ever dropped. */
        for (int i = 0; credit_keys[i]; i++)
            if (strcmp(key, credit_keys[i]) == 0) {
                char *line = rd_sentences(t);
                if (line)
                    list_add(&r->b->credits, line, ". ");
                free(line);
            }
        free(t);
    }
}

static int bloom_read(Reader *r, const BookFile *htm)
{
    r->b->format = BOOK_BLOOM;
    xmlDoc *d = rd_parse(r, htm, 1);
    if (!d)
        return -1;
    xmlNode *root = xmlDocGetRootElement(d);
    char dir[600];
    const char *slash = strrchr(htm->name, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - htm->name + 1) : 0, htm->name);
    /* The book's languages: those of its content pages' text boxes. */
    for (xmlNode *n = root; n; n = xnext(root, n, 1))
        if (xclass(n, "bloom-editable") && usable_lang(xattr(n, "lang")) &&
            inside_class(n, root, "bloom-page") && !inside_class(n, root, "bloom-frontMatter") &&
            !inside_class(n, root, "bloom-backMatter")) {
            char *t = xtext(n);
            if (*t)
                list_add(&r->b->languages, xattr(n, "lang"), ", ");
            free(t);
        }
    char *lang1 = NULL;
    bloom_data(r, root, &lang1);
    const char *lang = r->o->language ? r->o->language : lang1;
    if (!lang && r->b->languages) {
        size_t l = strcspn(r->b->languages, ",");
        lang1 = strndup(r->b->languages, l);
        lang = lang1;
    }
    r->b->language = xdup(lang);
    free(lang1);
    lang = r->b->language;
    bloom_title(r, root, lang);
    for (xmlNode *n = root; n; n = xnext(root, n, !xclass(n, "bloom-page"))) {
        if (!xclass(n, "bloom-page"))
            continue;
        int front = xclass(n, "bloom-frontMatter"), back = xclass(n, "bloom-backMatter");
        const char *pic = NULL;
        for (xmlNode *c = n; c && !pic; c = xnext(n, c, 1)) {
            const char *ref = rd_pic_ref(r, c);
            char *name = ref && !inside_class(c, n, "bloom-imageDescription") ?
                         rd_resolve(r, htm->name, ref) : NULL;
            int w, h;
            const BookFile *f = name ? bookzip_find(r->z, name) : NULL;
            if (f && rd_picture_ok(r, f->name, &w, &h, 1) &&
                !book_is_decoration(f->name, w, h, 0, 0))
                pic = f->name;
            free(name);
        }
        if (front || back) {
            if (front && xclass(n, "cover") && pic && !r->cover)
                r->cover = pic;
            continue;
        }
        PageBuild *p = rd_new_page(r, pic);
        if (!p)
            break;
        for (xmlNode *c = n; c && lang; c = xnext(n, c, !xclass(c, "bloom-editable")))
            if (xclass(c, "bloom-editable") && xattr(c, "lang") &&
                strcmp(xattr(c, "lang"), lang) == 0 && !inside_class(c, n, "bloom-imageDescription"))
                bloom_box(r, dir, c, r->npages - 1);
    }
    xmlFreeDoc(d);
    return 0;
}

/* ---------------------------------------------------------------- the book */

static void rd_free(Reader *r)
{
    for (int i = 0; i < r->npages; i++) {
        for (int c = 0; c < r->pages[i].nclips; c++)
            free(r->pages[i].clips[c].audio), free(r->pages[i].clips[c].text);
        free(r->pages[i].clips);
        free(r->pages[i].text.s);
    }
    for (int i = 0; i < r->nids; i++)
        free(r->ids[i].doc), free(r->ids[i].id), free(r->ids[i].text);
    for (int i = 0; i < r->npics; i++)
        free(r->pics[i]);
    for (int i = 0; i < r->nsheets; i++)
        free(r->sheets[i].name), bookcss_free(&r->sheets[i].css);
    for (int i = 0; i < r->nmissing; i++)
        free(r->missing[i]);
    free(r->sheets);
    bookcss_free(&r->own);
    free(r->pages), free(r->ids), free(r->pics), free(r->pic_docs);
    free(r->built), free(r->narrated), free(r->pic_seen);
}

/* A picture's bytes for the Book: the zip's own buffer on its last use (the
 * zip is kept for the narration, and would hold every picture twice), a
 * copy before that. uses[] counts the uses left of each of the zip's files. */
static unsigned char *rd_take(BookZip *z, int *uses, const char *name, size_t *len,
                              const char **ext)
{
    const BookFile *found = bookzip_find(z, name);
    if (!found || !found->data)
        return NULL;
    BookFile *f = &z->files[found - z->files];
    *len = f->len;
    *ext = rd_ext(f);
    if (uses && --uses[f - z->files] <= 0) {
        unsigned char *d = f->data;
        f->data = NULL, f->len = 0;
        return d;
    }
    unsigned char *d = malloc(f->len ? f->len : 1);
    if (d)
        memcpy(d, f->data, f->len);
    return d;
}

/* The built pages into the Book: pictures copied, words tidied, narration joined. */
static int rd_finish(Reader *r)
{
    Book *b = r->b;
    size_t n = (size_t)(r->npages ? r->npages : 1);
    b->pages = calloc(n, sizeof *b->pages);
    r->built = calloc(n, sizeof *r->built);
    r->narrated = calloc(n, 1);
    if (!b->pages || !r->built || !r->narrated)
        return -1;
    /* How often each of the zip's files is a page's picture or the cover. */
    BookZip *z = &r->zip;
    int *uses = z->n > 0 ? calloc((size_t)z->n, sizeof *uses) : NULL;
    for (int i = 0; uses && i <= r->npages; i++) {
        const char *name = i < r->npages ? r->pages[i].picture : r->cover;
        const BookFile *f = name ? bookzip_find(z, name) : NULL;
        if (f)
            uses[f - z->files]++;
    }
    for (int i = 0; i < r->npages; i++) {
        PageBuild *p = &r->pages[i];
        BookPage *o = &b->pages[b->npages];
        if (p->text.s)
            book_tidy_text(p->text.s);
        int words = p->text.s && *p->text.s;
        if (!p->picture && !words)
            continue;
        if (p->picture)
            o->picture = rd_take(z, uses, p->picture, &o->picture_len, &o->picture_ext);
        if (words)
            o->text = p->text.s, p->text.s = NULL;
        if (!o->picture && !o->text)
            continue;
        r->built[b->npages] = i;
        b->has_narration |= p->nclips > 0;
        b->npages++;
    }
    if (r->cover)
        b->cover = rd_take(z, uses, r->cover, &b->cover_len, &b->cover_ext);
    free(uses);
    return 0;
}

/* Is want one of the comma-separated languages in list? */
static int lang_listed(const char *list, const char *want)
{
    size_t l = strlen(want);
    while (list && *list) {
        list += strspn(list, " ,");
        size_t w = strcspn(list, ",");
        if (w == l && strncasecmp(list, want, l) == 0)
            return 1;
        list += w;
    }
    return 0;
}

/* The book's first language, or the one asked for when the book has it. */
static int rd_language(Reader *r)
{
    Book *b = r->b;
    const char *want = r->o->language;
    if (want && !lang_listed(b->languages, want)) {
        snprintf(r->why, BOOK_WHY, _("the book has no words in '%1$s'; it has: %2$s"), want,
                 b->languages ? b->languages : _("none stated"));
        return -1;
    }
    if (b->language)
        return 0;
    if (want)
        b->language = strdup(want);
    else if (b->languages)
        b->language = strndup(b->languages, strcspn(b->languages, ","));
    return 0;
}

/* Which book this is: an EPUB has META-INF/container.xml; a Bloom book one
 * .htm page holding bloom-page divs. */
static const BookFile *rd_bloom_page(const BookZip *z)
{
    for (int i = 0; i < z->n; i++) {
        const char *dot = strrchr(z->files[i].name, '.');
        if (dot && (strcasecmp(dot, ".htm") == 0 || strcasecmp(dot, ".html") == 0) &&
            strstr((const char *)z->files[i].data, "bloom-page"))
            return &z->files[i];
    }
    return NULL;
}

static void rd_destroy(Reader *r)
{
    if (!r)
        return;
    audio_close(r->src.a);
    rd_free(r);
    bookzip_free(&r->zip);
    free(r);
}

/* libxml2's own messages (an encoding error, an I/O error of its encoder)
 * name neither the book nor the file, and some come past its NOERROR
 * options: they are not written; what matters reaches the notes. */
static void rd_quiet(void *ctx, const char *msg, ...)
{
    (void)ctx, (void)msg;
}

static void rd_quiet_structured(void *ctx, xmlErrorPtr e)
{
    (void)ctx, (void)e;
}

int book_import(const unsigned char *data, size_t len, const BookOptions *o, Book *b,
                char *why)
{
    /* per thread in libxml2: the player imports on a thread of its own */
    xmlSetGenericErrorFunc(NULL, rd_quiet);
    xmlSetStructuredErrorFunc(NULL, rd_quiet_structured);
    static const BookOptions none = { .language = NULL };
    memset(b, 0, sizeof *b);
    why[0] = '\0';
    Reader *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(why, BOOK_WHY, _("there was not enough memory to read it"));
        return -1;
    }
    if (bookzip_read(data, len, &r->zip, why) != 0) {
        free(r);
        return -1;
    }
    r->z = &r->zip, r->b = b, r->why = why, r->o = o ? o : &none;
    int rc;
    const BookFile *bloom = NULL;
    if (bookzip_find(r->z, "META-INF/container.xml"))
        rc = epub_read(r);
    else if ((bloom = rd_bloom_page(r->z)) != NULL)
        rc = bloom_read(r, bloom);
    else {
        snprintf(why, BOOK_WHY, _("it is neither an EPUB (it has no META-INF/container.xml) "
                 "nor a Bloom book (it has no page of bloom-page divs)"));
        rc = -1;
    }
    if (rc == 0)
        rc = rd_language(r);
    if (rc == 0 && rd_finish(r) != 0) {
        snprintf(why, BOOK_WHY, _("there was not enough memory to read it"));
        rc = -1;
    }
    if (rc == 0 && b->npages == 0) {
        snprintf(why, BOOK_WHY, _("no page of it has a picture or words this player can show"));
        rc = -1;
    }
    if (rc != 0 || !b->has_narration) {
        rd_destroy(r);
        return rc;
    }
    /* The narration is made page by page as it is written (book_narrate):
     * the zip stays until book_free, and no more than one page's narration
     * is ever held. */
    r->why = r->own_why, r->o = &none;
    b->reader = r;
    return 0;
}

int book_narrate(Book *b, int i)
{
    Reader *r = b->reader;
    if (!r || i < 0 || i >= b->npages || r->narrated[i])
        return 0;
    r->narrated[i] = 1;
    r->b = b;   /* the Book may have been moved since book_import */
    rd_narrate(r, r->built[i], &b->pages[i]);
    return b->pages[i].wav != NULL;
}

void book_narration_free(Book *b, int i)
{
    if (i < 0 || i >= b->npages)
        return;
    free(b->pages[i].wav), free(b->pages[i].vtt);
    b->pages[i].wav = NULL, b->pages[i].vtt = NULL;
    b->pages[i].wav_len = 0;
}

void book_free(Book *b)
{
    for (int i = 0; i < b->npages; i++) {
        free(b->pages[i].picture), free(b->pages[i].text);
        free(b->pages[i].wav), free(b->pages[i].vtt);
    }
    free(b->pages);
    free(b->title), free(b->language), free(b->languages), free(b->authors);
    free(b->illustrators), free(b->publisher), free(b->licence), free(b->credits);
    free(b->cover);
    rd_destroy(b->reader);
    diag_free(&b->notes);
    memset(b, 0, sizeof *b);
}
