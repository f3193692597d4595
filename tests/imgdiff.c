/* imgdiff — compare two PNG files for the end-to-end tests.
 *
 *   imgdiff A.png B.png TOLERANCE
 *
 * Prints the mean absolute difference per channel (0..255) and exits 0 when
 * it is at most TOLERANCE, 1 when above, 2 when the files cannot be compared. */
#include <stdio.h>
#include <stdlib.h>
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

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: imgdiff A.png B.png TOLERANCE\n");
        return 2;
    }
    ComposeImage a = { 0 }, b = { 0 };
    if (load(argv[1], &a) < 0 || load(argv[2], &b) < 0)
        return 2;
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
