/* test_mem — the core's allocation hook (mem.h), and a story load with each
 * of its allocations failing in turn, as Lua's ltests fail allocations.
 *
 * A load that meets a full memory must never crash, never leak (this program
 * runs under LeakSanitizer in the sanitizer build) and never pass a changed
 * story off as whole: either the load fails, or it says what it could not do
 * (a diagnostic), or the story is exactly the one a normal load gives (the
 * allocation that failed had a way round it). With every allocation after
 * the Nth failing too, nothing can even be said; the load must still come
 * back, with a story that is safe to use and to free. */
#include "check.h"
#include "mem.h"
#include "story.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <threads.h>
#endif

/* The bundled story: pictures, narrations, words, timed words and story.ini,
 * and no warning, so any diagnostic in the sweep is the memory's. */
#define STORY TEST_DATA "/../../stories/moon-says-goodnight"

static void test_hook(void)
{
    hb_mem_fail_at(2, 0);
    void *a = hb_malloc(8), *b = hb_malloc(8), *c = hb_calloc(2, 4);
    CHECK(a && !b && c, "only the 2nd allocation fails when asked (non-sticky)");
    CHECK(hb_mem_count() == 3 && hb_mem_refused() == 1, "three counted, one refused");
    free(a);
    free(c);
    hb_mem_fail_at(1, 1);
    char *d = hb_strdup("x");
    void *e = hb_realloc(NULL, 4);
    CHECK(!d && !e && hb_mem_refused() == 2, "sticky: every allocation from the 1st fails");
    hb_mem_fail_at(0, 0);
    d = hb_strdup("night");
    CHECK_STR(d, "night", "with failing off, hb_strdup copies");
    hb_free(d);
}

static void test_grow(void)
{
    int *v = NULL, cap = 0;
    CHECK(hb_grow(&v, &cap, 1, sizeof *v, 16, 64) == 0 && v && cap == 16,
          "an empty list grows to its first capacity");
    CHECK(hb_grow(&v, &cap, 16, sizeof *v, 16, 64) == 0 && cap == 16,
          "a list with room is left as it is");
    CHECK(hb_grow(&v, &cap, 40, sizeof *v, 16, 64) == 0 && cap == 64,
          "the capacity doubles until it holds what is needed");
    v[63] = 7;
    CHECK(hb_grow(&v, &cap, 65, sizeof *v, 16, 64) == -1 && cap == 64 && v[63] == 7,
          "growing past the cap is refused and the list kept whole");
    hb_mem_fail_at(1, 0);
    int *w = NULL, wcap = 0;
    CHECK(hb_grow(&w, &wcap, 1, sizeof *w, 8, 1000) == -1 && !w && wcap == 0,
          "a refused allocation leaves the list as it was");
    hb_mem_fail_at(0, 0);
    free(v);
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Does s hold exactly what ref holds (as far as a page shows)? */
static int same_story(const Story *ref, const Story *s)
{
    if (ref->npages != s->npages || !same_str(ref->title, s->title) ||
        !same_str(ref->folder, s->folder) || !same_str(ref->name, s->name) ||
        !same_str(ref->cover, s->cover) || !same_str(ref->music, s->music) ||
        ref->transition != s->transition || ref->hold != s->hold)
        return 0;
    for (int i = 0; i < ref->npages; i++) {
        const StoryPage *a = &ref->pages[i], *b = &s->pages[i];
        if (a->number != b->number || !same_str(a->image, b->image) ||
            !same_str(a->narration, b->narration) || !same_str(a->text, b->text) ||
            !same_str(a->vtt, b->vtt) || a->hold != b->hold)
            return 0;
    }
    return 1;
}

/* A story any screen could use: its pages where its count says. */
static int usable(const Story *s)
{
    return s->npages >= 0 && (s->npages == 0 || s->pages != NULL);
}

static void test_story_load_sweep(void)
{
    Story ref;
    Diags d0 = { 0 };
    hb_mem_fail_at(0, 0);
    int rc = story_load(STORY, &ref, &d0);
    long total = hb_mem_count();
    CHECK(rc == 0 && ref.npages > 0 && d0.n == 0,
          "the bundled story loads whole with no diagnostic (%d pages, %d diagnostics)",
          ref.npages, d0.n);
    CHECK(total > 10, "a story load allocates through the hook (%ld allocations)", total);
    int silent = 0, unusable = 0, reported = 0, harmless = 0;
    for (long k = 1; k <= total; k++) {
        for (int sticky = 0; sticky <= 1; sticky++) {
            Story s;
            Diags d = { 0 };
            hb_mem_fail_at(k, sticky);
            int r = story_load(STORY, &s, &d);
            long refused = hb_mem_refused();
            hb_mem_fail_at(0, 0);
            if (!usable(&s))
                unusable++;
            if (!sticky && refused > 0) {
                if (r < 0 || d.n > 0)
                    reported++;
                else if (same_story(&ref, &s))
                    harmless++;
                else {
                    silent++;
                    fprintf(stderr, "allocation %ld failing changed the story silently\n", k);
                }
            }
            story_free(&s);
            diag_free(&d);
        }
    }
    CHECK(unusable == 0, "every load with a full memory comes back with a story safe to use "
          "(%d were not)", unusable);
    CHECK(silent == 0, "no failed allocation changes the story without a word "
          "(%d reported, %d harmless, %d silent)", reported, harmless, silent);
    CHECK(reported > 0, "a failed allocation is reported as a problem (%d times)", reported);
    story_free(&ref);
    diag_free(&d0);
}

#if defined(__GLIBC__)
enum { MB = 1 << 20 };

/* Two threads taking and giving back large blocks: a block handed to both at
 * once would show as the other thread's pattern. */
static int big_worker(void *arg)
{
    uint8_t id = (uint8_t)(uintptr_t)arg;
    int bad = 0;
    for (int i = 0; i < 400; i++) {
        size_t n = (size_t)MB + (size_t)(i % 3) * 64 * 1024;
        uint8_t *p = hb_big_alloc(n);
        if (!p)
            return 1;
        memset(p, id, n);
        thrd_yield();
        bad |= p[0] != id || p[n / 2] != id || p[n - 1] != id;
        hb_big_free(p);
    }
    return bad;
}
#endif

static void test_big(void)
{
#if defined(__GLIBC__)
    hb_big_trim();
    HbBigStats st = hb_big_stats();
    CHECK(st.blocks == 0 && st.bytes == 0, "after a trim nothing is kept");
    long reused0 = st.reused;

    uint8_t *p = hb_big_alloc(4 * MB);
    CHECK(p != NULL, "a large block is given");
    memset(p, 1, 4 * MB);
    hb_big_free(p);
    st = hb_big_stats();
    CHECK(st.blocks == 1 && st.bytes >= (size_t)4 * MB, "a freed large block is kept");
    uint8_t *q = hb_big_alloc(4 * MB);
    st = hb_big_stats();
    CHECK(q == p && st.blocks == 0 && st.reused == reused0 + 1,
          "the next request of its size gets the kept block back");
    hb_big_free(q);

    uint8_t *r = hb_big_alloc(8 * MB);
    CHECK(r != NULL && r != p && hb_big_stats().blocks == 1,
          "a larger request does not take a smaller kept block");
    uint8_t *s2 = hb_big_alloc(2 * MB);
    CHECK(s2 != p && hb_big_stats().blocks == 1,
          "a much smaller request does not take a large kept block (n to n + n/8)");
    uint8_t *t = hb_big_alloc(4 * MB - 64 * 1024);
    CHECK(t == p && hb_big_stats().blocks == 0,
          "a request a kept block fits closely gets it");
    memset(t, 2, 4 * MB - 64 * 1024); /* the sanitizers check it is that large */
    free(t);                          /* free() is right for a kept block */
    free(r);
    hb_big_free(s2);

    hb_big_trim();
    void *small = malloc(64 * 1024);
    hb_big_free(small);
    hb_big_free(NULL);
    CHECK(hb_big_stats().blocks == 0, "small blocks and NULL are freed, not kept");
    void *huge = malloc((size_t)HB_BIG_BYTES + MB);
    if (huge) {
        hb_big_free(huge);
        CHECK(hb_big_stats().blocks == 0, "a block larger than all that may be kept is freed");
    }

    void *many[HB_BIG_KEEP + 2];
    for (int i = 0; i < HB_BIG_KEEP + 2; i++)
        many[i] = malloc(MB);
    for (int i = 0; i < HB_BIG_KEEP + 2; i++)
        hb_big_free(many[i]);
    st = hb_big_stats();
    CHECK(st.blocks == HB_BIG_KEEP, "at most HB_BIG_KEEP blocks are kept");
    int newest = 1;
    for (int i = 0; i < HB_BIG_KEEP; i++) {
        void *b = hb_big_alloc(MB);
        int found = 0;
        for (int j = 2; j < HB_BIG_KEEP + 2; j++)
            found |= b == many[j];
        newest &= found;
        free(b);
    }
    CHECK(newest && hb_big_stats().blocks == 0, "the oldest are let go first");

    for (int i = 0; i < 4; i++)
        hb_big_free(malloc(12 * MB));
    st = hb_big_stats();
    CHECK(st.blocks == 3 && st.bytes <= (size_t)HB_BIG_BYTES,
          "at most HB_BIG_BYTES are kept in all");
    hb_big_trim();
    CHECK(hb_big_stats().blocks == 0 && hb_big_stats().bytes == 0, "a trim gives back all");

    thrd_t th[2];
    int ok = thrd_create(&th[0], big_worker, (void *)(uintptr_t)0x11) == thrd_success;
    ok &= thrd_create(&th[1], big_worker, (void *)(uintptr_t)0x22) == thrd_success;
    int res[2] = { 1, 1 };
    for (int i = 0; i < 2 && ok; i++)
        thrd_join(th[i], &res[i]);
    st = hb_big_stats();
    CHECK(ok && res[0] == 0 && res[1] == 0 && st.blocks <= HB_BIG_KEEP &&
              st.bytes <= (size_t)HB_BIG_BYTES,
          "two threads taking and giving back blocks never share one");
    hb_big_trim();
#else
    CHECK(hb_big_stats().blocks == 0, "without glibc no block is kept");
#endif
}

int main(void)
{
    test_hook();
    test_grow();
    test_big();
    test_story_load_sweep();
    CHECK_DONE();
}
