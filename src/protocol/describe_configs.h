/*
 * DescribeConfigs (key 32), versions 1-4, flexible from 4.
 *
 * Request:  Resources [DescribeConfigsResource:
 *             ResourceType int8, ResourceName string,
 *             ConfigurationKeys nullable [string] (null = all keys)],
 *           IncludeSynonyms bool, v3+: IncludeDocumentation bool (default false)
 * Response: ThrottleTimeMs int32,
 *           Results [DescribeConfigsResult:
 *             ErrorCode int16, ErrorMessage nullable string,
 *             ResourceType int8, ResourceName string,
 *             Configs [DescribeConfigsResourceResult:
 *               Name string, Value nullable string, ReadOnly bool,
 *               ConfigSource int8, IsSensitive bool,
 *               Synonyms [DescribeConfigsSynonym:
 *                 Name string, Value nullable string, Source int8],
 *               v3+: ConfigType int8 (default 0),
 *               v3+: Documentation nullable string (default "")]]
 * In flexible versions every struct ends with a tagged-field section (no
 * known tags; all are skipped). Version 0 (IsDefault instead of ConfigSource,
 * no Synonyms) is not implemented. Fields absent in a version decode to the
 * schema default.
 */
#ifndef SM_DESCRIBE_CONFIGS_H
#define SM_DESCRIBE_CONFIGS_H

#include <stdbool.h>

#include "util/arena.h"
#include "wire.h"

typedef struct sm_DescribeConfigsResource {
    int8_t ResourceType;
    sm_str_t ResourceName;
    int32_t ConfigurationKeys_count; /* -1 = null: every key */
    sm_str_t *ConfigurationKeys;
} sm_DescribeConfigsResource;

typedef struct sm_DescribeConfigsRequest {
    int32_t Resources_count;
    sm_DescribeConfigsResource *Resources;
    bool IncludeSynonyms;
    bool IncludeDocumentation; /* v3+ */
} sm_DescribeConfigsRequest;

typedef struct sm_DescribeConfigsSynonym {
    sm_str_t Name;
    sm_str_t Value; /* nullable */
    int8_t Source;
} sm_DescribeConfigsSynonym;

typedef struct sm_DescribeConfigsResourceResult {
    sm_str_t Name;
    sm_str_t Value; /* nullable */
    bool ReadOnly;
    int8_t ConfigSource;
    bool IsSensitive;
    int32_t Synonyms_count;
    sm_DescribeConfigsSynonym *Synonyms;
    int8_t ConfigType;      /* v3+ */
    sm_str_t Documentation; /* v3+, nullable */
} sm_DescribeConfigsResourceResult;

typedef struct sm_DescribeConfigsResult {
    int16_t ErrorCode;
    sm_str_t ErrorMessage; /* nullable */
    int8_t ResourceType;
    sm_str_t ResourceName;
    int32_t Configs_count;
    sm_DescribeConfigsResourceResult *Configs;
} sm_DescribeConfigsResult;

typedef struct sm_DescribeConfigsResponse {
    int32_t ThrottleTimeMs;
    int32_t Results_count;
    sm_DescribeConfigsResult *Results;
} sm_DescribeConfigsResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_DescribeConfigsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_DescribeConfigsRequest *m);
void sm_DescribeConfigsRequest_encode(sm_wr_t *w, int16_t version,
                                      const sm_DescribeConfigsRequest *m);
int sm_DescribeConfigsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_DescribeConfigsResponse *m);
void sm_DescribeConfigsResponse_encode(sm_wr_t *w, int16_t version,
                                       const sm_DescribeConfigsResponse *m);

#endif
