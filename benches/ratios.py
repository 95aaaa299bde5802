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


missing = []


def figure(what, target, ok, compute, fmt="{:.2f}x"):
    """One row of the targets table; a figure whose benchmarks did not run is left out."""
    try:
        x = compute()
    except KeyError as key:
        missing.append(key)
        return
    row(what, fmt.format(x), target, ok(x))


for fmt in ("format0", "format1"):
    g = f"issued/{fmt}/structure"
    rival = "std_lines_strings" if fmt == "format0" else "std_split_strings"
    figure(f"{fmt} structure parse vs straightforward std", ">= 10x", lambda x: x >= 10,
           lambda: ns(g, rival) / ns(g, "collectssl"), "{:.1f}x")
    figure(f"{fmt} structure parse vs memchr floor", ">= 0.25x", lambda x: x >= 0.25,
           lambda: ns(g, "memchr_scan_floor") / ns(g, "collectssl"))
    d = f"issued/{fmt}/decode"
    want = DECODE_TARGET[fmt]
    figure(f"{fmt} parse + decode vs base64 floor", f">= {want}x", lambda x: x >= want,
           lambda: ns(d, "base64_decode_slice_floor") / ns(d, "collectssl"))
for op in ("encode", "parse"):
    g = f"request/{op}"
    figure(f"request {op} vs serde_urlencoded", ">= 3x", lambda x: x >= 3,
           lambda: ns(g, "serde_urlencoded") / ns(g, "collectssl"), "{:.1f}x")


def per_byte(op):
    """Cost per byte at 1 MiB over cost per byte at 16 KiB."""
    g = "scaling/format0_ca_bundle"
    small, large = results[(g, f"{op}/16384")], results[(g, f"{op}/1048576")]
    return (large[0] / large[1]) / (small[0] / small[1])


# Cost per byte from 16 KiB to 1 MiB: flat when it grows by at most a quarter.
for op in ("parse", "parse_decode"):
    figure(f"{op} cost per byte, 1 MiB against 16 KiB", "<= 1.25x", lambda x: x <= 1.25,
           lambda: per_byte(op))
if missing:
    print(f"not run, left out: {', '.join(map(str, missing))}", file=sys.stderr)

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

# Where the time goes, per shape: what the target allows parse + decode,
# what the parse alone takes, what that leaves for decoding, what decoding
# alone takes, and what decoding the same certificates takes in a
# format-0 body (PEM, 64 columns, LF).
budget_rows = []
for g in sorted({g for g, _ in results if g.startswith("shapes/")}):
    _, fmt, shape = g.split("/")
    try:
        allowed = ns(g, "base64_decode_slice_floor") / DECODE_TARGET[fmt]
        parse, decode = ns(g, "collectssl_parse"), ns(g, "collectssl_decode")
        pem = ns(f"shapes/format0/{shape.split('-')[0]}-lf-pem64", "collectssl_decode")
    except KeyError:
        continue
    budget_rows.append((fmt, shape, allowed, parse, allowed - parse, decode, pem))

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

if budget_rows:
    print("| format | shape | parse + decode allowed | parse | left for decoding | decoding | PEM decoding, same certificates |")
    print("|---|---|---|---|---|---|---|")
    for fmt, shape, allowed, parse, left, decode, pem in budget_rows:
        cells = (f"{t / 1000:.2f} µs" for t in (allowed, parse, left, decode, pem))
        print(f"| {fmt} | {shape} | {' | '.join(cells)} |")
    print()

print(f'| group | benchmark | {"mean" if use_mean else "fastest sample"} | throughput |')
print("|---|---|---|---|")
for (group, bench), (t, b) in sorted(results.items()):
    speed = f"{b / t * 1e9 / 2**30:.2f} GiB/s" if b else ""
    unit = f"{t / 1000:.2f} µs" if t >= 1000 else f"{t:.0f} ns"
    print(f"| {group} | {bench} | {unit} | {speed} |")
