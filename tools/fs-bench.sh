#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fs-bench.sh: figures for the root file system, under TCG:
#  - boot cost of a 50 MiB tree: time to the program's first instruction
#    (guest clock, "starting" line) with the tree packed, minus without;
#  - throughput of a 64 MiB file sent to a host client by sendfile and by
#    read plus write, on kiln and natively on the host.
# usage: tools/fs-bench.sh [RUNS]   (default 3; medians printed)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
out=build/fs-bench
port=18090
mkdir -p "$out"

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# 50 MiB: 40 files of 1 MiB, 2,500 of 4 KiB, in 50 directories.
tree=$out/tree50
if [ ! -d "$tree" ]; then
	mkdir -p "$tree"
	for d in $(seq 50); do
		mkdir -p "$tree/d$d"
		for f in $(seq 50); do
			head -c 4096 /dev/urandom >"$tree/d$d/f$f"
		done
	done
	for f in $(seq 40); do head -c 1M /dev/urandom >"$tree/big$f"; done
fi
big=$out/files && mkdir -p "$big"
[ -f "$big/64m" ] || head -c 64M /dev/urandom >"$big/64m"

start_ms() { # kiln run args...: guest time of the "starting" line
	./kiln run --accel tcg --log info "$@" </dev/null 2>/dev/null |
		sed -nE 's/^\[ *([0-9]+)\.([0-9]{6})\] I proc: starting.*/\1\2/p' |
		awk '{printf "%.1f\n", $1 / 1000}'
}

fetch() { # port: MB/s for one download of the 64 MiB file
	python3 - "$1" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
for _ in range(100):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        break
    except OSError:
        time.sleep(0.1)
t0, n = time.time(), 0
while True:
    b = s.recv(1 << 16)
    if not b:
        break
    n += len(b)
dt = time.time() - t0
assert n == 64 << 20, n
print("%.1f" % (n / dt / 1e6))
PY
}

printf '%-8s %14s %14s %14s %16s %16s\n' arch boot-ms boot-50MiB-ms \
	tree-cost-ms sendfile-MB/s read+write-MB/s
for arch in x86_64 arm64 native; do
	cc=x86_64-linux-musl-gcc
	[ "$arch" = arm64 ] && cc=aarch64-linux-musl-gcc
	$cc -static -O2 -o "$out/filesrv-$arch" tools/bench/filesrv.c
	$cc -static -O2 -o "$out/hello-$arch" examples/hello.c
	b0=- b1=- cost=-
	if [ "$arch" != native ]; then
		b0=$(for _ in $(seq "$runs"); do start_ms "$out/hello-$arch"; done | median)
		b1=$(for _ in $(seq "$runs"); do start_ms --files "$tree" "$out/hello-$arch"; done | median)
		cost=$(awk -v a="$b0" -v b="$b1" 'BEGIN {printf "%.1f", b - a}')
	fi
	for mode in sendfile copy; do
		for _ in $(seq "$runs"); do
			if [ "$arch" = native ]; then
				"$out/filesrv-$arch" $port "$big/64m" $mode 1 >/dev/null &
			else
				./kiln run --accel tcg -q --timeout 120 -p $port:7 --files "$big" \
					"$out/filesrv-$arch" 7 /64m $mode 1 >/dev/null 2>&1 &
			fi
			pid=$!
			fetch $port
			wait $pid || true
		done | median >"$out/$arch-$mode"
	done
	printf '%-8s %14s %14s %14s %16s %16s\n' "$arch" "$b0" "$b1" "$cost" \
		"$(cat "$out/$arch-sendfile")" "$(cat "$out/$arch-copy")"
done
