# A paused page shows that it is paused: a small dim sign fades in over half
# a second on the 30 fps grid (15 frames, then none while the pause lasts),
# goes when the page resumes, and is drawn only over a paused page.
. "$(dirname "$0")/lib_e2e.sh"
story="$SRC/stories/moon-says-goodnight"
play() { # play NAME REPLAY-LINES... : the bundled story at 1024x600, virtual clock
    local name=$1; shift
    printf '%s\n' "$@" > "$WORK/$name.replay"
    "$HUSHABYE" --clock virtual --exit-when-dark 0 --dim 5 --size 1024x600 \
        --replay "$WORK/$name.replay" --trace "$WORK/$name.txt" "$story" 2>>"$WORK/stderr.txt"
}
play plain "60 key F20"
play paused "3 tap 0.5 0.4" "13 tap 0.5 0.4"
plain=$(summary "$WORK/plain.txt" frames_page)
paused=$(summary "$WORK/paused.txt" frames_page)
check "the sign costs 16 frames: 15 fading in, none while it stays, one as it goes ($plain -> $paused)" \
    test "$paused" -eq $((plain + 16))
check "the pause is traced" grep -q "^3.080 pause n=1" "$WORK/paused.txt"

# What a person sees: the page, and the same page paused.
"$HUSHABYE" --clock virtual --exit-when-dark 0 --dim 5 --size 1024x600 \
    --snapshot "$WORK/page.png" --snapshot-page 1 "$story" 2>>"$WORK/stderr.txt"
printf '3 tap 0.5 0.4\n' > "$WORK/pause-only.replay"
"$HUSHABYE" --clock virtual --exit-when-dark 0 --dim 5 --size 1024x600 \
    --replay "$WORK/pause-only.replay" --trace "$WORK/snap.txt" \
    --snapshot "$WORK/paused.png" --snapshot-page 1 --snapshot-paused "$story" \
    2>>"$WORK/stderr.txt"
check "a snapshot of the paused page was taken once the sign had faded in (3.080 + 0.5)" \
    grep -q "^3.580 snapshot" "$WORK/snap.txt"
check "the paused page differs from the page only a little (a small sign)" \
    sh -c '"$1" "$2" "$3" 1 >/dev/null' _ "$IMGDIFF" "$WORK/page.png" "$WORK/paused.png"
check "but it does differ (the sign is there)" \
    sh -c '! "$1" "$2" "$3" 0 >/dev/null' _ "$IMGDIFF" "$WORK/page.png" "$WORK/paused.png"
check "no crash or sanitizer report" not_grep "runtime error|Sanitizer" "$WORK/stderr.txt"
done_checks
