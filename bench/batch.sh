#!/bin/sh
# bench/batch.sh - times "gpforge build --deterministic --ou-csv" on
# generated OU tables of 1,000 and 10,000 rows, and "zip -qr" alone over
# the same output tree, printing wall time, CPU time, peak RSS and time
# per OU.  As a floor it also times "cp -r" of the tree: creating the
# same files and folders with nothing to compute.  It asserts nothing.
# Needs GNU time (package "time") and zip.
#
# Every tree is kept until the end: ext4 without a journal (as on the
# project's machines) passes over inodes freed in the last seconds to
# minutes when it allocates new ones, so deleting one run's tree would
# slow down the file creation of the next.
#
# Usage: bench/batch.sh [ROWS...]   (default 1000 10000; GPFORGE names
# the binary, default ./gpforge)
set -eu
gpforge=${GPFORGE:-./gpforge}
[ $# -gt 0 ] || set -- 1000 10000
work=$(mktemp -d "${TMPDIR:-/tmp}/gpforge-batch.XXXXXX")
trap 'rm -rf "$work"' EXIT
for tool in /usr/bin/time zip; do
	command -v "$tool" >/dev/null || {
		echo "bench/batch.sh needs $tool" >&2
		exit 1
	}
done

# Seconds elapsed running "$@", to two places.
seconds() {
	start=$(date +%s.%N)
	"$@"
	end=$(date +%s.%N)
	echo "$start $end" | awk '{ printf "%.2f", $2 - $1 }'
}

for rows in "$@"; do
	csv=$work/ous-$rows.csv
	awk -v n="$rows" 'BEGIN {
		print "ou,gpo_name,safe_senders_path,senders,intune_group"
		for (i = 1; i <= n; i++)
			printf "\"OU=Team %d,OU=Region %d,DC=corp,DC=example,DC=com\",,,,\n", i, i % 17
	}' >"$csv"
	out=$work/out-$rows
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$gpforge" build -q \
		--deterministic --ou-csv "$csv" -o "$out"
	read -r secs user sys kib <"$work/time"
	zipsecs=$(seconds sh -c "cd '$out' && zip -qr '$work/all-$rows.zip' .")
	cpsecs=$(seconds cp -r "$out" "$work/copy-$rows")
	echo "$rows OUs: ${secs} s (${user} s user, ${sys} s system)," \
		"peak ${kib} KiB, $(echo "$secs $rows" |
		awk '{ printf "%.3f", 1000 * $1 / $2 }') ms per OU;" \
		"zip -qr of the tree: ${zipsecs} s ($(echo "$secs $zipsecs" |
		awk '{ printf "%.2f", $1 / $2 }')x); cp -r of the tree:" \
		"${cpsecs} s"
done
