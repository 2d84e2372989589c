/*
 * RecordBatch v2 parsing, validation and building. Layout (records.h):
 *
 *   BaseOffset int64 | BatchLength int32 | PartitionLeaderEpoch int32 |
 *   Magic int8 (=2) | CRC uint32 (CRC-32C of Attributes..end) |
 *   Attributes int16 | LastOffsetDelta int32 | BaseTimestamp int64 |
 *   MaxTimestamp int64 | ProducerId int64 | ProducerEpoch int16 |
 *   BaseSequence int32 | RecordCount int32 | records...
 *
 *   Record: length varint | attributes int8 | timestampDelta varlong |
 *           offsetDelta varint | keyLength varint | key | valueLength varint |
 *           value | headerCount varint | headers
 *   Header: keyLength varint (>= 0) | key | valueLength varint (-1 null) | value
 *
 * varint/varlong are zig-zag encoded, 7 bits per byte, least significant group
 * first, at most 5 / 10 bytes. Everything here works on untrusted bytes: every
 * read is bounded by the caller's length, and a length field is checked
 * against the bytes that remain before anything is skipped.
 */
#include "records.h"

#include <stdlib.h>
#include <string.h>

#include "compression.h"
#include "errors.h"
#include "wire.h"

/* Reads a zig-zag varint (int32) from [*pp, end). Like Kafka's
 * ByteUtils.readVarint: at most 5 bytes, surplus high bits of the 5th byte
 * are dropped. Returns false on overrun or a 6th continuation byte. */
static inline bool rd_varint(const uint8_t **pp, const uint8_t *end, int32_t *out)
{
    const uint8_t *p = *pp;
    uint32_t v = 0;
    for (int shift = 0; shift <= 28; shift += 7) {
        if (p >= end) return false;
        uint8_t b = *p++;
        v |= (uint32_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *pp = p;
            *out = (int32_t)((v >> 1) ^ (~(v & 1) + 1));
            return true;
        }
    }
    return false;
}

/* Zig-zag varlong (int64), at most 10 bytes. */
static inline bool rd_varlong(const uint8_t **pp, const uint8_t *end, int64_t *out)
{
    const uint8_t *p = *pp;
    uint64_t v = 0;
    for (int shift = 0; shift <= 63; shift += 7) {
        if (p >= end) return false;
        uint8_t b = *p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *pp = p;
            *out = (int64_t)((v >> 1) ^ (~(v & 1) + 1));
            return true;
        }
    }
    return false;
}

/* A length-prefixed byte field (key, value, header value): negative = null,
 * as Kafka reads it. */
static inline bool rd_field(const uint8_t **pp, const uint8_t *end, const uint8_t **ptr,
                            int32_t *len)
{
    int32_t n;
    if (!rd_varint(pp, end, &n)) return false;
    if (n < 0) {
        *ptr = NULL;
        *len = -1;
        return true;
    }
    if ((size_t)(end - *pp) < (size_t)n) return false;
    *ptr = *pp;
    *len = n;
    *pp += n;
    return true;
}

int sm_record_header_next(const uint8_t *p, size_t len, size_t *pos, const uint8_t **key,
                          int32_t *key_len, const uint8_t **value, int32_t *value_len)
{
    if (*pos >= len) return 0;
    const uint8_t *q = p + *pos, *end = p + len;
    int32_t kl;
    if (!rd_varint(&q, end, &kl) || kl < 0 || (size_t)(end - q) < (size_t)kl) return -1;
    *key = q;
    *key_len = kl;
    q += kl;
    if (!rd_field(&q, end, value, value_len)) return -1;
    *pos = (size_t)(q - p);
    return 1;
}

int sm_record_next(const uint8_t *p, size_t len, size_t *pos, sm_record_t *rec)
{
    if (*pos >= len) return 0;
    const uint8_t *q = p + *pos, *end = p + len;
    int32_t rlen;
    if (!rd_varint(&q, end, &rlen) || rlen < 0 || (size_t)(end - q) < (size_t)rlen) return -1;
    const uint8_t *rend = q + rlen;
    if (q >= rend) return -1;
    rec->Attributes = (int8_t)*q++;
    if (!rd_varlong(&q, rend, &rec->TimestampDelta)) return -1;
    if (!rd_varint(&q, rend, &rec->OffsetDelta)) return -1;
    if (!rd_field(&q, rend, &rec->Key, &rec->KeyLength)) return -1;
    if (!rd_field(&q, rend, &rec->Value, &rec->ValueLength)) return -1;
    if (!rd_varint(&q, rend, &rec->HeaderCount) || rec->HeaderCount < 0) return -1;
    /* Each header takes at least 2 bytes: reject absurd counts before looping. */
    if ((size_t)rec->HeaderCount > (size_t)(rend - q) / 2) return -1;
    rec->Headers = q;
    size_t hpos = 0, hlen = (size_t)(rend - q);
    for (int32_t i = 0; i < rec->HeaderCount; i++) {
        const uint8_t *k, *v;
        int32_t kl, vl;
        if (sm_record_header_next(q, hlen, &hpos, &k, &kl, &v, &vl) != 1) return -1;
    }
    /* The fields must fill the stated record length exactly. */
    if (hpos != hlen) return -1;
    rec->HeadersLen = hlen;
    *pos = (size_t)(rend - p);
    return 1;
}

int sm_batch_header_parse(const uint8_t *p, size_t len, sm_batch_header_t *h)
{
    if (len < SM_BATCH_HEADER_SIZE) return -1;
    h->BaseOffset = (int64_t)sm_be64(p + 0);
    h->BatchLength = (int32_t)sm_be32(p + 8);
    h->PartitionLeaderEpoch = (int32_t)sm_be32(p + 12);
    h->Magic = (int8_t)p[16];
    h->Crc = sm_be32(p + 17);
    h->Attributes = (int16_t)sm_be16(p + 21);
    h->LastOffsetDelta = (int32_t)sm_be32(p + 23);
    h->BaseTimestamp = (int64_t)sm_be64(p + 27);
    h->MaxTimestamp = (int64_t)sm_be64(p + 35);
    h->ProducerId = (int64_t)sm_be64(p + 43);
    h->ProducerEpoch = (int16_t)sm_be16(p + 51);
    h->BaseSequence = (int32_t)sm_be32(p + 53);
    h->RecordCount = (int32_t)sm_be32(p + 57);
    return 0;
}

bool sm_batch_crc_ok(const uint8_t *batch, size_t len)
{
    if (len < SM_BATCH_HEADER_SIZE) return false;
    int32_t blen = (int32_t)sm_be32(batch + 8);
    if (blen < 0 || (size_t)blen + SM_BATCH_LOG_OVERHEAD != len) return false;
    uint32_t crc = sm_crc32c(0, batch + SM_BATCH_CRC_OFFSET, len - SM_BATCH_CRC_OFFSET);
    return crc == sm_be32(batch + 17);
}

int sm_batch_next(const uint8_t *p, size_t len, size_t *pos, sm_batch_header_t *h,
                  size_t *batch_len)
{
    if (*pos >= len) return 0;
    size_t rem = len - *pos;
    const uint8_t *b = p + *pos;
    if (rem < SM_BATCH_HEADER_SIZE) return -1;
    int32_t blen = (int32_t)sm_be32(b + 8);
    if (blen < SM_BATCH_HEADER_SIZE - SM_BATCH_LOG_OVERHEAD ||
        (size_t)blen > rem - SM_BATCH_LOG_OVERHEAD)
        return -1;
    sm_batch_header_parse(b, rem, h);
    *batch_len = (size_t)blen + SM_BATCH_LOG_OVERHEAD;
    *pos += *batch_len;
    return 1;
}

/* Walks the records of one batch (uncompressed, or decompressed first). */
static int validate_records(const uint8_t *recs, size_t len, int32_t count, int64_t *null_keys)
{
    size_t pos = 0;
    for (int32_t i = 0; i < count; i++) {
        sm_record_t rec;
        int rc = sm_record_next(recs, len, &pos, &rec);
        if (rc == 0) return SM_ERR_INVALID_RECORD; /* fewer records than RecordCount */
        if (rc < 0) return SM_ERR_CORRUPT_MESSAGE;
        *null_keys += rec.KeyLength < 0;
    }
    /* Bytes left after RecordCount records: the count is wrong (Kafka:
     * "records still remaining"). */
    return pos == len ? SM_ERR_NONE : SM_ERR_INVALID_RECORD;
}

/* Decompresses one batch's records into this thread's reusable scratch
 * buffer (compression.h: no malloc in steady state, freed at thread exit)
 * and walks them like an uncompressed batch. The output is capped by
 * sm_decompress_limit(batch size); failing to decompress within it is
 * CORRUPT_MESSAGE (Kafka: "Failed to decompress", CorruptRecordException). */
static int validate_compressed(int codec, const uint8_t *in, size_t len, size_t batch_size,
                               int32_t count, int64_t *null_keys)
{
    const uint8_t *recs;
    size_t rlen;
    if (sm_decompress_scratch(codec, in, len, sm_decompress_limit(batch_size), &recs, &rlen))
        return SM_ERR_CORRUPT_MESSAGE;
    int rc = validate_records(recs, rlen, count, null_keys);
    sm_decompress_scratch_trim();
    return rc;
}

int sm_records_validate(const uint8_t *p, size_t len, sm_records_summary_t *sum)
{
    memset(sum, 0, sizeof(*sum));
    sum->max_timestamp = -1;
    sum->first_timestamp = -1;
    if (len == 0) return SM_ERR_INVALID_RECORD; /* Kafka: at least one batch */
    size_t pos = 0;
    while (pos < len) {
        const uint8_t *b = p + pos;
        size_t rem = len - pos;
        /* Magic sits at byte 16 in every message format, so legacy messages
         * (v0/v1, shorter headers) are recognised before the v2 size checks. */
        if (rem < 17) return SM_ERR_CORRUPT_MESSAGE;
        int8_t magic = (int8_t)b[16];
        /* Kafka (ProduceRequest.validateRecords, Produce v3+): INVALID_RECORD. */
        if (magic == 0 || magic == 1) return SM_ERR_INVALID_RECORD;
        if (magic != 2) return SM_ERR_CORRUPT_MESSAGE;
        if (rem < SM_BATCH_HEADER_SIZE) return SM_ERR_CORRUPT_MESSAGE;
        int32_t blen = (int32_t)sm_be32(b + 8);
        if (blen < SM_BATCH_HEADER_SIZE - SM_BATCH_LOG_OVERHEAD ||
            (size_t)blen > rem - SM_BATCH_LOG_OVERHEAD)
            return SM_ERR_CORRUPT_MESSAGE;
        size_t bsize = (size_t)blen + SM_BATCH_LOG_OVERHEAD;
        if (sm_crc32c(0, b + SM_BATCH_CRC_OFFSET, bsize - SM_BATCH_CRC_OFFSET) != sm_be32(b + 17))
            return SM_ERR_CORRUPT_MESSAGE;
        sm_batch_header_t h;
        sm_batch_header_parse(b, bsize, &h);
        int codec = h.Attributes & SM_ATTR_COMPRESSION_MASK;
        if (codec > SM_COMPRESSION_ZSTD) return SM_ERR_UNSUPPORTED_COMPRESSION_TYPE;
        if (h.RecordCount < 1 || h.LastOffsetDelta != h.RecordCount - 1)
            return SM_ERR_INVALID_RECORD;
        if (codec == SM_COMPRESSION_NONE) {
            int rc = validate_records(b + SM_BATCH_HEADER_SIZE, bsize - SM_BATCH_HEADER_SIZE,
                                      h.RecordCount, &sum->null_key_count);
            if (rc) return rc;
        } else {
            int rc = validate_compressed(codec, b + SM_BATCH_HEADER_SIZE,
                                         bsize - SM_BATCH_HEADER_SIZE, bsize, h.RecordCount,
                                         &sum->null_key_count);
            if (rc) return rc;
        }
        if (sum->batch_count == 0) {
            sum->first_timestamp = h.BaseTimestamp;
            sum->compression = codec;
        }
        sum->batch_count++;
        sum->record_count += h.RecordCount;
        sum->offset_count += (int64_t)h.LastOffsetDelta + 1;
        if (h.MaxTimestamp > sum->max_timestamp) sum->max_timestamp = h.MaxTimestamp;
        if ((int32_t)bsize > sum->max_batch_size) sum->max_batch_size = (int32_t)bsize;
        pos += bsize;
    }
    return SM_ERR_NONE;
}

static size_t varint_size(int64_t v)
{
    uint64_t u = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
    size_t n = 1;
    while (u >= 0x80) {
        u >>= 7;
        n++;
    }
    return n;
}

static uint8_t *put_varint(uint8_t *p, int64_t v)
{
    uint64_t u = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
    while (u >= 0x80) {
        *p++ = (uint8_t)(u | 0x80);
        u >>= 7;
    }
    *p++ = (uint8_t)u;
    return p;
}

/* Size of record i's body (everything after its length varint). */
static size_t record_body_size(int i, int64_t klen, int64_t vlen)
{
    return 1 + varint_size(i) + varint_size(i) + varint_size(klen) + (klen > 0 ? (size_t)klen : 0) +
           varint_size(vlen) + (vlen > 0 ? (size_t)vlen : 0) + varint_size(0);
}

int sm_batch_build(const void *const *keys, const size_t *key_lens, const void *const *values,
                   const size_t *value_lens, int count, int64_t base_timestamp, uint8_t **out,
                   size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (count < 0) return -1;
    size_t total = SM_BATCH_HEADER_SIZE;
    for (int i = 0; i < count; i++) {
        int64_t kl = keys && keys[i] ? (int64_t)key_lens[i] : -1;
        int64_t vl = values && values[i] ? (int64_t)value_lens[i] : -1;
        size_t body = record_body_size(i, kl, vl);
        total += varint_size((int64_t)body) + body;
    }
    if (total - SM_BATCH_LOG_OVERHEAD > INT32_MAX) return -1;
    uint8_t *b = malloc(total);
    if (!b) return -1;
    sm_put_be64(b + 0, 0);
    sm_put_be32(b + 8, (uint32_t)(total - SM_BATCH_LOG_OVERHEAD));
    sm_put_be32(b + 12, (uint32_t)-1);
    b[16] = 2;
    sm_put_be16(b + 21, 0);
    sm_put_be32(b + 23, (uint32_t)(count - 1));
    sm_put_be64(b + 27, (uint64_t)base_timestamp);
    sm_put_be64(b + 35, (uint64_t)(base_timestamp + (count > 0 ? count - 1 : 0)));
    sm_put_be64(b + 43, (uint64_t)-1);
    sm_put_be16(b + 51, (uint16_t)-1);
    sm_put_be32(b + 53, (uint32_t)-1);
    sm_put_be32(b + 57, (uint32_t)count);
    uint8_t *q = b + SM_BATCH_HEADER_SIZE;
    for (int i = 0; i < count; i++) {
        int64_t kl = keys && keys[i] ? (int64_t)key_lens[i] : -1;
        int64_t vl = values && values[i] ? (int64_t)value_lens[i] : -1;
        q = put_varint(q, (int64_t)record_body_size(i, kl, vl));
        *q++ = 0;             /* attributes */
        q = put_varint(q, i); /* timestampDelta */
        q = put_varint(q, i); /* offsetDelta */
        q = put_varint(q, kl);
        if (kl > 0) {
            memcpy(q, keys[i], (size_t)kl);
            q += kl;
        }
        q = put_varint(q, vl);
        if (vl > 0) {
            memcpy(q, values[i], (size_t)vl);
            q += vl;
        }
        q = put_varint(q, 0); /* headerCount */
    }
    sm_put_be32(b + 17, sm_crc32c(0, b + SM_BATCH_CRC_OFFSET, total - SM_BATCH_CRC_OFFSET));
    *out = b;
    *out_len = total;
    return 0;
}

void sm_batch_set_log_append_time(uint8_t *batch, size_t len, int64_t now_ms)
{
    if (len < SM_BATCH_HEADER_SIZE) return;
    uint16_t attrs = sm_be16(batch + 21);
    sm_put_be16(batch + 21, (uint16_t)(attrs | SM_ATTR_LOG_APPEND_TIME));
    sm_put_be64(batch + 35, (uint64_t)now_ms);
    sm_put_be32(batch + 17, sm_crc32c(0, batch + SM_BATCH_CRC_OFFSET, len - SM_BATCH_CRC_OFFSET));
}

void sm_batch_set_producer(uint8_t *batch, size_t len, int64_t producer_id, int16_t epoch, int32_t base_sequence,
                           bool transactional)
{
    uint16_t attrs = sm_be16(batch + 21);
    attrs = transactional ? (attrs | SM_ATTR_TRANSACTIONAL) : (attrs & ~SM_ATTR_TRANSACTIONAL);
    sm_put_be16(batch + 21, attrs);
    sm_put_be64(batch + 43, (uint64_t)producer_id);
    sm_put_be16(batch + 51, (uint16_t)epoch);
    sm_put_be32(batch + 53, (uint32_t)base_sequence);
    sm_put_be32(batch + 17, sm_crc32c(0, batch + 21, len - 21));
}
