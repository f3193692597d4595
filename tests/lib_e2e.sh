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
# diffbox A.png B.png: the box "x0 y0 x1 y1" of the pixels where the two
# differ by more than 8 of 255 in a channel ("none" when nowhere).
diffbox() {
    python3 - "$1" "$2" <<'EOF'
import struct, sys, zlib
def load(path):
    data = open(path, "rb").read()
    pos, idat, w, h = 8, b"", 0, 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour == 6, "8-bit RGBA"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * 4, [], bytearray(w * 4)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 4] if i >= 4 else 0
            b, c = prev[i], prev[i - 4] if i >= 4 else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, rows
w, h, a = load(sys.argv[1])
_, _, b = load(sys.argv[2])
x0, y0, x1, y1 = w, h, -1, -1
for y in range(h):
    ra, rb = a[y], b[y]
    if ra == rb:
        continue
    for x in range(w):
        if max(abs(ra[4 * x + c] - rb[4 * x + c]) for c in range(3)) > 8:
            x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x + 1), max(y1, y + 1)
print("none" if x1 < 0 else f"{x0} {y0} {x1} {y1}")
EOF
}
# inside BOX X0 Y0 X1 Y1: is the box (diffbox's) within those bounds?
inside() {
    set -- $1 "$2" "$3" "$4" "$5"
    [ "$1" != none ] && [ "$1" -ge "$5" ] && [ "$2" -ge "$6" ] && [ "$3" -le "$7" ] &&
        [ "$4" -le "$8" ]
}
