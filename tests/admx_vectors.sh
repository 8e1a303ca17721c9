#!/bin/sh
# The real templates in ../shared/vectors/admx: every file loads, "admx
# list" shows every policy, lint reports only what was checked by hand,
# and the Outlook Safe Senders policies write the values Office defines.
. "${SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"
need_shared
V=$SHARED/vectors/admx
py=/usr/bin/python3

# An independent count of <policy> elements, by Python's own XML parser.
count_policies() {
	"$py" - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
raw = open(sys.argv[1], "rb").read()
text = raw[2:].decode("utf-16-le") if raw[:2] == b"\xff\xfe" else raw.decode("utf-8-sig")
text = text[text.index("?>") + 2:] if text.lstrip().startswith("<?xml") else text
root = ET.fromstring(text)
print(sum(1 for e in root.iter() if e.tag.split("}")[-1] == "policy"))
PY
}

total=0
for admx in "$V"/*.admx; do
	name=$(basename "$admx")
	run admx list "$admx"
	check "$name loads" [ "$status" -eq 0 ]
	want=$(count_policies "$admx")
	got=$(wc -l <"$TMP/out")
	check "$name: admx list shows all $want policies ($got)" \
		[ "$got" -eq "$want" ]
	total=$((total + want))
done
run admx list "$V"
check "the whole folder lists $total policies" \
	test "$status" -eq 0 -a "$(wc -l <"$TMP/out")" -eq "$total"
check "cross-file categories resolve (ControlPanel from Windows.admx)" \
	grep -q '^controlpaneldisplay:CPL_Display_Disable	User	.*	ControlPanel~Display	' "$TMP/out"

# Checked by hand: inetres.admx's three InternetCPL_General_* categories
# name a parent, InternetCPL_General, that the file never defines.
run admx lint "$V"
cat >"$TMP/want" <<TXT
$V/inetres.admx:316: category InternetCPL_General_Appearance: parent category InternetCPL_General is not defined
$V/inetres.admx:319: category InternetCPL_General_Search: parent category InternetCPL_General is not defined
$V/inetres.admx:322: category InternetCPL_General_Tabs: parent category InternetCPL_General is not defined
TXT
check "lint of the real folder: exit 1" [ "$status" -eq 1 ]
check "lint of the real folder: only the three real findings" \
	cmp -s "$TMP/out" "$TMP/want"
run admx lint --intune "$V"
check "--intune: Office keys pass" sh -c "! grep -q 'office.16.0' '$TMP/out'"
check "--intune: prefixed parents are refused" \
	grep -q "chrome.admx:17: category googlechrome: Intune rejects the prefixed parent category Google:Cat_Google" "$TMP/out"

# The three Outlook policies gpforge deploys, as reference/admx.md lists
# their registry values.
M='software\policies\microsoft\office\16.0\outlook\options\mail'
for state in enabled disabled; do
	{
		echo "[outlk16:L_SpecifypathtoSafeSenderslist]"
		echo "state = $state"
		[ $state = enabled ] && printf '%s\n' 'L_SpecifyfullpathandfilenametoSafeSenderslist = \\corp.example.com\NETLOGON\SafeSenders.txt'
		echo "[outlk16:L_JunkMailImportList]"
		echo "state = $state"
		echo "[outlk16:L_PermitdownloadofcontentfromSafeSenderandRecipientlists]"
		echo "state = $state"
	} >"$TMP/outlook-$state.ini"
	run admx apply "$V" --settings "$TMP/outlook-$state.ini" -o "$TMP/outlook-$state"
	check "outlk16 $state: apply exits 0" [ "$status" -eq 0 ]
	check "outlk16 $state: no Machine policy" [ ! -e "$TMP/outlook-$state/Machine" ]
done
{
	printf 'User\n%s\njunkmailsafesendersfile\n%s\n\n' "$M" 'SZ:\\corp.example.com\NETLOGON\SafeSenders.txt'
	printf 'User\n%s\njunkmailimportlists\nDWORD:1\n\n' "$M"
	printf 'User\n%s\nunblockspecificsenders\nDWORD:1\n\n' "$M"
	echo '; PARSING COMPLETED.'
} >"$TMP/want-enabled"
{
	printf 'User\n%s\njunkmailsafesendersfile\nDELETE\n\n' "$M"
	printf 'User\n%s\njunkmailimportlists\nDWORD:0\n\n' "$M"
	printf 'User\n%s\nunblockspecificsenders\nDWORD:0\n\n' "$M"
	echo '; PARSING COMPLETED.'
} >"$TMP/want-disabled"
for state in enabled disabled; do
	run pol dump "$TMP/outlook-$state/User/registry.pol"
	tail -n +4 "$TMP/out" >"$TMP/got"
	check "outlk16 $state: exactly the reference's registry values" \
		cmp -s "$TMP/got" "$TMP/want-$state"
	if "$py" -c 'import samba.dcerpc.preg' 2>/dev/null; then
		"$py" "$SRCDIR/tests/samba_lgpo.py" User \
			"$TMP/outlook-$state/User/registry.pol" >"$TMP/samba"
		check "outlk16 $state: Samba reads the same values" \
			cmp -s "$TMP/samba" "$TMP/want-$state"
	fi
done
finish
