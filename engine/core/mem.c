/* mem — the core's allocations and the hook that makes one fail (see mem.h).
 *
 * Only a countdown and two counters, per thread: nothing is tracked, so the
 * sanitizers (LeakSanitizer) stay the judge of what leaks. */
#include "mem.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#define HB_BIG_POOL 1
#else
#define HB_BIG_POOL 0
#endif
/* Under AddressSanitizer a kept block is poisoned, as a freed one would be:
 * a page still drawn from after it was given back is reported, not hidden. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HB_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(HB_ASAN)
#include <sanitizer/asan_interface.h>
#define BIG_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define BIG_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define BIG_POISON(p, n) ((void)(p), (void)(n))
#define BIG_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

static _Thread_local long fail_at;     /* 0: never; else the allocation that fails */
static _Thread_local int fail_sticky;
static _Thread_local long count;
static _Thread_local long refused;
static _Thread_local long failures;    /* every NULL returned, refused or real */

/* Is this allocation one a test asked to fail? */
static int refuse(void)
{
    count++;
    if (fail_at <= 0 || count < fail_at || (count > fail_at && !fail_sticky))
        return 0;
    refused++;
    return 1;
}

/* p, counting it as a failure when it is NULL. */
static void *counted(void *p)
{
    failures += p == NULL;
    return p;
}

void *hb_malloc(size_t n)
{
    return counted(refuse() ? NULL : malloc(n ? n : 1));
}

void *hb_calloc(size_t count_, size_t size)
{
    return counted(refuse() ? NULL : calloc(count_ ? count_ : 1, size ? size : 1));
}

void *hb_realloc(void *p, size_t n)
{
    return counted(refuse() ? NULL : realloc(p, n ? n : 1));
}

char *hb_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = hb_malloc(n);
    if (c)
        memcpy(c, s, n);
    return c;
}

void hb_free(void *p)
{
    free(p);
}

int hb_grow(void *items, int *cap, int need, size_t size, int first, int max)
{
    if (need <= *cap)
        return 0;
    long long nc = *cap > 0 ? *cap : (first > 0 ? first : 1);
    while (nc < need)
        nc *= 2;
    if (nc > max || size == 0 || (size_t)nc > SIZE_MAX / size)
        return -1;
    void *old;
    memcpy(&old, items, sizeof old);   /* any T ** holds its T * the same way */
    void *grown = hb_realloc(old, (size_t)nc * size);
    if (!grown)
        return -1;
    memcpy(items, &grown, sizeof grown);
    *cap = (int)nc;
    return 0;
}

void hb_mem_fail_at(long n, int sticky)
{
    fail_at = n;
    fail_sticky = sticky;
    count = 0;
    refused = 0;
}

long hb_mem_count(void)
{
    return count;
}

long hb_mem_refused(void)
{
    return refused;
}

long hb_mem_failures(void)
{
    return failures;
}

/* ---- large blocks kept for reuse ---- */

#if HB_BIG_POOL
static atomic_flag big_lock = ATOMIC_FLAG_INIT;
static void *big_block[HB_BIG_KEEP];   /* oldest first */
static size_t big_size[HB_BIG_KEEP];   /* each block's usable size */
static int big_n;
static size_t big_bytes;
static long big_reused;

static void big_enter(void)
{
    while (atomic_flag_test_and_set_explicit(&big_lock, memory_order_acquire))
        ; /* held for a few loads and stores only */
}

static void big_leave(void)
{
    atomic_flag_clear_explicit(&big_lock, memory_order_release);
}

/* Take entry i out of the list (under the lock). */
static void *big_take(int i)
{
    void *p = big_block[i];
    BIG_UNPOISON(p, big_size[i]);
    big_bytes -= big_size[i];
    for (int j = i + 1; j < big_n; j++) {
        big_block[j - 1] = big_block[j];
        big_size[j - 1] = big_size[j];
    }
    big_n--;
    return p;
}
#endif

void *hb_big_alloc(size_t n)
{
#if HB_BIG_POOL
    if (n >= HB_BIG_MIN) {
        void *p = NULL;
        big_enter();
        for (int i = big_n - 1; i >= 0 && !p; i--) /* the newest first: still in cache */
            if (big_size[i] >= n && big_size[i] - n <= n / 8) {
                p = big_take(i);
                big_reused++;
            }
        big_leave();
        if (p)
            return p;
    }
#endif
    return malloc(n ? n : 1);
}

void hb_big_free(void *p)
{
#if HB_BIG_POOL
    size_t n = p ? malloc_usable_size(p) : 0;
    if (n >= HB_BIG_MIN && n <= HB_BIG_BYTES) {
        void *out[HB_BIG_KEEP];
        int nout = 0;
        big_enter();
        while (big_n > 0 && (big_n == HB_BIG_KEEP || big_bytes + n > HB_BIG_BYTES))
            out[nout++] = big_take(0);
        BIG_POISON(p, n);
        big_block[big_n] = p;
        big_size[big_n++] = n;
        big_bytes += n;
        big_leave();
        for (int i = 0; i < nout; i++)
            free(out[i]); /* outside the lock: munmap takes a while */
        return;
    }
#endif
    free(p);
}

void hb_big_trim(void)
{
#if HB_BIG_POOL
    void *out[HB_BIG_KEEP];
    int nout = 0;
    big_enter();
    while (big_n > 0)
        out[nout++] = big_take(0);
    big_leave();
    for (int i = 0; i < nout; i++)
        free(out[i]);
#endif
}

HbBigStats hb_big_stats(void)
{
    HbBigStats st = { 0, 0, 0 };
#if HB_BIG_POOL
    big_enter();
    st.blocks = big_n;
    st.bytes = big_bytes;
    st.reused = big_reused;
    big_leave();
#endif
    return st;
}
