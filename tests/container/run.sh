#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: builds the Dockerfile without a daemon and checks what it exports.
#
# A Debian 12 base is made with debootstrap (minbase) from the mirror this
# machine's apt already uses (its sources and proxy settings carried into
# the base), cached under ~/.cache/kiln/container, and imported into buildah
# as docker.io/library/debian:12, so the Dockerfile's FROM resolves locally
# with no registry. buildah then builds a clean copy of HEAD (chroot
# isolation, vfs storage in a temporary folder, SOURCE_DATE_EPOCH the
# commit's time) and exports the artifacts with --output. Checks: the build
# succeeds (its wall time and memory peak printed, measured by kiln-step);
# the export holds each architecture's image, .elf, manifest, kernel.o and
# build report; the images are bootable files (x86_64: ELF with the PVH
# note; arm64: Linux Image header) whose manifests name their SHA-256; the
# images, .elf files and kernel.o are byte-identical to the same commit
# built natively here with make; and the exported images boot with
# `kiln boot` and serve site/ (curl to 127.0.0.1 through QEMU's user-network
# port forward; no other traffic).
#
# usage: tests/container/run.sh      (as root; Debian host, amd64 or arm64)
# KILN_DEBIAN_MIRROR=URL uses that mirror instead of apt's; KEEP=1 keeps
# the temporary folder (storage, export, native build) and prints it.
# Ends with "container: N passed, N failed"; exits nonzero on a failure.
set -uo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
LOGS=$ROOT/build/tests-container
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/kiln/container
SUITE=bookworm # Debian 12, what the Dockerfile's FROM names
BASE_REF=docker.io/library/debian:12
BUILD_TIMEOUT=1800 # the container build at most, seconds
BOOT_WAIT=90       # from QEMU's start to an HTTP answer, seconds
ARCHES=(x86_64 arm64)
declare -A GNU=([x86_64]=x86_64-linux-gnu [arm64]=aarch64-linux-gnu)
declare -A UNAME_M=([x86_64]=x86_64 [arm64]=aarch64) # as the boot log says
export LC_ALL=C

passed=0 failed=0
notes=()
why=()
tmp='' qpid='' bpid=''
had_varlib=1
[ -e /var/lib/containers ] || had_varlib=0
t_start=$SECONDS

# --- reporting --------------------------------------------------------------

say() { printf -- '-- [%4d s] %s\n' $((SECONDS - t_start)) "$*"; }
fail_reason() { why+=("$*"); }

# Ends one check: ok, or FAIL with the reasons and the tail of log $2.
result() { # label [log]
	local w
	if [ ${#why[@]} = 0 ]; then
		passed=$((passed + 1))
		echo "ok   $1"
	else
		failed=$((failed + 1))
		echo "FAIL $1"
		for w in "${why[@]}"; do echo "    $w"; done
		if [ -n "${2:-}" ] && [ -s "$2" ]; then
			echo "    --- $2"
			tail -n 25 "$2" | sed 's/^/    /'
		fi
	fi
	why=()
}

# A reported difference that is not a failure (said again at the end).
note() {
	notes+=("$*")
	echo "note $*"
}

summary() {
	local n
	for n in "${notes[@]+"${notes[@]}"}"; do echo "note: $n"; done
	[ "${KEEP:-0}" = 1 ] && [ -n "$tmp" ] && echo "kept: $tmp"
	printf 'time: %d s\n' $((SECONDS - t_start))
	echo "container: $passed passed, $failed failed"
}

# Stops with one failure when nothing further can be checked.
abort() { # label reason [log]
	fail_reason "$2"
	result "$1" "${3:-}"
	summary
	exit 1
}

# --- cleanup ----------------------------------------------------------------

# Every exit path: the VM or build, then any mount left under the temporary folder
# (debootstrap's /proc and /sys when it fails halfway), then the folder.
# Processes of the session SID (a child may leave the process group).
session_pids() { # sid
	ps -e -o sid=,pid= | awk -v s="$1" '$1 == s { print $2 }'
}

# Stops the session led by PID and everything in it: TERM, then KILL
# after up to 15 s; returns when none of it is left.
stop_session() { # pid
	local end=$((SECONDS + 15)) left
	# shellcheck disable=SC2046
	kill -TERM $(session_pids "$1") 2>/dev/null
	while left=$(session_pids "$1") && [ -n "$left" ]; do
		if [ "$SECONDS" -ge "$end" ]; then
			# shellcheck disable=SC2086
			kill -KILL $left 2>/dev/null
		fi
		sleep 0.2
	done
	wait "$1" 2>/dev/null
}

cleanup() {
	local m
	[ -z "$qpid" ] || stop_session "$qpid"
	[ -z "$bpid" ] || stop_session "$bpid"
	qpid='' bpid=''
	[ -n "$tmp" ] && [ -d "$tmp" ] || return 0
	while read -r m; do
		umount -l "$m" 2>/dev/null
	done < <(findmnt -rn -o TARGET | grep -F "$tmp/" | sort -r)
	if [ "${KEEP:-0}" = 1 ]; then
		return 0
	fi
	rm -rf "$tmp"
	# buildah keeps a blob cache there whatever --root says.
	[ "$had_varlib" = 1 ] || rm -rf /var/lib/containers
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# --- the host's apt configuration -------------------------------------------

# Enabled deb entries of one-line files: "URI SUITE COMPONENTS...".
oneline_entries() {
	awk '/^[ \t]*#/ { next }
	$1 == "deb" {
		i = 2
		if ($i ~ /^\[/) {
			while (i <= NF && $i !~ /\]$/) i++
			i++
		}
		if (i + 1 > NF) next
		out = $i " " $(i + 1)
		for (j = i + 2; j <= NF && $j !~ /^#/; j++) out = out " " $j
		print out
	}' "$@"
}

# Enabled deb stanzas of deb822 files, one line per URI and suite.
deb822_entries() {
	awk 'BEGIN { RS = ""; FS = "\n" }
	{
		split("", f)
		key = ""
		for (i = 1; i <= NF; i++) {
			l = $i
			if (l ~ /^#/) continue
			if (l ~ /^[ \t]/) {
				if (key != "") f[key] = f[key] " " l
				continue
			}
			p = index(l, ":")
			if (!p) continue
			key = tolower(substr(l, 1, p - 1))
			f[key] = substr(l, p + 1)
		}
		if (tolower(f["enabled"]) ~ /no/) next
		if ((" " f["types"] " ") !~ /[ \t]deb[ \t]/) next
		nu = split(f["uris"], u, " ")
		ns = split(f["suites"], s, " ")
		comps = f["components"]
		gsub(/[ \t]+/, " ", comps)
		sub(/^ /, "", comps)
		for (a = 1; a <= nu; a++)
			for (b = 1; b <= ns; b++)
				print u[a] " " s[b] " " comps
	}' "$@"
}

# Sets $mirror (Debian 12's main archive) and $sources (the base's
# sources.list: the host's bookworm, -updates and -security entries).
read_apt_sources() {
	local -a one=() d822=()
	local f uri suite comps
	if [ -n "${KILN_DEBIAN_MIRROR:-}" ]; then
		mirror=$KILN_DEBIAN_MIRROR
		sources="deb $mirror $SUITE main"
		return 0
	fi
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && one+=("$f")
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && d822+=("$f")
	done
	mirror='' sources=''
	while read -r uri suite comps; do
		case "$suite" in
		"$SUITE" | "$SUITE"-updates | "$SUITE"-security) ;;
		*) continue ;;
		esac
		case "$sources" in *"deb $uri $suite "*) continue ;; esac
		sources+="deb $uri $suite $comps"$'\n'
		if [ -z "$mirror" ] && [ "$suite" = "$SUITE" ] &&
			[[ " $comps " == *" main "* ]]; then
			mirror=$uri
		fi
	done < <({
		[ ${#d822[@]} = 0 ] || deb822_entries "${d822[@]}"
		[ ${#one[@]} = 0 ] || oneline_entries "${one[@]}"
	})
	[ -n "$mirror" ]
}

# Sets $aptconf: the host's apt settings that decide how apt reaches the
# mirror (proxies, release-date checks), in apt.conf syntax.
read_apt_conf() {
	aptconf=$(apt-config dump 2>/dev/null | grep -E \
		'^Acquire::(https?|ftp)::Proxy(::[^ ]+)? |^Acquire::Check-(Valid-Until|Date) ' || true)
	if apt-config dump 2>/dev/null | grep -q '^Acquire::https\?::Proxy-Auto-Detect '; then
		note "apt's Proxy-Auto-Detect script is not carried into the base"
	fi
	# debootstrap fetches with wget, which reads the usual variables.
	local p
	p=$(apt-config dump 2>/dev/null | sed -n 's/^Acquire::http::Proxy "\(.*\)";$/\1/p' | head -n 1)
	if [ -n "$p" ] && [ "$p" != DIRECT ] && [ -z "${http_proxy:-}" ]; then
		export http_proxy=$p
	fi
	p=$(apt-config dump 2>/dev/null | sed -n 's/^Acquire::https::Proxy "\(.*\)";$/\1/p' | head -n 1)
	if [ -n "$p" ] && [ "$p" != DIRECT ] && [ -z "${https_proxy:-}" ]; then
		export https_proxy=$p
	fi
}

# --- tools ------------------------------------------------------------------

need_packages() { # package...
	local p missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || missing+=("$p")
	done
	[ ${#missing[@]} = 0 ] && return 0
	say "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >"$LOGS/apt.log" 2>&1 && return 0
	apt-get update -q >>"$LOGS/apt.log" 2>&1
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >>"$LOGS/apt.log" 2>&1
}

# Sets $meter: build/host/kiln-step, the build's own step meter (cgroup
# v2 memory.peak where a cgroup can be delegated, else the rusage maximum).
choose_meter() {
	meter=$ROOT/build/host/kiln-step
	[ -x "$meter" ] || make -s -C "$ROOT" build/host/kiln-step >"$LOGS/meter.log" 2>&1
}

# metered NAME CMD...: runs CMD under kiln-step; sets $peak_kib, $wall_ms
# and $method from its report line.
metered() {
	local name=$1 rc line
	shift
	# In the background, in its own session: a signal reaches the trap
	# at once, and cleanup stops the whole build.
	KILN_REPORT=$tmp/steps.tsv setsid "$meter" "$name" -- "$@" </dev/null &
	bpid=$!
	rc=0
	wait "$bpid" || rc=$?
	stop_session "$bpid" # anything the build left behind
	bpid=''
	line=$(awk -F'\t' -v n="$name" '$1 == n' "$tmp/steps.tsv" 2>/dev/null | tail -n 1)
	method=$(echo "$line" | cut -f2)
	peak_kib=$(echo "$line" | cut -f3)
	wall_ms=$(echo "$line" | cut -f4)
	return $rc
}

# --- the base ---------------------------------------------------------------

# Sets $base: a tarball of a Debian 12 minbase made from $mirror, made
# once a day per mirror and settings.
make_base() {
	local darch key day root t0 include=() old
	darch=$(dpkg --print-architecture)
	key=$(printf '%s\n' "$darch" "$mirror" "$sources" "$aptconf" |
		sha256sum | cut -c1-12)
	day=$(date -u +%Y%m%d)
	base=$CACHE/debian12-$darch-$day-$key.tar
	if [ -s "$base" ]; then
		say "base: cached $base"
		return 0
	fi
	mkdir -p "$CACHE"
	root=$tmp/base
	case "$mirror" in https:*) include=(--include=ca-certificates) ;; esac
	say "base: debootstrap --variant=minbase $SUITE ($darch) from apt's mirror"
	t0=$SECONDS
	if ! debootstrap --variant=minbase --arch="$darch" "${include[@]}" \
		"$SUITE" "$root" "$mirror" >"$LOGS/debootstrap.log" 2>&1; then
		abort "Debian 12 base made with debootstrap" \
			"debootstrap failed (mirror $mirror)" "$LOGS/debootstrap.log"
	fi
	# apt inside reads what apt here reads.
	printf '%s' "$sources" >"$root/etc/apt/sources.list"
	rm -f "$root"/etc/apt/sources.list.d/*
	if [ -n "$aptconf" ]; then
		{
			echo "// From the host's apt configuration (tests/container/run.sh)"
			echo "$aptconf"
		} >"$root/etc/apt/apt.conf.d/90kiln-host"
	fi
	find "$root/var/lib/apt/lists" "$root/var/cache/apt" -type f -delete
	tar --numeric-owner -C "$root" -cf "$base.part" . ||
		abort "Debian 12 base made with debootstrap" "tar of the base failed"
	rm -rf "$root"
	mv "$base.part" "$base"
	for old in "$CACHE"/debian12-"$darch"-*-"$key".tar; do
		[ "$old" = "$base" ] || rm -f "$old"
	done
	base_secs=$((SECONDS - t0))
	say "base: made in $base_secs s, $(du -m "$base" | cut -f1) MiB: $base"
}

# --- checks on the export ---------------------------------------------------

check_x86_64_image() { # file
	local h
	h=$(readelf -h "$1" 2>&1) || { fail_reason "not an ELF file: $h"; return; }
	grep -q 'Type: *EXEC' <<<"$h" || fail_reason "not an ELF executable"
	grep -q 'Machine: *Advanced Micro Devices X86-64' <<<"$h" ||
		fail_reason "ELF machine is not x86-64"
	# PVH: a Xen note of type XEN_ELFNOTE_PHYS32_ENTRY (18).
	readelf -n "$1" 2>/dev/null |
		grep -qE '^ *Xen +0x[0-9a-f]+[[:space:]]+(Unknown note type: \(0x00000012\)|.*PHYS32_ENTRY)' ||
		fail_reason "no PVH entry note (Xen, type 0x12) in readelf -n"
}

check_arm64_image() { # file
	local magic
	magic=$(od -An -tx1 -j56 -N4 "$1" | tr -d ' \n')
	[ "$magic" = 41524d64 ] ||
		fail_reason "no Linux arm64 Image magic at offset 56 (found '$magic', want 41524d64 'ARM\\x64')"
}

# The objcopy that reads ARCH's objects.
objcopy_for() { # arch
	if command -v "${GNU[$1]}-objcopy" >/dev/null; then
		echo "${GNU[$1]}-objcopy"
	else
		echo objcopy
	fi
}

# Lists the entries of concatenated newc cpio archives on stdin, one a
# line: mode (octal), size, mtime, name.
cpio_entries() {
	perl -e '
		local $/; my $d = <STDIN>; my $p = 0; my $n = length $d;
		while ($p + 110 <= $n) {
			if (substr($d, $p, 1) eq "\0") { $p++; next }
			last unless substr($d, $p, 6) eq "070701";
			my @f = map { hex } unpack("x6 (A8)13", substr($d, $p, 110));
			my ($mode, $mtime, $size, $ns) = @f[1, 5, 6, 11];
			my $name = substr($d, $p + 110, $ns - 1);
			$p = ($p + 110 + $ns + 3) & ~3;
			$p = ($p + $size + 3) & ~3;
			next if $name eq "TRAILER!!!";
			printf "%o %d %d %s\n", $mode, $size, $mtime, $name;
		}'
}

# Why two images of ARCH differ, from their .elf twins: the loaded part
# outside the root archive, then the archive's names, modes, sizes,
# contents and times. Prints the finding; returns 0 when the loaded kernel
# is identical and the archives differ only in modification times.
explain_image() { # arch exported.elf native.elf dir
	local oc d=$4 x f n
	oc=$(objcopy_for "$1")
	mkdir -p "$d/a" "$d/b"
	for x in a b; do
		f=$2
		[ $x = b ] && f=$3
		"$oc" -O binary --only-section=.rootfs "$f" "$d/$x.cpio" &&
			"$oc" -O binary --remove-section=.rootfs "$f" "$d/$x.kernel" || {
			echo "cannot split $f at its .rootfs section"
			return 1
		}
	done
	if ! cmp -s "$d/a.kernel" "$d/b.kernel"; then
		echo "the loaded kernel (code and data outside the root archive) differs in $(cmp -l "$d/a.kernel" "$d/b.kernel" 2>/dev/null | wc -l) bytes"
		return 1
	fi
	if cmp -s "$d/a.cpio" "$d/b.cpio"; then
		echo "the loaded kernel and root archive are identical; the difference is elsewhere in the file"
		return 1
	fi
	(cd "$d/a" && cpio -idm --quiet <../a.cpio) 2>/dev/null
	(cd "$d/b" && cpio -idm --quiet <../b.cpio) 2>/dev/null
	if ! diff -r "$d/a" "$d/b" >/dev/null 2>&1; then
		echo "the root archives' file contents differ"
		return 1
	fi
	for x in a b; do
		cpio_entries <"$d/$x.cpio" >"$d/$x.full"
		cut -d' ' -f1,2,4- "$d/$x.full" >"$d/$x.list"
	done
	if ! cmp -s "$d/a.list" "$d/b.list"; then
		echo "the root archives' names, modes or sizes differ"
		return 1
	fi
	paste "$d/a.full" "$d/b.full" | awk -F'\t' '{
		split($1, x, " "); split($2, y, " ")
		if (x[3] != y[3]) {
			name = $1; sub(/^[^ ]+ [^ ]+ [^ ]+ /, "", name)
			printf "/%s (%s here, %s in the container)\n", name, y[3], x[3]
		}
	}' >"$d/times"
	echo "the loaded kernel is identical and the root archives hold the" \
		"same files; only modification times differ ($(wc -l <"$d/times")" \
		"entries): $(head -n 3 "$d/times" | paste -sd' ')"
	return 0
}

# Why two kernel.o differ: returns 0, printing the finding, when they
# differ only in debug information.
explain_object() { # arch exported native dir
	local oc d=$4 ca cb
	oc=$(objcopy_for "$1")
	mkdir -p "$d"
	"$oc" --strip-debug "$2" "$d/a.o" && "$oc" --strip-debug "$3" "$d/b.o" ||
		{ echo "objcopy --strip-debug failed"; return 1; }
	cmp -s "$d/a.o" "$d/b.o" ||
		{ echo "code or data differ (not only debug information)"; return 1; }
	ca=$(readelf --debug-dump=info "$2" 2>/dev/null | grep -m1 DW_AT_comp_dir | sed 's/.*: //')
	cb=$(readelf --debug-dump=info "$3" 2>/dev/null | grep -m1 DW_AT_comp_dir | sed 's/.*: //')
	if [ "$ca" != "$cb" ]; then
		echo "code and data are identical; the debug information names the" \
			"build folder as DW_AT_comp_dir ('$ca' in the container," \
			"'$cb' here), which -ffile-prefix-map=\$(CURDIR)/= does not map"
	else
		echo "code and data are identical; the debug information differs"
	fi
	return 0
}

# The Dockerfile's build, natively, in the same tree.
build_native() {
	local a
	for a in "${ARCHES[@]}"; do
		SOURCE_DATE_EPOCH=$sde make -C "$src" -j"$(nproc)" ARCH="$a" ||
			return 1
	done
}

# Each export against the native build: identical passes; kernel.o or
# the .elf differing only in debug information passes for its code and
# data, with a note; anything else fails, with what differs.
compare_native() {
	local a f exp nat label text rc
	for a in "${ARCHES[@]}"; do
		for f in kiln-httpd kiln-httpd.elf kernel.o; do
			exp=$out/$a/$f
			nat=$src/build/$a/$f
			label="$a $f: exported and native builds byte-identical"
			if [ ! -f "$exp" ] || [ ! -f "$nat" ]; then
				fail_reason "missing: $exp or $nat"
				result "$label"
				continue
			fi
			if cmp -s "$exp" "$nat"; then
				result "$label (sha256 $(sha256sum <"$exp" | cut -c1-16)...)"
				continue
			fi
			rc=0
			if [ $f = kiln-httpd ]; then
				text=$(explain_image "$a" "$exp.elf" "$nat.elf" \
					"$tmp/diff-$a") || rc=$?
				rc=1 # an image must be the same bytes
			else
				text=$(explain_object "$a" "$exp" "$nat" \
					"$tmp/diff-$a-$f") || rc=$?
			fi
			if [ $rc = 0 ]; then
				result "$a $f: code and data byte-identical to the native build"
				note "$a $f is not byte-identical to the native build: $text"
			else
				fail_reason "differs from the native build: $text"
				result "$label"
			fi
		done
	done
}

# A TCP port free on 127.0.0.1, below Linux's ephemeral range.
free_port() {
	local p
	for _ in $(seq 200); do
		p=$((20000 + RANDOM % 12000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# Boots an exported kiln-httpd image with kiln boot (the QEMU command kiln
# run uses; the manifest names the program) and fetches the index page.
boot_exported() { # arch
	local arch=$1 img=$out/$1/kiln-httpd port st=000 end log
	log=$LOGS/boot-$arch.log
	port=$(free_port) || { fail_reason "no free port on 127.0.0.1"; return; }
	setsid "$src/kiln" boot --timeout 300 -p "127.0.0.1:$port:80" "$img" \
		-- --root / --port 80 </dev/null >"$log" 2>&1 &
	qpid=$!
	end=$((SECONDS + BOOT_WAIT))
	while [ "$SECONDS" -lt "$end" ] && kill -0 "$qpid" 2>/dev/null; do
		st=$(curl -s -m 2 -o "$tmp/index-$arch" -w '%{http_code}' \
			"http://127.0.0.1:$port/" 2>/dev/null || true)
		[ "$st" = 200 ] && break
		sleep 0.5
	done
	if [ "$st" != 200 ]; then
		fail_reason "no 200 for GET / on 127.0.0.1:$port within $BOOT_WAIT s (last: $st)"
	elif ! cmp -s "$tmp/index-$arch" "$src/site/index.html"; then
		fail_reason "GET / answered 200 but not with site/index.html"
	fi
	grep -aq "I boot: kiln .*(${UNAME_M[$arch]})" "$log" ||
		fail_reason "no kiln $arch boot line on the console"
	stop_session "$qpid"
	qpid=''
	result "exported $arch image boots (kiln boot) and serves site/index.html: 200 on 127.0.0.1:$port" "$log"
}

# --- main -------------------------------------------------------------------

main() {
	local -a B
	local commit build_rc a f
	mkdir -p "$LOGS"
	if [ "$(id -u)" != 0 ]; then
		abort "prerequisites" "needs root (debootstrap, buildah's chroot isolation)"
	fi
	command -v apt-config >/dev/null && command -v dpkg >/dev/null ||
		abort "prerequisites" "needs a Debian host (apt, dpkg)"
	commit=$(git -C "$ROOT" rev-parse --verify HEAD 2>/dev/null) ||
		abort "prerequisites" "$ROOT is not a git checkout with a HEAD"
	local pkgs=(buildah debootstrap qemu-system-x86 qemu-system-arm curl
		binutils cpio perl procps)
	need_packages "${pkgs[@]}" ||
		abort "prerequisites" "installing ${pkgs[*]} failed" "$LOGS/apt.log"
	# debootstrap is in /usr/sbin, which a non-login root shell may lack.
	export PATH=$PATH:/usr/sbin:/sbin

	choose_meter ||
		abort "prerequisites" "building build/host/kiln-step failed" "$LOGS/meter.log"

	read_apt_sources ||
		abort "prerequisites" "no enabled apt entry for Debian 12 ($SUITE) main in /etc/apt/sources.list or /etc/apt/sources.list.d; set KILN_DEBIAN_MIRROR=URL"
	read_apt_conf
	say "apt's Debian 12 mirror: $mirror"

	tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/kiln-container.XXXXXX")
	mkdir -p "$tmp/tmp"
	base_secs=''
	make_base
	if [ -n "$base_secs" ]; then
		echo "base creation: $base_secs s"
	fi

	# Storage, run state and buildah's temporary files all in $tmp.
	B=(buildah --root "$tmp/storage" --runroot "$tmp/run" --storage-driver vfs)
	export TMPDIR=$tmp/tmp
	say "importing the base as $BASE_REF (vfs storage in $tmp)"
	local ctr
	ctr=$("${B[@]}" from --pull=never scratch 2>"$LOGS/import.log") &&
		"${B[@]}" add "$ctr" "$base" / >>"$LOGS/import.log" 2>&1 &&
		"${B[@]}" config --cmd /bin/bash \
			--env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			"$ctr" >>"$LOGS/import.log" 2>&1 &&
		"${B[@]}" commit -q "$ctr" "$BASE_REF" >>"$LOGS/import.log" 2>&1 &&
		"${B[@]}" rm "$ctr" >>"$LOGS/import.log" 2>&1 ||
		abort "base imported into buildah as $BASE_REF" "buildah failed" \
			"$LOGS/import.log"

	# A clean copy of HEAD: what is committed is what is built.
	src=$tmp/src
	mkdir -p "$src"
	git -C "$ROOT" archive --format=tar "$commit" | tar -x -C "$src" ||
		abort "clean copy of HEAD" "git archive failed"
	# The copy has no .git: the commit's time comes from here.
	sde=$(git -C "$ROOT" log -1 --format=%ct "$commit")
	out=$tmp/out
	say "container build of $(git -C "$ROOT" rev-parse --short "$commit") (buildah bud, chroot isolation, vfs, --pull=never)"
	metered container-build timeout --foreground "$BUILD_TIMEOUT" "${B[@]}" bud \
		--isolation chroot --pull=never --layers=false -t kiln \
		--build-arg "SOURCE_DATE_EPOCH=$sde" \
		--output "type=local,dest=$out" -f "$src/Dockerfile" "$src" \
		>"$LOGS/build.log" 2>&1
	build_rc=$?
	printf 'container build: peak %d MiB (%s), wall %d s\n' \
		$(((${peak_kib:-0} + 1023) / 1024)) "$method" \
		$(((${wall_ms:-0} + 500) / 1000))
	[ "$build_rc" = 0 ] ||
		fail_reason "buildah bud exited with status $build_rc"
	result "container build (buildah bud --output, no daemon, no registry)" "$LOGS/build.log"
	[ "$build_rc" = 0 ] || { summary; exit 1; }
	(cd "$out" && find . -type f | sort | sed 's/^/    /')

	for a in "${ARCHES[@]}"; do
		for f in kiln-httpd kiln-httpd.elf kiln-httpd.manifest kernel.o \
			report/last.tsv; do
			[ -s "$out/$a/$f" ] || fail_reason "missing $a/$f"
		done
	done
	result "export holds kiln-httpd, .elf, .manifest, kernel.o and report/ for ${ARCHES[*]}"

	[ -s "$out/x86_64/kiln-httpd" ] && check_x86_64_image "$out/x86_64/kiln-httpd"
	result "x86_64 kiln-httpd is an x86-64 ELF executable with the PVH entry note"
	[ -s "$out/arm64/kiln-httpd" ] && check_arm64_image "$out/arm64/kiln-httpd"
	result "arm64 kiln-httpd has the Linux arm64 Image header"
	for a in "${ARCHES[@]}"; do
		f=$out/$a/kiln-httpd
		[ -s "$f" ] && [ -s "$f.manifest" ] || continue
		grep -qx "image_sha256: $(sha256sum <"$f" | cut -d' ' -f1)" "$f.manifest" ||
			fail_reason "$a/kiln-httpd.manifest does not give the image's SHA-256"
	done
	result "each manifest gives its exported image's SHA-256"

	say "native build of the same commit, the same commands"
	if ! build_native >"$LOGS/native.log" 2>&1; then
		fail_reason "the native build failed"
		result "native build for comparison" "$LOGS/native.log"
	else
		compare_native
	fi

	for a in "${ARCHES[@]}"; do
		say "booting the exported $a image"
		boot_exported "$a"
	done

	summary
	[ "$failed" = 0 ]
}

main "$@"
