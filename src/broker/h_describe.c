/* DescribeCluster, and DescribeConfigs for topics, this broker and the
 * cluster-wide default (static and dynamic broker configs). */
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "protocol/describe_cluster.h"
#include "protocol/describe_configs.h"
#include "protocol/errors.h"
#include "config_docs.h"
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

/* Synonyms as Kafka lists them; the config's source is the first one's. */
#define MAX_SYNONYMS 12

static void fill_synonyms(sm_req_t *req, const sm_DescribeConfigsRequest *rq, sm_DescribeConfigsResourceResult *c,
                          const sm_config_synonym_t *syn, int n)
{
    c->ConfigSource = n > 0 ? syn[0].source : SM_CFGSRC_DEFAULT;
    if (!rq->IncludeSynonyms) return;
    c->Synonyms = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*c->Synonyms));
    for (int i = 0; i < n; i++)
        c->Synonyms[c->Synonyms_count++] = (sm_DescribeConfigsSynonym){
            sm_str(syn[i].name), syn[i].value ? sm_str(syn[i].value) : SM_STR_NULL, syn[i].source};
}

static sm_str_t documentation(const sm_DescribeConfigsRequest *rq, const char *name)
{
    const char *doc = rq->IncludeDocumentation ? sm_config_doc(name) : NULL;
    return doc ? sm_str(doc) : SM_STR_NULL;
}

static void describe_topic(sm_req_t *req, const sm_DescribeConfigsRequest *rq,
                           const sm_DescribeConfigsResource *r, sm_DescribeConfigsResult *out)
{
    sm_topics_t *topics = req->broker->topics;
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
        char *buf = sm_arena_alloc(req->arena, 32);
        bool is_override = false;
        const char *value = sm_topic_config(topics, tp, d->name, buf, 32, &is_override);
        c->Name = sm_str(d->name);
        c->Value = sm_str(value);
        c->ReadOnly = false;
        c->IsSensitive = false;
        c->ConfigType = (int8_t)d->type;
        c->Documentation = documentation(rq, d->name);
        sm_config_synonym_t syn[MAX_SYNONYMS + 1];
        int ns = 0;
        if (is_override) syn[ns++] = (sm_config_synonym_t){d->name, value, SM_CFGSRC_DYNAMIC_TOPIC};
        if (d->broker_key) ns += sm_dynconf_synonyms(req->broker->dyn, req->arena, d->broker_key, syn + ns, MAX_SYNONYMS);
        fill_synonyms(req, rq, c, syn, ns);
    }
}

typedef struct broker_ctx {
    sm_req_t *req;
    const sm_DescribeConfigsRequest *rq;
    const sm_DescribeConfigsResource *r;
    sm_DescribeConfigsResult *out;
    int cap;
} broker_ctx_t;

static void add_broker_config(const sm_broker_config_entry_t *e, void *opaque)
{
    broker_ctx_t *ctx = opaque;
    if (!wanted(ctx->r, e->name)) return;
    if (ctx->out->Configs_count == ctx->cap) {
        int cap = ctx->cap ? ctx->cap * 2 : 64;
        sm_DescribeConfigsResourceResult *n = sm_arena_calloc(ctx->req->arena, (size_t)cap, sizeof(*n));
        if (ctx->cap) memcpy(n, ctx->out->Configs, sizeof(*n) * (size_t)ctx->cap);
        ctx->out->Configs = n;
        ctx->cap = cap;
    }
    sm_DescribeConfigsResourceResult *c = &ctx->out->Configs[ctx->out->Configs_count++];
    c->Name = sm_str(e->name);
    c->Value = e->value ? sm_str(e->value) : SM_STR_NULL;
    c->ReadOnly = e->read_only;
    c->IsSensitive = e->sensitive;
    c->ConfigType = e->type;
    c->Documentation = documentation(ctx->rq, e->name);
    sm_config_synonym_t syn[MAX_SYNONYMS];
    int ns = sm_dynconf_synonyms(ctx->req->broker->dyn, ctx->req->arena, e->name, syn, MAX_SYNONYMS);
    if (ctx->r->ResourceName.len <= 0) { /* the cluster default: this broker's own level does not apply */
        int k = 0;
        for (int i = 0; i < ns; i++)
            if (syn[i].source != SM_CFGSRC_DYNAMIC_BROKER) syn[k++] = syn[i];
        ns = k;
    }
    fill_synonyms(ctx->req, ctx->rq, c, syn, ns);
}

static void describe_broker(sm_req_t *req, const sm_DescribeConfigsRequest *rq,
                            const sm_DescribeConfigsResource *r, sm_DescribeConfigsResult *out)
{
    sm_config_t *cfg = req->broker->cfg;
    char id[16];
    snprintf(id, sizeof(id), "%d", cfg->node_id);
    /* "" is the cluster-wide default; Kafka describes it with the same entries */
    if (r->ResourceName.len > 0 && !sm_str_eq(r->ResourceName, id)) {
        out->ErrorCode = SM_ERR_INVALID_REQUEST;
        out->ErrorMessage = sm_str("Unexpected broker id: this broker describes only itself.");
        return;
    }
    broker_ctx_t ctx = {req, rq, r, out, 0};
    sm_dynconf_foreach(req->broker->dyn, req->arena, r->ResourceName.len <= 0, add_broker_config, &ctx);
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
