/*
 * IncrementalAlterConfigs (key 44), versions 0-1, flexible from 1.
 *
 * Request:  Resources [AlterConfigsResource:
 *             ResourceType int8, ResourceName string,
 *             Configs [AlterableConfig:
 *               Name string, ConfigOperation int8, Value nullable string]],
 *           ValidateOnly bool
 * Response: ThrottleTimeMs int32,
 *           Responses [AlterConfigsResourceResponse:
 *             ErrorCode int16, ErrorMessage nullable string,
 *             ResourceType int8, ResourceName string]
 *
 * ConfigOperation is 0 = SET, 1 = DELETE, 2 = APPEND, 3 = SUBTRACT. The
 * codec does not judge it, nor ResourceType, nor a null Value (which DELETE
 * may send): those are the handler's to answer, per resource.
 *
 * The schema struct names are those of AlterConfigs (alter_configs.h), whose
 * request config has no ConfigOperation; so that both headers can be
 * included together, the C structs here carry an "Incremental" prefix, as
 * Produce and Fetch prefix their NodeEndpoint.
 *
 * In the flexible version (1) strings and arrays use the compact forms and
 * every struct ends with a tagged-field section; this API has no known tags,
 * so tags are skipped on decode and written empty. Null arrays and null
 * non-nullable strings are rejected; encoders write a null non-nullable
 * string view as "" and a negative array count as 0.
 */
#ifndef SM_INCREMENTAL_ALTER_CONFIGS_H
#define SM_INCREMENTAL_ALTER_CONFIGS_H

#include <stdbool.h>

#include "util/arena.h"
#include "wire.h"

/* Values of ConfigOperation. */
enum {
    SM_CONFIG_OP_SET = 0,
    SM_CONFIG_OP_DELETE = 1,
    SM_CONFIG_OP_APPEND = 2,
    SM_CONFIG_OP_SUBTRACT = 3,
};

/* Kafka's AlterableConfig of this API. */
typedef struct sm_IncrementalAlterableConfig {
    sm_str_t Name;
    int8_t ConfigOperation;
    sm_str_t Value; /* nullable */
} sm_IncrementalAlterableConfig;

/* Kafka's AlterConfigsResource of this API. */
typedef struct sm_IncrementalAlterConfigsResource {
    int8_t ResourceType;
    sm_str_t ResourceName;
    int32_t Configs_count;
    sm_IncrementalAlterableConfig *Configs;
} sm_IncrementalAlterConfigsResource;

typedef struct sm_IncrementalAlterConfigsRequest {
    int32_t Resources_count;
    sm_IncrementalAlterConfigsResource *Resources;
    bool ValidateOnly;
} sm_IncrementalAlterConfigsRequest;

/* Kafka's AlterConfigsResourceResponse of this API. */
typedef struct sm_IncrementalAlterConfigsResourceResponse {
    int16_t ErrorCode;
    sm_str_t ErrorMessage; /* nullable */
    int8_t ResourceType;
    sm_str_t ResourceName;
} sm_IncrementalAlterConfigsResourceResponse;

typedef struct sm_IncrementalAlterConfigsResponse {
    int32_t ThrottleTimeMs;
    int32_t Responses_count;
    sm_IncrementalAlterConfigsResourceResponse *Responses;
} sm_IncrementalAlterConfigsResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_IncrementalAlterConfigsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                             sm_IncrementalAlterConfigsRequest *m);
void sm_IncrementalAlterConfigsRequest_encode(sm_wr_t *w, int16_t version,
                                              const sm_IncrementalAlterConfigsRequest *m);
int sm_IncrementalAlterConfigsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                              sm_IncrementalAlterConfigsResponse *m);
void sm_IncrementalAlterConfigsResponse_encode(sm_wr_t *w, int16_t version,
                                               const sm_IncrementalAlterConfigsResponse *m);

#endif
