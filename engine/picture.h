/* picture — the one way a picture is decoded, by the player and the checker.
 *
 * Only the formats the story format allows, each through its own SDL_image
 * loader chosen from the sniffed first bytes: never IMG_Load's
 * auto-detection, which also reaches decoders (XCF, PCX, TGA...) with a
 * history of security bugs that have no business reading a story folder. */
#ifndef HUSHABYE_PICTURE_H
#define HUSHABYE_PICTURE_H

#include <SDL.h>
#include <stddef.h>

#include "sniff.h"

/* Decode data[0..len) of sniffed kind (PNG, JPEG, WebP or SVG; others give
 * NULL). SVG is rasterised to fit fit_w x fit_h, keeping its aspect ratio.
 * NULL with SDL_image's error set when it cannot be decoded. */
SDL_Surface *picture_decode(const unsigned char *data, size_t len, SniffKind kind, int fit_w,
                            int fit_h);

#endif
