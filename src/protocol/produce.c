/*
 * Produce (key 0) codec; the byte layout per version is in produce.h.
 */
#include "produce.h"

#include <string.h>

#define FLEXIBLE(v) ((v) >= 9)

/* ---- request ---- */

int sm_ProduceRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_ProduceRequest *m)
{
    bool fl = FLEXIBLE(version);
    r->flexible = fl;
    memset(m, 0, sizeof(*m));
    m->TransactionalId = SM_STR_NULL;
    if (version < 0 || version > 11) {
        sm_rd_fail(r, SM_RD_INVALID);
        return -1;
    }
    if (version >= 3) m->TransactionalId = sm_rd_nstring(r);
    m->Acks = sm_rd_i16(r);
    m->TimeoutMs = sm_rd_i32(r);
    m->TopicData_count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->TopicData = sm_rd_alloc(a, m->TopicData_count, sizeof(*m->TopicData));
    for (int32_t i = 0; i < m->TopicData_count && !r->err; i++) {
        sm_TopicProduceData *t = &m->TopicData[i];
        t->Name = sm_rd_string(r);
        t->PartitionData_count = sm_rd_count(r, 4 + SM_BYTES_MIN(fl) + SM_TAGS_MIN(fl), false);
        t->PartitionData = sm_rd_alloc(a, t->PartitionData_count, sizeof(*t->PartitionData));
        for (int32_t j = 0; j < t->PartitionData_count && !r->err; j++) {
            sm_PartitionProduceData *p = &t->PartitionData[j];
            p->Index = sm_rd_i32(r);
            p->Records = sm_rd_nbytes(r);
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_ProduceRequest_encode(sm_wr_t *w, int16_t version, const sm_ProduceRequest *m)
{
    w->flexible = FLEXIBLE(version);
    if (version >= 3) sm_wr_string(w, m->TransactionalId);
    sm_wr_i16(w, m->Acks);
    sm_wr_i32(w, m->TimeoutMs);
    sm_wr_count(w, m->TopicData_count);
    for (int32_t i = 0; i < m->TopicData_count; i++) {
        const sm_TopicProduceData *t = &m->TopicData[i];
        sm_wr_string_nonnull(w, t->Name);
        sm_wr_count(w, t->PartitionData_count);
        for (int32_t j = 0; j < t->PartitionData_count; j++) {
            sm_wr_i32(w, t->PartitionData[j].Index);
            sm_wr_bytes(w, t->PartitionData[j].Records);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}

/* ---- response ---- */

struct tag_ctx {
    sm_arena_t *a;
    int16_t version;
    void *m;
};

static void partition_tag(sm_rd_t *f, uint32_t tag, void *opaque)
{
    struct tag_ctx *c = opaque;
    sm_PartitionProduceResponse *p = c->m;
    if (tag == 0 && c->version >= 10) {
        p->CurrentLeader.LeaderId = sm_rd_i32(f);
        p->CurrentLeader.LeaderEpoch = sm_rd_i32(f);
        sm_rd_tags(f);
    }
}

static void response_tag(sm_rd_t *f, uint32_t tag, void *opaque)
{
    struct tag_ctx *c = opaque;
    sm_ProduceResponse *m = c->m;
    if (tag == 0 && c->version >= 10) {
        m->NodeEndpoints_count = sm_rd_count(f, 4 + 1 + 4 + 1 + 1, false);
        m->NodeEndpoints = sm_rd_alloc(c->a, m->NodeEndpoints_count, sizeof(*m->NodeEndpoints));
        for (int32_t i = 0; i < m->NodeEndpoints_count && !f->err; i++) {
            sm_ProduceNodeEndpoint *e = &m->NodeEndpoints[i];
            e->NodeId = sm_rd_i32(f);
            e->Host = sm_rd_string(f);
            e->Port = sm_rd_i32(f);
            e->Rack = sm_rd_nstring(f);
            sm_rd_tags(f);
        }
        sm_rd_tags(f);
        if (f->err) m->NodeEndpoints_count = 0;
    }
}

static size_t partition_response_min(int16_t version)
{
    bool fl = FLEXIBLE(version);
    size_t n = 4 + 2 + 8 + SM_TAGS_MIN(fl);
    if (version >= 2) n += 8;
    if (version >= 5) n += 8;
    if (version >= 8) n += SM_ARR_MIN(fl) + SM_STR_MIN(fl);
    return n;
}

int sm_ProduceResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_ProduceResponse *m)
{
    bool fl = FLEXIBLE(version);
    r->flexible = fl;
    memset(m, 0, sizeof(*m));
    if (version < 0 || version > 11) {
        sm_rd_fail(r, SM_RD_INVALID);
        return -1;
    }
    m->Responses_count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Responses = sm_rd_alloc(a, m->Responses_count, sizeof(*m->Responses));
    for (int32_t i = 0; i < m->Responses_count && !r->err; i++) {
        sm_TopicProduceResponse *t = &m->Responses[i];
        t->Name = sm_rd_string(r);
        t->PartitionResponses_count = sm_rd_count(r, partition_response_min(version), false);
        t->PartitionResponses =
            sm_rd_alloc(a, t->PartitionResponses_count, sizeof(*t->PartitionResponses));
        for (int32_t j = 0; j < t->PartitionResponses_count && !r->err; j++) {
            sm_PartitionProduceResponse *p = &t->PartitionResponses[j];
            p->Index = sm_rd_i32(r);
            p->ErrorCode = sm_rd_i16(r);
            p->BaseOffset = sm_rd_i64(r);
            p->LogAppendTimeMs = version >= 2 ? sm_rd_i64(r) : -1;
            p->LogStartOffset = version >= 5 ? sm_rd_i64(r) : -1;
            p->ErrorMessage = SM_STR_NULL;
            if (version >= 8) {
                p->RecordErrors_count = sm_rd_count(r, 4 + SM_STR_MIN(fl) + SM_TAGS_MIN(fl), false);
                p->RecordErrors = sm_rd_alloc(a, p->RecordErrors_count, sizeof(*p->RecordErrors));
                for (int32_t k = 0; k < p->RecordErrors_count && !r->err; k++) {
                    p->RecordErrors[k].BatchIndex = sm_rd_i32(r);
                    p->RecordErrors[k].BatchIndexErrorMessage = sm_rd_nstring(r);
                    sm_rd_tags(r);
                }
                p->ErrorMessage = sm_rd_nstring(r);
            }
            p->CurrentLeader.LeaderId = -1;
            p->CurrentLeader.LeaderEpoch = -1;
            sm_rd_tags_cb(r, partition_tag, &(struct tag_ctx){a, version, p});
        }
        sm_rd_tags(r);
    }
    m->ThrottleTimeMs = version >= 1 ? sm_rd_i32(r) : 0;
    sm_rd_tags_cb(r, response_tag, &(struct tag_ctx){a, version, m});
    return r->err ? -1 : 0;
}

void sm_ProduceResponse_encode(sm_wr_t *w, int16_t version, const sm_ProduceResponse *m)
{
    bool fl = FLEXIBLE(version);
    w->flexible = fl;
    sm_wr_count(w, m->Responses_count);
    for (int32_t i = 0; i < m->Responses_count; i++) {
        const sm_TopicProduceResponse *t = &m->Responses[i];
        sm_wr_string_nonnull(w, t->Name);
        sm_wr_count(w, t->PartitionResponses_count);
        for (int32_t j = 0; j < t->PartitionResponses_count; j++) {
            const sm_PartitionProduceResponse *p = &t->PartitionResponses[j];
            sm_wr_i32(w, p->Index);
            sm_wr_i16(w, p->ErrorCode);
            sm_wr_i64(w, p->BaseOffset);
            if (version >= 2) sm_wr_i64(w, p->LogAppendTimeMs);
            if (version >= 5) sm_wr_i64(w, p->LogStartOffset);
            if (version >= 8) {
                sm_wr_count(w, p->RecordErrors_count);
                for (int32_t k = 0; k < p->RecordErrors_count; k++) {
                    sm_wr_i32(w, p->RecordErrors[k].BatchIndex);
                    sm_wr_string(w, p->RecordErrors[k].BatchIndexErrorMessage);
                    sm_wr_tags_empty(w);
                }
                sm_wr_string(w, p->ErrorMessage);
            }
            if (fl) {
                bool leader = version >= 10 && (p->CurrentLeader.LeaderId != -1 ||
                                                p->CurrentLeader.LeaderEpoch != -1);
                sm_wr_uvarint(w, leader ? 1 : 0);
                if (leader) {
                    sm_wr_t body;
                    sm_wr_init(&body, true);
                    sm_wr_i32(&body, p->CurrentLeader.LeaderId);
                    sm_wr_i32(&body, p->CurrentLeader.LeaderEpoch);
                    sm_wr_tags_empty(&body);
                    sm_wr_tag(w, 0, &body);
                }
            }
        }
        sm_wr_tags_empty(w);
    }
    if (version >= 1) sm_wr_i32(w, m->ThrottleTimeMs);
    if (fl) {
        bool endpoints = version >= 10 && m->NodeEndpoints_count > 0;
        sm_wr_uvarint(w, endpoints ? 1 : 0);
        if (endpoints) {
            sm_wr_t body;
            sm_wr_init(&body, true);
            sm_wr_count(&body, m->NodeEndpoints_count);
            for (int32_t i = 0; i < m->NodeEndpoints_count; i++) {
                const sm_ProduceNodeEndpoint *e = &m->NodeEndpoints[i];
                sm_wr_i32(&body, e->NodeId);
                sm_wr_string_nonnull(&body, e->Host);
                sm_wr_i32(&body, e->Port);
                sm_wr_string(&body, e->Rack);
                sm_wr_tags_empty(&body);
            }
            sm_wr_tags_empty(&body);
            sm_wr_tag(w, 0, &body);
        }
    }
}
