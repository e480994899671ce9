#!/bin/sh
# SPDX-License-Identifier: MIT
# build-report.sh: prints the last build's steps, largest peak memory
# first, with the same step's figures from the build before beside them,
# so growth shows. Steps new in this build show "new".
# usage: build-report.sh [REPORT_DIR]   (default build/report)
set -eu
dir=${1:-build/report}
last=$dir/last.tsv prev=$dir/previous.tsv

if [ ! -s "$last" ]; then
	echo "build-report: no build recorded in $dir yet; run make first" >&2
	exit 1
fi
[ -s "$prev" ] || prev=/dev/null

if [ -s "$dir/last.summary" ]; then
	# shellcheck disable=SC1091
	. "$dir/last.summary"
	printf 'last build: %s steps, %.1f s, -j%s, peaks by %s; status %s\n' \
		"$steps" "$(echo "$total_wall_ms" | awk '{print $1 / 1000}')" \
		"$jobs" "$method" "$status"
fi
awk -F'\t' -v prevfile="$prev" '
BEGIN {
	while ((getline l < prevfile) > 0) {
		if (l ~ /^#/) continue
		split(l, f, "\t"); pk[f[1]] = f[3]; pw[f[1]] = f[4]; np++
	}
}
!/^#/ { n++; name[n] = $1; peak[n] = $3; wall[n] = $4; tp += 0; tw += $4 }
END {
	printf "%10s %10s %16s %9s  %s\n", "peak MiB", "before", "change", "wall ms", "step"
	# largest peak first (insertion sort: builds have a few hundred steps)
	for (i = 1; i <= n; i++) order[i] = i
	for (i = 2; i <= n; i++) {
		k = order[i]
		for (j = i - 1; j >= 1 && peak[order[j]] + 0 < peak[k] + 0; j--)
			order[j + 1] = order[j]
		order[j + 1] = k
	}
	for (i = 1; i <= n; i++) {
		k = order[i]; s = name[k]
		if (s in pk) {
			d = peak[k] - pk[s]
			ch = sprintf("%+.1f (%+.0f%%)", d / 1024, pk[s] > 0 ? 100 * d / pk[s] : 0)
			before = sprintf("%.1f", pk[s] / 1024)
		} else {
			ch = np ? "new" : "-"; before = "-"
		}
		printf "%10.1f %10s %16s %9d  %s\n", peak[k] / 1024, before, ch, wall[k], s
	}
	printf "%d steps, %.1f s of step time in all", n, tw / 1000
	if (np) printf "; %d steps in the build before", np
	printf "\n"
}' "$last"
