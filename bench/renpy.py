#!/usr/bin/env python3
"""The same story night in Hushabye and in Ren'Py, one after the other (issue 13).

`bench/run.sh --only renpy` (bench.py hands the part to run() here). Ren'Py is
a benchmark-only dependency (`apt-get install -y --no-install-recommends
renpy`, Debian 12: Ren'Py 8.0.3); where it is missing the part says so and is
reported as not run.

How the Ren'Py night is made the same night:

- The timeline is the player's own: the story is played once with
  `hushabye --clock virtual --trace` (a second, nothing drawn for real), and
  every time in it (the first fade-in, each crossfade, each narration's length
  as the player decoded it, each hold after it, the closing scene's hold, the
  dimming, the dark) is what the Ren'Py script waits for, against one clock
  from its first transition. Both nights are the same length.
- The pictures are the player's own pixels: each page is saved with
  `hushabye --snapshot` from a copy of the story whose words are a single
  no-break space, so the snapshot holds the picture as the player letterboxes
  and scales it, the night background, the caption's soft band and the replay
  mark, but no letters; the closing scene likewise (its words made a no-break
  space through a private XDG data folder). Rasterising the SVGs again with
  rsvg-convert or ImageMagick would give other pixels (other scaling, no band).
- The words are Ren'Py text (Andika, the player's font, in the player's warm
  white), centred in the band where the player puts them when a picture covers
  the window; not the same glyph pixels (Ren'Py's own layout and renderer).
- Each narration plays on Ren'Py's voice channel, from the story's own file
  (the closing voice from assets/reassurance/); a page turns with
  `Dissolve(transition-time)` (`Fade` for fade-through-black), then the closing
  scene, then a `Dissolve` to black over the dimming's seconds whose time warp
  follows the player's CIE-lightness curve (continuous, not 100 steps; no warm
  night-light shift), then the seconds of dark, then quit.
- No splash, no main menu (`label main_menu: return`), no quick menu or
  dialogue window (no screens.rpy, `config.window = "hide"`), no rollback, no
  saves. A 1280x800 window covering the 1280x800 screen, as the player's: Ren'Py
  keeps a window 102 pixels smaller than the display's bounds, so the project
  tells it the bounds are 102 pixels larger (fullscreen on an Xvfb without a
  window manager showed nothing at all while Ren'Py drew 750 frames a second).
- Ren'Py writes the player's trace lines to the bench's FIFO (video,
  story-start, transition-start to=N, transition-end, page n=N,
  narration-start/-end, reassurance, dim-start, dark, quit, and a summary line
  with the frames it drew per phase, counted by wrapping
  Interface.draw_screen), so bench.analyse() cuts both nights into the same
  phases. narration-end is written when the voice channel has stopped.

Both play with SDL's disk audio driver (Ren'Py opens its device through SDL
too, s16 48 kHz stereo), so both nights really decode and mix their audio in
real time without a sound card. Ren'Py draws with its gl2 renderer, which here
is Mesa's llvmpipe, GL on the CPU: that is the comparison issue 13 made.
Debian's Ren'Py 8.0.3 cannot start under Debian's Python 3.11 (its screen
language builds AST nodes whose end line is before their line; upstream issue
renpy/renpy#5461), so the project carries a `python early` shim that corrects
those line numbers before compiling; it changes nothing else.
"""
import copy
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

import bench

HOW_TO_GET = ("Ren'Py is not installed: apt-get install -y --no-install-recommends renpy "
              "(Debian 12 has Ren'Py 8.0.3; needed by this benchmark part only)")
AUDIO_EXT = bench.AUDIO_EXT
WORDS_RGB = "#efe6d2"   # the player's warm off-white (engine/core/compose_draw.h)
BAND_SHARE = 0.26       # the band's height over a picture (layout.c BAND_OVER_PICTURE)
TEXT_SHARE = 0.92       # the text box's width (layout.c: 4 % margins each side)
NBSP = "\u00a0"


def find_renpy():
    """The Ren'Py launcher (Debian puts it in /usr/games), or None."""
    return shutil.which("renpy", path=os.environ.get("PATH", "") + os.pathsep + "/usr/games")


def renpy_version():
    out = subprocess.run(["sh", "-c", "dpkg-query -W -f '${Version}' renpy 2>/dev/null"],
                         capture_output=True, text=True).stdout
    return out or None


# ---------------------------------------------------------------- the story
def parse_trace(text):
    """[(t, event, {k: v})] of a trace's lines."""
    out = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        try:
            t = float(parts[0])
        except ValueError:
            continue
        out.append((t, parts[1], dict(x.split("=", 1) for x in parts[2:] if "=" in x)))
    return out


def read_ini(path):
    """{section: {key: value}} of a story.ini (comments only at a line's start,
    as the player reads it); {} when there is none."""
    out, sec = {}, None
    try:
        lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    except OSError:
        return out
    for raw in lines:
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        m = re.match(r"^\[(.*)\]$", line)
        if m:
            sec = out.setdefault(m.group(1).strip().lower(), {})
            continue
        if "=" in line and sec is not None:
            k, _, v = line.partition("=")
            sec[k.strip().lower()] = v.strip()
    return out


def story_pages(story):
    """The story's pages in the player's order (by leading number): for each,
    its number, its words and its narration file (story.ini's [page N] text and
    narration win over the numbered files)."""
    ini = read_ini(os.path.join(story, "story.ini"))
    files = {}
    for f in sorted(os.listdir(story)):
        m = re.match(r"^0*(\d{1,3})(?:[^0-9].*)?$", f)
        if m and os.path.isfile(os.path.join(story, f)):
            files.setdefault(int(m.group(1)), []).append(f)
    numbers = set(files)
    for sec in ini:
        m = re.match(r"^page\s+(\d+)$", sec)
        if m:
            numbers.add(int(m.group(1)))
    pages = []
    for n in sorted(numbers):
        names = files.get(n, [])
        sec = ini.get(f"page {n}", {})
        text = sec.get("text")
        txt = next((f for f in names if f.lower().endswith(".txt")), None)
        if text is None and txt:
            text = open(os.path.join(story, txt), encoding="utf-8", errors="replace").read().strip()
        voice = sec.get("narration") or next((f for f in names if f.lower().endswith(AUDIO_EXT)), None)
        pages.append({"number": n, "text": text or "", "text_file": txt,
                      "narration": os.path.join(story, voice) if voice else None})
    return pages, ini


def player_env(opt, extra):
    env = dict(os.environ, **extra)
    for kv in opt.env or []:
        k, _, v = kv.partition("=")
        env[k] = v
    return env


def virtual_night(opt, story, size, dim, dark, env):
    """The player's own timeline of the night: the trace of a --clock virtual run."""
    r = subprocess.run([opt.bin, "--size", f"{size[0]}x{size[1]}", "--clock", "virtual", "--trace", "-",
                        "--exit-when-dark", str(dark), "--dim", str(dim), story],
                       env=dict(env, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy"),
                       capture_output=True, text=True, timeout=120)
    return parse_trace(r.stdout)


def wordless_copy(story, pages, dest):
    """A copy of the story whose words are one no-break space: the player still
    draws the caption's band but no letter. Read-along timings are left out."""
    shutil.copytree(story, dest, symlinks=False)
    for f in os.listdir(dest):
        if f.lower().endswith((".txt", ".vtt")):
            os.unlink(os.path.join(dest, f))
    for p in pages:
        if p["text"]:
            with open(os.path.join(dest, p["text_file"] or f'{p["number"]:02d}.txt'), "w",
                      encoding="utf-8") as f:
                f.write(NBSP + "\n")
    ini = os.path.join(dest, "story.ini")
    if os.path.exists(ini):
        lines = open(ini, encoding="utf-8", errors="replace").read().splitlines()
        with open(ini, "w", encoding="utf-8") as f:
            for line in lines:
                f.write((re.sub(r"^(\s*text\s*=).*$", r"\1 " + NBSP, line, flags=re.I)) + "\n")


def snapshot(opt, story, size, which, out, env):
    """hushabye --snapshot of one scene (a page number or 'reassurance'); True if saved."""
    r = subprocess.run([opt.bin, "--size", f"{size[0]}x{size[1]}", "--clock", "virtual",
                        "--exit-when-dark", "0", "--dim", "2", "--snapshot", out,
                        "--snapshot-page", str(which), story],
                       env=dict(env, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy"),
                       capture_output=True, text=True, timeout=120)
    return r.returncode == 0 and os.path.exists(out)


# ---------------------------------------------------------------- the timeline
def timeline(events):
    """The night's scenes from the virtual trace: for each transition, when it
    starts, how long it lasts, the scene it leads to, its narration (seconds
    as decoded) and when the next thing starts; then the dimming and the dark.
    Times are seconds from the first transition-start."""
    starts = [i for i, e in enumerate(events) if e[1] == "transition-start"]
    if not starts:
        raise RuntimeError("the player's virtual night has no transition")
    t0 = events[starts[0]][0]
    steps = []
    for k, i in enumerate(starts):
        end = next((e for e in events[i:] if e[1] == "transition-end"), None)
        nxt = next((e for e in events[i + 1:] if e[1] in ("transition-start", "dim-start")), None)
        narr = next((e for e in events[i:] if e[1] == "narration-start"
                     and (nxt is None or e[0] <= nxt[0])), None)
        nend = next((e for e in events[i:] if e[1] == "narration-end"
                     and (nxt is None or e[0] <= nxt[0])), None)
        steps.append({"to": events[i][2].get("to"), "start": round(events[i][0] - t0, 3),
                      "seconds": round((end[0] if end else events[i][0]) - events[i][0], 3),
                      "narration_s": float(narr[2]["seconds"]) if narr else None,
                      "hold_after": round(nxt[0] - nend[0], 3) if (nxt and nend) else None,
                      "leave": round(nxt[0] - t0, 3) if nxt else None})
    dim = next((e for e in events if e[1] == "dim-start"), None)
    dark = next((e for e in events if e[1] == "dark"), None)
    quit_ = next((e for e in events if e[1] == "quit"), None)
    if not (dim and dark and quit_):
        raise RuntimeError("the player's virtual night has no dimming, dark or quit")
    return {"steps": steps, "dim_at": round(dim[0] - t0, 3), "dim_s": round(dark[0] - dim[0], 3),
            "dark_s": round(quit_[0] - dark[0], 3)}


def dim_curve(n=101):
    """The dimming's brightness (0..1) at n even points of its time: the
    player's CIE-lightness curve (L* falling evenly, as luminance, sRGB-encoded;
    engine/core/player.c player_dim_level) without its 100 steps."""
    def srgb(y):
        return 12.92 * y if y <= 0.0031308 else 1.055 * y ** (1 / 2.4) - 0.055

    def lum(L):
        return ((L + 16) / 116) ** 3 if L > 8 else L / 903.3

    return [round(srgb(lum(100.0 * (1 - k / (n - 1)))), 5) for k in range(n)]


# ---------------------------------------------------------------- the project
OPTIONS_RPY = '''\
# Made by bench/renpy.py: the settings that leave a picture book alone on screen.
init -1 python:
    config.screen_width = {w}
    config.screen_height = {h}
    config.window_title = "Hushabye night in Ren'Py"
    config.performance_test = False
    config.rollback_enabled = False
    config.has_autosave = False
    config.autosave_on_quit = False
    config.autosave_on_choice = False
    config.allow_skipping = False
    config.developer = False
    config.save_directory = None
    config.window = "hide"

define _game_menu_screen = None

# Ren'Py sizes its window to the display's bounds less 102 pixels (room for a
# desktop's panels); here the window is to cover the screen, as the player's does.
python early:
    import pygame_sdl2 as _hb_pygame
    _hb_display_bounds = _hb_pygame.display.get_display_bounds

    def _hb_whole_screen(index):
        x, y, w, h = _hb_display_bounds(index)
        return (x, y, w + 102, h + 102)

    _hb_pygame.display.get_display_bounds = _hb_whole_screen

label main_menu:
    return
'''

# Debian 12's Ren'Py 8.0.3 under Python 3.11: see the file's design paragraph.
PY311_RPY = '''\
python early:
    import ast as _hb_ast
    import renpy.sl2.slast as _hb_slast

    def _hb_fixed(tree):
        for n in _hb_ast.walk(tree):
            if getattr(n, "end_lineno", None) is not None and n.end_lineno < n.lineno:
                n.end_lineno = n.lineno
            if (getattr(n, "end_lineno", None) is not None and n.end_lineno == n.lineno
                    and getattr(n, "end_col_offset", None) is not None
                    and n.end_col_offset < n.col_offset):
                n.end_col_offset = n.col_offset
        return tree

    def _hb_compile_expr(loc, node):
        if loc[0] in renpy.python.py3_files:
            flags = renpy.python.py3_compile_flags
        else:
            flags = renpy.python.new_compile_flags
        expr = _hb_ast.Expression(body=node)
        _hb_ast.fix_missing_locations(expr)
        return compile(_hb_fixed(expr), loc[0], "eval", flags, 1)

    _hb_slast.compile_expr = _hb_compile_expr
'''

NIGHT_RPY = '''\
# Made by bench/renpy.py: plays night.json, writing Hushabye's trace lines.
init python:
    import json as _hb_json
    import os as _hb_os
    import time as _hb_time
    import renpy.display.core as _hb_core

    hb_night = _hb_json.loads(renpy.file("night.json").read().decode("utf-8"))
    hb_state = {{"phase": "start-up", "out": None, "t0": None}}
    hb_frames = {{}}
    hb_phase_of = {{"transition-start": "transition", "page": "page", "reassurance": "reassurance",
                   "dim-start": "dim", "dark": "dark", "quit": "after"}}

    _hb_draw_screen = _hb_core.Interface.draw_screen

    def _hb_counting_draw_screen(self, root_widget, fullscreen_video, draw):
        # A frame drawn (not only laid out) counts for the phase it falls in.
        if draw:
            hb_frames[hb_state["phase"]] = hb_frames.get(hb_state["phase"], 0) + 1
        return _hb_draw_screen(self, root_widget, fullscreen_video, draw)

    _hb_core.Interface.draw_screen = _hb_counting_draw_screen

    def hb_trace(event, **kv):
        out = hb_state["out"]
        t = _hb_time.monotonic() - (hb_state["t0"] or _hb_time.monotonic())
        if out is not None:
            out.write("%.3f %s%s\\n" % (t, event, "".join(" %s=%s" % i for i in kv.items())))
            out.flush()
        hb_state["phase"] = hb_phase_of.get(event, hb_state["phase"])

    def hb_now():
        return _hb_time.monotonic() - hb_state["t0"]

    def hb_until(t):
        left = t - hb_now()
        if left > 0.001:
            renpy.pause(left, hard=True)

    def hb_dim_warp(u):
        curve = hb_night["dim_curve"]
        x = min(max(u, 0.0), 1.0) * (len(curve) - 1)
        i = min(int(x), len(curve) - 2)
        return 1.0 - (curve[i] + (curve[i + 1] - curve[i]) * (x - i))

    def hb_transition(step):
        if step["seconds"] <= 0:
            return None
        if step["kind"] == "fade-through-black":
            return Fade(step["seconds"] / 2, 0, step["seconds"] / 2)
        return Dissolve(step["seconds"])

    def hb_show(step):
        renpy.scene()
        renpy.show("hb_picture", what=Image(step["picture"]))
        if step["caption"]:
            renpy.show("hb_caption", what=Text(
                step["caption"].replace("{{", "{{{{"), substitute=False, font=hb_night["font"],
                size=hb_night["font_px"], color=hb_night["colour"], text_align=0.5,
                xalign=0.5, yanchor=0.5, ypos=hb_night["caption_y"],
                xmaximum=hb_night["caption_w"]))

    def hb_narrate(step):
        # Ren'Py's own voice: voice() plays it at the next interaction, and an
        # interaction without voice_sustain() would stop it.
        voice(step["voice"])
        began = hb_now()
        hb_trace("narration-start", n=step["to"], seconds="%.3f" % step["narration_s"])
        hb_until(began + step["narration_s"])
        # Then until the channel has really stopped (at most 3 s more).
        while renpy.music.get_playing(channel="voice") is not None and hb_now() < began + step["narration_s"] + 3:
            voice_sustain()
            renpy.pause(0.02, hard=True)
        hb_trace("narration-end", n=step["to"])
        return hb_now()

    def hb_play():
        path = _hb_os.environ.get("HUSHABYE_TRACE")
        hb_state["out"] = open(path, "w") if path else None
        # Ren'Py opens its window and GL at the first interaction: a black one
        # here, so the renderer can be named (the start-up phase holds it).
        renpy.pause(0.01, hard=True)
        info = renpy.get_renderer_info()
        hb_state["t0"] = _hb_time.monotonic()  # the night's clock: the timeline counts from here
        hb_trace("video", renderer=info.get("renderer", "?"), models=info.get("models", False))
        hb_trace("story-start", folder=hb_night["folder"])
        for step in hb_night["steps"]:
            hb_until(step["start"])
            hb_trace("transition-start", to=step["to"])
            hb_show(step)
            renpy.with_statement(hb_transition(step))
            hb_trace("transition-end")
            if step["to"] == "reassurance":
                hb_trace("reassurance")
            else:
                hb_trace("page", n=step["to"])
            if step["voice"]:
                ended = hb_narrate(step)
                step["leave"] = max(step["leave"], ended + (step["hold_after"] or 0))
            hb_until(step["leave"])
        hb_trace("dim-start", seconds="%.1f" % hb_night["dim_s"])
        renpy.scene()
        renpy.with_statement(Dissolve(hb_night["dim_s"], time_warp=hb_dim_warp))
        hb_trace("dark")
        renpy.pause(hb_night["dark_s"], hard=True)
        hb_trace("quit")
        f = hb_frames
        hb_trace("summary", frames_shelf=0, frames_startup=f.get("start-up", 0),
                 frames_page=f.get("page", 0), frames_transition=f.get("transition", 0),
                 frames_reassurance=f.get("reassurance", 0), frames_dim=f.get("dim", 0),
                 frames_dark=f.get("dark", 0), problems=0)
        if hb_state["out"] is not None:
            hb_state["out"].close()
        renpy.quit()

label start:
    $ hb_play()
    return
'''


def make_project(opt, story, size, dim, dark, dest, env):
    """Write the Ren'Py project for the story's night into dest; returns
    (night description as written to night.json, the virtual timeline events)."""
    w, h = size
    game = os.path.join(dest, "game")
    os.makedirs(os.path.join(game, "images"))
    os.makedirs(os.path.join(game, "audio"))
    events = virtual_night(opt, story, size, dim, dark, env)
    tl = timeline(events)
    pages, ini = story_pages(story)
    in_trace = [s["to"] for s in tl["steps"] if s["to"] != "reassurance"]
    if len(pages) != len(in_trace):
        raise RuntimeError(f"the story has {len(pages)} pages here but the player plays {len(in_trace)}")
    kind = ini.get("story", {}).get("transition", "crossfade").lower()
    # The pictures: the player's own frame of each scene, words made invisible.
    bare = os.path.join(dest, "wordless-story")
    wordless_copy(story, pages, bare)
    quiet = os.path.join(dest, "xdg-data")
    os.makedirs(os.path.join(quiet, "hushabye"))
    with open(os.path.join(quiet, "hushabye", "reassurance.txt"), "w", encoding="utf-8") as f:
        f.write(NBSP + "\n")
    snap_env = dict(env, XDG_DATA_HOME=quiet)
    assets = os.path.join(bench.ROOT, "assets", "reassurance")
    words = open(os.path.join(assets, "words.txt"), encoding="utf-8").read().strip()
    voice = os.path.join(assets, "voice.ogg")
    for k, step in enumerate(tl["steps"]):
        which = step["to"]
        pic = f"images/{which}.png"
        if not snapshot(opt, bare, size, which, os.path.join(game, pic), snap_env):
            raise RuntimeError(f"hushabye --snapshot of scene {which} failed")
        step["picture"] = pic
        step["kind"] = "crossfade" if k == 0 else kind  # the first is a fade-in from black
        if which == "reassurance":
            step["caption"], src = words, voice
        else:
            page = pages[int(which) - 1]
            step["caption"], src = page["text"], page["narration"]
        step["voice"] = None
        if step["narration_s"] and src:
            step["voice"] = f"audio/{which}{os.path.splitext(src)[1].lower()}"
            shutil.copy(src, os.path.join(game, step["voice"]))
    font = "/usr/share/fonts/truetype/andika/Andika-Regular.ttf"
    if os.path.exists(font):
        shutil.copy(font, os.path.join(game, "Andika-Regular.ttf"))
        font = "Andika-Regular.ttf"
    else:
        font = "DejaVuSans.ttf"  # Ren'Py's own
    band = round(h * BAND_SHARE)
    night = dict(tl, folder=os.path.basename(os.path.abspath(story)), font=font,
                 font_px=round(h / 19), colour=WORDS_RGB, caption_y=h - band // 2,
                 caption_w=round(w * TEXT_SHARE), dim_curve=dim_curve(), transition=kind)
    with open(os.path.join(game, "night.json"), "w", encoding="utf-8") as f:
        json.dump(night, f, indent=1, ensure_ascii=False)
    for name, text in (("hushabye_options.rpy", OPTIONS_RPY.format(w=w, h=h)),
                       ("hushabye_py311.rpy", PY311_RPY), ("hushabye_night.rpy", NIGHT_RPY.format())):
        with open(os.path.join(game, name), "w", encoding="utf-8") as f:
            f.write(text)
    shutil.rmtree(bare, ignore_errors=True)
    shutil.rmtree(quiet, ignore_errors=True)
    return night, events


def compile_project(renpy, project, env):
    """Compile the scripts once beforehand, as a shipped game has them, so the
    measured start-up does not include Ren'Py compiling them."""
    r = subprocess.run([renpy, project, "compile"], env=env, capture_output=True, text=True, timeout=300)
    # Nothing of this run may carry over to the night (Ren'Py keeps the window
    # size it last used in its preferences).
    shutil.rmtree(os.path.join(project, "game", "saves"), ignore_errors=True)
    return r.returncode, (r.stdout + r.stderr).strip().splitlines()[-5:]


# ---------------------------------------------------------------- screenshots
def write_png(path, w, h, rows):
    def chunk(t, d):
        c = struct.pack(">I", len(d)) + t + d
        return c + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)

    raw = b"".join(b"\x00" + r for r in rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def xwd_to_png(data, path):
    """A TrueColor XWD dump of 24 or 32 bits a pixel (what xwd writes for Xvfb's screen) as an RGB PNG."""
    hdr = struct.unpack(">25I", data[:100])
    size, w, h, order, bpp, bpl = hdr[0], hdr[4], hdr[5], hdr[7], hdr[11], hdr[12]
    masks, ncolors = hdr[14:17], hdr[19]
    if bpp not in (24, 32):
        raise ValueError(f"xwd: {bpp} bits a pixel, not 24 or 32")
    step = bpp // 8  # 24: packed pixels (rows still padded to bytes_per_line)
    off = size + 12 * ncolors

    def byte_of(mask):
        shift = (mask & -mask).bit_length() - 1
        return shift // 8 if order == 0 else step - 1 - shift // 8

    idx = [byte_of(m) for m in masks]
    rows = []
    for y in range(h):
        row = data[off + y * bpl: off + y * bpl + step * w]
        out = bytearray(3 * w)
        for c in range(3):
            out[c::3] = row[idx[c]::step]
        rows.append(bytes(out))
    write_png(path, w, h, rows)


def screenshot(display, path):
    """The X server's screen as a PNG (xwd from x11-apps); None, or why not."""
    if not shutil.which("xwd"):
        return "xwd is not installed (apt-get install x11-apps)"
    try:
        r = subprocess.run(["xwd", "-root", "-silent", "-display", display], capture_output=True, timeout=30)
        xwd_to_png(r.stdout, path)
        return None
    except (OSError, ValueError, struct.error, subprocess.TimeoutExpired) as e:
        return f"screenshot failed: {e}"


# ---------------------------------------------------------------- the Ren'Py night
def renpy_log(project):
    """What Ren'Py's log.txt says about the renderer and the window."""
    txt = bench._read(os.path.join(project, "log.txt")) or ""
    def pick(pat):
        m = re.search(pat, txt, re.M)
        # Ren'Py logs GL strings as Python bytes: b'llvmpipe ...'
        return re.sub(r"^b'(.*)'$", r"\1", m.group(1).strip()) if m else None

    return {"renderer": pick(r"^Renderer: (.*)$"), "version": pick(r"^Version: (.*)$"),
            "screen_sizes": pick(r"^Screen sizes: (.*)$"), "mode": pick(r"^(Windowed|Fullscreen) mode"),
            "swap_interval": pick(r"^swap interval: (.*)$")}


def renpy_night(opt, renpy, project, size, story, dim, dark, workdir, shot_path):
    """Run the Ren'Py project on a private Xvfb as bench.night() runs the
    player: the trace read from a FIFO, /proc sampled at each line, the night
    cut into the same phases by bench.analyse()."""
    w, h = size
    d = tempfile.mkdtemp(prefix="renpy-night-", dir=workdir)
    raw = os.path.join(d, "audio.raw")
    fifo = os.path.join(d, "trace.fifo")
    os.mkfifo(fifo)
    xv, display = bench.start_xvfb(w, h, d)
    home = os.path.join(d, "home")
    os.makedirs(home)
    env = dict(os.environ, DISPLAY=display, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=raw,
               HUSHABYE_TRACE=fifo, HOME=home)
    env.pop("SDL_VIDEODRIVER", None)
    env.pop("SDL_RENDER_DRIVER", None)
    errlog = open(os.path.join(d, "stderr.log"), "w")
    x_base = bench.proc_cpu(xv.pid)
    steal0 = bench.host_steal()
    t_spawn = time.monotonic()
    p = subprocess.Popen([renpy, project], env=env, stdout=errlog, stderr=errlog)
    samples = [{"t": t_spawn, "cpu": 0.0, "xcpu": x_base, "tasks": {}, "hwm": 0, "rss": 0}]
    events, why_stopped, shot = [], [], {}
    done = threading.Event()

    def unblock():
        try:  # a reader still waiting for the FIFO to open
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass

    def watch():
        # Ren'Py shows its error screen and waits there; stop it and say why.
        deadline = time.monotonic() + opt.timeout + dim + dark
        while not done.wait(1.0):
            for name in ("traceback.txt", "errors.txt", "game/traceback.txt", "game/errors.txt"):
                if os.path.exists(os.path.join(project, name)):
                    why_stopped.append(f"Ren'Py stopped with {name}: "
                                       + " | ".join((bench._read(os.path.join(project, name)) or "")
                                                    .strip().splitlines()[-3:]))
            if time.monotonic() > deadline:
                why_stopped.append("timed out")
            st = bench._read(f"/proc/{p.pid}/stat")
            if not st or st[st.rindex(")") + 2] == "Z":  # ended (not reaped: wait4 does that)
                if not events:
                    unblock()  # it never opened the FIFO
                return
            if why_stopped:
                p.kill()
                unblock()
                return

    def take_shot():
        shot["error"] = screenshot(display, shot_path)
        shot["path"] = shot_path

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    pages_seen = 0
    with open(fifo) as f:
        for line in f:
            s = bench.sample(p.pid, xv.pid, raw)
            e = bench.trace_line(line, s, t_spawn)
            if not e:
                continue
            events.append(e)
            samples.append(s)
            if e["event"] == "page":
                pages_seen += 1
                if pages_seen == 2 and shot_path:  # mid-page, while its narration plays
                    threading.Timer(2.0, take_shot).start()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)  # before done: the watcher's kill is then a no-op
    steal = bench.steal_since(steal0)
    done.set()
    x_end = bench.proc_cpu(xv.pid)
    bench.stop(xv)
    errlog.close()
    if not events:
        raise RuntimeError("Ren'Py wrote no trace line: " + (" ".join(why_stopped) or " | ".join(
            (bench._read(os.path.join(d, "stderr.log")) or "").strip().splitlines()[-5:])))
    res = bench.analyse(events, samples, "Ren'Py", "renpy", size, dim, dark)
    res["exit_code"] = p.returncode
    res["stopped"] = why_stopped
    res["rusage"] = {"utime": ru.ru_utime, "stime": ru.ru_stime, "maxrss_kb": ru.ru_maxrss,
                     "nvcsw": ru.ru_nvcsw, "nivcsw": ru.ru_nivcsw}
    res["x_cpu_total"] = round(x_end - x_base, 3) if x_end is not None else None
    res["host_steal"] = steal
    res["renpy_log"] = renpy_log(project)
    res["stderr"] = (bench._read(os.path.join(d, "stderr.log")) or "").strip().splitlines()[-10:]
    a = bench.audio_check(raw, events, story)
    # Ren'Py opens its device at start and keeps it open (mixing silence) until
    # it quits; the player opens it for the story and closes it in the dark. So
    # only the narrations are checked here, not the file's length.
    a.pop("shortfall_seconds", None)
    a["device_open"] = "from Ren'Py's start to its quit (the dark included)"
    a["ok"] = a.get("narrations_ok", False)
    res["audio"] = a
    res["screenshot"] = shot
    if not opt.keep:
        shutil.rmtree(d, ignore_errors=True)
    else:
        res["workdir"] = d
    return res


# ---------------------------------------------------------------- comparison
def compare(hu, rp):
    """Per phase and for the whole night (spawn to quit): CPU-s of program + X
    server, % of a core, and Ren'Py / Hushabye."""
    rows = {}
    for k in bench.PHASES:
        a, b = hu["phases"][k], rp["phases"][k]
        ca, cb = a["cpu"] + a["xcpu"], b["cpu"] + b["xcpu"]
        rows[k] = {"hushabye": {"wall": a["wall"], "cpu_s": round(ca, 3), "pct": a["cpu_pct"],
                                "program_s": a["cpu"], "x_s": a["xcpu"], "frames": a["frames"]},
                   "renpy": {"wall": b["wall"], "cpu_s": round(cb, 3), "pct": b["cpu_pct"],
                             "program_s": b["cpu"], "x_s": b["xcpu"], "frames": b["frames"]},
                   "ratio": round(cb / ca, 1) if ca > 0 else None,
                   # no tick of Hushabye's at all: the ratio is more than one tick's worth
                   "ratio_above": round(cb / (1 / bench.CLK), 1) if ca <= 0 < cb else None}
    tot = {}
    for name, r in (("hushabye", hu), ("renpy", rp)):
        ph = r["phases"]
        tot[name] = {"wall": round(sum(ph[k]["wall"] for k in bench.PHASES), 3),
                     "cpu_s": round(sum(ph[k]["cpu"] + ph[k]["xcpu"] for k in bench.PHASES), 3),
                     "program_s": round(sum(ph[k]["cpu"] for k in bench.PHASES), 3),
                     "x_s": round(sum(ph[k]["xcpu"] for k in bench.PHASES), 3)}
        tot[name]["pct"] = round(100 * tot[name]["cpu_s"] / tot[name]["wall"], 3) if tot[name]["wall"] else None
    ratio = round(tot["renpy"]["cpu_s"] / tot["hushabye"]["cpu_s"], 1) if tot["hushabye"]["cpu_s"] else None
    return {"phases": rows, "night": dict(tot, ratio=ratio), "goal_ratio": 100,
            "goal_met": bool(ratio and ratio >= 100)}


def run(opt, size, dim, dark, workdir):
    """The renpy part: both nights of the same story, one after the other.
    Returns a dict for the results file (with "not_run" when Ren'Py is missing)."""
    renpy = find_renpy()
    if not renpy:
        return {"not_run": HOW_TO_GET}
    story = os.path.abspath(opt.story or bench.BUNDLED)
    d = tempfile.mkdtemp(prefix="renpy-", dir=workdir)
    # Both nights without the family's own files (closing words, settings): the
    # bundled closing scene and default settings, which the project copies.
    for sub in ("data", "config"):
        os.makedirs(os.path.join(d, "xdg-" + sub))
    hopt = copy.copy(opt)
    hopt.env = (opt.env or []) + [f"XDG_DATA_HOME={d}/xdg-data", f"XDG_CONFIG_HOME={d}/xdg-config"]
    env = player_env(hopt, {})
    project = os.path.join(d, "project")
    night, virtual = make_project(hopt, story, size, dim, dark, project, env)
    rc, clog = compile_project(renpy, project, dict(os.environ, HOME=d))
    shot = os.path.join(tempfile.gettempdir(), f"hushabye-renpy-page-{os.getpid()}.png")
    npairs = max(1, getattr(opt, "renpy_pairs", 1) or 1)
    pairs = []
    for i in range(npairs):
        tag = f" ({i + 1} of {npairs})" if npairs > 1 else ""
        print(f"-- renpy: Hushabye's night{tag} ...", file=sys.stderr, flush=True)
        load = [os.getloadavg()[0]]  # the machine is shared: how busy it was around each night
        hu = bench.night(hopt, "Hushabye", "auto", size, story=story, dim=dim, dark=dark,
                         workdir=workdir)
        hu["video"] = next((l for l in hu["trace"] if " video " in f" {l} "), None)
        load.append(os.getloadavg()[0])
        print(f"-- renpy: Ren'Py's night{tag} ...", file=sys.stderr, flush=True)
        rp = renpy_night(opt, renpy, project, size, story, dim, dark, workdir, shot)
        rp["video"] = next((l for l in rp["trace"] if " video " in f" {l} "), None)
        load.append(os.getloadavg()[0])
        hu["load_1min_before_after"], rp["load_1min_before_after"] = load[:2], load[1:]
        pairs.append((hu, rp, compare(hu, rp)))
    # The pair whose ratio is the median (the lower middle one of an even count)
    # is the one shown whole; every pair's figures are kept.
    order = sorted(range(npairs), key=lambda i: pairs[i][2]["night"]["ratio"] or 0)
    mid = order[(npairs - 1) // 2]
    hu, rp, comparison = pairs[mid]
    out = {"story": story, "size": f"{size[0]}x{size[1]}", "dim": dim, "dark": dark,
           "renpy": {"path": renpy, "version": renpy_version(), "compile_exit": rc, "compile_log": clog},
           "picture_source": "hushabye --snapshot of each scene, words made a no-break space",
           "timeline": {k: v for k, v in night.items() if k != "dim_curve"},
           "nights": [hu, rp], "comparison": comparison,
           "pairs": [{"hushabye_cpu_s": c["night"]["hushabye"]["cpu_s"],
                      "renpy_cpu_s": c["night"]["renpy"]["cpu_s"], "ratio": c["night"]["ratio"],
                      "nights_ok": ok({"nights": [h, r]}),
                      "host_steal_pct": [(h.get("host_steal") or {}).get("pct"),
                                         (r.get("host_steal") or {}).get("pct")]}
                     for h, r, c in pairs],
           "median_pair": mid + 1}
    if npairs > 1:
        out["other_nights"] = [n for i, (h, r, _) in enumerate(pairs) if i != mid for n in (h, r)]
    if not opt.keep:
        shutil.rmtree(d, ignore_errors=True)
    return out


def fmt(v, spec):
    return bench.fmt(v, spec)


def table(res):
    """The comparison as a Markdown table and a few lines of context."""
    if "not_run" in res:
        return "== Ren'Py: not run. " + res["not_run"]
    c = res["comparison"]
    hu, rp = res["nights"]
    head = ("| phase | wall s | Hushabye CPU % | Hushabye CPU-s (frames) | Ren'Py CPU % "
            "| Ren'Py CPU-s (frames) | Ren'Py / Hushabye |")
    rows = [f'== the same night in Hushabye and in Ren\'Py: {res["size"]}, {os.path.basename(res["story"])}, '
            f'dim {res["dim"]:g} s, dark {res["dark"]:g} s (CPU of the program + the X server)', "",
            head, "|" + "---|" * 7]
    for k in bench.PHASES:
        v = c["phases"][k]
        a, b = v["hushabye"], v["renpy"]
        ratio = fmt(v["ratio"], ".0f") if v["ratio"] is not None else (
            f'> {v["ratio_above"]:.0f}' if v.get("ratio_above") else "-")
        rows.append(f'| {k} | {a["wall"]:.2f} / {b["wall"]:.2f} | {fmt(a["pct"], ".2f")} '
                    f'| {a["cpu_s"]:.2f} ({fmt(a["frames"], "d")}) | {fmt(b["pct"], ".1f")} '
                    f'| {b["cpu_s"]:.2f} ({fmt(b["frames"], "d")}) | {ratio} |')
    n = c["night"]
    rows.append(f'| **whole night** | {n["hushabye"]["wall"]:.2f} / {n["renpy"]["wall"]:.2f} '
                f'| {fmt(n["hushabye"]["pct"], ".2f")} | **{n["hushabye"]["cpu_s"]:.2f}** '
                f'| {fmt(n["renpy"]["pct"], ".1f")} | **{n["renpy"]["cpu_s"]:.1f}** | **{fmt(n["ratio"], ".0f")}** |')
    rows.append("")
    pairs = res.get("pairs") or []
    if len(pairs) > 1:
        rows.append(f'{len(pairs)} pairs of nights; the table is pair {res["median_pair"]}, the median: '
                    + "; ".join(f'{p["hushabye_cpu_s"]:.2f} against {p["renpy_cpu_s"]:.1f} CPU-s, '
                                f'{fmt(p["ratio"], ".0f")}x' for p in pairs))
    rows.append(f'goal: the whole night at least {c["goal_ratio"]} times less CPU than Ren\'Py — '
                f'{"met" if c["goal_met"] else "not met"} ({fmt(n["ratio"], ".1f")}x'
                + (", the median pair" if len(pairs) > 1 else "") + ")")
    mb = lambda r: fmt((r.get("peak_kb") or 0) / 1024, ".1f")
    rows.append("(a phase's wall seconds: Hushabye / Ren'Py; frames: drawn in the phase, Ren'Py's "
                "counted at Interface.draw_screen; '> N': Hushabye's /proc showed no tick, N is Ren'Py's "
                "CPU against one tick)")
    rows.append(f'Hushabye: {hu.get("video") or "?"}; first frame {fmt(hu["startup"]["first_frame_ms"], ".0f")} ms, '
                f'peak memory {mb(hu)} MB; night {"ok" if hu["checks"]["ok"] else "NOT OK"}, '
                f'audio {"ok" if hu["audio"].get("ok") else "NOT OK"}; load {hu.get("load_1min_before_after")}'
                f'; the host took {(hu.get("host_steal") or {}).get("pct")} % of the CPU time')
    lg = rp.get("renpy_log", {})
    rows.append(f'Ren\'Py {res["renpy"]["version"]}: gl2 on {lg.get("renderer")} ({lg.get("mode")}, {lg.get("screen_sizes")}, '
                f'swap interval {lg.get("swap_interval")}); first frame {fmt(rp["startup"]["first_frame_ms"], ".0f")} ms, '
                f'peak memory {mb(rp)} MB; night {"ok" if rp["checks"]["ok"] else "NOT OK"}, '
                f'narrations {"ok" if rp["audio"].get("ok") else "NOT OK"}; load {rp.get("load_1min_before_after")}'
                f'; the host took {(rp.get("host_steal") or {}).get("pct")} % of the CPU time'
                + (f'; stopped: {rp["stopped"]}' if rp.get("stopped") else ""))
    sh = rp.get("screenshot") or {}
    if sh:
        rows.append(f'Ren\'Py mid-page screenshot: {sh.get("error") or sh.get("path")}')
    return "\n".join(rows)


def ok(res):
    """Every night whole and correct (the goal itself does not fail the run)."""
    if "not_run" in res:
        return True
    nights = res["nights"] + res.get("other_nights", [])
    return all(r["checks"]["ok"] and r["audio"].get("ok") for r in nights)
