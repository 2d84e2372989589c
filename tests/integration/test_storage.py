"""On-disk layout (Kafka's own files and formats), segment roll, restart,
crash recovery after kill -9, torn tails, topic deletion."""
import os
import random
import re
import struct
import threading
import time

import pytest

import kafka_wire as kw
from kafka_wire import build_batch, unique_name

SEGMENT_NAME = re.compile(r"^(\d{20})\.log$")


# ---------------------------------------------------------------------------
# Helpers: Kafka's file formats
# ---------------------------------------------------------------------------

def read_checkpoint(path):
    """Kafka's offset checkpoint: version line "0", count line, then
    "<topic> <partition> <offset>" lines. Returns {(topic, partition): offset}."""
    with open(path) as f:
        lines = f.read().splitlines()
    assert lines[0] == "0", f"{path}: version line {lines[0]!r}"
    n = int(lines[1])
    entries = [ln for ln in lines[2:] if ln.strip()]
    assert len(entries) == n, f"{path}: count {n} but {len(entries)} entries"
    out = {}
    for ln in entries:
        topic, part, off = ln.rsplit(" ", 2)
        out[(topic, int(part))] = int(off)
    return out


def read_leader_epoch_checkpoint(path):
    with open(path) as f:
        lines = f.read().splitlines()
    assert lines[0] == "0", lines
    n = int(lines[1])
    entries = [tuple(int(x) for x in ln.split()) for ln in lines[2:] if ln.strip()]
    assert len(entries) == n and all(len(e) == 2 for e in entries), lines
    return entries


def read_properties(path):
    props = {}
    with open(path) as f:
        for ln in f:
            ln = ln.strip()
            if ln and not ln.startswith("#"):
                k, _, v = ln.partition("=")
                props[k.strip()] = v.strip()
    return props


def segments(pdir):
    """[(base_offset, path_without_ext)] of a partition dir, sorted."""
    out = []
    for name in os.listdir(pdir):
        m = SEGMENT_NAME.match(name)
        if m:
            out.append((int(m.group(1)), os.path.join(pdir, name[:-4])))
    return sorted(out)


def read_batches(log_path):
    with open(log_path, "rb") as f:
        return kw.parse_batches(f.read(), allow_partial=False)


def check_indexes(base, stem):
    """The .index (relative offset int32, position int32) and .timeindex
    (timestamp int64, relative offset int32) of one segment are well formed and
    point at real batches."""
    batches = read_batches(stem + ".log")
    starts = {b.position: b for b in batches}
    idx = open(stem + ".index", "rb").read()
    tidx = open(stem + ".timeindex", "rb").read()
    assert len(idx) % 8 == 0, (stem, len(idx))
    assert len(tidx) % 12 == 0, (stem, len(tidx))
    prev = (-1, -1)
    for i in range(0, len(idx), 8):
        rel, pos = struct.unpack_from(">ii", idx, i)
        if i > 0 and rel == 0 and pos == 0:
            break  # preallocated, unused tail (Kafka trims it on close)
        assert rel > prev[0] and pos > prev[1], (stem, i, rel, pos, prev)
        assert pos in starts, f"{stem}.index entry {i // 8} -> {pos} is not a batch start"
        b = starts[pos]
        assert b.base_offset <= base + rel <= b.last_offset, (stem, rel, pos, b)
        prev = (rel, pos)
    prev_ts = -1
    last_off = batches[-1].last_offset if batches else base
    for i in range(0, len(tidx), 12):
        ts, rel = struct.unpack_from(">qi", tidx, i)
        if i > 0 and ts == 0 and rel == 0:
            break
        assert ts >= prev_ts, (stem, i, ts, prev_ts)
        assert 0 <= rel <= last_off - base, (stem, i, rel)
        # The entry names the largest timestamp so far and where it is: the
        # batch holding that offset has that max timestamp.
        holder = [b for b in batches if b.base_offset <= base + rel <= b.last_offset]
        assert holder and holder[0].max_timestamp == ts, (stem, i, ts, rel)
        prev_ts = ts
    return batches


def make_topic(c, partitions=1, name=None):
    name = name or unique_name("st")
    res = c.create_topic(name, partitions)
    assert res["error_code"] == 0, res
    c.wait_topic(name)
    return name


def produce_values(c, topic, partition, values, per_batch=1):
    """Produces values in batches; returns the list of base offsets."""
    bases = []
    for i in range(0, len(values), per_batch):
        p = c.produce(topic, partition, values[i:i + per_batch])
        assert p["error_code"] == 0, p
        bases.append(p["base_offset"])
    return bases


def assert_serves(c, topic, partition, values, every_offset=False):
    recs = c.fetch_all(topic, partition)
    assert [r["offset"] for r in recs] == list(range(len(values)))
    assert [r["value"] for r in recs] == values
    if every_offset:
        for o in range(len(values)):
            f = c.fetch(topic, partition, o, partition_max_bytes=1)
            assert f["error_code"] == 0, (o, f)
            first = kw.parse_batches(f["records"])[0]
            assert first.base_offset <= o <= first.last_offset, (o, first)
            got = [r for r in first.records if r["offset"] == o]
            assert got and got[0]["value"] == values[o], o


def log_since(b, mark):
    return b.log_text()[mark:]


# ---------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------

def test_layout_after_clean_stop(make_broker):
    b = make_broker(overrides={"log.index.interval.bytes": "100"}).start()
    log_dir = b.log_dir
    assert not os.path.exists(os.path.join(log_dir, ".kafka_cleanshutdown"))
    with kw.client(b.bootstrap) as c:
        topic = make_topic(c, partitions=2)
        md = c.metadata([topic], version=12)
        tid = md["topics"][0]["topic_id"]
        node_id = md["brokers"][0]["node_id"]
        cluster_id = md["cluster_id"]
        vals = [f"value-{i:04d}-".encode() * 4 for i in range(30)]
        produce_values(c, topic, 0, vals, per_batch=3)
        produce_values(c, topic, 1, vals[:5])
    # While running there is no clean-shutdown marker (a crash must not look clean).
    assert not os.path.exists(os.path.join(log_dir, ".kafka_cleanshutdown"))
    b.stop()

    assert os.path.exists(os.path.join(log_dir, ".kafka_cleanshutdown"))
    props = read_properties(os.path.join(log_dir, "meta.properties"))
    assert props.get("cluster.id") == cluster_id, props
    assert props.get("node.id", props.get("broker.id")) == str(node_id), props
    assert props.get("version") in ("0", "1"), props

    for part, n in ((0, 30), (1, 5)):
        pdir = os.path.join(log_dir, f"{topic}-{part}")
        assert os.path.isdir(pdir), os.listdir(log_dir)
        names = set(os.listdir(pdir))
        for f in ("00000000000000000000.log", "00000000000000000000.index",
                  "00000000000000000000.timeindex", "partition.metadata",
                  "leader-epoch-checkpoint"):
            assert f in names, (f, names)
        with open(os.path.join(pdir, "partition.metadata")) as f:
            lines = f.read().splitlines()
        assert lines == ["version: 0", f"topic_id: {kw.uuid_base64(tid)}"], lines
        batches = check_indexes(0, os.path.join(pdir, "00000000000000000000"))
        assert sum(b.record_count for b in batches) == n
        assert batches[-1].last_offset == n - 1
        for e, start in read_leader_epoch_checkpoint(os.path.join(pdir, "leader-epoch-checkpoint")):
            assert e >= 0 and 0 <= start <= n
    # With index interval 100 bytes and ~150-byte batches, partition 0's
    # segment has index entries.
    idx0 = os.path.getsize(os.path.join(log_dir, f"{topic}-0", "00000000000000000000.index"))
    assert idx0 >= 8
    tidx0 = os.path.getsize(os.path.join(log_dir, f"{topic}-0",
                                         "00000000000000000000.timeindex"))
    assert tidx0 >= 12

    rp = read_checkpoint(os.path.join(log_dir, "recovery-point-offset-checkpoint"))
    hw = read_checkpoint(os.path.join(log_dir, "replication-offset-checkpoint"))
    ls = read_checkpoint(os.path.join(log_dir, "log-start-offset-checkpoint"))
    for part, n in ((0, 30), (1, 5)):
        assert rp.get((topic, part)) == n, rp
        assert hw.get((topic, part)) == n, hw
        # Kafka writes a log start offset only when it is past the first segment.
        assert ls.get((topic, part), 0) == 0, ls

    # Restart: the marker is consumed, data and topic id are the same.
    b.start()
    assert not os.path.exists(os.path.join(log_dir, ".kafka_cleanshutdown"))
    with kw.client(b.bootstrap) as c:
        assert c.topic_id(topic) == tid
        assert_serves(c, topic, 0, vals)
        assert_serves(c, topic, 1, vals[:5])


# ---------------------------------------------------------------------------
# Segment roll
# ---------------------------------------------------------------------------

def test_segment_roll_and_restart(make_broker):
    seg = 2048
    b = make_broker(overrides={"log.segment.bytes": str(seg),
                               "log.index.interval.bytes": "256"}).start()
    with kw.client(b.bootstrap) as c:
        topic = make_topic(c)
        vals = [f"{i:05d}".encode() + os.urandom(100).hex().encode() for i in range(80)]
        bases = produce_values(c, topic, 0, vals, per_batch=2)
        assert bases == list(range(0, 80, 2))
        assert_serves(c, topic, 0, vals, every_offset=True)

    def check_files():
        pdir = os.path.join(b.log_dir, f"{topic}-0")
        segs = segments(pdir)
        assert len(segs) >= 5, segs
        next_off = 0
        for base, stem in segs:
            assert os.path.getsize(stem + ".log") <= seg, stem
            batches = check_indexes(base, stem)
            assert batches, f"empty segment {stem}"
            assert batches[0].base_offset == base == next_off, (stem, next_off)
            for bt in batches:
                assert bt.base_offset == next_off
                next_off = bt.last_offset + 1
        assert next_off == 80

    b.stop()
    check_files()
    b.start()
    with kw.client(b.bootstrap) as c:
        assert_serves(c, topic, 0, vals, every_offset=True)
        more = [b"after-restart-%d" % i for i in range(6)]
        assert produce_values(c, topic, 0, more, per_batch=3) == [80, 83]
        assert_serves(c, topic, 0, vals + more)
        lo = c.list_offsets(topic, 0, kw.EARLIEST)
        assert lo["offset"] == 0
    # And after a crash, too.
    b.kill()
    b.start()
    with kw.client(b.bootstrap) as c:
        assert_serves(c, topic, 0, vals + more, every_offset=True)


# ---------------------------------------------------------------------------
# kill -9 under load
# ---------------------------------------------------------------------------

class Producer(threading.Thread):
    """Produces acks=1 batches of 1-4 unique values to one partition until the
    connection breaks; records what was acknowledged."""

    def __init__(self, bootstrap, topic, partition, seed):
        super().__init__(daemon=True)
        self.bootstrap, self.topic, self.partition = bootstrap, topic, partition
        self.rnd = random.Random(seed)
        self.acked = []  # (base_offset, [values])
        self.seq = 0
        self.enough = threading.Event()
        self.error = None

    def run(self):
        try:
            c = kw.client(self.bootstrap, timeout=10)
        except OSError as e:
            self.error = e
            self.enough.set()
            return
        try:
            while True:
                n = self.rnd.randint(1, 4)
                vals = [f"p{self.partition}-{self.seq + i:07d}".encode() for i in range(n)]
                self.seq += n
                try:
                    p = c.produce(self.topic, self.partition, vals)
                except (kw.ConnectionClosed, OSError, kw.DecodeError):
                    return  # the broker was killed
                if p["error_code"] != 0:
                    self.error = p
                    return
                self.acked.append((p["base_offset"], vals))
                if len(self.acked) >= 150:
                    self.enough.set()
        finally:
            self.enough.set()
            c.close()


def test_kill9_during_produce_keeps_every_acked_write(make_broker):
    b = make_broker().start()
    with kw.client(b.bootstrap) as c:
        topic = make_topic(c, partitions=2)
    producers = [Producer(b.bootstrap, topic, p, seed=p) for p in (0, 1)]
    for p in producers:
        p.start()
    for p in producers:
        assert p.enough.wait(60), "producers made no progress"
    b.kill()
    for p in producers:
        p.join(15)
        assert not p.is_alive()
        assert p.error is None, p.error
        assert len(p.acked) >= 150
    b.start()
    with kw.client(b.bootstrap) as c:
        for p in producers:
            recs = c.fetch_all(topic, p.partition)
            assert [r["offset"] for r in recs] == list(range(len(recs)))
            values = [r["value"] for r in recs]
            assert len(set(values)) == len(values), "duplicated records"
            assert values == sorted(values), "records out of order"
            for base, vals in p.acked:
                got = values[base:base + len(vals)]
                assert got == vals, (base, vals, got)
            # Only the last in-flight batch may be there without an ack.
            n_acked = sum(len(v) for _, v in p.acked)
            assert n_acked <= len(values) <= n_acked + 4
            # New writes continue right after.
            r = c.produce(topic, p.partition, [b"after crash"])
            assert r["error_code"] == 0 and r["base_offset"] == len(values)


# ---------------------------------------------------------------------------
# Torn tails
# ---------------------------------------------------------------------------

def _damage(path, how, batches):
    size = os.path.getsize(path)
    if how == "truncate_mid_batch":
        last = batches[-1]
        with open(path, "r+b") as f:
            f.truncate(last.position + last.size // 2)
        return len(batches) - 1
    with open(path, "ab") as f:
        if how == "garbage_random":
            f.write(random.Random(7).randbytes(300))
        elif how == "garbage_zeros":
            f.write(bytes(4096))
        elif how == "garbage_fake_header":
            # Looks like the next batch (right base offset, magic 2) but its
            # length runs past the end of the file.
            nxt = batches[-1].last_offset + 1
            f.write(struct.pack(">qiib", nxt, 5000, 0, 2) + b"\x00" * 40)
        elif how == "garbage_bad_crc_batch":
            nxt = batches[-1].last_offset + 1
            bad = bytearray(build_batch([b"never acked"], base_offset=nxt))
            bad[-1] ^= 0xFF
            f.write(bad)
        else:
            raise ValueError(how)
    assert os.path.getsize(path) > size
    return len(batches)


@pytest.mark.parametrize("how", ["truncate_mid_batch", "garbage_random", "garbage_zeros",
                                 "garbage_fake_header", "garbage_bad_crc_batch"])
def test_torn_tail_recovery(make_broker, how):
    b = make_broker().start()
    with kw.client(b.bootstrap) as c:
        topic = make_topic(c)
        vals = [f"torn-{i:03d}".encode() for i in range(30)]
        produce_values(c, topic, 0, vals, per_batch=3)
    b.kill()
    stem = os.path.join(b.log_dir, f"{topic}-0", "00000000000000000000")
    batches = read_batches(stem + ".log")
    assert len(batches) == 10
    keep = _damage(stem + ".log", how, batches)
    kept = vals[:3 * keep]
    mark = len(b.log_text())
    b.start()
    with kw.client(b.bootstrap) as c:
        assert_serves(c, topic, 0, kept, every_offset=True)
        assert c.list_offsets(topic, 0, kw.LATEST)["offset"] == len(kept)
        p = c.produce(topic, 0, [b"next"])
        assert p["error_code"] == 0 and p["base_offset"] == len(kept), p
        assert_serves(c, topic, 0, kept + [b"next"])
    assert re.search(r"truncat", log_since(b, mark), re.I), \
        "no truncation logged:\n" + log_since(b, mark)[-3000:]
    # The repaired file holds exactly the complete batches plus the new one.
    b.stop()
    after = read_batches(stem + ".log")
    assert [x.base_offset for x in after] == [3 * i for i in range(keep)] + [len(kept)]


# ---------------------------------------------------------------------------
# Deletion
# ---------------------------------------------------------------------------

def test_delete_topic_removes_partition_dirs(make_broker):
    b = make_broker().start()
    with kw.client(b.bootstrap) as c:
        topic = make_topic(c, partitions=3)
        old_id = c.topic_id(topic)
        for p in range(3):
            produce_values(c, topic, p, [b"x", b"y"])
        dirs = [os.path.join(b.log_dir, f"{topic}-{p}") for p in range(3)]
        assert all(os.path.isdir(d) for d in dirs)
        (r,) = c.delete_topics(names=[topic])
        assert r["error_code"] == 0, r
        deadline = time.monotonic() + 10
        while any(os.path.exists(d) for d in dirs):
            assert time.monotonic() < deadline, os.listdir(b.log_dir)
            time.sleep(0.05)
        (t,) = c.metadata([topic], allow_auto_topic_creation=False)["topics"]
        assert t["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION
    b.restart()
    with kw.client(b.bootstrap) as c:
        (t,) = c.metadata([topic], allow_auto_topic_creation=False)["topics"]
        assert t["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION, "deleted topic came back"
        assert not any(os.path.exists(d) for d in dirs)
        # The name can be reused: a new id and an empty log.
        make_topic(c, partitions=1, name=topic)
        assert c.topic_id(topic) != old_id
        # The old id is gone for good.
        f = c.fetch(topic, 0, 0, version=13, topic_id=old_id)
        assert f["error_code"] == kw.UNKNOWN_TOPIC_ID, f
        assert c.list_offsets(topic, 0, kw.LATEST)["offset"] == 0
        p = c.produce(topic, 0, [b"fresh"])
        assert p["error_code"] == 0 and p["base_offset"] == 0
        assert [r["value"] for r in c.fetch_all(topic, 0)] == [b"fresh"]


def test_topic_configs_survive_restart(make_broker):
    """Configs given at CreateTopics act on the topic and are still there after a restart."""
    b = make_broker().start()
    name = unique_name("cfg")
    with kw.client(b.bootstrap) as c:
        (r,) = c.create_topics([{"name": name, "num_partitions": 2, "replication_factor": 1,
                                 "configs": [{"name": "segment.bytes", "value": "2000"},
                                             {"name": "retention.ms", "value": "123456"}]}])
        assert r["error_code"] == 0, r
        c.wait_topic(name)
        produce_values(c, name, 0, [b"v" * 300] * 20)
    pdir = os.path.join(b.log_dir, f"{name}-0")
    assert len(segments(pdir)) > 1, "segment.bytes=2000 should roll segments"
    b.restart()
    with kw.client(b.bootstrap) as c:
        res = c.describe_configs(2, name, ["segment.bytes", "retention.ms", "cleanup.policy"])
        assert res["error_code"] == 0, res
        got = {e["name"]: (e["value"], e["config_source"]) for e in res["configs"]}
        assert got["segment.bytes"] == ("2000", 1), got   # DYNAMIC_TOPIC_CONFIG
        assert got["retention.ms"] == ("123456", 1), got
        assert got["cleanup.policy"] == ("delete", 5), got  # DEFAULT_CONFIG
        assert_serves(c, name, 0, [b"v" * 300] * 20)
