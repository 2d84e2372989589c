"""`__consumer_offsets` is compacted: superseded commits and old tombstones go,
the latest commit of every (group, topic, partition) stays, offsets never move.

The broker runs with a tiny offsets.topic.segment.bytes so commits roll segments,
and a short log.cleaner.backoff.ms so the cleaner runs often.
"""
import glob
import os
import struct
import time

import confluent_kafka as ck
from confluent_kafka.admin import AdminClient, NewTopic
from kafka import errors as kafka_errors

import kafka_wire as kw

OVERRIDES = {
    "offsets.topic.num.partitions": "1",
    "offsets.topic.segment.bytes": "4096",
    "log.cleaner.backoff.ms": "200",
}


def commit(broker, group, topic, offsets):
    c = ck.Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group,
                     "enable.auto.commit": False})
    try:
        c.commit(offsets=[ck.TopicPartition(topic, p, o) for p, o in offsets.items()],
                 asynchronous=False)
    finally:
        c.close()


def committed(broker, group, topic, partitions):
    c = ck.Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group})
    try:
        got = c.committed([ck.TopicPartition(topic, p) for p in range(partitions)], timeout=10)
        return {tp.partition: tp.offset for tp in got}
    finally:
        c.close()


def read_offsets_topic(broker):
    """Every record of __consumer_offsets-0 as (offset, key, value) via a plain consumer."""
    c = ck.Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "reader",
                     "enable.auto.commit": False, "enable.partition.eof": True})
    c.assign([ck.TopicPartition("__consumer_offsets", 0, ck.OFFSET_BEGINNING)])
    out = []
    try:
        deadline = time.time() + 20
        while time.time() < deadline:
            m = c.poll(1)
            if m is None:
                continue
            if m.error():
                if m.error().code() == ck.KafkaError._PARTITION_EOF:
                    break
                raise AssertionError(m.error())
            out.append((m.offset(), m.key(), m.value()))
    finally:
        c.close()
    return out


def test_offsets_topic_is_compacted(make_broker):
    b = make_broker(overrides=OVERRIDES)
    b.start()
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    admin.create_topics([NewTopic("cmp-t", 3, 1)])["cmp-t"].result(30)
    # committed once, early: its record ends up in a cleaned segment
    commit(b, "cmp-early", "cmp-t", {0: 5, 1: 6})
    # 300 commits of three partitions by two groups: only the last per key matters
    for i in range(1, 301):
        commit(b, "cmp-a", "cmp-t", {0: i, 1: 2 * i, 2: 3 * i})
        if i % 3 == 0:
            commit(b, "cmp-b", "cmp-t", {0: i})
    # a group that is deleted: its records become tombstones
    commit(b, "cmp-gone", "cmp-t", {0: 7})
    from kafka import KafkaAdminClient
    ka = KafkaAdminClient(bootstrap_servers=b.bootstrap)
    assert dict(ka.delete_consumer_groups(["cmp-gone"])) == {"cmp-gone": kafka_errors.NoError}
    ka.close()
    # 300 + 100 + 1 commits wrote at least 1001 records (offsets 0..1000+)
    deadline = time.time() + 30
    while "log cleaner: __consumer_offsets-0" not in b.log_text() and time.time() < deadline:
        time.sleep(0.2)
    assert "log cleaner: __consumer_offsets-0" in b.log_text()
    time.sleep(1)  # let the cleaner catch up with the last rolled segment

    records = read_offsets_topic(b)
    offsets = [o for o, _, _ in records]
    assert offsets[-1] >= 1000  # offsets never move
    # what remains: the latest records plus the uncleaned active segment (4 KiB, ~50 records)
    assert len(records) < 150, len(records)
    assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)
    # on disk, the cleaned (closed) segments hold each key at most once; only
    # the active segment, which the cleaner never touches, may repeat keys
    segments = sorted(glob.glob(os.path.join(b.log_dir, "__consumer_offsets-0", "*.log")))
    assert len(segments) >= 2
    closed_keys = []
    for path in segments[:-1]:
        with open(path, "rb") as f:
            for batch in kw.parse_batches(f.read(), allow_partial=False):
                closed_keys += [r["key"] for r in batch.records]
                # a filtered batch keeps its offsets: RecordCount may be below LastOffsetDelta + 1
                assert batch.record_count <= batch.last_offset_delta + 1
    assert closed_keys and len(closed_keys) == len(set(closed_keys)), closed_keys
    assert any(b"cmp-early" in k for k in closed_keys)
    # the last record of each key is the latest commit (OffsetCommitValue: version, offset)
    last = {}
    for _, k, v in records:
        last[k] = v
    key_a0 = struct.pack(">h", 1) + struct.pack(">h", 5) + b"cmp-a" + \
        struct.pack(">h", 5) + b"cmp-t" + struct.pack(">i", 0)
    assert key_a0 in last
    assert struct.unpack_from(">hq", last[key_a0])[1] == 300

    assert committed(b, "cmp-a", "cmp-t", 3) == {0: 300, 1: 600, 2: 900}
    assert committed(b, "cmp-b", "cmp-t", 1) == {0: 300}
    # the coordinator replays the compacted log after a restart
    b.restart()
    assert committed(b, "cmp-a", "cmp-t", 3) == {0: 300, 1: 600, 2: 900}
    assert committed(b, "cmp-b", "cmp-t", 1) == {0: 300}
    assert committed(b, "cmp-gone", "cmp-t", 1) == {0: ck.OFFSET_INVALID}
    assert committed(b, "cmp-early", "cmp-t", 2) == {0: 5, 1: 6}
