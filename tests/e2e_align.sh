# Read along in the parent's voice: pages spoken by festival (not espeak-ng, the
# aligner's own voice), slowed, with pauses, hiss, reverb and a cough and a
# restart, are said into `hushabye-story record` through SDL's disk audio driver;
# the .vtt that appears must line up with festival's own word timings
# (bench/align_eval.py: median under 50 ms, 95% within 160 ms), one cue per
# word, in order, inside the audio. A page imported is timed as it is saved.
# Then `hushabye-story align` on a folder:
# a hand-made .vtt left alone without --force, replaced with it, a language
# espeak-ng has no voice for spread by syllables and said so, a page the story
# does not have refused, a damaged recording named.
. "$(dirname "$0")/lib_e2e.sh"

within() { awk -v v="$1" -v hi="$2" 'BEGIN { exit !(v + 0 < hi + 0) }'; }
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d$2)" "$1"; }

# 1. Recorded through the microphone (disk driver), timed by the recorder.
python3 "$SRC/bench/align_eval.py" "$STORYTOOL" --quick --record --json "$WORK/rec.json" \
    --keep "$WORK/rec" >"$WORK/rec.out" 2>&1
cat "$WORK/rec.out"
check "every recorded page was timed, its cues the page's words, in order, inside the audio" \
    test "$(field "$WORK/rec.json" "['problems']")" = "[]" -a \
    "$(field "$WORK/rec.json" "['pages']")" = 4
med=$(field "$WORK/rec.json" "['en']['median_ms']")
p95=$(field "$WORK/rec.json" "['en']['p95_ms']")
check "recorded: the median error of word starts is under 50 ms (got $med)" within "$med" 50
check "recorded: 95% of word starts are within 160 ms (got $p95)" within "$p95" 160

# 2. The same pages timed by `align` from the files.
python3 "$SRC/bench/align_eval.py" "$STORYTOOL" --quick --json "$WORK/align.json" \
    --keep "$WORK/al" >"$WORK/align.out" 2>&1
cat "$WORK/align.out"
med=$(field "$WORK/align.json" "['en']['median_ms']")
check "align: the median error of word starts is under 50 ms (got $med)" within "$med" 50
p95=$(field "$WORK/align.json" "['en']['p95_ms']")
check "align: 95% of word starts are within 160 ms, the restart's too (got $p95)" \
    within "$p95" 160
check "align: no problem with any page" test "$(field "$WORK/align.json" "['problems']")" = "[]"
# A quick reading in a take that runs on 5 s in the room's hiss: its last
# words lit with the voice, not in the hiss after it (before the take was
# warped over its voiced span only, 10 of its 25 words were 0.2 to 1.3 s late).
p95=$(field "$WORK/align.json" "['tail']['p95_ms']")
late=$(field "$WORK/align.json" "['tail']['late_over_150ms']")
check "align: a take stopped late has 95% of its word starts within 160 ms (got $p95)" \
    within "$p95" 160
check "align: and no word of it lit more than 150 ms late (got $late)" test "$late" -eq 0

# 3. A recording made elsewhere, imported: its words are timed as it is saved.
imp="$WORK/imported"
mkdir -p "$imp" "$WORK/phone"
cp "$WORK/al/page00-slt/01.txt" "$imp/01.txt"
cp "$WORK/al/page00-slt/01.wav" "$WORK/phone/1 owl.wav"
"$STORYTOOL" import "$imp" "$WORK/phone/1 owl.wav" >"$WORK/imp.out" 2>&1
check "import saves the recording as page 1" test $? -eq 0 -a -s "$imp/01.wav"
check "and says its words were timed" grep -q "page 1: timed 18 words" "$WORK/imp.out"
check "in a 01.vtt made by the aligner, one cue per word" \
    test "$(sed -n 3p "$imp/01.vtt")" = "NOTE made by hushabye-story align" -a \
    "$(grep -c -- '-->' "$imp/01.vtt")" -eq 18
check "its cues in order" awk -F' --> ' '/-->/ { split($1, t, ":"); s = t[1] * 60 + t[2];
    if (s < last) bad = 1; last = s } END { exit bad }' "$imp/01.vtt"

# 4. The subcommand's rules.
story="$WORK/story"
mkdir -p "$story"
cp "$WORK/rec/page00-slt/01.wav" "$story/01.wav"
cp "$WORK/rec/page00-slt/01.txt" "$story/01.txt"
printf 'WEBVTT\n\n00:00.500 --> 00:01.000\nThe\n' > "$story/01.vtt"
cp "$story/01.vtt" "$WORK/hand.vtt"
"$STORYTOOL" align "$story" >"$WORK/a1.out" 2>&1
check "align exits 0 when a hand-made .vtt is kept" test $? -eq 0
check "and says the hand-made file was left as it is" grep -q "made by hand; left as it is" \
    "$WORK/a1.out"
check "and leaves it byte for byte" cmp -s "$story/01.vtt" "$WORK/hand.vtt"
"$STORYTOOL" align "$story" --force >"$WORK/a2.out" 2>&1
check "--force replaces it" grep -q "NOTE made by hushabye-story align" "$story/01.vtt"
check "and keeps the hand-made one, set aside byte for byte" \
    cmp -s "$story/.set-aside-01.vtt" "$WORK/hand.vtt"
check "saying where ($(grep 'set aside' "$WORK/a2.out"))" \
    grep -q "your own 01.vtt is kept, set aside as the hidden file .set-aside-01.vtt" "$WORK/a2.out"
check "and says how many words were timed" grep -q "page 1: timed 18 words" "$WORK/a2.out"
check "no temporary file is left" \
    test "$(ls -A "$story" | tr '\n' ' ')" = ".set-aside-01.vtt 01.txt 01.vtt 01.wav "
"$STORYTOOL" align "$story" >/dev/null 2>&1
check "its own .vtt is replaced without --force" test $? -eq 0
"$STORYTOOL" check "$story" >"$WORK/check.out" 2>&1
check "the checker finds nothing wrong with the timed words" test $? -eq 0
"$HUSHABYE" --clock virtual --trace "$WORK/play.txt" --exit-when-dark 0 --size 320x200 \
    "$story" 2>/dev/null
check "the player plays the page" grep -q "narration-start n=1" "$WORK/play.txt"

printf '[story]\nlanguage = tlh\n' > "$story/story.ini"
"$STORYTOOL" align "$story" >"$WORK/a3.out" 2>&1
check "a language with no voice still gets its words timed" test $? -eq 0
check "and the parent is told why they were spread by syllables" \
    grep -q "espeak-ng has no voice for the language 'tlh', so the words were spread" \
    "$WORK/a3.out"
check "one cue per word there too" test "$(grep -c -- '-->' "$story/01.vtt")" -eq 18

printf '[story]\nlanguage = ../../../etc/passwd\n' > "$story/story.ini"
"$STORYTOOL" align "$story" >"$WORK/a3b.out" 2>&1
check "a language that is not a language code never reaches espeak-ng as a file name" \
    grep -q "no voice for the language '(not a language code)'" "$WORK/a3b.out"
rm "$story/story.ini"

"$STORYTOOL" align "$story" --page 7 >/dev/null 2>"$WORK/a4.err"
check "a page the story does not have is refused" test $? -eq 1
check "in plain words" grep -q "has no page 7" "$WORK/a4.err"

head -c 3000 "$story/01.wav" > "$story/02.wav"
printf 'Cut short.\n' > "$story/02.txt"
"$STORYTOOL" align "$story" --page 2 >/dev/null 2>"$WORK/a5.err"
check "a damaged recording fails" test $? -eq 1
check "naming the page and the file" grep -q "page 2: 02.wav: cannot time its words" \
    "$WORK/a5.err"
# A page is timed the same alone as among the others: each reading of the
# words is espeak-ng's first (in a process of its own), so what was read
# before it cannot move its timings.
cp -r "$SRC/stories/sleepy-farm" "$WORK/run"
cp -r "$SRC/stories/sleepy-farm" "$WORK/alone"
"$STORYTOOL" align "$WORK/run" --force >/dev/null 2>&1
for p in 8 3 1 6 2 7 4 5; do
    "$STORYTOOL" align "$WORK/alone" --page "$p" --force >/dev/null 2>&1
done
differ=$(cd "$WORK/run" && for f in 0?.vtt; do cmp -s "$f" "../alone/$f" || printf '%s ' "$f"; done)
check "the bundled story's 8 pages are timed alike alone, in another order, and in one run (differ: ${differ:-none})" \
    test -z "$differ" -a "$(ls "$WORK/run"/0?.vtt | wc -l)" -eq 8 -a \
    "$(grep -l "NOTE made by hushabye-story align" "$WORK/alone"/0?.vtt | wc -l)" -eq 8
# Words espeak-ng crashes on, or spins on, fail that reading alone: the
# page's words are spread by syllables and the parent told, and align goes
# on to the next page (HUSHABYE_SYNTH_FAULT stands in for espeak-ng; a hang
# is given up after 1 s instead of SYNTH_WAIT_SECONDS).
for fault in crash hang; do
    t0=$(date +%s)
    HUSHABYE_SYNTH_FAULT=$fault "$STORYTOOL" align "$WORK/alone" --page 2 --force \
        >"$WORK/fault.out" 2>&1
    status=$?
    t1=$(date +%s)
    check "a reading that ends in a $fault still times the page (exit $status: $(cat "$WORK/fault.out"))" \
        sh -c 'test "$1" -eq 0 && grep -q "page 2: timed 21 words" "$2" &&
               grep -q "the synthetic voice could not read the words, so the words were spread" "$2"' \
        _ "$status" "$WORK/fault.out"
    check "within seconds ($((t1 - t0)) s), no reading left running" \
        sh -c 'test "$1" -lt 20 && ! pgrep -f "align $2" >/dev/null' _ "$((t1 - t0))" "$WORK/alone"
done
# A .vtt story.ini names through a link (a subfolder that is a link out of
# the story) is never written: the parent's file out there is left byte for
# byte, and the page says why. And a hand-made .vtt too big to read is not
# known to be ours: align keeps it, --force sets it aside, neither loses it.
linked="$WORK/linked"
mkdir -p "$linked" "$WORK/outside"
cp "$SRC/stories/sleepy-farm/01.ogg" "$SRC/stories/sleepy-farm/01.txt" "$linked/"
printf 'WEBVTT\n\nNOTE somebody else\x27s file\n' > "$WORK/outside/notes.vtt"
cp "$WORK/outside/notes.vtt" "$WORK/outside.before"
ln -s "$WORK/outside" "$linked/sub"
printf '[page 1]\nnarration = 01.ogg\nvtt = sub/notes.vtt\n' > "$linked/story.ini"
"$STORYTOOL" align "$linked" --force >"$WORK/linked.out" 2>&1
check "a .vtt named through a link out of the story is not written ($(cat "$WORK/linked.out"))" \
    sh -c 'cmp -s "$1/outside/notes.vtt" "$1/outside.before" && test "$(ls -A "$1/outside")" = notes.vtt &&
           grep -q "sub/notes.vtt is a link or not a plain file in the story folder" "$2"' \
    _ "$WORK" "$WORK/linked.out"
rm "$linked/sub" "$linked/story.ini"
python3 -c "import sys; open(sys.argv[1], 'w').write('WEBVTT\n\n' + '00:00.000 --> 00:01.000\nword\n\n' * 120000)" \
    "$linked/01.vtt"
cp "$linked/01.vtt" "$WORK/big.before"
"$STORYTOOL" align "$linked" >"$WORK/big.out" 2>&1
check "a hand-made .vtt too big to read is kept by align ($(cat "$WORK/big.out"))" \
    sh -c 'cmp -s "$1/01.vtt" "$2" && grep -q "01.vtt was made by hand; left as it is" "$3"' \
    _ "$linked" "$WORK/big.before" "$WORK/big.out"
"$STORYTOOL" align "$linked" --force >"$WORK/big2.out" 2>&1
check "and set aside whole by --force ($(cat "$WORK/big2.out"))" \
    sh -c 'cmp -s "$1/.set-aside-01.vtt" "$2" && grep -q "NOTE made by hushabye-story align" "$1/01.vtt"' \
    _ "$linked" "$WORK/big.before"
# A new take on a page whose recording or timed words story.ini names: the
# take is not timed to the recording story.ini still plays, and timed words
# story.ini names, made by hand for the take before, are said to be stale.
named="$WORK/named"
mkdir -p "$named"
cp "$SRC/stories/sleepy-farm/01.txt" "$named/"
cp "$SRC/stories/sleepy-farm/01.ogg" "$named/owl.ogg"
sox "$SRC/stories/sleepy-farm/01.ogg" -r 48000 -c 1 -b 16 "$WORK/take.wav"
printf '[page 1]\nnarration = owl.ogg\n' > "$named/story.ini"
"$STORYTOOL" import "$named" --page 1 "$WORK/take.wav" >"$WORK/named.out" 2>&1
check "a take on a page story.ini plays another recording for is not timed to that one ($(cat "$WORK/named.out"))" \
    sh -c 'test ! -e "$1/01.vtt" && grep -q "its words are not timed yet (they would be timed to .owl.ogg.)" "$2" &&
           grep -q "story.ini says page 1 plays .owl.ogg." "$2"' _ "$named" "$WORK/named.out"
printf 'WEBVTT\n\n00:00.000 --> 00:01.000\nmine\n' > "$named/mine.vtt"
printf '[story]\n[page 1]\nvtt = mine.vtt\n' > "$named/story.ini"
"$STORYTOOL" import "$named" --page 1 "$WORK/take.wav" >"$WORK/named2.out" 2>&1
check "and timed words story.ini names, made by hand, are said to be the old take's ($(cat "$WORK/named2.out"))" \
    sh -c 'grep -q "story.ini (line 3) names .mine.vtt. for page 1.s timed words, made by hand for the recording before" "$1" &&
           grep -q "^mine$" "$2/mine.vtt"' _ "$WORK/named2.out" "$named"
# Words too long to show whole (over 2000 characters: the player shows the
# first part) are not timed: the recording reads them all, and the part shown
# would be stretched over it.
long="$WORK/long"
mkdir -p "$long"
cp "$SRC/stories/sleepy-farm/01.ogg" "$long/"
for i in $(seq 40); do cat "$SRC/stories/sleepy-farm/01.txt"; done | tr '\n' ' ' > "$long/01.txt"
"$STORYTOOL" align "$long" >"$WORK/long.out" 2>&1
status=$?
check "a page whose words are cut to be shown is not timed, and says why (exit $status: $(cat "$WORK/long.out"))" \
    sh -c 'test "$1" -eq 1 && test ! -e "$2/01.vtt" &&
           grep -q "only the first 2000 are shown, so they cannot be matched with the whole recording" "$3"' \
    _ "$status" "$long" "$WORK/long.out"
# espeak-ng's own messages (one "No envelope" a character of a Chinese page)
# never reach the parent's terminal: the tool's own lines only.
zh="$WORK/zh"
mkdir -p "$zh"
cp "$SRC/stories/sleepy-farm/01.ogg" "$zh/"
python3 -c "print('月亮' * 600)" > "$zh/01.txt"
printf '[story]\nlanguage = cmn\n' > "$zh/story.ini"
"$STORYTOOL" align "$zh" >"$WORK/zh.out" 2>&1
check "a Chinese page's timing prints the tool's line alone ($(head -c 300 "$WORK/zh.out"))" \
    sh -c 'test "$(wc -l < "$1")" -le 2 && ! grep -q "envelope" "$1"' _ "$WORK/zh.out"
done_checks
