/* sniff — recognising file formats from their magic numbers.
 *
 * One table of fixed signatures (offset, bytes) covers most formats; the ones
 * that need a little reasoning (the ISO media family told apart by its brand,
 * MPEG audio frame sync versus AAC, markup told apart by its first tag) have a
 * small function each. Only the given bytes are looked at, never past len. */
#include "sniff.h"
#include "ascii.h"
#include "i18n.h"
#include "utf8.h"
#include <stdio.h>

#include <limits.h>
#include <string.h>

typedef struct {
    size_t offset;
    const char *magic;
    size_t len;
    SniffKind kind;
} SniffMagic;

static const SniffMagic sniff_magics[] = {
    { 0, "\x89PNG\r\n\x1a\n", 8, SNIFF_PNG },
    { 0, "\xFF\xD8\xFF", 3, SNIFF_JPEG },
    { 0, "OggS", 4, SNIFF_OGG },
    { 0, "fLaC", 4, SNIFF_FLAC },
    { 0, "ID3", 3, SNIFF_MP3 },
    { 0, "GIF87a", 6, SNIFF_GIF },
    { 0, "GIF89a", 6, SNIFF_GIF },
    { 0, "II*\0", 4, SNIFF_TIFF },
    { 0, "MM\0*", 4, SNIFF_TIFF },
    { 0, "%PDF", 4, SNIFF_PDF },
    { 0, "PK\x03\x04", 4, SNIFF_ZIP },
    { 0, "PK\x05\x06", 4, SNIFF_ZIP },
    { 0, "#!AMR", 5, SNIFF_AMR },
    { 0, "\x30\x26\xB2\x75\x8E\x66\xCF\x11", 8, SNIFF_WMA },
    { 0, "MThd", 4, SNIFF_MIDI },
    { 0, "caff", 4, SNIFF_CAF },
    { 0, "{\\rtf", 5, SNIFF_RTF },
};

static int sniff_at(const unsigned char *buf, size_t len, size_t off, const char *m, size_t n)
{
    return len >= off + n && memcmp(buf + off, m, n) == 0;
}

/* RIFF containers: WAVE, WEBP or AVI by their form type. */
static SniffKind sniff_riff(const unsigned char *buf, size_t len)
{
    if (!sniff_at(buf, len, 0, "RIFF", 4))
        return SNIFF_UNKNOWN;
    if (sniff_at(buf, len, 8, "WAVE", 4))
        return SNIFF_WAV;
    if (sniff_at(buf, len, 8, "WEBP", 4))
        return SNIFF_WEBP;
    if (sniff_at(buf, len, 8, "AVI ", 4))
        return SNIFF_AVI;
    return SNIFF_UNKNOWN;
}

/* ISO base media ("....ftyp" + brand): phone recordings, videos, HEIC photos. */
static SniffKind sniff_iso(const unsigned char *buf, size_t len)
{
    if (!sniff_at(buf, len, 4, "ftyp", 4) || len < 12)
        return SNIFF_UNKNOWN;
    const char *brand = (const char *)buf + 8;
    if (memcmp(brand, "3gp", 3) == 0 || memcmp(brand, "3g2", 3) == 0)
        return SNIFF_3GP;
    if (memcmp(brand, "M4A", 3) == 0 || memcmp(brand, "M4B", 3) == 0)
        return SNIFF_M4A;
    if (memcmp(brand, "heic", 4) == 0 || memcmp(brand, "heix", 4) == 0 ||
        memcmp(brand, "mif1", 4) == 0 || memcmp(brand, "msf1", 4) == 0)
        return SNIFF_HEIC;
    if (memcmp(brand, "avif", 4) == 0 || memcmp(brand, "avis", 4) == 0)
        return SNIFF_AVIF;
    return SNIFF_MP4;
}

/* An MPEG audio frame header (MP3) or an ADTS header (AAC, layer bits 00). */
static SniffKind sniff_mpeg(const unsigned char *buf, size_t len)
{
    if (len < 2 || buf[0] != 0xFF || (buf[1] & 0xE0) != 0xE0)
        return SNIFF_UNKNOWN;
    if ((buf[1] & 0x06) == 0)
        return (buf[1] & 0xF0) == 0xF0 ? SNIFF_AAC : SNIFF_UNKNOWN;
    if ((buf[1] & 0x18) == 0x08)
        return SNIFF_UNKNOWN;                 /* reserved MPEG version */
    return SNIFF_MP3;
}

/* Does the (case-insensitive) word occur in buf[0..len)? */
static int sniff_contains(const unsigned char *buf, size_t len, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= len; i++) {
        size_t j = 0;
        while (j < n && ascii_tolower(buf[i + j]) == word[j])
            j++;
        if (j == n)
            return 1;
    }
    return 0;
}

/* Markup: SVG, HTML or other XML, by the tags near the start; otherwise plain text. */
static SniffKind sniff_markup(const unsigned char *buf, size_t len)
{
    size_t i = sniff_at(buf, len, 0, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < len && ascii_isspace(buf[i]))
        i++;
    if (i < len && buf[i] == '<') {
        if (sniff_contains(buf + i, len - i, "<svg"))
            return SNIFF_SVG;
        if (sniff_contains(buf + i, len - i, "<html") ||
            sniff_contains(buf + i, len - i, "<!doctype html"))
            return SNIFF_HTML;
        return SNIFF_XML;
    }
    for (size_t k = 0; k < len; k++)
        if (buf[k] < 0x20 && !ascii_isspace(buf[k]))
            return SNIFF_UNKNOWN;
    return SNIFF_TEXT;
}

SniffKind sniff_bytes(const unsigned char *buf, size_t len)
{
    if (!buf || len == 0)
        return SNIFF_EMPTY;
    for (size_t i = 0; i < sizeof sniff_magics / sizeof sniff_magics[0]; i++) {
        const SniffMagic *m = &sniff_magics[i];
        if (sniff_at(buf, len, m->offset, m->magic, m->len))
            return m->kind;
    }
    /* A UTF-16 byte-order mark and a first character of ASCII (its other
     * byte 0): text, though FF FE also begins an MPEG-1 Layer I frame. */
    if (len >= 4 && ((buf[0] == 0xFF && buf[1] == 0xFE && buf[3] == 0 && buf[2] != 0) ||
                     (buf[0] == 0xFE && buf[1] == 0xFF && buf[2] == 0 && buf[3] != 0)))
        return SNIFF_UTF16;
    if ((sniff_at(buf, len, 0, "RF64", 4) || sniff_at(buf, len, 0, "BW64", 4)) &&
        sniff_at(buf, len, 8, "WAVE", 4))
        return SNIFF_RF64;
    SniffKind k = sniff_riff(buf, len);
    if (k == SNIFF_UNKNOWN)
        k = sniff_iso(buf, len);
    if (k == SNIFF_UNKNOWN)
        k = sniff_mpeg(buf, len);
    if (k == SNIFF_UNKNOWN && len >= 2 && buf[0] == 'B' && buf[1] == 'M')
        k = SNIFF_BMP;
    if (k == SNIFF_UNKNOWN)
        k = sniff_markup(buf, len);
    return k;
}

int sniff_is_picture(SniffKind k)
{
    return k == SNIFF_PNG || k == SNIFF_JPEG || k == SNIFF_WEBP || k == SNIFF_SVG;
}

int sniff_is_audio(SniffKind k)
{
    return k == SNIFF_OGG || k == SNIFF_WAV || k == SNIFF_MP3 || k == SNIFF_FLAC;
}

const char *sniff_name(SniffKind k)
{
    switch (k) {
    case SNIFF_UNKNOWN: return _("nothing this player knows");
    case SNIFF_EMPTY:   return _("an empty file");
    case SNIFF_PNG:     return _("a PNG picture");
    case SNIFF_JPEG:    return _("a JPEG picture");
    case SNIFF_WEBP:    return _("a WebP picture");
    case SNIFF_SVG:     return _("an SVG drawing");
    case SNIFF_OGG:     return _("an Ogg recording");
    case SNIFF_WAV:     return _("a WAV recording");
    case SNIFF_MP3:     return _("an MP3 recording");
    case SNIFF_FLAC:    return _("a FLAC recording");
    case SNIFF_GIF:     return _("a GIF picture; save it as PNG");
    case SNIFF_BMP:     return _("a BMP picture; save it as PNG");
    case SNIFF_TIFF:    return _("a TIFF picture; save it as PNG or JPEG");
    case SNIFF_HEIC:    return _("an iPhone HEIC photo; save it as JPEG");
    case SNIFF_AVIF:    return _("an AVIF picture; save it as PNG or JPEG");
    case SNIFF_PDF:     return _("a PDF");
    case SNIFF_ZIP:     return _("a ZIP archive or an office document");
    case SNIFF_HTML:    return _("a web page (HTML), perhaps saved instead of the picture");
    case SNIFF_XML:     return _("an XML document");
    case SNIFF_M4A:     return _("a phone recording in M4A/AAC format, which this player cannot play");
    case SNIFF_MP4:     return _("an MP4 video or recording, which this player cannot play");
    case SNIFF_3GP:     return _("a phone recording in 3GP format, which this player cannot play");
    case SNIFF_AMR:     return _("a phone recording in AMR format, which this player cannot play");
    case SNIFF_AAC:     return _("an AAC recording, which this player cannot play");
    case SNIFF_WMA:     return _("a Windows Media file, which this player cannot play");
    case SNIFF_MIDI:    return _("a MIDI tune, which this player cannot play");
    case SNIFF_CAF:     return _("an Apple CAF recording, which this player cannot play");
    case SNIFF_AVI:     return _("an AVI video");
    case SNIFF_RTF:     return _("a word-processor (RTF) document");
    case SNIFF_RF64:    return _("a WAV of the kind for very long recordings (RF64), which this "
                                 "player cannot play; save it as an ordinary WAV");
    case SNIFF_TEXT:    return _("plain text");
    case SNIFF_UTF16:   return _("text saved as UTF-16; save it as UTF-8");
    }
    return _("nothing this player knows");
}

/* How much of a file kind's words (sniff_name, translated) names the kind:
 * up to the advice after it ("a GIF picture; save it as PNG"), which is for
 * a picture in a story folder, not for every message that names the kind.
 * The advice follows a semicolon or comma, in ASCII or as Chinese, Japanese
 * and Arabic write them. */
int sniff_name_kind_len(const char *name)
{
    static const char *const cuts[] = { ";", ",", "\xef\xbc\x9b", "\xef\xbc\x8c",
                                        "\xd8\x9b", "\xd8\x8c", "\xe3\x80\x81" };
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        const char *at = strstr(name, cuts[i]);
        if (at && (size_t)(at - name) < n)
            n = (size_t)(at - name);
    }
    while (n > 0 && name[n - 1] == ' ')
        n--;
    return n > INT_MAX ? INT_MAX : (int)n;
}

int sniff_not_text(const unsigned char *buf, size_t len, char *what, size_t wlen)
{
    SniffKind k = sniff_bytes(buf, len < SNIFF_HEAD ? len : SNIFF_HEAD);
    if (k != SNIFF_UNKNOWN && k != SNIFF_EMPTY && k != SNIFF_TEXT) {
        const char *name = sniff_name(k);
        snprintf(what, wlen, _("it looks like %.*s"), sniff_name_kind_len(name), name);
        return 1;
    }
    size_t odd = 0, look = len < 65536 ? len : 65536, i = 0;
    while (i < look) {
        uint32_t cp;
        int used = utf8_decode((const char *)buf + i, look - i, &cp);
        if (buf[i] == '\0') {
            snprintf(what, wlen, _("it holds NUL bytes, so it is not a text file"));
            return 1;
        }
        int bad = cp == UTF8_REPLACEMENT && used == 1;
        odd += bad || (cp < 0x20 && !strchr("\t\r\n\f", (int)cp)) || cp == 0x7F;
        i += (size_t)(used > 0 ? used : 1);
    }
    if (look >= 16 && odd * 10 > look) {
        snprintf(what, wlen, _("%1$zu of its first %2$zu bytes are not letters"), odd, look);
        return 1;
    }
    return 0;
}
