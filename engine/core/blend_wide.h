/* blend_wide — the crossfade and dimming kernels 32 bytes a step, for x86-64
 * processors with AVX2 (see blend_wide.c). Private to blend.c, which chooses
 * them at run time and finishes each row's tail itself.
 *
 * Every function works on len bytes and returns how many it did: the whole
 * 32-byte blocks, a multiple of 4, so a pixel is never split. The pointers
 * are restrict: a result written over a source goes through the _into forms,
 * which read and write dst through the one pointer. m, qa, qb: a modulation's
 * four bytes repeated over 32. */
#ifndef HUSHABYE_BLEND_WIDE_H
#define HUSHABYE_BLEND_WIDE_H

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define BLEND_WIDE 1
#else
#define BLEND_WIDE 0
#endif

#define BLEND_WIDE_BLOCK 32

#if BLEND_WIDE
/* 1 when this processor (and its operating system) runs AVX2 code. */
int blend_wide_available(void);

size_t blend_wide_lerp(uint8_t *restrict d, const uint8_t *restrict a, const uint8_t *restrict b,
                       size_t len, uint16_t t);
size_t blend_wide_lerp_into(uint8_t *restrict d, const uint8_t *restrict b, size_t len,
                            uint16_t t);
size_t blend_wide_scale(uint8_t *restrict d, const uint8_t *restrict s, size_t len,
                        const uint8_t m[BLEND_WIDE_BLOCK]);
size_t blend_wide_lerp_scale(uint8_t *restrict d, const uint8_t *restrict a,
                             const uint8_t *restrict b, size_t len, uint16_t t,
                             const uint8_t m[BLEND_WIDE_BLOCK]);
size_t blend_wide_mix(uint8_t *restrict d, const uint8_t *restrict a,
                      const uint8_t qa[BLEND_WIDE_BLOCK], const uint8_t *restrict b,
                      const uint8_t qb[BLEND_WIDE_BLOCK], size_t len, uint16_t t);
size_t blend_wide_mix_into(uint8_t *restrict d, const uint8_t *restrict b,
                           const uint8_t qb[BLEND_WIDE_BLOCK], size_t len, uint16_t t);
size_t blend_wide_fade(uint8_t *restrict d, const uint8_t *restrict s,
                       const uint8_t m[BLEND_WIDE_BLOCK], size_t len, uint8_t u);
#endif

#endif
