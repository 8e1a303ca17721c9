#!/bin/bash
# bench/deploy.sh - times "gpforge deploy" of 200 GPOs to 200 OUs against
# 200 "samba-tool gpo create" + "samba-tool gpo setlink" pairs, on one
# throwaway Samba AD DC in one run (tests/deploy/samba_dc.sh: loopback
# only, inside unshare -n -m; needs root and the Samba packages).  Both
# sign in as Administrator with a password; gpforge over StartTLS.  Prints
# both times, the ratio, and the time of a second deploy that finds
# everything unchanged.  It asserts nothing.
#
# Usage: bench/deploy.sh [COUNT]   (default 200; GPFORGE names the binary,
# default ./gpforge)
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/deploy/samba_dc.sh"
GPFORGE=$(cd "$(dirname "${GPFORGE:-./gpforge}")" &&
	pwd)/$(basename "${GPFORGE:-./gpforge}")
export GPFORGE
dc_reexec "$0" "$@"
count=${1:-200}

if ! "$GPFORGE" deploy --help >/dev/null 2>&1; then
	echo "bench/deploy.sh: $GPFORGE has no deploy command" >&2
	exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/gpforge-deploy.XXXXXX")
chmod 711 "$work"
trap 'rm -rf "$work"' EXIT
dc_init "$work/dc"
dc_isolate
dc_provision && dc_start && dc_wait && dc_after_start || exit 1

seconds() { date +%s.%N; }
elapsed() { echo "$1 $(seconds)" | awk '{ printf "%.2f", $2 - $1 }'; }

# One OU tree for each tool, so that each starts on OUs without links.
team() { printf 'OU=Team %03d,OU=Bench %s,%s' "$1" "$2" "$DC_BASE"; }
{
	echo "ou OU=Bench gpforge,$DC_BASE"
	echo "ou OU=Bench samba-tool,$DC_BASE"
	for i in $(seq 1 "$count"); do
		echo "ou $(team "$i" gpforge)"
		echo "ou $(team "$i" samba-tool)"
	done
} | dc_populate || exit 1

{
	echo "ou,gpo_name"
	for i in $(seq 1 "$count"); do
		printf '"%s",Bench gpforge %03d\n' "$(team "$i" gpforge)" "$i"
	done
} >"$work/ous.csv"
"$GPFORGE" build -q --domain "$DC_DNS" --ou-csv "$work/ous.csv" \
	-o "$work/out" || exit 1

export GPFORGE_PASSWORD=$DC_ADMINPASS
deploy() {
	"$GPFORGE" deploy --server "$DC_HOST" --domain "$DC_DNS" \
		--user Administrator --ca-cert "$DC_CA" "$work/out" \
		2>"$work/deploy.err"
}
start=$(seconds)
deploy || {
	echo "gpforge deploy failed:" >&2
	cat "$work/deploy.err" >&2
	exit 1
}
gpforge_secs=$(elapsed "$start")
gpforge_summary=$(tail -1 "$work/deploy.err")
start=$(seconds)
deploy
again_secs=$(elapsed "$start")
again_summary=$(tail -1 "$work/deploy.err")

start=$(seconds)
for i in $(seq 1 "$count"); do
	name=$(printf 'Bench samba-tool %03d' "$i")
	ou=$(team "$i" samba-tool)
	guid=$(dc_tool_online gpo create "$name" 2>/dev/null |
		sed -n 's/.* created as //p')
	dc_tool_online gpo setlink "$ou" "$guid" >/dev/null || {
		echo "samba-tool gpo create/setlink failed for $name" >&2
		exit 1
	}
done
samba_secs=$(elapsed "$start")

# per_gpo SECONDS: milliseconds per GPO.
per_gpo() { echo "$1 $count" | awk '{ printf "%.1f", 1000 * $1 / $2 }'; }
echo "gpforge deploy:  $count GPOs in $gpforge_secs s" \
	"($(per_gpo "$gpforge_secs") ms each): $gpforge_summary"
echo "samba-tool gpo create + setlink: $count GPOs in $samba_secs s" \
	"($(per_gpo "$samba_secs") ms each)"
echo "ratio: gpforge deploy is $(echo "$samba_secs $gpforge_secs" |
	awk '{ printf "%.1f", $1 / $2 }')x faster"
echo "deploy again:    $again_secs s: $again_summary"
