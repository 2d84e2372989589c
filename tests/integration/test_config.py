"""server.properties, --override, start-up validation, signals, and the
configuration keys that change what clients observe."""
import os
import signal
import socket
import subprocess
import threading
import time

import pytest

import kafka_wire as kw
from kafka_wire import unique_name
from samsa_broker import SAMSA_BIN, free_port


def run_samsa(args, timeout=20):
    """Runs samsa expecting it to exit by itself (bad configuration)."""
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    try:
        return subprocess.run([SAMSA_BIN] + args, capture_output=True, text=True,
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"samsa {args} kept running instead of rejecting its configuration")


def auto_created_partitions(c, name):
    c.metadata([name])  # triggers auto-creation
    return len(c.wait_topic(name)["partitions"])


def write_props(path, lines):
    with open(path, "w") as f:
        f.write("# written by test_config.py\n\n" + "\n".join(lines) + "\n")
    return path


def test_properties_file_is_read(make_broker, tmp_path):
    port = free_port()
    logs = tmp_path / "filelogs"
    props = write_props(tmp_path / "server.properties", [
        f"listeners=PLAINTEXT://127.0.0.1:{port}",
        f"log.dirs={logs}",
        "num.partitions = 2",
        "auto.create.topics.enable=true",
    ])
    b = make_broker(config_file=str(props), port=port)
    del b.overrides["listeners"]
    del b.overrides["log.dirs"]
    b.start()
    with kw.client(b.bootstrap) as c:
        md = c.metadata(None)
        assert (md["brokers"][0]["host"], md["brokers"][0]["port"]) == ("127.0.0.1", port)
        assert auto_created_partitions(c, unique_name("file")) == 2
    b.stop()
    assert os.path.exists(logs / "meta.properties"), os.listdir(tmp_path)


def test_override_wins_over_file(make_broker, tmp_path):
    file_port = free_port()
    props = write_props(tmp_path / "server.properties", [
        f"listeners=PLAINTEXT://127.0.0.1:{file_port}",
        "num.partitions=2",
    ])
    b = make_broker(config_file=str(props), overrides={"num.partitions": "3"})
    assert b.port != file_port
    b.start()  # listening on the override's port
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", file_port), timeout=1).close()
    with kw.client(b.bootstrap) as c:
        assert auto_created_partitions(c, unique_name("ovr")) == 3
        # CreateTopics with -1 takes the default too.
        name = unique_name("dflt")
        assert c.create_topic(name, num_partitions=-1)["error_code"] == 0
        assert len(c.wait_topic(name)["partitions"]) == 3


@pytest.mark.parametrize("key,value", [
    ("num.partitions", "abc"),
    ("num.partitions", "0"),
    ("log.segment.bytes", "-5"),
    ("message.max.bytes", "12x"),
    ("socket.request.max.bytes", "-1"),
    ("auto.create.topics.enable", "maybe"),
    ("listeners", "nonsense"),
    ("num.network.threads", "0"),
    ("log.flush.interval.messages", "zero"),
    ("node.id", "-7"),
    ("socket.send.buffer.bytes", "-2"),
])
def test_bad_value_stops_startup(tmp_path, key, value):
    base = ["--override", f"listeners=PLAINTEXT://127.0.0.1:{free_port()}",
            "--override", f"log.dirs={tmp_path / 'logs'}"]
    r = run_samsa(base + ["--override", f"{key}={value}"])
    assert r.returncode != 0, r
    out = r.stdout + r.stderr
    assert key in out, out
    assert "AddressSanitizer" not in out and "runtime error" not in out, out


def test_bad_value_in_file_stops_startup(tmp_path):
    props = write_props(tmp_path / "server.properties", [
        f"listeners=PLAINTEXT://127.0.0.1:{free_port()}",
        f"log.dirs={tmp_path / 'logs'}",
        "log.segment.bytes=-5",
    ])
    r = run_samsa([str(props)])
    assert r.returncode != 0
    assert "log.segment.bytes" in r.stdout + r.stderr


def test_missing_file_and_bad_arguments(tmp_path):
    r = run_samsa([str(tmp_path / "does-not-exist.properties")])
    assert r.returncode != 0
    assert "does-not-exist.properties" in r.stdout + r.stderr
    r = run_samsa(["--override", "no-equals-sign"])
    assert r.returncode != 0


def test_unknown_key_is_a_warning(make_broker, tmp_path):
    props = write_props(tmp_path / "server.properties", ["some.file.only.key=1"])
    b = make_broker(config_file=str(props), overrides={"frobnicate.level": "11"}).start()
    with kw.client(b.bootstrap) as c:
        assert c.api_versions()["error_code"] == 0
    text = b.log_text()
    assert "frobnicate.level" in text, text
    assert "some.file.only.key" in text, text
    b.stop()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_shuts_down_cleanly_within_2s(make_broker, sig):
    b = make_broker().start()
    topic = unique_name("sig")
    c = kw.client(b.bootstrap)
    assert c.create_topic(topic)["error_code"] == 0
    c.wait_topic(topic)
    assert c.produce(topic, 0, [b"before stop"])["error_code"] == 0
    # A parked long poll and some idle connections must not delay shutdown.
    c.send(kw.FETCH, 12, kw.fetch_request(topic, 0, 1, max_wait_ms=30000, min_bytes=1))
    idle = [socket.create_connection(("127.0.0.1", b.port)) for _ in range(5)]
    time.sleep(0.1)
    t0 = time.monotonic()
    rc = b.stop(timeout=2.0, sig=sig)  # asserts exit 0, in time, no sanitizer report
    assert rc == 0 and time.monotonic() - t0 < 2.0
    c.close()
    for s in idle:
        s.close()
    assert os.path.exists(os.path.join(b.log_dir, ".kafka_cleanshutdown"))
    b.start()
    with kw.client(b.bootstrap) as c2:
        assert [r["value"] for r in c2.fetch_all(topic, 0)] == [b"before stop"]


@pytest.mark.parametrize("threads", [1, 4])
def test_network_threads_serve_many_connections(make_broker, threads):
    b = make_broker(overrides={"num.network.threads": str(threads)}).start()
    topic = unique_name("net")
    with kw.client(b.bootstrap) as c:
        assert c.create_topic(topic, 3)["error_code"] == 0
        c.wait_topic(topic)
    n_conn, n_iter = 40, 15
    acked = [[] for _ in range(3)]
    lock = threading.Lock()
    errors = []
    start = threading.Barrier(n_conn)

    def worker(w):
        try:
            with kw.client(b.bootstrap, timeout=30) as c:
                start.wait(30)
                for i in range(n_iter):
                    part = (w + i) % 3
                    val = f"w{w}-{i}".encode()
                    p = c.produce(topic, part, [val])
                    assert p["error_code"] == 0, p
                    with lock:
                        acked[part].append((p["base_offset"], val))
                    f = c.fetch(topic, part, p["base_offset"])
                    assert f["error_code"] == 0
                    assert val in [r["value"] for r in kw.records_of(f["records"])]
                    assert len(c.metadata([topic])["topics"][0]["partitions"]) == 3
        except Exception as e:  # collected and reported below
            errors.append((w, repr(e)))

    ths = [threading.Thread(target=worker, args=(w,)) for w in range(n_conn)]
    for t in ths:
        t.start()
    for t in ths:
        t.join(120)
    assert not errors, errors[:5]
    with kw.client(b.bootstrap) as c:
        for part in range(3):
            recs = c.fetch_all(topic, part)
            got = {r["offset"]: r["value"] for r in recs}
            assert len(recs) == len(acked[part])
            for off, val in acked[part]:
                assert got[off] == val
    assert sum(len(a) for a in acked) == n_conn * n_iter


def test_socket_buffer_sizes(make_broker):
    """socket.send/receive.buffer.bytes: reported, and a tiny send buffer still delivers an
    8 MiB fetch response whole (many partial sendfile() calls) while the client reads slowly."""
    b = make_broker(overrides={"socket.send.buffer.bytes": "4096",
                               "socket.receive.buffer.bytes": "4096"}).start()
    topic = unique_name("sockbuf")
    with kw.client(b.bootstrap, timeout=60) as c:
        conf = c.describe_configs(4, "0", ["socket.send.buffer.bytes", "socket.receive.buffer.bytes"])
        assert {e["name"]: e["value"] for e in conf["configs"]} == {
            "socket.send.buffer.bytes": "4096", "socket.receive.buffer.bytes": "4096"}
        assert c.create_topic(topic, 1)["error_code"] == 0
        c.wait_topic(topic)
        values = [bytes([i % 251]) * 100_000 for i in range(84)]
        for i in range(0, len(values), 6):
            assert c.produce(topic, 0, values[i:i + 6])["error_code"] == 0
        p = c.fetch(topic, 0, 0, max_bytes=64 << 20, partition_max_bytes=64 << 20)
        assert p["error_code"] == 0
        assert [r["value"] for r in kw.records_of(p["records"])] == values
    default = make_broker().start()
    with kw.client(default.bootstrap) as c:
        conf = c.describe_configs(4, "0", ["socket.send.buffer.bytes", "socket.receive.buffer.bytes"])
        assert {e["name"]: e["value"] for e in conf["configs"]} == {
            "socket.send.buffer.bytes": "102400", "socket.receive.buffer.bytes": "-1"}


def test_advertised_listeners_in_metadata(make_broker):
    b = make_broker(overrides={
        "advertised.listeners": "PLAINTEXT://broker.example.invalid:19092"}).start()
    with kw.client(b.bootstrap) as c:
        for v in (0, 9, 12):
            (br,) = c.metadata(None, version=v)["brokers"]
            assert (br["host"], br["port"]) == ("broker.example.invalid", 19092), (v, br)
        (br,) = c.request(kw.DESCRIBE_CLUSTER, 0, {})["brokers"]
        assert (br["host"], br["port"]) == ("broker.example.invalid", 19092)


@pytest.mark.parametrize("key", ["node.id", "broker.id"])
def test_node_id(make_broker, key):
    b = make_broker(overrides={key: "7"}).start()
    with kw.client(b.bootstrap) as c:
        topic = unique_name("node")
        assert c.create_topic(topic)["error_code"] == 0
        t = c.wait_topic(topic)
        md = c.metadata([topic])
        assert [x["node_id"] for x in md["brokers"]] == [7]
        assert md["controller_id"] == 7
        assert t["partitions"][0]["leader_id"] == 7
        assert t["partitions"][0]["replica_nodes"] == [7]


def test_log_dir_singular(make_broker, tmp_path):
    b = make_broker()
    del b.overrides["log.dirs"]
    b.overrides["log.dir"] = str(tmp_path / "single")
    b.start()
    topic = unique_name("ld")
    with kw.client(b.bootstrap) as c:
        assert c.create_topic(topic)["error_code"] == 0
        c.wait_topic(topic)
        assert c.produce(topic, 0, [b"x"])["error_code"] == 0
    b.stop()
    assert os.path.isdir(tmp_path / "single" / f"{topic}-0")


def test_auto_create_disabled_by_config(make_broker):
    b = make_broker(overrides={"auto.create.topics.enable": "false"}).start()
    with kw.client(b.bootstrap) as c:
        name = unique_name("noauto")
        (t,) = c.metadata([name])["topics"]
        assert t["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION
        # explicit creation still works
        assert c.create_topic(name)["error_code"] == 0
        c.wait_topic(name)
