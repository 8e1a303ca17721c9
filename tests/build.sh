#!/bin/sh
# "gpforge build": the files of the kit, the registry.pol (read by gpforge
# and by Samba), the GPO backup's XML against real GPMC backups, the zip,
# SafeSenders.txt, reproducible builds, sender lists, templates, the
# ADMX, and bad input that must leave an existing output folder alone.
# shellcheck source=tests/lib.sh disable=SC1091
. "${SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"
nl='
'
SHARED=${SHARED:-$SRCDIR/../shared}
PY=/usr/bin/python3
SAMBA_PY=${SAMBA_PYTHON:-/usr/bin/python3}
CHECK=$SRCDIR/tests/build_check.py
KEY='software\policies\microsoft\office\16.0\outlook\options\mail'
KEY15='software\policies\microsoft\office\15.0\outlook\options\mail'
DEFAULT_PATH='\\corp.example.com\NETLOGON\SafeSenders.txt'
W_DOMAIN="gpforge: warning: --domain is the placeholder corp.example.com; give your domain's DNS name"
W_PATH="gpforge: warning: --safe-senders-path is the placeholder $DEFAULT_PATH"
P_PATH='Specify path to Safe Senders list'
P_IMPORT='Trigger to apply junk email list settings'
P_OVERWRITE='Overwrite junk email lists instead of appending'
P_PICTURES='Automatically download pictures in e-mail from Safe Senders and Safe Recipients'
USAGE="${nl}Try 'gpforge build --help'."

have_py=1
if [ ! -x "$PY" ]; then
	have_py=0
	echo "skip: $PY is absent; the XML, zip and SafeSenders.txt checks are skipped"
fi
have_samba=1
if ! "$SAMBA_PY" -c 'import samba.dcerpc.preg' 2>/dev/null; then
	have_samba=0
	echo "skip: python3-samba is not installed; registry.pol is read by gpforge only"
fi
have_shared=1
if [ ! -d "$SHARED/vectors/gpo-backup" ]; then
	have_shared=0
	echo "skip: $SHARED is absent; no comparison with the GPMC vectors, the guide or the ADMX schema"
fi

# same LABEL WANT GOT: the two files are equal; shows a diff when not.
same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diff "$2" "$3" | head -n 20 | sed 's/^/     /'
	fi
}

# pycheck ARGS...: runs build_check.py ARGS, one result per line it prints.
pycheck() {
	[ "$have_py" -eq 1 ] || return 0
	pystatus=0
	"$PY" "$CHECK" "$@" >"$TMP/py" 2>&1 || pystatus=$?
	count=0
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "${line#ok }"; count=$((count + 1)) ;;
		"FAIL "*) not_ok "${line#FAIL }"; count=$((count + 1)) ;;
		*) echo "     $line" ;;
		esac
	done <"$TMP/py"
	if [ "$count" -eq 0 ] ||
		{ [ "$pystatus" -ne 0 ] && ! grep -q '^FAIL ' "$TMP/py"; }; then
		not_ok "build_check.py $1 ran (status $pystatus)"
	fi
}

# files DIR: the files (and anything else but folders) under DIR, sorted,
# with the backup folder's name as ID.
files() {
	fid=$(backup_id "$1")
	(cd "$1" && find . ! -type d | sed -e 's|^\./||' -e "s|$fid|ID|" |
		LC_ALL=C sort)
}

# backup_id DIR: the name of the one backup folder under DIR/gpo.
backup_id() {
	# shellcheck disable=SC2012
	(cd "$1/gpo" && ls -d '{'*'}' 2>/dev/null | head -n 1)
}

# rec KEY NAME ACTION: one User record as LGPO text.
rec() {
	printf 'User\n%s\n%s\n%s\n\n' "$1" "$2" "$3"
}

# pol LABEL DIR: the registry.pol of the kit in DIR holds exactly the
# records in $TMP/records, read by "gpforge pol dump" and by Samba.
pol() {
	polfile="$2/gpo/$(backup_id "$2")/DomainSysvol/GPO/User/registry.pol"
	{
		printf '; PARSING User POLICY\n; Source file:  %s\n\n' "$polfile"
		cat "$TMP/records"
		echo '; PARSING COMPLETED.'
	} >"$TMP/pol.want"
	run pol dump "$polfile"
	same "$1: gpforge pol dump" "$TMP/pol.want" "$TMP/out"
	[ "$have_samba" -eq 1 ] || return 0
	{ cat "$TMP/records"; echo '; PARSING COMPLETED.'; } >"$TMP/samba.want"
	"$SAMBA_PY" "$SRCDIR/tests/samba_lgpo.py" User "$polfile" \
		>"$TMP/samba.out" 2>&1
	same "$1: Samba's parser" "$TMP/samba.want" "$TMP/samba.out"
}

# --- 1. a build with no options but -o ------------------------------------
mkdir "$TMP/a"
A=$TMP/a/out
run build -o "$A"
expect "default build: exit 0, the two placeholder warnings" 0 \
	"$W_DOMAIN$nl$W_PATH"
check "default build: the summary line on stdout" \
	[ "$(cat "$TMP/out")" = "gpforge: built $A: 1 GPO, 32 senders" ]
ID=$(backup_id "$A")
case $ID in
'{'????????-????-????-????-????????????'}') ok "the backup folder is named by a GUID" ;;
*) not_ok "the backup folder is named by a GUID: '$ID'" ;;
esac
LC_ALL=C sort >"$TMP/files.want" <<EOF
allowlists/Set-DefenderPhishSimOverride.ps1
allowlists/gateway-managed-urls.csv
allowlists/gateway-permitted-senders.csv
allowlists/google-workspace-image-proxy.txt
PolicyDefinitions/en-US/gpforge-outlook.adml
PolicyDefinitions/gpforge-outlook.admx
SafeSenders.txt
bundles/gpo-backup.zip
bundles/intune.zip
gpo/ID/Backup.xml
gpo/ID/DomainSysvol/GPO/User/registry.pol
gpo/ID/bkupInfo.xml
gpo/ID/gpreport.xml
gpo/Import-GPOs.ps1
gpo/manifest.xml
intune/Deploy-SafeSendersFile.ps1
intune/Upload-IntuneProfile.ps1
intune/admx-upload.json
intune/oma-uri.csv
intune/profile.json
report.html
EOF
files "$A" >"$TMP/files.got"
same "default build writes exactly the kit's files" "$TMP/files.want" \
	"$TMP/files.got"
check "nothing is left beside the output folder" \
	[ "$(ls -A "$TMP/a")" = out ]

# --- Intune: the same settings for devices Group Policy does not reach ---
check "intune/ passes the independent profile reader" \
	/usr/bin/python3 "$SRCDIR/tests/intune_check.py" "$A/intune" \
	"$A/PolicyDefinitions"
check "the Intune profile points Outlook at the local copy" \
	grep -q 'value=\\"C:\\\\ProgramData\\\\SafeSenders\\\\SafeSenders.txt\\"' \
	"$A/intune/profile.json"
/usr/bin/python3 "$SRCDIR/tests/ps_decode.py" \
	"$A/intune/Deploy-SafeSendersFile.ps1" >"$TMP/deploy.lits"
/usr/bin/python3 -c 'import json, sys
lits = [json.loads(l) for l in open(sys.argv[1])]
want = open(sys.argv[2], newline="").read()
sys.exit(0 if lits[1:3] == ["C:\\ProgramData\\SafeSenders\\SafeSenders.txt", want] else 1)' \
	"$TMP/deploy.lits" "$A/SafeSenders.txt" &&
	ok "the platform script carries SafeSenders.txt and its path" ||
	not_ok "the platform script carries SafeSenders.txt and its path"
check "the upload script names the profile" \
	grep -q "^\$ProfileName = 'Outlook Safe Senders'" "$A/intune/Upload-IntuneProfile.ps1"

# --- 2. registry.pol -------------------------------------------------------
{
	rec "$KEY" junkmailsafesendersfile "SZ:$DEFAULT_PATH"
	rec "$KEY" junkmailimportlists DWORD:1
	rec "$KEY" unblockspecificsenders DWORD:1
} >"$TMP/records"
pol "default registry.pol" "$A"

B=$TMP/b
mkdir "$B" "$TMP/det1" "$TMP/det2" "$TMP/det3" "$TMP/k" "$TMP/f"
"$GPFORGE" build -q -o "$B/nopic" --no-picture-download
{
	rec "$KEY" junkmailsafesendersfile "SZ:$DEFAULT_PATH"
	rec "$KEY" junkmailimportlists DWORD:1
} >"$TMP/records"
pol "--no-picture-download leaves out unblockspecificsenders" "$B/nopic"

"$GPFORGE" build -q -o "$B/over" --overwrite-list
{
	rec "$KEY" junkmailsafesendersfile "SZ:$DEFAULT_PATH"
	rec "$KEY" junkmailimportlists DWORD:1
	rec "$KEY" junkmailimportappend DWORD:0
	rec "$KEY" unblockspecificsenders DWORD:1
} >"$TMP/records"
pol "--overwrite-list adds junkmailimportappend 0 after the trigger" \
	"$B/over"

"$GPFORGE" build -q -o "$B/o15" --office-version 15.0
{
	rec "$KEY15" junkmailsafesendersfile "SZ:$DEFAULT_PATH"
	rec "$KEY15" junkmailimportlists DWORD:1
	rec "$KEY15" unblockspecificsenders DWORD:1
} >"$TMP/records"
pol "--office-version 15.0 in the key" "$B/o15"
printf 'key="%s"\n' "$KEY15" >"$TMP/keys.want"
grep -o 'key="[^"]*"' "$B/o15/PolicyDefinitions/gpforge-outlook.admx" |
	LC_ALL=C sort -u >"$TMP/keys.got"
same "--office-version 15.0: every key of the written ADMX says 15.0" \
	"$TMP/keys.want" "$TMP/keys.got"
printf 'key="%s"\n' "$KEY" >"$TMP/keys.want"
grep -o 'key="[^"]*"' "$A/PolicyDefinitions/gpforge-outlook.admx" |
	LC_ALL=C sort -u >"$TMP/keys.got"
same "default: every key of the written ADMX says 16.0" \
	"$TMP/keys.want" "$TMP/keys.got"

run build -o "$B/dom" --domain ad.contoso.com
expect "--domain of one's own: no placeholder warnings" 0 ""
{
	rec "$KEY" junkmailsafesendersfile 'SZ:\\ad.contoso.com\NETLOGON\SafeSenders.txt'
	rec "$KEY" junkmailimportlists DWORD:1
	rec "$KEY" unblockspecificsenders DWORD:1
} >"$TMP/records"
pol "--domain sets the default path's server" "$B/dom"

name='Mail & <Safe> "Senders" of O'\''Brien'
run build -o "$B/path" --domain ad.contoso.com \
	--safe-senders-path 'D:\Lists\Safe Senders.txt' --gpo-name "$name"
expect "--domain and --safe-senders-path: no warnings" 0 ""
{
	rec "$KEY" junkmailsafesendersfile 'SZ:D:\Lists\Safe Senders.txt'
	rec "$KEY" junkmailimportlists DWORD:1
	rec "$KEY" unblockspecificsenders DWORD:1
} >"$TMP/records"
pol "--safe-senders-path is the value" "$B/path"

run build -o "$B/pathonly" --safe-senders-path '\\files\lists$\safe.txt'
expect "--safe-senders-path alone: only the domain warning" 0 "$W_DOMAIN"

p260="\\\\srv\\s\\$(printf '%0252d' 0)"
run build -o "$B/p260" --safe-senders-path "$p260" --domain ad.contoso.com
expect "a path of 260 characters is accepted" 0 ""
{
	rec "$KEY" junkmailsafesendersfile "SZ:$p260"
	rec "$KEY" junkmailimportlists DWORD:1
	rec "$KEY" unblockspecificsenders DWORD:1
} >"$TMP/records"
pol "a path of 260 characters is written whole" "$B/p260"

# --- 3. the GPO backup's XML -------------------------------------------------
vectors=
[ "$have_shared" -eq 1 ] && vectors=$SHARED/vectors/gpo-backup
all="$P_PATH|$P_IMPORT|$P_PICTURES"
# shellcheck disable=SC2086
pycheck xml "$A" corp.example.com "Outlook Safe Senders" "$DEFAULT_PATH" \
	"$all" $vectors
pycheck xml "$B/nopic" corp.example.com "Outlook Safe Senders" \
	"$DEFAULT_PATH" "$P_PATH|$P_IMPORT"
pycheck xml "$B/over" corp.example.com "Outlook Safe Senders" \
	"$DEFAULT_PATH" "$P_PATH|$P_IMPORT|$P_OVERWRITE|$P_PICTURES"
pycheck xml "$B/path" ad.contoso.com "$name" 'D:\Lists\Safe Senders.txt' \
	"$all"

# --- 4. the zip ----------------------------------------------------------------
pycheck zip "$A"

# --- 5. SafeSenders.txt ----------------------------------------------------------
seed=$SHARED/seeds/000_dd5bcd5944f6677d.txt
if [ -f "$seed" ]; then
	pycheck senders "$A/SafeSenders.txt" "$seed"
else
	echo "skip: $seed is absent; the domain table is not compared"
	pycheck senders "$A/SafeSenders.txt"
fi

# --- 6. reproducible builds -------------------------------------------------------
"$GPFORGE" build -q --deterministic -o "$TMP/det1/out"
"$GPFORGE" build -q --deterministic -o "$TMP/det2/kit"
TZ=EST5EDT,M3.2.0,M11.1.0 "$GPFORGE" build -q --deterministic \
	-o "$TMP/det3/out"
check "--deterministic builds into different folders are identical" \
	diff -r "$TMP/det1/out" "$TMP/det2/kit"
check "--deterministic builds: the zips are identical" \
	cmp -s "$TMP/det1/out/bundles/gpo-backup.zip" \
	"$TMP/det2/kit/bundles/gpo-backup.zip"
check "--deterministic build in another time zone is identical" \
	diff -r "$TMP/det1/out" "$TMP/det3/out"

SOURCE_DATE_EPOCH=1700000000 TZ=UTC "$GPFORGE" build -q -o "$TMP/sde1"
SOURCE_DATE_EPOCH=1700000000 TZ=EST5EDT,M3.2.0,M11.1.0 "$GPFORGE" build -q \
	-o "$TMP/sde2"
check "SOURCE_DATE_EPOCH builds are identical (the second in another zone)" \
	diff -r "$TMP/sde1" "$TMP/sde2"
check "SOURCE_DATE_EPOCH builds: the zips are identical" \
	cmp -s "$TMP/sde1/bundles/gpo-backup.zip" \
	"$TMP/sde2/bundles/gpo-backup.zip"
SID=$(backup_id "$TMP/sde1")
check "SOURCE_DATE_EPOCH: bkupInfo.xml BackupTime" grep -q \
	'<BackupTime>2023-11-14T22:13:20</BackupTime>' \
	"$TMP/sde1/gpo/$SID/bkupInfo.xml"
check "SOURCE_DATE_EPOCH: manifest.xml BackupTime" grep -q \
	'<BackupTime>2023-11-14T22:13:20</BackupTime>' \
	"$TMP/sde1/gpo/manifest.xml"
pycheck zip-times "$TMP/sde1/bundles/gpo-backup.zip" 2023-11-14T22:13:20

"$GPFORGE" build -q -o "$TMP/rnd1"
sleep 1
"$GPFORGE" build -q -o "$TMP/rnd2"
pycheck ids-times "$TMP/rnd1" "$TMP/rnd2"

# --- 7. sender lists --------------------------------------------------------------
S=$TMP/senders.txt
printf '%s\n' '# senders of our own' '' 'Example.COM' \
	'  @Contoso.Com   # a comment after an entry' >"$S"
printf 'John.Doe@Fabrikam.COM\r\n' >>"$S"
printf '%s\n' '@example.com' 'news#1@tailspin.com' '	' '@B.Example.ORG' >>"$S"
run build -o "$TMP/s" --domain ad.contoso.com --senders "$S" \
	--add-sender Late@Woodgrove.NET --add-sender @contoso.com
expect "sender file: duplicates dropped with a warning naming both lines" 0 \
	"gpforge: warning: $S: line 6: @example.com repeats example.com from $S: line 3; dropped${nl}gpforge: warning: --add-sender: @contoso.com repeats @contoso.com from $S: line 4; dropped"
check "sender file: the summary counts 6 senders" \
	[ "$(cat "$TMP/out")" = "gpforge: built $TMP/s: 1 GPO, 6 senders" ]
printf '%s\r\n' example.com @contoso.com John.Doe@fabrikam.com \
	'news#1@tailspin.com' @b.example.org Late@woodgrove.net >"$TMP/ss.want"
same "sender file: SafeSenders.txt exactly (order kept, domains lower-cased, --add-sender last)" \
	"$TMP/ss.want" "$TMP/s/SafeSenders.txt"

# --- 8. bad input leaves an existing output alone ---------------------------------
K=$TMP/k
"$GPFORGE" build -q -o "$K/out"
snap() {
	(cd "$1" && find . | LC_ALL=C sort &&
		find . -type f -exec cksum {} + | LC_ALL=C sort)
}
snap "$K" >"$TMP/snap.before"

# refused LABEL STATUS MESSAGE ARGS...: "gpforge build -o $K/out ARGS"
# exits with STATUS, prints MESSAGE and leaves $K as it was.
refused() {
	rlabel=$1 rstatus=$2 rmessage=$3
	shift 3
	run build -o "$K/out" "$@"
	expect "$rlabel" "$rstatus" "$rmessage"
	snap "$K" >"$TMP/snap.after"
	check "$rlabel: the output folder is untouched" \
		cmp -s "$TMP/snap.before" "$TMP/snap.after"
	# A failure above must not spill into the next case.
	mv "$TMP/snap.after" "$TMP/snap.before"
}

# bad_sender LABEL ENTRY WHY: a sender file of the one line ENTRY.
bad_sender() {
	printf '%s\n' "$2" >"$TMP/bad.txt"
	refused "$1" 65 "gpforge: $TMP/bad.txt: line 1: '$2' is not a sender address or domain: $3" \
		--force --senders "$TMP/bad.txt"
}

refused "unknown option" 64 "gpforge build: unknown option '--bogus'$USAGE" \
	--force --bogus
refused "extra argument" 64 "gpforge build: unexpected argument 'extra'$USAGE" \
	--force extra
refused "option without its argument" 64 \
	"gpforge build: option '--domain' needs an argument$USAGE" --force --domain
refused "missing sender file" 66 \
	"gpforge: $TMP/none.txt: No such file or directory" \
	--force --senders "$TMP/none.txt"
mkdir "$TMP/adir"
refused "sender file is a folder" 66 "gpforge: $TMP/adir: is a directory" \
	--force --senders "$TMP/adir"
bad_sender "two @" 'a@@b.com' "it has more than one '@'"
bad_sender "one label" 'foo' 'the domain needs at least two labels (example.com)'
bad_sender "label starting with -" '-bad.com' "a domain label starts with '-'"
bad_sender "empty domain label" 'x@.com' 'the domain has an empty label'
bad_sender "two dots in the local part" 'a..b@x.com' \
	"the part before '@' has two dots in a row"
bad_sender "underscore in the domain" 'user@exa_mple.com' \
	"the domain may hold only letters, digits, '-' and dots"
printf 'ok.example.com\nb\303\274cher.de\n' >"$TMP/idn.txt"
refused "non-ASCII sender" 65 \
	"gpforge: $TMP/idn.txt: line 2: 'b$(printf '\303\274')cher.de' is not ASCII; write the domain in its punycode form (xn--...)" \
	--force --senders "$TMP/idn.txt"
printf 'a.com\n\000b.com\n' >"$TMP/nul.txt"
refused "NUL byte in the sender file" 65 \
	"gpforge: $TMP/nul.txt: line 2: NUL byte in the text" \
	--force --senders "$TMP/nul.txt"
refused "bad --add-sender" 65 \
	"gpforge: --add-sender: 'x@.com' is not a sender address or domain: the domain has an empty label" \
	--force --add-sender x@.com
: >"$TMP/empty.txt"
refused "empty sender file" 65 "gpforge: $TMP/empty.txt: no senders in the list" \
	--force --senders "$TMP/empty.txt"
printf '# nothing\n\n' >"$TMP/comments.txt"
refused "sender file of comments only" 65 \
	"gpforge: $TMP/comments.txt: no senders in the list" \
	--force --senders "$TMP/comments.txt"
refused "bad --domain" 64 \
	"gpforge: --domain 'bad_domain': the domain may hold only letters, digits, '-' and dots" \
	--force --domain bad_domain
refused "one-label --domain" 64 \
	"gpforge: --domain 'corp': the domain needs at least two labels (example.com)" \
	--force --domain corp
refused "--office-version 14.0" 64 \
	"gpforge: --office-version takes 16.0 or 15.0, not '14.0'" \
	--force --office-version 14.0
refused "--safe-senders-path of 261 characters" 64 \
	"gpforge: --safe-senders-path: 261 characters is longer than the 260 Outlook reads" \
	--force --safe-senders-path "${p260}x"
# shellcheck disable=SC1003
for p in 'share\SafeSenders.txt' 'C:/lists/SafeSenders.txt' \
	'1:\SafeSenders.txt' '\\'; do
	refused "--safe-senders-path '$p' is neither UNC nor a drive path" 64 \
		"gpforge: --safe-senders-path: '$p' is neither a UNC path (\\\\server\\share\\...) nor a drive path (C:\\...)" \
		--force --domain ad.contoso.com --safe-senders-path "$p"
done
refused "--safe-senders-path with a '*'" 64 \
	"gpforge: --safe-senders-path: 'C:\\a*.txt' holds a character Windows paths cannot" \
	--force --safe-senders-path 'C:\a*.txt'
refused "empty --safe-senders-path" 64 \
	"gpforge: --safe-senders-path is empty" --force --safe-senders-path ''
long=$(printf '%0255d' 0 | sed 's/0/é/g')
run build -q --deterministic --domain ad.contoso.com -o "$TMP/long" \
	--gpo-name "$long"
expect "--gpo-name of 255 characters (510 bytes)" 0 ""
refused "--gpo-name of 256 characters" 64 \
	"gpforge: --gpo-name must be 1 to 255 characters of UTF-8 without control characters" \
	--force --gpo-name "${long}é"
refused "empty --gpo-name" 64 \
	"gpforge: --gpo-name must be 1 to 255 characters of UTF-8 without control characters" \
	--force --gpo-name ''
export SOURCE_DATE_EPOCH=yesterday
refused "SOURCE_DATE_EPOCH that is not a number" 64 \
	"gpforge: SOURCE_DATE_EPOCH 'yesterday' is not a time from 1980 to 2107 in seconds" \
	--force --domain ad.contoso.com
export SOURCE_DATE_EPOCH=99999999999999999
refused "SOURCE_DATE_EPOCH past what a zip can hold" 64 \
	"gpforge: SOURCE_DATE_EPOCH '99999999999999999' is not a time from 1980 to 2107 in seconds" \
	--force --domain ad.contoso.com
unset SOURCE_DATE_EPOCH
refused "non-empty output folder without --force" 73 \
	"gpforge: $K/out: folder is not empty; use --force to replace it"

ln -s out "$K/link"
snap "$K" >"$TMP/snap.before"
run build -o "$K/link"
expect "an output path that is a symbolic link is refused" 73 \
	"gpforge: $K/link: exists and is not a folder"
run build --force -o "$K/link"
expect "... also with --force" 73 "gpforge: $K/link: exists and is not a folder"
snap "$K" >"$TMP/snap.after"
check "the symbolic link and its folder are untouched" \
	cmp -s "$TMP/snap.before" "$TMP/snap.after"

: >"$TMP/plain"
run build -o "$TMP/plain"
expect "an output path that is a file is refused" 73 \
	"gpforge: $TMP/plain: exists and is not a folder"
check "... and the file is left alone" [ ! -s "$TMP/plain" ]
run build -o "$TMP/nowhere/out" --domain ad.contoso.com
expect "an output folder whose parent is missing" 73 \
	"gpforge: $TMP/nowhere/out: cannot create a folder beside it: No such file or directory"

# --force replaces a non-empty folder.
F=$TMP/f/out
"$GPFORGE" build -q -o "$F"
echo stray >"$F/stray.txt"
mkdir "$F/old" && echo x >"$F/old/file"
run build -q --force -o "$F"
expect "--force: exit 0" 0 ""
files "$F" >"$TMP/f.got"
same "--force: the old files are gone, the kit is there" "$TMP/files.want" \
	"$TMP/f.got"
check "--force: nothing is left beside the output folder" \
	[ "$(ls -A "$TMP/f")" = out ]

# A folder holding only a README (like the repository's output/).
R=$TMP/r/output
mkdir -p "$R"
printf 'Keep me.\n' >"$R/README"
run build -q -o "$R"
expect "a folder with only README needs no --force" 0 ""
check "... and keeps its README" [ "$(cat "$R/README" 2>/dev/null)" = 'Keep me.' ]
{ echo README; cat "$TMP/files.want"; } | LC_ALL=C sort >"$TMP/r.want"
files "$R" >"$TMP/r.got"
same "... beside the kit's files" "$TMP/r.want" "$TMP/r.got"
pycheck zip "$R"

# An output folder named with a trailing slash is the same folder.
run build -q -o "$TMP/slash/"
expect "-o DIR/ (trailing slash) builds" 0 ""
mkdir "$TMP/slash2"
run build -q -o "$TMP/slash2/"
expect "-o DIR/ (trailing slash) into an empty folder builds" 0 ""
check "... and writes the kit there" [ -f "$TMP/slash2/SafeSenders.txt" ]

# A parent folder one cannot write to (root writes anyway).
if [ "$(id -u)" -eq 0 ]; then
	echo "skip: running as root; an unwritable parent folder cannot be tested"
else
	mkdir "$TMP/ro" && chmod 555 "$TMP/ro"
	run build -o "$TMP/ro/out" --domain ad.contoso.com
	expect "an unwritable parent folder" 73 \
		"gpforge: $TMP/ro/out: cannot create a folder beside it: Permission denied"
	check "... leaves nothing there" [ -z "$(ls -A "$TMP/ro")" ]
	chmod 755 "$TMP/ro"
fi

# --- 9. --templates -------------------------------------------------------------
T=$TMP/templates
mkdir -p "$T/senders" "$T/admx/en-US"
printf '# two only\n@alpha.example\nbeta@gamma.example\n' \
	>"$T/senders/mimecast-awareness-training.txt"
sed 's/>Specify path to Safe Senders list</>Safe Senders file (site)</' \
	"$A/PolicyDefinitions/en-US/gpforge-outlook.adml" \
	>"$T/admx/en-US/gpforge-outlook.adml"
run build -o "$TMP/t" --domain ad.contoso.com --templates "$T"
expect "--templates: exit 0" 0 ""
check "--templates: the summary counts 2 senders" \
	[ "$(cat "$TMP/out")" = "gpforge: built $TMP/t: 1 GPO, 2 senders" ]
printf '%s\r\n' @alpha.example beta@gamma.example >"$TMP/t.want"
same "--templates: the senders template is used" "$TMP/t.want" \
	"$TMP/t/SafeSenders.txt"
same "--templates: the ADML template is used" \
	"$T/admx/en-US/gpforge-outlook.adml" \
	"$TMP/t/PolicyDefinitions/en-US/gpforge-outlook.adml"
same "--templates: the other templates stay built-in" \
	"$A/PolicyDefinitions/gpforge-outlook.admx" \
	"$TMP/t/PolicyDefinitions/gpforge-outlook.admx"
pycheck xml "$TMP/t" ad.contoso.com "Outlook Safe Senders" \
	'\\ad.contoso.com\NETLOGON\SafeSenders.txt' \
	"Safe Senders file (site)|$P_IMPORT|$P_PICTURES"
printf 'bad..example\n' >"$T/senders/mimecast-awareness-training.txt"
run build -o "$TMP/t2" --templates "$T"
expect "--templates: a bad entry is named by its template file" 65 \
	"gpforge: $T/senders/mimecast-awareness-training.txt: line 1: 'bad..example' is not a sender address or domain: the domain has an empty label"

# --- 10. the written ADMX ----------------------------------------------------------
for d in "$A" "$B/o15"; do
	run admx lint --intune "$d/PolicyDefinitions"
	expect "admx lint --intune passes ${d#"$TMP"/}" 0 ""
	check "... and finds nothing" [ ! -s "$TMP/out" ]
done
xsd=$SHARED/xsd/admx/PolicyDefinitionFiles.xsd
if [ ! -f "$xsd" ]; then
	echo "skip: $xsd is absent; the ADMX schema is not checked"
elif ! command -v xmllint >/dev/null 2>&1; then
	echo "skip: xmllint is not installed; the ADMX schema is not checked"
else
	for f in "$A/PolicyDefinitions/gpforge-outlook.admx" \
		"$A/PolicyDefinitions/en-US/gpforge-outlook.adml" \
		"$B/o15/PolicyDefinitions/gpforge-outlook.admx"; do
		check "${f#"$TMP"/} validates against PolicyDefinitionFiles.xsd" \
			xmllint --noout --schema "$xsd" "$f" 2>"$TMP/xmllint"
	done
fi

finish
