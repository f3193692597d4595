# Music and narration streamed, in real time: two stories with lullabies played
# back to back with --night show the second story's music and not the first's
# (the first fades and is freed), a story without music plays none, and the
# dark leaves no audio device. The disk audio driver writes what was mixed, so
# the narration and the music are heard, not just announced. A narration too
# long for a page is refused by its header, in plain words.
. "$(dirname "$0")/lib_e2e.sh"
night="$WORK/night"
make_story() { # make_story NAME MUSIC|- : one page of words and a short narration
    mkdir -p "$night/$1"
    echo "Goodnight, $1." > "$night/$1/01.txt"
    sox -q -n -r 16000 -c 1 "$night/$1/01.wav" synth 0.6 sine 440 vol 0.5
    printf '[story]\nhold = 0.3\ntransition-time = 0.2\n' > "$night/$1/story.ini"
    if [ "$2" != - ]; then
        sox -q -n -r 22050 -c 2 "$night/$1/$2" synth 8 sine 220 vol 0.5
        printf 'music = %s\nmusic-volume = 50%%\n' "$2" >> "$night/$1/story.ini"
    fi
}
make_story first lullaby-first.ogg
make_story second lullaby-second.flac
make_story quiet -

trace="$WORK/trace.txt"
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$WORK/out.raw" \
    "$HUSHABYE" --clock real --size 320x200 --dim 0.5 --exit-when-dark 0 --night \
    --trace "$trace" "$night/first" "$night/second" "$night/quiet" 2>"$WORK/stderr.txt"
check "the night plays to the end in real time" test $? -eq 0
seq=$(grep -E " (story-start|music|music-stop|dark)( |$)" "$trace" | awk '{print $2, $3}' | tr '\n' ';')
want="story-start folder=first;music file=lullaby-first.ogg;story-start folder=second;music-stop ;music file=lullaby-second.flac;story-start folder=quiet;music-stop ;dark audio=closed;"
check "first's music, then only second's, then none for the quiet story (got: $seq)" \
    test "$seq" = "$want"
check "each narration started and ended on its own (3 pages and the reassurance)" \
    test "$(grep -c ' narration-end ' "$trace")" = 4
check "the narration's length comes from its header (0.600 s)" \
    grep -q "narration-start n=1 seconds=0.600" "$trace"
check "the dark has no audio device" grep -q " dark audio=closed" "$trace"
check "nothing went wrong ($(summary "$trace" problems) problems)" \
    test "$(summary "$trace" problems)" = 0
peak=$(sox -t raw -r 48000 -e signed -b 16 -c 2 "$WORK/out.raw" -n stat 2>&1 |
       awk '/Maximum amplitude/{print $3}')
check "sound was mixed into the output (peak ${peak:-none})" \
    awk -v p="${peak:-0}" 'BEGIN{exit !(p > 0.2 && p <= 1.0)}'

# The same night on the dummy driver (as every other test): the same events.
"$HUSHABYE" --clock real --size 320x200 --dim 0.5 --exit-when-dark 0 --night \
    --trace "$WORK/dummy.txt" "$night/first" "$night/quiet" 2>>"$WORK/stderr.txt"
seq=$(grep -E " (music|music-stop)( |$)" "$WORK/dummy.txt" | awk '{print $2, $3}' | tr '\n' ';')
check "on the dummy driver too, the quiet story stops the music (got: $seq)" \
    test "$seq" = "music file=lullaby-first.ogg;music-stop ;"

# Eleven minutes of narration (silence at a low rate: a small file) is refused
# by its header before anything is decoded, and the page still plays.
long="$WORK/long"
mkdir -p "$long"
echo "A long page." > "$long/01.txt"
sox -q -n -r 8000 -c 1 "$long/01.ogg" trim 0 660
"$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 --exit-when-dark 0 \
    --trace "$WORK/long.txt" "$long" 2>"$WORK/long.err"
check "a too-long narration does not stop the story" grep -q " dark " "$WORK/long.txt"
check "it is refused in plain words naming the file" \
    grep -q "long/01.ogg.*longer than 10 minutes; a page's narration can be at most 10 minutes" \
    "$WORK/long.err"
"$STORYTOOL" check "$long" >"$WORK/check.txt" 2>&1
check "the checker says the same (exit 1)" test $? -eq 1
check "the checker names the file and the limit" \
    grep -q "long/01.ogg: error: .*longer than 10 minutes" "$WORK/check.txt"
not_check_damaged() { ! grep -q "damaged" "$WORK/check.txt"; }
check "the checker does not call a long file damaged" not_check_damaged
done_checks
