#!/bin/sh
# "gpforge admx" on the project's own fixtures: list and show output,
# apply of every element type against hand-checked registry writes (read
# back by gpforge and by Samba), the loader's tolerance of real-world
# oddities, and its refusals.
. "${SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"
COV=$SRCDIR/tests/admx/coverage
LOADER=$SRCDIR/tests/admx/loader
BAD=$SRCDIR/tests/admx/bad
py=/usr/bin/python3
tab=$(printf '\t')
nl='
'

# --- list and show ---------------------------------------------------------
run admx list "$COV"
cat >"$TMP/want" <<TXT
cov:P_Values${tab}Machine${tab}Software\Policies\gpforge\Cov${tab}Flag${tab}Cat_Root~Cat_Sub${tab}Policy values and lists
cov:P_Numbers${tab}User${tab}Software\Policies\gpforge\Cov${tab}${tab}Cat_Root~Cat_Sub${tab}Numbers
cov:P_Texts${tab}Both${tab}Software\Policies\gpforge\Texts${tab}${tab}Cat_Root${tab}Texts
cov:P_Choice${tab}User${tab}Software\Policies\gpforge\Choice${tab}On${tab}Cat_Root${tab}Choices
cov:P_Lists${tab}Machine${tab}Software\Policies\gpforge\Lists${tab}${tab}Cat_Root${tab}Lists
TXT
check "list: one tab-separated line per policy" cmp -s "$TMP/out" "$TMP/want"
run admx list --lang de-DE "$COV"
check "--lang falls back to en-US" cmp -s "$TMP/out" "$TMP/want"
run admx lint "$COV"
expect "the coverage fixture is lint-clean" 0 ""

run admx show "$COV" P_Choice
cat >"$TMP/want" <<'TXT'
Policy:       cov:P_Choice
Display name: Choices
Class:        User
Key:          Software\Policies\gpforge\Choice
Value name:   On
Category:     Cat_Root
Supported on: Any Windows version
Explanation:
enum and boolean with every attribute.

Elements:
    enum E -> Level
        0 = Low: 1
        1 = High: "high"
        2 = Off: delete
        3 = Huge: 5000000000 (64-bit)
        label: Level:
    boolean B1 -> B1, true (default), false (default)
        label: Plain check box
    boolean B2 -> B2, true 7, false 0
        label: With values and lists
    boolean B3 -> B3, true (default), false "no"
        label: Only a false value
Enabled writes:
    HKCU\Software\Policies\gpforge\Choice\On = REG_DWORD 1
    HKCU\Software\Policies\gpforge\Choice\Level = REG_DWORD <E>
    HKCU\Software\Policies\gpforge\Choice\B1 = REG_DWORD 1
    HKCU\Software\Policies\gpforge\Choice\B2 = REG_DWORD 7
    HKCU\Software\Policies\gpforge\Choice\T = REG_SZ t
    HKCU\Software\Policies\gpforge\Bool\B3 = REG_DWORD 1
Disabled writes:
    HKCU\Software\Policies\gpforge\Choice\On = delete value
    HKCU\Software\Policies\gpforge\Choice\Level = delete value
    HKCU\Software\Policies\gpforge\Choice\B1 = delete value
    HKCU\Software\Policies\gpforge\Choice\B2 = REG_DWORD 0
    HKCU\Software\Policies\gpforge\Choice\F = REG_SZ f
    HKCU\Software\Policies\gpforge\Bool\B3 = REG_SZ no
TXT
check "show: names, limits, labels and both states' writes" \
	cmp -s "$TMP/out" "$TMP/want"
run admx show "$COV" cov:P_Nothing
expect "show of an unknown policy" 65 "gpforge: no policy named 'cov:P_Nothing' in the loaded templates"

# --- apply: every element type, Enabled and Disabled -------------------------
for state in enabled disabled; do
	run admx apply "$COV" --settings "$COV/$state.ini" -o "$TMP/$state"
	expect "apply $state" 0 ""
	for class in User Machine; do
		pol=$TMP/$state/$class/registry.pol
		run pol dump "$pol"
		tail -n +4 "$TMP/out" >"$TMP/got"
		check "$state $class: registry writes as checked by hand" \
			cmp -s "$TMP/got" "$COV/$state-$class.txt"
		if "$py" -c 'import samba.dcerpc.preg' 2>/dev/null; then
			config=Computer
			[ $class = User ] && config=User
			"$py" "$SRCDIR/tests/samba_lgpo.py" $config "$pol" \
				>"$TMP/samba"
			check "$state $class: Samba reads the same writes" \
				cmp -s "$TMP/samba" "$COV/$state-$class.txt"
		fi
	done
done

# A file only for a class with entries; a stale one is removed.
printf '[cov:P_Values]\nstate = enabled\n' >"$TMP/machine-only.ini"
run admx apply "$COV" --settings "$TMP/machine-only.ini" -o "$TMP/enabled"
check "apply: Machine written" [ -s "$TMP/enabled/Machine/registry.pol" ]
check "apply: no User entries, so no User file" \
	[ ! -e "$TMP/enabled/User/registry.pol" ]

# --- the loader's tolerance ------------------------------------------------
run admx list "$LOADER"
cat >"$TMP/want" <<TXT
msns:OnOff${tab}Machine${tab}Software\Policies\gpforge\MsNs${tab}OnOff${tab}${tab}On or off
uni:Max-Unsigned${tab}Machine${tab}Software\Policies\gpforge\Uni${tab}Max${tab}Cat-Uni${tab}Largest unsigned value
uni:Shared-A${tab}User${tab}Software\Policies\gpforge\Uni${tab}${tab}Cat-Uni${tab}First user of a shared presentation
uni:Shared-B${tab}User${tab}Software\Policies\gpforge\Uni${tab}${tab}Cat-Uni${tab}Second user of a shared presentation
TXT
check "UTF-16 'unicode', no namespace, www namespace, '-' in names, ADML name case" \
	cmp -s "$TMP/out" "$TMP/want"
run admx lint "$LOADER"
expect "shared and empty presentations are lint-clean" 0 ""
printf '[uni:Max-Unsigned]\nstate = enabled\n' >"$TMP/max.ini"
run admx apply "$LOADER" --settings "$TMP/max.ini" -o "$TMP/max"
run pol dump --json "$TMP/max/Machine/registry.pol"
check "an unsigned 32-bit value above 2^31 is kept" \
	grep -q '"value":"Max","type":"REG_DWORD","size":4,"action":"DWORD","data":4294967295' "$TMP/out"
run admx show "$LOADER" Shared-B
check "a shared presentation labels each policy's element" \
	grep -q '^        label: Name:$' "$TMP/out"

# --- refusals ------------------------------------------------------------
run admx list "$BAD/dtd.admx"
expect "a DTD is refused" 65 "gpforge: $BAD/dtd.admx: line 2: a DTD is not allowed in an administrative template"
run admx list "$BAD/unclosed.admx"
expect "malformed XML names the line" 65 "gpforge: $BAD/unclosed.admx: line 5: Opening and ending tag mismatch: policy line 4 and policyDefinitions"
run admx list "$BAD/wrongroot.admx"
expect "not a policyDefinitions file" 65 "gpforge: $BAD/wrongroot.admx: line 2: expected <policyDefinitions>, found policyDefinitionResources"
run admx list "$BAD/badnumber.admx"
expect "a decimal over 32 bits" 65 "gpforge: $BAD/badnumber.admx: line 6: value '4294967296' is not an unsigned 32-bit number"
run admx list "$BAD/badclass.admx"
expect "an unknown class" 65 "gpforge: $BAD/badclass.admx: line 5: class must be User, Machine or Both, not Computer"
printf '%s\n' '<policyDefinitions>' \
	'<policyNamespaces><target prefix="t" namespace="T"/></policyNamespaces>' \
	'<policies><policy name="P" class="User" key="K" valueName="V">' \
	'<parentCategory ref="A"/>' '<parentCategory ref="B"/>' \
	'</policy></policies></policyDefinitions>' >"$TMP/twice.admx"
run admx list "$TMP/twice.admx"
expect "a second parentCategory" 65 "gpforge: $TMP/twice.admx: line 5: <parentCategory> appears twice in <policy>"
sed 's|<parentCategory ref="A"/>|<enabledValue><string>a</string></enabledValue>|; s|<parentCategory ref="B"/>|<enabledValue><delete/></enabledValue>|' \
	"$TMP/twice.admx" >"$TMP/twice2.admx"
run admx list "$TMP/twice2.admx"
expect "a second enabledValue" 65 "gpforge: $TMP/twice2.admx: line 5: <enabledValue> appears twice in <policy>"
printf '%s\n' '<policyDefinitions><policyNamespaces>' '<target namespace="A"/>' \
	'<target prefix="p" namespace="B"/>' \
	'</policyNamespaces></policyDefinitions>' >"$TMP/targets.admx"
run admx list "$TMP/targets.admx"
expect "the first target counts" 65 "gpforge: $TMP/targets.admx: line 1: <policyNamespaces> needs a <target> with a prefix and a namespace"
: >"$TMP/empty.admx"
run admx list "$TMP/empty.admx"
expect "an empty file" 65 "gpforge: $TMP/empty.admx: line 1: Document is empty"
run admx list "$TMP/none.admx"
expect "a missing file" 66 "gpforge: $TMP/none.admx: No such file or directory"
mkdir "$TMP/empty"
run admx list "$TMP/empty"
expect "a folder without templates" 66 "gpforge: $TMP/empty: no .admx files in this folder"

# --- usage ------------------------------------------------------------------
run admx
expect "admx alone" 64 "gpforge admx: expected list, show, lint or apply${nl}Try 'gpforge admx --help'."
run admx list
expect "list without PATH" 64 "gpforge admx list: expected one PATH${nl}Try 'gpforge admx list --help'."
run admx show "$COV"
expect "show without POLICY" 64 "gpforge admx show: expected PATH and POLICY${nl}Try 'gpforge admx show --help'."
run admx apply "$COV" -o "$TMP/x"
expect "apply without --settings" 64 "gpforge admx apply: --settings FILE and -o DIR are required${nl}Try 'gpforge admx apply --help'."
run admx --help
check "admx --help" grep -q '^Usage: gpforge admx list' "$TMP/out"
finish
