#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hello.sh: make hello. Builds the kernel for both
# architectures and the hello example with musl, then runs it with
# kiln run on each, showing the boot log and the exit status.
set -euo pipefail
cd "$(dirname "$0")/.."

out=build/examples
mkdir -p "$out/x86_64" "$out/arm64"
# Debian's musl-dev for each architecture ships these wrappers, natively
# and through multiarch alike.
x86_64-linux-musl-gcc -static -O2 -o "$out/x86_64/hello" examples/hello.c
aarch64-linux-musl-gcc -static -O2 -o "$out/arm64/hello" examples/hello.c

for arch in x86_64 arm64; do
	echo "== kiln run $out/$arch/hello 7 \"two words\""
	status=0
	./kiln run "$out/$arch/hello" 7 "two words" </dev/null || status=$?
	echo "== exit status $status (expected 7)"
	[ "$status" = 7 ] || exit 1
done
