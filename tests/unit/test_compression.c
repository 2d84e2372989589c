/*
 * Unit tests of record-batch decompression (src/protocol/compression.c) and
 * of compressed-batch validation in sm_records_validate (records.c).
 *
 * Compressed inputs are made here with the codec libraries themselves, in
 * the framings Kafka clients use: gzip members, raw snappy (librdkafka) and
 * snappy-java "xerial" framing (Java client), LZ4 frames (independent and
 * linked blocks), zstd frames with and without a content size.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>

#include <lz4frame.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include "protocol/compression.h"
#include "protocol/errors.h"
#include "protocol/records.h"
#include "protocol/wire.h"

/* Variants of the codecs, as producers write them. */
enum {
    V_GZIP,
    V_SNAPPY_RAW,    /* librdkafka */
    V_SNAPPY_XERIAL, /* Java client */
    V_LZ4,
    V_LZ4_LINKED,
    V_ZSTD,        /* content size in the frame header (librdkafka) */
    V_ZSTD_NOSIZE, /* streamed, no content size (Java) */
    V_COUNT
};
static const int variant_codec[V_COUNT] = {
    SM_COMPRESSION_GZIP, SM_COMPRESSION_SNAPPY, SM_COMPRESSION_SNAPPY, SM_COMPRESSION_LZ4,
    SM_COMPRESSION_LZ4,  SM_COMPRESSION_ZSTD,   SM_COMPRESSION_ZSTD,
};
static const char *const variant_name[V_COUNT] = {
    "gzip", "snappy-raw", "snappy-xerial", "lz4", "lz4-linked", "zstd", "zstd-nosize",
};

typedef struct blob {
    uint8_t *p;
    size_t n;
} blob_t;

static void blob_add(blob_t *b, const void *p, size_t n)
{
    b->p = realloc(b->p, b->n + n + 1);
    assert_non_null(b->p);
    if (n) memcpy(b->p + b->n, p, n);
    b->n += n;
}

/* ---- compressors (test side, straight from the libraries) ---- */

static blob_t gzip_of(const uint8_t *in, size_t n)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    blob_t out = {0};
    out.p = malloc(deflateBound(&z, n) + 64);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    z.next_out = out.p;
    z.avail_out = (uInt)(deflateBound(&z, n) + 64);
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.n = z.total_out;
    deflateEnd(&z);
    return out;
}

static blob_t snappy_raw_of(const uint8_t *in, size_t n)
{
    blob_t out = {0};
    size_t cap = snappy_max_compressed_length(n);
    out.p = malloc(cap);
    out.n = cap;
    assert_int_equal(snappy_compress((const char *)in, n, (char *)out.p, &out.n), SNAPPY_OK);
    return out;
}

/* snappy-java's SnappyOutputStream: header, then 32 KiB blocks each as
 * [BE32 compressed length][raw snappy]. */
static blob_t snappy_xerial_of(const uint8_t *in, size_t n, size_t block)
{
    static const uint8_t hdr[16] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};
    blob_t out = {0};
    blob_add(&out, hdr, sizeof(hdr));
    for (size_t off = 0; off < n; off += block) {
        size_t len = n - off < block ? n - off : block;
        blob_t b = snappy_raw_of(in + off, len);
        uint8_t be[4];
        sm_put_be32(be, (uint32_t)b.n);
        blob_add(&out, be, 4);
        blob_add(&out, b.p, b.n);
        free(b.p);
    }
    return out;
}

static blob_t lz4_of(const uint8_t *in, size_t n, int linked)
{
    LZ4F_preferences_t prefs;
    memset(&prefs, 0, sizeof(prefs));
    prefs.frameInfo.blockMode = linked ? LZ4F_blockLinked : LZ4F_blockIndependent;
    prefs.frameInfo.blockSizeID = LZ4F_max64KB; /* as Kafka's Java client */
    prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
    blob_t out = {0};
    size_t cap = LZ4F_compressFrameBound(n, &prefs);
    out.p = malloc(cap);
    out.n = LZ4F_compressFrame(out.p, cap, in, n, &prefs);
    assert_false(LZ4F_isError(out.n));
    return out;
}

static blob_t zstd_of(const uint8_t *in, size_t n, int with_size)
{
    ZSTD_CCtx *cc = ZSTD_createCCtx();
    assert_non_null(cc);
    assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, 3)));
    assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1)));
    blob_t out = {0};
    size_t cap = ZSTD_compressBound(n) + 64;
    out.p = malloc(cap);
    if (with_size) {
        out.n = ZSTD_compress2(cc, out.p, cap, in, n);
        assert_false(ZSTD_isError(out.n));
    } else {
        /* Streamed in 16 KiB pieces, as zstd-jni does behind Java's
         * BufferedOutputStream: the frame has no content size. */
        ZSTD_outBuffer ob = {out.p, cap, 0};
        for (size_t off = 0; off < n; off += 16384) {
            ZSTD_inBuffer ib = {in + off, n - off < 16384 ? n - off : 16384, 0};
            while (ib.pos < ib.size)
                assert_false(ZSTD_isError(ZSTD_compressStream2(cc, &ob, &ib, ZSTD_e_continue)));
        }
        ZSTD_inBuffer ib = {NULL, 0, 0};
        size_t left;
        do {
            left = ZSTD_compressStream2(cc, &ob, &ib, ZSTD_e_end);
            assert_false(ZSTD_isError(left));
        } while (left);
        out.n = ob.pos;
        assert_int_equal(ZSTD_getFrameContentSize(out.p, out.n), ZSTD_CONTENTSIZE_UNKNOWN);
    }
    ZSTD_freeCCtx(cc);
    return out;
}

static blob_t compress_variant(int v, const uint8_t *in, size_t n)
{
    switch (v) {
    case V_GZIP:
        return gzip_of(in, n);
    case V_SNAPPY_RAW:
        return snappy_raw_of(in, n);
    case V_SNAPPY_XERIAL:
        return snappy_xerial_of(in, n, 32768);
    case V_LZ4:
        return lz4_of(in, n, 0);
    case V_LZ4_LINKED:
        return lz4_of(in, n, 1);
    case V_ZSTD:
        return zstd_of(in, n, 1);
    default:
        return zstd_of(in, n, 0);
    }
}

/* ---- batches ---- */

/* An uncompressed batch of `count` records with varied, compressible values. */
static blob_t plain_batch(int count, size_t value_len)
{
    const void **vals = calloc((size_t)count, sizeof(*vals));
    size_t *lens = calloc((size_t)count, sizeof(*lens));
    char **bufs = calloc((size_t)count, sizeof(*bufs));
    for (int i = 0; i < count; i++) {
        bufs[i] = malloc(value_len + 1);
        for (size_t k = 0; k < value_len; k++)
            bufs[i][k] = "samsa kafka record "[(k * 7 + (size_t)i * 13) % 19];
        vals[i] = bufs[i];
        lens[i] = value_len;
    }
    blob_t b = {0};
    assert_int_equal(sm_batch_build(NULL, NULL, vals, lens, count, 1700000000000, &b.p, &b.n), 0);
    for (int i = 0; i < count; i++)
        free(bufs[i]);
    free(bufs);
    free(lens);
    free(vals);
    return b;
}

/* A batch with the header of `plain` (a count's worth of records), the codec
 * in Attributes, `payload` as its records section, and a correct CRC. */
static blob_t wrap(const blob_t *plain, int codec, const uint8_t *payload, size_t n)
{
    blob_t b = {0};
    blob_add(&b, plain->p, SM_BATCH_HEADER_SIZE);
    blob_add(&b, payload, n);
    sm_put_be32(b.p + 8, (uint32_t)(b.n - SM_BATCH_LOG_OVERHEAD));
    sm_put_be16(b.p + 21, (uint16_t)codec);
    sm_put_be32(b.p + 17, sm_crc32c(0, b.p + SM_BATCH_CRC_OFFSET, b.n - SM_BATCH_CRC_OFFSET));
    return b;
}

static void set_count(blob_t *b, int32_t count)
{
    sm_put_be32(b->p + 57, (uint32_t)count);
    sm_put_be32(b->p + 23, (uint32_t)(count - 1));
    sm_put_be32(b->p + 17, sm_crc32c(0, b->p + SM_BATCH_CRC_OFFSET, b->n - SM_BATCH_CRC_OFFSET));
}

static int validate(const blob_t *b)
{
    sm_records_summary_t s;
    return sm_records_validate(b->p, b->n, &s);
}

/* ---- tests ---- */

static void test_limit(void **state)
{
    (void)state;
    assert_int_equal(sm_decompress_limit(0), SM_DECOMPRESS_MIN);
    assert_int_equal(sm_decompress_limit(100), SM_DECOMPRESS_MIN);
    assert_int_equal(sm_decompress_limit((size_t)1 << 20), SM_DECOMPRESS_MAX);
    assert_int_equal(sm_decompress_limit((size_t)64 << 10), (size_t)64 << 20);
    assert_int_equal(sm_decompress_limit(SIZE_MAX), SM_DECOMPRESS_MAX);
    assert_int_equal(sm_decompress_limit((size_t)INT32_MAX + 12), SM_DECOMPRESS_MAX);
}

/* Every codec variant: the batch validates, the summary is right, and
 * sm_decompress gives back the records byte for byte. */
static void test_accepts_each_codec(void **state)
{
    (void)state;
    const int counts[] = {1, 7, 500};
    for (size_t ci = 0; ci < sizeof(counts) / sizeof(counts[0]); ci++) {
        blob_t plain = plain_batch(counts[ci], 300);
        const uint8_t *recs = plain.p + SM_BATCH_HEADER_SIZE;
        size_t rlen = plain.n - SM_BATCH_HEADER_SIZE;
        for (int v = 0; v < V_COUNT; v++) {
            blob_t z = compress_variant(v, recs, rlen);
            blob_t b = wrap(&plain, variant_codec[v], z.p, z.n);
            sm_records_summary_t s;
            int rc = sm_records_validate(b.p, b.n, &s);
            if (rc != SM_ERR_NONE)
                fail_msg("%s, %d records: error %d", variant_name[v], counts[ci], rc);
            assert_int_equal(s.batch_count, 1);
            assert_int_equal(s.record_count, counts[ci]);
            assert_int_equal(s.compression, variant_codec[v]);
            sm_buf_t out;
            sm_buf_init(&out);
            assert_int_equal(sm_decompress(variant_codec[v], z.p, z.n, &out, rlen), 0);
            assert_int_equal(out.len, rlen);
            assert_memory_equal(out.data, recs, rlen);
            /* One byte less of room is too little. */
            assert_int_equal(sm_decompress(variant_codec[v], z.p, z.n, &out, rlen - 1), -1);
            sm_buf_free(&out);
            free(b.p);
            free(z.p);
        }
        free(plain.p);
    }
}

/* Two batches back to back, different codecs, in one payload. */
static void test_several_batches(void **state)
{
    (void)state;
    blob_t p1 = plain_batch(3, 50), p2 = plain_batch(4, 60);
    blob_t z1 = gzip_of(p1.p + 61, p1.n - 61), z2 = zstd_of(p2.p + 61, p2.n - 61, 0);
    blob_t b1 = wrap(&p1, SM_COMPRESSION_GZIP, z1.p, z1.n);
    blob_t b2 = wrap(&p2, SM_COMPRESSION_ZSTD, z2.p, z2.n);
    blob_t both = {0};
    blob_add(&both, b1.p, b1.n);
    blob_add(&both, b2.p, b2.n);
    sm_records_summary_t s;
    assert_int_equal(sm_records_validate(both.p, both.n, &s), SM_ERR_NONE);
    assert_int_equal(s.batch_count, 2);
    assert_int_equal(s.record_count, 7);
    /* The second batch's records made garbage: caught even after a good one. */
    memset(both.p + b1.n + 61, 0x33, b2.n - 61);
    sm_put_be32(both.p + b1.n + 17, sm_crc32c(0, both.p + b1.n + 21, b2.n - 21));
    assert_int_equal(sm_records_validate(both.p, both.n, &s), SM_ERR_CORRUPT_MESSAGE);
    free(both.p), free(b1.p), free(b2.p), free(z1.p), free(z2.p), free(p1.p), free(p2.p);
}

/* Garbage with a correct CRC: random bytes, and random bytes behind each
 * codec's own magic so the decoder gets past its first check. */
static void test_garbage_rejected(void **state)
{
    (void)state;
    blob_t plain = plain_batch(5, 40);
    static const uint8_t gz_hdr[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    static const uint8_t xerial_hdr[] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0,
                                         0,    0,   0,   1,   0,   0,   0,   1};
    static const uint8_t lz4_hdr[] = {0x04, 0x22, 0x4d, 0x18};
    static const uint8_t zstd_hdr[] = {0x28, 0xb5, 0x2f, 0xfd};
    struct {
        int codec;
        const uint8_t *hdr;
        size_t hlen;
    } cases[] = {
        {SM_COMPRESSION_GZIP, NULL, 0},   {SM_COMPRESSION_GZIP, gz_hdr, sizeof(gz_hdr)},
        {SM_COMPRESSION_SNAPPY, NULL, 0}, {SM_COMPRESSION_SNAPPY, xerial_hdr, sizeof(xerial_hdr)},
        {SM_COMPRESSION_LZ4, NULL, 0},    {SM_COMPRESSION_LZ4, lz4_hdr, sizeof(lz4_hdr)},
        {SM_COMPRESSION_ZSTD, NULL, 0},   {SM_COMPRESSION_ZSTD, zstd_hdr, sizeof(zstd_hdr)},
    };
    srand(42);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        for (int round = 0; round < 200; round++) {
            uint8_t payload[300];
            size_t n = 1 + (size_t)rand() % (sizeof(payload) - 20);
            for (size_t k = 0; k < n; k++)
                payload[k] = (uint8_t)rand();
            if (cases[i].hdr) memcpy(payload, cases[i].hdr, cases[i].hlen);
            if (n < cases[i].hlen) n = cases[i].hlen;
            blob_t b = wrap(&plain, cases[i].codec, payload, n);
            int rc = validate(&b);
            /* Random bytes can, very rarely, decode (snappy has no checksum);
             * then the record walk must reject them. */
            if (rc == SM_ERR_NONE)
                fail_msg("codec %d case %zu round %d accepted", cases[i].codec, i, round);
            if (cases[i].codec != SM_COMPRESSION_SNAPPY)
                assert_int_equal(rc, SM_ERR_CORRUPT_MESSAGE);
            free(b.p);
        }
        /* Empty records section. */
        blob_t b = wrap(&plain, cases[i].codec, NULL, 0);
        assert_int_equal(validate(&b), SM_ERR_CORRUPT_MESSAGE);
        free(b.p);
    }
    free(plain.p);
}

/* A flipped bit anywhere in a valid compressed stream. With a checksummed
 * codec (gzip CRC32, lz4 content checksum, zstd xxhash) the batch is either
 * rejected or the flip hit a field that does not change the output (gzip
 * MTIME/OS, zstd's unused header bit or window size): accepted only if it
 * decompresses to exactly the original records. Snappy has no checksum: a
 * flipped literal byte yields other record values, which is accepted as
 * Kafka would; everything else must be rejected without a crash. */
static void test_bit_flips(void **state)
{
    (void)state;
    blob_t plain = plain_batch(20, 100);
    const uint8_t *recs = plain.p + 61;
    size_t rlen = plain.n - 61;
    sm_buf_t out;
    sm_buf_init(&out);
    for (int v = 0; v < V_COUNT; v++) {
        blob_t z = compress_variant(v, recs, rlen);
        int rejected = 0;
        for (size_t i = 0; i < z.n; i++) {
            for (int bit = 0; bit < 8; bit++) {
                blob_t b = wrap(&plain, variant_codec[v], z.p, z.n);
                b.p[61 + i] ^= (uint8_t)(1u << bit);
                sm_put_be32(b.p + 17, sm_crc32c(0, b.p + 21, b.n - 21));
                int rc = validate(&b);
                if (rc == SM_ERR_NONE) {
                    int same =
                        sm_decompress(variant_codec[v], b.p + 61, b.n - 61, &out, rlen) == 0 &&
                        out.len == rlen && memcmp(out.data, recs, rlen) == 0;
                    if (!same && v != V_SNAPPY_RAW && v != V_SNAPPY_XERIAL)
                        fail_msg("%s: flip of bit %d at %zu accepted with other records",
                                 variant_name[v], bit, i);
                } else {
                    rejected++;
                }
                free(b.p);
            }
        }
        /* Most flips are caught, snappy included (framing, lengths, records). */
        if ((size_t)rejected < z.n * 8 / 2)
            fail_msg("%s: only %d of %zu flips rejected", variant_name[v], rejected, z.n * 8);
        free(z.p);
    }
    sm_buf_free(&out);
    free(plain.p);
}

/* A compressed stream cut anywhere is rejected by the decoder itself (all
 * but snappy-java framing cut exactly between blocks, which is a shorter
 * valid stream: the record walk rejects it). */
static void test_truncated(void **state)
{
    (void)state;
    blob_t plain = plain_batch(200, 400); /* > 64 KiB: several xerial/lz4 blocks */
    sm_buf_t out;
    sm_buf_init(&out);
    for (int v = 0; v < V_COUNT; v++) {
        blob_t z = compress_variant(v, plain.p + 61, plain.n - 61);
        size_t step = z.n > 4000 ? 7 : 1;
        for (size_t cut = 0; cut < z.n; cut += (cut < 64 || z.n - cut < 64) ? 1 : step) {
            int drc = sm_decompress(variant_codec[v], z.p, cut, &out, SM_DECOMPRESS_MIN);
            blob_t b = wrap(&plain, variant_codec[v], z.p, cut);
            int rc = validate(&b);
            if (v == V_SNAPPY_XERIAL && drc == 0) {
                assert_int_not_equal(rc, SM_ERR_NONE);
            } else {
                if (drc != -1)
                    fail_msg("%s cut at %zu of %zu decompressed", variant_name[v], cut, z.n);
                assert_int_equal(rc, SM_ERR_CORRUPT_MESSAGE);
            }
            free(b.p);
        }
        free(z.p);
    }
    sm_buf_free(&out);
    free(plain.p);
}

/* Bytes after the compressed stream are rejected: for gzip even a second
 * whole member (librdkafka's consumer reads only the first); a second zstd
 * frame is read (zstd's own format allows it; librdkafka and zstd-jni read
 * on), junk after the last frame is not. */
static void test_trailing_bytes(void **state)
{
    (void)state;
    blob_t plain = plain_batch(6, 80);
    const uint8_t *recs = plain.p + 61;
    size_t rlen = plain.n - 61, half = 0;
    /* Split the records section at a record boundary: the first record's
     * length varint (1 byte here) plus its body. */
    {
        size_t pos = 0;
        sm_record_t r;
        for (int i = 0; i < 3; i++)
            assert_int_equal(sm_record_next(recs, rlen, &pos, &r), 1);
        half = pos;
    }
    blob_t a = gzip_of(recs, half), c = gzip_of(recs + half, rlen - half);
    blob_t two = {0};
    blob_add(&two, a.p, a.n);
    blob_add(&two, c.p, c.n);
    blob_t b = wrap(&plain, SM_COMPRESSION_GZIP, two.p, two.n);
    assert_int_equal(validate(&b), SM_ERR_CORRUPT_MESSAGE);
    free(b.p), free(two.p), free(a.p), free(c.p);
    blob_t z = gzip_of(recs, rlen);
    blob_add(&z, "junk", 4);
    b = wrap(&plain, SM_COMPRESSION_GZIP, z.p, z.n);
    assert_int_equal(validate(&b), SM_ERR_CORRUPT_MESSAGE);
    free(b.p), free(z.p);

    /* Two zstd frames (one with a content size, one without). */
    a = zstd_of(recs, half, 1), c = zstd_of(recs + half, rlen - half, 0);
    two = (blob_t){0};
    blob_add(&two, a.p, a.n);
    blob_add(&two, c.p, c.n);
    b = wrap(&plain, SM_COMPRESSION_ZSTD, two.p, two.n);
    assert_int_equal(validate(&b), SM_ERR_NONE);
    free(b.p), free(two.p), free(a.p), free(c.p);

    for (int v = V_LZ4; v <= V_ZSTD_NOSIZE; v++) {
        blob_t z = compress_variant(v, recs, rlen);
        blob_add(&z, "\0", 1);
        b = wrap(&plain, variant_codec[v], z.p, z.n);
        assert_int_equal(validate(&b), SM_ERR_CORRUPT_MESSAGE);
        free(b.p), free(z.p);
    }
    /* Raw snappy with a stray byte after the block. */
    z = snappy_raw_of(recs, rlen);
    blob_add(&z, "\0", 1);
    b = wrap(&plain, SM_COMPRESSION_SNAPPY, z.p, z.n);
    assert_int_equal(validate(&b), SM_ERR_CORRUPT_MESSAGE);
    free(b.p), free(z.p), free(plain.p);
}

/* RecordCount disagreeing with the records inside a compressed batch, and a
 * broken record inside one, are caught by the same walk as uncompressed. */
static void test_count_and_framing_inside(void **state)
{
    (void)state;
    blob_t plain = plain_batch(3, 20);
    for (int v = 0; v < V_COUNT; v++) {
        blob_t z = compress_variant(v, plain.p + 61, plain.n - 61);
        blob_t b = wrap(&plain, variant_codec[v], z.p, z.n);
        assert_int_equal(validate(&b), SM_ERR_NONE);
        set_count(&b, 4); /* fewer records than stated */
        assert_int_equal(validate(&b), SM_ERR_INVALID_RECORD);
        set_count(&b, 2); /* records left over */
        assert_int_equal(validate(&b), SM_ERR_INVALID_RECORD);
        set_count(&b, 1000000);
        assert_int_equal(validate(&b), SM_ERR_INVALID_RECORD);
        free(b.p), free(z.p);

        /* First record's length varint one larger: framing broken. */
        blob_t bad = {0};
        blob_add(&bad, plain.p + 61, plain.n - 61);
        bad.p[0] += 2;
        z = compress_variant(v, bad.p, bad.n);
        b = wrap(&plain, variant_codec[v], z.p, z.n);
        assert_int_equal(validate(&b), SM_ERR_CORRUPT_MESSAGE);
        free(b.p), free(z.p), free(bad.p);
    }
    free(plain.p);
}

/* Streams 100 MB of zeros through the codec's streaming compressor. */
static blob_t zeros_bomb(int v, size_t total)
{
    static uint8_t zeros[1 << 20];
    blob_t out = {0};
    if (v == V_GZIP) {
        z_stream z;
        memset(&z, 0, sizeof(z));
        assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY),
                         Z_OK);
        uint8_t buf[1 << 16];
        for (size_t off = 0; off <= total; off += sizeof(zeros)) {
            int last = off + sizeof(zeros) > total;
            z.next_in = zeros;
            z.avail_in = last ? (uInt)(total - off) : sizeof(zeros);
            do {
                z.next_out = buf;
                z.avail_out = sizeof(buf);
                deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
                blob_add(&out, buf, sizeof(buf) - z.avail_out);
            } while (z.avail_out == 0);
            if (last) break;
        }
        deflateEnd(&z);
    } else if (v == V_LZ4) {
        LZ4F_cctx *cc;
        assert_false(LZ4F_isError(LZ4F_createCompressionContext(&cc, LZ4F_VERSION)));
        size_t cap = LZ4F_compressBound(sizeof(zeros), NULL) + 64;
        uint8_t *buf = malloc(cap);
        size_t n = LZ4F_compressBegin(cc, buf, cap, NULL);
        blob_add(&out, buf, n);
        for (size_t off = 0; off < total; off += sizeof(zeros)) {
            n = LZ4F_compressUpdate(cc, buf, cap, zeros, sizeof(zeros), NULL);
            assert_false(LZ4F_isError(n));
            blob_add(&out, buf, n);
        }
        n = LZ4F_compressEnd(cc, buf, cap, NULL);
        blob_add(&out, buf, n);
        free(buf);
        LZ4F_freeCompressionContext(cc);
    } else {
        ZSTD_CCtx *cc = ZSTD_createCCtx();
        if (v == V_ZSTD) ZSTD_CCtx_setPledgedSrcSize(cc, total);
        uint8_t buf[1 << 16];
        for (size_t off = 0; off < total; off += sizeof(zeros)) {
            ZSTD_inBuffer ib = {zeros, sizeof(zeros), 0};
            while (ib.pos < ib.size) {
                ZSTD_outBuffer ob = {buf, sizeof(buf), 0};
                assert_false(ZSTD_isError(ZSTD_compressStream2(cc, &ob, &ib, ZSTD_e_continue)));
                blob_add(&out, buf, ob.pos);
            }
        }
        size_t left;
        do {
            ZSTD_inBuffer ib = {NULL, 0, 0};
            ZSTD_outBuffer ob = {buf, sizeof(buf), 0};
            left = ZSTD_compressStream2(cc, &ob, &ib, ZSTD_e_end);
            assert_false(ZSTD_isError(left));
            blob_add(&out, buf, ob.pos);
        } while (left);
        ZSTD_freeCCtx(cc);
    }
    return out;
}

/* Decompression bombs: 100 MB of zeros fails at the limit, with the output
 * buffer never grown past it; in a batch, the batch-size limit stops it. */
static void test_bombs(void **state)
{
    (void)state;
    const size_t total = (size_t)100 << 20, limit = (size_t)1 << 20;
    const int vs[] = {V_GZIP, V_LZ4, V_ZSTD, V_ZSTD_NOSIZE};
    blob_t plain = plain_batch(1, 10);
    for (size_t i = 0; i < sizeof(vs) / sizeof(vs[0]); i++) {
        int v = vs[i];
        blob_t z = zeros_bomb(v, total);
        sm_buf_t out;
        sm_buf_init(&out);
        assert_int_equal(sm_decompress(variant_codec[v], z.p, z.n, &out, limit), -1);
        if (out.cap > limit + 1) fail_msg("%s: buffer grew to %zu", variant_name[v], out.cap);
        sm_buf_free(&out);
        /* The same stream with a limit it fits in decompresses. */
        if (v != V_LZ4) { /* (lz4 stays 100 MB/255: keep the test light) */
            assert_int_equal(sm_decompress(variant_codec[v], z.p, z.n, &out, total), 0);
            assert_int_equal(out.len, total);
            assert_int_equal(out.data[total - 1], 0);
            sm_buf_free(&out);
        }
        /* In a batch: rejected, by the limit (batch of a few KB for zstd,
         * ~100 KB for gzip) or by the record walk (zeros are no records). */
        blob_t b = wrap(&plain, variant_codec[v], z.p, z.n);
        assert_int_equal(validate(&b), SM_ERR_CORRUPT_MESSAGE);
        free(b.p), free(z.p);
    }
    /* Snappy cannot compress past ~21:1, so its bombs are lies: a raw block
     * claiming 100 MB, and xerial blocks whose claims add up past the limit,
     * fail on the stated sizes before anything is allocated or decoded. */
    uint8_t lie[16] = {0x80, 0x80, 0x80, 0x32 /* 100 << 20 */, 0x00, 'x'};
    sm_buf_t out;
    sm_buf_init(&out);
    assert_int_equal(sm_decompress(SM_COMPRESSION_SNAPPY, lie, 6, &out, limit), -1);
    assert_null(out.data);
    blob_t b = wrap(&plain, SM_COMPRESSION_SNAPPY, lie, 6);
    assert_int_equal(validate(&b), SM_ERR_CORRUPT_MESSAGE);
    free(b.p);
    uint8_t *big = calloc(1, (size_t)2 << 20);
    blob_t x = snappy_xerial_of(big, (size_t)2 << 20, 32768);
    assert_int_equal(sm_decompress(SM_COMPRESSION_SNAPPY, x.p, x.n, &out, limit), -1);
    assert_null(out.data);
    assert_int_equal(sm_decompress(SM_COMPRESSION_SNAPPY, x.p, x.n, &out, (size_t)2 << 20), 0);
    assert_int_equal(out.len, (size_t)2 << 20);
    assert_memory_equal(out.data, big, (size_t)2 << 20);
    sm_buf_free(&out);
    free(x.p), free(big), free(plain.p);
}

/* Outputs of several MB grow the buffer many times mid-stream; lz4 linked
 * blocks and gzip refer back across those moves. */
static void test_large_output_across_growth(void **state)
{
    (void)state;
    size_t n = (size_t)6 << 20;
    uint8_t *data = malloc(n);
    /* Words drawn at random from a small list, and some random letters:
     * compressible, with back references at every distance. */
    static const char *const words[] = {"produce ", "fetch ", "offset ", "partition ",
                                        "leader ",  "epoch ", "batch ",  "record "};
    uint32_t x = 12345;
    for (size_t i = 0; i < n;) {
        x = x * 1103515245u + 12345u;
        const char *w = words[(x >> 16) % 8];
        size_t wl = strlen(w);
        if ((x >> 24) % 5 == 0) {
            data[i++] = (uint8_t)('a' + (x >> 27));
            continue;
        }
        for (size_t k = 0; k < wl && i < n; k++)
            data[i++] = (uint8_t)w[k];
    }
    for (int v = 0; v < V_COUNT; v++) {
        blob_t z = compress_variant(v, data, n);
        sm_buf_t out;
        sm_buf_init(&out);
        assert_int_equal(sm_decompress(variant_codec[v], z.p, z.n, &out, n), 0);
        assert_int_equal(out.len, n);
        assert_memory_equal(out.data, data, n);
        /* Reuse: same buffer, no growth the second time. */
        uint8_t *before = out.data;
        size_t cap = out.cap;
        assert_int_equal(sm_decompress(variant_codec[v], z.p, z.n, &out, n), 0);
        assert_ptr_equal(out.data, before);
        assert_int_equal(out.cap, cap);
        assert_memory_equal(out.data, data, n);
        sm_buf_free(&out);
        free(z.p);
    }
    free(data);
}

static void test_unknown_codec(void **state)
{
    (void)state;
    sm_buf_t out;
    sm_buf_init(&out);
    uint8_t x[8] = {0};
    assert_int_equal(sm_decompress(0, x, sizeof(x), &out, 100), -1);
    assert_int_equal(sm_decompress(5, x, sizeof(x), &out, 100), -1);
    sm_buf_free(&out);
}

/* Validation from several threads at once (per-thread codec state); each
 * thread's state is freed when it exits (ASan's leak check would see it). */
static void *validate_loop(void *arg)
{
    blob_t *batches = arg;
    for (int round = 0; round < 50; round++)
        for (int v = 0; v < V_COUNT; v++)
            if (validate(&batches[v]) != SM_ERR_NONE) return (void *)1;
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    blob_t plain = plain_batch(50, 200);
    blob_t batches[V_COUNT];
    for (int v = 0; v < V_COUNT; v++) {
        blob_t z = compress_variant(v, plain.p + 61, plain.n - 61);
        batches[v] = wrap(&plain, variant_codec[v], z.p, z.n);
        free(z.p);
    }
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        assert_int_equal(pthread_create(&t[i], NULL, validate_loop, batches), 0);
    for (int i = 0; i < 3; i++) {
        void *r;
        pthread_join(t[i], &r);
        assert_null(r);
    }
    for (int v = 0; v < V_COUNT; v++)
        free(batches[v].p);
    free(plain.p);
}

/* sm_compress (used by the log cleaner) writes what sm_decompress and the
 * codecs' own readers accept, for every codec. */
static void test_compress_round_trip(void **state)
{
    (void)state;
    size_t len = 100000;
    uint8_t *in = malloc(len);
    for (size_t i = 0; i < len; i++)
        in[i] = (uint8_t)((i * 7) % 251 + (i % 1000 < 500 ? 0 : 3));
    for (int codec = SM_COMPRESSION_GZIP; codec <= SM_COMPRESSION_ZSTD; codec++) {
        sm_buf_t c, d;
        sm_buf_init(&c);
        sm_buf_init(&d);
        assert_int_equal(sm_compress(codec, in, len, &c), 0);
        assert_true(c.len > 0 && c.len < len);
        assert_int_equal(sm_decompress(codec, c.data, c.len, &d, len), 0);
        assert_int_equal(d.len, len);
        assert_memory_equal(d.data, in, len);
        sm_buf_free(&c);
        sm_buf_free(&d);
    }
    sm_buf_t c;
    sm_buf_init(&c);
    assert_int_equal(sm_compress(7, in, len, &c), -1);
    sm_buf_free(&c);
    free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compress_round_trip),
        cmocka_unit_test(test_limit),           cmocka_unit_test(test_accepts_each_codec),
        cmocka_unit_test(test_several_batches), cmocka_unit_test(test_garbage_rejected),
        cmocka_unit_test(test_bit_flips),       cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_trailing_bytes),  cmocka_unit_test(test_count_and_framing_inside),
        cmocka_unit_test(test_bombs),           cmocka_unit_test(test_large_output_across_growth),
        cmocka_unit_test(test_unknown_codec),   cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
