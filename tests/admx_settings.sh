#!/bin/sh
# "gpforge admx apply": the settings file's errors, each naming its line,
# leave the output alone; good files write the registry values expected.
. "${SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"
ADMX=$SRCDIR/tests/admx/settings/settings-test.admx
K='Software\\Policies\\GT'

# --- refused settings: one line on stderr, status 65, output untouched ------
GPO=$TMP/gpo
mkdir -p "$GPO/User"
printf 'User\nSoftware\\Policies\\Old\nKeep\nDWORD:9\n' >"$TMP/old.txt"
run pol compile "$TMP/old.txt" -o "$GPO/User/registry.pol"
cp "$GPO/User/registry.pol" "$TMP/old.pol"

untouched() {
	cmp -s "$GPO/User/registry.pol" "$TMP/old.pol" &&
		[ "$(cd "$GPO" && find . | sort | tr '\n' ' ')" = \
			'. ./User ./User/registry.pol ' ]
}

# bad LABEL TEXT MESSAGE: settings TEXT (printf %b) are refused with
# "gpforge: FILE: MESSAGE", and the output folder stays as it was.
bad() {
	printf '%b' "$2" >"$TMP/bad.ini"
	run admx apply "$ADMX" --settings "$TMP/bad.ini" -o "$GPO"
	expect "$1" 65 "gpforge: $TMP/bad.ini: $3"
	check "$1: output untouched" untouched
}

bad "unknown policy" '[st:Nope]\nstate = enabled\n' \
	"line 1: no policy named 'st:Nope' in the loaded templates"
bad "unknown prefix" '[xx:Toggle]\nstate = enabled\n' \
	"line 1: no policy named 'xx:Toggle' in the loaded templates"
bad "unknown element" '[st:Numbers]\nstate = enabled\nCount = 1\nColor = red\n' \
	"line 4: policy Numbers has no element 'Color'"
bad "missing state at the end" '[st:Toggle]\n\n; nothing else\n' \
	"line 1: [st:Toggle] needs state = enabled or state = disabled"
bad "missing state before the next section" '; c\n[Toggle]\n[st:Shared]\nstate = enabled\nclass = user\n' \
	"line 2: [Toggle] needs state = enabled or state = disabled"
bad "wrong state word" '[st:Toggle]\nstate = on\n' \
	"line 2: state must be enabled or disabled, not 'on'"
bad "duplicate state" '[st:Toggle]\nstate = enabled\nstate = disabled\n' \
	"line 3: state is given twice (first on line 2)"
bad "required element missing" '[st:Numbers]\nstate = enabled\nBig = 1\n' \
	"line 1: Numbers: required element Count has no value"
bad "decimal above maxValue" '[st:Numbers]\nstate = enabled\nCount = 11\n' \
	"line 3: Count: 11 is outside 1..10"
bad "decimal below minValue" '[st:Numbers]\nstate = enabled\nCount = 0\n' \
	"line 3: Count: 0 is outside 1..10"
bad "longDecimal above maxValue" '[st:Numbers]\nstate = enabled\nCount = 1\nBig = 5000000001\n' \
	"line 4: Big: 5000000001 is outside 0..5000000000"
bad "decimal not a number" '[st:Numbers]\nstate = enabled\nCount = ten\n' \
	"line 3: Count: 'ten' is not an unsigned 32-bit number"
bad "negative decimal" '[st:Numbers]\nstate = enabled\nCount = -1\n' \
	"line 3: Count: '-1' is not an unsigned 32-bit number"
bad "decimal over 32 bits" '[st:Numbers]\nstate = enabled\nCount = 4294967296\n' \
	"line 3: Count: '4294967296' is not an unsigned 32-bit number"
bad "longDecimal not a number" '[st:Numbers]\nstate = enabled\nCount = 1\nBig = 1.5\n' \
	"line 4: Big: '1.5' is not an unsigned 64-bit number"
bad "text over maxLength" '[st:Numbers]\nstate = enabled\nShort = abcdef\n' \
	"line 3: Short: text of 6 characters is over maxLength 5"
bad "maxLength counts UTF-16 units" '[st:Numbers]\nstate = enabled\nShort = \360\237\230\200\360\237\230\200\360\237\230\200\n' \
	"line 3: Short: text of 6 characters is over maxLength 5"
bad "enum index out of range" '[st:Choice]\nstate = enabled\nLevel = 2\n' \
	"line 3: Level: '2' is neither an item index (0..1) nor an item's string id"
bad "enum string id unknown" '[st:Choice]\nstate = enabled\nLevel = Level_Mid\n' \
	"line 3: Level: 'Level_Mid' is neither an item index (0..1) nor an item's string id"
bad "wrong boolean word" '[st:Choice]\nstate = enabled\nLevel = 0\nFlag = yes\n' \
	"line 4: Flag: expected true or false, not 'yes'"
bad "class for a User policy" '[st:Toggle]\nstate = enabled\nclass = user\n' \
	"line 3: class is only for policies of class Both; Toggle is User"
bad "class for a Machine policy" '[st:Choice]\nclass = machine\n' \
	"line 2: class is only for policies of class Both; Choice is Machine"
bad "class missing for Both" '[st:Shared]\nstate = enabled\n' \
	"line 1: Shared is of class Both: add class = user or class = machine"
bad "wrong class word" '[st:Shared]\nstate = enabled\nclass = computer\n' \
	"line 3: class must be user or machine, not 'computer'"
bad "duplicate class" '[st:Shared]\nclass = user\nclass = machine\n' \
	"line 3: class is given twice (first on line 2)"
bad "element value while disabled" '[st:Numbers]\nstate = disabled\nCount = 5\n' \
	"line 3: Count is set but Numbers is disabled"
bad "list entry while disabled" '[st:Servers]\nstate = disabled\nHosts = a=1\n' \
	"line 3: Hosts is set but Servers is disabled"
bad "same policy twice" '[st:Toggle]\nstate = enabled\n[Toggle]\nstate = disabled\n' \
	"line 3: Toggle is set twice (first on line 1)"
bad "same element twice" '[st:Numbers]\nstate = enabled\nCount = 1\ncount = 2\n' \
	"line 4: Count is given twice (first on line 3)"
bad "setting before any section" '; c\n\nstate = enabled\n[st:Toggle]\n' \
	"line 3: a setting before any [policy] section"
bad "line without '='" '[st:Toggle]\nstate enabled\n' \
	"line 2: expected [policy] or name = value"
bad "section header without ']'" '[st:Toggle\nstate = enabled\n' \
	"line 1: section header has no closing ']'"
bad "text after the section header" '[st:Toggle] x\nstate = enabled\n' \
	"line 1: text after the section header"
bad "quoted value not closed" '[st:Texts]\nstate = enabled\nPath = "abc\n' \
	"line 3: the quoted value has no closing '\"'"
bad "text after the closing quote" '[st:Texts]\nstate = enabled\nPath = "a" b\n' \
	"line 3: text after the closing '\"'"
bad "explicitValue entry without '='" '[st:Servers]\nstate = enabled\nHosts = a=1\nHosts = beta\n' \
	"line 4: Hosts: expected name=data for this explicitValue list"
bad "explicitValue entry without a name" '[st:Servers]\nstate = enabled\nHosts = =data\n' \
	"line 3: Hosts: expected name=data for this explicitValue list"
bad "multiText empty entry" '[st:Texts]\nstate = enabled\nLines = one\nLines =\n' \
	"line 4: Lines: an empty string would end the list"
bad "multiText quoted empty entry" '[st:Texts]\nstate = enabled\nLines = ""\n' \
	"line 3: Lines: an empty string would end the list"
bad "invalid UTF-8" '[st:Toggle]\nstate = enabled\377\n' \
	"line 2: invalid UTF-8"
bad "invalid UTF-8 in a comment" '; caf\351\n[st:Toggle]\nstate = enabled\n' \
	"line 1: invalid UTF-8"
bad "NUL byte" '[st:Toggle]\nstate\0 = enabled\n' \
	"line 2: NUL byte in the text"
bad "CRLF: no carriage return in the message" '[st:Toggle]\r\nstate = on\r\n' \
	"line 2: state must be enabled or disabled, not 'on'"
bad "BOM: line 1 is still line 1" '\357\273\277state = enabled\n' \
	"line 1: a setting before any [policy] section"
bad "an error after good sections" '[st:Toggle]\nstate = enabled\n[st:Numbers]\nstate = enabled\nCount = 3\n[st:Choice]\nstate = maybe\n' \
	"line 7: state must be enabled or disabled, not 'maybe'"

printf '[st:Nope]\nstate = enabled\n' >"$TMP/bad.ini"
run admx apply "$ADMX" --settings "$TMP/bad.ini" -o "$TMP/new"
expect "refused into a new folder" 65 "gpforge: $TMP/bad.ini: line 1: no policy named 'st:Nope' in the loaded templates"
check "a refused apply creates no folder" [ ! -e "$TMP/new" ]
run admx apply "$ADMX" --settings "$TMP/missing.ini" -o "$GPO"
expect "missing settings file" 66 "gpforge: $TMP/missing.ini: No such file or directory"
check "missing settings file: output untouched" untouched

# --- settings that apply ------------------------------------------------------
# good NAME: applies $TMP/NAME.ini into the fresh folder $TMP/NAME.
good() {
	run admx apply "$ADMX" --settings "$TMP/$1.ini" -o "$TMP/$1"
	expect "$1: applies" 0 ""
}

# dumped LABEL POL JSON...: "pol dump --json POL" prints exactly the
# JSON lines given.
dumped() {
	label=$1 pol=$2
	shift 2
	printf '%s\n' "$@" >"$TMP/want.json"
	run pol dump --json "$pol"
	if [ "$status" -eq 0 ] && cmp -s "$TMP/want.json" "$TMP/out"; then
		ok "$label"
	else
		not_ok "$label: status $status"
		diff "$TMP/want.json" "$TMP/out" | sed 's/^/     /'
	fi
}

# The offsets: after the 8-byte header, a record [key;value;type;size;data]
# takes 24 bytes of brackets, NULs, semicolons, type and size, 2 per
# UTF-16 unit of key and value name, and its data.  So the DWORD Toggle
# under Software\Policies\GT (20 units) takes 24 + 40 + 12 + 4 = 80.

# prefix:Policy and bare names; a stale Machine file is removed.
printf '%s\n' '[st:Toggle]' 'state = enabled' '' '[Numbers]' \
	'state = enabled' 'Count = 7' 'Big = 5000000000' 'Short = ééééé' \
	'' '[st:Shared]' 'class = User' 'state = disabled' >"$TMP/names.ini"
mkdir -p "$TMP/names/Machine"
printf 'PReg\1\0\0\0' >"$TMP/names/Machine/registry.pol"
good names
dumped "names: User values" "$TMP/names/User/registry.pol" \
	'{"offset":8,"config":"User","key":"'"$K"'","value":"Toggle","type":"REG_DWORD","size":4,"action":"DWORD","data":1}' \
	'{"offset":88,"config":"User","key":"'"$K"'","value":"Count","type":"REG_DWORD","size":4,"action":"DWORD","data":7}' \
	'{"offset":166,"config":"User","key":"'"$K"'","value":"Big","type":"REG_QWORD","size":8,"action":"QWORD","data":5000000000}' \
	'{"offset":244,"config":"User","key":"'"$K"'","value":"Short","type":"REG_SZ","size":12,"action":"SZ","data":"ééééé"}' \
	'{"offset":330,"config":"User","key":"'"$K"'","value":"Shared","type":"REG_DWORD","size":4,"action":"DWORD","data":0}'
check "names: the stale Machine file is removed" \
	[ ! -e "$TMP/names/Machine/registry.pol" ]

# Comments: whole lines, and from a ';' or '#' after a space or tab;
# quoted values keep " ;" and " #".
printf '%s\n' '; settings for the gpforge tests' '# hash comments too' \
	'[st:Texts]   ; a comment after the header' \
	'state = enabled ; a comment after a value' \
	'Path = "C:\dir ;x #y"   ; quotes keep both' \
	"$(printf 'Note = a;b#c\t# kept: no space before them')" \
	'Lines = one' 'Lines = "two ; three"' >"$TMP/comments.ini"
good comments
dumped "comments: cut where they start, kept inside quotes" \
	"$TMP/comments/User/registry.pol" \
	'{"offset":8,"config":"User","key":"'"$K"'\\Texts","value":"Path","type":"REG_SZ","size":26,"action":"SZ","data":"C:\\dir ;x #y"}' \
	'{"offset":118,"config":"User","key":"'"$K"'\\Texts","value":"Note","type":"REG_SZ","size":12,"action":"SZ","data":"a;b#c"}' \
	'{"offset":214,"config":"User","key":"'"$K"'\\Texts","value":"Lines","type":"REG_MULTI_SZ","size":34,"action":"MULTISZ","data":["one","two ; three"]}'
check "comments: no Machine file" [ ! -e "$TMP/comments/Machine" ]

# A comment after a quoted value is a comment, quotes and all.
printf '%s\n' '[st:Texts]' 'state = enabled' \
	'Path = "C:\x" ; was "C:\y"' >"$TMP/quotes.ini"
good quotes
dumped "quotes: a comment holding quotes leaves the value alone" \
	"$TMP/quotes/User/registry.pol" \
	'{"offset":8,"config":"User","key":"'"$K"'\\Texts","value":"Path","type":"REG_SZ","size":10,"action":"SZ","data":"C:\\x"}'

# CRLF line endings; an enum by its item's string id; explicitValue list.
printf '%s\r\n' '[st:Choice]' 'state = enabled' 'Level = Level_High' \
	'Flag = true' '' '[st:Servers]' 'state = enabled' 'Hosts = alpha=1' \
	'Hosts = beta=two words' >"$TMP/crlf.ini"
good crlf
dumped "crlf: Machine values" "$TMP/crlf/Machine/registry.pol" \
	'{"offset":8,"config":"Computer","key":"'"$K"'","value":"Level","type":"REG_DWORD","size":4,"action":"DWORD","data":2}' \
	'{"offset":86,"config":"Computer","key":"'"$K"'","value":"Flag","type":"REG_DWORD","size":4,"action":"DWORD","data":1}' \
	'{"offset":162,"config":"Computer","key":"'"$K"'\\Hosts","value":"**delvals.","type":"REG_SZ","size":4,"action":"DELETEALLVALUES","data":" "}' \
	'{"offset":262,"config":"Computer","key":"'"$K"'\\Hosts","value":"alpha","type":"REG_SZ","size":4,"action":"SZ","data":"1"}' \
	'{"offset":352,"config":"Computer","key":"'"$K"'\\Hosts","value":"beta","type":"REG_SZ","size":20,"action":"SZ","data":"two words"}'
check "crlf: no User file" [ ! -e "$TMP/crlf/User" ]

# A UTF-8 BOM; Disabled deletes; class Both; an enum by index; a boolean
# left out takes its check box's default (unchecked: deleted).
printf '\357\273\277[st:Toggle]\nstate = disabled\n[Numbers]\nstate = disabled\n[Shared]\nclass = machine\nstate = enabled\n[Choice]\nstate = enabled\nLevel = 0\n' >"$TMP/bom.ini"
good bom
dumped "bom: User deletions" "$TMP/bom/User/registry.pol" \
	'{"offset":8,"config":"User","key":"'"$K"'","value":"**del.Toggle","type":"REG_SZ","size":4,"action":"DELETE","data":" "}' \
	'{"offset":100,"config":"User","key":"'"$K"'","value":"**del.Count","type":"REG_SZ","size":4,"action":"DELETE","data":" "}' \
	'{"offset":190,"config":"User","key":"'"$K"'","value":"**del.Big","type":"REG_SZ","size":4,"action":"DELETE","data":" "}' \
	'{"offset":276,"config":"User","key":"'"$K"'","value":"**del.Short","type":"REG_SZ","size":4,"action":"DELETE","data":" "}'
dumped "bom: Machine values" "$TMP/bom/Machine/registry.pol" \
	'{"offset":8,"config":"Computer","key":"'"$K"'","value":"Shared","type":"REG_DWORD","size":4,"action":"DWORD","data":5}' \
	'{"offset":88,"config":"Computer","key":"'"$K"'","value":"Level","type":"REG_DWORD","size":4,"action":"DWORD","data":1}' \
	'{"offset":166,"config":"Computer","key":"'"$K"'","value":"**del.Flag","type":"REG_SZ","size":4,"action":"DELETE","data":" "}'

finish
