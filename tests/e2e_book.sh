#!/usr/bin/env bash
# End-to-end test of hushabye-story import-book: books made on the spot by
# make-books.py (a reflowable EPUB 2, an EPUB 3 fixed layout with media
# overlays, a Bloom book in two languages with per-sentence audio) each become
# a story that checks clean and plays to dark, with the narration's timings
# within 20 ms of the book's clips; hostile books (zip slip, absolute names,
# links, a zip bomb, the billion laughs, an external entity, a huge picture
# header, a missing OPF, not a zip) are refused with a plain reason, exit 1,
# and leave nothing behind, inside the target's folder or outside it.
set -u
source "$(dirname "$0")/lib_e2e.sh"

books="$WORK/books"
out="$WORK/out"
mkdir -p "$out"
if ! python3 "$SRC/tests/make-books.py" "$books" "$MKPICTURE" >"$WORK/make.log" 2>&1; then
    cat "$WORK/make.log" >&2
    echo "FAILED: the test books could not be made"
    exit 1
fi

play_to_dark() { # FOLDER TRACE
    timeout 60 "$HUSHABYE" --clock virtual --exit-when-dark 0 --trace "$2" "$1" >/dev/null 2>&1 &&
        grep -q " dark" "$2" && grep -q " quit" "$2"
}

# The .vtt cue lengths against the book's clips (BOOK.expect), within 20 ms,
# and the narration's length against their sum.
timings_match() { # FOLDER EXPECT
    python3 - "$1" "$2" <<'EOF'
import sys, wave
folder, expect = sys.argv[1], sys.argv[2]
def secs(t):
    h, m, s = t.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)
ok = True
for line in open(expect):
    page, *clips = line.split()
    clips = [float(c) for c in clips]
    cues = [l.split(" --> ") for l in open("%s/%02d.vtt" % (folder, int(page))) if "-->" in l]
    got = [secs(b) - secs(a) for a, b in cues]
    starts = [secs(a) for a, _ in cues]
    want_starts = [sum(clips[:i]) for i in range(len(clips))]
    w = wave.open("%s/%02d.wav" % (folder, int(page)))
    length = w.getnframes() / w.getframerate()
    if len(got) != len(clips) or any(abs(g - c) > 0.020 for g, c in zip(got, clips)) or \
       any(abs(s - t) > 0.020 for s, t in zip(starts, want_starts)) or \
       abs(length - sum(clips)) > 0.020:
        print("page %s: cues %s at %s, narration %.3f s; the book's clips %s" %
              (page, got, starts, length, clips), file=sys.stderr)
        ok = False
sys.exit(0 if ok else 1)
EOF
}

imported() { # BOOK FOLDER [options]: import, then check clean and play to dark
    local book=$1 folder=$2; shift 2
    check "$book is imported (exit 0)" "$STORYTOOL" import-book "$@" "$books/$book" "$folder" \
        >"$folder.out" 2>"$folder.err"
    check "$book's story checks with no errors" "$STORYTOOL" check "$folder" >/dev/null
    check "$book's story plays to dark" play_to_dark "$folder" "$folder.trace"
    check "no hidden build folder of $book is left" bash -c "! ls -a '$(dirname "$folder")' | grep -q '\.import-'"
}

# ---- a reflowable EPUB 2
imported reflow2.epub "$out/owl"
check "the EPUB 2 gives 5 pages: the words before the first picture, then one a picture" \
    test "$(ls "$out/owl" | grep -c '^0[0-9]\.txt$')" -eq 5
check "the border on every page, the tiny star and the publisher's logo are left out" \
    test "$(ls "$out/owl" | grep -c '^0[0-9]\.png$')" -eq 4
check "a page holds the words up to the next picture" \
    grep -qx "Her eyes are heavy." "$out/owl/02.txt"
check "the cover is the story's cover" test -s "$out/owl/cover.jpg"
check "the title, author and licence are in story.ini" \
    bash -c "grep -qx 'title = The Sleepy Owl' '$out/owl/story.ini' &&
             grep -qx 'author = Ana Writer' '$out/owl/story.ini' &&
             grep -qx 'licence = CC BY 4.0' '$out/owl/story.ini'"
check "the illustrator and publisher are in the credits" \
    grep -q "^credits = .*Pictures: Ben Painter.*Publisher: Free Books Press" "$out/owl/story.ini"
check "the report says pages, words, language and licence" \
    bash -c "grep -q 'pages: 5, words: ' '$out/owl.out' && grep -q 'language: en' '$out/owl.out' &&
             grep -q 'licence: CC BY 4.0' '$out/owl.out'"
check "info shows the credits and the licence" \
    bash -c "'$STORYTOOL' info '$out/owl' | grep -q '^licence: CC BY 4.0'"
# The credits are shown on the last page: its snapshot differs from the same
# story without them, while another page's does not.
snap() { # FOLDER PAGE OUT
    timeout 60 "$HUSHABYE" --clock virtual --exit-when-dark 0 --size 640x400 --snapshot "$3" \
        --snapshot-page "$2" "$1" >/dev/null 2>&1
}
cp -r "$out/owl" "$WORK/owl-nocredits"
sed -i '/^credits\|^licence/d' "$WORK/owl-nocredits/story.ini"
snap "$out/owl" 5 "$WORK/last.png"; snap "$WORK/owl-nocredits" 5 "$WORK/last-nocredits.png"
snap "$out/owl" 4 "$WORK/p4.png"; snap "$WORK/owl-nocredits" 4 "$WORK/p4-nocredits.png"
check "the last page shows the credits (its picture differs from the page without them)" \
    bash -c "test -s '$WORK/last.png' && test -s '$WORK/last-nocredits.png' &&
             ! cmp -s '$WORK/last.png' '$WORK/last-nocredits.png'"
check "a page before the last shows no credits" cmp -s "$WORK/p4.png" "$WORK/p4-nocredits.png"

# ---- an EPUB 3 fixed layout with media overlays
imported fixed3.epub "$out/moon"
check "the fixed layout gives one page per spine item, each with narration and timings" \
    bash -c "ls '$out/moon' | grep -c -E '^0[1-3]\.(png|wav|vtt)$' | grep -qx 9"
check "each page's picture is its largest (400x300, not the 64x64)" \
    bash -c "'$STORYTOOL' info '$out/moon' | grep -q 'page 1: picture 01.png (400x300)'"
check "the media overlay's clips and fragments line up within 20 ms" \
    timings_match "$out/moon" "$books/fixed3.epub.expect"
check "the first language of the book is the story's" grep -qx "language = sw" "$out/moon/story.ini"
check "the narration reads along: narration-start and narration-end for page 3" \
    bash -c "grep -q 'narration-start n=3' '$out/moon.trace' && grep -q 'narration-end n=3' '$out/moon.trace'"
imported fixed3.epub "$out/moon-en" --language en
check "--language en is written to story.ini" grep -qx "language = en" "$out/moon-en/story.ini"

# ---- a Bloom book with two languages and per-sentence audio
imported goat.bloompub "$out/goat"
check "the Bloom book's sentences and text-box segments line up within 20 ms" \
    timings_match "$out/goat" "$books/goat.bloompub.expect"
check "the Bloom book's words are in its first language" \
    grep -qx "The goat is tired. She lies down." "$out/goat/01.txt"
check "the picture's description is not read as the page's words" \
    not_grep "described" "$out/goat/01.txt"
check "the Bloom book's credits and licence are kept" \
    bash -c "grep -q '^credits = Copyright © 2020, Pratham Books. Story by Eve' '$out/goat/story.ini' &&
             grep -q '^licence = http://creativecommons.org/licenses/by/4.0/' '$out/goat/story.ini'"
imported goat.bloompub "$out/goat-fr" --language fr
check "--language fr gives the French words and title" \
    bash -c "grep -qx 'La chèvre est fatiguée. Elle se couche.' '$out/goat-fr/01.txt' &&
             grep -qx 'title = La petite chèvre dort' '$out/goat-fr/story.ini'"
check "French has no recording, so no narration is made up" \
    bash -c "! ls '$out/goat-fr' | grep -q wav"
check "a language the book does not have is refused with the ones it has" \
    bash -c "'$STORYTOOL' import-book --language de '$books/goat.bloompub' '$out/goat-de' 2>&1 >/dev/null |
             grep -q \"no words in 'de'; it has: en, fr\"; test \${PIPESTATUS[0]} -eq 1"

# ---- the default folder: the family's stories, named after the title
check "without FOLDER the story goes to the family's stories folder" \
    bash -c "'$STORYTOOL' import-book '$books/reflow2.epub' >/dev/null 2>&1 &&
             test -f '$XDG_DATA_HOME/hushabye/stories/the-sleepy-owl/story.ini'"
check "a second import of the same book goes beside the first, never over it" \
    bash -c "'$STORYTOOL' import-book '$books/reflow2.epub' >/dev/null 2>&1 &&
             test -f '$XDG_DATA_HOME/hushabye/stories/the-sleepy-owl-2/story.ini'"
check "an existing folder given is never overwritten (exit 1)" \
    bash -c "'$STORYTOOL' import-book '$books/reflow2.epub' '$out/owl' >/dev/null 2>&1; test \$? -eq 1"

# ---- hostile books: exit 1, a reason, nothing written anywhere
hostile() { # BOOK WORDS
    local err="$out/$1.err"
    "$STORYTOOL" import-book "$books/$1" "$out/h-$1" >/dev/null 2>"$err"
    local rc=$?
    check "$1 is refused (exit 1, got $rc)" test "$rc" -eq 1
    check "$1's refusal says: $2" grep -q "$2" "$err"
    check "$1 leaves no folder behind" bash -c "! ls -a '$out' | grep -q -e 'h-$1' -e '\.import-'"
}
hostile slip.epub "would lead outside the book"
hostile absolute.epub "would lead outside the book"
hostile backslash.epub "would lead outside the book"
hostile link.epub "is a link or a device"
hostile bomb.epub "zip bomb"
hostile laughs.epub "declares entities"
hostile xxe.epub "declares entities"
hostile hugepic.epub "100000x100000 pixels"
hostile noopf.epub "OEBPS/content.opf', named in META-INF/container.xml, is missing"
hostile notabook.epub "not a zip file"
check "nothing was written outside the target" \
    bash -c "! test -e '$WORK/evil.txt' && ! test -e '$books/../evil.txt' && ! test -e /tmp/hushabye-evil.txt"
if [ "${HUSHABYE_SANITIZED:-0}" != 1 ]; then
    peak=$("$PEAKRSS" "$STORYTOOL" import-book "$books/bomb.epub" "$out/bomb2" 2>&1 >/dev/null |
           sed -n 's/^peak_kb=//p')
    check "the zip bomb is refused in under 100 MB (${peak:-?} KB)" test "${peak:-999999}" -lt 102400
fi
check "no arguments is wrong usage (exit 2)" \
    bash -c "'$STORYTOOL' import-book >/dev/null 2>&1; test \$? -eq 2"
# A JPEG cut short in a book: copied in (it shows, damaged in places), and
# the parent told, naming the book and the picture.
"$MKPICTURE" jpeg "$WORK/whole.jpg" 800 600 noise
head -c 60000 "$WORK/whole.jpg" > "$WORK/cut.jpg"
python3 - "$WORK/cut.epub" "$WORK/cut.jpg" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="c.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
    z.writestr("c.opf", '<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title><dc:language>en</dc:language></metadata><manifest><item id="p" href="p.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="p"/></spine></package>')
    z.writestr("p.xhtml", '<html xmlns="http://www.w3.org/1999/xhtml"><body><img src="cut.jpg"/><p>Hello.</p></body></html>')
    z.write(sys.argv[2], "cut.jpg")
PY
"$STORYTOOL" import-book "$WORK/cut.epub" "$WORK/cut-story" >/dev/null 2>"$WORK/cut.err"
check "a book with a JPEG cut short is imported" test -f "$WORK/cut-story/01.jpg"
check "and the note names the book and the picture ($(cat "$WORK/cut.err"))" \
    grep -q "^hushabye-story: note: cut.epub: cut.jpg: warning: it is damaged in places" "$WORK/cut.err"
done_checks
