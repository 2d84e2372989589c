#!/usr/bin/env python3
"""Memory of consumer-group state: RSS of a release samsa with N groups.

usage: bench/groups_memory.py [--samsa build-release/samsa] [--groups 10000]

Starts samsa on a fresh data dir and a free port, then creates N groups over
raw protocol requests (tests/integration/kafka_wire.py), each with one member
(JoinGroup + SyncGroup, a 100-byte subscription and assignment) and 4
committed offsets, and prints the broker's RSS (VmRSS from /proc) before and
after, the bytes per group, and the RSS after a restart (groups replayed from
__consumer_offsets). Prints a Markdown table row for bench/RESULTS.md.
"""
import argparse
import os
import shutil
import tempfile
import time

from benchlib import ROOT, create_groups, free_port, kw, rss_kb, start_samsa, stop


def start(samsa, port, data):
    return start_samsa(samsa, port, data, {"group.max.session.timeout.ms": 3600000})


def wait_groups(c, n, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        r = c.list_groups()
        if r["error_code"] == 0 and len(r["groups"]) >= n:
            return len(r["groups"])
        time.sleep(0.2)
    return len(c.list_groups()["groups"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samsa", default=os.path.join(ROOT, "build-release", "samsa"))
    ap.add_argument("--groups", type=int, default=10000)
    args = ap.parse_args()
    data = tempfile.mkdtemp(prefix="samsa-bench-groups-")
    port = free_port()
    p = start(args.samsa, port, data)
    try:
        with kw.client(f"127.0.0.1:{port}", timeout=30) as c:
            assert c.create_topic("bench-groups", 4)["error_code"] == 0
            c.wait_topic("bench-groups")
            time.sleep(0.5)
            idle = rss_kb(p.pid)
            t0 = time.time()
            create_groups(c, args.groups, "bench-groups")
            secs = time.time() - t0
            time.sleep(0.5)
            full = rss_kb(p.pid)
        stop(p)
        t1 = time.time()
        p = start(args.samsa, port, data)
        with kw.client(f"127.0.0.1:{port}", timeout=30) as c:
            loaded = wait_groups(c, args.groups)
        reload_secs = time.time() - t1
        replayed = rss_kb(p.pid)
    finally:
        stop(p)
        shutil.rmtree(data, ignore_errors=True)
    per_group = (full - idle) * 1024 / args.groups
    print(f"groups: {args.groups} (1 member, 100-byte subscription + assignment, 4 offsets each)")
    print(f"created in {secs:.1f} s ({args.groups / secs:.0f} groups/s, 3 requests each)")
    print(f"RSS idle {idle / 1024:.1f} MB -> {full / 1024:.1f} MB with the groups: "
          f"{per_group:.0f} bytes per group")
    print(f"after restart: {loaded} groups replayed, listed after {reload_secs:.2f} s, "
          f"RSS {replayed / 1024:.1f} MB")
    print(f"| {args.groups} groups | {idle / 1024:.1f} MB | {full / 1024:.1f} MB | "
          f"{per_group:.0f} B/group | {replayed / 1024:.1f} MB after replay ({reload_secs:.2f} s) |")


if __name__ == "__main__":
    main()
