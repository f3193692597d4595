# A story folder full of mistakes still plays to its reassurance and the
# dark, names every bad file, and never crashes (the sanitizer build runs
# this too).
. "$(dirname "$0")/lib_e2e.sh"
story="$WORK/bad-story"
mkdir -p "$story"
cp "$SRC/stories/moon-says-goodnight/01-moon-rises.svg" "$story/01.svg"
printf '%%PDF-1.4\n%%fake\n' > "$story/02.png"             # a PDF named as a picture
printf 'The owl.\n' > "$story/02.txt"
printf 'OggS\0\2garbage that is not vorbis' > "$story/02.ogg" # broken narration
head -c 60 "$SRC/tests/data/golden/page2-640x400.png" > "$story/03.png" # truncated
printf 'Words alone, no picture at all.\n' > "$story/04.txt"
printf '\xff\xfe not utf-8 \xc3\x28\n' > "$story/05.txt"
ln -s /etc/passwd "$story/06.txt"                               # a link out of the folder
printf '[story]\nhodl = 3\ntransition = wobble\n[page 7]\nimage = ../../etc/hosts\n' > "$story/story.ini"

"$HUSHABYE" --clock virtual --trace "$WORK/trace.txt" --exit-when-dark 0 --size 320x200 \
    "$story" 2>"$WORK/stderr.txt"
check "the player exits 0 on a broken story" test $? -eq 0
check "it still reaches the reassurance" grep -q " reassurance$" "$WORK/trace.txt"
check "and the dark" grep -q " dark " "$WORK/trace.txt"
check "problems are counted in the summary" test "$(summary "$WORK/trace.txt" problems)" -gt 3
check "the PDF named as a picture is named on stderr" grep -q "bad-story/02.png.*PDF" "$WORK/stderr.txt"
check "the broken narration is named" grep -q "bad-story/02.ogg" "$WORK/stderr.txt"
check "the truncated picture is named" grep -q "bad-story/03.png" "$WORK/stderr.txt"
check "the misspelt key is named with its line" grep -q "story.ini:2:.*hodl.*hold" "$WORK/stderr.txt"
check "the path leaving the folder is refused" grep -q "story.ini:5:" "$WORK/stderr.txt"
check "pages with words alone are shown (page 4 reached)" grep -q " page n=4$" "$WORK/trace.txt"

# Files story.ini names that are not in the folder (a typo, a file not
# copied yet): each is told against the line that named it, the line to mend,
# as check tells it, and the page goes on without it.
named="$WORK/named"
mkdir -p "$named"
"$MKPICTURE" png "$named/01.png" 800 600
"$MKPICTURE" png "$named/02.png" 800 600
sox -q -n -r 22050 -c 1 "$named/02.wav" synth 2.0 sine 440 vol 0.3
printf 'One.\n' > "$named/01.txt"
printf 'Two words.\n' > "$named/02.txt"
cat > "$named/story.ini" <<'INI'
[story]
music = lulaby.ogg
cover = front.png
[page 1]
image = owl.png
narration = 01-take.ogg
layer = stars.png twinkle
[page 2]
vtt = two.vtt
tap = 0.7,0.3,0.2,0.2 hooot.wav
INI
printf '7.5 tap 0.8 0.4\n' > "$WORK/named.replay" # on page 2's hotspot
"$HUSHABYE" --clock virtual --trace "$WORK/named.txt" --exit-when-dark 0 --size 800x600 \
    --dim 1 --replay "$WORK/named.replay" "$named" 2>"$WORK/named-stderr.txt"
check "a story whose story.ini names missing files plays to the dark (status 0)" \
    sh -c 'test $0 -eq 0 && grep -q " dark " "$1"' $? "$WORK/named.txt"
for told in "2: warning: 'lulaby.ogg' (music)" "5: warning: 'owl.png' (image of page 1)" \
    "6: warning: '01-take.ogg' (narration of page 1)" "7: warning: 'stars.png' (layer of page 1)" \
    "9: warning: 'two.vtt' (vtt of page 2)" "10: warning: 'hooot.wav' (tap of page 2)"; do
    check "told against its story.ini line: $told" \
        grep -qF "named/story.ini:$told is not in the folder" "$WORK/named-stderr.txt"
done
check "each once, and never again as a file that is not there" \
    sh -c 'test "$(grep -c "is not in the folder" "$1")" -eq 6 && ! grep -q "the file is not there" "$1"' \
    _ "$WORK/named-stderr.txt"
check "page 2 is read by its own narration, its timed words left out" \
    grep -q "narration-start n=2 " "$WORK/named.txt"
check "check tells the same files, and the cover, on the same lines" \
    sh -c '"$1" check "$2" 2>&1 | grep -c "is not in the folder" | grep -qx 7' \
    _ "$STORYTOOL" "$named"
mkdir -p "$WORK/shelf" && cp -r "$named" "$WORK/shelf/"
printf '2 key Escape\n' > "$WORK/shelf.replay"
"$HUSHABYE" --clock virtual --stories "$WORK/shelf" --replay "$WORK/shelf.replay" --size 800x600 \
    --trace "$WORK/shelf.txt" 2>"$WORK/shelf-stderr.txt"
check "on the shelf, its missing cover is told once against its line, the title shown instead" \
    sh -c 'test "$(grep -c "named/story.ini:3: warning: .front.png. (cover) is not in the folder" "$1")" -eq 1' \
    _ "$WORK/shelf-stderr.txt"

# A folder that is not there at all is a mistyped command: said at once, with a
# status that is not 0, before any window opens. (A folder that is there but
# broken, above, still plays to the closing words.)
"$HUSHABYE" --clock virtual --trace "$WORK/none.txt" --exit-when-dark 0 --size 320x200 \
    "$WORK/no-such-story" 2>"$WORK/none-stderr.txt"
check "a missing folder ends the player with status 1" test $? -eq 1
check "and says so, naming it" \
    grep -q "no-such-story: there is no story folder there (nothing has that name)" \
    "$WORK/none-stderr.txt"
# One missing among several (a USB stick left out): the night goes on with
# the others, to its closing words; bedtime is not cancelled.
"$HUSHABYE" --night --clock virtual --trace "$WORK/some.txt" --exit-when-dark 0 --dim 2 \
    --size 320x200 "$SRC/stories/moon-says-goodnight" "$WORK/no-such-story" \
    2>"$WORK/some-stderr.txt"
check "a night with one folder missing still plays (status 0)" test $? -eq 0
check "says which is missing and that the night goes on" \
    eval 'grep -q "no-such-story: there is no story folder there" "$WORK/some-stderr.txt" &&
          grep -q "the night goes on with the other stories" "$WORK/some-stderr.txt"'
check "and reaches its reassurance and the dark" \
    eval 'grep -q " reassurance$" "$WORK/some.txt" && grep -q " dark " "$WORK/some.txt"'
"$HUSHABYE" --clock virtual --exit-when-dark 0 --size 320x200 "$SRC/README.md" \
    2>"$WORK/file-stderr.txt"
check "a file given as a story folder is said to be a file" \
    grep -q "README.md: there is no story folder there (it is a file, not a folder)" \
    "$WORK/file-stderr.txt"
"$HUSHABYE" --dim 2>"$WORK/usage.txt"
check "an option without its value is wrong usage (status 2), said in words" \
    test $? -eq 2 -a -n "$(grep -- '--dim needs a value' "$WORK/usage.txt")"
"$HUSHABYE" --clock=virtual --exit-when-dark=0 --size=320x200 --trace="$WORK/eq.txt" \
    -- "$SRC/stories/moon-says-goodnight" 2>/dev/null
check "--opt=value and -- work" grep -q " dark " "$WORK/eq.txt"
done_checks
