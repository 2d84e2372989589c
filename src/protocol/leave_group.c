/*
 * LeaveGroup codec; the byte layout per version is in leave_group.h. The
 * Members counts are checked against the smallest encoding of one member,
 * so a forged count cannot make the arena allocate much more than the
 * message.
 */
#include "leave_group.h"

int sm_LeaveGroupRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_LeaveGroupRequest *m)
{
    bool fl = version >= 4;
    r->flexible = fl;
    m->GroupId = sm_rd_string(r);
    m->MemberId = version <= 2 ? sm_rd_string(r) : SM_STR_EMPTY;
    m->Members_count = 0;
    m->Members = NULL;
    if (version >= 3) {
        size_t min = 2 * SM_STR_MIN(fl) + SM_TAGS_MIN(fl);
        if (version >= 5) min += SM_STR_MIN(fl);
        m->Members_count = sm_rd_count(r, min, false);
        m->Members = sm_rd_alloc(a, m->Members_count, sizeof(*m->Members));
        for (int32_t i = 0; i < m->Members_count && !r->err; i++) {
            sm_MemberIdentity *mb = &m->Members[i];
            mb->MemberId = sm_rd_string(r);
            mb->GroupInstanceId = sm_rd_nstring(r);
            mb->Reason = version >= 5 ? sm_rd_nstring(r) : SM_STR_NULL;
            sm_rd_tags(r);
        }
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_LeaveGroupRequest_encode(sm_wr_t *w, int16_t version, const sm_LeaveGroupRequest *m)
{
    w->flexible = version >= 4;
    sm_wr_string_nonnull(w, m->GroupId);
    if (version <= 2) {
        sm_wr_string_nonnull(w, m->MemberId);
    } else {
        sm_wr_count(w, m->Members_count);
        for (int32_t i = 0; i < m->Members_count; i++) {
            const sm_MemberIdentity *mb = &m->Members[i];
            sm_wr_string_nonnull(w, mb->MemberId);
            sm_wr_string(w, mb->GroupInstanceId);
            if (version >= 5) sm_wr_string(w, mb->Reason);
            sm_wr_tags_empty(w);
        }
    }
    sm_wr_tags_empty(w);
}

int sm_LeaveGroupResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                 sm_LeaveGroupResponse *m)
{
    bool fl = version >= 4;
    r->flexible = fl;
    m->ThrottleTimeMs = version >= 1 ? sm_rd_i32(r) : 0;
    m->ErrorCode = sm_rd_i16(r);
    m->Members_count = 0;
    m->Members = NULL;
    if (version >= 3) {
        m->Members_count = sm_rd_count(r, 2 * SM_STR_MIN(fl) + 2 + SM_TAGS_MIN(fl), false);
        m->Members = sm_rd_alloc(a, m->Members_count, sizeof(*m->Members));
        for (int32_t i = 0; i < m->Members_count && !r->err; i++) {
            sm_MemberResponse *mb = &m->Members[i];
            mb->MemberId = sm_rd_string(r);
            mb->GroupInstanceId = sm_rd_nstring(r);
            mb->ErrorCode = sm_rd_i16(r);
            sm_rd_tags(r);
        }
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_LeaveGroupResponse_encode(sm_wr_t *w, int16_t version, const sm_LeaveGroupResponse *m)
{
    w->flexible = version >= 4;
    if (version >= 1) sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_i16(w, m->ErrorCode);
    if (version >= 3) {
        sm_wr_count(w, m->Members_count);
        for (int32_t i = 0; i < m->Members_count; i++) {
            const sm_MemberResponse *mb = &m->Members[i];
            sm_wr_string_nonnull(w, mb->MemberId);
            sm_wr_string(w, mb->GroupInstanceId);
            sm_wr_i16(w, mb->ErrorCode);
            sm_wr_tags_empty(w);
        }
    }
    sm_wr_tags_empty(w);
}
