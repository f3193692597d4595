# hushabye-story new and info: a new folder is ready to fill and checks clean
# once it has a picture; info gives the title, pages, picture sizes and the
# narration's length, also as JSON; wrong usage exits 2.
. "$(dirname "$0")/lib_e2e.sh"
story="$WORK/sleepy-owl"
"$STORYTOOL" new "$story" --title 'The "Sleepy" Owl' >"$WORK/new.txt"
check "new exits 0" test $? -eq 0
check "new writes a guide for parents" grep -q "01.png" "$story/HOW-TO-FILL-THIS-STORY.txt"
check "new writes story.ini with the title" grep -q '^title = The "Sleepy" Owl$' "$story/story.ini"
"$STORYTOOL" new "$WORK/second" --title 'Moon Stories #2 ; with owls' >/dev/null
cp "$SRC/tests/data/golden/page2-640x400.png" "$WORK/second/01.png"
"$STORYTOOL" info "$WORK/second" >"$WORK/second.txt"
check "a title holding ' #' and ' ;' is quoted in story.ini and read back whole" \
    eval 'grep -qx "title = \"Moon Stories #2 ; with owls\"" "$WORK/second/story.ini" &&
          grep -qx "title: Moon Stories #2 ; with owls" "$WORK/second.txt"'
"$STORYTOOL" new "$story" 2>"$WORK/again.txt"
check "new refuses a folder that already has files (exit 1)" test $? -eq 1
check "and says so, naming the folder" grep -q "sleepy-owl: error: .*already has files" "$WORK/again.txt"
"$STORYTOOL" check "$story" >"$WORK/empty.txt"
check "an empty new story fails the check (no pages)" test $? -eq 1

cp "$SRC/tests/data/golden/page2-640x400.png" "$story/01.png"
cp "$SRC/stories/moon-says-goodnight/01.ogg" "$story/01.ogg"
printf 'Hoo, hoo.\n' > "$story/02.txt"
"$STORYTOOL" check "$story" >"$WORK/filled.txt"
check "once filled, the story checks clean (exit 0)" test $? -eq 0
check "the guide and story.ini raise no warning" grep -q "2 pages, no problems" "$WORK/filled.txt"

"$STORYTOOL" info "$story" >"$WORK/info.txt"
check "info exits 0" test $? -eq 0
check "info gives the title" grep -q '^title: The "Sleepy" Owl$' "$WORK/info.txt"
check "info gives the picture's size" grep -q "page 1: picture 01.png (640x400), narration 01.ogg [0-9.]* s" "$WORK/info.txt"
check "info counts a page's words" grep -q "page 2:.*2 words" "$WORK/info.txt"
"$STORYTOOL" info --json "$story" >"$WORK/info.json"
if command -v python3 >/dev/null; then
    check "info --json is valid JSON with sizes and lengths" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["title"] == "The \"Sleepy\" Owl", d["title"]
p = d["pages"]
assert len(p) == 2 and p[0]["width"] == 640 and p[0]["height"] == 400, p
assert 3 < p[0]["seconds"] < 10 and p[1]["seconds"] is None, p
assert abs(d["narration_seconds"] - p[0]["seconds"]) < 0.01' "$WORK/info.json"
fi

"$STORYTOOL" new >/dev/null 2>&1
check "new without a folder is a usage error (exit 2)" test $? -eq 2
"$STORYTOOL" new "$WORK/x" --title "$(printf 'two\nlines')" >/dev/null 2>&1
check "a title of two lines is a usage error (exit 2)" test $? -eq 2
"$STORYTOOL" info >/dev/null 2>&1
check "info without a folder is a usage error (exit 2)" test $? -eq 2
"$STORYTOOL" check --frobnicate "$story" >/dev/null 2>&1
check "an unknown option to check is a usage error (exit 2)" test $? -eq 2
"$STORYTOOL" info "$WORK/no-such-story" 2>"$WORK/missing.txt"
check "info on a missing folder exits 1 and says why" test $? -eq 1

# Command-line conventions: COMMAND --help, --opt=value, and -- before names.
for c in new check info record import import-book align; do
    "$STORYTOOL" "$c" --help >"$WORK/help-$c.txt" 2>&1
    check "$c --help prints its usage and exits 0" \
        test $? -eq 0 -a -n "$(grep "^  $c " "$WORK/help-$c.txt")"
done
check "the help's lines fit a terminal (80 columns)" \
    test "$("$STORYTOOL" --help | awk 'length > 80' | wc -l)" -eq 0
"$STORYTOOL" new "$WORK/eq-story" --title="Night Night" >/dev/null 2>&1
check "--title=value is the same as --title value" \
    grep -q "Night Night" "$WORK/eq-story/story.ini"
mkdir -p "$WORK/dash" && cp -r "$WORK/eq-story" "$WORK/dash/-odd"
(cd "$WORK/dash" && "$STORYTOOL" check -- -odd >"$WORK/dash.txt" 2>&1)
check "after --, a folder whose name starts with '-' is a folder" \
    grep -q "odd" "$WORK/dash.txt"
# A folder name with a line break is shown escaped, never raw.
"$STORYTOOL" new "$WORK/$(printf 'two\nlines')" >"$WORK/new-nl.txt" 2>&1
check "new makes a folder whose name has a line break" test -d "$WORK/$(printf 'two\nlines')"
check "and names it in one line of output" test "$(wc -l < "$WORK/new-nl.txt")" -eq 1
# Import of what is not a page's file: said plainly, once.
mkdir -p "$WORK/imp-odd"
"$STORYTOOL" new "$WORK/imp-odd/s" >/dev/null 2>&1
printf 'GIF89a\001\000\001\000\000\000\000;' > "$WORK/imp-odd/01.gif"
"$STORYTOOL" import "$WORK/imp-odd/s" "$WORK/imp-odd/01.gif" >"$WORK/imp-gif.txt" 2>&1
check "a GIF to import is refused (exit 1)" test $? -eq 1
check "it is named as a GIF picture, without the folder's advice mixed in ($(cat "$WORK/imp-gif.txt"))" \
    grep -q "this is a GIF picture, which the player cannot show and import cannot convert; save it as JPEG or PNG" "$WORK/imp-gif.txt"
printf 'This is a note, not a recording.\n' > "$WORK/imp-odd/02.wav"
PATH="$WORK/no-ffmpeg-here:/usr/bin:/bin" "$STORYTOOL" import "$WORK/imp-odd/s" \
    "$WORK/imp-odd/02.wav" >"$WORK/imp-txt.txt" 2>&1
check "a text named .wav is refused (exit 1)" test $? -eq 1
check "it is said to be text, not a recording ($(cat "$WORK/imp-txt.txt"))" \
    grep -q "this is plain text, not a recording" "$WORK/imp-txt.txt"
check "with no word of ffmpeg, which could not convert a text" not_grep "ffmpeg" "$WORK/imp-txt.txt"
# Importing the page's own recording (01.wav into its own page): the take
# takes its name and the original is kept hidden, not the take set aside.
mkdir -p "$WORK/own-import"
printf 'The moon is up.\n' > "$WORK/own-import/01.txt"
sox -n -r 44100 -c 1 -b 16 "$WORK/own-import/01.wav" synth 1 sawtooth 200 tremolo 5 60 vol 0.3 \
    pad 0.5 0.5
orig=$(cksum < "$WORK/own-import/01.wav")
"$STORYTOOL" import "$WORK/own-import" "$WORK/own-import/01.wav" >"$WORK/own-import.txt" 2>&1
check "a page's own recording imports into its page (exit 0)" test $? -eq 0
check "page 1 still has its narration, the new take" test -s "$WORK/own-import/01.wav" -a \
    ! -e "$WORK/own-import/.imported-01.wav"
check "the original is kept hidden, byte for byte" \
    test "$(cksum < "$WORK/own-import/.previous-01.wav")" = "$orig"
# A folder that is not one: align says so (exit 1), as check does; info
# --json still gives JSON, with the problem.
"$STORYTOOL" align "$WORK/no-such-folder" >"$WORK/align-missing.txt" 2>&1
check "align on a missing folder fails (exit 1)" test $? -eq 1
check "saying it is not a story folder ($(cat "$WORK/align-missing.txt"))" \
    grep -q "not a story folder" "$WORK/align-missing.txt"
mkdir -p "$WORK/no-pages"
"$STORYTOOL" info --json "$WORK/no-pages" >"$WORK/info-empty.json" 2>/dev/null
check "info --json on a folder with no pages fails (exit 1)" test $? -eq 1
check "yet writes JSON naming the problem" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["pages"] is None and d["problems"] and "no pages" in d["problems"][0]["message"]' \
    "$WORK/info-empty.json"
# A folder named on an old system (Latin-1): new writes its title as UTF-8,
# which check then has nothing to say about.
"$STORYTOOL" new "$WORK/ni$(printf '\361')o" >/dev/null 2>&1
check "new reads a Latin-1 folder name as its title, in UTF-8" \
    grep -q "^title = Niño$" "$WORK/ni$(printf '\361')o/story.ini"
# Output that cannot be written is a failure, not silence: info --json and
# check --json to a full disk exit 1 and say so.
"$STORYTOOL" info --json "$SRC/stories/sleepy-farm" >/dev/full 2>"$WORK/full.err"
status=$?
check "info --json to a full disk exits 1 (got $status: $(cat "$WORK/full.err"))" \
    sh -c 'test "$1" -eq 1 && grep -q "the output could not be written" "$2"' _ "$status" \
    "$WORK/full.err"
"$STORYTOOL" check --json "$SRC/stories/sleepy-farm" >/dev/full 2>/dev/null
check "and so does check --json" test $? -eq 1
# An option the tool does not know is shown escaped: a terminal's control
# sequence in it is never sent to the terminal.
"$STORYTOOL" check "--x$(printf '\033]0;T\007')y" 2>"$WORK/opt.err"
"$STORYTOOL" record "$WORK" "--x$(printf '\033]0;T\007')y" 2>>"$WORK/opt.err"
check "unknown options are told with their control characters escaped ($(cat -v "$WORK/opt.err"))" \
    sh -c '! grep -q "$(printf "\033")" "$1" && test "$(grep -c "x\\\\e]0;T" "$1")" -eq 2' _ "$WORK/opt.err"
done_checks
