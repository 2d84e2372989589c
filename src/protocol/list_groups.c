/*
 * ListGroups codec; the byte layout per version is in list_groups.h.
 * Array counts are checked against the smallest encoding of one element, so
 * a forged count cannot make the arena allocate much more than the request.
 */
#include "list_groups.h"

/* Non-nullable [string]. */
static sm_str_t *decode_strings(sm_rd_t *r, sm_arena_t *a, int32_t *count)
{
    *count = sm_rd_count(r, SM_STR_MIN(r->flexible), false);
    sm_str_t *s = sm_rd_alloc(a, *count, sizeof(*s));
    for (int32_t i = 0; i < *count && !r->err; i++)
        s[i] = sm_rd_string(r);
    return s;
}

static void encode_strings(sm_wr_t *w, int32_t count, const sm_str_t *s)
{
    sm_wr_count(w, count);
    for (int32_t i = 0; i < count; i++)
        sm_wr_string_nonnull(w, s[i]);
}

int sm_ListGroupsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_ListGroupsRequest *m)
{
    r->flexible = version >= 3;
    m->StatesFilter_count = 0;
    m->StatesFilter = NULL;
    m->TypesFilter_count = 0;
    m->TypesFilter = NULL;
    if (version >= 4) m->StatesFilter = decode_strings(r, a, &m->StatesFilter_count);
    if (version >= 5) m->TypesFilter = decode_strings(r, a, &m->TypesFilter_count);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_ListGroupsRequest_encode(sm_wr_t *w, int16_t version, const sm_ListGroupsRequest *m)
{
    w->flexible = version >= 3;
    if (version >= 4) encode_strings(w, m->StatesFilter_count, m->StatesFilter);
    if (version >= 5) encode_strings(w, m->TypesFilter_count, m->TypesFilter);
    sm_wr_tags_empty(w);
}

int sm_ListGroupsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                 sm_ListGroupsResponse *m)
{
    bool fl = version >= 3;
    r->flexible = fl;
    m->ThrottleTimeMs = version >= 1 ? sm_rd_i32(r) : 0;
    m->ErrorCode = sm_rd_i16(r);
    size_t min_group = 2 * SM_STR_MIN(fl) + SM_TAGS_MIN(fl);
    if (version >= 4) min_group += SM_STR_MIN(fl);
    if (version >= 5) min_group += SM_STR_MIN(fl);
    m->Groups_count = sm_rd_count(r, min_group, false);
    m->Groups = sm_rd_alloc(a, m->Groups_count, sizeof(*m->Groups));
    for (int32_t i = 0; i < m->Groups_count && !r->err; i++) {
        sm_ListedGroup *g = &m->Groups[i];
        g->GroupId = sm_rd_string(r);
        g->ProtocolType = sm_rd_string(r);
        g->GroupState = version >= 4 ? sm_rd_string(r) : SM_STR_EMPTY;
        g->GroupType = version >= 5 ? sm_rd_string(r) : SM_STR_EMPTY;
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_ListGroupsResponse_encode(sm_wr_t *w, int16_t version, const sm_ListGroupsResponse *m)
{
    w->flexible = version >= 3;
    if (version >= 1) sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_i16(w, m->ErrorCode);
    sm_wr_count(w, m->Groups_count);
    for (int32_t i = 0; i < m->Groups_count; i++) {
        const sm_ListedGroup *g = &m->Groups[i];
        sm_wr_string_nonnull(w, g->GroupId);
        sm_wr_string_nonnull(w, g->ProtocolType);
        if (version >= 4) sm_wr_string_nonnull(w, g->GroupState);
        if (version >= 5) sm_wr_string_nonnull(w, g->GroupType);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
