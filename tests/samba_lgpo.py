#!/usr/bin/python3
"""Prints a registry.pol as LGPO text records, parsed by Samba.

An independent reading of a file gpforge wrote: Samba's preg parser does
the decoding, this script only formats.  Usage: samba_lgpo.py CONFIG FILE
(CONFIG is Computer or User).  Exit 77 when python3-samba is missing.
"""
import sys

try:
    from samba.dcerpc import preg
    from samba.ndr import ndr_unpack
except ImportError:
    print("skip: python3-samba is not installed", file=sys.stderr)
    sys.exit(77)

config, path = sys.argv[1], sys.argv[2]
parsed = ndr_unpack(preg.file, open(path, "rb").read())


def action(e):
    name, data = e.valuename, e.data
    if e.type == 1 and name == "**delvals." and data == " ":
        return "*", "DELETEALLVALUES"
    if e.type == 1 and name.startswith("**del.") and data == " ":
        return name[6:], "DELETE"
    if e.type == 1:
        return name, "SZ:" + data
    if e.type == 2:
        return name, "EXSZ:" + data
    if e.type == 4:
        return name, "DWORD:%d" % data
    if e.type == 11:
        return name, "QWORD:%d" % data
    if e.type == 7:
        strings = bytes(data).decode("utf-16-le").rstrip("\0").split("\0")
        return name, "MULTISZ:" + "\\0".join(strings)
    raise SystemExit("unexpected type %d" % e.type)


for e in parsed.entries:
    name, act = action(e)
    print(f"{config}\n{e.keyname}\n{name or '(Default)'}\n{act}\n")
print("; PARSING COMPLETED.")
