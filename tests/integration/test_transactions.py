"""Transactions (issue 5): the transaction coordinator with real clients and raw requests.

confluent-kafka (librdkafka) transactional producers commit and abort; read_committed consumers
see exactly the committed records, read_uncommitted ones everything; a second producer on the
same transactional.id fences the first and aborts its open transaction; transaction.timeout.ms
aborts a stuck transaction; a broker killed with kill -9 mid-transaction comes back with the
transaction never half-visible; Kafka's error codes on the raw protocol.
"""
import time

import pytest
from confluent_kafka import Consumer, KafkaException, Producer

import kafka_wire as kw

ADD_PARTITIONS_TO_TXN, END_TXN = kw.ADD_PARTITIONS_TO_TXN, kw.END_TXN


def consume(bootstrap, topic, isolation, expect=None, timeout=15, settle=1.5):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": f"check-{topic}-{isolation}-{time.time()}",
                  "auto.offset.reset": "earliest", "enable.auto.commit": False, "isolation.level": isolation})
    c.subscribe([topic])
    got = []
    deadline = time.time() + timeout
    quiet_until = None
    while time.time() < deadline:
        m = c.poll(0.2)
        if m is not None and not m.error():
            got.append(m.value())
            continue
        if expect is not None and len(got) >= expect:
            quiet_until = quiet_until or time.time() + settle  # anything more would be wrong
            if time.time() > quiet_until:
                break
    c.close()
    return sorted(got)


def lso(c, topic, partition=0):
    """The last stable offset: ListOffsets "latest" with read_committed."""
    r = c.request(kw.LIST_OFFSETS, 5, {"replica_id": -1, "isolation_level": 1, "topics": [
        {"name": topic, "partitions": [{"partition_index": partition, "timestamp": -1}]}]})
    return r["topics"][0]["partitions"][0]["offset"]


def txn_producer(bootstrap, tid, **extra):
    conf = {"bootstrap.servers": bootstrap, "transactional.id": tid, "linger.ms": 5}
    conf.update(extra)
    p = Producer(conf)
    p.init_transactions(30)
    return p


def make_topic(bootstrap, name, partitions=2):
    with kw.client(bootstrap) as c:
        assert c.create_topic(name, partitions)["error_code"] == 0
        c.wait_topic(name)


def test_commit_and_abort_with_isolation_levels(broker):
    make_topic(broker.bootstrap, "txn-basic")
    p = txn_producer(broker.bootstrap, "txn-basic-1")
    p.begin_transaction()
    for i in range(20):
        p.produce("txn-basic", value=b"c%02d" % i, partition=i % 2)
    p.commit_transaction(30)
    p.begin_transaction()
    for i in range(20):
        p.produce("txn-basic", value=b"a%02d" % i, partition=i % 2)
    p.flush(30)
    p.abort_transaction(30)
    p.begin_transaction()
    for i in range(5):
        p.produce("txn-basic", value=b"d%02d" % i, partition=i % 2)
    p.commit_transaction(30)
    committed = sorted([b"c%02d" % i for i in range(20)] + [b"d%02d" % i for i in range(5)])
    aborted = [b"a%02d" % i for i in range(20)]
    assert consume(broker.bootstrap, "txn-basic", "read_committed", expect=25) == committed
    assert consume(broker.bootstrap, "txn-basic", "read_uncommitted", expect=45) == sorted(committed + aborted)
    with kw.client(broker.bootstrap) as c:
        # offsets: 20 + 20 + 5 records and a marker per partition per transaction
        assert sum(c.list_offsets("txn-basic", i, -1)["offset"] for i in range(2)) == 45 + 6


def test_open_transaction_holds_back_read_committed(broker):
    make_topic(broker.bootstrap, "txn-open", 1)
    p = txn_producer(broker.bootstrap, "txn-open-1")
    p.begin_transaction()
    p.produce("txn-open", value=b"pending")
    p.flush(30)
    with kw.client(broker.bootstrap) as c:
        # the LSO stays at the open transaction's first offset
        assert lso(c, "txn-open") == 0
        assert c.list_offsets("txn-open", 0, -1)["offset"] == 1
    assert consume(broker.bootstrap, "txn-open", "read_committed", timeout=3) == []
    p.commit_transaction(30)
    assert consume(broker.bootstrap, "txn-open", "read_committed", expect=1) == [b"pending"]


def test_zombie_is_fenced(broker):
    make_topic(broker.bootstrap, "txn-zombie", 1)
    zombie = txn_producer(broker.bootstrap, "txn-zombie-1")
    zombie.begin_transaction()
    zombie.produce("txn-zombie", value=b"zombie")
    zombie.flush(30)
    fresh = txn_producer(broker.bootstrap, "txn-zombie-1")  # aborts the zombie's transaction
    fresh.begin_transaction()
    fresh.produce("txn-zombie", value=b"fresh")
    fresh.commit_transaction(30)
    with pytest.raises(KafkaException) as e:
        zombie.commit_transaction(10)
    assert e.value.args[0].fatal() or "fenced" in str(e.value).lower(), e.value
    assert consume(broker.bootstrap, "txn-zombie", "read_committed", expect=1) == [b"fresh"]


def test_timeout_aborts(make_broker):
    b = make_broker()
    b.start()
    make_topic(b.bootstrap, "txn-timeout", 1)
    p = txn_producer(b.bootstrap, "txn-timeout-1", **{"transaction.timeout.ms": 2000})
    p.begin_transaction()
    p.produce("txn-timeout", value=b"late")
    p.flush(30)
    with kw.client(b.bootstrap) as c:
        deadline = time.time() + 15
        while lso(c, "txn-timeout") != 2 and time.time() < deadline:  # record + abort marker
            time.sleep(0.2)
        assert lso(c, "txn-timeout") == 2
    with pytest.raises(KafkaException):
        p.commit_transaction(10)
    assert consume(b.bootstrap, "txn-timeout", "read_committed", timeout=3) == []


def test_kill_mid_transaction(make_broker):
    """kill -9 with a transaction open: after the restart the transaction is still open (the
    LSO holds at its first record, so read_committed cannot see it), the committed one before it
    is intact, and the restarted application's InitProducerId aborts it (epoch bumped)."""
    b = make_broker()
    b.start()
    make_topic(b.bootstrap, "txn-kill", 1)
    p = txn_producer(b.bootstrap, "txn-kill-1", **{"transaction.timeout.ms": 3000})
    p.begin_transaction()
    p.produce("txn-kill", value=b"kept")
    p.commit_transaction(30)
    p.begin_transaction()
    p.produce("txn-kill", value=b"lost")
    p.flush(30)
    b.kill()
    b.start()
    with kw.client(b.bootstrap) as c:
        c.wait_topic("txn-kill")
        assert lso(c, "txn-kill") == 2  # "kept" + its marker; "lost" still open
        r = c.request(kw.INIT_PRODUCER_ID, 4, {"transactional_id": "txn-kill-1", "transaction_timeout_ms": 60000,
                                               "producer_id": -1, "producer_epoch": -1})
        assert r["error_code"] == 0
        assert r["producer_epoch"] >= 1
    assert consume(b.bootstrap, "txn-kill", "read_committed", expect=1) == [b"kept"]
    assert consume(b.bootstrap, "txn-kill", "read_uncommitted", expect=2) == [b"kept", b"lost"]


def test_protocol_errors(broker):
    make_topic(broker.bootstrap, "txn-raw", 1)
    with kw.client(broker.bootstrap) as c:
        r = c.request(kw.INIT_PRODUCER_ID, 4, {"transactional_id": "txn-raw-1", "transaction_timeout_ms": 3600000,
                                               "producer_id": -1, "producer_epoch": -1})
        assert r["error_code"] == kw.INVALID_TRANSACTION_TIMEOUT
        r = c.request(kw.INIT_PRODUCER_ID, 4, {"transactional_id": "txn-raw-1", "transaction_timeout_ms": 60000,
                                               "producer_id": -1, "producer_epoch": -1})
        assert r["error_code"] == 0
        pid, epoch = r["producer_id"], r["producer_epoch"]
        again = c.request(kw.INIT_PRODUCER_ID, 4, {"transactional_id": "txn-raw-1", "transaction_timeout_ms": 60000,
                                                   "producer_id": -1, "producer_epoch": -1})
        assert (again["producer_id"], again["producer_epoch"]) == (pid, epoch + 1)
        epoch += 1

        def add(pid_, epoch_, parts, version=3):
            resp = c.request(ADD_PARTITIONS_TO_TXN, version, {
                "v3_and_below_transactional_id": "txn-raw-1", "v3_and_below_producer_id": pid_,
                "v3_and_below_producer_epoch": epoch_,
                "v3_and_below_topics": [{"name": t, "partitions": ps} for t, ps in parts]})
            return {(t["name"], p["partition_index"]): p["partition_error_code"]
                    for t in resp["results_by_topic_v3_and_below"] for p in t["results_by_partition"]}

        assert add(pid + 1, epoch, [("txn-raw", [0])]) == {("txn-raw", 0): kw.INVALID_PRODUCER_ID_MAPPING}
        assert add(pid, epoch - 1, [("txn-raw", [0])]) == {("txn-raw", 0): kw.PRODUCER_FENCED}
        assert add(pid, epoch - 1, [("txn-raw", [0])], version=1) == {("txn-raw", 0): kw.INVALID_PRODUCER_EPOCH}
        assert add(pid, epoch, [("txn-raw", [0]), ("nope", [0])]) == {
            ("txn-raw", 0): kw.OPERATION_NOT_ATTEMPTED, ("nope", 0): kw.UNKNOWN_TOPIC_OR_PARTITION}

        def end(commit, epoch_=epoch):
            return c.request(END_TXN, 3, {"transactional_id": "txn-raw-1", "producer_id": pid,
                                          "producer_epoch": epoch_, "committed": commit})["error_code"]

        assert end(True) == kw.INVALID_TXN_STATE  # nothing ongoing
        assert add(pid, epoch, [("txn-raw", [0])]) == {("txn-raw", 0): 0}
        batch = kw.build_batch([b"x"], producer_id=pid, producer_epoch=epoch, base_sequence=0, attributes=0x10)
        resp = c.request(kw.PRODUCE, 9, {"transactional_id": "txn-raw-1", "acks": -1, "timeout_ms": 5000,
                                         "topic_data": [{"name": "txn-raw", "partition_data": [
                                             {"index": 0, "records": batch}]}]})
        assert resp["responses"][0]["partition_responses"][0]["error_code"] == 0
        # the v4+ batched form (brokers verifying partitions, KIP-890): verify_only checks membership
        r = c.request(ADD_PARTITIONS_TO_TXN, 5, {"transactions": [
            {"transactional_id": "txn-raw-1", "producer_id": pid, "producer_epoch": epoch, "verify_only": True,
             "topics": [{"name": "txn-raw", "partitions": [0, 1]}]},
            {"transactional_id": "no-such-txn", "producer_id": pid, "producer_epoch": epoch, "verify_only": True,
             "topics": [{"name": "txn-raw", "partitions": [0]}]}]})
        res = {t["transactional_id"]: {p["partition_index"]: p["partition_error_code"]
                                       for tr in t["topic_results"] for p in tr["results_by_partition"]}
               for t in r["results_by_transaction"]}
        assert res == {"txn-raw-1": {0: 0, 1: kw.INVALID_TXN_STATE},
                       "no-such-txn": {0: kw.INVALID_PRODUCER_ID_MAPPING}}
        assert end(True, epoch - 1) == kw.PRODUCER_FENCED
        assert end(False) == 0
        assert end(False) == 0  # a retried EndTxn is answered the same
        assert end(True) == kw.INVALID_TXN_STATE
        # the abort left an aborted transaction that read_committed fetches report
        f = c.request(kw.FETCH, 12, {"replica_id": -1, "max_wait_ms": 0, "min_bytes": 0, "max_bytes": 1 << 20,
                                      "isolation_level": 1, "session_id": 0, "session_epoch": -1, "topics": [
                                          {"topic": "txn-raw", "partitions": [
                                              {"partition": 0, "fetch_offset": 0, "partition_max_bytes": 1 << 20}]}],
                                      "forgotten_topics_data": [], "rack_id": ""})
        part = f["responses"][0]["partitions"][0]
        assert part["last_stable_offset"] == 2 and part["high_watermark"] == 2
        assert [(a["producer_id"], a["first_offset"]) for a in part["aborted_transactions"]] == [(pid, 0)]


def test_consume_transform_produce(broker):
    """The exactly-once loop: read input (read_committed, group "ctp"), write each value upper-cased
    in a transaction that also commits the consumed offsets (send_offsets_to_transaction:
    AddOffsetsToTxn + TxnOffsetCommit); every third transaction aborts and is redone from the
    committed offsets. The output seen by read_committed is exactly the input, once, and the
    group's committed offsets end at the input's end."""
    make_topic(broker.bootstrap, "ctp-in", 2)
    make_topic(broker.bootstrap, "ctp-out", 2)
    src = Producer({"bootstrap.servers": broker.bootstrap})
    inputs = [b"msg-%03d" % i for i in range(60)]
    for i, v in enumerate(inputs):
        src.produce("ctp-in", value=v, partition=i % 2)
    assert src.flush(30) == 0

    def new_consumer():
        c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "ctp", "auto.offset.reset": "earliest",
                      "enable.auto.commit": False, "isolation.level": "read_committed"})
        c.subscribe(["ctp-in"])
        return c

    consumer = new_consumer()
    p = txn_producer(broker.bootstrap, "ctp-app")
    done, rounds = 0, 0
    deadline = time.time() + 90
    while done < len(inputs) and time.time() < deadline:
        msgs = [m for m in consumer.consume(num_messages=10, timeout=1.0) if not m.error()]
        if not msgs:
            continue
        rounds += 1
        p.begin_transaction()
        for m in msgs:
            p.produce("ctp-out", value=m.value().upper(), partition=m.partition())
        p.send_offsets_to_transaction(consumer.position(consumer.assignment()), consumer.consumer_group_metadata(), 30)
        if rounds % 3 == 0:
            p.abort_transaction(30)
            consumer.close()  # redo from the committed offsets
            consumer = new_consumer()
            continue
        p.commit_transaction(30)
        done += len(msgs)
    consumer.close()
    assert done == len(inputs)
    assert consume(broker.bootstrap, "ctp-out", "read_committed", expect=len(inputs)) == sorted(v.upper() for v in inputs)
    with kw.client(broker.bootstrap) as c:
        r = c.request(kw.OFFSET_FETCH, 7, {"group_id": "ctp", "require_stable": True, "topics": [
            {"name": "ctp-in", "partition_indexes": [0, 1]}]})
        offsets = {p["partition_index"]: p["committed_offset"] for p in r["topics"][0]["partitions"]}
        assert offsets == {0: 30, 1: 30}


def test_describe_and_list_transactions(broker):
    make_topic(broker.bootstrap, "txn-admin", 2)
    p = txn_producer(broker.bootstrap, "txn-admin-1")
    p.begin_transaction()
    p.produce("txn-admin", value=b"x", partition=0)
    p.produce("txn-admin", value=b"y", partition=1)
    p.flush(30)
    with kw.client(broker.bootstrap) as c:
        r = c.request(kw.DESCRIBE_TRANSACTIONS, 0, {"transactional_ids": ["txn-admin-1", "no-such-id"]})
        ok, missing = r["transaction_states"]
        assert missing["error_code"] == kw.TRANSACTIONAL_ID_NOT_FOUND
        assert ok["error_code"] == 0 and ok["transaction_state"] == "Ongoing"
        assert ok["transaction_start_time_ms"] > 0 and ok["transaction_timeout_ms"] == 60000
        assert [(t["topic"], sorted(t["partitions"])) for t in ok["topics"]] == [("txn-admin", [0, 1])]
        pid = ok["producer_id"]
        r = c.request(kw.LIST_TRANSACTIONS, 1, {"state_filters": ["Ongoing", "Bogus"], "producer_id_filters": [],
                                                "duration_filter": -1})
        assert r["unknown_state_filters"] == ["Bogus"]
        assert ("txn-admin-1", pid, "Ongoing") in [(t["transactional_id"], t["producer_id"], t["transaction_state"])
                                                   for t in r["transaction_states"]]
        r = c.request(kw.LIST_TRANSACTIONS, 1, {"state_filters": [], "producer_id_filters": [pid + 1000],
                                                "duration_filter": -1})
        assert r["transaction_states"] == []
    p.commit_transaction(30)
    with kw.client(broker.bootstrap) as c:
        r = c.request(kw.DESCRIBE_TRANSACTIONS, 0, {"transactional_ids": ["txn-admin-1"]})
        st = r["transaction_states"][0]
        assert st["transaction_state"] == "CompleteCommit" and st["topics"] == []


def test_idle_transactional_id_expires(make_broker):
    """transactional.id.expiration.ms: an idle id is forgotten (a tombstone in
    __transaction_state); InitProducerId then gives it a new producer id."""
    b = make_broker(overrides={"transactional.id.expiration.ms": "1500"})
    b.start()
    with kw.client(b.bootstrap) as c:
        def init():
            return c.request(kw.INIT_PRODUCER_ID, 4, {"transactional_id": "txn-exp-1",
                                                      "transaction_timeout_ms": 60000,
                                                      "producer_id": -1, "producer_epoch": -1})
        first = init()
        assert first["error_code"] == 0
        deadline = time.time() + 15
        while time.time() < deadline:
            r = c.request(kw.DESCRIBE_TRANSACTIONS, 0, {"transactional_ids": ["txn-exp-1"]})
            if r["transaction_states"][0]["error_code"] == kw.TRANSACTIONAL_ID_NOT_FOUND:
                break
            time.sleep(0.2)
        assert r["transaction_states"][0]["error_code"] == kw.TRANSACTIONAL_ID_NOT_FOUND
    b.restart()  # the tombstone is replayed: still forgotten
    with kw.client(b.bootstrap) as c:
        r = c.request(kw.DESCRIBE_TRANSACTIONS, 0, {"transactional_ids": ["txn-exp-1"]})
        assert r["transaction_states"][0]["error_code"] == kw.TRANSACTIONAL_ID_NOT_FOUND
        again = c.request(kw.INIT_PRODUCER_ID, 4, {"transactional_id": "txn-exp-1", "transaction_timeout_ms": 60000,
                                                   "producer_id": -1, "producer_epoch": -1})
        assert again["error_code"] == 0 and again["producer_epoch"] == 0
        assert again["producer_id"] != first["producer_id"]
