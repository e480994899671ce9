#!/bin/sh
# SPDX-License-Identifier: MIT
# pack-rootfs.sh: makes the root file system archive of an image with the
# standard cpio tool: the tree FILES (if given) as /, then the program as
# /bin/NAME, as two concatenated newc archives. Names are sorted, owners
# set to 0 and inode numbers made device-independent, so the same inputs
# give the same bytes; sizes, modes and modification times are kept, but
# with SOURCE_DATE_EPOCH set, times after it are clamped to it (as tar's
# --clamp-mtime does), so a fresh checkout packs like any other.
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

clamp() { # dir: no entry newer than SOURCE_DATE_EPOCH
	case "$SOURCE_DATE_EPOCH" in
	*[!0-9]* | "") echo "pack-rootfs: SOURCE_DATE_EPOCH='$SOURCE_DATE_EPOCH' is not a number of seconds" >&2
		exit 2 ;;
	esac
	find "$1" -newermt "@$SOURCE_DATE_EPOCH" -print0 |
		xargs -0r touch -h -d "@$SOURCE_DATE_EPOCH"
}

: >"$tmp/out"
if [ -n "$files" ]; then
	[ -d "$files" ] || { echo "pack-rootfs: $files is not a directory" >&2; exit 2; }
	if [ -e "$files/bin/$name" ]; then
		echo "pack-rootfs: $files/bin/$name exists; the program goes there" >&2
		exit 2
	fi
	if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
		cp -a "$files" "$tmp/tree"
		clamp "$tmp/tree"
		files=$tmp/tree
	fi
	pack "$files" >>"$tmp/out"
fi
mkdir -p "$tmp/prog/bin"
cp -p "$prog" "$tmp/prog/bin/$name"
[ -n "${SOURCE_DATE_EPOCH:-}" ] && clamp "$tmp/prog"
(cd "$tmp/prog" && printf 'bin/%s\0' "$name" |
	cpio -o -0 -H newc -R 0:0 --reproducible --quiet) >>"$tmp/out"
mv "$tmp/out" "$out"
