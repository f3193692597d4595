# The bookshelf and the night: a tap on a cover opens that story; arrows and
# Return open the Goodnight tile, which plays stories back to back with one
# reassurance; --night with two folders does the same; a story folder added
# while the program runs is on the shelf the next time it is shown.
. "$(dirname "$0")/lib_e2e.sh"
shelf="$WORK/shelf"
mkdir -p "$shelf"
for name in bunny-hops owl-hoots; do
    cp -r "$SRC/stories/moon-says-goodnight" "$shelf/$name"
    rm "$shelf/$name/story.ini"
done

run() { # run NAME OPTIONS...
    local name=$1; shift
    "$HUSHABYE" --clock virtual --size 960x600 --exit-when-dark 0 --dim 5 \
        --trace "$WORK/$name.txt" "$@" 2>>"$WORK/stderr.txt"
}

printf '2 tap 0.5 0.45\n' > "$WORK/tap.replay"
run tap --stories "$shelf" --replay "$WORK/tap.replay" --snapshot "$WORK/shelf.png" \
    --snapshot-page shelf
check "the shelf opens first and lists the bundled and the added stories" \
    grep -q "^0.000 shelf stories=$((2 + BUNDLED))" "$WORK/tap.txt"
# The family's and the added stories come first, the bundled one last.
check "a tap on the middle cover opens that story (owl-hoots)" \
    grep -q "story-start folder=owl-hoots" "$WORK/tap.txt"
check "only that story plays" test "$(grep -c story-start "$WORK/tap.txt")" = 1
shelf_frames=$(summary "$WORK/tap.txt" frames_shelf)
check "the shelf draws only while it fades in (1.5 s at 30 Hz) and then waits ($shelf_frames)" \
    test "$shelf_frames" -ge 40 -a "$shelf_frames" -le 46
check "a snapshot of the shelf was taken" test -s "$WORK/shelf.png"

# rights N AT: N presses of Right, half a second apart from AT, then Return.
rights() { awk -v n="$1" -v t="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%g key Right\n", t + i / 2
                                           printf "%g key Return\n", t + n / 2 }'; }
# From the first cover to the Goodnight tile, past the two added and the bundled.
rights $((2 + BUNDLED)) 2 > "$WORK/night.replay"
printf '[hushabye]\nstories-per-night = 2\n' > "$XDG_CONFIG_HOME/hushabye.ini"
mkdir -p "$XDG_CONFIG_HOME/hushabye"
mv "$XDG_CONFIG_HOME/hushabye.ini" "$XDG_CONFIG_HOME/hushabye/settings.ini"
run night --stories "$shelf" --replay "$WORK/night.replay"
check "the Goodnight tile plays stories-per-night stories (2) back to back" \
    test "$(grep -c story-start "$WORK/night.txt")" = 2
check "the night has one reassurance and one dark" \
    test "$(grep -c ' reassurance$' "$WORK/night.txt")" = 1 -a "$(grep -c ' dark ' "$WORK/night.txt")" = 1

check "a fresh shelf's night starts from the first cover, the family's own" \
    test "$(grep story-start "$WORK/night.txt" | cut -d= -f2 | tr '\n' ' ')" = \
         "bunny-hops owl-hoots "
# Owl read from the shelf, then the night woken: Goodnight starts from owl.
{ printf '2 key Right\n2.5 key Return\n200 tap 0.5 0.5\n'; rights $((1 + BUNDLED)) 205; } \
    > "$WORK/night2.replay"
"$HUSHABYE" --clock virtual --size 960x600 --exit-when-dark 300 --dim 5 --stories "$shelf" \
    --replay "$WORK/night2.replay" --trace "$WORK/night2.txt" 2>>"$WORK/stderr.txt"
check "after owl, the woken shelf's Goodnight starts from owl and goes on" \
    test "$(grep story-start "$WORK/night2.txt" | cut -d= -f2 | tr '\n' ' ')" = \
         "owl-hoots owl-hoots $FIRST_BUNDLED "
run whole --stories "$shelf" --night
check "--night with no folder plays stories-per-night (2) from the shelf, the family's first" \
    test "$(grep story-start "$WORK/whole.txt" | cut -d= -f2 | tr '\n' ' ')" = \
         "bunny-hops owl-hoots "

run folders --night "$shelf/bunny-hops" "$shelf/owl-hoots"
check "--night with two folders: two story-starts in order" \
    test "$(grep story-start "$WORK/folders.txt" | cut -d= -f2 | tr '\n' ' ')" = "bunny-hops owl-hoots "
check "--night: one reassurance closes the night" \
    test "$(grep -c ' reassurance$' "$WORK/folders.txt")" = 1
check "--night: twelve pages in all" test "$(grep -c ' page n=' "$WORK/folders.txt")" = 12

# Real time: play a one-page story from the shelf to the dark, add a folder
# meanwhile, then wake the shelf with a tap in the dark.
quick="$WORK/quick"
mkdir -p "$quick/a-short-one"
printf 'Goodnight.\n' > "$quick/a-short-one/01.txt"
printf '[story]\ntransition = none\n[page 1]\nhold = 0.3\n' > "$quick/a-short-one/story.ini"
printf 'Mama is here.\n' > "$XDG_DATA_HOME/hushabye.txt"
mkdir -p "$XDG_DATA_HOME/hushabye"
mv "$XDG_DATA_HOME/hushabye.txt" "$XDG_DATA_HOME/hushabye/reassurance.txt"
# The first cover is selected when the shelf opens: the added short story.
printf "0.2 key Return\n13 tap 0.5 0.5\n14 key Escape\n" > "$WORK/wake.replay"
( sleep 4; cp -r "$quick/a-short-one" "$XDG_DATA_HOME/hushabye/stories-new" &&
  mkdir -p "$XDG_DATA_HOME/hushabye/stories" &&
  mv "$XDG_DATA_HOME/hushabye/stories-new" "$XDG_DATA_HOME/hushabye/stories/new-one" ) &
"$HUSHABYE" --size 640x400 --dim 0.5 --exit-when-dark 5 --stories "$quick" \
    --replay "$WORK/wake.replay" --trace "$WORK/wake.txt" 2>>"$WORK/stderr.txt"
wait
check "the first shelf has the bundled story and the short one" \
    grep -q " shelf stories=$((1 + BUNDLED))$" "$WORK/wake.txt"
check "the short story plays to the dark" grep -q " dark " "$WORK/wake.txt"
check "a tap in the dark wakes the shelf, which now has the folder added meanwhile" \
    grep -q " shelf stories=$((2 + BUNDLED))$" "$WORK/wake.txt"
done_checks
