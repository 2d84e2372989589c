/*
 * CreatePartitions codec; the byte layout per version is in
 * create_partitions.h. Array counts are checked against the smallest encoding
 * of one element, so a forged count cannot make the arena allocate much more
 * than the request.
 */
#include "create_partitions.h"

/* Reads an array count: -1 (null) only when `nullable`, and no more elements
 * than the remaining bytes could hold at `min_elem` bytes each. */
static int32_t read_count(sm_rd_t *r, size_t min_elem, bool nullable)
{
    int32_t n = sm_rd_array_len(r);
    if (r->err) return 0;
    if ((n < 0 && !nullable) || (n > 0 && (size_t)n > sm_rd_remaining(r) / min_elem)) {
        sm_rd_fail(r, SM_RD_INVALID);
        return 0;
    }
    return n;
}

/* Smallest encodings of a string, an array and a tag section. */
#define STR_MIN(r) ((r)->flexible ? 1u : 2u)
#define ARR_MIN(r) ((r)->flexible ? 1u : 4u)
#define TAGS_MIN(r) ((r)->flexible ? 1u : 0u)

int sm_CreatePartitionsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_CreatePartitionsRequest *m)
{
    r->flexible = version >= 2;
    m->Topics = NULL;
    m->Topics_count = read_count(r, STR_MIN(r) + 4 + ARR_MIN(r) + TAGS_MIN(r), false);
    if (m->Topics_count > 0)
        m->Topics = sm_arena_calloc(a, (size_t)m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_CreatePartitionsTopic *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->Count = sm_rd_i32(r);
        t->Assignments_count = read_count(r, ARR_MIN(r) + TAGS_MIN(r), true);
        if (t->Assignments_count > 0)
            t->Assignments =
                sm_arena_calloc(a, (size_t)t->Assignments_count, sizeof(*t->Assignments));
        for (int32_t j = 0; j < t->Assignments_count && !r->err; j++) {
            sm_CreatePartitionsAssignment *as = &t->Assignments[j];
            as->BrokerIds_count = read_count(r, 4, false);
            if (as->BrokerIds_count > 0)
                as->BrokerIds = sm_arena_calloc(a, (size_t)as->BrokerIds_count, sizeof(int32_t));
            for (int32_t k = 0; k < as->BrokerIds_count && !r->err; k++)
                as->BrokerIds[k] = sm_rd_i32(r);
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
    sm_wr_array_len(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_CreatePartitionsTopic *t = &m->Topics[i];
        sm_wr_string(w, t->Name);
        sm_wr_i32(w, t->Count);
        sm_wr_array_len(w, t->Assignments_count);
        for (int32_t j = 0; j < t->Assignments_count; j++) {
            const sm_CreatePartitionsAssignment *as = &t->Assignments[j];
            sm_wr_array_len(w, as->BrokerIds_count);
            for (int32_t k = 0; k < as->BrokerIds_count; k++)
                sm_wr_i32(w, as->BrokerIds[k]);
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
    r->flexible = version >= 2;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->Results = NULL;
    m->Results_count = read_count(r, 2 * STR_MIN(r) + 2 + TAGS_MIN(r), false);
    if (m->Results_count > 0)
        m->Results = sm_arena_calloc(a, (size_t)m->Results_count, sizeof(*m->Results));
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
    sm_wr_array_len(w, m->Results_count);
    for (int32_t i = 0; i < m->Results_count; i++) {
        sm_wr_string(w, m->Results[i].Name);
        sm_wr_i16(w, m->Results[i].ErrorCode);
        sm_wr_string(w, m->Results[i].ErrorMessage);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
