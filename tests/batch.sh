#!/bin/sh
# "gpforge build --ou-csv": a 50-row table of awkward OUs checked by
# batch_check.py, and every refusal of the table with its line, column
# and status, leaving earlier output untouched.
. "${SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"
py=/usr/bin/python3

mkdir "$TMP/t"
"$py" "$SRCDIR/tests/batch_check.py" make "$TMP/t"
run build -q --deterministic --ou-csv "$TMP/t/ous.csv" -o "$TMP/kit"
expect "a 50-row batch builds" 0 ""
check "backups, manifest, links, zips and lists match the table" \
	"$py" "$SRCDIR/tests/batch_check.py" check "$TMP/kit" "$TMP/t"
run build --deterministic --ou-csv "$TMP/t/ous.csv" -o "$TMP/kit2"
check "the summary counts the GPOs" \
	grep -q '^gpforge: built .*kit2: 50 GPOs, 32 senders$' "$TMP/out"
check "a deterministic batch is reproducible" diff -r "$TMP/kit" "$TMP/kit2"
check "no progress bar when stderr is not a terminal" \
	sh -c "! grep -q 'OUs,' '$TMP/err'"

# On a terminal (script(1) gives it one): rows done, rate and time left,
# unless --quiet.
tty_build() {
	script -qec "'$GPFORGE' build $1 --deterministic \
		--ou-csv '$TMP/t/ous.csv' -o '$TMP/tty'" /dev/null \
		>"$TMP/tty.txt" 2>&1
}
tty_build ""
check "a progress bar on a terminal: rows done, rate, time left" \
	grep -q '\] 50/50 OUs, [0-9]*/s, [0-9]* s left' "$TMP/tty.txt"
tty_build "-q --force"
check "... and none with --quiet" \
	sh -c "! grep -q 'OUs,' '$TMP/tty.txt'"

# --- refusals: one line each, nothing written ------------------------------
snapshot() { (cd "$TMP/kit" && find . -type f -exec cksum {} + | sort); }
snapshot >"$TMP/before"
refused() {
	label=$1 table=$2 status_want=$3 message=$4
	printf '%b' "$table" >"$TMP/t/bad.csv"
	run build -q --force --ou-csv "$TMP/t/bad.csv" -o "$TMP/kit"
	expect "$label" "$status_want" "gpforge: $TMP/t/bad.csv: $message"
	snapshot >"$TMP/after"
	check "$label: the earlier output is untouched" \
		cmp -s "$TMP/before" "$TMP/after"
}
D='DC=corp,DC=example,DC=com'
refused "unknown column" "ou,colour\n\"OU=A,$D\",red\n" 65 \
	"line 1, column 2 (header): unknown column 'colour' (known: ou, gpo_name, safe_senders_path, senders, intune_group)"
refused "no ou column" "gpo_name\nX\n" 65 "line 1: the header has no 'ou' column"
refused "a column twice" "ou,ou\nA,B\n" 65 "line 1, column 2 (header): column 'ou' appears twice"
refused "a column twice, in two spellings" "ou, OU\nA,B\n" 65 "line 1, column 2 (header): column 'ou' appears twice"
refused "no rows" "ou\n" 65 "no rows after the header"
refused "duplicate OU (case differs)" "ou\n\"OU=A,$D\"\n\"ou=a,dc=CORP,dc=example,dc=com\"\n" 65 \
	"line 3, column 1 (ou): OU ou=a,dc=CORP,dc=example,dc=com is listed twice (first on line 2)"
refused "duplicate OU (non-ASCII case differs)" "ou\n\"OU=Ärzte,$D\"\n\"OU=ärzte,$D\"\n" 65 \
	"line 3, column 1 (ou): OU OU=ärzte,$D is listed twice (first on line 2)"
refused "duplicate GPO name (non-ASCII case differs)" "ou,gpo_name\n\"OU=A,$D\",GPO Café\n\"OU=B,$D\",GPO CAFÉ\n" 65 \
	"line 3, column 2 (gpo_name): GPO name 'GPO CAFÉ' is used twice (first on line 2)"
refused "duplicate GPO name" "ou,gpo_name\n\"OU=A,$D\",Same\n\"OU=B,$D\",same\n" 65 \
	"line 3, column 2 (gpo_name): GPO name 'same' is used twice (first on line 2)"
refused "default names collide" "ou\n\"OU=A,$D\"\n\"OU=A,OU=X,$D\"\n" 65 \
	"line 3, column 1 (ou): GPO name 'Outlook Safe Senders - A' is used twice (first on line 2)"
refused "a DN without DC=" "ou\nOU=Sales\n" 65 \
	"line 2, column 1 (ou): not a distinguished name: it has no DC= part"
refused "a DN without OU=" "ou\n\"CN=x,$D\"\n" 65 \
	"line 2, column 1 (ou): not a distinguished name: it has no OU= part"
refused "a part without =" "ou\n\"OU=A,Sales,$D\"\n" 65 \
	"line 2, column 1 (ou): not a distinguished name: expected '=' after an attribute type"
refused "an unescaped quote" "gpo_name,ou\nX,\"OU=Say \"\"hi\"\",$D\"\n" 65 \
	"line 2, column 2 (ou): not a distinguished name: a value holds an unescaped \", <, > or ;"
refused "a bad escape" "ou\n\"OU=A\\\\q,$D\"\n" 65 \
	'line 2, column 1 (ou): not a distinguished name: a '"'\\'"' escapes a character that needs no escape'
refused "a space before a quoted field" "ou,gpo_name\n \"OU=A,$D\",X\n" 65 \
	'line 2, column 1 (ou): a stray double quote: a quoted field runs from its field'"'"'s first character to its last (RFC 4180)'
refused "text after a closing quote" "ou,gpo_name\n\"OU=A,$D\",\"X\"y\n" 65 \
	'line 2, column 2 (gpo_name): a stray double quote: a quoted field runs from its field'"'"'s first character to its last (RFC 4180)'
refused "an empty OU" "ou,gpo_name\n,X\n" 65 "line 2, column 1 (ou): the OU is empty"
refused "a bad group id" "ou,intune_group\n\"OU=A,$D\",not-a-guid\n" 65 \
	"line 2, column 2 (intune_group): 'not-a-guid' is not a group object id (a GUID)"
refused "too few fields" "ou,gpo_name\n\"OU=A,$D\"\n" 65 \
	"line 2, column 2 (gpo_name): missing: the record has 1 of the header's 2 fields"
refused "too many fields" "gpo_name,ou\nX,\"OU=A,$D\",extra,more\n" 65 \
	"line 2, column 3 (extra): the record has 4 fields where the header has 2"
refused "a missing sender list" "ou,senders\n\"OU=A,$D\",nope.txt\n" 66 \
	"line 2, column 2 (senders): $TMP/t/nope.txt: No such file or directory"
refused "a bad sender in a row's list" "ou,senders\n\"OU=A,$D\",bad.csv\n" 65 \
	"line 2, column 2 (senders): $TMP/t/bad.csv: line 1: 'ou,senders' is not a sender address or domain: the domain may hold only letters, digits, '-' and dots"
refused "a bad path" "ou,safe_senders_path\n\"OU=A,$D\",relative\\\\x.txt\n" 65 \
	'line 2, column 2 (safe_senders_path): safe_senders_path: '"'relative\\x.txt'"' is neither a UNC path (\\server\share\...) nor a drive path (C:\...)'
refused "one group, two lists" "ou,senders,intune_group\n\"OU=A,$D\",,0d8c2f7e-1a2b-4c3d-9e8f-001122334455\n\"OU=B,$D\",east.txt,0d8c2f7e-1a2b-4c3d-9e8f-001122334455\n" 65 \
	"line 3, column 3 (intune_group): Intune group 0d8c2f7e-1a2b-4c3d-9e8f-001122334455 already gets another sender list (line 2); one group's devices hold one list"
refused "an unclosed quote" "ou\n\"OU=A,$D\n" 65 "line 2, column 1 (ou): a quoted field is not closed before the end of the file"
refused "a control character from a DN escape" "ou\n\"OU=A\\\\01b,$D\"\n" 65 \
	"line 2, column 1 (ou): the GPO name holds a control character or invalid UTF-8 (from gpo_name or the OU's escapes)"
refused "a NUL byte from a DN escape" "ou\n\"OU=A\\\\00b,$D\"\n" 65 \
	'line 2, column 1 (ou): not a distinguished name: a value escapes a NUL byte (\00)'
refused "one group in two spellings, two lists" "ou,senders,intune_group\n\"OU=A,$D\",,{0D8C2F7E-1A2B-4C3D-9E8F-001122334455}\n\"OU=B,$D\",east.txt,0d8c2f7e-1a2b-4c3d-9e8f-001122334455\n" 65 \
	"line 3, column 3 (intune_group): Intune group 0d8c2f7e-1a2b-4c3d-9e8f-001122334455 already gets another sender list (line 2); one group's devices hold one list"

# The GPO name's limit is 255 characters, not bytes: "é" is two bytes.
long=$(printf 'é%.0s' $(seq 255))
printf 'ou,gpo_name\n"OU=A,%s",%s\n' "$D" "$long" >"$TMP/t/long.csv"
run build -q --ou-csv "$TMP/t/long.csv" -o "$TMP/long"
expect "a GPO name of 255 two-byte characters" 0 ""
refused "a GPO name of 256 characters" "ou,gpo_name\n\"OU=A,$D\",${long}é\n" 65 \
	"line 2, column 2 (gpo_name): the GPO name is longer than 255 characters"

# Names Windows keeps apart: a character against two (ß and SS), an
# accent as one code point or as a combining one.
printf 'ou,gpo_name\n"OU=A,%s",Straße\n"OU=B,%s",STRASSE\n"OU=C,%s",Café\n"OU=D,%s",Cafe\314\201\n' \
	"$D" "$D" "$D" "$D" >"$TMP/t/apart.csv"
run build -q --ou-csv "$TMP/t/apart.csv" -o "$TMP/apart"
expect "names that differ to Windows" 0 ""
check "are four GPOs" test "$(ls -d "$TMP"/apart/gpo/*/ | wc -l)" = 4

# Lists of the same name in different folders, device names as GPO names.
mkdir -p "$TMP/t/a" "$TMP/t/b"
echo '@a.example.com' >"$TMP/t/a/x.txt"
echo '@b.example.com' >"$TMP/t/b/x.txt"
printf 'ou,gpo_name,senders\n"OU=A,%s",CON,a/x.txt\n"OU=B,%s",CON.x,b/x.txt\n' "$D" "$D" >"$TMP/t/same.csv"
run build -q --ou-csv "$TMP/t/same.csv" -o "$TMP/same"
expect "lists of one name in two folders" 0 ""
check "each list gets its own file" \
	test "$(cat "$TMP/same/SafeSenders-x.txt" "$TMP/same/SafeSenders-x-2.txt" | tr -d '\r' | tr '\n' ' ')" = "@a.example.com @b.example.com "
check "device names are made safe before the extension" \
	test "$(ls "$TMP/same/bundles/ou" | tr '\n' ' ')" = "CON_.x.zip CON_.zip "
printf 'ou,gpo_name\n"OU=A,%s",CONIN$\n"OU=B,%s",conout$.x\n' "$D" "$D" >"$TMP/t/con.csv"
run build -q --ou-csv "$TMP/t/con.csv" -o "$TMP/con"
expect "the console devices as GPO names" 0 ""
check "CONIN\$ and CONOUT\$ are made safe too" \
	test "$(LC_ALL=C ls "$TMP/con/bundles/ou" | tr '\n' ' ')" = 'CONIN$_.zip conout$_.x.zip '

# A '/' in a name and in an OU: the parts of a name-based id stay apart.
printf 'ou,gpo_name\n"OU=C,%s",X/OU=B\n"OU=B/OU=C,%s",X\n' "$D" "$D" >"$TMP/t/slash.csv"
run build -q --deterministic --ou-csv "$TMP/t/slash.csv" -o "$TMP/slash"
expect "a '/' in a GPO name and in an OU" 0 ""
# Python's uuid.uuid5(NAMESPACE_DNS, "gpforge\nKIND\nDOMAIN\nNAME\nOU"):
check "the two GPOs get distinct GUIDs and backup ids, name-based" \
	test "$(grep -o '<\(GPOGuid\|ID\)>[^<]*' "$TMP/slash/gpo/manifest.xml" | tr '\n' ' ')" = \
	"<GPOGuid>{B606FE09-6739-5831-8F76-AFBD2DE57064} <ID>{426FC03C-BFF9-58EB-9331-AAE2725884D4} <GPOGuid>{AD7303DE-E7C3-5B2D-A36A-4906FE18D2F1} <ID>{03949029-6EDD-5EB1-A98D-0E567D069E4A} "

# One list however its relative path is spelt: one file, one group.
G=0d8c2f7e-1a2b-4c3d-9e8f-001122334455
printf 'ou,senders,intune_group\n"OU=A,%s",east.txt,%s\n"OU=B,%s",./east.txt,%s\n"OU=C,%s",.//./east.txt,%s\n' \
	"$D" "$G" "$D" "$G" "$D" "$G" >"$TMP/t/dot.csv"
run build -q --ou-csv "$TMP/t/dot.csv" -o "$TMP/dot"
expect "east.txt, ./east.txt and .//./east.txt" 0 ""
check "are one list" \
	test "$(LC_ALL=C ls "$TMP/dot" | grep SafeSenders | tr '\n' ' ')" = "SafeSenders-east.txt "

# RFC 4180: the spaces of a field without quotes are the field's.
printf 'ou,gpo_name\n"OU=A,%s", Spaced \n' "$D" >"$TMP/t/spaces.csv"
run build -q --ou-csv "$TMP/t/spaces.csv" -o "$TMP/spaces"
expect "a GPO name with spaces around it, unquoted" 0 ""
check "keeps them" grep -q '<DisplayName> Spaced </DisplayName>' "$TMP"/spaces/gpo/*/Backup.xml

# A header's names are matched without their spaces and case.
printf ' OU , GPO_Name\n"OU=A,%s",Headed\n' "$D" >"$TMP/t/header.csv"
run build -q --ou-csv "$TMP/t/header.csv" -o "$TMP/header"
expect "a header with spaces and capitals" 0 ""
check "its columns are read" grep -q '<DisplayName>Headed</DisplayName>' "$TMP"/header/gpo/*/Backup.xml

# A row's own list beside the file --safe-senders-path names.
printf 'ou,senders\n"OU=A,%s",east.txt\n"OU=B,%s",\n' "$D" "$D" >"$TMP/t/beside.csv"
run build -q --safe-senders-path '\\fs01\lists$\SafeSenders.txt' \
	--ou-csv "$TMP/t/beside.csv" -o "$TMP/beside"
expect "rows' own lists with --safe-senders-path" 0 ""
check "the row's own list is read from that folder" \
	grep -qF '\\fs01\lists$\SafeSenders-east.txt' "$TMP/beside/report.html"
check "the other row's from the path given" \
	grep -qF '\\fs01\lists$\SafeSenders.txt' "$TMP/beside/report.html"
check "and none from NETLOGON" sh -c "! grep -q NETLOGON '$TMP/beside/report.html'"

# Zip and list names that differ only in the case of a non-ASCII letter.
mkdir -p "$TMP/t/c" "$TMP/t/d"
echo '@c.example.com' >"$TMP/t/c/Äpfel.txt"
echo '@d.example.com' >"$TMP/t/d/äpfel.txt"
printf 'ou,gpo_name,senders\n"OU=A,%s",Ä/x,c/Äpfel.txt\n"OU=B,%s",ä:x,d/äpfel.txt\n' "$D" "$D" >"$TMP/t/fold.csv"
run build -q --ou-csv "$TMP/t/fold.csv" -o "$TMP/fold"
expect "names that differ in the case of a non-ASCII letter" 0 ""
check "their zips get distinct names" \
	test "$(LC_ALL=C ls "$TMP/fold/bundles/ou" | tr '\n' ' ')" = "Ä_x.zip ä_x-2.zip "
check "their lists get distinct names" \
	test "$(LC_ALL=C ls "$TMP/fold" | grep SafeSenders- | tr '\n' ' ')" = "SafeSenders-Äpfel.txt SafeSenders-äpfel-2.txt "

# An "é" and an "e" with a combining accent: two GPOs to Windows, one
# file name on macOS, so their zips and lists are named composed (NFC)
# and the second gets a -2.
nfc=$(printf 'Caf\303\251') nfd=$(printf 'Cafe\314\201')
echo '@e.example.com' >"$TMP/t/$nfc.txt"
echo '@f.example.com' >"$TMP/t/$nfd.txt"
printf 'ou,gpo_name,senders\n"OU=A,%s",%s,%s.txt\n"OU=B,%s",%s,%s.txt\n' \
	"$D" "$nfc" "$nfc" "$D" "$nfd" "$nfd" >"$TMP/t/nfc.csv"
run build -q --ou-csv "$TMP/t/nfc.csv" -o "$TMP/nfc"
expect "names that differ only in how an accent is written" 0 ""
check "the second one's zip is NAME-2.zip, composed" \
	test "$(LC_ALL=C ls "$TMP/nfc/bundles/ou" | tr '\n' ' ')" = "$nfc-2.zip $nfc.zip "
check "and it holds the second GPO" \
	"$py" -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sys.exit(sys.argv[2].encode() not in z.read("gpo/manifest.xml"))' \
	"$TMP/nfc/bundles/ou/$nfc-2.zip" "$nfd"
check "the second list is SafeSenders-NAME-2.txt, composed" \
	test "$(LC_ALL=C ls "$TMP/nfc" | grep SafeSenders- | tr '\n' ' ')" = "SafeSenders-$nfc-2.txt SafeSenders-$nfc.txt "
check "and holds the second list" \
	grep -q '@f.example.com' "$TMP/nfc/SafeSenders-$nfc-2.txt"

# A worker's failure names the row.  A gpreport.xml skeleton padded
# past the file size limit makes the row's copy fail to be written
# (EFBIG, with SIGXFSZ ignored); all written before it is smaller.
# The limit is 200 blocks: 100 KiB or 200 KiB, as the shell counts.
mkdir -p "$TMP/t/big/gpo"
{
	head -n 1 "$SRCDIR/templates/gpo/gpreport.xml"
	printf '<!--'
	head -c 400000 /dev/zero | tr '\0' x
	printf -- '-->\n'
	tail -n +2 "$SRCDIR/templates/gpo/gpreport.xml"
} >"$TMP/t/big/gpo/gpreport.xml"
printf 'ou,gpo_name\n"OU=A,%s",Big\n' "$D" >"$TMP/t/big.csv"
status=0
(
	trap '' XFSZ
	ulimit -f 200
	exec "$GPFORGE" build -q --deterministic --templates "$TMP/t/big" \
		--ou-csv "$TMP/t/big.csv" -o "$TMP/big"
) >"$TMP/out" 2>"$TMP/err" || status=$?
expect "a row's file that cannot be written" 74 \
	"gpforge: $TMP/t/big.csv: line 2: $TMP/big/gpo/{074DFCB3-1365-58C1-B5D2-96D1206D967E}/gpreport.xml: File too large"
check "leaves nothing written" test ! -e "$TMP/big"

run build -q --ou-csv "$TMP/t/none.csv" -o "$TMP/none"
expect "a missing table" 66 "gpforge: $TMP/t/none.csv: No such file or directory"
finish
