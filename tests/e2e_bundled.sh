# Every bundled story is one a family can play tonight: the parents' checker
# finds nothing to say about it (no error, no warning), every page has its
# words, its narration and its timed words, and under the virtual clock the
# story plays each page in order, with its narration, through to the closing
# scene and the dark, with no problem met on the way.
. "$(dirname "$0")/lib_e2e.sh"

stories=0
for story in "$SRC"/stories/*/; do
    story=${story%/}
    name=$(basename "$story")
    stories=$((stories + 1))

    "$STORYTOOL" check "$story" >"$WORK/$name.check" 2>&1
    check "$name: hushabye-story check exits 0" test $? -eq 0
    check "$name: the checker gives no warning and no error ($(tr '\n' ' ' <"$WORK/$name.check"))" \
        not_grep "(warning|error):" "$WORK/$name.check"
    check "$name: the checker says 'no problems'" grep -q "^$name: [0-9]* pages, no problems$" \
        "$WORK/$name.check"
    pages=$(sed -n "s/^$name: \([0-9]*\) pages,.*/\1/p" "$WORK/$name.check")
    pages=${pages:-0}
    check "$name: a bedtime story of 6 to 10 pages ($pages)" test "$pages" -ge 6 -a "$pages" -le 10

    for text in "$story"/[0-9]*.txt; do
        n=$(basename "$text" .txt)
        check "$name: page $n has its narration" test -s "$story/$n.ogg"
        check "$name: page $n has its timed words" test -s "$story/$n.vtt"
    done

    trace="$WORK/$name.trace"
    timeout 60 "$HUSHABYE" --clock virtual --exit-when-dark 0 --dim 1 --size 640x400 \
        --trace "$trace" "$story" >/dev/null 2>"$WORK/$name.stderr"
    check "$name: the player plays it through and exits 0" test $? -eq 0
    check "$name: the story starts, named by its folder" \
        grep -q " story-start folder=$name$" "$trace"
    want=""
    for n in $(seq 1 "$pages"); do want="$want $n"; done
    got=$(sed -n 's/^[0-9.]* page n=\([0-9]*\)$/\1/p' "$trace" | tr '\n' ' ' | sed 's/^/ /; s/ $//')
    check "$name: every page is shown once, in order (got:$got)" test "$got" = "$want"
    got=$(sed -n 's/^[0-9.]* narration-start n=\([0-9]*\) .*/\1/p' "$trace" | tr '\n' ' ' |
        sed 's/^/ /; s/ $//')
    check "$name: every page is read aloud (got:$got)" test "$got" = "$want"
    order=$(events "$trace" | grep -x -e page -e reassurance -e dim-start -e dark -e quit |
        uniq | tr '\n' ' ')
    check "$name: after the last page come the closing scene, the dimming and the dark ($order)" \
        test "$order" = "page reassurance dim-start dark quit "
    check "$name: the closing words are spoken" grep -q " narration-start n=reassurance " "$trace"
    check "$name: no problem is met on the way" test "$(summary "$trace" problems)" = 0
    check "$name: nothing is said on standard error ($(head -c 200 "$WORK/$name.stderr"))" \
        test ! -s "$WORK/$name.stderr"
done
check "four bundled stories or more ($stories)" test "$stories" -ge 4

done_checks
