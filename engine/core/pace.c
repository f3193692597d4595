/* pace — is the sound device being fed on time (see pace.h). */
#include "pace.h"

void pace_reset(AudioPace *p)
{
    p->last = 0;
    p->length = 0;
    p->late = 0;
}

int pace_block(AudioPace *p, double now, double length)
{
    /* The first block after opening, after the clock stepped back, or after
     * an empty one has nothing to be measured against. */
    int late = p->length > 0 && now > p->last && now - p->last > PACE_LATE_BLOCKS * p->length;
    p->last = now;
    p->length = length > 0 ? length : 0;
    p->late += late;
    return late;
}
