/*
 * DescribeLogDirs codec; the byte layout per version is in
 * describe_log_dirs.h. Array counts are checked against the smallest
 * encoding of one element, so a forged count cannot make the arena allocate
 * much more than the request.
 */
#include "describe_log_dirs.h"

int sm_DescribeLogDirsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_DescribeLogDirsRequest *m)
{
    bool fl = version >= 2;
    r->flexible = fl;
    m->Topics_count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), true);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_DescribableLogDirTopic *t = &m->Topics[i];
        t->Topic = sm_rd_string(r);
        t->Partitions = sm_rd_i32_array(r, a, &t->Partitions_count);
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DescribeLogDirsRequest_encode(sm_wr_t *w, int16_t version,
                                      const sm_DescribeLogDirsRequest *m)
{
    w->flexible = version >= 2;
    sm_wr_array_len(w, m->Topics_count); /* nullable: -1 = every topic */
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_DescribableLogDirTopic *t = &m->Topics[i];
        sm_wr_string_nonnull(w, t->Topic);
        sm_wr_i32_array(w, t->Partitions_count, t->Partitions);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}

int sm_DescribeLogDirsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_DescribeLogDirsResponse *m)
{
    bool fl = version >= 2;
    r->flexible = fl;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->ErrorCode = version >= 3 ? sm_rd_i16(r) : 0;
    size_t min_result = 2 + SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl);
    if (version >= 4) min_result += 16;
    m->Results_count = sm_rd_count(r, min_result, false);
    m->Results = sm_rd_alloc(a, m->Results_count, sizeof(*m->Results));
    for (int32_t i = 0; i < m->Results_count && !r->err; i++) {
        sm_DescribeLogDirsResult *res = &m->Results[i];
        res->ErrorCode = sm_rd_i16(r);
        res->LogDir = sm_rd_string(r);
        res->Topics_count =
            sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
        res->Topics = sm_rd_alloc(a, res->Topics_count, sizeof(*res->Topics));
        for (int32_t j = 0; j < res->Topics_count && !r->err; j++) {
            sm_DescribeLogDirsTopic *t = &res->Topics[j];
            t->Name = sm_rd_string(r);
            t->Partitions_count = sm_rd_count(r, 21 + SM_TAGS_MIN(fl), false);
            t->Partitions = sm_rd_alloc(a, t->Partitions_count, sizeof(*t->Partitions));
            for (int32_t k = 0; k < t->Partitions_count && !r->err; k++) {
                sm_DescribeLogDirsPartition *p = &t->Partitions[k];
                p->PartitionIndex = sm_rd_i32(r);
                p->PartitionSize = sm_rd_i64(r);
                p->OffsetLag = sm_rd_i64(r);
                p->IsFutureKey = sm_rd_bool(r);
                sm_rd_tags(r);
            }
            sm_rd_tags(r);
        }
        res->TotalBytes = version >= 4 ? sm_rd_i64(r) : -1;
        res->UsableBytes = version >= 4 ? sm_rd_i64(r) : -1;
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DescribeLogDirsResponse_encode(sm_wr_t *w, int16_t version,
                                       const sm_DescribeLogDirsResponse *m)
{
    w->flexible = version >= 2;
    sm_wr_i32(w, m->ThrottleTimeMs);
    if (version >= 3) sm_wr_i16(w, m->ErrorCode);
    sm_wr_count(w, m->Results_count);
    for (int32_t i = 0; i < m->Results_count; i++) {
        const sm_DescribeLogDirsResult *res = &m->Results[i];
        sm_wr_i16(w, res->ErrorCode);
        sm_wr_string_nonnull(w, res->LogDir);
        sm_wr_count(w, res->Topics_count);
        for (int32_t j = 0; j < res->Topics_count; j++) {
            const sm_DescribeLogDirsTopic *t = &res->Topics[j];
            sm_wr_string_nonnull(w, t->Name);
            sm_wr_count(w, t->Partitions_count);
            for (int32_t k = 0; k < t->Partitions_count; k++) {
                const sm_DescribeLogDirsPartition *p = &t->Partitions[k];
                sm_wr_i32(w, p->PartitionIndex);
                sm_wr_i64(w, p->PartitionSize);
                sm_wr_i64(w, p->OffsetLag);
                sm_wr_bool(w, p->IsFutureKey);
                sm_wr_tags_empty(w);
            }
            sm_wr_tags_empty(w);
        }
        if (version >= 4) {
            sm_wr_i64(w, res->TotalBytes);
            sm_wr_i64(w, res->UsableBytes);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
