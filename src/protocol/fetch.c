/*
 * Fetch (key 1) codec; the byte layout per version is in fetch.h.
 */
#include "fetch.h"

#include <string.h>

#define FLEXIBLE(v) ((v) >= 12)

/* ---- request ---- */

struct tag_ctx {
    sm_arena_t *a;
    int16_t version;
    void *m;
};

static void fetch_partition_tag(sm_rd_t *f, uint32_t tag, void *opaque)
{
    struct tag_ctx *c = opaque;
    sm_FetchPartition *p = c->m;
    if (tag == 0 && c->version >= 17) p->ReplicaDirectoryId = sm_rd_uuid(f);
}

static void request_tag(sm_rd_t *f, uint32_t tag, void *opaque)
{
    struct tag_ctx *c = opaque;
    sm_FetchRequest *m = c->m;
    if (tag == 0 && c->version >= 12) {
        m->ClusterId = sm_rd_nstring(f);
    } else if (tag == 1 && c->version >= 15) {
        m->ReplicaState.ReplicaId = sm_rd_i32(f);
        m->ReplicaState.ReplicaEpoch = sm_rd_i64(f);
        sm_rd_tags(f);
    }
}

static size_t fetch_partition_min(int16_t version)
{
    size_t n = 4 + 8 + 4 + SM_TAGS_MIN(FLEXIBLE(version));
    if (version >= 9) n += 4;
    if (version >= 12) n += 4;
    if (version >= 5) n += 8;
    return n;
}

/* Topic name (v0-12) or id (v13+): the first field of every topic struct of
 * this API, request and response. A v13+ topic decodes with an empty name. */
static size_t topic_key_min(int16_t version)
{
    return version >= 13 ? 16 : SM_STR_MIN(FLEXIBLE(version));
}

static void rd_topic_key(sm_rd_t *r, int16_t version, sm_str_t *topic, sm_uuid_t *id)
{
    if (version >= 13) {
        *topic = SM_STR_EMPTY;
        *id = sm_rd_uuid(r);
    } else {
        *topic = sm_rd_string(r);
    }
}

static void wr_topic_key(sm_wr_t *w, int16_t version, sm_str_t topic, const sm_uuid_t *id)
{
    if (version >= 13)
        sm_wr_uuid(w, id);
    else
        sm_wr_string_nonnull(w, topic);
}

int sm_FetchRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_FetchRequest *m)
{
    bool fl = FLEXIBLE(version);
    r->flexible = fl;
    memset(m, 0, sizeof(*m));
    m->ClusterId = SM_STR_NULL;
    m->ReplicaId = -1;
    m->ReplicaState.ReplicaId = -1;
    m->ReplicaState.ReplicaEpoch = -1;
    m->MaxBytes = 0x7fffffff;
    m->SessionEpoch = -1;
    m->RackId = SM_STR_EMPTY;
    if (version < 4 || version > 17) {
        sm_rd_fail(r, SM_RD_INVALID);
        return -1;
    }
    if (version <= 14) m->ReplicaId = sm_rd_i32(r);
    m->MaxWaitMs = sm_rd_i32(r);
    m->MinBytes = sm_rd_i32(r);
    m->MaxBytes = sm_rd_i32(r);
    m->IsolationLevel = sm_rd_i8(r);
    if (version >= 7) {
        m->SessionId = sm_rd_i32(r);
        m->SessionEpoch = sm_rd_i32(r);
    }
    m->Topics_count =
        sm_rd_count(r, topic_key_min(version) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_FetchTopic *t = &m->Topics[i];
        rd_topic_key(r, version, &t->Topic, &t->TopicId);
        t->Partitions_count = sm_rd_count(r, fetch_partition_min(version), false);
        t->Partitions = sm_rd_alloc(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++) {
            sm_FetchPartition *p = &t->Partitions[j];
            p->Partition = sm_rd_i32(r);
            p->CurrentLeaderEpoch = version >= 9 ? sm_rd_i32(r) : -1;
            p->FetchOffset = sm_rd_i64(r);
            p->LastFetchedEpoch = version >= 12 ? sm_rd_i32(r) : -1;
            p->LogStartOffset = version >= 5 ? sm_rd_i64(r) : -1;
            p->PartitionMaxBytes = sm_rd_i32(r);
            sm_rd_tags_cb(r, fetch_partition_tag, &(struct tag_ctx){a, version, p});
        }
        sm_rd_tags(r);
    }
    if (version >= 7) {
        m->ForgottenTopicsData_count =
            sm_rd_count(r, topic_key_min(version) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
        m->ForgottenTopicsData =
            sm_rd_alloc(a, m->ForgottenTopicsData_count, sizeof(*m->ForgottenTopicsData));
        for (int32_t i = 0; i < m->ForgottenTopicsData_count && !r->err; i++) {
            sm_ForgottenTopic *t = &m->ForgottenTopicsData[i];
            rd_topic_key(r, version, &t->Topic, &t->TopicId);
            t->Partitions = sm_rd_i32_array(r, a, &t->Partitions_count);
            sm_rd_tags(r);
        }
    }
    if (version >= 11) m->RackId = sm_rd_string(r);
    sm_rd_tags_cb(r, request_tag, &(struct tag_ctx){a, version, m});
    return r->err ? -1 : 0;
}

void sm_FetchRequest_encode(sm_wr_t *w, int16_t version, const sm_FetchRequest *m)
{
    bool fl = FLEXIBLE(version);
    w->flexible = fl;
    if (version <= 14) sm_wr_i32(w, m->ReplicaId);
    sm_wr_i32(w, m->MaxWaitMs);
    sm_wr_i32(w, m->MinBytes);
    if (version >= 3) sm_wr_i32(w, m->MaxBytes);
    if (version >= 4) sm_wr_i8(w, m->IsolationLevel);
    if (version >= 7) {
        sm_wr_i32(w, m->SessionId);
        sm_wr_i32(w, m->SessionEpoch);
    }
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_FetchTopic *t = &m->Topics[i];
        wr_topic_key(w, version, t->Topic, &t->TopicId);
        sm_wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            const sm_FetchPartition *p = &t->Partitions[j];
            sm_wr_i32(w, p->Partition);
            if (version >= 9) sm_wr_i32(w, p->CurrentLeaderEpoch);
            sm_wr_i64(w, p->FetchOffset);
            if (version >= 12) sm_wr_i32(w, p->LastFetchedEpoch);
            if (version >= 5) sm_wr_i64(w, p->LogStartOffset);
            sm_wr_i32(w, p->PartitionMaxBytes);
            if (fl) {
                bool dir = version >= 17 && !sm_uuid_is_zero(&p->ReplicaDirectoryId);
                sm_wr_uvarint(w, dir ? 1 : 0);
                if (dir) {
                    sm_wr_t body;
                    sm_wr_init(&body, true);
                    sm_wr_uuid(&body, &p->ReplicaDirectoryId);
                    sm_wr_tag(w, 0, &body);
                }
            }
        }
        sm_wr_tags_empty(w);
    }
    if (version >= 7) {
        sm_wr_count(w, m->ForgottenTopicsData_count);
        for (int32_t i = 0; i < m->ForgottenTopicsData_count; i++) {
            const sm_ForgottenTopic *t = &m->ForgottenTopicsData[i];
            wr_topic_key(w, version, t->Topic, &t->TopicId);
            sm_wr_i32_array(w, t->Partitions_count, t->Partitions);
            sm_wr_tags_empty(w);
        }
    }
    if (version >= 11) sm_wr_string_nonnull(w, m->RackId);
    if (fl) {
        bool cluster = m->ClusterId.len >= 0 && m->ClusterId.ptr;
        bool replica = version >= 15 &&
                       (m->ReplicaState.ReplicaId != -1 || m->ReplicaState.ReplicaEpoch != -1);
        sm_wr_uvarint(w, (uint32_t)cluster + (uint32_t)replica);
        if (cluster) {
            sm_wr_t body;
            sm_wr_init(&body, true);
            sm_wr_string(&body, m->ClusterId);
            sm_wr_tag(w, 0, &body);
        }
        if (replica) {
            sm_wr_t body;
            sm_wr_init(&body, true);
            sm_wr_i32(&body, m->ReplicaState.ReplicaId);
            sm_wr_i64(&body, m->ReplicaState.ReplicaEpoch);
            sm_wr_tags_empty(&body);
            sm_wr_tag(w, 1, &body);
        }
    }
}

/* ---- response ---- */

static void partition_data_tag(sm_rd_t *f, uint32_t tag, void *opaque)
{
    struct tag_ctx *c = opaque;
    sm_FetchPartitionData *p = c->m;
    if (c->version < 12) return;
    switch (tag) {
    case 0:
        p->DivergingEpoch.Epoch = sm_rd_i32(f);
        p->DivergingEpoch.EndOffset = sm_rd_i64(f);
        sm_rd_tags(f);
        break;
    case 1:
        p->CurrentLeader.LeaderId = sm_rd_i32(f);
        p->CurrentLeader.LeaderEpoch = sm_rd_i32(f);
        sm_rd_tags(f);
        break;
    case 2:
        p->SnapshotId.EndOffset = sm_rd_i64(f);
        p->SnapshotId.Epoch = sm_rd_i32(f);
        sm_rd_tags(f);
        break;
    default:
        break;
    }
}

static void response_tag(sm_rd_t *f, uint32_t tag, void *opaque)
{
    struct tag_ctx *c = opaque;
    sm_FetchResponse *m = c->m;
    if (tag == 0 && c->version >= 16) {
        m->NodeEndpoints_count = sm_rd_count(f, 4 + 1 + 4 + 1 + 1, false);
        m->NodeEndpoints = sm_rd_alloc(c->a, m->NodeEndpoints_count, sizeof(*m->NodeEndpoints));
        for (int32_t i = 0; i < m->NodeEndpoints_count && !f->err; i++) {
            sm_FetchNodeEndpoint *e = &m->NodeEndpoints[i];
            e->NodeId = sm_rd_i32(f);
            e->Host = sm_rd_string(f);
            e->Port = sm_rd_i32(f);
            e->Rack = sm_rd_nstring(f);
            sm_rd_tags(f);
        }
        sm_rd_tags(f);
    }
}

static size_t partition_data_min(int16_t version)
{
    bool fl = FLEXIBLE(version);
    size_t n = 4 + 2 + 8 + SM_BYTES_MIN(fl) + SM_TAGS_MIN(fl);
    if (version >= 4) n += 8 + SM_ARR_MIN(fl);
    if (version >= 5) n += 8;
    if (version >= 11) n += 4;
    return n;
}

int sm_FetchResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_FetchResponse *m)
{
    bool fl = FLEXIBLE(version);
    r->flexible = fl;
    memset(m, 0, sizeof(*m));
    if (version < 4 || version > 17) {
        sm_rd_fail(r, SM_RD_INVALID);
        return -1;
    }
    m->ThrottleTimeMs = sm_rd_i32(r);
    if (version >= 7) {
        m->ErrorCode = sm_rd_i16(r);
        m->SessionId = sm_rd_i32(r);
    }
    m->Responses_count =
        sm_rd_count(r, topic_key_min(version) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Responses = sm_rd_alloc(a, m->Responses_count, sizeof(*m->Responses));
    for (int32_t i = 0; i < m->Responses_count && !r->err; i++) {
        sm_FetchableTopicResponse *t = &m->Responses[i];
        rd_topic_key(r, version, &t->Topic, &t->TopicId);
        t->Partitions_count = sm_rd_count(r, partition_data_min(version), false);
        t->Partitions = sm_rd_alloc(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++) {
            sm_FetchPartitionData *p = &t->Partitions[j];
            p->PartitionIndex = sm_rd_i32(r);
            p->ErrorCode = sm_rd_i16(r);
            p->HighWatermark = sm_rd_i64(r);
            p->LastStableOffset = sm_rd_i64(r);
            p->LogStartOffset = version >= 5 ? sm_rd_i64(r) : -1;
            p->DivergingEpoch = (sm_FetchEpochEndOffset){-1, -1};
            p->CurrentLeader = (sm_FetchLeaderIdAndEpoch){-1, -1};
            p->SnapshotId = (sm_FetchSnapshotId){-1, -1};
            p->AbortedTransactions_count = sm_rd_count(r, 16 + SM_TAGS_MIN(fl), true);
            p->AbortedTransactions =
                sm_rd_alloc(a, p->AbortedTransactions_count, sizeof(*p->AbortedTransactions));
            for (int32_t k = 0; k < p->AbortedTransactions_count && !r->err; k++) {
                p->AbortedTransactions[k].ProducerId = sm_rd_i64(r);
                p->AbortedTransactions[k].FirstOffset = sm_rd_i64(r);
                sm_rd_tags(r);
            }
            p->PreferredReadReplica = version >= 11 ? sm_rd_i32(r) : -1;
            p->Records = SM_RECORDS_REF_MEM(sm_rd_nbytes(r));
            sm_rd_tags_cb(r, partition_data_tag, &(struct tag_ctx){a, version, p});
        }
        sm_rd_tags(r);
    }
    sm_rd_tags_cb(r, response_tag, &(struct tag_ctx){a, version, m});
    return r->err ? -1 : 0;
}

static void wr_records(sm_wr_t *w, const sm_records_ref_t *rec)
{
    if (rec->fd >= 0)
        sm_wr_bytes_file(w, rec->fd, rec->file_pos, rec->file_len < 0 ? 0 : rec->file_len,
                         rec->release, rec->ctx);
    else
        sm_wr_bytes(w, rec->mem);
}

void sm_FetchResponse_encode(sm_wr_t *w, int16_t version, const sm_FetchResponse *m)
{
    bool fl = FLEXIBLE(version);
    w->flexible = fl;
    if (version >= 1) sm_wr_i32(w, m->ThrottleTimeMs);
    if (version >= 7) {
        sm_wr_i16(w, m->ErrorCode);
        sm_wr_i32(w, m->SessionId);
    }
    sm_wr_count(w, m->Responses_count);
    for (int32_t i = 0; i < m->Responses_count; i++) {
        const sm_FetchableTopicResponse *t = &m->Responses[i];
        wr_topic_key(w, version, t->Topic, &t->TopicId);
        sm_wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            const sm_FetchPartitionData *p = &t->Partitions[j];
            sm_wr_i32(w, p->PartitionIndex);
            sm_wr_i16(w, p->ErrorCode);
            sm_wr_i64(w, p->HighWatermark);
            if (version >= 4) sm_wr_i64(w, p->LastStableOffset);
            if (version >= 5) sm_wr_i64(w, p->LogStartOffset);
            if (version >= 4) {
                sm_wr_array_len(w, p->AbortedTransactions_count);
                for (int32_t k = 0; k < p->AbortedTransactions_count; k++) {
                    sm_wr_i64(w, p->AbortedTransactions[k].ProducerId);
                    sm_wr_i64(w, p->AbortedTransactions[k].FirstOffset);
                    sm_wr_tags_empty(w);
                }
            }
            if (version >= 11) sm_wr_i32(w, p->PreferredReadReplica);
            wr_records(w, &p->Records);
            if (fl) {
                bool diverging = p->DivergingEpoch.Epoch != -1 || p->DivergingEpoch.EndOffset != -1;
                bool leader = p->CurrentLeader.LeaderId != -1 || p->CurrentLeader.LeaderEpoch != -1;
                bool snapshot = p->SnapshotId.EndOffset != -1 || p->SnapshotId.Epoch != -1;
                sm_wr_uvarint(w, (uint32_t)diverging + (uint32_t)leader + (uint32_t)snapshot);
                sm_wr_t body;
                if (diverging) {
                    sm_wr_init(&body, true);
                    sm_wr_i32(&body, p->DivergingEpoch.Epoch);
                    sm_wr_i64(&body, p->DivergingEpoch.EndOffset);
                    sm_wr_tags_empty(&body);
                    sm_wr_tag(w, 0, &body);
                }
                if (leader) {
                    sm_wr_init(&body, true);
                    sm_wr_i32(&body, p->CurrentLeader.LeaderId);
                    sm_wr_i32(&body, p->CurrentLeader.LeaderEpoch);
                    sm_wr_tags_empty(&body);
                    sm_wr_tag(w, 1, &body);
                }
                if (snapshot) {
                    sm_wr_init(&body, true);
                    sm_wr_i64(&body, p->SnapshotId.EndOffset);
                    sm_wr_i32(&body, p->SnapshotId.Epoch);
                    sm_wr_tags_empty(&body);
                    sm_wr_tag(w, 2, &body);
                }
            }
        }
        sm_wr_tags_empty(w);
    }
    if (fl) {
        bool endpoints = version >= 16 && m->NodeEndpoints_count > 0;
        sm_wr_uvarint(w, endpoints ? 1 : 0);
        if (endpoints) {
            sm_wr_t body;
            sm_wr_init(&body, true);
            sm_wr_count(&body, m->NodeEndpoints_count);
            for (int32_t i = 0; i < m->NodeEndpoints_count; i++) {
                const sm_FetchNodeEndpoint *e = &m->NodeEndpoints[i];
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
