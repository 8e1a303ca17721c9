# lib.sh - what gpforge's shell tests share.  Source it; it sets up a
# scratch folder ($TMP) removed on exit and counts results.
set -u
: "${GPFORGE:?GPFORGE must name the gpforge binary}"
: "${SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gpforge-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok $*"; }
not_ok() { failed=$((failed + 1)); echo "FAIL $*"; }

# check LABEL CONDITION...: passes when the command succeeds.
check() {
	label=$1
	shift
	if "$@"; then ok "$label"; else not_ok "$label"; fi
}

# run CMD...: runs gpforge with the arguments, keeping stdout in
# $TMP/out, stderr in $TMP/err and the exit status in $status.
run() {
	status=0
	"$GPFORGE" "$@" >"$TMP/out" 2>"$TMP/err" || status=$?
}

# expect LABEL STATUS MESSAGE: the last run exited with STATUS and its
# standard error is exactly the one line MESSAGE ("" for nothing).
expect() {
	got=$(cat "$TMP/err")
	if [ "$status" -eq "$2" ] && [ "$got" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1: status $status (want $2), stderr: $got"
		[ "$got" = "$3" ] || echo "     want stderr: $3"
	fi
}

# The shared test material, or skip the whole script (status 77).
need_shared() {
	SHARED=${SHARED:-$SRCDIR/../shared}
	if [ ! -d "$SHARED/vectors" ]; then
		echo "skip: $SHARED is absent; the real-file tests need it"
		exit 77
	fi
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
