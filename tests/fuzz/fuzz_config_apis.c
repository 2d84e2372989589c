/*
 * libFuzzer target for the config and log-admin API codecs: DeleteRecords,
 * AlterConfigs, IncrementalAlterConfigs, DescribeLogDirs.
 *
 * The input format and the checks: codec_roundtrip.h.
 */
#include "protocol/alter_configs.h"
#include "protocol/delete_records.h"
#include "protocol/describe_log_dirs.h"
#include "protocol/incremental_alter_configs.h"

#include "codec_roundtrip.h"

WRAP(sm_DeleteRecordsRequest)
WRAP(sm_DeleteRecordsResponse)
WRAP(sm_AlterConfigsRequest)
WRAP(sm_AlterConfigsResponse)
WRAP(sm_IncrementalAlterConfigsRequest)
WRAP(sm_IncrementalAlterConfigsResponse)
WRAP(sm_DescribeLogDirsRequest)
WRAP(sm_DescribeLogDirsResponse)

static const fuzz_api_t apis[] = {
    {0, 2, CODEC(sm_DeleteRecordsRequest), CODEC(sm_DeleteRecordsResponse)},
    {0, 2, CODEC(sm_AlterConfigsRequest), CODEC(sm_AlterConfigsResponse)},
    {0, 1, CODEC(sm_IncrementalAlterConfigsRequest), CODEC(sm_IncrementalAlterConfigsResponse)},
    {0, 4, CODEC(sm_DescribeLogDirsRequest), CODEC(sm_DescribeLogDirsResponse)},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return roundtrip_apis(apis, (int)(sizeof(apis) / sizeof(apis[0])), false, data, size);
}
