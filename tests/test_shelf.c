/* test_shelf — the bookshelf: what is found, in what order, how it moves. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "shelf.h"

static void make_story(const char *dir, const char *name, const char *words)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    files_mkdirs(path);
    snprintf(path, sizeof path, "%s/%s/01.txt", dir, name);
    if (words)
        files_write_atomic(path, words, strlen(words));
}

static void test_scan(void)
{
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/shelf-%d/bundled", TEST_TMP, (int)getpid()); /* fresh each run */
    snprintf(b, sizeof b, "%s/shelf-%d/family", TEST_TMP, (int)getpid());
    make_story(a, "zebra-night", "Goodnight, zebra.");
    make_story(a, "apple-moon", "Goodnight, apple.");
    make_story(a, ".hidden", "Not on the shelf.");
    make_story(b, "our-cat", "Goodnight, cat.");
    make_story(b, "empty-folder", NULL);
    const char *dirs[] = { a, b, NULL, "/no/such/folder" };
    static Shelf s;
    Diags d = { 0 };
    shelf_scan(&s, dirs, 4, &d);
    CHECK(s.n == 3, "three playable stories are found (%d)", s.n);
    CHECK(s.n == 3 && !strcmp(s.stories[0].name, "apple-moon") &&
              !strcmp(s.stories[1].name, "zebra-night") && !strcmp(s.stories[2].name, "our-cat"),
          "folder by folder, by name within each");
    int logged = 0;
    for (int i = 0; i < d.n; i++)
        logged += strstr(d.items[i].path, "empty-folder") != NULL;
    CHECK(logged == 1, "a story that cannot be played is left off with a logged reason");
    CHECK(shelf_tiles(&s) == 4 && shelf_is_night(&s, 3), "two or more stories add the night tile");

    shelf_move(&s, +1, 3);
    CHECK(s.selected == 1 && s.first == 0, "moving right selects the next cover");
    shelf_move(&s, +5, 3);
    CHECK(s.selected == 3 && s.first == 1, "the row scrolls to keep the selection in view");
    CHECK(shelf_tile_at_slot(&s, 2, 3) == 3, "the third slot is now the night tile");
    CHECK(shelf_move(&s, +1, 3) == 0, "there is nothing after the night tile");

    /* A folder added while the program runs appears at the next scan, and the
     * selection stays where it was. */
    shelf_move(&s, -2, 3);
    make_story(b, "new-bear", "Goodnight, bear.");
    int version = s.version;
    shelf_scan(&s, dirs, 4, &d);
    CHECK(s.n == 4, "a new folder is on the next shelf without registering it");
    CHECK(s.selected < s.n && !strcmp(s.stories[s.selected].name, "zebra-night"),
          "the selection stays on the same story");
    CHECK(s.version != version, "a rescan changes the shelf's version (it is redrawn)");
    shelf_free(&s);
    diag_free(&d);
}

/* More story folders than the shelf holds: sorted first (the family's folder
 * before the bundled one, by name ignoring case), then capped, and said. */
static void test_cap(void)
{
    char fam[512], bun[512], name[64];
    snprintf(fam, sizeof fam, "%s/shelf-cap-%d/family", TEST_TMP, (int)getpid());
    snprintf(bun, sizeof bun, "%s/shelf-cap-%d/bundled", TEST_TMP, (int)getpid());
    /* Created in an order unlike the sorted one, so directory order cannot pass. */
    for (int i = 299; i >= 0; i--) {
        snprintf(name, sizeof name, i % 2 ? "Story-%03d" : "story-%03d", i);
        make_story(fam, name, "Goodnight.");
    }
    make_story(bun, "aaa-bundled", "Goodnight, bundled.");
    const char *dirs[] = { fam, bun };
    static Shelf s;
    Diags d = { 0 };
    shelf_scan(&s, dirs, 2, &d);
    CHECK(s.n == SHELF_MAX, "the shelf holds at most %d stories (%d)", SHELF_MAX, s.n);
    int sorted = 1;
    for (int i = 0; i < s.n; i++) {
        snprintf(name, sizeof name, i % 2 ? "Story-%03d" : "story-%03d", i);
        sorted &= !strcmp(s.stories[i].name, name);
    }
    CHECK(sorted, "the family's stories come first, by name ignoring case (first '%s')",
          s.n ? s.stories[0].name : "-");
    int said = 0, bundled = 0;
    for (int i = 0; i < d.n; i++)
        said += strstr(d.items[i].msg, "the shelf shows the first 256 of 301 story folders") != 0;
    for (int i = 0; i < s.n; i++)
        bundled += !strcmp(s.stories[i].name, "aaa-bundled");
    CHECK(said == 1, "the log says how many are shown of how many");
    CHECK(bundled == 0, "the bundled story, sorted after the family's, is the one left off");
    shelf_free(&s);
    diag_free(&d);
}

int main(void)
{
    files_mkdirs(TEST_TMP);
    test_scan();
    test_cap();
    CHECK_DONE();
}
