/* ApiVersions: the table of protocol/apis.c, i.e. exactly what is implemented. */
#include "handlers.h"
#include "protocol/api_versions.h"
#include "protocol/errors.h"

int sm_handle_api_versions(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_ApiVersionsRequest rq;
    sm_ApiVersionsResponse rs = {0};
    if (sm_ApiVersionsRequest_decode(&req->rd, req->arena, v, &rq)) {
        /* Kafka answers INVALID_REQUEST rather than closing, so clients see why */
        rs.ErrorCode = SM_ERR_INVALID_REQUEST;
    }
    int n;
    const sm_api_info_t *t = sm_api_table(&n);
    rs.ApiKeys = sm_arena_calloc(req->arena, (size_t)n, sizeof(*rs.ApiKeys));
    for (int i = 0; i < n; i++) {
        if (!sm_dispatch_handler(t[i].key)) continue;
        rs.ApiKeys[rs.ApiKeys_count++] = (sm_ApiVersion){t[i].key, t[i].min_version, t[i].max_version};
    }
    sm_ApiVersionsResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}
