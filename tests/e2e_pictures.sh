# Pictures that could exhaust memory or hang the player, made here (never
# committed): a 69-byte PNG claiming 8192x8192, an 8000x8000 PNG, baseline
# and progressive 8000x8000 JPEGs, an interlaced PNG over the pixel cap,
# SVGs of zero or negative size and one too complex to draw, an animated
# WebP, a phone photo stored on its side with an EXIF orientation. Each is
# played (virtual clock, to the dark) and checked; the peak memory of both
# programs is asserted in the release build (HUSHABYE_SANITIZED=0). Then, in
# real time: a picture over its time budget is given up (picture-late) and
# the night goes on; a SIGTERM during a slow drawing ends the player at once.
. "$(dirname "$0")/lib_e2e.sh"
MK=${MKPICTURE:?MKPICTURE must name the mkpicture program}

# story NAME FILE: a one-page story whose picture is FILE (moved in as 01.EXT).
story() {
    mkdir -p "$WORK/$1"
    mv "$2" "$WORK/$1/01.${2##*.}"
    printf 'A picture.\n' > "$WORK/$1/01.txt"
}

# play NAME: the night reaches the dark, within the memory ceiling.
play() {
    local name=$1; shift
    "$PEAKRSS" "$HUSHABYE" --clock virtual --trace "$WORK/$name.trace" --exit-when-dark 0 \
        --size 1920x1200 "$@" "$WORK/$name" 2>"$WORK/$name.err"
    check "$name: the player exits 0" test $? -eq 0
    check "$name: the night reaches the dark" grep -q " dark " "$WORK/$name.trace"
    local kb; kb=$(peak_kb "$WORK/$name.err")
    echo "$name: player peak ${kb} kB"
    if [ "${HUSHABYE_SANITIZED:-1}" = 0 ]; then
        check "$name: the player stays under 150 MB (${kb} kB)" test "$kb" -lt "$PLAYER_MAX_KB"
    fi
}

# checker NAME: hushabye-story check, within its ceiling; output in NAME.out.
checker() {
    local name=$1
    "$PEAKRSS" "$STORYTOOL" check "$WORK/$name" >"$WORK/$name.out" 2>"$WORK/$name.cerr"
    echo $? > "$WORK/$name.status"
    local kb; kb=$(peak_kb "$WORK/$name.cerr")
    echo "$name: checker peak ${kb} kB"
    if [ "${HUSHABYE_SANITIZED:-1}" = 0 ]; then
        check "$name: the checker stays under 100 MB (${kb} kB)" test "$kb" -lt "$CHECKER_MAX_KB"
    fi
}

# refused NAME PATTERN: both programs name the file and say PATTERN.
refused() {
    local name=$1 pattern=$2 file
    file=$(cd "$WORK/$name" && ls 01.* | grep -v txt)
    play "$name"
    check "$name: the player names $file and says '$pattern'" \
        grep -Eq "$name/$file: warning: picture not shown: .*$pattern" "$WORK/$name.err"
    check "$name: it is told once, and counted once" \
        test "$(grep -c "picture not shown" "$WORK/$name.err")" = 1 -a \
             "$(sed -n 's/.* problems=\([0-9]*\).*/\1/p' "$WORK/$name.trace")" = 1
    checker "$name"
    check "$name: the checker names $file and says '$pattern'" \
        grep -Eq "$name/$file: error: .*$pattern" "$WORK/$name.out"
    check "$name: the checker's status is 1" test "$(cat "$WORK/$name.status")" = 1
}

# accepted NAME: shown (reduced if need be), no problem found.
accepted() {
    local name=$1
    play "$name"
    check "$name: the player has nothing to say about it" not_grep "picture not shown" \
        "$WORK/$name.err"
    checker "$name"
    check "$name: the checker finds no problem" grep -q "no problems" "$WORK/$name.out"
    check "$name: the checker's status is 0" test "$(cat "$WORK/$name.status")" = 0
}

"$MK" claim "$WORK/claim.png" 8192 8192
story claim-8192 "$WORK/claim.png"
refused claim-8192 "damaged or cut short"

"$MK" png "$WORK/big.png" 8000 8000
story png-8000 "$WORK/big.png"
accepted png-8000

# The PNG read row by row and shrunk by 10 looks like the same picture made small.
"$HUSHABYE" --clock virtual --exit-when-dark 0 --size 640x400 --trace "$WORK/snap0.trace" \
    --snapshot "$WORK/png-8000.png" "$WORK/png-8000" 2>/dev/null
"$MK" png "$WORK/small.png" 800 800
story png-800 "$WORK/small.png"
"$HUSHABYE" --clock virtual --exit-when-dark 0 --size 640x400 --trace "$WORK/snap00.trace" \
    --snapshot "$WORK/png-800.png" "$WORK/png-800" 2>/dev/null
check "an 8000x8000 PNG box-shrunk on the fly looks like the same picture made small" \
    "$IMGDIFF" "$WORK/png-8000.png" "$WORK/png-800.png" 3

"$MK" jpeg "$WORK/big.jpg" 8000 8000
story jpeg-8000 "$WORK/big.jpg"
accepted jpeg-8000
# The reduced photo is drawn: a snapshot against the same pattern made small.
"$HUSHABYE" --clock virtual --exit-when-dark 0 --size 640x400 --trace "$WORK/snap1.trace" \
    --snapshot "$WORK/jpeg-8000.png" "$WORK/jpeg-8000" 2>/dev/null
"$MK" jpeg "$WORK/small.jpg" 800 800
story jpeg-800 "$WORK/small.jpg"
"$HUSHABYE" --clock virtual --exit-when-dark 0 --size 640x400 --trace "$WORK/snap2.trace" \
    --snapshot "$WORK/jpeg-800.png" "$WORK/jpeg-800" 2>/dev/null
check "an 8000x8000 JPEG decoded at 1/8 looks like the same picture made small" \
    "$IMGDIFF" "$WORK/jpeg-8000.png" "$WORK/jpeg-800.png" 4

"$MK" jpeg "$WORK/prog.jpg" 8000 8000 progressive
story progressive-8000 "$WORK/prog.jpg"
refused progressive-8000 "progressive JPEG of 8000x8000 pixels.*megapixels"

"$MK" interlaced "$WORK/il.png" 5000 5000
story interlaced-5000 "$WORK/il.png"
refused interlaced-5000 "5000x5000 pixels \(25.0 megapixels\); pictures can be at most 12.6"

"$MK" webp-anim "$WORK/anim.webp" 200 150
story animated "$WORK/anim.webp"
play animated
check "animated: the player says only the first frame of the animated WebP is shown" \
    grep -q "animated/01.webp: warning: it is an animated WebP: only its first frame" \
    "$WORK/animated.err"
checker animated
check "animated: the checker warns about the animation, as a warning" \
    grep -q "animated/01.webp: warning: it is an animated WebP" "$WORK/animated.out"
check "animated: and not as an error (status 0)" test "$(cat "$WORK/animated.status")" = 0

# SVGs of no real size: refused before SDL_image sees them (it leaked on them).
n=0
for attrs in 'width="-5" height="10"' 'width="0" height="0"' 'viewBox="0 0 0 0"' \
             'viewBox="0 0 -20 10"'; do
    n=$((n + 1))
    printf '<svg xmlns="http://www.w3.org/2000/svg" %s><rect width="5" height="5"/></svg>\n' \
        "$attrs" > "$WORK/size$n.svg"
    story "svg-size-$n" "$WORK/size$n.svg"
    refused "svg-size-$n" "cannot be drawn: it has a (width|height|viewBox) that is zero"
done
# SVGs that say no size: nanosvg would size them from what they draw, here
# nothing (and so would leak), or percentages of a size never given.
n=0
for body in '<svg xmlns="http://www.w3.org/2000/svg"><text>moon</text></svg>' \
            '<svg xmlns="http://www.w3.org/2000/svg" width="40"><path d="M0 0"/></svg>' \
            '<svg xmlns="http://www.w3.org/2000/svg" width="50%" height="50%"><rect width="5" height="5"/></svg>'; do
    n=$((n + 1))
    printf '%s\n' "$body" > "$WORK/nosize$n.svg"
    story "svg-nosize-$n" "$WORK/nosize$n.svg"
    refused "svg-nosize-$n" "cannot be drawn: it does not say its (width|height): the <svg> tag"
done

# A drawing of 20 MB (a comment): refused unread, by its size.
{ printf '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><!--'
  head -c 20971520 /dev/zero | tr '\0' ' '; printf -- '--></svg>\n'; } > "$WORK/big.svg"
story svg-big "$WORK/big.svg"
refused svg-big "cannot be drawn: the file is 20.1 MB; a drawing can be at most 8 MB"
# In the window's own size, which the window manager's first size event
# repeats: what is composed stands, and is not opened and told again.
"$HUSHABYE" --clock virtual --trace "$WORK/own-size.trace" --exit-when-dark 0 "$WORK/svg-big" \
    2>"$WORK/own-size.err"
check "at the window's own size the picture is told once ($(grep -c "picture not shown" "$WORK/own-size.err"))" \
    test "$(grep -c "picture not shown" "$WORK/own-size.err")" = 1
check "and counted once" \
    test "$(sed -n 's/.* problems=\([0-9]*\).*/\1/p' "$WORK/own-size.trace")" = 1

# Dashes too fine to ever finish drawing (157 bytes): drawn with plain lines,
# and said, by the player and the checker alike; nothing hangs.
printf '%s' '<svg xmlns="http://www.w3.org/2000/svg" width="8000" height="8000"><path stroke="black" stroke-dasharray="0.0001" d="M0 0 L8000 8000 L0 8000 L8000 0"/></svg>' \
    > "$WORK/dash.svg"
story svg-dash "$WORK/dash.svg"
play svg-dash
check "svg-dash: the player draws it with plain lines and says so" \
    grep -q "svg-dash/01.svg: warning: its dashed lines are drawn as plain lines" "$WORK/svg-dash.err"
check "svg-dash: the picture is shown, not refused" not_grep "picture not shown" "$WORK/svg-dash.err"
timeout 60 "$STORYTOOL" check "$WORK/svg-dash" > "$WORK/svg-dash.out" 2>&1
check "svg-dash: the checker ends (status $?, 0: a warning) and says the same" \
    grep -q "svg-dash/01.svg: warning: its dashed lines are drawn as plain lines" "$WORK/svg-dash.out"

# One path of 5000 random points with a thick round-joined stroke: minutes
# for nanosvg at this size, so refused unread.
slow_svg() { # slow_svg SHAPES POINTS
    awk -v shapes="$1" -v pts="$2" 'BEGIN { srand(3)
        printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"600\">"
        for (i = 0; i < shapes; i++)
            printf "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"#%06x\" stroke=\"#000\" " \
                   "stroke-width=\"60\"/>", rand() * 800, rand() * 600, 300 + rand() * 300,
                   int(rand() * 16777215)
        if (pts) {
            printf "<path fill=\"none\" stroke=\"#345\" stroke-width=\"300\" "
            printf "stroke-linejoin=\"round\" d=\"M"
            for (i = 0; i < pts; i++)
                printf " %d,%d", rand() * 800, rand() * 600
            printf "\"/>"
        }
        printf "</svg>\n" }'
}
slow_svg 0 5000 > "$WORK/slow.svg"
story svg-complex "$WORK/slow.svg"
refused svg-complex "too complex to draw: it has 1 shape and 5000 points"

# A phone photo stored on its side (EXIF orientation 6) shows upright: the
# same snapshot as the picture stored upright.
"$MK" jpeg "$WORK/side.jpg" 1200 800 orientation 6
story exif-6 "$WORK/side.jpg"
"$MK" jpeg "$WORK/upright.jpg" 800 1200
story upright "$WORK/upright.jpg"
accepted exif-6
for name in exif-6 upright; do
    "$HUSHABYE" --clock virtual --exit-when-dark 0 --size 640x400 --trace "$WORK/s.trace" \
        --snapshot "$WORK/$name.png" "$WORK/$name" 2>/dev/null
done
check "a photo stored on its side with EXIF orientation 6 is shown upright" \
    "$IMGDIFF" "$WORK/exif-6.png" "$WORK/upright.png" 2
check "the checker gives the photo's size upright" \
    sh -c "'$STORYTOOL' info '$WORK/exif-6' | grep -q '800x1200'"

# A progressive JPEG of 400 scans (its last one repeated): each scan sweeps
# the whole frame, so such a file could keep a core busy for minutes. It is
# refused as its scans are read, at once.
"$MK" jpeg "$WORK/few-scans.jpg" 320 200 progressive
python3 - "$WORK/few-scans.jpg" "$WORK/scans.jpg" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
i, scans = 2, []
while i < len(d) and d[i + 1] != 0xD9:
    n = d[i + 2] << 8 | d[i + 3]
    if d[i + 1] != 0xDA:
        i += 2 + n
        continue
    j = i + 2 + n
    while not (d[j] == 0xFF and d[j + 1] != 0 and not 0xD0 <= d[j + 1] <= 0xD7):
        j += 1
    scans.append((i, j))
    i = j
a, b = scans[-1]
open(sys.argv[2], "wb").write(d[:b] + d[a:b] * 400 + b"\xff\xd9")
PY
story many-scans "$WORK/scans.jpg"
refused many-scans "more progressive scans than any picture"

# A PNG cut just short of its end marker (IEND) holds the whole picture: it
# shows, as the whole copy does, with a note naming it.
"$MK" png "$WORK/whole.png" 640 400
head -c -12 "$WORK/whole.png" > "$WORK/noiend.png"
story png-noiend "$WORK/noiend.png"
"$HUSHABYE" --clock virtual --exit-when-dark 0 --size 640x400 --trace "$WORK/s.trace" \
    --snapshot "$WORK/noiend-shown.png" "$WORK/png-noiend" 2>"$WORK/noiend.err"
story png-whole "$WORK/whole.png"
"$HUSHABYE" --clock virtual --exit-when-dark 0 --size 640x400 --trace "$WORK/s.trace" \
    --snapshot "$WORK/whole-shown.png" "$WORK/png-whole" 2>/dev/null
check "a PNG without its end marker shows as the whole one does" \
    "$IMGDIFF" "$WORK/noiend-shown.png" "$WORK/whole-shown.png" 1
check "with a note naming it" \
    grep -q "png-noiend/01.png: warning: its end is missing or damaged, but the whole picture is there" \
    "$WORK/noiend.err"

# The shelf decodes covers in the background too: the 8000x8000 PNG as a
# cover, within the ceiling, then Escape.
mkdir -p "$WORK/shelf"
cp -r "$WORK/png-8000" "$WORK/shelf/"
printf '5 key Escape\n' > "$WORK/escape.txt"
"$PEAKRSS" "$HUSHABYE" --clock virtual --size 1920x1200 --stories "$WORK/shelf" \
    --snapshot "$WORK/shelf.png" --snapshot-page shelf --replay "$WORK/escape.txt" \
    --trace "$WORK/shelf.trace" 2>"$WORK/shelf.err"
check "the shelf with a huge cover is shown (snapshot taken)" \
    grep -q " snapshot " "$WORK/shelf.trace"
kb=$(peak_kb "$WORK/shelf.err")
echo "shelf with an 8000x8000 cover: player peak ${kb} kB"
if [ "${HUSHABYE_SANITIZED:-1}" = 0 ]; then
    check "the shelf stays under 150 MB (${kb} kB)" test "$kb" -lt "$PLAYER_MAX_KB"
fi

# Over its time budget (shortened here), a picture is given up: the page
# shows the placeholder, the trace says picture-late, the night goes on.
# The cache is off: an earlier night here kept the same 8000x8000 JPEG, and
# reading it back could beat even this budget; it is decoding that is timed.
mkdir -p "$WORK/late"
"$MK" jpeg "$WORK/late/01.jpg" 8000 8000
printf 'Words.\n' > "$WORK/late/01.txt"
printf '[story]\ntransition = none\n[page 1]\nhold = 0.3\n' > "$WORK/late/story.ini"
HUSHABYE_PICTURE_CACHE=off HUSHABYE_PICTURE_BUDGET=0.001 "$HUSHABYE" --size 640x400 --dim 0.3 \
    --exit-when-dark 0 --trace "$WORK/late.trace" "$WORK/late" 2>"$WORK/late.err"
check "a picture over its budget is traced as picture-late" \
    grep -q " picture-late n=1$" "$WORK/late.trace"
check "and named, with the reason" \
    grep -q "late/01.jpg: warning: picture not shown: it took longer than" "$WORK/late.err"
check "and the night still reaches the dark" grep -q " dark " "$WORK/late.trace"

# A SIGTERM while a slow (accepted) drawing is decoded ends the player in
# well under a second: the decoding runs off the main loop.
mkdir -p "$WORK/slowdraw"
slow_svg 100 0 > "$WORK/slowdraw/01.svg"
cp "$WORK/slowdraw/01.svg" "$WORK/slowdraw/02.svg"
"$HUSHABYE" --size 1920x1200 --trace "$WORK/term.trace" "$WORK/slowdraw" 2>"$WORK/term.err" &
pid=$!
sleep 0.3
t0=$(date +%s%N)
kill -TERM "$pid"
wait "$pid"
status=$?
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
echo "SIGTERM during a slow drawing: ended after ${ms} ms"
check "the signal is answered (traced)" grep -q " signal number=15" "$WORK/term.trace"
check "the player ends within a second of SIGTERM (${ms} ms)" test "$ms" -lt 1000
check "and exits 0" test "$status" -eq 0
done_checks
