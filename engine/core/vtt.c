/* vtt — a small, strict-but-forgiving WebVTT reader (see vtt.h).
 *
 * The file is read line by line (LF, CRLF or CR) into blocks separated by
 * empty lines, as the WebVTT standard does: the "WEBVTT" line and its header,
 * then NOTE, STYLE and REGION blocks (skipped) and cues. A cue is an optional
 * identifier line, a timing line "start --> end [settings]" and its words.
 * Anything else is named with its line number and left out, so a parent can
 * fix one cue at a time while the rest still highlight. Messages per file are
 * capped so a file of garbage cannot flood the checker's output. */
#include "vtt.h"
#include "utf8.h"
#include "ascii.h"
#include "i18n.h"
#include "mem.h"

#include <limits.h>

#include <stdlib.h>
#include <string.h>

#define VTT_MAX_MESSAGES 20

typedef struct {
    const char *p;
    size_t n;
    int line;
} VttLine;

typedef struct {
    const char *buf;
    size_t len, pos;
    int line;
    const char *display;
    Diags *d;
    int messages;
    Vtt *out;
    int cap;
} VttReader;

/* The next line (without its line break); 0 at the end of the input. */
static int vtt_next_line(VttReader *r, VttLine *l)
{
    if (r->pos >= r->len)
        return 0;
    size_t start = r->pos, i = start;
    while (i < r->len && r->buf[i] != '\n' && r->buf[i] != '\r')
        i++;
    *l = (VttLine){ r->buf + start, i - start, ++r->line };
    if (i < r->len && r->buf[i] == '\r')
        i++;
    if (i < r->len && r->buf[i] == '\n')
        i++;                              /* LF alone, or the LF of CRLF */
    r->pos = i;
    return 1;
}

static void vtt_say(VttReader *r, DiagLevel level, int line, const char *what)
{
    if (r->messages == VTT_MAX_MESSAGES)
        diag_add(r->d, DIAG_WARNING, r->display, line, _("more problems follow; fix the ones "
                 "above and check again"));
    if (r->messages++ < VTT_MAX_MESSAGES)
        diag_add(r->d, level, r->display, line, "%s", what);
}

/* Digits at s[*i..len) (at most max counted into *v); returns how many. */
static int vtt_digits(const char *s, size_t len, size_t *i, int max, long *v)
{
    int n = 0;
    *v = 0;
    while (*i < len && ascii_isdigit(s[*i])) {
        if (n < max)
            *v = *v * 10 + (s[*i] - '0');
        n++;
        (*i)++;
    }
    return n;
}

size_t vtt_timestamp(const char *s, size_t len, double *seconds)
{
    size_t i = 0;
    long a, b, c = 0, ms;
    int na = vtt_digits(s, len, &i, 9, &a);
    if (na == 0 || na > 9 || i >= len || s[i++] != ':')
        return 0;
    if (vtt_digits(s, len, &i, 2, &b) != 2)
        return 0;
    int hours = i < len && s[i] == ':';
    if (hours) {
        i++;
        if (vtt_digits(s, len, &i, 2, &c) != 2)
            return 0;
    } else if (na != 2) {
        return 0;
    }
    if (i >= len || s[i++] != '.' || vtt_digits(s, len, &i, 3, &ms) != 3)
        return 0;
    long h = hours ? a : 0, m = hours ? b : a, sec = hours ? c : b;
    if (m > 59 || sec > 59)
        return 0;
    *seconds = (double)h * 3600.0 + (double)m * 60.0 + (double)sec + (double)ms / 1000.0;
    return i;
}

/* Does the line hold "-->" anywhere? */
static int vtt_has_arrow(const VttLine *l)
{
    for (size_t i = 0; i + 3 <= l->n; i++)
        if (memcmp(l->p + i, "-->", 3) == 0)
            return 1;
    return 0;
}

/* "start --> end [settings]"; 0 ok. */
static int vtt_timing(const VttLine *l, double *start, double *end)
{
    size_t i = 0, k;
    while (i < l->n && ascii_isblank(l->p[i]))
        i++;
    if ((k = vtt_timestamp(l->p + i, l->n - i, start)) == 0)
        return -1;
    i += k;
    while (i < l->n && ascii_isblank(l->p[i]))
        i++;
    if (l->n - i < 3 || memcmp(l->p + i, "-->", 3) != 0)
        return -1;
    i += 3;
    while (i < l->n && ascii_isblank(l->p[i]))
        i++;
    if ((k = vtt_timestamp(l->p + i, l->n - i, end)) == 0)
        return -1;
    i += k;
    return i == l->n || ascii_isblank(l->p[i]) ? 0 : -1;
}

/* Does the line start with this word, followed by a space, a tab or its end? */
static int vtt_starts_word(const VttLine *l, const char *word)
{
    size_t n = strlen(word);
    return l->n >= n && memcmp(l->p, word, n) == 0 && (l->n == n || ascii_isblank(l->p[n]));
}

static int vtt_push(VttReader *r, const VttCue *cue)
{
    if (hb_grow(&r->out->cues, &r->cap, r->out->n + 1, sizeof *r->out->cues, 16, INT_MAX))
        return -1;
    r->out->cues[r->out->n++] = *cue;
    return 0;
}

/* Read the rest of a block, up to and including its empty line. */
static void vtt_skip_block(VttReader *r)
{
    VttLine l;
    while (vtt_next_line(r, &l) && l.n > 0)
        ;
}

/* A cue whose timing line is t: read its words up to the empty line. */
static int vtt_cue(VttReader *r, const VttLine *t)
{
    VttCue cue = { 0, 0, 0, 0, t->line };
    char msg[160];
    if (vtt_timing(t, &cue.start, &cue.end) != 0) {
        /* The line is not NUL-terminated: show at most its first 40 bytes. */
        size_t shown = utf8_cut(t->p, t->n, 40);
        snprintf(msg, sizeof msg, "'%.*s' is not a timing line like 00:01.000 --> "
                 "00:04.500, so this cue is left out", (int)shown, t->p);
        vtt_say(r, DIAG_ERROR, t->line, msg);
        vtt_skip_block(r);
        return 0;
    }
    VttLine l;
    size_t first = 0, last = 0;
    int lines = 0;
    while (vtt_next_line(r, &l) && l.n > 0) {
        if (lines++ == 0)
            first = (size_t)(l.p - r->buf);
        last = (size_t)(l.p - r->buf) + l.n;
    }
    cue.text_off = first;
    cue.text_len = lines ? last - first : 0;
    if (cue.end <= cue.start) {
        vtt_say(r, DIAG_ERROR, t->line, _("this cue ends before it starts; the second time "
                "must be later than the first, so this cue is left out"));
        return 0;
    }
    if (lines == 0)
        vtt_say(r, DIAG_WARNING, t->line, _("this cue has no words under its timing line"));
    if (r->out->n > 0 && cue.start < r->out->cues[r->out->n - 1].start)
        vtt_say(r, DIAG_WARNING, t->line, _("this cue starts before the one above it; put the "
                "cues in the order they are spoken"));
    if (r->out->n >= VTT_MAX_CUES) {
        vtt_say(r, DIAG_WARNING, t->line, _("too many cues (at most 10000), so the rest are "
                "left out"));
        r->pos = r->len;
        return 0;
    }
    return vtt_push(r, &cue);
}

/* Is this meant as a timing line: an arrow, or a time at the start ("00:01.000 -> ...")? */
static int vtt_timing_like(const VttLine *l)
{
    return vtt_has_arrow(l) || (l->n > 0 && ascii_isdigit(l->p[0]) && memchr(l->p, ':', l->n));
}

/* One block starting at line l (not empty). */
static int vtt_block(VttReader *r, const VttLine *l)
{
    if (vtt_starts_word(l, "NOTE") || vtt_starts_word(l, "STYLE") ||
        vtt_starts_word(l, "REGION")) {
        vtt_skip_block(r);
        return 0;
    }
    if (vtt_timing_like(l))
        return vtt_cue(r, l);
    VttLine t = { NULL, 0, 0 };   /* l was the cue's identifier: the timing line is next */
    int more = vtt_next_line(r, &t) && t.n > 0;
    if (more && vtt_timing_like(&t))
        return vtt_cue(r, &t);
    vtt_say(r, DIAG_ERROR, l->line, _("this is not a cue: a cue starts with a timing line "
            "like 00:01.000 --> 00:04.500, so it is left out"));
    if (more)
        vtt_skip_block(r);
    return 0;
}

/* The "WEBVTT" line and the header lines under it. */
static int vtt_header(VttReader *r)
{
    VttLine l;
    if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
    if (!vtt_next_line(r, &l) || !vtt_starts_word(&l, "WEBVTT")) {
        diag_add(r->d, DIAG_ERROR, r->display, 1, _("this is not a WebVTT file: its first line "
                 "must be WEBVTT"));
        return -1;
    }
    while (vtt_next_line(r, &l) && l.n > 0) {
        if (vtt_has_arrow(&l)) {
            vtt_say(r, DIAG_ERROR, l.line, _("put an empty line between the WEBVTT line and "
                    "the first cue"));
            vtt_skip_block(r);
            break;
        }
    }
    return 0;
}

int vtt_parse(const char *buf, size_t len, const char *display, Vtt *out, Diags *d)
{
    memset(out, 0, sizeof *out);
    VttReader r = { buf, buf ? len : 0, 0, 0, display, d, 0, out, 0 };
    if (vtt_header(&r) != 0)
        return -1;
    VttLine l;
    while (vtt_next_line(&r, &l)) {
        if (l.n == 0)
            continue;
        if (vtt_block(&r, &l) != 0) {
            diag_add(d, DIAG_ERROR, display, l.line, _("not enough memory to read the timed "
                     "words"));
            return -1;
        }
    }
    return 0;
}

void vtt_free(Vtt *v)
{
    if (!v)
        return;
    free(v->cues);
    v->cues = NULL;
    v->n = 0;
}

/* A cue's words as the page would show them: tags left out, the entities a
 * hand-made file uses read, into out (at most cap - 1 bytes, NUL-ended). */
static void vtt_cue_words(const char *s, size_t n, char *out, size_t cap)
{
    static const struct { const char *name; const char *text; } ent[] = {
        { "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" }, { "apos;", "'" },
        { "nbsp;", " " }, { "lrm;", "" }, { "rlm;", "" },
    };
    size_t o = 0;
    for (size_t i = 0; i < n && o + 4 < cap;) {
        if (s[i] == '<') {
            const char *e = memchr(s + i, '>', n - i);
            i = e ? (size_t)(e - s) + 1 : n;
            continue;
        }
        if (s[i] == '&') {
            size_t k, used = 0;
            for (k = 0; k < sizeof ent / sizeof *ent && !used; k++) {
                size_t m = strlen(ent[k].name);
                if (n - i - 1 >= m && memcmp(s + i + 1, ent[k].name, m) == 0) {
                    size_t t = strlen(ent[k].text);
                    memcpy(out + o, ent[k].text, t);
                    o += t;
                    used = m + 1;
                }
            }
            if (!used && i + 2 < n && s[i + 1] == '#') {
                int hex = s[i + 2] == 'x' || s[i + 2] == 'X';
                size_t j = i + 2 + (size_t)hex;
                uint32_t cp = 0;
                int digits = 0;
                for (; j < n && digits < 8; j++, digits++) {
                    int c = (unsigned char)s[j], v = ascii_isdigit(c) ? c - '0' :
                            hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 :
                            hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                    if (v < 0)
                        break;
                    cp = cp * (hex ? 16u : 10u) + (uint32_t)v;
                }
                if (digits > 0 && j < n && s[j] == ';' && cp > 0 && cp <= 0x10FFFF &&
                    !(cp >= 0xD800 && cp <= 0xDFFF)) {
                    o += utf8_encode(out + o, cp);
                    used = j + 1 - i;
                }
            }
            if (used) {
                i += used;
                continue;
            }
        }
        out[o++] = s[i++];
    }
    out[o] = '\0';
}

/* The letters of s[0..n) for matching: ASCII folded to lower case, every
 * run of spaces one space, ASCII punctuation left out, everything else (the
 * bytes of other scripts) as it is; at[k] is where key[k] came from. Leading
 * and trailing spaces are dropped. Returns the key's length. */
static size_t vtt_key(const char *s, size_t n, char *key, int *at)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            if (k > 0 && key[k - 1] != ' ') {
                key[k] = ' ';
                at[k++] = (int)i;
            }
        } else if (c >= 0x80 || ascii_isalnum(c)) {
            key[k] = (char)ascii_tolower(c);
            at[k++] = (int)i;
        }
    }
    while (k > 0 && key[k - 1] == ' ')
        k--;
    key[k] = '\0';
    return k;
}

/* The first place at or after from where needle[0..n) stands in hay[0..hn)
 * as whole words (spaces or an end on both sides), else -1. */
static long vtt_find_words(const char *hay, size_t hn, size_t from, const char *needle, size_t n)
{
    for (size_t i = from; n && i + n <= hn; i++) {
        const char *hit = memchr(hay + i, needle[0], hn - i - n + 1);
        if (!hit)
            return -1;
        i = (size_t)(hit - hay);
        if (memcmp(hit, needle, n) == 0 && (i == 0 || hay[i - 1] == ' ') &&
            (i + n == hn || hay[i + n] == ' '))
            return (long)i;
    }
    return -1;
}

int vtt_locate(const char *text, const char *vbuf, const Vtt *v, int *from, int *to, int max,
               const char *display, Diags *d)
{
    size_t tlen = strlen(text);
    if (tlen > INT_MAX / 2)
        tlen = INT_MAX / 2;
    char *key = malloc(tlen + 1);
    int *at = malloc((tlen + 1) * sizeof *at);
    int n = v->n < max ? v->n : max, found = 0, missing = 0, first_missing = -1;
    if (!key || !at) {
        free(key);
        free(at);
        for (int i = 0; i < n; i++)
            from[i] = to[i] = 0;
        return 0;
    }
    size_t klen = vtt_key(text, tlen, key, at), pos = 0;
    for (int i = 0; i < n; i++) {
        char words[512], ckey[512];
        int cat[512];
        vtt_cue_words(vbuf + v->cues[i].text_off, v->cues[i].text_len, words, sizeof words);
        size_t cn = vtt_key(words, strlen(words), ckey, cat);
        long hit = cn ? vtt_find_words(key, klen, pos, ckey, cn) : -1;
        if (hit < 0 && cn)
            hit = vtt_find_words(key, klen, 0, ckey, cn);
        from[i] = to[i] = 0;
        if (hit < 0) {
            if (cn && missing++ == 0)
                first_missing = i;
            continue;
        }
        from[i] = at[hit];
        to[i] = at[(size_t)hit + cn - 1] + 1;
        pos = (size_t)hit + cn;
        found++;
    }
    if (missing && d) {
        const VttCue *c = &v->cues[first_missing];
        char words[512];
        vtt_cue_words(vbuf + c->text_off, c->text_len, words, sizeof words);
        for (char *w = words; *w; w++)
            if (*w == '\n' || *w == '\r')
                *w = ' ';
        size_t shown = utf8_cut(words, strlen(words), 40);
        if (found == 0)
            diag_add(d, DIAG_WARNING, display, c->line, _("none of these timed words are the "
                     "page's words (the first is '%.*s'), so no word is lit; are they for "
                     "another page?"), (int)shown, words);
        else
            diag_add(d, DIAG_WARNING, display, c->line, _("%1$d of the timed words are not the "
                     "page's words (the first is '%3$.*2$s'), so they are not lit"), missing,
                     (int)shown, words);
    }
    free(key);
    free(at);
    return found;
}
