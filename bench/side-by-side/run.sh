#!/usr/bin/env bash
# Side-by-side benchmark of whole sample-export jobs, each a separate process, against recorded Polar bodies served
# from memory over loopback (SampleServer). Prints one table: rows/s, wall time, peak memory (max RSS), file size.
#   bench/side-by-side/run.sh                 # 100 sessions x 54,000 rows (5.4 M rows)
#   SESSIONS=10 bench/side-by-side/run.sh     # smaller
#   bench/side-by-side/run.sh --delay         # 20 sessions, 500 ms server time each, Polar's rate limit enforced:
#                                             # sequential (-ThrottleLimit 1) against the default, and 429s
# Rows it cannot run (no pwsh, no python3) are listed as skipped. Needs the .NET SDK; builds what it needs.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode="${1:-}"
port="${PORT:-5099}"
sessions="${SESSIONS:-100}"
rows_per_session=54000
delay_args=()
if [[ "$mode" == "--delay" ]]; then sessions="${SESSIONS:-20}"; delay_args=(--delay-ms "${DELAY_MS:-500}" --rate-limit); fi
work="$(mktemp -d)"
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT

echo "Building the sample server${PWSH:+ and the module}..."
dotnet build "$here/SampleServer/SampleServer.csproj" -c Release --nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
have_pwsh=0; command -v pwsh >/dev/null 2>&1 && have_pwsh=1
have_python=0; command -v python3 >/dev/null 2>&1 && have_python=1
module="$root/out/SportsData/SportsData.psd1"
if [[ $have_pwsh == 1 && ! -f "$module" ]]; then
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
run() { # name, output file ("" for none), command...
  local name="$1" out="$2"; shift 2
  local before; before=$(limited)
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$work/job.log" 2>&1
  local status=$?
  read -r wall rss <"$work/time.txt" 2>/dev/null || { wall=0; rss=0; }
  wall=${wall##* }
  local size="-"
  [[ -n "$out" && -f "$out" ]] && size=$(stat -c %s "$out")
  local rps; rps=$(awk -v r="$total_rows" -v w="$wall" 'BEGIN { if (w > 0) printf "%.0f", r / w; else print "-" }')
  local note=""; [[ $status != 0 ]] && note="FAILED (exit $status): $(tail -1 "$work/job.log")"
  local after; after=$(limited)
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$wall" "$((rss / 1024))" "$size" "$((after - before))" "$note" | tee -a "$results"
  [[ -n "$out" ]] && rm -f "$out"
}
skip() { printf '| %s | - | - | - | - | - | skipped: %s |\n' "$1" "$2" | tee -a "$results"; }

echo
echo "$sessions player sessions x $rows_per_session rows = $total_rows rows; each row is a separate process."
echo
echo "| job | rows/s | wall s | peak MB | file bytes | 429s | note |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
run "raw transfer (curl, sequential)" "" bash -c "while read -r id; do curl -sf -H 'Authorization: Bearer bench' '$base/v1/training_sessions/'\$id'?samples=all' -o /dev/null; done <'$ids'"
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
  exit 0
fi
if [[ $have_pwsh == 1 ]]; then
  if [[ "${SKIP_HANDWRITTEN:-0}" == 1 ]]; then skip "hand-written pwsh (Invoke-RestMethod + flatten + Export-Csv)" "SKIP_HANDWRITTEN=1"
  else run "hand-written pwsh (Invoke-RestMethod + flatten + Export-Csv)" "$work/hand.csv" pwsh -NoProfile -File "$here/handwritten.ps1" -BaseUri "$base" -IdFile "$ids" -Path "$work/hand.csv"; fi
  run "Get-PolarSample \| Export-Csv" "$work/get.csv" pwsh -NoProfile -File "$here/module.ps1" -Module "$module" -BaseUri "$base" -IdFile "$ids" -Path "$work/get.csv" -Mode GetExportCsv
  for format in Csv CsvGzip Parquet; do
    ext=csv; [[ $format == CsvGzip ]] && ext=csv.gz; [[ $format == Parquet ]] && ext=parquet
    run "Export-PolarSample -Format $format" "$work/out.$ext" pwsh -NoProfile -File "$here/module.ps1" -Module "$module" -BaseUri "$base" -IdFile "$ids" -Path "$work/out.$ext" -Mode Export -Format "$format"
  done
else
  skip "hand-written pwsh, Get-PolarSample \| Export-Csv, Export-PolarSample" "pwsh not found on PATH"
fi
if [[ $have_python == 1 ]]; then
  run "Python standard library (urllib + json + csv)" "$work/py.csv" python3 "$here/python_stdlib.py" "$base" "$ids" "$work/py.csv"
else
  skip "Python standard library (urllib + json + csv)" "python3 not found on PATH"
fi
