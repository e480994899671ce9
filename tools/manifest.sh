#!/bin/sh
# SPDX-License-Identifier: MIT
# manifest.sh: writes IMAGE.manifest, what an image was made of and how:
# the image's SHA-256, kiln's version, options, the toolchain and the
# dependencies with versions and checksums, the inputs, and the peak
# memory and time of each step that made it (from the build report).
# usage: manifest.sh IMAGE ARCH APP FILES CC LD LTO LWIP_SRC ARCH_LIBS
#                    CFLAGS BUILD_DIR APP_BUILD_DIR
set -eu
img=$1 arch=$2 app=$3 files=$4 cc=$5 ld=$6 lto=$7 lwip=$8 libs=$9
shift 9
cflags=$1 bdir=$2 appdir=$3
out=$img.manifest

sha() { sha256sum "$1" | cut -d' ' -f1; }
pkg() { # Debian package version, or "-" when not from a package
	v=$(dpkg-query -W -f='${Version}\n' "$1" 2>/dev/null | head -n1)
	echo "${v:--}"
}
owner() { # the Debian package that holds a file (by its path or target)
	{ dpkg -S "$1" || dpkg -S "$(readlink -f "$1")" ||
		dpkg -S "/bin/$(basename "$1")"; } 2>/dev/null |
		head -n1 | cut -d: -f1
}
tool() { # name command: version line, package, checksum of the binary
	p=$(command -v "$2" || true)
	[ -n "$p" ] || { echo "$1: $2 not found"; return; }
	o=$(owner "$p")
	printf '%s: %s | %s %s | sha256 %s\n' "$1" \
		"$("$2" --version 2>/dev/null | head -n1)" "${o:--}" \
		"$(pkg "${o:-none}")" "$(sha "$(readlink -f "$p")")"
}
tree_sha() { # one checksum for a tree: names, modes and contents
	(cd "$1" && find . -type f -print0 | LC_ALL=C sort -z |
		xargs -0r sha256sum) | sha256sum | cut -d' ' -f1
}

tmp=$out.tmp
{
	echo "# kiln build manifest: $img"
	echo "image: $img"
	echo "image_bytes: $(stat -c %s "$img")"
	echo "image_sha256: $(sha "$img")"
	echo "kiln: $(cat VERSION) ($(git describe --always --dirty 2>/dev/null || echo 'not a git tree'))"
	echo "arch: $arch"
	echo "options: LTO=$lto SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-unset} MEMBUDGET=${MEMBUDGET:-unset}"
	echo "cflags: $cflags"
	echo "## toolchain"
	tool cc "$cc"
	cc1=$("$cc" -print-prog-name=cc1)
	echo "cc1: $cc1 | sha256 $(sha "$cc1")"
	tool ld "$ld"
	tool cpio cpio
	echo "musl: $(pkg musl-dev)"
	echo "## dependencies"
	echo "lwip: $(basename "$lwip") | tree sha256 $(tree_sha "$lwip/src")"
	for l in $libs; do
		o=$(owner "$l")
		echo "$(basename "$l"): $l | ${o:--} $(pkg "${o:-none}") | sha256 $(sha "$l")"
	done
	echo "## inputs"
	[ -n "$app" ] && echo "program: $app | sha256 $(sha "$app")"
	[ -n "$files" ] && echo "files: $files | tree sha256 $(tree_sha "$files")"
	echo "## steps (name, method, peak KiB, wall ms; from build/report)"
	# The latest record of each step that made this image.
	cat build/report/steps.tsv "${KILN_REPORT:-/dev/null}" 2>/dev/null |
		awk -F'\t' -v b="$bdir/" -v a="$appdir/" -v i="$img" -v h=build/host/ '
		!/^#/ { split($1, w, " "); t = w[2]
			if (index(t, b) == 1 || index(t, a) == 1 ||
			    index(t, i) == 1 || index(t, h) == 1 ||
			    w[1] == "FETCH") line[$1] = $1 "\t" $2 "\t" $3 "\t" $4 }
		END { for (k in line) print line[k] }' | LC_ALL=C sort
} >"$tmp"
mv "$tmp" "$out"
