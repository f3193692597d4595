/* sniff — what a file really is, from its first bytes.
 *
 * Parents rename files, phones save recordings as M4A, a "picture" may be a PDF
 * someone downloaded. Before handing a file to a decoder the checker looks at
 * its first bytes (SNIFF_HEAD is plenty) and can then say in plain words what
 * the file looks like. Pure: bytes in, a kind out; no file access. */
#ifndef HUSHABYE_SNIFF_H
#define HUSHABYE_SNIFF_H

#include <stddef.h>

#define SNIFF_HEAD 4096  /* bytes worth reading for sniff_bytes(): a drawing program's
                          * SVG may open with 1 KB of comments before its <svg> */

typedef enum {
    SNIFF_UNKNOWN, SNIFF_EMPTY,
    /* what the player can open */
    SNIFF_PNG, SNIFF_JPEG, SNIFF_WEBP, SNIFF_SVG,
    SNIFF_OGG, SNIFF_WAV, SNIFF_MP3, SNIFF_FLAC,
    /* what it cannot, named so a parent knows what they have */
    SNIFF_GIF, SNIFF_BMP, SNIFF_TIFF, SNIFF_HEIC, SNIFF_AVIF, SNIFF_PDF, SNIFF_ZIP,
    SNIFF_HTML, SNIFF_XML, SNIFF_M4A, SNIFF_MP4, SNIFF_3GP, SNIFF_AMR, SNIFF_AAC,
    SNIFF_WMA, SNIFF_MIDI, SNIFF_CAF, SNIFF_AVI, SNIFF_RTF, SNIFF_TEXT,
    SNIFF_RF64,         /* a WAV for recordings over 4 GB (RF64, BW64): field recorders, ffmpeg */
    SNIFF_UTF16         /* text in UTF-16, by its byte-order mark (an SVG or words saved so) */
} SniffKind;

/* The kind of data in buf[0..len) (len may be less than SNIFF_HEAD). */
SniffKind sniff_bytes(const unsigned char *buf, size_t len);
/* Can the player show this as a picture (PNG, JPEG, WebP, SVG)? */
int sniff_is_picture(SniffKind k);
/* Can the player play this as sound (Ogg Vorbis/Opus, WAV, MP3, FLAC)? */
int sniff_is_audio(SniffKind k);
/* What it looks like, in words that fit "(it looks like %s)": "a PDF",
 * "a phone recording in M4A/AAC format, which this player cannot play". */
const char *sniff_name(SniffKind k);
/* How many bytes of a sniff_name (as translated) name the kind alone, before
 * its advice: "a GIF picture" of "a GIF picture; save it as PNG". */
int sniff_name_kind_len(const char *name);

/* Is buf (a story.ini, a settings file) not text at all: a known binary
 * format by its first bytes, NUL bytes, or mostly bytes that are neither
 * UTF-8 nor ordinary text? Then what (wlen bytes) says what it looks like,
 * and the file is one error rather than a page of warnings about lines that
 * were never settings. */
int sniff_not_text(const unsigned char *buf, size_t len, char *what, size_t wlen);

#endif
