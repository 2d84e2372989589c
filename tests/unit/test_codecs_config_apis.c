/*
 * Codecs of the config and log-admin APIs: DeleteRecords, AlterConfigs,
 * IncrementalAlterConfigs, DescribeLogDirs.
 *
 * For every API and every version a message with several entries,
 * non-default values and nulls is encoded, decoded, compared field by field
 * and re-encoded byte for byte; every strict prefix of the encoding must be
 * rejected (each prefix is copied into a buffer of exactly its size so ASan
 * sees any over-read). Messages made of many minimal elements check that
 * the decoders' element-count bounds never reject valid input. Byte vectors
 * written by hand from the Kafka schemas pin the exact encoding (the
 * classic AlterConfigs ones were also checked against kafka-python 2.0.2's
 * AlterConfigsRequest/Response v0-v1 structs, whose byte output is
 * identical). Including alter_configs.h and incremental_alter_configs.h
 * together checks that their struct names do not collide.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "protocol/alter_configs.h"
#include "protocol/delete_records.h"
#include "protocol/describe_log_dirs.h"
#include "protocol/incremental_alter_configs.h"
#include "util/arena.h"

#include "codec_harness.h"

/* ---- helpers ---- */

#define S(s) sm_str(s)
#define EMPTY ((sm_str_t){"", 0})


/* Bytes that must be rejected, decoded from a buffer of exactly their size. */
static void expect_reject(const codec_t *c, int16_t v, const uint8_t *data, size_t len)
{
    void *out = malloc(c->size);
    assert_non_null(out);
    int err;
    size_t left;
    quiet = true;
    int rc = decode_exact(c, v, data, len, out, &err, &left, NULL);
    quiet = false;
    if (rc != -1) print_error("%s v%d: invalid input of %zu bytes accepted\n", c->name, v, len);
    assert_int_equal(rc, -1);
    assert_int_not_equal(err, 0);
    free(out);
    sm_arena_reset(&arena);
}

#define MANY 40 /* minimal elements per array in the bound checks */

/* ======================= DeleteRecords ======================= */

CODEC(sm_DeleteRecordsRequest)
CODEC(sm_DeleteRecordsResponse)

static void sm_DeleteRecordsRequest_cmp(const sm_DeleteRecordsRequest *e,
                                        const sm_DeleteRecordsRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->Topics_count, g->Topics_count);
    for (int32_t i = 0; i < e->Topics_count; i++) {
        const sm_DeleteRecordsTopic *et = &e->Topics[i], *gt = &g->Topics[i];
        EQ_STR(et->Name, gt->Name);
        EQ_INT(et->Partitions_count, gt->Partitions_count);
        for (int32_t j = 0; j < et->Partitions_count; j++) {
            EQ_INT(et->Partitions[j].PartitionIndex, gt->Partitions[j].PartitionIndex);
            EQ_INT(et->Partitions[j].Offset, gt->Partitions[j].Offset);
        }
    }
    EQ_INT(e->TimeoutMs, g->TimeoutMs);
}

static void sm_DeleteRecordsResponse_cmp(const sm_DeleteRecordsResponse *e,
                                         const sm_DeleteRecordsResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->Topics_count, g->Topics_count);
    for (int32_t i = 0; i < e->Topics_count; i++) {
        const sm_DeleteRecordsTopicResult *et = &e->Topics[i], *gt = &g->Topics[i];
        EQ_STR(et->Name, gt->Name);
        EQ_INT(et->Partitions_count, gt->Partitions_count);
        for (int32_t j = 0; j < et->Partitions_count; j++) {
            const sm_DeleteRecordsPartitionResult *ep = &et->Partitions[j],
                                                  *gp = &gt->Partitions[j];
            EQ_INT(ep->PartitionIndex, gp->PartitionIndex);
            EQ_INT(ep->LowWatermark, gp->LowWatermark);
            EQ_INT(ep->ErrorCode, gp->ErrorCode);
        }
    }
}

static void build_delete_records_req(sm_DeleteRecordsRequest *m)
{
    sm_DeleteRecordsTopic *t = NEW(sm_DeleteRecordsTopic, 3);
    t[0].Name = S("orders");
    t[0].Partitions_count = 3;
    t[0].Partitions = NEW(sm_DeleteRecordsPartition, 3);
    t[0].Partitions[0] = (sm_DeleteRecordsPartition){0, 1234567890123LL};
    t[0].Partitions[1] = (sm_DeleteRecordsPartition){7, -1}; /* up to the high watermark */
    t[0].Partitions[2] = (sm_DeleteRecordsPartition){INT32_MAX, INT64_MAX};
    t[1].Name = EMPTY; /* no partitions */
    t[2].Name = S("logs.2024");
    t[2].Partitions_count = 1;
    t[2].Partitions = NEW(sm_DeleteRecordsPartition, 1);
    t[2].Partitions[0] = (sm_DeleteRecordsPartition){-5, INT64_MIN};
    *m = (sm_DeleteRecordsRequest){.Topics_count = 3, .Topics = t, .TimeoutMs = 45000};
}

static void build_delete_records_resp(sm_DeleteRecordsResponse *m)
{
    sm_DeleteRecordsTopicResult *t = NEW(sm_DeleteRecordsTopicResult, 3);
    t[0].Name = S("orders");
    t[0].Partitions_count = 3;
    t[0].Partitions = NEW(sm_DeleteRecordsPartitionResult, 3);
    t[0].Partitions[0] = (sm_DeleteRecordsPartitionResult){0, 1234567890123LL, 0};
    t[0].Partitions[1] = (sm_DeleteRecordsPartitionResult){7, -1, 1}; /* OFFSET_OUT_OF_RANGE */
    t[0].Partitions[2] = (sm_DeleteRecordsPartitionResult){9, 0, 6};  /* NOT_LEADER */
    t[1].Name = S("gone");
    t[1].Partitions_count = 1;
    t[1].Partitions = NEW(sm_DeleteRecordsPartitionResult, 1);
    t[1].Partitions[0] = (sm_DeleteRecordsPartitionResult){0, -1, 3}; /* UNKNOWN_TOPIC */
    t[2].Name = EMPTY;
    *m = (sm_DeleteRecordsResponse){.ThrottleTimeMs = 250, .Topics_count = 3, .Topics = t};
}

static void test_delete_records_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 2; v++) {
        sm_DeleteRecordsRequest req;
        build_delete_records_req(&req);
        roundtrip(&sm_DeleteRecordsRequest_codec, v, &req);
        sm_DeleteRecordsResponse resp;
        build_delete_records_resp(&resp);
        roundtrip(&sm_DeleteRecordsResponse_codec, v, &resp);
    }
}

static void test_delete_records_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 2; v++) {
        sm_DeleteRecordsTopic *t = NEW(sm_DeleteRecordsTopic, MANY);
        for (int i = 0; i < MANY; i++)
            t[i].Name = EMPTY;
        sm_DeleteRecordsRequest req = {.Topics_count = MANY, .Topics = t};
        roundtrip(&sm_DeleteRecordsRequest_codec, v, &req);
        sm_DeleteRecordsTopic one = {EMPTY, MANY, NEW(sm_DeleteRecordsPartition, MANY)};
        req = (sm_DeleteRecordsRequest){.Topics_count = 1, .Topics = &one};
        roundtrip(&sm_DeleteRecordsRequest_codec, v, &req);

        sm_DeleteRecordsTopicResult *r = NEW(sm_DeleteRecordsTopicResult, MANY);
        for (int i = 0; i < MANY; i++)
            r[i].Name = EMPTY;
        sm_DeleteRecordsResponse resp = {.Topics_count = MANY, .Topics = r};
        roundtrip(&sm_DeleteRecordsResponse_codec, v, &resp);
        sm_DeleteRecordsTopicResult r1 = {EMPTY, MANY, NEW(sm_DeleteRecordsPartitionResult, MANY)};
        resp = (sm_DeleteRecordsResponse){.Topics_count = 1, .Topics = &r1};
        roundtrip(&sm_DeleteRecordsResponse_codec, v, &resp);
    }
}

static void test_delete_records_vectors(void **state)
{
    (void)state;
    /* Request [{"t", [{0, 5}, {1, -1}]}], TimeoutMs 30000. */
    sm_DeleteRecordsPartition parts[] = {{0, 5}, {1, -1}};
    sm_DeleteRecordsTopic topic = {S("t"), 2, parts};
    sm_DeleteRecordsRequest req = {.Topics_count = 1, .Topics = &topic, .TimeoutMs = 30000};
    static const uint8_t q0[] = {
        0x00, 0x00, 0x00, 0x01,                         /* Topics: 1 */
        0x00, 0x01, 't',                                /* Name */
        0x00, 0x00, 0x00, 0x02,                         /* Partitions: 2 */
        0x00, 0x00, 0x00, 0x00,                         /* PartitionIndex 0 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* Offset 5 */
        0x00, 0x00, 0x00, 0x01,                         /* PartitionIndex 1 */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* Offset -1 */
        0x00, 0x00, 0x75, 0x30,                         /* TimeoutMs 30000 */
    };
    sm_DeleteRecordsRequest got;
    for (int16_t v = 0; v <= 1; v++) { /* v1 is v0 on the wire */
        expect_bytes(&sm_DeleteRecordsRequest_codec, v, &req, q0, sizeof(q0));
        assert_int_equal(decode_bytes(&sm_DeleteRecordsRequest_codec, v, q0, sizeof(q0), &got), 0);
        sm_DeleteRecordsRequest_cmp(&req, &got, v);
    }
    static const uint8_t q2[] = {
        0x02,                                           /* Topics: 1 */
        0x02, 't',                                      /* Name */
        0x03,                                           /* Partitions: 2 */
        0x00, 0x00, 0x00, 0x00,                         /* PartitionIndex 0 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* Offset 5 */
        0x00,                                           /* partition tags */
        0x00, 0x00, 0x00, 0x01,                         /* PartitionIndex 1 */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* Offset -1 */
        0x00,                                           /* partition tags */
        0x00,                                           /* topic tags */
        0x00, 0x00, 0x75, 0x30,                         /* TimeoutMs 30000 */
        0x00,                                           /* tags */
    };
    expect_bytes(&sm_DeleteRecordsRequest_codec, 2, &req, q2, sizeof(q2));
    assert_int_equal(decode_bytes(&sm_DeleteRecordsRequest_codec, 2, q2, sizeof(q2), &got), 0);
    sm_DeleteRecordsRequest_cmp(&req, &got, 2);

    /* Response: throttle 7, [{"t", [{0, 5, 0}, {1, -1, OFFSET_OUT_OF_RANGE}]}]. */
    sm_DeleteRecordsPartitionResult pr[] = {{0, 5, 0}, {1, -1, 1}};
    sm_DeleteRecordsTopicResult tr = {S("t"), 2, pr};
    sm_DeleteRecordsResponse resp = {.ThrottleTimeMs = 7, .Topics_count = 1, .Topics = &tr};
    static const uint8_t r1[] = {
        0x00, 0x00, 0x00, 0x07,                         /* ThrottleTimeMs */
        0x00, 0x00, 0x00, 0x01,                         /* Topics: 1 */
        0x00, 0x01, 't',                                /* Name */
        0x00, 0x00, 0x00, 0x02,                         /* Partitions: 2 */
        0x00, 0x00, 0x00, 0x00,                         /* PartitionIndex 0 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* LowWatermark 5 */
        0x00, 0x00,                                     /* ErrorCode */
        0x00, 0x00, 0x00, 0x01,                         /* PartitionIndex 1 */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* LowWatermark -1 */
        0x00, 0x01,                                     /* OFFSET_OUT_OF_RANGE */
    };
    sm_DeleteRecordsResponse gotr;
    expect_bytes(&sm_DeleteRecordsResponse_codec, 1, &resp, r1, sizeof(r1));
    assert_int_equal(decode_bytes(&sm_DeleteRecordsResponse_codec, 1, r1, sizeof(r1), &gotr), 0);
    sm_DeleteRecordsResponse_cmp(&resp, &gotr, 1);
    static const uint8_t r2[] = {
        0x00, 0x00, 0x00, 0x07,                         /* ThrottleTimeMs */
        0x02,                                           /* Topics: 1 */
        0x02, 't',                                      /* Name */
        0x03,                                           /* Partitions: 2 */
        0x00, 0x00, 0x00, 0x00,                         /* PartitionIndex 0 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* LowWatermark 5 */
        0x00, 0x00, 0x00,                               /* ErrorCode, tags */
        0x00, 0x00, 0x00, 0x01,                         /* PartitionIndex 1 */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* LowWatermark -1 */
        0x00, 0x01, 0x00,                               /* ErrorCode, tags */
        0x00,                                           /* topic tags */
        0x00,                                           /* tags */
    };
    expect_bytes(&sm_DeleteRecordsResponse_codec, 2, &resp, r2, sizeof(r2));
    assert_int_equal(decode_bytes(&sm_DeleteRecordsResponse_codec, 2, r2, sizeof(r2), &gotr), 0);
    sm_DeleteRecordsResponse_cmp(&resp, &gotr, 2);
    sm_arena_reset(&arena);
}

static void test_delete_records_invalid_and_tags(void **state)
{
    (void)state;
    /* Unknown tags at every level of a v2 request are skipped. */
    static const uint8_t tagged[] = {
        0x02, 0x02, 'x',                                /* Topics: 1, Name "x" */
        0x02, 0x00, 0x00, 0x00, 0x03,                   /* Partitions: 1, index 3 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, /* Offset 9 */
        0x01, 0x04, 0x01, 0xee,                         /* partition tags: tag 4, 1 byte */
        0x02, 0x00, 0x00, 0x21, 0x02, 0xaa, 0xbb,       /* topic: tag 0 empty, tag 33 2 bytes */
        0x00, 0x00, 0x03, 0xe8,                         /* TimeoutMs 1000 */
        0x01, 0x7f, 0x00,                               /* top: tag 127, empty */
    };
    sm_DeleteRecordsRequest m;
    assert_int_equal(decode_bytes(&sm_DeleteRecordsRequest_codec, 2, tagged, sizeof(tagged), &m),
                     0);
    assert_int_equal(m.Topics_count, 1);
    assert_true(sm_str_eq(m.Topics[0].Name, "x"));
    assert_int_equal(m.Topics[0].Partitions_count, 1);
    assert_int_equal(m.Topics[0].Partitions[0].PartitionIndex, 3);
    assert_int_equal(m.Topics[0].Partitions[0].Offset, 9);
    assert_int_equal(m.TimeoutMs, 1000);
    /* A tag whose size runs past the end is rejected. */
    uint8_t bad[sizeof(tagged)];
    memcpy(bad, tagged, sizeof(tagged));
    bad[sizeof(tagged) - 1] = 0x05;
    expect_reject(&sm_DeleteRecordsRequest_codec, 2, bad, sizeof(bad));

    /* Topics is not nullable (classic -1, compact 0). */
    static const uint8_t null0[] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00};
    expect_reject(&sm_DeleteRecordsRequest_codec, 0, null0, sizeof(null0));
    static const uint8_t null2[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    expect_reject(&sm_DeleteRecordsRequest_codec, 2, null2, sizeof(null2));
    /* A null topic name is rejected. */
    static const uint8_t null_name[] = {0x00, 0x00, 0x00, 0x01, 0xff, 0xff, 0x00,
                                        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    expect_reject(&sm_DeleteRecordsRequest_codec, 1, null_name, sizeof(null_name));
    /* One partition claimed but only 7 bytes left (a partition takes 12):
     * the count check rejects it before allocating. */
    static const uint8_t short_part[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
                                         0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    expect_reject(&sm_DeleteRecordsRequest_codec, 0, short_part, sizeof(short_part));
    /* A huge topic count is rejected. */
    static const uint8_t huge[] = {0x7f, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00};
    expect_reject(&sm_DeleteRecordsRequest_codec, 0, huge, sizeof(huge));
    /* Response: a partition count the bytes cannot hold (each needs 14). */
    static const uint8_t resp_huge[] = {0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x7f,
                                        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    expect_reject(&sm_DeleteRecordsResponse_codec, 2, resp_huge, sizeof(resp_huge));
}

/* ======================= AlterConfigs ======================= */

CODEC(sm_AlterConfigsRequest)
CODEC(sm_AlterConfigsResponse)

static void sm_AlterConfigsRequest_cmp(const sm_AlterConfigsRequest *e,
                                       const sm_AlterConfigsRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->Resources_count, g->Resources_count);
    for (int32_t i = 0; i < e->Resources_count; i++) {
        const sm_AlterConfigsResource *er = &e->Resources[i], *gr = &g->Resources[i];
        EQ_INT(er->ResourceType, gr->ResourceType);
        EQ_STR(er->ResourceName, gr->ResourceName);
        EQ_INT(er->Configs_count, gr->Configs_count);
        for (int32_t j = 0; j < er->Configs_count; j++) {
            EQ_STR(er->Configs[j].Name, gr->Configs[j].Name);
            EQ_STR(er->Configs[j].Value, gr->Configs[j].Value);
        }
    }
    EQ_INT(e->ValidateOnly, g->ValidateOnly);
}

static void sm_AlterConfigsResponse_cmp(const sm_AlterConfigsResponse *e,
                                        const sm_AlterConfigsResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->Responses_count, g->Responses_count);
    for (int32_t i = 0; i < e->Responses_count; i++) {
        const sm_AlterConfigsResourceResponse *er = &e->Responses[i], *gr = &g->Responses[i];
        EQ_INT(er->ErrorCode, gr->ErrorCode);
        EQ_STR(er->ErrorMessage, gr->ErrorMessage);
        EQ_INT(er->ResourceType, gr->ResourceType);
        EQ_STR(er->ResourceName, gr->ResourceName);
    }
}

static void build_alter_configs_req(sm_AlterConfigsRequest *m)
{
    sm_AlterConfigsResource *r = NEW(sm_AlterConfigsResource, 3);
    r[0] = (sm_AlterConfigsResource){.ResourceType = 2, .ResourceName = S("orders")};
    r[0].Configs_count = 3;
    r[0].Configs = NEW(sm_AlterableConfig, 3);
    r[0].Configs[0] = (sm_AlterableConfig){S("cleanup.policy"), S("compact,delete")};
    r[0].Configs[1] = (sm_AlterableConfig){S("retention.ms"), SM_STR_NULL};
    r[0].Configs[2] = (sm_AlterableConfig){S("segment.bytes"), EMPTY};
    r[1] = (sm_AlterConfigsResource){.ResourceType = 4, .ResourceName = EMPTY}; /* no configs */
    r[2] = (sm_AlterConfigsResource){.ResourceType = 8, .ResourceName = S("1")};
    r[2].Configs_count = 1;
    r[2].Configs = NEW(sm_AlterableConfig, 1);
    r[2].Configs[0] = (sm_AlterableConfig){S("kafka.server.ReplicaManager"), S("DEBUG")};
    *m = (sm_AlterConfigsRequest){.Resources_count = 3, .Resources = r, .ValidateOnly = true};
}

static void build_alter_configs_resp(sm_AlterConfigsResponse *m)
{
    sm_AlterConfigsResourceResponse *r = NEW(sm_AlterConfigsResourceResponse, 3);
    r[0] = (sm_AlterConfigsResourceResponse){0, SM_STR_NULL, 2, S("orders")};
    r[1] =
        (sm_AlterConfigsResourceResponse){40, S("Invalid value x for retention.ms"), 2, S("bad")};
    r[2] = (sm_AlterConfigsResourceResponse){31, EMPTY, 4, EMPTY};
    *m = (sm_AlterConfigsResponse){.ThrottleTimeMs = 99, .Responses_count = 3, .Responses = r};
}

static void test_alter_configs_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 2; v++) {
        sm_AlterConfigsRequest req;
        build_alter_configs_req(&req);
        roundtrip(&sm_AlterConfigsRequest_codec, v, &req);
        build_alter_configs_req(&req); /* roundtrip reset the arena */
        req.ValidateOnly = false;
        roundtrip(&sm_AlterConfigsRequest_codec, v, &req);
        sm_AlterConfigsResponse resp;
        build_alter_configs_resp(&resp);
        roundtrip(&sm_AlterConfigsResponse_codec, v, &resp);
    }
}

static void test_alter_configs_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 2; v++) {
        sm_AlterConfigsResource *r = NEW(sm_AlterConfigsResource, MANY);
        for (int i = 0; i < MANY; i++)
            r[i].ResourceName = EMPTY;
        sm_AlterConfigsRequest req = {.Resources_count = MANY, .Resources = r};
        roundtrip(&sm_AlterConfigsRequest_codec, v, &req);
        sm_AlterableConfig *c = NEW(sm_AlterableConfig, MANY);
        for (int i = 0; i < MANY; i++)
            c[i] = (sm_AlterableConfig){EMPTY, EMPTY};
        sm_AlterConfigsResource one = {0, EMPTY, MANY, c};
        req = (sm_AlterConfigsRequest){.Resources_count = 1, .Resources = &one};
        roundtrip(&sm_AlterConfigsRequest_codec, v, &req);

        sm_AlterConfigsResourceResponse *rr = NEW(sm_AlterConfigsResourceResponse, MANY);
        for (int i = 0; i < MANY; i++)
            rr[i] = (sm_AlterConfigsResourceResponse){0, EMPTY, 0, EMPTY};
        sm_AlterConfigsResponse resp = {.Responses_count = MANY, .Responses = rr};
        roundtrip(&sm_AlterConfigsResponse_codec, v, &resp);
    }
}

static void test_alter_configs_vectors(void **state)
{
    (void)state;
    /* [{TOPIC, "t", [{"k", "v"}, {"n", null}]}], ValidateOnly true. */
    sm_AlterableConfig cfg[] = {{S("k"), S("v")}, {S("n"), SM_STR_NULL}};
    sm_AlterConfigsResource res = {2, S("t"), 2, cfg};
    sm_AlterConfigsRequest req = {.Resources_count = 1, .Resources = &res, .ValidateOnly = true};
    static const uint8_t q0[] = {
        0x00, 0x00, 0x00, 0x01,            /* Resources: 1 */
        0x02,                              /* ResourceType TOPIC */
        0x00, 0x01, 't',                   /* ResourceName */
        0x00, 0x00, 0x00, 0x02,            /* Configs: 2 */
        0x00, 0x01, 'k',  0x00, 0x01, 'v', /* "k" = "v" */
        0x00, 0x01, 'n',  0xff, 0xff,      /* "n" = null */
        0x01,                              /* ValidateOnly */
    };
    sm_AlterConfigsRequest got;
    for (int16_t v = 0; v <= 1; v++) { /* v1 is v0 on the wire */
        expect_bytes(&sm_AlterConfigsRequest_codec, v, &req, q0, sizeof(q0));
        assert_int_equal(decode_bytes(&sm_AlterConfigsRequest_codec, v, q0, sizeof(q0), &got), 0);
        sm_AlterConfigsRequest_cmp(&req, &got, v);
    }
    static const uint8_t q2[] = {
        0x02,                        /* Resources: 1 */
        0x02,                        /* ResourceType TOPIC */
        0x02, 't',                   /* ResourceName */
        0x03,                        /* Configs: 2 */
        0x02, 'k', 0x02, 'v',  0x00, /* "k" = "v", tags */
        0x02, 'n', 0x00, 0x00,       /* "n" = null, tags */
        0x00,                        /* resource tags */
        0x01,                        /* ValidateOnly */
        0x00,                        /* tags */
    };
    expect_bytes(&sm_AlterConfigsRequest_codec, 2, &req, q2, sizeof(q2));
    assert_int_equal(decode_bytes(&sm_AlterConfigsRequest_codec, 2, q2, sizeof(q2), &got), 0);
    sm_AlterConfigsRequest_cmp(&req, &got, 2);

    /* Response: throttle 3, [{0, null, TOPIC, "t"}, {INVALID_CONFIG, "bad",
     * BROKER, "1"}]. */
    sm_AlterConfigsResourceResponse rr[] = {{0, SM_STR_NULL, 2, S("t")}, {40, S("bad"), 4, S("1")}};
    sm_AlterConfigsResponse resp = {.ThrottleTimeMs = 3, .Responses_count = 2, .Responses = rr};
    static const uint8_t r1[] = {
        0x00, 0x00, 0x00, 0x03,                /* ThrottleTimeMs */
        0x00, 0x00, 0x00, 0x02,                /* Responses: 2 */
        0x00, 0x00, 0xff, 0xff,                /* ErrorCode 0, ErrorMessage null */
        0x02, 0x00, 0x01, 't',                 /* TOPIC "t" */
        0x00, 0x28, 0x00, 0x03, 'b', 'a', 'd', /* INVALID_CONFIG, "bad" */
        0x04, 0x00, 0x01, '1',                 /* BROKER "1" */
    };
    sm_AlterConfigsResponse gotr;
    for (int16_t v = 0; v <= 1; v++) {
        expect_bytes(&sm_AlterConfigsResponse_codec, v, &resp, r1, sizeof(r1));
        assert_int_equal(decode_bytes(&sm_AlterConfigsResponse_codec, v, r1, sizeof(r1), &gotr), 0);
        sm_AlterConfigsResponse_cmp(&resp, &gotr, v);
    }
    static const uint8_t r2[] = {
        0x00, 0x00, 0x00, 0x03,           /* ThrottleTimeMs */
        0x03,                             /* Responses: 2 */
        0x00, 0x00, 0x00,                 /* ErrorCode 0, ErrorMessage null */
        0x02, 0x02, 't',  0x00,           /* TOPIC "t", tags */
        0x00, 0x28, 0x04, 'b',  'a', 'd', /* INVALID_CONFIG, "bad" */
        0x04, 0x02, '1',  0x00,           /* BROKER "1", tags */
        0x00,                             /* tags */
    };
    expect_bytes(&sm_AlterConfigsResponse_codec, 2, &resp, r2, sizeof(r2));
    assert_int_equal(decode_bytes(&sm_AlterConfigsResponse_codec, 2, r2, sizeof(r2), &gotr), 0);
    sm_AlterConfigsResponse_cmp(&resp, &gotr, 2);
    sm_arena_reset(&arena);
}

static void test_alter_configs_invalid(void **state)
{
    (void)state;
    /* Resources is not nullable. */
    static const uint8_t null0[] = {0xff, 0xff, 0xff, 0xff, 0x00};
    expect_reject(&sm_AlterConfigsRequest_codec, 0, null0, sizeof(null0));
    static const uint8_t null2[] = {0x00, 0x00, 0x00};
    expect_reject(&sm_AlterConfigsRequest_codec, 2, null2, sizeof(null2));
    /* A null config Name is rejected (only Value is nullable). */
    static const uint8_t null_name[] = {0x02, 0x02, 0x02, 't',  0x02, 0x00,
                                        0x00, 0x00, 0x00, 0x00, 0x00};
    expect_reject(&sm_AlterConfigsRequest_codec, 2, null_name, sizeof(null_name));
    /* ... and the same bytes with Name "" decode, Value null. */
    static const uint8_t ok[] = {0x02, 0x02, 0x02, 't', 0x02, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00};
    sm_AlterConfigsRequest m;
    assert_int_equal(decode_bytes(&sm_AlterConfigsRequest_codec, 2, ok, sizeof(ok), &m), 0);
    assert_int_equal(m.Resources[0].Configs_count, 1);
    assert_true(sm_str_eq(m.Resources[0].Configs[0].Name, ""));
    assert_int_equal(m.Resources[0].Configs[0].Value.len, -1);
    assert_false(m.ValidateOnly);
    /* A null ResourceName in the response is rejected (classic -1). */
    static const uint8_t null_rn[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
                                      0x00, 0x00, 0xff, 0xff, 0x02, 0xff, 0xff};
    expect_reject(&sm_AlterConfigsResponse_codec, 1, null_rn, sizeof(null_rn));
    /* A config count the bytes cannot hold. */
    static const uint8_t huge[] = {0x02, 0x02, 0x01, 0x7f, 0x00, 0x00, 0x00, 0x00};
    expect_reject(&sm_AlterConfigsRequest_codec, 2, huge, sizeof(huge));
    sm_arena_reset(&arena);
}

/* ======================= IncrementalAlterConfigs ======================= */

CODEC(sm_IncrementalAlterConfigsRequest)
CODEC(sm_IncrementalAlterConfigsResponse)

static void sm_IncrementalAlterConfigsRequest_cmp(const sm_IncrementalAlterConfigsRequest *e,
                                                  const sm_IncrementalAlterConfigsRequest *g,
                                                  int16_t v)
{
    (void)v;
    EQ_INT(e->Resources_count, g->Resources_count);
    for (int32_t i = 0; i < e->Resources_count; i++) {
        const sm_IncrementalAlterConfigsResource *er = &e->Resources[i], *gr = &g->Resources[i];
        EQ_INT(er->ResourceType, gr->ResourceType);
        EQ_STR(er->ResourceName, gr->ResourceName);
        EQ_INT(er->Configs_count, gr->Configs_count);
        for (int32_t j = 0; j < er->Configs_count; j++) {
            EQ_STR(er->Configs[j].Name, gr->Configs[j].Name);
            EQ_INT(er->Configs[j].ConfigOperation, gr->Configs[j].ConfigOperation);
            EQ_STR(er->Configs[j].Value, gr->Configs[j].Value);
        }
    }
    EQ_INT(e->ValidateOnly, g->ValidateOnly);
}

static void sm_IncrementalAlterConfigsResponse_cmp(const sm_IncrementalAlterConfigsResponse *e,
                                                   const sm_IncrementalAlterConfigsResponse *g,
                                                   int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->Responses_count, g->Responses_count);
    for (int32_t i = 0; i < e->Responses_count; i++) {
        const sm_IncrementalAlterConfigsResourceResponse *er = &e->Responses[i],
                                                         *gr = &g->Responses[i];
        EQ_INT(er->ErrorCode, gr->ErrorCode);
        EQ_STR(er->ErrorMessage, gr->ErrorMessage);
        EQ_INT(er->ResourceType, gr->ResourceType);
        EQ_STR(er->ResourceName, gr->ResourceName);
    }
}

static void build_incremental_req(sm_IncrementalAlterConfigsRequest *m)
{
    sm_IncrementalAlterConfigsResource *r = NEW(sm_IncrementalAlterConfigsResource, 3);
    r[0] = (sm_IncrementalAlterConfigsResource){.ResourceType = 2, .ResourceName = S("orders")};
    r[0].Configs_count = 4;
    r[0].Configs = NEW(sm_IncrementalAlterableConfig, 4);
    r[0].Configs[0] =
        (sm_IncrementalAlterableConfig){S("retention.ms"), SM_CONFIG_OP_SET, S("86400000")};
    r[0].Configs[1] =
        (sm_IncrementalAlterableConfig){S("segment.ms"), SM_CONFIG_OP_DELETE, SM_STR_NULL};
    r[0].Configs[2] =
        (sm_IncrementalAlterableConfig){S("cleanup.policy"), SM_CONFIG_OP_APPEND, S("compact")};
    r[0].Configs[3] =
        (sm_IncrementalAlterableConfig){S("cleanup.policy"), SM_CONFIG_OP_SUBTRACT, EMPTY};
    r[1] = (sm_IncrementalAlterConfigsResource){.ResourceType = 4, .ResourceName = EMPTY};
    r[2] = (sm_IncrementalAlterConfigsResource){.ResourceType = -1, .ResourceName = S("x")};
    r[2].Configs_count = 1;
    r[2].Configs = NEW(sm_IncrementalAlterableConfig, 1);
    r[2].Configs[0] = (sm_IncrementalAlterableConfig){EMPTY, 127, S("v")}; /* not judged here */
    *m = (sm_IncrementalAlterConfigsRequest){
        .Resources_count = 3, .Resources = r, .ValidateOnly = true};
}

static void build_incremental_resp(sm_IncrementalAlterConfigsResponse *m)
{
    sm_IncrementalAlterConfigsResourceResponse *r =
        NEW(sm_IncrementalAlterConfigsResourceResponse, 3);
    r[0] = (sm_IncrementalAlterConfigsResourceResponse){0, SM_STR_NULL, 2, S("orders")};
    r[1] = (sm_IncrementalAlterConfigsResourceResponse){42, S("Unknown operation 127"), -1, S("x")};
    r[2] = (sm_IncrementalAlterConfigsResourceResponse){44, EMPTY, 4, EMPTY};
    *m = (sm_IncrementalAlterConfigsResponse){
        .ThrottleTimeMs = 1, .Responses_count = 3, .Responses = r};
}

static void test_incremental_alter_configs_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 1; v++) {
        sm_IncrementalAlterConfigsRequest req;
        build_incremental_req(&req);
        roundtrip(&sm_IncrementalAlterConfigsRequest_codec, v, &req);
        build_incremental_req(&req); /* roundtrip reset the arena */
        req.ValidateOnly = false;
        roundtrip(&sm_IncrementalAlterConfigsRequest_codec, v, &req);
        sm_IncrementalAlterConfigsResponse resp;
        build_incremental_resp(&resp);
        roundtrip(&sm_IncrementalAlterConfigsResponse_codec, v, &resp);
    }
}

static void test_incremental_alter_configs_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 1; v++) {
        sm_IncrementalAlterConfigsResource *r = NEW(sm_IncrementalAlterConfigsResource, MANY);
        for (int i = 0; i < MANY; i++)
            r[i].ResourceName = EMPTY;
        sm_IncrementalAlterConfigsRequest req = {.Resources_count = MANY, .Resources = r};
        roundtrip(&sm_IncrementalAlterConfigsRequest_codec, v, &req);
        sm_IncrementalAlterableConfig *c = NEW(sm_IncrementalAlterableConfig, MANY);
        for (int i = 0; i < MANY; i++)
            c[i] = (sm_IncrementalAlterableConfig){EMPTY, 0, SM_STR_NULL};
        sm_IncrementalAlterConfigsResource one = {0, EMPTY, MANY, c};
        req = (sm_IncrementalAlterConfigsRequest){.Resources_count = 1, .Resources = &one};
        roundtrip(&sm_IncrementalAlterConfigsRequest_codec, v, &req);

        sm_IncrementalAlterConfigsResourceResponse *rr =
            NEW(sm_IncrementalAlterConfigsResourceResponse, MANY);
        for (int i = 0; i < MANY; i++)
            rr[i] = (sm_IncrementalAlterConfigsResourceResponse){0, SM_STR_NULL, 0, EMPTY};
        sm_IncrementalAlterConfigsResponse resp = {.Responses_count = MANY, .Responses = rr};
        roundtrip(&sm_IncrementalAlterConfigsResponse_codec, v, &resp);
    }
}

static void test_incremental_alter_configs_vectors(void **state)
{
    (void)state;
    /* [{TOPIC, "t", [{"k", SET, "v"}, {"d", DELETE, null}]}], ValidateOnly false. */
    sm_IncrementalAlterableConfig cfg[] = {{S("k"), SM_CONFIG_OP_SET, S("v")},
                                           {S("d"), SM_CONFIG_OP_DELETE, SM_STR_NULL}};
    sm_IncrementalAlterConfigsResource res = {2, S("t"), 2, cfg};
    sm_IncrementalAlterConfigsRequest req = {.Resources_count = 1, .Resources = &res};
    static const uint8_t q0[] = {
        0x00, 0x00, 0x00, 0x01,                  /* Resources: 1 */
        0x02,                                    /* ResourceType TOPIC */
        0x00, 0x01, 't',                         /* ResourceName */
        0x00, 0x00, 0x00, 0x02,                  /* Configs: 2 */
        0x00, 0x01, 'k',  0x00, 0x00, 0x01, 'v', /* "k" SET "v" */
        0x00, 0x01, 'd',  0x01, 0xff, 0xff,      /* "d" DELETE null */
        0x00,                                    /* ValidateOnly */
    };
    sm_IncrementalAlterConfigsRequest got;
    expect_bytes(&sm_IncrementalAlterConfigsRequest_codec, 0, &req, q0, sizeof(q0));
    assert_int_equal(
        decode_bytes(&sm_IncrementalAlterConfigsRequest_codec, 0, q0, sizeof(q0), &got), 0);
    sm_IncrementalAlterConfigsRequest_cmp(&req, &got, 0);
    static const uint8_t q1[] = {
        0x02,                              /* Resources: 1 */
        0x02,                              /* ResourceType TOPIC */
        0x02, 't',                         /* ResourceName */
        0x03,                              /* Configs: 2 */
        0x02, 'k', 0x00, 0x02, 'v',  0x00, /* "k" SET "v", tags */
        0x02, 'd', 0x01, 0x00, 0x00,       /* "d" DELETE null, tags */
        0x00,                              /* resource tags */
        0x00,                              /* ValidateOnly */
        0x00,                              /* tags */
    };
    expect_bytes(&sm_IncrementalAlterConfigsRequest_codec, 1, &req, q1, sizeof(q1));
    assert_int_equal(
        decode_bytes(&sm_IncrementalAlterConfigsRequest_codec, 1, q1, sizeof(q1), &got), 0);
    sm_IncrementalAlterConfigsRequest_cmp(&req, &got, 1);

    /* Response: throttle 0, [{POLICY_VIOLATION, "no", BROKER, "0"}]. */
    sm_IncrementalAlterConfigsResourceResponse rr = {44, S("no"), 4, S("0")};
    sm_IncrementalAlterConfigsResponse resp = {.Responses_count = 1, .Responses = &rr};
    static const uint8_t r0[] = {
        0x00, 0x00, 0x00, 0x00,           /* ThrottleTimeMs */
        0x00, 0x00, 0x00, 0x01,           /* Responses: 1 */
        0x00, 0x2c, 0x00, 0x02, 'n', 'o', /* POLICY_VIOLATION, "no" */
        0x04, 0x00, 0x01, '0',            /* BROKER "0" */
    };
    sm_IncrementalAlterConfigsResponse gotr;
    expect_bytes(&sm_IncrementalAlterConfigsResponse_codec, 0, &resp, r0, sizeof(r0));
    assert_int_equal(
        decode_bytes(&sm_IncrementalAlterConfigsResponse_codec, 0, r0, sizeof(r0), &gotr), 0);
    sm_IncrementalAlterConfigsResponse_cmp(&resp, &gotr, 0);
    static const uint8_t r1[] = {
        0x00, 0x00, 0x00, 0x00,      /* ThrottleTimeMs */
        0x02,                        /* Responses: 1 */
        0x00, 0x2c, 0x03, 'n',  'o', /* POLICY_VIOLATION, "no" */
        0x04, 0x02, '0',  0x00,      /* BROKER "0", tags */
        0x00,                        /* tags */
    };
    expect_bytes(&sm_IncrementalAlterConfigsResponse_codec, 1, &resp, r1, sizeof(r1));
    assert_int_equal(
        decode_bytes(&sm_IncrementalAlterConfigsResponse_codec, 1, r1, sizeof(r1), &gotr), 0);
    sm_IncrementalAlterConfigsResponse_cmp(&resp, &gotr, 1);
    sm_arena_reset(&arena);
}

static void test_incremental_alter_configs_invalid_and_tags(void **state)
{
    (void)state;
    /* Unknown tags in config, resource and top level are skipped. */
    static const uint8_t tagged[] = {
        0x02, 0x04, 0x02, 'b',              /* Resources: 1, BROKER "b" */
        0x02, 0x02, 'k',  0x02, 0x00,       /* Configs: 1, "k" APPEND null */
        0x01, 0x03, 0x02, 0x01, 0x02,       /* config tags: tag 3, 2 bytes */
        0x01, 0x00, 0x00,                   /* resource tags: tag 0, empty */
        0x01,                               /* ValidateOnly */
        0x02, 0x01, 0x00, 0x02, 0x01, 0x09, /* top: tag 1 empty, tag 2 1 byte */
    };
    sm_IncrementalAlterConfigsRequest m;
    assert_int_equal(
        decode_bytes(&sm_IncrementalAlterConfigsRequest_codec, 1, tagged, sizeof(tagged), &m), 0);
    assert_int_equal(m.Resources_count, 1);
    assert_int_equal(m.Resources[0].ResourceType, 4);
    assert_true(sm_str_eq(m.Resources[0].ResourceName, "b"));
    assert_int_equal(m.Resources[0].Configs_count, 1);
    assert_true(sm_str_eq(m.Resources[0].Configs[0].Name, "k"));
    assert_int_equal(m.Resources[0].Configs[0].ConfigOperation, SM_CONFIG_OP_APPEND);
    assert_int_equal(m.Resources[0].Configs[0].Value.len, -1);
    assert_true(m.ValidateOnly);
    sm_arena_reset(&arena);

    /* Resources is not nullable. */
    static const uint8_t null0[] = {0xff, 0xff, 0xff, 0xff, 0x00};
    expect_reject(&sm_IncrementalAlterConfigsRequest_codec, 0, null0, sizeof(null0));
    static const uint8_t null1[] = {0x00, 0x00, 0x00};
    expect_reject(&sm_IncrementalAlterConfigsRequest_codec, 1, null1, sizeof(null1));
    /* A null ResourceName is rejected. */
    static const uint8_t null_rn[] = {0x00, 0x00, 0x00, 0x01, 0x02, 0xff,
                                      0xff, 0x00, 0x00, 0x00, 0x00, 0x00};
    expect_reject(&sm_IncrementalAlterConfigsRequest_codec, 0, null_rn, sizeof(null_rn));
    /* Two configs claimed, bytes for one (each takes at least 5 bytes
     * classic: Name 2, ConfigOperation 1, Value 2). */
    static const uint8_t two[] = {0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00,
                                  0x00, 0x02, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00};
    expect_reject(&sm_IncrementalAlterConfigsRequest_codec, 0, two, sizeof(two));
    /* A compact string longer than the bytes left. */
    static const uint8_t long_str[] = {0x00, 0x00, 0x00, 0x00, 0x02, 0x00,
                                       0x00, 0x09, 'a',  0x00, 0x00, 0x00};
    expect_reject(&sm_IncrementalAlterConfigsResponse_codec, 1, long_str, sizeof(long_str));
}

/* ======================= DescribeLogDirs ======================= */

CODEC(sm_DescribeLogDirsRequest)
CODEC(sm_DescribeLogDirsResponse)

static void sm_DescribeLogDirsRequest_cmp(const sm_DescribeLogDirsRequest *e,
                                          const sm_DescribeLogDirsRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->Topics_count, g->Topics_count);
    for (int32_t i = 0; i < e->Topics_count; i++) {
        EQ_STR(e->Topics[i].Topic, g->Topics[i].Topic);
        EQ_INT(e->Topics[i].Partitions_count, g->Topics[i].Partitions_count);
        for (int32_t j = 0; j < e->Topics[i].Partitions_count; j++)
            EQ_INT(e->Topics[i].Partitions[j], g->Topics[i].Partitions[j]);
    }
}

static void sm_DescribeLogDirsResponse_cmp(const sm_DescribeLogDirsResponse *e,
                                           const sm_DescribeLogDirsResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->ErrorCode, g->ErrorCode);
    EQ_INT(e->Results_count, g->Results_count);
    for (int32_t i = 0; i < e->Results_count; i++) {
        const sm_DescribeLogDirsResult *er = &e->Results[i], *gr = &g->Results[i];
        EQ_INT(er->ErrorCode, gr->ErrorCode);
        EQ_STR(er->LogDir, gr->LogDir);
        EQ_INT(er->TotalBytes, gr->TotalBytes);
        EQ_INT(er->UsableBytes, gr->UsableBytes);
        EQ_INT(er->Topics_count, gr->Topics_count);
        for (int32_t j = 0; j < er->Topics_count; j++) {
            const sm_DescribeLogDirsTopic *et = &er->Topics[j], *gt = &gr->Topics[j];
            EQ_STR(et->Name, gt->Name);
            EQ_INT(et->Partitions_count, gt->Partitions_count);
            for (int32_t k = 0; k < et->Partitions_count; k++) {
                const sm_DescribeLogDirsPartition *ep = &et->Partitions[k],
                                                  *gp = &gt->Partitions[k];
                EQ_INT(ep->PartitionIndex, gp->PartitionIndex);
                EQ_INT(ep->PartitionSize, gp->PartitionSize);
                EQ_INT(ep->OffsetLag, gp->OffsetLag);
                EQ_INT(ep->IsFutureKey, gp->IsFutureKey);
            }
        }
    }
}

static void build_describe_log_dirs_req(sm_DescribeLogDirsRequest *m)
{
    static int32_t p0[] = {0, 1, 2, 2147483647}, p2[] = {-1};
    sm_DescribableLogDirTopic *t = NEW(sm_DescribableLogDirTopic, 3);
    t[0] = (sm_DescribableLogDirTopic){S("orders"), 4, p0};
    t[1] = (sm_DescribableLogDirTopic){EMPTY, 0, NULL};
    t[2] = (sm_DescribableLogDirTopic){S("__consumer_offsets"), 1, p2};
    *m = (sm_DescribeLogDirsRequest){.Topics_count = 3, .Topics = t};
}

/* Fields added in v3 (ErrorCode) and v4 (TotalBytes, UsableBytes) take
 * non-default values only where the version has them. */
static void build_describe_log_dirs_resp(int16_t v, sm_DescribeLogDirsResponse *m)
{
    sm_DescribeLogDirsResult *r = NEW(sm_DescribeLogDirsResult, 3);
    r[0] = (sm_DescribeLogDirsResult){
        .LogDir = S("/var/lib/samsa/data"), .TotalBytes = -1, .UsableBytes = -1};
    r[0].Topics_count = 2;
    r[0].Topics = NEW(sm_DescribeLogDirsTopic, 2);
    r[0].Topics[0].Name = S("orders");
    r[0].Topics[0].Partitions_count = 3;
    r[0].Topics[0].Partitions = NEW(sm_DescribeLogDirsPartition, 3);
    r[0].Topics[0].Partitions[0] = (sm_DescribeLogDirsPartition){0, 1073741824LL * 5, 0, false};
    r[0].Topics[0].Partitions[1] = (sm_DescribeLogDirsPartition){1, 0, 17, true};
    r[0].Topics[0].Partitions[2] = (sm_DescribeLogDirsPartition){2, INT64_MAX, -1, false};
    r[0].Topics[1].Name = EMPTY; /* no partitions */
    r[1] = (sm_DescribeLogDirsResult){
        .ErrorCode = 56, .LogDir = S("/mnt/bad"), .TotalBytes = -1, .UsableBytes = -1};
    r[2] = (sm_DescribeLogDirsResult){.LogDir = EMPTY, .TotalBytes = -1, .UsableBytes = -1};
    *m = (sm_DescribeLogDirsResponse){.ThrottleTimeMs = 12, .Results_count = 3, .Results = r};
    if (v >= 3) m->ErrorCode = 31; /* CLUSTER_AUTHORIZATION_FAILED */
    if (v >= 4) {
        r[0].TotalBytes = 500107862016LL;
        r[0].UsableBytes = 123456789012LL;
        r[2].TotalBytes = 0;
        r[2].UsableBytes = INT64_MIN;
    }
}

static void test_describe_log_dirs_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 4; v++) {
        sm_DescribeLogDirsRequest req;
        build_describe_log_dirs_req(&req);
        roundtrip(&sm_DescribeLogDirsRequest_codec, v, &req);
        req = (sm_DescribeLogDirsRequest){.Topics_count = -1}; /* every topic */
        roundtrip(&sm_DescribeLogDirsRequest_codec, v, &req);
        req = (sm_DescribeLogDirsRequest){.Topics_count = 0}; /* no topic */
        roundtrip(&sm_DescribeLogDirsRequest_codec, v, &req);
        sm_DescribeLogDirsResponse resp;
        build_describe_log_dirs_resp(v, &resp);
        roundtrip(&sm_DescribeLogDirsResponse_codec, v, &resp);
    }
}

static void test_describe_log_dirs_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 4; v++) {
        sm_DescribableLogDirTopic *t = NEW(sm_DescribableLogDirTopic, MANY);
        for (int i = 0; i < MANY; i++)
            t[i].Topic = EMPTY;
        sm_DescribeLogDirsRequest req = {.Topics_count = MANY, .Topics = t};
        roundtrip(&sm_DescribeLogDirsRequest_codec, v, &req);
        sm_DescribableLogDirTopic one = {EMPTY, MANY, NEW(int32_t, MANY)};
        req = (sm_DescribeLogDirsRequest){.Topics_count = 1, .Topics = &one};
        roundtrip(&sm_DescribeLogDirsRequest_codec, v, &req);

        sm_DescribeLogDirsResult *r = NEW(sm_DescribeLogDirsResult, MANY);
        for (int i = 0; i < MANY; i++)
            r[i] = (sm_DescribeLogDirsResult){.LogDir = EMPTY, .TotalBytes = -1, .UsableBytes = -1};
        sm_DescribeLogDirsResponse resp = {.Results_count = MANY, .Results = r};
        roundtrip(&sm_DescribeLogDirsResponse_codec, v, &resp);
        sm_DescribeLogDirsTopic *dt = NEW(sm_DescribeLogDirsTopic, MANY);
        for (int i = 0; i < MANY; i++)
            dt[i].Name = EMPTY;
        sm_DescribeLogDirsResult r1 = {.LogDir = EMPTY,
                                       .Topics_count = MANY,
                                       .Topics = dt,
                                       .TotalBytes = -1,
                                       .UsableBytes = -1};
        resp = (sm_DescribeLogDirsResponse){.Results_count = 1, .Results = &r1};
        roundtrip(&sm_DescribeLogDirsResponse_codec, v, &resp);
        sm_DescribeLogDirsTopic t1 = {EMPTY, MANY, NEW(sm_DescribeLogDirsPartition, MANY)};
        r1.Topics_count = 1;
        r1.Topics = &t1;
        roundtrip(&sm_DescribeLogDirsResponse_codec, v, &resp);
    }
}

static void test_describe_log_dirs_vectors(void **state)
{
    (void)state;
    sm_DescribeLogDirsRequest got;
    /* null Topics (every topic): classic -1, compact 0 then the tags. */
    sm_DescribeLogDirsRequest all = {.Topics_count = -1};
    static const uint8_t all0[] = {0xff, 0xff, 0xff, 0xff};
    static const uint8_t all2[] = {0x00, 0x00};
    for (int16_t v = 0; v <= 4; v++) {
        const uint8_t *exp = v >= 2 ? all2 : all0;
        size_t n = v >= 2 ? sizeof(all2) : sizeof(all0);
        expect_bytes(&sm_DescribeLogDirsRequest_codec, v, &all, exp, n);
        memset(&got, 0x5a, sizeof(got));
        assert_int_equal(decode_bytes(&sm_DescribeLogDirsRequest_codec, v, exp, n, &got), 0);
        assert_int_equal(got.Topics_count, -1);
        assert_null(got.Topics);
    }
    /* [{"t", [0, 2]}] */
    static int32_t parts[] = {0, 2};
    sm_DescribableLogDirTopic topic = {S("t"), 2, parts};
    sm_DescribeLogDirsRequest req = {.Topics_count = 1, .Topics = &topic};
    static const uint8_t q1[] = {
        0x00, 0x00, 0x00, 0x01, /* Topics: 1 */
        0x00, 0x01, 't',        /* Topic */
        0x00, 0x00, 0x00, 0x02, /* Partitions: 2 */
        0x00, 0x00, 0x00, 0x00, /* 0 */
        0x00, 0x00, 0x00, 0x02, /* 2 */
    };
    expect_bytes(&sm_DescribeLogDirsRequest_codec, 1, &req, q1, sizeof(q1));
    assert_int_equal(decode_bytes(&sm_DescribeLogDirsRequest_codec, 1, q1, sizeof(q1), &got), 0);
    sm_DescribeLogDirsRequest_cmp(&req, &got, 1);
    static const uint8_t q4[] = {
        0x02,                   /* Topics: 1 */
        0x02, 't',              /* Topic */
        0x03,                   /* Partitions: 2 */
        0x00, 0x00, 0x00, 0x00, /* 0 */
        0x00, 0x00, 0x00, 0x02, /* 2 */
        0x00,                   /* topic tags */
        0x00,                   /* tags */
    };
    expect_bytes(&sm_DescribeLogDirsRequest_codec, 4, &req, q4, sizeof(q4));
    assert_int_equal(decode_bytes(&sm_DescribeLogDirsRequest_codec, 4, q4, sizeof(q4), &got), 0);
    sm_DescribeLogDirsRequest_cmp(&req, &got, 4);

    /* Response: throttle 0, [{0, "/d", [{"t", [{0, 100, 0, false}]}]}];
     * v4 adds ErrorCode 0 and TotalBytes 1000, UsableBytes 500. */
    sm_DescribeLogDirsPartition p = {0, 100, 0, false};
    sm_DescribeLogDirsTopic dt = {S("t"), 1, &p};
    sm_DescribeLogDirsResult res = {0, S("/d"), 1, &dt, -1, -1};
    sm_DescribeLogDirsResponse resp = {.Results_count = 1, .Results = &res};
    static const uint8_t r0[] = {
        0x00, 0x00, 0x00, 0x00,                         /* ThrottleTimeMs */
        0x00, 0x00, 0x00, 0x01,                         /* Results: 1 */
        0x00, 0x00,                                     /* ErrorCode */
        0x00, 0x02, '/',  'd',                          /* LogDir */
        0x00, 0x00, 0x00, 0x01,                         /* Topics: 1 */
        0x00, 0x01, 't',                                /* Name */
        0x00, 0x00, 0x00, 0x01,                         /* Partitions: 1 */
        0x00, 0x00, 0x00, 0x00,                         /* PartitionIndex */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x64, /* PartitionSize 100 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* OffsetLag */
        0x00,                                           /* IsFutureKey */
    };
    sm_DescribeLogDirsResponse gotr;
    for (int16_t v = 0; v <= 1; v++) {
        expect_bytes(&sm_DescribeLogDirsResponse_codec, v, &resp, r0, sizeof(r0));
        memset(&gotr, 0x5a, sizeof(gotr));
        assert_int_equal(decode_bytes(&sm_DescribeLogDirsResponse_codec, v, r0, sizeof(r0), &gotr),
                         0);
        sm_DescribeLogDirsResponse_cmp(&resp, &gotr, v); /* ErrorCode 0, bytes -1 */
    }
    res.TotalBytes = 1000;
    res.UsableBytes = 500;
    static const uint8_t r4[] = {
        0x00, 0x00, 0x00, 0x00,                         /* ThrottleTimeMs */
        0x00, 0x00,                                     /* ErrorCode (v3+) */
        0x02,                                           /* Results: 1 */
        0x00, 0x00,                                     /* ErrorCode */
        0x03, '/',  'd',                                /* LogDir */
        0x02,                                           /* Topics: 1 */
        0x02, 't',                                      /* Name */
        0x02,                                           /* Partitions: 1 */
        0x00, 0x00, 0x00, 0x00,                         /* PartitionIndex */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x64, /* PartitionSize 100 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* OffsetLag */
        0x00,                                           /* IsFutureKey */
        0x00,                                           /* partition tags */
        0x00,                                           /* topic tags */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8, /* TotalBytes 1000 (v4+) */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xf4, /* UsableBytes 500 (v4+) */
        0x00,                                           /* result tags */
        0x00,                                           /* tags */
    };
    expect_bytes(&sm_DescribeLogDirsResponse_codec, 4, &resp, r4, sizeof(r4));
    assert_int_equal(decode_bytes(&sm_DescribeLogDirsResponse_codec, 4, r4, sizeof(r4), &gotr), 0);
    sm_DescribeLogDirsResponse_cmp(&resp, &gotr, 4);

    /* v3 is v4 without the two int64s; v2 also without the top ErrorCode.
     * Absent fields decode to their defaults (ErrorCode 0, bytes -1). */
    uint8_t r3[sizeof(r4) - 16], r2[sizeof(r4) - 18];
    size_t tail = sizeof(r4) - 18; /* offset of TotalBytes */
    memcpy(r3, r4, tail);
    memcpy(r3 + tail, r4 + tail + 16, 2);
    res.TotalBytes = res.UsableBytes = -1;
    expect_bytes(&sm_DescribeLogDirsResponse_codec, 3, &resp, r3, sizeof(r3));
    memset(&gotr, 0x5a, sizeof(gotr));
    assert_int_equal(decode_bytes(&sm_DescribeLogDirsResponse_codec, 3, r3, sizeof(r3), &gotr), 0);
    sm_DescribeLogDirsResponse_cmp(&resp, &gotr, 3);
    memcpy(r2, r3, 4);
    memcpy(r2 + 4, r3 + 6, sizeof(r3) - 6);
    expect_bytes(&sm_DescribeLogDirsResponse_codec, 2, &resp, r2, sizeof(r2));
    assert_int_equal(decode_bytes(&sm_DescribeLogDirsResponse_codec, 2, r2, sizeof(r2), &gotr), 0);
    sm_DescribeLogDirsResponse_cmp(&resp, &gotr, 2);
    /* A v3 top-level ErrorCode is not written in v2 (Kafka: ignorable). */
    resp.ErrorCode = 31;
    expect_bytes(&sm_DescribeLogDirsResponse_codec, 2, &resp, r2, sizeof(r2));
    sm_arena_reset(&arena);
}

static void test_describe_log_dirs_invalid_and_tags(void **state)
{
    (void)state;
    /* Unknown tags at every level of a v4 response are skipped. */
    static const uint8_t tagged[] = {
        0x00, 0x00, 0x00, 0x00, 0x00, 0x39,             /* throttle, LOG_DIR_NOT_FOUND */
        0x02, 0x00, 0x00, 0x02, 'd',                    /* Results: 1, ErrorCode, "d" */
        0x02, 0x02, 't',                                /* Topics: 1, "t" */
        0x02, 0x00, 0x00, 0x00, 0x05,                   /* Partitions: 1, index 5 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* PartitionSize 1 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, /* OffsetLag 2 */
        0x01,                                           /* IsFutureKey */
        0x01, 0x05, 0x01, 0x00,                         /* partition tags: tag 5 */
        0x01, 0x06, 0x00,                               /* topic tags: tag 6 */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, /* TotalBytes -2 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, /* UsableBytes 3 */
        0x01, 0x07, 0x02, 0x00, 0x00,                   /* result tags: tag 7 */
        0x01, 0x08, 0x00,                               /* top tags: tag 8 */
    };
    sm_DescribeLogDirsResponse m;
    assert_int_equal(decode_bytes(&sm_DescribeLogDirsResponse_codec, 4, tagged, sizeof(tagged), &m),
                     0);
    assert_int_equal(m.ErrorCode, 57);
    assert_int_equal(m.Results_count, 1);
    assert_true(sm_str_eq(m.Results[0].LogDir, "d"));
    assert_int_equal(m.Results[0].TotalBytes, -2);
    assert_int_equal(m.Results[0].UsableBytes, 3);
    assert_int_equal(m.Results[0].Topics_count, 1);
    assert_true(sm_str_eq(m.Results[0].Topics[0].Name, "t"));
    assert_int_equal(m.Results[0].Topics[0].Partitions_count, 1);
    const sm_DescribeLogDirsPartition *p = &m.Results[0].Topics[0].Partitions[0];
    assert_int_equal(p->PartitionIndex, 5);
    assert_int_equal(p->PartitionSize, 1);
    assert_int_equal(p->OffsetLag, 2);
    assert_true(p->IsFutureKey);
    sm_arena_reset(&arena);

    /* Request: a null topic name, a null partition list are rejected. */
    static const uint8_t null_topic[] = {0x00, 0x00, 0x00, 0x01, 0xff,
                                         0xff, 0x00, 0x00, 0x00, 0x00};
    expect_reject(&sm_DescribeLogDirsRequest_codec, 1, null_topic, sizeof(null_topic));
    static const uint8_t null_parts[] = {0x02, 0x02, 't', 0x00, 0x00, 0x00};
    expect_reject(&sm_DescribeLogDirsRequest_codec, 2, null_parts, sizeof(null_parts));
    /* ... but an empty partition list is fine. */
    static const uint8_t empty_parts[] = {0x02, 0x02, 't', 0x01, 0x00, 0x00};
    sm_DescribeLogDirsRequest q;
    assert_int_equal(
        decode_bytes(&sm_DescribeLogDirsRequest_codec, 2, empty_parts, sizeof(empty_parts), &q), 0);
    assert_int_equal(q.Topics_count, 1);
    assert_int_equal(q.Topics[0].Partitions_count, 0);
    /* A classic null marker other than -1 is rejected. */
    static const uint8_t minus2[] = {0xff, 0xff, 0xff, 0xfe};
    expect_reject(&sm_DescribeLogDirsRequest_codec, 0, minus2, sizeof(minus2));
    /* Partition count the bytes cannot hold (4 each). */
    static const uint8_t huge[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
                                   0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00};
    expect_reject(&sm_DescribeLogDirsRequest_codec, 0, huge, sizeof(huge));
    /* Response: Results is not nullable; a null LogDir is rejected. */
    static const uint8_t null_results[] = {0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff};
    expect_reject(&sm_DescribeLogDirsResponse_codec, 1, null_results, sizeof(null_results));
    static const uint8_t null_dir[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
                                       0x00, 0x00, 0x00, 0x01, 0x00, 0x00};
    expect_reject(&sm_DescribeLogDirsResponse_codec, 3, null_dir, sizeof(null_dir));
    /* v4: one result claimed, but too few bytes for its two int64s: the
     * count check (at least 21 bytes a result) rejects it up front. */
    static const uint8_t short_v4[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
                                       0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    expect_reject(&sm_DescribeLogDirsResponse_codec, 4, short_v4, sizeof(short_v4));
    /* A partition count the bytes cannot hold (22 bytes each in v2+). */
    static const uint8_t huge_parts[] = {0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x01,
                                         0x02, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
                                         0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    expect_reject(&sm_DescribeLogDirsResponse_codec, 2, huge_parts, sizeof(huge_parts));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_delete_records_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_records_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_records_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_records_invalid_and_tags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alter_configs_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alter_configs_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alter_configs_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alter_configs_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_incremental_alter_configs_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_incremental_alter_configs_minimal_elements, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_incremental_alter_configs_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_incremental_alter_configs_invalid_and_tags, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_describe_log_dirs_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_log_dirs_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_log_dirs_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_log_dirs_invalid_and_tags, setup, teardown),
    };
    return cmocka_run_group_tests_name("codecs_config_apis", tests, NULL, NULL);
}
