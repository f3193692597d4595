# cmake --install puts the programs, assets, bundled stories, the .desktop
# file and the icon in the usual places, and the installed player finds its
# data from the prefix; cpack makes a .deb with the right dependencies.
. "$(dirname "$0")/lib_e2e.sh"
build=$(dirname "$HUSHABYE")
prefix="$WORK/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
check "cmake --install succeeds" test $? -eq 0
for f in bin/hushabye bin/hushabye-story share/applications/hushabye.desktop \
         share/icons/hicolor/scalable/apps/hushabye.svg share/hushabye/assets/reassurance/voice.ogg \
         share/hushabye/stories/moon-says-goodnight/01.ogg share/hushabye/systemd/hushabye-kiosk.service \
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

if command -v dpkg-deb >/dev/null; then
    (cd "$build" && cpack -G DEB -B "$WORK/deb" >/dev/null 2>&1)
    deb=$(ls "$WORK"/deb/hushabye_*.deb 2>/dev/null | head -n 1)
    check "cpack makes a .deb" test -n "$deb"
    depends=$(dpkg-deb -f "$deb" Depends)
    echo "Depends: $depends"
    for lib in libsdl2-mixer-2.0-0 libstb0 libvorbisfile3 libopusfile0 libmpg123-0 libflac12 \
               libjpeg62-turbo libpng16-16 libwebp7 'libc6 (>= 2.34)' fonts-sil-andika; do
        check "the .deb depends on $lib (every library linked, by dpkg-shlibdeps)" \
            sh -c 'printf "%s" "$1" | grep -qF "$2"' _ "$depends" "$lib"
    done
    check "the .deb's section is education" test "$(dpkg-deb -f "$deb" Section)" = education
    check "the .deb holds the player and the bundled story" \
        sh -c "dpkg-deb -c '$deb' | grep -q 'bin/hushabye$' &&
               dpkg-deb -c '$deb' | grep -q 'moon-says-goodnight/01.ogg'"
else
    check "dpkg-deb is available to build the .deb" false
fi
done_checks
