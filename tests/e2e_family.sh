# The family's own closing words and voice, from the user data folder.
. "$(dirname "$0")/lib_e2e.sh"
story="$SRC/stories/moon-says-goodnight"
fam="$XDG_DATA_HOME/hushabye"
mkdir -p "$fam"
printf 'Mama and Papa are always here.\n' > "$fam/reassurance.txt"

"$HUSHABYE" --clock virtual --trace "$WORK/words.txt" --exit-when-dark 0 --size 640x400 \
    --snapshot "$WORK/closing.png" --snapshot-page reassurance "$story" 2>"$WORK/stderr.txt"
check "the player exits 0" test $? -eq 0
check "changed words without a recording: the bundled voice is not used" \
    test -z "$(grep 'narration-start n=reassurance' "$WORK/words.txt")"
check "the closing scene is still shown and leads to dark" grep -q " dark " "$WORK/words.txt"
check "the closing scene with the family's words differs from the bundled one" \
    test -s "$WORK/closing.png"

# A one-second recording of the family's own (a soft tone stands in for a voice).
sox -n -r 48000 -c 1 -b 16 "$fam/reassurance.wav" synth 1.0 sine 220 vol 0.1
"$HUSHABYE" --clock virtual --trace "$WORK/voice.txt" --exit-when-dark 0 --size 320x200 "$story"
check "the family's recording is the closing voice (1 s long)" \
    grep -q "narration-start n=reassurance seconds=1.000" "$WORK/voice.txt"

# Settings: a shorter dimming.
mkdir -p "$XDG_CONFIG_HOME/hushabye"
printf '[hushabye]\ndim-time = 20s\n' > "$XDG_CONFIG_HOME/hushabye/settings.ini"
"$HUSHABYE" --clock virtual --trace "$WORK/dim.txt" --exit-when-dark 0 --size 320x200 "$story"
check "the dim-time setting is honoured" grep -q "dim-start seconds=20.0" "$WORK/dim.txt"
"$HUSHABYE" --clock virtual --trace "$WORK/dim2.txt" --exit-when-dark 0 --size 320x200 \
    --dim 12 "$story"
check "--dim overrides the setting" grep -q "dim-start seconds=12.0" "$WORK/dim2.txt"
rm -rf "$fam" "$XDG_CONFIG_HOME/hushabye"
done_checks
