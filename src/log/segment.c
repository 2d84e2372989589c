/*
 * Log segment: the .log file, its two indexes, and batch lookups. File
 * layouts in segment.h (.log), offset_index.h (.index), time_index.h
 * (.timeindex). Recovery of a damaged segment is in recovery.c.
 */
#include "segment.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "offset_index.h"
#include "protocol/wire.h"
#include "recovery.h"
#include "time_index.h"
#include "util/logging.h"

/* Header scans read this much at a time: at the default index interval
 * (4096) one read usually covers every header between an index entry and the
 * wanted batch. */
#define HEADER_CHUNK 8192

char *sm_segment_path(const char *dir, int64_t base)
{
    char *p = NULL;
    if (asprintf(&p, "%s/%020" PRId64, dir, base) < 0) return NULL;
    return p;
}

static char *file_path(const sm_segment_t *s, const char *ext)
{
    char *p = NULL;
    if (asprintf(&p, "%s%s", s->path, ext) < 0) return NULL;
    return p;
}

static sm_segment_t *seg_alloc(const char *dir, int64_t base, int32_t index_interval)
{
    sm_segment_t *s = calloc(1, sizeof(*s));
    if (!s) return NULL;
    s->path = sm_segment_path(dir, base);
    if (!s->path) {
        free(s);
        return NULL;
    }
    s->base_offset = base;
    s->fd = -1;
    s->index_interval = index_interval;
    atomic_init(&s->refs, 1);
    atomic_init(&s->state, 0);
    atomic_init(&s->loaded, false);
    sm_idx_init(&s->oidx, 8);
    sm_idx_init(&s->tidx, 12);
    s->max_ts = -1;
    s->max_ts_offset = -1;
    s->first_append_ms = -1;
    pthread_mutex_init(&s->load_mu, NULL);
    return s;
}

static void seg_free(sm_segment_t *s)
{
    if (s->fd >= 0) close(s->fd);
    sm_idx_destroy(&s->oidx);
    sm_idx_destroy(&s->tidx);
    pthread_mutex_destroy(&s->load_mu);
    free(s->path);
    free(s);
}

/* Creates an empty file (truncating an existing one). */
static int create_empty(const sm_segment_t *s, const char *ext)
{
    char *p = file_path(s, ext);
    if (!p) return -ENOMEM;
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int rc = fd < 0 ? -errno : 0;
    if (fd >= 0) close(fd);
    free(p);
    return rc;
}

int sm_segment_create(const char *dir, int64_t base, int32_t index_interval, sm_segment_t **out)
{
    *out = NULL;
    sm_segment_t *s = seg_alloc(dir, base, index_interval);
    if (!s) return -ENOMEM;
    char *p = file_path(s, ".log");
    if (!p) {
        seg_free(s);
        return -ENOMEM;
    }
    s->fd = open(p, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (s->fd < 0 && errno == EEXIST) {
        sm_warn("log: %s exists already when creating segment %" PRId64 ": truncating it", p, base);
        s->fd = open(p, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    }
    int rc = s->fd < 0 ? -errno : 0;
    free(p);
    if (!rc) rc = create_empty(s, ".index");
    if (!rc) rc = create_empty(s, ".timeindex");
    if (rc) {
        seg_free(s);
        return rc;
    }
    sm_segment_publish(s, 0, base);
    atomic_store(&s->loaded, true);
    *out = s;
    return 0;
}

int sm_segment_open(const char *dir, int64_t base, int32_t index_interval, sm_segment_t **out)
{
    *out = NULL;
    sm_segment_t *s = seg_alloc(dir, base, index_interval);
    if (!s) return -ENOMEM;
    char *p = file_path(s, ".log");
    if (!p) {
        seg_free(s);
        return -ENOMEM;
    }
    s->fd = open(p, O_RDWR | O_CLOEXEC);
    int rc = s->fd < 0 ? -errno : 0;
    struct stat st;
    if (!rc && fstat(s->fd, &st) < 0) rc = -errno;
    if (!rc && st.st_size > SM_SEGMENT_MAX_BYTES) {
        sm_error("log: %s is %lld bytes, larger than a segment can be", p, (long long)st.st_size);
        rc = -EFBIG;
    }
    free(p);
    if (rc) {
        seg_free(s);
        return rc;
    }
    /* The end offset is unknown until loaded; the size is what a scan starts from. */
    sm_segment_publish(s, st.st_size, base);
    s->synced_size = st.st_size;
    *out = s;
    return 0;
}

void sm_segment_ref(sm_segment_t *s)
{
    atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
}

void sm_segment_unref(sm_segment_t *s)
{
    if (!s) return;
    if (atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) == 1) seg_free(s);
}

int sm_segment_index_batch(sm_segment_t *s, int64_t pos, int64_t size, int64_t last_offset,
                           int64_t max_ts)
{
    if (max_ts > s->max_ts) {
        s->max_ts = max_ts;
        s->max_ts_offset = last_offset;
    }
    if (s->bytes_since_index > s->index_interval) {
        int rc = sm_offset_index_append(&s->oidx, s->base_offset, last_offset, pos);
        if (rc) return rc;
        if (s->max_ts_offset >= 0) {
            rc = sm_time_index_maybe_append(&s->tidx, s->base_offset, s->max_ts, s->max_ts_offset);
            if (rc < 0) return rc;
        }
        s->bytes_since_index = 0;
    }
    s->bytes_since_index += size;
    return 0;
}

int sm_segment_seal_timeindex(sm_segment_t *s)
{
    if (s->max_ts_offset < 0) return 0;
    int rc = sm_time_index_maybe_append(&s->tidx, s->base_offset, s->max_ts, s->max_ts_offset);
    return rc < 0 ? rc : 0;
}

/* Reads one index file and checks it. 0 if usable, else the reason in *why
 * (or a negative errno on a real I/O error). */
static int load_one(sm_segment_t *s, sm_idx_t *x, const char *ext, int64_t log_size,
                    const char **why)
{
    char *p = file_path(s, ext);
    if (!p) return -ENOMEM;
    int n = sm_idx_load_file(x, p);
    int rc = 0;
    if (n == -ENOENT) {
        *why = "missing";
        rc = 1;
    } else if (n == -EINVAL) {
        *why = "size not a multiple of the entry size";
        rc = 1;
    } else if (n < 0) {
        sm_error("log: cannot read %s: %s", p, strerror(-n));
        rc = n;
    } else {
        int cnt;
        const uint8_t *e = sm_idx_view(x, &cnt);
        int keep = x == &s->oidx ? sm_offset_index_check(e, cnt, log_size, why)
                                 : sm_time_index_check(e, cnt, why);
        if (keep < 0) {
            rc = 1;
        } else if (keep < cnt) {
            /* Trailing zero entries of a preallocated index: drop them from
             * the file too, so the invariant file == entries holds. */
            atomic_store(&x->count, keep);
            int wr = s->deleted ? 0 : sm_idx_rewrite_file(x, p, false);
            if (wr) sm_warn("log: cannot trim %s: %s", p, strerror(-wr));
        }
    }
    if (rc == 1) sm_info("log: %s %s: rebuilding the segment's indexes", p, *why);
    free(p);
    return rc;
}

/* Loads the indexes (rebuilding them if needed) and derives the appender
 * state. Called with load_mu held or single-threaded. */
static int load_locked(sm_segment_t *s)
{
    int64_t size = sm_segment_size(s);
    const char *why = NULL;
    int rc = load_one(s, &s->oidx, ".index", size, &why);
    if (rc == 0) rc = load_one(s, &s->tidx, ".timeindex", size, &why);
    if (rc < 0) return rc;
    bool rebuild = rc == 1;
    int64_t ioff, ipos;
    if (!rebuild && sm_offset_index_last(&s->oidx, s->base_offset, &ioff, &ipos)) {
        /* The last entry must name the batch at its position (Kafka's
         * DumpLogSegments check): catches an index left from other data. */
        uint8_t hb[SM_BATCH_HEADER_SIZE];
        sm_batch_reader_t r;
        sm_br_init(&r, s->fd, size, hb, sizeof(hb));
        sm_batch_header_t h;
        int64_t bsize;
        const char *w = NULL;
        int hr = sm_br_header(&r, ipos, &h, &bsize, &w);
        if (hr < 0 && hr != -EBADMSG) return hr;
        if (hr != 1 || h.BaseOffset + h.LastOffsetDelta != ioff) {
            sm_info("log: %s.index: last entry (%" PRId64 " at %" PRId64
                    ") does not match the .log: rebuilding the segment's indexes",
                    s->path, ioff, ipos);
            rebuild = true;
        }
    }

    int64_t start = 0, next = s->base_offset;
    s->bytes_since_index = 0;
    s->max_ts = -1;
    s->max_ts_offset = -1;
    if (rebuild) {
        sm_idx_clear(&s->oidx);
        sm_idx_clear(&s->tidx);
    } else {
        int64_t ts, toff;
        /* Resume after the last indexed batch: the batch at that position
         * resets the interval counter, exactly as when it was appended. */
        if (sm_offset_index_last(&s->oidx, s->base_offset, &ioff, &ipos)) start = ipos;
        if (sm_time_index_last(&s->tidx, s->base_offset, &ts, &toff)) {
            s->max_ts = ts;
            s->max_ts_offset = toff;
        }
    }
    int64_t end = start;
    char buf[256];
    rc = sm_segment_scan(s, start, size, false, &next, &end, buf, sizeof(buf));
    if (rc) return rc;
    if (buf[0]) {
        sm_error("log: %s.log: invalid batch at position %" PRId64 ": %s", s->path, end, buf);
        rc = -EBADMSG;
    }
    if (rebuild && !s->deleted) {
        sm_segment_seal_timeindex(s);
        char *pi = file_path(s, ".index"), *pt = file_path(s, ".timeindex");
        int w1 = pi ? sm_idx_rewrite_file(&s->oidx, pi, false) : -ENOMEM;
        int w2 = pt ? sm_idx_rewrite_file(&s->tidx, pt, false) : -ENOMEM;
        if (w1 || w2)
            sm_warn("log: %s: cannot write rebuilt indexes: %s", s->path,
                    strerror(-(w1 ? w1 : w2)));
        free(pi);
        free(pt);
    }
    sm_segment_publish(s, end, next);
    atomic_store_explicit(&s->loaded, true, memory_order_release);
    return rc;
}

int sm_segment_load(sm_segment_t *s)
{
    if (atomic_load_explicit(&s->loaded, memory_order_acquire)) return 0;
    pthread_mutex_lock(&s->load_mu);
    int rc = 0;
    if (!atomic_load_explicit(&s->loaded, memory_order_acquire)) rc = load_locked(s);
    pthread_mutex_unlock(&s->load_mu);
    return rc;
}

void sm_br_init(sm_batch_reader_t *r, int fd, int64_t limit, uint8_t *buf, size_t cap)
{
    r->fd = fd;
    r->limit = limit;
    r->heap = buf == NULL;
    r->buf = buf;
    r->cap = buf ? cap : 0;
    r->bpos = 0;
    r->blen = 0;
}

void sm_br_free(sm_batch_reader_t *r)
{
    if (r->heap) free(r->buf);
    r->buf = NULL;
    r->cap = 0;
}

const uint8_t *sm_br_get(sm_batch_reader_t *r, int64_t pos, size_t n, int *err)
{
    if (pos >= r->bpos && pos + (int64_t)n <= r->bpos + (int64_t)r->blen)
        return r->buf + (pos - r->bpos);
    if (pos < 0 || pos + (int64_t)n > r->limit) {
        *err = -EINVAL;
        return NULL;
    }
    if (n > r->cap) {
        if (!r->heap) {
            *err = -ENOBUFS;
            return NULL;
        }
        size_t cap = n < (1u << 20) ? (1u << 20) : n;
        uint8_t *nb = realloc(r->buf, cap);
        if (!nb) {
            *err = -ENOMEM;
            return NULL;
        }
        r->buf = nb;
        r->cap = cap;
    }
    /* Read as much as fits (read-ahead for the following headers), at least n. */
    size_t want = r->cap;
    if ((int64_t)want > r->limit - pos) want = (size_t)(r->limit - pos);
    size_t got = 0;
    r->blen = 0;
    r->bpos = pos;
    while (got < n) {
        ssize_t rd = pread(r->fd, r->buf + got, want - got, (off_t)(pos + (int64_t)got));
        if (rd < 0 && errno == EINTR) continue;
        if (rd <= 0) {
            *err = rd < 0 ? -errno : -EIO; /* the file is shorter than its published size */
            return NULL;
        }
        got += (size_t)rd;
    }
    r->blen = got;
    return r->buf;
}

int sm_br_header(sm_batch_reader_t *r, int64_t pos, sm_batch_header_t *h, int64_t *size,
                 const char **why)
{
    if (pos >= r->limit) return 0;
    if (r->limit - pos < SM_BATCH_HEADER_SIZE) {
        *why = "incomplete batch header";
        return -EBADMSG;
    }
    int err = 0;
    const uint8_t *p = sm_br_get(r, pos, SM_BATCH_HEADER_SIZE, &err);
    if (!p) return err;
    sm_batch_header_parse(p, SM_BATCH_HEADER_SIZE, h);
    if (h->BatchLength < SM_BATCH_HEADER_SIZE - SM_BATCH_LOG_OVERHEAD) {
        *why = "BatchLength smaller than a batch header";
        return -EBADMSG;
    }
    *size = (int64_t)h->BatchLength + SM_BATCH_LOG_OVERHEAD;
    if (*size > r->limit - pos) {
        *why = "batch extends past the end of the file";
        return -EBADMSG;
    }
    return 1;
}

int sm_segment_translate(sm_segment_t *s, int64_t offset, int64_t from_pos, int64_t limit,
                         sm_batch_loc_t *loc)
{
    int64_t ioff, pos;
    sm_offset_index_lookup(&s->oidx, s->base_offset, offset, limit, &ioff, &pos);
    if (from_pos > pos) pos = from_pos;
    uint8_t buf[HEADER_CHUNK];
    sm_batch_reader_t r;
    sm_br_init(&r, s->fd, limit, buf, sizeof(buf));
    for (;;) {
        sm_batch_header_t h;
        int64_t size = 0;
        const char *why = NULL;
        int rc = sm_br_header(&r, pos, &h, &size, &why);
        if (rc == 0) return 0;
        if (rc < 0) {
            if (rc == -EBADMSG)
                sm_error("log: %s.log: corrupt batch at position %" PRId64 ": %s", s->path, pos,
                         why);
            else
                sm_error("log: %s.log: read at %" PRId64 ": %s", s->path, pos, strerror(-rc));
            return rc;
        }
        int64_t last = h.BaseOffset + h.LastOffsetDelta;
        if (last >= offset) {
            loc->pos = pos;
            loc->size = size;
            loc->base_offset = h.BaseOffset;
            loc->last_offset = last;
            loc->max_ts = h.MaxTimestamp;
            loc->attributes = h.Attributes;
            return 1;
        }
        pos += size;
    }
}

int sm_segment_sync(sm_segment_t *s, bool fsync)
{
    int rc = 0;
    int64_t size = sm_segment_size(s);
    if (fsync && s->synced_size != size) {
        if (fdatasync(s->fd) < 0) return -errno;
        s->synced_size = size;
    }
    if (!atomic_load(&s->loaded)) return 0; /* indexes never touched */
    pthread_mutex_lock(&s->load_mu);
    if (!s->deleted) {
        char *pi = file_path(s, ".index"), *pt = file_path(s, ".timeindex");
        rc = pi && pt ? 0 : -ENOMEM;
        if (!rc) rc = sm_idx_sync_file(&s->oidx, pi, fsync);
        if (!rc) rc = sm_idx_sync_file(&s->tidx, pt, fsync);
        free(pi);
        free(pt);
    }
    pthread_mutex_unlock(&s->load_mu);
    return rc;
}

const char *const sm_segment_exts[SM_SEGMENT_NEXTS] = {".log", ".index", ".timeindex", ".txnindex"};

/* Deletes the files sm_segment_exts[first..end) of s. */
static void unlink_files(sm_segment_t *s, size_t first, size_t end)
{
    pthread_mutex_lock(&s->load_mu);
    s->deleted = true;
    for (size_t i = first; i < end; i++) {
        char *p = file_path(s, sm_segment_exts[i]);
        if (p && unlink(p) < 0 && errno != ENOENT)
            sm_warn("log: cannot delete %s: %s", p, strerror(errno));
        free(p);
    }
    pthread_mutex_unlock(&s->load_mu);
}

void sm_segment_unlink(sm_segment_t *s)
{
    unlink_files(s, 0, SM_SEGMENT_NEXTS);
}

int sm_segment_rename_deleted(sm_segment_t *s)
{
    int rc = 0;
    pthread_mutex_lock(&s->load_mu);
    s->deleted = true;
    for (size_t i = 0; i < SM_SEGMENT_NEXTS; i++) {
        char *from = file_path(s, sm_segment_exts[i]);
        char *to = NULL;
        if (!from || asprintf(&to, "%s.deleted", from) < 0) {
            free(from);
            rc = -ENOMEM;
            break;
        }
        if (rename(from, to) < 0 && errno != ENOENT && !rc) rc = -errno;
        free(from);
        free(to);
    }
    pthread_mutex_unlock(&s->load_mu);
    return rc;
}

int sm_segment_swap_files(sm_segment_t *s, const char *replacement)
{
    /* indexes first: a crash in between leaves the old .log without
     * indexes, which are rebuilt from it on the next load (the .txnindex
     * stays: cleaning keeps the aborted transactions' markers' meaning) */
    unlink_files(s, 1, 3);
    char *p = file_path(s, ".log");
    if (!p) return -ENOMEM;
    int rc = rename(replacement, p) < 0 ? -errno : 0;
    free(p);
    return rc;
}

#define RESERVE_MAX (16 << 20)

void sm_segment_reserve(sm_segment_t *s, int64_t size, size_t len, int64_t limit)
{
    int64_t need = size + (int64_t)len;
    if (need <= s->reserved_end || s->no_reserve) return;
    /* doubling: a partition written a little reserves little */
    int64_t end = need + (need < RESERVE_MAX ? need : RESERVE_MAX);
    if (end > limit) end = limit;
    if (end <= need) return;
    if (fallocate(s->fd, FALLOC_FL_KEEP_SIZE, size, end - size) == 0)
        s->reserved_end = end;
    else if (errno == EOPNOTSUPP || errno == ENOSYS)
        s->no_reserve = true;
}

void sm_segment_release_reserve(sm_segment_t *s)
{
    if (!s->reserved_end) return;
    int64_t size, next;
    sm_segment_get_state(s, &size, &next);
    /* Truncating to the size it has frees the blocks past it (a punched hole
     * would not: ext4 ignores holes past the end of the file). */
    if (s->reserved_end > size && ftruncate(s->fd, (off_t)size) != 0)
        sm_debug("segment %s.log: cannot release reserved blocks: %s", s->path, strerror(errno));
    s->reserved_end = 0;
}
