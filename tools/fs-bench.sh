#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fs-bench.sh: figures for the root file system, under TCG:
#  - boot cost of a 50 MiB tree: tools/boot-time.sh with and without it
#    (QEMU loads the image before the guest's clock starts, so the host's
#    wall time to the program's first instruction is the figure);
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
# QEMU accepts before the guest listens: the clock starts at the first
# byte, so boot time stays out of the figure.
b = s.recv(1 << 16)
t0, n = time.time(), len(b)
while b:
    b = s.recv(1 << 16)
    n += len(b)
dt = time.time() - t0
assert n == 64 << 20, n
print("%.1f" % (n / dt / 1e6))
PY
}

echo "== boot without and with the 50 MiB tree"
bash tools/boot-time.sh "$runs"
bash tools/boot-time.sh "$runs" --files "$tree"
echo "== a 64 MiB file to a host client, MB/s"
printf '%-8s %16s %16s\n' arch sendfile read+write
for arch in x86_64 arm64 native; do
	cc=x86_64-linux-musl-gcc
	[ "$arch" = arm64 ] && cc=aarch64-linux-musl-gcc
	$cc -static -O2 -o "$out/filesrv-$arch" tools/bench/filesrv.c
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
	printf '%-8s %16s %16s\n' "$arch" "$(cat "$out/$arch-sendfile")" \
		"$(cat "$out/$arch-copy")"
done
