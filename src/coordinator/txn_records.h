/*
 * The records the transaction coordinator keeps in `__transaction_state`,
 * in Kafka's formats (transaction-coordinator/TransactionLogKey.json and
 * TransactionLogValue.json), so Kafka's tools can read the topic.
 *
 * Key v0:   version int16 (0) | TransactionalId string
 * Value v0: version int16 (0) | ProducerId int64 | ProducerEpoch int16 |
 *           TransactionTimeoutMs int32 | TransactionStatus int8 |
 *           TransactionPartitions nullable [Topic string, PartitionIds [int32]] |
 *           TransactionLastUpdateTimestampMs int64 |
 *           TransactionStartTimestampMs int64
 * Value v1 is v0 in the flexible encoding (compact strings and arrays, a
 * tagged-field section per struct with PreviousProducerId tag 0,
 * NextProducerId tag 1, ClientTransactionVersion tag 2); it is read, v0 is
 * written (Kafka's format before transactions v2).
 * A null value (tombstone) removes the transactional id.
 */
#ifndef SM_TXN_RECORDS_H
#define SM_TXN_RECORDS_H

#include <stdint.h>

#include "protocol/wire.h"
#include "util/arena.h"

/* TransactionStatus values, Kafka's TransactionState ids. */
enum {
    SM_TXN_EMPTY = 0,
    SM_TXN_ONGOING = 1,
    SM_TXN_PREPARE_COMMIT = 2,
    SM_TXN_PREPARE_ABORT = 3,
    SM_TXN_COMPLETE_COMMIT = 4,
    SM_TXN_COMPLETE_ABORT = 5,
    SM_TXN_DEAD = 6,
    SM_TXN_PREPARE_EPOCH_FENCE = 7,
};

typedef struct sm_txn_partition {
    sm_str_t topic;
    int32_t partition;
} sm_txn_partition_t;

typedef struct sm_txn_value {
    int64_t producer_id;
    int16_t producer_epoch;
    int32_t timeout_ms;
    int8_t status;
    int32_t partition_count;
    sm_txn_partition_t *partitions;
    int64_t last_update_ms;
    int64_t start_ms;
} sm_txn_value_t;

const char *sm_txn_status_name(int8_t status);

void sm_txn_key_encode(sm_wr_t *w, sm_str_t transactional_id);
/* 0, or -1 for another key version or a malformed key. */
int sm_txn_key_decode(const uint8_t *p, size_t len, sm_str_t *transactional_id);

/* Partitions are written grouped by topic (topics and partitions sorted). */
void sm_txn_value_encode(sm_wr_t *w, const sm_txn_value_t *v);
/* 0, or -1 for an unknown version or a malformed value (arrays from a). */
int sm_txn_value_decode(const uint8_t *p, size_t len, sm_arena_t *a, sm_txn_value_t *v);

#endif
