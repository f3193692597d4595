# The parents' menu tells what is so now: the kiosk's lock now and at start,
# a loudness change heard at once (the trace gives the level it ramps to),
# and the problems found (a warning about a story) on a page of their own.
. "$(dirname "$0")/lib_e2e.sh"
story="$WORK/warned"
cp -r "$SRC/stories/moon-says-goodnight" "$story"
printf 'sparkle = yes\n' >> "$story/story.ini"   # a known warning: an unknown key

run() { # run NAME REPLAY [options...]
    local name=$1 replay=$2; shift 2
    "$HUSHABYE" --clock virtual --exit-when-dark 0 --dim 5 --size 1024x600 --replay "$replay" \
        --trace "$WORK/$name.txt" "$@" "$story" 2>>"$WORK/stderr.txt"
}

printf '1 key Ctrl+Shift+P\n' > "$WORK/ask.replay"
run ask "$WORK/ask.replay"
answer=$(sed -n 's/.*gate-shown answer=\([0-9,]*\).*/\1/p' "$WORK/ask.txt" | head -n 1)
unlock() { # the gate opened and answered, from 1 s to 2.5 s
    echo "1 key Ctrl+Shift+P"
    echo "$answer" | tr ',' '\n' | awk '{printf "%.1f key %s\n", 1 + NR * 0.5, $1}'
}

# The problems page: the last item but one (Quit is last).
{
    unlock
    for i in 1 2 3 4 5 6 7 8 9; do echo "3.$i key Down"; done
    for i in 1 2 3 4 5 6 7 8 9; do echo "3.9$i key Down"; done
    echo "4 key Up"
    echo "5 key Return"
    echo "6 key Escape"
    echo "7 key Escape"
} > "$WORK/problems.replay"
run problems "$WORK/problems.replay"
# A snapshot is of the panel as the replay leaves it: a run that stops on the page.
sed '/key Escape/d' "$WORK/problems.replay" > "$WORK/problems-open.replay"
run problems-open "$WORK/problems-open.replay" --snapshot "$WORK/problems.png" \
    --snapshot-page panel
check "the story's warning is counted (problems=1)" test "$(summary "$WORK/problems.txt" problems)" = 1
check "the menu offers the problems found and opens them" \
    grep -q "^5.000 parent-menu item=problems" "$WORK/problems.txt"
check "Escape on the problems page goes back to the menu, not out of it" \
    sh -c 'grep -q "^6.000 problems-closed" "$1" && ! grep -q "^6.000 parent-menu-closed" "$1"' \
    _ "$WORK/problems.txt"
check "a second Escape closes the menu" grep -q "^7.000 parent-menu-closed" "$WORK/problems.txt"
check "a snapshot of the problems page was taken" test -s "$WORK/problems.png"
# Without a problem there is no such item: the same keys end on Quit.
cp "$SRC/stories/moon-says-goodnight/story.ini" "$story/story.ini"
run clean "$WORK/problems.replay"
check "with no problem found the item is not offered (Up lands on the last setting)" \
    not_grep "item=problems" "$WORK/clean.txt"

# Loudness from the menu is heard at once: Back, Record, Dimming, Warmer colours, Loudness.
{
    unlock
    for i in 1 2 3 4; do echo "3.$i key Down"; done
    echo "4 key Return"
    echo "5 key Escape"
} > "$WORK/volume.replay"
mkdir -p "$XDG_CONFIG_HOME/hushabye"
printf '[hushabye]\nvolume = 60%%\n' > "$XDG_CONFIG_HOME/hushabye/settings.ini"
run volume "$WORK/volume.replay"
check "the setting is traced (volume=80%)" grep -q "^4.000 setting volume=80%" "$WORK/volume.txt"
check "and the sound's level moves to it at once, in a half-second ramp" \
    grep -q "^4.000 volume level=0.80 ramp=0.5" "$WORK/volume.txt"

# The kiosk item says what is so now and at start; choosing it changes the start.
{
    unlock
    for i in 1 2 3 4 5 6 7 8 9; do echo "3.$i key Down"; done
    for i in 1 2 3 4 5 6 7 8 9; do echo "3.9$i key Down"; done
    echo "4 key Up"
    echo "5 key Return"
} > "$WORK/kiosk.replay"
printf '[hushabye]\nkiosk = off\n' > "$XDG_CONFIG_HOME/hushabye/settings.ini"
run kiosk "$WORK/kiosk.replay" --kiosk
sed '/key Return/d' "$WORK/kiosk.replay" > "$WORK/kiosk-menu.replay"
run kiosk-menu "$WORK/kiosk-menu.replay" --kiosk --snapshot "$WORK/kiosk.png" --snapshot-page panel
check "in kiosk mode the item two above Quit is the lock now (leave-kiosk), its name kept" \
    grep -q "^5.000 parent-menu item=leave-kiosk" "$WORK/kiosk.txt"
check "a snapshot of the menu with the kiosk's labels was taken" test -s "$WORK/kiosk.png"
# The gate summoned during a page turn: the page it lands on waits, paused
# at once, as a page shown when the gate came up does, and goes on when it
# closes. (Page 1 turns at about 7.5 s.)
printf '8 key Ctrl+Shift+P\n' > "$WORK/turn-ask.replay"
run turn-ask "$WORK/turn-ask.replay"
turn_answer=$(sed -n 's/.*gate-shown answer=\([0-9,]*\).*/\1/p' "$WORK/turn-ask.txt" | head -n 1)
check "the gate came up inside the page turn" \
    awk '/transition-start to=2/{s=$1} /transition-end/{if(s)e=$1} /gate-shown/{g=$1} \
         END{exit !(s && g > s && (!e || g < e))}' "$WORK/turn-ask.txt"
{
    echo "8 key Ctrl+Shift+P"
    echo "$turn_answer" | tr ',' '\n' | awk '{printf "%.1f key %s\n", 8 + NR * 0.5, $1}'
    echo "20 key Escape"
} > "$WORK/turn.replay"
run turn "$WORK/turn.replay"
check "page 2 is paused as it lands under the menu" \
    awk '/narration-start n=2/{n=$1} /pause n=2/{if(n && $1 == n) ok=1} END{exit !ok}' "$WORK/turn.txt"
check "and goes on when the menu closes, not before" \
    awk '/parent-menu-closed/{c=$1} /resume n=2/{r=$1} END{exit !(c && r == c)}' "$WORK/turn.txt"
check "page 3 comes after the menu closed" \
    awk '/parent-menu-closed/{c=$1} /narration-start n=3/{if(c && $1 > c) ok=1} END{exit !ok}' "$WORK/turn.txt"
# Three wrong answers in a row and the gate rests: summoned again, it asks
# nothing and says when it opens again; the page still pauses under it.
printf '1 key Ctrl+Shift+P\n1.5 key Escape\n2 key Ctrl+Shift+P\n2.5 key Escape\n3 key Ctrl+Shift+P\n3.5 key Escape\n4 key Ctrl+Shift+P\n5 key 1\n' \
    > "$WORK/rest.replay"
HUSHABYE_TRACE_UI=1 run rest "$WORK/rest.replay"
check "the fourth summons asks nothing: the gate rests a minute" \
    grep -q "^4.000 gate-resting seconds=60" "$WORK/rest.txt"
check "and says so in words" \
    grep -q 'ui-text "Too many wrong answers. The menu opens again in 60 seconds."' "$WORK/rest.txt"
check "three questions were asked, no fourth" test "$(grep -c "gate-shown" "$WORK/rest.txt")" -eq 3
check "a key closes the notice, unlocking nothing" \
    bash -c "grep -q '^5.000 gate-closed' '$WORK/rest.txt' && ! grep -q parent-unlocked '$WORK/rest.txt'"
# The closing words and the dimming wait under the menu: the dark (the sound
# closed, the panel off) never comes under a grown-up's hand. (The closing
# words begin at about 48 s, the dimming at about 52.8 s and lasts 5 s.)
menu_at() { # menu_at NAME T [CLOSE]: the gate at T answered, Escape at CLOSE
    local name=$1 t=$2 close=${3:-} ans
    printf '%s key Ctrl+Shift+P\n' "$t" > "$WORK/$name-ask.replay"
    run "$name-ask" "$WORK/$name-ask.replay"
    ans=$(sed -n 's/.*gate-shown answer=\([0-9,]*\).*/\1/p' "$WORK/$name-ask.txt" | head -n 1)
    {
        echo "$t key Ctrl+Shift+P"
        echo "$ans" | tr ',' '\n' | awk -v t="$t" '{printf "%.1f key %s\n", t + NR * 0.5, $1}'
        if [ -n "$close" ]; then echo "$close key Escape"; fi
    } > "$WORK/$name.replay"
    run "$name" "$WORK/$name.replay"
}
menu_at closing 48.5 60
check "the closing words pause as the gate comes up over them" \
    grep -q "^48.500 pause n=reassurance" "$WORK/closing.txt"
check "and go on when the menu closes, not before" \
    awk '$2 == "resume" && $3 == "n=reassurance" {r=$1} $2 == "narration-end" && $3 == "n=reassurance" {e=$1}
         END{exit !(r == "60.000" && e > r)}' "$WORK/closing.txt"
check "the dimming begins only after them" \
    awk '$2 == "dim-start" {d=$1} END{exit !(d > 60)}' "$WORK/closing.txt"
menu_at dimming 54 70
check "the dimming is held as the gate comes up over it" \
    grep -q "^54.000 pause n=reassurance" "$WORK/dimming.txt"
check "no dark while the menu is open" \
    awk '$2 == "dark" && $1 < 70 {bad=1} END{exit bad}' "$WORK/dimming.txt"
check "closed at 70 s, the dimming goes on for the 3.8 s it had left, then the dark" \
    sh -c 'test "$(awk '\''$2 == "dark" {print $1}'\'' "$1")" = 73.820' _ "$WORK/dimming.txt"
menu_at forgotten 54
check "a menu left open closes itself after a minute, and the dimming goes on from there" \
    sh -c 'grep -q "^115.500 parent-menu-closed" "$1" && grep -q "^115.500 resume n=reassurance" "$1" &&
           grep -q "^119.320 dark" "$1"' _ "$WORK/forgotten.txt"
check "no crash or sanitizer report" not_grep "runtime error|Sanitizer" "$WORK/stderr.txt"
done_checks
