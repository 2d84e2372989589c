/*
 * The log's side of idempotent producers (producer_state.h): the state is
 * rebuilt at open from the newest usable snapshot plus the batches after it
 * (all batches when there is none), checked and updated by appends under the
 * append mutex, snapshotted when a segment rolls (at its base offset) and at
 * a clean close (at the end offset), and pruned when records are deleted or
 * producers expire.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "log_internal.h"
#include "protocol/records.h"
#include "protocol/wire.h"
#include "util/logging.h"

/* Snapshots kept: recovery needs the newest one at or below the recovered
 * end offset; a few more cover a torn newest one. */
#define SNAPSHOTS_KEPT 3

static void replay_segment(sm_log_t *log, sm_segment_t *s, int64_t from)
{
    int64_t limit, next;
    sm_segment_get_state(s, &limit, &next);
    uint8_t buf[8192];
    sm_batch_reader_t r;
    sm_br_init(&r, s->fd, limit, buf, sizeof(buf));
    for (int64_t pos = 0;;) {
        sm_batch_header_t h;
        int64_t size;
        const char *why = NULL;
        int hr = sm_br_header(&r, pos, &h, &size, &why);
        if (hr <= 0) {
            if (hr < 0) sm_warn("log: %s.log: producer state replay stopped at %" PRId64 ": %s", s->path, pos,
                                why ? why : strerror(-hr));
            break;
        }
        int64_t last = h.BaseOffset + h.LastOffsetDelta;
        if (last >= from && h.ProducerId >= 0) {
            bool control = (h.Attributes & SM_ATTR_CONTROL) != 0;
            /* a marker is read whole (tens of bytes); data batches by header */
            const uint8_t *b = control && size <= (int64_t)sizeof(buf) ? sm_br_get(&r, pos, (size_t)size, &hr)
                                                                        : sm_br_get(&r, pos, SM_BATCH_HEADER_SIZE, &hr);
            if (!b) break;
            sm_producer_batch_info_t bi;
            sm_producer_batch_info(b, &bi);
            bool commit;
            int32_t coord_epoch;
            if (!control)
                sm_producer_update(&log->producers, &bi, h.BaseOffset, last);
            else if (size <= (int64_t)sizeof(buf) && sm_control_marker_parse(b, (size_t)size, &commit, &coord_epoch) == 0)
                sm_log_txn_marker_applied(log, h.ProducerId, h.ProducerEpoch, commit, coord_epoch, h.BaseOffset, true);
        }
        pos += size;
    }
}

void sm_log_producers_load(sm_log_t *log)
{
    sm_producer_state_init(&log->producers);
    int64_t end = atomic_load(&log->end_offset);
    int64_t *offs;
    int n = sm_producer_snapshot_list(log->dir, &offs);
    int64_t from = log->segs[0]->base_offset;
    for (int i = n - 1; i >= 0; i--) {
        if (offs[i] > end) continue; /* beyond a truncated tail: deleted below */
        char path[4200];
        snprintf(path, sizeof(path), "%s/%020" PRId64 ".snapshot", log->dir, offs[i]);
        sm_producer_state_t ps;
        sm_producer_state_init(&ps);
        int rc = sm_producer_snapshot_read(&ps, path);
        if (rc == 0) {
            sm_producer_state_free(&log->producers);
            log->producers = ps;
            from = offs[i];
            break;
        }
        sm_producer_state_free(&ps);
        sm_warn("log: %s: producer snapshot unusable (%s), trying an older one", path, strerror(-rc));
    }
    if (n > 0 && offs[n - 1] > end) sm_producer_snapshot_delete(log->dir, INT64_MIN, end);
    free(offs);
    /* a snapshot at the end offset is the whole state: nothing to replay */
    log->snapshot_at = n > 0 && from == end ? end : -1;
    for (int i = 0; i < log->nsegs; i++) {
        int64_t seg_end = i + 1 < log->nsegs ? log->segs[i + 1]->base_offset : end;
        if (seg_end > from) replay_segment(log, log->segs[i], from);
    }
    if (sm_producer_state_prune(&log->producers, atomic_load(&log->start_offset), INT64_MIN) > 0)
        log->snapshot_at = -1;
    sm_log_txn_recompute_unstable(log);
}

void sm_log_producers_snapshot(sm_log_t *log, int64_t offset, bool durable)
{
    if (offset == log->snapshot_at) return; /* that file already holds this state */
    int rc = sm_producer_snapshot_write(&log->producers, log->dir, offset, durable);
    log->snapshot_at = rc ? -1 : offset;
    if (rc) sm_warn("log: %s: cannot write the producer snapshot at %" PRId64 ": %s", log->dir, offset, strerror(-rc));
    int64_t *offs;
    int n = sm_producer_snapshot_list(log->dir, &offs);
    if (n > SNAPSHOTS_KEPT) sm_producer_snapshot_delete(log->dir, offs[n - SNAPSHOTS_KEPT], INT64_MAX);
    free(offs);
}

int sm_log_producers_check(sm_log_t *log, uint8_t *batches, size_t len, sm_producer_batch_t *dup)
{
    int producer_batches = 0, rc = 0;
    for (size_t pos = 0; pos < len;) {
        const uint8_t *b = batches + pos;
        sm_producer_batch_info_t bi;
        sm_producer_batch_info(b, &bi);
        if (bi.producer_id >= 0 && !bi.control) {
            if (++producer_batches > 1) return -EINVAL; /* Produce v3+ carries one batch per partition */
            rc = sm_producer_check(&log->producers, &bi, dup);
        }
        pos += (size_t)sm_be32(b + 8) + SM_BATCH_LOG_OVERHEAD;
    }
    return rc;
}

void sm_log_producers_update(sm_log_t *log, const uint8_t *batches, size_t len)
{
    for (size_t pos = 0; pos < len;) {
        const uint8_t *b = batches + pos;
        size_t blen = (size_t)sm_be32(b + 8) + SM_BATCH_LOG_OVERHEAD;
        sm_producer_batch_info_t bi;
        sm_producer_batch_info(b, &bi);
        int64_t base = (int64_t)sm_be64(b);
        bool commit;
        int32_t coord_epoch;
        if (bi.producer_id < 0) {
            /* not a producer's batch */
        } else if (bi.control) {
            if (sm_control_marker_parse(b, blen, &commit, &coord_epoch) == 0)
                sm_log_txn_marker_applied(log, bi.producer_id, bi.epoch, commit, coord_epoch, base, true);
        } else if (sm_producer_update(&log->producers, &bi, base, base + bi.offset_delta)) {
            sm_warn("log: %s: out of memory for producer state", log->dir);
        } else if (bi.transactional && sm_producer_state_get(&log->producers, bi.producer_id)->txn_first_offset == base) {
            sm_log_txn_recompute_unstable(log); /* this batch opened a transaction */
        }
        pos += blen;
    }
}

int sm_log_expire_producers(sm_log_t *log, int64_t now_ms, int64_t expiration_ms)
{
    pthread_mutex_lock(&log->mu);
    int n = sm_producer_state_prune(&log->producers, atomic_load(&log->start_offset),
                                    expiration_ms >= 0 ? now_ms - expiration_ms : INT64_MIN);
    if (n > 0) log->snapshot_at = -1;
    pthread_mutex_unlock(&log->mu);
    return n;
}

int sm_log_producers_foreach(sm_log_t *log, void (*fn)(const sm_producer_entry_t *e, void *opaque), void *opaque)
{
    pthread_mutex_lock(&log->mu);
    int n = 0;
    sm_map_iter_t it;
    sm_map_iter_init(&it, &log->producers.producers);
    for (sm_map_entry_t *me; (me = sm_map_iter_next(&it)); n++) fn(me->value, opaque);
    pthread_mutex_unlock(&log->mu);
    return n;
}
