#!/usr/bin/env python3
"""Produce and fetch latency while background work runs (issue 4, point 5).

usage: bench/background_latency.py [--samsa build-release/samsa] [--gb 1.0] [--seconds 5]

Starts a release samsa on a fresh data dir, then:
1. idle: a probe sends one 1 KiB produce (acks=1) and one fetch of the newest
   record, one after the other, on one connection, for --seconds; round-trip
   latencies are recorded;
2. writes --gb GB of 1 KiB keyed records (100,000 keys, so most are
   superseded) to a compacted topic and half as much to a topic with
   retention.ms=2000, with librdkafka (confluent-kafka);
3. probes again while the cleaner compacts the first topic and retention
   deletes the second (the broker checks both every second), for as long as
   that work lasts (at least --seconds).
Prints p50/p99/max of both phases and the ratio, and a Markdown table row.
"""
import argparse
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time

from benchlib import ROOT, free_port, kw


# The cleaner and retention first run this long after start: after the writes,
# so the busy probe sees them working.
BACKOFF_MS = 12000


def log_time(line):
    """Wall-clock seconds of a broker log line '[YYYY-MM-DD HH:MM:SS.mmm] ...'."""
    import datetime
    ts = datetime.datetime.strptime(line[1:24], "%Y-%m-%d %H:%M:%S.%f")
    return ts.replace(tzinfo=datetime.timezone.utc).timestamp()


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * p))]


def probe(bootstrap, seconds, stop=None):
    """(produce latencies, fetch latencies) in ms, each as (wall time, ms)."""
    prod, fetch = [], []
    value = b"p" * 1024
    with kw.client(bootstrap, timeout=30) as c:
        end = time.time() + seconds
        while time.time() < end or (stop is not None and not stop.is_set()):
            t0 = time.perf_counter()
            r = c.produce("probe", 0, [value])
            t1 = time.perf_counter()
            assert r["error_code"] == 0, r
            f = c.fetch("probe", 0, r["base_offset"], version=12)
            t2 = time.perf_counter()
            assert f["error_code"] == 0, f
            now = time.time()
            prod.append((now, (t1 - t0) * 1000))
            fetch.append((now, (t2 - t1) * 1000))
            if stop is not None and stop.is_set() and time.time() >= end:
                break
    return prod, fetch


def summary(name, v):
    return f"{name}: p50 {pct(v, 0.5):.3f} ms, p99 {pct(v, 0.99):.3f} ms, max {max(v):.3f} ms ({len(v)} requests)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samsa", default=os.path.join(ROOT, "build-release", "samsa"))
    ap.add_argument("--gb", type=float, default=1.0)
    ap.add_argument("--seconds", type=float, default=5)
    args = ap.parse_args()
    import confluent_kafka as ck
    from confluent_kafka.admin import AdminClient, NewTopic

    data = tempfile.mkdtemp(prefix="samsa-bench-bg-")
    port = free_port()
    log = open(os.path.join(data, "broker.log"), "w")
    p = subprocess.Popen([args.samsa, "--override", f"listeners=PLAINTEXT://127.0.0.1:{port}",
                          "--override", f"log.dirs={data}/d", "--override", f"log.cleaner.backoff.ms={BACKOFF_MS}",
                          "--override", f"log.retention.check.interval.ms={BACKOFF_MS}"], stdout=log, stderr=log)
    bootstrap = f"127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.02)
        a = AdminClient({"bootstrap.servers": bootstrap})
        fs = a.create_topics([NewTopic("probe", 1, 1),
                              NewTopic("bg-compact", 1, 1, config={"cleanup.policy": "compact",
                                                                   "segment.bytes": str(64 << 20),
                                                                   "min.cleanable.dirty.ratio": "0.1"}),
                              NewTopic("bg-retention", 1, 1, config={"retention.ms": "2000",
                                                                     "segment.bytes": str(16 << 20)})])
        for f in fs.values():
            f.result(30)
        time.sleep(0.5)
        idle_p, idle_f = [[ms for _, ms in v] for v in probe(bootstrap, args.seconds)]

        n = int(args.gb * (1 << 30) / 1024)
        pr = ck.Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "batch.size": 1 << 20,
                          "queue.buffering.max.kbytes": 1 << 20, "compression.type": "none"})
        value = b"v" * 1000
        t0 = time.time()
        for i in range(n):
            for topic in (("bg-compact",) if i % 2 else ("bg-compact", "bg-retention")):
                while True:
                    try:
                        pr.produce(topic, key=b"key-%06d" % (i % 100000), value=value)
                        break
                    except BufferError:
                        pr.poll(0.05)
        pr.flush(300)
        write_s = time.time() - t0

        # probe while the cleaner and retention work, until both have logged and settled
        stop = threading.Event()
        result = {}

        def run():
            result["v"] = probe(bootstrap, args.seconds, stop)
        th = threading.Thread(target=run)
        th.start()
        t1 = time.time()
        deadline = t1 + 600
        while time.time() < deadline:
            text = open(os.path.join(data, "broker.log")).read()
            if "bg-compact-0: " in text and "segments cleaned" in text and "retention: bg-retention-0" in text:
                break
            time.sleep(0.2)
        work_s = time.time() - t1
        stop.set()
        th.join()
        cleaner_lines = [ln for ln in open(os.path.join(data, "broker.log")) if "bg-compact-0" in ln
                         and "log cleaner" in ln or "retention: bg-retention" in ln]
        # the window the background work ran in: from the first "cleaning" line to the last line
        start = min(log_time(ln) for ln in cleaner_lines if "cleaning" in ln)
        end = max(log_time(ln) for ln in cleaner_lines)
        busy_p = [ms for t, ms in result["v"][0] if start <= t <= end + 0.001]
        busy_f = [ms for t, ms in result["v"][1] if start <= t <= end + 0.001]
        work_s = end - start
    finally:
        p.terminate()
        p.wait(60)
        log.close()
        shutil.rmtree(data, ignore_errors=True)

    print(f"wrote {args.gb:.2f} GB compacted + {args.gb / 2:.2f} GB retention-bound in {write_s:.1f} s")
    for ln in cleaner_lines:
        print("  " + ln.strip())
    print("idle   " + summary("produce", idle_p))
    print("idle   " + summary("fetch  ", idle_f))
    print(f"busy ({work_s:.2f} s of cleaning/retention, probes inside that window)")
    print("busy   " + summary("produce", busy_p))
    print("busy   " + summary("fetch  ", busy_f))
    print(f"| produce p50/p99 | {pct(idle_p, .5):.3f} / {pct(idle_p, .99):.3f} ms | "
          f"{pct(busy_p, .5):.3f} / {pct(busy_p, .99):.3f} ms | "
          f"{pct(busy_p, .99) / pct(idle_p, .99):.2f}× |")
    print(f"| fetch p50/p99 | {pct(idle_f, .5):.3f} / {pct(idle_f, .99):.3f} ms | "
          f"{pct(busy_f, .5):.3f} / {pct(busy_f, .99):.3f} ms | "
          f"{pct(busy_f, .99) / pct(idle_f, .99):.2f}× |")


if __name__ == "__main__":
    main()
