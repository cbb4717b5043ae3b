#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host tests of the ppc-compat-caps command, run as a user would run it.

test_cmd.py TOOL FAKE_IOCTL_SO TEST_CLI CHANGELOG

Without a module: --sysfs reads a fake sysfs directory, and the default
(ioctl) path talks to a regular file while tests/tool/fake_ioctl.c, preloaded,
answers PPC_COMPAT_CAPS_GET the way the module would. /dev/null stands in for
a device that does not know the ioctl. The JSON is parsed back with the json
module. Expected values are written here from the documented rules (bits
1<<62 power9, 1<<61 power10, 1<<60 power11; ppc-compat-caps(1)), never taken
from the command. Prints "ok - ..." / "not ok - ..." lines.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOOL, SHIM, TEST_CLI, CHANGELOG = sys.argv[1:5]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from tap import ok, done  # noqa: E402

# The modes with a bit, (name, bit), from tests/lib/modes.sh: the tests' one
# table of them.
MODES = [(name, int(bit)) for name, bit, _, _ in (
    row.split() for row in subprocess.run(
        ["sh", "-c", '. "$0"; pcc_mode_table',
         os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib",
                      "modes.sh")],
        check=True, capture_output=True, text=True).stdout.splitlines())
    if bit != "-"]


# mask -> (modes newest first, best), from the uapi header's bits
TABLE = [
    (0x6000000000000000, ["power10", "power9"], "power10"),
    (0x7000000000000000, ["power11", "power10", "power9"], "power11"),
    (0x4000000000000000, ["power9"], "power9"),
    (0x2000000000000000, ["power10"], "power10"),
    (0x1000000000000000, ["power11"], "power11"),
    (0x0000000000000000, [], None),
    (0x0800000000000000, [], None),
    (0x4800000000000000, ["power9"], "power9"),
]

CPUINFO = {
    # /proc/cpuinfo of a Power11 LPAR in Power10 mode, as powerpc prints it
    "p11": ("processor\t: 0\ncpu\t\t: POWER10 (architected), altivec supported\n"
            "clock\t\t: 1000.000000MHz\nrevision\t: 18.0 (pvr 0082 1200)\n\n"
            "timebase\t: 512000000\nplatform\t: pSeries\n", "0x00821200"),
    "p10": ("processor\t: 0\ncpu\t\t: POWER10 (raw), altivec supported\n"
            "revision\t: 2.0 (pvr 0080 0200)\n", "0x00800200"),
    "p9": ("processor\t: 0\ncpu\t\t: POWER9 (architected), altivec supported\n"
           "revision\t: 2.2 (pvr 004e 1202)\n", "0x004e1202"),
    "x86": ("processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme\n", None),
}

KEYS = ["backend", "modes", "mask", "best", "raw_pvr", "size",
        "hypervisor_mask", "kvm_mask", "cpu_version", "kvm_hv_loaded", "removed",
        "source", "kvm_answer"]
# The layer keys where sysfs shows no layers and kvm-hv is not loaded, and
# the source: the module, KVM unable to check it
NO_LAYERS = {"hypervisor_mask": None, "kvm_mask": None, "cpu_version": None,
             "kvm_hv_loaded": False, "removed": None,
             "source": "module", "kvm_answer": None}
# The summary's first line then (ppc-compat-caps(1))
NO_KVM = "kvm-hv is not loaded: modprobe kvm-hv (dmesg says why if it refuses)"
SRC = ("source:  the ppc_compat_caps module; no check by KVM_PPC_GET_COMPAT_CAPS: %s\n"
       % NO_KVM)

tmp = tempfile.mkdtemp(prefix="pcc-tool-test.")
os.chmod(tmp, 0o755)
tool = os.path.join(tmp, "ppc-compat-caps")
shutil.copy(TOOL, tool)
shim = os.path.join(tmp, "fake_ioctl.so")
shutil.copy(SHIM, shim)
os.chmod(tool, 0o755)
os.chmod(shim, 0o755)
device = os.path.join(tmp, "device")
with open(device, "w"):
    pass
os.chmod(device, 0o444)
for name, (text, _) in CPUINFO.items():
    with open(os.path.join(tmp, "cpuinfo." + name), "w") as f:
        f.write(text)


def sysfs(name, mask, backend="nested-v2", names=None):
    """A fake /sys/class/misc/ppc_compat_caps with the module's formats."""
    d = os.path.join(tmp, "sysfs." + name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "compat_caps_mask"), "w") as f:
        f.write(mask if isinstance(mask, str) else "0x%016x\n" % mask)
    if names is not None:
        with open(os.path.join(d, "compat_caps"), "w") as f:
            f.write(names + "\n")
    if backend is not None:
        with open(os.path.join(d, "backend"), "w") as f:
            f.write(backend + "\n")
    return d


def run(args, fake=None, user=None, kvm=None):
    """The command's exit status, stdout, stderr. FAKE and KVM: what the
    preloaded fake_ioctl.so answers for the module and for KVM."""
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    env["LC_ALL"] = "C"
    if fake is not None or kvm is not None:
        env["LD_PRELOAD"] = shim
        env["PCC_FAKE_IOCTL"] = fake or ""
        env["PCC_FAKE_KVM"] = kvm or ""
    kw = {}
    if user is not None:
        kw = {"user": user, "group": user, "extra_groups": []}
    p = subprocess.run([tool] + args, env=env, capture_output=True,
                       text=True, **kw)
    return p.returncode, p.stdout, p.stderr


def one_error_line(err):
    return err.count("\n") == 1 and err.startswith("ppc-compat-caps: ")


def common(d, cpu="p11"):
    return ["--sysfs-dir", d, "--cpuinfo", os.path.join(tmp, "cpuinfo." + cpu),
            "--kvm-hv-dir", os.path.join(tmp, "no-kvm-hv"),
            "--kvm-device", os.path.join(tmp, "no-kvm")]


# --json, by the ioctl (default) and by --sysfs, for every row of TABLE
for mask, modes, best in TABLE:
    d = sysfs("m%x" % mask, mask)
    want = {"backend": "nested-v2", "modes": modes, "mask": "0x%016x" % mask,
            "best": best, "raw_pvr": "0x00821200", "size": 24, **NO_LAYERS}
    rc, out, err = run(["--json", "--device", device] + common(d),
                       fake="mask=0x%x" % mask)
    try:
        got = json.loads(out)
    except ValueError as e:
        got = "invalid JSON: %s: %r" % (e, out)
    ok(rc == 0 and err == "", "--json mask 0x%016x: exit 0, no stderr" % mask,
       "rc %d stderr %r" % (rc, err))
    ok(got == want, "--json mask 0x%016x: modes %s, best %s, size 24"
       % (mask, modes, best), "want %r\ngot  %r" % (want, got))
    ok(isinstance(got, dict) and list(got) == KEYS,
       "--json mask 0x%016x: keys in the documented order" % mask,
       got if not isinstance(got, dict) else list(got))
    ok(out == json.dumps(want) + "\n",
       "--json mask 0x%016x: one line, json.dumps separators" % mask, out)

    want["size"] = None
    rc, out, err = run(["--json", "--sysfs", "--device", "/nonexistent"]
                       + common(d))
    try:
        got = json.loads(out)
    except ValueError as e:
        got = "invalid JSON: %s: %r" % (e, out)
    ok(rc == 0 and got == want,
       "--sysfs --json mask 0x%016x: same answer, size null" % mask,
       "rc %d want %r\ngot  %r\nstderr %r" % (rc, want, got, err))

# The ioctl, not sysfs, is the default source; --sysfs switches.
d = sysfs("differ", 0x4000000000000000)
rc, out, _ = run(["--json", "--device", device] + common(d),
                 fake="mask=0x6000000000000000")
ok(rc == 0 and json.loads(out)["mask"] == "0x6000000000000000",
   "default source is the ioctl (sysfs says otherwise here)", out)
rc, out, _ = run(["--json", "--sysfs", "--device", device] + common(d),
                 fake="mask=0x6000000000000000")
ok(rc == 0 and json.loads(out)["mask"] == "0x4000000000000000",
   "--sysfs reads compat_caps_mask, not the ioctl", out)

# raw_pvr from the cpuinfo text; null without one
for cpu, (_, pvr) in CPUINFO.items():
    rc, out, _ = run(["--json", "--device", device] + common(d, cpu),
                     fake="mask=0x6000000000000000")
    ok(rc == 0 and json.loads(out)["raw_pvr"] == pvr,
       "raw_pvr from cpuinfo %s is %s" % (cpu, json.dumps(pvr)), out)
rc, out, _ = run(["--json", "--device", device, "--sysfs-dir", d,
                  "--cpuinfo", "/nonexistent"], fake="mask=0x6000000000000000")
ok(rc == 0 and json.loads(out)["raw_pvr"] is None,
   "raw_pvr null when cpuinfo is unreadable", out)

# backend always from sysfs; null (not an error) when unreadable
d_nb = sysfs("nobackend", 0x6000000000000000, backend=None)
rc, out, err = run(["--json", "--device", device] + common(d_nb),
                   fake="mask=0x6000000000000000")
ok(rc == 0 and json.loads(out)["backend"] is None and err == "",
   "backend null when sysfs backend is missing, exit 0", out + err)
d_v1 = sysfs("v1", 0x6000000000000000, backend="nested-v1")
rc, out, _ = run(["--json", "--device", device] + common(d_v1),
                 fake="mask=0x6000000000000000")
ok(rc == 0 and json.loads(out)["backend"] == "nested-v1",
   "backend nested-v1 read from sysfs with the ioctl's mask", out)
rc, out, _ = run(["--json", "--device", device, "--sysfs-dir", "/nonexistent",
                  "--cpuinfo", os.path.join(tmp, "cpuinfo.p11")],
                 fake="mask=0x6000000000000000")
ok(rc == 0 and json.loads(out)["backend"] is None,
   "backend null when the sysfs directory is missing (ioctl mode)", out)

# JSON string escaping survives a round trip through the json module
for backend in ['nested-v2', 'a"b', 'back\\slash', 'tab\there', 'nl\nx',
                'ctl\x01\x1f', 'del\x7f']:
    p = subprocess.run([TEST_CLI, "json", "0x6000000000000000", "24",
                        "0x00821200", backend], capture_output=True)
    try:
        got = json.loads(p.stdout.decode("ascii"))["backend"]
    except (ValueError, UnicodeDecodeError) as e:
        got = "invalid: %s %r" % (e, p.stdout)
    ok(got == backend, "json escaping round trip of %r" % backend, got)
p = subprocess.run([TEST_CLI, "json", "0", "-", "-", "caf\xc3\xa9"],
                   capture_output=True)
try:
    json.loads(p.stdout.decode("ascii"))
    valid = True
except (ValueError, UnicodeDecodeError):
    valid = False
ok(valid, "json output is ASCII and valid with non-ASCII bytes in backend",
   p.stdout)

# --qemu, --best, --check for every row
for mask, modes, best in TABLE:
    d = sysfs("m%x" % mask, mask)
    for src, args, fake in (("ioctl", ["--device", device], "mask=0x%x" % mask),
                            ("sysfs", ["--sysfs"], None)):
        rc, out, err = run(["--qemu"] + args + common(d), fake=fake)
        if best:
            ok(rc == 0 and out == "max-cpu-compat=%s\n" % best and err == "",
               "--qemu (%s) mask 0x%016x prints max-cpu-compat=%s"
               % (src, mask, best), (rc, out, err))
        else:
            ok(rc == 6 and out == "" and one_error_line(err) and
               "no compatibility mode is usable" in err,
               "--qemu (%s) mask 0x%016x: exit 6, one line on stderr"
               % (src, mask), (rc, out, err))
        rc, out, err = run(["--best"] + args + common(d), fake=fake)
        ok((rc, out) == ((0, best + "\n") if best else (6, "")),
           "--best (%s) mask 0x%016x -> %s" % (src, mask, best), (rc, out, err))
        for mode, bit in MODES:
            want = 0 if mask >> bit & 1 else 1
            rc, out, err = run(["--check", mode] + args + common(d), fake=fake)
            ok(rc == want and out == "" and err == "",
               "--check %s (%s) mask 0x%016x: exit %d" % (mode, src, mask, want),
               (rc, out, err))

# The summary for a person
d = sysfs("show", 0x6000000000000000)
rc, out, err = run(["--device", device] + common(d, "p11"),
                   fake="mask=0x6000000000000000")
ok(rc == 0 and err == "" and out == SRC +
   "backend: nested-v2\nmodes:   power10 power9\nbest:    power10\n"
   "raw PVR: 0x00821200 would suggest power11, a mode this host cannot give "
   "a nested guest; use -M pseries,max-cpu-compat=power10\n",
   "summary: Power11 LPAR in Power10 mode names the raw PVR's trap", out + err)
rc, out, err = run(["--device", device] + common(d, "p10"),
                   fake="mask=0x6000000000000000")
ok(rc == 0 and out == SRC +
   "backend: nested-v2\nmodes:   power10 power9\nbest:    power10\n",
   "summary: raw PVR agrees, four lines", out + err)
d0 = sysfs("none", 0, backend="nested-v2")
rc, out, err = run(["--sysfs"] + common(d0, "p9"))
ok(rc == 0 and out == SRC +
   "backend: nested-v2\nmodes:   none\nbest:    none\n"
   "raw PVR: 0x004e1202 would suggest power9, a mode this host cannot give "
   "a nested guest\n", "summary: empty mask is an answer (exit 0)", out + err)

# The layers behind the answer: sysfs' attributes as the module writes
# them, each reason of removed in the words of ppc-compat-caps(1).
WHY = {
    "partition": "the partition runs in an older compatibility mode; a newer "
                 "one (on PowerVM, the LPAR's processor compatibility mode) "
                 "brings it back",
    "hypervisor": "the hypervisor does not offer it to nested guests; only "
                  "the hypervisor's side brings it back",
    "no-kvm-hv": "this kernel has no kvm-hv; a kernel built with "
                 "CONFIG_KVM_BOOK3S_64_HV brings it back",
    "hash-mmu": "kvm-hv nests guests only under the radix MMU; booting "
                "without disable_radix brings it back",
    "no-nested-v2": "this kernel's kvm-hv has no nested API v2, the only one "
                    "the hypervisor offers; a kernel whose KVM speaks it "
                    "(Debian's 6.12 does) brings it back",
    "kvm-mode": "this kernel's KVM cannot give a nested guest this mode; a "
                "kernel whose KVM knows it (for power11: CPU_FTR_P11_PVR) "
                "brings it back",
}
kvm_hv = os.path.join(tmp, "kvm_hv")
os.makedirs(kvm_hv, exist_ok=True)
LAYERS = [
    # (name, backend, mask, hypervisor, kvm, cpu-version, removed)
    ("6.12 P11", "nested-v2", 0x6000000000000000, "0x7000000000000000",
     "0x6000000000000000", "0x0f000007", "power11:kvm-mode"),
    ("6.1 v2", "nested-v2", 0, "0x6000000000000000", "0x0000000000000000",
     "0x0f000006", "power10:no-nested-v2 power9:no-nested-v2"),
    ("v1 P10 mode", "nested-v1", 0x6000000000000000, None,
     "0x7000000000000000", "0x0f000006", "power11:partition"),
    ("raw", "nested-v1", 0x4000000000000000, None, "0x4000000000000000",
     None, "none"),
    ("every reason", "nested-v2", 0, "0x0000000000000000", "0x0000000000000000",
     "0x0f000004", "power11:hypervisor power10:no-kvm-hv power9:hash-mmu"),
    ("unknown reason", "nested-v2", 0x4000000000000000, "0x4000000000000000",
     "0x4000000000000000", "0x0f000005", "power10:kvm-future"),
]
MODE = {"0x0f000004": "power8", "0x0f000005": "power9",
        "0x0f000006": "power10", "0x0f000007": "power11"}


def names(mask):
    n = [m for m, b in (("power11", 60), ("power10", 61), ("power9", 62))
         if mask >> b & 1]
    return " ".join(n) or "none"


for name, backend, mask, hv, kvm, cv, removed in LAYERS:
    d = sysfs("layers-" + name.replace(" ", "-"), mask, backend=backend)
    for attr, val in (("hypervisor_caps_mask", hv), ("kvm_caps_mask", kvm),
                      ("cpu_version", cv), ("removed", removed)):
        if val is not None:
            with open(os.path.join(d, attr), "w") as f:
                f.write(val + "\n")
    for loaded in (False, True):
        args = ["--sysfs", "--sysfs-dir", d, "--cpuinfo", "/nonexistent",
                "--kvm-hv-dir", kvm_hv if loaded else kvm_hv + ".none",
                "--kvm-device", "/nonexistent"]
        rc, out, err = run(["--json"] + args)
        toks = [t.split(":", 1) for t in removed.split() if t != "none"]
        want = {"hypervisor_mask": hv, "kvm_mask": kvm, "cpu_version": cv,
                "kvm_hv_loaded": loaded,
                "removed": [{"mode": m, "reason": r} for m, r in toks]}
        got = json.loads(out) if rc == 0 else {}
        ok(rc == 0 and {k: got.get(k) for k in want} == want,
           "--json layers, %s, kvm-hv %s" % (name, loaded),
           "want %r\ngot  %r" % (want, got))
        rc, out, err = run(args)
        lines = []
        if hv is not None:
            lines.append("offered: %s (the hypervisor, %s)"
                         % (names(int(hv, 16)), hv))
        lines.append("kvm:     %s (what this kernel's KVM can use, %s)"
                     % (names(int(kvm, 16)), kvm))
        lines.append("mode:    %s (cpu-version %s)" % (MODE[cv], cv) if cv
                     else "mode:    raw (no cpu-version)")
        lines.append("kvm-hv:  loaded" if loaded else
                     "kvm-hv:  not loaded (nested guests need it: modprobe "
                     "kvm-hv; dmesg says why it refuses)")
        for m, r in toks:
            lines.append("removed: %s: %s" % (m, WHY.get(
                r, r + " (a reason this version does not know)")))
        src = SRC if not loaded else SRC.replace(
            NO_KVM, "/nonexistent: No such file or directory (ENOENT)")
        want_out = (src + "backend: %s\nmodes:   %s\nbest:    %s\n"
                    % (backend, names(mask), names(mask).split()[0])
                    + "".join(line + "\n" for line in lines))
        ok(rc == 0 and out == want_out,
           "summary layers, %s, kvm-hv %s" % (name, loaded),
           "want %r\ngot  %r" % (want_out, out))

# This host is no pseries LPAR (no /proc/device-tree/rtas): where the
# module is missing its line says so.
NOT_LPAR = ("ppc-compat-caps: no answer from the ppc_compat_caps module: this "
            "host is no pseries LPAR (a PowerNV host, say): only an LPAR has "
            "nested-guest modes to report\n")

# KVM's own answer (Linux 7.3's KVM_PPC_GET_COMPAT_CAPS, faked): where the
# module is not loaded it answers, every option from it; where both are,
# KVM checks the module, and a disagreement is exit 7 with one line.
kvm_dev = os.path.join(tmp, "kvm")
with open(kvm_dev, "w"):
    pass
kvm_hv_on = os.path.join(tmp, "kvm_hv_on")
os.makedirs(kvm_hv_on, exist_ok=True)


def with_kvm(d, cpu="p11"):
    return ["--sysfs-dir", d, "--cpuinfo", os.path.join(tmp, "cpuinfo." + cpu),
            "--kvm-hv-dir", kvm_hv_on, "--kvm-device", kvm_dev]


KVM_SRC = ("source:  KVM (KVM_PPC_GET_COMPAT_CAPS); the ppc_compat_caps module, "
           "not loaded, would say why modes are missing\n")
for mask, modes, best in TABLE:
    nodir = os.path.join(tmp, "nodir")
    kvm = "mask=0x%x" % mask
    args = ["--device", "/nonexistent"] + with_kvm(nodir)
    rc, out, err = run(["--json"] + args, kvm=kvm)
    want = {"backend": None, "modes": modes, "mask": "0x%016x" % mask,
            "best": best, "raw_pvr": "0x00821200", "size": 24,
            "hypervisor_mask": None, "kvm_mask": None, "cpu_version": None,
            "kvm_hv_loaded": True, "removed": None, "source": "kvm",
            "kvm_answer": "0x%016x" % mask}
    ok(rc == 0 and err == "" and out == json.dumps(want) + "\n",
       "no module, KVM answers 0x%016x: --json from KVM" % mask, (rc, out, err))
    rc, out, err = run(["--qemu"] + args, kvm=kvm)
    ok((rc, out) == ((0, "max-cpu-compat=%s\n" % best) if best else (6, "")),
       "no module, KVM answers 0x%016x: --qemu" % mask, (rc, out, err))
    rc, out, err = run(["--best"] + args, kvm=kvm)
    ok((rc, out) == ((0, best + "\n") if best else (6, "")),
       "no module, KVM answers 0x%016x: --best" % mask, (rc, out, err))
    for mode, bit in MODES:
        rc, out, err = run(["--check", mode] + args, kvm=kvm)
        ok(rc == (0 if mask >> bit & 1 else 1) and out + err == "",
           "no module, KVM answers 0x%016x: --check %s" % (mask, mode), (rc, out, err))
rc, out, err = run(["--device", "/nonexistent"] + with_kvm(os.path.join(tmp, "nodir")),
                   kvm="mask=0x6000000000000000")
ok(rc == 0 and err == "" and out == KVM_SRC +
   "modes:   power10 power9\nbest:    power10\n"
   "raw PVR: 0x00821200 would suggest power11, a mode this host cannot give "
   "a nested guest; use -M pseries,max-cpu-compat=power10\n",
   "no module: the summary says KVM answered, no backend or layers", (rc, out, err))

# Both: KVM agrees, or disagrees (exit 7, one line, the module's answer out).
d = sysfs("both", 0x6000000000000000)
rc, out, err = run(["--json", "--device", device] + with_kvm(d),
                   fake="mask=0x6000000000000000", kvm="mask=0x6000000000000000")
got = json.loads(out) if rc == 0 else {}
ok(rc == 0 and err == "" and got.get("source") == "module" and
   got.get("kvm_answer") == "0x6000000000000000",
   "module and KVM agree: the module's answer, KVM's beside it", (rc, out, err))
rc, out, err = run(["--device", device] + with_kvm(d, "p10"),
                   fake="mask=0x6000000000000000", kvm="mask=0x6000000000000000")
ok(rc == 0 and out.startswith(
   "source:  the ppc_compat_caps module; KVM_PPC_GET_COMPAT_CAPS agrees\n"),
   "module and KVM agree: the summary says so", (rc, out, err))
DISAGREE = ("ppc-compat-caps: the module answers 0x6000000000000000 but "
            "KVM_PPC_GET_COMPAT_CAPS 0x7000000000000000; one of them is wrong: "
            "please report it\n")
for args, want_out in ((["--qemu"], "max-cpu-compat=power10\n"),
                       (["--best"], "power10\n"), (["--check", "power10"], ""),
                       (["--check", "power11"], ""), (["--sysfs", "--best"], "power10\n")):
    rc, out, err = run(args + ["--device", device] + with_kvm(d),
                       fake="mask=0x6000000000000000", kvm="mask=0x7000000000000000")
    ok(rc == 7 and out == want_out and err == DISAGREE,
       "module and KVM disagree, %r: exit 7, the module's answer, one line" % args,
       (rc, out, err))
rc, out, err = run(["--device", device] + with_kvm(d, "p10"),
                   fake="mask=0x6000000000000000", kvm="mask=0x7000000000000000")
ok(rc == 7 and err == DISAGREE and out.startswith(
   "source:  the ppc_compat_caps module; KVM_PPC_GET_COMPAT_CAPS disagrees: "
   "power11 power10 power9 (0x7000000000000000)\nbackend: nested-v2\n"),
   "module and KVM disagree: the summary names KVM's answer", (rc, out, err))

# KVM without an answer: each reason one line (here the module is missing
# too, so exit 3), and beside a module it only says why it did not check.
for kvm, args, why in (
        ("nocap", [], "this kernel's KVM does not have it (Linux 7.3 and later do)"),
        ("novm=22", [], "KVM_CREATE_VM: Invalid argument (EINVAL)"),
        ("errno=25", [], "KVM_PPC_GET_COMPAT_CAPS: Inappropriate ioctl for device (ENOTTY)"),
        ("mask=0x6000000000000000,size=32", [], "it wrote back a size or flags it should not"),
        ("mask=0x6000000000000000,flags=1", [], "it wrote back a size or flags it should not"),
        ("mask=0", ["--kvm-device", "/nonexistent"],
         "/nonexistent: No such file or directory (ENOENT)"),
        ("mask=0", ["--kvm-device", "/dev/null"],
         "this kernel's KVM does not have it (Linux 7.3 and later do)")):
    rc, out, err = run(["--json", "--device", "/nonexistent"] +
                       with_kvm(os.path.join(tmp, "nodir")) + args, kvm=kvm)
    ok(rc == 3 and out == "" and err == NOT_LPAR +
       "ppc-compat-caps: no answer from KVM_PPC_GET_COMPAT_CAPS: %s\n" % why,
       "no module, KVM %s %r: exit 3, KVM's reason" % (kvm, args), (rc, out, err))
    rc, out, err = run(["--device", device] + with_kvm(d, "p10") + args,
                       fake="mask=0x6000000000000000", kvm=kvm)
    ok(rc == 0 and err == "" and out.startswith(
       "source:  the ppc_compat_caps module; no check by KVM_PPC_GET_COMPAT_CAPS: %s\n"
       % why), "module, KVM %s %r: the module's answer, why KVM did not check"
       % (kvm, args), (rc, out, err))

# No module and no KVM: exit 3, one line for each source, what brings it.
for args in ([], ["--json"], ["--qemu"], ["--best"], ["--check", "power9"],
             ["--sysfs"]):
    rc, out, err = run(args + ["--device", "/nonexistent"] + common(
        os.path.join(tmp, "nodir")))
    ok(rc == 3 and out == "" and err == NOT_LPAR +
       "ppc-compat-caps: no answer from KVM_PPC_GET_COMPAT_CAPS: %s\n" % NO_KVM,
       "no module, no kvm-hv, %r: exit 3, one line each" % args, (rc, out, err))

rc, out, err = run(["--device", "/dev/null"] + common(d))
ok(rc == 5 and out == "" and one_error_line(err) and "ENOTTY" in err and
   "PPC_COMPAT_CAPS_GET" in err,
   "a device without the ioctl (/dev/null): exit 5, ENOTTY by name",
   (rc, out, err))
for num, name, code in ((14, "EFAULT", 5), (22, "EINVAL", 5), (7, "E2BIG", 5),
                        (5, "EIO", 5), (13, "EACCES", 4), (1, "EPERM", 4)):
    rc, out, err = run(["--json", "--device", device] + common(d),
                       fake="errno=%d" % num)
    ok(rc == code and out == "" and one_error_line(err) and
       (": %s (" % name) in err,
       "ioctl fails with %s: exit %d, named" % (name, code), (rc, out, err))
for fake, what in (("mask=0x6000000000000000,size=16", "size 16"),
                   ("mask=0x6000000000000000,size=32", "size 32"),
                   ("mask=0x6000000000000000,flags=1", "flags 1")):
    rc, out, err = run(["--json", "--device", device] + common(d), fake=fake)
    ok(rc == 5 and out == "" and one_error_line(err),
       "ioctl answer with %s is refused: exit 5" % what, (rc, out, err))
rc, out, err = run(["--json", "--device", os.path.join(tmp)] + common(d))
ok(rc == 5 and one_error_line(err),
   "a directory as device: exit 5", (rc, out, err))

for content, what in (("power10 power9\n", "names"), ("0x6000\n", "short"),
                      ("", "empty"), ("0x6000000000000000\n\n", "two newlines")):
    dm = sysfs("bad" + what, content)
    rc, out, err = run(["--sysfs", "--json"] + common(dm))
    ok(rc == 5 and out == "" and one_error_line(err) and
       "compat_caps_mask" in err,
       "--sysfs, malformed compat_caps_mask (%s): exit 5" % what,
       (rc, out, err))

dm = sysfs("nonewline", "0x6000000000000000")
rc, out, err = run(["--sysfs", "--best"] + common(dm))
ok(rc == 0 and out == "power10\n" and err == "",
   "--sysfs, compat_caps_mask without its newline: read", (rc, out, err))

# Permission denied: a device only root may open, opened as nobody
if os.geteuid() == 0:
    secret = os.path.join(tmp, "secret")
    with open(secret, "w"):
        pass
    os.chmod(secret, 0o600)
    rc, out, err = run(["--json", "--device", secret] + common(d),
                       user=65534)
    ok(rc == 4 and out == "" and one_error_line(err) and "EACCES" in err,
       "device not readable by the caller: exit 4, EACCES", (rc, out, err))
    dp = sysfs("perm", 0x6000000000000000)
    os.chmod(os.path.join(dp, "compat_caps_mask"), 0o200)
    rc, out, err = run(["--sysfs", "--json"] + common(dp), user=65534)
    ok(rc == 4 and one_error_line(err) and "EACCES" in err,
       "--sysfs, compat_caps_mask not readable: exit 4", (rc, out, err))
else:
    secret = os.path.join(tmp, "secret")
    with open(secret, "w"):
        pass
    os.chmod(secret, 0)
    rc, out, err = run(["--json", "--device", secret] + common(d))
    ok(rc == 4 and one_error_line(err) and "EACCES" in err,
       "device not readable by the caller: exit 4, EACCES", (rc, out, err))

# Usage errors: exit 2, one line that points to --help, nothing on stdout
for args in (["--bogus"], ["--json", "--qemu"], ["--check"],
             ["--check", "power8"], ["--check", "Power10"], ["extra"],
             ["--device"], ["--device="], ["--json=1"]):
    rc, out, err = run(args + ["--device", device])
    ok(rc == 2 and out == "" and one_error_line(err) and
       err.endswith("see 'ppc-compat-caps --help'\n"),
       "usage error %r: exit 2, one line" % args, (rc, out, err))

rc, out, err = run(["--help"])
ok(rc == 0 and out.startswith("Usage: ppc-compat-caps") and err == "",
   "--help: usage on stdout, exit 0", (rc, err))
for opt in ("--json", "--qemu", "--best", "--check MODE", "--sysfs",
            "--device PATH", "--sysfs-dir PATH", "--cpuinfo PATH",
            "--kvm-hv-dir PATH", "--kvm-device PATH", "-h, --help", "--version"):
    ok(opt in out, "--help lists %s" % opt)
with open(CHANGELOG) as f:
    version = re.match(r'ppc-compat-caps \(([^)]+)\) ', f.readline()).group(1)
rc, out, err = run(["--version"])
ok(rc == 0 and out == "ppc-compat-caps %s\n" % version,
   "--version prints debian/changelog's version %s" % version, out)

# Neither --help nor any call leaves files behind in the sysfs directory
d = sysfs("ro", 0x6000000000000000)
before = sorted(os.listdir(d))
run(["--json", "--sysfs"] + common(d))
ok(sorted(os.listdir(d)) == before, "the command writes nothing to sysfs")

shutil.rmtree(tmp)
sys.exit(done())
