/*
 * DescribeCluster (key 60), versions 0-1, flexible from 0 (every version).
 *
 * Request:  IncludeClusterAuthorizedOperations bool,
 *           v1+: EndpointType int8 (default 1; 1 = brokers, 2 = controllers)
 * Response: ThrottleTimeMs int32, ErrorCode int16,
 *           ErrorMessage nullable string (default null),
 *           v1+: EndpointType int8 (default 1),
 *           ClusterId string, ControllerId int32 (default -1),
 *           Brokers [DescribeClusterBroker:
 *             BrokerId int32, Host string, Port int32,
 *             Rack nullable string (default null)],
 *           ClusterAuthorizedOperations int32 (default INT32_MIN = not requested)
 * Every struct ends with a tagged-field section (no known tags; all are
 * skipped). A v0 message decodes with EndpointType 1.
 */
#ifndef SM_DESCRIBE_CLUSTER_H
#define SM_DESCRIBE_CLUSTER_H

#include <stdbool.h>

#include "util/arena.h"
#include "wire.h"

typedef struct sm_DescribeClusterRequest {
    bool IncludeClusterAuthorizedOperations;
    int8_t EndpointType; /* v1+ */
} sm_DescribeClusterRequest;

typedef struct sm_DescribeClusterBroker {
    int32_t BrokerId;
    sm_str_t Host;
    int32_t Port;
    sm_str_t Rack; /* nullable */
} sm_DescribeClusterBroker;

typedef struct sm_DescribeClusterResponse {
    int32_t ThrottleTimeMs;
    int16_t ErrorCode;
    sm_str_t ErrorMessage; /* nullable */
    int8_t EndpointType;   /* v1+ */
    sm_str_t ClusterId;
    int32_t ControllerId;
    int32_t Brokers_count;
    sm_DescribeClusterBroker *Brokers;
    int32_t ClusterAuthorizedOperations;
} sm_DescribeClusterResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_DescribeClusterRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_DescribeClusterRequest *m);
void sm_DescribeClusterRequest_encode(sm_wr_t *w, int16_t version,
                                      const sm_DescribeClusterRequest *m);
int sm_DescribeClusterResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_DescribeClusterResponse *m);
void sm_DescribeClusterResponse_encode(sm_wr_t *w, int16_t version,
                                       const sm_DescribeClusterResponse *m);

#endif
