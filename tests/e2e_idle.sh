# The dark on a driver whose event wait polls (SDL2's dummy driver, like
# KMSDRM or Android): in real time the loop must still sleep in long slices,
# not wake a thousand times a second. A short night, then 3 s of dark.
. "$(dirname "$0")/lib_e2e.sh"
story="$WORK/short"
mkdir -p "$story"
printf 'Goodnight.\n' > "$story/01.txt"
printf '[story]\ntransition = none\n[page 1]\nhold = 0.3\n' > "$story/story.ini"
"$HUSHABYE" --size 320x200 --dim 0.5 --exit-when-dark 3 --trace "$WORK/trace.txt" \
    "$story" 2>"$WORK/stderr.txt"
check "the night reaches the dark in real time" grep -q " dark " "$WORK/trace.txt"
wakeups=$(summary "$WORK/trace.txt" wakeups_dark)
check "3 s of dark wake the loop a handful of times, not thousands ($wakeups)" \
    test "$wakeups" -ge 1 -a "$wakeups" -le 12
check "no frame in the dark" test "$(summary "$WORK/trace.txt" frames_dark)" = 0
check "the audio device is closed in the dark" grep -q " dark audio=closed" "$WORK/trace.txt"
done_checks
