/* API key -> handler. What ApiVersions advertises comes from protocol/apis.c;
 * a key is served only if it has both a table entry and a handler here. */
#include "broker.h"
#include "handlers.h"
#include "protocol/errors.h"

sm_handler_fn sm_dispatch_handler(int16_t key)
{
    switch (key) {
    case SM_API_ApiVersions: return sm_handle_api_versions;
    case SM_API_Metadata: return sm_handle_metadata;
    case SM_API_Produce: return sm_handle_produce;
    case SM_API_Fetch: return sm_handle_fetch;
    case SM_API_ListOffsets: return sm_handle_list_offsets;
    case SM_API_CreateTopics: return sm_handle_create_topics;
    case SM_API_DeleteTopics: return sm_handle_delete_topics;
    case SM_API_CreatePartitions: return sm_handle_create_partitions;
    case SM_API_DescribeCluster: return sm_handle_describe_cluster;
    case SM_API_DescribeConfigs: return sm_handle_describe_configs;
    case SM_API_FindCoordinator: return sm_handle_find_coordinator;
    case SM_API_JoinGroup: return sm_handle_join_group;
    case SM_API_SyncGroup: return sm_handle_sync_group;
    case SM_API_Heartbeat: return sm_handle_heartbeat;
    case SM_API_LeaveGroup: return sm_handle_leave_group;
    case SM_API_OffsetCommit: return sm_handle_offset_commit;
    case SM_API_OffsetFetch: return sm_handle_offset_fetch;
    case SM_API_OffsetDelete: return sm_handle_offset_delete;
    case SM_API_DescribeGroups: return sm_handle_describe_groups;
    case SM_API_ListGroups: return sm_handle_list_groups;
    case SM_API_DeleteGroups: return sm_handle_delete_groups;
    case SM_API_DeleteRecords: return sm_handle_delete_records;
    case SM_API_InitProducerId: return sm_handle_init_producer_id;
    case SM_API_DescribeProducers: return sm_handle_describe_producers;
    case SM_API_AddPartitionsToTxn: return sm_handle_add_partitions_to_txn;
    case SM_API_AddOffsetsToTxn: return sm_handle_add_offsets_to_txn;
    case SM_API_EndTxn: return sm_handle_end_txn;
    case SM_API_TxnOffsetCommit: return sm_handle_txn_offset_commit;
    case SM_API_DescribeTransactions: return sm_handle_describe_transactions;
    case SM_API_ListTransactions: return sm_handle_list_transactions;
    case SM_API_AlterConfigs: return sm_handle_alter_configs;
    case SM_API_DescribeLogDirs: return sm_handle_describe_log_dirs;
    case SM_API_IncrementalAlterConfigs: return sm_handle_incremental_alter_configs;
    default: return NULL;
    }
}

int sm_check_leader_epoch(const sm_partition_t *p, int32_t current_leader_epoch)
{
    if (current_leader_epoch < 0 || current_leader_epoch == p->leader_epoch) return 0;
    return current_leader_epoch < p->leader_epoch ? SM_ERR_FENCED_LEADER_EPOCH
                                                  : SM_ERR_UNKNOWN_LEADER_EPOCH;
}
