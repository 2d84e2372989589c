/* Committed offsets: OffsetCommit, OffsetFetch, OffsetDelete. */
#include <string.h>

#include "handlers.h"
#include "protocol/errors.h"
#include "protocol/offset_commit.h"
#include "protocol/offset_delete.h"
#include "protocol/offset_fetch.h"

/* UNKNOWN_TOPIC_OR_PARTITION for partitions of topics that do not exist, as
 * Kafka answers commits and deletes for them; 0 otherwise. */
static int16_t partition_error(sm_req_t *req, sm_str_t topic, int32_t partition)
{
    sm_topics_rdlock(req->broker->topics);
    sm_topic_t *t = sm_topics_find(req->broker->topics, topic);
    bool ok = t && partition >= 0 && partition < t->partition_count;
    sm_topics_unlock(req->broker->topics);
    return ok ? 0 : SM_ERR_UNKNOWN_TOPIC_OR_PARTITION;
}

int sm_handle_offset_commit(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_OffsetCommitRequest rq;
    if (sm_OffsetCommitRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad OffsetCommit body");
        return SM_H_CLOSE;
    }
    int64_t total = 0;
    for (int32_t t = 0; t < rq.Topics_count; t++)
        total += rq.Topics[t].Partitions_count;
    sm_gc_offset_t *offs = sm_arena_calloc(req->arena, (size_t)total + 1, sizeof(*offs));
    int64_t k = 0;
    for (int32_t t = 0; t < rq.Topics_count; t++) {
        for (int32_t i = 0; i < rq.Topics[t].Partitions_count; i++, k++) {
            const sm_OffsetCommitRequestPartition *p = &rq.Topics[t].Partitions[i];
            offs[k].topic = rq.Topics[t].Name;
            offs[k].partition = p->PartitionIndex;
            offs[k].offset = p->CommittedOffset;
            offs[k].leader_epoch = v >= 6 ? p->CommittedLeaderEpoch : -1;
            offs[k].metadata = p->CommittedMetadata;
            offs[k].error = partition_error(req, offs[k].topic, offs[k].partition);
        }
    }
    sm_gc_commit_t c = {.group_id = rq.GroupId, .member_id = rq.MemberId,
                        .instance_id = v >= 7 ? rq.GroupInstanceId : SM_STR_NULL,
                        .generation = rq.GenerationIdOrMemberEpoch,
                        .retention_ms = v >= 2 && v <= 4 ? rq.RetentionTimeMs : -1,
                        .unknown_group_error = v >= 9 ? SM_ERR_GROUP_ID_NOT_FOUND : SM_ERR_ILLEGAL_GENERATION};
    int16_t group_err = 0;
    if (total > 0) group_err = sm_gc_commit_offsets(sm_broker_groups(req->broker, true), &c, (int32_t)total, offs);
    sm_OffsetCommitResponse rs = {0};
    rs.Topics_count = rq.Topics_count;
    rs.Topics = sm_arena_calloc(req->arena, (size_t)rq.Topics_count + 1, sizeof(*rs.Topics));
    k = 0;
    for (int32_t t = 0; t < rq.Topics_count; t++) {
        sm_OffsetCommitResponseTopic *rt = &rs.Topics[t];
        rt->Name = rq.Topics[t].Name;
        rt->Partitions_count = rq.Topics[t].Partitions_count;
        rt->Partitions = sm_arena_calloc(req->arena, (size_t)rt->Partitions_count + 1, sizeof(*rt->Partitions));
        for (int32_t i = 0; i < rt->Partitions_count; i++, k++) {
            rt->Partitions[i].PartitionIndex = offs[k].partition;
            rt->Partitions[i].ErrorCode = group_err ? group_err : offs[k].error;
        }
    }
    sm_OffsetCommitResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

int sm_handle_offset_delete(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_OffsetDeleteRequest rq;
    if (sm_OffsetDeleteRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad OffsetDelete body");
        return SM_H_CLOSE;
    }
    int64_t total = 0;
    for (int32_t t = 0; t < rq.Topics_count; t++)
        total += rq.Topics[t].Partitions_count;
    sm_gc_offset_t *offs = sm_arena_calloc(req->arena, (size_t)total + 1, sizeof(*offs));
    int64_t k = 0;
    for (int32_t t = 0; t < rq.Topics_count; t++)
        for (int32_t i = 0; i < rq.Topics[t].Partitions_count; i++, k++) {
            offs[k].topic = rq.Topics[t].Name;
            offs[k].partition = rq.Topics[t].Partitions[i].PartitionIndex;
            offs[k].error = partition_error(req, offs[k].topic, offs[k].partition);
        }
    sm_OffsetDeleteResponse rs = {0};
    rs.ErrorCode = rq.GroupId.len <= 0 ? SM_ERR_INVALID_GROUP_ID
                                       : sm_gc_delete_offsets(sm_broker_groups(req->broker, true), rq.GroupId, (int32_t)total, offs);
    if (!rs.ErrorCode) {
        rs.Topics_count = rq.Topics_count;
        rs.Topics = sm_arena_calloc(req->arena, (size_t)rq.Topics_count + 1, sizeof(*rs.Topics));
        k = 0;
        for (int32_t t = 0; t < rq.Topics_count; t++) {
            sm_OffsetDeleteResponseTopic *rt = &rs.Topics[t];
            rt->Name = rq.Topics[t].Name;
            rt->Partitions_count = rq.Topics[t].Partitions_count;
            rt->Partitions = sm_arena_calloc(req->arena, (size_t)rt->Partitions_count + 1, sizeof(*rt->Partitions));
            for (int32_t i = 0; i < rt->Partitions_count; i++, k++) {
                rt->Partitions[i].PartitionIndex = offs[k].partition;
                rt->Partitions[i].ErrorCode = offs[k].error;
            }
        }
    }
    sm_OffsetDeleteResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

/* Builds one group's answer: the asked partitions, or every committed offset
 * when the topic list is null. Returns the group-level error. */
static int16_t fetch_group(sm_req_t *req, const sm_OffsetFetchRequestGroup *g, bool require_stable,
                           int32_t *topics_count, sm_OffsetFetchResponseTopic **topics)
{
    sm_gc_t *gc = sm_broker_groups(req->broker, true);
    sm_arena_t *a = req->arena;
    int32_t n = 0;
    sm_gc_offset_t *offs = NULL;
    int16_t err;
    if (g->Topics_count < 0) {
        err = sm_gc_fetch_all_offsets(gc, g->GroupId, a, &n, &offs);
    } else {
        int64_t total = 0;
        for (int32_t t = 0; t < g->Topics_count; t++)
            total += g->Topics[t].PartitionIndexes_count;
        offs = sm_arena_calloc(a, (size_t)total + 1, sizeof(*offs));
        for (int32_t t = 0; t < g->Topics_count; t++)
            for (int32_t i = 0; i < g->Topics[t].PartitionIndexes_count; i++, n++) {
                offs[n].topic = g->Topics[t].Name;
                offs[n].partition = g->Topics[t].PartitionIndexes[i];
            }
        err = sm_gc_fetch_offsets(gc, g->GroupId, n, offs, require_stable, a);
    }
    /* group the flat, topic-ordered list back into topics */
    sm_OffsetFetchResponseTopic *out = sm_arena_calloc(a, (size_t)n + 1, sizeof(*out));
    int32_t nt = 0;
    for (int32_t i = 0; i < n;) {
        int32_t j = i;
        while (j < n && sm_str_equal(offs[j].topic, offs[i].topic))
            j++;
        sm_OffsetFetchResponseTopic *rt = &out[nt++];
        rt->Name = offs[i].topic;
        rt->Partitions_count = j - i;
        rt->Partitions = sm_arena_calloc(a, (size_t)(j - i) + 1, sizeof(*rt->Partitions));
        for (int32_t k = i; k < j; k++) {
            sm_OffsetFetchResponsePartition *p = &rt->Partitions[k - i];
            p->PartitionIndex = offs[k].partition;
            p->CommittedOffset = err ? -1 : offs[k].offset;
            p->CommittedLeaderEpoch = err ? -1 : offs[k].leader_epoch;
            p->Metadata = err ? SM_STR_EMPTY : offs[k].metadata;
            p->ErrorCode = err ? err : offs[k].error;
        }
        i = j;
    }
    *topics_count = nt;
    *topics = out;
    return err;
}

int sm_handle_offset_fetch(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_OffsetFetchRequest rq;
    if (sm_OffsetFetchRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad OffsetFetch body");
        return SM_H_CLOSE;
    }
    sm_OffsetFetchResponse rs = {0};
    rs.Groups_count = rq.Groups_count;
    rs.Groups = sm_arena_calloc(req->arena, (size_t)rq.Groups_count + 1, sizeof(*rs.Groups));
    for (int32_t i = 0; i < rq.Groups_count; i++) {
        sm_OffsetFetchResponseGroup *g = &rs.Groups[i];
        g->GroupId = rq.Groups[i].GroupId;
        g->ErrorCode = fetch_group(req, &rq.Groups[i], rq.RequireStable, &g->Topics_count, &g->Topics);
    }
    if (v < 8 && rq.Groups_count > 0) {
        /* the single-group form; before v2 the group's error is in each partition only */
        rs.Topics_count = rs.Groups[0].Topics_count;
        rs.Topics = rs.Groups[0].Topics;
        rs.ErrorCode = v >= 2 ? rs.Groups[0].ErrorCode : 0;
    }
    sm_OffsetFetchResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}
