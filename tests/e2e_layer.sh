# A page's layer (`layer = stars.svg twinkle`) under the virtual clock: it is
# decoded once with its page and drawn over the composed page at the
# effect's alpha, on a grid of at most 15 frames a second (8 at "low") while
# the page shows; with motion = off the layer is still shown, at rest, and
# the night draws exactly the frames of a page without it. A frame at the
# twinkle's brightest (the page's start) differs from one at its faintest
# (half its 6 s period in), and the CPU drawing path and SDL's renderer draw
# them alike.
. "$(dirname "$0")/lib_e2e.sh"
story="$WORK/sky"
mkdir -p "$story"
"$MKPICTURE" png "$story/01.png" 800 500
cat > "$story/stars.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 500" width="800" height="500">
  <g fill="#fff8d0">
    <circle cx="120" cy="90" r="30"/><circle cx="400" cy="60" r="40"/>
    <circle cx="650" cy="140" r="35"/><circle cx="260" cy="220" r="25"/>
  </g>
</svg>
SVG
sox -q -n -r 22050 -c 1 "$story/01.wav" synth 6.0 sine 440 vol 0.3
printf 'The stars come out.\n' > "$story/01.txt"
ini() { # ini [LAYER-LINE]: the story's settings, with the page's layer or without
    printf '[story]\ntransition-time = 0.5\nhold = 1\n[page 1]\n%s\n' "$1" > "$story/story.ini"
}
conf="$XDG_CONFIG_HOME/hushabye"
mkdir -p "$conf"
run() { # run SETTING TRACE [options...]: the story at 1000x700 with motion = SETTING
    printf '[hushabye]\nmotion = %s\n' "$1" > "$conf/settings.ini"
    local trace=$2
    shift 2
    "$HUSHABYE" --clock virtual --size 1000x700 --dim 0.5 --exit-when-dark 0 \
        --trace "$trace" "$@" "$story" 2>>"$WORK/stderr.txt"
}
ini ""
run on "$WORK/still.txt"
ini "layer = stars.svg twinkle"
run on "$WORK/on.txt"
run low "$WORK/low.txt"
run off "$WORK/off.txt"
check "each night plays to the dark" \
    sh -c 'grep -q " dark " "$1" && grep -q " dark " "$2" && grep -q " dark " "$3"' _ \
    "$WORK/on.txt" "$WORK/low.txt" "$WORK/off.txt"
# The page shows from its appearing to its transition out.
seconds=$(awk '$2 == "page" && !p {p = $1} $2 == "transition-start" && p && !e {e = $1}
               END {printf "%.3f", e - p}' "$WORK/on.txt")
check "the page shows about 7 s, its narration and hold (got $seconds)" \
    awk -v s="$seconds" 'BEGIN {exit !(s > 6.5 && s < 7.6)}'
on=$(summary "$WORK/on.txt" frames_page)
low=$(summary "$WORK/low.txt" frames_page)
off=$(summary "$WORK/off.txt" frames_page)
still=$(summary "$WORK/still.txt" frames_page)
echo "frames_page: still $still, layer off $off, low $low, on $on over $seconds s"
check "the twinkle draws frames of its own ($on with it, $still without)" \
    test "$on" -gt "$((still + 20))"
check "never more than 15 layer frames a second ($((on - still)) in $seconds s)" \
    awk -v n="$((on - still))" -v s="$seconds" 'BEGIN {exit !(n <= 15 * s + 1)}'
check "at low fewer, never more than 8 a second ($((low - still)) in $seconds s)" \
    awk -v n="$((low - still))" -v m="$((on - still))" -v s="$seconds" \
        'BEGIN {exit !(n > 0 && n < m && n <= 8 * s + 1)}'
check "motion = off draws exactly the frames of a page without the layer ($off, $still)" \
    test "$off" = "$still"
for phase in frames_transition frames_dim frames_reassurance; do
    check "the layer adds no $phase" \
        test "$(summary "$WORK/on.txt" $phase)" = "$(summary "$WORK/still.txt" $phase)"
done
ini ""
run off "$WORK/s.txt" --snapshot "$WORK/bare.png"
ini "layer = stars.svg twinkle"
run off "$WORK/s.txt" --snapshot "$WORK/rest.png"
check "with motion = off the layer is still shown" \
    sh -c '! "$1" "$2" "$3" 0.5 >/dev/null' _ "$IMGDIFF" "$WORK/bare.png" "$WORK/rest.png"
for path in cpu gpu; do
    HUSHABYE_RENDER=$path run on "$WORK/s.txt" --snapshot "$WORK/bright-$path.png"
    HUSHABYE_RENDER=$path run on "$WORK/s.txt" --snapshot "$WORK/faint-$path.png" \
        --snapshot-after 3
done
check "the faintest frame is snapshotted 3 s into the page" \
    grep -q "snapshot file=$WORK/faint-gpu.png" "$WORK/s.txt"
for path in cpu gpu; do
    check "the first frame is the layer at rest, as with motion = off ($path)" \
        "$IMGDIFF" --max "$WORK/rest.png" "$WORK/bright-$path.png" 2
    check "the brightest and the faintest frames differ ($path)" \
        sh -c '! "$1" "$2" "$3" 0.3 >/dev/null' _ "$IMGDIFF" "$WORK/bright-$path.png" \
        "$WORK/faint-$path.png"
    check "the faintest still shows the layer, fainter ($path)" \
        sh -c '! "$1" "$2" "$3" 0.1 >/dev/null' _ "$IMGDIFF" "$WORK/bare.png" \
        "$WORK/faint-$path.png"
done
echo "cpu against gpu, faintest frame: $("$IMGDIFF" "$WORK/faint-cpu.png" "$WORK/faint-gpu.png" 255) mean, $("$IMGDIFF" --max "$WORK/faint-cpu.png" "$WORK/faint-gpu.png" 255) max"
check "the CPU path and SDL's renderer draw the faintest frame alike, within 3/255 a channel" \
    "$IMGDIFF" --max "$WORK/faint-cpu.png" "$WORK/faint-gpu.png" 3
check "no problems ($(summary "$WORK/on.txt" problems))" test "$(summary "$WORK/on.txt" problems)" = 0
# A layer that is no picture: a message naming it, and the page goes on
# without it, drawing no layer frames.
printf 'garbage<svg' > "$story/stars.svg"
: > "$WORK/stderr.txt"
run on "$WORK/bad.txt"
check "a broken layer still plays to the reassurance" grep -q " reassurance" "$WORK/bad.txt"
check "its message names the layer ($(cat "$WORK/stderr.txt"))" \
    grep -q "sky/stars.svg: warning: picture not shown" "$WORK/stderr.txt"
check "it is counted as a problem" test "$(summary "$WORK/bad.txt" problems)" = 1
check "and draws no layer frames ($(summary "$WORK/bad.txt" frames_page))" \
    test "$(summary "$WORK/bad.txt" frames_page)" = "$still"
done_checks
