# Hotspots under the virtual clock, driven by --replay: a tap on a hotspot
# plays its sound once (a second tap while it sounds adds nothing) and never
# turns the page, even in the page's turning fifth; after the sound it
# answers again; a tap beside it turns the page as before; during the
# narration it is answered more quietly. A sound too long for a tap is
# refused in plain words and the story goes on. Each answer wiggles the
# tapped region: 15 frames in a second, then still, drawn alike on both
# drawing paths and nowhere but around the region.
. "$(dirname "$0")/lib_e2e.sh"
story="$WORK/owl"
mkdir -p "$story"
"$MKPICTURE" png "$story/01.png" 800 600
"$MKPICTURE" png "$story/02.png" 800 600
sox -q -n -r 22050 -c 1 "$story/hoot.wav" synth 1.0 sine 660 vol 0.3
sox -q -n -r 22050 -c 1 "$story/02.wav" synth 4.0 sine 440 vol 0.3
sox -q -n -r 8000 -c 1 "$story/long.wav" trim 0 40
cat > "$story/story.ini" <<'INI'
[story]
transition-time = 0.2
[page 1]
hold = 12
tap = 0.85,0.30,0.12,0.15 hoot.wav
tap = 0.05,0.05,0.1,0.1 long.wav
[page 2]
tap = 0.85,0.30,0.12,0.15 hoot.wav
INI
# A 1000x600 window shows the 800x600 picture at x 100..900: the owl's
# hotspot is at 0.78..0.88 of the window's width, inside its right fifth.
cat > "$WORK/taps.replay" <<'REPLAY'
3.0 tap 0.83 0.35
3.5 tap 0.83 0.35
4.5 tap 0.83 0.35
5.0 tap 0.15 0.1
6.0 tap 0.9 0.8
8.0 tap 0.83 0.35
REPLAY
trace="$WORK/trace.txt"
"$HUSHABYE" --clock virtual --size 1000x600 --dim 0.5 --exit-when-dark 0 \
    --replay "$WORK/taps.replay" --trace "$trace" "$story" 2>"$WORK/stderr.txt"
check "the story plays to the dark" grep -q " dark " "$trace"
hot=$(grep " hotspot " "$trace" | tr '\n' ';')
check "the owl hoots at 3.08 and 4.58 on page 1 (a tap is told when the finger lifts), softly, and not again at 3.5 (got: $hot)" \
    test "$(grep " hotspot " "$trace" | head -n 2 | tr '\n' ';')" = \
        "3.080 hotspot page=1 sound=hoot.wav level=0.50 gain=-4.5;4.580 hotspot page=1 sound=hoot.wav level=0.50 gain=-4.5;"
first_turn=$(awk '$2 == "turn" {print $1; exit}' "$trace")
check "no hotspot tap turned the page: the first turn is the tap beside the owl (at $first_turn)" \
    test "$first_turn" = 6.080
check "that tap turned to page 2" \
    awk '$2 == "page" && $3 == "n=2" {found = 1} END {exit !found}' "$trace"
check "during page 2's narration the owl answers more quietly" \
    grep -q "^8.080 hotspot page=2 sound=hoot.wav level=0.25 " "$trace"
check "the hoot, made at -13.5 dBFS RMS, is cut 4.5 dB to a studio take's loudness (loud.h)" \
    test "$(grep -c " hotspot .* gain=-4.5$" "$trace")" = 3
check "a tap sound over 30 seconds is refused, naming the file and the limit" \
    grep -q "owl/long.wav.*a tap's sound can be at most" "$WORK/stderr.txt"
check "and gives no hotspot event" not_grep "sound=long.wav" "$trace"
check "the long sound is the only problem ($(summary "$trace" problems))" \
    test "$(summary "$trace" problems)" = 1
"$STORYTOOL" check "$story" >"$WORK/check.txt" 2>&1
check "the checker warns of it too, on its story.ini line (exit 0: only a warning)" \
    sh -c 'test $1 -eq 0 && grep -q "owl/story.ini:6: warning: .long.wav. is 40 seconds long; a tap.s sound can be at most 30 seconds" "$2"' _ $? "$WORK/check.txt"
# The wiggle: each hotspot that answers (two on page 1, one on page 2)
# draws 15 frames, at most 15 a second, the last one at rest a second after
# the tap; the tap while the owl still hoots restarts nothing.
wig=$(awk '$2 == "wiggle"' "$trace")
check "three wiggles of 15 frames each ($(echo "$wig" | grep -c .) frames)" \
    test "$(echo "$wig" | grep -c .)" = 45
check "each ends at rest a second after its tap (got: $(echo "$wig" | awk '$4 == "angle=0.00" {print $1}' | tr '\n' ' '))" \
    test "$(echo "$wig" | awk '$4 == "angle=0.00" && $5 == "scale=1.000" {print $1}' | tr '\n' ' ')" = \
        "4.080 5.580 9.080 "
check "no two wiggle frames closer than a fifteenth of a second (the trace's times in ms)" \
    sh -c 'echo "$1" | awk "NR > 1 && \$1 - p < 1 / 15 - 0.002 {bad = 1} {p = \$1} END {exit bad}"' _ "$wig"
check "no wiggle frame from the tap while the owl still hooted (3.5 to 4.08)" \
    sh -c 'echo "$1" | awk "\$1 > 3.58 && \$1 < 4.08 && \$4 == \"angle=0.00\" {bad = 1} END {exit bad}"' _ "$wig"
check "it leans at most 2 degrees and grows at most 2 %" \
    sh -c 'echo "$1" | awk "{split(\$4, a, \"=\"); split(\$5, s, \"=\"); if (a[2] > 2.001 || a[2] < -2.001 || s[2] > 1.0201) bad = 1} END {exit bad}"' _ "$wig"
# Drawn on both paths: over a corner of the test picture's red rectangle
# (window 400..600 x 210..360), at its furthest lean the frame differs from
# the one before the tap only around the region, and both paths alike.
cat > "$story/story.ini" <<'INI'
[story]
transition-time = 0.2
[page 1]
hold = 12
tap = 0.375,0.35,0.25,0.25 hoot.wav
INI
printf '3.0 tap 0.5 0.45\n' > "$WORK/wiggle.replay"
for path in cpu gpu; do
    HUSHABYE_RENDER=$path "$HUSHABYE" --clock virtual --size 1000x600 --dim 0.5 \
        --exit-when-dark 0 --snapshot "$WORK/wiggle-1.5-$path.png" "$story" 2>>"$WORK/stderr.txt"
    HUSHABYE_RENDER=$path "$HUSHABYE" --clock virtual --size 1000x600 --dim 0.5 \
        --exit-when-dark 0 --replay "$WORK/wiggle.replay" --trace "$WORK/w.txt" \
        --snapshot "$WORK/wiggle-1.85-$path.png" --snapshot-after 1.85 "$story" \
        2>>"$WORK/stderr.txt"
    check "the wiggle's frame differs from the page before the tap, its red corner moved ($path)" \
        sh -c '! "$1" --max "$2" "$3" 60 >/dev/null' _ "$IMGDIFF" "$WORK/wiggle-1.5-$path.png" \
        "$WORK/wiggle-1.85-$path.png"
    check "only around the tapped region: within 10 pixels of it ($path)" \
        python3 - "$WORK/wiggle-1.5-$path.png" "$WORK/wiggle-1.85-$path.png" <<'EOF'
import struct, sys, zlib
def load(path):
    data, pos, idat = open(path, "rb").read(), 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            w, h = struct.unpack(">II", data[pos + 8:pos + 16])
        elif kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw, st, prev, rows = zlib.decompress(idat), w * 4, bytearray(w * 4), []
    for y in range(h):
        f, line = raw[y * (st + 1)], bytearray(raw[y * (st + 1) + 1:(y + 1) * (st + 1)])
        for i in range(st):
            a, b, c = (line[i - 4] if i >= 4 else 0), prev[i], (prev[i - 4] if i >= 4 else 0)
            p = a + b - c
            pr = a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c
            line[i] = (line[i] + [0, a, b, (a + b) // 2, pr][f]) & 255
        rows.append(line)
        prev = line
    return w, h, rows
w, h, a = load(sys.argv[1])
_, _, b = load(sys.argv[2])
bad = [(x, y) for y in range(h) if a[y] != b[y] for x in range(w)
       if a[y][4 * x:4 * x + 3] != b[y][4 * x:4 * x + 3] and not (390 <= x < 610 and 200 <= y < 370)]
sys.exit(1 if bad else 0)
EOF
done
# On a page whose picture zooms the region wiggles as it is on screen now,
# on both paths (SDL's renderer takes it from the part of the picture shown).
sox -q -n -r 22050 -c 1 "$story/01.wav" synth 12.0 sine 440 vol 0.1
printf 'motion = zoom-in\n' >> "$story/story.ini"
printf '8.0 tap 0.5 0.45\n' > "$WORK/zoom.replay"
for path in cpu gpu; do
    HUSHABYE_RENDER=$path "$HUSHABYE" --clock virtual --size 1000x600 --dim 0.5 \
        --exit-when-dark 0 --replay "$WORK/zoom.replay" --trace "$WORK/z.txt" \
        --snapshot "$WORK/zoom-$path.png" --snapshot-after 6.85 "$story" 2>>"$WORK/stderr.txt"
done
echo "wiggle on a zooming page, cpu against gpu: $("$IMGDIFF" "$WORK/zoom-cpu.png" "$WORK/zoom-gpu.png" 255)"
check "on a zooming page both paths wiggle the region as it is shown (mean within 0.5/255)" \
    "$IMGDIFF" "$WORK/zoom-cpu.png" "$WORK/zoom-gpu.png" 0.5
echo "wiggle, cpu against gpu: $("$IMGDIFF" "$WORK/wiggle-1.85-cpu.png" "$WORK/wiggle-1.85-gpu.png" 255)"
check "both paths draw the wiggle alike (mean within 0.5/255)" \
    "$IMGDIFF" "$WORK/wiggle-1.85-cpu.png" "$WORK/wiggle-1.85-gpu.png" 0.5
done_checks
