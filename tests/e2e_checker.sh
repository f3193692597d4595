# hushabye-story check: the bundled story passes, a broken one fails with
# messages that name the file and line, bad usage exits 2.
. "$(dirname "$0")/lib_e2e.sh"
"$STORYTOOL" check "$SRC/stories/moon-says-goodnight" >"$WORK/ok.txt" 2>&1
check "the bundled story checks clean (exit 0)" test $? -eq 0
check "the summary counts six pages" grep -q "6 pages" "$WORK/ok.txt"

story="$WORK/oops"
mkdir -p "$story"
printf '%%PDF-1.4\n' > "$story/01.png"
printf 'Hello.\n' > "$story/01.txt"
printf '[story]\nhodl = 2\n' > "$story/story.ini"
"$STORYTOOL" check "$story" >"$WORK/bad.txt" 2>&1
check "a PDF named as a picture is an error (exit 1)" test $? -eq 1
check "the message names the file and what it looks like" \
    grep -q "^oops/01.png: error: .*PDF" "$WORK/bad.txt"
check "the misspelt key gets its line and a suggestion" \
    grep -q "^oops/story.ini:2: warning: unknown key 'hodl' (did you mean 'hold'?)" "$WORK/bad.txt"
"$STORYTOOL" >/dev/null 2>&1
check "no arguments is a usage error (exit 2)" test $? -eq 2
"$STORYTOOL" frobnicate x >/dev/null 2>&1
check "an unknown subcommand is a usage error (exit 2)" test $? -eq 2
# A page's picture named in story.ini and missing is told at that line,
# as a missing narration is (page 1's picture is also the shelf's cover).
mkdir -p "$WORK/cm"
echo "Hello." > "$WORK/cm/01.txt"
printf '[story]\ntitle = T\n\n[page 1]\nimage = missing.png\nnarration = gone.ogg\n' \
    > "$WORK/cm/story.ini"
(cd "$WORK" && "$STORYTOOL" check cm > "$WORK/cm.txt" 2>&1)
check "a missing picture story.ini names is told at its line" \
    grep -q "^cm/story.ini:5: error: 'missing.png' (image of page 1) is not in the folder" "$WORK/cm.txt"
check "and not again without one" not_grep "^cm/missing.png" "$WORK/cm.txt"
# An MP3 cut short keeps its header's whole length: the checker says what it
# holds, and the player ends the page where its sound ends, in both clocks.
cut="$WORK/cut-mp3"
mkdir -p "$cut"
sox -q -n -r 22050 -c 1 "$WORK/whole.mp3" synth 4 sine 300 vol 0.3 2>/dev/null
# A Xing frame in front, as encoders write it, saying how many frames the
# whole has: then its first 4000 bytes only.
python3 - "$WORK/whole.mp3" "$cut/01.mp3" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
h = d[:4]
assert h[0] == 0xFF and h[1] & 0xE0 == 0xE0, "sox wrote no MPEG frame first"
ver, br_i, sr_i, mode = (h[1] >> 3) & 3, h[2] >> 4, (h[2] >> 2) & 3, h[3] >> 6
mpeg1 = ver == 3
rates = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}[ver]
kbps = ((0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320) if mpeg1 else
        (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160))[br_i]
size = (144000 if mpeg1 else 72000) * kbps // rates[sr_i]
side = (17 if mode == 3 else 32) if mpeg1 else (9 if mode == 3 else 17)
frames = int(4.0 * rates[sr_i] / (1152 if mpeg1 else 576))
xing = bytes([h[0], h[1], h[2] & ~2, h[3]]) + bytes(side) + b"Xing" + struct.pack(">II", 1, frames)
open(sys.argv[2], "wb").write((xing + bytes(size - len(xing)) + d)[:4000])
PY
printf 'Short.\n' > "$cut/01.txt"
"$STORYTOOL" check "$cut" >"$WORK/cut.out" 2>&1
check "check says the MP3 is cut short ($(cat "$WORK/cut.out"))" \
    grep -q "01.mp3: warning: this recording is cut short: it says it is 4.0 s long but holds" \
    "$WORK/cut.out"
"$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 --exit-when-dark 0 \
    --trace "$WORK/cut.trace" "$cut" 2>"$WORK/cut.err"
held=$(sed -n 's/.* narration-start n=1 seconds=\([0-9.]*\).*/\1/p' "$WORK/cut.trace")
check "the page's narration is what the file holds, not its header's 4 s (${held:-none})" \
    awk -v s="${held:-9}" 'BEGIN{exit !(s > 0.5 && s < 2.0)}'
check "and the player says so" grep -q "01.mp3: warning: this recording is cut short" "$WORK/cut.err"
# A recording of nothing, and one of a steady offset (a broken microphone's
# "DC"), which plays as nothing once the offset is taken away: both told, by
# the checker and by the player, naming the file.
quiet="$WORK/quiet"
mkdir -p "$quiet"
sox -q -D -n -r 16000 -c 1 -b 16 "$quiet/01.wav" synth 2 sine 0 vol 0
python3 - "$quiet/02.wav" <<'PY'
import struct, sys, wave
w = wave.open(sys.argv[1], "wb")
w.setnchannels(1); w.setsampwidth(2); w.setframerate(16000)
w.writeframes(struct.pack("<h", 9830) * 32000)
PY
printf 'One.\n' > "$quiet/01.txt"
printf 'Two.\n' > "$quiet/02.txt"
"$STORYTOOL" check "$quiet" >"$WORK/quiet.out" 2>&1
check "check calls a file of zeros silent ($(tr '\n' '|' <"$WORK/quiet.out"))" \
    grep -q "quiet/01.wav: warning: this recording is silent" "$WORK/quiet.out"
check "and a file of one steady offset silent too" \
    grep -q "quiet/02.wav: warning: this recording is silent" "$WORK/quiet.out"
"$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 --exit-when-dark 0 \
    --trace "$WORK/quiet.trace" "$quiet" 2>"$WORK/quiet.err"
check "the player tells both silent pages ($(tr '\n' '|' <"$WORK/quiet.err"))" \
    test "$(grep -c "quiet/0[12].wav: warning: this recording is silent" "$WORK/quiet.err")" -eq 2
check "and still reaches the dark" grep -q "^[0-9.]* dark" "$WORK/quiet.trace"
# Timed words for another page's words light nothing: told, with the line;
# a key written twice in story.ini is told with both lines.
other="$WORK/other"
mkdir -p "$other"
cp "$quiet/01.wav" "$other/01.wav"
printf 'Goodnight, moon.\n' > "$other/01.txt"
printf 'WEBVTT\n\n00:00.000 --> 00:01.000\nThe owl says hoo\n' > "$other/01.vtt"
printf '[story]\nhold = 2\nhold = 3\n' > "$other/story.ini"
"$STORYTOOL" check "$other" >"$WORK/other.out" 2>&1
check "check says none of the timed words are the page's ($(tr '\n' '|' <"$WORK/other.out"))" \
    grep -q "other/01.vtt:3: warning: none of these timed words are the page's words" \
    "$WORK/other.out"
check "and that hold is set twice" \
    grep -q "other/story.ini:3: warning: 'hold' is set again here (it was set on line 2 too)" \
    "$WORK/other.out"
# Two recordings joined with cat, at two rates: the first plays, at its own
# rate, and both programs say why the rest does not. A FLAC with a damaged
# stretch is said to be damaged in places.
joined="$WORK/joined"
mkdir -p "$joined"
sox -q -n -r 44100 -c 1 "$WORK/a.ogg" synth 1 sine 440 vol 0.3
sox -q -n -r 22050 -c 1 "$WORK/b.ogg" synth 1 sine 440 vol 0.3
cat "$WORK/a.ogg" "$WORK/b.ogg" > "$joined/01.ogg"
printf 'Joined.\n' > "$joined/01.txt"
sox -q -n -r 44100 -c 1 "$WORK/whole.flac" synth 2 sine 330 vol 0.3
python3 - "$WORK/whole.flac" "$joined/02.flac" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
mid = len(d) // 2
d[mid:mid + 3000] = bytes((i * 151 + 7) & 0xFF for i in range(3000))
open(sys.argv[2], "wb").write(bytes(d))
PY
printf 'Damaged.\n' > "$joined/02.txt"
"$STORYTOOL" check "$joined" >"$WORK/joined.out" 2>&1
check "check says the Ogg is two recordings joined ($(tr '\n' '|' <"$WORK/joined.out"))" \
    grep -q "joined/01.ogg: warning: this recording is two recordings joined, the second at another sample rate" \
    "$WORK/joined.out"
check "and not that it is cut short" not_grep "01.ogg: .*cut short" "$WORK/joined.out"
check "check says the FLAC is damaged in places" \
    grep -q "joined/02.flac: warning: this recording is damaged in places" "$WORK/joined.out"
"$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 --exit-when-dark 0 \
    --trace "$WORK/joined.trace" "$joined" 2>"$WORK/joined.err"
check "the player plays the first recording, 1 s at its own rate" \
    grep -q "narration-start n=1 seconds=1.000" "$WORK/joined.trace"
check "and says why the rest is not played" \
    grep -q "joined/01.ogg: warning: this recording is two recordings joined" "$WORK/joined.err"
check "and that the FLAC is damaged in places" \
    grep -q "joined/02.flac: warning: this recording is damaged in places" "$WORK/joined.err"
# An Ogg Vorbis copy stopped part way: its pages that are whole play, as if
# they were all of it; the end of its stream is missing, and that is told.
vcut="$WORK/vorbis-cut"
mkdir -p "$vcut"
sox -q -n -r 22050 -c 1 "$WORK/v.ogg" synth 20 sine 300 tremolo 3 60 vol 0.3
head -c "$(( $(stat -c %s "$WORK/v.ogg") * 6 / 10 ))" "$WORK/v.ogg" > "$vcut/01.ogg"
printf 'Cut.\n' > "$vcut/01.txt"
cp "$WORK/v.ogg" "$vcut/02.ogg"
printf 'Whole.\n' > "$vcut/02.txt"
"$STORYTOOL" check "$vcut" >"$WORK/vcut.out" 2>&1
check "check says the Vorbis copy is cut short ($(tr '\n' '|' <"$WORK/vcut.out"))" \
    grep -q "vorbis-cut/01.ogg: warning: this recording is cut short: its end is missing" \
    "$WORK/vcut.out"
check "and not the whole one" not_grep "02.ogg" "$WORK/vcut.out"
"$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 --exit-when-dark 0 \
    --trace "$WORK/vcut.trace" "$vcut" 2>"$WORK/vcut.err"
check "the player says so too" \
    grep -q "vorbis-cut/01.ogg: warning: this recording is cut short: its end is missing" \
    "$WORK/vcut.err"
done_checks
