"""A small raw Kafka protocol client for Samsa's integration tests (stdlib only).

It speaks the wire format directly so tests can send exactly the bytes they
want, including malformed ones, and check exact error codes:

- primitives: `Writer` / `Reader` (big-endian ints, unsigned varints for
  compact lengths and tags, zig-zag varints for records, classic and compact
  strings/bytes/arrays, UUIDs, tagged-field sections);
- a schema-driven codec: `SCHEMAS` below mirrors Apache Kafka's message JSON
  schemas (clients/src/main/resources/common/message/*.json) field by field,
  with the same versions, nullable versions, tags and defaults, for the APIs
  the tests use; `encode_body` / `decode_body` walk those field lists;
- framing: request header v1/v2, response header v0/v1 (ApiVersions always v0),
  `Connection` with send/recv split so tests can pipeline or stall;
- RecordBatch v2: `build_batch` (CRC-32C, optional gzip) and `parse_batches`.

Field names are the schema names in snake_case (`ErrorCode` -> `error_code`).
A request body is a dict; a missing field takes the schema default. Decoded
responses are dicts with every field of that version present; tagged fields
that were not sent hold their default, unknown tags land in `_unknown_tags`.
"""
import base64
import gzip
import socket
import struct
import time
import uuid as uuid_mod
import zlib

# ----------------------------------------------------------------------------
# API keys and error codes (Kafka's numbering)
# ----------------------------------------------------------------------------

PRODUCE = 0
FETCH = 1
LIST_OFFSETS = 2
METADATA = 3
API_VERSIONS = 18
CREATE_TOPICS = 19
DELETE_TOPICS = 20
DESCRIBE_CONFIGS = 32
CREATE_PARTITIONS = 37
DESCRIBE_CLUSTER = 60
# Consumer-group APIs (classic protocol) and committed offsets.
OFFSET_COMMIT = 8
OFFSET_FETCH = 9
FIND_COORDINATOR = 10
JOIN_GROUP = 11
HEARTBEAT = 12
LEAVE_GROUP = 13
SYNC_GROUP = 14
DESCRIBE_GROUPS = 15
LIST_GROUPS = 16
DELETE_GROUPS = 42
OFFSET_DELETE = 47
DELETE_RECORDS = 21
INCREMENTAL_ALTER_CONFIGS = 44
INIT_PRODUCER_ID = 22
DESCRIBE_PRODUCERS = 61
ADD_PARTITIONS_TO_TXN = 24
DESCRIBE_TRANSACTIONS = 65
LIST_TRANSACTIONS = 66
END_TXN = 26
ALTER_CONFIGS = 33
DESCRIBE_LOG_DIRS = 35

ERRORS = {
    "UNKNOWN_SERVER_ERROR": -1,
    "NONE": 0,
    "OFFSET_OUT_OF_RANGE": 1,
    "CORRUPT_MESSAGE": 2,
    "UNKNOWN_TOPIC_OR_PARTITION": 3,
    "INVALID_FETCH_SIZE": 4,
    "LEADER_NOT_AVAILABLE": 5,
    "NOT_LEADER_OR_FOLLOWER": 6,
    "REQUEST_TIMED_OUT": 7,
    "MESSAGE_TOO_LARGE": 10,
    "OFFSET_METADATA_TOO_LARGE": 12,
    "COORDINATOR_LOAD_IN_PROGRESS": 14,
    "COORDINATOR_NOT_AVAILABLE": 15,
    "NOT_COORDINATOR": 16,
    "INVALID_TOPIC_EXCEPTION": 17,
    "RECORD_LIST_TOO_LARGE": 18,
    "INVALID_REQUIRED_ACKS": 21,
    "ILLEGAL_GENERATION": 22,
    "INCONSISTENT_GROUP_PROTOCOL": 23,
    "INVALID_GROUP_ID": 24,
    "UNKNOWN_MEMBER_ID": 25,
    "INVALID_SESSION_TIMEOUT": 26,
    "REBALANCE_IN_PROGRESS": 27,
    "INVALID_COMMIT_OFFSET_SIZE": 28,
    "INVALID_TIMESTAMP": 32,
    "UNSUPPORTED_VERSION": 35,
    "TOPIC_ALREADY_EXISTS": 36,
    "INVALID_PARTITIONS": 37,
    "INVALID_REPLICATION_FACTOR": 38,
    "INVALID_REPLICA_ASSIGNMENT": 39,
    "INVALID_CONFIG": 40,
    "INVALID_REQUEST": 42,
    "OUT_OF_ORDER_SEQUENCE_NUMBER": 45,
    "DUPLICATE_SEQUENCE_NUMBER": 46,
    "INVALID_PRODUCER_EPOCH": 47,
    "INVALID_TXN_STATE": 48,
    "INVALID_PRODUCER_ID_MAPPING": 49,
    "INVALID_TRANSACTION_TIMEOUT": 50,
    "CONCURRENT_TRANSACTIONS": 51,
    "TRANSACTION_COORDINATOR_FENCED": 52,
    "OPERATION_NOT_ATTEMPTED": 55,
    "PRODUCER_FENCED": 90,
    "TRANSACTIONAL_ID_NOT_FOUND": 105,
    "POLICY_VIOLATION": 44,
    "NON_EMPTY_GROUP": 68,
    "GROUP_ID_NOT_FOUND": 69,
    "UNSUPPORTED_COMPRESSION_TYPE": 76,
    "MEMBER_ID_REQUIRED": 79,
    "GROUP_MAX_SIZE_REACHED": 81,
    "FENCED_INSTANCE_ID": 82,
    "GROUP_SUBSCRIBED_TO_TOPIC": 86,
    "INVALID_RECORD": 87,
    "UNSTABLE_OFFSET_COMMIT": 88,
    "UNKNOWN_TOPIC_ID": 100,
    "INCONSISTENT_TOPIC_ID": 103,
}
globals().update(ERRORS)  # so tests can write kafka_wire.CORRUPT_MESSAGE
ERROR_NAMES = {v: k for k, v in ERRORS.items()}


def error_name(code):
    return ERROR_NAMES.get(code, str(code))


class ConnectionClosed(Exception):
    """The broker closed the connection (EOF or reset)."""


class DecodeError(Exception):
    """A response did not parse."""


# ----------------------------------------------------------------------------
# Primitive encoders / decoders
# ----------------------------------------------------------------------------

def zigzag(n):
    return (n << 1) ^ (n >> 63)


def unzigzag(n):
    return (n >> 1) ^ -(n & 1)


def uvarint(n):
    """Unsigned LEB128 varint (compact lengths, tags)."""
    if n < 0:
        raise ValueError("uvarint of negative number")
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def varint(n):
    """Signed zig-zag varint (record fields)."""
    return uvarint(zigzag(n) & 0xFFFFFFFFFFFFFFFF)


class Writer:
    """Appends protocol primitives to a bytearray; `flexible` selects compact encodings."""

    def __init__(self, flexible=False):
        self.buf = bytearray()
        self.flexible = flexible

    def raw(self, b):
        self.buf += b
        return self

    def int8(self, v):
        return self.raw(struct.pack(">b", v))

    def int16(self, v):
        return self.raw(struct.pack(">h", v))

    def int32(self, v):
        return self.raw(struct.pack(">i", v))

    def int64(self, v):
        return self.raw(struct.pack(">q", v))

    def uint16(self, v):
        return self.raw(struct.pack(">H", v))

    def uint32(self, v):
        return self.raw(struct.pack(">I", v))

    def float64(self, v):
        return self.raw(struct.pack(">d", v))

    def bool(self, v):
        return self.int8(1 if v else 0)

    def uvarint(self, v):
        return self.raw(uvarint(v))

    def varint(self, v):
        return self.raw(varint(v))

    def uuid(self, v):
        b = uuid_bytes(v)
        if len(b) != 16:
            raise ValueError("uuid must be 16 bytes")
        return self.raw(b)

    def length(self, n):
        """Length prefix of a string/bytes/array; n = -1 means null."""
        if self.flexible:
            return self.uvarint(n + 1)
        return self.int32(n)

    def string(self, s):
        if s is None:
            return self.uvarint(0) if self.flexible else self.int16(-1)
        b = s.encode() if isinstance(s, str) else bytes(s)
        if self.flexible:
            self.uvarint(len(b) + 1)
        else:
            self.int16(len(b))
        return self.raw(b)

    def bytes(self, b):
        if b is None:
            return self.length(-1)
        self.length(len(b))
        return self.raw(b)

    def empty_tags(self):
        return self.uvarint(0)


class Reader:
    """Reads protocol primitives; raises DecodeError past the end."""

    def __init__(self, data, flexible=False):
        self.data = bytes(data)
        self.pos = 0
        self.flexible = flexible

    def remaining(self):
        return len(self.data) - self.pos

    def raw(self, n):
        if n < 0 or self.pos + n > len(self.data):
            raise DecodeError(f"need {n} bytes at {self.pos}, have {self.remaining()}")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def _unpack(self, fmt, n):
        return struct.unpack(fmt, self.raw(n))[0]

    def int8(self):
        return self._unpack(">b", 1)

    def int16(self):
        return self._unpack(">h", 2)

    def int32(self):
        return self._unpack(">i", 4)

    def int64(self):
        return self._unpack(">q", 8)

    def uint16(self):
        return self._unpack(">H", 2)

    def uint32(self):
        return self._unpack(">I", 4)

    def float64(self):
        return self._unpack(">d", 8)

    def bool(self):
        return self.int8() != 0

    def uvarint(self):
        shift = 0
        n = 0
        while True:
            b = self.raw(1)[0]
            n |= (b & 0x7F) << shift
            if not b & 0x80:
                return n
            shift += 7
            if shift > 63:
                raise DecodeError("varint too long")

    def varint(self):
        return unzigzag(self.uvarint())

    def uuid(self):
        return self.raw(16)

    def length(self):
        if self.flexible:
            return self.uvarint() - 1
        return self.int32()

    def string(self):
        n = self.uvarint() - 1 if self.flexible else self.int16()
        if n < 0:
            return None
        return self.raw(n).decode("utf-8", "replace")

    def bytes(self):
        n = self.length()
        if n < 0:
            return None
        return self.raw(n)


# ----------------------------------------------------------------------------
# UUIDs (topic ids)
# ----------------------------------------------------------------------------

ZERO_UUID = bytes(16)


def uuid_bytes(v):
    if isinstance(v, uuid_mod.UUID):
        return v.bytes
    return bytes(v)


def random_uuid():
    return uuid_mod.uuid4().bytes


def uuid_base64(b):
    """Kafka's text form of a Uuid: URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(bytes(b)).decode().rstrip("=")


# ----------------------------------------------------------------------------
# Message schemas
# ----------------------------------------------------------------------------

def version_in(spec, v):
    """True if version v is in a schema range: "0+", "3-5", "7", "none"."""
    if spec is None or spec == "none":
        return False
    if spec.endswith("+"):
        return v >= int(spec[:-1])
    if "-" in spec:
        lo, hi = spec.split("-")
        return int(lo) <= v <= int(hi)
    return v == int(spec)


_NO_DEFAULT = object()


class F:
    """One schema field. type: int8..int64, uint16, uint32, float64, bool, uuid,
    string, bytes, records, '[]int32'-style primitive arrays, '[]' (array of
    structs with `fields`) or 'struct' (with `fields`)."""

    __slots__ = ("name", "type", "versions", "nullable", "tag", "default", "flexible", "fields")

    def __init__(self, name, type, versions, nullable=None, tag=None, default=_NO_DEFAULT,
                 flexible=None, fields=None):
        self.name = name
        self.type = type
        self.versions = versions
        self.nullable = nullable
        self.tag = tag
        self.default = default
        self.flexible = flexible
        self.fields = fields

    def default_value(self):
        if self.default is not _NO_DEFAULT:
            return self.default
        t = self.type
        if t in ("int8", "int16", "int32", "int64", "uint16", "uint32"):
            return 0
        if t == "float64":
            return 0.0
        if t == "bool":
            return False
        if t == "uuid":
            return ZERO_UUID
        if t == "string":
            return ""
        if t in ("bytes", "records"):
            return None if self.nullable else b""
        if t.startswith("[]"):
            return []
        return {}  # struct: every sub-field at its default


class Message:
    def __init__(self, name, valid, flexible, fields):
        self.name = name
        self.valid = valid
        self.flexible_versions = flexible
        self.fields = fields

    def is_flexible(self, version):
        return version_in(self.flexible_versions, version)

# Generated from Apache Kafka's message JSON schemas (Apache License 2.0) and
# kept verbatim in content: each F(...) is one schema field in schema order.
# Keys are (api_key, "request"|"response").
SCHEMAS = {
    (18, 'request'): Message('ApiVersionsRequest', '0-4', '3+', [
        F('client_software_name', 'string', '3+'),
        F('client_software_version', 'string', '3+'),
    ]),
    (18, 'response'): Message('ApiVersionsResponse', '0-4', '3+', [
        F('error_code', 'int16', '0+'),
        F('api_keys', '[]', '0+', fields=[
            F('api_key', 'int16', '0+'),
            F('min_version', 'int16', '0+'),
            F('max_version', 'int16', '0+'),
        ]),
        F('throttle_time_ms', 'int32', '1+'),
        F('supported_features', '[]', '3+', tag=0, fields=[
            F('name', 'string', '3+'),
            F('min_version', 'int16', '3+'),
            F('max_version', 'int16', '3+'),
        ]),
        F('finalized_features_epoch', 'int64', '3+', tag=1, default=-1),
        F('finalized_features', '[]', '3+', tag=2, fields=[
            F('name', 'string', '3+'),
            F('max_version_level', 'int16', '3+'),
            F('min_version_level', 'int16', '3+'),
        ]),
        F('zk_migration_ready', 'bool', '3+', tag=3, default=False),
    ]),
    (3, 'request'): Message('MetadataRequest', '0-12', '9+', [
        F('topics', '[]', '0+', nullable='1+', fields=[
            F('topic_id', 'uuid', '10+'),
            F('name', 'string', '0+', nullable='10+'),
        ]),
        F('allow_auto_topic_creation', 'bool', '4+', default=True),
        F('include_cluster_authorized_operations', 'bool', '8-10'),
        F('include_topic_authorized_operations', 'bool', '8+'),
    ]),
    (3, 'response'): Message('MetadataResponse', '0-12', '9+', [
        F('throttle_time_ms', 'int32', '3+'),
        F('brokers', '[]', '0+', fields=[
            F('node_id', 'int32', '0+'),
            F('host', 'string', '0+'),
            F('port', 'int32', '0+'),
            F('rack', 'string', '1+', nullable='1+', default=None),
        ]),
        F('cluster_id', 'string', '2+', nullable='2+', default=None),
        F('controller_id', 'int32', '1+', default=-1),
        F('topics', '[]', '0+', fields=[
            F('error_code', 'int16', '0+'),
            F('name', 'string', '0+', nullable='12+'),
            F('topic_id', 'uuid', '10+'),
            F('is_internal', 'bool', '1+', default=False),
            F('partitions', '[]', '0+', fields=[
                F('error_code', 'int16', '0+'),
                F('partition_index', 'int32', '0+'),
                F('leader_id', 'int32', '0+'),
                F('leader_epoch', 'int32', '7+', default=-1),
                F('replica_nodes', '[]int32', '0+'),
                F('isr_nodes', '[]int32', '0+'),
                F('offline_replicas', '[]int32', '5+'),
            ]),
            F('topic_authorized_operations', 'int32', '8+', default=-2147483648),
        ]),
        F('cluster_authorized_operations', 'int32', '8-10', default=-2147483648),
    ]),
    (0, 'request'): Message('ProduceRequest', '0-11', '9+', [
        F('transactional_id', 'string', '3+', nullable='3+', default=None),
        F('acks', 'int16', '0+'),
        F('timeout_ms', 'int32', '0+'),
        F('topic_data', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('partition_data', '[]', '0+', fields=[
                F('index', 'int32', '0+'),
                F('records', 'records', '0+', nullable='0+'),
            ]),
        ]),
    ]),
    (0, 'response'): Message('ProduceResponse', '0-11', '9+', [
        F('responses', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('partition_responses', '[]', '0+', fields=[
                F('index', 'int32', '0+'),
                F('error_code', 'int16', '0+'),
                F('base_offset', 'int64', '0+'),
                F('log_append_time_ms', 'int64', '2+', default=-1),
                F('log_start_offset', 'int64', '5+', default=-1),
                F('record_errors', '[]', '8+', fields=[
                    F('batch_index', 'int32', '8+'),
                    F('batch_index_error_message', 'string', '8+', nullable='8+', default=None),
                ]),
                F('error_message', 'string', '8+', nullable='8+', default=None),
                F('current_leader', 'struct', '10+', tag=0, fields=[
                    F('leader_id', 'int32', '10+', default=-1),
                    F('leader_epoch', 'int32', '10+', default=-1),
                ]),
            ]),
        ]),
        F('throttle_time_ms', 'int32', '1+', default=0),
        F('node_endpoints', '[]', '10+', tag=0, fields=[
            F('node_id', 'int32', '10+'),
            F('host', 'string', '10+'),
            F('port', 'int32', '10+'),
            F('rack', 'string', '10+', nullable='10+', default=None),
        ]),
    ]),
    (1, 'request'): Message('FetchRequest', '0-17', '12+', [
        F('cluster_id', 'string', '12+', nullable='12+', tag=0, default=None),
        F('replica_id', 'int32', '0-14', default=-1),
        F('replica_state', 'struct', '15+', tag=1, fields=[
            F('replica_id', 'int32', '15+', default=-1),
            F('replica_epoch', 'int64', '15+', default=-1),
        ]),
        F('max_wait_ms', 'int32', '0+'),
        F('min_bytes', 'int32', '0+'),
        F('max_bytes', 'int32', '3+', default=2147483647),
        F('isolation_level', 'int8', '4+', default=0),
        F('session_id', 'int32', '7+', default=0),
        F('session_epoch', 'int32', '7+', default=-1),
        F('topics', '[]', '0+', fields=[
            F('topic', 'string', '0-12'),
            F('topic_id', 'uuid', '13+'),
            F('partitions', '[]', '0+', fields=[
                F('partition', 'int32', '0+'),
                F('current_leader_epoch', 'int32', '9+', default=-1),
                F('fetch_offset', 'int64', '0+'),
                F('last_fetched_epoch', 'int32', '12+', default=-1),
                F('log_start_offset', 'int64', '5+', default=-1),
                F('partition_max_bytes', 'int32', '0+'),
                F('replica_directory_id', 'uuid', '17+', tag=0),
            ]),
        ]),
        F('forgotten_topics_data', '[]', '7+', fields=[
            F('topic', 'string', '7-12'),
            F('topic_id', 'uuid', '13+'),
            F('partitions', '[]int32', '7+'),
        ]),
        F('rack_id', 'string', '11+', default=''),
    ]),
    (1, 'response'): Message('FetchResponse', '0-17', '12+', [
        F('throttle_time_ms', 'int32', '1+'),
        F('error_code', 'int16', '7+'),
        F('session_id', 'int32', '7+', default=0),
        F('responses', '[]', '0+', fields=[
            F('topic', 'string', '0-12'),
            F('topic_id', 'uuid', '13+'),
            F('partitions', '[]', '0+', fields=[
                F('partition_index', 'int32', '0+'),
                F('error_code', 'int16', '0+'),
                F('high_watermark', 'int64', '0+'),
                F('last_stable_offset', 'int64', '4+', default=-1),
                F('log_start_offset', 'int64', '5+', default=-1),
                F('diverging_epoch', 'struct', '12+', tag=0, fields=[
                    F('epoch', 'int32', '12+', default=-1),
                    F('end_offset', 'int64', '12+', default=-1),
                ]),
                F('current_leader', 'struct', '12+', tag=1, fields=[
                    F('leader_id', 'int32', '12+', default=-1),
                    F('leader_epoch', 'int32', '12+', default=-1),
                ]),
                F('snapshot_id', 'struct', '12+', tag=2, fields=[
                    F('end_offset', 'int64', '0+', default=-1),
                    F('epoch', 'int32', '0+', default=-1),
                ]),
                F('aborted_transactions', '[]', '4+', nullable='4+', fields=[
                    F('producer_id', 'int64', '4+'),
                    F('first_offset', 'int64', '4+'),
                ]),
                F('preferred_read_replica', 'int32', '11+', default=-1),
                F('records', 'records', '0+', nullable='0+'),
            ]),
        ]),
        F('node_endpoints', '[]', '16+', tag=0, fields=[
            F('node_id', 'int32', '16+'),
            F('host', 'string', '16+'),
            F('port', 'int32', '16+'),
            F('rack', 'string', '16+', nullable='16+', default=None),
        ]),
    ]),
    (2, 'request'): Message('ListOffsetsRequest', '0-10', '6+', [
        F('replica_id', 'int32', '0+'),
        F('isolation_level', 'int8', '2+'),
        F('topics', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('partitions', '[]', '0+', fields=[
                F('partition_index', 'int32', '0+'),
                F('current_leader_epoch', 'int32', '4+', default=-1),
                F('timestamp', 'int64', '0+'),
                F('max_num_offsets', 'int32', '0', default=1),
            ]),
        ]),
        F('timeout_ms', 'int32', '10+'),
    ]),
    (2, 'response'): Message('ListOffsetsResponse', '0-10', '6+', [
        F('throttle_time_ms', 'int32', '2+'),
        F('topics', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('partitions', '[]', '0+', fields=[
                F('partition_index', 'int32', '0+'),
                F('error_code', 'int16', '0+'),
                F('old_style_offsets', '[]int64', '0'),
                F('timestamp', 'int64', '1+', default=-1),
                F('offset', 'int64', '1+', default=-1),
                F('leader_epoch', 'int32', '4+', default=-1),
            ]),
        ]),
    ]),
    (19, 'request'): Message('CreateTopicsRequest', '0-7', '5+', [
        F('topics', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('num_partitions', 'int32', '0+'),
            F('replication_factor', 'int16', '0+'),
            F('assignments', '[]', '0+', fields=[
                F('partition_index', 'int32', '0+'),
                F('broker_ids', '[]int32', '0+'),
            ]),
            F('configs', '[]', '0+', fields=[
                F('name', 'string', '0+'),
                F('value', 'string', '0+', nullable='0+'),
            ]),
        ]),
        F('timeout_ms', 'int32', '0+', default=60000),
        F('validate_only', 'bool', '1+', default=False),
    ]),
    (19, 'response'): Message('CreateTopicsResponse', '0-7', '5+', [
        F('throttle_time_ms', 'int32', '2+'),
        F('topics', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('topic_id', 'uuid', '7+'),
            F('error_code', 'int16', '0+'),
            F('error_message', 'string', '1+', nullable='0+'),
            F('topic_config_error_code', 'int16', '5+', tag=0),
            F('num_partitions', 'int32', '5+', default=-1),
            F('replication_factor', 'int16', '5+', default=-1),
            F('configs', '[]', '5+', nullable='5+', fields=[
                F('name', 'string', '5+'),
                F('value', 'string', '5+', nullable='5+'),
                F('read_only', 'bool', '5+'),
                F('config_source', 'int8', '5+', default=-1),
                F('is_sensitive', 'bool', '5+'),
            ]),
        ]),
    ]),
    (20, 'request'): Message('DeleteTopicsRequest', '0-6', '4+', [
        F('topics', '[]', '6+', fields=[
            F('name', 'string', '6+', nullable='6+', default=None),
            F('topic_id', 'uuid', '6+'),
        ]),
        F('topic_names', '[]string', '0-5'),
        F('timeout_ms', 'int32', '0+'),
    ]),
    (20, 'response'): Message('DeleteTopicsResponse', '0-6', '4+', [
        F('throttle_time_ms', 'int32', '1+'),
        F('responses', '[]', '0+', fields=[
            F('name', 'string', '0+', nullable='6+'),
            F('topic_id', 'uuid', '6+'),
            F('error_code', 'int16', '0+'),
            F('error_message', 'string', '5+', nullable='5+', default=None),
        ]),
    ]),
    (37, 'request'): Message('CreatePartitionsRequest', '0-3', '2+', [
        F('topics', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('count', 'int32', '0+'),
            F('assignments', '[]', '0+', nullable='0+', fields=[
                F('broker_ids', '[]int32', '0+'),
            ]),
        ]),
        F('timeout_ms', 'int32', '0+'),
        F('validate_only', 'bool', '0+'),
    ]),
    (37, 'response'): Message('CreatePartitionsResponse', '0-3', '2+', [
        F('throttle_time_ms', 'int32', '0+'),
        F('results', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('error_code', 'int16', '0+'),
            F('error_message', 'string', '0+', nullable='0+', default=None),
        ]),
    ]),
    (60, 'request'): Message('DescribeClusterRequest', '0-1', '0+', [
        F('include_cluster_authorized_operations', 'bool', '0+'),
        F('endpoint_type', 'int8', '1+', default=1),
    ]),
    (60, 'response'): Message('DescribeClusterResponse', '0-1', '0+', [
        F('throttle_time_ms', 'int32', '0+'),
        F('error_code', 'int16', '0+'),
        F('error_message', 'string', '0+', nullable='0+', default=None),
        F('endpoint_type', 'int8', '1+', default=1),
        F('cluster_id', 'string', '0+'),
        F('controller_id', 'int32', '0+', default=-1),
        F('brokers', '[]', '0+', fields=[
            F('broker_id', 'int32', '0+'),
            F('host', 'string', '0+'),
            F('port', 'int32', '0+'),
            F('rack', 'string', '0+', nullable='0+', default=None),
        ]),
        F('cluster_authorized_operations', 'int32', '0+', default=-2147483648),
    ]),
    (32, 'request'): Message('DescribeConfigsRequest', '0-4', '4+', [
        F('resources', '[]', '0+', fields=[
            F('resource_type', 'int8', '0+'),
            F('resource_name', 'string', '0+'),
            F('configuration_keys', '[]string', '0+', nullable='0+'),
        ]),
        F('include_synonyms', 'bool', '1+', default=False),
        F('include_documentation', 'bool', '3+', default=False),
    ]),
    (32, 'response'): Message('DescribeConfigsResponse', '0-4', '4+', [
        F('throttle_time_ms', 'int32', '0+'),
        F('results', '[]', '0+', fields=[
            F('error_code', 'int16', '0+'),
            F('error_message', 'string', '0+', nullable='0+'),
            F('resource_type', 'int8', '0+'),
            F('resource_name', 'string', '0+'),
            F('configs', '[]', '0+', fields=[
                F('name', 'string', '0+'),
                F('value', 'string', '0+', nullable='0+'),
                F('read_only', 'bool', '0+'),
                F('is_default', 'bool', '0'),
                F('config_source', 'int8', '1+', default=-1),
                F('is_sensitive', 'bool', '0+'),
                F('synonyms', '[]', '1+', fields=[
                    F('name', 'string', '1+'),
                    F('value', 'string', '1+', nullable='0+'),
                    F('source', 'int8', '1+'),
                ]),
                F('config_type', 'int8', '3+', default=0),
                F('documentation', 'string', '3+', nullable='0+'),
            ]),
        ]),
    ]),
    # ---- consumer groups (classic protocol) and committed offsets ----
    (10, 'request'): Message('FindCoordinatorRequest', '0-6', '3+', [
        F('key', 'string', '0-3'),
        F('key_type', 'int8', '1+', default=0),
        F('coordinator_keys', '[]string', '4+'),
    ]),
    (10, 'response'): Message('FindCoordinatorResponse', '0-6', '3+', [
        F('throttle_time_ms', 'int32', '1+'),
        F('error_code', 'int16', '0-3'),
        F('error_message', 'string', '1-3', nullable='1-3'),
        F('node_id', 'int32', '0-3'),
        F('host', 'string', '0-3'),
        F('port', 'int32', '0-3'),
        F('coordinators', '[]', '4+', fields=[
            F('key', 'string', '4+'),
            F('node_id', 'int32', '4+'),
            F('host', 'string', '4+'),
            F('port', 'int32', '4+'),
            F('error_code', 'int16', '4+'),
            F('error_message', 'string', '4+', nullable='4+'),
        ]),
    ]),
    (11, 'request'): Message('JoinGroupRequest', '0-9', '6+', [
        F('group_id', 'string', '0+'),
        F('session_timeout_ms', 'int32', '0+'),
        F('rebalance_timeout_ms', 'int32', '1+', default=-1),
        F('member_id', 'string', '0+'),
        F('group_instance_id', 'string', '5+', nullable='5+', default=None),
        F('protocol_type', 'string', '0+'),
        F('protocols', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('metadata', 'bytes', '0+'),
        ]),
        F('reason', 'string', '8+', nullable='8+', default=None),
    ]),
    (11, 'response'): Message('JoinGroupResponse', '0-9', '6+', [
        F('throttle_time_ms', 'int32', '2+'),
        F('error_code', 'int16', '0+'),
        F('generation_id', 'int32', '0+', default=-1),
        F('protocol_type', 'string', '7+', nullable='7+', default=None),
        F('protocol_name', 'string', '0+', nullable='7+'),
        F('leader', 'string', '0+'),
        F('skip_assignment', 'bool', '9+', default=False),
        F('member_id', 'string', '0+'),
        F('members', '[]', '0+', fields=[
            F('member_id', 'string', '0+'),
            F('group_instance_id', 'string', '5+', nullable='5+', default=None),
            F('metadata', 'bytes', '0+'),
        ]),
    ]),
    (14, 'request'): Message('SyncGroupRequest', '0-5', '4+', [
        F('group_id', 'string', '0+'),
        F('generation_id', 'int32', '0+'),
        F('member_id', 'string', '0+'),
        F('group_instance_id', 'string', '3+', nullable='3+', default=None),
        F('protocol_type', 'string', '5+', nullable='5+', default=None),
        F('protocol_name', 'string', '5+', nullable='5+', default=None),
        F('assignments', '[]', '0+', fields=[
            F('member_id', 'string', '0+'),
            F('assignment', 'bytes', '0+'),
        ]),
    ]),
    (14, 'response'): Message('SyncGroupResponse', '0-5', '4+', [
        F('throttle_time_ms', 'int32', '1+'),
        F('error_code', 'int16', '0+'),
        F('protocol_type', 'string', '5+', nullable='5+', default=None),
        F('protocol_name', 'string', '5+', nullable='5+', default=None),
        F('assignment', 'bytes', '0+'),
    ]),
    (12, 'request'): Message('HeartbeatRequest', '0-4', '4+', [
        F('group_id', 'string', '0+'),
        F('generation_id', 'int32', '0+'),
        F('member_id', 'string', '0+'),
        F('group_instance_id', 'string', '3+', nullable='3+', default=None),
    ]),
    (12, 'response'): Message('HeartbeatResponse', '0-4', '4+', [
        F('throttle_time_ms', 'int32', '1+'),
        F('error_code', 'int16', '0+'),
    ]),
    (13, 'request'): Message('LeaveGroupRequest', '0-5', '4+', [
        F('group_id', 'string', '0+'),
        F('member_id', 'string', '0-2'),
        F('members', '[]', '3+', fields=[
            F('member_id', 'string', '3+'),
            F('group_instance_id', 'string', '3+', nullable='3+', default=None),
            F('reason', 'string', '5+', nullable='5+', default=None),
        ]),
    ]),
    (13, 'response'): Message('LeaveGroupResponse', '0-5', '4+', [
        F('throttle_time_ms', 'int32', '1+'),
        F('error_code', 'int16', '0+'),
        F('members', '[]', '3+', fields=[
            F('member_id', 'string', '3+'),
            F('group_instance_id', 'string', '3+', nullable='3+'),
            F('error_code', 'int16', '3+'),
        ]),
    ]),
    (8, 'request'): Message('OffsetCommitRequest', '0-9', '8+', [
        F('group_id', 'string', '0+'),
        F('generation_id_or_member_epoch', 'int32', '1+', default=-1),
        F('member_id', 'string', '1+'),
        F('group_instance_id', 'string', '7+', nullable='7+', default=None),
        F('retention_time_ms', 'int64', '2-4', default=-1),
        F('topics', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('partitions', '[]', '0+', fields=[
                F('partition_index', 'int32', '0+'),
                F('committed_offset', 'int64', '0+'),
                F('committed_leader_epoch', 'int32', '6+', default=-1),
                F('commit_timestamp', 'int64', '1', default=-1),
                F('committed_metadata', 'string', '0+', nullable='0+'),
            ]),
        ]),
    ]),
    (8, 'response'): Message('OffsetCommitResponse', '0-9', '8+', [
        F('throttle_time_ms', 'int32', '3+'),
        F('topics', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('partitions', '[]', '0+', fields=[
                F('partition_index', 'int32', '0+'),
                F('error_code', 'int16', '0+'),
            ]),
        ]),
    ]),
    (9, 'request'): Message('OffsetFetchRequest', '0-9', '6+', [
        F('group_id', 'string', '0-7'),
        F('topics', '[]', '0-7', nullable='2-7', fields=[
            F('name', 'string', '0-7'),
            F('partition_indexes', '[]int32', '0-7'),
        ]),
        F('groups', '[]', '8+', fields=[
            F('group_id', 'string', '8+'),
            F('member_id', 'string', '9+', nullable='9+', default=None),
            F('member_epoch', 'int32', '9+', default=-1),
            F('topics', '[]', '8+', nullable='8+', fields=[
                F('name', 'string', '8+'),
                F('partition_indexes', '[]int32', '8+'),
            ]),
        ]),
        F('require_stable', 'bool', '7+', default=False),
    ]),
    (9, 'response'): Message('OffsetFetchResponse', '0-9', '6+', [
        F('throttle_time_ms', 'int32', '3+'),
        F('topics', '[]', '0-7', fields=[
            F('name', 'string', '0-7'),
            F('partitions', '[]', '0-7', fields=[
                F('partition_index', 'int32', '0-7'),
                F('committed_offset', 'int64', '0-7'),
                F('committed_leader_epoch', 'int32', '5-7', default=-1),
                F('metadata', 'string', '0-7', nullable='0-7'),
                F('error_code', 'int16', '0-7'),
            ]),
        ]),
        F('error_code', 'int16', '2-7', default=0),
        F('groups', '[]', '8+', fields=[
            F('group_id', 'string', '8+'),
            F('topics', '[]', '8+', fields=[
                F('name', 'string', '8+'),
                F('partitions', '[]', '8+', fields=[
                    F('partition_index', 'int32', '8+'),
                    F('committed_offset', 'int64', '8+'),
                    F('committed_leader_epoch', 'int32', '8+', default=-1),
                    F('metadata', 'string', '8+', nullable='8+'),
                    F('error_code', 'int16', '8+'),
                ]),
            ]),
            F('error_code', 'int16', '8+', default=0),
        ]),
    ]),
    (15, 'request'): Message('DescribeGroupsRequest', '0-5', '5+', [
        F('groups', '[]string', '0+'),
        F('include_authorized_operations', 'bool', '3+'),
    ]),
    (15, 'response'): Message('DescribeGroupsResponse', '0-5', '5+', [
        F('throttle_time_ms', 'int32', '1+'),
        F('groups', '[]', '0+', fields=[
            F('error_code', 'int16', '0+'),
            F('group_id', 'string', '0+'),
            F('group_state', 'string', '0+'),
            F('protocol_type', 'string', '0+'),
            F('protocol_data', 'string', '0+'),
            F('members', '[]', '0+', fields=[
                F('member_id', 'string', '0+'),
                F('group_instance_id', 'string', '4+', nullable='4+', default=None),
                F('client_id', 'string', '0+'),
                F('client_host', 'string', '0+'),
                F('member_metadata', 'bytes', '0+'),
                F('member_assignment', 'bytes', '0+'),
            ]),
            F('authorized_operations', 'int32', '3+', default=-2147483648),
        ]),
    ]),
    (16, 'request'): Message('ListGroupsRequest', '0-5', '3+', [
        F('states_filter', '[]string', '4+'),
        F('types_filter', '[]string', '5+'),
    ]),
    (16, 'response'): Message('ListGroupsResponse', '0-5', '3+', [
        F('throttle_time_ms', 'int32', '1+'),
        F('error_code', 'int16', '0+'),
        F('groups', '[]', '0+', fields=[
            F('group_id', 'string', '0+'),
            F('protocol_type', 'string', '0+'),
            F('group_state', 'string', '4+'),
            F('group_type', 'string', '5+'),
        ]),
    ]),
    (42, 'request'): Message('DeleteGroupsRequest', '0-2', '2+', [
        F('groups_names', '[]string', '0+'),
    ]),
    (42, 'response'): Message('DeleteGroupsResponse', '0-2', '2+', [
        F('throttle_time_ms', 'int32', '0+'),
        F('results', '[]', '0+', fields=[
            F('group_id', 'string', '0+'),
            F('error_code', 'int16', '0+'),
        ]),
    ]),
    # validVersions "0" in Kafka's schema, written as a range for the self-test.
    (47, 'request'): Message('OffsetDeleteRequest', '0-0', 'none', [
        F('group_id', 'string', '0+'),
        F('topics', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('partitions', '[]', '0+', fields=[
                F('partition_index', 'int32', '0+'),
            ]),
        ]),
    ]),
    (47, 'response'): Message('OffsetDeleteResponse', '0-0', 'none', [
        F('error_code', 'int16', '0+'),
        F('throttle_time_ms', 'int32', '0+'),
        F('topics', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('partitions', '[]', '0+', fields=[
                F('partition_index', 'int32', '0+'),
                F('error_code', 'int16', '0+'),
            ]),
        ]),
    ]),
    # DescribeLogDirs (clients/.../DescribeLogDirsRequest.json, DescribeLogDirsResponse.json)
    (35, 'request'): Message('DescribeLogDirsRequest', '0-4', '2+', [
        F('topics', '[]', '0+', nullable='0+', fields=[
            F('topic', 'string', '0+'),
            F('partitions', '[]int32', '0+'),
        ]),
    ]),
    (35, 'response'): Message('DescribeLogDirsResponse', '0-4', '2+', [
        F('throttle_time_ms', 'int32', '0+'),
        F('error_code', 'int16', '3+'),
        F('results', '[]', '0+', fields=[
            F('error_code', 'int16', '0+'),
            F('log_dir', 'string', '0+'),
            F('topics', '[]', '0+', fields=[
                F('name', 'string', '0+'),
                F('partitions', '[]', '0+', fields=[
                    F('partition_index', 'int32', '0+'),
                    F('partition_size', 'int64', '0+'),
                    F('offset_lag', 'int64', '0+'),
                    F('is_future_key', 'bool', '0+'),
                ]),
            ]),
            F('total_bytes', 'int64', '4+', default=-1),
            F('usable_bytes', 'int64', '4+', default=-1),
        ]),
    ]),
    # IncrementalAlterConfigs (clients/.../IncrementalAlterConfigsRequest.json, ...Response.json)
    # AlterConfigs, the legacy whole-set form (AlterConfigsRequest.json, AlterConfigsResponse.json)
    (33, 'request'): Message('AlterConfigsRequest', '0-2', '2+', [
        F('resources', '[]', '0+', fields=[
            F('resource_type', 'int8', '0+'),
            F('resource_name', 'string', '0+'),
            F('configs', '[]', '0+', fields=[
                F('name', 'string', '0+'),
                F('value', 'string', '0+', nullable='0+'),
            ]),
        ]),
        F('validate_only', 'bool', '0+'),
    ]),
    (33, 'response'): Message('AlterConfigsResponse', '0-2', '2+', [
        F('throttle_time_ms', 'int32', '0+'),
        F('responses', '[]', '0+', fields=[
            F('error_code', 'int16', '0+'),
            F('error_message', 'string', '0+', nullable='0+'),
            F('resource_type', 'int8', '0+'),
            F('resource_name', 'string', '0+'),
        ]),
    ]),
    # InitProducerId (InitProducerIdRequest.json, InitProducerIdResponse.json)
    (22, 'request'): Message('InitProducerIdRequest', '0-5', '2+', [
        F('transactional_id', 'string', '0+', nullable='0+'),
        F('transaction_timeout_ms', 'int32', '0+'),
        F('producer_id', 'int64', '3+', default=-1),
        F('producer_epoch', 'int16', '3+', default=-1),
    ]),
    (22, 'response'): Message('InitProducerIdResponse', '0-5', '2+', [
        F('throttle_time_ms', 'int32', '0+'),
        F('error_code', 'int16', '0+'),
        F('producer_id', 'int64', '0+', default=-1),
        F('producer_epoch', 'int16', '0+'),
    ]),
    # AddPartitionsToTxn, the client form v0-3 (AddPartitionsToTxnRequest.json, ...Response.json)
    (24, 'request'): Message('AddPartitionsToTxnRequest', '0-5', '3+', [
        F('transactions', '[]', '4+', fields=[
            F('transactional_id', 'string', '4+'),
            F('producer_id', 'int64', '4+'),
            F('producer_epoch', 'int16', '4+'),
            F('verify_only', 'bool', '4+', default=False),
            F('topics', '[]', '4+', fields=[
                F('name', 'string', '4+'),
                F('partitions', '[]int32', '4+'),
            ]),
        ]),
        F('v3_and_below_transactional_id', 'string', '0-3'),
        F('v3_and_below_producer_id', 'int64', '0-3'),
        F('v3_and_below_producer_epoch', 'int16', '0-3'),
        F('v3_and_below_topics', '[]', '0-3', fields=[
            F('name', 'string', '0+'),
            F('partitions', '[]int32', '0+'),
        ]),
    ]),
    (24, 'response'): Message('AddPartitionsToTxnResponse', '0-5', '3+', [
        F('throttle_time_ms', 'int32', '0+'),
        F('error_code', 'int16', '4+', default=0),
        F('results_by_transaction', '[]', '4+', fields=[
            F('transactional_id', 'string', '4+'),
            F('topic_results', '[]', '4+', fields=[
                F('name', 'string', '4+'),
                F('results_by_partition', '[]', '4+', fields=[
                    F('partition_index', 'int32', '4+'),
                    F('partition_error_code', 'int16', '4+'),
                ]),
            ]),
        ]),
        F('results_by_topic_v3_and_below', '[]', '0-3', fields=[
            F('name', 'string', '0+'),
            F('results_by_partition', '[]', '0+', fields=[
                F('partition_index', 'int32', '0+'),
                F('partition_error_code', 'int16', '0+'),
            ]),
        ]),
    ]),
    # EndTxn (EndTxnRequest.json, EndTxnResponse.json)
    (26, 'request'): Message('EndTxnRequest', '0-4', '3+', [
        F('transactional_id', 'string', '0+'),
        F('producer_id', 'int64', '0+'),
        F('producer_epoch', 'int16', '0+'),
        F('committed', 'bool', '0+'),
    ]),
    (26, 'response'): Message('EndTxnResponse', '0-4', '3+', [
        F('throttle_time_ms', 'int32', '0+'),
        F('error_code', 'int16', '0+'),
    ]),
    # DescribeTransactions, ListTransactions (their Request/Response .json)
    (65, 'request'): Message('DescribeTransactionsRequest', '0-0', '0+', [
        F('transactional_ids', '[]string', '0+'),
    ]),
    (65, 'response'): Message('DescribeTransactionsResponse', '0-0', '0+', [
        F('throttle_time_ms', 'int32', '0+'),
        F('transaction_states', '[]', '0+', fields=[
            F('error_code', 'int16', '0+'),
            F('transactional_id', 'string', '0+'),
            F('transaction_state', 'string', '0+'),
            F('transaction_timeout_ms', 'int32', '0+'),
            F('transaction_start_time_ms', 'int64', '0+'),
            F('producer_id', 'int64', '0+'),
            F('producer_epoch', 'int16', '0+'),
            F('topics', '[]', '0+', fields=[
                F('topic', 'string', '0+'),
                F('partitions', '[]int32', '0+'),
            ]),
        ]),
    ]),
    (66, 'request'): Message('ListTransactionsRequest', '0-1', '0+', [
        F('state_filters', '[]string', '0+'),
        F('producer_id_filters', '[]int64', '0+'),
        F('duration_filter', 'int64', '1+', default=-1),
    ]),
    (66, 'response'): Message('ListTransactionsResponse', '0-1', '0+', [
        F('throttle_time_ms', 'int32', '0+'),
        F('error_code', 'int16', '0+'),
        F('unknown_state_filters', '[]string', '0+'),
        F('transaction_states', '[]', '0+', fields=[
            F('transactional_id', 'string', '0+'),
            F('producer_id', 'int64', '0+'),
            F('transaction_state', 'string', '0+'),
        ]),
    ]),
    # DescribeProducers (DescribeProducersRequest.json, DescribeProducersResponse.json)
    (61, 'request'): Message('DescribeProducersRequest', '0-0', '0+', [
        F('topics', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('partition_indexes', '[]int32', '0+'),
        ]),
    ]),
    (61, 'response'): Message('DescribeProducersResponse', '0-0', '0+', [
        F('throttle_time_ms', 'int32', '0+'),
        F('topics', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('partitions', '[]', '0+', fields=[
                F('partition_index', 'int32', '0+'),
                F('error_code', 'int16', '0+'),
                F('error_message', 'string', '0+', nullable='0+', default=None),
                F('active_producers', '[]', '0+', fields=[
                    F('producer_id', 'int64', '0+'),
                    F('producer_epoch', 'int32', '0+'),
                    F('last_sequence', 'int32', '0+', default=-1),
                    F('last_timestamp', 'int64', '0+', default=-1),
                    F('coordinator_epoch', 'int32', '0+'),
                    F('current_txn_start_offset', 'int64', '0+', default=-1),
                ]),
            ]),
        ]),
    ]),
    (44, 'request'): Message('IncrementalAlterConfigsRequest', '0-1', '1+', [
        F('resources', '[]', '0+', fields=[
            F('resource_type', 'int8', '0+'),
            F('resource_name', 'string', '0+'),
            F('configs', '[]', '0+', fields=[
                F('name', 'string', '0+'),
                F('config_operation', 'int8', '0+'),
                F('value', 'string', '0+', nullable='0+'),
            ]),
        ]),
        F('validate_only', 'bool', '0+'),
    ]),
    (44, 'response'): Message('IncrementalAlterConfigsResponse', '0-1', '1+', [
        F('throttle_time_ms', 'int32', '0+'),
        F('responses', '[]', '0+', fields=[
            F('error_code', 'int16', '0+'),
            F('error_message', 'string', '0+', nullable='0+'),
            F('resource_type', 'int8', '0+'),
            F('resource_name', 'string', '0+'),
        ]),
    ]),
    # DeleteRecords (clients/.../DeleteRecordsRequest.json, DeleteRecordsResponse.json)
    (21, 'request'): Message('DeleteRecordsRequest', '0-2', '2+', [
        F('topics', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('partitions', '[]', '0+', fields=[
                F('partition_index', 'int32', '0+'),
                F('offset', 'int64', '0+'),
            ]),
        ]),
        F('timeout_ms', 'int32', '0+'),
    ]),
    (21, 'response'): Message('DeleteRecordsResponse', '0-2', '2+', [
        F('throttle_time_ms', 'int32', '0+'),
        F('topics', '[]', '0+', fields=[
            F('name', 'string', '0+'),
            F('partitions', '[]', '0+', fields=[
                F('partition_index', 'int32', '0+'),
                F('low_watermark', 'int64', '0+'),
                F('error_code', 'int16', '0+'),
            ]),
        ]),
    ]),
}


# ----------------------------------------------------------------------------
# Schema-driven body codec
# ----------------------------------------------------------------------------

_PRIM_WRITE = {"int8", "int16", "int32", "int64", "uint16", "uint32", "float64", "bool", "uuid"}


def _encode_value(w, f, t, val, v):
    if t in _PRIM_WRITE:
        getattr(w, t)(val)
    elif t == "string":
        w.string(val)
    elif t in ("bytes", "records"):
        w.bytes(val)
    elif t.startswith("[]"):
        if val is None:
            w.length(-1)
            return
        w.length(len(val))
        inner = t[2:]
        for item in val:
            if inner:
                _encode_value(w, f, inner, item, v)
            else:
                _encode_struct(w, f.fields, item, v)
    elif t == "struct":
        _encode_struct(w, f.fields, val, v)
    else:
        raise ValueError(f"unknown type {t}")


def _encode_struct(w, fields, obj, v):
    tagged = []
    for f in fields:
        if not version_in(f.versions, v):
            continue
        if f.tag is not None:
            # Tagged fields are written only when the caller set them.
            if w.flexible and f.name in obj:
                tagged.append(f)
            continue
        val = obj.get(f.name, _NO_DEFAULT)
        if val is _NO_DEFAULT:
            val = f.default_value()
        if val is None and not version_in(f.nullable, v):
            raise ValueError(f"{f.name} is not nullable in version {v}")
        _encode_value(w, f, f.type, val, v)
    if w.flexible:
        w.uvarint(len(tagged))
        for f in sorted(tagged, key=lambda f: f.tag):
            sub = Writer(flexible=True)
            _encode_value(sub, f, f.type, obj[f.name], v)
            w.uvarint(f.tag)
            w.uvarint(len(sub.buf))
            w.raw(sub.buf)


def _decode_value(r, f, t, v):
    if t in _PRIM_WRITE:
        return getattr(r, t)()
    if t == "string":
        return r.string()
    if t in ("bytes", "records"):
        return r.bytes()
    if t.startswith("[]"):
        n = r.length()
        if n < 0:
            return None
        if n > r.remaining():
            raise DecodeError(f"array of {n} elements with {r.remaining()} bytes left")
        inner = t[2:]
        if inner:
            return [_decode_value(r, f, inner, v) for _ in range(n)]
        return [_decode_struct(r, f.fields, v) for _ in range(n)]
    if t == "struct":
        return _decode_struct(r, f.fields, v)
    raise ValueError(f"unknown type {t}")


def _decode_struct(r, fields, v):
    obj = {}
    by_tag = {}
    for f in fields:
        if not version_in(f.versions, v):
            continue
        if f.tag is not None:
            by_tag[f.tag] = f
            obj[f.name] = f.default_value()
            continue
        obj[f.name] = _decode_value(r, f, f.type, v)
    if r.flexible:
        for _ in range(r.uvarint()):
            tag = r.uvarint()
            data = r.raw(r.uvarint())
            f = by_tag.get(tag)
            if f is None:
                obj.setdefault("_unknown_tags", {})[tag] = data
                continue
            sub = Reader(data, flexible=True)
            obj[f.name] = _decode_value(sub, f, f.type, v)
    return obj


def schema(api_key, kind):
    try:
        return SCHEMAS[(api_key, kind)]
    except KeyError:
        raise ValueError(f"no schema for api {api_key} {kind}") from None


def is_flexible(api_key, version):
    s = SCHEMAS.get((api_key, "request"))
    return bool(s and s.is_flexible(version))


def encode_body(api_key, version, body, kind="request"):
    s = schema(api_key, kind)
    w = Writer(flexible=s.is_flexible(version))
    _encode_struct(w, s.fields, body or {}, version)
    return bytes(w.buf)


def decode_body(api_key, version, data, kind="response", exact=True):
    """Decodes a body; with exact=True trailing bytes are an error."""
    s = schema(api_key, kind)
    r = Reader(data, flexible=s.is_flexible(version))
    obj = _decode_struct(r, s.fields, version)
    if exact and r.remaining():
        raise DecodeError(f"{s.name} v{version}: {r.remaining()} trailing bytes")
    return obj


# ----------------------------------------------------------------------------
# Framing: size prefix and headers
# ----------------------------------------------------------------------------

def request_header_version(api_key, version):
    return 2 if is_flexible(api_key, version) else 1


def response_header_version(api_key, version):
    if api_key == API_VERSIONS:
        return 0  # always, so a client can read an UNSUPPORTED_VERSION answer
    return 1 if is_flexible(api_key, version) else 0


def encode_request_header(api_key, version, correlation_id, client_id="kafka-wire",
                          header_version=None):
    if header_version is None:
        header_version = request_header_version(api_key, version)
    w = Writer()
    w.int16(api_key).int16(version).int32(correlation_id)
    if header_version >= 1:
        w.string(client_id)  # always a classic string, even in header v2
    if header_version >= 2:
        w.empty_tags()
    return bytes(w.buf)


def frame(payload):
    return struct.pack(">i", len(payload)) + payload


def encode_request(api_key, version, correlation_id, body=None, client_id="kafka-wire"):
    """A whole request frame (size prefix, header, body)."""
    return frame(encode_request_header(api_key, version, correlation_id, client_id)
                 + encode_body(api_key, version, body or {}))


def decode_response(api_key, version, payload, header_version=None, exact=True):
    """Splits a response frame payload; returns (correlation_id, body dict)."""
    if header_version is None:
        header_version = response_header_version(api_key, version)
    r = Reader(payload)
    corr = r.int32()
    if header_version >= 1:
        r.flexible = True
        _decode_struct(r, [], version)  # header tagged fields
    return corr, decode_body(api_key, version, payload[r.pos:], exact=exact)


# ----------------------------------------------------------------------------
# Connection
# ----------------------------------------------------------------------------

class Connection:
    """One TCP connection to a broker. `request` is send + recv; tests that
    pipeline, stall or send garbage use `send`, `send_raw` and `recv_frame`."""

    def __init__(self, host="127.0.0.1", port=9092, timeout=10.0, client_id="kafka-wire"):
        if isinstance(host, str) and ":" in host and port == 9092:
            host, port = host.rsplit(":", 1)
            port = int(port)
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.timeout = timeout
        self.client_id = client_id
        self.next_corr = 1

    @classmethod
    def from_socket(cls, sock, timeout=10.0, client_id="kafka-wire"):
        """Wraps an already connected socket (e.g. one a test wrote raw bytes to)."""
        self = cls.__new__(cls)
        self.sock, self.timeout, self.client_id, self.next_corr = sock, timeout, client_id, 1
        return self

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, api_key, version, body=None, correlation_id=None):
        """Sends one request; returns its correlation id."""
        if correlation_id is None:
            correlation_id = self.next_corr
            self.next_corr += 1
        self.send_raw(encode_request(api_key, version, correlation_id, body, self.client_id))
        return correlation_id

    def _recv_exact(self, n, timeout=None):
        buf = bytearray()
        deadline = time.monotonic() + (timeout if timeout is not None else self.timeout)
        while len(buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout(f"timed out with {len(buf)}/{n} bytes")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(min(n - len(buf), 1 << 20))
            except (ConnectionResetError, BrokenPipeError) as e:
                raise ConnectionClosed(str(e)) from None
            if not chunk:
                raise ConnectionClosed(f"EOF after {len(buf)}/{n} bytes")
            buf += chunk
        return bytes(buf)

    def recv_frame(self, timeout=None):
        """Reads one size-prefixed response frame; returns its payload."""
        size = struct.unpack(">i", self._recv_exact(4, timeout))[0]
        if size < 4 or size > 1 << 30:
            raise DecodeError(f"bad response size {size}")
        return self._recv_exact(size, timeout)

    def recv(self, api_key, version, correlation_id=None, timeout=None, header_version=None,
             body_version=None):
        """Reads and decodes one response. body_version decodes the body at
        another version than the request's (ApiVersions fallback to v0)."""
        payload = self.recv_frame(timeout)
        corr, body = decode_response(api_key, version if body_version is None else body_version,
                                     payload, header_version=header_version)
        if correlation_id is not None and corr != correlation_id:
            raise DecodeError(f"correlation id {corr}, expected {correlation_id}")
        return body

    def request(self, api_key, version, body=None, timeout=None, **kw):
        corr = self.send(api_key, version, body)
        return self.recv(api_key, version, corr, timeout=timeout, **kw)

    def wait_closed(self, timeout=5.0):
        """True if the broker closes the connection within timeout (any data
        that arrives first is read and dropped); False if it stays open."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return False
            except (ConnectionResetError, BrokenPipeError):
                return True
            if not chunk:
                return True


def connect(bootstrap, timeout=10.0):
    host, port = bootstrap.rsplit(":", 1)
    return Connection(host, int(port), timeout=timeout)


# ----------------------------------------------------------------------------
# RecordBatch v2
# ----------------------------------------------------------------------------

def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_CRC32C_TABLE = _crc32c_table()


def crc32c(data, crc=0):
    """CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as Kafka uses."""
    crc ^= 0xFFFFFFFF
    table = _CRC32C_TABLE
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


COMPRESSION_NONE = 0
COMPRESSION_GZIP = 1
ATTR_LOG_APPEND_TIME = 0x08
ATTR_TRANSACTIONAL = 0x10
ATTR_CONTROL = 0x20
BATCH_HEADER_SIZE = 61
BATCH_CRC_OFFSET = 21


def encode_record(offset_delta, timestamp_delta, key, value, headers=()):
    body = bytearray()
    body += struct.pack(">b", 0)  # attributes (unused)
    body += varint(timestamp_delta)
    body += varint(offset_delta)
    for b in (key, value):
        if b is None:
            body += varint(-1)
        else:
            body += varint(len(b)) + bytes(b)
    body += varint(len(headers))
    for hk, hv in headers:
        hk = hk.encode() if isinstance(hk, str) else hk
        body += varint(len(hk)) + hk
        if hv is None:
            body += varint(-1)
        else:
            body += varint(len(hv)) + bytes(hv)
    return varint(len(body)) + bytes(body)


def _as_record(item):
    """Accepts bytes/str (a value) or a dict with key/value/headers/timestamp."""
    if isinstance(item, dict):
        return item
    if isinstance(item, str):
        item = item.encode()
    return {"value": item}


def build_batch(records, base_offset=0, base_timestamp=None, compression=COMPRESSION_NONE,
                producer_id=-1, producer_epoch=-1, base_sequence=-1, partition_leader_epoch=-1,
                attributes=0, timestamps=None):
    """Builds a RecordBatch v2. `records`: values (bytes/str) or dicts with
    key, value, headers [(k, v)], timestamp. Timestamps default to now (ms)."""
    recs = [_as_record(r) for r in records]
    if not recs:
        raise ValueError("a batch needs at least one record")
    now = int(time.time() * 1000)
    ts = []
    for i, r in enumerate(recs):
        if "timestamp" in r:
            ts.append(r["timestamp"])
        elif timestamps is not None:
            ts.append(timestamps[i])
        else:
            ts.append(now if base_timestamp is None else base_timestamp)
    first_ts = ts[0] if base_timestamp is None else base_timestamp
    body = b"".join(encode_record(i, ts[i] - first_ts, r.get("key"), r.get("value"),
                                  r.get("headers", ())) for i, r in enumerate(recs))
    if compression == COMPRESSION_GZIP:
        body = gzip.compress(body)
    elif compression != COMPRESSION_NONE:
        raise ValueError("only gzip compression is implemented here")
    attrs = (attributes & ~0x07) | compression
    after_crc = struct.pack(">hiqqqhii", attrs, len(recs) - 1, first_ts, max(ts), producer_id,
                            producer_epoch, base_sequence, len(recs)) + body
    crc = crc32c(after_crc)
    batch_length = 4 + 1 + 4 + len(after_crc)  # leader epoch + magic + crc + rest
    return (struct.pack(">qiibI", base_offset, batch_length, partition_leader_epoch, 2, crc)
            + after_crc)


class Batch:
    """A parsed RecordBatch; `records` are dicts with absolute offset and timestamp."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    def __repr__(self):
        return (f"Batch(base_offset={self.base_offset}, count={self.record_count}, "
                f"size={self.size})")

    @property
    def last_offset(self):
        return self.base_offset + self.last_offset_delta


def _decode_records(data, count, base_offset, base_ts):
    r = Reader(data)
    out = []
    for _ in range(count):
        length = r.varint()
        rec = Reader(r.raw(length))
        rec.int8()  # attributes
        ts_delta = rec.varint()
        off_delta = rec.varint()
        klen = rec.varint()
        key = rec.raw(klen) if klen >= 0 else None
        vlen = rec.varint()
        value = rec.raw(vlen) if vlen >= 0 else None
        headers = []
        for _ in range(rec.varint()):
            hk = rec.raw(rec.varint())
            hl = rec.varint()
            headers.append((hk.decode("utf-8", "replace"), rec.raw(hl) if hl >= 0 else None))
        out.append({"offset": base_offset + off_delta, "timestamp": base_ts + ts_delta,
                    "key": key, "value": value, "headers": headers})
    return out


def parse_batches(data, verify_crc=True, allow_partial=True):
    """Parses concatenated batches (a Fetch `records` field or a .log file).
    A truncated last batch is dropped if allow_partial (Fetch may send one)."""
    batches = []
    pos = 0
    data = bytes(data or b"")
    while pos < len(data):
        if len(data) - pos < 12:
            if allow_partial:
                break
            raise DecodeError(f"truncated batch header at {pos}")
        base_offset, batch_length = struct.unpack_from(">qi", data, pos)
        size = 12 + batch_length
        if batch_length < BATCH_HEADER_SIZE - 12 or pos + size > len(data):
            if allow_partial and pos + size > len(data) and batch_length >= BATCH_HEADER_SIZE - 12:
                break
            raise DecodeError(f"bad batch length {batch_length} at {pos}")
        raw = data[pos:pos + size]
        (leader_epoch, magic, crc, attrs, last_delta, first_ts, max_ts, pid, pepoch, bseq,
         count) = struct.unpack_from(">ibIhiqqqhii", raw, 12)
        if magic != 2:
            raise DecodeError(f"magic {magic} at {pos}")
        if verify_crc and crc32c(raw[BATCH_CRC_OFFSET:]) != crc:
            raise DecodeError(f"CRC mismatch in batch at {pos}")
        body = raw[BATCH_HEADER_SIZE:]
        codec = attrs & 0x07
        if codec == COMPRESSION_GZIP:
            body = zlib.decompress(body, 47)  # gzip or zlib header
        elif codec != COMPRESSION_NONE:
            raise DecodeError(f"codec {codec} not supported by kafka_wire")
        batches.append(Batch(base_offset=base_offset, batch_length=batch_length,
                             partition_leader_epoch=leader_epoch, magic=magic, crc=crc,
                             attributes=attrs, last_offset_delta=last_delta,
                             base_timestamp=first_ts, max_timestamp=max_ts, producer_id=pid,
                             producer_epoch=pepoch, base_sequence=bseq, record_count=count,
                             size=size, position=pos, raw=raw,
                             records=_decode_records(body, count, base_offset, first_ts)))
        pos += size
    return batches


def records_of(data):
    """All records (dicts with offset, value, ...) in a records blob, in order."""
    return [rec for b in parse_batches(data) for rec in b.records]


# ----------------------------------------------------------------------------
# Versioned data formats that are not API messages: the consumer protocol's
# JoinGroup/SyncGroup payloads (clients/.../ConsumerProtocol*.json) and the
# `__consumer_offsets` record keys and values (group-coordinator/.../*.json).
# Each is an int16 version followed by the struct at that version.
# ----------------------------------------------------------------------------

DATA_SCHEMAS = {
    'ConsumerProtocolSubscription': Message('ConsumerProtocolSubscription', '0-3', 'none', [
        F('topics', '[]string', '0+'),
        F('user_data', 'bytes', '0+', nullable='0+', default=None),
        F('owned_partitions', '[]', '1+', fields=[
            F('topic', 'string', '1+'),
            F('partitions', '[]int32', '1+'),
        ]),
        F('generation_id', 'int32', '2+', default=-1),
        F('rack_id', 'string', '3+', nullable='3+', default=None),
    ]),
    'ConsumerProtocolAssignment': Message('ConsumerProtocolAssignment', '0-3', 'none', [
        F('assigned_partitions', '[]', '0+', fields=[
            F('topic', 'string', '0+'),
            F('partitions', '[]int32', '0+'),
        ]),
        F('user_data', 'bytes', '0+', nullable='0+', default=None),
    ]),
    'OffsetCommitKey': Message('OffsetCommitKey', '0-1', 'none', [
        F('group', 'string', '0-1'),
        F('topic', 'string', '0-1'),
        F('partition', 'int32', '0-1'),
    ]),
    'OffsetCommitValue': Message('OffsetCommitValue', '0-4', '4+', [
        F('offset', 'int64', '0+'),
        F('leader_epoch', 'int32', '3+', default=-1),
        F('metadata', 'string', '0+'),
        F('commit_timestamp', 'int64', '0+'),
        F('expire_timestamp', 'int64', '1', default=-1),
    ]),
    'GroupMetadataKey': Message('GroupMetadataKey', '2-2', 'none', [
        F('group', 'string', '2'),
    ]),
    'GroupMetadataValue': Message('GroupMetadataValue', '0-4', '4+', [
        F('protocol_type', 'string', '0+'),
        F('generation', 'int32', '0+'),
        F('protocol', 'string', '0+', nullable='0+'),
        F('leader', 'string', '0+', nullable='0+'),
        F('current_state_timestamp', 'int64', '2+', default=-1),
        F('members', '[]', '0+', fields=[
            F('member_id', 'string', '0+'),
            F('group_instance_id', 'string', '3+', nullable='3+', default=None),
            F('client_id', 'string', '0+'),
            F('client_host', 'string', '0+'),
            F('rebalance_timeout', 'int32', '1+', default=-1),
            F('session_timeout', 'int32', '0+'),
            F('subscription', 'bytes', '0+'),
            F('assignment', 'bytes', '0+'),
        ]),
    ]),
}


def encode_data(name, version, obj):
    """int16 version + the struct at that version (classic or flexible encoding)."""
    s = DATA_SCHEMAS[name]
    w = Writer(flexible=s.is_flexible(version))
    w.int16(version)
    _encode_struct(w, s.fields, obj or {}, version)
    return bytes(w.buf)


def decode_data(name, data, exact=False):
    """Returns the struct as a dict with its `version`. Newer clients may append
    fields an older reader does not know, so trailing bytes are allowed unless exact."""
    s = DATA_SCHEMAS[name]
    r = Reader(data)
    version = r.int16()
    r.flexible = s.is_flexible(version)
    obj = _decode_struct(r, s.fields, version)
    if exact and r.remaining():
        raise DecodeError(f"{name} v{version}: {r.remaining()} trailing bytes")
    obj["version"] = version
    return obj


def consumer_subscription(topics, user_data=None, version=0, **extra):
    """ConsumerProtocolSubscription bytes: the JoinGroup metadata of a consumer."""
    obj = {"topics": list(topics), "user_data": user_data}
    obj.update(extra)
    return encode_data('ConsumerProtocolSubscription', version, obj)


def parse_subscription(data):
    return decode_data('ConsumerProtocolSubscription', data)


def consumer_assignment(partitions, user_data=None, version=0):
    """ConsumerProtocolAssignment bytes from {topic: [partition, ...]}."""
    return encode_data('ConsumerProtocolAssignment', version, {
        "assigned_partitions": [{"topic": t, "partitions": list(ps)}
                                for t, ps in partitions.items()],
        "user_data": user_data})


def parse_assignment(data):
    """The decoded assignment, plus `partitions`: {topic: [partition, ...]}."""
    obj = decode_data('ConsumerProtocolAssignment', data)
    obj["partitions"] = {a["topic"]: a["partitions"] for a in obj["assigned_partitions"]}
    return obj


def java_string_hashcode(s):
    """Java's String.hashCode: h = 31*h + c over UTF-16 code units, int32 wrap-around."""
    b = s.encode("utf-16-be")
    h = 0
    for i in range(0, len(b), 2):
        h = (31 * h + ((b[i] << 8) | b[i + 1])) & 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h


def offsets_partition_for(group_id, partitions=50):
    """The __consumer_offsets partition of a group: Utils.abs(hashCode) % partitions,
    where Kafka's Utils.abs maps Integer.MIN_VALUE to 0."""
    h = java_string_hashcode(group_id)
    return (0 if h == -(1 << 31) else abs(h)) % partitions


def parse_offsets_record(key, value):
    """Decodes one __consumer_offsets record. Returns (kind, key, value) with kind
    "offset" (key version 0-1), "group" (key version 2) or "unknown"; value is
    None for a tombstone."""
    version = struct.unpack(">h", key[:2])[0]
    if version in (0, 1):
        kind, kname, vname = "offset", 'OffsetCommitKey', 'OffsetCommitValue'
    elif version == 2:
        kind, kname, vname = "group", 'GroupMetadataKey', 'GroupMetadataValue'
    else:
        return "unknown", {"version": version}, value
    k = decode_data(kname, key, exact=True)
    v = None if value is None else decode_data(vname, value, exact=True)
    return kind, k, v


# ----------------------------------------------------------------------------
# Request bodies for one topic/partition (as dicts for encode_body)
# ----------------------------------------------------------------------------

def produce_request(topic, partition, records, acks=1, timeout_ms=10000):
    """Produce body; records is a RecordBatch blob (or None / garbage on purpose)."""
    return {"transactional_id": None, "acks": acks, "timeout_ms": timeout_ms,
            "topic_data": [{"name": topic, "partition_data": [
                {"index": partition, "records": records}]}]}


def fetch_request(topic, partition, offset, topic_id=None, max_wait_ms=0, min_bytes=0,
                  max_bytes=50 << 20, partition_max_bytes=1 << 20):
    """Fetch body; v0-12 use the topic name, v13+ the topic_id (16 bytes)."""
    t = {"topic": topic, "topic_id": topic_id if topic_id is not None else ZERO_UUID,
         "partitions": [{"partition": partition, "fetch_offset": offset,
                         "partition_max_bytes": partition_max_bytes}]}
    return {"replica_id": -1, "max_wait_ms": max_wait_ms, "min_bytes": min_bytes,
            "max_bytes": max_bytes, "isolation_level": 0, "session_id": 0,
            "session_epoch": -1, "topics": [t], "forgotten_topics_data": [], "rack_id": ""}


# ----------------------------------------------------------------------------
# Convenience calls (one topic/partition at a time, as tests mostly need)
# ----------------------------------------------------------------------------

def _single(items, what):
    if len(items) != 1:
        raise DecodeError(f"expected one {what}, got {len(items)}")
    return items[0]


class Client(Connection):
    """A Connection with one-line helpers for the calls tests make most."""

    def api_versions(self, version=4):
        body = {}
        if version >= 3:
            body = {"client_software_name": "kafka-wire", "client_software_version": "1.0"}
        return self.request(API_VERSIONS, version, body)

    def metadata(self, topics=None, version=12, allow_auto_topic_creation=True):
        """topics=None asks for all topics; else a list of names."""
        if topics is None:
            wanted = None if version >= 1 else []  # v0 has no null: empty means all
        else:
            wanted = [{"name": t} for t in topics]
        body = {"allow_auto_topic_creation": allow_auto_topic_creation, "topics": wanted}
        return self.request(METADATA, version, body)

    def topic_id(self, topic):
        t = _single(self.metadata([topic], allow_auto_topic_creation=False)["topics"], "topic")
        if t["error_code"] != 0:
            raise AssertionError(f"metadata for {topic}: {error_name(t['error_code'])}")
        return t["topic_id"]

    def create_topics(self, topics, version=7, validate_only=False, timeout_ms=10000):
        """topics: list of dicts, or of (name, num_partitions, replication_factor)."""
        items = []
        for t in topics:
            if not isinstance(t, dict):
                name, parts, rf = t
                t = {"name": name, "num_partitions": parts, "replication_factor": rf}
            items.append(t)
        resp = self.request(CREATE_TOPICS, version, {"topics": items, "timeout_ms": timeout_ms,
                                                      "validate_only": validate_only})
        return resp["topics"]

    def create_topic(self, name, num_partitions=1, replication_factor=1, version=7):
        """Returns the topic's result dict (error_code, topic_id, ...)."""
        return _single(self.create_topics([(name, num_partitions, replication_factor)],
                                          version=version), "topic result")

    def delete_topics(self, names=(), ids=(), version=6, timeout_ms=10000):
        if version >= 6:
            body = {"topics": [{"name": n, "topic_id": ZERO_UUID} for n in names]
                    + [{"name": None, "topic_id": i} for i in ids], "timeout_ms": timeout_ms}
        else:
            body = {"topic_names": list(names), "timeout_ms": timeout_ms}
        return self.request(DELETE_TOPICS, version, body)["responses"]

    def create_partitions(self, name, count, version=3, validate_only=False):
        resp = self.request(CREATE_PARTITIONS, version, {
            "topics": [{"name": name, "count": count, "assignments": None}],
            "timeout_ms": 10000, "validate_only": validate_only})
        return _single(resp["results"], "result")

    def produce_body(self, topic, partition, records, acks=1, timeout_ms=10000):
        return produce_request(topic, partition, records, acks, timeout_ms)

    def produce(self, topic, partition, records, acks=1, version=9, timeout_ms=10000):
        """records: a RecordBatch blob (bytes), or a list of values to batch.
        Returns the partition response; with acks=0 returns None (no response)."""
        if isinstance(records, list):
            records = build_batch(records)
        body = self.produce_body(topic, partition, records, acks, timeout_ms)
        if acks == 0:
            self.send(PRODUCE, version, body)
            return None
        resp = self.request(PRODUCE, version, body)
        t = _single(resp["responses"], "topic response")
        return _single(t["partition_responses"], "partition response")

    def fetch_body(self, topic, partition, offset, version, topic_id=None, **kw):
        """As fetch_request(); for v13+ the topic id is looked up if not given."""
        if version >= 13 and topic_id is None:
            topic_id = self.topic_id(topic)
        return fetch_request(topic, partition, offset, topic_id=topic_id, **kw)

    def fetch(self, topic, partition, offset, version=12, topic_id=None, max_wait_ms=0,
              min_bytes=0, max_bytes=50 << 20, partition_max_bytes=1 << 20, timeout=None):
        """Returns the partition response dict (top-level error_code is checked)."""
        body = self.fetch_body(topic, partition, offset, version, topic_id,
                               max_wait_ms=max_wait_ms, min_bytes=min_bytes,
                               max_bytes=max_bytes, partition_max_bytes=partition_max_bytes)
        if timeout is None:
            timeout = max(self.timeout, max_wait_ms / 1000.0 + 10)
        resp = self.request(FETCH, version, body, timeout=timeout)
        if resp.get("error_code", 0) != 0:
            raise AssertionError(f"fetch top-level error {error_name(resp['error_code'])}")
        t = _single(resp["responses"], "topic response")
        return _single(t["partitions"], "partition response")

    def fetch_all(self, topic, partition, start=0, version=12):
        """Every record from `start` to the high watermark, fetching repeatedly."""
        out = []
        offset = start
        while True:
            p = self.fetch(topic, partition, offset, version=version)
            if p["error_code"] != 0:
                raise AssertionError(f"fetch {topic}-{partition}@{offset}: "
                                     f"{error_name(p['error_code'])}")
            recs = [r for r in records_of(p["records"]) if r["offset"] >= offset]
            out += recs
            if recs:
                offset = recs[-1]["offset"] + 1
            if offset >= p["high_watermark"] or not recs:
                return out

    def list_offsets(self, topic, partition, timestamp, version=7):
        body = {"replica_id": -1, "isolation_level": 0, "timeout_ms": 10000,
                "topics": [{"name": topic, "partitions": [
                    {"partition_index": partition, "timestamp": timestamp}]}]}
        resp = self.request(LIST_OFFSETS, version, body)
        t = _single(resp["topics"], "topic")
        return _single(t["partitions"], "partition")

    def wait_topic(self, topic, timeout=10.0):
        """Polls Metadata (without auto-creation) until the topic and all its
        partitions have a leader; returns the metadata topic entry."""
        deadline = time.monotonic() + timeout
        while True:
            t = _single(self.metadata([topic], allow_auto_topic_creation=False)["topics"],
                        "topic")
            if t["error_code"] == 0 and t["partitions"] and all(
                    p["error_code"] == 0 and p["leader_id"] >= 0 for p in t["partitions"]):
                return t
            if time.monotonic() > deadline:
                raise AssertionError(f"topic {topic} not ready: {t}")
            time.sleep(0.02)

    def describe_configs(self, resource_type, name, keys=None, version=4, synonyms=False,
                         documentation=False):
        resp = self.request(DESCRIBE_CONFIGS, version, {
            "resources": [{"resource_type": resource_type, "resource_name": name,
                           "configuration_keys": keys}],
            "include_synonyms": synonyms, "include_documentation": documentation})
        return _single(resp["results"], "result")

    # ---- consumer groups (classic protocol) and committed offsets ----

    def find_coordinator(self, key, key_type=0, version=6):
        """v0-3 take one key; v4+ a key or a list of keys (batched CoordinatorKeys).
        Returns the response (v4+: its `coordinators` list holds one entry per key)."""
        keys = [key] if isinstance(key, str) else list(key)
        if version >= 4:
            body = {"key_type": key_type, "coordinator_keys": keys}
        else:
            body = {"key": _single(keys, "key"), "key_type": key_type}
        return self.request(FIND_COORDINATOR, version, body)

    @staticmethod
    def join_group_body(group_id, member_id="", protocols=(("range", b""),),
                        protocol_type="consumer", session_timeout_ms=10000,
                        rebalance_timeout_ms=10000, group_instance_id=None, reason=None):
        """protocols: (name, metadata bytes) pairs in order of preference."""
        return {"group_id": group_id, "session_timeout_ms": session_timeout_ms,
                "rebalance_timeout_ms": rebalance_timeout_ms, "member_id": member_id,
                "group_instance_id": group_instance_id, "protocol_type": protocol_type,
                "protocols": [{"name": n, "metadata": m} for n, m in protocols],
                "reason": reason}

    def send_join_group(self, group_id, version=9, **kw):
        """Sends a JoinGroup without waiting (it may park until the rebalance
        completes); read the answer with recv(JOIN_GROUP, version, corr)."""
        return self.send(JOIN_GROUP, version, self.join_group_body(group_id, **kw))

    def join_group(self, group_id, version=9, timeout=None, **kw):
        """One JoinGroup (no MEMBER_ID_REQUIRED retry); returns the response."""
        corr = self.send_join_group(group_id, version, **kw)
        return self.recv(JOIN_GROUP, version, corr, timeout=timeout)

    @staticmethod
    def sync_group_body(group_id, generation_id, member_id, assignments=(),
                        group_instance_id=None, protocol_type=None, protocol_name=None):
        """assignments: {member_id: bytes} or (member_id, bytes) pairs."""
        items = assignments.items() if isinstance(assignments, dict) else assignments
        return {"group_id": group_id, "generation_id": generation_id, "member_id": member_id,
                "group_instance_id": group_instance_id, "protocol_type": protocol_type,
                "protocol_name": protocol_name,
                "assignments": [{"member_id": m, "assignment": a} for m, a in items]}

    def send_sync_group(self, group_id, generation_id, member_id, assignments=(), version=5,
                        **kw):
        """Sends a SyncGroup without waiting (a follower's parks until the leader's
        arrives); read the answer with recv(SYNC_GROUP, version, corr)."""
        return self.send(SYNC_GROUP, version, self.sync_group_body(
            group_id, generation_id, member_id, assignments, **kw))

    def sync_group(self, group_id, generation_id, member_id, assignments=(), version=5,
                   timeout=None, **kw):
        """Returns the response (error_code, assignment, ...)."""
        corr = self.send_sync_group(group_id, generation_id, member_id, assignments, version,
                                    **kw)
        return self.recv(SYNC_GROUP, version, corr, timeout=timeout)

    def heartbeat(self, group_id, generation_id, member_id, group_instance_id=None, version=4):
        """Returns the error code."""
        return self.request(HEARTBEAT, version, {
            "group_id": group_id, "generation_id": generation_id, "member_id": member_id,
            "group_instance_id": group_instance_id})["error_code"]

    def leave_group(self, group_id, members, version=5):
        """members: member ids or (member_id, group_instance_id) pairs; v0-2
        take exactly one. Returns the response."""
        ids = [m if isinstance(m, tuple) else (m, None) for m in members]
        if version >= 3:
            body = {"group_id": group_id, "members": [
                {"member_id": m, "group_instance_id": i} for m, i in ids]}
        else:
            body = {"group_id": group_id, "member_id": _single(ids, "member")[0]}
        return self.request(LEAVE_GROUP, version, body)

    @staticmethod
    def offset_commit_body(group_id, offsets, generation_id=-1, member_id="",
                           group_instance_id=None, retention_time_ms=-1):
        """offsets: {(topic, partition): offset, or a dict with offset, metadata,
        leader_epoch}; topics keep their first-seen order."""
        topics = {}
        for (t, p), o in offsets.items():
            if not isinstance(o, dict):
                o = {"offset": o}
            topics.setdefault(t, []).append({
                "partition_index": p, "committed_offset": o["offset"],
                "committed_leader_epoch": o.get("leader_epoch", -1),
                "committed_metadata": o.get("metadata", "")})
        return {"group_id": group_id, "generation_id_or_member_epoch": generation_id,
                "member_id": member_id, "group_instance_id": group_instance_id,
                "retention_time_ms": retention_time_ms,
                "topics": [{"name": t, "partitions": ps} for t, ps in topics.items()]}

    def offset_commit(self, group_id, offsets, version=9, **kw):
        """Returns {(topic, partition): error_code} for every partition answered."""
        resp = self.request(OFFSET_COMMIT, version,
                            self.offset_commit_body(group_id, offsets, **kw))
        return {(t["name"], p["partition_index"]): p["error_code"]
                for t in resp["topics"] for p in t["partitions"]}

    @staticmethod
    def _fetch_topics(partitions):
        """{topic: [partitions]} or (topic, partition) pairs -> request topics; None stays None."""
        if partitions is None:
            return None
        if not isinstance(partitions, dict):
            d = {}
            for t, p in partitions:
                d.setdefault(t, []).append(p)
            partitions = d
        return [{"name": t, "partition_indexes": list(ps)} for t, ps in partitions.items()]

    def offset_fetch(self, group_id, partitions=None, version=9, require_stable=False):
        """partitions: {topic: [partition]} / (topic, partition) pairs, or None for
        all the group's offsets (v2+). Returns {"error_code": group-level error,
        "offsets": {(topic, partition): partition dict}, "response": raw}."""
        topics = self._fetch_topics(partitions)
        if version >= 8:
            resp = self.request(OFFSET_FETCH, version, {
                "groups": [{"group_id": group_id, "topics": topics}],
                "require_stable": require_stable})
            g = _single(resp["groups"], "group")
            err, rtopics = g["error_code"], g["topics"]
        else:
            resp = self.request(OFFSET_FETCH, version, {
                "group_id": group_id, "topics": topics, "require_stable": require_stable})
            err, rtopics = resp.get("error_code", 0), resp["topics"]
        offsets = {(t["name"], p["partition_index"]): p for t in rtopics for p in t["partitions"]}
        return {"error_code": err, "offsets": offsets, "response": resp}

    def offset_fetch_groups(self, groups, version=9, require_stable=False):
        """v8+ multi-group fetch. groups: {group_id: partitions or None}.
        Returns {group_id: {"error_code", "offsets"}} for the groups answered."""
        resp = self.request(OFFSET_FETCH, version, {
            "groups": [{"group_id": g, "topics": self._fetch_topics(ps)}
                       for g, ps in groups.items()],
            "require_stable": require_stable})
        return {g["group_id"]: {"error_code": g["error_code"], "offsets": {
            (t["name"], p["partition_index"]): p for t in g["topics"] for p in t["partitions"]}}
            for g in resp["groups"]}

    def describe_groups(self, group_ids, version=5):
        return self.request(DESCRIBE_GROUPS, version, {
            "groups": list(group_ids), "include_authorized_operations": False})["groups"]

    def describe_group(self, group_id, version=5):
        return _single(self.describe_groups([group_id], version), "group")

    def list_groups(self, states_filter=(), types_filter=(), version=5):
        """Returns the response (error_code, groups)."""
        return self.request(LIST_GROUPS, version, {"states_filter": list(states_filter),
                                                   "types_filter": list(types_filter)})

    def delete_groups(self, group_ids, version=2):
        """Returns {group_id: error_code}."""
        resp = self.request(DELETE_GROUPS, version, {"groups_names": list(group_ids)})
        return {r["group_id"]: r["error_code"] for r in resp["results"]}

    def offset_delete(self, group_id, partitions):
        """partitions: {topic: [partition]}. Returns the response (error_code, topics)."""
        if not isinstance(partitions, dict):
            d = {}
            for t, p in partitions:
                d.setdefault(t, []).append(p)
            partitions = d
        return self.request(OFFSET_DELETE, 0, {"group_id": group_id, "topics": [
            {"name": t, "partitions": [{"partition_index": p} for p in ps]}
            for t, ps in partitions.items()]})


def unique_name(prefix="t"):
    """A topic name no other test uses."""
    return f"{prefix}-{uuid_mod.uuid4().hex[:10]}"


def delete_records(c, topic, offsets, version=2):
    """DeleteRecords for {partition: offset}; returns {partition: (error_code, low_watermark)}."""
    resp = c.request(DELETE_RECORDS, version, {"timeout_ms": 10000, "topics": [
        {"name": topic, "partitions": [{"partition_index": p, "offset": o} for p, o in offsets.items()]}]})
    return {p["partition_index"]: (p["error_code"], p["low_watermark"])
            for t in resp["topics"] for p in t["partitions"]}


def alter_configs(c, resource_name, configs, resource_type=2, validate_only=False, version=2):
    """Legacy AlterConfigs of one resource: configs is a list of (name, value), replacing
    the whole set; returns (error_code, error_message)."""
    resp = c.request(ALTER_CONFIGS, version, {"validate_only": validate_only, "resources": [{
        "resource_type": resource_type, "resource_name": resource_name,
        "configs": [{"name": n, "value": v} for n, v in configs]}]})
    r = _single(resp["responses"], "resource")
    return r["error_code"], r["error_message"]


def incremental_alter_configs(c, resource_name, ops, resource_type=2, validate_only=False, version=1):
    """ops: (name, op, value) with op 0 SET, 1 DELETE, 2 APPEND, 3 SUBTRACT; returns
    (error_code, error_message) of the one resource."""
    resp = c.request(INCREMENTAL_ALTER_CONFIGS, version, {"validate_only": validate_only, "resources": [{
        "resource_type": resource_type, "resource_name": resource_name,
        "configs": [{"name": n, "config_operation": o, "value": v} for n, o, v in ops]}]})
    r = _single(resp["responses"], "resource")
    return r["error_code"], r["error_message"]


def client(bootstrap, timeout=10.0):
    host, port = bootstrap.rsplit(":", 1)
    return Client(host, int(port), timeout=timeout)


# Kafka ListOffsets special timestamps and DescribeConfigs resource types.
EARLIEST = -2
LATEST = -1
MAX_TIMESTAMP = -3
RESOURCE_TOPIC = 2
RESOURCE_BROKER = 4


# ----------------------------------------------------------------------------
# Self-test of the codecs (no broker needed): python3 kafka_wire.py
# ----------------------------------------------------------------------------

def self_test():
    # CRC-32C check value from the Castagnoli spec / RFC 3720.
    assert crc32c(b"123456789") == 0xE3069283
    assert crc32c(b"") == 0
    assert crc32c(bytes(32)) == 0x8A9136AA  # RFC 3720 B.4: 32 bytes of zeros
    assert crc32c(b"\xff" * 32) == 0x62A8AB43  # RFC 3720 B.4: 32 bytes of 0xff
    # Varints: Kafka's ByteUtils examples.
    assert uvarint(0) == b"\x00" and uvarint(127) == b"\x7f" and uvarint(300) == b"\xac\x02"
    assert varint(-1) == b"\x01" and varint(1) == b"\x02" and varint(-64) == b"\x7f"
    assert Reader(varint(-123456789)).varint() == -123456789
    assert Reader(uvarint(2 ** 40)).uvarint() == 2 ** 40
    # Strings: classic int16 length, compact length+1, null forms.
    assert bytes(Writer().string("ab").buf) == b"\x00\x02ab"
    assert bytes(Writer(True).string("ab").buf) == b"\x03ab"
    assert bytes(Writer().string(None).buf) == b"\xff\xff"
    assert bytes(Writer(True).string(None).buf) == b"\x00"
    # A request header v1 and v2 layout.
    h1 = encode_request_header(METADATA, 8, 7, "c")
    assert h1 == b"\x00\x03\x00\x08\x00\x00\x00\x07\x00\x01c"
    h2 = encode_request_header(METADATA, 12, 7, "c")
    assert h2 == h1[:2] + b"\x00\x0c" + h1[4:] + b"\x00"
    # ApiVersions v3 request body: two compact strings and empty tags.
    assert encode_body(API_VERSIONS, 3, {"client_software_name": "a",
                                         "client_software_version": "1"}) == b"\x02a\x021\x00"
    # Metadata v12 request: null topics array is compact length 0.
    assert encode_body(METADATA, 12, {"topics": None}) == b"\x00\x01\x00\x00"
    # Every schema round-trips defaults at every valid version.
    for (key, kind), s in SCHEMAS.items():
        lo, hi = s.valid.split("-")
        for v in range(int(lo), int(hi) + 1):
            blob = encode_body(key, v, {}, kind)
            decode_body(key, v, blob, kind)
    # Tagged fields round-trip (FetchResponse current_leader is tag 1 in v12+).
    resp = {"responses": [{"topic": "t", "partitions": [
        {"partition_index": 3, "current_leader": {"leader_id": 5, "leader_epoch": 9},
         "records": b"xyz"}]}]}
    back = decode_body(FETCH, 12, encode_body(FETCH, 12, resp, "response"))
    p = back["responses"][0]["partitions"][0]
    assert p["current_leader"] == {"leader_id": 5, "leader_epoch": 9}
    assert p["diverging_epoch"] == {} and p["records"] == b"xyz" and p["partition_index"] == 3
    # Record batches, plain and gzip, parse back with CRC checked.
    for codec in (COMPRESSION_NONE, COMPRESSION_GZIP):
        b = build_batch([b"v0", {"key": b"k1", "value": None, "headers": [("h", b"x")]}],
                        base_offset=10, compression=codec, base_timestamp=1000,
                        timestamps=[1000, 1005])
        (pb,) = parse_batches(b)
        assert pb.base_offset == 10 and pb.record_count == 2 and pb.last_offset_delta == 1
        assert pb.size == len(b) and pb.max_timestamp == 1005 and pb.attributes & 7 == codec
        assert [r["offset"] for r in pb.records] == [10, 11]
        assert pb.records[0]["value"] == b"v0" and pb.records[1]["value"] is None
        assert pb.records[1]["key"] == b"k1" and pb.records[1]["headers"] == [("h", b"x")]
        assert pb.records[1]["timestamp"] == 1005
        bad = bytearray(b)
        bad[-1] ^= 1
        try:
            parse_batches(bytes(bad))
            raise AssertionError("CRC mismatch not detected")
        except DecodeError:
            pass
    # A partial trailing batch is dropped, not an error.
    two = build_batch([b"a"]) + build_batch([b"b"], base_offset=1)
    assert len(parse_batches(two[:-3])) == 1
    # Java's String.hashCode (values as Java computes them) and Utils.abs.
    assert java_string_hashcode("") == 0 and java_string_hashcode("a") == 97
    assert java_string_hashcode("hello") == 99162322
    assert java_string_hashcode("polygenelubricants") == -(1 << 31)
    assert offsets_partition_for("polygenelubricants") == 0
    assert java_string_hashcode("\U0001D11E") == 31 * 0xD834 + 0xDD1E  # one surrogate pair
    # Consumer protocol payloads: ConsumerProtocolSubscription v0, Assignment v0.
    sub = consumer_subscription(["t"])
    assert sub == b"\x00\x00" + b"\x00\x00\x00\x01\x00\x01t" + b"\xff\xff\xff\xff"
    assert parse_subscription(sub) == {"topics": ["t"], "user_data": None, "version": 0}
    asg = consumer_assignment({"t": [0, 2]}, user_data=b"u")
    assert asg == (b"\x00\x00" + b"\x00\x00\x00\x01\x00\x01t\x00\x00\x00\x02"
                   + b"\x00\x00\x00\x00\x00\x00\x00\x02" + b"\x00\x00\x00\x01u")
    assert parse_assignment(asg)["partitions"] == {"t": [0, 2]}
    # __consumer_offsets records round-trip through their schemas.
    k = encode_data('OffsetCommitKey', 1, {"group": "g", "topic": "t", "partition": 3})
    v = encode_data('OffsetCommitValue', 3, {"offset": 5, "leader_epoch": 2, "metadata": "m",
                                             "commit_timestamp": 7})
    kind, kd, vd = parse_offsets_record(k, v)
    assert kind == "offset" and kd["partition"] == 3 and vd["offset"] == 5 and vd["version"] == 3
    assert parse_offsets_record(encode_data('GroupMetadataKey', 2, {"group": "g"}), None)[2] is None
    return True


if __name__ == "__main__":
    self_test()
    print("kafka_wire self-test OK")
