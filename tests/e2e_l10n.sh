# The interface in French: the shelf, the parents' gate, the menu and the
# studio are run twice with the same input, once in English and once with
# LANGUAGE=fr, and every sentence composed for the screen is traced
# (HUSHABYE_TRACE_UI=1: ui-text "..."). A sentence the French run shows that
# the English run showed too is English on a French screen: a string left
# unmarked, or marked and not translated. Also: the language chosen in the
# menu speaks at once, settings.ini's language wins over the system's, and
# the program's messages and --help are French.
. "$(dirname "$0")/lib_e2e.sh"
export HUSHABYE_TRACE_UI=1
unset LC_ALL LC_MESSAGES
# Only the French catalogue, so the menu's next language after English is French.
LOCALE=$(dirname "$HUSHABYE")/locale
mkdir -p "$WORK/locale/fr/LC_MESSAGES"
if ! cp "$LOCALE/fr/LC_MESSAGES/hushabye.mo" "$WORK/locale/fr/LC_MESSAGES/" 2>/dev/null; then
    echo "SKIPPED: no French catalogue beside the program ($LOCALE)"
    exit 77
fi
export HUSHABYE_LOCALEDIR="$WORK/locale"
story="$WORK/moon"
cp -r "$SRC/stories/moon-says-goodnight" "$story"

# The sentences a trace put on the screen, one a line.
texts() { sed -n 's/^[0-9.]* ui-text "\(.*\)"$/\1/p' "$1"; }
# Lines of $1 that are also lines of $2 and hold a Latin letter (digits and
# punctuation are the same in both languages).
shared() { grep -Fxf "$2" "$1" | grep '[A-Za-z]' || true; }

shelf_run() { # shelf_run NAME LANGUAGE REPLAY
    LANGUAGE=$2 "$HUSHABYE" --clock virtual --exit-when-dark 0 --dim 5 --size 1024x600 \
        --replay "$3" --trace "$WORK/$1.txt" 2>>"$WORK/stderr-$1.txt"
}
{
    for i in 1 2 3 4 5 6 7; do echo "0.$i key Right"; done
    printf '1 key Ctrl+Shift+P\n5 key Escape\n6 key Escape\n'
} > "$WORK/ask.replay"
shelf_run ask en "$WORK/ask.replay"
answer=$(sed -n 's/.*gate-shown answer=\([0-9,]*\).*/\1/p' "$WORK/ask.txt" | head -n 1)
# The shelf walked to its end (the Goodnight tile), the gate, its answer,
# the menu, then the menu's last setting (the language) chosen, the menu
# closed, the shelf again and out.
{
    for i in 1 2 3 4 5 6 7; do echo "0.$i key Right"; done
    echo "1 key Ctrl+Shift+P"
    echo "$answer" | tr ',' '\n' | awk '{printf "%.1f key %s\n", 1 + NR * 0.5, $1}'
    for i in $(seq 1 20); do echo "3.$(printf %02d "$i") key Down"; done
    echo "3.5 key Up"
    echo "4 key Return"
    echo "5 key Escape"
    echo "6 key Escape"
} > "$WORK/menu.replay"
mkdir -p "$XDG_CONFIG_HOME/hushabye"
printf '[hushabye]\nlanguage = en\n' > "$XDG_CONFIG_HOME/hushabye/settings.ini"
LANGUAGE=fr "$HUSHABYE" --clock virtual --exit-when-dark 0 --dim 5 --size 1024x600 \
    --replay "$WORK/ask.replay" --trace "$WORK/setting-en.txt" 2>>"$WORK/stderr-en.txt"
check "settings.ini's language = en wins over LANGUAGE=fr" \
    sh -c 'grep -q "ui-text \"Goodnight\"" "$1" && ! grep -q "Bonne nuit" "$1"' _ "$WORK/setting-en.txt"
shelf_run menu-en en "$WORK/menu.replay"
check "the menu's last setting is the language" \
    grep -q "parent-menu item=language" "$WORK/menu-en.txt"
check "choosing it steps from English to French, traced" \
    sh -c 'grep -q "setting language=fr" "$1" && grep -q " language ui=fr" "$1"' _ "$WORK/menu-en.txt"
check "the menu speaks French at once" \
    sh -c 'awk "/setting language=fr/ {on = 1} on && /ui-text \"Pour les grands\"/ {found = 1}
               END {exit !found}" "$1"' _ "$WORK/menu-en.txt"
check "and so does the shelf under it" \
    sh -c 'awk "/setting language=fr/ {on = 1} on && /ui-text \"Bonne nuit\"/ {found = 1}
               END {exit !found}" "$1"' _ "$WORK/menu-en.txt"
check "the choice is saved in settings.ini" \
    grep -q "^language = fr$" "$XDG_CONFIG_HOME/hushabye/settings.ini"

# The same screens in each language, with no language set by the family.
printf '[hushabye]\n' > "$XDG_CONFIG_HOME/hushabye/settings.ini"
sed '/key Return/d' "$WORK/menu.replay" > "$WORK/look.replay"
shelf_run look-en en "$WORK/look.replay"
shelf_run look-fr fr "$WORK/look.replay"
texts "$WORK/look-en.txt" > "$WORK/en.lines"
texts "$WORK/look-fr.txt" > "$WORK/fr.lines"
check "the English run traced the shelf, the gate and the menu" \
    sh -c 'grep -qx Goodnight "$1" && grep -q "^Tap " "$1" && grep -qx "For grown-ups" "$1" &&
           grep -q "^Language: " "$1"' _ "$WORK/en.lines"
check "the French run traced as many sentences" \
    test "$(wc -l < "$WORK/fr.lines")" -eq "$(wc -l < "$WORK/en.lines")"
check "the French gate asks in French" grep -q "^Touchez [a-z]*, puis [a-z]*, puis [a-z]*\.$" \
    "$WORK/fr.lines"
check "no English sentence reaches the French shelf, gate or menu: $(shared "$WORK/fr.lines" "$WORK/en.lines" | head -n 3 | tr '\n' '|')" \
    test -z "$(shared "$WORK/fr.lines" "$WORK/en.lines")"

# The studio (no microphone: ALSA with an empty configuration offers none).
printf '' > "$WORK/empty-alsa.conf"
printf '0.5 key Right\n1 key W\n1.5 key D\n2 key Escape\n' > "$WORK/studio.replay"
for lang in en fr; do
    ALSA_CONFIG_PATH="$WORK/empty-alsa.conf" SDL_AUDIODRIVER=alsa LANGUAGE=$lang \
        "$HUSHABYE" --studio --size 960x600 --replay "$WORK/studio.replay" \
        --trace "$WORK/studio-$lang.txt" "$story" 2>>"$WORK/stderr-studio.txt"
    texts "$WORK/studio-$lang.txt" > "$WORK/studio-$lang.lines"
done
check "the English studio traced its buttons" grep -qx "Done" "$WORK/studio-en.lines"
check "the French studio traced its buttons" grep -qx "Terminé" "$WORK/studio-fr.lines"
check "no English sentence reaches the French studio: $(shared "$WORK/studio-fr.lines" "$WORK/studio-en.lines" | head -n 3 | tr '\n' '|')" \
    test -z "$(shared "$WORK/studio-fr.lines" "$WORK/studio-en.lines")"

# Right to left: with the interface in Arabic (the test's own Arabic
# catalogue) the shelf's first story is on the right, a tap there opens it.
printf '1 tap 0.12 0.45\n' > "$WORK/left.replay"
printf '1 tap 0.88 0.45\n' > "$WORK/right.replay"
for lang in en ar; do
    for side in left right; do
        HUSHABYE_LOCALEDIR="$WORK/../locale-test" LANGUAGE=$lang "$HUSHABYE" --clock virtual \
            --exit-when-dark 0 --dim 1 --size 1024x600 --replay "$WORK/$side.replay" \
            --trace "$WORK/shelf-$lang-$side.txt" 2>>"$WORK/stderr-rtl.txt"
    done
done
first_at() { sed -n 's/.* story-start folder=\([^ ]*\).*/\1/p' "$1" | head -n 1; }
check "in English the first story ($FIRST_BUNDLED) is the leftmost" \
    test "$(first_at "$WORK/shelf-en-left.txt")" = "$FIRST_BUNDLED"
check "in Arabic it is the rightmost" test "$(first_at "$WORK/shelf-ar-right.txt")" = "$FIRST_BUNDLED"
check "and the leftmost in Arabic is the rightmost in English" \
    test "$(first_at "$WORK/shelf-ar-left.txt")" = "$(first_at "$WORK/shelf-en-right.txt")"

# The parents' tool in French: the checker's findings name file and line in
# French; --json keeps its keys (and its level words) in English, only the
# messages are translated.
bad="$WORK/bad"
cp -r "$SRC/stories/moon-says-goodnight" "$bad"
printf 'sparkle = yes\n' >> "$bad/story.ini"
line=$(wc -l < "$bad/story.ini")
LANGUAGE=fr "$STORYTOOL" check "$bad" > "$WORK/check-fr.txt" 2>&1
check "the checker's finding is French, with its file and line" \
    grep -q "^bad/story.ini:$line: avertissement: clé inconnue « sparkle »" "$WORK/check-fr.txt"
check "its summary is French" grep -q "1 avertissement$" "$WORK/check-fr.txt"
LANGUAGE=en "$STORYTOOL" check --json "$bad" > "$WORK/check-en.json" 2>/dev/null
LANGUAGE=fr "$STORYTOOL" check --json "$bad" > "$WORK/check-fr.json" 2>/dev/null
keys() { grep -o '"[a-z_]*":' "$1" | sort | uniq -c; }
check "--json has the same keys in French as in English" \
    sh -c 'test -n "$(grep -o "\"level\":" "$1")" && [ "$(grep -o "\"[a-z_]*\":" "$1" | sort)" = "$(grep -o "\"[a-z_]*\":" "$2" | sort)" ]' \
    _ "$WORK/check-en.json" "$WORK/check-fr.json"
check "--json's level stays English, its message is French" \
    sh -c 'grep -q "\"level\": \"warning\"" "$1" && grep -q "clé inconnue" "$1"' _ "$WORK/check-fr.json"
check "hushabye-story --help is French" \
    sh -c 'LANGUAGE=fr "$1" --help | grep -q "^utilisation : hushabye-story COMMANDE"' _ "$STORYTOOL"
LANGUAGE=fr "$STORYTOOL" new "$WORK/nouvelle" > /dev/null 2>&1
check "hushabye-story new writes its guide in French, story.ini's keys as they are typed" \
    sh -c 'grep -q "^Comment remplir cette histoire" "$1" && grep -q "^  music-volume " "$1" && grep -q "^Limites : images jusqu’à 8192" "$1"' \
    _ "$WORK/nouvelle/HOW-TO-FILL-THIS-STORY.txt"
# A story.ini that is a GIF says what it looks like without the advice meant
# for pictures ("save it as PNG"), in Chinese too, whose semicolon is not
# ASCII's.
mkdir -p "$WORK/gifini"
printf 'GIF89a\001\000\001\000\000\000\000;' > "$WORK/gifini/story.ini"
echo "words" > "$WORK/gifini/01.txt"
LANGUAGE=zh_CN "$STORYTOOL" check "$WORK/gifini" > "$WORK/gifini-zh.txt" 2>&1
check "a story.ini that is a GIF is named as one in Chinese, without the pictures' advice" \
    sh -c 'grep -q "GIF" "$1" && ! grep -q "PNG" "$1"' _ "$WORK/gifini-zh.txt"
# In every language shipped, the guide keeps story.ini's keys as they are
# typed, each at the start of its line, and the limits' numbers.
for lang in $(grep -v '^#' "$SRC/po/LINGUAS"); do
    LANGUAGE=$lang "$STORYTOOL" new "$WORK/guide-$lang" > /dev/null 2>&1
    missing=""
    for key in title language cover music music-volume hold transition transition-time motion \
               image narration text vtt layer tap; do
        grep -q "^  $key " "$WORK/guide-$lang/HOW-TO-FILL-THIS-STORY.txt" || missing="$missing $key"
    done
    check "the $lang guide keeps every story.ini key as typed (missing:${missing:- none})" \
        sh -c 'test -z "$1" && grep -q "8192 x 8192" "$2"' _ "$missing" \
        "$WORK/guide-$lang/HOW-TO-FILL-THIS-STORY.txt"
done

# The program's own words: --help and a mistyped option.
check "--help is French" sh -c 'LANGUAGE=fr "$1" --help | grep -q "^Utilisation : hushabye"' _ "$HUSHABYE"
check "a mistyped option is told in French" \
    sh -c 'LANGUAGE=fr "$1" --bogus 2>&1 | grep -q "option inconnue"' _ "$HUSHABYE"
check "LANG=fr_FR.UTF-8 alone speaks French, whether or not that locale is installed" \
    sh -c 'env -u LANGUAGE LANG=fr_FR.UTF-8 "$1" --bogus 2>&1 | grep -q "option inconnue"' _ "$HUSHABYE"
check "the trace's own words stay English" \
    grep -q " parent-menu item=language" "$WORK/menu-en.txt"
check "no crash or sanitizer report" \
    sh -c '! cat "$1"/stderr-*.txt | grep -Eq "runtime error|Sanitizer"' _ "$WORK"
done_checks
