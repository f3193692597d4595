# The family's settings: brightness dims what the child sees, the bundled
# stories can be hidden, and a change made in the parents' menu rewrites only
# its own line of settings.ini (the parent's comments are kept).
. "$(dirname "$0")/lib_e2e.sh"
story="$SRC/stories/moon-says-goodnight"
conf="$XDG_CONFIG_HOME/hushabye"
mkdir -p "$conf"

snap() { # snap OUT.png: page 1 at 320x200
    "$HUSHABYE" --clock virtual --exit-when-dark 0 --size 320x200 --dim 10 \
        --snapshot "$1" --snapshot-page 1 "$story" 2>>"$WORK/stderr.txt"
}
snap "$WORK/full.png"
printf '[hushabye]\nbrightness = 40%%\n' > "$conf/settings.ini"
snap "$WORK/dim.png"
check "a page is drawn at full brightness by default" test -s "$WORK/full.png"
check "brightness = 40% dims the page a good deal (mean difference over 20 levels)" \
    sh -c '! "$1" "$2" "$3" 20 >/dev/null' _ "$IMGDIFF" "$WORK/full.png" "$WORK/dim.png"

printf '1 key Escape\n' > "$WORK/quit.replay"
# The bundled stories hidden: only the family's story is on the shelf.
fam="$XDG_DATA_HOME/hushabye/stories/our-walk"
mkdir -p "$fam"
cp "$story/01-moon-rises.svg" "$fam/01.svg"
printf 'We walk to the park.\n' > "$fam/01.txt"
printf '[hushabye]\nbundled-stories = off\n' > "$conf/settings.ini"
"$HUSHABYE" --clock virtual --trace "$WORK/hidden.txt" --exit-when-dark 0 --size 320x200 \
    --replay "$WORK/quit.replay" 2>>"$WORK/stderr.txt"
check "with bundled-stories = off the shelf holds the family's story alone" \
    grep -q " shelf stories=1" "$WORK/hidden.txt"
printf '[hushabye]\nbundled-stories = on\n' > "$conf/settings.ini"
"$HUSHABYE" --clock virtual --trace "$WORK/shown.txt" --exit-when-dark 0 --size 320x200 \
    --replay "$WORK/quit.replay" 2>>"$WORK/stderr.txt"
check "with bundled-stories = on both are there" \
    grep -q " shelf stories=$((1 + BUNDLED))" "$WORK/shown.txt"
rm -rf "$XDG_DATA_HOME/hushabye/stories"
printf '[hushabye]\nbundled-stories = off\n' > "$conf/settings.ini"
"$HUSHABYE" --clock virtual --trace "$WORK/empty.txt" --exit-when-dark 0 --size 320x200 \
    --replay "$WORK/quit.replay" 2>>"$WORK/stderr.txt"
check "hidden bundled stories come back when the family has none (never an empty shelf)" \
    grep -q " shelf stories=$BUNDLED" "$WORK/empty.txt"

# A change in the parents' menu keeps the parent's own file.
printf '# our tablet: keep it quiet\n[hushabye]\nvolume = 60%%\n; slow\ndim-time = 90s\n' \
    > "$conf/settings.ini"
cp "$conf/settings.ini" "$WORK/before.ini"
printf '1 key Ctrl+Shift+P\n' > "$WORK/ask.replay"
"$HUSHABYE" --clock virtual --trace "$WORK/ask.txt" --exit-when-dark 0 --size 640x400 \
    --replay "$WORK/ask.replay" "$story" 2>>"$WORK/stderr.txt"
answer=$(sed -n 's/.*gate-shown answer=\([0-9,]*\).*/\1/p' "$WORK/ask.txt" | head -n 1)
{
    echo "1 key Ctrl+Shift+P"
    echo "$answer" | tr ',' '\n' | awk '{printf "%.1f key %s\n", 2 + NR * 0.5, $1}'
    # Back, Record, Dimming, Warmer colours, then Loudness.
    for i in 1 2 3 4; do echo "4.$i key Down"; done
    echo "5 key Return"
    echo "6 key Escape"
} > "$WORK/volume.replay"
"$HUSHABYE" --clock virtual --trace "$WORK/volume.txt" --exit-when-dark 0 --size 640x400 \
    --replay "$WORK/volume.replay" "$story" 2>>"$WORK/stderr.txt"
check "the menu's Loudness item steps the volume from 60% to 80%" \
    grep -q "setting volume=80%" "$WORK/volume.txt"
check "Escape closes the parents' menu" grep -q "^6.000 parent-menu-closed" "$WORK/volume.txt"
sed 's/^volume = 60%$/volume = 80%/' "$WORK/before.ini" > "$WORK/want.ini"
check "settings.ini keeps the parent's comments and changes only the volume line" \
    cmp -s "$WORK/want.ini" "$conf/settings.ini"
check "no warnings about the settings" not_grep "settings" "$WORK/stderr.txt"
done_checks
