# The bad-story corpus (made by make-bad-corpus.sh): the checker gives each
# folder its expected exit status and names the bad file; the player plays each
# one to the dark under the virtual clock, exits 0 and (in the sanitizer build)
# reports nothing. Outside the sanitizer build the player runs under a 1 GiB
# address-space limit, so a picture that claims to be huge cannot be decoded
# "successfully" by eating memory, and the memory ceilings of any story a
# parent can make are asserted on every case: the player's peak resident set
# at most PLAYER_MAX_KB, the checker's at most CHECKER_MAX_KB (measured by
# tests/peakrss; a sanitizer build measures its shadow memory too, so there
# the ceilings are not asserted).
. "$(dirname "$0")/lib_e2e.sh"
corpus="$WORK/corpus"
bash "$SRC/tests/make-bad-corpus.sh" "$corpus" "$SRC"
check "the corpus has its folders" test "$(wc -l < "$corpus/manifest.txt")" -ge 30

sanitized=${HUSHABYE_SANITIZED:-0}
ldd "$HUSHABYE" 2>/dev/null | grep -Eq 'lib(a|ub)san' && sanitized=1
under() { # under LIMIT_KB STDERR: the run's peak (from peakrss) is within the limit
    local kb; kb=$(peak_kb "$2")
    [ -n "$kb" ] && [ "$kb" -le "$1" ] || { echo "peak ${kb:-?} kB > $1 kB ($2)" >&2; return 1; }
}
sanitizer_report='AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:'

play() { # play FOLDER TRACE STDERR: the player with a memory bound when unsanitized
    if [ "$sanitized" -eq 1 ]; then
        "$HUSHABYE" --clock virtual --trace "$2" --exit-when-dark 0 --size 320x200 "$1" 2>"$3"
    else
        (ulimit -v 1048576; "$PEAKRSS" "$HUSHABYE" --clock virtual --trace "$2" \
            --exit-when-dark 0 --size 320x200 "$1" 2>"$3")
    fi
}

while IFS='|' read -r name want pattern; do
    out="$WORK/$name"
    if [ "$sanitized" -eq 1 ]; then
        "$STORYTOOL" check "$corpus/$name" >"$out.check" 2>"$out.check-stderr"
    else
        "$PEAKRSS" "$STORYTOOL" check "$corpus/$name" >"$out.check" 2>"$out.check-stderr"
    fi
    check "$name: check exits $want" test $? -eq "$want"
    [ "$sanitized" -eq 1 ] ||
        check "$name: check stays under $((CHECKER_MAX_KB / 1024)) MB" \
            under "$CHECKER_MAX_KB" "$out.check-stderr"
    check "$name: check names the file ($pattern)" grep -Eq "$pattern" "$out.check"
    check "$name: check leaves no sanitizer report" \
        not_grep "$sanitizer_report" "$out.check-stderr"
    play "$corpus/$name" "$out.trace" "$out.stderr"
    status=$?
    if [ ! -d "$corpus/$name" ]; then
        # No folder can be reached at that name (a link that loops): a mistyped
        # command, said before any window opens, not a story to play.
        check "$name: the player exits 1 at once, naming the folder" test "$status" -eq 1 -a \
            -n "$(grep "$name: there is no story folder there" "$out.stderr")"
        continue
    fi
    check "$name: the player exits 0" test "$status" -eq 0
    [ "$sanitized" -eq 1 ] ||
        check "$name: the player stays under $((PLAYER_MAX_KB / 1024)) MB" \
            under "$PLAYER_MAX_KB" "$out.stderr"
    check "$name: the player reaches the dark" grep -q " dark " "$out.trace"
    check "$name: the player leaves no sanitizer report" not_grep "$sanitizer_report" "$out.stderr"
done < "$corpus/manifest.txt"

"$STORYTOOL" check --json "$corpus/huge-png" "$corpus/unknown-key" >"$WORK/json.txt"
check "check --json exits 1 when a folder has errors" test $? -eq 1
if command -v python3 >/dev/null; then
    check "check --json is valid JSON with both folders" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["folders"]) == 2 and d["errors"] == 1, d
assert d["folders"][0]["problems"][0]["path"] == "huge-png/01.png"
assert d["folders"][1]["problems"][0]["line"] == 2' "$WORK/json.txt"
fi
done_checks
