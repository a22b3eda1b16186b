#!/usr/bin/env bash
# Side-by-side benchmark of whole sample-export jobs, each a separate process, against recorded Polar bodies served
# from memory over loopback (SampleServer). Prints one table: rows/s, wall time, peak memory (max RSS), file size.
#   bench/side-by-side/run.sh                 # 100 sessions x 54,000 rows (5.4 M rows)
#   SESSIONS=10 bench/side-by-side/run.sh     # smaller
#   RUNS=7 bench/side-by-side/run.sh          # each Export-PolarSample row the median of 7 runs (default 5)
#   bench/side-by-side/run.sh --delay         # 20 sessions, 500 ms server time each, Polar's rate limit enforced:
#                                             # sequential (-ThrottleLimit 1) against the default, and 429s
#   bench/side-by-side/run.sh --postgres      # only the PostgreSQL rows: the sessions as per-session CSV files in a
#                                             # dataset, loaded by Publish-SportsDataset and by psql \copy (both also
#                                             # run at the end of a default run; need PostgreSQL's initdb, pg_ctl, psql)
# Rows it cannot run (no pwsh, no python3) are listed as skipped. Needs the .NET SDK; builds what it needs.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode="${1:-}"
port="${PORT:-5099}"
sessions="${SESSIONS:-100}"
rows_per_session=54000
delay_args=()
export_runs="${RUNS:-5}"
if [[ "$mode" == "--delay" ]]; then sessions="${SESSIONS:-20}"; delay_args=(--delay-ms "${DELAY_MS:-500}" --rate-limit); fi
work="$(mktemp -d)"
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT

echo "Building the sample server and the module..."
dotnet build "$here/SampleServer/SampleServer.csproj" -c Release --nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
have_pwsh=0; command -v pwsh >/dev/null 2>&1 && have_pwsh=1
have_python=0; command -v python3 >/dev/null 2>&1 && have_python=1
module="$root/out/SportsData/SportsData.psd1"
if [[ $have_pwsh == 1 ]]; then # always: a module left in out/ by an older build would measure old code
  (cd "$root" && pwsh -NoProfile -File ./build.ps1 >"$work/module.log" 2>&1) || { echo "Module build failed:"; tail -20 "$work/module.log"; have_pwsh=0; }
fi

server_dll="$here/SampleServer/bin/Release/net10.0/SampleServer.dll"
dotnet "$server_dll" --port "$port" --sessions "$sessions" --rows "$rows_per_session" "${delay_args[@]}" >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -sf "$base/stats" >/dev/null 2>&1 && break; sleep 0.5; done
head -1 "$work/server.log"
ids="$work/ids.txt"
for i in $(seq 1 "$sessions"); do printf 'ps%04d\n' "$i"; done >"$ids"
total_rows=$((sessions * rows_per_session))
limited() { curl -sf "$base/stats" | sed -E 's/.*"rate_limited":([0-9]+).*/\1/'; }

results="$work/results.txt"
median() { sort -n | awk 'NF { v[++n] = $1 } END { print (n ? v[int((n + 1) / 2)] : 0) }'; }
run() { # name, output file ("" for none), command...; JOB_RUNS=n runs it n times and keeps the median wall time and peak memory
  local name="$1" out="$2"; shift 2
  local before; before=$(limited)
  local runs="${JOB_RUNS:-1}" status=0 walls="" rsses="" wall rss
  for ((attempt = 1; attempt <= runs; attempt++)); do
    [[ -n "$out" ]] && rm -f "$out"
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$work/job.log" 2>&1 || status=$?
    read -r wall rss <"$work/time.txt" 2>/dev/null || { wall=0; rss=0; }
    walls+="${wall##* }"$'\n'; rsses+="$rss"$'\n'
  done
  wall=$(median <<<"$walls"); rss=$(median <<<"$rsses")
  local size="-"
  [[ -n "$out" && -f "$out" ]] && size=$(stat -c %s "$out")
  local rps; rps=$(awk -v r="${JOB_ROWS:-$total_rows}" -v w="$wall" 'BEGIN { if (w > 0) printf "%.0f", r / w; else print "-" }')
  local note=""; [[ $runs -gt 1 ]] && note="median of $runs runs"
  [[ $status != 0 ]] && note="FAILED (exit $status): $(tail -1 "$work/job.log")"
  local after; after=$(limited)
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$wall" "$((rss / 1024))" "$size" "$((after - before))" "$note" | tee -a "$results"
  [[ -n "$out" ]] && rm -f "$out"
}
value() { # job name as given to run, column: 1 rows/s, 2 wall s, 3 peak MB, 4 file bytes
  local line; line=$(grep -F "| $1 |" "$results" | head -1)
  [[ -z "$line" ]] && return
  line=${line#"| $1 |"}
  awk -F'|' -v c="$2" '{ gsub(/ /, "", $c); print $c }' <<<"$line"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.1fx", a / b; else print "-" }'; }
skip() { printf '| %s | - | - | - | - | - | skipped: %s |\n' "$1" "$2" | tee -a "$results"; }

echo
echo "$sessions player sessions x $rows_per_session rows = $total_rows rows; each row is a separate process."
echo
echo "| job | rows/s | wall s | peak MB | file bytes | 429s | note |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
[[ "$mode" == "--postgres" ]] || run "raw transfer (curl, sequential)" "" bash -c "while read -r id; do curl -sf -H 'Authorization: Bearer bench' '$base/v1/training_sessions/'\$id'?samples=all' -o /dev/null; done <'$ids'"
if [[ "$mode" == "--delay" ]]; then
  if [[ $have_pwsh == 1 ]]; then
    for limit in 1 default; do
      throttle=(-ThrottleLimit "$limit"); [[ $limit == default ]] && throttle=()
      run "Get-PolarSample -ThrottleLimit $limit \| Out-Null" "" pwsh -NoProfile -File "$here/module.ps1" -Module "$module" -BaseUri "$base" -IdFile "$ids" -Mode Discard "${throttle[@]}"
      run "Export-PolarSample -Format Csv -ThrottleLimit $limit" "$work/out.csv" pwsh -NoProfile -File "$here/module.ps1" -Module "$module" -BaseUri "$base" -IdFile "$ids" -Path "$work/out.csv" -Mode Export -Format Csv "${throttle[@]}"
    done
  else
    skip "Get-PolarSample / Export-PolarSample" "pwsh not found on PATH"
  fi
  echo
  echo "Sequential (-ThrottleLimit 1) over default: Get-PolarSample $(ratio "$(value "Get-PolarSample -ThrottleLimit 1 \| Out-Null" 2)" "$(value "Get-PolarSample -ThrottleLimit default \| Out-Null" 2)"), Export-PolarSample $(ratio "$(value "Export-PolarSample -Format Csv -ThrottleLimit 1" 2)" "$(value "Export-PolarSample -Format Csv -ThrottleLimit default" 2)") (bar: 3x or more, no 429s)."
  exit 0
fi
# PostgreSQL: the same sessions as one CSV file each in a dataset folder, loaded into a throwaway cluster by
# Publish-SportsDataset (binary COPY) and by psql's \copy (the server's own CSV parser), each into an empty table of the
# same shape (primary key included), one transaction per file for both.
postgres_rows() {
  local pgbin; pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -z "$pgbin" ]] && pgbin=$(dirname "$(command -v initdb 2>/dev/null || echo /none/initdb)")
  if [[ $have_pwsh != 1 ]]; then skip "Publish-SportsDataset / psql \\copy" "pwsh not found on PATH"; return; fi
  if [[ ! -x "$pgbin/initdb" || ! -x "$pgbin/pg_ctl" ]] || ! command -v psql >/dev/null; then skip "Publish-SportsDataset / psql \\copy" "PostgreSQL not installed (apt-get install postgresql)"; return; fi
  local pg="$work/pg" dataset="$work/pgset" pgport=$((port + 1)) password="bench-$RANDOM$RANDOM"
  mkdir -p "$pg" "$dataset/.sportsdata" "$dataset/samples/bench"
  echo "$password" >"$pg/pw"
  # As root, the server runs as the postgres user, which must be able to reach its folder inside $work.
  local as=(); [[ $(id -u) == 0 ]] && { chmod o+x "$work"; chown -R postgres:postgres "$pg"; as=(runuser -u postgres --); }
  "${as[@]}" "$pgbin/initdb" -D "$pg/data" -U postgres --auth=scram-sha-256 --pwfile="$pg/pw" -E UTF8 --locale=C.UTF-8 --no-sync >"$work/initdb.log" 2>&1 || { skip "Publish-SportsDataset / psql \\copy" "initdb failed: $(tail -1 "$work/initdb.log")"; return; }
  "${as[@]}" "$pgbin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -o "-p $pgport -k $pg -c listen_addresses=127.0.0.1" start >/dev/null || { skip "Publish-SportsDataset / psql \\copy" "the server did not start"; return; }
  pg_stop() { "${as[@]}" "$pgbin/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null 2>&1; }
  export PGPASSWORD="$password"
  psql -q -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -c "CREATE DATABASE bench" >/dev/null
  # The dataset: one CSV file per session, as Sync-PolarTeamPro lays them out (samples/<team>/<date>/<session>.csv).
  pwsh -NoProfile -File "$here/module.ps1" -Module "$module" -BaseUri "$base" -IdFile "$ids" -Path "$dataset/samples/bench/2026-07-01" -Mode ExportPerSession >"$work/export.log" 2>&1 || { skip "Publish-SportsDataset / psql \\copy" "the per-session export failed: $(tail -1 "$work/export.log")"; pg_stop; return; }
  local files; files=$(find "$dataset/samples" -name '*.csv' | sort)
  local header; header=$(head -1 "$(head -1 <<<"$files")" | tr -d '\r')
  local columns; columns=$(awk -F, '{ for (i = 1; i <= NF; i++) { t = "double precision"; if ($i ~ /_id$/) t = "text"; if ($i == "time") t = "timestamp"; if ($i == "offset_ms") t = "integer"; printf "%s\"%s\" %s", (i > 1 ? ", " : ""), $i, t } }' <<<"$header")
  psql -q -h 127.0.0.1 -p "$pgport" -U postgres -d bench -c "CREATE SCHEMA psql; CREATE TABLE psql.samples ($columns, PRIMARY KEY (player_session_id, offset_ms))" >/dev/null
  local script="$work/copy.sql"
  while read -r f; do printf '\\copy psql.samples (%s) FROM %s WITH (FORMAT csv, HEADER true)\n' "$header" "'$f'"; done <<<"$files" >"$script"
  run "psql \\copy of the same CSV files (one per session)" "" psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pgport" -U postgres -d bench -f "$script"
  run "Publish-SportsDataset (binary COPY, one transaction per file)" "" pwsh -NoProfile -File "$here/postgres.ps1" -Module "$module" -Path "$dataset" -ConnectionString "Host=127.0.0.1;Port=$pgport;Database=bench;Username=postgres"
  local loaded; loaded=$(psql -tA -h 127.0.0.1 -p "$pgport" -U postgres -d bench -c "SELECT (SELECT count(*) FROM polar.samples) || ' / ' || (SELECT count(*) FROM psql.samples)")
  echo
  echo "PostgreSQL: rows in polar.samples / psql.samples: $loaded. Publish-SportsDataset loads samples at $(ratio "$(value "Publish-SportsDataset (binary COPY, one transaction per file)" 1)" "$(value "psql \\copy of the same CSV files (one per session)" 1)") the speed of psql \\copy (bar: 0.7x or more)."
  echo
  pg_stop
  unset PGPASSWORD
}

if [[ "$mode" == "--postgres" ]]; then
  postgres_rows
  exit 0
fi
if [[ $have_pwsh == 1 ]]; then
  if [[ "${SKIP_HANDWRITTEN:-0}" == 1 ]]; then skip "hand-written pwsh (Invoke-RestMethod + flatten + Export-Csv)" "SKIP_HANDWRITTEN=1"
  else run "hand-written pwsh (Invoke-RestMethod + flatten + Export-Csv)" "$work/hand.csv" pwsh -NoProfile -File "$here/handwritten.ps1" -BaseUri "$base" -IdFile "$ids" -Path "$work/hand.csv"; fi
  run "Get-PolarSample \| Export-Csv" "$work/get.csv" pwsh -NoProfile -File "$here/module.ps1" -Module "$module" -BaseUri "$base" -IdFile "$ids" -Path "$work/get.csv" -Mode GetExportCsv
  for format in Csv CsvGzip Parquet; do
    ext=csv; [[ $format == CsvGzip ]] && ext=csv.gz; [[ $format == Parquet ]] && ext=parquet
    JOB_RUNS=$export_runs run "Export-PolarSample -Format $format" "$work/out.$ext" pwsh -NoProfile -File "$here/module.ps1" -Module "$module" -BaseUri "$base" -IdFile "$ids" -Path "$work/out.$ext" -Mode Export -Format "$format"
  done
  # The same jobs on a tenth of the sessions: peak memory must not grow with the export's size. A single run's peak
  # varies by several percent (when collections happen), so these rows are each the median of a few runs.
  head -n "$(( (sessions + 9) / 10 ))" "$ids" >"$work/ids-tenth.txt"
  for format in Csv CsvGzip Parquet; do
    ext=csv; [[ $format == CsvGzip ]] && ext=csv.gz; [[ $format == Parquet ]] && ext=parquet
    JOB_RUNS=$export_runs JOB_ROWS=$(( $(wc -l <"$work/ids-tenth.txt") * rows_per_session )) run "Export-PolarSample -Format $format, a tenth of the sessions" "$work/tenth.$ext" pwsh -NoProfile -File "$here/module.ps1" -Module "$module" -BaseUri "$base" -IdFile "$work/ids-tenth.txt" -Path "$work/tenth.$ext" -Mode Export -Format "$format"
  done
else
  skip "hand-written pwsh, Get-PolarSample \| Export-Csv, Export-PolarSample" "pwsh not found on PATH"
fi
if [[ $have_python == 1 ]]; then
  run "Python standard library (urllib + json + csv)" "$work/py.csv" python3 "$here/python_stdlib.py" "$base" "$ids" "$work/py.csv"
else
  skip "Python standard library (urllib + json + csv)" "python3 not found on PATH"
fi

postgres_rows

csv_wall=$(value "Export-PolarSample -Format Csv" 2)
csv_bytes=$(value "Export-PolarSample -Format Csv" 4)
growth() { awk -v a="$(value "Export-PolarSample -Format $1, a tenth of the sessions" 3)" -v b="$(value "Export-PolarSample -Format $1" 3)" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%d -> %d MB (%+.0f%%)", a, b, (b - a) * 100 / a; else print "-" }'; }
echo
echo "Export-PolarSample -Format Csv, whole process: $(ratio "$(value "hand-written pwsh (Invoke-RestMethod + flatten + Export-Csv)" 2)" "$csv_wall") faster than the hand-written pipeline (bar 40x), $(ratio "$(value "Python standard library (urllib + json + csv)" 2)" "$csv_wall") faster than Python (bar 6x)."
echo "Smaller than CSV: CsvGzip $(ratio "$csv_bytes" "$(value "Export-PolarSample -Format CsvGzip" 4)") (bar 4x), Parquet $(ratio "$csv_bytes" "$(value "Export-PolarSample -Format Parquet" 4)") (bar 8x)."
echo "Peak memory, a tenth of the sessions -> all (bar: within 10 %, under 250 MB): Csv $(growth Csv), CsvGzip $(growth CsvGzip), Parquet $(growth Parquet)."
