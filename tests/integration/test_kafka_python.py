"""kafka-python (pure Python client) against samsa.

api_version is left to auto-detection (ApiVersions); producers with acks=1 and
acks='all'; a group-less KafkaConsumer with assign + seek / seek_to_beginning /
seek_to_end reads exactly the expected records.
"""
import time

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

TIMEOUT = 30


@pytest.fixture(scope="module")
def admin(broker):
    a = KafkaAdminClient(bootstrap_servers=broker.bootstrap, request_timeout_ms=15000)
    yield a
    a.close()


def make_consumer(broker):
    return KafkaConsumer(bootstrap_servers=broker.bootstrap, group_id=None,
                         enable_auto_commit=False, auto_offset_reset="none",
                         request_timeout_ms=20000, fetch_max_wait_ms=100)


def poll_until(consumer, n, timeout=TIMEOUT):
    """Poll until n records arrived (returns them in order per partition) or time out."""
    out = []
    deadline = time.time() + timeout
    while len(out) < n and time.time() < deadline:
        for tp, recs in sorted(consumer.poll(timeout_ms=500).items()):
            out.extend(recs)
    assert len(out) == n, f"got {len(out)} of {n} records"
    return out


def test_api_version_autodetected(broker):
    p = KafkaProducer(bootstrap_servers=broker.bootstrap)
    try:
        v = p.config["api_version"]
        # Record batches v2 (headers, CreateTime) need >= 0.11; samsa advertises
        # Produce/Fetch versions of Kafka 2.x+, which kafka-python maps to its highest.
        assert v >= (2, 4, 0), f"kafka-python detected api_version {v}"
        assert p.bootstrap_connected()
    finally:
        p.close()


def test_create_topic(admin):
    admin.create_topics([NewTopic("kp-data", num_partitions=2, replication_factor=1)],
                        timeout_ms=15000)
    with pytest.raises(TopicAlreadyExistsError):
        admin.create_topics([NewTopic("kp-data", num_partitions=2, replication_factor=1)],
                            timeout_ms=15000)
    assert "kp-data" in admin.list_topics()


@pytest.mark.parametrize("acks,partition", [(1, 0), ("all", 1)])
def test_produce_and_seek(broker, admin, acks, partition):
    topic = "kp-data"
    if "kp-data" not in admin.list_topics():
        admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1)])
    p = KafkaProducer(bootstrap_servers=broker.bootstrap, acks=acks, linger_ms=5,
                      compression_type="gzip" if acks == "all" else None)
    try:
        base_ts = int(time.time() * 1000) - 100_000
        futs = [p.send(topic, partition=partition, key=b"k%d" % i, value=b"v-%d-\x00\xff" % i,
                       headers=[("n", str(i).encode())], timestamp_ms=base_ts + i)
                for i in range(50)]
        p.flush(timeout=TIMEOUT)
        mds = [f.get(timeout=TIMEOUT) for f in futs]
    finally:
        p.close()
    assert [(m.topic, m.partition) for m in mds] == [(topic, partition)] * 50
    assert [m.offset for m in mds] == list(range(50))

    c = make_consumer(broker)
    tp = TopicPartition(topic, partition)
    try:
        c.assign([tp])
        assert c.beginning_offsets([tp]) == {tp: 0}
        assert c.end_offsets([tp]) == {tp: 50}

        c.seek_to_beginning(tp)
        recs = poll_until(c, 50)
        assert [r.offset for r in recs] == list(range(50))
        assert [r.key for r in recs] == [b"k%d" % i for i in range(50)]
        assert [r.value for r in recs] == [b"v-%d-\x00\xff" % i for i in range(50)]
        assert [r.timestamp for r in recs] == [base_ts + i for i in range(50)]
        assert all(r.timestamp_type == 0 for r in recs)  # CreateTime
        assert [list(r.headers) for r in recs] == [[("n", str(i).encode())] for i in range(50)]

        c.seek(tp, 37)
        recs = poll_until(c, 13)
        assert [r.offset for r in recs] == list(range(37, 50))
        assert c.position(tp) == 50

        c.seek_to_end(tp)
        assert c.position(tp) == 50
        # Nothing past the end: a short poll must return no records.
        assert c.poll(timeout_ms=300) == {}

        # New records after seek_to_end are the only ones read.
        p2 = KafkaProducer(bootstrap_servers=broker.bootstrap, acks=acks)
        try:
            md = p2.send(topic, partition=partition, value=b"late").get(timeout=TIMEOUT)
        finally:
            p2.close()
        assert md.offset == 50
        recs = poll_until(c, 1)
        assert [(r.offset, r.value, r.key) for r in recs] == [(50, b"late", None)]
    finally:
        c.close()


def test_default_partitioner_and_autocreate(broker):
    """Keyed sends without a partition to a topic that does not exist yet: it is
    auto-created with num.partitions=1 and every record lands at the next offset."""
    p = KafkaProducer(bootstrap_servers=broker.bootstrap, acks=1)
    try:
        futs = [p.send("kp-auto", key=b"key%d" % (i % 3), value=b"%d" % i) for i in range(20)]
        mds = [f.get(timeout=TIMEOUT) for f in futs]
    finally:
        p.close()
    assert [(m.partition, m.offset) for m in mds] == [(0, i) for i in range(20)]
    c = make_consumer(broker)
    try:
        tp = TopicPartition("kp-auto", 0)
        assert c.partitions_for_topic("kp-auto") == {0}
        c.assign([tp])
        c.seek_to_beginning()
        recs = poll_until(c, 20)
        assert [r.value for r in recs] == [b"%d" % i for i in range(20)]
    finally:
        c.close()


@pytest.mark.parametrize("compression", [None, "gzip"])
def test_offsets_for_times(broker, compression):
    """ListOffsets by timestamp gives the first record whose timestamp is >= the target,
    with that record's own timestamp, also inside a compressed batch: Kafka iterates the
    batch's records (FileRecords.searchForTimestamp), it does not stop at the batch."""
    topic = f"kp-times-{compression}"
    p = KafkaProducer(bootstrap_servers=broker.bootstrap, acks="all", linger_ms=50,
                      compression_type=compression)
    base_ts = int(time.time() * 1000) - 3_600_000
    try:
        # Timestamps 0, 10, 20, ... ms after base_ts: one batch (linger, one partition).
        futs = [p.send(topic, value=b"r%d" % i, timestamp_ms=base_ts + 10 * i) for i in range(40)]
        p.flush(timeout=TIMEOUT)
        mds = [f.get(timeout=TIMEOUT) for f in futs]
    finally:
        p.close()
    assert [m.offset for m in mds] == list(range(40))
    c = make_consumer(broker)
    tp = TopicPartition(topic, 0)
    try:
        for target, want in ((base_ts - 1, 0), (base_ts, 0), (base_ts + 1, 1), (base_ts + 200, 20),
                             (base_ts + 205, 21), (base_ts + 390, 39)):
            got = c.offsets_for_times({tp: target})[tp]
            assert got is not None and (got.offset, got.timestamp) == (want, base_ts + 10 * want), \
                (target - base_ts, got)
        # After the last record: no offset (Kafka answers -1, kafka-python gives None).
        assert c.offsets_for_times({tp: base_ts + 391})[tp] is None
    finally:
        c.close()
