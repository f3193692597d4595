# Pictures kept from night to night (engine/core/piccache.c): the first night
# draws each SVG and keeps it in ~/.cache/hushabye/pictures, the second reads
# them all back and shows the same pixels; a drawing changed since is drawn
# again and shows its new picture; bent, cut, swapped and misplaced entries are
# drawn again and never show the wrong picture; HUSHABYE_PICTURE_CACHE=off and
# a cache folder that cannot be made leave the night as it was. Photographs:
# a JPEG much larger than the screen (on its side, EXIF orientation 6) and a
# PNG are kept decoded and read back with the same pixels and the same
# orientation, and so is a JPEG a little larger than the screen; a JPEG of
# exactly the screen's size and a damaged one (whose warning the parent must
# see every night) are decoded every night.
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
check "HUSHABYE_PICTURE_CACHE=off makes no pictures' cache folder" \
    test ! -e "$HOME/.cache/hushabye/pictures"
check "page 2 without the cache is the same" cmp -s "$WORK/first.png" "$WORK/off.png"

# A cache folder that cannot be made (a file in its place): the night as ever.
printf 'not a folder' > "$WORK/cache-file"
night nofolder XDG_CACHE_HOME="$WORK/cache-file"
check "with no cache folder possible nothing is kept" test "$(stored nofolder)" = 0
check "with no cache folder possible page 2 is the same" cmp -s "$WORK/first.png" "$WORK/nofolder.png"

# Photographs. At 800x500 (0.4 megapixels): a 1600x2400 JPEG stored on its
# side is 3.84 megapixels (kept), a 1200x800 PNG (kept), an 800x500 JPEG
# (decoded every night: shown as decoded, it costs what reading it back
# would), a JPEG cut short, shown with a warning (decoded every night, its
# warning every night), and a 1000x700 JPEG (kept: fitting it costs more
# than reading it back).
MK=${MKPICTURE:?MKPICTURE must name the mkpicture program}
rm -rf "$HOME/.cache"
photos="$WORK/photos"
mkdir -p "$photos"
"$MK" jpeg "$photos/01.jpg" 2400 1600 orientation 6 noise
"$MK" png "$photos/02.png" 1200 800 noise
"$MK" jpeg "$photos/03.jpg" 800 500
"$MK" jpeg "$photos/04.jpg" 2000 1400 noise
head -c $(( $(stat -c %s "$photos/04.jpg") * 2 / 3 )) "$photos/04.jpg" > "$photos/04-cut.jpg"
mv "$photos/04-cut.jpg" "$photos/04.jpg"
"$MK" jpeg "$photos/05.jpg" 1000 700 noise
for i in 1 2 3 4 5; do printf 'Photo %s.\n' "$i" > "$photos/0$i.txt"; done
# pnight NAME PAGE [env...]: the photo story to the dark, a snapshot of PAGE.
pnight() {
    local name=$1 page=$2; shift 2
    env "$@" "$HUSHABYE" --clock virtual --exit-when-dark 0 --windowed --size 800x500 \
        --trace "$WORK/$name.trace" --snapshot "$WORK/$name.png" --snapshot-page "$page" \
        "$photos" 2>"$WORK/$name.err"
    check "$name: the player exits 0" test $? -eq 0
    check "$name: the night reaches the dark" grep -q " dark" "$WORK/$name.trace"
}
pcached() { summary "$WORK/$1.trace" photos_cached; }
pstored() { summary "$WORK/$1.trace" photos_stored; }
pnight photo-off 1 HUSHABYE_PICTURE_CACHE=off
pnight photo-first 1
check "the first night keeps the three photographs larger than the screen (stored $(pstored photo-first))" \
    test "$(pstored photo-first)" = 3
check "the first night finds none kept" test "$(pcached photo-first)" = 0
check "the first night's photo on its side is the uncached night's, pixel for pixel" \
    cmp -s "$WORK/photo-off.png" "$WORK/photo-first.png"
check "the damaged photo's warning is given the first night" grep -q "04.jpg" "$WORK/photo-first.err"
pnight photo-second 1
check "the second night reads the three back ($(pcached photo-second))" test "$(pcached photo-second)" = 3
check "the second night decodes nothing again to keep it" test "$(pstored photo-second)" = 0
check "the photo on its side read back is upright and the same, pixel for pixel" \
    cmp -s "$WORK/photo-off.png" "$WORK/photo-second.png"
check "the damaged photo's warning is given again the second night" \
    grep -q "04.jpg" "$WORK/photo-second.err"
check "the photos' frames drawn are the same" \
    test "$(summary "$WORK/photo-first.trace" frames_transition)" = "$(summary "$WORK/photo-second.trace" frames_transition)"
pnight photo-png-off 2 HUSHABYE_PICTURE_CACHE=off
pnight photo-png 2
check "the PNG read back is the same, pixel for pixel" \
    cmp -s "$WORK/photo-png-off.png" "$WORK/photo-png.png"
pnight photo-five-off 5 HUSHABYE_PICTURE_CACHE=off
pnight photo-five 5
check "the JPEG a little larger than the screen read back is the same, pixel for pixel" \
    cmp -s "$WORK/photo-five-off.png" "$WORK/photo-five.png"
# A photo replaced by another of the same size: decoded again, the new one shown.
"$MK" jpeg "$photos/01.jpg" 2400 1600 noise
pnight photo-new 1 HUSHABYE_PICTURE_CACHE=off
pnight photo-changed 1
check "a photograph changed since is decoded again (stored $(pstored photo-changed))" \
    test "$(pstored photo-changed)" = 1
check "and the new one is shown, not the kept one" cmp -s "$WORK/photo-new.png" "$WORK/photo-changed.png"
for f in "$cache"/*.hpc; do
    n=$(stat -c %s "$f")
    printf '\377' | dd of="$f" bs=1 seek=$((n / 2)) conv=notrunc status=none
done
pnight photo-bent 1
check "bent photograph entries are decoded again ($(pstored photo-bent))" test "$(pstored photo-bent)" = 3
check "the photo after a bent entry is the right one" cmp -s "$WORK/photo-new.png" "$WORK/photo-bent.png"

# hushabye-story check draws the pictures too, but leaves no cache behind.
rm -rf "$HOME/.cache"
"$STORYTOOL" check "$story" >/dev/null 2>&1
check "hushabye-story check keeps no drawings" test ! -e "$HOME/.cache/hushabye"

done_checks
