#!/usr/bin/env bash
# Proof that the suite holds on a busy machine: runs the projects that failed under load (mock, report,
# resilience by default; pass others as arguments, e.g. `bash scripts/busy-proof.sh unit mock api`)
# while two CPU hogs (busy loops) run beside them, each bounded in time so nothing outlives the proof.
# Prints the load average before, during and after, and Playwright's result; exits with its code.
set -euo pipefail
cd "$(dirname "$0")/.."

projects=("$@")
[ ${#projects[@]} -gt 0 ] || projects=(mock report resilience)
hog_seconds=${INGO_HOG_SECONDS:-1800}

echo "busy-proof: projects ${projects[*]}; two busy loops beside them (each stops by itself after ${hog_seconds} s)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hogs=()
for _ in 1 2; do
  timeout "$hog_seconds" sh -c 'while :; do :; done' &
  hogs+=($!)
done
stop_hogs() { for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_hogs EXIT

# Sample the load average while the suite runs, to put next to the result.
(
  while sleep 30; do echo "load average during: $(cut -d' ' -f1-3 /proc/loadavg)"; done
) &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true; stop_hogs' EXIT

started=$(date +%s)
set +e
npx playwright test "${projects[@]/#/--project=}" --reporter=dot
code=$?
set -e
echo "busy-proof: playwright exited ${code} after $(( $(date +%s) - started )) s with two busy loops beside it; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$code"
