/*
 * AddPartitionsToTxn codec; the byte layout per version is in
 * add_partitions_to_txn.h. Array counts are checked against the smallest
 * encoding of one element, so a forged count cannot make the arena allocate
 * much more than the request.
 */
#include "add_partitions_to_txn.h"

/* Topics [Name, Partitions [int32]] (request, both shapes). */
static sm_AddPartitionsToTxnTopic *rd_topics(sm_rd_t *r, sm_arena_t *a, int32_t *count)
{
    bool fl = r->flexible;
    *count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    sm_AddPartitionsToTxnTopic *t = sm_rd_alloc(a, *count, sizeof(*t));
    for (int32_t i = 0; i < *count && !r->err; i++) {
        t[i].Name = sm_rd_string(r);
        t[i].Partitions = sm_rd_i32_array(r, a, &t[i].Partitions_count);
        sm_rd_tags(r);
    }
    return t;
}

static void wr_topics(sm_wr_t *w, int32_t count, const sm_AddPartitionsToTxnTopic *t)
{
    sm_wr_count(w, count);
    for (int32_t i = 0; i < count; i++) {
        sm_wr_string_nonnull(w, t[i].Name);
        sm_wr_i32_array(w, t[i].Partitions_count, t[i].Partitions);
        sm_wr_tags_empty(w);
    }
}

int sm_AddPartitionsToTxnRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                        sm_AddPartitionsToTxnRequest *m)
{
    bool fl = version >= 3;
    r->flexible = fl;
    m->Transactions_count = 0;
    m->Transactions = NULL;
    m->V3AndBelowTransactionalId = SM_STR_EMPTY;
    m->V3AndBelowProducerId = 0;
    m->V3AndBelowProducerEpoch = 0;
    m->V3AndBelowTopics_count = 0;
    m->V3AndBelowTopics = NULL;
    if (version >= 4) {
        m->Transactions_count =
            sm_rd_count(r, SM_STR_MIN(fl) + 8 + 2 + 1 + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
        m->Transactions = sm_rd_alloc(a, m->Transactions_count, sizeof(*m->Transactions));
        for (int32_t i = 0; i < m->Transactions_count && !r->err; i++) {
            sm_AddPartitionsToTxnTransaction *t = &m->Transactions[i];
            t->TransactionalId = sm_rd_string(r);
            t->ProducerId = sm_rd_i64(r);
            t->ProducerEpoch = sm_rd_i16(r);
            t->VerifyOnly = sm_rd_bool(r);
            t->Topics = rd_topics(r, a, &t->Topics_count);
            sm_rd_tags(r);
        }
    } else {
        m->V3AndBelowTransactionalId = sm_rd_string(r);
        m->V3AndBelowProducerId = sm_rd_i64(r);
        m->V3AndBelowProducerEpoch = sm_rd_i16(r);
        m->V3AndBelowTopics = rd_topics(r, a, &m->V3AndBelowTopics_count);
        if (!r->err) {
            /* The one transaction of the client form, for the handler. */
            sm_AddPartitionsToTxnTransaction *t = sm_rd_alloc(a, 1, sizeof(*t));
            *t = (sm_AddPartitionsToTxnTransaction){
                .TransactionalId = m->V3AndBelowTransactionalId,
                .ProducerId = m->V3AndBelowProducerId,
                .ProducerEpoch = m->V3AndBelowProducerEpoch,
                .VerifyOnly = false,
                .Topics_count = m->V3AndBelowTopics_count,
                .Topics = m->V3AndBelowTopics,
            };
            m->Transactions_count = 1;
            m->Transactions = t;
        }
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_AddPartitionsToTxnRequest_encode(sm_wr_t *w, int16_t version,
                                         const sm_AddPartitionsToTxnRequest *m)
{
    w->flexible = version >= 3;
    if (version >= 4) {
        sm_wr_count(w, m->Transactions_count);
        for (int32_t i = 0; i < m->Transactions_count; i++) {
            const sm_AddPartitionsToTxnTransaction *t = &m->Transactions[i];
            sm_wr_string_nonnull(w, t->TransactionalId);
            sm_wr_i64(w, t->ProducerId);
            sm_wr_i16(w, t->ProducerEpoch);
            sm_wr_bool(w, t->VerifyOnly);
            wr_topics(w, t->Topics_count, t->Topics);
            sm_wr_tags_empty(w);
        }
    } else {
        sm_wr_string_nonnull(w, m->V3AndBelowTransactionalId);
        sm_wr_i64(w, m->V3AndBelowProducerId);
        sm_wr_i16(w, m->V3AndBelowProducerEpoch);
        wr_topics(w, m->V3AndBelowTopics_count, m->V3AndBelowTopics);
    }
    sm_wr_tags_empty(w);
}

/* [AddPartitionsToTxnTopicResult] (response, both shapes). */
static sm_AddPartitionsToTxnTopicResult *rd_topic_results(sm_rd_t *r, sm_arena_t *a, int32_t *count)
{
    bool fl = r->flexible;
    *count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    sm_AddPartitionsToTxnTopicResult *t = sm_rd_alloc(a, *count, sizeof(*t));
    for (int32_t i = 0; i < *count && !r->err; i++) {
        t[i].Name = sm_rd_string(r);
        t[i].ResultsByPartition_count = sm_rd_count(r, 6 + SM_TAGS_MIN(fl), false);
        t[i].ResultsByPartition =
            sm_rd_alloc(a, t[i].ResultsByPartition_count, sizeof(*t[i].ResultsByPartition));
        for (int32_t j = 0; j < t[i].ResultsByPartition_count && !r->err; j++) {
            t[i].ResultsByPartition[j].PartitionIndex = sm_rd_i32(r);
            t[i].ResultsByPartition[j].PartitionErrorCode = sm_rd_i16(r);
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    return t;
}

static void wr_topic_results(sm_wr_t *w, int32_t count, const sm_AddPartitionsToTxnTopicResult *t)
{
    sm_wr_count(w, count);
    for (int32_t i = 0; i < count; i++) {
        sm_wr_string_nonnull(w, t[i].Name);
        sm_wr_count(w, t[i].ResultsByPartition_count);
        for (int32_t j = 0; j < t[i].ResultsByPartition_count; j++) {
            sm_wr_i32(w, t[i].ResultsByPartition[j].PartitionIndex);
            sm_wr_i16(w, t[i].ResultsByPartition[j].PartitionErrorCode);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
}

int sm_AddPartitionsToTxnResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                         sm_AddPartitionsToTxnResponse *m)
{
    bool fl = version >= 3;
    r->flexible = fl;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->ErrorCode = 0;
    m->ResultsByTransaction_count = 0;
    m->ResultsByTransaction = NULL;
    m->ResultsByTopicV3AndBelow_count = 0;
    m->ResultsByTopicV3AndBelow = NULL;
    if (version >= 4) {
        m->ErrorCode = sm_rd_i16(r);
        m->ResultsByTransaction_count =
            sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
        m->ResultsByTransaction =
            sm_rd_alloc(a, m->ResultsByTransaction_count, sizeof(*m->ResultsByTransaction));
        for (int32_t i = 0; i < m->ResultsByTransaction_count && !r->err; i++) {
            sm_AddPartitionsToTxnResult *t = &m->ResultsByTransaction[i];
            t->TransactionalId = sm_rd_string(r);
            t->TopicResults = rd_topic_results(r, a, &t->TopicResults_count);
            sm_rd_tags(r);
        }
    } else {
        m->ResultsByTopicV3AndBelow = rd_topic_results(r, a, &m->ResultsByTopicV3AndBelow_count);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_AddPartitionsToTxnResponse_encode(sm_wr_t *w, int16_t version,
                                          const sm_AddPartitionsToTxnResponse *m)
{
    w->flexible = version >= 3;
    sm_wr_i32(w, m->ThrottleTimeMs);
    if (version >= 4) {
        sm_wr_i16(w, m->ErrorCode);
        sm_wr_count(w, m->ResultsByTransaction_count);
        for (int32_t i = 0; i < m->ResultsByTransaction_count; i++) {
            const sm_AddPartitionsToTxnResult *t = &m->ResultsByTransaction[i];
            sm_wr_string_nonnull(w, t->TransactionalId);
            wr_topic_results(w, t->TopicResults_count, t->TopicResults);
            sm_wr_tags_empty(w);
        }
    } else {
        wr_topic_results(w, m->ResultsByTopicV3AndBelow_count, m->ResultsByTopicV3AndBelow);
    }
    sm_wr_tags_empty(w);
}
