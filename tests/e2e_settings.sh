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
# A settings.ini that is a link (a dotfiles folder) is the family's own: it
# is read, and a change is written into the file it points to, the link kept.
mkdir -p "$WORK/dotfiles"
cp "$WORK/before.ini" "$WORK/dotfiles/settings.ini"
ln -sf "$WORK/dotfiles/settings.ini" "$conf/settings.ini"
"$HUSHABYE" --clock virtual --trace "$WORK/linked.txt" --exit-when-dark 0 --size 640x400 \
    --replay "$WORK/volume.replay" "$story" 2>"$WORK/linked.err"
check "a linked settings.ini is read: the volume steps from its 60% to 80%" \
    grep -q "setting volume=80%" "$WORK/linked.txt"
check "and the change is written into the linked file" \
    cmp -s "$WORK/want.ini" "$WORK/dotfiles/settings.ini"
check "the link is still a link" test -L "$conf/settings.ini"
check "nothing is said against it ($(tr '\n' '|' <"$WORK/linked.err"))" not_grep "settings" "$WORK/linked.err"
rm -f "$conf/settings.ini"
# A family's closing words linked from elsewhere are theirs; words with a NUL
# byte in them are not text, and said so.
data="$XDG_DATA_HOME/hushabye"
mkdir -p "$data"
printf 'Grandma is always here.\n' > "$WORK/dotfiles/reassurance.txt"
ln -sf "$WORK/dotfiles/reassurance.txt" "$data/reassurance.txt"
"$HUSHABYE" --clock virtual --trace "$WORK/words.txt" --exit-when-dark 0 \
    --dim 0.5 --size 320x200 "$story" 2>"$WORK/words.err"
check "linked closing words are read, with nothing said against them" \
    not_grep "reassurance" "$WORK/words.err"
check "and are the family's: the bundled voice, which says other words, is not played" \
    not_grep "narration-start n=reassurance" "$WORK/words.txt"
rm -f "$data/reassurance.txt"
printf 'Mama\0 and Papa are always here.\n' > "$data/reassurance.txt"
"$HUSHABYE" --clock virtual --trace "$WORK/nul.txt" --exit-when-dark 0 --dim 0.5 --size 320x200 \
    "$story" 2>"$WORK/nul.err"
check "closing words with a NUL byte are said not to be text" \
    grep -q "reassurance.txt: warning: the closing words are not text" "$WORK/nul.err"
rm -f "$data/reassurance.txt"
# A change that cannot be saved (here the settings' folder is a file) holds
# tonight, and the parent is told so, with the file and the reason.
mkdir -p "$WORK/badconf"
: > "$WORK/badconf/hushabye"
XDG_CONFIG_HOME="$WORK/badconf" "$HUSHABYE" --clock virtual --trace "$WORK/unsaved.txt" \
    --exit-when-dark 0 --size 640x400 --replay "$WORK/volume.replay" "$story" 2>"$WORK/unsaved.err"
check "the change is made for tonight" grep -q "setting volume=" "$WORK/unsaved.txt"
check "and the parent is told it is not kept, and why ($(tr '\n' '|' <"$WORK/unsaved.err"))" \
    grep -q "badconf/hushabye/settings.ini: warning: the change holds tonight only: the settings cannot be saved (" \
    "$WORK/unsaved.err"
# The family's closing recording may be a link too: it is the voice heard.
printf 'Grandma is always here.\n' > "$data/reassurance.txt"
sox -q -n -r 16000 -c 1 -b 16 "$WORK/dotfiles/grandma.wav" synth 1.5 sine 220 vol 0.3
ln -sf "$WORK/dotfiles/grandma.wav" "$data/reassurance.wav"
"$HUSHABYE" --clock virtual --trace "$WORK/voice.txt" --exit-when-dark 0 --dim 0.5 \
    --size 320x200 "$story" 2>"$WORK/voice.err"
check "a linked closing recording is the voice heard (1.5 s, not the bundled one)" \
    grep -q "narration-start n=reassurance seconds=1.500" "$WORK/voice.txt"
check "with nothing said against it ($(tr '\n' '|' <"$WORK/voice.err"))" \
    not_grep "reassurance" "$WORK/voice.err"
rm -f "$data/reassurance.txt" "$data/reassurance.wav"
done_checks
