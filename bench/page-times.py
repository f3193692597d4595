#!/usr/bin/env python3
"""How long each bundled drawing takes to rasterise, as the player draws it.

The player turns an SVG page into pixels with SDL_image's IMG_LoadSizedSVG_RW
(engine/picture.c, decode_svg), at the screen's size. This script calls that
same function through ctypes on every SVG page and cover of the bundled
stories and on the closing scene's picture, several times each, and prints
the median and the slowest run per drawing in milliseconds of CPU time, so a page that
got too rich to be ready long before it is needed shows at once. A whole
`hushabye --snapshot` run costs start-up, fonts and the rest of the night
too, which hide a page's own share on a shared machine; this measures only
the rasterising. The budget is 150 ms a page at 1920x1200 (issue 19); the
exit status is 1 when a drawing's median is over it.

Usage: bench/page-times.py [--size WxH] [--runs N] [--budget MS] [SVG...]
       (default: 1920x1200, 7 runs, every bundled drawing)
Needs libSDL2 and libSDL2_image (the player's own libraries); standard library only.
"""

import argparse
import ctypes
import ctypes.util
import glob
import os
import statistics
import sys
import time


def load_libs():
    sdl = ctypes.CDLL(ctypes.util.find_library("SDL2") or "libSDL2-2.0.so.0")
    img = ctypes.CDLL(ctypes.util.find_library("SDL2_image") or "libSDL2_image-2.0.so.0")
    sdl.SDL_RWFromConstMem.restype = ctypes.c_void_p
    sdl.SDL_RWFromConstMem.argtypes = [ctypes.c_char_p, ctypes.c_int]
    sdl.SDL_RWclose.argtypes = [ctypes.c_void_p]
    sdl.SDL_FreeSurface.argtypes = [ctypes.c_void_p]
    img.IMG_LoadSizedSVG_RW.restype = ctypes.c_void_p
    img.IMG_LoadSizedSVG_RW.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
    return sdl, img


def raster_ms(sdl, img, data, w, h):
    """One rasterisation of data at w x h, in milliseconds (None when it failed)."""
    rw = sdl.SDL_RWFromConstMem(data, len(data))
    # CPU time of this thread, not the wall clock: on a shared machine the wall clock
    # counts the other programs' turns too; the rasteriser runs on the calling thread.
    t0 = time.thread_time()
    surface = img.IMG_LoadSizedSVG_RW(rw, w, h)
    ms = (time.thread_time() - t0) * 1000.0
    sdl.SDL_RWclose(rw)
    if not surface:
        return None
    sdl.SDL_FreeSurface(surface)
    return ms


def bundled(root):
    files = sorted(glob.glob(os.path.join(root, "stories", "*", "*.svg")))
    return files + [os.path.join(root, "assets", "reassurance", "picture.svg")]


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="1920x1200")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--budget", type=float, default=150.0)
    ap.add_argument("svg", nargs="*")
    args = ap.parse_args()
    w, h = (int(v) for v in args.size.lower().split("x"))
    sdl, img = load_libs()
    over, medians = [], []
    print("# SVG rasterising at %dx%d (IMG_LoadSizedSVG_RW), %d runs: median and slowest ms"
          % (w, h, args.runs))
    for path in args.svg or bundled(root):
        with open(path, "rb") as f:
            data = f.read()
        runs = [raster_ms(sdl, img, data, w, h) for _ in range(args.runs)]
        if None in runs:
            print("%-60s failed to draw" % os.path.relpath(path, root))
            over.append(path)
            continue
        med = statistics.median(runs)
        medians.append(med)
        print("%-60s %7.1f %7.1f" % (os.path.relpath(path, root), med, max(runs)))
        if med > args.budget:
            over.append(path)
    if medians:
        print("# %d drawings: median of medians %.1f ms, slowest median %.1f ms, budget %.0f ms"
              % (len(medians), statistics.median(medians), max(medians), args.budget))
    if over:
        print("# over the budget or not drawn: %s" % ", ".join(over))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
