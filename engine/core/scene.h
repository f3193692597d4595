/* scene — what a scene id names, said in one place.
 *
 * A scene is one picture the renderer composes once and then only draws: a
 * page of a story in the night's list, the closing scene (the reassurance),
 * the shelf, the parents' panel (gate or menu), the recording studio, or a
 * shelf cover decoded in the background. The id stays a small int because it
 * keys textures, player events and draw layers, which copy and compare it
 * freely; but nothing outside this header builds one by arithmetic or reads
 * one by its sign. Make an id with scene_page() / scene_cover() or one of the
 * named constants, and ask scene_kind() what it is.
 *
 * The encoding, private to this header: a page is story * SCENE_STORY_PAGES
 * + page (never negative); the fixed scenes are small negative numbers; the
 * covers are a range of their own below them, so no cover is ever taken for
 * a page or a panel. */
#ifndef HUSHABYE_SCENE_H
#define HUSHABYE_SCENE_H

typedef int SceneId;

typedef enum {
    SCENE_KIND_NONE,         /* nothing (a free texture slot, no narration) */
    SCENE_KIND_PAGE,         /* a page of a story in the night's list */
    SCENE_KIND_REASSURANCE,  /* the family's closing scene */
    SCENE_KIND_SHELF,        /* the bookshelf */
    SCENE_KIND_PANEL,        /* the parents' gate or menu */
    SCENE_KIND_STUDIO,       /* the recording studio */
    SCENE_KIND_COVER         /* a shelf cover being decoded (never drawn as a layer) */
} SceneKind;

#define SCENE_STORY_PAGES 1024     /* room for a story's pages (a story has at most 999) */
#define SCENE_NONE        (-1)
#define SCENE_REASSURANCE (-2)
#define SCENE_SHELF       (-3)
#define SCENE_PANEL       (-4)
#define SCENE_STUDIO      (-5)
#define SCENE_COVER_FIRST (-1000)  /* cover i is SCENE_COVER_FIRST - i */

/* Page page (0-based) of story story (its index in the night's list). */
static inline SceneId scene_page(int story, int page)
{
    return story * SCENE_STORY_PAGES + page;
}

/* The shelf's cover at index i, as a background picture's key. */
static inline SceneId scene_cover(int i)
{
    return SCENE_COVER_FIRST - i;
}

/* What s names. */
static inline SceneKind scene_kind(SceneId s)
{
    if (s >= 0)
        return SCENE_KIND_PAGE;
    if (s <= SCENE_COVER_FIRST)
        return SCENE_KIND_COVER;
    switch (s) {
    case SCENE_REASSURANCE: return SCENE_KIND_REASSURANCE;
    case SCENE_SHELF: return SCENE_KIND_SHELF;
    case SCENE_PANEL: return SCENE_KIND_PANEL;
    case SCENE_STUDIO: return SCENE_KIND_STUDIO;
    default: return SCENE_KIND_NONE;
    }
}

static inline int scene_is_page(SceneId s)
{
    return scene_kind(s) == SCENE_KIND_PAGE;
}

/* A page's story index and page index; -1 for any other scene. */
static inline int scene_story(SceneId s)
{
    return scene_is_page(s) ? s / SCENE_STORY_PAGES : -1;
}

static inline int scene_page_index(SceneId s)
{
    return scene_is_page(s) ? s % SCENE_STORY_PAGES : -1;
}

/* A cover's shelf index; -1 for any other scene. */
static inline int scene_cover_index(SceneId s)
{
    return scene_kind(s) == SCENE_KIND_COVER ? SCENE_COVER_FIRST - s : -1;
}

#endif
