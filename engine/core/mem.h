/* mem — the core's allocations, one hook that tests can make fail.
 *
 * In the manner of Lua's ltests (l_memcontrol): every allocation on a story
 * folder's way in (loading, parsing, listing, diagnostics) goes through
 * hb_malloc / hb_calloc / hb_realloc / hb_strdup, which are the C library's
 * unless a test has asked for the Nth of them to fail. A failure path that
 * only a full memory would reach is then run on purpose, under the
 * sanitizers, one allocation at a time (tests/test_mem.c). What they return
 * is freed with free() (hb_free is the same), so memory may cross between
 * hooked and unhooked code.
 *
 * The failure counter is the calling thread's own: a test's countdown never
 * reaches a picture decoding on another thread, and the player, which never
 * sets one, pays one thread-local compare per allocation. */
#ifndef HUSHABYE_MEM_H
#define HUSHABYE_MEM_H

#include <stddef.h>

void *hb_malloc(size_t n);
void *hb_calloc(size_t count, size_t size);
void *hb_realloc(void *p, size_t n);
char *hb_strdup(const char *s);
void hb_free(void *p);

/* Room for need items in the array at *items (a T ** passed as void *),
 * whose capacity is *cap items of size bytes: the capacity doubles, from
 * first, until it holds need. 0, or -1 with nothing changed when the new
 * capacity would pass max items or memory is short. The one growth rule of the core's
 * lists. */
int hb_grow(void *items, int *cap, int need, size_t size, int first, int max);

/* How many hooked allocations on this thread ever came back NULL (refused
 * by a test or by the system): a loader compares it before and after to
 * know that memory ran short somewhere on the way, and says so. */
long hb_mem_failures(void);

/* Tests: make the nth hooked allocation from now fail (1: the very next),
 * and every one after it too when sticky; 0 turns failing off. */
void hb_mem_fail_at(long n, int sticky);
/* Tests: how many hooked allocations this thread asked for since the last
 * hb_mem_fail_at, and how many of them were refused. */
long hb_mem_count(void);
long hb_mem_refused(void);

/* Large buffers kept for the next page instead of given back.
 *
 * A page turn frees a few window-sized buffers (the page composed, the same
 * in the window's pixel format, the band under the words) and asks for as
 * many of the same sizes a moment later. Handed back to the system each time
 * (main.c keeps blocks of a megabyte and more in their own mappings, so that
 * memory really goes back), every new one costs the kernel a page fault and
 * a page of zeros for each 4 KiB: a tenth of the player's CPU over a
 * night, measured. So hb_big_free keeps up to HB_BIG_KEEP freed blocks of at
 * least HB_BIG_MIN bytes (HB_BIG_BYTES in all, the oldest let go first), and
 * hb_big_alloc hands one out again for a request it fits closely (its
 * usable size n to n + n/8). hb_big_trim gives them all back: the dark,
 * where nothing is drawn, and the end.
 *
 * Every block is the C library's own: free() is right for one from
 * hb_big_alloc, and hb_big_free for any malloc'ed block (NULL too). Any
 * thread may call; a lock is held for a scan of a few entries. Where the C
 * library cannot tell a block's size (not glibc), nothing is kept. Not
 * hooked by hb_mem_fail_at. */
enum {
    HB_BIG_MIN = 1 << 20,
    HB_BIG_KEEP = 6,
    HB_BIG_BYTES = 40 << 20
};

void *hb_big_alloc(size_t n);
void hb_big_free(void *p);
void hb_big_trim(void);

/* What is kept now, and how many requests a kept block served since the
 * start (tests, the trace). */
typedef struct {
    int blocks;
    size_t bytes;
    long reused;
} HbBigStats;

HbBigStats hb_big_stats(void);

#endif
