#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# demo.sh: the README's first command (make demo). Builds the kernel and
# kiln-httpd for this machine's architecture, packs the demo site in site/
# and serves it from kiln at http://127.0.0.1:8080/ until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

case "$(uname -m)" in
aarch64 | arm64) arch=arm64 ;;
*) arch=x86_64 ;;
esac
port=${PORT:-8080}
url="http://127.0.0.1:$port/"

make -s httpd
make -s ARCH="$arch" kernel

# Says where to look once the server answers an HTTP request (QEMU takes
# connections before the guest listens, so a connect proves nothing).
announce() {
	for _ in $(seq 600); do
		if python3 - "$port" 2>/dev/null <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
s.sendall(b"HEAD / HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n")
sys.exit(0 if s.recv(64).startswith(b"HTTP/1.1 200") else 1)
PY
		then
			printf '\n  kiln-httpd is serving site/ at %s  (Ctrl-C stops it)\n\n' "$url"
			return
		fi
		sleep 0.2
	done
	echo "demo: no HTTP answer on $url after 2 minutes" >&2
}
announce &
trap 'kill $! 2>/dev/null || true' EXIT

exec_status=0
./kiln run -p "$port:80" --files site "build/httpd/$arch/kiln-httpd" -- \
	--root / --port 80 || exec_status=$?
exit "$exec_status"
