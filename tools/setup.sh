#!/usr/bin/env bash
# Hushabye's one set-up script: install what is missing, build, then play or test.
#
#   bash tools/setup.sh play [hushabye options...]   build and play the bundled story
#   bash tools/setup.sh quick                         the edit-test loop: one build
#                                                     (warnings as errors), the unit
#                                                     tests and the fast end-to-end
#                                                     ones (CTest label "slow" left out)
#   bash tools/setup.sh test                          build twice (warnings as errors;
#                                                     address+undefined sanitizers) and
#                                                     run every test in both, then
#                                                     fuzz each parser for 20 s,
#                                                     then build the Debian package,
#                                                     check it with lintian, install,
#                                                     play and remove it, and run
#                                                     the arm64 checks below
#   bash tools/setup.sh test-arm64                    cross-build for arm64 (Debian
#                                                     multiarch), run the unit tests
#                                                     and the headless end-to-end
#                                                     ones under qemu-user, build the
#                                                     arm64 package and lintian it
#   bash tools/setup.sh package [arm64]               build the .deb only (into out/)
#
# Debian 12 packages are installed only when missing (apt-get update first),
# with sudo when not root. Nothing is downloaded at run time, ever.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-play}
[ $# -gt 0 ] && shift

build_pkgs="gcc make cmake pkg-config libsdl2-dev libsdl2-image-dev libsdl2-mixer-dev
            libstb-dev fonts-sil-andika fonts-dejavu-core
            libharfbuzz-dev libfribidi-dev libicu-dev fonts-noto-core fonts-wqy-microhei
            libvorbis-dev libopusfile-dev libopus-dev libogg-dev libmpg123-dev libflac-dev
            libjpeg62-turbo-dev libpng-dev libwebp-dev libarchive-dev libxml2-dev
            libheif-dev libespeak-ng-dev espeak-ng-data libxext-dev libsystemd-dev gettext
            libzstd-dev nettle-dev"
test_pkgs="xvfb xauth x11-utils libgl1-mesa-dri openbox xdotool wmctrl sox libsox-fmt-all clang
           libclang-rt-14-dev dpkg-dev desktop-file-utils python3 libheif-examples
           appstream man-db festival festvox-us-slt-hts festvox-kallpc16k festvox-italp16k
           cage grim xwayland x11-xserver-utils libharfbuzz-bin"

# Test-only too: the Debian package's build and checks, and what
# tests/e2e_install.sh uses (file, bash-completion).
deb_pkgs="debhelper lintian fakeroot file bash-completion"
# arm64: the cross compiler, qemu-user to run what it makes, and the
# libraries' arm64 -dev packages beside the machine's own. libjack-dev is
# named because libsdl2-mixer-dev's libfluidsynth-dev accepts either JACK,
# and only the one the amd64 side already has (jack1) can be installed
# for both architectures; left to itself apt picks the other and gives up.
arm64_tools="crossbuild-essential-arm64 qemu-user-static"
arm64_libs="libsdl2-dev libsdl2-image-dev libsdl2-mixer-dev libjack-dev libstb-dev
            libharfbuzz-dev libfribidi-dev libicu-dev
            libvorbis-dev libopusfile-dev libopus-dev libogg-dev libmpg123-dev libflac-dev
            libjpeg62-turbo-dev libpng-dev libwebp-dev zlib1g-dev libarchive-dev libxml2-dev
            libheif-dev libespeak-ng-dev libx11-dev libxext-dev libsystemd-dev libzstd-dev nettle-dev"
# The end-to-end tests run under qemu-user on arm64: the ones that exercise
# what differs by architecture (decoding, the pixel kernels' pictures, the
# aligner, saving takes, imports), not the real-time ones (e2e_record paces
# its microphone in real time and kills a take half-way: under qemu its
# timing is the emulator's; e2e_recordbundled saves takes here). About 1.5 minutes;
# the whole of test-arm64 about 3.5 (build 40 s, unit tests 30 s, package 45 s).
arm64_e2e="e2e_story|e2e_night|e2e_crossfade|e2e_reading|e2e_piccache|e2e_recordbundled|e2e_storytool|e2e_convert|e2e_book|e2e_checker|e2e_badstory"

# What failed, said again at the very end: a CI log is often read from its
# tail, and the first failure may be a thousand lines above it.
failed=()
step_failed() { failed+=("$1"); }
rm -f "$here"/build-*/failed-*.txt

# ctest_step NAME DIR [ctest options...]: the tests of one build, two at a
# time. A failed test's name, and the end of what it printed, go into the
# summary.
ctest_step() {
    local name=$1 dir=$2; shift 2
    local log; log="$dir/ctest-$(echo "$name" | tr -c 'a-z0-9\n' -).log"
    if ctest --test-dir "$dir" -j 2 --output-on-failure "$@" 2>&1 | tee "$log"; then
        return 0
    fi
    local t tests=""
    for t in $(sed 's/^[0-9]*://' "$dir/Testing/Temporary/LastTestsFailed.log" 2>/dev/null); do
        tests+=" $t"
        # The failed test's own lines: from its result to the next test's.
        awk -v t="$t" '
            $0 ~ "Test +#[0-9]+: " t " " { on = 1; n = 0 }
            on && n > 0 && /^ *(Start +[0-9]+: |[0-9]+\/[0-9]+ Test +#)/ { on = 0 }
            on { n++; print }' "$log" | tail -n 40 >"$dir/failed-$t.txt"
    done
    step_failed "$name:${tests:- (ctest itself)}"
}

summary() {
    echo "== summary =="
    if [ ${#failed[@]} -eq 0 ]; then
        echo "setup: every step passed"
        return 0
    fi
    local f t d
    for f in "${failed[@]}"; do echo "setup: FAILED: $f"; done
    for t in "$here"/build-*/failed-*.txt; do
        [ -f "$t" ] || continue
        d=${t%/*}
        f=${t##*/failed-}
        echo "-- the end of what ${f%.txt} printed (${d##*/}) --"
        sed 's/^/  /' "$t"
    done
    exit 1
}

missing() {
    local p out=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            out+=("$p")
    done
    echo "${out[@]:-}"
}

install_missing() {
    # shellcheck disable=SC2086
    local need; need=$(missing $*)
    [ -z "$need" ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    echo "setup: installing $need"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need
}

build() { # build DIR [cmake options...]
    local dir=$1; shift
    cmake -S "$here" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$(nproc)"
}

# Build the Debian package (dpkg-buildpackage, for ARCH: amd64 natively or
# arm64 crossed) in a copy of the tree in a temporary folder, since it writes
# its results beside the tree, then lintian it: errors and warnings fail.
# The packages end up in $here/out/.
deb_package() { # deb_package ARCH
    local arch=$1 tmp status=0
    tmp=$(mktemp -d)
    mkdir -p "$tmp/hushabye" "$here/out"
    tar -C "$here" --exclude=./.git --exclude='./build*' --exclude=./out -cf - . |
        tar -C "$tmp/hushabye" -xf -
    local cross=()
    [ "$arch" != "$(dpkg --print-architecture)" ] && cross=(-a"$arch")
    if ! (cd "$tmp/hushabye" && dpkg-buildpackage "${cross[@]}" -us -uc -b) \
        >"$tmp/build.log" 2>&1; then
        tail -n 40 "$tmp/build.log" >&2
        echo "setup: the $arch package did not build (log: $tmp/build.log)" >&2
        return 1
    fi
    lintian --fail-on error,warning "$tmp"/hushabye_*_"$arch".changes || status=1
    cp "$tmp"/hushabye*_"$arch".deb "$here/out/"
    echo "setup: $(ls "$here"/out/hushabye_*_"$arch".deb) (lintian: $([ $status = 0 ] &&
        echo clean || echo PROBLEMS))"
    rm -rf "$tmp"
    return $status
}

# Install the amd64 package, play a night from /usr with the virtual clock,
# record over a bundled story, remove it and check that none of its files
# is left. Only on a machine
# where Hushabye is not installed already (a family's install is never
# touched).
deb_install_check() { # deb_install_check DEB
    local deb=$1 tmp sudo="" status=0
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    if dpkg-query -W -f='${Status}' hushabye 2>/dev/null | grep -q "ok installed"; then
        echo "setup: hushabye is installed here already; not installing the new package"
        return 0
    fi
    tmp=$(mktemp -d)
    $sudo dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; return 1; }
    dpkg -L hushabye | sort -r >"$tmp/files"
    (cd / && HOME="$tmp" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
        SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy /usr/bin/hushabye --clock virtual \
        --exit-when-dark 0 --size 320x200 --night --trace "$tmp/trace.txt" 2>"$tmp/err") ||
        status=1
    grep -q "story-start folder=moon-says-goodnight" "$tmp/trace.txt" &&
        grep -q " dark" "$tmp/trace.txt" ||
        { echo "setup: the installed player did not play a night" >&2; status=1; }
    getent passwd hushabye >/dev/null ||
        { echo "setup: the package did not make the hushabye account" >&2; status=1; }
    # Record over the installed bundled story (SDL's disk driver as the
    # microphone, 2.5 s of a voice-like warble): the take goes into the
    # family's copy, and dpkg --verify finds every installed file unchanged.
    sox -n -r 48000 -c 1 -b 16 -e signed-integer -t raw "$tmp/mic.raw" \
        synth 2.5 sine 180 tremolo 4 60 vol 0.03 pad 0.7 8
    printf '%s\n' "0.5 key R" "9 key R" "9.5 key K" "10 key D" "10.5 key Escape" >"$tmp/rec.in"
    (cd / && HOME="$tmp" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
        SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILEIN="$tmp/mic.raw" \
        SDL_DISKAUDIOFILE=/dev/null /usr/bin/hushabye --studio --size 960x600 \
        --replay "$tmp/rec.in" --trace "$tmp/rec.txt" \
        /usr/share/hushabye/stories/moon-says-goodnight 2>>"$tmp/err") || status=1
    grep -q "record-saved page=1" "$tmp/rec.txt" &&
        [ -f "$tmp/data/hushabye/stories/moon-says-goodnight/01.wav" ] ||
        { echo "setup: the installed player did not record into the family's copy" >&2
          status=1; }
    dpkg --verify hushabye || { echo "setup: installed files changed" >&2; status=1; }
    # Removed and purged; the account and its home (/var/lib/hushabye, the
    # family's recordings on a kiosk) are kept, as Debian keeps accounts.
    $sudo dpkg -P hushabye >>"$tmp/dpkg.log" 2>&1 || status=1
    local left
    left=$(while read -r f; do
        if [ -f "$f" ] || { [ -L "$f" ] && [ ! -d "$f" ]; }; then echo "$f"; fi
    done <"$tmp/files")
    [ -z "$left" ] || { echo "setup: left after dpkg -P: $left" >&2; status=1; }
    if dpkg-query -W -f='${Status}' hushabye 2>/dev/null | grep -q "ok installed\|config-files"
    then
        echo "setup: dpkg still holds hushabye after the purge" >&2
        status=1
    fi
    [ ! -e /usr/share/hushabye ] || { echo "setup: /usr/share/hushabye is left" >&2; status=1; }
    echo "setup: installed, played and recorded from /usr, purged: $([ $status = 0 ] && echo ok ||
        echo FAILED)"
    rm -rf "$tmp"
    return $status
}

arm64_setup() {
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        local sudo=""
        [ "$(id -u)" -ne 0 ] && sudo=sudo
        $sudo dpkg --add-architecture arm64
    fi
    # shellcheck disable=SC2086
    install_missing $arm64_tools $(printf '%s:arm64 ' $arm64_libs)
}

# Cross-build for arm64 and test under qemu-user: every unit test, the
# e2e subset above. QEMU_LD_PREFIX=/ finds the arm64 loader and libraries
# where multiarch put them.
test_arm64() {
    build "$here/build-arm64" -DHUSHABYE_WERROR=ON \
        -DCMAKE_TOOLCHAIN_FILE="$here/cmake/aarch64-linux-gnu.cmake"
    export QEMU_LD_PREFIX=/
    echo "== arm64 under qemu-user: unit tests, headless end-to-end subset =="
    ctest_step "arm64 unit tests" "$here/build-arm64" -L unit
    ctest_step "arm64 end-to-end subset" "$here/build-arm64" -R "^($arm64_e2e)\$"
    echo "== the arm64 package =="
    # Its build would run the same unit tests under qemu again (half a minute).
    # The nocheck profile too: what only the tests need (hb-shape) is then
    # not asked for as an arm64 package.
    DEB_BUILD_OPTIONS=nocheck DEB_BUILD_PROFILES=nocheck deb_package arm64 ||
        step_failed "the arm64 package: build or lintian"
}

case "$mode" in
play)
    install_missing $build_pkgs
    build "$here/build"
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${SDL_VIDEODRIVER:-}" ]; then
        echo "setup: built $here/build/hushabye, but there is no display to play on here." >&2
        exit 0
    fi
    exec "$here/build/hushabye" "$@"
    ;;
quick)
    install_missing $build_pkgs $test_pkgs $deb_pkgs
    build "$here/build-ci" -DHUSHABYE_WERROR=ON
    exec ctest --test-dir "$here/build-ci" -j "$(nproc)" -LE slow --output-on-failure
    ;;
test)
    install_missing $build_pkgs $test_pkgs $deb_pkgs
    build "$here/build-ci" -DHUSHABYE_WERROR=ON
    build "$here/build-asan" -DHUSHABYE_WERROR=ON -DHUSHABYE_SANITIZE=ON
    echo "== tests (warnings as errors) =="
    ctest_step "tests (warnings as errors)" "$here/build-ci"
    echo "== tests (address and undefined-behaviour sanitizers) =="
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest_step "tests (sanitizers)" "$here/build-asan"
    echo "== fuzzing (libFuzzer, 20 s a target) =="
    bash "$here/tests/fuzz/run.sh" 20 2>&1 | tee "$here/build-ci/fuzz.log" ||
        step_failed "fuzzing: $(sed -n 's/: FAILED.*//p' "$here/build-ci/fuzz.log" | xargs)"
    echo "== the Debian package (amd64): build, lintian, install, play, remove =="
    if deb_package "$(dpkg --print-architecture)"; then
        deb_install_check "$(ls "$here"/out/hushabye_*_"$(dpkg --print-architecture)".deb)" ||
            step_failed "the amd64 package: install, play, record, purge"
    else
        step_failed "the amd64 package: build or lintian"
    fi
    arm64_setup
    test_arm64
    summary
    ;;
test-arm64)
    install_missing $build_pkgs $test_pkgs $deb_pkgs
    arm64_setup
    test_arm64
    summary
    ;;
package)
    install_missing $build_pkgs $deb_pkgs
    arch=${1:-$(dpkg --print-architecture)}
    [ "$arch" != "$(dpkg --print-architecture)" ] && arm64_setup
    deb_package "$arch"
    ;;
*)
    echo "usage: bash tools/setup.sh play|quick|test|test-arm64|package [arm64]" >&2
    exit 2
    ;;
esac
