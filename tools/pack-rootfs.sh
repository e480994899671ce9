#!/bin/sh
# SPDX-License-Identifier: MIT
# pack-rootfs.sh: makes the root file system archive of an image with the
# standard cpio tool: the tree FILES (if given) as /, then the program as
# /bin/NAME, as two concatenated newc archives. Names are sorted, owners
# set to 0 and inode numbers made device-independent, so the same inputs
# give the same bytes; sizes, modes and modification times are kept.
# usage: pack-rootfs.sh OUT PROGRAM NAME [FILES]
set -eu
out=$1 prog=$2 name=$3 files=${4:-}

case "$name" in
*/* | "" | . | ..) echo "pack-rootfs: bad program name '$name'" >&2; exit 2 ;;
esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiln-root.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Names go NUL-separated: a file name may hold a newline.
pack() { # dir: archive every entry under it, sorted
	(cd "$1" && find . -mindepth 1 -printf '%P\0' | LC_ALL=C sort -z |
		cpio -o -0 -H newc -R 0:0 --reproducible --quiet)
}

: >"$tmp/out"
if [ -n "$files" ]; then
	[ -d "$files" ] || { echo "pack-rootfs: $files is not a directory" >&2; exit 2; }
	if [ -e "$files/bin/$name" ]; then
		echo "pack-rootfs: $files/bin/$name exists; the program goes there" >&2
		exit 2
	fi
	pack "$files" >>"$tmp/out"
fi
mkdir -p "$tmp/prog/bin"
cp "$prog" "$tmp/prog/bin/$name"
(cd "$tmp/prog" && printf 'bin/%s\0' "$name" |
	cpio -o -0 -H newc -R 0:0 --reproducible --quiet) >>"$tmp/out"
mv "$tmp/out" "$out"
