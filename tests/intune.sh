#!/bin/sh
# "gpforge intune": profile.json, assign.json, oma-uri.csv and
# admx-upload.json, checked by an independent reader (intune_check.py),
# every element type's <data> value against hand-written expectations,
# and the refusals.
. "${SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"
py=/usr/bin/python3
T=$SRCDIR/templates/admx
COV=$SRCDIR/tests/admx/coverage
GROUP=0D8C2F7E-1A2B-4C3D-9E8F-001122334455
nl='
'

# The value of the row whose OMA-URI ends in $2, from profile.json $1.
row_value() {
	"$py" -c 'import json, sys
rows = json.load(open(sys.argv[1]))["omaSettings"]
print("\n".join(r["value"] for r in rows if r["omaUri"].endswith(sys.argv[2])))' "$1" "$2"
}

# --- the Outlook template ---------------------------------------------------
cat >"$TMP/outlook.ini" <<'INI'
[gpforge:SafeSendersList]
state = enabled
SafeSendersListPath = C:\ProgramData\Safe "Senders" & <co>\SafeSenders.txt
[gpforge:ImportJunkMailLists]
state = enabled
[gpforge:SafeListPictureDownload]
state = disabled
INI
run intune "$T" --settings "$TMP/outlook.ini" --group "$GROUP" -o "$TMP/o"
expect "intune on the Outlook template" 0 ""
check "the independent reader accepts it" \
	"$py" "$SRCDIR/tests/intune_check.py" "$TMP/o" "$T" "$GROUP"
check "files: profile, assign, csv, upload" \
	test "$(ls "$TMP/o" | tr '\n' ' ')" = "admx-upload.json assign.json oma-uri.csv profile.json "
check "text value with quotes, & and < escaped" \
	test "$(row_value "$TMP/o/profile.json" /SafeSendersList)" = '<enabled/><data id="SafeSendersListPath" value="C:\ProgramData\Safe &quot;Senders&quot; &amp; &lt;co&gt;\SafeSenders.txt"/>'
check "an enabled policy without elements" \
	test "$(row_value "$TMP/o/profile.json" /ImportJunkMailLists)" = '<enabled/>'
check "a disabled policy" \
	test "$(row_value "$TMP/o/profile.json" /SafeListPictureDownload)" = '<disabled/>'
check "the ingestion row names the app and a hashed FileUid" \
	grep -Eq '"omaUri": "./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/gpforge/Policy/gpforge_outlook_[0-9a-f]{8}"' "$TMP/o/profile.json"

# A changed template gets a new FileUid.
mkdir -p "$TMP/t2/en-US"
sed 's/revision="1.0" schemaVersion/revision="1.1" schemaVersion/' "$T/gpforge-outlook.admx" >"$TMP/t2/gpforge-outlook.admx"
cp "$T/en-US/gpforge-outlook.adml" "$TMP/t2/en-US/"
run intune "$TMP/t2" --settings "$TMP/outlook.ini" -o "$TMP/o2"
uid1=$(grep -o 'gpforge_outlook_[0-9a-f]*' "$TMP/o/profile.json" | head -1)
uid2=$(grep -o 'gpforge_outlook_[0-9a-f]*' "$TMP/o2/profile.json" | head -1)
check "a changed ADMX is ingested under a new FileUid ($uid1, $uid2)" \
	test -n "$uid1" -a -n "$uid2" -a "$uid1" != "$uid2"
check "no assign.json without --group" test ! -e "$TMP/o2/assign.json"
run intune "$T" --settings "$TMP/outlook.ini" --app-name Outlook_SafeSenders --name 'My profile' -o "$TMP/o3"
check "--app-name goes into every OMA-URI" \
	test "$(grep -c 'Outlook_SafeSenders' "$TMP/o3/profile.json")" -eq 4
check "--name is the displayName" grep -q '"displayName": "My profile"' "$TMP/o3/profile.json"

# --- every element type -------------------------------------------------------
run intune "$COV" --settings "$COV/enabled.ini" -o "$TMP/c"
expect "intune on the coverage fixture" 0 ""
check "the independent reader accepts the fixture's profile" \
	"$py" "$SRCDIR/tests/intune_check.py" "$TMP/c" "$COV"
v() { row_value "$TMP/c/profile.json" "$1"; }
check "policy values only: <enabled/>" test "$(v /P_Values)" = '<enabled/>'
check "decimal, storeAsText, soft, longDecimal as numbers" \
	test "$(v /P_Numbers)" = '<enabled/><data id="Dec" value="15"/><data id="DecText" value="4294967295"/><data id="DecSoft" value="3"/><data id="Long" value="18446744073709551615"/><data id="LongText" value="99999999999"/>'
check "text, expandable, multiText joined by U+F000" \
	test "$(v /P_Texts)" = '<enabled/><data id="Plain" value="caf&#xE9;"/><data id="Exp" value="%APPDATA%\x"/><data id="SoftText" value="soft"/><data id="Multi" value="one&#xF000;two&#xF000;three"/>'
check "enum by registry value, booleans true/false (B1 by default)" \
	test "$(v /P_Choice)" = '<enabled/><data id="E" value="1"/><data id="B1" value="true"/><data id="B2" value="true"/><data id="B3" value="false"/>'
check "lists joined by U+F000, explicitValue as name/value pairs" \
	test "$(v /P_Lists)" = '<enabled/><data id="Plain" value="alpha&#xF000;beta"/><data id="Numbered" value="first&#xF000;second"/><data id="Prefixed" value="%TEMP%\a"/><data id="Explicit" value="name1&#xF000;value1&#xF000;name2&#xF000;a=b"/><data id="NoKey" value="x"/>'
check "Both with class = user is a ./User row" \
	grep -q '"omaUri": "./User/Vendor/MSFT/Policy/Config/cov~Policy~Cat_Root/P_Texts"' "$TMP/c/profile.json"
check "Machine is a ./Device row" \
	grep -q '"omaUri": "./Device/Vendor/MSFT/Policy/Config/cov~Policy~Cat_Root/P_Lists"' "$TMP/c/profile.json"
printf '[cov:P_Choice]\nstate = enabled\nE = Item_High\nB1 = false\n' >"$TMP/enum.ini"
run intune "$COV" --settings "$TMP/enum.ini" -o "$TMP/e"
check "an enum item with a string value is selected by that string" \
	test "$(row_value "$TMP/e/profile.json" /P_Choice)" = '<enabled/><data id="E" value="high"/><data id="B1" value="false"/><data id="B2" value="false"/><data id="B3" value="false"/>'
printf '[cov:P_Choice]\nstate = enabled\nE = 3\n' >"$TMP/huge.ini"
run intune "$COV" --settings "$TMP/huge.ini" -o "$TMP/h"
check "a longDecimal enum item by its number" \
	grep -q 'data id=\\"E\\" value=\\"5000000000\\"' "$TMP/h/profile.json"
printf '[cov:P_Choice]\nstate = enabled\nE = Item_Off\n' >"$TMP/off.ini"
run intune "$COV" --settings "$TMP/off.ini" -o "$TMP/off"
expect "an enum item that deletes its value cannot be selected" 65 "gpforge: $COV/coverage.admx: policy P_Choice: enum E item 2 deletes its value, which Intune cannot select"

# --- the CSV keeps formulas from running ------------------------------------
printf '[gpforge:SafeSendersList]\nstate = enabled\nSafeSendersListPath = =HYPERLINK("x")\n' >"$TMP/formula.ini"
run intune "$T" --settings "$TMP/formula.ini" -o "$TMP/f"
check "a cell starting with = gets an apostrophe" \
	grep -q "^\"Specify path to Safe Senders list\",\"gpforge:SafeSendersList, enabled\",\"./User/[^\"]*\",\"String\",\"<enabled/><data id=\"\"SafeSendersListPath\"\" value=\"\"=HYPERLINK" "$TMP/f/oma-uri.csv"
check "the CSV still reads back (apostrophes only before = + - @)" \
	"$py" "$SRCDIR/tests/intune_check.py" "$TMP/f" "$T"
"$py" - "$TMP/csvprobe.csv" <<'PY'
import sys
open(sys.argv[1], "w").write("")
PY

# A rerun without --group takes back the earlier assignment.
run intune "$T" --settings "$TMP/outlook.ini" --group "$GROUP" -o "$TMP/re"
run intune "$T" --settings "$TMP/outlook.ini" -o "$TMP/re"
check "a rerun without --group removes assign.json" test ! -e "$TMP/re/assign.json"

# --- refusals --------------------------------------------------------------
printf '[blk:WindowsThing]\nstate = enabled\n' >"$TMP/blocked.ini"
run intune "$SRCDIR/tests/intune" --settings "$TMP/blocked.ini" -o "$TMP/b"
expect "a key Intune refuses names the policy and the rule" 65 "gpforge: $SRCDIR/tests/intune/blocked.admx:18: policy WindowsThing: Intune does not ingest policies writing under Software\\Policies\\Microsoft\\Windows\\Thing (Intune's ADMX ingestion would reject this template)"
check "nothing is written for a refused template" test ! -e "$TMP/b"
run intune "$T" --settings "$TMP/outlook.ini" --group not-a-guid -o "$TMP/g"
expect "--group must be a GUID" 64 "gpforge intune: --group 'not-a-guid' is not a group object id (a GUID)${nl}Try 'gpforge intune --help'."
run intune "$T" --settings "$TMP/outlook.ini" --app-name 'bad name' -o "$TMP/g"
expect "--app-name letters, digits and _" 64 "gpforge: --app-name 'bad name': use letters, digits and '_' only"
run intune "$T" -o "$TMP/g"
expect "--settings is required" 64 "gpforge intune: --settings FILE and -o DIR are required${nl}Try 'gpforge intune --help'."
finish
