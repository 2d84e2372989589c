/*
 * libFuzzer target for the consumer-group offset and admin API codecs:
 * OffsetCommit, OffsetFetch, DescribeGroups, ListGroups, DeleteGroups,
 * OffsetDelete.
 *
 * The input format and the checks: codec_roundtrip.h.
 */
#include "protocol/delete_groups.h"
#include "protocol/describe_groups.h"
#include "protocol/list_groups.h"
#include "protocol/offset_commit.h"
#include "protocol/offset_delete.h"
#include "protocol/offset_fetch.h"

#include "codec_roundtrip.h"

WRAP(sm_OffsetCommitRequest)
WRAP(sm_OffsetCommitResponse)
WRAP(sm_OffsetFetchRequest)
WRAP(sm_OffsetFetchResponse)
WRAP(sm_DescribeGroupsRequest)
WRAP(sm_DescribeGroupsResponse)
WRAP(sm_ListGroupsRequest)
WRAP(sm_ListGroupsResponse)
WRAP(sm_DeleteGroupsRequest)
WRAP(sm_DeleteGroupsResponse)
WRAP(sm_OffsetDeleteRequest)
WRAP(sm_OffsetDeleteResponse)

static const fuzz_api_t apis[] = {
    {0, 9, CODEC(sm_OffsetCommitRequest), CODEC(sm_OffsetCommitResponse)},
    {0, 9, CODEC(sm_OffsetFetchRequest), CODEC(sm_OffsetFetchResponse)},
    {0, 5, CODEC(sm_DescribeGroupsRequest), CODEC(sm_DescribeGroupsResponse)},
    {0, 5, CODEC(sm_ListGroupsRequest), CODEC(sm_ListGroupsResponse)},
    {0, 2, CODEC(sm_DeleteGroupsRequest), CODEC(sm_DeleteGroupsResponse)},
    {0, 0, CODEC(sm_OffsetDeleteRequest), CODEC(sm_OffsetDeleteResponse)},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return roundtrip_apis(apis, (int)(sizeof(apis) / sizeof(apis[0])), false, data, size);
}
