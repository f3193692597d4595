# A packaged install records over a bundled story: the bundled folder
# (/usr/share/hushabye/stories, here a copy of the data given by
# HUSHABYE_DATA) is never written; the first take copies the story into the
# family's stories folder and is kept there; the shelf then shows one cover
# for it, the family's copy, and a night plays that one.
. "$(dirname "$0")/lib_e2e.sh"
data="$WORK/share/hushabye"
mkdir -p "$data/stories"
cp -r "$SRC/assets" "$data/assets"
cp -r "$SRC/stories/moon-says-goodnight" "$data/stories/"
bundled="$data/stories/moon-says-goodnight"
chmod -R a-w "$data/stories"
family="$XDG_DATA_HOME/hushabye/stories"
export HUSHABYE_DATA="$data"

# 0.7 s of room, 2.5 s of a voice-like warble, then room (as e2e_studio).
sox -n -r 48000 -c 1 -b 16 -e signed-integer -t raw "$WORK/mic.raw" \
    synth 2.5 sine 180 tremolo 4 60 vol 0.03 pad 0.7 8
printf '%s\n' "0.5 key R" "9 key R" "9.5 key K" "10 key D" "10.5 key Escape" \
    > "$WORK/studio.replay"
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILEIN="$WORK/mic.raw" SDL_DISKAUDIOFILE=/dev/null \
    "$HUSHABYE" --studio --size 960x600 --replay "$WORK/studio.replay" \
    --trace "$WORK/trace.txt" "$bundled" 2>"$WORK/stderr.txt"
check "the player exits 0" test $? -eq 0
check "the first take copies the bundled story into the family's folder" \
    grep -q "story-copied folder=moon-says-goodnight" "$WORK/trace.txt"
check "the take is kept as page 1's narration" \
    grep -q "record-saved page=1 file=01.wav" "$WORK/trace.txt"
check "in the family's copy, which has the page's new WAV and not the old Ogg" \
    test -f "$family/moon-says-goodnight/01.wav" -a ! -e "$family/moon-says-goodnight/01.ogg"
check "the copy has the rest of the story (page 2's narration and words)" \
    test -f "$family/moon-says-goodnight/02.ogg" -a -f "$family/moon-says-goodnight/02.txt"
check "the bundled story is untouched" diff -r "$SRC/stories/moon-says-goodnight" "$bundled"
check "no hidden half-copy is left in the family's folder" test -z "$(ls -A "$family" | grep '^\.')"

"$HUSHABYE" --clock virtual --size 320x200 --exit-when-dark 0 --night \
    --trace "$WORK/night.txt" 2>>"$WORK/stderr.txt"
check "the shelf shows one cover for the story, not two" \
    grep -q "^0.000 shelf stories=1\$" "$WORK/night.txt"
check "a night plays it once" \
    test "$(grep -c 'story-start folder=moon-says-goodnight' "$WORK/night.txt")" = 1
chmod -R u+w "$data/stories"
done_checks
