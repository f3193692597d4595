/* gfx — the SDL renderer at the edge: one composed texture per scene.
 *
 * A scene (a page or the closing scene) is decoded, scaled and composed once
 * into an RGBA image by the pure compose module, uploaded as one static
 * texture, and from then on only drawn with alpha and colour modulation.
 * At most GFX_SLOTS scenes are held: the one leaving, the one showing, the
 * one coming next. Everything else is released as soon as the player says so. */
#ifndef HUSHABYE_GFX_H
#define HUSHABYE_GFX_H

#include <SDL.h>

#include "compose.h"
#include "diag.h"
#include "player.h"
#include "text.h"

#define GFX_SLOTS 3

typedef struct {
    int scene;              /* SCENE_NONE = free */
    SDL_Texture *tex;
    unsigned long use;      /* last-use stamp, for eviction */
} GfxSlot;

/* What a scene is made of: a picture file (folder + relative name, or NULL)
 * and its words. */
typedef struct {
    const char *folder;
    const char *picture;
    const char *display;    /* "story/01.png" for messages */
    const char *text;
    int replay_mark;        /* draw the quiet replay control */
} GfxSource;

typedef struct Gfx {
    SDL_Window *win;
    SDL_Renderer *ren;
    int w, h;               /* output size in pixels */
    TextFont *font;
    TextFont *wide_font;    /* loaded when a caption needs letters font lacks */
    int wide_tried;
    int captions;           /* 0 = words not drawn */
    GfxSlot slots[GFX_SLOTS];
    unsigned long stamp;
    int corner_mark;        /* kiosk: draw the parents' corner mark */
    SDL_Texture *mark;      /* made on first use */
} Gfx;

/* Open the window and renderer. fullscreen uses the desktop's size. 0 or -1. */
int gfx_open(Gfx *g, const char *title, int w, int h, int fullscreen, Diags *d);
void gfx_close(Gfx *g);

/* Make sure scene is composed and uploaded. Problems (a picture that will not
 * load) become diagnostics and a soft placeholder; only out-of-memory fails. */
int gfx_prepare(Gfx *g, int scene, const GfxSource *src, Diags *d);
void gfx_release(Gfx *g, int scene);
/* The font for these words: the main one, or the wide fallback when the
 * main font lacks some of their letters and the fallback has them. */
const TextFont *gfx_font_for(Gfx *g, const char *text);
/* Put an image composed elsewhere (the shelf, a highlighted caption) in the
 * scene's slot, reusing its texture when the size matches. 0 or -1. */
int gfx_upload_scene(Gfx *g, int scene, const ComposeImage *img);
/* Replace rows y0.. of the scene's texture with strip (full width). 0 or -1. */
int gfx_update_rows(Gfx *g, int scene, int y0, const ComposeImage *strip);
/* Decode folder/name as a picture fitting fit_w x fit_h (SVG is rasterised at
 * that size; others keep their size). 0, or -1 with a diagnostic. */
int gfx_load_picture(const Gfx *g, const char *folder, const char *name, const char *display,
                     int fit_w, int fit_h, ComposeImage *out, Diags *d);
void gfx_release_all(Gfx *g);
int gfx_has(const Gfx *g, int scene);
/* How many story pages (scene ids >= 0) have a texture now. */
int gfx_pages_held(const Gfx *g);

/* Draw the scene and present it. With snapshot set, the frame is also saved
 * there as a PNG before it is presented (tests, screenshots); returns -1 only
 * when that save failed. */
int gfx_draw(Gfx *g, const PlayerScene *s, const char *snapshot);

#endif
