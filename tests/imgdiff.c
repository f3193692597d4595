/* imgdiff — compare two PNG files for the end-to-end tests.
 *
 *   imgdiff A.png B.png TOLERANCE
 *   imgdiff --max A.png B.png TOLERANCE
 *
 * Prints the mean absolute difference per channel (0..255) and exits 0 when
 * it is at most TOLERANCE, 1 when above, 2 when the files cannot be compared.
 * With --max, the largest difference of any one channel of any pixel is held
 * to TOLERANCE instead (golden images: "within 1/255 per channel"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stb_image.h>

#include "compose.h"

static int load(const char *path, ComposeImage *img)
{
    int n;
    img->px = stbi_load(path, &img->w, &img->h, &n, 4);
    if (!img->px)
        fprintf(stderr, "imgdiff: cannot read %s: %s\n", path, stbi_failure_reason());
    return img->px ? 0 : -1;
}

/* The largest difference of one channel between two images of one size. */
static int max_difference(const ComposeImage *a, const ComposeImage *b, long *over, int tol)
{
    int worst = 0;
    *over = 0;
    for (size_t i = 0; i < (size_t)a->w * (size_t)a->h * 4; i++) {
        int d = abs((int)a->px[i] - (int)b->px[i]);
        worst = d > worst ? d : worst;
        *over += d > tol;
    }
    return worst;
}

int main(int argc, char **argv)
{
    int max = argc == 5 && !strcmp(argv[1], "--max");
    if (argc != 4 && !max) {
        fprintf(stderr, "usage: imgdiff [--max] A.png B.png TOLERANCE\n");
        return 2;
    }
    argv += max;
    ComposeImage a = { 0 }, b = { 0 };
    if (load(argv[1], &a) < 0 || load(argv[2], &b) < 0)
        return 2;
    if (max && (a.w != b.w || a.h != b.h)) {
        fprintf(stderr, "imgdiff: the images differ in size\n");
        stbi_image_free(a.px);
        stbi_image_free(b.px);
        return 1;
    }
    if (max) {
        long over;
        int worst = max_difference(&a, &b, &over, atoi(argv[3]));
        stbi_image_free(a.px);
        stbi_image_free(b.px);
        printf("largest difference %d, %ld channels above %s\n", worst, over, argv[3]);
        return worst <= atoi(argv[3]) ? 0 : 1;
    }
    double d = compose_difference(&a, &b);
    stbi_image_free(a.px);
    stbi_image_free(b.px);
    if (d < 0) {
        fprintf(stderr, "imgdiff: the images differ in size\n");
        return 1;
    }
    printf("mean difference %.3f (tolerance %s)\n", d, argv[3]);
    return d <= atof(argv[3]) ? 0 : 1;
}
