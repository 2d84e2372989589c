"""librdkafka's high-level consumer in groups against samsa.

Each group member is a separate process (tests/clients/rdkafka_group_member.c)
that prints its rebalance events, messages and commit checks; these tests start,
stop (SIGTERM: consumer_close, a LeaveGroup) and kill (SIGKILL: no LeaveGroup)
members and check what the group does, as against Apache Kafka:
- range: 3 members on 6 partitions get 2 each; one leaves -> 2 cover all 6;
  one dies -> the survivor gets all 6 after the session timeout;
- cooperative-sticky: a joining member takes partitions without the first
  member losing the ones it keeps (incremental revoke only);
- static membership: a member restarted with its group.instance.id within the
  session timeout gets its partitions back without a rebalance of the others;
- commits: sync and async, committed() == position(); a restarted member
  resumes at the committed offset; a restarted broker keeps every group's offsets;
- at-least-once: with commits after processing, members joining and leaving
  while a producer writes never make a message be skipped.
"""
import os
import signal
import subprocess
import threading
import time

import pytest
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic

from samsa_broker import BUILD_DIR

SESSION_MS = 3000


def member_path():
    for p in (os.path.join(BUILD_DIR, "tests", "rdkafka_group_member"),
              os.path.join(BUILD_DIR, "rdkafka_group_member")):
        if os.path.exists(p):
            return p
    pytest.fail(f"rdkafka_group_member not built in {BUILD_DIR}")


class Member:
    """One rdkafka_group_member process; its output lines are collected by a thread."""

    def __init__(self, broker, group, topic, *args):
        self.proc = subprocess.Popen([member_path(), broker.bootstrap, group, topic, *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines = []
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append(line.split())
                self.cond.notify_all()

    def wait_for(self, pred, timeout=30, what="condition"):
        deadline = time.time() + timeout
        with self.cond:
            while True:
                if pred(self):
                    return
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}; member output:\n" +
                                         "\n".join(" ".join(l) for l in self.lines[-40:]))
                self.cond.wait(min(left, 0.2))

    def assignment(self):
        """The partitions of the member's latest ASSIGNED line (None before any)."""
        for l in reversed(self.lines):
            if l[0] == "ASSIGNED":
                return set(int(x) for x in l[1].split(",")) if len(l) > 1 else set()
        return None

    def events(self):
        return [l for l in self.lines if l[0] == "EVENT"]

    def messages(self):
        return [(int(l[1]), int(l[2])) for l in self.lines if l[0] == "MSG"]

    def errors(self):
        return [l for l in self.lines if l[0] in ("COMMIT_ERROR", "ERROR")]

    def stop(self, timeout=30):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout)
        self.reader.join(5)
        assert self.proc.returncode == 0, self.proc.stderr.read()
        assert self.lines and self.lines[-1] == ["CLOSED"]

    def kill(self):
        self.proc.kill()
        self.proc.wait(10)
        self.reader.join(5)


@pytest.fixture
def members():
    made = []
    yield made
    for m in made:
        if m.proc.poll() is None:
            m.kill()


@pytest.fixture(scope="module")
def group_broker(make_broker_module):
    b = make_broker_module(overrides={"group.min.session.timeout.ms": "1000"})
    b.start()
    return b


@pytest.fixture(scope="module")
def make_broker_module():
    from samsa_broker import Broker
    made = []

    def make(**kw):
        b = Broker(**kw)
        made.append(b)
        return b

    yield make
    for b in made:
        b.close()


def create_topic(broker, name, partitions):
    a = AdminClient({"bootstrap.servers": broker.bootstrap})
    a.create_topics([NewTopic(name, partitions, 1)])[name].result(30)


def produce(broker, topic, n, partitions):
    """n messages spread round-robin over the partitions; returns {partition: count}."""
    p = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 5})
    counts = {}
    for i in range(n):
        part = i % partitions
        p.produce(topic, value=b"v%d" % i, partition=part)
        counts[part] = counts.get(part, 0) + 1
    assert p.flush(30) == 0
    return counts


def balanced(ms, partitions, per_member=None):
    """Every member's latest assignment is disjoint from the others', together they are all
    partitions, and (if given) each holds per_member of them."""
    def check(_):
        sets = [m.assignment() for m in ms]
        if any(s is None for s in sets):
            return False
        if per_member is not None and any(len(s) != per_member for s in sets):
            return False
        union = set().union(*sets)
        return union == set(range(partitions)) and sum(len(s) for s in sets) == partitions
    return check


def wait_balanced(ms, partitions, per_member=None, timeout=40):
    check = balanced(ms, partitions, per_member)
    deadline = time.time() + timeout
    while not check(None):
        if time.time() > deadline:
            raise AssertionError("group never balanced: " +
                                 "; ".join(f"{m.assignment()}" for m in ms) + "\n" +
                                 "\n".join(" ".join(l) for m in ms for l in m.lines[-10:]))
        time.sleep(0.1)


def test_range_members_join_leave_and_die(group_broker, members):
    topic, group = "grp-range", "g-range"
    create_topic(group_broker, topic, 6)
    for _ in range(3):
        members.append(Member(group_broker, group, topic, "--session-ms", str(SESSION_MS)))
    wait_balanced(members, 6, per_member=2)

    # a member leaves (consumer_close sends LeaveGroup): the other two cover all six
    members[2].stop()
    wait_balanced(members[:2], 6, per_member=3)

    # a member dies without leaving: the survivor gets everything after the session timeout
    t0 = time.time()
    members[1].kill()
    wait_balanced(members[:1], 6, per_member=6, timeout=SESSION_MS / 1000 + 30)
    # not before the dead member's session could have expired (the survivor's
    # rebalance is driven by the coordinator's session timer, not by the kill)
    assert time.time() - t0 >= SESSION_MS / 1000 * 0.8
    for m in members:
        assert not [e for e in m.errors() if e[0] == "COMMIT_ERROR"], m.errors()


def test_cooperative_sticky_is_incremental(group_broker, members):
    topic, group = "grp-coop", "g-coop"
    create_topic(group_broker, topic, 6)
    a = Member(group_broker, group, topic, "--assignor", "cooperative-sticky", "--session-ms", str(SESSION_MS))
    members.append(a)
    wait_balanced([a], 6, per_member=6)
    b = Member(group_broker, group, topic, "--assignor", "cooperative-sticky", "--session-ms", str(SESSION_MS))
    members.append(b)
    wait_balanced([a, b], 6, per_member=3)
    kinds = {e[1] for e in a.events()}
    assert kinds <= {"INCREMENTAL_ASSIGN", "INCREMENTAL_REVOKE"}, a.events()
    revoked = [e for e in a.events() if e[1] == "INCREMENTAL_REVOKE"]
    # the first member gave up exactly the three partitions the second one took, never all six
    assert len(revoked) == 1 and len(revoked[0][2].split(",")) == 3, a.events()
    assert set(int(x) for x in revoked[0][2].split(",")) == b.assignment()


def test_static_member_rejoins_without_rebalance(group_broker, members):
    topic, group = "grp-static", "g-static"
    create_topic(group_broker, topic, 4)
    session = "10000"  # long enough to restart the killed member within it
    a = Member(group_broker, group, topic, "--instance-id", "inst-a", "--session-ms", session)
    b = Member(group_broker, group, topic, "--instance-id", "inst-b", "--session-ms", session)
    members += [a, b]
    wait_balanced([a, b], 4, per_member=2)
    time.sleep(1)  # let any trailing rebalance settle
    b_events = len(b.events())
    a_parts = a.assignment()

    a.kill()  # static members send no LeaveGroup anyway; the coordinator keeps inst-a
    a2 = Member(group_broker, group, topic, "--instance-id", "inst-a", "--session-ms", session)
    members.append(a2)
    a2.wait_for(lambda m: m.assignment() is not None, what="the restarted static member's assignment")
    assert a2.assignment() == a_parts
    time.sleep(2)
    assert len(b.events()) == b_events, "the other member saw a rebalance: " + repr(b.events())
    assert b.assignment() is not None and len(b.assignment()) == 2


def resume_offsets(m):
    """First offset the member read in each partition."""
    first = {}
    for p, o in m.messages():
        first.setdefault(p, o)
    return first


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_commit_position_and_resume(group_broker, members, mode):
    topic, group = f"grp-commit-{mode}", f"g-commit-{mode}"
    create_topic(group_broker, topic, 3)
    counts = produce(group_broker, topic, 300, 3)
    m1 = Member(group_broker, group, topic, "--commit", mode, "--check-every", "25")
    members.append(m1)
    m1.wait_for(lambda m: len(m.messages()) >= 300, what="300 messages")
    m1.stop()
    assert not m1.errors(), m1.errors()
    if mode == "sync":
        checks = [l for l in m1.lines if l[0] == "CHECK"]
        assert len(checks) == 300 // 25
        for c in checks:
            assert c[2] == c[3], f"committed != position: {c}"

    counts2 = produce(group_broker, topic, 150, 3)
    m2 = Member(group_broker, group, topic, "--commit", mode)
    members.append(m2)
    m2.wait_for(lambda m: len(m.messages()) >= 150, what="150 new messages")
    time.sleep(0.5)
    m2.stop()
    # exactly the new messages: resumed at the committed offset of every partition
    assert sorted(m2.messages()) == sorted((p, counts[p] + i) for p in counts2 for i in range(counts2[p]))
    assert resume_offsets(m2) == {p: counts[p] for p in counts}


def test_broker_restart_keeps_offsets(make_broker_module, members):
    b = make_broker_module(overrides={"group.min.session.timeout.ms": "1000"})
    b.start()
    groups = ["g-restart-a", "g-restart-b"]
    topic = "grp-restart"
    create_topic(b, topic, 2)
    counts = produce(b, topic, 100, 2)
    for g in groups:
        m = Member(b, g, topic, "--commit", "sync")
        members.append(m)
        m.wait_for(lambda m: len(m.messages()) >= 100, what="100 messages")
        m.stop()
    b.restart()
    counts2 = produce(b, topic, 40, 2)
    for g in groups:
        m = Member(b, g, topic, "--commit", "sync")
        members.append(m)
        m.wait_for(lambda m: len(m.messages()) >= 40, what="40 new messages")
        time.sleep(0.5)
        m.stop()
        assert resume_offsets(m) == {p: counts[p] for p in counts}
        assert len(m.messages()) == sum(counts2.values())


def test_no_message_skipped_across_rebalances(group_broker, members):
    topic, group, partitions, total = "grp-alo", "g-alo", 6, 20000
    create_topic(group_broker, topic, partitions)
    produced = {}
    done = threading.Event()

    def producer():
        p = Producer({"bootstrap.servers": group_broker.bootstrap, "linger.ms": 2})

        def dr(err, msg):
            assert err is None, err
            produced.setdefault(msg.partition(), []).append(msg.offset())
        for i in range(total):
            p.produce(topic, key=b"k%d" % i, value=b"v%d" % i, on_delivery=dr)
            if i % 500 == 0:
                p.poll(0)
                time.sleep(0.05)
        p.flush(60)
        done.set()

    t = threading.Thread(target=producer)
    t.start()
    args = ("--commit", "sync", "--session-ms", str(SESSION_MS))
    ms = [Member(group_broker, group, topic, *args)]
    members.extend(ms)
    time.sleep(1)
    for _ in range(2):
        ms.append(Member(group_broker, group, topic, *args))
        members.append(ms[-1])
        time.sleep(1)
    ms[0].stop()
    time.sleep(1)
    ms.append(Member(group_broker, group, topic, *args))
    members.append(ms[-1])
    t.join(120)
    assert done.is_set()
    live = [m for m in ms if m.proc.poll() is None]
    want = {(p, o) for p, offs in produced.items() for o in offs}
    assert len(want) == total

    def all_seen(_):
        seen = set()
        for m in ms:
            seen.update(m.messages())
        return want <= seen
    live[0].wait_for(all_seen, timeout=90, what="every produced message to be consumed")
    for m in live:
        m.stop()
    for m in ms:
        assert not [e for e in m.errors() if e[0] == "ERROR"], m.errors()
