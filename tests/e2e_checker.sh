# hushabye-story check: the bundled story passes, a broken one fails with
# messages that name the file and line, bad usage exits 2.
. "$(dirname "$0")/lib_e2e.sh"
"$STORYTOOL" check "$SRC/stories/moon-says-goodnight" >"$WORK/ok.txt" 2>&1
check "the bundled story checks clean (exit 0)" test $? -eq 0
check "the summary counts six pages" grep -q "6 pages" "$WORK/ok.txt"

story="$WORK/oops"
mkdir -p "$story"
printf '%%PDF-1.4\n' > "$story/01.png"
printf 'Hello.\n' > "$story/01.txt"
printf '[story]\nhodl = 2\n' > "$story/story.ini"
"$STORYTOOL" check "$story" >"$WORK/bad.txt" 2>&1
check "a PDF named as a picture is an error (exit 1)" test $? -eq 1
check "the message names the file and what it looks like" \
    grep -q "^oops/01.png: error: .*PDF" "$WORK/bad.txt"
check "the misspelt key gets its line and a suggestion" \
    grep -q "^oops/story.ini:2: warning: unknown key 'hodl' (did you mean 'hold'?)" "$WORK/bad.txt"
"$STORYTOOL" >/dev/null 2>&1
check "no arguments is a usage error (exit 2)" test $? -eq 2
"$STORYTOOL" frobnicate x >/dev/null 2>&1
check "an unknown subcommand is a usage error (exit 2)" test $? -eq 2
# A page's picture named in story.ini and missing is told at that line,
# as a missing narration is (page 1's picture is also the shelf's cover).
mkdir -p "$WORK/cm"
echo "Hello." > "$WORK/cm/01.txt"
printf '[story]\ntitle = T\n\n[page 1]\nimage = missing.png\nnarration = gone.ogg\n' \
    > "$WORK/cm/story.ini"
(cd "$WORK" && "$STORYTOOL" check cm > "$WORK/cm.txt" 2>&1)
check "a missing picture story.ini names is told at its line" \
    grep -q "^cm/story.ini:5: error: 'missing.png' (image of page 1) is not in the folder" "$WORK/cm.txt"
check "and not again without one" not_grep "^cm/missing.png" "$WORK/cm.txt"
done_checks
