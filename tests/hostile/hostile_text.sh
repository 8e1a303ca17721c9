#!/bin/sh
# Hostile text input: settings files, the OU table of build --ou-csv and
# sender lists with NUL bytes, invalid UTF-8, CR or CRLF line ends,
# UTF-16, a million rows (HOSTILE_ROWS) and fields of a megabyte.
#
# What an admin would expect: CRLF (Notepad, Excel on Windows) and a
# UTF-8 byte order mark are taken quietly and mean what LF would; old
# Mac CR line ends and UTF-16 (PowerShell 5.1's '>') are refused with a
# message saying how to save the file; NUL bytes and invalid UTF-8 are
# refused naming the line.
# shellcheck source=tests/lib.sh disable=SC1091
. "${SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
# shellcheck source=tests/hostile/hostile.sh disable=SC1091
. "$SRCDIR/tests/hostile/hostile.sh"
COV=$SRCDIR/tests/admx/coverage
H=$TMP/in
D='DC=corp,DC=example,DC=com'
CR_MSG='a carriage return that does not end the line; save the file with LF or CRLF line ends'
mkdir -p "$H"
good_kit

# --- settings files (admx apply into the kit) -------------------------------
printf '[cov:P_Values]\nstate = en\0abled\n' >"$H/nul.ini"
refused "settings: a NUL byte" 65 "gpforge: $H/nul.ini: line 2: NUL byte in the text" \
	admx apply "$COV" --settings "$H/nul.ini" -o "$OUT"

printf '[cov:P_Texts]\nstate = enabled\nclass = user\nPlain = \377\376\n' \
	>"$H/utf8.ini"
refused "settings: invalid UTF-8" 65 "gpforge: $H/utf8.ini: line 4: invalid UTF-8" \
	admx apply "$COV" --settings "$H/utf8.ini" -o "$OUT"

printf '[cov:P_Values]\rstate = enabled\r' >"$H/cr.ini"
refused "settings: CR line ends" 65 "gpforge: $H/cr.ini: line 1: $CR_MSG" \
	admx apply "$COV" --settings "$H/cr.ini" -o "$OUT"

iconv -f UTF-8 -t UTF-16 <"$COV/enabled.ini" >"$H/u16.ini"
refused "settings: UTF-16" 65 "gpforge: $H/u16.ini: line 1: the text is UTF-16; save it as UTF-8" \
	admx apply "$COV" --settings "$H/u16.ini" -o "$OUT"

{
	printf '[cov:P_Texts]\nstate = enabled\nclass = user\nPlain = '
	head -c 1048576 /dev/zero | tr '\0' 'x'
	printf '\n'
} >"$H/mega.ini"
refused "settings: a value of 1 MB" 65 \
	"gpforge: $H/mega.ini: line 4: Plain: text of 1048576 characters is over maxLength 10" \
	admx apply "$COV" --settings "$H/mega.ini" -o "$OUT"

"$PY" -c '
import sys
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write("; comment %d\n" % i)
    f.write("[cov:P_Values]\nstate = enabled\nbogus = 1\n")' "$H/comments.ini" "$ROWS"
refused "settings: a bad line after $ROWS others" 65 \
	"gpforge: $H/comments.ini: line $((ROWS + 3)): policy P_Values has no element 'bogus'" \
	admx apply "$COV" --settings "$H/comments.ini" -o "$OUT"

# CRLF and a byte order mark: the same registry.pol files as LF.
"$GPFORGE" admx apply "$COV" --settings "$COV/enabled.ini" -o "$H/lf"
OUT=$H/crlf
{ printf '\357\273\277'; sed 's/$/\r/' "$COV/enabled.ini"; } >"$H/crlf.ini"
accepted "settings: CRLF and a byte order mark" \
	admx apply "$COV" --settings "$H/crlf.ini" -o "$OUT"
check "... write what LF does" diff -r "$H/lf" "$OUT"

# A million list entries are all written.
OUT=$H/million
"$PY" -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("[cov:P_Lists]\nstate = enabled\nNumbered = first\n")
    for i in range(int(sys.argv[2])):
        f.write("Plain = v%d\n" % i)' "$H/million.ini" "$ROWS"
accepted "settings: $ROWS list entries" \
	admx apply "$COV" --settings "$H/million.ini" -o "$OUT"
"$GPFORGE" pol dump --json "$OUT/Machine/registry.pol" >"$TMP/dump"
check "... each is a value of its own" \
	[ "$(grep -c '"key":"Software\\\\Policies\\\\gpforge\\\\Lists\\\\Plain","value":"v[0-9]*","type":"REG_SZ"' "$TMP/dump")" -eq "$ROWS" ]
last=v$((ROWS - 1))
check "... the last one as given" grep -q \
	"\"value\":\"$last\",\"type\":\"REG_SZ\",\"size\":$((2 * ${#last} + 2)),\"action\":\"SZ\",\"data\":\"$last\"}\$" \
	"$TMP/dump"
rm -rf "$OUT" "$TMP/dump" "$H/million.ini"
OUT=$TMP/kit/out

# --- the OU table (build --ou-csv over the kit) ------------------------------
# table FILE ROWS...: an OU table with a header row and ROWS (printf %b).
table() {
	file=$1
	shift
	printf 'ou,gpo_name\n' >"$file"
	printf '%b' "$@" >>"$file"
}

table "$H/nul.csv" "\"OU=A,$D\",Sales\0Admins\n"
refused "OU table: a NUL byte" 65 \
	"gpforge: $H/nul.csv: line 2: NUL byte in the text" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--ou-csv "$H/nul.csv"

table "$H/utf8.csv" "\"OU=A,$D\",Sales \303\050\n"
refused "OU table: invalid UTF-8" 65 "gpforge: $H/utf8.csv: line 2: invalid UTF-8" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--ou-csv "$H/utf8.csv"

printf 'ou,gpo_name\r"OU=A,%s",A\r"OU=B,%s",B\r' "$D" "$D" >"$H/cr.csv"
refused "OU table: CR line ends (old Excel for Mac)" 65 \
	"gpforge: $H/cr.csv: line 1: $CR_MSG" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--ou-csv "$H/cr.csv"

table "$H/crq.csv" "\"OU=A,$D\",\"Sales\rAdmins\"\n"
refused "OU table: a lone CR inside a quoted field" 65 \
	"gpforge: $H/crq.csv: line 2: $CR_MSG" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--ou-csv "$H/crq.csv"

table "$H/ok.csv" "\"OU=A,$D\",Sales\n\"OU=B,$D\",Admins\n"
iconv -f UTF-8 -t UTF-16 <"$H/ok.csv" >"$H/u16.csv"
refused "OU table: UTF-16" 65 "gpforge: $H/u16.csv: line 1: the text is UTF-16; save it as UTF-8" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--ou-csv "$H/u16.csv"

"$PY" -c '
import sys
dc = "DC=corp,DC=example,DC=com"
with open(sys.argv[1], "w") as f:
    f.write("ou\n")
    for i in range(int(sys.argv[2])):
        f.write("\"OU=U%d,%s\"\n" % (i, dc))
    f.write("\"OU=U5,%s\"\n" % dc)' "$H/million.csv" "$ROWS"
refused "OU table: $ROWS rows and a repeat" 65 \
	"gpforge: $H/million.csv: line $((ROWS + 2)), column 1 (ou): OU OU=U5,$D is listed twice (first on line 7)" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--ou-csv "$H/million.csv"
rm -f "$H/million.csv"

{
	printf 'ou,gpo_name\n"OU=A,%s",' "$D"
	head -c 1048576 /dev/zero | tr '\0' 'x'
	printf '\n'
} >"$H/mega.csv"
refused "OU table: a GPO name of 1 MB" 65 \
	"gpforge: $H/mega.csv: line 2, column 2 (gpo_name): the GPO name is longer than 255 characters" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--ou-csv "$H/mega.csv"

{
	printf 'ou\n"OU='
	head -c 1048576 /dev/zero | tr '\0' 'x'
	printf ',%s"\n' "$D"
} >"$H/megaou.csv"
refused "OU table: an OU of 1 MB" 65 \
	"gpforge: $H/megaou.csv: line 2, column 1 (ou): the GPO name is longer than 255 characters" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--ou-csv "$H/megaou.csv"

# A quoted field of short lines that never closes: refused at 16 MiB.
"$PY" -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("ou,gpo_name\n\"OU=A,DC=corp,DC=example,DC=com\",\"")
    for i in range(17 * 1024):
        f.write("x" * 1023 + "\n")
    f.write("\"\n")' "$H/longrec.csv"
refused "OU table: a record of 17 MiB over many lines" 65 \
	"gpforge: $H/longrec.csv: line 2: a record longer than 16 MiB" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--ou-csv "$H/longrec.csv"
rm -f "$H/longrec.csv"

# CRLF and a byte order mark: the same kit as LF.
"$GPFORGE" build -q --deterministic --domain ad.contoso.com \
	-o "$H/batch-lf" --ou-csv "$H/ok.csv"
{ printf '\357\273\277'; sed 's/$/\r/' "$H/ok.csv"; } >"$H/crlf.csv"
OUT=$H/batch-crlf
accepted "OU table: CRLF and a byte order mark" \
	build -q --deterministic --domain ad.contoso.com -o "$OUT" \
	--ou-csv "$H/crlf.csv"
check "... build what LF does" diff -r "$H/batch-lf" "$OUT"
OUT=$TMP/kit/out

# --- sender lists (build --senders over the kit) -----------------------------
printf 'a@example.com\nb@exam\0ple.com\n' >"$H/nul.txt"
refused "senders: a NUL byte" 65 "gpforge: $H/nul.txt: line 2: NUL byte in the text" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--senders "$H/nul.txt"

printf 'a@example.com\nb@\377example.com\n' >"$H/utf8.txt"
refused "senders: invalid UTF-8" 65 "gpforge: $H/utf8.txt: line 2: invalid UTF-8" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--senders "$H/utf8.txt"

printf 'a@example.com\rb@example.com\r' >"$H/cr.txt"
refused "senders: CR line ends" 65 "gpforge: $H/cr.txt: line 1: $CR_MSG" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--senders "$H/cr.txt"

printf 'a@example.com\n@example.org\n' | iconv -f UTF-8 -t UTF-16 >"$H/u16.txt"
refused "senders: UTF-16 (PowerShell 5.1 output)" 65 \
	"gpforge: $H/u16.txt: line 1: the text is UTF-16; save it as UTF-8" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--senders "$H/u16.txt"

{
	head -c 1048576 /dev/zero | tr '\0' 'a'
	printf '@example.com\n'
} >"$H/mega.txt"
refused "senders: a line of 1 MB" 65 \
	"gpforge: $H/mega.txt: line 1: '$(printf '%080d' 0 | tr 0 a)' is not a sender address or domain: the part before '@' is longer than 64 characters" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--senders "$H/mega.txt"

refused "senders: /dev/zero" 65 \
	"gpforge: /dev/zero: larger than 32 MiB, more than gpforge reads from one file" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--senders /dev/zero

# Endless lines: the line readers stop at 16 MiB instead of growing.
LONG_MSG='line 1: longer than 16 MiB, more than gpforge reads as one line'
refused "settings: /dev/zero" 65 "gpforge: /dev/zero: $LONG_MSG" \
	admx apply "$COV" --settings /dev/zero -o "$OUT"
refused "OU table: /dev/zero" 65 "gpforge: /dev/zero: $LONG_MSG" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--ou-csv /dev/zero
refused "LGPO text: /dev/zero" 65 "gpforge: /dev/zero: $LONG_MSG" \
	pol compile /dev/zero -o "$OUT/zero.pol"
{
	head -c 8388608 /dev/zero | tr '\0' ';'
	printf '\n'
	head -c 20971520 /dev/zero | tr '\0' ';'
} >"$H/long.ini"
refused "settings: a line of 20 MiB after one of 8" 65 \
	"gpforge: $H/long.ini: line 2: longer than 16 MiB, more than gpforge reads as one line" \
	admx apply "$COV" --settings "$H/long.ini" -o "$OUT"

# A million senders: more than an Intune platform script can carry.
"$PY" -c '
import sys
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write("user%d@example%d.com\n" % (i, i % 7))' "$H/million.txt" "$ROWS"
# The script's size less its content's, from a list of one sender.
printf 'user0@example0.com\n' >"$H/one.txt"
"$GPFORGE" build -q --deterministic --domain ad.contoso.com -o "$H/one" \
	--senders "$H/one.txt"
deploy=intune/Deploy-SafeSendersFile.ps1
overhead=$(($(wc -c <"$H/one/$deploy") - $(wc -c <"$H/one/SafeSenders.txt")))
content=$(($(wc -c <"$H/million.txt") + ROWS))
refused "senders: $ROWS rows" 65 \
	"gpforge: warning: $ROWS senders: Outlook caps its junk-mail lists near 512 KB (about 2000 entries); entries past that may be ignored
gpforge: $OUT/$deploy: script would be $((overhead + content)) bytes; Intune accepts at most 204800" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--senders "$H/million.txt"
rm -f "$H/million.txt"

"$PY" -c '
import sys
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write("u@d%d.example.com\n" % i)' "$H/domains.txt" "$ROWS"
refused "senders: $ROWS rows at as many domains" 65 \
	"gpforge: warning: $ROWS senders: Outlook caps its junk-mail lists near 512 KB (about 2000 entries); entries past that may be ignored
gpforge: the sender list gives $ROWS envelope domains for Defender (with --defender-domain); its override rule takes at most 20: list fewer, or use --no-allowlists" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--senders "$H/domains.txt"
rm -f "$H/domains.txt"

# CRLF and a byte order mark, as Notepad writes them, are taken quietly.
OUT=$H/senders-crlf
printf '\357\273\277a@example.com\r\n@example.org\r\n' >"$H/crlf.txt"
accepted "senders: CRLF and a byte order mark" \
	build -q --deterministic --domain ad.contoso.com -o "$OUT" \
	--senders "$H/crlf.txt"
printf 'a@example.com\r\n@example.org\r\n' >"$TMP/ss.want"
same "... SafeSenders.txt holds both entries" "$TMP/ss.want" \
	"$OUT/SafeSenders.txt"

hostile_finish
