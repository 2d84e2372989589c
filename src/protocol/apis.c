#include "apis.h"

#include <stddef.h>

/* Version ranges: Apache Kafka 4.0's floors (KIP-896) to the maxima of the
 * message schemas. Produce advertises 0 because Kafka 4.0 does so for
 * librdkafka's sake, but versions 0-2 are answered with UNSUPPORTED_VERSION. */
static const sm_api_info_t table[] = {
    {SM_API_Produce, "Produce", 0, 11, 9, 3},
    {SM_API_Fetch, "Fetch", 4, 17, 12, 4},
    {SM_API_ListOffsets, "ListOffsets", 1, 10, 6, 1},
    {SM_API_Metadata, "Metadata", 0, 12, 9, 0},
    {SM_API_OffsetCommit, "OffsetCommit", 2, 9, 8, 2},
    {SM_API_OffsetFetch, "OffsetFetch", 1, 9, 6, 1},
    {SM_API_FindCoordinator, "FindCoordinator", 0, 6, 3, 0},
    {SM_API_JoinGroup, "JoinGroup", 0, 9, 6, 0},
    {SM_API_Heartbeat, "Heartbeat", 0, 4, 4, 0},
    {SM_API_LeaveGroup, "LeaveGroup", 0, 5, 4, 0},
    {SM_API_SyncGroup, "SyncGroup", 0, 5, 4, 0},
    {SM_API_DescribeGroups, "DescribeGroups", 0, 5, 5, 0},
    {SM_API_ListGroups, "ListGroups", 0, 5, 3, 0},
    {SM_API_ApiVersions, "ApiVersions", 0, 4, 3, 0},
    {SM_API_CreateTopics, "CreateTopics", 2, 7, 5, 2},
    {SM_API_DeleteTopics, "DeleteTopics", 1, 6, 4, 1},
    {SM_API_DeleteRecords, "DeleteRecords", 0, 2, 2, 0},
    {SM_API_InitProducerId, "InitProducerId", 0, 5, 2, 0},
    {SM_API_AddPartitionsToTxn, "AddPartitionsToTxn", 0, 5, 3, 0},
    {SM_API_AddOffsetsToTxn, "AddOffsetsToTxn", 0, 4, 3, 0},
    {SM_API_EndTxn, "EndTxn", 0, 4, 3, 0},
    {SM_API_TxnOffsetCommit, "TxnOffsetCommit", 0, 4, 3, 0},
    {SM_API_DescribeConfigs, "DescribeConfigs", 1, 4, 4, 1},
    {SM_API_AlterConfigs, "AlterConfigs", 0, 2, 2, 0},
    {SM_API_DescribeLogDirs, "DescribeLogDirs", 1, 4, 2, 1},
    {SM_API_CreatePartitions, "CreatePartitions", 0, 3, 2, 0},
    {SM_API_DeleteGroups, "DeleteGroups", 0, 2, 2, 0},
    {SM_API_IncrementalAlterConfigs, "IncrementalAlterConfigs", 0, 1, 1, 0},
    {SM_API_OffsetDelete, "OffsetDelete", 0, 0, -1, 0},
    {SM_API_DescribeCluster, "DescribeCluster", 0, 1, 0, 0},
    {SM_API_DescribeProducers, "DescribeProducers", 0, 0, 0, 0},
    {SM_API_DescribeTransactions, "DescribeTransactions", 0, 0, 0, 0},
    {SM_API_ListTransactions, "ListTransactions", 0, 1, 0, 0},
};

static const char *const names[SM_API__MAX] = {
    "Produce", "Fetch", "ListOffsets", "Metadata", "LeaderAndIsr", "StopReplica",
    "UpdateMetadata", "ControlledShutdown", "OffsetCommit", "OffsetFetch", "FindCoordinator",
    "JoinGroup", "Heartbeat", "LeaveGroup", "SyncGroup", "DescribeGroups", "ListGroups",
    "SaslHandshake", "ApiVersions", "CreateTopics", "DeleteTopics", "DeleteRecords",
    "InitProducerId", "OffsetForLeaderEpoch", "AddPartitionsToTxn", "AddOffsetsToTxn", "EndTxn",
    "WriteTxnMarkers", "TxnOffsetCommit", "DescribeAcls", "CreateAcls", "DeleteAcls",
    "DescribeConfigs", "AlterConfigs", "AlterReplicaLogDirs", "DescribeLogDirs",
    "SaslAuthenticate", "CreatePartitions", "CreateDelegationToken", "RenewDelegationToken",
    "ExpireDelegationToken", "DescribeDelegationToken", "DeleteGroups", "ElectLeaders",
    "IncrementalAlterConfigs", "AlterPartitionReassignments", "ListPartitionReassignments",
    "OffsetDelete", "DescribeClientQuotas", "AlterClientQuotas", "DescribeUserScramCredentials",
    "AlterUserScramCredentials", "Vote", "BeginQuorumEpoch", "EndQuorumEpoch", "DescribeQuorum",
    "AlterPartition", "UpdateFeatures", "Envelope", "FetchSnapshot", "DescribeCluster",
    "DescribeProducers", "BrokerRegistration", "BrokerHeartbeat", "UnregisterBroker",
    "DescribeTransactions", "ListTransactions", "AllocateProducerIds", "ConsumerGroupHeartbeat",
    "ConsumerGroupDescribe", "ControllerRegistration", "GetTelemetrySubscriptions",
    "PushTelemetry", "AssignReplicasToDirs", "ListClientMetricsResources",
    "DescribeTopicPartitions", "ShareGroupHeartbeat", "ShareGroupDescribe", "ShareFetch",
    "ShareAcknowledge", "AddRaftVoter", "RemoveRaftVoter", "UpdateRaftVoter",
    "InitializeShareGroupState", "ReadShareGroupState", "WriteShareGroupState",
    "DeleteShareGroupState", "ReadShareGroupStateSummary",
};

const sm_api_info_t *sm_api_info(int16_t key)
{
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (table[i].key == key) return &table[i];
    return NULL;
}

const char *sm_api_name(int16_t key)
{
    if (key < 0 || key >= SM_API__MAX || !names[key]) return "Unknown";
    return names[key];
}

const sm_api_info_t *sm_api_table(int *n)
{
    *n = (int)(sizeof(table) / sizeof(table[0]));
    return table;
}
