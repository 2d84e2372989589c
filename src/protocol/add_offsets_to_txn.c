/*
 * AddOffsetsToTxn codec; the byte layout per version is in
 * add_offsets_to_txn.h. Fixed fields and strings only: nothing allocates.
 */
#include "add_offsets_to_txn.h"

int sm_AddOffsetsToTxnRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_AddOffsetsToTxnRequest *m)
{
    (void)a;
    r->flexible = version >= 3;
    m->TransactionalId = sm_rd_string(r);
    m->ProducerId = sm_rd_i64(r);
    m->ProducerEpoch = sm_rd_i16(r);
    m->GroupId = sm_rd_string(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_AddOffsetsToTxnRequest_encode(sm_wr_t *w, int16_t version,
                                      const sm_AddOffsetsToTxnRequest *m)
{
    w->flexible = version >= 3;
    sm_wr_string_nonnull(w, m->TransactionalId);
    sm_wr_i64(w, m->ProducerId);
    sm_wr_i16(w, m->ProducerEpoch);
    sm_wr_string_nonnull(w, m->GroupId);
    sm_wr_tags_empty(w);
}

int sm_AddOffsetsToTxnResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_AddOffsetsToTxnResponse *m)
{
    (void)a;
    r->flexible = version >= 3;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->ErrorCode = sm_rd_i16(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_AddOffsetsToTxnResponse_encode(sm_wr_t *w, int16_t version,
                                       const sm_AddOffsetsToTxnResponse *m)
{
    w->flexible = version >= 3;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_i16(w, m->ErrorCode);
    sm_wr_tags_empty(w);
}
