/* dtw — see dtw.h. Row i's band starts at lo(i) = centre(i) - band (clamped to
 * 0..m-1); the byte for cell (i, j) is at i * width + (j - lo(i)). */
#include "dtw.h"

#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { FROM_DIAG = 0, FROM_UP = 1, FROM_LEFT = 2, FROM_NONE = 3 };

int dtw_band_for(int n, int m, size_t max_bytes)
{
    int longer = n > m ? n : m;
    int band = longer / 4;
    int diff = n > m ? n - m : m - n;
    if (band < 50)
        band = 50;
    if (band < diff + 10)
        band = diff + 10;
    if (n > 0 && (size_t)n * (size_t)(2 * band + 1) > max_bytes) {
        size_t fit = (max_bytes / (size_t)n - 1) / 2;
        band = fit < 10 ? 10 : (int)fit;
    }
    return band;
}

static int centre(int i, int n, int m)
{
    return n > 1 ? (int)((int64_t)i * (m - 1) / (n - 1)) : 0;
}

static int band_lo(int i, int n, int m, int band)
{
    int c = centre(i, n, m) - band;
    return c < 0 ? 0 : c;
}

static int band_hi(int i, int n, int m, int band)
{
    int c = centre(i, n, m) + band;
    return c > m - 1 ? m - 1 : c;
}

/* Fill the direction table row by row; returns the total cost or -1. */
static double dtw_fill(int n, int m, int band, int width, DtwDistance dist, DtwHold hold,
                       const void *user, uint8_t *dir, float *prev, float *cur)
{
    for (int i = 0; i < n; i++) {
        int lo = band_lo(i, n, m, band), hi = band_hi(i, n, m, band);
        int plo = i ? band_lo(i - 1, n, m, band) : 0, phi = i ? band_hi(i - 1, n, m, band) : -1;
        for (int j = lo; j <= hi; j++) {
            float d = dist(user, i, j);
            float best = FLT_MAX;
            uint8_t how = FROM_NONE;
            if (i == 0 && j == 0) {
                best = d;
            } else {
                /* Each candidate is the neighbour's total plus this step's
                 * cost: d, or what hold() makes of d for a held step. */
                if (i > 0 && j > 0 && j - 1 >= plo && j - 1 <= phi && prev[j - 1] < FLT_MAX &&
                    prev[j - 1] + d < best) {
                    best = prev[j - 1] + d;
                    how = FROM_DIAG;
                }
                if (i > 0 && j >= plo && j <= phi && prev[j] < FLT_MAX) {
                    float c = prev[j] + (hold ? hold(user, i, j, d, 0) : d);
                    if (c < best) {
                        best = c;
                        how = FROM_UP;
                    }
                }
                if (j > lo && cur[j - 1] < FLT_MAX) {
                    float c = cur[j - 1] + (hold ? hold(user, i, j, d, 1) : d);
                    if (c < best) {
                        best = c;
                        how = FROM_LEFT;
                    }
                }
            }
            cur[j] = best;
            dir[(size_t)i * width + (size_t)(j - lo)] = how;
        }
        /* Only row i's band of cur is read by row i + 1 (plo..phi), and only
         * after this row wrote it, so nothing needs clearing between rows. */
        float *t = prev;
        prev = cur;
        cur = t;
    }
    /* After the last swap, prev holds row n - 1. */
    return prev[m - 1] == FLT_MAX ? -1.0 : (double)prev[m - 1];
}

/* Walk back from (n-1, end) and note each row's first and last column;
 * *steps gets the cells walked. */
static int dtw_trace(int n, int m, int band, int width, const uint8_t *dir, int end,
                     DtwPath *out, int *steps)
{
    int i = n - 1, j = end;
    *steps = 0;
    for (int k = 0; k < n; k++) {
        out->first[k] = m;
        out->last[k] = -1;
    }
    for (;; ++*steps) {
        if (j < out->first[i])
            out->first[i] = j;
        if (j > out->last[i])
            out->last[i] = j;
        if (i == 0 && j == 0)
            return 0;
        uint8_t how = dir[(size_t)i * width + (size_t)(j - band_lo(i, n, m, band))];
        if (how == FROM_DIAG) {
            i--;
            j--;
        } else if (how == FROM_UP) {
            i--;
        } else if (how == FROM_LEFT) {
            j--;
        } else {
            return -1;
        }
    }
}

int dtw_band(int n, int m, int band, DtwDistance dist, const void *user, DtwPath *out)
{
    return dtw_band_hold(n, m, band, dist, NULL, user, out);
}

int dtw_band_hold(int n, int m, int band, DtwDistance dist, DtwHold hold, const void *user,
                  DtwPath *out)
{
    return dtw_band_open(n, m, band, dist, hold, user, 0.0, out);
}

/* The open end: the last row's column where the path plus the columns left
 * after it (each at skip times the closed path's mean step) costs least. */
static int dtw_open_end(int n, int m, int band, const float *last, double cost, int steps,
                        double skip)
{
    double per = skip * cost / (steps > 0 ? steps : 1), best = cost;
    int end = m - 1;
    for (int j = band_lo(n - 1, n, m, band); j < m - 1; j++) {
        double c = (double)last[j] + per * (m - 1 - j);
        if (last[j] < FLT_MAX && c < best) {
            best = c;
            end = j;
        }
    }
    return end;
}

int dtw_band_open(int n, int m, int band, DtwDistance dist, DtwHold hold, const void *user,
                  double skip, DtwPath *out)
{
    memset(out, 0, sizeof *out);
    if (n <= 0 || m <= 0 || band <= 0 || n > 10000000 || m > 10000000)
        return -1;
    int diff = n > m ? n - m : m - n;
    if (band < diff / (n < m ? n : m) + 2)
        band = diff / (n < m ? n : m) + 2;   /* the corner must be reachable */
    if (band > m)
        band = m;
    int width = 2 * band + 1;
    size_t cells = (size_t)n * (size_t)width;
    uint8_t *dir = malloc(cells);
    float *rows = malloc(2 * (size_t)m * sizeof *rows);
    out->first = malloc((size_t)n * sizeof *out->first);
    out->last = malloc((size_t)n * sizeof *out->last);
    out->n = n;
    out->bytes = cells + 2 * (size_t)m * sizeof *rows + 2 * (size_t)n * sizeof(int);
    int rc = -1;
    if (dir && rows && out->first && out->last) {
        double cost = dtw_fill(n, m, band, width, dist, hold, user, dir, rows, rows + m);
        /* Row i is written into the second of the two rows when i is even
         * (they swap after each), so row n - 1 is there when n is odd. */
        const float *last = n % 2 ? rows + m : rows;
        int steps = 0;
        if (cost >= 0.0 && dtw_trace(n, m, band, width, dir, m - 1, out, &steps) == 0) {
            out->cost = cost;
            out->end = m - 1;
            rc = 0;
            int end = skip > 0.0 ? dtw_open_end(n, m, band, last, cost, steps, skip) : m - 1;
            if (end < m - 1 && dtw_trace(n, m, band, width, dir, end, out, &steps) == 0) {
                out->cost = last[end];
                out->end = end;
            }
        }
    }
    free(dir);
    free(rows);
    if (rc != 0)
        dtw_path_free(out);
    return rc;
}

void dtw_path_free(DtwPath *p)
{
    free(p->first);
    free(p->last);
    p->first = p->last = NULL;
    p->n = 0;
}
