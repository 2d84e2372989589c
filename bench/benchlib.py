"""Helpers shared by the benchmark scripts in bench/: start and stop a broker, read its
RSS and CPU time from /proc, create consumer groups over raw protocol requests."""
import os
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import kafka_wire as kw  # noqa: E402,F401  (re-exported for the scripts)

CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status_kb(pid, field):
    """A VmRSS/VmHWM-style field of /proc/<pid>/status, in kB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def rss_kb(pid):
    return proc_status_kb(pid, "VmRSS")


def cpu_seconds(pid):
    """User + system CPU time of a process so far (fields 14 and 15 of /proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def machine_busy_seconds():
    """CPU time all cores spent on anything but idling and waiting for I/O, summed from
    /proc/stat's first line (user, nice, system, irq, softirq; steal is the host's, not ours).
    Unlike a process's own time this includes the kernel threads that work for it, such as
    page-cache writeback and softirq work done outside its context."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (v[0] + v[1] + v[2] + v[5] + v[6]) / CLK_TCK


def samsa_args(samsa, port, data, overrides=None):
    args = [samsa, "--override", f"listeners=PLAINTEXT://127.0.0.1:{port}",
            "--override", f"log.dirs={data}"]
    for k, v in (overrides or {}).items():
        args += ["--override", f"{k}={v}"]
    return args


def wait_port(port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.005)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def start_samsa(samsa, port, data, overrides=None):
    p = subprocess.Popen(samsa_args(samsa, port, data, overrides),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return p


def stop(p, timeout=60):
    """Clean shutdown (SIGTERM), as an operator would stop the broker."""
    if p.poll() is None:
        p.terminate()
        p.wait(timeout)


def create_groups(c, n, topic, prefix="bench-group", partitions=4):
    """n groups of one member each (JoinGroup + SyncGroup with a 100-byte subscription and
    assignment) with `partitions` committed offsets on `topic`."""
    meta = b"m" * 100
    for i in range(n):
        g = f"{prefix}-{i:05d}"
        r = c.join_group(g, version=3, member_id="", protocols=(("range", meta),),
                         session_timeout_ms=3600000, rebalance_timeout_ms=60000)
        assert r["error_code"] == 0, r
        s = c.sync_group(g, r["generation_id"], r["member_id"], {r["member_id"]: meta}, version=3)
        assert s["error_code"] == 0, s
        errs = c.offset_commit(g, {(topic, q): 1000 + q for q in range(partitions)},
                               generation_id=r["generation_id"], member_id=r["member_id"])
        assert set(errs.values()) == {0}, errs
