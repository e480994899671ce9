#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# httpd-bench.sh: requests per second of kiln-httpd serving a small file
# over keep-alive connections, measured with wrk: natively on the host,
# and on kiln under TCG for x86_64 and arm64 (through QEMU's user
# networking, which every request crosses twice). Each target gets a
# warm-up and RUNS runs; the table gives each run and the median. A
# benchmark prints figures; it passes or fails nothing.
#
# usage: tools/httpd-bench.sh [TARGET...]   (native x86_64 arm64; all by
#        default)
# environment: RUNS (3), DURATION (10s), CONNS (16), THREADS (1)
#
# Traffic goes only to 127.0.0.1.
set -uo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-16}
THREADS=${THREADS:-1}
BOOT_WAIT=90
FILE=/small.html
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(native x86_64 arm64)

command -v wrk >/dev/null ||
	{ echo "httpd-bench: wrk is not installed (make deps)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/httpd-bench.XXXXXX")
spid=''
cleanup() {
	[ -z "$spid" ] || kill -KILL -- "-$spid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "httpd-bench: building kiln-httpd and the kernels" >&2
make -s -C "$ROOT" httpd host-tools >/dev/null || exit 1
for t in "${targets[@]}"; do
	case $t in
	native) ;;
	x86_64 | arm64)
		make -s -C "$ROOT" ARCH="$t" kernel >/dev/null || exit 1 ;;
	*) echo "httpd-bench: unknown target '$t'" >&2; exit 2 ;;
	esac
done
case $(uname -m) in
x86_64) native_bin=$ROOT/build/httpd/x86_64/kiln-httpd ;;
aarch64) native_bin=$ROOT/build/httpd/arm64/kiln-httpd ;;
*) native_bin='' ;;
esac

# The document: 1 KiB of HTML.
mkdir -p "$tmp/www"
{
	printf '<!doctype html>\n<title>kiln</title>\n'
	head -c 987 /dev/zero | tr '\0' 'k'
	printf '\n'
} >"$tmp/www${FILE}"

free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# start TARGET: the server in its own session; waits for an HTTP answer.
start() {
	local end
	port=$(free_port)
	if [ "$1" = native ]; then
		setsid "$native_bin" --root "$tmp/www" --addr 127.0.0.1 \
			--port "$port" </dev/null >"$tmp/server.out" 2>&1 &
	else
		setsid "$ROOT/kiln" run --accel tcg -q --timeout 900 \
			-p "$port:80" --files "$tmp/www" \
			"$ROOT/build/httpd/$1/kiln-httpd" --root / --port 80 \
			</dev/null >"$tmp/server.out" 2>&1 &
	fi
	spid=$!
	end=$((SECONDS + BOOT_WAIT))
	while [ "$SECONDS" -lt "$end" ] && kill -0 "$spid" 2>/dev/null; do
		[ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' \
			"http://127.0.0.1:$port$FILE")" = 200 ] && return 0
		sleep 0.5
	done
	echo "httpd-bench: $1: no HTTP answer in $BOOT_WAIT s" >&2
	sed 's/^/    /' "$tmp/server.out" >&2
	return 1
}

stop() {
	local end=$((SECONDS + 20))
	kill -TERM -- "-$spid" 2>/dev/null
	while kill -0 "$spid" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do
		sleep 0.2
	done
	kill -KILL -- "-$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	spid=''
}

# wrk_run DURATION: prints "REQ_PER_S ERRORS" for one run (errors: socket
# errors and answers other than 2xx or 3xx).
wrk_run() {
	local out
	out=$(timeout 120 wrk -t"$THREADS" -c"$CONNS" -d"$1" \
		"http://127.0.0.1:$port$FILE" 2>&1)
	awk '
		/^Requests\/sec:/ { rps = $2 }
		/Socket errors:/ {
			for (i = 1; i <= NF; i++)
				if ($i ~ /^[0-9]+,?$/)
					errs += $i
		}
		/Non-2xx or 3xx responses:/ { errs += $NF }
		END { printf "%s %d\n", rps == "" ? "-" : rps, errs }
	' <<<"$out"
}

median() {
	printf '%s\n' "$@" | grep -v '^-$' | sort -g |
		awk '{ v[NR] = $1 }
		END { if (NR) printf "%.0f", v[int((NR + 1) / 2)]; else print "-" }'
}

declare -A row
for t in "${targets[@]}"; do
	if [ "$t" = native ] && [ -z "$native_bin" ]; then
		row[$t]="no native binary for $(uname -m)"
		continue
	fi
	echo "httpd-bench: $t: starting" >&2
	if ! start "$t"; then
		row[$t]="did not start"
		stop
		continue
	fi
	wrk_run 2s >/dev/null # warm-up
	rps=() errs=0 cells=''
	for i in $(seq "$RUNS"); do
		read -r r e <<<"$(wrk_run "$DURATION")"
		echo "httpd-bench: $t run $i: $r requests/s, $e errors" >&2
		rps+=("$r")
		errs=$((errs + e))
		cells+=$(printf ' %10s' "${r%.*}")
	done
	row[$t]=$(printf '%s %10s %7d' "$cells" "$(median "${rps[@]}")" "$errs")
	stop
done

printf '\nkiln-httpd, GET %s (1 KiB), keep-alive: wrk -t%s -c%s -d%s;' \
	"$FILE" "$THREADS" "$CONNS" "$DURATION"
printf ' requests/s\n'
printf '%-22s' "target"
for i in $(seq "$RUNS"); do printf ' %10s' "run $i"; done
printf ' %10s %7s\n' median errors
for t in "${targets[@]}"; do
	case $t in
	native) label="native (host Linux)" ;;
	*) label="kiln $t (TCG)" ;;
	esac
	printf '%-22s%s\n' "$label" "${row[$t]}"
done
cat <<'EOF'
errors: wrk's socket errors and timeouts (no answer in 2 s), all runs. On
kiln, timeouts come from connects at the start of a run: QEMU's user
networking listens with a backlog of 1, so Linux drops some of wrk's 16
SYNs and retries them 1 to 3 s later; answers on open connections are not
that slow.
EOF
