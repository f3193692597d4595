/* studio — the recording studio's state machine and layout (see studio.h). */
#include "studio.h"

#include "i18n.h"

#include <math.h>
#include <string.h>
#include <strings.h>

void studio_begin(Studio *s, int npages, int has_mic, double now)
{
    memset(s, 0, sizeof *s);
    s->ntargets = (npages < STUDIO_MAX_TARGETS - 1 ? npages : STUDIO_MAX_TARGETS - 1) + 1;
    s->has_mic = has_mic;
    s->state = STUDIO_IDLE;
    s->t0 = now;
}

int studio_is_reassurance(const Studio *s)
{
    return s->index == s->ntargets - 1;
}

static void set_state(Studio *s, StudioState st, double now)
{
    s->state = st;
    s->t0 = now;
    s->version++;
}

/* Move to another page: an unkept take is dropped. */
static StudioAction go_to(Studio *s, int index, double now)
{
    if (index < 0 || index >= s->ntargets || index == s->index)
        return SA_NONE;
    int had_take = s->state == STUDIO_TAKE || s->state == STUDIO_LISTENING;
    s->index = index;
    set_state(s, STUDIO_IDLE, now);
    return had_take ? SA_DROP_TAKE : SA_NONE;
}

static StudioAction press_record(Studio *s, double now)
{
    switch (s->state) {
    case STUDIO_COUNTDOWN:
        set_state(s, STUDIO_IDLE, now); /* a second press calls it off */
        return SA_NONE;
    case STUDIO_RECORDING:
        set_state(s, STUDIO_TAKE, now);
        return SA_STOP_CAPTURE;
    case STUDIO_LISTENING:
        return SA_NONE;
    default:
        if (!s->has_mic)
            return SA_NONE;
        set_state(s, STUDIO_COUNTDOWN, now);
        return SA_NONE;
    }
}

StudioAction studio_press(Studio *s, StudioButton b, double now)
{
    if (!studio_button_shown(s, b))
        return SA_NONE;
    switch (b) {
    case SB_RECORD: return press_record(s, now);
    case SB_LISTEN:
        if (s->state == STUDIO_LISTENING) {
            set_state(s, STUDIO_TAKE, now);
            return SA_STOP_PLAYING;
        }
        set_state(s, STUDIO_LISTENING, now);
        return SA_PLAY_TAKE;
    case SB_KEEP:
        return SA_KEEP;
    case SB_PREV: return go_to(s, s->index - 1, now);
    case SB_NEXT: return go_to(s, s->index + 1, now);
    case SB_WORDS:
        s->version++;
        return SA_NEXT_WORDS;
    case SB_DONE: return SA_DONE;
    case SB_UNDO: return SA_UNDO;
    case SB_TYPE:
        s->version++;
        if (s->typing)
            return SA_SAVE_TYPED;
        s->typing = 1;
        return SA_START_TYPING;
    default: return SA_NONE;
    }
}

void studio_typing_done(Studio *s)
{
    s->typing = 0;
    s->version++;
}

StudioAction studio_update(Studio *s, double now)
{
    if (s->state == STUDIO_COUNTDOWN && now >= s->t0 + STUDIO_COUNTDOWN_S) {
        set_state(s, STUDIO_RECORDING, s->t0 + STUDIO_COUNTDOWN_S);
        return SA_START_CAPTURE;
    }
    if (s->state == STUDIO_RECORDING && now >= s->t0 + STUDIO_LIMIT_S) {
        set_state(s, STUDIO_TAKE, now);
        return SA_STOP_CAPTURE;
    }
    return SA_NONE;
}

void studio_take_ready(Studio *s, double seconds, double now)
{
    s->take_seconds = seconds;
    set_state(s, seconds > 0 ? STUDIO_TAKE : STUDIO_IDLE, now);
}

void studio_listen_done(Studio *s, double now)
{
    if (s->state == STUDIO_LISTENING)
        set_state(s, STUDIO_TAKE, now);
}

void studio_kept(Studio *s, double now)
{
    set_state(s, STUDIO_KEPT, now);
}

void studio_undone(Studio *s, double now)
{
    set_state(s, STUDIO_IDLE, now);
}

double studio_next_change(const Studio *s, double now)
{
    double step;
    if (s->state == STUDIO_COUNTDOWN)
        step = 1.0;                 /* 3, 2, 1 */
    else if (s->state == STUDIO_RECORDING)
        step = 1.0 / STUDIO_METER_HZ;
    else
        return LIMIT_NEVER;
    return s->t0 + (floor((now - s->t0) / step + 1e-9) + 1) * step;
}

int studio_button_shown(const Studio *s, StudioButton b)
{
    int take = s->state == STUDIO_TAKE || s->state == STUDIO_LISTENING;
    if (s->typing)
        return b == SB_TYPE; /* only "Save these words" while typing */
    switch (b) {
    case SB_RECORD: return s->has_mic && s->state != STUDIO_LISTENING;
    case SB_LISTEN:
    case SB_KEEP: return take;
    case SB_PREV: return s->index > 0 && !take && s->state != STUDIO_RECORDING;
    case SB_NEXT: return s->index + 1 < s->ntargets && s->state != STUDIO_RECORDING;
    /* The words stay offered after a Keep: new words mean a new recording. */
    case SB_WORDS:
    case SB_TYPE:
        return studio_is_reassurance(s) &&
               (s->state == STUDIO_IDLE || s->state == STUDIO_KEPT);
    case SB_DONE: return s->state != STUDIO_RECORDING;
    case SB_UNDO:
        return s->has_previous && (s->state == STUDIO_IDLE || s->state == STUDIO_KEPT);
    default: return 0;
    }
}

LayoutRect studio_words_rect(int w, int h)
{
    return (LayoutRect){ w * 6 / 100, h * 8 / 100, w * 88 / 100, h * 40 / 100 };
}

LayoutRect studio_status_rect(int w, int h)
{
    return (LayoutRect){ w * 10 / 100, h * 50 / 100, w * 80 / 100, h * 8 / 100 };
}

LayoutRect studio_meter_rect(int w, int h)
{
    return (LayoutRect){ w * 20 / 100, h * 60 / 100, w * 60 / 100, h * 3 / 100 };
}

/* Two rows of big buttons: Record / Listen / Keep, then Previous / Words /
 * Next / Done. */
LayoutRect studio_button_rect(int w, int h, StudioButton b)
{
    /* Undo takes Listen's place: it shows only when no take waits, so never
     * with Listen. */
    static const int row[SB_COUNT] = { 0, 0, 0, 1, 1, 1, 1, 0, 0 };
    static const int col[SB_COUNT] = { 0, 1, 2, 0, 2, 1, 3, 2, 1 };
    int cols = row[b] == 0 ? 3 : 4;
    int gap = w * 3 / 100;
    int bw = (w - gap * (cols + 1)) / cols, bh = h * 13 / 100;
    int y = h * (row[b] == 0 ? 67 : 83) / 100;
    return (LayoutRect){ gap + col[b] * (bw + gap), y, bw, bh };
}

int studio_hit(const Studio *s, int w, int h, float fx, float fy)
{
    float x = fx * w, y = fy * h;
    for (int b = 0; b < SB_COUNT; b++) {
        LayoutRect r = studio_button_rect(w, h, (StudioButton)b);
        if (studio_button_shown(s, (StudioButton)b) && layout_contains(r, x, y))
            return b;
    }
    return -1;
}

int studio_key(const char *key)
{
    static const struct { const char *key; StudioButton b; } keys[] = {
        { "R", SB_RECORD }, { "Space", SB_RECORD }, { "L", SB_LISTEN }, { "K", SB_KEEP },
        { "Left", SB_PREV }, { "Right", SB_NEXT }, { "W", SB_WORDS }, { "D", SB_DONE },
        { "T", SB_TYPE }, { "U", SB_UNDO },
        { "Escape", SB_DONE }
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcasecmp(key, keys[i].key) == 0)
            return keys[i].b;
    return -1;
}

const char *studio_label(const Studio *s, StudioButton b)
{
    switch (b) {
    case SB_RECORD:
        return s->state == STUDIO_RECORDING ? _("Stop")
               : s->state == STUDIO_COUNTDOWN ? _("Cancel")
               : (s->state == STUDIO_TAKE || s->state == STUDIO_KEPT) ? _("Record again")
                                                                      : _("Record");
    case SB_LISTEN: return s->state == STUDIO_LISTENING ? _("Stop listening") : _("Listen");
    case SB_KEEP: return _("Keep");
    case SB_PREV: return _("Previous page");
    case SB_NEXT: return _("Next page");
    case SB_WORDS: return _("Other words");
    case SB_DONE: return _("Done");
    case SB_TYPE: return s->typing ? _("Save these words") : _("Type your own words");
    case SB_UNDO: return _("Bring back the one before");
    default: return "";
    }
}
