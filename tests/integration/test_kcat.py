"""kcat (librdkafka's command-line client) against samsa.

Metadata listing, keyed produce through kcat's default (consistent_random)
partitioner, binary-safe values (whole files, and custom delimiters around
NULs/newlines), headers, compression, and consumption per partition and
across partitions with exact bytes back.
"""
import json
import os
import shutil
import subprocess
import zlib

import pytest
from confluent_kafka.admin import AdminClient, NewTopic

KCAT = shutil.which("kcat") or shutil.which("kafkacat")
PARTITIONS = 3

# Print each message as a text header line followed by the raw key and value bytes,
# so any byte (NUL, newline, 0xff) survives parsing.
FMT = "%p %o %K %S %T\\n%k%s"


@pytest.fixture(scope="module", autouse=True)
def need_kcat():
    if not KCAT:
        pytest.fail("kcat is not installed (apt-get install kcat)")


def kcat(broker, *args, input=None, timeout=60):
    cmd = [KCAT, "-b", broker.bootstrap, "-m", "15", *args]
    r = subprocess.run(cmd, input=input, capture_output=True, timeout=timeout)
    assert r.returncode == 0, (f"{cmd} exited {r.returncode}\nstderr: {r.stderr.decode(errors='replace')}"
                               f"\nbroker log tail:\n{broker.log_text()[-3000:]}")
    return r.stdout, r.stderr


def create_topic(broker, name, partitions=PARTITIONS):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    fut = admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)],
                              operation_timeout=10, request_timeout=15)[name]
    fut.result(timeout=30)


def parse(out):
    """Parse FMT output into [(partition, offset, key, value, timestamp)]."""
    msgs, pos = [], 0
    while pos < len(out):
        nl = out.index(b"\n", pos)
        p, o, klen, vlen, ts = (int(x) for x in out[pos:nl].split(b" "))
        pos = nl + 1
        key = None
        if klen >= 0:
            key, pos = out[pos:pos + klen], pos + klen
        value = None
        if vlen >= 0:
            value, pos = out[pos:pos + vlen], pos + vlen
        msgs.append((p, o, key, value, ts))
    assert pos == len(out), "trailing bytes in kcat output"
    return msgs


def consume(broker, topic, partition=None, offset="beginning"):
    args = ["-C", "-t", topic, "-e", "-o", offset, "-f", FMT]
    if partition is not None:
        args += ["-p", str(partition)]
    out, _ = kcat(broker, *args)
    return parse(out)


def consistent_random(key, partitions):
    # librdkafka's consistent_random partitioner: CRC-32 (zlib's) of the key modulo
    # the partition count, for non-empty keys.
    return zlib.crc32(key) % partitions


def test_metadata_lists_broker_and_topics(broker):
    create_topic(broker, "kcat-meta")
    out, _ = kcat(broker, "-L", "-J")
    md = json.loads(out)
    assert [b["name"] for b in md["brokers"]] == [broker.bootstrap], md["brokers"]
    broker_id = md["brokers"][0]["id"]
    topics = {t["topic"]: t for t in md["topics"]}
    assert "kcat-meta" in topics, md
    t = topics["kcat-meta"]
    assert "error" not in t, t
    parts = sorted(t["partitions"], key=lambda p: p["partition"])
    assert [p["partition"] for p in parts] == list(range(PARTITIONS))
    for p in parts:
        assert p["leader"] == broker_id, p
        assert [r["id"] for r in p["replicas"]] == [broker_id], p
        assert [r["id"] for r in p["isrs"]] == [broker_id], p

    # Plain text listing of one topic.
    out, _ = kcat(broker, "-L", "-t", "kcat-meta")
    text = out.decode()
    assert f"topic \"kcat-meta\" with {PARTITIONS} partitions:" in text, text
    assert "1 brokers:" in text, text


def test_keyed_produce_consistent_partitioning(broker):
    topic = "kcat-keys"
    create_topic(broker, topic)
    keys = [f"user-{k}".encode() for k in range(25)]
    sent = []  # (key, value) in production order
    for i in range(600):
        key = keys[(i * 7) % len(keys)]
        sent.append((key, b"v%05d:with:colons" % i))
    data = b"".join(k + b":" + v + b"\n" for k, v in sent)
    kcat(broker, "-P", "-t", topic, "-K:", input=data)

    allmsgs = consume(broker, topic)
    assert sorted((k, v) for _, _, k, v, _ in allmsgs) == sorted(sent)

    key_partition = {}
    for p, o, k, v, ts in allmsgs:
        assert key_partition.setdefault(k, p) == p, f"key {k} in partitions {key_partition[k]} and {p}"
        assert p == consistent_random(k, PARTITIONS), (k, p)
    assert len(set(key_partition.values())) > 1, "25 keys all hashed to one partition?"

    per_partition_total = 0
    for part in range(PARTITIONS):
        msgs = consume(broker, topic, part)
        assert all(m[0] == part for m in msgs)
        # Offsets are contiguous from 0 and in production order.
        assert [m[1] for m in msgs] == list(range(len(msgs)))
        expected = [(k, v) for k, v in sent if consistent_random(k, PARTITIONS) == part]
        assert [(m[2], m[3]) for m in msgs] == expected
        # The same partition read across-partitions gives the same records.
        assert [m for m in allmsgs if m[0] == part] == msgs
        per_partition_total += len(msgs)
    assert per_partition_total == len(sent)


def test_binary_values_from_files(broker, tmp_path):
    topic = "kcat-binary-files"
    create_topic(broker, topic)
    values = [bytes(range(256)) * 3,
              b"\x00" * 1000,
              b"\n\r\x00\xff:" * 50,
              os.urandom(70000),
              b"x",
              os.urandom(900_000)]  # near message.max.bytes (default 1048588)
    files = []
    for i, v in enumerate(values):
        f = tmp_path / f"msg{i}.bin"
        f.write_bytes(v)
        files.append(str(f))
    key = b"bin\x01key"
    # -k: fixed key for all messages; every file is one message.
    kcat(broker, "-P", "-t", topic, "-k", key.decode(), *files)
    msgs = consume(broker, topic)
    assert len(msgs) == len(values)
    part = consistent_random(key, PARTITIONS)
    assert all(m[0] == part for m in msgs), [m[:2] for m in msgs]
    assert [m[2] for m in msgs] == [key] * len(values)
    # One producer, one key, one partition: production order is kept.
    assert [m[3] for m in msgs] == values


def test_binary_values_custom_delimiters(broker):
    topic = "kcat-binary-delim"
    create_topic(broker, topic)
    # Message delimiter \x1e, key delimiter \x1d; keys and values contain NUL, newline, 0xff.
    sent = []
    for i in range(200):
        key = b"k\x00%d\n" % (i % 10)
        value = bytes([(i + j) % 256 for j in range(300) if (i + j) % 256 not in (0x1d, 0x1e)])
        sent.append((key, value))
    data = b"".join(k + b"\x1d" + v + b"\x1e" for k, v in sent)
    kcat(broker, "-P", "-t", topic, "-D", "\\x1e", "-K", "\\x1d", input=data)
    msgs = consume(broker, topic)
    assert sorted((m[2], m[3]) for m in msgs) == sorted(sent)
    for p, o, k, v, ts in msgs:
        assert p == consistent_random(k, PARTITIONS), (k, p)
    for part in range(PARTITIONS):
        got = [(m[2], m[3]) for m in msgs if m[0] == part]
        assert got == [(k, v) for k, v in sent if consistent_random(k, PARTITIONS) == part]


@pytest.mark.parametrize("codec", ["gzip", "snappy", "lz4", "zstd"])
def test_compressed_produce(broker, codec):
    topic = f"kcat-z-{codec}"
    create_topic(broker, topic, partitions=1)
    sent = [b"%s-%06d-" % (codec.encode(), i) + b"abc" * (i % 50) for i in range(2000)]
    kcat(broker, "-P", "-t", topic, "-z", codec, "-p", "0", "-X", "linger.ms=50",
         input=b"\n".join(sent) + b"\n")
    msgs = consume(broker, topic, 0)
    assert [m[3] for m in msgs] == sent
    assert [m[1] for m in msgs] == list(range(len(sent)))
    # Start in the middle of a compressed batch (relative to the end): the broker
    # returns whole batches, the client drops the records before its offset.
    tail = consume(broker, topic, 0, offset="-7")
    assert [(m[1], m[3]) for m in tail] == list(zip(range(len(sent) - 7, len(sent)), sent[-7:]))
    mid = consume(broker, topic, 0, offset="1234")
    assert [m[1] for m in mid] == list(range(1234, len(sent)))


def test_headers_and_timestamp_query(broker):
    topic = "kcat-headers"
    create_topic(broker, topic, partitions=1)
    kcat(broker, "-P", "-t", topic, "-p", "0", "-H", "h1=v1", "-H", "trace=abc=def",
         input=b"one\ntwo\n")
    out, _ = kcat(broker, "-C", "-t", topic, "-p", "0", "-e", "-o", "beginning", "-J")
    lines = [json.loads(line) for line in out.decode().splitlines()]
    assert [m["payload"] for m in lines] == ["one", "two"]
    for m in lines:
        # kcat prints headers as a flat [name, value, ...] list, in order.
        assert m["headers"] == ["h1", "v1", "trace", "abc=def"], m
        assert m["tstype"] == "create", m
    ts0 = lines[0]["ts"]
    assert abs(ts0 - lines[1]["ts"]) < 60000
    # -Q: offset for a timestamp (ListOffsets by time). Timestamp 0 → first offset;
    # a timestamp after the last message → -1, as Kafka answers.
    out, _ = kcat(broker, "-Q", "-t", f"{topic}:0:0")
    assert out.decode().strip() == f"{topic} [0] offset 0", out
    out, _ = kcat(broker, "-Q", "-t", f"{topic}:0:{lines[1]['ts'] + 3600_000}")
    assert out.decode().strip() == f"{topic} [0] offset -1", out
