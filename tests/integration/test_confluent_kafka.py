"""confluent-kafka-python (librdkafka underneath) against samsa.

AdminClient: create_topics (valid, validate_only, and each error Kafka gives),
list_topics metadata, describe_configs, create_partitions, delete_topics.
Producer/Consumer: headers, explicit CreateTime timestamps, keys and values
round-trip exactly through assign(); watermarks and offsets_for_times.
"""
import time

import pytest
from confluent_kafka import (Consumer, KafkaError, KafkaException, Producer, TopicPartition,
                             TIMESTAMP_CREATE_TIME, TIMESTAMP_LOG_APPEND_TIME)
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions, NewTopic

TIMEOUT = 30


@pytest.fixture(scope="module")
def admin(broker):
    return AdminClient({"bootstrap.servers": broker.bootstrap})


def create(admin, topic, partitions, rf=1, validate_only=False, config=None):
    """CreateTopics for one topic; returns None or the KafkaError."""
    nt = NewTopic(topic, num_partitions=partitions, replication_factor=rf, config=config or {})
    fut = admin.create_topics([nt], operation_timeout=10, request_timeout=15,
                              validate_only=validate_only)[topic]
    try:
        fut.result(timeout=TIMEOUT)
        return None
    except KafkaException as e:
        return e.args[0]


def topic_md(admin, topic):
    md = admin.list_topics(topic=topic, timeout=TIMEOUT)
    return md, md.topics.get(topic)


def producer(broker, **extra):
    conf = {"bootstrap.servers": broker.bootstrap, "enable.idempotence": False, "linger.ms": 5,
            "allow.auto.create.topics": True}
    conf.update(extra)
    return Producer(conf)


def consumer(broker):
    # confluent-kafka requires a group.id, but nothing here commits or subscribes:
    # offsets come from assign() only.
    return Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "samsa-never-committed",
                     "enable.auto.commit": False, "enable.auto.offset.store": False,
                     "enable.partition.eof": True, "auto.offset.reset": "error"})


def produce_all(p, topic, msgs):
    """msgs: list of kwargs for produce(); returns the delivered Message objects in the
    order of msgs (reports from different partitions may come in any order)."""
    reports = {}

    for i, m in enumerate(msgs):
        p.produce(topic, on_delivery=lambda err, msg, i=i: reports.setdefault(i, (err, msg)), **m)
    left = p.flush(TIMEOUT)
    assert left == 0, f"{left} messages not delivered within {TIMEOUT}s"
    assert sorted(reports) == list(range(len(msgs)))
    errs = [(e, m.partition()) for e, m in reports.values() if e is not None]
    assert not errs, errs
    return [reports[i][1] for i in range(len(msgs))]


def consume_partitions(broker, tps, expected_counts):
    """assign() each TopicPartition (with its start offset) and read until every
    partition hits EOF at its expected end offset. Returns {partition: [Message]}."""
    c = consumer(broker)
    try:
        c.assign(tps)
        out = {tp.partition: [] for tp in tps}
        eof = set()
        deadline = time.time() + TIMEOUT
        while len(eof) < len(tps):
            assert time.time() < deadline, f"timeout; got {[(p, len(v)) for p, v in out.items()]}"
            m = c.poll(0.5)
            if m is None:
                continue
            if m.error():
                if m.error().code() == KafkaError._PARTITION_EOF:
                    if len(out[m.partition()]) >= expected_counts[m.partition()]:
                        eof.add(m.partition())
                    continue
                pytest.fail(f"consumer error: {m.error()}")
            out[m.partition()].append(m)
        return out
    finally:
        c.close()


# ---------------------------------------------------------------- admin


def test_create_topics_and_errors(admin):
    assert create(admin, "ck-created", 4) is None
    md, t = topic_md(admin, "ck-created")
    assert t is not None and t.error is None, t
    assert sorted(t.partitions) == [0, 1, 2, 3]

    err = create(admin, "ck-created", 4)
    assert err is not None and err.code() == KafkaError.TOPIC_ALREADY_EXISTS, err

    # validate_only: accepted, but nothing is created.
    assert create(admin, "ck-validate-only", 2, validate_only=True) is None
    assert "ck-validate-only" not in admin.list_topics(timeout=TIMEOUT).topics
    err = create(admin, "ck-created", 2, validate_only=True)
    assert err is not None and err.code() == KafkaError.TOPIC_ALREADY_EXISTS, err

    for bad in ("bad name!", "a" * 250, "..", "with/slash"):
        err = create(admin, bad, 1)
        # INVALID_TOPIC_EXCEPTION (17) is spelled TOPIC_EXCEPTION in confluent-kafka.
        assert err is not None and err.code() == KafkaError.TOPIC_EXCEPTION, (bad, err)

    err = create(admin, "ck-rf3", 1, rf=3)
    assert err is not None and err.code() == KafkaError.INVALID_REPLICATION_FACTOR, err
    err = create(admin, "ck-p0", 0)
    assert err is not None and err.code() == KafkaError.INVALID_PARTITIONS, err
    topics = admin.list_topics(timeout=TIMEOUT).topics
    for name in ("ck-rf3", "ck-p0", "bad name!"):
        assert name not in topics, name

    # -1 partitions / replication factor: the broker defaults (num.partitions=1, rf 1).
    assert create(admin, "ck-defaults", -1, rf=-1) is None
    _, t = topic_md(admin, "ck-defaults")
    assert sorted(t.partitions) == [0] and t.partitions[0].replicas == [t.partitions[0].leader]


def test_metadata(admin, broker):
    assert create(admin, "ck-meta", 3) is None
    md, t = topic_md(admin, "ck-meta")
    assert len(md.brokers) == 1
    (bid, b), = md.brokers.items()
    assert (b.host, b.port) == ("127.0.0.1", broker.port), b
    assert md.controller_id == bid
    assert md.orig_broker_id == bid
    assert t.error is None
    for pid, p in t.partitions.items():
        assert p.error is None, p
        assert p.leader == bid and p.replicas == [bid] and p.isrs == [bid], p

    all_topics = admin.list_topics(timeout=TIMEOUT).topics
    assert "ck-meta" in all_topics
    # Internal topics, if any, are not required; every listed topic is healthy.
    for name, tm in all_topics.items():
        assert tm.error is None, (name, tm.error)


def test_describe_configs(admin):
    assert create(admin, "ck-configs", 1, config={"retention.ms": "3600000"}) is None
    res = ConfigResource("topic", "ck-configs")
    configs = admin.describe_configs([res], request_timeout=15)[res].result(timeout=TIMEOUT)
    assert configs["cleanup.policy"].value == "delete", configs.get("cleanup.policy")
    assert configs["retention.ms"].value == "3600000", configs["retention.ms"]
    assert not configs["retention.ms"].is_default
    assert configs["cleanup.policy"].is_default
    for key in ("segment.bytes", "max.message.bytes", "retention.bytes", "min.insync.replicas"):
        assert key in configs, (key, sorted(configs))
    assert configs["retention.bytes"].value == "-1"

    missing = ConfigResource("topic", "ck-no-such-topic")
    with pytest.raises(KafkaException) as ei:
        admin.describe_configs([missing], request_timeout=15)[missing].result(timeout=TIMEOUT)
    assert ei.value.args[0].code() == KafkaError.UNKNOWN_TOPIC_OR_PART, ei.value


def test_create_partitions(admin, broker):
    assert create(admin, "ck-grow", 2) is None
    futs = admin.create_partitions([NewPartitions("ck-grow", 5)], validate_only=True,
                                   request_timeout=15)
    futs["ck-grow"].result(timeout=TIMEOUT)
    assert len(topic_md(admin, "ck-grow")[1].partitions) == 2, "validate_only must not grow"

    admin.create_partitions([NewPartitions("ck-grow", 5)],
                            request_timeout=15)["ck-grow"].result(timeout=TIMEOUT)
    assert sorted(topic_md(admin, "ck-grow")[1].partitions) == [0, 1, 2, 3, 4]

    # Shrinking or staying the same is INVALID_PARTITIONS; unknown topic is an error too.
    with pytest.raises(KafkaException) as ei:
        admin.create_partitions([NewPartitions("ck-grow", 3)],
                                request_timeout=15)["ck-grow"].result(timeout=TIMEOUT)
    assert ei.value.args[0].code() == KafkaError.INVALID_PARTITIONS, ei.value
    with pytest.raises(KafkaException) as ei:
        admin.create_partitions([NewPartitions("ck-nope", 3)],
                                request_timeout=15)["ck-nope"].result(timeout=TIMEOUT)
    assert ei.value.args[0].code() == KafkaError.UNKNOWN_TOPIC_OR_PART, ei.value

    # The new partitions take data.
    p = producer(broker)
    msgs = produce_all(p, "ck-grow", [{"value": b"p%d" % i, "partition": i} for i in range(5)])
    assert [(m.partition(), m.offset()) for m in msgs] == [(i, 0) for i in range(5)]


def test_delete_topics_then_autocreate(admin, broker):
    assert create(admin, "ck-doomed", 3) is None
    p = producer(broker)
    produce_all(p, "ck-doomed", [{"value": b"x", "partition": 2}])
    admin.delete_topics(["ck-doomed"], operation_timeout=10)["ck-doomed"].result(timeout=TIMEOUT)
    assert "ck-doomed" not in admin.list_topics(timeout=TIMEOUT).topics

    with pytest.raises(KafkaException) as ei:
        admin.delete_topics(["ck-doomed"], operation_timeout=10)["ck-doomed"].result(timeout=TIMEOUT)
    assert ei.value.args[0].code() == KafkaError.UNKNOWN_TOPIC_OR_PART, ei.value

    # Producing to the deleted name auto-creates it afresh: num.partitions (1), empty log.
    p2 = producer(broker)
    msgs = produce_all(p2, "ck-doomed", [{"value": b"reborn"}])
    assert [(m.partition(), m.offset()) for m in msgs] == [(0, 0)]
    _, t = topic_md(admin, "ck-doomed")
    assert t is not None and t.error is None and sorted(t.partitions) == [0], t
    c = consumer(broker)
    try:
        assert c.get_watermark_offsets(TopicPartition("ck-doomed", 0), timeout=TIMEOUT) == (0, 1)
    finally:
        c.close()


# ---------------------------------------------------------------- data


def test_headers_timestamps_keys_values(admin, broker):
    topic = "ck-data"
    assert create(admin, topic, 2) is None
    base_ts = 1_600_000_000_000  # fixed CreateTime in the past, 1 s apart
    sent = []
    for i in range(40):
        sent.append({
            "partition": i % 2,
            "key": None if i % 10 == 3 else b"key-\x00-%d" % i,
            "value": None if i % 10 == 7 else bytes([i]) * i + b"\xff\x00end",
            "timestamp": base_ts + i * 1000,
            "headers": [("h-str", b"s%d" % i), ("h-dup", b"1"), ("h-dup", b"2"),
                        ("h-bin", b"\x00\x01\xfe"), ("h-empty", b"")] if i % 4 else None,
        })
    p = producer(broker, **{"compression.codec": "lz4"})
    delivered = produce_all(p, topic, sent)
    offsets = {0: 0, 1: 0}
    for m, s in zip(delivered, sent):
        assert m.partition() == s["partition"]
        assert m.offset() == offsets[s["partition"]]
        offsets[s["partition"]] += 1

    got = consume_partitions(broker, [TopicPartition(topic, 0, 0), TopicPartition(topic, 1, 0)],
                             {0: 20, 1: 20})
    for part in (0, 1):
        exp = [s for s in sent if s["partition"] == part]
        msgs = got[part]
        assert [m.offset() for m in msgs] == list(range(len(exp)))
        for m, s in zip(msgs, exp):
            assert m.key() == s["key"]
            assert m.value() == s["value"]
            assert m.timestamp() == (TIMESTAMP_CREATE_TIME, s["timestamp"])
            assert (m.headers() or None) == s["headers"], (m.offset(), m.headers())

    c = consumer(broker)
    try:
        for part in (0, 1):
            assert c.get_watermark_offsets(TopicPartition(topic, part), timeout=TIMEOUT) == (0, 20)
        # offsets_for_times: first offset whose timestamp >= the asked one.
        # partition 0 holds i = 0,2,4..38 (ts base+i s), partition 1 holds i = 1,3..39.
        q = [TopicPartition(topic, 0, base_ts + 5000), TopicPartition(topic, 1, base_ts + 5000)]
        res = {tp.partition: tp for tp in c.offsets_for_times(q, timeout=TIMEOUT)}
        assert res[0].error is None and res[0].offset == 3, res[0]   # i=6 is offset 3
        assert res[1].error is None and res[1].offset == 2, res[1]   # i=5 is offset 2
        q = [TopicPartition(topic, 0, base_ts - 1), TopicPartition(topic, 1, base_ts + 10**9)]
        res = {tp.partition: tp for tp in c.offsets_for_times(q, timeout=TIMEOUT)}
        assert res[0].offset == 0, res[0]
        assert res[1].offset == -1, res[1]  # no such message: Kafka answers -1
    finally:
        c.close()

    # Reading from a middle offset starts exactly there.
    got = consume_partitions(broker, [TopicPartition(topic, 1, 15)], {1: 5})
    assert [m.offset() for m in got[1]] == [15, 16, 17, 18, 19]
    assert [m.value() for m in got[1]] == [s["value"] for s in sent if s["partition"] == 1][15:]


def test_log_append_time_topic(admin, broker):
    """message.timestamp.type=LogAppendTime: the broker stamps its own clock on
    every batch, whatever CreateTime the producer set."""
    topic = "ck-log-append-time"
    assert create(admin, topic, 1, config={"message.timestamp.type": "LogAppendTime"}) is None
    before = int(time.time() * 1000)
    p = producer(broker)
    delivered = produce_all(p, topic, [{"value": b"v%d" % i, "timestamp": 1000 + i}
                                       for i in range(5)])
    after = int(time.time() * 1000)
    for m in delivered:
        kind, ts = m.timestamp()
        assert kind == TIMESTAMP_LOG_APPEND_TIME, m.timestamp()
        assert before - 1000 <= ts <= after + 1000, (before, ts, after)
    got = consume_partitions(broker, [TopicPartition(topic, 0, 0)], {0: 5})
    for m in got[0]:
        kind, ts = m.timestamp()
        assert kind == TIMESTAMP_LOG_APPEND_TIME, m.timestamp()
        assert before - 1000 <= ts <= after + 1000, (before, ts, after)
