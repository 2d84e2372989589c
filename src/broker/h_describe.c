/* DescribeCluster, and DescribeConfigs for topics and this broker (static configs). */
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "protocol/describe_cluster.h"
#include "protocol/describe_configs.h"
#include "protocol/errors.h"
#include "topic_configs.h"

#define RESOURCE_TOPIC 2
#define RESOURCE_BROKER 4

int sm_handle_describe_cluster(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_DescribeClusterRequest rq;
    if (sm_DescribeClusterRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad DescribeCluster body");
        return SM_H_CLOSE;
    }
    sm_config_t *cfg = req->broker->cfg;
    sm_DescribeClusterResponse rs = {0};
    rs.ErrorMessage = SM_STR_NULL;
    rs.EndpointType = 1;
    rs.ClusterId = sm_str(cfg->cluster_id);
    rs.ControllerId = cfg->node_id;
    rs.ClusterAuthorizedOperations = rq.IncludeClusterAuthorizedOperations ? SM_CLUSTER_ALL_OPS : INT32_MIN;
    if (v >= 1 && rq.EndpointType != 1) {
        rs.ErrorCode = SM_ERR_UNSUPPORTED_ENDPOINT_TYPE;
        rs.ErrorMessage = sm_str("The broker only describes broker endpoints (EndpointType 1).");
        rs.ControllerId = -1;
    } else {
        sm_DescribeClusterBroker *b = sm_arena_calloc(req->arena, 1, sizeof(*b));
        b->BrokerId = cfg->node_id;
        b->Host = sm_str(cfg->advertised.host);
        b->Port = cfg->advertised.port;
        b->Rack = SM_STR_NULL;
        rs.Brokers = b;
        rs.Brokers_count = 1;
    }
    sm_DescribeClusterResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

static bool wanted(const sm_DescribeConfigsResource *r, const char *name)
{
    if (r->ConfigurationKeys_count < 0) return true;
    for (int32_t i = 0; i < r->ConfigurationKeys_count; i++)
        if (sm_str_eq(r->ConfigurationKeys[i], name)) return true;
    return false;
}

static void describe_topic(sm_req_t *req, const sm_DescribeConfigsRequest *rq,
                           const sm_DescribeConfigsResource *r, sm_DescribeConfigsResult *out)
{
    sm_topics_t *topics = req->broker->topics;
    sm_config_t *cfg = req->broker->cfg;
    sm_topic_t *tp = sm_topics_find(topics, r->ResourceName);
    if (!tp) {
        out->ErrorCode = SM_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        out->ErrorMessage = sm_str("The topic does not exist.");
        return;
    }
    int n;
    const sm_topic_config_def_t *defs = sm_topic_config_defs(&n);
    out->Configs = sm_arena_calloc(req->arena, (size_t)n, sizeof(*out->Configs));
    for (int i = 0; i < n; i++) {
        const sm_topic_config_def_t *d = &defs[i];
        if (!wanted(r, d->name)) continue;
        sm_DescribeConfigsResourceResult *c = &out->Configs[out->Configs_count++];
        char *buf = sm_arena_alloc(req->arena, 32), *dbuf = sm_arena_alloc(req->arena, 32);
        bool is_override = false;
        const char *value = sm_topic_config(topics, tp, d->name, buf, 32, &is_override);
        bool static_set = d->broker_key && sm_config_is_set(cfg, d->broker_key);
        c->Name = sm_str(d->name);
        c->Value = sm_str(value);
        c->ReadOnly = false;
        c->IsSensitive = false;
        c->ConfigSource = is_override ? SM_CFGSRC_DYNAMIC_TOPIC
                          : static_set ? SM_CFGSRC_STATIC_BROKER : SM_CFGSRC_DEFAULT;
        c->ConfigType = (int8_t)d->type;
        c->Documentation = rq->IncludeDocumentation ? sm_str(d->doc) : SM_STR_NULL;
        if (rq->IncludeSynonyms) {
            c->Synonyms = sm_arena_calloc(req->arena, 3, sizeof(*c->Synonyms));
            if (is_override)
                c->Synonyms[c->Synonyms_count++] =
                    (sm_DescribeConfigsSynonym){sm_str(d->name), sm_str(value), SM_CFGSRC_DYNAMIC_TOPIC};
            if (d->broker_key) {
                const char *dv = sm_topic_config_default(cfg, d, dbuf, 32);
                c->Synonyms[c->Synonyms_count++] = (sm_DescribeConfigsSynonym){
                    sm_str(d->broker_key), sm_str(dv),
                    static_set ? SM_CFGSRC_STATIC_BROKER : SM_CFGSRC_DEFAULT};
            }
        }
    }
}

typedef struct broker_ctx {
    sm_req_t *req;
    const sm_DescribeConfigsRequest *rq;
    const sm_DescribeConfigsResource *r;
    sm_DescribeConfigsResult *out;
} broker_ctx_t;

static void add_broker_config(const char *key, const char *value, int type, bool is_set, void *opaque)
{
    broker_ctx_t *ctx = opaque;
    if (!wanted(ctx->r, key)) return;
    sm_arena_t *a = ctx->req->arena;
    sm_DescribeConfigsResourceResult *c = &ctx->out->Configs[ctx->out->Configs_count++];
    c->Name = sm_str(sm_arena_strndup(a, key, strlen(key)));
    c->Value = value ? sm_str(sm_arena_strndup(a, value, strlen(value))) : SM_STR_NULL;
    c->ReadOnly = true; /* no dynamic broker configs yet */
    c->IsSensitive = false;
    c->ConfigSource = is_set ? SM_CFGSRC_STATIC_BROKER : SM_CFGSRC_DEFAULT;
    c->ConfigType = (int8_t)type;
    c->Documentation = SM_STR_NULL;
    if (ctx->rq->IncludeSynonyms) {
        c->Synonyms = sm_arena_calloc(a, 1, sizeof(*c->Synonyms));
        c->Synonyms[0] = (sm_DescribeConfigsSynonym){c->Name, c->Value, c->ConfigSource};
        c->Synonyms_count = 1;
    }
}

static void count_config(const char *key, const char *value, int type, bool is_set, void *opaque)
{
    (*(int *)opaque)++;
}

static void describe_broker(sm_req_t *req, const sm_DescribeConfigsRequest *rq,
                            const sm_DescribeConfigsResource *r, sm_DescribeConfigsResult *out)
{
    sm_config_t *cfg = req->broker->cfg;
    char id[16];
    snprintf(id, sizeof(id), "%d", cfg->node_id);
    if (r->ResourceName.len > 0 && !sm_str_eq(r->ResourceName, id)) {
        out->ErrorCode = SM_ERR_INVALID_REQUEST;
        out->ErrorMessage = sm_str("Unexpected broker id: this broker describes only itself.");
        return;
    }
    int n = 0;
    sm_config_foreach(cfg, count_config, &n);
    out->Configs = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*out->Configs));
    broker_ctx_t ctx = {req, rq, r, out};
    sm_config_foreach(cfg, add_broker_config, &ctx);
}

int sm_handle_describe_configs(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_DescribeConfigsRequest rq;
    if (sm_DescribeConfigsRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad DescribeConfigs body");
        return SM_H_CLOSE;
    }
    sm_DescribeConfigsResponse rs = {0};
    rs.Results_count = rq.Resources_count < 0 ? 0 : rq.Resources_count;
    rs.Results = sm_arena_calloc(req->arena, (size_t)rs.Results_count + 1, sizeof(*rs.Results));
    sm_topics_rdlock(req->broker->topics);
    for (int32_t i = 0; i < rs.Results_count; i++) {
        sm_DescribeConfigsResource *r = &rq.Resources[i];
        sm_DescribeConfigsResult *out = &rs.Results[i];
        out->ResourceType = r->ResourceType;
        out->ResourceName = r->ResourceName;
        out->ErrorMessage = SM_STR_NULL;
        if (r->ResourceType == RESOURCE_TOPIC) {
            describe_topic(req, &rq, r, out);
        } else if (r->ResourceType == RESOURCE_BROKER) {
            describe_broker(req, &rq, r, out);
        } else {
            out->ErrorCode = SM_ERR_INVALID_REQUEST;
            out->ErrorMessage = sm_str("Unsupported resource type.");
        }
    }
    sm_DescribeConfigsResponse_encode(req->resp, v, &rs);
    sm_topics_unlock(req->broker->topics);
    return SM_H_RESPOND;
}
