#!/usr/bin/python3
"""A client-side extension for samba-gpupdate that shows every value a
GPO's User/Registry.pol sets, so a test sees what a user receives.

Samba's own extensions print only the keys they know.  This one prints
each entry of the user side's Registry.pol as

    [ KEY\\VALUE ] = TYPE:DATA

with TYPE and DATA spelt as "gpforge pol dump" spells them (SZ:text,
DWORD:n, ...), under "CSE: gp_outlook_rsop_ext" in samba-gpupdate --rsop.

Usage: gp_outlook_rsop.py register SMB_CONF
           lists this file in the gpext.conf of SMB_CONF's state
           directory (the test DC's own, never the system's)
       gp_outlook_rsop.py entries < RSOP_OUTPUT
           prints "GPO<TAB>KEY\\VALUE<TAB>TYPE:DATA" for each value this
           extension showed, in the order shown
"""
import os
import re
import sys

from samba.gp.gpclass import gp_pol_ext, register_gp_extension

EXT_GUID = "{8D3F2A51-6C1B-4E0A-9B7D-2F4C5E6A7B80}"
EXT_NAME = "gp_outlook_rsop_ext"
USER_POL = "USER/Registry.pol"

TYPE_NAMES = {1: "SZ", 2: "EXSZ", 3: "BINARY", 4: "DWORD", 5: "DWORDBE",
              7: "MULTISZ", 11: "QWORD"}


def spell(entry):
    name = TYPE_NAMES.get(entry.type, "TYPE%d" % entry.type)
    data = entry.data
    if isinstance(data, bytes):
        data = data.hex()
    elif isinstance(data, list):
        data = "\\0".join(data)
    return "%s:%s" % (name, data)


class gp_outlook_rsop_ext(gp_pol_ext):
    def __str__(self):
        return "gpforge test: User Registry.pol values"

    def process_group_policy(self, deleted_gpo_list, changed_gpo_list):
        pass

    def rsop(self, gpo):
        if not gpo.file_sys_path:
            return {}
        pol = self.parse(os.path.join(gpo.file_sys_path, USER_POL))
        if not pol:
            return {}
        values = {}
        for e in pol.entries:
            values["%s\\%s" % (e.keyname, e.valuename)] = spell(e)
        return {"User Registry.pol": values}


def register(smb_conf):
    path = os.path.abspath(__file__)
    if not register_gp_extension(EXT_GUID, EXT_NAME, path,
                                 smb_conf=smb_conf, machine=False,
                                 user=True):
        sys.exit("gp_outlook_rsop.py: could not register %s" % path)


# samba-gpupdate --rsop prints "GPO: NAME", then per extension
# "  CSE: NAME" and per value "    [ KEY ] = DATA".
def entries(lines):
    gpo = cse = None
    for line in lines:
        line = line.rstrip("\n")
        if line.startswith("GPO: "):
            gpo, cse = line[5:], None
        elif line.startswith("  CSE: "):
            cse = line[7:].strip()
        elif cse == EXT_NAME:
            m = re.match(r"^ {4}\[ (.*) \] = (.*)$", line)
            if m:
                print("%s\t%s\t%s" % (gpo, m.group(1), m.group(2)))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "register":
        register(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == "entries":
        entries(sys.stdin)
    else:
        sys.exit(__doc__)
