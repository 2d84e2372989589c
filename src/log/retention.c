/*
 * Retention: deleting the oldest segments by time, by size and below the log
 * start offset (DeleteRecords), as Kafka's UnifiedLog.deleteOldSegments.
 *
 * A deleted segment leaves the list at once and its three files are renamed
 * `<base>.log.deleted` (...); a reader that pinned it keeps reading through
 * its fd. The renamed files are unlinked file.delete.delay.ms later by a
 * later call (and a restart removes any leftovers: recovery.c). The log
 * start offset moves to the first remaining segment's base.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "log_internal.h"
#include "protocol/errors.h"
#include "segment.h"
#include "util/logging.h"

/* The segment's largest timestamp, or its file's modification time when it
 * has no timestamps (Kafka's LogSegment.largestTimestamp). */
static int64_t largest_timestamp(sm_segment_t *s)
{
    if (sm_segment_load(s) == 0 && s->max_ts >= 0) return s->max_ts;
    char path[4200];
    snprintf(path, sizeof(path), "%s.log", s->path);
    struct stat st;
    if (stat(path, &st) == 0) return (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
    return -1;
}

static void delete_due(sm_log_t *log, int64_t now_ms, bool all)
{
    int kept = 0;
    for (int i = 0; i < log->npending; i++) {
        sm_pending_delete_t *p = &log->pending[i];
        if (!all && now_ms < p->due_ms) {
            log->pending[kept++] = *p;
            continue;
        }
        for (size_t e = 0; e < SM_SEGMENT_NEXTS; e++) {
            char path[4200];
            snprintf(path, sizeof(path), "%s%s.deleted", p->path, sm_segment_exts[e]);
            if (unlink(path) < 0 && errno != ENOENT) sm_warn("log: cannot delete %s: %s", path, strerror(errno));
        }
        free(p->path);
    }
    log->npending = kept;
}

static int add_pending(sm_log_t *log, const char *path, int64_t due)
{
    sm_pending_delete_t *v = realloc(log->pending, (size_t)(log->npending + 1) * sizeof(*v));
    if (!v) return -ENOMEM;
    log->pending = v;
    v[log->npending].path = strdup(path);
    if (!v[log->npending].path) return -ENOMEM;
    v[log->npending].due_ms = due;
    log->npending++;
    return 0;
}

/* How many segments from the front may go. Under mu. */
static int count_deletable(sm_log_t *log, const sm_retention_opts_t *o, bool *includes_active)
{
    int64_t start = atomic_load(&log->start_offset);
    int64_t end = atomic_load(&log->end_offset);
    int64_t excess = o->retention_bytes >= 0 ? atomic_load(&log->size_bytes) - o->retention_bytes : -1;
    int n = 0;
    *includes_active = false;
    for (int i = 0; i < log->nsegs; i++) {
        sm_segment_t *s = log->segs[i];
        bool active = i == log->nsegs - 1;
        int64_t size = sm_segment_size(s);
        int64_t next_base = active ? end : log->segs[i + 1]->base_offset;
        bool below_start = next_base <= start && (!active || size > 0);
        int64_t largest = o->retention_ms >= 0 && size > 0 ? largest_timestamp(s) : -1;
        bool too_old = largest >= 0 && largest < o->now_ms - o->retention_ms;
        bool too_big = excess >= 0 && size > 0 && excess - size >= 0;
        if (!below_start && !too_old && !too_big) break;
        if (active && size == 0) break;
        if (too_big) excess -= size;
        n++;
        if (active) *includes_active = true;
    }
    return n;
}

int sm_log_apply_retention(sm_log_t *log, const sm_retention_opts_t *o, sm_retention_stats_t *st)
{
    memset(st, 0, sizeof(*st));
    pthread_mutex_lock(&log->clean_mu);
    delete_due(log, o->now_ms, false);
    pthread_mutex_lock(&log->mu);
    bool with_active;
    int n = count_deletable(log, o, &with_active);
    int rc = 0;
    if (n > 0 && with_active) rc = sm_log_roll_locked(log); /* the log always keeps an active segment */
    sm_segment_t **gone = NULL;
    if (n > 0 && !rc) {
        gone = malloc((size_t)n * sizeof(*gone));
        if (!gone) rc = -ENOMEM;
    }
    if (n > 0 && !rc) {
        pthread_mutex_lock(&log->list_mu);
        memcpy(gone, log->segs, (size_t)n * sizeof(*gone));
        memmove(log->segs, log->segs + n, (size_t)(log->nsegs - n) * sizeof(*log->segs));
        log->nsegs -= n;
        int64_t first = log->segs[0]->base_offset;
        if (atomic_load(&log->start_offset) < first) atomic_store(&log->start_offset, first);
        pthread_mutex_unlock(&log->list_mu);
        sm_log_txn_trim(log, first);
    }
    pthread_mutex_unlock(&log->mu);
    for (int i = 0; i < n && !rc; i++) {
        int64_t size = sm_segment_size(gone[i]);
        int e = sm_segment_rename_deleted(gone[i]);
        if (e) sm_warn("log: %s.log: cannot rename for deletion: %s", gone[i]->path, strerror(-e));
        add_pending(log, gone[i]->path, o->now_ms + (o->file_delete_delay_ms > 0 ? o->file_delete_delay_ms : 0));
        atomic_fetch_sub(&log->size_bytes, size);
        st->segments_deleted++;
        st->bytes_deleted += size;
        sm_segment_unref(gone[i]); /* the list's reference */
    }
    free(gone);
    if (o->file_delete_delay_ms <= 0) delete_due(log, o->now_ms, false);
    pthread_mutex_unlock(&log->clean_mu);
    return rc;
}

int sm_log_advance_start(sm_log_t *log, int64_t offset)
{
    pthread_mutex_lock(&log->mu);
    int64_t end = atomic_load(&log->end_offset);
    int rc = 0;
    if (offset > end) rc = SM_ERR_OFFSET_OUT_OF_RANGE;
    else if (offset > atomic_load(&log->start_offset)) {
        atomic_store(&log->start_offset, offset);
        sm_log_txn_trim(log, offset);
    }
    pthread_mutex_unlock(&log->mu);
    return rc;
}

/* Called by sm_log_close: files already renamed go now. */
void sm_log_retention_close(sm_log_t *log)
{
    delete_due(log, 0, true);
    free(log->pending);
    log->pending = NULL;
}
