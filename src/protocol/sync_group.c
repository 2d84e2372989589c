/*
 * SyncGroup codec; the byte layout per version is in sync_group.h. The
 * Assignments count is checked against the smallest encoding of one
 * element, so a forged count cannot make the arena allocate much more than
 * the request.
 */
#include "sync_group.h"

/* Assignment is not nullable: a null view goes out as empty bytes, never as
 * an invalid null. */
static void wr_bytes_nonnull(sm_wr_t *w, sm_bytes_t b)
{
    sm_wr_bytes(w, b.len < 0 ? (sm_bytes_t){NULL, 0} : b);
}

int sm_SyncGroupRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_SyncGroupRequest *m)
{
    bool fl = version >= 4;
    r->flexible = fl;
    m->GroupId = sm_rd_string(r);
    m->GenerationId = sm_rd_i32(r);
    m->MemberId = sm_rd_string(r);
    m->GroupInstanceId = version >= 3 ? sm_rd_nstring(r) : SM_STR_NULL;
    m->ProtocolType = version >= 5 ? sm_rd_nstring(r) : SM_STR_NULL;
    m->ProtocolName = version >= 5 ? sm_rd_nstring(r) : SM_STR_NULL;
    m->Assignments_count =
        sm_rd_count(r, SM_STR_MIN(fl) + SM_BYTES_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Assignments = sm_rd_alloc(a, m->Assignments_count, sizeof(*m->Assignments));
    for (int32_t i = 0; i < m->Assignments_count && !r->err; i++) {
        m->Assignments[i].MemberId = sm_rd_string(r);
        m->Assignments[i].Assignment = sm_rd_bytes(r);
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_SyncGroupRequest_encode(sm_wr_t *w, int16_t version, const sm_SyncGroupRequest *m)
{
    w->flexible = version >= 4;
    sm_wr_string_nonnull(w, m->GroupId);
    sm_wr_i32(w, m->GenerationId);
    sm_wr_string_nonnull(w, m->MemberId);
    if (version >= 3) sm_wr_string(w, m->GroupInstanceId);
    if (version >= 5) {
        sm_wr_string(w, m->ProtocolType);
        sm_wr_string(w, m->ProtocolName);
    }
    sm_wr_count(w, m->Assignments_count);
    for (int32_t i = 0; i < m->Assignments_count; i++) {
        sm_wr_string_nonnull(w, m->Assignments[i].MemberId);
        wr_bytes_nonnull(w, m->Assignments[i].Assignment);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}

int sm_SyncGroupResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_SyncGroupResponse *m)
{
    (void)a;
    r->flexible = version >= 4;
    m->ThrottleTimeMs = version >= 1 ? sm_rd_i32(r) : 0;
    m->ErrorCode = sm_rd_i16(r);
    m->ProtocolType = version >= 5 ? sm_rd_nstring(r) : SM_STR_NULL;
    m->ProtocolName = version >= 5 ? sm_rd_nstring(r) : SM_STR_NULL;
    m->Assignment = sm_rd_bytes(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_SyncGroupResponse_encode(sm_wr_t *w, int16_t version, const sm_SyncGroupResponse *m)
{
    w->flexible = version >= 4;
    if (version >= 1) sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_i16(w, m->ErrorCode);
    if (version >= 5) {
        sm_wr_string(w, m->ProtocolType);
        sm_wr_string(w, m->ProtocolName);
    }
    wr_bytes_nonnull(w, m->Assignment);
    sm_wr_tags_empty(w);
}
