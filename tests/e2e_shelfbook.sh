#!/usr/bin/env bash
# End-to-end test of books dropped into a stories folder, with no terminal:
# an EPUB made on the spot (make-books.py) copied into a --stories folder is
# shown on the shelf as a "getting the book ready" tile (snapshot at
# 1024x600), imported once in the background into the family's data folder
# (books/<content key>/, with its marker), then is on the shelf as a story
# that checks clean and plays to the dark; a second start does not import it
# again, nor a copy of it under another name; a hostile book (a zip slip)
# shows nothing on the shelf, its reason reaches the parents' list of
# problems (stderr and the summary's problems=), and nothing is written
# outside; and with the real clock the import ends by itself and the shelf
# is rescanned.
set -u
source "$(dirname "$0")/lib_e2e.sh"

books="$WORK/books"
drop="$WORK/drop"
mkdir -p "$drop"
if ! python3 "$SRC/tests/make-books.py" "$books" "$MKPICTURE" >"$WORK/make.log" 2>&1; then
    cat "$WORK/make.log" >&2
    echo "FAILED: the test books could not be made"
    exit 1
fi
cp "$books/reflow2.epub" "$drop/The Bear.epub"
cp "$books/slip.epub" "$drop/slip.epub"
store="$XDG_DATA_HOME/hushabye/books"

run() { # NAME OPTIONS...: virtual clock, a shelf at 1024x600
    local name=$1; shift
    timeout 60 "$HUSHABYE" --clock virtual --size 1024x600 --exit-when-dark 0 --dim 2 \
        --stories "$drop" --trace "$WORK/$name.txt" "$@" 2>"$WORK/$name.err"
}
line_of() { grep -n "$2" "$1" | head -n 1 | cut -d: -f1; }

# The imported book's tile is the first (family and --stories books before
# the bundled story) but the selection stays on the bundled story the shelf
# opened with: Left, then Return.
printf '3 key Left\n3.5 key Return\n' > "$WORK/first.replay"
run first --replay "$WORK/first.replay" --snapshot "$WORK/ready.png" --snapshot-page shelf
check "the new book's import begins as the shelf is first shown" \
    grep -q "^0.000 book-importing file=The Bear.epub$" "$WORK/first.txt"
check "the first shelf counts two book files, none ready, both waiting" \
    grep -q "^0.000 books found=2 ready=0 pending=2$" "$WORK/first.txt"
check "the shelf is shown with only the bundled story while the book is made ready" \
    grep -q "^0.000 shelf stories=$BUNDLED$" "$WORK/first.txt"
check "the shelf's snapshot (the 'getting ready' tiles) comes before the book is ready" \
    test "$(line_of "$WORK/first.txt" snapshot)" -lt "$(line_of "$WORK/first.txt" book-ready)"
check "a snapshot of the shelf with the 'getting ready' tile was taken" test -s "$WORK/ready.png"
key=$(sed -n 's/.*book-ready file=The Bear.epub folder=\([0-9a-f]*\)$/\1/p' "$WORK/first.txt")
check "the book is ready under a 16-digit content key ($key)" test "${#key}" = 16
check "the finished import rescans the shelf: the story is on it, the next book waiting" \
    grep -q " shelf-rescan stories=$((1 + BUNDLED)) pending=1$" "$WORK/first.txt"
check "the imported story opens from the shelf" grep -q "story-start folder=$key$" "$WORK/first.txt"
check "it plays to the dark" grep -q " dark " "$WORK/first.txt"
check "the story was made in the family's data folder, named by the key" \
    test -f "$store/$key/story.ini"
check "its marker holds the key and the book's file name" \
    grep -qx "key = $key" "$store/$key/.hushabye-book"
check "... and the source" grep -qx "source = The Bear.epub" "$store/$key/.hushabye-book"
check "the imported story checks with no errors" "$STORYTOOL" check "$store/$key" >/dev/null
check "no hidden half-made folder is left" test -z "$(find "$store" -name '.*import-*')"

check "the zip slip is refused" grep -q " book-refused file=slip.epub$" "$WORK/first.txt"
check "its reason, naming the file, is among the problems (stderr)" \
    grep -q "slip.epub: error: this book cannot be used: .*outside the book" "$WORK/first.err"
check "the problems count it (summary problems=)" \
    test "$(summary "$WORK/first.txt" problems)" -ge 1
check "the hostile book shows nothing: the last rescan has two stories and no tile waiting" \
    test "$(grep ' shelf-rescan ' "$WORK/first.txt" | tail -n 1 | cut -d' ' -f3-)" = \
         "stories=$((1 + BUNDLED)) pending=0"
check "nothing was written outside (no evil.txt anywhere)" \
    test -z "$(find "$WORK" /tmp -maxdepth 4 -name evil.txt 2>/dev/null)"
check "the refused book leaves no story folder, only its note" \
    test "$(find "$store" -mindepth 1 -maxdepth 1 -type d | wc -l)" = 1

# A second start, and a copy of the same book under another name.
cp "$drop/The Bear.epub" "$drop/bear copy.epub"
printf '2 key Return\n' > "$WORK/second.replay"
run second --replay "$WORK/second.replay"
check "a second start does not import the book again" not_grep "book-importing" "$WORK/second.txt"
check "it knows the book by its content" \
    grep -q "^0.000 book-known file=The Bear.epub folder=$key$" "$WORK/second.txt"
check "the copy under another name is the same book: one story, nothing waiting" \
    grep -q "^0.000 books found=3 ready=1 pending=0$" "$WORK/second.txt"
check "the shelf opens with the book and the bundled story" \
    grep -q "^0.000 shelf stories=$((1 + BUNDLED))$" "$WORK/second.txt"
check "the book's story is first and opens with Return" \
    grep -q "story-start folder=$key$" "$WORK/second.txt"
first_frames=$(summary "$WORK/first.txt" frames_shelf)
second_frames=$(summary "$WORK/second.txt" frames_shelf)
check "the shelf draws its fade in and then waits ($second_frames frames)" \
    test "$second_frames" -ge 40 -a "$second_frames" -le 46
check "the imports add at most 3 frames: one per finished import, one for the new cover ($first_frames)" \
    test "$first_frames" -ge "$second_frames" -a "$first_frames" -le $((second_frames + 3))
check "the refused book is not read again, and its reason is told again" \
    grep -q "^0.000 book-refused file=slip.epub$" "$WORK/second.txt"
check "... on stderr too" grep -q "slip.epub: error: this book cannot be used" "$WORK/second.err"

# Real time: the thread ends by itself, wakes the loop, and the shelf is
# rescanned; Escape then quits.
rm -rf "$XDG_DATA_HOME/hushabye"
rm "$drop/slip.epub" "$drop/bear copy.epub"
printf '2.5 key Escape\n' > "$WORK/real.replay"
timeout 30 "$HUSHABYE" --size 640x400 --stories "$drop" --replay "$WORK/real.replay" \
    --trace "$WORK/real.txt" 2>"$WORK/real.err"
check "in real time the book is imported" grep -q " book-ready file=The Bear.epub folder=$key$" \
    "$WORK/real.txt"
check "... and the shelf rescanned with its story" \
    grep -q " shelf-rescan stories=$((1 + BUNDLED)) pending=0$" "$WORK/real.txt"
check "... before the program quits" grep -q " quit$" "$WORK/real.txt"
done_checks
