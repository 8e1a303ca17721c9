#!/bin/sh
# "gpforge deploy" without a domain controller: the command line, the
# password never taken from it, what is read from the output folder
# (manifest, links.csv, lists, templates), the links.csv a batch build
# writes, and a server that does not answer.
# shellcheck source=tests/lib.sh disable=SC1091
. "${SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"
nl='
'
USAGE="${nl}Try 'gpforge deploy --help'."
D='DC=corp,DC=example,DC=com'
unset GPFORGE_PASSWORD
# Where nothing listens: loopback, LDAP's port (checked below).
HOST=127.0.0.1
ON="--server $HOST --domain corp.example.com"

run deploy --help
check "--help prints the usage" grep -q '^Usage: gpforge deploy --server HOST' "$TMP/out"

# --- the command line ----------------------------------------------------------
run deploy
expect "no --server" 64 "gpforge deploy: --server HOST is required$USAGE"
run deploy --server dc1
expect "no --domain" 64 "gpforge deploy: --domain DNS is required$USAGE"
run deploy --server dc1 --domain 'corp example'
expect "a domain that is no DNS name" 64 \
	"gpforge deploy: --domain 'corp example' is not a DNS name$USAGE"
run deploy $ON
expect "neither --kerberos nor --user" 64 \
	"gpforge deploy: give --kerberos or --user USER (one of them)$USAGE"
run deploy $ON --kerberos --user u
expect "both --kerberos and --user" 64 \
	"gpforge deploy: give --kerberos or --user USER (one of them)$USAGE"
run deploy $ON --user u
expect "--user without a password" 64 \
	"gpforge deploy: --user needs a password: set GPFORGE_PASSWORD or give --password-file$USAGE"
run deploy $ON --kerberos --password-file /dev/null
expect "--password-file with --kerberos" 64 \
	"gpforge deploy: --password-file goes with --user, not --kerberos$USAGE"
run deploy $ON --user u --password-file "$TMP/none"
expect "a missing password file" 66 "gpforge: $TMP/none: No such file or directory"
: >"$TMP/empty"
run deploy $ON --user u --password-file "$TMP/empty"
expect "an empty password file" 65 "gpforge: $TMP/empty: the first line holds no password"
printf '\r\nS3cret!\n' >"$TMP/blank"
run deploy $ON --user u --password-file "$TMP/blank"
expect "a password file whose first line is blank" 65 \
	"gpforge: $TMP/blank: the first line holds no password"
run deploy $ON --user u --password-file "$TMP"
expect "a folder as the password file" 66 "gpforge: $TMP: Is a directory"
# 1025 bytes are refused; 1024 and a CRLF are taken (checked below).
long=$(printf '%01024d' 0)
printf '%s1\n' "$long" >"$TMP/long"
run deploy $ON --user u --password-file "$TMP/long"
expect "a password line over 1024 bytes" 65 \
	"gpforge: $TMP/long: the first line is longer than 1024 bytes"
printf '%s\r\nsecond line\n' "$long" >"$TMP/1024"
printf 'S3cret\000!\n' >"$TMP/nul"
run deploy $ON --user u --password-file "$TMP/nul"
expect "a password line with a NUL byte" 65 \
	"gpforge: $TMP/nul: the first line holds a NUL byte"
run deploy $ON --kerberos --ldaps --ca-cert "$TMP/none"
expect "a missing CA file" 66 "gpforge: $TMP/none: No such file or directory"
run deploy $ON --kerberos --ca-cert /dev/null --insecure-tls
expect "--ca-cert with --insecure-tls" 64 \
	"gpforge deploy: --insecure-tls and --ca-cert exclude each other$USAGE"
run deploy $ON --kerberos a b
expect "two output folders" 64 "gpforge deploy: unexpected argument 'b'$USAGE"
run deploy $ON --kerberos --colour
expect "an unknown option" 64 "gpforge deploy: unknown option '--colour'$USAGE"

# A password on the command line is refused and never echoed.
REFUSED="gpforge deploy: a password on the command line is refused (other users can see it); set GPFORGE_PASSWORD or give --password-file$USAGE"
for opt in "--password S3cret!" "--password=S3cret!" "--pass S3cret!" \
	"--passw=S3cret!" "--passwd S3cret!" "--pw S3cret!"; do
	# shellcheck disable=SC2086
	run deploy $ON --user u $opt
	expect "refused: $opt" 64 "$REFUSED"
	check "not echoed: $opt" sh -c "! grep -q S3cret '$TMP/err'"
done

# --- what the output folder must hold -------------------------------------------
mkdir "$TMP/nothing"
run deploy $ON --kerberos "$TMP/nothing"
expect "no manifest" 66 \
	"gpforge: $TMP/nothing/gpo/manifest.xml: no GPO manifest here; run gpforge build first, or name its output folder"

# A batch build writes gpo/links.csv; a single GPO does not.
printf 'ou,gpo_name\n"OU=Sales,%s",Sales\n"OU=HR\\, Paris,%s",\n' "$D" "$D" \
	>"$TMP/ous.csv"
"$GPFORGE" build -q --deterministic --domain corp.example.com \
	--ou-csv "$TMP/ous.csv" -o "$TMP/batch" 2>/dev/null
"$GPFORGE" build -q --deterministic --domain corp.example.com \
	-o "$TMP/single" 2>/dev/null
check "a single-GPO build writes no links.csv" test ! -e "$TMP/single/gpo/links.csv"
sales=$(grep -l '<DisplayName>Sales<' "$TMP"/batch/gpo/*/Backup.xml | sed 's|.*/gpo/||; s|/Backup.xml||')
hr=$(grep -l 'Outlook Safe Senders - HR, Paris<' "$TMP"/batch/gpo/*/Backup.xml | sed 's|.*/gpo/||; s|/Backup.xml||')
printf 'backup_id,gpo_name,ou,list_file\r\n"%s","Sales","OU=Sales,%s","SafeSenders.txt"\r\n"%s","Outlook Safe Senders - HR, Paris","OU=HR\\, Paris,%s","SafeSenders.txt"\r\n' \
	"$sales" "$D" "$hr" "$D" >"$TMP/links.want"
check "a batch build writes links.csv (RFC 4180, CRLF)" \
	cmp -s "$TMP/batch/gpo/links.csv" "$TMP/links.want"

# links.csv must agree with the manifest and the domain.
bad_links() {
	label=$1 row=$2 message=$3
	rm -rf "$TMP/bad" && cp -r "$TMP/batch" "$TMP/bad"
	printf 'backup_id,gpo_name,ou\r\n%s\r\n' "$row" >"$TMP/bad/gpo/links.csv"
	run deploy $ON --kerberos "$TMP/bad"
	expect "$label" 65 "gpforge: $TMP/bad/gpo/links.csv: line 2: $message"
}
bad_links "a backup the manifest lacks" \
	"{00000000-0000-4000-8000-000000000000},Sales,\"OU=Sales,$D\"" \
	"backup {00000000-0000-4000-8000-000000000000} is not in manifest.xml"
bad_links "a name that is not the backup's" "$sales,Other,\"OU=Sales,$D\"" \
	"backup $sales is GPO 'Sales' in manifest.xml, not 'Other'"
bad_links "an OU of another domain" "$sales,Sales,\"OU=Sales,DC=other,DC=com\"" \
	"OU 'OU=Sales,DC=other,DC=com' is not in the domain $D"
bad_links "an OU that is no DN" "$sales,Sales,Sales" \
	"OU 'Sales' is not a distinguished name: expected '=' after an attribute type"
bad_links "an empty OU" "$sales,Sales," "the ou is empty"
rm -rf "$TMP/bad" && cp -r "$TMP/batch" "$TMP/bad"
printf 'backup_id,gpo_name,ou,list_file\r\n%s,Sales,"OU=Sales,%s",../x.txt\r\n' \
	"$sales" "$D" >"$TMP/bad/gpo/links.csv"
run deploy $ON --kerberos "$TMP/bad"
expect "a list file in another folder" 65 \
	"gpforge: $TMP/bad/gpo/links.csv: line 2: list file '../x.txt' is not a file name"

# --copy-lists needs a UNC path to copy to; --central-store needs templates.
"$GPFORGE" build -q --domain corp.example.com -o "$TMP/drive" \
	--safe-senders-path 'C:\Lists\SafeSenders.txt' 2>/dev/null
run deploy $ON --kerberos --copy-lists "$TMP/drive"
expect "a list path that is not UNC" 65 \
	"gpforge: GPO 'Outlook Safe Senders': cannot copy its list to C:\\Lists\\SafeSenders.txt: not a UNC path (\\\\SERVER\\SHARE\\FILE)"
rm -rf "$TMP/drive/PolicyDefinitions"
run deploy $ON --kerberos --central-store "$TMP/drive"
expect "no templates for the Central Store" 66 \
	"gpforge: $TMP/drive/PolicyDefinitions: no templates to copy to the Central Store"

# --- a server that does not answer ----------------------------------------------
# Whether a port takes connections (assumed so without bash to ask).
listening() {
	command -v bash >/dev/null || return 0
	bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null
}
if listening 389 || listening 636; then
	echo "skip: something listens on $HOST:389 or :636 here"
else
	export GPFORGE_PASSWORD=not-used
	run deploy $ON --user u "$TMP/batch"
	expect "nothing listening: status 69, one line" 69 \
		"gpforge: $HOST: cannot reach the LDAP server on port 389 (Connection refused)"
	run deploy $ON --ldaps --user u "$TMP/batch"
	expect "nothing listening on LDAPS" 69 \
		"gpforge: $HOST: cannot reach the LDAP server on port 636 (Connection refused)"
	run deploy $ON --user u --password-file "$TMP/1024" "$TMP/batch"
	expect "a password line of 1024 bytes and CRLF is taken" 69 \
		"gpforge: $HOST: cannot reach the LDAP server on port 389 (Connection refused)"
	# Each GPO's list is the file links.csv names, whatever the file
	# name of the path Outlook reads it from.
	printf 'ou,gpo_name,senders\n"OU=A,%s",GA,\n"OU=B,%s",GB,b.txt\n' \
		"$D" "$D" >"$TMP/lists.csv"
	printf 'x@b.example\n' >"$TMP/b.txt"
	TRUSTED='\\corp.example.com\NETLOGON\O\Trusted.txt'
	"$GPFORGE" build -q --domain corp.example.com -o "$TMP/lists" \
		--ou-csv "$TMP/lists.csv" \
		--safe-senders-path "$TRUSTED" 2>/dev/null
	run deploy $ON --user u --copy-lists "$TMP/lists"
	expect "--copy-lists finds lists whose path has another name" 69 \
		"gpforge: $HOST: cannot reach the LDAP server on port 389 (Connection refused)"
	# A build before links.csv named the lists: the only one is taken.
	"$GPFORGE" build -q --domain corp.example.com -o "$TMP/old" \
		--ou-csv "$TMP/ous.csv" \
		--safe-senders-path "$TRUSTED" 2>/dev/null
	id=$(sed -n 's/^"\([^"]*\)","Sales".*/\1/p' "$TMP/old/gpo/links.csv")
	printf 'backup_id,gpo_name,ou\r\n%s,Sales,"OU=Sales,%s"\r\n' "$id" "$D" \
		>"$TMP/old/gpo/links.csv"
	run deploy $ON --user u --copy-lists "$TMP/old"
	expect "--copy-lists takes the only list of an older build" 69 \
		"gpforge: $HOST: cannot reach the LDAP server on port 389 (Connection refused)"
	run deploy --server $HOST --domain other.example.com --kerberos "$TMP/batch"
	check "a build for another domain is named in a warning" \
		grep -q "^gpforge: warning: GPO 'Sales' was built for domain corp.example.com, not other.example.com" "$TMP/err"
	unset GPFORGE_PASSWORD
fi

finish
