/* mixer — SDL_mixer opened and closed one way, for the player and the tool.
 *
 * The player (snd.c) plays its own decoded audio through the mixer; the
 * parents' tool (hushabye-story, media.c) also lets it decode a few formats
 * to measure them. Both open the same stereo 16-bit device, letting only the
 * rate differ from what is asked (the mix is resampled to it), and close it
 * the same way, so the audio subsystem is never left half open. */
#ifndef HUSHABYE_MIXER_H
#define HUSHABYE_MIXER_H

#include <stddef.h>

/* Open the audio subsystem and the mixer at rate (Hz) with chunk frames a
 * buffer; formats are the MIX_INIT_* decoders wanted (0: none). 0, or -1
 * with SDL's reason in why and nothing left open. */
int mixer_open(int rate, int chunk, int formats, char *why, size_t len);
/* Close what mixer_open opened. */
void mixer_close(void);

#endif
