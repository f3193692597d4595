/* synth — a synthetic reading of a page's words, timed word by word, by
 * espeak-ng (Debian's libespeak-ng), for the aligner (engine/core/align.h).
 *
 * espeak-ng speaks in synchronous mode into memory (no sound device) and
 * reports where each word starts (espeakEVENT_WORD: the word's character
 * position in the text and its time in the audio). Each event is tied back
 * to the text's own words (align_split: white-space separated, punctuation
 * kept beside them): an event belongs to the word whose characters hold its
 * position, so "1990" said as several words, "Mr." or "(moon" stay one word
 * of the page, keeping the earliest time. A word espeak says nothing for
 * ("-") gets no time (start < 0) and follows its neighbour; a word with
 * letters that espeak says without reporting it gets a share, by characters,
 * of the time from the word before it to the next one reported. espeak-ng keeps
 * global state and reads its voice data from disk, so this lives outside the
 * pure core. Each reading is made in a child process of its own, from
 * espeak-ng's state before any reading: a page is timed the same whatever
 * was read before it, and words that crash espeak-ng or keep it busy past
 * SYNTH_WAIT_SECONDS fail only that reading (SYNTH_FAILED). Where no process
 * can be made the reading is done in this one, serialised with a lock (the
 * studio aligns on a thread of its own). */
#ifndef HUSHABYE_SYNTH_H
#define HUSHABYE_SYNTH_H

#include <stddef.h>

#include "align.h"

#define SYNTH_OK        0
#define SYNTH_NO_VOICE  1     /* espeak-ng has no voice for the language */
#define SYNTH_FAILED   -1     /* espeak-ng missing, failed or memory ran out */

/* Speak text[0..len) in lang (an ISO code like "en", "fr", "pt-br"; NULL or
 * "" means "en"). The n words are the byte ranges starts/lens of text
 * (align_split); words[k] gets each one's start and end in the synthetic
 * audio, which is returned in *pcm (malloc'ed mono float, *npcm samples at
 * *rate). On SYNTH_NO_VOICE and SYNTH_FAILED nothing is allocated and why
 * (whylen bytes) says what happened in plain words. */
int synth_words(const char *text, size_t len, const char *lang, const size_t *starts,
                const size_t *lens, int n, float **pcm, size_t *npcm, int *rate,
                AlignWord *words, char *why, size_t whylen);

#endif
