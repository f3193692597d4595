#!/bin/sh
# Many-pages benchmark: the wall time of a whole virtual-clock night of a
# story folder with N files, and how many lines the player wrote to stderr.
#
#   bench/many-pages.sh [--bin PATH] [--kind txt|svg|png|pad5] N...
#
# The window is the player's default (1280x800) unless size=WxH is set in
# the environment. Uses build-pages/hushabye unless --bin says otherwise.
#
# Kinds (each file is one "page" of the folder, named by its number):
#   txt   N.txt with a few words ("1.txt" ... "10000.txt": 1 to 999 are pages,
#         the rest have four or five digits and are refused)
#   svg   N.svg, a tiny drawing each, plus N.txt
#   png   N.png, a tiny photograph-like picture each, plus N.txt
#   pad5  00001.txt ... : five digits each, so none is a page but the words
#         of 1.txt (added so the story can play)
# Prints a line a folder: its kind, N, the wall seconds of the night, the lines
# the player wrote to stderr, the trace's problems= and whether the trace
# reached the reassurance and the dark (1 each). SDL's dummy drivers; the night
# has --exit-when-dark 0, so it ends at the dark. docs/cheap.md has figures.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=$root/build-pages/hushabye
kind=txt
while [ $# -gt 0 ]; do
    case $1 in
    --bin) bin=$2; shift 2 ;;
    --kind) kind=$2; shift 2 ;;
    *) break ;;
    esac
done
work=${TMPDIR:-/tmp}/hb-many-pages.$$
trap 'rm -rf "$work"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
export XDG_CONFIG_DIRS="$work/xdg" XDG_DATA_DIRS="$work/xdg"
for n in "$@"; do
    story="$work/many-$kind-$n"
    rm -rf "$work"; mkdir -p "$story" "$HOME"
    python3 - "$story" "$n" "$kind" <<'PY'
import os, struct, sys, zlib
story, n, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="10">'
       '<rect width="16" height="10" fill="#235"/></svg>\n')
def chunk(kind, body):
    return (struct.pack(">I", len(body)) + kind + body +
            struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff))
rows = b"".join(b"\0" + bytes(v for x in range(16) for v in (x * 15, y * 25, 90))
                for y in range(10))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 10, 8, 2, 0, 0, 0)) +
       chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
for i in range(1, n + 1):
    name = "%05d" % i if kind == "pad5" else str(i)
    with open(os.path.join(story, name + ".txt"), "w") as f:
        f.write("Page %d, and the moon.\n" % i)
    if kind == "svg":
        with open(os.path.join(story, name + ".svg"), "w") as f:
            f.write(svg)
    if kind == "png":
        with open(os.path.join(story, name + ".png"), "wb") as f:
            f.write(png)
if kind == "pad5":
    with open(os.path.join(story, "1.txt"), "w") as f:
        f.write("The only page.\n")
PY
    start=$(date +%s.%N)
    timeout 600 "$bin" --clock virtual --exit-when-dark 0 ${size:+--size $size} \
        --trace "$work/trace.txt" "$story" 2>"$work/stderr.txt" || true
    end=$(date +%s.%N)
    secs=$(echo "$end - $start" | bc)
    lines=$(wc -l < "$work/stderr.txt")
    problems=$(sed -n 's/.* problems=\([0-9]*\).*/\1/p' "$work/trace.txt" | tail -n 1)
    reas=$(grep -c ' reassurance' "$work/trace.txt" || true)
    dark=$(grep -c ' dark' "$work/trace.txt" || true)
    printf '%s %s %.2f stderr=%s problems=%s reassurance=%s dark=%s\n' \
        "$kind" "$n" "$secs" "$lines" "${problems:-?}" "$reas" "$dark"
done
