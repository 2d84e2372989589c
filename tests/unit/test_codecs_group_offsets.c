/*
 * Codecs of the consumer-group offset and admin APIs: OffsetCommit,
 * OffsetFetch, DescribeGroups, ListGroups, DeleteGroups, OffsetDelete.
 *
 * For every API and every supported version a message with several entries,
 * non-default values and nulls is encoded, decoded, compared field by field
 * and re-encoded byte for byte; every strict prefix of the encoding must be
 * rejected (each prefix is copied into a buffer of exactly its size so ASan
 * sees any over-read). Messages made of many minimal elements check that
 * the decoders' element-count bounds never reject valid input. Byte vectors
 * written by hand from the Kafka schemas pin the exact encoding (the classic
 * ones were also checked against kafka-python 2.0.2's structs, whose byte
 * output is identical).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "protocol/delete_groups.h"
#include "protocol/describe_groups.h"
#include "protocol/list_groups.h"
#include "protocol/offset_commit.h"
#include "protocol/offset_delete.h"
#include "protocol/offset_fetch.h"
#include "util/arena.h"

#include "codec_harness.h"

/* ---- helpers ---- */

#define S(s) sm_str(s)
#define EMPTY ((sm_str_t){"", 0})
#define B(s) ((sm_bytes_t){(const uint8_t *)(s), (int32_t)(sizeof(s) - 1)})
#define EMPTY_BYTES ((sm_bytes_t){(const uint8_t *)"", 0})


/* Encodes `msg` and checks the vector, then decodes the vector and compares
 * it with `msg` field by field. */
static void pin(const codec_t *c, int16_t v, const void *msg, const uint8_t *exp, size_t n)
{
    expect_bytes(c, v, msg, exp, n);
    void *out = malloc(c->size);
    assert_non_null(out);
    memset(out, 0xa5, c->size);
    assert_int_equal(decode_bytes(c, v, exp, n, out), 0);
    c->cmp(msg, out, v);
    free(out);
}

#define MANY 40 /* minimal elements per array in the bound checks */

/* ======================= OffsetCommit ======================= */

CODEC(sm_OffsetCommitRequest)
CODEC(sm_OffsetCommitResponse)

static void sm_OffsetCommitRequest_cmp(const sm_OffsetCommitRequest *e,
                                       const sm_OffsetCommitRequest *g, int16_t v)
{
    (void)v;
    EQ_STR(e->GroupId, g->GroupId);
    EQ_INT(e->GenerationIdOrMemberEpoch, g->GenerationIdOrMemberEpoch);
    EQ_STR(e->MemberId, g->MemberId);
    EQ_STR(e->GroupInstanceId, g->GroupInstanceId);
    EQ_INT(e->RetentionTimeMs, g->RetentionTimeMs);
    EQ_INT(e->Topics_count, g->Topics_count);
    for (int32_t i = 0; i < e->Topics_count; i++) {
        const sm_OffsetCommitRequestTopic *et = &e->Topics[i], *gt = &g->Topics[i];
        EQ_STR(et->Name, gt->Name);
        EQ_INT(et->Partitions_count, gt->Partitions_count);
        for (int32_t j = 0; j < et->Partitions_count; j++) {
            const sm_OffsetCommitRequestPartition *ep = &et->Partitions[j],
                                                  *gp = &gt->Partitions[j];
            EQ_INT(ep->PartitionIndex, gp->PartitionIndex);
            EQ_INT(ep->CommittedOffset, gp->CommittedOffset);
            EQ_INT(ep->CommittedLeaderEpoch, gp->CommittedLeaderEpoch);
            EQ_INT(ep->CommitTimestamp, gp->CommitTimestamp);
            EQ_STR(ep->CommittedMetadata, gp->CommittedMetadata);
        }
    }
}

static void sm_OffsetCommitResponse_cmp(const sm_OffsetCommitResponse *e,
                                        const sm_OffsetCommitResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->Topics_count, g->Topics_count);
    for (int32_t i = 0; i < e->Topics_count; i++) {
        EQ_STR(e->Topics[i].Name, g->Topics[i].Name);
        EQ_INT(e->Topics[i].Partitions_count, g->Topics[i].Partitions_count);
        for (int32_t j = 0; j < e->Topics[i].Partitions_count; j++) {
            EQ_INT(e->Topics[i].Partitions[j].PartitionIndex,
                   g->Topics[i].Partitions[j].PartitionIndex);
            EQ_INT(e->Topics[i].Partitions[j].ErrorCode, g->Topics[i].Partitions[j].ErrorCode);
        }
    }
}

/* Fields absent in version v hold the schema default, as decoding gives. */
static void build_offset_commit_req(int16_t v, sm_OffsetCommitRequest *m)
{
    sm_OffsetCommitRequestPartition *p = NEW(sm_OffsetCommitRequestPartition, 4);
    p[0] = (sm_OffsetCommitRequestPartition){0, 100, -1, -1, S("m0")};
    p[1] = (sm_OffsetCommitRequestPartition){1, 0, -1, -1, SM_STR_NULL};
    p[2] = (sm_OffsetCommitRequestPartition){7, INT64_MAX, -1, -1, EMPTY};
    p[3] = (sm_OffsetCommitRequestPartition){-1, -1, -1, -1, SM_STR_NULL};
    if (v >= 6) {
        p[0].CommittedLeaderEpoch = 5;
        p[2].CommittedLeaderEpoch = 0;
    }
    if (v == 1) {
        p[0].CommitTimestamp = 1700000000123;
        p[1].CommitTimestamp = 0;
    }
    sm_OffsetCommitRequestTopic *t = NEW(sm_OffsetCommitRequestTopic, 3);
    t[0] = (sm_OffsetCommitRequestTopic){S("orders"), 3, p};
    t[1] = (sm_OffsetCommitRequestTopic){S("payments.v2"), 0, NULL};
    t[2] = (sm_OffsetCommitRequestTopic){EMPTY, 1, p + 3};
    *m = (sm_OffsetCommitRequest){.GroupId = S("consumer-group-1"),
                                  .GenerationIdOrMemberEpoch = -1,
                                  .MemberId = EMPTY,
                                  .GroupInstanceId = SM_STR_NULL,
                                  .RetentionTimeMs = -1,
                                  .Topics_count = 3,
                                  .Topics = t};
    if (v >= 1) {
        m->GenerationIdOrMemberEpoch = 42;
        m->MemberId = S("rdkafka-0b5c1f2e-9d6a-4f3b-8e7c-2a1d0c9b8a7f");
    }
    if (v >= 7) m->GroupInstanceId = S("instance-a");
    if (v >= 2 && v <= 4) m->RetentionTimeMs = 86400000;
}

static void build_offset_commit_resp(int16_t v, sm_OffsetCommitResponse *m)
{
    sm_OffsetCommitResponsePartition *p = NEW(sm_OffsetCommitResponsePartition, 3);
    p[0] = (sm_OffsetCommitResponsePartition){0, 0};
    p[1] = (sm_OffsetCommitResponsePartition){1, 25}; /* UNKNOWN_MEMBER_ID */
    p[2] = (sm_OffsetCommitResponsePartition){3, 22}; /* ILLEGAL_GENERATION */
    sm_OffsetCommitResponseTopic *t = NEW(sm_OffsetCommitResponseTopic, 3);
    t[0] = (sm_OffsetCommitResponseTopic){S("orders"), 2, p};
    t[1] = (sm_OffsetCommitResponseTopic){S("empty"), 0, NULL};
    t[2] = (sm_OffsetCommitResponseTopic){EMPTY, 1, p + 2};
    *m = (sm_OffsetCommitResponse){
        .ThrottleTimeMs = v >= 3 ? 100 : 0, .Topics_count = 3, .Topics = t};
}

static void test_offset_commit_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 9; v++) {
        sm_OffsetCommitRequest req;
        build_offset_commit_req(v, &req);
        roundtrip(&sm_OffsetCommitRequest_codec, v, &req);
        /* v1+: empty member id (a fresh or simple consumer); v7+ null instance id */
        build_offset_commit_req(v, &req);
        if (v >= 1) {
            req.GenerationIdOrMemberEpoch = -1;
            req.MemberId = EMPTY;
        }
        req.GroupInstanceId = SM_STR_NULL;
        roundtrip(&sm_OffsetCommitRequest_codec, v, &req);
        sm_OffsetCommitResponse resp;
        build_offset_commit_resp(v, &resp);
        roundtrip(&sm_OffsetCommitResponse_codec, v, &resp);
    }
}

static void test_offset_commit_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 9; v++) {
        sm_OffsetCommitRequestTopic *t = NEW(sm_OffsetCommitRequestTopic, MANY);
        for (int i = 0; i < MANY; i++)
            t[i].Name = EMPTY;
        sm_OffsetCommitRequest req = {.GroupId = EMPTY,
                                      .GenerationIdOrMemberEpoch = -1,
                                      .MemberId = EMPTY,
                                      .GroupInstanceId = SM_STR_NULL,
                                      .RetentionTimeMs = -1,
                                      .Topics_count = MANY,
                                      .Topics = t};
        roundtrip(&sm_OffsetCommitRequest_codec, v, &req);
        sm_OffsetCommitRequestPartition *p = NEW(sm_OffsetCommitRequestPartition, MANY);
        for (int i = 0; i < MANY; i++)
            p[i] = (sm_OffsetCommitRequestPartition){0, 0, -1, -1, SM_STR_NULL};
        sm_OffsetCommitRequestTopic one = {EMPTY, MANY, p};
        req.Topics_count = 1;
        req.Topics = &one;
        roundtrip(&sm_OffsetCommitRequest_codec, v, &req);

        sm_OffsetCommitResponseTopic *rt = NEW(sm_OffsetCommitResponseTopic, MANY);
        for (int i = 0; i < MANY; i++)
            rt[i].Name = EMPTY;
        sm_OffsetCommitResponse resp = {.Topics_count = MANY, .Topics = rt};
        roundtrip(&sm_OffsetCommitResponse_codec, v, &resp);
        sm_OffsetCommitResponseTopic rone = {EMPTY, MANY,
                                             NEW(sm_OffsetCommitResponsePartition, MANY)};
        resp = (sm_OffsetCommitResponse){.Topics_count = 1, .Topics = &rone};
        roundtrip(&sm_OffsetCommitResponse_codec, v, &resp);
    }
}

static void test_offset_commit_vectors(void **state)
{
    (void)state;
    /* v2: "g", generation 1, member "m", retention -1, [{"t", [{0, 5, ""}]}]
     * (kafka-python OffsetCommitRequest_v2 encodes exactly this). */
    static const uint8_t v2[] = {
        0x00, 0x01, 'g',                                /* GroupId */
        0x00, 0x00, 0x00, 0x01,                         /* GenerationIdOrMemberEpoch */
        0x00, 0x01, 'm',                                /* MemberId */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* RetentionTimeMs -1 */
        0x00, 0x00, 0x00, 0x01,                         /* Topics: 1 */
        0x00, 0x01, 't',                                /* Name */
        0x00, 0x00, 0x00, 0x01,                         /* Partitions: 1 */
        0x00, 0x00, 0x00, 0x00,                         /* PartitionIndex */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* CommittedOffset */
        0x00, 0x00,                                     /* CommittedMetadata "" */
    };
    sm_OffsetCommitRequestPartition p = {0, 5, -1, -1, EMPTY};
    sm_OffsetCommitRequestTopic t = {S("t"), 1, &p};
    sm_OffsetCommitRequest req = {.GroupId = S("g"),
                                  .GenerationIdOrMemberEpoch = 1,
                                  .MemberId = S("m"),
                                  .GroupInstanceId = SM_STR_NULL,
                                  .RetentionTimeMs = -1,
                                  .Topics_count = 1,
                                  .Topics = &t};
    pin(&sm_OffsetCommitRequest_codec, 2, &req, v2, sizeof(v2));

    /* v1: the only version with a per-partition CommitTimestamp, between
     * the offset and the metadata; no retention time. */
    static const uint8_t v1[] = {
        0x00, 0x01, 'g',  0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'm', /* group, gen, member */
        0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't',                   /* Topics: 1, "t" */
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,            /* Partitions: 1, index 0 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,            /* CommittedOffset 5 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8,            /* CommitTimestamp 1000 */
        0x00, 0x01, 'x',                                           /* CommittedMetadata "x" */
    };
    p = (sm_OffsetCommitRequestPartition){0, 5, -1, 1000, S("x")};
    pin(&sm_OffsetCommitRequest_codec, 1, &req, v1, sizeof(v1));

    /* v0: group and topics only; the rest decodes to the schema defaults. */
    static const uint8_t v0[] = {
        0x00, 0x01, 'g',                                /* GroupId */
        0x00, 0x00, 0x00, 0x01,                         /* Topics: 1 */
        0x00, 0x01, 't',                                /* Name */
        0x00, 0x00, 0x00, 0x01,                         /* Partitions: 1 */
        0x00, 0x00, 0x00, 0x02,                         /* PartitionIndex */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, /* CommittedOffset */
        0xff, 0xff,                                     /* CommittedMetadata null */
    };
    p = (sm_OffsetCommitRequestPartition){2, 7, -1, -1, SM_STR_NULL};
    req.GenerationIdOrMemberEpoch = -1;
    req.MemberId = EMPTY;
    pin(&sm_OffsetCommitRequest_codec, 0, &req, v0, sizeof(v0));
    sm_OffsetCommitRequest got;
    assert_int_equal(decode_bytes(&sm_OffsetCommitRequest_codec, 0, v0, sizeof(v0), &got), 0);
    assert_int_equal(got.GenerationIdOrMemberEpoch, -1);
    assert_true(sm_str_eq(got.MemberId, ""));
    assert_int_equal(got.GroupInstanceId.len, -1);
    assert_int_equal(got.RetentionTimeMs, -1);
    assert_int_equal(got.Topics[0].Partitions[0].CommittedLeaderEpoch, -1);
    assert_int_equal(got.Topics[0].Partitions[0].CommitTimestamp, -1);

    /* v8 (flexible): "g", epoch 3, member "m", instance null,
     * [{"t", [{0, 5, leader epoch 2, null}]}]. */
    static const uint8_t v8[] = {
        0x02, 'g',                                      /* GroupId */
        0x00, 0x00, 0x00, 0x03,                         /* GenerationIdOrMemberEpoch */
        0x02, 'm',                                      /* MemberId */
        0x00,                                           /* GroupInstanceId null */
        0x02,                                           /* Topics: 1 */
        0x02, 't',                                      /* Name */
        0x02,                                           /* Partitions: 1 */
        0x00, 0x00, 0x00, 0x00,                         /* PartitionIndex */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* CommittedOffset */
        0x00, 0x00, 0x00, 0x02,                         /* CommittedLeaderEpoch */
        0x00,                                           /* CommittedMetadata null */
        0x00,                                           /* partition tags */
        0x00,                                           /* topic tags */
        0x00,                                           /* tags */
    };
    p = (sm_OffsetCommitRequestPartition){0, 5, 2, -1, SM_STR_NULL};
    req.GenerationIdOrMemberEpoch = 3;
    req.MemberId = S("m");
    pin(&sm_OffsetCommitRequest_codec, 8, &req, v8, sizeof(v8));
    /* v9 is the same bytes. */
    pin(&sm_OffsetCommitRequest_codec, 9, &req, v8, sizeof(v8));

    /* v7: GroupInstanceId "i" after MemberId, leader epoch before metadata. */
    static const uint8_t v7[] = {
        0x00, 0x01, 'g',  0x00, 0x00, 0x00, 0x03, 0x00, 0x01, 'm',  0x00, 0x01, 'i',  0x00,
        0x00, 0x00, 0x01, 0x00, 0x01, 't',  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x02, 0xff, 0xff,
    };
    req.GroupInstanceId = S("i");
    pin(&sm_OffsetCommitRequest_codec, 7, &req, v7, sizeof(v7));

    /* Unknown tagged fields at every level of a v8 request are skipped. */
    static const uint8_t v8tags[] = {
        0x02, 'g',  0x00, 0x00, 0x00, 0x03, 0x02, 'm',  0x00, 0x02,
        0x02, 't',  0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x02, 0x00, /* epoch 2, metadata null */
        0x01, 0x09, 0x02, 0xaa, 0xbb,                               /* partition: tag 9, 2 bytes */
        0x02, 0x00, 0x00, 0x01, 0x01, 0xcc,                         /* topic: tags 0 (empty), 1 */
        0x01, 0x7f, 0x03, 0x01, 0x02, 0x03,                         /* top: tag 127, 3 bytes */
    };
    req.GroupInstanceId = SM_STR_NULL;
    assert_int_equal(decode_bytes(&sm_OffsetCommitRequest_codec, 8, v8tags, sizeof(v8tags), &got),
                     0);
    sm_OffsetCommitRequest_cmp(&req, &got, 8);

    /* v0 response [{"t", [{0, 0}]}]; v3 adds the throttle time in front. */
    static const uint8_t r0[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't',  0x00, 0x00,
                                 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    sm_OffsetCommitResponsePartition rp = {0, 0};
    sm_OffsetCommitResponseTopic rt = {S("t"), 1, &rp};
    sm_OffsetCommitResponse resp = {.Topics_count = 1, .Topics = &rt};
    pin(&sm_OffsetCommitResponse_codec, 0, &resp, r0, sizeof(r0));
    static const uint8_t r3[] = {0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't',
                                 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    resp.ThrottleTimeMs = 10;
    pin(&sm_OffsetCommitResponse_codec, 3, &resp, r3, sizeof(r3));
    /* v8 response: throttle 10, [{"t", [{0, 27 REBALANCE_IN_PROGRESS}]}]. */
    static const uint8_t r8[] = {0x00, 0x00, 0x00, 0x0a, 0x02, 0x02, 't',  0x02, 0x00,
                                 0x00, 0x00, 0x00, 0x00, 0x1b, 0x00, 0x00, 0x00};
    rp.ErrorCode = 27;
    pin(&sm_OffsetCommitResponse_codec, 8, &resp, r8, sizeof(r8));
    sm_arena_reset(&arena);
}

static void test_offset_commit_invalid(void **state)
{
    (void)state;
    sm_OffsetCommitRequest q;
    /* Topics is not nullable (classic and compact). */
    static const uint8_t null_topics[] = {0x00, 0x01, 'g', 0xff, 0xff, 0xff, 0xff};
    assert_int_equal(
        decode_bytes(&sm_OffsetCommitRequest_codec, 0, null_topics, sizeof(null_topics), &q), -1);
    static const uint8_t null_topics8[] = {0x02, 'g', 0, 0, 0, 1, 0x01, 0x00, 0x00, 0x00};
    assert_int_equal(
        decode_bytes(&sm_OffsetCommitRequest_codec, 8, null_topics8, sizeof(null_topics8), &q), -1);
    /* GroupId and MemberId are not nullable. */
    static const uint8_t null_group[] = {0xff, 0xff, 0x00, 0x00, 0x00, 0x00};
    assert_int_equal(
        decode_bytes(&sm_OffsetCommitRequest_codec, 0, null_group, sizeof(null_group), &q), -1);
    static const uint8_t null_member[] = {0x00, 0x01, 'g', 0, 0, 0, 1, 0xff, 0xff, 0, 0, 0, 0};
    assert_int_equal(
        decode_bytes(&sm_OffsetCommitRequest_codec, 1, null_member, sizeof(null_member), &q), -1);
    /* ... but the same bytes with a null GroupInstanceId are v7's. */
    static const uint8_t ok7[] = {0x00, 0x01, 'g', 0, 0, 0, 1, 0x00, 0x00, 0xff, 0xff, 0, 0, 0, 0};
    assert_int_equal(decode_bytes(&sm_OffsetCommitRequest_codec, 7, ok7, sizeof(ok7), &q), 0);
    assert_int_equal(q.GroupInstanceId.len, -1);
    assert_int_equal(q.Topics_count, 0);
    /* A count the remaining bytes cannot hold is rejected before allocating. */
    static const uint8_t huge[] = {0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0};
    assert_int_equal(decode_bytes(&sm_OffsetCommitRequest_codec, 0, huge, sizeof(huge), &q), -1);
    /* One topic with 2 partitions but bytes for one (v0 partition: 14 bytes). */
    static const uint8_t two[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
                                  0x00, 0x02, 0,    0,    0,    0,    0,    0,    0,    0,
                                  0,    0,    0,    0,    0xff, 0xff, 0,    0};
    assert_int_equal(decode_bytes(&sm_OffsetCommitRequest_codec, 0, two, sizeof(two), &q), -1);
    /* A metadata string running past the end is rejected. */
    static const uint8_t long_meta[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
                                        0x00, 0x01, 0,    0,    0,    0,    0,    0,    0,    0,
                                        0,    0,    0,    0,    0x00, 0x05, 'a',  'b'};
    assert_int_equal(
        decode_bytes(&sm_OffsetCommitRequest_codec, 0, long_meta, sizeof(long_meta), &q), -1);
    /* A negative string length other than -1 is rejected. */
    static const uint8_t neg[] = {0xff, 0xfe, 0x00, 0x00, 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_OffsetCommitRequest_codec, 0, neg, sizeof(neg), &q), -1);
    sm_arena_reset(&arena);
}

/* ======================= OffsetFetch ======================= */

CODEC(sm_OffsetFetchRequest)
CODEC(sm_OffsetFetchResponse)

static void cmp_fetch_req_topics(int32_t n, const sm_OffsetFetchRequestTopic *e,
                                 const sm_OffsetFetchRequestTopic *g)
{
    for (int32_t i = 0; i < n; i++) {
        EQ_STR(e[i].Name, g[i].Name);
        EQ_INT(e[i].PartitionIndexes_count, g[i].PartitionIndexes_count);
        for (int32_t j = 0; j < e[i].PartitionIndexes_count; j++)
            EQ_INT(e[i].PartitionIndexes[j], g[i].PartitionIndexes[j]);
    }
}

static void sm_OffsetFetchRequest_cmp(const sm_OffsetFetchRequest *e,
                                      const sm_OffsetFetchRequest *g, int16_t v)
{
    (void)v;
    EQ_STR(e->GroupId, g->GroupId);
    EQ_INT(e->Topics_count, g->Topics_count);
    cmp_fetch_req_topics(e->Topics_count, e->Topics, g->Topics);
    EQ_INT(e->Groups_count, g->Groups_count);
    for (int32_t i = 0; i < e->Groups_count; i++) {
        const sm_OffsetFetchRequestGroup *eg = &e->Groups[i], *gg = &g->Groups[i];
        EQ_STR(eg->GroupId, gg->GroupId);
        EQ_STR(eg->MemberId, gg->MemberId);
        EQ_INT(eg->MemberEpoch, gg->MemberEpoch);
        EQ_INT(eg->Topics_count, gg->Topics_count);
        cmp_fetch_req_topics(eg->Topics_count, eg->Topics, gg->Topics);
    }
    EQ_INT(e->RequireStable, g->RequireStable);
}

static void cmp_fetch_resp_topics(int32_t n, const sm_OffsetFetchResponseTopic *e,
                                  const sm_OffsetFetchResponseTopic *g)
{
    for (int32_t i = 0; i < n; i++) {
        EQ_STR(e[i].Name, g[i].Name);
        EQ_INT(e[i].Partitions_count, g[i].Partitions_count);
        for (int32_t j = 0; j < e[i].Partitions_count; j++) {
            const sm_OffsetFetchResponsePartition *ep = &e[i].Partitions[j],
                                                  *gp = &g[i].Partitions[j];
            EQ_INT(ep->PartitionIndex, gp->PartitionIndex);
            EQ_INT(ep->CommittedOffset, gp->CommittedOffset);
            EQ_INT(ep->CommittedLeaderEpoch, gp->CommittedLeaderEpoch);
            EQ_STR(ep->Metadata, gp->Metadata);
            EQ_INT(ep->ErrorCode, gp->ErrorCode);
        }
    }
}

static void sm_OffsetFetchResponse_cmp(const sm_OffsetFetchResponse *e,
                                       const sm_OffsetFetchResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->Topics_count, g->Topics_count);
    cmp_fetch_resp_topics(e->Topics_count, e->Topics, g->Topics);
    EQ_INT(e->ErrorCode, g->ErrorCode);
    EQ_INT(e->Groups_count, g->Groups_count);
    for (int32_t i = 0; i < e->Groups_count; i++) {
        EQ_STR(e->Groups[i].GroupId, g->Groups[i].GroupId);
        EQ_INT(e->Groups[i].Topics_count, g->Groups[i].Topics_count);
        cmp_fetch_resp_topics(e->Groups[i].Topics_count, e->Groups[i].Topics, g->Groups[i].Topics);
        EQ_INT(e->Groups[i].ErrorCode, g->Groups[i].ErrorCode);
    }
}

static sm_OffsetFetchRequestTopic *fetch_req_topics(void)
{
    static int32_t p0[] = {0, 1, 2}, p2[] = {7};
    sm_OffsetFetchRequestTopic *t = NEW(sm_OffsetFetchRequestTopic, 3);
    t[0] = (sm_OffsetFetchRequestTopic){S("orders"), 3, p0};
    t[1] = (sm_OffsetFetchRequestTopic){S("payments"), 0, NULL};
    t[2] = (sm_OffsetFetchRequestTopic){EMPTY, 1, p2};
    return t;
}

/* A v0-7 request with `ntopics` topics (-1 = null), and the one group its
 * decoding mirrors into Groups. */
static void build_offset_fetch_req_single(int16_t v, int32_t ntopics, sm_OffsetFetchRequest *m)
{
    *m = (sm_OffsetFetchRequest){.GroupId = S("group-a"),
                                 .Topics_count = ntopics,
                                 .Topics = ntopics > 0 ? fetch_req_topics() : NULL,
                                 .RequireStable = v >= 7};
    m->Groups_count = 1;
    m->Groups = NEW(sm_OffsetFetchRequestGroup, 1);
    m->Groups[0] =
        (sm_OffsetFetchRequestGroup){m->GroupId, SM_STR_NULL, -1, m->Topics_count, m->Topics};
}

static void build_offset_fetch_req_multi(int16_t v, sm_OffsetFetchRequest *m)
{
    sm_OffsetFetchRequestGroup *g = NEW(sm_OffsetFetchRequestGroup, 3);
    g[0] = (sm_OffsetFetchRequestGroup){S("group-a"), SM_STR_NULL, -1, 3, fetch_req_topics()};
    g[1] = (sm_OffsetFetchRequestGroup){S("group-b"), SM_STR_NULL, -1, -1, NULL}; /* all topics */
    g[2] = (sm_OffsetFetchRequestGroup){EMPTY, SM_STR_NULL, -1, 0, NULL};
    if (v >= 9) {
        g[0].MemberId = S("member-1");
        g[0].MemberEpoch = 12;
        g[2].MemberId = EMPTY;
        g[2].MemberEpoch = 0;
    }
    *m = (sm_OffsetFetchRequest){.GroupId = EMPTY,
                                 .Topics_count = 0,
                                 .Topics = NULL,
                                 .Groups_count = 3,
                                 .Groups = g,
                                 .RequireStable = true};
}

static sm_OffsetFetchResponseTopic *fetch_resp_topics(int16_t v, int32_t *count)
{
    sm_OffsetFetchResponsePartition *p = NEW(sm_OffsetFetchResponsePartition, 4);
    p[0] = (sm_OffsetFetchResponsePartition){0, 100, -1, S("meta"), 0};
    p[1] = (sm_OffsetFetchResponsePartition){1, -1, -1, SM_STR_NULL, 0}; /* no offset */
    p[2] = (sm_OffsetFetchResponsePartition){2, INT64_MAX, -1, EMPTY, 0};
    p[3] = (sm_OffsetFetchResponsePartition){9, -1, -1, EMPTY, 3}; /* UNKNOWN_TOPIC_OR_PARTITION */
    if (v >= 5) {
        p[0].CommittedLeaderEpoch = 4;
        p[2].CommittedLeaderEpoch = 0;
    }
    sm_OffsetFetchResponseTopic *t = NEW(sm_OffsetFetchResponseTopic, 3);
    t[0] = (sm_OffsetFetchResponseTopic){S("orders"), 3, p};
    t[1] = (sm_OffsetFetchResponseTopic){S("x"), 0, NULL};
    t[2] = (sm_OffsetFetchResponseTopic){EMPTY, 1, p + 3};
    *count = 3;
    return t;
}

static void build_offset_fetch_resp(int16_t v, sm_OffsetFetchResponse *m)
{
    *m = (sm_OffsetFetchResponse){.ThrottleTimeMs = v >= 3 ? 7 : 0};
    if (v <= 7) {
        m->Topics = fetch_resp_topics(v, &m->Topics_count);
        if (v >= 2) m->ErrorCode = 14; /* COORDINATOR_LOAD_IN_PROGRESS */
    } else {
        sm_OffsetFetchResponseGroup *g = NEW(sm_OffsetFetchResponseGroup, 3);
        g[0] = (sm_OffsetFetchResponseGroup){.GroupId = S("group-a"), .ErrorCode = 0};
        g[0].Topics = fetch_resp_topics(v, &g[0].Topics_count);
        g[1] = (sm_OffsetFetchResponseGroup){S("group-b"), 0, NULL, 16}; /* NOT_COORDINATOR */
        g[2] = (sm_OffsetFetchResponseGroup){EMPTY, 0, NULL, 0};
        g[2].Topics = fetch_resp_topics(v, &g[2].Topics_count);
        m->Groups_count = 3;
        m->Groups = g;
    }
}

static void test_offset_fetch_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 9; v++) {
        sm_OffsetFetchRequest req;
        if (v <= 7) {
            build_offset_fetch_req_single(v, 3, &req);
            roundtrip(&sm_OffsetFetchRequest_codec, v, &req);
            build_offset_fetch_req_single(v, 0, &req);
            roundtrip(&sm_OffsetFetchRequest_codec, v, &req);
            if (v >= 2) { /* null Topics: every topic */
                build_offset_fetch_req_single(v, -1, &req);
                roundtrip(&sm_OffsetFetchRequest_codec, v, &req);
            }
        } else {
            build_offset_fetch_req_multi(v, &req);
            roundtrip(&sm_OffsetFetchRequest_codec, v, &req);
        }
        sm_OffsetFetchResponse resp;
        build_offset_fetch_resp(v, &resp);
        roundtrip(&sm_OffsetFetchResponse_codec, v, &resp);
    }
}

/* Arena memory is reused after each roundtrip (it resets the arena), so
 * every message is built right before its roundtrip. */
static sm_OffsetFetchRequestTopic *min_fetch_req_topics(void)
{
    sm_OffsetFetchRequestTopic *t = NEW(sm_OffsetFetchRequestTopic, MANY);
    for (int i = 0; i < MANY; i++)
        t[i].Name = EMPTY;
    return t;
}

static sm_OffsetFetchResponseTopic *min_fetch_resp_topics(int32_t n, int32_t nparts)
{
    sm_OffsetFetchResponseTopic *t = NEW(sm_OffsetFetchResponseTopic, n);
    for (int32_t i = 0; i < n; i++) {
        t[i].Name = EMPTY;
        t[i].Partitions_count = nparts;
        t[i].Partitions = NEW(sm_OffsetFetchResponsePartition, nparts);
        for (int32_t j = 0; j < nparts; j++)
            t[i].Partitions[j] = (sm_OffsetFetchResponsePartition){0, 0, -1, SM_STR_NULL, 0};
    }
    return t;
}

static void test_offset_fetch_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 9; v++) {
        sm_OffsetFetchRequest req;
        if (v <= 7) {
            build_offset_fetch_req_single(v, 0, &req);
            req.GroupId = req.Groups[0].GroupId = EMPTY;
            req.Topics_count = req.Groups[0].Topics_count = MANY;
            req.Topics = req.Groups[0].Topics = min_fetch_req_topics();
            roundtrip(&sm_OffsetFetchRequest_codec, v, &req);
        } else {
            sm_OffsetFetchRequestGroup *g = NEW(sm_OffsetFetchRequestGroup, MANY);
            for (int i = 0; i < MANY; i++)
                g[i] = (sm_OffsetFetchRequestGroup){EMPTY, SM_STR_NULL, -1, i % 2 ? -1 : 0, NULL};
            req = (sm_OffsetFetchRequest){
                .GroupId = EMPTY, .Groups_count = MANY, .Groups = g, .RequireStable = false};
            roundtrip(&sm_OffsetFetchRequest_codec, v, &req);
            sm_OffsetFetchRequestGroup one = {EMPTY, SM_STR_NULL, -1, MANY, min_fetch_req_topics()};
            req.Groups_count = 1;
            req.Groups = &one;
            roundtrip(&sm_OffsetFetchRequest_codec, v, &req);
        }

        sm_OffsetFetchResponse resp = {0};
        if (v <= 7) {
            resp.Topics_count = MANY;
            resp.Topics = min_fetch_resp_topics(MANY, 0);
            roundtrip(&sm_OffsetFetchResponse_codec, v, &resp);
            resp.Topics_count = 1;
            resp.Topics = min_fetch_resp_topics(1, MANY);
            roundtrip(&sm_OffsetFetchResponse_codec, v, &resp);
        } else {
            sm_OffsetFetchResponseGroup *g = NEW(sm_OffsetFetchResponseGroup, MANY);
            for (int i = 0; i < MANY; i++)
                g[i].GroupId = EMPTY;
            resp.Groups_count = MANY;
            resp.Groups = g;
            roundtrip(&sm_OffsetFetchResponse_codec, v, &resp);
            sm_OffsetFetchResponseGroup one = {EMPTY, MANY, min_fetch_resp_topics(MANY, 0), 0};
            resp.Groups_count = 1;
            resp.Groups = &one;
            roundtrip(&sm_OffsetFetchResponse_codec, v, &resp);
            one = (sm_OffsetFetchResponseGroup){EMPTY, 1, min_fetch_resp_topics(1, MANY), 0};
            roundtrip(&sm_OffsetFetchResponse_codec, v, &resp);
        }
    }
}

static void test_offset_fetch_vectors(void **state)
{
    (void)state;
    /* v1: "g", [{"t", [0, 1]}] (kafka-python OffsetFetchRequest_v1). */
    static const uint8_t v1[] = {
        0x00, 0x01, 'g',                                /* GroupId */
        0x00, 0x00, 0x00, 0x01,                         /* Topics: 1 */
        0x00, 0x01, 't',                                /* Name */
        0x00, 0x00, 0x00, 0x02,                         /* PartitionIndexes: 2 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* 0, 1 */
    };
    int32_t parts[] = {0, 1};
    sm_OffsetFetchRequestTopic t = {S("t"), 2, parts};
    sm_OffsetFetchRequestGroup g1 = {S("g"), SM_STR_NULL, -1, 1, &t};
    sm_OffsetFetchRequest req = {.GroupId = S("g"),
                                 .Topics_count = 1,
                                 .Topics = &t,
                                 .Groups_count = 1,
                                 .Groups = &g1,
                                 .RequireStable = false};
    pin(&sm_OffsetFetchRequest_codec, 1, &req, v1, sizeof(v1));
    /* The broker reads Groups for every version: the decoded v1 request
     * carries one group sharing the request's topics. */
    sm_OffsetFetchRequest got;
    assert_int_equal(decode_bytes(&sm_OffsetFetchRequest_codec, 1, v1, sizeof(v1), &got), 0);
    assert_int_equal(got.Groups_count, 1);
    assert_true(sm_str_eq(got.Groups[0].GroupId, "g"));
    assert_int_equal(got.Groups[0].MemberId.len, -1);
    assert_int_equal(got.Groups[0].MemberEpoch, -1);
    assert_ptr_equal(got.Groups[0].Topics, got.Topics);
    assert_int_equal(got.Groups[0].Topics[0].PartitionIndexes[1], 1);

    /* v2: null Topics = every topic; null is invalid in v0/v1. */
    static const uint8_t v2null[] = {0x00, 0x01, 'g', 0xff, 0xff, 0xff, 0xff};
    req.Topics_count = g1.Topics_count = -1;
    req.Topics = g1.Topics = NULL;
    pin(&sm_OffsetFetchRequest_codec, 2, &req, v2null, sizeof(v2null));
    assert_int_equal(decode_bytes(&sm_OffsetFetchRequest_codec, 2, v2null, sizeof(v2null), &got),
                     0);
    assert_int_equal(got.Groups[0].Topics_count, -1);
    assert_int_equal(decode_bytes(&sm_OffsetFetchRequest_codec, 1, v2null, sizeof(v2null), &got),
                     -1);
    assert_int_equal(decode_bytes(&sm_OffsetFetchRequest_codec, 0, v2null, sizeof(v2null), &got),
                     -1);

    /* v6 (flexible, single group): "g", [{"t", [0, 1]}]. */
    static const uint8_t v6[] = {
        0x02, 'g',              /* GroupId */
        0x02,                   /* Topics: 1 */
        0x02, 't',              /* Name */
        0x03,                   /* PartitionIndexes: 2 */
        0x00, 0x00, 0x00, 0x00, /* 0 */
        0x00, 0x00, 0x00, 0x01, /* 1 */
        0x00,                   /* topic tags */
        0x00,                   /* tags */
    };
    req.Topics_count = g1.Topics_count = 1;
    req.Topics = g1.Topics = &t;
    pin(&sm_OffsetFetchRequest_codec, 6, &req, v6, sizeof(v6));
    /* v7 adds RequireStable before the tags. */
    static const uint8_t v7[] = {0x02, 'g',  0x02, 0x02, 't',  0x03, 0x00, 0x00, 0x00,
                                 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00};
    req.RequireStable = true;
    pin(&sm_OffsetFetchRequest_codec, 7, &req, v7, sizeof(v7));

    /* v8: Groups [{"g", Topics null}], RequireStable true. */
    static const uint8_t v8[] = {
        0x02,      /* Groups: 1 */
        0x02, 'g', /* GroupId */
        0x00,      /* Topics null */
        0x00,      /* group tags */
        0x01,      /* RequireStable */
        0x00,      /* tags */
    };
    sm_OffsetFetchRequestGroup g8 = {S("g"), SM_STR_NULL, -1, -1, NULL};
    sm_OffsetFetchRequest req8 = {
        .GroupId = EMPTY, .Groups_count = 1, .Groups = &g8, .RequireStable = true};
    pin(&sm_OffsetFetchRequest_codec, 8, &req8, v8, sizeof(v8));
    /* The single-group fields of a v8+ request hold their defaults. */
    assert_int_equal(decode_bytes(&sm_OffsetFetchRequest_codec, 8, v8, sizeof(v8), &got), 0);
    assert_true(sm_str_eq(got.GroupId, ""));
    assert_int_equal(got.Topics_count, 0);
    assert_null(got.Topics);

    /* v9: Groups [{"g", "m", epoch 5, [{"t", [0]}]}], RequireStable false. */
    static const uint8_t v9[] = {
        0x02,                         /* Groups: 1 */
        0x02, 'g',                    /* GroupId */
        0x02, 'm',                    /* MemberId */
        0x00, 0x00, 0x00, 0x05,       /* MemberEpoch */
        0x02, 0x02, 't',              /* Topics: 1, Name */
        0x02, 0x00, 0x00, 0x00, 0x00, /* PartitionIndexes [0] */
        0x00,                         /* topic tags */
        0x00,                         /* group tags */
        0x00,                         /* RequireStable */
        0x00,                         /* tags */
    };
    int32_t p0 = 0;
    sm_OffsetFetchRequestTopic t9 = {S("t"), 1, &p0};
    g8 = (sm_OffsetFetchRequestGroup){S("g"), S("m"), 5, 1, &t9};
    req8.RequireStable = false;
    pin(&sm_OffsetFetchRequest_codec, 9, &req8, v9, sizeof(v9));
    /* The same group in v8 has no MemberId/MemberEpoch on the wire. */
    static const uint8_t v8b[] = {0x02, 0x02, 'g',  0x02, 0x02, 't',  0x02, 0x00,
                                  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    g8.MemberId = SM_STR_NULL;
    g8.MemberEpoch = -1;
    pin(&sm_OffsetFetchRequest_codec, 8, &req8, v8b, sizeof(v8b));

    /* v3 response: throttle 0, [{"t", [{0, 5, "", 0}]}], error 0
     * (kafka-python OffsetFetchResponse_v3). */
    static const uint8_t r3[] = {
        0x00, 0x00, 0x00, 0x00,                         /* ThrottleTimeMs */
        0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't',        /* Topics: 1, Name */
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, /* Partitions: 1, index 0 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* CommittedOffset */
        0x00, 0x00,                                     /* Metadata "" */
        0x00, 0x00,                                     /* ErrorCode */
        0x00, 0x00,                                     /* top-level ErrorCode */
    };
    sm_OffsetFetchResponsePartition rp = {0, 5, -1, EMPTY, 0};
    sm_OffsetFetchResponseTopic rt = {S("t"), 1, &rp};
    sm_OffsetFetchResponse resp = {.Topics_count = 1, .Topics = &rt};
    pin(&sm_OffsetFetchResponse_codec, 3, &resp, r3, sizeof(r3));
    /* v1: no throttle, no top-level error. */
    pin(&sm_OffsetFetchResponse_codec, 1, &resp, r3 + 4, sizeof(r3) - 6);
    /* v5: leader epoch between offset and metadata. */
    static const uint8_t r5[] = {
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't',  0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x05, 0x00, 0x00, 0x00, 0x02, 0xff, 0xff, 0x00, 0x00, 0x00, 0x0e,
    };
    rp = (sm_OffsetFetchResponsePartition){0, 5, 2, SM_STR_NULL, 0};
    resp.ErrorCode = 14;
    pin(&sm_OffsetFetchResponse_codec, 5, &resp, r5, sizeof(r5));

    /* v8 response: throttle 0, Groups [{"g", [{"t", [{0, 5, 1, null, 0}]}], 0}]. */
    static const uint8_t r8[] = {
        0x00, 0x00, 0x00, 0x00,                         /* ThrottleTimeMs */
        0x02, 0x02, 'g',                                /* Groups: 1, GroupId */
        0x02, 0x02, 't',                                /* Topics: 1, Name */
        0x02, 0x00, 0x00, 0x00, 0x00,                   /* Partitions: 1, index 0 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* CommittedOffset */
        0x00, 0x00, 0x00, 0x01,                         /* CommittedLeaderEpoch */
        0x00,                                           /* Metadata null */
        0x00, 0x00,                                     /* ErrorCode */
        0x00,                                           /* partition tags */
        0x00,                                           /* topic tags */
        0x00, 0x10,                                     /* group ErrorCode 16 */
        0x00,                                           /* group tags */
        0x00,                                           /* tags */
    };
    rp = (sm_OffsetFetchResponsePartition){0, 5, 1, SM_STR_NULL, 0};
    sm_OffsetFetchResponseGroup rg = {S("g"), 1, &rt, 16};
    sm_OffsetFetchResponse resp8 = {.Groups_count = 1, .Groups = &rg};
    pin(&sm_OffsetFetchResponse_codec, 8, &resp8, r8, sizeof(r8));
    pin(&sm_OffsetFetchResponse_codec, 9, &resp8, r8, sizeof(r8));

    /* Absent fields: a v1 response decodes to leader epoch -1, error 0,
     * throttle 0, no groups. */
    sm_OffsetFetchResponse gr;
    memset(&gr, 0x5a, sizeof(gr));
    assert_int_equal(decode_bytes(&sm_OffsetFetchResponse_codec, 1, r3 + 4, sizeof(r3) - 6, &gr),
                     0);
    assert_int_equal(gr.ThrottleTimeMs, 0);
    assert_int_equal(gr.ErrorCode, 0);
    assert_int_equal(gr.Groups_count, 0);
    assert_null(gr.Groups);
    assert_int_equal(gr.Topics[0].Partitions[0].CommittedLeaderEpoch, -1);
    sm_arena_reset(&arena);
}

static void test_offset_fetch_invalid(void **state)
{
    (void)state;
    sm_OffsetFetchRequest q;
    /* Groups is not nullable; the group's Topics is. */
    static const uint8_t null_groups[] = {0x00, 0x00, 0x00};
    assert_int_equal(
        decode_bytes(&sm_OffsetFetchRequest_codec, 8, null_groups, sizeof(null_groups), &q), -1);
    /* A partition-index count the bytes cannot hold. */
    static const uint8_t many_parts[] = {0x00, 0x01, 'g',  0x00, 0x00, 0x00, 0x01, 0x00,
                                         0x01, 't',  0x00, 0x00, 0x00, 0x03, 0x00, 0x00,
                                         0x00, 0x00, 0x00, 0x00, 0x00, 0x01};
    assert_int_equal(
        decode_bytes(&sm_OffsetFetchRequest_codec, 1, many_parts, sizeof(many_parts), &q), -1);
    /* A compact count of 2^31 cannot be an array length. */
    static const uint8_t huge[] = {0x81, 0x80, 0x80, 0x80, 0x08, 0x00, 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_OffsetFetchRequest_codec, 8, huge, sizeof(huge), &q), -1);
    /* An over-long varint (6 bytes) is rejected. */
    static const uint8_t longvar[] = {0x82, 0x80, 0x80, 0x80, 0x80, 0x00, 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_OffsetFetchRequest_codec, 8, longvar, sizeof(longvar), &q),
                     -1);
    /* Response Topics is never nullable. */
    sm_OffsetFetchResponse gr;
    static const uint8_t null_rt[] = {0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_OffsetFetchResponse_codec, 3, null_rt, sizeof(null_rt), &gr),
                     -1);
    static const uint8_t null_rt8[] = {0x00, 0x00, 0x00, 0x00, 0x02, 0x01,
                                       'g',  0x00, 0x00, 0x00, 0x00, 0x00};
    assert_int_equal(
        decode_bytes(&sm_OffsetFetchResponse_codec, 8, null_rt8, sizeof(null_rt8), &gr), -1);
    sm_arena_reset(&arena);
}

/* ======================= DescribeGroups ======================= */

CODEC(sm_DescribeGroupsRequest)
CODEC(sm_DescribeGroupsResponse)

static void sm_DescribeGroupsRequest_cmp(const sm_DescribeGroupsRequest *e,
                                         const sm_DescribeGroupsRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->Groups_count, g->Groups_count);
    for (int32_t i = 0; i < e->Groups_count; i++)
        EQ_STR(e->Groups[i], g->Groups[i]);
    EQ_INT(e->IncludeAuthorizedOperations, g->IncludeAuthorizedOperations);
}

static void sm_DescribeGroupsResponse_cmp(const sm_DescribeGroupsResponse *e,
                                          const sm_DescribeGroupsResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->Groups_count, g->Groups_count);
    for (int32_t i = 0; i < e->Groups_count; i++) {
        const sm_DescribedGroup *eg = &e->Groups[i], *gg = &g->Groups[i];
        EQ_INT(eg->ErrorCode, gg->ErrorCode);
        EQ_STR(eg->GroupId, gg->GroupId);
        EQ_STR(eg->GroupState, gg->GroupState);
        EQ_STR(eg->ProtocolType, gg->ProtocolType);
        EQ_STR(eg->ProtocolData, gg->ProtocolData);
        EQ_INT(eg->Members_count, gg->Members_count);
        for (int32_t j = 0; j < eg->Members_count; j++) {
            const sm_DescribedGroupMember *em = &eg->Members[j], *gm = &gg->Members[j];
            EQ_STR(em->MemberId, gm->MemberId);
            EQ_STR(em->GroupInstanceId, gm->GroupInstanceId);
            EQ_STR(em->ClientId, gm->ClientId);
            EQ_STR(em->ClientHost, gm->ClientHost);
            EQ_BYTES(em->MemberMetadata, gm->MemberMetadata);
            EQ_BYTES(em->MemberAssignment, gm->MemberAssignment);
        }
        EQ_INT(eg->AuthorizedOperations, gg->AuthorizedOperations);
    }
}

static void build_describe_groups_resp(int16_t v, sm_DescribeGroupsResponse *m)
{
    /* ConsumerProtocol subscription v0 for topic "t", and an assignment of
     * t-0; the codec treats them as opaque bytes (with a NUL inside). */
    static const char sub[] = "\x00\x00\x00\x00\x00\x01\x00\x01t\xff\xff\xff\xff";
    static const char asg[] = "\x00\x00\x00\x00\x00\x01\x00\x01t\x00\x00\x00\x01\x00\x00\x00\x00"
                              "\xff\xff\xff\xff";
    sm_DescribedGroupMember *mb = NEW(sm_DescribedGroupMember, 3);
    mb[0] = (sm_DescribedGroupMember){S("rdkafka-1f2e"),
                                      v >= 4 ? S("instance-1") : SM_STR_NULL,
                                      S("rdkafka"),
                                      S("/10.0.0.1"),
                                      B(sub),
                                      B(asg)};
    mb[1] = (sm_DescribedGroupMember){S("m-2"),        SM_STR_NULL, S("kafka-python-2.0.2"),
                                      S("/127.0.0.1"), EMPTY_BYTES, EMPTY_BYTES};
    mb[2] = (sm_DescribedGroupMember){
        EMPTY, v >= 4 ? EMPTY : SM_STR_NULL, EMPTY, EMPTY, B("\x01"), EMPTY_BYTES};
    sm_DescribedGroup *g = NEW(sm_DescribedGroup, 3);
    g[0] = (sm_DescribedGroup){0,           S("group-a"),
                               S("Stable"), S("consumer"),
                               S("range"),  3,
                               mb,          v >= 3 ? 0x0f80 : INT32_MIN};
    g[1] = (sm_DescribedGroup){69, S("missing"), S("Dead"), EMPTY, EMPTY, 0, NULL, INT32_MIN};
    g[2] = (sm_DescribedGroup){16, EMPTY, EMPTY, EMPTY, EMPTY, 0, NULL, v >= 3 ? -1 : INT32_MIN};
    *m = (sm_DescribeGroupsResponse){
        .ThrottleTimeMs = v >= 1 ? 20 : 0, .Groups_count = 3, .Groups = g};
}

static void test_describe_groups_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 5; v++) {
        static sm_str_t names[3];
        names[0] = S("group-a");
        names[1] = S("group.b-with.dots");
        names[2] = EMPTY;
        sm_DescribeGroupsRequest req = {3, names, v >= 3};
        roundtrip(&sm_DescribeGroupsRequest_codec, v, &req);
        req = (sm_DescribeGroupsRequest){0, NULL, false};
        roundtrip(&sm_DescribeGroupsRequest_codec, v, &req);
        sm_DescribeGroupsResponse resp;
        build_describe_groups_resp(v, &resp);
        roundtrip(&sm_DescribeGroupsResponse_codec, v, &resp);
    }
}

static void test_describe_groups_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 5; v++) {
        sm_str_t *names = NEW(sm_str_t, MANY);
        for (int i = 0; i < MANY; i++)
            names[i] = EMPTY;
        sm_DescribeGroupsRequest req = {MANY, names, false};
        roundtrip(&sm_DescribeGroupsRequest_codec, v, &req);

        int32_t ops = v >= 3 ? 0 : INT32_MIN;
        sm_DescribedGroup *g = NEW(sm_DescribedGroup, MANY);
        for (int i = 0; i < MANY; i++)
            g[i] = (sm_DescribedGroup){0, EMPTY, EMPTY, EMPTY, EMPTY, 0, NULL, ops};
        sm_DescribeGroupsResponse resp = {.Groups_count = MANY, .Groups = g};
        roundtrip(&sm_DescribeGroupsResponse_codec, v, &resp);
        sm_DescribedGroupMember *mb = NEW(sm_DescribedGroupMember, MANY);
        for (int i = 0; i < MANY; i++)
            mb[i] = (sm_DescribedGroupMember){EMPTY, SM_STR_NULL, EMPTY,
                                              EMPTY, EMPTY_BYTES, EMPTY_BYTES};
        sm_DescribedGroup one = {0, EMPTY, EMPTY, EMPTY, EMPTY, MANY, mb, ops};
        resp = (sm_DescribeGroupsResponse){.Groups_count = 1, .Groups = &one};
        roundtrip(&sm_DescribeGroupsResponse_codec, v, &resp);
    }
}

static void test_describe_groups_vectors(void **state)
{
    (void)state;
    /* v0 request ["g"]; v3 adds IncludeAuthorizedOperations; v5 compact. */
    static const uint8_t v0[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'g'};
    static const uint8_t v3[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'g', 0x01};
    static const uint8_t v5[] = {0x02, 0x02, 'g', 0x01, 0x00};
    sm_str_t name = S("g");
    sm_DescribeGroupsRequest req = {1, &name, false};
    pin(&sm_DescribeGroupsRequest_codec, 0, &req, v0, sizeof(v0));
    req.IncludeAuthorizedOperations = true;
    pin(&sm_DescribeGroupsRequest_codec, 3, &req, v3, sizeof(v3));
    pin(&sm_DescribeGroupsRequest_codec, 5, &req, v5, sizeof(v5));

    /* v0 response: [{0, "g", "Stable", "consumer", "range",
     * [{"m", "c", "/h", 0x01 0x02, ""}]}] (kafka-python DescribeGroupsResponse_v0). */
    static const uint8_t r0[] = {
        0x00, 0x00, 0x00, 0x01,                                 /* Groups: 1 */
        0x00, 0x00,                                             /* ErrorCode */
        0x00, 0x01, 'g',                                        /* GroupId */
        0x00, 0x06, 'S',  't',  'a',  'b',  'l', 'e',           /* GroupState */
        0x00, 0x08, 'c',  'o',  'n',  's',  'u', 'm', 'e', 'r', /* ProtocolType */
        0x00, 0x05, 'r',  'a',  'n',  'g',  'e',                /* ProtocolData */
        0x00, 0x00, 0x00, 0x01,                                 /* Members: 1 */
        0x00, 0x01, 'm',                                        /* MemberId */
        0x00, 0x01, 'c',                                        /* ClientId */
        0x00, 0x02, '/',  'h',                                  /* ClientHost */
        0x00, 0x00, 0x00, 0x02, 0x01, 0x02,                     /* MemberMetadata */
        0x00, 0x00, 0x00, 0x00,                                 /* MemberAssignment "" */
    };
    sm_DescribedGroupMember mb = {S("m"), SM_STR_NULL, S("c"), S("/h"), B("\x01\x02"), EMPTY_BYTES};
    sm_DescribedGroup g = {0, S("g"), S("Stable"), S("consumer"), S("range"), 1, &mb, INT32_MIN};
    sm_DescribeGroupsResponse resp = {.Groups_count = 1, .Groups = &g};
    pin(&sm_DescribeGroupsResponse_codec, 0, &resp, r0, sizeof(r0));

    /* v5 response: throttle 0, [{0, "g", "Empty", "", "", [{"m", "i", "c",
     * "/h", 0x01, ""}], 8 (DESCRIBE)}]. */
    static const uint8_t r5[] = {
        0x00, 0x00, 0x00, 0x00,           /* ThrottleTimeMs */
        0x02,                             /* Groups: 1 */
        0x00, 0x00,                       /* ErrorCode */
        0x02, 'g',                        /* GroupId */
        0x06, 'E',  'm',  'p',  't', 'y', /* GroupState */
        0x01, 0x01,                       /* ProtocolType "", ProtocolData "" */
        0x02,                             /* Members: 1 */
        0x02, 'm',  0x02, 'i',            /* MemberId, GroupInstanceId */
        0x02, 'c',  0x03, '/',  'h',      /* ClientId, ClientHost */
        0x02, 0x01, 0x01,                 /* MemberMetadata 01, MemberAssignment "" */
        0x00,                             /* member tags */
        0x00, 0x00, 0x00, 0x08,           /* AuthorizedOperations */
        0x00,                             /* group tags */
        0x00,                             /* tags */
    };
    mb = (sm_DescribedGroupMember){S("m"), S("i"), S("c"), S("/h"), B("\x01"), EMPTY_BYTES};
    g = (sm_DescribedGroup){0, S("g"), S("Empty"), EMPTY, EMPTY, 1, &mb, 8};
    pin(&sm_DescribeGroupsResponse_codec, 5, &resp, r5, sizeof(r5));

    /* A null MemberMetadata is invalid (bytes, not nullable); the encoder
     * writes a null view as empty. */
    uint8_t bad[sizeof(r5)];
    memcpy(bad, r5, sizeof(r5));
    bad[27] = 0x00; /* MemberMetadata length: null */
    sm_DescribeGroupsResponse gr;
    assert_int_equal(decode_bytes(&sm_DescribeGroupsResponse_codec, 5, bad, sizeof(bad), &gr), -1);
    mb.MemberAssignment = SM_BYTES_NULL;
    expect_bytes(&sm_DescribeGroupsResponse_codec, 5, &resp, r5, sizeof(r5));
    /* A null ClientId is invalid in every version. */
    memcpy(bad, r5, sizeof(r5));
    bad[22] = 0x00;
    assert_int_equal(decode_bytes(&sm_DescribeGroupsResponse_codec, 5, bad, sizeof(bad), &gr), -1);
    /* A null GroupInstanceId is valid (v4+): drop "i", mark it null. */
    uint8_t ok[sizeof(r5) - 1];
    memcpy(ok, r5, 21);
    memcpy(ok + 21, r5 + 22, sizeof(r5) - 22);
    ok[20] = 0x00;
    assert_int_equal(decode_bytes(&sm_DescribeGroupsResponse_codec, 5, ok, sizeof(ok), &gr), 0);
    assert_int_equal(gr.Groups[0].Members[0].GroupInstanceId.len, -1);
    assert_true(sm_str_eq(gr.Groups[0].Members[0].ClientId, "c"));

    /* v2 (classic, with throttle): absent fields take the schema defaults
     * (GroupInstanceId null, AuthorizedOperations INT32_MIN). */
    static const uint8_t r2[] = {
        0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x01, 0x00, 0x45, /* throttle 5, 1 group, 69 */
        0x00, 0x01, 'g',  0x00, 0x04, 'D',  'e',  'a',  'd',        /* GroupId, GroupState */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,             /* "", "", Members: 0 */
    };
    memset(&gr, 0x5a, sizeof(gr));
    assert_int_equal(decode_bytes(&sm_DescribeGroupsResponse_codec, 2, r2, sizeof(r2), &gr), 0);
    assert_int_equal(gr.ThrottleTimeMs, 5);
    assert_int_equal(gr.Groups[0].ErrorCode, 69);
    assert_true(sm_str_eq(gr.Groups[0].GroupState, "Dead"));
    assert_int_equal(gr.Groups[0].Members_count, 0);
    assert_int_equal(gr.Groups[0].AuthorizedOperations, INT32_MIN);
    /* The same bytes are not a v3 response (AuthorizedOperations missing). */
    assert_int_equal(decode_bytes(&sm_DescribeGroupsResponse_codec, 3, r2, sizeof(r2), &gr), -1);
    sm_arena_reset(&arena);
}

/* ======================= ListGroups ======================= */

CODEC(sm_ListGroupsRequest)
CODEC(sm_ListGroupsResponse)

static void sm_ListGroupsRequest_cmp(const sm_ListGroupsRequest *e, const sm_ListGroupsRequest *g,
                                     int16_t v)
{
    (void)v;
    EQ_INT(e->StatesFilter_count, g->StatesFilter_count);
    for (int32_t i = 0; i < e->StatesFilter_count; i++)
        EQ_STR(e->StatesFilter[i], g->StatesFilter[i]);
    EQ_INT(e->TypesFilter_count, g->TypesFilter_count);
    for (int32_t i = 0; i < e->TypesFilter_count; i++)
        EQ_STR(e->TypesFilter[i], g->TypesFilter[i]);
}

static void sm_ListGroupsResponse_cmp(const sm_ListGroupsResponse *e,
                                      const sm_ListGroupsResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->ErrorCode, g->ErrorCode);
    EQ_INT(e->Groups_count, g->Groups_count);
    for (int32_t i = 0; i < e->Groups_count; i++) {
        EQ_STR(e->Groups[i].GroupId, g->Groups[i].GroupId);
        EQ_STR(e->Groups[i].ProtocolType, g->Groups[i].ProtocolType);
        EQ_STR(e->Groups[i].GroupState, g->Groups[i].GroupState);
        EQ_STR(e->Groups[i].GroupType, g->Groups[i].GroupType);
    }
}

static void build_list_groups_resp(int16_t v, sm_ListGroupsResponse *m)
{
    sm_ListedGroup *g = NEW(sm_ListedGroup, 3);
    g[0] = (sm_ListedGroup){S("group-a"), S("consumer"), EMPTY, EMPTY};
    g[1] = (sm_ListedGroup){S("connect-cluster"), S("connect"), EMPTY, EMPTY};
    g[2] = (sm_ListedGroup){S("offsets-only"), EMPTY, EMPTY, EMPTY};
    if (v >= 4) {
        g[0].GroupState = S("Stable");
        g[1].GroupState = S("PreparingRebalance");
    }
    if (v >= 5) {
        g[0].GroupType = S("classic");
        g[2].GroupType = S("consumer");
    }
    *m = (sm_ListGroupsResponse){
        .ThrottleTimeMs = v >= 1 ? 3 : 0, .ErrorCode = 0, .Groups_count = 3, .Groups = g};
}

static void test_list_groups_roundtrip(void **state)
{
    (void)state;
    static sm_str_t states[2], types[3];
    states[0] = S("Stable");
    states[1] = S("Empty");
    types[0] = S("classic");
    types[1] = S("consumer");
    types[2] = EMPTY;
    for (int16_t v = 0; v <= 5; v++) {
        sm_ListGroupsRequest req = {0, NULL, 0, NULL};
        roundtrip(&sm_ListGroupsRequest_codec, v, &req);
        if (v >= 4) {
            req.StatesFilter_count = 2;
            req.StatesFilter = states;
            roundtrip(&sm_ListGroupsRequest_codec, v, &req);
        }
        if (v >= 5) {
            req.TypesFilter_count = 3;
            req.TypesFilter = types;
            roundtrip(&sm_ListGroupsRequest_codec, v, &req);
            req.StatesFilter_count = 0;
            req.StatesFilter = NULL;
            roundtrip(&sm_ListGroupsRequest_codec, v, &req);
        }
        sm_ListGroupsResponse resp;
        build_list_groups_resp(v, &resp);
        roundtrip(&sm_ListGroupsResponse_codec, v, &resp);
        resp = (sm_ListGroupsResponse){.ThrottleTimeMs = 0, .ErrorCode = 15, .Groups_count = 0};
        roundtrip(&sm_ListGroupsResponse_codec, v, &resp);
    }
}

static void test_list_groups_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 4; v <= 5; v++) {
        sm_str_t *s = NEW(sm_str_t, MANY);
        for (int i = 0; i < MANY; i++)
            s[i] = EMPTY;
        sm_ListGroupsRequest req = {MANY, s, v >= 5 ? MANY : 0, v >= 5 ? s : NULL};
        roundtrip(&sm_ListGroupsRequest_codec, v, &req);
    }
    for (int16_t v = 0; v <= 5; v++) {
        sm_ListedGroup *g = NEW(sm_ListedGroup, MANY);
        for (int i = 0; i < MANY; i++)
            g[i] = (sm_ListedGroup){EMPTY, EMPTY, EMPTY, EMPTY};
        sm_ListGroupsResponse resp = {.Groups_count = MANY, .Groups = g};
        roundtrip(&sm_ListGroupsResponse_codec, v, &resp);
    }
}

static void test_list_groups_vectors(void **state)
{
    (void)state;
    /* v0-2: empty body; v3: only the tag section; v4: StatesFilter
     * ["Stable"]; v5: StatesFilter [], TypesFilter ["classic"]. */
    sm_ListGroupsRequest req = {0, NULL, 0, NULL};
    static const uint8_t v3[] = {0x00};
    static const uint8_t v4[] = {0x02, 0x07, 'S', 't', 'a', 'b', 'l', 'e', 0x00};
    static const uint8_t v5[] = {0x01, 0x02, 0x08, 'c', 'l', 'a', 's', 's', 'i', 'c', 0x00};
    for (int16_t v = 0; v <= 2; v++)
        pin(&sm_ListGroupsRequest_codec, v, &req, v3, 0);
    pin(&sm_ListGroupsRequest_codec, 3, &req, v3, sizeof(v3));
    sm_str_t st = S("Stable"), ty = S("classic");
    req = (sm_ListGroupsRequest){1, &st, 0, NULL};
    pin(&sm_ListGroupsRequest_codec, 4, &req, v4, sizeof(v4));
    req = (sm_ListGroupsRequest){0, NULL, 1, &ty};
    pin(&sm_ListGroupsRequest_codec, 5, &req, v5, sizeof(v5));
    /* Trailing bytes after a v0 request are not consumed: decode_bytes
     * insists on full consumption, so check the reader directly. */
    sm_ListGroupsRequest got;
    sm_rd_t r;
    sm_rd_init(&r, v4, sizeof(v4), false);
    assert_int_equal(sm_ListGroupsRequest_decode(&r, &arena, 0, &got), 0);
    assert_int_equal(sm_rd_remaining(&r), sizeof(v4));
    assert_int_equal(got.StatesFilter_count, 0);
    assert_int_equal(got.TypesFilter_count, 0);
    /* A null StatesFilter is rejected. */
    static const uint8_t null_states[] = {0x00, 0x00};
    assert_int_equal(
        decode_bytes(&sm_ListGroupsRequest_codec, 4, null_states, sizeof(null_states), &got), -1);

    /* v0 response: error 0, [{"g", "consumer"}] (kafka-python ListGroupsResponse_v0). */
    static const uint8_t r0[] = {
        0x00, 0x00,                                           /* ErrorCode */
        0x00, 0x00, 0x00, 0x01,                               /* Groups: 1 */
        0x00, 0x01, 'g',                                      /* GroupId */
        0x00, 0x08, 'c',  'o',  'n', 's', 'u', 'm', 'e', 'r', /* ProtocolType */
    };
    sm_ListedGroup lg = {S("g"), S("consumer"), EMPTY, EMPTY};
    sm_ListGroupsResponse resp = {.Groups_count = 1, .Groups = &lg};
    pin(&sm_ListGroupsResponse_codec, 0, &resp, r0, sizeof(r0));
    /* v5: throttle 1, error 0, [{"g", "consumer", "Empty", "classic"}]. */
    static const uint8_t r5[] = {
        0x00, 0x00, 0x00, 0x01,                          /* ThrottleTimeMs */
        0x00, 0x00,                                      /* ErrorCode */
        0x02,                                            /* Groups: 1 */
        0x02, 'g',                                       /* GroupId */
        0x09, 'c',  'o',  'n',  's', 'u', 'm', 'e', 'r', /* ProtocolType */
        0x06, 'E',  'm',  'p',  't', 'y',                /* GroupState */
        0x08, 'c',  'l',  'a',  's', 's', 'i', 'c',      /* GroupType */
        0x00,                                            /* group tags */
        0x00,                                            /* tags */
    };
    lg = (sm_ListedGroup){S("g"), S("consumer"), S("Empty"), S("classic")};
    resp.ThrottleTimeMs = 1;
    pin(&sm_ListGroupsResponse_codec, 5, &resp, r5, sizeof(r5));
    /* v3: no GroupState/GroupType; decoding gives "" for both. */
    static const uint8_t r3[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 'g',  0x09,
                                 'c',  'o',  'n',  's',  'u',  'm',  'e',  'r',  0x00, 0x00};
    lg.GroupState = lg.GroupType = EMPTY;
    pin(&sm_ListGroupsResponse_codec, 3, &resp, r3, sizeof(r3));
    sm_arena_reset(&arena);
}

/* ======================= DeleteGroups ======================= */

CODEC(sm_DeleteGroupsRequest)
CODEC(sm_DeleteGroupsResponse)

static void sm_DeleteGroupsRequest_cmp(const sm_DeleteGroupsRequest *e,
                                       const sm_DeleteGroupsRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->GroupsNames_count, g->GroupsNames_count);
    for (int32_t i = 0; i < e->GroupsNames_count; i++)
        EQ_STR(e->GroupsNames[i], g->GroupsNames[i]);
}

static void sm_DeleteGroupsResponse_cmp(const sm_DeleteGroupsResponse *e,
                                        const sm_DeleteGroupsResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->Results_count, g->Results_count);
    for (int32_t i = 0; i < e->Results_count; i++) {
        EQ_STR(e->Results[i].GroupId, g->Results[i].GroupId);
        EQ_INT(e->Results[i].ErrorCode, g->Results[i].ErrorCode);
    }
}

static void test_delete_groups_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 2; v++) {
        static sm_str_t names[3];
        names[0] = S("group-a");
        names[1] = S("group-b");
        names[2] = EMPTY;
        sm_DeleteGroupsRequest req = {3, names};
        roundtrip(&sm_DeleteGroupsRequest_codec, v, &req);
        req = (sm_DeleteGroupsRequest){0, NULL};
        roundtrip(&sm_DeleteGroupsRequest_codec, v, &req);
        sm_DeletableGroupResult res[3] = {
            {S("group-a"), 0}, {S("group-b"), 68 /* NON_EMPTY_GROUP */}, {EMPTY, 69}};
        sm_DeleteGroupsResponse resp = {.ThrottleTimeMs = 11, .Results_count = 3, .Results = res};
        roundtrip(&sm_DeleteGroupsResponse_codec, v, &resp);

        sm_str_t *many = NEW(sm_str_t, MANY);
        for (int i = 0; i < MANY; i++)
            many[i] = EMPTY;
        req = (sm_DeleteGroupsRequest){MANY, many};
        roundtrip(&sm_DeleteGroupsRequest_codec, v, &req);
        sm_DeletableGroupResult *mr = NEW(sm_DeletableGroupResult, MANY);
        for (int i = 0; i < MANY; i++)
            mr[i].GroupId = EMPTY;
        resp = (sm_DeleteGroupsResponse){.Results_count = MANY, .Results = mr};
        roundtrip(&sm_DeleteGroupsResponse_codec, v, &resp);
    }
}

static void test_delete_groups_vectors(void **state)
{
    (void)state;
    /* v0 ["g", "h"] (kafka-python DeleteGroupsRequest_v0); v2 compact. */
    static const uint8_t v0[] = {0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 'g', 0x00, 0x01, 'h'};
    static const uint8_t v2[] = {0x03, 0x02, 'g', 0x02, 'h', 0x00};
    sm_str_t names[2] = {S("g"), S("h")};
    sm_DeleteGroupsRequest req = {2, names};
    pin(&sm_DeleteGroupsRequest_codec, 0, &req, v0, sizeof(v0));
    pin(&sm_DeleteGroupsRequest_codec, 1, &req, v0, sizeof(v0));
    pin(&sm_DeleteGroupsRequest_codec, 2, &req, v2, sizeof(v2));
    /* v1 response: throttle 0, [{"g", 68}]; v2 compact with tags. */
    static const uint8_t r1[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                 0x01, 0x00, 0x01, 'g',  0x00, 0x44};
    static const uint8_t r2[] = {0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 'g', 0x00, 0x44, 0x00, 0x00};
    sm_DeletableGroupResult res = {S("g"), 68};
    sm_DeleteGroupsResponse resp = {.Results_count = 1, .Results = &res};
    pin(&sm_DeleteGroupsResponse_codec, 1, &resp, r1, sizeof(r1));
    pin(&sm_DeleteGroupsResponse_codec, 2, &resp, r2, sizeof(r2));
    /* A null group name is rejected. */
    static const uint8_t null_name[] = {0x00, 0x00, 0x00, 0x01, 0xff, 0xff};
    sm_DeleteGroupsRequest got;
    assert_int_equal(
        decode_bytes(&sm_DeleteGroupsRequest_codec, 0, null_name, sizeof(null_name), &got), -1);
    static const uint8_t null_name2[] = {0x02, 0x00, 0x00};
    assert_int_equal(
        decode_bytes(&sm_DeleteGroupsRequest_codec, 2, null_name2, sizeof(null_name2), &got), -1);
    sm_arena_reset(&arena);
}

/* ======================= OffsetDelete ======================= */

CODEC(sm_OffsetDeleteRequest)
CODEC(sm_OffsetDeleteResponse)

static void sm_OffsetDeleteRequest_cmp(const sm_OffsetDeleteRequest *e,
                                       const sm_OffsetDeleteRequest *g, int16_t v)
{
    (void)v;
    EQ_STR(e->GroupId, g->GroupId);
    EQ_INT(e->Topics_count, g->Topics_count);
    for (int32_t i = 0; i < e->Topics_count; i++) {
        EQ_STR(e->Topics[i].Name, g->Topics[i].Name);
        EQ_INT(e->Topics[i].Partitions_count, g->Topics[i].Partitions_count);
        for (int32_t j = 0; j < e->Topics[i].Partitions_count; j++)
            EQ_INT(e->Topics[i].Partitions[j].PartitionIndex,
                   g->Topics[i].Partitions[j].PartitionIndex);
    }
}

static void sm_OffsetDeleteResponse_cmp(const sm_OffsetDeleteResponse *e,
                                        const sm_OffsetDeleteResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ErrorCode, g->ErrorCode);
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->Topics_count, g->Topics_count);
    for (int32_t i = 0; i < e->Topics_count; i++) {
        EQ_STR(e->Topics[i].Name, g->Topics[i].Name);
        EQ_INT(e->Topics[i].Partitions_count, g->Topics[i].Partitions_count);
        for (int32_t j = 0; j < e->Topics[i].Partitions_count; j++) {
            EQ_INT(e->Topics[i].Partitions[j].PartitionIndex,
                   g->Topics[i].Partitions[j].PartitionIndex);
            EQ_INT(e->Topics[i].Partitions[j].ErrorCode, g->Topics[i].Partitions[j].ErrorCode);
        }
    }
}

static void test_offset_delete_roundtrip(void **state)
{
    (void)state;
    sm_OffsetDeleteRequestPartition p[3] = {{0}, {5}, {-1}};
    sm_OffsetDeleteRequestTopic t[3] = {
        {S("orders"), 2, p}, {S("payments"), 0, NULL}, {EMPTY, 1, p + 2}};
    sm_OffsetDeleteRequest req = {S("group-a"), 3, t};
    roundtrip(&sm_OffsetDeleteRequest_codec, 0, &req);
    req = (sm_OffsetDeleteRequest){EMPTY, 0, NULL};
    roundtrip(&sm_OffsetDeleteRequest_codec, 0, &req);

    sm_OffsetDeleteResponsePartition rp[3] = {
        {0, 0}, {5, 86 /* GROUP_SUBSCRIBED_TO_TOPIC */}, {-1, 3}};
    sm_OffsetDeleteResponseTopic rt[3] = {
        {S("orders"), 2, rp}, {S("payments"), 0, NULL}, {EMPTY, 1, rp + 2}};
    sm_OffsetDeleteResponse resp = {0, 12, 3, rt};
    roundtrip(&sm_OffsetDeleteResponse_codec, 0, &resp);
    resp = (sm_OffsetDeleteResponse){69, 0, 0, NULL}; /* GROUP_ID_NOT_FOUND */
    roundtrip(&sm_OffsetDeleteResponse_codec, 0, &resp);

    /* many minimal elements */
    sm_OffsetDeleteRequestTopic *mt = NEW(sm_OffsetDeleteRequestTopic, MANY);
    for (int i = 0; i < MANY; i++)
        mt[i].Name = EMPTY;
    req = (sm_OffsetDeleteRequest){EMPTY, MANY, mt};
    roundtrip(&sm_OffsetDeleteRequest_codec, 0, &req);
    sm_OffsetDeleteRequestTopic one = {EMPTY, MANY, NEW(sm_OffsetDeleteRequestPartition, MANY)};
    req = (sm_OffsetDeleteRequest){EMPTY, 1, &one};
    roundtrip(&sm_OffsetDeleteRequest_codec, 0, &req);
    sm_OffsetDeleteResponseTopic *mrt = NEW(sm_OffsetDeleteResponseTopic, MANY);
    for (int i = 0; i < MANY; i++)
        mrt[i].Name = EMPTY;
    resp = (sm_OffsetDeleteResponse){0, 0, MANY, mrt};
    roundtrip(&sm_OffsetDeleteResponse_codec, 0, &resp);
    sm_OffsetDeleteResponseTopic rone = {EMPTY, MANY, NEW(sm_OffsetDeleteResponsePartition, MANY)};
    resp = (sm_OffsetDeleteResponse){0, 0, 1, &rone};
    roundtrip(&sm_OffsetDeleteResponse_codec, 0, &resp);
}

static void test_offset_delete_vectors(void **state)
{
    (void)state;
    /* "g", [{"t", [{0}, {2}]}] */
    static const uint8_t v0[] = {
        0x00, 0x01, 'g',                                /* GroupId */
        0x00, 0x00, 0x00, 0x01,                         /* Topics: 1 */
        0x00, 0x01, 't',                                /* Name */
        0x00, 0x00, 0x00, 0x02,                         /* Partitions: 2 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, /* 0, 2 */
    };
    sm_OffsetDeleteRequestPartition p[2] = {{0}, {2}};
    sm_OffsetDeleteRequestTopic t = {S("t"), 2, p};
    sm_OffsetDeleteRequest req = {S("g"), 1, &t};
    pin(&sm_OffsetDeleteRequest_codec, 0, &req, v0, sizeof(v0));
    /* Response: ErrorCode comes before ThrottleTimeMs. error 0, throttle 1,
     * [{"t", [{0, 86}]}] */
    static const uint8_t r0[] = {
        0x00, 0x00,                              /* ErrorCode */
        0x00, 0x00, 0x00, 0x01,                  /* ThrottleTimeMs */
        0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't', /* Topics: 1, Name */
        0x00, 0x00, 0x00, 0x01,                  /* Partitions: 1 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x56,      /* PartitionIndex 0, ErrorCode 86 */
    };
    sm_OffsetDeleteResponsePartition rp = {0, 86};
    sm_OffsetDeleteResponseTopic rt = {S("t"), 1, &rp};
    sm_OffsetDeleteResponse resp = {0, 1, 1, &rt};
    pin(&sm_OffsetDeleteResponse_codec, 0, &resp, r0, sizeof(r0));
    /* Null Topics / null Partitions are rejected. */
    sm_OffsetDeleteRequest got;
    static const uint8_t null_topics[] = {0x00, 0x01, 'g', 0xff, 0xff, 0xff, 0xff};
    assert_int_equal(
        decode_bytes(&sm_OffsetDeleteRequest_codec, 0, null_topics, sizeof(null_topics), &got), -1);
    static const uint8_t null_parts[] = {0x00, 0x01, 'g', 0x00, 0x00, 0x00, 0x01,
                                         0x00, 0x01, 't', 0xff, 0xff, 0xff, 0xff};
    assert_int_equal(
        decode_bytes(&sm_OffsetDeleteRequest_codec, 0, null_parts, sizeof(null_parts), &got), -1);
    sm_arena_reset(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_offset_commit_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offset_commit_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offset_commit_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offset_commit_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offset_fetch_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offset_fetch_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offset_fetch_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offset_fetch_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_groups_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_groups_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_groups_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_groups_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_groups_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_groups_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_groups_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_groups_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offset_delete_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offset_delete_vectors, setup, teardown),
    };
    return cmocka_run_group_tests_name("codecs_group_offsets", tests, NULL, NULL);
}
