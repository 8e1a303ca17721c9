#!/bin/sh
# Hostile registry.pol files and LGPO text: data sizes past the end of
# the file, huge sizes, truncated records and keys, a wrong version,
# lone surrogates, 200,000 records (HOSTILE_ROWS / 5), and LGPO text
# with NUL bytes, CR
# line ends or in UTF-16, compiled over the registry.pol of a good kit.
# shellcheck source=tests/lib.sh disable=SC1091
. "${SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
# shellcheck source=tests/hostile/hostile.sh disable=SC1091
. "$SRCDIR/tests/hostile/hostile.sh"
H=$TMP/in
mkdir -p "$H"
good_kit
POL=$(find "$OUT/gpo" -name registry.pol)

# pol FILE RECORDS: a registry.pol of the records the Python expression
# RECORDS makes with rec(key, value, type, size, data) and s(text).
pol() {
	"$PY" - "$@" <<'EOF'
import struct, sys
def s(t):
    return t.encode("utf-16-le", "surrogatepass")
def rec(key, value, typ, size, data):
    return (s("[") + s(key + "\0") + s(";") + s(value + "\0") + s(";")
            + struct.pack("<I", typ) + s(";") + struct.pack("<I", size)
            + s(";") + data + s("]"))
open(sys.argv[1], "wb").write(b"PReg\x01\x00\x00\x00" + eval(sys.argv[2]))
EOF
}

# --- registry.pol ---------------------------------------------------------
pol "$H/past.pol" 'rec("K", "V", 1, 0xfffffff0, s("hi\0"))'
refused "a data size past the end of the file" 65 \
	"gpforge: $H/past.pol: offset 28: data size 4294967280 runs past the end of the file (8 bytes left)" \
	pol dump "$H/past.pol"

pol "$H/huge.pol" 'rec("K", "V", 4, 0x7fffffff, b"\1\0\0\0")'
refused "a REG_DWORD of 2 GiB" 65 \
	"gpforge: $H/huge.pol: offset 28: data size 2147483647 runs past the end of the file (6 bytes left)" \
	pol dump --json "$H/huge.pol"

pol "$H/trunc.pol" 'rec("K", "V", 1, 6, s("hi\0"))[:-5]'
refused "a record cut short in its data" 65 \
	"gpforge: $H/trunc.pol: offset 28: data size 6 runs past the end of the file (3 bytes left)" \
	pol dump "$H/trunc.pol"

pol "$H/key.pol" 's("[") + s("A" * 100000)'
refused "a key of 100,000 characters never ended" 65 \
	"gpforge: $H/key.pol: offset 10: key is not ended by a UTF-16 NUL before the end of the file" \
	pol dump "$H/key.pol"

pol "$H/version.pol" 'b""'
printf '\002' | dd of="$H/version.pol" bs=1 seek=4 conv=notrunc 2>/dev/null
refused "version 2" 65 "gpforge: $H/version.pol: offset 4: expected version 1, found 2" \
	pol dump "$H/version.pol"

printf 'PRe' >"$H/short.pol"
refused "a file shorter than its header" 65 \
	"gpforge: $H/short.pol: offset 0: file is shorter than the 8-byte PReg header" \
	pol dump "$H/short.pol"

pol "$H/lone.pol" 'rec("K", "V", 1, 4, b"\x00\xd8\x00\x00")'
refused "a REG_SZ with a lone surrogate" 65 \
	"gpforge: $H/lone.pol: offset 34: REG_SZ data has an unpaired UTF-16 surrogate 0xD800" \
	pol dump "$H/lone.pol"

pol "$H/lonekey.pol" 'rec("K\udc00", "V", 4, 4, b"\1\0\0\0")'
refused "a key with a lone surrogate" 65 \
	"gpforge: $H/lonekey.pol: offset 12: key has an unpaired UTF-16 surrogate 0xDC00" \
	pol dump --json "$H/lonekey.pol"

# ROWS / 5 (200,000) records are dumped, each one, in order.
n=$((ROWS / 5))
pol "$H/many.pol" "b''.join(rec('K', 'V%d' % i, 4, 4, struct.pack('<I', i)) for i in range($n))"
read_only "$n records are read" pol dump --json "$H/many.pol"
check "... every one of them" [ "$(wc -l <"$TMP/out")" -eq "$n" ]
check "... the last as written" grep -q \
	"\"value\":\"V$((n - 1))\",\"type\":\"REG_DWORD\",\"size\":4,\"action\":\"DWORD\",\"data\":$((n - 1))}\$" \
	"$TMP/out"

# --- LGPO text compiled over the kit's registry.pol ----------------------
printf 'User\nK\nV\nDWORD:1\n' >"$H/ok.txt"
printf 'User\nK\0evil\nV\nDWORD:1\n' >"$H/nul.txt"
refused "LGPO text with a NUL byte" 65 "gpforge: $H/nul.txt: line 2: NUL byte in the text" \
	pol compile "$H/nul.txt" -o "$POL"

printf 'User\rK\rV\rDWORD:1\r' >"$H/cr.txt"
refused "LGPO text with CR line ends" 65 \
	"gpforge: $H/cr.txt: line 1: a carriage return that does not end the line; save the file with LF or CRLF line ends" \
	pol compile "$H/cr.txt" -o "$POL"

printf 'User\nK\nV\nSZ:a\rb\n' >"$H/crin.txt"
refused "a lone CR inside LGPO string data" 65 \
	"gpforge: $H/crin.txt: line 4: a carriage return that does not end the line; save the file with LF or CRLF line ends" \
	pol compile "$H/crin.txt" -o "$POL"

iconv -f UTF-8 -t UTF-16 <"$H/ok.txt" >"$H/u16.txt"
refused "LGPO text in UTF-16" 65 "gpforge: $H/u16.txt: line 1: the text is UTF-16; save it as UTF-8" \
	pol compile "$H/u16.txt" -o "$POL"

printf 'User\nK\300\257\nV\nDWORD:1\n' >"$H/overlong.txt"
refused "LGPO text with an overlong UTF-8 '/'" 65 \
	"gpforge: $H/overlong.txt: line 2: invalid UTF-8" \
	pol compile "$H/overlong.txt" -o "$POL"

ln -s "$POL" "$H/link.pol"
refused "compiling through a symbolic link to the kit's registry.pol" 73 \
	"gpforge: $H/link.pol: refusing to write through a symbolic link" \
	pol compile "$H/ok.txt" -o "$H/link.pol"

# CRLF, as Notepad writes it, is taken quietly and means the same.
OUT=$H/crlf.pol
"$GPFORGE" pol compile "$H/ok.txt" -o "$H/lf.pol"
sed 's/$/\r/' "$H/ok.txt" >"$H/crlf.txt"
accepted "LGPO text with CRLF line ends" pol compile "$H/crlf.txt" -o "$OUT"
same "... compiles to the same bytes as with LF" "$H/lf.pol" "$OUT"

hostile_finish
