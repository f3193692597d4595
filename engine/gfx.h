/* gfx — drawing at the edge: one composed image per scene, two paths.
 *
 * A scene (a page or the closing scene) is decoded, scaled and composed once
 * into an RGBA image by the pure compose module, kept as one image, and from
 * then on only drawn with alpha and colour modulation.
 * At most GFX_SLOTS scenes are held: the one leaving, the one showing, the
 * one coming next. Everything else is released as soon as the player says so.
 * The interface's pictures (the shelf, the parents' panel, the studio) have
 * GFX_UI_SLOTS of their own, so they never take a page's place.
 *
 * Two drawing paths behind the one interface below, chosen when the window
 * opens. On a real GPU, SDL's renderer: each image is a texture and a
 * modulated copy costs nothing. Where the pixels are drawn by the CPU anyway
 * (SDL's software renderer, or a GL that is really the CPU: llvmpipe,
 * softpipe, swrast), the CPU path: each image is kept in the window's own
 * pixel format, frames are composed straight into the window surface with
 * the blend kernels (one pass per crossfade or dimming), and only the pixels
 * that changed are presented (SDL_UpdateWindowSurfaceRects): a lit
 * read-along word presents the box of its words, a crossfade the box where
 * its two pages differ, a dimming step the whole window. HUSHABYE_RENDER=cpu
 * or gpu forces either path.
 *
 * Pages are decoded and composed off the main loop, one thread per page
 * (gfx_request), so input, the parents' corner and a service stop are
 * answered while a slow picture decodes. The main loop installs what is
 * finished (gfx_collect). A page whose picture takes longer than the budget
 * is shown with the soft placeholder instead, and its late result thrown
 * away when it comes. Only the main thread touches SDL's renderer and the
 * window surface. */
#ifndef HUSHABYE_GFX_H
#define HUSHABYE_GFX_H

#include <SDL.h>

#include "blend.h"
#include "compose.h"
#include "diag.h"
#include "motion.h"
#include "player.h"
#include "settings.h"
#include "text.h"

#define GFX_SLOTS 3
#define GFX_UI_SLOTS 3             /* the shelf, the parents' panel, the studio */
#define GFX_ALL_SLOTS (GFX_SLOTS + GFX_UI_SLOTS)
#define GFX_JOBS 4                 /* pages decoding at once, late ones included */
#define GFX_BUDGET 3.0             /* seconds a page's picture may take */
#define GFX_BANDS 32               /* CPU path: a crossfade's pages compared in this many */
#define GFX_BAND_SPANS 2           /* bands of rows, each with at most this many boxes */
#define GFX_PAIR_BOXES (GFX_BANDS * GFX_BAND_SPANS)
#define GFX_RECTS (GFX_PAIR_BOXES + 16) /* boxes presented in one frame of the CPU path */
#define GFX_LAYERS 4               /* a page's layers (story.h: STORY_MAX_LAYERS) */
#define GFX_MASK_RUN 32            /* pixels of a layer's row marked at once (layer_mask) */

/* A composed image as the drawing path keeps it: a texture (GPU path) or
 * w x h pixels in the window's format, rows of w (CPU path). */
typedef struct {
    SDL_Texture *tex;
    uint32_t *px;
    int w, h;
} GfxImage;

typedef struct {
    int scene;              /* SCENE_NONE = free */
    GfxImage img;
    unsigned long use;      /* last-use stamp, for eviction */
    int kept;               /* composed with keep_picture: picture is the page's */
    ComposeImage picture;   /* ... at its letterbox size (none if it failed) */
    GfxImage bare;          /* rows bare_y.. of the page without its words (its band
                               kept), so a crossfade shows one caption at a time */
    ComposeImage bare_rgba; /* kept pages: the same rows as composed (RGBA), what the
                               read-along draws its words on (gfx_page_bare) */
    int bare_y;
    /* CPU path: */
    unsigned long version;  /* a new number whenever its pixels change */
    BlendBox dirty;         /* pixels changed since it was last drawn */
    BlendBox words;         /* the only pixels where img and bare differ */
    /* Motion (gfx_motion): the page's picture alone as drawn (still: its
     * RGBA, on the night colour), the part of it shown in the picture's place
     * (w = 0: the picture as composed), and its cover: what the page draws
     * over the picture (band, words, replay mark) in the box's rows
     * cover_y.. (cover_rows of them), as cover_k, how much of the picture
     * shows through at each pixel, and cover, what the cover adds (CPU: in
     * the window's format; GPU: a straight-alpha texture). */
    GfxImage moving;
    SDL_Rect msrc;
    ComposeImage still;
    uint8_t *cover_k;
    int cover_y, cover_rows;
    GfxImage cover;
    /* Layers (gfx_layers): transparent pictures over the page's picture, in
     * its box (layer_box), each at its own look (alpha, move, turn, scale).
     * The GPU path draws their textures over the page; the CPU path keeps
     * them in the window's format with an alpha byte and bakes them into img
     * from layer_base, the page's pixels in the box without them, so a layer
     * frame composes and presents only where the layers were and are now
     * (their footprints, layer_foot, in the box's pixels). layer_content is
     * the box of each layer's pixels that show at all. */
    int nlayers;
    GfxImage layer[GFX_LAYERS];
    uint8_t layer_alpha[GFX_LAYERS];
    MotionLayerLook layer_look[GFX_LAYERS];
    MotionBox layer_content[GFX_LAYERS];
    MotionBox layer_foot[GFX_LAYERS];
    uint8_t *layer_mask[GFX_LAYERS]; /* CPU path: per row, which runs of GFX_MASK_RUN
                                        pixels show anything (1) or nothing (0) */
    SDL_Rect layer_box;
    uint32_t *layer_base;
    /* A hotspot's wiggle (gfx_wiggle): its region in window pixels (w = 0:
     * none), turned by wig_angle degrees and scaled by wig_scale about its
     * middle, drawn over the page in every frame until it comes to rest. */
    SDL_Rect wig;
    double wig_angle, wig_scale;
    GfxImage wig_img;       /* GPU path: the region, its edges feathered */
} GfxSlot;

/* CPU path: what the window shows. Outside the boxes rect[], the frame is
 * exactly base[0] (and base[1], equal there) under the modulation r, g, b;
 * so a next frame of the same base needs only those boxes and its own. */
typedef struct {
    int valid;              /* 0: the window holds anything (draw it all) */
    int nbase, base[2];     /* scenes; 0 = no such base (a fade, black) */
    unsigned long version[2];
    uint8_t r, g, b;
    BlendBox rect[GFX_RECTS];
    int nrect;
    PlayerScene scene;      /* as drawn, with its overlays: a frame asked for */
    int pause_alpha, corner_mark; /* again is an expose, and is drawn whole */
} GfxFrame;

/* CPU path: where two pages differ, above the words (pic: a few boxes per
 * band of rows, blend_diff_bands) and in their rows (words: one box), kept
 * for the transition between them. */
typedef struct {
    int a, b;
    unsigned long va, vb;
    int y;
    BlendBox pic[GFX_PAIR_BOXES];
    int npic;
    BlendBox words;
} GfxPair;

/* What a scene is made of: a picture file (folder + relative name, or NULL)
 * and its words. */
typedef struct {
    const char *folder;
    const char *picture;
    const char *display;    /* "story/01.png" for messages */
    const char *text;
    const char *words_display; /* where the words come from, for messages ("story/01.txt") */
    int words_line;         /* the story.ini line of text =, or 0 */
    const char *language;   /* the story's language (BCP 47) or NULL: shapes and
                               breaks the words (ComposeInput.language) */
    int replay_mark;        /* draw the quiet replay control */
    int keep_picture;       /* keep the scaled picture for gfx_take_picture */
    int moving;             /* with keep_picture: its picture may move (gfx_motion) */
    const char *layers[GFX_LAYERS]; /* with keep_picture: pictures laid over its picture,
                                       relative to folder (gfx_layers) */
    int nlayers;
} GfxSource;

typedef struct Gfx {
    SDL_Window *win;
    SDL_Renderer *ren;      /* GPU path; NULL on the CPU path */
    int cpu;                /* 1: the CPU path (frames composed into surface) */
    char renderer[96];      /* what draws: "software", "opengl:llvmpipe_..." */
    SDL_Surface *surface;   /* CPU path: the window's, fetched again each frame */
    BlendFormat fmt;        /* CPU path: the surface's pixel format */
    GfxFrame shown;         /* CPU path: what the window shows now */
    GfxPair pair;
    unsigned long versions; /* CPU path: the last GfxSlot.version given */
    int w, h;               /* output size in pixels */
    TextFont *font;
    TextFont *wide_font;    /* loaded when a caption needs letters font lacks */
    int wide_tried;
    int captions;           /* 0 = words not drawn */
    double presented;       /* window pixels presented since gfx_take_presented, in
                               whole windows (the GPU path presents the whole window) */
    GfxSlot slots[GFX_ALL_SLOTS];  /* the pages' GFX_SLOTS, then the interface's own, so
                                      a menu opened over a page never pushes a page out */
    unsigned long stamp;
    int corner_mark;        /* kiosk: draw the parents' corner mark */
    GfxImage mark;          /* made on first use */
    int pause_alpha;        /* the paused sign over the page: 0 = none, ..255 */
    GfxImage pause_sign;    /* made on first use */
    struct GfxJob *jobs[GFX_JOBS]; /* pages being decoded and composed */
    struct GfxShared *shared;      /* what the decoding threads share with the loop */
    double budget;          /* seconds, GFX_BUDGET unless HUSHABYE_PICTURE_BUDGET says */
    double layers_share;    /* of it, layers start within (HUSHABYE_LAYERS_SHARE in tests) */
} Gfx;

/* Open the window and choose the drawing path: HUSHABYE_RENDER=cpu or gpu
 * forces one, else drawing (settings.h: DRAWING_CPU, _GPU) does; with
 * DRAWING_AUTO the CPU path when SDL's renderer would be its software one or
 * a GL drawn by the CPU, the renderer on a real GPU (g->cpu, g->renderer say
 * which, for the trace). Where the answer is known beforehand (the software
 * renderer asked for, no GPU device on X11) no renderer is made to ask.
 * fullscreen uses the desktop's size. 0 or -1. */
int gfx_open(Gfx *g, const char *title, int w, int h, int fullscreen, int drawing, Diags *d);
void gfx_close(Gfx *g);
/* After SDL_WINDOWEVENT_SIZE_CHANGED: g->w, g->h read again (the renderer's
 * output, or a new window surface) and the next frame drawn whole. The
 * caller then releases what was composed for the old size. */
void gfx_output_size(Gfx *g);

/* Start composing scene in the background, unless it is held or under way.
 * Problems (a picture that will not load) become diagnostics and a soft
 * placeholder when the page is collected; only out-of-memory fails (-1, with
 * a diagnostic). The source's strings are copied. */
int gfx_request(Gfx *g, int scene, const GfxSource *src, Diags *d);
/* Decode folder/name in the background for a fit_w x fit_h screen, under
 * key (a number that is no scene: the shelf's covers use their own range);
 * the result comes out of gfx_collect, within the same budget. 0, or -1
 * when it cannot be started (no thread slot free: try again later). */
int gfx_request_picture(Gfx *g, int key, const char *folder, const char *name,
                        const char *display, int fit_w, int fit_h);
/* Is scene (or a picture's key) being composed in the background now? */
int gfx_pending(const Gfx *g, int scene);
/* Block until scene's background work is finished or its budget is spent
 * (the virtual clock's way: the same frames whatever the machine's speed). */
void gfx_wait(Gfx *g, int scene);
/* A picture decoded in the background for the caller (gfx_request_picture):
 * img is the caller's to free; img.px is NULL when it failed or was late. */
typedef struct {
    int key;
    ComposeImage img;
    char display[512];      /* the display name it was requested with */
} GfxPictureDone;

/* What gfx_collect did: scenes installed (placeholders included), the
 * scenes given up for time (also among those installed), and the pictures
 * finished for the caller. */
typedef struct {
    int installed[GFX_JOBS], ninstalled;
    int late[GFX_JOBS], nlate;
    GfxPictureDone pictures[GFX_JOBS];
    int npictures;
} GfxCollected;

/* Install every finished page and give up on those over budget (shown with
 * the placeholder). Diagnostics of installed pages go to d. */
void gfx_collect(Gfx *g, Diags *d, GfxCollected *out);
/* Seconds until the earliest budget of the pages under way runs out (0 when
 * one has), or a negative number when nothing is under way. */
double gfx_next_deadline(const Gfx *g);
/* The event the decoding threads push when a page is finished (0 = none):
 * it wakes the loop, which then calls gfx_collect. */
Uint32 gfx_event_type(const Gfx *g);
void gfx_release(Gfx *g, int scene);
/* The picture of a page composed with keep_picture, at its letterbox size,
 * for the read-along's base (held until the page is released): 1 with *out
 * pointing to it, 0 when the page has no picture (none, or it failed), -1
 * when nothing was kept (the caller decodes it itself). */
int gfx_page_picture(Gfx *g, int scene, const ComposeImage **out);
/* The rows of a kept page from the first the words can touch (*y0) down, as
 * composed without its words (RGBA): what its read-along draws the words on.
 * 1, or 0 when there are none (no words, not kept, composed elsewhere). Valid
 * until the scene's slot is released or composed again: copy them. */
int gfx_page_bare(Gfx *g, int scene, const ComposeImage **rows, int *y0);
/* The font for these words: the main one, or the wide fallback when the
 * main font lacks some of their letters and the fallback has them. */
const TextFont *gfx_font_for(Gfx *g, const char *text);
/* Put an image composed elsewhere (the shelf, a highlighted caption) in the
 * scene's slot, reusing its texture when the size matches. 0 or -1. */
int gfx_upload_scene(Gfx *g, int scene, const ComposeImage *img);
/* Replace rows y0.. of the scene's texture with strip (full width). 0 or -1. */
int gfx_update_rows(Gfx *g, int scene, int y0, const ComposeImage *strip);
/* The same for the box x, y, w x h of the page only (page pixels, cut to the
 * strip, whose row 0 is page row y0): a lit word uploads, converts and
 * presents its own box, not every row of the words. 0, or -1. */
int gfx_update_box(Gfx *g, int scene, int y0, const ComposeImage *strip, int x, int y, int w,
                   int h);
/* Decode folder/name as a picture for a fit_w x fit_h screen (SVG is
 * rasterised at that size; others keep their size or come reduced when much
 * larger, see picture.h). 0, or -1 with a diagnostic. Runs on the calling
 * thread. */
int gfx_load_picture(const Gfx *g, const char *folder, const char *name, const char *display,
                     int fit_w, int fit_h, ComposeImage *out, Diags *d);
void gfx_release_all(Gfx *g);
int gfx_has(const Gfx *g, int scene);
/* How many story pages (scene ids >= 0) have a texture now. */
int gfx_pages_held(const Gfx *g);

/* Pan and zoom (motion.h): show the part (x, y, w, h) of a page's picture,
 * in the pixels of the picture kept for it (keep_picture and moving,
 * gfx_page_picture), in the picture's place, from then on in every frame of
 * the page, transitions and dimming included. What the page draws over its
 * picture (the band, the words, a lit word of the read-along) is laid on the
 * moving picture again from its cover, made once when the page is composed
 * (and again for the rows a lit word changes); everything else stays
 * composed once. The GPU path draws the picture's part with a source
 * rectangle and the cover over it; the CPU path scales it into the page's
 * own pixels (blend_scale, blend_cover), so a frame composes and presents
 * only the picture's box. A page whose picture moves crossfades whole (both
 * captions at once, briefly), not with captions taking turns. Returns 1 when
 * this changed what the page shows, 0 when it is the same part, the page is
 * not held or kept no picture, or w or h <= 0. */
int gfx_motion(Gfx *g, int scene, int x, int y, int w, int h);

/* Layers (story.h: layer = FILE EFFECT): set the look of each of the page's
 * layers (look[0..n-1]: motion_layer_at's, the caller's to choose; its
 * alpha is rounded to 1/255). A page composed with layers in its source had
 * each decoded once, with its page, off the main loop, fitted to the
 * picture's letterbox box; a layer that failed to load (a diagnostic then)
 * or a page without a picture has none. Layers lie over the picture and
 * whatever the page draws over it, and are drawn inside the picture's box
 * only (a drift carried out at one side comes in at the other). The GPU
 * path draws each as a texture (SDL_RenderCopyExF: its alpha, angle about
 * its pivot, scale); the CPU path blends them into the page's pixels in the
 * box (blend_over as they are, blend_warp_over turned, scaled or moved), so
 * the next frame composes and presents only the footprints of the layers
 * then and now. Returns how many layers the page shows (0: none, or the
 * scene is not held). */
int gfx_layers(Gfx *g, int scene, const MotionLayerLook *look, int n);
/* The box of layer i's pixels that show at all, in the picture's pixels
 * (empty when the page or the layer is not there). */
MotionBox gfx_layer_content(Gfx *g, int scene, int i);

/* A hotspot's wiggle (hotspot.h): the region (x, y, w, h) of the page, in
 * window pixels, drawn turned by angle degrees (clockwise) and scaled by
 * scale about its middle, over the page and under its layers, in the page's
 * frames from now on, its edges feathered so that it melts into the page
 * around it; its pixels are the composed page's own on the CPU path (with
 * its layers, as they are baked in), the page's picture's on SDL's
 * renderer (which keeps no composed pixels). angle 0 and scale 1, or an
 * empty region, end it. The CPU path composes and presents only the box the
 * region covers, then and now (bilinear, blend_warp_over); SDL's renderer
 * copies the region with SDL_RenderCopyExF. Returns 1 when this changed
 * what the page shows, 0 when not (or the page is not held). */
int gfx_wiggle(Gfx *g, int scene, int x, int y, int w, int h, double angle, double scale);

/* Draw the scene and present it (on the CPU path only what changed since
 * the last frame; a frame asked for again unchanged is presented whole, as
 * after an expose). A crossfade between two pages that have
 * words (their bare rows held) never shows both captions: the pictures
 * crossfade as before while, in the rows of the words, the old words fade
 * out over the first half and the new ones in over the second. With snapshot set, the frame is also saved
 * there as a PNG before it is presented (tests, screenshots); returns -1 only
 * when that save failed. */
int gfx_draw(Gfx *g, const PlayerScene *s, const char *snapshot);
/* How much of the window has been presented since the last call, in whole
 * windows (a lit word's box: a small part of one; a page turn on the CPU path:
 * where its pages differ), and start counting again. For the trace. */
double gfx_take_presented(Gfx *g);

#endif
