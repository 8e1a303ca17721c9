#!/bin/sh
# Hostile administrative templates: external entities, DTDs, entity
# bombs, deep nesting, 100 MB files, elements with 200,000 attributes
# and UTF-16 with lone surrogates, read by admx list, lint and apply,
# intune and build --templates.  Each refusal is exact and leaves the
# earlier output and everything else as it was.
# shellcheck source=tests/lib.sh disable=SC1091
. "${SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
# shellcheck source=tests/hostile/hostile.sh disable=SC1091
. "$SRCDIR/tests/hostile/hostile.sh"
COV=$SRCDIR/tests/admx/coverage
H=$TMP/in
mkdir -p "$H"
good_kit

# template NAME: a copy of the coverage fixture in $H/NAME (a folder).
template() {
	mkdir -p "$H/$1/en-US"
	cp "$COV/coverage.admx" "$H/$1/"
	cp "$COV/en-US/coverage.adml" "$H/$1/en-US/"
}

# --- DTDs: external entities, entity bombs --------------------------------
cat >"$H/xxe.admx" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE policyDefinitions [
  <!ENTITY secret SYSTEM "file:///etc/passwd">
]>
<policyDefinitions>&secret;</policyDefinitions>
EOF
refused "an external entity (file:///etc/passwd)" 65 \
	"gpforge: $H/xxe.admx: line 2: a DTD is not allowed in an administrative template" \
	admx list "$H/xxe.admx"

cat >"$H/netdtd.admx" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE policyDefinitions SYSTEM "http://192.0.2.1/evil.dtd">
<policyDefinitions/>
EOF
refused "an external DTD on the network" 65 \
	"gpforge: $H/netdtd.admx: line 2: a DTD is not allowed in an administrative template" \
	admx lint "$H/netdtd.admx"

"$PY" - "$H/laughs.adml" <<'EOF'
import sys
lines = ['<?xml version="1.0"?>', '<!DOCTYPE policyDefinitionResources [',
         '<!ENTITY lol0 "lol">']
for i in range(1, 10):
    lines.append('<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1)) * 10))
lines += [']>', '<policyDefinitionResources><resources><stringTable>',
          '<string id="P_Values">&lol9;</string>',
          '</stringTable></resources></policyDefinitionResources>']
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
EOF
template laughs
cp "$H/laughs.adml" "$H/laughs/en-US/coverage.adml"
refused "a billion laughs in the ADML" 65 \
	"gpforge: $H/laughs/en-US/coverage.adml: line 2: a DTD is not allowed in an administrative template" \
	admx list "$H/laughs"

refused "a DTD in the ADMX given to intune" 65 \
	"gpforge: $H/xxe.admx: line 2: a DTD is not allowed in an administrative template" \
	intune "$H/xxe.admx" --settings "$COV/enabled.ini" -o "$OUT/intune"

mkdir -p "$H/tpl/admx"
cp "$H/xxe.admx" "$H/tpl/admx/gpforge-outlook.admx"
refused "a DTD in a --templates replacement" 65 \
	"gpforge: $H/tpl/admx/gpforge-outlook.admx: line 2: a DTD is not allowed in an administrative template" \
	build --force --deterministic --domain ad.contoso.com -o "$OUT" \
	--templates "$H/tpl"

# --- nesting and size ------------------------------------------------------
"$PY" -c '
import sys
d = 100000
open(sys.argv[1], "w").write("<?xml version=\"1.0\"?>\n<policyDefinitions>"
    + "<a>" * d + "</a>" * d + "</policyDefinitions>\n")' "$H/deep.admx"
refused "elements nested 100,000 deep" 65 \
	"gpforge: $H/deep.admx: line 2: elements nest more than 256 deep" \
	admx list "$H/deep.admx"

# 100 MB: a real head, then a comment that never ends soon enough.
{
	head -n 8 "$COV/coverage.admx"
	printf '<!--'
	head -c 104857600 /dev/zero | tr '\0' 'x'
	printf -- '-->\n</policyDefinitions>\n'
} >"$H/huge.admx"
refused "an ADMX of 100 MB" 65 \
	"gpforge: $H/huge.admx: larger than 32 MiB, more than gpforge reads from one file" \
	admx list "$H/huge.admx"
template hugeadml
{
	head -n 3 "$COV/en-US/coverage.adml"
	printf '<!--'
	head -c 104857600 /dev/zero | tr '\0' 'x'
	printf -- '-->\n'
	tail -n +4 "$COV/en-US/coverage.adml"
} >"$H/hugeadml/en-US/coverage.adml"
refused "an ADML of 100 MB given to admx apply" 65 \
	"gpforge: $H/hugeadml/en-US/coverage.adml: larger than 32 MiB, more than gpforge reads from one file" \
	admx apply "$H/hugeadml" --settings "$COV/enabled.ini" -o "$OUT"
rm -f "$H/huge.admx" "$H/hugeadml/en-US/coverage.adml"

"$PY" -c '
import sys
attrs = " ".join("a%d=\"x\"" % i for i in range(200000))
open(sys.argv[1], "w").write("<?xml version=\"1.0\"?>\n<!-- a=1 b=2 -->\n"
    "<policyDefinitions\n " + attrs + "/>\n")' "$H/attrs.admx"
refused "an element with 200,000 attributes" 65 \
	"gpforge: $H/attrs.admx: line 3: an element with more than 256 attributes" \
	admx list "$H/attrs.admx"

# Encodings whose '<' and '=' are other bytes would slip past the
# attribute count: EBCDIC by its first bytes or by the declaration alone,
# UCS-4.
"$PY" -c '
import sys
attrs = " ".join("a%d=\"x\"" % i for i in range(200000))
doc = "<?xml version=\"1.0\" encoding=\"IBM037\"?>\n<policyDefinitions " + attrs + "/>\n"
open(sys.argv[1], "wb").write(doc.encode("cp037"))
open(sys.argv[2], "wb").write(doc[:40].encode("ascii") + doc[40:].encode("cp037"))
open(sys.argv[3], "wb").write(doc.replace("IBM037", "UTF-8").encode("utf-32-be"))
' "$H/ebcdic.admx" "$H/declared.admx" "$H/ucs4.admx"
refused "an EBCDIC template with 200,000 attributes" 65 \
	"gpforge: $H/ebcdic.admx: not UTF-8 or UTF-16 (UCS-4 or EBCDIC?); save the template as UTF-8" \
	admx list "$H/ebcdic.admx"
refused "a template declared EBCDIC after an ASCII declaration" 65 \
	"gpforge: $H/declared.admx: line 1: encoding 'IBM037' is not supported; save the template as UTF-8 or UTF-16" \
	admx list "$H/declared.admx"
refused "a UCS-4 template" 65 \
	"gpforge: $H/ucs4.admx: not UTF-8 or UTF-16 (UCS-4 or EBCDIC?); save the template as UTF-8" \
	admx lint "$H/ucs4.admx"
rm -f "$H/ebcdic.admx" "$H/declared.admx" "$H/ucs4.admx"
# Code pages that keep ASCII's bytes are read as before.
"$GPFORGE" admx list "$COV" >"$TMP/list.utf8"
for cp in windows-1252 ISO-8859-15 cp1250; do
	template "$cp"
	sed -i "s/encoding=\"utf-8\"/encoding=\"$cp\"/" \
		"$H/$cp/coverage.admx" "$H/$cp/en-US/coverage.adml"
	read_only "a template declared $cp is read" admx list "$H/$cp"
	same "... and lists as the UTF-8 one" "$TMP/list.utf8" "$TMP/out"
done

# --- UTF-16 -------------------------------------------------------------------
# utf16 FROM TO ENDIAN [BOM] [PATCH]: FROM as UTF-16 in TO, declared so,
# with a byte order mark unless BOM is 0; PATCH is a Python expression
# that changes b, the encoded bytes.
utf16() {
	"$PY" - "$@" <<'EOF'
import sys
src, dst, endian = sys.argv[1:4]
bom = sys.argv[4] if len(sys.argv) > 4 else "1"
patch = sys.argv[5] if len(sys.argv) > 5 else "b"
text = open(src, encoding="utf-8").read().replace(
    'encoding="utf-8"', 'encoding="utf-16"')
b = text.encode("utf-16-" + endian)
b = eval(patch)
mark = {"le": b"\xff\xfe", "be": b"\xfe\xff"}[endian] if bom == "1" else b""
open(dst, "wb").write(mark + b)
EOF
}

template u16
# A lone high surrogate just before the display name "Choices".
patch='b[:b.index("Choices".encode("utf-16-le"))] + b"\x00\xd8" + b[b.index("Choices".encode("utf-16-le")):]'
utf16 "$COV/en-US/coverage.adml" "$H/u16/en-US/coverage.adml" le 1 "$patch"
at=$("$PY" -c 'import sys; d = open(sys.argv[1], "rb").read(); print(d.index("C\0h\0o\0i\0c\0e\0s\0".encode()) - 2)' "$H/u16/en-US/coverage.adml")
refused "a UTF-16 ADML with a lone high surrogate" 65 \
	"gpforge: $H/u16/en-US/coverage.adml: offset $at: UTF-16 surrogate 0xD800 without its pair" \
	admx list "$H/u16"

template u16low
utf16 "$COV/coverage.admx" "$H/u16low/coverage.admx" be 1 \
	'b[:40] + b"\xdc\x00" + b[40:]'
refused "a UTF-16BE ADMX with a lone low surrogate" 65 \
	"gpforge: $H/u16low/coverage.admx: offset 42: UTF-16 surrogate 0xDC00 without its pair" \
	admx show "$H/u16low" P_Choice

template u16end
utf16 "$COV/coverage.admx" "$H/u16end/coverage.admx" le 1 'b + b"\x00\xd8"'
size=$(wc -c <"$H/u16end/coverage.admx")
refused "a UTF-16 ADMX ending in a high surrogate" 65 \
	"gpforge: $H/u16end/coverage.admx: offset $((size - 2)): UTF-16 surrogate 0xD800 without its pair" \
	admx lint "$H/u16end"

template u16odd
utf16 "$COV/coverage.admx" "$H/u16odd/coverage.admx" le 1 'b + b"\x0a"'
size=$(wc -c <"$H/u16odd/coverage.admx")
refused "a UTF-16 ADMX with an odd last byte" 65 \
	"gpforge: $H/u16odd/coverage.admx: offset $((size - 1)): the file ends inside a UTF-16 character" \
	admx list "$H/u16odd"

# Valid UTF-16 in either byte order, with or without a mark, is read.
"$GPFORGE" admx list "$COV" >"$TMP/list.want"
for form in "le 1" "be 1" "le 0" "be 0"; do
	name=u16ok-$(echo "$form" | tr ' ' -)
	template "$name"
	# shellcheck disable=SC2086
	utf16 "$COV/coverage.admx" "$H/$name/coverage.admx" $form
	# shellcheck disable=SC2086
	utf16 "$COV/en-US/coverage.adml" "$H/$name/en-US/coverage.adml" $form
	read_only "valid UTF-16 ($form) is read" admx list "$H/$name"
	same "valid UTF-16 ($form) lists as the UTF-8 original" \
		"$TMP/list.want" "$TMP/out"
done

hostile_finish
