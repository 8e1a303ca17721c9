#!/bin/sh
# "gpforge admx lint": every check, each on a small template with the
# defect at a known line, with and without --intune.
. "${SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"
B=$SRCDIR/tests/admx/broken
L=$B/en-US

# lint ARGS...: runs "gpforge admx lint ARGS" and starts a fresh list of
# the findings the run must print.
lint() {
	: >"$TMP/want"
	run admx lint "$@"
}

# finding LABEL LINE: LINE is one of the lines the last lint printed.
finding() {
	printf '%s\n' "$2" >>"$TMP/want"
	check "$1" grep -Fxq -e "$2" "$TMP/out"
}

# only LABEL STATUS: the last lint exited with STATUS and printed the
# findings listed since it ran, in that order, nothing else, and nothing
# on standard error.
only() {
	if [ "$status" -eq "$2" ] && cmp -s "$TMP/want" "$TMP/out" &&
		[ ! -s "$TMP/err" ]; then
		ok "$1"
	else
		not_ok "$1: status $status (want $2)"
		diff "$TMP/want" "$TMP/out" | sed 's/^/     /'
		sed 's/^/     stderr: /' "$TMP/err"
	fi
}

# --- a clean template --------------------------------------------------
lint "$B/clean.admx"
only "clean: exit 0, no output" 0
lint --intune "$B/clean.admx"
only "clean --intune: exit 0, no output" 0
lint --lang de-DE "$B/clean.admx"
only "clean --lang de-DE falls back to en-US: exit 0" 0
lint "$B/base.admx"
only "base: exit 0, no output" 0

# --- strings and presentations the ADML lacks ------------------------------
lint "$B/strings.admx"
finding "category display name not in the ADML" "$B/strings.admx:8: display name \$(string.Missing_Cat) is not in $L/strings.adml"
finding "category explain text not in the ADML" "$B/strings.admx:8: explain text \$(string.Missing_CatHelp) is not in $L/strings.adml"
finding "policy display name not in the ADML" "$B/strings.admx:11: display name \$(string.Missing_Policy) is not in $L/strings.adml"
finding "policy explain text not in the ADML" "$B/strings.admx:11: explain text \$(string.Missing_Help) is not in $L/strings.adml"
finding "enum item display name not in the ADML" "$B/strings.admx:19: enum item \$(string.Choice_Missing) is not in $L/strings.adml"
finding "presentation not in the ADML" "$B/strings.admx:23: policy NoPres: presentation \$(presentation.Missing_Pres) is not in $L/strings.adml"
only "strings: exit 1, these findings only (literal text is no reference)" 1

# --- presentations that do not match their policies -------------------------
lint "$B/presentation.admx"
finding "elements but no presentation" "$B/presentation.admx:8: policy NoPresentation has elements but no presentation to show them"
finding "control refId matching no element" "$L/presentation.adml:15: presentation Mismatch: textBox refId Typo matches no element of policy Mismatch"
finding "element shown by no control" "$B/presentation.admx:16: policy Mismatch: element Hidden is shown by no control of presentation Mismatch"
only "presentation: exit 1, these findings only (empty presentation is fine)" 1

# --- names defined more than once ----------------------------------------------
# A name defined three times is two extra definitions: one finding each,
# each naming the first.
lint "$B/duplicates.admx"
finding "duplicate category" "$B/duplicates.admx:9: category Twice is defined twice (first on line 8)"
finding "category thrice: second copy" "$B/duplicates.admx:11: category Thrice is defined twice (first on line 10)"
finding "category thrice: third copy" "$B/duplicates.admx:12: category Thrice is defined twice (first on line 10)"
finding "duplicate policy" "$B/duplicates.admx:16: policy Again is defined twice (first on line 15)"
finding "policy thrice: third copy" "$B/duplicates.admx:17: policy Again is defined twice (first on line 15)"
finding "duplicate element id" "$B/duplicates.admx:21: policy SameId: element id N is used twice"
finding "element id thrice: second copy" "$B/duplicates.admx:23: policy SameId: element id M is used twice"
finding "element id thrice: third copy" "$B/duplicates.admx:24: policy SameId: element id M is used twice"
only "duplicates: exit 1, one finding per extra definition" 1

# --- parent categories and supportedOn -------------------------------------------
lint "$B/categories.admx"
finding "unknown parent category" "$B/categories.admx:13: category Orphan: parent category NoSuchCategory is not defined"
finding "unknown parent under the file's own prefix" "$B/categories.admx:16: category SelfPrefixed: parent category cats:AlsoMissing is not defined"
finding "parent prefix no <using> declares" "$B/categories.admx:19: category Undeclared: parent category nope:Root uses a prefix that no <using> declares"
finding "loop: first category" "$B/categories.admx:22: category LoopA: parent categories form a loop"
finding "loop: second category" "$B/categories.admx:25: category LoopB: parent categories form a loop"
finding "category its own parent" "$B/categories.admx:28: category Self: parent categories form a loop"
finding "policy in an unknown category" "$B/categories.admx:33: policy Lost: parent category Nowhere is not defined"
finding "unknown supportedOn" "$B/categories.admx:33: policy Lost: supportedOn SUPPORTED_Nope is not defined"
finding "policy category prefix no <using> declares" "$B/categories.admx:37: policy Stray: parent category other:Cat uses a prefix that no <using> declares"
finding "supportedOn prefix no <using> declares" "$B/categories.admx:37: policy Stray: supportedOn other:SUPPORTED_Test uses a prefix that no <using> declares"
only "categories: exit 1, these findings only" 1

# --- element limits --------------------------------------------------------------
lint "$B/elements.admx"
finding "enum without items" "$B/elements.admx:10: policy Empty: enum Nothing has no items"
finding "decimal default above maxValue" "$L/elements.adml:14: element High: default 11 is outside 1..10"
finding "decimal default below minValue" "$L/elements.adml:15: element Low: default 4 is outside 5..10"
finding "minValue above maxValue" "$B/elements.admx:17: element Inverted: minValue 20 is above maxValue 10"
finding "longDecimal default above maxValue" "$L/elements.adml:17: element Huge: default 5000000001 is outside 0..5000000000"
finding "default above the schema's maxValue 9999" "$L/elements.adml:19: element Schema: default 10000 is outside 0..9999"
only "elements: exit 1, these findings only (defaults at a limit are fine)" 1

# --- namespaces ---------------------------------------------------------------------
lint "$B/usings.admx"
finding "using a namespace no loaded file defines" "$B/usings.admx:5: using prefix base: no loaded file defines namespace Gpforge.Test.Base"
finding "a second such using" "$B/usings.admx:6: using prefix gone: no loaded file defines namespace Gpforge.Test.Gone"
only "usings alone: references through them are not reported again" 1

# Loaded together with the file that defines Gpforge.Test.Base, its
# categories resolve and a name it lacks is reported.
mkdir "$TMP/pair" "$TMP/pair/en-US"
cp "$B/base.admx" "$B/usings.admx" "$TMP/pair/"
cp "$L/base.adml" "$L/usings.adml" "$TMP/pair/en-US/"
lint "$TMP/pair"
finding "pair: using still unresolved" "$TMP/pair/usings.admx:6: using prefix gone: no loaded file defines namespace Gpforge.Test.Gone"
finding "pair: category the other file lacks" "$TMP/pair/usings.admx:15: policy Uses: parent category base:NoSuchCat is not defined"
only "pair: exit 1, these findings only" 1

# --- no ADML ---------------------------------------------------------------------------
# Without an ADML nothing that needs one is reported.
lint "$B/noadml.admx"
finding "ADMX with no ADML" "$B/noadml.admx:1: no en-US ADML found for this file; names and presentations are unchecked"
only "noadml: exit 1, that finding only" 1
lint --lang de-DE "$B/noadml.admx"
finding "no ADML in the asked language nor en-US" "$B/noadml.admx:1: no de-DE ADML found for this file; names and presentations are unchecked"
only "noadml --lang de-DE: exit 1, that finding only" 1

# --- Intune ----------------------------------------------------------------------------
lint "$B/intune.admx"
only "intune without --intune: exit 0, no output" 0
lint --intune "$B/intune.admx"
finding "category name with '/'" "$B/intune.admx:9: category Bad/Cat: Intune cannot carry the character '/' in a category name"
finding "category with a prefixed parent" "$B/intune.admx:12: category Under: Intune rejects the prefixed parent category intune:Top"
finding "blocked policy key" "$B/intune.admx:17: policy Blocked: Intune does not ingest policies writing under Software\\Policies\\Microsoft\\Windows\\X"
finding "policy with a prefixed parent" "$B/intune.admx:23: policy Prefixed: Intune rejects the prefixed parent category intune:Top"
finding "policy name with a space" "$B/intune.admx:26: policy Has Space: Intune cannot carry the character ' ' in a policy name"
finding "blocked enabledList item key, any case" "$B/intune.admx:32: policy Deep: Intune does not ingest policies writing under SYSTEM\\CurrentControlSet\\X"
finding "blocked element key" "$B/intune.admx:35: policy Deep: Intune does not ingest policies writing under Software\\Microsoft\\Windows\\Y"
finding "blocked disabledList defaultKey, the bare key" "$B/intune.admx:39: policy Lists: Intune does not ingest policies writing under Software\\Microsoft"
finding "blocked trueList item key" "$B/intune.admx:47: policy Lists: Intune does not ingest policies writing under System\\Check"
finding "blocked valueList defaultKey beside Office" "$B/intune.admx:39: policy Lists: Intune does not ingest policies writing under Software\\Policies\\Microsoft\\OfficeX"
only "intune: exit 1, these only (Office and Edge keys, '-' and '.' pass)" 1
check "the Office key is not reported" [ "$(grep -ci 'office\\16' "$TMP/out")" -eq 0 ]

# --- what cannot be linted at all --------------------------------------------------
run admx lint
expect "lint without a path" 64 "gpforge admx lint: expected one PATH
Try 'gpforge admx lint --help'."
run admx lint "$TMP/missing.admx"
expect "missing template" 66 "gpforge: $TMP/missing.admx: No such file or directory"
mkdir "$TMP/empty"
run admx lint "$TMP/empty"
expect "folder without templates" 66 "gpforge: $TMP/empty: no .admx files in this folder"
sed 's/class="User"/class="Everyone"/' "$B/usings.admx" >"$TMP/class.admx"
run admx lint "$TMP/class.admx"
expect "a class the schema lacks" 65 "gpforge: $TMP/class.admx: line 15: class must be User, Machine or Both, not Everyone"
sed 's/maxValue="10"/maxValue="ten"/' "$B/elements.admx" >"$TMP/max.admx"
run admx lint "$TMP/max.admx"
expect "a maxValue that is no number" 65 "gpforge: $TMP/max.admx: line 15: maxValue 'ten' is not an unsigned 32-bit number"

finish
