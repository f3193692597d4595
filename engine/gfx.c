/* gfx — the SDL renderer at the edge (see gfx.h).
 *
 * Pictures are decoded by picture.c, the one decoder entry for the player
 * and the checker, which sniffs the bytes and keeps within the memory caps.
 * SVG is rasterised directly at its letterbox size, so it is as crisp as the
 * screen allows; other pictures are scaled once by the compositor.
 *
 * A page is decoded and composed by a thread of its own into an RGBA image
 * (GfxJob); the main loop uploads it as a texture when the thread is done.
 * A job belongs to the main thread until its thread has set done, except
 * when gfx_close leaves it running ("orphaned"): the thread then frees it
 * itself. GfxShared (the wake-up event, and whether the loop still listens)
 * is freed by whichever of the two lets go last.
 *
 * The CPU path (cpu_* below) keeps every image in the window's pixel format
 * and composes each frame in the window surface with the blend kernels, the
 * same layers in the same order and with the same rounding as the renderer,
 * so a frame looks the same either way (the golden e2e test holds them to
 * 1/255). It presents only the boxes where the new frame can differ from
 * the one shown: GfxFrame records, for the frame on screen, which page it
 * equals outside a few boxes; a next frame of the same page and modulation
 * (a lit word, the next step of a crossfade) redraws and presents the old
 * boxes, its own and whatever rows of its pages changed, nothing else. */
#include "gfx.h"

#include <SDL_image.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stb_image_write.h>
#include <unistd.h>

#include "blend.h"
#include "compose.h"
#include "files.h"
#include "gate.h"
#include "i18n.h"
#include "layout.h"
#include "mem.h"
#include "picture.h"
#include "sniff.h"
#include "utf8.h"

/* The share of a page's budget its layers may start within: past it, the
 * page shows with the layers it has, rather than all of it being given up
 * for a placeholder when the budget runs out. */
#define GFX_LAYERS_SHARE 0.6

typedef struct GfxShared {
    SDL_mutex *lock;
    int closing;            /* the loop is gone: push no more events */
    int refs;               /* the Gfx, plus each orphaned job */
    Uint32 event;
} GfxShared;

typedef struct GfxJob {
    int scene;
    char *folder, *picture, *display, *text, *language;
    char *words_display;    /* for the words' messages */
    int words_line;
    int replay_mark, keep_picture;
    int picture_only;       /* gfx_request_picture: decode, no page */
    const TextFont *font;
    int w, h;               /* the page's size, or the picture's fit */
    Uint64 started;         /* performance counter at the request */
    double budget;          /* the page's seconds (Gfx's budget) */
    double layers_by;       /* seconds: a layer not started by then is left out */
    SDL_atomic_t cancel;    /* set: stop decoding, the result is not wanted */
    SDL_atomic_t done;      /* set by the thread when page and diags are final */
    SDL_sem *sem;           /* posted with done, for gfx_wait */
    SDL_Thread *thread;
    int abandoned;          /* main thread: given up (late or released) */
    int orphaned;           /* under shared->lock: the thread frees the job */
    GfxShared *shared;
    ComposeImage page;      /* the thread's result */
    ComposeImage bare;      /* its rows bare_y.. without the words (none: no words) */
    int bare_y;
    ComposeImage scaled;    /* keep_picture: the picture at its letterbox size */
    int moving;             /* make the cover of its picture (gfx_motion) */
    int cover_ok;           /* ... made: cover_k (NULL when nothing covers), its rows */
    uint8_t *cover_k;
    int cover_y, cover_rows;
    char *layers[GFX_LAYERS];       /* layer pictures, decoded at the picture's box */
    int nlayers;
    ComposeImage layer_img[GFX_LAYERS];
    int rc;
    Diags diags;            /* the thread's own diagnostics */
} GfxJob;

static void jobs_close(Gfx *g);
static void slot_free(Gfx *g, int scene);
static void motion_rows(Gfx *g, GfxSlot *sl, const uint8_t *rgba, int y0, int y1);
static void motion_take(Gfx *g, GfxSlot *sl, GfxJob *j);
static void motion_free(GfxSlot *sl);
static void layers_bake(Gfx *g, GfxSlot *sl, int y0, int y1);
static void layers_take(Gfx *g, GfxSlot *sl, GfxJob *j);
static void layers_free(GfxSlot *sl);
static int moving(const GfxSlot *sl);
static void wiggle_image(Gfx *g, GfxSlot *sl, SDL_Rect r);
static int cpu_start(Gfx *g);
static void cpu_present_black(Gfx *g);

/* Is this GL renderer string a GL drawn by the CPU (Mesa's llvmpipe,
 * softpipe, swrast; SwiftShader)? On those a modulated copy of a whole
 * window is as dear as on SDL's software renderer, and more (docs/cheap.md). */
static int gl_on_cpu(const char *name)
{
    static const char *const cpu[] = { "llvmpipe", "softpipe", "swrast", "software rasterizer",
                                       "swiftshader" };
    char low[96];
    size_t n = 0;
    for (; name[n] && n < sizeof low - 1; n++)
        low[n] = (char)tolower((unsigned char)name[n]);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof cpu / sizeof cpu[0]; i++)
        if (strstr(low, cpu[i]))
            return 1;
    return 0;
}

/* The renderer just made: its name, and whether the CPU draws its pixels. A
 * GL renderer's context is current here, so GL_RENDERER can be asked. */
static int renderer_on_cpu(Gfx *g)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(g->ren, &info) != 0)
        return 0;
    snprintf(g->renderer, sizeof g->renderer, "%s", info.name);
    if (!strcmp(info.name, "software"))
        return 1;
    if (strncmp(info.name, "opengl", 6) != 0)
        return 0;
    typedef const unsigned char *(*GetString)(unsigned int);
    GetString get = (GetString)SDL_GL_GetProcAddress("glGetString");
    const unsigned char *gl = get ? get(0x1F01 /* GL_RENDERER */) : NULL;
    if (!gl)
        return 0;
    snprintf(g->renderer, sizeof g->renderer, "%s:%s", info.name, (const char *)gl);
    for (char *c = g->renderer; *c; c++)
        *c = *c == ' ' ? '_' : *c; /* one word in the trace */
    return gl_on_cpu((const char *)gl);
}

/* Can the answer be known without making a renderer? Asking costs: on X11
 * SDL makes its window again for GL and Mesa is loaded (with LLVM, tens of
 * megabytes) only to learn that the CPU draws. So "software" when that is
 * the renderer asked for (SDL_RENDER_DRIVER), "no-gpu-device" on X11 when
 * the machine has no GPU device at all (Linux: no /dev/dri, no NVIDIA
 * node), where GL can only be Mesa on the CPU; NULL when only the renderer
 * can tell (any other renderer asked for, another video driver: Wayland's
 * window surface is itself a GL texture). */
static const char *cpu_known(void)
{
    const char *asked = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    if (asked && *asked)
        return SDL_strcasecmp(asked, "software") == 0 ? "software" : NULL;
    const char *video = SDL_GetCurrentVideoDriver();
#ifdef __linux__
    if (video && !strcmp(video, "x11") && access("/dev/dri", F_OK) != 0 &&
        access("/dev/nvidiactl", F_OK) != 0)
        return "no-gpu-device";
#endif
    (void)video;
    return NULL;
}

/* The drawing path, decided once: a window cannot have both a renderer and
 * a window surface. HUSHABYE_RENDER, then the setting, may force one. 0, or
 * -1 when neither can draw. */
static int choose_path(Gfx *g, int drawing)
{
    const char *force = SDL_getenv("HUSHABYE_RENDER");
    int forced = force && (!strcmp(force, "cpu") || !strcmp(force, "gpu"));
    int want_cpu = forced ? !strcmp(force, "cpu") : drawing == DRAWING_CPU;
    int want_gpu = forced ? !strcmp(force, "gpu") : drawing == DRAWING_GPU;
    const char *known = want_cpu || want_gpu ? NULL : cpu_known();
    if (known) {
        snprintf(g->renderer, sizeof g->renderer, "%s", known);
        want_cpu = 1;
    } else if (want_cpu) {
        snprintf(g->renderer, sizeof g->renderer, "%s", forced ? "forced" : "setting");
    }
    if (!want_cpu) {
        g->ren = SDL_CreateRenderer(g->win, -1, 0);
        int on_cpu = g->ren && renderer_on_cpu(g); /* and its name, either way */
        if (!g->ren && want_gpu)
            return -1;
        if (!g->ren || (on_cpu && !want_gpu)) { /* no renderer at all: the surface may do */
            if (g->ren)
                SDL_DestroyRenderer(g->ren);
            g->ren = NULL;
            want_cpu = 1;
        }
    }
    if (want_cpu && cpu_start(g) == 0) {
        /* The kernels' width: the wide ones where the processor has them,
         * unless HUSHABYE_KERNELS=narrow asks for the 16-byte ones (to
         * measure one against the other; the pixels are the same). */
        const char *k = SDL_getenv("HUSHABYE_KERNELS");
        blend_wide(!(k && !strcmp(k, "narrow")));
        cpu_present_black(g);
        return 0;
    }
    if (!g->ren && !(g->ren = SDL_CreateRenderer(g->win, -1, 0)))
        return -1;
    if (want_cpu) /* a surface the kernels cannot draw in (not 32-bit) */
        renderer_on_cpu(g);
    g->cpu = 0;
    SDL_GetRendererOutputSize(g->ren, &g->w, &g->h);
    /* Black at once: a new window must never flash white in a dark room. */
    SDL_SetRenderDrawColor(g->ren, 0, 0, 0, 255);
    SDL_RenderClear(g->ren);
    SDL_RenderPresent(g->ren);
    g->presented += 1.0;
    return 0;
}

int gfx_open(Gfx *g, const char *title, int w, int h, int fullscreen, int drawing, Diags *d)
{
    memset(g, 0, sizeof *g);
    g->captions = 1;
    g->budget = GFX_BUDGET;
    /* Tests shorten the budget to see a picture given up for time. */
    const char *budget = SDL_getenv("HUSHABYE_PICTURE_BUDGET");
    if (budget && SDL_atof(budget) > 0)
        g->budget = SDL_atof(budget);
    /* And the layers' share of it, to see layers left out for time without
     * depending on how fast this machine decodes (0: none starts). */
    g->layers_share = GFX_LAYERS_SHARE;
    const char *share = SDL_getenv("HUSHABYE_LAYERS_SHARE");
    if (share && *share && SDL_atof(share) >= 0 && SDL_atof(share) <= 1)
        g->layers_share = SDL_atof(share);
    for (int i = 0; i < GFX_ALL_SLOTS; i++)
        g->slots[i].scene = SCENE_NONE;
    /* With the software renderer, SDL2 on X11 would otherwise present every
     * frame through an OpenGL texture: Mesa and LLVM loaded (about 55 MB),
     * twice the CPU per frame and a slower start (see docs/cheap.md). SDL
     * 2.26 on Wayland has no window framebuffer of its own: there that
     * texture is the only way to a window surface, and refusing it leaves
     * the software renderer nothing to draw in. */
    const char *video = SDL_GetCurrentVideoDriver();
    int wayland = video && !strcmp(video, "wayland");
    if (!wayland)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    /* A fullscreen window has no borders to draw. Told by a compositor that
     * it wants client-side borders (cage 0.1.4 does), SDL 2.26 unmaps the new
     * window to make it again with libdecor, and, the window still marked
     * hidden while it is first shown, never maps it again: the kiosk stays
     * invisible. Without libdecor SDL keeps the window as it is. */
    if (wayland && fullscreen)
        SDL_SetHint(SDL_HINT_VIDEO_WAYLAND_ALLOW_LIBDECOR, "0");
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    flags |= fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE;
    int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED;
    SDL_DisplayMode desk;
    /* Without a window manager nobody resizes a fullscreen window: made at the
     * windowed size it would stay 1280x800, off-centre and cut on a 1024x600
     * panel, the parents' corner off the screen. So it is made at the
     * desktop's size, at the desktop's corner. */
    if (fullscreen && SDL_GetDesktopDisplayMode(0, &desk) == 0 && desk.w > 0 && desk.h > 0) {
        w = desk.w;
        h = desk.h;
        x = y = SDL_WINDOWPOS_UNDEFINED_DISPLAY(0);
    }
    g->win = SDL_CreateWindow(title, x, y, w, h, flags);
    if (!g->win) {
        diag_add(d, DIAG_ERROR, "video", 0, _("cannot open a window: %s"), SDL_GetError());
        return -1;
    }
    if (choose_path(g, drawing) == 0)
        return 0;
    diag_add(d, DIAG_ERROR, "video", 0, _("cannot draw in the window: %s"), SDL_GetError());
    SDL_DestroyWindow(g->win);
    g->win = NULL;
    return -1;
}

void gfx_output_size(Gfx *g)
{
    g->shown.valid = 0;
    if (!g->cpu) {
        SDL_GetRendererOutputSize(g->ren, &g->w, &g->h);
        return;
    }
    g->surface = SDL_GetWindowSurface(g->win); /* SDL made the old one invalid */
    if (g->surface) {
        g->w = g->surface->w;
        g->h = g->surface->h;
    }
}

void gfx_close(Gfx *g)
{
    jobs_close(g);
    gfx_release_all(g);
    if (g->ren)
        SDL_DestroyRenderer(g->ren);
    if (g->win)
        SDL_DestroyWindow(g->win);
    text_font_free(g->font);
    text_font_free(g->wide_font);
    memset(g, 0, sizeof *g);
}


/* Decode folder/name into img for a fit_w x fit_h screen; on the calling
 * thread (a page's own, or the main one). page: it is a page's picture, to be
 * letterboxed (picture_decode_page). */
static int load_into(const char *folder, const char *name, const char *display, int fit_w,
                     int fit_h, int page, SDL_atomic_t *cancel, ComposeImage *img, Diags *d)
{
    unsigned char *data = NULL;
    size_t len = 0;
    PictureInfo info;
    memset(img, 0, sizeof *img);
    /* Its first bytes and length first: a file that is no picture (a 60 MB
     * download renamed .png) or a drawing over its cap is told unread. */
    unsigned char head[SNIFF_HEAD];
    size_t got = 0, size = 0;
    int fd = -1;
    FilesStatus st = files_open_fd(folder, name, FILES_MAX_PICTURE, &fd, &size);
    if (st == FILES_OK) {
        long n = files_read_fd(fd, head, size < sizeof head ? size : sizeof head);
        close(fd);
        got = n > 0 ? (size_t)n : 0;
        if (n >= 0 && picture_precheck(head, got, size, &info) != PICTURE_OK) {
            diag_add(d, DIAG_WARNING, display, 0, _("picture not shown: %s"), info.why);
            return -1;
        }
    }
    if (st == FILES_OK)
        st = files_read(folder, name, FILES_MAX_PICTURE, &data, &len);
    if (st != FILES_OK) {
        char why[200];
        files_status_say(folder, name, st, FILES_MAX_PICTURE, why, sizeof why);
        diag_add(d, DIAG_WARNING, display, 0, _("picture not shown: %s"), why);
        return -1;
    }
    PictureStatus ps = page ? picture_decode_page(data, len, fit_w, fit_h, cancel, img, &info)
                            : picture_decode(data, len, fit_w, fit_h, cancel, img, &info);
    free(data);
    if (ps == PICTURE_CANCELLED)
        return -1;
    if (ps != PICTURE_OK) {
        diag_add(d, DIAG_WARNING, display, 0, _("picture not shown: %s"), info.why);
        return -1;
    }
    if (info.note[0])
        diag_add(d, DIAG_WARNING, display, 0, "%s", info.note);
    return 0;
}

int gfx_load_picture(const Gfx *g, const char *folder, const char *name, const char *display,
                     int fit_w, int fit_h, ComposeImage *img, Diags *d)
{
    (void)g;
    return load_into(folder, name, display, fit_w, fit_h, 0, NULL, img, d);
}

const TextFont *gfx_font_for(Gfx *g, const char *text)
{
    size_t len = text ? strlen(text) : 0;
    if (!g->font || len == 0 || text_font_missing(g->font, text, len) == 0)
        return g->font;
    if (!g->wide_tried) {
        char path[1024], err[256];
        g->wide_tried = 1;
        if (text_find_wide_font(path, sizeof path) == 0)
            g->wide_font = text_font_load(path, err, sizeof err);
    }
    if (g->wide_font && text_font_missing(g->wide_font, text, len) <
                            text_font_missing(g->font, text, len))
        return g->wide_font;
    return g->font;
}

/* What a parent should know of a page's words as they were drawn: cut to fit
 * (cut set by the compose), or holding characters no font here has. */
static void words_notes(const ComposeInput *in, int cut, const char *display, int line,
                        Diags *d)
{
    if (cut)
        diag_add(d, DIAG_WARNING, display, line, "%s", _("these words are too long to show "
                 "whole on this screen (three lines at most): the rest are cut with …; make "
                 "them shorter, or give some of them a page of their own"));
    uint32_t cp = 0;
    size_t missing = in->font && in->text ?
                     text_font_missing_first(in->font, in->text, strlen(in->text), &cp) : 0;
    if (missing) {
        /* An emoji, or a script no font here has: drawn as a box, which a
         * parent would otherwise take for damage. */
        char shown[8];
        shown[utf8_encode(shown, cp)] = '\0';
        diag_add(d, DIAG_WARNING, display, line, ngettext("%1$zu character of these words is in "
                 "no font this player has ('%2$s', U+%3$04X), so it is shown as a box",
                 "%1$zu characters of these words are in no font this player has (the first "
                 "is '%2$s', U+%3$04X), so they are shown as boxes", missing),
                 missing, shown, (unsigned)cp);
    }
}

/* ---- images, on either path ---- */

static int img_ok(const GfxImage *m)
{
    return m->tex || m->px;
}

static void img_free(GfxImage *m)
{
    if (m->tex)
        SDL_DestroyTexture(m->tex);
    hb_big_free(m->px);
    memset(m, 0, sizeof *m);
}

/* src as the drawing path keeps it: a texture, or pixels in the window's
 * format. 0 or -1. */
static int img_make(Gfx *g, const ComposeImage *src, GfxImage *out)
{
    memset(out, 0, sizeof *out);
    if (g->cpu) {
        size_t n = (size_t)src->w * (size_t)src->h;
        if (!(out->px = hb_big_alloc(n ? n * 4 : 4)))
            return -1;
        blend_from_rgba(out->px, src->px, n, &g->fmt);
    } else {
        out->tex = SDL_CreateTexture(g->ren, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC,
                                     src->w, src->h);
        if (!out->tex)
            return -1;
        SDL_UpdateTexture(out->tex, NULL, src->px, src->w * 4);
        SDL_SetTextureBlendMode(out->tex, SDL_BLENDMODE_BLEND);
    }
    out->w = src->w;
    out->h = src->h;
    return 0;
}

static BlendBox box_union(BlendBox a, BlendBox b)
{
    if (a.x1 <= a.x0 || a.y1 <= a.y0)
        return b;
    if (b.x1 <= b.x0 || b.y1 <= b.y0)
        return a;
    BlendBox u = { a.x0 < b.x0 ? a.x0 : b.x0, a.y0 < b.y0 ? a.y0 : b.y0,
                   a.x1 > b.x1 ? a.x1 : b.x1, a.y1 > b.y1 ? a.y1 : b.y1 };
    return u;
}

/* Replace rows y0.. of the slot's image with strip (its width); on the CPU
 * path the pixels that really changed are noted in the slot (dirty), so
 * only they are presented. 0 or -1. */
static int slot_box(Gfx *g, GfxSlot *slot, int y0, const ComposeImage *strip, SDL_Rect r)
{
    GfxImage *m = &slot->img;
    int ya = r.y, yb = r.y + r.h, x0 = r.x, x1 = r.x + r.w;
    const uint8_t *first = strip->px + ((size_t)(ya - y0) * (size_t)strip->w) * 4;
    if (!g->cpu) {
        int rc = SDL_UpdateTexture(m->tex, &r, first + (size_t)x0 * 4, strip->w * 4);
        motion_rows(g, slot, first, ya, yb);
        return rc;
    }
    size_t n = (size_t)(x1 - x0);
    uint32_t *row = malloc(n * 4 + 4);
    if (!row)
        return -1;
    BlendBox changed = { 0, 0, 0, 0 };
    for (int y = ya; y < yb; y++) {
        uint32_t *dst = m->px + (size_t)y * (size_t)m->w + (size_t)x0;
        blend_from_rgba(row, first + ((size_t)(y - ya) * (size_t)strip->w + (size_t)x0) * 4, n,
                        &g->fmt);
        BlendBox b = blend_diff_box(dst, row, (int)n, 1, n);
        if (b.x1 > b.x0) {
            b.x0 += x0;
            b.x1 += x0;
            b.y0 += y;
            b.y1 += y;
            changed = box_union(changed, b);
            memcpy(dst, row, n * 4);
        }
    }
    free(row);
    if (!moving(slot)) /* the layers over the new rows (a moving page's bake lays them) */
        layers_bake(g, slot, ya, yb);
    motion_rows(g, slot, first, ya, yb); /* its picture moving under them */
    if (changed.x1 > changed.x0) {
        slot->dirty = box_union(slot->dirty, changed);
        if (img_ok(&slot->bare)) /* a lit word: still where the words are */
            slot->words = box_union(slot->words, changed);
        slot->version = ++g->versions;
    }
    return 0;
}

static int slot_rows(Gfx *g, GfxSlot *slot, int y0, const ComposeImage *strip)
{
    return slot_box(g, slot, y0, strip, (SDL_Rect){ 0, y0, strip->w, strip->h });
}

static GfxSlot *slot_of(Gfx *g, int scene)
{
    for (int i = 0; i < GFX_ALL_SLOTS; i++)
        if (g->slots[i].scene == scene && img_ok(&g->slots[i].img))
            return &g->slots[i];
    return NULL;
}

int gfx_pages_held(const Gfx *g)
{
    int n = 0;
    for (int i = 0; i < GFX_SLOTS; i++)
        n += img_ok(&g->slots[i].img) && scene_is_page(g->slots[i].scene);
    return n;
}

int gfx_has(const Gfx *g, int scene)
{
    return slot_of((Gfx *)g, scene) != NULL;
}

/* A free slot among scene's kind (pages and the closing scene, or the
 * interface's pictures), or the least recently used of them emptied. */
static GfxSlot *take_slot(Gfx *g, int scene)
{
    SceneKind k = scene_kind(scene);
    int first = k == SCENE_KIND_PAGE || k == SCENE_KIND_REASSURANCE ? 0 : GFX_SLOTS;
    int end = first ? GFX_ALL_SLOTS : GFX_SLOTS;
    GfxSlot *best = &g->slots[first];
    for (int i = first; i < end; i++) {
        if (!img_ok(&g->slots[i].img))
            return &g->slots[i];
        if (g->slots[i].use < best->use)
            best = &g->slots[i];
    }
    slot_free(g, best->scene);
    return best;
}

/* Put image m in a slot as scene's: new pixels, all to be presented. */
static void install(Gfx *g, int scene, const GfxImage *m)
{
    GfxSlot *slot = take_slot(g, scene);
    slot->scene = scene;
    slot->img = *m;
    slot->use = ++g->stamp;
    slot->version = ++g->versions;
    slot->dirty = (BlendBox){ 0, 0, m->w, m->h };
    slot->words = (BlendBox){ 0, 0, 0, 0 };
    slot->msrc = (SDL_Rect){ 0, 0, 0, 0 };
}

/* ---- pages composed off the main loop ---- */

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void job_free(GfxJob *j)
{
    compose_free(&j->bare);
    compose_free(&j->page);
    compose_free(&j->scaled);
    free(j->cover_k);
    for (int i = 0; i < j->nlayers; i++) {
        free(j->layers[i]);
        compose_free(&j->layer_img[i]);
    }
    diag_free(&j->diags);
    if (j->sem)
        SDL_DestroySemaphore(j->sem);
    free(j->folder);
    free(j->picture);
    free(j->display);
    free(j->text);
    free(j->language);
    free(j->words_display);
    free(j);
}

static void shared_release(GfxShared *sh)
{
    SDL_DestroyMutex(sh->lock);
    free(sh);
}

/* Compose a page into page, and when it has words also bare: its rows from
 * where the words can reach (bare_y) down, without the words. The page is
 * composed once without its words, those rows copied, and the words drawn
 * over it as the read-along does, so the result is the same page. 0 or -1;
 * bare is left empty when there are no words or no memory for it (a
 * crossfade then simply shows both, as a last resort). */
static int compose_with_bare(const ComposeInput *in0, int w, int h, ComposeImage *page,
                             ComposeImage *bare, int *bare_y)
{
    ComposeInput in = *in0;
    memset(bare, 0, sizeof *bare);
    *bare_y = h;
    if (!in.font || !in.text || !in.text[0])
        return compose_page(&in, w, h, page);
    in.band_only = 1;
    if (compose_page(&in, w, h, page) != 0)
        return -1;
    LayoutRect pic = compose_picture_rect(&in, w, h);
    int top = compose_words_top(w, h, pic);
    size_t row = (size_t)w * 4;
    if (top >= 0 && top < h && (bare->px = hb_big_alloc(row * (size_t)(h - top))) != NULL) {
        memcpy(bare->px, page->px + row * (size_t)top, row * (size_t)(h - top));
        bare->w = w;
        bare->h = h - top;
        *bare_y = top;
    }
    in.band_only = 0;
    ComposeImage rows = { page->px + row * (size_t)(top > 0 ? top : 0), w,
                          h - (top > 0 ? top : 0) };
    if (compose_words_strip(&in, w, h, pic, &rows, top > 0 ? top : 0) != 0) {
        compose_free(bare);
        compose_free(page);
        return -1;
    }
    return 0;
}

/* How much of a moving picture shows through what its page draws over it
 * (band, words, replay mark): the page composed again over a black and over
 * a white picture of its size, the difference being what passes, kept for
 * the picture's box from its first row where anything covers it (cover_ok
 * with cover_k NULL: nothing does). Out of memory: no cover, and the picture
 * stays still. */
static void cover_make(const ComposeInput *in0, int w, int h, GfxJob *j)
{
    const ComposeImage *pic = &j->scaled;
    ComposeInput in = *in0;
    size_t n = (size_t)pic->w * (size_t)pic->h * 4;
    ComposeImage flat[2] = { { 0 } }, page[2] = { { 0 } };
    int ok = pic->w <= w && pic->h <= h;
    for (int i = 0; i < 2 && ok; i++) {
        flat[i] = (ComposeImage){ malloc(n ? n : 4), pic->w, pic->h };
        ok = flat[i].px != NULL;
        if (ok) {
            memset(flat[i].px, i ? 255 : 0, n);
            for (size_t b = 3; b < n; b += 4)
                flat[i].px[b] = 255; /* opaque, black or white */
            in.picture = &flat[i];
            in.picture_prescaled = 1;
            ok = compose_page(&in, w, h, &page[i]) == 0;
        }
    }
    int bx = (w - pic->w) / 2, by = (h - pic->h) / 2, y0 = by + pic->h;
    for (int y = by; ok && y < by + pic->h && y0 == by + pic->h; y++) {
        const uint8_t *p0 = page[0].px + ((size_t)y * w + bx) * 4;
        const uint8_t *p1 = page[1].px + ((size_t)y * w + bx) * 4;
        for (int x = 0; x < pic->w * 4; x++)
            if ((x & 3) != 3 && p1[x] - p0[x] != 255) {
                y0 = y;
                break;
            }
    }
    int rows = by + pic->h - y0;
    if (ok && rows > 0 && (j->cover_k = malloc((size_t)rows * (size_t)pic->w)) != NULL) {
        for (int y = 0; y < rows; y++) {
            const uint8_t *p0 = page[0].px + ((size_t)(y0 + y) * w + bx) * 4;
            const uint8_t *p1 = page[1].px + ((size_t)(y0 + y) * w + bx) * 4;
            uint8_t *k = j->cover_k + (size_t)y * (size_t)pic->w;
            for (int x = 0; x < pic->w; x++) {
                int least = 255;
                for (int c = 0; c < 3; c++) {
                    int d = p1[4 * x + c] - p0[4 * x + c];
                    least = d < least ? d : least;
                }
                k[x] = (uint8_t)(least < 0 ? 0 : least);
            }
        }
    }
    j->cover_ok = ok && (rows <= 0 || j->cover_k);
    j->cover_y = y0;
    j->cover_rows = j->cover_k ? rows : 0;
    for (int i = 0; i < 2; i++) {
        free(flat[i].px);
        compose_free(&page[i]);
    }
}

static double job_age(const GfxJob *j);

/* Each layer of the page decoded for its picture's box (w x h) and fitted
 * to it exactly, so it lies over the picture as the picture is drawn. A
 * layer that will not load, or that there is no time left for, is left out
 * (its diagnostic says why). */
static void layers_decode(GfxJob *j, int w, int h)
{
    const char *slash = strrchr(j->display, '/');
    int dir = slash ? (int)(slash - j->display) : 0;
    for (int i = 0; i < j->nlayers && !SDL_AtomicGet(&j->cancel); i++) {
        char display[600];
        ComposeImage img = { 0 };
        snprintf(display, sizeof display, "%.*s%s%s", dir, j->display, dir ? "/" : "",
                 j->layers[i]);
        if (j->budget > 0 && job_age(j) > j->layers_by) {
            diag_add(&j->diags, DIAG_WARNING, display, 0, _("layer not shown: the page's "
                     "pictures took longer than %.1f seconds to open; smaller layers will show"),
                     j->layers_by);
            continue;
        }
        if (load_into(j->folder, j->layers[i], display, w, h, 0, &j->cancel, &img,
                      &j->diags) != 0)
            continue;
        if (img.w == w && img.h == h)
            j->layer_img[i] = img;
        else if (compose_scale(&img, w, h, &j->layer_img[i]) != 0)
            memset(&j->layer_img[i], 0, sizeof j->layer_img[i]);
        if (j->layer_img[i].px != img.px)
            compose_free(&img);
    }
}

/* The page's thread: decode, compose, say so. */
static int job_run(void *arg)
{
    GfxJob *j = arg;
    ComposeImage pic = { 0 };
    int have = j->picture && load_into(j->folder, j->picture, j->display, j->w, j->h,
                                       !j->picture_only, &j->cancel, &pic, &j->diags) == 0;
    j->rc = -1;
    if (j->picture_only) {
        j->scaled = pic;
        memset(&pic, 0, sizeof pic);
        j->rc = have ? 0 : -1;
    } else if (!SDL_AtomicGet(&j->cancel)) {
        ComposeInput in = { 0 };
        LayoutRect fit = have ? layout_letterbox(pic.w, pic.h, j->w, j->h) : (LayoutRect){ 0 };
        in.picture = have ? &pic : NULL;
        in.picture_prescaled = have && fit.w == pic.w && fit.h == pic.h;
        in.font = j->font;
        in.text = j->text;
        in.language = j->language;
        in.replay_mark = j->replay_mark;
        int cut = 0;
        in.cut = &cut;
        j->rc = compose_with_bare(&in, j->w, j->h, &j->page, &j->bare, &j->bare_y);
        in.cut = NULL;
        if (j->rc == 0)
            words_notes(&in, cut, j->words_display ? j->words_display : j->display,
                        j->words_line, &j->diags);
        /* The read-along composes the page again without its words: it gets
         * the picture already scaled rather than decoding it a second time. */
        if (j->rc == 0 && have && j->keep_picture) {
            if (in.picture_prescaled) {
                j->scaled = pic;
                memset(&pic, 0, sizeof pic);
            } else if (compose_scale(&pic, fit.w, fit.h, &j->scaled) != 0) {
                memset(&j->scaled, 0, sizeof j->scaled);
            }
        }
        if (j->rc == 0 && j->moving && j->scaled.px && !SDL_AtomicGet(&j->cancel))
            cover_make(&in, j->w, j->h, j);
        if (j->rc == 0 && j->scaled.px)
            layers_decode(j, fit.w, fit.h);
    }
    compose_free(&pic);
    GfxShared *sh = j->shared;
    SDL_LockMutex(sh->lock);
    SDL_AtomicSet(&j->done, 1);
    SDL_SemPost(j->sem);
    if (!sh->closing) {
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = sh->event;
        SDL_PushEvent(&e); /* wakes the loop: gfx_collect */
    }
    int orphan = j->orphaned, last = orphan && --sh->refs == 0;
    SDL_UnlockMutex(sh->lock);
    if (orphan)
        job_free(j);
    if (last)
        shared_release(sh);
    return 0;
}

static GfxJob *job_of(const Gfx *g, int scene)
{
    for (int i = 0; i < GFX_JOBS; i++)
        if (g->jobs[i] && !g->jobs[i]->abandoned && g->jobs[i]->scene == scene)
            return g->jobs[i];
    return NULL;
}

int gfx_pending(const Gfx *g, int scene)
{
    return job_of(g, scene) != NULL;
}

static double job_age(const GfxJob *j)
{
    return (double)(SDL_GetPerformanceCounter() - j->started) /
           (double)SDL_GetPerformanceFrequency();
}

/* Give slot the bare rows of its page (none when bare is empty). On the
 * CPU path, also where the words are: the box where page and bare differ,
 * all a crossfade's turn-taking captions can change. */
static void set_bare(Gfx *g, GfxSlot *slot, const ComposeImage *bare, int bare_y)
{
    if (!slot)
        return;
    img_free(&slot->bare);
    if (bare->px && img_make(g, bare, &slot->bare) != 0)
        memset(&slot->bare, 0, sizeof slot->bare);
    slot->bare_y = bare_y;
    slot->words = (BlendBox){ 0, 0, 0, 0 };
    if (g->cpu && slot->bare.px && slot->bare.w == slot->img.w && bare_y >= 0 &&
        bare_y + slot->bare.h <= slot->img.h) {
        slot->words = blend_diff_box(slot->img.px + (size_t)bare_y * (size_t)slot->img.w,
                                     slot->bare.px, slot->bare.w, slot->bare.h,
                                     (size_t)slot->bare.w);
        slot->words.y0 += bare_y;
        slot->words.y1 += bare_y;
    }
    slot->version = ++g->versions;
}

/* Compose and install a page now, on the main thread, without its picture. */
static int install_placeholder(Gfx *g, int scene, const TextFont *font, const char *text,
                               const char *language, int replay_mark, const char *display,
                               const char *words_display, int words_line, Diags *d)
{
    ComposeInput in = { 0 };
    ComposeImage page, bare;
    int bare_y, cut = 0;
    in.font = font;
    in.text = text;
    in.language = language;
    in.replay_mark = replay_mark;
    in.cut = &cut;
    if (compose_with_bare(&in, g->w, g->h, &page, &bare, &bare_y) == 0 &&
        gfx_upload_scene(g, scene, &page) == 0) {
        words_notes(&in, cut, words_display ? words_display : display, words_line, d);
        set_bare(g, slot_of(g, scene), &bare, bare_y);
        compose_free(&bare);
        compose_free(&page);
        return 0;
    }
    compose_free(&bare);
    compose_free(&page);
    diag_add(d, DIAG_WARNING, display, 0, _("cannot show this page: not enough memory"));
    return -1;
}

static int shared_open(Gfx *g)
{
    if (g->shared)
        return 0;
    GfxShared *sh = calloc(1, sizeof *sh);
    if (!sh || !(sh->lock = SDL_CreateMutex())) {
        free(sh);
        return -1;
    }
    sh->refs = 1;
    sh->event = SDL_RegisterEvents(1);
    g->shared = sh;
    return 0;
}

/* A free job slot, or -1. */
static int free_job(const Gfx *g)
{
    for (int i = 0; i < GFX_JOBS; i++)
        if (!g->jobs[i])
            return i;
    return -1;
}

/* A new job for scene in slot k, its thread started (or run here). */
static GfxJob *job_start(Gfx *g, int k, GfxJob *j)
{
    j->shared = g->shared;
    j->started = SDL_GetPerformanceCounter();
    g->jobs[k] = j;
    j->thread = SDL_CreateThread(job_run, "hushabye-page", j);
    if (!j->thread)
        job_run(j); /* no thread to be had: decode here, as before */
    return j;
}

static GfxJob *job_new(int scene, const char *folder, const char *picture, const char *display)
{
    GfxJob *j = calloc(1, sizeof *j);
    if (!j || !(j->sem = SDL_CreateSemaphore(0))) {
        free(j);
        return NULL;
    }
    j->scene = scene;
    j->folder = dup_or_null(folder);
    j->picture = dup_or_null(picture);
    j->display = dup_or_null(display ? display : "");
    return j;
}

int gfx_request_picture(Gfx *g, int key, const char *folder, const char *name,
                        const char *display, int fit_w, int fit_h)
{
    int k = free_job(g);
    if (gfx_pending(g, key))
        return 0;
    GfxJob *j = k >= 0 && shared_open(g) == 0 ? job_new(key, folder, name, display) : NULL;
    if (!j)
        return -1;
    j->picture_only = 1;
    j->w = fit_w;
    j->h = fit_h;
    job_start(g, k, j);
    return 0;
}

int gfx_request(Gfx *g, int scene, const GfxSource *src, Diags *d)
{
    GfxSlot *slot = slot_of(g, scene);
    if (slot) {
        slot->use = ++g->stamp;
        return 0;
    }
    if (gfx_pending(g, scene))
        return 0;
    const TextFont *font = g->captions ? gfx_font_for(g, src->text) : NULL;
    int free_slot = free_job(g);
    if (free_slot < 0 || !src->picture || shared_open(g) != 0) {
        /* Words alone need no thread; and with every job taken by pictures
         * still decoding (slow ones given up on), this page goes on without. */
        if (src->picture)
            diag_add(d, DIAG_WARNING, src->display, 0,
                     _("picture not shown: other pictures are still being opened"));
        return install_placeholder(g, scene, font, src->text, src->language, src->replay_mark,
                                   src->display, src->words_display, src->words_line, d);
    }
    GfxJob *j = job_new(scene, src->folder, src->picture, src->display);
    if (!j) {
        diag_add(d, DIAG_WARNING, src->display, 0, _("cannot show this page: not enough memory"));
        return -1;
    }
    j->text = dup_or_null(src->text);
    j->words_display = dup_or_null(src->words_display);
    j->words_line = src->words_line;
    j->language = dup_or_null(src->language);
    j->replay_mark = src->replay_mark;
    j->keep_picture = src->keep_picture;
    j->moving = src->moving && src->keep_picture;
    for (int i = 0; src->keep_picture && i < src->nlayers && i < GFX_LAYERS; i++)
        if (src->layers[i] && (j->layers[j->nlayers] = strdup(src->layers[i])) != NULL)
            j->nlayers++;
    j->font = font;
    j->budget = g->budget;
    j->layers_by = g->budget * g->layers_share;
    j->w = g->w;
    j->h = g->h;
    job_start(g, free_slot, j);
    return 0;
}

void gfx_wait(Gfx *g, int scene)
{
    GfxJob *j = job_of(g, scene);
    if (!j)
        return;
    double left = g->budget - job_age(j);
    if (left > 0)
        SDL_SemWaitTimeout(j->sem, (Uint32)(left * 1000.0 + 1));
}

/* A picture for the caller: handed over in out; with none, the job has
 * failed or is late (its thread may still be writing it: not touched). */
static void picture_done(GfxJob *j, int none, GfxCollected *out)
{
    GfxPictureDone *p = &out->pictures[out->npictures++];
    memset(p, 0, sizeof *p);
    p->key = j->scene;
    if (!none) {
        p->img = j->scaled;
        memset(&j->scaled, 0, sizeof j->scaled);
    }
    snprintf(p->display, sizeof p->display, "%s", j->display);
}

/* A job that is done: its page installed or its picture handed over (unless
 * given up), then freed. */
static int job_finish(Gfx *g, GfxJob *j, Diags *d, GfxCollected *out)
{
    int installed = 0;
    SDL_WaitThread(j->thread, NULL);
    if (!j->abandoned) {
        for (int k = 0; k < j->diags.n; k++)
            diag_add(d, j->diags.items[k].level, j->diags.items[k].path,
                     j->diags.items[k].line, "%s", j->diags.items[k].msg);
    }
    if (!j->abandoned && j->picture_only) {
        picture_done(j, 0, out);
    } else if (!j->abandoned) {
        if (j->rc == 0 && gfx_upload_scene(g, j->scene, &j->page) == 0) {
            GfxSlot *slot = slot_of(g, j->scene);
            installed = 1;
            compose_free(&slot->picture);
            slot->kept = j->keep_picture;
            set_bare(g, slot, &j->bare, j->bare_y);
            compose_free(&slot->bare_rgba);
            if (slot->kept && j->bare.px) { /* the read-along's page without words */
                slot->bare_rgba = j->bare;
                memset(&j->bare, 0, sizeof j->bare);
            }
            slot->picture = j->scaled;
            memset(&j->scaled, 0, sizeof j->scaled);
            motion_take(g, slot, j);
            layers_take(g, slot, j);
        } else
            diag_add(d, DIAG_WARNING, j->display, 0, _("cannot show this page: %s"),
                     j->rc == 0 ? SDL_GetError() : "not enough memory");
    }
    job_free(j);
    return installed;
}

void gfx_collect(Gfx *g, Diags *d, GfxCollected *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < GFX_JOBS; i++) {
        GfxJob *j = g->jobs[i];
        if (!j)
            continue;
        if (SDL_AtomicGet(&j->done)) {
            int scene = j->scene;
            g->jobs[i] = NULL;
            if (job_finish(g, j, d, out))
                out->installed[out->ninstalled++] = scene;
        } else if (!j->abandoned && job_age(j) >= g->budget && j->picture_only) {
            j->abandoned = 1;
            SDL_AtomicSet(&j->cancel, 1);
            diag_add(d, DIAG_WARNING, j->display, 0, _("picture not shown: it took longer than "
                     "%.0f seconds to open"), g->budget);
            picture_done(j, 1, out);
        } else if (!j->abandoned && job_age(j) >= g->budget) {
            /* Too slow: the page goes on with the placeholder, and the
             * picture's thread is asked to stop (decoders that can, do). */
            j->abandoned = 1;
            SDL_AtomicSet(&j->cancel, 1);
            diag_add(d, DIAG_WARNING, j->display, 0,
                     _("picture not shown: it took longer than %.0f seconds to open; a "
                     "smaller or simpler picture will show"), g->budget);
            if (install_placeholder(g, j->scene, j->font, j->text, j->language,
                                    j->replay_mark, j->display, j->words_display,
                                    j->words_line, d) == 0)
                out->installed[out->ninstalled++] = j->scene;
            out->late[out->nlate++] = j->scene;
        }
    }
}

double gfx_next_deadline(const Gfx *g)
{
    double next = -1;
    for (int i = 0; i < GFX_JOBS; i++) {
        const GfxJob *j = g->jobs[i];
        if (!j || j->abandoned)
            continue;
        double left = g->budget - job_age(j);
        left = left < 0 ? 0 : left;
        if (next < 0 || left < next)
            next = left;
    }
    return next;
}

Uint32 gfx_event_type(const Gfx *g)
{
    return g->shared ? g->shared->event : 0;
}

/* Give up on every page under way (released, or composed for an old size). */
static void jobs_abandon(Gfx *g, int scene, int all)
{
    for (int i = 0; i < GFX_JOBS; i++)
        if (g->jobs[i] && (all || g->jobs[i]->scene == scene)) {
            g->jobs[i]->abandoned = 1;
            SDL_AtomicSet(&g->jobs[i]->cancel, 1);
        }
}

/* At the end: finished jobs are freed; running ones are left to finish
 * and free themselves, so quitting never waits for a slow picture. */
static void jobs_close(Gfx *g)
{
    GfxShared *sh = g->shared;
    if (!sh)
        return;
    SDL_LockMutex(sh->lock);
    sh->closing = 1;
    for (int i = 0; i < GFX_JOBS; i++) {
        GfxJob *j = g->jobs[i];
        if (!j)
            continue;
        SDL_AtomicSet(&j->cancel, 1);
        if (SDL_AtomicGet(&j->done))
            continue;
        j->orphaned = 1;
        sh->refs++;
        SDL_DetachThread(j->thread);
        g->jobs[i] = NULL;
    }
    int last = --sh->refs == 0;
    SDL_UnlockMutex(sh->lock);
    for (int i = 0; i < GFX_JOBS; i++)
        if (g->jobs[i]) {
            SDL_WaitThread(g->jobs[i]->thread, NULL);
            job_free(g->jobs[i]);
            g->jobs[i] = NULL;
        }
    if (last)
        shared_release(sh);
    g->shared = NULL;
}

int gfx_upload_scene(Gfx *g, int scene, const ComposeImage *img)
{
    GfxSlot *slot = slot_of(g, scene);
    if (slot && slot->img.w == img->w && slot->img.h == img->h) {
        slot->use = ++g->stamp;
        return slot_rows(g, slot, 0, img);
    }
    slot_free(g, scene);
    GfxImage m;
    if (img_make(g, img, &m) != 0)
        return -1;
    install(g, scene, &m);
    return 0;
}

int gfx_update_rows(Gfx *g, int scene, int y0, const ComposeImage *strip)
{
    GfxSlot *slot = slot_of(g, scene);
    if (!slot || strip->w != g->w || strip->w != slot->img.w || y0 < 0 ||
        y0 + strip->h > slot->img.h)
        return -1;
    slot->use = ++g->stamp;
    return slot_rows(g, slot, y0, strip);
}

int gfx_update_box(Gfx *g, int scene, int y0, const ComposeImage *strip, int x, int y, int w,
                   int h)
{
    GfxSlot *slot = slot_of(g, scene);
    if (!slot || strip->w != g->w || strip->w != slot->img.w || y0 < 0 ||
        y0 + strip->h > slot->img.h)
        return -1;
    /* the box cut to the strip: nothing outside it is known */
    int x1 = x + w, y1 = y + h;
    if (x < 0) x = 0;
    if (y < y0) y = y0;
    if (x1 > strip->w) x1 = strip->w;
    if (y1 > y0 + strip->h) y1 = y0 + strip->h;
    if (x1 <= x || y1 <= y)
        return 0;
    slot->use = ++g->stamp;
    return slot_box(g, slot, y0, strip, (SDL_Rect){ x, y, x1 - x, y1 - y });
}

void gfx_release(Gfx *g, int scene)
{
    jobs_abandon(g, scene, 0);
    slot_free(g, scene);
}

int gfx_page_bare(Gfx *g, int scene, const ComposeImage **rows, int *y0)
{
    GfxSlot *slot = slot_of(g, scene);
    *rows = NULL;
    *y0 = 0;
    if (!slot || !slot->kept || !slot->bare_rgba.px)
        return 0;
    *rows = &slot->bare_rgba;
    *y0 = slot->bare_y;
    return 1;
}

int gfx_page_picture(Gfx *g, int scene, const ComposeImage **out)
{
    GfxSlot *slot = slot_of(g, scene);
    *out = NULL;
    if (!slot || !slot->kept)
        return -1;
    *out = slot->picture.px ? &slot->picture : NULL;
    return *out ? 1 : 0;
}

/* Free scene's texture (its background work, if any, is left alone). */
static void slot_free(Gfx *g, int scene)
{
    for (int i = 0; i < GFX_ALL_SLOTS; i++) {
        if (g->slots[i].scene != scene)
            continue;
        compose_free(&g->slots[i].picture);
        compose_free(&g->slots[i].bare_rgba);
        g->slots[i].kept = 0;
        img_free(&g->slots[i].img);
        img_free(&g->slots[i].bare);
        motion_free(&g->slots[i]);
        layers_free(&g->slots[i]);
        g->slots[i].scene = SCENE_NONE;
    }
}

void gfx_release_all(Gfx *g)
{
    img_free(&g->mark); /* sized for the old window, maybe */
    img_free(&g->pause_sign);
    jobs_abandon(g, 0, 1);
    for (int i = 0; i < GFX_ALL_SLOTS; i++)
        if (img_ok(&g->slots[i].img))
            gfx_release(g, g->slots[i].scene);
    g->pair.a = g->pair.b = SCENE_NONE;
}

/* ---- motion: a part of the page's picture in its place ---- */

/* Where a page's moving picture is drawn: the picture's place as it was
 * composed (centred at its letterbox size). 0 when the page cannot move (no
 * picture kept, no cover made, not of the window's size). */
static int motion_box(const Gfx *g, const GfxSlot *sl, SDL_Rect *box)
{
    const ComposeImage *pic = &sl->still;
    if (!pic->px || sl->img.w != g->w || sl->img.h != g->h || pic->w > g->w || pic->h > g->h)
        return 0;
    *box = (SDL_Rect){ (g->w - pic->w) / 2, (g->h - pic->h) / 2, pic->w, pic->h };
    return 1;
}

static void motion_free(GfxSlot *sl)
{
    img_free(&sl->moving);
    img_free(&sl->cover);
    compose_free(&sl->still);
    free(sl->cover_k);
    sl->cover_k = NULL;
    sl->cover_rows = 0;
    sl->msrc = (SDL_Rect){ 0, 0, 0, 0 };
}

/* The CPU path: the part shown scaled into the page's own pixels, the cover
 * laid on it; the box is what the next frame composes and presents. */
static void motion_bake(Gfx *g, GfxSlot *sl)
{
    SDL_Rect box;
    if (!g->cpu || sl->msrc.w <= 0 || !sl->moving.px || !motion_box(g, sl, &box))
        return;
    size_t w = (size_t)sl->img.w;
    blend_scale(sl->img.px + (size_t)box.y * w + (size_t)box.x, w, box.w, box.h, box.h,
                sl->moving.px, (size_t)sl->moving.w, sl->moving.w, sl->moving.h, sl->msrc.x,
                sl->msrc.y, sl->msrc.w, sl->msrc.h);
    for (int r = 0; sl->cover.px && r < sl->cover_rows; r++)
        blend_cover(sl->img.px + (size_t)(sl->cover_y + r) * w + (size_t)box.x,
                    sl->cover_k + (size_t)r * (size_t)box.w,
                    sl->cover.px + (size_t)r * (size_t)box.w, (size_t)box.w);
    sl->dirty = box_union(sl->dirty, (BlendBox){ box.x, box.y, box.x + box.w, box.y + box.h });
    sl->version = ++g->versions;
    layers_bake(g, sl, box.y, box.y + box.h); /* the layers over the part shown */
}

/* What the cover adds in window rows y0..y1, from the page as composed
 * there (rgba: rows of the window's width from row y0): what is left of it
 * once the picture's share (still, weighed by cover_k) is taken away. The
 * CPU path keeps it in the window's format; the GPU path as straight alpha
 * (alpha 255 - k, colour add * 255 / alpha), drawn over the moving picture. */
static void motion_rows(Gfx *g, GfxSlot *sl, const uint8_t *rgba, int y0, int y1)
{
    SDL_Rect box;
    if (!sl->cover_k || !motion_box(g, sl, &box))
        return;
    int top = y0, r0 = y0 > sl->cover_y ? y0 : sl->cover_y;
    int r1 = y1 < sl->cover_y + sl->cover_rows ? y1 : sl->cover_y + sl->cover_rows;
    size_t bw = (size_t)box.w;
    uint8_t *row = malloc(bw * 4 + 4);
    if (!row)
        return;
    if (!img_ok(&sl->cover)) {
        if (g->cpu) {
            sl->cover.px = calloc(bw * (size_t)sl->cover_rows, 4);
        } else {
            sl->cover.tex = SDL_CreateTexture(g->ren, SDL_PIXELFORMAT_RGBA32,
                                              SDL_TEXTUREACCESS_STATIC, box.w, sl->cover_rows);
            if (sl->cover.tex)
                SDL_SetTextureBlendMode(sl->cover.tex, SDL_BLENDMODE_BLEND);
        }
        sl->cover.w = box.w;
        sl->cover.h = sl->cover_rows;
    }
    for (int y = r0; y < r1 && img_ok(&sl->cover); y++) {
        const uint8_t *page = rgba + ((size_t)(y - top) * (size_t)g->w + (size_t)box.x) * 4;
        const uint8_t *pic = sl->still.px + (size_t)(y - box.y) * bw * 4;
        const uint8_t *k = sl->cover_k + (size_t)(y - sl->cover_y) * bw;
        for (size_t x = 0; x < bw; x++) {
            unsigned alpha = 255u - k[x];
            for (int c = 0; c < 3; c++) {
                int add = page[4 * x + c] - (pic[4 * x + c] * k[x] + 127) / 255;
                add = add < 0 ? 0 : add;
                if (!g->cpu) /* as a colour over the picture at that alpha */
                    add = alpha ? (int)((add * 255u + alpha / 2) / alpha) : 0;
                row[4 * x + c] = (uint8_t)(add > 255 ? 255 : add);
            }
            row[4 * x + 3] = g->cpu ? 0 : (uint8_t)alpha;
        }
        if (g->cpu) {
            blend_from_rgba(sl->cover.px + (size_t)(y - sl->cover_y) * bw, row, bw, &g->fmt);
        } else {
            SDL_Rect r = { 0, y - sl->cover_y, box.w, 1 };
            SDL_UpdateTexture(sl->cover.tex, &r, row, box.w * 4);
        }
    }
    free(row);
    motion_bake(g, sl);
}

/* A page just composed takes its picture's cover from the job (a page that
 * may move), or has none (stays still). */
static void motion_take(Gfx *g, GfxSlot *sl, GfxJob *j)
{
    motion_free(sl);
    if (!j->cover_ok || !sl->picture.px)
        return;
    const ComposeImage *pic = &sl->picture;
    size_t n = (size_t)pic->w * (size_t)pic->h;
    if (!(sl->still.px = malloc(n * 4 + 4)))
        return;
    sl->still.w = pic->w;
    sl->still.h = pic->h;
    /* A picture with transparency sits on the night colour, as compose_page
     * put it there. */
    static const uint8_t night[3] = { COMPOSE_NIGHT_R, COMPOSE_NIGHT_G, COMPOSE_NIGHT_B };
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = pic->px + 4 * i;
        uint8_t *q = sl->still.px + 4 * i;
        for (int c = 0; c < 3; c++)
            q[c] = (uint8_t)((night[c] * (255 - p[3]) + p[c] * p[3] + 127) / 255);
        q[3] = 255;
    }
    sl->cover_k = j->cover_k;
    j->cover_k = NULL;
    sl->cover_y = j->cover_y;
    sl->cover_rows = j->cover_rows;
    motion_rows(g, sl, j->page.px, 0, g->h);
}

/* Is a page's picture moving (a part of it shown)? */
static int moving(const GfxSlot *sl)
{
    return sl && sl->msrc.w > 0;
}

int gfx_motion(Gfx *g, int scene, int x, int y, int w, int h)
{
    GfxSlot *sl = scene == SCENE_NONE ? NULL : slot_of(g, scene);
    SDL_Rect box;
    if (!sl || w <= 0 || h <= 0 || !motion_box(g, sl, &box))
        return 0;
    if (sl->msrc.x == x && sl->msrc.y == y && sl->msrc.w == w && sl->msrc.h == h)
        return 0;
    if (!img_ok(&sl->moving)) {
        if (img_make(g, &sl->still, &sl->moving) != 0)
            return 0; /* out of memory: the picture stays still */
        if (sl->moving.tex) /* smooth when the part is enlarged */
            SDL_SetTextureScaleMode(sl->moving.tex, SDL_ScaleModeLinear);
    }
    sl->msrc = (SDL_Rect){ x, y, w, h };
    motion_bake(g, sl);
    if (sl->wig.w > 0 && !g->cpu) /* a wiggle's region, from the part shown now */
        wiggle_image(g, sl, sl->wig);
    return 1;
}

/* ---- layers: transparent pictures over a page's picture ---- */

/* The CPU path's format for a layer: the window's, with its spare byte as
 * the layer's own alpha (blend_over reads it; the window's is left alone). */
static BlendFormat layer_format(const Gfx *g)
{
    BlendFormat f = g->fmt;
    if (f.a < 0)
        f.a = 6 - f.r - f.g - f.b; /* the byte index r, g and b leave free */
    return f;
}

static void layers_free(GfxSlot *sl)
{
    for (int i = 0; i < GFX_LAYERS; i++) {
        img_free(&sl->layer[i]);
        free(sl->layer_mask[i]);
        sl->layer_mask[i] = NULL;
    }
    free(sl->layer_base);
    sl->layer_base = NULL;
    sl->nlayers = 0;
    img_free(&sl->wig_img); /* and a wiggle over them */
    sl->wig = (SDL_Rect){ 0, 0, 0, 0 };
}

static const MotionLayerLook LOOK_REST = { 1, 0, 0, 0, 0.5, 0, 1, 0 };

/* Layer i's footprint at its look now, in the box's pixels. */
static MotionBox layer_footprint(const GfxSlot *sl, int i)
{
    return motion_layer_footprint(&sl->layer_look[i], sl->layer_box.w, sl->layer_box.h,
                                  sl->layer_content[i]);
}

static MotionBox mbox_meet(MotionBox a, MotionBox b)
{
    MotionBox r = { a.x0 > b.x0 ? a.x0 : b.x0, a.y0 > b.y0 ? a.y0 : b.y0,
                    a.x1 < b.x1 ? a.x1 : b.x1, a.y1 < b.y1 ? a.y1 : b.y1 };
    return r;
}

static int mbox_empty(MotionBox a)
{
    return a.x1 <= a.x0 || a.y1 <= a.y0;
}

static MotionBox mbox_join(MotionBox a, MotionBox b)
{
    if (mbox_empty(a))
        return b;
    if (mbox_empty(b))
        return a;
    MotionBox r = { a.x0 < b.x0 ? a.x0 : b.x0, a.y0 < b.y0 ? a.y0 : b.y0,
                    a.x1 > b.x1 ? a.x1 : b.x1, a.y1 > b.y1 ? a.y1 : b.y1 };
    return r;
}

/* CPU path: layer i blended into the page's pixels at its look, in the
 * box's pixels clip (and its footprint) only: as it is with blend_over (a
 * twinkle), else turned, scaled or moved with blend_warp_over. */
static void layer_draw(Gfx *g, GfxSlot *sl, int i, MotionBox clip)
{
    const GfxImage *m = &sl->layer[i];
    const MotionLayerLook *look = &sl->layer_look[i];
    MotionBox c = mbox_meet(clip, sl->layer_foot[i]);
    if (!m->px || sl->layer_alpha[i] == 0 || mbox_empty(c))
        return;
    BlendFormat f = layer_format(g);
    size_t stride = (size_t)sl->img.w, bw = (size_t)sl->layer_box.w;
    uint32_t *box0 = sl->img.px + (size_t)sl->layer_box.y * stride + (size_t)sl->layer_box.x;
    if (motion_layer_still(look)) {
        /* Only the runs of the row that show anything: a sky of stars is
         * mostly transparent, and blend_over would weigh every pixel. */
        BlendMod same = blend_mod(&g->fmt, 255, 255, 255);
        size_t nrun = (bw + GFX_MASK_RUN - 1) / GFX_MASK_RUN;
        for (int y = c.y0; y < c.y1; y++) {
            const uint8_t *mask = sl->layer_mask[i] ? sl->layer_mask[i] + (size_t)y * nrun : NULL;
            for (int x = c.x0; x < c.x1;) {
                int e = x;
                while (e < c.x1 && (!mask || mask[e / GFX_MASK_RUN]))
                    e = (e / GFX_MASK_RUN + 1) * GFX_MASK_RUN;
                e = e < c.x1 ? e : c.x1;
                if (e > x)
                    blend_over(box0 + (size_t)y * stride + (size_t)x,
                               m->px + (size_t)y * bw + (size_t)x, (size_t)(e - x), &f, same,
                               sl->layer_alpha[i]);
                x = e > x ? e : (x / GFX_MASK_RUN + 1) * GFX_MASK_RUN;
            }
        }
        return;
    }
    double inv[6];
    motion_layer_inverse(look, m->w, m->h, sl->layer_content[i], inv);
    BlendWarp w = blend_warp(inv);
    blend_warp_over(box0, stride, (BlendBox){ c.x0, c.y0, c.x1, c.y1 }, m->px, bw, m->w, m->h,
                    &w, look->wrap, &f, sl->layer_alpha[i]);
}

/* CPU path: rows y0..y1 of the layers' box were just drawn again in the
 * page's pixels without the layers: they become the base there, and the
 * layers are laid over them. The box's rows are what the next frame
 * presents. */
static void layers_bake(Gfx *g, GfxSlot *sl, int y0, int y1)
{
    SDL_Rect b = sl->layer_box;
    if (!g->cpu || !sl->nlayers || !sl->layer_base)
        return;
    y0 = y0 > b.y ? y0 : b.y;
    y1 = y1 < b.y + b.h ? y1 : b.y + b.h;
    if (y1 <= y0)
        return;
    size_t bw = (size_t)b.w;
    for (int y = y0; y < y1; y++)
        memcpy(sl->layer_base + (size_t)(y - b.y) * bw,
               sl->img.px + (size_t)y * (size_t)sl->img.w + (size_t)b.x, bw * 4);
    MotionBox rows = { 0, y0 - b.y, b.w, y1 - b.y };
    for (int i = 0; i < sl->nlayers; i++)
        layer_draw(g, sl, i, rows);
    sl->dirty = box_union(sl->dirty, (BlendBox){ b.x, y0, b.x + b.w, y1 });
    sl->version = ++g->versions;
}

/* CPU path: the layers drawn again at new looks: only where any of them
 * was (was[]) or is now, the page without them put back there from the
 * base first. That box is all the next frame composes and presents. */
static void layers_redraw(Gfx *g, GfxSlot *sl, const MotionBox *was)
{
    SDL_Rect b = sl->layer_box;
    MotionBox r = { 0, 0, 0, 0 };
    if (!g->cpu || !sl->nlayers || !sl->layer_base)
        return;
    for (int i = 0; i < sl->nlayers; i++)
        r = mbox_join(r, mbox_join(was[i], sl->layer_foot[i]));
    r = mbox_meet(r, (MotionBox){ 0, 0, b.w, b.h });
    if (mbox_empty(r))
        return;
    size_t bw = (size_t)b.w, n = (size_t)(r.x1 - r.x0) * 4;
    for (int y = r.y0; y < r.y1; y++)
        memcpy(sl->img.px + (size_t)(b.y + y) * (size_t)sl->img.w + (size_t)(b.x + r.x0),
               sl->layer_base + (size_t)y * bw + (size_t)r.x0, n);
    for (int i = 0; i < sl->nlayers; i++)
        layer_draw(g, sl, i, r);
    sl->dirty = box_union(sl->dirty, (BlendBox){ b.x + r.x0, b.y + r.y0, b.x + r.x1,
                                                 b.y + r.y1 });
    sl->version = ++g->versions;
}

/* Which runs of GFX_MASK_RUN pixels of each row of an RGBA image show at
 * all (for layer_mask); NULL when out of memory (every run is drawn). */
static uint8_t *mask_of(const ComposeImage *img)
{
    size_t nrun = ((size_t)img->w + GFX_MASK_RUN - 1) / GFX_MASK_RUN;
    uint8_t *mask = calloc(nrun * (size_t)img->h + 1, 1);
    for (int y = 0; mask && y < img->h; y++) {
        const uint8_t *row = img->px + (size_t)y * (size_t)img->w * 4;
        for (int x = 0; x < img->w; x++)
            mask[(size_t)y * nrun + (size_t)x / GFX_MASK_RUN] |= row[4 * x + 3] != 0;
    }
    return mask;
}

/* The box of an RGBA image's pixels that show at all (alpha > 0). */
static MotionBox content_of(const ComposeImage *img)
{
    MotionBox c = { img->w, img->h, 0, 0 };
    for (int y = 0; y < img->h; y++) {
        const uint8_t *row = img->px + (size_t)y * (size_t)img->w * 4;
        for (int x = 0; x < img->w; x++)
            if (row[4 * x + 3]) {
                c.x0 = x < c.x0 ? x : c.x0;
                c.x1 = x + 1 > c.x1 ? x + 1 : c.x1;
                c.y0 = y < c.y0 ? y : c.y0;
                c.y1 = y + 1;
            }
    }
    return mbox_empty(c) ? (MotionBox){ 0, 0, 0, 0 } : c;
}

/* A page just composed takes its layers from the job, each as the drawing
 * path keeps it, over its picture's box (centred, as compose_page put it);
 * at rest until gfx_layers says otherwise. */
static void layers_take(Gfx *g, GfxSlot *sl, GfxJob *j)
{
    const ComposeImage *pic = &sl->picture;
    int any = 0;
    layers_free(sl);
    if (!pic->px || sl->img.w != g->w || sl->img.h != g->h || pic->w > g->w || pic->h > g->h)
        return;
    sl->layer_box = (SDL_Rect){ (g->w - pic->w) / 2, (g->h - pic->h) / 2, pic->w, pic->h };
    BlendFormat f = layer_format(g);
    for (int i = 0; i < j->nlayers; i++) {
        const ComposeImage *src = &j->layer_img[i];
        sl->layer_alpha[i] = 255;
        sl->layer_look[i] = LOOK_REST;
        sl->layer_content[i] = sl->layer_foot[i] = (MotionBox){ 0, 0, 0, 0 };
        if (!src->px || src->w != pic->w || src->h != pic->h)
            continue;
        sl->layer_content[i] = content_of(src);
        sl->layer_foot[i] = layer_footprint(sl, i);
        size_t n = (size_t)src->w * (size_t)src->h;
        if (!g->cpu) {
            if (img_make(g, src, &sl->layer[i]) == 0) {
                SDL_SetTextureScaleMode(sl->layer[i].tex, SDL_ScaleModeLinear); /* moved smoothly */
                any = 1;
            }
        } else if ((sl->layer[i].px = malloc(n * 4 + 4)) != NULL) {
            blend_from_rgba(sl->layer[i].px, src->px, n, &f);
            sl->layer_mask[i] = mask_of(src);
            sl->layer[i].w = src->w;
            sl->layer[i].h = src->h;
            any = 1;
        }
    }
    sl->nlayers = any ? j->nlayers : 0;
    if (any && g->cpu &&
        !(sl->layer_base = malloc((size_t)pic->w * (size_t)pic->h * 4 + 4))) {
        layers_free(sl); /* out of memory: the page without its layers */
        return;
    }
    if (!any)
        layers_free(sl);
    layers_bake(g, sl, 0, g->h);
}

int gfx_layers(Gfx *g, int scene, const MotionLayerLook *look, int n)
{
    GfxSlot *sl = scene == SCENE_NONE ? NULL : slot_of(g, scene);
    int changed = 0, shown = 0;
    MotionBox was[GFX_LAYERS];
    if (!sl)
        return 0;
    for (int i = 0; i < sl->nlayers; i++) {
        MotionLayerLook l = i < n && look ? look[i] : LOOK_REST;
        double al = l.alpha == l.alpha ? l.alpha : 1;
        uint8_t a = (uint8_t)lround(255.0 * (al < 0 ? 0 : al > 1 ? 1 : al));
        const MotionLayerLook *o = &sl->layer_look[i];
        changed |= a != sl->layer_alpha[i] || l.dx != o->dx || l.dy != o->dy ||
                   l.angle != o->angle || l.scale != o->scale || l.px != o->px ||
                   l.py != o->py || l.wrap != o->wrap;
        was[i] = sl->layer_foot[i];
        sl->layer_alpha[i] = a;
        sl->layer_look[i] = l;
        sl->layer_foot[i] = img_ok(&sl->layer[i]) ? layer_footprint(sl, i)
                                                 : (MotionBox){ 0, 0, 0, 0 };
        shown += img_ok(&sl->layer[i]);
    }
    if (changed)
        layers_redraw(g, sl, was);
    return shown;
}

MotionBox gfx_layer_content(Gfx *g, int scene, int i)
{
    GfxSlot *sl = scene == SCENE_NONE ? NULL : slot_of(g, scene);
    if (!sl || i < 0 || i >= sl->nlayers || !img_ok(&sl->layer[i]))
        return (MotionBox){ 0, 0, 0, 0 };
    return sl->layer_content[i];
}

/* ---- a hotspot's wiggle ---- */

#define WIGGLE_FEATHER 0.2 /* of the region's shorter side */

/* How much of pixel (x, y) of a w x h wiggling region is drawn moved: all
 * of it inside, fading to none over its outer WIGGLE_FEATHER, so the moved
 * part melts into the page around it instead of showing a rectangle's
 * edge. */
static uint8_t feather(int x, int y, int w, int h)
{
    double f = WIGGLE_FEATHER * (w < h ? w : h);
    f = f > 2 ? f : 2;
    double d = fmin(fmin(x + 0.5, w - x - 0.5), fmin(y + 0.5, h - y - 0.5)) / f;
    return d >= 1 ? 255 : (uint8_t)lround(255 * d * d * (3 - 2 * d));
}

/* GPU path: the region r (window pixels) of the page's picture as a
 * texture, its edges feathered; none when the page kept no picture. On a
 * page whose picture moves, the part of it shown there now (msrc), so the
 * region's pixels are those on screen; made again as the part moves. */
static void wiggle_image(Gfx *g, GfxSlot *sl, SDL_Rect r)
{
    const ComposeImage *pic = &sl->picture;
    ComposeImage m = { NULL, r.w, r.h };
    img_free(&sl->wig_img);
    if (g->cpu || !pic->px || !(m.px = calloc((size_t)r.w * (size_t)r.h, 4)))
        return;
    int px = (g->w - pic->w) / 2, py = (g->h - pic->h) / 2;
    int mv = moving(sl) && pic->w > 0 && pic->h > 0;
    double kx = mv ? (double)sl->msrc.w / pic->w : 1, ky = mv ? (double)sl->msrc.h / pic->h : 1;
    for (int y = 0; y < r.h; y++)
        for (int x = 0; x < r.w; x++) {
            int sx = r.x + x - px, sy = r.y + y - py;
            if (mv) { /* the nearest pixel of the part shown, as it is drawn there */
                sx = sl->msrc.x + (int)floor((sx + 0.5) * kx);
                sy = sl->msrc.y + (int)floor((sy + 0.5) * ky);
            }
            if (sx < 0 || sy < 0 || sx >= pic->w || sy >= pic->h)
                continue; /* outside the picture: nothing moves there */
            const uint8_t *s = pic->px + ((size_t)sy * (size_t)pic->w + (size_t)sx) * 4;
            uint8_t *d = m.px + ((size_t)y * (size_t)r.w + (size_t)x) * 4;
            memcpy(d, s, 3);
            d[3] = (uint8_t)((s[3] * feather(x, y, r.w, r.h) + 127) / 255);
        }
    if (img_make(g, &m, &sl->wig_img) == 0)
        SDL_SetTextureScaleMode(sl->wig_img.tex, SDL_ScaleModeLinear);
    free(m.px);
}

int gfx_wiggle(Gfx *g, int scene, int x, int y, int w, int h, double angle, double scale)
{
    GfxSlot *sl = scene == SCENE_NONE ? NULL : slot_of(g, scene);
    if (!sl || !img_ok(&sl->img))
        return 0;
    int rest = w <= 0 || h <= 0 || !(isfinite(angle) && isfinite(scale) && scale > 0) ||
               (angle == 0 && scale == 1);
    /* Inside the page: the region's pixels are the page's. */
    int x1 = x + w < sl->img.w ? x + w : sl->img.w, y1 = y + h < sl->img.h ? y + h : sl->img.h;
    x = x > 0 ? x : 0, y = y > 0 ? y : 0;
    SDL_Rect r = rest || x1 <= x || y1 <= y ? (SDL_Rect){ 0, 0, 0, 0 }
                                           : (SDL_Rect){ x, y, x1 - x, y1 - y };
    if (r.w == 0 && sl->wig.w == 0)
        return 0;
    if (r.w == sl->wig.w && r.h == sl->wig.h && r.x == sl->wig.x && r.y == sl->wig.y &&
        angle == sl->wig_angle && scale == sl->wig_scale)
        return 0;
    if (r.w != sl->wig.w || r.h != sl->wig.h || r.x != sl->wig.x || r.y != sl->wig.y)
        wiggle_image(g, sl, r);
    sl->wig = r;
    sl->wig_angle = r.w ? angle : 0;
    sl->wig_scale = r.w ? scale : 1;
    sl->version = ++g->versions; /* the CPU path's frame composes the wiggle's box again */
    return 1;
}

/* ---- overlays: the paused sign and the kiosk's corner mark ---- */

typedef struct {
    GfxImage *img;
    LayoutRect r;
    int alpha;
} GfxOverlay;

/* An overlay's image, made on first use at its size. 0 when it is there. */
static int overlay_image(Gfx *g, GfxImage *m, int mark, LayoutRect r)
{
    if (img_ok(m))
        return 0;
    ComposeImage img;
    if ((mark ? compose_corner_mark(r.w, &img) : compose_pause_sign(r.w, &img)) != 0)
        return -1;
    int rc = img_make(g, &img, m);
    compose_free(&img);
    return rc;
}

/* What is drawn over a scene, in order: the paused sign (a small image of
 * its own with its own alpha, the fade in, so pausing never recomposes the
 * page), then the kiosk's corner mark. Both take the colour modulation of
 * the scene's first layer, so they dim and fade to dark with the page. */
static int overlays_of(Gfx *g, const PlayerScene *s, GfxOverlay out[2])
{
    int n = 0;
    if (s->nlayers <= 0)
        return 0;
    LayoutRect sign = layout_pause_sign(g->w, g->h);
    if (g->pause_alpha > 0 && sign.w > 0 && overlay_image(g, &g->pause_sign, 0, sign) == 0)
        out[n++] = (GfxOverlay){ &g->pause_sign, sign, g->pause_alpha };
    LayoutRect mark = gate_corner_mark(g->w, g->h);
    if (g->corner_mark && mark.w > 0 && overlay_image(g, &g->mark, 1, mark) == 0)
        out[n++] = (GfxOverlay){ &g->mark, mark, 255 };
    return n;
}

/* ---- the GPU path: SDL's renderer ---- */

static int snapshot(Gfx *g, const char *path)
{
    size_t n = (size_t)g->w * (size_t)g->h * 4;
    unsigned char *px = malloc(n ? n : 1);
    if (!px)
        return -1;
    int rc = SDL_RenderReadPixels(g->ren, NULL, SDL_PIXELFORMAT_RGBA32, px, g->w * 4);
    if (rc == 0)
        rc = stbi_write_png(path, g->w, g->h, 4, px, g->w * 4) ? 0 : -1;
    free(px);
    return rc;
}

/* Rows y0..y1 of a texture of the window's width whose first row is the
 * window's row top, drawn at alpha with the layer's colour. */
static void copy_rows(Gfx *g, SDL_Texture *t, int top, int y0, int y1, const PlayerLayer *l,
                      Uint8 alpha, int opaque)
{
    if (y1 <= y0)
        return;
    SDL_Rect src = { 0, y0 - top, g->w, y1 - y0 }, dst = { 0, y0, g->w, y1 - y0 };
    SDL_SetTextureBlendMode(t, opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetTextureAlphaMod(t, alpha);
    SDL_SetTextureColorMod(t, l->r, l->g, l->b);
    SDL_RenderCopy(g->ren, t, &src, &dst);
}

/* Box r of a texture of the window's size, drawn in the same place. */
static void copy_box(Gfx *g, SDL_Texture *t, SDL_Rect r, const PlayerLayer *l, Uint8 alpha,
                     int opaque)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    SDL_SetTextureBlendMode(t, opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetTextureAlphaMod(t, alpha);
    SDL_SetTextureColorMod(t, l->r, l->g, l->b);
    SDL_RenderCopy(g->ren, t, &r, &r);
}

/* A layer texture turned, scaled or moved by its look (motion.h's forward
 * map: scaled about its content's middle, turned about its pivot, moved),
 * clipped to the picture's box and rows b0..b1; a wrapping drift is drawn
 * twice, the part carried out at the right coming in at the left. */
static void copy_layer_moved(Gfx *g, const GfxSlot *sl, int i, int b0, int b1)
{
    SDL_Rect b = sl->layer_box, clip = { b.x, b0, b.w, b1 - b0 };
    const MotionLayerLook *l = &sl->layer_look[i];
    MotionBox c = sl->layer_content[i];
    if (mbox_empty(c))
        c = (MotionBox){ 0, 0, b.w, b.h };
    double s = l->scale > 0 ? l->scale : 1;
    double cx = (c.x0 + c.x1) / 2.0, cy = (c.y0 + c.y1) / 2.0;
    double qx = c.x0 + l->px * (c.x1 - c.x0), qy = c.y0 + l->py * (c.y1 - c.y0);
    SDL_FRect dst = { (float)(b.x + cx * (1 - s) + l->dx * b.w),
                      (float)(b.y + cy * (1 - s) + l->dy * b.h), (float)(b.w * s),
                      (float)(b.h * s) };
    SDL_FPoint pivot = { (float)(qx - cx * (1 - s)), (float)(qy - cy * (1 - s)) };
    SDL_RenderSetClipRect(g->ren, &clip);
    SDL_RenderCopyExF(g->ren, sl->layer[i].tex, NULL, &dst, l->angle, &pivot, SDL_FLIP_NONE);
    if (l->wrap) {
        dst.x -= (float)b.w;
        SDL_RenderCopyExF(g->ren, sl->layer[i].tex, NULL, &dst, l->angle, &pivot,
                          SDL_FLIP_NONE);
    }
    SDL_RenderSetClipRect(g->ren, NULL);
}

/* Rows y0..y1 of a page's layers, each at its own alpha times the page's,
 * with the page's colour. */
static void copy_layer_rows(Gfx *g, const GfxSlot *sl, int y0, int y1, const PlayerLayer *l,
                            Uint8 alpha)
{
    SDL_Rect b = sl->layer_box;
    int b0 = y0 > b.y ? y0 : b.y, b1 = y1 < b.y + b.h ? y1 : b.y + b.h;
    for (int i = 0; i < sl->nlayers && b1 > b0; i++) {
        SDL_Texture *t = sl->layer[i].tex;
        if (!t || sl->layer_alpha[i] == 0)
            continue;
        SDL_SetTextureAlphaMod(t, (Uint8)((sl->layer_alpha[i] * alpha + 127) / 255));
        SDL_SetTextureColorMod(t, l->r, l->g, l->b);
        if (!motion_layer_still(&sl->layer_look[i])) {
            copy_layer_moved(g, sl, i, b0, b1);
            continue;
        }
        SDL_Rect src = { 0, b0 - b.y, b.w, b1 - b0 }, dst = { b.x, b0, b.w, b1 - b0 };
        SDL_RenderCopy(g->ren, t, &src, &dst);
    }
}

static void copy_picture_rows(Gfx *g, const GfxSlot *sl, int y0, int y1, const PlayerLayer *l,
                              Uint8 alpha, int opaque);

/* The box (window pixels, clipped to the window) that a wiggle's region
 * covers at its look: its turned and scaled corners, a pixel round. */
static BlendBox wiggle_box(const Gfx *g, const GfxSlot *sl)
{
    SDL_Rect r = sl->wig;
    double th = sl->wig_angle * 3.14159265358979323846 / 180, c = cos(th), sn = sin(th);
    double hw = r.w * sl->wig_scale / 2, hh = r.h * sl->wig_scale / 2;
    double ex = fabs(c) * hw + fabs(sn) * hh, ey = fabs(sn) * hw + fabs(c) * hh;
    double cx = r.x + r.w / 2.0, cy = r.y + r.h / 2.0;
    BlendBox b = { (int)floor(cx - ex) - 1, (int)floor(cy - ey) - 1, (int)ceil(cx + ex) + 1,
                   (int)ceil(cy + ey) + 1 };
    b.x0 = b.x0 < 0 ? 0 : b.x0, b.y0 = b.y0 < 0 ? 0 : b.y0;
    b.x1 = b.x1 > g->w ? g->w : b.x1, b.y1 = b.y1 > g->h ? g->h : b.y1;
    return b;
}

/* The wiggle's region of the page texture, turned and scaled about its
 * middle, in rows y0..y1. */
static void copy_wiggle_rows(Gfx *g, const GfxSlot *sl, int y0, int y1, const PlayerLayer *l,
                             Uint8 alpha)
{
    SDL_Rect r = sl->wig;
    BlendBox b = wiggle_box(g, sl);
    b.y0 = b.y0 > y0 ? b.y0 : y0, b.y1 = b.y1 < y1 ? b.y1 : y1;
    if (r.w <= 0 || b.y1 <= b.y0 || b.x1 <= b.x0)
        return;
    SDL_Rect clip = { b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0 };
    float s = (float)sl->wig_scale;
    SDL_FRect dst = { r.x + r.w * (1 - s) / 2, r.y + r.h * (1 - s) / 2, r.w * s, r.h * s };
    SDL_Texture *t = sl->wig_img.tex;
    if (!t)
        return;
    SDL_RenderSetClipRect(g->ren, &clip);
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    SDL_SetTextureAlphaMod(t, alpha);
    SDL_SetTextureColorMod(t, l->r, l->g, l->b);
    SDL_RenderCopyExF(g->ren, t, NULL, &dst, sl->wig_angle, NULL, SDL_FLIP_NONE);
    SDL_RenderSetClipRect(g->ren, NULL);
}

/* Rows y0..y1 of a page: its picture (copy_picture_rows), a hotspot's
 * wiggle, then its layers. */
static void copy_page_rows(Gfx *g, const GfxSlot *sl, int y0, int y1, const PlayerLayer *l,
                           Uint8 alpha, int opaque)
{
    copy_picture_rows(g, sl, y0, y1, l, alpha, opaque);
    copy_wiggle_rows(g, sl, y0, y1, l, alpha);
    copy_layer_rows(g, sl, y0, y1, l, alpha);
}

/* Rows y0..y1 of a page, its moving picture (gfx_motion) in its box: the
 * composed page around the box, the picture's part in it with its cover
 * over it (both clipped to these rows), so a page fading or crossfading
 * looks as it would still. */
static void copy_picture_rows(Gfx *g, const GfxSlot *sl, int y0, int y1, const PlayerLayer *l,
                              Uint8 alpha, int opaque)
{
    SDL_Rect box;
    if (!moving(sl) || !sl->moving.tex || !motion_box(g, sl, &box)) {
        copy_rows(g, sl->img.tex, 0, y0, y1, l, alpha, opaque);
        return;
    }
    int b0 = y0 > box.y ? y0 : box.y, b1 = y1 < box.y + box.h ? y1 : box.y + box.h;
    if (b1 <= b0) {
        copy_rows(g, sl->img.tex, 0, y0, y1, l, alpha, opaque);
        return;
    }
    copy_rows(g, sl->img.tex, 0, y0, b0, l, alpha, opaque);
    copy_rows(g, sl->img.tex, 0, b1, y1, l, alpha, opaque);
    copy_box(g, sl->img.tex, (SDL_Rect){ 0, b0, box.x, b1 - b0 }, l, alpha, opaque);
    copy_box(g, sl->img.tex, (SDL_Rect){ box.x + box.w, b0, g->w - box.x - box.w, b1 - b0 }, l,
             alpha, opaque);
    SDL_Rect clip = { box.x, b0, box.w, b1 - b0 };
    SDL_Texture *t = sl->moving.tex;
    SDL_RenderSetClipRect(g->ren, &clip);
    SDL_SetTextureBlendMode(t, opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetTextureAlphaMod(t, alpha);
    SDL_SetTextureColorMod(t, l->r, l->g, l->b);
    SDL_RenderCopy(g->ren, t, &sl->msrc, &box);
    if (sl->cover.tex) {
        SDL_Rect c = { box.x, sl->cover_y, box.w, sl->cover_rows };
        SDL_SetTextureAlphaMod(sl->cover.tex, alpha);
        SDL_SetTextureColorMod(sl->cover.tex, l->r, l->g, l->b);
        SDL_RenderCopy(g->ren, sl->cover.tex, NULL, &c);
    }
    SDL_RenderSetClipRect(g->ren, NULL);
}

/* A page's rows y.. without its words: its own rows above its bare strip
 * (no words reach there), then the strip. */
static void copy_bare(Gfx *g, const GfxSlot *sl, int y, const PlayerLayer *l, Uint8 alpha,
                      int opaque)
{
    copy_page_rows(g, sl, y, sl->bare_y, l, alpha, opaque);
    copy_rows(g, sl->bare.tex, sl->bare_y, sl->bare_y > y ? sl->bare_y : y, g->h, l, alpha,
              opaque);
}

/* A crossfade from a to b at b's alpha t, captions one at a time. Above
 * the words' rows: a, then b at t, as ever. In the words' rows the pictures
 * crossfade the same way (so there is no seam) while the words take turns:
 * over the first half a's words fade out (a bare, a whole at 1 - 2t, then
 * b bare at t); over the second b's fade in (b bare, b whole at 2t - 1,
 * then a bare at 1 - t). At every moment the pictures weigh (1 - t, t)
 * exactly as above, and only one page's words have any weight. */
static void draw_crossfade(Gfx *g, GfxSlot *a, GfxSlot *b, const PlayerLayer *la,
                           const PlayerLayer *lb)
{
    int y = a->bare_y < b->bare_y ? a->bare_y : b->bare_y;
    int t = lb->alpha;
    copy_page_rows(g, a, 0, y, la, 255, 1);
    copy_page_rows(g, b, 0, y, lb, (Uint8)t, 0);
    if (t < 128) {
        copy_bare(g, a, y, la, 255, 1);
        copy_page_rows(g, a, y, g->h, la, (Uint8)(255 - 2 * t), 0);
        copy_bare(g, b, y, lb, (Uint8)t, 0);
    } else {
        copy_bare(g, b, y, lb, 255, 1);
        copy_page_rows(g, b, y, g->h, lb, (Uint8)(2 * t - 255), 0);
        copy_bare(g, a, y, la, (Uint8)(255 - t), 0);
    }
}

static int gpu_draw(Gfx *g, const PlayerScene *s, const char *snapshot_path)
{
    /* Composed scenes are opaque and cover the window: an opaque bottom layer
     * is copied without blending and makes clearing the window unnecessary,
     * which halves the per-frame work of a software renderer. */
    const PlayerLayer *l0 = &s->layer[0];
    int covered = s->nlayers > 0 && l0->alpha == 255 && slot_of(g, l0->scene);
    if (!covered) {
        SDL_SetRenderDrawColor(g->ren, 0, 0, 0, 255);
        SDL_RenderClear(g->ren);
    }
    GfxSlot *sa = s->nlayers == 2 ? slot_of(g, s->layer[0].scene) : NULL;
    GfxSlot *sb = s->nlayers == 2 ? slot_of(g, s->layer[1].scene) : NULL;
    /* A moving page, or one with layers, crossfades whole: its bare rows hold
     * the picture still and without its layers. */
    int crossfade = sa && sb && sa->bare.tex && sb->bare.tex && s->layer[0].alpha == 255 &&
                    !moving(sa) && !moving(sb) && !sa->nlayers && !sb->nlayers;
    if (crossfade) {
        sa->use = sb->use = ++g->stamp;
        draw_crossfade(g, sa, sb, &s->layer[0], &s->layer[1]);
    }
    for (int i = 0; i < s->nlayers && !crossfade; i++) {
        const PlayerLayer *l = &s->layer[i];
        GfxSlot *slot = slot_of(g, l->scene);
        if (!slot)
            continue;
        slot->use = ++g->stamp;
        if (moving(slot) || slot->nlayers || slot->wig.w > 0) { /* in pieces */
            copy_page_rows(g, slot, 0, g->h, l, l->alpha, i == 0 && l->alpha == 255);
            continue;
        }
        SDL_Texture *t = slot->img.tex;
        SDL_SetTextureBlendMode(t, i == 0 && l->alpha == 255 ? SDL_BLENDMODE_NONE
                                                             : SDL_BLENDMODE_BLEND);
        SDL_SetTextureAlphaMod(t, l->alpha);
        SDL_SetTextureColorMod(t, l->r, l->g, l->b);
        SDL_RenderCopy(g->ren, t, NULL, NULL);
    }
    GfxOverlay ov[2];
    int nov = overlays_of(g, s, ov);
    for (int i = 0; i < nov; i++) {
        SDL_Rect dst = { ov[i].r.x, ov[i].r.y, ov[i].r.w, ov[i].r.h };
        SDL_SetTextureBlendMode(ov[i].img->tex, SDL_BLENDMODE_BLEND);
        SDL_SetTextureAlphaMod(ov[i].img->tex, (Uint8)ov[i].alpha);
        SDL_SetTextureColorMod(ov[i].img->tex, l0->r, l0->g, l0->b);
        SDL_RenderCopy(g->ren, ov[i].img->tex, NULL, &dst);
    }
    int rc = snapshot_path ? snapshot(g, snapshot_path) : 0;
    SDL_RenderPresent(g->ren);
    g->presented += 1.0;
    return rc;
}

/* ---- the CPU path: frames composed in the window surface ---- */

static const BlendMod MOD_ONE = { { 255, 255, 255, 255 } };

static BlendMod mod_of(const Gfx *g, const PlayerLayer *l)
{
    return blend_mod(&g->fmt, l->r, l->g, l->b);
}

/* Two pages crossfaded, each dimmed: the plain crossfade when neither is,
 * one dimming after it when both are alike (a page turn inside a story). */
static void mix(uint32_t *d, const uint32_t *a, BlendMod ma, const uint32_t *b, BlendMod mb,
                size_t n, unsigned t)
{
    if (blend_mod_is_one(ma) && blend_mod_is_one(mb))
        blend_crossfade(d, a, b, n, t);
    else if (memcmp(&ma, &mb, sizeof ma) == 0)
        blend_crossfade_dim(d, a, b, n, t, ma);
    else
        blend_mix(d, a, ma, b, mb, n, t);
}

static int cpu_start(Gfx *g)
{
    SDL_Surface *sf = SDL_GetWindowSurface(g->win);
    if (!sf || sf->format->BytesPerPixel != 4 || sf->format->palette || (sf->pitch & 3))
        return -1;
    const SDL_PixelFormat *f = sf->format;
    g->fmt = blend_format(f->Rshift, f->Gshift, f->Bshift, f->Amask ? f->Ashift : -1);
    g->surface = sf;
    g->cpu = 1;
    g->w = sf->w;
    g->h = sf->h;
    g->shown.valid = 0;
    g->pair.a = g->pair.b = SCENE_NONE;
    return 0;
}

static uint32_t *surface_row(const Gfx *g, int y)
{
    return (uint32_t *)((uint8_t *)g->surface->pixels + (size_t)y * (size_t)g->surface->pitch);
}

static void cpu_present_black(Gfx *g)
{
    if (SDL_MUSTLOCK(g->surface) && SDL_LockSurface(g->surface) != 0)
        return;
    for (int y = 0; y < g->surface->h; y++)
        memset(surface_row(g, y), 0, (size_t)g->surface->w * 4);
    if (SDL_MUSTLOCK(g->surface))
        SDL_UnlockSurface(g->surface);
    SDL_UpdateWindowSurface(g->win);
    g->presented += 1.0;
    g->shown.valid = 0;
}

/* A slot whose pixels can be drawn in this window (made for its size). */
static GfxSlot *cpu_slot(Gfx *g, int scene)
{
    GfxSlot *sl = scene == SCENE_NONE ? NULL : slot_of(g, scene);
    return sl && sl->img.px && sl->img.w == g->w && sl->img.h == g->h ? sl : NULL;
}

static int has_bare(const Gfx *g, const GfxSlot *sl)
{
    return sl->bare.px && sl->bare.w == g->w && sl->bare_y >= 0 &&
           sl->bare_y + sl->bare.h == g->h;
}

static const uint32_t *page_row(const GfxSlot *sl, int y)
{
    return sl->img.px + (size_t)y * (size_t)sl->img.w;
}

/* Row y of the page without its words: its own above the bare strip. */
static const uint32_t *bare_row(const GfxSlot *sl, int y)
{
    return y >= sl->bare_y ? sl->bare.px + (size_t)(y - sl->bare_y) * (size_t)sl->bare.w
                           : page_row(sl, y);
}

/* How a frame is made: its pages, its layers, where the words' rows start
 * when the captions take turns (xfade), its overlays. */
typedef struct {
    const PlayerScene *s;
    GfxSlot *sl[2];
    BlendMod m[2];          /* each layer's modulation, made once a frame, not a row */
    int xfade, ywords;
    GfxOverlay ov[2];
    int nov;
} CpuFrame;

/* Pixels x.. (n of them) of row y of a crossfade whose captions take turns:
 * the same layers as draw_crossfade, each dimmed, in the same order. */
static void cpu_crossfade_row(const Gfx *g, const CpuFrame *f, uint32_t *dst, int y, int x,
                              size_t n)
{
    const GfxSlot *a = f->sl[0], *b = f->sl[1];
    BlendMod ma = f->m[0], mb = f->m[1];
    unsigned t = f->s->layer[1].alpha;
    if (y < f->ywords) {
        mix(dst, page_row(a, y) + x, ma, page_row(b, y) + x, mb, n, t);
    } else if (t < 128) {
        mix(dst, bare_row(a, y) + x, ma, page_row(a, y) + x, ma, n, 255 - 2 * t);
        mix(dst, dst, MOD_ONE, bare_row(b, y) + x, mb, n, t);
    } else {
        mix(dst, bare_row(b, y) + x, mb, page_row(b, y) + x, mb, n, 2 * t - 255);
        mix(dst, dst, MOD_ONE, bare_row(a, y) + x, ma, n, 255 - t);
    }
}

/* The same pixels of any other scene: layers in order over black, as the
 * renderer draws them (an opaque first layer covers the black). */
static void cpu_layers_row(const Gfx *g, const CpuFrame *f, uint32_t *dst, int y, int x,
                           size_t n)
{
    const PlayerScene *s = f->s;
    int drawn = 0;
    if (s->nlayers == 2 && f->sl[0] && f->sl[1] && s->layer[0].alpha == 255) {
        mix(dst, page_row(f->sl[0], y) + x, f->m[0], page_row(f->sl[1], y) + x, f->m[1], n,
            s->layer[1].alpha);
        return; /* the two layers in one pass */
    }
    for (int i = 0; i < s->nlayers; i++) {
        if (!f->sl[i])
            continue;
        const PlayerLayer *l = &s->layer[i];
        const uint32_t *src = page_row(f->sl[i], y) + x;
        BlendMod m = f->m[i];
        if (drawn)
            mix(dst, dst, MOD_ONE, src, m, n, l->alpha);
        else if (l->alpha < 255)
            blend_fade(dst, src, m, n, l->alpha);
        else if (blend_mod_is_one(m))
            memcpy(dst, src, n * 4);
        else
            blend_dim(dst, src, n, m);
        drawn = 1;
    }
    if (!drawn)
        memset(dst, 0, n * 4);
}

/* Compose box r of the frame in the window surface. */
static void cpu_compose(const Gfx *g, const CpuFrame *f, BlendBox r)
{
    BlendMod m0 = f->m[0];
    for (int y = r.y0; y < r.y1; y++) {
        uint32_t *dst = surface_row(g, y) + r.x0;
        size_t n = (size_t)(r.x1 - r.x0);
        if (f->xfade)
            cpu_crossfade_row(g, f, dst, y, r.x0, n);
        else
            cpu_layers_row(g, f, dst, y, r.x0, n);
        for (int i = 0; i < f->nov; i++) {
            const GfxOverlay *o = &f->ov[i];
            int w = o->r.w < o->img->w ? o->r.w : o->img->w;
            int h = o->r.h < o->img->h ? o->r.h : o->img->h;
            int x0 = o->r.x > r.x0 ? o->r.x : r.x0, x1 = o->r.x + w < r.x1 ? o->r.x + w : r.x1;
            if (y < o->r.y || y >= o->r.y + h || x1 <= x0)
                continue;
            const uint32_t *src = o->img->px + (size_t)(y - o->r.y) * (size_t)o->img->w +
                                  (x0 - o->r.x);
            blend_over(surface_row(g, y) + x0, src, (size_t)(x1 - x0), &g->fmt, m0,
                       (unsigned)o->alpha);
        }
    }
}

/* Add box b (clipped to the window) to a list of boxes, merging it with
 * those it overlaps; past GFX_RECTS boxes, everything becomes one. */
static void rects_add(const Gfx *g, BlendBox *r, int *n, BlendBox b)
{
    b.x0 = b.x0 < 0 ? 0 : b.x0;
    b.y0 = b.y0 < 0 ? 0 : b.y0;
    b.x1 = b.x1 > g->w ? g->w : b.x1;
    b.y1 = b.y1 > g->h ? g->h : b.y1;
    if (b.x1 <= b.x0 || b.y1 <= b.y0)
        return;
    for (int i = 0; i < *n; i++) /* already there: a crossfade's boxes come every frame */
        if (b.x0 >= r[i].x0 && b.x1 <= r[i].x1 && b.y0 >= r[i].y0 && b.y1 <= r[i].y1)
            return;
    for (int i = 0; i < *n; i++) {
        if (b.x0 < r[i].x1 && r[i].x0 < b.x1 && b.y0 < r[i].y1 && r[i].y0 < b.y1) {
            b = box_union(b, r[i]);
            r[i] = r[--*n];
            i = -1; /* the larger box may now reach others */
        }
    }
    if (*n == GFX_RECTS) {
        for (int i = 1; i < *n; i++)
            r[0] = box_union(r[0], r[i]);
        r[0] = box_union(r[0], b);
        *n = 1;
        return;
    }
    r[(*n)++] = b;
}

/* Where pages a and b differ, above row y (pic, in bands) and from it down
 * (words): kept until either page changes. */
static const GfxPair *cpu_pair(Gfx *g, const GfxSlot *a, const GfxSlot *b, int y)
{
    GfxPair *p = &g->pair;
    if (p->a != a->scene || p->b != b->scene || p->va != a->version || p->vb != b->version ||
        p->y != y) {
        size_t w = (size_t)g->w;
        p->npic = blend_diff_bands(a->img.px, b->img.px, g->w, y, w, GFX_BANDS, GFX_BAND_SPANS,
                                   p->pic);
        p->words = blend_diff_box(page_row(a, y), page_row(b, y), g->w, g->h - y, w);
        p->words.y0 += y;
        p->words.y1 += y;
        p->a = a->scene;
        p->b = b->scene;
        p->va = a->version;
        p->vb = b->version;
        p->y = y;
    }
    return p;
}

/* What the frame will be outside a few boxes (GfxFrame), and those boxes:
 * a page (dimmed or not), or two crossfading under one modulation, equal
 * outside where they differ; overlays are boxes of their own. */
static void cpu_describe(Gfx *g, const CpuFrame *f, GfxFrame *out)
{
    const PlayerScene *s = f->s;
    const PlayerLayer *l0 = &s->layer[0], *l1 = &s->layer[1];
    memset(out, 0, sizeof *out);
    out->valid = 1;
    out->scene = *s;
    out->pause_alpha = g->pause_alpha;
    out->corner_mark = g->corner_mark;
    if (s->nlayers == 1 && f->sl[0] && l0->alpha == 255) {
        out->nbase = 1;
        out->base[0] = l0->scene;
    } else if (s->nlayers == 2 && f->sl[0] && f->sl[1] && l0->alpha == 255 && l0->r == l1->r &&
               l0->g == l1->g && l0->b == l1->b) {
        out->nbase = 2;
        out->base[0] = l0->scene;
        out->base[1] = l1->scene;
        const GfxPair *p = cpu_pair(g, f->sl[0], f->sl[1], f->xfade ? f->ywords : g->h);
        for (int i = 0; i < p->npic; i++)
            rects_add(g, out->rect, &out->nrect, p->pic[i]);
        rects_add(g, out->rect, &out->nrect, p->words);
        if (f->xfade) { /* the captions taking turns */
            rects_add(g, out->rect, &out->nrect, f->sl[0]->words);
            rects_add(g, out->rect, &out->nrect, f->sl[1]->words);
        }
    }
    if (!out->nbase)
        return;
    out->r = l0->r;
    out->g = l0->g;
    out->b = l0->b;
    for (int i = 0; i < f->nov; i++) {
        BlendBox b = { f->ov[i].r.x, f->ov[i].r.y, f->ov[i].r.x + f->ov[i].r.w,
                       f->ov[i].r.y + f->ov[i].r.h };
        rects_add(g, out->rect, &out->nrect, b);
    }
}

/* Can the next frame keep the pixels outside its boxes from the one shown?
 * Yes when both are the same page (either of a crossfade's two, which are
 * equal there) under the same modulation, and this is not a frame asked for
 * again unchanged (an expose: the window's pixels may be gone). */
static int cpu_keeps(const Gfx *g, const CpuFrame *f, const GfxFrame *now)
{
    const GfxFrame *old = &g->shown;
    if (!old->valid || !old->nbase || !now->nbase || old->r != now->r || old->g != now->g ||
        old->b != now->b)
        return 0;
    int dirty = 0;
    for (int i = 0; i < 2; i++)
        dirty |= f->sl[i] && f->sl[i]->dirty.x1 > f->sl[i]->dirty.x0;
    if (!dirty && player_scene_equal(&old->scene, &now->scene) &&
        old->pause_alpha == now->pause_alpha && old->corner_mark == now->corner_mark)
        return 0;
    for (int i = 0; i < now->nbase; i++)
        for (int j = 0; j < old->nbase; j++)
            if (now->base[i] == old->base[j])
                return 1;
    return 0;
}

static int cpu_snapshot(const Gfx *g, const char *path)
{
    size_t row = (size_t)g->w * 4;
    unsigned char *px = malloc(row * (size_t)g->h + 4);
    if (!px)
        return -1;
    for (int y = 0; y < g->h; y++)
        blend_to_rgba(px + row * (size_t)y, surface_row(g, y), (size_t)g->w, &g->fmt);
    int rc = stbi_write_png(path, g->w, g->h, 4, px, (int)row) ? 0 : -1;
    free(px);
    return rc;
}

/* CPU path: the wiggle of the page on screen, drawn in the window surface
 * over box b (wiggle_box) of the frame just composed: the page's pixels
 * there with the region turned and scaled over them (the page's own pixels,
 * feathered at the edges), under the frame's colour modulation m. */
static void cpu_wiggle(Gfx *g, const GfxSlot *sl, BlendBox b, BlendMod m)
{
    SDL_Rect r = sl->wig;
    int bw = b.x1 - b.x0, bh = b.y1 - b.y0;
    uint32_t *tmp = r.w > 0 && bw > 0 && bh > 0 ? malloc((size_t)bw * (size_t)bh * 4) : NULL;
    uint32_t *reg = tmp ? malloc((size_t)r.w * (size_t)r.h * 4) : NULL;
    if (!reg) {
        free(tmp);
        return; /* out of memory: the page without its wiggle this frame */
    }
    size_t stride = (size_t)sl->img.w;
    BlendFormat f = layer_format(g); /* the region's alpha in the spare byte */
    for (int y = 0; y < r.h; y++)
        for (int x = 0; x < r.w; x++) {
            uint32_t *q = reg + (size_t)y * (size_t)r.w + (size_t)x;
            *q = sl->img.px[(size_t)(r.y + y) * stride + (size_t)(r.x + x)];
            ((uint8_t *)q)[f.a] = feather(x, y, r.w, r.h);
        }
    for (int y = 0; y < bh; y++)
        memcpy(tmp + (size_t)y * (size_t)bw, sl->img.px + (size_t)(b.y0 + y) * stride +
               (size_t)b.x0, (size_t)bw * 4);
    /* The region's own map (turned and scaled about its middle), moved to
     * start at the box's corner. */
    MotionLayerLook look = { 1, 0, 0, sl->wig_angle, 0.5, 0.5, sl->wig_scale, 0 };
    double inv[6];
    motion_layer_inverse(&look, r.w, r.h, (MotionBox){ 0, 0, r.w, r.h }, inv);
    double dx = b.x0 - r.x, dy = b.y0 - r.y;
    inv[2] += inv[0] * dx + inv[1] * dy;
    inv[5] += inv[3] * dx + inv[4] * dy;
    BlendWarp w = blend_warp(inv);
    blend_warp_over(tmp, (size_t)bw, (BlendBox){ 0, 0, bw, bh }, reg, (size_t)r.w, r.w, r.h,
                    &w, 0, &f, 255);
    for (int y = 0; y < bh; y++)
        blend_dim(surface_row(g, b.y0 + y) + b.x0, tmp + (size_t)y * (size_t)bw, (size_t)bw, m);
    free(reg);
    free(tmp);
}

static int cpu_draw(Gfx *g, const PlayerScene *s, const char *snapshot_path)
{
    SDL_Surface *sf = SDL_GetWindowSurface(g->win); /* anew after a resize */
    if (!sf)
        return snapshot_path ? -1 : 0;
    if (sf != g->surface || sf->w != g->w || sf->h != g->h) {
        g->surface = sf;
        g->shown.valid = 0;
        if (sf->w != g->w || sf->h != g->h) { /* the resize is not told yet */
            cpu_present_black(g);
            return snapshot_path ? -1 : 0;
        }
    }
    CpuFrame f = { s, { NULL, NULL }, { MOD_ONE, MOD_ONE }, 0, g->h, { { 0 } }, 0 };
    for (int i = 0; i < s->nlayers && i < 2; i++) {
        f.m[i] = mod_of(g, &s->layer[i]);
        if ((f.sl[i] = cpu_slot(g, s->layer[i].scene)) != NULL)
            f.sl[i]->use = ++g->stamp;
    }
    f.xfade = s->nlayers == 2 && f.sl[0] && f.sl[1] && has_bare(g, f.sl[0]) &&
              has_bare(g, f.sl[1]) && s->layer[0].alpha == 255 && !moving(f.sl[0]) &&
              !moving(f.sl[1]) && !f.sl[0]->nlayers && !f.sl[1]->nlayers; /* as gpu_draw */
    if (f.xfade)
        f.ywords = f.sl[0]->bare_y < f.sl[1]->bare_y ? f.sl[0]->bare_y : f.sl[1]->bare_y;
    f.nov = overlays_of(g, s, f.ov);
    GfxFrame now;
    cpu_describe(g, &f, &now);
    /* A hotspot's wiggle on a page shown whole: its box is drawn over the
     * frame, so the next frame composes it again from the page. */
    const GfxSlot *wig = s->nlayers == 1 && f.sl[0] && f.sl[0]->wig.w > 0 &&
                         s->layer[0].alpha == 255 ? f.sl[0] : NULL;
    BlendBox wbox = wig ? wiggle_box(g, wig) : (BlendBox){ 0, 0, 0, 0 };
    if (wig)
        rects_add(g, now.rect, &now.nrect, wbox);
    BlendBox upd[GFX_RECTS];
    int nupd = 0, whole = !cpu_keeps(g, &f, &now);
    if (whole) {
        upd[nupd++] = (BlendBox){ 0, 0, g->w, g->h };
    } else {
        for (int i = 0; i < g->shown.nrect; i++)
            rects_add(g, upd, &nupd, g->shown.rect[i]);
        for (int i = 0; i < now.nrect; i++)
            rects_add(g, upd, &nupd, now.rect[i]);
        for (int i = 0; i < 2; i++)
            if (f.sl[i])
                rects_add(g, upd, &nupd, f.sl[i]->dirty);
    }
    if (SDL_MUSTLOCK(sf) && SDL_LockSurface(sf) != 0)
        return snapshot_path ? -1 : 0;
    if (wig && !whole)
        rects_add(g, upd, &nupd, wbox);
    for (int i = 0; i < nupd; i++)
        cpu_compose(g, &f, upd[i]);
    if (wig)
        cpu_wiggle(g, wig, wbox, f.m[0]);
    int rc = snapshot_path ? cpu_snapshot(g, snapshot_path) : 0;
    if (SDL_MUSTLOCK(sf))
        SDL_UnlockSurface(sf);
    for (int i = 0; i < 2; i++)
        if (f.sl[i])
            f.sl[i]->dirty = (BlendBox){ 0, 0, 0, 0 };
    g->shown = now;
    if (whole) {
        SDL_UpdateWindowSurface(g->win);
        g->presented += 1.0;
    } else if (nupd > 0) {
        SDL_Rect rects[GFX_RECTS];
        double area = 0;
        for (int i = 0; i < nupd; i++) {
            rects[i] = (SDL_Rect){ upd[i].x0, upd[i].y0, upd[i].x1 - upd[i].x0,
                                   upd[i].y1 - upd[i].y0 };
            area += (double)rects[i].w * (double)rects[i].h;
        }
        SDL_UpdateWindowSurfaceRects(g->win, rects, nupd);
        g->presented += area / ((double)g->w * (double)g->h); /* the boxes never overlap */
    }
    return rc;
}

double gfx_take_presented(Gfx *g)
{
    double p = g->presented;
    g->presented = 0;
    return p;
}

int gfx_draw(Gfx *g, const PlayerScene *s, const char *snapshot_path)
{
    return g->cpu ? cpu_draw(g, s, snapshot_path) : gpu_draw(g, s, snapshot_path);
}
