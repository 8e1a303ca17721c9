#!/bin/sh
# "gpforge pol": options, exit statuses, messages, LGPO text both ways,
# and output that a failure leaves untouched.
. "${SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"
nl='
'

# --- the command line ---------------------------------------------------
run
check "no command is a usage error" [ "$status" -eq 64 ]
run --version
check "--version prints the version" [ "$(cat "$TMP/out")" = "gpforge 0.1.0" ]
for cmd in "pol" "pol dump" "pol compile"; do
	# shellcheck disable=SC2086
	run $cmd --help
	check "$cmd --help exits 0 with usage" grep -q '^Usage: gpforge pol' \
		"$TMP/out"
	# shellcheck disable=SC2086
	run $cmd --version
	check "$cmd --version" [ "$(cat "$TMP/out")" = "gpforge 0.1.0" ]
done
run frob
expect "unknown command" 64 "gpforge: unknown command 'frob'; try 'gpforge --help'"
run pol dump
expect "dump without a file" 64 "gpforge pol dump: expected one input file${nl}Try 'gpforge pol dump --help'."
run pol dump --bogus x.pol
expect "unknown option" 64 "gpforge pol dump: unknown option '--bogus'${nl}Try 'gpforge pol dump --help'."
run pol dump --config both x.pol
expect "bad --config" 64 "gpforge pol: --config takes user or computer, not 'both'${nl}Try 'gpforge pol --help'."
run pol compile x.txt
expect "compile needs -o" 64 "gpforge pol compile: -o OUT.pol is required${nl}Try 'gpforge pol compile --help'."
run pol dump "$TMP/missing.pol"
expect "missing input" 66 "gpforge: $TMP/missing.pol: No such file or directory"
run pol dump "$TMP"
expect "directory as input" 66 "gpforge: $TMP: is a directory"
# Read from a pipe, a record's size is checked against what comes, not
# allocated up front: this one claims 3 GB.
mkfifo "$TMP/fifo"
cat "$SRCDIR/tests/fuzz/regress/regpol/pipe-claims-3gb" >"$TMP/fifo" &
run pol dump "$TMP/fifo"
wait
expect "a size past the end of a pipe" 65 "gpforge: $TMP/fifo: offset 36: data size 3070230532 runs past the end of the file"

# --- LGPO text, both ways -------------------------------------------------
cat >"$TMP/all.txt" <<'TXT'
; gpforge test: one of every action
Computer
Software\Policies\T
(Default)
SZ:default text

Computer
Software\Policies\T
Num
DWORD:0x2A
Computer
Software\Policies\T
Big
QWORD:18446744073709551615

  ; comments may be indented
Computer
Software\Policies\T
Exp
EXSZ:%SystemRoot%\x

Computer
Software\Policies\T
List
MULTISZ:one\0two words\0three

Computer
Software\Policies\T
Raw
BINARY:00,0A,ff

Computer
Software\Policies\T
Old
DELETE

Computer
Software\Policies\T\L
*
DELETEALLVALUES

Computer
Software\Policies\T\K
*
CREATEKEY

Computer
Software\Policies\T
a;b
DELETEKEYS

Computer
Software\Policies\T
BE
DWORDBE:1

Computer
Software\Policies\T
Named
NONE:01
TXT
cat >"$TMP/all.want" <<TXT
; PARSING Computer POLICY
; Source file:  $TMP/all.pol

Computer
Software\Policies\T
(Default)
SZ:default text

Computer
Software\Policies\T
Num
DWORD:42

Computer
Software\Policies\T
Big
QWORD:18446744073709551615

Computer
Software\Policies\T
Exp
EXSZ:%SystemRoot%\x

Computer
Software\Policies\T
List
MULTISZ:one\0two words\0three

Computer
Software\Policies\T
Raw
BINARY:00,0a,ff

Computer
Software\Policies\T
Old
DELETE

Computer
Software\Policies\T\L
*
DELETEALLVALUES

Computer
Software\Policies\T\K
*
CREATEKEY

Computer
Software\Policies\T
a;b
DELETEKEYS

Computer
Software\Policies\T
BE
DWORDBE:1

Computer
Software\Policies\T
Named
NONE:01

; PARSING COMPLETED.
TXT
run pol compile "$TMP/all.txt" -o "$TMP/all.pol"
expect "compile every action" 0 ""
run pol dump "$TMP/all.pol"
check "dump prints the LGPO layout exactly" cmp -s "$TMP/out" "$TMP/all.want"
cp "$TMP/out" "$TMP/all.dump"
run pol compile "$TMP/all.dump" -o "$TMP/again.pol"
check "dump output compiles to the same bytes" cmp -s "$TMP/all.pol" "$TMP/again.pol"
check "no temporary file is left beside the output" \
	[ "$(ls -A "$TMP" | grep -c '^\.')" -eq 0 ]

# The configuration label follows --config, else the GPO folder name.
mkdir -p "$TMP/gpo/User" && cp "$TMP/all.pol" "$TMP/gpo/User/registry.pol"
run pol dump "$TMP/gpo/User/registry.pol"
check "a file in User/ dumps as User" [ "$(sed -n 4p "$TMP/out")" = User ]
run pol dump --config user "$TMP/all.pol"
check "--config user labels records User" \
	[ "$(head -n 1 "$TMP/out")" = "; PARSING User POLICY" ]

# --- configurations ------------------------------------------------------
printf 'User\nK\nu\nDWORD:1\n\nComputer\nK\nc\nDWORD:2\n' >"$TMP/mixed.txt"
run pol compile "$TMP/mixed.txt" -o "$TMP/mixed.pol"
expect "mixed file without --config" 65 "gpforge: $TMP/mixed.txt: line 6: Computer record in a file whose first record (line 1) is User; choose one with --config"
check "a refused compile writes nothing" [ ! -e "$TMP/mixed.pol" ]
run pol compile --config computer "$TMP/mixed.txt" -o "$TMP/mixed.pol"
run pol dump --json "$TMP/mixed.pol"
check "--config computer keeps only Computer records" \
	[ "$(cat "$TMP/out")" = '{"offset":8,"config":"Computer","key":"K","value":"c","type":"REG_DWORD","size":4,"action":"DWORD","data":2}' ]

# --- CLEAR takes back earlier records --------------------------------------
printf 'Computer\nK\nA\nDWORD:1\n\nComputer\nK\nB\nDWORD:2\n\nComputer\nK\nb\nCLEAR\n\nComputer\nK\nB\nDWORD:3\n' >"$TMP/clear.txt"
run pol compile "$TMP/clear.txt" -o "$TMP/clear.pol"
run pol dump --json "$TMP/clear.pol"
check "CLEAR drops the earlier value, keeps the later one" \
	[ "$(grep -o '"value":"[AB]","type":"REG_DWORD","size":4,"action":"DWORD","data":[0-9]' "$TMP/out" | tr '\n' ' ')" = '"value":"A","type":"REG_DWORD","size":4,"action":"DWORD","data":1 "value":"B","type":"REG_DWORD","size":4,"action":"DWORD","data":3 ' ]

# --- syntax errors name the line; the old output stays ---------------------
printf 'PReg\1\0\0\0' >"$TMP/keep.pol"
bad() {
	label=$1 text=$2 message=$3
	printf '%b' "$text" >"$TMP/bad.txt"
	run pol compile "$TMP/bad.txt" -o "$TMP/keep.pol"
	expect "$label" 65 "gpforge: $TMP/bad.txt: $message"
}
bad "unknown action" 'Computer\nK\nV\nWORD:1\n' "line 4: unknown action 'WORD:1'"
bad "DWORD out of range" 'Computer\nK\nV\nDWORD:4294967296\n' "line 4: '4294967296' is not a number (decimal or 0x hex) in range"
bad "DWORD not a number" 'Computer\nK\nV\nDWORD:-1\n' "line 4: '-1' is not a number (decimal or 0x hex) in range"
bad "DWORD without data" 'Computer\nK\nV\nDWORD\n' "line 4: DWORD needs data after a ':'"
bad "DELETE with data" 'Computer\nK\nV\nDELETE:1\n' "line 4: DELETE takes no data"
bad "bad hex" 'Computer\nK\nV\nBINARY:0g\n' "line 4: '0g' is not comma-separated hex bytes"
bad "three-digit hex" 'Computer\nK\nV\nBINARY:100\n' "line 4: '100' is not comma-separated hex bytes"
bad "incomplete record" '; c\nComputer\nK\n' "line 2: record is incomplete: the file ends before a value name"
bad "bad configuration" 'Machine\nK\nV\nDWORD:1\n' "line 1: expected Computer or User to start a record, found 'Machine'"
bad "per-user local policy" 'User:Administrators\nK\nV\nDWORD:1\n' "line 1: 'User:Administrators': per-user local policy (User:NAME) has no registry.pol of a GPO; use User"
bad "DELETE of *" 'Computer\nK\n*\nDELETE\n' "line 3: DELETE needs a value name; use DELETEALLVALUES for '*'"
bad "CREATEKEY needs *" 'Computer\nK\nV\nCREATEKEY\n' "line 3: expected '*' as the value name of CREATEKEY"
bad "invalid UTF-8" 'Computer\nK\377\nV\nDWORD:1\n' "line 2: invalid UTF-8"
bad "NUL byte" 'Computer\nK\0\nV\nDWORD:1\n' "line 2: NUL byte in the text"
bad "empty list item" 'Computer\nK\nV\nMULTISZ:a\\0\\0b\n' 'line 4: K\V: an empty string inside a REG_MULTI_SZ list would end it early'
long=$(printf '%0260d' 0)
bad "value name over 259" "Computer\nK\n$long\nDWORD:1\n" "line 4: K: value name is longer than 259 characters"
check "failed compiles left the old output alone" \
	[ "$(od -An -c "$TMP/keep.pol" | tr -d ' \n')" = 'PReg001\0\0\0' ]

# --- output that cannot be written -----------------------------------------
ln -s "$TMP/keep.pol" "$TMP/link.pol"
run pol compile "$TMP/all.txt" -o "$TMP/link.pol"
expect "symlink output refused" 73 "gpforge: $TMP/link.pol: refusing to write through a symbolic link"
run pol compile "$TMP/all.txt" -o "$TMP/no/such/dir.pol"
expect "output folder missing" 73 "gpforge: $TMP/no/such/dir.pol: No such file or directory"
if [ -w /dev/full ]; then
	status=0
	"$GPFORGE" pol dump "$TMP/all.pol" >/dev/full 2>"$TMP/err" || status=$?
	expect "stdout write failure" 74 "gpforge: standard output: No space left on device"
fi

# --- what LGPO text cannot hold ---------------------------------------------
printf 'Computer\nK\nV\nSZ:x\n' >"$TMP/nl.txt"
run pol compile "$TMP/nl.txt" -o "$TMP/nl.pol"
# Patch the data "x" into a line feed, in place (offset 34 of the file).
printf '\n' | dd of="$TMP/nl.pol" bs=1 seek=34 conv=notrunc 2>/dev/null
run pol dump "$TMP/nl.pol"
expect "a line break in data" 65 "gpforge: $TMP/nl.pol: offset 8: string data holds a line break or NUL, which LGPO text cannot show; use --json"
run pol dump --json "$TMP/nl.pol"
check "--json shows the line break" grep -q '"data":"\\n"' "$TMP/out"

finish
