/*
 * libFuzzer target for the admin API codecs: CreateTopics, DeleteTopics,
 * CreatePartitions, DescribeCluster, DescribeConfigs.
 *
 * The input format and the checks: codec_roundtrip.h.
 */
#include "protocol/create_partitions.h"
#include "protocol/create_topics.h"
#include "protocol/delete_topics.h"
#include "protocol/describe_cluster.h"
#include "protocol/describe_configs.h"

#include "codec_roundtrip.h"

WRAP(sm_CreateTopicsRequest)
WRAP(sm_CreateTopicsResponse)
WRAP(sm_DeleteTopicsRequest)
WRAP(sm_DeleteTopicsResponse)
WRAP(sm_CreatePartitionsRequest)
WRAP(sm_CreatePartitionsResponse)
WRAP(sm_DescribeClusterRequest)
WRAP(sm_DescribeClusterResponse)
WRAP(sm_DescribeConfigsRequest)
WRAP(sm_DescribeConfigsResponse)

static const fuzz_api_t apis[] = {
    {2, 7, CODEC(sm_CreateTopicsRequest), CODEC(sm_CreateTopicsResponse)},
    {1, 6, CODEC(sm_DeleteTopicsRequest), CODEC(sm_DeleteTopicsResponse)},
    {0, 3, CODEC(sm_CreatePartitionsRequest), CODEC(sm_CreatePartitionsResponse)},
    {0, 1, CODEC(sm_DescribeClusterRequest), CODEC(sm_DescribeClusterResponse)},
    {1, 4, CODEC(sm_DescribeConfigsRequest), CODEC(sm_DescribeConfigsResponse)},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return roundtrip_apis(apis, (int)(sizeof(apis) / sizeof(apis[0])), false, data, size);
}
