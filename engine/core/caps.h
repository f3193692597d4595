/* caps — every cap on a story folder, and the "never" of the clocks, once.
 *
 * A story folder comes from anywhere, so each file has a size it may not
 * pass and a picture a size it may not be decoded at (story-format.md,
 * "Limits and bad input"). The numbers live here alone; the modules name
 * them (FILES_MAX_PICTURE, PROBE_MAX_SIDE, STORY_MAX_PAGES...) and the
 * messages that tell a parent about them are made from them: LIMIT_STR
 * turns a cap into the words of a message at compile time, so a message can
 * never say one number while the code holds another. (Named caps.h, not
 * limits.h, which the core's include path would make hide <limits.h>.) */
#ifndef HUSHABYE_CAPS_H
#define HUSHABYE_CAPS_H

/* Plain numbers (no arithmetic), so LIMIT_STR can spell them. */
#define LIMIT_PICTURE_SIDE  8192   /* pixels a side a picture may have */
#define LIMIT_PICTURE_MIB   64     /* MiB a picture file may have */
#define LIMIT_DRAWING_MIB   8      /* MiB a drawing (SVG) may have: its text is copied and
                                      parsed whole, and no drawing nanosvg can draw in a
                                      second comes near it */
#define LIMIT_AUDIO_MIB     256    /* MiB a recording (or any copied file) may have */
#define LIMIT_TEXT_MIB      1      /* MiB of story.ini, a page's words, its timed words */
#define LIMIT_STORY_PAGES   999    /* pages a story may have (1 to 3 digits) */

#define LIMIT_MIB(n)        ((unsigned)(n) * 1024u * 1024u)

/* "No change scheduled": a time later than any clock reaches. Every module's
 * "never" (the player's, the gate's, the input's, the studio's) is this. */
#define LIMIT_NEVER         1e300

#define LIMIT_STR_(x) #x
/* The words of a cap: LIMIT_STR(LIMIT_PICTURE_MIB) is "64". */
#define LIMIT_STR(x) LIMIT_STR_(x)

#endif
