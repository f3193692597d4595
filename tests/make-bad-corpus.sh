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

story long-words 0 'long-words/01\.txt: warning: the words for page 1 are 2500 characters'
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

story phone-m4a 0 "phone-m4a/01\\.m4a: warning: this is a phone recording.*import 'phone-m4a' '01\\.m4a'"
cp "$svg" "$dir/01.svg"; printf '\0\0\0\x20ftypM4A \0\0\0\0M4A mp42isom\0\0\0\0' > "$dir/01.m4a"

story m4a-named-ogg 1 'm4a-named-ogg/01\.ogg: error: .*M4A.*hushabye-story import'
cp "$svg" "$dir/01.svg"; printf '\0\0\0\x20ftypM4A \0\0\0\0M4A mp42isom\0\0\0\0' > "$dir/01.ogg"

story empty-file 1 'empty-file/01\.png: error: .*empty file'
: > "$dir/01.png"; words 01.txt

story fifo 1 'fifo/pipe\.png: error'
mkfifo "$dir/01.png" "$dir/pipe.png"; words 01.txt
printf '[page 1]\nimage = pipe.png\n' > "$dir/story.ini"

story no-pages 1 'no-pages: error: this story has no pages'
printf '[story]\ntitle = Nothing here\n' > "$dir/story.ini"

story ini-garbage 0 'ini-garbage/story\.ini(:[0-9]+)?: warning'
cp "$png" "$dir/story.ini"; words 01.txt

story unknown-key 0 "unknown-key/story\\.ini:2: warning: unknown key 'hodl' \\(did you mean 'hold'\\?\\)"
cp "$svg" "$dir/01.svg"; printf '[story]\nhodl = 3\n' > "$dir/story.ini"

story tap-missing 1 'tap-missing/nothere\.ogg: error: this file is not there'
cp "$svg" "$dir/01.svg"; printf '[page 1]\ntap = 0.1,0.1,0.2,0.2 nothere.ogg\n' > "$dir/story.ini"

story huge-svg 0 'huge-svg: 1 page, no problems'
printf '<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000">' > "$dir/01.svg"
printf '<circle cx="50000" cy="50000" r="40000" fill="#fd8"/></svg>\n' >> "$dir/01.svg"

story pdf-cover 1 'pdf-cover/cover\.png: error: .*PDF'
cp "$svg" "$dir/01.svg"; printf '%%PDF-1.7\n' > "$dir/cover.png"
