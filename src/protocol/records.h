/*
 * RecordBatch v2 (magic 2), the only format Samsa stores. Byte layout of the
 * 61-byte batch header, all big-endian:
 *
 *   off len field
 *     0   8 BaseOffset            set by the broker on append
 *     8   4 BatchLength           bytes after this field (total = 12 + BatchLength)
 *    12   4 PartitionLeaderEpoch  set by the broker on append
 *    16   1 Magic                 must be 2
 *    17   4 CRC                   CRC-32C of bytes 21..end (Attributes onward)
 *    21   2 Attributes            bits 0-2 compression (0 none, 1 gzip, 2 snappy,
 *                                 3 lz4, 4 zstd), bit 3 timestamp type (1 =
 *                                 LogAppendTime), bit 4 transactional, bit 5 control
 *    23   4 LastOffsetDelta
 *    27   8 BaseTimestamp (FirstTimestamp)
 *    35   8 MaxTimestamp
 *    43   8 ProducerId
 *    51   2 ProducerEpoch
 *    53   4 BaseSequence
 *    57   4 RecordCount           records follow (compressed as a whole if codec != 0)
 *
 * Because BaseOffset and PartitionLeaderEpoch lie before the CRC'd range, the
 * broker sets them in place without recomputing the CRC.
 *
 * Record (uncompressed, inside the batch): length varint, attributes int8,
 * timestampDelta varlong, offsetDelta varint, keyLength varint (-1 null), key,
 * valueLength varint, value, headerCount varint, headers [keyLen varint, key,
 * valueLen varint (-1 null), value].
 */
#ifndef SM_RECORDS_H
#define SM_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SM_BATCH_HEADER_SIZE 61
#define SM_BATCH_LOG_OVERHEAD 12 /* BaseOffset + BatchLength */
#define SM_BATCH_CRC_OFFSET 21   /* first byte covered by the CRC */

enum {
    SM_COMPRESSION_NONE = 0,
    SM_COMPRESSION_GZIP = 1,
    SM_COMPRESSION_SNAPPY = 2,
    SM_COMPRESSION_LZ4 = 3,
    SM_COMPRESSION_ZSTD = 4,
};
#define SM_ATTR_COMPRESSION_MASK 0x07
#define SM_ATTR_LOG_APPEND_TIME 0x08
#define SM_ATTR_TRANSACTIONAL 0x10
#define SM_ATTR_CONTROL 0x20

typedef struct sm_batch_header {
    int64_t BaseOffset;
    int32_t BatchLength;
    int32_t PartitionLeaderEpoch;
    int8_t Magic;
    uint32_t Crc;
    int16_t Attributes;
    int32_t LastOffsetDelta;
    int64_t BaseTimestamp;
    int64_t MaxTimestamp;
    int64_t ProducerId;
    int16_t ProducerEpoch;
    int32_t BaseSequence;
    int32_t RecordCount;
} sm_batch_header_t;

/* CRC-32C (Castagnoli), as Kafka uses for batches. Start with crc = 0;
 * sm_crc32c(sm_crc32c(0, a), b) is the CRC of a then b. Uses VPCLMULQDQ
 * folding (AVX-512 or AVX2) or SSE4.2 when the CPU has them (crc32c.c). */
uint32_t sm_crc32c(uint32_t crc, const void *data, size_t len);
/* The portable table-driven implementation (tests compare the two). */
uint32_t sm_crc32c_sw(uint32_t crc, const void *data, size_t len);
/* Which implementation sm_crc32c uses here: "vpclmul512", "vpclmul256",
 * "sse4.2" or "table". */
const char *sm_crc32c_impl_name(void);
/* For tests: the name of the i-th implementation this CPU can run, best
 * first (0 is sm_crc32c's, the last is "table"), or NULL past the last; and
 * the CRC computed by it. */
const char *sm_crc32c_available(int i);
uint32_t sm_crc32c_using(int i, uint32_t crc, const void *data, size_t len);

/* Parses the fixed header at p (needs len >= SM_BATCH_HEADER_SIZE). Returns 0
 * or -1 if too short. Checks nothing else. */
int sm_batch_header_parse(const uint8_t *p, size_t len, sm_batch_header_t *h);

/* Summary of a validated produce payload. */
typedef struct sm_records_summary {
    int32_t batch_count;
    int64_t record_count;     /* sum of RecordCount */
    int64_t offset_count;     /* sum of LastOffsetDelta + 1: offsets the append takes */
    int64_t max_timestamp;
    int64_t first_timestamp;  /* BaseTimestamp of the first batch */
    int32_t max_batch_size;   /* largest single batch in bytes */
    int compression;          /* codec of the first batch */
    int64_t null_key_count;   /* records without a key (refused by compacted topics) */
} sm_records_summary_t;

/*
 * Validates a produce payload in place: a sequence of whole RecordBatch v2
 * that exactly fills `len`. Per batch: header present, BatchLength sane and
 * within the payload, Magic 2, CRC-32C matches, RecordCount >= 1 and
 * LastOffsetDelta == RecordCount - 1, codec known (0..4); the records are
 * walked (compressed batches are first decompressed into a per-thread
 * reusable buffer, at most sm_decompress_limit(batch size) bytes, see
 * compression.h) and must number RecordCount and fill the batch exactly.
 * Returns a Kafka error code: 0 (NONE), CORRUPT_MESSAGE (bad CRC, truncated
 * or overlong batch, record framing wrong, magic < 0 or > 2, compressed
 * records that fail to decompress or decompress past the limit),
 * INVALID_RECORD (record count mismatch, empty batch, empty payload, magic 0
 * or 1 — what Kafka answers to Produce v3+ carrying legacy messages),
 * UNSUPPORTED_COMPRESSION_TYPE (codec 5-7). Thread-safe.
 */
int sm_records_validate(const uint8_t *p, size_t len, sm_records_summary_t *sum);

/* Iterates the whole batches of a buffer holding a log or fetch response.
 * Returns 1 and fills h and *batch_len for the batch at *pos and advances
 * *pos; 0 at a clean end; -1 if the bytes at *pos are a truncated batch. */
int sm_batch_next(const uint8_t *p, size_t len, size_t *pos, sm_batch_header_t *h, size_t *batch_len);

/* Stamps a whole, validated batch (len = 12 + BatchLength) as LogAppendTime:
 * sets the timestamp-type attribute and MaxTimestamp to `now_ms` and
 * recomputes the CRC, as Kafka's LogValidator does for such topics. */
void sm_batch_set_log_append_time(uint8_t *batch, size_t len, int64_t now_ms);

/* Sets a whole batch's ProducerId, ProducerEpoch, BaseSequence and the
 * transactional attribute, then its CRC. */
void sm_batch_set_producer(uint8_t *batch, size_t len, int64_t producer_id, int16_t epoch, int32_t base_sequence,
                           bool transactional);

/* Verifies the CRC of one whole batch (len = 12 + BatchLength). */
bool sm_batch_crc_ok(const uint8_t *batch, size_t len);

/* One record of an uncompressed batch, as views into the batch bytes. */
typedef struct sm_record {
    int8_t Attributes;
    int64_t TimestampDelta;
    int32_t OffsetDelta;
    const uint8_t *Key; /* NULL when null */
    int32_t KeyLength;  /* -1 = null */
    const uint8_t *Value;
    int32_t ValueLength;
    int32_t HeaderCount;
    const uint8_t *Headers; /* HeaderCount headers (framing already checked) */
    size_t HeadersLen;
} sm_record_t;

/* Parses the record at *pos of an uncompressed batch's record area p[0..len)
 * (the bytes after the 61-byte header), checking its framing: the length
 * varint, every field inside the stated length, which the fields must fill
 * exactly. Returns 1 and advances *pos, 0 at the end (*pos == len), -1 if
 * malformed (never reads outside p[0..len)). */
int sm_record_next(const uint8_t *p, size_t len, size_t *pos, sm_record_t *rec);

/* Iterates a record's headers (rec->Headers, rec->HeadersLen). Returns 1 with
 * views of the key and value (value_len -1 = null), 0 at the end, -1 if malformed. */
int sm_record_header_next(const uint8_t *p, size_t len, size_t *pos, const uint8_t **key,
                          int32_t *key_len, const uint8_t **value, int32_t *value_len);

/* Test/tool helper: builds one uncompressed batch of `count` records with the
 * given keys/values (NULL key or value = null; `keys`/`values` themselves may
 * be NULL for all-null) into out (malloc'd, *out_len set). BaseOffset 0,
 * PartitionLeaderEpoch -1, timestamps base_timestamp + i (CreateTime),
 * producer id/epoch/sequence -1, CRC set. count 0 builds an (invalid) empty
 * batch with LastOffsetDelta -1. Returns 0, or -1 if count < 0 or out of memory. */
int sm_batch_build(const void *const *keys, const size_t *key_lens, const void *const *values,
                   const size_t *value_lens, int count, int64_t base_timestamp,
                   uint8_t **out, size_t *out_len);

#endif
