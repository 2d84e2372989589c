/*
 * AlterConfigs (key 33), versions 0-2, flexible from 2.
 *
 * Request:  Resources [AlterConfigsResource:
 *             ResourceType int8, ResourceName string,
 *             Configs [AlterableConfig: Name string, Value nullable string]],
 *           ValidateOnly bool
 * Response: ThrottleTimeMs int32,
 *           Responses [AlterConfigsResourceResponse:
 *             ErrorCode int16, ErrorMessage nullable string,
 *             ResourceType int8, ResourceName string]
 *
 * ResourceType uses Kafka's ConfigResource.Type codes (2 = topic, 4 =
 * broker, 8 = broker logger). The request replaces the whole set of dynamic
 * configs of a resource. A null Value is decoded as null and left to the
 * handler to judge. v1 is v0 on the wire (v1 only changed throttling).
 *
 * In the flexible version (2) strings and arrays use the compact forms and
 * every struct ends with a tagged-field section; this API has no known tags,
 * so tags are skipped on decode and written empty. Null arrays and null
 * non-nullable strings are rejected; encoders write a null non-nullable
 * string view as "" and a negative array count as 0.
 *
 * IncrementalAlterConfigs uses the same schema struct names; its C structs
 * carry an "Incremental" prefix (incremental_alter_configs.h).
 */
#ifndef SM_ALTER_CONFIGS_H
#define SM_ALTER_CONFIGS_H

#include <stdbool.h>

#include "util/arena.h"
#include "wire.h"

typedef struct sm_AlterableConfig {
    sm_str_t Name;
    sm_str_t Value; /* nullable */
} sm_AlterableConfig;

typedef struct sm_AlterConfigsResource {
    int8_t ResourceType;
    sm_str_t ResourceName;
    int32_t Configs_count;
    sm_AlterableConfig *Configs;
} sm_AlterConfigsResource;

typedef struct sm_AlterConfigsRequest {
    int32_t Resources_count;
    sm_AlterConfigsResource *Resources;
    bool ValidateOnly;
} sm_AlterConfigsRequest;

typedef struct sm_AlterConfigsResourceResponse {
    int16_t ErrorCode;
    sm_str_t ErrorMessage; /* nullable */
    int8_t ResourceType;
    sm_str_t ResourceName;
} sm_AlterConfigsResourceResponse;

typedef struct sm_AlterConfigsResponse {
    int32_t ThrottleTimeMs;
    int32_t Responses_count;
    sm_AlterConfigsResourceResponse *Responses;
} sm_AlterConfigsResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_AlterConfigsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_AlterConfigsRequest *m);
void sm_AlterConfigsRequest_encode(sm_wr_t *w, int16_t version, const sm_AlterConfigsRequest *m);
int sm_AlterConfigsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                   sm_AlterConfigsResponse *m);
void sm_AlterConfigsResponse_encode(sm_wr_t *w, int16_t version, const sm_AlterConfigsResponse *m);

#endif
