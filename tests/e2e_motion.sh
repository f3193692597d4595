# The pan and zoom of a page with `motion`, under the virtual clock: frames
# come on the setting's grid (at most 30 a second, 12 at "low") and only
# while the move goes on; with motion = off the night draws exactly the
# frames of a still page, none of its own. The moving picture keeps its
# words: its first frame is the still page's, pixel for pixel; its middle
# differs, and the CPU drawing path and SDL's renderer draw it alike. A
# night grows warmer scene by scene without frames of its own.
. "$(dirname "$0")/lib_e2e.sh"
story="$WORK/street"
mkdir -p "$story"
"$MKPICTURE" png "$story/01.png" 800 500
sox -q -n -r 22050 -c 1 "$story/01.wav" synth 6.0 sine 440 vol 0.3
printf 'A quiet street at night.\n' > "$story/01.txt"
cat > "$story/story.ini" <<'INI'
[story]
transition-time = 0.5
hold = 1
[page 1]
motion = 0,0,1,1 > 0.2,0.2,0.6,0.6
INI
conf="$XDG_CONFIG_HOME/hushabye"
mkdir -p "$conf"
run() { play_motion "$story" "$@"; } # run SETTING TRACE [options...]
run on "$WORK/on.txt"
run low "$WORK/low.txt"
run off "$WORK/off.txt"
check "each night plays to the dark" \
    sh -c 'grep -q " dark " "$1" && grep -q " dark " "$2" && grep -q " dark " "$3"' _ \
    "$WORK/on.txt" "$WORK/low.txt" "$WORK/off.txt"
seconds=$(sed -n 's/.* motion n=1 seconds=\([0-9.]*\) fps=30$/\1/p' "$WORK/on.txt")
check "the move is planned over the page's narration and hold, 30 frames a second (got: $(grep ' motion ' "$WORK/on.txt"))" \
    awk -v s="$seconds" 'BEGIN {exit !(s > 6.9 && s < 7.1)}'
check "at low, 12 frames a second" grep -q " motion n=1 seconds=$seconds fps=12$" "$WORK/low.txt"
check "with motion off, nothing moves" not_grep " motion " "$WORK/off.txt"
on=$(summary "$WORK/on.txt" frames_page)
low=$(summary "$WORK/low.txt" frames_page)
off=$(summary "$WORK/off.txt" frames_page)
check "the move draws frames of its own on the page ($on with motion, $off without)" \
    test "$on" -gt "$((off + 20))"
check "never more than 30 a second over the move ($((on - off)) in $seconds s)" \
    awk -v n="$((on - off))" -v s="$seconds" 'BEGIN {exit !(n <= 30 * s + 1)}'
check "at low fewer, never more than 12 a second ($((low - off)) in $seconds s)" \
    awk -v n="$((low - off))" -v m="$((on - off))" -v s="$seconds" \
        'BEGIN {exit !(n > 0 && n < m && n <= 12 * s + 1)}'
sed -i '/^motion/d' "$story/story.ini"
run on "$WORK/still.txt"
check "motion = off draws exactly the frames of a page without motion ($off; $(summary "$WORK/still.txt" frames_page))" \
    test "$off" = "$(summary "$WORK/still.txt" frames_page)"
for phase in frames_transition frames_dim frames_reassurance; do
    check "the move adds no $phase" \
        test "$(summary "$WORK/on.txt" $phase)" = "$(summary "$WORK/off.txt" $phase)"
done
printf '[story]\ntransition-time = 0.5\nhold = 1\n[page 1]\nmotion = 0,0,1,1 > 0.2,0.2,0.6,0.6\n' \
    > "$story/story.ini"
run off "$WORK/s.txt" --snapshot "$WORK/still.png"
for path in cpu gpu; do
    HUSHABYE_RENDER=$path run on "$WORK/s.txt" --snapshot "$WORK/start-$path.png"
    HUSHABYE_RENDER=$path run on "$WORK/s.txt" --snapshot "$WORK/middle-$path.png" \
        --snapshot-after 3.5
done
check "the middle of the move is snapshotted 3.5 s into the page" \
    grep -q "snapshot file=$WORK/middle-gpu.png" "$WORK/s.txt"
for path in cpu gpu; do
    check "the move's first frame is the still page, words and all ($path)" \
        "$IMGDIFF" --max "$WORK/still.png" "$WORK/start-$path.png" 2
    check "its middle is not ($path)" \
        sh -c '! "$1" "$2" "$3" 2 >/dev/null' _ "$IMGDIFF" "$WORK/still.png" "$WORK/middle-$path.png"
done
check "the CPU path and SDL's renderer draw the middle of the move alike" \
    "$IMGDIFF" "$WORK/middle-cpu.png" "$WORK/middle-gpu.png" 1
check "no problems ($(summary "$WORK/on.txt" problems))" test "$(summary "$WORK/on.txt" problems)" = 0

# A paused page holds its picture still: a pause of 10 s in the middle of the
# move adds only the paused sign's own frames (its fade in and out), not
# 30 a second, and the move goes on from where it stopped.
printf '3 tap 0.5 0.4
13 tap 0.5 0.4
' > "$WORK/pause.replay"
run on "$WORK/paused.txt" --replay "$WORK/pause.replay"
check "the night with a pause plays to the dark" grep -q " dark " "$WORK/paused.txt"
check "it was paused and resumed" sh -c 'grep -q " pause n=1" "$1" && grep -q " resume n=1" "$1"' \
    _ "$WORK/paused.txt"
paused=$(summary "$WORK/paused.txt" frames_page)
check "a 10 s pause adds no frames of the move ($paused with it, $on without)" \
    test "$paused" -le "$((on + 40))"
check "and the move is drawn whole after the resume ($paused >= $on)" test "$paused" -ge "$((on - 2))"
# 14 s into the paused page is 4 s of its move (10 s were paused): the same
# part of the picture as 4 s into the page played without a pause, not the
# end of a move that ran on while it was paused.
run on "$WORK/s.txt" --snapshot "$WORK/at4.png" --snapshot-after 4
run on "$WORK/s.txt" --replay "$WORK/pause.replay" --snapshot "$WORK/at14-paused.png" \
    --snapshot-after 14
run on "$WORK/s.txt" --snapshot "$WORK/end.png" --snapshot-after 8
check "after a 10 s pause the move goes on from where it stopped" \
    "$IMGDIFF" "$WORK/at4.png" "$WORK/at14-paused.png" 1
check "(and that is not where the move ends)" sh -c '! "$0" "$1" "$2" 1 >/dev/null' "$IMGDIFF" "$WORK/end.png" "$WORK/at14-paused.png"
# The warmer night: two stories of three pages played as one night grow
# warmer (less blue) story by story, the closing scene warmest, with no
# frames of their own (the same frames with night-light = off, which
# leaves the pictures as composed).
for k in 1 2; do
    mkdir -p "$WORK/night$k"
    for p in 1 2 3; do
        "$MKPICTURE" png "$WORK/night$k/0$p.png" 320 200
        sox -q -n -r 22050 -c 1 "$WORK/night$k/0$p.wav" synth 1.0 sine 440 vol 0.2
    done
    printf '[story]\ntransition-time = 0.5\nhold = 0.5\n' > "$WORK/night$k/story.ini"
done
night() { # night NIGHT-LIGHT TRACE: the two stories as one night
    printf '[hushabye]\nnight-light = %s\n' "$1" > "$conf/settings.ini"
    "$HUSHABYE" --clock virtual --size 640x400 --dim 1 --exit-when-dark 0 --night \
        --trace "$2" "$WORK/night1" "$WORK/night2" 2>>"$WORK/stderr.txt"
}
night on "$WORK/warm.txt"
night off "$WORK/plain.txt"
tints=$(awk '$2 == "tint" {sub("warm=", "", $3); sub("blue=", "", $4); print $3, $4}' "$WORK/warm.txt")
echo "tint (warm, blue): $(echo "$tints" | tr '\n' ';')"
check "the night's first frame is untinted, its last lit scene the warmest (blue 204)" \
    sh -c 'echo "$1" | head -n 1 | grep -qx "0.000 255" && echo "$1" | tail -n 1 | grep -qx "1.000 204"' _ "$tints"
check "one tint a story: the two stories and the closing scene" \
    test "$(echo "$tints" | grep -c .)" = 3
check "warmer at every story, by at most a tenth of blue (carried by a 0.5 s crossfade: under 2/255 a frame)" \
    sh -c 'echo "$1" | awk "NR > 1 && (\$1 <= w || \$2 >= b || b - \$2 > 26) {bad = 1} {w = \$1; b = \$2} END {exit bad}"' _ "$tints"
check "the tint changes only in the first frames of a transition to a new scene" \
    awk '$2 == "transition-start" {t = $1} $2 == "tint" && $1 - t > 0.1 {bad = 1} END {exit bad}' "$WORK/warm.txt"
for phase in frames_page frames_transition frames_reassurance frames_dim; do
    check "the warmer night draws no $phase of its own" \
        test "$(summary "$WORK/warm.txt" $phase)" = "$(summary "$WORK/plain.txt" $phase)"
done
check "with night-light = off the pictures stay as composed (no tint traced)" \
    not_grep " tint " "$WORK/plain.txt"
done_checks
