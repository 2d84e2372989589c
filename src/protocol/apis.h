/*
 * The table of APIs Samsa's codecs implement: key, Kafka's name, the version
 * range we decode/encode and the first flexible version. ApiVersions and the
 * broker's dispatch both read this table, so what is advertised is exactly
 * what is implemented.
 */
#ifndef SM_APIS_H
#define SM_APIS_H

#include <stdbool.h>
#include <stdint.h>

enum {
    SM_API_Produce = 0,
    SM_API_Fetch = 1,
    SM_API_ListOffsets = 2,
    SM_API_Metadata = 3,
    SM_API_OffsetCommit = 8,
    SM_API_OffsetFetch = 9,
    SM_API_FindCoordinator = 10,
    SM_API_JoinGroup = 11,
    SM_API_Heartbeat = 12,
    SM_API_LeaveGroup = 13,
    SM_API_SyncGroup = 14,
    SM_API_DescribeGroups = 15,
    SM_API_ListGroups = 16,
    SM_API_SaslHandshake = 17,
    SM_API_ApiVersions = 18,
    SM_API_CreateTopics = 19,
    SM_API_DeleteTopics = 20,
    SM_API_DeleteRecords = 21,
    SM_API_InitProducerId = 22,
    SM_API_AddPartitionsToTxn = 24,
    SM_API_AddOffsetsToTxn = 25,
    SM_API_EndTxn = 26,
    SM_API_TxnOffsetCommit = 28,
    SM_API_DescribeConfigs = 32,
    SM_API_AlterConfigs = 33,
    SM_API_DescribeLogDirs = 35,
    SM_API_CreatePartitions = 37,
    SM_API_DeleteGroups = 42,
    SM_API_IncrementalAlterConfigs = 44,
    SM_API_OffsetDelete = 47,
    SM_API_DescribeCluster = 60,
    SM_API_DescribeProducers = 61,
    SM_API_DescribeTransactions = 65,
    SM_API_ListTransactions = 66,
    SM_API__MAX = 88, /* one past the highest key Kafka defines */
};

typedef struct sm_api_info {
    int16_t key;
    const char *name;
    int16_t min_version;      /* lowest version advertised */
    int16_t max_version;
    int16_t first_flexible;   /* -1: never flexible */
    int16_t min_served;       /* lowest version actually served; lower ones get UNSUPPORTED_VERSION */
} sm_api_info_t;

/* Entry for `key`, or NULL if Samsa does not implement it. */
const sm_api_info_t *sm_api_info(int16_t key);
/* Kafka's name for any key (also unimplemented ones), "Unknown" otherwise. */
const char *sm_api_name(int16_t key);
/* Implemented APIs in key order; count in *n. */
const sm_api_info_t *sm_api_table(int *n);

static inline bool sm_api_flexible(const sm_api_info_t *api, int16_t version)
{
    return api->first_flexible >= 0 && version >= api->first_flexible;
}

#endif
