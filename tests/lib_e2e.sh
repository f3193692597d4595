# Shared by the end-to-end tests (e2e_*.sh): arguments, a fresh work folder, and checks
# that print what they verify. Sourced, not run.
HUSHABYE=$1
STORYTOOL=$2
SRC=$3
WORK=$4
IMGDIFF=$5
rm -rf "$WORK"
# Each test has a home of its own: tests run in parallel and must not see
# each other's family files.
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/data" XDG_CONFIG_HOME="$WORK/home/config"
mkdir -p "$WORK" "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
# ... and sees no presets or shared stories of the machine's (an installed
# package's /usr/share/hushabye/stories, a kiosk image's /etc/xdg): a test
# that wants them sets these two itself.
export XDG_CONFIG_DIRS="$WORK/xdg-config" XDG_DATA_DIRS="$WORK/xdg-data"
passed=0
failed=0

check() { # check "what is checked" command...
    local what=$1; shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAILED: $what" >&2
    fi
}

# How many stories come with Hushabye (stories/), and the first on the shelf
# (the bundled ones are in their folders' order, after the family's).
BUNDLED=$(find "$SRC/stories" -mindepth 1 -maxdepth 1 -type d | wc -l)
FIRST_BUNDLED=$(find "$SRC/stories" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | LC_ALL=C sort | head -n 1)

# The event names of a trace, in order, one per line.
events() { awk '{print $2}' "$1"; }

# Value of key=... on the trace's summary line.
summary() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" "$1" | tail -n 1; }

done_checks() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# The memory ceilings of any story a parent can make (peak resident set), and
# the peak in kB that tests/peakrss ($PEAKRSS) wrote into FILE, its last run's.
PLAYER_MAX_KB=$((150 * 1024))
CHECKER_MAX_KB=$((100 * 1024))
peak_kb() { sed -n 's/.*peak_kb=\([0-9]*\).*/\1/p' "$1" | tail -n 1; }

# Succeeds when the file does not contain the pattern (extended regex).
not_grep() { ! grep -Eq "$1" "$2"; }
# play_motion STORY SETTING TRACE [options...]: STORY to the dark under the
# virtual clock at 1000x700 with the parents' motion = SETTING (the moving
# pictures' tests).
play_motion() {
    local story=$1 trace=$3
    mkdir -p "$XDG_CONFIG_HOME/hushabye"
    printf '[hushabye]\nmotion = %s\n' "$2" > "$XDG_CONFIG_HOME/hushabye/settings.ini"
    shift 3
    "$HUSHABYE" --clock virtual --size 1000x700 --dim 0.5 --exit-when-dark 0 \
        --trace "$trace" "$@" "$story" 2>>"$WORK/stderr.txt"
}
