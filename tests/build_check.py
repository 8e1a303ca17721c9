#!/usr/bin/python3
"""Checks on a folder "gpforge build" wrote, for tests/build.sh.

Prints one line per assertion: "ok LABEL" or "FAIL LABEL: why"; other
lines are notes.  The shell test counts them.  Standard library only.

  build_check.py xml DIR DOMAIN NAME PATH POLICIES [VECTORS]
      the GPO backup's XML files: IDs, names, namespaces, element order
      (compared with the GPMC backups under VECTORS when given), the
      fixed values and gpreport.xml's policies (POLICIES: display names
      joined with '|').
  build_check.py zip DIR
      bundles/gpo-backup.zip holds exactly the kit's files, byte for byte.
  build_check.py senders FILE [SEED]
      the built-in SafeSenders.txt; its domains against the domain table
      of the Mimecast guide in SEED.
  build_check.py ids-times A B
      two default builds differ, and only in GUIDs and times.
  build_check.py zip-times ZIP WHEN
      every zip entry is dated WHEN (YYYY-MM-DDTHH:MM:SS).
"""
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

MFST = "http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest"
BKP = "http://www.microsoft.com/GroupPolicy/GPOOperations"
SETTINGS = "http://www.microsoft.com/GroupPolicy/Settings"
TYPES = "http://www.microsoft.com/GroupPolicy/Types"
REG = "http://www.microsoft.com/GroupPolicy/Settings/Registry"
GUID = re.compile(r"\{[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}")
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?")
USER_GUIDS = ("[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}"
              "{D02B1F73-3407-48AE-BA88-E8213C6761F1}]")
BKUPINFO_ORDER = ["GPOGuid", "GPODomain", "GPODomainGuid",
                  "GPODomainController", "BackupTime", "ID", "Comment",
                  "GPODisplayName"]

failures = 0


def check(label, cond, why=""):
    global failures
    if cond:
        print("ok " + label)
    else:
        failures += 1
        print("FAIL %s%s" % (label, ": " + why if why else ""))


def same(label, got, want):
    check(label, got == want, "got %r, want %r" % (got, want))


def sid_at(sd, off):
    """The SID at offset off of a self-relative descriptor, as S-1-..."""
    count = sd[off + 1]
    authority = int.from_bytes(sd[off + 2:off + 8], "big")
    parts = [int.from_bytes(sd[off + 8 + 4 * i:off + 12 + 4 * i], "little")
             for i in range(count)]
    return "-".join(["S-%d-%d" % (sd[off], authority)] +
                    [str(p) for p in parts])


def security_descriptor(hex_text):
    """(control, owner, group, [(ace type, mask, SID)]) from the hex
    SecurityDescriptor of a Backup.xml, read by the MS-DTYP layout."""
    sd = bytes.fromhex(hex_text)
    control = int.from_bytes(sd[2:4], "little")
    owner, group, sacl, dacl = (int.from_bytes(sd[i:i + 4], "little")
                                for i in (4, 8, 12, 16))
    aces, at = [], dacl + 8
    for _ in range(int.from_bytes(sd[dacl + 4:dacl + 6], "little")):
        size = int.from_bytes(sd[at + 2:at + 4], "little")
        aces.append((sd[at], int.from_bytes(sd[at + 4:at + 8], "little"),
                     sid_at(sd, at + 8)))
        at += size
    return control, sid_at(sd, owner), sid_at(sd, group), aces


def local(tag):
    return tag.split("}", 1)[-1]


def ns_of(tag):
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def text(node, path, nsmap=None):
    n = node.find(path, nsmap or {})
    return None if n is None else (n.text or "")


def child_names(node):
    return [local(c.tag) for c in node]


def backup_folder(gpo):
    found = [d for d in os.listdir(gpo)
             if os.path.isdir(os.path.join(gpo, d)) and GUID.fullmatch(d)]
    return found[0] if len(found) == 1 else None


def vector_backups(vectors):
    """(manifest root, bkupInfo root, Backup.xml root) of each vector."""
    out = []
    for name in ("import-gpo-accepted", "gpmc-basicsecuser"):
        top = os.path.join(vectors, name)
        folder = backup_folder(top)
        out.append((name,
                    ET.parse(os.path.join(top, "manifest.xml")).getroot(),
                    ET.parse(os.path.join(top, folder,
                                          "bkupInfo.xml")).getroot(),
                    ET.parse(os.path.join(top, folder,
                                          "Backup.xml")).getroot()))
    return out


def cmd_xml(out, domain, name, path, policies, vectors=None):
    gpo = os.path.join(out, "gpo")
    bid = backup_folder(gpo)
    check("gpo/ holds one {GUID} backup folder", bid is not None)
    if bid is None:
        return
    top = os.path.join(gpo, bid)
    raw = {}
    for f in ("manifest.xml",):
        raw[f] = open(os.path.join(gpo, f), "rb").read()
    for f in ("bkupInfo.xml", "Backup.xml", "gpreport.xml"):
        raw[f] = open(os.path.join(top, f), "rb").read()

    manifest = ET.fromstring(raw["manifest.xml"])
    info = ET.fromstring(raw["bkupInfo.xml"])
    backup = ET.fromstring(raw["Backup.xml"])
    m = {"m": MFST, "b": BKP, "s": SETTINGS, "t": TYPES, "q1": REG}

    # --- encodings ----------------------------------------------------
    for f in ("manifest.xml", "bkupInfo.xml"):
        check(f + " has no byte order mark",
              not raw[f].startswith(b"\xef\xbb\xbf"))
        check(f + " has no XML declaration",
              not raw[f].lstrip().startswith(b"<?xml"))
    check("gpreport.xml starts with FF FE",
          raw["gpreport.xml"][:2] == b"\xff\xfe")
    try:
        decoded = raw["gpreport.xml"].decode("utf-16")
        report = ET.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", decoded))
        ok_report = True
    except (UnicodeDecodeError, ET.ParseError) as e:
        check("gpreport.xml decodes as UTF-16 and parses", False, str(e))
        ok_report = False
    if ok_report:
        check("gpreport.xml decodes as UTF-16 and parses", True)
        check("gpreport.xml parses from its bytes too",
              ET.fromstring(raw["gpreport.xml"]) is not None)

    # --- roots and namespaces -----------------------------------------
    same("manifest.xml root", manifest.tag, "{%s}Backups" % MFST)
    same("manifest.xml mfst:version", manifest.get("{%s}version" % MFST),
         "1.0")
    insts = manifest.findall("m:BackupInst", m)
    same("manifest.xml has one BackupInst", len(insts), 1)
    inst = insts[0] if insts else ET.Element("none")
    same("bkupInfo.xml root", info.tag, "{%s}BackupInst" % MFST)
    same("bkupInfo.xml children and order", child_names(info),
         BKUPINFO_ORDER)
    check("bkupInfo.xml children are in its namespace",
          all(ns_of(c.tag) == MFST for c in info), str(
              [c.tag for c in info]))
    same("manifest BackupInst children and order", child_names(inst),
         BKUPINFO_ORDER)
    same("Backup.xml root", backup.tag,
         "{%s}GroupPolicyBackupScheme" % BKP)
    same("Backup.xml bkp:version", backup.get("{%s}version" % BKP), "2.0")
    same("Backup.xml bkp:type", backup.get("{%s}type" % BKP),
         "GroupPolicyBackupTemplate")
    gpo_obj = backup.find("b:GroupPolicyObject", m)
    core = backup.find("b:GroupPolicyObject/b:GroupPolicyCoreSettings", m)
    check("Backup.xml has GroupPolicyObject/GroupPolicyCoreSettings",
          core is not None)
    if core is None:
        return
    if ok_report:
        same("gpreport.xml root", report.tag, "{%s}GPO" % SETTINGS)

    if vectors is not None:
        for vname, vman, vinfo, vbak in vector_backups(vectors):
            same("manifest root as in " + vname, manifest.tag, vman.tag)
            same("manifest version attribute as in " + vname,
                 manifest.get("{%s}version" % MFST),
                 vman.get("{%s}version" % MFST))
            vinst = vman.find("m:BackupInst", m)
            same("manifest BackupInst children as in " + vname,
                 [c.tag for c in inst], [c.tag for c in vinst])
            same("bkupInfo root as in " + vname, info.tag, vinfo.tag)
            same("bkupInfo children as in " + vname,
                 [c.tag for c in info], [c.tag for c in vinfo])
            same("Backup.xml root as in " + vname, backup.tag, vbak.tag)
            same("Backup.xml attributes as in " + vname,
                 sorted(backup.attrib.items()), sorted(vbak.attrib.items()))
            vobj = vbak.find("b:GroupPolicyObject", m)
            same("GroupPolicyObject children as in " + vname,
                 [c.tag for c in gpo_obj if local(c.tag) !=
                  "GroupPolicyExtension"],
                 [c.tag for c in vobj if local(c.tag) !=
                  "GroupPolicyExtension"])
            vcore = vobj.find("b:GroupPolicyCoreSettings", m)
            same("GroupPolicyCoreSettings children as in " + vname,
                 [c.tag for c in core], [c.tag for c in vcore])
            vext = vobj.find("b:GroupPolicyExtension", m)
            ext = gpo_obj.find("b:GroupPolicyExtension", m)
            same("registry GroupPolicyExtension as in " + vname,
                 None if ext is None else (ext.tag, sorted(ext.attrib)),
                 (vext.tag, sorted(vext.attrib)))

    # --- IDs, names, domains ------------------------------------------
    same("bkupInfo ID is the folder name", text(info, "m:ID", m), bid)
    same("manifest BackupInst ID is the folder name",
         text(inst, "m:ID", m), bid)
    gpo_guid = text(core, "b:ID", m)
    check("GPO GUID is a {GUID}", gpo_guid is not None and
          GUID.fullmatch(gpo_guid) is not None, repr(gpo_guid))
    same("bkupInfo GPOGuid is Backup.xml's ID",
         text(info, "m:GPOGuid", m), gpo_guid)
    same("manifest GPOGuid is Backup.xml's ID",
         text(inst, "m:GPOGuid", m), gpo_guid)
    if ok_report:
        same("gpreport Identifier is Backup.xml's ID",
             text(report, "s:Identifier/t:Identifier", m), gpo_guid)
        same("gpreport Domain", text(report, "s:Identifier/t:Domain", m),
             domain)
        same("gpreport Name", text(report, "s:Name", m), name)
    check("GPO GUID is not the backup ID", gpo_guid != bid)
    same("Backup.xml DisplayName", text(core, "b:DisplayName", m), name)
    same("bkupInfo GPODisplayName", text(info, "m:GPODisplayName", m),
         name)
    same("manifest GPODisplayName", text(inst, "m:GPODisplayName", m),
         name)
    same("Backup.xml Domain", text(core, "b:Domain", m), domain)
    same("bkupInfo GPODomain", text(info, "m:GPODomain", m), domain)
    same("manifest GPODomain", text(inst, "m:GPODomain", m), domain)
    same("manifest BackupInst repeats bkupInfo.xml",
         [(c.tag, c.text) for c in inst], [(c.tag, c.text) for c in info])
    check("BackupTime is yyyy-MM-ddTHH:mm:ss",
          re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d",
                       text(info, "m:BackupTime", m) or "") is not None)

    # --- fixed values ---------------------------------------------------
    same("Options", text(core, "b:Options", m), "2")
    same("UserVersionNumber", text(core, "b:UserVersionNumber", m),
         "65537")
    same("MachineVersionNumber", text(core, "b:MachineVersionNumber", m),
         "0")
    same("UserExtensionGuids", text(core, "b:UserExtensionGuids", m),
         USER_GUIDS)
    same("MachineExtensionGuids is empty",
         text(core, "b:MachineExtensionGuids", m), "")
    same("SecurityDescriptor: self-relative with a DACL, owner and group "
         "BUILTIN\\Administrators, GENERIC_ALL to SYSTEM and Administrators",
         security_descriptor(text(core, "b:SecurityDescriptor", m)),
         (0x8004, "S-1-5-32-544", "S-1-5-32-544",
          [(0, 0x10000000, "S-1-5-18"), (0, 0x10000000, "S-1-5-32-544")]))

    # --- the files the backup lists -------------------------------------
    locations = []
    for ext in gpo_obj.findall("b:GroupPolicyExtension", m):
        for f in ext.findall("b:FSObjectFile", m):
            loc = f.get("{%s}Location" % BKP)
            if loc is not None:
                locations.append(loc)
    check("an FSObjectFile is at DomainSysvol\\GPO\\User\\registry.pol",
          "DomainSysvol\\GPO\\User\\registry.pol" in locations,
          repr(locations))
    shipped = []
    for root, _, files in os.walk(os.path.join(top, "DomainSysvol")):
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), top)
            shipped.append(rel.replace("/", "\\"))
    missing = [f for f in shipped if f not in locations]
    check("every file under DomainSysvol has an FSObjectFile", not missing,
          "unlisted: %r" % missing)
    absent = [loc for loc in locations if loc not in shipped]
    check("every FSObjectFile Location exists", not absent,
          "absent: %r" % absent)

    # --- gpreport.xml's settings ---------------------------------------
    if not ok_report:
        return
    ext = report.find("s:User/s:ExtensionData/s:Extension", m)
    pols = [] if ext is None else ext.findall("q1:Policy", m)
    names = [text(p, "q1:Name", m) for p in pols]
    want = policies.split("|") if policies else []
    same("gpreport lists the enabled policies", names, want)
    for p in pols:
        same("gpreport: '%s' is Enabled" % text(p, "q1:Name", m),
             text(p, "q1:State", m), "Enabled")
    edits = [text(e, "q1:Value", m) for p in pols
             for e in p.findall("q1:EditText", m)]
    same("gpreport: the path in an EditText Value", edits, [path])


def walk(top):
    out = {}
    for root, dirs, files in os.walk(top):
        dirs.sort()
        for f in files:
            full = os.path.join(root, f)
            out[os.path.relpath(full, top)] = open(full, "rb").read()
    return out


def cmd_zip(out):
    z = zipfile.ZipFile(os.path.join(out, "bundles", "gpo-backup.zip"))
    names = z.namelist()
    want = {k: v for k, v in walk(out).items()
            if k.split("/")[0] in ("gpo", "PolicyDefinitions", "allowlists")
            or k in ("SafeSenders.txt", "report.html")}
    same("zip lists the kit's files", sorted(names), sorted(want))
    same("zip has no repeated entries", len(names), len(set(names)))
    bad = [n for n in names if n in want and z.read(n) != want[n]]
    check("zip entries equal the files byte for byte", not bad,
          "differ: %r" % bad)
    check("zip passes its CRC test", z.testzip() is None)

    z = zipfile.ZipFile(os.path.join(out, "bundles", "intune.zip"))
    want = {k: v for k, v in walk(out).items()
            if k.startswith("intune/") or k.startswith("allowlists/")}
    same("intune.zip lists intune/", sorted(z.namelist()), sorted(want))
    check("intune.zip entries equal the files",
          all(z.read(n) == want[n] for n in z.namelist()))


def seed_domains(seed):
    lines = open(seed, encoding="utf-8").read().splitlines()
    start = [i for i, l in enumerate(lines)
             if l.startswith("KB Domains") and "In Platform Domains" in l]
    if len(start) != 1:
        return None
    domains = set()
    for line in lines[start[0] + 1:]:
        if not line.strip():
            break
        domains.update(line.split())
    return domains


def cmd_senders(path, seed=None):
    data = open(path, "rb").read()
    check("SafeSenders.txt has no byte order mark",
          not data.startswith(b"\xef\xbb\xbf"))
    check("SafeSenders.txt is ASCII", all(b < 0x80 for b in data))
    check("SafeSenders.txt ends in CRLF", data.endswith(b"\r\n"))
    lines = data.split(b"\r\n")[:-1]
    same("SafeSenders.txt has 32 lines", len(lines), 32)
    check("every line ends in CRLF (no bare CR or LF)",
          all(b"\r" not in l and b"\n" not in l for l in lines))
    text_lines = [l.decode("ascii", "replace") for l in lines]
    same("first line", text_lines[0] if text_lines else None,
         "@account-renewals.com")
    for s in ("noreply@therelaysvc.com", "noreply@therelayservice.com"):
        check("lists " + s, s in text_lines)
    check("leaves out noreply@securityvault.com",
          "noreply@securityvault.com" not in text_lines)
    at = [l[1:] for l in text_lines if l.startswith("@")]
    same("30 @domain lines", len(at), 30)
    same("@domain lines are distinct", len(set(at)), len(at))
    if seed is None:
        print("skip: the Mimecast guide (shared seeds) is absent; "
              "domain table not compared")
        return
    domains = seed_domains(seed)
    check("the guide's domain table was found", domains is not None)
    if domains is not None:
        same("@domain lines are the union of both columns of the guide's "
             "domain table", sorted(at), sorted(domains))


def normalise(data, guids):
    def guid(mt):
        g = mt.group(0).upper()
        guids.setdefault(g, "{GUID-%d}" % (len(guids) + 1))
        return guids[g]
    if data.startswith(b"\xff\xfe"):
        s = data.decode("utf-16")
    else:
        s = data.decode("utf-8", "replace")
    return TIME.sub("TIME", GUID.sub(guid, s))


def normalised_tree(top):
    guids = {}
    files = walk(top)
    order = sorted(files, key=lambda k: GUID.sub("{GUID}", k))
    out = {}
    for k in order:
        name = normalise(k.encode(), guids)
        if k.startswith("bundles/"):
            z = zipfile.ZipFile(os.path.join(top, k))
            listing = sorted(z.namelist(),
                             key=lambda n: GUID.sub("{GUID}", n))
            out[name] = "\n".join(
                normalise(n.encode(), guids) + " " +
                normalise(z.read(n), guids) for n in listing)
        else:
            out[name] = normalise(files[k], guids)
    return out, guids


def cmd_ids_times(a, b):
    ta, tb = walk(a), walk(b)
    check("two default builds differ", ta != tb)
    na, ga = normalised_tree(a)
    nb, gb = normalised_tree(b)
    same("with GUIDs normalised, the two builds hold the same file names",
         sorted(na), sorted(nb))
    diff = [k for k in na if k in nb and na[k] != nb[k]]
    check("with GUIDs and times normalised, the files (and the zip's "
          "listing and entries) are the same", not diff,
          "differ: %r" % diff)
    ida = backup_folder(os.path.join(a, "gpo"))
    idb = backup_folder(os.path.join(b, "gpo"))
    check("the two default builds have different backup IDs", ida != idb)
    only_a = set(ga) - set(gb)
    check("the two default builds have different GPO GUIDs",
          len(only_a) >= 2, "GUIDs only in the first: %r" % only_a)


def cmd_zip_times(path, when):
    z = zipfile.ZipFile(path)
    stamps = {"%04d-%02d-%02dT%02d:%02d:%02d" % i.date_time
              for i in z.infolist()}
    same("zip entries are dated " + when, sorted(stamps), [when])


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    {"xml": cmd_xml, "zip": cmd_zip, "senders": cmd_senders,
     "ids-times": cmd_ids_times, "zip-times": cmd_zip_times}[cmd](*args)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
