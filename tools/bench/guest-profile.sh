#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# guest-profile.sh: where kiln spends the guest's time while kiln-httpd
# serves wrk, for reading beside make bench's figures. kiln runs over a
# tap device in a network namespace made (and deleted) here; while wrk
# loads it, the guest's instruction pointer is read through QEMU's QMP
# monitor ("info registers") every few milliseconds and each sample is
# named with addr2line against the kernel's and the program's symbols.
# Also prints the frames and bytes the guest sent through the tap device
# (how large its frames are) and QEMU's CPU time.
#
# Under TCG the instruction pointer QEMU reports is the one it last wrote
# back (at translation-block exits, helpers and device accesses), so a
# sample counts towards the last such point before the code that ran:
# calls into QEMU (MMIO, rdtsc) are over-counted, straight-line loops
# attributed to them. Read the shares as a rough split.
#
# usage: tools/bench/guest-profile.sh [--path URLPATH] [--conns N]
#          [--seconds S] [--interval MS] [--top N]
#   --path      what wrk fetches: /index.html (default) or /big.bin (1 MiB
#               of random bytes added to a temporary copy of site/)
# Traffic stays inside the namespace.
set -uo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
path=/index.html conns=16 seconds=10 interval=5 top=25
while [ $# -gt 0 ]; do
	case $1 in
	--path) path=$2; shift 2 ;;
	--conns) conns=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--interval) interval=$2; shift 2 ;;
	--top) top=$2; shift 2 ;;
	-h | --help) sed -n '2,/^set -uo/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
	*) echo "guest-profile: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
case $(uname -m) in
x86_64) ARCH=x86_64 ;;
aarch64) ARCH=arm64 ;;
*) echo "guest-profile: x86_64 or arm64 hosts only" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "guest-profile: needs root (a network namespace)" >&2; exit 1; }
BIN=$ROOT/build/httpd/$ARCH/kiln-httpd
NS=kiln-prof-$$ TAP=kptap0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiln-prof.XXXXXX")
qpid='' wpid='' ns_up=0

cleanup() {
	[ -z "$wpid" ] || kill "$wpid" 2>/dev/null
	[ -z "$qpid" ] || kill -KILL -- "-$qpid" 2>/dev/null
	wait 2>/dev/null
	[ "$ns_up" = 0 ] || ip netns del "$NS" 2>/dev/null
	[ -n "${KEEP:-}" ] && cp "$tmp"/{pcs,image.elf} "$KEEP"/ 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

make -s -C "$ROOT" httpd host-tools kernel >/dev/null || exit 1
cp -r "$ROOT/site" "$tmp/www"
head -c 1048576 /dev/urandom >"$tmp/www/big.bin"

ip netns add "$NS" && ns_up=1 &&
	ip netns exec "$NS" ip link set lo up &&
	ip netns exec "$NS" ip tuntap add dev "$TAP" mode tap &&
	ip netns exec "$NS" ip addr add 10.82.0.1/24 dev "$TAP" &&
	ip netns exec "$NS" ip link set "$TAP" up || exit 1

line=$("$ROOT/kiln" run --dry-run -q -m 128M --files "$tmp/www" \
	--image "$tmp/image" --net "tap:$TAP" --ip 10.82.0.2/24 \
	--qemu-arg -qmp --qemu-arg "unix:$tmp/qmp,server=on,wait=off" \
	"$BIN" -- --root / --port 80 2>"$tmp/dry-run.err" | tail -n 1)
[ -n "$line" ] || { cat "$tmp/dry-run.err" >&2; exit 1; }
q=()
eval "q=($line)"
ip netns exec "$NS" setsid "${q[@]}" </dev/null >"$tmp/console" 2>&1 &
qpid=$!
for _ in $(seq 600); do
	ip netns exec "$NS" curl -s -m 0.2 -o /dev/null "http://10.82.0.2$path" && break
	sleep 0.1
done

# shellcheck disable=SC2016 # awk's fields
dev() { ip netns exec "$NS" awk -v t="$TAP:" '$1 == t {print $2, $3}' /proc/net/dev; }
cpu() { awk '{print $14 + $15}' "/proc/$(pgrep -g "$qpid" qemu-system | head -n 1)/stat"; }
read -r b0 f0 <<<"$(dev)"
c0=$(cpu)
ip netns exec "$NS" wrk -t1 -c"$conns" -d"${seconds}s" --latency \
	"http://10.82.0.2$path" >"$tmp/wrk" 2>&1 &
wpid=$!
python3 - "$tmp/qmp" "$seconds" "$interval" >"$tmp/pcs" <<'EOF'
import json, re, socket, sys, time
path, seconds, interval = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
s = socket.socket(socket.AF_UNIX)
s.connect(path)
f = s.makefile("rw")
def cmd(c, args=None):
    d = {"execute": c}
    if args:
        d["arguments"] = args
    f.write(json.dumps(d) + "\n")
    f.flush()
    while True:
        r = json.loads(f.readline())
        if "return" in r or "error" in r:
            return r
f.readline()
cmd("qmp_capabilities")
end = time.time() + seconds * 0.9
while time.time() < end:
    r = cmd("human-monitor-command", {"command-line": "info registers"})
    m = re.search(r"(?:RIP|PC)=([0-9a-f]+)", r.get("return", ""))
    if m:
        print(m.group(1))
    time.sleep(interval / 1000)
EOF
wait "$wpid"
wpid=''
read -r b1 f1 <<<"$(dev)"
c1=$(cpu)

n=$(wc -l <"$tmp/pcs")
echo "kiln-httpd on kiln, GET $path, wrk -c$conns for ${seconds}s over tap:"
grep -E 'Requests/sec|Transfer/sec|  99%' "$tmp/wrk" | sed 's/^ */  /'
awk -v b=$((b1 - b0)) -v f=$((f1 - f0)) 'BEGIN {
	printf "  guest sent %d frames, %.0f bytes each on average\n", f, f ? b / f : 0 }'
awk -v c=$((c1 - c0)) -v s="$seconds" -v hz="$(getconf CLK_TCK)" 'BEGIN {
	printf "  QEMU used %.0f%% of one CPU (all its threads)\n", 100 * c / hz / s }'
echo "guest time by function ($n samples of the instruction pointer):"
sed 's/^/0x/' "$tmp/pcs" >"$tmp/addrs"
addr2line -f -e "$tmp/image.elf" <"$tmp/addrs" | awk 'NR % 2 == 1' >"$tmp/kfn"
addr2line -f -e "$BIN" <"$tmp/addrs" | awk 'NR % 2 == 1' >"$tmp/pfn"
paste "$tmp/kfn" "$tmp/pfn" | awk '{
	if ($1 != "??") print "kernel", $1
	else if ($2 != "??") print "program", $2
	else print "?", "unknown" }' | sort | uniq -c | sort -rn | head -n "$top" |
	awk -v n="$n" '{printf "  %5.1f%%  %-8s %s\n", 100 * $1 / n, $2, $3}'
