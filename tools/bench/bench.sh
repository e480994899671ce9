#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench.sh: kiln-httpd on kiln beside the same static binary as the init
# program of a minimal Linux guest (tools/bench/linux-guest.sh, a Debian
# kernel on the same QEMU machine, memory, accelerator and networking) and
# run natively on the host (the upper limit), in one run:
#   build   clean build of a temporary clone: wall time, largest step's
#           peak memory (from the build report)
#   size    kiln kernel, program, whole image; Linux vmlinuz + initramfs
#   boot    QEMU start to the program's first instruction (boot log) and
#           to the first HTTP 200 the host sees (curl polling)
#   memory  the smallest -m that still serves site/ byte for byte (bisection)
#   http    wrk requests/s and p99: a small file with keep-alive, a 1 MiB
#           file, 256 connections; over a tap device in a network namespace
#           made here, and over QEMU user networking (127.0.0.1 forward)
# Raw data goes to build/bench/; tools/bench/report.sh turns it into the
# table printed at the end, docs/benchmarks.md and docs/benchmarks/*.png.
# A benchmark: it prints figures and judges nothing by time.
#
# usage: tools/bench/bench.sh [--only SECTION,...] [--no-linux] [--no-docs]
#   --only   run only these sections (build,size,boot,memory,http); the
#            others keep the data of an earlier run; docs are written only
#            when all five sections ran (or with --docs)
# environment: BOOT_RUNS (5), WRK_RUNS (3), WRK_DURATION (10s), WRK_WARMUP
#   (2s), WRK_THREADS (1), WRK_CONNS (16), WRK_MANY (256), MEM (128M, for
#   boot and http), ACCEL (auto), MEM_MAX (256, MiB, bisection's top)
#
# Traffic goes only to 127.0.0.1 and to addresses inside the network
# namespace this script makes and deletes (on every exit path, with every
# QEMU it started).
set -uo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
cd "$ROOT" || exit 2
OUT=$ROOT/build/bench
BOOT_RUNS=${BOOT_RUNS:-5}
WRK_RUNS=${WRK_RUNS:-3}
WRK_DURATION=${WRK_DURATION:-10s}
WRK_WARMUP=${WRK_WARMUP:-2s}
WRK_THREADS=${WRK_THREADS:-1}
WRK_CONNS=${WRK_CONNS:-16}
WRK_MANY=${WRK_MANY:-256}
MEM=${MEM:-128M}
ACCEL=${ACCEL:-auto}
MEM_MAX=${MEM_MAX:-256}
POLL_INTERVAL=0.005 # seconds between two curl attempts
POLL_MAX=0.05       # one attempt's limit (see wait_200)
VM_LIMIT=3600       # no QEMU started here outlives this, seconds
LINUX_GUEST=$ROOT/tools/bench/linux-guest.sh
NS=kiln-bench-$$
TAP=kbtap0
TAP_HOST=10.79.0.1
TAP_GUEST=10.79.0.2

sections=(build size boot memory http)
only='' use_linux=1 docs=auto
while [ $# -gt 0 ]; do
	case $1 in
	--only) only=${2:-}; shift 2 || { echo "bench: --only needs a list" >&2; exit 2; } ;;
	--no-linux) use_linux=0; shift ;;
	--no-docs) docs=no; shift ;;
	--docs) docs=yes; shift ;;
	-h | --help) sed -n '2,/^set -uo/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
	*) echo "bench: unknown argument '$1' (--help)" >&2; exit 2 ;;
	esac
done
if [ -n "$only" ]; then
	IFS=, read -r -a sections <<<"$only"
	for s in "${sections[@]}"; do
		case $s in build | size | boot | memory | http) ;;
		*) echo "bench: unknown section '$s'" >&2; exit 2 ;;
		esac
	done
	[ "$docs" != auto ] || docs=no
fi
[ "$docs" != auto ] || docs=yes
want() { [[ " ${sections[*]} " == *" $1 "* ]]; }

case $(uname -m) in
x86_64 | amd64) ARCH=x86_64 ;;
aarch64 | arm64) ARCH=arm64 ;;
*) echo "bench: kiln runs on x86_64 and arm64 hosts, not $(uname -m)" >&2; exit 2 ;;
esac
BIN=$ROOT/build/httpd/$ARCH/kiln-httpd
[ -x "$LINUX_GUEST" ] || use_linux=0
targets=(kiln)
[ "$use_linux" = 0 ] || targets+=(linux)

for c in qemu-system-x86_64 curl wrk cmp python3; do
	command -v "$c" >/dev/null ||
		{ echo "bench: $c is not installed (make deps)" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiln-bench.XXXXXX")
pids=() ns_up=0 vmpid='' stamper='' natpid='' fgpid=''

# --- cleanup: every QEMU, the native server, the namespace ------------------

cleanup() {
	local p
	[ -z "$fgpid" ] || kill -TERM "$fgpid" 2>/dev/null
	for p in "${pids[@]+"${pids[@]}"}"; do
		kill -KILL -- "-$p" 2>/dev/null
	done
	for p in "${pids[@]+"${pids[@]}"}"; do
		wait "$p" 2>/dev/null
	done
	if [ "$ns_up" = 1 ]; then
		ip netns exec "$NS" ip link del "$TAP" 2>/dev/null
		ip netns del "$NS" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

say() { printf 'bench: %s\n' "$*" >&2; }

# Microseconds since the epoch, without a fork.
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }

free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# --- the namespace with the tap device --------------------------------------

ns_create() {
	[ "$ns_up" = 1 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		tap_why="not root"
	elif [ ! -c /dev/net/tun ]; then
		tap_why="no /dev/net/tun"
	elif ! ip netns add "$NS" 2>"$tmp/netns.err"; then
		tap_why="ip netns add failed: $(head -n 1 "$tmp/netns.err")"
	else
		ns_up=1
		if ip netns exec "$NS" ip link set lo up &&
			ip netns exec "$NS" ip tuntap add dev "$TAP" mode tap &&
			ip netns exec "$NS" ip addr add "$TAP_HOST/24" dev "$TAP" &&
			ip netns exec "$NS" ip link set "$TAP" up 2>"$tmp/netns.err"; then
			return 0
		fi
		tap_why="setting up $TAP failed: $(head -n 1 "$tmp/netns.err")"
	fi
	return 1
}

# --- QEMU commands, from each launcher's --dry-run ---------------------------
# vm_prepare KEY TARGET NET FILES: the QEMU command for TARGET (kiln or
# linux) serving FILES over NET (user or tap), kept as shell words in
# cmd[KEY] with its URL in url[KEY]; images stay in $OUT/images/KEY.
declare -A cmd url nsx
vm_prepare() {
	local key=$1 target=$2 net=$3 files=$4 port out line
	local -a netopt
	[ -z "${cmd[$key]:-}" ] || return 0
	if [ "$net" = user ]; then
		port=$(free_port)
		netopt=(-p "127.0.0.1:$port:80")
		url[$key]=http://127.0.0.1:$port
		nsx[$key]=''
	else
		netopt=(--net "tap:$TAP" --ip "$TAP_GUEST/24")
		[ "$target" = kiln ] || netopt+=(--gw "$TAP_HOST")
		url[$key]=http://$TAP_GUEST:80
		nsx[$key]=$NS
	fi
	out=$OUT/images/$key
	mkdir -p "$out"
	if [ "$target" = kiln ]; then
		line=$("$ROOT/kiln" run --dry-run -q --accel "$accel" -m "$MEM" \
			--files "$files" --image "$out/image" "${netopt[@]}" \
			"$BIN" -- --root / --port 80 2>"$out/dry-run.err" | tail -n 1)
		# The boot log's "proc: starting" line is at level info.
		line=${line/loglevel=warn/loglevel=info}
	else
		line=$("$LINUX_GUEST" --dry-run --accel "$accel" -m "$MEM" \
			--files "$files" --image-dir "$out" "${netopt[@]}" \
			"$BIN" -- --root / --port 80 2>"$out/dry-run.err" | tail -n 1)
	fi
	if [ -z "$line" ]; then
		say "$key: no QEMU command from the $target launcher:"
		sed 's/^/    /' "$out/dry-run.err" >&2
		return 1
	fi
	cmd[$key]=$line
	printf '%s\n' "$line" >"$out/qemu-command"
}

# Prefixes each console line with the host's clock in microseconds.
stamp() {
	local l
	while IFS= read -r l || [ -n "$l" ]; do
		printf '%s %s\n' "$(now_us)" "${l%$'\r'}"
	done
}

# vm_start KEY MEM LOG: starts cmd[KEY] with MEM of guest memory in its own
# session (inside the namespace for tap), its console stamped into LOG.
# Sets vmpid and t0 (microseconds, just before QEMU is started).
vm_start() {
	local key=$1 mem=$2 log=$3 i
	local -a q pre=()
	eval "q=(${cmd[$key]})"
	for i in "${!q[@]}"; do
		[ "${q[$i]}" != -m ] || q[i + 1]=$mem
	done
	[ -z "${nsx[$key]}" ] || pre=(ip netns exec "${nsx[$key]}")
	rm -f "$tmp/console.fifo"
	mkfifo "$tmp/console.fifo"
	stamp <"$tmp/console.fifo" >"$log" &
	stamper=$!
	t0=$(now_us)
	"${pre[@]+"${pre[@]}"}" setsid timeout --foreground -s KILL "$VM_LIMIT" \
		"${q[@]}" </dev/null >"$tmp/console.fifo" 2>&1 &
	vmpid=$!
	pids+=("$vmpid")
}

vm_stop() {
	local i
	[ -n "$vmpid" ] || return 0
	kill -TERM -- "-$vmpid" 2>/dev/null
	for i in $(seq 50); do
		kill -0 "$vmpid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL -- "-$vmpid" 2>/dev/null
	wait "$vmpid" 2>/dev/null
	wait "$stamper" 2>/dev/null
	forget "$vmpid"
	vmpid='' stamper=''
}

# Drops PID from the list cleanup kills.
forget() {
	local p keep=()
	for p in "${pids[@]+"${pids[@]}"}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	pids=("${keep[@]+"${keep[@]}"}")
}

# wait_200 KEY LIMIT: polls url[KEY]/ with curl every POLL_INTERVAL until
# an HTTP 200, for at most LIMIT seconds after t0. Sets ms200 (from t0).
# Under QEMU user networking, a connection made before the guest's network
# is up is accepted by QEMU and waits for a SYN retransmission (seconds),
# so each attempt is cut after POLL_MAX and the next one starts: a 200 is
# seen at most POLL_MAX late. Attempts get a second once 600 were cut.
wait_200() {
	local key=$1 limit=$2 code tmax=$POLL_MAX n=0 t
	local -a pre=()
	[ -z "${nsx[$key]}" ] || pre=(ip netns exec "${nsx[$key]}")
	while :; do
		code=$("${pre[@]+"${pre[@]}"}" curl -s -o /dev/null -m "$tmax" \
			-w '%{http_code}' "${url[$key]}/")
		t=$(now_us)
		if [ "$code" = 200 ]; then
			ms200=$(((t - t0) / 1000))
			return 0
		fi
		kill -0 "$vmpid" 2>/dev/null || { why="QEMU exited"; return 1; }
		[ $((t - t0)) -lt $((limit * 1000000)) ] ||
			{ why="no HTTP 200 in $limit s"; return 1; }
		n=$((n + 1))
		[ "$n" != 600 ] || tmax=1
		sleep "$POLL_INTERVAL"
	done
}

# boot_marks TARGET LOG: from a stamped console log, the guest clock's
# timestamp (ms) of the line just before the program starts and the host's
# time (ms from t0) at which that line arrived: "GUEST HOST", "- -" when
# absent. kiln: the kernel's " proc: starting " line. Linux: the init
# script's "linux-guest: exec" line (printk-stamped through /dev/kmsg), else
# the kernel's "Run /init as init process".
boot_marks() {
	local target=$1 log=$2
	awk -v t0="$t0" -v target="$target" '
	function guest(s) {
		if (match(s, /^\[ *[0-9]+\.[0-9]+\]/)) {
			s = substr(s, RSTART + 1, RLENGTH - 2)
			gsub(/ /, "", s)
			return sprintf("%.3f", s * 1000)
		}
		return "-"
	}
	{
		host = sprintf("%.3f", ($1 - t0) / 1000)
		line = $0
		sub(/^[0-9]+ /, "", line)
	}
	target == "kiln" && / proc: starting / && !k { k = 1; g = guest(line); h = host }
	target == "linux" && /Run \/init as init process/ && !r { r = 1; rg = guest(line); rh = host }
	target == "linux" && /linux-guest: exec / && !x { x = 1; xg = guest(line); xh = host }
	END {
		if (target == "linux") {
			if (x && xg != "-") { g = xg; h = xh }
			else if (r) { g = rg; h = x ? xh : rh }
		}
		print (g == "" ? "-" : g), (h == "" ? "-" : h)
	}' "$log"
}

# --- machine and versions -----------------------------------------------------

collect_meta() {
	local cpu mem_kib kver="-" kpkg="-" f
	cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
	[ -n "$cpu" ] || cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -n 1)
	mem_kib=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
	# The Linux guest's first log line: "Linux version 6.1.0-57-amd64
	# (...) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (date)".
	f=$(grep -ah -m 1 'Linux version ' "$OUT"/logs/*-linux-*.log 2>/dev/null | head -n 1)
	if [ -n "$f" ]; then
		kver=$(sed -n 's/.*Linux version \([^ ]*\) .*/\1/p' <<<"$f")
		kpkg="linux-image-$kver $(sed -n 's/.* Debian \([^ ]*\) .*/\1/p' <<<"$f")"
	fi
	{
		printf 'date=%q\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
		printf 'arch=%q\n' "$ARCH"
		printf 'cpu=%q\n' "${cpu:-unknown}"
		printf 'cores=%q\n' "$(nproc)"
		printf 'mem_mib=%q\n' "$((mem_kib / 1024))"
		printf 'host_kernel=%q\n' "$(uname -r)"
		printf 'loadavg_start=%q\n' "$load_start"
		printf 'loadavg=%q\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
		printf 'accel=%q\n' "$accel"
		printf 'accel_why=%q\n' "$accel_why"
		printf 'qemu=%q\n' "$("$QEMU" --version | head -n 1)"
		printf 'kiln_version=%q\n' "$(cat VERSION)"
		printf 'kiln_git=%q\n' "$(git describe --always --dirty 2>/dev/null || echo -)"
		printf 'linux_kernel=%q\n' "$kver"
		printf 'linux_package=%q\n' "$kpkg"
		printf 'wrk=%q\n' "$(dpkg-query -W -f='${Version}\n' wrk 2>/dev/null | head -n 1)"
		printf 'gcc=%q\n' "$(gcc --version | head -n 1)"
		printf 'musl=%q\n' "$(dpkg-query -W -f='${Version}\n' musl-dev 2>/dev/null | head -n 1)"
		printf 'curl=%q\n' "$(curl --version | head -n 1 | cut -d' ' -f1-2)"
		printf 'mem=%q\n' "$MEM"
		printf 'boot_runs=%q\nwrk_runs=%q\nwrk_duration=%q\n' \
			"$BOOT_RUNS" "$WRK_RUNS" "$WRK_DURATION"
		printf 'wrk_threads=%q\nwrk_conns=%q\nwrk_many=%q\n' \
			"$WRK_THREADS" "$WRK_CONNS" "$WRK_MANY"
		printf 'linux_rows=%q\n' "$use_linux"
		printf 'tap=%q\n' "${tap_why:-ok}"
	} >"$OUT/meta.env"
}

# --- build --------------------------------------------------------------------

bench_build() {
	local clone=$tmp/clone t rc=0
	say "build: clean build of a temporary clone ($(git rev-parse --short HEAD))"
	git clone -q "$ROOT" "$clone" || return 1
	rm -f "$OUT"/build-report.*
	t=$(now_us)
	make -C "$clone" -j"$(nproc)" >"$OUT/build.log" 2>&1 || rc=$?
	t=$((($(now_us) - t) / 1000))
	{
		printf 'wall_ms=%s\nstatus=%s\njobs=%s\n' "$t" "$rc" "$(nproc)"
		printf 'targets=%q\n' "all"
	} >"$OUT/build.env"
	if [ -f "$clone/build/report/last.summary" ]; then
		cp "$clone/build/report/last.summary" "$OUT/build-report.summary"
		cp "$clone/build/report/last.tsv" "$OUT/build-report.tsv" 2>/dev/null
	fi
	rm -rf "$clone"
}

# --- size -----------------------------------------------------------------------

bench_size() {
	local d=$OUT/size site=0 f
	say "size: kiln kernel and image, Linux vmlinuz and initramfs"
	rm -rf "$d" && mkdir -p "$d"
	make -s KILN_INNER=1 ARCH="$ARCH" image APP="$BIN" INITRD=1 IMAGE="$d/kernel" >/dev/null ||
		return 1
	make -s KILN_INNER=1 ARCH="$ARCH" image APP="$BIN" FILES="$ROOT/site" IMAGE="$d/image" \
		>/dev/null || return 1
	site=$(find site -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
	{
		printf 'kiln_kernel\t%s\n' "$(stat -c %s "$d/kernel")"
		printf 'program\t%s\n' "$(stat -c %s "$BIN")"
		printf 'site\t%s\n' "$site"
		printf 'kiln_image\t%s\n' "$(stat -c %s "$d/image")"
	} >"$OUT/size.tsv"
	[ "$use_linux" = 1 ] || return 0
	vm_prepare linux-user-site linux user "$ROOT/site" || return 1
	# linux-guest.sh --image-dir: vmlinuz as packaged, vmlinux (x86_64: the
	# same kernel uncompressed, which is what boots), initramfs.cpio.
	d=$OUT/images/linux-user-site
	for f in vmlinuz:linux_kernel vmlinux:linux_kernel_booted \
		initramfs.cpio:linux_initramfs; do
		[ ! -f "$d/${f%%:*}" ] ||
			printf '%s\t%s\n' "${f#*:}" "$(stat -c %s "$d/${f%%:*}")" >>"$OUT/size.tsv"
	done
}

# --- boot -----------------------------------------------------------------------

bench_boot() {
	local target key i marks
	: >"$OUT/boot.tsv"
	for target in "${targets[@]}"; do
		key=$target-user-site
		vm_prepare "$key" "$target" user "$ROOT/site" || continue
		for i in $(seq "$BOOT_RUNS"); do
			mkdir -p "$OUT/logs"
			vm_start "$key" "$MEM" "$OUT/logs/boot-$target-$i.log"
			if wait_200 "$key" 300; then
				vm_stop
				marks=$(boot_marks "$target" "$OUT/logs/boot-$target-$i.log")
				say "boot: $target run $i: program starts at ${marks% *} ms (guest clock), ${marks#* } ms (host); first 200 at $ms200 ms"
				printf '%s\t%s\t%s\t%s\n' "$target" "$i" "${marks// /$'\t'}" \
					"$ms200" >>"$OUT/boot.tsv"
			else
				vm_stop
				say "boot: $target run $i: $why (log: $OUT/logs/boot-$target-$i.log)"
				printf '%s\t%s\t-\t-\t-\n' "$target" "$i" >>"$OUT/boot.tsv"
			fi
		done
	done
}

# --- memory ---------------------------------------------------------------------

# mem_trial TARGET MIB: boots with -m MIB, waits for the site, fetches every
# file of site/ and compares it byte for byte. Returns 0 when all match.
mem_trial() {
	local target=$1 mib=$2 key=$1-user-site f ok=0 limit log
	limit=${trial_limit[$target]}
	log=$OUT/logs/memory-$target-$mib.log
	vm_start "$key" "${mib}M" "$log"
	why=''
	if wait_200 "$key" "$limit"; then
		while IFS= read -r f; do
			if ! curl -s -f -m 30 -o "$tmp/fetched" "${url[$key]}/$f" ||
				! cmp -s "$tmp/fetched" "site/$f"; then
				why="/$f differs or failed"
				ok=1
				break
			fi
		done < <(cd site && find . -type f | sed 's|^\./||' | sort)
	else
		ok=1
	fi
	vm_stop
	printf '%s\t%s\t%s\t%s\n' "$target" "$mib" "$([ $ok = 0 ] && echo ok || echo fail)" \
		"${why:--}" >>"$OUT/memory-trials.tsv"
	say "memory: $target -m ${mib}M: $([ $ok = 0 ] && echo served || echo "failed ($why)")"
	return $ok
}

declare -A trial_limit
bench_memory() {
	local target lo hi mid med
	: >"$OUT/memory-trials.tsv"
	: >"$OUT/memory.tsv"
	mkdir -p "$OUT/logs"
	for target in "${targets[@]}"; do
		vm_prepare "$target-user-site" "$target" user "$ROOT/site" || continue
		# A failing trial may hang: allow four times the median boot.
		med=$(awk -v t="$target" '$1 == t && $5 != "-" {print $5}' \
			"$OUT/boot.tsv" 2>/dev/null | sort -n |
			awk '{a[NR] = $1} END {print NR ? int(a[int((NR + 1) / 2)] / 1000) : ""}')
		trial_limit[$target]=$((${med:-30} * 4 + 15))
		lo=0 hi=$MEM_MAX
		if ! mem_trial "$target" "$hi"; then
			printf '%s\t>%s\n' "$target" "$MEM_MAX" >>"$OUT/memory.tsv"
			continue
		fi
		while [ $((hi - lo)) -gt 1 ]; do
			mid=$(((lo + hi) / 2))
			if mem_trial "$target" "$mid"; then hi=$mid; else lo=$mid; fi
		done
		printf '%s\t%s\n' "$target" "$hi" >>"$OUT/memory.tsv"
	done
}

# --- http -----------------------------------------------------------------------

# wrk_parse FILE: "REQ/S P99_MS ERRORS" from wrk --latency output.
wrk_parse() {
	awk '
	function ms(v) {
		if (v ~ /us$/) return v / 1000
		if (v ~ /ms$/) return v + 0
		if (v ~ /s$/) return v * 1000
		return v / 1000
	}
	/^Requests\/sec:/ { rps = $2 }
	$1 == "99%" { p99 = ms($2) }
	/Socket errors:/ {
		for (i = 1; i <= NF; i++)
			if ($i ~ /^[0-9]+,?$/) errs += $i
	}
	/Non-2xx or 3xx responses:/ { errs += $NF }
	END {
		printf "%s %s %d\n", rps == "" ? "-" : rps,
			p99 == "" ? "-" : sprintf("%.3f", p99), errs
	}' "$1"
}

# run_bg COMMAND...: runs COMMAND and waits for it in a way a signal can
# interrupt (bash runs traps only between foreground commands); cleanup
# kills it.
run_bg() {
	"$@" &
	fgpid=$!
	wait "$fgpid"
	fgpid=''
}

# wrk_series TARGET NET BASE_URL PRE...: the three tests, each a warm-up and
# WRK_RUNS runs, into http.tsv.
wrk_series() {
	local target=$1 net=$2 base=$3 test path conns i f r
	shift 3
	for test in small big many; do
		case $test in
		small) path=/index.html conns=$WRK_CONNS ;;
		big) path=/big.bin conns=$WRK_CONNS ;;
		many) path=/index.html conns=$WRK_MANY ;;
		esac
		run_bg "$@" timeout 120 wrk -t"$WRK_THREADS" -c"$conns" \
			-d"$WRK_WARMUP" "$base$path" >/dev/null 2>&1
		for i in $(seq "$WRK_RUNS"); do
			f=$OUT/wrk/$target-$net-$test-$i.txt
			run_bg "$@" timeout 300 wrk -t"$WRK_THREADS" -c"$conns" \
				-d"$WRK_DURATION" --timeout 5s --latency "$base$path" >"$f" 2>&1
			r=$(wrk_parse "$f")
			say "http: $target $net $test run $i: $r (requests/s, p99 ms, errors)"
			printf '%s\t%s\t%s\t%s\t%s\n' "$target" "$net" "$test" "$i" \
				"${r// /$'\t'}" >>"$OUT/http.tsv"
		done
	done
}

bench_http() {
	local www=$tmp/www net target key port
	local -a pre
	rm -rf "$OUT/wrk" && mkdir -p "$OUT/wrk" "$OUT/logs"
	: >"$OUT/http.tsv"
	cp -r site "$www"
	head -c 1048576 /dev/urandom >"$www/big.bin"
	for net in tap user; do
		if [ "$net" = tap ] && ! ns_create; then
			say "http: no tap rows: $tap_why"
			continue
		fi
		for target in "${targets[@]}"; do
			key=$target-$net-www
			vm_prepare "$key" "$target" "$net" "$www" || continue
			say "http: $target over $net networking: booting"
			vm_start "$key" "$MEM" "$OUT/logs/http-$target-$net.log"
			if ! wait_200 "$key" 300; then
				say "http: $target $net: $why"
				vm_stop
				continue
			fi
			pre=()
			[ -z "${nsx[$key]}" ] || pre=(ip netns exec "${nsx[$key]}")
			wrk_series "$target" "$net" "${url[$key]}" "${pre[@]+"${pre[@]}"}"
			vm_stop
		done
	done
	# Native: the same binary on the host's loopback.
	port=$(free_port)
	setsid "$BIN" --root "$www" --addr 127.0.0.1 --port "$port" \
		</dev/null >"$OUT/logs/http-native.log" 2>&1 &
	natpid=$!
	pids+=("$natpid")
	vmpid=$natpid t0=$(now_us)
	nsx[native]='' url[native]=http://127.0.0.1:$port
	if wait_200 native 10; then
		wrk_series native loopback "${url[native]}"
	else
		say "http: native: $why"
	fi
	kill -TERM -- "-$natpid" 2>/dev/null
	wait "$natpid" 2>/dev/null
	forget "$natpid"
	vmpid=''
}

# --- main -----------------------------------------------------------------------

mkdir -p "$OUT"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
say "building kiln-httpd, the $ARCH kernel and host tools"
make -s KILN_INNER=1 httpd host-tools kernel ARCH="$ARCH" >/dev/null || exit 1
QEMU=qemu-system-x86_64
[ "$ARCH" = x86_64 ] || QEMU=qemu-system-aarch64

# One accelerator for every guest: kiln's choice (or ACCEL), said why.
accel_why=$("$ROOT/kiln" run --dry-run --accel "$ACCEL" "$BIN" 2>&1 >/dev/null |
	sed -n "s/^kiln: $ARCH program; //p")
accel=${accel_why%%:*}
accel_why=${accel_why#*: }
case $accel in kvm | tcg) ;; *) say "could not tell the accelerator"; exit 1 ;; esac
say "accelerator: $accel ($accel_why)"
[ "$use_linux" = 1 ] || say "no Linux guest rows (tools/bench/linux-guest.sh absent or --no-linux)"

tap_why=''
for s in build size boot memory http; do
	want "$s" || continue
	"bench_$s" || say "$s: failed (see above)"
done
collect_meta

report=(bash "$ROOT/tools/bench/report.sh" "$OUT")
[ "$docs" = no ] || report+=(--docs "$ROOT/docs")
"${report[@]}"
