/*
 * InitProducerId codec; the byte layout per version is in
 * init_producer_id.h. Fixed-size fields and one string only: nothing here
 * allocates.
 */
#include "init_producer_id.h"

int sm_InitProducerIdRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                    sm_InitProducerIdRequest *m)
{
    (void)a;
    r->flexible = version >= 2;
    m->TransactionalId = sm_rd_nstring(r);
    m->TransactionTimeoutMs = sm_rd_i32(r);
    m->ProducerId = version >= 3 ? sm_rd_i64(r) : -1;
    m->ProducerEpoch = version >= 3 ? sm_rd_i16(r) : -1;
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_InitProducerIdRequest_encode(sm_wr_t *w, int16_t version, const sm_InitProducerIdRequest *m)
{
    w->flexible = version >= 2;
    sm_wr_string(w, m->TransactionalId);
    sm_wr_i32(w, m->TransactionTimeoutMs);
    if (version >= 3) {
        sm_wr_i64(w, m->ProducerId);
        sm_wr_i16(w, m->ProducerEpoch);
    }
    sm_wr_tags_empty(w);
}

int sm_InitProducerIdResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_InitProducerIdResponse *m)
{
    (void)a;
    r->flexible = version >= 2;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->ErrorCode = sm_rd_i16(r);
    m->ProducerId = sm_rd_i64(r);
    m->ProducerEpoch = sm_rd_i16(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_InitProducerIdResponse_encode(sm_wr_t *w, int16_t version,
                                      const sm_InitProducerIdResponse *m)
{
    w->flexible = version >= 2;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_i16(w, m->ErrorCode);
    sm_wr_i64(w, m->ProducerId);
    sm_wr_i16(w, m->ProducerEpoch);
    sm_wr_tags_empty(w);
}
