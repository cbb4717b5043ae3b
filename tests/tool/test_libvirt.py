# SPDX-License-Identifier: GPL-2.0
"""test_libvirt.py HELPER MANPAGE: ppc-compat-caps-libvirt against a fake
virsh and a fake ppc-compat-caps on PATH. Each domain of tests/tool/libvirt/
(real-world forms: virt-install's, topology and NUMA, odd indentation,
one-line XML, no <cpu>) is edited and compared byte for byte with its .want
file, written by hand; the <cpu>'s other attributes and children and the
rest of the domain are also compared element by element; a second run
changes nothing. Then the errors and exit statuses, two negative controls
and the man page. The real virsh runs it in make check-libvirt."""
import difflib
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import tap  # noqa: E402

HELPER, MANPAGE = sys.argv[1], sys.argv[2]
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "libvirt")
WANT_LINE = "<cpu mode='host-model'><model>power10</model></cpu>"
tmp = tempfile.mkdtemp()
os.makedirs(f"{tmp}/bin")
# The fake virsh logs its arguments; dumpxml leaves passwords out unless
# asked for --security-info, as the real one does.
with open(f"{tmp}/bin/virsh", "w") as f:
    f.write("""#!/bin/sh
echo "$*" >> "$FAKE_LOG"
[ "$1" = -q ] && shift
[ "$1" = -c ] && shift 2
case $1 in
dumpxml)
	[ -n "$FAKE_DUMP_RC" ] && exit "$FAKE_DUMP_RC"
	if [ "$2 $3" = "--inactive --security-info" ]; then cat "$FAKE_XML"
	else sed "s/ passwd='[^']*'//" "$FAKE_XML"; fi ;;
define) [ -n "$FAKE_DEFINE_RC" ] && exit "$FAKE_DEFINE_RC"; cp "$2" "$FAKE_DEFINED" ;;
*) exit 9 ;;
esac
""")
with open(f"{tmp}/bin/ppc-compat-caps", "w") as f:
    f.write('#!/bin/sh\n[ "$1" = --best ] || exit 2\n'
            '[ "$FAKE_BEST_RC" = 0 ] || exit "$FAKE_BEST_RC"\necho power10\n')
for name in ("virsh", "ppc-compat-caps"):
    os.chmod(f"{tmp}/bin/{name}", 0o755)
DEFINED = f"{tmp}/defined.xml"
LOG = f"{tmp}/virsh.log"


def run(args, xml=None, helper=HELPER, **env):
    """The helper's exit status, stdout, stderr; the XML virsh was given to
    define (None if none) and virsh's argument lines."""
    for path in (DEFINED, LOG):
        if os.path.exists(path):
            os.remove(path)
    e = dict(os.environ, PATH=f"{tmp}/bin:" + os.environ["PATH"], FAKE_LOG=LOG,
             FAKE_XML=xml or "/nonexistent", FAKE_DEFINED=DEFINED, FAKE_BEST_RC="0",
             FAKE_DUMP_RC="", FAKE_DEFINE_RC="")
    e.update(env)
    p = subprocess.run([helper] + args, capture_output=True, env=e, check=False)
    defined = open(DEFINED, "rb").read() if os.path.exists(DEFINED) else None
    log = open(LOG).read().splitlines() if os.path.exists(LOG) else []
    return p.returncode, p.stdout.decode(), p.stderr.decode(), defined, log


def canon(el):
    return ET.canonicalize(ET.tostring(el), strip_text=True)


def split_cpu(data):
    """The domain without its <cpu>, the <cpu>'s attributes but mode, its
    children but <model>; each canonical (C14N 2.0)."""
    dom = ET.fromstring(data)
    cpu = dom.find("cpu")
    if cpu is not None:
        dom.remove(cpu)
    attrs = {} if cpu is None else {k: v for k, v in cpu.attrib.items() if k != "mode"}
    kids = [] if cpu is None else [canon(c) for c in cpu if c.tag != "model"]
    return canon(dom), attrs, kids


# case | fixture: each domain of tests/tool/libvirt/ with its .want
CASES = [
    ("virt-install's domain, host-passthrough, a VNC password", "virt-install"),
    ("custom CPU with topology, cache, feature and NUMA; a comment and escaped "
     "<cpu> text", "topology-numa"),
    ("host-model with libvirt's own POWER11 model", "host-model-power11"),
    ("a bare <cpu mode='host-model'/>", "bare-host-model"),
    ("no <cpu>; a <cpu> of another namespace in metadata", "no-cpu"),
    ("no mode attribute, tabs and double quotes, a comment before the topology",
     "no-mode-topology"),
    ("one-line XML with a topology", "one-line"),
    ("one-line XML without a <cpu>", "one-line-no-cpu"),
    ("only a name: the <cpu> before </domain>", "only-name"),
]
for what, name in CASES:
    xml = f"{FIXTURES}/{name}.xml"
    old, want = open(xml, "rb").read(), open(f"{FIXTURES}/{name}.want", "rb").read()
    rc, out, err, defined, log = run(["l2"], xml)
    tap.ok(rc == 0 and out == f"l2: {WANT_LINE}\n" and not err,
           f"{name}: exit 0, says what it set", f"rc {rc}\n{out}{err}")
    tap.ok(defined == want, f"{name}: {what}: virsh define got the .want file, byte for byte",
           "".join(difflib.unified_diff((defined or b"").decode().splitlines(True),
                                        want.decode().splitlines(True), "got", "want")))
    tap.ok(log and log[0] == "-q dumpxml --inactive --security-info l2",
           f"{name}: the inactive XML with its security information", log)
    if defined:
        got, before = split_cpu(defined), split_cpu(old)
        tap.ok(got == before, f"{name}: the <cpu>'s other attributes and children "
               "and the rest of the domain, element by element", f"{got}\n{before}")
        cpu = ET.fromstring(defined).find("cpu")
        tap.ok(cpu.get("mode") == "host-model" and cpu.findtext("model") == "power10",
               f"{name}: mode host-model, model power10", ET.tostring(cpu))
    rc, out, err, defined, _ = run(["--dry-run", "l2"], xml)
    diff = "".join(difflib.unified_diff(old.decode().splitlines(True),
                                        want.decode().splitlines(True),
                                        "l2 (defined)", "l2 (new)"))
    tap.ok(rc == 0 and out == diff and defined is None,
           f"{name}: --dry-run prints the change as a diff, defines nothing",
           f"rc {rc} defined {defined is not None}\n{out}{err}")
    rc, out, err, defined, _ = run(["l2"], f"{FIXTURES}/{name}.want")
    tap.ok(rc == 0 and out == f"l2: unchanged, it has {WANT_LINE}\n" and defined is None,
           f"{name}: a second run changes nothing", f"rc {rc}\n{out}{err}")

bad = f"{tmp}/bad.xml"
# what | XML given | arguments | environment | exit status | stderr's start
ERRORS = [
    ("XML that is not well formed", "<domain><cpu></domain>", ["l2"], {}, 1,
     "ppc-compat-caps-libvirt: l2: not well-formed XML: mismatched tag"),
    ("not a domain", "<network><name>n</name></network>", ["l2"], {}, 1,
     "ppc-compat-caps-libvirt: l2: not a libvirt domain"),
    ("two <cpu> elements", "<domain><cpu/><cpu/></domain>", ["l2"], {}, 1,
     "ppc-compat-caps-libvirt: l2: more than one <cpu> element"),
    ("virsh dumpxml fails", None, ["l2"], {"FAKE_DUMP_RC": "1"}, 1, ""),
    ("<domain/>: a <cpu> in it", "<domain/>", ["l2"], {}, 0, ""),
    ("virsh define fails", "<domain><name>l2</name></domain>", ["l2"], {"FAKE_DEFINE_RC": "1"}, 1, ""),
    ("no module: ppc-compat-caps --best's 3", "<domain/>", ["l2"], {"FAKE_BEST_RC": "3"}, 3, ""),
    ("no usable mode: ppc-compat-caps --best's 6", "<domain/>", ["l2"],
     {"FAKE_BEST_RC": "6"}, 6, ""),
    ("no domain", "<domain/>", [], {}, 2, "usage: ppc-compat-caps-libvirt"),
    ("an unknown option", "<domain/>", ["--bogus", "l2"], {}, 2,
     "ppc-compat-caps-libvirt: option --bogus not recognized"),
    ("-c without a URI", "<domain/>", ["l2", "-c"], {}, 2,
     "ppc-compat-caps-libvirt: option -c requires argument"),
]
for what, text, args, env, want_rc, want_err in ERRORS:
    with open(bad, "w") as f:
        f.write(text or "")
    rc, out, err, defined, _ = run(args, bad, **env)
    expanded = b"<domain><cpu mode='host-model'><model>power10</model></cpu></domain>"
    tap.ok(rc == want_rc and err.startswith(want_err) and not (err and not want_err) and
           defined == (expanded if want_rc == 0 else None),
           f"{what}: exit {want_rc}, " + ("defined" if want_rc == 0 else "nothing defined"),
           f"rc {rc} defined {defined}\n{out}{err}")

rc, out, err, defined, log = run(["-c", "qemu:///system", "a", "b"], bad)
tap.ok(rc == 0 and log == ["-q -c qemu:///system dumpxml --inactive --security-info a",
                           "-q -c qemu:///system define " + log[1].split()[-1],
                           "-q -c qemu:///system dumpxml --inactive --security-info b",
                           "-q -c qemu:///system define " + log[3].split()[-1]],
       "-c URI: every virsh call on that connection, each domain in turn", log)
rc, out, err, _, _ = run(["--help"])
tap.ok(rc == 0 and out.startswith("usage: ppc-compat-caps-libvirt [--dry-run]"),
       "--help: usage on stdout, exit 0", out + err)

# Negative controls: a helper that asks virsh without --security-info loses
# the VNC password; one that rewrites the whole <cpu> loses the topology.
helper_src = open(HELPER).read()
MUTANTS = [
    ("virt-install", '"--inactive", "--security-info", dom', '"--inactive", dom'),
    ("topology-numa", '    models = [c for c in cpu.children if c.name == "model"]',
     '    return data[:cpu.start] + head + body(indent_before(data, cpu.start)) + '
     'data[cpu.end:]'),
]
for name, old, new in MUTANTS:
    mutant = f"{tmp}/mutant"
    with open(mutant, "w") as f:
        f.write(helper_src.replace(old, new))
    os.chmod(mutant, 0o755)
    rc, out, err, defined, _ = run(["l2"], f"{FIXTURES}/{name}.xml", helper=mutant)
    want = open(f"{FIXTURES}/{name}.want", "rb").read()
    tap.ok(old in helper_src and defined is not None and defined != want,
           f"negative control: a helper with '{new.strip()[:40]}' fails the {name} case")

# The man page's --dry-run example is the virt-install domain's real diff.
man = open(MANPAGE).read()
example = man[man.index("$ ppc-compat-caps-libvirt \\-\\-dry\\-run l2guest\n"):]
example = example[example.index("\n") + 1:example.index("$ ppc-compat-caps-libvirt l2guest")]
rc, out, err, _, _ = run(["--dry-run", "l2guest"], f"{FIXTURES}/virt-install.xml")
tap.ok(rc == 0 and out == example.replace("\\-", "-"),
       "ppc-compat-caps-libvirt.1: the --dry-run example is what the helper prints",
       "".join(difflib.unified_diff(example.replace("\\-", "-").splitlines(True),
                                    out.splitlines(True), "man", "helper")))
p = subprocess.run(f"sed 's/@VERSION@/0/' '{MANPAGE}' | groff -man -Tutf8 -ww -z",
                   shell=True, capture_output=True, check=False)
tap.ok(p.returncode == 0 and not p.stderr, "ppc-compat-caps-libvirt.1: groff -man -ww "
       "renders without a warning", p.stderr.decode())
sys.exit(tap.done())
