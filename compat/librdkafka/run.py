#!/usr/bin/env python3
"""Run librdkafka's regression tests against a samsa broker started here.

Called by run.sh once the librdkafka source and its test-runner are built
(run.sh passes --rdkafka-dir).  Standard library only.

What a "test" is: one entry of the `tests[]` table in librdkafka's
tests/test.c, e.g. 0045_subscribe_update or 0045_subscribe_update_mock.
Several entries can share a number; the test-runner only selects by number
(env TESTS, substring match), by "local or not" (-l / -L) and by scenario
(-s), so an invocation is keyed by (number, local?, scenario) and the
per-entry results are read back from the summary table the runner prints.

For every list item we print exactly one line:
    PASS 0001_multiobj (3.2s)
    FAIL 0003_msgmaxsize (1.2s): <failure reason from the test-runner>
    SKIP 0028_long_topicnames (known issue, filtered by the test-runner)
and at the end "N passed, N failed, N skipped".  Logs of each invocation and
of the broker are kept in a temp dir whose path is printed.
"""

import argparse
import glob
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# Broker version the test-runner assumes (TEST_KAFKA_VERSION).  The suite
# uses it to skip tests needing a newer broker (TEST_BRKVER in test.c) and to
# pick code paths (e.g. Admin API topic creation from 0.10.2, kafka-topics.sh
# --bootstrap-server from 3.0).  Samsa targets Kafka 3.7-4.x protocol
# versions (DESIGN.md), so we claim 3.7.0: every test written for
# 2.x/3.x brokers is enabled, none is skipped for being "too new".
DEFAULT_KAFKA_VERSION = "3.7.0"

# test.timeout.multiplier written to test.conf: scales every timeout the
# tests and the runner's watchdog use.  trivup (the upstream harness) uses 2.
DEFAULT_MULTIPLIER = 2.0

# Outer wall-clock limit per test-runner invocation (coreutils `timeout`),
# so a hang can never block CI even if the runner's own watchdog fails.
DEFAULT_TIMEOUT = 600

# Broker settings the suite assumes.  librdkafka's scenarios/default.json
# (trivup) runs brokers with auto.create.topics.enable=true,
# num.partitions=4, and trivup's server.properties template adds
# delete.topic.enable=true; everything else is Kafka's default.  With one
# broker the replication factors must be 1.  message.max.bytes is Kafka's
# default (1048588), stated explicitly, and so is
# group.initial.rebalance.delay.ms (Kafka's 3000; Samsa's own default is 0):
# group tests such as 0102 expect members that start together to land in one
# generation.
def broker_settings(port, datadir, scenario):
    autocreate = "false" if scenario == "noautocreate" else "true"
    return [
        ("broker.id", "1"),
        ("listeners", "PLAINTEXT://127.0.0.1:%d" % port),
        ("log.dirs", datadir),
        ("num.partitions", "4"),
        ("auto.create.topics.enable", autocreate),
        ("delete.topic.enable", "true"),
        ("default.replication.factor", "1"),
        ("offsets.topic.replication.factor", "1"),
        ("transaction.state.log.replication.factor", "1"),
        ("transaction.state.log.min.isr", "1"),
        ("message.max.bytes", "1048588"),
        ("group.initial.rebalance.delay.ms", "3000"),
    ]


def log(msg):
    print(msg, flush=True)


# --------------------------------------------------------------------------
# Parsing librdkafka's tests/test.c test table
# --------------------------------------------------------------------------

class Entry:
    def __init__(self, name, flags, minver, scenario, extra):
        self.name = name
        self.num = name.split("_", 1)[0]
        self.flags = flags          # set of TEST_F_* names (Linux values)
        self.minver = minver        # (a, b, c, d) or None
        self.scenario = scenario    # e.g. "default", "noautocreate", "default,ak23"
        self.extra = extra

    @property
    def local(self):
        return "TEST_F_LOCAL" in self.flags

    @property
    def scenario_group(self):
        """The -s argument (and broker flavour) this entry runs under."""
        return "default" if "default" in self.scenario.split(",") else \
            self.scenario.split(",")[0]

    def invocation_key(self):
        return (self.num, self.local, self.scenario_group)


def _strip_c_comments(text):
    # One pass over strings, char literals and comments so that "//" inside
    # a string (URLs in .extra) is not taken for a comment.
    tok = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|/\*.*?\*/|//[^\n]*',
                     flags=re.S)
    return tok.sub(lambda m: " " if m.group(0).startswith("/") else m.group(0), text)


def _split_top_level(s):
    """Split a C argument list at commas outside parentheses/strings."""
    out, depth, cur, in_str = [], 0, [], False
    i = 0
    while i < len(s):
        c = s[i]
        if in_str:
            cur.append(c)
            if c == "\\" and i + 1 < len(s):
                cur.append(s[i + 1])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            cur.append(c)
        elif c in "({":
            depth += 1
            cur.append(c)
        elif c in ")}":
            depth -= 1
            cur.append(c)
        elif c == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    if "".join(cur).strip():
        out.append("".join(cur).strip())
    return out


def parse_test_table(rdkafka_dir):
    test_c = os.path.join(rdkafka_dir, "tests", "test.c")
    headers = [os.path.join(rdkafka_dir, "tests", h) for h in ("test.h", "testshared.h")]
    with open(test_c, encoding="utf-8", errors="replace") as f:
        text = _strip_c_comments(f.read())
    header = ""
    for h in headers:
        if os.path.exists(h):
            with open(h, encoding="utf-8", errors="replace") as f:
                header += _strip_c_comments(f.read())
    m = re.search(r"struct\s+test\s+tests\[\]\s*=\s*\{(.*?)\{\s*NULL\s*\}\s*\}\s*;",
                  text, flags=re.S)
    if not m:
        raise SystemExit("cannot find the tests[] table in %s" % test_c)
    block = m.group(1)
    # Named minimum versions such as TEST_BRKVER_TOPIC_ADMINAPI.
    named_ver = {}
    for nm in re.finditer(r"#define\s+(TEST_BRKVER_\w+)\s+TEST_BRKVER\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)", header):
        named_ver[nm.group(1)] = tuple(int(x) for x in nm.group(2, 3, 4, 5))

    entries = []
    pos = 0
    while True:
        i = block.find("_TEST(", pos)
        if i < 0:
            break
        # Find the matching ')'.
        j, depth, in_str = i + len("_TEST("), 1, False
        while j < len(block) and depth:
            c = block[j]
            if in_str:
                if c == "\\":
                    j += 1
                elif c == '"':
                    in_str = False
            elif c == '"':
                in_str = True
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            j += 1
        args = _split_top_level(block[i + len("_TEST("):j - 1])
        pos = j
        name = args[0]
        flags = set()
        for fl in re.findall(r"TEST_F_\w+", args[1] if len(args) > 1 else ""):
            # Platform-qualified known-issue flags are 0 on Linux (test.h).
            if fl in ("TEST_F_KNOWN_ISSUE_WIN32", "TEST_F_KNOWN_ISSUE_OSX"):
                continue
            flags.add(fl)
        minver, scenario, extra = None, "default", ""
        for a in args[2:]:
            mv = re.match(r"TEST_BRKVER\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$", a)
            if mv:
                minver = tuple(int(x) for x in mv.groups())
            elif a in named_ver:
                minver = named_ver[a]
            ms = re.match(r'\.scenario\s*=\s*"([^"]*)"', a)
            if ms:
                scenario = ms.group(1)
            me = re.match(r'\.extra\s*=\s*(".*")$', a, flags=re.S)
            if me:
                extra = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', me.group(1)))
        entries.append(Entry(name, flags, minver, scenario, extra))
    if not entries:
        raise SystemExit("no _TEST() entries parsed from %s" % test_c)
    return entries


# --------------------------------------------------------------------------
# Broker handling
# --------------------------------------------------------------------------

def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def api_versions_probe(port, timeout=2.0):
    """Send ApiVersions v0 and check the answer: correlation id echoed and
    error_code 0.  Returns None on success, else a short reason."""
    corr = 0x5a5a
    client_id = b"samsa-compat-probe"
    body = struct.pack(">hhih", 18, 0, corr, len(client_id)) + client_id
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(struct.pack(">i", len(body)) + body)
            hdr = _recv_exact(s, 4)
            (size,) = struct.unpack(">i", hdr)
            if size < 6 or size > 1 << 20:
                return "bad ApiVersions response size %d" % size
            resp = _recv_exact(s, size)
            rcorr, err = struct.unpack(">ih", resp[:6])
            if rcorr != corr:
                return "ApiVersions correlation id %d != %d" % (rcorr, corr)
            if err != 0:
                return "ApiVersions error_code %d" % err
            return None
    except (OSError, EOFError) as e:
        return "ApiVersions probe failed: %s" % e


def _recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed after %d/%d bytes" % (len(buf), n))
        buf += chunk
    return buf


def describe_exit(rc):
    if rc is None:
        return "still running"
    if rc < 0:
        try:
            return "killed by signal %s" % signal.Signals(-rc).name
        except ValueError:
            return "killed by signal %d" % -rc
    return "exit status %d" % rc


class Broker:
    def __init__(self, samsa, workdir, scenario, extra_overrides):
        self.samsa = samsa
        self.scenario = scenario
        self.port = free_port()
        self.datadir = os.path.join(workdir, "data-" + scenario)
        self.logpath = os.path.join(workdir, "broker-%s.log" % scenario)
        settings = broker_settings(self.port, self.datadir, scenario)
        settings += extra_overrides
        self.argv = [samsa]
        for k, v in settings:
            self.argv += ["--override", "%s=%s" % (k, v)]
        self.proc = None
        self.crash = None       # description once a crash was seen

    @property
    def bootstrap(self):
        return "127.0.0.1:%d" % self.port

    def start(self, wait=30.0):
        os.makedirs(self.datadir, exist_ok=True)
        self.logf = open(self.logpath, "wb")
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL,
                                     stdout=self.logf, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.time() + wait
        why = None
        while time.time() < deadline:
            if self.proc.poll() is not None:
                return "broker exited at start-up (%s)" % describe_exit(self.proc.returncode)
            why = api_versions_probe(self.port, timeout=1.0)
            if why is None:
                return None
            time.sleep(0.2)
        return "broker did not answer ApiVersions within %.0fs (%s)" % (wait, why)

    def check(self):
        """Returns None while healthy, else (and remembers) a crash reason."""
        if self.crash:
            return self.crash
        if self.proc.poll() is not None:
            self.crash = "broker %s" % describe_exit(self.proc.returncode)
        return self.crash

    def stop(self, wait=30.0):
        """SIGTERM and wait.  Returns None on a clean exit (status 0)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(wait)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.logf.close()
                return "broker did not exit within %.0fs of SIGTERM (killed)" % wait
            self.logf.close()
            if self.proc.returncode != 0:
                return "broker %s after SIGTERM" % describe_exit(self.proc.returncode)
            return None
        self.logf.close()
        return "broker had already exited (%s)" % describe_exit(self.proc.returncode)


def tail(path, n):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return []
    lines = data.decode("utf-8", "replace").splitlines()
    return lines[-n:]


# The runner prints "N test(s) running: ..." every second while it waits,
# and its summary table repeats what the FAIL line says: noise in a tail.
NOISE = re.compile(r"^\[<MAIN>\s*/\s*[0-9.]+s\] \d+ test\(s\) running:|^\s*$"
                   r"|^\|.*\||^#={20,}|^TEST \d+ \(.*\) SUMMARY")


def print_tail(title, path, n):
    lines = [ANSI.sub("", ln) for ln in tail(path, 20 * n)]
    lines = [ln for ln in lines if not NOISE.match(ln)][-n:]
    log("    --- %s (last %d lines of %s) ---" % (title, len(lines), path))
    for ln in lines:
        log("    | " + ln)
    log("    ---")


# --------------------------------------------------------------------------
# Running the test-runner
# --------------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;]*m|\x1b\(B")
SUMMARY_ROW = re.compile(r"^\|\s*(\S+)\s*\|\s*(\w+)\s*\|\s*([0-9.]+)s\s*\|(.*)$")


def parse_summary(output):
    """Per entry name: (state, seconds, reason) from the LAST summary table
    the runner printed (a watchdog timeout prints one early)."""
    text = ANSI.sub("", output)
    blocks = text.split(" SUMMARY\n")
    if len(blocks) < 2:
        return {}
    rows = {}
    for ln in blocks[-1].splitlines():
        m = SUMMARY_ROW.match(ln)
        if m:
            rows[m.group(1)] = (m.group(2), float(m.group(3)), m.group(4).strip())
        elif rows and ln.startswith("#"):
            break
    return rows


FAIL_HDR = re.compile(r'^### Test "([^" ]+)(?: \(([^)]*)\))?" failed at ([^ ]+) ')


def parse_failures(output):
    """First failure message per entry from the runner's "### Test ... failed
    at FILE:LINE:FUNC() ..." blocks, for when no summary table was printed."""
    lines = ANSI.sub("", output).splitlines()
    out = {}
    for i, ln in enumerate(lines):
        m = FAIL_HDR.match(ln)
        if m and m.group(1) not in out:
            msg = lines[i + 1].strip() if i + 1 < len(lines) else ""
            out[m.group(1)] = "%s%s: %s" % (
                m.group(3), (" [%s]" % m.group(2)) if m.group(2) else "", msg)
    return out


def runner_command(args, entry_group, scenario):
    num, local, _ = entry_group
    # stdbuf -oL: the runner printf()s its summary table to stdout and then
    # may abort() (e.g. "N thread(s) still active" after a failed test);
    # with a fully buffered stdout the summary would be lost.
    cmd = ["timeout", "-k", "15", str(args.timeout), "stdbuf", "-oL", "-eL",
           "./test-runner", "-p1", "-s", scenario]
    cmd.append("-l" if local else "-L")
    if args.quick:
        cmd.append("-Q")
    return cmd


def runner_env(args, num, scenario, broker, conf_path):
    env = dict(os.environ)
    env.pop("CI", None)        # CI=... would silently change timeouts/concurrency
    env.update({
        "TESTS": num,
        "TEST_KAFKA_VERSION": args.kafka_version,
        "TEST_SCENARIO": scenario,
        "TEST_LEVEL": str(args.test_level),
        "RDKAFKA_TEST_CONF": conf_path,
        "RDKAFKA_GITVER": "debian-source",
        "LD_LIBRARY_PATH": ":".join(
            [os.path.join(args.rdkafka_dir, "src"),
             os.path.join(args.rdkafka_dir, "src-cpp")] +
            ([env["LD_LIBRARY_PATH"]] if env.get("LD_LIBRARY_PATH") else [])),
    })
    if broker is not None:
        env["BROKERS"] = broker.bootstrap
        env["BROKER_ADDRESS_1"] = broker.bootstrap
        env["BROKER_PID_1"] = str(broker.proc.pid) if broker.proc else ""
    if args.test_debug:
        env["TEST_DEBUG"] = args.test_debug
    if args.subtests:
        env["SUBTESTS"] = args.subtests
    # Tests that shell out to $KAFKA_PATH/bin/kafka-topics.sh get our Admin
    # API stand-in (kafka/bin/); other Kafka tools (kafka-acls.sh, ...) are
    # absent, so tests needing them fail with "not found".
    env["KAFKA_PATH"] = os.path.join(HERE, "kafka")
    env.pop("ZK_ADDRESS", None)
    return env


def write_test_conf(path, bootstrap, multiplier):
    # Mirrors what trivup's LibrdkafkaTestApp writes for a PLAINTEXT cluster.
    with open(path, "w") as f:
        f.write("bootstrap.servers=%s\n" % bootstrap)
        f.write("broker.address.family=v4\n")
        f.write("test.timeout.multiplier=%s\n" % multiplier)
        f.write("broker.version.fallback=0.10.0.0\n")
        f.write("api.version.fallback.ms=0\n")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def find_samsa():
    env = os.environ.get("SAMSA_BIN")
    if env:
        return env
    cands = [os.path.join(REPO, "build", "samsa")]
    try:
        cands += sorted(os.path.join(REPO, d, "samsa") for d in os.listdir(REPO)
                        if d.startswith("build"))
    except OSError:
        pass
    for c in cands:
        if os.access(c, os.X_OK):
            return c
    return None


def read_list(path):
    items = []
    with open(path) as f:
        for ln in f:
            ln = ln.split("#", 1)[0].strip()
            if ln:
                items.extend(ln.split())
    return items


def expand(items, entries, include_all):
    """Map list items (numbers or full entry names) to entries, keeping the
    order of first mention and dropping duplicates."""
    by_name = {e.name: e for e in entries}
    out, seen = [], set()
    if include_all:
        items = [e.name for e in entries if "TEST_F_MANUAL" not in e.flags]
    for it in items:
        if it in by_name:
            sel = [by_name[it]]
        elif re.fullmatch(r"\d{4}", it):
            sel = [e for e in entries if e.num == it and "TEST_F_MANUAL" not in e.flags]
            if not sel:
                raise ValueError("no test numbered %s in the suite" % it)
        else:
            raise ValueError("unknown test %r (use a 4-digit number or a full "
                             "name, see --list-tests)" % it)
        for e in sel:
            if e.name not in seen:
                seen.add(e.name)
                out.append(e)
    return out


def predicted_skip(e, kafka_version):
    if "TEST_F_KNOWN_ISSUE" in e.flags:
        return "known issue, filtered by the test-runner" + \
            (": " + e.extra if e.extra else "")
    if "TEST_F_MANUAL" in e.flags:
        return "manual test"
    v = tuple(int(x) for x in (kafka_version.split(".") + ["0"] * 4)[:4])
    if e.minver and e.minver > v:
        return "needs broker >= %s" % ".".join(map(str, e.minver))
    return None


def _interrupted(sig, frame):
    raise KeyboardInterrupt("signal %d" % sig)


def main():
    # SIGTERM (e.g. ctest's timeout) unwinds like Ctrl-C, so the finally
    # clause below still stops the broker and removes its data.
    signal.signal(signal.SIGTERM, _interrupted)
    ap = argparse.ArgumentParser(
        prog="run.sh",
        description="Run librdkafka's test suite against samsa.")
    ap.add_argument("tests", nargs="*", metavar="TEST",
                    help="test number (0001: every entry with that number) or "
                         "full entry name (0045_subscribe_update_mock)")
    ap.add_argument("--samsa", help="samsa binary (default: $SAMSA_BIN, "
                    "else <repo>/build/samsa, else <repo>/build*/samsa)")
    ap.add_argument("--list", action="append", default=[], metavar="FILE",
                    help="file with tests, one or more per line, # comments")
    ap.add_argument("--all", action="store_true",
                    help="every non-manual entry of the suite")
    ap.add_argument("--no-local", action="store_true",
                    help="drop local (broker-less, mock cluster) tests from the "
                         "selection")
    ap.add_argument("--local-only", action="store_true",
                    help="keep only local (broker-less) tests")
    ap.add_argument("--list-tests", action="store_true",
                    help="print the suite's test table (flags, scenario, "
                         "min broker version) and exit")
    ap.add_argument("--dry-run", action="store_true",
                    help="print the broker and test-runner commands, run nothing")
    ap.add_argument("--rdkafka-dir", required=True, help=argparse.SUPPRESS)
    ap.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT,
                    help="wall-clock limit per test-runner invocation, seconds "
                         "(default %d)" % DEFAULT_TIMEOUT)
    ap.add_argument("--multiplier", type=float, default=DEFAULT_MULTIPLIER,
                    help="test.timeout.multiplier (default %s)" % DEFAULT_MULTIPLIER)
    ap.add_argument("--kafka-version", default=DEFAULT_KAFKA_VERSION,
                    help="TEST_KAFKA_VERSION (default %s)" % DEFAULT_KAFKA_VERSION)
    ap.add_argument("--quick", action="store_true",
                    help="the runner's quick mode -Q (what upstream CI uses): "
                         "fewer messages, but it also silently skips every "
                         "non-quick SUB_TEST(), so a test can 'pass' having "
                         "done nothing; off by default")
    ap.add_argument("--test-level", type=int, default=2, help="TEST_LEVEL (default 2)")
    ap.add_argument("--test-debug", help="TEST_DEBUG: librdkafka debug contexts, "
                    "e.g. protocol,broker")
    ap.add_argument("--subtests", help="SUBTESTS filter passed to the runner")
    ap.add_argument("--override", action="append", default=[], metavar="KEY=VALUE",
                    help="extra broker setting (repeatable)")
    ap.add_argument("--logs", help="directory for logs (default: a new temp dir)")
    ap.add_argument("--tail", type=int, default=40,
                    help="log lines shown for a failing test (default 40)")
    args = ap.parse_args()

    entries = parse_test_table(args.rdkafka_dir)

    if args.list_tests:
        log("%-52s %-6s %-10s %-13s %s" % ("name", "local", "broker>=", "scenario", "flags"))
        for e in entries:
            log("%-52s %-6s %-10s %-13s %s" % (
                e.name, "yes" if e.local else "no",
                ".".join(map(str, e.minver[:3])) if e.minver else "-",
                e.scenario,
                ",".join(sorted(f[7:] for f in e.flags if f != "TEST_F_LOCAL")) or "-"))
        return 0

    items = list(args.tests)
    for lf in args.list:
        items += read_list(lf)
    if not items and not args.all:
        ap.error("give test numbers/names, --list FILE or --all")
    try:
        selected = expand(items, entries, args.all)
    except ValueError as e:
        ap.error(str(e))
    if args.no_local:
        selected = [e for e in selected if not e.local]
    if args.local_only:
        selected = [e for e in selected if e.local]

    overrides = []
    for o in args.override:
        if "=" not in o:
            ap.error("--override wants key=value, got %r" % o)
        k, v = o.split("=", 1)
        overrides.append((k, v))

    # Invocations in order of first appearance, default scenario first (one
    # broker per scenario, started when its first invocation comes up).
    invocations = {}
    for e in selected:
        invocations.setdefault(e.invocation_key(), []).append(e)
    order = sorted(invocations.keys(),
                   key=lambda k: (k[2] != "default", k[2]))
    # sorted() is stable, so within a scenario the list order is kept.

    need_broker = any(not k[1] for k in order)
    samsa = args.samsa or find_samsa()
    if need_broker and not samsa:
        if args.dry_run:
            samsa = "<samsa>"
        else:
            log("ERROR: no samsa binary (use --samsa PATH or build <repo>/build/samsa)")
            return 2
    if samsa and samsa != "<samsa>":
        samsa = os.path.abspath(samsa)
        if not os.access(samsa, os.X_OK) and need_broker:
            log("ERROR: %s is not an executable" % samsa)
            return 2

    workdir = args.logs or tempfile.mkdtemp(prefix="samsa-librdkafka-")
    os.makedirs(workdir, exist_ok=True)
    testsdir = os.path.join(args.rdkafka_dir, "tests")

    if args.dry_run:
        log("# librdkafka suite in %s, TEST_KAFKA_VERSION=%s, multiplier %s%s" % (
            args.rdkafka_dir, args.kafka_version, args.multiplier,
            ", quick mode" if args.quick else ""))
        shown = set()
        for key in order:
            num, local, scen = key
            if not local and scen not in shown:
                shown.add(scen)
                b = Broker(samsa, workdir, scen, overrides)
                log("# broker for scenario %s: %s" % (scen, " ".join(b.argv)))
            conf = os.path.join(workdir, "test-%s.conf" % scen)
            cmd = runner_command(args, key, scen)
            log("(cd %s && TESTS=%s TEST_KAFKA_VERSION=%s RDKAFKA_TEST_CONF=%s %s)" % (
                testsdir, num, args.kafka_version, conf, " ".join(cmd)))
            for e in invocations[key]:
                why = predicted_skip(e, args.kafka_version)
                log("    %-50s %s%s" % (e.name, "local" if e.local else "broker",
                                        (" (expect SKIP: %s)" % why) if why else ""))
        log("%d tests in %d test-runner invocations" % (len(selected), len(order)))
        if not args.logs:
            shutil.rmtree(workdir, ignore_errors=True)
        return 0

    log("# logs: %s" % workdir)
    log("# librdkafka suite: %s (TEST_KAFKA_VERSION=%s, test.timeout.multiplier=%s%s)" % (
        args.rdkafka_dir, args.kafka_version, args.multiplier,
        ", quick mode -Q" if args.quick else ""))
    if need_broker:
        log("# samsa: %s" % samsa)

    brokers = {}          # scenario -> Broker
    start_failed = {}     # scenario -> reason
    npass = nfail = nskip = 0
    broker_problems = []

    def dur(secs):
        return ("%.2fs" if secs < 1 else "%.1fs") % secs

    def result(state, e, secs, reason=""):
        nonlocal npass, nfail, nskip
        if state == "PASS":
            npass += 1
            log("PASS %s (%s)" % (e.name, dur(secs)))
        elif state == "SKIP":
            nskip += 1
            log("SKIP %s (%s)" % (e.name, reason or "skipped by the test-runner"))
        else:
            nfail += 1
            log("FAIL %s (%s)%s" % (e.name, dur(secs), (": " + reason) if reason else ""))

    def retire(scen, b):
        """Stop a broker with SIGTERM; a crash or unclean exit is a problem
        (its log tail was already shown if the crash happened mid-run)."""
        if scen in start_failed:
            b.stop(wait=5)
        else:
            seen = b.crash
            why = b.check() or b.stop()
            if why:
                broker_problems.append("%s broker: %s" % (scen, why))
                if not seen:
                    print_tail("broker log", b.logpath, args.tail)
        shutil.rmtree(b.datadir, ignore_errors=True)

    try:
        for key in order:
            num, local, scen = key
            group = invocations[key]
            broker = None
            bootstrap = "127.0.0.1:9"   # local tests: nothing listens there
            if not local:
                if scen not in brokers and scen not in start_failed:
                    # A scenario switch retires the previous broker first.
                    for s, b in list(brokers.items()):
                        retire(s, b)
                        del brokers[s]
                    b = Broker(samsa, workdir, scen, overrides)
                    log("# starting broker (scenario %s) on %s" % (scen, b.bootstrap))
                    why = b.start()
                    brokers[scen] = b
                    if why:
                        start_failed[scen] = why
                        broker_problems.append("%s broker: %s" % (scen, why))
                        log("# %s" % why)
                        print_tail("broker log", b.logpath, args.tail)
                if scen in start_failed:
                    for e in group:
                        result("FAIL", e, 0.0, "not run: " + start_failed[scen])
                    continue
                broker = brokers[scen]
                crashed = broker.check()
                if crashed:
                    for e in group:
                        result("FAIL", e, 0.0, "not run: %s earlier" % crashed)
                    continue
                bootstrap = broker.bootstrap

            conf_path = os.path.join(workdir, "test-%s.conf" % ("local" if local else scen))
            write_test_conf(conf_path, bootstrap, args.multiplier)
            logpath = os.path.join(workdir, "%s-%s%s.log" % (
                num, "local" if local else "broker", "" if scen == "default" else "-" + scen))
            cmd = runner_command(args, key, scen)
            env = runner_env(args, num, scen, broker, conf_path)
            t0 = time.time()
            with open(logpath, "wb") as lf:
                lf.write(("# cwd %s\n# TESTS=%s %s\n" % (testsdir, num, " ".join(cmd))).encode())
                lf.flush()
                proc = subprocess.Popen(cmd, cwd=testsdir, env=env, stdin=subprocess.DEVNULL,
                                        stdout=lf, stderr=subprocess.STDOUT,
                                        start_new_session=True)
                try:
                    rc = proc.wait()
                except BaseException:
                    # Interrupted (SIGINT/SIGTERM): take the runner down too.
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
                    raise
            wall = time.time() - t0
            # The runner writes stats_<test>_<id>.json into its cwd (the
            # cached source tree): move them to the logs.
            for e in group:
                for st in glob.glob(os.path.join(testsdir, "stats_%s_*.json" % e.name)):
                    os.makedirs(os.path.join(workdir, "stats"), exist_ok=True)
                    shutil.move(st, os.path.join(workdir, "stats", os.path.basename(st)))
            with open(logpath, "rb") as lf:
                output = lf.read().decode("utf-8", "replace")
            rows = parse_summary(output)
            fails = parse_failures(output)
            crashed = None if broker is None else broker.check()
            timed_out = rc in (124, 137)
            for e in group:
                row = rows.get(e.name)
                if crashed:
                    result("FAIL", e, row[1] if row else wall,
                           "%s (during or right after this test)" % crashed)
                elif row is None:
                    why = ("killed by the harness after %ds (hang)" % args.timeout) \
                        if timed_out else "test-runner %s" % describe_exit(rc)
                    if e.name in fails:
                        why = fails[e.name] + " (" + why + ", no summary)"
                    result("FAIL", e, wall, why)
                else:
                    state, secs, reason = row
                    if state == "PASSED":
                        result("PASS", e, secs)
                    elif state == "SKIPPED":
                        result("SKIP", e, secs, reason)
                    elif state == "FAILED":
                        result("FAIL", e, secs, reason or fails.get(e.name, ""))
                    else:   # RUNNING / DNS: interrupted by a timeout or crash
                        result("FAIL", e, secs if secs else wall,
                               "%s (runner %s)" % (state, "timed out" if timed_out
                                                   else describe_exit(rc)))
                if (crashed or row is None or row[0] not in ("PASSED", "SKIPPED")):
                    print_tail("test-runner log", logpath, args.tail)
            if crashed:
                log("# BROKER CRASHED: %s" % crashed)
                print_tail("broker log", broker.logpath, args.tail)
    finally:
        for s, b in brokers.items():
            retire(s, b)

    for p in dict.fromkeys(broker_problems):
        log("BROKER PROBLEM: %s" % p)
    log("%d passed, %d failed, %d skipped" % (npass, nfail, nskip))
    log("# logs kept in %s" % workdir)
    return 1 if (nfail or broker_problems) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("# interrupted", flush=True)
        sys.exit(130)
