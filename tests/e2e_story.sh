# The bundled story under the virtual clock: every event of the night in
# order, the frame budget of each phase, and a page compared to a golden image.
. "$(dirname "$0")/lib_e2e.sh"
story="$SRC/stories/moon-says-goodnight"
trace="$WORK/trace.txt"

"$HUSHABYE" --clock virtual --trace "$trace" --exit-when-dark 2 --size 640x400 \
    --snapshot "$WORK/page2.png" --snapshot-page 2 "$story" 2>"$WORK/stderr.txt"
check "the player exits 0 after being dark for 2 seconds" test $? -eq 0

want="story-start transition-start transition-end page narration-start narration-end"
for n in 2 3 4 5 6; do
    want="$want transition-start transition-end page narration-start narration-end"
done
want="$want transition-start transition-end reassurance narration-start narration-end"
want="$want dim-start dark panel quit summary"
got=$(events "$trace" | grep -v -x -e snapshot -e video | tr '\n' ' ' | sed 's/ $//')
check "the night's events come in order (got: $got)" test "$got" = "$want"
check "six pages are shown, numbered 1 to 6" \
    test "$(grep -c ' page n=' "$trace")" = 6 -a -n "$(grep ' page n=6$' "$trace")"
check "the story-start names the folder" grep -q "story-start folder=moon-says-goodnight" "$trace"
check "the reassurance speaks" grep -q "narration-start n=reassurance" "$trace"

dark=$(awk '$2=="dark"{print $1}' "$trace")
quit=$(awk '$2=="quit"{print $1}' "$trace")
check "quit comes 2 s after dark ($dark -> $quit)" \
    awk -v d="$dark" -v q="$quit" 'BEGIN{exit !(q-d>1.999 && q-d<2.001)}'
dim=$(awk '$2=="dim-start"{print $1}' "$trace")
check "the default dimming lasts 45 s ($dim -> $dark)" \
    awk -v a="$dim" -v b="$dark" 'BEGIN{exit !(b-a>44.999 && b-a<45.001)}'

check "no frame in the dark" test "$(summary "$trace" frames_dark)" = 0
check "the dark has no audio device, no timers, the screen saver allowed, no texture, no buffer kept" \
    grep -q " dark audio=closed timers=off screensaver=allowed textures=0 buffers=0$" "$trace"
check "never more than two pages decoded at once ($(summary "$trace" max_pages_held))" \
    test "$(summary "$trace" max_pages_held)" -le 2
check "the dimming draws at most 256 frames ($(summary "$trace" frames_dim))" \
    test "$(summary "$trace" frames_dim)" -le 256 -a "$(summary "$trace" frames_dim)" -gt 10
# Each page draws its first frame, then one per change of the lit word
# (on at its cue's start, off at its end): never more.
cues=$(cat "$story"/*.vtt | grep -c -- '-->')
check "pages draw one frame each plus at most two per read-along cue ($(summary "$trace" frames_page), $cues cues)" \
    test "$(summary "$trace" frames_page)" -le $((6 + 2 * cues))
check "transitions keep to 30 frames a second ($(summary "$trace" frames_transition))" \
    test "$(summary "$trace" frames_transition)" -le $((45 + 6 * 36))
check "the bundled story plays without a problem" test "$(summary "$trace" problems)" = 0
check "the player said nothing on stderr" test ! -s "$WORK/stderr.txt"

check "a snapshot of page 2 was saved" test -s "$WORK/page2.png"
check "page 2 looks like the golden image" \
    "$IMGDIFF" "$WORK/page2.png" "$SRC/tests/data/golden/page2-640x400.png" 6

# Read-along: the first frame of page 2 with a word lit differs from the
# plain page only a little (one word's colour).
"$HUSHABYE" --clock virtual --exit-when-dark 0 --size 640x400 --snapshot "$WORK/lit.png" \
    --snapshot-page 2 --snapshot-highlight --trace "$WORK/lit.txt" "$story"
check "a snapshot with a lit word was taken" grep -q " snapshot " "$WORK/lit.txt"
check "the lit word changes the page a little, not nothing" \
    sh -c "! '$IMGDIFF' '$WORK/lit.png' '$SRC/tests/data/golden/page2-640x400.png' 0.001 && \
           '$IMGDIFF' '$WORK/lit.png' '$SRC/tests/data/golden/page2-640x400.png' 1"

# ... and only in one word's box in the words' rows: a lit word redraws its
# own box (compose_words_redraw) on the page as its own compose left it.
"$HUSHABYE" --clock virtual --exit-when-dark 0 --size 640x400 --snapshot "$WORK/unlit.png" \
    --snapshot-page 2 --trace "$WORK/unlit.txt" "$story"
box=$(diffbox "$WORK/unlit.png" "$WORK/lit.png")
check "the lit word's pixels lie in one word's box in the words' rows ($box)" \
    sh -c 'set -- $1; [ "$1" != none ] && [ "$2" -ge 240 ] && [ $(($3 - $1)) -le 160 ] &&
           [ $(($4 - $2)) -le 60 ]' _ "$box"

# The same night twice gives the same frames: the virtual clock is deterministic.
"$HUSHABYE" --clock virtual --trace "$WORK/again.txt" --exit-when-dark 0 --size 640x400 "$story"
frames_of() { tail -n 1 "$1" | tr ' ' '\n' | grep '^frames_'; }
check "a second run draws exactly the same frames" \
    test "$(frames_of "$trace")" = "$(frames_of "$WORK/again.txt")"

# At a tablet's size each page's buffers pass a megabyte: a page turn takes
# again the ones the page before freed (mem.h), and the dark keeps none.
"$HUSHABYE" --clock virtual --trace "$WORK/large.txt" --exit-when-dark 0 --dim 2 --size 1280x800 \
    "$story"
check "at 1280x800 page turns use again the large buffers freed before them ($(summary "$WORK/large.txt" buffers_reused))" \
    test "$(summary "$WORK/large.txt" buffers_reused)" -gt 0
check "at 1280x800 the dark keeps no large buffer" grep -q " dark .* buffers=0$" "$WORK/large.txt"
done_checks
