"""librdkafka (C) against samsa, through tests/clients/rdkafka_roundtrip.c.

The client produces 100,000 keyed messages over 6 partitions with each
compression codec, waits for every delivery report, then reads everything back
with assign() and checks every byte, offset, per-partition order and that each
key is in the partition librdkafka's consistent_random partitioner picks. The
restart tests produce, stop (or kill) the broker, start it on the same data and
read everything back, checking offsets against the delivery reports and the
watermarks from rd_kafka_query_watermark_offsets.
"""
import glob
import os
import struct
import subprocess

import pytest

from samsa_broker import BUILD_DIR

COUNT = 100000
PARTITIONS = 6


def client_path():
    for p in (os.path.join(BUILD_DIR, "tests", "rdkafka_roundtrip"),
              os.path.join(BUILD_DIR, "rdkafka_roundtrip")):
        if os.access(p, os.X_OK):
            return p
    pytest.fail(f"rdkafka_roundtrip not built in {BUILD_DIR} "
                "(cmake --build <build dir> --target rdkafka_roundtrip)")


def run_client(broker, topic, mode, *args, timeout=300):
    # A later --count in args overrides the default.
    cmd = [client_path(), broker.bootstrap, topic, mode, "--count", str(COUNT),
           "--partitions", str(PARTITIONS), *args]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    out = r.stdout + r.stderr
    assert r.returncode == 0, (f"{' '.join(cmd)} exited {r.returncode}:\n{out[-6000:]}\n"
                               f"broker log tail:\n{broker.log_text()[-3000:]}")
    assert "OK: 0 failures" in r.stdout, out
    return r.stdout


@pytest.mark.parametrize("codec", ["none", "gzip", "snappy", "lz4", "zstd"])
def test_roundtrip_codec(broker, codec):
    out = run_client(broker, f"roundtrip-{codec}", "both", "--create", "--codec", codec)
    assert f"produced {COUNT} messages ({codec})" in out, out
    assert f"delivered {COUNT}, errors 0" in out, out
    assert f"consumed {COUNT} messages" in out and "missing 0" in out, out
    broker.check_sanitizers()


CODEC_IDS = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}


def stored_batch_codecs(log_dir, topic):
    """Compression codec (attributes & 7) of every batch in the topic's segment files,
    read from Kafka's on-disk layout: <log.dirs>/<topic>-<partition>/<base>.log holding
    RecordBatch v2 (baseOffset int64, batchLength int32, partitionLeaderEpoch int32,
    magic int8, crc uint32, attributes int16, ...)."""
    codecs, nbatches = set(), 0
    files = glob.glob(os.path.join(log_dir, f"{topic}-*", "*.log"))
    assert files, f"no segment files for {topic} under {log_dir}"
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        pos = 0
        while pos + 23 <= len(data):
            _, length, _, magic, _, attrs = struct.unpack_from(">qiibIh", data, pos)
            assert magic == 2, (path, pos, magic)
            codecs.add(attrs & 7)
            nbatches += 1
            pos += 12 + length
        assert pos == len(data), f"{path}: {len(data) - pos} trailing bytes"
    assert nbatches > 0
    return codecs


@pytest.mark.parametrize("codec", ["none", "gzip", "snappy", "lz4", "zstd"])
def test_batches_stored_as_compressed(broker, codec):
    """The producer really compressed, and the broker kept its batches as they were sent."""
    topic = f"stored-{codec}"
    run_client(broker, topic, "produce", "--create", "--codec", codec, "--count", "5000")
    assert stored_batch_codecs(broker.log_dir, topic) == {CODEC_IDS[codec]}


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_data_survives_restart(make_broker, tmp_path, how):
    """Acknowledged (acks=all) data is all there, at the same offsets, after a clean
    stop and after SIGKILL (the OS page cache survives a process crash)."""
    b = make_broker()
    b.start()
    state = str(tmp_path / "delivery.txt")
    run_client(b, "durable", "produce", "--create", "--codec", "lz4", "--state", state)
    if how == "stop":
        b.stop()
    else:
        b.kill()
    b.start()
    out = run_client(b, "durable", "consume", "--state", state)
    assert f"consumed {COUNT} messages" in out and "missing 0" in out, out
    # A second restart must not lose or duplicate anything either.
    b.restart()
    run_client(b, "durable", "consume", "--state", state)
