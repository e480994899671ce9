#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# report.sh: turns the raw data of tools/bench/bench.sh (build/bench/) into
# tables on stdout and, with --docs DIR, DIR/benchmarks.md and the gnuplot
# plots DIR/benchmarks/*.png it shows. Each figure is the median of its
# runs with the spread (min-max); the targets of issue 7 are stated with
# the measured ratio as met or missed.
#
# usage: tools/bench/report.sh [DATA_DIR] [--docs DIR]
# shellcheck disable=SC2154 # meta.env, build.env and the build summary set them
set -uo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
DATA=$ROOT/build/bench
docs=''
while [ $# -gt 0 ]; do
	case $1 in
	--docs) docs=${2:?--docs needs a directory}; shift 2 ;;
	-*) echo "report: unknown option '$1'" >&2; exit 2 ;;
	*) DATA=$1; shift ;;
	esac
done
[ -f "$DATA/meta.env" ] || { echo "report: no $DATA/meta.env (run tools/bench/bench.sh)" >&2; exit 1; }
# shellcheck disable=SC1091
. "$DATA/meta.env"
linux_rows=${linux_rows:-0}
NA="not measured"

# --- numbers ------------------------------------------------------------------

# Numbers on stdin -> "MEDIAN MIN MAX N" (dashes when there are none).
stats() {
	grep -E '^[0-9.]+$' | sort -g | awk '{a[NR] = $1}
	END {
		if (!NR) { print "- - - 0"; exit }
		m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		print m, a[1], a[NR], NR
	}'
}

# fmt_num VALUE: 3 significant figures at most below 100, whole above.
fmt_num() {
	awk -v v="$1" 'BEGIN {
		if (v == "-" || v == "") { print "-"; exit }
		if (v >= 100) printf "%.0f\n", v
		else if (v >= 10) printf "%.1f\n", v
		else printf "%.2f\n", v
	}'
}

# cell "MED MIN MAX N": "MED (MIN-MAX)", or "-".
cell() {
	local m lo hi n
	read -r m lo hi n <<<"$1"
	[ "$n" != 0 ] || { echo "-"; return; }
	if [ "$n" = 1 ] || [ "$lo" = "$hi" ]; then
		fmt_num "$m"
	else
		echo "$(fmt_num "$m") ($(fmt_num "$lo")–$(fmt_num "$hi"))"
	fi
}

med() { echo "${1%% *}"; }

# ratio A B: A/B to 2 decimals, "-" when either is missing.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "-" || b == "-" || a == "" || b == "" || b == 0) print "-"
		else printf "%.2f\n", a / b
	}'
}

kib() {
	awk -v b="$1" 'BEGIN {
		if (b == "" || b == "-") print "-"
		else if (b < 1048576) printf "%.1f KiB\n", b / 1024
		else printf "%.1f MiB\n", b / 1048576
	}'
}

# times A B: "A/B×" to 3 significant figures, or "-".
times() {
	local r
	r=$(ratio "$1" "$2")
	[ "$r" = - ] && echo - || echo "$(fmt_num "$r")×"
}

# --- the data -----------------------------------------------------------------

boot_col() { # TARGET COLUMN(3 guest, 4 host, 5 first 200)
	awk -v t="$1" -v c="$2" -F'\t' '$1 == t {print $c}' "$DATA/boot.tsv" 2>/dev/null | stats
}
http_stats() { # TARGET NET TEST COLUMN(5 rps, 6 p99)
	awk -v t="$1" -v n="$2" -v s="$3" -v c="$4" -F'\t' \
		'$1 == t && $2 == n && $3 == s {print $c}' "$DATA/http.tsv" 2>/dev/null | stats
}
http_errors() { # TARGET NET TEST
	[ -s "$DATA/http.tsv" ] || { echo -; return; }
	awk -v t="$1" -v n="$2" -v s="$3" -F'\t' \
		'$1 == t && $2 == n && $3 == s {e += $7; k = 1} END {print (k ? e : "-")}' \
		"$DATA/http.tsv" 2>/dev/null
}
size_of() { awk -v k="$1" -F'\t' '$1 == k {print $2}' "$DATA/size.tsv" 2>/dev/null; }
min_mem() { awk -v t="$1" -F'\t' '$1 == t {print $2}' "$DATA/memory.tsv" 2>/dev/null; }

linux_cell() { # VALUE
	if [ "$linux_rows" = 1 ]; then echo "$1"; else echo "not available"; fi
}

# --- tables (markdown, aligned for the terminal) ------------------------------

# Aligns the pipe tables on stdin; other lines pass through.
align() {
	awk '
	# Display width: UTF-8 continuation bytes take no column.
	function width(s,   t) {
		t = s
		return length(s) - gsub(/[\200-\277]/, "", t)
	}
	function flush(   i, j, n, c, line) {
		for (i = 1; i <= nr; i++) {
			line = ""
			for (j = 1; j <= nc[i]; j++) {
				c = cells[i, j]
				if (rows[i] ~ /^\|[-: |]+\|$/)
					c = substr("------------------------------------------------------------------------------------------------", 1, w[j])
				line = line "| " c sprintf("%*s", w[j] - width(c), "") " "
			}
			print line "|"
		}
		nr = 0
		delete w
	}
	/^\|/ {
		nr++
		rows[nr] = $0
		n = split($0, f, "|")
		nc[nr] = n - 2
		for (j = 2; j < n; j++) {
			c = f[j]
			gsub(/^ +| +$/, "", c)
			cells[nr, j - 1] = c
			if (rows[nr] !~ /^\|[-: |]+\|$/ && width(c) > w[j - 1])
				w[j - 1] = width(c)
		}
		next
	}
	{ if (nr) flush(); print }
	END { if (nr) flush() }'
}

boot_table() {
	local k l
	echo "| from QEMU start (ms) | kiln | Linux guest | Linux / kiln |"
	echo "|---|---|---|---|"
	for c in "3 program's first instruction, guest clock" \
		"4 program's first instruction, seen by the host" \
		"5 first HTTP 200, seen by the host"; do
		k=$(boot_col kiln "${c%% *}")
		l=$(boot_col linux "${c%% *}")
		echo "| ${c#* } | $(cell "$k") | $(linux_cell "$(cell "$l")") | $(linux_cell "$(times "$(med "$l")" "$(med "$k")")") |"
	done
}

size_table() {
	local lk lb li
	lk=$(size_of linux_kernel) lb=$(size_of linux_kernel_booted) li=$(size_of linux_initramfs)
	echo "| part | kiln | Linux guest |"
	echo "|---|---|---|"
	echo "| kernel | $(kib "$(size_of kiln_kernel)") | $(linux_cell "$(kib "$lk") (vmlinuz, as packaged)") |"
	[ -z "$lb" ] ||
		echo "| kernel as booted | the same | $(linux_cell "$(kib "$lb") (vmlinux, uncompressed: under TCG, decompressing costs seconds)") |"
	echo "| program (kiln-httpd, static) | $(kib "$(size_of program)") | $(linux_cell "in the initramfs") |"
	echo "| demo site (site/) | $(kib "$(size_of site)") | $(linux_cell "in the initramfs") |"
	echo "| root archive | in the image | $(linux_cell "$(kib "$li") (initramfs, uncompressed: program, site, busybox, virtio modules, /init)") |"
	echo "| whole image | $(kib "$(size_of kiln_image)") | $(linux_cell "$(kib "$( [ -n "$lk" ] && [ -n "$li" ] && echo $((lk + li)))") (vmlinuz + initramfs)") |"
}

memory_table() {
	local k l
	k=$(min_mem kiln) l=$(min_mem linux)
	echo "| | kiln | Linux guest |"
	echo "|---|---|---|"
	echo "| smallest -m serving site/ byte for byte | ${k:--} MiB | $(linux_cell "${l:--} MiB") |"
}

TESTS=(small big many)
declare -A TLABEL=([small]="small file (index.html), keep-alive, $wrk_conns conn."
	[big]="1 MiB file, $wrk_conns conn." [many]="small file, $wrk_many conn.")

http_table() { # COLUMN(5 rps, 6 p99)
	local col=$1 t n k l x
	if [ "$col" = 5 ]; then
		echo "| test | network | kiln req/s | Linux guest req/s | native req/s (loopback) | kiln / Linux |"
	else
		echo "| test | network | kiln p99 ms | Linux guest p99 ms | native p99 ms (loopback) | Linux / kiln |"
	fi
	echo "|---|---|---|---|---|---|"
	for t in "${TESTS[@]}"; do
		x=$(http_stats native loopback "$t" "$col")
		for n in tap user; do
			k=$(http_stats kiln "$n" "$t" "$col")
			l=$(http_stats linux "$n" "$t" "$col")
			if [ "$col" = 5 ]; then
				r=$(times "$(med "$k")" "$(med "$l")")
			else
				r=$(times "$(med "$l")" "$(med "$k")")
			fi
			echo "| ${TLABEL[$t]} | $n | $(cell "$k") | $(linux_cell "$(cell "$l")") | $(cell "$x") | $(linux_cell "$r") |"
		done
	done
}

errors_line() {
	local t n tg e out=''
	for tg in kiln linux native; do
		for n in tap user loopback; do
			for t in "${TESTS[@]}"; do
				e=$(http_errors "$tg" "$n" "$t")
				[ "$e" = - ] || [ "$e" = 0 ] || out+=" $tg/$n/$t: $e;"
			done
		done
	done
	if [ -n "$out" ]; then
		echo "wrk errors (socket errors, timeouts past 5 s, non-2xx answers; all runs):${out%;}."
	else
		echo "wrk reported no errors."
	fi
}

build_table() {
	local wall='' jobs='' step='' peak='' method='' total='' status=''
	if [ -f "$DATA/build.env" ]; then
		# shellcheck disable=SC1091
		. "$DATA/build.env"
		wall=$wall_ms
	fi
	echo "| clean build (fresh clone, make -j${jobs:-?}: kernel, kiln-httpd, its image) | value |"
	echo "|---|---|"
	if [ -z "$wall" ]; then
		echo "| wall time | $NA |"
		return
	fi
	echo "| wall time, measured here | $(awk -v m="$wall" 'BEGIN {printf "%.1f s", m / 1000}')$([ "$status" = 0 ] || echo " (make failed, status $status)") |"
	if [ -f "$DATA/build-report.summary" ]; then
		# shellcheck disable=SC1091
		IFS=$'\t' read -r step peak total method < <(. "$DATA/build-report.summary" &&
			printf '%s\t%s\t%s\t%s\n' "$largest_step" "$largest_peak_kib" \
				"$total_wall_ms" "$method")
		echo "| wall time, build report | $(awk -v m="$total" 'BEGIN {printf "%.1f s", m / 1000}') |"
		echo "| largest step's peak memory | $(awk -v k="$peak" 'BEGIN {printf "%.1f MiB", k / 1024}') ($step; measured by $method) |"
	else
		echo "| largest step's peak memory | build report not available |"
	fi
}

# --- targets ------------------------------------------------------------------

verdict() { [ "${1:-0}" = 1 ] && echo met || echo missed; }

targets_table() {
	local t n k l r min='' gm cnt=0 okc=0 sumlog=0 k200 l200 img mem
	echo "| target | measured | verdict |"
	echo "|---|---|---|"
	if [ "$linux_rows" = 1 ]; then
		for t in "${TESTS[@]}"; do
			for n in tap user; do
				k=$(med "$(http_stats kiln "$n" "$t" 5)")
				l=$(med "$(http_stats linux "$n" "$t" 5)")
				r=$(ratio "$k" "$l")
				[ "$r" != - ] || continue
				cnt=$((cnt + 1))
				awk -v r="$r" 'BEGIN {exit !(r >= 1.5)}' && okc=$((okc + 1))
				sumlog=$(awk -v s="$sumlog" -v r="$r" 'BEGIN {print s + log(r)}')
				min=$(awk -v m="${min:-1e9}" -v r="$r" 'BEGIN {print (r < m ? r : m)}')
			done
		done
		if [ "$cnt" -gt 0 ]; then
			gm=$(awk -v s="$sumlog" -v c="$cnt" 'BEGIN {printf "%.2f", exp(s / c)}')
			echo "| requests/s ≥ 1.5 × Linux guest's | kiln / Linux: lowest ${min}×, geometric mean ${gm}× over $cnt cases; $okc of $cnt at 1.5× or more | $(verdict "$([ "$okc" = "$cnt" ] && echo 1)") |"
		else
			echo "| requests/s ≥ 1.5 × Linux guest's | $NA | - |"
		fi
		k200=$(med "$(boot_col kiln 5)") l200=$(med "$(boot_col linux 5)")
		r=$(ratio "$k200" "$l200")
		if [ "$r" != - ]; then
			echo "| boot to first HTTP 200 ≤ 1/5 of Linux guest's | $(fmt_num "$k200") ms / $(fmt_num "$l200") ms = $r (1/$(awk -v k="$k200" -v l="$l200" 'BEGIN {printf "%.1f", l / k}')) | $(verdict "$(awk -v k="$k200" -v l="$l200" 'BEGIN {print (k <= 0.2 * l)}')") |"
		else
			echo "| boot to first HTTP 200 ≤ 1/5 of Linux guest's | $NA | - |"
		fi
	else
		echo "| requests/s ≥ 1.5 × Linux guest's | Linux guest not available | - |"
		echo "| boot to first HTTP 200 ≤ 1/5 of Linux guest's | Linux guest not available | - |"
	fi
	img=$(size_of kiln_image)
	if [ -n "$img" ]; then
		echo "| whole image (kernel, kiln-httpd, demo site) < 1 MiB | $(kib "$img") = $(ratio "$img" 1048576) MiB | $(verdict "$([ "$img" -lt 1048576 ] && echo 1)") |"
	else
		echo "| whole image < 1 MiB | $NA | - |"
	fi
	mem=$(min_mem kiln)
	case $mem in
	'') echo "| smallest guest memory ≤ 16 MiB | $NA | - |" ;;
	'>'*) echo "| smallest guest memory ≤ 16 MiB | $mem MiB | missed |" ;;
	*) echo "| smallest guest memory ≤ 16 MiB | $mem MiB ($(ratio "$mem" 16) × 16 MiB) | $(verdict "$([ "$mem" -le 16 ] && echo 1)") |" ;;
	esac
}

# --- plots ---------------------------------------------------------------------

# plot_data FILE: one row per cluster: label, then MED MIN MAX for kiln,
# Linux guest and native ("-" where missing).
http_plot_data() { # COLUMN
	local t n s
	for t in "${TESTS[@]}"; do
		for n in tap user; do
			case $t in small) s="small" ;; big) s="1MiB" ;; many) s="$wrk_many conn." ;; esac
			printf '"%s\\n%s" %s %s %s\n' "$s" "$n" \
				"$(cut -d' ' -f1-3 <<<"$(http_stats kiln "$n" "$t" "$1")")" \
				"$(cut -d' ' -f1-3 <<<"$(http_stats linux "$n" "$t" "$1")")" \
				"$(cut -d' ' -f1-3 <<<"$(http_stats native loopback "$t" "$1")")"
		done
	done
}

plots() {
	local d=$1 g
	command -v gnuplot >/dev/null || { echo "report: gnuplot missing (make deps); no plots" >&2; return 1; }
	mkdir -p "$d"
	http_plot_data 5 >"$DATA/plot-rps.dat"
	http_plot_data 6 >"$DATA/plot-p99.dat"
	{
		printf '"program starts\\n(host)" %s %s\n' \
			"$(cut -d' ' -f1-3 <<<"$(boot_col kiln 4)")" "$(cut -d' ' -f1-3 <<<"$(boot_col linux 4)")"
		printf '"first HTTP 200\\n(host)" %s %s\n' \
			"$(cut -d' ' -f1-3 <<<"$(boot_col kiln 5)")" "$(cut -d' ' -f1-3 <<<"$(boot_col linux 5)")"
	} >"$DATA/plot-boot.dat"
	{
		local lk li
		lk=$(size_of linux_kernel) li=$(size_of linux_initramfs)
		printf '"kernel" %s %s\n' "$(awk -v b="$(size_of kiln_kernel)" 'BEGIN {print b / 1024}')" \
			"$( [ -n "$lk" ] && awk -v b="$lk" 'BEGIN {print b / 1024}' || echo -)"
		printf '"whole image" %s %s\n' "$(awk -v b="$(size_of kiln_image)" 'BEGIN {print b / 1024}')" \
			"$( [ -n "$lk" ] && [ -n "$li" ] && awk -v b="$((lk + li))" 'BEGIN {print b / 1024}' || echo -)"
	} >"$DATA/plot-size.dat"
	printf '"smallest -m" %s %s\n' "$(min_mem kiln | tr -d '>')" \
		"$(min_mem linux | tr -d '>' | sed 's/^$/-/')" >"$DATA/plot-mem.dat"

	# Bar j of N in a cluster (gap 1) is centred at x + (j - (N-1)/2) / (N+1);
	# each bar carries its median as a label.
	g="set terminal pngcairo size 960,560 font 'sans,11'
set datafile missing '-'
set style data histogram
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set key top right
set logscale y
set format y '%.10g'
set bmargin 4
set offsets 0, 0, graph 0.08, 0
set style line 1 lc rgb '#d9480f'
set style line 2 lc rgb '#1c7ed6'
set style line 3 lc rgb '#868e96'
lab(v) = v >= 100 ? sprintf('%.0f', v) : v >= 10 ? sprintf('%.1f', v) : sprintf('%.2f', v)"
	gnuplot >"$DATA/gnuplot.log" 2>&1 <<EOF
$g
set style histogram errorbars gap 1 lw 1
set key above horizontal
set output '$d/http-rps.png'
set title "kiln-httpd requests/s: wrk, median of $wrk_runs × $wrk_duration, bars min–max, log scale\n$accel, -m $mem; $cpu"
set ylabel 'requests/s'
plot '$DATA/plot-rps.dat' using 2:3:4:xtic(1) title 'kiln' ls 1, \
     '' using 5:6:7 title 'Linux guest' ls 2, \
     '' using 8:9:10 title 'native (loopback)' ls 3, \
     '' using (\$0 - 0.25):2:(lab(\$2)) with labels offset 0,0.6 font ',8' notitle, \
     '' using (\$0):5:(lab(\$5)) with labels offset 0,0.6 font ',8' notitle, \
     '' using (\$0 + 0.25):8:(lab(\$8)) with labels offset 0,0.6 font ',8' notitle
set output '$d/http-p99.png'
set title "kiln-httpd p99 latency: wrk --latency, median of $wrk_runs, bars min–max, log scale\n$accel, -m $mem; $cpu"
set ylabel 'p99 latency, ms'
plot '$DATA/plot-p99.dat' using 2:3:4:xtic(1) title 'kiln' ls 1, \
     '' using 5:6:7 title 'Linux guest' ls 2, \
     '' using 8:9:10 title 'native (loopback)' ls 3, \
     '' using (\$0 - 0.25):2:(lab(\$2)) with labels offset 0,0.6 font ',8' notitle, \
     '' using (\$0):5:(lab(\$5)) with labels offset 0,0.6 font ',8' notitle, \
     '' using (\$0 + 0.25):8:(lab(\$8)) with labels offset 0,0.6 font ',8' notitle
set output '$d/boot.png'
set key inside top left vertical
set terminal pngcairo size 760,520 font 'sans,11'
set title "From QEMU start, host clock, ms: median of $boot_runs, bars min–max, log scale\n$accel, -m $mem, QEMU user networking"
set ylabel 'ms'
set key top left
plot '$DATA/plot-boot.dat' using 2:3:4:xtic(1) title 'kiln' ls 1, \
     '' using 5:6:7 title 'Linux guest' ls 2, \
     '' using (\$0 - 1.0/6):2:(lab(\$2)) with labels offset 0,0.7 font ',9' notitle, \
     '' using (\$0 + 1.0/6):5:(lab(\$5)) with labels offset 0,0.7 font ',9' notitle
set output '$d/footprint.png'
set terminal pngcairo size 960,460 font 'sans,11'
unset title
set bmargin 3
set style histogram clustered gap 1
set multiplot layout 1,2 title "Footprint, log scale: image size, and the smallest -m that serves site/ byte for byte"
set ylabel 'KiB'
set key top left
plot '$DATA/plot-size.dat' using 2:xtic(1) title 'kiln' ls 1, '' using 3 title 'Linux guest' ls 2, \
     '' using (\$0 - 1.0/6):2:(lab(\$2)) with labels offset 0,0.7 font ',9' notitle, \
     '' using (\$0 + 1.0/6):3:(lab(\$3)) with labels offset 0,0.7 font ',9' notitle
set ylabel 'MiB'
plot '$DATA/plot-mem.dat' using 2:xtic(1) title 'kiln' ls 1, '' using 3 title 'Linux guest' ls 2, \
     '' using (\$0 - 1.0/6):2:(sprintf('%g', \$2)) with labels offset 0,0.7 font ',9' notitle, \
     '' using (\$0 + 1.0/6):3:(sprintf('%g', \$3)) with labels offset 0,0.7 font ',9' notitle
unset multiplot
EOF
}

# --- output ----------------------------------------------------------------------

body() {
	echo "## Targets"
	echo
	targets_table
	echo
	echo "## Boot"
	echo
	echo "Median of $boot_runs boots with -m $mem and QEMU user networking, the demo site packed; the spread is min–max."
	echo
	boot_table
	echo
	echo "## Size"
	echo
	size_table
	echo
	echo "## Memory"
	echo
	memory_table
	echo
	echo "## HTTP"
	echo
	echo "wrk -t$wrk_threads, $wrk_duration per run, median of $wrk_runs runs after a warm-up (min–max); -m $mem."
	echo
	http_table 5
	echo
	http_table 6
	echo
	errors_line
	echo
	echo "## Build"
	echo
	build_table
}

{
	echo "kiln benchmarks, $date: $cpu, $cores cores, $mem_mib MiB, Linux $host_kernel; $accel"
	echo
	body
} | align

[ -n "$docs" ] || exit 0
plots "$docs/benchmarks" || true
md=$docs/benchmarks.md
{
	cat <<EOF
# Benchmarks: kiln beside a Linux guest

kiln-httpd (apps/httpd) serves the same files three ways: on kiln; as the
init program of a minimal Linux guest (a Debian kernel and an initramfs
made by tools/bench/linux-guest.sh) on the same QEMU machine, memory,
accelerator and networking; and natively on the host, the upper limit.
\`make bench\` (tools/bench/bench.sh) measures it all in one run and
writes this page; raw data stays in build/bench/.

Measured $date.

| | |
|---|---|
| machine | $cpu, $cores cores, $mem_mib MiB, $arch |
| host kernel | Linux $host_kernel |
| host load average (1, 5, 15 min) | ${loadavg_start:-?} at the start, $loadavg at the end |
| accelerator | $accel: $accel_why |
| QEMU | $qemu |
| kiln | $kiln_version ($kiln_git) |
| Linux guest kernel | $(linux_cell "$linux_kernel (Debian package $linux_package)") |
| wrk | $wrk |
| gcc, musl | $gcc; musl $musl |
| tap rows | $tap |

EOF
	body | align
	cat <<'EOF'

EOF
	[ ! -f "$docs/benchmarks-analysis.md" ] || cat <<'EOF'
Where the time and memory go, for each target missed, and what would fix
it: [benchmarks-analysis.md](benchmarks-analysis.md).

EOF
	cat <<'EOF'
![requests per second](benchmarks/http-rps.png)

![p99 latency](benchmarks/http-p99.png)

![boot](benchmarks/boot.png)

![size and memory](benchmarks/footprint.png)

## How it is measured

- **boot**: QEMU is started directly with the command each launcher prints
  with `--dry-run`, its console stamped with the host's clock as it
  arrives. The program's first instruction: on kiln, the kernel's
  `proc: starting` line (its clock starts with the VM); on Linux, the init
  script's `linux-guest: exec` line, printk-stamped (Linux's clock starts
  when the kernel sets it up, after the firmware and decompression, so the
  host-clock row is the one to compare). The first HTTP 200: curl polls
  `/` every 5 ms; each attempt is cut after 50 ms, because under QEMU user
  networking a connection made before the guest's network is up waits for
  a retransmission.
- **size**: the kiln kernel is the bootable image without a root archive
  (`make image INITRD=1`); the whole image holds kernel, kiln-httpd and
  site/. The Linux guest's are the vmlinuz and the initramfs (kiln-httpd,
  site/ and its init) it boots.
- **memory**: bisection, in MiB, over the -m that boots and serves every
  file of site/ byte for byte (compared with cmp).
- **HTTP**: wrk with `--latency` and a 5 s timeout. tap: QEMU, wrk and the
  tap device in a network namespace the script makes and deletes, guest at
  10.79.0.2. user: QEMU's port forward on 127.0.0.1. native: kiln-httpd on
  the host's loopback. The 1 MiB file is random bytes added to a temporary
  copy of site/.
- **build**: `make -jN` (the kernel, kiln-httpd and its image with site/)
  in a fresh clone of the committed tree; the largest step and its peak
  memory from kiln's build report (build/report/last.summary).

Under TCG every guest instruction is translated, so absolute figures on
this machine are far below what KVM gives (a Raspberry Pi 5 runs the same
command under KVM); the ratios between kiln and the Linux guest are what
count.
EOF
} >"$md"
echo "report: wrote $md and $docs/benchmarks/*.png" >&2
