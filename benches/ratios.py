#!/usr/bin/env python3
"""Prints the figures of BENCHMARKS.md from criterion's results.

Run after `cargo bench --bench throughput` (and `--bench adversarial`):
    python3 benches/ratios.py [TARGET_DIR] [--simd] [--mean]
Each ratio compares two benchmarks of the same group from the same run, by
the time per iteration of each one's fastest sample: on a shared machine the
other tenants only ever add time, so the fastest sample is the one least
disturbed, and the ratios stay put from run to run where the means wander
by a fifth. `--mean` uses criterion's mean estimate instead.
`--simd` holds parse + decode to the targets of the `simd` feature (run the
benchmarks with `--features simd,std` first).
"""
import json
import pathlib
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
simd = "--simd" in sys.argv
use_mean = "--mean" in sys.argv
root = pathlib.Path(args[0] if args else "target") / "criterion"
# parse + decode against the `base64` floor on the same certificates.
DECODE_TARGET = {"format0": 1.5 if simd else 0.9, "format1": 1.2 if simd else 0.75}



def fastest(sample):
    """The time per iteration of the fastest sample."""
    return min(t / n for t, n in zip(sample["times"], sample["iters"]))


# (group, function) -> (ns per iteration, bytes)
results = {}
for meta in root.glob("**/new/benchmark.json"):
    info = json.loads(meta.read_text())
    if use_mean:
        ns_per_iter = json.loads((meta.parent / "estimates.json").read_text())["mean"]["point_estimate"]
    else:
        ns_per_iter = fastest(json.loads((meta.parent / "sample.json").read_text()))
    key = (info["group_id"], info["function_id"] or info.get("value_str") or "")
    if info.get("value_str") and info["function_id"]:
        key = (info["group_id"], f'{info["function_id"]}/{info["value_str"]}')
    results[key] = (ns_per_iter, (info.get("throughput") or {}).get("Bytes"))


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
        rival = "std_lines_strings" if fmt == "format0" else "std_split_strings"
        x = ns(g, rival) / ns(g, "collectssl")
        row(f"{fmt} structure parse vs straightforward std", f"{x:.1f}x", ">= 10x", x >= 10)
        x = ns(g, "memchr_scan_floor") / ns(g, "collectssl")
        row(f"{fmt} structure parse vs memchr floor", f"{x:.2f}x", ">= 0.25x", x >= 0.25)
        g = f"issued/{fmt}/decode"
        x = ns(g, "base64_decode_slice_floor") / ns(g, "collectssl")
        want = DECODE_TARGET[fmt]
        row(f"{fmt} parse + decode vs base64 floor", f"{x:.2f}x", f">= {want}x", x >= want)
    for op in ("encode", "parse"):
        g = f"request/{op}"
        x = ns(g, "serde_urlencoded") / ns(g, "collectssl")
        row(f"request {op} vs serde_urlencoded", f"{x:.1f}x", ">= 3x", x >= 3)
    # Cost per byte from 16 KiB to 1 MiB: flat when it grows by at most a quarter.
    g = "scaling/format0_ca_bundle"
    for op in ("parse", "parse_decode"):
        small, large = results[(g, f"{op}/16384")], results[(g, f"{op}/1048576")]
        x = (large[0] / large[1]) / (small[0] / small[1])
        row(f"{op} cost per byte, 1 MiB against 16 KiB", f"{x:.2f}x", "<= 1.25x", x <= 1.25)
except KeyError as missing:
    print(f"missing benchmark {missing}: run `cargo bench --bench throughput` first", file=sys.stderr)

# Every shape: the ratio to the floor per shape, and the worst per format.
shape_rows = []
for fmt in ("format0", "format1"):
    groups = sorted({g for g, _ in results if g.startswith(f"shapes/{fmt}/")})
    ratios = []
    for g in groups:
        try:
            x = ns(g, "base64_decode_slice_floor") / ns(g, "collectssl")
        except KeyError:
            continue
        ratios.append((x, g.split("/")[-1]))
        shape_rows.append((fmt, g.split("/")[-1], x, DECODE_TARGET[fmt]))
    if ratios:
        x, worst = min(ratios)
        want = DECODE_TARGET[fmt]
        row(f"{fmt} parse + decode vs base64 floor, worst shape ({worst})", f"{x:.2f}x", f">= {want}x", x >= want)

if rows:
    print("| figure | value | target | |")
    print("|---|---|---|---|")
    for what, value, target, ok in rows:
        print(f"| {what} | {value} | {target} | {ok} |")
    print()

if shape_rows:
    print("| format | shape | parse + decode vs base64 floor | target | |")
    print("|---|---|---|---|---|")
    for fmt, shape, x, want in shape_rows:
        print(f"| {fmt} | {shape} | {x:.2f}x | >= {want}x | {'met' if x >= want else 'NOT met'} |")
    print()

print(f'| group | benchmark | {"mean" if use_mean else "fastest sample"} | throughput |')
print("|---|---|---|---|")
for (group, bench), (t, b) in sorted(results.items()):
    speed = f"{b / t * 1e9 / 2**30:.2f} GiB/s" if b else ""
    unit = f"{t / 1000:.2f} µs" if t >= 1000 else f"{t:.0f} ns"
    print(f"| {group} | {bench} | {unit} | {speed} |")
