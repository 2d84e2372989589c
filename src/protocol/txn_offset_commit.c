/*
 * TxnOffsetCommit codec; the byte layout per version is in
 * txn_offset_commit.h. Array counts are checked against the smallest
 * encoding of one element, so a forged count cannot make the arena allocate
 * much more than the request.
 */
#include "txn_offset_commit.h"

int sm_TxnOffsetCommitRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_TxnOffsetCommitRequest *m)
{
    bool fl = version >= 3;
    r->flexible = fl;
    m->TransactionalId = sm_rd_string(r);
    m->GroupId = sm_rd_string(r);
    m->ProducerId = sm_rd_i64(r);
    m->ProducerEpoch = sm_rd_i16(r);
    m->GenerationId = -1;
    m->MemberId = SM_STR_EMPTY;
    m->GroupInstanceId = SM_STR_NULL;
    if (version >= 3) {
        m->GenerationId = sm_rd_i32(r);
        m->MemberId = sm_rd_string(r);
        m->GroupInstanceId = sm_rd_nstring(r);
    }
    size_t min_part = 12 + SM_STR_MIN(fl) + SM_TAGS_MIN(fl);
    if (version >= 2) min_part += 4;
    m->Topics_count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_TxnOffsetCommitRequestTopic *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->Partitions_count = sm_rd_count(r, min_part, false);
        t->Partitions = sm_rd_alloc(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++) {
            sm_TxnOffsetCommitRequestPartition *p = &t->Partitions[j];
            p->PartitionIndex = sm_rd_i32(r);
            p->CommittedOffset = sm_rd_i64(r);
            p->CommittedLeaderEpoch = version >= 2 ? sm_rd_i32(r) : -1;
            p->CommittedMetadata = sm_rd_nstring(r);
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_TxnOffsetCommitRequest_encode(sm_wr_t *w, int16_t version,
                                      const sm_TxnOffsetCommitRequest *m)
{
    w->flexible = version >= 3;
    sm_wr_string_nonnull(w, m->TransactionalId);
    sm_wr_string_nonnull(w, m->GroupId);
    sm_wr_i64(w, m->ProducerId);
    sm_wr_i16(w, m->ProducerEpoch);
    if (version >= 3) {
        sm_wr_i32(w, m->GenerationId);
        sm_wr_string_nonnull(w, m->MemberId);
        sm_wr_string(w, m->GroupInstanceId);
    }
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_TxnOffsetCommitRequestTopic *t = &m->Topics[i];
        sm_wr_string_nonnull(w, t->Name);
        sm_wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            const sm_TxnOffsetCommitRequestPartition *p = &t->Partitions[j];
            sm_wr_i32(w, p->PartitionIndex);
            sm_wr_i64(w, p->CommittedOffset);
            if (version >= 2) sm_wr_i32(w, p->CommittedLeaderEpoch);
            sm_wr_string(w, p->CommittedMetadata);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}

int sm_TxnOffsetCommitResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_TxnOffsetCommitResponse *m)
{
    bool fl = version >= 3;
    r->flexible = fl;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->Topics_count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_TxnOffsetCommitResponseTopic *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->Partitions_count = sm_rd_count(r, 6 + SM_TAGS_MIN(fl), false);
        t->Partitions = sm_rd_alloc(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++) {
            t->Partitions[j].PartitionIndex = sm_rd_i32(r);
            t->Partitions[j].ErrorCode = sm_rd_i16(r);
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_TxnOffsetCommitResponse_encode(sm_wr_t *w, int16_t version,
                                       const sm_TxnOffsetCommitResponse *m)
{
    w->flexible = version >= 3;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_TxnOffsetCommitResponseTopic *t = &m->Topics[i];
        sm_wr_string_nonnull(w, t->Name);
        sm_wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            sm_wr_i32(w, t->Partitions[j].PartitionIndex);
            sm_wr_i16(w, t->Partitions[j].ErrorCode);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
