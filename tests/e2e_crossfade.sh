# Captions never overlap during a crossfade: the pictures crossfade, the old
# words fade out over the first half and the new ones in over the second, so
# the middle frame shows no page's words, whatever the two pages say; the
# frames drawn are the same as before (the budget is per frame, not per draw).
. "$(dirname "$0")/lib_e2e.sh"
moon="$SRC/stories/moon-says-goodnight"
make_story() { # make_story FOLDER WORDS-1 WORDS-2: one picture, two pages, crossfade
    mkdir -p "$1"
    cp "$moon/01-moon-rises.svg" "$1/01.svg"
    cp "$moon/01-moon-rises.svg" "$1/02.svg"
    printf '%s\n' "$2" > "$1/01.txt"
    printf '%s\n' "$3" > "$1/02.txt"
    printf '[story]\ntitle = Two\ntransition = crossfade\ntransition-time = 1\nhold = 2\n' \
        > "$1/story.ini"
}
make_story "$WORK/two" "Here comes the moon." "Goodnight, little owl, up in the tall old tree."
make_story "$WORK/same" "Here comes the moon." "Here comes the moon."
snap() { # snap OUT STORY [options...]
    local out=$1 story=$2; shift 2
    "$HUSHABYE" --clock virtual --exit-when-dark 0 --dim 2 --size 1024x600 \
        --trace "$WORK/$(basename "$out" .png).txt" --snapshot "$out" "$@" "$story" \
        2>>"$WORK/stderr.txt"
}
snap "$WORK/two-mid.png" "$WORK/two" --snapshot-page 2 --snapshot-transition 0.5
snap "$WORK/same-mid.png" "$WORK/same" --snapshot-page 2 --snapshot-transition 0.5
snap "$WORK/two-1.png" "$WORK/two" --snapshot-page 1
snap "$WORK/two-2.png" "$WORK/two" --snapshot-page 2
snap "$WORK/two-early.png" "$WORK/two" --snapshot-page 2 --snapshot-transition 0.1
for f in two-mid same-mid two-1 two-2 two-early; do
    check "the snapshot $f was taken" test -s "$WORK/$f.png"
done
diff_of() { "$IMGDIFF" "$1" "$2" 1000 | sed 's/mean difference \([0-9.]*\).*/\1/'; }
mid=$(diff_of "$WORK/two-mid.png" "$WORK/same-mid.png")
words=$(diff_of "$WORK/two-1.png" "$WORK/two-2.png")
gone=$(diff_of "$WORK/two-mid.png" "$WORK/two-1.png")
early=$(diff_of "$WORK/two-early.png" "$WORK/two-1.png")
echo "mean differences: page 1 to 2 $words, middles $mid, middle to page 1 $gone, early to page 1 $early"
check "the two pages differ only by their words, and visibly ($words)" \
    awk -v d="$words" 'BEGIN { exit !(d > 0.3) }'
check "the middle frame shows no words: the same whatever the pages say ($mid vs $words)" \
    awk -v d="$mid" -v w="$words" 'BEGIN { exit !(d < w / 20) }'
check "the old words are gone by the middle ($gone, about half of $words)" \
    awk -v d="$gone" -v w="$words" 'BEGIN { exit !(d > w / 4) }'
check "early in the crossfade the old words still show and no new ones ($early)" \
    awk -v d="$early" -v g="$gone" 'BEGIN { exit !(d < g) }'
# The bundled story's frames, as counted before captions took turns (measured
# with the earlier renderer at the default size): one draw list more per frame, never a frame more.
"$HUSHABYE" --clock virtual --exit-when-dark 0 --dim 2 --trace "$WORK/moon.txt" "$moon" 2>>"$WORK/stderr.txt"
check "the bundled story still draws 255 transition frames ($(summary "$WORK/moon.txt" frames_transition))" \
    test "$(summary "$WORK/moon.txt" frames_transition)" = 255
check "and 83 page frames ($(summary "$WORK/moon.txt" frames_page))" \
    test "$(summary "$WORK/moon.txt" frames_page)" = 83
check "no crash or sanitizer report" not_grep "runtime error|Sanitizer" "$WORK/stderr.txt"
done_checks
