/* gfx — the SDL renderer at the edge (see gfx.h).
 *
 * Pictures are decoded by picture.c, through the format-specific SDL_image
 * loaders chosen by sniffing the file's first bytes. SVG is rasterised directly at its letterbox size, so it is as crisp
 * as the screen allows; other pictures are scaled once by the compositor. */
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
#include "probe.h"
#include "sniff.h"

/* The largest picture decoded at all (story-format.md); larger ones would
 * cost a cheap tablet hundreds of megabytes. */
#define MAX_PICTURE_SIDE 8192

int gfx_open(Gfx *g, const char *title, int w, int h, int fullscreen, Diags *d)
{
    memset(g, 0, sizeof *g);
    g->captions = 1;
    for (int i = 0; i < GFX_SLOTS; i++)
        g->slots[i].scene = SCENE_NONE;
    /* With the software renderer, SDL2 on X11 would otherwise present every
     * frame through an OpenGL texture: Mesa and LLVM loaded (about 55 MB),
     * twice the CPU per frame and a slower start (see docs/cheap.md). */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    flags |= fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE;
    g->win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                              flags);
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
    gfx_release_all(g);
    if (g->ren)
        SDL_DestroyRenderer(g->ren);
    if (g->win)
        SDL_DestroyWindow(g->win);
    text_font_free(g->font);
    text_font_free(g->wide_font);
    memset(g, 0, sizeof *g);
}

/* Decode with the one loader the bytes call for (picture.c); why is set to
 * what the bytes look like when they are not a picture at all. */
static SDL_Surface *decode(const unsigned char *data, size_t len, int fit_w, int fit_h,
                           const char **why)
{
    SniffKind kind = sniff_bytes(data, len < SNIFF_HEAD ? len : SNIFF_HEAD);
    if (!sniff_is_picture(kind)) {
        *why = sniff_name(kind);
        return NULL;
    }
    return picture_decode(data, len, kind, fit_w, fit_h);
}

/* The surface as a tightly packed RGBA image (compose's format), converted
 * straight into the image's own buffer: no third copy of a large picture. */
static int to_image(SDL_Surface *s, ComposeImage *img)
{
    img->w = s->w;
    img->h = s->h;
    img->px = malloc((size_t)s->w * (size_t)s->h * 4);
    if (!img->px)
        return -1;
    if (SDL_ConvertPixels(s->w, s->h, s->format->format, s->pixels, s->pitch,
                          SDL_PIXELFORMAT_RGBA32, img->px, s->w * 4) == 0)
        return 0;
    /* Palette pictures (8-bit PNG) need the surface path. */
    SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGBA32, 0);
    if (!c) {
        free(img->px);
        img->px = NULL;
        return -1;
    }
    for (int y = 0; y < c->h; y++)
        memcpy(img->px + (size_t)y * c->w * 4, (Uint8 *)c->pixels + (size_t)y * c->pitch,
               (size_t)c->w * 4);
    SDL_FreeSurface(c);
    return 0;
}

int gfx_load_picture(const Gfx *g, const char *folder, const char *name, const char *display,
                     int fit_w, int fit_h, ComposeImage *img, Diags *d)
{
    unsigned char *data = NULL;
    size_t len = 0;
    (void)g;
    memset(img, 0, sizeof *img);
    FilesStatus st = files_read(folder, name, FILES_MAX_PICTURE, &data, &len);
    if (st != FILES_OK) {
        diag_add(d, DIAG_WARNING, display, 0, "picture not shown: %s", files_status_text(st));
        return -1;
    }
    /* The size comes from the header before anything is decoded: a 60000 x
     * 60000 PNG of a few kilobytes must not cost a tablet gigabytes. SVG is
     * rasterised at the fit size, whatever it says. */
    int pw = 0, ph = 0;
    ProbeStatus ps = probe_picture(data, len, &pw, &ph);
    if (ps == PROBE_OK && probe_too_large(pw, ph) && sniff_bytes(data, len < SNIFF_HEAD ? len : SNIFF_HEAD) != SNIFF_SVG) {
        free(data);
        diag_add(d, DIAG_WARNING, display, 0,
                 "picture not shown: %dx%d pixels is larger than %dx%d", pw, ph,
                 PROBE_MAX_SIDE, PROBE_MAX_SIDE);
        return -1;
    }
    const char *why = NULL;
    SDL_Surface *s = decode(data, len, fit_w, fit_h, &why);
    free(data);
    if (!s) {
        if (why)
            diag_add(d, DIAG_WARNING, display, 0,
                     "picture not shown: not a picture this player can open (it looks like %s)",
                     why);
        else
            diag_add(d, DIAG_WARNING, display, 0, "picture not shown: %s", IMG_GetError());
        return -1;
    }
    int rc = -1;
    if (s->w <= 0 || s->h <= 0 || s->w > MAX_PICTURE_SIDE || s->h > MAX_PICTURE_SIDE)
        diag_add(d, DIAG_WARNING, display, 0,
                 "picture not shown: %dx%d pixels is larger than %dx%d", s->w, s->h,
                 MAX_PICTURE_SIDE, MAX_PICTURE_SIDE);
    else
        rc = to_image(s, img);
    SDL_FreeSurface(s);
    return rc;
}

/* Load a scene's picture; 0 ok, -1 when it cannot (diagnostic given). */
static int load_picture(const Gfx *g, const GfxSource *src, ComposeImage *img, int *prescaled,
                        Diags *d)
{
    if (gfx_load_picture(g, src->folder, src->picture, src->display, g->w, g->h, img, d) < 0)
        return -1;
    LayoutRect fit = layout_letterbox(img->w, img->h, g->w, g->h);
    *prescaled = fit.w == img->w && fit.h == img->h;
    return 0;
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
    gfx_release(g, best->scene);
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

/* A streaming texture to compose into, or NULL. */
static SDL_Texture *new_page_texture(Gfx *g)
{
    SDL_Texture *t = SDL_CreateTexture(g->ren, SDL_PIXELFORMAT_RGBA32,
                                       SDL_TEXTUREACCESS_STREAMING, g->w, g->h);
    if (t)
        SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    return t;
}

/* Compose straight into the texture's own pixels when it lets us (the
 * software renderer's textures are plain memory): one screen-sized buffer
 * fewer than composing apart and copying. Else compose apart and upload. */
static int compose_into_texture(Gfx *g, SDL_Texture *t, const ComposeInput *in)
{
    void *px = NULL;
    int pitch = 0, rc = -1;
    if (SDL_LockTexture(t, NULL, &px, &pitch) == 0) {
        if (pitch == g->w * 4) {
            ComposeImage view = { px, g->w, g->h };
            rc = compose_page_into(in, &view);
        }
        SDL_UnlockTexture(t);
        if (rc == 0 || pitch == g->w * 4)
            return rc;
    }
    ComposeImage page;
    if (compose_page(in, g->w, g->h, &page) != 0)
        return -1;
    rc = SDL_UpdateTexture(t, NULL, page.px, page.w * 4);
    compose_free(&page);
    return rc;
}

int gfx_prepare(Gfx *g, int scene, const GfxSource *src, Diags *d)
{
    GfxSlot *slot = slot_of(g, scene);
    if (slot) {
        slot->use = ++g->stamp;
        return 0;
    }
    ComposeImage pic = { 0 };
    int prescaled = 0;
    int have = src->picture && load_picture(g, src, &pic, &prescaled, d) == 0;
    ComposeInput in = { 0 };
    in.picture = have ? &pic : NULL;
    in.picture_prescaled = prescaled;
    in.font = g->captions ? gfx_font_for(g, src->text) : NULL;
    in.text = src->text;
    in.replay_mark = src->replay_mark;
    SDL_Texture *t = new_page_texture(g);
    int rc = t ? compose_into_texture(g, t, &in) : -1;
    compose_free(&pic);
    if (rc < 0) {
        if (t)
            SDL_DestroyTexture(t);
        diag_add(d, DIAG_WARNING, src->display, 0, "cannot show this page: %s",
                 t ? "not enough memory" : SDL_GetError());
        return -1;
    }
    install(g, scene, t);
    return 0;
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
    gfx_release(g, scene);
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
    for (int i = 0; i < GFX_SLOTS; i++) {
        if (g->slots[i].scene != scene)
            continue;
        if (g->slots[i].tex)
            SDL_DestroyTexture(g->slots[i].tex);
        g->slots[i].tex = NULL;
        g->slots[i].scene = SCENE_NONE;
    }
}

void gfx_release_all(Gfx *g)
{
    if (g->mark)
        SDL_DestroyTexture(g->mark); /* sized for the old window, maybe */
    g->mark = NULL;
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
    for (int i = 0; i < s->nlayers; i++) {
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
    if (g->corner_mark && s->nlayers > 0)
        draw_mark(g, &s->layer[0]);
    int rc = snapshot_path ? snapshot(g, snapshot_path) : 0;
    SDL_RenderPresent(g->ren);
    return rc;
}
