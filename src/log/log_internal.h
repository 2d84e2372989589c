/*
 * The partition log's internal state, shared by log.c (appends, reads,
 * flushes) and cleaner.c (compaction), which swaps cleaned segments in.
 */
#ifndef SM_LOG_INTERNAL_H
#define SM_LOG_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "log.h"
#include "producer_state.h"
#include "segment.h"

struct sm_log {
    char *dir;
    sm_log_config_t cfg;
    int32_t max_oidx_entries; /* max_index_size / entry size */
    int32_t max_tidx_entries;
    pthread_mutex_t mu;       /* appends (and the active segment's appender state) */
    pthread_mutex_t list_mu;  /* segs/nsegs/cap; changed only with mu held too */
    pthread_mutex_t flush_mu; /* one flush at a time */
    sm_segment_t **segs;      /* ascending base offsets; the last is active */
    int nsegs, cap;
    atomic_bool dir_dirty; /* segment files created since the last flush */
    _Atomic int64_t end_offset;
    _Atomic int64_t start_offset;
    _Atomic int64_t size_bytes;
    _Atomic int64_t recovery_point;
    /* Time of the last flush on the clock of sm_log_flush_if_due's caller
     * (whatever it is); NO_TIME until its first call. Other flushes only set
     * `flushed`, and the next call takes its now_ms as their time. */
    _Atomic int64_t last_flush_ms;
    atomic_bool flushed;
    /* Compaction (cleaner.c): end offset of the closed segments at the last
     * cleaning, and when the oldest tombstone it kept may go (KIP-534's
     * delete horizon: a reason to clean again). Under clean_mu. */
    pthread_mutex_t clean_mu; /* one compaction or retention pass at a time */
    _Atomic int64_t cleaned_through; /* also read by checkpoint writers, without clean_mu */
    int64_t tombstones_due_ms;
    /* Segments renamed *.deleted, removed once due (retention.c). Under clean_mu. */
    struct sm_pending_delete *pending;
    int npending;
    int64_t roll_jitter_ms; /* this active segment's share of segment.jitter.ms */
    sm_producer_state_t producers; /* idempotent producers (log_producers.c), under mu */
    /* Offset of the snapshot file that holds exactly `producers` (-1: none),
     * so a close with nothing new does not rewrite it. Under mu. */
    int64_t snapshot_at;
    /* Transactions (log_txn.c): aborted ones by ascending last offset, under mu;
     * the first offset of the oldest open one (INT64_MAX: none), for the LSO. */
    sm_aborted_txn_t *aborted;
    _Atomic int naborted; /* also read without mu: most fetches find none and skip the lock */
    int aborted_cap;
    _Atomic int64_t first_unstable;
};

typedef struct sm_pending_delete {
    char *path; /* "<dir>/<base:020>" */
    int64_t due_ms;
} sm_pending_delete_t;

/* Pins every segment (ascending) and loads their indexes: returns how many
 * (*out malloc'd), or a negative errno. Release with sm_log_unpin_all. */
int sm_log_pin_all(sm_log_t *log, sm_segment_t ***out);
void sm_log_unpin_all(sm_segment_t **v, int n);

/* Rolls a new active segment at the end offset. Under mu. */
int sm_log_roll_locked(sm_log_t *log);
/* Removes the files of segments awaiting deletion and frees the list (close). */
void sm_log_retention_close(sm_log_t *log);

/* Idempotent producers (log_producers.c). load: at open, before the log is
 * shared. The others under mu. */
void sm_log_producers_load(sm_log_t *log);
void sm_log_producers_snapshot(sm_log_t *log, int64_t offset, bool durable);
/* 0 to append, 1 duplicate (*dup), a Kafka error code, or -EINVAL for more
 * than one producer batch in one append. */
int sm_log_producers_check(sm_log_t *log, uint8_t *batches, size_t len, sm_producer_batch_t *dup);
/* After a successful append (base offsets stamped). */
void sm_log_producers_update(sm_log_t *log, const uint8_t *batches, size_t len);

/* Transactions (log_txn.c). load/close: at open/close; the others under mu. */
void sm_log_txn_load(sm_log_t *log);
void sm_log_txn_close(sm_log_t *log);
void sm_log_txn_recompute_unstable(sm_log_t *log);
void sm_log_txn_trim(sm_log_t *log, int64_t start);
void sm_log_txn_marker_applied(sm_log_t *log, int64_t producer_id, int16_t epoch, bool commit,
                               int32_t coordinator_epoch, int64_t offset, bool write_index);

#endif
