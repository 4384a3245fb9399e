#!/usr/bin/env bash
# tests/fuzz/run-fuzzers.sh — builds the libFuzzer targets with clang, ASan
# and UBSan in build-fuzz/, and runs each for SECONDS over a copy of its seed
# corpus (tests/fuzz/corpus/NAME/), so that a run commits no new files.
#
# Usage: tests/fuzz/run-fuzzers.sh SECONDS [NAME...]   (default: every target)
#
# A crash, a leak, undefined behaviour, a failed check (a round-trip
# mismatch), a timeout of 10 s on one input or 2 GB of memory is a finding:
# libFuzzer stops and leaves the input in build-fuzz/fuzz-artifacts/. Keep
# it in tests/fuzz/corpus/NAME/ once the bug is fixed; fuzz-regressions
# replays it in the normal test suite.
#
# One line per target, "fuzz-NAME: ok (...)" or "fuzz-NAME: FAILED (...)";
# the exit status is non-zero when a target failed or did not build.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

cd "$(dirname "$0")/../.."
root="$(pwd)"

seconds="${1:-60}"
shift || true
if [[ "$#" -gt 0 ]]; then
  targets=("$@")
else
  targets=(cron duration workspace record)
fi
builddir="${ORK_FUZZ_BUILDDIR:-build-fuzz}"
artifacts="$root/$builddir/fuzz-artifacts"

if ! command -v clang >/dev/null 2>&1; then
  echo "$0: clang is needed (apt-get install clang libclang-rt-dev)" >&2
  exit 1
fi

options=(-Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
         -Dbenchmarks=false -Dc_args=-fsanitize=fuzzer-no-link)
if [[ -f "$builddir/meson-private/coredata.dat" ]]; then
  meson setup --reconfigure "$builddir" "${options[@]}" >/dev/null || exit 1
else
  CC=clang meson setup "$builddir" "${options[@]}" >/dev/null || exit 1
fi
if ! ninja -C "$builddir" "${targets[@]/#/tests/fuzz/fuzz-}" >"$builddir/fuzz-build.log" 2>&1; then
  cat "$builddir/fuzz-build.log" >&2
  for name in "${targets[@]}"; do
    echo "fuzz-$name: FAILED (does not build)"
  done
  exit 1
fi

mkdir -p "$artifacts"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp"
export G_SLICE=always-malloc G_DEBUG=fatal-criticals TZ=UTC LC_ALL=C.UTF-8

failed=0
for name in "${targets[@]}"; do
  work="$(mktemp -d)"
  cp -a "tests/fuzz/corpus/$name/." "$work/"
  log="$builddir/fuzz-$name.log"
  start=$SECONDS
  "$builddir/tests/fuzz/fuzz-$name" "$work" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$name-" >"$log" 2>&1
  rc=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  corpus="$(ls "$work" | wc -l)"
  rm -rf "$work"
  if [[ "$rc" -eq 0 ]]; then
    echo "fuzz-$name: ok (${execs:-?} inputs in $((SECONDS - start)) s, corpus $corpus)"
  else
    failed=$((failed + 1))
    echo "fuzz-$name: FAILED (exit $rc after $((SECONDS - start)) s; log $log)"
    grep -E "^(==[0-9]+==ERROR|SUMMARY|.*fuzz check failed|.*runtime error|artifact_prefix|Test unit written)" "$log" | head -8 | sed 's/^/  /'
  fi
done
[[ "$failed" -eq 0 ]]
