# Kiosk mode against a toddler, driven by --replay: key mashing, tap storms,
# long presses anywhere but the corner, and a corner hold with wrong answers
# never reach parent-unlocked; the right answer does, and the menu works.
# SIGTERM still ends the program promptly with status 0.
. "$(dirname "$0")/lib_e2e.sh"
story="$SRC/stories/moon-says-goodnight"

kiosk() { # kiosk NAME REPLAY-FILE
    "$HUSHABYE" --kiosk --clock virtual --exit-when-dark 0 --dim 10 --replay "$2" \
        --trace "$WORK/$1.txt" "$story" 2>>"$WORK/stderr.txt"
}

# A toddler at the keyboard and the screen.
{
    t=2
    for k in Escape Alt+F4 Ctrl+Q Ctrl+W Alt+Tab Super+D Ctrl+Alt+Delete F11 q w Return \
             Space Left Right Up Down Tab BackSpace 1 2 3 4 5 Ctrl+Shift+Q; do
        echo "$t key $k"; t=$(awk -v t="$t" 'BEGIN{print t+0.13}')
    done
    awk 'BEGIN{srand(3); for (i = 0; i < 200; i++) printf "%.2f tap %.3f %.3f\n", 6 + i * 0.07, 0.1 + rand() * 0.9, 0.1 + rand() * 0.9}'
    echo "25 hold 0.5 0.5 4"
    echo "30 hold 0.9 0.9 5"
    echo "36 hold 0.02 0.02 1.5"
    echo "40 swipe 0.1 0.5 0.9 0.5"
} > "$WORK/toddler.replay"
kiosk toddler "$WORK/toddler.replay"
check "the kiosk survives mashing and exits only when dark (status 0)" test $? -eq 0
check "nothing the toddler did unlocked the parents' menu" \
    test -z "$(grep parent-unlocked "$WORK/toddler.txt")"
check "no key quit early: the night reached dark" grep -q " dark " "$WORK/toddler.txt"
check "long presses away from the corner do not even show the gate" \
    test -z "$(grep gate-shown "$WORK/toddler.txt")"

# A corner hold, then wrong answers (a tap beside the numbers; a wrong key).
printf '2 hold 0.02 0.02 3.2\n6 tap 0.5 0.1\n8 hold 0.02 0.02 3.2\n12 key 9\n' > "$WORK/wrong.replay"
kiosk wrong "$WORK/wrong.replay"
check "the corner hold shows the gate (twice)" test "$(grep -c gate-shown "$WORK/wrong.txt")" = 2
check "wrong answers close it quietly (twice)" test "$(grep -c gate-closed "$WORK/wrong.txt")" = 2
check "wrong answers never unlock" test -z "$(grep parent-unlocked "$WORK/wrong.txt")"
check "the page was paused while the gate showed, and resumed" \
    test "$(grep -c ' pause n=' "$WORK/wrong.txt")" = 2 -a "$(grep -c ' resume n=' "$WORK/wrong.txt")" = 2

# The right answer: learn the question from a first run (the virtual clock
# makes it the same every time), then answer it.
printf '2 hold 0.02 0.02 3.2\n' > "$WORK/ask.replay"
kiosk ask "$WORK/ask.replay"
answer=$(sed -n 's/.*gate-shown answer=\([0-9,]*\).*/\1/p' "$WORK/ask.txt" | head -n 1)
check "the gate asks three numbers ($answer)" test "$(echo "$answer" | tr ',' '\n' | grep -c .)" = 3
{
    echo "2 hold 0.02 0.02 3.2"
    echo "$answer" | tr ',' '\n' | awk '{printf "%.1f key %s\n", 6 + NR * 0.5, $1}'
    for i in 1 2 3 4 5 6 7 8 9; do echo "9.$i key Down"; done   # to the last item
    for i in 1 2 3 4 5 6 7 8 9; do echo "9.9$i key Down"; done
    echo "10 key Return"
} > "$WORK/right.replay"
kiosk right "$WORK/right.replay"
check "the right numbers in order unlock the parents' menu" grep -q parent-unlocked "$WORK/right.txt"
check "the menu's last item quits at once, with status 0" \
    test -n "$(grep -E '^10.000 parent-menu item=quit' "$WORK/right.txt")" -a \
         -n "$(grep -E '^10.000 quit' "$WORK/right.txt")"

# The menu closes itself after a minute untouched, and the story goes on.
printf '2 hold 0.02 0.02 3.2\n' > "$WORK/idle.replay"
echo "$answer" | tr ',' '\n' | awk '{printf "%.1f key %s\n", 6 + NR * 0.5, $1}' >> "$WORK/idle.replay"
kiosk idle "$WORK/idle.replay"
check "an untouched menu closes by itself a minute later" \
    grep -q "^67.500 parent-menu-closed" "$WORK/idle.txt"
check "and the night still reaches dark" grep -q " dark " "$WORK/idle.txt"

# The system's SIGTERM ends even a kiosk promptly and cleanly, and so does
# SIGHUP (the terminal or SSH session that started it closing).
signal_ends() { # signal_ends NAME NUMBER
    "$HUSHABYE" --kiosk --trace "$WORK/$1.txt" "$story" 2>>"$WORK/stderr.txt" &
    local pid=$!
    sleep 2
    kill -"$1" "$pid"
    wait "$pid"
    check "SIG$1 ends the kiosk with status 0" test $? -eq 0
    check "the trace names the signal ($2)" grep -q "signal number=$2\$" "$WORK/$1.txt"
    check "and ends with quit and summary" grep -q " summary " "$WORK/$1.txt"
}
signal_ends TERM 15
signal_ends HUP 1
# A trace read through a pipe whose reader went away is no end.
"$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 --exit-when-dark 0 --trace - "$story" \
    2>>"$WORK/stderr.txt" | head -n 2 > /dev/null
check "a trace piped to a reader that leaves does not end the night (exit ${PIPESTATUS[0]})" \
    test "${PIPESTATUS[0]}" -eq 0
done_checks
