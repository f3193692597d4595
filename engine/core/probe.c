/* probe — picture sizes from headers (see probe.h).
 *
 * Each format has a small reader that walks only the bytes it is given, with
 * every offset checked before it is read: PNG's size sits at a fixed place in
 * IHDR; JPEG's is in the first SOFn marker, found by hopping from marker to
 * marker by their lengths (never by searching for bytes, which image data
 * can imitate); WebP's is in its first chunk, in one of three layouts; an
 * SVG's is in the attributes of its <svg> tag, which is looked for only in
 * the first PROBE_SVG_SCAN bytes. Nothing here allocates or recurses.
 *
 * The EXIF orientation is one entry of a TIFF directory inside the JPEG's
 * APP1 segment: the directory's offset and entry count come from the file,
 * so each is checked against the segment's own length before it is used. */
#include "probe.h"
#include "ascii.h"

#include "layout.h"

#include <stdint.h>
#include <string.h>

#define PROBE_SVG_TAG_MAX  4096      /* bytes of the <svg ...> tag read at most */
#define PROBE_SVG_HUGE     1e9       /* SVG lengths beyond this are clamped */

static uint32_t probe_be16(const unsigned char *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t probe_le16(const unsigned char *p) { return (uint32_t)p[1] << 8 | p[0]; }
static uint32_t probe_le24(const unsigned char *p)
{
    return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}
static uint32_t probe_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Store a size if both sides are usable. */
static ProbeStatus probe_set(uint32_t w, uint32_t h, int *ow, int *oh)
{
    if (w == 0 || h == 0 || w > INT32_MAX || h > INT32_MAX)
        return PROBE_BAD;
    *ow = (int)w;
    *oh = (int)h;
    return PROBE_OK;
}

/* PNG: signature, then the IHDR chunk first: length, "IHDR", width, height (big-endian). */
static ProbeStatus probe_png(const unsigned char *b, size_t len, int *w, int *h)
{
    if (len < 24)
        return PROBE_TRUNCATED;
    if (memcmp(b + 12, "IHDR", 4) != 0)
        return PROBE_BAD;
    return probe_set(probe_be32(b + 16), probe_be32(b + 20), w, h);
}

/* Is this JPEG marker a start of frame (SOF0..SOF15 less DHT, JPG and DAC)? */
static int probe_jpeg_sof(unsigned char m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* ---------------------------------------------------------------- EXIF */

static uint32_t probe_u16(const unsigned char *p, int big)
{
    return big ? probe_be16(p) : probe_le16(p);
}

static uint32_t probe_u32(const unsigned char *p, int big)
{
    return big ? probe_be32(p) : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
                                     (uint32_t)p[1] << 8 | p[0];
}

/* The orientation in a TIFF structure t[0..n) (EXIF's), 1 when none. */
static int probe_tiff_orientation(const unsigned char *t, size_t n)
{
    if (n < 8)
        return 1;
    int big = memcmp(t, "MM", 2) == 0;
    if (!big && memcmp(t, "II", 2) != 0)
        return 1;
    if (probe_u16(t + 2, big) != 42)
        return 1;
    uint32_t ifd = probe_u32(t + 4, big);
    if (ifd < 8 || ifd > n - 2)
        return 1;
    uint32_t count = probe_u16(t + ifd, big);
    /* Each entry is 12 bytes; only those wholly inside the segment are read. */
    for (uint32_t k = 0; k < count && (size_t)ifd + 2 + 12 * ((size_t)k + 1) <= n; k++) {
        const unsigned char *e = t + ifd + 2 + 12 * (size_t)k;
        if (probe_u16(e, big) != 0x0112)
            continue;
        uint32_t v = probe_u16(e + 8, big);  /* SHORT, count 1: in the value field */
        if (probe_u16(e + 2, big) != 3 || probe_u32(e + 4, big) != 1 || v < 1 || v > 8)
            return 1;
        return (int)v;
    }
    return 1;
}

int probe_exif_orientation(const unsigned char *app1, size_t len)
{
    if (!app1 || len < 6 + 8 || memcmp(app1, "Exif\0\0", 6) != 0)
        return 1;
    return probe_tiff_orientation(app1 + 6, len - 6);   /* offsets count from the TIFF header */
}

int probe_png_orientation(const unsigned char *b, size_t len)
{
    if (!b || len < 8 || memcmp(b, "\x89PNG\r\n\x1a\n", 8) != 0)
        return 1;
    /* Chunks: length, type, data, CRC; eXIf holds a TIFF structure as it is. */
    for (size_t i = 8; i + 12 <= len;) {
        uint32_t n = probe_be32(b + i);
        if (n > len - i - 12)
            return 1;
        if (memcmp(b + i + 4, "eXIf", 4) == 0)
            return probe_tiff_orientation(b + i + 8, n);
        if (memcmp(b + i + 4, "IEND", 4) == 0)
            return 1;
        i += 12 + (size_t)n;
    }
    return 1;
}

int probe_webp_orientation(const unsigned char *b, size_t len)
{
    if (!b || len < 12 || memcmp(b, "RIFF", 4) != 0 || memcmp(b + 8, "WEBP", 4) != 0)
        return 1;
    /* RIFF chunks (little-endian sizes, padded to even): an EXIF chunk holds
     * a TIFF structure, some writers with EXIF's "Exif\0\0" before it. */
    for (size_t i = 12; i + 8 <= len;) {
        uint32_t n = (uint32_t)b[i + 4] | (uint32_t)b[i + 5] << 8 | (uint32_t)b[i + 6] << 16 |
                     (uint32_t)b[i + 7] << 24;
        if (n > len - i - 8)
            return 1;
        if (memcmp(b + i, "EXIF", 4) == 0) {
            const unsigned char *t = b + i + 8;
            if (n >= 6 && memcmp(t, "Exif\0\0", 6) == 0)
                return probe_tiff_orientation(t + 6, n - 6);
            return probe_tiff_orientation(t, n);
        }
        i += 8 + (size_t)n + (n & 1);
    }
    return 1;
}

int probe_orientation_swaps(int o)
{
    return o >= 5 && o <= 8;
}

/* JPEG: hop over segments by their lengths until the frame header; the
 * first APP1 Exif block met on the way gives the orientation (*orient). */
static ProbeStatus probe_jpeg_walk(const unsigned char *b, size_t len, int *w, int *h,
                                   int *orient)
{
    size_t i = 2;
    for (;;) {
        if (i >= len)
            return PROBE_TRUNCATED;
        if (b[i] != 0xFF)
            return PROBE_BAD;             /* a segment did not end where it said */
        while (i < len && b[i] == 0xFF)   /* fill bytes before a marker */
            i++;
        if (i >= len)
            return PROBE_TRUNCATED;
        unsigned char m = b[i++];
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD7))
            continue;                     /* markers without a length */
        if (m == 0xD8 || m == 0xD9 || m == 0xDA)
            return PROBE_BAD;             /* image data or the end before any frame */
        if (len - i < 2)
            return PROBE_TRUNCATED;
        size_t seg = probe_be16(b + i);
        if (seg < 2)
            return PROBE_BAD;
        if (probe_jpeg_sof(m)) {
            if (seg < 7)
                return PROBE_BAD;
            if (len - i < 7)
                return PROBE_TRUNCATED;
            uint32_t fw = probe_be16(b + i + 5), fh = probe_be16(b + i + 3);
            /* A phone photo taken upright is stored on its side: the size
             * that matters to a parent and to the letterbox is the turned one. */
            if (probe_orientation_swaps(*orient))
                return probe_set(fh, fw, w, h);
            return probe_set(fw, fh, w, h);
        }
        if (len - i < seg)
            return PROBE_TRUNCATED;
        if (m == 0xE1 && *orient == 0) {
            int o = probe_exif_orientation(b + i + 2, seg - 2);
            if (o != 1 || (seg >= 8 && memcmp(b + i + 2, "Exif", 4) == 0))
                *orient = o;
        }
        i += seg;
    }
}

static ProbeStatus probe_jpeg(const unsigned char *b, size_t len, int *w, int *h)
{
    int orient = 0;
    return probe_jpeg_walk(b, len, w, h, &orient);
}

int probe_jpeg_orientation(const unsigned char *buf, size_t len)
{
    int orient = 0, w, h;
    if (!buf || len < 3 || buf[0] != 0xFF || buf[1] != 0xD8 || buf[2] != 0xFF)
        return 1;
    probe_jpeg_walk(buf, len, &w, &h, &orient);
    return orient >= 1 && orient <= 8 ? orient : 1;
}

/* WebP: RIFF....WEBP and a first chunk that is VP8 (lossy), VP8L (lossless) or
 * VP8X (extended, with the canvas size). */
static ProbeStatus probe_webp(const unsigned char *b, size_t len, int *w, int *h)
{
    if (len < 30)
        return PROBE_TRUNCATED;
    const unsigned char *c = b + 12, *d = b + 20;
    if (memcmp(c, "VP8 ", 4) == 0) {
        if (d[3] != 0x9D || d[4] != 0x01 || d[5] != 0x2A)
            return PROBE_BAD;
        return probe_set(probe_le16(d + 6) & 0x3FFF, probe_le16(d + 8) & 0x3FFF, w, h);
    }
    if (memcmp(c, "VP8L", 4) == 0) {
        if (d[0] != 0x2F)
            return PROBE_BAD;
        uint32_t bits = (uint32_t)d[1] | (uint32_t)d[2] << 8 | (uint32_t)d[3] << 16 |
                        (uint32_t)d[4] << 24;
        return probe_set((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, w, h);
    }
    if (memcmp(c, "VP8X", 4) == 0)
        return probe_set(probe_le24(d + 4) + 1, probe_le24(d + 7) + 1, w, h);
    return PROBE_BAD;
}

/* ---------------------------------------------------------------- SVG */

typedef struct { const unsigned char *p; size_t n; } ProbeSpan;

static int probe_name_char(unsigned char c)
{
    return ascii_isalnum(c) || c == '-' || c == '_' || c == ':' || c == '.';
}

/* The bytes of the <svg ...> tag (up to its '>'), found in the first bytes. */
static int probe_svg_tag(const unsigned char *b, size_t len, ProbeSpan *tag)
{
    size_t scan = len < PROBE_SVG_SCAN ? len : PROBE_SVG_SCAN;
    for (size_t i = 0; i + 5 <= scan; i++) {
        if (b[i] != '<' || memcmp(b + i + 1, "svg", 3) != 0 ||
            !(ascii_isxmlspace(b[i + 4]) || b[i + 4] == '>' || b[i + 4] == '/'))
            continue;
        size_t end = i + 4, limit = len - i > PROBE_SVG_TAG_MAX ? i + PROBE_SVG_TAG_MAX : len;
        while (end < limit && b[end] != '>')
            end++;
        if (end >= limit)
            return -1;
        *tag = (ProbeSpan){ b + i + 4, end - i - 4 };
        return 0;
    }
    return -1;
}

/* The value of attribute name in the tag (quoted with ' or "). */
static int probe_attr(ProbeSpan tag, const char *name, ProbeSpan *value)
{
    size_t nl = strlen(name), i = 0;
    while (i < tag.n) {
        while (i < tag.n && !probe_name_char(tag.p[i]))
            i++;
        size_t start = i;
        while (i < tag.n && probe_name_char(tag.p[i]))
            i++;
        size_t end = i;
        while (i < tag.n && ascii_isxmlspace(tag.p[i]))
            i++;
        if (i >= tag.n || tag.p[i] != '=')
            continue;
        i++;
        while (i < tag.n && ascii_isxmlspace(tag.p[i]))
            i++;
        if (i >= tag.n || (tag.p[i] != '"' && tag.p[i] != '\''))
            continue;
        unsigned char q = tag.p[i++];
        size_t vs = i;
        while (i < tag.n && tag.p[i] != q)
            i++;
        if (i >= tag.n)
            return -1;
        if (end - start == nl && memcmp(tag.p + start, name, nl) == 0) {
            *value = (ProbeSpan){ tag.p + vs, i - vs };
            return 0;
        }
        i++;
    }
    return -1;
}

/* A plain decimal number at s (no exponent); advances s. -1 when there is none. */
static int probe_number(ProbeSpan *s, double *out)
{
    size_t i = 0;
    int digits = 0, neg = 0;
    double v = 0, scale = 1;
    while (i < s->n && (ascii_isxmlspace(s->p[i]) || s->p[i] == ','))
        i++;
    if (i < s->n && (s->p[i] == '-' || s->p[i] == '+'))
        neg = s->p[i++] == '-';
    for (; i < s->n && ascii_isdigit(s->p[i]); i++, digits++)
        v = v < PROBE_SVG_HUGE ? v * 10 + (s->p[i] - '0') : v;
    if (i < s->n && s->p[i] == '.')
        for (i++; i < s->n && ascii_isdigit(s->p[i]); i++, digits++)
            v += (s->p[i] - '0') * (scale /= 10);
    if (digits == 0)
        return -1;
    *out = neg ? -v : v;
    s->p += i;
    s->n -= i;
    return 0;
}

/* A length attribute in pixels ("120", "120px", "3cm"); -1 when absent, a
 * percentage or not understood. */
static int probe_svg_length(ProbeSpan tag, const char *name, double *px)
{
    static const struct { const char *unit; double scale; } units[] = {
        { "", 1 }, { "px", 1 }, { "pt", 96.0 / 72 }, { "pc", 16 }, { "mm", 96 / 25.4 },
        { "cm", 96 / 2.54 }, { "in", 96 }, { "em", 16 }, { "ex", 8 },
    };
    ProbeSpan v;
    double n;
    if (probe_attr(tag, name, &v) != 0 || probe_number(&v, &n) != 0)
        return -1;
    while (v.n > 0 && ascii_isxmlspace(v.p[v.n - 1]))
        v.n--;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (v.n == strlen(units[i].unit) && memcmp(v.p, units[i].unit, v.n) == 0) {
            *px = n * units[i].scale;
            return 0;
        }
    return -1;
}

static uint32_t probe_round_up(double v)
{
    if (v <= 0)
        return 0;
    if (v >= PROBE_SVG_HUGE)
        return (uint32_t)PROBE_SVG_HUGE;
    uint32_t r = (uint32_t)v;
    return (double)r < v ? r + 1 : r;
}

static ProbeStatus probe_svg(const unsigned char *b, size_t len, int *w, int *h)
{
    ProbeSpan tag, vb;
    if (probe_svg_tag(b, len, &tag) != 0)
        return len < PROBE_SVG_SCAN ? PROBE_TRUNCATED : PROBE_BAD;
    double sw = -1, sh = -1, box[4];
    probe_svg_length(tag, "width", &sw);
    probe_svg_length(tag, "height", &sh);
    if ((sw < 0 || sh < 0) && probe_attr(tag, "viewBox", &vb) == 0 &&
        probe_number(&vb, &box[0]) == 0 && probe_number(&vb, &box[1]) == 0 &&
        probe_number(&vb, &box[2]) == 0 && probe_number(&vb, &box[3]) == 0) {
        sw = sw < 0 ? box[2] : sw;
        sh = sh < 0 ? box[3] : sh;
    }
    if (sw < 0 || sh < 0)
        return PROBE_NO_SIZE;
    return probe_set(probe_round_up(sw), probe_round_up(sh), w, h);
}

/* ---------------------------------------------------------------- public */

/* Does the text start (after a BOM and white space) with markup? */
static int probe_markup(const unsigned char *b, size_t len)
{
    size_t i = len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && ascii_isxmlspace(b[i]))
        i++;
    return i < len && b[i] == '<';
}

ProbeStatus probe_picture(const unsigned char *buf, size_t len, int *w, int *h)
{
    if (!buf || len == 0)
        return PROBE_UNKNOWN;
    if (len >= 8 && memcmp(buf, "\x89PNG\r\n\x1a\n", 8) == 0)
        return probe_png(buf, len, w, h);
    if (len >= 3 && buf[0] == 0xFF && buf[1] == 0xD8 && buf[2] == 0xFF)
        return probe_jpeg(buf, len, w, h);
    if (len >= 12 && memcmp(buf, "RIFF", 4) == 0 && memcmp(buf + 8, "WEBP", 4) == 0)
        return probe_webp(buf, len, w, h);
    if (probe_markup(buf, len))
        return probe_svg(buf, len, w, h);
    return PROBE_UNKNOWN;
}

int probe_too_large(int w, int h)
{
    return w > PROBE_MAX_SIDE || h > PROBE_MAX_SIDE;
}

int probe_too_many_pixels(int w, int h)
{
    return w <= 0 || h <= 0 || (int64_t)w * h > PROBE_MAX_PIXELS;
}

double probe_max_megapixels(void)
{
    return (double)PROBE_MAX_PIXELS / 1e6;
}

/* libjpeg's output side at scale num/8: rounded up. */
static int64_t probe_scaled(int side, int num)
{
    return ((int64_t)side * num + 7) / 8;
}

int probe_jpeg_scale(int w, int h, int swap, int fit_w, int fit_h)
{
    if (w <= 0 || h <= 0)
        return 8;
    /* The letterbox is of the picture as shown; the decoder works on it as stored. */
    LayoutRect lb = swap ? layout_letterbox(h, w, fit_w, fit_h)
                         : layout_letterbox(w, h, fit_w, fit_h);
    int need_w = swap ? lb.h : lb.w, need_h = swap ? lb.w : lb.h;
    if (fit_w <= 0 || fit_h <= 0)
        need_w = w, need_h = h;
    int num = 1;
    while (num < 8 && (probe_scaled(w, num) < need_w || probe_scaled(h, num) < need_h))
        num++;
    while (num > 1 && probe_scaled(w, num) * probe_scaled(h, num) > PROBE_MAX_PIXELS)
        num--;
    return num;
}

int probe_box_factor(int w, int h, int fit_w, int fit_h)
{
    if (w <= 0 || h <= 0)
        return 1;
    LayoutRect lb = layout_letterbox(w, h, fit_w, fit_h);
    int k = 1;
    if (lb.w > 0 && lb.h > 0) {
        k = w / lb.w < h / lb.h ? w / lb.w : h / lb.h;
        k = k < 1 ? 1 : k;
        while (k > 1 && ((w + k - 1) / k < lb.w || (h + k - 1) / k < lb.h))
            k--;
    }
    while (k < PROBE_MAX_SIDE && (int64_t)((w + k - 1) / k) * ((h + k - 1) / k) > PROBE_MAX_PIXELS)
        k++;
    return k;
}

const char *probe_status_text(ProbeStatus st)
{
    switch (st) {
    case PROBE_OK:        return "has a size";
    case PROBE_UNKNOWN:   return "is not a PNG, JPEG, WebP or SVG picture";
    case PROBE_TRUNCATED: return "is cut short (perhaps a copy that did not finish)";
    case PROBE_BAD:       return "is damaged: its size cannot be read";
    case PROBE_NO_SIZE:   return "states no size";
    }
    return "cannot be read";
}
