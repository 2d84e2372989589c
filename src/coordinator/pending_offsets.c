#include "pending_offsets.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Lookup keys: [producer id (8 bytes)] group \0 topic \0 partition (4 bytes).
 * `by_id` (with the producer id) maps to the entry's index + 1; `held`
 * (without) counts the transactions holding an offset of that partition. */
static uint8_t *make_key(size_t *len, const int64_t *producer_id, sm_str_t group, sm_str_t topic, int32_t partition)
{
    size_t gl = group.len > 0 ? (size_t)group.len : 0, tl = topic.len > 0 ? (size_t)topic.len : 0, n = 0;
    uint8_t *buf = malloc((producer_id ? 8 : 0) + gl + tl + 6);
    if (!buf) abort();
    if (producer_id) {
        memcpy(buf, producer_id, 8);
        n = 8;
    }
    memcpy(buf + n, group.ptr, gl);
    n += gl;
    buf[n++] = 0;
    memcpy(buf + n, topic.ptr, tl);
    n += tl;
    buf[n++] = 0;
    memcpy(buf + n, &partition, 4);
    *len = n + 4;
    return buf;
}

static void drop(sm_pending_offset_t *o)
{
    free(o->group);
    free(o->topic);
    free(o->metadata);
}

void sm_pending_offsets_free(sm_pending_offsets_t *p)
{
    for (int i = 0; i < p->n; i++) drop(&p->v[i]);
    free(p->v);
    sm_map_free(&p->by_id, NULL);
    sm_map_free(&p->held, NULL);
    memset(p, 0, sizeof(*p));
}

static void init_maps(sm_pending_offsets_t *p)
{
    if (!p->maps) {
        sm_map_init(&p->by_id);
        sm_map_init(&p->held);
        p->maps = true;
    }
}

int sm_pending_offsets_add(sm_pending_offsets_t *p, int64_t producer_id, sm_str_t group, sm_str_t topic,
                           int32_t partition, const sm_gr_offset_t *v)
{
    init_maps(p);
    sm_pending_offset_t o = {producer_id,
                             strndup(group.ptr ? group.ptr : "", group.len > 0 ? (size_t)group.len : 0),
                             strndup(topic.ptr ? topic.ptr : "", topic.len > 0 ? (size_t)topic.len : 0),
                             strndup(v->metadata.ptr ? v->metadata.ptr : "",
                                     v->metadata.len > 0 ? (size_t)v->metadata.len : 0),
                             partition, v->offset, v->leader_epoch, v->commit_timestamp};
    if (!o.group || !o.topic || !o.metadata) {
        drop(&o);
        return -ENOMEM;
    }
    size_t kl, hl;
    uint8_t *key = make_key(&kl, &producer_id, group, topic, partition);
    intptr_t at = (intptr_t)sm_map_get(&p->by_id, key, kl);
    int rc = 0;
    if (at) { /* the same transaction committed this partition again: the later offset */
        drop(&p->v[at - 1]);
        p->v[at - 1] = o;
        free(key);
        return 0;
    }
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 16;
        sm_pending_offset_t *nv = realloc(p->v, sizeof(*nv) * (size_t)cap);
        if (!nv) {
            drop(&o);
            free(key);
            return -ENOMEM;
        }
        p->v = nv;
        p->cap = cap;
    }
    uint8_t *hkey = make_key(&hl, NULL, group, topic, partition);
    sm_map_entry_t *e = sm_map_upsert(&p->by_id, key, kl, NULL);
    sm_map_entry_t *h = e ? sm_map_upsert(&p->held, hkey, hl, NULL) : NULL;
    if (!e || !h) {
        if (e) sm_map_remove(&p->by_id, key, kl);
        drop(&o);
        rc = -ENOMEM;
    } else {
        p->v[p->n++] = o;
        e->value = (void *)(intptr_t)p->n;
        h->value = (void *)((intptr_t)h->value + 1);
    }
    free(key);
    free(hkey);
    return rc;
}

bool sm_pending_offsets_has(const sm_pending_offsets_t *p, sm_str_t group, sm_str_t topic, int32_t partition)
{
    if (!p->maps || p->n == 0) return false;
    size_t kl;
    uint8_t *key = make_key(&kl, NULL, group, topic, partition);
    bool held = sm_map_get(&p->held, key, kl) != NULL;
    free(key);
    return held;
}

void sm_pending_offsets_complete(sm_pending_offsets_t *p, int64_t producer_id, bool commit, sm_pending_apply_fn apply,
                                 void *ctx)
{
    if (!p->maps) return;
    int k = 0;
    bool removed = false;
    for (int i = 0; i < p->n; i++) {
        if (p->v[i].producer_id != producer_id) {
            p->v[k++] = p->v[i];
            continue;
        }
        if (commit) apply(&p->v[i], ctx);
        drop(&p->v[i]);
        removed = true;
    }
    p->n = k;
    if (!removed) return;
    /* indexes moved: rebuild the lookups (a marker is one per transaction and partition) */
    sm_map_free(&p->by_id, NULL);
    sm_map_free(&p->held, NULL);
    sm_map_init(&p->by_id);
    sm_map_init(&p->held);
    for (int i = 0; i < p->n; i++) {
        const sm_pending_offset_t *o = &p->v[i];
        size_t kl;
        uint8_t *key = make_key(&kl, &o->producer_id, sm_str(o->group), sm_str(o->topic), o->partition);
        sm_map_entry_t *e = sm_map_upsert(&p->by_id, key, kl, NULL);
        if (e) e->value = (void *)(intptr_t)(i + 1);
        free(key);
        key = make_key(&kl, NULL, sm_str(o->group), sm_str(o->topic), o->partition);
        sm_map_entry_t *h = sm_map_upsert(&p->held, key, kl, NULL);
        if (h) h->value = (void *)((intptr_t)h->value + 1);
        free(key);
    }
}
