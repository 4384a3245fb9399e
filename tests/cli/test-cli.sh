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
trap 'rm -rf "$tmp"' EXIT
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
check "--help lists validate, next and simulate" \
  bash -c "grep -q '^  validate ' '$tmp/out' && grep -q '^  next ' '$tmp/out' && grep -q '^  simulate ' '$tmp/out'"
check "--help does not list run or export yet" \
  bash -c "! grep -Eq '^  (run|export) |orkestron-cli (run|export)' '$tmp/out'"

run frobnicate
check "unknown command exits 2" status_is 2
check "unknown command message" err_first_line_is 'orkestron-cli: error: unknown command "frobnicate"'

run --frobnicate
check "unknown global option exits 2" status_is 2

run run small.json
check "run is not available yet (2)" status_is 2
check "run says so" err_first_line_is 'orkestron-cli: error: the run command is not available in this version'

run export --format csv
check "export is not available yet (2)" status_is 2
check "export says so" err_first_line_is 'orkestron-cli: error: the export command is not available in this version'

for cmd in validate next simulate; do
  run "$cmd" --help
  check "$cmd --help exits 0 with a usage line" bash -c "[[ $st -eq 0 ]] && grep -q 'orkestron-cli $cmd' '$tmp/out'"
done

run simulate --help
check "simulate --help does not offer --history yet" out_lacks '--history'

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
run simulate fixed.json "${span[@]}" --history "$tmp/h.db"
check "--history is not available yet (2)" status_is 2
check "--history says so" \
  err_first_line_is 'orkestron-cli: error: --history is not available in this version'

echo "1..$n"
