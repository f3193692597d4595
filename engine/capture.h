/* capture — the microphone, through SDL: 48 kHz mono signed 16-bit, into memory.
 *
 * The device is opened with exactly the format rec.h expects (REC_RATE, one
 * channel, AUDIO_S16SYS) and no allowed changes, so SDL converts whatever the
 * hardware does. Samples are collected by polling (SDL_DequeueAudio) into a
 * growing buffer that stops at a cap (REC_PAGE_SECONDS a page): no callback
 * thread, no locks. SDL's audio subsystem must be initialised by the caller. */
#ifndef HUSHABYE_CAPTURE_H
#define HUSHABYE_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

typedef struct Capture Capture;

/* Make sure there is a microphone (it is opened once and closed again) and
 * get ready to record at most max_samples. NULL on failure with a message for
 * the parent in why ("no microphone was found ..."). */
Capture *capture_open(size_t max_samples, char *why, size_t why_len);

/* Open the microphone and start listening at once (0), or -1 when it cannot
 * be opened now (unplugged since capture_open). Pause with capture_stop. */
int capture_start(Capture *c);
void capture_stop(Capture *c);

/* Move what the device has heard into the buffer. Returns 1 when the cap is
 * reached, 0 while there is room, -1 when memory ran out (what was kept stays). */
int capture_poll(Capture *c);

/* The samples so far (owned by c) and their count. */
const int16_t *capture_samples(const Capture *c, size_t *n);

/* Peak level in dBFS of what the last poll brought, for a meter (-120 silent). */
double capture_level_db(const Capture *c);

/* Close the device and free everything. NULL is fine. */
void capture_close(Capture *c);

#endif
