#!/bin/sh
# seed.sh - gathers seed inputs for the fuzz harnesses, one folder each.
#
# Usage: tests/fuzz/seed.sh OUTDIR
# Fills OUTDIR/NAME for every harness with the hand-made seeds of
# tests/fuzz/corpus/NAME, the fixtures of the test suite and templates/,
# and the real files of ../shared/vectors (registry.pol, ADMX/ADML) when
# that folder is there (SHARED=DIR names another).  With a built gpforge
# (GPFORGE=PATH, default ./gpforge) it also compiles the LGPO seeds to
# registry.pol and dumps the registry.pol seeds to LGPO text.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 64; }
out=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED:-$src/../shared}
gpforge=${GPFORGE:-./gpforge}
admx_max=65536 # fuzz_admx's -max_len in run.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for name in regpol lgpo admx settings senders oucsv dn; do
	mkdir -p "$out/$name"
	cp "$src/tests/fuzz/corpus/$name"/* "$out/$name/"
done

# A seed's name says where it came from: its folder and file name.
seed() { # HARNESS FILE
	cp "$2" "$out/$1/$(basename "$(dirname "$2")")-$(basename "$2")"
}

# --- registry.pol and LGPO text ---
if [ -d "$shared/vectors" ]; then
	find "$shared/vectors" -iname '*.pol' | while read -r f; do
		seed regpol "$f"
	done
fi
for f in "$src"/tests/admx/coverage/*.txt; do seed lgpo "$f"; done
if [ -x "$gpforge" ]; then
	for f in "$out"/lgpo/*; do
		"$gpforge" pol compile "$f" -o "$out/regpol/lgpo-${f##*/}.pol" \
			2>/dev/null || rm -f "$out/regpol/lgpo-${f##*/}.pol"
	done
	for f in "$out"/regpol/*; do
		"$gpforge" pol dump "$f" >"$out/lgpo/dump-${f##*/}.txt" \
			2>/dev/null || rm -f "$out/lgpo/dump-${f##*/}.txt"
	done
fi

# --- ADMX with its ADML, joined as fuzz_admx reads them ---
adml_for() { # ADMX: the ADML in en-US (any case) beside it, or nothing
	base=$(basename "$1" | sed 's/\.[^.]*$//')
	find "$(dirname "$1")" -maxdepth 2 -ipath '*/en-us/*' \
		-iname "$base.adml" | head -n 1
}
pair() { # ADMX
	adml=$(adml_for "$1")
	name=$(basename "$(dirname "$1")")-$(basename "$1")
	if [ -n "$adml" ]; then
		{ cat "$1"; printf '\000ADML\000'; cat "$adml"; } >"$tmp/pair"
		if [ "$(wc -c <"$tmp/pair")" -le $admx_max ]; then
			mv "$tmp/pair" "$out/admx/$name+adml"
		fi
	fi
	if [ "$(wc -c <"$1")" -le $admx_max ]; then
		cp "$1" "$out/admx/$name"
	fi
}
for d in "$src/tests/admx" "$src/tests/intune" "$src/templates" \
	"$shared/vectors/admx"; do
	[ -d "$d" ] || continue
	find "$d" -iname '*.admx' | while read -r f; do pair "$f"; done
done

# --- settings, senders, OU tables and DNs ---
find "$src/tests/admx" -name '*.ini' | while read -r f; do
	seed settings "$f"
done
for f in "$src"/templates/senders/*.txt; do seed senders "$f"; done
if command -v python3 >/dev/null; then
	python3 "$src/tests/batch_check.py" make "$tmp" >/dev/null
	seed oucsv "$tmp/ous.csv"
	python3 - "$tmp/ous.csv" "$out/dn" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for i, row in enumerate(csv.DictReader(f)):
        with open("%s/batch-%02d" % (sys.argv[2], i), "w") as o:
            o.write(row["ou"])
PY
fi

for name in regpol lgpo admx settings senders oucsv dn; do
	printf '%s: %s seeds\n' "$name" "$(find "$out/$name" -type f | wc -l)"
done
