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
#                                                     fuzz each parser for 20 s
#
# Debian 12 packages are installed only when missing (apt-get update first),
# with sudo when not root. Nothing is downloaded at run time, ever.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-play}
[ $# -gt 0 ] && shift

build_pkgs="gcc make cmake pkg-config libsdl2-dev libsdl2-image-dev libsdl2-mixer-dev
            libstb-dev fonts-sil-andika fonts-dejavu-core
            libvorbis-dev libopusfile-dev libopus-dev libogg-dev libmpg123-dev libflac-dev
            libjpeg62-turbo-dev libpng-dev libwebp-dev libarchive-dev libxml2-dev
            libheif-dev libespeak-ng-dev espeak-ng-data"
test_pkgs="xvfb xauth x11-utils libgl1-mesa-dri openbox xdotool wmctrl sox libsox-fmt-all clang
           libclang-rt-14-dev dpkg-dev desktop-file-utils python3 libheif-examples
           appstream man-db festival festvox-us-slt-hts festvox-kallpc16k festvox-italp16k"

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
    install_missing $build_pkgs $test_pkgs
    build "$here/build-ci" -DHUSHABYE_WERROR=ON
    exec ctest --test-dir "$here/build-ci" -j "$(nproc)" -LE slow --output-on-failure
    ;;
test)
    install_missing $build_pkgs $test_pkgs
    build "$here/build-ci" -DHUSHABYE_WERROR=ON
    build "$here/build-asan" -DHUSHABYE_WERROR=ON -DHUSHABYE_SANITIZE=ON
    status=0
    echo "== tests (warnings as errors) =="
    ctest --test-dir "$here/build-ci" -j 2 --output-on-failure || status=1
    echo "== tests (address and undefined-behaviour sanitizers) =="
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir "$here/build-asan" -j 2 --output-on-failure || status=1
    echo "== fuzzing (libFuzzer, 20 s a target) =="
    bash "$here/tests/fuzz/run.sh" 20 || status=1
    exit $status
    ;;
*)
    echo "usage: bash tools/setup.sh play|quick|test" >&2
    exit 2
    ;;
esac
