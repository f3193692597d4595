#!/bin/sh
# Hushabye benchmark: plays whole story nights in real time on a private Xvfb and
# measures, per phase, wall time, CPU of the player and of the X server, voluntary
# context switches, frames; start-up time, peak memory, and a "slow tablet" night.
#
#   bench/run.sh            the full matrix (software + opengl x 3 sizes), memory, slow tablet
#   bench/run.sh --quick    one night: software renderer at 1280x800
#   bench/run.sh --only living   a still page next to one with motion = gentle and one with
#                                two layer effects (1280x800)
#   bench/run.sh --only renpy    the same night in Hushabye and in Ren'Py, CPU per phase and the
#                                ratio (bench/renpy.py; needs the renpy package, benchmark only);
#                                --renpy-pairs N plays N pairs and shows the median one
#   bench/run.sh --help     every option
#
# Builds build-bench/ (Release) first, so the figures are always of the
# current source (incremental: quick when nothing changed). Needs Xvfb
# (package xvfb), python3 (standard library only); sox for the audio check and
# ImageMagick's convert for the large-picture story are used when present.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=${HUSHABYE_BIN:-$root/build-bench/hushabye}
if [ -z "${HUSHABYE_BIN:-}" ]; then
    cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$root/build-bench" -j2 --target hushabye >/dev/null
fi
exec python3 "$here/bench.py" --bin "$bin" "$@"
