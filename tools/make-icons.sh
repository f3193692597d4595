#!/usr/bin/env bash
# Remake the icon's PNGs in the hicolor theme sizes from assets/icon.svg:
#
#   bash tools/make-icons.sh
#
# The PNGs are committed (tools/dist/icons/NxN.png) so that building Hushabye,
# natively or for arm64, needs no SVG renderer; run this after changing
# assets/icon.svg and commit what it writes. Needs rsvg-convert (Debian's
# librsvg2-bin). The output depends only on the SVG and librsvg's version.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command -v rsvg-convert >/dev/null ||
    { echo "make-icons: needs rsvg-convert (apt-get install librsvg2-bin)" >&2; exit 1; }
mkdir -p "$here/tools/dist/icons"
for size in 16 22 24 32 48 64 128 256 512; do
    rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio \
        --output "$here/tools/dist/icons/${size}x${size}.png" "$here/assets/icon.svg"
done
echo "make-icons: wrote tools/dist/icons/NxN.png, 16 to 512 pixels"
