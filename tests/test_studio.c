/* test_studio — the recording studio's state machine and layout. */
#include "check.h"
#include "studio.h"

static void test_record_keep(void)
{
    Studio s;
    studio_begin(&s, 3, 1, 0);
    CHECK(s.ntargets == 4 && !studio_is_reassurance(&s), "3 pages and the closing words");
    CHECK(studio_press(&s, SB_RECORD, 1) == SA_NONE && s.state == STUDIO_COUNTDOWN,
          "Record starts a countdown, not the microphone");
    CHECK(studio_next_change(&s, 1.2) == 2.0, "the countdown redraws once a second");
    CHECK(studio_update(&s, 3.9) == SA_NONE, "nothing before the countdown ends");
    CHECK(studio_update(&s, 4.0) == SA_START_CAPTURE && s.state == STUDIO_RECORDING,
          "after 3 s recording starts");
    CHECK(studio_next_change(&s, 4.05) > 4.05 && studio_next_change(&s, 4.05) <= 4.1 + 1e-9,
          "the meter and clock refresh ten times a second while recording");
    CHECK(!studio_button_shown(&s, SB_NEXT) && !studio_button_shown(&s, SB_DONE),
          "no page change and no Done while recording");
    CHECK(studio_press(&s, SB_RECORD, 9) == SA_STOP_CAPTURE, "Stop ends the take");
    studio_take_ready(&s, 4.2, 9);
    CHECK(s.state == STUDIO_TAKE && studio_button_shown(&s, SB_LISTEN) &&
              studio_button_shown(&s, SB_KEEP), "a take offers Listen and Keep");
    CHECK(studio_press(&s, SB_LISTEN, 10) == SA_PLAY_TAKE && s.state == STUDIO_LISTENING,
          "Listen plays the take");
    studio_listen_done(&s, 14.2);
    CHECK(s.state == STUDIO_TAKE, "when it has played, the take waits again");
    CHECK(studio_press(&s, SB_KEEP, 15) == SA_KEEP, "Keep asks the edge to save");
    studio_kept(&s, 15);
    CHECK(s.state == STUDIO_KEPT && !strcmp(studio_label(&s, SB_RECORD), "Record again"),
          "kept; Record again is offered");
}

static void test_pages_and_limits(void)
{
    Studio s;
    studio_begin(&s, 2, 1, 0);
    studio_press(&s, SB_RECORD, 0);
    studio_update(&s, 3);
    CHECK(studio_update(&s, 3 + STUDIO_LIMIT_S) == SA_STOP_CAPTURE,
          "a take stops by itself after two minutes");
    studio_take_ready(&s, 100, 123);
    CHECK(studio_press(&s, SB_NEXT, 124) == SA_DROP_TAKE && s.index == 1 &&
              s.state == STUDIO_IDLE, "moving on drops a take that was not kept");
    CHECK(studio_press(&s, SB_NEXT, 125) == SA_NONE && studio_is_reassurance(&s),
          "after the last page: the closing words");
    CHECK(studio_button_shown(&s, SB_WORDS) && studio_button_shown(&s, SB_TYPE),
          "the closing words can be chosen or typed");
    CHECK(studio_press(&s, SB_TYPE, 126) == SA_START_TYPING && s.typing,
          "Type starts typing");
    CHECK(studio_button_shown(&s, SB_TYPE) && !studio_button_shown(&s, SB_DONE),
          "while typing only Save is offered");
    studio_typing_done(&s);
    CHECK(studio_press(&s, SB_NEXT, 127) == SA_NONE && studio_is_reassurance(&s),
          "nothing after the closing words");
    studio_press(&s, SB_RECORD, 130);
    CHECK(studio_press(&s, SB_RECORD, 131) == SA_NONE && s.state == STUDIO_IDLE,
          "a second press during the countdown calls it off");

    studio_begin(&s, 2, 0, 0);
    CHECK(!studio_button_shown(&s, SB_RECORD) && studio_press(&s, SB_RECORD, 1) == SA_NONE,
          "without a microphone there is no Record");
    CHECK(studio_button_shown(&s, SB_DONE), "but Done is there");
}

static void test_layout(void)
{
    Studio s;
    studio_begin(&s, 3, 1, 0);
    for (int b = 0; b < SB_COUNT; b++) {
        LayoutRect r = studio_button_rect(960, 600, (StudioButton)b);
        CHECK(r.w >= 960 / 5 && r.h >= 600 / 10, "button %d is big enough for a thumb", b);
    }
    LayoutRect rec = studio_button_rect(960, 600, SB_RECORD);
    float fx = (rec.x + rec.w / 2.0f) / 960, fy = (rec.y + rec.h / 2.0f) / 600;
    CHECK(studio_hit(&s, 960, 600, fx, fy) == SB_RECORD, "a tap on Record hits Record");
    CHECK(studio_hit(&s, 960, 600, 0.5f, 0.2f) == -1, "a tap on the words hits nothing");
    CHECK(studio_key("r") == SB_RECORD && studio_key("Escape") == SB_DONE && studio_key("Q") < 0,
          "keys: R records, Escape is Done, others nothing");
}

/* Undo and the closing words' buttons after a Keep. */
static void test_undo_and_words(void)
{
    Studio s;
    studio_begin(&s, 2, 1, 0);
    CHECK(!studio_button_shown(&s, SB_UNDO), "no Undo where nothing was recorded over");
    s.has_previous = 1;
    CHECK(studio_button_shown(&s, SB_UNDO) && studio_press(&s, SB_UNDO, 1) == SA_UNDO,
          "a page with a take kept from before offers to bring it back");
    studio_press(&s, SB_RECORD, 2);
    CHECK(!studio_button_shown(&s, SB_UNDO), "but not during the countdown");
    studio_update(&s, 5);
    studio_press(&s, SB_RECORD, 8);
    studio_take_ready(&s, 3, 8);
    CHECK(!studio_button_shown(&s, SB_UNDO) && studio_button_shown(&s, SB_LISTEN),
          "nor while a take waits (Listen has its place)");
    studio_kept(&s, 9);
    CHECK(studio_button_shown(&s, SB_UNDO), "after Keep it is there");
    studio_undone(&s, 10);
    CHECK(s.state == STUDIO_IDLE, "after an undo the page is as it was");
    LayoutRect u = studio_button_rect(960, 600, SB_UNDO), l = studio_button_rect(960, 600, SB_LISTEN);
    CHECK(u.x == l.x && u.y == l.y, "Undo takes Listen's place, never shown together");

    studio_begin(&s, 1, 1, 0);
    studio_press(&s, SB_NEXT, 1); /* the closing words */
    CHECK(studio_is_reassurance(&s) && studio_button_shown(&s, SB_WORDS) &&
              studio_button_shown(&s, SB_TYPE), "the closing words offer Other words and Type");
    studio_press(&s, SB_RECORD, 2);
    studio_update(&s, 5);
    studio_press(&s, SB_RECORD, 8);
    studio_take_ready(&s, 3, 8);
    studio_kept(&s, 9);
    CHECK(studio_button_shown(&s, SB_WORDS) && studio_button_shown(&s, SB_TYPE),
          "after Keep the word buttons are still there");
    s.has_previous = 1; /* every button a kept closing scene can show */
    for (int a = 0; a < SB_COUNT; a++)
        for (int b = a + 1; b < SB_COUNT; b++)
            if (studio_button_shown(&s, (StudioButton)a) && studio_button_shown(&s, (StudioButton)b)) {
                LayoutRect x = studio_button_rect(960, 600, (StudioButton)a);
                LayoutRect y = studio_button_rect(960, 600, (StudioButton)b);
                CHECK(x.x >= y.x + y.w || y.x >= x.x + x.w || x.y >= y.y + y.h || y.y >= x.y + x.h,
                      "buttons %d and %d on show together do not overlap", a, b);
            }
}

int main(void)
{
    test_undo_and_words();
    test_record_keep();
    test_pages_and_limits();
    test_layout();
    CHECK_DONE();
}
