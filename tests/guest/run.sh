#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: builds the guest tests for x86_64 and arm64, runs each one on Linux
# (natively, or under qemu-aarch64) and on kiln, and compares the two.
#
# usage: tests/guest/run.sh [FILTER]
#   Runs only the cases whose name contains FILTER ("clock", "arm64/",
#   "cortex-a53", "hello 42"). JOBS=N sets how many run at once (default 2).
set -uo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
SRC=$ROOT/tests/guest
OUT=$ROOT/build/tests
FILTER=${1:-}
JOBS=${JOBS:-2}
TIMEOUT=60
LOG_RE='^\[ *[0-9]+\.[0-9]{6}\] [EWID] '
ARCHES=(x86_64 arm64)
declare -A CC=([x86_64]=x86_64-linux-musl-gcc [arm64]=aarch64-linux-musl-gcc)
declare -A QEMU_USER=([x86_64]=qemu-x86_64 [arm64]=qemu-aarch64)
case "$(uname -m)" in
aarch64 | arm64) HOST_ARCH=arm64 ;;
*) HOST_ARCH=x86_64 ;;
esac
# perl -e "$EXEC_AS" PATH ARGV0 ARGS...: exec PATH with that argv[0].
# shellcheck disable=SC2016 # perl code
EXEC_AS='exec {$ARGV[0]} @ARGV[1..$#ARGV]'

# The args cases' arguments and environment: spaces, quotes, backslashes,
# an empty string, option look-alikes, a tab and UTF-8.
# shellcheck disable=SC1003 # backslashes are meant literally
ARGS_ARGV=('two words' '' 'quote"d' 'back\slash' '\"\\' 'x=y' '--' '-e'
	'  padded  ' $'tab\there' 'ünïcødé ✓ 日本')
ARGS_ENV=('GREETING=hello world' 'EMPTY=' 'QUOTED=say "hi" \o/'
	'UNICODE=naïve ✓' 'A=1')

# One entry per case: its label, arch ("host" for a host program), kiln
# platform options, program, arguments (printf %q words, for eval) and, for
# programs kiln must refuse, a word its message must hold.
LABEL=() ARCH=() PLAT=() PROG=() ARGS=() WANT=()

# --- building ---------------------------------------------------------------

# The directory of musl's start files, from the specs file that the
# musl-gcc wrapper script passes to gcc.
musl_libdir() {
	local specs crt
	specs=$(grep -o '/[^" ]*musl-gcc\.specs' "$(command -v "$1")") &&
		crt=$(grep -o '/[^ ]*/Scrt1\.o' "$specs" | head -n 1) &&
		dirname "$crt"
}

# musl-gcc's specs turn -static-pie into a dynamically linked PIE, so link
# with rcrt1.o by hand.
build_static_pie() {
	local cc=$1 src=$2 out=$3 lib
	lib=$(musl_libdir "$cc") || return 1
	"$cc" -O2 -fPIE -nostartfiles \
		-Wl,-static,-pie,--no-dynamic-linker,-z,text \
		"$lib/rcrt1.o" "$lib/crti.o" \
		"$("$cc" -print-file-name=crtbeginS.o)" "$src" \
		"$("$cc" -print-file-name=crtendS.o)" "$lib/crtn.o" -o "$out"
}

build_arch() {
	local cc=${CC[$1]} dir=$OUT/$1 src out
	mkdir -p "$dir"
	for src in "$SRC"/*.c; do
		out=$dir/$(basename "$src" .c)
		"$cc" -static -O2 -Wall -Wextra -o "$out" "$src" -lm || return 1
	done
	build_static_pie "$cc" "$SRC/hello.c" "$dir/hello-pie" &&
		build_static_pie "$cc" "$SRC/args.c" "$dir/args-pie" &&
		"$cc" -O2 -o "$dir/hello-dynamic" "$SRC/hello.c" &&
		printf 'not an ELF file\n' >"$dir/not-elf"
}

# Builds the kernels too, so that parallel runs find them up to date.
build_all() {
	local arch
	for arch in "${ARCHES[@]}"; do
		printf 'building %s tests and kernel\n' "$arch"
		build_arch "$arch" ||
			{ echo "building the $arch tests failed"; exit 2; }
		make -s -C "$ROOT" ARCH="$arch" kernel >/dev/null ||
			{ echo "building the $arch kernel failed"; exit 2; }
	done
	make -s -C "$ROOT" host-tools >/dev/null || exit 2
}

# --- the case list ----------------------------------------------------------

add_case() {
	local label=$1 arch=$2 plat=$3 prog=$4
	shift 4
	[[ -z $FILTER || $label == *"$FILTER"* ]] || return 0
	LABEL+=("$label") ARCH+=("$arch") PLAT+=("$plat") PROG+=("$prog")
	ARGS+=("$([ $# = 0 ] || printf '%q ' "$@")")
	WANT+=("${want_word:-}")
}

# Every test on one platform; hello with several statuses (256 leaves 0).
add_all_tests() {
	local arch=$1 plat=$2 s t
	for s in 0 1 42 255 256; do
		add_case "$arch hello $s" "$arch" "$plat" hello "$s"
	done
	add_case "$arch hello-pie 7" "$arch" "$plat" hello-pie 7
	add_case "$arch args" "$arch" "$plat" args "${ARGS_ARGV[@]}"
	add_case "$arch args-pie" "$arch" "$plat" args-pie "${ARGS_ARGV[@]}"
	for t in memory clock syscalls unknown nullderef tls stack float \
		poll epoll eventfd; do
		add_case "$arch $t" "$arch" "$plat" "$t"
	done
}

# hello, clock and nullderef on each arm64 CPU model with each GIC.
add_arm64_matrix() {
	local cpu gic plat p
	for cpu in cortex-a53 cortex-a72 cortex-a76 max; do
		for gic in 2 3; do
			plat="--cpu $cpu --gic $gic" p=arm64/$cpu/gic$gic
			add_case "$p hello 3" arm64 "$plat" hello 3
			add_case "$p clock" arm64 "$plat" clock
			add_case "$p nullderef" arm64 "$plat" nullderef
		done
	done
}

# Programs kiln must refuse with status 126.
add_refusals() {
	local want_word=statically
	add_case "host /bin/true refused" host '' /bin/true
	add_case "x86_64 dynamic hello refused" x86_64 '' hello-dynamic
	add_case "arm64 dynamic hello refused" arm64 '' hello-dynamic
	want_word=''
	add_case "x86_64 non-ELF file refused" x86_64 '' not-elf
}

# --- running one case -------------------------------------------------------

# Sets allow, an ERE for the warning and error lines kiln may log for the
# program, and need, a list of "COUNT ERE": ERE must match COUNT log lines
# ("+": one or more). CPUs without a random instruction (cortex-a53, -a72,
# -a76) earn a warning whatever the program.
log_rules() {
	allow='random: no hardware entropy;' need=()
	case $1 in
	memory)
		# TODO: kiln has no mremap; musl's realloc copies instead.
		allow+='|unimplemented syscall mremap \(' ;;
	unknown)
		allow+='|unimplemented syscall (unknown \(999\)|getcpu \()'
		need=('1 unimplemented syscall unknown \(999\)'
			'1 unimplemented syscall getcpu \(') ;;
	nullderef)
		allow+='|\] E ' # the fault report: registers, then the kill
		need=('+ program fault') ;;
	esac
}

# The environment the args programs get; nothing for the others.
case_env() {
	case $1 in
	args | args-pie) printf '%s\0' "${ARGS_ENV[@]}" ;;
	esac
}

# Runs the program on Linux with argv[0] its basename and only the case's
# environment; stdin is empty and stdout a file (not a terminal). The outer
# braces keep bash's "Segmentation fault" note out of the results.
run_reference() {
	local arch=$1 bin=$2 out=$3 dir name rc
	local -a envs run
	shift 3
	dir=$(dirname "$bin") name=$(basename "$bin")
	mapfile -d '' envs < <(case_env "$name")
	# Natively on the host's own architecture, under qemu-user otherwise.
	run=("${QEMU_USER[$arch]}" -0 "$name" "./$name")
	[ "$arch" = "$HOST_ARCH" ] && run=(perl -e "$EXEC_AS" "./$name" "$name")
	{
		(cd "$dir" && ulimit -c 0 && exec timeout "$TIMEOUT" \
			env -i "${envs[@]}" "${run[@]}" "$@") \
			</dev/null >"$out.raw" 2>&1
	} 2>/dev/null
	rc=$?
	# qemu-user reports the signal that killed the program; Linux does not.
	grep -av '^qemu: uncaught target signal' "$out.raw" >"$out"
	return "$rc"
}

# Runs the program on kiln; splits the console into the program's output
# (kiln.out) and the kernel's log (kiln.log).
run_kiln() {
	local bin=$1 plat=$2 dir=$3 e rc
	local -a envs kenv=() platv
	shift 3
	mapfile -d '' envs < <(case_env "$(basename "$bin")")
	for e in "${envs[@]}"; do kenv+=(-e "$e"); done
	read -ra platv <<<"$plat"
	"$ROOT/kiln" run --accel tcg -q --timeout "$TIMEOUT" \
		"${platv[@]}" "${kenv[@]}" "$bin" "$@" \
		</dev/null >"$dir/kiln.raw" 2>"$dir/kiln.err"
	rc=$?
	grep -avE "$LOG_RE" "$dir/kiln.raw" >"$dir/kiln.out"
	grep -aE "$LOG_RE" "$dir/kiln.raw" >"$dir/kiln.log"
	return "$rc"
}

# Prints why kiln's log breaks the program's rules, or nothing.
check_log() {
	local log=$2 line n count re want
	log_rules "$1"
	while IFS= read -r line; do
		[[ $line =~ \]\ [WE]\  ]] || continue
		grep -qE "$allow" <<<"$line" && continue
		echo "unexpected kernel log: ${line#*] }"
		return
	done <"$log"
	for want in "${need[@]}"; do
		count=${want%% *} re=${want#* }
		n=$(grep -cE "$re" "$log")
		[ "$count" = + ] && [ "$n" -ge 1 ] && continue
		[ "$count" = "$n" ] && continue
		echo "$n kernel log lines match '$re', wanted $count"
		return
	done
	grep -qE 'I kiln: exit status [0-9]+$' "$log" ||
		echo "no 'kiln: exit status' line"
}

indent() {
	sed -e 's/^/    /' | head -n 40
}

# Prints the result line for case i: ok, or FAIL with why and details.
report() {
	local i=$1 dir=$2 why=$3
	if [ -z "$why" ]; then
		printf 'ok   %s\n' "${LABEL[$i]}"
		return
	fi
	printf 'FAIL %s: %s\n' "${LABEL[$i]}" "$why"
	if [ -e "$dir/ref.out" ]; then
		diff -u --label linux --label kiln "$dir/ref.out" \
			"$dir/kiln.out" | indent
		[ -s "$dir/kiln.log" ] && echo "  kernel log:" &&
			indent <"$dir/kiln.log"
	else
		indent <"$dir/kiln.raw"
	fi
	[ -s "$dir/kiln.err" ] && echo "  kiln stderr:" &&
		indent <"$dir/kiln.err"
	return 0
}

# Runs case i on Linux and on kiln and compares status, output and log.
compare_case() {
	local i=$1 dir=$2 bin=$3 ref_rc kiln_rc why=
	local -a args
	eval "args=(${ARGS[$i]})"
	run_reference "${ARCH[$i]}" "$bin" "$dir/ref.out" "${args[@]}"
	ref_rc=$?
	run_kiln "$bin" "${PLAT[$i]}" "$dir" "${args[@]}"
	kiln_rc=$?

	if [ "$ref_rc" != "$kiln_rc" ]; then
		why="exit status $kiln_rc, Linux gave $ref_rc"
	elif ! cmp -s "$dir/ref.out" "$dir/kiln.out"; then
		why="output differs from Linux"
	else
		why=$(check_log "${PROG[$i]}" "$dir/kiln.log")
	fi
	report "$i" "$dir" "$why"
}

# kiln must exit 126 and, if WANT names a word, say it.
refusal_case() {
	local i=$1 dir=$2 bin=$3 rc word=${WANT[$1]} why=
	"$ROOT/kiln" run --accel tcg -q --timeout "$TIMEOUT" "$bin" \
		</dev/null >"$dir/kiln.raw" 2>&1
	rc=$?
	if [ "$rc" != 126 ]; then
		why="exit status $rc, wanted 126"
	elif [ -n "$word" ] && ! grep -q "$word" "$dir/kiln.raw"; then
		why="no message saying '$word'"
	fi
	report "$i" "$dir" "$why"
}

run_case() {
	local i=$1 dir=$WORK/$1 bin=$OUT/${ARCH[$1]}/${PROG[$1]}
	mkdir -p "$dir"
	[ "${ARCH[$i]}" = host ] && bin=${PROG[$i]}
	case ${LABEL[$i]} in
	*refused) refusal_case "$i" "$dir" "$bin" ;;
	*) compare_case "$i" "$dir" "$bin" ;;
	esac
}

# --- running them all, JOBS at a time, printing in order --------------------

passed=0 failed=0 next=0

# Prints the results that are ready, in case order.
print_finished() {
	while [ "$next" -lt "${#LABEL[@]}" ] && [ -e "$WORK/$next.done" ]; do
		cat "$WORK/$next.res"
		if head -n 1 "$WORK/$next.res" | grep -q '^ok '; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
		fi
		next=$((next + 1))
	done
}

run_all() {
	local i n=${#LABEL[@]}
	for ((i = 0; i < n; i++)); do
		while [ "$(jobs -pr | wc -l)" -ge "$JOBS" ]; do
			wait -n
			print_finished
		done
		{
			run_case "$i" >"$WORK/$i.res" 2>&1
			touch "$WORK/$i.done"
		} &
	done
	wait
	print_finished
}

main() {
	local start=$SECONDS
	build_all
	add_all_tests x86_64 ''
	add_all_tests arm64 '--cpu max --gic 3'
	add_arm64_matrix
	add_refusals
	if [ "${#LABEL[@]}" = 0 ]; then
		echo "no case matches '$FILTER'"
		exit 2
	fi
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/kiln-tests.XXXXXX")
	trap 'rm -rf "$WORK"' EXIT
	run_all
	printf 'time: %d s\n' $((SECONDS - start))
	printf '%d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" = 0 ]
}

main
