#!/usr/bin/env bash
# End-to-end test of the hidden folders import-book builds a story in
# (".NAME.import-PID-XXXXXX"): one left by an import that was killed half-way
# (SIGXFSZ at its first picture, under ulimit -f) carries that import's PID,
# and the next import into the same folder removes it and any other such
# folder whose process is gone and that has not been touched for minutes;
# everything else is left exactly as it was: a folder whose process lives
# (this script's), a recent one, names only like one, a file named like one,
# a link named like one and what it points to, a link inside a stale folder
# and what it points to, a folder inside a stale folder, such a folder in
# another folder than the target's, and a story.
set -u
source "$(dirname "$0")/lib_e2e.sh"

S="$WORK/stories"
victim="$WORK/victim"
mkdir -p "$S/owl" "$victim" "$WORK/other"
printf '[story]\ntitle = Owl\n' >"$S/owl/story.ini"
echo "keep me" >"$victim/keep.txt"

# A one-page EPUB whose picture (a noisy PNG) is far larger than 1 KB.
if ! "$MKPICTURE" png "$WORK/p.png" 320 240 noise >/dev/null 2>&1 ||
   ! python3 - "$WORK/p.png" "$WORK/book.epub" <<'EOF'
import sys, zipfile
png, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip")
    z.writestr("META-INF/container.xml", b"""<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>
<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles></container>""")
    z.writestr("OEBPS/content.opf", b"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Stale</dc:title>
<dc:language>en</dc:language><dc:identifier id="id">s1</dc:identifier></metadata>
<manifest><item id="p" href="p.xhtml" media-type="application/xhtml+xml"/>
<item id="i" href="p.png" media-type="image/png"/></manifest>
<spine><itemref idref="p"/></spine></package>""")
    z.writestr("OEBPS/p.xhtml", b"""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>p</title></head>
<body><img src="p.png"/><p>The owl sleeps.</p></body></html>""")
    z.write(png, "OEBPS/p.png")
EOF
then
    echo "FAILED: the test book could not be made"
    exit 1
fi

# ---- an import killed half-way leaves its hidden folder, named with its PID
{ bash -c 'echo $$ >"$1"; ulimit -f 1; exec "$2" import-book "$3" "$4"' _ "$WORK/killed.pid" \
    "$STORYTOOL" "$WORK/book.epub" "$S/killed" >/dev/null 2>&1; } 2>/dev/null
rc=$?
killed=$(cat "$WORK/killed.pid")
check "the import past ulimit -f is killed (SIGXFSZ, exit 153, got $rc)" test "$rc" -eq 153
check "the killed import left its hidden folder, named with its PID $killed" \
    bash -c "ls -a '$S' | grep -Eqx '\.killed\.import-$killed-[A-Za-z0-9]{6}'"
check "the killed import left no story" test ! -e "$S/killed"

# A PID no process has: a shell that has exited.
dead=
for _ in 1 2 3 4 5; do
    d=$(sh -c 'echo $$')
    if ! kill -0 "$d" 2>/dev/null; then dead=$d; break; fi
done
check "a PID of no process is found ($dead)" test -n "$dead"

mk() { # NAME [FILE...]: a folder under $S holding those files
    local dir="$S/$1"; shift
    mkdir -p "$dir"
    for f in "$@"; do echo x >"$dir/$f"; done
}
stale=".old.import-$dead-AbC123"
mk "$stale" 01.png story.ini
ln -s "$victim/keep.txt" "$S/$stale/link-out"
mk ".nest.import-$dead-QwE456"
mkdir -p "$S/.nest.import-$dead-QwE456/sub"
echo x >"$S/.nest.import-$dead-QwE456/sub/keep.txt"
echo x >"$S/.nest.import-$dead-QwE456/beside.txt"
mk ".live.import-$$-AbC123" 01.png
mk ".fresh.import-$dead-AbC123" 01.png
kept_names=(".odd.import-$dead-AbC12" ".zero.import-0$dead-AbC123" ".older.import-AbC123"
            "..import-$dead-AbC123" "x.import-$dead-AbC123" ".long.import-$dead-AbC1234")
for n in "${kept_names[@]}"; do mk "$n" 01.png; done
ln -s "$victim" "$S/.link.import-$dead-XyZ789"
echo x >"$S/.file.import-$dead-AbC123"
mkdir -p "$WORK/other/.o.import-$dead-AbC123"
# All of them untouched for an hour, but the recent one.
old=$(( $(date +%s) - 3600 ))
for f in "$S"/.*import-* "$S"/x.import-* "$S/.nest.import-$dead-QwE456/sub" \
         "$WORK/other/.o.import-$dead-AbC123"; do
    case "$f" in *".fresh.import-"*) continue ;; esac
    touch -h -d "@$old" "$f"
done
owl_before=$(ls -lA --time-style=full-iso "$S/owl"; cat "$S/owl/story.ini")

# ---- the next import into the folder sweeps
check "the next import into the folder succeeds (exit 0)" \
    "$STORYTOOL" import-book "$WORK/book.epub" "$S/new" >"$WORK/new.out" 2>"$WORK/new.err"
check "the new story is whole" test -f "$S/new/story.ini"
check "the new import left no hidden folder of its own" \
    bash -c "! ls -a '$S' | grep -q '^\.new\.import-'"
check "the killed import's hidden folder is removed (its PID $killed is gone)" \
    bash -c "! ls -a '$S' | grep -q '^\.killed\.import-'"
check "a stale hidden folder of a gone PID is removed" test ! -e "$S/$stale"
check "a link inside a stale folder was not followed: what it pointed to is kept" \
    grep -qx "keep me" "$victim/keep.txt"
check "a stale folder holding a folder is not descended into (its file is kept)" \
    test -f "$S/.nest.import-$dead-QwE456/sub/keep.txt"
check "nor emptied: the file beside that folder is kept too" \
    test -f "$S/.nest.import-$dead-QwE456/beside.txt"
check "a hidden folder whose PID is alive (this script's) is kept" \
    test -f "$S/.live.import-$$-AbC123/01.png"
check "a hidden folder touched minutes ago is kept, its PID gone or not" \
    test -f "$S/.fresh.import-$dead-AbC123/01.png"
for n in "${kept_names[@]}"; do
    check "a folder named only like one ('$n') is kept" test -f "$S/$n/01.png"
done
check "a link named like one is left a link, and its folder whole" \
    bash -c "test -L '$S/.link.import-$dead-XyZ789' && test -f '$victim/keep.txt'"
check "a file named like one is kept" test -f "$S/.file.import-$dead-AbC123"
check "a hidden folder in another folder than the target's is kept" \
    test -d "$WORK/other/.o.import-$dead-AbC123"
check "the story beside them is untouched" \
    test "$(ls -lA --time-style=full-iso "$S/owl"; cat "$S/owl/story.ini")" = "$owl_before"
mkdir "$S/empty"
"$STORYTOOL" import-book "$WORK/book.epub" "$S/empty" >/dev/null 2>&1
rc=$?
check "an existing empty folder is never replaced by an import (exit 1, got $rc)" \
    bash -c "test $rc -eq 1 && test -z \"\$(ls -A '$S/empty')\""
done_checks
