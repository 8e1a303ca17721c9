#!/bin/sh
# Every registry.pol that Windows wrote must survive dump -> compile byte
# for byte, and its JSON dump must count as many records as Samba does.
. "${SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"
need_shared

for pol in "$SHARED"/vectors/registry-pol/*.pol; do
	name=$(basename "$pol")
	run pol dump "$pol"
	check "$name: dump exits 0" [ "$status" -eq 0 ]
	cp "$TMP/out" "$TMP/$name.txt"
	check "$name: dump ends with the LGPO trailer" \
		[ "$(tail -n 1 "$TMP/$name.txt")" = "; PARSING COMPLETED." ]
	run pol compile "$TMP/$name.txt" -o "$TMP/$name"
	check "$name: compile exits 0" [ "$status" -eq 0 ]
	check "$name: compile reproduces the file byte for byte" \
		cmp -s "$pol" "$TMP/$name"

	# SOURCES.txt gives the entry count Samba found in each file.
	want=$(awk -F' [|] ' -v f="$name" '$1 == f { print $NF }' \
		"$SHARED/vectors/registry-pol/SOURCES.txt")
	run pol dump --json "$pol"
	got=$(wc -l <"$TMP/out")
	check "$name: $got records, as Samba counts ($want)" \
		[ "$got" -eq "$want" ]
done
finish
