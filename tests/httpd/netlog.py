#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# netlog.py: reads the NetLog that Chromium writes with --log-net-log=FILE
# and lists every request it made to one origin: its path, the status line
# of the answer and the network error it ended with.
#
#   netlog.py FILE ORIGIN [REFERENCE]
#
# Prints "STATUS PATH" lines (sorted; the status is "net_error N" when a
# request failed below HTTP). Exits 1 when a request to ORIGIN got other
# than 200 or 304 or ended with a network error, when none was made, or,
# with REFERENCE (a file of such lines from a reference run), when the set
# of paths differs from it. /favicon.ico is left out: the browser asks for
# it on its own, and the trees served here have none.

import json
import sys


def requests(path, origin):
    log = json.load(open(path))
    types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    reqs = {}  # source id -> {"url", "status", "error"}
    for ev in log["events"]:
        kind = types.get(ev["type"])
        params = ev.get("params", {})
        r = reqs.setdefault(ev["source"]["id"], {})
        if kind == "REQUEST_ALIVE" and "url" in params:
            r["url"] = params["url"]
        elif kind == "REQUEST_ALIVE" and "net_error" in params:
            r["error"] = params["net_error"]
        elif (kind == "HTTP_TRANSACTION_READ_RESPONSE_HEADERS" and
              params.get("headers")):
            r["status"] = params["headers"][0]
    out = []
    for r in reqs.values():
        url = r.get("url", "")
        if not url.startswith(origin + "/"):
            continue
        p = url[len(origin):]
        if p == "/favicon.ico":
            continue
        if r.get("error"):
            out.append(("net_error %d" % r["error"], p))
        else:
            st = r.get("status", "no answer").split(" ")
            out.append((st[1] if len(st) > 1 else "no answer", p))
    return sorted(set(out), key=lambda x: (x[1], x[0]))


def main():
    if len(sys.argv) not in (3, 4):
        print("usage: netlog.py FILE ORIGIN [REFERENCE]", file=sys.stderr)
        return 2
    reqs = requests(sys.argv[1], sys.argv[2].rstrip("/"))
    bad = 0
    for st, p in reqs:
        print(st, p)
        bad += st not in ("200", "304")
    if not reqs:
        print("netlog: no request to %s" % sys.argv[2])
        return 1
    if bad:
        print("netlog: %d of %d requests failed" % (bad, len(reqs)))
        return 1
    if len(sys.argv) == 4:
        want = {ln.split(" ", 1)[1].strip() for ln in open(sys.argv[3])
                if ln[:4] in ("200 ", "304 ")}
        got = {p for _, p in reqs}
        if want != got:
            print("netlog: paths differ from the reference: missing %s, "
                  "extra %s" % (sorted(want - got)[:5], sorted(got - want)[:5]))
            return 1
    print("netlog: %d requests, all answered 200 or 304" % len(reqs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
