#!/bin/sh
# The bundled narration is a text-to-speech stand-in, made by this script from the page words.
# Hushabye is meant to speak in a parent's own voice: parents record over every page and the
# reassurance on the device, and their recordings replace these files.
#
# Regenerates NN.ogg from NN.txt for every page of every bundled story, and the reassurance
# voice from assets/reassurance/words.txt. The result is slow, soft and levelled: tempo 0.9,
# about -18 dBFS RMS with peaks below -1 dBFS, 10 ms fades, 0.3 s of silence at each end,
# mono 24 kHz Ogg Vorbis.
#
# Usage: tools/make-bundled-voice.sh [story-folder...]   (default: every folder in stories/)
set -eu

VOICE=voice_cmu_us_slt_arctic_hts
TARGET_RMS_DB=-18
PEAK_LIMIT_DB=-1.5

here=$(cd "$(dirname "$0")/.." && pwd)

need() {
    missing=""
    for tool in festival text2wave sox soxi oggenc; do
        command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
    done
    if [ -n "$missing" ]; then
        echo "make-bundled-voice: missing:$missing" >&2
        echo "make-bundled-voice: install with: sudo apt-get install festival festvox-us-slt-hts sox libsox-fmt-all vorbis-tools" >&2
        exit 1
    fi
    if ! echo "($VOICE)" | festival --pipe >/dev/null 2>&1; then
        echo "make-bundled-voice: festival voice $VOICE is missing" >&2
        echo "make-bundled-voice: install with: sudo apt-get install festvox-us-slt-hts" >&2
        exit 1
    fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# speak TEXT-FILE OUT-OGG: synthesise, slow down, level, pad, encode.
speak() {
    text=$1 out=$2
    # One line of words; festival reads the file as plain text.
    tr '\n\r' '  ' <"$text" >"$tmp/words.txt"
    text2wave -scale 0.5 -eval "($VOICE)" -o "$tmp/raw.wav" "$tmp/words.txt" >/dev/null 2>&1
    # Slow down, drop the rumble, trim the synthesiser's own edges, resample to mono 24 kHz.
    # (-scale 0.5 above: the synthesiser clips its own loud syllables at full scale.)
    sox "$tmp/raw.wav" -r 24000 -c 1 -b 16 "$tmp/slow.wav" \
        highpass 60 tempo -s 0.9 \
        silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse
    # Tame the odd loud syllable (normalised, then a soft 2:1 above -16 dB with look-ahead) so that levelling
    # to the target is not held back by one peak; then pad and fade.
    sox "$tmp/slow.wav" "$tmp/soft.wav" \
        norm -1 compand 0.002,0.12 6:-80,-80,-16,-16,0,-8 0 -80 0.005 \
        fade t 0.01 -0 0.01 pad 0.3 0.3
    # Level to the target RMS (of the whole file, as it will be heard), then bring the peak
    # under the limit if it went over.
    rms=$(sox "$tmp/soft.wav" -n stats 2>&1 | awk '/^RMS lev dB/ {print $4}')
    pk=$(sox "$tmp/soft.wav" -n stats 2>&1 | awk '/^Pk lev dB/ {print $4}')
    gain=$(awk -v r="$rms" -v p="$pk" -v t="$TARGET_RMS_DB" -v l="$PEAK_LIMIT_DB" \
        'BEGIN { g = t - r; if (p + g > l) g = l - p; printf "%.2f", g }')
    sox "$tmp/soft.wav" "$tmp/level.wav" gain "$gain"
    oggenc -Q -q 3 -o "$out" "$tmp/level.wav"
    echo "$out: $(soxi -D "$out" | awk '{printf "%.1f s", $1}'), gain ${gain} dB"
}

need

if [ $# -eq 0 ]; then
    set -- "$here"/stories/*/
fi

for story in "$@"; do
    story=${story%/}
    for text in "$story"/[0-9]*.txt; do
        [ -f "$text" ] || continue
        speak "$text" "${text%.txt}.ogg"
    done
done

words="$here/assets/reassurance/words.txt"
if [ -f "$words" ]; then
    speak "$words" "$here/assets/reassurance/voice.ogg"
fi
