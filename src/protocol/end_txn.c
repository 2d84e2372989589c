/*
 * EndTxn codec; the byte layout per version is in end_txn.h. Fixed fields
 * and one string only: nothing allocates.
 */
#include "end_txn.h"

int sm_EndTxnRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_EndTxnRequest *m)
{
    (void)a;
    r->flexible = version >= 3;
    m->TransactionalId = sm_rd_string(r);
    m->ProducerId = sm_rd_i64(r);
    m->ProducerEpoch = sm_rd_i16(r);
    m->Committed = sm_rd_bool(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_EndTxnRequest_encode(sm_wr_t *w, int16_t version, const sm_EndTxnRequest *m)
{
    w->flexible = version >= 3;
    sm_wr_string_nonnull(w, m->TransactionalId);
    sm_wr_i64(w, m->ProducerId);
    sm_wr_i16(w, m->ProducerEpoch);
    sm_wr_bool(w, m->Committed);
    sm_wr_tags_empty(w);
}

int sm_EndTxnResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_EndTxnResponse *m)
{
    (void)a;
    r->flexible = version >= 3;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->ErrorCode = sm_rd_i16(r);
    m->ProducerId = version >= 5 ? sm_rd_i64(r) : -1;
    m->ProducerEpoch = version >= 5 ? sm_rd_i16(r) : -1;
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_EndTxnResponse_encode(sm_wr_t *w, int16_t version, const sm_EndTxnResponse *m)
{
    w->flexible = version >= 3;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_i16(w, m->ErrorCode);
    if (version >= 5) {
        sm_wr_i64(w, m->ProducerId);
        sm_wr_i16(w, m->ProducerEpoch);
    }
    sm_wr_tags_empty(w);
}
