/*
 * Idempotent producers' state of one partition, as Kafka keeps it
 * (ProducerStateManager): per producer id its epoch, the last 5 batches'
 * sequence ranges and offsets (to answer a retried batch with its original
 * offset instead of writing it twice), the coordinator epoch and the first
 * offset of its open transaction.
 *
 * Snapshot file `<dir>/<offset:020>.snapshot`, Kafka's ProducerSnapshot v1
 * (big-endian):
 *   Version int16 (1) | Crc uint32 (CRC-32C of everything after it) |
 *   count int32 | count x { ProducerId int64 | Epoch int16 |
 *   LastSequence int32 | LastOffset int64 | OffsetDelta int32 |
 *   Timestamp int64 | CoordinatorEpoch int32 | CurrentTxnFirstOffset int64 }
 * It holds the state of every batch below `offset`; only each producer's
 * last batch is kept, as in Kafka.
 *
 * Not thread-safe: the log calls it under its append mutex.
 */
#ifndef SM_PRODUCER_STATE_H
#define SM_PRODUCER_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/map.h"

#define SM_PRODUCER_CACHED_BATCHES 5
#define SM_NO_PRODUCER_ID (-1)
#define SM_NO_SEQUENCE (-1)

typedef struct sm_producer_batch {
    int32_t first_seq, last_seq;
    int64_t first_offset, last_offset;
    int64_t timestamp; /* the batch's MaxTimestamp */
} sm_producer_batch_t;

typedef struct sm_producer_entry {
    int64_t producer_id;
    int16_t epoch;
    int nbatches; /* oldest first */
    sm_producer_batch_t batches[SM_PRODUCER_CACHED_BATCHES];
    int32_t coordinator_epoch;
    int64_t txn_first_offset; /* -1: no open transaction */
} sm_producer_entry_t;

typedef struct sm_producer_state {
    sm_map_t producers; /* producer id (8 bytes) -> sm_producer_entry_t* */
} sm_producer_state_t;

/* What a producer batch's header says about its producer. */
typedef struct sm_producer_batch_info {
    int64_t producer_id;
    int16_t epoch;
    int32_t first_seq, last_seq;
    int32_t offset_delta; /* LastOffsetDelta */
    int64_t max_timestamp;
    bool transactional, control;
} sm_producer_batch_info_t;

void sm_producer_state_init(sm_producer_state_t *ps);
void sm_producer_state_free(sm_producer_state_t *ps);
size_t sm_producer_state_count(const sm_producer_state_t *ps);
const sm_producer_entry_t *sm_producer_state_get(const sm_producer_state_t *ps, int64_t producer_id);

/* The producer's entry, created empty (epoch -1, no batches) if new; NULL
 * when out of memory. */
sm_producer_entry_t *sm_producer_state_upsert(sm_producer_state_t *ps, int64_t producer_id);

/* Reads the producer fields of the RecordBatch header at b (>= 61 bytes). */
void sm_producer_batch_info(const uint8_t *b, sm_producer_batch_info_t *bi);

/* Checks a client's batch against the producer's state, as Kafka's
 * ProducerAppendInfo does. Returns 0 to append, 1 for a duplicate of one of
 * the last 5 batches (*dup gets it: answer with its offsets, write nothing),
 * or a Kafka error code: INVALID_PRODUCER_EPOCH (older epoch),
 * OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_TXN_STATE (a non-transactional batch
 * while the producer's transaction is open). */
int sm_producer_check(const sm_producer_state_t *ps, const sm_producer_batch_info_t *bi,
                      sm_producer_batch_t *dup);
/* (A batch without a sequence comes from a coordinator, e.g. transactional
 * offset commits: only its epoch is checked and it is not cached.) */

/* Records an appended (or replayed) data batch at [first_offset, last_offset].
 * Returns 0 or -ENOMEM. */
int sm_producer_update(sm_producer_state_t *ps, const sm_producer_batch_info_t *bi, int64_t first_offset,
                       int64_t last_offset);

/* Drops producers whose last batch lies below the log start offset (retention
 * or DeleteRecords removed all their records) and those idle since before
 * expire_before_ms (producer.id.expiration.ms; INT64_MIN: none), unless
 * their transaction is open. Returns how many were removed. */
int sm_producer_state_prune(sm_producer_state_t *ps, int64_t log_start, int64_t expire_before_ms);

/* Writes `<dir>/<offset:020>.snapshot` (temp file + rename). With durable
 * also fsyncs; a torn snapshot is caught by its CRC anyway. 0 or -errno. */
int sm_producer_snapshot_write(const sm_producer_state_t *ps, const char *dir, int64_t offset, bool durable);

/* Loads a snapshot file into an empty state. 0, or -EBADMSG (bad version,
 * size or CRC), or -errno. */
int sm_producer_snapshot_read(sm_producer_state_t *ps, const char *path);

/* The offsets of the snapshot files in dir, ascending (*out malloc'd). */
int sm_producer_snapshot_list(const char *dir, int64_t **out);

/* Deletes the snapshots of dir with offset < below or > above. */
void sm_producer_snapshot_delete(const char *dir, int64_t below, int64_t above);

#endif
