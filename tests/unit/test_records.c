/* Unit tests of RecordBatch v2 handling and CRC-32C (src/protocol/records.c, crc32c.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "protocol/errors.h"
#include "protocol/records.h"
#include "protocol/wire.h"

/* Bit-at-a-time reference CRC-32C, independent of the implementation. */
static uint32_t crc_ref(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    }
    return ~c;
}

static void fix_crc(uint8_t *b, size_t len)
{
    sm_put_be32(b + 17, sm_crc32c(0, b + SM_BATCH_CRC_OFFSET, len - SM_BATCH_CRC_OFFSET));
}

static void test_crc_vectors(void **state)
{
    (void)state;
    assert_int_equal(sm_crc32c(0, "123456789", 9), 0xE3069283u);
    assert_int_equal(sm_crc32c_sw(0, "123456789", 9), 0xE3069283u);
    assert_int_equal(sm_crc32c(0, "", 0), 0);
    /* RFC 3720 (iSCSI) B.4 vectors. */
    uint8_t buf[32];
    memset(buf, 0, 32);
    assert_int_equal(sm_crc32c(0, buf, 32), 0x8A9136AAu);
    memset(buf, 0xff, 32);
    assert_int_equal(sm_crc32c(0, buf, 32), 0x62A8AB43u);
    for (int i = 0; i < 32; i++)
        buf[i] = (uint8_t)i;
    assert_int_equal(sm_crc32c(0, buf, 32), 0x46DD794Eu);
    for (int i = 0; i < 32; i++)
        buf[i] = (uint8_t)(31 - i);
    assert_int_equal(sm_crc32c(0, buf, 32), 0x113FDB5Cu);

    /* Which implementation ran: the log shows it, and it must be the best
     * this CPU (and OS) can run. */
    const char *impl = sm_crc32c_impl_name();
    printf("sm_crc32c implementation: %s; available:", impl);
    for (int i = 0; sm_crc32c_available(i); i++)
        printf(" %s", sm_crc32c_available(i));
    printf("\n");
    assert_string_equal(sm_crc32c_available(0), impl);
#if defined(__x86_64__)
    __builtin_cpu_init();
    bool clmul = __builtin_cpu_supports("vpclmulqdq") && __builtin_cpu_supports("pclmul");
    if (clmul && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw"))
        assert_string_equal(impl, "vpclmul512");
    else if (clmul && __builtin_cpu_supports("avx2"))
        assert_string_equal(impl, "vpclmul256");
    else if (__builtin_cpu_supports("sse4.2"))
        assert_string_equal(impl, "sse4.2");
#endif
    /* A vector long enough for the folding path (>= 256 bytes): 1 KiB of
     * 0x00..0xff repeated, checked against the bit-at-a-time reference. */
    uint8_t big[1024];
    for (int i = 0; i < 1024; i++)
        big[i] = (uint8_t)i;
    assert_int_equal(sm_crc32c(0, big, 1024), crc_ref(big, 1024));
}

static void test_crc_matches_reference(void **state)
{
    (void)state;
    size_t n = 4096 + 64;
    uint8_t *buf = malloc(n);
    srand(1234);
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)rand();
    /* Every alignment and many lengths, hardware and software paths. */
    for (size_t off = 0; off < 16; off++) {
        for (size_t len = 0; len < 300; len += 7) {
            uint32_t want = crc_ref(buf + off, len);
            assert_int_equal(sm_crc32c(0, buf + off, len), want);
            assert_int_equal(sm_crc32c_sw(0, buf + off, len), want);
        }
    }
    assert_int_equal(sm_crc32c(0, buf, 4096), crc_ref(buf, 4096));
    free(buf);
    /* Lengths around the three-chain block sizes (3 x 256 and 3 x 8192 bytes),
     * at every alignment, against the portable implementation. */
    n = 4 * 3 * 8192 + 64;
    buf = malloc(n);
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)(i * 2654435761u >> 13);
    size_t lens[] = {767, 768, 769, 1535, 1536, 3 * 8192 - 1, 3 * 8192, 3 * 8192 + 1, 3 * 8192 + 768 + 5,
                     4 * 3 * 8192};
    for (size_t off = 0; off < 9; off++)
        for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
            size_t len = lens[i] + off > n ? n - off : lens[i];
            assert_int_equal(sm_crc32c(0x12345678, buf + off, len), sm_crc32c_sw(0x12345678, buf + off, len));
        }
    assert_int_equal(sm_crc32c(0, buf, 3 * 8192), crc_ref(buf, 3 * 8192));
    /* Chaining: crc(a || b) == crc(crc(a), b). */
    for (size_t split = 0; split < 100; split += 3) {
        uint32_t c = sm_crc32c(0, buf, split);
        assert_int_equal(sm_crc32c(c, buf + split, 1000 - split), crc_ref(buf, 1000));
        c = sm_crc32c_sw(0, buf, split);
        assert_int_equal(sm_crc32c_sw(c, buf + split, 1000 - split), crc_ref(buf, 1000));
    }
    free(buf);
}

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void crc_impl_matches_portable(int impl)
{
    size_t n = (1u << 20) + 13 + 64;
    uint8_t *buf = malloc(n);
    assert_non_null(buf);
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)(xorshift(&seed) >> 32);

    for (size_t off = 0; off < 64; off++)
        for (size_t len = 0; len <= 2048; len++) {
            uint32_t init = (len & 1) ? (uint32_t)(len * 2654435761u ^ off) : 0;
            uint32_t want = sm_crc32c_sw(init, buf + off, len);
            assert_int_equal(sm_crc32c_using(impl, init, buf + off, len), want);
        }

    /* Large buffers, at a few alignments; 14336 is the AVX2 path's chunk of
     * folded and crc32-chained pieces. */
    size_t lens[] = {64 * 1024, (1u << 20) + 13, 3 * 8192 + 5, 4096 + 255, 511, 512, 513,
                     14335, 14336, 14337, 2 * 14336 + 255, 3 * 14336 + 31};
    size_t offs[] = {0, 1, 7, 63};
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
        for (size_t j = 0; j < sizeof(offs) / sizeof(offs[0]); j++) {
            const uint8_t *p = buf + offs[j];
            assert_int_equal(sm_crc32c_using(impl, 0, p, lens[i]), sm_crc32c_sw(0, p, lens[i]));
            assert_int_equal(sm_crc32c_using(impl, 0xA5A5A5A5u, p, lens[i]), sm_crc32c_sw(0xA5A5A5A5u, p, lens[i]));
        }
    assert_int_equal(sm_crc32c_using(impl, 0, buf + 1, (1u << 20) + 13), crc_ref(buf + 1, (1u << 20) + 13));
    assert_int_equal(sm_crc32c_using(impl, 0, buf, 64 * 1024), crc_ref(buf, 64 * 1024));

    /* Chaining with splits around the folding threshold and chain sizes:
     * crc(a || b) == crc(crc(a), b), both halves possibly on either path. */
    size_t totals[] = {700, 1300, 5000};
    for (size_t t = 0; t < sizeof(totals) / sizeof(totals[0]); t++) {
        size_t total = totals[t];
        uint32_t whole = sm_crc32c_sw(0, buf + 3, total);
        assert_int_equal(sm_crc32c_using(impl, 0, buf + 3, total), whole);
        for (size_t split = 0; split <= total; split++) {
            bool near = split < 20 || (split >= 240 && split <= 280) || (split >= 500 && split <= 530) ||
                        (split >= 1010 && split <= 1040) || total - split < 20 ||
                        (total - split >= 240 && total - split <= 280) ||
                        (total - split >= 500 && total - split <= 530);
            if (!near && split % 37)
                continue;
            uint32_t c = sm_crc32c_using(impl, 0, buf + 3, split);
            assert_int_equal(sm_crc32c_using(impl, c, buf + 3 + split, total - split), whole);
        }
    }
    free(buf);
}

/* Every implementation this CPU can run (crc32c.c: the folding paths from
 * 256 bytes up, with 8 chains, 64/32- and 16-byte steps and a < 16-byte
 * tail; the crc32-instruction one with its three chains) against the portable
 * one, at every length up to 2048 and every offset in a cache line, with zero
 * and nonzero starting CRCs. */
static void test_crc_every_implementation(void **state)
{
    (void)state;
    for (int i = 0; sm_crc32c_available(i); i++)
        crc_impl_matches_portable(i);
}

/* Builds a batch of n records "k<i>" -> "value-<i>" (key NULL for odd i). */
static uint8_t *build(int n, int64_t ts, size_t *len)
{
    const void **keys = calloc((size_t)n + 1, sizeof(void *));
    const void **vals = calloc((size_t)n + 1, sizeof(void *));
    size_t *kl = calloc((size_t)n + 1, sizeof(size_t)), *vl = calloc((size_t)n + 1, sizeof(size_t));
    char(*kb)[16] = calloc((size_t)n + 1, 16), (*vb)[32] = calloc((size_t)n + 1, 32);
    for (int i = 0; i < n; i++) {
        snprintf(kb[i], 16, "k%d", i);
        snprintf(vb[i], 32, "value-%d", i);
        keys[i] = (i % 2) ? NULL : kb[i];
        kl[i] = strlen(kb[i]);
        vals[i] = vb[i];
        vl[i] = strlen(vb[i]);
    }
    uint8_t *out;
    assert_int_equal(sm_batch_build(keys, kl, vals, vl, n, ts, &out, len), 0);
    free(keys);
    free(vals);
    free(kl);
    free(vl);
    free(kb);
    free(vb);
    return out;
}

static void test_build_and_parse(void **state)
{
    (void)state;
    size_t len;
    uint8_t *b = build(5, 1000, &len);
    sm_batch_header_t h;
    assert_int_equal(sm_batch_header_parse(b, len, &h), 0);
    assert_int_equal(sm_batch_header_parse(b, SM_BATCH_HEADER_SIZE - 1, &h), -1);
    assert_int_equal(h.BaseOffset, 0);
    assert_int_equal(h.BatchLength, (int32_t)(len - 12));
    assert_int_equal(h.PartitionLeaderEpoch, -1);
    assert_int_equal(h.Magic, 2);
    assert_int_equal(h.Attributes, 0);
    assert_int_equal(h.LastOffsetDelta, 4);
    assert_int_equal(h.BaseTimestamp, 1000);
    assert_int_equal(h.MaxTimestamp, 1004);
    assert_int_equal(h.ProducerId, -1);
    assert_int_equal(h.ProducerEpoch, -1);
    assert_int_equal(h.BaseSequence, -1);
    assert_int_equal(h.RecordCount, 5);
    assert_int_equal(h.Crc, crc_ref(b + 21, len - 21));
    assert_true(sm_batch_crc_ok(b, len));
    assert_false(sm_batch_crc_ok(b, len - 1));

    /* Records decode back to what was built. */
    size_t pos = 0;
    sm_record_t r;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(sm_record_next(b + 61, len - 61, &pos, &r), 1);
        assert_int_equal(r.OffsetDelta, i);
        assert_int_equal(r.TimestampDelta, i);
        char want[32];
        snprintf(want, sizeof(want), "value-%d", i);
        assert_int_equal(r.ValueLength, (int32_t)strlen(want));
        assert_memory_equal(r.Value, want, strlen(want));
        if (i % 2) {
            assert_int_equal(r.KeyLength, -1);
            assert_null(r.Key);
        } else {
            snprintf(want, sizeof(want), "k%d", i);
            assert_int_equal(r.KeyLength, (int32_t)strlen(want));
            assert_memory_equal(r.Key, want, strlen(want));
        }
        assert_int_equal(r.HeaderCount, 0);
    }
    assert_int_equal(sm_record_next(b + 61, len - 61, &pos, &r), 0);
    free(b);

    /* All-null keys/values arrays, and count 0. */
    uint8_t *e;
    size_t el;
    assert_int_equal(sm_batch_build(NULL, NULL, NULL, NULL, 3, 5, &e, &el), 0);
    sm_records_summary_t s;
    assert_int_equal(sm_records_validate(e, el, &s), SM_ERR_NONE);
    free(e);
    assert_int_equal(sm_batch_build(NULL, NULL, NULL, NULL, 0, 5, &e, &el), 0);
    assert_int_equal(sm_records_validate(e, el, &s), SM_ERR_INVALID_RECORD);
    free(e);
    assert_int_equal(sm_batch_build(NULL, NULL, NULL, NULL, -1, 5, &e, &el), -1);
}

static void test_validate_ok_and_summary(void **state)
{
    (void)state;
    size_t l1, l2;
    uint8_t *b1 = build(3, 100, &l1), *b2 = build(7, 50, &l2);
    uint8_t *both = malloc(l1 + l2);
    memcpy(both, b1, l1);
    memcpy(both + l1, b2, l2);
    sm_records_summary_t s;
    assert_int_equal(sm_records_validate(b1, l1, &s), SM_ERR_NONE);
    assert_int_equal(s.batch_count, 1);
    assert_int_equal(s.record_count, 3);
    assert_int_equal(s.offset_count, 3);
    assert_int_equal(s.max_timestamp, 102);
    assert_int_equal(s.first_timestamp, 100);
    assert_int_equal(s.max_batch_size, (int32_t)l1);
    assert_int_equal(s.compression, 0);

    assert_int_equal(sm_records_validate(both, l1 + l2, &s), SM_ERR_NONE);
    assert_int_equal(s.batch_count, 2);
    assert_int_equal(s.record_count, 10);
    assert_int_equal(s.offset_count, 10);
    assert_int_equal(s.max_timestamp, 102);
    assert_int_equal(s.first_timestamp, 100);
    assert_int_equal(s.max_batch_size, (int32_t)(l1 > l2 ? l1 : l2));

    /* sm_batch_next walks both, then reports a clean end; a cut is -1. */
    size_t pos = 0, bl;
    sm_batch_header_t h;
    assert_int_equal(sm_batch_next(both, l1 + l2, &pos, &h, &bl), 1);
    assert_int_equal(bl, l1);
    assert_int_equal(h.RecordCount, 3);
    assert_int_equal(sm_batch_next(both, l1 + l2, &pos, &h, &bl), 1);
    assert_int_equal(bl, l2);
    assert_int_equal(h.RecordCount, 7);
    assert_int_equal(sm_batch_next(both, l1 + l2, &pos, &h, &bl), 0);
    pos = 0;
    assert_int_equal(sm_batch_next(both, l1 + l2 - 1, &pos, &h, &bl), 1);
    assert_int_equal(sm_batch_next(both, l1 + l2 - 1, &pos, &h, &bl), -1);
    pos = 0;
    assert_int_equal(sm_batch_next(both, 30, &pos, &h, &bl), -1);

    /* BaseOffset and PartitionLeaderEpoch are outside the CRC. */
    sm_put_be64(b1, 123456);
    sm_put_be32(b1 + 12, 7);
    assert_int_equal(sm_records_validate(b1, l1, &s), SM_ERR_NONE);
    free(b1);
    free(b2);
    free(both);
}

static void test_validate_rejects(void **state)
{
    (void)state;
    size_t len;
    uint8_t *b = build(4, 100, &len);
    uint8_t *c = malloc(len + 16);
    sm_records_summary_t s;

    assert_int_equal(sm_records_validate(b, 0, &s), SM_ERR_INVALID_RECORD);

    /* Flipped CRC, flipped payload byte. */
    memcpy(c, b, len);
    c[18] ^= 1;
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_CORRUPT_MESSAGE);
    memcpy(c, b, len);
    c[len - 3] ^= 0x40;
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_CORRUPT_MESSAGE);

    /* Truncated anywhere. */
    for (size_t l = 1; l < len; l++)
        assert_int_not_equal(sm_records_validate(b, l, &s), SM_ERR_NONE);
    assert_int_equal(sm_records_validate(b, len - 1, &s), SM_ERR_CORRUPT_MESSAGE);
    assert_int_equal(sm_records_validate(b, 10, &s), SM_ERR_CORRUPT_MESSAGE);

    /* Trailing garbage after a whole batch. */
    memcpy(c, b, len);
    memset(c + len, 0xAB, 16);
    assert_int_equal(sm_records_validate(c, len + 16, &s), SM_ERR_CORRUPT_MESSAGE);

    /* Magic: legacy formats are invalid in Produce v3+ (Kafka), unknown ones corrupt. */
    memcpy(c, b, len);
    c[16] = 1;
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_INVALID_RECORD);
    c[16] = 0;
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_INVALID_RECORD);
    c[16] = 3;
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_CORRUPT_MESSAGE);

    /* BatchLength beyond the payload, or below a header. */
    memcpy(c, b, len);
    sm_put_be32(c + 8, (uint32_t)(len - 12 + 1));
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_CORRUPT_MESSAGE);
    sm_put_be32(c + 8, 10);
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_CORRUPT_MESSAGE);
    sm_put_be32(c + 8, 0x80000000u);
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_CORRUPT_MESSAGE);

    /* RecordCount says more records than there are (CRC fixed). */
    memcpy(c, b, len);
    sm_put_be32(c + 57, 5);
    sm_put_be32(c + 23, 4);
    fix_crc(c, len);
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_INVALID_RECORD);
    /* ... or fewer (bytes left over). */
    sm_put_be32(c + 57, 3);
    sm_put_be32(c + 23, 2);
    fix_crc(c, len);
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_INVALID_RECORD);
    /* LastOffsetDelta inconsistent with RecordCount. */
    memcpy(c, b, len);
    sm_put_be32(c + 23, 7);
    fix_crc(c, len);
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_INVALID_RECORD);
    /* Empty batch. */
    sm_put_be32(c + 57, 0);
    sm_put_be32(c + 23, (uint32_t)-1);
    fix_crc(c, len);
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_INVALID_RECORD);

    /* Unknown codecs 5..7; a known codec's payload must decompress
     * (test_compression.c covers the codecs). */
    for (int codec = 5; codec <= 7; codec++) {
        memcpy(c, b, len);
        sm_put_be16(c + 21, (uint16_t)codec);
        fix_crc(c, len);
        assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_UNSUPPORTED_COMPRESSION_TYPE);
    }
    memcpy(c, b, len);
    sm_put_be16(c + 21, SM_COMPRESSION_ZSTD);
    memset(c + 61, 0x5A, len - 61);
    fix_crc(c, len);
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_CORRUPT_MESSAGE);

    /* Record framing: first record's length varint one too large / small. */
    memcpy(c, b, len);
    c[61] += 2; /* zig-zag: +1 in value */
    fix_crc(c, len);
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_CORRUPT_MESSAGE);
    memcpy(c, b, len);
    c[61] -= 2;
    fix_crc(c, len);
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_CORRUPT_MESSAGE);
    /* Negative record length. */
    memcpy(c, b, len);
    c[61] = 0x01; /* zig-zag -1 */
    fix_crc(c, len);
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_CORRUPT_MESSAGE);
    /* Records area of pure varint continuation bytes. */
    memcpy(c, b, len);
    memset(c + 61, 0xff, len - 61);
    fix_crc(c, len);
    assert_int_equal(sm_records_validate(c, len, &s), SM_ERR_CORRUPT_MESSAGE);

    free(b);
    free(c);
}

/* Every single-byte change inside the CRC'd range, the CRC, BatchLength or
 * Magic is rejected; changes to BaseOffset/PartitionLeaderEpoch are not. */
static void test_validate_single_byte_mutations(void **state)
{
    (void)state;
    size_t len;
    uint8_t *b = build(6, 12345, &len);
    uint8_t *c = malloc(len);
    sm_records_summary_t s;
    for (size_t i = 0; i < len; i++) {
        for (int bit = 0; bit < 8; bit += 3) {
            memcpy(c, b, len);
            c[i] ^= (uint8_t)(1 << bit);
            int rc = sm_records_validate(c, len, &s);
            if (i < 8 || (i >= 12 && i < 16))
                assert_int_equal(rc, SM_ERR_NONE);
            else
                assert_int_not_equal(rc, SM_ERR_NONE);
        }
    }
    free(b);
    free(c);
}

/* Random garbage and random damage with a valid CRC never crash (ASan
 * build) and never validate unless the framing really is consistent. */
static void test_validate_garbage(void **state)
{
    (void)state;
    srand(42);
    uint8_t g[512];
    sm_records_summary_t s;
    for (int it = 0; it < 20000; it++) {
        size_t n = (size_t)(rand() % (int)sizeof(g));
        for (size_t i = 0; i < n; i++)
            g[i] = (uint8_t)rand();
        assert_int_not_equal(sm_records_validate(g, n, &s), SM_ERR_NONE);
    }
    size_t len;
    uint8_t *b = build(8, 1, &len);
    uint8_t *c = malloc(len);
    for (int it = 0; it < 20000; it++) {
        memcpy(c, b, len);
        int k = 1 + rand() % 4;
        for (int j = 0; j < k; j++)
            c[61 + (size_t)rand() % (len - 61)] = (uint8_t)rand();
        fix_crc(c, len);
        int rc = sm_records_validate(c, len, &s);
        if (rc == SM_ERR_NONE) {
            /* Then the records must really walk. */
            size_t pos = 0;
            sm_record_t r;
            for (int i = 0; i < 8; i++)
                assert_int_equal(sm_record_next(c + 61, len - 61, &pos, &r), 1);
            assert_int_equal(pos, len - 61);
        } else {
            assert_true(rc == SM_ERR_CORRUPT_MESSAGE || rc == SM_ERR_INVALID_RECORD);
        }
    }
    free(b);
    free(c);
}

/* A hand-made record with headers (sm_batch_build makes none). */
static void test_record_headers(void **state)
{
    (void)state;
    /* attributes 0, tsDelta 0, offDelta 0, key null (-1 = 0x01), value "v"
     * (len 1 = 0x02), 2 headers: ("h1","x"), ("h2", null). */
    const uint8_t body[] = {0x00, 0x00, 0x00, 0x01, 0x02, 'v', 0x04, 0x04,
                            'h',  '1',  0x02, 'x',  0x04, 'h', '2',  0x01};
    uint8_t rec[64];
    rec[0] = (uint8_t)(sizeof(body) * 2); /* zig-zag length */
    memcpy(rec + 1, body, sizeof(body));
    size_t rlen = 1 + sizeof(body), pos = 0;
    sm_record_t r;
    assert_int_equal(sm_record_next(rec, rlen, &pos, &r), 1);
    assert_int_equal(pos, rlen);
    assert_int_equal(r.KeyLength, -1);
    assert_int_equal(r.ValueLength, 1);
    assert_int_equal(r.HeaderCount, 2);
    size_t hp = 0;
    const uint8_t *k, *v;
    int32_t kl, vl;
    assert_int_equal(sm_record_header_next(r.Headers, r.HeadersLen, &hp, &k, &kl, &v, &vl), 1);
    assert_int_equal(kl, 2);
    assert_memory_equal(k, "h1", 2);
    assert_int_equal(vl, 1);
    assert_memory_equal(v, "x", 1);
    assert_int_equal(sm_record_header_next(r.Headers, r.HeadersLen, &hp, &k, &kl, &v, &vl), 1);
    assert_memory_equal(k, "h2", 2);
    assert_int_equal(vl, -1);
    assert_int_equal(sm_record_header_next(r.Headers, r.HeadersLen, &hp, &k, &kl, &v, &vl), 0);

    /* One header too many claimed; a negative header key length. */
    uint8_t bad[64];
    memcpy(bad, rec, rlen);
    bad[1 + 6] = 0x06; /* headerCount 3 */
    pos = 0;
    assert_int_equal(sm_record_next(bad, rlen, &pos, &r), -1);
    memcpy(bad, rec, rlen);
    bad[1 + 7] = 0x01; /* first header key length -1 */
    pos = 0;
    assert_int_equal(sm_record_next(bad, rlen, &pos, &r), -1);
    /* Record length shorter than its fields. */
    memcpy(bad, rec, rlen);
    bad[0] = (uint8_t)((sizeof(body) - 1) * 2);
    pos = 0;
    assert_int_equal(sm_record_next(bad, rlen, &pos, &r), -1);
    /* Record length longer than its fields (one spare byte inside it). */
    memcpy(bad, rec, rlen);
    bad[0] = (uint8_t)((sizeof(body) + 1) * 2);
    bad[rlen] = 0;
    pos = 0;
    assert_int_equal(sm_record_next(bad, rlen + 1, &pos, &r), -1);
    /* Length running past the buffer. */
    pos = 0;
    assert_int_equal(sm_record_next(rec, rlen - 1, &pos, &r), -1);
    /* A 6-byte varint. */
    const uint8_t over[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
    pos = 0;
    assert_int_equal(sm_record_next(over, sizeof(over), &pos, &r), -1);

    /* The same record inside a batch validates. */
    uint8_t batch[128];
    memset(batch, 0, sizeof(batch));
    size_t blen = 61 + rlen;
    sm_put_be32(batch + 8, (uint32_t)(blen - 12));
    batch[16] = 2;
    sm_put_be32(batch + 57, 1);
    memcpy(batch + 61, rec, rlen);
    fix_crc(batch, blen);
    sm_records_summary_t s;
    assert_int_equal(sm_records_validate(batch, blen, &s), SM_ERR_NONE);
    assert_int_equal(s.record_count, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc_vectors),
        cmocka_unit_test(test_crc_matches_reference),
        cmocka_unit_test(test_crc_every_implementation),
        cmocka_unit_test(test_build_and_parse),
        cmocka_unit_test(test_validate_ok_and_summary),
        cmocka_unit_test(test_validate_rejects),
        cmocka_unit_test(test_validate_single_byte_mutations),
        cmocka_unit_test(test_validate_garbage),
        cmocka_unit_test(test_record_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
