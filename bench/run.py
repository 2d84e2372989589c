#!/usr/bin/env python3
"""The benchmark suite: bench/run.sh builds a Release samsa and the programs in bench/, then
runs this, which writes bench/RESULTS.md.

usage: /usr/bin/python3 bench/run.py --build build-bench [--runs 3] [--quick] [--out bench/RESULTS.md]

Every figure is the median of --runs runs with min–max beside it. Each broker run starts on a
fresh data dir under --workdir (default: a temporary dir next to the repository, i.e. on the
same filesystem as a user's data). The broker's CPU time comes from /proc/<pid>/stat, its RSS
from /proc/<pid>/status. The same client loads run against librdkafka's mock cluster
(bench/mockhost.c) for comparison. --quick shrinks every size so the whole suite runs in about
a minute (a smoke test of the harness, not figures to publish).
"""
import argparse
import contextlib
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time

from benchlib import (ROOT, cpu_seconds, create_groups, free_port, kw, machine_busy_seconds,
                      proc_status_kb, rss_kb, samsa_args, start_samsa, stop)

GB = 1e9
HAND_WRITTEN = "<!-- Sections below this line are written by hand"


class Bench:
    def __init__(self, args):
        self.build = os.path.abspath(args.build)
        self.runs = args.runs
        self.quick = args.quick
        self.work = tempfile.mkdtemp(prefix="samsa-bench-", dir=args.workdir)
        self.samsa = os.path.join(self.build, "samsa")
        # Sizes: the loads, or small ones for --quick.
        q = args.quick
        self.produce_bytes = int(0.1 * GB) if q else int(1 * GB)
        self.consume_bytes = int(0.2 * GB) if q else int(2 * GB)
        self.latency_seconds = 2 if q else 10
        self.scale_points = (100, 500) if q else (1000, 5000, 10000)
        self.startup_partitions = 100 if q else 1000
        self.startup_groups = 10 if q else 100

    def tool(self, name):
        return os.path.join(self.build, "bench", name)

    def dir(self, name):
        d = os.path.join(self.work, name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        return d

    def run_json(self, cmd, timeout=900, may_fail=False):
        """Runs one of the bench programs and returns the JSON line it printed (None if it
        failed and may_fail)."""
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=timeout)
        if r.returncode != 0 and may_fail:
            log(f"failed ({r.returncode}), reported as such: {' '.join(cmd)}: {r.stderr.strip()[-300:]}")
            return None
        if r.returncode != 0:
            raise SystemExit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
        return json.loads(r.stdout.strip().splitlines()[-1])

    # ---- brokers under test ----

    @contextlib.contextmanager
    def samsa_broker(self, topics=(), overrides=None):
        port = free_port()
        data = self.dir("samsa-data")
        p = start_samsa(self.samsa, port, data, overrides)
        try:
            bootstrap = f"127.0.0.1:{port}"
            with kw.client(bootstrap, timeout=60) as c:
                for name, partitions in topics:
                    assert c.create_topic(name, partitions)["error_code"] == 0
                    c.wait_topic(name)
            yield p.pid, bootstrap
        finally:
            stop(p)
            shutil.rmtree(data, ignore_errors=True)

    @contextlib.contextmanager
    def mock_broker(self, topics=()):
        cmd = [self.tool("sm_mockhost")]
        for name, partitions in topics:
            cmd += ["--topic", f"{name}:{partitions}"]
        p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            info = json.loads(p.stdout.readline())
            yield p.pid, info["bootstrap"]
        finally:
            p.stdin.close()  # sm_mockhost exits at EOF on stdin
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def broker(self, target, topics):
        return self.samsa_broker(topics) if target == "samsa" else self.mock_broker(topics)

    def loadgen(self, *args, may_fail=False):
        return self.run_json([self.tool("sm_loadgen"), *map(str, args)], may_fail=may_fail)


def spread(values, fmt="{:.0f}"):
    """median (min–max) of a list of numbers, as text."""
    if not values:
        return "—"
    med = statistics.median(values)
    if len(values) == 1:
        return fmt.format(med)
    return f"{fmt.format(med)} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def med(values):
    return statistics.median(values) if values else float("nan")


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ---- sections ----

def machine(b):
    info = {}
    with open("/proc/cpuinfo") as f:
        for line in f:
            if not line.strip():
                break  # the first CPU's fields
            k, _, v = line.partition(":")
            info[k.strip()] = v.strip()
    flags = set(info.get("flags", "").split())
    # The VM's host varies between machines of the same kind, and the CRC-32C code samsa picks
    # (src/protocol/crc32c.c) with it.
    cpu = (f"{info.get('model name', 'unknown CPU')} (family {info.get('cpu family', '?')} model "
           f"{info.get('model', '?')}; AVX-512 {'yes' if 'avx512f' in flags else 'no'}, "
           f"VPCLMULQDQ {'yes' if 'vpclmulqdq' in flags else 'no'})")
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    fs = subprocess.run(["df", "-T", b.work], capture_output=True, text=True).stdout.splitlines()[-1].split()
    rdk = subprocess.run(["pkg-config", "--modversion", "rdkafka"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return (f"- {cpu}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.1f} GiB RAM; "
            f"Linux {platform.release()}; data on {fs[1]} ({fs[0]})\n"
            f"- samsa {commit}{' (with uncommitted changes)' if dirty else ''}, Release build; "
            f"librdkafka {rdk} (Debian) for the load generator and the mock cluster\n"
            f"- {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
            f"{b.runs} runs per figure{', QUICK sizes (smoke test)' if b.quick else ''}\n")


def prefault(b, size):
    """Writes and deletes a file of `size` bytes. On a VM the first write to a guest page the
    host does not back costs a hypervisor fault (measured here: page-cache writes at ~0.4 GB/s
    then, ~4 GB/s to backed pages), and with the balloon's free page reporting
    (/sys/module/page_reporting) the host takes back pages the guest frees a little later. So
    before each run that grows the page cache we touch as much memory as it will use: the run
    then reuses those just-freed, still-backed pages instead of paying the VM's faults, which
    say something about the VM, not about the broker measured. Done alike for samsa and mock."""
    return b.run_json([b.tool("sm_ceilings"), "pagecache", "--bytes", str(int(size)), "--dir", b.work])


def ceilings(b):
    modes = [("tcp", "loopback TCP, 1 MiB write() → read()", 4 * GB),
             ("sendfile", "sendfile() of a page-cached file → loopback socket, drained by read()", 2 * GB),
             ("memcpy", "memcpy between two 256 MiB buffers", 8 * GB),
             ("pagecache", "write() of 1 MiB blocks to a new file, no fsync", 2 * GB)]
    out, res = [], {}
    for mode, what, size in modes:
        if b.quick:
            size = size / 10
        rs = [b.run_json([b.tool("sm_ceilings"), mode, "--bytes", str(int(size)), "--dir", b.work])
              for _ in range(b.runs)]
        mb = [r["mb_s"] for r in rs]
        cpu = [r["cpu_s"] / (r["bytes"] / GB) for r in rs]
        res[mode] = {"mb_s": med(mb), "cpu_s_gb": med(cpu)}
        out.append(f"| {mode} | {what} | {spread(mb)} | {spread(cpu, '{:.2f}')} |")
        log(f"ceiling {mode}: {med(mb):.0f} MB/s")
    table = ("| ceiling | what | MB/s | CPU-s per GB |\n| --- | --- | --- | --- |\n" + "\n".join(out) + "\n")
    return table, res


def produce(b, ceil):
    rows, res = [], {}
    for acks in ("1", "all"):
        for parts in (1, 6):
            # samsa and mock runs alternate, so that the VM's slow drifts (its host's load, the
            # balloon) fall on both alike instead of on whichever ran during them.
            runs = {t: {"mb": [], "msgs": [], "cpu_gb": [], "client_gb": [], "machine_gb": [], "hwm": []}
                    for t in ("samsa", "mock")}
            for _ in range(b.runs):
                for target, r in runs.items():
                    prefault(b, b.produce_bytes * 1.2)
                    with b.broker(target, [("bench", parts)]) as (pid, bootstrap):
                        c0, m0 = cpu_seconds(pid), machine_busy_seconds()
                        out = b.loadgen("produce", "--brokers", bootstrap, "--topic", "bench",
                                        "--partitions", parts, "--bytes", b.produce_bytes, "--acks", acks)
                        gb = out["bytes"] / GB
                        r["cpu_gb"].append((cpu_seconds(pid) - c0) / gb)
                        r["machine_gb"].append((machine_busy_seconds() - m0) / gb)
                        r["client_gb"].append(out["client_cpu_s"] / gb)
                        r["hwm"].append(proc_status_kb(pid, "VmHWM") / 1024)
                    r["mb"].append(out["mb_s"])
                    r["msgs"].append(out["msg_s"])
            per = {}
            for target, r in runs.items():
                per[target] = {"mb_s": med(r["mb"]), "cpu_s_gb": med(r["cpu_gb"]), "hwm_mb": max(r["hwm"])}
                log(f"produce {target} acks={acks} partitions={parts}: {med(r['mb']):.0f} MB/s, "
                    f"{med(r['cpu_gb']):.2f} CPU-s/GB")
                rows.append((acks, parts, target, r))
            res[(acks, parts)] = per
    lines = ["| acks | partitions | broker | MB/s | msg/s | broker CPU-s per GB | client CPU-s per GB "
             "| whole machine CPU-s per GB |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for acks, parts, target, r in rows:
        lines.append(f"| {acks} | {parts} | {target} | {spread(r['mb'])} | {spread(r['msgs'])} | "
                     f"{spread(r['cpu_gb'], '{:.2f}')} | {spread(r['client_gb'], '{:.2f}')} | "
                     f"{spread(r['machine_gb'], '{:.2f}')} |")
    lines.append("")
    # The least a broker can spend per GB produced: receiving it over loopback TCP (whose ceiling,
    # like the broker here, pays both ends' kernel work) and writing it to the page cache.
    floor_cpu = ceil["tcp"]["cpu_s_gb"] + ceil["pagecache"]["cpu_s_gb"]
    lines.append("| acks | partitions | samsa ÷ mock, MB/s | samsa ÷ mock, CPU per GB | samsa MB/s ÷ page-cache write ceiling "
                 "| samsa CPU per GB ÷ (tcp + page-cache ceilings' CPU per GB) |")
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for (acks, parts), per in res.items():
        s, m = per["samsa"], per["mock"]
        lines.append(f"| {acks} | {parts} | {s['mb_s'] / m['mb_s']:.2f} | {s['cpu_s_gb'] / m['cpu_s_gb']:.2f} | "
                     f"{s['mb_s'] / ceil['pagecache']['mb_s']:.2f} | {s['cpu_s_gb'] / floor_cpu:.2f} |")
    return "\n".join(lines) + "\n", res


# librdkafka's mock keeps only the last 5 MiB of each partition (rdkafka_mock.c: max_size), so a
# 2 GB single-partition log cannot be read back from it. The side-by-side load spreads 2 GB over
# 500 partitions of 4 MB instead, which both brokers hold entirely.
MOCK_PARTITION_BYTES = 4 * 1000 * 1000


def consume_runs(b, target, partitions, log_bytes):
    """Fills a fresh broker with log_bytes over `partitions`, then reads it back b.runs times."""
    mb, msgs, cpu_gb = [], [], []
    prefault(b, log_bytes * 1.2)
    with b.broker(target, [("bench", partitions)]) as (pid, bootstrap):
        stored = b.loadgen("produce", "--brokers", bootstrap, "--topic", "bench", "--partitions", partitions,
                           "--bytes", log_bytes, "--acks", "1")["bytes"]
        for _ in range(b.runs):
            c0 = cpu_seconds(pid)
            r = b.loadgen("consume", "--brokers", bootstrap, "--topic", "bench", "--partitions", partitions,
                          "--bytes", int(stored))
            cpu_gb.append((cpu_seconds(pid) - c0) / (r["bytes"] / GB))
            mb.append(r["mb_s"])
            msgs.append(r["msg_s"])
        hwm = proc_status_kb(pid, "VmHWM") / 1024
    log(f"consume {target}, {partitions} partitions: {med(mb):.0f} MB/s, {med(cpu_gb):.2f} CPU-s/GB")
    return {"mb": mb, "msgs": msgs, "cpu_gb": cpu_gb, "mb_s": med(mb), "cpu_s_gb": med(cpu_gb), "hwm_mb": hwm}


def consume(b, ceil):
    many = b.consume_bytes // MOCK_PARTITION_BYTES
    res = {"samsa_1": consume_runs(b, "samsa", 1, b.consume_bytes),
           "samsa": consume_runs(b, "samsa", many, many * MOCK_PARTITION_BYTES),
           "mock": consume_runs(b, "mock", many, many * MOCK_PARTITION_BYTES)}
    lines = ["| broker | log | MB/s | msg/s | broker CPU-s per GB |", "| --- | --- | --- | --- | --- |"]
    for key, what in (("samsa_1", f"1 partition of {b.consume_bytes / GB:g} GB"),
                      ("samsa", f"{many} partitions of 4 MB"), ("mock", f"{many} partitions of 4 MB")):
        r = res[key]
        lines.append(f"| {key.split('_')[0]} | {what} | {spread(r['mb'])} | {spread(r['msgs'])} | "
                     f"{spread(r['cpu_gb'], '{:.2f}')} |")
    s, m, one = res["samsa"], res["mock"], res["samsa_1"]
    lines.append("")
    lines.append(f"On the same {many}-partition log samsa reads {s['mb_s'] / m['mb_s']:.2f}× the mock's throughput "
                 f"at {s['cpu_s_gb'] / m['cpu_s_gb']:.2f}× its broker CPU per GB. Reading the single-partition log, "
                 f"samsa's broker CPU per GB is {one['cpu_s_gb'] / ceil['sendfile']['cpu_s_gb']:.2f}× the sendfile "
                 f"ceiling's (which, like the broker on loopback, also pays the kernel's work of the receiving side) "
                 f"and its throughput {one['mb_s'] / ceil['sendfile']['mb_s']:.2f}× that ceiling's.")
    return "\n".join(lines) + "\n", res


def latency(b):
    lines = ["| rate | broker | produce→ack p50 / p99 / p999 ms | end-to-end p50 / p99 / p999 ms | e2e max ms |",
             "| --- | --- | --- | --- | --- |"]
    res = {}
    for rate in (10000, 50000):
        for target in ("samsa", "mock"):
            rs = []
            for _ in range(b.runs):
                with b.broker(target, [("bench", 1)]) as (pid, bootstrap):
                    # The mock may lose the consumer: see the note under the table.
                    r = b.loadgen("latency", "--brokers", bootstrap, "--topic", "bench", "--rate", rate,
                                  "--seconds", b.latency_seconds, may_fail=target == "mock")
                if r:
                    rs.append(r)
            if not rs:
                lines.append(f"| {rate:,}/s ({rate * 1024 / 1e6:.0f} MB/s) | {target} | not measurable (below) | | |")
                continue

            def q(kind, p):
                return [r[kind][p] for r in rs]
            res[(rate, target)] = {k: {p: med(q(k, p)) for p in ("p50_ms", "p99_ms", "p999_ms")}
                                   for k in ("ack", "e2e")}
            fmt = "{:.2f}"
            lines.append(f"| {rate:,}/s ({rate * 1024 / 1e6:.0f} MB/s) | {target}"
                         f"{'' if len(rs) == b.runs else f' ({len(rs)} of {b.runs} runs completed)'} | "
                         f"{spread(q('ack', 'p50_ms'), fmt)} / {spread(q('ack', 'p99_ms'), fmt)} / "
                         f"{spread(q('ack', 'p999_ms'), fmt)} | {spread(q('e2e', 'p50_ms'), fmt)} / "
                         f"{spread(q('e2e', 'p99_ms'), fmt)} / {spread(q('e2e', 'p999_ms'), fmt)} | "
                         f"{spread(q('e2e', 'max_ms'), fmt)} |")
            log(f"latency {target} {rate}/s: e2e p99 {med(q('e2e', 'p99_ms')):.2f} ms")
    return "\n".join(lines) + "\n", res


def startup_once(b, port, data):
    """sm_startup starts samsa and times the first answered ApiVersions and Metadata; the
    broker keeps running so its idle RSS can be read. sync() first: the broker's first fsync
    (meta.properties) must not wait for the writeback of files earlier runs deleted."""
    os.sync()
    r = b.run_json([b.tool("sm_startup"), "--port", str(port), "--", *samsa_args(b.samsa, port, data)])
    return r


def gone(pid):
    """True once the process has exited. A broker started by sm_startup is not our child:
    after it exits it stays a zombie until init reaps it, which counts as gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def kill_pid(pid):
    """Clean shutdown (SIGTERM) of a broker started by sm_startup."""
    os.kill(pid, 15)
    for _ in range(1200):
        if gone(pid):
            return
        time.sleep(0.05)
    raise SystemExit(f"broker {pid} did not stop")


def fill_partitions(b, bootstrap, topics, partitions_each, per_partition_bytes):
    with kw.client(bootstrap, timeout=120) as c:
        for t in topics:
            assert c.create_topic(t, partitions_each)["error_code"] == 0
        for t in topics:
            c.wait_topic(t, timeout=60)
    for t in topics:
        b.loadgen("produce", "--brokers", bootstrap, "--topic", t, "--partitions", partitions_each,
                  "--bytes", partitions_each * per_partition_bytes, "--acks", "1")


def startup(b):
    port = free_port()
    empty, idle = [], []
    for _ in range(b.runs):
        data = b.dir("startup-empty")
        r = startup_once(b, port, data)
        time.sleep(1)
        idle.append(rss_kb(r["pid"]) / 1024)
        kill_pid(r["pid"])
        empty.append(r["metadata_ms"])
    log(f"start-up empty: {med(empty):.1f} ms, idle RSS {med(idle):.1f} MB")

    # 1,000 partitions holding data (10 topics × 100 partitions × 100 KiB) and 100 groups.
    data = b.dir("startup-full")
    nt = b.startup_partitions // 100
    p = start_samsa(b.samsa, port, data, {"group.max.session.timeout.ms": 3600000})
    try:
        topics = [f"bench-{i}" for i in range(nt)]
        fill_partitions(b, f"127.0.0.1:{port}", topics, 100, 100 * 1024)
        with kw.client(f"127.0.0.1:{port}", timeout=60) as c:
            create_groups(c, b.startup_groups, topics[0])
        time.sleep(1)
        loaded = rss_kb(p.pid) / 1024
    finally:
        stop(p)
    full, full_idle = [], []
    for _ in range(b.runs):
        r = startup_once(b, port, data)
        time.sleep(1)
        full_idle.append(rss_kb(r["pid"]) / 1024)
        kill_pid(r["pid"])
        full.append(r["metadata_ms"])
    shutil.rmtree(data, ignore_errors=True)
    log(f"start-up with {b.startup_partitions} partitions: {med(full):.1f} ms")
    res = {"empty_ms": med(empty), "idle_mb": med(idle), "full_ms": med(full), "loaded_mb": loaded,
           "full_idle_mb": med(full_idle)}
    text = ("| | process start → first Metadata answered, ms | RSS, MB |\n| --- | --- | --- |\n"
            f"| empty data dir | {spread(empty, '{:.1f}')} | {spread(idle, '{:.1f}')} idle |\n"
            f"| {b.startup_partitions:,} partitions holding data + {b.startup_groups} groups | "
            f"{spread(full, '{:.1f}')} | {loaded:.1f} after creating them; "
            f"{spread(full_idle, '{:.1f}')} after a restart |\n")
    return text, res


def metadata_ms(bootstrap, n=5):
    """Median time of n all-topics Metadata v12 requests, answered and decoded by kafka_wire."""
    times = []
    with kw.client(bootstrap, timeout=120) as c:
        for _ in range(n):
            t0 = time.perf_counter()
            c.metadata(None)
            times.append((time.perf_counter() - t0) * 1000)
    return med(times)


def scale(b):
    lines = ["| partitions + groups | create topics s | create groups s | RSS MB | Metadata (all) ms | "
             "restart → Metadata ms | RSS after restart MB |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    res = {}
    port = free_port()
    for n in b.scale_points:
        data = b.dir("scale")
        p = start_samsa(b.samsa, port, data, {"group.max.session.timeout.ms": 3600000})
        bootstrap = f"127.0.0.1:{port}"
        try:
            t0 = time.time()
            topics = [f"scale-{i}" for i in range(n // 100)]
            with kw.client(bootstrap, timeout=300) as c:
                for t in topics:
                    assert c.create_topic(t, 100)["error_code"] == 0
                for t in topics:
                    c.wait_topic(t, timeout=120)
            create_s = time.time() - t0
            for t in topics:
                b.loadgen("produce", "--brokers", bootstrap, "--topic", t, "--partitions", 100,
                          "--bytes", 100 * 10 * 1024, "--acks", "1")
            t0 = time.time()
            with kw.client(bootstrap, timeout=60) as c:
                create_groups(c, n, topics[0])
            groups_s = time.time() - t0
            time.sleep(1)
            rss = rss_kb(p.pid) / 1024
            meta = metadata_ms(bootstrap)
        finally:
            stop(p)
        r = startup_once(b, port, data)
        time.sleep(1)
        rss2 = rss_kb(r["pid"]) / 1024
        kill_pid(r["pid"])
        shutil.rmtree(data, ignore_errors=True)
        res[n] = {"create_s": create_s, "groups_s": groups_s, "rss": rss, "meta_ms": meta,
                  "restart_ms": r["metadata_ms"], "rss2": rss2}
        log(f"scale {n}: RSS {rss:.1f} MB, Metadata {meta:.1f} ms, restart {r['metadata_ms']:.0f} ms")
        lines.append(f"| {n:,} + {n:,} | {create_s:.2f} | {groups_s:.2f} | {rss:.1f} | {meta:.1f} | "
                     f"{r['metadata_ms']:.0f} | {rss2:.1f} |")
    lines.append("")
    steps = []
    points = list(res.items())
    for (n0, r0), (n1, r1) in zip(points, points[1:]):
        d = n1 - n0
        steps.append(f"{n0:,} → {n1:,}: RSS {(r1['rss'] - r0['rss']) * 1024 / d:.1f} KB, Metadata "
                     f"{(r1['meta_ms'] - r0['meta_ms']) * 1000 / d:.1f} µs, restart "
                     f"{(r1['restart_ms'] - r0['restart_ms']) * 1000 / d:.0f} µs")
    lines.append("Cost of each added partition (with its group), to judge linearity: " + "; ".join(steps) + ".")
    return "\n".join(lines) + "\n", res


def targets(b, st, prod, cons, lat, ceil):
    def row(name, target, measured, ok):
        verdict = "" if ok is None else "met" if ok else "not met"
        return f"| {name} | {target} | {measured} | {verdict} |"
    p1 = prod[("1", 1)]
    pall = prod[("all", 6)]
    l50 = lat[(50000, "samsa")]["e2e"]
    rows = [
        "| target | goal | measured | |", "| --- | --- | --- | --- |",
        row("start-up, empty data dir", "≤ 10 ms", f"{st['empty_ms']:.1f} ms", st["empty_ms"] <= 10),
        row("idle RSS", "≤ 8 MB", f"{st['idle_mb']:.1f} MB", st["idle_mb"] <= 8),
        row(f"RSS, {b.startup_partitions:,} partitions + {b.startup_groups} groups", "≤ 64 MB",
            f"{st['loaded_mb']:.1f} MB", st["loaded_mb"] <= 64),
        row(f"start-up, {b.startup_partitions:,} partitions holding data", "no target", f"{st['full_ms']:.1f} ms", None),
        row("produce broker CPU (acks=1, 1 partition)", "≤ 0.5 CPU-s/GB",
            f"{p1['samsa']['cpu_s_gb']:.2f} (mock {p1['mock']['cpu_s_gb']:.2f})", p1["samsa"]["cpu_s_gb"] <= 0.5),
        row("fetch broker CPU (1 partition)", "≤ 0.25 CPU-s/GB", f"{cons['samsa_1']['cpu_s_gb']:.2f} "
            f"(sendfile ceiling {ceil['sendfile']['cpu_s_gb']:.2f})", cons["samsa_1"]["cpu_s_gb"] <= 0.25),
        row("produce throughput vs mock (acks=1, 1 partition)", "≥ 1.0×",
            f"{p1['samsa']['mb_s'] / p1['mock']['mb_s']:.2f}× ({p1['samsa']['mb_s']:.0f} vs "
            f"{p1['mock']['mb_s']:.0f} MB/s)", p1["samsa"]["mb_s"] >= p1["mock"]["mb_s"]),
        row("produce throughput vs mock (acks=all, 6 partitions)", "≥ 1.0×",
            f"{pall['samsa']['mb_s'] / pall['mock']['mb_s']:.2f}×", pall["samsa"]["mb_s"] >= pall["mock"]["mb_s"]),
        row("end-to-end p99 at 50 MB/s", "≤ 2 ms", f"{l50['p99_ms']:.2f} ms", l50["p99_ms"] <= 2),
        row("end-to-end p999 at 50 MB/s", "≤ 5 ms", f"{l50['p999_ms']:.2f} ms", l50["p999_ms"] <= 5),
    ]
    return "\n".join(rows) + "\n"


def hand_written(path):
    if not os.path.exists(path):
        return ""
    text = open(path).read()
    i = text.find(HAND_WRITTEN)
    return text[i:] if i >= 0 else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--workdir", default=ROOT)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "RESULTS.md"))
    args = ap.parse_args()
    b = Bench(args)
    try:
        log(f"working in {b.work}")
        head = machine(b)
        log("pre-faulting memory (a large page-cache write, not reported)")
        prefault(b, 1 * GB if b.quick else 8 * GB)
        ceil_text, ceil = ceilings(b)
        prod_text, prod = produce(b, ceil)
        cons_text, cons = consume(b, ceil)
        lat_text, lat = latency(b)
        st_text, st = startup(b)
        scale_text, _ = scale(b)
    finally:
        shutil.rmtree(b.work, ignore_errors=True)
    load_rss = max(prod[k]["samsa"]["hwm_mb"] for k in prod)
    out = f"""# Samsa benchmark results

Written by `bench/run.sh` (see README.md); every figure is the median of {b.runs} runs with the
minimum–maximum in brackets. "mock" is librdkafka's in-process mock cluster
(`rd_kafka_mock_cluster_new`, hosted by `bench/mockhost.c`): a C broker that keeps records in
memory (only the last 5 MiB of each partition) and writes no file, driven by the same client load. Broker CPU is user + system time of the
broker process from `/proc/<pid>/stat`; on loopback the broker's system time includes the kernel's
TCP work for both ends of each connection.

## Machine

{head}
## Targets

{targets(b, st, prod, cons, lat, ceil)}
## Ceilings (small C programs in `bench/ceilings.c`, same run)

{ceil_text}
## Produce

`bench/loadgen.c produce`: librdkafka producer, 1 KiB values without key sent round-robin over the
partitions, {b.produce_bytes / GB:g} GB per run, linger.ms=5, 1 MB batches, up to 1,000,000 messages
queued, 5 requests in flight, no compression; a fresh broker and data dir per run. The client's
own CPU (one producer thread plus librdkafka's) competes with the broker for the 2 cores. Before
each run as much memory as it will put in the page cache is written and freed (`prefault()` in
`run.py`): this VM's host takes back pages the guest frees (virtio-balloon free page reporting) and
faulting them in again costs ~2.5 CPU-s per GB, which would otherwise land on random runs.
Runs against samsa and the mock alternate. "Client" is the load generator's own CPU time;
"whole machine" is every core's busy time from `/proc/stat` over the run (broker, client, and the
kernel threads that work for them, such as page-cache writeback): with 2 cores and no idle time,
throughput is about 2 ÷ that figure GB/s.

{prod_text}
RSS under produce load (peak VmHWM): {load_rss:.1f} MB for samsa.

## Consume

`bench/loadgen.c consume`: one consumer reads the log from offset 0 (max.partition.fetch.bytes =
4 MiB, fetch.max.bytes 50 MiB); the clock starts at the first message. The mock keeps only the last
5 MiB of each partition, so the side-by-side load is {b.consume_bytes / GB:g} GB spread over 4 MB
partitions, which both hold entirely.

{cons_text}
Peak RSS (VmHWM) while serving: {cons['samsa_1']['hwm_mb']:.1f} MB for samsa with the single-partition
log (the log is in the page cache, not in the broker), {cons['mock']['hwm_mb']:.1f} MB for the mock
(it holds every record in its heap).

## Latency at a fixed rate

`bench/loadgen.c latency`: 1 KiB messages at a fixed rate to one partition (acks=all, linger.ms=0)
for {b.latency_seconds} s after a 1 s warm-up, while a consumer (fetch.wait.max.ms=100) reads them.
Latency is measured from the time each message was *scheduled* to be sent (no coordinated
omission): produce→ack is until its delivery report, end-to-end until the consumer's poll returned
it. Both include librdkafka's own queueing and thread hand-offs in the client.

{lat_text}
The mock answers a Fetch with no new data only when fetch.wait.max.ms (100 ms) has passed, instead
of when data arrives, so its end-to-end latency is about that wait; and because it keeps only the
last 5 MiB of a partition (~5,000 of these messages), a consumer that waits 100 ms at 50,000
messages/s finds its position already deleted (OFFSET_OUT_OF_RANGE) and misses messages: such runs
count as not completed.

## Start-up and memory

`bench/startup.c` starts samsa and connects every 100 µs until ApiVersions and then an all-topics
Metadata request are answered; the time is from fork() to the Metadata answer (after a sync(), so
that the broker's first fsync does not wait for earlier runs' writeback). RSS is VmRSS one second
later.

{st_text}
## Scale of state

Topics of 100 partitions (each partition given 10 × 1 KiB records) and as many groups as partitions
(one member, 4 committed offsets each), created over the wire; then the broker is stopped and
restarted. "Metadata (all)" is an all-topics Metadata v12 request, answered and decoded by the
Python test client (the decode is most of it at 10,000 partitions).

{scale_text}
{hand_written(args.out)}"""
    with open(args.out, "w") as f:
        f.write(out)
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
