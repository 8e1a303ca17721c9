#!/bin/sh
# The mail-side kit of "gpforge build": allowlists/ for Defender, Google
# Workspace and the gateway, checked by exact content, with the
# PowerShell literals decoded by ps_decode.py.
. "${SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"
py=/usr/bin/python3
nl='
'

# The single-quoted literals of a .ps1, one JSON string a line.
literals() { "$py" "$SRCDIR/tests/ps_decode.py" "$1"; }

run build -q --deterministic -o "$TMP/d"
expect "a default build" 0 ""
A=$TMP/d/allowlists
check "allowlists/ holds the four files" \
	test "$(ls "$A" | tr '\n' ' ')" = "Set-DefenderPhishSimOverride.ps1 gateway-managed-urls.csv gateway-permitted-senders.csv google-workspace-image-proxy.txt "
cat >"$TMP/google.want" <<'TXT'
# Google Workspace: Image URL proxy allowlist for the phishing-
# simulation mail, made by gpforge.  Admin console > Apps >
# Google Workspace > Gmail > End User Access > Image URL proxy
# allowlist: add each line below as one entry.
https://*.therelayservice.com/
https://s3.amazonaws.com/
TXT
check "google-workspace-image-proxy.txt" cmp -s "$A/google-workspace-image-proxy.txt" "$TMP/google.want"
printf '"URL","Action","Comment"\r\n"https://*.therelayservice.com/","Permit","phishing landing pages"\r\n"https://s3.amazonaws.com/","Permit","images and video posters in notifications"\r\n' >"$TMP/urls.want"
check "gateway-managed-urls.csv" cmp -s "$A/gateway-managed-urls.csv" "$TMP/urls.want"
{
	printf '"Sender","Type","Comment"\r\n'
	grep '^@' "$TMP/d/SafeSenders.txt" | tr -d '\r' |
		sed 's/^@\(.*\)$/"*@\1","domain","sending domain"/' | sed 's/$/\r/'
	printf '"noreply@therelaysvc.com","address","envelope sender"\r\n'
	printf '"noreply@therelayservice.com","address","envelope sender"\r\n'
} >"$TMP/senders.want"
check "gateway-permitted-senders.csv: 30 domains and 2 envelope senders" \
	cmp -s "$A/gateway-permitted-senders.csv" "$TMP/senders.want"
check "the test sender stays out by default" \
	sh -c "! grep -q securityvault '$A/gateway-permitted-senders.csv' '$A/Set-DefenderPhishSimOverride.ps1'"

literals "$A/Set-DefenderPhishSimOverride.ps1" >"$TMP/lits"
check "Defender: the envelope domains" grep -qx '"therelaysvc.com"' "$TMP/lits"
check "Defender: both envelope domains" grep -qx '"therelayservice.com"' "$TMP/lits"
check "Defender: no sending domain is listed" sh -c "! grep -q 'account-renewals' '$TMP/lits'"
check "Defender: URLs as Tenant Allow/Block List entries" \
	sh -c "grep -qx '\"\\*.therelayservice.com/\\*\"' '$TMP/lits' && grep -qx '\"s3.amazonaws.com/\\*\"' '$TMP/lits'"
check "Defender: -SenderIpRanges is mandatory without --defender-ip" \
	grep -q 'Mandatory = \$true' "$A/Set-DefenderPhishSimOverride.ps1"
"$py" - "$TMP/lits" <<'PY' && ok "Defender: no IP range in the script" || not_ok "Defender: no IP range in the script"
import ipaddress, json, sys
for line in open(sys.argv[1]):
    text = json.loads(line)
    try:
        ipaddress.ip_network(text, strict=False)
        sys.exit(1)
    except ValueError:
        pass
PY
for z in gpo-backup intune; do
	check "$z.zip holds allowlists/" \
		sh -c "unzip -Z1 '$TMP/d/bundles/$z.zip' | grep -qx 'allowlists/gateway-managed-urls.csv'"
done

# --- a custom list: extra envelope senders, domains, URLs and ranges -----
printf '@sim.example.com\nalerts@sim.example.net\nNoReply@Mail.Example.ORG\n' >"$TMP/list.txt"
run build -q --senders "$TMP/list.txt" --defender-domain extra.example.com \
	--landing-url https://landing.example.com/ --landing-url 'https://img.example.com/a?b=1' \
	--defender-ip 203.0.113.0/24 --defender-ip 2001:db8::/48 \
	--include-test-sender -o "$TMP/c"
expect "a custom build" 0 ""
A=$TMP/c/allowlists
printf '"Sender","Type","Comment"\r\n"*@sim.example.com","domain","sending domain"\r\n"alerts@sim.example.net","address","envelope sender"\r\n"NoReply@mail.example.org","address","envelope sender"\r\n"noreply@securityvault.com","address","the vendor'"'"'s test system only"\r\n' >"$TMP/senders.want"
check "custom permitted senders, test sender last" cmp -s "$A/gateway-permitted-senders.csv" "$TMP/senders.want"
printf '"URL","Action","Comment"\r\n"https://landing.example.com/","Permit","given with --landing-url"\r\n"https://img.example.com/a?b=1","Permit","given with --landing-url"\r\n' >"$TMP/urls.want"
check "custom managed URLs" cmp -s "$A/gateway-managed-urls.csv" "$TMP/urls.want"
check "custom Google list" test "$(grep -v '^#' "$A/google-workspace-image-proxy.txt" | tr '\n' ' ')" = "https://landing.example.com/ https://img.example.com/a?b=1 "
literals "$A/Set-DefenderPhishSimOverride.ps1" >"$TMP/lits"
for want in sim.example.net mail.example.org securityvault.com extra.example.com \
	'landing.example.com/*' 'img.example.com/a?b=1' 203.0.113.0/24 2001:db8::/48; do
	check "Defender literal $want" grep -qxF "\"$want\"" "$TMP/lits"
done
check "Defender: the @domain entry is no envelope domain" \
	sh -c "! grep -qxF '\"sim.example.com\"' '$TMP/lits'"
check "Defender: ranges given, so not mandatory" \
	sh -c "! grep -q 'Mandatory = \$true' '$A/Set-DefenderPhishSimOverride.ps1'"

# --- refusals and --no-allowlists -----------------------------------------
run build -q --defender-ip 300.1.1.1 -o "$TMP/x"
expect "an invalid IP range is refused" 64 "gpforge: --defender-ip '300.1.1.1' is not an IPv4 or IPv6 address or CIDR range"
run build -q --defender-ip 10.0.0.0/33 -o "$TMP/x"
expect "a prefix past /32 is refused" 64 "gpforge: --defender-ip '10.0.0.0/33' is not an IPv4 or IPv6 address or CIDR range"
run build -q --landing-url ftp://x.example.com/ -o "$TMP/x"
expect "a non-http URL is refused" 64 "gpforge: --landing-url 'ftp://x.example.com/': it does not start with https:// or http://"
run build -q --defender-domain bad_domain -o "$TMP/x"
expect "a bad Defender domain is refused" 64 "gpforge: --defender-domain 'bad_domain': the domain may hold only letters, digits, '-' and dots"
check "nothing was written for the refusals" test ! -e "$TMP/x"
i=0
: >"$TMP/many.txt"
while [ $i -lt 21 ]; do
	echo "noreply@sim$i.example.com" >>"$TMP/many.txt"
	i=$((i + 1))
done
run build -q --senders "$TMP/many.txt" -o "$TMP/x"
expect "more envelope domains than Defender takes" 65 "gpforge: the sender list gives 21 envelope domains for Defender (with --defender-domain); its override rule takes at most 20: list fewer, or use --no-allowlists"
check "and nothing is written" test ! -e "$TMP/x"
run build -q --senders "$TMP/many.txt" --no-allowlists -o "$TMP/many"
check "--no-allowlists lets such a list through" test -s "$TMP/many/SafeSenders.txt"
run build -q --no-allowlists -o "$TMP/n"
check "--no-allowlists writes no folder" test ! -e "$TMP/n/allowlists"
check "--no-allowlists keeps it out of the zips" \
	sh -c "! unzip -Z1 '$TMP/n/bundles/gpo-backup.zip' | grep -q allowlists"
check "the report has the mail systems section" grep -q '<h2>Mail systems</h2>' "$TMP/d/report.html"
check "and the note on outbound mail flow" grep -q 'Outbound mail flow' "$TMP/d/report.html"
check "--no-allowlists leaves it out of the report" sh -c "! grep -q 'Mail systems' '$TMP/n/report.html'"
finish
