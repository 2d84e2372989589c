/*
 * Metadata: brokers (just this one), and topics with their partitions. Topics
 * asked for that do not exist are created first when the request and
 * auto.create.topics.enable allow it (creation takes the topics write lock,
 * so it happens before the read-locked response is built).
 */
#include <string.h>

#include "handlers.h"
#include "protocol/errors.h"
#include "protocol/metadata.h"
#include "util/logging.h"

static void fill_topic(sm_req_t *req, sm_topic_t *tp, sm_MetadataResponseTopic *out,
                       bool include_ops)
{
    int32_t node = req->broker->cfg->node_id;
    out->ErrorCode = 0;
    out->Name = sm_str(tp->name);
    out->TopicId = tp->id;
    out->IsInternal = tp->internal;
    out->TopicAuthorizedOperations = include_ops ? SM_TOPIC_ALL_OPS : INT32_MIN;
    out->Partitions_count = tp->partition_count;
    out->Partitions = sm_arena_calloc(req->arena, (size_t)tp->partition_count, sizeof(*out->Partitions));
    int32_t *nodes = sm_arena_calloc(req->arena, 1, sizeof(int32_t));
    nodes[0] = node;
    for (int32_t i = 0; i < tp->partition_count; i++) {
        sm_MetadataResponsePartition *p = &out->Partitions[i];
        p->ErrorCode = 0;
        p->PartitionIndex = i;
        p->LeaderId = node;
        p->LeaderEpoch = tp->partitions[i] ? tp->partitions[i]->leader_epoch : 0;
        p->ReplicaNodes_count = 1;
        p->ReplicaNodes = nodes;
        p->IsrNodes_count = 1;
        p->IsrNodes = nodes;
        p->OfflineReplicas_count = 0;
    }
}

typedef struct all_ctx {
    sm_req_t *req;
    sm_MetadataResponse *rs;
    bool ops;
} all_ctx_t;

static void add_topic(sm_topic_t *tp, void *opaque)
{
    all_ctx_t *ctx = opaque;
    fill_topic(ctx->req, tp, &ctx->rs->Topics[ctx->rs->Topics_count++], ctx->ops);
}

int sm_handle_metadata(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_broker_t *b = req->broker;
    sm_MetadataRequest rq;
    if (sm_MetadataRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad Metadata body");
        return SM_H_CLOSE;
    }
    bool all = (v == 0 && rq.Topics_count == 0) || rq.Topics_count < 0;
    bool auto_create = b->cfg->auto_create_topics_enable && (v < 4 || rq.AllowAutoTopicCreation);

    /* Create what is missing first, without the read lock. */
    if (!all && auto_create) {
        for (int32_t i = 0; i < rq.Topics_count; i++) {
            sm_str_t name = rq.Topics[i].Name;
            const char *why;
            if (name.len <= 0 || sm_topic_name_validate(name, &why)) continue;
            sm_topics_rdlock(b->topics);
            bool exists = sm_topics_find(b->topics, name) != NULL;
            sm_topics_unlock(b->topics);
            if (exists) continue;
            sm_topic_spec_t spec = {.name = name, .partitions = -1, .replication_factor = -1};
            sm_uuid_t id;
            int err = sm_topics_create(b->topics, &spec, &id, &why);
            if (err && err != SM_ERR_TOPIC_ALREADY_EXISTS)
                sm_warn("auto-creating topic %.*s failed: %s", name.len, name.ptr, sm_err_name(err));
        }
    }

    sm_MetadataResponse rs = {0};
    sm_MetadataResponseBroker *br = sm_arena_calloc(req->arena, 1, sizeof(*br));
    br->NodeId = b->cfg->node_id;
    br->Host = sm_str(b->cfg->advertised.host);
    br->Port = b->cfg->advertised.port;
    br->Rack = SM_STR_NULL;
    rs.Brokers = br;
    rs.Brokers_count = 1;
    rs.ClusterId = sm_str(b->cfg->cluster_id);
    rs.ControllerId = b->cfg->node_id;
    rs.ClusterAuthorizedOperations = rq.IncludeClusterAuthorizedOperations ? SM_CLUSTER_ALL_OPS : INT32_MIN;

    sm_topics_rdlock(b->topics);
    if (all) {
        int n = sm_topics_count(b->topics);
        rs.Topics = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*rs.Topics));
        all_ctx_t ctx = {req, &rs, rq.IncludeTopicAuthorizedOperations};
        sm_topics_foreach(b->topics, add_topic, &ctx);
    } else {
        rs.Topics = sm_arena_calloc(req->arena, (size_t)rq.Topics_count + 1, sizeof(*rs.Topics));
        for (int32_t i = 0; i < rq.Topics_count; i++) {
            sm_MetadataRequestTopic *t = &rq.Topics[i];
            sm_MetadataResponseTopic *out = &rs.Topics[rs.Topics_count++];
            out->TopicAuthorizedOperations = INT32_MIN;
            out->Name = t->Name;
            out->TopicId = t->TopicId;
            sm_topic_t *tp = NULL;
            if (t->Name.len >= 0 && t->Name.ptr) {
                const char *why;
                if (sm_topic_name_validate(t->Name, &why)) {
                    out->ErrorCode = SM_ERR_INVALID_TOPIC_EXCEPTION;
                    continue;
                }
                tp = sm_topics_find(b->topics, t->Name);
                if (!tp) out->ErrorCode = SM_ERR_UNKNOWN_TOPIC_OR_PARTITION;
            } else {
                tp = sm_topics_find_id(b->topics, &t->TopicId);
                if (!tp) out->ErrorCode = SM_ERR_UNKNOWN_TOPIC_ID;
            }
            if (tp) fill_topic(req, tp, out, rq.IncludeTopicAuthorizedOperations);
        }
    }
    /* Encode while the read lock still protects topic names and partitions. */
    sm_MetadataResponse_encode(req->resp, v, &rs);
    sm_topics_unlock(b->topics);
    return SM_H_RESPOND;
}
