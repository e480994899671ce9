#!/bin/sh
# SPDX-License-Identifier: MIT
# deps.sh: installs the Debian packages kiln needs that are missing.
# Used by `make deps`, and so by both README commands. Runs apt-get as
# root, through sudo otherwise (after saying what it installs).
#   sh tools/deps.sh           everything: build, run, test, benchmark
#   sh tools/deps.sh --build   only what building the kernels and kiln-httpd
#                              needs (the Dockerfile's case)
set -eu

case ${1:-} in
"") build_only=0 ;;
--build) build_only=1 ;;
*) echo "deps: unknown option '$1' (usage: deps.sh [--build])" >&2
   exit 2 ;;
esac

host=$(dpkg --print-architecture 2>/dev/null || echo unknown)
case "$host" in
amd64) foreign=arm64 ;;
arm64) foreign=amd64 ;;
*) echo "deps: kiln builds on amd64 and arm64 Debian hosts, not '$host'" >&2
   exit 1 ;;
esac

# Native toolchain and emulators, both architectures' musl, and libfdt for
# arm64 (the x86_64 kernel does not use it). For kiln-httpd's tests and
# benchmark: HTTP clients, wrk, headless Chromium, and the lwIP manual as
# a real site to serve.
# Building alone needs the compilers, the C library's headers (for the
# host tools), musl, libfdt, cpio, and xz-utils for lwIP's source tarball.
pkgs="make gcc libc6-dev binutils musl-tools musl-dev cpio xz-utils"
if [ "$build_only" = 0 ]; then
	pkgs="$pkgs qemu-system-x86 qemu-system-arm qemu-user
libcmocka-dev clang-format cppcheck python3 iproute2
curl wget wrk chromium liblwip-doc gnuplot-nox"
fi
if [ "$host" = amd64 ]; then
	pkgs="$pkgs gcc-aarch64-linux-gnu musl-dev:arm64 libfdt-dev:arm64"
else
	pkgs="$pkgs gcc-x86-64-linux-gnu musl-dev:amd64 libfdt-dev"
fi

missing=
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
	echo "deps: installing with sudo:$missing"
else
	echo "deps: missing packages:$missing" >&2
	echo "deps: install them as root (apt-get install$missing)" >&2
	exit 1
fi
echo "deps: installing$missing"

if ! dpkg --print-foreign-architectures | grep -qx "$foreign"; then
	$sudo dpkg --add-architecture "$foreign"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
echo "deps: done"
