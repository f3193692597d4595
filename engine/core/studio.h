/* studio — recording the parent's voice in the player, page by page.
 *
 * The studio is reached from the parents' menu. Each page is shown with its
 * words in large type and a few big, calm controls: Record (a gentle 3-2-1
 * countdown, then recording with a level meter and the elapsed time, until
 * Stop or two minutes), Listen, Keep, and Previous / Next page; the closing
 * words can be recorded the same way, and their words chosen from a short
 * list. A take replaces the page's narration only on Keep; until then the
 * previous one stays, and a take not kept is dropped when the page changes.
 * "Bring back the one before" (take_undo) shows whenever the target has a
 * take kept from before (has_previous, set by the edge), and toggles: the
 * take it replaces is kept in its turn.
 *
 * This module is the pure state machine and the screen's layout; the edge
 * (app_studio.c) owns the microphone, the processing and the files. */
#ifndef HUSHABYE_STUDIO_H
#define HUSHABYE_STUDIO_H

#include "caps.h"

#include <stddef.h>

#include "layout.h"

#define STUDIO_COUNTDOWN_S 3.0     /* seconds of 3-2-1 before recording */
#define STUDIO_LIMIT_S     120.0   /* seconds a page at most */
#define STUDIO_METER_HZ    10.0    /* meter and clock refresh while recording */
#define STUDIO_MAX_TARGETS 1000

typedef enum {
    STUDIO_IDLE,        /* nothing recorded on this page yet (this visit) */
    STUDIO_COUNTDOWN,
    STUDIO_RECORDING,
    STUDIO_TAKE,        /* a processed take waits: Listen, Keep, or Record again */
    STUDIO_LISTENING,
    STUDIO_KEPT         /* the take is now the page's narration */
} StudioState;

typedef enum {
    SB_RECORD, SB_LISTEN, SB_KEEP, SB_PREV, SB_NEXT, SB_WORDS, SB_DONE, SB_TYPE, SB_UNDO,
    SB_COUNT
} StudioButton;

typedef enum {
    SA_NONE,
    SA_START_CAPTURE,   /* countdown over: start listening to the microphone */
    SA_STOP_CAPTURE,    /* stop and process the take */
    SA_PLAY_TAKE,
    SA_STOP_PLAYING,
    SA_KEEP,            /* save the take as the target's narration */
    SA_DROP_TAKE,       /* free the unkept take (page changed) */
    SA_NEXT_WORDS,      /* the reassurance: the next words from the list */
    SA_START_TYPING,    /* the reassurance: type words of one's own */
    SA_SAVE_TYPED,      /* ... and save them */
    SA_UNDO,            /* bring back the take the kept one replaced */
    SA_DONE             /* leave the studio */
} StudioAction;

typedef struct {
    int ntargets;        /* pages, then the reassurance last */
    int index;           /* the target shown */
    StudioState state;
    double t0;           /* when the countdown / recording / listening began */
    double take_seconds; /* length of the processed take */
    int has_mic;
    int typing;          /* typing the closing words on a keyboard */
    int has_previous;    /* the edge says: a take replaced here is kept (undo) */
    int version;         /* bumped on every visible change */
} Studio;

void studio_begin(Studio *s, int npages, int has_mic, double now);
int studio_is_reassurance(const Studio *s);

/* Typing ends (saved or cancelled). */
void studio_typing_done(Studio *s);
/* A button pressed (tap or key). Returns what the edge must do. */
StudioAction studio_press(Studio *s, StudioButton b, double now);
/* Time passing: the countdown's end, the two-minute limit. */
StudioAction studio_update(Studio *s, double now);
/* The edge reports: the take is processed (seconds > 0) or was only silence (<= 0);
 * listening ended; the take was kept. */
void studio_take_ready(Studio *s, double seconds, double now);
void studio_listen_done(Studio *s, double now);
void studio_kept(Studio *s, double now);
/* The take before is back (after SA_UNDO): the page is as it was. */
void studio_undone(Studio *s, double now);

/* When the screen next changes by itself (countdown digits, the meter and
 * clock while recording), or LIMIT_NEVER. */
double studio_next_change(const Studio *s, double now);
/* Which buttons are on show now (the reassurance has Words; Listen and Keep
 * need a take). */
int studio_button_shown(const Studio *s, StudioButton b);
/* Layout: the words area, the status line, the meter, and each button. */
LayoutRect studio_words_rect(int w, int h);
LayoutRect studio_status_rect(int w, int h);
LayoutRect studio_meter_rect(int w, int h);
LayoutRect studio_button_rect(int w, int h, StudioButton b);
/* The button under a point (window fractions) that is on show, or -1. */
int studio_hit(const Studio *s, int w, int h, float fx, float fy);
/* The button a key means ("R" record/stop, "L" listen, "K" keep, arrows,
 * "W" words, "Escape"/"D" done), or -1. */
int studio_key(const char *key);
/* The label of a button now ("Record", "Stop", ...). */
const char *studio_label(const Studio *s, StudioButton b);

#endif
