#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the file system tests. Builds odd trees (sizes around page
# boundaries, symlinks relative, absolute, looping and in chains, hard
# links, empty directories, 100 levels of nesting, 255-byte names, names
# with spaces, newlines, control bytes and UTF-8, 10,000 files, a 64 MiB
# file), then runs tests/fs's
# fstest on each: on Linux chrooted into a read-only bind mount of the
# tree (natively, or under qemu-aarch64), and on kiln with the tree as its
# root (kiln run --files). The outputs must match; the 64 MiB file's
# SHA-256 must also match sha256sum's.
#
# usage: tests/fs/run.sh [FILTER]   (cases whose label contains FILTER)
# KEEP=1 keeps the trees and outputs (the path is printed at the end).
# Needs root on the host for the reference runs (unshare -m, mount, chroot).
set -uo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
SRC=$ROOT/tests/fs
OUT=$ROOT/build/tests-fs
FILTER=${1:-}
TIMEOUT=300
LOG_RE='^\[ *[0-9]+\.[0-9]{6}\] [EWID] '
ALLOW='random: no hardware entropy;'
ARCHES=(x86_64 arm64)
declare -A CC=([x86_64]=musl-gcc [arm64]=aarch64-linux-musl-gcc)
[ "$(uname -m)" = aarch64 ] && CC=([x86_64]=x86_64-linux-musl-gcc [arm64]=musl-gcc)
passed=0 failed=0

# --- trees ------------------------------------------------------------------

# Byte i of the size files is (i * 7 + 3) & 0xff, as fstest checks.
pattern() { # size file
	perl -e 'print pack("C*", map { ($_ * 7 + 3) & 255 } 0 .. $ARGV[0] - 1)' \
		"$1" >"$2"
}

# Fixed times, so that Linux and kiln print the same; some differ.
set_times() { # dir
	find "$1" -depth -exec touch -h -d @1600000000 {} +
	touch -h -d @1234567890 "$1/t/a"
	touch -h -d @4000000000 "$1/t/sub/big"
	touch -h -d @1 "$1/t/rel"
	touch -d @1700000000 "$1/t/sub"
}

make_main_tree() { # dir
	local d=$1/t i p
	mkdir -p "$d/sub/deeper" "$d/empty" "$d/sizes" "$d/chain" "$d/long" \
		"$d/many10" "$d/modes/sticky" "$1/dev"
	: >"$1/dev/null" && : >"$1/dev/zero" && : >"$1/dev/urandom"
	printf 'hello\n' >"$d/a"
	printf 'hello, sendfile\n' >"$d/hello"
	printf '#!/bin/sh\n' >"$d/exec" && chmod 755 "$d/exec"
	head -c 20000 /dev/urandom >"$d/sub/big"
	for i in 0 1 4095 4096 4097 8191 8192 65536 100000; do
		pattern "$i" "$d/sizes/f$i"
	done
	ln -s a "$d/rel" && ln -s /t/a "$d/abs" && ln -s sub "$d/dirlink"
	ln -s loop2 "$d/loop1" && ln -s loop1 "$d/loop2"
	ln -s nowhere "$d/dangling"
	ln -s ../a "$d/chain/l0"
	for i in $(seq 1 40); do ln -s "l$((i - 1))" "$d/chain/l$i"; done
	printf 'linked\n' >"$d/hard1" && ln "$d/hard1" "$d/sub/hard2"
	: >"$d/long/$(printf 'n%.0s' $(seq 255))"
	p=$d/long
	for c in a b c d e f g h i j; do
		p=$p/$(printf '%*s' 250 '' | tr ' ' "$c")
		mkdir "$p"
	done
	printf 'far\n' >"$p/file"
	p=$d/deep
	for i in $(seq 100); do p=$p/d; done
	mkdir -p "$p" && printf 'bottom\n' >"$p/file"
	for i in $(seq 0 9); do printf '%s' "$i" >"$d/many10/f$i"; done
	: >"$d/modes/m600" && chmod 600 "$d/modes/m600"
	: >"$d/modes/m000" && chmod 000 "$d/modes/m000"
	: >"$d/modes/m4755" && chmod 4755 "$d/modes/m4755"
	chmod 1777 "$d/modes/sticky"
	set_times "$1"
}

# Names that need escaping: the packer must pass them through intact.
make_names_tree() { # dir
	local n
	mkdir -p "$1/t/esc"
	for n in 'with space' $'new\nline' 'ünïcødé ✓ 日本' $'tab\there' \
		'back\slash' 'quote"d' "it's" '-dash' '*star?' '#hash' \
		$'\x01ctl' ' lead' 'trail '; do
		printf '%s' "$n" >"$1/t/esc/$n"
	done
	mkdir "$1/t/esc/dir with space" "$1/t/esc/dir"$'\n'"newline"
	printf 'x' >"$1/t/esc/dir"$'\n'"newline/in it"
	find "$1" -depth -exec touch -h -d @1600000000 {} +
}

make_many_tree() { # dir: 10,000 small files in one directory
	mkdir -p "$1/t/many"
	(cd "$1/t/many" && for i in $(seq -w 0 9999); do
		printf '%s' "$i" >"f$i"
	done)
	find "$1" -depth -exec touch -h -d @1600000000 {} +
}

# A file whose bytes start on a page of the packed archive (the entries
# before it are sized for that), so that kiln maps its pages in place.
make_aligned_tree() { # dir
	mkdir -p "$1/t"
	head -c 3752 /dev/urandom >"$1/t/a"
	head -c 20000 /dev/urandom >"$1/t/b"
	head -c $((4 << 20)) /dev/urandom >"$1/t/c"
	find "$1" -depth -exec touch -h -d @1600000000 {} +
}

make_big_tree() { # dir: one 64 MiB file
	mkdir -p "$1/t"
	head -c $((64 << 20)) /dev/urandom >"$1/t/big64"
	find "$1" -depth -exec touch -h -d @1600000000 {} +
}

# --- running ----------------------------------------------------------------

build() {
	local arch
	mkdir -p "$OUT"
	for arch in "${ARCHES[@]}"; do
		mkdir -p "$OUT/$arch"
		"${CC[$arch]}" -static -O2 -Wall -Wextra -o "$OUT/$arch/fstest" \
			"$SRC/fstest.c" || { echo "building fstest for $arch failed"; exit 2; }
		make -s -C "$ROOT" ARCH="$arch" kernel >/dev/null ||
			{ echo "building the $arch kernel failed"; exit 2; }
	done
	make -s -C "$ROOT" host-tools >/dev/null || exit 2
}

# Runs fstest on Linux inside a private mount namespace: the tree bound
# read-only (so writes give EROFS as on kiln), the host's null, zero and
# urandom bound over the tree's placeholders, then chrooted by fstest.
run_linux() { # arch tree out args...
	local arch=$1 tree=$2 out=$3 mnt
	local -a run=("$OUT/$arch/fstest")
	shift 3
	[ "$arch" = "$(uname -m | sed 's/aarch64/arm64/')" ] ||
		run=(qemu-aarch64 "$OUT/$arch/fstest")
	[ "$arch" = x86_64 ] && [ "$(uname -m)" != x86_64 ] &&
		run=(qemu-x86_64 "$OUT/$arch/fstest")
	mnt=$(mktemp -d "${TMPDIR:-/tmp}/kiln-fs-mnt.XXXXXX")
	# shellcheck disable=SC2016 # the inner script expands its own arguments
	true | unshare -m bash -c '
		set -e
		tree=$1 mnt=$2
		shift 2
		mount --make-rprivate /
		mount --bind "$tree" "$mnt"
		for d in null zero urandom; do
			[ ! -e "$mnt/dev/$d" ] || mount --bind "/dev/$d" "$mnt/dev/$d"
		done
		mount -o remount,ro,bind "$mnt"
		"$@"' _ "$tree" "$mnt" timeout "$TIMEOUT" "${run[@]}" "$mnt" "$@" \
		>"$out" 2>&1
	local rc=$?
	rmdir "$mnt"
	return $rc
}

# KILN_OPTS adds options to kiln run (--initrd).
run_kiln() { # arch tree dir args...
	local arch=$1 tree=$2 dir=$3 rc
	local -a opts
	shift 3
	read -ra opts <<<"${KILN_OPTS:-}"
	"$ROOT/kiln" run --accel tcg -q -m 512M --timeout "$TIMEOUT" \
		"${opts[@]}" --files "$tree" "$OUT/$arch/fstest" / "$@" \
		</dev/null >"$dir/kiln.raw" 2>"$dir/kiln.err"
	rc=$?
	grep -avE "$LOG_RE" "$dir/kiln.raw" >"$dir/kiln.out"
	grep -aE "$LOG_RE" "$dir/kiln.raw" >"$dir/kiln.log"
	return $rc
}

# Warnings or errors in kiln's log that the case does not expect.
bad_log() { # dir
	grep -aE '\] [WE] ' "$1/kiln.log" | grep -avE "$ALLOW" | head -n 5
	grep -qaE 'I kiln: exit status [0-9]+$' "$1/kiln.log" ||
		echo "no 'kiln: exit status' line"
}

report() { # label dir why
	if [ -z "$3" ]; then
		printf 'ok   %s\n' "$1"
		passed=$((passed + 1))
		return
	fi
	printf 'FAIL %s: %s\n' "$1" "$3"
	failed=$((failed + 1))
	if [ -e "$2/ref.out" ]; then
		diff -au --label linux --label kiln "$2/ref.out" "$2/kiln.out" |
			head -n 40 | sed 's/^/    /'
	fi
	tail -n 15 "$2/kiln.raw" "$2/kiln.err" 2>/dev/null | sed 's/^/    /'
}

# One case: fstest with args on Linux and on kiln, outputs compared.
compare() { # label arch tree args...
	local label=$1 arch=$2 tree=$3 dir ref_rc kiln_rc why=
	shift 3
	[[ -z $FILTER || $label == *"$FILTER"* ]] || return 0
	dir=$WORK/$(echo "$label" | tr ' /' '__')
	mkdir -p "$dir"
	run_linux "$arch" "$tree" "$dir/ref.out" "$@"
	ref_rc=$?
	run_kiln "$arch" "$tree" "$dir" "$@"
	kiln_rc=$?
	if [ "$ref_rc" != "$kiln_rc" ]; then
		why="exit status $kiln_rc, Linux gave $ref_rc"
	elif ! cmp -s "$dir/ref.out" "$dir/kiln.out"; then
		why="output differs from Linux"
	else
		why=$(bad_log "$dir")
	fi
	if [ -z "$why" ] && [ -n "${want_sha:-}" ] &&
		[ "$(grep -c "sha256 $want_sha" "$dir/kiln.out")" != 2 ]; then
		why="SHA-256 differs from sha256sum's $want_sha"
	fi
	report "$label" "$dir" "$why"
}

# What only kiln has: fstest checks it and prints ok lines.
kiln_only() { # label arch tree
	local label=$1 arch=$2 tree=$3 dir rc why=
	[[ -z $FILTER || $label == *"$FILTER"* ]] || return 0
	dir=$WORK/$(echo "$label" | tr ' /' '__')
	mkdir -p "$dir"
	run_kiln "$arch" "$tree" "$dir" kiln
	rc=$?
	if [ "$rc" != 0 ]; then
		why="exit status $rc"
	elif ! grep -q '^0 failed$' "$dir/kiln.out" ||
		! grep -qx console "$dir/kiln.out"; then
		why="checks failed"
	else
		why=$(bad_log "$dir")
	fi
	report "$label" "$dir" "$why"
}

# A damaged archive (passed as an initrd, so that it can be damaged after
# packing): kiln must stop with status 126 and say which entry is bad.
damaged() { # label arch tree
	local label=$1 arch=$2 tree=$3 dir cmd why='' rc
	[[ -z $FILTER || $label == *"$FILTER"* ]] || return 0
	dir=$WORK/$(echo "$label" | tr ' /' '__')
	mkdir -p "$dir"
	cmd=$("$ROOT/kiln" run --accel tcg -q --initrd --image "$dir/img" \
		--dry-run --files "$tree" "$OUT/$arch/fstest" / walk t 2>"$dir/kiln.err")
	# The mode field of t/a's header: 14 bytes into it, 110 before the name.
	perl -0777 -pi -e \
		'my $i = index($_, "t/a\0"); substr($_, $i - 110 + 14, 8) = "zzzzzzzz"' \
		"$dir/img.cpio"
	eval "timeout $TIMEOUT $cmd" </dev/null >"$dir/kiln.raw" 2>>"$dir/kiln.err"
	rc=$(grep -aoE 'kiln: exit status [0-9]+' "$dir/kiln.raw" | awk '{print $4}')
	if [ "$rc" != 126 ]; then
		why="exit status ${rc:-none}, wanted 126"
	elif ! grep -aq "cpio entry [0-9]* ('t/a') at offset .*: field mode is not eight hex digits" "$dir/kiln.raw"; then
		why="no message naming t/a and its mode field"
	fi
	report "$label" "$dir" "$why"
}

# Reads one connection to 127.0.0.1:PORT to its end and prints the byte
# count and SHA-256; retries while the guest is not yet listening (QEMU's
# forward then closes at once).
FETCH_PY='
import hashlib, socket, sys, time
port, deadline = int(sys.argv[1]), time.time() + int(sys.argv[2])
while True:
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.settimeout(max(1, deadline - time.time()))
        h, n = hashlib.sha256(), 0
        while True:
            b = s.recv(1 << 20)
            if not b:
                break
            h.update(b)
            n += len(b)
        if n:
            print(n, h.hexdigest())
            break
    except OSError:
        pass
    if time.time() > deadline:
        print("no data before the deadline")
        break
    time.sleep(0.3)
'

# sendfile to TCP sockets (lwIP sends the archive's bytes without a copy):
# each file fetched by the host through a forwarded port, hash compared.
sendfile_tcp() { # label arch tree files...
	local label=$1 arch=$2 tree=$3 dir port f why='' got want pid
	shift 3
	[[ -z $FILTER || $label == *"$FILTER"* ]] || return 0
	dir=$WORK/$(echo "$label" | tr ' /' '__')
	mkdir -p "$dir"
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	KILN_OPTS="-p 127.0.0.1:$port:8080" run_kiln "$arch" "$tree" "$dir" \
		serve 8080 "$@" &
	pid=$!
	for f in "$@"; do
		got=$(python3 -c "$FETCH_PY" "$port" "$TIMEOUT")
		want="$(stat -c %s "$tree/$f") $(sha256sum <"$tree/$f" | cut -d' ' -f1)"
		[ "$got" = "$want" ] || { why="$f: got '$got', wanted '$want'"; break; }
	done
	wait "$pid" || why=${why:-"kiln exit status $?"}
	[ -n "$why" ] || why=$(bad_log "$dir")
	report "$label" "$dir" "$why"
}

main() {
	local start=$SECONDS arch sha
	if [ "$(id -u)" != 0 ]; then
		echo "tests/fs needs root for its Linux reference runs (mount, chroot)"
		echo "0 passed, 1 failed"
		exit 1
	fi
	build
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/kiln-fs.XXXXXX")
	[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
	mkdir -p "$WORK/main" "$WORK/names" "$WORK/many" "$WORK/big" \
		"$WORK/aligned"
	make_aligned_tree "$WORK/aligned"
	make_main_tree "$WORK/main"
	make_names_tree "$WORK/names"
	make_many_tree "$WORK/many"
	make_big_tree "$WORK/big"
	sha=$(sha256sum <"$WORK/big/t/big64" | cut -d' ' -f1)
	for arch in "${ARCHES[@]}"; do
		compare "$arch walk" "$arch" "$WORK/main" walk t
		compare "$arch ops" "$arch" "$WORK/main" ops
		kiln_only "$arch kiln files" "$arch" "$WORK/main"
		compare "$arch escaped names" "$arch" "$WORK/names" walk t
		KILN_OPTS=--initrd compare "$arch walk, initrd" "$arch" \
			"$WORK/main" walk t
		damaged "$arch damaged archive" "$arch" "$WORK/main"
		compare "$arch 10000 files" "$arch" "$WORK/many" walk t
		want_sha=$sha compare "$arch 64 MiB" "$arch" "$WORK/big" big \
			t/big64
		compare "$arch page-aligned file" "$arch" "$WORK/aligned" big t/b
		sendfile_tcp "$arch sendfile to TCP" "$arch" "$WORK/aligned" \
			t/a t/b t/c
	done
	[ "${KEEP:-0}" = 1 ] && echo "kept: $WORK"
	printf 'time: %d s\n' $((SECONDS - start))
	printf '%d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" = 0 ]
}

main
