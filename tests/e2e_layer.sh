# A page's layer (`layer = stars.svg twinkle`) under the virtual clock: it is
# decoded once with its page and drawn over the composed page at the
# effect's alpha, on a grid of at most 15 frames a second (8 at "low") while
# the page shows; with motion = off the layer is still shown, at rest, and
# the night draws exactly the frames of a page without it. A frame at the
# twinkle's brightest (the page's start) differs from one at its faintest
# (half its 6 s period in), and the CPU drawing path and SDL's renderer draw
# them alike. The moving effects (drift, sway, breathe) draw their own
# frames too, no more than 15 a second, change only the pixels of their
# layer's content (a drift's rows, a sway's lantern, a breath's moon), and
# never outside the picture's box.
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
run() { play_motion "$story" "$@"; } # run SETTING TRACE [options...]
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
# The moving effects: a cloud that drifts (its rows only), a lantern that
# sways from its string's top, a moon that breathes. The picture, 800x500 in
# a 1000x700 window, fills the box 0,37..1000,662 (1.25 to one); each
# layer's content box is scaled so, and the bounds allow its move.
cat > "$story/cloud.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 500" width="800" height="500">
  <g fill="#e8ecff"><ellipse cx="200" cy="110" rx="110" ry="45"/>
  <ellipse cx="260" cy="90" rx="70" ry="50"/></g>
</svg>
SVG
cat > "$story/lantern.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 500" width="800" height="500">
  <rect x="598" y="40" width="4" height="150" fill="#553"/>
  <rect x="560" y="190" width="80" height="110" rx="20" fill="#ffcc66"/>
</svg>
SVG
cat > "$story/moon.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 500" width="800" height="500">
  <circle cx="400" cy="300" r="90" fill="#fff6c0"/>
</svg>
SVG
moved() { # moved EFFECT FILE AFTER BOUNDS...: the layer's frames and look when moved
    local effect=$1 file=$2 after=$3
    shift 3
    ini "layer = $file $effect"
    run off "$WORK/$effect-off.txt" --snapshot "$WORK/$effect-rest.png"
    run on "$WORK/$effect-on.txt"
    local n=$(($(summary "$WORK/$effect-on.txt" frames_page) - still))
    check "$effect draws frames of its own, never more than 15 a second ($n in $seconds s)" \
        awk -v n="$n" -v s="$seconds" 'BEGIN {exit !(n > 5 && n <= 15 * s + 1)}'
    check "$effect with motion = off draws the frames of a page without it" \
        test "$(summary "$WORK/$effect-off.txt" frames_page)" = "$still"
    for path in cpu gpu; do
        HUSHABYE_RENDER=$path run on "$WORK/s.txt" --snapshot "$WORK/$effect-first-$path.png"
        HUSHABYE_RENDER=$path run on "$WORK/s.txt" --snapshot "$WORK/$effect-$path.png" \
            --snapshot-after "$after"
        check "$effect: its first frame is the layer at rest ($path)" \
            "$IMGDIFF" --max "$WORK/$effect-rest.png" "$WORK/$effect-first-$path.png" 2
        local box
        box=$(diffbox "$WORK/$effect-rest.png" "$WORK/$effect-$path.png")
        check "$effect: $after s in, the layer has moved, only where its content is ($box; $path)" \
            inside "$box" "$@"
    done
    echo "$effect, cpu against gpu: $("$IMGDIFF" "$WORK/$effect-cpu.png" "$WORK/$effect-gpu.png" 255) mean"
    check "$effect: the CPU path and SDL's renderer draw the moved layer alike (mean within 0.5/255)" \
        "$IMGDIFF" "$WORK/$effect-cpu.png" "$WORK/$effect-gpu.png" 0.5
}
# A drift of a twelfth of the picture in 5 s: the cloud's rows, in the box.
moved drift cloud.svg 5 0 37 1000 250
# A sway at its furthest (2 degrees, 1.25 s in): the lantern and its string.
moved sway lantern.svg 1.25 680 80 820 420
# A breath at its fullest (3.5 s in): the moon's edge, 1.5 % out.
moved breathe moon.svg 3.5 380 295 620 530
# A layer that is no picture: a message naming it, and the page goes on
# without it, drawing no layer frames.
ini "layer = stars.svg twinkle"
printf 'garbage<svg' > "$story/stars.svg"
: > "$WORK/stderr.txt"
run on "$WORK/bad.txt"
check "a broken layer still plays to the reassurance" grep -q " reassurance" "$WORK/bad.txt"
check "its message names the layer ($(cat "$WORK/stderr.txt"))" \
    grep -q "sky/stars.svg: warning: picture not shown" "$WORK/stderr.txt"
check "it is counted as a problem" test "$(summary "$WORK/bad.txt" problems)" = 1
check "and draws no layer frames ($(summary "$WORK/bad.txt" frames_page))" \
    test "$(summary "$WORK/bad.txt" frames_page)" = "$still"
# Layers left out for time: a layer not started within its share of the
# page's budget is told by name, and the page shows its own picture, not the
# placeholder. HUSHABYE_LAYERS_SHARE=0 says no time is left for any, so the
# case does not depend on how fast this machine decodes.
cat > "$story/stars.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 500" width="800" height="500">
  <circle cx="120" cy="90" r="30" fill="#fff8d0"/>
</svg>
SVG
cp "$story/stars.svg" "$story/moon.svg"
printf '[story]\ntransition-time = 0.5\nhold = 1\n[page 1]\nlayer = stars.svg twinkle\nlayer = moon.svg\n' \
    > "$story/story.ini"
: > "$WORK/stderr.txt"
HUSHABYE_LAYERS_SHARE=0 run on "$WORK/late-layers.txt"
check "a page whose layers have no time left plays to the dark" grep -q " dark " "$WORK/late-layers.txt"
check "each layer left out is told by name ($(cat "$WORK/stderr.txt"))" \
    sh -c 'grep -q "sky/stars.svg: warning: layer not shown: the page.s pictures took longer" "$1" &&
           grep -q "sky/moon.svg: warning: layer not shown" "$1"' _ "$WORK/stderr.txt"
check "the page's own picture is shown, not given up for time" \
    sh -c '! grep -q "picture not shown" "$1" && ! grep -q " picture-late" "$2"' _ \
    "$WORK/stderr.txt" "$WORK/late-layers.txt"
check "two problems, one a layer ($(summary "$WORK/late-layers.txt" problems))" \
    test "$(summary "$WORK/late-layers.txt" problems)" = 2
check "and no layer frames are drawn ($(summary "$WORK/late-layers.txt" frames_page))" \
    test "$(summary "$WORK/late-layers.txt" frames_page)" = "$still"
: > "$WORK/stderr.txt"
run on "$WORK/layers-in-time.txt"
check "with the share as it is, both layers are in time (no message: $(cat "$WORK/stderr.txt"))" \
    sh -c '! grep -q "layer not shown" "$1"' _ "$WORK/stderr.txt"
done_checks
