#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the benchmark table from the guests' results and write bench.json.

usage: report.py OUTDIR MACHINE VARIANT...   (VARIANT: name:qemu-caps)
"""
import json
import sys

ROWS = [
    ("get", "PPC_COMPAT_CAPS_GET (ours, cached)"),
    ("floor", "floor: rejected ioctl (ENOTTY)"),
    ("probe", "per-call probe: rescan + GET"),
    ("cpuinfo", "/proc/cpuinfo + cpu-version parse"),
]


def parse(path):
    res = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.strip()
        if "=" not in line or line.startswith("#"):
            continue
        key, val = line.split("=", 1)
        res[key] = json.loads(val) if key == "bench" else val
    return res


def main():
    out, machine, variants = sys.argv[1], sys.argv[2], sys.argv[3:]
    report = {"machine": machine, "note": "TCG emulation: compare ratios within one run only",
              "variants": {}}
    for v in variants:
        name, caps = v.split(":", 1)
        r = parse(f"{out}/{name}.results")
        b = r["bench"]
        floor, get = b["floor"]["median_ns"], b["get"]["median_ns"]
        print(f"\n{name} (backend {r['backend']}): emulated Power11 in Power10 mode, {caps}, 2 vCPUs")
        print(f"{'':38}{'median ns':>10}{'p99 ns':>10}{'x floor':>9}{'x GET':>9}")
        for key, label in ROWS:
            m, p = b[key]["median_ns"], b[key]["p99_ns"]
            print(f"{label:38}{m:10.0f}{p:10.0f}{m / floor:9.2f}{m / get:9.1f}")
        g, f = b["get_calls_per_s"], b["floor_calls_per_s"]
        gs, fs = g["2"] / g["1"], f["2"] / f["1"]
        print(f"2 threads / 1 thread throughput: GET {gs:.2f}x, floor {fs:.2f}x "
              f"(GET scales at {gs / fs:.0%} of the floor)")
        hl, hg = int(r["hcalls_load"]), int(r["hcalls_100000_gets"])
        print(f"H_GUEST_GET_CAPABILITIES hypercalls: {hl} at load, {hg} in 100000 GETs")
        targets = {
            "get_le_1.10x_floor": get / floor <= 1.10,
            "probe_ge_20x_get": b["probe"]["median_ns"] / get >= 20,
            "cpuinfo_ge_50x_get": b["cpuinfo"]["median_ns"] / get >= 50,
            "scaling_within_10pct_of_floor": abs(gs / fs - 1) <= 0.10,
            "hcalls_1_per_load": hl == 1,
            "hcalls_0_per_get": hg == 0,
        }
        print("targets: " + ", ".join(f"{k} {'met' if ok else 'MISSED'}"
                                     for k, ok in targets.items()))
        report["variants"][name] = {
            "qemu": caps, "backend": r["backend"], "results": b,
            "ratios": {"get_over_floor": get / floor,
                       "probe_over_get": b["probe"]["median_ns"] / get,
                       "cpuinfo_over_get": b["cpuinfo"]["median_ns"] / get,
                       "get_2t_over_1t": gs, "floor_2t_over_1t": fs},
            "hcalls": {"load": hl, "100000_gets": hg}, "targets": targets}
    with open(f"{out}/bench.json", "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
    print(f"\nmachine: {machine}; numbers in {out}/bench.json")


if __name__ == "__main__":
    main()
