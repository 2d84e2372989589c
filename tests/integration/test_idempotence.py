"""Idempotent producers (issue 5): InitProducerId, Kafka's sequence and epoch checks
on Produce, retried batches answered with their original offsets, producer state kept
across clean restarts and kill -9, and real clients whose responses are lost by a proxy
(so they retry batches the broker already wrote): no duplicates, no gaps.
"""
import time

import pytest
from confluent_kafka import Consumer, Producer

import kafka_wire as kw
from kafka_proxy import KafkaProxy

PRODUCE = 0


def init_pid(c, version=4, transactional_id=None):
    body = {"transactional_id": transactional_id, "transaction_timeout_ms": 60000}
    if version >= 3:
        body.update({"producer_id": -1, "producer_epoch": -1})
    return c.request(kw.INIT_PRODUCER_ID, version, body)


def batch(pid, epoch, seq, values):
    return kw.build_batch(list(values), producer_id=pid, producer_epoch=epoch, base_sequence=seq)


def produce_raw(c, topic, data, partition=0):
    resp = c.request(kw.PRODUCE, 9, {"transactional_id": None, "acks": -1, "timeout_ms": 10000,
                                     "topic_data": [{"name": topic, "partition_data": [
                                         {"index": partition, "records": data}]}]})
    p = resp["responses"][0]["partition_responses"][0]
    return p["error_code"], p["base_offset"]


def test_init_producer_id(broker):
    with kw.client(broker.bootstrap) as c:
        ids = set()
        for v in range(0, 6):
            r = init_pid(c, version=v)
            assert r["error_code"] == 0, r
            assert r["producer_epoch"] == 0 and r["producer_id"] >= 0
            ids.add(r["producer_id"])
        assert len(ids) == 6  # a new id every time
        # a producer id without an epoch (or the reverse) is malformed
        r = c.request(kw.INIT_PRODUCER_ID, 4, {"transactional_id": None, "transaction_timeout_ms": 60000,
                                               "producer_id": 5, "producer_epoch": -1})
        assert r["error_code"] == kw.INVALID_REQUEST


def test_sequence_rules_on_produce(broker):
    with kw.client(broker.bootstrap) as c:
        assert c.create_topic("idem-raw", 1)["error_code"] == 0
        c.wait_topic("idem-raw")
        pid = init_pid(c)["producer_id"]
        assert produce_raw(c, "idem-raw", batch(pid, 0, 0, [b"a", b"b"])) == (0, 0)
        assert produce_raw(c, "idem-raw", batch(pid, 0, 2, [b"c"])) == (0, 2)
        # the same batch again: its original offset, nothing written
        assert produce_raw(c, "idem-raw", batch(pid, 0, 0, [b"a", b"b"])) == (0, 0)
        assert produce_raw(c, "idem-raw", batch(pid, 0, 2, [b"c"])) == (0, 2)
        assert c.list_offsets("idem-raw", 0, -1)["offset"] == 3
        # a gap
        assert produce_raw(c, "idem-raw", batch(pid, 0, 5, [b"x"]))[0] == kw.OUT_OF_ORDER_SEQUENCE_NUMBER
        # a new epoch must start at 0; then the old epoch is fenced
        assert produce_raw(c, "idem-raw", batch(pid, 1, 3, [b"x"]))[0] == kw.OUT_OF_ORDER_SEQUENCE_NUMBER
        assert produce_raw(c, "idem-raw", batch(pid, 1, 0, [b"d"])) == (0, 3)
        assert produce_raw(c, "idem-raw", batch(pid, 0, 3, [b"x"]))[0] == kw.INVALID_PRODUCER_EPOCH
        # a producer batch without a sequence, and a client's control batch, are refused
        assert produce_raw(c, "idem-raw", batch(pid, 1, -1, [b"x"]))[0] == kw.INVALID_RECORD
        ctrl = kw.build_batch([{"key": b"\x00\x00\x00\x01", "value": b"\x00\x00\x00\x00\x00\x00"}],
                              producer_id=pid,
                              producer_epoch=1, base_sequence=1, attributes=0x30)
        assert produce_raw(c, "idem-raw", ctrl)[0] == kw.INVALID_RECORD
        assert c.list_offsets("idem-raw", 0, -1)["offset"] == 4
        # DescribeProducers shows the partition's producer state
        r = c.request(kw.DESCRIBE_PRODUCERS, 0, {"topics": [{"name": "idem-raw", "partition_indexes": [0, 7]}]})
        p0, p7 = r["topics"][0]["partitions"]
        assert p7["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION
        assert p0["error_code"] == 0
        (st,) = [s for s in p0["active_producers"] if s["producer_id"] == pid]
        assert (st["producer_epoch"], st["last_sequence"], st["current_txn_start_offset"]) == (1, 0, -1)
        assert st["last_timestamp"] > 0


@pytest.mark.parametrize("how", ["restart", "kill"])
def test_state_survives_restart(make_broker, how):
    b = make_broker(overrides={"log.segment.bytes": "400"})
    b.start()
    with kw.client(b.bootstrap) as c:
        assert c.create_topic("idem-restart", 1)["error_code"] == 0
        c.wait_topic("idem-restart")
        pid = init_pid(c)["producer_id"]
        seq = 0
        for i in range(30):
            assert produce_raw(c, "idem-restart", batch(pid, 0, seq, [b"v%d" % i, b"w"])) == (0, 2 * i)
            seq += 2
    if how == "kill":
        b.kill()
        b.start()
    else:
        b.restart()
    with kw.client(b.bootstrap) as c:
        c.wait_topic("idem-restart")
        # the last batch is still recognised, the next sequence still expected
        assert produce_raw(c, "idem-restart", batch(pid, 0, seq - 2, [b"v29", b"w"])) == (0, 58)
        assert produce_raw(c, "idem-restart", batch(pid, 0, seq + 1, [b"x"]))[0] == \
            kw.OUT_OF_ORDER_SEQUENCE_NUMBER
        assert produce_raw(c, "idem-restart", batch(pid, 0, seq, [b"y"])) == (0, 60)
        # a new id is never one handed out before the restart
        assert init_pid(c)["producer_id"] > pid


def consume_all(bootstrap, topic, expect, timeout=60):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "idem-check-" + topic,
                  "auto.offset.reset": "earliest", "enable.auto.commit": False})
    c.subscribe([topic])
    got = []
    deadline = time.time() + timeout
    while len(got) < expect and time.time() < deadline:
        m = c.poll(0.5)
        if m is None or m.error():
            continue
        got.append((m.partition(), m.offset(), m.value()))
    # a little longer: anything beyond `expect` would be a duplicate
    end = time.time() + 2
    while time.time() < end:
        m = c.poll(0.2)
        if m is not None and not m.error():
            got.append((m.partition(), m.offset(), m.value()))
    c.close()
    return got


def test_librdkafka_retries_lost_responses_without_duplicates(make_broker):
    """Every 5th Produce response is lost (the proxy closes the connection after the broker
    appended): librdkafka retries those batches, the broker answers them as duplicates."""
    b = make_broker()
    proxy = KafkaProxy(b.port, drop=lambda api, n: api == PRODUCE and n % 5 == 0 and n <= 200)
    b.overrides["advertised.listeners"] = f"PLAINTEXT://127.0.0.1:{proxy.port}"
    b.start()
    try:
        with kw.client(b.bootstrap) as c:
            assert c.create_topic("idem-lost", 3)["error_code"] == 0
            c.wait_topic("idem-lost")
        p = Producer({"bootstrap.servers": f"127.0.0.1:{proxy.port}", "enable.idempotence": True,
                      "linger.ms": 5, "batch.num.messages": 50, "retry.backoff.ms": 50,
                      "message.timeout.ms": 120000,
                      # reconnect at once after each lost response (the default backs off to 10 s)
                      "reconnect.backoff.ms": 10, "reconnect.backoff.max.ms": 100})
        errors = []
        n = 3000
        for i in range(n):
            p.produce("idem-lost", value=b"m%06d" % i, key=b"k%d" % (i % 3),
                      on_delivery=lambda err, msg: errors.append(err) if err else None)
            if i % 100 == 0:
                p.poll(0)
        assert p.flush(120) == 0
        assert errors == []
        assert proxy.dropped > 0, "no response was lost: the test proved nothing"
        got = consume_all(b.bootstrap, "idem-lost", n)
        values = [v for _, _, v in got]
        assert len(values) == n and len(set(values)) == n, (len(values), len(set(values)))
        # per partition: offsets without gaps, and each key's values in production order
        by_part = {}
        for part, off, v in got:
            by_part.setdefault(part, []).append((off, int(v[1:])))
        for part, items in by_part.items():
            items.sort()
            assert [o for o, _ in items] == list(range(len(items)))
            seqs = [s for _, s in items]
            assert seqs == sorted(seqs)
        with kw.client(b.bootstrap) as c:
            assert sum(c.list_offsets("idem-lost", i, -1)["offset"] for i in range(3)) == n
    finally:
        proxy.close()


def test_idle_producer_state_expires(make_broker):
    """producer.id.expiration.ms: a producer idle that long is forgotten by the partition
    (DescribeProducers no longer lists it; it may then start at any sequence, as in Kafka)."""
    b = make_broker(overrides={"producer.id.expiration.ms": "1000",
                               "producer.id.expiration.check.interval.ms": "200"})
    b.start()
    with kw.client(b.bootstrap) as c:
        assert c.create_topic("idem-expire", 1)["error_code"] == 0
        c.wait_topic("idem-expire")
        pid = init_pid(c)["producer_id"]
        assert produce_raw(c, "idem-expire", batch(pid, 0, 0, [b"a"])) == (0, 0)

        def producers():
            r = c.request(kw.DESCRIBE_PRODUCERS, 0, {"topics": [{"name": "idem-expire", "partition_indexes": [0]}]})
            return [s["producer_id"] for s in r["topics"][0]["partitions"][0]["active_producers"]]

        assert producers() == [pid]
        deadline = time.time() + 10
        while producers() and time.time() < deadline:
            time.sleep(0.2)
        assert producers() == []
        assert produce_raw(c, "idem-expire", batch(pid, 0, 7, [b"b"])) == (0, 1)
