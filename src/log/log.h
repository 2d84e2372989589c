/*
 * A partition's log: an ordered list of segments in one directory
 * `<log.dir>/<topic>-<partition>/`, in Kafka's on-disk format (see segment.h,
 * offset_index.h, time_index.h for the file layouts).
 *
 * Concurrency: appends are serialized by the log's own mutex. Readers take the
 * mutex only to look up the segment and pin it (reference count) and then read
 * the file outside the lock; the end offset is published with an atomic store
 * after the bytes are written, so a reader never sees offsets whose bytes are
 * not in the file.
 */
#ifndef SM_LOG_H
#define SM_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sm_log_config {
    int64_t segment_bytes;           /* log.segment.bytes, default 1 GiB */
    int32_t index_interval_bytes;    /* log.index.interval.bytes, default 4096 */
    int32_t max_index_size;          /* log.index.size.max.bytes, default 10 MiB */
    int64_t flush_interval_messages; /* log.flush.interval.messages, default INT64_MAX */
    int64_t flush_interval_ms;       /* log.flush.interval.ms, default INT64_MAX (never) */
    int64_t segment_ms;              /* segment.ms: roll when the active segment is this old (0: never) */
    int64_t segment_jitter_ms;       /* segment.jitter.ms: each segment rolls up to this much earlier */
} sm_log_config_t;

void sm_log_config_defaults(sm_log_config_t *cfg);

typedef struct sm_log sm_log_t;

/*
 * Opens the log in `dir`, creating the directory if it does not exist.
 * If !clean_shutdown, every segment holding offsets >= recovery_point is
 * scanned batch by batch (size, magic, CRC); the log is truncated at the first
 * invalid or torn batch (logged with file and position) and the indexes of the
 * scanned segments are rebuilt. After a clean shutdown indexes are trusted
 * (but rebuilt if missing or corrupt). Returns 0 or a negative errno.
 */
int sm_log_open(const char *dir, const sm_log_config_t *cfg, int64_t recovery_point,
                bool clean_shutdown, sm_log_t **out);

/* Flushes, closes files and frees. Segments pinned by readers stay open until released. */
void sm_log_close(sm_log_t *log);

/* Applies a changed configuration (AlterConfigs) to the open log: takes
 * effect from the next append (segment size, index interval, flush and roll
 * settings). */
void sm_log_set_config(sm_log_t *log, const sm_log_config_t *cfg);

/* Closes the log and removes its directory and files. */
int sm_log_delete(sm_log_t *log);

typedef struct sm_append_result {
    int64_t base_offset;     /* offset given to the first record */
    int64_t last_offset;     /* offset of the last record */
    int64_t log_append_time; /* -1 unless LogAppendTime */
    int64_t log_start_offset;
    bool duplicate;          /* a retried idempotent batch: offsets are the original's, nothing written */
} sm_append_result_t;

/*
 * Appends already-validated batches (sm_records_validate) `batches[0..len)`.
 * Sets each batch's BaseOffset and PartitionLeaderEpoch in place (the buffer
 * is modified), rolls to a new segment first if the active one would exceed
 * segment_bytes (or its index is full), writes the bytes, updates the indexes,
 * fsyncs if flush_interval_messages is reached, then publishes the new end
 * offset. Returns 0 or a negative errno (nothing published on failure;
 * -EINVAL if the buffer is not whole batches). If only the fsync triggered
 * by flush_interval_messages fails, the append is published and its error
 * returned. res->log_append_time is the first batch's MaxTimestamp when it
 * has the LogAppendTime attribute (the broker stamps timestamps and CRC before
 * calling), else -1.
 */
int sm_log_append(sm_log_t *log, uint8_t *batches, size_t len, int32_t leader_epoch,
                  sm_append_result_t *res);
/*
 * Idempotent producers: a batch with a ProducerId is first checked against
 * the producer's state as Kafka does: a retry of one of its last 5 batches
 * returns 0 with res->duplicate and the original offsets (nothing written);
 * an older epoch, a sequence gap or a non-transactional batch inside an open
 * transaction return a positive Kafka error code (INVALID_PRODUCER_EPOCH,
 * OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_TXN_STATE). At most one producer
 * batch per append (-EINVAL otherwise).
 */

/* ---- reading a log back (log_scan.c) ---- */

struct sm_batch_header;
struct sm_record;
typedef void (*sm_log_record_fn)(const struct sm_batch_header *h, const struct sm_record *rec, void *opaque);
/* Calls fn for every record of every batch from the log start to the end
 * offset at the call (compressed batches decompressed; control batches too:
 * check h->Attributes & SM_ATTR_CONTROL). 0, or a negative errno / positive
 * Kafka error where it stopped. */
int sm_log_scan_records(sm_log_t *log, sm_log_record_fn fn, void *opaque);

/* ---- transactions (log_txn.c) ---- */

typedef struct sm_aborted_txn {
    int64_t producer_id, first_offset, last_offset, last_stable_offset;
} sm_aborted_txn_t;

/* Appends a commit or abort marker for producer_id/epoch (the transaction
 * coordinator's WriteTxnMarkers); *offset gets its offset. 0 or -errno. */
int sm_log_append_marker(sm_log_t *log, int64_t producer_id, int16_t epoch, bool commit, int32_t coordinator_epoch,
                         int64_t timestamp, int32_t leader_epoch, int64_t *offset);

/* First offset of the oldest open transaction, or the end offset. */
int64_t sm_log_last_stable_offset(sm_log_t *log);

/* Aborted transactions overlapping [from, upto): returns how many there
 * are, copying at most max into out. */
int sm_log_aborted_txns(sm_log_t *log, int64_t from, int64_t upto, sm_aborted_txn_t *out, int max);

/* A control batch's marker: commit or abort and the coordinator epoch.
 * 0, or -1 if the batch is not a well-formed uncompressed marker. */
int sm_control_marker_parse(const uint8_t *batch, size_t len, bool *commit, int32_t *coordinator_epoch);

/* Drops the state of producers idle for expiration_ms (producer.id.expiration.ms,
 * by their last batch's timestamp) or whose records were all deleted. */
int sm_log_expire_producers(sm_log_t *log, int64_t now_ms, int64_t expiration_ms);

/* Calls fn for each producer known to the log, under its append mutex (fn
 * must not call back into the log). Returns the count. */
struct sm_producer_entry;
int sm_log_producers_foreach(sm_log_t *log, void (*fn)(const struct sm_producer_entry *e, void *opaque),
                             void *opaque);

int64_t sm_log_end_offset(sm_log_t *log);   /* next offset to be assigned (LEO) */
int64_t sm_log_start_offset(sm_log_t *log); /* first offset held */
int64_t sm_log_size_bytes(sm_log_t *log);   /* sum of segment sizes */
int sm_log_segment_count(sm_log_t *log);

/* A pinned file range of whole batches (possibly with a partial batch at the
 * end, as Kafka sends). Release with sm_log_read_release(ref); an empty slice
 * (len 0) has ref NULL, which release accepts. The fd stays valid until then,
 * even if the log is closed or deleted meanwhile. */
typedef struct sm_log_slice {
    int fd;
    int64_t pos;
    int32_t len;
    void *ref;
} sm_log_slice_t;

/*
 * Reads from the batch containing `offset`: a range within one segment of at
 * most max_bytes, or, if min_one and the first batch is larger, exactly that
 * whole first batch. Only batches with offsets < max_offset (the high
 * watermark) are included. offset == end (or max_offset) gives len 0.
 * Returns 0, or SM_ERR_OFFSET_OUT_OF_RANGE (1) if offset < start or > end
 * offset, or a negative errno.
 */
int sm_log_read(sm_log_t *log, int64_t offset, int32_t max_bytes, bool min_one, int64_t max_offset,
                sm_log_slice_t *out);
void sm_log_read_release(void *ref);

/* Kafka's ListOffsets by timestamp: in the first batch whose MaxTimestamp is
 * >= ts, the first record whose timestamp is >= ts, and that record's
 * timestamp (for a compressed batch, whose records are not decoded here: the
 * batch's BaseOffset and MaxTimestamp). Returns 0 if found, 1 if no such
 * batch (caller answers offset -1), negative errno on failure. */
int sm_log_offset_for_timestamp(sm_log_t *log, int64_t ts, int64_t *offset, int64_t *timestamp);

/* Largest timestamp in the log and the offset of the first record with it
 * (ListOffsets MAX_TIMESTAMP, -3; for a compressed batch its BaseOffset).
 * Returns 0, or 1 for an empty log (or one without timestamps >= 0). */
int sm_log_max_timestamp(sm_log_t *log, int64_t *timestamp, int64_t *offset);

/* fsyncs the active segment and its indexes (and any rolled segment not yet
 * flushed, plus the directory if segments were created); advances the
 * recovery point to the end offset. Safe concurrently with appends and reads. */
int sm_log_flush(sm_log_t *log);
/* Flushes if flush_interval_ms has passed since the last flush and there are
 * unflushed appends; otherwise flushes the segments rolled since the last
 * flush, as Kafka does on roll (recovery point -> active segment's base).
 * now_ms may come from any clock (sm_mono_ms() is best) as long as every call
 * uses the same one: the first call only starts the timer. Meant for a
 * periodic background task: it may fsync. */
int sm_log_flush_if_due(sm_log_t *log, int64_t now_ms);
int64_t sm_log_recovery_point(sm_log_t *log);

/* Retention (retention.c), as Kafka's deleteOldSegments: deletes the oldest
 * segments (a prefix of the log) whose largest timestamp is older than
 * retention_ms (-1: no limit), while the log is larger than retention_bytes
 * by at least the segment (-1: no limit), and those wholly below the log
 * start offset. The active segment goes too if it qualifies and is not
 * empty (a new one is rolled first). Deleted segments are renamed
 * `*.deleted` at once (readers that pinned them read on) and their files
 * removed file_delete_delay_ms later, by a later call. The log start offset
 * becomes the first remaining segment's base if that is higher. */
typedef struct sm_retention_opts {
    int64_t now_ms; /* wall clock */
    int64_t retention_ms;
    int64_t retention_bytes;
    int64_t file_delete_delay_ms;
} sm_retention_opts_t;

typedef struct sm_retention_stats {
    int segments_deleted;
    int64_t bytes_deleted;
} sm_retention_stats_t;

int sm_log_apply_retention(sm_log_t *log, const sm_retention_opts_t *opts, sm_retention_stats_t *stats);

/* DeleteRecords: moves the log start offset up to `offset` (at most the end
 * offset; a lower offset changes nothing). Returns 0, or
 * SM_ERR_OFFSET_OUT_OF_RANGE (1) if offset > end offset. */
int sm_log_advance_start(sm_log_t *log, int64_t offset);

/* Compaction (cleaner.c): keeps the latest record of each key in the closed
 * segments older than min.compaction.lag.ms; tombstones go once older than
 * delete_retention_ms. Runs when enough of them is dirty (written since the
 * last run), a dirty record passed max.compaction.lag.ms, or a tombstone it
 * kept has become old enough to go (see cleaner.c). Offsets never change. Safe concurrently with appends,
 * reads and flushes; one compaction per log at a time. 0 or -errno. */
typedef struct sm_compact_opts {
    int64_t now_ms; /* wall clock (record timestamps are wall clock) */
    int64_t delete_retention_ms; /* delete.retention.ms */
    double min_dirty_ratio;      /* min.cleanable.dirty.ratio */
    int64_t min_lag_ms;          /* min.compaction.lag.ms */
    int64_t max_lag_ms;          /* max.compaction.lag.ms */
} sm_compact_opts_t;

typedef struct sm_compact_stats {
    int segments_cleaned;
    int64_t bytes_before, bytes_after;
    int64_t records_removed;
} sm_compact_stats_t;

int sm_log_compact(sm_log_t *log, const sm_compact_opts_t *opts, sm_compact_stats_t *stats);
/* How far compaction got (Kafka's cleaner-offset-checkpoint): segments below
 * it count as clean for min.cleanable.dirty.ratio. */
int64_t sm_log_cleaned_through(sm_log_t *log);
void sm_log_set_cleaned_through(sm_log_t *log, int64_t offset);

#endif
