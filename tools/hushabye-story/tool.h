/* tool — what the subcommands of hushabye-story share.
 *
 * Each subcommand is one function (argc/argv from after its name) in a file of
 * its own, listed in main.c's table. The SDL edge (decoding pictures and
 * recordings to check them and time them) is media.c; json.c writes JSON
 * strings with proper escaping for --json output. Exit statuses: 0 fine,
 * 1 problems found, 2 wrong usage. */
#ifndef HUSHABYE_TOOL_H
#define HUSHABYE_TOOL_H

#include "take.h"
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "i18n.h"
#include "sniff.h"

#define TOOL_OK     0
#define TOOL_FAIL   1
#define TOOL_USAGE  2

int cmd_check(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_import_book(int argc, char **argv);
int cmd_align(int argc, char **argv);

/* ---- align.c */

/* Time the words of page's recording in folder and write its .vtt (align.c):
 * a hand-made .vtt is left alone unless force, and then set aside, not
 * deleted. Prints what was done on out, problems on stderr. 0 written, 1
 * nothing to do (no words or no recording), 2 a hand-made file kept, -1
 * failed (the recording could not be read). */
int tool_align_page(const char *folder, int page, int force, FILE *out);

/* ---- media.c: decoding at the SDL edge */

typedef struct {
    int ok;            /* decoded */
    double seconds;    /* length */
    double peak_db;    /* loudest sample in dBFS (-200 for digital silence) */
    int damaged;       /* when not ok: broken data (else a plain refusal: rate, kind...) */
    int hiss;          /* as a narration, its opening is hiss (loud.h: LOUD_HISS) */
    double holds;      /* cut short: the seconds it holds (seconds is then that), or -1 */
    double claims;     /* and the seconds its header claims */
    const char *note;  /* what is wrong though it plays (audio_note), or NULL */
} ToolAudio;

/* Start SDL audio (forcing the dummy driver when none is chosen, so the tool
 * works without a sound card). 0 ok. Safe to call more than once. */
int media_open(void);
void media_close(void);
/* Decode a picture as the player does (picture.c: its one decoder, its
 * limits), reduced for a small screen. 0 when it opens; 1 when it opens but
 * msg[0..n) says what a parent should know (an animated WebP); -1 when it
 * cannot, msg saying why in plain words ("this picture is ... megapixels"). */
int media_picture(const unsigned char *data, size_t len, char *msg, size_t n);
/* Measure a recording in one streaming pass (the core decoder, the format its
 * bytes were sniffed as): its length and loudest sample; memory stays small.
 * a.ok = 0 with *why (plain words) when it cannot be played. */
ToolAudio media_audio(const unsigned char *data, size_t len, const char **why);
/* The same, streamed from fd (owned from now on and closed) of sniffed kind:
 * a long recording is never held in memory. */
ToolAudio media_audio_fd(int fd, SniffKind kind, const char **why);

/* ---- photo.c */

/* Convert data[0..len), already sniffed as HEIC, to a JPEG in *jpeg (malloc'ed,
 * *jpeg_len bytes), upright, within the player's picture limits (checked from
 * the container before decoding). 0 ok; -1 with why in plain words. */
int photo_heic_to_jpeg(const unsigned char *data, size_t len, unsigned char **jpeg,
                       size_t *jpeg_len, char *why, size_t wlen);

/* ---- quote.c */

/* s as one shell argument a parent can paste (quoted only when it must be,
 * control characters as bash's $'\e' escapes). Returns buf. */
const char *tool_shell_arg(const char *s, char *buf, size_t len);

/* "label value\n" on f with value shown escaped, or nothing when value is
 * NULL: the optional lines of info and import-book (author, credits...). */
void tool_print_field(FILE *f, const char *label, const char *value);

/* ---- json.c */

/* Write s as a JSON string (with quotes); NULL is written as null. */
void json_string(FILE *f, const char *s);
/* Write the diagnostics as a JSON array of {path, line, level, message}. */
void json_diags(FILE *f, const Diags *d);

/* Trim, level and save a take (finish.c). Prints a report on out, problems
 * on stderr. Returns TOOL_OK, or TOOL_FAIL (silence, too long, a write that
 * failed: nothing is changed then). */
int take_finish(const TakeTarget *t, const int16_t *s, size_t n, FILE *out);
/* Print on out what a save or an undo did with the target's other
 * recordings (rep), each line starting with label (finish.c). */
void take_print_kept(FILE *out, const TakeTarget *t, const char *label, const TakeReport *rep);

#endif
