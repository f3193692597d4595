# The kiosk under cage, the Wayland kiosk compositor the kiosk unit boots
# into: cage runs headless (no screen, the pixman renderer) as an ordinary
# user (cage refuses root), the player plays the bundled story in kiosk mode,
# and grim's capture of cage's output is compared with the player's own
# --snapshot of the same page, taken under the same cage. Before the fix in
# gfx_open the window was never mapped and every capture was black.
#
# Run as root (CI), the test makes an unprivileged account of its own for
# cage (hushabye-e2e, kept for later runs); it skips only when no such
# account can be made.
. "$(dirname "$0")/lib_e2e.sh"
for tool in cage grim timeout; do
    command -v "$tool" >/dev/null || { echo "FAILED: $tool is not installed (tools/setup.sh test installs it)"; exit 1; }
done
# Xwayland is started by Debian's cage 0.1.4 and it will not run without it.
[ -x /usr/bin/Xwayland ] || { echo "FAILED: Xwayland is not installed (tools/setup.sh test installs xwayland)"; exit 1; }
story="$SRC/stories/moon-says-goodnight"
as=()
if [ "$(id -u)" -eq 0 ]; then
    user=hushabye-e2e
    id "$user" >/dev/null 2>&1 ||
        useradd --system --no-create-home --shell /usr/sbin/nologin "$user" 2>/dev/null ||
        { echo "SKIPPED: cage refuses to run as root and no unprivileged account could be made"; exit 77; }
    as=(runuser -u "$user" --)
    chown -R "$user" "$WORK"
fi
# The account must reach the program, the story and the work folder. A clone
# in a private folder (mktemp -d makes it 0700) hides them all, so then the
# player, its assets, the story and the work folder are staged in a folder
# of their own that the account can reach, and the player finds its assets
# there (HUSHABYE_DATA).
stage=""
if ! "${as[@]}" test -x "$HUSHABYE" -a -r "$story/story.ini" -a -w "$WORK"; then
    stage=$(mktemp -d /tmp/hushabye-e2e-cage.XXXXXX) && chmod 755 "$stage" &&
        mkdir -p "$stage/data/stories" && cp "$HUSHABYE" "$stage/hushabye" &&
        cp -r "$SRC/assets" "$stage/data/" && cp -r "$story" "$stage/data/stories/" || {
        echo "FAILED: the unprivileged account cannot read $HUSHABYE or $story, and no copy could be made"
        exit 1; }
    HUSHABYE="$stage/hushabye"
    story="$stage/data/stories/$(basename "$story")"
    export HUSHABYE_DATA="$stage/data"
    WORK="$stage/work"
    export HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/data" XDG_CONFIG_HOME="$WORK/home/config"
    export XDG_CONFIG_DIRS="$WORK/xdg-config" XDG_DATA_DIRS="$WORK/xdg-data"
    mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
    [ ${#as[@]} -gt 0 ] && chown -R "$user" "$stage"
    "${as[@]}" test -x "$HUSHABYE" -a -r "$story/story.ini" -a -w "$WORK" || {
        echo "FAILED: the unprivileged account cannot reach the staged copy in $stage"; exit 1; }
fi

run="$WORK/run"
mkdir -p "$run"
chmod 700 "$run"
[ ${#as[@]} -gt 0 ] && chown "$user" "$run"
# Under LeakSanitizer, Mesa's and libwayland's exit-time allocations are not
# Hushabye's (as in e2e_kiosk_x11).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
cage_env=(env XDG_RUNTIME_DIR="$run" WLR_BACKENDS=headless WLR_RENDERER=pixman
          WLR_LIBINPUT_NO_DEVICES=1 SDL_VIDEODRIVER=wayland SDL_AUDIODRIVER=dummy
          HOME="$HOME" XDG_DATA_HOME="$XDG_DATA_HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME"
          ${HUSHABYE_DATA:+HUSHABYE_DATA=$HUSHABYE_DATA}
          ASAN_OPTIONS="$ASAN_OPTIONS" ${HUSHABYE_RENDER:+HUSHABYE_RENDER=$HUSHABYE_RENDER})
cage_pid=""
# The player's own pid, written by the shell cage starts before it becomes
# the player: a player outliving its compositor keeps running (SDL 2.26
# says nothing of a lost Wayland connection), so it is stopped first.
pidfile="$run/player.pid"
cleanup() {
    [ -s "$pidfile" ] && kill -TERM "$(cat "$pidfile")" 2>/dev/null
    [ -n "$cage_pid" ] && { sleep 1; kill "$cage_pid" 2>/dev/null; }
    wait 2>/dev/null
    [ -n "$stage" ] && rm -rf "$stage"
}
trap cleanup EXIT

socket() { # the compositor's socket once it is there
    for _ in $(seq 100); do
        s=$(ls "$run" 2>/dev/null | grep -m1 '^wayland-[0-9]*$')
        [ -n "$s" ] && { echo "$s"; return; }
        sleep 0.1
    done
}

# 1. The player's own picture of page 1, drawn under cage at its output's size.
timeout 60 "${as[@]}" "${cage_env[@]}" cage -- "$HUSHABYE" --kiosk --clock virtual \
    --exit-when-dark 0 --snapshot "$WORK/snapshot.png" --snapshot-page 1 \
    --trace "$WORK/snapshot-trace.txt" "$story" >"$WORK/cage1.txt" 2>&1
check "under cage the player starts on Wayland and saves its snapshot of page 1" \
    grep -q "snapshot file=" "$WORK/snapshot-trace.txt"

# 2. The kiosk in real time, grim capturing cage's output while page 1 is
#    shown. Cage 0.1.4's headless output (pixman, damage tracked) gives the
#    capture of a window that has stopped drawing as black now and then (more
#    often on a loaded machine), so the captures are taken while the player
#    draws: replayed taps in the middle of the page pause and resume it, and
#    the paused sign fades in over half a second each time, on the same page
#    (the sign moves the mean difference by about 0.23/255; black is 38/255).
#    Before the fix in gfx_open the window was never mapped: all black.
for k in 0 1 2 3 4 5 6 7 8 9; do awk -v k=$k 'BEGIN { printf "%.1f tap 0.5 0.5\n", 2 + k * 0.6 }'; done \
    >"$WORK/taps.txt"
chmod a+r "$WORK/taps.txt"
"${as[@]}" "${cage_env[@]}" cage -- sh -c 'echo $$ > "$0"; exec "$@"' "$pidfile" \
    "$HUSHABYE" --kiosk --trace "$WORK/trace.txt" --replay "$WORK/taps.txt" "$story" \
    >"$WORK/cage2.txt" 2>&1 &
cage_pid=$!
sock=$(socket)
check "cage makes its Wayland socket" test -n "$sock"
for _ in $(seq 100); do grep -q "page n=1" "$WORK/trace.txt" 2>/dev/null && break; sleep 0.1; done
check "the kiosk reaches page 1 under cage" grep -q "page n=1" "$WORK/trace.txt"
matched=""
for i in $(seq 60); do
    grep -q "page n=2" "$WORK/trace.txt" && break
    shot="$WORK/grim-$i.png"
    "${as[@]}" env XDG_RUNTIME_DIR="$run" WAYLAND_DISPLAY="$sock" grim "$shot" 2>>"$WORK/grim.txt" || continue
    if "$IMGDIFF" "$shot" "$WORK/snapshot.png" 2 >>"$WORK/diffs.txt" 2>&1; then
        matched=$i
        break
    fi
done
check "grim's capture of cage's output is the player's own page 1, within 2/255 (capture $matched; $(sort "$WORK/diffs.txt" | uniq -c | tr '\n' ' '))" \
    test -n "$matched"
# SIGTERM to the player (a service stop): it ends with status 0, and cage
# with it.
kill -TERM "$(cat "$pidfile")" 2>/dev/null
for _ in $(seq 50); do kill -0 "$cage_pid" 2>/dev/null || break; sleep 0.1; done
check "SIGTERM ends the kiosk under cage, and cage with it" sh -c '! kill -0 "$1" 2>/dev/null' _ "$cage_pid"
check "the player says it was the signal" grep -q "signal number=15" "$WORK/trace.txt"
wait "$cage_pid" 2>/dev/null
cage_pid=""
: >"$pidfile"
done_checks
