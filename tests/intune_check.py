#!/usr/bin/python3
"""Checks an intune/ folder written by "gpforge intune" independently.

Usage: intune_check.py DIR ADMX-FOLDER [GROUP]
Prints one "ok ..." or "FAIL ..." line per check and exits 1 on failure.
The OMA-URIs are derived here from the ADMX itself (category chain,
class), not taken from gpforge; the CSV is read with Python's csv module.
"""
import base64
import csv
import json
import os
import sys
import xml.etree.ElementTree as ET

out_dir, admx_dir = sys.argv[1], sys.argv[2]
group = sys.argv[3] if len(sys.argv) > 3 else None
failed = 0


def check(label, cond, detail=""):
    global failed
    print(("ok " if cond else "FAIL ") + label + ("" if cond else ": " + detail))
    failed += 0 if cond else 1


def local(tag):
    return tag.split("}")[-1]


def load_admx(path):
    raw = open(path, "rb").read()
    text = raw[2:].decode("utf-16-le") if raw[:2] == b"\xff\xfe" else raw.decode("utf-8-sig")
    body = text[text.index("?>") + 2:] if text.startswith("<?xml") else text
    return raw, ET.fromstring(body)


# Every policy of every template: expected OMA-URI prefix per policy.
expected_uri = {}
admx_raw = {}
for name in sorted(os.listdir(admx_dir)):
    if not name.lower().endswith(".admx"):
        continue
    raw, root = load_admx(os.path.join(admx_dir, name))
    admx_raw[name] = raw
    prefix = next(e for e in root.iter() if local(e.tag) == "target").get("prefix")
    app = "".join(c for c in prefix if c.isalnum() or c == "_")
    parents = {}
    for cat in (e for e in root.iter() if local(e.tag) == "category"):
        ref = next((p.get("ref") for p in cat if local(p.tag) == "parentCategory"), None)
        parents[cat.get("name")] = ref
    for pol in (e for e in root.iter() if local(e.tag) == "policy"):
        chain, cat = [], next(p.get("ref") for p in pol if local(p.tag) == "parentCategory")
        while cat is not None:
            chain.insert(0, cat)
            cat = parents.get(cat)
        scope = {"User": ["./User"], "Machine": ["./Device"],
                 "Both": ["./User", "./Device"]}[pol.get("class")]
        expected_uri[pol.get("name")] = [
            f"{s}/Vendor/MSFT/Policy/Config/{app}~Policy~{'~'.join(chain)}/{pol.get('name')}"
            for s in scope]

profile = json.load(open(os.path.join(out_dir, "profile.json"), encoding="utf-8"))
check("profile @odata.type", profile.get("@odata.type") == "#microsoft.graph.windows10CustomConfiguration")
check("profile has a displayName", isinstance(profile.get("displayName"), str) and profile["displayName"] != "")
check("profile has a description", isinstance(profile.get("description"), str))
check("no read-only fields", not any(k in profile for k in ("id", "createdDateTime", "lastModifiedDateTime", "version")))
rows = profile["omaSettings"]
check("at most 1000 rows", 0 < len(rows) <= 1000)
for row in rows:
    check("row fields " + row["omaUri"], set(row) == {"@odata.type", "displayName", "description", "omaUri", "value"}
          and row["@odata.type"] == "#microsoft.graph.omaSettingString" and "isEncrypted" not in row)
    check("no carriage return in " + row["omaUri"], "\r" not in row["value"])

ingest = [r for r in rows if "/ConfigOperations/ADMXInstall/" in r["omaUri"]]
check("one ingestion row per template used", len(ingest) >= 1)
for r in ingest:
    parts = r["omaUri"].split("/")
    check("ingestion URI shape " + r["omaUri"],
          r["omaUri"].startswith("./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/")
          and parts[-2] == "Policy" and all(c.isalnum() or c == "_" for c in parts[-1] + parts[-3]))
    raw = admx_raw[r["displayName"]]
    if raw[:2] != b"\xff\xfe" and b"\r" not in raw:
        check("ingestion value is the ADMX byte for byte", r["value"].encode("utf-8") == raw.lstrip(b"\xef\xbb\xbf"))
    ET.fromstring(r["value"][r["value"].index("?>") + 2:] if r["value"].startswith("<?xml") else r["value"])

for r in rows:
    if r in ingest:
        continue
    policy = r["omaUri"].rsplit("/", 1)[-1]
    check("OMA-URI derived from the ADMX: " + r["omaUri"], r["omaUri"] in expected_uri.get(policy, []),
          "expected one of %s" % expected_uri.get(policy))
    try:
        ET.fromstring("<root>" + r["value"] + "</root>")
        check("value parses as XML: " + policy, True)
    except ET.ParseError as e:
        check("value parses as XML: " + policy, False, str(e))

with open(os.path.join(out_dir, "oma-uri.csv"), newline="", encoding="utf-8") as f:
    table = list(csv.reader(f))
check("csv header", table[0] == ["Name", "Description", "OMA-URI", "Data type", "Value"])


def unsafe(cell):
    return cell[1:] if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell


check("csv has one record per row", len(table) == len(rows) + 1)
for rec, row in zip(table[1:], rows):
    check("csv record " + row["omaUri"],
          [unsafe(c) for c in rec] == [row["displayName"], row["description"], row["omaUri"], "String",
                                       row["value"].replace("\r\n", "\n")]
          and rec[3] == "String")
    for cell in rec:
        check("csv cell is formula-safe", cell[:1] not in ("=", "+", "-", "@", "\t"), cell[:20])

upload_files = [n for n in os.listdir(out_dir) if n.startswith("admx-upload")]
check("an admx-upload body", len(upload_files) >= 1)
for name in upload_files:
    up = json.load(open(os.path.join(out_dir, name)))
    check(name + " fields", up["defaultLanguageCode"] == "en-US" and up["fileName"].endswith(".admx"))
    content = base64.b64decode(up["content"])
    ET.fromstring(content[content.index(b"?>") + 2:] if content.startswith(b"<?xml") else content)
    lang = up["groupPolicyUploadedLanguageFiles"][0]
    adml = open(os.path.join(admx_dir, "en-US", lang["fileName"]), "rb").read()
    check(name + " ADML content", base64.b64decode(lang["content"]) == adml and lang["languageCode"] == "en-US")

assign = os.path.join(out_dir, "assign.json")
if group:
    a = json.load(open(assign))
    t = a["assignments"][0]["target"]
    check("assign.json target", t == {"@odata.type": "#microsoft.graph.groupAssignmentTarget",
                                      "groupId": group.strip("{}").lower()})
else:
    check("no assign.json without a group", not os.path.exists(assign))
print("%d failed" % failed if failed else "all checks passed")
sys.exit(1 if failed else 0)
