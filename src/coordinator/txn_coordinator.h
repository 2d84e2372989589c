/*
 * The transaction coordinator: Kafka's TransactionCoordinator for one node.
 *
 * Each transactional.id has a producer id and epoch, a timeout, a state
 * (txn_records.h: Empty, Ongoing, PrepareCommit/Abort, CompleteCommit/Abort)
 * and the partitions of its ongoing transaction. Every change is written to
 * `__transaction_state` partition abs(String.hashCode(id)) % partitions
 * before it is answered, in Kafka's record format, and replayed at start.
 *
 * EndTxn writes PrepareCommit/PrepareAbort, then a commit or abort marker to
 * every partition of the transaction, then CompleteCommit/CompleteAbort, and
 * answers after that (markers are local appends here, so there is no
 * asynchronous marker phase as in a cluster). A transaction found in a
 * Prepare state at start (a crash between the two records) is completed
 * then. An Ongoing transaction older than its timeout is aborted with the
 * epoch bumped, fencing the producer, as Kafka does; so is one whose
 * transactional.id is re-initialised by InitProducerId (a zombie's).
 *
 * Thread-safe (one mutex: transactions are rare next to produce/fetch).
 * Lock order: the coordinator's mutex, then the broker's topics lock (the
 * marker and partition callbacks take it); never the reverse.
 */
#ifndef SM_TXN_COORDINATOR_H
#define SM_TXN_COORDINATOR_H

#include <stdbool.h>
#include <stdint.h>

#include "log/log.h"
#include "producer_ids.h"
#include "txn_records.h"
#include "util/arena.h"

/* Writes a marker to topic-partition for producer_id/epoch: 0 or a Kafka
 * error (the partition was deleted meanwhile: UNKNOWN_TOPIC_OR_PARTITION). */
typedef int16_t (*sm_tc_marker_fn)(void *ctx, sm_str_t topic, int32_t partition, int64_t producer_id, int16_t epoch,
                                   bool commit, int32_t coordinator_epoch);
/* Whether topic-partition exists. */
typedef bool (*sm_tc_partition_fn)(void *ctx, sm_str_t topic, int32_t partition);

typedef struct sm_tc_config {
    int32_t partitions;     /* of __transaction_state */
    int32_t max_timeout_ms; /* transaction.max.timeout.ms */
    int64_t id_expiration_ms; /* transactional.id.expiration.ms: idle ids are forgotten */
    sm_pid_manager_t *pids;
    sm_tc_marker_fn write_marker;
    sm_tc_partition_fn partition_exists;
    void *ctx;
} sm_tc_config_t;

typedef struct sm_tc sm_tc_t;

/* Replays `logs` (the partitions of __transaction_state, in order) and
 * completes transactions left in a Prepare state. */
sm_tc_t *sm_tc_start(const sm_tc_config_t *cfg, sm_log_t **logs);
void sm_tc_stop(sm_tc_t *tc);

/* InitProducerId with a transactional id: a new producer id (epoch 0) for a
 * new id; else the epoch bumped (a new producer id when it would overflow),
 * an ongoing transaction first aborted. v3+ ids/epochs given must match
 * (else PRODUCER_FENCED, INVALID_PRODUCER_EPOCH before v4). */
int16_t sm_tc_init_producer_id(sm_tc_t *tc, sm_str_t transactional_id, int32_t timeout_ms, int64_t producer_id,
                               int16_t producer_epoch, int16_t version, int64_t *pid_out, int16_t *epoch_out);

/* AddPartitionsToTxn for one transaction. errors[i] gets each partition's
 * result; the return value is the transaction-level error (0 when the
 * per-partition ones tell). verify_only (v4+ broker form) checks that the
 * partitions are already in the ongoing transaction. */
int16_t sm_tc_add_partitions(sm_tc_t *tc, sm_str_t transactional_id, int64_t producer_id, int16_t producer_epoch,
                             int32_t n, const sm_txn_partition_t *parts, bool verify_only, int16_t version,
                             int16_t *errors);

/* EndTxn: commits or aborts the ongoing transaction (markers written). */
int16_t sm_tc_end_txn(sm_tc_t *tc, sm_str_t transactional_id, int64_t producer_id, int16_t producer_epoch,
                      bool commit, int16_t version);

/* Aborts ongoing transactions past their timeout (fencing their producer)
 * and forgets ids idle for longer than id_expiration_ms. */
void sm_tc_expire(sm_tc_t *tc, int64_t now_ms);

/* A snapshot of one transaction, for DescribeTransactions/ListTransactions. */
typedef struct sm_tc_txn_desc {
    sm_str_t transactional_id;
    int64_t producer_id;
    int16_t producer_epoch;
    int32_t timeout_ms;
    int8_t state;
    int64_t start_ms;
    int32_t partition_count;
    sm_txn_partition_t *partitions;
} sm_tc_txn_desc_t;

/* 0 with *out filled (strings in the arena), or TRANSACTIONAL_ID_NOT_FOUND. */
int16_t sm_tc_describe(sm_tc_t *tc, sm_str_t transactional_id, sm_arena_t *a, sm_tc_txn_desc_t *out);
/* Every transaction, in the arena. */
int32_t sm_tc_list(sm_tc_t *tc, sm_arena_t *a, sm_tc_txn_desc_t **out);

#endif
