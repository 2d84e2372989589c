"""Kafka error codes and response shapes over the raw protocol (kafka_wire).

Each test sends the request a real client would send (or a deliberately wrong
one) and asserts the exact Kafka error code, as Apache Kafka 3.x/4.x answers.
"""
import os
import threading
import time

import pytest

import kafka_wire as kw
from kafka_wire import build_batch, records_of, unique_name

# The API table the broker advertises (see the brief / src/protocol/apis.c).
# When an API is added, add it here too.
EXPECTED_APIS = {
    kw.PRODUCE: (0, 11),
    kw.FETCH: (4, 17),
    kw.LIST_OFFSETS: (1, 10),
    kw.METADATA: (0, 12),
    kw.API_VERSIONS: (0, 4),
    kw.CREATE_TOPICS: (2, 7),
    kw.DELETE_TOPICS: (1, 6),
    kw.DESCRIBE_CONFIGS: (1, 4),
    kw.CREATE_PARTITIONS: (0, 3),
    kw.DESCRIBE_CLUSTER: (0, 1),
    kw.OFFSET_COMMIT: (2, 9),
    kw.OFFSET_FETCH: (1, 9),
    kw.FIND_COORDINATOR: (0, 6),
    kw.JOIN_GROUP: (0, 9),
    kw.HEARTBEAT: (0, 4),
    kw.LEAVE_GROUP: (0, 5),
    kw.SYNC_GROUP: (0, 5),
    kw.DESCRIBE_GROUPS: (0, 5),
    kw.LIST_GROUPS: (0, 5),
    kw.DELETE_GROUPS: (0, 2),
    kw.OFFSET_DELETE: (0, 0),
    kw.DELETE_RECORDS: (0, 2),
    kw.ALTER_CONFIGS: (0, 2),
    kw.INIT_PRODUCER_ID: (0, 5),
    kw.DESCRIBE_PRODUCERS: (0, 0),
    kw.ADD_PARTITIONS_TO_TXN: (0, 5),
    25: (0, 4),  # AddOffsetsToTxn
    kw.END_TXN: (0, 4),
    28: (0, 4),  # TxnOffsetCommit
    kw.DESCRIBE_TRANSACTIONS: (0, 0),
    kw.LIST_TRANSACTIONS: (0, 1),
    kw.INCREMENTAL_ALTER_CONFIGS: (0, 1),
    kw.DESCRIBE_LOG_DIRS: (1, 4),
}


@pytest.fixture
def c(broker):
    with kw.client(broker.bootstrap) as cl:
        yield cl


def make_topic(c, partitions=1):
    name = unique_name()
    res = c.create_topic(name, partitions)
    assert res["error_code"] == 0, res
    c.wait_topic(name)
    return name


def leo(c, topic, partition=0):
    p = c.list_offsets(topic, partition, kw.LATEST)
    assert p["error_code"] == 0, p
    return p["offset"]


def test_kafka_wire_self_test():
    """The codec itself (CRC-32C vectors, varints, schema round trips)."""
    assert kw.self_test()


# ---------------------------------------------------------------------------
# UNKNOWN_TOPIC_OR_PARTITION / UNKNOWN_TOPIC_ID
# ---------------------------------------------------------------------------

def test_unknown_partition_of_existing_topic(c):
    topic = make_topic(c, partitions=2)
    for part in (2, 7, -1):
        p = c.produce(topic, part, [b"x"])
        assert p["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION, (part, p)
        assert p["index"] == part
        for v in (4, 12):
            f = c.fetch(topic, part, 0, version=v)
            assert f["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION, (v, part, f)
        f = c.fetch(topic, part, 0, version=13)  # by topic id
        assert f["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION, (part, f)
        lo = c.list_offsets(topic, part, kw.LATEST)
        assert lo["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION, (part, lo)
    # The existing partitions were not touched.
    assert leo(c, topic, 0) == 0 and leo(c, topic, 1) == 0


def test_metadata_missing_topic_with_auto_create_off(make_broker):
    b = make_broker(overrides={"auto.create.topics.enable": "false"}).start()
    with kw.client(b.bootstrap) as c:
        for v in (1, 4, 9, 12):
            md = c.metadata(["no-such-topic"], version=v, allow_auto_topic_creation=True)
            (t,) = md["topics"]
            assert t["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION, (v, t)
        p = c.produce("no-such-topic", 0, [b"x"])
        assert p["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION
        f = c.fetch("no-such-topic", 0, 0, version=12)
        assert f["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION
        # ...and it really was not created.
        md = c.metadata(None)
        assert "no-such-topic" not in [t["name"] for t in md["topics"]]


def test_metadata_no_auto_create_when_request_says_so(c):
    name = unique_name("noauto")
    (t,) = c.metadata([name], version=12, allow_auto_topic_creation=False)["topics"]
    assert t["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION
    (t,) = c.metadata([name], version=12, allow_auto_topic_creation=False)["topics"]
    assert t["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION  # still not created


def test_metadata_auto_creates_topic(c):
    name = unique_name("auto")
    (t,) = c.metadata([name], version=12)["topics"]
    # Kafka answers LEADER_NOT_AVAILABLE while the topic is being created, or
    # the finished topic.
    assert t["error_code"] in (0, kw.LEADER_NOT_AVAILABLE), t
    t = c.wait_topic(name)
    assert len(t["partitions"]) == 1  # num.partitions default
    assert t["topic_id"] != kw.ZERO_UUID


def test_unknown_topic_id(c):
    topic = make_topic(c)
    for v in (13, 17):
        resp = c.request(kw.FETCH, v, c.fetch_body(topic, 0, 0, v, topic_id=kw.random_uuid()))
        assert resp["error_code"] == 0
        (t,) = resp["responses"]
        (p,) = t["partitions"]
        assert p["error_code"] == kw.UNKNOWN_TOPIC_ID, (v, p)
    bogus = kw.random_uuid()
    (r,) = c.delete_topics(ids=[bogus], version=6)
    assert r["error_code"] == kw.UNKNOWN_TOPIC_ID, r
    assert r["topic_id"] == bogus
    # The real topic is still there.
    c.wait_topic(topic)


def test_delete_unknown_topic_by_name(c):
    for v in (1, 4, 6):
        (r,) = c.delete_topics(names=[unique_name("gone")], version=v)
        assert r["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION, (v, r)


def test_delete_topic_by_id_and_by_name(c):
    a = make_topic(c)
    b = make_topic(c)
    a_id = c.topic_id(a)
    (r,) = c.delete_topics(ids=[a_id], version=6)
    assert r["error_code"] == 0 and r["name"] == a and r["topic_id"] == a_id, r
    (r,) = c.delete_topics(names=[b], version=4)
    assert r["error_code"] == 0 and r["name"] == b, r
    for t in (a, b):
        (m,) = c.metadata([t], allow_auto_topic_creation=False)["topics"]
        assert m["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION, m


def test_describe_configs_unknown_topic(c):
    r = c.describe_configs(kw.RESOURCE_TOPIC, unique_name("nocfg"))
    assert r["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION, r


def test_describe_configs_topic_and_broker(c):
    topic = make_topic(c)
    r = c.describe_configs(kw.RESOURCE_TOPIC, topic, keys=["segment.bytes", "cleanup.policy"])
    assert r["error_code"] == 0, r
    got = {e["name"]: e["value"] for e in r["configs"]}
    assert got["cleanup.policy"] == "delete"
    assert int(got["segment.bytes"]) > 0
    node_id = c.metadata([])["brokers"][0]["node_id"]
    r = c.describe_configs(kw.RESOURCE_BROKER, str(node_id), version=1)
    assert r["error_code"] == 0, r
    assert r["configs"], "broker DescribeConfigs returned no configs"


# ---------------------------------------------------------------------------
# CreateTopics / CreatePartitions validation
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["bad name!", "a" * 250, ".", "..", "", "t/x", "ü-topic",
                                  "tab\tname"])
def test_invalid_topic_names(c, name):
    res = c.create_topic(name)
    assert res["error_code"] == kw.INVALID_TOPIC_EXCEPTION, (name, res)
    assert res["name"] == name


def test_longest_valid_topic_name(c):
    name = "L" * 239 + unique_name("")[1:11]
    assert len(name) == 249
    res = c.create_topic(name)
    assert res["error_code"] == 0, res
    c.wait_topic(name)


def test_invalid_topic_name_via_metadata_auto_create(c):
    (t,) = c.metadata(["bad name!"], version=12)["topics"]
    assert t["error_code"] == kw.INVALID_TOPIC_EXCEPTION, t


def test_topic_name_collision_dot_underscore(c):
    base = unique_name("col").replace("-", "")
    res = c.create_topic(base + "_x")
    assert res["error_code"] == 0
    res = c.create_topic(base + ".x")
    assert res["error_code"] == kw.INVALID_TOPIC_EXCEPTION, res
    # and the other way round
    res = c.create_topic(base + ".y")
    assert res["error_code"] == 0
    res = c.create_topic(base + "_y")
    assert res["error_code"] == kw.INVALID_TOPIC_EXCEPTION, res


def test_topic_already_exists(c):
    topic = make_topic(c)
    for v in (2, 5, 7):
        res = c.create_topic(topic, version=v)
        assert res["error_code"] == kw.TOPIC_ALREADY_EXISTS, (v, res)


def test_create_topics_v7_returns_id_and_settings(c):
    name = unique_name()
    res = c.create_topic(name, num_partitions=3)
    assert res["error_code"] == 0
    assert res["topic_id"] != kw.ZERO_UUID
    assert res["num_partitions"] == 3 and res["replication_factor"] == 1
    assert c.topic_id(name) == res["topic_id"]


def test_create_topics_validate_only(c):
    name = unique_name("validate")
    (res,) = c.create_topics([(name, 2, 1)], validate_only=True)
    assert res["error_code"] == 0, res
    (t,) = c.metadata([name], allow_auto_topic_creation=False)["topics"]
    assert t["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION  # not created


@pytest.mark.parametrize("partitions", [0, -5])
def test_invalid_partition_count(c, partitions):
    res = c.create_topic(unique_name(), num_partitions=partitions)
    assert res["error_code"] == kw.INVALID_PARTITIONS, res


def test_default_partitions_and_replication(c):
    name = unique_name()
    res = c.create_topic(name, num_partitions=-1, replication_factor=-1)
    assert res["error_code"] == 0, res
    assert len(c.wait_topic(name)["partitions"]) == 1  # num.partitions default


@pytest.mark.parametrize("rf", [3, 0])
def test_invalid_replication_factor(c, rf):
    res = c.create_topic(unique_name(), replication_factor=rf)
    assert res["error_code"] == kw.INVALID_REPLICATION_FACTOR, res


def test_create_topic_configs(c):
    name = unique_name("cfg")
    res = c.create_topics([{"name": name, "num_partitions": 1, "replication_factor": 1,
                            "configs": [{"name": "segment.bytes", "value": "1048576"},
                                        {"name": "retention.ms", "value": "3600000"}]}])[0]
    assert res["error_code"] == 0, res
    c.wait_topic(name)
    r = c.describe_configs(kw.RESOURCE_TOPIC, name, keys=["segment.bytes", "retention.ms"])
    got = {e["name"]: e["value"] for e in r["configs"]}
    assert got == {"segment.bytes": "1048576", "retention.ms": "3600000"}, got
    for cfg in ({"name": "cleanup.policy", "value": "bogus"},
                {"name": "segment.bytes", "value": "abc"},
                {"name": "no.such.topic.config", "value": "1"}):
        res = c.create_topics([{"name": unique_name("badcfg"), "num_partitions": 1,
                                "replication_factor": 1, "configs": [cfg]}])[0]
        assert res["error_code"] == kw.INVALID_CONFIG, (cfg, res)


def test_create_partitions(c):
    topic = make_topic(c, partitions=2)
    for count in (1, 2):  # fewer, and the same number
        r = c.create_partitions(topic, count)
        assert r["error_code"] == kw.INVALID_PARTITIONS, (count, r)
    r = c.create_partitions(topic, 5, validate_only=True)
    assert r["error_code"] == 0, r
    assert len(c.wait_topic(topic)["partitions"]) == 2
    r = c.create_partitions(topic, 5)
    assert r["error_code"] == 0, r
    deadline = time.monotonic() + 10
    while len(c.wait_topic(topic)["partitions"]) != 5:
        assert time.monotonic() < deadline, "partitions not added"
        time.sleep(0.02)
    p = c.produce(topic, 4, [b"in new partition"])
    assert p["error_code"] == 0 and p["base_offset"] == 0, p
    r = c.create_partitions(unique_name("nope"), 3)
    assert r["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION, r


# ---------------------------------------------------------------------------
# Produce / Fetch errors
# ---------------------------------------------------------------------------

def test_offset_out_of_range(c):
    topic = make_topic(c)
    p = c.produce(topic, 0, [b"a", b"b", b"c"])
    assert p["error_code"] == 0 and p["base_offset"] == 0
    for v in (4, 12, 13, 17):
        f = c.fetch(topic, 0, 4, version=v)
        assert f["error_code"] == kw.OFFSET_OUT_OF_RANGE, (v, f)
        f = c.fetch(topic, 0, -1, version=v)
        assert f["error_code"] == kw.OFFSET_OUT_OF_RANGE, (v, f)
        f = c.fetch(topic, 0, 3, version=v)  # exactly the end: fine, empty
        assert f["error_code"] == 0 and f["high_watermark"] == 3, (v, f)
        assert not records_of(f["records"])


def test_corrupt_message_crc(c):
    topic = make_topic(c)
    good = build_batch([b"hello", b"world"])
    for pos in (len(good) - 1, kw.BATCH_CRC_OFFSET, 17, 30, 60):
        bad = bytearray(good)
        bad[pos] ^= 0x40
        p = c.produce(topic, 0, bytes(bad))
        assert p["error_code"] == kw.CORRUPT_MESSAGE, (pos, p)
    assert leo(c, topic) == 0  # nothing was appended
    p = c.produce(topic, 0, good)
    assert p["error_code"] == 0 and p["base_offset"] == 0


def test_two_batches_in_one_partition_payload(c):
    """Kafka's ProduceRequest.validateRecords (v3+): exactly one batch per
    partition, else INVALID_RECORD; an empty payload is INVALID_RECORD too."""
    topic = make_topic(c)
    b1 = build_batch([b"one"])
    b2 = build_batch([b"two"])
    for payload in (b1 + b2, b""):
        p = c.produce(topic, 0, payload)
        assert p["error_code"] == kw.INVALID_RECORD, p
    assert leo(c, topic) == 0


def test_message_too_large(make_broker):
    b = make_broker(overrides={"message.max.bytes": "1000"}).start()
    with kw.client(b.bootstrap) as c:
        topic = make_topic(c)
        big = build_batch([os.urandom(1500)])
        p = c.produce(topic, 0, big)
        assert p["error_code"] == kw.MESSAGE_TOO_LARGE, p
        ok = build_batch([os.urandom(900)])
        assert len(ok) <= 1000
        p = c.produce(topic, 0, ok)
        assert p["error_code"] == 0, p
        p = c.produce(topic, 0, ok)
        assert p["error_code"] == 0 and p["base_offset"] == 1, p
        assert leo(c, topic) == 2


def test_record_list_too_large(make_broker):
    """Kafka's UnifiedLog.append: a partition's records (within
    message.max.bytes) larger than the segment size are rejected with
    RecordBatchTooLargeException = RECORD_LIST_TOO_LARGE (18). Since Produce
    v3+ carries exactly one batch per partition, that is one batch larger
    than log.segment.bytes."""
    b = make_broker(overrides={"log.segment.bytes": "4096"}).start()
    with kw.client(b.bootstrap) as c:
        topic = make_topic(c)
        one = build_batch([os.urandom(5000)])
        p = c.produce(topic, 0, one)
        assert p["error_code"] == kw.RECORD_LIST_TOO_LARGE, p
        assert leo(c, topic) == 0
        half = build_batch([os.urandom(2500)])
        p = c.produce(topic, 0, half)
        assert p["error_code"] == 0 and p["base_offset"] == 0, p


@pytest.mark.parametrize("acks", [2, -2, 5])
def test_invalid_required_acks(c, acks):
    topic = make_topic(c)
    p = c.produce(topic, 0, [b"x"], acks=acks)
    assert p["error_code"] == kw.INVALID_REQUIRED_ACKS, p
    assert leo(c, topic) == 0


# ---------------------------------------------------------------------------
# Versions
# ---------------------------------------------------------------------------

def test_produce_v2_unsupported(c):
    topic = make_topic(c)
    body = {"acks": 1, "timeout_ms": 5000, "topic_data": [
        {"name": topic, "partition_data": [{"index": 0, "records": build_batch([b"old"])}]}]}
    for v in (0, 1, 2):
        resp = c.request(kw.PRODUCE, v, body)
        (t,) = resp["responses"]
        (p,) = t["partition_responses"]
        assert p["error_code"] == kw.UNSUPPORTED_VERSION, (v, p)
    assert leo(c, topic) == 0


def test_api_versions_unknown_version_answers_v0(broker):
    with kw.client(broker.bootstrap) as c:
        corr = c.send(kw.API_VERSIONS, 99, {"client_software_name": "x",
                                            "client_software_version": "1"})
        body = c.recv(kw.API_VERSIONS, 99, corr, body_version=0)
        assert body["error_code"] == kw.UNSUPPORTED_VERSION, body
        got = {a["api_key"]: (a["min_version"], a["max_version"]) for a in body["api_keys"]}
        assert got.get(kw.API_VERSIONS) == (0, 4), got
        for key, rng in got.items():
            assert EXPECTED_APIS.get(key) == rng, (key, rng)
        # The connection stays usable: the client retries with a version it knows.
        body = c.api_versions(3)
        assert body["error_code"] == 0


def test_api_versions_lists_exact_table(c):
    for v in range(0, 5):
        body = c.api_versions(v)
        assert body["error_code"] == 0
        keys = [a["api_key"] for a in body["api_keys"]]
        assert len(keys) == len(set(keys)), "duplicate api keys"
        got = {a["api_key"]: (a["min_version"], a["max_version"]) for a in body["api_keys"]}
        assert got == EXPECTED_APIS, (v, got)
        if v >= 1:
            assert body["throttle_time_ms"] == 0


def test_unknown_api_key(broker):
    with kw.client(broker.bootstrap) as c:
        req = kw.frame(kw.encode_request_header(9999, 0, 77, "x", header_version=1) + b"\0" * 8)
        c.send_raw(req)
        try:
            payload = c.recv_frame(timeout=5)
        except kw.ConnectionClosed:
            payload = None
        if payload is not None:
            # Answered instead of closed: it must be for our request.
            assert int.from_bytes(payload[:4], "big") == 77
    with kw.client(broker.bootstrap) as c:
        assert c.api_versions()["error_code"] == 0


# ---------------------------------------------------------------------------
# Successful shapes
# ---------------------------------------------------------------------------

def test_metadata_shape_and_topic_id_stable_across_restart(make_broker):
    b = make_broker().start()
    with kw.client(b.bootstrap) as c:
        topic = make_topic(c, partitions=3)
        md = c.metadata([topic], version=12)
        (t,) = md["topics"]
        tid = t["topic_id"]
        assert tid != kw.ZERO_UUID and len(tid) == 16
        assert t["name"] == topic and t["is_internal"] is False
        assert sorted(p["partition_index"] for p in t["partitions"]) == [0, 1, 2]
        (br,) = md["brokers"]
        assert (br["host"], br["port"]) == ("127.0.0.1", b.port)
        assert md["cluster_id"]
        assert md["controller_id"] == br["node_id"]
        for p in t["partitions"]:
            assert p["leader_id"] == br["node_id"]
            assert p["replica_nodes"] == [br["node_id"]] and p["isr_nodes"] == [br["node_id"]]
            assert p["leader_epoch"] >= 0
        cluster_id = md["cluster_id"]
        c.produce(topic, 1, [b"persist"])
    b.restart()
    with kw.client(b.bootstrap) as c:
        md = c.metadata([topic], version=12, allow_auto_topic_creation=False)
        (t,) = md["topics"]
        assert t["error_code"] == 0 and t["topic_id"] == tid
        assert md["cluster_id"] == cluster_id
        # every other version parses and agrees
        for v in (0, 1, 4, 7, 9, 10, 11):
            (t2,) = c.metadata([topic], version=v, allow_auto_topic_creation=False)["topics"]
            assert t2["error_code"] == 0 and len(t2["partitions"]) == 3, v
            if v >= 10:
                assert t2["topic_id"] == tid


def test_describe_cluster(broker, c):
    for v in (0, 1):
        r = c.request(kw.DESCRIBE_CLUSTER, v, {})
        assert r["error_code"] == 0, r
        assert r["cluster_id"]
        (br,) = r["brokers"]
        assert (br["host"], br["port"]) == ("127.0.0.1", broker.port)
        assert r["controller_id"] == br["broker_id"]


def test_produce_fetch_every_version(c):
    topic = make_topic(c)
    expected = []
    for i, v in enumerate((3, 4, 5, 7, 8, 9, 10, 11)):
        vals = [f"v{v}-{j}".encode() for j in range(3)]
        p = c.produce(topic, 0, vals, version=v)
        assert p["error_code"] == 0 and p["base_offset"] == 3 * i, (v, p)
        if v >= 5:
            assert p["log_start_offset"] == 0
        expected += vals
    gz = build_batch([b"gz1", b"gz2"], compression=kw.COMPRESSION_GZIP)
    p = c.produce(topic, 0, gz)
    assert p["error_code"] == 0 and p["base_offset"] == len(expected)
    expected += [b"gz1", b"gz2"]
    for v in (4, 5, 7, 11, 12, 13, 15, 16, 17):
        f = c.fetch(topic, 0, 0, version=v)
        assert f["error_code"] == 0, (v, f)
        assert f["high_watermark"] == len(expected)
        if v >= 5:
            assert f["log_start_offset"] == 0
        recs = records_of(f["records"])
        assert [r["value"] for r in recs] == expected, v
        assert [r["offset"] for r in recs] == list(range(len(expected)))


def test_produce_acks_all(c):
    topic = make_topic(c)
    p = c.produce(topic, 0, [b"all"], acks=-1)
    assert p["error_code"] == 0 and p["base_offset"] == 0, p
    assert [r["value"] for r in c.fetch_all(topic, 0)] == [b"all"]


def test_produce_acks0_no_response_but_data_lands(c):
    topic = make_topic(c)
    for i in range(5):
        assert c.produce(topic, 0, [f"fire-{i}".encode()], acks=0) is None
    # The next response on this connection must be the ApiVersions one.
    corr = c.send(kw.API_VERSIONS, 3, {})
    body = c.recv(kw.API_VERSIONS, 3, corr)
    assert body["error_code"] == 0
    recs = c.fetch_all(topic, 0)
    assert [r["value"] for r in recs] == [f"fire-{i}".encode() for i in range(5)]


def test_fetch_long_poll_wakes_on_produce(broker, c):
    topic = make_topic(c)
    c.produce(topic, 0, [b"first"])
    with kw.client(broker.bootstrap) as waiter:
        t0 = time.monotonic()
        corr = waiter.send(kw.FETCH, 12, waiter.fetch_body(topic, 0, 1, 12, max_wait_ms=2000,
                                                          min_bytes=1))
        done = threading.Event()
        result = {}

        def wait():
            try:
                result["body"] = waiter.recv(kw.FETCH, 12, corr, timeout=15)
            except Exception as e:  # reported below
                result["error"] = e
            result["elapsed"] = time.monotonic() - t0
            done.set()

        th = threading.Thread(target=wait)
        th.start()
        time.sleep(0.2)  # let the fetch park; the produce below must wake it
        p = c.produce(topic, 0, [b"wake up"])
        assert p["error_code"] == 0 and p["base_offset"] == 1
        assert done.wait(15)
        th.join()
    assert "error" not in result, result
    (t,) = result["body"]["responses"]
    (part,) = t["partitions"]
    assert part["error_code"] == 0
    assert [r["value"] for r in records_of(part["records"])] == [b"wake up"]
    assert result["elapsed"] < 1.9, result["elapsed"]


def test_fetch_long_poll_times_out_empty(c):
    topic = make_topic(c)
    c.produce(topic, 0, [b"only"])
    t0 = time.monotonic()
    f = c.fetch(topic, 0, 1, max_wait_ms=700, min_bytes=1)
    elapsed = time.monotonic() - t0
    assert f["error_code"] == 0 and f["high_watermark"] == 1
    assert not records_of(f["records"])
    assert 0.6 <= elapsed < 5, elapsed


def test_fetch_min_bytes_already_satisfied_returns_at_once(c):
    topic = make_topic(c)
    c.produce(topic, 0, [b"ready"])
    t0 = time.monotonic()
    f = c.fetch(topic, 0, 0, max_wait_ms=5000, min_bytes=1)
    assert time.monotonic() - t0 < 4
    assert [r["value"] for r in records_of(f["records"])] == [b"ready"]


def test_fetch_inside_batch_returns_whole_batch(c):
    topic = make_topic(c)
    c.produce(topic, 0, [f"r{i}".encode() for i in range(5)])
    c.produce(topic, 0, [b"r5"])
    f = c.fetch(topic, 0, 2)
    batches = kw.parse_batches(f["records"])
    assert batches[0].base_offset == 0 and batches[0].record_count == 5
    assert [r["offset"] for r in batches[0].records] == [0, 1, 2, 3, 4]
    f = c.fetch(topic, 0, 5)
    (b,) = kw.parse_batches(f["records"])
    assert b.base_offset == 5


def test_fetch_max_bytes_smaller_than_first_batch(c):
    topic = make_topic(c)
    big = build_batch([os.urandom(3000), os.urandom(3000)])
    c.produce(topic, 0, big)
    c.produce(topic, 0, [b"second"])
    for kwargs in ({"partition_max_bytes": 100}, {"max_bytes": 100}):
        f = c.fetch(topic, 0, 0, **kwargs)
        assert f["error_code"] == 0
        batches = kw.parse_batches(f["records"])
        assert batches and batches[0].size == len(big), kwargs
        assert batches[0].record_count == 2
        # Only the first batch may exceed the limit; nothing more fits after it.
        assert len(f["records"]) == len(big), kwargs
        f = c.fetch(topic, 0, 1, **kwargs)  # inside the big batch: still whole
        assert kw.parse_batches(f["records"])[0].size == len(big)


def test_list_offsets_empty_partition(c):
    topic = make_topic(c)
    for v in (1, 7, 10):
        for ts in (kw.EARLIEST, kw.LATEST):
            p = c.list_offsets(topic, 0, ts, version=v)
            assert (p["error_code"], p["offset"]) == (0, 0), (v, ts, p)
        p = c.list_offsets(topic, 0, 12345, version=v)
        assert (p["error_code"], p["offset"], p["timestamp"]) == (0, -1, -1), (v, p)


def test_list_offsets(c):
    topic = make_topic(c)
    # Recent timestamps (old ones could be removed by time retention), not
    # in order: the largest one is at offset 3.
    t = int(time.time() * 1000) - 100000
    assert c.produce(topic, 0, build_batch([b"a", b"b", b"c"], timestamps=[t, t + 1, t + 2]),
                     )["error_code"] == 0
    assert c.produce(topic, 0, build_batch([b"d"], timestamps=[t + 4000]))["error_code"] == 0
    assert c.produce(topic, 0, build_batch([b"e"], timestamps=[t + 2000]))["error_code"] == 0
    for v in (1, 4, 7, 10):
        assert c.list_offsets(topic, 0, kw.EARLIEST, version=v)["offset"] == 0
        lat = c.list_offsets(topic, 0, kw.LATEST, version=v)
        assert lat["error_code"] == 0 and lat["offset"] == 5, (v, lat)
        p = c.list_offsets(topic, 0, t + 1, version=v)
        assert (p["error_code"], p["offset"], p["timestamp"]) == (0, 1, t + 1), (v, p)
        p = c.list_offsets(topic, 0, t - 1, version=v)
        assert (p["offset"], p["timestamp"]) == (0, t), (v, p)
        p = c.list_offsets(topic, 0, t + 1000, version=v)  # first record with ts >= target
        assert (p["offset"], p["timestamp"]) == (3, t + 4000), (v, p)
        p = c.list_offsets(topic, 0, t + 5000, version=v)  # none
        assert p["error_code"] == 0 and (p["offset"], p["timestamp"]) == (-1, -1), (v, p)
        if v >= 4:
            assert lat["leader_epoch"] >= 0
    for v in (7, 10):
        p = c.list_offsets(topic, 0, kw.MAX_TIMESTAMP, version=v)
        assert (p["error_code"], p["offset"], p["timestamp"]) == (0, 3, t + 4000), (v, p)


def test_pipelining_50_requests(broker):
    topic = unique_name("pipe")
    with kw.client(broker.bootstrap) as c:
        assert c.create_topic(topic)["error_code"] == 0
        c.wait_topic(topic)
        sent = []
        for i in range(50):
            kind = i % 4
            if kind == 0:
                sent.append((kw.API_VERSIONS, 3, c.send(kw.API_VERSIONS, 3, {})))
            elif kind == 1:
                sent.append((kw.METADATA, 12, c.send(kw.METADATA, 12, {"topics": None})))
            elif kind == 2:
                body = c.produce_body(topic, 0, build_batch([f"p{i}".encode()]))
                sent.append((kw.PRODUCE, 9, c.send(kw.PRODUCE, 9, body)))
            else:
                sent.append((kw.FETCH, 12, c.send(kw.FETCH, 12, c.fetch_body(topic, 0, 0, 12))))
        produced = 0
        for api, v, corr in sent:
            body = c.recv(api, v, corr)  # raises on a correlation id out of order
            if api == kw.PRODUCE:
                (p,) = body["responses"][0]["partition_responses"]
                assert p["error_code"] == 0 and p["base_offset"] == produced
                produced += 1
            elif api == kw.FETCH:
                part = body["responses"][0]["partitions"][0]
                # requests are handled in order: a fetch sees every produce before it
                assert len(records_of(part["records"])) == produced
