#!/bin/sh
# bench/admx.sh - times "gpforge admx list" over a folder of templates
# against "xmllint --noout" parsing the same ADMX and ADML files, and
# prints both and the ratio.  It asserts nothing.
#
# Usage: bench/admx.sh [FOLDER] [RUNS]  (default ../shared/vectors/admx,
# 10 runs; GPFORGE names the binary, default ./gpforge)
set -eu
dir=${1:-../shared/vectors/admx}
runs=${2:-10}
gpforge=${GPFORGE:-./gpforge}

if [ ! -d "$dir" ]; then
	echo "bench/admx.sh: $dir: no such folder" >&2
	exit 1
fi
files=$(find "$dir" -maxdepth 2 \( -iname '*.admx' -o -iname '*.adml' \) | sort)
bytes=$(cat $files | wc -c)

# Seconds for RUNS runs of a command, from a monotonic clock.
timed() {
	start=$(date +%s.%N)
	i=0
	while [ $i -lt "$runs" ]; do
		"$@" >/dev/null
		i=$((i + 1))
	done
	end=$(date +%s.%N)
	echo "$start $end" | awk -v n="$runs" '{ printf "%.4f", ($2 - $1) / n }'
}

# Warm the page cache so both read from memory.
cat $files >/dev/null
# shellcheck disable=SC2086
xml=$(timed xmllint --noout $files)
list=$(timed "$gpforge" admx list "$dir")
policies=$("$gpforge" admx list "$dir" | wc -l)

echo "templates:          $(echo "$files" | wc -l) files, $bytes bytes, $policies policies"
echo "xmllint --noout:    $xml s per run (mean of $runs)"
echo "gpforge admx list:  $list s per run (mean of $runs)"
echo "$xml $list" | awk '{ printf "ratio:              %.2fx xmllint'"'"'s parse\n", $2 / $1 }'
