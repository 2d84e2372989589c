/*
 * CreatePartitions codec; the byte layout per version is in
 * create_partitions.h. Array counts are checked against the smallest encoding
 * of one element, so a forged count cannot make the arena allocate much more
 * than the request.
 */
#include "create_partitions.h"

int sm_CreatePartitionsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_CreatePartitionsRequest *m)
{
    bool fl = version >= 2;
    r->flexible = fl;
    m->Topics_count = sm_rd_count(r, SM_STR_MIN(fl) + 4 + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_CreatePartitionsTopic *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->Count = sm_rd_i32(r);
        t->Assignments_count = sm_rd_count(r, SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), true);
        t->Assignments = sm_rd_alloc(a, t->Assignments_count, sizeof(*t->Assignments));
        for (int32_t j = 0; j < t->Assignments_count && !r->err; j++) {
            sm_CreatePartitionsAssignment *as = &t->Assignments[j];
            as->BrokerIds = sm_rd_i32_array(r, a, &as->BrokerIds_count);
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    m->TimeoutMs = sm_rd_i32(r);
    m->ValidateOnly = sm_rd_bool(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_CreatePartitionsRequest_encode(sm_wr_t *w, int16_t version,
                                       const sm_CreatePartitionsRequest *m)
{
    w->flexible = version >= 2;
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_CreatePartitionsTopic *t = &m->Topics[i];
        sm_wr_string_nonnull(w, t->Name);
        sm_wr_i32(w, t->Count);
        sm_wr_array_len(w, t->Assignments_count);
        for (int32_t j = 0; j < t->Assignments_count; j++) {
            const sm_CreatePartitionsAssignment *as = &t->Assignments[j];
            sm_wr_i32_array(w, as->BrokerIds_count, as->BrokerIds);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_i32(w, m->TimeoutMs);
    sm_wr_bool(w, m->ValidateOnly);
    sm_wr_tags_empty(w);
}

int sm_CreatePartitionsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                       sm_CreatePartitionsResponse *m)
{
    bool fl = version >= 2;
    r->flexible = fl;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->Results_count = sm_rd_count(r, 2 * SM_STR_MIN(fl) + 2 + SM_TAGS_MIN(fl), false);
    m->Results = sm_rd_alloc(a, m->Results_count, sizeof(*m->Results));
    for (int32_t i = 0; i < m->Results_count && !r->err; i++) {
        m->Results[i].Name = sm_rd_string(r);
        m->Results[i].ErrorCode = sm_rd_i16(r);
        m->Results[i].ErrorMessage = sm_rd_nstring(r);
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_CreatePartitionsResponse_encode(sm_wr_t *w, int16_t version,
                                        const sm_CreatePartitionsResponse *m)
{
    w->flexible = version >= 2;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_count(w, m->Results_count);
    for (int32_t i = 0; i < m->Results_count; i++) {
        sm_wr_string_nonnull(w, m->Results[i].Name);
        sm_wr_i16(w, m->Results[i].ErrorCode);
        sm_wr_string(w, m->Results[i].ErrorMessage);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
