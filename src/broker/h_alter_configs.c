/* AlterConfigs and IncrementalAlterConfigs for topics (sm_topics_alter_configs)
 * and for this broker or the cluster default (dynamic broker configs,
 * sm_dynconf_alter): validated, persisted, applied at once. */
#include "handlers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/alter_configs.h"
#include "protocol/errors.h"
#include "protocol/incremental_alter_configs.h"
#include "util/map.h"

#define RESOURCE_TOPIC 2
#define RESOURCE_BROKER 4

/* One resource: its error code and message. */
static int16_t alter_resource(sm_req_t *req, int8_t type, sm_str_t name, const sm_config_op_t *ops, int n,
                              bool incremental, bool validate_only, sm_str_t *msg_out)
{
    const char *msg = NULL;
    int16_t err;
    if (type == RESOURCE_TOPIC) {
        err = (int16_t)sm_topics_alter_configs(req->broker->topics, name, ops, n, incremental, validate_only, &msg);
    } else if (type == RESOURCE_BROKER) {
        char buf[1024];
        sm_topics_wrlock(req->broker->topics);
        err = (int16_t)sm_dynconf_alter(req->broker->dyn, req->broker->topics, name, ops, n, incremental,
                                        validate_only, buf, sizeof(buf));
        sm_topics_unlock(req->broker->topics);
        msg = err ? sm_arena_strndup(req->arena, buf, strlen(buf)) : NULL;
    } else {
        err = SM_ERR_INVALID_REQUEST;
        msg = "Unsupported resource type.";
    }
    *msg_out = err && msg ? sm_str(msg) : SM_STR_NULL;
    return err;
}

/* Kafka answers INVALID_REQUEST for every copy of a resource named twice:
 * counts[i] > 1 marks them. One map pass, however many resources a request holds. */
static int *resource_counts(sm_req_t *req, int32_t n, const int8_t *types, const sm_str_t *names)
{
    uint8_t **keys = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*keys));
    size_t *lens = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*lens));
    int *counts = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*counts));
    sm_map_t seen; /* type byte + name -> copies */
    sm_map_init(&seen);
    for (int32_t i = 0; i < n; i++) {
        lens[i] = 1 + (size_t)(names[i].len > 0 ? names[i].len : 0);
        keys[i] = sm_arena_alloc(req->arena, lens[i]);
        keys[i][0] = (uint8_t)types[i];
        if (lens[i] > 1) memcpy(keys[i] + 1, names[i].ptr, lens[i] - 1);
        sm_map_entry_t *e = sm_map_upsert(&seen, keys[i], lens[i], NULL);
        if (!e) abort();
        e->value = (void *)((intptr_t)e->value + 1);
    }
    for (int32_t i = 0; i < n; i++) counts[i] = (int)(intptr_t)sm_map_get(&seen, keys[i], lens[i]);
    sm_map_free(&seen, NULL);
    return counts;
}

int sm_handle_alter_configs(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_AlterConfigsRequest rq;
    if (sm_AlterConfigsRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad AlterConfigs body");
        return SM_H_CLOSE;
    }
    sm_AlterConfigsResponse rs = {0};
    rs.Responses_count = rq.Resources_count;
    rs.Responses = sm_arena_calloc(req->arena, (size_t)rq.Resources_count + 1, sizeof(*rs.Responses));
    int32_t n = rq.Resources_count < 0 ? 0 : rq.Resources_count;
    int8_t *types = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*types));
    sm_str_t *names = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*names));
    for (int32_t i = 0; i < n; i++) {
        types[i] = rq.Resources[i].ResourceType;
        names[i] = rq.Resources[i].ResourceName;
    }
    int *counts = resource_counts(req, n, types, names);
    for (int32_t i = 0; i < rq.Resources_count; i++) {
        const sm_AlterConfigsResource *r = &rq.Resources[i];
        sm_config_op_t *ops = sm_arena_calloc(req->arena, (size_t)r->Configs_count + 1, sizeof(*ops));
        for (int32_t k = 0; k < r->Configs_count; k++)
            ops[k] = (sm_config_op_t){r->Configs[k].Name, r->Configs[k].Value, SM_CFGOP_SET};
        sm_AlterConfigsResourceResponse *o = &rs.Responses[i];
        o->ResourceType = r->ResourceType;
        o->ResourceName = r->ResourceName;
        if (counts[i] > 1) {
            o->ErrorCode = SM_ERR_INVALID_REQUEST;
            o->ErrorMessage = sm_str("Each resource must appear at most once.");
            continue;
        }
        o->ErrorCode = alter_resource(req, r->ResourceType, r->ResourceName, ops, r->Configs_count, false,
                                      rq.ValidateOnly, &o->ErrorMessage);
    }
    sm_AlterConfigsResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

int sm_handle_incremental_alter_configs(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_IncrementalAlterConfigsRequest rq;
    if (sm_IncrementalAlterConfigsRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad IncrementalAlterConfigs body");
        return SM_H_CLOSE;
    }
    sm_IncrementalAlterConfigsResponse rs = {0};
    rs.Responses_count = rq.Resources_count;
    rs.Responses = sm_arena_calloc(req->arena, (size_t)rq.Resources_count + 1, sizeof(*rs.Responses));
    int32_t n = rq.Resources_count < 0 ? 0 : rq.Resources_count;
    int8_t *types = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*types));
    sm_str_t *names = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*names));
    for (int32_t i = 0; i < n; i++) {
        types[i] = rq.Resources[i].ResourceType;
        names[i] = rq.Resources[i].ResourceName;
    }
    int *counts = resource_counts(req, n, types, names);
    for (int32_t i = 0; i < rq.Resources_count; i++) {
        const sm_IncrementalAlterConfigsResource *r = &rq.Resources[i];
        sm_config_op_t *ops = sm_arena_calloc(req->arena, (size_t)r->Configs_count + 1, sizeof(*ops));
        for (int32_t k = 0; k < r->Configs_count; k++)
            ops[k] = (sm_config_op_t){r->Configs[k].Name, r->Configs[k].Value, r->Configs[k].ConfigOperation};
        sm_IncrementalAlterConfigsResourceResponse *o = &rs.Responses[i];
        o->ResourceType = r->ResourceType;
        o->ResourceName = r->ResourceName;
        if (counts[i] > 1) {
            o->ErrorCode = SM_ERR_INVALID_REQUEST;
            o->ErrorMessage = sm_str("Each resource must appear at most once.");
            continue;
        }
        o->ErrorCode = alter_resource(req, r->ResourceType, r->ResourceName, ops, r->Configs_count, true,
                                      rq.ValidateOnly, &o->ErrorMessage);
    }
    sm_IncrementalAlterConfigsResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}
