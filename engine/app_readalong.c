/* app_readalong — the word being spoken, lit in a warmer tone.
 *
 * A page's .vtt gives the cues (vtt.c); each cue's words are found in the
 * page text in order (so a repeated word lights up in the right place) and
 * the cue times go to the player, which says which cue is lit and when that
 * next changes. The page is composed once without its words and its words are
 * laid out and drawn once; a change of the lit word redraws just the boxes of
 * the word going out and the word coming in, from those, and uploads and
 * presents just those boxes: one small update per word, none in between. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "files.h"
#include "i18n.h"
#include "layout.h"

/* The buffers (base, strip) are kept for the next page: they are the
 * same size from page to page. */
void app_readalong_stop(App *a)
{
    compose_words_free(&a->play.ra.words);
    a->play.ra.lit = (LayoutRect){ 0, 0, 0, 0 };
    a->play.ra.scene = SCENE_NONE;
    a->play.ra.n = 0;
}

void app_readalong_release(App *a)
{
    app_readalong_stop(a);
    compose_free(&a->play.ra.base);
    compose_free(&a->play.ra.strip);
}

static void readalong_base(App *a, int scene, const Story *st, const StoryPage *p,
                           const char *display);
static int readalong_words(App *a, const ComposeInput *in);

/* Load the page's .vtt (if any) and hand its cues to the player. */
void app_readalong_start(App *a, int scene)
{
    const StoryPage *p = player_page(&a->play.player, scene);
    const Story *st = player_story(&a->play.player, scene);
    app_readalong_stop(a);
    if (!p || !st || !p->vtt || !p->text || !a->gfx.captions || !a->gfx.font)
        return;
    char display[USERDATA_PATH + 80];
    unsigned char *buf = NULL;
    size_t len = 0;
    Vtt v = { 0 };
    snprintf(display, sizeof display, "%s/%s", st->name, p->vtt);
    if (!story_named_there(st, p->vtt, "vtt", p->number, p->vtt_line, &a->diags))
        return;
    if (files_read(st->folder, p->vtt, FILES_MAX_TEXT, &buf, &len) != FILES_OK) {
        diag_add(&a->diags, DIAG_WARNING, display, 0, _("timed words not used: cannot read them"));
        return;
    }
    if (vtt_parse((const char *)buf, len, display, &v, &a->diags) == 0 && v.n > 0) {
        AppReadAlong *ra = &a->play.ra;
        ra->n = v.n < APP_MAX_CUES ? v.n : APP_MAX_CUES;
        for (int i = 0; i < ra->n; i++) {
            ra->start[i] = v.cues[i].start;
            ra->end[i] = v.cues[i].end;
        }
        vtt_locate(p->text, (const char *)buf, &v, ra->from, ra->to, ra->n, display, &a->diags);
        a->play.ra.scene = scene;
        a->play.ra.drawn_cue = -1;
        readalong_base(a, scene, st, p, display);
        PlayerCues cues = { a->play.ra.start, a->play.ra.end, a->play.ra.n };
        player_set_cues(&a->play.player, scene, &cues);
    }
    vtt_free(&v);
    free(buf);
}

/* An image of w x h kept from page to page: a buffer this large would be
 * mapped and unmapped, faulted in and zeroed, at every page. 0, or -1. */
static int kept_image(ComposeImage *img, int w, int h)
{
    if (img->px && img->w == w && img->h == h)
        return 0;
    compose_free(img);
    if (!(img->px = malloc((size_t)w * (size_t)h * 4)))
        return -1;
    img->w = w;
    img->h = h;
    return 0;
}

/* The page's rows from the first the words can touch down, without its
 * words, into ra.base: as the page's own compose left them (gfx keeps them
 * for a page with a read-along), or composed here from in when it did not.
 * 0, or -1. */
static int readalong_rows(App *a, int scene, const ComposeInput *in)
{
    AppReadAlong *ra = &a->play.ra;
    int w = a->gfx.w, h = a->gfx.h, rows = h - ra->top;
    const ComposeImage *bare = NULL;
    ComposeImage page = { 0 };
    int bare_y = 0;
    if (rows <= 0 || kept_image(&ra->base, w, rows) != 0)
        return -1;
    if (gfx_page_bare(&a->gfx, scene, &bare, &bare_y) == 1 && bare_y == ra->top &&
        bare->w == w && bare->h == rows) {
        memcpy(ra->base.px, bare->px, (size_t)w * (size_t)rows * 4);
        return 0;
    }
    if (compose_page(in, w, h, &page) != 0)
        return -1;
    memcpy(ra->base.px, page.px + (size_t)ra->top * w * 4, (size_t)w * (size_t)rows * 4);
    compose_free(&page);
    return 0;
}

/* The page without its words and its words laid out, once for the
 * read-along. Its picture (where it lies, and the rows under the words when
 * gfx did not keep them) is the one the page was composed with, kept scaled
 * by gfx; only when the page was not composed that way is it decoded again
 * here. */
static void readalong_base(App *a, int scene, const Story *st, const StoryPage *p,
                           const char *display)
{
    AppReadAlong *ra = &a->play.ra;
    ComposeImage pic = { 0 }, scaled = { 0 };
    ComposeInput in = { 0 };
    const ComposeImage *kept = NULL;
    if (p->image && gfx_page_picture(&a->gfx, scene, &kept) < 0 &&
        gfx_load_picture(&a->gfx, st->folder, p->image, display, a->gfx.w, a->gfx.h, &pic,
                         &a->diags) == 0) {
        LayoutRect r = layout_letterbox(pic.w, pic.h, a->gfx.w, a->gfx.h);
        if (compose_scale(&pic, r.w, r.h, &scaled) != 0)
            memset(&scaled, 0, sizeof scaled);
        compose_free(&pic);
    }
    in.picture = kept ? kept : scaled.px ? &scaled : NULL;
    in.picture_prescaled = 1;
    char words[APP_PAGE_TEXT];   /* the page's words, and the credits on a last page */
    in.text = app_page_text(a, scene, words, sizeof words);
    in.language = st->language;
    in.font = gfx_font_for(&a->gfx, in.text);
    in.replay_mark = p->narration != NULL;
    in.band_only = 1;
    ra->picture = compose_picture_rect(&in, a->gfx.w, a->gfx.h);
    ra->top = compose_words_top(a->gfx.w, a->gfx.h, ra->picture);
    if (readalong_rows(a, scene, &in) != 0 || readalong_words(a, &in) != 0)
        ra->scene = SCENE_NONE; /* no memory: the page simply is not lit */
    compose_free(&scaled);
}

/* The words laid out and drawn once, and the strip of the words' rows as the
 * page shows them with nothing lit. 0, or -1 without memory. */
static int readalong_words(App *a, const ComposeInput *in)
{
    AppReadAlong *ra = &a->play.ra;
    int w = a->gfx.w, rows = a->gfx.h - ra->top;
    compose_words_free(&ra->words);
    if (rows <= 0 || compose_words_prepare(in, w, a->gfx.h, ra->picture, &ra->words) < 0 ||
        kept_image(&ra->strip, w, rows) != 0)
        return -1;
    memcpy(ra->strip.px, ra->base.px, (size_t)w * rows * 4);
    return compose_words_redraw(&ra->words, &ra->base, ra->top, 0, 0, ra->words.box, &ra->strip,
                                ra->top);
}

/* Light cue (-1 = none): redraw the box of the word lit until now and the
 * box of the new one in the strip, and upload just those boxes. Left as it
 * was (and tried again at the next frame) when that fails. */
void app_readalong_draw(App *a, int scene, int cue)
{
    AppReadAlong *ra = &a->play.ra;
    if (ra->scene != scene || cue == ra->drawn_cue || !ra->base.px || !ra->strip.px ||
        !ra->words.cov)
        return;
    int from = 0, to = 0;
    if (cue >= 0 && cue < ra->n) {
        from = ra->from[cue];
        to = ra->to[cue];
    }
    LayoutRect now = compose_words_box(&ra->words, from, to);
    const LayoutRect boxes[2] = { ra->lit, now };
    for (int i = 0; i < 2; i++) {
        LayoutRect r = boxes[i];
        if (r.w <= 0 || r.h <= 0)
            continue;
        if (compose_words_redraw(&ra->words, &ra->base, ra->top, from, to, r, &ra->strip,
                                 ra->top) != 0 ||
            gfx_update_box(&a->gfx, scene, ra->top, &ra->strip, r.x, r.y, r.w, r.h) != 0)
            return;
    }
    ra->lit = now;
    ra->drawn_cue = cue;
}
