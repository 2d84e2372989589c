/*
 * OffsetDelete codec; the byte layout is in offset_delete.h.
 * Array counts are checked against the smallest encoding of one element, so
 * a forged count cannot make the arena allocate much more than the request.
 */
#include "offset_delete.h"

int sm_OffsetDeleteRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_OffsetDeleteRequest *m)
{
    (void)version; /* only v0 exists */
    r->flexible = false;
    m->GroupId = sm_rd_string(r);
    m->Topics_count = sm_rd_count(r, SM_STR_MIN(false) + SM_ARR_MIN(false), false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_OffsetDeleteRequestTopic *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->Partitions_count = sm_rd_count(r, 4, false);
        t->Partitions = sm_rd_alloc(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++)
            t->Partitions[j].PartitionIndex = sm_rd_i32(r);
    }
    return r->err ? -1 : 0;
}

void sm_OffsetDeleteRequest_encode(sm_wr_t *w, int16_t version, const sm_OffsetDeleteRequest *m)
{
    (void)version;
    w->flexible = false;
    sm_wr_string_nonnull(w, m->GroupId);
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_OffsetDeleteRequestTopic *t = &m->Topics[i];
        sm_wr_string_nonnull(w, t->Name);
        sm_wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++)
            sm_wr_i32(w, t->Partitions[j].PartitionIndex);
    }
}

int sm_OffsetDeleteResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                   sm_OffsetDeleteResponse *m)
{
    (void)version;
    r->flexible = false;
    m->ErrorCode = sm_rd_i16(r);
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->Topics_count = sm_rd_count(r, SM_STR_MIN(false) + SM_ARR_MIN(false), false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_OffsetDeleteResponseTopic *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->Partitions_count = sm_rd_count(r, 6, false);
        t->Partitions = sm_rd_alloc(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++) {
            t->Partitions[j].PartitionIndex = sm_rd_i32(r);
            t->Partitions[j].ErrorCode = sm_rd_i16(r);
        }
    }
    return r->err ? -1 : 0;
}

void sm_OffsetDeleteResponse_encode(sm_wr_t *w, int16_t version, const sm_OffsetDeleteResponse *m)
{
    (void)version;
    w->flexible = false;
    sm_wr_i16(w, m->ErrorCode);
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_OffsetDeleteResponseTopic *t = &m->Topics[i];
        sm_wr_string_nonnull(w, t->Name);
        sm_wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            sm_wr_i32(w, t->Partitions[j].PartitionIndex);
            sm_wr_i16(w, t->Partitions[j].ErrorCode);
        }
    }
}
