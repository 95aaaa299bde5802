#!/usr/bin/env bash
# Instruction counts of the hot operations (benches/instructions.rs) under
# callgrind: each operation's count, less the count of a run that does
# nothing, so that start-up is left out. Needs valgrind.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
binary=$(cargo bench --bench instructions --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "instructions" and m.get("executable"):
        print(m["executable"])')
count() {
    local out
    out=$(mktemp)
    valgrind --tool=callgrind --callgrind-out-file="$out" "$binary" "$@" >/dev/null 2>&1
    awk '/^summary:/ { print $2 }' "$out"
    rm -f "$out"
}
base=$(count none)
for op in parse-text parse-text-strict parse-form parse-form-strict decode-text decode-form decode-floor request-parse request-encode; do
    printf '%-18s %s\n' "$op" "$(($(count "$op") - base))"
done
