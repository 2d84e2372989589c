/*
 * The group coordinator: every consumer group of the classic protocol, their
 * committed offsets, and their persistence in `__consumer_offsets`.
 *
 * Groups are sharded by the partition of `__consumer_offsets` that holds
 * them (Java's String.hashCode of the group id, as Kafka places them). Each
 * shard has a mutex around its groups and its log; records are appended in
 * the order the in-memory state changes, so replaying a shard's log rebuilds
 * it. A background thread loads the shards on start (requests to a shard not
 * yet loaded get COORDINATOR_LOAD_IN_PROGRESS), runs the groups' timers
 * (rebalance and session timeouts) and expires old offsets.
 *
 * Requests that must wait (a JoinGroup until the rebalance completes, a
 * follower's SyncGroup until the leader's assignment) return "wait"; the
 * caller parks the request and asks again when `notify` is called.
 *
 * Strings and bytes in results are copied into the caller's arena.
 *
 * A NULL coordinator (the broker could not create `__consumer_offsets`) is
 * accepted everywhere: group requests get COORDINATOR_NOT_AVAILABLE, the
 * notifications (markers, deleted topics) are ignored.
 */
#ifndef SM_COORDINATOR_H
#define SM_COORDINATOR_H

#include <stdbool.h>
#include <stdint.h>

#include "log/log.h"
#include "protocol/wire.h"
#include "util/arena.h"

typedef struct sm_gc sm_gc_t;

typedef struct sm_gc_config {
    int32_t partitions;             /* offsets.topic.num.partitions */
    int32_t min_session_timeout_ms; /* group.min.session.timeout.ms */
    int32_t max_session_timeout_ms; /* group.max.session.timeout.ms */
    int32_t max_size;               /* group.max.size */
    int32_t initial_rebalance_delay_ms;
    int64_t offsets_retention_ms;       /* offsets.retention.minutes */
    int64_t offsets_retention_check_ms; /* offsets.retention.check.interval.ms */
    int32_t offset_metadata_max_bytes;  /* offset.metadata.max.bytes */
    int64_t max_batch_bytes;            /* largest record batch written to the log */
    void (*notify)(void *ctx);          /* state changed or records appended: wake waiters */
    void *notify_ctx;
} sm_gc_config_t;

/* Starts the coordinator over the logs of `__consumer_offsets` (logs[i] is
 * partition i, written with leader_epochs[i]); loading happens in the
 * background thread. */
sm_gc_t *sm_gc_start(const sm_gc_config_t *cfg, sm_log_t **logs, const int32_t *leader_epochs);
void sm_gc_stop(sm_gc_t *gc);
/* The partition count of `__consumer_offsets` it serves. */
int32_t sm_gc_partition_count(const sm_gc_t *gc);
/* Waits until every shard is loaded (tests and tools). */
void sm_gc_wait_loaded(sm_gc_t *gc);

/* Kafka's partitionFor: abs(String.hashCode(group)) % partitions, where the
 * hash runs over the UTF-16 code units of the (UTF-8) group id. */
int32_t sm_gc_partition_for(int32_t partitions, sm_str_t group_id);
uint64_t sm_gc_new_token(sm_gc_t *gc);

/* ---- membership ---- */

typedef struct sm_gc_join {
    sm_str_t group_id;
    sm_str_t member_id;
    sm_str_t instance_id; /* nullable */
    sm_str_t protocol_type;
    sm_str_t client_id;
    sm_str_t client_host;
    int32_t session_timeout_ms;
    int32_t rebalance_timeout_ms; /* -1: the session timeout (v0) */
    int32_t protocol_count;
    const sm_str_t *protocol_names;
    const sm_bytes_t *protocol_metadata;
    bool require_known_member_id; /* JoinGroup v4+ */
} sm_gc_join_t;

typedef struct sm_gc_join_member {
    sm_str_t member_id;
    sm_str_t instance_id;
    sm_bytes_t metadata;
} sm_gc_join_member_t;

typedef struct sm_gc_join_result {
    int16_t error;
    int32_t generation;
    sm_str_t protocol_type; /* null when unknown */
    sm_str_t protocol_name; /* null when unknown */
    sm_str_t leader;
    sm_str_t member_id;
    int32_t member_count; /* the members, for the leader only */
    sm_gc_join_member_t *members;
    /* a static leader rejoined a Stable group (KIP-814): v9+ answers
     * SkipAssignment with the members; older versions name previous_leader
     * (its old id) as the leader and send no members */
    bool skip_assignment;
    sm_str_t previous_leader;
} sm_gc_join_result_t;

enum { SM_GC_DONE = 0, SM_GC_WAIT = 1 };

/* First run of a JoinGroup: SM_GC_DONE with *res, or SM_GC_WAIT: ask again
 * with sm_gc_join_poll(token) after a notify. */
int sm_gc_join(sm_gc_t *gc, const sm_gc_join_t *req, uint64_t token, sm_arena_t *a,
               sm_gc_join_result_t *res);
/* `final`: the request's deadline passed; answer even if still waiting. */
int sm_gc_join_poll(sm_gc_t *gc, sm_str_t group_id, uint64_t token, bool final, sm_arena_t *a,
                    sm_gc_join_result_t *res);

typedef struct sm_gc_sync {
    sm_str_t group_id;
    sm_str_t member_id;
    sm_str_t instance_id;   /* nullable */
    sm_str_t protocol_type; /* nullable: not checked */
    sm_str_t protocol_name; /* nullable: not checked */
    int32_t generation;
    int32_t assignment_count;
    const sm_str_t *assignment_members;
    const sm_bytes_t *assignments;
} sm_gc_sync_t;

typedef struct sm_gc_sync_result {
    int16_t error;
    sm_str_t protocol_type;
    sm_str_t protocol_name;
    sm_bytes_t assignment;
} sm_gc_sync_result_t;

/* SM_GC_DONE or SM_GC_WAIT (call again with the same request after a notify;
 * with `final`, a still-waiting follower gets REBALANCE_IN_PROGRESS). */
int sm_gc_sync_group(sm_gc_t *gc, const sm_gc_sync_t *req, bool final, sm_arena_t *a,
                     sm_gc_sync_result_t *res);

int16_t sm_gc_heartbeat(sm_gc_t *gc, sm_str_t group_id, sm_str_t member_id, sm_str_t instance_id,
                        int32_t generation);
/* Group-level error (e.g. COORDINATOR_LOAD_IN_PROGRESS) or 0, with each
 * member's error in errors[i]. */
int16_t sm_gc_leave(sm_gc_t *gc, sm_str_t group_id, int32_t count, const sm_str_t *member_ids,
                    const sm_str_t *instance_ids, int16_t *errors);

/* ---- offsets ---- */

typedef struct sm_gc_offset {
    sm_str_t topic;
    int32_t partition;
    int64_t offset;       /* -1: none committed */
    int32_t leader_epoch; /* -1: unknown */
    sm_str_t metadata;    /* commit: nullable (stored as ""); fetch: "" when none */
    int16_t error;
} sm_gc_offset_t;

typedef struct sm_gc_commit {
    sm_str_t group_id;
    sm_str_t member_id;
    sm_str_t instance_id; /* nullable */
    int32_t generation;   /* -1: a commit outside group management */
    int64_t retention_ms; /* v2-4 RetentionTimeMs, -1: broker's retention */
    /* answer to a member (generation >= 0) of a group that does not exist:
     * ILLEGAL_GENERATION, or GROUP_ID_NOT_FOUND from OffsetCommit v9 */
    int16_t unknown_group_error;
} sm_gc_commit_t;

/* Commits offsets[] (whose error is already set where the caller found the
 * partition unknown: those are skipped). Returns a group-level error that
 * applies to every partition, or 0 with per-partition errors set. */
int16_t sm_gc_commit_offsets(sm_gc_t *gc, const sm_gc_commit_t *req, int32_t count, sm_gc_offset_t *offsets);
/* Fills the committed offset of each offsets[i] (topic, partition given). */
int16_t sm_gc_fetch_offsets(sm_gc_t *gc, sm_str_t group_id, int32_t count, sm_gc_offset_t *offsets,
                            bool require_stable, sm_arena_t *a);

/* TxnOffsetCommit: written to __consumer_offsets as the producer's
 * transactional batch and held until the transaction's marker (below). A
 * member's generation, when given (>= 0), is checked as for OffsetCommit. */
int16_t sm_gc_txn_commit_offsets(sm_gc_t *gc, const sm_gc_commit_t *req, int64_t producer_id, int16_t producer_epoch,
                                 int32_t count, sm_gc_offset_t *offsets);
/* A commit or abort marker of producer_id landed in __consumer_offsets-partition. */
void sm_gc_txn_marker(sm_gc_t *gc, int32_t partition, int64_t producer_id, bool commit);
/* Every committed offset of a group, sorted by topic then partition. */
int16_t sm_gc_fetch_all_offsets(sm_gc_t *gc, sm_str_t group_id, sm_arena_t *a, int32_t *count,
                                sm_gc_offset_t **offsets);
/* OffsetDelete: group-level error, or 0 with per-partition errors. */
int16_t sm_gc_delete_offsets(sm_gc_t *gc, sm_str_t group_id, int32_t count, sm_gc_offset_t *offsets);

/* A topic was deleted: its committed offsets go from every group (tombstones),
 * so a topic created again under the name does not inherit them. */
void sm_gc_topic_deleted(sm_gc_t *gc, sm_str_t topic);

/* ---- admin ---- */

typedef struct sm_gc_member_desc {
    sm_str_t member_id;
    sm_str_t instance_id;
    sm_str_t client_id;
    sm_str_t client_host;
    sm_bytes_t metadata;
    sm_bytes_t assignment;
} sm_gc_member_desc_t;

typedef struct sm_gc_group_desc {
    int16_t error;
    sm_str_t state;
    sm_str_t protocol_type;
    sm_str_t protocol;
    int32_t member_count;
    sm_gc_member_desc_t *members;
} sm_gc_group_desc_t;

void sm_gc_describe(sm_gc_t *gc, sm_str_t group_id, sm_arena_t *a, sm_gc_group_desc_t *out);

typedef struct sm_gc_listing {
    sm_str_t group_id;
    sm_str_t protocol_type;
    sm_str_t state;
} sm_gc_listing_t;

/* Every group; error COORDINATOR_LOAD_IN_PROGRESS while loading (with the loaded ones). */
int16_t sm_gc_list(sm_gc_t *gc, sm_arena_t *a, int32_t *count, sm_gc_listing_t **out);

/* DeleteGroups for one group: GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP or 0. */
int16_t sm_gc_delete_group(sm_gc_t *gc, sm_str_t group_id);

/* Runs the offsets expiry now (tests and the timer thread). */
void sm_gc_expire_offsets(sm_gc_t *gc);

/* Memory held by the groups (approximate, for benchmarks). */
size_t sm_gc_group_count(sm_gc_t *gc);

#endif
