# Reading together, driven by --replay under the virtual clock: taps on the
# edges, swipes and keys turn pages; a double tap turns once; a tap in the
# middle pauses and resumes; the quiet mark replays the page. The bundled
# story's page 1 is fully shown at 1.5 s and its narration lasts 4.49 s.
. "$(dirname "$0")/lib_e2e.sh"
story="$SRC/stories/moon-says-goodnight"

play() { # play NAME REPLAY-LINES...
    local name=$1; shift
    printf '%s\n' "$@" > "$WORK/$name.replay"
    "$HUSHABYE" --clock virtual --size 640x400 --exit-when-dark 0 --dim 10 \
        --replay "$WORK/$name.replay" --trace "$WORK/$name.txt" "$story" 2>>"$WORK/stderr.txt"
}
at() { awk -v e="$2" '$2==e && (!f || $0 ~ f){print $1; exit}' f="${3:-}" "$WORK/$1.txt"; }
count() { grep -c "$2" "$WORK/$1.txt"; }

play edge "3 tap 0.95 0.5"
check "a tap on the right edge turns to the next page at once" \
    test "$(at edge turn)" = 3.080 -a "$(at edge page 'n=2')" = 4.280
play double "3 tap 0.95 0.5" "3.15 tap 0.95 0.5" "3.3 tap 0.9 0.5"
check "a double (and triple) tap turns one page, not two or three" \
    test "$(count double ' turn ')" = 1
check "after a double tap page 2 shows, then page 3 only when page 2 is done" \
    awk '$2=="page" && $3=="n=3" {exit !($1 > 8)}' "$WORK/double.txt"
# With transition = none there is no transition to swallow the second tap.
nofade="$WORK/nofade"
cp -r "$story" "$nofade"
printf '[story]\ntransition = none\n' > "$nofade/story.ini"
printf '3 tap 0.95 0.5\n3.15 tap 0.95 0.5\n' > "$WORK/nofade.replay"
"$HUSHABYE" --clock virtual --size 640x400 --exit-when-dark 0 --dim 10 \
    --replay "$WORK/nofade.replay" --trace "$WORK/nofade.trace" "$nofade" 2>>"$WORK/stderr.txt"
check "transition = none: a double tap 150 ms apart still turns one page" \
    test "$(grep -c ' turn ' "$WORK/nofade.trace")" = 1 -a \
         "$(awk '$2=="page" && $3=="n=3" {print ($1 > 5); exit}' "$WORK/nofade.trace")" = 1
play swipe "3 swipe 0.8 0.5 0.2 0.5" "6 swipe 0.2 0.5 0.8 0.5"
check "a swipe to the left turns forward, to the right turns back" \
    test "$(grep -c ' turn dir=next' "$WORK/swipe.txt")" -ge 1 -a \
         "$(grep -c ' turn dir=back' "$WORK/swipe.txt")" = 1
check "after turning back page 1 is shown again" \
    test "$(grep -c ' page n=1$' "$WORK/swipe.txt")" -ge 2
play keys "3 key Right" "6 key Left" "9 key Right"
check "arrow keys turn forward and back" \
    test "$(grep -c ' turn dir=back' "$WORK/keys.txt")" = 1 -a "$(grep -c ' page n=1$' "$WORK/keys.txt")" -ge 2
play pause "3 tap 0.5 0.4" "13 tap 0.5 0.4"
check "a tap in the middle pauses the narration" grep -q "^3.080 pause n=1" "$WORK/pause.txt"
check "a second tap resumes it" grep -q "^13.080 resume n=1" "$WORK/pause.txt"
check "the narration ends 10 s later than without the pause (5.99 -> 15.99)" \
    test "$(at pause narration-end)" = 15.990
play again "3 tap 0.045 0.93"
check "the replay mark starts page 1's narration again" \
    test "$(grep -c 'narration-start n=1 ' "$WORK/again.txt")" = 2 -a -n "$(grep ' replay$' "$WORK/again.txt")"
# A tap in the middle at bedtime, and nobody taps again: three minutes later
# the night goes on to its reassurance (every night ends with it), then dims
# to the dark; the pages between are left out.
play forgotten "3 tap 0.5 0.4"
check "a forgotten pause ends by itself 180 s later" \
    grep -q "^183.080 pause-timeout n=1" "$WORK/forgotten.txt"
check "then the night turns to its reassurance" \
    grep -q "^183.080 transition-start to=reassurance" "$WORK/forgotten.txt"
check "which is shown, and then dims to the dark" \
    test "$(count forgotten ' reassurance$')" = 1 -a -n "$(at forgotten dim-start)" -a -n "$(at forgotten dark)"
check "without another page" test "$(count forgotten ' page n=2')" = 0
check "every reading session still reaches the dark" \
    test "$(cat "$WORK"/*.txt | grep -c ' dark ')" = 7
play last "2 key Right" "4 key Right" "6 key Right" "8 key Right" "10 key Right" "12 key Right"
check "turning past the last page goes to the reassurance" \
    awk '$2=="reassurance"{exit !($1 < 15)}' "$WORK/last.txt"
check "the player said nothing on stderr" test ! -s "$WORK/stderr.txt"
done_checks
