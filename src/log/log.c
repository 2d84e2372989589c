/*
 * A partition log: the ordered list of segments of one directory, appends,
 * reads by offset and by timestamp, flushing. File layouts: segment.h
 * (.log), offset_index.h (.index), time_index.h (.timeindex); start-up and
 * crash recovery: recovery.c.
 *
 * Writer side (under log->mu): pick or roll the active (last) segment, one
 * pwrite of the caller's whole buffer at the segment's end, index entries in
 * memory, then publish: the segment's packed (size, end offset) word, then
 * the log end offset, each with a release store. Nothing is published if the
 * write fails (the file is cut back to its published size).
 *
 * Reader side: load the end offset (acquire), take log->list_mu (held only
 * for list changes, never during I/O) to find and pin (ref) the segment, then
 * search the index and pread batch headers without any lock, bounded by the
 * segment size loaded once (acquire), so a reader never looks at bytes being
 * written and never waits for an append's write or a flush's fsync.
 * Lock order: mu, then list_mu; flush_mu is taken alone.
 *
 * Durability: bytes reach the page cache at append (they survive kill -9);
 * fsync happens on flush (flush.messages, flush.ms, close, and for rolled
 * segments via sm_log_flush_if_due), which then advances the recovery point:
 * everything below it is on disk, so recovery after a power loss only scans
 * past it. Index files are written at flush and close (entries live in
 * memory until then); after a crash the indexes of scanned segments are
 * rebuilt anyway.
 */
#include "log.h"
#include "log_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "offset_index.h"
#include "protocol/compression.h"
#include "protocol/errors.h"
#include "protocol/wire.h"
#include "recovery.h"
#include "segment.h"
#include "time_index.h"
#include "util/clock.h"
#include "util/logging.h"


#define NO_TIME INT64_MIN

void sm_log_config_defaults(sm_log_config_t *cfg)
{
    cfg->segment_bytes = 1LL << 30;
    cfg->index_interval_bytes = 4096;
    cfg->max_index_size = 10 << 20;
    cfg->flush_interval_messages = INT64_MAX;
    cfg->flush_interval_ms = INT64_MAX;
    cfg->segment_ms = 0;
    cfg->segment_jitter_ms = 0;
}

/* A random share of segment.jitter.ms for the next active segment, so
 * partitions created together do not all roll at once (Kafka's rule). */
static int64_t pick_jitter(const sm_log_config_t *cfg)
{
    if (cfg->segment_jitter_ms <= 0) return 0;
    int64_t j = (int64_t)(((uint64_t)rand() << 31 ^ (uint64_t)rand()) % (uint64_t)cfg->segment_jitter_ms);
    return cfg->segment_ms > 0 && j >= cfg->segment_ms ? cfg->segment_ms - 1 : j;
}

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void clamp_config(sm_log_t *log, const sm_log_config_t *cfg)
{
    log->cfg = *cfg;
    log->cfg.segment_bytes = clamp64(cfg->segment_bytes, 1, SM_SEGMENT_MAX_BYTES);
    log->cfg.index_interval_bytes = (int32_t)clamp64(cfg->index_interval_bytes, 0, INT32_MAX);
    log->cfg.flush_interval_messages = clamp64(cfg->flush_interval_messages, 1, INT64_MAX);
    log->cfg.flush_interval_ms = clamp64(cfg->flush_interval_ms, 0, INT64_MAX);
    int32_t mis = cfg->max_index_size < 0 ? 0 : cfg->max_index_size;
    log->max_oidx_entries = mis / SM_OFFSET_INDEX_ENTRY_SIZE;
    log->max_tidx_entries = mis / SM_TIME_INDEX_ENTRY_SIZE;
}

void sm_log_set_config(sm_log_t *log, const sm_log_config_t *cfg)
{
    pthread_mutex_lock(&log->mu);
    clamp_config(log, cfg);
    pthread_mutex_unlock(&log->mu);
}

int sm_log_open(const char *dir, const sm_log_config_t *cfg, int64_t recovery_point,
                bool clean_shutdown, sm_log_t **out)
{
    *out = NULL;
    sm_log_config_t defaults;
    if (!cfg) {
        sm_log_config_defaults(&defaults);
        cfg = &defaults;
    }
    sm_log_t *log = calloc(1, sizeof(*log));
    if (!log) return -ENOMEM;
    log->dir = strdup(dir);
    if (!log->dir) {
        free(log);
        return -ENOMEM;
    }
    /* Remove trailing slashes so file names are "<dir>/<name>". */
    size_t dl = strlen(log->dir);
    while (dl > 1 && log->dir[dl - 1] == '/')
        log->dir[--dl] = 0;
    clamp_config(log, cfg);
    pthread_mutex_init(&log->mu, NULL);
    pthread_mutex_init(&log->list_mu, NULL);
    pthread_mutex_init(&log->flush_mu, NULL);
    pthread_mutex_init(&log->clean_mu, NULL);
    atomic_init(&log->dir_dirty, false);

    int rc = sm_log_load_segments(log->dir, &log->cfg, recovery_point, clean_shutdown, &log->segs,
                                  &log->nsegs);
    if (rc) {
        pthread_mutex_destroy(&log->mu);
        pthread_mutex_destroy(&log->list_mu);
        pthread_mutex_destroy(&log->flush_mu);
        pthread_mutex_destroy(&log->clean_mu);
        free(log->dir);
        free(log);
        return rc;
    }
    log->cap = log->nsegs;
    int64_t total = 0;
    for (int i = 0; i < log->nsegs; i++)
        total += sm_segment_size(log->segs[i]);
    int64_t size, leo;
    sm_segment_get_state(log->segs[log->nsegs - 1], &size, &leo);
    int64_t start = log->segs[0]->base_offset;
    /* As Kafka: after a clean shutdown everything is on disk; otherwise the
     * old recovery point still holds (only a flush may advance it). */
    int64_t rp = clean_shutdown ? leo : clamp64(recovery_point, start, leo);
    atomic_init(&log->end_offset, leo);
    atomic_init(&log->start_offset, start);
    atomic_init(&log->size_bytes, total);
    atomic_init(&log->recovery_point, rp);
    atomic_init(&log->last_flush_ms, NO_TIME);
    atomic_init(&log->flushed, false);
    log->tombstones_due_ms = INT64_MAX;
    log->roll_jitter_ms = pick_jitter(&log->cfg);
    atomic_init(&log->first_unstable, INT64_MAX);
    sm_log_txn_load(log); /* before the replay, which re-adds what a crash lost */
    sm_log_producers_load(log);
    *out = log;
    return 0;
}

/* Collects the segments that may hold data not yet flushed (from the one
 * holding the recovery point) with base < upto, pinned. Under list_mu. */
static int pin_unflushed(sm_log_t *log, int64_t rp, int64_t upto, sm_segment_t ***out)
{
    int first = 0;
    while (first < log->nsegs - 1 && log->segs[first + 1]->base_offset <= rp)
        first++;
    int n = 0;
    sm_segment_t **v = malloc((size_t)log->nsegs * sizeof(*v));
    if (!v) return -ENOMEM;
    for (int i = first; i < log->nsegs && log->segs[i]->base_offset < upto; i++) {
        sm_segment_ref(log->segs[i]);
        v[n++] = log->segs[i];
    }
    *out = v;
    return n;
}

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -errno;
    int rc = fsync(fd) < 0 ? -errno : 0;
    close(fd);
    return rc;
}

/* Makes offsets < min(upto, end offset) durable and advances the recovery
 * point to it. */
static int flush_upto(sm_log_t *log, int64_t upto)
{
    pthread_mutex_lock(&log->flush_mu);
    int64_t leo = atomic_load(&log->end_offset);
    int64_t target = upto < leo ? upto : leo;
    int64_t rp = atomic_load(&log->recovery_point);
    sm_segment_t **v = NULL;
    /* Take the directory flag before looking at the list: a segment created
     * later sets it again. */
    bool dir_dirty = atomic_exchange(&log->dir_dirty, false);
    pthread_mutex_lock(&log->list_mu);
    int n = pin_unflushed(log, rp, target > rp ? target : rp + 1, &v);
    pthread_mutex_unlock(&log->list_mu);
    if (n < 0) {
        if (dir_dirty) atomic_store(&log->dir_dirty, true);
        pthread_mutex_unlock(&log->flush_mu);
        return n;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        int r = sm_segment_sync(v[i], true);
        if (r && !rc) {
            rc = r;
            sm_error("log: %s.log: flush failed: %s", v[i]->path, strerror(-r));
        }
        sm_segment_unref(v[i]);
    }
    free(v);
    if (!rc && dir_dirty) {
        rc = fsync_dir(log->dir);
        if (rc) sm_error("log: %s: directory fsync failed: %s", log->dir, strerror(-rc));
    }
    if (rc) {
        if (dir_dirty) atomic_store(&log->dir_dirty, true);
    } else {
        /* Only flushes move it, and they are serialized by flush_mu. */
        if (target > atomic_load(&log->recovery_point)) atomic_store(&log->recovery_point, target);
        atomic_store(&log->flushed, true);
    }
    pthread_mutex_unlock(&log->flush_mu);
    return rc;
}

int sm_log_flush(sm_log_t *log)
{
    return flush_upto(log, INT64_MAX);
}

int sm_log_flush_if_due(sm_log_t *log, int64_t now_ms)
{
    if (atomic_exchange(&log->flushed, false) || atomic_load(&log->last_flush_ms) == NO_TIME)
        atomic_store(&log->last_flush_ms, now_ms);
    int64_t rp = atomic_load(&log->recovery_point);
    int64_t leo = atomic_load(&log->end_offset);
    int64_t last = atomic_load(&log->last_flush_ms);
    if (leo > rp && now_ms >= last && now_ms - last >= log->cfg.flush_interval_ms) {
        int rc = flush_upto(log, INT64_MAX);
        atomic_store(&log->flushed, false);
        atomic_store(&log->last_flush_ms, now_ms);
        return rc;
    }
    pthread_mutex_lock(&log->list_mu);
    int64_t active_base = log->segs[log->nsegs - 1]->base_offset;
    pthread_mutex_unlock(&log->list_mu);
    /* Segments rolled since the last flush are complete: make them durable
     * (Kafka flushes on roll) so a crash recovers only the active segment. */
    if (rp < active_base) return flush_upto(log, active_base);
    return 0;
}

int64_t sm_log_recovery_point(sm_log_t *log)
{
    return atomic_load(&log->recovery_point);
}

void sm_log_close(sm_log_t *log)
{
    if (!log) return;
    pthread_mutex_lock(&log->mu);
    sm_segment_release_reserve(log->segs[log->nsegs - 1]);
    sm_segment_seal_timeindex(log->segs[log->nsegs - 1]);
    sm_log_producers_snapshot(log, atomic_load(&log->end_offset), false); /* CRC-checked: a torn one is skipped */
    pthread_mutex_unlock(&log->mu);
    sm_log_flush(log);
    sm_log_retention_close(log);
    sm_producer_state_free(&log->producers);
    sm_log_txn_close(log);
    for (int i = 0; i < log->nsegs; i++)
        sm_segment_unref(log->segs[i]);
    free(log->segs);
    pthread_mutex_destroy(&log->mu);
    pthread_mutex_destroy(&log->list_mu);
    pthread_mutex_destroy(&log->flush_mu);
    pthread_mutex_destroy(&log->clean_mu);
    free(log->dir);
    free(log);
}

int sm_log_delete(sm_log_t *log)
{
    if (!log) return 0;
    pthread_mutex_lock(&log->list_mu);
    for (int i = 0; i < log->nsegs; i++)
        sm_segment_unlink(log->segs[i]);
    pthread_mutex_unlock(&log->list_mu);
    /* Other modules' files (leader-epoch-checkpoint, partition.metadata, ...)
     * go with the directory. */
    int rc = 0;
    DIR *d = opendir(log->dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
            char *p = NULL;
            if (asprintf(&p, "%s/%s", log->dir, de->d_name) < 0) continue;
            if (unlink(p) < 0 && errno != ENOENT) {
                rc = -errno;
                sm_warn("log: cannot delete %s: %s", p, strerror(errno));
            }
            free(p);
        }
        closedir(d);
    }
    sm_log_retention_close(log); /* the directory listing above took their files */
    sm_producer_state_free(&log->producers);
    sm_log_txn_close(log);
    if (rmdir(log->dir) < 0 && errno != ENOENT) {
        if (!rc) rc = -errno;
        sm_warn("log: cannot remove %s: %s", log->dir, strerror(errno));
    }
    for (int i = 0; i < log->nsegs; i++)
        sm_segment_unref(log->segs[i]);
    free(log->segs);
    pthread_mutex_destroy(&log->mu);
    pthread_mutex_destroy(&log->list_mu);
    pthread_mutex_destroy(&log->flush_mu);
    pthread_mutex_destroy(&log->clean_mu);
    free(log->dir);
    free(log);
    return rc;
}

int64_t sm_log_end_offset(sm_log_t *log)
{
    return atomic_load_explicit(&log->end_offset, memory_order_acquire);
}

int64_t sm_log_start_offset(sm_log_t *log)
{
    return atomic_load_explicit(&log->start_offset, memory_order_acquire);
}

int64_t sm_log_size_bytes(sm_log_t *log)
{
    return atomic_load_explicit(&log->size_bytes, memory_order_relaxed);
}

int sm_log_segment_count(sm_log_t *log)
{
    pthread_mutex_lock(&log->list_mu);
    int n = log->nsegs;
    pthread_mutex_unlock(&log->list_mu);
    return n;
}

/* New active segment at new_base. Under mu (which alone may change the
 * list; list_mu is taken for the change itself, after the file I/O). */
static int roll(sm_log_t *log, int64_t new_base)
{
    sm_segment_t *old = log->segs[log->nsegs - 1];
    sm_segment_t *s;
    int rc = sm_segment_create(log->dir, new_base, log->cfg.index_interval_bytes, &s);
    if (rc) {
        sm_error("log: %s: cannot roll a new segment at %" PRId64 ": %s", log->dir, new_base,
                 strerror(-rc));
        return rc;
    }
    pthread_mutex_lock(&log->list_mu);
    if (log->nsegs == log->cap) {
        int cap = log->cap ? log->cap * 2 : 8;
        sm_segment_t **v = realloc(log->segs, (size_t)cap * sizeof(*v));
        if (!v) {
            pthread_mutex_unlock(&log->list_mu);
            sm_segment_unlink(s);
            sm_segment_unref(s);
            return -ENOMEM;
        }
        log->segs = v;
        log->cap = cap;
    }
    log->segs[log->nsegs++] = s;
    pthread_mutex_unlock(&log->list_mu);
    sm_segment_release_reserve(old);
    sm_segment_seal_timeindex(old);
    /* The final time entry adds no offset, so a concurrent flush may already
     * have moved the recovery point past this segment, and no flush would
     * write it to the .timeindex: without this the file lacks the segment's
     * largest timestamp, which a restart reads back for time retention.
     * Written, not fsynced (the produce path must not wait for the disk):
     * only a power loss within the writeback delay can still lose it. */
    sm_segment_sync(old, false);
    atomic_store(&log->dir_dirty, true);
    log->roll_jitter_ms = pick_jitter(&log->cfg);
    sm_log_producers_snapshot(log, new_base, false);
    sm_debug("log: %s: rolled segment %020" PRId64, log->dir, new_base);
    return 0;
}

int sm_log_roll_locked(sm_log_t *log)
{
    return roll(log, atomic_load(&log->end_offset));
}

static int pwrite_all(int fd, const uint8_t *p, size_t len, int64_t off)
{
    while (len) {
        ssize_t w = pwrite(fd, p, len, (off_t)off);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return -errno;
        if (w == 0) return -EIO;
        p += w;
        len -= (size_t)w;
        off += w;
    }
    return 0;
}

int sm_log_append(sm_log_t *log, uint8_t *batches, size_t len, int32_t leader_epoch,
                  sm_append_result_t *res)
{
    if (len == 0 || len > SM_SEGMENT_MAX_BYTES) return -EINVAL;
    pthread_mutex_lock(&log->mu);
    int64_t leo = atomic_load_explicit(&log->end_offset, memory_order_relaxed);

    /* Pass 1, per batch (never per record): frame check, offsets assigned in
     * place. Both fields lie before the CRC'd range. */
    int64_t next = leo;
    int nbatches = 0;
    for (size_t pos = 0; pos < len;) {
        uint8_t *b = batches + pos;
        size_t rem = len - pos;
        int32_t blen = rem >= SM_BATCH_HEADER_SIZE ? (int32_t)sm_be32(b + 8) : -1;
        int32_t lod = rem >= SM_BATCH_HEADER_SIZE ? (int32_t)sm_be32(b + 23) : -1;
        if (blen < SM_BATCH_HEADER_SIZE - SM_BATCH_LOG_OVERHEAD ||
            (size_t)blen > rem - SM_BATCH_LOG_OVERHEAD || lod < 0) {
            pthread_mutex_unlock(&log->mu);
            return -EINVAL;
        }
        sm_put_be64(b, (uint64_t)next);
        sm_put_be32(b + 12, (uint32_t)leader_epoch);
        next += (int64_t)lod + 1;
        nbatches++;
        pos += (size_t)blen + SM_BATCH_LOG_OVERHEAD;
    }
    int64_t last = next - 1;
    if (last - leo > INT32_MAX) {
        pthread_mutex_unlock(&log->mu);
        return -EINVAL; /* cannot fit any segment's relative offsets */
    }
    sm_producer_batch_t dup;
    int pc = sm_log_producers_check(log, batches, len, &dup);
    if (pc) {
        pthread_mutex_unlock(&log->mu);
        if (pc == 1 && res) {
            *res = (sm_append_result_t){dup.first_offset, dup.last_offset, -1, atomic_load(&log->start_offset),
                                        true};
            return 0;
        }
        return pc;
    }

    sm_segment_t *seg = log->segs[log->nsegs - 1];
    int64_t size, seg_next;
    sm_segment_get_state(seg, &size, &seg_next);
    int n_oidx, n_tidx;
    (void)sm_idx_view(&seg->oidx, &n_oidx);
    (void)sm_idx_view(&seg->tidx, &n_tidx);
    /* A segment always takes its first append, however large. */
    int64_t now = log->cfg.segment_ms > 0 ? sm_now_ms() : 0;
    bool too_old = log->cfg.segment_ms > 0 && seg->first_append_ms >= 0 &&
                   now - seg->first_append_ms >= log->cfg.segment_ms - log->roll_jitter_ms;
    bool need_roll = size > 0 && ((int64_t)len > log->cfg.segment_bytes - size ||
                                  n_oidx + nbatches > log->max_oidx_entries ||
                                  n_tidx + nbatches + 1 > log->max_tidx_entries ||
                                  last - seg->base_offset > INT32_MAX || too_old);
    if (need_roll) {
        int rc = roll(log, leo);
        if (rc) {
            pthread_mutex_unlock(&log->mu);
            return rc;
        }
        seg = log->segs[log->nsegs - 1];
        size = 0;
    }
    if (seg->first_append_ms < 0) seg->first_append_ms = now ? now : sm_now_ms();

    sm_segment_reserve(seg, size, len, log->cfg.segment_bytes);
    int rc = pwrite_all(seg->fd, batches, len, size);
    if (rc) {
        sm_error("log: %s.log: write of %zu bytes at %" PRId64 " failed: %s", seg->path, len, size,
                 strerror(-rc));
        if (ftruncate(seg->fd, size) < 0)
            sm_error("log: %s.log: cannot cut back to %" PRId64 ": %s", seg->path, size,
                     strerror(errno));
        pthread_mutex_unlock(&log->mu);
        return rc;
    }

    /* Pass 2: index entries (in memory; written to the index files at flush). */
    for (size_t pos = 0; pos < len;) {
        const uint8_t *b = batches + pos;
        int64_t bsize = (int64_t)sm_be32(b + 8) + SM_BATCH_LOG_OVERHEAD;
        int64_t blast = (int64_t)sm_be64(b) + (int32_t)sm_be32(b + 23);
        int64_t maxts = (int64_t)sm_be64(b + 35);
        if (sm_segment_index_batch(seg, size + (int64_t)pos, bsize, blast, maxts))
            sm_warn("log: %s: out of memory for index entries", seg->path);
        pos += (size_t)bsize;
    }

    sm_segment_publish(seg, size + (int64_t)len, next);
    sm_log_producers_update(log, batches, len);
    atomic_fetch_add_explicit(&log->size_bytes, (int64_t)len, memory_order_relaxed);
    atomic_store_explicit(&log->end_offset, next, memory_order_release);

    if (res) {
        res->base_offset = leo;
        res->last_offset = last;
        int16_t attrs = (int16_t)sm_be16(batches + 21);
        res->log_append_time =
            (attrs & SM_ATTR_LOG_APPEND_TIME) ? (int64_t)sm_be64(batches + 35) : -1;
        res->log_start_offset = atomic_load(&log->start_offset);
        res->duplicate = false;
    }
    bool flush_due = next - atomic_load(&log->recovery_point) >= log->cfg.flush_interval_messages;
    pthread_mutex_unlock(&log->mu);
    if (flush_due) return sm_log_flush(log);
    return 0;
}

/* Index of the segment holding `offset`: the last with base <= offset. Under list_mu. */
static int find_segment(sm_log_t *log, int64_t offset)
{
    int lo = 0, hi = log->nsegs - 1, ans = 0;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (log->segs[mid]->base_offset <= offset) {
            ans = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return ans;
}

/* Pins the segment after `s` (by base offset), or returns NULL. */
static sm_segment_t *pin_next(sm_log_t *log, const sm_segment_t *s)
{
    pthread_mutex_lock(&log->list_mu);
    sm_segment_t *n = NULL;
    int i = find_segment(log, s->base_offset);
    if (log->segs[i]->base_offset <= s->base_offset) i++;
    if (i < log->nsegs) {
        n = log->segs[i];
        sm_segment_ref(n);
    }
    pthread_mutex_unlock(&log->list_mu);
    return n;
}

void sm_log_read_release(void *ref)
{
    sm_segment_unref(ref);
}

int sm_log_read(sm_log_t *log, int64_t offset, int32_t max_bytes, bool min_one, int64_t max_offset,
                sm_log_slice_t *out)
{
    out->fd = -1;
    out->pos = 0;
    out->len = 0;
    out->ref = NULL;
    int64_t leo = atomic_load_explicit(&log->end_offset, memory_order_acquire);
    int64_t start = atomic_load_explicit(&log->start_offset, memory_order_acquire);
    if (offset < start || offset > leo) return SM_ERR_OFFSET_OUT_OF_RANGE;
    int64_t hw = max_offset < leo ? max_offset : leo;
    if (offset >= hw) return 0;
    if (max_bytes < 0) max_bytes = 0;

    pthread_mutex_lock(&log->list_mu);
    sm_segment_t *seg = log->segs[find_segment(log, offset)];
    sm_segment_ref(seg);
    pthread_mutex_unlock(&log->list_mu);

    while (seg) {
        int rc = sm_segment_load(seg);
        if (rc && rc != -EBADMSG) {
            sm_segment_unref(seg);
            return rc;
        }
        int64_t limit, seg_end;
        sm_segment_get_state(seg, &limit, &seg_end);
        sm_batch_loc_t loc;
        rc = sm_segment_translate(seg, offset, 0, limit, &loc);
        if (rc < 0) {
            sm_segment_unref(seg);
            return rc;
        }
        if (rc == 0) {
            /* Past this segment's last batch: the offset is in the next one. */
            sm_segment_t *n = pin_next(log, seg);
            sm_segment_unref(seg);
            seg = n;
            continue;
        }
        /* End of what may be read: the batch holding the high watermark (a
         * batch is included only if all its offsets are below it). */
        int64_t end = limit;
        if (hw < seg_end) {
            sm_batch_loc_t hl;
            rc = sm_segment_translate(seg, hw, loc.pos, limit, &hl);
            if (rc < 0) {
                sm_segment_unref(seg);
                return rc;
            }
            if (rc == 1) end = hl.pos;
        }
        int64_t len = end - loc.pos;
        if (len > max_bytes) len = (min_one && loc.size > max_bytes) ? loc.size : max_bytes;
        if (len <= 0) break;
        out->fd = seg->fd;
        out->pos = loc.pos;
        out->len = (int32_t)len;
        out->ref = seg;
        return 0;
    }
    sm_segment_unref(seg);
    return 0;
}

/* Pins every segment (ascending), loading their indexes. */
int sm_log_pin_all(sm_log_t *log, sm_segment_t ***out)
{
    pthread_mutex_lock(&log->list_mu);
    int n = log->nsegs;
    sm_segment_t **v = malloc((size_t)n * sizeof(*v));
    if (!v) {
        pthread_mutex_unlock(&log->list_mu);
        return -ENOMEM;
    }
    for (int i = 0; i < n; i++) {
        v[i] = log->segs[i];
        sm_segment_ref(v[i]);
    }
    pthread_mutex_unlock(&log->list_mu);
    for (int i = 0; i < n; i++) {
        int rc = sm_segment_load(v[i]);
        if (rc && rc != -EBADMSG) {
            for (int j = 0; j < n; j++)
                sm_segment_unref(v[j]);
            free(v);
            return rc;
        }
    }
    *out = v;
    return n;
}

void sm_log_unpin_all(sm_segment_t **v, int n)
{
    for (int i = 0; i < n; i++)
        sm_segment_unref(v[i]);
    free(v);
}

/*
 * Within one uncompressed batch, the first record whose timestamp is >= ts
 * (exact: == ts). Record timestamps are BaseTimestamp + delta, or the
 * batch's MaxTimestamp for LogAppendTime batches, as Kafka reads them.
 * Compressed batches are decompressed (as Kafka's FileRecords search does).
 * Returns 1 with *off and *rts, 0 if none (or the batch cannot be
 * decompressed), negative errno on failure.
 */
static int find_record(const sm_segment_t *s, const sm_batch_loc_t *loc, int64_t ts, bool exact,
                       int64_t *off, int64_t *rts)
{
    uint8_t *b = malloc((size_t)loc->size);
    if (!b) return -ENOMEM;
    size_t got = 0;
    while (got < (size_t)loc->size) {
        ssize_t r =
            pread(s->fd, b + got, (size_t)loc->size - got, (off_t)(loc->pos + (int64_t)got));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            int e = r < 0 ? -errno : -EIO;
            free(b);
            return e;
        }
        got += (size_t)r;
    }
    sm_batch_header_t h;
    sm_batch_header_parse(b, got, &h);
    const uint8_t *recs = b + SM_BATCH_HEADER_SIZE;
    size_t rlen = got - SM_BATCH_HEADER_SIZE, pos = 0;
    int codec = h.Attributes & SM_ATTR_COMPRESSION_MASK;
    if (codec != SM_COMPRESSION_NONE &&
        sm_decompress_scratch(codec, recs, rlen, sm_decompress_limit(got), &recs, &rlen) != 0) {
        free(b);
        return 0;
    }
    sm_record_t rec;
    int found = 0;
    for (int32_t i = 0; i < h.RecordCount && sm_record_next(recs, rlen, &pos, &rec) == 1; i++) {
        int64_t t = (h.Attributes & SM_ATTR_LOG_APPEND_TIME) ? h.MaxTimestamp
                                                             : h.BaseTimestamp + rec.TimestampDelta;
        if (exact ? t == ts : t >= ts) {
            *off = h.BaseOffset + rec.OffsetDelta;
            *rts = t;
            found = 1;
            break;
        }
    }
    free(b);
    if (codec != SM_COMPRESSION_NONE) sm_decompress_scratch_trim();
    return found;
}

int sm_log_offset_for_timestamp(sm_log_t *log, int64_t ts, int64_t *offset, int64_t *timestamp)
{
    sm_segment_t **v;
    int n = sm_log_pin_all(log, &v);
    if (n < 0) return n;
    int64_t *maxts = malloc((size_t)n * sizeof(*maxts));
    if (!maxts) {
        sm_log_unpin_all(v, n);
        return -ENOMEM;
    }
    pthread_mutex_lock(&log->mu);
    for (int i = 0; i < n; i++)
        maxts[i] = v[i]->max_ts;
    pthread_mutex_unlock(&log->mu);
    int64_t log_start = atomic_load(&log->start_offset);
    int rc = 1;
    for (int i = 0; i < n && rc == 1; i++) {
        if (maxts[i] < ts) continue;
        sm_segment_t *s = v[i];
        int64_t limit, seg_end, tts, toff, ioff, pos;
        sm_segment_get_state(s, &limit, &seg_end);
        sm_time_index_lookup(&s->tidx, s->base_offset, ts, &tts, &toff);
        if (toff < log_start) toff = log_start;
        sm_offset_index_lookup(&s->oidx, s->base_offset, toff, limit, &ioff, &pos);
        uint8_t buf[8192];
        sm_batch_reader_t r;
        sm_br_init(&r, s->fd, limit, buf, sizeof(buf));
        for (;;) {
            sm_batch_header_t h;
            int64_t size;
            const char *why = NULL;
            int hr = sm_br_header(&r, pos, &h, &size, &why);
            if (hr == 0) break;
            if (hr < 0) {
                sm_error("log: %s.log: corrupt batch at position %" PRId64 ": %s", s->path, pos,
                         why ? why : strerror(-hr));
                rc = hr;
                break;
            }
            int64_t last = h.BaseOffset + h.LastOffsetDelta;
            if (h.MaxTimestamp >= ts && last >= log_start) {
                sm_batch_loc_t loc = {pos, size, h.BaseOffset, last, h.MaxTimestamp, h.Attributes};
                int fr = find_record(s, &loc, ts, false, offset, timestamp);
                if (fr < 0) {
                    rc = fr;
                } else {
                    if (fr == 0) { /* compressed: the batch is the finest grain we see */
                        *offset = h.BaseOffset;
                        *timestamp = h.MaxTimestamp;
                    }
                    rc = 0;
                }
                break;
            }
            pos += size;
        }
    }
    free(maxts);
    sm_log_unpin_all(v, n);
    return rc;
}

int sm_log_max_timestamp(sm_log_t *log, int64_t *timestamp, int64_t *offset)
{
    sm_segment_t **v;
    int n = sm_log_pin_all(log, &v);
    if (n < 0) return n;
    int best = -1;
    int64_t best_ts = -1, best_off = -1;
    pthread_mutex_lock(&log->mu);
    for (int i = 0; i < n; i++) {
        if (v[i]->max_ts_offset >= 0 && v[i]->max_ts > best_ts) {
            best = i;
            best_ts = v[i]->max_ts;
            best_off = v[i]->max_ts_offset;
        }
    }
    pthread_mutex_unlock(&log->mu);
    int rc = 1;
    if (best >= 0) {
        sm_segment_t *s = v[best];
        int64_t limit, seg_end;
        sm_segment_get_state(s, &limit, &seg_end);
        sm_batch_loc_t loc;
        rc = sm_segment_translate(s, best_off, 0, limit, &loc);
        if (rc == 1) {
            int64_t rts;
            int fr = find_record(s, &loc, loc.max_ts, true, offset, &rts);
            if (fr < 0) {
                rc = fr;
            } else {
                /* Compressed: the batch's first offset holds or precedes the record. */
                if (fr == 0) *offset = loc.base_offset;
                *timestamp = loc.max_ts;
                rc = 0;
            }
        } else if (rc == 0) {
            rc = 1;
        }
    }
    sm_log_unpin_all(v, n);
    return rc;
}
