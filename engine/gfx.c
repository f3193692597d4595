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
 * is freed by whichever of the two lets go last. */
#include "gfx.h"

#include <SDL_image.h>
#include <stdlib.h>
#include <string.h>
#include <stb_image_write.h>

#include "compose.h"
#include "files.h"
#include "gate.h"
#include "layout.h"
#include "picture.h"
#include "sniff.h"

typedef struct GfxShared {
    SDL_mutex *lock;
    int closing;            /* the loop is gone: push no more events */
    int refs;               /* the Gfx, plus each orphaned job */
    Uint32 event;
} GfxShared;

typedef struct GfxJob {
    int scene;
    char *folder, *picture, *display, *text;
    int replay_mark, keep_picture;
    int picture_only;       /* gfx_request_picture: decode, no page */
    const TextFont *font;
    int w, h;               /* the page's size, or the picture's fit */
    Uint64 started;         /* performance counter at the request */
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
    int rc;
    Diags diags;            /* the thread's own diagnostics */
} GfxJob;

static void jobs_close(Gfx *g);
static void slot_free(Gfx *g, int scene);

int gfx_open(Gfx *g, const char *title, int w, int h, int fullscreen, Diags *d)
{
    memset(g, 0, sizeof *g);
    g->captions = 1;
    g->budget = GFX_BUDGET;
    /* Tests shorten the budget to see a picture given up for time. */
    const char *budget = SDL_getenv("HUSHABYE_PICTURE_BUDGET");
    if (budget && SDL_atof(budget) > 0)
        g->budget = SDL_atof(budget);
    for (int i = 0; i < GFX_SLOTS; i++)
        g->slots[i].scene = SCENE_NONE;
    /* With the software renderer, SDL2 on X11 would otherwise present every
     * frame through an OpenGL texture: Mesa and LLVM loaded (about 55 MB),
     * twice the CPU per frame and a slower start (see docs/cheap.md). */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
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
        diag_add(d, DIAG_ERROR, "video", 0, "cannot open a window: %s", SDL_GetError());
        return -1;
    }
    g->ren = SDL_CreateRenderer(g->win, -1, 0);
    if (!g->ren) {
        diag_add(d, DIAG_ERROR, "video", 0, "cannot draw in the window: %s", SDL_GetError());
        SDL_DestroyWindow(g->win);
        g->win = NULL;
        return -1;
    }
    SDL_GetRendererOutputSize(g->ren, &g->w, &g->h);
    /* Black at once: a new window must never flash white in a dark room. */
    SDL_SetRenderDrawColor(g->ren, 0, 0, 0, 255);
    SDL_RenderClear(g->ren);
    SDL_RenderPresent(g->ren);
    return 0;
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
 * thread (a page's own, or the main one). */
static int load_into(const char *folder, const char *name, const char *display, int fit_w,
                     int fit_h, SDL_atomic_t *cancel, ComposeImage *img, Diags *d)
{
    unsigned char *data = NULL;
    size_t len = 0;
    PictureInfo info;
    memset(img, 0, sizeof *img);
    FilesStatus st = files_read(folder, name, FILES_MAX_PICTURE, &data, &len);
    if (st != FILES_OK) {
        diag_add(d, DIAG_WARNING, display, 0, "picture not shown: %s", files_status_text(st));
        return -1;
    }
    PictureStatus ps = picture_decode(data, len, fit_w, fit_h, cancel, img, &info);
    free(data);
    if (ps == PICTURE_CANCELLED)
        return -1;
    if (ps != PICTURE_OK) {
        diag_add(d, DIAG_WARNING, display, 0, "picture not shown: %s", info.why);
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
    return load_into(folder, name, display, fit_w, fit_h, NULL, img, d);
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

static GfxSlot *slot_of(Gfx *g, int scene)
{
    for (int i = 0; i < GFX_SLOTS; i++)
        if (g->slots[i].scene == scene && g->slots[i].tex)
            return &g->slots[i];
    return NULL;
}

int gfx_pages_held(const Gfx *g)
{
    int n = 0;
    for (int i = 0; i < GFX_SLOTS; i++)
        n += g->slots[i].tex && g->slots[i].scene >= 0;
    return n;
}

int gfx_has(const Gfx *g, int scene)
{
    return slot_of((Gfx *)g, scene) != NULL;
}

/* A free slot, or the least recently used one emptied. */
static GfxSlot *take_slot(Gfx *g)
{
    GfxSlot *best = &g->slots[0];
    for (int i = 0; i < GFX_SLOTS; i++) {
        if (!g->slots[i].tex)
            return &g->slots[i];
        if (g->slots[i].use < best->use)
            best = &g->slots[i];
    }
    slot_free(g, best->scene);
    return best;
}

static SDL_Texture *upload(Gfx *g, const ComposeImage *page)
{
    SDL_Texture *t = SDL_CreateTexture(g->ren, SDL_PIXELFORMAT_RGBA32,
                                       SDL_TEXTUREACCESS_STATIC, page->w, page->h);
    if (!t)
        return NULL;
    SDL_UpdateTexture(t, NULL, page->px, page->w * 4);
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    return t;
}

/* Put texture t in a slot as scene's. */
static void install(Gfx *g, int scene, SDL_Texture *t)
{
    GfxSlot *slot = take_slot(g);
    slot->scene = scene;
    slot->tex = t;
    slot->use = ++g->stamp;
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
    diag_free(&j->diags);
    if (j->sem)
        SDL_DestroySemaphore(j->sem);
    free(j->folder);
    free(j->picture);
    free(j->display);
    free(j->text);
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
    if (top >= 0 && top < h && (bare->px = malloc(row * (size_t)(h - top))) != NULL) {
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

/* The page's thread: decode, compose, say so. */
static int job_run(void *arg)
{
    GfxJob *j = arg;
    ComposeImage pic = { 0 };
    int have = j->picture && load_into(j->folder, j->picture, j->display, j->w, j->h,
                                       &j->cancel, &pic, &j->diags) == 0;
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
        in.replay_mark = j->replay_mark;
        j->rc = compose_with_bare(&in, j->w, j->h, &j->page, &j->bare, &j->bare_y);
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

/* Give slot the bare rows of its page (none when bare is empty). */
static void set_bare(Gfx *g, GfxSlot *slot, const ComposeImage *bare, int bare_y)
{
    if (!slot)
        return;
    if (slot->bare)
        SDL_DestroyTexture(slot->bare);
    slot->bare = bare->px ? upload(g, bare) : NULL;
    slot->bare_y = bare_y;
}

/* Compose and install a page now, on the main thread, without its picture. */
static int install_placeholder(Gfx *g, int scene, const TextFont *font, const char *text,
                               int replay_mark, const char *display, Diags *d)
{
    ComposeInput in = { 0 };
    ComposeImage page, bare;
    int bare_y;
    in.font = font;
    in.text = text;
    in.replay_mark = replay_mark;
    if (compose_with_bare(&in, g->w, g->h, &page, &bare, &bare_y) == 0 &&
        gfx_upload_scene(g, scene, &page) == 0) {
        set_bare(g, slot_of(g, scene), &bare, bare_y);
        compose_free(&bare);
        compose_free(&page);
        return 0;
    }
    compose_free(&bare);
    compose_free(&page);
    diag_add(d, DIAG_WARNING, display, 0, "cannot show this page: not enough memory");
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
                     "picture not shown: other pictures are still being opened");
        return install_placeholder(g, scene, font, src->text, src->replay_mark, src->display,
                                   d);
    }
    GfxJob *j = job_new(scene, src->folder, src->picture, src->display);
    if (!j) {
        diag_add(d, DIAG_WARNING, src->display, 0, "cannot show this page: not enough memory");
        return -1;
    }
    j->text = dup_or_null(src->text);
    j->replay_mark = src->replay_mark;
    j->keep_picture = src->keep_picture;
    j->font = font;
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
            slot->picture = j->scaled;
            memset(&j->scaled, 0, sizeof j->scaled);
        } else
            diag_add(d, DIAG_WARNING, j->display, 0, "cannot show this page: %s",
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
            diag_add(d, DIAG_WARNING, j->display, 0, "picture not shown: it took longer than "
                     "%.0f seconds to open", g->budget);
            picture_done(j, 1, out);
        } else if (!j->abandoned && job_age(j) >= g->budget) {
            /* Too slow: the page goes on with the placeholder, and the
             * picture's thread is asked to stop (decoders that can, do). */
            j->abandoned = 1;
            SDL_AtomicSet(&j->cancel, 1);
            diag_add(d, DIAG_WARNING, j->display, 0,
                     "picture not shown: it took longer than %.0f seconds to open; a "
                     "smaller or simpler picture will show", g->budget);
            if (install_placeholder(g, j->scene, j->font, j->text, j->replay_mark,
                                    j->display, d) == 0)
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
    int w = 0, h = 0;
    if (slot && SDL_QueryTexture(slot->tex, NULL, NULL, &w, &h) == 0 && w == img->w &&
        h == img->h) {
        slot->use = ++g->stamp;
        return SDL_UpdateTexture(slot->tex, NULL, img->px, img->w * 4);
    }
    slot_free(g, scene);
    SDL_Texture *t = upload(g, img);
    if (!t)
        return -1;
    install(g, scene, t);
    return 0;
}

int gfx_update_rows(Gfx *g, int scene, int y0, const ComposeImage *strip)
{
    GfxSlot *slot = slot_of(g, scene);
    if (!slot || strip->w != g->w || y0 < 0 || y0 + strip->h > g->h)
        return -1;
    SDL_Rect r = { 0, y0, strip->w, strip->h };
    slot->use = ++g->stamp;
    return SDL_UpdateTexture(slot->tex, &r, strip->px, strip->w * 4);
}

void gfx_release(Gfx *g, int scene)
{
    jobs_abandon(g, scene, 0);
    slot_free(g, scene);
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
    for (int i = 0; i < GFX_SLOTS; i++) {
        if (g->slots[i].scene != scene)
            continue;
        compose_free(&g->slots[i].picture);
        g->slots[i].kept = 0;
        if (g->slots[i].tex)
            SDL_DestroyTexture(g->slots[i].tex);
        g->slots[i].tex = NULL;
        if (g->slots[i].bare)
            SDL_DestroyTexture(g->slots[i].bare);
        g->slots[i].bare = NULL;
        g->slots[i].scene = SCENE_NONE;
    }
}

void gfx_release_all(Gfx *g)
{
    if (g->mark)
        SDL_DestroyTexture(g->mark); /* sized for the old window, maybe */
    g->mark = NULL;
    if (g->pause_sign)
        SDL_DestroyTexture(g->pause_sign);
    g->pause_sign = NULL;
    jobs_abandon(g, 0, 1);
    for (int i = 0; i < GFX_SLOTS; i++)
        if (g->slots[i].tex)
            gfx_release(g, g->slots[i].scene);
}

/* The kiosk's corner mark, dimmed with the scene so it fades to dark too. */
static void draw_mark(Gfx *g, const PlayerLayer *l)
{
    LayoutRect r = gate_corner_mark(g->w, g->h);
    if (!g->mark) {
        ComposeImage img;
        if (compose_corner_mark(r.w, &img) != 0)
            return;
        g->mark = upload(g, &img);
        compose_free(&img);
        if (!g->mark)
            return;
    }
    SDL_Rect dst = { r.x, r.y, r.w, r.h };
    SDL_SetTextureColorMod(g->mark, l->r, l->g, l->b);
    SDL_RenderCopy(g->ren, g->mark, NULL, &dst);
}

/* The paused sign: a small texture of its own drawn over the page with its
 * own alpha (the fade in), so pausing never recomposes the page; dimmed
 * with the page's colour modulation like everything on it. */
static void draw_pause_sign(Gfx *g, const PlayerLayer *l)
{
    LayoutRect r = layout_pause_sign(g->w, g->h);
    if (r.w <= 0)
        return;
    if (!g->pause_sign) {
        ComposeImage img;
        if (compose_pause_sign(r.w, &img) != 0)
            return;
        g->pause_sign = upload(g, &img);
        compose_free(&img);
        if (!g->pause_sign)
            return;
    }
    SDL_Rect dst = { r.x, r.y, r.w, r.h };
    SDL_SetTextureBlendMode(g->pause_sign, SDL_BLENDMODE_BLEND);
    SDL_SetTextureAlphaMod(g->pause_sign, (Uint8)g->pause_alpha);
    SDL_SetTextureColorMod(g->pause_sign, l->r, l->g, l->b);
    SDL_RenderCopy(g->ren, g->pause_sign, NULL, &dst);
}

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

/* A page's rows y.. without its words: its own rows above its bare strip
 * (no words reach there), then the strip. */
static void copy_bare(Gfx *g, const GfxSlot *sl, int y, const PlayerLayer *l, Uint8 alpha,
                      int opaque)
{
    copy_rows(g, sl->tex, 0, y, sl->bare_y, l, alpha, opaque);
    copy_rows(g, sl->bare, sl->bare_y, sl->bare_y > y ? sl->bare_y : y, g->h, l, alpha, opaque);
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
    copy_rows(g, a->tex, 0, 0, y, la, 255, 1);
    copy_rows(g, b->tex, 0, 0, y, lb, (Uint8)t, 0);
    if (t < 128) {
        copy_bare(g, a, y, la, 255, 1);
        copy_rows(g, a->tex, 0, y, g->h, la, (Uint8)(255 - 2 * t), 0);
        copy_bare(g, b, y, lb, (Uint8)t, 0);
    } else {
        copy_bare(g, b, y, lb, 255, 1);
        copy_rows(g, b->tex, 0, y, g->h, lb, (Uint8)(2 * t - 255), 0);
        copy_bare(g, a, y, la, (Uint8)(255 - t), 0);
    }
}

int gfx_draw(Gfx *g, const PlayerScene *s, const char *snapshot_path)
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
    int crossfade = sa && sb && sa->bare && sb->bare && s->layer[0].alpha == 255;
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
        SDL_SetTextureBlendMode(slot->tex, i == 0 && l->alpha == 255 ? SDL_BLENDMODE_NONE
                                                                     : SDL_BLENDMODE_BLEND);
        SDL_SetTextureAlphaMod(slot->tex, l->alpha);
        SDL_SetTextureColorMod(slot->tex, l->r, l->g, l->b);
        SDL_RenderCopy(g->ren, slot->tex, NULL, NULL);
    }
    if (g->pause_alpha > 0 && s->nlayers > 0)
        draw_pause_sign(g, &s->layer[0]);
    if (g->corner_mark && s->nlayers > 0)
        draw_mark(g, &s->layer[0]);
    int rc = snapshot_path ? snapshot(g, snapshot_path) : 0;
    SDL_RenderPresent(g->ren);
    return rc;
}
