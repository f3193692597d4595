#!/usr/bin/env bash
# Write a corpus of broken story folders into OUT, one folder per mistake, and
# OUT/manifest.txt with one line per folder: NAME|EXIT|PATTERN, where EXIT is
# what `hushabye-story check` must return for it and PATTERN an extended
# regular expression its output must match (the file named, with its level).
# Binary pieces are made here with printf, head and truncate, so nothing
# binary is committed.    usage: make-bad-corpus.sh OUT SRC
set -eu
out=$1
src=$2
svg="$src/stories/moon-says-goodnight/01-moon-rises.svg"
ogg="$src/stories/moon-says-goodnight/01.ogg"
png="$src/tests/data/golden/page2-640x400.png"
mkdir -p "$out"
: > "$out/manifest.txt"

story() { # story NAME EXIT PATTERN: start a folder and note what check must say
    dir="$out/$1"
    mkdir -p "$dir"
    printf '%s|%s|%s\n' "$1" "$2" "$3" >> "$out/manifest.txt"
}
words() { printf 'The moon says goodnight.\n' > "$dir/$1"; }
# A PNG signature and IHDR claiming W x H (4-byte big-endian hex each), then junk.
png_claiming() { printf "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR$2$3\x08\x06\0\0\0junkjunkjunk" > "$1"; }
# A WAV header for 16-bit mono 8 kHz and N zero bytes of samples.
silent_wav() {
    local n=$2
    printf 'RIFF\x24\x7d\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0\x40\x1f\0\0\x80\x3e\0\0\x02\0\x10\0data\0\x7d\0\0' > "$1"
    head -c "$n" /dev/zero >> "$1"
}

story pdf-as-picture 1 'pdf-as-picture/01\.png: error: .*PDF'
printf '%%PDF-1.4\n%%fake\n' > "$dir/01.png"; words 01.txt

story huge-png 1 'huge-png/01\.png: error: .*60000x60000 pixels'
png_claiming "$dir/01.png" '\0\0\xea\x60' '\0\0\xea\x60'

story huge-jpeg 1 'huge-jpeg/01\.jpg: error: .*65000x30000 pixels'
printf '\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xc0\0\x11\x08\x75\x30\xfd\xe8\x03\x01\x22\0\x02\x11\x01\x03\x11\x01junk' > "$dir/01.jpg"

story huge-webp 1 'huge-webp/01\.webp: error: .*16384x16384 pixels'
printf 'RIFF\x20\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0\xff\x3f\0\xff\x3f\0junkjunk' > "$dir/01.webp"

story zero-size-png 1 'zero-size-png/01\.png: error: .*damaged'
png_claiming "$dir/01.png" '\0\0\0\0' '\0\0\x01\0'

story truncated-png 1 'truncated-png/01\.png: error: this picture cannot be opened'
head -c 300 "$png" > "$dir/01.png"

story truncated-header 1 'truncated-header/01\.png: error: .*cut short'
head -c 20 "$png" > "$dir/01.png"

story too-big-picture 1 'too-big-picture/01\.png: error: .*64 MiB'
cp "$png" "$dir/01.png"; truncate -s 70M "$dir/01.png"

story too-big-recording 1 'too-big-recording/01\.ogg: error: .*256 MiB'
cp "$svg" "$dir/01.svg"; cp "$ogg" "$dir/01.ogg"; truncate -s 300M "$dir/01.ogg"

story broken-ogg 1 'broken-ogg/01\.ogg: error: this recording cannot be played'
cp "$svg" "$dir/01.svg"; printf 'OggS\0\2garbage that is not vorbis at all' > "$dir/01.ogg"

story silent-wav 0 'silent-wav/01\.wav: warning: this recording is silent'
cp "$svg" "$dir/01.svg"; silent_wav "$dir/01.wav" 32000

story empty-page 1 'empty-page/02\.ogg: error: page 2 has no picture and no words'
cp "$svg" "$dir/01.svg"; cp "$ogg" "$dir/02.ogg"

story two-pictures 0 'two-pictures/01\.svg: warning: page 1 has two pictures'
cp "$png" "$dir/01-b.png"; cp "$svg" "$dir/01.svg"

story not-utf8 0 'not-utf8/01\.txt: warning: .*UTF-8'
printf '\xff\xfe not utf-8 \xc3\x28\n' > "$dir/01.txt"

story long-words 0 'long-words/01\.txt: warning: the words for page 1 are very long \(2500 characters\); only the first 2000 are shown'
head -c 2500 /dev/zero | tr '\0' 'a' > "$dir/01.txt"

story bad-vtt 1 'bad-vtt/01\.vtt:4: error: .*timing line'
cp "$svg" "$dir/01.svg"
printf 'WEBVTT\n\n1\n00:01.000 -> 00:02.000\nThe moon\n' > "$dir/01.vtt"

story vtt-no-header 1 'vtt-no-header/01\.vtt:1: error: this is not a WebVTT file'
cp "$svg" "$dir/01.svg"; printf '00:01.000 --> 00:02.000\nThe moon\n' > "$dir/01.vtt"

story dotdot 1 'dotdot/story\.ini:2: error: .*not a file inside the story folder'
cp "$svg" "$dir/01.svg"; printf '[page 1]\nimage = ../../etc/hosts.png\n' > "$dir/story.ini"

story absolute 1 'absolute/story\.ini:2: error: .*not a file inside the story folder'
cp "$svg" "$dir/01.svg"; printf '[story]\nmusic = /usr/share/sounds/music.ogg\n' > "$dir/story.ini"

story link-out 1 'link-out/01\.png: error: .*link'
ln -s /etc/passwd "$dir/01.png"; words 01.txt

story link-folder-out 1 'link-folder-out/sub/x\.png: error'
cp "$svg" "$dir/01.svg"; ln -s / "$dir/sub"
printf '[page 2]\nimage = sub/x.png\n' > "$dir/story.ini"

story link-words-out 1 'link-words-out/01\.txt: error: .*cannot be read'
cp "$svg" "$dir/01.svg"; ln -s /etc/hostname "$dir/01.txt"

story over-999 1 'over-999/1000\.png: error: page numbers go from 1 to 999'
cp "$svg" "$dir/01.svg"; cp "$svg" "$dir/1000.svg"; cp "$png" "$dir/1000.png"

story phone-m4a 0 "phone-m4a/01\\.m4a: warning: this is a phone recording.*convert it with: hushabye-story import [^ ]*phone-m4a [^ ]*phone-m4a/01\\.m4a$"
cp "$svg" "$dir/01.svg"; printf '\0\0\0\x20ftypM4A \0\0\0\0M4A mp42isom\0\0\0\0' > "$dir/01.m4a"

story m4a-named-ogg 1 'm4a-named-ogg/01\.ogg: error: .*M4A.*hushabye-story import'
cp "$svg" "$dir/01.svg"; printf '\0\0\0\x20ftypM4A \0\0\0\0M4A mp42isom\0\0\0\0' > "$dir/01.ogg"

story empty-file 1 'empty-file/01\.png: error: .*empty file'
: > "$dir/01.png"; words 01.txt

story fifo 1 'fifo/pipe\.png: error: this file is a named pipe \(FIFO\), not a file'
mkfifo "$dir/01.png" "$dir/pipe.png"; words 01.txt
printf '[page 1]\nimage = pipe.png\n' > "$dir/story.ini"

story no-pages 1 'no-pages: error: this story has no pages'
printf '[story]\ntitle = Nothing here\n' > "$dir/story.ini"

story ini-garbage 1 'ini-garbage/story\.ini: error: story\.ini is not text \(it looks like a PNG picture\)'
cp "$png" "$dir/story.ini"; words 01.txt

story unknown-key 0 "unknown-key/story\\.ini:2: warning: unknown key 'hodl' \\(did you mean 'hold'\\?\\)"
cp "$svg" "$dir/01.svg"; printf '[story]\nhodl = 3\n' > "$dir/story.ini"

story tap-missing 1 "tap-missing/story\\.ini:2: error: 'nothere\\.ogg' \\(tap of page 1\\) is not in the folder"
cp "$svg" "$dir/01.svg"; printf '[page 1]\ntap = 0.1,0.1,0.2,0.2 nothere.ogg\n' > "$dir/story.ini"

# A picture story.ini asks for that is not there: told against the line that asked.
story image-missing 1 "image-missing/story\\.ini:7: error: 'owl\\.png' \\(image of page 2\\) is not in the folder"
cp "$svg" "$dir/01.svg"
printf '[story]\ntitle = Owl\n\n# the owl\n\n[page 2]\nimage = owl.png\ntext = Hoo.\n' > "$dir/story.ini"

story huge-svg 0 'huge-svg: 1 page, no problems'
printf '<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000">' > "$dir/01.svg"
printf '<circle cx="50000" cy="50000" r="40000" fill="#fd8"/></svg>\n' >> "$dir/01.svg"

story pdf-cover 1 'pdf-cover/cover\.png: error: .*PDF'
cp "$svg" "$dir/01.svg"; printf '%%PDF-1.7\n' > "$dir/cover.png"

# ---- The terminal and the messages: names and settings with control
# characters, escape sequences and bidi controls are shown escaped; a
# story.ini that is not text is one error; folders and FIFOs with a page's
# name are named; messages say what is true. e2e_escape.sh also checks that
# no raw control byte of the escape-* cases reaches any output.
story escape-names 1 'escape-names/02-\\e\]0;owned\\x07\\e\[2J\\e\[H2 pages, no problems\\e\[K\.png: error: .*PDF'
cp "$svg" "$dir/01.svg"
printf '%%PDF-1.4\n' > "$dir/$(printf '02-\e]0;owned\a\e[2J\e[H2 pages, no problems\e[K.png')"
cp "$svg" "$dir/$(printf '03-\r\n\t\x7f\xc2\x9b31m.svg')"
cp "$svg" "$dir/$(printf '04-\xe2\x80\xaegnp.svg')"
printf '%%PDF-1.4\n' > "$dir/$(printf '05-\xff\xfe.png')"

story escape-ini 0 "escape-ini/story\\.ini:4: warning: unknown key '\\\\e\\[31mhodl'"
cp "$svg" "$dir/01.svg"
printf '[story]\ntitle = Moon\e[2J\a\xe2\x80\xae\nhodl\e[31mhodl = 3\n\e[31mhodl = 3\ntransition = fade\e[8m\n' > "$dir/story.ini"

story "$(printf 'escape-folder\e[2J\a')" 0 'escape-folder\\e\[2J\\x07: 1 page, no problems'
cp "$svg" "$dir/01.svg"

story binary-ini 1 'binary-ini/story\.ini: error: story\.ini is not text'
cp "$svg" "$dir/01.svg"; tail -c +3000 "$ogg" | head -c 4096 > "$dir/story.ini"

story nul-ini 1 'nul-ini/story\.ini: error: story\.ini is not text \(it holds NUL bytes'
cp "$svg" "$dir/01.svg"; printf '[story]\ntitle = Moon\0night\n' > "$dir/story.ini"

story latin1-ini 0 'latin1-ini/story\.ini: warning: the settings are not saved as UTF-8'
cp "$svg" "$dir/01.svg"; printf '[story]\ntitle = Caf\xe9 \xe0 la lune\n' > "$dir/story.ini"

story folder-as-page 0 'folder-as-page/02\.png: warning: is a folder, not a picture'
cp "$svg" "$dir/01.svg"; mkdir "$dir/02.png"; words 02.txt

story folder-in-ini 1 'folder-in-ini/pics/02\.png: error: this file is a folder, not a file'
cp "$svg" "$dir/01.svg"; mkdir -p "$dir/pics/02.png"; printf '[page 2]\nimage = pics/02.png\n' > "$dir/story.ini"

story folder-as-ini 0 'folder-as-ini/story\.ini: warning: is a folder, not the settings file'
cp "$svg" "$dir/01.svg"; mkdir "$dir/story.ini"

story fifo-as-recording 0 'fifo-as-recording/01\.ogg: warning: is a named pipe \(FIFO\), not a recording'
cp "$svg" "$dir/01.svg"; mkfifo "$dir/01.ogg"

story fifo-as-words 0 'fifo-as-words/01\.txt: warning: is a named pipe \(FIFO\), not a words file'
cp "$svg" "$dir/01.svg"; mkfifo "$dir/01.txt"

story fifo-as-ini 0 'fifo-as-ini/story\.ini: warning: is a named pipe \(FIFO\), not the settings file'
cp "$svg" "$dir/01.svg"; mkfifo "$dir/story.ini"

story four-digits 1 "four-digits/0001\\.png: error: page numbers have 1 to 3 digits, and '0001' has 4"
cp "$svg" "$dir/01.svg"; cp "$png" "$dir/0001.png"

story minus-one 0 'minus-one/-1\.png: warning: this file is not used as a page, because its name does not start with a number'
cp "$svg" "$dir/01.svg"; cp "$png" "$dir/-1.png"

story page-zero 1 'page-zero/00\.png: error: there is no page 0'
cp "$svg" "$dir/01.svg"; cp "$png" "$dir/00.png"

story ini-page-minus 1 "ini-page-minus/story\\.ini:1: error: '\\[page -1\\]' is not a page section: page sections are \\[page N\\] with N a number from 1 to 999"
cp "$svg" "$dir/01.svg"; printf '[page -1]\ntext = Before the first page.\n' > "$dir/story.ini"

story ini-page-abc 1 "ini-page-abc/story\\.ini:1: error: '\\[page abc\\]' is not a page section"
cp "$svg" "$dir/01.svg"; printf '[page abc]\ntext = Which page?\n[page 0]\n[page 1000]\n' > "$dir/story.ini"

story folder-loop 1 'folder-loop: error: this story folder cannot be read \(too many levels of symbolic links\)'
rmdir "$dir"; ln -s folder-loop "$dir"

if [ "$(id -u)" -ne 0 ]; then
    story unreadable-folder 1 'unreadable-folder: error: this story folder cannot be read \(permission denied\)'
    cp "$svg" "$dir/01.svg"; chmod 000 "$dir"
else
    echo "make-bad-corpus: skipped unreadable-folder: running as root, which reads any folder"
fi

story megabyte-words 0 'megabyte-words/01\.txt: warning: the words for page 1 are very long \(1048576 characters\); only the first 2000 are shown'
{ head -c 1048576 /dev/zero | tr '\0' 'a' | fold -w 7 | tr '\n' ' ' | head -c 1048575
  printf 'z'; } > "$dir/01.txt"

story megabyte-ini-text 0 'megabyte-ini-text/story\.ini:[0-9][0-9]*: warning: the words for page 1 are very long'
cp "$svg" "$dir/01.svg"
{ printf '[page 1]\ntext = '; head -c 1000000 /dev/zero | tr '\0' 'o'; printf '\n'; } > "$dir/story.ini"
