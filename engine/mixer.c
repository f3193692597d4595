/* mixer — SDL_mixer opened and closed one way (see mixer.h). */
#include "mixer.h"

#include <SDL.h>
#include <SDL_mixer.h>
#include <stdio.h>

int mixer_open(int rate, int chunk, int formats, char *why, size_t len)
{
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
        snprintf(why, len, "%s", SDL_GetError());
        return -1;
    }
    if (formats)
        Mix_Init(formats);
    /* Only the rate may differ from what is asked: the mix is stereo 16-bit. */
    if (Mix_OpenAudioDevice(rate, AUDIO_S16SYS, 2, chunk, NULL,
                            SDL_AUDIO_ALLOW_FREQUENCY_CHANGE) < 0) {
        snprintf(why, len, "%s", Mix_GetError());
        Mix_Quit();
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return -1;
    }
    return 0;
}

void mixer_close(void)
{
    Mix_CloseAudio();
    Mix_Quit();
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
}
