#!/bin/sh
# SPDX-License-Identifier: MIT
# fetch-lwip.sh: puts lwIP's source, from Debian's lwip source package, in
# kiln's cache outside the tree, verified and extracted once.
#
#   sh tools/fetch-lwip.sh            fetch if needed; quiet when cached
#   sh tools/fetch-lwip.sh --print    also print the source directory
#   sh tools/fetch-lwip.sh --deb-src  only add deb-src entries (as root)
#
# apt-get source needs deb-src entries. When apt knows none for lwip, they
# are derived from the machine's own deb entries into a separate file
# (kiln-deb-src.sources or kiln-deb-src.list), leaving the existing ones
# untouched. KILN_APT_ROOT=DIR reads and writes DIR/etc/apt instead and
# skips apt-get update (for testing the derivation).
set -eu

LWIP_DEB_VERSION=2.1.3+dfsg1-2
LWIP_UPSTREAM=2.1.3+dfsg1
LWIP_ORIG=lwip_$LWIP_UPSTREAM.orig.tar.xz
LWIP_SHA256=0a8276d09fc4e97bbba2f953d74af2388fc2195ea156be9d7589e297a68fde24

cache=${KILN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kiln}
srcdir=$cache/lwip-$LWIP_UPSTREAM
stamp=$srcdir/.kiln-verified
apt_root=${KILN_APT_ROOT:-}

say() { echo "fetch-lwip: $*" >&2; }
die() { say "$@"; exit 1; }

# deb822 files: every enabled stanza whose Types include deb, as deb-src.
derive_deb822() {
	awk 'BEGIN { RS = ""; ORS = "\n\n" }
	{
		n = split($0, line, "\n")
		types = 0; on = 1; out = ""
		for (i = 1; i <= n; i++) {
			l = line[i]
			if (l ~ /^#/)
				continue
			if (l ~ /^[Tt]ypes:/) {
				if ((" " substr(l, 7) " ") ~ /[ \t]deb[ \t]/)
					types = 1
				l = "Types: deb-src"
			}
			if (l ~ /^[Ee]nabled:[ \t]*[Nn]o/)
				on = 0
			out = out l "\n"
		}
		if (types && on)
			printf "%s\n", out
	}' "$@"
}

# One-line files: "deb [opts] uri suite comp..." becomes "deb-src ...".
derive_oneline() {
	sed -n 's/^[[:space:]]*deb[[:space:]]\{1,\}/deb-src /p' "$@"
}

# Writes the derived entries to DIR/etc/apt/sources.list.d; prints the
# files it wrote. Disabled files (other suffixes) never match the globs.
derive_deb_src() {
	etc=$apt_root/etc/apt
	d=$etc/sources.list.d
	set --
	for f in "$d"/*.sources; do
		case $f in */kiln-deb-src.sources) continue ;; esac
		[ -f "$f" ] && set -- "$@" "$f"
	done
	if [ $# -gt 0 ]; then
		derive_deb822 "$@" > "$d/kiln-deb-src.sources.tmp"
		publish "$d/kiln-deb-src.sources"
	fi
	set --
	for f in "$etc/sources.list" "$d"/*.list; do
		case $f in */kiln-deb-src.list) continue ;; esac
		[ -f "$f" ] && set -- "$@" "$f"
	done
	if [ $# -gt 0 ]; then
		derive_oneline "$@" > "$d/kiln-deb-src.list.tmp"
		publish "$d/kiln-deb-src.list"
	fi
}

# Keeps a non-empty derived file, with a header saying where it came from.
publish() {
	if [ ! -s "$1.tmp" ]; then
		rm -f "$1.tmp"
		return
	fi
	{
		echo "# Written by kiln's tools/fetch-lwip.sh: deb-src twins of"
		echo "# this machine's deb entries, for apt-get source."
		cat "$1.tmp"
	} > "$1"
	rm -f "$1.tmp"
	echo "$1"
}

have_source() {
	apt-cache showsrc lwip 2>/dev/null |
		grep -qx "Version: $LWIP_DEB_VERSION"
}

# Root part: derive the entries and update apt's lists.
deb_src_as_root() {
	derive_deb_src > /dev/null
	[ -n "$apt_root" ] && return
	apt-get update -qq > /dev/null ||
		say "apt-get update reported errors; trying anyway"
}

ensure_deb_src() {
	have_source && return
	self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
	if [ "$(id -u)" = 0 ]; then
		deb_src_as_root
	elif command -v sudo > /dev/null 2>&1; then
		say "apt has no deb-src entry for lwip; with sudo, adding"
		say "deb-src twins of your deb entries under" \
			"/etc/apt/sources.list.d/kiln-deb-src.* and running" \
			"apt-get update"
		sudo sh "$self" --deb-src
	else
		say "apt has no deb-src entry for lwip. As root, run:"
		say "  sh $self --deb-src"
		die "or set LWIP_SRC=DIR to an lwIP $LWIP_UPSTREAM tree"
	fi
	have_source ||
		die "apt-get source cannot find lwip $LWIP_DEB_VERSION;" \
			"set LWIP_SRC=DIR to an lwIP $LWIP_UPSTREAM tree"
}

sha_ok() {
	[ -f "$1" ] && echo "$LWIP_SHA256  $1" | sha256sum -c --status
}

# Downloads the orig tarball into the cache unless a good one is there.
download() {
	tarball=$cache/$LWIP_ORIG
	sha_ok "$tarball" && return
	ensure_deb_src
	tmp=$(mktemp -d)
	# As root, apt downloads as its _apt user, which must own the folder.
	if [ "$(id -u)" = 0 ] && id _apt > /dev/null 2>&1; then
		chown _apt "$tmp"
	fi
	say "downloading lwip $LWIP_DEB_VERSION with apt-get source"
	if ! (cd "$tmp" && apt-get source -qq --download-only \
		"lwip=$LWIP_DEB_VERSION" > /dev/null); then
		rm -rf "$tmp"
		die "apt-get source lwip=$LWIP_DEB_VERSION failed"
	fi
	mkdir -p "$cache"
	mv "$tmp/$LWIP_ORIG" "$tarball.part"
	rm -rf "$tmp"
	sha_ok "$tarball.part" ||
		die "$LWIP_ORIG: SHA-256 mismatch (kept as $tarball.part)"
	mv "$tarball.part" "$tarball"
}

extract() {
	tmp=$(mktemp -d "$cache/.lwip.XXXXXX")
	tar -xJf "$cache/$LWIP_ORIG" -C "$tmp"
	top=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n 1)
	[ -f "$top/src/core/tcp.c" ] ||
		{ rm -rf "$tmp"; die "$LWIP_ORIG: no src/core/tcp.c inside"; }
	rm -rf "$srcdir"
	mv "$top" "$srcdir"
	rm -rf "$tmp"
	echo "$LWIP_SHA256" > "$stamp"
	say "lwIP $LWIP_UPSTREAM in $srcdir"
}

main() {
	case ${1:-} in
	--deb-src)
		deb_src_as_root
		return ;;
	--derive-only) # test hook: derive into $KILN_APT_ROOT, print files
		[ -n "$apt_root" ] || die "--derive-only needs KILN_APT_ROOT"
		derive_deb_src
		return ;;
	esac
	if [ ! -f "$stamp" ]; then
		download
		extract
	fi
	[ "${1:-}" = --print ] && echo "$srcdir"
	return 0
}

main "$@"
