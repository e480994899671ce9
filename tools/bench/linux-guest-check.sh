#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# linux-guest-check.sh: checks tools/bench/linux-guest.sh end to end under
# TCG: the Linux guest serves site/ with kiln-httpd, and curl gets
# index.html back byte for byte with status 200, over QEMU user
# networking (a port forward on 127.0.0.1) and over a tap device in a
# network namespace made here and deleted on exit. Also checks that the
# exec line carries a printk timestamp and that the guest's exit status
# comes back. One ok/FAIL line per case; ends with "N passed, N failed".
#
# usage: tools/bench/linux-guest-check.sh [ARCH...]   (x86_64 and/or
#        arm64; the host's by default; arm64 on an x86_64 host takes
#        about 15 s a boot)
#
# Traffic goes only to 127.0.0.1 and to addresses inside the namespace.
set -uo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
LG=$ROOT/tools/bench/linux-guest.sh
SITE=$ROOT/site
NS=kiln-lg-$$
TAP=lgtap0
archs=("$@")
if [ ${#archs[@]} = 0 ]; then
	case $(uname -m) in aarch64 | arm64) archs=(arm64) ;; *) archs=(x86_64) ;; esac
fi

passed=0 failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/linux-guest-check.XXXXXX")
gpid='' ns_up=0
cleanup() {
	[ -z "$gpid" ] || { kill -TERM "$gpid" 2>/dev/null; wait "$gpid" 2>/dev/null; }
	if [ "$ns_up" = 1 ]; then
		ip netns exec "$NS" ip link del "$TAP" 2>/dev/null
		ip netns del "$NS"
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ns_create() {
	ip netns add "$NS" && ns_up=1 &&
		ip netns exec "$NS" ip link set lo up &&
		ip netns exec "$NS" ip tuntap add dev "$TAP" mode tap &&
		ip netns exec "$NS" ip addr add 10.78.0.1/24 dev "$TAP" &&
		ip netns exec "$NS" ip link set "$TAP" up
}

result() { # label ok|FAIL [why]
	printf '%-4s %s%s\n' "$2" "$1" "${3:+: $3}"
	if [ "$2" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

# fetch_ok URL [ns-exec...]: waits up to 180 s for a 200 with site/index.html.
fetch_ok() {
	local url=$1 end=$((SECONDS + 180)) code
	shift
	while [ "$SECONDS" -lt "$end" ] && kill -0 "$gpid" 2>/dev/null; do
		code=$("$@" curl -s -o "$tmp/body" -w '%{http_code}' --connect-timeout 1 \
			--max-time 5 "$url" 2>/dev/null)
		if [ "$code" = 200 ]; then
			cmp -s "$tmp/body" "$SITE/index.html"
			return
		fi
		sleep 0.2
	done
	return 1
}

stop_guest() {
	kill -TERM "$gpid" 2>/dev/null
	wait "$gpid" 2>/dev/null
	gpid=
}

make -s -C "$ROOT" httpd || exit 2
for arch in "${archs[@]}"; do
	bin=$ROOT/build/httpd/$arch/kiln-httpd
	port=$((20000 + RANDOM % 10000))

	# 1. user networking, -p.
	"$LG" --accel tcg -m 256M --timeout 300 -p "$port:80" --files "$SITE" "$bin" \
		</dev/null >"$tmp/user.out" 2>"$tmp/user.err" &
	gpid=$!
	if fetch_ok "http://127.0.0.1:$port/"; then
		result "$arch user networking: GET / is index.html, 200" ok
	else
		result "$arch user networking: GET / is index.html, 200" FAIL "$(tail -n 3 "$tmp/user.err" "$tmp/user.out" | tr '\n' ' ')"
	fi
	stop_guest
	tr -d '\r' <"$tmp/user.out" >"$tmp/user.log" # the serial console ends lines with CR LF
	if grep -qaE '^\[ *[0-9]+\.[0-9]{6}\] linux-guest: exec /bin/kiln-httpd$' "$tmp/user.log" &&
		grep -qaE '^\[ *[0-9]+\.[0-9]{6}\] Run /init as init process$' "$tmp/user.log"; then
		result "$arch timestamped 'Run /init' and 'linux-guest: exec' lines" ok
	else
		result "$arch timestamped 'Run /init' and 'linux-guest: exec' lines" FAIL
	fi

	# 2. the program's exit status comes back (kiln-httpd: 2 for a bad option).
	"$LG" --accel tcg -m 256M --timeout 300 "$bin" -- --no-such-option \
		</dev/null >"$tmp/exit.out" 2>&1
	st=$?
	if [ "$st" = 2 ]; then
		result "$arch exit status of the program" ok
	else
		result "$arch exit status of the program" FAIL "$st, wanted 2"
	fi

	# 3. a tap device in a network namespace.
	if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ]; then
		result "$arch tap in a network namespace" FAIL "needs root and /dev/net/tun"
		continue
	fi
	if [ "$ns_up" = 0 ] && ! ns_create; then
		result "$arch tap in a network namespace" FAIL "making the namespace failed"
		continue
	fi
	ip netns exec "$NS" "$LG" --accel tcg -m 256M --timeout 300 --net "tap:$TAP" \
		--ip 10.78.0.2/24 --gw 10.78.0.1 --files "$SITE" "$bin" \
		</dev/null >"$tmp/tap.out" 2>"$tmp/tap.err" &
	gpid=$!
	if fetch_ok "http://10.78.0.2/" ip netns exec "$NS"; then
		result "$arch tap in a network namespace: GET / is index.html, 200" ok
	else
		result "$arch tap in a network namespace: GET / is index.html, 200" FAIL "$(tail -n 3 "$tmp/tap.err" "$tmp/tap.out" | tr '\n' ' ')"
	fi
	stop_guest
done
cleanup
ns_up=0
if ip netns list 2>/dev/null | grep -q "^$NS\b"; then
	result "namespace $NS deleted" FAIL
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
