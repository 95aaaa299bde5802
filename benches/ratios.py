#!/usr/bin/env python3
"""Prints the figures of BENCHMARKS.md from criterion's results.

Run after `cargo bench --bench throughput` (and `--bench adversarial`):
    python3 benches/ratios.py [TARGET_DIR]
Each ratio compares two benchmarks of the same group from the same run.
"""
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target") / "criterion"

# (group, function) -> (mean ns, bytes)
results = {}
for meta in root.glob("**/new/benchmark.json"):
    info = json.loads(meta.read_text())
    estimates = json.loads((meta.parent / "estimates.json").read_text())
    key = (info["group_id"], info["function_id"] or info.get("value_str") or "")
    if info.get("value_str") and info["function_id"]:
        key = (info["group_id"], f'{info["function_id"]}/{info["value_str"]}')
    results[key] = (estimates["mean"]["point_estimate"], (info.get("throughput") or {}).get("Bytes"))


def ns(group, bench):
    return results[(group, bench)][0]


def gib_s(group, bench):
    t, b = results[(group, bench)]
    return b / t * 1e9 / 2**30


rows = []


def row(what, value, target, ok):
    rows.append((what, value, target, "met" if ok else "NOT met"))


try:
    for fmt in ("format0", "format1"):
        g = f"issued/{fmt}/structure"
        speed = gib_s(g, "collectssl")
        row(f"{fmt} structure parse", f"{speed:.2f} GiB/s", ">= 8 GiB/s", speed >= 8)
        rival = "std_lines_strings" if fmt == "format0" else "std_split_strings"
        x = ns(g, rival) / ns(g, "collectssl")
        row(f"{fmt} structure parse vs straightforward std", f"{x:.1f}x", ">= 15x", x >= 15)
        g = f"issued/{fmt}/decode"
        x = ns(g, "base64_decode_slice_floor") / ns(g, "collectssl")
        want = 0.8 if fmt == "format0" else 0.6
        row(f"{fmt} parse + decode vs base64 floor", f"{x:.2f}x", f">= {want}x", x >= want)
    for op in ("encode", "parse"):
        g = f"request/{op}"
        x = ns(g, "serde_urlencoded") / ns(g, "collectssl")
        row(f"request {op} vs serde_urlencoded", f"{x:.1f}x", ">= 5x", x >= 5)
except KeyError as missing:
    print(f"missing benchmark {missing}: run `cargo bench --bench throughput` first", file=sys.stderr)

if rows:
    print("| figure | value | target | |")
    print("|---|---|---|---|")
    for what, value, target, ok in rows:
        print(f"| {what} | {value} | {target} | {ok} |")
    print()

print("| group | benchmark | mean | throughput |")
print("|---|---|---|---|")
for (group, bench), (t, b) in sorted(results.items()):
    speed = f"{b / t * 1e9 / 2**30:.2f} GiB/s" if b else ""
    unit = f"{t / 1000:.2f} µs" if t >= 1000 else f"{t:.0f} ns"
    print(f"| {group} | {bench} | {unit} | {speed} |")
