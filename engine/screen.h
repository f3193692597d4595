/* screen — the player's screens as tables of functions, asked by the loop.
 *
 * In the manner of SDL's driver tables: each screen (the shelf, the story
 * being read, the recording studio) is one constant Screen whose functions
 * are all the loop knows of it, and its state is a struct of its own in App
 * (AppShelf, AppPlay, AppStudio). The parents' gate and menu are an overlay:
 * a Screen drawn and answered over whichever screen is current, which keeps
 * counting its frames and its time. app.c holds no screen's logic and tests
 * no mode: each turn it steps the overlay and the screen, asks the one on top
 * for its scene, lets it prepare (decode, compose) what that scene needs,
 * draws, and sleeps until the earliest next change either reports.
 *
 * A screen is entered through its own function, which takes what it needs
 * (app_show_shelf, app_play, app_studio_enter): it calls app_screen_leave
 * first (the current screen's leave, e.g. the studio closing its
 * microphone), sets its state up, then app_screen_enter. Hooks marked
 * "optional" may be NULL. */
#ifndef HUSHABYE_SCREEN_H
#define HUSHABYE_SCREEN_H

#include "input.h"
#include "player.h"
#include "scene.h"
#include "story.h"

struct App;

typedef struct Screen {
    const char *name;
    /* Entered (a->screen is already this one): trace it, start what runs. */
    void (*enter)(struct App *a, double now);
    /* Left for another screen: free what is its own alone. Optional. */
    void (*leave)(struct App *a, double now);
    /* A recognised gesture or key (the overlay, when open, gets them all). */
    void (*input)(struct App *a, const InputEvent *e);
    /* Bring the screen up to the clock. */
    void (*step)(struct App *a, double now);
    /* When the screen's picture or state next changes (PLAYER_NEVER: only an
     * event can change it). */
    double (*next_change)(struct App *a, double now);
    /* The phase a drawn frame counts against (the summary's frames_*). */
    PlayerPhase (*phase)(const struct App *a);
    /* What to show at now, the family's brightness applied where it
     * belongs; returns the paused sign's alpha over it (0: none). */
    int (*scene)(struct App *a, double now, PlayerScene *s);
    /* Before s is drawn: decode and compose what its layers need, so
     * drawing only draws. */
    void (*prepare)(struct App *a, const PlayerScene *s);
    /* A narration the mixer finished (scene: what it was playing). */
    void (*sound_end)(struct App *a, SceneId scene, double now);
    /* Virtual clock: may a book's import end now? Optional (yes). */
    int (*settled)(const struct App *a);
    /* Virtual clock: something of the screen's own due before next (the
     * narration's end); 1 when it moved the clock. Optional. */
    int (*virtual_due)(struct App *a, double next);
    /* The story a parent would record from here, or NULL. Optional. */
    const Story *(*story)(const struct App *a);
    /* The overlay opened over (covered 1) or closed off (0) this screen,
     * e.g. the page pauses under the parents' menu. Optional. */
    void (*cover)(struct App *a, int covered, double now);
    const char *back_label;   /* the menu's first item, back to this screen */
} Screen;

extern const Screen screen_shelf;
extern const Screen screen_play;
extern const Screen screen_studio;
extern const Screen screen_gate;   /* the overlay */

/* Leave the current screen (its leave hook), before another is set up. */
void app_screen_leave(struct App *a, double now);
/* Make s the current screen: out of the dark, the screen saver held, then
 * its enter hook. */
void app_screen_enter(struct App *a, const Screen *s, double now);

#endif
