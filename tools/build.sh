#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# build.sh: runs one kiln build (make's build goals) with every step
# measured by build/host/kiln-step. Before: lowers -j when the memory
# available cannot hold the jobs asked for. After: keeps the step table as
# build/report/last.tsv (the one before as previous.tsv) with a summary in
# last.summary, and prints the largest step, the total time and each
# image's size and SHA-256. Called by the Makefile: make [-jN] [GOALS].
set -uo pipefail
cd "$(dirname "$0")/.."

rep=build/report
mkdir -p "$rep"
quiet=0
flags=$(sed -E 's/ -- .*//' <<<" ${MAKEFLAGS:-}")
[[ " $flags " =~ \ -?[a-zA-Z]*s[a-zA-Z]*\  ]] && quiet=1
say() { [ "$quiet" = 1 ] || echo "$@"; }

mib() { awk -v k="$1" 'BEGIN {printf "%.1f MiB", k / 1024}'; }
# size_kib, avail_kib, step_estimate
# shellcheck source=tools/memory.sh
. tools/memory.sh

# One build at a time in a tree: they share build/host and the report.
exec 9>"$rep/.lock"
if ! flock -n 9; then
	echo "build: another build is running in this tree; waiting" >&2
	flock 9
fi

# What one step may take: MEMBUDGET, else the tree's largest step.
if ! step_estimate "$rep"; then
	echo "build: MEMBUDGET='$MEMBUDGET' is not a size (write it like 64M, 1.5G or 200MiB)" >&2
	exit 2
fi
budget_kib=
[ -z "${MEMBUDGET:-}" ] || budget_kib=$step_kib

# Jobs asked: -jN (-j alone: as many as make likes, counted as 2 x CPUs).
jobs=1
if [[ " $flags " =~ \ -j([0-9]*)\  ]]; then
	jobs=${BASH_REMATCH[1]:-$((2 * $(nproc)))}
fi
avail=$(avail_kib)
if [ "$jobs" -gt 1 ] && [ $((jobs * step_kib)) -gt "$avail" ]; then
	fit=$((avail / step_kib))
	[ "$fit" -lt 1 ] && fit=1
	echo "build: -j$jobs asked, but the $(mib "$avail") available holds $fit step(s) of $(mib "$step_kib") ($step_why): building with -j$fit" >&2
	jobs=$fit
fi

# Steps of builds made outside this script (kiln run, tests) since the last
# one are merged into the cumulative table first.
merge() { # FILE: the latest line of each step into steps.tsv
	[ -s "$1" ] || return 0
	[ -f "$rep/steps.tsv" ] || : >"$rep/steps.tsv"
	cat "$rep/steps.tsv" "$1" | grep -v '^#' |
		awk -F'\t' '{line[$1] = $0} END {for (k in line) print line[k]}' |
		LC_ALL=C sort >"$rep/steps.tsv.tmp" && mv "$rep/steps.tsv.tmp" "$rep/steps.tsv"
}
merge "$rep/current.tsv"
: >"$rep/current.tsv"
: >"$rep/current.images"

t0=$(date +%s%3N)
export KILN_BUILD_T0=$t0 KILN_REPORT=$PWD/$rep/current.tsv
export KILN_IMAGES=$PWD/$rep/current.images
# make's own job server is for the make that called us; ours gets -jN.
inner_flags=$(sed -E 's/(^| )-j[0-9]*( |$)/ /; s/ --jobserver-(auth|fds)=[^ ]*//g' <<<"${MAKEFLAGS:-}")
MAKEFLAGS=$inner_flags ${MAKE:-make} --no-print-directory -j"$jobs" KILN_INNER=1 "$@"
status=$?
t1=$(date +%s%3N)

if [ ! -s "$rep/current.tsv" ]; then
	if [ "$status" = 0 ]; then
		say "build: nothing to rebuild ($((t1 - t0)) ms)"
	else
		echo "build: failed (make status $status) before any step ran" >&2
	fi
	exit "$status"
fi
# This build becomes last.tsv; the one before moves to previous.tsv.
[ -s "$rep/last.tsv" ] && mv "$rep/last.tsv" "$rep/previous.tsv"
{
	printf '# step\tmethod\tpeak_kib\twall_ms\tstatus\tstart_ms\n'
	cat "$rep/current.tsv"
} >"$rep/last.tsv"
merge "$rep/current.tsv"
: >"$rep/current.tsv"

IFS=$'\t' read -r lstep lpeak lmethod < <(awk -F'\t' '!/^#/ && $3 + 0 >= max {
	max = $3 + 0; s = $1; m = $2} END {print s "\t" max "\t" m}' "$rep/last.tsv")
nsteps=$(grep -vc '^#' "$rep/last.tsv")
methods=$(awk -F'\t' '!/^#/ {print $2}' "$rep/last.tsv" | sort -u | paste -sd, -)
{
	echo "status=$status"
	echo "steps=$nsteps"
	echo "method=$methods"
	printf 'largest_step=%q\n' "$lstep"
	echo "largest_peak_kib=$lpeak"
	echo "total_wall_ms=$((t1 - t0))"
	echo "jobs=$jobs"
	echo "budget_kib=$budget_kib"
	n=0
	while read -r img; do
		[ -f "$img" ] || continue
		echo "image${n}=$img"
		echo "image${n}_bytes=$(stat -c %s "$img")"
		echo "image${n}_sha256=$(sha256sum "$img" | cut -d' ' -f1)"
		n=$((n + 1))
	done < <(sort -u "$rep/current.images")
} >"$rep/last.summary"

if [ "$quiet" = 0 ]; then
	echo "build: $nsteps steps in $(awk -v ms=$((t1 - t0)) 'BEGIN {printf "%.1f", ms / 1000}') s (-j$jobs); largest: $lstep, $(mib "$lpeak") ($lmethod)${budget_kib:+; budget $(mib "$budget_kib")}"
	while read -r img; do
		[ -f "$img" ] && echo "build: image $img: $(stat -c %s "$img") bytes, sha256 $(sha256sum "$img" | cut -d' ' -f1)"
	done < <(sort -u "$rep/current.images")
	echo "build: every step in $rep/last.tsv; make build-report compares it with the build before"
fi
# A failed build says so last, with the steps that failed (status in
# last.tsv: the step's exit status, 3 over MEMBUDGET, 128+N on signal N).
if [ "$status" != 0 ]; then
	failed=$(awk -F'\t' '!/^#/ && $5 != 0 {printf "%s%s (status %s)", n++ ? ", " : "", $1, $5}' "$rep/last.tsv")
	echo "build: FAILED (make status $status)${failed:+; failed: $failed}" >&2
fi
exit "$status"
