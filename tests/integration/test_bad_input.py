"""Hostile bytes on the wire: the broker must close the offending connection
(or answer with a Kafka error), never crash, hang or stop serving others, and
finish without a sanitizer report.

All tests share one broker with a small socket.request.max.bytes; the last
test stops it and checks its exit.
"""
import os
import random
import socket
import struct
import time
import zlib

import pytest

import kafka_wire as kw
from kafka_wire import build_batch, unique_name
from samsa_broker import Broker

MAX_REQUEST = 200000


@pytest.fixture(scope="module")
def sb():
    b = Broker(overrides={"socket.request.max.bytes": str(MAX_REQUEST)})
    b.start()
    yield b
    b.close()


@pytest.fixture(scope="module")
def topic(sb):
    name = unique_name("bad")
    with kw.client(sb.bootstrap) as c:
        assert c.create_topic(name, 2)["error_code"] == 0
        c.wait_topic(name)
    return name


def assert_alive(b):
    """A new connection still gets ApiVersions and Metadata answered."""
    assert b.proc is not None and b.proc.poll() is None, "broker died:\n" + b.log_text()[-4000:]
    with kw.client(b.bootstrap, timeout=10) as c:
        assert c.api_versions(3)["error_code"] == 0
        md = c.metadata(None, version=12)
        assert len(md["brokers"]) == 1


def raw_conn(b):
    s = socket.create_connection(("127.0.0.1", b.port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def closed_within(s, timeout=5.0):
    """Reads (dropping data) until EOF/reset; True if that happens in time."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        s.settimeout(left)
        try:
            if not s.recv(65536):
                return True
        except socket.timeout:
            return False
        except (ConnectionResetError, BrokenPipeError):
            return True


def send_and_expect_close(b, data, timeout=5.0):
    s = raw_conn(b)
    try:
        try:
            s.sendall(data)
        except (ConnectionResetError, BrokenPipeError):
            return  # closed even before we finished: fine
        assert closed_within(s, timeout), f"connection not closed after {data[:40]!r}..."
    finally:
        s.close()


def valid_request(api, version, body, corr=1):
    return kw.encode_request(api, version, corr, body)


# ---------------------------------------------------------------------------
# Framing
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("size", [-1, -2 ** 31, 0, 1, 3])
def test_bad_frame_sizes_close(sb, size):
    send_and_expect_close(sb, struct.pack(">i", size) + b"\0" * 8)
    assert_alive(sb)


@pytest.mark.parametrize("size", [MAX_REQUEST + 1, 2 ** 31 - 1, 10 ** 9])
def test_frame_larger_than_socket_request_max_bytes_closes(sb, size):
    # Only the size prefix and a header are sent: the broker must not wait
    # for (or allocate) the announced bytes.
    hdr = kw.encode_request_header(kw.METADATA, 12, 1)
    mark = len(sb.log_text())
    send_and_expect_close(sb, struct.pack(">i", size) + hdr)
    assert_alive(sb)
    # The broker says why it closed the connection.
    assert len(sb.log_text()) > mark, "no log line for an oversized request"


def test_request_at_limit_is_served(sb, topic):
    # A produce just under socket.request.max.bytes is read and answered.
    with kw.client(sb.bootstrap) as c:
        batch = build_batch([os.urandom(MAX_REQUEST - 1000)])
        body = c.produce_body(topic, 1, batch)
        frame = kw.encode_request(kw.PRODUCE, 9, 5, body)
        assert len(frame) - 4 <= MAX_REQUEST
        c.send_raw(frame)
        resp = c.recv(kw.PRODUCE, 9, 5)
        (p,) = resp["responses"][0]["partition_responses"]
        # message.max.bytes default (1 MB) is larger, so this is accepted.
        assert p["error_code"] == 0, p


def test_truncated_frame_then_eof(sb):
    full = valid_request(kw.METADATA, 12, {"topics": None})
    for cut in (2, 4, 6, 12, len(full) - 1):
        s = raw_conn(sb)
        s.sendall(full[:cut])
        s.shutdown(socket.SHUT_WR)
        assert closed_within(s), cut
        s.close()
    assert_alive(sb)


def test_truncated_header_in_complete_frame(sb):
    # A frame whose payload is shorter than the request header.
    for payload in (b"\x00\x12", b"\x00\x12\x00\x03\x00\x00", b"\x00\x03\x00\x0c\x00\x00\x00\x01"
                    b"\x00\x05ab"):
        send_and_expect_close(sb, kw.frame(payload))
    assert_alive(sb)


def test_truncated_body_closes(sb, topic):
    for api, v, body in [
        (kw.METADATA, 12, {"topics": [{"name": topic}]}),
        (kw.PRODUCE, 9, {"acks": 1, "timeout_ms": 1000, "topic_data": [
            {"name": topic, "partition_data": [{"index": 0, "records": build_batch([b"x"])}]}]}),
        (kw.CREATE_TOPICS, 7, {"topics": [{"name": "trunc", "num_partitions": 1,
                                           "replication_factor": 1}]}),
        (kw.FETCH, 12, kw.fetch_request(topic, 0, 0)),
        (kw.LIST_OFFSETS, 7, {"topics": [{"name": topic, "partitions": [
            {"partition_index": 0, "timestamp": -1}]}]}),
    ]:
        hdr = kw.encode_request_header(api, v, 3)
        body_bytes = kw.encode_body(api, v, body)
        for cut in (1, len(body_bytes) // 2, len(body_bytes) - 1):
            send_and_expect_close(sb, kw.frame(hdr + body_bytes[:cut]))
    assert_alive(sb)
    with kw.client(sb.bootstrap) as c:
        (t,) = c.metadata(["trunc"], allow_auto_topic_creation=False)["topics"]
        assert t["error_code"] == kw.UNKNOWN_TOPIC_OR_PARTITION  # nothing half-created


def test_huge_lengths_inside_body_close(sb):
    hdr = kw.encode_request_header(kw.CREATE_TOPICS, 7, 9)
    # topics compact array claiming 2^31 elements, then nothing
    send_and_expect_close(sb, kw.frame(hdr + kw.uvarint(2 ** 31)))
    # a compact string length of 2^32 in Metadata v12
    hdr = kw.encode_request_header(kw.METADATA, 12, 9)
    send_and_expect_close(sb, kw.frame(hdr + b"\x02" + kw.random_uuid() + kw.uvarint(2 ** 32)))
    # an over-long varint (11 continuation bytes)
    send_and_expect_close(sb, kw.frame(hdr + b"\xff" * 11 + b"\x01"))
    # classic array with length -5 / 0x7fffffff in Metadata v1
    hdr = kw.encode_request_header(kw.METADATA, 1, 9)
    send_and_expect_close(sb, kw.frame(hdr + struct.pack(">i", 0x7FFFFFFF)))
    # a client id longer than the frame
    bad_hdr = struct.pack(">hhih", kw.METADATA, 1, 9, 30000) + b"abc"
    send_and_expect_close(sb, kw.frame(bad_hdr))
    # a tagged field whose size runs past the end (header v2)
    hdr = kw.encode_request_header(kw.METADATA, 12, 9)[:-1] + b"\x01\x00\x7f"
    send_and_expect_close(sb, kw.frame(hdr))
    assert_alive(sb)


@pytest.mark.parametrize("api,version", [(9999, 0), (-1, 0), (kw.METADATA, 13),
                                         (kw.FETCH, 3), (kw.FETCH, 18), (kw.PRODUCE, 12),
                                         (kw.LIST_OFFSETS, 0), (kw.CREATE_TOPICS, 1),
                                         (kw.DELETE_TOPICS, 0), (kw.DESCRIBE_CONFIGS, 0),
                                         (kw.DESCRIBE_CLUSTER, 2), (4, 0), (67, 0)])
def test_wrong_api_keys_and_versions(sb, api, version):
    """Unknown API or unsupported version: closed, or answered with the same
    correlation id — never a hang or crash."""
    s = raw_conn(sb)
    hdr = kw.encode_request_header(api, version, 4242, header_version=1)
    s.sendall(kw.frame(hdr + b"\x00" * 16))
    s.settimeout(5)
    data = b""
    try:
        while len(data) < 8:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    s.close()
    if data:
        assert len(data) >= 8, data
        assert struct.unpack(">i", data[4:8])[0] == 4242, data
    assert_alive(sb)


# ---------------------------------------------------------------------------
# Garbage record batches inside a well-formed Produce
# ---------------------------------------------------------------------------

def _produce_garbage(sb, topic, records):
    """Returns the partition error code, or None if the connection was closed."""
    with kw.client(sb.bootstrap) as c:
        try:
            p = c.produce(topic, 0, records)
        except kw.ConnectionClosed:
            return None
        return p["error_code"]


def _leo(sb, topic, partition=0):
    with kw.client(sb.bootstrap) as c:
        return c.list_offsets(topic, partition, kw.LATEST)["offset"]


def test_garbage_record_batches(sb, topic):
    rnd = random.Random(1234)
    good = build_batch([b"alpha", b"beta"])
    too_long = bytearray(good)
    struct.pack_into(">i", too_long, 8, len(good) + 500)  # batch length points outside
    too_short = bytearray(good)
    struct.pack_into(">i", too_short, 8, 10)  # shorter than a batch header
    negative = bytearray(good)
    struct.pack_into(">i", negative, 8, -20)
    magic1 = bytearray(good)
    magic1[16] = 1
    count_lie = bytearray(build_batch([b"x"]))
    struct.pack_into(">i", count_lie, 57, 1000)  # record count says 1000
    count_lie[17:21] = struct.pack(">I", kw.crc32c(bytes(count_lie[21:])))
    neg_count = bytearray(build_batch([b"x"]))
    struct.pack_into(">i", neg_count, 57, -1)
    neg_count[17:21] = struct.pack(">I", kw.crc32c(bytes(neg_count[21:])))
    # A gzip member whose deflate data starts with a reserved block type (0b11):
    # the batch CRC is right, the records cannot be decompressed.
    bad_gzip = bytearray(build_batch([b"y" * 100], compression=kw.COMPRESSION_GZIP))
    bad_gzip[kw.BATCH_HEADER_SIZE + 10:] = b"\xff" * (len(bad_gzip) - kw.BATCH_HEADER_SIZE - 10)
    bad_gzip[17:21] = struct.pack(">I", kw.crc32c(bytes(bad_gzip[21:])))
    with pytest.raises(zlib.error):
        zlib.decompress(bytes(bad_gzip[kw.BATCH_HEADER_SIZE:]), 31)
    cases = {
        "random": bytes(rnd.getrandbits(8) for _ in range(300)),
        "truncated": good[:40],
        "truncated_body": good[:-5],
        "length_outside": bytes(too_long),
        "length_too_short": bytes(too_short),
        "length_negative": bytes(negative),
        "magic1": bytes(magic1),
        "record_count_lie": bytes(count_lie),
        "record_count_negative": bytes(neg_count),
        "bad_gzip_valid_crc": bytes(bad_gzip),
        "empty": b"",
    }
    accepted = {kw.CORRUPT_MESSAGE, kw.INVALID_RECORD, kw.INVALID_REQUEST}
    before = _leo(sb, topic)
    wrong = []
    for name, records in cases.items():
        code = _produce_garbage(sb, topic, records)
        if not (code is None or code in accepted):
            wrong.append((name, kw.error_name(code)))
        if _leo(sb, topic) != before:
            wrong.append((name, "appended"))
            before = _leo(sb, topic)
        assert_alive(sb)
    assert not wrong, wrong
    # Kafka trims a partial tail shorter than a batch header and appends the
    # batch before it; rejecting the whole payload is fine too.
    code = _produce_garbage(sb, topic, good + b"\x00\x01\x02")
    if code == 0:
        before += 2
    else:
        assert code is None or code in accepted, kw.error_name(code)
    assert _leo(sb, topic) == before
    # A null records field, too.
    code = _produce_garbage(sb, topic, None)
    assert code is None or code in accepted, kw.error_name(code)
    with kw.client(sb.bootstrap) as c:  # the partition still works
        p = c.produce(topic, 0, good)
        assert p["error_code"] == 0 and p["base_offset"] == before
        recs = c.fetch_all(topic, 0, start=before)
        assert [r["value"] for r in recs] == [b"alpha", b"beta"]


# ---------------------------------------------------------------------------
# Slow and stalled clients
# ---------------------------------------------------------------------------

def test_half_request_stall_does_not_block_others(sb, topic):
    full = valid_request(kw.METADATA, 12, {"topics": [{"name": topic}],
                                           "allow_auto_topic_creation": False}, corr=31)
    stalled = raw_conn(sb)
    stalled.sendall(full[:7])  # size, and 3 bytes of the header
    t0 = time.monotonic()
    for _ in range(10):
        assert_alive(sb)
    with kw.client(sb.bootstrap) as c:
        p = c.produce(topic, 1, [b"while stalled"])
        assert p["error_code"] == 0
    assert time.monotonic() - t0 < 30
    # The stalled client finishes its request and gets its answer.
    stalled.sendall(full[7:])
    conn = kw.Client.from_socket(stalled)
    body = conn.recv(kw.METADATA, 12, 31)
    (t,) = body["topics"]
    assert t["error_code"] == 0 and t["name"] == topic
    stalled.close()


def test_byte_by_byte_request(sb):
    full = (valid_request(kw.API_VERSIONS, 3, {}, corr=5)
            + valid_request(kw.METADATA, 12, {"topics": None}, corr=6))
    s = raw_conn(sb)
    for i in range(len(full)):
        s.sendall(full[i:i + 1])
    conn = kw.Client.from_socket(s)
    assert conn.recv(kw.API_VERSIONS, 3, 5)["error_code"] == 0
    assert len(conn.recv(kw.METADATA, 12, 6)["brokers"]) == 1
    s.close()


def test_many_idle_connections(sb):
    socks = [raw_conn(sb) for _ in range(100)]
    assert_alive(sb)
    for s in socks:
        s.close()
    assert_alive(sb)


# ---------------------------------------------------------------------------
# Seeded fuzz
# ---------------------------------------------------------------------------

def _seed_requests(topic):
    fetch_body = kw.fetch_request(topic, 0, 0)
    return [
        (kw.API_VERSIONS, 3, {"client_software_name": "f", "client_software_version": "1"}),
        (kw.API_VERSIONS, 0, {}),
        (kw.METADATA, 12, {"topics": [{"name": topic}], "allow_auto_topic_creation": False}),
        (kw.METADATA, 4, {"topics": None, "allow_auto_topic_creation": False}),
        (kw.PRODUCE, 9, {"acks": 1, "timeout_ms": 1000, "topic_data": [
            {"name": topic, "partition_data": [{"index": 1, "records": build_batch(
                [b"fuzz", {"key": b"k", "value": b"v", "headers": [("h", b"1")]}])}]}]}),
        (kw.PRODUCE, 3, {"acks": -1, "timeout_ms": 1000, "topic_data": [
            {"name": topic, "partition_data": [{"index": 1, "records": build_batch(
                [b"gz"] * 3, compression=kw.COMPRESSION_GZIP)}]}]}),
        (kw.FETCH, 12, fetch_body),
        (kw.LIST_OFFSETS, 7, {"topics": [{"name": topic, "partitions": [
            {"partition_index": 0, "timestamp": -2}]}]}),
        (kw.CREATE_TOPICS, 7, {"topics": [{"name": "fz", "num_partitions": 1,
                                           "replication_factor": 1}], "validate_only": True}),
        (kw.CREATE_PARTITIONS, 3, {"topics": [{"name": topic, "count": 2, "assignments": None}],
                                   "validate_only": True}),
        (kw.DESCRIBE_CONFIGS, 4, {"resources": [{"resource_type": 2, "resource_name": topic,
                                                 "configuration_keys": None}]}),
        (kw.DESCRIBE_CLUSTER, 1, {}),
    ]


def _mutate(rnd, data):
    data = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        op = rnd.randrange(5)
        if op == 0 and data:  # flip bits
            i = rnd.randrange(len(data))
            data[i] ^= 1 << rnd.randrange(8)
        elif op == 1 and data:  # set an interesting byte
            i = rnd.randrange(len(data))
            data[i] = rnd.choice([0x00, 0x7F, 0x80, 0xFF, 0x01])
        elif op == 2 and len(data) > 1:  # truncate
            del data[rnd.randrange(1, len(data)):]
        elif op == 3:  # insert random bytes
            i = rnd.randrange(len(data) + 1)
            data[i:i] = bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 8)))
        elif op == 4 and len(data) >= 4:  # overwrite an int32 with an extreme value
            i = rnd.randrange(len(data) - 3)
            data[i:i + 4] = struct.pack(">i", rnd.choice([-1, 0, 2 ** 31 - 1, -2 ** 31, 65536]))
    return bytes(data)


def test_fuzz_frames(sb, topic):
    rnd = random.Random(20240601)
    seeds = _seed_requests(topic)
    deleted_guard = unique_name("guard")
    with kw.client(sb.bootstrap) as c:
        assert c.create_topic(deleted_guard)["error_code"] == 0
    hung = []
    for i in range(1000):
        kind = rnd.randrange(3)
        if kind == 0:  # random payload with a correct size prefix
            payload = bytes(rnd.getrandbits(8) for _ in range(rnd.randint(0, 64)))
            data = kw.frame(payload)
        else:
            api, v, body = rnd.choice(seeds)
            payload = kw.encode_request_header(api, v, i) + kw.encode_body(api, v, body)
            if kind == 1:  # mutate the payload, keep a consistent size prefix
                data = kw.frame(_mutate(rnd, payload))
            else:  # mutate the whole frame, size prefix included
                data = _mutate(rnd, kw.frame(payload))
        s = raw_conn(sb)
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except (ConnectionResetError, BrokenPipeError):
            s.close()
            continue
        if not closed_within(s, 5):
            # A fetch whose mutated max_wait_ms/min_bytes park it may hold the
            # connection (Kafka reads nothing more until it answers).
            if not (len(data) >= 6 and data[4:6] == b"\x00\x01"):
                hung.append((i, data[:64]))
        s.close()
        if i % 100 == 99:
            assert_alive(sb)
    assert not hung, f"connections left open after EOF: {hung[:5]}"
    assert_alive(sb)


def test_zz_broker_survived_and_stops_cleanly(sb):
    assert_alive(sb)
    rc = sb.stop()  # asserts exit 0 and no sanitizer report in the log
    assert rc == 0
