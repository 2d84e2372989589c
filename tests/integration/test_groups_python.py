"""Consumer groups from Python clients against samsa.

confluent-kafka-python (librdkafka):
- a group consumer commits synchronously (committed() == position() right after) and
  asynchronously (the on_commit callback reports success, committed() catches up); a new
  consumer of the group reads only what was produced after the last commit;
- two consumers split a 6-partition topic (disjoint, together all); when one closes the other
  gets all six and reads from the offsets the first committed (no message twice or lost);
- AdminClient.list_groups() shows the group's state, protocol type "consumer", protocol and
  members (client id, host, decoded assignment equal to each consumer's assignment());
- the coordinator picks the protocol all members support ("range,roundrobin" + "roundrobin" ->
  roundrobin) and rejects a "range"-only member with INCONSISTENT_GROUP_PROTOCOL;
- the newer AdminClient group calls (describe_consumer_groups, list_consumer_group_offsets,
  alter_consumer_group_offsets, delete_consumer_groups) when the client has them (Debian's 1.7
  does not: those tests skip saying so).
kafka-python:
- KafkaConsumer with auto commit consumes everything; a new consumer of the group after the
  first closed resumes exactly where it stopped (nothing again, then only new messages);
- KafkaAdminClient list_consumer_groups / describe_consumer_groups /
  list_consumer_group_offsets / delete_consumer_groups (an active group: NON_EMPTY_GROUP; an
  empty one is deleted, with its offsets; an unknown one: GROUP_ID_NOT_FOUND).
At-least-once: while a producer writes 20,000 keyed messages, consumers (each committing
synchronously after processing every batch) join and leave the group; every produced offset of
every partition is consumed by someone.
"""
import struct
import threading
import time

import pytest
from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
from kafka import KafkaAdminClient, KafkaConsumer
from kafka import TopicPartition as KTP
from kafka.errors import GroupIdNotFoundError, NoError, NonEmptyGroupError
from kafka.structs import OffsetAndMetadata

TIMEOUT = 30


def create_topic(broker, name, partitions):
    a = AdminClient({"bootstrap.servers": broker.bootstrap})
    a.create_topics([NewTopic(name, partitions, 1)], operation_timeout=10,
                    request_timeout=15)[name].result(TIMEOUT)


def produce(broker, topic, partitions, per_partition, tag):
    """per_partition messages into every partition; returns {(partition, offset): value}."""
    p = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 5})
    out, errs = {}, []

    def dr(err, msg):
        if err is not None:
            errs.append(err)
        else:
            out[(msg.partition(), msg.offset())] = msg.value()
    for i in range(per_partition):
        for part in range(partitions):
            p.produce(topic, value=b"%s-%d-%d" % (tag.encode(), part, i), partition=part,
                      on_delivery=dr)
    assert p.flush(TIMEOUT) == 0
    assert not errs, errs
    assert len(out) == partitions * per_partition
    return out


def wait_until(pred, timeout, what, diag=lambda: ""):
    deadline = time.time() + timeout
    while not pred():
        if time.time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{diag()}")
        time.sleep(0.05)


def run_bounded(fn, timeout=TIMEOUT):
    """Run a blocking client call in a thread and give up after `timeout` (kafka-python's
    admin client waits forever on a failed future)."""
    box = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as e:  # re-raised in the caller
            box["error"] = e
    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), f"client call did not return within {timeout}s"
    if "error" in box:
        raise box["error"]
    return box["value"]


def decode_assignment(data):
    """ConsumerProtocolAssignment bytes: version int16, [topic string, [partition int32]],
    user_data bytes. Returns {topic: set(partitions)}."""
    pos, out = 2, {}
    (ntopics,) = struct.unpack_from(">i", data, pos)
    pos += 4
    for _ in range(ntopics):
        (tlen,) = struct.unpack_from(">h", data, pos)
        topic = data[pos + 2:pos + 2 + tlen].decode()
        pos += 2 + tlen
        (n,) = struct.unpack_from(">i", data, pos)
        out.setdefault(topic, set()).update(struct.unpack_from(">%di" % n, data, pos + 4))
        pos += 4 + 4 * n
    return out


def ck_consumer(broker, group, **extra):
    conf = {"bootstrap.servers": broker.bootstrap, "group.id": group,
            "auto.offset.reset": "earliest", "enable.auto.commit": False,
            "session.timeout.ms": 10000, "fetch.wait.max.ms": 50}
    conf.update(extra)
    return Consumer(conf)


def consume_n(consumer, n, timeout=TIMEOUT):
    """Consume exactly n messages; returns [(partition, offset, value)]."""
    out = []
    deadline = time.time() + timeout
    while len(out) < n:
        assert time.time() < deadline, f"got {len(out)} of {n} messages in {timeout}s"
        for m in consumer.consume(num_messages=min(500, n - len(out)), timeout=0.2):
            assert m.error() is None, m.error()
            out.append((m.partition(), m.offset(), m.value()))
    return out


def consume_quiet(consumer, seconds):
    """Everything that arrives within `seconds` (for checking that nothing does)."""
    out = []
    deadline = time.time() + seconds
    while time.time() < deadline:
        for m in consumer.consume(num_messages=500, timeout=0.2):
            if m.error() is None:
                out.append((m.partition(), m.offset(), m.value()))
    return out


def committed_map(consumer, topic, partitions):
    tps = consumer.committed([TopicPartition(topic, p) for p in range(partitions)], timeout=15)
    for tp in tps:
        assert tp.error is None, tp
    return {tp.partition: tp.offset for tp in tps}


def list_group(broker, group):
    groups = AdminClient({"bootstrap.servers": broker.bootstrap}).list_groups(group=group,
                                                                              timeout=15)
    assert len(groups) == 1 and groups[0].id == group, groups
    return groups[0]


# ---------------------------------------------------------------------------------------------
# confluent-kafka-python


def test_confluent_sync_and_async_commit(broker):
    topic, group, parts = "py-ck-commit", "py-ck-g-commit", 3
    create_topic(broker, topic, parts)
    sent = produce(broker, topic, parts, 50, "a")
    commits = []

    def on_commit(err, tps):
        commits.append((err, [(tp.partition, tp.offset, tp.error) for tp in tps]))
    c = ck_consumer(broker, group, on_commit=on_commit)
    try:
        c.subscribe([topic])
        got = consume_n(c, 75)
        res = c.commit(asynchronous=False)
        assert res is not None and all(tp.error is None for tp in res), res
        assigned = c.assignment()
        assert {tp.partition for tp in assigned} == set(range(parts))
        pos = {tp.partition: tp.offset for tp in c.position(assigned)}
        # committed right after a synchronous commit is exactly the position
        assert committed_map(c, topic, parts) == pos
        # ... and the position is one past the last message read in each partition (librdkafka:
        # -1001 where nothing was read yet, and then nothing was committed there either)
        for p in range(parts):
            mine = [o for pp, o, _ in got if pp == p]
            assert pos[p] == (max(mine) + 1 if mine else -1001), (p, pos[p], mine)

        got += consume_n(c, 75)
        assert c.commit(asynchronous=True) is None
        # confluent_kafka's synchronous commit reports to its caller only; the asynchronous
        # one goes to on_commit (served by poll)
        wait_until(lambda: (c.poll(0.1), len(commits) >= 1)[1], 15,
                   "the async commit's on_commit callback", lambda: repr(commits))
        assert len(commits) == 1, commits
        err, tps = commits[0]
        assert err is None and all(e is None for _, _, e in tps), commits
        # librdkafka lists partitions with nothing new since the last commit as -1001
        assert {o for _, o, _ in tps} <= {50, -1001} and 50 in {o for _, o, _ in tps}, tps
        assert committed_map(c, topic, parts) == {p: 50 for p in range(parts)}
        pos = {tp.partition: tp.offset for tp in c.position(c.assignment())}
        assert pos == {p: 50 for p in range(parts)}
    finally:
        c.close()
    assert len(got) == len(sent) and {(p, o): v for p, o, v in got} == sent

    # a new consumer of the group resumes at the committed offsets: only new messages
    more = produce(broker, topic, parts, 10, "b")
    c2 = ck_consumer(broker, group)
    try:
        c2.subscribe([topic])
        got2 = consume_n(c2, len(more))
        got2 += consume_quiet(c2, 1.0)
    finally:
        c2.close()
    assert len(got2) == len(more) and {(p, o): v for p, o, v in got2} == more


def poll_both(consumers, seconds=0.3):
    """Poll every consumer in turn (rebalance callbacks run inside poll); returns messages."""
    out = {id(c): [] for c in consumers}
    for c in consumers:
        for m in c.consume(num_messages=500, timeout=seconds / len(consumers)):
            assert m.error() is None, m.error()
            out[id(c)].append((m.partition(), m.offset(), m.value()))
    return out


def test_confluent_two_consumers_split_then_takeover(broker):
    topic, group, parts = "py-ck-split", "py-ck-g-split", 6
    create_topic(broker, topic, parts)
    c1 = ck_consumer(broker, group, **{"client.id": "ck-one"})
    c2 = ck_consumer(broker, group, **{"client.id": "ck-two"})
    closed = []
    try:
        c1.subscribe([topic])
        c2.subscribe([topic])
        got = {id(c1): [], id(c2): []}

        def assignments():
            return ({tp.partition for tp in c1.assignment()},
                    {tp.partition for tp in c2.assignment()})

        def split():
            for k, v in poll_both([c1, c2]).items():
                got[k] += v
            a1, a2 = assignments()
            return a1 and a2 and not (a1 & a2) and (a1 | a2) == set(range(parts))
        wait_until(split, TIMEOUT, "two consumers to split 6 partitions",
                   lambda: repr(assignments()))
        a1, a2 = assignments()
        assert len(a1) == len(a2) == 3, (a1, a2)

        info = None

        def stable():
            nonlocal info
            poll_both([c1, c2], 0.1)
            info = list_group(broker, group)
            return info.state == "Stable" and len(info.members) == 2
        wait_until(stable, 15, "list_groups to show Stable with 2 members",
                   lambda: repr(info and (info.state, info.members)))
        assert info.error is None
        assert info.protocol_type == "consumer"
        assert info.protocol == "range", info.protocol  # first of librdkafka's "range,roundrobin"
        by_client = {m.client_id: m for m in info.members}
        assert set(by_client) == {"ck-one", "ck-two"}
        for cid, mine in (("ck-one", a1), ("ck-two", a2)):
            m = by_client[cid]
            assert m.client_host.lstrip("/") == "127.0.0.1", m.client_host
            assert decode_assignment(m.assignment) == {topic: mine}
            assert topic.encode() in m.metadata
        assert by_client["ck-one"].id != by_client["ck-two"].id

        sent = produce(broker, topic, parts, 10, "x")

        def all_consumed():
            for k, v in poll_both([c1, c2]).items():
                got[k] += v
            return len(got[id(c1)]) + len(got[id(c2)]) >= len(sent)
        wait_until(all_consumed, TIMEOUT, "every message to be consumed")
        c1.commit(asynchronous=False)
        c2.commit(asynchronous=False)
        for k, v in poll_both([c1, c2], 0.6).items():
            got[k] += v
        both = got[id(c1)] + got[id(c2)]
        assert len(both) == len(sent) and {(p, o): v for p, o, v in both} == sent
        assert {p for p, _, _ in got[id(c1)]} == a1
        assert {p for p, _, _ in got[id(c2)]} == a2
        assert assignments() == (a1, a2), "a rebalance happened without membership change"

        # c2 closes (LeaveGroup): c1 takes all six and starts at c2's committed offsets
        c2.close()
        closed.append(c2)
        wait_until(lambda: (c1.poll(0.1), {tp.partition for tp in c1.assignment()})[1]
                   == set(range(parts)), TIMEOUT, "the remaining consumer to get all partitions",
                   lambda: repr(c1.assignment()))
        info = list_group(broker, group)
        assert info.state == "Stable" and len(info.members) == 1, (info.state, info.members)
        assert info.members[0].client_id == "ck-one"
        assert decode_assignment(info.members[0].assignment) == {topic: set(range(parts))}

        more = produce(broker, topic, parts, 10, "y")
        after = consume_n(c1, len(more)) + consume_quiet(c1, 1.0)
        assert len(after) == len(more) and {(p, o): v for p, o, v in after} == more
        c1.commit(asynchronous=False)
        assert committed_map(c1, topic, parts) == {p: 20 for p in range(parts)}
    finally:
        c1.close()
        if not closed:
            c2.close()
    info = list_group(broker, group)
    assert info.state == "Empty" and info.members == []
    # as in Kafka, an empty group keeps its protocol type but has no protocol (generation)
    assert (info.protocol_type, info.protocol) == ("consumer", "")
    # listing every group (ListGroups, then DescribeGroups of each) includes this one
    everything = AdminClient({"bootstrap.servers": broker.bootstrap}).list_groups(timeout=15)
    assert [(g.state, g.protocol_type) for g in everything if g.id == group] == \
        [("Empty", "consumer")]


def test_confluent_group_protocol_voting(broker):
    """The coordinator picks a protocol every member supports (by the members' preference
    votes), and rejects a member that shares none with the group: INCONSISTENT_GROUP_PROTOCOL."""
    topic, group, parts = "py-ck-vote", "py-ck-g-vote", 4
    create_topic(broker, topic, parts)
    both = ck_consumer(broker, group, **{"partition.assignment.strategy": "range,roundrobin",
                                         "client.id": "ck-both"})
    rr = ck_consumer(broker, group, **{"partition.assignment.strategy": "roundrobin",
                                       "client.id": "ck-rr"})
    only_range = None
    try:
        both.subscribe([topic])
        rr.subscribe([topic])

        def split():
            poll_both([both, rr], 0.2)
            a1 = {tp.partition for tp in both.assignment()}
            a2 = {tp.partition for tp in rr.assignment()}
            return a1 and a2 and not (a1 & a2) and (a1 | a2) == set(range(parts))
        wait_until(split, TIMEOUT, "range+roundrobin and roundrobin members to split the topic")
        info = list_group(broker, group)
        assert (info.state, info.protocol, len(info.members)) == ("Stable", "roundrobin", 2)
        # roundrobin over 4 partitions, members sorted by member id: alternating partitions
        assert {frozenset(tp.partition for tp in c.assignment()) for c in (both, rr)} == \
            {frozenset({0, 2}), frozenset({1, 3})}

        only_range = ck_consumer(broker, group, **{"partition.assignment.strategy": "range",
                                                   "client.id": "ck-range"})
        only_range.subscribe([topic])
        errors = []

        def rejected():
            poll_both([both, rr], 0.1)
            m = only_range.poll(0.1)
            if m is not None and m.error() is not None:
                errors.append(m.error().code())
            return KafkaError.INCONSISTENT_GROUP_PROTOCOL in errors
        wait_until(rejected, TIMEOUT, "the range-only member's JoinGroup to be rejected",
                   lambda: repr(errors))
        assert only_range.assignment() == []
        info = list_group(broker, group)
        assert (info.state, info.protocol) == ("Stable", "roundrobin")
        assert sorted(m.client_id for m in info.members) == ["ck-both", "ck-rr"]
    finally:
        for c in (both, rr, only_range):
            if c is not None:
                c.close()


# The newer AdminClient group calls (confluent-kafka >= 2.0); Debian's 1.7 lacks them.


def needs_admin_call(name):
    """Skip (before any fixture runs) when this confluent_kafka has no AdminClient.<name>."""
    import confluent_kafka
    return pytest.mark.skipif(not hasattr(AdminClient, name),
                              reason=f"confluent_kafka {confluent_kafka.version()[0]} has no "
                                     f"AdminClient.{name} (added in confluent-kafka 2.0)")


@pytest.fixture
def committed_group(broker):
    """A 3-partition topic with 30 messages and an empty group that committed 10 per partition."""
    topic, group, parts = "py-ck-admin", "py-ck-g-admin", 3
    existing = AdminClient({"bootstrap.servers": broker.bootstrap}).list_topics(timeout=15).topics
    if topic not in existing:
        create_topic(broker, topic, parts)
        produce(broker, topic, parts, 10, "adm")
    c = ck_consumer(broker, group)
    try:
        c.assign([TopicPartition(topic, p, 0) for p in range(parts)])
        consume_n(c, 30)
        c.commit(offsets=[TopicPartition(topic, p, 10) for p in range(parts)], asynchronous=False)
    finally:
        c.close()
    return topic, group, parts


@needs_admin_call("describe_consumer_groups")
def test_confluent_describe_consumer_groups(broker):
    from confluent_kafka import ConsumerGroupState
    topic, group, parts = "py-ck-describe", "py-ck-g-describe", 2
    create_topic(broker, topic, parts)
    c = ck_consumer(broker, group, **{"client.id": "ck-describe"})
    try:
        c.subscribe([topic])
        wait_until(lambda: (c.poll(0.1), len(c.assignment()) == parts)[1], TIMEOUT,
                   "the consumer's assignment")
        admin = AdminClient({"bootstrap.servers": broker.bootstrap})
        d = admin.describe_consumer_groups([group], request_timeout=15)[group].result(TIMEOUT)
        assert d.group_id == group
        assert d.state == ConsumerGroupState.STABLE
        assert not d.is_simple_consumer_group
        assert d.partition_assignor == "range"
        assert len(d.members) == 1
        m = d.members[0]
        assert m.client_id == "ck-describe"
        assert {(tp.topic, tp.partition) for tp in m.assignment.topic_partitions} == \
            {(topic, p) for p in range(parts)}
    finally:
        c.close()
    d = admin.describe_consumer_groups([group], request_timeout=15)[group].result(TIMEOUT)
    assert d.state == ConsumerGroupState.EMPTY and d.members == []


@needs_admin_call("list_consumer_group_offsets")
def test_confluent_list_consumer_group_offsets(broker, committed_group):
    from confluent_kafka import ConsumerGroupTopicPartitions
    topic, group, parts = committed_group
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    req = ConsumerGroupTopicPartitions(group, [TopicPartition(topic, p) for p in range(parts)])
    res = admin.list_consumer_group_offsets([req], request_timeout=15)[group].result(TIMEOUT)
    assert {(tp.topic, tp.partition): tp.offset for tp in res.topic_partitions} == \
        {(topic, p): 10 for p in range(parts)}
    # without partitions: every partition the group committed
    res = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group)],
                                            request_timeout=15)[group].result(TIMEOUT)
    assert {(tp.topic, tp.partition): tp.offset for tp in res.topic_partitions} == \
        {(topic, p): 10 for p in range(parts)}


@needs_admin_call("alter_consumer_group_offsets")
def test_confluent_alter_consumer_group_offsets(broker, committed_group):
    from confluent_kafka import ConsumerGroupTopicPartitions
    topic, group, parts = committed_group
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    req = ConsumerGroupTopicPartitions(group, [TopicPartition(topic, p, 3 + p)
                                               for p in range(parts)])
    res = admin.alter_consumer_group_offsets([req], request_timeout=15)[group].result(TIMEOUT)
    assert all(tp.error is None for tp in res.topic_partitions), res.topic_partitions
    c = ck_consumer(broker, group)
    try:
        assert committed_map(c, topic, parts) == {p: 3 + p for p in range(parts)}
        # a group member starts at the altered offsets
        c.subscribe([topic])
        got = consume_n(c, sum(10 - (3 + p) for p in range(parts)))
        assert {(p, o) for p, o, _ in got} == {(p, o) for p in range(parts)
                                               for o in range(3 + p, 10)}
    finally:
        c.close()


@needs_admin_call("delete_consumer_groups")
def test_confluent_delete_consumer_groups(broker, committed_group):
    topic, group, parts = committed_group
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    assert admin.delete_consumer_groups([group], request_timeout=15)[group].result(TIMEOUT) is None
    c = ck_consumer(broker, group)
    try:
        tps = c.committed([TopicPartition(topic, p) for p in range(parts)], timeout=15)
        assert {tp.partition: tp.offset for tp in tps} == {p: -1001 for p in range(parts)}
    finally:
        c.close()
    with pytest.raises(KafkaException) as ei:
        admin.delete_consumer_groups(["py-ck-no-such-group"],
                                     request_timeout=15)["py-ck-no-such-group"].result(TIMEOUT)
    assert ei.value.args[0].code() == KafkaError.GROUP_ID_NOT_FOUND


# ---------------------------------------------------------------------------------------------
# kafka-python

def kp_consumer(broker, topic, group, **extra):
    conf = dict(bootstrap_servers=broker.bootstrap, group_id=group, auto_offset_reset="earliest",
                enable_auto_commit=True, auto_commit_interval_ms=200, fetch_max_wait_ms=50,
                request_timeout_ms=20000, session_timeout_ms=10000, heartbeat_interval_ms=1000)
    conf.update(extra)
    return KafkaConsumer(topic, **conf)


def kp_poll(consumer, n, timeout=TIMEOUT):
    out = []
    deadline = time.time() + timeout
    while len(out) < n:
        assert time.time() < deadline, f"got {len(out)} of {n} records in {timeout}s"
        for tp, recs in consumer.poll(timeout_ms=200).items():
            out += [(r.partition, r.offset, r.value) for r in recs]
    return out


def kp_poll_quiet(consumer, seconds):
    out = []
    deadline = time.time() + seconds
    while time.time() < deadline:
        for tp, recs in consumer.poll(timeout_ms=200).items():
            out += [(r.partition, r.offset, r.value) for r in recs]
    return out


def kp_wait_assigned(consumer, parts):
    """Poll until the consumer holds all `parts` partitions; returns what it read meanwhile."""
    out = []

    def assigned():
        for tp, recs in consumer.poll(timeout_ms=100).items():
            out.extend((r.partition, r.offset, r.value) for r in recs)
        return {tp.partition for tp in consumer.assignment()} == set(range(parts))
    wait_until(assigned, TIMEOUT, "kafka-python consumer assignment",
               lambda: repr(consumer.assignment()))
    return out


def test_kafka_python_auto_commit_and_resume(broker):
    topic, group, parts = "py-kp-resume", "py-kp-g-resume", 3
    create_topic(broker, topic, parts)
    sent = produce(broker, topic, parts, 40, "kp")
    c = kp_consumer(broker, topic, group)
    try:
        got = kp_poll(c, len(sent)) + kp_poll_quiet(c, 0.5)
    finally:
        c.close()  # with auto commit on, close commits the final positions
    assert len(got) == len(sent) and {(p, o): v for p, o, v in got} == sent

    c2 = kp_consumer(broker, topic, group)
    try:
        early = kp_wait_assigned(c2, parts)
        # the new member starts at the committed offsets: nothing to read again
        assert early + kp_poll_quiet(c2, 1.5) == []
        assert {tp.partition: c2.position(tp) for tp in c2.assignment()} == \
            {p: 40 for p in range(parts)}
        assert {p: c2.committed(KTP(topic, p)) for p in range(parts)} == \
            {p: 40 for p in range(parts)}
        more = produce(broker, topic, parts, 5, "kp2")
        got2 = kp_poll(c2, len(more)) + kp_poll_quiet(c2, 0.5)
        assert len(got2) == len(more) and {(p, o): v for p, o, v in got2} == more
        # the auto commit (every 200 ms) follows the consumer
        wait_until(lambda: (c2.poll(timeout_ms=50),
                            {p: c2.committed(KTP(topic, p)) for p in range(parts)})[1]
                   == {p: 45 for p in range(parts)}, 15, "auto commit to reach 45")
    finally:
        c2.close()


def test_kafka_python_admin_groups(broker):
    topic, group, parts = "py-kp-admin", "py-kp-g-admin", 2
    create_topic(broker, topic, parts)
    sent = produce(broker, topic, parts, 7, "adm")
    admin = run_bounded(lambda: KafkaAdminClient(bootstrap_servers=broker.bootstrap,
                                                 request_timeout_ms=15000))
    c = kp_consumer(broker, topic, group, client_id="kp-admin-member")
    try:
        got = kp_poll(c, len(sent))
        assert {(p, o): v for p, o, v in got} == sent
        # explicit offsets with commit metadata come back as committed
        c.commit({KTP(topic, 0): OffsetAndMetadata(3, "meta-zero"),
                  KTP(topic, 1): OffsetAndMetadata(4, "")})
        offs = run_bounded(lambda: admin.list_consumer_group_offsets(group))
        assert {tp: (om.offset, om.metadata) for tp, om in offs.items()} == \
            {KTP(topic, 0): (3, "meta-zero"), KTP(topic, 1): (4, "")}
        c.commit()  # synchronous commit of the positions

        groups = run_bounded(admin.list_consumer_groups)
        assert (group, "consumer") in groups, groups

        (d,) = run_bounded(lambda: admin.describe_consumer_groups([group]))
        assert d.error_code == 0 and d.group == group
        assert d.state == "Stable", d.state
        assert d.protocol_type == "consumer"
        assert d.protocol == "range", d.protocol  # kafka-python's first assignor
        assert len(d.members) == 1
        m = d.members[0]
        assert m.client_id == "kp-admin-member"
        assert m.client_host.lstrip("/") == "127.0.0.1", m.client_host
        assert m.member_id.startswith("kp-admin-member-"), m.member_id
        assert m.member_metadata.subscription == [topic]
        assert [(t, sorted(ps)) for t, ps in m.member_assignment.assignment] == \
            [(topic, list(range(parts)))]

        offs = run_bounded(lambda: admin.list_consumer_group_offsets(group))
        assert {tp: (om.offset, om.metadata) for tp, om in offs.items()} == \
            {KTP(topic, p): (7, "") for p in range(parts)}
        offs = run_bounded(lambda: admin.list_consumer_group_offsets(
            group, partitions=[KTP(topic, 0)]))
        assert {tp: om.offset for tp, om in offs.items()} == {KTP(topic, 0): 7}

        # an active group cannot be deleted
        res = run_bounded(lambda: admin.delete_consumer_groups([group]))
        assert res == [(group, NonEmptyGroupError)], res
    finally:
        c.close()

    def empty():
        (d,) = run_bounded(lambda: admin.describe_consumer_groups([group]))
        return d.state == "Empty" and d.members == []
    wait_until(empty, 15, "the group to be Empty after its only member closed")
    # the offsets survive the member
    offs = run_bounded(lambda: admin.list_consumer_group_offsets(group))
    assert {tp: om.offset for tp, om in offs.items()} == {KTP(topic, p): 7 for p in range(parts)}

    res = run_bounded(lambda: admin.delete_consumer_groups([group]))
    assert res == [(group, NoError)], res
    groups = run_bounded(admin.list_consumer_groups)
    assert group not in [g for g, _ in groups], groups
    # deleted with its offsets: nothing committed any more
    offs = run_bounded(lambda: admin.list_consumer_group_offsets(group))
    assert offs == {}, offs
    offs = run_bounded(lambda: admin.list_consumer_group_offsets(
        group, partitions=[KTP(topic, 0)]))
    assert {tp: om.offset for tp, om in offs.items()} == {KTP(topic, 0): -1}
    (d,) = run_bounded(lambda: admin.describe_consumer_groups([group]))
    assert d.state == "Dead" and d.members == [], d
    # deleting it again: the group no longer exists
    res = run_bounded(lambda: admin.delete_consumer_groups([group]))
    assert res == [(group, GroupIdNotFoundError)], res
    admin.close()


# ---------------------------------------------------------------------------------------------
# at-least-once under rebalances


class BatchConsumer(threading.Thread):
    """A confluent_kafka group member in its own thread: consume a batch, record it, commit
    synchronously, repeat, until told to stop (then close: LeaveGroup)."""

    def __init__(self, broker, topic, group, name):
        super().__init__(daemon=True)
        # a short heartbeat interval makes members notice a rebalance (and rejoin) quickly
        self.c = ck_consumer(broker, group, **{"client.id": name, "session.timeout.ms": 10000,
                                               "heartbeat.interval.ms": 300})
        self.topic = topic
        self.name = name
        self.seen = set()
        self.lock = threading.Lock()
        self.stop_ev = threading.Event()
        self.errors = []
        self.commit_failures = []
        self.closed = threading.Event()
        self.assignments = []  # every assignment received (partition sets), in order
        self.current = set()   # the assignment now (eager protocol: emptied by each revoke)

    def run(self):
        try:
            self.c.subscribe([self.topic], on_assign=self._assigned, on_revoke=self._revoked)
            while not self.stop_ev.is_set():
                msgs = self.c.consume(num_messages=300, timeout=0.2)
                batch = []
                for m in msgs:
                    if m.error() is not None:
                        if m.error().code() != KafkaError._PARTITION_EOF:
                            self.errors.append(m.error())
                        continue
                    batch.append((m.partition(), m.offset()))
                if not batch:
                    continue
                with self.lock:  # "processing" = recording
                    self.seen.update(batch)
                try:
                    self.c.commit(asynchronous=False)
                except KafkaException as e:
                    # a commit refused around a rebalance (REBALANCE_IN_PROGRESS,
                    # ILLEGAL_GENERATION, ...) may cause duplicates, never a skip
                    self.commit_failures.append(e.args[0])
        except BaseException as e:
            self.errors.append(e)
        finally:
            self.c.close()
            self.closed.set()

    def _assigned(self, consumer, tps):
        self.assignments.append({tp.partition for tp in tps})
        self.current = {tp.partition for tp in tps}

    def _revoked(self, consumer, tps):
        self.current = set()

    def snapshot(self):
        with self.lock:
            return set(self.seen)

    def finish(self, timeout=TIMEOUT):
        self.stop_ev.set()
        self.join(timeout)
        assert self.closed.is_set(), f"consumer {self.name} did not close within {timeout}s"


def test_at_least_once_across_rebalances(broker):
    topic, group, parts, total = "py-alo", "py-g-alo", 6, 20000
    create_topic(broker, topic, parts)
    produced = {}
    prod_errors = []
    done = threading.Event()

    def producer():
        try:
            p = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 5})

            def dr(err, msg):
                if err is not None:
                    prod_errors.append(err)
                else:
                    produced.setdefault(msg.partition(), []).append(msg.offset())
            for i in range(total):
                p.produce(topic, key=b"key-%d" % (i % 977), value=b"v%d" % i, on_delivery=dr)
                if i % 400 == 399:
                    p.poll(0)
                    time.sleep(0.08)  # ~50 steps of 80 ms: about 4 s of producing
            assert p.flush(60) == 0
        except BaseException as e:
            prod_errors.append(e)
        finally:
            done.set()

    pt = threading.Thread(target=producer, daemon=True)
    pt.start()
    consumers = []

    def add(name):
        bc = BatchConsumer(broker, topic, group, name)
        bc.start()
        consumers.append(bc)
        return bc

    try:
        first = add("alo-1")
        time.sleep(1.0)
        add("alo-2")
        add("alo-3")
        time.sleep(1.0)
        first.finish()
        time.sleep(0.5)
        add("alo-4")
        # (the scenario is only meaningful if the membership changed while producing)
        assert not done.is_set(), "the producer finished before the last member joined"
        assert done.wait(90), "producer did not finish in 90s"
        pt.join(5)
        assert not prod_errors, prod_errors[:5]
        want = {(p, o) for p, offs in produced.items() for o in offs}
        assert len(want) == total
        assert set(produced) == set(range(parts)), "keys did not reach every partition"

        def union():
            s = set()
            for bc in consumers:
                s |= bc.snapshot()
            return s
        wait_until(lambda: want <= union(), 90, "every produced offset to be consumed",
                   lambda: f"missing {len(want - union())} of {total}, e.g. "
                           f"{sorted(want - union())[:10]}")
        # the group settles with every live member holding some partitions, together all
        live = consumers[1:]

        def settled():
            cur = [bc.current for bc in live]
            return all(cur) and set().union(*cur) == set(range(parts)) and \
                sum(map(len, cur)) == parts
        wait_until(settled, TIMEOUT, "the three live members to share the partitions",
                   lambda: repr([(bc.name, bc.current, bc.assignments) for bc in consumers]))
        # the commits after processing reach the end of every partition (a member that
        # inherited a partition whose last commit was refused re-reads and commits it)
        ends = {p: max(offs) + 1 for p, offs in produced.items()}
        c = ck_consumer(broker, group)  # not subscribed: only reads the group's offsets
        last = {}
        try:
            def at_end():
                last.update(committed_map(c, topic, parts))
                return last == ends
            wait_until(at_end, TIMEOUT, "committed offsets to reach the end of every partition",
                       lambda: f"committed {last}, ends {ends}")
        finally:
            c.close()
    finally:
        for bc in consumers:
            if not bc.closed.is_set():
                bc.finish()
    seen = union()
    assert want <= seen
    # nothing was consumed that was never produced
    assert seen <= want, sorted(seen - want)[:10]
    for bc in consumers:
        assert not bc.errors, (bc.name, bc.errors[:5])
    # the membership changes really moved partitions around: the first member had all six
    # alone, and every member got some
    assert set(range(parts)) in consumers[0].assignments, consumers[0].assignments
    for bc in consumers:
        assert any(bc.assignments), (bc.name, bc.assignments)
    info = list_group(broker, group)
    assert info.state == "Empty" and info.members == [], (info.state, info.members)
    broker.check_sanitizers()
