#!/bin/sh
# Cross-checks gpforge with Samba's registry.pol codec (python3-samba).
. "${SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"
py=${SAMBA_PYTHON:-/usr/bin/python3}
if ! "$py" -c 'import samba.dcerpc.preg' 2>/dev/null; then
	echo "skip: python3-samba is not installed"
	exit 77
fi
rc=0
"$py" "$SRCDIR/tests/samba_pol.py" "$GPFORGE" "$TMP" || rc=$?
exit $rc
