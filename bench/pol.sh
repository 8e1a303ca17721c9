#!/bin/sh
# bench/pol.sh - times gpforge's registry.pol codec against Samba's.
#
# Builds a registry.pol of N records (default 1,000,000) through
# "gpforge pol compile", then times "pol dump" and "pol compile" and
# Samba's python parse (samba.dcerpc.preg) of the same file, and prints
# the figures, the ratio and each run's peak memory.  It asserts nothing.
# Needs GNU time; Samba's side needs python3-samba.
#
# Usage: bench/pol.sh [RECORDS]   (GPFORGE names the binary; default
# ./gpforge)
set -eu
records=${1:-1000000}
gpforge=${GPFORGE:-./gpforge}
py=/usr/bin/python3
work=$(mktemp -d "${TMPDIR:-/tmp}/gpforge-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Wall seconds and peak resident memory (KiB) of a command, by GNU time
# (Debian package "time").
if [ ! -x /usr/bin/time ]; then
	echo "bench/pol.sh needs GNU time: apt-get install time" >&2
	exit 1
fi
measure() {
	/usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
	cat "$work/time"
}

# A realistic mix: mostly DWORDs, some strings, deletes and lists.
awk -v n="$records" 'BEGIN {
	for (i = 0; i < n; i++) {
		key = sprintf("Software\\Policies\\Bench\\Area%d", i % 977)
		m = i % 10
		if (m < 6)      act = sprintf("DWORD:%d", i)
		else if (m < 8) act = sprintf("SZ:\\\\server\\share\\file%d.txt", i)
		else if (m < 9) act = "DELETE"
		else            act = sprintf("MULTISZ:a%d\\0b%d", i, i)
		printf "Computer\n%s\nValue%d\n%s\n\n", key, i, act
	}
}' >"$work/bench.txt"

set -- $(measure "$gpforge" pol compile "$work/bench.txt" -o "$work/bench.pol")
compile_s=$1 compile_kb=$2
set -- $(measure "$gpforge" pol dump "$work/bench.pol")
dump_s=$1 dump_kb=$2
set -- $(measure "$gpforge" pol dump --json "$work/bench.pol")
json_s=$1 json_kb=$2

size=$(wc -c <"$work/bench.pol")
echo "records:              $records ($size bytes)"
echo "gpforge pol compile:  ${compile_s} s, peak ${compile_kb} KiB"
echo "gpforge pol dump:     ${dump_s} s, peak ${dump_kb} KiB"
echo "gpforge pol dump --json: ${json_s} s, peak ${json_kb} KiB"

if "$py" -c 'import samba.dcerpc.preg' 2>/dev/null; then
	set -- $(measure "$py" -c '
import sys
from samba.dcerpc import preg
from samba.ndr import ndr_unpack
f = ndr_unpack(preg.file, open(sys.argv[1], "rb").read())
print(f.num_entries)' "$work/bench.pol")
	samba_s=$1 samba_kb=$2
	echo "samba ndr_unpack:     ${samba_s} s, peak ${samba_kb} KiB"
	"$py" -c "print('dump is %.1fx faster than Samba parse' % ($samba_s / $dump_s))"
else
	echo "samba ndr_unpack:     skipped (python3-samba not installed)"
fi
