#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# boot-time.sh: measures, for each architecture, the time from QEMU's start
# to the program's first instruction, and prints the kernel image sizes.
#   guest: the timestamp of the kernel's "starting" line, taken from the
#          counter that starts with the VM, just before it enters the program;
#   host:  wall time from launching QEMU to that line reaching the host.
# Usage: tools/boot-time.sh [RUNS] [KILN_RUN_OPTIONS...]
#   RUNS defaults to 10 (TCG on this class of host); the options go to
#   kiln run, e.g. --files DIR to see what a packed tree costs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
shift || true
extra=("$@")
out=build/boot-time
mkdir -p "$out"

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
spread() { sort -n | awk 'NR == 1 {lo = $1} {hi = $1} END {print lo "-" hi}'; }

printf '%-7s %12s %12s %12s %16s\n' arch kernel-bytes guest-ms host-ms host-range-ms
for arch in x86_64 arm64; do
	cc=x86_64-linux-musl-gcc
	[ "$arch" = arm64 ] && cc=aarch64-linux-musl-gcc
	$cc -static -O2 -o "$out/hello-$arch" examples/hello.c
	# With INITRD=1 the image is the kernel alone; its archive stays beside.
	make -s ARCH="$arch" image APP="$(pwd)/$out/hello-$arch" INITRD=1 \
		IMAGE="$(pwd)/$out/kernel-$arch" >/dev/null
	ksize=$(stat -c %s "$out/kernel-$arch")
	mapfile -d '' -t q < <(./kiln run --accel tcg --dry-run -q \
		"${extra[@]+"${extra[@]}"}" --image "$out/image-$arch" \
		"$out/hello-$arch" | xargs printf '%s\0')
	: >"$out/guest-$arch" && : >"$out/host-$arch"
	for _ in $(seq "$runs"); do
		t0=$(date +%s%N)
		while IFS= read -r line; do
			case "$line" in
			*" proc: starting "*)
				t1=$(date +%s%N)
				echo "$line" | sed -E 's/^\[ *([0-9]+)\.([0-9]{6})\].*/\1\2/' |
					awk '{printf "%.3f\n", $1 / 1000}' >>"$out/guest-$arch"
				echo $(((t1 - t0) / 1000)) | awk '{printf "%.3f\n", $1 / 1000}' >>"$out/host-$arch"
				;;
			esac
		done < <("${q[@]/loglevel=warn/loglevel=info}" </dev/null 2>&1)
	done
	printf '%-7s %12s %12s %12s %16s\n' "$arch" "$ksize" \
		"$(median <"$out/guest-$arch")" "$(median <"$out/host-$arch")" \
		"$(spread <"$out/host-$arch")"
done
echo "(medians of $runs runs under TCG; kernel-bytes is the bootable image without its root archive)"
