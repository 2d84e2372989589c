/*
 * ApiVersions (key 18), versions 0-4, flexible from 3.
 *
 * Request:  v3+: ClientSoftwareName string, ClientSoftwareVersion string
 * Response: ErrorCode int16, ApiKeys [ApiKey int16, MinVersion int16,
 *           MaxVersion int16], v1+: ThrottleTimeMs int32,
 *           v3+: tagged fields (SupportedFeatures=0, FinalizedFeaturesEpoch=1,
 *           FinalizedFeatures=2, ZkMigrationReady=3; we send none)
 * The response header is always v0 (see header.h).
 */
#ifndef SM_API_VERSIONS_H
#define SM_API_VERSIONS_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_ApiVersionsRequest {
    sm_str_t ClientSoftwareName;
    sm_str_t ClientSoftwareVersion;
} sm_ApiVersionsRequest;

typedef struct sm_ApiVersion {
    int16_t ApiKey;
    int16_t MinVersion;
    int16_t MaxVersion;
} sm_ApiVersion;

typedef struct sm_ApiVersionsResponse {
    int16_t ErrorCode;
    int32_t ApiKeys_count;
    sm_ApiVersion *ApiKeys;
    int32_t ThrottleTimeMs;
} sm_ApiVersionsResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_ApiVersionsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_ApiVersionsRequest *m);
void sm_ApiVersionsRequest_encode(sm_wr_t *w, int16_t version, const sm_ApiVersionsRequest *m);
int sm_ApiVersionsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_ApiVersionsResponse *m);
void sm_ApiVersionsResponse_encode(sm_wr_t *w, int16_t version, const sm_ApiVersionsResponse *m);

#endif
