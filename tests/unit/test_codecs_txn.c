/*
 * Codecs of the idempotence / transaction APIs: InitProducerId,
 * AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, WriteTxnMarkers,
 * TxnOffsetCommit, DescribeProducers, DescribeTransactions,
 * ListTransactions.
 *
 * For every API and every supported version a message with several entries,
 * non-default values and nulls is encoded, decoded, compared field by field
 * and re-encoded byte for byte; every strict prefix of the encoding must be
 * rejected (each prefix is copied into a buffer of exactly its size so ASan
 * sees any over-read). Messages made of many minimal elements check that
 * the decoders' element-count bounds never reject valid input. Byte vectors
 * written by hand from the Kafka schemas pin the exact encoding (one classic
 * and one flexible version where the API has both), and fields absent in a
 * version are checked to decode to the schema default.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "protocol/add_offsets_to_txn.h"
#include "protocol/add_partitions_to_txn.h"
#include "protocol/describe_producers.h"
#include "protocol/describe_transactions.h"
#include "protocol/end_txn.h"
#include "protocol/init_producer_id.h"
#include "protocol/list_transactions.h"
#include "protocol/txn_offset_commit.h"
#include "protocol/write_txn_markers.h"
#include "util/arena.h"

#include "codec_harness.h"

/* ---- helpers ---- */

#define S(s) sm_str(s)
#define EMPTY ((sm_str_t){"", 0})

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

/* Decoding `data` as version v must fail. */
static void reject(const codec_t *c, int16_t v, const uint8_t *data, size_t n)
{
    void *out = malloc(c->size);
    assert_non_null(out);
    quiet = true;
    int rc = decode_bytes(c, v, data, n, out);
    quiet = false;
    if (rc != -1) print_error("%s v%d: invalid input of %zu bytes accepted\n", c->name, v, n);
    assert_int_equal(rc, -1);
    free(out);
}

static void cmp_i32s(int32_t n, const int32_t *e, const int32_t *g)
{
    for (int32_t i = 0; i < n; i++)
        EQ_INT(e[i], g[i]);
}

#define MANY 40 /* minimal elements per array in the bound checks */

/* ======================= InitProducerId ======================= */

CODEC(sm_InitProducerIdRequest)
CODEC(sm_InitProducerIdResponse)

static void sm_InitProducerIdRequest_cmp(const sm_InitProducerIdRequest *e,
                                         const sm_InitProducerIdRequest *g, int16_t v)
{
    (void)v;
    EQ_STR(e->TransactionalId, g->TransactionalId);
    EQ_INT(e->TransactionTimeoutMs, g->TransactionTimeoutMs);
    EQ_INT(e->ProducerId, g->ProducerId);
    EQ_INT(e->ProducerEpoch, g->ProducerEpoch);
}

static void sm_InitProducerIdResponse_cmp(const sm_InitProducerIdResponse *e,
                                          const sm_InitProducerIdResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->ErrorCode, g->ErrorCode);
    EQ_INT(e->ProducerId, g->ProducerId);
    EQ_INT(e->ProducerEpoch, g->ProducerEpoch);
}

static void test_init_producer_id_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 5; v++) {
        sm_InitProducerIdRequest req = {S("txn-app-1"), 60000, -1, -1};
        if (v >= 3) {
            req.ProducerId = 1234567890123;
            req.ProducerEpoch = 7;
        }
        roundtrip(&sm_InitProducerIdRequest_codec, v, &req);
        /* idempotent-only producer: null transactional id, no prior id */
        req = (sm_InitProducerIdRequest){SM_STR_NULL, INT32_MAX, -1, -1};
        roundtrip(&sm_InitProducerIdRequest_codec, v, &req);
        req = (sm_InitProducerIdRequest){EMPTY, 0, -1, -1};
        if (v >= 3) req.ProducerEpoch = INT16_MAX;
        roundtrip(&sm_InitProducerIdRequest_codec, v, &req);

        sm_InitProducerIdResponse resp = {100, 0, INT64_MAX, 32767};
        roundtrip(&sm_InitProducerIdResponse_codec, v, &resp);
        resp = (sm_InitProducerIdResponse){0, 90 /* PRODUCER_FENCED */, -1, -1};
        roundtrip(&sm_InitProducerIdResponse_codec, v, &resp);
    }
}

static void test_init_producer_id_vectors(void **state)
{
    (void)state;
    /* v0: "t", timeout 1000 */
    static const uint8_t v0[] = {
        0x00, 0x01, 't',        /* TransactionalId */
        0x00, 0x00, 0x03, 0xe8, /* TransactionTimeoutMs */
    };
    sm_InitProducerIdRequest req = {S("t"), 1000, -1, -1};
    pin(&sm_InitProducerIdRequest_codec, 0, &req, v0, sizeof(v0));
    pin(&sm_InitProducerIdRequest_codec, 1, &req, v0, sizeof(v0));
    /* v1, null id: the form an idempotent producer sends */
    static const uint8_t v1null[] = {0xff, 0xff, 0x00, 0x00, 0xea, 0x60};
    req = (sm_InitProducerIdRequest){SM_STR_NULL, 60000, -1, -1};
    pin(&sm_InitProducerIdRequest_codec, 1, &req, v1null, sizeof(v1null));
    /* v2 (first flexible): compact null, then tags */
    static const uint8_t v2null[] = {0x00, 0x00, 0x00, 0xea, 0x60, 0x00};
    pin(&sm_InitProducerIdRequest_codec, 2, &req, v2null, sizeof(v2null));
    /* Absent v3 fields decode to -1. */
    sm_InitProducerIdRequest got;
    memset(&got, 0x5a, sizeof(got));
    assert_int_equal(decode_bytes(&sm_InitProducerIdRequest_codec, 2, v2null, sizeof(v2null), &got),
                     0);
    assert_int_equal(got.ProducerId, -1);
    assert_int_equal(got.ProducerEpoch, -1);
    assert_int_equal(got.TransactionalId.len, -1);
    /* v4: "t", 1000, ProducerId 5, ProducerEpoch 1 */
    static const uint8_t v4[] = {
        0x02, 't',                                      /* TransactionalId */
        0x00, 0x00, 0x03, 0xe8,                         /* TransactionTimeoutMs */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* ProducerId */
        0x00, 0x01,                                     /* ProducerEpoch */
        0x00,                                           /* tags */
    };
    req = (sm_InitProducerIdRequest){S("t"), 1000, 5, 1};
    pin(&sm_InitProducerIdRequest_codec, 4, &req, v4, sizeof(v4));
    pin(&sm_InitProducerIdRequest_codec, 3, &req, v4, sizeof(v4));
    pin(&sm_InitProducerIdRequest_codec, 5, &req, v4, sizeof(v4));
    /* An unknown top-level tag is skipped. */
    static const uint8_t v4tag[] = {0x02, 't',  0x00, 0x00, 0x03, 0xe8, 0x00,
                                    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
                                    0x00, 0x01, 0x01, 0x03, 0x02, 0xab, 0xcd};
    assert_int_equal(decode_bytes(&sm_InitProducerIdRequest_codec, 4, v4tag, sizeof(v4tag), &got),
                     0);
    sm_InitProducerIdRequest_cmp(&req, &got, 4);

    /* Response v0: throttle 0, error 0, id 42, epoch 3; v2 adds the tags. */
    static const uint8_t r0[] = {
        0x00, 0x00, 0x00, 0x00,                         /* ThrottleTimeMs */
        0x00, 0x00,                                     /* ErrorCode */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a, /* ProducerId */
        0x00, 0x03,                                     /* ProducerEpoch */
    };
    sm_InitProducerIdResponse resp = {0, 0, 42, 3};
    pin(&sm_InitProducerIdResponse_codec, 0, &resp, r0, sizeof(r0));
    static const uint8_t r2[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                 0x00, 0x00, 0x00, 0x00, 0x2a, 0x00, 0x03, 0x00};
    pin(&sm_InitProducerIdResponse_codec, 2, &resp, r2, sizeof(r2));

    /* Invalid: bad string lengths, truncated varint tags. */
    static const uint8_t neg[] = {0xff, 0xfe, 0x00, 0x00, 0x00, 0x00};
    reject(&sm_InitProducerIdRequest_codec, 0, neg, sizeof(neg));
    static const uint8_t long_id[] = {0x00, 0x09, 't', 0x00, 0x00, 0x00, 0x00};
    reject(&sm_InitProducerIdRequest_codec, 0, long_id, sizeof(long_id));
    static const uint8_t bad_tags[] = {0x00, 0x00, 0x00, 0xea, 0x60, 0x01, 0x05, 0x09, 0x00};
    reject(&sm_InitProducerIdRequest_codec, 2, bad_tags, sizeof(bad_tags));
    sm_arena_reset(&arena);
}

/* ======================= AddPartitionsToTxn ======================= */

CODEC(sm_AddPartitionsToTxnRequest)
CODEC(sm_AddPartitionsToTxnResponse)

static void cmp_apt_topics(int32_t n, const sm_AddPartitionsToTxnTopic *e,
                           const sm_AddPartitionsToTxnTopic *g)
{
    for (int32_t i = 0; i < n; i++) {
        EQ_STR(e[i].Name, g[i].Name);
        EQ_INT(e[i].Partitions_count, g[i].Partitions_count);
        cmp_i32s(e[i].Partitions_count, e[i].Partitions, g[i].Partitions);
    }
}

static void sm_AddPartitionsToTxnRequest_cmp(const sm_AddPartitionsToTxnRequest *e,
                                             const sm_AddPartitionsToTxnRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->Transactions_count, g->Transactions_count);
    for (int32_t i = 0; i < e->Transactions_count; i++) {
        const sm_AddPartitionsToTxnTransaction *et = &e->Transactions[i], *gt = &g->Transactions[i];
        EQ_STR(et->TransactionalId, gt->TransactionalId);
        EQ_INT(et->ProducerId, gt->ProducerId);
        EQ_INT(et->ProducerEpoch, gt->ProducerEpoch);
        EQ_INT(et->VerifyOnly, gt->VerifyOnly);
        EQ_INT(et->Topics_count, gt->Topics_count);
        cmp_apt_topics(et->Topics_count, et->Topics, gt->Topics);
    }
    EQ_STR(e->V3AndBelowTransactionalId, g->V3AndBelowTransactionalId);
    EQ_INT(e->V3AndBelowProducerId, g->V3AndBelowProducerId);
    EQ_INT(e->V3AndBelowProducerEpoch, g->V3AndBelowProducerEpoch);
    EQ_INT(e->V3AndBelowTopics_count, g->V3AndBelowTopics_count);
    cmp_apt_topics(e->V3AndBelowTopics_count, e->V3AndBelowTopics, g->V3AndBelowTopics);
}

static void cmp_apt_topic_results(int32_t n, const sm_AddPartitionsToTxnTopicResult *e,
                                  const sm_AddPartitionsToTxnTopicResult *g)
{
    for (int32_t i = 0; i < n; i++) {
        EQ_STR(e[i].Name, g[i].Name);
        EQ_INT(e[i].ResultsByPartition_count, g[i].ResultsByPartition_count);
        for (int32_t j = 0; j < e[i].ResultsByPartition_count; j++) {
            EQ_INT(e[i].ResultsByPartition[j].PartitionIndex,
                   g[i].ResultsByPartition[j].PartitionIndex);
            EQ_INT(e[i].ResultsByPartition[j].PartitionErrorCode,
                   g[i].ResultsByPartition[j].PartitionErrorCode);
        }
    }
}

static void sm_AddPartitionsToTxnResponse_cmp(const sm_AddPartitionsToTxnResponse *e,
                                              const sm_AddPartitionsToTxnResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->ErrorCode, g->ErrorCode);
    EQ_INT(e->ResultsByTransaction_count, g->ResultsByTransaction_count);
    for (int32_t i = 0; i < e->ResultsByTransaction_count; i++) {
        const sm_AddPartitionsToTxnResult *et = &e->ResultsByTransaction[i],
                                          *gt = &g->ResultsByTransaction[i];
        EQ_STR(et->TransactionalId, gt->TransactionalId);
        EQ_INT(et->TopicResults_count, gt->TopicResults_count);
        cmp_apt_topic_results(et->TopicResults_count, et->TopicResults, gt->TopicResults);
    }
    EQ_INT(e->ResultsByTopicV3AndBelow_count, g->ResultsByTopicV3AndBelow_count);
    cmp_apt_topic_results(e->ResultsByTopicV3AndBelow_count, e->ResultsByTopicV3AndBelow,
                          g->ResultsByTopicV3AndBelow);
}

static sm_AddPartitionsToTxnTopic *apt_topics(int32_t *count)
{
    static int32_t p0[] = {0, 1, 2, 2147483647}, p2[] = {-1};
    sm_AddPartitionsToTxnTopic *t = NEW(sm_AddPartitionsToTxnTopic, 3);
    t[0] = (sm_AddPartitionsToTxnTopic){S("orders"), 4, p0};
    t[1] = (sm_AddPartitionsToTxnTopic){S("payments.v2"), 0, NULL};
    t[2] = (sm_AddPartitionsToTxnTopic){EMPTY, 1, p2};
    *count = 3;
    return t;
}

/* v0-3: the single-transaction fields, and Transactions as decoding
 * mirrors them; v4+: three transactions, V3AndBelow fields at defaults. */
static void build_apt_req(int16_t v, sm_AddPartitionsToTxnRequest *m)
{
    *m = (sm_AddPartitionsToTxnRequest){.V3AndBelowTransactionalId = EMPTY};
    if (v <= 3) {
        m->V3AndBelowTransactionalId = S("txn-app-1");
        m->V3AndBelowProducerId = 4000;
        m->V3AndBelowProducerEpoch = 3;
        m->V3AndBelowTopics = apt_topics(&m->V3AndBelowTopics_count);
        m->Transactions = NEW(sm_AddPartitionsToTxnTransaction, 1);
        m->Transactions[0] = (sm_AddPartitionsToTxnTransaction){
            S("txn-app-1"), 4000, 3, false, m->V3AndBelowTopics_count, m->V3AndBelowTopics};
        m->Transactions_count = 1;
        return;
    }
    sm_AddPartitionsToTxnTransaction *t = NEW(sm_AddPartitionsToTxnTransaction, 3);
    t[0] = (sm_AddPartitionsToTxnTransaction){S("txn-a"), 1, 0, false, 0, NULL};
    t[0].Topics = apt_topics(&t[0].Topics_count);
    t[1] = (sm_AddPartitionsToTxnTransaction){S("txn-b"), INT64_MAX, INT16_MAX, true, 0, NULL};
    t[1].Topics = apt_topics(&t[1].Topics_count);
    t[1].Topics_count = 1;
    t[2] = (sm_AddPartitionsToTxnTransaction){EMPTY, -1, -1, true, 0, NULL};
    m->Transactions = t;
    m->Transactions_count = 3;
}

static sm_AddPartitionsToTxnTopicResult *apt_topic_results(int32_t *count)
{
    sm_AddPartitionsToTxnPartitionResult *p = NEW(sm_AddPartitionsToTxnPartitionResult, 3);
    p[0] = (sm_AddPartitionsToTxnPartitionResult){0, 0};
    p[1] = (sm_AddPartitionsToTxnPartitionResult){1, 53}; /* INVALID_TXN_STATE */
    p[2] = (sm_AddPartitionsToTxnPartitionResult){9, 3};  /* UNKNOWN_TOPIC_OR_PARTITION */
    sm_AddPartitionsToTxnTopicResult *t = NEW(sm_AddPartitionsToTxnTopicResult, 3);
    t[0] = (sm_AddPartitionsToTxnTopicResult){S("orders"), 2, p};
    t[1] = (sm_AddPartitionsToTxnTopicResult){S("empty"), 0, NULL};
    t[2] = (sm_AddPartitionsToTxnTopicResult){EMPTY, 1, p + 2};
    *count = 3;
    return t;
}

static void build_apt_resp(int16_t v, sm_AddPartitionsToTxnResponse *m)
{
    *m = (sm_AddPartitionsToTxnResponse){.ThrottleTimeMs = 250};
    if (v <= 3) {
        m->ResultsByTopicV3AndBelow = apt_topic_results(&m->ResultsByTopicV3AndBelow_count);
        return;
    }
    m->ErrorCode = 48; /* INVALID_TRANSACTION_TIMEOUT, any non-zero code */
    sm_AddPartitionsToTxnResult *r = NEW(sm_AddPartitionsToTxnResult, 2);
    r[0].TransactionalId = S("txn-a");
    r[0].TopicResults = apt_topic_results(&r[0].TopicResults_count);
    r[1] = (sm_AddPartitionsToTxnResult){EMPTY, 0, NULL};
    m->ResultsByTransaction = r;
    m->ResultsByTransaction_count = 2;
}

static void test_add_partitions_to_txn_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 5; v++) {
        sm_AddPartitionsToTxnRequest req;
        build_apt_req(v, &req);
        roundtrip(&sm_AddPartitionsToTxnRequest_codec, v, &req);
        sm_AddPartitionsToTxnResponse resp;
        build_apt_resp(v, &resp);
        roundtrip(&sm_AddPartitionsToTxnResponse_codec, v, &resp);
        /* empty everything */
        build_apt_req(v, &req);
        if (v <= 3) {
            req.V3AndBelowTopics_count = 0;
            req.Transactions[0].Topics_count = 0;
        } else {
            req.Transactions_count = 0;
        }
        roundtrip(&sm_AddPartitionsToTxnRequest_codec, v, &req);
    }
}

static void test_add_partitions_to_txn_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 5; v++) {
        sm_AddPartitionsToTxnTopic *t = NEW(sm_AddPartitionsToTxnTopic, MANY);
        for (int i = 0; i < MANY; i++)
            t[i].Name = EMPTY;
        sm_AddPartitionsToTxnRequest req = {.V3AndBelowTransactionalId = EMPTY};
        if (v <= 3) {
            req.V3AndBelowTopics_count = MANY;
            req.V3AndBelowTopics = t;
            req.Transactions_count = 1;
            req.Transactions = NEW(sm_AddPartitionsToTxnTransaction, 1);
            req.Transactions[0] = (sm_AddPartitionsToTxnTransaction){EMPTY, 0, 0, false, MANY, t};
        } else {
            sm_AddPartitionsToTxnTransaction *x = NEW(sm_AddPartitionsToTxnTransaction, MANY);
            for (int i = 0; i < MANY; i++)
                x[i].TransactionalId = EMPTY;
            x[0].Topics_count = MANY;
            x[0].Topics = t;
            req.Transactions_count = MANY;
            req.Transactions = x;
        }
        roundtrip(&sm_AddPartitionsToTxnRequest_codec, v, &req);
        /* one topic with many partitions (stack memory: roundtrip reset
         * the arena) */
        static int32_t parts[MANY];
        sm_AddPartitionsToTxnTopic one = {EMPTY, MANY, parts};
        sm_AddPartitionsToTxnTransaction txn = {EMPTY, 0, 0, v >= 4, 1, &one};
        req = (sm_AddPartitionsToTxnRequest){
            .V3AndBelowTransactionalId = EMPTY, .Transactions_count = 1, .Transactions = &txn};
        if (v <= 3) {
            req.V3AndBelowTopics_count = 1;
            req.V3AndBelowTopics = &one;
        }
        roundtrip(&sm_AddPartitionsToTxnRequest_codec, v, &req);

        sm_AddPartitionsToTxnTopicResult *rt = NEW(sm_AddPartitionsToTxnTopicResult, MANY);
        for (int i = 0; i < MANY; i++)
            rt[i].Name = EMPTY;
        rt[0].ResultsByPartition_count = MANY;
        rt[0].ResultsByPartition = NEW(sm_AddPartitionsToTxnPartitionResult, MANY);
        sm_AddPartitionsToTxnResponse resp = {0};
        if (v <= 3) {
            resp.ResultsByTopicV3AndBelow_count = MANY;
            resp.ResultsByTopicV3AndBelow = rt;
        } else {
            sm_AddPartitionsToTxnResult *x = NEW(sm_AddPartitionsToTxnResult, MANY);
            for (int i = 0; i < MANY; i++)
                x[i].TransactionalId = EMPTY;
            x[0].TopicResults_count = MANY;
            x[0].TopicResults = rt;
            resp.ResultsByTransaction_count = MANY;
            resp.ResultsByTransaction = x;
        }
        roundtrip(&sm_AddPartitionsToTxnResponse_codec, v, &resp);
    }
}

static void test_add_partitions_to_txn_vectors(void **state)
{
    (void)state;
    /* v0 (client form): "t", pid 1, epoch 0, [{"a", [0, 1]}] */
    static const uint8_t v0[] = {
        0x00, 0x01, 't',                                /* V3AndBelowTransactionalId */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* V3AndBelowProducerId */
        0x00, 0x00,                                     /* V3AndBelowProducerEpoch */
        0x00, 0x00, 0x00, 0x01,                         /* V3AndBelowTopics: 1 */
        0x00, 0x01, 'a',                                /* Name */
        0x00, 0x00, 0x00, 0x02,                         /* Partitions: 2 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* 0, 1 */
    };
    static int32_t parts01[] = {0, 1};
    sm_AddPartitionsToTxnTopic topic = {S("a"), 2, parts01};
    sm_AddPartitionsToTxnTransaction mirror = {S("t"), 1, 0, false, 1, &topic};
    sm_AddPartitionsToTxnRequest req = {.Transactions_count = 1,
                                        .Transactions = &mirror,
                                        .V3AndBelowTransactionalId = S("t"),
                                        .V3AndBelowProducerId = 1,
                                        .V3AndBelowProducerEpoch = 0,
                                        .V3AndBelowTopics_count = 1,
                                        .V3AndBelowTopics = &topic};
    pin(&sm_AddPartitionsToTxnRequest_codec, 0, &req, v0, sizeof(v0));
    pin(&sm_AddPartitionsToTxnRequest_codec, 2, &req, v0, sizeof(v0));
    /* v3 (flexible client form), same content */
    static const uint8_t v3[] = {
        0x02, 't',                                      /* V3AndBelowTransactionalId */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* V3AndBelowProducerId */
        0x00, 0x00,                                     /* V3AndBelowProducerEpoch */
        0x02,                                           /* V3AndBelowTopics: 1 */
        0x02, 'a',                                      /* Name */
        0x03,                                           /* Partitions: 2 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* 0, 1 */
        0x00,                                           /* topic tags */
        0x00,                                           /* tags */
    };
    pin(&sm_AddPartitionsToTxnRequest_codec, 3, &req, v3, sizeof(v3));
    /* The decoder mirrors the client form into Transactions (shared topics). */
    sm_AddPartitionsToTxnRequest got;
    assert_int_equal(decode_bytes(&sm_AddPartitionsToTxnRequest_codec, 3, v3, sizeof(v3), &got), 0);
    assert_int_equal(got.Transactions_count, 1);
    assert_ptr_equal(got.Transactions[0].Topics, got.V3AndBelowTopics);
    assert_false(got.Transactions[0].VerifyOnly);

    /* v4 (broker form): [{"t", pid 1, epoch 0, VerifyOnly true, [{"a", [2]}]}] */
    static const uint8_t v4[] = {
        0x02,                                           /* Transactions: 1 */
        0x02, 't',                                      /* TransactionalId */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* ProducerId */
        0x00, 0x00,                                     /* ProducerEpoch */
        0x01,                                           /* VerifyOnly */
        0x02,                                           /* Topics: 1 */
        0x02, 'a',                                      /* Name */
        0x02, 0x00, 0x00, 0x00, 0x02,                   /* Partitions: [2] */
        0x00,                                           /* topic tags */
        0x00,                                           /* transaction tags */
        0x00,                                           /* tags */
    };
    static int32_t parts2[] = {2};
    sm_AddPartitionsToTxnTopic topic2 = {S("a"), 1, parts2};
    sm_AddPartitionsToTxnTransaction txn = {S("t"), 1, 0, true, 1, &topic2};
    req = (sm_AddPartitionsToTxnRequest){
        .Transactions_count = 1, .Transactions = &txn, .V3AndBelowTransactionalId = EMPTY};
    pin(&sm_AddPartitionsToTxnRequest_codec, 4, &req, v4, sizeof(v4));
    pin(&sm_AddPartitionsToTxnRequest_codec, 5, &req, v4, sizeof(v4));
    /* The v3 bytes are not a v4 request and vice versa. */
    reject(&sm_AddPartitionsToTxnRequest_codec, 4, v3, sizeof(v3));
    reject(&sm_AddPartitionsToTxnRequest_codec, 3, v4, sizeof(v4));

    /* Response v0: throttle 0, [{"a", [{0, 0}, {1, 53}]}] */
    static const uint8_t r0[] = {
        0x00, 0x00, 0x00, 0x00,             /* ThrottleTimeMs */
        0x00, 0x00, 0x00, 0x01,             /* ResultsByTopicV3AndBelow: 1 */
        0x00, 0x01, 'a',                    /* Name */
        0x00, 0x00, 0x00, 0x02,             /* ResultsByPartition: 2 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* 0, error 0 */
        0x00, 0x00, 0x00, 0x01, 0x00, 0x35, /* 1, error 53 */
    };
    sm_AddPartitionsToTxnPartitionResult pr[2] = {{0, 0}, {1, 53}};
    sm_AddPartitionsToTxnTopicResult tr = {S("a"), 2, pr};
    sm_AddPartitionsToTxnResponse resp = {.ResultsByTopicV3AndBelow_count = 1,
                                          .ResultsByTopicV3AndBelow = &tr};
    pin(&sm_AddPartitionsToTxnResponse_codec, 0, &resp, r0, sizeof(r0));
    /* Response v4: throttle 0, error 0, [{"t", [{"a", [{0, 0}, {1, 53}]}]}] */
    static const uint8_t r4[] = {
        0x00, 0x00, 0x00, 0x00,             /* ThrottleTimeMs */
        0x00, 0x00,                         /* ErrorCode */
        0x02,                               /* ResultsByTransaction: 1 */
        0x02, 't',                          /* TransactionalId */
        0x02,                               /* TopicResults: 1 */
        0x02, 'a',                          /* Name */
        0x03,                               /* ResultsByPartition: 2 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* 0, error 0 */
        0x00,                               /* partition tags */
        0x00, 0x00, 0x00, 0x01, 0x00, 0x35, /* 1, error 53 */
        0x00,                               /* partition tags */
        0x00,                               /* topic tags */
        0x00,                               /* result tags */
        0x00,                               /* tags */
    };
    sm_AddPartitionsToTxnResult res = {S("t"), 1, &tr};
    resp = (sm_AddPartitionsToTxnResponse){.ResultsByTransaction_count = 1,
                                           .ResultsByTransaction = &res};
    pin(&sm_AddPartitionsToTxnResponse_codec, 4, &resp, r4, sizeof(r4));

    /* Null arrays are invalid (topics, partitions, transactions). */
    static const uint8_t null_topics[] = {0x00, 0x01, 't',  0,    0,    0,    0,    0,   0,
                                          0,    1,    0x00, 0x00, 0xff, 0xff, 0xff, 0xff};
    reject(&sm_AddPartitionsToTxnRequest_codec, 0, null_topics, sizeof(null_topics));
    static const uint8_t null_parts[] = {0x02, 't',  0,    0,    0,    0,   0,    0,    0,
                                         1,    0x00, 0x00, 0x02, 0x02, 'a', 0x00, 0x00, 0x00};
    reject(&sm_AddPartitionsToTxnRequest_codec, 3, null_parts, sizeof(null_parts));
    static const uint8_t null_txns[] = {0x00, 0x00};
    reject(&sm_AddPartitionsToTxnRequest_codec, 4, null_txns, sizeof(null_txns));
    /* A partition count the bytes left cannot hold (4 bytes each). */
    static const uint8_t many_parts[] = {0x00, 0x00, 0,    0,    0,    0,    0,    0,    0,
                                         1,    0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
                                         0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x07};
    reject(&sm_AddPartitionsToTxnRequest_codec, 0, many_parts, sizeof(many_parts));
    sm_arena_reset(&arena);
}

/* ======================= AddOffsetsToTxn ======================= */

CODEC(sm_AddOffsetsToTxnRequest)
CODEC(sm_AddOffsetsToTxnResponse)

static void sm_AddOffsetsToTxnRequest_cmp(const sm_AddOffsetsToTxnRequest *e,
                                          const sm_AddOffsetsToTxnRequest *g, int16_t v)
{
    (void)v;
    EQ_STR(e->TransactionalId, g->TransactionalId);
    EQ_INT(e->ProducerId, g->ProducerId);
    EQ_INT(e->ProducerEpoch, g->ProducerEpoch);
    EQ_STR(e->GroupId, g->GroupId);
}

static void sm_AddOffsetsToTxnResponse_cmp(const sm_AddOffsetsToTxnResponse *e,
                                           const sm_AddOffsetsToTxnResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->ErrorCode, g->ErrorCode);
}

static void test_add_offsets_to_txn(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 4; v++) {
        sm_AddOffsetsToTxnRequest req = {S("txn-app-1"), 987654321, 12, S("consumer-group-1")};
        roundtrip(&sm_AddOffsetsToTxnRequest_codec, v, &req);
        req = (sm_AddOffsetsToTxnRequest){EMPTY, -1, -1, EMPTY};
        roundtrip(&sm_AddOffsetsToTxnRequest_codec, v, &req);
        sm_AddOffsetsToTxnResponse resp = {1000, 47 /* INVALID_PRODUCER_EPOCH */};
        roundtrip(&sm_AddOffsetsToTxnResponse_codec, v, &resp);
    }
    /* v0: "t", pid 1, epoch 2, group "g" */
    static const uint8_t v0[] = {
        0x00, 0x01, 't',                                /* TransactionalId */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* ProducerId */
        0x00, 0x02,                                     /* ProducerEpoch */
        0x00, 0x01, 'g',                                /* GroupId */
    };
    sm_AddOffsetsToTxnRequest req = {S("t"), 1, 2, S("g")};
    pin(&sm_AddOffsetsToTxnRequest_codec, 0, &req, v0, sizeof(v0));
    static const uint8_t v3[] = {0x02, 't',  0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                 0x00, 0x01, 0x00, 0x02, 0x02, 'g',  0x00};
    pin(&sm_AddOffsetsToTxnRequest_codec, 3, &req, v3, sizeof(v3));
    pin(&sm_AddOffsetsToTxnRequest_codec, 4, &req, v3, sizeof(v3));
    static const uint8_t r2[] = {0x00, 0x00, 0x00, 0x05, 0x00, 0x5a}; /* 5 ms, PRODUCER_FENCED */
    sm_AddOffsetsToTxnResponse resp = {5, 90};
    pin(&sm_AddOffsetsToTxnResponse_codec, 2, &resp, r2, sizeof(r2));
    static const uint8_t r3[] = {0x00, 0x00, 0x00, 0x05, 0x00, 0x5a, 0x00};
    pin(&sm_AddOffsetsToTxnResponse_codec, 3, &resp, r3, sizeof(r3));
    /* GroupId is not nullable. */
    static const uint8_t null_group[] = {0x00, 0x01, 't', 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0xff, 0xff};
    reject(&sm_AddOffsetsToTxnRequest_codec, 0, null_group, sizeof(null_group));
    static const uint8_t null_group3[] = {0x02, 't', 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0x00, 0x00};
    reject(&sm_AddOffsetsToTxnRequest_codec, 3, null_group3, sizeof(null_group3));
    sm_arena_reset(&arena);
}

/* ======================= EndTxn ======================= */

CODEC(sm_EndTxnRequest)
CODEC(sm_EndTxnResponse)

static void sm_EndTxnRequest_cmp(const sm_EndTxnRequest *e, const sm_EndTxnRequest *g, int16_t v)
{
    (void)v;
    EQ_STR(e->TransactionalId, g->TransactionalId);
    EQ_INT(e->ProducerId, g->ProducerId);
    EQ_INT(e->ProducerEpoch, g->ProducerEpoch);
    EQ_INT(e->Committed, g->Committed);
}

static void sm_EndTxnResponse_cmp(const sm_EndTxnResponse *e, const sm_EndTxnResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->ErrorCode, g->ErrorCode);
    EQ_INT(e->ProducerId, g->ProducerId);
    EQ_INT(e->ProducerEpoch, g->ProducerEpoch);
}

static void test_end_txn(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 5; v++) {
        sm_EndTxnRequest req = {S("txn-app-1"), 77, 4, true};
        roundtrip(&sm_EndTxnRequest_codec, v, &req);
        req = (sm_EndTxnRequest){EMPTY, INT64_MIN, INT16_MIN, false};
        roundtrip(&sm_EndTxnRequest_codec, v, &req);
        sm_EndTxnResponse resp = {20, 51 /* CONCURRENT_TRANSACTIONS */, -1, -1};
        if (v >= 5) {
            resp.ProducerId = 77;
            resp.ProducerEpoch = 5;
        }
        roundtrip(&sm_EndTxnResponse_codec, v, &resp);
    }
    /* v0: "t", pid 1, epoch 2, commit */
    static const uint8_t v0[] = {
        0x00, 0x01, 't',                                /* TransactionalId */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* ProducerId */
        0x00, 0x02,                                     /* ProducerEpoch */
        0x01,                                           /* Committed */
    };
    sm_EndTxnRequest req = {S("t"), 1, 2, true};
    pin(&sm_EndTxnRequest_codec, 0, &req, v0, sizeof(v0));
    /* v3: abort, flexible */
    static const uint8_t v3[] = {0x02, 't',  0x00, 0x00, 0x00, 0x00, 0x00,
                                 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00};
    req.Committed = false;
    pin(&sm_EndTxnRequest_codec, 3, &req, v3, sizeof(v3));
    pin(&sm_EndTxnRequest_codec, 5, &req, v3, sizeof(v3));
    /* Response v1: throttle 0, error 0; v4 adds tags; v5 pid 1, epoch 3. */
    static const uint8_t r1[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    sm_EndTxnResponse resp = {0, 0, -1, -1};
    pin(&sm_EndTxnResponse_codec, 1, &resp, r1, sizeof(r1));
    static const uint8_t r4[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    pin(&sm_EndTxnResponse_codec, 4, &resp, r4, sizeof(r4));
    static const uint8_t r5[] = {
        0x00, 0x00, 0x00, 0x00,                         /* ThrottleTimeMs */
        0x00, 0x00,                                     /* ErrorCode */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* ProducerId */
        0x00, 0x03,                                     /* ProducerEpoch */
        0x00,                                           /* tags */
    };
    resp = (sm_EndTxnResponse){0, 0, 1, 3};
    pin(&sm_EndTxnResponse_codec, 5, &resp, r5, sizeof(r5));
    /* Before v5 the producer fields decode to -1. */
    sm_EndTxnResponse got;
    memset(&got, 0x5a, sizeof(got));
    assert_int_equal(decode_bytes(&sm_EndTxnResponse_codec, 4, r4, sizeof(r4), &got), 0);
    assert_int_equal(got.ProducerId, -1);
    assert_int_equal(got.ProducerEpoch, -1);
    /* The v4 bytes are too short for v5. */
    reject(&sm_EndTxnResponse_codec, 5, r4, sizeof(r4));
    sm_arena_reset(&arena);
}

/* ======================= WriteTxnMarkers ======================= */

CODEC(sm_WriteTxnMarkersRequest)
CODEC(sm_WriteTxnMarkersResponse)

static void sm_WriteTxnMarkersRequest_cmp(const sm_WriteTxnMarkersRequest *e,
                                          const sm_WriteTxnMarkersRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->Markers_count, g->Markers_count);
    for (int32_t i = 0; i < e->Markers_count; i++) {
        const sm_WritableTxnMarker *em = &e->Markers[i], *gm = &g->Markers[i];
        EQ_INT(em->ProducerId, gm->ProducerId);
        EQ_INT(em->ProducerEpoch, gm->ProducerEpoch);
        EQ_INT(em->TransactionResult, gm->TransactionResult);
        EQ_INT(em->Topics_count, gm->Topics_count);
        for (int32_t j = 0; j < em->Topics_count; j++) {
            EQ_STR(em->Topics[j].Name, gm->Topics[j].Name);
            EQ_INT(em->Topics[j].PartitionIndexes_count, gm->Topics[j].PartitionIndexes_count);
            cmp_i32s(em->Topics[j].PartitionIndexes_count, em->Topics[j].PartitionIndexes,
                     gm->Topics[j].PartitionIndexes);
        }
        EQ_INT(em->CoordinatorEpoch, gm->CoordinatorEpoch);
    }
}

static void sm_WriteTxnMarkersResponse_cmp(const sm_WriteTxnMarkersResponse *e,
                                           const sm_WriteTxnMarkersResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->Markers_count, g->Markers_count);
    for (int32_t i = 0; i < e->Markers_count; i++) {
        const sm_WritableTxnMarkerResult *em = &e->Markers[i], *gm = &g->Markers[i];
        EQ_INT(em->ProducerId, gm->ProducerId);
        EQ_INT(em->Topics_count, gm->Topics_count);
        for (int32_t j = 0; j < em->Topics_count; j++) {
            const sm_WritableTxnMarkerTopicResult *et = &em->Topics[j], *gt = &gm->Topics[j];
            EQ_STR(et->Name, gt->Name);
            EQ_INT(et->Partitions_count, gt->Partitions_count);
            for (int32_t k = 0; k < et->Partitions_count; k++) {
                EQ_INT(et->Partitions[k].PartitionIndex, gt->Partitions[k].PartitionIndex);
                EQ_INT(et->Partitions[k].ErrorCode, gt->Partitions[k].ErrorCode);
            }
        }
    }
}

static void test_write_txn_markers_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 1; v++) {
        static int32_t p0[] = {0, 3, 5}, p1[] = {1};
        sm_WritableTxnMarkerTopic t[3] = {
            {S("orders"), 3, p0}, {S("payments"), 0, NULL}, {EMPTY, 1, p1}};
        sm_WritableTxnMarker mk[3] = {
            {1001, 2, true, 3, t, 7},
            {INT64_MAX, INT16_MAX, false, 0, NULL, INT32_MAX},
            {-1, -1, true, 1, t + 2, -1},
        };
        sm_WriteTxnMarkersRequest req = {3, mk};
        roundtrip(&sm_WriteTxnMarkersRequest_codec, v, &req);
        req.Markers_count = 0;
        roundtrip(&sm_WriteTxnMarkersRequest_codec, v, &req);

        sm_WritableTxnMarkerPartitionResult pr[3] = {{0, 0}, {3, 6}, {5, 0}};
        sm_WritableTxnMarkerTopicResult tr[2] = {{S("orders"), 3, pr}, {EMPTY, 0, NULL}};
        sm_WritableTxnMarkerResult mr[2] = {{1001, 2, tr}, {-1, 0, NULL}};
        sm_WriteTxnMarkersResponse resp = {2, mr};
        roundtrip(&sm_WriteTxnMarkersResponse_codec, v, &resp);

        /* minimal elements at every level */
        sm_WritableTxnMarker *mm = NEW(sm_WritableTxnMarker, MANY);
        sm_WritableTxnMarkerTopic *mt = NEW(sm_WritableTxnMarkerTopic, MANY);
        for (int i = 0; i < MANY; i++)
            mt[i].Name = EMPTY;
        static int32_t mp[MANY];
        mt[0].PartitionIndexes_count = MANY;
        mt[0].PartitionIndexes = mp;
        mm[0].Topics_count = MANY;
        mm[0].Topics = mt;
        req = (sm_WriteTxnMarkersRequest){MANY, mm};
        roundtrip(&sm_WriteTxnMarkersRequest_codec, v, &req);
        sm_WritableTxnMarkerResult *rm = NEW(sm_WritableTxnMarkerResult, MANY);
        sm_WritableTxnMarkerTopicResult *rt = NEW(sm_WritableTxnMarkerTopicResult, MANY);
        for (int i = 0; i < MANY; i++)
            rt[i].Name = EMPTY;
        rt[0].Partitions_count = MANY;
        rt[0].Partitions = NEW(sm_WritableTxnMarkerPartitionResult, MANY);
        rm[0].Topics_count = MANY;
        rm[0].Topics = rt;
        resp = (sm_WriteTxnMarkersResponse){MANY, rm};
        roundtrip(&sm_WriteTxnMarkersResponse_codec, v, &resp);
    }
}

static void test_write_txn_markers_vectors(void **state)
{
    (void)state;
    /* v0: [{pid 1, epoch 0, COMMIT, [{"t", [0]}], coordinator epoch 5}] */
    static const uint8_t v0[] = {
        0x00, 0x00, 0x00, 0x01,                         /* Markers: 1 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* ProducerId */
        0x00, 0x00,                                     /* ProducerEpoch */
        0x01,                                           /* TransactionResult */
        0x00, 0x00, 0x00, 0x01,                         /* Topics: 1 */
        0x00, 0x01, 't',                                /* Name */
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, /* PartitionIndexes: [0] */
        0x00, 0x00, 0x00, 0x05,                         /* CoordinatorEpoch */
    };
    static int32_t p0[] = {0};
    sm_WritableTxnMarkerTopic t = {S("t"), 1, p0};
    sm_WritableTxnMarker mk = {1, 0, true, 1, &t, 5};
    sm_WriteTxnMarkersRequest req = {1, &mk};
    pin(&sm_WriteTxnMarkersRequest_codec, 0, &req, v0, sizeof(v0));
    /* v1 (flexible), ABORT */
    static const uint8_t v1[] = {
        0x02,                                           /* Markers: 1 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* ProducerId */
        0x00, 0x00,                                     /* ProducerEpoch */
        0x00,                                           /* TransactionResult */
        0x02,                                           /* Topics: 1 */
        0x02, 't',                                      /* Name */
        0x02, 0x00, 0x00, 0x00, 0x00,                   /* PartitionIndexes: [0] */
        0x00,                                           /* topic tags */
        0x00, 0x00, 0x00, 0x05,                         /* CoordinatorEpoch */
        0x00,                                           /* marker tags */
        0x00,                                           /* tags */
    };
    mk.TransactionResult = false;
    pin(&sm_WriteTxnMarkersRequest_codec, 1, &req, v1, sizeof(v1));

    /* Response v0: [{pid 1, [{"t", [{0, 0}]}]}] (no throttle time) */
    static const uint8_t r0[] = {
        0x00, 0x00, 0x00, 0x01,                         /* Markers: 1 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* ProducerId */
        0x00, 0x00, 0x00, 0x01,                         /* Topics: 1 */
        0x00, 0x01, 't',                                /* Name */
        0x00, 0x00, 0x00, 0x01,                         /* Partitions: 1 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00,             /* 0, error 0 */
    };
    sm_WritableTxnMarkerPartitionResult pr = {0, 0};
    sm_WritableTxnMarkerTopicResult tr = {S("t"), 1, &pr};
    sm_WritableTxnMarkerResult mr = {1, 1, &tr};
    sm_WriteTxnMarkersResponse resp = {1, &mr};
    pin(&sm_WriteTxnMarkersResponse_codec, 0, &resp, r0, sizeof(r0));
    /* Response v1, error 6 NOT_LEADER_OR_FOLLOWER */
    static const uint8_t r1[] = {
        0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* Markers: 1, pid 1 */
        0x02, 0x02, 't',                                      /* Topics: 1, "t" */
        0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00,       /* [{0, 6}] + tags */
        0x00, 0x00, 0x00,                                     /* topic, marker, top tags */
    };
    pr.ErrorCode = 6;
    pin(&sm_WriteTxnMarkersResponse_codec, 1, &resp, r1, sizeof(r1));
    /* Unknown tags in a marker and at top level are skipped. */
    static const uint8_t
        v1tags[] =
            {
                0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
                0x00, 0x00, 0x02, 0x02, 't',  0x02, 0x00, 0x00, 0x00, 0x00,
                0x00, 0x00, 0x00, 0x00, 0x05, 0x01, 0x04, 0x01, 0xee, /* marker: tag 4, 1 byte */
                0x02, 0x00, 0x00, 0x21, 0x02, 0x01, 0x02,             /* top: tags 0, 33 */
            };
    sm_WriteTxnMarkersRequest got;
    assert_int_equal(
        decode_bytes(&sm_WriteTxnMarkersRequest_codec, 1, v1tags, sizeof(v1tags), &got), 0);
    sm_WriteTxnMarkersRequest_cmp(&req, &got, 1);
    /* A marker count the bytes cannot hold is rejected before allocating. */
    static const uint8_t huge[] = {0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    reject(&sm_WriteTxnMarkersRequest_codec, 0, huge, sizeof(huge));
    static const uint8_t huge1[] = {0xff, 0xff, 0xff, 0xff, 0x07, 0, 0, 0, 0, 0, 0, 0};
    reject(&sm_WriteTxnMarkersRequest_codec, 1, huge1, sizeof(huge1));
    sm_arena_reset(&arena);
}

/* ======================= TxnOffsetCommit ======================= */

CODEC(sm_TxnOffsetCommitRequest)
CODEC(sm_TxnOffsetCommitResponse)

static void sm_TxnOffsetCommitRequest_cmp(const sm_TxnOffsetCommitRequest *e,
                                          const sm_TxnOffsetCommitRequest *g, int16_t v)
{
    (void)v;
    EQ_STR(e->TransactionalId, g->TransactionalId);
    EQ_STR(e->GroupId, g->GroupId);
    EQ_INT(e->ProducerId, g->ProducerId);
    EQ_INT(e->ProducerEpoch, g->ProducerEpoch);
    EQ_INT(e->GenerationId, g->GenerationId);
    EQ_STR(e->MemberId, g->MemberId);
    EQ_STR(e->GroupInstanceId, g->GroupInstanceId);
    EQ_INT(e->Topics_count, g->Topics_count);
    for (int32_t i = 0; i < e->Topics_count; i++) {
        const sm_TxnOffsetCommitRequestTopic *et = &e->Topics[i], *gt = &g->Topics[i];
        EQ_STR(et->Name, gt->Name);
        EQ_INT(et->Partitions_count, gt->Partitions_count);
        for (int32_t j = 0; j < et->Partitions_count; j++) {
            const sm_TxnOffsetCommitRequestPartition *ep = &et->Partitions[j],
                                                     *gp = &gt->Partitions[j];
            EQ_INT(ep->PartitionIndex, gp->PartitionIndex);
            EQ_INT(ep->CommittedOffset, gp->CommittedOffset);
            EQ_INT(ep->CommittedLeaderEpoch, gp->CommittedLeaderEpoch);
            EQ_STR(ep->CommittedMetadata, gp->CommittedMetadata);
        }
    }
}

static void sm_TxnOffsetCommitResponse_cmp(const sm_TxnOffsetCommitResponse *e,
                                           const sm_TxnOffsetCommitResponse *g, int16_t v)
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
static void build_toc_req(int16_t v, sm_TxnOffsetCommitRequest *m)
{
    sm_TxnOffsetCommitRequestPartition *p = NEW(sm_TxnOffsetCommitRequestPartition, 4);
    p[0] = (sm_TxnOffsetCommitRequestPartition){0, 100, -1, S("m0")};
    p[1] = (sm_TxnOffsetCommitRequestPartition){1, 0, -1, SM_STR_NULL};
    p[2] = (sm_TxnOffsetCommitRequestPartition){7, INT64_MAX, -1, EMPTY};
    p[3] = (sm_TxnOffsetCommitRequestPartition){-1, -1, -1, SM_STR_NULL};
    if (v >= 2) {
        p[0].CommittedLeaderEpoch = 5;
        p[2].CommittedLeaderEpoch = 0;
    }
    sm_TxnOffsetCommitRequestTopic *t = NEW(sm_TxnOffsetCommitRequestTopic, 3);
    t[0] = (sm_TxnOffsetCommitRequestTopic){S("orders"), 3, p};
    t[1] = (sm_TxnOffsetCommitRequestTopic){S("payments.v2"), 0, NULL};
    t[2] = (sm_TxnOffsetCommitRequestTopic){EMPTY, 1, p + 3};
    *m = (sm_TxnOffsetCommitRequest){.TransactionalId = S("txn-app-1"),
                                     .GroupId = S("consumer-group-1"),
                                     .ProducerId = 4000,
                                     .ProducerEpoch = 3,
                                     .GenerationId = -1,
                                     .MemberId = EMPTY,
                                     .GroupInstanceId = SM_STR_NULL,
                                     .Topics_count = 3,
                                     .Topics = t};
    if (v >= 3) {
        m->GenerationId = 42;
        m->MemberId = S("rdkafka-0b5c1f2e-9d6a-4f3b-8e7c-2a1d0c9b8a7f");
        m->GroupInstanceId = S("instance-a");
    }
}

static void test_txn_offset_commit_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 4; v++) {
        sm_TxnOffsetCommitRequest req;
        build_toc_req(v, &req);
        roundtrip(&sm_TxnOffsetCommitRequest_codec, v, &req);
        build_toc_req(v, &req);
        req.GroupInstanceId = SM_STR_NULL; /* v3+: static membership off */
        req.Topics_count = 0;
        roundtrip(&sm_TxnOffsetCommitRequest_codec, v, &req);

        sm_TxnOffsetCommitResponsePartition rp[3] = {{0, 0}, {1, 22}, {3, 25}};
        sm_TxnOffsetCommitResponseTopic rt[3] = {
            {S("orders"), 2, rp}, {S("empty"), 0, NULL}, {EMPTY, 1, rp + 2}};
        sm_TxnOffsetCommitResponse resp = {100, 3, rt};
        roundtrip(&sm_TxnOffsetCommitResponse_codec, v, &resp);

        /* minimal elements */
        sm_TxnOffsetCommitRequestTopic *mt = NEW(sm_TxnOffsetCommitRequestTopic, MANY);
        for (int i = 0; i < MANY; i++)
            mt[i].Name = EMPTY;
        sm_TxnOffsetCommitRequestPartition *mp = NEW(sm_TxnOffsetCommitRequestPartition, MANY);
        for (int i = 0; i < MANY; i++)
            mp[i] = (sm_TxnOffsetCommitRequestPartition){0, 0, -1, SM_STR_NULL};
        mt[0].Partitions_count = MANY;
        mt[0].Partitions = mp;
        req = (sm_TxnOffsetCommitRequest){EMPTY, EMPTY, 0, 0, -1, EMPTY, SM_STR_NULL, MANY, mt};
        roundtrip(&sm_TxnOffsetCommitRequest_codec, v, &req);
        sm_TxnOffsetCommitResponseTopic *mrt = NEW(sm_TxnOffsetCommitResponseTopic, MANY);
        for (int i = 0; i < MANY; i++)
            mrt[i].Name = EMPTY;
        mrt[0].Partitions_count = MANY;
        mrt[0].Partitions = NEW(sm_TxnOffsetCommitResponsePartition, MANY);
        resp = (sm_TxnOffsetCommitResponse){0, MANY, mrt};
        roundtrip(&sm_TxnOffsetCommitResponse_codec, v, &resp);
    }
}

static void test_txn_offset_commit_vectors(void **state)
{
    (void)state;
    /* v0: "t", "g", pid 1, epoch 0, [{"a", [{0, 5, ""}]}] */
    static const uint8_t v0[] = {
        0x00, 0x01, 't',                                /* TransactionalId */
        0x00, 0x01, 'g',                                /* GroupId */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* ProducerId */
        0x00, 0x00,                                     /* ProducerEpoch */
        0x00, 0x00, 0x00, 0x01,                         /* Topics: 1 */
        0x00, 0x01, 'a',                                /* Name */
        0x00, 0x00, 0x00, 0x01,                         /* Partitions: 1 */
        0x00, 0x00, 0x00, 0x00,                         /* PartitionIndex */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* CommittedOffset */
        0x00, 0x00,                                     /* CommittedMetadata "" */
    };
    sm_TxnOffsetCommitRequestPartition p = {0, 5, -1, EMPTY};
    sm_TxnOffsetCommitRequestTopic t = {S("a"), 1, &p};
    sm_TxnOffsetCommitRequest req = {S("t"), S("g"), 1, 0, -1, EMPTY, SM_STR_NULL, 1, &t};
    pin(&sm_TxnOffsetCommitRequest_codec, 0, &req, v0, sizeof(v0));
    pin(&sm_TxnOffsetCommitRequest_codec, 1, &req, v0, sizeof(v0));
    /* Absent v3 fields decode to their defaults. */
    sm_TxnOffsetCommitRequest got;
    memset(&got, 0x5a, sizeof(got));
    assert_int_equal(decode_bytes(&sm_TxnOffsetCommitRequest_codec, 0, v0, sizeof(v0), &got), 0);
    assert_int_equal(got.GenerationId, -1);
    assert_true(sm_str_eq(got.MemberId, ""));
    assert_int_equal(got.GroupInstanceId.len, -1);
    assert_int_equal(got.Topics[0].Partitions[0].CommittedLeaderEpoch, -1);
    /* v2: CommittedLeaderEpoch 9 between offset and metadata; null metadata */
    static const uint8_t v2[] =
        {
            0x00, 0x01, 't',  0x00, 0x01, 'g',  0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01,
            'a',  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x09, /* CommittedLeaderEpoch */
            0xff, 0xff,                                                 /* CommittedMetadata null */
        };
    p = (sm_TxnOffsetCommitRequestPartition){0, 5, 9, SM_STR_NULL};
    pin(&sm_TxnOffsetCommitRequest_codec, 2, &req, v2, sizeof(v2));
    /* v3: generation 4, member "m", instance null, then the v2 topics */
    static const uint8_t v3[] = {
        0x02, 't',                                      /* TransactionalId */
        0x02, 'g',                                      /* GroupId */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* ProducerId */
        0x00, 0x00,                                     /* ProducerEpoch */
        0x00, 0x00, 0x00, 0x04,                         /* GenerationId */
        0x02, 'm',                                      /* MemberId */
        0x00,                                           /* GroupInstanceId null */
        0x02,                                           /* Topics: 1 */
        0x02, 'a',                                      /* Name */
        0x02,                                           /* Partitions: 1 */
        0x00, 0x00, 0x00, 0x00,                         /* PartitionIndex */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* CommittedOffset */
        0x00, 0x00, 0x00, 0x09,                         /* CommittedLeaderEpoch */
        0x00,                                           /* CommittedMetadata null */
        0x00, 0x00, 0x00,                               /* partition, topic, top tags */
    };
    req.GenerationId = 4;
    req.MemberId = S("m");
    pin(&sm_TxnOffsetCommitRequest_codec, 3, &req, v3, sizeof(v3));
    pin(&sm_TxnOffsetCommitRequest_codec, 4, &req, v3, sizeof(v3));
    /* v4 with GroupInstanceId "i" */
    static const uint8_t v4i[] = {
        0x02, 't',  0x02, 'g',  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x02, 'm',  0x02, 'i',  0x02, 0x02,
        'a',  0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x05, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00,
    };
    req.GroupInstanceId = S("i");
    pin(&sm_TxnOffsetCommitRequest_codec, 4, &req, v4i, sizeof(v4i));

    /* Response v0: throttle 0, [{"a", [{0, 0}]}]; v3 flexible, error 25. */
    static const uint8_t r0[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'a',
                                 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    sm_TxnOffsetCommitResponsePartition rp = {0, 0};
    sm_TxnOffsetCommitResponseTopic rt = {S("a"), 1, &rp};
    sm_TxnOffsetCommitResponse resp = {0, 1, &rt};
    pin(&sm_TxnOffsetCommitResponse_codec, 0, &resp, r0, sizeof(r0));
    static const uint8_t r3[] = {0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 'a',  0x02, 0x00,
                                 0x00, 0x00, 0x00, 0x00, 0x19, 0x00, 0x00, 0x00};
    rp.ErrorCode = 25;
    pin(&sm_TxnOffsetCommitResponse_codec, 3, &resp, r3, sizeof(r3));

    /* Invalid: null GroupId, null MemberId (v3), null Topics. */
    static const uint8_t null_group[] = {0x00, 0x01, 't', 0xff, 0xff, 0, 0, 0, 0, 0,
                                         0,    0,    0,   0,    0,    0, 0, 0, 0};
    reject(&sm_TxnOffsetCommitRequest_codec, 0, null_group, sizeof(null_group));
    static const uint8_t null_member[] = {0x02, 't', 0x02, 'g', 0, 0, 0, 0,    0,    0,    0,
                                          1,    0,   0,    0,   0, 0, 4, 0x00, 0x00, 0x01, 0x00};
    reject(&sm_TxnOffsetCommitRequest_codec, 3, null_member, sizeof(null_member));
    static const uint8_t null_topics[] = {0x00, 0x01, 't', 0x00, 0x01, 'g', 0,    0,    0,    0,
                                          0,    0,    0,   1,    0,    0,   0xff, 0xff, 0xff, 0xff};
    reject(&sm_TxnOffsetCommitRequest_codec, 0, null_topics, sizeof(null_topics));
    sm_arena_reset(&arena);
}

/* ======================= DescribeProducers ======================= */

CODEC(sm_DescribeProducersRequest)
CODEC(sm_DescribeProducersResponse)

static void sm_DescribeProducersRequest_cmp(const sm_DescribeProducersRequest *e,
                                            const sm_DescribeProducersRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->Topics_count, g->Topics_count);
    for (int32_t i = 0; i < e->Topics_count; i++) {
        EQ_STR(e->Topics[i].Name, g->Topics[i].Name);
        EQ_INT(e->Topics[i].PartitionIndexes_count, g->Topics[i].PartitionIndexes_count);
        cmp_i32s(e->Topics[i].PartitionIndexes_count, e->Topics[i].PartitionIndexes,
                 g->Topics[i].PartitionIndexes);
    }
}

static void sm_DescribeProducersResponse_cmp(const sm_DescribeProducersResponse *e,
                                             const sm_DescribeProducersResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->Topics_count, g->Topics_count);
    for (int32_t i = 0; i < e->Topics_count; i++) {
        const sm_DescribeProducersTopicResponse *et = &e->Topics[i], *gt = &g->Topics[i];
        EQ_STR(et->Name, gt->Name);
        EQ_INT(et->Partitions_count, gt->Partitions_count);
        for (int32_t j = 0; j < et->Partitions_count; j++) {
            const sm_DescribeProducersPartitionResponse *ep = &et->Partitions[j],
                                                        *gp = &gt->Partitions[j];
            EQ_INT(ep->PartitionIndex, gp->PartitionIndex);
            EQ_INT(ep->ErrorCode, gp->ErrorCode);
            EQ_STR(ep->ErrorMessage, gp->ErrorMessage);
            EQ_INT(ep->ActiveProducers_count, gp->ActiveProducers_count);
            for (int32_t k = 0; k < ep->ActiveProducers_count; k++) {
                const sm_DescribeProducersProducerState *es = &ep->ActiveProducers[k],
                                                        *gs = &gp->ActiveProducers[k];
                EQ_INT(es->ProducerId, gs->ProducerId);
                EQ_INT(es->ProducerEpoch, gs->ProducerEpoch);
                EQ_INT(es->LastSequence, gs->LastSequence);
                EQ_INT(es->LastTimestamp, gs->LastTimestamp);
                EQ_INT(es->CoordinatorEpoch, gs->CoordinatorEpoch);
                EQ_INT(es->CurrentTxnStartOffset, gs->CurrentTxnStartOffset);
            }
        }
    }
}

static void test_describe_producers(void **state)
{
    (void)state;
    static int32_t p0[] = {0, 1, 2}, p2[] = {9};
    sm_DescribeProducersTopicRequest t[3] = {
        {S("orders"), 3, p0}, {S("none"), 0, NULL}, {EMPTY, 1, p2}};
    sm_DescribeProducersRequest req = {3, t};
    roundtrip(&sm_DescribeProducersRequest_codec, 0, &req);

    sm_DescribeProducersProducerState ps[3] = {
        {1000, 0, 41, 1700000000123, -1, -1},             /* idempotent only */
        {1001, 2147483647, 7, 1700000000456, 3, 1234567}, /* in a transaction */
        {-1, -1, -1, -1, -1, -1},
    };
    sm_DescribeProducersPartitionResponse pr[3] = {
        {0, 0, SM_STR_NULL, 2, ps},
        {1, 6, S("not the leader"), 0, NULL},
        {2, 0, EMPTY, 1, ps + 2},
    };
    sm_DescribeProducersTopicResponse tr[2] = {{S("orders"), 3, pr}, {EMPTY, 0, NULL}};
    sm_DescribeProducersResponse resp = {33, 2, tr};
    roundtrip(&sm_DescribeProducersResponse_codec, 0, &resp);

    /* minimal elements */
    sm_DescribeProducersTopicRequest *mt = NEW(sm_DescribeProducersTopicRequest, MANY);
    for (int i = 0; i < MANY; i++)
        mt[i].Name = EMPTY;
    static int32_t mp[MANY];
    mt[0].PartitionIndexes_count = MANY;
    mt[0].PartitionIndexes = mp;
    req = (sm_DescribeProducersRequest){MANY, mt};
    roundtrip(&sm_DescribeProducersRequest_codec, 0, &req);
    sm_DescribeProducersTopicResponse *mrt = NEW(sm_DescribeProducersTopicResponse, MANY);
    for (int i = 0; i < MANY; i++)
        mrt[i].Name = EMPTY;
    sm_DescribeProducersPartitionResponse *mpr = NEW(sm_DescribeProducersPartitionResponse, MANY);
    for (int i = 0; i < MANY; i++)
        mpr[i].ErrorMessage = SM_STR_NULL;
    mpr[0].ActiveProducers_count = MANY;
    mpr[0].ActiveProducers = NEW(sm_DescribeProducersProducerState, MANY);
    mrt[0].Partitions_count = MANY;
    mrt[0].Partitions = mpr;
    resp = (sm_DescribeProducersResponse){0, MANY, mrt};
    roundtrip(&sm_DescribeProducersResponse_codec, 0, &resp);

    /* Request: [{"t", [0, 1]}] */
    static const uint8_t v0[] = {
        0x02,                                           /* Topics: 1 */
        0x02, 't',                                      /* Name */
        0x03,                                           /* PartitionIndexes: 2 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* 0, 1 */
        0x00,                                           /* topic tags */
        0x00,                                           /* tags */
    };
    static int32_t p01[] = {0, 1};
    sm_DescribeProducersTopicRequest vt = {S("t"), 2, p01};
    req = (sm_DescribeProducersRequest){1, &vt};
    pin(&sm_DescribeProducersRequest_codec, 0, &req, v0, sizeof(v0));
    /* Response: throttle 0, [{"t", [{0, 0, null, [{pid 5, epoch 1, seq 9,
     * ts 1000, coordinator epoch -1, txn start -1}]}]}] */
    static const uint8_t r0[] = {
        0x00, 0x00, 0x00, 0x00,                         /* ThrottleTimeMs */
        0x02,                                           /* Topics: 1 */
        0x02, 't',                                      /* Name */
        0x02,                                           /* Partitions: 1 */
        0x00, 0x00, 0x00, 0x00,                         /* PartitionIndex */
        0x00, 0x00,                                     /* ErrorCode */
        0x00,                                           /* ErrorMessage null */
        0x02,                                           /* ActiveProducers: 1 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* ProducerId */
        0x00, 0x00, 0x00, 0x01,                         /* ProducerEpoch (int32) */
        0x00, 0x00, 0x00, 0x09,                         /* LastSequence */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8, /* LastTimestamp */
        0xff, 0xff, 0xff, 0xff,                         /* CoordinatorEpoch */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* CurrentTxnStartOffset */
        0x00,                                           /* producer tags */
        0x00,                                           /* partition tags */
        0x00,                                           /* topic tags */
        0x00,                                           /* tags */
    };
    sm_DescribeProducersProducerState vs = {5, 1, 9, 1000, -1, -1};
    sm_DescribeProducersPartitionResponse vp = {0, 0, SM_STR_NULL, 1, &vs};
    sm_DescribeProducersTopicResponse vtr = {S("t"), 1, &vp};
    resp = (sm_DescribeProducersResponse){0, 1, &vtr};
    pin(&sm_DescribeProducersResponse_codec, 0, &resp, r0, sizeof(r0));
    /* Null arrays are invalid; an ActiveProducers count larger than the
     * bytes left (37 bytes per producer at least) is rejected. */
    static const uint8_t null_topics[] = {0x00, 0x00};
    reject(&sm_DescribeProducersRequest_codec, 0, null_topics, sizeof(null_topics));
    static const uint8_t null_parts[] = {0x02, 0x02, 't', 0x00, 0x00, 0x00};
    reject(&sm_DescribeProducersRequest_codec, 0, null_parts, sizeof(null_parts));
    static const uint8_t many_producers[] = {
        0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 't', 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x03, 0,    0,    0,    0,   0,    0,    0,    0,    0,    0,
        0,    0,    0,    0,    0,    0,    0,   0,    0,    0,    0,    0,    0,
        0,    0,    0,    0,    0,    0,    0,   0,    0,    0,    0,    0,    0,
        0,    0,    0,    0,    0,    0,    0,   0,    0,    0,    0,    0};
    reject(&sm_DescribeProducersResponse_codec, 0, many_producers, sizeof(many_producers));
    sm_arena_reset(&arena);
}

/* ======================= DescribeTransactions ======================= */

CODEC(sm_DescribeTransactionsRequest)
CODEC(sm_DescribeTransactionsResponse)

static void sm_DescribeTransactionsRequest_cmp(const sm_DescribeTransactionsRequest *e,
                                               const sm_DescribeTransactionsRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->TransactionalIds_count, g->TransactionalIds_count);
    for (int32_t i = 0; i < e->TransactionalIds_count; i++)
        EQ_STR(e->TransactionalIds[i], g->TransactionalIds[i]);
}

static void sm_DescribeTransactionsResponse_cmp(const sm_DescribeTransactionsResponse *e,
                                                const sm_DescribeTransactionsResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->TransactionStates_count, g->TransactionStates_count);
    for (int32_t i = 0; i < e->TransactionStates_count; i++) {
        const sm_DescribeTransactionsTransactionState *es = &e->TransactionStates[i],
                                                      *gs = &g->TransactionStates[i];
        EQ_INT(es->ErrorCode, gs->ErrorCode);
        EQ_STR(es->TransactionalId, gs->TransactionalId);
        EQ_STR(es->TransactionState, gs->TransactionState);
        EQ_INT(es->TransactionTimeoutMs, gs->TransactionTimeoutMs);
        EQ_INT(es->TransactionStartTimeMs, gs->TransactionStartTimeMs);
        EQ_INT(es->ProducerId, gs->ProducerId);
        EQ_INT(es->ProducerEpoch, gs->ProducerEpoch);
        EQ_INT(es->Topics_count, gs->Topics_count);
        for (int32_t j = 0; j < es->Topics_count; j++) {
            EQ_STR(es->Topics[j].Topic, gs->Topics[j].Topic);
            EQ_INT(es->Topics[j].Partitions_count, gs->Topics[j].Partitions_count);
            cmp_i32s(es->Topics[j].Partitions_count, es->Topics[j].Partitions,
                     gs->Topics[j].Partitions);
        }
    }
}

static void test_describe_transactions(void **state)
{
    (void)state;
    sm_str_t ids[3] = {S("txn-a"), EMPTY, S("txn-c")};
    sm_DescribeTransactionsRequest req = {3, ids};
    roundtrip(&sm_DescribeTransactionsRequest_codec, 0, &req);
    req.TransactionalIds_count = 0;
    roundtrip(&sm_DescribeTransactionsRequest_codec, 0, &req);

    static int32_t p0[] = {0, 4}, p1[] = {2};
    sm_DescribeTransactionsTopicData td[3] = {
        {S("orders"), 2, p0}, {S("payments"), 1, p1}, {EMPTY, 0, NULL}};
    sm_DescribeTransactionsTransactionState ts[3] = {
        {0, S("txn-a"), S("Ongoing"), 60000, 1700000000000, 4000, 3, 3, td},
        {105 /* TRANSACTIONAL_ID_NOT_FOUND */, S("txn-b"), EMPTY, 0, -1, -1, -1, 0, NULL},
        {0, EMPTY, S("Empty"), INT32_MAX, INT64_MAX, INT64_MAX, INT16_MAX, 1, td + 2},
    };
    sm_DescribeTransactionsResponse resp = {17, 3, ts};
    roundtrip(&sm_DescribeTransactionsResponse_codec, 0, &resp);

    /* minimal elements */
    sm_str_t *mids = NEW(sm_str_t, MANY);
    for (int i = 0; i < MANY; i++)
        mids[i] = EMPTY;
    req = (sm_DescribeTransactionsRequest){MANY, mids};
    roundtrip(&sm_DescribeTransactionsRequest_codec, 0, &req);
    sm_DescribeTransactionsTransactionState *ms =
        NEW(sm_DescribeTransactionsTransactionState, MANY);
    for (int i = 0; i < MANY; i++)
        ms[i].TransactionalId = ms[i].TransactionState = EMPTY;
    sm_DescribeTransactionsTopicData *mt = NEW(sm_DescribeTransactionsTopicData, MANY);
    for (int i = 0; i < MANY; i++)
        mt[i].Topic = EMPTY;
    static int32_t mp[MANY];
    mt[0].Partitions_count = MANY;
    mt[0].Partitions = mp;
    ms[0].Topics_count = MANY;
    ms[0].Topics = mt;
    resp = (sm_DescribeTransactionsResponse){0, MANY, ms};
    roundtrip(&sm_DescribeTransactionsResponse_codec, 0, &resp);

    /* Request ["t", ""] */
    static const uint8_t v0[] = {0x03, 0x02, 't', 0x01, 0x00};
    sm_str_t vids[2] = {S("t"), EMPTY};
    req = (sm_DescribeTransactionsRequest){2, vids};
    pin(&sm_DescribeTransactionsRequest_codec, 0, &req, v0, sizeof(v0));
    /* Response: throttle 0, [{0, "t", "Ongoing", 60000, 1000, pid 5, epoch 1,
     * [{"a", [0]}]}] */
    static const uint8_t r0[] = {
        0x00, 0x00, 0x00, 0x00,                         /* ThrottleTimeMs */
        0x02,                                           /* TransactionStates: 1 */
        0x00, 0x00,                                     /* ErrorCode */
        0x02, 't',                                      /* TransactionalId */
        0x08, 'O',  'n',  'g',  'o',  'i',  'n',  'g',  /* TransactionState */
        0x00, 0x00, 0xea, 0x60,                         /* TransactionTimeoutMs */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8, /* TransactionStartTimeMs */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* ProducerId */
        0x00, 0x01,                                     /* ProducerEpoch */
        0x02,                                           /* Topics: 1 */
        0x02, 'a',                                      /* Topic */
        0x02, 0x00, 0x00, 0x00, 0x00,                   /* Partitions: [0] */
        0x00,                                           /* topic tags */
        0x00,                                           /* state tags */
        0x00,                                           /* tags */
    };
    static int32_t vp[] = {0};
    sm_DescribeTransactionsTopicData vtd = {S("a"), 1, vp};
    sm_DescribeTransactionsTransactionState vts = {0, S("t"), S("Ongoing"), 60000, 1000, 5,
                                                   1, 1,      &vtd};
    resp = (sm_DescribeTransactionsResponse){0, 1, &vts};
    pin(&sm_DescribeTransactionsResponse_codec, 0, &resp, r0, sizeof(r0));
    /* A null id and a null array are invalid. */
    static const uint8_t null_id[] = {0x02, 0x00, 0x00};
    reject(&sm_DescribeTransactionsRequest_codec, 0, null_id, sizeof(null_id));
    static const uint8_t null_ids[] = {0x00, 0x00};
    reject(&sm_DescribeTransactionsRequest_codec, 0, null_ids, sizeof(null_ids));
    /* 5 ids announced, bytes for far fewer */
    static const uint8_t few[] = {0x06, 0x01, 0x01, 0x00};
    reject(&sm_DescribeTransactionsRequest_codec, 0, few, sizeof(few));
    sm_arena_reset(&arena);
}

/* ======================= ListTransactions ======================= */

CODEC(sm_ListTransactionsRequest)
CODEC(sm_ListTransactionsResponse)

static void sm_ListTransactionsRequest_cmp(const sm_ListTransactionsRequest *e,
                                           const sm_ListTransactionsRequest *g, int16_t v)
{
    (void)v;
    EQ_INT(e->StateFilters_count, g->StateFilters_count);
    for (int32_t i = 0; i < e->StateFilters_count; i++)
        EQ_STR(e->StateFilters[i], g->StateFilters[i]);
    EQ_INT(e->ProducerIdFilters_count, g->ProducerIdFilters_count);
    for (int32_t i = 0; i < e->ProducerIdFilters_count; i++)
        EQ_INT(e->ProducerIdFilters[i], g->ProducerIdFilters[i]);
    EQ_INT(e->DurationFilter, g->DurationFilter);
}

static void sm_ListTransactionsResponse_cmp(const sm_ListTransactionsResponse *e,
                                            const sm_ListTransactionsResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->ErrorCode, g->ErrorCode);
    EQ_INT(e->UnknownStateFilters_count, g->UnknownStateFilters_count);
    for (int32_t i = 0; i < e->UnknownStateFilters_count; i++)
        EQ_STR(e->UnknownStateFilters[i], g->UnknownStateFilters[i]);
    EQ_INT(e->TransactionStates_count, g->TransactionStates_count);
    for (int32_t i = 0; i < e->TransactionStates_count; i++) {
        EQ_STR(e->TransactionStates[i].TransactionalId, g->TransactionStates[i].TransactionalId);
        EQ_INT(e->TransactionStates[i].ProducerId, g->TransactionStates[i].ProducerId);
        EQ_STR(e->TransactionStates[i].TransactionState, g->TransactionStates[i].TransactionState);
    }
}

static void test_list_transactions(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 1; v++) {
        sm_str_t states[3] = {S("Ongoing"), S("PrepareCommit"), EMPTY};
        int64_t pids[3] = {1, INT64_MAX, -1};
        sm_ListTransactionsRequest req = {3, states, 3, pids, v >= 1 ? 3600000 : -1};
        roundtrip(&sm_ListTransactionsRequest_codec, v, &req);
        req = (sm_ListTransactionsRequest){0, NULL, 0, NULL, -1};
        roundtrip(&sm_ListTransactionsRequest_codec, v, &req);
        if (v >= 1) {
            req.DurationFilter = 0;
            roundtrip(&sm_ListTransactionsRequest_codec, v, &req);
        }

        sm_str_t unknown[2] = {S("Bogus"), EMPTY};
        sm_ListTransactionsTransactionState ts[3] = {
            {S("txn-a"), 4000, S("Ongoing")},
            {EMPTY, -1, EMPTY},
            {S("txn-c"), INT64_MAX, S("CompleteAbort")},
        };
        sm_ListTransactionsResponse resp = {9, 0, 2, unknown, 3, ts};
        roundtrip(&sm_ListTransactionsResponse_codec, v, &resp);
        resp =
            (sm_ListTransactionsResponse){0, 15 /* COORDINATOR_NOT_AVAILABLE */, 0, NULL, 0, NULL};
        roundtrip(&sm_ListTransactionsResponse_codec, v, &resp);

        /* minimal elements */
        sm_str_t *ms = NEW(sm_str_t, MANY);
        for (int i = 0; i < MANY; i++)
            ms[i] = EMPTY;
        int64_t *mp = NEW(int64_t, MANY);
        req = (sm_ListTransactionsRequest){MANY, ms, MANY, mp, -1};
        roundtrip(&sm_ListTransactionsRequest_codec, v, &req);
        /* (roundtrip reset the arena: allocate afresh) */
        ms = NEW(sm_str_t, MANY);
        for (int i = 0; i < MANY; i++)
            ms[i] = EMPTY;
        sm_ListTransactionsTransactionState *mts = NEW(sm_ListTransactionsTransactionState, MANY);
        for (int i = 0; i < MANY; i++)
            mts[i].TransactionalId = mts[i].TransactionState = EMPTY;
        resp = (sm_ListTransactionsResponse){0, 0, MANY, ms, MANY, mts};
        roundtrip(&sm_ListTransactionsResponse_codec, v, &resp);
    }

    /* v0: ["Ongoing"], [7] */
    static const uint8_t v0[] = {
        0x02, 0x08, 'O',  'n',  'g',  'o',  'i',  'n',  'g',  /* StateFilters */
        0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, /* ProducerIdFilters */
        0x00,                                                 /* tags */
    };
    sm_str_t st = S("Ongoing");
    int64_t pid = 7;
    sm_ListTransactionsRequest req = {1, &st, 1, &pid, -1};
    pin(&sm_ListTransactionsRequest_codec, 0, &req, v0, sizeof(v0));
    sm_ListTransactionsRequest got;
    memset(&got, 0x5a, sizeof(got));
    assert_int_equal(decode_bytes(&sm_ListTransactionsRequest_codec, 0, v0, sizeof(v0), &got), 0);
    assert_int_equal(got.DurationFilter, -1);
    /* v1: [], [], DurationFilter 60000 */
    static const uint8_t v1[] = {
        0x01,                                           /* StateFilters: [] */
        0x01,                                           /* ProducerIdFilters: [] */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xea, 0x60, /* DurationFilter */
        0x00,                                           /* tags */
    };
    req = (sm_ListTransactionsRequest){0, NULL, 0, NULL, 60000};
    pin(&sm_ListTransactionsRequest_codec, 1, &req, v1, sizeof(v1));
    /* Response: throttle 0, error 0, ["x"], [{"t", 5, "Ongoing"}] */
    static const uint8_t r0[] = {
        0x00, 0x00, 0x00, 0x00,                         /* ThrottleTimeMs */
        0x00, 0x00,                                     /* ErrorCode */
        0x02, 0x02, 'x',                                /* UnknownStateFilters */
        0x02,                                           /* TransactionStates: 1 */
        0x02, 't',                                      /* TransactionalId */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* ProducerId */
        0x08, 'O',  'n',  'g',  'o',  'i',  'n',  'g',  /* TransactionState */
        0x00,                                           /* state tags */
        0x00,                                           /* tags */
    };
    sm_str_t ux = S("x");
    sm_ListTransactionsTransactionState lts = {S("t"), 5, S("Ongoing")};
    sm_ListTransactionsResponse resp = {0, 0, 1, &ux, 1, &lts};
    pin(&sm_ListTransactionsResponse_codec, 0, &resp, r0, sizeof(r0));
    pin(&sm_ListTransactionsResponse_codec, 1, &resp, r0, sizeof(r0));
    /* 2 producer ids announced, 8 bytes left: rejected before allocating. */
    static const uint8_t few[] = {0x01, 0x03, 0, 0, 0, 0, 0, 0, 0, 1};
    reject(&sm_ListTransactionsRequest_codec, 0, few, sizeof(few));
    static const uint8_t null_pids[] = {0x01, 0x00, 0x00};
    reject(&sm_ListTransactionsRequest_codec, 0, null_pids, sizeof(null_pids));
    sm_arena_reset(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_init_producer_id_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_init_producer_id_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_partitions_to_txn_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_partitions_to_txn_minimal_elements, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_add_partitions_to_txn_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_offsets_to_txn, setup, teardown),
        cmocka_unit_test_setup_teardown(test_end_txn, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_txn_markers_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_txn_markers_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_txn_offset_commit_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_txn_offset_commit_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_producers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_transactions, setup, teardown),
    };
    return cmocka_run_group_tests_name("codecs_txn", tests, NULL, NULL);
}
