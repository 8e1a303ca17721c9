# samba_dc.sh - a throwaway Samba AD DC for gpforge's deploy tests.
# Source it from bash running inside "unshare -n -m" (dc_reexec does
# that): the DC listens on loopback only and the test's own /etc/hosts,
# /etc/resolv.conf and /run/samba are bind-mounted over the real ones,
# which the private mount namespace keeps untouched.
#
#   dc_reexec SCRIPT ARGS...  run SCRIPT again inside a private network,
#                             mount and PID namespace (returns if already
#                             inside; exits 77 when that is impossible,
#                             but 1 under CI=true with Samba installed)
#   dc_init DIR               names, paths and Kerberos settings (DIR's
#                             parents must be searchable by everyone:
#                             smbd opens files as each user's own uid)
#   dc_isolate                loopback up, the bind mounts
#   dc_provision              a fresh domain in DIR
#   dc_start / dc_wait        start samba -F, wait for SMB and LDAP
#   dc_after_start            the loopback A record, the service names
#   dc_stop                   stop the DC by its PID and wait for its
#                             workers (dc_start traps it)
#   dc_kinit USER PASSWORD    a ticket in the cache DC_CCACHE
#   dc_populate < LINES       "ou DN" and "user NAME PASSWORD OU" lines
#   dc_tool ARGS...           samba-tool on the database, offline
#   dc_tool_online ARGS...    samba-tool against the running DC
#   dc_rsop USER PASSWORD     what gp_outlook_rsop.py shows USER receives
#   dc_gpo_check ARGS...      gpo_check.py with this DC's paths
#
# The domain is CORP.EXAMPLE.COM (NetBIOS CORP), the DC dc1, 127.0.0.1.

DC_REALM=CORP.EXAMPLE.COM
DC_DNS=corp.example.com
DC_NETBIOS=CORP
DC_HOST=dc1.$DC_DNS
DC_BASE=DC=corp,DC=example,DC=com
DC_ADMINPASS='Gpf-Admin-2024!'
DC_PID=
DC_TESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Every tool the DC needs, or the reason it is missing.
dc_missing() {
	for tool in samba samba-tool smbclient samba_spnupdate \
		samba-gpupdate kinit unshare ip; do
		if ! command -v "$tool" >/dev/null 2>&1 &&
			! [ -x "/usr/sbin/$tool" ]; then
			echo "$tool is not installed"
			return 0
		fi
	done
	if ! /usr/bin/python3 -c 'import samba.gp.gpclass' 2>/dev/null; then
		echo "python3-samba is not installed"
		return 0
	fi
	return 1
}

# A private PID namespace as well: if the test dies without running its
# trap, the kernel still ends every process in it, the DC included.
DC_UNSHARE="unshare -n -m -p -f --kill-child --mount-proc"

dc_reexec() {
	[ -n "${GPFORGE_DC_NS:-}" ] && return 0
	reason=$(dc_missing) && {
		echo "skip: $reason; the AD deploy test needs samba-ad-dc," \
			"samba, smbclient, python3-samba, krb5-user and unshare"
		exit 77
	}
	if ! $DC_UNSHARE true 2>/dev/null; then
		# CI installs the packages to run this test: a CI job that
		# cannot must fail, or it passes having tested nothing.
		if [ "${CI:-}" = true ]; then
			echo "FAIL: unshare -n -m is not permitted, and CI=true" \
				"with the Samba packages installed: the AD deploy" \
				"test must run here (run the job as root, or in a" \
				"container allowed to create namespaces)"
			exit 1
		fi
		echo "skip: unshare -n -m is not permitted here; the AD" \
			"deploy test needs a private network namespace"
		exit 77
	fi
	GPFORGE_DC_NS=1 exec $DC_UNSHARE bash "$@"
}

dc_init() {
	DC_DIR=$1
	DC_CONF=$DC_DIR/etc/smb.conf
	DC_SAM=$DC_DIR/private/sam.ldb
	DC_CA=$DC_DIR/private/tls/ca.pem
	DC_SYSVOL=$DC_DIR/state/sysvol
	KRB5_CONFIG=$DC_DIR/krb5.conf
	# Samba's tools may store tickets in the default cache: a scratch one
	# here, so that dc_kinit's ticket stays the only one in DC_CCACHE.
	KRB5CCNAME=FILE:$DC_DIR/krb5cc-tools
	DC_CCACHE=FILE:$DC_DIR/krb5cc
	export KRB5_CONFIG KRB5CCNAME DC_CONF DC_SAM DC_SYSVOL
	mkdir -p "$DC_DIR/sys/run-samba" "$DC_DIR/run"
	PATH=$PATH:/usr/sbin:/sbin
}

# The network namespace starts with loopback down and the host's
# resolver; the DC is its own DNS server on 127.0.0.1.
dc_isolate() {
	ip link set lo up
	printf '127.0.0.1\tlocalhost\n127.0.0.1\t%s dc1\n' "$DC_HOST" \
		>"$DC_DIR/sys/hosts"
	printf 'search %s\nnameserver 127.0.0.1\n' "$DC_DNS" \
		>"$DC_DIR/sys/resolv.conf"
	mount --bind "$DC_DIR/sys/hosts" /etc/hosts
	mount --bind "$DC_DIR/sys/resolv.conf" /etc/resolv.conf
	mount --bind "$DC_DIR/sys/run-samba" /run/samba
	cat >"$KRB5_CONFIG" <<EOF
[libdefaults]
	default_realm = $DC_REALM
	dns_lookup_realm = false
	dns_lookup_kdc = false
	rdns = false
[realms]
	$DC_REALM = {
		kdc = 127.0.0.1
		admin_server = 127.0.0.1
	}
[domain_realm]
	.$DC_DNS = $DC_REALM
	$DC_DNS = $DC_REALM
EOF
}

dc_provision() {
	samba-tool domain provision -s /dev/null --realm="$DC_REALM" \
		--domain="$DC_NETBIOS" --adminpass="$DC_ADMINPASS" \
		--server-role=dc --dns-backend=SAMBA_INTERNAL --use-rfc2307 \
		--host-name=dc1 --host-ip=127.0.0.1 --targetdir="$DC_DIR" \
		--option="interfaces=lo" --option="bind interfaces only=yes" \
		--option="disable netbios=yes" \
		--option="log file=$DC_DIR/log.%m" \
		--option="pid directory=$DC_DIR/run" \
		--option="ncalrpc dir=$DC_DIR/run/ncalrpc" \
		--option="server services=-nbt -wrepl -ntp_signd" \
		--option="dns forwarder=" -q >"$DC_DIR/provision.log" 2>&1 || {
		echo "samba-tool domain provision failed:"
		tail -20 "$DC_DIR/provision.log"
		return 1
	}
}

# Stops the DC, then runs whatever the script had trapped before.
dc_start() {
	dc_prev_trap=$(trap -p EXIT)
	dc_prev_trap=${dc_prev_trap#trap -- }
	dc_prev_trap=${dc_prev_trap% EXIT}
	eval "dc_prev_trap=$dc_prev_trap"
	trap 'dc_stop; eval "$dc_prev_trap"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM

	# Its own process group, whose id is DC_PID, holds all its workers.
	setsid samba -s "$DC_CONF" -F --debug-stdout >"$DC_DIR/samba.log" \
		2>&1 </dev/null &
	DC_PID=$!
}

# SMB answers about a second before LDAP; both must, and the LDAP
# server must have written its TLS certificate.
dc_wait() {
	tries=0
	until smbclient -U "Administrator%$DC_ADMINPASS" //127.0.0.1/sysvol \
		-c ls >/dev/null 2>&1 &&
		dc_ldap_answers && [ -s "$DC_CA" ]; do
		tries=$((tries + 1))
		if [ "$tries" -gt 120 ] || ! kill -0 "$DC_PID" 2>/dev/null; then
			echo "the DC did not come up; last lines of its log:"
			tail -20 "$DC_DIR/samba.log"
			return 1
		fi
		sleep 0.5
	done
}

dc_ldap_answers() { (exec 3<>/dev/tcp/127.0.0.1/389) 2>/dev/null; }

dc_after_start() {
	samba-tool dns add 127.0.0.1 "$DC_DNS" dc1 A 127.0.0.1 -s "$DC_CONF" \
		-U "Administrator%$DC_ADMINPASS" >/dev/null || return 1
	samba_spnupdate -s "$DC_CONF" >/dev/null 2>&1 || {
		echo "samba_spnupdate failed"
		return 1
	}
}

# The workers leave on their own once the master has gone (smbd's in a
# process group of their own); waiting for them all keeps them from
# writing into DIR while the test removes it.  Inside dc_reexec's PID
# namespace the script is process 1 and every other process is the DC's.
dc_stop() {
	[ -n "$DC_PID" ] || return 0
	kill -TERM "$DC_PID" 2>/dev/null
	tries=0
	while dc_running && [ "$tries" -lt 100 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
	kill -KILL -- "-$DC_PID" 2>/dev/null
	wait "$DC_PID" 2>/dev/null
	DC_PID=
}

dc_running() {
	kill -0 -- "-$DC_PID" 2>/dev/null && return 0
	[ "$$" = 1 ] || return 1
	for proc in /proc/[0-9]*; do
		case ${proc#/proc/} in
		1 | "$BASHPID") ;;
		*) return 0 ;;
		esac
	done
	return 1
}

dc_kinit() {
	printf '%s\n' "$2" | KRB5CCNAME=$DC_CCACHE kinit "$1@$DC_REALM" \
		>"$DC_DIR/kinit.log" 2>&1 || {
		echo "kinit $1 failed:"
		cat "$DC_DIR/kinit.log"
		return 1
	}
}

dc_tool() {
	samba-tool "$@" -s "$DC_CONF" -H "$DC_SAM"
}

dc_tool_online() {
	samba-tool "$@" -s "$DC_CONF" -H ldap://"$DC_HOST" \
		-U "Administrator%$DC_ADMINPASS"
}

# One process for every OU and user: samba-tool takes half a second each.
dc_populate() {
	/usr/bin/python3 -c '
import sys
from samba.auth import system_session
from samba.param import LoadParm
from samba.samdb import SamDB
lp = LoadParm()
lp.load(sys.argv[1])
db = SamDB(url=sys.argv[2], session_info=system_session(), lp=lp)
base = str(db.domain_dn())
for line in sys.stdin:
    kind, _, rest = line.rstrip("\n").partition(" ")
    if kind == "ou":
        db.add({"dn": rest, "objectClass": "organizationalUnit"})
    elif kind == "user":
        name, password, ou = rest.split(" ", 2)
        db.newuser(name, password, userou=ou[:-len(base) - 1])
' "$DC_CONF" "$DC_SAM"
}

# samba-gpupdate loads extensions listed in the gpext.conf of its
# smb.conf's state directory: the test DC's, never the system's.
dc_register_rsop() {
	/usr/bin/python3 "$DC_TESTS/gp_outlook_rsop.py" register "$DC_CONF"
}

dc_rsop() {
	samba-gpupdate -s "$DC_CONF" --target=User -U "$1%$2" --rsop \
		>"$DC_DIR/rsop-$1.txt" 2>&1 || {
		echo "samba-gpupdate --rsop for $1 failed:" >&2
		tail -5 "$DC_DIR/rsop-$1.txt" >&2
		return 1
	}
	/usr/bin/python3 "$DC_TESTS/gp_outlook_rsop.py" entries \
		<"$DC_DIR/rsop-$1.txt"
}

dc_gpo_check() {
	/usr/bin/python3 "$DC_TESTS/gpo_check.py" "$@"
}
