/* check.h — the whole test harness: CHECK(cond, "what it checks", ...).
 *
 * Every check says in words what it verifies; a failure prints that sentence
 * with the file and line, and the test's exit status counts failures. Tests
 * end with CHECK_DONE() which prints "N passed, M failed". A part that cannot
 * run here (no system font, say) calls CHECK_SKIP("why"): the program then
 * exits 77, which CTest reports as skipped (SKIP_RETURN_CODE), never as
 * passed. */
#ifndef HUSHABYE_CHECK_H
#define HUSHABYE_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed_, check_failed_, check_skipped_;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (cond) {                                                          \
            check_passed_++;                                                 \
        } else {                                                             \
            check_failed_++;                                                 \
            fprintf(stderr, "%s:%d: FAILED: ", __FILE__, __LINE__);          \
            fprintf(stderr, __VA_ARGS__);                                    \
            fprintf(stderr, "  [%s]\n", #cond);                              \
        }                                                                    \
    } while (0)

#define CHECK_STR(a, b, ...)                                                 \
    CHECK((a) != NULL && (b) != NULL && strcmp((a), (b)) == 0, __VA_ARGS__)

#define CHECK_NEAR(a, b, eps, ...)                                           \
    CHECK(((a) - (b)) <= (eps) && ((b) - (a)) <= (eps), __VA_ARGS__)

#define CHECK_SKIP(...)                                                      \
    do {                                                                     \
        check_skipped_++;                                                    \
        printf("SKIPPED: ");                                                 \
        printf(__VA_ARGS__);                                                 \
        printf("\n");                                                        \
    } while (0)

#define CHECK_DONE()                                                         \
    do {                                                                     \
        if (check_skipped_)                                                  \
            printf("%d passed, %d failed, %d skipped\n", check_passed_,      \
                   check_failed_, check_skipped_);                           \
        else                                                                 \
            printf("%d passed, %d failed\n", check_passed_, check_failed_);  \
        return check_failed_ ? 1 : check_skipped_ ? 77 : 0;                  \
    } while (0)

#endif
