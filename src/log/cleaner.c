/*
 * Log compaction (cleanup.policy=compact): keep the latest record of every
 * key in the closed segments, as Kafka's LogCleaner does.
 *
 * 0. What may be cleaned: the closed segments below the last stable offset,
 *    up to the first one holding a record younger than
 *    min.compaction.lag.ms; cleaning runs when the part
 *    of them written since the last cleaning is at least
 *    min.cleanable.dirty.ratio of them, when a dirty record is older than
 *    max.compaction.lag.ms, or when a kept tombstone's time is up.
 * 1. Map: every key in the cleanable segments to the offset of its last
 *    record (records of later segments are not looked at, as in Kafka).
 *    Transactions: records of aborted transactions neither count nor stay
 *    (their batches are removed), and transaction markers always stay.
 * 2. For each closed segment, write `<base>.log.cleaned` (streamed, not
 *    buffered whole) holding its batches
 *    minus the records that a later record of the same key supersedes, and
 *    minus tombstones (null values) older than delete.retention.ms. Offsets
 *    never change: a filtered batch keeps its BaseOffset, timestamps and
 *    LastOffsetDelta (so the offsets after it stay where they were), with
 *    RecordCount, BatchLength and CRC recomputed; a batch left with no record
 *    is dropped (a read of its offsets goes on to the next batch).
 *    A filtered compressed batch is compressed again with its codec;
 *    control batches are kept whole.
 * 3. Swap: fsync the cleaned file, remove the segment's index files, rename
 *    the cleaned file over `<base>.log` (atomic), fsync the directory, open
 *    it as a new segment (indexes rebuilt) and replace the old one in the
 *    list. Readers that pinned the old segment keep reading its old bytes
 *    through their fd. Killed at any moment, the directory holds either the
 *    old or the new .log (a leftover .cleaned is removed on start), and
 *    missing indexes are rebuilt.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "log_internal.h"
#include "protocol/compression.h"
#include "protocol/records.h"
#include "protocol/wire.h"
#include "segment.h"
#include "util/buf.h"
#include "util/logging.h"
#include "util/map.h"

typedef int (*record_fn)(void *ctx, const sm_batch_header_t *h, const sm_record_t *rec, const uint8_t *recs,
                         size_t rec_pos, size_t rec_end);

/* Calls fn for every record of an uncompressed or compressed data batch
 * (control batches are skipped). Returns 0, or -1 if the records are malformed. */
static int each_record(const uint8_t *batch, size_t len, const sm_batch_header_t *h, record_fn fn, void *ctx)
{
    if (h->Attributes & SM_ATTR_CONTROL) return 0;
    const uint8_t *recs = batch + SM_BATCH_HEADER_SIZE;
    size_t rlen = len - SM_BATCH_HEADER_SIZE;
    int codec = h->Attributes & SM_ATTR_COMPRESSION_MASK;
    if (codec && sm_decompress_scratch(codec, recs, rlen, sm_decompress_limit(len), &recs, &rlen)) return -1;
    size_t pos = 0;
    for (;;) {
        size_t at = pos;
        sm_record_t rec;
        int rc = sm_record_next(recs, rlen, &pos, &rec);
        if (rc == 0) return 0;
        if (rc < 0) return -1;
        if (fn(ctx, h, &rec, recs, at, pos)) return -1;
    }
}

/* Walks the whole batches of one segment below `limit`, calling fn with each. */
static int each_batch(sm_segment_t *s, int64_t limit,
                      int (*fn)(void *ctx, const uint8_t *b, size_t len, const sm_batch_header_t *h),
                      void *ctx)
{
    sm_batch_reader_t r;
    sm_br_init(&r, s->fd, limit, NULL, 0);
    int64_t pos = 0;
    int rc = 0;
    for (;;) {
        sm_batch_header_t h;
        int64_t size;
        const char *why = NULL;
        rc = sm_br_header(&r, pos, &h, &size, &why);
        if (rc <= 0) break;
        int err = 0;
        const uint8_t *b = sm_br_get(&r, pos, (size_t)size, &err);
        if (!b) {
            rc = err;
            break;
        }
        rc = fn(ctx, b, (size_t)size, &h);
        if (rc) break;
        pos += size;
    }
    sm_br_free(&r);
    return rc < 0 ? rc : 0;
}

/* ---- 1. the key map ---- */

typedef struct map_ctx {
    sm_map_t keys; /* key bytes -> (offset + 1) stored in the pointer */
    int64_t end;   /* offsets at or above it are ignored */
    const sm_aborted_txn_t *aborted; /* the log's aborted transactions, a copy */
    int naborted;
} map_ctx_t;

/* A data batch of an aborted transaction: its records never count as a key's
 * latest value (read_committed consumers never saw them) and are removed, as
 * Kafka's cleaner does. The markers themselves stay. */
static bool aborted_batch(const map_ctx_t *m, const sm_batch_header_t *h)
{
    if (!(h->Attributes & SM_ATTR_TRANSACTIONAL) || (h->Attributes & SM_ATTR_CONTROL)) return false;
    for (int i = 0; i < m->naborted; i++)
        if (m->aborted[i].producer_id == h->ProducerId && m->aborted[i].first_offset <= h->BaseOffset &&
            h->BaseOffset <= m->aborted[i].last_offset)
            return true;
    return false;
}

static int map_record(void *ctx, const sm_batch_header_t *h, const sm_record_t *rec, const uint8_t *recs,
                      size_t a, size_t b)
{
    (void)recs;
    (void)a;
    (void)b;
    map_ctx_t *m = ctx;
    int64_t off = h->BaseOffset + rec->OffsetDelta;
    if (rec->KeyLength < 0 || off >= m->end) return 0;
    sm_map_entry_t *e = sm_map_upsert(&m->keys, rec->Key, (size_t)rec->KeyLength, NULL);
    if (!e) return -1;
    e->value = (void *)(intptr_t)(off + 1);
    return 0;
}

static int map_batch(void *ctx, const uint8_t *b, size_t len, const sm_batch_header_t *h)
{
    if (aborted_batch(ctx, h)) return 0;
    if (each_record(b, len, h, map_record, ctx))
        sm_warn("log cleaner: skipping malformed records of the batch at offset %" PRId64, h->BaseOffset);
    return 0;
}

/* ---- 2. filtering one segment ---- */

typedef struct filter_ctx {
    map_ctx_t *map;
    int64_t tombstone_horizon; /* tombstones in batches with MaxTimestamp below it go */
    int64_t retention_ms;
    int64_t tombstones_due;    /* when the first tombstone kept may go */
    sm_buf_t out;              /* the cleaned segment */
    sm_buf_t recs;             /* retained records of the current batch */
    sm_buf_t packed;           /* them compressed again */
    int fd;                    /* the cleaned segment file, written as it is produced */
    int64_t written;
    int err;
    int32_t kept, dropped;
    int64_t removed_records;
} filter_ctx_t;

static bool retained(filter_ctx_t *f, const sm_batch_header_t *h, const sm_record_t *rec)
{
    if (rec->KeyLength < 0) return true; /* keyless records are not compacted */
    int64_t off = h->BaseOffset + rec->OffsetDelta;
    intptr_t latest = (intptr_t)sm_map_get(&f->map->keys, rec->Key, (size_t)rec->KeyLength);
    if (latest && latest - 1 != off) return false; /* superseded */
    if (rec->ValueLength < 0) {
        if (h->MaxTimestamp < f->tombstone_horizon) return false;
        if (h->MaxTimestamp + f->retention_ms < f->tombstones_due) f->tombstones_due = h->MaxTimestamp + f->retention_ms;
    }
    return true;
}

static int filter_record(void *ctx, const sm_batch_header_t *h, const sm_record_t *rec, const uint8_t *recs,
                         size_t a, size_t b)
{
    filter_ctx_t *f = ctx;
    if (!retained(f, h, rec)) {
        f->removed_records++;
        return 0;
    }
    f->kept++;
    /* the record's bytes as they are: its offset and timestamp deltas stay valid */
    sm_buf_append(&f->recs, recs + a, b - a);
    return 0;
}

/* Writes what is buffered to the cleaned file, so memory stays bounded by a
 * batch or so, not a segment. */
static void out_flush(filter_ctx_t *f)
{
    size_t done = 0;
    while (!f->err && done < f->out.len) {
        ssize_t w = write(f->fd, f->out.data + done, f->out.len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) f->err = -errno;
        else done += (size_t)w;
    }
    f->written += (int64_t)done;
    f->out.len = 0;
}

static int filter_batch(void *ctx, const uint8_t *b, size_t len, const sm_batch_header_t *h)
{
    filter_ctx_t *f = ctx;
    if (f->out.len >= (1u << 20)) out_flush(f);
    if (f->err) return f->err;
    if (h->Attributes & SM_ATTR_CONTROL) {
        sm_buf_append(&f->out, b, len); /* transaction markers stay */
        return 0;
    }
    if (aborted_batch(f->map, h)) {
        f->dropped++;
        f->removed_records += h->RecordCount;
        return 0;
    }
    f->kept = 0;
    f->recs.len = 0;
    if (each_record(b, len, h, filter_record, f)) {
        sm_warn("log cleaner: keeping the malformed batch at offset %" PRId64 " as it is", h->BaseOffset);
        sm_buf_append(&f->out, b, len);
        return 0;
    }
    if (f->kept == 0) {
        f->dropped++;
        return 0;
    }
    if (f->kept == h->RecordCount) {
        sm_buf_append(&f->out, b, len);
        return 0;
    }
    /* the retained records, compressed again with the batch's codec (if that
     * fails, written uncompressed: still valid, only larger) */
    int16_t attrs = h->Attributes;
    const sm_buf_t *body = &f->recs;
    int codec = attrs & SM_ATTR_COMPRESSION_MASK;
    if (codec) {
        if (sm_compress(codec, f->recs.data, f->recs.len, &f->packed) == 0) body = &f->packed;
        else attrs = (int16_t)(attrs & ~SM_ATTR_COMPRESSION_MASK);
    }
    size_t at = f->out.len;
    sm_buf_append(&f->out, b, SM_BATCH_HEADER_SIZE);
    sm_buf_append(&f->out, body->data, body->len);
    uint8_t *nb = f->out.data + at;
    size_t nlen = SM_BATCH_HEADER_SIZE + body->len;
    sm_put_be32(nb + 8, (uint32_t)(nlen - 12));                  /* BatchLength */
    sm_put_be16(nb + 21, (uint16_t)attrs);
    sm_put_be32(nb + SM_BATCH_HEADER_SIZE - 4, (uint32_t)f->kept); /* RecordCount */
    sm_put_be32(nb + SM_BATCH_CRC_OFFSET - 4,
                sm_crc32c(0, nb + SM_BATCH_CRC_OFFSET, nlen - SM_BATCH_CRC_OFFSET));
    return 0;
}

static void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    fsync(fd);
    close(fd);
}

/* ---- 3. the swap ---- */

/* Replaces `old` (still in the list) by the cleaned file. */
static int swap_in(sm_log_t *log, sm_segment_t *old, const char *cleaned)
{
    sm_segment_t *fresh = NULL;
    pthread_mutex_lock(&log->flush_mu); /* no flush writes the old segment's indexes meanwhile */
    pthread_mutex_lock(&log->mu);
    int idx = -1;
    for (int i = 0; i < log->nsegs - 1; i++)
        if (log->segs[i] == old) idx = i;
    int rc = idx < 0 ? -ESTALE : sm_segment_swap_files(old, cleaned);
    if (!rc) {
        fsync_dir(log->dir);
        rc = sm_segment_open(log->dir, old->base_offset, log->cfg.index_interval_bytes, &fresh);
        if (!rc) rc = sm_segment_load(fresh);
        if (rc) {
            /* the new .log is in place but cannot be opened: the old one keeps serving
             * from its fd until a restart reopens the new file */
            sm_error("log cleaner: %s.log: cannot open the cleaned segment: %s", old->path, strerror(-rc));
            if (fresh) sm_segment_unref(fresh);
            fresh = NULL;
        }
    }
    if (fresh) {
        pthread_mutex_lock(&log->list_mu);
        log->segs[idx] = fresh;
        pthread_mutex_unlock(&log->list_mu);
        atomic_fetch_add(&log->size_bytes, sm_segment_size(fresh) - sm_segment_size(old));
    }
    pthread_mutex_unlock(&log->mu);
    pthread_mutex_unlock(&log->flush_mu);
    if (fresh) sm_segment_unref(old); /* the list's reference */
    if (rc) unlink(cleaned); /* not swapped in */
    return rc == -ESTALE ? 0 : rc;
}

/* The largest record timestamp of a loaded segment (-1: none). */
static int64_t seg_max_ts(sm_segment_t *s)
{
    int rc = sm_segment_load(s);
    return rc == 0 || rc == -EBADMSG ? s->max_ts : -1;
}

int sm_log_compact(sm_log_t *log, const sm_compact_opts_t *opts, sm_compact_stats_t *stats)
{
    memset(stats, 0, sizeof(*stats));
    pthread_mutex_lock(&log->clean_mu);
    sm_segment_t **segs;
    int n = sm_log_pin_all(log, &segs);
    if (n < 0) {
        pthread_mutex_unlock(&log->clean_mu);
        return n;
    }
    /* cleanable: closed segments [0, u) wholly below the last stable offset
     * (an open transaction's records may still commit or abort) */
    int64_t lso = sm_log_last_stable_offset(log);
    int u = 0;
    while (u < n - 1 && segs[u + 1]->base_offset <= lso &&
           (opts->min_lag_ms <= 0 || seg_max_ts(segs[u]) <= opts->now_ms - opts->min_lag_ms))
        u++;
    int64_t dirty = 0, total = 0, oldest_dirty_ts = INT64_MAX;
    for (int i = 0; i < u; i++) {
        int64_t size = sm_segment_size(segs[i]);
        total += size;
        if (segs[i]->base_offset >= log->cleaned_through) {
            dirty += size;
            int64_t ts = seg_max_ts(segs[i]);
            if (ts >= 0 && ts < oldest_dirty_ts) oldest_dirty_ts = ts;
        }
    }
    bool due = u > 0 && ((dirty > 0 && (double)dirty >= opts->min_dirty_ratio * (double)total) ||
                         (dirty > 0 && opts->max_lag_ms > 0 && oldest_dirty_ts < opts->now_ms - opts->max_lag_ms) ||
                         opts->now_ms >= log->tombstones_due_ms);
    if (!due) {
        sm_log_unpin_all(segs, n);
        pthread_mutex_unlock(&log->clean_mu);
        return 0;
    }
    sm_info("log cleaner: %s: cleaning %d segments (%lld of %lld bytes dirty)", log->dir, u, (long long)dirty,
            (long long)total);
    int64_t clean_end = segs[u]->base_offset;
    map_ctx_t map = {.end = clean_end};
    sm_map_init(&map.keys);
    pthread_mutex_lock(&log->mu);
    sm_aborted_txn_t *aborted = malloc(sizeof(*aborted) * (size_t)(log->naborted + 1));
    if (aborted) {
        if (log->naborted) memcpy(aborted, log->aborted, sizeof(*aborted) * (size_t)log->naborted);
        map.aborted = aborted;
        map.naborted = log->naborted;
    }
    pthread_mutex_unlock(&log->mu);
    int rc = 0;
    for (int i = 0; i < u && !rc; i++)
        rc = each_batch(segs[i], sm_segment_size(segs[i]), map_batch, &map);
    int64_t tombstones_due = INT64_MAX;
    for (int i = 0; i < u && !rc; i++) {
        char *cleaned = NULL;
        if (asprintf(&cleaned, "%s.log.cleaned", segs[i]->path) < 0) {
            rc = -ENOMEM;
            break;
        }
        filter_ctx_t f = {.map = &map, .tombstone_horizon = opts->now_ms - opts->delete_retention_ms,
                          .retention_ms = opts->delete_retention_ms, .tombstones_due = INT64_MAX};
        f.fd = open(cleaned, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (f.fd < 0) {
            rc = -errno;
            free(cleaned);
            break;
        }
        sm_buf_init(&f.out);
        sm_buf_init(&f.recs);
        sm_buf_init(&f.packed);
        int64_t size = sm_segment_size(segs[i]);
        rc = each_batch(segs[i], size, filter_batch, &f);
        out_flush(&f);
        if (!rc) rc = f.err;
        bool changed = f.removed_records > 0 || f.dropped > 0;
        if (!rc && changed && fsync(f.fd) < 0) rc = -errno;
        close(f.fd);
        if (!rc && changed) {
            rc = swap_in(log, segs[i], cleaned);
            if (!rc) {
                stats->segments_cleaned++;
                stats->bytes_before += size;
                stats->bytes_after += f.written;
                stats->records_removed += f.removed_records;
            }
        } else {
            unlink(cleaned);
        }
        free(cleaned);
        sm_buf_free(&f.out);
        sm_buf_free(&f.recs);
        sm_buf_free(&f.packed);
        if (f.tombstones_due < tombstones_due) tombstones_due = f.tombstones_due;
    }
    sm_decompress_scratch_trim();
    sm_map_free(&map.keys, NULL);
    free(aborted);
    sm_log_unpin_all(segs, n);
    if (!rc) {
        log->cleaned_through = clean_end;
        log->tombstones_due_ms = tombstones_due;
    }
    pthread_mutex_unlock(&log->clean_mu);
    if (rc) sm_error("log cleaner: %s: compaction failed: %s", log->dir, strerror(-rc));
    return rc;
}

int64_t sm_log_cleaned_through(sm_log_t *log)
{
    return atomic_load(&log->cleaned_through);
}

void sm_log_set_cleaned_through(sm_log_t *log, int64_t offset)
{
    pthread_mutex_lock(&log->clean_mu);
    if (offset > log->cleaned_through) log->cleaned_through = offset;
    pthread_mutex_unlock(&log->clean_mu);
}
