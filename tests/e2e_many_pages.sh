# A story folder of more files than a story can have pages (999): the night
# still plays every page it can to the reassurance and the dark, the files
# past 999 are refused by name, and the terminal gets the first 20 problems
# and a count of the rest, while the trace's summary counts every one. A
# folder of nothing but misnamed files says why it cannot be played in as
# few lines. (How long such a night takes is bench/many-pages.sh's to say.)
. "$(dirname "$0")/lib_e2e.sh"
many="$WORK/many-pages"
mkdir -p "$many"
i=1
while [ $i -le 1200 ]; do             # 1..999 are pages; 1000..1200 have four digits
    printf 'Page %d, and the moon.\n' $i > "$many/$i.txt"
    i=$((i + 1))
done
"$HUSHABYE" --clock virtual --trace "$WORK/trace.txt" --exit-when-dark 0 --size 320x200 \
    "$many" 2>"$WORK/stderr.txt"
check "the player exits 0 on a folder of 1200 pages' files" test $? -eq 0
check "the night reaches the reassurance" grep -q " reassurance$" "$WORK/trace.txt"
check "and the dark" grep -q " dark " "$WORK/trace.txt"
check "the 999th page is played" grep -q " page n=999$" "$WORK/trace.txt"
check "and none after it" not_grep " page n=1000$" "$WORK/trace.txt"
check "the summary counts all 201 refused files" \
    test "$(summary "$WORK/trace.txt" problems)" -eq 201
check "the terminal shows 20 of them" \
    test "$(grep -c '^hushabye: many-pages/1[0-9]*\.txt: error: page numbers go from 1 to 999' \
        "$WORK/stderr.txt")" -eq 20
check "the first refused file is among them" grep -q "many-pages/1000.txt: error" "$WORK/stderr.txt"
check "then the rest as a count naming the folder" \
    grep -qF "hushabye: many-pages: … and 181 more problems in many-pages (hushabye-story check $many tells them all)" \
    "$WORK/stderr.txt"
check "the terminal gets at most 25 lines" test "$(wc -l < "$WORK/stderr.txt")" -le 25

# No page at all: 3000 names of five digits.
none="$WORK/five-digits"
mkdir -p "$none"
i=1
while [ $i -le 3000 ]; do
    printf 'x\n' > "$none/$(printf '%05d' $i).txt"
    i=$((i + 1))
done
"$HUSHABYE" --clock virtual --trace "$WORK/none.txt" --exit-when-dark 0 --size 320x200 \
    "$none" 2>"$WORK/none-stderr.txt"
check "a folder with no page still ends in the dark" grep -q " dark " "$WORK/none.txt"
check "its summary counts the 3000 files, the missing pages and the folder left out" \
    test "$(summary "$WORK/none.txt" problems)" -eq 3002
check "it says the story has no pages, past the 20 shown" \
    grep -q "^hushabye: five-digits: error: this story has no pages" "$WORK/none-stderr.txt"
check "and that it is left out" \
    grep -q "five-digits: warning: this story cannot be played; it is left out" \
    "$WORK/none-stderr.txt"
check "and counts the rest" grep -q "five-digits: … and 2980 more problems in five-digits" \
    "$WORK/none-stderr.txt"
check "in at most 25 lines" test "$(wc -l < "$WORK/none-stderr.txt")" -le 25
# 150 pages whose pictures do not open (each told as it is shown): the first
# 100 lines while playing, then one line counting the rest; every one in the
# trace's count.
bad="$WORK/bad-pictures"
mkdir -p "$bad"
for i in $(seq 1 150); do
    n=$(printf '%03d' "$i")
    printf 'not a picture' > "$bad/$n.png"
    printf 'Page %d.\n' "$i" > "$bad/$n.txt"
done
"$HUSHABYE" --clock virtual --trace "$WORK/bad.txt" --exit-when-dark 0 --size 320x200 \
    "$bad" 2>"$WORK/bad-stderr.txt"
check "150 pages of pictures that do not open still end in the dark" grep -q " dark " "$WORK/bad.txt"
check "the trace counts all 150" test "$(summary "$WORK/bad.txt" problems)" -eq 150
check "the terminal gets 100 of them ($(grep -c 'picture not shown' "$WORK/bad-stderr.txt"))" \
    test "$(grep -c 'picture not shown' "$WORK/bad-stderr.txt")" -eq 100
check "and one line for the other 50" \
    grep -q "^hushabye: … and 50 more problems met while playing" "$WORK/bad-stderr.txt"
done_checks
