/* test_pace — a late block of the sound device is noticed, an on-time one is
 * not (pace.h), with a made-up clock. */
#include "check.h"
#include "pace.h"

#define BLOCK (4096.0 / 48000.0) /* the player's block at 48 kHz, 85 ms */

int main(void)
{
    AudioPace p;
    pace_reset(&p);
    CHECK(pace_block(&p, 10.0, BLOCK) == 0, "the first block after opening is never late");
    double t = 10.0;
    int late = 0;
    for (int i = 0; i < 100; i++) {
        /* a device that asks every block, give or take a third of one */
        t += BLOCK * (i % 3 == 0 ? 1.33 : i % 3 == 1 ? 0.67 : 1.0);
        late += pace_block(&p, t, BLOCK);
    }
    CHECK(late == 0 && p.late == 0, "blocks asked for on time, with jitter, are not late (%d)", late);
    /* a CPU quota ran out: the audio thread waited 73 ms more */
    t += BLOCK + 0.073;
    CHECK(pace_block(&p, t, BLOCK) == 1 && p.late == 1,
          "a block that comes 73 ms after its time is late, and counted");
    t += BLOCK;
    CHECK(pace_block(&p, t, BLOCK) == 0 && p.late == 1, "and the next on time is not");
    /* a fast start: the device asks for two blocks at once to fill up */
    CHECK(pace_block(&p, t, BLOCK) == 0, "two blocks asked for at once are not late");
    /* a short block sets the measure for the next */
    pace_block(&p, t + 0.01, BLOCK / 4);
    CHECK(pace_block(&p, t + 0.01 + BLOCK / 2, BLOCK) == 1,
          "a block measured against a short one before it: twice that one's length is late");
    CHECK(pace_block(&p, t - 5, BLOCK) == 0, "a clock that stepped back gives no late block");
    pace_block(&p, 100.0, 0);
    CHECK(pace_block(&p, 200.0, BLOCK) == 0, "after an empty block nothing is measured");
    pace_reset(&p);
    CHECK(p.late == 0 && pace_block(&p, 300.0, BLOCK) == 0, "a new device starts from nothing");
    CHECK_DONE();
}
