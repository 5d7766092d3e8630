"""Compare vigie's accepted suites (SARIF notifications) with sslscan's (XML).

usage: compare.py DEFAULT_JSON ENDPOINT VIGIE.sarif SSLSCAN.xml
Prints both lists per protocol, exits 1 when they differ. Appends the
endpoint's counts to counts.json next to the SARIF file.
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

table_path, endpoint, sarif_path, xml_path = sys.argv[1:5]
by_name = {c["name"]: int(c["id"], 16) for c in json.load(open(table_path))["ciphers"]}
norm = {"SSLv3": "SSLv3", "TLSv1.0": "TLSv1.0", "TLSv1.1": "TLSv1.1", "TLSv1.2": "TLSv1.2",
        "TLSv1.3": "TLSv1.3"}

vigie = {}
handshakes = "?"
run = json.load(open(sarif_path))["runs"][0]
for inv in run.get("invocations", []):
    for n in inv.get("toolExecutionNotifications", []):
        text = n["message"]["text"]
        m = re.match(r"(SSLv3|TLSv1\.[0-3]) accepted, [^:]*: (.*)$", text)
        if m:
            vigie.setdefault(m.group(1), set()).update(by_name[x] for x in m.group(2).split())
        m = re.match(r"(\d+) handshakes", text)
        if m:
            handshakes = m.group(1)

sslscan = {}
for c in ET.parse(xml_path).getroot().iter("cipher"):
    if c.get("status") in ("accepted", "preferred"):
        sslscan.setdefault(norm.get(c.get("sslversion"), c.get("sslversion")), set()).add(
            int(c.get("id"), 16))

ok = True
for v in sorted(set(vigie) | set(sslscan)):
    a, b = vigie.get(v, set()), sslscan.get(v, set())
    same = a == b
    ok &= same
    print(f"{endpoint:8s} {v:8s} vigie {len(a):3d}  sslscan {len(b):3d}  "
          f"{'same' if same else 'DIFFERENT'}")
    if not same:
        print("   only vigie:  ", " ".join(f"0x{x:04X}" for x in sorted(a - b)))
        print("   only sslscan:", " ".join(f"0x{x:04X}" for x in sorted(b - a)))

counts_path = os.path.join(os.path.dirname(sarif_path), "counts.json")
counts = json.load(open(counts_path)) if os.path.exists(counts_path) else {}
counts[endpoint] = {"versions": ", ".join(sorted(vigie)) or "none",
                    "suites": sum(len(s) for s in vigie.values()),
                    "handshakes": handshakes}
json.dump(counts, open(counts_path, "w"))
sys.exit(0 if ok else 1)
