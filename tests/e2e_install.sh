# cmake --install puts the programs, assets, bundled stories, the .desktop
# file, the icons, bash completion and the kiosk unit in the usual places,
# and the installed player finds its data from the prefix. (The Debian
# package is built and checked by tools/setup.sh test: dpkg-buildpackage,
# lintian, install, play, remove.)
. "$(dirname "$0")/lib_e2e.sh"
build=$(dirname "$HUSHABYE")
prefix="$WORK/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
check "cmake --install succeeds" test $? -eq 0
for f in bin/hushabye bin/hushabye-story share/applications/hushabye.desktop \
         share/icons/hicolor/scalable/apps/hushabye.svg share/hushabye/assets/reassurance/voice.ogg \
         share/hushabye/stories/moon-says-goodnight/01.ogg share/hushabye/systemd/hushabye-kiosk.service \
         share/bash-completion/completions/hushabye share/bash-completion/completions/hushabye-story \
         share/doc/hushabye/story-format.md; do
    check "installed: $f" test -e "$prefix/$f"
done

for page in hushabye hushabye-story; do
    check "installed: the manual page $page(1)" test -s "$prefix/share/man/man1/$page.1"
    check "$page(1) reads without a warning" \
        sh -c '! MANWIDTH=80 man --warnings -l "$1" 2>&1 >/dev/null | grep .' _ \
        "$prefix/share/man/man1/$page.1"
done
# The validators come with tools/setup.sh's test packages (man-db, appstream,
# desktop-file-utils).
check "the AppStream metainfo is valid (appstreamcli validate)" \
    appstreamcli validate --no-net "$prefix/share/metainfo/org.hushabye.Hushabye.metainfo.xml"
check "the .desktop file is valid (desktop-file-validate)" \
    desktop-file-validate "$prefix/share/applications/hushabye.desktop"

# Run the installed copy from somewhere else, the source tree out of reach.
mv "$prefix" "$WORK/moved"
(cd / && "$WORK/moved/bin/hushabye" --clock virtual --exit-when-dark 0 --size 320x200 \
    --night --trace "$WORK/trace.txt" 2>"$WORK/stderr.txt")
check "the installed player plays its bundled stories from its own prefix" \
    grep -q "story-start folder=moon-says-goodnight" "$WORK/trace.txt"
check "and reaches the dark" grep -q " dark " "$WORK/trace.txt"
check "it found its closing voice there" grep -q "narration-start n=reassurance" "$WORK/trace.txt"

# The kiosk unit names the player where this install put it, whatever the prefix.
unit="$WORK/moved/share/hushabye/systemd/hushabye-kiosk.service"
check "the kiosk unit runs the player from this install's prefix" \
    grep -qx "ExecStart=/usr/bin/cage -s -- $prefix/bin/hushabye --kiosk" "$unit"
check "the kiosk unit is the cage recipe's, sandboxed (no network, system read-only)" \
    sh -c 'for k in ConditionPathExists=/dev/tty0 Before=graphical.target TTYVTDisallocate=yes \
                    OnFailure=getty@tty1.service PrivateNetwork=yes NoNewPrivileges=yes \
                    ProtectSystem=strict; do grep -qx "$k" "$1" || exit 1; done' _ "$unit"
if command -v systemd-analyze >/dev/null; then
    exposure=$(systemd-analyze security --offline=yes "$unit" 2>/dev/null |
        sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
    echo "systemd-analyze security: exposure $exposure"
    check "the kiosk unit's exposure (systemd-analyze security) is at most 2.0 ($exposure)" \
        awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }'
fi

for size in 16 24 32 48 64 128 256 512; do
    check "the icon is installed at ${size}x${size} as a PNG of that size" \
        sh -c 'file "$1" | grep -q "PNG image data, $2 x $2"' _ \
        "$WORK/moved/share/icons/hicolor/${size}x${size}/apps/hushabye.png" "$size"
done

# bash completion (Debian's bash-completion, a test package): the options and
# the subcommands come from the programs' own help.
complete_words() { # complete_words FUNCTION WORDS... : what TAB offers after them
    bash -c 'source /usr/share/bash-completion/bash_completion
             source "$1/share/bash-completion/completions/hushabye"
             source "$1/share/bash-completion/completions/hushabye-story"
             f=$2; shift 2; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
             COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
             PATH="$0:$PATH" "$f" "$1" "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"
             echo "${COMPREPLY[*]}"' "$WORK/moved/bin" "$WORK/moved" "$@"
}
check "bash completes hushabye's options from its help (--snapshot-page)" \
    sh -c 'printf "%s" "$1" | grep -qw -- --snapshot-page' _ \
    "$(complete_words _hushabye hushabye --snap)"
check "bash completes --clock's two values" \
    test "$(complete_words _hushabye hushabye --clock '')" = "real virtual"
check "bash completes hushabye-story's subcommands (import-book, record)" \
    sh -c 'printf "%s" "$1" | grep -qw import-book && printf "%s" "$1" | grep -qw record' _ \
    "$(complete_words _hushabye_story hushabye-story '')"
check "bash completes a subcommand's own options (record --page)" \
    sh -c 'printf "%s" "$1" | grep -qw -- --page' _ \
    "$(complete_words _hushabye_story hushabye-story record --)"
done_checks
