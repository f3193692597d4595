# The kiosk under a real X server and window manager (Xvfb + openbox):
# key combinations sent by xdotool, a window-manager close request (wmctrl -c)
# and a click storm leave the program running and fullscreen; then SIGTERM
# ends it with status 0.
. "$(dirname "$0")/lib_e2e.sh"
unset SDL_VIDEODRIVER
export SDL_AUDIODRIVER=dummy
# Under the real X11 driver, SDL loads D-Bus and the GL driver, whose
# allocations LeakSanitizer reports at exit from libraries already unloaded
# (no frame of ours in them). This test is about kiosk behaviour; leak
# checking of Hushabye's own code stays on in every other test.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
for tool in Xvfb openbox xdotool wmctrl xwininfo; do
    command -v "$tool" >/dev/null || { echo "FAILED: $tool is not installed (tools/setup.sh test installs it)"; exit 1; }
done

# A free display number of our own.
n=90
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
export DISPLAY=":$n"
Xvfb "$DISPLAY" -screen 0 1024x600x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
cleanup() { kill "$app" "$wm" "$xvfb" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
# openbox finds its settings and theme in the system's folders (lib_e2e.sh hides
# them from the player).
XDG_CONFIG_DIRS=/etc/xdg XDG_DATA_DIRS=/usr/local/share:/usr/share openbox >/dev/null 2>&1 &
wm=$!
sleep 1

"$HUSHABYE" --kiosk --trace "$WORK/trace.txt" "$SRC/stories/moon-says-goodnight" \
    2>"$WORK/stderr.txt" &
app=$!
win=""
for _ in $(seq 50); do
    win=$(xdotool search --onlyvisible --pid "$app" 2>/dev/null | head -n 1)
    [ -n "$win" ] && break
    sleep 0.1
done
check "the kiosk window appears" test -n "$win"
sleep 1
# The window shown now: SDL may have made its X window again while it chose
# a way to draw (a GL renderer asked for, then given up for the CPU path).
win=$(xdotool search --onlyvisible --pid "$app" 2>/dev/null | tail -n 1)

fullscreen() {
    local geo; geo=$(xwininfo -id "$win" 2>/dev/null | awk '/Width:/{w=$2} /Height:/{h=$2} END{print w "x" h}')
    [ "$geo" = "1024x600" ]
}
check "it covers the whole screen" fullscreen

for combo in alt+F4 ctrl+q ctrl+w Escape alt+Tab super ctrl+alt+BackSpace F11 ctrl+shift+q; do
    xdotool key --clearmodifiers "$combo" 2>/dev/null
    sleep 0.15
done
check "key combinations do not end it" kill -0 "$app"
wmctrl -c Hushabye 2>/dev/null; wmctrl -i -c "$win" 2>/dev/null
sleep 0.5
check "a window-manager close request does not end it" kill -0 "$app"
check "the close request was seen and refused" grep -q close-refused "$WORK/trace.txt"
xdotool mousemove 512 300 click --repeat 40 --delay 20 1 2>/dev/null
xdotool mousemove 10 590 click --repeat 10 --delay 20 3 2>/dev/null
sleep 0.5
check "a click storm does not end it" kill -0 "$app"
check "it is still fullscreen" fullscreen
check "the parents' menu was never unlocked" test -z "$(grep parent-unlocked "$WORK/trace.txt")"

kill -TERM "$app"
wait "$app"
status=$?
app=""
check "SIGTERM ends it with status 0 (got $status)" test "$status" -eq 0
check "the trace says why it ended" grep -q "signal number=15" "$WORK/trace.txt"
done_checks
