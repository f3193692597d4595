#!/usr/bin/env python3
"""The pictures of the bundled stories, drawn by a program.

Every page of sleepy-farm, the-big-yawn and little-lights-goodnight (and each
one's cover) is written here as a small SVG, from one set of pieces shared by
all three books, so they keep one soft style with the first book, The Moon
Says Goodnight: the same night sky, the same moon with its gentle face, the
same rounded hills and the same muted, warm colours. No colour is brighter
than the moon's pale gold, and nothing is pure white: the pages are looked at
by sleepy eyes in a dark room.

The drawings stay cheap for the player: every page keeps well under the
story checker's budget (100 shapes, 20 path points counting as one shape),
which this program counts and enforces as it writes, and nothing is blurred
or filtered, so each page rasterises in a few tens of milliseconds even at
1920x1200 (bench/page-times.sh measures it).

Usage: tools/make-story-art.py [STORIES-FOLDER]   (default: stories/ beside tools/)
Python is used only here, to make the committed files; the player never runs it.
"""

import math
import os
import random
import re
import sys

W, H = 1600, 1000
SHAPE_BUDGET = 90          # the checker allows 100; keep a margin

# The palette of the first book, and a few warm additions.
SKY = ("#141a30", "#1b223d", "#2b2e52")
DUSK = ("#1d2140", "#3c3558", "#6e5468")
STAR = "#d9d2a4"
MOON, MOON_DARK, MOON_FACE, MOON_CHEEK = "#dcd29a", "#cfc48c", "#6e6448", "#d9a98e"
HILL_BACK, HILL_MID = "#2c4d58", "#30565f"
SHADOW = "#1c3440"
LAMP = "#e3c48e"          # a lit window: warm, never white
LAMP_DEEP = "#c99b6c"
DARK_WINDOW = "#252b48"
EYE = "#2a2746"
CHEEK = "#b08aa4"

DEFS = """  <defs>
    <linearGradient id="sky" x1="0%" y1="0%" x2="0%" y2="100%">
      <stop offset="0" stop-color="{s0}"/>
      <stop offset="0.55" stop-color="{s1}"/>
      <stop offset="1" stop-color="{s2}"/>
    </linearGradient>
    <radialGradient id="glow" cx="50%" cy="50%" r="50%">
      <stop offset="0" stop-color="#e2d79c" stop-opacity="0.22"/>
      <stop offset="0.5" stop-color="#e2d79c" stop-opacity="0.08"/>
      <stop offset="1" stop-color="#e2d79c" stop-opacity="0"/>
    </radialGradient>
    <radialGradient id="warm" cx="50%" cy="50%" r="50%">
      <stop offset="0" stop-color="#e6c896" stop-opacity="0.30"/>
      <stop offset="0.6" stop-color="#e6c896" stop-opacity="0.08"/>
      <stop offset="1" stop-color="#e6c896" stop-opacity="0"/>
    </radialGradient>
    <linearGradient id="ground" x1="0%" y1="0%" x2="0%" y2="100%">
      <stop offset="0" stop-color="#243f4a"/>
      <stop offset="1" stop-color="#1a2c37"/>
    </linearGradient>
  </defs>
"""


def f(v):
    """A coordinate written short: at most one decimal."""
    s = "%.1f" % v
    return s[:-2] if s.endswith(".0") else s


def el(tag, **a):
    """One element; keyword names with '_' become '-' (stroke_width)."""
    attrs = " ".join('%s="%s"' % (k.rstrip("_").replace("_", "-"),
                                  f(v) if isinstance(v, float) else v)
                     for k, v in a.items() if v is not None)
    return "<%s %s/>" % (tag, attrs)


def ell(cx, cy, rx, ry, fill, rot=None, **a):
    if rot is not None:
        a["transform"] = "rotate(%s %s %s)" % (f(rot), f(cx), f(cy))
    return el("ellipse", cx=f(cx), cy=f(cy), rx=f(rx), ry=f(ry), fill=fill, **a)


def circ(cx, cy, r, fill, **a):
    return el("circle", cx=f(cx), cy=f(cy), r=f(r), fill=fill, **a)


def rect(x, y, w, h, fill, rx=0, **a):
    return el("rect", x=f(x), y=f(y), width=f(w), height=f(h), rx=f(rx), fill=fill, **a)


def path(d, fill="none", **a):
    return el("path", d=d, fill=fill, **a)


def arc_line(x0, y0, x1, y1, bend, color, width):
    """A soft curved stroke (closed eyes, smiles): a quadratic bend below the chord."""
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2 + bend
    return path("M %s %s Q %s %s %s %s" % (f(x0), f(y0), f(mx), f(my), f(x1), f(y1)),
                stroke=color, stroke_width=f(width), stroke_linecap="round")


def group(items, x=0, y=0, s=1.0, flip=False, comment=None):
    sx = -s if flip else s
    t = "translate(%s %s) scale(%s %s)" % (f(x), f(y), f(sx), f(s)) if (flip or s != 1) \
        else "translate(%s %s)" % (f(x), f(y))
    out = []
    if comment:
        out.append("<!-- %s -->" % comment)
    out.append('<g transform="%s">' % t)
    out += ["  " + i for i in items]
    out.append("</g>")
    return out


# ---- the sky, the moon, the ground ---------------------------------------

def sky():
    return [rect(0, 0, W, H, "url(#sky)")]


def stars(seed, n=10, top=0, bottom=520, avoid=None, dim=1.0, sparkles=3):
    """Small round stars scattered at random (the same every run), kept off the moon."""
    rng = random.Random(seed)
    out = ['<g fill="%s">' % STAR]
    placed = 0
    while placed < n:
        x, y = rng.uniform(40, W - 40), rng.uniform(top + 30, bottom)
        if avoid and math.hypot(x - avoid[0], y - avoid[1]) < avoid[2]:
            continue
        out.append("  " + circ(x, y, rng.choice((3, 3, 4)), None,
                               opacity="%.2f" % (rng.uniform(0.35, 0.6) * dim)))
        placed += 1
    while sparkles > 0:
        x, y = rng.uniform(80, W - 80), rng.uniform(top + 40, bottom - 40)
        if avoid and math.hypot(x - avoid[0], y - avoid[1]) < avoid[2]:
            continue
        r = rng.uniform(12, 18)
        out.append("  " + sparkle(x, y, r, "%.2f" % (0.5 * dim)))
        sparkles -= 1
    out.append("</g>")
    return out


def sparkle(x, y, r, opacity):
    k = 0.2 * r
    d = "M %s %s Q %s %s %s %s Q %s %s %s %s Q %s %s %s %s Q %s %s %s %s Z" % (
        f(x), f(y - r), f(x + k), f(y - k), f(x + r), f(y), f(x + k), f(y + k), f(x), f(y + r),
        f(x - k), f(y + k), f(x - r), f(y), f(x - k), f(y - k), f(x), f(y - r))
    return path(d, fill=None, opacity=opacity)


def moon(cx, cy, s=1.0, face="smile"):
    """The first book's moon, glow included; face: smile, sleepy or none."""
    out = [circ(cx, cy, 290 * s * 0.85, "url(#glow)")]
    g = [circ(0, 0, 120, MOON),
         ell(52, -60, 18, 14, MOON_DARK, opacity="0.7"),
         ell(-62, 52, 12, 10, MOON_DARK, opacity="0.7"),
         ell(70, 58, 9, 7, MOON_DARK, opacity="0.7")]
    if face == "smile":
        g += [ell(-38, -8, 9, 11, MOON_FACE), ell(38, -8, 9, 11, MOON_FACE)]
    elif face == "sleepy":
        g += [arc_line(-50, -8, -26, -8, 10, MOON_FACE, 6),
              arc_line(26, -8, 50, -8, 10, MOON_FACE, 6)]
    if face != "none":
        g += [ell(-62, 24, 17, 10, MOON_CHEEK, opacity="0.55"),
              ell(62, 24, 17, 10, MOON_CHEEK, opacity="0.55"),
              arc_line(-24, 34, 24, 34, 22, MOON_FACE, 7)]
    return out + group(g, cx, cy, s)


def hills(back=HILL_BACK, mid=HILL_MID, lift=0):
    L = lift
    return [
        path("M 0 %d Q 250 %d 520 %d Q 760 %d 1000 %d Q 1280 %d 1600 %d L 1600 1000 L 0 1000 Z"
             % (640 - L, 520 - L, 600 - L, 670 - L, 590 - L, 500 - L, 610 - L), fill=back),
        path("M 0 %d Q 300 %d 620 %d Q 900 %d 1200 %d Q 1420 %d 1600 %d L 1600 1000 L 0 1000 Z"
             % (760 - L, 640 - L, 700 - L, 750 - L, 690 - L, 650 - L, 720 - L), fill=mid),
        path("M 0 800 Q 400 760 800 790 Q 1200 815 1600 785 L 1600 1000 L 0 1000 Z",
             fill="url(#ground)"),
    ]


def warm_glow(cx, cy, r):
    return [circ(cx, cy, r, "url(#warm)")]


def tree(x, y, s=1.0, color="#2f5a5a", trunk="#3b3a4e"):
    """A round, soft tree: a trunk and three overlapping crowns."""
    return group([rect(-14, -120, 28, 130, trunk, rx=12),
                  circ(0, -200, 95, color),
                  circ(-62, -150, 62, color),
                  circ(62, -150, 62, color)], x, y, s)


def face(ex, ey, gap, sleepy=True, eye_r=7, cheek=CHEEK, mouth=True, nose=None):
    """Eyes (closed arcs when sleepy), cheeks, a small smile: the books' one face."""
    out = []
    for sx in (-1, 1):
        x = ex + sx * gap
        if sleepy:
            out.append(arc_line(x - eye_r * 1.4, ey, x + eye_r * 1.4, ey, eye_r, EYE, 4))
        else:
            out.append(ell(x, ey, eye_r, eye_r * 1.15, EYE))
        out.append(ell(x + sx * eye_r * 1.2, ey + eye_r * 3, eye_r * 1.6, eye_r, cheek,
                       opacity="0.5"))
    if nose:
        out.append(ell(ex, ey + eye_r * 2, eye_r, eye_r * 0.7, nose))
    if mouth:
        out.append(arc_line(ex - eye_r, ey + eye_r * 3.3, ex + eye_r, ey + eye_r * 3.3,
                            eye_r * 0.9, "#4a4466", 3.5))
    return out


# ---- the farm --------------------------------------------------------------

def barn(x, y, lit=True, s=1.0):
    red, roof = "#7a4a5a", "#5a3a50"
    g = [rect(-180, -220, 360, 220, red, rx=10),
         path("M -210 -210 Q -200 -232 -180 -240 L -10 -330 Q 0 -336 10 -330 L 180 -240 "
              "Q 200 -232 210 -210 Z", fill=roof),
         rect(-70, -130, 140, 130, "#5c3848", rx=8),
         path("M -70 -130 L 70 0 M 70 -130 L -70 0", stroke="#6e4a5c", stroke_width="8",
              stroke_linecap="round"),
         circ(0, -265, 26, LAMP if lit else DARK_WINDOW)]
    return group(g, x, y, s)


def farmhouse(x, y, lit=(True, True), s=1.0):
    wall, roof = "#5e5878", "#443e5e"
    g = [rect(-150, -200, 300, 200, wall, rx=10),
         path("M -175 -190 L -10 -300 Q 0 -306 10 -300 L 175 -190 Q 180 -180 165 -180 "
              "L -165 -180 Q -180 -180 -175 -190 Z", fill=roof),
         rect(70, -330, 34, 80, "#4d4668", rx=6),
         rect(-28, -96, 56, 96, "#443e5e", rx=22)]
    for wx, on in zip((-100, 50), lit):
        g.append(rect(wx, -160, 50, 50, LAMP if on else DARK_WINDOW, rx=8))
    return group(g, x, y, s)


def hen(x, y, s=1.0, flip=False):
    g = [ell(0, 0, 46, 36, "#b98f7a"),
         ell(-44, -18, 20, 26, "#a88070", rot=-25),
         circ(34, -36, 24, "#c29b86"),
         path("M 26 -60 Q 32 -74 38 -62 Q 44 -72 48 -58 Z", fill="#b06a70"),
         path("M 56 -38 L 70 -32 L 56 -28 Z", fill="#d6a86e"),
         arc_line(30, -40, 44, -40, 6, EYE, 3.5),
         ell(-4, 4, 24, 16, "#a88070", rot=-10)]
    return group(g, x, y, s, flip)


def perch(x, y, w):
    return [rect(x, y, w, 14, "#4a3a4c", rx=7)]


def cow(x, y, s=1.0, flip=False):
    body, spot = "#b8aab8", "#6c6480"
    g = [ell(0, 0, 170, 70, SHADOW, opacity="0.55"),
         ell(0, -60, 160, 70, body),
         ell(-50, -80, 48, 32, spot),
         ell(60, -50, 40, 26, spot),
         ell(-120, -20, 50, 18, body),
         ell(110, -18, 50, 18, body),
         path("M -160 -70 Q -200 -60 -205 -20", stroke=body, stroke_width="12",
              stroke_linecap="round"),
         ell(168, -108, 60, 54, body),
         ell(130, -150, 26, 12, spot, rot=-30),
         ell(208, -150, 26, 12, spot, rot=30),
         path("M 142 -152 Q 140 -182 156 -190 M 194 -152 Q 196 -182 180 -190",
              stroke="#d4c49a", stroke_width="10", stroke_linecap="round"),
         ell(172, -72, 40, 26, "#c9a4b0")]
    g += [arc_line(138, -112, 156, -112, 8, EYE, 4), arc_line(184, -112, 202, -112, 8, EYE, 4),
          ell(160, -72, 5, 4, "#7a5a6a"), ell(184, -72, 5, 4, "#7a5a6a")]
    return group(g, x, y, s, flip)


def hay(x, y, w=420):
    return [path("M %s %s Q %s %s %s %s Q %s %s %s %s Z" % (
        f(x - w / 2), f(y), f(x - w / 4), f(y - 60), f(x), f(y - 50), f(x + w / 3), f(y - 70),
        f(x + w / 2), f(y)), fill="#8a7a5a")]


def piglet(x, y, s=1.0, flip=False):
    pink, deep = "#c9a0a8", "#b08890"
    g = [ell(0, 0, 90, 20, SHADOW, opacity="0.5"),
         ell(0, -40, 80, 48, pink),
         ell(62, -58, 44, 40, pink),
         path("M 40 -94 L 48 -120 L 64 -96 Z", fill=deep),
         path("M 74 -96 L 92 -116 L 98 -88 Z", fill=deep),
         ell(100, -52, 16, 13, deep),
         circ(96, -52, 3, "#7a5a6a"), circ(105, -52, 3, "#7a5a6a"),
         arc_line(56, -68, 70, -68, 6, EYE, 3.5),
         path("M -80 -50 Q -96 -60 -90 -70 Q -84 -76 -92 -82", stroke=deep, stroke_width="5",
              stroke_linecap="round")]
    return group(g, x, y, s, flip)


def mud(x, y, w):
    return [ell(x, y, w, 40, "#3e3a4e")]


def duck(x, y, s=1.0, flip=False, water=True):
    body = "#c8bb86"
    g = [ell(0, 0, 56, 30, body),
         path("M -50 -6 Q -78 -30 -62 -36 Q -46 -24 -34 -16 Z", fill=body),
         circ(40, -36, 24, "#d0c390"),
         ell(70, -30, 16, 8, "#c99a62"),
         arc_line(36, -42, 50, -42, 6, EYE, 3.5),
         ell(-6, -4, 28, 14, "#b8aa78", rot=-8)]
    if water:
        g.append(ell(0, 22, 70, 8, "#3a5a70", opacity="0.8"))
    return group(g, x, y, s, flip)


def pond(x, y, w, h):
    return [ell(x, y, w, h, "#2e4e66"), ell(x - w * 0.2, y - h * 0.2, w * 0.45, h * 0.22,
                                          "#3e627a", opacity="0.6")]


def reeds(x, y):
    return [path("M %s %s Q %s %s %s %s M %s %s Q %s %s %s %s M %s %s Q %s %s %s %s" % (
        f(x), f(y), f(x - 6), f(y - 60), f(x - 2), f(y - 120),
        f(x + 20), f(y), f(x + 24), f(y - 50), f(x + 30), f(y - 95),
        f(x + 40), f(y), f(x + 38), f(y - 40), f(x + 48), f(y - 70)),
        stroke="#3a6060", stroke_width="8", stroke_linecap="round")]


def sheep(x, y, s=1.0, flip=False, wool="#b6b0c8", head="#6c6684"):
    """Woolly body of overlapping circles, dark face, closed eyes."""
    g = [ell(0, 4, 120, 18, SHADOW, opacity="0.55")]
    for cx, cy, r in ((-60, -60, 50), (-10, -80, 56), (45, -64, 50), (0, -40, 62)):
        g.append(circ(cx, cy, r, wool))
    g += [ell(92, -80, 36, 42, head),
          ell(70, -108, 20, 10, head, rot=-30),
          ell(116, -108, 20, 10, head, rot=30),
          circ(92, -124, 22, wool),
          arc_line(78, -82, 88, -82, 5, "#cfc8e0", 3.5),
          arc_line(98, -82, 108, -82, 5, "#cfc8e0", 3.5)]
    return group(g, x, y, s, flip)


def lantern(x, y, lit=True):
    g = [rect(-4, -120, 8, 120, "#3b3a4e", rx=3)]
    if lit:
        g = warm_glow(x, y - 150, 110) + group(g + [rect(-22, -170, 44, 54, LAMP, rx=12)], x, y)
        return g
    return group(g + [rect(-22, -170, 44, 54, DARK_WINDOW, rx=12)], x, y)


# ---- the forest ------------------------------------------------------------

def bear(x, y, s=1.0, yawn=False, curled=False, flip=False):
    fur, light = "#7e6a7e", "#9a8696"
    if curled:
        g = [ell(0, 6, 170, 22, SHADOW, opacity="0.55"),
             ell(0, -60, 160, 80, fur),
             ell(110, -60, 66, 60, fur),
             circ(82, -112, 20, fur), circ(150, -108, 20, fur),
             ell(140, -46, 26, 18, light)]
        g += face(118, -72, 18, sleepy=True, eye_r=6, mouth=False, nose="#4a3a4c")
        return group(g, x, y, s, flip)
    g = [ell(0, 6, 130, 20, SHADOW, opacity="0.55"),
         ell(0, -90, 110, 100, fur),
         ell(0, -70, 66, 70, light),
         ell(-70, -6, 46, 22, fur), ell(70, -6, 46, 22, fur),
         circ(-80, -290, 34, fur), circ(80, -290, 34, fur),
         circ(-80, -290, 18, light), circ(80, -290, 18, light),
         circ(0, -230, 100, fur),
         ell(0, -196, 48, 40, light),
         ell(0, -216, 14, 10, "#4a3a4c")]
    g += [arc_line(-52, -250, -24, -250, 10, EYE, 5), arc_line(24, -250, 52, -250, 10, EYE, 5),
          ell(-66, -214, 18, 10, CHEEK, opacity="0.45"), ell(66, -214, 18, 10, CHEEK,
                                                              opacity="0.45")]
    if yawn:
        g.append(ell(0, -180, 20, 24, "#5a3a50"))
    else:
        g.append(arc_line(-14, -190, 14, -190, 10, "#4a3a4c", 4))
    if yawn:  # a paw up to the mouth: a yawn, not a roar
        g.append(ell(-66, -150, 30, 40, fur, rot=30))
    return group(g, x, y, s, flip)


def fox(x, y, s=1.0, yawn=False, curled=False, flip=False):
    fur, light, dark = "#b97e62", "#d2ad92", "#6e4a48"
    if curled:
        g = [ell(0, 6, 110, 16, SHADOW, opacity="0.55"),
             ell(0, -44, 100, 50, fur),
             path("M -90 -30 Q -120 40 20 20 Q 110 10 100 -30 Q 60 0 -20 -2 Q -70 -6 -90 -30 Z",
                  fill=fur),
             ell(80, -4, 30, 14, light),
             ell(56, -60, 44, 36, fur),
             path("M 26 -84 L 32 -124 L 54 -90 Z", fill=fur),
             path("M 64 -92 L 88 -126 L 92 -84 Z", fill=fur),
             ell(82, -44, 22, 14, light)]
        g += face(56, -62, 16, sleepy=True, eye_r=5, mouth=False)
        return group(g, x, y, s, flip)
    g = [ell(0, 6, 100, 16, SHADOW, opacity="0.55"),
         path("M -50 -40 Q -170 -60 -150 -160 Q -120 -90 -40 -90 Z", fill=fur),
         path("M -146 -150 Q -160 -130 -148 -112 Q -132 -130 -146 -150 Z", fill=light),
         ell(0, -70, 70, 76, fur),
         ell(0, -54, 40, 50, light),
         ell(-36, -4, 28, 14, dark), ell(36, -4, 28, 14, dark),
         path("M -66 -190 L -58 -270 L -14 -214 Z", fill=fur),
         path("M 66 -190 L 58 -270 L 14 -214 Z", fill=fur),
         path("M -56 -206 L -54 -250 L -30 -218 Z", fill=dark),
         path("M 56 -206 L 54 -250 L 30 -218 Z", fill=dark),
         ell(0, -176, 72, 60, fur),
         path("M -60 -170 Q -30 -110 0 -110 Q 30 -110 60 -170 Q 30 -140 0 -144 Q -30 -140 -60 -170 Z",
              fill=light),
         ell(0, -134, 9, 7, "#4a3a4c")]
    g += [arc_line(-40, -184, -18, -184, 8, EYE, 4.5), arc_line(18, -184, 40, -184, 8, EYE, 4.5)]
    if yawn:
        g.append(ell(0, -118, 12, 14, "#5a3a50"))
    return group(g, x, y, s, flip)


def hedgehog(x, y, s=1.0, yawn=False, curled=False, flip=False):
    spines, skin = "#6e5e6e", "#c4a48e"
    if curled:
        g = [ell(0, 4, 80, 12, SHADOW, opacity="0.55"),
             path("M -70 0 Q -80 -40 -56 -70 L -40 -92 L -20 -78 L 0 -100 L 18 -80 L 40 -94 "
                  "L 52 -68 Q 78 -40 70 0 Z", fill=spines),
             ell(40, -22, 30, 22, skin)]
        g += face(44, -28, 10, sleepy=True, eye_r=4, mouth=False, nose="#4a3a4c")
        return group(g, x, y, s, flip)
    g = [ell(0, 4, 100, 14, SHADOW, opacity="0.55"),
         path("M -90 0 Q -100 -50 -74 -84 L -62 -120 L -40 -98 L -24 -134 L -4 -104 L 16 -130 "
              "L 30 -96 L 52 -114 L 56 -80 Q 80 -60 70 0 Z", fill=spines),
         ell(54, -36, 44, 34, skin),
         ell(96, -30, 9, 7, "#4a3a4c"),
         ell(30, 0, 16, 8, skin), ell(70, 0, 16, 8, skin)]
    g += [arc_line(46, -48, 62, -48, 6, EYE, 3.5), ell(50, -26, 10, 6, CHEEK, opacity="0.5")]
    if yawn:
        g.append(ell(74, -16, 8, 9, "#5a3a50"))
    return group(g, x, y, s, flip)


def deer(x, y, s=1.0, yawn=False, curled=False, flip=False):
    fur, light, dark = "#9a7a6e", "#c0a290", "#5e4a50"
    if curled:
        g = [ell(0, 6, 150, 18, SHADOW, opacity="0.55"),
             ell(0, -50, 130, 56, fur),
             ell(-30, -40, 40, 10, light),
             ell(20, -60, 12, 8, light), ell(-70, -66, 10, 7, light),
             ell(110, -110, 40, 46, fur, rot=20),
             ell(92, -160, 12, 28, fur, rot=-40), ell(140, -156, 12, 28, fur, rot=40),
             ell(136, -86, 20, 14, light)]
        g += face(114, -110, 14, sleepy=True, eye_r=5, mouth=False)
        return group(g, x, y, s, flip)
    g = [ell(0, 6, 120, 16, SHADOW, opacity="0.55"),
         rect(-70, -100, 22, 104, dark, rx=10), rect(50, -100, 22, 104, dark, rx=10),
         rect(-36, -90, 22, 94, fur, rx=10), rect(20, -90, 22, 94, fur, rx=10),
         ell(0, -130, 110, 56, fur),
         ell(-20, -140, 12, 8, light), ell(30, -120, 12, 8, light), ell(-60, -120, 10, 7, light),
         path("M 60 -150 Q 80 -220 96 -250 L 130 -236 Q 110 -190 100 -130 Z", fill=fur),
         ell(120, -270, 44, 50, fur, rot=15),
         ell(84, -318, 14, 30, fur, rot=-40), ell(156, -312, 14, 30, fur, rot=40),
         ell(138, -232, 22, 16, light), ell(150, -236, 7, 5, "#4a3a4c")]
    g += [arc_line(100, -276, 116, -276, 6, EYE, 4), arc_line(128, -272, 144, -272, 6, EYE, 4)]
    if yawn:
        g.append(ell(140, -220, 9, 10, "#5a3a50"))
    return group(g, x, y, s, flip)


def mouse(x, y, s=1.0, yawn=False, curled=False, flip=False):
    fur, ear = "#9890ac", "#b89aac"
    if curled:
        g = [ell(0, 3, 44, 7, SHADOW, opacity="0.55"),
             ell(0, -22, 40, 24, fur),
             circ(28, -40, 12, ear),
             path("M -38 -14 Q -60 0 -30 6", stroke=fur, stroke_width="4", stroke_linecap="round")]
        g += [arc_line(20, -24, 30, -24, 4, EYE, 3)]
        return group(g, x, y, s, flip)
    g = [ell(0, 3, 50, 8, SHADOW, opacity="0.55"),
         path("M -30 -10 Q -80 -4 -76 -40", stroke=fur, stroke_width="5", stroke_linecap="round"),
         ell(0, -30, 36, 34, fur),
         circ(-20, -88, 18, ear), circ(20, -88, 18, ear),
         circ(0, -68, 28, fur),
         ell(0, -58, 5, 4, "#7a5a6a")]
    g += [arc_line(-16, -72, -6, -72, 4, EYE, 3), arc_line(6, -72, 16, -72, 4, EYE, 3)]
    if yawn:
        g.append(ell(0, -48, 5, 6, "#5a3a50"))
    return group(g, x, y, s, flip)


def fern(x, y, s=1.0):
    return group([path("M 0 0 Q -30 -60 -80 -80 M 0 0 Q 10 -70 -10 -120 M 0 0 Q 40 -50 90 -70",
                       stroke="#335a56", stroke_width="12", stroke_linecap="round")], x, y, s)


def den(x, y):
    return [path("M %s %s Q %s %s %s %s Q %s %s %s %s Z" % (
        f(x - 300), f(y), f(x - 280), f(y - 260), f(x), f(y - 280), f(x + 280), f(y - 260),
        f(x + 300), f(y)), fill="#2a3a48"),
            path("M %s %s Q %s %s %s %s Z" % (f(x - 220), f(y), f(x), f(y - 380), f(x + 220), f(y)),
                 fill="#1d2838")]


def forest_back(n=4):
    out = []
    for x, s, c in ((120, 1.0, "#284a52"), (1480, 1.1, "#284a52"), (330, 0.8, "#2a4e56"),
                    (1290, 0.75, "#2a4e56"))[:n]:
        out += tree(x, 700, s, c)
    return out


# ---- the little town -------------------------------------------------------

HOUSES = (  # x, width, height, wall, roof
    (190, 230, 250, "#5e5878", "#443e5e"),
    (490, 220, 310, "#645a74", "#4a3e58"),
    (800, 250, 260, "#5a5a7a", "#3e3e5e"),
    (1110, 220, 300, "#625876", "#463c5a"),
    (1410, 240, 250, "#5c5674", "#423c5a"),
)
CURTAIN = "#b98a68"


def house(i, lit, inside=None, focus=False):
    """House i of the street, its window lit (curtains drawn back, what is inside) or
    dark (only the window's cross), with a soft spill of light when it is the page's."""
    x, w, h, wall, roof = HOUSES[i]
    base = 760
    ww, wh = 140, 116
    wx, wy = x - ww / 2, base - h + 50
    out = [rect(x - w / 2, base - h, w, h, wall, rx=14),
           path("M %s %s Q %s %s %s %s L %s %s Q %s %s %s %s Z" % (
               f(x - w / 2 - 22), f(base - h + 8), f(x - w / 2 - 10), f(base - h - 20), f(x - 12),
               f(base - h - 100), f(x + 12), f(base - h - 100), f(x + w / 2 + 10), f(base - h - 20),
               f(x + w / 2 + 22), f(base - h + 8)), fill=roof),
           rect(wx, wy, ww, wh, LAMP if lit else DARK_WINDOW, rx=16)]
    if lit:
        out += inside(x, wy, ww, wh) if inside else []
        out += [path("M %s %s Q %s %s %s %s L %s %s Z" % (
                    f(wx + 2), f(wy + 4), f(wx + 34), f(wy + wh * 0.45), f(wx + 6), f(wy + wh - 4),
                    f(wx + 2), f(wy + wh - 4)), fill=CURTAIN),
                path("M %s %s Q %s %s %s %s L %s %s Z" % (
                    f(wx + ww - 2), f(wy + 4), f(wx + ww - 34), f(wy + wh * 0.45), f(wx + ww - 6),
                    f(wy + wh - 4), f(wx + ww - 2), f(wy + wh - 4)), fill=CURTAIN)]
        if focus:
            out += warm_glow(x, wy + wh / 2, 210)
    else:
        out.append(path("M %s %s L %s %s M %s %s L %s %s" % (
            f(x), f(wy), f(x), f(wy + wh), f(wx), f(wy + wh / 2), f(wx + ww), f(wy + wh / 2)),
            stroke=wall, stroke_width="8"))
    out.append(rect(x - 30, base - 80, 60, 80, roof, rx=24))
    return out


def bread(x, wy, ww, wh):
    """The bakery: loaves on a shelf."""
    return [rect(x - 56, wy + 70, 112, 10, "#8a6a58", rx=5),
            ell(x - 32, wy + 60, 22, 14, LAMP_DEEP), ell(x + 2, wy + 58, 20, 16, LAMP_DEEP),
            ell(x + 34, wy + 60, 20, 13, LAMP_DEEP)]


def clock(x, wy, ww, wh):
    """Grandpa's: the old clock on the wall."""
    return [circ(x, wy + 50, 30, LAMP_DEEP), circ(x, wy + 50, 23, "#e8d2a4"),
            path("M %s %s L %s %s L %s %s" % (f(x), f(wy + 34), f(x), f(wy + 50), f(x + 12),
                                             f(wy + 56)),
                 stroke="#8a6a58", stroke_width="4", stroke_linecap="round")]


def kitten(x, wy, ww, wh):
    """The kitten in her basket."""
    return [circ(x, wy + 70, 20, "#a87e6a"),
            path("M %s %s L %s %s L %s %s Z M %s %s L %s %s L %s %s Z" % (
                f(x - 18), f(wy + 62), f(x - 14), f(wy + 40), f(x - 4), f(wy + 52),
                f(x + 18), f(wy + 62), f(x + 14), f(wy + 40), f(x + 4), f(wy + 52)), fill="#a87e6a"),
            path("M %s %s Q %s %s %s %s Z" % (f(x - 46), f(wy + 78), f(x), f(wy + 130), f(x + 46),
                                             f(wy + 78)), fill="#8a6a58")]


def singer(x, wy, ww, wh):
    """Someone singing a song to a little one: two heads and a note."""
    return [circ(x - 18, wy + 64, 22, LAMP_DEEP), circ(x + 24, wy + 78, 15, LAMP_DEEP),
            path("M %s %s L %s %s" % (f(x + 26), f(wy + 22), f(x + 26), f(wy + 44)),
                 stroke="#8a6a58", stroke_width="4", stroke_linecap="round"),
            ell(x + 20, wy + 46, 8, 6, "#8a6a58")]


def sleeper(x, wy, ww, wh):
    """The family's window: a little one in bed, the lamp still on."""
    return [rect(x - 52, wy + 80, 104, 26, LAMP_DEEP, rx=10),
            circ(x - 34, wy + 74, 14, "#b8927a")]


INSIDES = (bread, clock, kitten, singer, sleeper)


def street(lit_count, focus=None, moon_at=None, moon_face="smile", star_seed=7, n_stars=8):
    """The street: the first lit_count windows from the right stay lit (the lights go
    out from the left, the bakery first, the family's window last)."""
    out = sky()
    avoid = None
    if moon_at:
        avoid = (moon_at[0], moon_at[1], 230)
    out += stars(star_seed, n_stars, bottom=380, avoid=avoid, sparkles=2)
    if moon_at:
        out += moon(moon_at[0], moon_at[1], moon_at[2], moon_face)
    out += [path("M 0 700 Q 400 620 800 660 Q 1200 700 1600 630 L 1600 1000 L 0 1000 Z",
                 fill=HILL_BACK)]
    for i in range(5):
        lit = i >= 5 - lit_count
        out += house(i, lit, INSIDES[i] if lit else None, focus == i)
    out += [path("M 0 800 Q 400 790 800 805 Q 1200 815 1600 795 L 1600 1000 L 0 1000 Z",
                 fill="url(#ground)")]
    return out


# ---- the pages -------------------------------------------------------------

def dusk_page(story, comment, body):
    return page(story, comment, body, DUSK)


def page(story, comment, body, palette=SKY):
    return {"comment": comment, "body": body, "palette": palette}


def farm_pages():
    p = {}
    p["cover"] = page("farm", "Cover: the farm under the rising moon, the lamb asleep.",
                      sky() + stars(11, 9, avoid=(1180, 250, 250)) + moon(1180, 250, 0.95) + hills()
                      + farmhouse(380, 680, (True, False), 1.0) + barn(820, 690, True, 0.95)
                      + sheep(1240, 730, 0.95))
    p["01-sundown"] = dusk_page("farm", "Page 1: the sun goes down behind the hill; the farm goes quiet.",
                                sky() + [circ(1200, 660, 160, "#c9967a", opacity="0.5"),
                                         circ(1200, 660, 110, "#d9a98e", opacity="0.8")]
                                + stars(12, 4, bottom=300, sparkles=1, dim=0.6) + hills()
                                + farmhouse(420, 680, (True, True)) + barn(900, 690, True)
                                + tree(1420, 700, 0.8))
    p["02-hens"] = page("farm", "Page 2: the hens fluff up on their perch in the henhouse.",
                        sky() + stars(13, 8, avoid=(1300, 180, 200)) + moon(1300, 180, 0.6)
                        + hills() + warm_glow(800, 540, 440)
                        + [rect(380, 280, 840, 440, "#5a4458", rx=30),
                           path("M 340 300 L 790 120 Q 800 116 810 120 L 1260 300 Z", fill="#46344a"),
                           rect(440, 340, 720, 350, "#3c2e44", rx=20)]
                        + perch(480, 560, 640)
                        + hen(560, 550, 1.0) + hen(780, 550, 1.05, flip=True) + hen(1010, 550, 0.95)
                        + [ell(800, 690, 330, 20, "#8a7a5a")])
    p["03-cow"] = page("farm", "Page 3: the cow lies down in the soft, sweet hay.",
                       sky() + stars(14, 9, avoid=(300, 200, 220)) + moon(300, 200, 0.7) + hills()
                       + hay(820, 720, 760) + cow(760, 710, 1.15) + barn(1400, 690, True, 0.7))
    p["04-piglets"] = page("farm", "Page 4: the piglets snuggle nose to nose and doze.",
                           sky() + stars(15, 9, avoid=(1250, 200, 220)) + moon(1250, 200, 0.7)
                           + hills() + mud(800, 710, 420) + piglet(640, 700, 1.3)
                           + piglet(960, 700, 1.3, flip=True) + piglet(800, 740, 1.0))
    p["05-ducks"] = page("farm", "Page 5: the ducks tuck in beside the pond; the moon looks on.",
                         sky() + stars(16, 9, avoid=(800, 170, 230)) + moon(800, 170, 0.75) + hills()
                         + pond(820, 700, 460, 90) + [ell(800, 760, 60, 20, MOON, opacity="0.25")]
                         + duck(640, 690, 1.2) + duck(940, 700, 1.0, flip=True) + duck(1080, 720, 0.8)
                         + reeds(360, 720) + reeds(1240, 730))
    p["06-lamb"] = page("farm", "Page 6: the little lamb curls up by her mother.",
                        sky() + stars(17, 9, avoid=(1240, 210, 220)) + moon(1240, 210, 0.7) + hills()
                        + warm_glow(760, 640, 340)
                        + sheep(680, 720, 1.45) + sheep(980, 740, 0.8, flip=True))
    p["07-lights-out"] = page("farm", "Page 7: in the farmhouse the lights go out, one by one.",
                              sky() + stars(18, 11, avoid=(1250, 200, 220)) + moon(1250, 200, 0.75)
                              + hills() + farmhouse(600, 690, (False, True), 1.35)
                              + lantern(1060, 720, False) + barn(1330, 700, False, 0.7))
    p["08-goodnight-farm"] = page("farm", "Page 8: the moon is up, the stars are bright; the whole farm sleeps.",
                                  sky() + stars(19, 14, bottom=560, avoid=(800, 230, 250), sparkles=4)
                                  + moon(800, 230, 1.0, "sleepy") + hills()
                                  + farmhouse(300, 690, (False, False), 0.8) + barn(1300, 700, False, 0.8)
                                  + sheep(700, 740, 0.8) + sheep(880, 750, 0.55, flip=True)
                                  + hen(1050, 740, 0.6))
    return p


def yawn_pages():
    p = {}
    sleepy_den = den(800, 740)
    p["cover"] = page("yawn", "Cover: Bear's big yawn under the moon, the forest friends around him.",
                      sky() + stars(31, 9, avoid=(1220, 220, 240)) + moon(1220, 220, 0.9, "sleepy")
                      + hills() + forest_back(2) + bear(720, 730, 1.1, yawn=True)
                      + fox(1010, 740, 0.75) + mouse(480, 740, 0.9))
    p["01-bear"] = dusk_page("yawn", "Page 1: Bear gives a big, slow yawn as the day goes.",
                             sky() + [circ(300, 640, 150, "#c9967a", opacity="0.45")]
                             + stars(32, 4, bottom=280, sparkles=1, dim=0.6) + hills() + forest_back()
                             + bear(800, 740, 1.35, yawn=True))
    p["02-fox"] = page("yawn", "Page 2: Fox sees Bear, and Fox yawns too.",
                       sky() + stars(33, 9, avoid=(1300, 200, 200)) + moon(1300, 200, 0.55)
                       + hills() + forest_back() + bear(450, 740, 0.9) + fox(960, 740, 1.25, yawn=True))
    p["03-hedgehog"] = page("yawn", "Page 3: Hedgehog sees Fox, and gives a small yawn too.",
                            sky() + stars(34, 9, avoid=(300, 190, 200)) + moon(300, 190, 0.6)
                            + hills() + forest_back() + fox(520, 740, 0.8)
                            + hedgehog(940, 740, 1.9, yawn=True) + fern(1250, 750, 1.2))
    p["04-deer"] = page("yawn", "Page 4: Deer sees Hedgehog down in the fern, and yawns; now it is Mouse's turn.",
                        sky() + stars(35, 9, avoid=(1320, 180, 200)) + moon(1320, 180, 0.55)
                        + hills() + forest_back() + fern(420, 750) + hedgehog(420, 740, 0.8, flip=True)
                        + deer(820, 740, 1.25, yawn=True) + mouse(1220, 740, 0.8))
    p["05-mouse"] = page("yawn", "Page 5: Little Mouse gives the smallest yawn of all.",
                         sky() + stars(36, 9, avoid=(420, 200, 200)) + moon(420, 200, 0.55)
                         + hills() + forest_back() + warm_glow(800, 640, 300)
                         + [ell(800, 662, 170, 30, "#3a4e52")]
                         + mouse(800, 660, 2.4, yawn=True))
    p["06-curl-up"] = page("yawn", "Page 6: Bear, Fox, Hedgehog, Deer and Mouse all curl up.",
                           sky() + stars(37, 8, avoid=(1300, 180, 200)) + moon(1300, 180, 0.55)
                           + hills() + sleepy_den + bear(620, 750, 1.0, curled=True)
                           + fox(1000, 760, 0.9, curled=True) + deer(300, 760, 0.75, curled=True)
                           + hedgehog(1250, 760, 0.9, curled=True) + mouse(800, 770, 0.9, curled=True))
    p["07-moon"] = page("yawn", "Page 7: the moon comes up, round and slow; the forest breathes soft and low.",
                        sky() + stars(38, 13, bottom=560, avoid=(800, 260, 260), sparkles=4)
                        + moon(800, 260, 1.05, "sleepy") + hills() + forest_back()
                        + bear(640, 770, 0.6, curled=True) + fox(950, 780, 0.55, curled=True))
    p["08-your-turn"] = page("yawn", "Page 8: now it is your turn: a big, slow yawn, goodnight.",
                             sky() + stars(39, 12, avoid=(1250, 210, 220), sparkles=3)
                             + moon(1250, 210, 0.8, "sleepy") + hills() + warm_glow(700, 620, 360)
                             + [rect(380, 640, 660, 70, "#4f4668", rx=26),
                                ell(470, 620, 90, 34, "#a7a0c6")]
                             + bear(660, 650, 0.55, curled=True) + mouse(860, 640, 0.9, curled=True)
                             + [path("M 540 640 Q 760 600 1030 625 L 1030 690 Q 760 700 420 690 "
                                     "Q 430 650 540 640 Z", fill="#6f68a0")])
    return p


def town_pages():
    p = {}
    p["cover"] = page("town", "Cover: five little windows, warm and bright, under the moon.",
                      street(5, focus=2, moon_at=(1180, 150, 0.55)))
    p["01-five-windows"] = page("town", "Page 1: five little windows on a little street, at the start of the night.",
                                street(5, moon_at=None, star_seed=41, n_stars=6))
    p["02-baker"] = page("town", "Page 2: the baker puts the bread to bed; click goes the light.",
                         street(5, focus=0, star_seed=42))
    p["03-clock"] = page("town", "Page 3: four little windows; Grandpa winds the clock.",
                         street(4, focus=1, star_seed=43))
    p["04-kitten"] = page("town", "Page 4: three little windows; the kitten curls up in her basket.",
                          street(3, focus=2, star_seed=44))
    p["05-song"] = page("town", "Page 5: two little windows; someone sings a song, soft and long.",
                        street(2, focus=3, star_seed=45))
    p["06-moon-peeks"] = page("town", "Page 6: one little window; the moon peeks in to say hello.",
                              street(1, focus=4, moon_at=(1310, 180, 0.6), star_seed=46))
    p["07-stars"] = page("town", "Page 7: the stars come out above the town; the street settles down.",
                         street(1, moon_at=(760, 170, 0.8, ), moon_face="sleepy", star_seed=47,
                                n_stars=6))
    p["08-glowing-still"] = page("town", "Page 8: one little window, glowing still; someone who loves you always will.",
                                 street(1, focus=4, moon_at=(760, 170, 0.8), moon_face="sleepy",
                                        star_seed=48, n_stars=10))
    return p


def town_stars_layer():
    """The twinkling stars over page 7: a transparent drawing laid over the page."""
    rng = random.Random(49)
    out = ['<g fill="%s">' % STAR]
    for _ in range(12):
        x, y = rng.uniform(60, W - 60), rng.uniform(40, 380)
        if math.hypot(x - 760, y - 170) < 200:
            continue
        out.append("  " + sparkle(x, y, rng.uniform(8, 14), "%.2f" % rng.uniform(0.35, 0.55)))
    out.append("</g>")
    return out


def reassurance_picture():
    """The closing scene, the same after every story: a small house on the hill under the
    moon and stars, its one window lit warm, a little one asleep inside. No grown-up is
    drawn, so the picture fits whatever words the family gives the scene."""
    x, base = 800, 730
    body = sky() + stars(51, 12, bottom=480, avoid=(1220, 190, 230), sparkles=4)
    body += moon(1220, 190, 0.75, "sleepy") + hills()
    body += warm_glow(x, 560, 430)
    body += tree(430, 720, 0.9) + tree(1190, 730, 0.75)
    body += [rect(x - 210, base - 290, 420, 290, "#625a7c", rx=18),
             rect(x + 100, base - 420, 50, 110, "#4d4668", rx=8),
             path("M %d %d Q %d %d %d %d L %d %d Q %d %d %d %d Z" % (
                 x - 245, base - 280, x - 228, base - 320, x - 20, base - 430, x + 20, base - 430,
                 x + 228, base - 320, x + 245, base - 280), fill="#4a4264"),
             rect(x - 150, base - 230, 190, 150, LAMP, rx=20),
             # inside: the little one asleep, the night lamp on
             rect(x - 130, base - 122, 140, 32, LAMP_DEEP, rx=12),
             circ(x - 108, base - 130, 17, "#b8927a"),
             rect(x - 18, base - 176, 10, 54, "#a47c64", rx=4),
             ell(x - 13, base - 184, 26, 16, "#c99b6c"),
             path("M %d %d Q %d %d %d %d L %d %d Z" % (
                 x - 146, base - 226, x - 104, base - 170, x - 142, base - 84, x - 146, base - 84),
                 fill=CURTAIN),
             path("M %d %d Q %d %d %d %d L %d %d Z" % (
                 x + 36, base - 226, x - 6, base - 170, x + 32, base - 84, x + 36, base - 84),
                 fill=CURTAIN),
             rect(x + 80, base - 150, 80, 150, "#4a4264", rx=30),
             circ(x + 142, base - 76, 6, "#c99b6c")]
    body += warm_glow(x - 55, base - 155, 170)
    return body


# ---- writing ---------------------------------------------------------------

def cost(svg):
    """The checker's count: shapes, plus a shape for each 20 coordinate pairs of path data."""
    shapes = len(re.findall(r"<(path|rect|circle|ellipse|line|polyline|polygon)\b", svg))
    pts = 0
    for d in re.findall(r' (?:d|points)="([^"]*)"', svg):
        pts += (len(re.findall(r"-?\d+(?:\.\d+)?", d)) + 1) // 2
    return shapes + pts / 20.0


def write_svg(where, name, comment, body, palette=SKY, background=True):
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d">'
           % (W, H, W, H), "  <!-- %s -->" % comment]
    if background:
        svg.append(DEFS.format(s0=palette[0], s1=palette[1], s2=palette[2]).rstrip("\n"))
    svg += ["  " + line for line in body]
    svg.append("</svg>")
    text = "\n".join(svg) + "\n"
    c = cost(text)
    if c > SHAPE_BUDGET:
        sys.exit("make-story-art: %s/%s.svg costs %.0f shapes, over %d" % (where, name, c, SHAPE_BUDGET))
    with open(os.path.join(where, name + ".svg"), "w") as out:
        out.write(text)
    print("%s/%s.svg: %.0f shapes, %d bytes" % (os.path.basename(where), name, c, len(text)))


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    stories = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "stories")
    books = {"sleepy-farm": farm_pages(), "the-big-yawn": yawn_pages(),
             "little-lights-goodnight": town_pages()}
    for folder, pages in books.items():
        where = os.path.join(stories, folder)
        os.makedirs(where, exist_ok=True)
        for name, pg in pages.items():
            write_svg(where, name, pg["comment"], pg["body"], pg["palette"])
    write_svg(os.path.join(stories, "little-lights-goodnight"), "stars",
              "Page 7's twinkling stars: laid over the page, the rest transparent.",
              town_stars_layer(), background=False)
    write_svg(os.path.join(here, "assets", "reassurance"), "picture",
              "The closing scene: a small house under the moon and stars, its window lit warm.",
              reassurance_picture())


if __name__ == "__main__":
    main()
