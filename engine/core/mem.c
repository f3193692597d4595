/* mem — the core's allocations and the hook that makes one fail (see mem.h).
 *
 * Only a countdown and two counters, per thread: nothing is tracked, so the
 * sanitizers (LeakSanitizer) stay the judge of what leaks. */
#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
