/* story_parts — what the three parts of the story loader share (story.c,
 * story_scan.c, story_ini.c); not part of story.h's interface.
 *
 * story.c holds the small helpers below, a Story's pages, the words, the
 * finishing and story_load(); story_scan.c the folder's names and
 * story_scan(); story_ini.c the meaning of story.ini's keys and
 * story_apply_ini(). */
#ifndef HUSHABYE_STORY_PARTS_H
#define HUSHABYE_STORY_PARTS_H

#include "story.h"

#define STORY_PATH_MAX   1200   /* "folder/file" for messages (names are <= 1024) */

/* ASCII-only case-insensitive comparison of two strings, as strcmp. */
int story_casecmp(const char *a, const char *b);
/* Index of a word in a NULL-terminated table (case-insensitive), or -1. */
int story_lookup(const char *word, const char *const *table);
/* "display/file" into buf (STORY_PATH_MAX bytes), for messages. */
void story_path(char *buf, const char *display, const char *file);
/* Replace *dst by a copy of value (kept as it was if out of memory). */
void story_set(char **dst, const char *value);
/* The page with this number, created empty when missing; NULL if the number
 * is out of range or out of memory. */
StoryPage *story_page(Story *s, int number);
/* Is name "<stem>.<ext>", one extension, with this lower-case stem (the
 * name's case ignored)? */
int story_stem_is(const char *name, const char *stem);
/* Names a phone's recorder or camera gives its files (for the advice to
 * convert or rename them). */
int story_phone_recording(const char *name);
int story_phone_photo(const char *name);

#endif
