# Hostile input, the terminal and the messages, end to end:
# - the escape-* cases of the bad-story corpus (file names, story.ini keys and
#   values, a folder name with escape sequences, control and bidi characters)
#   reach no output raw: not the checker's (plain and --json), not info's, not
#   the player's log or trace; the JSON stays valid UTF-8 and parses;
# - import of a named pipe (FIFO) says what it is at once instead of blocking;
# - SIGTERM ends a long check at once, with the usual signal exit;
# - temporary files of a save cut short are removed at the next start of the
#   player or the tool, while a fresh one of a live process stays;
# - a folder that cannot be written is said before recording starts, by
#   `record` and by the studio.
. "$(dirname "$0")/lib_e2e.sh"
corpus="$WORK/corpus"
bash "$SRC/tests/make-bad-corpus.sh" "$corpus" "$SRC" >/dev/null

# Raw bytes no output may hold: C0 controls but newline, DEL, C1 controls
# (U+0080..U+009F as UTF-8), bidi embeddings, overrides and isolates.
raw_pattern='[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]'
clean() { ! LC_ALL=C grep -aqP "$raw_pattern" "$1"; }
valid_utf8() { iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; }

for dir in "$corpus"/escape-*; do
    name=$(printf '%s' "${dir##*/}" | LC_ALL=C tr -c 'a-z-' '_')
    out="$WORK/$name"
    "$STORYTOOL" check "$dir" >"$out.check" 2>&1
    check "$name: check output holds no raw control or bidi character" clean "$out.check"
    "$STORYTOOL" check --json "$dir" >"$out.json" 2>&1
    check "$name: check --json holds no raw control or bidi character" clean "$out.json"
    check "$name: check --json is valid UTF-8" valid_utf8 "$out.json"
    if command -v python3 >/dev/null; then
        check "$name: check --json parses" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$out.json"
    fi
    "$STORYTOOL" info "$dir" >"$out.info" 2>&1
    check "$name: info holds no raw control or bidi character" clean "$out.info"
    "$STORYTOOL" info --json "$dir" >"$out.info-json" 2>&1
    check "$name: info --json holds no raw control or bidi character" clean "$out.info-json"
    "$HUSHABYE" --clock virtual --trace "$out.trace" --exit-when-dark 0 --size 320x200 \
        "$dir" 2>"$out.stderr"
    check "$name: the player reaches the dark" grep -q " dark " "$out.trace"
    check "$name: the player's log holds no raw control or bidi character" clean "$out.stderr"
    check "$name: the player's trace holds no raw control or bidi character" clean "$out.trace"
done
check "a crafted name cannot hide the real count: the summary says 2 errors" \
    grep -q '^escape-names: 5 pages, 2 errors' "$WORK/escape-names.check"
check "the crafted 'no problems' shows as the file name it is, escaped" \
    grep -q '02-\\e\]0;owned\\x07\\e\[2J' "$WORK/escape-names.check"
check "a right-to-left override in a name is shown as \\u{202e}" \
    grep -q '04-\\u{202e}gnp.svg' "$WORK/escape-names.info"
check "bad bytes in a name are shown as \\xNN" grep -q '05-\\xff\\xfe.png' "$WORK/escape-names.check"
check "a folder name with escapes is shown escaped in the trace" \
    grep -q 'story-start folder=escape-folder\\e\[2J\\x07' "$WORK"/escape-folder*.trace
check "JSON escapes the bidi override as \\u202e" grep -q '\\u202e' "$WORK/escape-names.info-json"

# import of a FIFO: refused at once, named for what it is.
mkdir -p "$WORK/imp"
mkfifo "$WORK/pipe.ogg"
timeout 20 "$STORYTOOL" import "$WORK/imp" "$WORK/pipe.ogg" >"$WORK/imp.out" 2>&1
rc=$?
check "import of a FIFO does not block (exit $rc, not the timeout's 124)" test "$rc" -eq 1
check "and says it is a named pipe" grep -q "pipe.ogg: is a named pipe (FIFO), not a recording or a picture" \
    "$WORK/imp.out"
mkdir -p "$WORK/dir.wav"
"$STORYTOOL" import "$WORK/imp" "$WORK/dir.wav" >"$WORK/imp-dir.out" 2>&1
check "import of a folder says it is a folder" grep -q "dir.wav: is a folder, not a recording or a picture" \
    "$WORK/imp-dir.out"

# SIGTERM during a long check (999 pages, each a recording to decode).
long="$WORK/long-story"
mkdir -p "$long"
for i in $(seq 1 999); do
    cp "$SRC/stories/moon-says-goodnight/01.ogg" "$long/$i.ogg"
    printf 'Page %d.\n' "$i" > "$long/$i.txt"
done
"$STORYTOOL" check "$long" >"$WORK/long.out" 2>&1 &
pid=$!
sleep 1
start=$(date +%s%N)
kill -TERM "$pid"
wait "$pid"
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "SIGTERM ends a long check with the usual signal exit (143, got $rc)" test "$rc" -eq 143
check "and at once (${ms} ms)" test "$ms" -lt 2000
check "it was still checking when told to stop" not_grep "999 pages" "$WORK/long.out"

# Stale temporary files of interrupted saves: removed at the next start of the
# player and of the tool; a fresh one of a live process stays.
dead_pid() { sh -c 'exit 0' & local p=$!; wait "$p"; echo "$p"; }
story="$WORK/temps"
mkdir -p "$story" "$XDG_DATA_HOME/hushabye"
printf 'Goodnight.\n' > "$story/01.txt"
stale=".01.wav.hushabye-tmp-$(dead_pid)-AbCdEf"
live=".02.wav.hushabye-tmp-$$-AbCdEf"
head -c 200000 /dev/zero > "$story/$stale"
head -c 200000 /dev/zero > "$story/$live"
# A family's own hidden files that only look like temporary ones: never touched.
printf 'Dear little one\n' > "$story/.grandma-letter.tmp-backup"
printf 'la la\n' > "$story/.song.tmp-$(dead_pid)-v2copy"
touch -d '2 hours ago' "$story/.song.tmp-"*
head -c 200000 /dev/zero > "$XDG_DATA_HOME/hushabye/.reassurance.wav.hushabye-tmp-$(dead_pid)-XyZ123"
"$HUSHABYE" --clock virtual --trace "$WORK/temps.trace" --exit-when-dark 0 --size 320x200 \
    "$story" 2>"$WORK/temps.stderr"
check "the player removes a stale temporary file from the story it plays" \
    test ! -e "$story/$stale"
check "and from the family's folder" \
    test -z "$(ls -A "$XDG_DATA_HOME/hushabye" | grep 'hushabye-tmp-')"
check "a fresh temporary file of a live process stays" test -e "$story/$live"
check "a family's hidden files named like temporary ones stay, old or new" \
    eval 'test -s "$story/.grandma-letter.tmp-backup" && test -s "$story"/.song.tmp-*'
stale=".03.wav.hushabye-tmp-$(dead_pid)-AbCdEf"
head -c 200000 /dev/zero > "$story/$stale"
SDL_AUDIODRIVER=dummy "$STORYTOOL" record "$story" --page 1 --seconds 1 </dev/null \
    >/dev/null 2>&1
check "hushabye-story record removes one too, even when it records nothing" \
    test ! -e "$story/$stale"
head -c 200000 /dev/zero > "$story/$stale"
"$STORYTOOL" import "$story" "$WORK/pipe.ogg" >/dev/null 2>&1
check "hushabye-story import removes one too" test ! -e "$story/$stale"
check "the live one is still there" test -e "$story/$live"
rm -f "$story/$live"

# A folder that cannot be written: said before the countdown. Root writes
# through permission bits, so there an immutable folder is used when the file
# system allows it.
ro="$WORK/readonly"
mkdir -p "$ro"
printf 'Goodnight.\n' > "$ro/01.txt"
undo=:
if [ "$(id -u)" -ne 0 ]; then
    chmod 555 "$ro"; undo="chmod 755 $ro"
elif chattr +i "$ro" 2>/dev/null; then
    undo="chattr -i $ro"
fi
trap '$undo' EXIT
if ! touch "$ro/.probe" 2>/dev/null; then
    SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILEIN=/dev/zero SDL_DISKAUDIOFILE=/dev/null \
        timeout 20 "$STORYTOOL" record "$ro" --page 1 --seconds 5 </dev/null \
        >"$WORK/ro.out" 2>"$WORK/ro.err"
    check "record into a folder that cannot be written fails (exit 1)" test $? -eq 1
    check "and says why before recording" grep -q "cannot record here: the folder" "$WORK/ro.err"
    check "no countdown was started" not_grep "Recording" "$WORK/ro.err"
    printf '%s\n' "0.5 key R" "1.5 key D" "2 key Escape" > "$WORK/ro.replay"
    SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILEIN=/dev/zero SDL_DISKAUDIOFILE=/dev/null \
        "$HUSHABYE" --studio --size 640x400 --replay "$WORK/ro.replay" \
        --trace "$WORK/ro.trace" "$ro" 2>"$WORK/ro-studio.err"
    check "the studio refuses to start recording there, and says why" \
        grep -q "record-refused page=1 why=cannot record here: the folder" "$WORK/ro.trace"
    check "no recording was started" not_grep "record-start" "$WORK/ro.trace"
else
    rm -f "$ro/.probe"
    echo "skipped: no folder that cannot be written here (root, and no chattr)"
fi
$undo
trap - EXIT

# Words saved as UTF-16 (Notepad's "Unicode") are read as what they are; a
# picture saved as a page's .txt is no words. Both are said, naming the file.
enc="$WORK/encodings"
mkdir -p "$enc"
printf '\xff\xfeH\x00i\x00 \x00m\x00o\x00o\x00n\x00' > "$enc/01.txt"
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR' > "$enc/02.txt"
"$MKPICTURE" png "$enc/01.png" 64 40
"$MKPICTURE" png "$enc/02.png" 64 40
"$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 --exit-when-dark 0 \
    --snapshot "$WORK/utf16.png" --trace "$WORK/enc.trace" "$enc" 2>"$WORK/enc.err"
check "UTF-16 words are said to be UTF-16, by name" \
    grep -q "encodings/01.txt: warning: the words are saved as UTF-16" "$WORK/enc.err"
check "and a PNG as words is said to be no text" \
    grep -q "encodings/02.txt: warning: the words for page 2 are not text" "$WORK/enc.err"
"$STORYTOOL" info "$enc" >"$WORK/enc.info" 2>&1
check "page 1 shows its two words ($(grep 'page 1' "$WORK/enc.info"))" \
    grep -q "page 1: .*2 words" "$WORK/enc.info"
check "page 2 shows none" not_grep "page 2: .*word" "$WORK/enc.info"

# A character no font here has (a private-use one: no font has it) is drawn
# as a box: said, naming the words, for a page with a picture (drawn on its
# thread) and for one of words alone (drawn at once), and counted.
glyph="$WORK/glyphs"
mkdir -p "$glyph"
printf 'Goodnight \xee\x80\x80 moon.\n' > "$glyph/01.txt"
"$MKPICTURE" png "$glyph/01.png" 64 40
printf 'Two \xee\x80\x81 and \xee\x80\x82 stars.\n' > "$glyph/02.txt"
"$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 --exit-when-dark 0 \
    --trace "$WORK/glyph.trace" "$glyph" 2>"$WORK/glyph.err"
check "a missing character under a picture is said, with its code ($(tr '\n' '|' <"$WORK/glyph.err"))" \
    grep -q "glyphs/01.txt: warning: 1 character of these words is in no font this player has (.*U+E000)" \
    "$WORK/glyph.err"
check "and two on a page of words alone, counted" \
    grep -q "glyphs/02.txt: warning: 2 characters of these words are in no font this player has (the first is .*U+E001)" \
    "$WORK/glyph.err"
check "the night still reaches the dark" grep -q " dark" "$WORK/glyph.trace"
done_checks
