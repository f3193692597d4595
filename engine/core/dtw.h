/* dtw — dynamic time warping of two frame sequences inside a band.
 *
 * The aligner warps the synthetic reading (n frames) onto the recording (m
 * frames). A full cost matrix would be n*m cells: 2000 x 2000 for a 20-second
 * page is fine, a 10-minute take is not. So only a Sakoe-Chiba band is
 * computed: for row i, the columns within `band` of the diagonal scaled by the
 * length ratio (i * m / n). Two rows of accumulated cost are kept as floats;
 * the path is recovered from one byte per band cell (which neighbour won), so
 * memory is n * (2 * band + 1) bytes plus O(m). The steps are the usual three
 * (diagonal, down, right), with the diagonal weighted once like the others: a
 * long pause in the recording becomes a run of rightward steps at one frame
 * of the reading. dtw_band_for() picks a band that fits a memory budget. */
#ifndef HUSHABYE_DTW_H
#define HUSHABYE_DTW_H

#include <stddef.h>

/* Distance between frame i of the first sequence and frame j of the second. */
typedef float (*DtwDistance)(const void *user, int i, int j);

typedef struct {
    int *first;    /* n entries: the first column j matched with row i */
    int *last;     /* n entries: the last column j matched with row i */
    int n;
    size_t bytes;  /* memory the warping used at its peak (tables included) */
    double cost;   /* the path's total cost */
    int end;       /* the column the path ends at: m - 1, or earlier with an open end */
} DtwPath;

/* The band (in frames) for n by m frames: a quarter of the longer sequence,
 * at least 50 frames (and at least the length difference, so the corner is
 * always reachable), and small enough that n * (2 * band + 1) bytes stay
 * under max_bytes. */
int dtw_band_for(int n, int m, size_t max_bytes);

/* Warp rows 0..n-1 onto columns 0..m-1 (both > 0) within band. Fills *out
 * (dtw_path_free() after). 0, or -1 when memory ran out or n, m or band are
 * not usable (a band too narrow to reach the corner widens to reach it). */
int dtw_band(int n, int m, int band, DtwDistance dist, const void *user, DtwPath *out);
/* The same, with the cost of a held step chosen by the caller: hold(user, i,
 * j, d, right) is what the step onto (i, j) costs when row i stays (right =
 * 1: column j - 1 to j, the second sequence goes on while the first waits) or
 * column j stays (right = 0), d being the cells' distance; the diagonal step
 * always costs d. So a pause in one sequence with no counterpart in the other
 * can be made cheap to wait through wherever it falls. hold NULL: d. */
typedef float (*DtwHold)(const void *user, int i, int j, float d, int right);
int dtw_band_hold(int n, int m, int band, DtwDistance dist, DtwHold hold, const void *user,
                  DtwPath *out);
/* The same with an open end: the path may end at row n - 1 before the last
 * column when what is left of the second sequence would cost more than skip
 * times the closed path's mean step for each of its columns (a take that
 * goes on with something the first sequence does not have). skip <= 0:
 * closed, as dtw_band_hold. The columns after out->end are matched with
 * nothing. */
int dtw_band_open(int n, int m, int band, DtwDistance dist, DtwHold hold, const void *user,
                  double skip, DtwPath *out);
void dtw_path_free(DtwPath *p);

#endif
