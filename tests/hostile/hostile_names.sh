#!/bin/sh
# Hostile GPO names and OUs: quotes of every kind, $(...), backticks,
# ; and |, ..\ and /, Windows device names with and without extensions,
# line breaks, escape sequences and invisible characters.  Names that
# are taken come back whole from every script and file that holds them
# (Import-GPOs.ps1 read by tests/ps_decode.py, manifest.xml by Python's
# XML parser) and never become a path outside the output; names that
# cannot be shown safely are refused, naming the option or the line.
# shellcheck source=tests/lib.sh disable=SC1091
. "${SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
# shellcheck source=tests/hostile/hostile.sh disable=SC1091
. "$SRCDIR/tests/hostile/hostile.sh"
H=$TMP/in
D='DC=corp,DC=example,DC=com'
mkdir -p "$H"
good_kit

# names_check KIT TABLE: every (gpo_name, ou) row of the CSV TABLE is a
# GPO of KIT: in manifest.xml by name, and in Import-GPOs.ps1 as the
# literals name, {backup id}, OU one after another.
names_check() {
	"$PY" "$SRCDIR/tests/ps_decode.py" "$1/gpo/Import-GPOs.ps1" \
		>"$TMP/literals" || return 1
	"$PY" - "$1" "$2" "$TMP/literals" <<'EOF'
import csv, json, re, sys
import xml.etree.ElementTree as ET
kit, table, literals = sys.argv[1:4]
lits = [json.loads(l) for l in open(literals, encoding="utf-8")]
names = set()
for e in ET.parse(kit + "/gpo/manifest.xml").iter():
    if e.tag.endswith("GPODisplayName"):
        names.add(e.text)
guid = re.compile(r"\{[0-9A-F-]{36}\}\Z")
bad = 0
with open(table, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        name, ou = row["gpo_name"], row["ou"]
        hits = [i for i in range(len(lits) - 2) if lits[i] == name and
                guid.match(lits[i + 1]) and lits[i + 2] == ou]
        if len(hits) != 1 or lits.count(name) != 1 or name not in names:
            print("not once, whole, with its OU: %r" % name)
            bad += 1
sys.exit(1 if bad else 0)
EOF
}

# --- one GPO, named with --gpo-name ------------------------------------------
NAME="O'Brien$(printf '\342\200\231')s \"GPO\" \$(Stop-Computer) \`whoami\`; rm -rf / | x @' '@ <# #> \${env:x}"
OUT=$H/one
accepted "--gpo-name with quotes, \$(...), a backtick, ; and |" \
	build -q --deterministic --domain ad.contoso.com -o "$OUT" \
	--gpo-name "$NAME"
"$PY" "$SRCDIR/tests/ps_decode.py" "$OUT/gpo/Import-GPOs.ps1" >"$TMP/lits"
check "... Import-GPOs.ps1 holds the name whole, once" \
	[ "$("$PY" -c 'import json, sys; l = [json.loads(x) for x in open(sys.argv[1], encoding="utf-8")]; print(l.count(sys.argv[2]))' "$TMP/lits" "$NAME")" = 1 ]
check "... manifest.xml too" "$PY" -c '
import sys, xml.etree.ElementTree as ET
n = [e.text for e in ET.parse(sys.argv[1]).iter() if e.tag.endswith("GPODisplayName")]
sys.exit(0 if n == [sys.argv[2]] else 1)' "$OUT/gpo/manifest.xml" "$NAME"

OUT=$H/path
# file_list DIR: the names under DIR, GUIDs (which the name makes) as {G}.
file_list() {
	(cd "$1" && find . | sed 's/{[0-9A-F-]*}/{G}/g' | LC_ALL=C sort)
}
file_list "$TMP/kit/out" >"$TMP/files.want"
for n in "..\\..\\..\\Windows\\evil" "/etc/cron.d/evil" "CON"; do
	accepted "--gpo-name '$n' is a name, not a path" \
		build -q --force --deterministic --domain ad.contoso.com \
		-o "$H/path" --gpo-name "$n"
	file_list "$H/path" >"$TMP/files.got"
	same "... the output holds the files of any build, no others" \
		"$TMP/files.want" "$TMP/files.got"
done
check "... and /etc/cron.d/evil was not made" [ ! -e /etc/cron.d/evil ]

OUT=$TMP/kit/out
nl='
'
refused "--gpo-name with a line break" 64 \
	"gpforge: --gpo-name must be 1 to 255 characters of UTF-8 without control characters" \
	build --force --domain ad.contoso.com -o "$OUT" \
	--gpo-name "Safe${nl}Import-GPO -All"
refused "--gpo-name with an escape sequence" 64 \
	"gpforge: --gpo-name must be 1 to 255 characters of UTF-8 without control characters" \
	build --force --domain ad.contoso.com -o "$OUT" \
	--gpo-name "$(printf 'Safe\033[8mhidden')"
refused "--gpo-name with a right-to-left override" 64 \
	"gpforge: --gpo-name must be 1 to 255 characters of UTF-8 without control characters" \
	build --force --domain ad.contoso.com -o "$OUT" \
	--gpo-name "$(printf 'Safe\342\200\256txt.exe')"

# --- a table of awkward names and OUs -----------------------------------------
"$PY" - "$H/names.csv" <<'EOF'
import csv, sys
dc = "DC=corp,DC=example,DC=com"
rows = [
    ("O'Brien \u2018x\u2019 \u201ay\u201b \"q\" \u201cz\u201d", r"OU=O'Brien \"HQ\",OU=Sales\, EMEA,%s" % dc),
    ("$(Stop-Computer)", r"OU=$(Stop-Computer),%s" % dc),
    ("`whoami`; rm -rf / | tee", r"OU=`whoami`\; x | y,%s" % dc),
    ("..\\..\\..\\Windows\\evil", r"OU=..\\..\\x,%s" % dc),
    ("../../../etc/evil", "OU=../../y,%s" % dc),
    ("/abs/olute", "OU=/abs,%s" % dc),
    ("CON", "OU=CON,%s" % dc),
    ("nul.txt", "OU=NUL.txt,%s" % dc),
    ("COM1.zip", "OU=COM1,%s" % dc),
    ("LPT1", "OU=LPT1,%s" % dc),
    ("Lpt9.tar.gz", "OU=LPT9,%s" % dc),
    ("con .txt", "OU=CON2,%s" % dc),
    ("LPT\u00b3", "OU=LPT3s,%s" % dc),
    ("COM\u00b9.txt", "OU=COM1s,%s" % dc),
    ("CONIN$", "OU=CONIN,%s" % dc),
    ("..", "OU=DotDot,%s" % dc),
    ("trailing. ..", "OU=Trail,%s" % dc),
    ("x:y*z?\"<>|", "OU=Reserved,%s" % dc),
    ("\U0001F600 \u00e9", "OU=Emoji,%s" % dc),
]
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["ou", "gpo_name"])
    for name, ou in rows:
        w.writerow([ou, name])
EOF
OUT=$H/names
accepted "an OU table of quotes, \$(...), paths and device names" \
	build -q --deterministic --domain ad.contoso.com -o "$OUT" \
	--ou-csv "$H/names.csv"
check "... each name and OU comes back whole from the scripts" \
	names_check "$OUT" "$H/names.csv"
(cd "$OUT/bundles/ou" && ls -A) >"$TMP/zips.got"
LC_ALL=C sort >"$TMP/zips.want" <<'EOF'
$(Stop-Computer).zip
.._.._.._Windows_evil.zip
.._.._.._etc_evil.zip
COM1_.zip.zip
COM¹_.txt.zip
CONIN$_.zip
CON_.zip
LPT1_.zip
LPT³_.zip
Lpt9_.tar.gz.zip
O'Brien ‘x’ ‚y‛ _q_ “z”.zip
_.zip
_abs_olute.zip
`whoami`; rm -rf _ _ tee.zip
con _.txt.zip
nul_.txt.zip
trailing.zip
x_y_z_____.zip
😀 é.zip
EOF
LC_ALL=C sort -o "$TMP/zips.got" "$TMP/zips.got"
same "... per-OU zips: separators and reserved characters made '_', device names get '_'" \
	"$TMP/zips.want" "$TMP/zips.got"
check "... and nothing but the zips is in bundles/ou" \
	[ -z "$(find "$OUT/bundles/ou" -mindepth 1 ! -type f)" ]

OUT=$TMP/kit/out
printf 'ou,gpo_name\n"OU=A,%s","Safe\nImport-GPO -All"\n' "$D" >"$H/nl.csv"
refused "OU table: a GPO name with a line break" 65 \
	"gpforge: $H/nl.csv: line 2, column 2 (gpo_name): the GPO name holds a control character or invalid UTF-8 (from gpo_name or the OU's escapes)" \
	build --force --domain ad.contoso.com -o "$OUT" --ou-csv "$H/nl.csv"

printf 'ou,gpo_name\n"OU=A\\0AB,%s",Fine\n"OU=B,%s",Fine too\n' "$D" "$D" \
	>"$H/escnl.csv"
OUT=$H/escnl
accepted "OU table: an OU with an escaped line feed, as LDAP writes it" \
	build -q --domain ad.contoso.com -o "$OUT" --ou-csv "$H/escnl.csv"
printf 'ou,gpo_name\n"OU=A\\0AB,%s",Fine\n' "$D" >"$H/escnl1.csv"
check "... stays escaped in Import-GPOs.ps1" names_check "$H/escnl" \
	"$H/escnl1.csv"
OUT=$TMP/kit/out

printf 'ou,gpo_name\n"OU=A\nB,%s",X\n' "$D" >"$H/lf.csv"
refused "OU table: a line break inside a quoted OU" 65 \
	"gpforge: $H/lf.csv: line 2, column 1 (ou): the OU holds a control or invisible character" \
	build --force --domain ad.contoso.com -o "$OUT" --ou-csv "$H/lf.csv"

printf 'ou,gpo_name\n"OU=A\033[8mhidden,%s",X\n' "$D" >"$H/esc.csv"
refused "OU table: an OU with a terminal escape sequence" 65 \
	"gpforge: $H/esc.csv: line 2, column 1 (ou): the OU holds a control or invisible character" \
	build --force --domain ad.contoso.com -o "$OUT" --ou-csv "$H/esc.csv"

printf 'ou,gpo_name\n"OU=A\342\200\213,%s",X\n' "$D" >"$H/zw.csv"
refused "OU table: an OU with a zero-width space" 65 \
	"gpforge: $H/zw.csv: line 2, column 1 (ou): the OU holds a control or invisible character" \
	build --force --domain ad.contoso.com -o "$OUT" --ou-csv "$H/zw.csv"

printf 'ou,gpo_name\n"OU=A,%s",Safe\342\200\256exe.txt\n' "$D" >"$H/rlo.csv"
refused "OU table: a GPO name with a right-to-left override" 65 \
	"gpforge: $H/rlo.csv: line 2, column 2 (gpo_name): the GPO name holds a control character or invalid UTF-8 (from gpo_name or the OU's escapes)" \
	build --force --domain ad.contoso.com -o "$OUT" --ou-csv "$H/rlo.csv"

printf 'ou\n"OU=A\\E2\\80\\AE,%s"\n' "$D" >"$H/rloesc.csv"
refused "OU table: a right-to-left override from the OU's escapes" 65 \
	"gpforge: $H/rloesc.csv: line 2, column 1 (ou): the GPO name holds a control character or invalid UTF-8 (from gpo_name or the OU's escapes)" \
	build --force --domain ad.contoso.com -o "$OUT" --ou-csv "$H/rloesc.csv"

for p in /etc/passwd ../outside.txt lists/../../outside.txt; do
	printf 'ou,senders\n"OU=A,%s",%s\n' "$D" "$p" >"$H/path.csv"
	refused "OU table: senders '$p' outside the table's folder" 65 \
		"gpforge: $H/path.csv: line 2, column 2 (senders): '$p' is not a file inside the table's folder" \
		build --force --domain ad.contoso.com -o "$OUT" \
		--ou-csv "$H/path.csv"
done

hostile_finish
