#!/bin/sh
# SPDX-License-Identifier: MIT
# run-conformance.sh: runs conformance.py against a native kiln-httpd.
# Usage: run-conformance.sh BINARY WORKDIR
# Makes the test tree in WORKDIR/tree, starts BINARY on a free 127.0.0.1
# port with short timeouts, runs the suite, checks the server survived and
# stops it. The server's log is WORKDIR/server.log.
set -u
bin=$1
work=$2
here=$(dirname "$0")
head_timeout=2
idle_timeout=1
max_conns=64

rm -rf "$work"
mkdir -p "$work"
python3 "$here/conformance.py" --make-tree "$work/tree" || exit 1
mkfifo "$work/tree/www/fifo" 2>/dev/null || true

"$bin" --root "$work/tree/www" --addr 127.0.0.1 --port 0 \
	--head-timeout $head_timeout --idle-timeout $idle_timeout \
	--max-conns $max_conns --access-log 2>"$work/server.log" &
pid=$!

port=
for _ in $(seq 50); do
	port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' \
		"$work/server.log")
	[ -n "$port" ] && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.1
done
if [ -z "$port" ]; then
	echo "httpd-conformance: the server did not start:" >&2
	cat "$work/server.log" >&2
	kill $pid 2>/dev/null
	exit 1
fi

python3 "$here/conformance.py" 127.0.0.1:$port \
	--head-timeout $head_timeout --idle-timeout $idle_timeout \
	--max-conns $max_conns
rc=$?
if ! kill -0 $pid 2>/dev/null; then
	echo "FAIL the server exited during the suite (log: $work/server.log)"
	rc=1
fi
kill $pid 2>/dev/null
wait $pid 2>/dev/null
exit $rc
