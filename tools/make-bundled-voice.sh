#!/bin/sh
# The bundled narration is a text-to-speech stand-in, made by this script from the page words.
# Hushabye is meant to speak in a parent's own voice: parents record over every page and the
# reassurance on the device, and their recordings replace these files.
#
# Regenerates NN.ogg from NN.txt for every page of every bundled story, and the reassurance
# voice from assets/reassurance/words.txt. The result is slow, soft and levelled: tempo 0.9,
# about -18 dBFS RMS with peaks below -1 dBFS, 10 ms fades, 0.3 s of silence at each end,
# mono 24 kHz Ogg Vorbis at quality 1 (about 35 KB for a page of three lines, so four stories
# stay small in the repository; the first story's pages were made at quality 3).
#
# Beside each page's NN.ogg it writes NN.vtt, the timed words for the read-along highlight: one
# cue per word of NN.txt, the cue's text being the word exactly as written there (with its
# punctuation, "moon,"), timed from festival's own segment timings and carried through the
# same tempo change, edge trimming and padding as the audio.
#
# Usage: tools/make-bundled-voice.sh [--vtt-only] [story-folder...]
#        (default: every folder in stories/, and then the closing words; given folders, only
#        their pages, so a new story is voiced without touching the others' files)
#   --vtt-only  write only the pages' NN.vtt and leave every .ogg as it is. The words are spoken
#               again to time them, and a page whose NN.ogg is not the length this script would
#               make from its NN.txt (it was recorded over, or the text changed) is refused.
set -eu

VOICE=voice_cmu_us_slt_arctic_hts
TARGET_RMS_DB=-18
PEAK_LIMIT_DB=-1.5
TEMPO=0.9          # sox tempo factor: every time in the synthesis is divided by it
PAD=0.3            # seconds of silence added at each end
RATE=24000
QUALITY=1          # oggenc -q: speech at 24 kHz mono needs no more (about 36 kbit/s)

here=$(cd "$(dirname "$0")/.." && pwd)

need() {
    missing=""
    for tool in festival text2wave sox soxi oggenc; do
        command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
    done
    if [ -n "$missing" ]; then
        echo "make-bundled-voice: missing:$missing" >&2
        echo "make-bundled-voice: install with: sudo apt-get install festival festvox-us-slt-hts sox libsox-fmt-all vorbis-tools" >&2
        exit 1
    fi
    if ! echo "($VOICE)" | festival --pipe >/dev/null 2>&1; then
        echo "make-bundled-voice: festival voice $VOICE is missing" >&2
        echo "make-bundled-voice: install with: sudo apt-get install festvox-us-slt-hts" >&2
        exit 1
    fi
}

vtt_only=0
if [ "${1:-}" = "--vtt-only" ]; then
    vtt_only=1
    shift
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# synth TEXT-FILE: the words spoken, slowed and trimmed, in $tmp/slow.wav (and $tmp/raw.wav).
synth() {
    # One line of words; festival reads the file as plain text.
    tr '\n\r' '  ' <"$1" >"$tmp/words.txt"
    text2wave -scale 0.5 -eval "($VOICE)" -o "$tmp/raw.wav" "$tmp/words.txt" >/dev/null 2>&1
    # Slow down, drop the rumble, trim the synthesiser's own edges, resample to mono 24 kHz.
    # (-scale 0.5 above: the synthesiser clips its own loud syllables at full scale.)
    sox "$tmp/raw.wav" -r $RATE -c 1 -b 16 "$tmp/slow.wav" \
        highpass 60 tempo -s $TEMPO \
        silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse
}

# speak TEXT-FILE OUT-OGG: synthesise, slow down, level, pad, encode.
speak() {
    text=$1 out=$2
    synth "$text"
    # Tame the odd loud syllable (normalised, then a soft 2:1 above -16 dB with look-ahead) so that levelling
    # to the target is not held back by one peak; then pad and fade.
    sox "$tmp/slow.wav" "$tmp/soft.wav" \
        norm -1 compand 0.002,0.12 6:-80,-80,-16,-16,0,-8 0 -80 0.005 \
        fade t 0.01 -0 0.01 pad $PAD $PAD
    # Level to the target RMS (of the whole file, as it will be heard), then bring the peak
    # under the limit if it went over.
    rms=$(sox "$tmp/soft.wav" -n stats 2>&1 | awk '/^RMS lev dB/ {print $4}')
    pk=$(sox "$tmp/soft.wav" -n stats 2>&1 | awk '/^Pk lev dB/ {print $4}')
    gain=$(awk -v r="$rms" -v p="$pk" -v t="$TARGET_RMS_DB" -v l="$PEAK_LIMIT_DB" \
        'BEGIN { g = t - r; if (p + g > l) g = l - p; printf "%.2f", g }')
    sox "$tmp/soft.wav" "$tmp/level.wav" gain "$gain"
    oggenc -Q -q $QUALITY -o "$out" "$tmp/level.wav"
    echo "$out: $(soxi -D "$out" | awk '{printf "%.1f s", $1}'), gain ${gain} dB"
}

# word_times TEXT-FILE OUT-TSV: festival speaks the words again, exactly as text2wave does (the same
# tokenising and the same utterances, one per sentence, joined end to end), and writes a line per
# token, "T<tab>n<tab>token", and per word, "W<tab>n<tab>word<tab>start<tab>end" (n: its token;
# seconds from the start of raw.wav: the word's first segment's start and its last segment's end;
# both 0 for a word with no sounds), and last "N<tab>samples<tab>rate" of the whole wave.
word_times() {
    cat >"$tmp/times.scm" <<EOF
($VOICE)
(defvar hb_samples 0)
(defvar hb_ntok 0)
(define (hb_times utt)
  (let ((info (wave.info (utt.wave utt))) (off 0) (tok nil))
    (set! off (/ hb_samples (get_param 'sample_rate info 16000)))
    (set! tok (utt.relation.first utt 'Token))
    (while tok
      (set! hb_ntok (+ hb_ntok 1))
      (item.set_feat tok "hb_tok" hb_ntok)
      (format t "T\t%d\t%s\n" hb_ntok (item.name tok))
      (set! tok (item.next tok)))
    (mapcar
     (lambda (w)
       (format t "W\t%s\t%s\t%f\t%f\n" (item.feat w "R:Token.parent.hb_tok") (item.name w)
               (+ off (item.feat w "R:SylStructure.daughter1.daughter1.segment_start"))
               (+ off (item.feat w "R:SylStructure.daughtern.daughtern.end"))))
     (utt.relation.items utt 'Word))
    (set! hb_samples (+ hb_samples (get_param 'num_samples info 0)))
    (set! hb_rate (get_param 'sample_rate info 0))
    utt))
(defvar hb_rate 0)
(set! tts_hooks (list utt.synth hb_times))
(tts_file "$tmp/words.txt" nil)
(format t "N\t%d\t%d\n" hb_samples hb_rate)
EOF
    festival -b "$tmp/times.scm" >"$2" 2>"$tmp/festival.err" || {
        cat "$tmp/festival.err" >&2
        echo "make-bundled-voice: festival could not time the words of $1" >&2
        exit 1
    }
}

# timed_words TEXT-FILE OUT-VTT [OGG]: NN.vtt for the words of TEXT-FILE, after synth has made
# $tmp/raw.wav and $tmp/slow.wav from it. With OGG (--vtt-only), first check that OGG is what
# this script makes from these words, so the timings fit the recording that is played.
#
# Where a moment of raw.wav ends up in the .ogg, step by step along the sox chain in synth and
# speak: highpass, rate and channels keep time; "tempo -s $TEMPO" divides it by $TEMPO; the first
# "silence" cuts LEAD seconds off the start (measured below: the slowed sound with and without
# it); the trailing "silence" (between the reverses) only shortens the end; norm, compand (its
# look-ahead does not shift the sound: checked with a tone), fade and gain keep time; "pad" adds $PAD s
# in front; oggenc keeps every sample. So ogg = $PAD + clamp(raw / $TEMPO - LEAD, 0, SLOW), with
# SLOW the length of slow.wav, where the sound stops.
timed_words() {
    text=$1 vtt=$2 ogg=${3:-}
    slow=$(soxi -s "$tmp/slow.wav")
    if [ -n "$ogg" ]; then
        [ -f "$ogg" ] || { echo "make-bundled-voice: $ogg: missing (run without --vtt-only)" >&2; exit 1; }
        have=$(soxi -s "$ogg") have_rate=$(soxi -r "$ogg")
        if ! awk -v h="$have" -v hr="$have_rate" -v s="$slow" -v r=$RATE -v p=$PAD \
            'BEGIN { d = h / hr - (s / r + 2 * p); exit !(d < 0.02 && d > -0.02) }'; then
            echo "make-bundled-voice: $ogg is $(soxi -D "$ogg") s, but its words make" \
                 "$(awk -v s="$slow" -v r=$RATE -v p=$PAD 'BEGIN { printf "%.6f", s / r + 2 * p }') s:" \
                 "it was not made from $text by this script; run without --vtt-only" >&2
            exit 1
        fi
    fi
    sox "$tmp/raw.wav" -r $RATE -c 1 -b 16 "$tmp/full.wav" highpass 60 tempo -s $TEMPO
    sox "$tmp/raw.wav" -r $RATE -c 1 -b 16 "$tmp/lead.wav" highpass 60 tempo -s $TEMPO \
        silence 1 0.02 0.5%
    lead=$(( $(soxi -s "$tmp/full.wav") - $(soxi -s "$tmp/lead.wav") ))
    raw_samples=$(soxi -s "$tmp/raw.wav")
    word_times "$text" "$tmp/times.tsv"
    # One cue per word of the text, in order: the n-th festival token is the n-th word between
    # spaces (festival splits its tokens at white space and keeps punctuation beside them). A token
    # spoken as several words ("1990") spans them; one with no sound ("-") gets no cue. WebVTT
    # would have "&" and "<" written as entities, but the player finds a cue's text in the page
    # words as it is, so the words are written unchanged; a word holding "-->" is left out.
    awk -F '\t' -v tempo=$TEMPO -v pad=$PAD -v rate=$RATE \
        -v lead="$lead" -v slow="$slow" -v raw="$raw_samples" -v name="$text" -v vtt="$vtt" \
        -v words="$tmp/words.txt" '
        function stamp(t,   ms) {
            ms = int(t * 1000 + 0.5)
            return sprintf("%02d:%02d.%03d", int(ms / 60000), int(ms / 1000) % 60, ms % 1000)
        }
        function place(t) {
            t = t / tempo - lead / rate
            if (t < 0) t = 0
            if (t > slow / rate) t = slow / rate
            return pad + t
        }
        FILENAME == words { for (i = 1; i <= split($0, part, /[ \t]+/); i++) if (part[i] != "") word[++nwords] = part[i]; next }
        $1 == "T" { ntok = $2 }
        $1 == "W" && $5 > $4 {
            if (!($2 in from) || $4 < from[$2]) from[$2] = $4
            if (!($2 in to) || $5 > to[$2]) to[$2] = $5
        }
        $1 == "N" { samples = $2 }
        END {
            if (samples != raw) {
                printf "make-bundled-voice: %s: festival spoke %d samples to time the words, text2wave %d\n", name, samples, raw > "/dev/stderr"
                exit 1
            }
            if (ntok != nwords) {
                printf "make-bundled-voice: %s: festival read %d words, the text has %d\n", name, ntok, nwords > "/dev/stderr"
                exit 1
            }
            print "WEBVTT"
            for (n = 1; n <= ntok; n++) {
                if (!(n in from) || index(word[n], "-->")) continue
                a = place(from[n]); b = place(to[n])
                if (b - a < 0.001) continue
                printf "\n%s --> %s\n%s\n", stamp(a), stamp(b), word[n]
                cues++
            }
            printf "%s: %d cues\n", vtt, cues > "/dev/stderr"
        }' "$tmp/words.txt" "$tmp/times.tsv" >"$tmp/out.vtt"
    mv "$tmp/out.vtt" "$vtt"
}

need

closing=0
if [ $# -eq 0 ]; then
    set -- "$here"/stories/*/
    closing=1
fi

for story in "$@"; do
    story=${story%/}
    for text in "$story"/[0-9]*.txt; do
        [ -f "$text" ] || continue
        if [ $vtt_only = 1 ]; then
            synth "$text"
            timed_words "$text" "${text%.txt}.vtt" "${text%.txt}.ogg"
        else
            speak "$text" "${text%.txt}.ogg"
            timed_words "$text" "${text%.txt}.vtt"
        fi
    done
done

words="$here/assets/reassurance/words.txt"
if [ $vtt_only = 0 ] && [ $closing = 1 ] && [ -f "$words" ]; then
    speak "$words" "$here/assets/reassurance/voice.ogg"
fi
