#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the network tests. Builds the servers in tests/net for x86_64 and
# arm64, runs each on kiln under TCG and, as the reference, on Linux
# (natively, or under qemu-aarch64), and drives it from the host with
# client.py, which checks every reply. Prints one ok/FAIL line per case
# and ends with "N passed, N failed"; skipped cases are listed apart.
#
# usage: tests/net/run.sh [FILTER]
#   Runs only the cases whose label contains FILTER ("arm64", "udp",
#   "linux-x86_64 tcp").
#
# Traffic goes only to 127.0.0.1 (QEMU's port forwards, and the guest's
# connections to 10.0.2.2, which QEMU maps to the host's 127.0.0.1) and to
# addresses inside a network namespace made here and deleted on exit.
set -uo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
SRC=$ROOT/tests/net
OUT=$ROOT/build/tests/net
FILTER=${1:-}
KTIMEOUT=300 # one kiln run at most, seconds
BOOT_WAIT=60 # from start to "listening", seconds
STOP_WAIT=20 # from "quit" to exit, seconds
PROGS=(echo udpecho mux epsrv nbconnect nbaccept netinfo bulk)
declare -A CC=([x86_64]=musl-gcc [arm64]=aarch64-linux-musl-gcc)
LOG_RE='^\[ *[0-9]+\.[0-9]{6}\] [EWID] '
MAC_RE='([0-9a-f]{2}:){5}[0-9a-f]{2}'
NS=kiln-net-$$
TAP=ktap0

passed=0 failed=0
skipped=()
work='' spid=''

# --- building ---------------------------------------------------------------

build_all() {
	local arch p
	for arch in x86_64 arm64; do
		printf 'building %s network tests and kernel\n' "$arch"
		mkdir -p "$OUT/$arch"
		for p in "${PROGS[@]}"; do
			"${CC[$arch]}" -static -O2 -Wall -Wextra -Werror -D_GNU_SOURCE \
				-o "$OUT/$arch/$p" "$SRC/$p.c" ||
				{ echo "building $arch $p failed"; exit 2; }
		done
		make -s -C "$ROOT" ARCH="$arch" kernel >/dev/null ||
			{ echo "building the $arch kernel failed"; exit 2; }
	done
	make -s -C "$ROOT" host-tools >/dev/null || exit 2
}

# --- servers ----------------------------------------------------------------

# A TCP and UDP port free on 127.0.0.1, below Linux's ephemeral range.
free_port() {
	python3 - <<'EOF'
import random, socket
for _ in range(200):
    p = random.randrange(20000, 32000)
    try:
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            s = socket.socket(socket.AF_INET, kind)
            s.bind(("127.0.0.1", p))
            s.close()
        print(p)
        break
    except OSError:
        s.close()
EOF
}

# Waits up to $3 seconds for a line matching ERE $2 in file $1 while
# process $4 lives.
wait_for() {
	local file=$1 re=$2 end=$((SECONDS + $3)) pid=$4
	until grep -qaE "$re" "$file" 2>/dev/null; do
		if [ "$SECONDS" -ge "$end" ] || ! kill -0 "$pid" 2>/dev/null; then
			grep -qaE "$re" "$file" 2>/dev/null
			return
		fi
		sleep 0.1
	done
}

# start PLAT PROG ARGS...: runs the server in its own session (so that it
# and its children can be stopped together), output to $work/server.out.
# On kiln, KOPTS are added; the word PORT in ARGS becomes the port the
# server listens on: 7 in the guest (forwarded from $port), $port on
# Linux. Waits for its "listening" line (unless NOWAIT=1: a program that
# runs to its end); returns nonzero without one.
start() {
	local plat=$1 prog=$2 a
	local -a argv=() run
	shift 2
	for a in "$@"; do
		if [ "$a" = PORT ]; then
			case $plat in linux-*) a=$port ;; *) a=7 ;; esac
		fi
		argv+=("$a")
	done
	case $plat in
	linux-x86_64) run=("$OUT/x86_64/$prog") ;;
	linux-arm64) run=(qemu-aarch64 "$OUT/arm64/$prog") ;;
	*) run=("$ROOT/kiln" run --accel tcg -q --timeout "$KTIMEOUT"
		"${KOPTS[@]}" "$OUT/$plat/$prog") ;;
	esac
	"${NSEXEC[@]}" setsid "${run[@]}" "${argv[@]}" </dev/null \
		>"$work/server.out" 2>&1 &
	spid=$!
	[ "${NOWAIT:-0}" = 1 ] && return 0
	wait_for "$work/server.out" 'listening on' "$BOOT_WAIT" "$spid" ||
		{ note "no 'listening on' line in $BOOT_WAIT s"; return 1; }
}

# Waits up to $1 seconds for the server to end; then stops its session.
# Sets status to its exit status (or "killed").
finish() {
	local end=$((SECONDS + $1))
	while kill -0 "$spid" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do
		sleep 0.1
	done
	if kill -0 "$spid" 2>/dev/null; then
		kill -TERM -- "-$spid" 2>/dev/null
		sleep 1
		kill -KILL -- "-$spid" 2>/dev/null
		wait "$spid" 2>/dev/null
		status=killed
		return
	fi
	wait "$spid"
	status=$?
}

# Asks the server to quit ($1: tcp or udp), waits for it, and checks that
# it ended with status 0 and, on kiln, a clean kernel log.
stop() {
	[ -n "$spid" ] || return 0
	if kill -0 "$spid" 2>/dev/null; then
		client quit "$port" "${1:-tcp}"
	fi
	finish "$STOP_WAIT"
	spid=
	[ "$status" = 0 ] || note "server exit status $status, wanted 0"
	check_server_out
}

# The server printed no FAIL line and kiln logged no warning or error.
check_server_out() {
	local out=$work/server.out line
	grep -qa '^FAIL' "$out" && note "the server reported a failure"
	line=$(grep -aE "$LOG_RE" "$out" | grep -aE '\] [WE] ' | head -n 1)
	[ -z "$line" ] || note "kiln logged: ${line#*] }"
	return 0
}

# Runs client.py against the server; its output goes to the case log.
client() {
	"${NSEXEC[@]}" timeout 600 python3 "$SRC/client.py" \
		--host "$host" "$@" >>"$work/client.out" 2>&1 ||
		note "client.py $1 failed"
}

# Records a reason the case fails.
note() {
	why+=("$*")
}

# --- cases ------------------------------------------------------------------
# Each case_NAME PLAT runs with port, host and work set, and KOPTS holding
# the kiln options for a TCP forward to guest port 7.

# 1. TCP echo: 8 MiB both ways, SHA-256 on the host.
case_tcp_echo() {
	start "$1" echo PORT || return
	client bulk "$port" 8
	stop
}

# 2. UDP echo, sizes from 1 byte to reassembled 65507-byte datagrams.
case_udp_echo() {
	[[ $1 == linux-* ]] || KOPTS=(-p "$port:7/udp")
	start "$1" udpecho PORT || return
	client udp "$port" 1 100 1472 1473 3000 8000 20000 65507
	stop udp
}

# 3. Readiness: poll and select, then epoll in each mode.
case_poll() {
	start "$1" mux poll PORT || return
	client mux "$port"
	stop
}

case_select() {
	start "$1" mux select PORT || return
	client mux "$port"
	stop
}

case_epoll_level() {
	start "$1" epsrv level PORT || return
	client mux "$port"
	stop
}

case_epoll_edge() {
	start "$1" epsrv edge PORT || return
	client mux "$port"
	stop
}

case_epoll_oneshot() {
	start "$1" epsrv oneshot PORT || return
	client mux "$port"
	stop
}

# 3. Nonblocking connect out to a listener on the host, and to a port
# nobody listens on. On kiln the guest reaches the host's 127.0.0.1 as
# 10.0.2.2.
case_nonblocking_connect() {
	local addr=10.0.2.2 closed
	[[ $1 == linux-* ]] && addr=127.0.0.1
	KOPTS=(--net user)
	closed=$(free_port)
	python3 "$SRC/client.py" hostline "$port" >"$work/client.out" 2>&1 &
	local hpid=$!
	wait_for "$work/client.out" 'listening on' 10 "$hpid" ||
		{ note "the host listener did not start"; return; }
	NOWAIT=1 start "$1" nbconnect "$addr" "$port" "$closed"
	finish "$KTIMEOUT"
	spid=
	[ "$status" = 0 ] || note "nbconnect exit status $status, wanted 0"
	grep -qa '^nbconnect: all ok' "$work/server.out" ||
		note "nbconnect did not report all ok"
	check_server_out
	wait "$hpid" || note "the host listener failed"
}

# 3. Nonblocking accept: EAGAIN, then two clients, waited for with poll
# and with a nanosleep loop.
case_nonblocking_accept() {
	start "$1" nbaccept PORT || return
	client lines "$port" 1 # poll
	client lines "$port" 1 # nanosleep
	nbaccept_done
}

# 3. A busy loop: nonblocking accept and recv retried after sched_yield,
# with no blocking call to wait in.
case_busy_wait_accept() {
	start "$1" nbaccept PORT spin || return
	client lines "$port" 1
	nbaccept_done
}

nbaccept_done() {
	finish "$STOP_WAIT"
	spid=''
	[ "$status" = 0 ] || note "nbaccept exit status $status, wanted 0"
	grep -qa '^nbaccept: all ok' "$work/server.out" ||
		note "nbaccept did not report all ok"
	check_server_out
}

# 4. 2000 connections one after another, on the one-at-a-time server.
case_sequential_2000() {
	start "$1" echo PORT || return
	client lines "$port" 2000
	stop
}

# 4. 64 connections open at once, on the epoll server.
case_concurrent_64() {
	start "$1" epsrv level PORT || return
	client concurrent "$port" 64
	stop
}

# 5. A client resets its connection (SO_LINGER 0) while the server is still
# sending; the next client is served.
case_reset_mid_transfer() {
	start "$1" echo PORT || return
	client abort "$port"
	stop
}

# 6. More connections than lwIP's table holds during a long transfer.
case_table_full() {
	start "$1" epsrv level PORT || return
	client overload "$port" 300 8
	stop
}

# 8. DHCP from QEMU's user networking: the address in the log, and the
# server answers.
case_dhcp() {
	KOPTS+=(--log info)
	start "$1" echo PORT || return
	grep -qaE "I net: eth0 $MAC_RE 10\.0\.2\.15/24 gw 10\.0\.2\.2 \(DHCP\)$" \
		"$work/server.out" || note "no DHCP lease line in the log"
	client lines "$port" 20
	stop
}

# 8. A static address and gateway (QEMU forwards to 10.0.2.15).
case_static() {
	KOPTS+=(--log info --ip 10.0.2.15/24 --gw 10.0.2.2)
	start "$1" echo PORT || return
	grep -qaE "I net: eth0 $MAC_RE 10\.0\.2\.15/24 gw 10\.0\.2\.2 \(static\)$" \
		"$work/server.out" || note "no static address line in the log"
	grep -qaE 'DHCP' "$work/server.out" && note "DHCP ran"
	client lines "$port" 20
	stop
}

# 8. The address a connected UDP socket sends from, as Linux reports it.
case_udp_source_address() {
	KOPTS=(--net user)
	NOWAIT=1 start "$1" netinfo 10.0.2.2
	finish "$KTIMEOUT"
	spid=
	[ "$status" = 0 ] || note "netinfo exit status $status, wanted 0"
	grep -qa '^netinfo: local address 10\.0\.2\.15$' "$work/server.out" ||
		note "getsockname after connect does not give 10.0.2.15"
}

# 9. Case 1 over the modern virtio-mmio transport.
case_virtio_modern() {
	KOPTS+=(--log info --virtio modern)
	start "$1" echo PORT || return
	grep -qaE 'I virtio: 0x[0-9a-f]+: virtio-mmio v2 irq [0-9]+: net' \
		"$work/server.out" || note "no 'virtio-mmio v2' net device"
	client bulk "$port" 8
	stop
}

# --- the tap cases, in a network namespace ----------------------------------

ns_up=0 tap_why=''

ns_create() {
	ip netns add "$NS" &&
		ns_up=1 &&
		ip netns exec "$NS" ip link set lo up &&
		ip netns exec "$NS" ip tuntap add dev "$TAP" mode tap &&
		ip netns exec "$NS" ip addr add 10.77.0.1/24 dev "$TAP" &&
		ip netns exec "$NS" ip link set "$TAP" up
}

ns_delete() {
	[ "$ns_up" = 1 ] || return 0
	ip netns exec "$NS" ip link del "$TAP" 2>/dev/null
	ip netns del "$NS"
	ns_up=0
}

# Sets tap_why to why the tap cases cannot run here, or to nothing.
tap_check() {
	tap_why=
	if [ "$(id -u)" != 0 ]; then
		tap_why="not root"
	elif [ ! -c /dev/net/tun ]; then
		tap_why="no /dev/net/tun"
	elif ! command -v ip >/dev/null; then
		tap_why="no ip command"
	elif [ "$ns_up" = 0 ] && ! ns_create 2>"$OUT/netns.err"; then
		tap_why="making a network namespace failed: $(head -n 1 "$OUT/netns.err")"
		ns_delete
	fi
}

# 7. TCP, UDP and a reset through a tap device: the guest at 10.77.0.2,
# the namespace's Linux at 10.77.0.1 as the client.
case_tap() {
	local NSEXEC=(ip netns exec "$NS") host=10.77.0.2 port=7
	KOPTS=(--net "tap:$TAP" --ip 10.77.0.2/24 --log info)
	start "$1" echo 7 || return
	grep -qaE "I net: eth0 $MAC_RE 10\.77\.0\.2/24 \(static\)$" \
		"$work/server.out" || note "no static address line in the log"
	client bulk 7 8
	client lines 7 200
	client abort 7
	stop
	KOPTS=(--net "tap:$TAP" --ip 10.77.0.2/24)
	start "$1" udpecho 7 || return
	client udp 7 1 1472 1473 8000 65507
	stop udp
}

# 8. No DHCP server behind the tap: the documented warning after the
# timeout, and the program still runs.
case_dhcp_timeout() {
	local NSEXEC=(ip netns exec "$NS") t0=$SECONDS
	KOPTS=(--net "tap:$TAP" --dhcp-timeout 2)
	NOWAIT=1 start "$1" netinfo 10.77.0.1
	finish 60
	spid=
	[ "$status" = 0 ] || note "exit status $status, wanted 0"
	grep -qaE 'W net: eth0: no DHCP answer in 2 s; the network stays down' \
		"$work/server.out" || note "no 'no DHCP answer in 2 s' warning"
	grep -qa '^netinfo: ' "$work/server.out" || note "the program did not run"
	[ $((SECONDS - t0)) -lt 30 ] || note "took $((SECONDS - t0)) s"
}

# Ends a server left running by an interrupted case.
stop_any() {
	[ -n "$spid" ] && kill -KILL -- "-$spid" 2>/dev/null
	spid=
}

# --- running ----------------------------------------------------------------

# run_case NAME PLAT: one ok/FAIL line, the logs below a FAIL.
run_case() {
	local name=$1 plat=$2 label="$2 ${1//_/-}" f
	local -a why=() NSEXEC=()
	local status host=127.0.0.1 port
	[[ -z $FILTER || $label == *"$FILTER"* ]] || return 0
	work=$OUT/work/$plat/$name
	rm -rf "$work"
	mkdir -p "$work"
	: >"$work/client.out"
	port=$(free_port)
	KOPTS=(-p "$port:7")
	"case_$name" "$plat"
	if [ -n "$spid" ]; then # a case that returned early
		finish 0
		check_server_out
	fi
	if [ "${#why[@]}" = 0 ]; then
		passed=$((passed + 1))
		printf 'ok   %s\n' "$label"
		return
	fi
	failed=$((failed + 1))
	printf 'FAIL %s: %s\n' "$label" "$(IFS=';'; echo "${why[*]}")"
	for f in client.out server.out; do
		[ -s "$work/$f" ] || continue
		printf '  %s:\n' "$f"
		grep -av '^ok ' "$work/$f" | head -n 40 | sed 's/^/    /'
	done
}

skip() { # label reason
	[[ -z $FILTER || $1 == *"$FILTER"* ]] || return 0
	skipped+=("$1: $2")
	printf 'skip %s: %s\n' "$1" "$2"
}

main() {
	local start_s=$SECONDS plat c
	if ! command -v python3 >/dev/null; then
		echo "FAIL python3 not found: the network tests' host side needs it"
		echo "0 passed, 1 failed"
		exit 1
	fi
	build_all
	trap 'stop_any; ns_delete' EXIT
	trap 'exit 130' INT TERM

	for plat in x86_64 linux-x86_64 arm64 linux-arm64; do
		for c in tcp_echo udp_echo poll select epoll_level epoll_edge \
			epoll_oneshot nonblocking_connect nonblocking_accept \
			busy_wait_accept sequential_2000 concurrent_64 \
			reset_mid_transfer table_full; do
			run_case "$c" "$plat"
		done
		[[ $plat == linux-* ]] && continue
		for c in dhcp static udp_source_address virtio_modern; do
			run_case "$c" "$plat"
		done
		for c in tap dhcp_timeout; do
			[[ -z $FILTER || "$plat ${c//_/-}" == *"$FILTER"* ]] ||
				continue
			tap_check
			if [ -n "$tap_why" ]; then
				skip "$plat ${c//_/-}" "$tap_why"
			else
				run_case "$c" "$plat"
			fi
		done
	done
	ns_delete

	printf 'time: %d s\n' $((SECONDS - start_s))
	[ "${#skipped[@]}" = 0 ] || printf '%d skipped\n' "${#skipped[@]}"
	printf '%d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" = 0 ]
}

main
