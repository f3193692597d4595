#!/bin/sh
# The bundled stories' lullaby and the little-lights chime, remade from the music box.
#
# hushabye-musicbox (tools/musicbox/, built with the project) renders Brahms' Lullaby once
# through at 66 beats a minute, with a breath of 1.5 s before it loops, and a three-note
# chime for a tap on the moon. sox levels each like the stand-in narration (about -18 dBFS
# RMS, peaks under -1.5 dBFS), so the player's music-volume is the lullaby's level against
# the voice: the stories set 10%, which keeps it 20 dB under the narration, between pages
# as well as under the words. oggenc writes mono 24 kHz Ogg Vorbis at quality 1.
#
# Usage: tools/make-lullaby.sh BUILD-FOLDER   (the one holding hushabye-musicbox)
# Writes stories/sleepy-farm/music.ogg, stories/the-big-yawn/music.ogg (the same lullaby)
# and stories/little-lights-goodnight/chime.ogg.
set -eu

TARGET_RMS_DB=-18
PEAK_LIMIT_DB=-1.5
QUALITY=1

here=$(cd "$(dirname "$0")/.." && pwd)
box=${1:-}/hushabye-musicbox
if [ -z "${1:-}" ] || [ ! -x "$box" ]; then
    echo "make-lullaby: usage: tools/make-lullaby.sh BUILD-FOLDER (with hushabye-musicbox in it)" >&2
    exit 2
fi
for tool in sox oggenc; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "make-lullaby: missing $tool; install with: sudo apt-get install sox vorbis-tools" >&2
        exit 1
    }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# level IN-WAV OUT-OGG: to the target RMS, the peak held under the limit, then encoded.
level() {
    rms=$(sox "$1" -n stats 2>&1 | awk '/^RMS lev dB/ {print $4}')
    pk=$(sox "$1" -n stats 2>&1 | awk '/^Pk lev dB/ {print $4}')
    gain=$(awk -v r="$rms" -v p="$pk" -v t="$TARGET_RMS_DB" -v l="$PEAK_LIMIT_DB" \
        'BEGIN { g = t - r; if (p + g > l) g = l - p; printf "%.2f", g }')
    sox "$1" "$tmp/level.wav" gain "$gain"
    oggenc -Q -q $QUALITY -o "$2" "$tmp/level.wav"
    echo "$2: $(sox "$2" -n stats 2>&1 | awk '/^RMS lev dB/ {r=$4} /^Pk lev dB/ {p=$4} END {printf "RMS %s dB, peak %s dB", r, p}'), $(wc -c <"$2") bytes"
}

"$box" --tune brahms --bpm 66 --tail 1.5 "$tmp/lullaby.wav"
level "$tmp/lullaby.wav" "$here/stories/sleepy-farm/music.ogg"
cp "$here/stories/sleepy-farm/music.ogg" "$here/stories/the-big-yawn/music.ogg"

"$box" --tune chime --tail 0.3 "$tmp/chime.wav"
level "$tmp/chime.wav" "$here/stories/little-lights-goodnight/chime.ogg"
