#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# linux-guest.sh: boots a static program (kiln-httpd) as the init program
# of a minimal Linux guest -- Debian's own kernel package and an initramfs
# built here -- on the QEMU machine, memory, accelerator and networking
# that `kiln run` uses, so that the benchmark compares kiln with the
# obvious alternative. Prints the guest console on stdout.
#
# usage: tools/bench/linux-guest.sh [options] HTTPD_BINARY [-- HTTPD_ARGS...]
#   -m SIZE               guest memory, as kiln run's -m (default 128M)
#   --accel tcg|kvm|auto  auto (default) asks `kiln run --dry-run`, so the
#                         choice (nested-KVM detection included) is kiln's
#   --files DIR           the tree served: packed into the initramfs as the
#                         program's root, as kiln's --files does
#   -p [ADDR:]HOST:GUEST  QEMU user-net port forward (repeatable), as kiln
#   --net user|tap:NAME   as kiln's --net (a tap device in a netns the
#                         caller made; QEMU must run in that netns)
#   --ip ADDR/PREFIX      the guest's static address (needed with tap; with
#   --gw ADDR             user networking 10.0.2.15/24 and 10.0.2.2, QEMU's)
#   --timeout SECS        stop the VM after SECS seconds (exit status 124)
#   --dry-run             print the QEMU command instead of running it
#   --image-dir DIR       keep the kernel and initramfs in DIR and print
#                         their sizes (see below)
#   --bzimage             x86_64: boot Debian's compressed vmlinuz as it is
#                         packaged (through the firmware's bzImage loader)
#                         instead of the same kernel uncompressed (PVH)
#   --append ARGS         add ARGS to the kernel command line
#   --qemu-arg ARG        pass ARG to QEMU (repeatable)
# HTTPD_ARGS default to "--root / --port 80", the arguments kiln gets.
# The program runs chrooted in the served tree with an empty environment,
# so it sees what it sees on kiln: the tree as / and itself as /bin/NAME.
#
# Output. stdout carries the guest console: the kernel log, with printk
# timestamps "[    s.uuuuuu]", then the program's output. With
# --image-dir, lines "linux-guest: size NAME BYTES" come first (vmlinuz:
# Debian's compressed kernel as packaged; vmlinux: the same kernel
# uncompressed, which is what boots on x86_64 unless --bzimage;
# initramfs). Notes and errors go to stderr. Console lines end in CR LF
# (the kernel's serial console); strip the CR before matching ends.
#
# Boot timing for the harness. Just before exec'ing the program, /init
# writes "linux-guest: exec /bin/NAME" to /dev/kmsg, so it reaches the
# console as a kernel log line with a printk timestamp:
#   [    1.805996] linux-guest: exec /bin/kiln-httpd
# Use that line (kiln's equivalent is " proc: starting "), not the
# kernel's earlier "Run /init as init process": between the two, /init
# loads the virtio modules and configures the network, which kiln does
# before its line too. Caveat: Linux's printk clock starts at zero when
# the kernel sets up its clock (tsc_early_init on x86_64, the arch timer
# on arm64), not when the VM starts as kiln's counter does, so QEMU's
# start-up, the firmware and the kernel's loading (with --bzimage also
# its decompression) are missing from it: it is a lower bound. For "QEMU
# start to first instruction" take host wall time from QEMU's launch to
# the line's arrival, as tools/boot-time.sh does for kiln: build once
# with --dry-run --image-dir DIR and launch the printed command yourself
# (it needs nothing this script would delete), or, running through the
# script, time from its stderr note "linux-guest: starting QEMU", which
# comes right before the launch (fetching, unpacking and building the
# initramfs come before it). The first HTTP 200 follows the exec line by
# about a second on x86_64: Linux reports eth0's carrier through its link
# watch, which runs at most once a second, and drops packets until then;
# a client retrying every 1 s (TCP's first SYN retry) may add up to 1 s
# more, so poll with short connect timeouts.
#
# The guest.
#   kernel   linux-image-<arch> of the host's Debian release (bookworm:
#            6.1), fetched with apt-get download into the cache
#            ${XDG_CACHE_HOME:-~/.cache}/kiln/linux-guest, unpacked with
#            dpkg-deb, never installed. On x86_64 the bzImage's xz payload
#            is unpacked once into vmlinux, an ELF with a PVH entry point,
#            and QEMU starts that directly, as it starts kiln (and as
#            Firecracker starts Linux): under TCG the kernel decompressing
#            itself takes 4 to 9 s here, which is packaging, not booting.
#            (vmlinux holds the same bytes the bzImage decompresses to;
#            arm64's vmlinuz is already an uncompressed Image.)
#   initramfs  an uncompressed newc cpio made with cpio: /init (a busybox
#            sh script), /bin/busybox (Debian's busybox-static), the
#            virtio modules with their dependencies from modules.dep
#            (amd64: virtio_mmio, virtio_net, virtio, virtio_ring,
#            net_failover, failover; arm64 has virtio and virtio_ring
#            built in; Debian's modules are not compressed, compressed
#            ones would be unpacked here for busybox's modprobe) and their
#            modules.dep from busybox depmod, and /srv: the served tree
#            with the program at /srv/bin/NAME. No modules without a
#            network. Uncompressed because the kernel's inflate runs
#            emulated under TCG: unpacking the 2.4 MB archive took 56 ms,
#            its 1.2 MB gzip 106 ms (x86_64, printk times), and QEMU
#            copies the extra bytes in far faster.
#   /init    mounts devtmpfs (for /dev/kmsg), modprobes the two
#            drivers, sets lo and eth0 up with the static address and
#            default route (no DHCP client), writes the exec line, execs
#            the program. Nothing else runs: no udev, no services.
#   machine  kiln's QEMU command (from kiln run --dry-run) with only the
#            kernel, command line and -initrd changed, and on x86_64
#            microvm's acpi=off turned to acpi=on: Debian's kernel is
#            built without CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES, so the
#            virtio_mmio.device= entries microvm adds to the command line
#            are ignored and Linux finds the virtio-mmio devices only in
#            microvm's ACPI DSDT. (arm64: virt finds them in the device
#            tree; the GIC is kiln's.)
# Kernel command line, each option and why:
#   console=ttyS0 | console=ttyAMA0   the serial port kiln's console uses
#            (8250 on microvm, PL011 on virt), so the log reaches stdout
#   printk.time=1   timestamps on every log line (Debian's default; said
#            so the harness can rely on it)
#   panic=-1        reboot at once on a panic, e.g. when the program exits
#            and init with it; QEMU's -no-reboot (kiln's) then ends QEMU
#   tsc_early_khz=N (x86_64 under TCG only) the TSC rate, which under TCG
#            is the host's TSC rate: from the host kernel's log (dmesg),
#            else /proc/cpuinfo's "cpu MHz" on a constant_tsc host. microvm
#            has no HPET, PM timer or port 0x61, so Linux can calibrate
#            the TSC only with its quick PIT method, whose timing
#            windows a busy TCG host misses: the kernel then hangs. KVM
#            guests get the rate from kvmclock and need no option.
# Nothing else: Debian's defaults (log level, mitigations, KASLR on
# --bzimage) stay, as in a stock guest. Add options with --append.
#
# Exit status: the program's when it exits (it is init: the kernel
# panics, reports its status and reboots, and -no-reboot ends QEMU; 128+N
# when killed by signal N), else QEMU's; 124 on --timeout, 1 when
# something could not be fetched or built, 2 for bad usage, 126 when the
# program is not a static ELF, 128+N after signal N. A TERM, HUP or INT
# sent to this script stops QEMU and removes the temporary files (a KILL
# cannot: send TERM).
set -euo pipefail
trap 'printf "linux-guest: error: %s failed (line %s)\n" "$BASH_COMMAND" "$LINENO" >&2' ERR

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/kiln/linux-guest
MODULES=(virtio_mmio virtio_net) # the drivers the guest needs; deps follow

note() { printf 'linux-guest: %s\n' "$*" >&2; }
die() { # message [status]
	printf 'linux-guest: error: %s\n' "$1" >&2
	exit "${2:-2}"
}
need() { [ "$2" -ge 2 ] || die "$1 needs a value"; }
usage() { sed -n '/^# usage:/,/^# HTTPD_ARGS/s/^# \{0,1\}//p' "$0"; }

mem=128M accel=auto files='' net='' ip='' gw='' timeout_s='' dry_run=0
image_dir='' bzimage=0 append=''
ports=() qemu_args=()
while [ $# -gt 0 ]; do
	case "$1" in
	-m) need -m $#; mem=$2; shift 2 ;;
	--accel) need --accel $#; accel=$2; shift 2 ;;
	--files) need --files $#; files=$2; shift 2 ;;
	-p) need -p $#; ports+=("$2"); shift 2 ;;
	--net) need --net $#; net=$2; shift 2 ;;
	--ip) need --ip $#; ip=$2; shift 2 ;;
	--gw) need --gw $#; gw=$2; shift 2 ;;
	--timeout) need --timeout $#; timeout_s=$2; shift 2 ;;
	--dry-run) dry_run=1; shift ;;
	--image-dir) need --image-dir $#; image_dir=$2; shift 2 ;;
	--bzimage) bzimage=1; shift ;;
	--append) need --append $#; append=$2; shift 2 ;;
	--qemu-arg) need --qemu-arg $#; qemu_args+=("$2"); shift 2 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; break ;;
	-*) die "unknown option '$1' (--help lists them)" ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || die "needs the program (--help)"
prog=$1
shift
[ "${1:-}" != -- ] || shift
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--root / --port 80)
name=$(basename "$prog")

case "$accel" in auto | kvm | tcg) ;; *) die "--accel takes auto, kvm or tcg, not '$accel'" ;; esac
[ ${#ports[@]} -eq 0 ] || [ -z "$net" ] || [ "$net" = user ] ||
	die "-p forwards through user networking; it does not combine with --net $net"
[ ${#ports[@]} -eq 0 ] || net=user
net=${net:-none}
case "$net" in
none) ;;
user) ip=${ip:-10.0.2.15/24} gw=${gw:-10.0.2.2} ;;
tap:?*) [ -n "$ip" ] || die "--net $net needs --ip ADDR/PREFIX (no DHCP in the guest)" ;;
*) die "--net takes user, tap:NAME or none, not '$net'" ;;
esac
case "$ip" in "" | [0-9]*.*/[0-9]*) ;; *) die "--ip takes ADDR/PREFIX, not '$ip'" ;; esac
case "$timeout_s" in
"" | [1-9] | [1-9]*[0-9]) ;;
*) die "--timeout takes a whole number of seconds above 0, not '$timeout_s'" ;;
esac
if [ -n "$files" ]; then
	[ -d "$files" ] || die "--files $files: not a directory"
	[ ! -e "$files/bin/$name" ] || die "$files/bin/$name exists; the program goes there"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/linux-guest.XXXXXX")
qpid=
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	[ -z "$qpid" ] || kill -TERM "$qpid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# --- kiln's QEMU command ----------------------------------------------------

# kiln run --dry-run checks the program (static ELF, which architecture),
# picks the accelerator and builds the machine, memory and network options;
# the guest here differs only in what it boots.
kargs=(-m "$mem" --accel "$accel")
for p in "${ports[@]+"${ports[@]}"}"; do kargs+=(-p "$p"); done
[ "$net" = none ] || [ ${#ports[@]} -gt 0 ] || kargs+=(--net "$net")
status=0
"$ROOT/kiln" run --dry-run "${kargs[@]}" "$prog" >"$tmp/kiln.cmd" 2>"$tmp/kiln.err" || status=$?
if [ "$status" != 0 ]; then
	sed 's/^kiln: /linux-guest: (kiln) /' "$tmp/kiln.err" >&2
	exit "$status"
fi
mapfile -d '' -t kq < <(xargs printf '%s\0' <"$tmp/kiln.cmd")
case "${kq[0]}" in
qemu-system-x86_64) arch=x86_64 debarch=amd64 console=ttyS0 ;;
qemu-system-aarch64) arch=arm64 debarch=arm64 console=ttyAMA0 ;;
*) die "unexpected QEMU command from kiln run --dry-run: ${kq[*]}" 1 ;;
esac
for ((i = 0; i < ${#kq[@]}; i++)); do
	[ "${kq[i]}" != -accel ] || accel=${kq[i + 1]}
done
why=$(sed -n "s/^kiln: $arch program; //p" "$tmp/kiln.err")
note "$arch guest; ${why:-$accel}"

# --- Debian packages, cached ------------------------------------------------

host_debarch=$(dpkg --print-architecture)
mkdir -p "$CACHE/debs"
exec 9>"$CACHE/.lock"
flock 9 # one fetch or unpack at a time

# Which packages and versions: linux-image-ARCH names the current ABI's
# kernel package. apt-cache is slow (seconds), so the answer is kept
# until apt's lists change.
resolve() { # sets kpkg kver_pkg bb_ver hbb_ver
	local f=$CACHE/$debarch/resolved try
	local -a v
	if [ -s "$f" ] && [ "$f" -nt /var/lib/apt/lists ] &&
		[ "$f" -nt /var/cache/apt/pkgcache.bin ]; then
		read -r kpkg kver_pkg bb_ver hbb_ver <"$f"
		return
	fi
	for try in 1 2; do
		kpkg=$(apt-cache depends "linux-image-$debarch:$debarch" 2>/dev/null |
			awk '$1 == "Depends:" && $2 ~ /^linux-image-/ {print $2; exit}' || true)
		kpkg=${kpkg%%:*}
		[ -z "$kpkg" ] || break
		if [ "$try" = 2 ] || [ "$(id -u)" != 0 ]; then break; fi
		note "apt does not know linux-image-$debarch:$debarch; running apt-get update"
		apt-get update -q >/dev/null 2>&1 || true
	done
	if [ -n "$kpkg" ]; then
		mapfile -t v < <(apt-cache policy "$kpkg:$debarch" "busybox-static:$debarch" \
			"busybox-static:$host_debarch" 2>/dev/null | awk '$1 == "Candidate:" {print $2}')
		kver_pkg=${v[0]:-} bb_ver=${v[1]:-} hbb_ver=${v[2]:-}
	fi
	if [ -z "$kpkg" ] || [ -z "$hbb_ver" ] || [[ "$kver_pkg $bb_ver $hbb_ver" == *"(none)"* ]]; then
		if [ -s "$f" ]; then
			note "apt cannot name the packages now; using the ones fetched before"
			read -r kpkg kver_pkg bb_ver hbb_ver <"$f"
			return
		fi
		die "apt knows no linux-image-$debarch or busybox-static for $debarch (run apt-get update; make deps adds a foreign architecture)" 1
	fi
	mkdir -p "$CACHE/$debarch"
	printf '%s %s %s %s\n' "$kpkg" "$kver_pkg" "$bb_ver" "$hbb_ver" >"$f"
}

# Downloads package $1 (NAME:ARCH) version $2 into the cache; prints the path.
fetch() {
	local pkg=${1%%:*} arch=${1#*:} ver=$2 f d
	f=$CACHE/debs/${pkg}_${ver//:/%3a}_$arch.deb
	if [ ! -s "$f" ]; then
		note "fetching $pkg $ver ($arch) with apt-get download"
		d=$(mktemp -d "$CACHE/debs/dl.XXXXXX")
		local -a o=(-q)
		[ "$(id -u)" != 0 ] || o+=(-o APT::Sandbox::User=root)
		(cd "$d" && apt-get download "${o[@]}" "$pkg:$arch=$ver" >/dev/null) ||
			{ rm -rf "$d"; die "apt-get download $pkg:$arch=$ver failed" 1; }
		mv "$d"/*.deb "$f"
		rmdir "$d"
	fi
	printf '%s\n' "$f"
}

# Unpacks busybox-static $2 for Debian architecture $1; prints the binary.
busybox_for() {
	local dir=$CACHE/$1/busybox-static_${2//:/%3a} deb
	if [ ! -x "$dir/busybox" ]; then
		deb=$(fetch "busybox-static:$1" "$2")
		rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir.tmp" ./bin/busybox
		mkdir -p "$dir" && mv "$dir.tmp/bin/busybox" "$dir/busybox"
		rm -rf "$dir.tmp"
	fi
	printf '%s\n' "$dir/busybox"
}

resolve
guest_bb=$(busybox_for "$debarch" "$bb_ver")
host_bb=$guest_bb
[ "$host_debarch" = "$debarch" ] || host_bb=$(busybox_for "$host_debarch" "$hbb_ver")

# Unpacked once per kernel: vmlinuz, its config, the modules the guest
# needs with their modules.dep, and on x86_64 the uncompressed vmlinux.
kdir=$CACHE/$debarch/${kpkg}_${kver_pkg//:/%3a}
if [ ! -e "$kdir/done" ]; then
	deb=$(fetch "$kpkg:$debarch" "$kver_pkg")
	note "unpacking $kpkg"
	rm -rf "$kdir" "$kdir.tmp"
	x=$kdir.tmp/x
	mkdir -p "$x" "$kdir.tmp/k"
	dpkg-deb -x "$deb" "$x"
	kver=$(ls "$x/lib/modules")
	[ "$(printf '%s\n' "$kver" | wc -l)" = 1 ] || die "$kpkg holds modules for more than one kernel" 1
	md=$x/lib/modules/$kver
	"$host_bb" depmod -b "$x" "$kver"
	declare -A keep=()
	top=()
	for m in "${MODULES[@]}"; do
		if grep -qE "(^|/)$m\.ko\$" "$md/modules.builtin"; then
			continue # built in: nothing to load
		fi
		line=$(grep -E "(^|/)$m\.ko(\.(xz|gz|zst))?:" "$md/modules.dep") ||
			die "$kpkg has no module $m" 1
		top+=("$m")
		for p in ${line/:/}; do keep[$p]=1; done
	done
	km=$kdir.tmp/k/lib/modules/$kver
	for p in "${!keep[@]}"; do
		# busybox modprobe loads plain .ko files: unpack compressed ones.
		mkdir -p "$km/$(dirname "$p")"
		case "$p" in
		*.ko) cp "$md/$p" "$km/$p" ;;
		*.ko.xz) "$host_bb" xzcat "$md/$p" >"$km/${p%.xz}" ;;
		*.ko.gz) "$host_bb" zcat "$md/$p" >"$km/${p%.gz}" ;;
		*.ko.zst) command -v zstd >/dev/null || die "$p is zstd-compressed and zstd is missing" 1
			zstd -q -dc "$md/$p" >"$km/${p%.zst}" ;;
		esac
	done
	"$host_bb" depmod -b "$kdir.tmp/k" "$kver"
	# modprobe in the guest reads modules.dep alone.
	find "$km" -maxdepth 1 -name 'modules.*' ! -name modules.dep -delete
	printf '%s\n' "${top[@]+"${top[@]}"}" >"$kdir.tmp/k/modules"
	printf '%s\n' "$kver" >"$kdir.tmp/k/kver"
	cp "$x/boot/vmlinuz-$kver" "$kdir.tmp/k/vmlinuz"
	cp "$x/boot/config-$kver" "$kdir.tmp/k/config"
	if [ "$arch" = x86_64 ]; then
		# The bzImage's payload is vmlinux, xz-compressed (CONFIG_KERNEL_XZ):
		# the first xz stream in the file, followed by the setup data.
		grep -qx CONFIG_KERNEL_XZ=y "$x/boot/config-$kver" ||
			die "$kpkg's vmlinuz is not xz-compressed; unpacking it needs another decompressor" 1
		off=$(LC_ALL=C grep -aboP -m 1 '\xfd7zXZ\x00' "$x/boot/vmlinuz-$kver" | head -n 1 | cut -d: -f1)
		[ -n "$off" ] || die "no xz stream in $kpkg's vmlinuz" 1
		# xzcat stops after the stream: tail's SIGPIPE and the
		# complaint about what follows are expected; the ELF check is not.
		# (busybox's xz lacks the x86 BCJ filter the kernel uses: xz-utils.)
		command -v xz >/dev/null || die "xz is missing (Debian package xz-utils; make deps installs it)" 1
		{ tail -c "+$((off + 1))" "$x/boot/vmlinuz-$kver" || true; } |
			{ xz -dcq 2>/dev/null || true; } >"$kdir.tmp/k/vmlinux"
		[ "$(head -c 4 "$kdir.tmp/k/vmlinux" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] ||
			die "unpacking vmlinux from $kpkg's vmlinuz failed" 1
	fi
	mv "$kdir.tmp/k" "$kdir"
	rm -rf "$kdir.tmp"
	touch "$kdir/done"
fi
exec 9>&-
kver=$(cat "$kdir/kver")
mapfile -t top <"$kdir/modules"

# --- the initramfs ----------------------------------------------------------

work=${image_dir:-$tmp}
mkdir -p "$work"
work=$(readlink -f "$work")
stage=$tmp/root
mkdir -p "$stage"/{bin,dev,srv/bin}
cp "$guest_bb" "$stage/bin/busybox"
[ "$net" = none ] || cp -a "$kdir/lib" "$stage/"
[ -z "$files" ] || cp -a "$files/." "$stage/srv/"
cp "$prog" "$stage/srv/bin/$name"
chmod 755 "$stage/srv/bin/$name"

sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; } # single-quoted for sh
{
	printf '#!/bin/busybox sh\n'
	printf '# /init of the Linux guest made by tools/bench/linux-guest.sh\n'
	printf 'export PATH=/bin\n'
	printf 'busybox mount -t devtmpfs devtmpfs /dev\n'
	if [ "$net" != none ]; then
		for m in "${top[@]+"${top[@]}"}"; do
			printf 'busybox modprobe %s\n' "$m"
		done
		printf 'busybox ip link set lo up\n'
		printf 'busybox ip link set eth0 up\n'
		printf 'busybox ip addr add %s dev eth0\n' "$ip"
		[ -z "$gw" ] || printf 'busybox ip route add default via %s\n' "$gw"
	fi
	printf 'echo %s >/dev/kmsg || echo %s\n' \
		"$(sq "linux-guest: exec /bin/$name")" "$(sq "linux-guest: exec /bin/$name")"
	printf 'exec busybox env -i busybox chroot /srv /bin/%s' "$(sq "$name")"
	for a in "${args[@]}"; do printf ' %s' "$(sq "$a")"; done
	printf '\n'
} >"$stage/init"
chmod 755 "$stage/init"
(cd "$stage" && find . -mindepth 1 -printf '%P\0' | LC_ALL=C sort -z |
	cpio -o -0 -H newc -R 0:0 --reproducible --quiet) >"$work/initramfs.cpio"

kernel=$kdir/vmlinux
[ "$arch" = x86_64 ] && [ "$bzimage" = 0 ] || kernel=$kdir/vmlinuz
if [ -n "$image_dir" ]; then
	ln -f "$kdir/vmlinuz" "$work/vmlinuz" 2>/dev/null || cp "$kdir/vmlinuz" "$work/vmlinuz"
	printf 'linux-guest: size vmlinuz %s\n' "$(stat -c %s "$work/vmlinuz")"
	if [ "$arch" = x86_64 ]; then
		ln -f "$kdir/vmlinux" "$work/vmlinux" 2>/dev/null || cp "$kdir/vmlinux" "$work/vmlinux"
		printf 'linux-guest: size vmlinux %s\n' "$(stat -c %s "$work/vmlinux")"
	fi
	printf 'linux-guest: size initramfs %s\n' "$(stat -c %s "$work/initramfs.cpio")"
	kernel=$work/$(basename "$kernel")
fi

# --- QEMU -------------------------------------------------------------------

cmdline="console=$console printk.time=1 panic=-1"
if [ "$arch" = x86_64 ] && [ "$accel" = tcg ]; then
	# Under TCG the guest's TSC counts at the host's TSC rate.
	khz=$( (dmesg 2>/dev/null || true) | sed -nE 's/.*tsc: Refined TSC clocksource calibration: ([0-9]+)\.([0-9]{3}).*/\1\2/p' | tail -n 1)
	[ -n "$khz" ] || khz=$( (dmesg 2>/dev/null || true) | sed -nE 's/.*tsc: Detected ([0-9]+)\.([0-9]{3}) MHz.*/\1\2/p' | tail -n 1)
	if [ -z "$khz" ] && grep -qw constant_tsc /proc/cpuinfo; then
		khz=$(awk -F': *' '/^cpu MHz/ {printf "%d\n", $2 * 1000; exit}' /proc/cpuinfo)
	fi
	if [ -n "$khz" ]; then
		cmdline+=" tsc_early_khz=$khz"
	else
		note "the host's TSC rate is unknown; the guest calibrates its own, which can hang a busy TCG host"
	fi
fi
[ -z "$append" ] || cmdline+=" $append"

q=()
for ((i = 0; i < ${#kq[@]}; i++)); do
	case "${kq[i]}" in
	-M)
		m=${kq[i + 1]}
		[ "$arch" != x86_64 ] || m=${m/acpi=off/acpi=on}
		q+=(-M "$m"); i=$((i + 1)) ;;
	-kernel) q+=(-kernel "$kernel" -initrd "$work/initramfs.cpio"); i=$((i + 1)) ;;
	-append) q+=(-append "$cmdline"); i=$((i + 1)) ;;
	-chardev)
		# Running, the console is also logged, to find the exit status.
		c=${kq[i + 1]}
		[ "$dry_run" = 1 ] || [[ "$c" != stdio,id=con* ]] || c+=",logfile=$tmp/console.log"
		q+=(-chardev "$c"); i=$((i + 1)) ;;
	*) q+=("${kq[i]}") ;;
	esac
done
q+=("${qemu_args[@]+"${qemu_args[@]}"}")

if [ "$dry_run" = 1 ]; then
	[ -n "$image_dir" ] || note "the initramfs is deleted on exit; add --image-dir DIR to keep it"
	printf '%q ' "${q[@]}"
	printf '\n'
	exit 0
fi
command -v "${q[0]}" >/dev/null || die "${q[0]} not found: run make deps" 1

note "starting QEMU"
if [ -n "$timeout_s" ]; then
	timeout --foreground -s TERM "$timeout_s" "${q[@]}" <&0 &
else
	"${q[@]}" <&0 &
fi
qpid=$!
# A signal to this script stops QEMU; the status then says which signal,
# as a shell reports it.
sig=0
trap 'sig=130; kill -TERM $qpid 2>/dev/null || true' INT
trap 'sig=143; kill -TERM $qpid 2>/dev/null || true' TERM
trap 'sig=129; kill -TERM $qpid 2>/dev/null || true' HUP
qrc=0
while :; do
	qrc=0
	wait "$qpid" || qrc=$?
	kill -0 "$qpid" 2>/dev/null || break
done
qpid=
[ "$sig" = 0 ] || exit "$sig"
# The program's exit ends init: the kernel's panic line holds its wait
# status, "Attempted to kill init! exitcode=0x00000200" for exit(2).
st=$(sed -nE 's/.*Attempted to kill init! exitcode=0x([0-9a-f]+).*/\1/p' "$tmp/console.log" 2>/dev/null | tail -n 1)
if [ -n "$st" ] && [ "$qrc" = 0 ]; then
	st=$((16#$st))
	if [ $((st & 0x7f)) = 0 ]; then exit $(((st >> 8) & 0xff)); fi
	exit $((128 + (st & 0x7f)))
fi
exit "$qrc"
