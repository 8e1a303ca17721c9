#!/usr/bin/python3
"""Checks the GPOs a deploy left on the test DC against its OU table.

Usage: gpo_check.py check VERSION TABLE OUTDIR
           for each row of TABLE (the CSV given to gpforge build
           --ou-csv, every row with its gpo_name): "samba-tool gpo
           listall" holds the GPO once; "gpo show" agrees on its name,
           user version VERSION and an ACL; GPT.INI says Version=VERSION;
           the directory object has the registry extension names, both
           child containers and the path of its folder, which grants the
           rights the object grants; the folder holds gpforge.txt and,
           byte for byte, the registry.pol OUTDIR's backup of that GPO
           holds; "gpo getlink" on the row's OU lists the GPO exactly
           once, enabled, and "gpo listcontainers" no other container.
           Prints ok/FAIL lines and exits 1 on any failure.
       gpo_check.py rows TABLE OUTDIR
           prints "GPO NAME<TAB>OU<TAB>REGISTRY.POL" for each row of TABLE,
           the file being the one OUTDIR's backup of that GPO holds
       gpo_check.py getlink DN
           prints "GUID<TAB>OPTIONS" for each link "gpo getlink" lists on
           the container DN, in its order
       gpo_check.py get DN ATTRIBUTE
       gpo_check.py set DN ATTRIBUTE VALUE
           reads or replaces one attribute, so that the self-test of
           deploy_ad.sh can break what a check looks at
       gpo_check.py delete DN
           deletes the object DN, as a create that stopped part way
           leaves it out
       gpo_check.py snapshot
           prints everything a deploy could write: every GPO as listall
           shows it, each directory object under CN=Policies and each OU
           with its gPLink and uSNChanged, and every file and folder
           under SYSVOL with the SHA-256 of its bytes and of its ACLs.
           Two equal snapshots: nothing was written.

The DC is named by the environment: DC_CONF (its smb.conf), DC_SAM (its
sam.ldb) and DC_SYSVOL (the folder its sysvol share serves).  The
samba-tool commands run in this process, as samba-tool would run them,
with one database connection shared between them: a separate process per
command costs half a second each.
"""
import csv
import hashlib
import io
import os
import sys
import xml.etree.ElementTree as ET

import ldb
import samba.netcmd.gpo as netcmd_gpo
from samba.auth import system_session
from samba.dcerpc import security
from samba.ndr import ndr_unpack
from samba.ntacls import dsacl2fsacl, getntacl
from samba.param import LoadParm
from samba.samdb import SamDB

REGISTRY_CSE = "{35378EAC-683F-11D2-A89A-00C04FBBCFA2}"
USER_TOOL = "{D02B1F73-3407-48AE-BA88-E8213C6761F1}"
USER_EXTENSIONS = "[%s%s]" % (REGISTRY_CSE, USER_TOOL)
BACKUP_NS = "{http://www.microsoft.com/GroupPolicy/GPOOperations}"

CONF = os.environ["DC_CONF"]
SAM = os.environ["DC_SAM"]
SYSVOL = os.environ["DC_SYSVOL"]

_samdb = None
_lp = None


def loadparm():
    global _lp
    if _lp is None:
        _lp = LoadParm()
        _lp.load(CONF)
    return _lp


def samdb(*args, **kwargs):
    global _samdb
    if _samdb is None:
        _samdb = SamDB(url=SAM, session_info=system_session(),
                       lp=loadparm())
    return _samdb


netcmd_gpo.SamDB = samdb


def samba_tool_gpo(command, *args):
    """Runs "samba-tool gpo COMMAND ARGS" offline; returns its output,
    or None when it failed."""
    leaf = netcmd_gpo.cmd_gpo.subcommands[command]
    leaf.outf = io.StringIO()
    leaf.errf = io.StringIO()
    try:
        status = leaf._run("samba-tool gpo " + command, *args,
                           "-s", CONF, "-H", SAM)
    except Exception:
        status = 1
    return None if status else leaf.outf.getvalue()


def records(text):
    """The "key : value" blocks of listall and show, as dicts."""
    blocks, block = [], {}
    for line in text.splitlines():
        if not line.strip():
            if block:
                blocks.append(block)
            block = {}
            continue
        key, _, value = line.partition(":")
        block[key.strip()] = value.strip()
    if block:
        blocks.append(block)
    return blocks


def getlink(dn):
    """The GUIDs and options "gpo getlink" lists for a container."""
    text = samba_tool_gpo("getlink", dn)
    if text is None:
        return None
    links = []
    for block in records("\n".join(text.splitlines()[1:])):
        links.append((block.get("GPO", ""), block.get("Options", "")))
    return links


def find_nocase(folder, *names):
    """SYSVOL is served case-insensitively: find a path the same way."""
    path = folder
    for name in names:
        try:
            found = [e for e in os.listdir(path) if e.lower() == name.lower()]
        except OSError:
            return None
        if len(found) != 1:
            return None
        path = os.path.join(path, found[0])
    return path


def local_folder(file_sys_path):
    parts = file_sys_path.replace("/", "\\").split("\\")
    lower = [p.lower() for p in parts]
    if "sysvol" not in lower:
        return None
    rest = parts[lower.index("sysvol") + 1:]
    return find_nocase(SYSVOL, *rest)


def gpt_version(folder):
    path = find_nocase(folder, "GPT.INI")
    if path is None:
        return None
    section = None
    with open(path, "rb") as f:
        for line in f.read().decode("utf-8", "replace").splitlines():
            line = line.strip()
            if line.startswith("["):
                section = line.lower()
            elif section == "[general]" and line.lower().startswith("version="):
                return line.split("=", 1)[1].strip()
    return None


def backup_pols(outdir):
    """Display name -> the user registry.pol of its backup in OUTDIR."""
    pols = {}
    gpo_dir = os.path.join(outdir, "gpo")
    for entry in os.listdir(gpo_dir):
        backup = os.path.join(gpo_dir, entry, "Backup.xml")
        if not os.path.isfile(backup):
            continue
        name = ET.parse(backup).getroot().find(
            ".//%sDisplayName" % BACKUP_NS).text
        pols[name] = os.path.join(gpo_dir, entry, "DomainSysvol", "GPO",
                                  "User", "registry.pol")
    return pols


failed = 0


def check(label, cond, detail=""):
    global failed
    print(("ok " if cond else "FAIL ") + label +
          ("" if cond else ": " + str(detail)))
    failed += 0 if cond else 1
    return cond


def directory_object(dn):
    try:
        return samdb().search(base=dn, scope=ldb.SCOPE_BASE, attrs=[
            "versionNumber", "gPCUserExtensionNames", "gPCFileSysPath",
            "gPCFunctionalityVersion", "flags", "nTSecurityDescriptor"])[0]
    except ldb.LdbError:
        return None


def children(dn):
    found = samdb().search(base=dn, scope=ldb.SCOPE_ONELEVEL, attrs=["cn"])
    return sorted(str(m["cn"][0]).lower() for m in found)


def first(msg, attr):
    return str(msg[attr][0]) if attr in msg else ""


def file_rights(sd):
    """What a folder's descriptor grants: owner, group and the allowing
    entries, without order, repeats, the protected flag or the object
    entries (Apply Group Policy) that grant no file rights."""
    inherit = (security.SEC_ACE_FLAG_OBJECT_INHERIT |
               security.SEC_ACE_FLAG_CONTAINER_INHERIT |
               security.SEC_ACE_FLAG_INHERIT_ONLY)
    aces = set()
    for ace in sd.dacl.aces if sd.dacl else []:
        if ace.type == security.SEC_ACE_TYPE_ACCESS_ALLOWED_OBJECT:
            continue
        aces.add((ace.type, ace.flags & inherit, ace.access_mask,
                  str(ace.trustee)))
    return str(sd.owner_sid), str(sd.group_sid), sorted(aces)


def check_rights(name, msg, folder):
    """samba-tool gpo aclcheck wants the folder's descriptor in exactly
    the form it derives from the object's; gpforge deploy grants the same
    rights in another form (doc/KNOWN_BUGS.md), so this compares rights."""
    sid = security.dom_sid(samdb().get_domain_sid())
    ds_sddl = ndr_unpack(security.descriptor,
                         msg["nTSecurityDescriptor"][0]).as_sddl()
    want = file_rights(dsacl2fsacl(ds_sddl, sid, as_sddl=False))
    try:
        got = file_rights(getntacl(loadparm(), folder, system_session()))
    except Exception as e:
        got = str(e)
    check("%s: its SYSVOL folder grants what its object grants" % name,
          got == want, "%s, want %s" % (got, want))


def check_files(name, version, pol, msg):
    folder = local_folder(first(msg, "gPCFileSysPath"))
    if not check("%s: its SYSVOL folder exists" % name, folder is not None,
                 first(msg, "gPCFileSysPath")):
        return
    check_rights(name, msg, folder)
    check("%s: GPT.INI says Version=%s" % (name, version),
          gpt_version(folder) == version, gpt_version(folder))
    check("%s: gpforge.txt marks the folder" % name,
          find_nocase(folder, "gpforge.txt") is not None, folder)
    got = find_nocase(folder, "User", "Registry.pol")
    with open(pol, "rb") as f:
        want = f.read()
    same = got is not None and open(got, "rb").read() == want
    check("%s: User/Registry.pol is the built one" % name, same, got)


def check_object(name, version, msg):
    check("%s: versionNumber is %s" % (name, version),
          first(msg, "versionNumber") == version, first(msg, "versionNumber"))
    check("%s: user extension names list the registry CSE" % name,
          first(msg, "gPCUserExtensionNames").upper() == USER_EXTENSIONS,
          first(msg, "gPCUserExtensionNames"))
    check("%s: gPCFunctionalityVersion is 2" % name,
          first(msg, "gPCFunctionalityVersion") == "2")
    check("%s: the user side is enabled" % name,
          not int(first(msg, "flags") or "0") & 1, first(msg, "flags"))
    check("%s: CN=User and CN=Machine exist" % name,
          children(msg.dn) == ["machine", "user"], children(msg.dn))


def same_dn(a, b):
    return ldb.Dn(samdb(), a) == ldb.Dn(samdb(), b)


def containers(guid):
    """The DNs "gpo listcontainers" names for a GPO."""
    text = samba_tool_gpo("listcontainers", guid) or ""
    return [line.split(":", 1)[1].strip() for line in text.splitlines()
            if line.strip().startswith("DN:")]


# A deploy matches GPOs by name without regard to case, so a second GPO
# whose name differs only in case is a duplicate too.
def check_row(name, ou, version, pol, listed):
    same = [g for g in listed
            if g.get("display name", "").lower() == name.lower()]
    if not check("%s: listall holds it once" % name, len(same) == 1,
                 "%d times" % len(same)):
        return
    guid = same[0]["GPO"]
    check("%s: listall says version %s" % (name, version),
          same[0].get("version") == version, same[0].get("version"))

    shown = records(samba_tool_gpo("show", guid) or "")
    check("%s: show agrees on name and version and has an ACL" % name,
          len(shown) == 1 and shown[0].get("display name") == name and
          shown[0].get("version") == version and
          shown[0].get("ACL", "").startswith("O:"), shown)

    msg = directory_object(same[0]["dn"])
    if check("%s: its directory object exists" % name, msg is not None):
        check_object(name, version, msg)
        check_files(name, version, pol, msg)

    links = getlink(ou)
    mine = [o for g, o in links or [] if g.upper() == guid.upper()]
    check("%s: getlink on %s lists it once, enabled" % (name, ou),
          mine == ["NONE"], links)
    where = containers(guid)
    check("%s: listcontainers names its OU only" % name,
          len(where) == 1 and same_dn(where[0], ou), where)


def check_table(version, table, outdir):
    pols = backup_pols(outdir)
    listed = records(samba_tool_gpo("listall") or "")
    with open(table, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        name = row["gpo_name"]
        if check("%s: the build holds its backup" % name, name in pols):
            check_row(name, row["ou"], version, pols[name], listed)
    return 1 if failed else 0


def print_rows(table, outdir):
    pols = backup_pols(outdir)
    with open(table, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            print("%s\t%s\t%s" % (row["gpo_name"], row["ou"],
                                  pols[row["gpo_name"]]))
    return 0


def get(dn, attr):
    found = samdb().search(base=dn, scope=ldb.SCOPE_BASE, attrs=[attr])
    print(first(found[0], attr))
    return 0


def set_attr(dn, attr, value):
    msg = ldb.Message(ldb.Dn(samdb(), dn))
    msg[attr] = ldb.MessageElement(value, ldb.FLAG_MOD_REPLACE, attr)
    samdb().modify(msg)
    return 0


def delete(dn):
    samdb().delete(dn)
    return 0


def acl_digest(path):
    """The file's NT ACL and POSIX ACLs, which smbd keeps in xattrs."""
    digest = hashlib.sha256()
    for attr in ("security.NTACL", "system.posix_acl_access",
                 "system.posix_acl_default"):
        try:
            digest.update(os.getxattr(path, attr, follow_symlinks=False))
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()[:16]


def snapshot():
    print(samba_tool_gpo("listall"))
    db = samdb()
    policies = "CN=Policies,CN=System,%s" % db.domain_dn()
    for m in sorted(db.search(base=policies, scope=ldb.SCOPE_SUBTREE,
                              attrs=["uSNChanged"]),
                    key=lambda m: str(m.dn).lower()):
        print("%s uSNChanged=%s" % (m.dn, m["uSNChanged"][0]))
    domain = db.search(base=db.domain_dn(), scope=ldb.SCOPE_BASE,
                       attrs=["gPLink"])[0]
    print("%s gPLink=%s" % (domain.dn, first(domain, "gPLink")))
    for m in sorted(db.search(expression="(objectClass=organizationalUnit)",
                              attrs=["gPLink", "gPOptions", "uSNChanged"]),
                    key=lambda m: str(m.dn).lower()):
        print("%s gPLink=%s uSNChanged=%s" % (m.dn, first(m, "gPLink"),
                                             m["uSNChanged"][0]))
    for top, _, files in sorted(os.walk(SYSVOL)):
        print("%s %s" % (os.path.relpath(top, SYSVOL), acl_digest(top)))
        for name in sorted(files):
            path = os.path.join(top, name)
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            print("  %s %s %s" % (name, digest, acl_digest(path)))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "check":
        sys.exit(check_table(*sys.argv[2:]))
    elif len(sys.argv) == 4 and sys.argv[1] == "rows":
        sys.exit(print_rows(*sys.argv[2:]))
    elif len(sys.argv) == 3 and sys.argv[1] == "getlink":
        for guid, options in getlink(sys.argv[2]) or []:
            print("%s\t%s" % (guid, options))
        sys.exit(0)
    elif len(sys.argv) == 4 and sys.argv[1] == "get":
        sys.exit(get(*sys.argv[2:]))
    elif len(sys.argv) == 5 and sys.argv[1] == "set":
        sys.exit(set_attr(*sys.argv[2:]))
    elif len(sys.argv) == 3 and sys.argv[1] == "delete":
        sys.exit(delete(sys.argv[2]))
    elif len(sys.argv) == 2 and sys.argv[1] == "snapshot":
        sys.exit(snapshot())
    sys.exit(__doc__)
