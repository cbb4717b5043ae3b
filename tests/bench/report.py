#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the benchmark's ratios from the guests' rounds and write bench.json.

usage: report.py OUTDIR ROUNDS MACHINE VARIANT...   (VARIANT: name:qemu-caps)

Each ratio is computed within a round (all its operations ran interleaved
in that round), then summarised over the rounds as median [min..max]; each
variant ran in two boots (a and b), whose medians are compared.

It fails (exit 1, "bench: N passed, N failed" last) when a boot's median
misses a ratio's target, when the load made other than one
H_GUEST_GET_CAPABILITIES call (auto asks once, and on nested-v1's
H_FUNCTION falls back without asking again) or 100000 GETs made any, or
when pcc_bench did not run to its end in a boot.
"""
import json
import statistics
import sys

# name, numerator, denominator, target (op, value) or None, label
RATIOS = [
    ("get/copy", "get", "copy", ("<=", 1.05), "GET / copy floor (one window)"),
    ("get/null", "get", "null", ("<=", 1.25), "GET / null floor (ENOTTY)"),
    ("copy2/copy", "copy2", "copy", None, "two copies / one window"),
    ("probe/get", "probe", "get", (">=", 10), "per-call probe / GET"),
    ("cpuinfo/get", "cpuinfo", "get", (">=", 20), "/proc parse / GET"),
    ("scaling", "get_2t", "null_2t", None, "2-thread scaling, GET / null"),
]


def parse(path):
    res = {"rounds": []}
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.strip()
        if "=" not in line or line.startswith("#"):
            continue
        key, val = line.split("=", 1)
        if key == "round":
            res["rounds"].append(json.loads(val))
        else:
            res[key] = val
    return res


def summary(rounds, num, den):
    vals = [r[num] / r[den] for r in rounds]
    return {"median": statistics.median(vals), "min": min(vals), "max": max(vals)}


def met(s, target):
    op, val = target
    return s["median"] <= val if op == "<=" else s["median"] >= val


def main():
    out, want_rounds, machine, variants = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    checks = []		# (what, passed)
    report = {"machine": machine, "rounds": want_rounds,
              "note": "TCG emulation: ratios within one round, summarised over rounds",
              "variants": {}}
    for v in variants:
        name, caps = v.split(":", 1)
        boots = {b: parse(f"{out}/{name}-{b}.results") for b in ("a", "b")}
        for b, r in boots.items():
            checks.append((f"{name}-{b}: pcc_bench ran to its end ({len(r['rounds'])} rounds of "
                           f"{want_rounds}, exit statuses {r.get('gets_rc')} {r.get('rounds_rc')})",
                           len(r["rounds"]) == want_rounds and r.get("gets_rc") == "0" and
                           r.get("rounds_rc") == "0"))
        if any(len(r["rounds"]) != want_rounds for r in boots.values()):
            continue	# no ratio from a boot cut short
        print(f"\n{name} (backend {boots['a']['backend']}): emulated Power11 in Power10 mode, "
              f"{caps}, 2 vCPUs, {want_rounds} interleaved rounds per boot")
        print(f"{'ratio':32}{'boot a: median [min..max]':>30}{'boot b: median [min..max]':>30}"
              f"{'a/b':>7}  target")
        entry = {"qemu": caps, "backend": boots["a"]["backend"], "boots": {}, "ratios": {}}
        for key, num, den, target, label in RATIOS:
            s = {b: summary(r["rounds"], num, den) for b, r in boots.items()}
            cells = [f"{s[b]['median']:.2f} [{s[b]['min']:.2f}..{s[b]['max']:.2f}]" for b in "ab"]
            agree = s["a"]["median"] / s["b"]["median"]
            tgt = ""
            if target:
                tgt = f"{target[0]} {target[1]}: " + ", ".join(
                    f"{b} {'met' if met(s[b], target) else 'MISSED'}" for b in "ab")
            print(f"{label:32}{cells[0]:>30}{cells[1]:>30}{agree:7.2f}  {tgt}".rstrip())
            if target:
                for b in "ab":
                    checks.append((f"{name}-{b}: {label} {target[0]} {target[1]} "
                                   f"(median {s[b]['median']:.2f})", met(s[b], target)))
            entry["ratios"][key] = {"a": s["a"], "b": s["b"], "a_over_b": agree,
                                    "target": target,
                                    "met": {b: met(s[b], target) for b in "ab"} if target else None}
        for b, r in boots.items():
            print(f"boot {b}: GET median {statistics.median(x['get'] for x in r['rounds']):.0f} ns; "
                  f"H_GUEST_GET_CAPABILITIES hypercalls: {r['hcalls_load']} at load, "
                  f"{r['hcalls_100000_gets']} in 100000 GETs")
            checks.append((f"{name}-{b}: one H_GUEST_GET_CAPABILITIES call at load, none in "
                           f"100000 GETs (got {r['hcalls_load']}, {r['hcalls_100000_gets']})",
                           (r["hcalls_load"], r["hcalls_100000_gets"]) == ("1", "0")))
            entry["boots"][b] = {"rounds": r["rounds"], "hcalls_load": int(r["hcalls_load"]),
                                 "hcalls_100000_gets": int(r["hcalls_100000_gets"])}
        report["variants"][name] = entry
    with open(f"{out}/bench.json", "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
    print(f"\nmachine: {machine}; numbers in {out}/bench.json\n")
    for what, passed in checks:
        print(("ok - " if passed else "not ok - ") + what)
    failed = sum(1 for _, passed in checks if not passed)
    print(f"bench: {len(checks) - failed} passed, {failed} failed")
    return 1 if failed or not checks else 0


if __name__ == "__main__":
    sys.exit(main())
