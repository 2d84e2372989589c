/*
 * DeleteGroups codec; the byte layout per version is in delete_groups.h.
 * Array counts are checked against the smallest encoding of one element, so
 * a forged count cannot make the arena allocate much more than the request.
 */
#include "delete_groups.h"

int sm_DeleteGroupsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_DeleteGroupsRequest *m)
{
    bool fl = version >= 2;
    r->flexible = fl;
    m->GroupsNames_count = sm_rd_count(r, SM_STR_MIN(fl), false);
    m->GroupsNames = sm_rd_alloc(a, m->GroupsNames_count, sizeof(*m->GroupsNames));
    for (int32_t i = 0; i < m->GroupsNames_count && !r->err; i++)
        m->GroupsNames[i] = sm_rd_string(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DeleteGroupsRequest_encode(sm_wr_t *w, int16_t version, const sm_DeleteGroupsRequest *m)
{
    w->flexible = version >= 2;
    sm_wr_count(w, m->GroupsNames_count);
    for (int32_t i = 0; i < m->GroupsNames_count; i++)
        sm_wr_string_nonnull(w, m->GroupsNames[i]);
    sm_wr_tags_empty(w);
}

int sm_DeleteGroupsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                   sm_DeleteGroupsResponse *m)
{
    bool fl = version >= 2;
    r->flexible = fl;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->Results_count = sm_rd_count(r, SM_STR_MIN(fl) + 2 + SM_TAGS_MIN(fl), false);
    m->Results = sm_rd_alloc(a, m->Results_count, sizeof(*m->Results));
    for (int32_t i = 0; i < m->Results_count && !r->err; i++) {
        m->Results[i].GroupId = sm_rd_string(r);
        m->Results[i].ErrorCode = sm_rd_i16(r);
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DeleteGroupsResponse_encode(sm_wr_t *w, int16_t version, const sm_DeleteGroupsResponse *m)
{
    w->flexible = version >= 2;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_count(w, m->Results_count);
    for (int32_t i = 0; i < m->Results_count; i++) {
        sm_wr_string_nonnull(w, m->Results[i].GroupId);
        sm_wr_i16(w, m->Results[i].ErrorCode);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
