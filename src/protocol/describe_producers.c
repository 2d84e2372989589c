/*
 * DescribeProducers codec; the byte layout is in describe_producers.h.
 * Array counts are checked against the smallest encoding of one element, so
 * a forged count cannot make the arena allocate much more than the request.
 */
#include "describe_producers.h"

/* Smallest encodings (compact forms, empty tags). */
#define TOPIC_MIN (1 + 1 + 1)             /* Name "", empty array, tags */
#define PARTITION_MIN (4 + 2 + 1 + 1 + 1) /* index, error, null message, [], tags */
#define PRODUCER_MIN (8 + 4 + 4 + 8 + 4 + 8 + 1)

int sm_DescribeProducersRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                       sm_DescribeProducersRequest *m)
{
    (void)version;
    r->flexible = true;
    m->Topics_count = sm_rd_count(r, TOPIC_MIN, false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        m->Topics[i].Name = sm_rd_string(r);
        m->Topics[i].PartitionIndexes = sm_rd_i32_array(r, a, &m->Topics[i].PartitionIndexes_count);
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DescribeProducersRequest_encode(sm_wr_t *w, int16_t version,
                                        const sm_DescribeProducersRequest *m)
{
    (void)version;
    w->flexible = true;
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        sm_wr_string_nonnull(w, m->Topics[i].Name);
        sm_wr_i32_array(w, m->Topics[i].PartitionIndexes_count, m->Topics[i].PartitionIndexes);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}

int sm_DescribeProducersResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                        sm_DescribeProducersResponse *m)
{
    (void)version;
    r->flexible = true;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->Topics_count = sm_rd_count(r, TOPIC_MIN, false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_DescribeProducersTopicResponse *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->Partitions_count = sm_rd_count(r, PARTITION_MIN, false);
        t->Partitions = sm_rd_alloc(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++) {
            sm_DescribeProducersPartitionResponse *p = &t->Partitions[j];
            p->PartitionIndex = sm_rd_i32(r);
            p->ErrorCode = sm_rd_i16(r);
            p->ErrorMessage = sm_rd_nstring(r);
            p->ActiveProducers_count = sm_rd_count(r, PRODUCER_MIN, false);
            p->ActiveProducers =
                sm_rd_alloc(a, p->ActiveProducers_count, sizeof(*p->ActiveProducers));
            for (int32_t k = 0; k < p->ActiveProducers_count && !r->err; k++) {
                sm_DescribeProducersProducerState *s = &p->ActiveProducers[k];
                s->ProducerId = sm_rd_i64(r);
                s->ProducerEpoch = sm_rd_i32(r);
                s->LastSequence = sm_rd_i32(r);
                s->LastTimestamp = sm_rd_i64(r);
                s->CoordinatorEpoch = sm_rd_i32(r);
                s->CurrentTxnStartOffset = sm_rd_i64(r);
                sm_rd_tags(r);
            }
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DescribeProducersResponse_encode(sm_wr_t *w, int16_t version,
                                         const sm_DescribeProducersResponse *m)
{
    (void)version;
    w->flexible = true;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_DescribeProducersTopicResponse *t = &m->Topics[i];
        sm_wr_string_nonnull(w, t->Name);
        sm_wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            const sm_DescribeProducersPartitionResponse *p = &t->Partitions[j];
            sm_wr_i32(w, p->PartitionIndex);
            sm_wr_i16(w, p->ErrorCode);
            sm_wr_string(w, p->ErrorMessage);
            sm_wr_count(w, p->ActiveProducers_count);
            for (int32_t k = 0; k < p->ActiveProducers_count; k++) {
                const sm_DescribeProducersProducerState *s = &p->ActiveProducers[k];
                sm_wr_i64(w, s->ProducerId);
                sm_wr_i32(w, s->ProducerEpoch);
                sm_wr_i32(w, s->LastSequence);
                sm_wr_i64(w, s->LastTimestamp);
                sm_wr_i32(w, s->CoordinatorEpoch);
                sm_wr_i64(w, s->CurrentTxnStartOffset);
                sm_wr_tags_empty(w);
            }
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
