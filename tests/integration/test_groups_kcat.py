"""kcat's balanced consumer (`kcat -G group topic`, librdkafka's KafkaConsumer) against samsa.

- two kcat -G processes on a 4-partition topic split the partitions (disjoint, together all),
  as printed by kcat ("Group .. rebalanced .. assigned: ..") and as the coordinator reports in
  ListGroups + DescribeGroups (confluent_kafka AdminClient.list_groups(): state, protocol type,
  protocol, members with client id, host and their decoded assignment);
- every message produced after the group settled is consumed exactly once between them, each
  by the member that owns its partition;
- the offsets kcat commits (auto commit, and the final commit on close) are what a
  confluent_kafka Consumer.committed() of the same group reads afterwards;
- a restarted kcat -G resumes after the committed offsets: it reads only the new messages.

kcat 1.7 applies `-o` even over committed offsets in -G mode, so the members here set
auto.offset.reset=earliest instead (used only when the group has no committed offset).
"""
import shutil
import signal
import struct
import subprocess
import threading
import time

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

KCAT = shutil.which("kcat") or shutil.which("kafkacat")
PARTITIONS = 4


@pytest.fixture(scope="module", autouse=True)
def need_kcat():
    if not KCAT:
        pytest.fail("kcat is not installed (apt-get install kcat)")


class KcatMember:
    """One `kcat -G` process. stdout lines are "partition offset value"; stderr carries
    kcat's rebalance lines, from which the current assignment is tracked."""

    def __init__(self, broker, group, topic, client_id):
        self.client_id = client_id
        cmd = [KCAT, "-b", broker.bootstrap, "-G", group, "-u", "-f", "%p %o %s\\n",
               "-X", f"client.id={client_id}", "-X", "auto.offset.reset=earliest",
               "-X", "auto.commit.interval.ms=500", topic]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.cond = threading.Condition()
        self.msgs = []         # (partition, offset, value)
        self.err_lines = []
        self.assignment = None  # set of partitions after the last assign, empty after a revoke
        self.assign_count = 0
        self.threads = [threading.Thread(target=self._read_out, daemon=True),
                        threading.Thread(target=self._read_err, daemon=True)]
        for t in self.threads:
            t.start()

    def _read_out(self):
        for line in self.proc.stdout:
            p, o, v = line.rstrip("\n").split(" ", 2)
            with self.cond:
                self.msgs.append((int(p), int(o), v))
                self.cond.notify_all()

    def _read_err(self):
        for line in self.proc.stderr:
            line = line.rstrip("\n")
            with self.cond:
                self.err_lines.append(line)
                if "rebalanced" in line and ": assigned: " in line:
                    parts = line.split(": assigned: ", 1)[1]
                    self.assignment = {int(x.split("[")[1].rstrip("]")) for x in parts.split(", ")
                                       if "[" in x}
                    self.assign_count += 1
                elif "rebalanced" in line and ": revoked: " in line:
                    self.assignment = set()
                self.cond.notify_all()

    def output(self):
        with self.cond:
            return "\n".join(self.err_lines[-30:])

    def stop(self, timeout=30):
        """SIGTERM: kcat closes its consumer (final offset commit, LeaveGroup) and exits 0."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"kcat {self.client_id} did not exit on SIGTERM:\n" + self.output())
        for t in self.threads:
            t.join(5)
        assert rc == 0, f"kcat {self.client_id} exited {rc}:\n" + self.output()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def members():
    made = []
    yield made
    for m in made:
        m.kill()


def wait_until(pred, timeout, what, diag=lambda: ""):
    deadline = time.time() + timeout
    while not pred():
        if time.time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{diag()}")
        time.sleep(0.05)


def create_topic(broker, name, partitions=PARTITIONS):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)],
                        operation_timeout=10, request_timeout=15)[name].result(timeout=30)


def produce(broker, topic, per_partition, tag):
    """per_partition messages into each partition; returns {(partition, offset): value}."""
    p = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 5})
    out, errs = {}, []

    def dr(err, msg):
        if err is not None:
            errs.append(err)
        else:
            out[(msg.partition(), msg.offset())] = msg.value().decode()
    for i in range(per_partition):
        for part in range(PARTITIONS):
            p.produce(topic, value=f"{tag}-{part}-{i}".encode(), partition=part, on_delivery=dr)
    assert p.flush(30) == 0, "producer did not deliver everything within 30s"
    assert not errs, errs
    assert len(out) == per_partition * PARTITIONS
    return out


def decode_assignment(data):
    """ConsumerProtocolAssignment: version int16, [topic string, [partition int32]], user_data
    bytes. Returns {topic: set(partitions)}."""
    pos = 2
    (ntopics,) = struct.unpack_from(">i", data, pos)
    pos += 4
    out = {}
    for _ in range(ntopics):
        (tlen,) = struct.unpack_from(">h", data, pos)
        pos += 2
        topic = data[pos:pos + tlen].decode()
        pos += tlen
        (nparts,) = struct.unpack_from(">i", data, pos)
        pos += 4
        parts = struct.unpack_from(">%di" % nparts, data, pos)
        pos += 4 * nparts
        out.setdefault(topic, set()).update(parts)
    return out


def group_info(broker, group):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    groups = admin.list_groups(group=group, timeout=15)
    assert len(groups) == 1, groups
    return groups[0]


def committed(broker, group, topic):
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group})
    try:
        tps = c.committed([TopicPartition(topic, p) for p in range(PARTITIONS)], timeout=15)
    finally:
        c.close()
    for tp in tps:
        assert tp.error is None, tp
    return {tp.partition: tp.offset for tp in tps}


def test_two_members_split_partitions_and_consume_once(broker, members):
    topic, group = "kcat-grp-split", "kcat-g-split"
    create_topic(broker, topic)
    a = KcatMember(broker, group, topic, "kcat-a")
    members.append(a)
    wait_until(lambda: a.assignment == set(range(PARTITIONS)), 30,
               "the first member to get all partitions", a.output)
    b = KcatMember(broker, group, topic, "kcat-b")
    members.append(b)

    def split():
        sa, sb = a.assignment, b.assignment
        return bool(sa) and bool(sb) and not (sa & sb) and (sa | sb) == set(range(PARTITIONS))
    wait_until(split, 30, "the two members to split the partitions",
               lambda: f"a: {a.assignment}\n{a.output()}\nb: {b.assignment}\n{b.output()}")
    assert len(a.assignment) == len(b.assignment) == PARTITIONS // 2, (a.assignment, b.assignment)
    assign_counts = (a.assign_count, b.assign_count)

    # The coordinator's view of the group is the same split.
    info = None

    def stable():
        nonlocal info
        info = group_info(broker, group)
        return info.state == "Stable" and len(info.members) == 2
    wait_until(stable, 15, "ListGroups/DescribeGroups to show a Stable group of 2",
               lambda: repr(info and (info.state, len(info.members))))
    assert info.error is None, info.error
    assert info.protocol_type == "consumer"
    assert info.protocol in ("range", "roundrobin"), info.protocol  # librdkafka's defaults
    by_client = {m.client_id: m for m in info.members}
    assert set(by_client) == {"kcat-a", "kcat-b"}, by_client
    for m, kc in ((by_client["kcat-a"], a), (by_client["kcat-b"], b)):
        assert m.id.startswith("kcat-"), m.id  # Kafka's member id: client id + "-" + uuid
        assert m.client_host.lstrip("/") == "127.0.0.1", m.client_host
        assert decode_assignment(m.assignment) == {topic: kc.assignment}
        assert topic.encode() in m.metadata  # the subscription names the topic

    sent = produce(broker, topic, 100, "m")
    wait_until(lambda: len(a.msgs) + len(b.msgs) >= len(sent), 30, "all messages to be consumed",
               lambda: f"a has {len(a.msgs)}, b has {len(b.msgs)} of {len(sent)}")
    time.sleep(1.0)  # any duplicate would arrive now
    got = [(p, o, v) for p, o, v in a.msgs + b.msgs]
    assert len(got) == len(sent), f"{len(got)} consumed for {len(sent)} produced (duplicates?)"
    assert {(p, o): v for p, o, v in got} == sent
    assert {p for p, _, _ in a.msgs} == a.assignment
    assert {p for p, _, _ in b.msgs} == b.assignment
    # no rebalance happened after the split
    assert (a.assign_count, b.assign_count) == assign_counts

    a.stop()
    b.stop()
    ends = {p: max(o for (pp, o) in sent if pp == p) + 1 for p in range(PARTITIONS)}
    assert committed(broker, group, topic) == ends
    info = group_info(broker, group)
    assert info.state == "Empty" and info.members == [], (info.state, info.members)
    broker.check_sanitizers()


def test_restarted_member_resumes_after_committed_offset(broker, members):
    topic, group = "kcat-grp-resume", "kcat-g-resume"
    create_topic(broker, topic)
    first = produce(broker, topic, 30, "old")
    m1 = KcatMember(broker, group, topic, "kcat-r1")
    members.append(m1)
    wait_until(lambda: len(m1.msgs) >= len(first), 30, "the first run to consume everything",
               m1.output)
    # the auto commit (every 500 ms) reaches the end offsets while the member still runs
    ends = {p: 30 for p in range(PARTITIONS)}
    wait_until(lambda: committed(broker, group, topic) == ends, 15,
               "auto-committed offsets to reach the end",
               lambda: repr(committed(broker, group, topic)))
    m1.stop()
    assert {(p, o): v for p, o, v in m1.msgs} == first and len(m1.msgs) == len(first)

    second = produce(broker, topic, 10, "new")
    m2 = KcatMember(broker, group, topic, "kcat-r2")
    members.append(m2)
    wait_until(lambda: len(m2.msgs) >= len(second), 30, "the restarted member to read the new ones",
               m2.output)
    time.sleep(1.0)
    m2.stop()
    # exactly the new messages: nothing before the committed offsets was read again
    assert len(m2.msgs) == len(second), sorted(m2.msgs)[:10]
    assert {(p, o): v for p, o, v in m2.msgs} == second
    assert min(o for _, o, _ in m2.msgs) == 30
    assert committed(broker, group, topic) == {p: 40 for p in range(PARTITIONS)}

    # with nothing new, a third run reads nothing at all
    m3 = KcatMember(broker, group, topic, "kcat-r3")
    members.append(m3)
    wait_until(lambda: m3.assignment == set(range(PARTITIONS)), 30, "the third run's assignment",
               m3.output)
    wait_until(lambda: sum("Reached end of topic" in l for l in m3.err_lines) >= PARTITIONS, 15,
               "the third run to reach the end of every partition", m3.output)
    m3.stop()
    assert m3.msgs == []
    ends_lines = [l for l in m3.err_lines if "Reached end of topic" in l]
    assert all(l.split(" at offset ")[1].split(":")[0] == "40" for l in ends_lines), ends_lines
