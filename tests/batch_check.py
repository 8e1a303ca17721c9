#!/usr/bin/python3
"""Checks a batch build (gpforge build --ou-csv) against the table.

Usage: batch_check.py make CSV-DIR           writes ous.csv and lists
       batch_check.py check OUT CSV-DIR      checks the build
The 50 rows hold OUs with commas, quotes, apostrophes, $, backticks and
non-ASCII characters.  Prints ok/FAIL lines; exits 1 on any failure.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

GROUP = "0d8c2f7e-1a2b-4c3d-9e8f-001122334455"
NAMES = ["Sales, EMEA", 'Say "Hi"', "O'Brien", "Cost $(Get-Date)", "Tick `n",
         "Café", "東京", "Pipe | and ; semi", "Plus + Equals =", "Back\\slash"]


def dn_escape(value):
    out = ""
    for c in value:
        out += "\\" + c if c in ',+"\\<>;=' else c
    return out


def rows():
    for i in range(50):
        name = NAMES[i % len(NAMES)] + " %02d" % i
        ou = "OU=%s,OU=Region %d,DC=corp,DC=example,DC=com" % (dn_escape(name), i % 3)
        senders = ["", "east.txt", "west.txt"][i % 3]
        group = GROUP if i % 15 == 0 else ""
        gpo = "" if i % 2 else "GPO %s" % name
        yield ou, gpo, senders, group, name


def make(d):
    with open(os.path.join(d, "east.txt"), "w") as f:
        f.write("# east\n@east.example.com\nboss@EAST.example.org\n")
    with open(os.path.join(d, "west.txt"), "w") as f:
        f.write("@west.example.com\n")
    with open(os.path.join(d, "ous.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["intune_group", "senders", "ou", "gpo_name"])
        for ou, gpo, senders, group, _ in rows():
            w.writerow([group, senders, ou, gpo])


failed = 0


def check(label, cond, detail=""):
    global failed
    print(("ok " if cond else "FAIL ") + label + ("" if cond else ": " + str(detail)))
    failed += 0 if cond else 1


def expected_name(gpo, value):
    return gpo if gpo else "Outlook Safe Senders - " + value


def decode_ps(text):
    """The string literals of a script, through ps_decode.py."""
    with tempfile.NamedTemporaryFile(suffix=".ps1") as f:
        f.write(text)
        f.flush()
        lits = subprocess.run(["/usr/bin/python3", os.path.join(os.path.dirname(__file__), "ps_decode.py"),
                               f.name], capture_output=True, text=True, check=True).stdout
    return [json.loads(l) for l in lits.splitlines()]


def check_own_script(own, whole, name, backup, ou):
    """A row's own Import-GPOs.ps1: the batch's script around its one GPO."""
    entry = own.find(b"    @{")
    end = own.find(b"\n    }\r\n", entry) + len(b"\n    }\r\n")
    check("the per-OU script of %r has the batch script's head and tail" % name,
          entry > 0 and whole.startswith(own[:entry]) and whole.endswith(own[end:]))
    lits = decode_ps(own[entry:end])
    check("the per-OU script of %r imports its GPO to its OU" % name,
          lits == [name, backup, ou], lits)


def check_all_in_one(out, backups):
    """bundles/gpo-backup.zip holds the kit's files, byte for byte."""
    z = zipfile.ZipFile(os.path.join(out, "bundles", "gpo-backup.zip"))
    want = []
    for top in ("PolicyDefinitions", "gpo", "allowlists"):
        for root, _, files in os.walk(os.path.join(out, top)):
            want += [os.path.relpath(os.path.join(root, f), out) for f in files]
    want += [f for f in os.listdir(out) if f.startswith("SafeSenders") or f == "report.html"]
    check("gpo-backup.zip lists the kit's files, sorted",
          z.namelist() == sorted(want), set(z.namelist()) ^ set(want))
    check("gpo-backup.zip holds 4 files of each of the 50 backups",
          sum(1 for n in z.namelist() if n.startswith("gpo/{")) == 4 * len(backups))
    check("every entry of gpo-backup.zip reads back with its CRC", z.testzip() is None)
    differ = [n for n in z.namelist() if n in want and
              z.read(n) != open(os.path.join(out, n), "rb").read()]
    check("every entry of gpo-backup.zip is the file written", not differ, differ[:3])


def check_build(out, d):
    table = list(rows())
    gpo_dir = os.path.join(out, "gpo")
    backups = sorted(n for n in os.listdir(gpo_dir) if n.startswith("{"))
    check("50 backups", len(backups) == 50, len(backups))
    ns = "{http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest}"
    man = ET.parse(os.path.join(gpo_dir, "manifest.xml")).getroot()
    insts = man.findall(ns + "BackupInst")
    ids = [i.find(ns + "ID").text for i in insts]
    guids = [i.find(ns + "GPOGuid").text for i in insts]
    check("50 manifest entries", len(insts) == 50)
    check("manifest IDs are the backup folders", sorted(ids) == backups)
    check("backup IDs are unique", len(set(ids)) == 50)
    check("GPO GUIDs are unique and differ from backup IDs",
          len(set(guids)) == 50 and not set(guids) & set(ids))

    bns = "{http://www.microsoft.com/GroupPolicy/GPOOperations}"
    by_name = {}
    for b in backups:
        root = ET.parse(os.path.join(gpo_dir, b, "Backup.xml")).getroot()
        core = root.find(bns + "GroupPolicyObject/" + bns + "GroupPolicyCoreSettings")
        by_name[core.find(bns + "DisplayName").text] = b
    want = [expected_name(gpo, value) for _, gpo, _, _, value in table]
    check("each Backup.xml DisplayName is its row's GPO name",
          sorted(by_name) == sorted(want), set(want) ^ set(by_name))

    with open(os.path.join(gpo_dir, "links.csv"), newline="", encoding="utf-8") as f:
        links = list(csv.reader(f))
    lists = {"": "SafeSenders.txt", "east.txt": "SafeSenders-east.txt",
             "west.txt": "SafeSenders-west.txt"}
    want = [["backup_id", "gpo_name", "ou", "list_file"]] + [
        [by_name.get(expected_name(gpo, value)), expected_name(gpo, value), ou, lists[senders]]
        for ou, gpo, senders, _, value in table]
    check("links.csv gives each GPO its OU and its list file, in table order",
          links == want, [r for r in links if r not in want][:3])

    lits = subprocess.run(["/usr/bin/python3", os.path.join(os.path.dirname(__file__), "ps_decode.py"),
                           os.path.join(gpo_dir, "Import-GPOs.ps1")],
                          capture_output=True, text=True, check=True).stdout
    lits = [json.loads(l) for l in lits.splitlines()]
    for ou, gpo, _, _, value in table:
        name = expected_name(gpo, value)
        i = lits.index(name) if name in lits else -1
        check("Import-GPOs.ps1 links %r to its OU, quoted" % name,
              i >= 0 and lits[i + 1] == by_name.get(name) and lits[i + 2] == ou,
              lits[i:i + 3] if i >= 0 else "name missing")

    east = open(os.path.join(out, "SafeSenders-east.txt"), "rb").read()
    west = open(os.path.join(out, "SafeSenders-west.txt"), "rb").read()
    check("SafeSenders-east.txt", east == b"@east.example.com\r\nboss@east.example.org\r\n", east)
    check("SafeSenders-west.txt", west == b"@west.example.com\r\n", west)

    script = open(os.path.join(gpo_dir, "Import-GPOs.ps1"), "rb").read()
    check_all_in_one(out, backups)

    zips = os.listdir(os.path.join(out, "bundles", "ou"))
    check("50 per-OU zips", len(zips) == 50, len(zips))
    for ou, gpo, senders, _, value in table:
        name = expected_name(gpo, value)
        safe = "".join("_" if c in '/\\:*?"<>|' else c for c in name).rstrip(". ")
        path = os.path.join(out, "bundles", "ou", safe + ".zip")
        if not os.path.exists(path):
            check("per-OU zip for %r" % name, False, "no " + safe + ".zip")
            continue
        z = zipfile.ZipFile(path)
        lst = {"": "SafeSenders.txt", "east.txt": "SafeSenders-east.txt",
               "west.txt": "SafeSenders-west.txt"}[senders]
        b = by_name[name]
        listing = sorted([lst, "gpo/Import-GPOs.ps1", "gpo/manifest.xml"] +
                         ["gpo/%s/%s" % (b, f) for f in ("Backup.xml", "bkupInfo.xml", "gpreport.xml",
                                                          "DomainSysvol/GPO/User/registry.pol")])
        check("per-OU zip listing for %r" % name, sorted(z.namelist()) == listing, z.namelist())
        check("its list is the row's list", z.read(lst) == open(os.path.join(out, lst), "rb").read())
        check("every entry of %r reads back with its CRC" % name, z.testzip() is None)
        same = [f for f in listing if f.startswith("gpo/{")
                and z.read(f) == open(os.path.join(out, f), "rb").read()]
        check("its backup files are those written", len(same) == 4, same)
        inst = ET.fromstring(z.read("gpo/manifest.xml")).findall(ns + "BackupInst")
        check("its manifest lists its one backup",
              [i.find(ns + "ID").text for i in inst] == [b])
        check_own_script(z.read("gpo/Import-GPOs.ps1"), script, name, b, ou)

    assign = json.load(open(os.path.join(out, "intune", GROUP, "assign.json")))
    check("the Intune group's profile is assigned to it",
          assign["assignments"][0]["target"]["groupId"] == GROUP)
    check("rows without a group share the default profile",
          os.path.exists(os.path.join(out, "intune", "profile.json"))
          and not os.path.exists(os.path.join(out, "intune", "assign.json")))
    report = open(os.path.join(out, "report.html"), encoding="utf-8").read()
    check("report.html has a section per OU", report.count("<h2>OU ") == 50)


if sys.argv[1] == "make":
    make(sys.argv[2])
else:
    check_build(sys.argv[2], sys.argv[3])
    print("%d failed" % failed if failed else "all batch checks passed")
    sys.exit(1 if failed else 0)
