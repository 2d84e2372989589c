/* One handler per API; see dispatch.c for the table. */
#ifndef SM_HANDLERS_H
#define SM_HANDLERS_H

#include "broker.h"

/* Kafka's AclOperation bits a principal holds on a topic / the cluster when no
 * authorizer is configured (everything), for the *AuthorizedOperations fields. */
#define SM_TOPIC_ALL_OPS ((1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 10) | (1 << 11))
#define SM_CLUSTER_ALL_OPS ((1 << 5) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12))

int sm_handle_api_versions(sm_req_t *req);
int sm_handle_metadata(sm_req_t *req);
int sm_handle_produce(sm_req_t *req);
int sm_handle_fetch(sm_req_t *req);
int sm_handle_list_offsets(sm_req_t *req);
int sm_handle_create_topics(sm_req_t *req);
int sm_handle_delete_topics(sm_req_t *req);
int sm_handle_create_partitions(sm_req_t *req);
int sm_handle_describe_cluster(sm_req_t *req);
int sm_handle_describe_configs(sm_req_t *req);
int sm_handle_find_coordinator(sm_req_t *req);
int sm_handle_join_group(sm_req_t *req);
int sm_handle_sync_group(sm_req_t *req);
int sm_handle_heartbeat(sm_req_t *req);
int sm_handle_leave_group(sm_req_t *req);
int sm_handle_offset_commit(sm_req_t *req);
int sm_handle_offset_fetch(sm_req_t *req);
int sm_handle_offset_delete(sm_req_t *req);
int sm_handle_describe_groups(sm_req_t *req);
int sm_handle_list_groups(sm_req_t *req);
int sm_handle_delete_groups(sm_req_t *req);
int sm_handle_delete_records(sm_req_t *req);
int sm_handle_init_producer_id(sm_req_t *req);
int sm_handle_describe_producers(sm_req_t *req);
int sm_handle_add_partitions_to_txn(sm_req_t *req);
int sm_handle_add_offsets_to_txn(sm_req_t *req);
int sm_handle_end_txn(sm_req_t *req);
int sm_handle_txn_offset_commit(sm_req_t *req);
int sm_handle_describe_transactions(sm_req_t *req);
int sm_handle_list_transactions(sm_req_t *req);
int sm_handle_alter_configs(sm_req_t *req);
int sm_handle_incremental_alter_configs(sm_req_t *req);
int sm_handle_describe_log_dirs(sm_req_t *req);

/* Common checks of a partition's CurrentLeaderEpoch field (-1 = not given):
 * 0, FENCED_LEADER_EPOCH or UNKNOWN_LEADER_EPOCH. */
int sm_check_leader_epoch(const sm_partition_t *p, int32_t current_leader_epoch);

#endif
