#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The man pages render without a warning and say what the code does.

test_man.py TOP TOOL FAKE_IOCTL_SO TEST_CLI

Every fact is taken from the source it documents, never from the page:
the uapi header (defines, struct fields, the errno of each check, in order),
the module's source (sysfs attributes and their modes, the backend names,
its log lines), and the command itself (its --help, its output for the
page's own example input). Prints "ok - ..." / "not ok - ..." lines.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

TOP, TOOL, SHIM, TEST_CLI = sys.argv[1:5]
# The pages as installed: make man fills in the version.
PAGE1 = os.path.join(TOP, "build/man/ppc-compat-caps.1")
PAGE4 = os.path.join(TOP, "build/man/ppc_compat_caps.4")
HEADER = os.path.join(TOP, "include/uapi/ppc_compat_caps.h")
MODULE = os.path.join(TOP, "src/compat_caps_main.c")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from tap import ok, done  # noqa: E402


def read(path):
    with open(path) as f:
        return f.read()


def render(page):
    env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8", MAN_KEEP_FORMATTING="")
    p = subprocess.run(["man", "--warnings=all", "-l", page], env=env,
                       capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def plain(src):
    """The text of a man page source with the escapes used here resolved."""
    t = src
    for a, b in (("\\-", "-"), ("\\(lq", '"'), ("\\(rq", '"'), ("\\(ga", "`"),
                 ("\\(dq", '"'), ("\\e", "\\"), ("\\fB", ""), ("\\fR", ""),
                 ("\\fI", "")):
        t = t.replace(a, b)
    return t


def section(src, name):
    """The source lines of section .SH NAME up to the next .SH."""
    m = re.search(r"^\.SH %s\n(.*?)(?=^\.SH |\Z)" % re.escape(name), src,
                  re.M | re.S)
    return m.group(1) if m else ""


# 1. Both pages render with groff's warnings on and man -l, silently.
for page in (PAGE1, PAGE4):
    name = os.path.basename(page)
    p = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", page],
                       capture_output=True, text=True)
    ok(p.returncode == 0 and p.stderr == "",
       "%s: groff -man -ww renders without a warning" % name, p.stderr)
    rc, out, err = render(page)
    ok(rc == 0 and err == "" and "NAME" in out and "SEE ALSO" in out,
       "%s: man -l renders without a warning" % name, err)
    for line in out.splitlines():
        if len(line) > 80 and not re.match(
                r"\s+(\{|raw PVR:|removed:|kvm: |offered:)", line):
            ok(False, "%s: rendered line within 80 columns" % name, line)
            break
    else:
        ok(True, "%s: rendered lines within 80 columns (examples aside)" % name)

src1, src4 = read(PAGE1), read(PAGE4)
_, out1, _ = render(PAGE1)
_, out4, _ = render(PAGE4)

# 2. ppc-compat-caps(1): the options are those of --help, both ways.
usage = subprocess.run([TOOL, "--help"], capture_output=True, text=True).stdout
help_opts = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-h)\b", usage))
opts_text = plain(section(src1, "OPTIONS"))
man_opts = set(re.findall(r"^\.(?:B|BI|BR) (--[a-z][a-z-]*|-h)\b", opts_text, re.M))
ok(help_opts == man_opts and len(man_opts) == 13,
   "ppc-compat-caps.1: OPTIONS lists exactly the options of --help (%d)"
   % len(help_opts), "help %s\nman  %s" % (sorted(help_opts), sorted(man_opts)))
syn = plain(section(src1, "SYNOPSIS"))
missing = sorted(o for o in help_opts if o not in syn)
ok(not missing, "ppc-compat-caps.1: SYNOPSIS names every option", missing)

# 3. EXIT STATUS: codes 0..7, each with the situation the tests check.
codes = re.findall(r"^\.TP\n\.B (\d+)\n(.*?)(?=^\.TP|^\.PP|\Z)",
                   section(src1, "EXIT STATUS"), re.M | re.S)
ok([c for c, _ in codes] == [str(i) for i in range(8)],
   "ppc-compat-caps.1: EXIT STATUS documents 0 to 7, in order",
   [c for c, _ in codes])
words = {"0": "Success", "1": "is not usable", "2": "Usage error",
         "3": "No answer", "4": "Permission denied",
         "5": "Unexpected error", "6": "no mode is usable",
         "7": "The module and KVM disagree"}
for c, text in codes:
    ok(words.get(c, "?") in plain(text).replace("\n", " "),
       "ppc-compat-caps.1: exit %s is '%s'" % (c, words.get(c)), text)
usage_codes = re.search(r"Exit status: (.*?)\n(?=See)", usage, re.S).group(1)
ok(re.findall(r"(\d) ", usage_codes) == [str(i) for i in range(8)],
   "--help's exit status summary lists 0 to 7 too", usage_codes)

# 4. The page's output examples are the command's output for that input.
# A Power11 LPAR in Power10 mode on Linux 7.3: the module answers, KVM agrees.
env = dict(os.environ, LD_PRELOAD=SHIM, PCC_FAKE_IOCTL="mask=0x6000000000000000",
           PCC_FAKE_KVM="mask=0x6000000000000000", LC_ALL="C")
with tempfile.TemporaryDirectory() as tmp:
    os.chmod(tmp, 0o755)
    dev = os.path.join(tmp, "dev")
    open(dev, "w").close()
    sysd = os.path.join(tmp, "sys")
    os.mkdir(sysd)
    with open(os.path.join(sysd, "backend"), "w") as f:
        f.write("nested-v2\n")
    for attr, val in (("compat_caps_mask", "0x6000000000000000"),
                      ("hypervisor_caps_mask", "0x6000000000000000"),
                      ("kvm_caps_mask", "0x6000000000000000"),
                      ("cpu_version", "0x0f000006"),
                      ("removed", "power11:partition")):
        with open(os.path.join(sysd, attr), "w") as f:
            f.write(val + "\n")
    cpu = os.path.join(tmp, "cpuinfo")
    with open(cpu, "w") as f:
        f.write("processor\t: 0\ncpu\t\t: POWER10 (architected)\n"
                "revision\t: 18.0 (pvr 0082 1200)\n")
    kvm = os.path.join(tmp, "kvm")
    open(kvm, "w").close()
    args = ["--device", dev, "--sysfs-dir", sysd, "--cpuinfo", cpu,
            "--kvm-hv-dir", tmp, "--kvm-device", kvm]

    def tool(*a):
        return subprocess.run([TOOL] + list(a) + args, env=env,
                              capture_output=True, text=True).stdout

    summary = re.search(r"^\.SS Summary.*?\n\.nf\n(.*?)\n\.fi", src1,
                        re.M | re.S).group(1)
    summary = "".join(re.sub(r'^\.RB "([^"]*)" (?:"(.*)"|(\S+))$',
                             lambda m: m.group(1) + (m.group(2) or m.group(3)),
                             line) + "\n"
                      for line in plain(summary).splitlines())
    got = tool()
    ok(summary == got, "ppc-compat-caps.1: the summary example is the output "
       "for a Power11 LPAR in Power10 mode", "man:\n%s\ntool:\n%s" % (summary, got))
    example = re.search(r"^\.SS JSON.*?\n\.nf\n(.*?)\n\.fi", src1,
                        re.M | re.S).group(1)
    got = tool("--json")
    ok(plain(example) + "\n" == got,
       "ppc-compat-caps.1: the JSON example is the output, to the byte",
       "man:  %s\ntool: %s" % (plain(example), got))
    keys = re.findall(r"^\.TP\n\.B (\w+)\n", section(src1, "OUTPUT"), re.M)
    ok(keys == list(json.loads(got)),
       "ppc-compat-caps.1: the JSON keys are described in output order", keys)
    example = re.search(r"^\.SS QEMU.*?\n\.nf\n(.*?)\n\.fi", src1,
                        re.M | re.S).group(1)
    ok(plain(example) + "\n" == tool("--qemu"),
       "ppc-compat-caps.1: the --qemu example is the output", example)

ok("always comes from the sysfs attribute" in plain(src1).replace("\n", " ")
   and "the ioctl does not carry it" in plain(src1).replace("\n", " "),
   "ppc-compat-caps.1: says the backend comes from sysfs, not the ioctl")
m = re.search(r'^\.TH \S+ 1 \S+ "ppc-compat-caps ([^"]+)"', src1, re.M)
v = subprocess.run([TOOL, "--version"], capture_output=True, text=True).stdout
ok(m and v == "ppc-compat-caps %s\n" % m.group(1),
   "ppc-compat-caps.1: .TH version is the command's --version", v)
m4 = re.search(r'^\.TH \S+ 4 \S+ "ppc-compat-caps ([^"]+)"', src4, re.M)
ok(m4 and m and m4.group(1) == m.group(1),
   "ppc_compat_caps.4: .TH version is the same")

# 5. ppc_compat_caps(4): the uapi header, to the letter.
header = read(HEADER)
comment = re.search(r"/\*\n(.*?)\*/", header, re.S).group(1)
want_errnos = re.findall(r"\s-(E[A-Z0-9]+)\s*$", comment, re.M)
errors = section(src4, "ERRORS")
man_errnos = re.findall(r"^\.TP\n\.B (E[A-Z0-9]+)\n", errors, re.M)
ok(want_errnos == man_errnos and len(want_errnos) == 6,
   "ppc_compat_caps.4: ERRORS are the header's checks, in its order (%s)"
   % " ".join(want_errnos), "header %s\nman    %s" % (want_errnos, man_errnos))
ok("In the order" in comment or "in this order" in comment,
   "the header says its checks run in order (so the order must match)")
ok("The checks run in this order" in errors,
   "ppc_compat_caps.4: says the checks run in this order")
ok("left exactly as it was" in plain(errors).replace("\n", " ") and
   "partly written" in plain(errors).replace("\n", " "),
   "ppc_compat_caps.4: the buffer is untouched on error, as the header says")


def defines(text):
    text = re.sub(r"/\*.*?\*/", "", text.replace("\\\n", " "), flags=re.S)
    out = {}
    for m in re.finditer(r"^#define[ \t]+(\w+)[ \t]+(.+)$", text, re.M):
        out[m.group(1)] = re.sub(r"\s+", "", m.group(2))
    return out


def struct_fields(text):
    m = re.search(r"struct ppc_compat_caps \{(.*?)\};", text, re.S)
    body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S) if m else ""
    return re.findall(r"(__u\d+)\s+(\w+);", body)


ex = plain(re.search(r"^\.SS The ioctl\n(.*?)^\.SH ", src4, re.M | re.S).group(1))
hdefs = defines(header)
mdefs = defines(ex)
for name, value in hdefs.items():
    ok(mdefs.get(name) == value,
       "ppc_compat_caps.4: #define %s %s as in the header" % (name, value),
       mdefs.get(name))
ok(set(mdefs) <= set(hdefs), "ppc_compat_caps.4: no define the header lacks",
   sorted(set(mdefs) - set(hdefs)))
ok(struct_fields(header) == struct_fields(ex) and len(struct_fields(ex)) == 3,
   "ppc_compat_caps.4: struct ppc_compat_caps fields as in the header",
   struct_fields(ex))

# 6. sysfs attributes, their modes, the module parameter, the log lines.
module = read(MODULE)
attrs = {m.group(2): {"RO": "0444", "WO": "0200", "RW": "0644"}[m.group(1)]
         for m in re.finditer(r"DEVICE_ATTR_(RO|WO|RW)\((\w+)\)", module)}
man_attrs = dict(re.findall(r"^\.IR (\w+) \" \((\d+)\)\"$",
                            section(src4, "SYSFS"), re.M))
ok(attrs == man_attrs and len(attrs) == 8,
   "ppc_compat_caps.4: SYSFS lists the module's attributes with their modes",
   "module %s\nman    %s" % (attrs, man_attrs))
abi = read(os.path.join(TOP, "docs/ABI/testing/sysfs-class-misc-ppc_compat_caps"))
abi_attrs = {m.group(1): {"RO": "0444", "WO": "0200"}[m.group(2)]
             for m in re.finditer(r"^What:\t+/sys/class/misc/ppc_compat_caps/(\w+)\n"
                                  r"(?:.*\n)*?\t+\((RO|WO)\)", abi, re.M)}
ok(abi_attrs == attrs,
   "docs/ABI: every attribute, with its mode, in the kernel's ABI format",
   "module %s\nabi    %s" % (attrs, abi_attrs))
ok("PPC_COMPAT_CAPS_MASK=" in abi and "PPC_COMPAT_CAPS_MASK=" in module,
   "docs/ABI: the uevent variable the module sends")
ok('.mode = 0444' in module and "(mode 0444" in src4,
   "ppc_compat_caps.4: the device's mode 0444 as the module sets it")
names = re.search(r"pcc_backend_names\[\] = \{(.*?)\};", module, re.S).group(1)
names = re.findall(r'"([\w-]+)"', names)
param = plain(section(src4, "MODULE PARAMETERS"))
ok(("backend={" + "|".join(names) + "}") in out4,
   "ppc_compat_caps.4: backend={%s}" % "|".join(names), param[:120])
ok('module_param_cb(backend, &pcc_backend_ops, NULL, 0444)' in module and
   "/sys/module/ppc_compat_caps/parameters/backend" in param,
   "ppc_compat_caps.4: the parameter is readable (0444) where it says")
diag = re.sub(r"\s+", " ", plain(section(src4, "DIAGNOSTICS")))
for fmt in re.findall(r'pr_(?:err|warn|info)\("((?:[^"\\]|\\.)*)"', module):
    fmt = fmt.replace("\\n", "")
    pat = ".+".join(re.escape(piece) for piece in
                    re.split(r"%p[a-zA-Z]|%0?\d*(?:ll|l)?[dxus]", fmt))
    ok(re.search(pat, diag) is not None,
       "ppc_compat_caps.4: DIAGNOSTICS has the log line '%s'" % fmt[:60], pat)

# 7. The .4 page's example program compiles against the header.
prog = re.search(r"^\.SH EXAMPLES\n\.in \+4n\n\.EX\n(.*?)\n\.EE", src4,
                 re.M | re.S).group(1)
with tempfile.TemporaryDirectory() as tmp:
    c = os.path.join(tmp, "example.c")
    with open(c, "w") as f:
        f.write(plain(prog) + "\n")
    p = subprocess.run(["cc", "-std=gnu11", "-Wall", "-Wextra", "-Werror",
                        "-I" + os.path.join(TOP, "include/uapi"), "-o",
                        os.path.join(tmp, "example"), c],
                       capture_output=True, text=True)
    ok(p.returncode == 0, "ppc_compat_caps.4: the example program compiles "
       "with -Wall -Wextra -Werror", p.stderr)

sys.exit(done())
