# The kiosk on bare X (Xvfb with no window manager, as a bedside tablet boots
# into it): the fullscreen window is made at the screen's own size, at its
# corner, on a 1024x600 panel, a 1280x720 one and an 800x1280 portrait one;
# the whole page is on screen and a touch held on the screen's top-left
# corner for three seconds opens the parents' gate.
. "$(dirname "$0")/lib_e2e.sh"
unset SDL_VIDEODRIVER
export SDL_AUDIODRIVER=dummy
# As in e2e_kiosk_x11: SDL's X11 driver loads D-Bus and GL, whose exit-time
# allocations are not Hushabye's; leak checking stays on in every other test.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
for tool in Xvfb xdotool xwininfo xdpyinfo timeout; do
    command -v "$tool" >/dev/null || { echo "FAILED: $tool is not installed (tools/setup.sh test installs it)"; exit 1; }
done
story="$SRC/stories/moon-says-goodnight"
xvfb=""
app=""
cleanup() { kill $app $xvfb 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT

screen() { # screen WxH: a fresh X server of that size, no window manager
    n=90
    while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
    export DISPLAY=":$n"
    Xvfb "$DISPLAY" -screen 0 "${1}x24" -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
}
geometry() { # the player's window as WxH+X+Y, once it is mapped (no window
    # manager sets _NET_WM_PID here, so it is found by its class in the tree)
    local geo=""
    for _ in $(seq 50); do
        geo=$(xwininfo -root -tree 2>/dev/null | awk '/\("hushabye" "hushabye"\)/ {
            for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+x[0-9]+\+-?[0-9]+\+-?[0-9]+$/) { print $i; exit } }')
        [ -n "$geo" ] && break
        sleep 0.1
    done
    echo "$geo"
}

for size in 1024x600 1280x720 800x1280; do
    screen "$size"
    "$HUSHABYE" --kiosk --trace "$WORK/$size.txt" "$story" 2>>"$WORK/stderr.txt" &
    app=$!
    sleep 1
    geo=$(geometry)
    check "$size: the kiosk window appears" test -n "$geo"
    check "$size: it fills the screen exactly, at its corner ($geo)" test "$geo" = "$size+0+0"
    if [ "$size" = 1024x600 ]; then
        # A finger on the screen's own top-left corner, held for three seconds.
        timeout 10 xdotool mousemove 12 12 mousedown 1 sleep 3.4 mouseup 1
        sleep 0.5
        check "$size: the parents' corner is on the screen: holding it opens the gate" \
            grep -q "gate-shown" "$WORK/$size.txt"
    fi
    kill -TERM "$app" 2>/dev/null
    wait "$app" 2>/dev/null
    app=""
    kill "$xvfb" 2>/dev/null
    wait "$xvfb" 2>/dev/null
    xvfb=""
    sleep 0.3 # the display's lock file goes with its server
done

# The whole page is drawn for the panel: a snapshot is the screen's size.
screen 1024x600
"$HUSHABYE" --kiosk --clock virtual --exit-when-dark 0 --snapshot "$WORK/panel.png" \
    "$story" 2>>"$WORK/stderr.txt"
check "the page is composed for the 1024x600 panel itself" \
    sh -c 'od -An -tu1 -j16 -N8 "$1" | awk "{exit !((\$3*256+\$4)==1024 && (\$7*256+\$8)==600)}"' \
    _ "$WORK/panel.png"
done_checks
