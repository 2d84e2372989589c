/*
 * Codecs of the admin APIs: CreateTopics, DeleteTopics, CreatePartitions,
 * DescribeCluster, DescribeConfigs.
 *
 * For every API and every supported version a message with several entries,
 * non-default values and nulls is encoded, decoded, compared field by field
 * and re-encoded byte for byte; every strict prefix of the encoding must be
 * rejected (each prefix is copied into a buffer of exactly its size so ASan
 * sees any over-read). Messages made of many minimal elements check that
 * the decoders' element-count bounds never reject valid input. Byte vectors
 * written by hand from the Kafka schemas pin the exact encoding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "protocol/create_partitions.h"
#include "protocol/create_topics.h"
#include "protocol/delete_topics.h"
#include "protocol/describe_cluster.h"
#include "protocol/describe_configs.h"
#include "util/arena.h"

#include "codec_harness.h"

/* ---- helpers ---- */

#define S(s) sm_str(s)
#define EMPTY ((sm_str_t){"", 0})

#define EQ_UUID(e, g) assert_memory_equal((e).b, (g).b, 16)

static sm_uuid_t uuid_n(uint8_t seed)
{
    sm_uuid_t u;
    for (int i = 0; i < 16; i++)
        u.b[i] = (uint8_t)(seed + i);
    return u;
}

#define MANY 40 /* minimal elements per array in the bound checks */

/* ======================= CreateTopics ======================= */

CODEC(sm_CreateTopicsRequest)
CODEC(sm_CreateTopicsResponse)

static void sm_CreateTopicsRequest_cmp(const sm_CreateTopicsRequest *e,
                                       const sm_CreateTopicsRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->Topics_count, g->Topics_count);
    for (int32_t i = 0; i < e->Topics_count; i++) {
        const sm_CreatableTopic *et = &e->Topics[i], *gt = &g->Topics[i];
        EQ_STR(et->Name, gt->Name);
        EQ_INT(et->NumPartitions, gt->NumPartitions);
        EQ_INT(et->ReplicationFactor, gt->ReplicationFactor);
        EQ_INT(et->Assignments_count, gt->Assignments_count);
        for (int32_t j = 0; j < et->Assignments_count; j++) {
            EQ_INT(et->Assignments[j].PartitionIndex, gt->Assignments[j].PartitionIndex);
            EQ_INT(et->Assignments[j].BrokerIds_count, gt->Assignments[j].BrokerIds_count);
            for (int32_t k = 0; k < et->Assignments[j].BrokerIds_count; k++)
                EQ_INT(et->Assignments[j].BrokerIds[k], gt->Assignments[j].BrokerIds[k]);
        }
        EQ_INT(et->Configs_count, gt->Configs_count);
        for (int32_t j = 0; j < et->Configs_count; j++) {
            EQ_STR(et->Configs[j].Name, gt->Configs[j].Name);
            EQ_STR(et->Configs[j].Value, gt->Configs[j].Value);
        }
    }
    EQ_INT(e->timeoutMs, g->timeoutMs);
    EQ_INT(e->validateOnly, g->validateOnly);
}

static void sm_CreateTopicsResponse_cmp(const sm_CreateTopicsResponse *e,
                                        const sm_CreateTopicsResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->Topics_count, g->Topics_count);
    for (int32_t i = 0; i < e->Topics_count; i++) {
        const sm_CreatableTopicResult *et = &e->Topics[i], *gt = &g->Topics[i];
        EQ_STR(et->Name, gt->Name);
        EQ_UUID(et->TopicId, gt->TopicId);
        EQ_INT(et->ErrorCode, gt->ErrorCode);
        EQ_STR(et->ErrorMessage, gt->ErrorMessage);
        EQ_INT(et->TopicConfigErrorCode, gt->TopicConfigErrorCode);
        EQ_INT(et->NumPartitions, gt->NumPartitions);
        EQ_INT(et->ReplicationFactor, gt->ReplicationFactor);
        EQ_INT(et->Configs_count, gt->Configs_count);
        for (int32_t j = 0; j < et->Configs_count; j++) {
            const sm_CreatableTopicConfigs *ec = &et->Configs[j], *gc = &gt->Configs[j];
            EQ_STR(ec->Name, gc->Name);
            EQ_STR(ec->Value, gc->Value);
            EQ_INT(ec->ReadOnly, gc->ReadOnly);
            EQ_INT(ec->ConfigSource, gc->ConfigSource);
            EQ_INT(ec->IsSensitive, gc->IsSensitive);
        }
    }
}

static void build_create_topics_req(int16_t v, sm_CreateTopicsRequest *m)
{
    (void)v; /* every field exists in v2-7 */
    static int32_t ids0[] = {1, 2, 3}, ids1[] = {3, 1};
    sm_CreatableTopic *t = NEW(sm_CreatableTopic, 3);
    t[0] = (sm_CreatableTopic){.Name = S("orders"), .NumPartitions = 6, .ReplicationFactor = 3};
    t[0].Configs_count = 2;
    t[0].Configs = NEW(sm_CreatableTopicConfig, 2);
    t[0].Configs[0] = (sm_CreatableTopicConfig){S("cleanup.policy"), S("compact")};
    t[0].Configs[1] = (sm_CreatableTopicConfig){S("retention.ms"), SM_STR_NULL};
    t[1] = (sm_CreatableTopic){.Name = S("manual"), .NumPartitions = -1, .ReplicationFactor = -1};
    t[1].Assignments_count = 2;
    t[1].Assignments = NEW(sm_CreatableReplicaAssignment, 2);
    t[1].Assignments[0] = (sm_CreatableReplicaAssignment){0, 3, ids0};
    t[1].Assignments[1] = (sm_CreatableReplicaAssignment){1, 2, ids1};
    t[2] = (sm_CreatableTopic){.Name = EMPTY, .NumPartitions = 1, .ReplicationFactor = 1};
    *m = (sm_CreateTopicsRequest){
        .Topics_count = 3, .Topics = t, .timeoutMs = 30000, .validateOnly = true};
}

static void build_create_topics_resp(int16_t v, sm_CreateTopicsResponse *m)
{
    sm_CreatableTopicResult *t = NEW(sm_CreatableTopicResult, 3);
    t[0] = (sm_CreatableTopicResult){.Name = S("orders"),
                                     .ErrorMessage = SM_STR_NULL,
                                     .NumPartitions = -1,
                                     .ReplicationFactor = -1};
    t[1] = (sm_CreatableTopicResult){.Name = S("bad"),
                                     .ErrorCode = 36,
                                     .ErrorMessage = S("Topic 'bad' already exists."),
                                     .NumPartitions = -1,
                                     .ReplicationFactor = -1};
    t[2] = (sm_CreatableTopicResult){.Name = S("x"),
                                     .ErrorCode = 0,
                                     .ErrorMessage = EMPTY,
                                     .NumPartitions = -1,
                                     .ReplicationFactor = -1};
    if (v >= 7) {
        t[0].TopicId = uuid_n(0x10);
        t[2].TopicId = uuid_n(0xf0);
    }
    if (v >= 5) {
        t[0].NumPartitions = 6;
        t[0].ReplicationFactor = 3;
        t[0].Configs_count = 3;
        t[0].Configs = NEW(sm_CreatableTopicConfigs, 3);
        t[0].Configs[0] =
            (sm_CreatableTopicConfigs){S("cleanup.policy"), S("compact"), false, 1, false};
        t[0].Configs[1] =
            (sm_CreatableTopicConfigs){S("sasl.password"), SM_STR_NULL, true, 4, true};
        t[0].Configs[2] =
            (sm_CreatableTopicConfigs){S("segment.bytes"), S("1073741824"), false, 5, false};
        t[1].TopicConfigErrorCode = 29; /* TOPIC_AUTHORIZATION_FAILED */
        t[1].Configs_count = -1;        /* null */
        t[2].NumPartitions = 1;
        t[2].ReplicationFactor = 1;
    }
    *m = (sm_CreateTopicsResponse){.ThrottleTimeMs = 17, .Topics_count = 3, .Topics = t};
}

static void test_create_topics_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 2; v <= 7; v++) {
        sm_CreateTopicsRequest req;
        build_create_topics_req(v, &req);
        roundtrip(&sm_CreateTopicsRequest_codec, v, &req);
        sm_CreateTopicsResponse resp;
        build_create_topics_resp(v, &resp);
        roundtrip(&sm_CreateTopicsResponse_codec, v, &resp);
    }
}

static void test_create_topics_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 2; v <= 7; v++) {
        /* MANY minimal topics */
        sm_CreatableTopic *t = NEW(sm_CreatableTopic, MANY);
        for (int i = 0; i < MANY; i++)
            t[i].Name = EMPTY;
        sm_CreateTopicsRequest req = {.Topics_count = MANY, .Topics = t};
        roundtrip(&sm_CreateTopicsRequest_codec, v, &req);
        /* one topic with MANY minimal assignments, then one with MANY configs */
        for (int which = 0; which < 2; which++) {
            sm_CreatableTopic *one = NEW(sm_CreatableTopic, 1);
            one->Name = EMPTY;
            if (which == 0) {
                one->Assignments_count = MANY;
                one->Assignments = NEW(sm_CreatableReplicaAssignment, MANY);
            } else {
                one->Configs_count = MANY;
                one->Configs = NEW(sm_CreatableTopicConfig, MANY);
                for (int i = 0; i < MANY; i++)
                    one->Configs[i] = (sm_CreatableTopicConfig){EMPTY, EMPTY};
            }
            req = (sm_CreateTopicsRequest){.Topics_count = 1, .Topics = one};
            roundtrip(&sm_CreateTopicsRequest_codec, v, &req);
        }

        sm_CreatableTopicResult *r = NEW(sm_CreatableTopicResult, MANY);
        for (int i = 0; i < MANY; i++)
            r[i] = (sm_CreatableTopicResult){.Name = EMPTY,
                                             .ErrorMessage = SM_STR_NULL,
                                             .NumPartitions = -1,
                                             .ReplicationFactor = -1,
                                             .Configs_count = v >= 5 ? -1 : 0};
        sm_CreateTopicsResponse resp = {.Topics_count = MANY, .Topics = r};
        roundtrip(&sm_CreateTopicsResponse_codec, v, &resp);
        if (v >= 5) {
            sm_CreatableTopicResult *one = NEW(sm_CreatableTopicResult, 1);
            *one = (sm_CreatableTopicResult){
                .Name = EMPTY, .ErrorMessage = SM_STR_NULL, .Configs_count = MANY};
            one->Configs = NEW(sm_CreatableTopicConfigs, MANY);
            for (int i = 0; i < MANY; i++)
                one->Configs[i] = (sm_CreatableTopicConfigs){.Name = EMPTY, .Value = SM_STR_NULL};
            resp = (sm_CreateTopicsResponse){.Topics_count = 1, .Topics = one};
            roundtrip(&sm_CreateTopicsResponse_codec, v, &resp);
        }
    }
}

static void test_create_topics_vectors(void **state)
{
    (void)state;
    /* v5 request: topic "ab", 3 partitions, RF 1, no assignments, config
     * {"k": null}, timeoutMs 60000, validateOnly false. Compact encodings:
     * arrays/strings are length+1 as uvarint, every struct ends in tags. */
    static const uint8_t v5[] = {
        0x02,                   /* Topics: 1 */
        0x03, 'a',  'b',        /* Name */
        0x00, 0x00, 0x00, 0x03, /* NumPartitions */
        0x00, 0x01,             /* ReplicationFactor */
        0x01,                   /* Assignments: 0 */
        0x02,                   /* Configs: 1 */
        0x02, 'k',  0x00, 0x00, /* Name "k", Value null, tags */
        0x00,                   /* topic tags */
        0x00, 0x00, 0xea, 0x60, /* timeoutMs 60000 */
        0x00,                   /* validateOnly */
        0x00,                   /* tags */
    };
    sm_CreatableTopicConfig cfg = {S("k"), SM_STR_NULL};
    sm_CreatableTopic topic = {.Name = S("ab"),
                               .NumPartitions = 3,
                               .ReplicationFactor = 1,
                               .Configs_count = 1,
                               .Configs = &cfg};
    sm_CreateTopicsRequest req = {.Topics_count = 1, .Topics = &topic, .timeoutMs = 60000};
    expect_bytes(&sm_CreateTopicsRequest_codec, 5, &req, v5, sizeof(v5));
    sm_CreateTopicsRequest got;
    assert_int_equal(decode_bytes(&sm_CreateTopicsRequest_codec, 5, v5, sizeof(v5), &got), 0);
    sm_CreateTopicsRequest_cmp(&req, &got, 5);

    /* v2 request, same content, classic encodings. */
    static const uint8_t v2[] = {
        0x00, 0x00, 0x00, 0x01, /* Topics: 1 */
        0x00, 0x02, 'a',  'b',  /* Name */
        0x00, 0x00, 0x00, 0x03, /* NumPartitions */
        0x00, 0x01,             /* ReplicationFactor */
        0x00, 0x00, 0x00, 0x00, /* Assignments: 0 */
        0x00, 0x00, 0x00, 0x01, /* Configs: 1 */
        0x00, 0x01, 'k',        /* Name "k" */
        0xff, 0xff,             /* Value null */
        0x00, 0x00, 0xea, 0x60, /* timeoutMs 60000 */
        0x00,                   /* validateOnly */
    };
    expect_bytes(&sm_CreateTopicsRequest_codec, 2, &req, v2, sizeof(v2));

    /* v7 response: topic "t" with TopicId 01..10, no error, 1 partition, RF 1,
     * Configs null, tagged TopicConfigErrorCode 29. */
    static const uint8_t r7[] = {
        0x00, 0x00, 0x00, 0x00, /* ThrottleTimeMs */
        0x02,                   /* Topics: 1 */
        0x02, 't',              /* Name */
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
        0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, /* TopicId */
        0x00, 0x00,                                     /* ErrorCode */
        0x00,                                           /* ErrorMessage null */
        0x00, 0x00, 0x00, 0x01,                         /* NumPartitions */
        0x00, 0x01,                                     /* ReplicationFactor */
        0x00,                                           /* Configs null */
        0x01, 0x00, 0x02, 0x00, 0x1d,                   /* 1 tag: tag 0, size 2, 29 */
        0x00,                                           /* tags */
    };
    sm_CreatableTopicResult res = {.Name = S("t"),
                                   .TopicId = uuid_n(1),
                                   .ErrorMessage = SM_STR_NULL,
                                   .TopicConfigErrorCode = 29,
                                   .NumPartitions = 1,
                                   .ReplicationFactor = 1,
                                   .Configs_count = -1};
    sm_CreateTopicsResponse resp = {.Topics_count = 1, .Topics = &res};
    expect_bytes(&sm_CreateTopicsResponse_codec, 7, &resp, r7, sizeof(r7));
    sm_CreateTopicsResponse gotr;
    assert_int_equal(decode_bytes(&sm_CreateTopicsResponse_codec, 7, r7, sizeof(r7), &gotr), 0);
    sm_CreateTopicsResponse_cmp(&resp, &gotr, 7);
    sm_arena_reset(&arena);
}

static void test_create_topics_tagged_fields(void **state)
{
    (void)state;
    /* v5 response topic whose tag section holds an unknown tag 7 (3 bytes)
     * before the known tag 0; top level has an unknown tag 1 (0 bytes). */
    static const uint8_t in[] = {
        0x00, 0x00, 0x00, 0x05,             /* ThrottleTimeMs 5 */
        0x02, 0x02, 'q',                    /* Topics: 1, Name "q" */
        0x00, 0x00, 0x01,                   /* ErrorCode 0, ErrorMessage "" */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* NumPartitions -1, RF -1 */
        0x01,                               /* Configs: 0 */
        0x02, 0x07, 0x03, 0xaa, 0xbb, 0xcc, /* 2 tags: unknown 7 ... */
        0x00, 0x02, 0x00, 0x2a,             /* ... and 0 = 42 */
        0x01, 0x01, 0x00,                   /* top: 1 tag, unknown 1, empty */
    };
    sm_CreateTopicsResponse m;
    assert_int_equal(decode_bytes(&sm_CreateTopicsResponse_codec, 5, in, sizeof(in), &m), 0);
    assert_int_equal(m.ThrottleTimeMs, 5);
    assert_int_equal(m.Topics_count, 1);
    assert_true(sm_str_eq(m.Topics[0].Name, "q"));
    assert_true(sm_str_eq(m.Topics[0].ErrorMessage, ""));
    assert_int_equal(m.Topics[0].TopicConfigErrorCode, 42);
    assert_int_equal(m.Topics[0].Configs_count, 0);
    /* Re-encoding keeps the known tag and drops the unknown ones. */
    static const uint8_t out[] = {
        0x00, 0x00, 0x00, 0x05, 0x02, 0x02, 'q',  0x00, 0x00, 0x01, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0x01, 0x01, 0x00, 0x02, 0x00, 0x2a, 0x00,
    };
    expect_bytes(&sm_CreateTopicsResponse_codec, 5, &m, out, sizeof(out));

    /* The known tag with a 1-byte body cannot hold its int16: rejected. */
    uint8_t bad[sizeof(out)];
    memcpy(bad, out, sizeof(out));
    bad[19] = 0x01; /* size 1: the body "00" is too short for an int16 */
    assert_int_equal(decode_bytes(&sm_CreateTopicsResponse_codec, 5, bad, sizeof(bad) - 1, &m), -1);

    /* A tag whose size runs past the end is rejected. */
    memcpy(bad, out, sizeof(out));
    bad[19] = 0x09;
    assert_int_equal(decode_bytes(&sm_CreateTopicsResponse_codec, 5, bad, sizeof(bad), &m), -1);

    /* Unknown tags in the request (top level and per topic) are skipped. */
    static const uint8_t req[] = {
        0x02, 0x02, 't',              /* Topics: 1, Name "t" */
        0x00, 0x00, 0x00, 0x01,       /* NumPartitions */
        0x00, 0x01,                   /* ReplicationFactor */
        0x01, 0x01,                   /* Assignments: 0, Configs: 0 */
        0x01, 0x05, 0x02, 0x00, 0x00, /* topic tags: tag 5, 2 bytes */
        0x00, 0x00, 0x03, 0xe8, 0x01, /* timeoutMs 1000, validateOnly */
        0x01, 0x20, 0x01, 0x99,       /* top tags: tag 32, 1 byte */
    };
    sm_CreateTopicsRequest q;
    assert_int_equal(decode_bytes(&sm_CreateTopicsRequest_codec, 5, req, sizeof(req), &q), 0);
    assert_int_equal(q.Topics_count, 1);
    assert_true(sm_str_eq(q.Topics[0].Name, "t"));
    assert_int_equal(q.timeoutMs, 1000);
    assert_true(q.validateOnly);
    sm_arena_reset(&arena);
}

static void test_create_topics_defaults_and_invalid(void **state)
{
    (void)state;
    /* v4 response: fields added in v5/v7 take the schema defaults. */
    static const uint8_t r4[] = {
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't', 0x00, 0x24, 0xff, 0xff,
    };
    sm_CreateTopicsResponse m;
    memset(&m, 0x5a, sizeof(m));
    assert_int_equal(decode_bytes(&sm_CreateTopicsResponse_codec, 4, r4, sizeof(r4), &m), 0);
    assert_int_equal(m.Topics[0].ErrorCode, 36);
    assert_int_equal(m.Topics[0].ErrorMessage.len, -1);
    assert_int_equal(m.Topics[0].NumPartitions, -1);
    assert_int_equal(m.Topics[0].ReplicationFactor, -1);
    assert_int_equal(m.Topics[0].Configs_count, 0);
    assert_int_equal(m.Topics[0].TopicConfigErrorCode, 0);
    assert_true(sm_uuid_is_zero(&m.Topics[0].TopicId));

    /* Topics is not nullable. */
    static const uint8_t null_topics[] = {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0};
    sm_CreateTopicsRequest q;
    assert_int_equal(
        decode_bytes(&sm_CreateTopicsRequest_codec, 2, null_topics, sizeof(null_topics), &q), -1);
    static const uint8_t null_topics5[] = {0x00, 0, 0, 0, 0, 0, 0};
    assert_int_equal(
        decode_bytes(&sm_CreateTopicsRequest_codec, 5, null_topics5, sizeof(null_topics5), &q), -1);
    /* A count the remaining bytes cannot hold is rejected before allocating. */
    static const uint8_t huge[] = {0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0};
    assert_int_equal(decode_bytes(&sm_CreateTopicsRequest_codec, 2, huge, sizeof(huge), &q), -1);
    /* 2 topics claimed but bytes for at most one minimal topic. */
    static const uint8_t two[] = {0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0, 0, 0, 0, 0,
                                  0,    0,    0,    0,    0,    0,    0, 0, 0, 0, 0};
    assert_int_equal(decode_bytes(&sm_CreateTopicsRequest_codec, 2, two, sizeof(two), &q), -1);
    /* A null topic name is rejected. */
    static const uint8_t null_name[] = {0x00, 0x00, 0x00, 0x01, 0xff, 0xff, 0, 0, 0, 1, 0, 1, 0,
                                        0,    0,    0,    0,    0,    0,    0, 0, 0, 0, 0, 0};
    assert_int_equal(
        decode_bytes(&sm_CreateTopicsRequest_codec, 2, null_name, sizeof(null_name), &q), -1);
    sm_arena_reset(&arena);
}

/* ======================= DeleteTopics ======================= */

CODEC(sm_DeleteTopicsRequest)
CODEC(sm_DeleteTopicsResponse)

static void sm_DeleteTopicsRequest_cmp(const sm_DeleteTopicsRequest *e,
                                       const sm_DeleteTopicsRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->Topics_count, g->Topics_count);
    for (int32_t i = 0; i < e->Topics_count; i++) {
        EQ_STR(e->Topics[i].Name, g->Topics[i].Name);
        EQ_UUID(e->Topics[i].TopicId, g->Topics[i].TopicId);
    }
    EQ_INT(e->TopicNames_count, g->TopicNames_count);
    for (int32_t i = 0; i < e->TopicNames_count; i++)
        EQ_STR(e->TopicNames[i], g->TopicNames[i]);
    EQ_INT(e->TimeoutMs, g->TimeoutMs);
}

static void sm_DeleteTopicsResponse_cmp(const sm_DeleteTopicsResponse *e,
                                        const sm_DeleteTopicsResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->Responses_count, g->Responses_count);
    for (int32_t i = 0; i < e->Responses_count; i++) {
        EQ_STR(e->Responses[i].Name, g->Responses[i].Name);
        EQ_UUID(e->Responses[i].TopicId, g->Responses[i].TopicId);
        EQ_INT(e->Responses[i].ErrorCode, g->Responses[i].ErrorCode);
        EQ_STR(e->Responses[i].ErrorMessage, g->Responses[i].ErrorMessage);
    }
}

/* v6 uses Topics; v1-5 TopicNames, which the decoder mirrors into Topics. */
static void build_delete_topics_req(int16_t v, sm_DeleteTopicsRequest *m)
{
    *m = (sm_DeleteTopicsRequest){.TimeoutMs = 15000};
    m->Topics_count = 3;
    m->Topics = NEW(sm_DeleteTopicState, 3);
    if (v >= 6) {
        m->Topics[0] = (sm_DeleteTopicState){S("alpha"), uuid_n(0x20)};
        m->Topics[1] = (sm_DeleteTopicState){SM_STR_NULL, uuid_n(0x40)};
        m->Topics[2] = (sm_DeleteTopicState){EMPTY, uuid_n(0)};
    } else {
        m->TopicNames_count = 3;
        m->TopicNames = NEW(sm_str_t, 3);
        m->TopicNames[0] = S("alpha");
        m->TopicNames[1] = S("beta.gamma");
        m->TopicNames[2] = EMPTY;
        for (int i = 0; i < 3; i++)
            m->Topics[i].Name = m->TopicNames[i];
    }
}

static void build_delete_topics_resp(int16_t v, sm_DeleteTopicsResponse *m)
{
    sm_DeletableTopicResult *t = NEW(sm_DeletableTopicResult, 3);
    t[0] = (sm_DeletableTopicResult){S("alpha"), {{0}}, 0, SM_STR_NULL};
    t[1] = (sm_DeletableTopicResult){S("beta"), {{0}}, 3, SM_STR_NULL};
    t[2] = (sm_DeletableTopicResult){EMPTY, {{0}}, 41, SM_STR_NULL};
    if (v >= 5) {
        t[1].ErrorMessage = S("This server does not host this topic-partition.");
        t[2].ErrorMessage = EMPTY;
    }
    if (v >= 6) {
        t[0].TopicId = uuid_n(0x20);
        t[1].Name = SM_STR_NULL;
        t[1].TopicId = uuid_n(0x40);
    }
    *m = (sm_DeleteTopicsResponse){.ThrottleTimeMs = 250, .Responses_count = 3, .Responses = t};
}

static void test_delete_topics_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 1; v <= 6; v++) {
        sm_DeleteTopicsRequest req;
        build_delete_topics_req(v, &req);
        roundtrip(&sm_DeleteTopicsRequest_codec, v, &req);
        sm_DeleteTopicsResponse resp;
        build_delete_topics_resp(v, &resp);
        roundtrip(&sm_DeleteTopicsResponse_codec, v, &resp);
    }
}

static void test_delete_topics_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 1; v <= 6; v++) {
        sm_DeleteTopicsRequest req = {.Topics_count = MANY};
        req.Topics = NEW(sm_DeleteTopicState, MANY);
        if (v < 6) {
            req.TopicNames_count = MANY;
            req.TopicNames = NEW(sm_str_t, MANY);
        }
        for (int i = 0; i < MANY; i++) {
            req.Topics[i].Name = EMPTY;
            if (v < 6) req.TopicNames[i] = EMPTY;
        }
        roundtrip(&sm_DeleteTopicsRequest_codec, v, &req);
        sm_DeleteTopicsResponse resp = {.Responses_count = MANY};
        resp.Responses = NEW(sm_DeletableTopicResult, MANY);
        for (int i = 0; i < MANY; i++)
            resp.Responses[i] =
                (sm_DeletableTopicResult){.Name = EMPTY, .ErrorMessage = SM_STR_NULL};
        roundtrip(&sm_DeleteTopicsResponse_codec, v, &resp);
    }
}

static void test_delete_topics_vectors(void **state)
{
    (void)state;
    /* v1: TopicNames ["t"], TimeoutMs 1000. */
    static const uint8_t v1[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x74, 0x00, 0x00, 0x03, 0xe8};
    sm_str_t name = S("t");
    sm_DeleteTopicsRequest req = {.TopicNames_count = 1, .TopicNames = &name, .TimeoutMs = 1000};
    expect_bytes(&sm_DeleteTopicsRequest_codec, 1, &req, v1, sizeof(v1));
    sm_DeleteTopicsRequest got;
    assert_int_equal(decode_bytes(&sm_DeleteTopicsRequest_codec, 1, v1, sizeof(v1), &got), 0);
    assert_int_equal(got.TopicNames_count, 1);
    assert_true(sm_str_eq(got.TopicNames[0], "t"));
    assert_int_equal(got.TimeoutMs, 1000);
    /* The broker reads Topics for every version. */
    assert_int_equal(got.Topics_count, 1);
    assert_true(sm_str_eq(got.Topics[0].Name, "t"));
    assert_true(sm_uuid_is_zero(&got.Topics[0].TopicId));

    /* v4 (flexible): same content. */
    static const uint8_t v4[] = {0x02, 0x02, 0x74, 0x00, 0x00, 0x03, 0xe8, 0x00};
    expect_bytes(&sm_DeleteTopicsRequest_codec, 4, &req, v4, sizeof(v4));

    /* v6: Topics [{null, 01..10}], TimeoutMs 1000. */
    static const uint8_t v6[] = {
        0x02, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
        0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x00, 0x00, 0x00, 0x03, 0xe8, 0x00,
    };
    sm_DeleteTopicState st = {SM_STR_NULL, uuid_n(1)};
    sm_DeleteTopicsRequest req6 = {.Topics_count = 1, .Topics = &st, .TimeoutMs = 1000};
    expect_bytes(&sm_DeleteTopicsRequest_codec, 6, &req6, v6, sizeof(v6));
    assert_int_equal(decode_bytes(&sm_DeleteTopicsRequest_codec, 6, v6, sizeof(v6), &got), 0);
    sm_DeleteTopicsRequest_cmp(&req6, &got, 6);

    /* v5 response: throttle 0, [{"t", 3, "x"}]. */
    static const uint8_t r5[] = {0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 't',
                                 0x00, 0x03, 0x02, 'x',  0x00, 0x00};
    sm_DeletableTopicResult res = {S("t"), {{0}}, 3, S("x")};
    sm_DeleteTopicsResponse resp = {.Responses_count = 1, .Responses = &res};
    expect_bytes(&sm_DeleteTopicsResponse_codec, 5, &resp, r5, sizeof(r5));

    /* A null name is only valid from v6. */
    static const uint8_t r4null[] = {0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x03, 0x00, 0x00};
    sm_DeleteTopicsResponse gr;
    assert_int_equal(decode_bytes(&sm_DeleteTopicsResponse_codec, 4, r4null, sizeof(r4null), &gr),
                     -1);
    static const uint8_t v1null[] = {0x00, 0x00, 0x00, 0x01, 0xff, 0xff, 0x00, 0x00, 0x03, 0xe8};
    assert_int_equal(decode_bytes(&sm_DeleteTopicsRequest_codec, 1, v1null, sizeof(v1null), &got),
                     -1);
    sm_arena_reset(&arena);
}

/* ======================= CreatePartitions ======================= */

CODEC(sm_CreatePartitionsRequest)
CODEC(sm_CreatePartitionsResponse)

static void sm_CreatePartitionsRequest_cmp(const sm_CreatePartitionsRequest *e,
                                           const sm_CreatePartitionsRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->Topics_count, g->Topics_count);
    for (int32_t i = 0; i < e->Topics_count; i++) {
        const sm_CreatePartitionsTopic *et = &e->Topics[i], *gt = &g->Topics[i];
        EQ_STR(et->Name, gt->Name);
        EQ_INT(et->Count, gt->Count);
        EQ_INT(et->Assignments_count, gt->Assignments_count);
        for (int32_t j = 0; j < et->Assignments_count; j++) {
            EQ_INT(et->Assignments[j].BrokerIds_count, gt->Assignments[j].BrokerIds_count);
            for (int32_t k = 0; k < et->Assignments[j].BrokerIds_count; k++)
                EQ_INT(et->Assignments[j].BrokerIds[k], gt->Assignments[j].BrokerIds[k]);
        }
    }
    EQ_INT(e->TimeoutMs, g->TimeoutMs);
    EQ_INT(e->ValidateOnly, g->ValidateOnly);
}

static void sm_CreatePartitionsResponse_cmp(const sm_CreatePartitionsResponse *e,
                                            const sm_CreatePartitionsResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->Results_count, g->Results_count);
    for (int32_t i = 0; i < e->Results_count; i++) {
        EQ_STR(e->Results[i].Name, g->Results[i].Name);
        EQ_INT(e->Results[i].ErrorCode, g->Results[i].ErrorCode);
        EQ_STR(e->Results[i].ErrorMessage, g->Results[i].ErrorMessage);
    }
}

static void build_create_partitions_req(int16_t v, sm_CreatePartitionsRequest *m)
{
    (void)v; /* every field exists in v0-3 */
    static int32_t a0[] = {1, 2}, a1[] = {2, 3}, a2[] = {7};
    sm_CreatePartitionsTopic *t = NEW(sm_CreatePartitionsTopic, 3);
    t[0] = (sm_CreatePartitionsTopic){S("t1"), 4, -1, NULL};
    t[1] = (sm_CreatePartitionsTopic){S("t2"), 5, 3, NEW(sm_CreatePartitionsAssignment, 3)};
    t[1].Assignments[0] = (sm_CreatePartitionsAssignment){2, a0};
    t[1].Assignments[1] = (sm_CreatePartitionsAssignment){2, a1};
    t[1].Assignments[2] = (sm_CreatePartitionsAssignment){1, a2};
    t[2] = (sm_CreatePartitionsTopic){EMPTY, 2, 0, NULL};
    *m = (sm_CreatePartitionsRequest){
        .Topics_count = 3, .Topics = t, .TimeoutMs = 5000, .ValidateOnly = true};
}

static void build_create_partitions_resp(int16_t v, sm_CreatePartitionsResponse *m)
{
    (void)v;
    sm_CreatePartitionsTopicResult *t = NEW(sm_CreatePartitionsTopicResult, 3);
    t[0] = (sm_CreatePartitionsTopicResult){S("t1"), 0, SM_STR_NULL};
    t[1] = (sm_CreatePartitionsTopicResult){S("t2"), 37, S("Topic already has 8 partitions.")};
    t[2] = (sm_CreatePartitionsTopicResult){EMPTY, 3, EMPTY};
    *m = (sm_CreatePartitionsResponse){.ThrottleTimeMs = 9, .Results_count = 3, .Results = t};
}

static void test_create_partitions_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 3; v++) {
        sm_CreatePartitionsRequest req;
        build_create_partitions_req(v, &req);
        roundtrip(&sm_CreatePartitionsRequest_codec, v, &req);
        sm_CreatePartitionsResponse resp;
        build_create_partitions_resp(v, &resp);
        roundtrip(&sm_CreatePartitionsResponse_codec, v, &resp);
    }
}

static void test_create_partitions_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 3; v++) {
        sm_CreatePartitionsTopic *t = NEW(sm_CreatePartitionsTopic, MANY);
        for (int i = 0; i < MANY; i++)
            t[i] = (sm_CreatePartitionsTopic){.Name = EMPTY, .Assignments_count = i % 2 ? -1 : 0};
        sm_CreatePartitionsRequest req = {.Topics_count = MANY, .Topics = t};
        roundtrip(&sm_CreatePartitionsRequest_codec, v, &req);
        sm_CreatePartitionsTopic one = {.Name = EMPTY,
                                        .Assignments_count = MANY,
                                        .Assignments = NEW(sm_CreatePartitionsAssignment, MANY)};
        req = (sm_CreatePartitionsRequest){.Topics_count = 1, .Topics = &one};
        roundtrip(&sm_CreatePartitionsRequest_codec, v, &req);
        sm_CreatePartitionsTopicResult *r = NEW(sm_CreatePartitionsTopicResult, MANY);
        for (int i = 0; i < MANY; i++)
            r[i] = (sm_CreatePartitionsTopicResult){EMPTY, 0, SM_STR_NULL};
        sm_CreatePartitionsResponse resp = {.Results_count = MANY, .Results = r};
        roundtrip(&sm_CreatePartitionsResponse_codec, v, &resp);
    }
}

static void test_create_partitions_vectors(void **state)
{
    (void)state;
    /* v0: [{"t", 4, null}], TimeoutMs 1000, ValidateOnly true. */
    static const uint8_t v0[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't',  0x00, 0x00, 0x00,
                                 0x04, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x03, 0xe8, 0x01};
    sm_CreatePartitionsTopic t = {S("t"), 4, -1, NULL};
    sm_CreatePartitionsRequest req = {
        .Topics_count = 1, .Topics = &t, .TimeoutMs = 1000, .ValidateOnly = true};
    expect_bytes(&sm_CreatePartitionsRequest_codec, 0, &req, v0, sizeof(v0));
    sm_CreatePartitionsRequest got;
    assert_int_equal(decode_bytes(&sm_CreatePartitionsRequest_codec, 0, v0, sizeof(v0), &got), 0);
    sm_CreatePartitionsRequest_cmp(&req, &got, 0);

    /* v2: [{"t", 4, [[1, 2]]}], TimeoutMs 1000, ValidateOnly false. */
    static const uint8_t v2[] = {
        0x02, 0x02, 't',  0x00, 0x00, 0x00, 0x04, /* Topics: 1, Name, Count */
        0x02, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, /* [[1,2]] + tags */
        0x00,                                                             /* topic tags */
        0x00, 0x00, 0x03, 0xe8, 0x00, 0x00,
    };
    int32_t ids[] = {1, 2};
    sm_CreatePartitionsAssignment as = {2, ids};
    t = (sm_CreatePartitionsTopic){S("t"), 4, 1, &as};
    req.ValidateOnly = false;
    expect_bytes(&sm_CreatePartitionsRequest_codec, 2, &req, v2, sizeof(v2));
    assert_int_equal(decode_bytes(&sm_CreatePartitionsRequest_codec, 2, v2, sizeof(v2), &got), 0);
    sm_CreatePartitionsRequest_cmp(&req, &got, 2);

    /* v1 response: throttle 0, [{"t", 37, null}]. */
    static const uint8_t r1[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
                                 0x00, 0x01, 't',  0x00, 0x25, 0xff, 0xff};
    sm_CreatePartitionsTopicResult res = {S("t"), 37, SM_STR_NULL};
    sm_CreatePartitionsResponse resp = {.Results_count = 1, .Results = &res};
    expect_bytes(&sm_CreatePartitionsResponse_codec, 1, &resp, r1, sizeof(r1));
    sm_arena_reset(&arena);
}

/* ======================= DescribeCluster ======================= */

CODEC(sm_DescribeClusterRequest)
CODEC(sm_DescribeClusterResponse)

static void sm_DescribeClusterRequest_cmp(const sm_DescribeClusterRequest *e,
                                          const sm_DescribeClusterRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->IncludeClusterAuthorizedOperations, g->IncludeClusterAuthorizedOperations);
    EQ_INT(e->EndpointType, g->EndpointType);
}

static void sm_DescribeClusterResponse_cmp(const sm_DescribeClusterResponse *e,
                                           const sm_DescribeClusterResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->ErrorCode, g->ErrorCode);
    EQ_STR(e->ErrorMessage, g->ErrorMessage);
    EQ_INT(e->EndpointType, g->EndpointType);
    EQ_STR(e->ClusterId, g->ClusterId);
    EQ_INT(e->ControllerId, g->ControllerId);
    EQ_INT(e->Brokers_count, g->Brokers_count);
    for (int32_t i = 0; i < e->Brokers_count; i++) {
        EQ_INT(e->Brokers[i].BrokerId, g->Brokers[i].BrokerId);
        EQ_STR(e->Brokers[i].Host, g->Brokers[i].Host);
        EQ_INT(e->Brokers[i].Port, g->Brokers[i].Port);
        EQ_STR(e->Brokers[i].Rack, g->Brokers[i].Rack);
    }
    EQ_INT(e->ClusterAuthorizedOperations, g->ClusterAuthorizedOperations);
}

static void build_describe_cluster_resp(int16_t v, sm_DescribeClusterResponse *m)
{
    sm_DescribeClusterBroker *b = NEW(sm_DescribeClusterBroker, 3);
    b[0] = (sm_DescribeClusterBroker){1, S("broker-1.example"), 9092, S("rack-a")};
    b[1] = (sm_DescribeClusterBroker){2, S("10.0.0.2"), 9093, SM_STR_NULL};
    b[2] = (sm_DescribeClusterBroker){-7, EMPTY, 0, EMPTY};
    *m = (sm_DescribeClusterResponse){
        .ThrottleTimeMs = 1,
        .ErrorCode = 0,
        .ErrorMessage = S("ok"),
        .EndpointType = v >= 1 ? 2 : 1,
        .ClusterId = S("5L6g3nShT-eMCtK--X86sw"),
        .ControllerId = 2,
        .Brokers_count = 3,
        .Brokers = b,
        .ClusterAuthorizedOperations = 0x0f00,
    };
}

static void test_describe_cluster_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 1; v++) {
        sm_DescribeClusterRequest req = {true, v >= 1 ? 2 : 1};
        roundtrip(&sm_DescribeClusterRequest_codec, v, &req);
        sm_DescribeClusterResponse resp;
        build_describe_cluster_resp(v, &resp);
        roundtrip(&sm_DescribeClusterResponse_codec, v, &resp);
        /* null error message, no brokers, "not requested" operations */
        resp = (sm_DescribeClusterResponse){.ErrorCode = 31,
                                            .ErrorMessage = SM_STR_NULL,
                                            .EndpointType = 1,
                                            .ClusterId = EMPTY,
                                            .ControllerId = -1,
                                            .Brokers_count = 0,
                                            .ClusterAuthorizedOperations = INT32_MIN};
        roundtrip(&sm_DescribeClusterResponse_codec, v, &resp);
        sm_DescribeClusterBroker *b = NEW(sm_DescribeClusterBroker, MANY);
        for (int i = 0; i < MANY; i++)
            b[i] = (sm_DescribeClusterBroker){.Host = EMPTY, .Rack = SM_STR_NULL};
        resp.Brokers_count = MANY;
        resp.Brokers = b;
        roundtrip(&sm_DescribeClusterResponse_codec, v, &resp);
    }
}

static void test_describe_cluster_vectors(void **state)
{
    (void)state;
    sm_DescribeClusterRequest req = {true, 2};
    static const uint8_t v1[] = {0x01, 0x02, 0x00};
    expect_bytes(&sm_DescribeClusterRequest_codec, 1, &req, v1, sizeof(v1));
    static const uint8_t v0[] = {0x01, 0x00};
    req.EndpointType = 1;
    expect_bytes(&sm_DescribeClusterRequest_codec, 0, &req, v0, sizeof(v0));
    sm_DescribeClusterRequest got = {false, 0};
    assert_int_equal(decode_bytes(&sm_DescribeClusterRequest_codec, 0, v0, sizeof(v0), &got), 0);
    assert_true(got.IncludeClusterAuthorizedOperations);
    assert_int_equal(got.EndpointType, 1); /* schema default when absent */

    /* v0 response: cluster "c", controller 1, broker {1, "h", 9092, null},
     * operations INT32_MIN. */
    static const uint8_t r0[] = {
        0x00, 0x00, 0x00, 0x00, /* ThrottleTimeMs */
        0x00, 0x00,             /* ErrorCode */
        0x00,                   /* ErrorMessage null */
        0x02, 'c',              /* ClusterId */
        0x00, 0x00, 0x00, 0x01, /* ControllerId */
        0x02,                   /* Brokers: 1 */
        0x00, 0x00, 0x00, 0x01, 0x02, 'h',  0x00, 0x00,
        0x23, 0x84, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, /* ClusterAuthorizedOperations */
        0x00,
    };
    sm_DescribeClusterBroker b = {1, S("h"), 9092, SM_STR_NULL};
    sm_DescribeClusterResponse resp = {.ErrorMessage = SM_STR_NULL,
                                       .EndpointType = 1,
                                       .ClusterId = S("c"),
                                       .ControllerId = 1,
                                       .Brokers_count = 1,
                                       .Brokers = &b,
                                       .ClusterAuthorizedOperations = INT32_MIN};
    expect_bytes(&sm_DescribeClusterResponse_codec, 0, &resp, r0, sizeof(r0));
    sm_DescribeClusterResponse gotr;
    assert_int_equal(decode_bytes(&sm_DescribeClusterResponse_codec, 0, r0, sizeof(r0), &gotr), 0);
    sm_DescribeClusterResponse_cmp(&resp, &gotr, 0);

    /* Null Brokers array and null ClusterId are rejected. */
    uint8_t bad[sizeof(r0)];
    memcpy(bad, r0, sizeof(r0));
    bad[13] = 0x00;
    assert_int_equal(decode_bytes(&sm_DescribeClusterResponse_codec, 0, bad, sizeof(bad), &gotr),
                     -1);
    memcpy(bad, r0, sizeof(r0));
    bad[7] = 0x00;
    assert_int_equal(decode_bytes(&sm_DescribeClusterResponse_codec, 0, bad, sizeof(bad), &gotr),
                     -1);
    sm_arena_reset(&arena);
}

/* ======================= DescribeConfigs ======================= */

CODEC(sm_DescribeConfigsRequest)
CODEC(sm_DescribeConfigsResponse)

static void sm_DescribeConfigsRequest_cmp(const sm_DescribeConfigsRequest *e,
                                          const sm_DescribeConfigsRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->Resources_count, g->Resources_count);
    for (int32_t i = 0; i < e->Resources_count; i++) {
        const sm_DescribeConfigsResource *er = &e->Resources[i], *gr = &g->Resources[i];
        EQ_INT(er->ResourceType, gr->ResourceType);
        EQ_STR(er->ResourceName, gr->ResourceName);
        EQ_INT(er->ConfigurationKeys_count, gr->ConfigurationKeys_count);
        for (int32_t j = 0; j < er->ConfigurationKeys_count; j++)
            EQ_STR(er->ConfigurationKeys[j], gr->ConfigurationKeys[j]);
    }
    EQ_INT(e->IncludeSynonyms, g->IncludeSynonyms);
    EQ_INT(e->IncludeDocumentation, g->IncludeDocumentation);
}

static void sm_DescribeConfigsResponse_cmp(const sm_DescribeConfigsResponse *e,
                                           const sm_DescribeConfigsResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->Results_count, g->Results_count);
    for (int32_t i = 0; i < e->Results_count; i++) {
        const sm_DescribeConfigsResult *er = &e->Results[i], *gr = &g->Results[i];
        EQ_INT(er->ErrorCode, gr->ErrorCode);
        EQ_STR(er->ErrorMessage, gr->ErrorMessage);
        EQ_INT(er->ResourceType, gr->ResourceType);
        EQ_STR(er->ResourceName, gr->ResourceName);
        EQ_INT(er->Configs_count, gr->Configs_count);
        for (int32_t j = 0; j < er->Configs_count; j++) {
            const sm_DescribeConfigsResourceResult *ec = &er->Configs[j], *gc = &gr->Configs[j];
            EQ_STR(ec->Name, gc->Name);
            EQ_STR(ec->Value, gc->Value);
            EQ_INT(ec->ReadOnly, gc->ReadOnly);
            EQ_INT(ec->ConfigSource, gc->ConfigSource);
            EQ_INT(ec->IsSensitive, gc->IsSensitive);
            EQ_INT(ec->Synonyms_count, gc->Synonyms_count);
            for (int32_t k = 0; k < ec->Synonyms_count; k++) {
                EQ_STR(ec->Synonyms[k].Name, gc->Synonyms[k].Name);
                EQ_STR(ec->Synonyms[k].Value, gc->Synonyms[k].Value);
                EQ_INT(ec->Synonyms[k].Source, gc->Synonyms[k].Source);
            }
            EQ_INT(ec->ConfigType, gc->ConfigType);
            EQ_STR(ec->Documentation, gc->Documentation);
        }
    }
}

static void build_describe_configs_req(int16_t v, sm_DescribeConfigsRequest *m)
{
    static sm_str_t keys[2];
    keys[0] = S("retention.ms");
    keys[1] = S("cleanup.policy");
    sm_DescribeConfigsResource *r = NEW(sm_DescribeConfigsResource, 3);
    r[0] = (sm_DescribeConfigsResource){2, S("orders"), 2, keys};
    r[1] = (sm_DescribeConfigsResource){4, S("1"), -1, NULL};
    r[2] = (sm_DescribeConfigsResource){2, EMPTY, 0, NULL};
    *m = (sm_DescribeConfigsRequest){.Resources_count = 3,
                                     .Resources = r,
                                     .IncludeSynonyms = true,
                                     .IncludeDocumentation = v >= 3};
}

static void build_describe_configs_resp(int16_t v, sm_DescribeConfigsResponse *m)
{
    sm_DescribeConfigsSynonym *syn = NEW(sm_DescribeConfigsSynonym, 2);
    syn[0] = (sm_DescribeConfigsSynonym){S("log.retention.ms"), SM_STR_NULL, 4};
    syn[1] = (sm_DescribeConfigsSynonym){S("log.retention.hours"), S("168"), 5};
    sm_DescribeConfigsResourceResult *c = NEW(sm_DescribeConfigsResourceResult, 3);
    c[0] = (sm_DescribeConfigsResourceResult){
        S("retention.ms"), S("604800000"), false, 5, false, 2, syn, 0, EMPTY};
    c[1] = (sm_DescribeConfigsResourceResult){
        S("sasl.jaas.config"), SM_STR_NULL, true, 4, true, 0, NULL, 0, EMPTY};
    c[2] = (sm_DescribeConfigsResourceResult){EMPTY, EMPTY, false, -1, false, 0, NULL, 0, EMPTY};
    if (v >= 3) {
        c[0].ConfigType = 5; /* LONG */
        c[0].Documentation = S("The number of milliseconds to keep a log file.");
        c[1].ConfigType = 9; /* PASSWORD */
        c[1].Documentation = SM_STR_NULL;
    }
    sm_DescribeConfigsResult *res = NEW(sm_DescribeConfigsResult, 3);
    res[0] = (sm_DescribeConfigsResult){0, SM_STR_NULL, 2, S("orders"), 3, c};
    res[1] =
        (sm_DescribeConfigsResult){3, S("Topic 'gone' does not exist."), 2, S("gone"), 0, NULL};
    res[2] = (sm_DescribeConfigsResult){0, EMPTY, 4, S("1"), 1, c + 2};
    *m = (sm_DescribeConfigsResponse){.ThrottleTimeMs = 3, .Results_count = 3, .Results = res};
}

static void test_describe_configs_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 1; v <= 4; v++) {
        sm_DescribeConfigsRequest req;
        build_describe_configs_req(v, &req);
        roundtrip(&sm_DescribeConfigsRequest_codec, v, &req);
        sm_DescribeConfigsResponse resp;
        build_describe_configs_resp(v, &resp);
        roundtrip(&sm_DescribeConfigsResponse_codec, v, &resp);
    }
}

static void test_describe_configs_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 1; v <= 4; v++) {
        sm_DescribeConfigsResource *r = NEW(sm_DescribeConfigsResource, MANY);
        for (int i = 0; i < MANY; i++)
            r[i] = (sm_DescribeConfigsResource){0, EMPTY, i % 2 ? -1 : 0, NULL};
        sm_DescribeConfigsRequest req = {.Resources_count = MANY, .Resources = r};
        roundtrip(&sm_DescribeConfigsRequest_codec, v, &req);
        sm_str_t *keys = NEW(sm_str_t, MANY);
        for (int i = 0; i < MANY; i++)
            keys[i] = EMPTY;
        sm_DescribeConfigsResource one = {0, EMPTY, MANY, keys};
        req = (sm_DescribeConfigsRequest){.Resources_count = 1, .Resources = &one};
        roundtrip(&sm_DescribeConfigsRequest_codec, v, &req);

        sm_str_t doc = v >= 3 ? SM_STR_NULL : EMPTY;
        sm_DescribeConfigsResult *res = NEW(sm_DescribeConfigsResult, MANY);
        for (int i = 0; i < MANY; i++)
            res[i] = (sm_DescribeConfigsResult){0, SM_STR_NULL, 0, EMPTY, 0, NULL};
        sm_DescribeConfigsResponse resp = {.Results_count = MANY, .Results = res};
        roundtrip(&sm_DescribeConfigsResponse_codec, v, &resp);
        /* one result with MANY minimal configs */
        sm_DescribeConfigsResourceResult *c = NEW(sm_DescribeConfigsResourceResult, MANY);
        for (int i = 0; i < MANY; i++)
            c[i] = (sm_DescribeConfigsResourceResult){
                .Name = EMPTY, .Value = SM_STR_NULL, .Documentation = doc};
        sm_DescribeConfigsResult r1 = {0, SM_STR_NULL, 0, EMPTY, MANY, c};
        resp = (sm_DescribeConfigsResponse){.Results_count = 1, .Results = &r1};
        roundtrip(&sm_DescribeConfigsResponse_codec, v, &resp);
        /* one config with MANY minimal synonyms */
        sm_DescribeConfigsSynonym *syn = NEW(sm_DescribeConfigsSynonym, MANY);
        for (int i = 0; i < MANY; i++)
            syn[i] = (sm_DescribeConfigsSynonym){EMPTY, SM_STR_NULL, 0};
        sm_DescribeConfigsResourceResult c1 = {.Name = EMPTY,
                                               .Value = EMPTY,
                                               .Synonyms_count = MANY,
                                               .Synonyms = syn,
                                               .Documentation = doc};
        r1 = (sm_DescribeConfigsResult){0, SM_STR_NULL, 0, EMPTY, 1, &c1};
        roundtrip(&sm_DescribeConfigsResponse_codec, v, &resp);
    }
}

static void test_describe_configs_vectors(void **state)
{
    (void)state;
    /* v1: [{2, "t", null}], IncludeSynonyms true. */
    static const uint8_t v1[] = {0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x01,
                                 't',  0xff, 0xff, 0xff, 0xff, 0x01};
    sm_DescribeConfigsResource res = {2, S("t"), -1, NULL};
    sm_DescribeConfigsRequest req = {
        .Resources_count = 1, .Resources = &res, .IncludeSynonyms = true};
    expect_bytes(&sm_DescribeConfigsRequest_codec, 1, &req, v1, sizeof(v1));
    sm_DescribeConfigsRequest got;
    assert_int_equal(decode_bytes(&sm_DescribeConfigsRequest_codec, 1, v1, sizeof(v1), &got), 0);
    sm_DescribeConfigsRequest_cmp(&req, &got, 1);

    /* v4: same plus IncludeDocumentation true, keys ["a"]. */
    static const uint8_t v4[] = {0x02, 0x02, 0x02, 't', 0x02, 0x02, 'a', 0x00, 0x01, 0x01, 0x00};
    sm_str_t key = S("a");
    res.ConfigurationKeys_count = 1;
    res.ConfigurationKeys = &key;
    req.IncludeDocumentation = true;
    expect_bytes(&sm_DescribeConfigsRequest_codec, 4, &req, v4, sizeof(v4));
    assert_int_equal(decode_bytes(&sm_DescribeConfigsRequest_codec, 4, v4, sizeof(v4), &got), 0);
    sm_DescribeConfigsRequest_cmp(&req, &got, 4);

    /* v3 response: throttle 0, [{0, null, 2, "t", [{"k", "v", false, 1,
     * false, [{"s", null, 5}], 2, null}]}]. */
    static const uint8_t r3[] = {
        0x00, 0x00, 0x00, 0x00,                        /* ThrottleTimeMs */
        0x00, 0x00, 0x00, 0x01,                        /* Results: 1 */
        0x00, 0x00, 0xff, 0xff, 0x02, 0x00, 0x01, 't', /* ErrorCode, msg null, type, name */
        0x00, 0x00, 0x00, 0x01,                        /* Configs: 1 */
        0x00, 0x01, 'k',  0x00, 0x01, 'v',             /* Name, Value */
        0x00, 0x01, 0x00,                              /* ReadOnly, ConfigSource, IsSensitive */
        0x00, 0x00, 0x00, 0x01,                        /* Synonyms: 1 */
        0x00, 0x01, 's',  0xff, 0xff, 0x05,            /* Name, Value null, Source */
        0x02,                                          /* ConfigType STRING */
        0xff, 0xff,                                    /* Documentation null */
    };
    sm_DescribeConfigsSynonym syn = {S("s"), SM_STR_NULL, 5};
    sm_DescribeConfigsResourceResult cfg = {S("k"), S("v"), false, 1,          false,
                                            1,      &syn,   2,     SM_STR_NULL};
    sm_DescribeConfigsResult result = {0, SM_STR_NULL, 2, S("t"), 1, &cfg};
    sm_DescribeConfigsResponse resp = {.Results_count = 1, .Results = &result};
    expect_bytes(&sm_DescribeConfigsResponse_codec, 3, &resp, r3, sizeof(r3));
    sm_DescribeConfigsResponse gotr;
    assert_int_equal(decode_bytes(&sm_DescribeConfigsResponse_codec, 3, r3, sizeof(r3), &gotr), 0);
    sm_DescribeConfigsResponse_cmp(&resp, &gotr, 3);

    /* The same without ConfigType/Documentation is v1/v2; decoding gives
     * the schema defaults (0 and ""). */
    assert_int_equal(decode_bytes(&sm_DescribeConfigsResponse_codec, 2, r3, sizeof(r3) - 3, &gotr),
                     0);
    assert_int_equal(gotr.Results[0].Configs[0].ConfigType, 0);
    assert_true(sm_str_eq(gotr.Results[0].Configs[0].Documentation, ""));
    sm_arena_reset(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_topics_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_topics_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_topics_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_topics_tagged_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_topics_defaults_and_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_topics_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_topics_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_topics_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_partitions_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_partitions_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_partitions_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_cluster_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_cluster_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_configs_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_configs_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_configs_vectors, setup, teardown),
    };
    return cmocka_run_group_tests_name("codecs_admin", tests, NULL, NULL);
}
