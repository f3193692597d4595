/* storycopy — the family's own copy of a story, so a bundled one can be recorded over.
 *
 * An installed player's bundled stories live in /usr/share/hushabye/stories,
 * which the family cannot (and must not) write. The first time a parent
 * records a page of such a story, the story folder is copied into the
 * family's stories folder and the take is saved there; the shelf then shows
 * the family's copy in place of the bundled one (same folder name, the
 * family's first: see shelf.h).
 *
 * The copy is made whole or not at all: the files go into a hidden folder
 * beside where it will be (".NAME.copy-PID-XXXXXX", never shown on the
 * shelf), each file and the folder are synced, and only then is the folder
 * renamed to NAME. A copy cut short by a power cut is a hidden folder, never
 * half a story. The source is read as untrusted as any story folder: links
 * and anything that is not a plain file or folder are refused, each file is
 * capped (FILES_MAX_AUDIO), and so are the whole copy and how deep folders go. */
#ifndef HUSHABYE_STORYCOPY_H
#define HUSHABYE_STORYCOPY_H

#include <stddef.h>

#include "story.h"

#define STORYCOPY_MAX_TOTAL (1024.0 * 1024.0 * 1024.0)   /* 1 GiB: 3x the largest story seen */
#define STORYCOPY_MAX_FILES 4096
#define STORYCOPY_MAX_DEPTH 4

/* Copy the story folder src into parent/<src's last component> (parent is
 * made when missing). Hidden entries (".name": earlier takes, timings set
 * aside, temporary files) are not copied. The copy's path goes to out.
 * Returns 1 when copied, 0 when parent already holds a folder of that name
 * (nothing copied: that folder is the family's copy), -1 with the reason in
 * plain words in why (nothing is left behind). */
int storycopy_into(const char *src, const char *parent, char *out, size_t outlen, char *why,
                   size_t whylen);

/* Before recording a page of s: does it need the family's copy? It does when
 * its folder is inside bundled (the program's own stories, never written,
 * even where the permissions would allow it). Then s is copied into
 * family_stories (storycopy_into)
 * and s->folder becomes the copy's path (s->name stays: same folder name).
 * Returns 0 when s is recorded where it is, 1 when s now points at the
 * family's copy, -1 with the reason in why (s unchanged). */
int storycopy_own(Story *s, const char *bundled, const char *family_stories, char *why,
                  size_t whylen);

#endif
