# Recordings that used to cost hundreds of megabytes, or overflow SDL_mixer's
# 32-bit sizes: a 45 MB 8-bit 8 kHz WAV (94 minutes), a 10-minute Ogg and 30
# minutes of silent Ogg. The player plays each story to the dark, the checker
# and import say plainly what is too long, and the peak memory stays under the
# ceilings (150 MB for the player, 100 MB for the checker; asserted in the
# release build, HUSHABYE_SANITIZED=0, whose memory is not the sanitizers').
# Import refuses by the header, never after decoding a file whole, and names a
# picture as a picture instead of suggesting ffmpeg. Files are made here.
. "$(dirname "$0")/lib_e2e.sh"
sanitized=${HUSHABYE_SANITIZED:-1}
under() { # under KB_FILE LIMIT_MB: the run's peak is below the limit (release build only)
    [ "$sanitized" != 0 ] || [ "$(peak_kb "$1")" -lt $(($2 * 1024)) ]
}
story() { mkdir -p "$WORK/$1"; echo "A page of words." > "$WORK/$1/01.txt"; }

story wav45
{ printf 'RIFF\x64\xa5\xae\x02WAVEfmt \x10\0\0\0\x01\0\x01\0\x40\x1f\0\0\x40\x1f\0\0\x01\0\x08\0'
  printf 'data\x40\xa5\xae\x02'; head -c 45000000 /dev/zero | tr '\0' '\200'; } > "$WORK/wav45/01.wav"
story ogg10
sox -q -n -r 44100 -c 1 "$WORK/ogg10/01.ogg" synth 600 pinknoise vol 0.3
story silence30
sox -q -n -r 8000 -c 1 "$WORK/silence30/01.ogg" trim 0 1800

# A long but allowed recording that is large on disk: 130 s of 48 kHz 8-channel
# 32-bit float (200 MB). The checker and info stream it; nothing reads it whole.
story wav200
{ printf 'RIFF\x24\x20\xee\x0bWAVEfmt \x10\0\0\0\x03\0\x08\0\x80\xbb\0\0\0\x70\x17\0\x20\0\x20\0'
  printf 'data\0\x20\xee\x0b'; head -c 200155136 /dev/zero; } > "$WORK/wav200/01.wav"

for s in wav45 ogg10 silence30 wav200; do
    "$PEAKRSS" "$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 --exit-when-dark 0 \
        --trace "$WORK/$s.trace" "$WORK/$s" 2>"$WORK/$s.err"
    check "$s: the player plays the story to the end" test $? -eq 0
    check "$s: the player reaches the dark" grep -q " dark " "$WORK/$s.trace"
    check "$s: the player's peak memory is under 150 MB ($(peak_kb "$WORK/$s.err") KB)" \
        under "$WORK/$s.err" 150
    "$PEAKRSS" "$STORYTOOL" check "$WORK/$s" >"$WORK/$s.check" 2>"$WORK/$s.cerr"
    check "$s: the checker's peak memory is under 100 MB ($(peak_kb "$WORK/$s.cerr") KB)" \
        under "$WORK/$s.cerr" 100
done
check "the 200 MB recording plays: 130.3 s from its header" \
    grep -q "narration-start n=1 seconds=130.3" "$WORK/wav200.trace"
"$PEAKRSS" "$STORYTOOL" info "$WORK/wav200" >"$WORK/wav200.info" 2>"$WORK/wav200.ierr"
check "info streams it too: under 100 MB ($(peak_kb "$WORK/wav200.ierr") KB)" \
    under "$WORK/wav200.ierr" 100
check "and says its length" grep -q "2:10\|130" "$WORK/wav200.info"
check "the 10-minute Ogg plays: its length is read from the header (600.000 s)" \
    grep -q "narration-start n=1 seconds=600.000" "$WORK/ogg10.trace"
check "the 10-minute Ogg has no problem in the checker" grep -q "no problems" "$WORK/ogg10.check"
for s in wav45 silence30; do
    check "$s: the player skips the narration as too long, in plain words" \
        grep -q "$s/01.*longer than 10 minutes; a page's narration can be at most 10 minutes" \
        "$WORK/$s.err"
    check "$s: the checker says it is longer than 10 minutes" \
        grep -q "$s/01.*: error: this recording is longer than 10 minutes" "$WORK/$s.check"
done
check "the 45 MB WAV is not called damaged or compressed" \
    not_grep "damaged|compressed" "$WORK/wav45.check"

# import: too long is refused by the header, quickly and in little memory.
mkdir -p "$WORK/imported"
"$PEAKRSS" "$STORYTOOL" import "$WORK/imported" "$WORK/ogg10/01.ogg" \
    >"$WORK/import.out" 2>"$WORK/import.err"
check "import of 10 minutes exits 1" test $? -eq 1
check "import says it is longer than five minutes" \
    grep -q "longer than 5 minutes; a recording to import can be at most 5 minutes" \
    "$WORK/import.err"
check "import refused it without decoding it whole (peak $(peak_kb "$WORK/import.err") KB, under 60 MB)" \
    under "$WORK/import.err" 60
# Quiet "words" in room hiss (as in e2e_record), as a 22.05 kHz stereo Ogg:
# decoded in blocks and resampled to 48 kHz on the way.
hiss() { sox -n -r 22050 -c 1 -p synth "$1" whitenoise vol 0.0015; }
sox <(hiss 1) <(sox -m <(hiss 2) <(sox -n -r 22050 -c 1 -p synth 2 sawtooth 140 \
    lowpass 1200 tremolo 4 70 vol 0.035) -p) <(hiss 1) -c 2 "$WORK/voice.ogg"
"$STORYTOOL" import "$WORK/imported" "$WORK/voice.ogg" >"$WORK/import2.out" 2>&1
check "a 4-second stereo Ogg at 22.05 kHz imports as page 1" test -s "$WORK/imported/01.wav"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0' > "$WORK/01.png"
"$STORYTOOL" import "$WORK/imported" "$WORK/01.png" >"$WORK/png.out" 2>"$WORK/png.err"
check "a cut-short PNG given to import is refused as a damaged picture" \
    grep -q "01.png: this picture .*" "$WORK/png.err"
check "a PNG given to import does not suggest ffmpeg" not_grep "ffmpeg" "$WORK/png.err"
check "and is not filed as a page" test ! -e "$WORK/imported/01.png"
done_checks
