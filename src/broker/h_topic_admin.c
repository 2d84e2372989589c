/* CreateTopics, DeleteTopics and CreatePartitions. */
#include <string.h>

#include "handlers.h"
#include "protocol/create_partitions.h"
#include "protocol/create_topics.h"
#include "protocol/delete_topics.h"
#include "protocol/errors.h"
#include "topic_configs.h"

/* The effective configs of a topic for CreateTopics v5+ responses. */
static void describe_created(sm_req_t *req, sm_str_t name, sm_CreatableTopicResult *out,
                             const sm_CreatableTopic *in)
{
    int n;
    const sm_topic_config_def_t *defs = sm_topic_config_defs(&n);
    out->Configs = sm_arena_calloc(req->arena, (size_t)n, sizeof(*out->Configs));
    out->Configs_count = n;
    for (int i = 0; i < n; i++) {
        sm_CreatableTopicConfigs *c = &out->Configs[i];
        c->Name = sm_str(defs[i].name);
        sm_config_synonym_t syn[12];
        int ns = defs[i].broker_key ? sm_dynconf_synonyms(req->broker->dyn, req->arena, defs[i].broker_key, syn, 12) : 0;
        c->ConfigSource = ns > 0 ? syn[0].source : SM_CFGSRC_DEFAULT;
        c->Value = SM_STR_NULL;
        for (int32_t k = 0; k < in->Configs_count; k++)
            if (sm_str_eq(in->Configs[k].Name, defs[i].name)) {
                c->Value = in->Configs[k].Value;
                c->ConfigSource = SM_CFGSRC_DYNAMIC_TOPIC;
            }
        if (c->ConfigSource != SM_CFGSRC_DYNAMIC_TOPIC) {
            char *buf = sm_arena_alloc(req->arena, 32);
            c->Value = sm_str(sm_topic_config_default(req->broker->cfg, &defs[i], buf, 32));
        }
    }
    (void)name;
}

/* Explicit assignments are honoured when they describe what a single node can
 * hold: partitions 0..n-1, each with exactly this broker as its replica. */
static int check_assignments(sm_req_t *req, const sm_CreatableTopic *t, int32_t *partitions,
                             const char **msg)
{
    if (t->Assignments_count <= 0) return 0;
    if (t->NumPartitions != -1 || t->ReplicationFactor != -1) {
        *msg = "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.";
        return SM_ERR_INVALID_REQUEST;
    }
    for (int32_t i = 0; i < t->Assignments_count; i++) {
        const sm_CreatableReplicaAssignment *a = &t->Assignments[i];
        bool seen = false;
        for (int32_t j = 0; j < t->Assignments_count; j++)
            if (j != i && t->Assignments[j].PartitionIndex == a->PartitionIndex) seen = true;
        if (seen || a->PartitionIndex < 0 || a->PartitionIndex >= t->Assignments_count) {
            *msg = "Partitions should be a consecutive 0-based integer sequence.";
            return SM_ERR_INVALID_REPLICA_ASSIGNMENT;
        }
        if (a->BrokerIds_count != 1 || a->BrokerIds[0] != req->broker->cfg->node_id) {
            *msg = "Replica assignments may only name this broker (single-node cluster).";
            return a->BrokerIds_count > 1 ? SM_ERR_INVALID_REPLICATION_FACTOR : SM_ERR_INVALID_REPLICA_ASSIGNMENT;
        }
    }
    *partitions = t->Assignments_count;
    return 0;
}

int sm_handle_create_topics(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_CreateTopicsRequest rq;
    if (sm_CreateTopicsRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad CreateTopics body");
        return SM_H_CLOSE;
    }
    sm_CreateTopicsResponse rs = {0};
    rs.Topics_count = rq.Topics_count < 0 ? 0 : rq.Topics_count;
    rs.Topics = sm_arena_calloc(req->arena, (size_t)rs.Topics_count + 1, sizeof(*rs.Topics));
    for (int32_t i = 0; i < rs.Topics_count; i++) {
        sm_CreatableTopic *t = &rq.Topics[i];
        sm_CreatableTopicResult *out = &rs.Topics[i];
        out->Name = t->Name;
        out->ErrorMessage = SM_STR_NULL;
        out->NumPartitions = -1;
        out->ReplicationFactor = -1;
        out->Configs_count = -1;
        const char *msg = NULL;
        int err = 0;
        for (int32_t j = 0; j < rs.Topics_count; j++)
            if (j != i && sm_str_equal(rq.Topics[j].Name, t->Name)) {
                err = SM_ERR_INVALID_REQUEST;
                msg = "Create topics request from client contains a duplicate topic name.";
            }
        int32_t partitions = t->NumPartitions;
        int16_t rf = t->ReplicationFactor;
        if (!err) err = check_assignments(req, t, &partitions, &msg);
        if (!err && t->Assignments_count > 0) rf = 1;
        sm_str_t *keys = NULL, *vals = NULL;
        if (!err && t->Configs_count > 0) {
            keys = sm_arena_calloc(req->arena, (size_t)t->Configs_count, sizeof(*keys));
            vals = sm_arena_calloc(req->arena, (size_t)t->Configs_count, sizeof(*vals));
            for (int32_t k = 0; k < t->Configs_count; k++) {
                keys[k] = t->Configs[k].Name;
                vals[k] = t->Configs[k].Value;
            }
        }
        if (!err) {
            sm_topic_spec_t spec = {.name = t->Name, .partitions = partitions,
                                    .replication_factor = rf,
                                    .config_count = t->Configs_count > 0 ? t->Configs_count : 0,
                                    .config_keys = keys, .config_values = vals,
                                    .validate_only = rq.validateOnly};
            err = sm_topics_create(req->broker->topics, &spec, &out->TopicId, &msg);
        }
        out->ErrorCode = (int16_t)err;
        if (err) {
            out->ErrorMessage = sm_str(msg);
            continue;
        }
        out->NumPartitions = partitions == -1 ? req->broker->cfg->num_partitions : partitions;
        out->ReplicationFactor = 1;
        describe_created(req, t->Name, out, t);
    }
    sm_CreateTopicsResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

int sm_handle_delete_topics(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_DeleteTopicsRequest rq;
    if (sm_DeleteTopicsRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad DeleteTopics body");
        return SM_H_CLOSE;
    }
    sm_DeleteTopicsResponse rs = {0};
    rs.Responses_count = rq.Topics_count < 0 ? 0 : rq.Topics_count;
    rs.Responses = sm_arena_calloc(req->arena, (size_t)rs.Responses_count + 1, sizeof(*rs.Responses));
    for (int32_t i = 0; i < rs.Responses_count; i++) {
        sm_DeleteTopicState *t = &rq.Topics[i];
        sm_DeletableTopicResult *out = &rs.Responses[i];
        out->Name = t->Name;
        out->TopicId = t->TopicId;
        out->ErrorMessage = SM_STR_NULL;
        bool by_name = t->Name.len >= 0 && t->Name.ptr;
        if (by_name && !sm_uuid_is_zero(&t->TopicId)) {
            out->ErrorCode = SM_ERR_INVALID_REQUEST;
            out->ErrorMessage = sm_str("Topic name and id cannot both be given.");
            continue;
        }
        char *name_buf = sm_arena_alloc(req->arena, 256);
        sm_str_t name_out;
        sm_uuid_t id_out;
        int err = sm_topics_delete(req->broker->topics, t->Name, &t->TopicId, &name_out, &id_out,
                                   name_buf, 256);
        out->ErrorCode = (int16_t)err;
        if (!err) {
            out->Name = name_out;
            out->TopicId = id_out;
            sm_gc_topic_deleted(sm_broker_groups(req->broker, false), name_out); /* as Kafka's onPartitionsDeleted */
        } else if (!by_name) {
            out->Name = SM_STR_NULL;
        }
    }
    sm_DeleteTopicsResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

int sm_handle_create_partitions(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_CreatePartitionsRequest rq;
    if (sm_CreatePartitionsRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad CreatePartitions body");
        return SM_H_CLOSE;
    }
    sm_CreatePartitionsResponse rs = {0};
    rs.Results_count = rq.Topics_count < 0 ? 0 : rq.Topics_count;
    rs.Results = sm_arena_calloc(req->arena, (size_t)rs.Results_count + 1, sizeof(*rs.Results));
    for (int32_t i = 0; i < rs.Results_count; i++) {
        sm_CreatePartitionsTopic *t = &rq.Topics[i];
        sm_CreatePartitionsTopicResult *out = &rs.Results[i];
        out->Name = t->Name;
        out->ErrorMessage = SM_STR_NULL;
        const char *msg = NULL;
        int err = 0;
        for (int32_t a = 0; a < t->Assignments_count && !err; a++) {
            sm_CreatePartitionsAssignment *as = &t->Assignments[a];
            if (as->BrokerIds_count != 1 || as->BrokerIds[0] != req->broker->cfg->node_id) {
                err = SM_ERR_INVALID_REPLICA_ASSIGNMENT;
                msg = "Replica assignments may only name this broker (single-node cluster).";
            }
        }
        if (!err) err = sm_topics_add_partitions(req->broker->topics, t->Name, t->Count, rq.ValidateOnly, &msg);
        out->ErrorCode = (int16_t)err;
        if (err) out->ErrorMessage = sm_str(msg);
    }
    sm_CreatePartitionsResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}
