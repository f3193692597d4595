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

/* Books dropped into a stories folder: imported ones come after the
 * folders' stories, the ones being made ready are tiles that open nothing,
 * and the night tile stays last. */
static void test_extras(void)
{
    char dir[512], books[512], imported[600];
    snprintf(dir, sizeof dir, "%s/shelf-extras-%d/family", TEST_TMP, (int)getpid());
    snprintf(books, sizeof books, "%s/shelf-extras-%d/books", TEST_TMP, (int)getpid());
    make_story(dir, "our-cat", "Goodnight, cat.");
    make_story(books, "0123456789abcdef", "Goodnight, book.");
    snprintf(imported, sizeof imported, "%s/0123456789abcdef", books);
    const char *dirs[] = { dir };
    const char *stories[] = { imported };
    const char *pending[] = { "Bear.epub", "Moon.bloompub" };
    ShelfExtras x = { 1, stories, 1, pending, 2 };
    Shelf s;
    Diags d = { 0 };
    memset(&s, 0, sizeof s);
    shelf_scan_extras(&s, dirs, 1, &x, &d);
    CHECK(s.n == 2 && !strcmp(s.stories[1].name, "0123456789abcdef"),
          "an imported book's folder comes after the folders' stories (%d)", s.n);
    CHECK(s.npending == 2 && !strcmp(s.pending[0], "Bear.epub"),
          "the books being made ready are kept by their file names");
    CHECK(shelf_tiles(&s) == 5, "two stories, two pending books and the night tile make 5 tiles");
    CHECK(shelf_is_pending(&s, 2) && shelf_is_pending(&s, 3) && !shelf_is_pending(&s, 1) &&
          !shelf_is_pending(&s, 4), "the pending tiles follow the stories");
    CHECK(shelf_is_night(&s, 4) && !shelf_is_night(&s, 2), "the night tile stays last");
    shelf_move(&s, +4, 3);
    shelf_scan_extras(&s, dirs, 1, &x, &d);
    CHECK(s.selected == 4, "a rescan keeps the night tile selected");
    ShelfExtras ready = { 1, stories, 1, NULL, 0 };
    shelf_scan_extras(&s, dirs, 1, &ready, &d);
    CHECK(s.npending == 0 && shelf_tiles(&s) == 3 && shelf_is_night(&s, 2),
          "once ready, the pending tiles are gone and the night tile moves back");
    shelf_scan(&s, dirs, 1, &d);
    CHECK(s.n == 1 && s.npending == 0, "a plain scan holds no extras");
    char bundled[512];
    snprintf(bundled, sizeof bundled, "%s/shelf-extras-%d/bundled", TEST_TMP, (int)getpid());
    make_story(bundled, "aaa-bundled", "Goodnight, bundled.");
    const char *both[] = { dir, bundled };
    shelf_scan_extras(&s, both, 2, &ready, &d);
    CHECK(s.n == 3 && !strcmp(s.stories[1].name, "0123456789abcdef") &&
              !strcmp(s.stories[2].name, "aaa-bundled"),
          "an imported book comes after the family's stories and before the bundled ones");
    shelf_free(&s);
    diag_free(&d);
}

/* A parent recorded over a bundled story: the family's copy (same folder
 * name, in the family's folder) is the one cover shown. */
static void test_family_copy(void)
{
    char fam[512], bun[512];
    snprintf(fam, sizeof fam, "%s/shelf-copy-%d/family", TEST_TMP, (int)getpid());
    snprintf(bun, sizeof bun, "%s/shelf-copy-%d/bundled", TEST_TMP, (int)getpid());
    make_story(fam, "moon-says-goodnight", "Goodnight, moon, in our voice.");
    make_story(bun, "moon-says-goodnight", "Goodnight, moon.");
    make_story(bun, "owl-night", "Goodnight, owl.");
    make_story(fam, "bear-night", NULL);   /* the family's copy gone wrong: no page */
    make_story(bun, "bear-night", "Goodnight, bear.");
    const char *dirs[] = { fam, bun };
    static Shelf s;
    Diags d = { 0 };
    shelf_scan(&s, dirs, 2, &d);
    int moons = 0, fams = 0, bears = 0;
    for (int i = 0; i < s.n; i++) {
        moons += !strcmp(s.stories[i].name, "moon-says-goodnight");
        fams += !strcmp(s.stories[i].name, "moon-says-goodnight") &&
                !strncmp(s.stories[i].folder, fam, strlen(fam));
        bears += !strcmp(s.stories[i].name, "bear-night");
    }
    CHECK(moons == 1 && fams == 1, "the family's copy of a bundled story is its one cover");
    CHECK(s.n == 3, "the other bundled stories are still shown (%d)", s.n);
    CHECK(bears == 1, "a family copy that cannot be played does not hide the bundled story");
    shelf_free(&s);
    diag_free(&d);
}

int main(void)
{
    files_mkdirs(TEST_TMP);
    test_scan();
    test_cap();
    test_extras();
    test_family_copy();
    CHECK_DONE();
}
