#!/bin/sh
# run.sh - runs the libFuzzer harnesses, two at a time, and sums up.
#
# Usage: tests/fuzz/run.sh SECONDS [HARNESS...]
# Runs each harness (default: all) for SECONDS under nice -n 19 and
# prints one line per harness: name, seconds fuzzed, executions (from
# libFuzzer's final stats) and crashes found (crash, leak, timeout and
# out-of-memory inputs saved).  Run it from a build configured with
# --enable-fuzzing CC=clang after "make fuzz", or set FUZZ_BUILD to that
# build.  Everything is kept in FUZZ_OUT (default ./fuzz-findings):
#   corpus/NAME   the growing corpus, seeded by seed.sh on first use
#   crashes/NAME  the inputs that failed (replay: fuzz_NAME FILE)
#   logs/NAME.log libFuzzer's output, with each failure's report
#   summary.txt   the lines printed
# A run that fails starts again for the time left, so one bug does not
# end the hunt; a failure that repeats at once (no new input saved)
# stops that harness.  Exits 1 when any harness found a failure.
set -u

usage() {
	echo "usage: $0 SECONDS [HARNESS...]" >&2
	echo "harnesses: regpol lgpo admx settings senders oucsv dn" >&2
	exit 64
}
[ $# -ge 1 ] || usage
case $1 in '' | *[!0-9]*) usage ;; esac
seconds=$1
shift
all="regpol lgpo admx settings senders oucsv dn"
harnesses=${*:-$all}
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUZZ_BUILD:-.}
out=${FUZZ_OUT:-fuzz-findings}

for name in $harnesses; do
	case " $all " in *" $name "*) ;; *) usage ;; esac
	if [ ! -x "$build/tests/fuzz/fuzz_$name" ]; then
		echo "$0: $build/tests/fuzz/fuzz_$name is missing:" \
			"./configure --enable-fuzzing CC=clang && make fuzz" >&2
		exit 66
	fi
done
mkdir -p "$out/logs" "$out/lines" || exit 73
out=$(cd "$out" && pwd)
if [ ! -d "$out/corpus" ]; then
	GPFORGE=${GPFORGE:-$build/gpforge} "$src/tests/fuzz/seed.sh" \
		"$out/corpus" >/dev/null || exit 1
fi

# Longest input per format: whole registry.pol and ADMX+ADML samples
# fit, text formats need far less to reach every branch.
max_len() {
	case $1 in
	regpol | admx) echo 65536 ;;
	lgpo) echo 16384 ;;
	dn) echo 1024 ;;
	*) echo 8192 ;;
	esac
}

dict() {
	case $1 in
	admx) echo "$src/tests/fuzz/xml.dict" ;;
	lgpo) echo "$src/tests/fuzz/lgpo.dict" ;;
	settings) echo "$src/tests/fuzz/settings.dict" ;;
	esac
}

failures() { # DIR: how many failing inputs libFuzzer saved there
	find "$1" -type f \( -name 'crash-*' -o -name 'leak-*' \
		-o -name 'timeout-*' -o -name 'oom-*' \) | wc -l
}

fuzz() { # NAME
	name=$1
	crashes=$out/crashes/$name
	log=$out/logs/$name.log
	mkdir -p "$crashes" "$out/corpus/$name"
	before=$(failures "$crashes")
	start=$(date +%s)
	end=$((start + seconds))
	execs=0
	: >"$log"
	words=$(dict "$name")
	# libFuzzer takes -max_total_time=0 for no limit: stop first.
	while left=$((end - $(date +%s))) && [ "$left" -gt 0 ]; do
		saved=$(failures "$crashes")
		nice -n 19 "$build/tests/fuzz/fuzz_$name" \
			-max_total_time="$left" \
			-max_len="$(max_len "$name")" ${words:+"-dict=$words"} \
			-timeout=10 -rss_limit_mb=2048 -detect_leaks=1 \
			-print_final_stats=1 -artifact_prefix="$crashes/" \
			"$out/corpus/$name" >"$log.run" 2>&1
		rc=$?
		cat "$log.run" >>"$log"
		n=$(sed -n 's/^stat::number_of_executed_units: *//p' \
			"$log.run" | tail -n 1)
		execs=$((execs + ${n:-0}))
		if [ $rc -eq 0 ] || [ "$(failures "$crashes")" -le "$saved" ]
		then
			break
		fi
	done
	rm -f "$log.run"
	printf '%-9s %6d s %12d execs %4d crashes\n' "$name" \
		$(($(date +%s) - start)) "$execs" \
		$(($(failures "$crashes") - before)) >"$out/lines/$name"
}

# Two lanes, each running its share of the harnesses one after another,
# so that no more than two fuzzers run at once.
lane() { # INDEX (0 or 1)
	i=0
	for name in $harnesses; do
		[ $((i % 2)) -eq "$1" ] && fuzz "$name"
		i=$((i + 1))
	done
}
lane 0 &
lane 1 &
wait

: >"$out/summary.txt"
for name in $harnesses; do
	cat "$out/lines/$name" >>"$out/summary.txt"
done
cat "$out/summary.txt"

# Status 1 when any harness saved a failing input in this run.
! awk '$6 > 0 { found = 1 } END { exit !found }' "$out/summary.txt"
