# The guide and the story.ini that `hushabye-story new` writes name only the
# settings the player acts on today: every key they name is accepted by the
# loader (story.c: no "unknown key" warning) and is in the list below of keys
# the player uses. author changes nothing on screen, so it may not be
# advertised; add a key here when the player starts using it.
. "$(dirname "$0")/lib_e2e.sh"
used_story="title language cover music music-volume hold transition transition-time motion"
used_page="image narration text vtt hold motion layer tap"
story="$WORK/moon"
"$STORYTOOL" new "$story" --title Moon > /dev/null
guide="$story/HOW-TO-FILL-THIS-STORY.txt"
# Keys the guide lists ("  key   what it does" under story.ini) and the notes
# in story.ini ("# key = value"), by section.
sed -n '/^story.ini$/,/^Checking$/p' "$guide" > "$WORK/ini-part.txt"
sed -n '/^Under \[story\]/,/^Under \[page/p' "$WORK/ini-part.txt" |
    sed -n 's/^  \([a-z-]*\)  .*/\1/p' > "$WORK/story-keys.txt"
sed -n '/^Under \[page/,$p' "$WORK/ini-part.txt" |
    sed -n 's/^  \([a-z-]*\)  .*/\1/p' > "$WORK/page-keys.txt"
sed -n '/^\[story\]/,/^# \[page/p' "$story/story.ini" |
    sed -n 's/^#\{0,1\} *\([a-z-]*\) = .*/\1/p' >> "$WORK/story-keys.txt"
sed -n '/^# \[page/,$p' "$story/story.ini" | sed -n 's/^# \([a-z-]*\) = .*/\1/p' \
    >> "$WORK/page-keys.txt"
check "the guide names [story] keys" test "$(wc -l < "$WORK/story-keys.txt")" -ge 5
check "the guide names [page] keys" test "$(wc -l < "$WORK/page-keys.txt")" -ge 4
for word in author; do
    check "the guide does not advertise '$word'" not_grep "(^| )$word( |,|$)" "$guide"
    check "story.ini's notes do not advertise '$word'" not_grep "^# *$word =" "$story/story.ini"
done
mkdir -p "$WORK/probe"
"$MKPICTURE" png "$WORK/probe/01.png" 32 32
for key in $(sort -u "$WORK/story-keys.txt"); do
    case " $used_story " in *" $key "*) ok=1 ;; *) ok=0 ;; esac
    check "[story] key '$key' in the guide is one the player uses" test $ok -eq 1
    printf '[story]\n%s = 1\n' "$key" > "$WORK/probe/story.ini"
    "$STORYTOOL" check "$WORK/probe" > "$WORK/probe.txt" 2>&1
    check "[story] key '$key' is accepted by the loader" not_grep "unknown key" "$WORK/probe.txt"
done
for key in $(sort -u "$WORK/page-keys.txt"); do
    case " $used_page " in *" $key "*) ok=1 ;; *) ok=0 ;; esac
    check "[page] key '$key' in the guide is one the player uses" test $ok -eq 1
    printf '[page 1]\n%s = 1\n' "$key" > "$WORK/probe/story.ini"
    "$STORYTOOL" check "$WORK/probe" > "$WORK/probe.txt" 2>&1
    check "[page] key '$key' is accepted by the loader" not_grep "unknown key" "$WORK/probe.txt"
done
done_checks
