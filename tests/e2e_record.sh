# The recorder end to end: SDL's disk audio driver reads a raw 48 kHz mono s16le
# file as the microphone. Quiet speech with long silences in, a trimmed and
# levelled page out; a kill half-way changes nothing; no microphone, nothing
# written; the reassurance; importing recordings made elsewhere.
. "$(dirname "$0")/lib_e2e.sh"
story="$WORK/story"
mkdir -p "$story"
printf 'The moon is up.\n' > "$story/01.txt"
printf 'The owl says goodnight.\n' > "$story/02.txt"
printf 'Sleep tight.\n' > "$story/03.txt"
sox -n -r 48000 -c 1 "$story/02.ogg" synth 1 sine 300 vol 0.1
cp "$story/02.ogg" "$WORK/old-02.ogg"

raw() { sox "$@" -t raw -r 48000 -c 1 -b 16 -e signed-integer -L -; }
# Room hiss alone, and quiet "words": a buzzy 140 Hz voice with syllables, in hiss.
hiss() { sox -n -r 48000 -c 1 -p synth "$1" whitenoise vol 0.0015; }
words() {
    sox -m <(hiss "$1") <(sox -n -r 48000 -c 1 -p synth "$1" sawtooth 140 \
        lowpass 1200 tremolo 4 70 vol 0.035) -p
}
sox <(hiss 3) <(words 2) <(hiss 0.3) <(words 1.5) <(hiss 4) \
    -t raw -r 48000 -c 1 -b 16 -e signed-integer -L "$WORK/speech.raw"
raw <(hiss 6) > "$WORK/hiss.raw"

# Every file but the hidden previous take, the recordings set aside (never
# deleted), the timed words set aside with them (each take's words are timed,
# so a new take sets the last one's aside) and the closing words' note (all
# checked on their own below).
listing() { (cd "$1" && ls -A | grep -v -e '^\.previous-' -e '^\.set-aside-' \
    -e '^\.reassurance-recorded-words' -e '^\.[0-9]*\.vtt\.before-recording$' |
    sort | tr '\n' ' '); }
# Value of a sox stat field (e.g. "Maximum amplitude") for a file, trimmed.
stat_of() { local f=$1 field=$2; shift 2; sox "$f" -n "$@" stat 2>&1 |
    sed -n "s/^$field: *//p"; }
db() { awk -v a="$1" 'BEGIN { printf "%.2f", 20 * log(a) / log(10) }'; }
within() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'; }
# The recorder's standard input: an empty file, read to its end at once, so
# no stray newline (Enter stops a take) can reach it, whatever /dev/null is.
: >"$WORK/no-input"
disk() { SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=/dev/null SDL_DISKAUDIOFILEIN=$1 \
    SDL_DISKAUDIODELAY=${DELAY:-0} "${@:2}"; }

# 1. Quiet speech with long silences: a trimmed, levelled page.
disk "$WORK/speech.raw" "$STORYTOOL" record "$story" --page 2 --seconds 11 \
    <"$WORK/no-input" >"$WORK/rec.out" 2>"$WORK/rec.err"
check "record exits 0" test $? -eq 0
cat "$WORK/rec.out"
check "it says in plain words that the voice was evened out" \
    grep -q "evened out to the same loudness as the other pages" "$WORK/rec.out"
check "with no jargon for parents (no dBFS)" not_grep "dB" "$WORK/rec.out"
check "it says how much was kept" grep -q "kept 4\.[0-9] s of 11\.0 s" "$WORK/rec.out"
check "02.wav is there" test -s "$story/02.wav"
check "the old 02.ogg is gone: one narration for page 2, its words timed in 02.vtt" \
    test "$(listing "$story")" = "01.txt 02.txt 02.vtt 02.wav 03.txt "
check "the timed words were made by the aligner, one cue per word" \
    test "$(head -3 "$story/02.vtt" | tail -1)" = "NOTE made by hushabye-story align" -a \
    "$(grep -c -- '-->' "$story/02.vtt")" -eq 4
check "and the parent is told" grep -q "page 2: timed 4 words" "$WORK/rec.out"
check "but kept, hidden, byte for byte, as the take before" \
    cmp -s "$story/.previous-02.ogg" "$WORK/old-02.ogg"
check "and the parent is told how to bring it back, in a command that works as pasted" \
    grep -qF "hushabye-story record $story --page 2 --undo" "$WORK/rec.out"
len=$(stat_of "$story/02.wav" "Length (seconds)")
check "the take is trimmed to the words plus about 0.4 s a side (4.6..5.0 s, got $len)" \
    within "$len" 4.6 5.0
peak=$(sox "$story/02.wav" -n stats 2>&1 | sed -n 's/^Pk lev dB *//p')
check "peaks stay at or under -1 dBFS (got $peak)" within "$peak" -30 -1.0
rms=$(db "$(stat_of "$story/02.wav" "RMS     amplitude" trim 0.45 1.9)")
check "the first word is levelled to about -18 dBFS RMS (got $rms)" within "$rms" -19.5 -16.5
lead=$(db "$(stat_of "$story/02.wav" "RMS     amplitude" trim 0 0.3)")
check "what comes before the words is quiet room tone (got $lead dBFS)" within "$lead" -90 -30
echo "measured: length $len s, first word RMS $rms dBFS, peak $peak dBFS, lead-in $lead dBFS"
check "the checker finds no error in the story" "$STORYTOOL" check "$story"
"$HUSHABYE" --clock virtual --trace "$WORK/play.txt" --exit-when-dark 0 --size 320x200 \
    "$story" 2>/dev/null
check "the player plays the new take for page 2" \
    grep -q "narration-start n=2 seconds=4\." "$WORK/play.txt"

# 2. A recording killed half-way leaves everything as it was.
cp "$story/02.wav" "$WORK/kept-02.wav"
before=$(listing "$story")
# Real-time pacing (21 ms a block of 1024 samples), run directly so $! is the tool.
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=/dev/null SDL_DISKAUDIOFILEIN="$WORK/speech.raw" \
    SDL_DISKAUDIODELAY=21 "$STORYTOOL" record "$story" --page 2 --seconds 10 \
    <"$WORK/no-input" >/dev/null 2>"$WORK/killed.err" &
pid=$!
sleep 1.5
kill -9 "$pid"
check "the recording was still running when killed" test $? -eq 0 ||
    tr '\r' '\n' < "$WORK/killed.err" >&2
wait "$pid" 2>/dev/null
check "the killed recording leaves 02.wav byte-identical" cmp -s "$story/02.wav" \
    "$WORK/kept-02.wav"
check "and no stray file, hidden or not" test "$(listing "$story")" = "$before"

# 3. No microphone (ALSA with no cards): a clear message, non-zero, nothing written.
: > "$WORK/no-cards.conf"
ALSA_CONFIG_PATH="$WORK/no-cards.conf" SDL_AUDIODRIVER=alsa \
    "$STORYTOOL" record "$story" --page 3 <"$WORK/no-input" 2>"$WORK/nomic.err"
check "no microphone: exit status 1" test $? -eq 1
check "no microphone: the message says so" grep -q "no microphone was found" "$WORK/nomic.err"
check "no microphone: nothing written" test "$(listing "$story")" = "$before"

# 4. Only room hiss: reported, not amplified, nothing changed.
disk "$WORK/hiss.raw" "$STORYTOOL" record "$story" --page 2 --seconds 5 <"$WORK/no-input" \
    2>"$WORK/hiss.err"
check "a take of hiss alone fails" test $? -eq 1
check "and says no speech was heard" grep -q "no speech was heard" "$WORK/hiss.err"
check "and leaves 02.wav as it was" cmp -s "$story/02.wav" "$WORK/kept-02.wav"

# 5. A temporary file left by a power cut is cleared by the next save.
sh -c 'exit 0' & gone=$!; wait "$gone"
touch "$story/.02.wav.hushabye-tmp-$gone-AbC123"
disk "$WORK/speech.raw" "$STORYTOOL" record "$story" --page 2 --seconds 11 <"$WORK/no-input" \
    >/dev/null 2>&1
check "a stale temporary file is cleared" test "$(listing "$story")" = "$before"
check "the story's own 02.ogg, no longer the take undo brings back, is set aside byte for byte" \
    cmp -s "$story/.set-aside-02.ogg" "$WORK/old-02.ogg"

# 5b. Undo: the take before comes back, and undo again gives the new one back.
cp "$story/02.wav" "$WORK/new-02.wav"
"$STORYTOOL" record "$story" --page 2 --undo >"$WORK/undo.out" 2>"$WORK/undo.err"
check "record --undo exits 0" test $? -eq 0
check "the take before is page 2's narration again" \
    cmp -s "$story/02.wav" "$WORK/kept-02.wav"
"$STORYTOOL" record "$story" --page 2 --undo >/dev/null 2>&1
check "and --undo again brings the newer take back" cmp -s "$story/02.wav" "$WORK/new-02.wav"
check "still one narration for page 2" test "$(listing "$story")" = "$before"
# 5c. A recording copied in by hand since the take: an undo sets it aside,
# never deletes it, and says where it went.
cp "$WORK/old-02.ogg" "$story/02_gran.ogg"
"$STORYTOOL" record "$story" --page 2 --undo >"$WORK/undo-gran.out" 2>&1
check "an undo names the recording put there since and the hidden file it is now" \
    grep -qF "02_gran.ogg; it is set aside, not deleted, as the hidden file .set-aside-02_gran.ogg" \
    "$WORK/undo-gran.out"
check "that recording is kept byte for byte" cmp -s "$story/.set-aside-02_gran.ogg" "$WORK/old-02.ogg"
"$STORYTOOL" record "$story" --page 2 --undo >/dev/null 2>&1
check "and undo again brings the newer take back, one narration again" \
    eval 'cmp -s "$story/02.wav" "$WORK/new-02.wav" && test "$(listing "$story")" = "$before"'
"$STORYTOOL" record "$story" --page 3 --undo 2>"$WORK/undo3.err"
check "undo with no earlier recording fails and says so" \
    test $? -eq 1 -a -n "$(grep 'no earlier recording' "$WORK/undo3.err")"
"$STORYTOOL" record "$story" --page 9 --seconds 2 <"$WORK/no-input" 2>"$WORK/page9.err"
check "a page the story does not have is refused before recording, naming its pages" \
    test $? -eq 1 -a -n "$(grep 'has no page 9 (its 3 pages are numbered 1 to 3)' "$WORK/page9.err")"

# 6. The reassurance, in the family's data folder, replacing an older one.
fam="$XDG_DATA_HOME/hushabye"
mkdir -p "$fam"
cp "$WORK/old-02.ogg" "$fam/reassurance.ogg"
disk "$WORK/speech.raw" "$STORYTOOL" record --reassurance --seconds 11 <"$WORK/no-input" \
    >"$WORK/reass.out" 2>"$WORK/reass.err"
check "record --reassurance exits 0" test $? -eq 0
check "the reassurance is saved as reassurance.wav, the old one gone" \
    test "$(listing "$fam")" = "reassurance.wav "
check "with a note of the words it says, so changed words never play under it" \
    grep -qx "Mom and Dad are always here." "$fam/.reassurance-recorded-words.txt"
"$STORYTOOL" record "$story" 2>/dev/null
check "record without --page is wrong usage (exit 2)" test $? -eq 2

# 7. Import: a stereo 44.1 kHz WAV named for page 3, a FLAC after it, a phone file.
imp="$WORK/import"
mkdir -p "$imp"
sox <(hiss 1) <(words 2) <(hiss 1) -r 44100 -c 2 "$imp/3 owl.wav"
sox <(hiss 1) <(words 1) <(hiss 1) -r 44100 -c 1 "$imp/voice.flac"
{ printf '\0\0\0\040ftypM4A \0\0\0\0'; raw <(hiss 1) <(words 1.5) <(hiss 1); } \
    > "$imp/05 moon.m4a"
# A PATH with nothing on it: ffmpeg may be installed on this machine.
mkdir -p "$WORK/no-ffmpeg"
PATH="$WORK/no-ffmpeg" "$STORYTOOL" import "$story" "$imp/3 owl.wav" \
    "$imp/voice.flac" "$imp/05 moon.m4a" >"$WORK/imp.out" 2>"$WORK/imp.err"
check "import without ffmpeg exits 1 (one file could not be converted)" test $? -eq 1
check "it says how to install ffmpeg" grep -q "apt-get install ffmpeg" "$WORK/imp.err"
check "the WAV became page 3" test -s "$story/03.wav"
check "a page's first recording claims to replace nothing and offers no undo" \
    not_grep "page 3: the recording it replaced|page 3: .*set aside, not deleted" "$WORK/imp.out"
check "the FLAC became page 4" test -s "$story/04.wav"
check "nothing was made for the phone file" test ! -e "$story/05.wav"
len3=$(stat_of "$story/03.wav" "Length (seconds)")
check "the imported page is trimmed like a take (2.8..3.1 s, got $len3)" within "$len3" 2.8 3.1
# A stand-in ffmpeg (sox-free, it just strips the fake header) checks the plumbing.
mkdir -p "$WORK/bin"
cat > "$WORK/bin/ffmpeg" <<'FF'
#!/bin/sh
case "$*" in *"-ac 1 -ar 48000 -f s16le -"*) ;; *) exit 3 ;; esac
for a; do case "$a" in file:*) exec tail -c +17 "${a#file:}" ;; esac; done
exit 4
FF
chmod +x "$WORK/bin/ffmpeg"
PATH="$WORK/bin:/usr/bin:/bin" "$STORYTOOL" import "$story" "$imp/05 moon.m4a" \
    >"$WORK/imp2.out" 2>"$WORK/imp2.err"
check "with ffmpeg, the phone file imports" test $? -eq 0
check "as page 5" test -s "$story/05.wav"
check "still one narration a page" test "$(ls "$story" | grep -c '^0[2-5]\.wav$')" -eq 4

# ffmpeg is told the demuxer of the format sniffed, and may open local files
# only: a playlist named .m4a (which would have it read files elsewhere, or
# wait on a live stream) is not handed to it at all. One that keeps it
# waiting is stopped (HUSHABYE_FFMPEG_SECONDS here, 120 s by default), and it
# never outlives the import.
cat > "$WORK/bin/ffmpeg" <<FF
#!/bin/sh
echo "\$*" >> "$WORK/ffmpeg-args"
case "\$*" in *"-ac 1 -ar 48000 -f s16le -"*) ;; *) exit 3 ;; esac
for a; do case "\$a" in file:*) exec tail -c +17 "\${a#file:}" ;; esac; done
exit 4
FF
: > "$WORK/ffmpeg-args"
printf '#EXTM3U\n#EXTINF:3.0,\n/etc/hostname\n#EXT-X-ENDLIST\n#\001\002\377\376\n' > "$imp/06 list.m4a"
PATH="$WORK/bin:/usr/bin:/bin" "$STORYTOOL" import "$story" "$imp/06 list.m4a" \
    >/dev/null 2>"$WORK/list.err"
check "a playlist named .m4a is refused, in plain words ($(cat "$WORK/list.err"))" \
    grep -q "06 list.m4a: this is not a recording this tool knows" "$WORK/list.err"
check "and never given to ffmpeg" test ! -s "$WORK/ffmpeg-args"
PATH="$WORK/bin:/usr/bin:/bin" "$STORYTOOL" import "$story" --page 6 "$imp/05 moon.m4a" \
    >/dev/null 2>&1
check "a phone's M4A is given to ffmpeg as mov, local files only ($(cat "$WORK/ffmpeg-args"))" \
    grep -q -- "-protocol_whitelist file -f mov -i file:" "$WORK/ffmpeg-args"
cat > "$WORK/bin/ffmpeg" <<'FF'
#!/bin/sh
exec sleep 300
FF
t0=$(date +%s)
HUSHABYE_FFMPEG_SECONDS=1 PATH="$WORK/bin:/usr/bin:/bin" "$STORYTOOL" import "$story" \
    --page 7 "$imp/05 moon.m4a" >/dev/null 2>"$WORK/slow.err"
t1=$(date +%s)
check "an ffmpeg that keeps converting is stopped ($((t1 - t0)) s: $(cat "$WORK/slow.err"))" \
    sh -c 'test "$1" -lt 10 && grep -q "ffmpeg was still converting it after 1 seconds" "$2"' \
    _ "$((t1 - t0))" "$WORK/slow.err"
PATH="$WORK/bin:/usr/bin:/bin" "$STORYTOOL" import "$story" --page 7 "$imp/05 moon.m4a" \
    >/dev/null 2>&1 &
tool=$!
sleep 1
kill -KILL "$tool"
wait "$tool" 2>/dev/null
sleep 0.5
check "and an import killed meanwhile leaves no ffmpeg running" \
    sh -c '! pgrep -f "^sleep 300$" >/dev/null'
check "no page 7 was made" test ! -e "$story/07.wav"

# 8. Two recordings for one page (mum's and dad's): a new take deletes neither.
two="$WORK/two-voices"
mkdir -p "$two"
printf 'The moon is up.\n' > "$two/01.txt"
printf 'The owl says goodnight.\n' > "$two/02.txt"
sox -n -r 48000 -c 1 "$two/01-mum.wav" synth 1 sine 250 vol 0.1
sox -n -r 48000 -c 1 "$two/01-dad.ogg" synth 1 sine 200 vol 0.1
cp "$two/01-mum.wav" "$WORK/mum.wav"
cp "$two/01-dad.ogg" "$WORK/dad.ogg"
disk "$WORK/speech.raw" "$STORYTOOL" record "$two" --page 2 --seconds 11 <"$WORK/no-input" \
    >"$WORK/first.out" 2>&1
check "a first recording for page 2 is saved" test $? -eq 0 -a -s "$two/02.wav"
check "and does not claim to have replaced anything, nor offer an undo" \
    not_grep "replaced|--undo|set aside, not deleted" "$WORK/first.out"
disk "$WORK/speech.raw" "$STORYTOOL" record "$two" --page 1 --seconds 11 <"$WORK/no-input" \
    >"$WORK/two.out" 2>&1
check "a take for page 1, which had two recordings, is saved" test $? -eq 0 -a -s "$two/01.wav"
cat "$WORK/two.out"
check "dad's recording, the one that played, is kept for undo, byte for byte" \
    cmp -s "$two/.previous-01-dad.ogg" "$WORK/dad.ogg"
check "mum's is set aside, byte for byte" cmp -s "$two/.set-aside-01-mum.wav" "$WORK/mum.wav"
said="page 1: the recording it replaced is kept; to bring it back:"
check "the parent is told the undo command" \
    grep -qF "$said hushabye-story record $two --page 1 --undo" "$WORK/two.out"
said="page 1: there was another recording, 01-mum.wav; it is set aside, not deleted,"
check "and where mum's recording was set aside" \
    grep -qF "$said as the hidden file .set-aside-01-mum.wav" "$WORK/two.out"
"$STORYTOOL" check "$two" >"$WORK/two-check.out" 2>&1
check "the checker sees one recording for page 1" not_grep "two recordings" "$WORK/two-check.out"
"$STORYTOOL" record "$two" --page 1 --undo >/dev/null 2>&1
check "undo brings dad's recording back, byte for byte" cmp -s "$two/01-dad.ogg" "$WORK/dad.ogg"
check "with mum's still set aside, byte for byte" \
    cmp -s "$two/.set-aside-01-mum.wav" "$WORK/mum.wav"
done_checks
