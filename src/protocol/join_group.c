/*
 * JoinGroup codec; the byte layout per version is in join_group.h. Array
 * counts are checked against the smallest encoding of one element, so a
 * forged count cannot make the arena allocate much more than the message.
 */
#include "join_group.h"

/* Metadata is not nullable: a null view goes out as empty bytes, never as an
 * invalid null. */
static void wr_bytes_nonnull(sm_wr_t *w, sm_bytes_t b)
{
    sm_wr_bytes(w, b.len < 0 ? (sm_bytes_t){NULL, 0} : b);
}

int sm_JoinGroupRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_JoinGroupRequest *m)
{
    bool fl = version >= 6;
    r->flexible = fl;
    m->GroupId = sm_rd_string(r);
    m->SessionTimeoutMs = sm_rd_i32(r);
    m->RebalanceTimeoutMs = version >= 1 ? sm_rd_i32(r) : -1;
    m->MemberId = sm_rd_string(r);
    m->GroupInstanceId = version >= 5 ? sm_rd_nstring(r) : SM_STR_NULL;
    m->ProtocolType = sm_rd_string(r);
    m->Protocols_count = sm_rd_count(r, SM_STR_MIN(fl) + SM_BYTES_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Protocols = sm_rd_alloc(a, m->Protocols_count, sizeof(*m->Protocols));
    for (int32_t i = 0; i < m->Protocols_count && !r->err; i++) {
        m->Protocols[i].Name = sm_rd_string(r);
        m->Protocols[i].Metadata = sm_rd_bytes(r);
        sm_rd_tags(r);
    }
    m->Reason = version >= 8 ? sm_rd_nstring(r) : SM_STR_NULL;
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_JoinGroupRequest_encode(sm_wr_t *w, int16_t version, const sm_JoinGroupRequest *m)
{
    w->flexible = version >= 6;
    sm_wr_string_nonnull(w, m->GroupId);
    sm_wr_i32(w, m->SessionTimeoutMs);
    if (version >= 1) sm_wr_i32(w, m->RebalanceTimeoutMs);
    sm_wr_string_nonnull(w, m->MemberId);
    if (version >= 5) sm_wr_string(w, m->GroupInstanceId);
    sm_wr_string_nonnull(w, m->ProtocolType);
    sm_wr_count(w, m->Protocols_count);
    for (int32_t i = 0; i < m->Protocols_count; i++) {
        sm_wr_string_nonnull(w, m->Protocols[i].Name);
        wr_bytes_nonnull(w, m->Protocols[i].Metadata);
        sm_wr_tags_empty(w);
    }
    if (version >= 8) sm_wr_string(w, m->Reason);
    sm_wr_tags_empty(w);
}

int sm_JoinGroupResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_JoinGroupResponse *m)
{
    bool fl = version >= 6;
    r->flexible = fl;
    m->ThrottleTimeMs = version >= 2 ? sm_rd_i32(r) : 0;
    m->ErrorCode = sm_rd_i16(r);
    m->GenerationId = sm_rd_i32(r);
    m->ProtocolType = version >= 7 ? sm_rd_nstring(r) : SM_STR_NULL;
    m->ProtocolName = version >= 7 ? sm_rd_nstring(r) : sm_rd_string(r);
    m->Leader = sm_rd_string(r);
    m->SkipAssignment = version >= 9 ? sm_rd_bool(r) : false;
    m->MemberId = sm_rd_string(r);
    size_t min_member = SM_STR_MIN(fl) + SM_BYTES_MIN(fl) + SM_TAGS_MIN(fl);
    if (version >= 5) min_member += SM_STR_MIN(fl);
    m->Members_count = sm_rd_count(r, min_member, false);
    m->Members = sm_rd_alloc(a, m->Members_count, sizeof(*m->Members));
    for (int32_t i = 0; i < m->Members_count && !r->err; i++) {
        sm_JoinGroupResponseMember *mb = &m->Members[i];
        mb->MemberId = sm_rd_string(r);
        mb->GroupInstanceId = version >= 5 ? sm_rd_nstring(r) : SM_STR_NULL;
        mb->Metadata = sm_rd_bytes(r);
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_JoinGroupResponse_encode(sm_wr_t *w, int16_t version, const sm_JoinGroupResponse *m)
{
    w->flexible = version >= 6;
    if (version >= 2) sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_i16(w, m->ErrorCode);
    sm_wr_i32(w, m->GenerationId);
    if (version >= 7) {
        sm_wr_string(w, m->ProtocolType);
        sm_wr_string(w, m->ProtocolName);
    } else {
        sm_wr_string_nonnull(w, m->ProtocolName);
    }
    sm_wr_string_nonnull(w, m->Leader);
    if (version >= 9) sm_wr_bool(w, m->SkipAssignment);
    sm_wr_string_nonnull(w, m->MemberId);
    sm_wr_count(w, m->Members_count);
    for (int32_t i = 0; i < m->Members_count; i++) {
        const sm_JoinGroupResponseMember *mb = &m->Members[i];
        sm_wr_string_nonnull(w, mb->MemberId);
        if (version >= 5) sm_wr_string(w, mb->GroupInstanceId);
        wr_bytes_nonnull(w, mb->Metadata);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
