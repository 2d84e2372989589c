/*
 * ListTransactions codec; the byte layout per version is in
 * list_transactions.h. Array counts are checked against the smallest
 * encoding of one element, so a forged count cannot make the arena allocate
 * much more than the request.
 */
#include "list_transactions.h"

/* Smallest TransactionState: "", ProducerId, "", empty tags. */
#define STATE_MIN (1 + 8 + 1 + 1)

/* Non-nullable [string]. */
static sm_str_t *rd_strings(sm_rd_t *r, sm_arena_t *a, int32_t *count)
{
    *count = sm_rd_count(r, SM_STR_MIN(r->flexible), false);
    sm_str_t *v = sm_rd_alloc(a, *count, sizeof(*v));
    for (int32_t i = 0; i < *count && !r->err; i++)
        v[i] = sm_rd_string(r);
    return v;
}

static void wr_strings(sm_wr_t *w, int32_t count, const sm_str_t *v)
{
    sm_wr_count(w, count);
    for (int32_t i = 0; i < count; i++)
        sm_wr_string_nonnull(w, v[i]);
}

int sm_ListTransactionsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_ListTransactionsRequest *m)
{
    r->flexible = true;
    m->StateFilters = rd_strings(r, a, &m->StateFilters_count);
    /* [int64]: no other codec here reads one, so it has no wire helper */
    m->ProducerIdFilters_count = sm_rd_count(r, 8, false);
    m->ProducerIdFilters =
        sm_rd_alloc(a, m->ProducerIdFilters_count, sizeof(*m->ProducerIdFilters));
    for (int32_t i = 0; i < m->ProducerIdFilters_count && !r->err; i++)
        m->ProducerIdFilters[i] = sm_rd_i64(r);
    m->DurationFilter = version >= 1 ? sm_rd_i64(r) : -1;
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_ListTransactionsRequest_encode(sm_wr_t *w, int16_t version,
                                       const sm_ListTransactionsRequest *m)
{
    w->flexible = true;
    wr_strings(w, m->StateFilters_count, m->StateFilters);
    sm_wr_count(w, m->ProducerIdFilters_count);
    for (int32_t i = 0; i < m->ProducerIdFilters_count; i++)
        sm_wr_i64(w, m->ProducerIdFilters[i]);
    if (version >= 1) sm_wr_i64(w, m->DurationFilter);
    sm_wr_tags_empty(w);
}

int sm_ListTransactionsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                       sm_ListTransactionsResponse *m)
{
    (void)version;
    r->flexible = true;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->ErrorCode = sm_rd_i16(r);
    m->UnknownStateFilters = rd_strings(r, a, &m->UnknownStateFilters_count);
    m->TransactionStates_count = sm_rd_count(r, STATE_MIN, false);
    m->TransactionStates =
        sm_rd_alloc(a, m->TransactionStates_count, sizeof(*m->TransactionStates));
    for (int32_t i = 0; i < m->TransactionStates_count && !r->err; i++) {
        sm_ListTransactionsTransactionState *s = &m->TransactionStates[i];
        s->TransactionalId = sm_rd_string(r);
        s->ProducerId = sm_rd_i64(r);
        s->TransactionState = sm_rd_string(r);
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_ListTransactionsResponse_encode(sm_wr_t *w, int16_t version,
                                        const sm_ListTransactionsResponse *m)
{
    (void)version;
    w->flexible = true;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_i16(w, m->ErrorCode);
    wr_strings(w, m->UnknownStateFilters_count, m->UnknownStateFilters);
    sm_wr_count(w, m->TransactionStates_count);
    for (int32_t i = 0; i < m->TransactionStates_count; i++) {
        const sm_ListTransactionsTransactionState *s = &m->TransactionStates[i];
        sm_wr_string_nonnull(w, s->TransactionalId);
        sm_wr_i64(w, s->ProducerId);
        sm_wr_string_nonnull(w, s->TransactionState);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
