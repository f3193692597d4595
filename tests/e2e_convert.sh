# Every command the checker suggests works when pasted, and the warning goes
# once it is followed: a phone recording and an iPhone HEIC photo lying in a
# story folder (one whose name has a space and a quote), a phone recording
# saved with the .ogg ending, and one named by story.ini. The commands are cut
# from the checker's output and run as a parent would paste them (with a
# stand-in ffmpeg, as in e2e_record.sh); the next check is clean, and each
# original is kept, set aside as .imported-NAME.
. "$(dirname "$0")/lib_e2e.sh"
raw() { sox "$@" -t raw -r 48000 -c 1 -b 16 -e signed-integer -L -; }
hiss() { sox -n -r 48000 -c 1 -p synth "$1" whitenoise vol 0.0015; }
words() {
    sox -m <(hiss "$1") <(sox -n -r 48000 -c 1 -p synth "$1" sawtooth 140 \
        lowpass 1200 tremolo 4 70 vol 0.035) -p
}
# A fake phone recording: an M4A header, then raw samples the stand-in reads.
m4a() { { printf '\0\0\0\040ftypM4A \0\0\0\0'; raw <(hiss 0.5) <(words 1.5) <(hiss 0.5); } > "$1"; }
mkdir -p "$WORK/bin"
cat > "$WORK/bin/ffmpeg" <<'FF'
#!/bin/sh
case "$*" in *"-ac 1 -ar 48000 -f s16le -"*) ;; *) exit 3 ;; esac
for a; do case "$a" in file:*) exec tail -c +17 "${a#file:}" ;; esac; done
exit 4
FF
chmod +x "$WORK/bin/ffmpeg"

cd "$WORK" || exit 1
story="Grandma's night"
mkdir -p "$story"
for n in 1 2 3 4; do "$MKPICTURE" png "$WORK/$n.png" 64 48; done
cp "$WORK/1.png" "$story/01.png"
cp "$WORK/3.png" "$story/03.png"
cp "$WORK/4.png" "$story/04.png"
heif-enc -q 70 -o "$story/02.heic" "$WORK/2.png" >/dev/null 2>&1
check "a HEIC photo was made here with libheif's encoder" test -s "$story/02.heic"
m4a "$story/01.m4a"
m4a "$story/03.ogg"                       # a phone recording given the .ogg ending
m4a "$story/owl.m4a"
printf '[story]\ntitle = Night\n\n[page 4]\nnarration = owl.m4a\n' > "$story/story.ini"

"$STORYTOOL" check "$story" > before.txt 2>&1
cat before.txt
check "the HEIC photo is named with the command that converts it" \
    grep -q "02.heic: warning: this is an iPhone photo (HEIC).*convert it with: hushabye-story import 'Grandma'\\\\''s night' 'Grandma'\\\\''s night/02.heic'" before.txt
check "the phone recording in the folder is named with its command" \
    grep -q "01.m4a: warning: this is a phone recording.*convert it with: hushabye-story import" before.txt
check "the phone recording saved as .ogg is named with its command, not 'give it the .ogg ending'" \
    grep -q "03.ogg: error: not a recording this player can play .*M4A.*convert it with: hushabye-story import" before.txt
check "no message suggests renaming to .ogg" not_grep "the .ogg ending" before.txt
check "the recording story.ini names is told at its line, with --page and the line to delete" \
    grep -q "story.ini:5: warning: 'owl.m4a' for 'narration' is a phone recording.*convert it with: hushabye-story import 'Grandma'\\\\''s night' --page 4 .*then delete line 5 of Grandma's night/story.ini" before.txt
check "no message uses jargon (dB, RMS, codec, PCM, sample rate, channels)" \
    not_grep "dBFS|[0-9] ?dB|RMS|codec|PCM|sample rate|channels" before.txt

# Paste each command, as the parent would.
sed -n 's/.*convert it with: \(hushabye-story import .*\)$/\1/p' before.txt |
    sed 's/, then delete line [0-9]* of .*//' > commands.txt
check "four commands were suggested" test "$(wc -l < commands.txt)" -eq 4
mkdir -p "$WORK/path"
ln -sf "$STORYTOOL" "$WORK/path/hushabye-story"
while IFS= read -r cmd; do
    PATH="$WORK/path:$WORK/bin:/usr/bin:/bin" bash -c "$cmd" >> pasted.txt 2>&1
    check "the pasted command works: $cmd" test $? -eq 0
done < commands.txt
# The advice for the story.ini line, followed as written.
line=$(sed -n "s/.*then delete line \([0-9]*\) of .*/\1/p" before.txt)
sed -i "${line}d" "$story/story.ini"

"$STORYTOOL" check "$story" > after.txt 2>&1
cat pasted.txt after.txt
check "the next check is clean" grep -q "^Grandma's night: 4 pages, no problems$" after.txt
check "the photo became page 2's JPEG" grep -q JFIF "$story/02.jpg"
check "the recordings became 01.wav, 03.wav and 04.wav" \
    test -s "$story/01.wav" -a -s "$story/03.wav" -a -s "$story/04.wav"
check "the originals are kept, set aside" \
    test -s "$story/.imported-02.heic" -a -s "$story/.imported-01.m4a" -a -s "$story/.imported-owl.m4a"
check "the .ogg that was a phone recording is kept as the page's previous take" \
    test -s "$story/.previous-03.ogg"

# A photo of more pixels than the player decodes at once (recent iPhones take
# 24 megapixels; this one is 13.4): shrunk by a whole factor, not refused.
big="$WORK/big"
mkdir -p "$big"
printf 'Goodnight.\n' > "$big/01.txt"
"$MKPICTURE" png "$WORK/big.png" 4200 3200
heif-enc -q 30 -o "$WORK/big.heic" "$WORK/big.png" >/dev/null 2>&1
"$STORYTOOL" import "$big" --page 1 "$WORK/big.heic" > big.txt 2>&1
check "a 13-megapixel HEIC photo is imported" grep -q "page 1: picture 01.jpg (converted" big.txt
"$STORYTOOL" info "$big" > big-info.txt 2>&1
check "at half its size, within what the player decodes (2100x1600)" \
    grep -q "picture 01.jpg (2100x1600)" big-info.txt
done_checks
