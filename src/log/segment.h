/*
 * A log segment: `<base>.log` with its `<base>.index` (offset_index.h) and
 * `<base>.timeindex` (time_index.h), where <base> is the base offset as 20
 * zero-padded decimal digits (00000000000000000000.log). Kafka's format.
 *
 * `.log`: whole RecordBatch v2 back to back (records.h), exactly as produced
 * except BaseOffset and PartitionLeaderEpoch set by the broker. No header, no
 * padding. Every batch's offsets are >= the base offset and fit in 31 bits
 * relative to it; BaseOffsets strictly increase. A segment is at most 2 GiB
 * (positions are 32-bit in the index).
 *
 * Crash behaviour: bytes are written with one pwrite per append and are only
 * published (size and next offset, see `state`) after the write; a torn or
 * corrupt tail is found by the recovery scan (recovery.h) and cut off.
 *
 * Lifetime: reference counted. The log holds one reference while the
 * segment is in its list; a reader holds one while it reads a slice. The .log
 * fd is closed when the last reference goes, so a slice stays readable after
 * the segment was deleted or the log closed.
 */
#ifndef SM_SEGMENT_H
#define SM_SEGMENT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "index_array.h"
#include "protocol/records.h"

typedef struct sm_segment {
    int64_t base_offset;
    char *path; /* "<dir>/<base:020>"; each file appends its extension */
    int fd;     /* the .log, read-write */
    int32_t index_interval;
    atomic_int refs;
    /* Published extent: size << 32 | (next_offset - base_offset), one atomic
     * word so a reader gets a byte limit and the end offset of exactly the
     * batches below it. Valid once `loaded`. */
    _Atomic uint64_t state;
    sm_idx_t oidx; /* offset index entries */
    sm_idx_t tidx; /* time index entries */
    /* Appender state: changed under the log mutex by appends to the active
     * segment, or single-threaded by load/recovery before `loaded` is set. */
    int64_t bytes_since_index; /* bytes appended since the last index entry */
    int64_t max_ts;            /* largest batch MaxTimestamp, -1 if none */
    int64_t max_ts_offset;     /* last offset of the batch that first had it */
    int64_t first_append_ms;   /* wall time of the first append (segment.ms), -1 if none yet */
    int64_t reserved_end;      /* disk reserved past the size up to here (sm_segment_reserve) */
    bool no_reserve;           /* the filesystem cannot reserve (fallocate unsupported) */
    /* Lazy loading of the indexes of segments opened from disk. */
    atomic_bool loaded;
    pthread_mutex_t load_mu;
    bool deleted; /* files unlinked (under load_mu): nothing may recreate them */
    /* Under the log's flush mutex. */
    int64_t synced_size;
} sm_segment_t;

#define SM_SEGMENT_MAX_BYTES INT32_MAX

/* "<dir>/<base:020>" (malloc'd) or NULL. */
char *sm_segment_path(const char *dir, int64_t base);

/* Creates a new empty segment (empty .log, .index, .timeindex; existing
 * files of that name are truncated), loaded, 1 reference. 0 or -errno. */
int sm_segment_create(const char *dir, int64_t base, int32_t index_interval, sm_segment_t **out);

/* Opens the existing `<base>.log` (not loaded: indexes are read on first
 * use, see sm_segment_load), 1 reference. 0 or -errno. */
int sm_segment_open(const char *dir, int64_t base, int32_t index_interval, sm_segment_t **out);

void sm_segment_ref(sm_segment_t *s);
/* Drops a reference; the last one closes the fd and frees. */
void sm_segment_unref(sm_segment_t *s);

static inline void sm_segment_get_state(const sm_segment_t *s, int64_t *size, int64_t *next_offset)
{
    uint64_t st = atomic_load_explicit(&((sm_segment_t *)s)->state, memory_order_acquire);
    *size = (int64_t)(st >> 32);
    *next_offset = s->base_offset + (int64_t)(st & 0xffffffffu);
}
static inline void sm_segment_publish(sm_segment_t *s, int64_t size, int64_t next_offset)
{
    uint64_t st = ((uint64_t)size << 32) | (uint64_t)(next_offset - s->base_offset);
    atomic_store_explicit(&s->state, st, memory_order_release);
}
static inline int64_t sm_segment_size(const sm_segment_t *s)
{
    int64_t size, next;
    sm_segment_get_state(s, &size, &next);
    return size;
}

/* Index bookkeeping for a batch of `size` bytes written at `pos` (Kafka's
 * LogSegment rule): track the max timestamp, and if more than
 * index_interval bytes were appended since the last entry, add an offset
 * index entry (last_offset, pos) and a time index entry for the max
 * timestamp so far. 0 or -ENOMEM. */
int sm_segment_index_batch(sm_segment_t *s, int64_t pos, int64_t size, int64_t last_offset,
                           int64_t max_ts);

/* Adds the time index entry for the segment's max timestamp (on roll, close
 * and after recovery, as Kafka does). */
int sm_segment_seal_timeindex(sm_segment_t *s);

/* Before appending len bytes at `size` to the active segment (under the log
 * mutex): reserves disk blocks ahead of the write with fallocate(KEEP_SIZE),
 * as much again as the segment holds, at most 16 MiB and never past `limit`
 * (segment.bytes). ext4 then allocates in large extents instead of page by
 * page on every write; the file's size stays the data's, so readers and
 * recovery see nothing of it. Failures are ignored: the write itself reports
 * a full disk. */
void sm_segment_reserve(sm_segment_t *s, int64_t size, size_t len, int64_t limit);
/* Gives back the blocks reserved past the segment's size (when it stops
 * being the active one: roll, close). */
void sm_segment_release_reserve(sm_segment_t *s);

/*
 * Makes the indexes usable (thread-safe, idempotent). Reads both index files
 * and checks them (offset_index.h, time_index.h); if one is missing or
 * invalid, both are rebuilt from the batch headers and rewritten. Then scans
 * the batch headers after the last offset index entry to derive the
 * segment's end offset, size and max timestamp. Returns 0, -EBADMSG if the
 * .log has an invalid batch header (the valid prefix is kept, the problem
 * logged), or another negative errno.
 */
int sm_segment_load(sm_segment_t *s);

/* Where a batch is. */
typedef struct sm_batch_loc {
    int64_t pos;
    int64_t size; /* 12 + BatchLength */
    int64_t base_offset;
    int64_t last_offset;
    int64_t max_ts;
    int16_t attributes;
} sm_batch_loc_t;

/* Finds the first batch with LastOffset >= offset among the bytes
 * [0, limit), starting from the offset index and at least at from_pos.
 * Returns 1 (found), 0 (no such batch below limit) or a negative errno
 * (-EBADMSG for a malformed header, logged). The segment must be loaded. */
int sm_segment_translate(sm_segment_t *s, int64_t offset, int64_t from_pos, int64_t limit,
                         sm_batch_loc_t *loc);

/* Writes the index entries not yet in the files and, with fsync, makes the
 * .log (up to its current size) and the index files durable. Call under the
 * log's flush mutex. 0 or -errno. */
int sm_segment_sync(sm_segment_t *s, bool fsync);

/* Unlinks the segment's files (the fd stays usable until the last unref). */
void sm_segment_unlink(sm_segment_t *s);

/* A segment's files, "<base:020>" + each (.txnindex exists only once a
 * transaction aborted in the segment). */
#define SM_SEGMENT_NEXTS 4
extern const char *const sm_segment_exts[SM_SEGMENT_NEXTS];
/* Retention: marks the segment deleted and renames its files `*.deleted`
 * (the fd stays usable). 0 or -errno. */
int sm_segment_rename_deleted(sm_segment_t *s);
/* Compaction's swap: marks the segment deleted (its index files are removed
 * and never rewritten), then renames `replacement` over its .log in one
 * atomic step. The segment's fd keeps reading the old bytes. 0 or -errno. */
int sm_segment_swap_files(sm_segment_t *s, const char *replacement);

/*
 * Sequential reader of batch headers/bytes from a .log with large preads
 * (used by translate, index rebuild and recovery). With a caller buffer it
 * never allocates (headers only); without one it owns a heap buffer that grows
 * to hold whole batches.
 */
typedef struct sm_batch_reader {
    int fd;
    int64_t limit; /* bytes that may be read */
    uint8_t *buf;
    size_t cap;
    bool heap;
    int64_t bpos; /* file position of buf[0] */
    size_t blen;  /* valid bytes in buf */
} sm_batch_reader_t;

void sm_br_init(sm_batch_reader_t *r, int fd, int64_t limit, uint8_t *buf, size_t cap);
void sm_br_free(sm_batch_reader_t *r);
/* Bytes [pos, pos+n) of the file (pos+n <= limit), or NULL with *err set. */
const uint8_t *sm_br_get(sm_batch_reader_t *r, int64_t pos, size_t n, int *err);
/* The batch header at pos: 1 (h and *size = 12 + BatchLength, which fits
 * below limit), 0 if pos >= limit, -EBADMSG with *why (header incomplete or
 * BatchLength implausible), or -errno. */
int sm_br_header(sm_batch_reader_t *r, int64_t pos, sm_batch_header_t *h, int64_t *size,
                 const char **why);

#endif
