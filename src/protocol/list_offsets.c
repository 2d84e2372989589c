/*
 * ListOffsets (key 2) codec; the byte layout per version is in list_offsets.h.
 */
#include "list_offsets.h"

#include <string.h>

#define FLEXIBLE(v) ((v) >= 6)

/* ---- request ---- */

int sm_ListOffsetsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                 sm_ListOffsetsRequest *m)
{
    bool fl = FLEXIBLE(version);
    r->flexible = fl;
    memset(m, 0, sizeof(*m));
    if (version < 1 || version > 10) {
        sm_rd_fail(r, SM_RD_INVALID);
        return -1;
    }
    m->ReplicaId = sm_rd_i32(r);
    if (version >= 2) m->IsolationLevel = sm_rd_i8(r);
    m->Topics_count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    size_t part_min = 4 + 8 + SM_TAGS_MIN(fl) + (version >= 4 ? 4 : 0);
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_ListOffsetsTopic *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->Partitions_count = sm_rd_count(r, part_min, false);
        t->Partitions = sm_rd_alloc(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++) {
            sm_ListOffsetsPartition *p = &t->Partitions[j];
            p->PartitionIndex = sm_rd_i32(r);
            p->CurrentLeaderEpoch = version >= 4 ? sm_rd_i32(r) : -1;
            p->Timestamp = sm_rd_i64(r);
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    if (version >= 10) m->TimeoutMs = sm_rd_i32(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_ListOffsetsRequest_encode(sm_wr_t *w, int16_t version, const sm_ListOffsetsRequest *m)
{
    w->flexible = FLEXIBLE(version);
    sm_wr_i32(w, m->ReplicaId);
    if (version >= 2) sm_wr_i8(w, m->IsolationLevel);
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_ListOffsetsTopic *t = &m->Topics[i];
        sm_wr_string_nonnull(w, t->Name);
        sm_wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            const sm_ListOffsetsPartition *p = &t->Partitions[j];
            sm_wr_i32(w, p->PartitionIndex);
            if (version >= 4) sm_wr_i32(w, p->CurrentLeaderEpoch);
            sm_wr_i64(w, p->Timestamp);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    if (version >= 10) sm_wr_i32(w, m->TimeoutMs);
    sm_wr_tags_empty(w);
}

/* ---- response ---- */

int sm_ListOffsetsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_ListOffsetsResponse *m)
{
    bool fl = FLEXIBLE(version);
    r->flexible = fl;
    memset(m, 0, sizeof(*m));
    if (version < 1 || version > 10) {
        sm_rd_fail(r, SM_RD_INVALID);
        return -1;
    }
    if (version >= 2) m->ThrottleTimeMs = sm_rd_i32(r);
    m->Topics_count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    size_t part_min = 4 + 2 + 8 + 8 + SM_TAGS_MIN(fl) + (version >= 4 ? 4 : 0);
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_ListOffsetsTopicResponse *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->Partitions_count = sm_rd_count(r, part_min, false);
        t->Partitions = sm_rd_alloc(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++) {
            sm_ListOffsetsPartitionResponse *p = &t->Partitions[j];
            p->PartitionIndex = sm_rd_i32(r);
            p->ErrorCode = sm_rd_i16(r);
            p->Timestamp = sm_rd_i64(r);
            p->Offset = sm_rd_i64(r);
            p->LeaderEpoch = version >= 4 ? sm_rd_i32(r) : -1;
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_ListOffsetsResponse_encode(sm_wr_t *w, int16_t version, const sm_ListOffsetsResponse *m)
{
    w->flexible = FLEXIBLE(version);
    if (version >= 2) sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_ListOffsetsTopicResponse *t = &m->Topics[i];
        sm_wr_string_nonnull(w, t->Name);
        sm_wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            const sm_ListOffsetsPartitionResponse *p = &t->Partitions[j];
            sm_wr_i32(w, p->PartitionIndex);
            sm_wr_i16(w, p->ErrorCode);
            sm_wr_i64(w, p->Timestamp);
            sm_wr_i64(w, p->Offset);
            if (version >= 4) sm_wr_i32(w, p->LeaderEpoch);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
