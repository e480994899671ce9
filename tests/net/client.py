#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# client.py: the host side of the network tests. Each command drives one of
# the guest servers in tests/net (on kiln or natively on Linux), checks
# every reply at the application level, prints what it checked, and exits
# 0 only if all was right. Every wait is bounded.
#
# usage: client.py [--host ADDR] [--timeout S] COMMAND PORT [ARGS...]
#   bulk PORT MIB            send MIB MiB of random data, get it back, SHA-256
#   udp PORT SIZE...         one datagram of each size, each echoed intact
#   lines PORT N             N sequential connections: a line each, echoed
#   concurrent PORT N        N connections open at once, a line on each
#   mux PORT                 interleaved clients a one-at-a-time server fails
#   abort PORT               reset a connection mid-reply, then a normal one
#   overload PORT N MIB      up to N more connections than the server's
#                            table holds, during a MIB MiB transfer
#   hostline PORT            (a listener) answer one guest's line
#   quit PORT [udp]          ask the server to exit; expects "bye"
#   upload PORT MIB          (bench) MB/s into the bulk server
#   download PORT MIB        (bench) MB/s out of the bulk server
#   connrate PORT N          (bench) sequential connections per second
import argparse
import hashlib
import os
import socket
import struct
import sys
import threading
import time

QUIT = b"KILN-NET-QUIT\n"
args = None
failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures += 1
    return ok


def connect(port, timeout=None):
    s = socket.create_connection((args.host, port),
                                 timeout=timeout or args.timeout)
    s.settimeout(timeout or args.timeout)
    return s


def recv_exact(s, n):
    buf = bytearray()
    while len(buf) < n:
        b = s.recv(min(1 << 20, n - len(buf)))
        if not b:
            break
        buf += b
    return bytes(buf)


def recv_line(s, limit=1 << 16):
    buf = bytearray()
    while not buf.endswith(b"\n") and len(buf) < limit:
        b = s.recv(limit - len(buf))
        if not b:
            break
        buf += b
    return bytes(buf)


def echo_line(s, text):
    """Sends a line, returns True if the same line came back."""
    line = text.encode() + b"\n"
    s.sendall(line)
    return recv_line(s) == line


def transfer(port, size, result):
    """Sends size random bytes from a thread while reading the echo here;
    stores (ok, detail) in result[0]."""
    data = os.urandom(size)
    want = hashlib.sha256(data).hexdigest()
    err = []
    try:
        s = connect(port)
    except OSError as e:
        result[0] = (False, "connect: %s" % e)
        return

    def writer():
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError as e:
            err.append("send: %s" % e)

    t = threading.Thread(target=writer, daemon=True)
    start = time.monotonic()
    t.start()
    h = hashlib.sha256()
    got = 0
    try:
        while True:
            b = s.recv(1 << 20)
            if not b:
                break
            h.update(b)
            got += len(b)
    except OSError as e:
        err.append("recv after %d bytes: %s" % (got, e))
    t.join(args.timeout)
    s.close()
    secs = time.monotonic() - start
    ok = not err and got == size and h.hexdigest() == want
    detail = "%d of %d bytes back in %.2f s, sha256 %s" % (
        got, size, secs, "matches" if h.hexdigest() == want else "differs")
    result[0] = (ok, "; ".join(err + [detail]))


def cmd_bulk(port, mib):
    r = [None]
    transfer(port, int(mib) << 20, r)
    check(r[0][0], "%s MiB echoed intact: %s" % (mib, r[0][1]))


def cmd_udp(port, *sizes):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    for size in map(int, sizes):
        data = os.urandom(size)
        got, tries = None, 0
        while got is None and tries < 3:  # UDP may drop; retry a little
            tries += 1
            s.sendto(data, (args.host, port))
            try:
                got, _ = s.recvfrom(1 << 17)
            except socket.timeout:
                pass
        if got is None:
            check(False, "%d-byte datagram: no answer in 3 tries" % size)
        else:
            check(got == data, "%d-byte datagram echoed%s (%d bytes back)"
                  % (size, "" if tries == 1 else " after %d tries" % tries,
                     len(got)))
    s.close()


def cmd_lines(port, n):
    n = int(n)
    good, start, first_bad = 0, time.monotonic(), None
    for i in range(n):
        try:
            with connect(port) as s:
                if echo_line(s, "line %d of %d" % (i, n)):
                    good += 1
                elif first_bad is None:
                    first_bad = "connection %d: wrong reply" % i
        except OSError as e:
            if first_bad is None:
                first_bad = "connection %d: %s" % (i, e)
    secs = time.monotonic() - start
    check(good == n, "%d of %d sequential connections echoed their line "
          "(%.0f/s)%s" % (good, n, n / secs,
                          "; first failure: " + first_bad if first_bad else ""))


def open_paced(port, n, wait, give_up=None):
    """Opens up to n connections one after another, each kept open once it
    has echoed a line within wait seconds. QEMU's port forward listens
    with a backlog of 1: a burst of connects would mostly sit out SYN
    retransmissions on the host, so each waits for its answer before the
    next. Stops after give_up failures in a row. Returns the answering
    (socket, line) pairs and the number that failed."""
    done, failed, in_row = [], 0, 0
    for i in range(n):
        line = b"client %d of %d\n" % (i, n)
        s = None
        try:
            s = socket.create_connection((args.host, port), timeout=wait)
            s.settimeout(wait)
            s.sendall(line)
            ok = recv_exact(s, len(line)) == line
        except OSError:
            ok = False
        if ok:
            s.settimeout(args.timeout)
            done.append((s, line))
            in_row = 0
            continue
        if s:
            s.close()
        failed += 1
        in_row += 1
        if give_up and in_row >= give_up:
            break
    return done, failed


def echo_all(socks, text):
    """Sends a line on every socket, then reads every answer: the server
    has them all in flight at once. Returns how many came back right."""
    line = text.encode() + b"\n"
    sent = []
    for s in socks:
        try:
            s.sendall(line)
            sent.append(s)
        except OSError:
            pass
    good = 0
    for s in reversed(sent):
        try:
            good += recv_exact(s, len(line)) == line
        except OSError:
            pass
    return good


def cmd_concurrent(port, n):
    n = int(n)
    done, _ = open_paced(port, n, args.timeout)
    check(len(done) == n, "%d of %d connections open at once, each "
          "answered" % (len(done), n))
    socks = [s for s, _ in done]
    good = echo_all(socks, "all at once")
    check(good == n, "%d of %d answered a line sent on all of them before "
          "any reply was read" % (good, n))
    for s in socks:
        s.close()


def cmd_mux(port):
    a, b, c = connect(port), connect(port), connect(port)
    check(echo_line(c, "to c first"), "third client served while two idle "
          "ones stay open")
    check(echo_line(a, "then a"), "first client served after it")
    part = os.urandom(3000)
    b.sendall(part[:1000])
    time.sleep(0.3)
    b.sendall(part[1000:])
    check(recv_exact(b, 3000) == part, "3000 bytes in two bursts 0.3 s "
          "apart, echoed (a second wake-up for new data)")
    r = [None]
    transfer(port, 4 << 20, r)
    check(r[0][0], "a 4 MiB transfer alongside (the server buffers and "
          "waits for POLLOUT): " + r[0][1])
    d = connect(port)
    check(echo_line(d, "new while others open"), "a new client while "
          "three are open")
    a.close()
    time.sleep(0.2)
    check(echo_line(b, "b after a closed") and echo_line(c, "c too"),
          "the others unaffected when one closes")
    c.sendall(b"last words\n")
    c.shutdown(socket.SHUT_WR)
    check(recv_exact(c, 11) == b"last words\n" and c.recv(10) == b"",
          "half-closed client gets its echo, then end of file")
    for s in (b, c, d):
        s.close()


def cmd_abort(port):
    s = connect(port)
    data = os.urandom(8 << 20)
    sent = [0]

    def writer():
        try:
            for off in range(0, len(data), 65536):
                s.sendall(data[off:off + 65536])
                sent[0] = off + 65536
        except OSError:
            pass

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    got = recv_exact(s, 256 << 10)
    check(got == data[:len(got)] and len(got) == 256 << 10,
          "256 KiB of the reply read (of 8 MiB being sent)")
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()  # RST while the server is still sending
    t.join(args.timeout)
    time.sleep(0.5)
    with connect(port) as s2:
        check(echo_line(s2, "next client after the reset"),
              "the next client is served normally")
    r = [None]
    transfer(port, 1 << 20, r)
    check(r[0][0], "and 1 MiB after it: " + r[0][1])


def cmd_overload(port, n, mib):
    """A long transfer runs while up to n more connections are opened,
    until 3 in a row get no answer (the server's table is full). The
    transfer must complete intact and every connection that answered must
    still answer."""
    n, size = int(n), int(mib) << 20
    data = os.urandom(size)
    full = threading.Event()
    got = [0, hashlib.sha256(), None]
    bulk = connect(port)

    def reader():
        try:
            while got[0] < size:
                b = bulk.recv(1 << 20)
                if not b:
                    break
                got[0] += len(b)
                got[1].update(b)
        except OSError as e:
            got[2] = e

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    bulk.sendall(data[:size // 2])
    done, failed = open_paced(port, n, 3, give_up=3)
    print("     %d extra connections answered, then %d did not"
          % (len(done), failed), flush=True)
    check(len(done) >= min(n, 128), "at least %d extra connections "
          "established" % min(n, 128))
    # The second half goes while the table is as full as it gets.
    bulk.sendall(data[size // 2:])
    t.join(args.timeout)
    bulk.close()
    ok = got[0] == size and got[1].hexdigest() == hashlib.sha256(data).hexdigest()
    check(ok, "the %s MiB transfer completed intact (%d bytes back%s)"
          % (mib, got[0], ", " + str(got[2]) if got[2] else ""))
    good = echo_all([s for s, _ in done], "still there")
    check(good == len(done), "%d of %d established connections still "
          "answer" % (good, len(done)))
    for s, _ in done:
        s.close()
    time.sleep(0.5)
    with connect(port) as s:
        check(echo_line(s, "after the crowd"), "a new client is served "
              "once they close")


def cmd_hostline(port):
    l = socket.socket()
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("127.0.0.1", port))
    l.listen(4)
    l.settimeout(args.timeout)
    print("hostline: listening on %d" % port, flush=True)
    try:
        c, _ = l.accept()
    except socket.timeout:
        check(False, "a guest connected within %d s" % args.timeout)
        return
    c.settimeout(args.timeout)
    line = recv_line(c)
    check(line == b"hello from the guest\n", "the guest's line arrived")
    c.sendall(b"host says: " + line)
    c.close()
    l.close()


# The benchmark's measurements (tools/net-bench.sh, with tests/net/bulk.c
# and echo.c as servers). Each prints "result VALUE UNIT".

def cmd_upload(port, mib):
    size = int(mib) << 20
    chunk = os.urandom(1 << 20)
    with connect(port) as s:
        start = time.monotonic()
        s.sendall(b"R")
        for _ in range(size >> 20):
            s.sendall(chunk)
        s.shutdown(socket.SHUT_WR)
        got = struct.unpack("<Q", recv_exact(s, 8))[0]
        secs = time.monotonic() - start
    if check(got == size, "the server read %d of %d bytes" % (got, size)):
        print("result %.1f MB/s" % (size / secs / 1e6))


def cmd_download(port, mib):
    size = int(mib) << 20
    got = 0
    with connect(port) as s:
        start = time.monotonic()
        s.sendall(b"W" + struct.pack("<Q", size))
        buf = bytearray(1 << 20)
        while True:
            n = s.recv_into(buf)
            if not n:
                break
            got += n
        secs = time.monotonic() - start
    if check(got == size, "%d of %d bytes came" % (got, size)):
        print("result %.1f MB/s" % (size / secs / 1e6))


def cmd_connrate(port, n):
    n = int(n)
    start = time.monotonic()
    good = 0
    for i in range(n):
        with connect(port) as s:
            good += echo_line(s, "connection %d" % i)
    secs = time.monotonic() - start
    if check(good == n, "%d of %d connections echoed their line"
             % (good, n)):
        print("result %.0f conn/s" % (n / secs))


def cmd_quit(port, proto="tcp"):
    if proto == "udp":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(2)
        got = b""
        for _ in range(3):
            s.sendto(QUIT, (args.host, port))
            try:
                got = s.recv(16)
                break
            except socket.timeout:
                pass
    else:
        with connect(port) as s:
            s.sendall(QUIT)
            got = recv_line(s)
    check(got == b"bye\n", "the server said bye")


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--timeout", type=float, default=30)
    p.add_argument("command")
    p.add_argument("port", type=int)
    p.add_argument("rest", nargs="*")
    args = p.parse_args()
    cmd = globals().get("cmd_" + args.command)
    if not cmd:
        sys.exit("client.py: unknown command " + args.command)
    try:
        cmd(args.port, *args.rest)
    except (OSError, AssertionError) as e:
        check(False, "%s: %s: %s" % (args.command, type(e).__name__, e))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
