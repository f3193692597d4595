/* picture — format-specific decoding (see picture.h). */
#include "picture.h"

#include <SDL_image.h>
#include <limits.h>

SDL_Surface *picture_decode(const unsigned char *data, size_t len, SniffKind kind, int fit_w,
                            int fit_h)
{
    if (len > INT_MAX || !sniff_is_picture(kind))
        return NULL;
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
    if (!rw)
        return NULL;
    SDL_Surface *s = NULL;
    switch (kind) {
    case SNIFF_PNG: s = IMG_LoadPNG_RW(rw); break;
    case SNIFF_JPEG: s = IMG_LoadJPG_RW(rw); break;
    case SNIFF_WEBP: s = IMG_LoadWEBP_RW(rw); break;
    case SNIFF_SVG: s = IMG_LoadSizedSVG_RW(rw, fit_w, fit_h); break;
    default: break;
    }
    SDL_RWclose(rw);
    return s;
}
