/* pace — is the sound device being fed on time?
 *
 * The audio thread fills the device one block at a time (about 85 ms at
 * 48 kHz), each time the device has room for one. When a block comes much
 * later than the one before it took to play, the device ran low or dry in
 * between: on a slow tablet, or under a CPU quota, the drawing kept the audio
 * thread from running. The main loop reads the count and makes the
 * animations cheaper for the rest of the night (app.c, watch_budget), which
 * is what the narration needs more than smooth page turns.
 *
 * Plain arithmetic on the times given, so it is tested with a made-up clock
 * (test_pace); snd.c calls it from the audio thread with the wall clock. */
#ifndef HUSHABYE_PACE_H
#define HUSHABYE_PACE_H

/* A block counts as late when it comes more than this many of the previous
 * block's lengths after it. A device asks again after one block's length,
 * give or take its own scheduling; one and a half is past any jitter and
 * still catches a stall of half a block. */
#define PACE_LATE_BLOCKS 1.5

typedef struct {
    double last;     /* when the previous block was asked for (seconds) */
    double length;   /* its length (seconds); 0: none yet */
    int late;        /* blocks that came late so far */
} AudioPace;

/* A new device: nothing asked for yet. */
void pace_reset(AudioPace *p);
/* A block of length seconds asked for at now: 1 when it is late (and counted). */
int pace_block(AudioPace *p, double now, double length);

#endif
