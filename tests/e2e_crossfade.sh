# Captions never overlap during a crossfade: the pictures crossfade, the old
# words fade out over the first half and the new ones in over the second, so
# the middle frame shows no page's words, whatever the two pages say; the
# frames drawn are the same as before (the budget is per frame, not per draw);
# a page turn presents where its pictures differ, not more.
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
# What a frame presents (the summary's presented_*, in whole windows). A page
# turn between two pictures that differ only in a small square at the top left
# and another halfway down the right presents those squares, not the box round
# both (half the window). One page alone gives the rest of the night to take away.
sky() { # sky FILE [extra SVG]: a plain night sky, 1024x600
    printf '<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="600">'\
'<rect width="1024" height="600" fill="#1c2a4a"/>%s</svg>\n' "${2:-}" > "$1"
}
mkdir -p "$WORK/dots" "$WORK/one"
sky "$WORK/dots/01.svg"
sky "$WORK/dots/02.svg" '<rect x="24" y="20" width="40" height="40" fill="#e8d890"/><rect x="950" y="300" width="40" height="40" fill="#e8d890"/>'
cp "$WORK/dots/01.svg" "$WORK/one/01.svg"
for d in dots one; do
    printf 'Goodnight, stars.\n' > "$WORK/$d/01.txt"
    printf '[story]\ntitle = Dots\ntransition = crossfade\ntransition-time = 1\nhold = 2\n' \
        > "$WORK/$d/story.ini"
done
printf 'Goodnight, stars.\n' > "$WORK/dots/02.txt"
for d in dots one; do
    "$HUSHABYE" --clock virtual --exit-when-dark 0 --dim 2 --size 1024x600 \
        --trace "$WORK/$d.txt" "$WORK/$d" 2>>"$WORK/stderr.txt"
done
one_f=$(summary "$WORK/one.txt" frames_transition); one_p=$(summary "$WORK/one.txt" presented_transition)
dots_f=$(summary "$WORK/dots.txt" frames_transition); dots_p=$(summary "$WORK/dots.txt" presented_transition)
echo "presented in transitions: one page $one_p windows in $one_f frames; two $dots_p in $dots_f"
check "a fade in from black and the turn to the closing scene present every pixel of every frame ($one_p in $one_f)" \
    awk -v p="$one_p" -v f="$one_f" 'BEGIN { exit !(f > 20 && p == f) }'
check "a turn between pictures differing in two small squares presents under a tenth of the window a frame ($dots_p - $one_p in $dots_f - $one_f frames)" \
    awk -v p="$dots_p" -v q="$one_p" -v f="$dots_f" -v g="$one_f" \
        'BEGIN { x = f - g; exit !(x > 10 && p - q < 0.1 * x + 1.01) }'
check "the dimming presents every pixel of its frames" \
    test "$(summary "$WORK/one.txt" presented_dim)" = "$(summary "$WORK/one.txt" frames_dim).00"
moon_p=$(summary "$WORK/moon.txt" presented_transition)
check "the bundled story's page turns present less than every pixel of their frames ($moon_p of 255)" \
    awk -v p="$moon_p" 'BEGIN { exit !(p > 100 && p < 0.9 * 255) }'
check "no crash or sanitizer report" not_grep "runtime error|Sanitizer" "$WORK/stderr.txt"
done_checks
