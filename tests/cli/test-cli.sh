#!/usr/bin/env bash
# tests/cli/test-cli.sh — drives the real orkestron-cli binary; TAP output.
#
# Usage: test-cli.sh PATH/TO/orkestron-cli SOURCE_ROOT
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

cli="${1:-}"
srcdir="${2:-}"

if [[ -z "$cli" || ! -x "$cli" ]]; then
  echo "1..0 # SKIP no orkestron-cli binary given"
  exit 0
fi
if [[ -z "$srcdir" || ! -d "$srcdir/tests/cli" ]]; then
  echo "1..0 # SKIP no source root given"
  exit 0
fi
cli="$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")"
fixtures="$(cd "$srcdir/tests/cli" && pwd)"

tmp="$(mktemp -d)"
engine=""
# An engine left running by a failed check must not outlive the tests.
trap '[[ -n "$engine" ]] && kill -KILL "$engine" 2>/dev/null; rm -rf "$tmp"' EXIT
# Live histories go to $XDG_DATA_HOME/orkestron: keep them here.
export XDG_DATA_HOME="$tmp/data"
# Fixture file names in messages are relative to here.
cd "$fixtures" || exit 1

n=0
st=0
last_cmd=""

# run ARG...: runs the CLI; stdout in $tmp/out, stderr in $tmp/err, status in $st.
run ()
{
  last_cmd="orkestron-cli $*"
  "$cli" "$@" >"$tmp/out" 2>"$tmp/err"
  st=$?
}

diag ()
{
  echo "#   last command: $last_cmd (exit $st)"
  sed -n '1,8s/^/#   stdout: /p' "$tmp/out" 2>/dev/null
  sed -n '1,8s/^/#   stderr: /p' "$tmp/err" 2>/dev/null
}

# check DESCRIPTION COMMAND...: one TAP line, passing when COMMAND succeeds.
check ()
{
  local desc="$1"
  shift
  n=$((n + 1))
  if "$@"; then
    echo "ok $n - $desc"
  else
    echo "not ok $n - $desc"
    diag
  fi
}

skip ()
{
  n=$((n + 1))
  echo "ok $n - $1 # SKIP $2"
}

status_is () { [[ "$st" -eq "$1" ]]; }
out_is () { [[ "$(cat "$tmp/out")" == "$1" ]]; }
err_is () { [[ "$(cat "$tmp/err")" == "$1" ]]; }
out_empty () { [[ ! -s "$tmp/out" ]]; }
err_first_line_is () { [[ "$(head -n 1 "$tmp/err")" == "$1" ]]; }
err_matches () { grep -Eq -- "$1" "$tmp/err"; }
out_matches () { grep -Eq -- "$1" "$tmp/out"; }
out_lacks () { ! grep -Eq -- "$1" "$tmp/out"; }
out_lines () { [[ "$(wc -l <"$tmp/out")" -eq "$1" ]]; }

have_zone () { [[ -f /usr/share/zoneinfo/$1 ]]; }

# A JSON parser, if the machine has one: python3, else jq.
json_tool=""
if command -v python3 >/dev/null 2>&1; then
  json_tool=python3
elif command -v jq >/dev/null 2>&1; then
  json_tool=jq
fi

json_parses ()
{
  case "$json_tool" in
    python3) python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" ;;
    jq) jq -e . "$1" >/dev/null ;;
  esac
}

ndjson_parses ()
{
  case "$json_tool" in
    python3)
      python3 -c 'import json, sys
for line in open(sys.argv[1]):
    json.loads(line)' "$1" ;;
    jq) jq -e . "$1" >/dev/null ;;
  esac
}

record_keys="jobId runId attempt status reason nominalAt queuedAt startedAt finishedAt queueMs durationMs exitCode nextRetryIn message"
csv_header="jobId,runId,attempt,status,reason,nominalAt,queuedAt,startedAt,finishedAt,queueMs,durationMs,exitCode,nextRetryIn,message"

# The keys of the first JSON object on line $2 of file $1, in order.
keys_of_line ()
{
  sed -n "${2}p" "$1" | grep -o '"[A-Za-z]*":' | tr -d '":' | tr '\n' ' ' | sed 's/ $//'
}

# Records of an NDJSON file are in (finishedAt, jobId, runId, attempt) order,
# looking at finished attempts (a SKIPPED record has no finishedAt).
ndjson_sorted ()
{
  sed -n 's/^{"jobId":"\([^"]*\)","runId":\([0-9]*\),"attempt":\([0-9]*\),.*"finishedAt":"\([^"]*\)".*/\4 \1 \2 \3/p' "$1" |
    awk '
      NR > 1 {
        if ($1 < t || ($1 == t && ($2 < j || ($2 == j && ($3 + 0 < r || ($3 + 0 == r && $4 + 0 < a))))))
          bad = 1
      }
      { t = $1; j = $2; r = $3 + 0; a = $4 + 0 }
      END { exit bad }'
}

########################################################################
# The command line itself

run
check "no arguments is a usage error (2)" status_is 2

run --help
check "--help exits 0" status_is 0
for cmd in validate next simulate run export; do
  check "--help lists $cmd" bash -c "grep -q '^  $cmd ' '$tmp/out' && grep -q '^  orkestron-cli $cmd ' '$tmp/out'"
done

run frobnicate
check "unknown command exits 2" status_is 2
check "unknown command message" err_first_line_is 'orkestron-cli: error: unknown command "frobnicate"'

run --frobnicate
check "unknown global option exits 2" status_is 2

for cmd in validate next simulate run export; do
  run "$cmd" --help
  check "$cmd --help exits 0 with a usage line" bash -c "[[ $st -eq 0 ]] && grep -q 'orkestron-cli $cmd' '$tmp/out'"
  check "$cmd --help says no command is unavailable" out_lacks 'not available'
done

run simulate --help
check "simulate --help offers --history" out_matches '--history=DB'
run run --help
check "run --help offers --allow-commands and --history" \
  bash -c "grep -q -- '--allow-commands' '$tmp/out' && grep -q -- '--history=DB' '$tmp/out'"
run export --help
check "export --help offers the filters" \
  bash -c "for o in history workspace format job status since until transitions output; do grep -q -- \"--\$o\" '$tmp/out' || exit 1; done"

run validate --bogus small.json
check "unknown command option exits 2" status_is 2
check "unknown command option names it" err_matches '^orkestron-cli: error: .*--bogus'

########################################################################
# validate

run validate small.json fixed.json
check "validate of valid files exits 0" status_is 0
check "validate prints FILE: ok (N jobs)" out_is "small.json: ok (3 jobs)
fixed.json: ok (5 jobs)"
check "validate of valid files prints nothing on stderr" err_is ""

run validate
check "validate without a file exits 2" status_is 2

run validate invalid.json
check "invalid workspace exits 1" status_is 1
check "invalid workspace: FILE:LINE:COL: error: PATH: message" \
  err_is 'invalid.json:8:31: error: jobs[0].retry.max_delay: expected a duration like "5m", got "fast"'
check "invalid workspace prints nothing on stdout" out_empty

run validate unknown-key.json
check "unknown key exits 1" status_is 1
check "unknown key points at the key" err_matches '^unknown-key\.json:7:7: error: jobs\[0\]\.colour: '

run validate trailing-comma.json
check "trailing comma exits 1" status_is 1
check "trailing comma is reported with a position" \
  err_matches '^trailing-comma\.json:[0-9]+:[0-9]+: error: '

{
  echo '{ "version": 1, "jobs": ['
  for i in $(seq 1 24); do echo "{ \"type\": \"sync\", \"oops\": $i },"; done
  echo '{ "type": "sync", "oops": 25 } ] }'
} >"$tmp/many.json"
run validate "$tmp/many.json"
check "more than 20 errors: 20 shown, then a count of the rest" \
  bash -c "[[ $st -eq 1 && \$(wc -l <'$tmp/err') -eq 21 && \$(grep -c ': error: jobs\[[0-9]*\]\.oops: unknown key' '$tmp/err') -eq 20 ]]"
check "... the last line says how many more" \
  bash -c "[[ \"\$(tail -n 1 '$tmp/err')\" == '$tmp/many.json: error: 5 more errors not shown' ]]"

run validate small.json invalid.json
check "one invalid file among good ones exits 1" status_is 1
check "the good file is still reported ok" out_is "small.json: ok (3 jobs)"

run validate "$tmp/does-not-exist.json"
check "unreadable workspace exits 3" status_is 3
check "unreadable workspace message" err_matches '^orkestron-cli: error: .*does-not-exist\.json'

run validate "$tmp/does-not-exist.json" invalid.json
check "an unreadable file outranks an invalid one (3)" status_is 3

########################################################################
# next

run next '0 12 * * *' --from 2026-06-01T00:00:00Z --count 2
check "next with default --tz uses the local zone (TZ=UTC)" \
  bash -c "[[ $st -eq 0 ]] && [[ \"\$(cat '$tmp/out')\" == '2026-06-01T12:00:00+00:00
2026-06-02T12:00:00+00:00' ]]"

run next '0 0 13 * 5' --from 2026-04-01T00:00:00Z --count 4 --tz UTC
check "next: dom and dow both restricted match either (Vixie)" out_is "2026-04-03T00:00:00+00:00
2026-04-10T00:00:00+00:00
2026-04-13T00:00:00+00:00
2026-04-17T00:00:00+00:00"

run next '*/15 * * * *' --from 2026-01-01T00:00:00Z --tz UTC
check "next prints 10 times by default" out_lines 10
check "next is strictly after --from" bash -c "head -n 1 '$tmp/out' | grep -qx '2026-01-01T00:15:00+00:00'"

run next '0 0 * 2 1#5' --from 2026-01-01T00:00:00Z --count 1 --tz UTC
check "next finds a rare fire (fifth Monday of February)" out_is "2044-02-29T00:00:00+00:00"

run next '@hourly' --from 2026-01-01T00:30:00+05:30 --count 1 --tz Asia/Kolkata
if have_zone Asia/Kolkata; then
  check "next prints a half-hour offset" out_is "2026-01-01T01:00:00+05:30"
else
  skip "next prints a half-hour offset" "no tzdata"
fi

if have_zone Europe/Berlin; then
  # Spring forward: 2026-03-29, 02:00 CET → 03:00 CEST; 02:30 does not exist.
  run next '30 2 * * *' --from 2026-03-28T12:00:00+01:00 --count 3 --tz Europe/Berlin
  check "fixed-time job in the spring-forward gap fires once at the gap's end" \
    out_is "2026-03-29T03:00:00+02:00
2026-03-30T02:30:00+02:00
2026-03-31T02:30:00+02:00"

  run next '*/30 2 * * *' --from 2026-03-28T12:00:00+01:00 --count 2 --tz Europe/Berlin
  check "frequent job does not fire in the spring-forward gap" \
    out_is "2026-03-30T02:00:00+02:00
2026-03-30T02:30:00+02:00"

  # Fall back: 2026-10-25, 03:00 CEST → 02:00 CET; 02:00-02:59 happens twice.
  run next '30 2 * * *' --from 2026-10-24T12:00:00+02:00 --count 3 --tz Europe/Berlin
  check "fixed-time job fires once in the repeated hour, at its first occurrence" \
    out_is "2026-10-25T02:30:00+02:00
2026-10-26T02:30:00+01:00
2026-10-27T02:30:00+01:00"

  run next '*/30 2 * * *' --from 2026-10-25T01:00:00+02:00 --count 5 --tz Europe/Berlin
  check "frequent job fires in both occurrences of the repeated hour" \
    out_is "2026-10-25T02:00:00+02:00
2026-10-25T02:30:00+02:00
2026-10-25T02:00:00+01:00
2026-10-25T02:30:00+01:00
2026-10-26T02:00:00+01:00"

  st=0
  last_cmd="TZ=Europe/Berlin orkestron-cli next '0 12 * * *' --from 2026-06-01T00:00:00Z --count 1"
  TZ=Europe/Berlin "$cli" next '0 12 * * *' --from 2026-06-01T00:00:00Z --count 1 \
    >"$tmp/out" 2>"$tmp/err" || st=$?
  check "next without --tz follows the local zone (TZ=Europe/Berlin)" \
    out_is "2026-06-01T12:00:00+02:00"
else
  for d in "gap" "gap (frequent)" "repeated hour" "repeated hour (frequent)" "local zone"; do
    skip "DST: $d" "no tzdata for Europe/Berlin"
  done
fi

run next '61 * * * *'
check "cron syntax error exits 1" status_is 1
check "cron syntax error: EXPR:COL: error: message" err_matches '^61 \* \* \* \*:1: error: .*61'

run next '*/15 25 * * *'
check "cron error column points at the bad field" err_matches '^\*/15 25 \* \* \*:6: error: '

run next '0 0 30 2 *'
check "a cron expression that never fires exits 1" status_is 1
check "never-firing expression says so" err_matches '^0 0 30 2 \*:[0-9]+: error: .*never fires'
check "never-firing expression points at the day-of-month" \
  err_first_line_is '0 0 30 2 *:5: error: never fires: day 30 does not exist in February'
# The expression's first character is column 64 of the line: validate points
# at the same token as next, column 64 + 5 - 1.
printf '%s\n' '{"version": 1, "jobs": [{"type": "sync", "schedule": {"expr": "0 0 30 2 *", "kind": "cron"}}]}' \
  >"$tmp/never.json"
run validate "$tmp/never.json"
check "validate points a never-firing expression at the token next names" \
  err_is "$tmp/never.json:1:68: error: jobs[0].schedule.expr: never fires: day 30 does not exist in February"

run next '0 0 * * *' --tz Mars/Olympus_Mons
check "unknown time zone exits 1" status_is 1
check "unknown time zone message" \
  err_first_line_is 'orkestron-cli: error: unknown time zone "Mars/Olympus_Mons" (use a tz database name such as Europe/Berlin, UTC, or an offset like +05:00)'

# POSIX TZ strings read backwards ("UTC+5" is five hours behind): refused.
for zone in UTC+5 UTC-3 'EST5EDT,M3.2.0,M11.1.0' zone.tab /usr/share/zoneinfo/UTC; do
  run next '0 0 * * *' --from 2026-06-01T00:00:00Z --count 1 --tz "$zone"
  check "--tz $zone is refused (1)" \
    bash -c "[[ $st -eq 1 && ! -s '$tmp/out' ]] && [[ \"\$(head -n 1 '$tmp/err')\" == 'orkestron-cli: error: unknown time zone \"$zone\" (use a tz database name such as Europe/Berlin, UTC, or an offset like +05:00)' ]]"
done
run next '0 0 * * *' --from 2026-06-01T00:00:00Z --count 1 --tz +05:00
check "--tz +05:00 is five hours ahead" out_is "2026-06-02T00:00:00+05:00"
run next '0 0 * * *' --from 2026-06-01T00:00:00Z --count 1 --tz -03:30
check "--tz -03:30 is three and a half hours behind" out_is "2026-06-01T00:00:00-03:30"
run next '0 0 * * *' --from 2026-06-01T00:00:00Z --count 1 --tz UTC
check "--tz UTC" out_is "2026-06-02T00:00:00+00:00"
run next --help
check "next --help says which zones are accepted" \
  bash -c "grep -q 'tz database name' '$tmp/out' && grep -q '+05:00' '$tmp/out' && grep -q 'UTC+5' '$tmp/out'"
if have_zone Europe/Berlin; then
  mkdir -p "$tmp/zoneinfo/Test"
  cp /usr/share/zoneinfo/Europe/Berlin "$tmp/zoneinfo/Test/Zone"
  st=0
  last_cmd="TZDIR=$tmp/zoneinfo orkestron-cli next ... --tz Test/Zone"
  TZDIR="$tmp/zoneinfo" "$cli" next '0 0 * * *' --from 2026-06-01T00:00:00Z --count 1 \
    --tz Test/Zone >"$tmp/out" 2>"$tmp/err" || st=$?
  check "--tz looks zones up in \$TZDIR" out_is "2026-06-02T00:00:00+02:00"
  st=0
  TZDIR="$tmp/zoneinfo" "$cli" next '0 0 * * *' --tz Europe/Berlin >"$tmp/out" 2>"$tmp/err" || st=$?
  check "... and only there" status_is 1
else
  skip "--tz looks zones up in \$TZDIR" "no tzdata"
  skip "... and only there" "no tzdata"
fi

# Times are printed as ISO-8601 with four-digit years: 1970 to 9999.
run next '0 0 1 1 *' --from 9999-06-01T00:00:00Z --tz UTC
check "next past the year 9999 prints nothing and exits 0" \
  bash -c "[[ $st -eq 0 && ! -s '$tmp/out' && ! -s '$tmp/err' ]]"
run next '0 0 1 1 *' --from 9995-06-01T00:00:00Z --tz UTC
check "next stops after the last fire in 9999" out_is "9996-01-01T00:00:00+00:00
9997-01-01T00:00:00+00:00
9998-01-01T00:00:00+00:00
9999-01-01T00:00:00+00:00"
run next '0 0 1 1 *' --from 9997-06-01T00:00:00Z --tz +14:00
check "next stops where the zone's local time would pass 9999 (exit 0)" \
  bash -c "[[ $st -eq 0 && \"\$(cat '$tmp/out')\" == '9998-01-01T00:00:00+14:00
9999-01-01T00:00:00+14:00' ]]"
check "next never prints invalid-time" out_lacks 'invalid'
run next '0 0 1 1 *' --from 9999-12-31T23:59:59Z --tz UTC
check "--from 9999-12-31T23:59:59Z is the last time allowed" bash -c "[[ $st -eq 0 ]]"
run next '0 0 1 1 *' --from 10000-01-01T00:00:00Z --tz UTC
check "--from after 9999 is a usage error" status_is 2
check "... naming the option and the range" \
  err_first_line_is 'orkestron-cli: error: --from: expected a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, got "10000-01-01T00:00:00Z"'
run next '0 0 1 1 *' --from 1969-12-31T23:59:59Z --tz UTC
check "--from before 1970 is a usage error" status_is 2
check "... naming the option and the range" \
  err_first_line_is 'orkestron-cli: error: --from: expected a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, got "1969-12-31T23:59:59Z"'

run next '0 0 * * *' --count 0
check "--count 0 is a usage error" status_is 2
run next '0 0 * * *' --count ten
check "--count ten is a usage error" status_is 2
run next '0 0 * * *' --from yesterday
check "a bad --from is a usage error" status_is 2
run next 30 2 '*' '*' '*'
check "an unquoted expression is a usage error" status_is 2
run next
check "next without an expression is a usage error" status_is 2

########################################################################
# simulate

span=(--start 2026-11-26T00:00:30Z --for 10m)

run simulate fixed.json "${span[@]}"
check "simulate exits 0" status_is 0
cp "$tmp/out" "$tmp/fixed.ndjson"
cp "$tmp/err" "$tmp/fixed.summary"
check "simulate summary (deterministic workspace)" err_is "Simulated 2026-11-26T00:00:30.000Z .. 2026-11-26T00:10:30.000Z (10m), seed 1, 5 jobs
Runs: 24 (SUCCEEDED 20, FAILED 2, TIMED_OUT 2)
Attempts: 28 (SUCCEEDED 20, FAILED 6, TIMED_OUT 2)
Failure rate: 28.6 % of attempts (FAILED or TIMED_OUT)
Duration: p50 500 ms, p95 1.0 min, p99 1.0 min
Retries: 4
Unfinished at the end: 1 (1 running)"
check "simulate writes one NDJSON line per finished attempt" out_lines 28
check "NDJSON records have the §4 keys in order" \
  bash -c "[[ \"\$(sed -n 1p '$tmp/fixed.ndjson' | grep -o '\"[A-Za-z]*\":' | tr -d '\":' | tr '\n' ' ' | sed 's/ \$//')\" == '$record_keys' ]]"
check "records are sorted by finish time, then jobId, runId, attempt" ndjson_sorted "$tmp/fixed.ndjson"
# Both one-minute jobs finish at the same instant: also_ok sorts before ok_job.
check "records of the same instant are ordered by jobId" \
  bash -c "[[ \"\$(sed -n '1,2s/^{\"jobId\":\"\([^\"]*\)\".*/\1/p' '$tmp/fixed.ndjson' | tr '\n' ' ')\" == 'also_ok ok_job ' ]]"
check "a failed attempt's record" \
  grep -q '^{"jobId":"always_fails","runId":1,"attempt":1,"status":"FAILED","reason":"injected-failure","nominalAt":"2026-11-26T00:05:00.000Z","queuedAt":"2026-11-26T00:05:00.000Z","startedAt":"2026-11-26T00:05:00.000Z","finishedAt":"2026-11-26T00:05:00.200Z","queueMs":0,"durationMs":200,"exitCode":null,"nextRetryIn":1000,' "$tmp/fixed.ndjson"
check "the last retry of a run has no next retry" \
  grep -q '^{"jobId":"always_fails","runId":1,"attempt":3,"status":"FAILED",.*"nextRetryIn":null,' "$tmp/fixed.ndjson"
check "a hung attempt ends TIMED_OUT after its timeout" \
  grep -Eq '^\{"jobId":"hangs","runId":1,"attempt":1,"status":"TIMED_OUT","reason":"(timeout|injected-hang)","nominalAt":"2026-11-26T00:04:00.000Z",.*"finishedAt":"2026-11-26T00:05:00.000Z",.*"durationMs":60000,' "$tmp/fixed.ndjson"
if [[ -n "$json_tool" ]]; then
  check "every NDJSON line parses" ndjson_parses "$tmp/fixed.ndjson"
else
  skip "every NDJSON line parses" "no python3 or jq"
fi

run simulate fixed.json --start 2026-11-26T00:00:30Z --until 2026-11-26T00:10:30Z
check "--until gives the same records as the same span with --for" cmp -s "$tmp/out" "$tmp/fixed.ndjson"

run simulate fixed.json "${span[@]}" --format csv
check "csv exits 0" status_is 0
check "csv header has the §4 keys in order" bash -c "[[ \"\$(head -n 1 '$tmp/out')\" == '$csv_header' ]]"
check "csv has a header and one row per record" out_lines 29
check "csv empty cells for null" \
  grep -q '^always_fails,1,1,FAILED,injected-failure,2026-11-26T00:05:00.000Z,2026-11-26T00:05:00.000Z,2026-11-26T00:05:00.000Z,2026-11-26T00:05:00.200Z,0,200,,1000,' "$tmp/out"

run simulate fixed.json "${span[@]}" --format json
check "json exits 0" status_is 0
check "json is one array" bash -c "[[ \"\$(head -n 1 '$tmp/out')\" == '[' && \"\$(tail -n 1 '$tmp/out')\" == ']' ]]"
check "json records have the §4 keys in order" \
  bash -c "[[ \"\$(sed -n 2p '$tmp/out' | grep -o '\"[A-Za-z]*\":' | tr -d '\":' | tr '\n' ' ' | sed 's/ \$//')\" == '$record_keys' ]]"
if [[ -n "$json_tool" ]]; then
  cp "$tmp/out" "$tmp/fixed.json"
  check "json parses" json_parses "$tmp/fixed.json"
else
  skip "json parses" "no python3 or jq"
fi

run simulate small.json --start 2026-11-26T00:00:00Z --for 6h
check "simulate of a random workspace exits 0" status_is 0
cp "$tmp/out" "$tmp/small-1.ndjson"
cp "$tmp/err" "$tmp/small-1.summary"
check "the random workspace produces records" bash -c "[[ \$(wc -l <'$tmp/small-1.ndjson') -gt 100 ]]"
check "the summary names the workspace's seed" \
  bash -c "head -n 1 '$tmp/small-1.summary' | grep -q ', seed 7, 3 jobs\$'"
check "random records are sorted too" ndjson_sorted "$tmp/small-1.ndjson"
run simulate small.json --start 2026-11-26T00:00:00Z --for 6h
check "the same workspace, seed and start give byte-identical records" \
  cmp -s "$tmp/out" "$tmp/small-1.ndjson"
check "... and the same summary" cmp -s "$tmp/err" "$tmp/small-1.summary"
run simulate small.json --start 2026-11-26T00:00:00Z --for 6h --seed 8
check "a different seed gives different records" bash -c "! cmp -s '$tmp/out' '$tmp/small-1.ndjson'"
check "the summary names the --seed" bash -c "head -n 1 '$tmp/err' | grep -q ', seed 8, '"
run simulate small.json --start 2026-11-26T00:00:00Z --for 6h --seed 7
check "--seed equal to settings.seed changes nothing" cmp -s "$tmp/out" "$tmp/small-1.ndjson"

run simulate small.json --start 2026-11-26T00:00:00Z --for 6h --quiet
check "--quiet exits 0" status_is 0
check "--quiet writes no records" out_empty
check "--quiet still prints the summary" cmp -s "$tmp/err" "$tmp/small-1.summary"

run simulate small.json --start 2026-11-26T00:00:00Z --for 6h -o "$tmp/o.ndjson"
check "-o exits 0" status_is 0
check "-o writes nothing on stdout" out_empty
check "-o writes the records to the file" cmp -s "$tmp/o.ndjson" "$tmp/small-1.ndjson"
check "-o leaves no temporary file behind" bash -c "[[ \$(ls -A '$tmp' | grep -c '^\\.o\\.ndjson') -eq 0 ]]"

# -o through a symbolic link replaces the link's target and keeps the link.
echo old >"$tmp/target.ndjson"
ln -s target.ndjson "$tmp/link.ndjson"
run simulate small.json --start 2026-11-26T00:00:00Z --for 6h -o "$tmp/link.ndjson"
check "-o to a symbolic link exits 0" status_is 0
check "-o keeps the symbolic link a link" bash -c "[[ -L '$tmp/link.ndjson' && \"\$(readlink '$tmp/link.ndjson')\" == target.ndjson ]]"
check "-o writes the records to the link's target" cmp -s "$tmp/target.ndjson" "$tmp/small-1.ndjson"

mkdir "$tmp/sub"
ln -s sub/new.ndjson "$tmp/dangling.ndjson"
run simulate small.json --start 2026-11-26T00:00:00Z --for 6h -o "$tmp/dangling.ndjson"
check "-o to a dangling link creates its target and keeps the link" \
  bash -c "[[ $st -eq 0 && -L '$tmp/dangling.ndjson' ]] && cmp -s '$tmp/sub/new.ndjson' '$tmp/small-1.ndjson'"

echo old >"$tmp/private.ndjson"
chmod 600 "$tmp/private.ndjson"
run simulate small.json --start 2026-11-26T00:00:00Z --for 6h -o "$tmp/private.ndjson"
check "-o over a regular file keeps its permissions" \
  bash -c "[[ \"\$(stat -c %a '$tmp/private.ndjson')\" == 600 ]]"

if mkfifo "$tmp/fifo" 2>/dev/null; then
  cat "$tmp/fifo" >"$tmp/from-fifo" &
  reader=$!
  run simulate small.json --start 2026-11-26T00:00:00Z --for 6h -o "$tmp/fifo"
  # A CLI that never opened the pipe leaves the reader waiting: end it.
  for _ in $(seq 50); do
    kill -0 "$reader" 2>/dev/null || break
    sleep 0.1
  done
  kill "$reader" 2>/dev/null
  wait "$reader" 2>/dev/null
  check "-o to a named pipe exits 0" status_is 0
  check "-o writes into the named pipe" cmp -s "$tmp/from-fifo" "$tmp/small-1.ndjson"
  check "-o leaves the named pipe a named pipe" test -p "$tmp/fifo"
else
  skip "-o to a named pipe" "no mkfifo"
fi

# -o /dev/stdout, through a link of our own: a CLI that wrongly renames over
# the name it is given then replaces that link, never the real /dev/stdout.
if [[ -e /dev/stdout ]] && ln -s /dev/stdout "$tmp/stdout"; then
  st=0
  last_cmd="orkestron-cli simulate small.json ... -o STDOUT-LINK | cat"
  { "$cli" simulate small.json --start 2026-11-26T00:00:00Z --for 6h -o "$tmp/stdout" \
      2>"$tmp/err" || st=$?; } | cat >"$tmp/piped.ndjson"
  check "-o /dev/stdout on a pipe exits 0" status_is 0
  check "-o /dev/stdout writes into the pipe" cmp -s "$tmp/piped.ndjson" "$tmp/small-1.ndjson"
  check "-o /dev/stdout leaves the link alone" bash -c "[[ -L '$tmp/stdout' ]]"
  run simulate small.json --start 2026-11-26T00:00:00Z --for 6h -o "$tmp/stdout"
  check "-o /dev/stdout into a file gives the records" cmp -s "$tmp/out" "$tmp/small-1.ndjson"
else
  skip "-o /dev/stdout" "no /dev/stdout"
fi

cp small.json "$tmp/ws.json"
ln -s ws.json "$tmp/ws-link.json"
run simulate "$tmp/ws.json" --start 2026-11-26T00:00:00Z --for 6h -o "$tmp/ws.json"
check "-o naming the workspace itself is a usage error" status_is 2
check "... that says so" \
  err_first_line_is "orkestron-cli: error: --output: $tmp/ws.json is the workspace file $tmp/ws.json; write the records to another file"
check "... and leaves the workspace alone" cmp -s "$tmp/ws.json" small.json
run simulate "$tmp/ws-link.json" --start 2026-11-26T00:00:00Z --for 6h -o "$tmp/ws.json"
check "-o naming the workspace through a link is a usage error too" status_is 2
check "... and leaves the workspace alone" cmp -s "$tmp/ws.json" small.json

run simulate small.json --start 2026-11-26T00:00:00Z --for 6h -o "$tmp/no-such-dir/o.ndjson"
check "unwritable -o exits 3" status_is 3
check "unwritable -o message" err_matches '^orkestron-cli: error: cannot write .*no-such-dir/o\.ndjson'

if [[ -w /dev/full ]]; then
  st=0
  last_cmd="orkestron-cli simulate small.json ... >/dev/full"
  "$cli" simulate small.json --start 2026-11-26T00:00:00Z --for 6h >/dev/full 2>"$tmp/err" || st=$?
  check "a full standard output exits 3" status_is 3
else
  skip "a full standard output exits 3" "no /dev/full"
fi

run simulate invalid.json "${span[@]}"
check "simulate of an invalid workspace exits 1" status_is 1
check "simulate reports the workspace errors" \
  err_is 'invalid.json:8:31: error: jobs[0].retry.max_delay: expected a duration like "5m", got "fast"'
run simulate "$tmp/does-not-exist.json" "${span[@]}"
check "simulate of a missing workspace exits 3" status_is 3

run simulate fixed.json --start 2026-11-26T00:00:00Z
check "neither --for nor --until is a usage error" status_is 2
run simulate fixed.json --start 2026-11-26T00:00:00Z --for 1h --until 2026-11-27T00:00:00Z
check "both --for and --until is a usage error" status_is 2
run simulate fixed.json "${span[@]}" --format xml
check "--format xml is a usage error" status_is 2
run simulate fixed.json --start 2026-11-26T00:00:00Z --for soon
check "a bad --for is a usage error" status_is 2
run simulate fixed.json --start 2026-11-26T00:00:00Z --for 36501d
check "a --for past 100 years is a usage error" status_is 2
check "... that names the limit" \
  err_first_line_is 'orkestron-cli: error: --for: duration "36501d" is too long (at most 36500d)'
printf '%s\n' '{ "version": 1, "jobs": [' \
  '{ "id": "j", "type": "sync", "interval": "1m", "start_jitter": "99999999999d" },' \
  '{ "id": "t", "type": "sync", "interval": "1m", "timeout": 99999999999999 } ] }' \
  >"$tmp/long.json"
run simulate "$tmp/long.json" --start 2026-11-26T00:00:00Z --for 1h --quiet
check "durations past 100 years are invalid (1), not an engine overflow" status_is 1
check "... with a message for each" bash -c "[[ \"\$(sed 's/^[^:]*:[0-9]*:[0-9]*: //' '$tmp/err')\" == 'error: jobs[0].start_jitter: duration \"99999999999d\" is too long (at most 36500d)
error: jobs[1].timeout: duration 99999999999999 is too long (at most 36500d)' ]]"
run simulate fixed.json --start tomorrow --for 1h
check "a bad --start is a usage error" status_is 2
run simulate fixed.json --start 2026-11-26T00:00:00Z --until 2026-11-25T00:00:00Z
check "--until before --start is a usage error" status_is 2
run simulate small.json --start 0001-01-01T00:00:00Z --for 3s
check "--start before 1970 is a usage error" status_is 2
check "... naming the option and the range" \
  err_first_line_is 'orkestron-cli: error: --start: expected a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, got "0001-01-01T00:00:00Z"'
run simulate small.json --start 9999-12-31T23:59:59Z --for 3s
check "a span ending after 9999 is a usage error" status_is 2
check "... that says so" \
  err_first_line_is 'orkestron-cli: error: --for: the span would end after 9999-12-31T23:59:59Z'
run simulate small.json --start 2026-01-01T00:00:00Z --until 10000-01-01T00:00:00Z
check "--until after 9999 is a usage error" status_is 2
check "... naming the option and the range" \
  err_first_line_is 'orkestron-cli: error: --until: expected a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, got "10000-01-01T00:00:00Z"'
run simulate small.json --start 9999-12-31T23:58:00Z --for 119s
check "a span ending at 9999-12-31T23:59:59Z runs" status_is 0
check "... and writes only valid times" \
  bash -c "[[ -s '$tmp/out' ]] && ! grep -q invalid '$tmp/out' '$tmp/err'"
check "... and its summary shows the end" \
  err_first_line_is 'Simulated 9999-12-31T23:58:00.000Z .. 9999-12-31T23:59:59.000Z (119s), seed 7, 3 jobs'
run simulate small.json --start 1970-01-01T00:00:00Z --for 1s
check "a span from 1970-01-01T00:00:00Z runs" status_is 0

run simulate fixed.json "${span[@]}" --seed -1
check "a negative --seed is a usage error" status_is 2
run simulate "${span[@]}"
check "simulate without a file is a usage error" status_is 2
########################################################################
# simulate --history, then export

hist="$tmp/sim.db"
run simulate fixed.json "${span[@]}" --history "$hist"
check "simulate --history exits 0" status_is 0
check "simulate --history writes the same records" cmp -s "$tmp/out" "$tmp/fixed.ndjson"
check "simulate --history creates the database 0600" \
  bash -c "[[ -f '$hist' && \"\$(stat -c %a '$hist')\" == 600 ]]"
run simulate fixed.json "${span[@]}" --quiet
check "without --history no database is written" \
  bash -c "[[ ! -e '$tmp/data/orkestron/history' ]]"

run export --history "$hist" --format ndjson
check "export exits 0" status_is 0
check "export gives simulate's NDJSON byte for byte" cmp -s "$tmp/out" "$tmp/fixed.ndjson"
check "export prints nothing on stderr when it is not a terminal" err_is ""

run simulate fixed.json "${span[@]}" --format csv
cp "$tmp/out" "$tmp/fixed.csv"
run export --history "$hist" --format csv
check "export csv gives simulate's CSV byte for byte" cmp -s "$tmp/out" "$tmp/fixed.csv"
run simulate fixed.json "${span[@]}" --format json
cp "$tmp/out" "$tmp/fixed-array.json"
run export --history "$hist" --format json
check "export json gives simulate's JSON byte for byte" cmp -s "$tmp/out" "$tmp/fixed-array.json"

run export --history "$hist" --format ndjson --job always_fails
check "--job keeps only that job's records" \
  bash -c "[[ -s '$tmp/out' && \"\$(cat '$tmp/out')\" == \"\$(grep '^{\"jobId\":\"always_fails\",' '$tmp/fixed.ndjson')\" ]]"
run export --history "$hist" --format ndjson --status FAILED
check "--status FAILED keeps only FAILED records" \
  bash -c "[[ \$(wc -l <'$tmp/out') -eq 6 && \"\$(cat '$tmp/out')\" == \"\$(grep '\"status\":\"FAILED\"' '$tmp/fixed.ndjson')\" ]]"
run export --history "$hist" --format ndjson --status failed
check "--status takes lower case too" \
  bash -c "[[ $st -eq 0 ]] && \"$cli\" export --history '$hist' --format ndjson --status FAILED | cmp -s - '$tmp/out'"
run export --history "$hist" --format ndjson --status TIMED_OUT
check "--status TIMED_OUT keeps only TIMED_OUT records" \
  bash -c "[[ \$(wc -l <'$tmp/out') -eq 2 ]] && ! grep -vq '\"status\":\"TIMED_OUT\"' '$tmp/out'"
run export --history "$hist" --format ndjson --status SKIPPED
check "--status with no matching record writes nothing" bash -c "[[ $st -eq 0 && ! -s '$tmp/out' ]]"
run export --history "$hist" --format ndjson --since 2026-11-26T00:05:00Z --until 2026-11-26T00:06:00.200Z
check "--since/--until keep records finished in [since, until)" \
  bash -c "[[ -s '$tmp/out' && \"\$(cat '$tmp/out')\" == \"\$(awk -F'\"finishedAt\":\"' '{ t = substr(\$2, 1, 24) } t >= \"2026-11-26T00:05:00.000Z\" && t < \"2026-11-26T00:06:00.200Z\"' '$tmp/fixed.ndjson')\" ]]"
run export --history "$hist" --format ndjson --since 2026-11-26T00:09:00Z
cp "$tmp/out" "$tmp/since.ndjson"
run export --history "$hist" --format ndjson --since 2026-11-26T01:09:00+01:00
check "--since takes an offset" bash -c "[[ $st -eq 0 && -s '$tmp/out' ]] && cmp -s '$tmp/out' '$tmp/since.ndjson'"
run export --history "$hist" --format ndjson --job always_fails --status FAILED --until 2026-11-26T00:06:00Z
check "filters combine" \
  bash -c "[[ \$(wc -l <'$tmp/out') -eq 3 ]] && ! grep -vq '^{\"jobId\":\"always_fails\",\"runId\":1,.*\"status\":\"FAILED\"' '$tmp/out'"

run export --history "$hist" --format ndjson --transitions
check "--transitions adds a last key to every record" \
  bash -c "[[ \$(wc -l <'$tmp/out') -eq 28 ]] && ! grep -vq '\"message\":[^,]*,\"transitions\":\\[{\"at\":\"[^\"]*\",\"from\":\"[A-Z_]*\",\"to\":\"[A-Z_]*\",\"reason\":\"[a-z-]*\"}.*\\]}\$' '$tmp/out'"
check "--transitions shows how a run began" \
  grep -q '^{"jobId":"always_fails","runId":1,"attempt":1,.*"transitions":\[{"at":"2026-11-26T00:05:00.000Z","from":"SCHEDULED","to":"QUEUED","reason":"schedule"}' "$tmp/out"
if [[ -n "$json_tool" ]]; then
  check "NDJSON with transitions parses" ndjson_parses "$tmp/out"
fi
run export --history "$hist" --format csv --transitions
check "--transitions adds a last CSV column" bash -c "[[ \"\$(head -n 1 '$tmp/out')\" == '$csv_header,transitions' ]]"
check "... holding the transitions as text" \
  grep -q '^always_fails,1,1,FAILED,.*,2026-11-26T00:05:00.000Z SCHEDULED>QUEUED schedule; ' "$tmp/out"
run export --history "$hist" --format json --transitions
if [[ -n "$json_tool" ]]; then
  cp "$tmp/out" "$tmp/transitions.json"
  check "JSON with transitions parses" json_parses "$tmp/transitions.json"
fi
run export --history "$hist" --format json
check "without --transitions there is no such key" out_lacks 'transitions'

run export --history "$hist" --format ndjson -o "$tmp/exported.ndjson"
check "export -o writes the file and nothing on stdout" \
  bash -c "[[ $st -eq 0 && ! -s '$tmp/out' ]] && cmp -s '$tmp/exported.ndjson' '$tmp/fixed.ndjson'"
run export --history "$hist" --format ndjson -o "$tmp/no-such-dir/x.ndjson"
check "export to an unwritable -o exits 3" status_is 3
check "... naming it" err_matches '^orkestron-cli: error: cannot write .*no-such-dir/x\.ndjson'
run export --history "$hist" --format ndjson -o "$hist"
check "export -o naming the database is a usage error" status_is 2
check "... and leaves the database whole" bash -c "\"$cli\" export --history '$hist' --format ndjson | cmp -s - '$tmp/fixed.ndjson'"

run export --history "$hist" --format xml
check "export --format xml is a usage error" status_is 2
check "... that names the formats" err_first_line_is 'orkestron-cli: error: --format: expected ndjson, csv or json, got "xml"'
run export --history "$hist"
check "export without --format is a usage error" status_is 2
run export --history "$hist" --format csv --status DONE
check "an unknown --status is a usage error" status_is 2
check "... that names the statuses" \
  err_first_line_is 'orkestron-cli: error: --status: expected SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, SKIPPED or INTERRUPTED, got "DONE"'
run export --history "$hist" --format csv --status RUNNING
check "a --status that is no record status is a usage error" status_is 2
run export --history "$hist" --format csv --since yesterday
check "a bad --since is a usage error" status_is 2
run export --history "$hist" --format csv --since 2026-11-27T00:00:00Z --until 2026-11-26T00:00:00Z
check "--until before --since is a usage error" status_is 2
run export --format csv
check "export without a database is a usage error" status_is 2
run export --history "$hist" --workspace live.json --format csv
check "export with both --history and --workspace is a usage error" status_is 2
run export --history "$tmp/none.db" --format csv
check "export of a missing database exits 3" status_is 3
check "... saying so" err_first_line_is "orkestron-cli: error: there is no history at $tmp/none.db"
run export --history fixed.json --format csv
check "export of a file that is no history exits 3" status_is 3
check "... saying so" err_matches '^orkestron-cli: error: .*fixed\.json is not an Orkestron history database'
run export --workspace "$tmp/no-such-workspace.json" --format csv
check "export of a workspace that does not exist exits 3" status_is 3
check "... saying so" err_first_line_is "orkestron-cli: error: there is no workspace at $tmp/no-such-workspace.json"
cp small.json "$tmp/never-ran.json"
run export --workspace "$tmp/never-ran.json" --format csv
check "export of a workspace without live history exits 3" status_is 3
check "... saying so" err_matches '^orkestron-cli: error: the workspace .*never-ran\.json has no live history yet'

run simulate small.json --start 2026-11-26T00:00:00Z --for 6h --history "$hist"
check "a new simulation replaces the database" \
  bash -c "[[ $st -eq 0 ]] && \"$cli\" export --history '$hist' --format ndjson | cmp -s - '$tmp/small-1.ndjson'"

cp small.json "$tmp/ws.json"
run simulate "$tmp/ws.json" "${span[@]}" --history "$tmp/ws.json"
check "--history naming the workspace is a usage error" status_is 2
check "... and leaves the workspace alone" cmp -s "$tmp/ws.json" small.json
run simulate fixed.json "${span[@]}" --history "$tmp/o.ndjson" -o "$tmp/o.ndjson"
check "--history and -o naming the same file is a usage error" status_is 2
echo "my notes" >"$tmp/notes.txt"
run simulate fixed.json "${span[@]}" --history "$tmp/notes.txt"
check "--history naming a file that is no database exits 3" status_is 3
check "... saying so" err_first_line_is "orkestron-cli: error: $tmp/notes.txt is not an Orkestron history database; the simulation would replace it, so it is left alone"
check "... and leaves the file alone" bash -c "[[ \"\$(cat '$tmp/notes.txt')\" == 'my notes' ]]"
touch "$tmp/not-a-dir"
run simulate fixed.json "${span[@]}" --history "$tmp/not-a-dir/sub/h.db"
check "--history in a directory that cannot be created exits 3" status_is 3
check "... saying so" err_first_line_is "orkestron-cli: error: cannot create the directory $tmp/not-a-dir/sub: Not a directory"
check "... before writing any record" out_empty

########################################################################
# run

# start_engine ARG...: the CLI in the background; pid in $engine, stderr in $tmp/engine.err.
start_engine ()
{
  last_cmd="orkestron-cli $* &"
  "$cli" "$@" >"$tmp/engine.out" 2>"$tmp/engine.err" &
  engine=$!
}

# wait_log REGEX [TENTHS]: waits (default at most 15 s) until the engine logged a matching line.
wait_log ()
{
  for _ in $(seq "${2:-150}"); do
    grep -Eq -- "$1" "$tmp/engine.err" 2>/dev/null && return 0
    kill -0 "$engine" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# stop_engine SIGNAL: sends it, waits at most 15 s; status in $st, tenths of a second taken in $took.
stop_engine ()
{
  took=0
  kill -s "$1" "$engine" 2>/dev/null
  while kill -0 "$engine" 2>/dev/null && [[ $took -lt 150 ]]; do
    sleep 0.1
    took=$((took + 1))
  done
  kill -KILL "$engine" 2>/dev/null
  wait "$engine"
  st=$?
  engine=""
  cp "$tmp/engine.err" "$tmp/err"
  : >"$tmp/out"
}

run run
check "run without a file is a usage error" status_is 2
run run live.json fixed.json
check "run with two files is a usage error" status_is 2
run run invalid.json
check "run of an invalid workspace exits 1" status_is 1
check "... with the workspace errors" err_matches '^invalid\.json:8:31: error: '
run run "$tmp/does-not-exist.json"
check "run of a missing workspace exits 3" status_is 3

start_engine run live.json
wait_log '^[0-9TZ:.-]+ tick run 2 attempt 1: SUCCEEDED \(completed\)$'
check "run logs one line per finished attempt" \
  grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{12}Z tock run 1 attempt 1: SUCCEEDED \(completed\)$' "$tmp/engine.err"
run run live.json
check "a second run on the same workspace exits 3" status_is 3
check "... saying another engine holds the history" \
  err_first_line_is "orkestron-cli: error: the history $(echo "$tmp"/data/orkestron/history/live.json-*.db) is in use by another Orkestron engine (pid $engine)"
run simulate fixed.json "${span[@]}" --quiet --history "$(echo "$tmp"/data/orkestron/history/live.json-*.db)"
check "simulate --history on a database an engine holds exits 3" status_is 3
run export --workspace live.json --format ndjson
check "export reads the live history while the engine runs" \
  bash -c "[[ $st -eq 0 ]] && grep -q '\"status\":\"SUCCEEDED\"' '$tmp/out'"
stop_engine TERM
check "run stops on SIGTERM with exit 0" status_is 0
check "... and says so" err_matches '^orkestron-cli: stopped by SIGTERM; '
run export --workspace live.json --format ndjson --status SUCCEEDED
check "the live history has SUCCEEDED records of both jobs" \
  bash -c "grep -q '^{\"jobId\":\"tick\",\"runId\":1,\"attempt\":1,\"status\":\"SUCCEEDED\",\"reason\":\"completed\",' '$tmp/out' &&
           grep -q '^{\"jobId\":\"tock\",\"runId\":1,\"attempt\":1,\"status\":\"SUCCEEDED\",' '$tmp/out'"
check "... with their run times" \
  grep -Eq '"nominalAt":"[0-9T:.-]+\.000Z","queuedAt":"[^"]+","startedAt":"[^"]+","finishedAt":"[^"]+","queueMs":[0-9]+,"durationMs":(9[0-9]|1[0-9][0-9]),' "$tmp/out"
check "the live history is kept under \$XDG_DATA_HOME/orkestron, 0600" \
  bash -c "[[ \"\$(stat -c %a $tmp/data/orkestron/history/live.json-*.db)\" == 600 ]]"
run export --history "$(echo "$tmp"/data/orkestron/history/live.json-*.db)" --format ndjson --status SUCCEEDED
check "--workspace reads the same database as --history" \
  bash -c "\"$cli\" export --workspace live.json --format ndjson --status SUCCEEDED | cmp -s - '$tmp/out'"

start_engine run live.json --quiet --history "$tmp/quiet.db"
sleep 1.5
stop_engine INT
check "run --quiet stops on SIGINT with exit 0" status_is 0
check "run --quiet logs nothing" bash -c "[[ ! -s '$tmp/engine.err' ]]"
check "run --history keeps the history in DB" test -f "$tmp/quiet.db"

# Live and simulated histories are kept apart: neither takes the other's file.
cp "$tmp/quiet.db" "$tmp/quiet-copy.db"
run simulate fixed.json "${span[@]}" --quiet --history "$tmp/quiet.db"
check "simulate --history on a live history exits 3" status_is 3
check "... saying so" err_first_line_is "orkestron-cli: error: $tmp/quiet.db holds live run history; a simulation replaces its history file, so it is left alone: give the simulation another file"
check "... and leaves it alone" cmp -s "$tmp/quiet.db" "$tmp/quiet-copy.db"
run simulate fixed.json "${span[@]}" --quiet --history "$tmp/simulated.db"
check "simulate --history into a new file works" status_is 0
run run live.json --quiet --history "$tmp/simulated.db"
check "run --history on a simulation's history exits 3" status_is 3
check "... saying so" err_first_line_is "orkestron-cli: error: $tmp/simulated.db holds a simulation's history, not live runs: live and simulated histories are kept apart, so give the live engine another file"

run run commands.json
check "run of a workspace with command jobs needs --allow-commands (1)" status_is 1
check "... naming the command jobs" \
  err_is 'orkestron-cli: error: commands.json has command jobs (say_hi, nap); run them with --allow-commands'

cat >"$tmp/hi.json" <<'JSON'
{
  "version": 1,
  "jobs": [
    { "id": "say_hi", "type": "command", "schedule": { "kind": "interval", "every": "1s" },
      "command": { "argv": ["sh", "-c", "echo hi"] } }
  ]
}
JSON
start_engine run "$tmp/hi.json" --allow-commands
wait_log '^[0-9TZ:.-]+ say_hi run 2 attempt 1: '
stop_engine TERM
check "run --allow-commands exits 0 on SIGTERM" status_is 0
check "... and logs the command's output as the message" \
  err_matches '^[0-9TZ:.-]+ say_hi run 1 attempt 1: SUCCEEDED \(completed\): hi$'
run export --workspace "$tmp/hi.json" --format ndjson
check "the command's records have exitCode 0 and message hi" \
  bash -c "[[ \$(grep -c '\"status\":\"SUCCEEDED\",\"reason\":\"completed\",.*\"exitCode\":0,\"nextRetryIn\":null,\"message\":\"hi\"}\$' '$tmp/out') -ge 2 ]]"
check "--allow-commands is not remembered" \
  bash -c "\"$cli\" run '$tmp/hi.json' >/dev/null 2>&1; [[ \$? -eq 1 ]]"

# A command that writes its pid, then sleeps: SIGINT ends it and the engine.
cat >"$tmp/nap.json" <<JSON
{
  "version": 1,
  "jobs": [
    { "id": "nap", "type": "command", "schedule": { "kind": "interval", "every": "1s" },
      "command": { "argv": ["sh", "-c", "echo \$\$ >'$tmp/nap.pid'; exec sleep 30"] } }
  ]
}
JSON
start_engine run "$tmp/nap.json" --allow-commands
wait_log '^[0-9TZ:.-]+ nap run 2: SKIPPED \(overlap\)'
nap_pid="$(cat "$tmp/nap.pid" 2>/dev/null)"
check "the command is running" bash -c "[[ -n '$nap_pid' ]] && kill -0 '$nap_pid'"
stop_engine INT
check "SIGINT during a command exits 0" status_is 0
check "... within a few seconds" bash -c "[[ $took -lt 40 ]]"
check "... and the command's process is gone" bash -c "[[ -n '$nap_pid' ]] && ! kill -0 '$nap_pid' 2>/dev/null"
check "... and logs the attempt INTERRUPTED" \
  err_matches '^[0-9TZ:.-]+ nap run 1 attempt 1: INTERRUPTED \(interrupted\)'
run export --workspace "$tmp/nap.json" --format ndjson --status INTERRUPTED
check "the export shows that attempt INTERRUPTED" \
  grep -q '^{"jobId":"nap","runId":1,"attempt":1,"status":"INTERRUPTED","reason":"interrupted",' "$tmp/out"

# Missed runs at start-up: the fixture's jobs coalesce (run_once, grace 0).
cp live.json "$tmp/missed.json"
start_engine run "$tmp/missed.json"
wait_log '^[0-9TZ:.-]+ tick run 1 attempt 1: SUCCEEDED'
stop_engine TERM
check "the first engine ran the job" status_is 0
sleep 3
start_engine run "$tmp/missed.json"
wait_log 'tick run [0-9]+ attempt 1: SUCCEEDED \(completed\)' 50
stop_engine TERM
check "the second engine exits 0" status_is 0
check "... and coalesced the fires missed in between" err_matches '^[0-9TZ:.-]+ tick run [0-9]+: SKIPPED \(coalesced\)'
run export --workspace "$tmp/missed.json" --format csv --job tick --status SKIPPED
check "the export shows coalesced SKIPPED runs for the gap" \
  bash -c "[[ \$(grep -c '^tick,[0-9]*,0,SKIPPED,coalesced,' '$tmp/out') -ge 1 ]]"
run export --workspace "$tmp/missed.json" --format ndjson --job tick
check "run ids continue across engines" \
  bash -c "[[ \"\$(sed 's/^{\"jobId\":\"tick\",\"runId\":\([0-9]*\),.*/\1/' '$tmp/out' | sort -n | uniq -d)\" == '' ]] && grep -q '\"runId\":1,' '$tmp/out'"
# The bad-input corpus (tests/fixtures/invalid/): validate and simulate
# refuse every file with exit status 1 (no crash: a signal gives 128+N), say
# why on stderr with the fixture's first expected line, and leave the file
# as it was.
invalid_dir="$(cd "$srcdir/tests/fixtures/invalid" && pwd)"
bad_validate=""
bad_simulate=""
bad_message=""
bad_changed=""
n_invalid=0
for fixture in "$invalid_dir"/*.json; do
  name="$(basename "$fixture")"
  n_invalid=$((n_invalid + 1))
  before="$(sha256sum <"$fixture")"
  (cd "$invalid_dir" && "$cli" validate "$name") >"$tmp/out" 2>"$tmp/err"
  st=$?
  [[ "$st" -eq 1 ]] || bad_validate+=" $name($st)"
  [[ "$(head -n 1 "$tmp/err")" == "$(head -n 1 "${fixture%.json}.expected")" ]] || bad_message+=" $name"
  "$cli" simulate "$fixture" --for 1h >"$tmp/out" 2>"$tmp/err"
  st=$?
  [[ "$st" -eq 1 ]] || bad_simulate+=" $name($st)"
  [[ "$(sha256sum <"$fixture")" == "$before" ]] || bad_changed+=" $name"
done
last_cmd="orkestron-cli validate|simulate on $n_invalid invalid fixtures"
check "validate exits 1 on each of the $n_invalid invalid fixtures${bad_validate:+ (not:$bad_validate)}" \
  test -z "$bad_validate"
check "... and prints the expected first diagnostic${bad_message:+ (not:$bad_message)}" \
  test -z "$bad_message"
check "simulate exits 1 on each of them too${bad_simulate:+ (not:$bad_simulate)}" \
  test -z "$bad_simulate"
check "... and no fixture file changed${bad_changed:+ (changed:$bad_changed)}" \
  test -z "$bad_changed"
check "the corpus has at least 40 files" test "$n_invalid" -ge 40

echo "1..$n"
