#include "producer_state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "protocol/errors.h"
#include "protocol/records.h"
#include "protocol/wire.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/logging.h"

#define SNAPSHOT_VERSION 1
#define SNAPSHOT_HEADER 6 /* Version + Crc */
#define SNAPSHOT_ENTRY 46
#define SNAPSHOT_MAX_BYTES (256 << 20)

void sm_producer_state_init(sm_producer_state_t *ps)
{
    sm_map_init(&ps->producers);
}

void sm_producer_state_free(sm_producer_state_t *ps)
{
    sm_map_free(&ps->producers, free);
}

size_t sm_producer_state_count(const sm_producer_state_t *ps)
{
    return ps->producers.count;
}

const sm_producer_entry_t *sm_producer_state_get(const sm_producer_state_t *ps, int64_t producer_id)
{
    return sm_map_get(&ps->producers, &producer_id, sizeof(producer_id));
}

/* Kafka's DefaultRecordBatch.incrementSequence: sequences wrap at INT32_MAX. */
static int32_t add_sequence(int32_t seq, int32_t delta)
{
    if (seq > INT32_MAX - delta) return (int32_t)((int64_t)seq + delta - INT32_MAX - 1);
    return seq + delta;
}

void sm_producer_batch_info(const uint8_t *b, sm_producer_batch_info_t *bi)
{
    int16_t attrs = (int16_t)sm_be16(b + 21);
    bi->offset_delta = (int32_t)sm_be32(b + 23);
    bi->max_timestamp = (int64_t)sm_be64(b + 35);
    bi->producer_id = (int64_t)sm_be64(b + 43);
    bi->epoch = (int16_t)sm_be16(b + 51);
    bi->first_seq = (int32_t)sm_be32(b + 53);
    bi->last_seq = bi->first_seq < 0 ? SM_NO_SEQUENCE : add_sequence(bi->first_seq, bi->offset_delta);
    bi->transactional = (attrs & SM_ATTR_TRANSACTIONAL) != 0;
    bi->control = (attrs & SM_ATTR_CONTROL) != 0;
}

static bool in_sequence(int32_t last, int32_t next)
{
    return (int64_t)next == (int64_t)last + 1 || (next == 0 && last == INT32_MAX);
}

int sm_producer_check(const sm_producer_state_t *ps, const sm_producer_batch_info_t *bi,
                      sm_producer_batch_t *dup)
{
    const sm_producer_entry_t *e = sm_producer_state_get(ps, bi->producer_id);
    if (bi->first_seq < 0) /* a coordinator's write (transactional offsets): epoch only, as Kafka */
        return e && bi->epoch < e->epoch ? SM_ERR_INVALID_PRODUCER_EPOCH : 0;
    if (!e || e->nbatches == 0) {
        /* Unknown producer (new, expired, or its records all deleted): Kafka
         * accepts any sequence (KIP-360) unless it knows an epoch. */
        if (e && bi->epoch < e->epoch) return SM_ERR_INVALID_PRODUCER_EPOCH;
        if (e && bi->epoch == e->epoch && e->txn_first_offset >= 0 && !bi->transactional)
            return SM_ERR_INVALID_TXN_STATE;
        return 0;
    }
    if (bi->epoch < e->epoch) return SM_ERR_INVALID_PRODUCER_EPOCH;
    if (bi->epoch == e->epoch)
        for (int i = 0; i < e->nbatches; i++)
            if (e->batches[i].first_seq == bi->first_seq && e->batches[i].last_seq == bi->last_seq) {
                *dup = e->batches[i];
                return 1;
            }
    if (bi->epoch != e->epoch) {
        if (bi->first_seq != 0) return SM_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER; /* a new epoch starts at 0 */
    } else if (!in_sequence(e->batches[e->nbatches - 1].last_seq, bi->first_seq)) {
        return SM_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER;
    }
    if (e->txn_first_offset >= 0 && !bi->transactional && bi->epoch == e->epoch)
        return SM_ERR_INVALID_TXN_STATE;
    return 0;
}

sm_producer_entry_t *sm_producer_state_upsert(sm_producer_state_t *ps, int64_t producer_id)
{
    int created = 0;
    sm_map_entry_t *me = sm_map_upsert(&ps->producers, &producer_id, sizeof(producer_id), &created);
    if (!me) return NULL;
    if (created) {
        sm_producer_entry_t *e = calloc(1, sizeof(*e));
        if (!e) {
            sm_map_remove(&ps->producers, &producer_id, sizeof(producer_id));
            return NULL;
        }
        e->producer_id = producer_id;
        e->epoch = -1;
        e->coordinator_epoch = -1;
        e->txn_first_offset = -1;
        me->value = e;
    }
    return me->value;
}

int sm_producer_update(sm_producer_state_t *ps, const sm_producer_batch_info_t *bi, int64_t first_offset,
                       int64_t last_offset)
{
    sm_producer_entry_t *e = sm_producer_state_upsert(ps, bi->producer_id);
    if (!e) return -ENOMEM;
    if (bi->epoch != e->epoch) { /* a new epoch forgets the old one's batches */
        e->epoch = bi->epoch;
        e->nbatches = 0;
    }
    if (bi->first_seq < 0) { /* no sequence (a coordinator's write): nothing to deduplicate */
        if (bi->transactional && e->txn_first_offset < 0) e->txn_first_offset = first_offset;
        return 0;
    }
    if (e->nbatches == SM_PRODUCER_CACHED_BATCHES) {
        memmove(e->batches, e->batches + 1, sizeof(e->batches[0]) * (SM_PRODUCER_CACHED_BATCHES - 1));
        e->nbatches--;
    }
    e->batches[e->nbatches++] = (sm_producer_batch_t){bi->first_seq, bi->last_seq, first_offset, last_offset,
                                                      bi->max_timestamp};
    if (bi->transactional && e->txn_first_offset < 0) e->txn_first_offset = first_offset;
    return 0;
}

static int64_t last_timestamp(const sm_producer_entry_t *e)
{
    return e->nbatches ? e->batches[e->nbatches - 1].timestamp : INT64_MIN;
}

int sm_producer_state_prune(sm_producer_state_t *ps, int64_t log_start, int64_t expire_before_ms)
{
    int removed = 0;
    sm_map_iter_t it;
    sm_map_iter_init(&it, &ps->producers);
    for (sm_map_entry_t *me; (me = sm_map_iter_next(&it));) {
        sm_producer_entry_t *e = me->value;
        if (e->txn_first_offset >= 0) continue;
        bool deleted = e->nbatches && e->batches[e->nbatches - 1].last_offset < log_start;
        bool idle = expire_before_ms != INT64_MIN && last_timestamp(e) < expire_before_ms;
        if (deleted || idle) {
            free(sm_map_iter_remove(&it));
            removed++;
        }
    }
    return removed;
}

/* ---- snapshots ---- */

static void put16(sm_buf_t *b, uint16_t v)
{
    uint8_t x[2];
    sm_put_be16(x, v);
    sm_buf_append(b, x, 2);
}

static void put32(sm_buf_t *b, uint32_t v)
{
    uint8_t x[4];
    sm_put_be32(x, v);
    sm_buf_append(b, x, 4);
}

static void put64(sm_buf_t *b, uint64_t v)
{
    uint8_t x[8];
    sm_put_be64(x, v);
    sm_buf_append(b, x, 8);
}

int sm_producer_snapshot_write(const sm_producer_state_t *ps, const char *dir, int64_t offset, bool durable)
{
    sm_buf_t b;
    sm_buf_init(&b);
    put16(&b, SNAPSHOT_VERSION);
    put32(&b, 0); /* CRC, below */
    put32(&b, (uint32_t)ps->producers.count);
    sm_map_iter_t it;
    sm_map_iter_init(&it, (sm_map_t *)&ps->producers);
    for (sm_map_entry_t *me; (me = sm_map_iter_next(&it));) {
        const sm_producer_entry_t *e = me->value;
        const sm_producer_batch_t *last = e->nbatches ? &e->batches[e->nbatches - 1] : NULL;
        put64(&b, (uint64_t)e->producer_id);
        put16(&b, (uint16_t)e->epoch);
        put32(&b, (uint32_t)(last ? last->last_seq : SM_NO_SEQUENCE));
        put64(&b, (uint64_t)(last ? last->last_offset : -1));
        put32(&b, (uint32_t)(last ? (int32_t)(last->last_offset - last->first_offset) : 0));
        put64(&b, (uint64_t)(last ? last->timestamp : -1));
        put32(&b, (uint32_t)e->coordinator_epoch);
        put64(&b, (uint64_t)e->txn_first_offset);
    }
    sm_put_be32(b.data + 2, sm_crc32c(0, b.data + SNAPSHOT_HEADER, b.len - SNAPSHOT_HEADER));
    char path[4200];
    snprintf(path, sizeof(path), "%s/%020" PRId64 ".snapshot", dir, offset);
    int rc = durable ? sm_write_file_atomic(path, b.data, b.len, 0644)
                     : sm_write_file_replace(path, b.data, b.len, 0644);
    sm_buf_free(&b);
    return rc;
}

int sm_producer_snapshot_read(sm_producer_state_t *ps, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    struct stat st;
    if (fstat(fd, &st) < 0 || st.st_size < SNAPSHOT_HEADER + 4 || st.st_size > SNAPSHOT_MAX_BYTES) {
        close(fd);
        return -EBADMSG;
    }
    size_t n = (size_t)st.st_size;
    uint8_t *p = malloc(n);
    if (!p) {
        close(fd);
        return -ENOMEM;
    }
    ssize_t got = pread(fd, p, n, 0);
    close(fd);
    int rc = 0;
    uint32_t count = got == (ssize_t)n ? sm_be32(p + SNAPSHOT_HEADER) : 0;
    if (got != (ssize_t)n || sm_be16(p) != SNAPSHOT_VERSION ||
        sm_be32(p + 2) != sm_crc32c(0, p + SNAPSHOT_HEADER, n - SNAPSHOT_HEADER) ||
        (uint64_t)count * SNAPSHOT_ENTRY != n - SNAPSHOT_HEADER - 4) {
        free(p);
        return -EBADMSG;
    }
    for (uint32_t i = 0; i < count && rc == 0; i++) {
        const uint8_t *q = p + SNAPSHOT_HEADER + 4 + (size_t)i * SNAPSHOT_ENTRY;
        sm_producer_entry_t *e = sm_producer_state_upsert(ps, (int64_t)sm_be64(q));
        if (!e) {
            rc = -ENOMEM;
            break;
        }
        e->epoch = (int16_t)sm_be16(q + 8);
        int32_t last_seq = (int32_t)sm_be32(q + 10);
        int64_t last_offset = (int64_t)sm_be64(q + 14);
        int32_t delta = (int32_t)sm_be32(q + 22);
        e->coordinator_epoch = (int32_t)sm_be32(q + 34);
        e->txn_first_offset = (int64_t)sm_be64(q + 38);
        e->nbatches = 0;
        if (last_offset >= 0 && delta >= 0) {
            /* the batch's first sequence: the last minus the offset delta, wrapping as sequences do */
            int32_t first_seq = last_seq < 0 ? SM_NO_SEQUENCE
                                : last_seq >= delta ? last_seq - delta
                                                    : (int32_t)((int64_t)INT32_MAX + 1 + last_seq - delta);
            e->batches[0] = (sm_producer_batch_t){first_seq, last_seq, last_offset - delta, last_offset,
                                                  (int64_t)sm_be64(q + 26)};
            e->nbatches = 1;
        }
    }
    free(p);
    return rc;
}

static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int sm_producer_snapshot_list(const char *dir, int64_t **out)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d) return -errno;
    int n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *name = de->d_name;
        size_t len = strlen(name);
        if (len != 20 + 9 || strcmp(name + 20, ".snapshot") != 0) continue;
        char *end;
        long long off = strtoll(name, &end, 10);
        if (end != name + 20 || off < 0) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            int64_t *v = realloc(*out, sizeof(*v) * (size_t)cap);
            if (!v) break;
            *out = v;
        }
        (*out)[n++] = off;
    }
    closedir(d);
    if (n) qsort(*out, (size_t)n, sizeof(int64_t), cmp64);
    return n;
}

void sm_producer_snapshot_delete(const char *dir, int64_t below, int64_t above)
{
    int64_t *offs;
    int n = sm_producer_snapshot_list(dir, &offs);
    for (int i = 0; i < n; i++) {
        if (offs[i] >= below && offs[i] <= above) continue;
        char path[4200];
        snprintf(path, sizeof(path), "%s/%020" PRId64 ".snapshot", dir, offs[i]);
        if (unlink(path) < 0 && errno != ENOENT) sm_warn("log: cannot delete %s: %s", path, strerror(errno));
    }
    free(offs);
}
