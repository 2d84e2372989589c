/*
 * Metadata (key 3) codec; the byte layout per version is in metadata.h.
 */
#include "metadata.h"

#include <string.h>

#define FLEXIBLE(v) ((v) >= 9)

/* ---- request ---- */

int sm_MetadataRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_MetadataRequest *m)
{
    bool fl = FLEXIBLE(version);
    r->flexible = fl;
    memset(m, 0, sizeof(*m));
    m->AllowAutoTopicCreation = true;
    if (version < 0 || version > 12) {
        sm_rd_fail(r, SM_RD_INVALID);
        return -1;
    }
    size_t topic_min = SM_STR_MIN(fl) + SM_TAGS_MIN(fl) + (version >= 10 ? 16 : 0);
    m->Topics_count = sm_rd_count(r, topic_min, version >= 1);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        if (version >= 10) {
            m->Topics[i].TopicId = sm_rd_uuid(r);
            m->Topics[i].Name = sm_rd_nstring(r);
        } else {
            m->Topics[i].Name = sm_rd_string(r);
        }
        sm_rd_tags(r);
    }
    if (version >= 4) m->AllowAutoTopicCreation = sm_rd_bool(r);
    if (version >= 8 && version <= 10) m->IncludeClusterAuthorizedOperations = sm_rd_bool(r);
    if (version >= 8) m->IncludeTopicAuthorizedOperations = sm_rd_bool(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_MetadataRequest_encode(sm_wr_t *w, int16_t version, const sm_MetadataRequest *m)
{
    w->flexible = FLEXIBLE(version);
    if (version >= 1)
        sm_wr_array_len(w, m->Topics_count);
    else
        sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        if (version >= 10) {
            sm_wr_uuid(w, &m->Topics[i].TopicId);
            sm_wr_string(w, m->Topics[i].Name);
        } else {
            sm_wr_string_nonnull(w, m->Topics[i].Name);
        }
        sm_wr_tags_empty(w);
    }
    if (version >= 4) sm_wr_bool(w, m->AllowAutoTopicCreation);
    if (version >= 8 && version <= 10) sm_wr_bool(w, m->IncludeClusterAuthorizedOperations);
    if (version >= 8) sm_wr_bool(w, m->IncludeTopicAuthorizedOperations);
    sm_wr_tags_empty(w);
}

/* ---- response ---- */

int sm_MetadataResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_MetadataResponse *m)
{
    bool fl = FLEXIBLE(version);
    r->flexible = fl;
    memset(m, 0, sizeof(*m));
    m->ClusterId = SM_STR_NULL;
    m->ControllerId = -1;
    m->ClusterAuthorizedOperations = INT32_MIN;
    if (version < 0 || version > 12) {
        sm_rd_fail(r, SM_RD_INVALID);
        return -1;
    }
    if (version >= 3) m->ThrottleTimeMs = sm_rd_i32(r);

    size_t broker_min =
        4 + SM_STR_MIN(fl) + 4 + SM_TAGS_MIN(fl) + (version >= 1 ? SM_STR_MIN(fl) : 0);
    m->Brokers_count = sm_rd_count(r, broker_min, false);
    m->Brokers = sm_rd_alloc(a, m->Brokers_count, sizeof(*m->Brokers));
    for (int32_t i = 0; i < m->Brokers_count && !r->err; i++) {
        sm_MetadataResponseBroker *b = &m->Brokers[i];
        b->NodeId = sm_rd_i32(r);
        b->Host = sm_rd_string(r);
        b->Port = sm_rd_i32(r);
        b->Rack = version >= 1 ? sm_rd_nstring(r) : SM_STR_NULL;
        sm_rd_tags(r);
    }
    if (version >= 2) m->ClusterId = sm_rd_nstring(r);
    if (version >= 1) m->ControllerId = sm_rd_i32(r);

    size_t topic_min = 2 + SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl);
    if (version >= 10) topic_min += 16;
    if (version >= 1) topic_min += 1;
    if (version >= 8) topic_min += 4;
    size_t part_min = 2 + 4 + 4 + 2 * SM_ARR_MIN(fl) + SM_TAGS_MIN(fl);
    if (version >= 7) part_min += 4;
    if (version >= 5) part_min += SM_ARR_MIN(fl);
    m->Topics_count = sm_rd_count(r, topic_min, false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_MetadataResponseTopic *t = &m->Topics[i];
        t->ErrorCode = sm_rd_i16(r);
        t->Name = version >= 12 ? sm_rd_nstring(r) : sm_rd_string(r);
        if (version >= 10) t->TopicId = sm_rd_uuid(r);
        if (version >= 1) t->IsInternal = sm_rd_bool(r);
        t->Partitions_count = sm_rd_count(r, part_min, false);
        t->Partitions = sm_rd_alloc(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++) {
            sm_MetadataResponsePartition *p = &t->Partitions[j];
            p->ErrorCode = sm_rd_i16(r);
            p->PartitionIndex = sm_rd_i32(r);
            p->LeaderId = sm_rd_i32(r);
            p->LeaderEpoch = version >= 7 ? sm_rd_i32(r) : -1;
            p->ReplicaNodes = sm_rd_i32_array(r, a, &p->ReplicaNodes_count);
            p->IsrNodes = sm_rd_i32_array(r, a, &p->IsrNodes_count);
            if (version >= 5) p->OfflineReplicas = sm_rd_i32_array(r, a, &p->OfflineReplicas_count);
            sm_rd_tags(r);
        }
        t->TopicAuthorizedOperations = version >= 8 ? sm_rd_i32(r) : INT32_MIN;
        sm_rd_tags(r);
    }
    if (version >= 8 && version <= 10) m->ClusterAuthorizedOperations = sm_rd_i32(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_MetadataResponse_encode(sm_wr_t *w, int16_t version, const sm_MetadataResponse *m)
{
    w->flexible = FLEXIBLE(version);
    if (version >= 3) sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_count(w, m->Brokers_count);
    for (int32_t i = 0; i < m->Brokers_count; i++) {
        const sm_MetadataResponseBroker *b = &m->Brokers[i];
        sm_wr_i32(w, b->NodeId);
        sm_wr_string_nonnull(w, b->Host);
        sm_wr_i32(w, b->Port);
        if (version >= 1) sm_wr_string(w, b->Rack);
        sm_wr_tags_empty(w);
    }
    if (version >= 2) sm_wr_string(w, m->ClusterId);
    if (version >= 1) sm_wr_i32(w, m->ControllerId);
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_MetadataResponseTopic *t = &m->Topics[i];
        sm_wr_i16(w, t->ErrorCode);
        if (version >= 12)
            sm_wr_string(w, t->Name);
        else
            sm_wr_string_nonnull(w, t->Name);
        if (version >= 10) sm_wr_uuid(w, &t->TopicId);
        if (version >= 1) sm_wr_bool(w, t->IsInternal);
        sm_wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            const sm_MetadataResponsePartition *p = &t->Partitions[j];
            sm_wr_i16(w, p->ErrorCode);
            sm_wr_i32(w, p->PartitionIndex);
            sm_wr_i32(w, p->LeaderId);
            if (version >= 7) sm_wr_i32(w, p->LeaderEpoch);
            sm_wr_i32_array(w, p->ReplicaNodes_count, p->ReplicaNodes);
            sm_wr_i32_array(w, p->IsrNodes_count, p->IsrNodes);
            if (version >= 5) sm_wr_i32_array(w, p->OfflineReplicas_count, p->OfflineReplicas);
            sm_wr_tags_empty(w);
        }
        if (version >= 8) sm_wr_i32(w, t->TopicAuthorizedOperations);
        sm_wr_tags_empty(w);
    }
    if (version >= 8 && version <= 10) sm_wr_i32(w, m->ClusterAuthorizedOperations);
    sm_wr_tags_empty(w);
}
