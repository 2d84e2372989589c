/*
 * The `__consumer_offsets` record formats of src/coordinator/group_records.c
 * (Kafka's OffsetCommitKey/Value and GroupMetadataKey/Value, schemas in
 * Kafka's group-coordinator message JSON files).
 *
 * Byte vectors below were written by hand from those schemas (field order,
 * versions, flexibleVersions "4+" for the values) and cross-checked with an
 * independent Python encoder of the same schemas; the values are
 * recognisable numbers so a shifted field shows. Every decoder is also fed
 * every strict prefix of every vector, each copied into a buffer of exactly
 * its size so ASan sees any over-read, and must reject it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "coordinator/group_records.h"
#include "protocol/wire.h"
#include "util/arena.h"

/* ---- helpers ---- */

#define S(s) sm_str(s)
#define B(s) ((sm_bytes_t){(const uint8_t *)(s), (int32_t)(sizeof(s) - 1)})
#define EMPTY_BYTES ((sm_bytes_t){(const uint8_t *)"", 0})

/* 1700000000000 ms (2023-11-14T22:13:20Z) and one minute later, big-endian. */
#define TS_COMMIT 0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00
#define TS_EXPIRE 0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe6, 0x52, 0x60
#define COMMIT_MS INT64_C(1700000000000)
#define EXPIRE_MS INT64_C(1700000060000)
/* offset 1000 */
#define OFF_1000 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8

static void check_str(sm_str_t exp, sm_str_t got, const char *what, int line)
{
    if (sm_str_equal(exp, got)) return;
    print_error("line %d: %s: expected %s'%.*s' (len %d), got %s'%.*s' (len %d)\n", line, what,
                exp.len < 0 ? "null " : "", exp.len < 0 ? 0 : exp.len, exp.ptr ? exp.ptr : "", exp.len,
                got.len < 0 ? "null " : "", got.len < 0 ? 0 : got.len, got.ptr ? got.ptr : "", got.len);
    fail();
}

static void check_bytes(sm_bytes_t exp, sm_bytes_t got, const char *what, int line)
{
    if (exp.len == got.len && (exp.len <= 0 || memcmp(exp.ptr, got.ptr, (size_t)exp.len) == 0)) return;
    print_error("line %d: %s: bytes differ (expected len %d, got len %d)\n", line, what, exp.len, got.len);
    fail();
}
#define EQ_STR(e, g) check_str((e), (g), #g, __LINE__)
#define EQ_BYTES(e, g) check_bytes((e), (g), #g, __LINE__)

static void check_buf(const uint8_t *exp, size_t exp_len, const sm_wr_t *w, int line)
{
    if (w->buf.len == exp_len && memcmp(w->buf.data, exp, exp_len) == 0) return;
    print_error("line %d: encoding differs: expected %zu bytes, got %zu\n", line, exp_len, w->buf.len);
    size_t n = w->buf.len < exp_len ? w->buf.len : exp_len;
    for (size_t i = 0; i < n; i++)
        if (w->buf.data[i] != exp[i]) {
            print_error("  first difference at byte %zu: expected %02x, got %02x\n", i, exp[i], w->buf.data[i]);
            break;
        }
    fail();
}
#define EQ_ENC(vec, w) check_buf((vec), sizeof(vec), (w), __LINE__)

/* Copies into an exact-size heap buffer (kept alive by the caller: decoded
 * views point into it). */
static uint8_t *exact(const uint8_t *p, size_t len)
{
    uint8_t *c = malloc(len ? len : 1);
    assert_non_null(c);
    if (len) memcpy(c, p, len);
    return c;
}

static int key_decode_exact(const uint8_t *p, size_t len, sm_gr_key_t *k, uint8_t **keep)
{
    *keep = exact(p, len);
    return sm_gr_key_decode(*keep, len, k);
}

static int offset_decode_exact(const uint8_t *p, size_t len, sm_gr_offset_t *v, uint8_t **keep)
{
    *keep = exact(p, len);
    return sm_gr_offset_decode(*keep, len, v);
}

static int group_decode_exact(const uint8_t *p, size_t len, sm_arena_t *a, sm_gr_group_t *v, uint8_t **keep)
{
    *keep = exact(p, len);
    return sm_gr_group_decode(*keep, len, a, v);
}

enum { KIND_KEY, KIND_OFFSET, KIND_GROUP };

/* Every strict prefix of a valid record must be rejected with -1. */
static void reject_prefixes(int kind, const uint8_t *p, size_t len, int line)
{
    sm_arena_t a;
    sm_arena_init(&a);
    for (size_t n = 0; n < len; n++) {
        uint8_t *c = exact(p, n);
        int rc;
        if (kind == KIND_KEY) {
            sm_gr_key_t k;
            rc = sm_gr_key_decode(c, n, &k);
        } else if (kind == KIND_OFFSET) {
            sm_gr_offset_t v;
            rc = sm_gr_offset_decode(c, n, &v);
        } else {
            sm_gr_group_t v;
            rc = sm_gr_group_decode(c, n, &a, &v);
        }
        free(c);
        sm_arena_reset(&a);
        if (rc != -1) {
            print_error("line %d: prefix of %zu/%zu bytes gave %d, expected -1\n", line, n, len, rc);
            sm_arena_free(&a);
            fail();
        }
    }
    sm_arena_free(&a);
}
#define REJECT_PREFIXES(kind, vec) reject_prefixes((kind), (vec), sizeof(vec), __LINE__)

/* ---- OffsetCommitKey (v0, v1) and GroupMetadataKey (v2) ---- */

/* OffsetCommitKey v1: group "grp", topic "topic-a", partition 7 */
static const uint8_t OC_KEY_V1[] = {
    0x00, 0x01,                                          /* version 1 */
    0x00, 0x03, 'g', 'r', 'p',                           /* group */
    0x00, 0x07, 't', 'o', 'p', 'i', 'c', '-', 'a',       /* topic */
    0x00, 0x00, 0x00, 0x07,                              /* partition */
};
/* the same key in version 0 (identical layout) */
static const uint8_t OC_KEY_V0[] = {
    0x00, 0x00, 0x00, 0x03, 'g', 'r', 'p', 0x00, 0x07, 't', 'o', 'p', 'i', 'c', '-', 'a', 0x00, 0x00, 0x00, 0x07,
};
/* GroupMetadataKey v2: group "grp" */
static const uint8_t GM_KEY_V2[] = {0x00, 0x02, 0x00, 0x03, 'g', 'r', 'p'};

static void test_offset_key_encode(void **state)
{
    (void)state;
    sm_wr_t w;
    sm_wr_init(&w, true); /* the encoder must force the classic encoding */
    sm_gr_key_offset_encode(&w, S("grp"), S("topic-a"), 7);
    EQ_ENC(OC_KEY_V1, &w);
    sm_wr_free(&w);

    sm_wr_init(&w, true);
    sm_gr_key_group_encode(&w, S("grp"));
    EQ_ENC(GM_KEY_V2, &w);
    sm_wr_free(&w);
}

static void test_key_decode(void **state)
{
    (void)state;
    const uint8_t *vecs[] = {OC_KEY_V1, OC_KEY_V0};
    for (int i = 0; i < 2; i++) {
        sm_gr_key_t k;
        uint8_t *keep;
        assert_int_equal(0, key_decode_exact(vecs[i], sizeof(OC_KEY_V1), &k, &keep));
        assert_int_equal(SM_GR_KEY_OFFSET, k.kind);
        EQ_STR(S("grp"), k.group);
        EQ_STR(S("topic-a"), k.topic);
        assert_int_equal(7, k.partition);
        free(keep);
    }
    sm_gr_key_t k;
    uint8_t *keep;
    assert_int_equal(0, key_decode_exact(GM_KEY_V2, sizeof(GM_KEY_V2), &k, &keep));
    assert_int_equal(SM_GR_KEY_GROUP, k.kind);
    EQ_STR(S("grp"), k.group);
    free(keep);

    REJECT_PREFIXES(KIND_KEY, OC_KEY_V1);
    REJECT_PREFIXES(KIND_KEY, OC_KEY_V0);
    REJECT_PREFIXES(KIND_KEY, GM_KEY_V2);
}

static void test_key_roundtrip(void **state)
{
    (void)state;
    /* empty strings, a long topic, extreme partitions */
    char topic[249 + 1];
    memset(topic, 'x', 249);
    topic[249] = 0;
    struct {
        const char *group, *topic;
        int32_t partition;
    } cases[] = {{"", "", 0}, {"g", topic, INT32_MAX}, {"group-\xc3\xa9", "t", -1}, {"g2", "t.2_x", INT32_MIN}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sm_wr_t w;
        sm_wr_init(&w, false);
        sm_gr_key_offset_encode(&w, S(cases[i].group), S(cases[i].topic), cases[i].partition);
        sm_gr_key_t k;
        uint8_t *keep;
        assert_int_equal(0, key_decode_exact(w.buf.data, w.buf.len, &k, &keep));
        assert_int_equal(SM_GR_KEY_OFFSET, k.kind);
        EQ_STR(S(cases[i].group), k.group);
        EQ_STR(S(cases[i].topic), k.topic);
        assert_int_equal(cases[i].partition, k.partition);
        free(keep);
        reject_prefixes(KIND_KEY, w.buf.data, w.buf.len, __LINE__);
        sm_wr_free(&w);

        sm_wr_init(&w, false);
        sm_gr_key_group_encode(&w, S(cases[i].group));
        assert_int_equal(0, key_decode_exact(w.buf.data, w.buf.len, &k, &keep));
        assert_int_equal(SM_GR_KEY_GROUP, k.kind);
        EQ_STR(S(cases[i].group), k.group);
        free(keep);
        reject_prefixes(KIND_KEY, w.buf.data, w.buf.len, __LINE__);
        sm_wr_free(&w);
    }
}

static void test_key_unknown_versions(void **state)
{
    (void)state;
    /* KIP-848 ConsumerGroupMetadataKey v3: GroupId "grp" */
    static const uint8_t CG_KEY_V3[] = {0x00, 0x03, 0x00, 0x03, 'g', 'r', 'p'};
    /* newer record types (v4 .. share group keys); body content irrelevant */
    static const uint8_t KEY_V4[] = {0x00, 0x04, 0x00, 0x03, 'g', 'r', 'p', 0x00, 0x00, 0x00, 0x01};
    static const uint8_t KEY_V11[] = {0x00, 0x0b, 0x00, 0x01, 'g'};
    static const uint8_t KEY_V7FFF[] = {0x7f, 0xff};
    const struct {
        const uint8_t *p;
        size_t len;
    } vecs[] = {{CG_KEY_V3, sizeof(CG_KEY_V3)}, {KEY_V4, sizeof(KEY_V4)}, {KEY_V11, sizeof(KEY_V11)},
                {KEY_V7FFF, sizeof(KEY_V7FFF)}};
    for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
        sm_gr_key_t k;
        uint8_t *keep;
        assert_int_equal(1, key_decode_exact(vecs[i].p, vecs[i].len, &k, &keep));
        free(keep);
    }
    /* too short for even a version */
    sm_gr_key_t k;
    uint8_t *keep;
    assert_int_equal(-1, key_decode_exact(CG_KEY_V3, 1, &k, &keep));
    free(keep);
}

static void test_key_null_strings_rejected(void **state)
{
    (void)state;
    /* OffsetCommitKey with a null group, with a null topic; GroupMetadataKey with a null group */
    static const uint8_t NULL_GROUP[] = {0x00, 0x01, 0xff, 0xff, 0x00, 0x01, 't', 0x00, 0x00, 0x00, 0x00};
    static const uint8_t NULL_TOPIC[] = {0x00, 0x01, 0x00, 0x01, 'g', 0xff, 0xff, 0x00, 0x00, 0x00, 0x00};
    static const uint8_t NULL_GM[] = {0x00, 0x02, 0xff, 0xff};
    sm_gr_key_t k;
    uint8_t *keep;
    assert_int_equal(-1, key_decode_exact(NULL_GROUP, sizeof(NULL_GROUP), &k, &keep));
    free(keep);
    assert_int_equal(-1, key_decode_exact(NULL_TOPIC, sizeof(NULL_TOPIC), &k, &keep));
    free(keep);
    assert_int_equal(-1, key_decode_exact(NULL_GM, sizeof(NULL_GM), &k, &keep));
    free(keep);
}

/* ---- OffsetCommitValue ---- */

/* v1: offset 1000, metadata "md", commitTimestamp, expireTimestamp */
static const uint8_t OC_VAL_V1[] = {
    0x00, 0x01, OFF_1000, 0x00, 0x02, 'm', 'd', TS_COMMIT, TS_EXPIRE,
};
/* v3: offset 1000, leaderEpoch 5, metadata "md", commitTimestamp */
static const uint8_t OC_VAL_V3[] = {
    0x00, 0x03, OFF_1000, 0x00, 0x00, 0x00, 0x05, 0x00, 0x02, 'm', 'd', TS_COMMIT,
};
/* v0 and v2: offset 1000, metadata "", commitTimestamp */
static const uint8_t OC_VAL_V0[] = {0x00, 0x00, OFF_1000, 0x00, 0x00, TS_COMMIT};
static const uint8_t OC_VAL_V2[] = {0x00, 0x02, OFF_1000, 0x00, 0x00, TS_COMMIT};
/* v4 (flexible): offset 1000, leaderEpoch 5, compact metadata "md" (uvarint
 * 2+1), commitTimestamp, then a tagged-field section with one unknown tag
 * (tag 0, size 2, bytes ab cd) that must be skipped */
static const uint8_t OC_VAL_V4_TAGGED[] = {
    0x00, 0x04, OFF_1000, 0x00, 0x00, 0x00, 0x05, 0x03, 'm', 'd', TS_COMMIT, 0x01, 0x00, 0x02, 0xab, 0xcd,
};
/* v4: leaderEpoch -1, metadata "", an empty tagged-field section */
static const uint8_t OC_VAL_V4_EMPTY_TAGS[] = {
    0x00, 0x04, OFF_1000, 0xff, 0xff, 0xff, 0xff, 0x01, TS_COMMIT, 0x00,
};
/* v4 with two tagged fields, one with a multi-byte uvarint tag number */
static const uint8_t OC_VAL_V4_TWO_TAGS[] = {
    0x00, 0x04, OFF_1000, 0x00, 0x00, 0x00, 0x05, 0x03, 'm', 'd', TS_COMMIT,
    0x02,                   /* two tagged fields */
    0x01, 0x00,             /* tag 1, empty */
    0x80, 0x01, 0x01, 0x7f, /* tag 128 (uvarint 80 01), size 1 */
};

static void test_offset_value_encode(void **state)
{
    (void)state;
    /* an expire timestamp makes the encoder write v1, as Kafka does */
    sm_gr_offset_t v = {.offset = 1000, .leader_epoch = 5, .metadata = S("md"), .commit_timestamp = COMMIT_MS,
                        .expire_timestamp = EXPIRE_MS};
    sm_wr_t w;
    sm_wr_init(&w, true);
    sm_gr_offset_encode(&w, &v);
    EQ_ENC(OC_VAL_V1, &w); /* v1 has no leader epoch: it is dropped */
    sm_wr_free(&w);

    /* no expire timestamp: v3 */
    v.expire_timestamp = -1;
    sm_wr_init(&w, true);
    sm_gr_offset_encode(&w, &v);
    EQ_ENC(OC_VAL_V3, &w);
    sm_wr_free(&w);
}

static void test_offset_value_decode(void **state)
{
    (void)state;
    sm_gr_offset_t v;
    uint8_t *keep;

    assert_int_equal(0, offset_decode_exact(OC_VAL_V1, sizeof(OC_VAL_V1), &v, &keep));
    assert_int_equal(1000, v.offset);
    assert_int_equal(-1, v.leader_epoch);
    EQ_STR(S("md"), v.metadata);
    assert_int_equal(COMMIT_MS, v.commit_timestamp);
    assert_int_equal(EXPIRE_MS, v.expire_timestamp);
    free(keep);

    assert_int_equal(0, offset_decode_exact(OC_VAL_V3, sizeof(OC_VAL_V3), &v, &keep));
    assert_int_equal(1000, v.offset);
    assert_int_equal(5, v.leader_epoch);
    EQ_STR(S("md"), v.metadata);
    assert_int_equal(COMMIT_MS, v.commit_timestamp);
    assert_int_equal(-1, v.expire_timestamp);
    free(keep);

    const uint8_t *v02[] = {OC_VAL_V0, OC_VAL_V2};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(0, offset_decode_exact(v02[i], sizeof(OC_VAL_V0), &v, &keep));
        assert_int_equal(1000, v.offset);
        assert_int_equal(-1, v.leader_epoch);
        EQ_STR(S(""), v.metadata);
        assert_int_equal(COMMIT_MS, v.commit_timestamp);
        assert_int_equal(-1, v.expire_timestamp);
        free(keep);
    }

    assert_int_equal(0, offset_decode_exact(OC_VAL_V4_TAGGED, sizeof(OC_VAL_V4_TAGGED), &v, &keep));
    assert_int_equal(1000, v.offset);
    assert_int_equal(5, v.leader_epoch);
    EQ_STR(S("md"), v.metadata);
    assert_int_equal(COMMIT_MS, v.commit_timestamp);
    assert_int_equal(-1, v.expire_timestamp);
    free(keep);

    assert_int_equal(0, offset_decode_exact(OC_VAL_V4_EMPTY_TAGS, sizeof(OC_VAL_V4_EMPTY_TAGS), &v, &keep));
    assert_int_equal(1000, v.offset);
    assert_int_equal(-1, v.leader_epoch);
    EQ_STR(S(""), v.metadata);
    assert_int_equal(COMMIT_MS, v.commit_timestamp);
    free(keep);

    assert_int_equal(0, offset_decode_exact(OC_VAL_V4_TWO_TAGS, sizeof(OC_VAL_V4_TWO_TAGS), &v, &keep));
    assert_int_equal(5, v.leader_epoch);
    EQ_STR(S("md"), v.metadata);
    assert_int_equal(COMMIT_MS, v.commit_timestamp);
    free(keep);

    REJECT_PREFIXES(KIND_OFFSET, OC_VAL_V0);
    REJECT_PREFIXES(KIND_OFFSET, OC_VAL_V1);
    REJECT_PREFIXES(KIND_OFFSET, OC_VAL_V2);
    REJECT_PREFIXES(KIND_OFFSET, OC_VAL_V3);
    REJECT_PREFIXES(KIND_OFFSET, OC_VAL_V4_TAGGED);
    REJECT_PREFIXES(KIND_OFFSET, OC_VAL_V4_EMPTY_TAGS);
    REJECT_PREFIXES(KIND_OFFSET, OC_VAL_V4_TWO_TAGS);
}

static void test_offset_value_invalid(void **state)
{
    (void)state;
    sm_gr_offset_t v;
    uint8_t *keep;
    /* unknown versions 5 and -1 (same body as v3) */
    uint8_t buf[sizeof(OC_VAL_V3)];
    memcpy(buf, OC_VAL_V3, sizeof(buf));
    buf[1] = 5;
    assert_int_equal(-1, offset_decode_exact(buf, sizeof(buf), &v, &keep));
    free(keep);
    buf[0] = buf[1] = 0xff;
    assert_int_equal(-1, offset_decode_exact(buf, sizeof(buf), &v, &keep));
    free(keep);
    /* metadata is not nullable: null in v3 (int16 -1) and in v4 (uvarint 0) */
    static const uint8_t NULL_MD_V3[] = {0x00, 0x03, OFF_1000, 0x00, 0x00, 0x00, 0x05, 0xff, 0xff, TS_COMMIT};
    static const uint8_t NULL_MD_V4[] = {0x00, 0x04, OFF_1000, 0x00, 0x00, 0x00, 0x05, 0x00, TS_COMMIT, 0x00};
    assert_int_equal(-1, offset_decode_exact(NULL_MD_V3, sizeof(NULL_MD_V3), &v, &keep));
    free(keep);
    assert_int_equal(-1, offset_decode_exact(NULL_MD_V4, sizeof(NULL_MD_V4), &v, &keep));
    free(keep);
    /* a tagged field whose size runs past the end */
    static const uint8_t BAD_TAG_V4[] = {0x00, 0x04, OFF_1000, 0x00, 0x00, 0x00, 0x05, 0x01, TS_COMMIT,
                                         0x01, 0x00, 0x05, 0xab};
    assert_int_equal(-1, offset_decode_exact(BAD_TAG_V4, sizeof(BAD_TAG_V4), &v, &keep));
    free(keep);
}

/*
 * Kafka's generated readers refuse a string longer than 0x7fff bytes in
 * every version, flexible ones included ("string field metadata had invalid
 * length"): a compact string can encode a longer length, but no Kafka
 * writer produces one, and our encoders (classic, int16 lengths) could not
 * write it back. 0x7fff bytes must decode, 0x8000 must not.
 */
static int decode_v4_offset_with_metadata(size_t mlen)
{
    sm_wr_t w;
    sm_wr_init(&w, true);
    sm_wr_i16(&w, 4);
    sm_wr_i64(&w, 0);
    sm_wr_i32(&w, 0);
    char *md = malloc(mlen);
    assert_non_null(md);
    memset(md, 'm', mlen);
    sm_wr_string(&w, (sm_str_t){md, (int32_t)mlen});
    free(md);
    sm_wr_i64(&w, COMMIT_MS);
    sm_wr_tags_empty(&w);
    sm_gr_offset_t v;
    uint8_t *keep;
    int rc = offset_decode_exact(w.buf.data, w.buf.len, &v, &keep);
    if (rc == 0) assert_int_equal((int32_t)mlen, v.metadata.len);
    free(keep);
    sm_wr_free(&w);
    return rc;
}

static void test_offset_value_v4_overlong_string_rejected(void **state)
{
    (void)state;
    assert_int_equal(0, decode_v4_offset_with_metadata(0x7fff));
    assert_int_equal(-1, decode_v4_offset_with_metadata(0x8000));
}

/* The same rule in GroupMetadataValue v4, on a member's clientId. */
static int decode_v4_group_with_client_id(size_t clen)
{
    sm_wr_t w;
    sm_wr_init(&w, true);
    sm_wr_i16(&w, 4);
    sm_wr_string(&w, S("consumer"));
    sm_wr_i32(&w, 1);
    sm_wr_string(&w, S("range"));
    sm_wr_string(&w, S("m1"));
    sm_wr_i64(&w, COMMIT_MS);
    sm_wr_array_len(&w, 1);
    sm_wr_string(&w, S("m1"));
    sm_wr_string(&w, SM_STR_NULL);
    char *cid = malloc(clen);
    assert_non_null(cid);
    memset(cid, 'c', clen);
    sm_wr_string(&w, (sm_str_t){cid, (int32_t)clen});
    free(cid);
    sm_wr_string(&w, S("/h1"));
    sm_wr_i32(&w, 60000);
    sm_wr_i32(&w, 10000);
    sm_wr_bytes(&w, EMPTY_BYTES);
    sm_wr_bytes(&w, EMPTY_BYTES);
    sm_wr_tags_empty(&w);
    sm_wr_tags_empty(&w);
    sm_arena_t a;
    sm_arena_init(&a);
    sm_gr_group_t v;
    uint8_t *keep;
    int rc = group_decode_exact(w.buf.data, w.buf.len, &a, &v, &keep);
    if (rc == 0) assert_int_equal((int32_t)clen, v.members[0].client_id.len);
    free(keep);
    sm_arena_free(&a);
    sm_wr_free(&w);
    return rc;
}

static void test_group_value_v4_overlong_string_rejected(void **state)
{
    (void)state;
    assert_int_equal(0, decode_v4_group_with_client_id(0x7fff));
    assert_int_equal(-1, decode_v4_group_with_client_id(0x8000));
}

static void test_offset_value_roundtrip(void **state)
{
    (void)state;
    char md[4096];
    memset(md, 'q', sizeof(md) - 1);
    md[sizeof(md) - 1] = 0;
    sm_gr_offset_t cases[] = {
        {.offset = 0, .leader_epoch = -1, .metadata = S(""), .commit_timestamp = 0, .expire_timestamp = -1},
        {.offset = INT64_MAX, .leader_epoch = INT32_MAX, .metadata = S(md), .commit_timestamp = INT64_MAX,
         .expire_timestamp = -1},
        {.offset = -1, .leader_epoch = 0, .metadata = (sm_str_t){"x\0y", 3}, .commit_timestamp = -5, .expire_timestamp = -1},
        {.offset = 42, .leader_epoch = -1, .metadata = S("m"), .commit_timestamp = 1, .expire_timestamp = 0},
        {.offset = 42, .leader_epoch = -1, .metadata = S(""), .commit_timestamp = COMMIT_MS,
         .expire_timestamp = INT64_MAX},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sm_wr_t w;
        sm_wr_init(&w, false);
        sm_gr_offset_encode(&w, &cases[i]);
        /* version: 1 with an expire timestamp, else 3 */
        assert_true(w.buf.len >= 2);
        assert_int_equal(cases[i].expire_timestamp >= 0 ? 1 : 3, (int)sm_be16(w.buf.data));
        sm_gr_offset_t v;
        uint8_t *keep;
        assert_int_equal(0, offset_decode_exact(w.buf.data, w.buf.len, &v, &keep));
        assert_int_equal(cases[i].offset, v.offset);
        /* v1 carries no leader epoch */
        assert_int_equal(cases[i].expire_timestamp >= 0 ? -1 : cases[i].leader_epoch, v.leader_epoch);
        EQ_STR(cases[i].metadata, v.metadata);
        assert_int_equal(cases[i].commit_timestamp, v.commit_timestamp);
        assert_int_equal(cases[i].expire_timestamp, v.expire_timestamp);
        free(keep);
        reject_prefixes(KIND_OFFSET, w.buf.data, w.buf.len, __LINE__);
        sm_wr_free(&w);
    }
}

/* ---- GroupMetadataValue ---- */

/*
 * The group of the v3 vector: protocolType "consumer", generation 3,
 * protocol "range", leader "m1", currentStateTimestamp COMMIT_MS,
 *   m1: instance null, client "c1", host "/h1", rebalance 60000, session 10000,
 *       subscription 00 01, assignment aa
 *   m2: instance "i2", client "c2", host "/h2", rebalance 30000, session 6000,
 *       subscription and assignment empty
 */
static const uint8_t GM_VAL_V3[] = {
    0x00, 0x03,                                           /* version */
    0x00, 0x08, 'c', 'o', 'n', 's', 'u', 'm', 'e', 'r',   /* protocolType */
    0x00, 0x00, 0x00, 0x03,                               /* generation */
    0x00, 0x05, 'r', 'a', 'n', 'g', 'e',                  /* protocol */
    0x00, 0x02, 'm', '1',                                 /* leader */
    TS_COMMIT,                                            /* currentStateTimestamp */
    0x00, 0x00, 0x00, 0x02,                               /* members */
    0x00, 0x02, 'm', '1',                                 /*  memberId */
    0xff, 0xff,                                           /*  groupInstanceId null */
    0x00, 0x02, 'c', '1',                                 /*  clientId */
    0x00, 0x03, '/', 'h', '1',                            /*  clientHost */
    0x00, 0x00, 0xea, 0x60,                               /*  rebalanceTimeout 60000 */
    0x00, 0x00, 0x27, 0x10,                               /*  sessionTimeout 10000 */
    0x00, 0x00, 0x00, 0x02, 0x00, 0x01,                   /*  subscription */
    0x00, 0x00, 0x00, 0x01, 0xaa,                         /*  assignment */
    0x00, 0x02, 'm', '2',                                 /*  memberId */
    0x00, 0x02, 'i', '2',                                 /*  groupInstanceId */
    0x00, 0x02, 'c', '2',                                 /*  clientId */
    0x00, 0x03, '/', 'h', '2',                            /*  clientHost */
    0x00, 0x00, 0x75, 0x30,                               /*  rebalanceTimeout 30000 */
    0x00, 0x00, 0x17, 0x70,                               /*  sessionTimeout 6000 */
    0x00, 0x00, 0x00, 0x00,                               /*  subscription (empty) */
    0x00, 0x00, 0x00, 0x00,                               /*  assignment (empty) */
};

/* v0: protocolType "consumer", generation 1, protocol "range", leader "m1",
 * one member m1 (client "c1", host "/h1", session 10000, subscription 00 01,
 * assignment aa). No rebalance timeout, state timestamp or instance id. */
static const uint8_t GM_VAL_V0[] = {
    0x00, 0x00, 0x00, 0x08, 'c', 'o', 'n', 's', 'u', 'm', 'e', 'r', 0x00, 0x00, 0x00, 0x01,
    0x00, 0x05, 'r', 'a', 'n', 'g', 'e', 0x00, 0x02, 'm', '1', 0x00, 0x00, 0x00, 0x01,
    0x00, 0x02, 'm', '1', 0x00, 0x02, 'c', '1', 0x00, 0x03, '/', 'h', '1', 0x00, 0x00, 0x27, 0x10,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0xaa,
};
/* v1: as v0 plus rebalanceTimeout 60000 before the session timeout */
static const uint8_t GM_VAL_V1[] = {
    0x00, 0x01, 0x00, 0x08, 'c', 'o', 'n', 's', 'u', 'm', 'e', 'r', 0x00, 0x00, 0x00, 0x01,
    0x00, 0x05, 'r', 'a', 'n', 'g', 'e', 0x00, 0x02, 'm', '1', 0x00, 0x00, 0x00, 0x01,
    0x00, 0x02, 'm', '1', 0x00, 0x02, 'c', '1', 0x00, 0x03, '/', 'h', '1', 0x00, 0x00, 0xea, 0x60,
    0x00, 0x00, 0x27, 0x10, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0xaa,
};
/* v2: an Empty group as Kafka writes it: protocolType "consumer", generation
 * 9, protocol null, leader null, currentStateTimestamp, no members */
static const uint8_t GM_VAL_V2_EMPTY[] = {
    0x00, 0x02, 0x00, 0x08, 'c', 'o', 'n', 's', 'u', 'm', 'e', 'r', 0x00, 0x00, 0x00, 0x09,
    0xff, 0xff, 0xff, 0xff, TS_COMMIT, 0x00, 0x00, 0x00, 0x00,
};
/* v2 with the member of v1 and protocolType "" (a group of an unknown protocol) */
static const uint8_t GM_VAL_V2[] = {
    0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x05, 'r', 'a', 'n', 'g', 'e', 0x00, 0x02, 'm', '1', TS_COMMIT, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x02, 'm', '1', 0x00, 0x02, 'c', '1', 0x00, 0x03, '/', 'h', '1', 0x00, 0x00, 0xea, 0x60,
    0x00, 0x00, 0x27, 0x10, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0xaa,
};
/* v4 (flexible): the group of GM_VAL_V3 with generation 4 and only m1, in
 * compact encodings, with a tagged field in the member (tag 5, size 1, ff)
 * and one at the top level (tag 0, size 0) */
static const uint8_t GM_VAL_V4[] = {
    0x00, 0x04,                                     /* version */
    0x09, 'c', 'o', 'n', 's', 'u', 'm', 'e', 'r',   /* protocolType (8+1) */
    0x00, 0x00, 0x00, 0x04,                         /* generation */
    0x06, 'r', 'a', 'n', 'g', 'e',                  /* protocol */
    0x03, 'm', '1',                                 /* leader */
    TS_COMMIT,                                      /* currentStateTimestamp */
    0x02,                                           /* members: 1 (+1) */
    0x03, 'm', '1',                                 /*  memberId */
    0x00,                                           /*  groupInstanceId null */
    0x03, 'c', '1',                                 /*  clientId */
    0x04, '/', 'h', '1',                            /*  clientHost */
    0x00, 0x00, 0xea, 0x60,                         /*  rebalanceTimeout */
    0x00, 0x00, 0x27, 0x10,                         /*  sessionTimeout */
    0x03, 0x00, 0x01,                               /*  subscription */
    0x02, 0xaa,                                     /*  assignment */
    0x01, 0x05, 0x01, 0xff,                         /*  member tags: tag 5, 1 byte */
    0x01, 0x00, 0x00,                               /* top-level tags: tag 0, empty */
};

static void check_m1(const sm_gr_member_t *m, bool has_rebalance)
{
    EQ_STR(S("m1"), m->member_id);
    EQ_STR(SM_STR_NULL, m->group_instance_id);
    EQ_STR(S("c1"), m->client_id);
    EQ_STR(S("/h1"), m->client_host);
    assert_int_equal(has_rebalance ? 60000 : -1, m->rebalance_timeout);
    assert_int_equal(10000, m->session_timeout);
    EQ_BYTES(B("\x00\x01"), m->subscription);
    EQ_BYTES(B("\xaa"), m->assignment);
}

static sm_gr_member_t vec_members[2];
static sm_gr_group_t vec_group(void)
{
    vec_members[0] = (sm_gr_member_t){.member_id = S("m1"), .group_instance_id = SM_STR_NULL,
                                      .client_id = S("c1"), .client_host = S("/h1"), .rebalance_timeout = 60000,
                                      .session_timeout = 10000, .subscription = B("\x00\x01"),
                                      .assignment = B("\xaa")};
    vec_members[1] = (sm_gr_member_t){.member_id = S("m2"), .group_instance_id = S("i2"), .client_id = S("c2"),
                                      .client_host = S("/h2"), .rebalance_timeout = 30000, .session_timeout = 6000,
                                      .subscription = EMPTY_BYTES, .assignment = EMPTY_BYTES};
    return (sm_gr_group_t){.protocol_type = S("consumer"), .generation = 3, .protocol = S("range"),
                           .leader = S("m1"), .current_state_timestamp = COMMIT_MS, .member_count = 2,
                           .members = vec_members};
}

static void test_group_value_encode_v3(void **state)
{
    (void)state;
    sm_gr_group_t g = vec_group();
    sm_wr_t w;
    sm_wr_init(&w, true); /* the encoder must force the classic encoding */
    sm_gr_group_encode(&w, &g);
    EQ_ENC(GM_VAL_V3, &w);
    sm_wr_free(&w);

    /* null subscription / assignment views are written as empty bytes (the
     * fields are not nullable), a null protocol type as "" */
    vec_members[1].subscription = SM_BYTES_NULL;
    vec_members[1].assignment = (sm_bytes_t){NULL, 0};
    sm_wr_init(&w, false);
    sm_gr_group_encode(&w, &g);
    EQ_ENC(GM_VAL_V3, &w);
    sm_wr_free(&w);

    /* an empty group, protocol and leader null: as GM_VAL_V2_EMPTY but v3 */
    sm_gr_group_t e = {.protocol_type = S("consumer"), .generation = 9, .protocol = SM_STR_NULL,
                       .leader = SM_STR_NULL, .current_state_timestamp = COMMIT_MS, .member_count = 0};
    uint8_t exp[sizeof(GM_VAL_V2_EMPTY)];
    memcpy(exp, GM_VAL_V2_EMPTY, sizeof(exp));
    exp[1] = 3;
    sm_wr_init(&w, false);
    sm_gr_group_encode(&w, &e);
    EQ_ENC(exp, &w);
    sm_wr_free(&w);
}

static void test_group_value_decode(void **state)
{
    (void)state;
    sm_arena_t a;
    sm_arena_init(&a);
    sm_gr_group_t v;
    uint8_t *keep;

    /* v3 */
    assert_int_equal(0, group_decode_exact(GM_VAL_V3, sizeof(GM_VAL_V3), &a, &v, &keep));
    EQ_STR(S("consumer"), v.protocol_type);
    assert_int_equal(3, v.generation);
    EQ_STR(S("range"), v.protocol);
    EQ_STR(S("m1"), v.leader);
    assert_int_equal(COMMIT_MS, v.current_state_timestamp);
    assert_int_equal(2, v.member_count);
    check_m1(&v.members[0], true);
    EQ_STR(S("m2"), v.members[1].member_id);
    EQ_STR(S("i2"), v.members[1].group_instance_id);
    EQ_STR(S("c2"), v.members[1].client_id);
    EQ_STR(S("/h2"), v.members[1].client_host);
    assert_int_equal(30000, v.members[1].rebalance_timeout);
    assert_int_equal(6000, v.members[1].session_timeout);
    EQ_BYTES(EMPTY_BYTES, v.members[1].subscription);
    EQ_BYTES(EMPTY_BYTES, v.members[1].assignment);
    free(keep);

    /* v0, v1: no state timestamp (-1), v0 no rebalance timeout (-1) */
    const uint8_t *v01[] = {GM_VAL_V0, GM_VAL_V1};
    size_t v01len[] = {sizeof(GM_VAL_V0), sizeof(GM_VAL_V1)};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(0, group_decode_exact(v01[i], v01len[i], &a, &v, &keep));
        EQ_STR(S("consumer"), v.protocol_type);
        assert_int_equal(1, v.generation);
        EQ_STR(S("range"), v.protocol);
        EQ_STR(S("m1"), v.leader);
        assert_int_equal(-1, v.current_state_timestamp);
        assert_int_equal(1, v.member_count);
        check_m1(&v.members[0], i == 1);
        free(keep);
    }

    /* v2 */
    assert_int_equal(0, group_decode_exact(GM_VAL_V2, sizeof(GM_VAL_V2), &a, &v, &keep));
    EQ_STR(S(""), v.protocol_type);
    assert_int_equal(1, v.generation);
    EQ_STR(S("range"), v.protocol);
    assert_int_equal(COMMIT_MS, v.current_state_timestamp);
    assert_int_equal(1, v.member_count);
    check_m1(&v.members[0], true);
    free(keep);

    assert_int_equal(0, group_decode_exact(GM_VAL_V2_EMPTY, sizeof(GM_VAL_V2_EMPTY), &a, &v, &keep));
    EQ_STR(S("consumer"), v.protocol_type);
    assert_int_equal(9, v.generation);
    EQ_STR(SM_STR_NULL, v.protocol);
    EQ_STR(SM_STR_NULL, v.leader);
    assert_int_equal(COMMIT_MS, v.current_state_timestamp);
    assert_int_equal(0, v.member_count);
    free(keep);

    /* v4, flexible, with tagged fields in the member and at the end */
    assert_int_equal(0, group_decode_exact(GM_VAL_V4, sizeof(GM_VAL_V4), &a, &v, &keep));
    EQ_STR(S("consumer"), v.protocol_type);
    assert_int_equal(4, v.generation);
    EQ_STR(S("range"), v.protocol);
    EQ_STR(S("m1"), v.leader);
    assert_int_equal(COMMIT_MS, v.current_state_timestamp);
    assert_int_equal(1, v.member_count);
    check_m1(&v.members[0], true);
    free(keep);

    REJECT_PREFIXES(KIND_GROUP, GM_VAL_V0);
    REJECT_PREFIXES(KIND_GROUP, GM_VAL_V1);
    REJECT_PREFIXES(KIND_GROUP, GM_VAL_V2);
    REJECT_PREFIXES(KIND_GROUP, GM_VAL_V2_EMPTY);
    REJECT_PREFIXES(KIND_GROUP, GM_VAL_V3);
    REJECT_PREFIXES(KIND_GROUP, GM_VAL_V4);
    sm_arena_free(&a);
}

static void test_group_value_invalid(void **state)
{
    (void)state;
    sm_arena_t a;
    sm_arena_init(&a);
    sm_gr_group_t v;
    uint8_t *keep;
    uint8_t buf[sizeof(GM_VAL_V3)];

    /* unknown versions */
    memcpy(buf, GM_VAL_V3, sizeof(buf));
    buf[1] = 5;
    assert_int_equal(-1, group_decode_exact(buf, sizeof(buf), &a, &v, &keep));
    free(keep);
    buf[0] = 0x80;
    buf[1] = 0x00;
    assert_int_equal(-1, group_decode_exact(buf, sizeof(buf), &a, &v, &keep));
    free(keep);

    /* protocolType is not nullable */
    static const uint8_t NULL_TYPE[] = {0x00, 0x02, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0xff, 0xff,
                                        0xff, 0xff, TS_COMMIT, 0x00, 0x00, 0x00, 0x00};
    assert_int_equal(-1, group_decode_exact(NULL_TYPE, sizeof(NULL_TYPE), &a, &v, &keep));
    free(keep);

    /* a member's clientHost is not nullable: m1's "/h1" replaced by null */
    static const uint8_t HOST[] = {0x00, 0x03, '/', 'h', '1'};
    size_t at = 0;
    while (at + sizeof(HOST) <= sizeof(GM_VAL_V3) && memcmp(GM_VAL_V3 + at, HOST, sizeof(HOST)) != 0)
        at++;
    assert_true(at + sizeof(HOST) <= sizeof(GM_VAL_V3));
    uint8_t nohost[sizeof(GM_VAL_V3)];
    memcpy(nohost, GM_VAL_V3, at);
    nohost[at] = nohost[at + 1] = 0xff;
    memcpy(nohost + at + 2, GM_VAL_V3 + at + sizeof(HOST), sizeof(GM_VAL_V3) - at - sizeof(HOST));
    assert_int_equal(-1, group_decode_exact(nohost, sizeof(GM_VAL_V3) - 3, &a, &v, &keep));
    free(keep);
    /* the same edit with a valid empty host decodes: only the null was wrong */
    nohost[at] = nohost[at + 1] = 0x00;
    assert_int_equal(0, group_decode_exact(nohost, sizeof(GM_VAL_V3) - 3, &a, &v, &keep));
    EQ_STR(S(""), v.members[0].client_host);
    free(keep);

    /* the members array is not nullable */
    static const uint8_t NULL_MEMBERS[] = {0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0xff,
                                           0xff, 0xff, TS_COMMIT, 0xff, 0xff, 0xff, 0xff};
    assert_int_equal(-1, group_decode_exact(NULL_MEMBERS, sizeof(NULL_MEMBERS), &a, &v, &keep));
    free(keep);

    /* a huge member count with few bytes must fail without allocating for it */
    static const uint8_t HUGE_COUNT[] = {0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0xff,
                                         0xff, 0xff, TS_COMMIT, 0x7f, 0xff, 0xff, 0xff, 0x00, 0x00};
    assert_int_equal(-1, group_decode_exact(HUGE_COUNT, sizeof(HUGE_COUNT), &a, &v, &keep));
    free(keep);
    sm_arena_free(&a);
}

static void compare_groups(const sm_gr_group_t *e, const sm_gr_group_t *g)
{
    EQ_STR(e->protocol_type.len < 0 ? S("") : e->protocol_type, g->protocol_type);
    assert_int_equal(e->generation, g->generation);
    EQ_STR(e->protocol, g->protocol);
    EQ_STR(e->leader, g->leader);
    assert_int_equal(e->current_state_timestamp, g->current_state_timestamp);
    assert_int_equal(e->member_count, g->member_count);
    for (int32_t i = 0; i < e->member_count; i++) {
        const sm_gr_member_t *x = &e->members[i], *y = &g->members[i];
        EQ_STR(x->member_id, y->member_id);
        EQ_STR(x->group_instance_id, y->group_instance_id);
        EQ_STR(x->client_id, y->client_id);
        EQ_STR(x->client_host, y->client_host);
        assert_int_equal(x->rebalance_timeout, y->rebalance_timeout);
        assert_int_equal(x->session_timeout, y->session_timeout);
        EQ_BYTES(x->subscription, y->subscription);
        EQ_BYTES(x->assignment, y->assignment);
    }
}

static void test_group_value_roundtrip(void **state)
{
    (void)state;
    sm_arena_t a;
    sm_arena_init(&a);
    enum { N = 50 };
    static sm_gr_member_t ms[N];
    static char names[N][4][32];
    static uint8_t blobs[N][2][64];
    for (int i = 0; i < N; i++) {
        snprintf(names[i][0], 32, "consumer-%d-%08x", i, (unsigned)(i * 2654435761u));
        snprintf(names[i][1], 32, "instance-%d", i);
        snprintf(names[i][2], 32, "client-%d", i);
        snprintf(names[i][3], 32, "/10.0.0.%d", i);
        for (int k = 0; k < 64; k++) {
            blobs[i][0][k] = (uint8_t)(i + k);
            blobs[i][1][k] = (uint8_t)(i * k);
        }
        ms[i] = (sm_gr_member_t){.member_id = S(names[i][0]),
                                 .group_instance_id = i % 3 ? SM_STR_NULL : S(names[i][1]),
                                 .client_id = i % 5 ? S(names[i][2]) : S(""),
                                 .client_host = S(names[i][3]),
                                 .rebalance_timeout = i % 7 ? 300000 + i : -1,
                                 .session_timeout = 45000 - i,
                                 .subscription = (sm_bytes_t){blobs[i][0], i % 64},
                                 .assignment = (sm_bytes_t){blobs[i][1], (i * 7) % 64}};
    }
    sm_gr_group_t cases[] = {
        {.protocol_type = S("consumer"), .generation = 1, .protocol = S("cooperative-sticky"),
         .leader = S(names[3][0]), .current_state_timestamp = COMMIT_MS, .member_count = N, .members = ms},
        {.protocol_type = S("connect"), .generation = INT32_MAX, .protocol = SM_STR_NULL, .leader = SM_STR_NULL,
         .current_state_timestamp = -1, .member_count = 0, .members = NULL},
        {.protocol_type = S(""), .generation = 0, .protocol = S(""), .leader = S(""),
         .current_state_timestamp = INT64_MAX, .member_count = 1, .members = ms + 7},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sm_wr_t w;
        sm_wr_init(&w, false);
        sm_gr_group_encode(&w, &cases[i]);
        assert_int_equal(3, (int)sm_be16(w.buf.data));
        sm_gr_group_t v;
        uint8_t *keep;
        assert_int_equal(0, group_decode_exact(w.buf.data, w.buf.len, &a, &v, &keep));
        compare_groups(&cases[i], &v);
        free(keep);
        if (i > 0) reject_prefixes(KIND_GROUP, w.buf.data, w.buf.len, __LINE__);
        sm_arena_reset(&a);
        sm_wr_free(&w);
    }
    /* the 50-member encoding, truncated at a sample of places */
    sm_wr_t w;
    sm_wr_init(&w, false);
    sm_gr_group_encode(&w, &cases[0]);
    for (size_t n = 0; n < w.buf.len; n += 97) {
        sm_gr_group_t v;
        uint8_t *keep;
        assert_int_equal(-1, group_decode_exact(w.buf.data, n, &a, &v, &keep));
        free(keep);
        sm_arena_reset(&a);
    }
    sm_wr_free(&w);
    sm_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offset_key_encode),
        cmocka_unit_test(test_key_decode),
        cmocka_unit_test(test_key_roundtrip),
        cmocka_unit_test(test_key_unknown_versions),
        cmocka_unit_test(test_key_null_strings_rejected),
        cmocka_unit_test(test_offset_value_encode),
        cmocka_unit_test(test_offset_value_decode),
        cmocka_unit_test(test_offset_value_invalid),
        cmocka_unit_test(test_offset_value_v4_overlong_string_rejected),
        cmocka_unit_test(test_group_value_v4_overlong_string_rejected),
        cmocka_unit_test(test_offset_value_roundtrip),
        cmocka_unit_test(test_group_value_encode_v3),
        cmocka_unit_test(test_group_value_decode),
        cmocka_unit_test(test_group_value_invalid),
        cmocka_unit_test(test_group_value_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
