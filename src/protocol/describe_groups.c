/*
 * DescribeGroups codec; the byte layout per version is in describe_groups.h.
 * Array counts are checked against the smallest encoding of one element, so
 * a forged count cannot make the arena allocate much more than the request.
 */
#include "describe_groups.h"

int sm_DescribeGroupsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                    sm_DescribeGroupsRequest *m)
{
    bool fl = version >= 5;
    r->flexible = fl;
    m->Groups_count = sm_rd_count(r, SM_STR_MIN(fl), false);
    m->Groups = sm_rd_alloc(a, m->Groups_count, sizeof(*m->Groups));
    for (int32_t i = 0; i < m->Groups_count && !r->err; i++)
        m->Groups[i] = sm_rd_string(r);
    m->IncludeAuthorizedOperations = version >= 3 ? sm_rd_bool(r) : false;
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DescribeGroupsRequest_encode(sm_wr_t *w, int16_t version, const sm_DescribeGroupsRequest *m)
{
    w->flexible = version >= 5;
    sm_wr_count(w, m->Groups_count);
    for (int32_t i = 0; i < m->Groups_count; i++)
        sm_wr_string_nonnull(w, m->Groups[i]);
    if (version >= 3) sm_wr_bool(w, m->IncludeAuthorizedOperations);
    sm_wr_tags_empty(w);
}

/* Non-nullable bytes: a null view is written as empty, never as null. */
static void wr_bytes_nonnull(sm_wr_t *w, sm_bytes_t b)
{
    sm_wr_bytes(w, b.len < 0 || !b.ptr ? (sm_bytes_t){(const uint8_t *)"", 0} : b);
}

int sm_DescribeGroupsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_DescribeGroupsResponse *m)
{
    bool fl = version >= 5;
    r->flexible = fl;
    m->ThrottleTimeMs = version >= 1 ? sm_rd_i32(r) : 0;
    size_t min_group = 2 + 4 * SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl);
    if (version >= 3) min_group += 4;
    size_t min_member = 3 * SM_STR_MIN(fl) + 2 * SM_BYTES_MIN(fl) + SM_TAGS_MIN(fl);
    if (version >= 4) min_member += SM_STR_MIN(fl);
    m->Groups_count = sm_rd_count(r, min_group, false);
    m->Groups = sm_rd_alloc(a, m->Groups_count, sizeof(*m->Groups));
    for (int32_t i = 0; i < m->Groups_count && !r->err; i++) {
        sm_DescribedGroup *g = &m->Groups[i];
        g->ErrorCode = sm_rd_i16(r);
        g->GroupId = sm_rd_string(r);
        g->GroupState = sm_rd_string(r);
        g->ProtocolType = sm_rd_string(r);
        g->ProtocolData = sm_rd_string(r);
        g->Members_count = sm_rd_count(r, min_member, false);
        g->Members = sm_rd_alloc(a, g->Members_count, sizeof(*g->Members));
        for (int32_t j = 0; j < g->Members_count && !r->err; j++) {
            sm_DescribedGroupMember *mb = &g->Members[j];
            mb->MemberId = sm_rd_string(r);
            mb->GroupInstanceId = version >= 4 ? sm_rd_nstring(r) : SM_STR_NULL;
            mb->ClientId = sm_rd_string(r);
            mb->ClientHost = sm_rd_string(r);
            mb->MemberMetadata = sm_rd_bytes(r);
            mb->MemberAssignment = sm_rd_bytes(r);
            sm_rd_tags(r);
        }
        g->AuthorizedOperations = version >= 3 ? sm_rd_i32(r) : INT32_MIN;
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DescribeGroupsResponse_encode(sm_wr_t *w, int16_t version,
                                      const sm_DescribeGroupsResponse *m)
{
    w->flexible = version >= 5;
    if (version >= 1) sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_count(w, m->Groups_count);
    for (int32_t i = 0; i < m->Groups_count; i++) {
        const sm_DescribedGroup *g = &m->Groups[i];
        sm_wr_i16(w, g->ErrorCode);
        sm_wr_string_nonnull(w, g->GroupId);
        sm_wr_string_nonnull(w, g->GroupState);
        sm_wr_string_nonnull(w, g->ProtocolType);
        sm_wr_string_nonnull(w, g->ProtocolData);
        sm_wr_count(w, g->Members_count);
        for (int32_t j = 0; j < g->Members_count; j++) {
            const sm_DescribedGroupMember *mb = &g->Members[j];
            sm_wr_string_nonnull(w, mb->MemberId);
            if (version >= 4) sm_wr_string(w, mb->GroupInstanceId);
            sm_wr_string_nonnull(w, mb->ClientId);
            sm_wr_string_nonnull(w, mb->ClientHost);
            wr_bytes_nonnull(w, mb->MemberMetadata);
            wr_bytes_nonnull(w, mb->MemberAssignment);
            sm_wr_tags_empty(w);
        }
        if (version >= 3) sm_wr_i32(w, g->AuthorizedOperations);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
