/*
 * The group coordinator's shards, persistence and timers; the state machine
 * is group.c, the record formats group_records.c. See coordinator.h.
 */
#include "coordinator.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "group.h"
#include "group_records.h"
#include "pending_offsets.h"
#include "protocol/compression.h"
#include "protocol/errors.h"
#include "protocol/records.h"
#include "util/clock.h"
#include "util/logging.h"

typedef struct shard {
    pthread_mutex_t mu;
    sm_log_t *log;
    int32_t leader_epoch;
    atomic_bool loaded;
    sm_map_t groups; /* id -> sm_group_t* */
    sm_pending_offsets_t pending; /* transactional offset commits awaiting their marker */
} shard_t;

struct sm_gc {
    sm_gc_config_t cfg;
    sm_group_limits_t lim;
    shard_t *shards;
    atomic_uint_fast64_t next_token;
    pthread_t thread;
    pthread_mutex_t mu; /* guards stop, all_loaded (with cv) */
    pthread_cond_t cv;
    bool stop;
    bool all_loaded;
};

/* A JoinGroup with more protocols or protocol metadata than this is refused
 * with INVALID_REQUEST: Kafka has no such cap, but no client sends more than a
 * handful of protocols, and a member's metadata is kept for its lifetime. */
#define MAX_PROTOCOLS 64
#define MAX_PROTOCOL_BYTES (1 << 20)

int32_t sm_gc_partition_for(int32_t partitions, sm_str_t group_id)
{
    /* String.hashCode: h = 31*h + c over UTF-16 code units */
    int32_t h = 0;
    const uint8_t *p = (const uint8_t *)group_id.ptr;
    int32_t n = group_id.len > 0 ? group_id.len : 0;
    for (int32_t i = 0; i < n;) {
        uint32_t cp;
        uint8_t c = p[i];
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        if (i + len > n) len = 1;
        switch (len) {
        case 2: cp = ((uint32_t)(c & 0x1f) << 6) | (p[i + 1] & 0x3f); break;
        case 3: cp = ((uint32_t)(c & 0x0f) << 12) | ((uint32_t)(p[i + 1] & 0x3f) << 6) | (p[i + 2] & 0x3f); break;
        case 4:
            cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(p[i + 1] & 0x3f) << 12) |
                 ((uint32_t)(p[i + 2] & 0x3f) << 6) | (p[i + 3] & 0x3f);
            break;
        default: cp = c < 0x80 ? c : 0xfffd; break; /* invalid UTF-8: Java decodes U+FFFD */
        }
        i += len;
        if (cp >= 0x10000) { /* a surrogate pair */
            cp -= 0x10000;
            h = (int32_t)(31u * (uint32_t)h + (0xd800 + (cp >> 10)));
            h = (int32_t)(31u * (uint32_t)h + (0xdc00 + (cp & 0x3ff)));
        } else {
            h = (int32_t)(31u * (uint32_t)h + cp);
        }
    }
    /* Kafka's Utils.abs: Integer.MIN_VALUE maps to 0 */
    int32_t a = h == INT32_MIN ? 0 : (h < 0 ? -h : h);
    return partitions > 0 ? a % partitions : 0;
}

int32_t sm_gc_partition_count(const sm_gc_t *gc)
{
    return gc->cfg.partitions;
}

uint64_t sm_gc_new_token(sm_gc_t *gc)
{
    return gc ? atomic_fetch_add(&gc->next_token, 1) : 0;
}

static shard_t *shard_for(sm_gc_t *gc, sm_str_t group_id)
{
    return &gc->shards[sm_gc_partition_for(gc->cfg.partitions, group_id)];
}

static sm_group_t *find_group(shard_t *s, sm_str_t id)
{
    return sm_map_get(&s->groups, id.ptr ? id.ptr : "", id.len > 0 ? (size_t)id.len : 0);
}

static sm_group_t *get_or_create_group(shard_t *s, sm_str_t id)
{
    size_t len = id.len > 0 ? (size_t)id.len : 0;
    int created;
    sm_map_entry_t *e = sm_map_upsert(&s->groups, id.ptr ? id.ptr : "", len, &created);
    if (!e) return NULL;
    if (created) e->value = sm_group_new((const char *)e->key, sm_now_ms());
    return e->value;
}

static void remove_group(shard_t *s, sm_group_t *g)
{
    sm_map_remove(&s->groups, g->id, strlen(g->id));
    sm_group_free(g);
}

/* Locks the group's shard; returns it, or NULL with *err if it is loading or
 * there is no coordinator (NULL: its topic could not be created). */
static shard_t *lock_shard(sm_gc_t *gc, sm_str_t group_id, int16_t *err)
{
    if (!gc) {
        *err = SM_ERR_COORDINATOR_NOT_AVAILABLE;
        return NULL;
    }
    shard_t *s = shard_for(gc, group_id);
    if (!atomic_load(&s->loaded)) {
        *err = SM_ERR_COORDINATOR_LOAD_IN_PROGRESS;
        return NULL;
    }
    pthread_mutex_lock(&s->mu);
    *err = 0;
    return s;
}

static sm_str_t arena_str(sm_arena_t *a, const char *s)
{
    if (!s) return SM_STR_NULL;
    size_t n = strlen(s);
    return (sm_str_t){sm_arena_strndup(a, s, n), (int32_t)n};
}

static sm_bytes_t arena_bytes(sm_arena_t *a, const sm_blob_t *b)
{
    if (!b || b->len <= 0) return (sm_bytes_t){(const uint8_t *)"", 0};
    uint8_t *p = sm_arena_alloc(a, (size_t)b->len);
    memcpy(p, b->data, (size_t)b->len);
    return (sm_bytes_t){p, b->len};
}

static void notify(sm_gc_t *gc)
{
    if (gc->cfg.notify) gc->cfg.notify(gc->cfg.notify_ctx);
}

/* ---- writing records ---- */

/* Keys and values of one batch, encoded back to back in one buffer. */
typedef struct recs {
    int64_t producer_id; /* >= 0: a transactional batch of this producer (TxnOffsetCommit) */
    int16_t producer_epoch;
    sm_wr_t w;
    int n, cap;
    size_t *koff, *klen, *voff;
    ssize_t *vlen; /* -1: tombstone */
} recs_t;

static void recs_init(recs_t *r)
{
    memset(r, 0, sizeof(*r));
    r->producer_id = -1;
    sm_wr_init(&r->w, false);
}

static void recs_free(recs_t *r)
{
    sm_wr_free(&r->w);
    free(r->koff);
    free(r->klen);
    free(r->voff);
    free(r->vlen);
}

static void recs_grow(recs_t *r)
{
    if (r->n < r->cap) return;
    r->cap = r->cap ? r->cap * 2 : 8;
    r->koff = realloc(r->koff, (size_t)r->cap * sizeof(size_t));
    r->klen = realloc(r->klen, (size_t)r->cap * sizeof(size_t));
    r->voff = realloc(r->voff, (size_t)r->cap * sizeof(size_t));
    r->vlen = realloc(r->vlen, (size_t)r->cap * sizeof(ssize_t));
    if (!r->koff || !r->klen || !r->voff || !r->vlen) abort();
}

static void recs_begin_key(recs_t *r)
{
    recs_grow(r);
    r->koff[r->n] = r->w.buf.len;
}

static void recs_begin_value(recs_t *r)
{
    r->klen[r->n] = r->w.buf.len - r->koff[r->n];
    r->voff[r->n] = r->w.buf.len;
}

static void recs_end(recs_t *r, bool tombstone)
{
    r->vlen[r->n] = tombstone ? -1 : (ssize_t)(r->w.buf.len - r->voff[r->n]);
    r->n++;
}

static void rec_offset(recs_t *r, const char *group, sm_str_t topic, int32_t partition, const sm_gr_offset_t *v)
{
    recs_begin_key(r);
    sm_gr_key_offset_encode(&r->w, sm_str(group), topic, partition);
    recs_begin_value(r);
    if (v) sm_gr_offset_encode(&r->w, v);
    recs_end(r, v == NULL);
}

/* The offset records of a commit; an offset whose metadata is too long gets
 * OFFSET_METADATA_TOO_LARGE instead (entries already in error are skipped). */
static void recs_offsets(sm_gc_t *gc, recs_t *r, const char *group, int32_t count, sm_gc_offset_t *offsets,
                         int64_t now, int64_t expire)
{
    for (int32_t i = 0; i < count; i++) {
        sm_gc_offset_t *o = &offsets[i];
        if (o->error) continue;
        if (o->metadata.len > gc->cfg.offset_metadata_max_bytes) {
            o->error = SM_ERR_OFFSET_METADATA_TOO_LARGE;
            continue;
        }
        sm_gr_offset_t v = {.offset = o->offset, .leader_epoch = o->leader_epoch,
                            .metadata = o->metadata.len >= 0 ? o->metadata : SM_STR_EMPTY,
                            .commit_timestamp = now, .expire_timestamp = expire};
        rec_offset(r, group, o->topic, o->partition, &v);
    }
}

static void rec_group(recs_t *r, const sm_group_t *g, bool tombstone)
{
    recs_begin_key(r);
    sm_gr_key_group_encode(&r->w, sm_str(g->id));
    recs_begin_value(r);
    if (!tombstone) {
        sm_gr_member_t *ms = calloc((size_t)g->member_count + 1, sizeof(*ms));
        if (!ms) abort();
        for (int32_t i = 0; i < g->member_count; i++) {
            const sm_member_t *m = g->members[i];
            ms[i].member_id = sm_str(m->member_id);
            ms[i].group_instance_id = sm_str(m->instance_id);
            ms[i].client_id = sm_str(m->client_id);
            ms[i].client_host = sm_str(m->client_host);
            ms[i].rebalance_timeout = m->rebalance_timeout_ms;
            ms[i].session_timeout = m->session_timeout_ms;
            ms[i].subscription = (sm_bytes_t){NULL, 0};
            for (int32_t k = 0; k < m->protocol_count; k++)
                if (g->protocol && strcmp(m->protocols[k].name, g->protocol) == 0)
                    ms[i].subscription = (sm_bytes_t){m->protocols[k].metadata.data, m->protocols[k].metadata.len};
            ms[i].assignment = (sm_bytes_t){m->assignment.data, m->assignment.len};
        }
        sm_gr_group_t v = {.protocol_type = g->protocol_type ? sm_str(g->protocol_type) : SM_STR_EMPTY,
                           .generation = g->generation,
                           .protocol = sm_str(g->protocol),
                           .leader = sm_str(g->leader_id),
                           .current_state_timestamp = g->state_timestamp,
                           .member_count = g->member_count,
                           .members = ms};
        sm_gr_group_encode(&r->w, &v);
        free(ms);
    }
    recs_end(r, tombstone);
}

/* Appends the records as one batch to the shard's log. Returns a Kafka error:
 * what Kafka's coordinator answers when its append fails. */
static int16_t recs_append(sm_gc_t *gc, shard_t *s, recs_t *r)
{
    if (r->n == 0) return 0;
    const void **keys = calloc((size_t)r->n, sizeof(void *));
    const void **vals = calloc((size_t)r->n, sizeof(void *));
    size_t *vl = calloc((size_t)r->n, sizeof(size_t));
    if (!keys || !vals || !vl) abort();
    for (int i = 0; i < r->n; i++) {
        keys[i] = r->w.buf.data + r->koff[i];
        vals[i] = r->vlen[i] < 0 ? NULL : r->w.buf.data + r->voff[i];
        vl[i] = r->vlen[i] < 0 ? 0 : (size_t)r->vlen[i];
    }
    uint8_t *batch = NULL;
    size_t len = 0;
    int16_t err = 0;
    if (sm_batch_build(keys, r->klen, vals, vl, r->n, sm_now_ms(), &batch, &len)) {
        err = SM_ERR_UNKNOWN_SERVER_ERROR;
    } else if ((int64_t)len > gc->cfg.max_batch_bytes) {
        err = SM_ERR_INVALID_COMMIT_OFFSET_SIZE;
    } else {
        /* a transaction's offsets: its producer, no sequence (a coordinator's write) */
        if (r->producer_id >= 0) sm_batch_set_producer(batch, len, r->producer_id, r->producer_epoch, -1, true);
        sm_append_result_t res;
        int rc = sm_log_append(s->log, batch, len, s->leader_epoch, &res);
        if (rc < 0) {
            sm_error("group coordinator: appending to __consumer_offsets failed: %s", strerror(-rc));
            err = SM_ERR_COORDINATOR_NOT_AVAILABLE;
        } else if (rc > 0) { /* a transactional commit of a fenced producer */
            err = rc == SM_ERR_INVALID_PRODUCER_EPOCH ? SM_ERR_PRODUCER_FENCED : (int16_t)rc;
        }
    }
    free(batch);
    free(keys);
    free(vals);
    free(vl);
    if (!err) notify(gc);
    return err;
}

/* Writes the group's metadata record if a state change asked for it. */
static void persist_if_dirty(sm_gc_t *gc, shard_t *s, sm_group_t *g)
{
    if (!g->metadata_dirty) return;
    g->metadata_dirty = false;
    recs_t r;
    recs_init(&r);
    rec_group(&r, g, false);
    recs_append(gc, s, &r);
    recs_free(&r);
}

/* ---- membership ---- */

static sm_group_t *member_group(shard_t *s, sm_str_t group_id, int16_t *err)
{
    sm_group_t *g = find_group(s, group_id);
    if (!g) *err = SM_ERR_UNKNOWN_MEMBER_ID;
    return g;
}

static void random_uuid_str(char out[37])
{
    uint8_t b[16];
    if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b)) {
        /* no entropy source: time and address still make ids unique enough per process */
        uint64_t t = (uint64_t)sm_mono_us() ^ (uint64_t)(uintptr_t)out;
        memcpy(b, &t, 8);
        memcpy(b + 8, &t, 8);
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
             b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static void fill_join(sm_group_t *g, sm_member_t *m, int16_t error, sm_arena_t *a, sm_gc_join_result_t *res)
{
    memset(res, 0, sizeof(*res));
    res->error = error;
    res->generation = -1;
    res->protocol_type = SM_STR_NULL;
    res->protocol_name = SM_STR_NULL;
    res->leader = SM_STR_EMPTY;
    res->member_id = m ? arena_str(a, m->member_id) : SM_STR_EMPTY;
    if (error || !m) return;
    res->generation = m->join_generation;
    res->protocol_type = arena_str(a, g->protocol_type);
    res->protocol_name = arena_str(a, g->protocol);
    res->leader = g->leader_id ? arena_str(a, g->leader_id) : SM_STR_EMPTY;
    if (!g->leader_id || strcmp(g->leader_id, m->member_id) != 0) return;
    if (m->replaced_leader_id) {
        res->skip_assignment = true;
        res->previous_leader = arena_str(a, m->replaced_leader_id);
    }
    res->members = sm_arena_calloc(a, (size_t)g->member_count + 1, sizeof(*res->members));
    for (int32_t i = 0; i < g->member_count; i++) {
        const sm_member_t *o = g->members[i];
        if (o->is_new) continue; /* joined after this generation formed */
        sm_gc_join_member_t *jm = &res->members[res->member_count++];
        jm->member_id = arena_str(a, o->member_id);
        jm->instance_id = arena_str(a, o->instance_id);
        jm->metadata = (sm_bytes_t){(const uint8_t *)"", 0};
        for (int32_t k = 0; k < o->protocol_count; k++)
            if (g->protocol && strcmp(o->protocols[k].name, g->protocol) == 0)
                jm->metadata = arena_bytes(a, &o->protocols[k].metadata);
    }
}

static bool protocols_too_big(const sm_gc_join_t *req)
{
    if (req->protocol_count > MAX_PROTOCOLS) return true;
    int64_t total = 0;
    for (int32_t i = 0; i < req->protocol_count; i++)
        total += (req->protocol_metadata[i].len > 0 ? req->protocol_metadata[i].len : 0) +
                 (req->protocol_names[i].len > 0 ? req->protocol_names[i].len : 0);
    return total > MAX_PROTOCOL_BYTES;
}

int sm_gc_join(sm_gc_t *gc, const sm_gc_join_t *req, uint64_t token, sm_arena_t *a, sm_gc_join_result_t *res)
{
    int16_t err;
    memset(res, 0, sizeof(*res));
    if (req->group_id.len <= 0) {
        fill_join(NULL, NULL, SM_ERR_INVALID_GROUP_ID, a, res);
        res->member_id = req->member_id.len >= 0 ? req->member_id : SM_STR_EMPTY;
        return SM_GC_DONE;
    }
    if (protocols_too_big(req)) {
        fill_join(NULL, NULL, SM_ERR_INVALID_REQUEST, a, res);
        return SM_GC_DONE;
    }
    shard_t *s = lock_shard(gc, req->group_id, &err);
    if (!s) {
        fill_join(NULL, NULL, err, a, res);
        return SM_GC_DONE;
    }
    sm_group_t *g = find_group(s, req->group_id);
    if (!g && req->member_id.len > 0 && req->instance_id.len < 0) {
        pthread_mutex_unlock(&s->mu);
        fill_join(NULL, NULL, SM_ERR_UNKNOWN_MEMBER_ID, a, res);
        res->member_id = req->member_id;
        return SM_GC_DONE;
    }
    bool created = !g;
    if (!g) g = get_or_create_group(s, req->group_id);
    char new_id[32768 + 40];
    char uuid[37];
    random_uuid_str(uuid);
    sm_str_t prefix = req->instance_id.len >= 0 ? req->instance_id : req->client_id;
    snprintf(new_id, sizeof(new_id), "%.*s-%s", prefix.len > 0 ? prefix.len : 0, prefix.ptr ? prefix.ptr : "", uuid);
    sm_join_args_t args = {.member_id = req->member_id, .instance_id = req->instance_id,
                           .protocol_type = req->protocol_type, .client_id = req->client_id,
                           .client_host = req->client_host, .session_timeout_ms = req->session_timeout_ms,
                           .rebalance_timeout_ms = req->rebalance_timeout_ms >= 0 ? req->rebalance_timeout_ms
                                                                                  : req->session_timeout_ms,
                           .protocol_count = req->protocol_count, .protocol_names = req->protocol_names,
                           .protocol_metadata = req->protocol_metadata,
                           .require_known_member_id = req->require_known_member_id, .token = token};
    int64_t mono = sm_mono_ms();
    sm_member_t *m = NULL;
    int rc = sm_group_join(g, &gc->lim, &args, new_id, mono, sm_now_ms(), &err, &m);
    if (rc == SM_JOIN_DONE) {
        fill_join(g, m, err, a, res);
        if (err == SM_ERR_MEMBER_ID_REQUIRED) res->member_id = arena_str(a, new_id);
        else if (err && !m) res->member_id = req->member_id.len >= 0 ? req->member_id : SM_STR_EMPTY;
    }
    persist_if_dirty(gc, s, g);
    if (created && g->member_count == 0 && g->pending_count == 0 && g->offsets.count == 0 &&
        g->generation == 0)
        remove_group(s, g); /* a join that failed at once leaves no group behind */
    pthread_mutex_unlock(&s->mu);
    notify(gc); /* others waiting for this rebalance may be done now */
    return rc == SM_JOIN_DONE ? SM_GC_DONE : SM_GC_WAIT;
}

int sm_gc_join_poll(sm_gc_t *gc, sm_str_t group_id, uint64_t token, bool final, sm_arena_t *a,
                    sm_gc_join_result_t *res)
{
    int16_t err;
    shard_t *s = lock_shard(gc, group_id, &err);
    if (!s) {
        fill_join(NULL, NULL, err, a, res);
        return SM_GC_DONE;
    }
    sm_group_t *g = find_group(s, group_id);
    sm_member_t *m = NULL;
    for (int32_t i = 0; g && i < g->member_count; i++)
        if (g->members[i]->join_token == token) m = g->members[i];
    int rc = SM_GC_DONE;
    if (!m) {
        fill_join(NULL, NULL, SM_ERR_UNKNOWN_MEMBER_ID, a, res); /* removed meanwhile */
    } else if (m->join_ready) {
        fill_join(g, m, 0, a, res);
    } else if (final) {
        fill_join(g, m, SM_ERR_REBALANCE_IN_PROGRESS, a, res);
    } else {
        rc = SM_GC_WAIT;
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int sm_gc_sync_group(sm_gc_t *gc, const sm_gc_sync_t *req, bool final, sm_arena_t *a, sm_gc_sync_result_t *res)
{
    memset(res, 0, sizeof(*res));
    res->protocol_type = SM_STR_NULL;
    res->protocol_name = SM_STR_NULL;
    res->assignment = (sm_bytes_t){(const uint8_t *)"", 0};
    if (req->group_id.len <= 0) {
        res->error = SM_ERR_INVALID_GROUP_ID;
        return SM_GC_DONE;
    }
    shard_t *s = lock_shard(gc, req->group_id, &res->error);
    if (!s) return SM_GC_DONE;
    sm_group_t *g = member_group(s, req->group_id, &res->error);
    int rc = SM_GC_DONE;
    if (g) {
        sm_sync_assignment_t *as = sm_arena_calloc(a, (size_t)req->assignment_count + 1, sizeof(*as));
        for (int32_t i = 0; i < req->assignment_count; i++) {
            as[i].member_id = req->assignment_members[i];
            as[i].assignment = req->assignments[i];
        }
        sm_member_t *m = NULL;
        rc = sm_group_sync(g, req->member_id, req->instance_id, req->generation, req->protocol_type,
                           req->protocol_name, req->assignment_count, as, sm_mono_ms(), sm_now_ms(),
                           &res->error, &m);
        if (rc == SM_JOIN_WAIT && final) {
            rc = SM_GC_DONE;
            res->error = SM_ERR_REBALANCE_IN_PROGRESS;
        }
        if (rc == SM_GC_DONE && !res->error && m) {
            res->assignment = arena_bytes(a, &m->assignment);
            res->protocol_type = arena_str(a, g->protocol_type);
            res->protocol_name = arena_str(a, g->protocol);
        }
        bool stable_now = g->metadata_dirty;
        persist_if_dirty(gc, s, g);
        if (stable_now) {
            pthread_mutex_unlock(&s->mu);
            notify(gc); /* followers waiting for the assignment */
            return rc;
        }
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int16_t sm_gc_heartbeat(sm_gc_t *gc, sm_str_t group_id, sm_str_t member_id, sm_str_t instance_id,
                        int32_t generation)
{
    int16_t err;
    if (group_id.len <= 0) return SM_ERR_INVALID_GROUP_ID;
    shard_t *s = lock_shard(gc, group_id, &err);
    if (!s) return err;
    sm_group_t *g = member_group(s, group_id, &err);
    if (g) err = sm_group_heartbeat(g, member_id, instance_id, generation, sm_mono_ms());
    pthread_mutex_unlock(&s->mu);
    return err;
}

int16_t sm_gc_leave(sm_gc_t *gc, sm_str_t group_id, int32_t count, const sm_str_t *member_ids,
                    const sm_str_t *instance_ids, int16_t *errors)
{
    int16_t err;
    if (group_id.len <= 0) return SM_ERR_INVALID_GROUP_ID;
    shard_t *s = lock_shard(gc, group_id, &err);
    if (!s) return err;
    sm_group_t *g = find_group(s, group_id);
    for (int32_t i = 0; i < count; i++)
        errors[i] = g ? sm_group_leave(g, &gc->lim, member_ids[i], instance_ids ? instance_ids[i] : SM_STR_NULL,
                                       sm_mono_ms(), sm_now_ms())
                      : SM_ERR_UNKNOWN_MEMBER_ID;
    if (g) persist_if_dirty(gc, s, g);
    pthread_mutex_unlock(&s->mu);
    notify(gc);
    return 0;
}

/* ---- offsets ---- */

int16_t sm_gc_commit_offsets(sm_gc_t *gc, const sm_gc_commit_t *req, int32_t count, sm_gc_offset_t *offsets)
{
    int16_t err;
    shard_t *s = lock_shard(gc, req->group_id, &err);
    if (!s) return err;
    sm_group_t *g = find_group(s, req->group_id);
    if (!g) {
        if (req->generation >= 0) /* a member of a group we do not know */
            err = req->unknown_group_error ? req->unknown_group_error : SM_ERR_ILLEGAL_GENERATION;
        else g = get_or_create_group(s, req->group_id);
    }
    if (g && !err) err = sm_group_check_commit(g, req->member_id, req->instance_id, req->generation, sm_mono_ms());
    if (err) {
        pthread_mutex_unlock(&s->mu);
        return err;
    }
    int64_t now = sm_now_ms();
    int64_t expire = req->retention_ms >= 0 ? now + req->retention_ms : -1;
    recs_t r;
    recs_init(&r);
    recs_offsets(gc, &r, g->id, count, offsets, now, expire);
    err = recs_append(gc, s, &r);
    recs_free(&r);
    for (int32_t i = 0; i < count; i++) {
        sm_gc_offset_t *o = &offsets[i];
        if (o->error) continue;
        if (err) o->error = err;
        else if (sm_group_put_offset(g, o->topic, o->partition, o->offset, o->leader_epoch, o->metadata, now, expire))
            o->error = SM_ERR_UNKNOWN_SERVER_ERROR;
    }
    pthread_mutex_unlock(&s->mu);
    return 0;
}

static void apply_committed(const sm_pending_offset_t *o, void *ctx)
{
    shard_t *s = ctx;
    sm_group_t *g = get_or_create_group(s, sm_str(o->group));
    if (g) sm_group_put_offset(g, sm_str(o->topic), o->partition, o->offset, o->leader_epoch, sm_str(o->metadata),
                               o->commit_timestamp, -1);
}

/* A transaction marker in this partition: the producer's pending offsets
 * become committed, or go. */
static void apply_marker(shard_t *s, int64_t producer_id, bool commit)
{
    sm_pending_offsets_complete(&s->pending, producer_id, commit, apply_committed, s);
}

int16_t sm_gc_txn_commit_offsets(sm_gc_t *gc, const sm_gc_commit_t *req, int64_t producer_id, int16_t producer_epoch,
                                 int32_t count, sm_gc_offset_t *offsets)
{
    int16_t err;
    shard_t *s = lock_shard(gc, req->group_id, &err);
    if (!s) return err;
    sm_group_t *g = find_group(s, req->group_id);
    /* Kafka checks the member only when the producer gave one (KIP-447) */
    if (g && req->generation >= 0)
        err = sm_group_check_commit(g, req->member_id, req->instance_id, req->generation, sm_mono_ms());
    else if (!g && req->generation >= 0)
        err = SM_ERR_ILLEGAL_GENERATION;
    if (err) {
        pthread_mutex_unlock(&s->mu);
        return err;
    }
    int64_t now = sm_now_ms();
    char *gid = strndup(req->group_id.ptr ? req->group_id.ptr : "", req->group_id.len > 0 ? (size_t)req->group_id.len : 0);
    if (!gid) abort();
    recs_t r;
    recs_init(&r);
    r.producer_id = producer_id;
    r.producer_epoch = producer_epoch;
    recs_offsets(gc, &r, gid, count, offsets, now, -1);
    free(gid);
    err = recs_append(gc, s, &r);
    recs_free(&r);
    for (int32_t i = 0; i < count; i++) {
        sm_gc_offset_t *o = &offsets[i];
        if (o->error) continue;
        if (err) {
            o->error = err;
            continue;
        }
        sm_gr_offset_t v = {.offset = o->offset, .leader_epoch = o->leader_epoch,
                            .metadata = o->metadata.len >= 0 ? o->metadata : SM_STR_EMPTY,
                            .commit_timestamp = now, .expire_timestamp = -1};
        if (sm_pending_offsets_add(&s->pending, producer_id, req->group_id, o->topic, o->partition, &v))
            o->error = SM_ERR_UNKNOWN_SERVER_ERROR;
    }
    pthread_mutex_unlock(&s->mu);
    return 0;
}

void sm_gc_txn_marker(sm_gc_t *gc, int32_t partition, int64_t producer_id, bool commit)
{
    if (!gc || partition < 0 || partition >= gc->cfg.partitions) return;
    shard_t *s = &gc->shards[partition];
    pthread_mutex_lock(&s->mu); /* a shard still loading replays the marker itself */
    apply_marker(s, producer_id, commit);
    pthread_mutex_unlock(&s->mu);
}

static void fill_offset(sm_gc_offset_t *o, const sm_committed_t *c, sm_arena_t *a)
{
    o->error = 0;
    if (!c) {
        o->offset = -1;
        o->leader_epoch = -1;
        o->metadata = SM_STR_EMPTY;
        return;
    }
    o->offset = c->offset;
    o->leader_epoch = c->leader_epoch;
    o->metadata = (sm_str_t){sm_arena_strndup(a, c->metadata, (size_t)c->metadata_len), c->metadata_len};
}

int16_t sm_gc_fetch_offsets(sm_gc_t *gc, sm_str_t group_id, int32_t count, sm_gc_offset_t *offsets, bool require_stable,
                            sm_arena_t *a)
{
    int16_t err;
    shard_t *s = lock_shard(gc, group_id, &err);
    if (!s) return err;
    sm_group_t *g = find_group(s, group_id);
    for (int32_t i = 0; i < count; i++) {
        fill_offset(&offsets[i], g ? sm_group_offset(g, offsets[i].topic, offsets[i].partition) : NULL, a);
        if (require_stable && sm_pending_offsets_has(&s->pending, group_id, offsets[i].topic, offsets[i].partition))
            offsets[i].error = SM_ERR_UNSTABLE_OFFSET_COMMIT; /* a transaction holds a newer one */
    }
    pthread_mutex_unlock(&s->mu);
    return 0;
}

static int cmp_offset(const void *x, const void *y)
{
    const sm_gc_offset_t *a = x, *b = y;
    int32_t n = a->topic.len < b->topic.len ? a->topic.len : b->topic.len;
    int c = memcmp(a->topic.ptr, b->topic.ptr, (size_t)n);
    if (c) return c;
    if (a->topic.len != b->topic.len) return a->topic.len < b->topic.len ? -1 : 1;
    return (a->partition > b->partition) - (a->partition < b->partition);
}

int16_t sm_gc_fetch_all_offsets(sm_gc_t *gc, sm_str_t group_id, sm_arena_t *a, int32_t *count,
                                sm_gc_offset_t **offsets)
{
    int16_t err;
    *count = 0;
    *offsets = NULL;
    shard_t *s = lock_shard(gc, group_id, &err);
    if (!s) return err;
    sm_group_t *g = find_group(s, group_id);
    if (g && g->offsets.count) {
        sm_gc_offset_t *out = sm_arena_calloc(a, g->offsets.count, sizeof(*out));
        sm_map_iter_t it;
        sm_map_iter_init(&it, &g->offsets);
        int32_t n = 0;
        for (sm_map_entry_t *e; (e = sm_map_iter_next(&it));) {
            sm_gc_offset_t *o = &out[n++];
            size_t tl = e->key_len - 4;
            o->topic = (sm_str_t){sm_arena_strndup(a, (const char *)e->key, tl), (int32_t)tl};
            o->partition = (int32_t)sm_be32(e->key + tl);
            fill_offset(o, e->value, a);
        }
        qsort(out, (size_t)n, sizeof(*out), cmp_offset);
        *offsets = out;
        *count = n;
    }
    pthread_mutex_unlock(&s->mu);
    return 0;
}

int16_t sm_gc_delete_offsets(sm_gc_t *gc, sm_str_t group_id, int32_t count, sm_gc_offset_t *offsets)
{
    int16_t err;
    shard_t *s = lock_shard(gc, group_id, &err);
    if (!s) return err;
    sm_group_t *g = find_group(s, group_id);
    if (!g || g->state == SM_GROUP_DEAD) err = SM_ERR_GROUP_ID_NOT_FOUND;
    else if (g->state != SM_GROUP_EMPTY && (!g->protocol_type || strcmp(g->protocol_type, "consumer") != 0))
        err = SM_ERR_NON_EMPTY_GROUP;
    if (err) {
        pthread_mutex_unlock(&s->mu);
        return err;
    }
    recs_t r;
    recs_init(&r);
    for (int32_t i = 0; i < count; i++) {
        sm_gc_offset_t *o = &offsets[i];
        if (o->error) continue;
        if (g->state != SM_GROUP_EMPTY && sm_group_subscribed_to(g, o->topic)) {
            o->error = SM_ERR_GROUP_SUBSCRIBED_TO_TOPIC;
            continue;
        }
        if (sm_group_offset(g, o->topic, o->partition)) rec_offset(&r, g->id, o->topic, o->partition, NULL);
    }
    err = recs_append(gc, s, &r);
    recs_free(&r);
    for (int32_t i = 0; i < count; i++) {
        sm_gc_offset_t *o = &offsets[i];
        if (o->error) continue;
        if (err) o->error = err;
        else sm_group_delete_offset(g, o->topic, o->partition);
    }
    pthread_mutex_unlock(&s->mu);
    return 0;
}

void sm_gc_topic_deleted(sm_gc_t *gc, sm_str_t topic)
{
    if (!gc) return;
    for (int32_t p = 0; p < gc->cfg.partitions; p++) {
        shard_t *s = &gc->shards[p];
        pthread_mutex_lock(&s->mu);
        sm_map_iter_t git;
        sm_map_iter_init(&git, &s->groups);
        for (sm_map_entry_t *ge; (ge = sm_map_iter_next(&git));) {
            sm_group_t *g = ge->value;
            recs_t r;
            recs_init(&r);
            sm_map_iter_t it;
            sm_map_iter_init(&it, &g->offsets);
            for (sm_map_entry_t *e; (e = sm_map_iter_next(&it));)
                if (e->key_len - 4 == (size_t)topic.len && memcmp(e->key, topic.ptr, (size_t)topic.len) == 0)
                    rec_offset(&r, g->id, topic, (int32_t)sm_be32(e->key + e->key_len - 4), NULL);
            if (r.n && recs_append(gc, s, &r) == 0) {
                sm_map_iter_init(&it, &g->offsets);
                for (sm_map_entry_t *e; (e = sm_map_iter_next(&it));)
                    if (e->key_len - 4 == (size_t)topic.len && memcmp(e->key, topic.ptr, (size_t)topic.len) == 0)
                        free(sm_map_iter_remove(&it));
            }
            recs_free(&r);
        }
        pthread_mutex_unlock(&s->mu);
    }
}

/* ---- admin ---- */

void sm_gc_describe(sm_gc_t *gc, sm_str_t group_id, sm_arena_t *a, sm_gc_group_desc_t *out)
{
    memset(out, 0, sizeof(*out));
    out->state = sm_str("Dead");
    out->protocol_type = SM_STR_EMPTY;
    out->protocol = SM_STR_EMPTY;
    shard_t *s = lock_shard(gc, group_id, &out->error);
    if (!s) return;
    sm_group_t *g = find_group(s, group_id);
    if (g) {
        out->state = sm_str(sm_group_state_name(g->state));
        out->protocol_type = g->protocol_type ? arena_str(a, g->protocol_type) : SM_STR_EMPTY;
        /* Kafka's summary: protocol and member metadata only once the group is Stable */
        bool stable = g->state == SM_GROUP_STABLE;
        out->protocol = stable && g->protocol ? arena_str(a, g->protocol) : SM_STR_EMPTY;
        out->members = sm_arena_calloc(a, (size_t)g->member_count + 1, sizeof(*out->members));
        out->member_count = g->member_count;
        for (int32_t i = 0; i < g->member_count; i++) {
            const sm_member_t *m = g->members[i];
            sm_gc_member_desc_t *d = &out->members[i];
            d->member_id = arena_str(a, m->member_id);
            d->instance_id = arena_str(a, m->instance_id);
            d->client_id = arena_str(a, m->client_id);
            d->client_host = arena_str(a, m->client_host);
            d->metadata = (sm_bytes_t){(const uint8_t *)"", 0};
            d->assignment = (sm_bytes_t){(const uint8_t *)"", 0};
            if (!stable) continue;
            for (int32_t k = 0; k < m->protocol_count; k++)
                if (g->protocol && strcmp(m->protocols[k].name, g->protocol) == 0)
                    d->metadata = arena_bytes(a, &m->protocols[k].metadata);
            d->assignment = arena_bytes(a, &m->assignment);
        }
    }
    pthread_mutex_unlock(&s->mu);
}

int16_t sm_gc_list(sm_gc_t *gc, sm_arena_t *a, int32_t *count, sm_gc_listing_t **out)
{
    int16_t err = 0;
    size_t total = 0;
    for (int32_t p = 0; p < gc->cfg.partitions; p++) {
        shard_t *s = &gc->shards[p];
        if (!atomic_load(&s->loaded)) continue;
        pthread_mutex_lock(&s->mu);
        total += s->groups.count;
        pthread_mutex_unlock(&s->mu);
    }
    /* groups may be created between the two passes: cap at what was counted plus slack */
    size_t cap = total + 64;
    sm_gc_listing_t *ls = sm_arena_calloc(a, cap, sizeof(*ls));
    size_t n = 0;
    for (int32_t p = 0; p < gc->cfg.partitions; p++) {
        shard_t *s = &gc->shards[p];
        if (!atomic_load(&s->loaded)) {
            err = SM_ERR_COORDINATOR_LOAD_IN_PROGRESS;
            continue;
        }
        pthread_mutex_lock(&s->mu);
        sm_map_iter_t it;
        sm_map_iter_init(&it, &s->groups);
        for (sm_map_entry_t *e; n < cap && (e = sm_map_iter_next(&it));) {
            sm_group_t *g = e->value;
            ls[n].group_id = arena_str(a, g->id);
            ls[n].protocol_type = g->protocol_type ? arena_str(a, g->protocol_type) : SM_STR_EMPTY;
            ls[n].state = sm_str(sm_group_state_name(g->state));
            n++;
        }
        pthread_mutex_unlock(&s->mu);
    }
    *count = (int32_t)n;
    *out = ls;
    return err;
}

/* Tombstones for a group's offsets and metadata; the group is then gone. */
static int16_t delete_group_locked(sm_gc_t *gc, shard_t *s, sm_group_t *g)
{
    recs_t r;
    recs_init(&r);
    sm_map_iter_t it;
    sm_map_iter_init(&it, &g->offsets);
    for (sm_map_entry_t *e; (e = sm_map_iter_next(&it));) {
        size_t tl = e->key_len - 4;
        rec_offset(&r, g->id, (sm_str_t){(const char *)e->key, (int32_t)tl}, (int32_t)sm_be32(e->key + tl), NULL);
    }
    rec_group(&r, g, true);
    int16_t err = recs_append(gc, s, &r);
    recs_free(&r);
    if (!err) {
        g->state = SM_GROUP_DEAD;
        remove_group(s, g);
    }
    return err;
}

int16_t sm_gc_delete_group(sm_gc_t *gc, sm_str_t group_id)
{
    int16_t err;
    shard_t *s = lock_shard(gc, group_id, &err);
    if (!s) return err;
    sm_group_t *g = find_group(s, group_id);
    if (!g || g->state == SM_GROUP_DEAD) err = SM_ERR_GROUP_ID_NOT_FOUND;
    else if (g->state != SM_GROUP_EMPTY) err = SM_ERR_NON_EMPTY_GROUP;
    else err = delete_group_locked(gc, s, g);
    pthread_mutex_unlock(&s->mu);
    return err;
}

size_t sm_gc_group_count(sm_gc_t *gc)
{
    size_t n = 0;
    for (int32_t p = 0; p < gc->cfg.partitions; p++) {
        pthread_mutex_lock(&gc->shards[p].mu);
        n += gc->shards[p].groups.count;
        pthread_mutex_unlock(&gc->shards[p].mu);
    }
    return n;
}

/* ---- offsets expiry (Kafka's cleanupGroupMetadata) ---- */

/* Kafka's rule (KIP-211): an explicit expire timestamp decides; otherwise
 * retention counts from when a managed group became Empty, or from the
 * commit for standalone groups and unsubscribed topics of a stable group. */
static bool offset_expired(const sm_gc_t *gc, const sm_group_t *g, const sm_map_entry_t *e,
                           bool consumer_stable, int64_t now)
{
    const sm_committed_t *c = e->value;
    size_t tl = e->key_len - 4;
    if (consumer_stable && sm_group_subscribed_to(g, (sm_str_t){(const char *)e->key, (int32_t)tl})) return false;
    bool managed = g->protocol_type && g->protocol_type[0];
    int64_t base = managed && g->state == SM_GROUP_EMPTY && g->state_timestamp >= 0 ? g->state_timestamp
                                                                                   : c->commit_timestamp;
    return c->expire_timestamp >= 0 ? now >= c->expire_timestamp : base + gc->cfg.offsets_retention_ms <= now;
}

static void expire_group(sm_gc_t *gc, shard_t *s, sm_group_t *g, int64_t now)
{
    bool managed = g->protocol_type && g->protocol_type[0];
    bool consumer_stable = managed && g->state == SM_GROUP_STABLE && strcmp(g->protocol_type, "consumer") == 0;
    /* a group with members keeps its offsets, except a consumer group's
     * offsets of topics nobody subscribes to any more */
    if (managed && g->state != SM_GROUP_EMPTY && !consumer_stable) return;
    recs_t r;
    recs_init(&r);
    sm_map_iter_t it;
    sm_map_iter_init(&it, &g->offsets);
    for (sm_map_entry_t *e; (e = sm_map_iter_next(&it));) {
        size_t tl = e->key_len - 4;
        if (offset_expired(gc, g, e, consumer_stable, now))
            rec_offset(&r, g->id, (sm_str_t){(const char *)e->key, (int32_t)tl}, (int32_t)sm_be32(e->key + tl), NULL);
    }
    if (r.n && recs_append(gc, s, &r) == 0) {
        sm_map_iter_init(&it, &g->offsets);
        for (sm_map_entry_t *e; (e = sm_map_iter_next(&it));)
            if (offset_expired(gc, g, e, consumer_stable, now)) free(sm_map_iter_remove(&it));
        sm_info("group coordinator: expired %d offsets of group %s", r.n, g->id);
    }
    recs_free(&r);
    /* a member that was just given its id (KIP-394, MEMBER_ID_REQUIRED) is
     * joining: the group is not abandoned (removing it answered the member's
     * second JoinGroup with UNKNOWN_MEMBER_ID when the check fell between) */
    if (g->state == SM_GROUP_EMPTY && g->offsets.count == 0 && g->pending_count == 0) {
        sm_info("group coordinator: group %s is empty and has no offsets left; removing it", g->id);
        delete_group_locked(gc, s, g);
    }
}

void sm_gc_expire_offsets(sm_gc_t *gc)
{
    int64_t now = sm_now_ms();
    for (int32_t p = 0; p < gc->cfg.partitions; p++) {
        shard_t *s = &gc->shards[p];
        if (!atomic_load(&s->loaded)) continue;
        pthread_mutex_lock(&s->mu);
        /* collect first: expiry may remove groups from the map */
        size_t n = s->groups.count, k = 0;
        sm_group_t **gs = calloc(n + 1, sizeof(*gs));
        if (!gs) abort();
        sm_map_iter_t it;
        sm_map_iter_init(&it, &s->groups);
        for (sm_map_entry_t *e; k < n && (e = sm_map_iter_next(&it));)
            gs[k++] = e->value;
        for (size_t i = 0; i < k; i++)
            expire_group(gc, s, gs[i], now);
        free(gs);
        pthread_mutex_unlock(&s->mu);
    }
}

/* ---- loading ---- */

static void apply_record(shard_t *s, const sm_record_t *rec, sm_arena_t *a, int64_t mono)
{
    if (rec->KeyLength <= 0) return;
    sm_gr_key_t k;
    int rc = sm_gr_key_decode(rec->Key, (size_t)rec->KeyLength, &k);
    if (rc) {
        if (rc < 0) sm_warn("group coordinator: skipping a malformed record key in __consumer_offsets");
        return;
    }
    if (k.kind == SM_GR_KEY_OFFSET) {
        if (rec->ValueLength < 0) {
            sm_group_t *g = find_group(s, k.group);
            if (g) sm_group_delete_offset(g, k.topic, k.partition);
            return;
        }
        sm_gr_offset_t v;
        if (sm_gr_offset_decode(rec->Value, (size_t)rec->ValueLength, &v)) {
            sm_warn("group coordinator: skipping a malformed offset commit value of group %.*s", k.group.len, k.group.ptr);
            return;
        }
        sm_group_t *g = get_or_create_group(s, k.group);
        if (g) sm_group_put_offset(g, k.topic, k.partition, v.offset, v.leader_epoch, v.metadata,
                                   v.commit_timestamp, v.expire_timestamp);
        return;
    }
    if (rec->ValueLength < 0) {
        sm_group_t *g = find_group(s, k.group);
        if (g) remove_group(s, g);
        return;
    }
    sm_gr_group_t v;
    if (sm_gr_group_decode(rec->Value, (size_t)rec->ValueLength, a, &v)) {
        sm_warn("group coordinator: skipping a malformed group metadata value of group %.*s", k.group.len, k.group.ptr);
        return;
    }
    sm_group_t *g = get_or_create_group(s, k.group);
    if (g) sm_group_restore(g, &v, mono);
}

typedef struct load_ctx {
    shard_t *s;
    sm_arena_t arena;
    int64_t mono;
} load_ctx_t;

/* An offset commit inside a transaction: held until its marker. */
static void apply_txn_record(shard_t *s, int64_t producer_id, const sm_record_t *rec)
{
    sm_gr_key_t k;
    if (rec->KeyLength <= 0 || sm_gr_key_decode(rec->Key, (size_t)rec->KeyLength, &k) || k.kind != SM_GR_KEY_OFFSET)
        return;
    sm_gr_offset_t v;
    if (rec->ValueLength < 0 || sm_gr_offset_decode(rec->Value, (size_t)rec->ValueLength, &v)) return;
    sm_pending_offsets_add(&s->pending, producer_id, k.group, k.topic, k.partition, &v);
}

static void load_record(const sm_batch_header_t *h, const sm_record_t *rec, void *opaque)
{
    load_ctx_t *c = opaque;
    if (h->Attributes & SM_ATTR_CONTROL) {
        if (rec->KeyLength >= 4) apply_marker(c->s, h->ProducerId, sm_be16(rec->Key + 2) == 1);
    } else if (h->Attributes & SM_ATTR_TRANSACTIONAL) {
        apply_txn_record(c->s, h->ProducerId, rec);
    } else {
        apply_record(c->s, rec, &c->arena, c->mono);
    }
    sm_arena_reset(&c->arena);
}

static void load_shard(sm_gc_t *gc, int32_t p)
{
    shard_t *s = &gc->shards[p];
    int64_t t0 = sm_mono_ms();
    pthread_mutex_lock(&s->mu);
    if (atomic_load(&s->loaded)) { /* empty at start: serving since then, nothing to replay */
        pthread_mutex_unlock(&s->mu);
        return;
    }
    load_ctx_t c = {s, {0}, sm_mono_ms()};
    sm_arena_init(&c.arena);
    int rc = sm_log_scan_records(s->log, load_record, &c);
    if (rc) sm_error("group coordinator: reading __consumer_offsets-%d stopped early (%d)", p, rc);
    sm_arena_free(&c.arena);
    size_t groups = s->groups.count;
    atomic_store(&s->loaded, true);
    pthread_mutex_unlock(&s->mu);
    if (groups) sm_info("group coordinator: loaded %zu groups from __consumer_offsets-%d in %lld ms", groups, p,
                        (long long)(sm_mono_ms() - t0));
}

/* ---- the timer thread ---- */

#define TICK_MS 50

static void tick_groups(sm_gc_t *gc)
{
    int64_t mono = sm_mono_ms(), wall = sm_now_ms();
    bool changed = false;
    for (int32_t p = 0; p < gc->cfg.partitions; p++) {
        shard_t *s = &gc->shards[p];
        pthread_mutex_lock(&s->mu);
        sm_map_iter_t it;
        sm_map_iter_init(&it, &s->groups);
        for (sm_map_entry_t *e; (e = sm_map_iter_next(&it));) {
            sm_group_t *g = e->value;
            if (g->member_count == 0 && g->pending_count == 0 && g->state == SM_GROUP_EMPTY) continue;
            if (sm_group_tick(g, &gc->lim, mono, wall)) changed = true;
            persist_if_dirty(gc, s, g);
        }
        pthread_mutex_unlock(&s->mu);
    }
    if (changed) notify(gc);
}

static void *gc_main(void *arg)
{
    sm_gc_t *gc = arg;
    for (int32_t p = 0; p < gc->cfg.partitions; p++) {
        pthread_mutex_lock(&gc->mu);
        bool stop = gc->stop;
        pthread_mutex_unlock(&gc->mu);
        if (stop) break;
        load_shard(gc, p);
    }
    pthread_mutex_lock(&gc->mu);
    gc->all_loaded = true;
    pthread_cond_broadcast(&gc->cv);
    int64_t next_expiry = sm_mono_ms() + gc->cfg.offsets_retention_check_ms;
    while (!gc->stop) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += TICK_MS * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&gc->cv, &gc->mu, &ts);
        if (gc->stop) break;
        pthread_mutex_unlock(&gc->mu);
        tick_groups(gc);
        if (sm_mono_ms() >= next_expiry) {
            sm_gc_expire_offsets(gc);
            next_expiry = sm_mono_ms() + gc->cfg.offsets_retention_check_ms;
        }
        pthread_mutex_lock(&gc->mu);
    }
    pthread_mutex_unlock(&gc->mu);
    return NULL;
}

sm_gc_t *sm_gc_start(const sm_gc_config_t *cfg, sm_log_t **logs, const int32_t *leader_epochs)
{
    sm_gc_t *gc = calloc(1, sizeof(*gc));
    if (!gc) return NULL;
    gc->cfg = *cfg;
    gc->lim = (sm_group_limits_t){.min_session_timeout_ms = cfg->min_session_timeout_ms,
                                  .max_session_timeout_ms = cfg->max_session_timeout_ms,
                                  .max_size = cfg->max_size,
                                  .initial_rebalance_delay_ms = cfg->initial_rebalance_delay_ms,
                                  .new_member_join_timeout_ms = 5 * 60 * 1000};
    gc->shards = calloc((size_t)cfg->partitions, sizeof(*gc->shards));
    if (!gc->shards) {
        free(gc);
        return NULL;
    }
    atomic_init(&gc->next_token, 1);
    for (int32_t p = 0; p < cfg->partitions; p++) {
        pthread_mutex_init(&gc->shards[p].mu, NULL);
        gc->shards[p].log = logs[p];
        gc->shards[p].leader_epoch = leader_epochs ? leader_epochs[p] : 0;
        sm_map_init(&gc->shards[p].groups);
        /* An empty partition (a topic just created) has nothing to load: its
         * groups are served at once instead of after the loading thread. */
        if (sm_log_end_offset(logs[p]) == sm_log_start_offset(logs[p])) atomic_init(&gc->shards[p].loaded, true);
    }
    pthread_mutex_init(&gc->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&gc->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&gc->thread, NULL, gc_main, gc)) {
        sm_error("group coordinator: cannot start its thread");
        free(gc->shards);
        free(gc);
        return NULL;
    }
    return gc;
}

void sm_gc_wait_loaded(sm_gc_t *gc)
{
    pthread_mutex_lock(&gc->mu);
    while (!gc->all_loaded && !gc->stop)
        pthread_cond_wait(&gc->cv, &gc->mu);
    pthread_mutex_unlock(&gc->mu);
}

static void free_group(void *g)
{
    sm_group_free(g);
}

void sm_gc_stop(sm_gc_t *gc)
{
    if (!gc) return;
    pthread_mutex_lock(&gc->mu);
    gc->stop = true;
    pthread_cond_broadcast(&gc->cv);
    pthread_mutex_unlock(&gc->mu);
    pthread_join(gc->thread, NULL);
    for (int32_t p = 0; p < gc->cfg.partitions; p++) {
        sm_map_free(&gc->shards[p].groups, free_group);
        sm_pending_offsets_free(&gc->shards[p].pending);
        pthread_mutex_destroy(&gc->shards[p].mu);
    }
    free(gc->shards);
    pthread_cond_destroy(&gc->cv);
    pthread_mutex_destroy(&gc->mu);
    free(gc);
}
