# SPDX-License-Identifier: MIT
# memory.sh: the build's memory arithmetic, sourced by tools/build.sh (to
# lower -j) and by kiln doctor (to weigh the host), so both read sizes,
# the memory available and what one step takes the same way.

# SIZE like 64M, 1.5G, 200MiB (binary units; bare numbers are bytes) ->
# KiB on stdout; nothing when malformed.
size_kib() {
	awk -v s="$1" 'BEGIN {
		if (!match(s, /^[0-9]+(\.[0-9]+)?/)) exit
		v = substr(s, 1, RLENGTH); u = toupper(substr(s, RLENGTH + 1))
		sub(/I?B$/, "", u)
		if (u == "") m = 1 / 1024; else if (u == "K") m = 1
		else if (u == "M") m = 1024; else if (u == "G") m = 1048576
		else exit
		printf "%d\n", v * m }'
}

# Memory available now, in KiB: the kernel's estimate, within our cgroup's
# limit (v2, else v1). KILN_MEM_AVAILABLE=SIZE stands in for it in tests.
avail_kib() {
	local a lim cur cg
	if [ -n "${KILN_MEM_AVAILABLE:-}" ]; then
		size_kib "$KILN_MEM_AVAILABLE"
		return
	fi
	a=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo)
	cg=$(awk -F: '$1 == "0" {print $3}' /proc/self/cgroup 2>/dev/null)
	if [ -r "/sys/fs/cgroup$cg/memory.max" ]; then
		lim=$(cat "/sys/fs/cgroup$cg/memory.max")
		cur=$(cat "/sys/fs/cgroup$cg/memory.current" 2>/dev/null || echo 0)
	else
		cg=$(awk -F: '$2 == "memory" {print $3}' /proc/self/cgroup 2>/dev/null)
		lim=$(cat "/sys/fs/cgroup/memory$cg/memory.limit_in_bytes" 2>/dev/null || echo max)
		cur=$(cat "/sys/fs/cgroup/memory$cg/memory.usage_in_bytes" 2>/dev/null || echo 0)
	fi
	if [[ "$lim" =~ ^[0-9]+$ ]] && [ $(((lim - cur) / 1024)) -lt "$a" ]; then
		a=$(((lim - cur) / 1024))
	fi
	echo "$a"
}

# What one build step may take, in step_kib, and why, in step_why: the
# budget (MEMBUDGET), else the largest step built in the tree whose report
# folder is $1 (steps.tsv: the last build alone may have been a relink),
# else kiln's 64 MiB step target. Returns 1, with step_kib empty, when
# MEMBUDGET is not a size.
step_estimate() { # report-dir
	step_kib= step_why=
	if [ -n "${MEMBUDGET:-}" ]; then
		step_kib=$(size_kib "$MEMBUDGET")
		step_why="MEMBUDGET=$MEMBUDGET"
		if [ -z "$step_kib" ] || [ "$step_kib" = 0 ]; then
			step_kib=
			return 1
		fi
		return 0
	fi
	step_kib=$(awk -F'\t' '!/^#/ && $3 + 0 > m {m = $3 + 0} END {if (m) print m}' \
		"$1/steps.tsv" 2>/dev/null || true)
	step_why="the largest step built in this tree"
	if [ -z "$step_kib" ]; then
		step_kib=65536 step_why="kiln's 64 MiB step target"
	fi
}
