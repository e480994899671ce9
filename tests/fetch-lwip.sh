#!/bin/sh
# SPDX-License-Identifier: MIT
# fetch-lwip.sh: checks how tools/fetch-lwip.sh derives deb-src entries,
# on fake /etc/apt trees in both formats (deb822 as on Debian 12, one-line
# as on Raspberry Pi OS). Touches neither the machine's apt nor the net.
set -u
cd "$(dirname "$0")/.." || exit 1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

result() { # name status
	if [ "$2" = 0 ]; then
		passed=$((passed + 1))
		echo "ok   $1"
	else
		failed=$((failed + 1))
		echo "FAIL $1"
	fi
}

check() { # name file expected-content (comment lines aside)
	if [ -f "$2" ] && [ "$(grep -v '^#' "$2")" = "$3" ]; then
		result "$1" 0
	else
		result "$1" 1
		[ -f "$2" ] && sed 's/^/    /' "$2"
	fi
}

derive() { # root
	KILN_APT_ROOT=$1 sh tools/fetch-lwip.sh --derive-only > /dev/null
}

# deb822: enabled deb stanzas become deb-src; comments, disabled stanzas,
# deb-src-only stanzas and *.disabled-by-farm files are left out.
d=$tmp/a/etc/apt/sources.list.d
mkdir -p "$d"
cat > "$d/debian.sources" << 'EOF'
Types: deb
# a comment
URIs: http://m.invalid/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://m.invalid/off
Suites: bookworm
Components: main
Enabled: no

Types: deb-src
URIs: http://m.invalid/src-only
Suites: bookworm
Components: main
EOF
printf 'Types: deb\nURIs: http://m.invalid/x\nSuites: x\n' \
	> "$d/other.sources.disabled-by-farm"
derive "$tmp/a"
check deb822 "$d/kiln-deb-src.sources" "Types: deb-src
URIs: http://m.invalid/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
[ ! -e "$d/kiln-deb-src.list" ]
result deb822-writes-no-list $?

# One-line lists: deb lines, with or without [options], in sources.list
# and sources.list.d/*.list; comments and deb-src lines stay out.
e=$tmp/b/etc/apt
mkdir -p "$e/sources.list.d"
cat > "$e/sources.list" << 'EOF'
deb http://m.invalid/raspbian/ bookworm main contrib non-free rpi
# deb-src http://m.invalid/raspbian/ bookworm main contrib non-free rpi
  deb [arch=arm64 signed-by=/k.gpg] http://m.invalid/debian bookworm main
#deb http://m.invalid/commented bookworm main
deb-src http://m.invalid/already bookworm main
EOF
echo 'deb http://m.invalid/pi bookworm main' > "$e/sources.list.d/raspi.list"
derive "$tmp/b"
check one-line "$e/sources.list.d/kiln-deb-src.list" \
	"deb-src http://m.invalid/raspbian/ bookworm main contrib non-free rpi
deb-src [arch=arm64 signed-by=/k.gpg] http://m.invalid/debian bookworm main
deb-src http://m.invalid/pi bookworm main"

# Running again gives the same files (the derived ones are not inputs).
cp "$e/sources.list.d/kiln-deb-src.list" "$tmp/first"
derive "$tmp/b"
cmp -s "$tmp/first" "$e/sources.list.d/kiln-deb-src.list"
result idempotent $?

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
