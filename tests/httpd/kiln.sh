#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# kiln.sh: kiln-httpd on kiln, x86_64 and arm64 under TCG, driven from the
# host through QEMU's port forward. For each architecture:
#   conformance  the raw-socket suite (tests/httpd/conformance.py) in full,
#                with the timeouts and connection cap given to the server;
#                its ok lines must be those of the native run
#   lwip-doc     the lwIP manual from Debian's liblwip-doc: every file
#                fetched with curl and compared byte for byte; its index
#                page loaded in headless Chromium, every request the page
#                made answered 200 or 304 (Chromium's NetLog and the
#                server's access log), the same requests as natively, and a
#                screenshot kept in build/test-logs/httpd-lwip-doc-ARCH.png
#   load         64 clients that never finish their request head while a
#                normal client is served within 2 s; 500 downloads of an
#                8 MiB file closed by the client after the first bytes,
#                then free memory and lwIP's pools back to where they were
#                (kiln run --memstat); 20,000 sequential requests, each on
#                its own connection
# The native server gives the reference for the conformance suite and the
# Chromium page load. Prints one ok/FAIL line per case, progress lines in
# between, and ends with "N passed, N failed".
#
# usage: tests/httpd/kiln.sh [FILTER]
#   Runs only the groups whose label ("x86_64 conformance", "arm64 load",
#   "native lwip-doc") contains FILTER. KNOWN_BUGS=1 adds the case of a
#   known kernel bug (case_reuse).
#
# Traffic goes only to 127.0.0.1: QEMU's port forwards and the native
# server. Every wait has a bound.
set -uo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
HERE=$ROOT/tests/httpd
OUT=$ROOT/build/tests/httpd
LOGS=$ROOT/build/test-logs
FILTER=${1:-}
ARCHES=(x86_64 arm64)
KTIMEOUT=900  # one kiln run at most, seconds
BOOT_WAIT=90  # from start to the first HTTP answer, seconds
STOP_WAIT=20  # from SIGTERM to exit, seconds
# The server's limits in the conformance group, as run-conformance.sh
# gives them to the native server.
HEAD_TIMEOUT=2 IDLE_TIMEOUT=1 MAX_CONNS=64
SLOW_N=64 SLOW_LIMIT=2
ABORT_N=500 ABORT_WARMUP=100
SEQ_N=20000
# Free memory may end this much below where it started after the aborted
# downloads (see case_aborts).
MEM_TOL_KIB=32
SETTLE_WAIT=30 # for memory and pools to come back, seconds
LOG_RE='^\[ *[0-9]+\.[0-9]{6}\] [EWID] '
# shellcheck disable=SC2054 # the comma is the window size's
CHROMIUM_FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic
	--no-first-run --disable-background-networking
	--disable-component-update --disable-sync --window-size=1280,800)

passed=0 failed=0
spid='' port='' sout=''
t_start=$SECONDS

# --- reporting --------------------------------------------------------------

say() {
	printf -- '-- [%4d s] %s\n' $((SECONDS - t_start)) "$*"
}

# Records a reason the current case fails.
note() {
	why+=("$*")
}

# Ends the current case: an ok/FAIL line, the reasons and the tail of
# the files named in $logs below a FAIL.
result() {
	local label=$1 f w
	if [ ${#why[@]} = 0 ]; then
		passed=$((passed + 1))
		echo "ok   $label"
	else
		failed=$((failed + 1))
		echo "FAIL $label"
		for w in "${why[@]}"; do
			echo "    $w"
		done
		for f in "${logs[@]}"; do
			[ -s "$f" ] || continue
			echo "    --- $f"
			grep -av 'I mem: ' "$f" | tail -n 15 | sed 's/^/    /'
		done
	fi
	why=() logs=()
}

# Whether the group labelled $1 runs under FILTER.
wanted() {
	[ -z "$FILTER" ] || [[ $1 == *"$FILTER"* ]]
}

# Whether the group GROUP runs natively or on any architecture.
any_wanted() {
	local who
	for who in native "${ARCHES[@]}"; do
		wanted "$who $1" && return 0
	done
	return 1
}

# --- servers ----------------------------------------------------------------

# A TCP port free on 127.0.0.1, below Linux's ephemeral range.
free_port() {
	python3 - <<'EOF'
import random, socket
for _ in range(200):
    p = random.randrange(20000, 32000)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
        print(p)
        break
    except OSError:
        pass
    finally:
        s.close()
EOF
}

# HTTP status of GET $1 on the server, or 000 without an answer in 2 s.
status_of() {
	curl -s -m 2 -o /dev/null -w '%{http_code}' \
		"http://127.0.0.1:$port$1" 2>/dev/null || true
}

# start ARCH TREE ARGS...: runs kiln-httpd on kiln (ARCH) or natively
# (ARCH native) with TREE packed as the guest's root, in its own session,
# output to $sout; KOPTS are added to kiln's options. Waits for an HTTP
# answer to GET $READY (QEMU accepts connections before the guest
# listens, so a TCP connect proves nothing). Returns nonzero without one.
start() {
	local arch=$1 tree=$2 end st=000
	local -a run
	shift 2
	port=$(free_port)
	sout=$work/server-$arch.out
	if [ "$arch" = native ]; then
		run=("$NATIVE_BIN" --addr 127.0.0.1 --port "$port")
		# The native server's root is the tree itself, not /.
		set -- "${@/#\//$tree/}"
	else
		run=("$ROOT/kiln" run --accel tcg --timeout "$KTIMEOUT"
			"${KOPTS[@]}" -p "$port:80" --files "$tree"
			"$ROOT/build/httpd/$arch/kiln-httpd" --port 80)
	fi
	setsid "${run[@]}" "$@" </dev/null >"$sout" 2>&1 &
	spid=$!
	end=$((SECONDS + BOOT_WAIT))
	while [ "$SECONDS" -lt "$end" ] && kill -0 "$spid" 2>/dev/null; do
		st=$(status_of "$READY")
		[ "$st" = 200 ] && return 0
		sleep 0.5
	done
	note "no HTTP answer to GET $READY within $BOOT_WAIT s (last: $st)"
	logs+=("$sout")
	stop
	return 1
}

# Stops the server's session; notes a server that had already died and
# any warning or error in kiln's log.
stop() {
	local end=$((SECONDS + STOP_WAIT)) line
	[ -n "$spid" ] || return 0
	if ! kill -0 "$spid" 2>/dev/null; then
		note "the server exited before the end (log: $sout)"
		logs+=("$sout")
	fi
	kill -TERM -- "-$spid" 2>/dev/null
	while kill -0 "$spid" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do
		sleep 0.2
	done
	kill -KILL -- "-$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	spid=
	line=$(grep -aE "$LOG_RE" "$sout" | grep -aE '\] [WE] ' | head -n 1)
	[ -z "$line" ] || note "kiln logged: ${line#*] }"
	return 0
}

# --- building and trees -----------------------------------------------------

build_all() {
	local arch
	say "building kiln-httpd and the kernels"
	make -s -C "$ROOT" httpd host-tools >/dev/null ||
		{ echo "building kiln-httpd failed"; exit 2; }
	for arch in "${ARCHES[@]}"; do
		make -s -C "$ROOT" ARCH="$arch" kernel >/dev/null ||
			{ echo "building the $arch kernel failed"; exit 2; }
	done
	case $(uname -m) in
	x86_64) NATIVE_BIN=$ROOT/build/httpd/x86_64/kiln-httpd ;;
	aarch64) NATIVE_BIN=$ROOT/build/httpd/arm64/kiln-httpd ;;
	*) echo "no native kiln-httpd for $(uname -m)"; exit 2 ;;
	esac
}

# The lwIP manual's HTML tree, as Debian's liblwip-doc installs it.
lwip_doc_dir() {
	local f
	f=$(dpkg -L liblwip-doc 2>/dev/null | grep -m 1 '/html/index\.html$')
	[ -n "$f" ] && [ -f "$f" ] && dirname "$f"
}

# The trees the groups serve: the conformance tree (as run-conformance.sh
# makes it, with a FIFO), a copy of the lwIP manual, and the load tree.
make_trees() {
	local src
	rm -rf "$OUT/conf" "$OUT/lwip-doc" "$OUT/load"
	python3 "$HERE/conformance.py" --make-tree "$OUT/conf" || exit 2
	mkfifo "$OUT/conf/www/fifo" || exit 2
	if src=$(lwip_doc_dir); then
		cp -r "$src" "$OUT/lwip-doc" || exit 2
		(cd "$OUT/lwip-doc" && find . -type f -printf '%P\n') |
			LC_ALL=C sort >"$OUT/lwip-doc.files"
	fi
	mkdir -p "$OUT/load"
	python3 - "$OUT/load" <<'EOF' || exit 2
import sys
top = sys.argv[1]
# 8 MiB that no run of bytes repeats at a power-of-two offset.
data = bytes((i * 13 + i // 251) % 251 for i in range(8 << 20))
open(top + "/big.bin", "wb").write(data)
open(top + "/hello.txt", "wb").write(b"hello from kiln-httpd\n")
EOF
}

# --- conformance ------------------------------------------------------------

# The native server gives the reference: run-conformance.sh, as
# `make httpd-conformance` runs it.
group_native_conformance() {
	local f=$work/conformance-native.txt
	say "native conformance (reference)"
	sh "$HERE/run-conformance.sh" "$NATIVE_BIN" "$work/native" >"$f" 2>&1
	logs+=("$f")
	conf_summary "$f"
	result "native conformance (reference): $summary"
}

# Sets summary to the suite's "N passed, N failed" line in $1; notes a
# failed case or a missing summary.
conf_summary() {
	summary=$(grep -aE '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)
	if [ -z "$summary" ]; then
		note "no summary from the suite"
		summary="no summary"
	elif ! [[ $summary == *" 0 failed" ]]; then
		note "$(grep -a '^FAIL' "$1" | head -n 5)"
	fi
}

group_conformance() {
	local arch=$1 f ref=$work/conformance-native.txt
	local limits="timeouts $HEAD_TIMEOUT/$IDLE_TIMEOUT s, cap $MAX_CONNS"
	f=$work/conformance-$arch.txt
	say "$arch conformance: booting kiln-httpd"
	KOPTS=(-q)
	READY=/hello.txt
	if start "$arch" "$OUT/conf" --root /www --head-timeout $HEAD_TIMEOUT \
		--idle-timeout $IDLE_TIMEOUT --max-conns $MAX_CONNS; then
		say "$arch conformance: running the suite"
		timeout 900 python3 "$HERE/conformance.py" \
			"127.0.0.1:$port" --head-timeout $HEAD_TIMEOUT \
			--idle-timeout $IDLE_TIMEOUT --max-conns $MAX_CONNS \
			>"$f" 2>&1
		stop
		logs+=("$f")
		conf_summary "$f"
		if [ -s "$ref" ] && ! diff <(grep -a '^ok' "$ref") \
			<(grep -a '^ok' "$f") >"$work/diff-conf-$arch.out"; then
			note "its ok lines differ from the native run's:"
			note "$(grep -a '^[<>]' "$work/diff-conf-$arch.out" |
				head -n 5)"
		fi
	else
		summary="no run"
	fi
	result "$arch conformance, full ($limits): $summary, as natively"
}

# --- the lwIP manual --------------------------------------------------------

# Fetches every file of the manual over one keep-alive connection per curl
# run and compares the copy with the source.
case_doc_files() {
	local arch=$1 dst n bad cfg out
	dst=$work/doc-$arch cfg=$work/curl-$arch.cfg out=$work/curl-$arch.out
	n=$(wc -l <"$OUT/lwip-doc.files")
	rm -rf "$dst"
	mkdir -p "$dst"
	# A curl config: each file's URL and where its copy goes.
	python3 - "$OUT/lwip-doc.files" "$port" "$dst" >"$cfg" <<'EOF'
import sys, urllib.parse
files, port, dst = sys.argv[1:]
def q(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')
for p in open(files).read().splitlines():
    print('url = "http://127.0.0.1:%s/%s"' % (port, urllib.parse.quote(p)))
    print('output = "%s/%s"' % (q(dst), q(p)))
EOF
	curl -sS --create-dirs --max-time 600 \
		-w '%{http_code} %{url_effective}\n' -K "$cfg" >"$out" 2>&1 ||
		note "curl failed: $(grep -av '^[0-9]' "$out" | head -n 2)"
	bad=$(grep -acv '^200 ' "$out")
	[ "$bad" = 0 ] ||
		note "$bad answers other than 200: $(grep -av '^200 ' "$out" |
			head -n 3)"
	if ! diff -rq "$OUT/lwip-doc" "$dst" >"$work/diff-$arch.out" 2>&1; then
		note "$(grep -c . "$work/diff-$arch.out") files differ" \
			"or are missing:"
		note "$(head -n 3 "$work/diff-$arch.out")"
	fi
	result "$arch lwip-doc: all $n files fetched with curl, byte for byte"
}

# Loads the index page in headless Chromium: the NetLog must show every
# request to the server answered 200 or 304, the same paths as the
# reference run (if $2 names it), and the access log no other status.
case_doc_chromium() {
	local who=$1 ref=${2:-} shot prof net url mark n size
	shot=$LOGS/httpd-lwip-doc-$who.png
	prof=$work/chromium-$who net=$work/netlog-$who.json
	url=http://127.0.0.1:$port
	[ -z "$ref" ] || [ -s "$ref" ] || ref=''
	mark=$(wc -l <"$sout")
	rm -rf "$prof" "$shot"
	mkdir -p "$prof"
	timeout 180 chromium "${CHROMIUM_FLAGS[@]}" --user-data-dir="$prof" \
		--log-net-log="$net" --screenshot="$shot" "$url/index.html" \
		>"$work/chromium-$who.out" 2>&1 ||
		note "chromium exit status $?"
	python3 "$HERE/netlog.py" "$net" "$url" ${ref:+"$ref"} \
		>"$work/requests-$who.txt" 2>&1 ||
		note "$(tail -n 1 "$work/requests-$who.txt")"
	n=$(grep -acE '^(200|304) /' "$work/requests-$who.txt")
	size=$(stat -c %s "$shot" 2>/dev/null || echo 0)
	if [ "$(head -c 8 "$shot" 2>/dev/null | od -An -tx1 | tr -d ' \n')" \
		!= 89504e470d0a1a0a ]; then
		note "no PNG screenshot"
	elif [ "$size" -lt 20000 ]; then
		note "the screenshot is nearly empty ($size bytes)"
	fi
	# Access log lines: ADDR [DATE] "METHOD PATH VERSION" STATUS BYTES.
	tail -n +"$((mark + 1))" "$sout" | grep -a '" [0-9]\{3\} [0-9]*$' |
		grep -av '"GET /favicon.ico ' |
		awk '$(NF - 1) != 200 && $(NF - 1) != 304' \
			>"$work/badlog-$who.txt"
	[ ! -s "$work/badlog-$who.txt" ] ||
		note "access log: $(head -n 2 "$work/badlog-$who.txt")"
	logs+=("$work/requests-$who.txt")
	stop
	result "$who lwip-doc in Chromium: $n requests, all 200/304${ref:+,\
 as natively}; screenshot ${shot#"$ROOT"/}"
}

group_native_doc() {
	say "native lwip-doc in Chromium (reference)"
	if ! command -v chromium >/dev/null; then
		note "chromium is not installed (make deps)"
		result "native lwip-doc in Chromium (reference)"
		return
	fi
	READY=/index.html
	start native "$OUT/lwip-doc" --root / --access-log || {
		result "native lwip-doc in Chromium (reference)"
		return
	}
	case_doc_chromium native
	cp "$work/requests-native.txt" "$work/requests-ref.txt"
}

group_doc() {
	local arch=$1
	say "$arch lwip-doc: booting kiln-httpd"
	KOPTS=(-q)
	READY=/index.html
	if ! start "$arch" "$OUT/lwip-doc" --root / --access-log; then
		result "$arch lwip-doc: served"
		return
	fi
	say "$arch lwip-doc: fetching every file"
	case_doc_files "$arch"
	say "$arch lwip-doc: loading the index page in Chromium"
	if command -v chromium >/dev/null; then
		case_doc_chromium "$arch" "$work/requests-ref.txt"
	else
		stop
		note "chromium is not installed (make deps)"
		result "$arch lwip-doc in Chromium"
	fi
}

# --- load -------------------------------------------------------------------

# The last "I mem:" line as "FREE PROGRAM PCBS SEGMENTS PBUFS".
mem_now() {
	grep -a 'I mem: ' "$sout" | tail -n 1 | tr -d , | awk '{
		for (i = 1; i < NF; i++)
			v[$i] = $(i + 1)
		print v["free"], v["program"], v["pcbs"], v["segments"], v["pbufs"]
	}'
}

mem_count() {
	grep -ac 'I mem: ' "$sout"
}

# Waits for the next "I mem:" line (memstat logs one a second); 0 if one
# came within 5 s.
mem_next() {
	local n end=$((SECONDS + 5))
	n=$(mem_count)
	while [ "$(mem_count)" -le "$n" ] && [ "$SECONDS" -lt "$end" ]; do
		sleep 0.2
	done
	[ "$(mem_count)" -gt "$n" ]
}

# Waits up to SETTLE_WAIT s for two "I mem:" lines in a row that agree;
# sets mem to the second.
mem_settle() {
	local prev='' end=$((SECONDS + SETTLE_WAIT))
	mem=''
	while [ "$SECONDS" -lt "$end" ] && mem_next; do
		mem=$(mem_now)
		[ "$mem" = "$prev" ] && return 0
		prev=$mem
	done
	return 1
}

case_slow() {
	local arch=$1 out took
	out=$work/slow-$arch.txt
	timeout 120 python3 "$HERE/stress.py" slow "127.0.0.1:$port" $SLOW_N \
		$SLOW_LIMIT /hello.txt "$OUT/load/hello.txt" >"$out" 2>&1 ||
		note "$(tail -n 1 "$out")"
	logs+=("$out")
	took=$(sed -n 's/.* in \([0-9.]* s\) at worst.*/\1/p' "$out")
	result "$arch $SLOW_N slow clients that never finish their head;\
 a normal client served in ${took:-?} (limit $SLOW_LIMIT s)"
}

# The tolerance: the baseline is taken after warm-up downloads, so every
# structure a download needs has been allocated once, and the pools must
# come back exactly. Free memory may still end a few pages lower: after
# the slow clients, the program's allocator (musl's malloc) touches a few
# more heap pages as its free lists settle (seen: up to 20 KiB, all of it
# in "program", once, not growing with more downloads). A leak of 64
# bytes per download (500 x 64 B = 31 KiB) or more shows.
case_aborts() {
	local arch=$1 out base after end
	local -a b a
	out=$work/abort-$arch.txt
	timeout 120 python3 "$HERE/stress.py" abort "127.0.0.1:$port" \
		$ABORT_WARMUP /big.bin >"$out" 2>&1 ||
		note "warm-up: $(tail -n 1 "$out")"
	mem_settle || note "memory did not settle before the downloads"
	base=$mem
	timeout 600 python3 "$HERE/stress.py" abort "127.0.0.1:$port" \
		$ABORT_N /big.bin >>"$out" 2>&1 || note "$(tail -n 1 "$out")"
	read -r -a b <<<"$base"
	end=$((SECONDS + SETTLE_WAIT))
	while mem_next && [ "$SECONDS" -lt "$end" ]; do
		read -r -a a <<<"$(mem_now)"
		[ "${a[2]}" = "${b[2]}" ] && [ "${a[3]}" = "${b[3]}" ] &&
			[ "${a[4]}" = "${b[4]}" ] &&
			[ "${a[0]}" -ge $((b[0] - MEM_TOL_KIB)) ] && break
	done
	after=$(mem_now)
	read -r -a a <<<"$after"
	if [ ${#b[@]} != 5 ] || [ ${#a[@]} != 5 ]; then
		note "no 'I mem:' lines to compare ('$base', '$after')"
	else
		[ "${a[0]}" -ge $((b[0] - MEM_TOL_KIB)) ] ||
			note "free memory $((b[0] - a[0])) KiB below its level" \
				"after $SETTLE_WAIT s"
		[ "${a[2]} ${a[3]} ${a[4]}" = "${b[2]} ${b[3]} ${b[4]}" ] ||
			note "lwIP pools not back after $SETTLE_WAIT s"
	fi
	echo "free program pcbs segments pbufs:" \
		"before $base, after $after" >>"$out"
	logs+=("$out")
	result "$arch $ABORT_N aborted 8 MiB downloads:\
 free ${b[0]:-?} -> ${a[0]:-?} KiB (tolerance $MEM_TOL_KIB;\
 program ${b[1]:-?} -> ${a[1]:-?}), tcp pcbs ${b[2]:-?} -> ${a[2]:-?},\
 segments ${b[3]:-?} -> ${a[3]:-?}, pbufs ${b[4]:-?} -> ${a[4]:-?}"
}

case_seq() {
	local arch=$1 out t0=$SECONDS
	out=$work/seq-$arch.txt
	timeout 1200 python3 "$HERE/stress.py" seq "127.0.0.1:$port" $SEQ_N \
		/hello.txt "$OUT/load/hello.txt" >"$out" 2>&1 ||
		note "$(tail -n 1 "$out")"
	logs+=("$out")
	stop
	result "$arch $SEQ_N sequential requests with Connection: close,\
 all answered ($((SECONDS - t0)) s)"
}

# A known kernel bug, run only with KNOWN_BUGS=1: lwIP answers a SYN for a
# connection it holds in TIME-WAIT with a reset (sequence number inside
# the old window) or a bare ACK (above it) instead of taking it as a new
# connection, as Linux does (RFC 1122 4.2.2.13), so a client that reuses
# a source port within 2 MSL of a connection the server closed is reset
# or hangs.
case_reuse() {
	local arch=$1 out
	out=$work/reuse-$arch.txt
	timeout 60 python3 "$HERE/stress.py" reuse "127.0.0.1:$port" \
		/hello.txt >"$out" 2>&1 || note "$(tail -n 1 "$out")"
	result "$arch a client reconnecting from the same source port is served"
}

group_load() {
	local arch=$1
	say "$arch load: booting kiln-httpd with --memstat 1"
	KOPTS=(--memstat 1)
	READY=/hello.txt
	if ! start "$arch" "$OUT/load" --root /; then
		result "$arch load: served"
		return
	fi
	say "$arch load: $SLOW_N slow clients"
	case_slow "$arch"
	say "$arch load: $ABORT_N aborted downloads"
	case_aborts "$arch"
	if [ "${KNOWN_BUGS:-0}" = 1 ]; then
		say "$arch load: reconnecting from one source port"
		case_reuse "$arch"
	fi
	say "$arch load: $SEQ_N sequential requests"
	case_seq "$arch"
}

# --- running ----------------------------------------------------------------

on_exit() {
	[ -n "$spid" ] && kill -KILL -- "-$spid" 2>/dev/null
	spid=
}
trap on_exit EXIT
trap 'exit 130' INT TERM

why=() logs=()
mkdir -p "$OUT" "$LOGS"
work=$OUT/run
rm -rf "$work"
mkdir -p "$work"
build_all
make_trees

if ! lwip_doc_dir >/dev/null; then
	note "Debian's liblwip-doc is not installed (make deps)"
	result "lwip-doc: the manual's HTML tree"
fi

# The native references run when a group that compares with them does.
if any_wanted conformance; then
	group_native_conformance
fi
if [ -d "$OUT/lwip-doc" ] && any_wanted lwip-doc; then
	group_native_doc
fi
for arch in "${ARCHES[@]}"; do
	wanted "$arch conformance" && group_conformance "$arch"
	[ -d "$OUT/lwip-doc" ] && wanted "$arch lwip-doc" && group_doc "$arch"
	wanted "$arch load" && group_load "$arch"
done

say "done"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
