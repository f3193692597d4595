# The recording studio in the player, driven by --replay in real time with
# SDL's disk audio driver as the microphone: record a page (countdown, then
# recording), stop, listen, keep; the page's narration becomes the trimmed,
# levelled take, the old one is gone and the old timed words are set aside;
# the new take's words are timed in the background (a new 01.vtt).
# The closing words are chosen from the list and recorded the same way. With
# no microphone the studio says so and nothing changes.
. "$(dirname "$0")/lib_e2e.sh"
story="$WORK/moon"
cp -r "$SRC/stories/moon-says-goodnight" "$story"
# A second recording of page 1, a father's: Keep must set it aside, not delete it.
cp "$story/02.ogg" "$story/01_dad.ogg"   # sorts after 01.ogg: 01.ogg plays
dad_sum=$(cksum < "$story/01_dad.ogg") mum_sum=$(cksum < "$story/01.ogg")
# Is there a hidden file in the story with this checksum?
hidden_has() { for f in "$story"/.[!.]*; do [ "$(cksum < "$f")" = "$1" ] && return 0; done; return 1; }
# 0.7 s of room, 2.5 s of a voice-like warble at about -36 dBFS, then room.
sox -n -r 48000 -c 1 -b 16 -e signed-integer -t raw "$WORK/mic.raw" \
    synth 2.5 sine 180 tremolo 4 60 vol 0.03 pad 0.7 8
printf '%s\n' "0.5 key R" "9 key R" "9.5 key L" "13 key K" \
    "13.5 key Right" "14 key Right" "14.5 key Right" "15 key Right" "15.5 key Right" \
    "16 key Right" "16.5 key W" "17 key D" "17.5 key Escape" > "$WORK/studio.replay"
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILEIN="$WORK/mic.raw" SDL_DISKAUDIOFILE=/dev/null \
    "$HUSHABYE" --studio --size 960x600 --replay "$WORK/studio.replay" \
    --trace "$WORK/trace.txt" "$story" 2>"$WORK/stderr.txt"
check "the player exits 0" test $? -eq 0
check "the studio opens with a microphone" grep -q "studio folder=moon microphone=yes" "$WORK/trace.txt"
check "recording starts after the 3-2-1 countdown" grep -q "^3.5[0-9]* record-start page=1" "$WORK/trace.txt"
kept=$(sed -n 's/.*record-stop page=1 heard=[0-9.]* kept=\([0-9.]*\).*/\1/p' "$WORK/trace.txt")
check "the take is trimmed to the voice plus about 0.4 s a side ($kept s)" \
    awk -v k="$kept" 'BEGIN{exit !(k > 2.8 && k < 3.8)}'
check "Listen plays the take" grep -q " listen seconds=" "$WORK/trace.txt"
check "Keep saves it as page 1's narration" grep -q "record-saved page=1 file=01.wav" "$WORK/trace.txt"
check "page 1 now has exactly one narration, the new WAV" \
    test -f "$story/01.wav" -a ! -e "$story/01.ogg" -a ! -e "$story/01_dad.ogg"
check "the father's recording is set aside, byte for byte, and the trace says so" \
    grep -q "record-set-aside page=1 file=01_dad.ogg hidden=.set-aside-01_dad.ogg" "$WORK/trace.txt"
check "both old recordings are still in the folder, hidden, byte for byte" \
    eval 'hidden_has "$dad_sum" && hidden_has "$mum_sum"'
check "page 1's old timed words are set aside, not deleted" \
    test -f "$story/.01.vtt.before-recording"
words=$(wc -w < "$story/01.txt")
check "the new take's words are timed in the background, one cue per word ($words)" \
    grep -q "aligned page=1 words=$words" "$WORK/trace.txt"
check "in a new 01.vtt made by the aligner" \
    grep -q "NOTE made by hushabye-story align" "$story/01.vtt"
check "and it is ready before the studio closes" \
    awk '/ aligned page=1/ {a = NR} / studio-closed/ {c = NR} END {exit !(a && c && a < c)}' \
    "$WORK/trace.txt"
check "the other pages keep their narration" test -f "$story/02.ogg"
check "no temporary file is left behind" test -z "$(ls -A "$story" | grep tmp)"
level=$(sox "$story/01.wav" -n stats 2>&1 | awk '/^RMS Pk dB/{print $4}')
check "the take is levelled up towards -18 dBFS (loudest 50 ms window: $level dB)" \
    awk -v l="$level" 'BEGIN{exit !(l > -22 && l < -14)}'
check "the closing words can be changed from the list" \
    test "$(cat "$XDG_DATA_HOME/hushabye/reassurance.txt")" = "Mommy and Daddy are always here."
check "Done goes back to the story, which plays the new take" \
    grep -q "studio-closed" "$WORK/trace.txt"
# The kept take reads along in the parent's voice: page 1, played after the
# studio, lights a word of it (the aligner's 01.vtt), and that lit page
# differs from the page drawn with no word lit.
"$HUSHABYE" --clock virtual --exit-when-dark 0 --size 960x600 --snapshot "$WORK/lit.png" \
    --snapshot-page 1 --snapshot-highlight --trace "$WORK/lit.txt" "$story" 2>>"$WORK/stderr.txt"
"$HUSHABYE" --clock virtual --exit-when-dark 0 --size 960x600 --snapshot "$WORK/unlit.png" \
    --snapshot-page 1 --trace "$WORK/unlit.txt" "$story" 2>>"$WORK/stderr.txt"
check "after Keep, page 1 reads along in the new take: a word of it is lit" \
    sh -c "grep -q ' snapshot ' '$WORK/lit.txt' && ! '$IMGDIFF' '$WORK/lit.png' '$WORK/unlit.png' 0.001 >/dev/null"
"$STORYTOOL" check "$story" > "$WORK/check.txt" 2>&1
check "the recorded story checks clean" test $? -eq 0

# The take a Keep replaced can be brought back from the studio, and back again.
printf '%s\n' "0.5 key U" "1 key U" "1.5 key D" "2 key Escape" > "$WORK/undo.replay"
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILEIN="$WORK/mic.raw" SDL_DISKAUDIOFILE=/dev/null \
    "$HUSHABYE" --studio --size 960x600 --replay "$WORK/undo.replay" \
    --trace "$WORK/undo.txt" "$story" 2>>"$WORK/stderr.txt"
check "Bring back the one before: page 1's old narration plays again" \
    grep -q "^0.5[0-9]* record-undone page=1 file=01.ogg" "$WORK/undo.txt"
check "pressed again, the new take is back" \
    grep -q "^1.0[0-9]* record-undone page=1 file=01.wav" "$WORK/undo.txt"
check "the page ends with one narration, the new take, the old one kept hidden" \
    test -f "$story/01.wav" -a ! -e "$story/01.ogg" -a -f "$story/.previous-01.ogg"

# Typing the closing words on a keyboard: to the closing scene, Type, clear
# the old words, type new ones, Return.
{
    t=0.5
    for i in 1 2 3 4 5 6; do echo "$t key Right"; t=$(awk -v t="$t" 'BEGIN{print t+0.1}'); done
    echo "1.5 key T"
    for i in $(seq 40); do echo "1.6 key Backspace"; done
    # Typing on a real keyboard sends each letter as a key too: the studio's
    # shortcut letters (D done, R record, K keep, W words, U undo) and Space
    # must only ever type while typing.
    for k in D R K W U Space L T; do echo "1.65 key $k"; done
    echo "1.7 text Grandma is always here."
    echo "1.8 key Return"
    echo "2 key D"
    echo "2.5 key Escape"
} > "$WORK/type.replay"
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILEIN="$WORK/mic.raw" SDL_DISKAUDIOFILE=/dev/null \
    "$HUSHABYE" --studio --size 960x600 --replay "$WORK/type.replay" \
    --trace "$WORK/type.txt" "$story" 2>>"$WORK/stderr.txt"
check "typed closing words are saved" \
    test "$(cat "$XDG_DATA_HOME/hushabye/reassurance.txt")" = "Grandma is always here."
check "the trace says they were typed" grep -q "reassurance-words typed=1" "$WORK/type.txt"
check "letters typed are never shortcuts: nothing recorded, undone or closed while typing" \
    test -z "$(awk '$1 < 1.8 && ($2 ~ /^record-/ || $2 == "studio-closed")' "$WORK/type.txt")"

# No microphone: ALSA with an empty configuration offers no capture device.
printf '' > "$WORK/empty-alsa.conf"
printf '0.5 key R\n4 key D\n4.5 key Escape\n' > "$WORK/nomic.replay"
cp -r "$SRC/stories/moon-says-goodnight" "$WORK/untouched"
ALSA_CONFIG_PATH="$WORK/empty-alsa.conf" SDL_AUDIODRIVER=alsa \
    "$HUSHABYE" --studio --size 960x600 --replay "$WORK/nomic.replay" \
    --trace "$WORK/nomic.txt" "$WORK/untouched" 2>>"$WORK/stderr.txt"
check "without a microphone the studio says so" grep -q "microphone=no" "$WORK/nomic.txt"
check "and nothing is recorded or changed" \
    sh -c "! grep -q record- '$WORK/nomic.txt' && diff -r '$SRC/stories/moon-says-goodnight' '$WORK/untouched' >/dev/null"
done_checks
