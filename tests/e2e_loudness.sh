# Every recording at one loudness (loud.h): a story whose pages were recorded
# anywhere (a phone at full scale, a quiet laptop microphone, a cheap one with
# a DC offset, one made as a studio take is) plays each page at a studio
# take's level. The trace tells each page's gain under the virtual clock; in
# real time, SDL's disk audio driver writes what was mixed, and the pages are
# heard within a decibel of each other, the offset gone from what is heard. A
# stereo page with one channel turned over (a microphone wired backwards),
# which a mean of its channels would play as silence, is heard as the others.
. "$(dirname "$0")/lib_e2e.sh"
story="$WORK/pages"
mkdir -p "$story"
# Each page: two "sentences" (1 s of a tone with a soft syllable rhythm) with
# half a second of silence between, at a known RMS, in a tone of its own.
python3 -B - "$story" <<'PY'
import math, struct, sys, wave
folder = sys.argv[1]
RATE = 44100
def page(name, hz, rms_db, dc=0.0, turned=False):
    a = 10 ** (rms_db / 20) * math.sqrt(2)
    out = []
    for part in ("tone", "rest", "tone"):
        for i in range(RATE if part == "tone" else RATE // 2):
            v = a * math.sin(2 * math.pi * hz * i / RATE) if part == "tone" else 0.0
            out.append(max(-32768, min(32767, round((v + dc) * 32767))))
            if turned:
                out.append(max(-32768, min(32767, round((dc - v) * 32767))))
    with wave.open("%s/%s" % (folder, name), "wb") as w:
        w.setnchannels(2 if turned else 1); w.setsampwidth(2); w.setframerate(RATE)
        w.writeframes(struct.pack("<%dh" % len(out), *out))
page("01.wav", 300, -3.0)          # a phone at full scale: 15 dB over a take
page("02.wav", 400, -30.0)         # a quiet microphone: 12 dB under
page("03.wav", 500, -24.0, 0.4)    # a cheap microphone with an offset of 0.4
page("04.wav", 600, -18.0)         # as a studio take is levelled
page("05.wav", 700, -18.0, turned=True)  # stereo, the right channel turned over
PY
for n in 01 02 03 04 05; do echo "Page $n." > "$story/$n.txt"; done
printf '[story]\nhold = 0.3\ntransition-time = 0.5\n' > "$story/story.ini"

trace="$WORK/virtual.txt"
"$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 --exit-when-dark 0 \
    --trace "$trace" "$story" 2>"$WORK/stderr.txt"
check "the story plays to the dark" grep -q " dark " "$trace"
gains=$(sed -n 's/.* narration-start n=\([0-9]*\) .* gain=\([^ ]*\)$/\1:\2/p' "$trace" | tr '\n' ' ')
# Within half a decibel: a sentence's level, as a take's is levelled, counts
# the 150 ms after it that rec keeps as its soft end.
near() { # near "1:-15.0 2:12.0 ..." "-15 12 ...": each page's gain within 0.5 dB of its own
    awk -v g="$1" -v w="$2" 'BEGIN{
        n = split(g, gs, " "); if (n != split(w, want, " ")) exit 1
        for (i = 1; i <= n; i++) { split(gs[i], p, ":"); d = p[2] - want[i]
            if (d > 0.5 || d < -0.5) exit 1 }
    }'
}
check "page 1, made 15 dB over a take, is cut 15 dB; page 2, 12 dB under, raised 12; page 3's tone (-24) raised 6 with its offset set aside; pages 4 and 5 (one channel turned over) played as they are (got: $gains)" \
    near "$gains" "-15 12 6 0 0"
check "the closing words are measured too (a gain on their line)" \
    grep -Eq " narration-start n=reassurance seconds=[0-9.]+ gain=-?[0-9.]+$" "$trace"
check "nothing went wrong ($(summary "$trace" problems) problems)" \
    test "$(summary "$trace" problems)" = 0
check "the first night measures its six recordings ($(summary "$trace" levels_measured))" \
    test "$(summary "$trace" levels_measured)" = 6 -a "$(summary "$trace" levels_read)" = 0
cache="$HOME/.cache/hushabye/levels"
check "and keeps their levels in the cache folder" test "$(grep -c ' v1 ' "$cache")" = 6

# The next night reads them back: the same gains, nothing decoded twice.
"$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 --exit-when-dark 0 \
    --trace "$WORK/again.txt" "$story" 2>>"$WORK/stderr.txt"
again=$(sed -n 's/.* narration-start n=\([0-9]*\) .* gain=\([^ ]*\)$/\1:\2/p' "$WORK/again.txt" | tr '\n' ' ')
check "the next night reads the six levels back ($(summary "$WORK/again.txt" levels_read)) and measures none" \
    test "$(summary "$WORK/again.txt" levels_read)" = 6 -a "$(summary "$WORK/again.txt" levels_measured)" = 0
check "with the very same gains (got: $again)" test "$again" = "$gains"

# A cache damaged on the disk: an entry whose gain was changed (to raise a
# page 12 dB) fails its check and is left out, and that page is measured again.
key=$(sed -n 2p "$cache" | cut -d' ' -f1)
sed -i "2s/^$key v1 [-0-9]*/$key v1 1200/" "$cache"
"$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 --exit-when-dark 0 \
    --trace "$WORK/tampered.txt" "$story" 2>>"$WORK/stderr.txt"
tampered=$(sed -n 's/.* narration-start n=\([0-9]*\) .* gain=\([^ ]*\)$/\1:\2/p' "$WORK/tampered.txt" | tr '\n' ' ')
check "a damaged entry is left out and measured again (read $(summary "$WORK/tampered.txt" levels_read), measured $(summary "$WORK/tampered.txt" levels_measured); gains $tampered)" \
    test "$(summary "$WORK/tampered.txt" levels_measured)" = 1 -a "$tampered" = "$gains"

# HUSHABYE_LEVEL_CACHE=off: every recording measured, nothing read or kept.
rm -rf "$HOME/.cache"
HUSHABYE_LEVEL_CACHE=off "$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 \
    --exit-when-dark 0 --trace "$WORK/off.txt" "$story" 2>>"$WORK/stderr.txt"
check "HUSHABYE_LEVEL_CACHE=off measures all six and keeps nothing" \
    test "$(summary "$WORK/off.txt" levels_measured)" = 6 -a ! -e "$cache"

# Heard: the same story in real time through the disk driver (its levels
# measured again: the cache was turned off above).
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$WORK/heard.raw" \
    "$HUSHABYE" --clock real --size 320x200 --dim 0.5 --exit-when-dark 0 \
    --trace "$WORK/real.txt" "$story" 2>>"$WORK/stderr.txt"
check "it plays to the dark in real time" grep -q " dark " "$WORK/real.txt"
starts=$(sed -n 's/^\([0-9.]*\) narration-start n=[0-9].*/\1/p' "$WORK/real.txt" | tr '\n' ' ')
heard=$(PYTHONPATH="$SRC/tests" python3 -B - "$WORK/heard.raw" $starts <<'PY'
import math, sys
from rawaudio import RATE, left_channel, mag
starts = [float(t) for t in sys.argv[2:]]
left = left_channel(sys.argv[1], starts[-1] + 3.0)
out = []
for t, hz in zip(starts, (300, 400, 500, 600, 700)):
    # The page's tone at its fullest in a 0.3 s window: the trace's time of a
    # start and what the device played then may be a little apart on a busy
    # machine (under the sanitizers), and each page has a tone of its own.
    best = max(mag(left[int((t + d) * RATE):int((t + d + 0.3) * RATE)], hz)
               for d in [k * 0.05 for k in range(-4, 50)])
    out.append(20 * math.log10(max(best, 1e-9)))
    rest = left[int((t + 1.2) * RATE):int((t + 1.4) * RATE)]   # the pause between
    out.append(abs(sum(rest) / max(len(rest), 1)) / 32767)
print(" ".join("%.2f" % v for v in out))
PY
)
set -- $heard
check "five pages heard (got: $heard)" test $# = 10
spread=$(awk -v a="${1:-0}" -v b="${3:--99}" -v c="${5:-99}" -v d="${7:-0}" -v e="${9:--99}" 'BEGIN{
    lo = a; hi = a
    if (b < lo) lo = b; if (b > hi) hi = b
    if (c < lo) lo = c; if (c > hi) hi = c
    if (d < lo) lo = d; if (d > hi) hi = d
    if (e < lo) lo = e; if (e > hi) hi = e
    printf "%.2f", hi - lo }')
check "the five pages are heard within 1 dB of each other (tones at $1 $3 $5 $7 ${9:-none} dB: $spread apart; made 27 dB apart, the fifth one that a mean of its channels cancels)" \
    awk -v s="$spread" 'BEGIN{exit !(s <= 1.0)}'
check "the offset is not heard: page 3's pause sits at silence (${6:-none} of full scale; made at 0.4)" \
    awk -v m="${6:-1}" 'BEGIN{exit !(m < 0.005)}'
done_checks
