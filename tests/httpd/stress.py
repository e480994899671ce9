#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# stress.py: load cases for kiln-httpd, driven from the host over raw
# sockets. Each command prints what it measured and exits 0 when the server
# behaved, 1 (with a line saying why) when it did not.
#
#   stress.py slow HOST:PORT N LIMIT PATH FILE
#       opens N connections (30 ms apart) that send part of a request
#       head and never finish it, then fetches PATH on a fresh connection:
#       it must come back within LIMIT seconds with the bytes of FILE
#       (three times)
#   stress.py abort HOST:PORT N PATH
#       N downloads of PATH, each closed by the client after the first
#       bytes of the body
#   stress.py seq HOST:PORT N PATH FILE
#       N requests in turn, each on its own connection with
#       "Connection: close" and from a source port not used before in the
#       run, each answered 200 with the bytes of FILE
#   stress.py reuse HOST:PORT PATH
#       two requests with "Connection: close" from the same source port,
#       one right after the other: the second must be answered within
#       5 s although the server still holds the first in TIME-WAIT
#
# Every socket operation has a timeout; nothing waits unbounded.

import errno
import random
import socket
import sys
import time

TIMEOUT = 10.0


def addr_of(s):
    host, port = s.rsplit(":", 1)
    return host, int(port)


def die(msg):
    print("stress: " + msg, flush=True)
    sys.exit(1)


def request(path, close=False):
    head = "GET %s HTTP/1.1\r\nHost: kiln\r\n" % path
    if close:
        head += "Connection: close\r\n"
    return (head + "\r\n").encode()


def read_all(s):
    """Reads until the server closes; returns the bytes."""
    chunks = []
    while True:
        b = s.recv(1 << 16)
        if not b:
            return b"".join(chunks)
        chunks.append(b)


def read_response(s):
    """Reads one response with a Content-Length; returns (status, body)."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        b = s.recv(1 << 16)
        if not b:
            raise OSError("closed before the end of the head")
        buf += b
    head, body = buf.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for ln in lines[1:]:
        name, _, value = ln.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        b = s.recv(1 << 16)
        if not b:
            raise OSError("closed after %d of %d body bytes"
                          % (len(body), length))
        body += b
    return status, body


def split_response(data):
    head, _, body = data.partition(b"\r\n\r\n")
    first = head.split(b"\r\n", 1)[0].split()
    status = int(first[1]) if len(first) > 1 and first[1].isdigit() else 0
    return status, body


def cmd_slow(addr, n, limit, path, want_file):
    want = open(want_file, "rb").read()
    slow = []
    try:
        for i in range(n):
            s = socket.create_connection(addr, timeout=TIMEOUT)
            # A head cut short: the request line and one field, no
            # blank line.
            s.sendall(b"GET %s HTTP/1.1\r\nHost: slow%d\r\n"
                      % (path.encode(), i))
            slow.append(s)
            # QEMU's user networking listens on the host with a backlog
            # of 1: a burst of connects overflows it and Linux makes the
            # extras retry their SYN a second later. Paced, they all get
            # through at once.
            time.sleep(0.03)
        time.sleep(0.5)  # the server has seen every slow head start
        worst = 0.0
        for k in range(3):
            t0 = time.time()
            with socket.create_connection(addr, timeout=limit + 5) as s:
                s.sendall(request(path))
                status, body = read_response(s)
            dt = time.time() - t0
            worst = max(worst, dt)
            if status != 200 or body != want:
                die("normal client %d: status %d, %d bytes (wanted 200, "
                    "%d bytes)" % (k, status, len(body), len(want)))
        # The slow clients are still connected and unanswered.
        closed = 0
        for s in slow:
            s.settimeout(0)
            try:
                s.recv(1)  # bytes or EOF: the server gave up on it
                closed += 1
            except BlockingIOError:
                pass
            except OSError:
                closed += 1
        print("slow: %d slow clients held, a normal client served in "
              "%.3f s at worst (limit %.1f s)" % (n, worst, limit),
              flush=True)
        if worst > limit:
            die("a normal client waited %.3f s, over %.1f s" % (worst, limit))
        if closed:
            die("%d slow clients were answered or closed early" % closed)
    finally:
        for s in slow:
            s.close()


def cmd_abort(addr, n, path):
    t0 = time.time()
    for i in range(n):
        with socket.create_connection(addr, timeout=TIMEOUT) as s:
            s.sendall(request(path))
            got = b""
            while b"\r\n\r\n" not in got or len(split_response(got)[1]) < 1:
                b = s.recv(4096)
                if not b:
                    die("download %d: closed after %d bytes" % (i, len(got)))
                got += b
            status, _ = split_response(got)
            if status != 200:
                die("download %d: status %d" % (i, status))
        # Leaving the with block closes the socket with the rest of the
        # body unread: Linux answers with a reset.
    print("abort: %d downloads of %s closed after the first bytes in "
          "%.1f s" % (n, path, time.time() - t0), flush=True)


def connect_from(addr, port, timeout):
    """A connection from 127.0.0.1:port (0: any)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.settimeout(timeout)
        s.connect(addr)
    except OSError:
        s.close()
        raise
    return s


def source_ports():
    """Every port of Linux's ephemeral range once, from a random start.

    The server closes first, so each connection stays in TIME-WAIT in the
    guest for a while; Linux on the host reuses a source port as soon as
    its own side is free, and lwIP does not take a new SYN for a
    connection it holds in TIME-WAIT (see cmd_reuse). Fresh ports keep
    this case about the server rather than about that."""
    lo, hi = map(int, open("/proc/sys/net/ipv4/ip_local_port_range")
                 .read().split())
    start = random.randrange(lo, hi + 1)
    for k in range(hi - lo + 1):
        yield lo + (start - lo + k) % (hi - lo + 1)


def cmd_seq(addr, n, path, want_file):
    want = open(want_file, "rb").read()
    t0 = time.time()
    step = max(n // 10, 1)
    ports = source_ports()
    for i in range(n):
        while True:
            local = next(ports, None)
            if local is None:
                die("request %d of %d: out of source ports" % (i + 1, n))
            try:
                s = connect_from(addr, local, TIMEOUT)
                break
            except OSError as e:
                if e.errno != errno.EADDRINUSE:
                    die("request %d of %d (from port %d): %s"
                        % (i + 1, n, local, e))
        try:
            with s:
                s.sendall(request(path, close=True))
                status, body = split_response(read_all(s))
        except OSError as e:
            die("request %d of %d (from port %s): %s" % (i + 1, n, local, e))
        if status != 200 or body != want:
            die("request %d of %d: status %d, %d bytes" %
                (i + 1, n, status, len(body)))
        if (i + 1) % step == 0:
            dt = time.time() - t0
            print("seq: %d of %d answered, %.0f s, %.0f requests/s" %
                  (i + 1, n, dt, (i + 1) / dt), flush=True)
    print("seq: %d requests answered in %.1f s" % (n, time.time() - t0),
          flush=True)


def cmd_reuse(addr, path):
    with connect_from(addr, 0, TIMEOUT) as s:
        port = s.getsockname()[1]
        s.sendall(request(path, close=True))
        first, _ = split_response(read_all(s))
    t0 = time.time()
    try:
        with connect_from(addr, port, 5) as s:
            s.sendall(request(path, close=True))
            second, _ = split_response(read_all(s))
    except OSError as e:
        die("the second request from port %d: %s after %.1f s"
            % (port, e, time.time() - t0))
    print("reuse: port %d: %d, then %d in %.3f s"
          % (port, first, second, time.time() - t0), flush=True)
    if (first, second) != (200, 200):
        die("statuses %d and %d, wanted 200" % (first, second))


def main():
    a = sys.argv[1:]
    if len(a) == 6 and a[0] == "slow":
        cmd_slow(addr_of(a[1]), int(a[2]), float(a[3]), a[4], a[5])
    elif len(a) == 4 and a[0] == "abort":
        cmd_abort(addr_of(a[1]), int(a[2]), a[3])
    elif len(a) == 5 and a[0] == "seq":
        cmd_seq(addr_of(a[1]), int(a[2]), a[3], a[4])
    elif len(a) == 3 and a[0] == "reuse":
        cmd_reuse(addr_of(a[1]), a[2])
    else:
        print(__doc__ if __doc__ else "usage: see stress.py", file=sys.stderr)
        sys.exit(2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
