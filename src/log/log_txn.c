/*
 * Transactions on the partition log, as Kafka keeps them:
 *
 * - Transaction markers: control batches (attributes transactional|control)
 *   of one record whose key is { version int16 = 0, type int16 (0 abort,
 *   1 commit) } and value { version int16 = 0, coordinator_epoch int32 },
 *   written by the transaction coordinator for a producer id and epoch. A
 *   marker ends the producer's open transaction in this partition.
 * - The last stable offset (LSO): the first offset of the oldest open
 *   transaction, or the high watermark when none is open. read_committed
 *   consumers read below it only.
 * - Aborted transactions: { producer id, first offset, last offset (the
 *   abort marker's), LSO when it aborted }, kept in memory (ascending last
 *   offset) and appended to the active segment's `.txnindex`, Kafka's
 *   TransactionIndex layout of 34-byte entries:
 *     version int16 (0) | producer_id int64 | first_offset int64 |
 *     last_offset int64 | last_stable_offset int64
 *   Fetch returns those overlapping what it sends so that read_committed
 *   consumers drop the aborted records.
 * At open, each segment's .txnindex is read back and entries past the recovered end
 * dropped; abort markers replayed after the producer snapshot re-add any
 * entry a crash lost.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "log_internal.h"
#include "protocol/records.h"
#include "protocol/wire.h"
#include "util/file.h"
#include "util/logging.h"

#define TXN_ENTRY 34

/* ---- open transactions and the LSO ---- */

void sm_log_txn_recompute_unstable(sm_log_t *log)
{
    int64_t first = INT64_MAX;
    sm_map_iter_t it;
    sm_map_iter_init(&it, &log->producers.producers);
    for (sm_map_entry_t *me; (me = sm_map_iter_next(&it));) {
        const sm_producer_entry_t *e = me->value;
        if (e->txn_first_offset >= 0 && e->txn_first_offset < first) first = e->txn_first_offset;
    }
    atomic_store_explicit(&log->first_unstable, first, memory_order_release);
}

int64_t sm_log_last_stable_offset(sm_log_t *log)
{
    int64_t end = sm_log_end_offset(log);
    int64_t first = atomic_load_explicit(&log->first_unstable, memory_order_acquire);
    return first < end ? first : end;
}

/* ---- aborted transactions ---- */

static bool have_aborted(const sm_log_t *log, int64_t producer_id, int64_t last_offset)
{
    for (int i = log->naborted - 1; i >= 0 && log->aborted[i].last_offset >= last_offset; i--)
        if (log->aborted[i].last_offset == last_offset && log->aborted[i].producer_id == producer_id) return true;
    return false;
}

/* Inserts keeping ascending last_offset (appends are the usual case). */
static int add_aborted(sm_log_t *log, const sm_aborted_txn_t *a)
{
    if (have_aborted(log, a->producer_id, a->last_offset)) return 0;
    if (log->naborted == log->aborted_cap) {
        int cap = log->aborted_cap ? log->aborted_cap * 2 : 16;
        sm_aborted_txn_t *v = realloc(log->aborted, sizeof(*v) * (size_t)cap);
        if (!v) return -ENOMEM;
        log->aborted = v;
        log->aborted_cap = cap;
    }
    int i = log->naborted;
    while (i > 0 && log->aborted[i - 1].last_offset > a->last_offset) {
        log->aborted[i] = log->aborted[i - 1];
        i--;
    }
    log->aborted[i] = *a;
    log->naborted++;
    return 1;
}

static int append_txn_index(sm_log_t *log, const sm_aborted_txn_t *a)
{
    sm_segment_t *seg = log->segs[log->nsegs - 1];
    char path[4200];
    snprintf(path, sizeof(path), "%s.txnindex", seg->path);
    uint8_t e[TXN_ENTRY];
    sm_put_be16(e, 0);
    sm_put_be64(e + 2, (uint64_t)a->producer_id);
    sm_put_be64(e + 10, (uint64_t)a->first_offset);
    sm_put_be64(e + 18, (uint64_t)a->last_offset);
    sm_put_be64(e + 26, (uint64_t)a->last_stable_offset);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return -errno;
    int rc = sm_write_all(fd, e, sizeof(e));
    if (!rc && fsync(fd) < 0) rc = -errno; /* aborts are rare; lose none */
    close(fd);
    return rc;
}

void sm_log_txn_load(sm_log_t *log)
{
    int64_t end = atomic_load(&log->end_offset);
    for (int i = 0; i < log->nsegs; i++) {
        char path[4200];
        snprintf(path, sizeof(path), "%s.txnindex", log->segs[i]->path);
        FILE *f = fopen(path, "rb");
        if (!f) continue; /* the usual case: nothing aborted in this segment */
        uint8_t e[TXN_ENTRY];
        while (fread(e, 1, sizeof(e), f) == sizeof(e)) {
            sm_aborted_txn_t a = {(int64_t)sm_be64(e + 2), (int64_t)sm_be64(e + 10), (int64_t)sm_be64(e + 18),
                                  (int64_t)sm_be64(e + 26)};
            if (sm_be16(e) != 0 || a.first_offset > a.last_offset) {
                sm_warn("log: %s: malformed entry, ignoring the rest of the file", path);
                break;
            }
            if (a.last_offset < end) add_aborted(log, &a); /* past the end: a truncated tail's */
        }
        fclose(f);
    }
}

void sm_log_txn_close(sm_log_t *log)
{
    free(log->aborted);
    log->aborted = NULL;
    log->naborted = 0;
    log->aborted_cap = 0;
}

int sm_log_aborted_txns(sm_log_t *log, int64_t from, int64_t upto, sm_aborted_txn_t *out, int max)
{
    if (atomic_load_explicit(&log->naborted, memory_order_relaxed) == 0) return 0;
    pthread_mutex_lock(&log->mu);
    int n = 0;
    /* ascending last_offset: skip those that ended before `from` */
    int lo = 0, hi = log->naborted;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (log->aborted[mid].last_offset < from) lo = mid + 1;
        else hi = mid;
    }
    for (int i = lo; i < log->naborted; i++)
        if (log->aborted[i].first_offset < upto) {
            if (n < max) out[n] = log->aborted[i];
            n++;
        }
    pthread_mutex_unlock(&log->mu);
    return n;
}

void sm_log_txn_trim(sm_log_t *log, int64_t start)
{
    int k = 0;
    for (int i = 0; i < log->naborted; i++)
        if (log->aborted[i].last_offset >= start) log->aborted[k++] = log->aborted[i];
    log->naborted = k;
}

/* ---- markers ---- */

int sm_control_marker_parse(const uint8_t *batch, size_t len, bool *commit, int32_t *coordinator_epoch)
{
    if (len < SM_BATCH_HEADER_SIZE) return -1;
    int16_t attrs = (int16_t)sm_be16(batch + 21);
    if (!(attrs & SM_ATTR_CONTROL) || (attrs & SM_ATTR_COMPRESSION_MASK)) return -1;
    size_t pos = 0;
    sm_record_t rec;
    if (sm_record_next(batch + SM_BATCH_HEADER_SIZE, len - SM_BATCH_HEADER_SIZE, &pos, &rec) != 1 ||
        rec.KeyLength < 4)
        return -1;
    int16_t type = (int16_t)sm_be16(rec.Key + 2);
    if (type != 0 && type != 1) return -1;
    *commit = type == 1;
    *coordinator_epoch = rec.ValueLength >= 6 ? (int32_t)sm_be32(rec.Value + 2) : -1;
    return 0;
}

/* Ends the producer's open transaction at a marker at `offset` (appended or
 * replayed). Under mu (or before the log is shared). */
void sm_log_txn_marker_applied(sm_log_t *log, int64_t producer_id, int16_t epoch, bool commit,
                               int32_t coordinator_epoch, int64_t offset, bool write_index)
{
    sm_producer_entry_t *e = sm_producer_state_upsert(&log->producers, producer_id);
    if (!e) return;
    if (epoch > e->epoch) {
        e->epoch = epoch;
        e->nbatches = 0;
    }
    e->coordinator_epoch = coordinator_epoch;
    int64_t first = e->txn_first_offset;
    e->txn_first_offset = -1;
    if (!commit && first >= 0) {
        sm_log_txn_recompute_unstable(log);
        sm_aborted_txn_t a = {producer_id, first, offset, sm_log_last_stable_offset(log)};
        if (add_aborted(log, &a) > 0 && write_index) {
            int rc = append_txn_index(log, &a);
            if (rc) sm_error("log: %s: cannot write the transaction index: %s", log->dir, strerror(-rc));
        }
        return;
    }
    sm_log_txn_recompute_unstable(log);
}

int sm_log_append_marker(sm_log_t *log, int64_t producer_id, int16_t epoch, bool commit, int32_t coordinator_epoch,
                         int64_t timestamp, int32_t leader_epoch, int64_t *offset)
{
    uint8_t key[4], value[6];
    sm_put_be16(key, 0);
    sm_put_be16(key + 2, commit ? 1 : 0);
    sm_put_be16(value, 0);
    sm_put_be32(value + 2, (uint32_t)coordinator_epoch);
    const void *keys[1] = {key}, *values[1] = {value};
    size_t klen[1] = {sizeof(key)}, vlen[1] = {sizeof(value)};
    uint8_t *b;
    size_t len;
    if (sm_batch_build(keys, klen, values, vlen, 1, timestamp, &b, &len)) return -ENOMEM;
    sm_put_be16(b + 21, SM_ATTR_CONTROL);
    sm_batch_set_producer(b, len, producer_id, epoch, -1, true);
    sm_append_result_t res;
    int rc = sm_log_append(log, b, len, leader_epoch, &res);
    free(b);
    if (!rc && offset) *offset = res.base_offset;
    return rc;
}
