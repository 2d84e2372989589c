#include "txn_coordinator.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "coordinator.h"
#include "protocol/errors.h"
#include "protocol/records.h"
#include "util/clock.h"
#include "util/logging.h"
#include "util/map.h"

#define COORDINATOR_EPOCH 0 /* one node: __transaction_state's leader epoch never changes */

typedef struct txn_part {
    char *topic;
    int32_t partition;
} txn_part_t;

typedef struct txn {
    char *id;
    size_t id_len;
    int64_t producer_id;
    int16_t epoch;
    int32_t timeout_ms;
    int8_t state;
    int64_t start_ms, last_update_ms;
    txn_part_t *parts;
    int32_t nparts, cap;
    sm_map_t members; /* topic bytes + partition (4 bytes) -> 1: the parts, for lookups */
} txn_t;

/* At most this many partitions in one transaction: bounds what a client can
 * make the coordinator hold and write per transaction. */
#define MAX_TXN_PARTITIONS 100000

struct sm_tc {
    sm_tc_config_t cfg;
    pthread_mutex_t mu;
    sm_log_t **logs;
    sm_map_t txns; /* transactional id -> txn_t* */
};

static sm_str_t id_of(const txn_t *t)
{
    return (sm_str_t){t->id, (int32_t)t->id_len};
}

static void clear_parts(txn_t *t)
{
    for (int32_t i = 0; i < t->nparts; i++) free(t->parts[i].topic);
    t->nparts = 0;
    sm_map_free(&t->members, NULL);
    sm_map_init(&t->members);
}

/* The membership key of a partition: the topic's bytes then the partition. */
static size_t member_key(sm_str_t topic, int32_t partition, uint8_t *buf, size_t cap)
{
    size_t tl = topic.len > 0 ? (size_t)topic.len : 0;
    if (tl + 4 > cap) tl = cap - 4; /* topic names are at most 249 bytes */
    memcpy(buf, topic.ptr, tl);
    memcpy(buf + tl, &partition, 4);
    return tl + 4;
}

static void txn_free(void *p)
{
    txn_t *t = p;
    clear_parts(t);
    sm_map_free(&t->members, NULL);
    free(t->parts);
    free(t->id);
    free(t);
}

static bool has_part(const txn_t *t, sm_str_t topic, int32_t partition)
{
    uint8_t key[512];
    return sm_map_get(&t->members, key, member_key(topic, partition, key, sizeof(key))) != NULL;
}

static int add_part(txn_t *t, sm_str_t topic, int32_t partition)
{
    uint8_t key[512];
    int created = 0;
    sm_map_entry_t *e = sm_map_upsert(&t->members, key, member_key(topic, partition, key, sizeof(key)), &created);
    if (!e) return -ENOMEM;
    if (!created) return 0;
    e->value = (void *)1;
    if (t->nparts == t->cap) {
        int32_t cap = t->cap ? t->cap * 2 : 8;
        txn_part_t *v = realloc(t->parts, sizeof(*v) * (size_t)cap);
        if (!v) return -ENOMEM;
        t->parts = v;
        t->cap = cap;
    }
    char *name = strndup(topic.ptr, (size_t)topic.len);
    if (!name) return -ENOMEM;
    t->parts[t->nparts++] = (txn_part_t){name, partition};
    return 0;
}

static txn_t *find_txn(sm_tc_t *tc, sm_str_t id)
{
    return sm_map_get(&tc->txns, id.ptr ? id.ptr : "", id.len > 0 ? (size_t)id.len : 0);
}

static txn_t *create_txn(sm_tc_t *tc, sm_str_t id)
{
    int created = 0;
    sm_map_entry_t *e = sm_map_upsert(&tc->txns, id.ptr ? id.ptr : "", id.len > 0 ? (size_t)id.len : 0, &created);
    if (!e) return NULL;
    if (!created) return e->value;
    txn_t *t = calloc(1, sizeof(*t));
    if (!t || !(t->id = strndup(id.ptr ? id.ptr : "", id.len > 0 ? (size_t)id.len : 0))) {
        free(t);
        sm_map_remove(&tc->txns, id.ptr ? id.ptr : "", id.len > 0 ? (size_t)id.len : 0);
        return NULL;
    }
    t->id_len = id.len > 0 ? (size_t)id.len : 0;
    sm_map_init(&t->members);
    t->producer_id = -1;
    t->epoch = -1;
    e->value = t;
    return t;
}

/* ---- __transaction_state ---- */

static int16_t append_record(sm_tc_t *tc, sm_str_t id, const void *value, size_t value_len, int64_t ts);

/* Writes the transaction's current state. 0 or a Kafka error. */
static int16_t persist(sm_tc_t *tc, txn_t *t)
{
    t->last_update_ms = sm_now_ms();
    sm_txn_partition_t *parts = calloc((size_t)t->nparts + 1, sizeof(*parts));
    if (!parts) return SM_ERR_COORDINATOR_NOT_AVAILABLE;
    for (int32_t i = 0; i < t->nparts; i++) parts[i] = (sm_txn_partition_t){sm_str(t->parts[i].topic), t->parts[i].partition};
    sm_txn_value_t v = {t->producer_id, t->epoch,     t->timeout_ms,     t->state,
                        t->nparts,      parts,        t->last_update_ms, t->start_ms};
    sm_wr_t vw;
    sm_wr_init(&vw, false);
    sm_txn_value_encode(&vw, &v);
    free(parts);
    int16_t err = append_record(tc, id_of(t), vw.buf.data, vw.buf.len, t->last_update_ms);
    sm_wr_free(&vw);
    return err;
}

/* One record (value NULL: a tombstone) to the id's __transaction_state partition. */
static int16_t append_record(sm_tc_t *tc, sm_str_t id, const void *value, size_t value_len, int64_t ts)
{
    sm_wr_t kw;
    sm_wr_init(&kw, false);
    sm_txn_key_encode(&kw, id);
    const void *keys[1] = {kw.buf.data}, *vals[1] = {value};
    size_t klen[1] = {kw.buf.len}, vlen[1] = {value_len};
    uint8_t *batch = NULL;
    size_t len = 0;
    int16_t err = 0;
    if (sm_batch_build(keys, klen, vals, vlen, 1, ts, &batch, &len)) {
        err = SM_ERR_COORDINATOR_NOT_AVAILABLE;
    } else {
        sm_log_t *log = tc->logs[sm_gc_partition_for(tc->cfg.partitions, id)];
        sm_append_result_t res;
        int rc = sm_log_append(log, batch, len, 0, &res);
        if (rc) {
            sm_error("transaction coordinator: writing __transaction_state failed (%d)", rc);
            err = SM_ERR_COORDINATOR_NOT_AVAILABLE;
        }
    }
    free(batch);
    sm_wr_free(&kw);
    return err;
}

static void load_record(const sm_batch_header_t *h, const sm_record_t *rec, void *opaque)
{
    sm_tc_t *tc = opaque;
    if (h->Attributes & SM_ATTR_CONTROL) return;
    sm_str_t id;
    if (rec->KeyLength <= 0 || sm_txn_key_decode(rec->Key, (size_t)rec->KeyLength, &id)) return;
    if (rec->ValueLength < 0) { /* tombstone: the id expired */
        txn_t *t = sm_map_remove(&tc->txns, id.ptr ? id.ptr : "", id.len > 0 ? (size_t)id.len : 0);
        if (t) txn_free(t);
        return;
    }
    sm_arena_t a;
    sm_arena_init(&a);
    sm_txn_value_t v;
    if (sm_txn_value_decode(rec->Value, (size_t)rec->ValueLength, &a, &v)) {
        sm_warn("transaction coordinator: skipping a malformed state of %.*s", id.len, id.ptr);
        sm_arena_free(&a);
        return;
    }
    txn_t *t = create_txn(tc, id);
    if (t) {
        t->producer_id = v.producer_id;
        t->epoch = v.producer_epoch;
        t->timeout_ms = v.timeout_ms;
        t->state = v.status;
        t->start_ms = v.start_ms;
        t->last_update_ms = v.last_update_ms;
        clear_parts(t);
        for (int32_t i = 0; i < v.partition_count; i++) add_part(t, v.partitions[i].topic, v.partitions[i].partition);
    }
    sm_arena_free(&a);
}

/* ---- completing transactions ---- */

/* Writes the markers of a prepared transaction and records its completion. */
static int16_t finish(sm_tc_t *tc, txn_t *t)
{
    bool commit = t->state == SM_TXN_PREPARE_COMMIT;
    for (int32_t i = 0; i < t->nparts; i++) {
        int16_t err = tc->cfg.write_marker(tc->cfg.ctx, sm_str(t->parts[i].topic), t->parts[i].partition,
                                           t->producer_id, t->epoch, commit, COORDINATOR_EPOCH);
        if (err && err != SM_ERR_UNKNOWN_TOPIC_OR_PARTITION) {
            /* stays prepared: sm_tc_expire tries again, as Kafka retries markers */
            sm_error("transaction coordinator: marker for %.*s on %s-%d failed (%d)", (int)t->id_len, t->id,
                     t->parts[i].topic, t->parts[i].partition, err);
            return 0;
        }
    }
    t->state = commit ? SM_TXN_COMPLETE_COMMIT : SM_TXN_COMPLETE_ABORT;
    clear_parts(t);
    return persist(tc, t);
}

/* Ongoing -> PrepareCommit/PrepareAbort (persisted) -> markers -> Complete*. */
static int16_t end_ongoing(sm_tc_t *tc, txn_t *t, bool commit)
{
    t->state = commit ? SM_TXN_PREPARE_COMMIT : SM_TXN_PREPARE_ABORT;
    int16_t err = persist(tc, t);
    if (err) return err;
    return finish(tc, t);
}

/* Moves the producer to a new epoch (a new producer id when the epoch would
 * overflow): markers written after this fence the old epoch everywhere. */
static int16_t bump_epoch(sm_tc_t *tc, txn_t *t)
{
    if (t->epoch >= INT16_MAX - 1) {
        int64_t id = sm_pid_manager_next(tc->cfg.pids);
        if (id < 0) return SM_ERR_COORDINATOR_NOT_AVAILABLE;
        t->producer_id = id;
        t->epoch = 0;
    } else {
        t->epoch++;
    }
    return 0;
}

/* Aborts an ongoing transaction with the epoch bumped (timeout, or a new
 * InitProducerId for its id): the old producer is fenced. */
static int16_t fence_and_abort(sm_tc_t *tc, txn_t *t)
{
    int16_t err = bump_epoch(tc, t);
    if (err) return err;
    return end_ongoing(tc, t, false);
}

sm_tc_t *sm_tc_start(const sm_tc_config_t *cfg, sm_log_t **logs)
{
    sm_tc_t *tc = calloc(1, sizeof(*tc));
    if (!tc) return NULL;
    tc->cfg = *cfg;
    tc->logs = calloc((size_t)cfg->partitions, sizeof(*tc->logs));
    if (!tc->logs) {
        free(tc);
        return NULL;
    }
    memcpy(tc->logs, logs, sizeof(*logs) * (size_t)cfg->partitions);
    pthread_mutex_init(&tc->mu, NULL);
    sm_map_init(&tc->txns);
    int64_t t0 = sm_mono_ms();
    pthread_mutex_lock(&tc->mu);
    for (int32_t p = 0; p < cfg->partitions; p++) {
        int rc = sm_log_scan_records(tc->logs[p], load_record, tc);
        if (rc) sm_error("transaction coordinator: reading __transaction_state-%d stopped early (%d)", p, rc);
    }
    /* a crash between Prepare* and Complete*: finish now */
    int pending = 0;
    sm_map_iter_t it;
    sm_map_iter_init(&it, &tc->txns);
    for (sm_map_entry_t *e; (e = sm_map_iter_next(&it));) {
        txn_t *t = e->value;
        if (t->state == SM_TXN_PREPARE_COMMIT || t->state == SM_TXN_PREPARE_ABORT) {
            finish(tc, t);
            pending++;
        }
    }
    size_t n = tc->txns.count;
    pthread_mutex_unlock(&tc->mu);
    if (n)
        sm_info("transaction coordinator: loaded %zu transactional ids in %lld ms (%d prepared transactions completed)",
                n, (long long)(sm_mono_ms() - t0), pending);
    return tc;
}

void sm_tc_stop(sm_tc_t *tc)
{
    if (!tc) return;
    sm_map_free(&tc->txns, txn_free);
    pthread_mutex_destroy(&tc->mu);
    free(tc->logs);
    free(tc);
}

/* PRODUCER_FENCED, or INVALID_PRODUCER_EPOCH for versions before `since`
 * (Kafka 2.7 renamed the error for fenced producers, KIP-588). */
static int16_t fenced(int16_t version, int16_t since)
{
    return version >= since ? SM_ERR_PRODUCER_FENCED : SM_ERR_INVALID_PRODUCER_EPOCH;
}

int16_t sm_tc_init_producer_id(sm_tc_t *tc, sm_str_t transactional_id, int32_t timeout_ms, int64_t producer_id,
                               int16_t producer_epoch, int16_t version, int64_t *pid_out, int16_t *epoch_out)
{
    if (timeout_ms <= 0 || timeout_ms > tc->cfg.max_timeout_ms) return SM_ERR_INVALID_TRANSACTION_TIMEOUT;
    pthread_mutex_lock(&tc->mu);
    int16_t err = 0;
    txn_t *t = find_txn(tc, transactional_id);
    if (!t) {
        int64_t id = sm_pid_manager_next(tc->cfg.pids);
        t = id >= 0 ? create_txn(tc, transactional_id) : NULL;
        if (!t) {
            err = SM_ERR_COORDINATOR_NOT_AVAILABLE;
            goto out;
        }
        t->producer_id = id;
        t->epoch = 0;
        t->timeout_ms = timeout_ms;
        t->state = SM_TXN_EMPTY;
        err = persist(tc, t);
        goto out;
    }
    /* KIP-360: a producer resuming gives its id and epoch; they must be current */
    if (producer_id >= 0 && (producer_id != t->producer_id || producer_epoch != t->epoch)) {
        err = fenced(version, 4);
        goto out;
    }
    if (t->state == SM_TXN_PREPARE_COMMIT || t->state == SM_TXN_PREPARE_ABORT) {
        finish(tc, t);
        if (t->state != SM_TXN_COMPLETE_COMMIT && t->state != SM_TXN_COMPLETE_ABORT) {
            err = SM_ERR_CONCURRENT_TRANSACTIONS;
            goto out;
        }
    }
    if (t->state == SM_TXN_ONGOING) { /* a zombie's transaction: abort it, fencing the zombie */
        err = fence_and_abort(tc, t);
        if (err) goto out;
    }
    err = bump_epoch(tc, t);
    if (err) goto out;
    t->timeout_ms = timeout_ms;
    t->state = SM_TXN_EMPTY;
    clear_parts(t);
    err = persist(tc, t);
out:
    if (!err) {
        *pid_out = t->producer_id;
        *epoch_out = t->epoch;
    }
    pthread_mutex_unlock(&tc->mu);
    return err;
}

/* The checks every call of a producer goes through. */
static int16_t check_producer(const txn_t *t, int64_t producer_id, int16_t producer_epoch, int16_t version,
                              int16_t fenced_since)
{
    if (!t || t->producer_id != producer_id) return SM_ERR_INVALID_PRODUCER_ID_MAPPING;
    if (t->epoch != producer_epoch) return fenced(version, fenced_since);
    if (t->state == SM_TXN_PREPARE_COMMIT || t->state == SM_TXN_PREPARE_ABORT) return SM_ERR_CONCURRENT_TRANSACTIONS;
    return 0;
}

int16_t sm_tc_add_partitions(sm_tc_t *tc, sm_str_t transactional_id, int64_t producer_id, int16_t producer_epoch,
                             int32_t n, const sm_txn_partition_t *parts, bool verify_only, int16_t version,
                             int16_t *errors)
{
    pthread_mutex_lock(&tc->mu);
    txn_t *t = find_txn(tc, transactional_id);
    int16_t err = check_producer(t, producer_id, producer_epoch, version, 2);
    if (err) goto out;
    if (verify_only) {
        for (int32_t i = 0; i < n; i++)
            errors[i] = t->state == SM_TXN_ONGOING && has_part(t, parts[i].topic, parts[i].partition)
                            ? 0 : SM_ERR_INVALID_TXN_STATE;
        goto out;
    }
    bool unknown = false;
    for (int32_t i = 0; i < n; i++) {
        errors[i] = tc->cfg.partition_exists(tc->cfg.ctx, parts[i].topic, parts[i].partition)
                        ? 0 : SM_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        if (errors[i]) unknown = true;
    }
    if (unknown) { /* Kafka adds none of them */
        for (int32_t i = 0; i < n; i++)
            if (!errors[i]) errors[i] = SM_ERR_OPERATION_NOT_ATTEMPTED;
        goto out;
    }
    int added = 0;
    for (int32_t i = 0; i < n; i++)
        if (!has_part(t, parts[i].topic, parts[i].partition)) added++;
    if ((t->state == SM_TXN_ONGOING ? t->nparts : 0) + added > MAX_TXN_PARTITIONS) {
        err = SM_ERR_INVALID_REQUEST;
        goto out;
    }
    if (added == 0 && t->state == SM_TXN_ONGOING) goto out; /* a retry: nothing to record */
    if (t->state != SM_TXN_ONGOING) {
        t->state = SM_TXN_ONGOING;
        t->start_ms = sm_now_ms();
        clear_parts(t);
    }
    for (int32_t i = 0; i < n && !err; i++)
        if (add_part(t, parts[i].topic, parts[i].partition)) err = SM_ERR_COORDINATOR_NOT_AVAILABLE;
    if (!err) err = persist(tc, t);
out:
    if (err)
        for (int32_t i = 0; i < n; i++) errors[i] = err;
    pthread_mutex_unlock(&tc->mu);
    return err;
}

int16_t sm_tc_end_txn(sm_tc_t *tc, sm_str_t transactional_id, int64_t producer_id, int16_t producer_epoch,
                      bool commit, int16_t version)
{
    pthread_mutex_lock(&tc->mu);
    txn_t *t = find_txn(tc, transactional_id);
    int16_t err = check_producer(t, producer_id, producer_epoch, version, 2);
    if (!err) {
        switch (t->state) {
        case SM_TXN_ONGOING: err = end_ongoing(tc, t, commit); break;
        case SM_TXN_COMPLETE_COMMIT: err = commit ? 0 : SM_ERR_INVALID_TXN_STATE; break; /* a retry is fine */
        case SM_TXN_COMPLETE_ABORT: err = commit ? SM_ERR_INVALID_TXN_STATE : 0; break;
        default: err = SM_ERR_INVALID_TXN_STATE; break;
        }
    }
    pthread_mutex_unlock(&tc->mu);
    return err;
}

void sm_tc_expire(sm_tc_t *tc, int64_t now_ms)
{
    pthread_mutex_lock(&tc->mu);
    sm_map_iter_t it;
    sm_map_iter_init(&it, &tc->txns);
    for (sm_map_entry_t *e; (e = sm_map_iter_next(&it));) {
        txn_t *t = e->value;
        bool idle = t->state == SM_TXN_EMPTY || t->state == SM_TXN_COMPLETE_COMMIT || t->state == SM_TXN_COMPLETE_ABORT;
        if (idle && tc->cfg.id_expiration_ms > 0 && now_ms - t->last_update_ms > tc->cfg.id_expiration_ms) {
            /* transactional.id.expiration.ms: the id is forgotten (a tombstone), as in Kafka */
            if (append_record(tc, id_of(t), NULL, 0, now_ms) == 0) {
                sm_info("transaction coordinator: transactional id %.*s expired", (int)t->id_len, t->id);
                txn_free(sm_map_iter_remove(&it));
            }
            continue;
        }
        if (t->state == SM_TXN_PREPARE_COMMIT || t->state == SM_TXN_PREPARE_ABORT) {
            finish(tc, t); /* markers that failed before */
        } else if (t->state == SM_TXN_ONGOING && now_ms - t->start_ms > t->timeout_ms) {
            sm_info("transaction coordinator: aborting %.*s (producer %lld): transaction.timeout.ms %d passed",
                    (int)t->id_len, t->id, (long long)t->producer_id, t->timeout_ms);
            fence_and_abort(tc, t);
        }
    }
    pthread_mutex_unlock(&tc->mu);
}

static void describe_one(const txn_t *t, sm_arena_t *a, sm_tc_txn_desc_t *out)
{
    out->transactional_id = (sm_str_t){sm_arena_strndup(a, t->id, t->id_len), (int32_t)t->id_len};
    out->producer_id = t->producer_id;
    out->producer_epoch = t->epoch;
    out->timeout_ms = t->timeout_ms;
    out->state = t->state;
    out->start_ms = t->state == SM_TXN_ONGOING ? t->start_ms : -1;
    out->partition_count = t->nparts;
    out->partitions = sm_arena_calloc(a, (size_t)t->nparts + 1, sizeof(*out->partitions));
    for (int32_t i = 0; i < t->nparts; i++)
        out->partitions[i] = (sm_txn_partition_t){
            (sm_str_t){sm_arena_strndup(a, t->parts[i].topic, strlen(t->parts[i].topic)), (int32_t)strlen(t->parts[i].topic)},
            t->parts[i].partition};
}

int16_t sm_tc_describe(sm_tc_t *tc, sm_str_t transactional_id, sm_arena_t *a, sm_tc_txn_desc_t *out)
{
    pthread_mutex_lock(&tc->mu);
    txn_t *t = find_txn(tc, transactional_id);
    if (t) describe_one(t, a, out);
    pthread_mutex_unlock(&tc->mu);
    return t ? 0 : SM_ERR_TRANSACTIONAL_ID_NOT_FOUND;
}

int32_t sm_tc_list(sm_tc_t *tc, sm_arena_t *a, sm_tc_txn_desc_t **out)
{
    pthread_mutex_lock(&tc->mu);
    int32_t n = (int32_t)tc->txns.count, k = 0;
    *out = sm_arena_calloc(a, (size_t)n + 1, sizeof(**out));
    sm_map_iter_t it;
    sm_map_iter_init(&it, &tc->txns);
    for (sm_map_entry_t *e; k < n && (e = sm_map_iter_next(&it));) describe_one(e->value, a, &(*out)[k++]);
    pthread_mutex_unlock(&tc->mu);
    return k;
}
