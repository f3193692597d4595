# Music and narration streamed, in real time: two stories with lullabies played
# back to back with --night show the second story's music and not the first's
# (the first fades and is freed), a story without music plays none, two
# stories with the same lullaby share it without a break, the lullaby is
# ducked 20 dB under each narration and comes back up after it (in the trace
# and in the sound itself), and the dark leaves no audio device. The disk audio driver writes what was mixed, so
# the narration and the music are heard, not just announced. A narration too
# long for a page is refused by its header, in plain words. A narration cut
# off mid-sound fades in its last milliseconds, and its resampled image is
# gone.
. "$(dirname "$0")/lib_e2e.sh"
night="$WORK/night"
make_story() { # make_story NAME MUSIC|- : one page of words and a short narration
    mkdir -p "$night/$1"
    echo "Goodnight, $1." > "$night/$1/01.txt"
    sox -q -n -r 16000 -c 1 "$night/$1/01.wav" synth 0.6 sine 440 vol 0.5
    printf '[story]\nhold = 0.3\ntransition-time = 0.2\n' > "$night/$1/story.ini"
    if [ "$2" != - ]; then
        sox -q -n -r 22050 -c 2 "$night/$1/$2" synth 8 sine 220 vol 0.5
        printf 'music = %s\nmusic-volume = 50%%\n' "$2" >> "$night/$1/story.ini"
    fi
}
make_story first lullaby-first.ogg
make_story second lullaby-second.flac
make_story quiet -

trace="$WORK/trace.txt"
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$WORK/out.raw" \
    "$HUSHABYE" --clock real --size 320x200 --dim 0.5 --exit-when-dark 0 --night \
    --trace "$trace" "$night/first" "$night/second" "$night/quiet" 2>"$WORK/stderr.txt"
check "the night plays to the end in real time" test $? -eq 0
seq=$(grep -E " (story-start|music|music-stop|dark)( |$)" "$trace" | awk '{print $2, $3}' | tr '\n' ';')
want="story-start folder=first;music file=lullaby-first.ogg;story-start folder=second;music-stop ;music file=lullaby-second.flac;story-start folder=quiet;music-stop ;dark audio=closed;"
check "first's music, then only second's, then none for the quiet story (got: $seq)" \
    test "$seq" = "$want"
check "each narration started and ended on its own (3 pages and the reassurance)" \
    test "$(grep -c ' narration-end ' "$trace")" = 4
check "the narration's length comes from its header (0.600 s)" \
    grep -q "narration-start n=1 seconds=0.600" "$trace"
check "the dark has no audio device" grep -q " dark audio=closed" "$trace"
check "nothing went wrong ($(summary "$trace" problems) problems)" \
    test "$(summary "$trace" problems)" = 0
peak=$(sox -t raw -r 48000 -e signed -b 16 -c 2 "$WORK/out.raw" -n stat 2>&1 |
       awk '/Maximum amplitude/{print $3}')
check "sound was mixed into the output (peak ${peak:-none})" \
    awk -v p="${peak:-0}" 'BEGIN{exit !(p > 0.2 && p <= 1.0)}'

check "each narration ducks the lullaby to 20 dB under the voice (trace: music-duck level=-20.0)" \
    test "$(grep -c ' music-duck level=-20.0$' "$trace")" = 2
check "and it comes back to its own level (50 %: -6.0 dB) when the narration ends" \
    test "$(grep -c ' music-unduck level=-6.0$' "$trace")" = 2
ducks=$(grep -E " (narration-start|music-duck|narration-end|music-unduck) " "$trace" | head -n 4 |
        awk '{print $2}' | tr '\n' ' ')
check "the ducking follows the narration (got: $ducks)" \
    test "$ducks" = "narration-start music-duck narration-end music-unduck "

# Two stories of a night with the same lullaby (a copy, under another name):
# it plays on across them without a break, and then fades out in the
# dimming, before the dark.
make_story sameone lullaby.ogg
make_story sametwo -
cp "$night/sameone/lullaby.ogg" "$night/sametwo/our-song.ogg"
printf 'music = our-song.ogg\nmusic-volume = 50%%\n' >> "$night/sametwo/story.ini"
"$HUSHABYE" --clock real --size 320x200 --dim 0.5 --exit-when-dark 0 --night \
    --trace "$WORK/same.txt" "$night/sameone" "$night/sametwo" 2>>"$WORK/stderr.txt"
seq=$(grep -E " (story-start|music|music-stop)( |$)" "$WORK/same.txt" | awk '{print $2, $3, $4}' |
      tr '\n' ';')
check "the same lullaby plays on into the next story, stopped only by the dark (got: $seq)" \
    test "$seq" = "story-start folder=sameone ;music file=lullaby.ogg ;story-start folder=sametwo ;music file=our-song.ogg carried=yes;music-stop  ;"

# play_heard NAME: the story $WORK/NAME in real time, what was mixed written
# by the disk driver to $WORK/NAME.raw (48 kHz stereo), the trace to NAME.txt.
play_heard() {
    SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$WORK/$1.raw" \
        "$HUSHABYE" --clock real --size 320x200 --dim 0.5 --exit-when-dark 0 \
        --trace "$WORK/$1.txt" "$WORK/$1" 2>>"$WORK/stderr.txt"
}

# Heard, not just announced: a page read for 3 s (a 440 Hz voice) over a
# lullaby as loud as the voice (220 Hz, music-volume 100 %). While the voice
# speaks the lullaby is 20 dB under it; in the pause between pages it is back
# up, the ramp having had time to finish.
duck="$WORK/duck"
mkdir -p "$duck"
for n in 01 02; do
    echo "Page $n." > "$duck/$n.txt"
    sox -q -n -r 48000 -c 1 "$duck/$n.wav" synth 3 sine 440 vol 0.3
done
sox -q -n -r 48000 -c 2 "$duck/music.wav" synth 30 sine 220 vol 0.3
printf '[story]\nhold = 2\ntransition = none\nmusic-volume = 100%%\n' > "$duck/story.ini"
play_heard duck
until=$(awk '$2 == "reassurance" {print $1 - 0.5; exit}' "$WORK/duck.txt")
levels=$(PYTHONPATH="$SRC/tests" python3 -B - "$WORK/duck.raw" "${until:-0}" <<'PY'
import math, sys
from rawaudio import left_channel, mag
left = left_channel(sys.argv[1], float(sys.argv[2]))   # the pages, not the closing words
win = [left[i:i + 2400] for i in range(0, len(left) - 2400, 2400)]   # 50 ms each
voice = [mag(w, 440) for w in win]
music = [mag(w, 220) for w in win]
top = max(voice)
speaking = [i for i, v in enumerate(voice) if v > 0.8 * top]
second = [i for i in speaking if i > speaking[0] + 60]               # page 2's, music fully in
quiet = [music[i] for i, v in enumerate(voice) if v < 0.01 * top and i > speaking[0]]
under = sorted(music[i] for i in second)[len(second) // 2]
voice_level = sorted(voice[i] for i in second)[len(second) // 2]
print("%.1f %.1f" % (20 * math.log10(under / voice_level), 20 * math.log10(max(quiet) / voice_level)))
PY
)
set -- $levels
check "while the voice speaks the lullaby is 20 dB under it (heard: ${1:-none} dB)" \
    awk -v d="${1:-0}" 'BEGIN{exit !(d <= -18 && d >= -23)}'
check "between pages it is back at the voice's level (heard: ${2:-none} dB)" \
    awk -v d="${2:--99}" 'BEGIN{exit !(d >= -2 && d <= 1)}'

# A narration that stops mid-sound (a 1234.5 Hz tone at 24 kHz, cut off at
# full level): heard at the device's 48 kHz, its image above the source's
# half-rate (24000 - 1234.5 Hz) is gone, and its last milliseconds fade
# (VOICE_TAIL_MS) instead of ending in a click.
cut="$WORK/cut"
mkdir -p "$cut"
echo "Cut short." > "$cut/01.txt"
sox -q -n -r 24000 -c 1 "$cut/01.wav" synth 1 sine 1234.5 vol 0.5
printf '[story]\nhold = 0.5\ntransition = none\n' > "$cut/story.ini"
play_heard cut
until=$(awk '$2 == "reassurance" {print $1 - 0.2; exit}' "$WORK/cut.txt")
ending=$(PYTHONPATH="$SRC/tests" python3 -B - "$WORK/cut.raw" "${until:-0}" <<'PY'
import math, sys
from rawaudio import left_channel, mag
left = left_channel(sys.argv[1], float(sys.argv[2]))   # the page, not the closing words
peak = max(abs(v) for v in left)
end = max(i for i, v in enumerate(left) if abs(v) > 0.01 * peak) + 1
mid = left[end - 36000:end - 12000]                         # half a second inside the tone
level = max(abs(v) for v in mid)                            # its steady level
last = max(abs(v) for v in left[end - 96:end])              # its last 2 ms
before = max(abs(v) for v in left[end - 1920:end - 960])    # 40 to 20 ms before the end
print("%.3f %.3f %.1f" % (last / level, before / level,
                          20 * math.log10(mag(mid, 22765.5) / mag(mid, 1234.5) + 1e-12)))
PY
)
set -- $ending
check "a narration cut off mid-sound fades in its last milliseconds (last 2 ms at ${1:-none} of its level)" \
    awk -v r="${1:-1}" 'BEGIN{exit !(r < 0.25)}'
check "and plays at its level until then (${2:-none} of it 20-40 ms before its end)" \
    awk -v r="${2:-0}" 'BEGIN{exit !(r > 0.97)}'
check "resampled from 24 to 48 kHz, its image is gone (${3:-none} dB under the tone)" \
    awk -v d="${3:-0}" 'BEGIN{exit !(d < -70)}'

# The same night on the dummy driver (as every other test): the same events.
"$HUSHABYE" --clock real --size 320x200 --dim 0.5 --exit-when-dark 0 --night \
    --trace "$WORK/dummy.txt" "$night/first" "$night/quiet" 2>>"$WORK/stderr.txt"
seq=$(grep -E " (music|music-stop)( |$)" "$WORK/dummy.txt" | awk '{print $2, $3}' | tr '\n' ';')
check "on the dummy driver too, the quiet story stops the music (got: $seq)" \
    test "$seq" = "music file=lullaby-first.ogg;music-stop ;"

# Eleven minutes of narration (silence at a low rate: a small file) is refused
# by its header before anything is decoded, and the page still plays.
long="$WORK/long"
mkdir -p "$long"
echo "A long page." > "$long/01.txt"
sox -q -n -r 8000 -c 1 "$long/01.ogg" trim 0 660
"$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 --exit-when-dark 0 \
    --trace "$WORK/long.txt" "$long" 2>"$WORK/long.err"
check "a too-long narration does not stop the story" grep -q " dark " "$WORK/long.txt"
check "it is refused in plain words naming the file" \
    grep -q "long/01.ogg.*longer than 10 minutes; a page's narration can be at most 10 minutes" \
    "$WORK/long.err"
"$STORYTOOL" check "$long" >"$WORK/check.txt" 2>&1
check "the checker says the same (exit 1)" test $? -eq 1
check "the checker names the file and the limit" \
    grep -q "long/01.ogg: error: .*longer than 10 minutes" "$WORK/check.txt"
not_check_damaged() { ! grep -q "damaged" "$WORK/check.txt"; }
check "the checker does not call a long file damaged" not_check_damaged
# Music that cannot play is told under the virtual clock as in real time
# (nothing is heard there, but a parent testing a folder reads the same), and
# once for a night of two stories sharing it, not at every page.
bad="$WORK/badmusic"
mkdir -p "$bad"
head -c 20000 /dev/urandom > "$bad/music.ogg"
printf 'One.\n' > "$bad/01.txt"
printf 'Two.\n' > "$bad/02.txt"
"$HUSHABYE" --clock virtual --size 320x200 --dim 0.5 --exit-when-dark 0 \
    --trace "$WORK/badmusic.txt" "$bad" 2>"$WORK/badmusic.err"
check "random bytes as music are told under the virtual clock, once ($(tr '\n' '|' <"$WORK/badmusic.err"))" \
    test "$(grep -c "badmusic/music.ogg: warning: music skipped: it is not a recording" \
        "$WORK/badmusic.err")" -eq 1
check "and the night goes on to the dark" grep -q " dark " "$WORK/badmusic.txt"
# A lullaby of 10 ms is no lullaby: looped, its seam would hold it whole and
# the audio thread spin for ever. It is told and left out, and in real time
# the night goes on to the dark.
tiny="$WORK/tinymusic"
mkdir -p "$tiny"
sox -q -n -r 48000 -b 16 "$tiny/music.wav" synth 0.01 sine 300 vol 0.3
sox -q -n -r 16000 -b 16 "$tiny/01.wav" synth 0.8 sine 440 vol 0.3
printf 'One.\n' > "$tiny/01.txt"
timeout 60 "$HUSHABYE" --clock real --size 320x200 --dim 0.5 --exit-when-dark 0 \
    --trace "$WORK/tiny.txt" "$tiny" 2>"$WORK/tiny.err"
check "a night with 10 ms of music ends, in real time (exit $?)" grep -q " dark " "$WORK/tiny.txt"
check "the music is told as too short ($(tr '\n' '|' <"$WORK/tiny.err"))" \
    grep -q "tinymusic/music.wav: warning: music skipped: it lasts only 0.01 s" "$WORK/tiny.err"
"$STORYTOOL" check "$tiny" >"$WORK/tiny.check" 2>&1
check "and check says the same" grep -q "music.wav: warning: music skipped: it lasts only 0.01 s" \
    "$WORK/tiny.check"
done_checks
