/*
 * DescribeTransactions codec; the byte layout is in describe_transactions.h.
 * Array counts are checked against the smallest encoding of one element, so
 * a forged count cannot make the arena allocate much more than the request.
 */
#include "describe_transactions.h"

/* Smallest encodings (compact forms, empty tags). */
#define STATE_MIN (2 + 1 + 1 + 4 + 8 + 8 + 2 + 1 + 1)
#define TOPIC_MIN (1 + 1 + 1)

int sm_DescribeTransactionsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                          sm_DescribeTransactionsRequest *m)
{
    (void)version;
    r->flexible = true;
    m->TransactionalIds_count = sm_rd_count(r, SM_STR_MIN(true), false);
    m->TransactionalIds = sm_rd_alloc(a, m->TransactionalIds_count, sizeof(*m->TransactionalIds));
    for (int32_t i = 0; i < m->TransactionalIds_count && !r->err; i++)
        m->TransactionalIds[i] = sm_rd_string(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DescribeTransactionsRequest_encode(sm_wr_t *w, int16_t version,
                                           const sm_DescribeTransactionsRequest *m)
{
    (void)version;
    w->flexible = true;
    sm_wr_count(w, m->TransactionalIds_count);
    for (int32_t i = 0; i < m->TransactionalIds_count; i++)
        sm_wr_string_nonnull(w, m->TransactionalIds[i]);
    sm_wr_tags_empty(w);
}

int sm_DescribeTransactionsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                           sm_DescribeTransactionsResponse *m)
{
    (void)version;
    r->flexible = true;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->TransactionStates_count = sm_rd_count(r, STATE_MIN, false);
    m->TransactionStates =
        sm_rd_alloc(a, m->TransactionStates_count, sizeof(*m->TransactionStates));
    for (int32_t i = 0; i < m->TransactionStates_count && !r->err; i++) {
        sm_DescribeTransactionsTransactionState *s = &m->TransactionStates[i];
        s->ErrorCode = sm_rd_i16(r);
        s->TransactionalId = sm_rd_string(r);
        s->TransactionState = sm_rd_string(r);
        s->TransactionTimeoutMs = sm_rd_i32(r);
        s->TransactionStartTimeMs = sm_rd_i64(r);
        s->ProducerId = sm_rd_i64(r);
        s->ProducerEpoch = sm_rd_i16(r);
        s->Topics_count = sm_rd_count(r, TOPIC_MIN, false);
        s->Topics = sm_rd_alloc(a, s->Topics_count, sizeof(*s->Topics));
        for (int32_t j = 0; j < s->Topics_count && !r->err; j++) {
            s->Topics[j].Topic = sm_rd_string(r);
            s->Topics[j].Partitions = sm_rd_i32_array(r, a, &s->Topics[j].Partitions_count);
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DescribeTransactionsResponse_encode(sm_wr_t *w, int16_t version,
                                            const sm_DescribeTransactionsResponse *m)
{
    (void)version;
    w->flexible = true;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_count(w, m->TransactionStates_count);
    for (int32_t i = 0; i < m->TransactionStates_count; i++) {
        const sm_DescribeTransactionsTransactionState *s = &m->TransactionStates[i];
        sm_wr_i16(w, s->ErrorCode);
        sm_wr_string_nonnull(w, s->TransactionalId);
        sm_wr_string_nonnull(w, s->TransactionState);
        sm_wr_i32(w, s->TransactionTimeoutMs);
        sm_wr_i64(w, s->TransactionStartTimeMs);
        sm_wr_i64(w, s->ProducerId);
        sm_wr_i16(w, s->ProducerEpoch);
        sm_wr_count(w, s->Topics_count);
        for (int32_t j = 0; j < s->Topics_count; j++) {
            sm_wr_string_nonnull(w, s->Topics[j].Topic);
            sm_wr_i32_array(w, s->Topics[j].Partitions_count, s->Topics[j].Partitions);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
