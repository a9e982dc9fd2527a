#!/usr/bin/env bash
# Runs the example end to end: installs labtech-junit, then runs the spam-filter tests twice.
# The first run computes every fixture (labtech.mode=refresh), the second loads them from .labtech/.
# labtech.storage=local is set so the example caches even where a CI variable is set.
set -euo pipefail
cd "$(dirname "$0")"

echo "==> Installing labtech-junit into the local Maven repository"
mvn -B -q -Dstyle.color=never -f ../pom.xml install -DskipTests -Dinvoker.skip=true

run_tests() {
    local title=$1; shift
    local log
    log=$(mktemp)
    echo
    echo "==> $title"
    local start=$SECONDS
    if ! mvn -B -Dstyle.color=never test -Dlabtech.storage=local "$@" >"$log" 2>&1; then
        cat "$log"
        echo "The example's tests failed; the full Maven output is above." >&2
        exit 1
    fi
    grep -E '^\[labtech\] |Tests run: [0-9]+, .*Time elapsed' "$log" || true
    echo "    (whole Maven run: $((SECONDS - start)) s)"
    rm -f "$log"
}

run_tests "First run: fixtures are computed" -Dlabtech.mode=refresh
run_tests "Second run: fixtures are loaded from example-project/.labtech"
