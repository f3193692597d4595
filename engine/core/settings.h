/* settings — the settings a family sets once, as one table.
 *
 * Each setting is one row of a table (settings.c): its key in settings.ini,
 * its kind, its range, its default, the choices the parents' menu cycles
 * through and the menu's label. The same row parses a value, validates it,
 * writes it back and builds the menu item, so a setting is added in one place.
 *
 * Saving keeps what the parent wrote: settings_render() rewrites only the
 * lines whose setting changed and keeps every comment, blank line, unknown
 * line and the order of the file; settings that are not in the file yet are
 * added at the end of its [hushabye] section. Pure: text in, text out. */
#ifndef HUSHABYE_SETTINGS_H
#define HUSHABYE_SETTINGS_H

#include <stddef.h>

#include "diag.h"

#define SETTINGS_TEXT 256   /* longest text setting (panel-hook), with its NUL */

typedef struct {
    double dim_seconds;   /* the dimming's length, 10..600 s */
    int night_light;      /* 1 = the night grows warmer: story by story, through the
                             closing scene and the dimming (motion_night_tint) */
    double volume;        /* ceiling 0..1 */
    double brightness;    /* pages drawn at this fraction of full brightness, 0.1..1 */
    int captions;         /* 1 = words shown */
    int kiosk;            /* 1 = start in kiosk mode */
    int stories_per_night;/* the shelf's "Goodnight": this many stories, 1..20 */
    int bundled_stories;  /* 1 = the stories that come with Hushabye are on the shelf */
    int motion;           /* moving pictures: MOTION_SETTING_ON, _LOW or _OFF (motion.h) */
    char panel_hook[SETTINGS_TEXT]; /* a command run with "off" / "on" in the dark, "" = none */
    char language[SETTINGS_TEXT]; /* the interface's language ("fr", "zh_CN"), "" = the system's */
    int drawing;          /* the drawing path: DRAWING_AUTO, _CPU or _GPU (gfx.h) */
} Settings;

/* settings.ini "drawing": who draws the pixels. auto lets the player choose
 * (the CPU path where the CPU draws anyway); cpu and gpu force one, as
 * HUSHABYE_RENDER does, which wins over this. */
typedef enum { DRAWING_AUTO, DRAWING_CPU, DRAWING_GPU } DrawingSetting;

typedef enum {
    SETTING_DIM_TIME, SETTING_NIGHT_LIGHT, SETTING_VOLUME, SETTING_BRIGHTNESS,
    SETTING_CAPTIONS, SETTING_KIOSK, SETTING_STORIES_PER_NIGHT, SETTING_BUNDLED,
    SETTING_MOTION, SETTING_PANEL_HOOK, SETTING_DRAWING,
    SETTING_LANGUAGE, SETTING_COUNT
} SettingId;

#define SETTINGS_LINE 128   /* longest value text or menu label */

void settings_defaults(Settings *s);
/* Read settings.ini bytes: unknown keys and bad values are warnings with
 * their line, and the setting keeps its previous value. */
void settings_parse(Settings *s, const char *display, const char *buf, size_t len, Diags *d);

/* The key of a setting ("dim-time"), its value as settings.ini writes it
 * ("45s", "on", "80%"), and its menu label ("Dimming to dark: 45 seconds"). */
const char *settings_key(SettingId id);
void settings_value_text(const Settings *s, SettingId id, char *buf, size_t len);
void settings_label(const Settings *s, SettingId id, char *buf, size_t len);
/* The next of the menu's choices for this setting (wrapping round); for an
 * on/off setting, the other one. */
void settings_cycle(Settings *s, SettingId id);
/* Is this setting one the parents' menu offers? */
int settings_in_menu(SettingId id);

/* settings.ini's text after saving s over old[0..len) (NULL for no file):
 * only changed settings' lines differ. *out is malloc'ed, NUL-terminated,
 * *outlen bytes. 0 ok, -1 out of memory. */
int settings_render(const char *old, size_t len, const Settings *s, char **out,
                    size_t *outlen);

#endif
