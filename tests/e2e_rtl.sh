# Right-to-left books, driven by --replay under the virtual clock: in a story
# whose language is written right to left (Arabic) the next page is on the
# left, so a swipe to the right, the Left key and a tap on the left edge turn
# forward; in an English story the same gestures turn back. The Arabic pages'
# words are shaped and drawn with the Arabic font (no problem reported), and a
# snapshot of a page shows them.
. "$(dirname "$0")/lib_e2e.sh"

book() { # book FOLDER LANGUAGE WORDS1 WORDS2 WORDS3
    mkdir -p "$1"
    printf '[story]\ntitle = %s\nlanguage = %s\ntransition = none\n' "$(basename "$1")" "$2" \
        > "$1/story.ini"
    printf '%s\n' "$3" > "$1/01.txt"
    printf '%s\n' "$4" > "$1/02.txt"
    printf '%s\n' "$5" > "$1/03.txt"
}
book "$WORK/arabic" ar "تصبح على خير يا قمر" "النجوم تلمع في السماء" "نامي يا صغيرتي"
book "$WORK/english" en "Goodnight, moon" "The stars shine in the sky" "Sleep, little one"

play() { # play NAME STORY REPLAY-LINES...
    local name=$1 story=$2; shift 2
    printf '%s\n' "$@" > "$WORK/$name.replay"
    "$HUSHABYE" --clock virtual --size 640x400 --exit-when-dark 0 --dim 1 \
        --replay "$WORK/$name.replay" --trace "$WORK/$name.txt" "$story" 2>>"$WORK/stderr.txt"
}
turns() { awk '$2=="turn"{print $3}' "$WORK/$1.txt" | tr '\n' ' '; }
pages() { awk '$2=="page"{print $3}' "$WORK/$1.txt" | tr '\n' ' '; }

play ar-swipe "$WORK/arabic" "2 swipe 0.2 0.5 0.8 0.5"
check "a swipe to the right turns to the next page in an Arabic book" \
    test "$(turns ar-swipe)" = "dir=next " -a "$(pages ar-swipe | cut -d' ' -f1-2)" = "n=1 n=2"
play en-swipe "$WORK/english" "2 key Right" "3 swipe 0.2 0.5 0.8 0.5"
check "... and to the previous page in an English one" \
    test "$(turns en-swipe)" = "dir=next dir=back " -a \
         "$(pages en-swipe | cut -d' ' -f1-3)" = "n=1 n=2 n=1"
play ar-swipe-left "$WORK/arabic" "2 key Left" "3 swipe 0.8 0.5 0.2 0.5"
check "in the Arabic book Left is the next page and a swipe to the left the previous" \
    test "$(turns ar-swipe-left)" = "dir=next dir=back " -a \
         "$(pages ar-swipe-left | cut -d' ' -f1-3)" = "n=1 n=2 n=1"
play ar-edges "$WORK/arabic" "2 tap 0.04 0.5" "3 tap 0.96 0.5"
check "in the Arabic book the left edge turns forward and the right edge back" \
    test "$(turns ar-edges)" = "dir=next dir=back "
play en-edges "$WORK/english" "2 tap 0.96 0.5" "3 tap 0.04 0.5"
check "in the English book the right edge turns forward and the left edge back" \
    test "$(turns en-edges)" = "dir=next dir=back "
play ar-keys "$WORK/arabic" "2 key PageDown" "3 key PageUp"
check "PageDown and PageUp keep their meaning in an Arabic book" \
    test "$(turns ar-keys)" = "dir=next dir=back "
check "the Arabic pages' words are drawn with no problem reported" \
    test "$(summary "$WORK/ar-swipe.txt" problems)" = 0
check "every reading reaches the dark" test "$(cat "$WORK"/*.txt | grep -c ' dark ')" = 6

SDL_VIDEODRIVER=dummy "$HUSHABYE" --clock virtual --exit-when-dark 0 --windowed --size 640x400 \
    --snapshot "$WORK/arabic.png" --snapshot-page 1 "$WORK/arabic" 2>>"$WORK/stderr.txt"
check "a snapshot of the Arabic book's first page is written" test -s "$WORK/arabic.png"

# The story's language reaches the captions: the same Urdu words in a book
# whose language is ur are drawn in Nastaliq (Urdu's own hand), in a book
# whose language is ar in Naskh, so the two pages differ.
for lang in ur ar; do
    book "$WORK/urdu-$lang" "$lang" "شب بخیر چاند، سو جاؤ میرے بچے" "سو جاؤ" "شب بخیر"
    SDL_VIDEODRIVER=dummy "$HUSHABYE" --clock virtual --exit-when-dark 0 --windowed \
        --size 640x400 --snapshot "$WORK/urdu-$lang.png" --snapshot-page 1 "$WORK/urdu-$lang" \
        2>>"$WORK/stderr.txt"
done
check "the story's language chooses the captions' letters: Urdu words differ in an ur and an ar book" \
    sh -c "! '$IMGDIFF' '$WORK/urdu-ur.png' '$WORK/urdu-ar.png' 0.01 >/dev/null"
done_checks
