# SPDX-License-Identifier: GPL-2.0
"""domain_diff.py BEFORE AFTER: what differs between two libvirt domain
XMLs (virsh dumpxml), one line each: "cpu@ATTR OLD NEW" for an attribute of
<cpu>, "cpu/model OLD NEW" for its model's text ("-" for none), "cpu/TAG"
for any other child of <cpu> that changed, "domain" when anything outside
<cpu> did. Compared canonically (C14N 2.0), so libvirt's formatting is
not a difference."""
import sys
import xml.etree.ElementTree as ET


def canon(el):
    return ET.canonicalize(ET.tostring(el), strip_text=True)


def parts(path):
    dom = ET.parse(path).getroot()
    cpu = dom.find("cpu")
    if cpu is not None:
        dom.remove(cpu)
    else:
        cpu = ET.Element("cpu")
    kids = {}
    for c in cpu:
        if c.tag != "model":
            kids.setdefault(c.tag, []).append(canon(c))
    return canon(dom), dict(cpu.attrib), cpu.findtext("model") or "-", kids


old, new = parts(sys.argv[1]), parts(sys.argv[2])
for attr in sorted(set(old[1]) | set(new[1])):
    if old[1].get(attr) != new[1].get(attr):
        print(f"cpu@{attr} {old[1].get(attr, '-')} {new[1].get(attr, '-')}")
if old[2] != new[2]:
    print(f"cpu/model {old[2]} {new[2]}")
for tag in sorted(set(old[3]) | set(new[3])):
    if old[3].get(tag) != new[3].get(tag):
        print(f"cpu/{tag}")
if old[0] != new[0]:
    print("domain")
