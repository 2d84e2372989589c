"""Dynamic broker configs (KIP-226): AlterConfigs / IncrementalAlterConfigs on the
BROKER resource, for this broker ("0") and the cluster-wide default (""), with Kafka's
precedence (per-broker > cluster default > static > built-in), sources and synonyms in
DescribeConfigs, Kafka's validation errors, persistence across restarts, and live effect
on every topic without an override.

Clients: raw requests (kafka_wire) and confluent-kafka-python 1.7's AdminClient.
"""
import os
import stat
import time

import pytest
from confluent_kafka.admin import AdminClient, ConfigResource, ConfigSource

import kafka_wire as kw

SET, DELETE, APPEND, SUBTRACT = 0, 1, 2, 3
BROKER = 4
TOPIC = 2
DYNAMIC_TOPIC, DYNAMIC_BROKER, DYNAMIC_DEFAULT, STATIC, DEFAULT = 1, 2, 3, 4, 5


def broker_configs(c, name="0", keys=None, **kw_args):
    r = c.describe_configs(BROKER, name, keys=keys, synonyms=True, **kw_args)
    assert r["error_code"] == 0, r
    return {e["name"]: e for e in r["configs"]}


def topic_configs(c, topic, keys=None):
    r = c.describe_configs(TOPIC, topic, keys=keys, synonyms=True)
    assert r["error_code"] == 0, r
    return {e["name"]: e for e in r["configs"]}


def synonyms(entry):
    return [(s["name"], s["value"], s["source"]) for s in entry["synonyms"]]


def alter(c, name, ops, **kwargs):
    return kw.incremental_alter_configs(c, name, ops, resource_type=BROKER, **kwargs)


@pytest.fixture
def b(make_broker):
    b = make_broker(overrides={"log.retention.check.interval.ms": "200",
                               "log.segment.bytes": "1048576"})
    b.start()
    return b


def test_levels_sources_and_synonyms(b):
    with kw.client(b.bootstrap) as c:
        assert c.create_topic("dyn-plain", 1)["error_code"] == 0
        c.create_topics([{"name": "dyn-own", "num_partitions": 1, "replication_factor": 1,
                          "configs": [{"name": "retention.ms", "value": "5000"}]}])
        c.wait_topic("dyn-plain")
        c.wait_topic("dyn-own")
        e = broker_configs(c, keys=["log.retention.ms", "log.segment.bytes"])
        assert e["log.retention.ms"]["read_only"] is False
        assert e["log.segment.bytes"]["config_source"] == STATIC
        assert synonyms(e["log.segment.bytes"]) == [("log.segment.bytes", "1048576", STATIC),
                                                    ("log.segment.bytes", "1073741824", DEFAULT)]

        # the cluster-wide default level
        assert alter(c, "", [("log.retention.ms", SET, "3600000")]) == (0, None)
        e = broker_configs(c, keys=["log.retention.ms"])["log.retention.ms"]
        assert e["value"] == "3600000" and e["config_source"] == DYNAMIC_DEFAULT
        assert synonyms(e) == [("log.retention.ms", "3600000", DYNAMIC_DEFAULT),
                               ("log.retention.hours", "168", DEFAULT)]
        t = topic_configs(c, "dyn-plain", ["retention.ms"])["retention.ms"]
        assert (t["value"], t["config_source"]) == ("3600000", DYNAMIC_DEFAULT)

        # this broker's level wins over the default
        assert alter(c, "0", [("log.retention.ms", SET, "7200000")]) == (0, None)
        e = broker_configs(c, keys=["log.retention.ms"])["log.retention.ms"]
        assert (e["value"], e["config_source"]) == ("7200000", DYNAMIC_BROKER)
        assert synonyms(e)[:2] == [("log.retention.ms", "7200000", DYNAMIC_BROKER),
                                   ("log.retention.ms", "3600000", DYNAMIC_DEFAULT)]
        t = topic_configs(c, "dyn-plain", ["retention.ms"])["retention.ms"]
        assert (t["value"], t["config_source"]) == ("7200000", DYNAMIC_BROKER)
        # a topic override still wins, its synonyms list the broker levels after it
        t = topic_configs(c, "dyn-own", ["retention.ms"])["retention.ms"]
        assert (t["value"], t["config_source"]) == ("5000", DYNAMIC_TOPIC)
        assert synonyms(t)[:3] == [("retention.ms", "5000", DYNAMIC_TOPIC),
                                   ("log.retention.ms", "7200000", DYNAMIC_BROKER),
                                   ("log.retention.ms", "3600000", DYNAMIC_DEFAULT)]

        # describing "" lists the cluster defaults only, without this broker's level
        d = broker_configs(c, name="")
        assert list(d) == ["log.retention.ms"]
        assert synonyms(d["log.retention.ms"])[0] == ("log.retention.ms", "3600000", DYNAMIC_DEFAULT)

        # DELETE falls back level by level
        assert alter(c, "0", [("log.retention.ms", DELETE, None)]) == (0, None)
        assert topic_configs(c, "dyn-plain", ["retention.ms"])["retention.ms"]["value"] == "3600000"
        assert alter(c, "", [("log.retention.ms", DELETE, None)]) == (0, None)
        t = topic_configs(c, "dyn-plain", ["retention.ms"])["retention.ms"]
        assert (t["value"], t["config_source"]) == ("604800000", DEFAULT)


def test_kafka_validation_errors(b):
    with kw.client(b.bootstrap) as c:
        def err(name, ops, **kwargs):
            return alter(c, name, ops, **kwargs)[0]
        assert err("7", [("log.retention.ms", SET, "1")]) == kw.INVALID_REQUEST  # another broker
        assert err("zero", [("log.retention.ms", SET, "1")]) == kw.INVALID_REQUEST
        for static_only in ["log.dirs", "node.id", "log.retention.hours", "listeners", "offsets.topic.num.partitions"]:
            code, msg = alter(c, "0", [(static_only, SET, "1")])
            assert code == kw.INVALID_REQUEST and "dynamically" in msg, (static_only, msg)
        code, msg = alter(c, "", [("sasl.kerberos.min.time.before.relogin", SET, "60000")])
        assert code == kw.INVALID_REQUEST and "broker id must be specified" in msg
        code, msg = alter(c, "0", [("ssl.keystore.location", SET, "/k.jks")])
        assert code == kw.INVALID_REQUEST and "listener prefix" in msg
        assert err("0", [("log.retention.ms", SET, "soon")]) == kw.INVALID_REQUEST
        assert err("0", [("log.cleanup.policy", SET, "shred")]) == kw.INVALID_REQUEST
        assert err("0", [("compression.type", SET, "brotli")]) == kw.INVALID_REQUEST
        assert err("0", [("log.cleaner.min.cleanable.ratio", SET, "2")]) == kw.INVALID_REQUEST
        assert err("0", [("log.retention.ms", SET, None)]) == kw.INVALID_REQUEST
        assert err("0", [("log.retention.ms", SET, "1"), ("log.retention.ms", SET, "2")]) == kw.INVALID_REQUEST
        assert err("0", [("log.retention.ms", APPEND, "1")]) == kw.INVALID_CONFIG
        # nothing of the failed requests was applied
        assert broker_configs(c, keys=["log.retention.ms"])["log.retention.ms"]["config_source"] != DYNAMIC_BROKER
        # validate_only checks without applying
        assert alter(c, "0", [("log.retention.ms", SET, "1000")], validate_only=True) == (0, None)
        assert broker_configs(c, keys=["log.retention.ms"])["log.retention.ms"]["config_source"] != DYNAMIC_BROKER
        # list configs take APPEND and SUBTRACT; custom keys are accepted as Kafka does
        assert alter(c, "", [("log.cleanup.policy", APPEND, "compact")]) == (0, None)
        assert broker_configs(c, keys=["log.cleanup.policy"])["log.cleanup.policy"]["value"] == "delete,compact"
        assert alter(c, "", [("log.cleanup.policy", SUBTRACT, "delete")]) == (0, None)
        assert broker_configs(c, keys=["log.cleanup.policy"])["log.cleanup.policy"]["value"] == "compact"
        assert alter(c, "0", [("my.custom.setting", SET, "blue")]) == (0, None)
        assert broker_configs(c, keys=["my.custom.setting"])["my.custom.setting"]["value"] == "blue"
        # a resource named twice: both copies refused
        resp = c.request(kw.INCREMENTAL_ALTER_CONFIGS, 1, {"validate_only": False, "resources": [
            {"resource_type": BROKER, "resource_name": "0",
             "configs": [{"name": "log.retention.ms", "config_operation": SET, "value": "1"}]}] * 2})
        assert [r["error_code"] for r in resp["responses"]] == [kw.INVALID_REQUEST] * 2


def test_applied_live_and_persisted(b):
    with kw.client(b.bootstrap) as c:
        c.create_topics([{"name": "dyn-live", "num_partitions": 1, "replication_factor": 1,
                          "configs": [{"name": "segment.bytes", "value": "2000"}]}])
        assert c.create_topic("dyn-mmb", 1)["error_code"] == 0
        c.wait_topic("dyn-live")
        c.wait_topic("dyn-mmb")
        for _ in range(10):
            assert c.produce("dyn-live", 0, [b"y" * 100] * 10)["error_code"] == 0
        # a smaller message.max.bytes acts at once on a topic without an override
        assert alter(c, "", [("message.max.bytes", SET, "2000")]) == (0, None)
        assert c.produce("dyn-mmb", 0, [b"z" * 3000])["error_code"] == kw.MESSAGE_TOO_LARGE
        assert alter(c, "", [("message.max.bytes", DELETE, None)]) == (0, None)
        assert c.produce("dyn-mmb", 0, [b"z" * 3000])["error_code"] == 0
        # the broker-wide retention drops the old segments without a restart
        assert c.list_offsets("dyn-live", 0, -2)["offset"] == 0
        assert alter(c, "0", [("log.retention.ms", SET, "100")]) == (0, None)
        deadline = time.time() + 20
        while c.list_offsets("dyn-live", 0, -2)["offset"] < 100 and time.time() < deadline:
            time.sleep(0.1)
        assert c.list_offsets("dyn-live", 0, -2)["offset"] >= 100
        assert alter(c, "0", [("log.retention.ms", SET, "86400000"),
                              ("listener.name.plaintext.ssl.keystore.password", SET, "s3cret")]) == (0, None)
        assert alter(c, "", [("log.cleaner.backoff.ms", SET, "500")]) == (0, None)
    path = os.path.join(b.log_dir, "dynamic-broker-configs.properties")
    assert "log.retention.ms=86400000" in open(path).read()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # it may hold passwords
    b.restart()
    with kw.client(b.bootstrap) as c:
        e = broker_configs(c)
        assert (e["log.retention.ms"]["value"], e["log.retention.ms"]["config_source"]) == \
            ("86400000", DYNAMIC_BROKER)
        assert (e["log.cleaner.backoff.ms"]["value"], e["log.cleaner.backoff.ms"]["config_source"]) == \
            ("500", DYNAMIC_DEFAULT)
        secret = e["listener.name.plaintext.ssl.keystore.password"]
        assert secret["is_sensitive"] is True and secret["value"] is None
        assert e["node.id"]["read_only"] is True
        t = topic_configs(c, "dyn-live", ["retention.ms"])["retention.ms"]
        assert (t["value"], t["config_source"]) == ("86400000", DYNAMIC_BROKER)


def test_documentation_for_every_config(b):
    with kw.client(b.bootstrap) as c:
        assert c.create_topic("dyn-doc", 1)["error_code"] == 0
        c.wait_topic("dyn-doc")
        for rtype, name in [(BROKER, "0"), (TOPIC, "dyn-doc")]:
            r = c.describe_configs(rtype, name, documentation=True)
            assert r["error_code"] == 0 and len(r["configs"]) > 20
            undocumented = [e["name"] for e in r["configs"] if not e["documentation"]]
            assert undocumented == [], undocumented
            r = c.describe_configs(rtype, name, documentation=False)
            assert all(e["documentation"] is None for e in r["configs"])


def test_confluent_admin_alters_broker_configs(b):
    """confluent-kafka's alter_configs is the legacy AlterConfigs: it replaces the level's whole set."""
    a = AdminClient({"bootstrap.servers": b.bootstrap})
    r = ConfigResource(ConfigResource.Type.BROKER, "0",
                       set_config={"sasl.kerberos.min.time.before.relogin": "58000"})
    a.alter_configs([r])[r].result(20)
    res = ConfigResource(ConfigResource.Type.BROKER, "0")
    entries = a.describe_configs([res])[res].result(20)
    e = entries["sasl.kerberos.min.time.before.relogin"]
    assert e.value == "58000" and e.source == ConfigSource.DYNAMIC_BROKER_CONFIG.value
    assert not e.is_read_only
    r2 = ConfigResource(ConfigResource.Type.BROKER, "0", set_config={"log.retention.bytes": "1000000"})
    a.alter_configs([r2])[r2].result(20)
    entries = a.describe_configs([res])[res].result(20)
    assert "sasl.kerberos.min.time.before.relogin" not in entries
    assert entries["log.retention.bytes"].source == ConfigSource.DYNAMIC_BROKER_CONFIG.value
    bad = ConfigResource(ConfigResource.Type.BROKER, "0", set_config={"log.dirs": "/tmp/x"})
    with pytest.raises(Exception) as exc:
        a.alter_configs([bad])[bad].result(20)
    assert "INVALID_REQUEST" in str(exc.value) or "dynamically" in str(exc.value)
