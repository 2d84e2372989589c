"""Consumer groups over the raw protocol (kafka_wire): FindCoordinator, the
classic rebalance (JoinGroup/SyncGroup/Heartbeat/LeaveGroup) driven by hand,
committed offsets (OffsetCommit/OffsetFetch/OffsetDelete), the admin APIs
(DescribeGroups/ListGroups/DeleteGroups) and what lands in __consumer_offsets.

Each assertion is Apache Kafka's behaviour (its GroupCoordinator: the classic
group paths of group-coordinator's GroupMetadataManager/ClassicGroup and
OffsetMetadataManager, and KafkaApis for the topic checks). The broker runs one
node, so it is the coordinator of every group.

Every member of a group talks over its own connection: a JoinGroup or
SyncGroup that has to wait parks on the broker, and Kafka answers the requests
of one connection in order. Every receive has a timeout, so a broker that
never answers fails the test instead of hanging it.
"""
import select
import time

import pytest

import kafka_wire as kw
from kafka_wire import (consumer_assignment, consumer_subscription, parse_assignment,
                        parse_subscription, unique_name)
from samsa_broker import Broker

# The module broker allows small session timeouts (Kafka's default minimum is
# 6 s) and checks offset expiry often; the retention itself stays 7 days.
GROUP_OVERRIDES = {
    "group.min.session.timeout.ms": 100,
    "group.max.session.timeout.ms": 60000,
    "offsets.retention.check.interval.ms": 200,
}
OFFSETS_TOPIC = "__consumer_offsets"
OFFSETS_PARTITIONS = 50


@pytest.fixture(scope="module")
def gb():
    b = Broker(overrides=GROUP_OVERRIDES)
    b.start()
    yield b
    b.close()


def client(broker, client_id="kafka-wire", timeout=10.0):
    return kw.Client("127.0.0.1", broker.port, timeout=timeout, client_id=client_id)


@pytest.fixture
def c(gb):
    with client(gb, "admin") as cl:
        yield cl


def make_topic(c, partitions=3):
    name = unique_name("gt")
    res = c.create_topic(name, partitions)
    assert res["error_code"] == 0, res
    c.wait_topic(name)
    return name


def wait_until(pred, timeout=5.0, interval=0.05, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def assert_parked(conn, seconds=0.4):
    """The broker holds the request: nothing to read on the connection for a while."""
    readable, _, _ = select.select([conn.sock], [], [], seconds)
    assert not readable, "the broker answered a request that should wait"


class Member:
    """One member of a classic group, on its own connection."""

    def __init__(self, broker, group, client_id, protocols=None, topics=("t",),
                 session_timeout_ms=10000, rebalance_timeout_ms=10000, instance_id=None,
                 version=9, protocol_type="consumer"):
        self.c = client(broker, client_id)
        self.group = group
        self.client_id = client_id
        self.protocols = protocols or [("range", consumer_subscription(list(topics)))]
        self.session_timeout_ms = session_timeout_ms
        self.rebalance_timeout_ms = rebalance_timeout_ms
        self.instance_id = instance_id
        self.version = version
        self.protocol_type = protocol_type
        self.member_id = ""
        self.generation = -1
        self.join_resp = None
        self._join_corr = None
        self._sync_corr = None

    def close(self):
        self.c.close()

    def send_join(self, member_id=None):
        self._join_corr = self.c.send_join_group(
            self.group, self.version,
            member_id=self.member_id if member_id is None else member_id,
            protocols=self.protocols, protocol_type=self.protocol_type,
            session_timeout_ms=self.session_timeout_ms,
            rebalance_timeout_ms=self.rebalance_timeout_ms,
            group_instance_id=self.instance_id)

    def recv_join(self, timeout=15.0):
        r = self.c.recv(kw.JOIN_GROUP, self.version, self._join_corr, timeout=timeout)
        if r["error_code"] == 0:
            self.member_id = r["member_id"]
            self.generation = r["generation_id"]
            self.join_resp = r
        return r

    def get_member_id(self):
        """The KIP-394 round: JoinGroup v4+ with no member id is answered at once
        with MEMBER_ID_REQUIRED and the id to join with."""
        self.send_join("")
        r = self.recv_join(timeout=5)
        assert r["error_code"] == kw.MEMBER_ID_REQUIRED, r
        assert r["member_id"] and r["generation_id"] == -1, r
        self.member_id = r["member_id"]
        return r

    def join(self, timeout=15.0):
        """A whole join: the member-id round if needed, then the real JoinGroup."""
        if not self.member_id and self.instance_id is None and self.version >= 4:
            self.get_member_id()
        self.send_join()
        return self.recv_join(timeout)

    def send_sync(self, assignments=(), **kw_):
        self._sync_corr = self.c.send_sync_group(
            self.group, self.generation, self.member_id, assignments,
            version=kw_.pop("version", 5), group_instance_id=self.instance_id, **kw_)

    def recv_sync(self, version=5, timeout=15.0):
        return self.c.recv(kw.SYNC_GROUP, version, self._sync_corr, timeout=timeout)

    def sync(self, assignments=(), **kw_):
        version = kw_.get("version", 5)
        self.send_sync(assignments, **kw_)
        return self.recv_sync(version)

    def heartbeat(self, generation=None, member_id=None, version=4):
        return self.c.heartbeat(self.group, self.generation if generation is None else generation,
                                self.member_id if member_id is None else member_id,
                                group_instance_id=self.instance_id if version >= 3 else None,
                                version=version)

    def is_leader(self):
        return self.join_resp is not None and self.join_resp["leader"] == self.member_id


def form_group(members, assignments=None):
    """Drives one complete rebalance of new members: every dynamic member first
    gets its id (a pending id holds the rebalance open until it joins), then
    all send JoinGroup, static members first (they have no member-id round, so
    they would miss a rebalance the last dynamic member completes). The leader
    syncs with `assignments` ({member index: bytes}, default: a partition of
    "t" each), then the followers. Returns the leader."""
    for m in members:
        if not m.member_id and m.instance_id is None and m.version >= 4:
            m.get_member_id()
    static = [m for m in members if m.instance_id is not None]
    dynamic = [m for m in members if m.instance_id is None]
    for m in static:
        m.send_join()
    if static and dynamic:
        # Connections race: see the static members in the group before the
        # dynamic JoinGroups go out.
        wait_until(lambda: len(dynamic[0].c.describe_group(dynamic[0].group)["members"])
                   >= len(static), what="the static members' JoinGroups")
    for m in dynamic:
        m.send_join()
    resps = [m.recv_join() for m in members]
    for r in resps:
        assert r["error_code"] == 0, r
    gens = {r["generation_id"] for r in resps}
    assert len(gens) == 1, resps
    leaders = [m for m in members if m.is_leader()]
    assert len(leaders) == 1, resps
    leader = leaders[0]
    if assignments is None:
        assignments = {i: consumer_assignment({"t": [i]}) for i in range(len(members))}
    by_id = {members[i].member_id: a for i, a in assignments.items()}
    for m in members:
        if m is not leader:
            m.send_sync()
    r = leader.sync(by_id)
    assert r["error_code"] == 0, r
    for m in members:
        if m is not leader:
            rs = m.recv_sync()
            assert rs["error_code"] == 0, rs
            assert rs["assignment"] == by_id.get(m.member_id, b""), rs
    return leader


@pytest.fixture
def members():
    made = []

    def make(broker, group, client_id, **kw_):
        m = Member(broker, group, client_id, **kw_)
        made.append(m)
        return m

    yield make
    for m in made:
        m.close()


def sub(*topics, user_data=None):
    return consumer_subscription(list(topics), user_data=user_data)


# The group APIs and the versions the broker serves (what these tests cover).
GROUP_APIS = {
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
}


def test_api_versions_advertise_group_apis(c):
    keys = {k["api_key"]: (k["min_version"], k["max_version"])
            for k in c.api_versions()["api_keys"]}
    assert {k: keys.get(k) for k in GROUP_APIS} == GROUP_APIS


# ---------------------------------------------------------------------------
# FindCoordinator
# ---------------------------------------------------------------------------

def test_find_coordinator_all_versions(gb, c):
    """The one broker coordinates every group: its node id, host and port, as
    Metadata lists it."""
    brokers = c.metadata([])["brokers"]
    assert len(brokers) == 1
    me = brokers[0]
    assert me["port"] == gb.port
    for v in range(0, 4):
        r = c.find_coordinator("some-group", key_type=0, version=v)
        assert r["error_code"] == 0, (v, r)
        assert (r["node_id"], r["host"], r["port"]) == (me["node_id"], me["host"], me["port"])
    for v in range(4, 7):
        keys = ["g-a", "g-b", "grüppe-✓-𝄞"]
        r = c.find_coordinator(keys, key_type=0, version=v)
        assert [x["key"] for x in r["coordinators"]] == keys, (v, r)
        for x in r["coordinators"]:
            assert x["error_code"] == 0, (v, x)
            assert (x["node_id"], x["host"], x["port"]) == (me["node_id"], me["host"], me["port"])


def test_find_coordinator_transaction_key(c):
    """Key type 1 (transactions): this broker, which creates __transaction_state
    (50 partitions, compacted) on the first such request, as Kafka does."""
    me = c.metadata([])["brokers"][0]
    for v in range(1, 4):
        r = c.find_coordinator("txn-1", key_type=1, version=v)
        assert r["error_code"] == 0, (v, r)
        assert (r["node_id"], r["host"], r["port"]) == (me["node_id"], me["host"], me["port"])
    for v in range(4, 7):
        r = c.find_coordinator(["txn-1", "txn-2"], key_type=1, version=v)
        assert [x["key"] for x in r["coordinators"]] == ["txn-1", "txn-2"]
        assert all(x["error_code"] == 0 and x["node_id"] == me["node_id"] for x in r["coordinators"]), r
    t = c.metadata(["__transaction_state"])["topics"][0]
    assert t["error_code"] == 0 and len(t["partitions"]) == 50 and t["is_internal"]


def test_find_coordinator_unknown_key_type(c):
    """Kafka: CoordinatorType.forId throws InvalidRequestException -> INVALID_REQUEST."""
    r = c.find_coordinator("k", key_type=7, version=3)
    assert r["error_code"] == kw.INVALID_REQUEST, r
    r = c.find_coordinator(["k"], key_type=7, version=6)
    assert r["coordinators"][0]["error_code"] == kw.INVALID_REQUEST, r


# ---------------------------------------------------------------------------
# The classic rebalance, by hand
# ---------------------------------------------------------------------------

def test_full_rebalance_two_members(gb, c, members):
    group = unique_name("g")
    a_meta_range = sub("t1", user_data=b"a-range")
    a_meta_rr = sub("t1", user_data=b"a-rr")
    b_meta_rr = sub("t1", "t2", user_data=b"b-rr")
    a = members(gb, group, "client-a", protocols=[("range", a_meta_range),
                                                    ("roundrobin", a_meta_rr)], version=5)
    b = members(gb, group, "client-b", protocols=[("roundrobin", b_meta_rr)], version=5)

    # A alone: MEMBER_ID_REQUIRED, then generation 1 with A as leader.
    first = a.get_member_id()
    assert first["member_id"].startswith("client-a-"), first  # Kafka: clientId-UUID
    r = a.join()
    assert r["error_code"] == 0 and r["member_id"] == first["member_id"], r
    assert r["generation_id"] == 1 and r["leader"] == a.member_id, r
    assert r["protocol_name"] == "range", r  # A's first choice
    assert [(m["member_id"], m["metadata"]) for m in r["members"]] == [(a.member_id, a_meta_range)]
    s = a.sync({a.member_id: consumer_assignment({"t1": [0, 1]})})
    assert s["error_code"] == 0, s
    assert parse_assignment(s["assignment"])["partitions"] == {"t1": [0, 1]}
    assert s["protocol_type"] == "consumer" and s["protocol_name"] == "range", s
    assert a.heartbeat() == kw.NONE
    assert c.describe_group(group)["group_state"] == "Stable"

    # B joins: its JoinGroup parks until A (a known member) rejoins too.
    b.get_member_id()
    assert b.member_id != a.member_id
    b.send_join()
    assert_parked(b.c)
    assert c.describe_group(group)["group_state"] == "PreparingRebalance"
    assert a.heartbeat() == kw.REBALANCE_IN_PROGRESS
    assert_parked(b.c, 0.1)
    a.send_join()
    ra, rb = a.recv_join(), b.recv_join()
    assert ra["error_code"] == 0 and rb["error_code"] == 0, (ra, rb)
    assert ra["generation_id"] == rb["generation_id"] == 2
    # Only roundrobin is common to both.
    assert ra["protocol_name"] == rb["protocol_name"] == "roundrobin"
    assert ra["leader"] == rb["leader"] == a.member_id
    # The leader gets every member with its metadata for the chosen protocol;
    # a follower gets none.
    assert sorted((m["member_id"], m["metadata"]) for m in ra["members"]) == sorted(
        [(a.member_id, a_meta_rr), (b.member_id, b_meta_rr)])
    assert rb["members"] == []
    assert {parse_subscription(m["metadata"])["user_data"] for m in ra["members"]} == {
        b"a-rr", b"b-rr"}
    assert c.describe_group(group)["group_state"] == "CompletingRebalance"

    # The follower's SyncGroup waits for the leader's assignment.
    asg_a = consumer_assignment({"t1": [0]})
    asg_b = consumer_assignment({"t1": [1], "t2": [0]}, user_data=b"x")
    b.send_sync()
    assert_parked(b.c)
    sa = a.sync({a.member_id: asg_a, b.member_id: asg_b})
    sb = b.recv_sync()
    assert sa["error_code"] == 0 and sa["assignment"] == asg_a, sa
    assert sb["error_code"] == 0 and sb["assignment"] == asg_b, sb
    assert sb["protocol_type"] == "consumer" and sb["protocol_name"] == "roundrobin"
    assert parse_assignment(sb["assignment"])["partitions"] == {"t1": [1], "t2": [0]}

    d = c.describe_group(group)
    assert d["group_state"] == "Stable" and d["protocol_data"] == "roundrobin"
    got = {m["member_id"]: (m["member_metadata"], m["member_assignment"]) for m in d["members"]}
    assert got == {a.member_id: (a_meta_rr, asg_a), b.member_id: (b_meta_rr, asg_b)}
    for v in range(0, 5):
        assert a.heartbeat(version=v) == kw.NONE, v
        assert b.heartbeat(version=v) == kw.NONE, v
    assert a.heartbeat(generation=1) == kw.ILLEGAL_GENERATION
    assert b.heartbeat(generation=3) == kw.ILLEGAL_GENERATION
    # A SyncGroup in Stable repeats the member's assignment.
    assert b.sync()["assignment"] == asg_b


def test_protocol_selection_by_vote(gb, members):
    """Kafka's selectProtocol: among the protocols every member supports, each
    member votes for its most preferred; the most votes win, whoever leads."""
    group = unique_name("g")
    a = members(gb, group, "a", protocols=[("range", b"ra"), ("roundrobin", b"rr-a")])
    b = members(gb, group, "b", protocols=[("roundrobin", b"rr-b"), ("range", b"rb")])
    c3 = members(gb, group, "c", protocols=[("roundrobin", b"rr-c"), ("range", b"rc"),
                                            ("sticky", b"s")])
    form_group([a, b, c3])
    assert a.join_resp["protocol_name"] == "roundrobin"
    leader = next(m for m in (a, b, c3) if m.is_leader())
    assert sorted(m["metadata"] for m in leader.join_resp["members"]) == [b"rr-a", b"rr-b",
                                                                            b"rr-c"]


def test_join_group_every_version(gb, c):
    """A one-member lifecycle at each JoinGroup version with the SyncGroup,
    Heartbeat and LeaveGroup versions of the same era."""
    for v in range(0, 10):
        group = unique_name(f"gv{v}")
        with client(gb, f"cl{v}") as m:
            r = m.join_group(group, version=v, protocols=[("range", sub("t"))],
                             session_timeout_ms=5000, rebalance_timeout_ms=5000)
            if v >= 4:
                assert r["error_code"] == kw.MEMBER_ID_REQUIRED, (v, r)
                r = m.join_group(group, version=v, member_id=r["member_id"],
                                 protocols=[("range", sub("t"))], session_timeout_ms=5000,
                                 rebalance_timeout_ms=5000)
            assert r["error_code"] == 0, (v, r)
            assert r["generation_id"] == 1 and r["leader"] == r["member_id"], (v, r)
            assert r["protocol_name"] == "range"
            if v >= 7:
                assert r["protocol_type"] == "consumer", (v, r)
            if v >= 9:
                assert r["skip_assignment"] is False
            mid = r["member_id"]
            sv = min(v, 5)
            s = m.sync_group(group, 1, mid, {mid: b"asg"}, version=sv)
            assert s["error_code"] == 0 and s["assignment"] == b"asg", (v, s)
            assert m.heartbeat(group, 1, mid, version=min(v, 4)) == kw.NONE
            lv = min(v, 5)
            lr = m.leave_group(group, [mid], version=lv)
            assert lr["error_code"] == 0, (v, lr)
            if lv >= 3:
                assert [(x["member_id"], x["error_code"]) for x in lr["members"]] == [(mid, 0)]
            d = m.describe_group(group)
            assert d["group_state"] == "Empty" and d["members"] == [], (v, d)


def test_pending_member_survives_the_offsets_expiry_check(gb, c):
    """A group holding only a member that was just handed its id (MEMBER_ID_REQUIRED) is
    not an abandoned empty group: the offsets-retention check (every 200 ms here) must not
    remove it before the member's second JoinGroup."""
    group = unique_name("gpend")
    with client(gb, "pend") as m:
        r = m.join_group(group, version=5, protocols=[("range", sub("t"))],
                         session_timeout_ms=5000, rebalance_timeout_ms=5000)
        assert r["error_code"] == kw.MEMBER_ID_REQUIRED, r
        time.sleep(0.7)  # several retention checks
        r = m.join_group(group, version=5, member_id=r["member_id"], protocols=[("range", sub("t"))],
                         session_timeout_ms=5000, rebalance_timeout_ms=5000)
        assert r["error_code"] == 0, r
        assert r["generation_id"] == 1 and r["leader"] == r["member_id"]


def test_pending_member_id_expires(gb, c, members):
    """A member id handed out with MEMBER_ID_REQUIRED holds a rebalance open
    (Kafka's hasAllMembersJoined needs no pending members) until that member
    joins or its session timeout passes; then the id is unknown."""
    group = unique_name("g")
    a = members(gb, group, "a")
    form_group([a])
    x = members(gb, group, "pending-x", session_timeout_ms=400)
    x.get_member_id()
    a.send_join()  # the leader rejoins: a rebalance that waits for x
    t0 = time.monotonic()
    assert_parked(a.c, 0.2)
    r = a.recv_join(timeout=10)
    waited = time.monotonic() - t0
    assert r["error_code"] == 0 and [m["member_id"] for m in r["members"]] == [a.member_id], r
    assert 0.2 <= waited < 5, waited
    x.send_join()
    r = x.recv_join()
    assert r["error_code"] == kw.UNKNOWN_MEMBER_ID, r


# ---------------------------------------------------------------------------
# Heartbeat
# ---------------------------------------------------------------------------

def test_heartbeat_errors_and_third_member(gb, c, members):
    group = unique_name("g")
    a = members(gb, group, "a")
    b = members(gb, group, "b")
    form_group([a, b])
    gen = a.generation
    assert a.heartbeat() == kw.NONE and b.heartbeat() == kw.NONE
    assert a.heartbeat(member_id="no-such-member") == kw.UNKNOWN_MEMBER_ID
    assert a.heartbeat(member_id="") == kw.UNKNOWN_MEMBER_ID
    assert a.heartbeat(generation=gen - 1) == kw.ILLEGAL_GENERATION
    assert a.heartbeat(generation=gen + 1) == kw.ILLEGAL_GENERATION
    # Kafka: a group it does not know has no such member.
    assert c.heartbeat(unique_name("nogroup"), 1, a.member_id) == kw.UNKNOWN_MEMBER_ID

    # A third member makes a rebalance pending: both stable members are told.
    m3 = members(gb, group, "c")
    m3.get_member_id()
    m3.send_join()
    assert_parked(m3.c, 0.3)
    assert a.heartbeat() == kw.REBALANCE_IN_PROGRESS
    assert b.heartbeat() == kw.REBALANCE_IN_PROGRESS
    assert a.heartbeat(generation=gen - 1) == kw.ILLEGAL_GENERATION
    # Two of three rejoined: still waiting for the third.
    a.send_join()
    assert_parked(a.c, 0.3)
    assert_parked(m3.c, 0.01)
    b.send_join()
    rs = [m.recv_join() for m in (a, b, m3)]
    assert all(r["error_code"] == 0 and r["generation_id"] == gen + 1 for r in rs), rs
    leader = next(m for m in (a, b, m3) if m.is_leader())
    assert len(leader.join_resp["members"]) == 3
    # Heartbeats in CompletingRebalance are NONE (Kafka keeps the session alive).
    assert a.heartbeat() == kw.NONE
    assert a.heartbeat(generation=gen) == kw.ILLEGAL_GENERATION


# ---------------------------------------------------------------------------
# LeaveGroup
# ---------------------------------------------------------------------------

def test_leave_group_single_and_batched(gb, c, members):
    group = unique_name("g")
    ms = [members(gb, group, f"m{i}") for i in range(4)]
    form_group(ms)
    # v0-2: one member; an unknown one is the top-level error.
    for v in range(0, 3):
        r = c.leave_group(group, ["nobody"], version=v)
        assert r["error_code"] == kw.UNKNOWN_MEMBER_ID, (v, r)
    r = c.leave_group(group, [ms[0].member_id], version=1)
    assert r["error_code"] == 0, r
    # The others are now rebalancing.
    assert ms[1].heartbeat() == kw.REBALANCE_IN_PROGRESS
    assert ms[0].heartbeat() == kw.UNKNOWN_MEMBER_ID
    # v3+: several members, an error per member, top level NONE.
    for v in (3, 4, 5):
        r = c.leave_group(group, ["ghost-1", "ghost-2"], version=v)
        assert r["error_code"] == 0, r
        assert [(x["member_id"], x["error_code"]) for x in r["members"]] == [
            ("ghost-1", kw.UNKNOWN_MEMBER_ID), ("ghost-2", kw.UNKNOWN_MEMBER_ID)], (v, r)
    r = c.leave_group(group, [ms[1].member_id, "ghost", ms[2].member_id], version=5)
    assert r["error_code"] == 0
    assert [(x["member_id"], x["group_instance_id"], x["error_code"]) for x in r["members"]] == [
        (ms[1].member_id, None, 0), ("ghost", None, kw.UNKNOWN_MEMBER_ID),
        (ms[2].member_id, None, 0)], r
    # The last member rejoins alone.
    r = ms[3].join()
    assert r["error_code"] == 0 and r["leader"] == ms[3].member_id
    assert [m["member_id"] for m in r["members"]] == [ms[3].member_id]
    # An unknown group: every member UNKNOWN_MEMBER_ID (v3+), top-level for v0-2.
    r = c.leave_group(unique_name("nogroup"), ["x", "y"], version=4)
    assert r["error_code"] == 0 and [x["error_code"] for x in r["members"]] == [
        kw.UNKNOWN_MEMBER_ID] * 2, r
    r = c.leave_group(unique_name("nogroup"), ["x"], version=2)
    assert r["error_code"] == kw.UNKNOWN_MEMBER_ID, r


# ---------------------------------------------------------------------------
# Session timeout
# ---------------------------------------------------------------------------

def test_session_timeout_expires_silent_member(gb, c, members):
    group = unique_name("g")
    a = members(gb, group, "quiet", session_timeout_ms=500, rebalance_timeout_ms=1000)
    b = members(gb, group, "alive", session_timeout_ms=10000, rebalance_timeout_ms=10000)
    form_group([a, b])
    gen = b.generation
    t0 = time.monotonic()

    def b_told():
        return b.heartbeat() == kw.REBALANCE_IN_PROGRESS

    wait_until(b_told, timeout=5.0, interval=0.1, what="REBALANCE_IN_PROGRESS after A expired")
    elapsed = time.monotonic() - t0
    assert elapsed >= 0.25, f"A expired {elapsed:.2f}s after forming: before its 500 ms session"
    r = b.join()
    assert r["error_code"] == 0, r
    assert r["generation_id"] == gen + 1 and r["leader"] == b.member_id
    assert [m["member_id"] for m in r["members"]] == [b.member_id]
    assert b.sync({b.member_id: b"all"})["assignment"] == b"all"
    d = c.describe_group(group)
    assert d["group_state"] == "Stable" and [m["member_id"] for m in d["members"]] == [b.member_id]
    assert a.heartbeat() == kw.UNKNOWN_MEMBER_ID


# ---------------------------------------------------------------------------
# JoinGroup validation
# ---------------------------------------------------------------------------

def test_join_validation_errors(gb, c, members):
    # (A group of its own: the member ids handed out here stay pending.)
    scratch = unique_name("g")
    for st in (99, 0, -1, 60001):
        r = c.join_group(scratch, session_timeout_ms=st)
        assert r["error_code"] == kw.INVALID_SESSION_TIMEOUT, (st, r)
    r = c.join_group(scratch, session_timeout_ms=100)
    assert r["error_code"] == kw.MEMBER_ID_REQUIRED, r
    r = c.join_group(scratch, session_timeout_ms=60000)
    assert r["error_code"] == kw.MEMBER_ID_REQUIRED, r
    group = unique_name("g")
    for v in (0, 5, 9):
        r = c.join_group("", version=v)
        assert r["error_code"] == kw.INVALID_GROUP_ID, (v, r)
    # An empty group accepts any protocol type, but not an empty type or no protocols.
    r = c.join_group(unique_name("g"), protocol_type="")
    assert r["error_code"] == kw.INCONSISTENT_GROUP_PROTOCOL, r
    r = c.join_group(unique_name("g"), protocols=[])
    assert r["error_code"] == kw.INCONSISTENT_GROUP_PROTOCOL, r

    a = members(gb, group, "a", protocols=[("range", sub("t")), ("roundrobin", sub("t"))])
    form_group([a])
    # Another protocol type, or no protocol in common with the members.
    # (Checked before a member id is handed out.)
    other = members(gb, group, "o", protocol_type="connect", protocols=[("range", b"")])
    other.send_join("")
    r = other.recv_join()
    assert r["error_code"] == kw.INCONSISTENT_GROUP_PROTOCOL, r
    other2 = members(gb, group, "o2", protocols=[("sticky", sub("t")), ("coop", sub("t"))])
    other2.send_join("")
    r = other2.recv_join()
    assert r["error_code"] == kw.INCONSISTENT_GROUP_PROTOCOL, r
    # The same with a (pending) member id: a v3 join has no member-id round.
    r = other2.c.join_group(group, version=3, protocols=other2.protocols)
    assert r["error_code"] == kw.INCONSISTENT_GROUP_PROTOCOL, r
    # A known-looking member id the group never handed out, here and in a
    # group that does not exist.
    r = c.join_group(group, member_id="made-up-id", protocols=[("range", sub("t"))])
    assert r["error_code"] == kw.UNKNOWN_MEMBER_ID, r
    r = c.join_group(unique_name("nogroup"), member_id="made-up-id")
    assert r["error_code"] == kw.UNKNOWN_MEMBER_ID, r
    # None of that disturbed the group.
    assert a.heartbeat() == kw.NONE
    assert c.describe_group(group)["group_state"] == "Stable"


def test_default_min_session_timeout(broker):
    """Kafka's default group.min.session.timeout.ms is 6000."""
    with client(broker) as cl:
        g = unique_name("g")
        assert cl.join_group(g, session_timeout_ms=5999)["error_code"] == kw.INVALID_SESSION_TIMEOUT
        assert cl.join_group(g, session_timeout_ms=6000)["error_code"] == kw.MEMBER_ID_REQUIRED
        assert cl.join_group(g, session_timeout_ms=1800000)["error_code"] == kw.MEMBER_ID_REQUIRED
        assert cl.join_group(g, session_timeout_ms=1800001)["error_code"] == \
            kw.INVALID_SESSION_TIMEOUT


def test_group_max_size(make_broker, members):
    b = make_broker(overrides={"group.max.size": 1, "group.min.session.timeout.ms": 100})
    b.start()
    group = unique_name("g")
    a = members(b, group, "a")
    form_group([a])
    x = members(b, group, "x")
    x.send_join("")
    r = x.recv_join()
    assert r["error_code"] == kw.GROUP_MAX_SIZE_REACHED, r
    assert a.heartbeat() == kw.NONE
    # Once A leaves there is room again.
    with client(b) as cl:
        assert cl.leave_group(group, [a.member_id])["members"][0]["error_code"] == 0
    r = x.join()
    assert r["error_code"] == 0 and r["leader"] == x.member_id, r


# ---------------------------------------------------------------------------
# Static membership (KIP-345)
# ---------------------------------------------------------------------------

def test_static_member_rejoin_without_rebalance(gb, c, members):
    group = unique_name("g")
    topic = make_topic(c, 2)
    a = members(gb, group, "dyn-a", topics=[topic])
    b = members(gb, group, "static-b", topics=[topic], instance_id="inst-b")
    asg_b = consumer_assignment({topic: [1]})
    # A first, alone, so that the static member joins as a follower.
    form_group([a])
    b.send_join()
    assert_parked(b.c, 0.2)
    a.send_join()
    assert a.recv_join()["error_code"] == 0 and b.recv_join()["error_code"] == 0
    assert a.is_leader() and b.generation == a.generation == 2
    b.send_sync()
    assert a.sync({a.member_id: consumer_assignment({topic: [0]}),
                   b.member_id: asg_b})["error_code"] == 0
    assert b.recv_sync()["assignment"] == asg_b
    gen, old_id = b.generation, b.member_id
    assert old_id.startswith("inst-b-"), old_id  # Kafka: groupInstanceId-UUID
    d = c.describe_group(group, version=4)
    assert {m["member_id"]: m["group_instance_id"] for m in d["members"]} == {
        a.member_id: None, old_id: "inst-b"}

    # The same instance rejoins with no member id while Stable: answered at
    # once, same generation, a new member id, and no rebalance.
    b2 = members(gb, group, "static-b", topics=[topic], instance_id="inst-b")
    t0 = time.monotonic()
    r = b2.join(timeout=5)
    assert time.monotonic() - t0 < 2.0
    assert r["error_code"] == 0, r
    assert r["generation_id"] == gen and r["member_id"] != old_id, r
    assert r["leader"] == a.member_id and r["members"] == []
    assert a.heartbeat() == kw.NONE
    assert b2.heartbeat() == kw.NONE
    d = c.describe_group(group, version=5)
    assert d["group_state"] == "Stable"
    assert {m["member_id"]: m["group_instance_id"] for m in d["members"]} == {
        a.member_id: None, b2.member_id: "inst-b"}
    # The new member id inherits the assignment.
    s = b2.sync()
    assert s["error_code"] == 0 and s["assignment"] == asg_b, s

    # The old member id is fenced everywhere it presents the instance id.
    assert b.heartbeat() == kw.FENCED_INSTANCE_ID
    assert b.sync()["error_code"] == kw.FENCED_INSTANCE_ID
    errs = c.offset_commit(group, {(topic, 0): 5}, generation_id=gen, member_id=old_id,
                           group_instance_id="inst-b")
    assert errs == {(topic, 0): kw.FENCED_INSTANCE_ID}, errs
    r = b.c.join_group(group, member_id=old_id, group_instance_id="inst-b",
                       protocols=b.protocols)
    assert r["error_code"] == kw.FENCED_INSTANCE_ID, r
    lr = c.leave_group(group, [(old_id, "inst-b")], version=3)
    assert lr["members"][0]["error_code"] == kw.FENCED_INSTANCE_ID, lr
    # The new id commits fine; an unknown instance id is UNKNOWN_MEMBER_ID.
    errs = c.offset_commit(group, {(topic, 0): 5}, generation_id=gen, member_id=b2.member_id,
                           group_instance_id="inst-b")
    assert errs == {(topic, 0): 0}, errs
    assert a.heartbeat() == kw.NONE
    # An admin removal by instance id alone (member id "") takes it out.
    lr = c.leave_group(group, [("", "inst-b")], version=4)
    assert lr["error_code"] == 0 and lr["members"][0]["error_code"] == 0, lr
    assert a.heartbeat() == kw.REBALANCE_IN_PROGRESS


def test_static_leader_rejoin_skips_assignment(gb, c, members):
    """A static leader rejoining while Stable (no rebalance), as Kafka's
    updateStaticMemberThenRebalanceOrCompleteJoin answers it (KIP-814): from
    JoinGroup v9 it is told it leads, gets the members and skip_assignment=true
    (the current assignment stands); before v9 it gets no members and the
    previous leader id, so it acts as a follower and does not reassign."""
    group = unique_name("g")
    s = members(gb, group, "static-s", instance_id="inst-s")
    d = members(gb, group, "dyn-d")
    form_group([s, d], assignments={0: b"S", 1: b"D"})
    assert s.is_leader()
    gen, old_id = s.generation, s.member_id

    s2 = members(gb, group, "static-s", instance_id="inst-s", version=9)
    r = s2.join(timeout=5)
    assert r["error_code"] == 0 and r["generation_id"] == gen, r
    assert r["member_id"] != old_id and r["leader"] == r["member_id"], r
    assert r["skip_assignment"] is True, r
    assert {m["member_id"] for m in r["members"]} == {r["member_id"], d.member_id}, r
    assert d.heartbeat() == kw.NONE
    assert s2.sync()["assignment"] == b"S"

    s3 = members(gb, group, "static-s", instance_id="inst-s", version=8)
    r = s3.join(timeout=5)
    assert r["error_code"] == 0 and r["generation_id"] == gen, r
    assert r["members"] == [] and r["leader"] == s2.member_id != r["member_id"], r
    assert d.heartbeat() == kw.NONE
    assert c.describe_group(group)["group_state"] == "Stable"


def test_unknown_instance_id_is_unknown_member(gb, c, members):
    """Kafka's ClassicGroup.validateMember: when a group instance id is given,
    it must belong to a static member (else UNKNOWN_MEMBER_ID), whatever the
    member id."""
    group = unique_name("g")
    a = members(gb, group, "a")
    form_group([a])
    assert c.heartbeat(group, a.generation, a.member_id, group_instance_id="never-joined") == \
        kw.UNKNOWN_MEMBER_ID
    r = c.sync_group(group, a.generation, a.member_id, group_instance_id="never-joined")
    assert r["error_code"] == kw.UNKNOWN_MEMBER_ID, r
    assert a.heartbeat() == kw.NONE


def test_rebalance_timeout_drops_dynamic_laggards_only(gb, c, members):
    """When the rebalance timeout passes, Kafka completes the join without the
    members that did not rejoin: dynamic ones are removed, static ones stay in
    the group (onCompleteJoin: "remove dynamic members who haven't joined the
    group yet") and a new leader is chosen among those that rejoined."""
    group = unique_name("g")
    kw_ = dict(session_timeout_ms=20000, rebalance_timeout_ms=1000)
    st = members(gb, group, "lag-static", instance_id="lag-inst", **kw_)
    a = members(gb, group, "rejoins", **kw_)
    lag = members(gb, group, "lag-dynamic", **kw_)
    form_group([st, a, lag])
    assert st.is_leader()
    gen = a.generation
    newcomer = members(gb, group, "newcomer", **kw_)
    newcomer.get_member_id()
    newcomer.send_join()
    assert_parked(newcomer.c, 0.2)
    a.send_join()
    t0 = time.monotonic()
    ra, rn = a.recv_join(timeout=10), newcomer.recv_join(timeout=10)
    waited = time.monotonic() - t0
    assert ra["error_code"] == 0 and rn["error_code"] == 0, (ra, rn)
    assert 0.5 <= waited < 8, waited
    assert ra["generation_id"] == rn["generation_id"] == gen + 1
    assert ra["leader"] in (a.member_id, newcomer.member_id)
    assert lag.heartbeat() == kw.UNKNOWN_MEMBER_ID
    leader = a if a.is_leader() else newcomer
    assert {m["member_id"] for m in leader.join_resp["members"]} == {
        a.member_id, newcomer.member_id, st.member_id}
    assert st.heartbeat() == kw.ILLEGAL_GENERATION


# ---------------------------------------------------------------------------
# SyncGroup errors
# ---------------------------------------------------------------------------

def test_sync_group_errors(gb, c, members):
    group = unique_name("g")
    a = members(gb, group, "a")
    b = members(gb, group, "b")
    leader = form_group([a, b])
    follower = b if leader is a else a
    gen = a.generation
    r = c.sync_group(group, gen, "nobody", {})
    assert r["error_code"] == kw.UNKNOWN_MEMBER_ID, r
    r = c.sync_group(group, gen + 1, a.member_id, {})
    assert r["error_code"] == kw.ILLEGAL_GENERATION, r
    r = c.sync_group(group, gen - 1, b.member_id, {})
    assert r["error_code"] == kw.ILLEGAL_GENERATION, r
    r = c.sync_group(group, gen, a.member_id, {}, protocol_type="consumer",
                     protocol_name="roundrobin")
    assert r["error_code"] == kw.INCONSISTENT_GROUP_PROTOCOL, r
    r = c.sync_group(group, gen, a.member_id, {}, protocol_type="connect",
                     protocol_name="range")
    assert r["error_code"] == kw.INCONSISTENT_GROUP_PROTOCOL, r
    r = c.sync_group(group, gen, a.member_id, {}, protocol_type="consumer",
                     protocol_name="range")
    assert r["error_code"] == 0 and r["protocol_name"] == "range", r
    # Below v5 the protocol fields are not sent and not checked.
    r = c.sync_group(group, gen, b.member_id, {}, version=4)
    assert r["error_code"] == 0, r
    r = c.sync_group(unique_name("nogroup"), 1, "x", {})
    assert r["error_code"] == kw.UNKNOWN_MEMBER_ID, r
    assert a.heartbeat() == kw.NONE
    # While a rebalance is pending (the leader rejoined), a SyncGroup of the
    # current generation is told so.
    leader.send_join()
    assert_parked(leader.c, 0.2)
    r = c.sync_group(group, gen, follower.member_id, {})
    assert r["error_code"] == kw.REBALANCE_IN_PROGRESS, r


# ---------------------------------------------------------------------------
# OffsetCommit / OffsetFetch
# ---------------------------------------------------------------------------

def test_standalone_commit_creates_group(c):
    topic = make_topic(c, 2)
    group = unique_name("solo")
    for v in range(2, 10):
        errs = c.offset_commit(group, {(topic, 0): 100 + v, (topic, 1): 200 + v}, version=v)
        assert errs == {(topic, 0): 0, (topic, 1): 0}, (v, errs)
        got = c.offset_fetch(group, {topic: [0, 1]})["offsets"]
        assert got[(topic, 0)]["committed_offset"] == 100 + v
        assert got[(topic, 1)]["committed_offset"] == 200 + v
    d = c.describe_group(group)
    assert (d["error_code"], d["group_state"], d["protocol_type"], d["members"]) == (
        0, "Empty", "", []), d
    listed = {g["group_id"]: g for g in c.list_groups()["groups"]}
    assert listed[group]["group_state"] == "Empty" and listed[group]["protocol_type"] == ""


def test_commit_membership_errors(gb, c, members):
    topic = make_topic(c, 1)
    group = unique_name("g")
    a = members(gb, group, "a", topics=[topic])
    b = members(gb, group, "b", topics=[topic])
    form_group([a, b])
    gen = a.generation
    tp = (topic, 0)
    assert c.offset_commit(group, {tp: 1}, generation_id=gen, member_id=a.member_id) == {tp: 0}
    assert c.offset_commit(group, {tp: 2}, generation_id=gen - 1,
                           member_id=a.member_id) == {tp: kw.ILLEGAL_GENERATION}
    assert c.offset_commit(group, {tp: 2}, generation_id=gen + 1,
                           member_id=a.member_id) == {tp: kw.ILLEGAL_GENERATION}
    assert c.offset_commit(group, {tp: 2}, generation_id=gen,
                           member_id="stranger") == {tp: kw.UNKNOWN_MEMBER_ID}
    # A standalone commit (-1, "") into a group with members is refused.
    assert c.offset_commit(group, {tp: 2}) == {tp: kw.UNKNOWN_MEMBER_ID}
    for v in (2, 5, 7, 8):
        assert c.offset_commit(group, {tp: 3}, generation_id=gen, member_id=b.member_id,
                               version=v) == {tp: 0}, v
    assert c.offset_fetch(group, {topic: [0]})["offsets"][tp]["committed_offset"] == 3



def test_commit_during_completing_rebalance(gb, c, members):
    """Kafka's ClassicGroup.validateOffsetCommit checks the member and the
    generation first; only a valid member of the current generation is told
    REBALANCE_IN_PROGRESS while the group awaits its assignment."""
    topic = make_topic(c, 1)
    tp = (topic, 0)
    group = unique_name("g")
    a = members(gb, group, "a", topics=[topic])
    b = members(gb, group, "b", topics=[topic])
    form_group([a, b])
    old = a.generation
    # the leader rejoins first: a follower rejoining a Stable group with unchanged
    # metadata is answered at once without a rebalance (as in Kafka), and would then
    # miss the one the leader starts
    leader, follower = (a, b) if a.is_leader() else (b, a)
    leader.send_join()
    follower.send_join()
    assert a.recv_join()["error_code"] == 0 and b.recv_join()["error_code"] == 0
    assert c.describe_group(group)["group_state"] == "CompletingRebalance"
    assert c.offset_commit(group, {tp: 4}, generation_id=a.generation,
                           member_id=a.member_id) == {tp: kw.REBALANCE_IN_PROGRESS}
    assert c.offset_commit(group, {tp: 4}, generation_id=a.generation,
                           member_id="stranger") == {tp: kw.UNKNOWN_MEMBER_ID}
    assert c.offset_commit(group, {tp: 4}, generation_id=old,
                           member_id=a.member_id) == {tp: kw.ILLEGAL_GENERATION}
    assert c.offset_commit(group, {tp: 4}) == {tp: kw.UNKNOWN_MEMBER_ID}


def test_commit_to_unknown_group_with_generation(c):
    """A member of a group the coordinator does not know: ILLEGAL_GENERATION up
    to v8; from v9 Kafka answers GROUP_ID_NOT_FOUND (OffsetMetadataManager.
    validateOffsetCommit: "Starting from version 9 of the OffsetCommit API, we
    return GROUP_ID_NOT_FOUND if the group does not exist")."""
    topic = make_topic(c, 1)
    tp = (topic, 0)
    for v in (2, 3, 4, 5, 6, 7, 8):
        g = unique_name("ghost")
        assert c.offset_commit(g, {tp: 1}, generation_id=1, member_id="m",
                               version=v) == {tp: kw.ILLEGAL_GENERATION}, v
        assert g not in {x["group_id"] for x in c.list_groups()["groups"]}
    g = unique_name("ghost")
    assert c.offset_commit(g, {tp: 1}, generation_id=1, member_id="m",
                           version=9) == {tp: kw.GROUP_ID_NOT_FOUND}


def test_commit_unknown_topic_and_partition(c):
    topic = make_topic(c, 2)
    group = unique_name("g")
    missing = unique_name("missing")
    errs = c.offset_commit(group, {(topic, 0): 10, (topic, 1): 11, (topic, 2): 12,
                                   (missing, 0): 13})
    assert errs == {(topic, 0): 0, (topic, 1): 0, (topic, 2): kw.UNKNOWN_TOPIC_OR_PARTITION,
                    (missing, 0): kw.UNKNOWN_TOPIC_OR_PARTITION}, errs
    got = c.offset_fetch(group, {topic: [0, 1, 2], missing: [0]})["offsets"]
    assert [got[(topic, p)]["committed_offset"] for p in (0, 1, 2)] == [10, 11, -1]
    assert got[(missing, 0)]["committed_offset"] == -1
    # OffsetCommit does not create topics.
    t = c.metadata([missing], allow_auto_topic_creation=False)["topics"][0]
    assert t["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION


def test_commit_metadata_limit_and_round_trip(c):
    topic = make_topic(c, 3)
    group = unique_name("g")
    errs = c.offset_commit(group, {
        (topic, 0): {"offset": 1, "metadata": "x" * 4096, "leader_epoch": 3},
        (topic, 1): {"offset": 2, "metadata": "y" * 4097},
        (topic, 2): {"offset": 3, "metadata": "ok", "leader_epoch": 9}})
    assert errs == {(topic, 0): 0, (topic, 1): kw.OFFSET_METADATA_TOO_LARGE, (topic, 2): 0}
    for v in range(1, 10):
        got = c.offset_fetch(group, {topic: [0, 1, 2]}, version=v)
        assert got["error_code"] == 0
        o = got["offsets"]
        assert (o[(topic, 0)]["committed_offset"], o[(topic, 0)]["metadata"]) == (1, "x" * 4096)
        assert (o[(topic, 1)]["committed_offset"], o[(topic, 1)]["metadata"]) == (-1, "")
        assert (o[(topic, 2)]["committed_offset"], o[(topic, 2)]["metadata"]) == (3, "ok")
        assert all(p["error_code"] == 0 for p in o.values())
        if v >= 5:
            assert [o[(topic, p)]["committed_leader_epoch"] for p in (0, 1, 2)] == [3, -1, 9], v
        else:
            assert "committed_leader_epoch" not in o[(topic, 0)]
    # Before v6 there is no leader epoch in the request: stored as -1.
    assert c.offset_commit(group, {(topic, 2): {"offset": 4, "metadata": None}},
                           version=5) == {(topic, 2): 0}
    o = c.offset_fetch(group, {topic: [2]})["offsets"][(topic, 2)]
    assert (o["committed_offset"], o["committed_leader_epoch"]) == (4, -1)
    assert o["metadata"] == ""  # Kafka stores a null metadata as "" (NO_METADATA)


def test_deleting_a_topic_deletes_its_committed_offsets(c):
    """Kafka's coordinator writes offset tombstones for the partitions of a
    deleted topic (onPartitionsDeleted, from BrokerMetadataPublisher/KafkaApis),
    so a topic created again under the same name starts with no committed offsets."""
    doomed, kept = make_topic(c, 2), make_topic(c, 1)
    group = unique_name("g")
    errs = c.offset_commit(group, {(doomed, 0): 3, (doomed, 1): 4, (kept, 0): 5})
    assert set(errs.values()) == {0}
    res = c.delete_topics([doomed])
    assert [r["error_code"] for r in res] == [0], res

    def only_kept():
        o = c.offset_fetch(group, None)["offsets"]
        return {k: p["committed_offset"] for k, p in o.items()} == {(kept, 0): 5}

    wait_until(only_kept, timeout=5.0, what="the deleted topic's offsets to go")
    assert c.create_topic(doomed, 2)["error_code"] == 0
    c.wait_topic(doomed)
    o = c.offset_fetch(group, {doomed: [0, 1]})["offsets"]
    assert [p["committed_offset"] for p in o.values()] == [-1, -1]


def test_offset_fetch_versions_and_groups(c):
    t1, t2 = make_topic(c, 2), make_topic(c, 1)
    g1, g2, g3 = unique_name("g1"), unique_name("g2"), unique_name("g3")
    assert set(c.offset_commit(g1, {(t1, 0): 5, (t1, 1): 6, (t2, 0): 7}).values()) == {0}
    assert set(c.offset_commit(g2, {(t2, 0): 70}).values()) == {0}
    # Specific partitions, every version: uncommitted ones are -1, "" and NONE.
    for v in range(1, 10):
        got = c.offset_fetch(g1, {t1: [0, 1], t2: [0], "no-topic": [3]}, version=v)
        assert got["error_code"] == 0
        o = got["offsets"]
        assert {k: p["committed_offset"] for k, p in o.items()} == {
            (t1, 0): 5, (t1, 1): 6, (t2, 0): 7, ("no-topic", 3): -1}, v
        assert o[("no-topic", 3)]["metadata"] == "" and o[("no-topic", 3)]["error_code"] == 0
    # Null topics (v2+): everything the group committed.
    for v in range(2, 10):
        got = c.offset_fetch(g1, None, version=v)
        assert {k: p["committed_offset"] for k, p in got["offsets"].items()} == {
            (t1, 0): 5, (t1, 1): 6, (t2, 0): 7}, v
    # An unknown group: no offsets, no error.
    for v in (1, 7, 9):
        got = c.offset_fetch(g3, {t1: [0]}, version=v)
        assert got["error_code"] == 0 and got["offsets"][(t1, 0)]["committed_offset"] == -1
    assert c.offset_fetch(g3, None)["offsets"] == {}
    # v8+: several groups in one request, each answered.
    for v in (8, 9):
        res = c.offset_fetch_groups({g1: {t1: [1]}, g2: None, g3: None}, version=v)
        assert set(res) == {g1, g2, g3}
        assert {k: p["committed_offset"] for k, p in res[g1]["offsets"].items()} == {(t1, 1): 6}
        assert {k: p["committed_offset"] for k, p in res[g2]["offsets"].items()} == {(t2, 0): 70}
        assert res[g3]["offsets"] == {}
        assert all(r["error_code"] == 0 for r in res.values())


def test_empty_group_id(c):
    """Kafka keeps offset commits, fetches and DeleteGroups working for the
    empty group id (for old clients); the membership APIs and OffsetDelete
    refuse it with INVALID_GROUP_ID (GroupCoordinatorService)."""
    topic = make_topic(c, 1)
    tp = (topic, 0)
    assert c.offset_commit("", {tp: 31}) == {tp: 0}
    for v in (1, 7, 8, 9):
        assert c.offset_fetch("", {topic: [0]}, version=v)["offsets"][tp]["committed_offset"] == 31
    assert c.heartbeat("", 1, "m") == kw.INVALID_GROUP_ID
    assert c.sync_group("", 1, "m")["error_code"] == kw.INVALID_GROUP_ID
    assert c.leave_group("", ["m"])["error_code"] == kw.INVALID_GROUP_ID
    assert c.leave_group("", ["m"], version=1)["error_code"] == kw.INVALID_GROUP_ID
    try:
        r = c.offset_delete("", {topic: [0]})
        assert r["error_code"] == kw.INVALID_GROUP_ID, r
        assert c.offset_fetch("", {topic: [0]})["offsets"][tp]["committed_offset"] == 31
    finally:
        assert c.delete_groups([""]) == {"": 0}
    assert c.offset_fetch("", {topic: [0]})["offsets"][tp]["committed_offset"] == -1


# ---------------------------------------------------------------------------
# DescribeGroups / ListGroups
# ---------------------------------------------------------------------------

def test_describe_groups_states_and_members(gb, c, members):
    group = unique_name("g")
    a = members(gb, group, "describe-a", instance_id="inst-a")
    b = members(gb, group, "describe-b")
    form_group([a, b], assignments={0: b"asg-a", 1: b"asg-b"})
    unknown = unique_name("nope")
    for v in range(0, 6):
        ds = c.describe_groups([group, unknown], version=v)
        d, u = ds
        assert (d["group_id"], d["error_code"], d["group_state"]) == (group, 0, "Stable"), (v, d)
        assert d["protocol_type"] == "consumer" and d["protocol_data"] == "range"
        got = {m["member_id"]: m for m in d["members"]}
        assert set(got) == {a.member_id, b.member_id}
        ma, mb = got[a.member_id], got[b.member_id]
        assert (ma["client_id"], ma["client_host"]) == ("describe-a", "/127.0.0.1")
        assert (mb["client_id"], mb["client_host"]) == ("describe-b", "/127.0.0.1")
        assert ma["member_metadata"] == a.protocols[0][1]
        assert (ma["member_assignment"], mb["member_assignment"]) == (b"asg-a", b"asg-b")
        if v >= 4:
            assert (ma["group_instance_id"], mb["group_instance_id"]) == ("inst-a", None)
        if v >= 3:
            assert d["authorized_operations"] == -2147483648  # not requested
        assert (u["group_id"], u["error_code"], u["group_state"]) == (unknown, 0, "Dead"), u
        assert u["members"] == []

    # PreparingRebalance: members listed without metadata or assignment. (A
    # follower rejoining with unchanged metadata would just get the current
    # generation back; new metadata starts a rebalance.)
    b.protocols = [("range", sub("t", "u"))]
    b.send_join()
    assert_parked(b.c, 0.2)
    d = c.describe_group(group)
    assert d["group_state"] == "PreparingRebalance" and d["protocol_data"] == ""
    assert {m["member_id"] for m in d["members"]} == {a.member_id, b.member_id}
    assert all(m["member_metadata"] == b"" and m["member_assignment"] == b""
               for m in d["members"])
    a.send_join()
    assert a.recv_join()["error_code"] == 0 and b.recv_join()["error_code"] == 0
    assert c.describe_group(group)["group_state"] == "CompletingRebalance"
    # Everyone leaves: Empty.
    r = c.leave_group(group, [("", "inst-a"), b.member_id])
    assert [x["error_code"] for x in r["members"]] == [0, 0], r
    d = c.describe_group(group)
    assert d["group_state"] == "Empty" and d["members"] == [], d


def test_list_groups_filters(gb, c, members):
    stable = unique_name("ls-stable")
    a = members(gb, stable, "a")
    form_group([a])
    empty = unique_name("ls-empty")
    topic = make_topic(c, 1)
    assert c.offset_commit(empty, {(topic, 0): 1}) == {(topic, 0): 0}
    for v in range(0, 6):
        r = c.list_groups(version=v)
        assert r["error_code"] == 0
        got = {g["group_id"]: g for g in r["groups"]}
        assert got[stable]["protocol_type"] == "consumer"
        assert got[empty]["protocol_type"] == ""
        if v >= 4:
            assert got[stable]["group_state"] == "Stable" and got[empty]["group_state"] == "Empty"
        if v >= 5:
            assert got[stable]["group_type"] == "classic" == got[empty]["group_type"]
    ids = {g["group_id"] for g in c.list_groups(states_filter=["Stable"], version=4)["groups"]}
    assert stable in ids and empty not in ids
    ids = {g["group_id"] for g in c.list_groups(states_filter=["Empty"], version=4)["groups"]}
    assert empty in ids and stable not in ids
    ids = {g["group_id"] for g in c.list_groups(states_filter=["Empty", "Stable"])["groups"]}
    assert {empty, stable} <= ids
    assert c.list_groups(states_filter=["Dead"])["groups"] == []
    ids = {g["group_id"] for g in c.list_groups(types_filter=["classic"])["groups"]}
    assert {empty, stable} <= ids
    assert c.list_groups(types_filter=["consumer"])["groups"] == []
    assert c.list_groups(types_filter=["share"])["groups"] == []



def test_list_groups_filters_ignore_case_and_spaces(gb, c, members):
    """Kafka's GroupMetadataManager.listGroups lower-cases and trims the state
    filters (statesFilter.stream().map(String::toLowerCase).map(String::trim))
    and parses the type filters case-insensitively (GroupType.parse)."""
    stable = unique_name("ls-stable")
    a = members(gb, stable, "a")
    form_group([a])
    empty = unique_name("ls-empty")
    topic = make_topic(c, 1)
    assert c.offset_commit(empty, {(topic, 0): 1}) == {(topic, 0): 0}
    ids = {g["group_id"] for g in c.list_groups(types_filter=["CLASSIC"])["groups"]}
    assert {empty, stable} <= ids
    ids = {g["group_id"] for g in c.list_groups(states_filter=["stable"])["groups"]}
    assert stable in ids and empty not in ids
    ids = {g["group_id"] for g in c.list_groups(states_filter=[" EMPTY "])["groups"]}
    assert empty in ids and stable not in ids


# ---------------------------------------------------------------------------
# DeleteGroups / OffsetDelete
# ---------------------------------------------------------------------------

def test_delete_groups(gb, c, members):
    topic = make_topic(c, 2)
    busy = unique_name("busy")
    a = members(gb, busy, "a", topics=[topic])
    form_group([a])
    empties = [unique_name("del") for _ in range(3)]
    for g in empties:
        assert set(c.offset_commit(g, {(topic, 0): 5, (topic, 1): 6}).values()) == {0}
    missing = unique_name("missing")
    for v, g in zip(range(0, 3), empties):
        res = c.delete_groups([busy, missing, g], version=v)
        assert res == {busy: kw.NON_EMPTY_GROUP, missing: kw.GROUP_ID_NOT_FOUND, g: 0}, (v, res)
        got = c.offset_fetch(g, {topic: [0, 1]})["offsets"]
        assert [p["committed_offset"] for p in got.values()] == [-1, -1]
        assert c.offset_fetch(g, None)["offsets"] == {}
        assert g not in {x["group_id"] for x in c.list_groups()["groups"]}
        assert c.describe_group(g)["group_state"] == "Dead"
        assert c.delete_groups([g]) == {g: kw.GROUP_ID_NOT_FOUND}
    assert a.heartbeat() == kw.NONE
    # A group whose members all left (Empty) can be deleted too.
    assert c.leave_group(busy, [a.member_id])["members"][0]["error_code"] == 0
    assert c.delete_groups([busy]) == {busy: 0}


def test_offset_delete(gb, c, members):
    subscribed, other = make_topic(c, 2), make_topic(c, 1)
    assert c.offset_delete(unique_name("nogroup"), {subscribed: [0]})["error_code"] == \
        kw.GROUP_ID_NOT_FOUND
    group = unique_name("g")
    a = members(gb, group, "a", protocols=[("range", sub(subscribed))])
    form_group([a])
    errs = c.offset_commit(group, {(subscribed, 0): 1, (subscribed, 1): 2, (other, 0): 3},
                           generation_id=a.generation, member_id=a.member_id)
    assert set(errs.values()) == {0}
    r = c.offset_delete(group, {subscribed: [0, 1], other: [0]})
    assert r["error_code"] == 0, r
    got = {(t["name"], p["partition_index"]): p["error_code"]
           for t in r["topics"] for p in t["partitions"]}
    assert got == {(subscribed, 0): kw.GROUP_SUBSCRIBED_TO_TOPIC,
                   (subscribed, 1): kw.GROUP_SUBSCRIBED_TO_TOPIC, (other, 0): 0}, got
    left = c.offset_fetch(group, None)["offsets"]
    assert {k: p["committed_offset"] for k, p in left.items()} == {
        (subscribed, 0): 1, (subscribed, 1): 2}
    # Once the group is empty, the subscribed topic's offsets can go too.
    assert c.leave_group(group, [a.member_id])["members"][0]["error_code"] == 0
    r = c.offset_delete(group, {subscribed: [0]})
    assert r["error_code"] == 0 and r["topics"][0]["partitions"][0]["error_code"] == 0, r
    left = c.offset_fetch(group, None)["offsets"]
    assert {k: p["committed_offset"] for k, p in left.items()} == {(subscribed, 1): 2}
    # Topics or partitions that do not exist (KafkaApis checks them first).
    r = c.offset_delete(group, {"no-such-topic": [0], other: [5]})
    assert r["error_code"] == 0, r
    got = {(t["name"], p["partition_index"]): p["error_code"]
           for t in r["topics"] for p in t["partitions"]}
    assert got == {("no-such-topic", 0): kw.UNKNOWN_TOPIC_OR_PARTITION,
                   (other, 5): kw.UNKNOWN_TOPIC_OR_PARTITION}, got
    # A group of another protocol type with members is NON_EMPTY_GROUP.
    cg = unique_name("connect")
    m = members(gb, cg, "w", protocol_type="connect", protocols=[("default", b"")])
    form_group([m], assignments={0: b""})
    assert c.offset_delete(cg, {other: [0]})["error_code"] == kw.NON_EMPTY_GROUP


def test_offset_delete_unparseable_subscription(gb, c, members):
    """When the members' consumer-protocol metadata cannot be parsed, Kafka does
    not know the subscription and assumes the worst for a "consumer" group
    (ClassicGroup.isSubscribedToTopic: orElse(usesConsumerGroupProtocol()))."""
    topic = make_topic(c, 1)
    group = unique_name("g")
    # Version 0, then a topic count cut short: Kafka's parser hits a buffer
    # underflow (a SchemaException), so the subscription is unknown.
    a = members(gb, group, "a", protocols=[("range", b"\x00\x00\x00")])
    form_group([a])
    errs = c.offset_commit(group, {(topic, 0): 9}, generation_id=a.generation,
                           member_id=a.member_id)
    assert errs == {(topic, 0): 0}
    r = c.offset_delete(group, {topic: [0]})
    assert r["error_code"] == 0, r
    assert r["topics"][0]["partitions"][0]["error_code"] == kw.GROUP_SUBSCRIBED_TO_TOPIC, r
    assert c.offset_fetch(group, {topic: [0]})["offsets"][(topic, 0)]["committed_offset"] == 9


# ---------------------------------------------------------------------------
# __consumer_offsets
# ---------------------------------------------------------------------------

def offsets_records(c, group):
    """Every __consumer_offsets record of `group`, decoded, in log order."""
    part = kw.offsets_partition_for(group, OFFSETS_PARTITIONS)
    out = []
    for rec in c.fetch_all(OFFSETS_TOPIC, part):
        kind, key, value = kw.parse_offsets_record(rec["key"], rec["value"])
        if key.get("group") == group:
            out.append((kind, key, value, rec))
    return out


def test_consumer_offsets_topic_is_internal(c):
    t = c.metadata([OFFSETS_TOPIC], allow_auto_topic_creation=False)["topics"][0]
    assert t["error_code"] == 0 and t["is_internal"] is True, t
    assert sorted(p["partition_index"] for p in t["partitions"]) == list(range(OFFSETS_PARTITIONS))
    every = {x["name"]: x for x in c.metadata(None)["topics"]}
    assert every[OFFSETS_TOPIC]["is_internal"] is True
    p = c.produce(OFFSETS_TOPIC, 0, [b"not a group record"])
    assert p["error_code"] == kw.INVALID_TOPIC_EXCEPTION, p


def test_consumer_offsets_records(gb, c, members):
    topic = make_topic(c, 2)
    group = "grüppe-✓-𝄞-" + unique_name("")
    part = kw.offsets_partition_for(group)
    assert part == abs(kw.java_string_hashcode(group)) % 50
    errs = c.offset_commit(group, {(topic, 1): {"offset": 42, "leader_epoch": 4,
                                                "metadata": "meta-✓"}})
    assert errs == {(topic, 1): 0}
    recs = offsets_records(c, group)
    assert len(recs) == 1, recs
    kind, key, value, raw = recs[0]
    assert kind == "offset" and key == {"group": group, "topic": topic, "partition": 1,
                                        "version": 1}, key
    assert value["version"] == 3, value
    assert (value["offset"], value["leader_epoch"], value["metadata"]) == (42, 4, "meta-✓")
    assert abs(value["commit_timestamp"] - time.time() * 1000) < 60000, value

    # A completed rebalance writes the group's metadata (key version 2, value v3).
    a = members(gb, group, "rec-a", topics=[topic], session_timeout_ms=7000,
                rebalance_timeout_ms=8000)
    b = members(gb, group, "rec-b", topics=[topic], instance_id="rec-inst")
    asg = {0: consumer_assignment({topic: [0]}), 1: consumer_assignment({topic: [1]})}
    leader = form_group([a, b], assignments=asg)
    groups = [(k, v) for kind, k, v, _ in offsets_records(c, group) if kind == "group"]
    assert groups, "no GroupMetadata record after the rebalance"
    key, value = groups[-1]
    assert key == {"group": group, "version": 2}
    assert value["version"] == 3, value
    assert (value["protocol_type"], value["generation"], value["protocol"], value["leader"]) == (
        "consumer", a.generation, "range", leader.member_id), value
    ms = {m["member_id"]: m for m in value["members"]}
    assert set(ms) == {a.member_id, b.member_id}
    ma, mb = ms[a.member_id], ms[b.member_id]
    assert (ma["client_id"], ma["client_host"], ma["group_instance_id"]) == (
        "rec-a", "/127.0.0.1", None)
    assert (ma["session_timeout"], ma["rebalance_timeout"]) == (7000, 8000)
    assert mb["group_instance_id"] == "rec-inst"
    assert ma["subscription"] == a.protocols[0][1] and mb["subscription"] == b.protocols[0][1]
    assert (ma["assignment"], mb["assignment"]) == (asg[0], asg[1])

    # Everyone leaves, the group is deleted: tombstones for the offset and the group.
    r = c.leave_group(group, [a.member_id, ("", "rec-inst")])
    assert [x["error_code"] for x in r["members"]] == [0, 0], r
    # The group became Empty through a (memberless) generation of its own.
    groups = [v for kind, _, v, _ in offsets_records(c, group) if kind == "group"]
    assert (groups[-1]["generation"], groups[-1]["protocol"], groups[-1]["leader"],
            groups[-1]["members"], groups[-1]["protocol_type"]) == (
        a.generation + 1, None, None, [], "consumer"), groups[-1]
    assert c.delete_groups([group]) == {group: 0}
    recs = offsets_records(c, group)
    offsets_tomb = [k for kind, k, v, _ in recs if kind == "offset" and v is None]
    group_tomb = [k for kind, k, v, _ in recs if kind == "group" and v is None]
    assert offsets_tomb == [{"group": group, "topic": topic, "partition": 1, "version": 1}], recs
    assert len(group_tomb) == 1
    # The tombstones are the group's last records.
    assert sorted(kind for kind, _, v, _ in recs[-2:] if v is None) == ["group", "offset"], recs


def test_offsets_retention(gb, c):
    topic = make_topic(c, 1)
    short, keep = unique_name("short"), unique_name("keep")
    assert c.offset_commit(short, {(topic, 0): 11}, version=2, retention_time_ms=500) == {
        (topic, 0): 0}
    assert c.offset_commit(keep, {(topic, 0): 22}, version=2, retention_time_ms=-1) == {
        (topic, 0): 0}
    # Kafka writes an explicit expiry as OffsetCommitValue version 1.
    (_, _, v, _), = offsets_records(c, short)
    assert v["version"] == 1 and v["expire_timestamp"] == v["commit_timestamp"] + 500, v

    def gone():
        return c.offset_fetch(short, {topic: [0]})["offsets"][(topic, 0)]["committed_offset"] == -1

    t0 = time.monotonic()
    wait_until(gone, timeout=5.0, interval=0.1, what="expiry of a 500 ms retention")
    assert time.monotonic() - t0 >= 0.2
    wait_until(lambda: short not in {g["group_id"] for g in c.list_groups()["groups"]},
               timeout=5.0, what="the expired group to disappear")
    assert c.describe_group(short)["group_state"] == "Dead"
    assert c.offset_fetch(keep, {topic: [0]})["offsets"][(topic, 0)]["committed_offset"] == 22
    assert keep in {g["group_id"] for g in c.list_groups()["groups"]}
    # The expiry is in the log too: a tombstone for the offset.
    recs = offsets_records(c, short)
    assert any(kind == "offset" and v is None for kind, _, v, _ in recs), recs


# ---------------------------------------------------------------------------
# Restart
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["clean", "kill9"])
def test_groups_survive_restart(make_broker, how):
    b = make_broker(overrides=GROUP_OVERRIDES)
    b.start()
    with client(b, "admin") as c:
        topic = make_topic(c, 2)
        solo, managed = unique_name("solo"), unique_name("managed")
        assert c.offset_commit(solo, {(topic, 0): 5, (topic, 1): {"offset": 6, "metadata": "m",
                                                                   "leader_epoch": 2}}) == {
            (topic, 0): 0, (topic, 1): 0}
        ms = [Member(b, managed, f"r{i}", topics=[topic], session_timeout_ms=30000)
              for i in range(2)]
        try:
            form_group(ms, assignments={0: b"A0", 1: b"A1"})
            gen = ms[0].generation
            assert c.offset_commit(managed, {(topic, 0): 77}, generation_id=gen,
                                   member_id=ms[0].member_id) == {(topic, 0): 0}
        finally:
            for m in ms:
                m.close()
    if how == "clean":
        b.restart()
    else:
        b.kill()
        b.start()
    with client(b, "admin") as c:
        def loaded():
            return c.offset_fetch(solo, None)["error_code"] == 0
        wait_until(loaded, what="the coordinator to load")
        o = c.offset_fetch(solo, None)["offsets"]
        assert {k: (p["committed_offset"], p["metadata"], p["committed_leader_epoch"])
                for k, p in o.items()} == {(topic, 0): (5, "", -1), (topic, 1): (6, "m", 2)}
        o = c.offset_fetch(managed, None)["offsets"]
        assert {k: p["committed_offset"] for k, p in o.items()} == {(topic, 0): 77}
        d = c.describe_group(managed)
        assert d["group_state"] in ("Stable", "Empty"), d
        if d["group_state"] == "Stable":
            assert {m["member_id"]: m["member_assignment"] for m in d["members"]} == {
                ms[0].member_id: b"A0", ms[1].member_id: b"A1"}
            assert d["protocol_data"] == "range"
            # The restored members carry on with their generation.
            assert c.heartbeat(managed, gen, ms[0].member_id) == kw.NONE
        assert c.describe_group(solo)["group_state"] == "Empty"
        listed = {g["group_id"] for g in c.list_groups()["groups"]}
        assert {solo, managed} <= listed


# ---------------------------------------------------------------------------
# Hostile input
# ---------------------------------------------------------------------------

def test_oversized_join_group_is_refused(gb, c, members):
    group = unique_name("calm")
    a = members(gb, group, "calm-a")
    form_group([a])
    target = unique_name("hostile")
    many = [(f"p{i}", b"m") for i in range(1000)]
    r = c.join_group(target, protocols=many)
    assert r["error_code"] == kw.INVALID_REQUEST, r
    r = c.join_group(target, member_id="", protocols=[("range", b"\x00" * (2 << 20))],
                     timeout=30)
    assert r["error_code"] == kw.INVALID_REQUEST, r
    # At the cap itself it is accepted.
    r = c.join_group(target, protocols=[(f"p{i}", b"m") for i in range(64)])
    assert r["error_code"] == kw.MEMBER_ID_REQUIRED, r
    assert a.heartbeat() == kw.NONE
    d = c.describe_group(group)
    assert d["group_state"] == "Stable" and len(d["members"]) == 1
    assert c.describe_group(target)["group_state"] in ("Dead", "Empty")


def test_sync_group_with_bogus_assignments(gb, c, members):
    group = unique_name("g")
    a = members(gb, group, "a")
    b = members(gb, group, "b")
    a.get_member_id()
    b.get_member_id()
    a.send_join()
    b.send_join()
    assert a.recv_join()["error_code"] == 0 and b.recv_join()["error_code"] == 0
    leader, follower = (a, b) if a.is_leader() else (b, a)
    bogus = [(f"ghost-{i}", b"G" * 16) for i in range(10000)]
    assignments = bogus[:5000] + [(leader.member_id, b"L"), (follower.member_id, b"F")] + \
        bogus[5000:]
    follower.send_sync()
    r = leader.sync(assignments)
    assert r["error_code"] == 0 and r["assignment"] == b"L", r
    rf = follower.recv_sync()
    assert rf["error_code"] == 0 and rf["assignment"] == b"F", rf
    d = c.describe_group(group)
    assert d["group_state"] == "Stable"
    assert {m["member_id"]: m["member_assignment"] for m in d["members"]} == {
        leader.member_id: b"L", follower.member_id: b"F"}
