"""Retention: old segments go by retention.ms and retention.bytes, the log
start offset moves, a consumer below it gets OFFSET_OUT_OF_RANGE and resets
by its policy; deleted segments are renamed *.deleted first and removed after
file.delete.delay.ms; segment.ms rolls by time.

The broker checks retention every 200 ms (log.retention.check.interval.ms).
"""
import glob
import os
import time

import confluent_kafka as ck
import pytest

import kafka_wire as kw

OVERRIDES = {"log.retention.check.interval.ms": "200"}
EARLIEST, LATEST = -2, -1


def make_topic(c, name, configs):
    res = c.create_topics([{"name": name, "num_partitions": 1, "replication_factor": 1,
                            "configs": [{"name": k, "value": v} for k, v in configs.items()]}])
    assert res[0]["error_code"] == 0, res
    c.wait_topic(name)


def produce_n(c, topic, n, size=100, per_batch=10):
    for i in range(0, n, per_batch):
        r = c.produce(topic, 0, [b"x" * size for _ in range(min(per_batch, n - i))])
        assert r["error_code"] == 0, r


def segments(broker, topic, ext=".log"):
    return sorted(glob.glob(os.path.join(broker.log_dir, f"{topic}-0", "*" + ext)))


def wait_for(pred, timeout=20, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def rb(make_broker):
    b = make_broker(overrides=OVERRIDES)
    b.start()
    return b


def test_retention_ms_deletes_old_segments(rb):
    with kw.client(rb.bootstrap) as c:
        make_topic(c, "ret-time", {"segment.bytes": "2000", "retention.ms": "1500",
                                   "file.delete.delay.ms": "1000"})
        produce_n(c, "ret-time", 100)
        assert len(segments(rb, "ret-time")) > 3
        end = c.list_offsets("ret-time", 0, LATEST)["offset"]
        assert end == 100
        # everything is older than 1.5 s soon: every closed segment and the
        # active one go, a fresh empty active segment stays at the end offset
        start = wait_for(lambda: c.list_offsets("ret-time", 0, EARLIEST)["offset"] == end and end,
                         what="the log start offset to reach the end")
        assert start == 100
        assert [os.path.basename(p) for p in segments(rb, "ret-time")] == ["00000000000000000100.log"]
        # the deleted files were renamed first, then removed after file.delete.delay.ms
        wait_for(lambda: not segments(rb, "ret-time", ".deleted"), what="*.deleted files to go")
        # a fetch below the start offset is out of range; new data is readable
        r = c.fetch("ret-time", 0, 0, version=12)
        assert r["error_code"] == kw.OFFSET_OUT_OF_RANGE, r
        assert r["log_start_offset"] == 100
        produce_n(c, "ret-time", 5)
        assert len(c.fetch_all("ret-time", 0, start=100)) == 5
    assert "retention: ret-time-0: deleted" in rb.log_text()


def test_retention_bytes_keeps_the_newest(rb):
    with kw.client(rb.bootstrap) as c:
        make_topic(c, "ret-size", {"segment.bytes": "2000", "retention.bytes": "5000",
                                   "file.delete.delay.ms": "0"})
        produce_n(c, "ret-size", 200)
        # at most retention.bytes stay (plus the active segment Kafka never counts against it)
        def small():
            total = sum(os.path.getsize(p) for p in segments(rb, "ret-size"))
            return total <= 5000 + 2000 and total
        wait_for(small, what="the log to shrink to retention.bytes")
        start = c.list_offsets("ret-size", 0, EARLIEST)["offset"]
        assert 0 < start < 200
        got = c.fetch_all("ret-size", 0, start=start)
        assert [r["offset"] for r in got] == list(range(start, 200))


def test_consumer_below_start_resets(rb):
    with kw.client(rb.bootstrap) as c:
        make_topic(c, "ret-reset", {"segment.bytes": "2000", "retention.ms": "1000"})
        produce_n(c, "ret-reset", 60)
        wait_for(lambda: c.list_offsets("ret-reset", 0, EARLIEST)["offset"] == 60,
                 what="retention to delete everything")
        # Keep what comes next: with retention.ms 1000 the 7 records would go a second after
        # they are written, which a consumer on a slow machine may not have fetched by then.
        assert kw.incremental_alter_configs(c, "ret-reset", [("retention.ms", 0, "3600000")]) == (0, None)
        produce_n(c, "ret-reset", 7)
    # a consumer positioned at offset 0 (below the start offset) resets to earliest
    cons = ck.Consumer({"bootstrap.servers": rb.bootstrap, "group.id": "ret-reset-g",
                        "auto.offset.reset": "earliest", "enable.auto.commit": False})
    try:
        cons.assign([ck.TopicPartition("ret-reset", 0, 0)])
        got = []
        deadline = time.time() + 20
        while len(got) < 7 and time.time() < deadline:
            m = cons.poll(0.5)
            if m is not None and not m.error():
                got.append(m.offset())
        assert got == list(range(60, 67))
    finally:
        cons.close()


def test_compact_only_topic_keeps_old_segments(rb):
    with kw.client(rb.bootstrap) as c:
        make_topic(c, "ret-compact", {"segment.bytes": "2000", "retention.ms": "500",
                                      "cleanup.policy": "compact"})
        for i in range(30):
            r = c.produce("ret-compact", 0, [{"key": b"k%d" % i, "value": b"v" * 100}])
            assert r["error_code"] == 0, r
        time.sleep(1.5)
        assert c.list_offsets("ret-compact", 0, EARLIEST)["offset"] == 0


def test_segment_ms_rolls_by_time(rb):
    with kw.client(rb.bootstrap) as c:
        make_topic(c, "ret-roll", {"segment.ms": "300"})
        produce_n(c, "ret-roll", 3, per_batch=1)
        assert len(segments(rb, "ret-roll")) == 1
        time.sleep(0.5)
        produce_n(c, "ret-roll", 1, per_batch=1)
        assert len(segments(rb, "ret-roll")) == 2
        assert os.path.basename(segments(rb, "ret-roll")[1]) == "00000000000000000003.log"


def test_compacted_topic_refuses_records_without_key(rb):
    """Kafka's LogValidator: 'Compacted topic cannot accept message without key'."""
    with kw.client(rb.bootstrap) as c:
        make_topic(c, "ret-nokey", {"cleanup.policy": "compact"})
        r = c.produce("ret-nokey", 0, [{"key": b"k", "value": b"v"}, {"key": None, "value": b"v"}])
        assert r["error_code"] == kw.INVALID_RECORD, r
        r = c.produce("ret-nokey", 0, [{"key": b"k", "value": b"v"}])
        assert r["error_code"] == 0, r
        make_topic(c, "ret-nokey-del", {"cleanup.policy": "delete"})
        assert c.produce("ret-nokey-del", 0, [b"no key"])["error_code"] == 0


@pytest.mark.parametrize("version", [0, 1, 2])
def test_delete_records_moves_log_start_offset(rb, version):
    topic = f"ret-delrec-{version}"
    with kw.client(rb.bootstrap) as c:
        make_topic(c, topic, {"segment.bytes": "2000"})
        produce_n(c, topic, 100)
        assert kw.delete_records(c, topic, {0: 42}, version) == {0: (0, 42)}
        assert c.list_offsets(topic, 0, EARLIEST)["offset"] == 42
        r = c.fetch(topic, 0, 10)
        assert r["error_code"] == kw.OFFSET_OUT_OF_RANGE and r["log_start_offset"] == 42
        assert [x["offset"] for x in c.fetch_all(topic, 0, start=42)][:1] == [42]
        # a lower offset changes nothing; beyond the high watermark is out of range
        assert kw.delete_records(c, topic, {0: 10}, version) == {0: (0, 42)}
        assert kw.delete_records(c, topic, {0: 101}, version)[0][0] == kw.OFFSET_OUT_OF_RANGE
        assert kw.delete_records(c, "no-such-topic", {0: 1}, version)[0][0] == kw.UNKNOWN_TOPIC_OR_PARTITION
        # segments wholly below the start offset go at the next retention check
        wait_for(lambda: os.path.basename(segments(rb, topic)[0]) != "00000000000000000000.log",
                 what="the first segment to be deleted")
    # the start offset survives a restart (log-start-offset-checkpoint), even after kill -9
    rb.kill()
    rb.start()
    with kw.client(rb.bootstrap) as c:
        assert c.list_offsets(topic, 0, EARLIEST)["offset"] == 42
        # -1 deletes everything up to the high watermark
        assert kw.delete_records(c, topic, {0: -1}, version) == {0: (0, 100)}
        assert c.list_offsets(topic, 0, EARLIEST)["offset"] == 100
