#!/usr/bin/env bash
# Build the libFuzzer targets with clang in their own build folder and run each
# for a bounded time, starting from the seed corpora in tests/fuzz/corpus/.
# New inputs go to a scratch corpus in the build folder, never into the repo.
#   usage: tests/fuzz/run.sh [SECONDS_EACH]        (default 20; FUZZ_BUILD=dir)
# Exit status 1 when any target finds a crash (the reproducer is kept and named).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-20}
build=${FUZZ_BUILD:-$here/build-fuzz}
targets="ini vtt scan probe wav audio svgcheck book css text piccache levels"

cmake -S "$here" -B "$build" -DCMAKE_C_COMPILER=clang -DHUSHABYE_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
for t in $targets; do
    cmake --build "$build" -j "$(nproc)" --target "fuzz_$t" >/dev/null
done

# A library's own leak, not ours, is named there (why, beside it).
export LSAN_OPTIONS="suppressions=$here/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
status=0
for t in $targets; do
    work="$build/fuzz-corpus/$t"
    crashes="$build/fuzz-crashes/$t"
    mkdir -p "$work" "$crashes"
    log="$build/fuzz-$t.log"
    if "$build/tests/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/" \
        "$work" "$here/tests/fuzz/corpus/$t" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
        echo "fuzz_$t: ${runs:-?} runs in ${seconds} s (${rate:-?}/s), no crash"
    else
        status=1
        echo "fuzz_$t: FAILED; see $log and $crashes/" >&2
        grep -E "ERROR|SUMMARY|Test unit written" "$log" >&2 || true
    fi
done
exit $status
