/*
 * Metadata (key 3) codec; the byte layout per version is in metadata.h.
 */
#include "metadata.h"

#include <string.h>

#define FLEXIBLE(v) ((v) >= 9)

/* Smallest wire size of each field kind, used to bound array counts. */
#define STR_MIN(fl) ((fl) ? 1u : 2u)
#define ARR_MIN(fl) ((fl) ? 1u : 4u)
#define TAGS_MIN(fl) ((fl) ? 1u : 0u)

/* Reads an array count; null (-1) fails unless `nullable`. The count must
 * leave at least `min_elem` bytes per element, so a hostile count cannot make
 * us allocate more than a small multiple of the bytes actually received. */
static int32_t read_count(sm_rd_t *r, size_t min_elem, bool nullable)
{
    int32_t n = sm_rd_array_len(r);
    if (r->err) return 0;
    if (n < 0) {
        if (!nullable) sm_rd_fail(r, SM_RD_INVALID);
        return nullable ? -1 : 0;
    }
    if ((uint64_t)n * min_elem > sm_rd_remaining(r)) {
        sm_rd_fail(r, SM_RD_INVALID);
        return 0;
    }
    return n;
}

static void *alloc_n(sm_arena_t *a, int32_t n, size_t sz)
{
    return n > 0 ? sm_arena_calloc(a, (size_t)n, sz) : NULL;
}

/* Non-nullable string: a null view goes out as "" rather than an invalid null. */
static void wr_str(sm_wr_t *w, sm_str_t s)
{
    sm_wr_string(w, s.len < 0 || !s.ptr ? (sm_str_t){"", 0} : s);
}

/* Non-nullable array: a negative count goes out as empty. */
static void wr_count(sm_wr_t *w, int32_t n)
{
    sm_wr_array_len(w, n < 0 ? 0 : n);
}

/* Non-nullable [int32] array. */
static int32_t *read_i32_array(sm_rd_t *r, sm_arena_t *a, int32_t *count)
{
    *count = read_count(r, 4, false);
    int32_t *v = alloc_n(a, *count, sizeof(*v));
    for (int32_t i = 0; i < *count && !r->err; i++)
        v[i] = sm_rd_i32(r);
    return v;
}

static void write_i32_array(sm_wr_t *w, int32_t count, const int32_t *v)
{
    wr_count(w, count);
    for (int32_t i = 0; i < count; i++)
        sm_wr_i32(w, v[i]);
}

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
    size_t topic_min = STR_MIN(fl) + TAGS_MIN(fl) + (version >= 10 ? 16 : 0);
    m->Topics_count = read_count(r, topic_min, version >= 1);
    m->Topics = alloc_n(a, m->Topics_count, sizeof(*m->Topics));
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
        wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        if (version >= 10) {
            sm_wr_uuid(w, &m->Topics[i].TopicId);
            sm_wr_string(w, m->Topics[i].Name);
        } else {
            wr_str(w, m->Topics[i].Name);
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

    size_t broker_min = 4 + STR_MIN(fl) + 4 + TAGS_MIN(fl) + (version >= 1 ? STR_MIN(fl) : 0);
    m->Brokers_count = read_count(r, broker_min, false);
    m->Brokers = alloc_n(a, m->Brokers_count, sizeof(*m->Brokers));
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

    size_t topic_min = 2 + STR_MIN(fl) + ARR_MIN(fl) + TAGS_MIN(fl);
    if (version >= 10) topic_min += 16;
    if (version >= 1) topic_min += 1;
    if (version >= 8) topic_min += 4;
    size_t part_min = 2 + 4 + 4 + 2 * ARR_MIN(fl) + TAGS_MIN(fl);
    if (version >= 7) part_min += 4;
    if (version >= 5) part_min += ARR_MIN(fl);
    m->Topics_count = read_count(r, topic_min, false);
    m->Topics = alloc_n(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_MetadataResponseTopic *t = &m->Topics[i];
        t->ErrorCode = sm_rd_i16(r);
        t->Name = version >= 12 ? sm_rd_nstring(r) : sm_rd_string(r);
        if (version >= 10) t->TopicId = sm_rd_uuid(r);
        if (version >= 1) t->IsInternal = sm_rd_bool(r);
        t->Partitions_count = read_count(r, part_min, false);
        t->Partitions = alloc_n(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++) {
            sm_MetadataResponsePartition *p = &t->Partitions[j];
            p->ErrorCode = sm_rd_i16(r);
            p->PartitionIndex = sm_rd_i32(r);
            p->LeaderId = sm_rd_i32(r);
            p->LeaderEpoch = version >= 7 ? sm_rd_i32(r) : -1;
            p->ReplicaNodes = read_i32_array(r, a, &p->ReplicaNodes_count);
            p->IsrNodes = read_i32_array(r, a, &p->IsrNodes_count);
            if (version >= 5) p->OfflineReplicas = read_i32_array(r, a, &p->OfflineReplicas_count);
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
    wr_count(w, m->Brokers_count);
    for (int32_t i = 0; i < m->Brokers_count; i++) {
        const sm_MetadataResponseBroker *b = &m->Brokers[i];
        sm_wr_i32(w, b->NodeId);
        wr_str(w, b->Host);
        sm_wr_i32(w, b->Port);
        if (version >= 1) sm_wr_string(w, b->Rack);
        sm_wr_tags_empty(w);
    }
    if (version >= 2) sm_wr_string(w, m->ClusterId);
    if (version >= 1) sm_wr_i32(w, m->ControllerId);
    wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_MetadataResponseTopic *t = &m->Topics[i];
        sm_wr_i16(w, t->ErrorCode);
        if (version >= 12)
            sm_wr_string(w, t->Name);
        else
            wr_str(w, t->Name);
        if (version >= 10) sm_wr_uuid(w, &t->TopicId);
        if (version >= 1) sm_wr_bool(w, t->IsInternal);
        wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            const sm_MetadataResponsePartition *p = &t->Partitions[j];
            sm_wr_i16(w, p->ErrorCode);
            sm_wr_i32(w, p->PartitionIndex);
            sm_wr_i32(w, p->LeaderId);
            if (version >= 7) sm_wr_i32(w, p->LeaderEpoch);
            write_i32_array(w, p->ReplicaNodes_count, p->ReplicaNodes);
            write_i32_array(w, p->IsrNodes_count, p->IsrNodes);
            if (version >= 5) write_i32_array(w, p->OfflineReplicas_count, p->OfflineReplicas);
            sm_wr_tags_empty(w);
        }
        if (version >= 8) sm_wr_i32(w, t->TopicAuthorizedOperations);
        sm_wr_tags_empty(w);
    }
    if (version >= 8 && version <= 10) sm_wr_i32(w, m->ClusterAuthorizedOperations);
    sm_wr_tags_empty(w);
}
