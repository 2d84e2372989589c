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
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import kafka_wire as kw  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def start(samsa, port, data):
    p = subprocess.Popen([samsa, "--override", f"listeners=PLAINTEXT://127.0.0.1:{port}",
                          "--override", f"log.dirs={data}",
                          "--override", "group.max.session.timeout.ms=3600000"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return p
        except OSError:
            time.sleep(0.02)
    raise SystemExit("samsa did not start")


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
            meta = b"m" * 100
            t0 = time.time()
            for i in range(args.groups):
                g = f"bench-group-{i:05d}"
                r = c.join_group(g, version=3, member_id="", protocols=(("range", meta),),
                                 session_timeout_ms=3600000, rebalance_timeout_ms=60000)
                assert r["error_code"] == 0, r
                s = c.sync_group(g, r["generation_id"], r["member_id"],
                                 {r["member_id"]: meta}, version=3)
                assert s["error_code"] == 0, s
                errs = c.offset_commit(g, {("bench-groups", q): 1000 + q for q in range(4)},
                                       generation_id=r["generation_id"], member_id=r["member_id"])
                assert set(errs.values()) == {0}, errs
            secs = time.time() - t0
            time.sleep(0.5)
            full = rss_kb(p.pid)
        p.terminate()
        p.wait(30)
        t1 = time.time()
        p = start(args.samsa, port, data)
        with kw.client(f"127.0.0.1:{port}", timeout=30) as c:
            loaded = wait_groups(c, args.groups)
        reload_secs = time.time() - t1
        replayed = rss_kb(p.pid)
    finally:
        p.terminate()
        p.wait(30)
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
