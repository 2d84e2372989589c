/*
 * FindCoordinator codec; the byte layout per version is in
 * find_coordinator.h. Array counts are checked against the smallest
 * encoding of one element, so a forged count cannot make the arena allocate
 * much more than the message.
 */
#include "find_coordinator.h"

int sm_FindCoordinatorRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_FindCoordinatorRequest *m)
{
    bool fl = version >= 3;
    r->flexible = fl;
    m->Key = version <= 3 ? sm_rd_string(r) : SM_STR_EMPTY;
    m->KeyType = version >= 1 ? sm_rd_i8(r) : 0;
    m->CoordinatorKeys_count = 0;
    m->CoordinatorKeys = NULL;
    if (version >= 4) {
        m->CoordinatorKeys_count = sm_rd_count(r, SM_STR_MIN(fl), false);
        m->CoordinatorKeys = sm_rd_alloc(a, m->CoordinatorKeys_count, sizeof(sm_str_t));
        for (int32_t i = 0; i < m->CoordinatorKeys_count && !r->err; i++)
            m->CoordinatorKeys[i] = sm_rd_string(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_FindCoordinatorRequest_encode(sm_wr_t *w, int16_t version,
                                      const sm_FindCoordinatorRequest *m)
{
    w->flexible = version >= 3;
    if (version <= 3) sm_wr_string_nonnull(w, m->Key);
    if (version >= 1) sm_wr_i8(w, m->KeyType);
    if (version >= 4) {
        sm_wr_count(w, m->CoordinatorKeys_count);
        for (int32_t i = 0; i < m->CoordinatorKeys_count; i++)
            sm_wr_string_nonnull(w, m->CoordinatorKeys[i]);
    }
    sm_wr_tags_empty(w);
}

int sm_FindCoordinatorResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_FindCoordinatorResponse *m)
{
    bool fl = version >= 3;
    r->flexible = fl;
    m->ThrottleTimeMs = version >= 1 ? sm_rd_i32(r) : 0;
    m->ErrorCode = 0;
    m->ErrorMessage = SM_STR_EMPTY;
    m->NodeId = 0;
    m->Host = SM_STR_EMPTY;
    m->Port = 0;
    m->Coordinators_count = 0;
    m->Coordinators = NULL;
    if (version <= 3) {
        m->ErrorCode = sm_rd_i16(r);
        if (version >= 1) m->ErrorMessage = sm_rd_nstring(r);
        m->NodeId = sm_rd_i32(r);
        m->Host = sm_rd_string(r);
        m->Port = sm_rd_i32(r);
    } else {
        /* Key, NodeId, Host, Port, ErrorCode, ErrorMessage, tags */
        size_t min = 3 * SM_STR_MIN(fl) + 10 + SM_TAGS_MIN(fl);
        m->Coordinators_count = sm_rd_count(r, min, false);
        m->Coordinators = sm_rd_alloc(a, m->Coordinators_count, sizeof(*m->Coordinators));
        for (int32_t i = 0; i < m->Coordinators_count && !r->err; i++) {
            sm_Coordinator *c = &m->Coordinators[i];
            c->Key = sm_rd_string(r);
            c->NodeId = sm_rd_i32(r);
            c->Host = sm_rd_string(r);
            c->Port = sm_rd_i32(r);
            c->ErrorCode = sm_rd_i16(r);
            c->ErrorMessage = sm_rd_nstring(r);
            sm_rd_tags(r);
        }
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_FindCoordinatorResponse_encode(sm_wr_t *w, int16_t version,
                                       const sm_FindCoordinatorResponse *m)
{
    w->flexible = version >= 3;
    if (version >= 1) sm_wr_i32(w, m->ThrottleTimeMs);
    if (version <= 3) {
        sm_wr_i16(w, m->ErrorCode);
        if (version >= 1) sm_wr_string(w, m->ErrorMessage);
        sm_wr_i32(w, m->NodeId);
        sm_wr_string_nonnull(w, m->Host);
        sm_wr_i32(w, m->Port);
    } else {
        sm_wr_count(w, m->Coordinators_count);
        for (int32_t i = 0; i < m->Coordinators_count; i++) {
            const sm_Coordinator *c = &m->Coordinators[i];
            sm_wr_string_nonnull(w, c->Key);
            sm_wr_i32(w, c->NodeId);
            sm_wr_string_nonnull(w, c->Host);
            sm_wr_i32(w, c->Port);
            sm_wr_i16(w, c->ErrorCode);
            sm_wr_string(w, c->ErrorMessage);
            sm_wr_tags_empty(w);
        }
    }
    sm_wr_tags_empty(w);
}
