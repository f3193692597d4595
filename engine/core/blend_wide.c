/* blend_wide — the row kernels of blend.c, 32 bytes a step (see blend_wide.h).
 *
 * The same formulas as blend.c, in the same plain C: a loop of constant
 * length over a block inside a loop over the blocks. Compiled for AVX2 by a
 * function attribute, not a flag, so the file builds the same everywhere and
 * nothing else in the program needs the newer processor. Widened to 16 bits,
 * 32 bytes are two vectors of 16 lanes: half the instructions of the 16-byte
 * kernels a byte (a crossfade: 23 for 32 bytes against 25 for 16), which is
 * most of the CPU path's time at a page turn and in the dimming.
 *
 * Here the rows are read and written in place through restrict pointers
 * (no copies into local arrays as in blend.c): GCC 12 moves a 32-byte local
 * copy through the stack in two halves, which cost more than the wider
 * arithmetic saved. A result written over one of its sources therefore has
 * its own function (_into), with the one pointer for both. */
#include "blend_wide.h"

#if BLEND_WIDE

#include "blend_px.h"

#include <string.h>

#define B BLEND_WIDE_BLOCK
#define WIDE __attribute__((target("avx2")))

/* The shape of every kernel here: byte k + i of each row, for the whole
 * blocks of len, with the formula f (in which AT(p) is p's byte); returns the
 * bytes done. "GCC unroll 1": as in blend.c, the block's loop is left whole
 * for the loop vectoriser. */
#define AT(p) (p)[k + i]
#define EACH_BYTE(f)                                                                      \
    do {                                                                                  \
        size_t done_ = len - len % B;                                                     \
        for (size_t k = 0; k < done_; k += B) {                                           \
            _Pragma("GCC unroll 1") for (int i = 0; i < B; i++) AT(d) = (uint8_t)(f);     \
        }                                                                                 \
        return done_;                                                                     \
    } while (0)

int blend_wide_available(void)
{
    /* libgcc's check includes the operating system's support for the 256-bit
     * registers (XGETBV), not only the instruction set. */
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
}

/* A modulation's bytes in an array of the kernel's own, so the vectoriser
 * knows they alias nothing it writes. */
#define OWN(name, from) uint8_t name[B]; memcpy(name, from, B)

WIDE size_t blend_wide_lerp(uint8_t *restrict d, const uint8_t *restrict a,
                            const uint8_t *restrict b, size_t len, uint16_t t)
{
    EACH_BYTE(lerp(AT(a), AT(b), t));
}

WIDE size_t blend_wide_lerp_into(uint8_t *restrict d, const uint8_t *restrict b, size_t len,
                                 uint16_t t)
{
    EACH_BYTE(lerp(AT(d), AT(b), t));
}

WIDE size_t blend_wide_scale(uint8_t *restrict d, const uint8_t *restrict s, size_t len,
                             const uint8_t m[B])
{
    OWN(mm, m);
    EACH_BYTE(scale(AT(s), mm[i]));
}

WIDE size_t blend_wide_lerp_scale(uint8_t *restrict d, const uint8_t *restrict a,
                                  const uint8_t *restrict b, size_t len, uint16_t t,
                                  const uint8_t m[B])
{
    OWN(mm, m);
    EACH_BYTE(scale(lerp(AT(a), AT(b), t), mm[i]));
}

WIDE size_t blend_wide_mix(uint8_t *restrict d, const uint8_t *restrict a, const uint8_t qa[B],
                           const uint8_t *restrict b, const uint8_t qb[B], size_t len,
                           uint16_t t)
{
    OWN(ma, qa);
    OWN(mb, qb);
    EACH_BYTE(lerp(scale(AT(a), ma[i]), scale(AT(b), mb[i]), t));
}

WIDE size_t blend_wide_mix_into(uint8_t *restrict d, const uint8_t *restrict b,
                                const uint8_t qb[B], size_t len, uint16_t t)
{
    OWN(mb, qb);
    EACH_BYTE(lerp(AT(d), scale(AT(b), mb[i]), t));
}

WIDE size_t blend_wide_fade(uint8_t *restrict d, const uint8_t *restrict s, const uint8_t m[B],
                            size_t len, uint8_t u)
{
    OWN(mm, m);
    EACH_BYTE(scale(scale(AT(s), mm[i]), u));
}

#else

/* ISO C wants something in every translation unit. */
typedef int blend_wide_none;

#endif
