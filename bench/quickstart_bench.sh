#!/usr/bin/env bash
# Time from README's first quick-start command to the first page, in a fresh clone with no
# pip cache (as on a new machine; the registries are the only source).
#   bash bench/quickstart_bench.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill -- -$pid 2>/dev/null || true; rm -rf "$work"' EXIT
git clone -q "$repo" "$work/kabeuchi"
cd "$work/kabeuchi"
cmd=$(grep -A3 '^Start Kabeuchi' -m1 README.md >/dev/null; awk '/^```sh/{getline; print; exit}' README.md)
echo "command: $cmd"
if curl -s -o /dev/null http://127.0.0.1:8000/; then echo "port 8000 is busy; stop the running server first" >&2; exit 1; fi
start=$(date +%s.%N)
set -m
PIP_NO_CACHE_DIR=1 bash -c "$cmd" > "$work/out.log" 2>&1 &
pid=$!
until curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8000/ | grep -q 200; do
  sleep 0.5
  if ! kill -0 $pid 2>/dev/null; then cat "$work/out.log"; exit 1; fi
  if [ "$(echo "$(date +%s.%N) - $start > 600" | bc)" = 1 ]; then echo "no page after 10 minutes" >&2; exit 1; fi
done
end=$(date +%s.%N)
printf 'first quick-start command to first page: %.1f s\n' "$(echo "$end - $start" | bc)"
curl -s http://127.0.0.1:8000/ | grep -o '<title>[^<]*' | head -1
grep -E "aiko@|master key" "$work/out.log" | sed 's/aiko-[^ ]*/aiko-******/'
