# hostile.sh - what the hostile-input tests share.  Source it after
# tests/lib.sh.
# shellcheck disable=SC2034  # PY, ROWS and status are for the sourcing script
#
# Each case runs gpforge on input a stranger could have made, against an
# output that a good run wrote first, and asserts four things: the exit
# status, the exact message, that the earlier output is byte for byte
# and time for time as it was, and that nothing appeared, changed or
# vanished anywhere else under the test's scratch folder -- which holds
# the HOME, TMPDIR and current folder gpforge runs with.
SANDBOX=$TMP/sandbox
SNAP=$TMP/snap
mkdir -p "$SANDBOX/home" "$SANDBOX/tmp" "$SANDBOX/cwd" "$SNAP"
PY=/usr/bin/python3
cases=0

# The row count of the big inputs: a million, unless HOSTILE_ROWS asks
# for fewer (make check-valgrind does: valgrind makes gpforge some fifty
# times slower, and a million rows would take it an hour).  At least
# 10,000: the big sender lists must be past what Outlook and Intune take
# for their refusals to come.
ROWS=${HOSTILE_ROWS:-1000000}
[ "$ROWS" -ge 10000 ] || {
	echo "HOSTILE_ROWS=$ROWS: the big inputs need at least 10000 rows" >&2
	exit 99
}

# tree_sum PATH: every name at and under PATH with its type and mode,
# the size and modification time of each file and each file's checksum.
# Folders go by name: their times change when a temporary file is made
# and removed beside a file that is then left alone.
tree_sum() {
	[ -e "$1" ] || [ -L "$1" ] || { echo "(absent)"; return; }
	find "$1" \( -type d -printf '%P d %m\n' \) -o \
		-printf '%P %y %m %s %T@\n' | LC_ALL=C sort
	find "$1" -type f -exec cksum {} + | LC_ALL=C sort
}

# outside_sum: everything under $TMP but $OUT and the harness's own
# files; folders by name only, since their times change when gpforge
# makes and removes its staging folder beside the output.
outside_sum() {
	find "$TMP" \( -path "$OUT" -o -path "$SNAP" -o -path "$TMP/out" \
		-o -path "$TMP/err" \) -prune -o \
		\( -type d -printf '%P d\n' \) -o \
		-printf '%P %y %m %s %T@\n' | LC_ALL=C sort
}

# hrun ARGS...: runs gpforge as run does, with a fresh HOME and TMPDIR
# and from a folder of its own.
hrun() {
	status=0
	(cd "$SANDBOX/cwd" &&
		HOME=$SANDBOX/home TMPDIR=$SANDBOX/tmp exec "$GPFORGE" "$@") \
		>"$TMP/out" 2>"$TMP/err" || status=$?
}

# snap_before / snap_after LABEL: the output and the rest of $TMP before
# a run, and the checks that neither changed after it.
snap_before() {
	tree_sum "$OUT" >"$SNAP/out.before"
	outside_sum >"$SNAP/outside.before"
}

snap_after() {
	tree_sum "$OUT" >"$SNAP/out.after"
	outside_sum >"$SNAP/outside.after"
	if cmp -s "$SNAP/out.before" "$SNAP/out.after"; then
		ok "$1: the earlier output is untouched"
	else
		not_ok "$1: the earlier output is untouched"
		diff "$SNAP/out.before" "$SNAP/out.after" | head -n 5 |
			sed 's/^/     /'
	fi
	if cmp -s "$SNAP/outside.before" "$SNAP/outside.after"; then
		ok "$1: nothing is written outside the output"
	else
		not_ok "$1: nothing is written outside the output"
		diff "$SNAP/outside.before" "$SNAP/outside.after" |
			head -n 5 | sed 's/^/     /'
	fi
}

# refused LABEL STATUS MESSAGE ARGS...: gpforge ARGS exits with STATUS
# and prints exactly MESSAGE, leaving $OUT and everything else as it was.
refused() {
	rlabel=$1 rstatus=$2 rmessage=$3
	shift 3
	cases=$((cases + 1))
	snap_before
	hrun "$@"
	expect "$rlabel" "$rstatus" "$rmessage"
	snap_after "$rlabel"
}

# read_only LABEL ARGS...: a command that only reads (list, dump) runs
# cleanly: status 0, nothing on standard error, nothing written.
read_only() {
	rlabel=$1
	shift
	cases=$((cases + 1))
	snap_before
	hrun "$@"
	expect "$rlabel" 0 ""
	snap_after "$rlabel"
}

# accepted LABEL ARGS...: valid if odd input is taken: status 0, nothing
# on standard error, nothing written outside $OUT (which may change).
accepted() {
	rlabel=$1
	shift
	cases=$((cases + 1))
	outside_sum >"$SNAP/outside.before"
	hrun "$@"
	expect "$rlabel" 0 ""
	outside_sum >"$SNAP/outside.after"
	check "$rlabel: nothing is written outside the output" \
		cmp -s "$SNAP/outside.before" "$SNAP/outside.after"
}

# same LABEL WANT GOT: the two files are equal; shows a diff when not.
same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diff "$2" "$3" | head -n 10 | sed 's/^/     /'
	fi
}

# good_kit: a deterministic build in $TMP/kit/out, the output every
# refused case must leave alone; sets OUT.
good_kit() {
	mkdir -p "$TMP/kit"
	OUT=$TMP/kit/out
	"$GPFORGE" build -q --deterministic --domain ad.contoso.com \
		-o "$OUT" || not_ok "the good build for the cases to spare"
}

# hostile_finish: the summary line with the number of cases.
hostile_finish() {
	echo "$cases hostile cases"
	finish
}
