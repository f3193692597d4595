# Drawings kept from night to night (engine/core/piccache.c): the first night
# draws each SVG and keeps it in ~/.cache/hushabye/pictures, the second reads
# them all back and shows the same pixels; a drawing changed since is drawn
# again and shows its new picture; bent, cut, swapped and misplaced entries are
# drawn again and never show the wrong picture; HUSHABYE_PICTURE_CACHE=off and
# a cache folder that cannot be made leave the night as it was.
. "$(dirname "$0")/lib_e2e.sh"

story="$WORK/moon"
cp -r "$SRC/stories/moon-says-goodnight" "$story"
svgs=$(ls "$story"/*.svg | wc -l)
cache="$HOME/.cache/hushabye/pictures"

# night NAME [env...]: the story to the dark under the virtual clock with a
# snapshot of page 2, its trace in NAME.trace.
night() {
    local name=$1; shift
    env "$@" "$HUSHABYE" --clock virtual --exit-when-dark 0 --windowed --size 800x500 \
        --trace "$WORK/$name.trace" --snapshot "$WORK/$name.png" --snapshot-page 2 \
        "$story" 2>"$WORK/$name.err"
    check "$name: the player exits 0" test $? -eq 0
    check "$name: the night reaches the dark" grep -q " dark" "$WORK/$name.trace"
    check "$name: no problem reported" test "$(summary "$WORK/$name.trace" problems)" = 0
}
cached() { summary "$WORK/$1.trace" drawings_cached; }
stored() { summary "$WORK/$1.trace" drawings_stored; }
not_cmp() { ! cmp -s "$1" "$2"; }
entries() { find "$cache" -maxdepth 1 -name '*.hpc' -type f | wc -l; }

night first
# the story's drawings and the closing scene's
drawn=$(stored first)
check "the first night draws and keeps every drawing (${drawn}: ${svgs} pages and the closing scene)" \
    test "$drawn" -gt "$svgs"
check "the first night finds none kept" test "$(cached first)" = 0
check "the cache holds one entry a drawing ($(entries))" test "$(entries)" -eq "$drawn"
check "the cache folder is the family's alone (0700)" test "$(stat -c %a "$cache")" = 700
size=$(du -sk "$cache" | cut -f1)
check "the entries are packed: ${size} kB for ${drawn} drawings at 800x500 (1.6 MB each unpacked)" \
    test "$size" -lt $((drawn * 400))

night second
check "the second night reads every drawing back ($(cached second) of ${drawn})" \
    test "$(cached second)" = "$drawn"
check "the second night draws none" test "$(stored second)" = 0
check "the second night's page 2 is the first night's, pixel for pixel" \
    cmp -s "$WORK/first.png" "$WORK/second.png"
check "the frames drawn are the same" \
    test "$(summary "$WORK/first.trace" frames_transition)" = "$(summary "$WORK/second.trace" frames_transition)"

# A drawing changed since: drawn again, and its new colours are shown.
page2=$(ls "$story"/02*.svg)
sed -i 's|</svg>|<rect x="0" y="0" width="500" height="300" fill="#c03020"/></svg>|' "$page2"
night changed
check "a drawing changed since is drawn again (stored $(stored changed))" test "$(stored changed)" = 1
check "the others are read back" test "$(cached changed)" = $((drawn - 1))
check "page 2 shows the changed drawing, not the kept one" \
    not_cmp "$WORK/first.png" "$WORK/changed.png"
night changed-again
check "the changed drawing is kept in its turn" test "$(cached changed-again)" = "$drawn"
check "and shown the same" cmp -s "$WORK/changed.png" "$WORK/changed-again.png"
cp "$SRC/stories/moon-says-goodnight/$(basename "$page2")" "$page2"

# Every entry bent in its middle, then every entry cut short: drawn again,
# the same pixels as the first night, no problem reported.
night refill   # page 2's original drawing back in the cache
for f in "$cache"/*.hpc; do
    n=$(stat -c %s "$f")
    printf '\377' | dd of="$f" bs=1 seek=$((n / 2)) conv=notrunc status=none
done
night bent
check "bent entries are all drawn again ($(stored bent) of ${drawn})" test "$(stored bent)" = "$drawn"
check "and none is read back" test "$(cached bent)" = 0
check "page 2 after bent entries is the first night's" cmp -s "$WORK/first.png" "$WORK/bent.png"
for f in "$cache"/*.hpc; do truncate -s 100 "$f"; done
night cut
check "entries cut short are all drawn again" test "$(stored cut)" = "$drawn"
check "page 2 after cut entries is the first night's" cmp -s "$WORK/first.png" "$WORK/cut.png"

# One drawing's entry under every other's name: never shown for another page.
one=$(ls "$cache"/*.hpc | head -n 1)
for f in "$cache"/*.hpc; do [ "$f" = "$one" ] || cp "$one" "$f"; done
night swapped
check "an entry under another drawing's name is drawn again, not shown ($(stored swapped) drawn)" \
    test "$(stored swapped)" = $((drawn - 1))
check "page 2 after swapped entries is the first night's" cmp -s "$WORK/first.png" "$WORK/swapped.png"

# Off: nothing read, nothing kept.
rm -rf "$HOME/.cache"
night off HUSHABYE_PICTURE_CACHE=off
check "HUSHABYE_PICTURE_CACHE=off reads nothing" test "$(cached off)" = 0
check "HUSHABYE_PICTURE_CACHE=off keeps nothing" test "$(stored off)" = 0
check "HUSHABYE_PICTURE_CACHE=off makes no cache folder" test ! -e "$HOME/.cache"
check "page 2 without the cache is the same" cmp -s "$WORK/first.png" "$WORK/off.png"

# A cache folder that cannot be made (a file in its place): the night as ever.
printf 'not a folder' > "$WORK/cache-file"
night nofolder XDG_CACHE_HOME="$WORK/cache-file"
check "with no cache folder possible nothing is kept" test "$(stored nofolder)" = 0
check "with no cache folder possible page 2 is the same" cmp -s "$WORK/first.png" "$WORK/nofolder.png"

# hushabye-story check draws the pictures too, but leaves no cache behind.
rm -rf "$HOME/.cache"
"$STORYTOOL" check "$story" >/dev/null 2>&1
check "hushabye-story check keeps no drawings" test ! -e "$HOME/.cache/hushabye"

done_checks
