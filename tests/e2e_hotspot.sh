# Hotspots under the virtual clock, driven by --replay: a tap on a hotspot
# plays its sound once (a second tap while it sounds adds nothing) and never
# turns the page, even in the page's turning fifth; after the sound it
# answers again; a tap beside it turns the page as before; during the
# narration it is answered more quietly. A sound too long for a tap is
# refused in plain words and the story goes on.
. "$(dirname "$0")/lib_e2e.sh"
story="$WORK/owl"
mkdir -p "$story"
"$MKPICTURE" png "$story/01.png" 800 600
"$MKPICTURE" png "$story/02.png" 800 600
sox -q -n -r 22050 -c 1 "$story/hoot.wav" synth 1.0 sine 660 vol 0.3
sox -q -n -r 22050 -c 1 "$story/02.wav" synth 4.0 sine 440 vol 0.3
sox -q -n -r 8000 -c 1 "$story/long.wav" trim 0 40
cat > "$story/story.ini" <<'INI'
[story]
transition-time = 0.2
[page 1]
hold = 12
tap = 0.85,0.30,0.12,0.15 hoot.wav
tap = 0.05,0.05,0.1,0.1 long.wav
[page 2]
tap = 0.85,0.30,0.12,0.15 hoot.wav
INI
# A 1000x600 window shows the 800x600 picture at x 100..900: the owl's
# hotspot is at 0.78..0.88 of the window's width, inside its right fifth.
cat > "$WORK/taps.replay" <<'REPLAY'
3.0 tap 0.83 0.35
3.5 tap 0.83 0.35
4.5 tap 0.83 0.35
5.0 tap 0.15 0.1
6.0 tap 0.9 0.8
8.0 tap 0.83 0.35
REPLAY
trace="$WORK/trace.txt"
"$HUSHABYE" --clock virtual --size 1000x600 --dim 0.5 --exit-when-dark 0 \
    --replay "$WORK/taps.replay" --trace "$trace" "$story" 2>"$WORK/stderr.txt"
check "the story plays to the dark" grep -q " dark " "$trace"
hot=$(grep " hotspot " "$trace" | tr '\n' ';')
check "the owl hoots at 3.08 and 4.58 on page 1 (a tap is told when the finger lifts), softly, and not again at 3.5 (got: $hot)" \
    test "$(grep " hotspot " "$trace" | head -n 2 | tr '\n' ';')" = \
        "3.080 hotspot page=1 sound=hoot.wav level=0.50;4.580 hotspot page=1 sound=hoot.wav level=0.50;"
first_turn=$(awk '$2 == "turn" {print $1; exit}' "$trace")
check "no hotspot tap turned the page: the first turn is the tap beside the owl (at $first_turn)" \
    test "$first_turn" = 6.080
check "that tap turned to page 2" \
    awk '$2 == "page" && $3 == "n=2" {found = 1} END {exit !found}' "$trace"
check "during page 2's narration the owl answers more quietly" \
    grep -q "^8.080 hotspot page=2 sound=hoot.wav level=0.25$" "$trace"
check "a tap sound over 30 seconds is refused, naming the file and the limit" \
    grep -q "owl/long.wav.*a tap's sound can be at most" "$WORK/stderr.txt"
check "and gives no hotspot event" not_grep "sound=long.wav" "$trace"
check "the long sound is the only problem ($(summary "$trace" problems))" \
    test "$(summary "$trace" problems)" = 1
"$STORYTOOL" check "$story" >"$WORK/check.txt" 2>&1
check "the checker warns of it too, on its story.ini line (exit 0: only a warning)" \
    sh -c 'test $1 -eq 0 && grep -q "owl/story.ini:6: warning: .long.wav. is 40 seconds long; a tap.s sound can be at most 30 seconds" "$2"' _ $? "$WORK/check.txt"
done_checks
