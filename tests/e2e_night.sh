# A real family's night: after a story from the shelf reaches the dark, a tap
# wakes a dim shelf (never a story at once, never full brightness); left alone
# it fades back to the dark by itself after 30 s, and the dark is the dark
# again (audio closed, screen saver allowed, no textures). A story started
# from the woken shelf is dim and quiet. Virtual clock, driven by --replay
# (a tap is recognised 80 ms after the finger lifts).
. "$(dirname "$0")/lib_e2e.sh"

night() { # night NAME REPLAY-LINES...
    local name=$1; shift
    printf '%s\n' "$@" > "$WORK/$name.replay"
    "$HUSHABYE" --clock virtual --size 640x400 --exit-when-dark 500 --dim 5 \
        --replay "$WORK/$name.replay" --trace "$WORK/$name.txt" 2>>"$WORK/stderr.txt"
}
at() { awk -v e="$2" -v k="${3:-1}" '$2==e && ++n==k {print $1; exit}' "$WORK/$1.txt"; }

night alone "0.5 key Return" "200 tap 0.5 0.5"
check "the story from the shelf reaches the dark first" test -n "$(at alone dark 1)"
check "a tap in the dark wakes the shelf at night brightness and volume" \
    grep -q "^200.080 night-wake brightness=43% volume=40%" "$WORK/alone.txt"
check "the waking tap opens no story" test "$(grep -c story-start "$WORK/alone.txt")" = 1
check "left alone 30 s, the woken shelf falls asleep" test "$(at alone shelf-sleep)" = 230.080
check "and after a slow fade the dark is the dark again" test "$(at alone dark 2)" = 233.080
check "the second dark has closed the audio, allows the screen saver and holds no texture" \
    test "$(grep -c ' dark audio=closed timers=off screensaver=allowed textures=0' \
        "$WORK/alone.txt")" = 2
check "the program waited in the dark without drawing" \
    test "$(summary "$WORK/alone.txt" frames_dark)" = 0

night again "0.5 key Return" "200 tap 0.5 0.5" "240 tap 0.5 0.5" "250 key Return"
check "a tap on the sleeping shelf wakes it again" \
    grep -q "^240.080 night-wake" "$WORK/again.txt"
check "and a second tap (Return) plays the story" \
    test "$(grep -c story-start "$WORK/again.txt")" = 2
check "whose night ends in the dark once more" test -n "$(at again dark 3)"

night touched "0.5 key Return" "200 tap 0.5 0.5" "220 key Right" "245 key Left"
check "a touch keeps the woken shelf awake for another 30 s" \
    test "$(at touched shelf-sleep)" = 275.000
check "the player said nothing on stderr" test ! -s "$WORK/stderr.txt"
# A window past an 8K screen is refused at once (a usage error), not
# composed for minutes; one at 64x64, the smallest, plays its night.
"$HUSHABYE" --clock virtual --size 16384x16384 "$SRC/stories/moon-says-goodnight" \
    >/dev/null 2>"$WORK/huge.txt"
check "--size 16384x16384 is refused as a usage error (exit 2)" test $? -eq 2
check "and said ($(cat "$WORK/huge.txt"))" grep -q "bad value for --size" "$WORK/huge.txt"
"$HUSHABYE" --clock virtual --size 64x64 --exit-when-dark 0 --trace "$WORK/tiny.txt" \
    "$SRC/stories/moon-says-goodnight" 2>/dev/null
check "a 64x64 window's night reaches the dark" grep -q " dark" "$WORK/tiny.txt"
done_checks
