/* blend_px — the byte arithmetic every pixel kernel shares (blend.c, blend_wide.c).
 *
 * The arithmetic stays in 16 bits: a product of two bytes, or a sum
 * a * (255 - t) + b * t, is at most 255 * 255 = 65025, and div255() divides
 * such a value by 255 with correct rounding, exactly (test_blend checks every
 * value and level against plain division). Private to the kernels. */
#ifndef HUSHABYE_BLEND_PX_H
#define HUSHABYE_BLEND_PX_H

#include <stdint.h>

/* round(x / 255) for 0 <= x <= 65025, exactly: (x + 128) * 257 >> 16. Written
 * as the high half of a 16 x 16-bit product, which the vectoriser turns into
 * one multiply-high per vector of 16-bit lanes (pmulhuw on x86-64, umull and
 * a narrowing shift on aarch64), half the work of the equivalent shifts and
 * adds. */
static inline uint16_t div255(uint16_t x)
{
    return (uint16_t)(((uint32_t)(uint16_t)(x + 128) * 257u) >> 16);
}

static inline uint8_t scale(uint8_t v, uint8_t m)
{
    return (uint8_t)div255((uint16_t)(v * m));
}

static inline uint8_t lerp(uint8_t a, uint8_t b, uint16_t t)
{
    return (uint8_t)div255((uint16_t)(a * (255 - t) + b * t));
}

#endif
