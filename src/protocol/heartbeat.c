/*
 * Heartbeat codec; the byte layout per version is in heartbeat.h.
 */
#include "heartbeat.h"

int sm_HeartbeatRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_HeartbeatRequest *m)
{
    (void)a;
    r->flexible = version >= 4;
    m->GroupId = sm_rd_string(r);
    m->GenerationId = sm_rd_i32(r);
    m->MemberId = sm_rd_string(r);
    m->GroupInstanceId = version >= 3 ? sm_rd_nstring(r) : SM_STR_NULL;
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_HeartbeatRequest_encode(sm_wr_t *w, int16_t version, const sm_HeartbeatRequest *m)
{
    w->flexible = version >= 4;
    sm_wr_string_nonnull(w, m->GroupId);
    sm_wr_i32(w, m->GenerationId);
    sm_wr_string_nonnull(w, m->MemberId);
    if (version >= 3) sm_wr_string(w, m->GroupInstanceId);
    sm_wr_tags_empty(w);
}

int sm_HeartbeatResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_HeartbeatResponse *m)
{
    (void)a;
    r->flexible = version >= 4;
    m->ThrottleTimeMs = version >= 1 ? sm_rd_i32(r) : 0;
    m->ErrorCode = sm_rd_i16(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_HeartbeatResponse_encode(sm_wr_t *w, int16_t version, const sm_HeartbeatResponse *m)
{
    w->flexible = version >= 4;
    if (version >= 1) sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_i16(w, m->ErrorCode);
    sm_wr_tags_empty(w);
}
