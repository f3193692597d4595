# The frame budget on a machine that cannot keep up, in real time: when the
# sound device has to wait for a block while a page turns (here SDL's disk
# driver made to ask every 200 ms for blocks of 85 ms, as a device would
# whose audio thread a CPU quota held back), the animations drop to 15 frames
# a second for the rest of the night, said once in the trace
# (frame-budget fps=15 why=audio), and the story still plays to its dark. A
# device fed on time (the same driver asking every 20 ms) never lowers it
# for the audio's sake.
. "$(dirname "$0")/lib_e2e.sh"
story="$WORK/story"
mkdir -p "$story"
for n in 01 02 03; do
    echo "Page $n, and goodnight." > "$story/$n.txt"
    sox -q -n -r 24000 -c 1 "$story/$n.wav" synth 0.3 sine 330 vol 0.4
done
# One second a page turn: 30 frames at the full budget, 15 at the lowered one.
printf '[story]\nhold = 0.2\ntransition-time = 1.0\n' > "$story/story.ini"

play() { # play NAME DELAY_MS
    SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$WORK/$1.raw" SDL_DISKAUDIODELAY=$2 \
        "$HUSHABYE" --clock real --size 320x200 --dim 0.5 --exit-when-dark 0 \
        --trace "$WORK/$1.txt" "$story" 2>"$WORK/$1.err"
}

play late 200
trace="$WORK/late.txt"
check "the night played to its dark with a device that waited for its blocks" \
    grep -q ' dark ' "$trace"
check "the budget dropped to 15 frames a second for the audio's sake, said once" \
    test "$(grep -c ' frame-budget fps=15 why=audio$' "$trace")" = 1
when=$(awk '$2 == "frame-budget" {print NR; exit}' "$trace")
second=$(awk '$2 == "transition-start" && $3 == "to=2" {print NR; exit}' "$trace")
check "it dropped during the first page turn, before the second (lines ${when:-none}, ${second:-none})" \
    test -n "$when" -a -n "$second" -a "${when:-0}" -lt "${second:-0}"
# Four page turns (from black to page 1, to 2, to 3, to the closing words):
# the first at most 31 frames, the three after at most 17 each.
frames=$(summary "$trace" frames_transition)
check "the page turns after it drew about half the frames ($frames, at most 82)" \
    test "${frames:-999}" -le 82 -a "${frames:-0}" -ge 40
check "nothing went wrong ($(summary "$trace" problems) problems)" \
    test "$(summary "$trace" problems)" = 0

play ontime 20
trace="$WORK/ontime.txt"
check "a device fed on time plays to the dark too" grep -q ' dark ' "$trace"
check "and never lowers the budget for the audio's sake" \
    not_grep ' frame-budget .*why=audio' "$trace"
done_checks
