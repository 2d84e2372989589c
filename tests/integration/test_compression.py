"""Compressed record batches against the real broker (src/protocol/compression.c).

- kcat (librdkafka) produces with -z gzip|snappy|lz4|zstd and consumes back;
  the segment files show the batches were stored compressed.
- Batches built here in every framing producers use (gzip, raw snappy as librdkafka writes it, snappy-java "xerial" framing as the Java
  client writes it, an LZ4 frame, zstd with and without a content size as
  librdkafka and Java write them) are accepted and read back by kcat.
- Compressed batches with a correct CRC but garbage, truncated or lying
  contents (or two gzip members, which librdkafka consumers cannot read past
  the first) get CORRUPT_MESSAGE / INVALID_RECORD and append nothing; zip bombs
  are refused and the broker carries on.

The codecs are the system libraries (libsnappy, liblz4, libzstd via ctypes;
zlib from Python), the same ones the broker links.
"""
import ctypes
import ctypes.util
import glob
import os
import random
import shutil
import struct
import subprocess
import zlib

import pytest

import kafka_wire as kw

KCAT = shutil.which("kcat") or shutil.which("kafkacat")
CODEC_IDS = {"gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}


def _lib(name):
    path = ctypes.util.find_library(name)
    if not path:
        pytest.fail(f"lib{name} not found (the broker links it: install lib{name}-dev)")
    return ctypes.CDLL(path)


@pytest.fixture(scope="module", autouse=True)
def need_kcat():
    if not KCAT:
        pytest.fail("kcat is not installed (apt-get install kcat)")


# ---------------------------------------------------------------------------
# Compressors, in the framings Kafka clients write
# ---------------------------------------------------------------------------

def gzip_of(data):
    co = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return co.compress(data) + co.flush()


def snappy_raw_of(data):
    lib = _lib("snappy")
    lib.snappy_max_compressed_length.restype = ctypes.c_size_t
    lib.snappy_max_compressed_length.argtypes = [ctypes.c_size_t]
    lib.snappy_compress.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                    ctypes.POINTER(ctypes.c_size_t)]
    cap = lib.snappy_max_compressed_length(len(data))
    out = ctypes.create_string_buffer(cap)
    n = ctypes.c_size_t(cap)
    assert lib.snappy_compress(data, len(data), out, ctypes.byref(n)) == 0
    return out.raw[:n.value]


def snappy_xerial_of(data, block=32768):
    """snappy-java's SnappyOutputStream: magic, version 1, compatible 1, then
    [int32 BE length][raw snappy block] per 32 KiB of input."""
    out = b"\x82SNAPPY\x00" + struct.pack(">ii", 1, 1)
    for off in range(0, len(data), block):
        b = snappy_raw_of(data[off:off + block])
        out += struct.pack(">i", len(b)) + b
    return out


class _LZ4FPrefs(ctypes.Structure):
    # LZ4F_preferences_t (lz4frame.h, v1.9): frameInfo then level/autoFlush/favorDecSpeed/reserved
    _fields_ = [("blockSizeID", ctypes.c_int), ("blockMode", ctypes.c_int),
                ("contentChecksumFlag", ctypes.c_int), ("frameType", ctypes.c_int),
                ("contentSize", ctypes.c_ulonglong), ("dictID", ctypes.c_uint),
                ("blockChecksumFlag", ctypes.c_int),
                ("compressionLevel", ctypes.c_int), ("autoFlush", ctypes.c_uint),
                ("favorDecSpeed", ctypes.c_uint), ("reserved", ctypes.c_uint * 3)]


def lz4_of(data):
    """One LZ4 frame as Kafka's Java client writes it: 64 KiB independent blocks."""
    lib = _lib("lz4")
    lib.LZ4F_compressFrameBound.restype = ctypes.c_size_t
    lib.LZ4F_compressFrameBound.argtypes = [ctypes.c_size_t, ctypes.c_void_p]
    lib.LZ4F_compressFrame.restype = ctypes.c_size_t
    lib.LZ4F_compressFrame.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                       ctypes.c_size_t, ctypes.c_void_p]
    lib.LZ4F_isError.argtypes = [ctypes.c_size_t]
    prefs = _LZ4FPrefs()
    prefs.blockSizeID = 4  # LZ4F_max64KB
    prefs.blockMode = 1    # LZ4F_blockIndependent
    prefs.contentChecksumFlag = 1
    cap = lib.LZ4F_compressFrameBound(len(data), ctypes.byref(prefs))
    out = ctypes.create_string_buffer(cap)
    n = lib.LZ4F_compressFrame(out, cap, data, len(data), ctypes.byref(prefs))
    assert not lib.LZ4F_isError(n)
    assert out.raw[:4] == b"\x04\x22\x4d\x18"
    return out.raw[:n]


class _ZBuf(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_void_p), ("size", ctypes.c_size_t), ("pos", ctypes.c_size_t)]


def zstd_of(data, content_size=True):
    """A zstd frame; without content_size it is streamed as zstd-jni does for
    Java (ZSTD_e_continue, then ZSTD_e_end), so the header has no size."""
    lib = _lib("zstd")
    lib.ZSTD_compressBound.restype = ctypes.c_size_t
    lib.ZSTD_compressBound.argtypes = [ctypes.c_size_t]
    lib.ZSTD_isError.argtypes = [ctypes.c_size_t]
    cap = lib.ZSTD_compressBound(len(data)) + 64
    out = ctypes.create_string_buffer(cap)
    if content_size:
        lib.ZSTD_compress.restype = ctypes.c_size_t
        lib.ZSTD_compress.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                      ctypes.c_size_t, ctypes.c_int]
        n = lib.ZSTD_compress(out, cap, data, len(data), 3)
        assert not lib.ZSTD_isError(n)
        return out.raw[:n]
    lib.ZSTD_createCCtx.restype = ctypes.c_void_p
    lib.ZSTD_freeCCtx.argtypes = [ctypes.c_void_p]
    lib.ZSTD_compressStream2.restype = ctypes.c_size_t
    lib.ZSTD_compressStream2.argtypes = [ctypes.c_void_p, ctypes.POINTER(_ZBuf),
                                         ctypes.POINTER(_ZBuf), ctypes.c_int]
    cc = lib.ZSTD_createCCtx()
    src = ctypes.create_string_buffer(data, len(data))
    ob = _ZBuf(ctypes.cast(out, ctypes.c_void_p), cap, 0)
    step = 16384
    for off in range(0, len(data), step):
        ib = _ZBuf(ctypes.addressof(src) + off, min(step, len(data) - off), 0)
        while ib.pos < ib.size:
            assert not lib.ZSTD_isError(lib.ZSTD_compressStream2(cc, ob, ib, 0))
    ib = _ZBuf(None, 0, 0)
    while True:
        left = lib.ZSTD_compressStream2(cc, ob, ib, 2)  # ZSTD_e_end
        assert not lib.ZSTD_isError(left)
        if left == 0:
            break
    lib.ZSTD_freeCCtx(cc)
    frame = out.raw[:ob.pos]
    # Frame_Header_Descriptor: FCS_flag 0 and no single segment -> no content size
    assert frame[:4] == b"\x28\xb5\x2f\xfd" and (frame[4] & 0xE0) == 0, frame[:6].hex()
    return frame


VARIANTS = {
    "gzip": (1, gzip_of),
    "snappy-raw": (2, snappy_raw_of),
    "snappy-xerial": (2, snappy_xerial_of),
    "lz4": (3, lz4_of),
    "zstd": (4, lambda d: zstd_of(d, True)),
    "zstd-no-size": (4, lambda d: zstd_of(d, False)),
    "zstd-2-frames": (4, lambda d: zstd_of(d[:len(d) // 2]) + zstd_of(d[len(d) // 2:], False)),
}


# ---------------------------------------------------------------------------
# Batches and broker helpers
# ---------------------------------------------------------------------------

def rewrap(batch, codec, payload, record_count=None):
    """`batch` (uncompressed, from kw.build_batch) with `payload` as its records
    section, `codec` in Attributes, optionally another RecordCount, and a
    correct CRC."""
    b = bytearray(batch[:kw.BATCH_HEADER_SIZE]) + payload
    struct.pack_into(">i", b, 8, len(b) - 12)
    attrs = struct.unpack_from(">h", b, 21)[0]
    struct.pack_into(">h", b, 21, (attrs & ~7) | codec)
    if record_count is not None:
        struct.pack_into(">i", b, 57, record_count)
        struct.pack_into(">i", b, 23, record_count - 1)
    struct.pack_into(">I", b, 17, kw.crc32c(bytes(b[kw.BATCH_CRC_OFFSET:])))
    return bytes(b)


def values_for(tag, n):
    return [b"%s-%05d-" % (tag.encode(), i) + b"payload " * (i % 40) for i in range(n)]


def produce_raw(broker, topic, batch):
    with kw.client(broker.bootstrap) as c:
        return c.produce(topic, 0, batch)


def leo(broker, topic):
    with kw.client(broker.bootstrap) as c:
        return c.list_offsets(topic, 0, kw.LATEST)["offset"]


def create_topic(broker, topic):
    with kw.client(broker.bootstrap) as c:
        assert c.create_topic(topic)["error_code"] == 0
        c.wait_topic(topic)


def kcat(broker, *args, input=None, timeout=60):
    cmd = [KCAT, "-b", broker.bootstrap, "-m", "15", *args]
    r = subprocess.run(cmd, input=input, capture_output=True, timeout=timeout)
    assert r.returncode == 0, (f"{cmd} exited {r.returncode}\n"
                               f"stderr: {r.stderr.decode(errors='replace')}\n"
                               f"broker log tail:\n{broker.log_text()[-3000:]}")
    return r.stdout


def consume(broker, topic):
    """[(offset, value)] of partition 0, read by kcat (librdkafka decompresses)."""
    out = kcat(broker, "-C", "-t", topic, "-p", "0", "-e", "-o", "beginning",
               "-f", "%o %S\\n%s")
    msgs, pos = [], 0
    while pos < len(out):
        nl = out.index(b"\n", pos)
        off, vlen = (int(x) for x in out[pos:nl].split(b" "))
        pos = nl + 1
        msgs.append((off, out[pos:pos + vlen]))
        pos += vlen
    return msgs


def stored_codecs(broker, topic):
    """Codec (attributes & 7) of every batch in the partition's segment files."""
    codecs = []
    files = sorted(glob.glob(os.path.join(broker.log_dir, f"{topic}-0", "*.log")))
    assert files, f"no segments for {topic}"
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        pos = 0
        while pos + 23 <= len(data):
            _, length, _, magic, _, attrs = struct.unpack_from(">qiibIh", data, pos)
            assert magic == 2
            codecs.append(attrs & 7)
            pos += 12 + length
        assert pos == len(data)
    return codecs


def assert_alive(broker):
    assert broker.proc and broker.proc.poll() is None, "broker died:\n" + broker.log_text()[-3000:]
    broker.check_sanitizers()


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("codec", ["gzip", "snappy", "lz4", "zstd"])
def test_kcat_roundtrip(broker, codec):
    topic = f"z-kcat-{codec}"
    create_topic(broker, topic)
    sent = values_for(codec, 3000)
    kcat(broker, "-P", "-t", topic, "-p", "0", "-z", codec, "-X", "linger.ms=100",
         input=b"\n".join(sent) + b"\n")
    got = consume(broker, topic)
    assert [v for _, v in got] == sent
    assert [o for o, _ in got] == list(range(len(sent)))
    codecs = set(stored_codecs(broker, topic))
    assert codecs == {CODEC_IDS[codec]}, codecs
    assert_alive(broker)


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_client_framings_accepted(broker, variant):
    """Each framing a producer may write is accepted, stored as sent, and
    read back by a real consumer."""
    codec, compress = VARIANTS[variant]
    topic = f"z-framing-{variant}"
    create_topic(broker, topic)
    sent = values_for(variant, 400)
    plain = kw.build_batch(sent)
    batch = rewrap(plain, codec, compress(plain[kw.BATCH_HEADER_SIZE:]))
    for i in range(2):
        p = produce_raw(broker, topic, batch)
        assert p["error_code"] == 0, kw.error_name(p["error_code"])
        assert p["base_offset"] == i * len(sent)
    got = consume(broker, topic)
    assert [v for _, v in got] == sent * 2
    assert [o for o, _ in got] == list(range(2 * len(sent)))
    assert stored_codecs(broker, topic) == [codec, codec]


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_bad_compressed_batches_rejected(broker, variant):
    codec, compress = VARIANTS[variant]
    topic = f"z-bad-{variant}"
    create_topic(broker, topic)
    sent = values_for(variant, 50)
    plain = kw.build_batch(sent)
    records = plain[kw.BATCH_HEADER_SIZE:]
    good = compress(records)
    broken = bytearray(records)
    broken[0] += 2  # first record's length varint one larger: framing broken
    rnd = random.Random(variant)
    noise = bytes(rnd.getrandbits(8) for _ in range(len(good)))
    cases = {
        "garbage": (rewrap(plain, codec, noise), kw.CORRUPT_MESSAGE),
        "garbage-behind-magic": (rewrap(plain, codec, good[:8] + noise), kw.CORRUPT_MESSAGE),
        "truncated": (rewrap(plain, codec, good[:len(good) * 2 // 3]), None),
        "truncated-1": (rewrap(plain, codec, good[:-1]), None),
        "empty": (rewrap(plain, codec, b""), kw.CORRUPT_MESSAGE),
        "count-too-high": (rewrap(plain, codec, good, len(sent) + 1), kw.INVALID_RECORD),
        "count-too-low": (rewrap(plain, codec, good, len(sent) - 1), kw.INVALID_RECORD),
        "record-framing": (rewrap(plain, codec, compress(bytes(broken))), kw.CORRUPT_MESSAGE),
    }
    if codec == 1:
        # Java's GZIPInputStream would read a second member; librdkafka's
        # consumer (rd_gz_decompress) stops after the first and stalls.
        half = len(records) // 2
        cases["two-members"] = (rewrap(plain, codec, gzip_of(records[:half])
                                       + gzip_of(records[half:])), kw.CORRUPT_MESSAGE)
    before = leo(broker, topic)
    wrong = []
    for name, (batch, want) in cases.items():
        code = produce_raw(broker, topic, batch)["error_code"]
        # A snappy-java stream cut between blocks is well formed but short:
        # the record walk rejects it (INVALID_RECORD or CORRUPT_MESSAGE).
        ok = code == want if want is not None else code in (kw.CORRUPT_MESSAGE, kw.INVALID_RECORD)
        if not ok:
            wrong.append((name, kw.error_name(code)))
        assert leo(broker, topic) == before, f"{name} appended"
    assert not wrong, wrong
    # The partition still takes the good batch.
    p = produce_raw(broker, topic, rewrap(plain, codec, good))
    assert p["error_code"] == 0 and p["base_offset"] == before
    assert [v for _, v in consume(broker, topic)] == sent
    assert_alive(broker)


def _gzip_zeros(total, chunk=1 << 20):
    co = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(chunk)
    parts = [co.compress(zeros) for _ in range(total // chunk)]
    return b"".join(parts) + co.flush()


def test_zip_bombs_rejected(broker):
    """A few KB of zstd holding 64 MiB of zeros exceeds its batch's limit (the
    8 MiB floor); 300 MiB of zeros as ~300 KB of gzip exceeds the 256 MiB
    ceiling. Both are refused without taking the broker down."""
    topic = "z-bombs"
    create_topic(broker, topic)
    plain = kw.build_batch([b"x"])
    bombs = {
        "zstd": rewrap(plain, 4, zstd_of(bytes(64 << 20))),
        "gzip": rewrap(plain, 1, _gzip_zeros(300 << 20)),
    }
    assert len(bombs["zstd"]) < 64 << 10, len(bombs["zstd"])
    assert len(bombs["gzip"]) < 1 << 20, len(bombs["gzip"])  # under max.message.bytes
    for name, batch in bombs.items():
        code = produce_raw(broker, topic, batch)["error_code"]
        assert code == kw.CORRUPT_MESSAGE, (name, kw.error_name(code))
        assert leo(broker, topic) == 0
        assert_alive(broker)
    p = produce_raw(broker, topic, rewrap(plain, 4, zstd_of(plain[kw.BATCH_HEADER_SIZE:])))
    assert p["error_code"] == 0 and p["base_offset"] == 0
