"""AlterConfigs and IncrementalAlterConfigs on topics: validated with Kafka's
error codes, visible in DescribeConfigs as dynamic topic configs, persisted
across restarts and applied live (a retention change acts without restart).

Clients: confluent-kafka-python 1.7 AdminClient (alter_configs, describe_configs),
kafka-python's KafkaAdminClient, and raw IncrementalAlterConfigs requests.
"""
import os
import glob
import time

import pytest
from confluent_kafka.admin import AdminClient, ConfigResource, ConfigSource, NewTopic
from kafka import KafkaAdminClient
from kafka.admin import ConfigResource as KConfigResource, ConfigResourceType

import kafka_wire as kw

SET, DELETE, APPEND, SUBTRACT = 0, 1, 2, 3


def describe(admin, topic):
    res = admin.describe_configs([ConfigResource(ConfigResource.Type.TOPIC, topic)])
    entries = list(res.values())[0].result(20)
    return {k: (e.value, e.source) for k, e in entries.items()}


@pytest.fixture
def cb(make_broker):
    b = make_broker(overrides={"log.retention.check.interval.ms": "200"})
    b.start()
    return b


def test_confluent_alter_configs_replaces_overrides(cb):
    a = AdminClient({"bootstrap.servers": cb.bootstrap})
    a.create_topics([NewTopic("alt-c", 2, 1, config={"retention.ms": "100000"})])["alt-c"].result(20)
    cfg = describe(a, "alt-c")
    assert cfg["retention.ms"] == ("100000", ConfigSource.DYNAMIC_TOPIC_CONFIG.value)
    # AlterConfigs replaces every override: retention.ms goes back to its default
    r = ConfigResource(ConfigResource.Type.TOPIC, "alt-c", set_config={"segment.bytes": "1048576",
                                                                     "cleanup.policy": "compact"})
    a.alter_configs([r])[r].result(20)
    cfg = describe(a, "alt-c")
    assert cfg["segment.bytes"] == ("1048576", ConfigSource.DYNAMIC_TOPIC_CONFIG.value)
    assert cfg["cleanup.policy"][0] == "compact"
    assert cfg["retention.ms"] == ("604800000", ConfigSource.DEFAULT_CONFIG.value)
    # an invalid value or an unknown key changes nothing
    bad = ConfigResource(ConfigResource.Type.TOPIC, "alt-c", set_config={"segment.bytes": "lots"})
    with pytest.raises(Exception) as e:
        a.alter_configs([bad])[bad].result(20)
    assert "INVALID_CONFIG" in str(e.value) or "Invalid" in str(e.value)
    unknown = ConfigResource(ConfigResource.Type.TOPIC, "alt-c", set_config={"no.such.config": "1"})
    with pytest.raises(Exception):
        a.alter_configs([unknown])[unknown].result(20)
    missing = ConfigResource(ConfigResource.Type.TOPIC, "alt-missing", set_config={"retention.ms": "1"})
    with pytest.raises(Exception) as e:
        a.alter_configs([missing])[missing].result(20)
    assert "UNKNOWN_TOPIC_OR_PART" in str(e.value) or "does not host" in str(e.value)
    assert describe(a, "alt-c")["segment.bytes"][0] == "1048576"
    # validate_only checks without applying
    vo = ConfigResource(ConfigResource.Type.TOPIC, "alt-c", set_config={"segment.bytes": "2097152"})
    a.alter_configs([vo], validate_only=True)[vo].result(20)
    assert describe(a, "alt-c")["segment.bytes"][0] == "1048576"
    # persisted: in every partition dir, and after a restart
    for d in glob.glob(os.path.join(cb.log_dir, "alt-c-*")):
        assert "segment.bytes=1048576" in open(os.path.join(d, "samsa-topic.properties")).read()
    cb.restart()
    a = AdminClient({"bootstrap.servers": cb.bootstrap})
    assert describe(a, "alt-c")["segment.bytes"][0] == "1048576"
    assert describe(a, "alt-c")["cleanup.policy"][0] == "compact"


def test_incremental_alter_configs(cb):
    with kw.client(cb.bootstrap) as c:
        assert c.create_topic("alt-i", 1)["error_code"] == 0
        c.wait_topic("alt-i")
        assert kw.incremental_alter_configs(c, "alt-i", [("retention.ms", SET, "5000"),
                                                         ("max.message.bytes", SET, "2000")])[0] == 0
        assert kw.incremental_alter_configs(c, "alt-i", [("cleanup.policy", APPEND, "compact")])[0] == 0
        a = AdminClient({"bootstrap.servers": cb.bootstrap})
        cfg = describe(a, "alt-i")
        assert cfg["retention.ms"][0] == "5000" and cfg["max.message.bytes"][0] == "2000"
        assert cfg["cleanup.policy"][0] == "delete,compact"
        assert kw.incremental_alter_configs(c, "alt-i", [("cleanup.policy", SUBTRACT, "delete")])[0] == 0
        assert describe(a, "alt-i")["cleanup.policy"][0] == "compact"
        assert kw.incremental_alter_configs(c, "alt-i", [("retention.ms", DELETE, None)])[0] == 0
        assert describe(a, "alt-i")["retention.ms"][1] == ConfigSource.DEFAULT_CONFIG.value
        # the new max.message.bytes acts at once on produce
        r = c.produce("alt-i", 0, [{"key": b"k", "value": b"x" * 3000}])
        assert r["error_code"] == kw.MESSAGE_TOO_LARGE, r
        # Kafka's errors
        assert kw.incremental_alter_configs(c, "alt-i", [("retention.ms", APPEND, "1")])[0] == kw.INVALID_CONFIG
        assert kw.incremental_alter_configs(c, "alt-i", [("retention.ms", SET, "x")])[0] == kw.INVALID_CONFIG
        assert kw.incremental_alter_configs(c, "alt-i", [("retention.ms", SET, None)])[0] == kw.INVALID_REQUEST
        assert kw.incremental_alter_configs(c, "alt-i", [("retention.ms", SET, "1"),
                                                         ("retention.ms", SET, "2")])[0] == kw.INVALID_REQUEST
        assert kw.incremental_alter_configs(c, "alt-i", [("bogus.key", SET, "1")])[0] == kw.INVALID_CONFIG
        assert kw.incremental_alter_configs(c, "nope", [("retention.ms", SET, "1")])[0] == \
            kw.UNKNOWN_TOPIC_OR_PARTITION
        assert kw.incremental_alter_configs(c, "alt-i", [("retention.ms", SET, "7")],
                                            validate_only=True)[0] == 0
        assert describe(a, "alt-i")["retention.ms"][1] == ConfigSource.DEFAULT_CONFIG.value


def test_legacy_alter_configs_takes_the_last_duplicate(cb):
    """Read-modify-write helpers (librdkafka's test_AlterConfigs_simple, 0092) resend every
    described key plus the changed one: the legacy API takes the last value, as ZooKeeper-mode
    Kafka did, while IncrementalAlterConfigs refuses duplicates (test above)."""
    with kw.client(cb.bootstrap) as c:
        assert c.create_topic("alt-dup", 1)["error_code"] == 0
        c.wait_topic("alt-dup")
        assert kw.alter_configs(c, "alt-dup", [("retention.ms", "1000"), ("segment.bytes", "100000"),
                                               ("retention.ms", "2000")]) == (0, None)
        a = AdminClient({"bootstrap.servers": cb.bootstrap})
        cfg = describe(a, "alt-dup")
        assert cfg["retention.ms"] == ("2000", ConfigSource.DYNAMIC_TOPIC_CONFIG.value)
        assert cfg["segment.bytes"] == ("100000", ConfigSource.DYNAMIC_TOPIC_CONFIG.value)
        # the Kafka 3.x topic configs that 4.0 removed are accepted (older tools set them)
        assert kw.alter_configs(c, "alt-dup", [("message.format.version", "0.10.0.0")]) == (0, None)
        assert describe(a, "alt-dup")["message.format.version"][0] == "0.10.0.0"
        code, _ = kw.alter_configs(c, "0", [("log.retention.ms", "1"), ("log.retention.ms", "86400000")],
                                   resource_type=4)
        assert code == 0
        e = c.describe_configs(4, "0", keys=["log.retention.ms"])["configs"][0]
        assert e["value"] == "86400000"


def test_retention_change_acts_without_restart(cb):
    with kw.client(cb.bootstrap) as c:
        res = c.create_topics([{"name": "alt-live", "num_partitions": 1, "replication_factor": 1,
                                "configs": [{"name": "segment.bytes", "value": "2000"}]}])
        assert res[0]["error_code"] == 0
        c.wait_topic("alt-live")
        for _ in range(10):
            assert c.produce("alt-live", 0, [b"y" * 100] * 10)["error_code"] == 0
        time.sleep(0.6)
        assert c.list_offsets("alt-live", 0, -2)["offset"] == 0  # 7 days: nothing goes
        assert kw.incremental_alter_configs(c, "alt-live", [("retention.ms", SET, "100")])[0] == 0
        deadline = time.time() + 20
        while c.list_offsets("alt-live", 0, -2)["offset"] != 100 and time.time() < deadline:
            time.sleep(0.1)
        assert c.list_offsets("alt-live", 0, -2)["offset"] == 100


def test_kafka_python_alter_configs(cb):
    a = KafkaAdminClient(bootstrap_servers=cb.bootstrap)
    try:
        with kw.client(cb.bootstrap) as c:
            assert c.create_topic("alt-kp", 1)["error_code"] == 0
            c.wait_topic("alt-kp")
        a.alter_configs([KConfigResource(ConfigResourceType.TOPIC, "alt-kp",
                                         configs={"retention.bytes": "123456"})])
        res = a.describe_configs([KConfigResource(ConfigResourceType.TOPIC, "alt-kp")])
        entries = {e[0]: e[1] for e in res[0].resources[0][4]}
        assert entries["retention.bytes"] == "123456"
    finally:
        a.close()


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_describe_log_dirs(make_broker, tmp_path, version):
    d1, d2 = tmp_path / "d1", tmp_path / "d2"
    b = make_broker(overrides={"log.dirs": f"{d1},{d2}"})
    b.start()
    with kw.client(b.bootstrap) as c:
        assert c.create_topic("ld-t", 4)["error_code"] == 0
        c.wait_topic("ld-t")
        for p in range(4):
            assert c.produce("ld-t", p, [b"z" * (100 * (p + 1))])["error_code"] == 0
        resp = c.request(kw.DESCRIBE_LOG_DIRS, version, {"topics": None})
        dirs = {r["log_dir"]: r for r in resp["results"]}
        assert set(dirs) == {str(d1), str(d2)}
        seen = {}
        for r in resp["results"]:
            assert r["error_code"] == 0
            for t in r["topics"]:
                if t["name"] == "ld-t":
                    for p in t["partitions"]:
                        seen[p["partition_index"]] = (r["log_dir"], p["partition_size"])
                        assert os.path.isdir(os.path.join(r["log_dir"], f"ld-t-{p['partition_index']}"))
            if version >= 4:
                assert r["total_bytes"] > 0 and 0 <= r["usable_bytes"] <= r["total_bytes"]
        assert sorted(seen) == [0, 1, 2, 3]
        # new partitions are spread over the least loaded dirs
        assert len({d for d, _ in seen.values()}) == 2
        sizes = [sz for _, (_, sz) in sorted(seen.items())]
        assert sizes == sorted(sizes) and sizes[0] > 0
        # only the asked partitions
        resp = c.request(kw.DESCRIBE_LOG_DIRS, version, {"topics": [{"topic": "ld-t", "partitions": [2]}]})
        got = [(t["name"], p["partition_index"]) for r in resp["results"] for t in r["topics"]
               for p in t["partitions"]]
        assert got == [("ld-t", 2)]
