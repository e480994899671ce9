#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# net-bench.sh: TCP figures for kiln under TCG beside the same server on
# Linux: bulk throughput host->guest and guest->host (tests/net/bulk.c),
# and sequential connections per second, each a connect, a line echoed
# and a close (tests/net/echo.c). The host side is tests/net/client.py.
# kiln is reached through QEMU's user-networking port forward; the Linux
# rows listen on 127.0.0.1 directly (arm64 under qemu-aarch64).
# Prints medians of RUNS runs. A benchmark: it prints figures, it judges
# nothing.
# Usage: tools/net-bench.sh [RUNS]   (default 3; MIB=64 and CONNS=1000 set
#        the transfer size and the connection count)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
mib=${MIB:-64}
conns=${CONNS:-1000}
out=build/net-bench
client=tests/net/client.py
mkdir -p "$out"
command -v python3 >/dev/null || { echo "net-bench: needs python3" >&2; exit 2; }

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

spid=''
trap '[ -z "$spid" ] || kill -KILL -- "-$spid" 2>/dev/null' EXIT

# start TARGET PROG PORT: the server, in its own session; waits for its
# "listening" line.
start() {
	local target=$1 prog=$2 port=$3 end=$((SECONDS + 60))
	local -a run
	case $target in
	linux-x86_64) run=("$out/x86_64/$prog" "$port") ;;
	linux-arm64) run=(qemu-aarch64 "$out/arm64/$prog" "$port") ;;
	*) run=(./kiln run --accel tcg -q --timeout 900 -p "$port:7"
		"$out/${target#kiln-}/$prog" 7) ;;
	esac
	setsid "${run[@]}" </dev/null >"$out/server.out" 2>&1 &
	spid=$!
	until grep -q 'listening on' "$out/server.out"; do
		if [ "$SECONDS" -ge "$end" ] || ! kill -0 "$spid" 2>/dev/null; then
			echo "net-bench: $target $prog did not start:" >&2
			cat "$out/server.out" >&2
			exit 1
		fi
		sleep 0.1
	done
}

stop() {
	local port=$1 end=$((SECONDS + 20))
	python3 "$client" quit "$port" >/dev/null || true
	while kill -0 "$spid" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do
		sleep 0.1
	done
	kill -KILL -- "-$spid" 2>/dev/null || true
	wait "$spid" 2>/dev/null || true
	spid=''
}

# measure COMMAND PORT ARG: one figure from client.py, or "fail".
measure() {
	local r
	r=$(python3 "$client" "$@" 2>&1) || { echo fail; echo "$r" >&2; return; }
	echo "$r" | awk '/^result / {print $2}'
}

# The median of RUNS measurements.
figure() {
	for _ in $(seq "$runs"); do
		measure "$@"
	done | grep -v fail | median
}

for arch in x86_64 arm64; do
	cc=musl-gcc
	[ "$arch" = arm64 ] && cc=aarch64-linux-musl-gcc
	mkdir -p "$out/$arch"
	for p in bulk echo; do
		$cc -static -O2 -D_GNU_SOURCE -o "$out/$arch/$p" "tests/net/$p.c"
	done
	make -s ARCH="$arch" kernel >/dev/null
done

printf '%-14s %16s %16s %14s\n' target 'host->guest MB/s' 'guest->host MB/s' 'conn/s'
for target in kiln-x86_64 kiln-arm64 linux-x86_64 linux-arm64; do
	port=$(free_port)
	start "$target" bulk "$port"
	up=$(figure upload "$port" "$mib")
	down=$(figure download "$port" "$mib")
	stop "$port"
	start "$target" echo "$port"
	rate=$(figure connrate "$port" "$conns")
	stop "$port"
	printf '%-14s %16s %16s %14s\n' "$target" "${up:-fail}" "${down:-fail}" "${rate:-fail}"
done
echo "(medians of $runs runs; $mib MiB transfers, $conns connections; kiln under" \
	"TCG behind QEMU's user-network port forward; linux-arm64 is qemu-aarch64)"
