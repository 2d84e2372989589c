/*
 * DescribeCluster codec; the byte layout per version is in
 * describe_cluster.h. The Brokers count is checked against the smallest
 * encoding of one broker, so a forged count cannot make the arena allocate
 * much more than the response.
 */
#include "describe_cluster.h"

int sm_DescribeClusterRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_DescribeClusterRequest *m)
{
    (void)a;
    r->flexible = true;
    m->IncludeClusterAuthorizedOperations = sm_rd_bool(r);
    m->EndpointType = version >= 1 ? sm_rd_i8(r) : 1;
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DescribeClusterRequest_encode(sm_wr_t *w, int16_t version,
                                      const sm_DescribeClusterRequest *m)
{
    w->flexible = true;
    sm_wr_bool(w, m->IncludeClusterAuthorizedOperations);
    if (version >= 1) sm_wr_i8(w, m->EndpointType);
    sm_wr_tags_empty(w);
}

/* Smallest broker: BrokerId, empty Host, Port, null Rack, empty tags. */
#define BROKER_MIN (4 + 1 + 4 + 1 + 1)

int sm_DescribeClusterResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_DescribeClusterResponse *m)
{
    r->flexible = true;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->ErrorCode = sm_rd_i16(r);
    m->ErrorMessage = sm_rd_nstring(r);
    m->EndpointType = version >= 1 ? sm_rd_i8(r) : 1;
    m->ClusterId = sm_rd_string(r);
    m->ControllerId = sm_rd_i32(r);
    m->Brokers_count = sm_rd_count(r, BROKER_MIN, false);
    m->Brokers = sm_rd_alloc(a, m->Brokers_count, sizeof(*m->Brokers));
    for (int32_t i = 0; i < m->Brokers_count && !r->err; i++) {
        sm_DescribeClusterBroker *b = &m->Brokers[i];
        b->BrokerId = sm_rd_i32(r);
        b->Host = sm_rd_string(r);
        b->Port = sm_rd_i32(r);
        b->Rack = sm_rd_nstring(r);
        sm_rd_tags(r);
    }
    m->ClusterAuthorizedOperations = sm_rd_i32(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DescribeClusterResponse_encode(sm_wr_t *w, int16_t version,
                                       const sm_DescribeClusterResponse *m)
{
    w->flexible = true;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_i16(w, m->ErrorCode);
    sm_wr_string(w, m->ErrorMessage);
    if (version >= 1) sm_wr_i8(w, m->EndpointType);
    sm_wr_string_nonnull(w, m->ClusterId);
    sm_wr_i32(w, m->ControllerId);
    sm_wr_count(w, m->Brokers_count);
    for (int32_t i = 0; i < m->Brokers_count; i++) {
        const sm_DescribeClusterBroker *b = &m->Brokers[i];
        sm_wr_i32(w, b->BrokerId);
        sm_wr_string_nonnull(w, b->Host);
        sm_wr_i32(w, b->Port);
        sm_wr_string(w, b->Rack);
        sm_wr_tags_empty(w);
    }
    sm_wr_i32(w, m->ClusterAuthorizedOperations);
    sm_wr_tags_empty(w);
}
