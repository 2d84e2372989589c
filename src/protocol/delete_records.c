/*
 * DeleteRecords codec; the byte layout per version is in delete_records.h.
 * Array counts are checked against the smallest encoding of one element, so
 * a forged count cannot make the arena allocate much more than the request.
 */
#include "delete_records.h"

int sm_DeleteRecordsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                   sm_DeleteRecordsRequest *m)
{
    bool fl = version >= 2;
    r->flexible = fl;
    m->Topics_count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_DeleteRecordsTopic *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->Partitions_count = sm_rd_count(r, 12 + SM_TAGS_MIN(fl), false);
        t->Partitions = sm_rd_alloc(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++) {
            t->Partitions[j].PartitionIndex = sm_rd_i32(r);
            t->Partitions[j].Offset = sm_rd_i64(r);
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    m->TimeoutMs = sm_rd_i32(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DeleteRecordsRequest_encode(sm_wr_t *w, int16_t version, const sm_DeleteRecordsRequest *m)
{
    w->flexible = version >= 2;
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_DeleteRecordsTopic *t = &m->Topics[i];
        sm_wr_string_nonnull(w, t->Name);
        sm_wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            sm_wr_i32(w, t->Partitions[j].PartitionIndex);
            sm_wr_i64(w, t->Partitions[j].Offset);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_i32(w, m->TimeoutMs);
    sm_wr_tags_empty(w);
}

int sm_DeleteRecordsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                    sm_DeleteRecordsResponse *m)
{
    bool fl = version >= 2;
    r->flexible = fl;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->Topics_count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_DeleteRecordsTopicResult *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->Partitions_count = sm_rd_count(r, 14 + SM_TAGS_MIN(fl), false);
        t->Partitions = sm_rd_alloc(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++) {
            sm_DeleteRecordsPartitionResult *p = &t->Partitions[j];
            p->PartitionIndex = sm_rd_i32(r);
            p->LowWatermark = sm_rd_i64(r);
            p->ErrorCode = sm_rd_i16(r);
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DeleteRecordsResponse_encode(sm_wr_t *w, int16_t version, const sm_DeleteRecordsResponse *m)
{
    w->flexible = version >= 2;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_DeleteRecordsTopicResult *t = &m->Topics[i];
        sm_wr_string_nonnull(w, t->Name);
        sm_wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            const sm_DeleteRecordsPartitionResult *p = &t->Partitions[j];
            sm_wr_i32(w, p->PartitionIndex);
            sm_wr_i64(w, p->LowWatermark);
            sm_wr_i16(w, p->ErrorCode);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
