/* libFuzzer target: the picture-book importer fed whole zips (EPUB or Bloom),
 * as a parent's download would be. Whatever the bytes, book_import must
 * return without a crash, a leak or a hang, and what it gives must hold
 * together: a page has a picture or words, its narration is a WAV the core
 * parses, and a book refused says why. Read once with the book's own
 * language and once asking for another. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "wav.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_one(const uint8_t *data, size_t size, const char *lang)
{
    Book b;
    char why[BOOK_WHY];
    BookOptions o = { .language = lang };
    int rc = book_import(data, size, &o, &b, why);
    if (rc != 0 && why[0] == '\0')
        abort();   /* a refusal always has its reason */
    if (rc == 0 && (b.npages < 1 || b.npages > BOOK_MAX_PAGES))
        abort();
    for (int i = 0; rc == 0 && i < b.npages; i++) {
        book_narrate(&b, i);
        const BookPage *p = &b.pages[i];
        WavInfo w;
        if (!p->picture && !p->text)
            abort();
        if (p->picture && !p->picture_ext)
            abort();
        if (p->wav && wav_parse(p->wav, p->wav_len, &w) != WAV_OK)
            abort();
        if (p->vtt && strncmp(p->vtt, "WEBVTT", 6) != 0)
            abort();
        if (i % 2)   /* freed as the tool frees it, or left to book_free */
            book_narration_free(&b, i);
    }
    book_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_one(data, size, NULL);
    fuzz_one(data, size, "fr");
    return 0;
}
