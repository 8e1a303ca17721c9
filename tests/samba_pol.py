#!/usr/bin/python3
"""Checks gpforge's registry.pol files against Samba's own codec.

Samba (python3-samba, samba.dcerpc.preg) is an independent implementation:
  1. gpforge compiles LGPO text covering every type and special value name;
     Samba parses the result and every field must match what the text said,
     and Samba's re-encoding must equal gpforge's bytes (so sizes agree).
  2. Samba writes a file with every type; gpforge's JSON dump of it must
     give back every field.
Usage: samba_pol.py GPFORGE WORKDIR.  Exit 0 pass, 1 fail, 77 skip.
"""
import json
import os
import struct
import subprocess
import sys

try:
    from samba.dcerpc import preg
    from samba.ndr import ndr_pack, ndr_unpack
except ImportError:
    print("skip: python3-samba is not installed")
    sys.exit(77)

GPFORGE, WORK = sys.argv[1], sys.argv[2]
KEY = "Software\\Policies\\gpforge\\T\u00e9st \U0001F600"
FAILED = []


def check(what, got, want):
    if got != want:
        FAILED.append(what)
        print(f"FAIL {what}: got {got!r}, want {want!r}")
    else:
        print(f"ok {what}")


def u16(s):
    return s.encode("utf-16-le")


# (value line, action line, samba valuename, type, samba data)
CASES = [
    ("sz", "SZ:caf\u00e9 \U0001F600", "sz", 1, "caf\u00e9 \U0001F600"),
    ("empty", "SZ:", "empty", 1, ""),
    ("exp", "EXSZ:%ProgramFiles%\\x", "exp", 2, "%ProgramFiles%\\x"),
    ("bin", "BINARY:00,ff,5b,3b,5d", "bin", 3, b"\x00\xff\x5b\x3b\x5d"),
    ("odd", "BINARY:01", "odd", 3, b"\x01"),
    ("dw", "DWORD:4294967295", "dw", 4, 4294967295),
    ("dwhex", "DWORD:0x10", "dwhex", 4, 16),
    ("be", "DWORDBE:258", "be", 5, 258),
    ("ms", "MULTISZ:a\\0b c\\0\u00e9", "ms", 7,
     u16("a") + b"\0\0" + u16("b c") + b"\0\0" + u16("\u00e9") + b"\0\0\0\0"),
    ("qw", "QWORD:18446744073709551615", "qw", 11, 18446744073709551615),
    ("(Default)", "SZ:default", "", 1, "default"),
    ("gone", "DELETE", "**del.gone", 1, " "),
    ("*", "DELETEALLVALUES", "**delvals.", 1, " "),
    ("*", "CREATEKEY", "", 0, None),
    ("sub1;sub2", "DELETEKEYS", "**DeleteKeys", 1, "sub1;sub2"),
    ("**DeleteValues", "SZ:a;b", "**DeleteValues", 1, "a;b"),
    ("**SecureKey", "DWORD:1", "**SecureKey", 4, 1),
    ("**soft.later", "DWORD:5", "**soft.later", 4, 5),
    ("named", "NONE:", "named", 0, None),
]


def gpforge_written():
    txt = os.path.join(WORK, "all-types.txt")
    pol = os.path.join(WORK, "all-types.pol")
    with open(txt, "w", encoding="utf-8") as f:
        f.write("; every type and special name\n\n")
        for value, action, *_ in CASES:
            f.write(f"User\n{KEY}\n{value}\n{action}\n\n")
    subprocess.run([GPFORGE, "pol", "compile", txt, "-o", pol], check=True)
    raw = open(pol, "rb").read()

    parsed = ndr_unpack(preg.file, raw)
    check("signature", parsed.header.signature, "PReg")
    check("version", parsed.header.version, 1)
    check("entry count", parsed.num_entries, len(CASES))
    for (value, action, name, rtype, data), e in zip(CASES, parsed.entries):
        check(f"{action} key", e.keyname, KEY)
        check(f"{action} value name", e.valuename, name)
        check(f"{action} type", e.type, rtype)
        check(f"{action} data", e.data, data)
    check("Samba re-encodes gpforge's bytes exactly", ndr_pack(parsed), raw)


def entry(key, name, rtype, data):
    e = preg.entry()
    e.keyname, e.valuename, e.type, e.data = key, name, rtype, data
    return e


def samba_written():
    entries = [
        entry(KEY, "sz", 1, "samba \U0001F600"),
        entry(KEY, "exp", 2, "%TEMP%"),
        entry(KEY, "bin", 3, b"\x01\x02\x03"),
        entry(KEY, "dw", 4, 0xDEADBEEF),
        entry(KEY, "be", 5, 0x01020304),
        entry(KEY, "ms", 7, u16("x") + b"\0\0" + u16("y") + b"\0\0\0\0"),
        entry(KEY, "qw", 11, 2**40 + 5),
        entry("Software\\Other", "**del.old", 4, 0),
    ]
    f = preg.file()
    f.header.signature, f.header.version = "PReg", 1
    f.num_entries, f.entries = len(entries), entries
    pol = os.path.join(WORK, "samba-written.pol")
    with open(pol, "wb") as out:
        out.write(ndr_pack(f))

    dump = subprocess.run([GPFORGE, "pol", "dump", "--json", pol],
                          check=True, capture_output=True, text=True)
    rows = [json.loads(line) for line in dump.stdout.splitlines()]
    want = [
        ("REG_SZ", "SZ", "samba \U0001F600"),
        ("REG_EXPAND_SZ", "EXSZ", "%TEMP%"),
        ("REG_BINARY", "BINARY", "010203"),
        ("REG_DWORD", "DWORD", 0xDEADBEEF),
        ("REG_DWORD_BIG_ENDIAN", "DWORDBE", 0x01020304),
        ("REG_MULTI_SZ", "MULTISZ", ["x", "y"]),
        ("REG_QWORD", "QWORD", 2**40 + 5),
        # Samba's **del. marker is a DWORD 0, not GPMC's REG_SZ " ":
        # it is shown as the literal record it is.
        ("REG_DWORD", "DWORD", 0),
    ]
    check("records read from the Samba file", len(rows), len(entries))
    for e, row, (tname, action, data) in zip(entries, rows, want):
        check(f"samba {e.valuename} key", row["key"], e.keyname)
        check(f"samba {e.valuename} value", row["value"], e.valuename)
        check(f"samba {e.valuename} type", row["type"], tname)
        check(f"samba {e.valuename} action", row["action"], action)
        check(f"samba {e.valuename} data", row["data"], data)
    check("first record offset", rows[0]["offset"], 8)


gpforge_written()
samba_written()
print(f"{len(FAILED)} failed" if FAILED else "all Samba checks passed")
sys.exit(1 if FAILED else 0)
