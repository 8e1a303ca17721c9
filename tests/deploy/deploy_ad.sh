#!/bin/bash
# deploy_ad.sh - "gpforge deploy" against a throwaway Samba AD DC on
# loopback, inside a private network, mount and PID namespace.
#
# Three 20-OU batches, one per way of signing in (Kerberos; a password
# over StartTLS; a password file over LDAPS), each GPO checked by
# gpo_check.py (samba-tool gpo listall/show/getlink, GPT.INI, the
# directory object, the files); the Outlook values users of two OUs
# receive, through samba-gpupdate --rsop and gp_outlook_rsop.py; the
# lists read back from NETLOGON; a re-deploy that raises each version by
# one and duplicates nothing, and one that changes nothing; a new
# Central Store (--central-store) read back byte for byte, and left as
# it is by a second deploy; links the OUs had before (one disabled, one
# enforced) kept as they were;
# refusals that write nothing: a missing OU, an untrusted certificate, a
# wrong password, a GPO gpforge did not make (until --adopt, which also
# makes the parts a half-made GPO lacks); an IPv6
# address as --server; what --dry-run prints, and that it writes nothing.
#
# "deploy_ad.sh --self-test" (make check runs it as deploy_ad_self.sh)
# proves the checks instead: samba-tool and smbclient do what a deploy
# would, then the test breaks that state in each way a check looks for
# and expects the check to fail.
#
# Skips (77) where Samba or unshare is missing or unshare not permitted
# (but fails under CI=true when Samba is installed), and in make
# distcheck (GPFORGE_AD_TEST=distcheck, set by tests/deploy/local.mk),
# make check having run it already; GPFORGE_AD_TEST=run forces it.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/samba_dc.sh"
if [ "${GPFORGE_AD_TEST:-run}" = distcheck ]; then
	echo "skip: make check has run the AD deploy test; make distcheck" \
		"does not repeat it (GPFORGE_AD_TEST=run forces it)"
	exit 77
fi
dc_reexec "$0" "$@"

. "${SRCDIR:-$here/../..}/tests/lib.sh"
mode=${1:-deploy}
started=$(date +%s)
elapsed() { echo "# $1 after $(($(date +%s) - started)) s"; }

if [ "$mode" = deploy ] && ! "$GPFORGE" deploy --help >/dev/null 2>&1; then
	not_ok "gpforge deploy is missing ('$GPFORGE deploy --help' fails);" \
		"this test needs it"
	finish
	exit 1
fi

# --- the DC and its OUs -----------------------------------------------------
# smbd opens SYSVOL and NETLOGON files as each user's own uid.
chmod 711 "$TMP"
dc_init "$TMP/dc"
dc_isolate
dc_provision && dc_start && dc_wait && dc_after_start &&
	dc_register_rsop || exit 1
elapsed "the DC is up"

D=$DC_BASE
U1PASS='Pw-User1-2024!' U2PASS='Pw-User2-2024!' U3PASS='Pw-User3-2024!'
NETLOGON='\\'$DC_DNS'\NETLOGON'
MAIL='software\policies\microsoft\office\16.0\outlook\options\mail'
# What samba-tool gpo create grants on a GPO's folder, in another form
# (not protected, other order, no object entry), as gpforge deploy
# writes it; samba-tool gpo aclcheck refuses that form, gpo_check.py
# compares the rights (doc/KNOWN_BUGS.md).
SAME_RIGHTS='(A;OICIIO;0x001f01ff;;;CO)(A;OICI;0x001200a9;;;ED)'\
'(A;OICI;0x001200a9;;;AU)(A;OICI;0x001f01ff;;;SY)(A;OICI;0x001f01ff;;;DA)'\
'(A;OICI;0x001f01ff;;;EA)'
REGISTRY_CSE='{35378EAC-683F-11D2-A89A-00C04FBBCFA2}'
USER_TOOL='{D02B1F73-3407-48AE-BA88-E8213C6761F1}'
USER_EXTENSIONS="[$REGISTRY_CSE$USER_TOOL]"

# ou_name I: row I's OU, some with characters a DN escapes.
ou_name() {
	case $1 in
	3) printf 'Sales\\, EMEA %02d' "$1" ;;
	4) printf 'Café %02d' "$1" ;;
	5) printf "O'Brien %02d" "$1" ;;
	*) printf 'Team %02d' "$1" ;;
	esac
}

# table BATCH ROWS: a batch's OU table; row 2 has its own list, so its
# own path.
table() {
	echo "ou,gpo_name,senders"
	for i in $(seq 1 "$2"); do
		senders=
		[ "$i" -eq 2 ] && senders=dev.txt
		printf '"OU=%s,OU=%s,%s",Outlook %s %02d,%s\n' \
			"$(ou_name "$i")" "$1" "$D" "$1" "$i" "$senders"
	done
}

mkdir "$TMP/t"
printf '@dev.example.com\nalerts@build.example.org\n' >"$TMP/t/dev.txt"
for batch in Krb Tls Ldaps; do
	table "$batch" 20 >"$TMP/t/$batch.csv"
done
{
	for ou in Krb Tls Ldaps Extra; do
		echo "ou OU=$ou,$D"
	done
	for batch in Krb Tls Ldaps; do
		sed -n 's/^"\(.*\)",Outlook.*/ou \1/p' "$TMP/t/$batch.csv"
	done
	for ou in Empty Adopt Dry Six; do
		echo "ou OU=$ou,OU=Extra,$D"
	done
	echo "user u1 $U1PASS OU=Team 01,OU=Krb,$D"
	echo "user u2 $U2PASS OU=Team 02,OU=Krb,$D"
	echo "user u3 $U3PASS OU=Empty,OU=Extra,$D"
} | dc_populate || exit 1

# --- what the checks are made of --------------------------------------------
# build NAME TABLE [OPTION...]: gpforge build --ou-csv into $TMP/NAME.
build() {
	out=$1 csv=$2
	shift 2
	"$GPFORGE" build -q --domain "$DC_DNS" --ou-csv "$csv" \
		-o "$TMP/$out" "$@" || not_ok "gpforge build of $csv"
}

# gpo_check VERSION BATCH OUTPUT: gpo_check.py on a batch's table and
# build, its lines kept in $TMP/check.log.
gpo_check() {
	dc_gpo_check check "$1" "$TMP/t/$2.csv" "$TMP/$3" >"$TMP/check.log"
}

# batch_ok LABEL VERSION BATCH OUTPUT: every row of the batch checks.
batch_ok() {
	if gpo_check "$2" "$3" "$4"; then
		ok "$1 ($(grep -c '^ok' "$TMP/check.log") checks)"
	else
		not_ok "$1:"
		grep '^FAIL' "$TMP/check.log" | head -10 | sed 's/^/     /'
	fi
}

# batch_fails LABEL WHAT VERSION BATCH OUTPUT: the check fails on a line
# naming WHAT.
batch_fails() {
	if gpo_check "$3" "$4" "$5"; then
		not_ok "$1: the check passed"
	elif grep -q "^FAIL .*$2" "$TMP/check.log"; then
		ok "$1"
	else
		not_ok "$1: it failed, but not on '$2':"
		grep '^FAIL' "$TMP/check.log" | head -5 | sed 's/^/     /'
	fi
}

snapshot() { dc_gpo_check snapshot >"$TMP/$1"; }

# same_as BEFORE: nothing in the directory or SYSVOL changed since the
# snapshot BEFORE.
same_as() {
	snapshot after.snap
	cmp -s "$TMP/$1" "$TMP/after.snap"
}

unchanged() {
	if same_as "$2"; then
		ok "$1"
	else
		not_ok "$1:"
		diff "$TMP/$2" "$TMP/after.snap" | head -10 | sed 's/^/     /'
	fi
}

fails() { ! "$@"; }

gpo_count() { dc_tool gpo listall | grep -c '^GPO  '; }

# outlook GPO PATH [PICTURES]: the values users of GPO's OU must receive,
# as dc_rsop prints them; PICTURES 0 for a build with
# --no-picture-download.
outlook() {
	printf '%s\t%s\\junkmailsafesendersfile\tSZ:%s\n' "$1" "$MAIL" "$2"
	printf '%s\t%s\\junkmailimportlists\tDWORD:1\n' "$1" "$MAIL"
	[ "${3:-1}" = 0 ] ||
		printf '%s\t%s\\unblockspecificsenders\tDWORD:1\n' "$1" "$MAIL"
}

lower_keys() { awk -F '\t' '{ print $1 "\t" tolower($2) "\t" $3 }'; }

# rsop_is USER PASSWORD: samba-gpupdate --rsop shows USER exactly the
# values on standard input (key names compared case-blind).
rsop_is() {
	lower_keys | sort >"$TMP/want.rsop"
	dc_rsop "$1" "$2" | lower_keys | sort >"$TMP/got.rsop"
	[ "${PIPESTATUS[0]}" -eq 0 ] &&
		cmp -s "$TMP/want.rsop" "$TMP/got.rsop"
}

receives() {
	if rsop_is "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1:"
		diff "$TMP/want.rsop" "$TMP/got.rsop" | sed 's/^/     /'
	fi
}

# user_reads USER PASSWORD GPO BATCH OUTPUT: USER reads the GPO's
# GPT.INI and, byte for byte, its built User/Registry.pol over SMB, as
# a Windows client does.
user_reads() {
	guid=$(gpo_guid "$3")
	pol=$(dc_gpo_check rows "$TMP/t/$4.csv" "$TMP/$5" |
		awk -F '\t' -v n="$3" '$1 == n { print $3 }')
	rm -f "$TMP/read.ini" "$TMP/read.pol"
	smbclient -U "$1%$2" "//$DC_HOST/sysvol" \
		-c "cd $DC_DNS/Policies/$guid; get GPT.INI $TMP/read.ini;
		get User\\Registry.pol $TMP/read.pol" >/dev/null 2>&1
	grep -qs '^Version=' "$TMP/read.ini" && cmp -s "$TMP/read.pol" "$pol"
}

# netlogon_is NAME FILE: NAME, read from NETLOGON as the user u1, is
# FILE byte for byte.
netlogon_is() {
	rm -f "$TMP/netlogon.txt"
	smbclient -U "u1%$U1PASS" "//$DC_HOST/netlogon" \
		-c "get \"$1\" \"$TMP/netlogon.txt\"" >/dev/null 2>&1
	cmp -s "$TMP/netlogon.txt" "$2"
}

# libsmbclient keeps the name of its log file for the life of the
# process (smbc_new_context -> reopen_logs -> debug_set_logfile), which
# LeakSanitizer reports in a --enable-sanitizers build.  Its fast stack
# ends in libtalloc, which only Samba's libraries use in gpforge.
printf 'leak:libtalloc.so\n' >"$TMP/lsan.supp"
LSAN_OPTIONS="suppressions=$TMP/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS

deploy() {
	run deploy --server "$DC_HOST" --domain "$DC_DNS" "$@"
}

krb_deploy() { KRB5CCNAME=$DC_CCACHE deploy --kerberos "$@"; }

summary_line() {
	echo "gpforge: deployed to $DC_DNS: $1 created, $2 updated," \
		"$3 adopted, $4 linked, $5 unchanged"
}

# summary LABEL CREATED UPDATED ADOPTED LINKED UNCHANGED: the last
# deploy succeeded and printed exactly this summary.
summary() {
	expect "$1" 0 "$(summary_line "$2" "$3" "$4" "$5" "$6")"
}

# succeeded LABEL: the last deploy exited 0.
succeeded() {
	if [ "$status" -eq 0 ]; then
		ok "$1"
	else
		not_ok "$1: status $status, stderr:"
		sed 's/^/     /' "$TMP/err"
	fi
}

# refused LABEL BEFORE: the last deploy failed with a one-line message
# and wrote nothing since the snapshot BEFORE.
refused() {
	check "$1: a non-zero exit" test "$status" -ne 0
	check "$1: one line on standard error" \
		test "$(wc -l <"$TMP/err")" -eq 1
	unchanged "$1: nothing was written" "$2"
}

# --- the self-test: samba-tool does what a deploy would, then breaks it -----
gpo_guid() {
	dc_tool gpo listall | awk -v n="$1" '/^GPO  / { g = $3 }
		$0 == "display name : " n { print g }'
}

# sysvol GUID COMMANDS: smbclient commands in the GPO's SYSVOL folder.
sysvol() {
	smbclient -U "Administrator%$DC_ADMINPASS" "//$DC_HOST/sysvol" \
		-c "cd $DC_DNS/Policies/$1; $2" >/dev/null 2>&1
}

# folder_acl GUID SDDL: sets the NT ACL of the GPO's SYSVOL folder.
folder_acl() {
	samba-tool ntacl set -s "$DC_CONF" "$2" \
		"$DC_SYSVOL/$DC_DNS/Policies/$1" >/dev/null ||
		not_ok "samba-tool ntacl set $2 on $1"
}

gpt_ini() { printf '[General]\r\nVersion=%s\r\n' "$1" >"$TMP/GPT.INI"; }

# emulate_deploy BATCH OUTPUT: each GPO made by samba-tool gpo create,
# its files written by smbclient, version and extension names set, and
# linked by samba-tool gpo setlink.
emulate_deploy() {
	printf 'gpforge\r\n' >"$TMP/gpforge.txt"
	gpt_ini 65536
	dc_gpo_check rows "$TMP/t/$1.csv" "$TMP/$2" |
		while IFS=$'\t' read -r name ou pol; do
			guid=$(dc_tool_online gpo create "$name" 2>/dev/null |
				sed -n 's/.* created as //p')
			sysvol "$guid" "put $TMP/GPT.INI GPT.INI;
				put $TMP/gpforge.txt gpforge.txt;
				cd User; put \"$pol\" Registry.pol"
			dn="CN=$guid,CN=Policies,CN=System,$D"
			dc_gpo_check set "$dn" versionNumber 65536
			dc_gpo_check set "$dn" gPCUserExtensionNames \
				"$USER_EXTENSIONS"
			dc_tool_online gpo setlink "$ou" "$guid" >/dev/null
		done
}

# self_test_checker: a right state checks; each break of it fails on
# its own line; the snapshot sees writes to the directory and to SYSVOL.
self_test_checker() {
	g=$(gpo_guid "Outlook Krb 01")
	dn="CN=$g,CN=Policies,CN=System,$D"
	ou="OU=Team 01,OU=Krb,$D"
	pol=$(dc_gpo_check rows "$TMP/t/Self.csv" "$TMP/Self" |
		awk -F '\t' 'NR == 1 { print $3 }')

	batch_ok "self-test: a deploy done by samba-tool checks" \
		65536 Self Self
	batch_fails "self-test: expecting another version fails" \
		"versionNumber is 131072" 131072 Self Self

	gpt_ini 131072
	sysvol "$g" "put $TMP/GPT.INI GPT.INI"
	batch_fails "self-test: GPT.INI one version ahead fails" \
		"Outlook Krb 01: GPT.INI" 65536 Self Self
	gpt_ini 65536
	sysvol "$g" "put $TMP/GPT.INI GPT.INI"

	dc_gpo_check set "$dn" versionNumber 131072
	batch_fails "self-test: versionNumber one version ahead fails" \
		"Outlook Krb 01: versionNumber" 65536 Self Self
	snapshot quiet.snap
	dc_gpo_check set "$dn" versionNumber 65536
	check "self-test: the snapshot sees a directory write" \
		fails same_as quiet.snap

	dc_gpo_check set "$dn" gPCUserExtensionNames \
		'[{D02B1F73-3407-48AE-BA88-E8213C6761F1}]'
	batch_fails "self-test: no registry CSE in the names fails" \
		"Outlook Krb 01: user extension names" 65536 Self Self
	dc_gpo_check set "$dn" gPCUserExtensionNames "$USER_EXTENSIONS"

	dc_tool_online gpo dellink "$ou" "$g" >/dev/null
	batch_fails "self-test: a missing link fails" \
		"Outlook Krb 01: getlink" 65536 Self Self
	dc_tool_online gpo setlink "$ou" "$g" >/dev/null
	link=$(dc_gpo_check get "$ou" gPLink)
	dc_gpo_check set "$ou" gPLink "$link$link"
	batch_fails "self-test: a link twice fails" \
		"Outlook Krb 01: getlink" 65536 Self Self
	dc_gpo_check set "$ou" gPLink "$link"
	dc_tool_online gpo setlink "OU=Team 02,OU=Krb,$D" "$g" >/dev/null
	batch_fails "self-test: a link to another OU as well fails" \
		"Outlook Krb 01: listcontainers" 65536 Self Self
	dc_tool_online gpo dellink "OU=Team 02,OU=Krb,$D" "$g" >/dev/null

	# samba-tool gpo create refuses a name twice; a deploy might not.
	g2=$(dc_tool_online gpo create "Outlook Krb 01 (2)" 2>/dev/null |
		sed -n 's/.* created as //p')
	dc_gpo_check set "CN=$g2,CN=Policies,CN=System,$D" displayName \
		"Outlook Krb 01"
	batch_fails "self-test: a second GPO of the name fails" \
		"Outlook Krb 01: listall holds it once" 65536 Self Self
	dc_tool_online gpo del "$g2" >/dev/null

	sysvol "$g" "cd User; put $TMP/Self/gpo/manifest.xml Registry.pol"
	batch_fails "self-test: another Registry.pol fails" \
		"Outlook Krb 01: User/Registry.pol" 65536 Self Self
	sysvol "$g" "cd User; put \"$pol\" Registry.pol"
	sysvol "$g" "del gpforge.txt"
	batch_fails "self-test: no gpforge.txt fails" \
		"Outlook Krb 01: gpforge.txt" 65536 Self Self
	snapshot quiet.snap
	sysvol "$g" "put $TMP/gpforge.txt gpforge.txt"
	check "self-test: the snapshot sees a SYSVOL write" \
		fails same_as quiet.snap

	folder_acl "$g" "O:DAG:DAD:$SAME_RIGHTS"
	check "self-test: the same rights in another form check" gpo_check \
		65536 Self Self
	folder_acl "$g" "O:DAG:DAD:${SAME_RIGHTS/(A;OICI;0x001200a9;;;AU)/}"
	batch_fails "self-test: a folder users may not read fails" \
		"Outlook Krb 01: its SYSVOL folder grants" 65536 Self Self
	check "self-test: ... and u1 cannot read its files" \
		fails user_reads u1 "$U1PASS" "Outlook Krb 01" Self Self
	# Not the form samba-tool gpo create wrote: samba-tool ntacl set
	# maps its empty object entry for AU onto the POSIX ACL as no rights.
	folder_acl "$g" "O:DAG:DAD:$SAME_RIGHTS"
	check "self-test: repaired, u1 reads its GPO's files from SYSVOL" \
		user_reads u1 "$U1PASS" "Outlook Krb 01" Self Self
	batch_ok "self-test: repaired, it checks again" 65536 Self Self
}

# self_test_rsop: exactly the values, no fewer, no more, not another
# path; then NETLOGON.
self_test_rsop() {
	receives "self-test: u1 receives the three values" u1 "$U1PASS" \
		< <(outlook "Outlook Krb 01" "$NETLOGON\\SafeSenders.txt")
	check "self-test: expecting two of them fails" \
		fails rsop_is u1 "$U1PASS" \
		< <(outlook "Outlook Krb 01" "$NETLOGON\\SafeSenders.txt" 0)
	check "self-test: expecting another path fails" \
		fails rsop_is u1 "$U1PASS" \
		< <(outlook "Outlook Krb 01" "$NETLOGON\\Other.txt")
	receives "self-test: u2 receives its own path" u2 "$U2PASS" \
		< <(outlook "Outlook Krb 02" "$NETLOGON\\SafeSenders-dev.txt")
	check "self-test: u3 receives nothing" rsop_is u3 "$U3PASS" </dev/null
	check "self-test: u3 does not receive u1's values" \
		fails rsop_is u3 "$U3PASS" \
		< <(outlook "Outlook Krb 01" "$NETLOGON\\SafeSenders.txt")

	{
		"$GPFORGE" pol dump "$pol"
		printf 'User\n%s\njunkmailtrustcontacts\nDWORD:1\n\n' "$MAIL"
	} >"$TMP/four.txt"
	"$GPFORGE" pol compile "$TMP/four.txt" -o "$TMP/four.pol"
	sysvol "$g" "cd User; put $TMP/four.pol Registry.pol"
	check "self-test: a fourth value fails" fails rsop_is u1 "$U1PASS" \
		< <(outlook "Outlook Krb 01" "$NETLOGON\\SafeSenders.txt")
	sysvol "$g" "cd User; put \"$pol\" Registry.pol"

	smbclient -U "Administrator%$DC_ADMINPASS" "//$DC_HOST/netlogon" \
		-c "put $TMP/Self/SafeSenders.txt SafeSenders.txt" \
		>/dev/null 2>&1
	check "self-test: SafeSenders.txt reads back from NETLOGON" \
		netlogon_is SafeSenders.txt "$TMP/Self/SafeSenders.txt"
	check "self-test: another list does not" \
		fails netlogon_is SafeSenders.txt "$TMP/t/dev.txt"
}

if [ "$mode" = --self-test ]; then
	head -5 "$TMP/t/Krb.csv" >"$TMP/t/Self.csv"
	build Self "$TMP/t/Self.csv"
	snapshot before.snap
	check "self-test: two snapshots of a quiet DC are equal" \
		same_as before.snap
	emulate_deploy Self Self
	check "self-test: the snapshot sees a deploy" fails same_as before.snap
	check "self-test: samba-tool gpo aclcheck passes" \
		dc_tool_online gpo aclcheck
	self_test_checker
	self_test_rsop
	elapsed "done"
	finish
	exit
fi

# --- three batches, three ways of signing in --------------------------------
for batch in Krb Tls Ldaps; do
	build "$batch" "$TMP/t/$batch.csv"
done
printf '%s\n' "$DC_ADMINPASS" >"$TMP/t/password"
printf 'wrong\n' >"$TMP/t/wrong"

# Links two OUs had before, to a GPO of someone else's: one disabled,
# one enforced.  The deploy must keep both, with their options.
old=$(dc_tool_online gpo create "Not gpforge's" 2>/dev/null |
	sed -n 's/.* created as //p')
OLD_DISABLED="OU=$(ou_name 6),OU=Krb,$D"
OLD_ENFORCED="OU=$(ou_name 3),OU=Krb,$D"
dc_tool_online gpo setlink "$OLD_DISABLED" "$old" --disable >/dev/null &&
	dc_tool_online gpo setlink "$OLD_ENFORCED" "$old" --enforce \
		>/dev/null || not_ok "samba-tool gpo setlink of $old"

dc_kinit Administrator "$DC_ADMINPASS" || exit 1
krb_deploy --copy-lists "$TMP/Krb"
summary "Kerberos: 20 GPOs created and linked" 20 0 0 20 0

snapshot krb.snap
GPFORGE_PASSWORD=$DC_ADMINPASS deploy --user Administrator "$TMP/Tls"
refused "StartTLS without --ca-cert refuses the DC's certificate" krb.snap
GPFORGE_PASSWORD=$DC_ADMINPASS deploy --user Administrator \
	--ca-cert "$DC_CA" "$TMP/Tls"
summary "StartTLS and a password: 20 GPOs created and linked" 20 0 0 20 0

snapshot tls.snap
deploy --user Administrator --password-file "$TMP/t/wrong" --ldaps \
	--ca-cert "$DC_CA" "$TMP/Ldaps"
refused "a wrong password" tls.snap
deploy --user Administrator --password-file "$TMP/t/password" --ldaps \
	--ca-cert "$DC_CA" "$TMP/Ldaps"
summary "LDAPS and a password file: 20 GPOs created and linked" 20 0 0 20 0
elapsed "three batches deployed"

for batch in Krb Tls Ldaps; do
	batch_ok "$batch: each GPO once, version 1, files, names, link" \
		65536 "$batch" "$batch"
done
batch_fails "the check can fail: version 2 is not there" \
	"versionNumber is 131072" 131072 Tls Tls
check "no other GPO appeared" test "$(gpo_count)" -eq 63
elapsed "three batches checked"

# links_are LABEL OU GUID OPTIONS...: samba-tool gpo getlink lists on
# OU exactly these links, in this order.
links_are() {
	label=$1 ou=$2
	shift 2
	printf '%s\t%s\n' "$@" >"$TMP/want.links"
	dc_gpo_check getlink "$ou" >"$TMP/got.links"
	if cmp -s "$TMP/want.links" "$TMP/got.links"; then
		ok "$label"
	else
		not_ok "$label:"
		diff "$TMP/want.links" "$TMP/got.links" | sed 's/^/     /'
	fi
}
links_are "an OU's disabled link stays, after the new one" \
	"$OLD_DISABLED" "$(gpo_guid "Outlook Krb 06")" NONE \
	"$old" GPLINK_OPT_DISABLE
links_are "an OU's enforced link stays, after the new one" \
	"$OLD_ENFORCED" "$(gpo_guid "Outlook Krb 03")" NONE \
	"$old" GPLINK_OPT_ENFORCE

# --- what users receive -----------------------------------------------------
receives "u1 receives exactly the three Outlook values" u1 "$U1PASS" \
	< <(outlook "Outlook Krb 01" "$NETLOGON\\SafeSenders.txt")
receives "u2 receives its own OU's path" u2 "$U2PASS" \
	< <(outlook "Outlook Krb 02" "$NETLOGON\\SafeSenders-dev.txt")
receives "u3, in an OU without a GPO, receives nothing" u3 "$U3PASS" \
	</dev/null
check "u1 reads its GPO's files from SYSVOL" \
	user_reads u1 "$U1PASS" "Outlook Krb 01" Krb Krb
check "SafeSenders.txt reads back from NETLOGON" \
	netlogon_is SafeSenders.txt "$TMP/Krb/SafeSenders.txt"
check "SafeSenders-dev.txt reads back from NETLOGON" \
	netlogon_is SafeSenders-dev.txt "$TMP/Krb/SafeSenders-dev.txt"

# --- re-deploys -------------------------------------------------------------
build Krb2 "$TMP/t/Krb.csv" --no-picture-download
GPFORGE_PASSWORD=$DC_ADMINPASS deploy --user Administrator --insecure-tls \
	"$TMP/Krb2"
succeeded "a changed batch re-deploys (StartTLS, --insecure-tls)"
check "its summary counts 20 updated" \
	test "$(tail -1 "$TMP/err")" = "$(summary_line 0 20 0 0 0)"
batch_ok "Krb: each version went up by one, nothing twice" \
	131072 Krb Krb2
batch_ok "Tls: left as it was" 65536 Tls Tls
check "no GPO was duplicated" test "$(gpo_count)" -eq 63
receives "u1 now receives the two values left" u1 "$U1PASS" \
	< <(outlook "Outlook Krb 01" "$NETLOGON\\SafeSenders.txt" 0)

snapshot krb2.snap
krb_deploy "$TMP/Krb2"
summary "the same batch again: all unchanged" 0 0 0 0 20
unchanged "the same batch again: nothing was written" krb2.snap
elapsed "re-deploys checked"

# --- the Central Store ------------------------------------------------------
STORE=$DC_DNS/Policies/PolicyDefinitions

# store_files DIR: the templates under DIR, one relative path a line.
store_files() {
	(cd "$1" && find . -type f \( -name '*.admx' -o -name '*.adml' \) |
		sed 's|^\./||' | LC_ALL=C sort)
}

# store_is OUTPUT: the Central Store holds OUTPUT's templates and no
# others, each read back over SMB as u1 and equal byte for byte.
store_is() {
	store_files "$1/PolicyDefinitions" >"$TMP/store.want"
	[ -s "$TMP/store.want" ] || return 1
	store_files "$DC_SYSVOL/$STORE" | cmp -s - "$TMP/store.want" ||
		return 1
	while read -r file; do
		rm -f "$TMP/store.got"
		smbclient -U "u1%$U1PASS" "//$DC_HOST/sysvol" \
			-c "get \"$STORE/$file\" \"$TMP/store.got\"" \
			>/dev/null 2>&1
		cmp -s "$TMP/store.got" "$1/PolicyDefinitions/$file" ||
			return 1
	done <"$TMP/store.want"
}

# stamps: each Central Store file's inode and time; a rewrite changes
# both (deploy writes a new file and renames it over the old).
stamps() {
	find "$DC_SYSVOL/$STORE" -exec stat -c '%i %Y %n' {} + | sort
}
stamps_are() { stamps | cmp -s - "$1"; }

check "no Central Store before the test" test ! -e "$DC_SYSVOL/$STORE"
krb_deploy --central-store --copy-lists "$TMP/Krb2"
succeeded "--central-store: a new Central Store is created"
check "--central-store: the GPOs are unchanged" \
	test "$(tail -1 "$TMP/err")" = "$(summary_line 0 0 0 0 20)"
check "--central-store: it warns of the new Central Store" \
	grep -q '^gpforge: warning: .*PolicyDefinitions: a new Central Store' \
	"$TMP/err"
check "the Central Store holds the output's templates, byte for byte" \
	store_is "$TMP/Krb2"
check "the Central Store was filled under another name, then renamed" \
	test ! -e "$DC_SYSVOL/$STORE.gpforge-new"
check "SafeSenders.txt still reads back from NETLOGON" \
	netlogon_is SafeSenders.txt "$TMP/Krb2/SafeSenders.txt"

snapshot store.snap
stamps >"$TMP/store.stamps"
krb_deploy --central-store --copy-lists --verbose "$TMP/Krb2"
succeeded "--central-store again: it succeeds"
check "--central-store again: the GPOs are unchanged" \
	test "$(tail -1 "$TMP/err")" = "$(summary_line 0 0 0 0 20)"
check "--central-store again: no file is written" \
	fails grep -q 'written from' "$TMP/err" "$TMP/out"
unchanged "--central-store again: the directory and SYSVOL" store.snap
check "--central-store again: no template was rewritten" \
	stamps_are "$TMP/store.stamps"
check "the Central Store still holds the output's templates" \
	store_is "$TMP/Krb2"
elapsed "the Central Store checked"

# --- refusals ---------------------------------------------------------------
printf 'ou,gpo_name\n"OU=Dry,OU=Extra,%s",Outlook Extra 1\n' "$D" \
	>"$TMP/t/Ghost.csv"
printf '"OU=Ghost,%s",Outlook Ghost\n' "$D" >>"$TMP/t/Ghost.csv"
build Ghost "$TMP/t/Ghost.csv"
snapshot ghost.snap
krb_deploy "$TMP/Ghost"
refused "a missing OU" ghost.snap
check "the refusal names the missing OU" grep -q 'OU=Ghost' "$TMP/err"

dc_tool_online gpo create "Outlook Extra 2" >/dev/null 2>&1
printf 'ou,gpo_name\n"OU=Adopt,OU=Extra,%s",Outlook Extra 2\n' "$D" \
	>"$TMP/t/Adopt.csv"
build Adopt "$TMP/t/Adopt.csv"
snapshot adopt.snap
krb_deploy "$TMP/Adopt"
refused "a GPO of the same name without gpforge.txt" adopt.snap
krb_deploy --adopt "$TMP/Adopt"
summary "--adopt takes it over, updated and linked" 0 1 1 1 0
batch_ok "the adopted GPO: once, version 1, files, names, link" \
	65536 Adopt Adopt
# Its settings already the build's, taking it over is still a change.
sysvol "$(gpo_guid "Outlook Extra 2")" "del gpforge.txt"
krb_deploy --adopt "$TMP/Adopt"
summary "--adopt of a GPO that needs no update counts it adopted" \
	0 0 1 0 0
batch_ok "... and it has its gpforge.txt again" 65536 Adopt Adopt
# A create stopped after its LDAP add: no CN=User, no SYSVOL folder.
# --adopt makes them as the create would, the folder with the ACL.
adopted=$(gpo_guid "Outlook Extra 2")
dc_gpo_check delete "CN=User,CN=$adopted,CN=Policies,CN=System,$D"
rm -rf "${DC_SYSVOL:?}/$DC_DNS/Policies/$adopted"
krb_deploy --adopt "$TMP/Adopt"
summary "--adopt of a half-made GPO updates and adopts it" 0 1 1 0 0
batch_ok "... and makes it whole: CN=User, folder, ACL, files" \
	131072 Adopt Adopt

# --- an IPv6 address as --server ------------------------------------------
# SYSVOL through libsmbclient, whose URLs take such an address only
# %-encoded and without brackets.  A password: tickets name hosts.
if ip -6 addr show dev lo 2>/dev/null | grep -q 'inet6 ::1/'; then
	printf 'ou,gpo_name\n"OU=Six,OU=Extra,%s",Outlook Extra 6\n' "$D" \
		>"$TMP/t/Six.csv"
	build Six "$TMP/t/Six.csv"
	GPFORGE_PASSWORD=$DC_ADMINPASS run deploy --server ::1 \
		--domain "$DC_DNS" --user Administrator --insecure-tls \
		"$TMP/Six"
	summary "--server ::1: created and linked over IPv6" 1 0 0 1 0
	batch_ok "the GPO deployed over IPv6 checks" 65536 Six Six
else
	echo "# skip: loopback has no IPv6 address; --server ::1 not tried"
fi

# --- --dry-run ----------------------------------------------------------------
printf 'ou,gpo_name\n"OU=Dry,OU=Extra,%s",Outlook Extra 3\n' "$D" \
	>"$TMP/t/Dry.csv"
build Dry "$TMP/t/Dry.csv"
snapshot dry.snap
krb_deploy --dry-run "$TMP/Dry"
dry_summary=$(summary_line 1 0 0 1 0 | sed 's/deployed/would deploy/')
expect "--dry-run succeeds and says what it would do" 0 \
	"$dry_summary (dry run: nothing written)"
unchanged "--dry-run writes nothing" dry.snap

# shows LABEL LINE: --dry-run printed LINE, whole.
shows() { check "--dry-run prints $1" grep -qxF -- "$2" "$TMP/out"; }
new=$(sed -n "s/^GPO 'Outlook Extra 3': create as \({[^}]*}\);.*/\1/p" \
	"$TMP/out")
dry_dn="CN=$new,CN=Policies,CN=System,$D"
dry_folder="\\\\$DC_HOST\\sysvol\\$DC_DNS\\Policies\\$new"
check "--dry-run names a new GUID for the GPO" \
	test -n "$new" -a -z "$(gpo_guid "Outlook Extra 3")"
shows "the GPO and its link" \
	"GPO 'Outlook Extra 3': create as $new; link to OU=Dry,OU=Extra,$D"
shows "the LDAP add" "  ldap add $dry_dn"
shows "its object class" "    objectClass: groupPolicyContainer"
shows "the SMB write of GPT.INI" \
	"  smb write $dry_folder\\GPT.INI (26 bytes)"
shows "the SMB write of Registry.pol" \
	"  smb write $dry_folder\\User\\Registry.pol ($(wc -c <"$(
		dc_gpo_check rows "$TMP/t/Dry.csv" "$TMP/Dry" | cut -f3
	)") bytes)"
shows "the gPLink change on the OU" "  ldap modify OU=Dry,OU=Extra,$D"
shows "the link it adds" "    add gPLink: [LDAP://$dry_dn;0]"

elapsed "done"
finish
